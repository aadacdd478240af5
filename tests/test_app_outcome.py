"""The outcome card for a stressed reader (issue 12, items 8–11; issue 10, item 5), on the fixture pack.

Whom to call comes before what to do, and what to do before why; the draft notice is one quiet line; the focus
is on the first action so Space ticks it; ticks survive a changed answer; five actions and five don'ts first.
"""

from __future__ import annotations

from textual.widgets import Button, Static

from vinrguide.tui.screens.conversation import ConversationScreen
from vinrguide.tui.screens.dialogs import HelpScreen
from vinrguide.tui.screens.directory import DirectoryScreen
from vinrguide.tui.widgets.outcome import CheckItem, OutcomeCard
from vinrguide.tui.widgets.thread import AnswerBubble
from vinrguide.tui.widgets.units import UnitCard

from .fixtures import load_fixture_pack
from .test_app_support import (
    NOW,
    SATURDAY_NIGHT,
    make_fixture_app,
    open_fixture_guide,
    press_all,
    run_async,
    screen_text,
    settle,
    wait_for,
)


async def _outcome(pilot: object) -> OutcomeCard:
    await open_fixture_guide(pilot, "enkel", "2", "1")  # type: ignore[arg-type]  # not acute, a child
    await settle(pilot)  # type: ignore[arg-type]
    app = pilot.app  # type: ignore[attr-defined]
    assert isinstance(app.screen, ConversationScreen) and app.screen.walk.current == "ut-barn"
    return app.screen.query_one(OutcomeCard)


@run_async
async def test_the_primary_contact_comes_before_the_actions_and_the_explanation_after_them() -> None:
    app = make_fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        card = await _outcome(pilot)
        order = [
            "urgency-banner" if child.has_class("urgency-banner") else
            "title" if child.has_class("outcome-title") else
            "primary" if child.has_class("primary-contact") else
            "action" if isinstance(child, CheckItem) else
            "explanation" if child.has_class("outcome-text") else
            "draft" if child.has_class("status-line") else ""
            for child in card.children
        ]  # fmt: skip
        order = [o for i, o in enumerate(order) if o and (i == 0 or o != order[i - 1])]
        assert order == ["urgency-banner", "title", "primary", "action", "explanation", "draft"], order
        text = screen_text(app)
        pack = load_fixture_pack()
        number = pack.units["barn-och-unga"].primary_phone
        assert number and number in text, "the number to call is on the first screen at 80×24"
        assert "Ring först:" in text and "Öppet nu" in text
        assert "Anmäl i dag." in text, "the first action is on the first screen at 80×24"


@run_async
async def test_closed_now_the_primary_contact_shows_the_after_hours_alternative() -> None:
    app = make_fixture_app(now=SATURDAY_NIGHT)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        card = await _outcome(pilot)
        primary = card.query_one(".primary-contact", UnitCard)
        shown = str(primary.render())
        assert "Stängt nu" in shown and "Nu i stället:" in shown
        assert load_fixture_pack().units["socialjouren"].name in shown


@run_async
async def test_the_draft_line_is_one_quiet_line_with_the_packs_municipality() -> None:
    app = make_fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        card = await _outcome(pilot)
        line = card.query_one(".status-line", Static)
        assert line.size.height == 1
        assert str(line.render()).startswith(load_fixture_pack().draft_notice)
        assert not line.styles.text_style.bold and line.styles.color.a < 1, "quiet: dim, not bold"
        assert "Uppsala" not in screen_text(app)


@run_async
async def test_focus_lands_on_the_first_action_and_space_ticks_it_and_ticks_survive_a_changed_answer() -> (
    None
):
    app = make_fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        card = await _outcome(pilot)
        first = card.query(CheckItem).first()
        assert app.focused is first
        await press_all(pilot, "space")
        assert first.checked
        talk = app.screen
        assert isinstance(talk, ConversationScreen)
        age = next(b for b in talk.query(AnswerBubble) if b.step.fact == "alder")
        age.focus()
        await press_all(pilot, "2")  # an adult: another outcome
        assert talk.walk.current == "ut-vuxen"
        age = next(b for b in talk.query(AnswerBubble) if b.step.fact == "alder")
        age.focus()
        await press_all(pilot, "1")  # a child again: the same action is shown, still ticked
        await settle(pilot)
        again = talk.query_one(OutcomeCard).query(CheckItem).first()
        assert again.text == first.text and again.checked


@run_async
async def test_five_actions_and_five_donts_first_then_visa_fler() -> None:
    app = make_fixture_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        card = await _outcome(pilot)
        view = card.view
        assert len(view.actions) > 5 and len(view.dont) > 5
        shown = [item for item in card.query(CheckItem) if item.display]
        assert [item.text for item in shown] == list(view.first_actions)
        assert not any(
            d in str(s.render()) for s in card.query(".dont-item") if s.display for d in view.more_dont
        )
        button = card.query_one("#more-actions", Button)
        assert "Visa fler" in str(button.label)
        button.press()
        await settle(pilot)
        assert all(item.display for item in card.query(CheckItem))
        card.query_one("#more-dont", Button).press()
        await settle(pilot)
        assert all(s.display for s in card.query(".dont-item"))


@run_async
async def test_the_directory_names_the_packs_municipality_and_coach_mode_shows_in_the_header() -> None:
    app = make_fixture_app(now=NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_directory()
        await wait_for(pilot, lambda: isinstance(app.screen, DirectoryScreen))
        app.screen.query_one("#unit-filter").value = "barn och unga"  # type: ignore[attr-defined]
        await settle(pilot)
        assert "Provkommun" in screen_text(app) and "Uppsala" not in screen_text(app)
        assert "COACHLÄGE" not in screen_text(app)
        await press_all(pilot, "f4")
        assert "COACHLÄGE" in screen_text(app).splitlines()[0]


@run_async
async def test_help_headings_are_not_underlined_like_links() -> None:
    app = make_fixture_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press_all(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        await settle(pilot)
        headings = list(app.screen.query("MarkdownH1, MarkdownH2, MarkdownH3"))
        assert headings and not any(h.styles.text_style.underline for h in headings)


@run_async
async def test_a_wrapped_guide_description_keeps_its_indent() -> None:
    app = make_fixture_app()
    async with app.run_test(size=(44, 30)) as pilot:
        await settle(pilot)
        description = load_fixture_pack().flows["enkel"].description
        lines = [line for line in screen_text(app).splitlines() if line.startswith(" │")]
        start = next(i for i, line in enumerate(lines) if description.split()[0] in line)
        wrapped = lines[start + 1]
        assert wrapped.startswith(" │    ") and wrapped[6] != " ", lines


def test_the_explanation_is_one_static_when_plain_and_markdown_when_it_has_emphasis_links_or_lists() -> None:
    from vinrguide.tui.widgets.outcome import plain_paragraphs

    shown = plain_paragraphs("Anmäl i dag\ntill Barn och unga.\n\nRing 112 vid fara.")
    assert shown is not None and shown.plain == "Anmäl i dag till Barn och unga.\n\nRing 112 vid fara."
    for text in ("Anmäl **i dag**.", "Se [rutinen](routine:x).", "- ett\n- två", "# Rubrik"):
        assert plain_paragraphs(text) is None, text


@run_async
async def test_the_cards_buttons_are_styled_once_and_look_as_compact_buttons() -> None:
    """Button styled itself again for each class it gave itself (compact, its variant's style), twice before it
    was even mounted: a third of the CSS work of the card. The card's buttons are styled once, as the same
    compact buttons."""
    from collections import Counter

    app = make_fixture_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_fixture_guide(pilot, "enkel", "2")
        await settle(pilot)
        styled: Counter[str] = Counter()
        apply = app.stylesheet.apply

        def counted(node: object, **kwargs: object) -> None:
            if isinstance(node, Button):
                styled[str(node.id)] += 1
            apply(node, **kwargs)  # type: ignore[arg-type]

        app.stylesheet.apply = counted  # type: ignore[method-assign]
        await press_all(pilot, "1")
        await settle(pilot)
        app.stylesheet.apply = apply  # type: ignore[method-assign]
        card = app.screen.query_one(OutcomeCard)
        buttons = list(card.query(Button))
        assert {b.id for b in buttons} >= {"export", "copy", "restart", "more-actions"}
        assert all(styled[str(b.id)] == 1 for b in buttons), styled
        for button in buttons:
            assert button.compact and button.has_class("-textual-compact", "-style-default"), button.classes
