"""The rules the shipped content must keep (issue: content; ../shared/domain/facts.md), checked on every path.

These are the mistakes that would hurt someone: an invented phone number, a child case without "genast",
contacting the family in an honour case, an adult's information shared without consent, a child sent home to the
person it fears, telling the person who uses violence about the report (issue 11).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from vinrguide.advice import OutcomeView, resolve_outcome
from vinrguide.content.models import Action, Flow, OutcomeNode, QuestionNode, as_action, text_for
from vinrguide.content.unitrefs import phone_like, unit_ids
from vinrguide.engine import Walk
from vinrguide.hours import parse_now
from vinrguide.scenarios import run_scenario

from .shipped import ROOT, all_paths, shipped_pack

PACK = shipped_pack()
NOW = parse_now("2026-03-18T10:00")
SATURDAY_NIGHT = parse_now("2026-03-21T21:00")
FLOW_IDS = ("misstanke", "systematiska-fragor", "utlandsresa", "chef-medarbetare")
DESIGN_UNITS = {
    "akut-112", "polisen", "nexus", "socialjouren", "barn-och-unga", "resurscentrum-heder", "nch", "kvinnofridslinjen",
    "bris", "ud", "mvu", "tris", "kvinnojouren", "tjej-och-transjouren", "foretagshalsan", "hr", "krisstod", "valdsombud",
}  # fmt: skip
# Every number facts.md §6 allows (confirmed, or listed with verified = false). Only the directory holds numbers.
ALLOWED_NUMBERS = {
    "112",
    "11414",
    "020505050",
    "116111",
    "0102235760",
    "084055005",
    "0187275247",
    "0187275230",
}
_PHONE = re.compile(
    r"(?<![\d:.\-/])(?:0\d{1,3}[- ]?\d{2,3}[ ]?\d{2}[ ]?\d{2,3}|11[2-6][ ]?\d{0,3}|020[- ]?\d{2}[ ]?\d{2}[ ]?\d{2})(?![\d:])"
)
ROLES_WITH_DUTY = ("skola", "socialtjanst", "vard-omsorg", "fritid", "arbetsmarknad")
ROLES_WITHOUT_DUTY = ("bostad", "annan")


def outcomes_with_facts(
    flow_id: str, role: str | None = None
) -> Iterator[tuple[dict[str, str], OutcomeView]]:
    """Every path of a flow: the facts along it and the outcome it shows (for a role, when given)."""
    flow = PACK.flows[flow_id]
    for path in all_paths(flow):
        facts = {fact: value for _node, fact, value in path[:-1]}
        if role is not None:
            facts.setdefault("roll", role)
        yield facts, resolve_outcome(PACK, flow, path[-1][0], facts, NOW, plain=True)


def all_text(view: OutcomeView) -> str:
    notes = [r.note for r in view.referrals]
    return "\n".join([view.title, view.text, *view.actions, *view.dont, *notes]).casefold()


def test_the_four_guides_and_every_unit_exist() -> None:
    assert set(FLOW_IDS) <= set(PACK.flows)
    assert set(PACK.units) >= DESIGN_UNITS


def _content_files() -> Iterator[tuple[str, str]]:
    for pattern in ("routines/*.md", "routines/*.toml", "flows/*.toml", "scenarios/*.toml"):
        for path in sorted(ROOT.glob(pattern)):
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def test_no_phone_number_that_facts_md_does_not_allow() -> None:
    invented = []
    for rel, text in _content_files():
        if rel != "routines/units.toml":
            continue
        for lineno, line in enumerate(text.splitlines(), 1):
            if re.search(r"\b(SFS|AFS|HSLF|prop|SOU|\d{4}:\d)", line):
                line = re.sub(r"\b\d{4}:\d+", "", line)  # law numbers such as 2025:400 are not phone numbers
            for match in _PHONE.finditer(line):
                digits = re.sub(r"\D", "", match.group())
                if digits not in ALLOWED_NUMBERS and len(digits) >= 5:
                    invented.append(f"{rel}:{lineno}: {match.group()}")
    assert not invented, "numbers not confirmed in facts.md:\n" + "\n".join(invented)


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_the_acute_outcome_says_112_and_what_to_do_after(flow_id: str) -> None:
    flow = PACK.flows[flow_id]
    acute_id = flow.acute_outcome()
    assert acute_id is not None
    view = resolve_outcome(PACK, flow, acute_id, {}, NOW, plain=True)
    assert view.urgency == "akut"
    assert "112" in all_text(view)
    assert len(view.actions) >= 3, "the acute outcome also lists the follow-ups after 112"
    assert "akut-112" in {r.unit for r in view.referrals}


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_child_outcomes_are_urgent_and_have_the_reporters_donts(flow_id: str) -> None:
    for facts, view in outcomes_with_facts(flow_id):
        if facts.get("alder") != "barn" or view.acute:
            continue
        assert view.dont, f"{flow_id}/{view.node}: a child outcome needs a Gör inte list"
        if view.report:
            assert view.urgency in ("akut", "genast"), f"{flow_id}/{view.node}"
            assert "barn-och-unga" in {r.unit for r in view.referrals}, f"{flow_id}/{view.node}"


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_honour_cases_never_contact_the_family_first(flow_id: str) -> None:
    contact_family = re.compile(
        r"\b(kontakta|ring|ta kontakt med|prata med|informera) (vårdnadshavar|föräldr|familjen|släkt)"
    )
    for facts, view in outcomes_with_facts(flow_id):
        if facts.get("heder") not in ("ja", "osaker") and facts.get("avresa") is None:
            continue
        said = "\n".join([view.title, view.text, *view.actions]).casefold()
        assert not contact_family.search(said), f"{flow_id}/{view.node}: advises contacting the family"
        if not view.acute:
            donts = " ".join(view.dont).casefold()
            assert re.search(r"familj|vårdnadshavar|föräldr", donts), (
                f"{flow_id}/{view.node}: no don't about the family"
            )


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_unsure_about_honour_gets_the_same_cautions_as_yes(flow_id: str) -> None:
    flow = PACK.flows[flow_id]
    by_path: dict[tuple[tuple[str, str], ...], OutcomeView] = {}
    for facts, view in outcomes_with_facts(flow_id):
        by_path[tuple(sorted(facts.items()))] = view
    for key, unsure in by_path.items():
        facts = dict(key)
        if facts.get("heder") != "osaker":
            continue
        sure = by_path.get(tuple(sorted({**facts, "heder": "ja"}.items())))
        if sure is not None:
            assert set(sure.dont) <= set(unsure.dont), (
                f"{flow.id}/{unsure.node}: osaker lacks don'ts of {sure.node}"
            )


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_the_duty_to_report_is_stated_only_for_roles_that_have_it(flow_id: str) -> None:
    duty = re.compile(r"\b(du|ni) är (också )?skyldig")
    for role in ROLES_WITHOUT_DUTY:
        for _facts, view in outcomes_with_facts(flow_id, role):
            assert not duty.search(all_text(view)), (
                f"{flow_id}/{view.node} tells a '{role}' user they are obliged"
            )
    for role in ROLES_WITH_DUTY:
        for facts, view in outcomes_with_facts(flow_id, role):
            if view.report and facts.get("alder") == "barn":
                assert "skyldig" in all_text(view), (
                    f"{flow_id}/{view.node} does not tell '{role}' about the duty"
                )


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_adult_outcomes_offer_help_with_consent_and_list_kvinnofridslinjen(flow_id: str) -> None:
    for facts, view in outcomes_with_facts(flow_id):
        if facts.get("alder") != "vuxen" or view.acute or view.report:
            continue
        assert "samtycke" in all_text(view), f"{flow_id}/{view.node}: an adult outcome must speak of consent"
        assert "kvinnofridslinjen" in {r.unit for r in view.referrals}, f"{flow_id}/{view.node}"


def test_no_outcome_lets_a_manager_report_in_place_of_the_staff_member() -> None:
    delegating = re.compile(
        r"(chefen|din chef|rektor) (gör|skriver|lämnar) anmälan|låt (chefen|rektor) anmäla"
    )
    for flow_id in FLOW_IDS:
        for _facts, view in outcomes_with_facts(flow_id):
            assert not delegating.search(all_text(view)), f"{flow_id}/{view.node}"


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_every_question_says_why_and_every_outcome_cites_its_sources(flow_id: str) -> None:
    flow = PACK.flows[flow_id]
    for node_id, node in flow.nodes.items():
        if isinstance(node, OutcomeNode):
            assert node.routines, f"{flow_id}/{node_id} cites no routine section"
            assert node.referrals, f"{flow_id}/{node_id} refers to no unit"
        else:
            assert str(node.why).strip(), f"{flow_id}/{node_id} has no 'why'"


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_every_outcome_has_a_scenario_and_every_scenario_a_vignette(flow_id: str) -> None:
    flow = PACK.flows[flow_id]
    reached = set()
    for _file, scenario in PACK.scenarios:
        if scenario.flow != flow_id:
            continue
        assert scenario.vignette.strip(), f"scenario '{scenario.name}' has no vignette"
        assert not run_scenario(PACK, scenario), scenario.name
        reached.add(Walk(PACK, flow_id, scenario.facts).current)
    missing = set(flow.outcomes()) - reached
    assert not missing, f"{flow_id}: outcomes without a scenario: {sorted(missing)}"


def test_every_routine_is_a_draft_with_owners_and_sources() -> None:
    for routine in PACK.routines.values():
        assert routine.meta.status == "utkast"
        assert routine.meta.owner and routine.meta.sources, routine.id


# ---------------------------------------------------------------- issue 11: content 0.2

REPORT_PAGE = (
    "https://www.uppsala.se/stod-och-omsorg/stod-till-barn-ungdom-och-familj/barn-och-unga/"
    "anmal-misstanke-om-att-barn-och-unga-far-illa/"
)
# Files whose every string is shown to users; the directory (units.toml) is where numbers live.
TEXT_FILES = ("routines/*.md", "flows/*.toml", "scenarios/*.toml", "routines/legal.toml")


def _items(node: OutcomeNode, field: str) -> list[Action]:
    return [as_action(item) for item in getattr(node, field)]


def _node(flow_id: str, view: OutcomeView) -> OutcomeNode:
    node = PACK.flows[flow_id].nodes[view.node]
    assert isinstance(node, OutcomeNode)
    return node


def test_numbers_in_text_come_from_the_directory() -> None:
    typed = []
    for pattern in TEXT_FILES:
        for path in sorted(ROOT.glob(pattern)):
            for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                typed += [f"{path.relative_to(ROOT)}:{lineno}: {n}" for n in phone_like(line)]
    assert not typed, "write {tel:UNIT} instead of the number:\n" + "\n".join(typed)


def test_every_tel_reference_names_a_unit_with_a_number() -> None:
    for pattern in TEXT_FILES:
        for path in sorted(ROOT.glob(pattern)):
            for unit_id in unit_ids(path.read_text(encoding="utf-8")):
                assert unit_id in PACK.units, f"{path.name}: {{tel:{unit_id}}} is not in the directory"
                assert PACK.units[unit_id].primary_phone, f"{path.name}: {unit_id} has no number"


def test_the_reporting_page_is_the_childrens_unit_and_its_number_is_labelled_as_advice() -> None:
    unit = PACK.units["barn-och-unga"]
    assert unit.web == REPORT_PAGE
    phone = unit.phones[0]
    assert not phone.verified, "facts.md: the advice number may be dated"
    assert "rådgivning" in phone.label.casefold()


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_child_report_outcomes_point_first_to_the_reporting_page_and_to_112(flow_id: str) -> None:
    for _facts, view in outcomes_with_facts(flow_id):
        if not view.report:
            continue
        units = [r.unit for r in view.referrals]
        # An acute report outcome (the departure is near) puts 112 first and the reporting page right after it.
        expected = ["akut-112", "barn-och-unga"] if view.urgency == "akut" else ["barn-och-unga"]
        assert units[: len(expected)] == expected, f"{flow_id}/{view.node}: first referrals {units[:2]}"
        assert "Brådskande och du når ingen: ring 112" in "\n".join(view.actions), f"{flow_id}/{view.node}"
        node = _node(flow_id, view)
        assert any(a.when == "efter-kontorstid" for a in _items(node, "actions")) or view.acute, (
            f"{flow_id}/{view.node}: no after-hours step marked when = efter-kontorstid"
        )


CHILD_FLOWS = ("misstanke", "systematiska-fragor", "chef-medarbetare")


@pytest.mark.parametrize("flow_id", CHILD_FLOWS)
def test_every_child_path_asks_whether_the_child_can_go_home(flow_id: str) -> None:
    for facts, view in outcomes_with_facts(flow_id):
        if view.acute:
            continue
        child = facts.get("alder") in ("barn", "vet-ej") or facts.get("barn-i-hemmet") == "ja"
        if child:
            assert "hem-sakert" in facts, f"{flow_id}/{view.node}: {facts} never asks hem-sakert"


@pytest.mark.parametrize("flow_id", CHILD_FLOWS)
def test_a_child_who_cannot_go_home_gets_social_services_before_going_home(flow_id: str) -> None:
    for facts, view in outcomes_with_facts(flow_id):
        if facts.get("hem-sakert") not in ("nej", "vet-ej"):
            continue
        first = view.actions[0].casefold()
        assert first.startswith("ring socialtjänsten nu") and "innan barn" in view.title.casefold(), (
            f"{flow_id}/{view.node}: the first step is not to call social services before the child goes home"
        )
        # After hours the marked step (socialjouren via 112) comes first; in office hours it waits after the first five.
        node = _node(flow_id, view)
        assert any(a.when == "efter-kontorstid" for a in _items(node, "actions")), f"{flow_id}/{view.node}"
        late = resolve_outcome(PACK, PACK.flows[flow_id], view.node, facts, SATURDAY_NIGHT, plain=True)
        assert "socialjouren" in late.actions[0].casefold(), f"{flow_id}/{view.node}: after hours first"
        marked = {a.text for a in _items(node, "actions") if a.when == "efter-kontorstid"}
        assert not marked & set(view.actions[:5]), (
            f"{flow_id}/{view.node}: the after-hours step takes one of the first five places in office hours"
        )
        assert "socialjouren" in {r.unit for r in view.referrals}
        said = all_text(view)
        assert "använd aldrig våld" in said and "gå med" in said, f"{flow_id}/{view.node}"


@pytest.mark.parametrize("flow_id", ("misstanke", "systematiska-fragor", "utlandsresa"))
def test_the_acute_outcome_says_what_to_do_when_relatives_come_for_the_child(flow_id: str) -> None:
    flow = PACK.flows[flow_id]
    acute_id = flow.acute_outcome()
    assert acute_id is not None
    said = all_text(resolve_outcome(PACK, flow, acute_id, {}, NOW, plain=True))
    assert "hämta" in said and "låt inte barnet gå med" in said and "använd aldrig våld" in said


_TELLS = re.compile(r"\b(berätta|säg|informera)\b[^.]*\banmäl", re.IGNORECASE)
_NOT = re.compile(r"\b(inte|aldrig|ingenting)\b", re.IGNORECASE)


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_no_outcome_tells_the_person_who_uses_violence_about_the_report(flow_id: str) -> None:
    for facts, view in outcomes_with_facts(flow_id):
        abuser_present = facts.get("medarbetare") == "utovar" or facts.get("svar") == "utovar"
        for action in view.actions:
            for sentence in re.split(r"(?<=[.:])\s", action):
                if (
                    not _TELLS.search(sentence)
                    or _NOT.search(sentence)
                    or re.search(r"chef|polis|målsägande", sentence)
                ):
                    continue  # telling your own manager is the routine; a police report is the victim's own
                assert not abuser_present, (
                    f"{flow_id}/{view.node} tells the person who uses violence: {sentence}"
                )
                assert "utsätts" in sentence or "den unga" in sentence or "barnet" in sentence, (
                    f"{flow_id}/{view.node}: tells someone about the report without saying who: {sentence}"
                )
        if view.report:
            donts = " ".join(view.dont)
            assert re.search(r"(berätta|säg) (inte|aldrig)[^.]*anmäl", donts, re.IGNORECASE), (
                f"{flow_id}/{view.node}: no don't against telling the family or the abuser about the report"
            )


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_an_adult_who_discloses_violence_is_helped_today(flow_id: str) -> None:
    for facts, view in outcomes_with_facts(flow_id):
        victim = facts.get("alder") == "vuxen" or facts.get("medarbetare") == "utsatt"
        if not victim or view.acute or view.report or view.urgency == "info":
            continue
        if facts.get("svar") == "utovar":
            continue
        assert view.urgency == "genast", f"{flow_id}/{view.node} is '{view.urgency}', not today"
        said = all_text(view)
        assert (
            "vågar gå hem" in said
            or "kan hen inte vara kvar hemma" in said
            or "utomlands" in view.title.casefold()
        ), f"{flow_id}/{view.node}: does not ask whether the person dares go home"


def test_after_hours_steps_are_marked_and_nexus_is_never_promised_every_day() -> None:
    for flow_id in FLOW_IDS:
        for node_id, node in PACK.flows[flow_id].outcomes().items():
            for item in _items(node, "actions"):
                text = text_for(item.text, None)
                if text.startswith("Efter kontorstid"):
                    assert item.when == "efter-kontorstid", f"{flow_id}/{node_id}: {text[:60]}"
            notes = " ".join(text_for(r.note, None) for r in node.referrals if r.note)
            said = " ".join(
                [text_for(node.text, None), notes, *(text_for(a.text, None) for a in _items(node, "actions"))]
            )
            assert not re.search(r"akuta tider (finns|erbjuds) varje dag", said, re.IGNORECASE), (
                f"{flow_id}/{node_id}"
            )


UNSURE = ("osaker", "vet-ej", "vill-inte-svara")


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_one_option_order_yes_no_unsure(flow_id: str) -> None:
    flow: Flow = PACK.flows[flow_id]
    for node_id, node in flow.questions().items():
        assert isinstance(node, QuestionNode)
        values = [o.value for o in node.options]
        order = [v for v in values if v in ("ja", "nej", *UNSURE)]
        rank = {"ja": 0, "nej": 1, **{u: 2 for u in UNSURE}}
        assert order == sorted(order, key=rank.__getitem__), f"{flow_id}/{node_id}: {values}"


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_secrecy_is_broken_by_osl_10_28_only_where_the_duty_exists(flow_id: str) -> None:
    for node_id, node in PACK.flows[flow_id].outcomes().items():
        assert "osl-10-28" not in node.legal, f"{flow_id}/{node_id} cites OSL 10:28 for every role"
    for role in ROLES_WITHOUT_DUTY:
        for _facts, view in outcomes_with_facts(flow_id, role):
            said = all_text(view)
            assert "10 kap. 28" not in said and "skyldig att anmäla" not in said, (
                f"{flow_id}/{view.node} ({role})"
            )


def test_no_text_promises_that_everything_stays_between_you() -> None:
    promise = re.compile(r"stannar (hos (er|dig|oss)|mellan er)(?! –)", re.IGNORECASE)
    for pattern in ("routines/*.md", "flows/*.toml"):
        for path in sorted(ROOT.glob(pattern)):
            for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if promise.search(line) and not re.search(r"(lova|lovar) inte", line, re.IGNORECASE):
                    pytest.fail(
                        f"{path.relative_to(ROOT)}:{lineno}: promises confidentiality staff cannot keep"
                    )


def test_acute_help_lists_112_first_and_the_after_hours_line() -> None:
    acute = [u.id for u in PACK.units.values() if u.acute_help]
    assert acute[0] == "akut-112"
    assert {"socialjouren", "kvinnofridslinjen", "bris"} <= set(acute)
    assert PACK.units["akut-112"].always_open


def test_the_childrens_unit_number_can_be_used_for_an_urgent_report() -> None:
    # review-1 M1: until the reception unit's own number is confirmed, the card says how to use the one it has.
    label = PACK.units["barn-och-unga"].phones[0].label.casefold()
    assert "inte för att anmäla" not in label
    assert "brådskande" in label and "112" in label
    route = PACK.units["socialjouren"].phones[0]
    assert route.number == "112" and route.verified, "socialjouren is reached via 112, which is confirmed"


@pytest.mark.parametrize("flow_id", ("misstanke", "systematiska-fragor"))
def test_an_adult_with_children_at_risk_is_not_given_the_outcome_for_a_child_in_the_room(
    flow_id: str,
) -> None:
    # review-1 M3: the adult victim (or the person who uses violence) is the one in front of staff.
    for facts, view in outcomes_with_facts(flow_id):
        if facts.get("alder") != "vuxen" or facts.get("hem-sakert") not in ("nej", "vet-ej"):
            continue
        said = all_text(view)
        assert "stanna med barnet" not in said, f"{flow_id}/{view.node}: written for a child in the room"
        assert "vågar gå hem" in said or facts.get("svar") == "utovar", (
            f"{flow_id}/{view.node}: the adult's safety"
        )
        if facts.get("svar") == "utovar":
            assert "mvu" in {r.unit for r in view.referrals}, f"{flow_id}/{view.node}"
            assert "gemensamma samtal" in said and "berätta inte för personen att du anmäler" in said


def test_the_18_to_20_line_never_contradicts_the_report_for_the_children() -> None:
    # review-1 M4: "no duty to report" is about the young adult's own information only.
    for flow_id in FLOW_IDS:
        for _facts, view in outcomes_with_facts(flow_id):
            for action in view.actions:
                if action.startswith("Är personen 18–20 år"):
                    assert "egna uppgifter" in action and "anmäls ändå" in action, f"{flow_id}/{view.node}"


@pytest.mark.parametrize("role", ROLES_WITH_DUTY)
def test_a_manager_is_not_told_the_duty_covers_an_employees_own_children(role: str) -> None:
    # review-1 M11: facts.md does not confirm it; the outcomes recommend strongly and point to the lawyer or HR.
    for _facts, view in outcomes_with_facts("chef-medarbetare", role):
        said = all_text(view)
        assert not re.search(r"\bär (du )?skyldig", said), f"chef-medarbetare/{view.node} ({role})"
        if view.report:
            assert "rekommenderar starkt" in said and "jurist" in said, f"chef-medarbetare/{view.node}"
