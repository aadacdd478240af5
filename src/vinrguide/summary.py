"""The export: a Markdown summary of one walk through a guide.

It holds the date and time, the content's version and status (with the draft notice), the guide, the answers, the
outcome, the actions, the contacts and the sources — and nothing else. No personal data: the summary is built only
from the content pack and the facts the user chose among fixed options, never from text the user typed.
No UI imports: the app, and any other surface, call this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from vinrguide.advice import FIRST_ITEMS, SHOW_MORE, OutcomeView, render
from vinrguide.content.pack import ContentPack
from vinrguide.engine import Walk
from vinrguide.hours import STOCKHOLM

PRIVACY_LINE = (
    "Sammanfattningen innehåller inga personuppgifter: bara vägen genom guiden och de råd den ger. "
    "Skriv inte in namn eller personnummer i den."
)


def summary_filename(now: dt.datetime) -> str:
    """A file name without anything about the case: vinrguide-sammanfattning-2026-05-20-1000.md."""
    return f"vinrguide-sammanfattning-{now.astimezone(STOCKHOLM):%Y-%m-%d-%H%M}.md"


def _bullet(text: str) -> str:
    """One list item; a multi-line item is indented so it stays one item."""
    return text.strip().replace("\n", "\n  ")


def _more_mark(index: int) -> list[str]:
    """Before the sixth item: a line saying the rest are folded under "Visa fler" on screen."""
    if index != FIRST_ITEMS:
        return []
    return ["", f"*{SHOW_MORE} – på skärmen visas de här när man väljer {SHOW_MORE}:*", ""]


def summary_markdown(
    pack: ContentPack,
    walk: Walk,
    view: OutcomeView,
    now: dt.datetime,
    ticked: Collection[int] = (),
) -> str:
    """The summary of a walk that has reached its outcome `view`; `ticked` are the indexes of actions marked done."""
    flow = walk.flow
    local = now.astimezone(STOCKHOLM)
    role = walk.role
    lines: list[str] = [f"# Sammanfattning: {flow.title}", ""]
    if view.draft_notice:
        lines += [f"> **{view.draft_notice}**", ""]
    lines += [
        f"- Skapad: {local:%Y-%m-%d %H:%M} (svensk tid)",
        f"- Guide: {flow.title} (`{flow.id}`" + (f", åtgärd {flow.measure}" if flow.measure else "") + ")",
        f"- Innehållets version: {view.version}, status: {view.status}",
    ]
    if view.review_by:
        lines.append(f"- Granskas senast: {view.review_by.isoformat()}")
    if view.owner:
        lines.append(f"- Ägare: {view.owner}")
    if role:
        lines.append(f"- Din verksamhet: {pack.value_label('roll', role)}")
    lines.append("")

    lines += ["## Svar", ""]
    for step in walk.path:
        node = flow.nodes[step.node]
        question = render(pack, getattr(node, "text", ""), role)
        how = " (känt sedan tidigare)" if step.auto else ""
        lines.append(f"- {_bullet(question)}  \n  **{step.label}**{how}")
    lines.append("")

    lines += [f"## Utfall: {view.urgency_words}", "", f"**{view.title}**", ""]
    if view.text:
        lines += [view.text.strip(), ""]
    if view.actions:
        lines += ["## Gör så här", ""]
        for i, action in enumerate(view.actions):
            lines += _more_mark(i)
            lines.append(f"- [{'x' if i in ticked else ' '}] {_bullet(action)}")
        lines.append("")
    if view.dont:
        lines += ["## Gör inte", ""]
        for i, item in enumerate(view.dont):
            lines += _more_mark(i)
            lines.append(f"- {_bullet(item)}")
        lines.append("")
    if view.referrals:
        lines += ["## Kontakter", ""]
        for r in view.referrals:
            phone = f", {r.phone}" if r.phone else ""
            unconfirmed = f" – {r.unconfirmed}" if r.unconfirmed else ""
            lines.append(f"- **{r.name}**{phone} – {r.status_line} (vid export){unconfirmed}")
            if r.after_hours_line:  # right under the number: who to call when this one is closed
                lines.append(f"  {r.after_hours_line}")
            if r.hours_line:
                lines.append(f"  Öppettider: {r.hours_line}")
            if r.web:
                lines.append(f"  Webb: {r.web}")
            if r.note:
                lines.append(f"  {_bullet(r.note)}")
        lines.append("")
    lines += ["## Källor", ""]
    for source in view.routines:
        lines.append(f"- Rutin: {source.title} (`{source.ref}`)")
    for legal in view.legal:
        ref = pack.legal.get(legal.ref)
        title = f" – {ref.title}" if ref and ref.title else ""
        lines.append(f"- Lagrum: {legal.title}{title}" + ("" if legal.verified else " (ej bekräftat)"))
    if not view.routines and not view.legal:
        lines.append("- (inga källor angivna)")
    lines += ["", "---", "", PRIVACY_LINE, ""]
    return "\n".join(lines)
