"""Facts read from free text (routines/fritext.toml) and guides suggested for a description."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vinrguide.content.errors import ContentError
from vinrguide.facts_from_text import (
    FactGuess,
    FreeTextFile,
    load_free_text,
    phrase_regex,
    problems,
    read_facts,
    suggest_flows,
)
from vinrguide.search import SearchIndex, fold

from .shipped import ROOT, shipped_pack


@lru_cache(maxsize=1)
def index() -> SearchIndex:
    return SearchIndex.build(shipped_pack())


def facts(text: str) -> dict[str, str]:
    return {g.fact: g.value for g in read_facts(shipped_pack(), text)}


def test_the_shipped_file_fits_the_pack() -> None:
    rules = load_free_text(ROOT)
    assert rules.pattern and rules.guide and rules.negations
    assert problems(shipped_pack(), rules) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("En 15-årig elev", {"alder": "barn"}),
        ("hon är 15 år", {"alder": "barn"}),
        ("en 19-åring", {"alder": "vuxen"}),
        ("ska giftas bort i sommar", {"avresa": "planerad", "heder": "ja"}),
        ("familjen ska resa till hemlandet i morgon", {"avresa": "nara"}),
        ("eleven kom inte tillbaka efter lovet", {"alder": "barn", "avresa": "utomlands"}),
        ("min medarbetare blir slagen av sin man", {"alder": "vuxen", "medarbetare": "utsatt"}),
        ("han har hotat att komma till jobbet", {"hot-arbetsplats": "ja"}),
        ("klienten ville inte svara när jag frågade", {"svar": "vill-inte-svara", "roll": "socialtjanst"}),
        ("Hon är i fara just nu!", {"akut": "ja"}),
        ("flygplatsen, flyget går i dag", {"akut": "ja"}),
        # third round (issue 14): kinds of facts the blind set 12d showed missing, each in other words than its
        ("hon är fjorton och ska giftas bort", {"alder": "barn", "heder": "ja"}),  # an age as a word
        ("the pupil, she's 14, is scared of her dad", {"alder": "barn"}),  # an English contraction
        (
            "mamman till en av mina elever säger att hon blir slagen",
            {"alder": "vuxen"},
        ),  # a mother is the person
        ("hennes man kontrollerar allt hon gör", {"alder": "vuxen"}),  # she has a husband
        (
            "kollegan berättade att hon blivit misshandlad i helgen",
            {"medarbetare": "utsatt"},
        ),  # retold by a colleague
        ("en anställd har kontaktförbud mot sitt ex", {"medarbetare": "utsatt"}),
        ("min man hotar mig, jag skriver från jobbet", {"medarbetare": "utsatt"}),  # the writer at risk
        ("hon har förts till Pakistan av familjen", {"avresa": "utomlands"}),
        ("planet går om två timmar och hon vill inte åka", {"akut": "ja"}),  # within hours
        ("hon bor med sin treåring och sin sambo", {"barn-i-hemmet": "ja"}),
        ("han fyllde 19 förra månaden", {"alder": "vuxen"}),  # an age as a birthday passed
        ("en anställd misstänks för att misshandla sin sambo", {"medarbetare": "utovar"}),
        ("kollegan har skickat hotfulla sms till sin före detta", {"medarbetare": "utovar"}),
        ("hon har inte fyllt 18", {"alder": "barn"}),
        (
            "en av mina anställda blir misshandlad av sin sambo",
            {"medarbetare": "utsatt"},
        ),  # violence in the passive
        ("min kollegas pojkvän har hotat henne", {"medarbetare": "utsatt"}),  # a colleague's partner
        ("exmannen hotar att dyka upp på hennes jobb", {"hot-arbetsplats": "ja"}),
        ("min anställda säger att exet har stått utanför kontoret", {"hot-arbetsplats": "ja"}),
        (
            "VALD I NARA RELATIONER, elev ska GIFTAS BORT",
            {"alder": "barn", "heder": "ja"},
        ),  # no å/ä/ö, capitals
    ],
)
def test_read_facts(text: str, expected: dict[str, str]) -> None:
    found = facts(text)
    for fact, value in expected.items():
        assert found.get(fact) == value, found


def test_the_phrase_is_quoted_from_the_users_text() -> None:
    text = "Vår 15-åriga elev Amina ska GIFTAS bort i sommar."
    guesses = read_facts(shipped_pack(), text)
    assert FactGuess("alder", "barn", "15-åriga") in guesses
    for guess in guesses:
        assert guess.phrase and guess.phrase in text


def test_a_summer_without_a_trip_is_no_trip() -> None:
    assert "avresa" not in facts("i sommar har eleven svårt att sova")


def test_a_negation_cancels_the_phrase() -> None:
    assert "akut" not in facts("hon är inte i fara just nu")
    assert "akut" not in facts("ingen akut fara")


def test_two_values_for_one_fact_are_left_to_the_user() -> None:
    assert "alder" not in facts("en 16-årig elev, eller kanske 19 år enligt passet")


@pytest.mark.parametrize(
    "text",
    [
        "ingen fara",
        "inte akut",
        "det är lugnt nu",
        "inte i fara",
        "no danger",
        "akut = nej",
        "nej",
        "säker hemma",
    ],
)
def test_akut_is_never_nej(text: str) -> None:
    assert all(not (g.fact == "akut" and g.value != "ja") for g in read_facts(shipped_pack(), text))


@given(st.text(max_size=200))
def test_any_text_gives_only_declared_facts_and_never_akut_nej(text: str) -> None:
    pack = shipped_pack()
    seen = set()
    for guess in read_facts(pack, text):
        assert guess.fact in pack.facts and guess.value in pack.facts[guess.fact].value_ids()
        assert not (guess.fact == "akut" and guess.value == "nej")
        assert guess.fact not in seen
        seen.add(guess.fact)


def test_a_rules_file_cannot_set_akut_nej(tmp_path: Path) -> None:
    (tmp_path / "routines").mkdir()
    (tmp_path / "routines" / "fritext.toml").write_text(
        '[[pattern]]\nfact = "akut"\nvalue = "nej"\nphrases = ["lugnt"]\n', encoding="utf-8"
    )
    with pytest.raises(ContentError) as raised:
        load_free_text(tmp_path)
    assert "akut" in str(raised.value)


def test_rules_naming_unknown_facts_are_reported_and_ignored() -> None:
    rules = FreeTextFile.model_validate(
        {
            "pattern": [{"fact": "finns-inte", "value": "ja", "phrases": ["elev"]}],
            "guide": [{"flow": "nix", "phrases": ["x"]}],
        }
    )
    assert len(problems(shipped_pack(), rules)) == 2
    assert read_facts(shipped_pack(), "elev", rules) == []


def test_a_pack_without_the_file_reads_no_facts(tmp_path: Path) -> None:
    assert load_free_text(tmp_path) == FreeTextFile()


def test_phrase_regex_allows_inflections_and_small_gaps_but_not_compounds() -> None:
    regex = phrase_regex("medarbetare blir slagen")
    assert regex.search(fold("två medarbetarna blir slagna"))
    assert regex.search(fold("medarbetaren blir ofta slagen"))
    assert not regex.search(fold("medarbetare blir inte alls särskilt ofta slagen"))
    assert not phrase_regex("barn").search(fold("barnäktenskap"))


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        ("En 15-årig elev ska giftas bort i sommar", "utlandsresa"),
        ("min medarbetare", "chef-medarbetare"),
        ("min medarbetare blir slagen av sin man", "chef-medarbetare"),
        ("en elev berättade att pappa slår henne", "misstanke"),
        ("klienten ville inte svara när jag frågade om våld", "systematiska-fragor"),
        ("eleven kom inte tillbaka efter sommarlovet", "utlandsresa"),
    ],
)
def test_suggest_flows(text: str, flow: str) -> None:
    suggestions = suggest_flows(index(), text, shipped_pack())
    assert suggestions and suggestions[0].flow == flow, suggestions
    assert all(0 < s.score <= 100 and s.title for s in suggestions)


def test_suggest_flows_nothing_for_gibberish() -> None:
    assert suggest_flows(index(), "asdfghjkl qwerty", shipped_pack()) == []


def test_scenario_vignettes_read_right() -> None:
    """The scenario files' vignettes (written by other authors, for practice) with their facts as the answer: what
    free text reads must rarely contradict them, and the scenario's guide must be among the three suggested."""
    pack = shipped_pack()
    cases = [s for _, s in pack.scenarios if s.vignette]
    if len(cases) < 10:
        pytest.skip("too few scenario vignettes to judge")
    right = wrong = suggested = 0
    for scenario in cases:
        for guess in read_facts(pack, scenario.vignette):
            expected = scenario.facts.get(guess.fact)
            if expected is not None:
                right += guess.value == expected
                wrong += guess.value != expected
            assert not (guess.fact == "akut" and guess.value == "nej")
        flows = [s.flow for s in suggest_flows(index(), scenario.vignette, pack)]
        suggested += scenario.flow in flows[:3]
    assert right >= 2 * len(cases) // 3
    assert wrong <= max(2, (right + wrong) // 10)
    assert suggested >= 0.9 * len(cases)


# ------------------------------------------------------------------ issue 14: the failure kinds, by general rules


def test_a_negation_inside_the_phrase_cancels_it() -> None:
    assert facts("de har inga barn ihop")["barn-i-hemmet"] == "nej"
    assert facts("paret har inte några barn").get("barn-i-hemmet") != "ja"
    assert facts("han vet inte om hon har barn")["barn-i-hemmet"] == "vet-ej"  # the longer phrase wins
    assert facts("klienten ville inte svara")["svar"] == "vill-inte-svara"  # the phrase's own negation counts


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("elev, 19 år, berättar", "vuxen"),  # the explicit age beats the cue word "elev"
        ("eleven är 18 och rädd", "vuxen"),
        ("killen är 15", "barn"),  # an age without "år"
        ("flickan är 12 och vill inte gå hem", "barn"),
        ("en 14 year old girl", "barn"),
    ],
)
def test_an_explicit_age_decides(text: str, age: str) -> None:
    assert facts(text)["alder"] == age


def test_the_age_of_someones_children_is_not_the_persons_age() -> None:
    read = facts("mamman har en son på 3 år och ett barn på 7 år")
    assert read.get("alder") != "barn"
    assert facts("kvinnan, 31 år, har barn på 1 och 6 år")["alder"] == "vuxen"
    assert facts("hon har två barn på 3 och 5 år")["barn-i-hemmet"] == "ja"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("de flyger på söndag", "nara"),
        ("resan till släkten är imorgon", "nara"),
        ("familjen åker om fyra dagar", "nara"),
        ("de ska åka från Arlanda på tisdag", "nara"),
        ("hon ska resa till hemlandet över jul", "planerad"),
        ("de reser efter midsommar", "planerad"),
    ],
)
def test_travel_timing_reads_as_avresa(text: str, when: str) -> None:
    assert facts(text)["avresa"] == when


def test_timing_without_a_trip_is_no_trip() -> None:
    assert "avresa" not in facts("på fredag har vi möte med mamman")
    assert "avresa" not in facts("han slog henne i lördags och imorgon ska hon till läkaren")


@pytest.mark.parametrize(
    "text",
    ["han står utanför dörren", "han är på väg hit nu", "hon blir slagen just nu", "han slår henne nu"],
)
def test_present_danger_suggests_akut(text: str) -> None:
    assert facts(text)["akut"] == "ja"


@pytest.mark.parametrize(
    "text",
    [
        "han hotade att döda henne i somras",
        "han hotar att döda henne om hon går",
        "inget händer i rummet just nu",
        "hon är inte i fara nu",
        "de åker på lördag från Arlanda",
    ],
)
def test_past_threats_and_negated_danger_are_never_akut(text: str) -> None:
    assert "akut" not in facts(text)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("jag är rektor på en skola", "skola"),
        ("socialsekreterare här, klienten berättar", "socialtjanst"),
        ("jobbar som undersköterska i hemtjänsten", "vard-omsorg"),
        ("vi på bostadsbolaget har fått klagomål", "bostad"),
        ("jag jobbar på fritidsgården", "fritid"),
        ("jobbcoach på arbetsmarknadsenheten", "arbetsmarknad"),
    ],
)
def test_workplace_words_set_roll(text: str, role: str) -> None:
    assert facts(text)["roll"] == role


def test_a_preposition_binds_to_the_next_word_of_a_phrase() -> None:
    rule = phrase_regex("på Arlanda")
    assert rule.search(fold("hon är på Arlanda"))
    assert not rule.search(fold("på lördag från Arlanda"))


# ------------------------------------------------------------------ issue 14, blind set 2026-12b: the vocabulary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brukare på LSS-boendet, 45 år", {"roll": "vard-omsorg", "alder": "vuxen"}),
        ("jobbar på arbetsmarknadsavdelningen", {"roll": "arbetsmarknad"}),
        ("I work at a preschool, a girl, 5, said", {"roll": "skola", "alder": "barn"}),
        ("housing officer here, tenant 40 years old", {"roll": "bostad", "alder": "vuxen"}),
        ("Hemtjänst. Brukaren är 90", {"alder": "vuxen", "roll": "vard-omsorg"}),
        ("klienten är rädd för sin man", {"alder": "vuxen", "roll": "socialtjanst"}),
        ("pappan har tagit hennes pass", {"heder": "ja"}),
        ("hennes syster gifte sig när hon var 15", {"heder": "ja"}),
        ("bröderna bevakar henne hela tiden", {"heder": "ja"}),
        ("ett bröllop i hemlandet med en kusin", {"heder": "ja"}),
        ("she is leaving for Pakistan next week", {"avresa": "nara"}),
        ("hon ska gifta sig i hemlandet efter studenten", {"avresa": "planerad"}),
        ("syskonen säger att hon är hos släkten i Syrien", {"avresa": "utomlands"}),
        ("exet har hittat adressen, han är på väg dit nu", {"akut": "ja"}),
        ("hon har en dotter på 1 år", {"barn-i-hemmet": "ja"}),
        ("en kvinna med två småbarn", {"barn-i-hemmet": "ja"}),
    ],
)
def test_the_vocabulary_reads_workplaces_adults_honour_travel_danger_and_children(
    text: str, expected: dict[str, str]
) -> None:
    found = facts(text)
    for fact, value in expected.items():
        assert found.get(fact) == value, found


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (
            "han är kvar i lägenheten och hon är rädd",
            "avresa",
        ),  # "är kvar i" is abroad only with a trip or a country
        (
            "familjen ska skicka henne till hemlandet nästa år",
            "avresa-utomlands",
        ),  # future: planned, not abroad
        (
            "hon är gift och maken slår henne, hon vill inte anmäla",
            "heder",
        ),  # a marriage alone is no honour sign
        ("mannen låser in henne", "heder"),  # control by a partner alone is not by the family
        ("han hotade att döda henne förra året", "akut"),
    ],
)
def test_the_vocabulary_does_not_overreach(text: str, absent: str) -> None:
    found = facts(text)
    if absent == "avresa-utomlands":
        assert found.get("avresa") == "planerad", found
    else:
        assert absent not in found, found


# fourth round (issue 14): misreadings found on the blind sets, each in other words than its case
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # a school year is a word as written: inflected it would be a number ("i tre år", "i ett sådant läge")
        ("Han har jobbat hos oss i tre år och mår dåligt", "alder", None),
        ("vad gör jag i ett sådant fall", "alder", None),
        ("hon går i trean och är rädd för pappa", "alder", "barn"),
        # "brukaren" does not say where the user works: social services and care both have brukare
        ("jag pratade med brukaren om hennes sambo", "roll", None),
        # a genitive as written: "kollegor hotat sin fru" is no colleague's husband
        ("en av mina medarbetare har enligt kollegor hotat sin sambo", "medarbetare", "utovar"),
        ("min kollegas man hotar henne", "medarbetare", "utsatt"),
        # the passive with the partner is about staff only when the text speaks of staff
        ("min syster blir slagen av sin man", "medarbetare", None),
        ("min medarbetare blir misshandlad av sin sambo", "medarbetare", "utsatt"),
    ],
)
def test_misreadings_the_blind_sets_showed(text: str, fact: str, value: str | None) -> None:
    assert facts(text).get(fact) == value, facts(text)


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # an age given roughly, and the age of the relative the writer writes about
        ("a boy of about 13 says his dad hits him", "alder", "barn"),
        ("en tjej, kanske 15, sa att brodern slår henne", "alder", "barn"),
        ("min syster är 16 och ska giftas bort", "alder", "barn"),
        ("min kusin är 24 och får inte gå ut", "alder", "vuxen"),
        ("hennes bror är 19 och slår henne, hon går i nian", "alder", "barn"),  # the brother's age is his
        ("hon gifte sig som barn, i dag är hon 30", "alder", "vuxen"),  # inverted word order after an adverb
        ("hon är snart 18 och ska gifta sig", "alder", "barn"),  # turning 18 soon: 17 now
        ("han fyller 18 om två veckor", "alder", "barn"),
        ("hon fyller 18 i dag", "alder", None),  # 18 today: not read as a child
        # where the user works: a teacher of any kind, the school's staff and rooms, a sports or bathing facility
        ("jag är speciallärare och en pojke berättade", "roll", "skola"),
        ("skolsköterskan såg märkena", "roll", "skola"),
        ("jag jobbar i skolmatsalen", "roll", "skola"),
        ("jag jobbar på badhuset och en flicka sa", "roll", "fritid"),
        ("I work at the swimming pool", "roll", "fritid"),
        # a month or tickets for a trip; a trip home or in Sweden is no trip abroad
        ("de har köpt biljetter till Irak i oktober", "avresa", "planerad"),
        ("they have booked tickets for March", "avresa", "planerad"),
        ("han ska åka hem i morgon efter lägret", "avresa", None),
        ("hon är förlovad och bröllopet ska hållas här i Sverige i sommar", "avresa", None),
        # someone calling for help now, a departure within hours
        ("jag hör någon ropa på hjälp i trapphuset", "akut", "ja"),
        ("hon ska flyga till Irak om tre timmar", "akut", "ja"),
        ("föräldrarna slåss nu och barnen är hemma", "akut", "ja"),
        ("han sparkar henne just nu", "akut", "ja"),
        # children in the household; "med barnet" (moved with the child) and "har flyttat med barnet" are no such
        ("tre barn i hushållet", "barn-i-hemmet", "ja"),
        ("mamman har flyttat med barnet", "barn-i-hemmet", None),
        # staff subjected to violence now, or convicted of it against a partner; not someone else's father
        ("en medarbetare berättade att hon utsätts för våld hemma", "medarbetare", "utsatt"),
        ("en anställd är åtalad för misshandel av sin sambo", "medarbetare", "utovar"),
        ("hennes pappa är dömd för misshandel av sin fru", "medarbetare", None),
    ],
)
def test_the_fourth_rounds_vocabulary(text: str, fact: str, value: str | None) -> None:
    assert facts(text).get(fact) == value, facts(text)


# fifth round (issue 14): kinds of facts the set 12f showed missing or misread, each in other words than its own
@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # staff after "en av mina", "en av våra"; a client or participant there is no colleague
        ("en av mina sjuksköterskor säger att hennes sambo slår henne", "medarbetare", "utsatt"),
        ("en av mina klienter säger att hennes sambo slår henne", "medarbetare", None),
        ("en av våra deltagare sa att hennes man hotar henne", "medarbetare", None),
        ("en anställd har strypt sin fru, sa polisen", "medarbetare", "utovar"),  # strangling is violence
        ("my employee's boyfriend keeps threatening her", "medarbetare", "utsatt"),  # an English genitive
        ("kollegan är rädd att exet ska hitta henne", "medarbetare", "utsatt"),
        ("medarbetaren lever med skyddad adress sedan i våras", "medarbetare", "utsatt"),
        ("the colleague says her ex waits outside the office", "hot-arbetsplats", "ja"),
        # where the user works
        ("jag jobbar som elevassistent i en trea", "roll", "skola"),
        ("jag städar på en lågstadieskola", "roll", "skola"),
        ("personal på gruppbostaden undrar", "roll", "vard-omsorg"),
        ("vi på familjebehandlingen har en mamma som", "roll", "socialtjanst"),
        # children named by their number; grown-up children are none at home
        ("hon bor med sina tre barn i en etta", "barn-i-hemmet", "ja"),
        ("det är en familj med fyra barn, säger grannen", "barn-i-hemmet", "ja"),
        ("tre barn sitter i köket när vi kommer", "barn-i-hemmet", "ja"),
        ("hon har tre vuxna barn och bor ensam med sin man", "barn-i-hemmet", None),
        # a trip by a holiday, to a city; a trip that has been; not knowing the return
        ("de ska åka till Irak efter påsk", "avresa", "planerad"),
        ("resan är bokad till sportlovet, de ska till Somalia", "avresa", "planerad"),
        ("hon kom hem från Somalia i juni och är tystare nu", "avresa", None),
        ("hon är redan i Mogadishu och svarar inte", "avresa", "utomlands"),
        ("de flyger på fredag och hon vet inte när de kommer tillbaka", "avresa", "nara"),
        # a writer unsure whether it is about honour
        ("jag vet inte om det gäller heder, men han får inte gå ut", "heder", "osaker"),
    ],
)
def test_read_facts_fifth_round(text: str, fact: str, value: str | None) -> None:
    assert facts(text).get(fact) == value, facts(text)


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # an answer in the inverted word order, or that violence does not occur
        ("vid rutinfrågan sa patienten nej", "svar", "nej"),  # the question in a compound
        ("när jag frågade sa han att det inte förekommer något sådant", "svar", "nej"),
        # not wanting others told is consent, not an answer to the question
        ("hon vill inte att vi berättar det för hennes mamma", "svar", None),
        # no children seen is not none at home
        ("vi såg inga barn men det fanns leksaker", "barn-i-hemmet", None),
        ("inga barn bor i hushållet", "barn-i-hemmet", "nej"),
    ],
)
def test_read_facts_fifth_round_answers_and_children(text: str, fact: str, value: str | None) -> None:
    assert facts(text).get(fact) == value, facts(text)


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # a member of staff by title, when the writer is the manager
        ("Jag är förskolechef. En barnskötare säger att hennes sambo hotar henne.", "medarbetare", "utsatt"),
        ("Enhetschef här. En undersköterska har blåmärken på armarna.", "medarbetare", "utsatt"),
        ("En lärare säger att hennes sambo hotar henne.", "medarbetare", None),  # who writes is not said
        # a school level is a child's only when someone goes there
        ("Jag är rektor. En av lärarna på lågstadiet är rädd för sin man.", "alder", None),
        ("Hon går på mellanstadiet och vågar inte gå hem.", "alder", "barn"),
    ],
)
def test_read_facts_fifth_round_staff_by_title(text: str, fact: str, value: str | None) -> None:
    assert facts(text).get(fact) == value, facts(text)


def test_going_back_home_is_a_trip() -> None:
    # "back home" from Sweden is the home country ("going home" alone is home from school: no trip abroad)
    assert facts("she says the family goes back home this summer").get("avresa") == "planerad"
    assert facts("she is going home this summer").get("avresa") is None


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # someone in the work group; a member when the writer represents staff (union, safety representative)
        ("En i min personalgrupp har berättat att hennes sambo slår henne.", "medarbetare", "utsatt"),
        ("Jag är skyddsombud. En medlem har kontaktförbud mot sin förre man.", "medarbetare", "utsatt"),
        ("Som facklig företrädare har jag en medlem som har slagit sin fru.", "medarbetare", "utovar"),
        ("En medlem i föreningen berättar att hennes man slår henne.", "medarbetare", None),  # no staff named
        ("facklig företrädare medlem utsatt för våld av sin man", "medarbetare", "utsatt"),
        ("kollegan säger att exet skickar hotfulla meddelanden", "medarbetare", "utsatt"),
        # where the person works, known to the one who threatens
        ("min man hotar mig, han vet var jag jobbar", "hot-arbetsplats", "ja"),
        ("exet har dykt upp på förskolan där hon jobbar", "hot-arbetsplats", "ja"),
        ("exet vet inte var jag jobbar", "hot-arbetsplats", None),
        # children who live there; not knowing whether there are children at home
        ("Grannarna hör skrik. Det bor barn där.", "barn-i-hemmet", "ja"),
        ("det bor inga barn där", "barn-i-hemmet", "nej"),
        ("hon har två tonåringar som bor kvar hemma", "barn-i-hemmet", "ja"),
        ("jag vet inte om de har barn hemma", "barn-i-hemmet", "vet-ej"),
        # health clinics and the family centre are workplaces
        ("Jag jobbar på ungdomsmottagningen.", "roll", "vard-omsorg"),
        ("en förälder på familjecentralen", "roll", "socialtjanst"),
        # on the way to the airport now, departure today: danger now (for confirmation)
        ("de är på väg till flygplatsen nu", "akut", "ja"),
        ("Avresan är i dag kl 18.", "akut", "ja"),
        ("hon ska flyga i kväll", "akut", None),  # what is planned is a trip near, not danger now
        # violence told when the question is asked, words between them
        ("vi frågar alla om våld i samtalet å hon berättade att mannen slår henne", "svar", "ja"),
        ("när jag frågade om våld sa hon nej men berättade att mannen slår henne", "svar", "nej"),
        # an event abroad is a trip there, not someone abroad
        ("Familjen har bestämt. Bröllopet är i Irak i juli.", "avresa", "planerad"),
        ("Hon är i Irak och svarar inte.", "avresa", "utomlands"),
        # ages in words with a name, negated signs of honour
        ("mamma trettio pappa trettiotvå pappan slår mamman", "alder", "vuxen"),
        ("en tjej på fjorton vågar inte gå hem", "alder", "barn"),
        ("Det finns inget som tyder på heder, pojkvännen slår henne.", "heder", None),
    ],
)
def test_read_facts_sixth_round(text: str, fact: str, value: str | None) -> None:
    assert facts(text).get(fact) == value, facts(text)


@pytest.mark.parametrize(
    ("text", "fact", "value"),
    [
        # social services' own words: the assessment framework, the unit as a workplace, the title cut short
        ("BBIC-utredning. Pojke, 11, säger att pappa har slutat slå.", "roll", "socialtjanst"),
        ("Vid nybesök på BoU frågade jag om våld i familjen.", "roll", "socialtjanst"),
        ("Jag är socsekr. Mamman berättade att exmaken hotat henne.", "roll", "socialtjanst"),
        ("Anmälan till BoU är gjord.", "roll", None),  # reporting to the unit is not working there
        # the answer quoted first, then who said it
        ("Jag frågade om våld. 'Ja', svarade hon, 'av mitt ex'.", "svar", "ja"),
        ("Rutinfrågan: 'Har någon skadat dig?' 'Nej', sa patienten.", "svar", "nej"),
        (
            "Jag frågade om våld i familjen. Pappan svarade: 'sånt pratar vi inte om här'.",
            "svar",
            "vill-inte-svara",
        ),
        # the one who threatens says he will come to her work
        (
            "Hon har fått sms från sin man: 'jag kommer till ditt jobb i kväll'. Jag är hennes chef.",
            "hot-arbetsplats",
            "ja",
        ),
    ],
)
def test_read_facts_seventh_round(text: str, fact: str, value: str | None) -> None:
    assert facts(text).get(fact) == value, facts(text)
