"""advice.py, the one presentation model: contacts, acute help, folding and ordering, numbers from the directory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vinrguide.advice import (
    FIRST_ITEMS,
    acute_contacts,
    contact,
    question_view,
    resolve_outcome,
)
from vinrguide.content.pack import ContentPack, load_pack
from vinrguide.engine import Walk
from vinrguide.hours import parse_now
from vinrguide.show import outcome_text
from vinrguide.summary import summary_markdown

from .fixtures import copy_fixture_pack

WEEKDAY = parse_now("2026-05-20T10:00")
SATURDAY_NIGHT = parse_now("2026-05-23T21:00")
CHILD = {"akut": "nej", "alder": "barn", "roll": "skola"}


def child_outcome(pack: ContentPack, now: dt.datetime, plain: bool = True):  # type: ignore[no-untyped-def]
    walk = Walk(pack, "enkel", CHILD)
    return walk, resolve_outcome(pack, walk.flow, walk.current, walk.facts, now, plain=plain)


def test_a_closed_primary_contact_carries_its_after_hours_alternative(fixture_pack: ContentPack) -> None:
    _walk, view = child_outcome(fixture_pack, SATURDAY_NIGHT)
    primary = view.primary
    assert primary is not None and primary.unit == "barn-och-unga"
    assert (primary.status, primary.opens) == ("Stängt nu", "öppnar mån 25/5 08:00")
    assert primary.after_hours is not None and primary.after_hours.unit == "socialjouren"
    assert primary.after_hours_line == "Utanför öppettid: Socialjouren, via 112"
    assert primary.note == "Anmälan tas emot här." and primary.web == "https://provkommun.example/anmal"
    assert primary.phone_line == "0123-45 67 89 (Mottagningen) – ej bekräftat"


def test_an_open_contact_has_no_alternative(fixture_pack: ContentPack) -> None:
    _walk, view = child_outcome(fixture_pack, WEEKDAY)
    assert view.primary is not None
    assert (view.primary.status, view.primary.after_hours, view.primary.fallback) == ("Öppet nu", None, None)


def test_words_for_always_open_unknown_and_holiday(fixture_pack: ContentPack) -> None:
    assert contact(fixture_pack, "stodlinjen", SATURDAY_NIGHT).status == "Öppet dygnet runt"
    unconfirmed = contact(fixture_pack, "radgivningen", WEEKDAY)
    assert unconfirmed.status == "Öppettider okända" and unconfirmed.open_now is None
    assert unconfirmed.hours.endswith("– ej bekräftat. Tider enligt webbsidan.")
    assert (
        contact(fixture_pack, "barn-och-unga", parse_now("2026-12-24T10:00")).status == "Stängt nu (Julafton)"
    )
    missing = contact(fixture_pack, "finns-inte", WEEKDAY)
    assert (missing.known, missing.name, missing.phone) == (False, "finns-inte", None)


def test_a_municipal_unit_is_named_after_the_pack_municipality(fixture_pack: ContentPack) -> None:
    assert contact(fixture_pack, "barn-och-unga", WEEKDAY).kind == "Provkommun"
    assert contact(fixture_pack, "stodlinjen", WEEKDAY).kind == "Nationell"


def test_acute_help_is_the_units_marked_acute_help_in_file_order(fixture_pack: ContentPack) -> None:
    assert [c.unit for c in acute_contacts(fixture_pack, WEEKDAY)] == [
        "akut-112",
        "socialjouren",
        "stodlinjen",
    ]


def test_five_actions_and_five_donts_first(fixture_pack: ContentPack) -> None:
    _walk, view = child_outcome(fixture_pack, WEEKDAY)
    assert len(view.first_actions) == FIRST_ITEMS == 5
    assert view.first_actions + view.more_actions == view.actions and len(view.more_actions) == 3
    assert len(view.first_dont) == 5 and view.more_dont == ("Låt inte barnet gå hem med den som misstänks.",)


def test_numbers_in_text_come_from_the_directory(fixture_pack: ContentPack) -> None:
    _walk, view = child_outcome(fixture_pack, WEEKDAY)
    assert view.text == "Anmäl genast till Barn och unga på 0123-45 67 89."
    assert "{tel:" not in view.searchable_text()
    walk = Walk(fixture_pack, "sammanfaller", {"akut": "nej", "alder": "barn"})
    question = question_view(fixture_pack, walk)
    assert question is not None and question.why.endswith("Rådgör på 0123-11 22 33.")
    assert question.options == (("ja", "Ja"), ("nej", "Nej"), ("osaker", "Osäker"))


def test_the_draft_notice_names_the_pack_municipality_everywhere(fixture_pack: ContentPack) -> None:
    walk, view = child_outcome(fixture_pack, WEEKDAY, plain=False)
    assert view.draft_notice == "Utkast – inte fastställd av Provkommun" == view.notice
    exported = summary_markdown(fixture_pack, walk, view, WEEKDAY)
    shown = outcome_text(view)
    assert view.draft_notice in exported and view.draft_notice in shown
    assert "Uppsala" not in exported + shown


def test_an_outcome_is_adopted_only_when_its_flow_and_routines_are(
    fixture_pack: ContentPack, tmp_path: Path
) -> None:
    walk = Walk(fixture_pack, "sammanfaller", {"akut": "ja"})
    view = resolve_outcome(fixture_pack, walk.flow, walk.current, walk.facts, WEEKDAY)
    assert view.status == "utkast" and view.draft_notice  # an adopted flow citing a draft routine
    root = copy_fixture_pack(tmp_path)
    routine = root / "routines" / "provrutin.md"
    text = routine.read_text(encoding="utf-8").replace(
        'status = "utkast"', 'status = "fastställd"\nadopted = 2026-01-15'
    )
    routine.write_text(text, encoding="utf-8")
    pack = load_pack(root)
    adopted = resolve_outcome(pack, pack.flows["sammanfaller"], "ut-akut", {"akut": "ja"}, WEEKDAY)
    assert (adopted.status, adopted.draft_notice, adopted.notice) == (
        "fastställd",
        None,
        "Fastställd av Provkommun",
    )


def test_the_plain_outcome_puts_the_contact_to_call_before_the_actions(fixture_pack: ContentPack) -> None:
    _walk, view = child_outcome(fixture_pack, SATURDAY_NIGHT)
    text = outcome_text(view)
    assert text.index("Ring först:") < text.index("Barn och unga, 0123-45 67 89") < text.index("Gör så här:")
    assert text.index("Utanför öppettid: Socialjouren, via 112") < text.index("Gör så här:")
    assert "1. Ring socialjouren via 112 om det inte kan vänta." in text  # after hours, first


def test_the_export_lists_every_action_and_marks_the_folded_ones(fixture_pack: ContentPack) -> None:
    walk, view = child_outcome(fixture_pack, WEEKDAY, plain=False)
    exported = summary_markdown(fixture_pack, walk, view, WEEKDAY, ticked={0, 6})
    actions = exported.split("## Gör så här", 1)[1].split("## Gör inte", 1)[0]
    assert actions.count("- [") == len(view.actions)
    folded = actions.split("*Visa fler", 1)
    assert folded[0].count("- [") == 5 and folded[1].count("- [") == 3
    assert actions.count("- [x]") == 2


def test_unconfirmed_hours_are_shown_beside_the_unknown_status(fixture_pack: ContentPack) -> None:
    walk = Walk(fixture_pack, "enkel", {"akut": "nej", "alder": "vuxen"})
    view = resolve_outcome(fixture_pack, walk.flow, walk.current, walk.facts, WEEKDAY, plain=True)
    text = outcome_text(view)
    assert "Rådgivningen, 0123-11 22 33 (ej bekräftat) – Öppettider okända" in text
    assert "Öppettider: mån–fre 09:00–16:00 (stängt helgdagar och aftnar) – ej bekräftat." in text


ADULT = {"akut": "nej", "alder": "vuxen", "roll": "skola"}
CHRISTMAS_EVE_MORNING = parse_now("2026-12-24T10:00")


def test_unknown_hours_outside_office_hours_carry_the_after_hours_alternative(
    fixture_pack: ContentPack,
) -> None:
    # Rådgivningen's hours are not confirmed (open_now unknown) and it names Stödlinjen for after hours.
    for night in (SATURDAY_NIGHT, CHRISTMAS_EVE_MORNING):  # a weekend night, and an eve inside mån–fre 08–17
        card = contact(fixture_pack, "radgivningen", night)
        # walk --json's contract: no fallback unless closed
        assert card.open_now is None and card.fallback is None
        assert card.status == "Öppettider okända – utanför kontorstid"
        assert card.after_hours is not None and card.after_hours.unit == "stodlinjen"
        assert card.after_hours_line == "Efter kontorstid: Stödlinjen, 020-12 34 56"
    office = contact(fixture_pack, "radgivningen", WEEKDAY)
    assert (office.status, office.after_hours, office.after_hours_line) == ("Öppettider okända", None, None)
    # what is known of unconfirmed hours is shown beside the status; a status that says it all has no hours line
    assert (
        office.hours_line
        == "mån–fre 09:00–16:00 (stängt helgdagar och aftnar) – ej bekräftat. Tider enligt webbsidan."
    )
    assert (
        contact(fixture_pack, "barn-och-unga", SATURDAY_NIGHT).hours_line is None
    )  # "öppnar mån 25/5 08:00"
    assert contact(fixture_pack, "finns-inte", SATURDAY_NIGHT).hours_line is None


def test_the_contact_to_call_first_after_hours_shows_its_alternative_right_under_it(
    fixture_pack: ContentPack,
) -> None:
    walk = Walk(fixture_pack, "enkel", ADULT)
    view = resolve_outcome(fixture_pack, walk.flow, walk.current, walk.facts, SATURDAY_NIGHT, plain=True)
    assert view.primary is not None and view.primary.unit == "radgivningen"
    lines = outcome_text(view).splitlines()
    first = lines.index("Ring först:")
    assert lines[first + 1].endswith("– Öppettider okända – utanför kontorstid")
    assert lines[first + 2] == "    Efter kontorstid: Stödlinjen, 020-12 34 56"
    exported = summary_markdown(fixture_pack, walk, view, SATURDAY_NIGHT).splitlines()
    card = next(i for i, line in enumerate(exported) if line.startswith("- **Rådgivningen**"))
    assert exported[card + 1] == "  Efter kontorstid: Stödlinjen, 020-12 34 56"


def test_a_child_outcome_on_a_saturday_night_reaches_socialjouren_when_the_hours_are_unknown(
    tmp_path: Path,
) -> None:
    # As in the shipped pack: the children's unit has unconfirmed hours and socialjouren (via 112) after hours.
    root = copy_fixture_pack(tmp_path)
    units = root / "routines" / "units.toml"
    text = units.read_text(encoding="utf-8")
    text = text.replace("hours_verified = true", "hours_verified = false", 1)
    text = text.replace('label = "via 112"', 'label = "Utanför kontorstid nås socialjouren via 112"')
    units.write_text(text, encoding="utf-8")
    pack = load_pack(root)
    _walk, view = child_outcome(pack, SATURDAY_NIGHT)
    primary = view.primary
    assert primary is not None and primary.unit == "barn-och-unga" and primary.open_now is None
    assert primary.after_hours_line == "Efter kontorstid: Socialjouren, via 112"
    text = outcome_text(view)
    assert "Barn och unga, 0123-45 67 89 (ej bekräftat) – Öppettider okända – utanför kontorstid\n" in text
    assert text.index("Efter kontorstid: Socialjouren, via 112") < text.index("Gör så här:")
    _walk, office = child_outcome(pack, WEEKDAY)
    assert office.primary is not None and office.primary.after_hours is None


def test_a_duty_only_legal_reference_is_shown_only_to_roles_with_the_duty(tmp_path: Path) -> None:
    # The fixture pack, with the roles that have the duty marked and OSL 10 kap. 28 § cited on the child outcome.
    root = copy_fixture_pack(tmp_path)
    facts = root / "flows" / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    for role in ("skola", "socialtjanst"):
        text = text.replace(f'{{ value = "{role}", label', f'{{ duty = true, value = "{role}", label')
    facts.write_text(text, encoding="utf-8")
    legal = root / "routines" / "legal.toml"
    legal.write_text(
        legal.read_text(encoding="utf-8")
        + '\n[[legal]]\nid = "osl-10-28"\ncitation = "OSL 10 kap. 28 §"\nduty_only = true\n',
        encoding="utf-8",
    )
    flow = root / "flows" / "enkel.toml"
    flow.write_text(
        flow.read_text(encoding="utf-8").replace(
            'legal = ["sol-anmalan"]', 'legal = ["sol-anmalan", "osl-10-28"]'
        ),
        encoding="utf-8",
    )
    pack = load_pack(root)
    assert pack.facts["roll"].duty_values() == ("skola", "socialtjanst")

    def cited(role: str | None) -> list[str]:
        facts = {"akut": "nej", "alder": "barn", **({"roll": role} if role else {})}
        walk = Walk(pack, "enkel", facts)
        view = resolve_outcome(pack, walk.flow, walk.current, walk.facts, WEEKDAY, plain=True)
        assert view.node == "ut-barn"
        shown = outcome_text(view) + summary_markdown(pack, walk, view, WEEKDAY)
        assert ("OSL 10 kap. 28 §" in shown) == ("osl-10-28" in [s.ref for s in view.legal])
        return [s.ref for s in view.legal]

    assert cited("skola") == ["sol-anmalan", "osl-10-28"]
    assert cited("bostad") == cited("annan") == ["sol-anmalan"]  # secrecy does not give way without the duty
    assert cited(None) == ["sol-anmalan", "osl-10-28"]  # no role chosen: it may be one with the duty


def test_the_number_shown_before_visa_fler_is_defined_once_for_the_check_and_every_surface() -> None:
    # VG501–VG503 judge the first FIRST_ITEMS items; the surfaces fold after advice.FIRST_ITEMS: one definition.
    import ast

    import vinrguide
    from vinrguide.advice import FIRST_ITEMS as SHOWN
    from vinrguide.content.crisis import FIRST_ITEMS as CHECKED

    source = Path(vinrguide.__file__).parent
    defined = []
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign):
                targets = [node.target]
            else:
                continue
            if any(isinstance(t, ast.Name) and t.id == "FIRST_ITEMS" for t in targets):
                defined.append(path.relative_to(source).as_posix())
    assert defined == ["content/crisis.py"] and SHOWN == CHECKED == 5
