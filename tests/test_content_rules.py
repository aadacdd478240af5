"""The rules the shipped content must keep (issue: content; ../shared/domain/facts.md), checked on every path.

These are the mistakes that would hurt someone: an invented phone number, a child case without "genast",
contacting the family in an honour case, an adult's information shared without consent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from vinrguide.advice import OutcomeView, resolve_outcome
from vinrguide.content.models import OutcomeNode
from vinrguide.engine import Walk
from vinrguide.hours import parse_now
from vinrguide.scenarios import run_scenario

from .shipped import ROOT, all_paths, shipped_pack

PACK = shipped_pack()
NOW = parse_now("2026-03-18T10:00")
FLOW_IDS = ("misstanke", "systematiska-fragor", "utlandsresa", "chef-medarbetare")
DESIGN_UNITS = {
    "akut-112", "polisen", "nexus", "socialjouren", "barn-och-unga", "resurscentrum-heder", "nch", "kvinnofridslinjen",
    "bris", "ud", "mvu", "tris", "kvinnojouren", "tjej-och-transjouren", "foretagshalsan", "hr", "krisstod", "valdsombud",
}  # fmt: skip
# Every number facts.md §6 allows (confirmed, or listed with verified = false). Nothing else may appear.
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
ROLES_WITH_DUTY = ("skola", "socialtjanst", "vard-omsorg", "fritid")
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
    for pattern in ("routines/*.md", "routines/*.toml", "flows/*.toml"):
        for path in sorted(ROOT.glob(pattern)):
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def test_no_phone_number_that_facts_md_does_not_allow() -> None:
    invented = []
    for rel, text in _content_files():
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
