"""The safety rules of `check` (content/safety.py, crisis.py, phone_text.py): what their readings of Swedish catch.

The bad-content corpus (tests/badcontent/) plants one mistake per rule in a whole pack; these tests pin down the
phrase readings themselves — what counts as advising contact with the family, telling the abuser, stating the
duty — with the near misses that must not count, and that the rules stay linear on deep flows.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from vinrguide.content.check import answer_kind, check_pack, option_order_problem
from vinrguide.content.crisis import is_contact_step, is_instruction
from vinrguide.content.pack import load_pack
from vinrguide.content.safety import (
    advises_contacting_family,
    cites_osl_10_28,
    states_duty,
    tells_the_abuser,
)

from .shipped import shipped_pack
from .test_badcontent import BASE, DEFAULT_TODAY


@pytest.mark.parametrize(
    "text",
    [
        "Ring föräldrarna och berätta om oron.",
        "Kontakta barnets vårdnadshavare i dag.",
        "KONTAKTA VARDNADSHAVARNA",
        "Ring hem till eleven efter skolan.",
        "Ta kontakt med familjen för att höra deras version.",
        "Bjud in föräldrarna till ett möte.",
        "Anmäl i dag – informera sedan vårdnadshavarna.",
        "Om det brådskar, ring socialtjänsten och familjen.",
        "Boka ett möte med vårdnadshavarna.",
        "Hör med föräldrarna hur de ser på saken.",
        "Ring hennes man och fråga.",
        "Skicka ett sms till mamman.",
    ],
)
def test_advice_to_contact_the_family_is_found(text: str) -> None:
    assert advises_contacting_family(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kontakta inte familjen.",
        "Anmäl till socialtjänsten utan att först tala med vårdnadshavarna.",
        "Prata med barnet om familjen.",
        "Var extra försiktig med kontakter med familjen.",
        "Tala med barnet ensam – utan syskon, släktingar eller kompisar i närheten.",
        "Socialtjänsten avgör när och hur familjen får veta.",
        "Ring socialtjänsten innan barnet går hem.",
        "Varken ring eller skriv till föräldrarna.",
        "Boka inte ett möte med maken.",
        "Skriv ner vad mamman sa.",
    ],
)
def test_cautions_about_the_family_are_not_advice_to_contact_it(text: str) -> None:
    assert advises_contacting_family(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Du kan berätta för den vuxna att du anmäler.",
        "Informera medarbetaren om anmälan.",
        "Berätta för vårdnadshavarna att du har gjort en orosanmälan.",
        "Meddela föräldrarna vad barnet har berättat.",
        "Låt föräldrarna få veta att en anmälan är gjord.",
    ],
)
def test_telling_the_family_or_the_employee_about_the_report_is_found(text: str) -> None:
    assert tells_the_abuser(text)


@pytest.mark.parametrize(
    "text",
    [
        "Berätta för din chef att du har anmält.",
        "Berätta inte för föräldrarna att du anmäler.",
        "Förklara för barnet att du behöver berätta för några vars arbete är att hjälpa barn.",
        "Du kan berätta för den vuxna som är utsatt att du anmäler, men aldrig för den som utövar våldet.",
        "Informera medarbetaren om stödet från företagshälsan.",
    ],
)
def test_other_telling_is_not_telling_the_abuser(text: str) -> None:
    assert tells_the_abuser(text) is None


def test_the_duty_is_found_when_stated_to_the_reader_not_when_conditional() -> None:
    assert states_duty("Du är skyldig att anmäla genast.")
    assert states_duty("Ni har en anmälningsskyldighet.")
    assert not states_duty("Arbetar du i skolan är du skyldig att anmäla.")
    assert not states_duty("Du omfattas inte av anmälningsplikten i lag.")
    assert states_duty("Du omfattas av anmälningsplikten.")
    assert states_duty("Anmälningsplikten gäller dig.")


def test_osl_10_28_is_found_however_it_is_spaced() -> None:
    assert cites_osl_10_28("OSL 10 kap. 28 §")
    assert cites_osl_10_28("enligt 10 kap 28§ offentlighets- och sekretesslagen")
    assert not cites_osl_10_28("OSL 10 kap. 2 §")


@pytest.mark.parametrize(
    ("options", "wrong"),
    [
        ([("ja", "Ja"), ("nej", "Nej"), ("osaker", "Osäker")], False),
        ([("ja", "Ja"), ("nej", "Nej"), ("vill-inte-svara", "Vill inte svara"), ("utovar", "Utövar")], False),
        ([("barn", "Under 18"), ("vuxen", "18 eller äldre"), ("vet-ej", "Vet inte")], False),
        ([("ja", "Ja"), ("osaker", "Osäker"), ("nej", "Nej")], True),
        ([("nej", "Nej"), ("ja", "Ja")], True),
        ([("ja", "Ja"), ("kanske", "Vet inte riktigt"), ("nej", "Nej")], True),
    ],
)
def test_one_option_order(options: list[tuple[str, str]], wrong: bool) -> None:
    assert option_order_problem([answer_kind(value, label) for value, label in options]) == wrong


def test_what_counts_as_a_contact_step_and_an_instruction() -> None:
    assert is_contact_step("Gör en orosanmälan i dag.")
    assert is_contact_step("Nexus {tel:nexus} svarar vardagar.")
    assert is_contact_step("Vid fara: 112.")
    assert not is_contact_step("Skriv ner barnets egna ord.")
    assert is_instruction("Utanför kontorstid, när det inte kan vänta: kontakta socialjouren via 112.")
    assert is_instruction("Brådskar det, ring först och följ upp skriftligt.")
    assert not is_instruction("Anmälan görs till socialtjänsten.")


def test_the_shipped_pack_breaks_no_safety_rule() -> None:
    findings = check_pack(shipped_pack(), DEFAULT_TODAY)
    broken = [str(f) for f in findings if f.code.startswith(("VG4", "VG21")) and f.is_error]
    assert not broken, "\n".join(broken)


def _deep_honour_flow(levels: int) -> str:
    """`levels` heder questions in a row; ja and osaker go to different questions that merge again (3 ** levels
    paths)."""
    lines = [
        'id = "enkel"',
        'title = "Djup"',
        'description = "Djup guide."',
        'start = "akut"',
        'status = "fastställd"',
        "[nodes.akut]",
        'kind = "question"',
        'fact = "akut"',
        'text = "Fara?"',
        'why = "112."',
        'options = [ { value = "ja", next = "ut-akut" }, { value = "nej", next = "h1" } ]',
    ]
    for i in range(1, levels + 1):
        after = f"h{i + 1}" if i < levels else "ut-slut"
        lines += [
            f"[nodes.h{i}]",
            'kind = "question"',
            'fact = "heder"',
            'text = "Heder?"',
            'why = "Försiktighet."',
            f'options = [ {{ value = "ja", next = "s{i}" }}, {{ value = "nej", next = "{after}" }},'
            f' {{ value = "osaker", next = "u{i}" }} ]',
        ]
        # the ja side asks the age, the osaker side whether children live at home: the sides cannot be paired
        for side, fact, values in (("s", "alder", ("barn", "vuxen")), ("u", "barn-i-hemmet", ("ja", "nej"))):
            options = ", ".join(f'{{ value = "{value}", next = "{after}" }}' for value in values)
            lines += [
                f"[nodes.{side}{i}]",
                'kind = "question"',
                f'fact = "{fact}"',
                'text = "Fråga?"',
                'why = "För mätningen."',
                f"options = [ {options} ]",
            ]
    for node_id, acute in (("ut-akut", True), ("ut-slut", False)):
        lines += [
            f"[nodes.{node_id}]",
            'kind = "outcome"',
            f"acute = {'true' if acute else 'false'}",
            f'urgency = "{"akut" if acute else "genast"}"',
            'title = "Ring 112 eller ge stöd med samtycke"',
            'dont = ["Kontakta inte familjen."]',
            'referrals = [ { unit = "akut-112" } ]',
            'routines = ["rutin#gor-inte"]',
        ]
    return "\n".join(lines) + "\n"


def test_the_rules_stay_linear_on_deep_merging_flows(tmp_path: Path) -> None:
    """3 ** 400 paths: enumerating them would never end; the rules visit each node (and node pair) a few times."""
    pack_dir = Path(shutil.copytree(BASE, tmp_path / "pack"))
    (pack_dir / "flows" / "enkel.toml").write_text(_deep_honour_flow(400), encoding="utf-8")
    (pack_dir / "scenarios" / "enkel.toml").unlink()
    pack = load_pack(pack_dir)
    assert pack.ok, pack.errors
    start = time.process_time()
    findings = check_pack(pack, DEFAULT_TODAY)
    assert time.process_time() - start < 20
    assert {f.code for f in findings} <= {"VG115"}  # heder and the others asked again on every level


def _crossing_branches(length: int, unsure_dont: str) -> str:
    """After heder: the ja branch skips ahead on 'nej', the osaker branch on 'ja', so side by side the branches
    stop matching at almost every pair of nodes; `unsure_dont` is the don't list of the one osaker outcome."""
    lines = [
        'id = "enkel"',
        'title = "Korsande grenar"',
        'description = "Korsande grenar."',
        'start = "akut"',
        'status = "fastställd"',
        "[nodes.akut]",
        'kind = "question"',
        'fact = "akut"',
        'text = "Fara?"',
        'why = "112."',
        'options = [ { value = "ja", next = "ut-akut" }, { value = "nej", next = "heder" } ]',
        "[nodes.heder]",
        'kind = "question"',
        'fact = "heder"',
        'text = "Heder?"',
        'why = "Försiktighet."',
        'options = [ { value = "ja", next = "x0" }, { value = "nej", next = "ut-ja" },'
        ' { value = "osaker", next = "y0" } ]',
    ]
    for side, end, skip_on in (("x", "ut-ja", "nej"), ("y", "ut-osaker", "ja")):
        for i in range(length):
            step = f"{side}{i + 1}" if i + 1 < length else end
            jump = f"{side}{i + 2}" if i + 2 < length else end
            nexts = {"ja": jump if skip_on == "ja" else step, "nej": jump if skip_on == "nej" else step}
            lines += [
                f"[nodes.{side}{i}]",
                'kind = "question"',
                f'fact = "f{i}"',
                'text = "Fråga?"',
                'why = "För mätningen."',
                f'options = [ {{ value = "ja", next = "{nexts["ja"]}" }}, {{ value = "nej", next = "{nexts["nej"]}" }} ]',
            ]
    for node_id, acute, donts in (
        ("ut-akut", True, '"Kontakta inte familjen."'),
        ("ut-ja", False, '"Kontakta inte familjen.", "Använd aldrig familjen som tolk."'),
        ("ut-osaker", False, unsure_dont),
    ):
        lines += [
            f"[nodes.{node_id}]",
            'kind = "outcome"',
            f"acute = {'true' if acute else 'false'}",
            f'urgency = "{"akut" if acute else "genast"}"',
            'title = "Ring 112 eller ge stöd med samtycke"',
            f"dont = [{donts}]",
            'referrals = [ { unit = "akut-112" } ]',
            'routines = ["rutin#gor-inte"]',
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("unsure_dont", "found"), [('"Kontakta inte familjen."', True), ("", False)])
def test_crossing_branches_are_compared_and_the_outcome_reported_once(
    tmp_path: Path, unsure_dont: str, found: bool
) -> None:
    pack_dir = Path(shutil.copytree(BASE, tmp_path / "pack"))
    if not found:
        unsure_dont = '"Kontakta inte familjen.", "Använd aldrig familjen som tolk."'
    (pack_dir / "flows" / "enkel.toml").write_text(_crossing_branches(150, unsure_dont), encoding="utf-8")
    facts = pack_dir / "flows" / "facts.toml"
    facts.write_text(
        facts.read_text(encoding="utf-8")
        + "".join(
            f'\n[[fact]]\nid = "f{i}"\nlabel = "F"\nvalues = [ {{ value = "ja", label = "Ja" }},'
            f' {{ value = "nej", label = "Nej" }} ]\n'
            for i in range(150)
        ),
        encoding="utf-8",
    )
    (pack_dir / "scenarios" / "enkel.toml").unlink()
    pack = load_pack(pack_dir)
    assert pack.ok, pack.errors
    start = time.process_time()
    findings = check_pack(pack, DEFAULT_TODAY)
    assert time.process_time() - start < 20
    unsure = [f for f in findings if f.code == "VG405"]
    assert bool(unsure) == found, findings
    if found:  # one finding, on the outcome that lacks the don't, not one per pair of nodes that differ
        assert [f.path for f in unsure] == ["nodes.ut-osaker"]
        assert "Använd aldrig familjen som tolk." in unsure[0].message
