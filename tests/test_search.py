"""Search: Swedish normalisation, the Hit contract, terms resolving to their target, and the CLI (JSON, batch, exits)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vinrguide.cli import main
from vinrguide.content.check import check_pack
from vinrguide.content.models import Term
from vinrguide.content.pack import load_pack
from vinrguide.content.plaintext import strip_markdown
from vinrguide.search import THRESHOLD, Hit, SearchIndex, content_words, fold, normalize, stem, words

from .shipped import ROOT, shipped_pack


@lru_cache(maxsize=1)
def index() -> SearchIndex:
    return SearchIndex.build(shipped_pack())


def refs(query: str, limit: int = 3) -> list[str]:
    return [hit.ref for hit in index().search(query, limit=limit)]


# ------------------------------------------------------------------ normalisation


def test_fold_drops_case_and_diacritics() -> None:
    assert (
        fold("Våld i NÄRA relationer, Hedersförtryck, Café") == "vald i nara relationer, hedersfortryck, cafe"
    )


def test_words_keep_numbers_and_split_on_punctuation() -> None:
    assert words("Åtgärd 2.5 – 15-årig elev (LVU)") == ["atgard", "2.5", "15", "arig", "elev", "lvu"]


@pytest.mark.parametrize(
    ("forms", "expected_same"),
    [
        (["barnet", "barnen", "barn"], True),
        (["könsstympning", "könsstympad"], True),
        (["orosanmälan", "orosanmälningar"], True),
        (["relation", "relationer"], True),
        (["skyldig", "skyldighet", "skyldiga"], True),
        (["barn", "barnäktenskap"], False),
    ],
)
def test_stemming_joins_inflections(forms: list[str], expected_same: bool) -> None:
    stems = {stem(fold(form)) for form in forms}
    assert (len(stems) == 1) == expected_same, stems


def test_function_words_are_dropped_unless_nothing_else_is_left() -> None:
    assert content_words("vad är ett utreseförbud") == ["utreseforbud"]
    assert content_words("vad är det") == ["vad", "ar", "det"]
    assert normalize("Barnen är rädda") == "barn radd"


@pytest.mark.parametrize(
    ("with_diacritics", "without"),
    [
        ("våld i nära relationer", "vald i nara relationer"),
        ("hedersförtryck", "hedersfortryck"),
        ("könsstympning", "konsstympning"),
        ("orosanmälan", "orosanmalan"),
        ("utreseförbud", "utreseforbud"),
    ],
)
def test_with_and_without_diacritics_give_the_same_hits(with_diacritics: str, without: str) -> None:
    assert index().search(with_diacritics) == index().search(without)


@pytest.mark.parametrize(
    ("query", "ref"),
    [
        ("utresförbud", "routine:forhindra-utlandsresa#utreseforbud"),  # a letter missing
        ("könstympning", "routine:forhindra-utlandsresa#konsstympning"),  # a common misspelling
        ("kvinofridslinjen", "unit:kvinnofridslinjen"),
        ("nexsus", "unit:nexus"),
        ("hedersrelaterat vlåd", "routine:begrepp#hedersrelaterat-vald-och-fortryck"),  # swapped letters
    ],
)
def test_typos_are_forgiven(query: str, ref: str) -> None:
    assert ref in refs(query)


@pytest.mark.parametrize(
    ("query", "ref"),
    [
        (
            "tvångsgifte",
            "routine:forhindra-utlandsresa#barnaktenskap-och-tvangsaktenskap",
        ),  # synonym in terms.toml
        ("förbud att resa ut", "routine:forhindra-utlandsresa#utreseforbud"),  # a compound's parts
        ("utresa", "routine:forhindra-utlandsresa#utreseforbud"),  # a compound's head
        ("anmälningsplikt", "routine:agera-vid-misstanke#vem-ar-skyldig-att-anmala"),
    ],
)
def test_compounds_and_synonyms(query: str, ref: str) -> None:
    assert ref in refs(query, limit=5)


# The first hit for an abbreviation: its definition, or what staff act on (a section a guide cites, the guide, the
# unit of that name): sections no guide cites give way on a near tie (search.BACKGROUND).
@pytest.mark.parametrize(
    ("query", "right"),
    [
        ("ViNR", {"routine:begrepp#vald"}),
        ("HRV", {"routine:begrepp#hedersrelaterat-vald-och-fortryck", "flow:misstanke"}),
        ("HRVF", {"unit:resurscentrum-heder"}),  # the unit's own name is "Resurscentrum HRVF"
        ("LVU", {"routine:begrepp#forkortningar", "routine:forhindra-utlandsresa#utreseforbud"}),
        ("SoL", {"routine:agera-vid-misstanke#barn-anmal-genast"}),
        ("FGM", {"routine:forhindra-utlandsresa#konsstympning"}),
        ("Nationella kompetensteamet", {"unit:nch"}),  # an old name
    ],
)
def test_abbreviations_and_old_names(query: str, right: set[str]) -> None:
    assert refs(query)[0] in right


# ------------------------------------------------------------------ the Hit contract


def test_hits_follow_the_contract() -> None:
    hits = index().search("orosanmälan barn", limit=10)
    assert 1 <= len(hits) <= 10
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        assert THRESHOLD <= hit.score <= 100
        assert hit.kind in ("flow", "routine", "unit")
        assert hit.ref.startswith(f"{hit.kind}:")
        assert hit.title
        assert "**" not in hit.snippet and "](" not in hit.snippet
    with pytest.raises(dataclasses.FrozenInstanceError):
        hits[0].score = 1.0  # type: ignore[misc]
    assert len({h.ref for h in hits}) == len(hits)


def test_limit_is_respected() -> None:
    assert len(index().search("våld", limit=2)) == 2
    assert index().search("våld", limit=0) == []


def _content_texts() -> list[str]:
    pack = shipped_pack()
    texts = [f.description for f in pack.flows.values()]
    texts += [u.description for u in pack.units.values()] + [u.name for u in pack.units.values()]
    for routine in pack.routines.values():
        texts.append(routine.meta.summary)
        texts += [strip_markdown(line) for line in routine.body.splitlines()]
        texts += routine.body.splitlines()
    return texts


@pytest.mark.parametrize(
    "query", ["utreseförbud", "nexus telefon", "FGM", "eftervåld", "forced marriage", "HRVF"]
)
def test_snippets_are_quotes_from_the_content(query: str) -> None:
    texts = _content_texts()
    for hit in index().search(query, limit=5):
        quote = hit.snippet.removesuffix("…")
        parts = quote.split(" – ") if hit.ref.endswith("#forkortningar") else [quote]
        for part in parts:
            assert any(part in text for text in texts), f"{hit.ref}: {part!r} is not in the content"


def test_terms_resolve_to_their_target() -> None:
    pack = shipped_pack()
    by_ref = {doc.ref for doc in index().docs}
    assert pack.terms, "routines/terms.toml has terms"
    for term in pack.terms:
        assert term.ref in by_ref
    hit = index().search("Nationella kompetensteamet", limit=1)[0]
    assert (hit.ref, hit.kind) == ("unit:nch", "unit")


def test_related_flows_of_a_hit() -> None:
    assert "utlandsresa" in index().related_flows("routine:forhindra-utlandsresa#utreseforbud")
    assert index().related_flows("flow:misstanke") == ("misstanke",)
    assert "misstanke" in index().related_flows("unit:barn-och-unga")
    assert index().related_flows("routine:finns-inte#alls") == ()


def test_a_question_finds_a_contact_card() -> None:
    assert refs("nexus telefon")[0] == "unit:nexus"
    assert "unit:nexus" in refs("när är nexus öppet")


@pytest.mark.parametrize(
    "query", ["", "   ", "?!", "asdfghjkl", "qwerty zxcvb uiop", "x" * 5000, "123456789"]
)
def test_gibberish_and_empty_give_no_hits(query: str) -> None:
    assert index().search(query) == []


@given(st.text(max_size=300))
def test_any_text_is_safe(text: str) -> None:
    hits = index().search(text, limit=5)
    assert len(hits) <= 5
    assert all(THRESHOLD <= h.score <= 100 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_search_is_deterministic() -> None:
    again = SearchIndex.build(shipped_pack())
    for query in ("barn i hemmet", "vald", "tvangsgifte i sommar"):
        assert again.search(query) == index().search(query)


def test_build_and_query_are_fast_enough() -> None:
    pack = shipped_pack()
    start = time.perf_counter()
    built = SearchIndex.build(pack)
    build_ms = (time.perf_counter() - start) * 1000
    timings = []
    for query in (
        "orosanmälan",
        "min medarbetare blir slagen av sin man",
        "kvinofridslinjen",
        "vad är HRV",
    ) * 5:
        start = time.perf_counter()
        built.search(query)
        timings.append((time.perf_counter() - start) * 1000)
    # generous bounds for a loaded CI machine; `make bench` measures the real figures (targets 200 ms and 5 ms)
    assert build_ms < 1000
    assert sorted(timings)[len(timings) // 2] < 25


def test_a_term_with_a_dangling_ref_is_skipped() -> None:
    pack = load_pack(ROOT)
    pack.terms.append(Term(id="x", term="zebrafink", ref="routine:finns-inte#alls"))
    assert SearchIndex.build(pack).search("zebrafink") == []


# ------------------------------------------------------------------ VG207


def test_shipped_terms_have_no_vg207() -> None:
    assert [f for f in check_pack(shipped_pack()) if f.code in ("VG206", "VG207")] == []


def test_vg207_a_phrase_claimed_by_two_targets_or_empty() -> None:
    pack = load_pack(ROOT)
    pack.terms.append(Term(id="dubbel", term="Hedersfortryck", ref="unit:nexus"))  # hrv has "hedersförtryck"
    pack.terms.append(Term(id="tom", term="tom", synonyms=(" ",), ref="unit:nexus"))
    found = [f for f in check_pack(pack) if f.code == "VG207"]
    assert len(found) == 2
    assert any("hrv" in f.message for f in found)
    assert all(f.severity == "error" and f.file == "routines/terms.toml" for f in found)


def test_vg207_same_phrase_same_target_is_fine() -> None:
    pack = load_pack(ROOT)
    pack.terms.append(Term(id="igen", term="HRV", ref="routine:begrepp#hedersrelaterat-vald-och-fortryck"))
    assert [f for f in check_pack(pack) if f.code == "VG207"] == []


# ------------------------------------------------------------------ the command line


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "vad är utreseförbud", "--json", "--limit", "3")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"query", "hits", "facts"}
    assert data["query"] == "vad är utreseförbud"
    assert data["facts"] == []  # the question states no facts
    assert 1 <= len(data["hits"]) <= 3
    for hit in data["hits"]:
        assert set(hit) == {"ref", "kind", "title", "score", "snippet"}
        assert isinstance(hit["score"], float) and 0 <= hit["score"] <= 100
    assert data["hits"][0]["ref"] == "routine:forhindra-utlandsresa#utreseforbud"


def test_cli_options_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json", "search", "nexus", "telefon")
    assert code == 0
    assert json.loads(out)["hits"][0]["ref"] == "unit:nexus"


def test_cli_no_hits_is_an_empty_list_and_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "asdfghjkl", "--json")
    assert code == 0
    assert json.loads(out) == {"query": "asdfghjkl", "hits": [], "facts": []}


def test_cli_readable_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "eftervåld")
    assert code == 0
    assert "routine:begrepp#eftervald" in out and not out.lstrip().startswith("{")
    code, out, _ = run(capsys, "search", "xyzzy")
    assert code == 0 and "Ingen träff" in out and "flow:misstanke" in out


def test_cli_bad_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search", "nexus", "--limit", "0")
    assert code == 2 and "--limit" in err


def test_cli_bad_content_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "search", "nexus", "--json", "--content", str(tmp_path / "finns-inte"))
    assert code == 1 and out == ""


def test_cli_batch_from_stdin_one_json_line_per_query() -> None:
    queries = ["vad är utreseförbud", "", "asdfghjkl", "könstympning", "HRV", "nexus telefon"]
    result = subprocess.run(
        [sys.executable, "-m", "vinrguide", "search", "--json", "-"],
        input="\n".join(queries) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(queries)
    answers = [json.loads(line) for line in lines]
    assert [a["query"] for a in answers] == queries
    assert answers[1]["hits"] == [] and answers[2]["hits"] == []
    assert answers[3]["hits"][0]["ref"] == "routine:forhindra-utlandsresa#konsstympning"
    assert "ö" in lines[0] or "ö" in json.dumps(answers[0], ensure_ascii=False)  # UTF-8, not \\u escapes


def test_cli_batch_answers_each_line_before_the_next_arrives() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "vinrguide", "search", "--json", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )
    assert process.stdin and process.stdout
    try:
        for query in ("nexus", "utreseförbud"):
            process.stdin.write(query + "\n")
            process.stdin.flush()
            answer = json.loads(process.stdout.readline())  # would hang if the answer were not flushed
            assert answer["query"] == query and answer["hits"]
    finally:
        process.stdin.close()
        process.wait(timeout=30)
    assert process.returncode == 0


# ------------------------------------------------------------------ issue 14: what was read, one ranking, silence


def test_cli_json_carries_the_facts_read_from_the_query(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "hon är 16 och flyget går på lördag, hon vill inte", "--json")
    assert code == 0
    facts = {f["fact"]: f for f in json.loads(out)["facts"]}
    assert facts["alder"]["value"] == "barn" and facts["alder"]["phrase"] == "hon är 16"
    assert facts["avresa"]["value"] == "nara"
    assert "akut" not in facts  # a trip on Saturday is not danger now, and akut = nej is never read


def test_cli_json_never_reads_akut_nej(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "ingen fara just nu, hon är inte i fara", "--json")
    assert code == 0
    assert all(f["fact"] != "akut" for f in json.loads(out)["facts"])


def test_hits_are_ranked_best_first_across_kinds() -> None:
    # one ranking: scores fall from the first hit, whatever its kind (the surfaces show this order as it is)
    for query in ("nexus telefon", "utreseförbud", "min medarbetare blir slagen av sin man", "socialjouren"):
        hits = index().search(query)
        assert hits, query
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True), query
    assert index().search("nexus telefon")[0].kind == "unit"
    assert index().search("nexus telefon")[0].ref == "unit:nexus"


@pytest.mark.parametrize(
    "query",
    [
        "julbord anmälan",
        "glömt lösenord till datorn",
        "simhallen öppettider",
        "vab anmälan",
        "semesteransökan sommar",
        "arbetsskada anmälan",  # the workplace's own reporting (fourth round)
        "tillbudsrapport halkolycka",
    ],
)
def test_municipal_queries_off_the_topic_give_no_hits(query: str) -> None:
    assert index().search(query) == []


def test_a_number_the_content_lacks_does_not_halve_the_confidence() -> None:
    plain = index().search("hon ska giftas bort")
    with_age = index().search("hon ska giftas bort, hon är 19")
    assert plain and with_age and with_age[0].ref == plain[0].ref
    assert with_age[0].score >= plain[0].score - 5


def test_an_arranged_marriage_is_not_a_forced_one() -> None:
    # issue 11 finding 17: "arrangerat äktenskap" is not a synonym of tvångsäktenskap
    terms = {t.id: t for t in shipped_pack().terms}
    assert all("arrangerat" not in fold(x) for x in terms["tvangsaktenskap"].synonyms)


def test_english_descriptions_find_the_guide() -> None:
    first = refs("forced marriage")[0]  # the guide, or a section only that guide cites
    assert first == "flow:utlandsresa" or index().related_flows(first) == ("utlandsresa",)
    assert refs("domestic violence helpline")[0] == "unit:kvinnofridslinjen"


def test_ambiguous_guides_are_named_only_when_close() -> None:
    def flow_hit(flow_id: str, score: float) -> Hit:
        return Hit(f"flow:{flow_id}", "flow", flow_id, score, "")

    close = [flow_hit("misstanke", 71.0), flow_hit("utlandsresa", 70.0)]
    assert index().ambiguous(close) == ("misstanke", "utlandsresa")
    far = [flow_hit("misstanke", 80.0), flow_hit("utlandsresa", 60.0)]
    assert index().ambiguous(far) is None
    contact_first = [Hit("unit:nexus", "unit", "Nexus", 90.0, ""), *close]
    assert index().ambiguous(contact_first) is None  # a contact is looked for, not a guide
    assert index().ambiguous([]) is None
    assert index().ambiguous(index().search("nexus telefon")) is None


def test_one_fold_for_every_surface() -> None:
    from vinrguide import text
    from vinrguide.content.anchors import anchor_of

    assert fold is text.fold  # search and facts_from_text compare with the same fold
    assert text.fold("Våld i NÄRA relationer – Straße") == "vald i nara relationer – strasse"
    assert text.fold("Ærø İstanbul Жанна") == "aero istanbul жанна"  # letters without an ASCII base stay
    folded, where = text.fold_map("Åsa ß!")
    assert folded == "asa ss!" and where == [0, 1, 2, 3, 4, 4, 5]
    for heading in (
        "Gör inte",
        "Om avresan är nära",
        "Barn – anmäl genast",
        "Vuxen – samtycke och sekretess",
    ):
        assert anchor_of(heading) == "-".join(words(heading))  # anchors keep design.md's slugs


def test_bm25f_weighs_names_over_body_and_saturates() -> None:
    from vinrguide.bm25f import BM25F, snowball

    model = BM25F()
    model.add(0, "names", ["utreseforbud"])
    model.add(1, "body", ["utreseforbud", "och", "annat"])
    model.add(2, "body", ["utreseforbud"] * 20 + ["annat"] * 20)
    model.add(3, "body", ["annat"])
    model.finish()
    scores = model.match([snowball("utreseforbud")], [1.0])
    assert scores[0] > scores[1]  # one mention in a name beats one in the body
    assert scores[2] < 2 * scores[1]  # twenty mentions are not twenty times one (saturation)
    assert all(0.0 < v < 1.0 for v in scores.values()) and 3 not in scores
    assert snowball("barnen") == snowball("barn")


def test_a_heading_repeated_across_routines_does_not_fill_the_first_hits() -> None:
    first = index().search("akut fara", limit=3)
    titles = [h.title.split(" (")[0] for h in first if h.kind == "routine"]
    assert len(titles) == len(set(titles)) or len(titles) < 3  # not "Vid akut fara" three times
    assert "unit:akut-112" in [h.ref for h in first]


# ------------------------------------------------------------------ issue 14: silence for the workplace's everyday


@pytest.mark.parametrize(
    "query",
    [
        "ansöka om semester i sommar",
        "skrivaren på plan 2 skriver inte",
        "teams fungerar inte",
        "när kommer lönen",
        "phone number IT helpdesk",
        "boka tjänsteresa med flyg",
        "parkering vid jobbet",
        "nyckelutlämning nya hyresgäster",
    ],
)
def test_everyday_workplace_queries_get_no_hits(query: str) -> None:
    assert refs(query) == []


@pytest.mark.parametrize(
    ("query", "right"),
    [
        ("telefonnummer till socialjouren", "unit:socialjouren"),
        ("phone number kvinnofridslinjen", "unit:kvinnofridslinjen"),
        ("semesterresa till hemlandet", "routine:forhindra-utlandsresa#infor-lov-och-ferier"),
        ("i sommar ska hon resa till hemlandet", "flow:utlandsresa"),
    ],
)
def test_real_queries_with_everyday_words_are_still_answered(query: str, right: str) -> None:
    assert refs(query)[0] == right


# fourth round (issue 14): vocabulary by kind in terms.toml, each in other words than the blind sets' queries
@pytest.mark.parametrize(
    ("query", "ref"),
    [
        ("stödtelefon för barn och unga", "unit:bris"),  # a helpline for the young
        ("youth helpline", "unit:bris"),
        ("exet har lagt en spårningsapp i hennes mobil", "routine:begrepp#former-av-vald"),  # digital control
        ("han är utsatt av sin fru, vart vänder han sig", "unit:nexus"),  # Nexus: adults of any gender
    ],
)
def test_the_fourth_rounds_vocabulary_finds_its_target(query: str, ref: str) -> None:
    assert ref in refs(query, limit=2)


def test_english_for_staff_subjected_to_violence_finds_the_managers_guide_first() -> None:
    assert refs("domestic violence at work")[0] == "flow:chef-medarbetare"  # not the women's helpline


def test_a_stated_fact_raises_its_guide_when_the_guide_scores_by_its_section() -> None:
    # the trip guide scores here by its forced-marriage section (GUIDE_SHARE of it); the departure the text states
    # ("next week", a flight) raises it all the same, above the general suspicion sections
    query = "the family is flying her back home next week to get married"
    index().clear_cache()
    assert index().search(query)[0].ref == "flow:utlandsresa"


# seventh round (issue 14): the shipped vocabulary for reporting on suspicion, not daring to go home, one's own
# violence, and the workplace's own business; each in other words than the evaluation sets' queries
@pytest.mark.parametrize(
    ("query", "ref"),
    [
        (
            "måste jag anmäla om jag bara tror att något är fel",
            "routine:agera-vid-misstanke#barn-anmal-genast",
        ),
        ("do I need proof to report", "routine:agera-vid-misstanke#barn-anmal-genast"),
        (
            "chauffören säger att tjejen inte vågar åka hem",
            "routine:agera-vid-misstanke#om-barnet-inte-kan-ga-hem",
        ),
        ("jag hotar min sambo och vill sluta", "unit:mvu"),  # the help to stop, not the manager's guide
    ],
)
def test_the_seventh_rounds_vocabulary_puts_its_target_first(query: str, ref: str) -> None:
    assert refs(query)[0] == ref


@pytest.mark.parametrize(
    "query",
    [
        "ändrad arbetstid i schemat",
        "skolresa till Stockholm i maj",
        "boka vigsel i rådhuset",
        "byta pass på lördag",
    ],
)
def test_the_seventh_rounds_office_words_answer_nothing(query: str) -> None:
    assert refs(query) == []
