"""Swedish retrieval over the content pack: flows, routine sections, units and terms in one index.

Only the content speaks: a hit is a ref into the pack, and its snippet is a quote from the content (a line of the
section, the unit's description, the flow's description). Nothing is generated.

API (no UI imports; the app, the web app and `vinrguide search` use exactly this):

    index = SearchIndex.build(pack)            # tens of milliseconds on the shipped pack; build once
    hits = index.search("vad är utreseförbud", limit=10)   # list[Hit], best first; [] below THRESHOLD
    hit.ref, hit.kind, hit.title, hit.score, hit.snippet   # "routine:ID#anchor" | "flow:ID" | "unit:ID"; 0–100
    index.ambiguous(hits)                      # ("misstanke", "utlandsresa") when the two best guides are close
    index.related_flows(hit.ref)               # the guides to offer beside a hit
    # facts and guide suggestions from a description: vinrguide.facts_from_text.read_facts / suggest_flows

For the surfaces (TUI start screen, palette, web app; issue 14):
- Show `hits` in the order given, one list, the kind beside each (guide, section, contact): that order is the ranking.
  Scores fall from the first hit down, so the first hit is the one to highlight.
- When `index.ambiguous(hits)` gives two guide ids, ask which one ("Gäller det … eller …?", the two flows' titles)
  before opening either; otherwise offer the first hit's guide. It is None when the best hit is a contact.

How a query is matched
- Normalisation: vinrguide.text.fold (lower case, diacritics folded: "vald i nara relationer" is "våld i nära
  relationer"); Swedish and English function words and verb particles ("skriver ut") are dropped, and so is a single
  letter (a label: "trappuppgång C", "plan B"); a number the content does not have, in digits or in words
  ("nitton"), is left out, and so is an age ("14-åring", "16 år": no "14 kap.").
- Grammar: the words a denying determiner takes back are not asked about ("hedersförtryck men ingen resa planerad"
  asks about honour, not a trip: ingen, inget, inga, no, without; two meaningful words after it); "man" after a verb
  or a question word is the pronoun ("hur gör man", "kan man"), not a husband.
- Inflections: a light Swedish suffix stemmer ("barnet", "barnen" → "barn"; "könsstympning", "könsstympad" →
  "konsstymp"), and stems that differ only by a short ending count as the same word ("anmäl", "anmälde").
- Compounds: a query word may match the head or the tail of a compound in the content ("förbud" ↔ "utreseförbud"), and
  an unknown query compound is split into known parts ("tvångsgifte" → "tvångs" + "gifte", both needed). A compound
  of a longer word that ends the same way is not one of the query word ("arbetsuppgift" is "arbets" + "uppgift", no
  "gift"; a particle before it, "upp", makes no compound either).
- Abbreviations: a word the content lacks that staff write short (everyday.ABBREVIATIONS: "vh", "bru", "pat",
  "medarb") is read as the word it stands for; one written with a period ("orosanm.", "anm.") as the content words it
  begins.
- Typos: a word the content does not know is corrected to the nearest content word (rapidfuzz, optimal string
  alignment: one edit, or in a short word two swapped letters or a dropped one; two edits only in long words with the
  first letter kept).
- Terms, synonyms, abbreviations, old names, English words and trigger phrases from routines/terms.toml are indexed as
  names of the section, flow or unit they point to; unit aliases and flow triggers likewise. A guide also indexes its
  questions and the titles of its outcomes.

Ranking: two lexical signals over the same fields, fused.
1. Coverage: each query word weighs its rarity, log(1 + documents / documents it matches in any way); a word the
   content does not know weighs UNKNOWN times the query's rarest known word. A document's coverage is the weighted
   sum of the query words it matches, each counted by where it is found (title, name or trigger phrase 1.0;
   description 0.7; body 0.6–0.75; context 0.35) and by how (exact 1.0, inflection 0.9, compound part 0.75, corrected
   typo 0.8/0.65). Its confidence is the share of the query it covers, or, for a long description of a situation, 0.8
   once it has enough evidence (EVIDENCE); its score is 80 % confidence and up to 20 % the closeness of the whole
   query to the document's best name (rapidfuzz).
2. BM25F (vinrguide.bm25f) over the same fields with Swedish Snowball stems, which saturates repeated words and weighs
   fields apart, so one rare word does not decide alone.
The two rankings are fused by reciprocal rank (RRF_K); the fused order is scored from the best coverage score down. A
name of two to four words that a longer query holds as a phrase, one other word allowed inside ("fråga om våld", "hur
ställer man frågan") besides people and everyday words ("fråga alla nya deltagare om våld"), says what the query asks:
that document scores at least NAMED_FLOOR and is raised by NAMED (not a background section, nor a section when the
query asks whom to turn to) – unless the query has an office word. A fact the query states (vinrguide.facts_from_text)
that only one guide asks about ("medarbetare", "avresa") raises that guide by STATED in a description (three words or
more), however the guide scored (its own words or its section's); a contact whose audience (units.toml) is not the age
the query states ("en kvinna", "en 14-åring") gives way (OTHER_AUDIENCE). A section no guide cites gives way on a near
tie (BACKGROUND), and so does a section whose heading a better section of another routine has ("Vid akut fara" three
times: REPEATED); a guide then scores GUIDE_SHARE of the best section of the routine it walks through. On equal
scores: contact, section, guide.

Silence: nothing is returned when the best coverage score is below THRESHOLD, or when no query word is found as
written (or by one slip) beyond the words of a unit card ("telefonnummer", "öppettider"), an everyday word or a
one-digit number ("plan 3"): "julbord anmälan", "vab anmälan" and "simhallen öppettider" are not about this content.
An office word (vinrguide.everyday) weighs OFFICE times what an unknown word weighs: it says what the query is about.
A query must rest on a topical word (third round, issue 14): a strong word that is not a person or a place
(everyday.SETTING_WORDS: "kidsen på fritids", "brorsan till en elev"), not a generic verb or a time of day
(everyday.EVERYDAY_WORDS, also when found in an inflected form: "bokar" as "boka"), and not a five-letter word
corrected by a changed letter ("svala" → "svara"); a description's evidence needs two such words found as written, not
only as a typo's correction ("förnya passet … med jobbet" has one). A violent verb with a particle is another verb
("slå ihop två filer", "slå upp", "slå av"); a word hyphened to an office word is the office's ("IT-systemet",
"vab-anmälan", "pdf-filer"); "ex" before a partner word is read as the former partner ("exmaken"); "tjej" or "kille"
after a possessive is a partner ("hans tjej slår honom" is not about the jour for girls). Swapping a shift ("byta
pass med en kollega") and enrolling a child ("anmäla barnet till förskolan") are the workplace's admin.

Who writes (seventh round, issue 14): one's own violence against a partner in the first person ("jag slår min fru",
"I hit my wife") is read as asking what helps the one who uses violence: the contacts named for them (a name or alias
with "våldsutövare") go first, below the acute contacts when someone is in danger now. Not a child: "jag slår mitt
barn" is a child to report. A section for adults (its heading begins "Vuxen": consent, an adult's forced marriage)
gives way when the query states a child (OTHER_AUDIENCE), as a contact for adults does.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from vinrguide.bm25f import BM25F, snowball
from vinrguide.content.models import text_for
from vinrguide.content.pack import ContentPack
from vinrguide.content.plaintext import strip_markdown
from vinrguide.everyday import (
    ABBREVIATIONS,
    ADMIN_FORMS,
    ENROLMENT_PLACES,
    EVERYDAY_WORDS,
    GENERIC_TAILS,
    SETTING_PHRASES,
    SETTING_TAILS,
    SETTING_WORDS,
    SHIFT_FORMS,
    SWAP_FORMS,
    absence_word,
    office_word,
)
from vinrguide.text import fold

__all__ = ["THRESHOLD", "Hit", "SearchIndex", "content_words", "fold", "normalize", "stem", "words"]

Kind = Literal["flow", "routine", "unit"]
# on equal scores the contact before the section about it ("Nexus"), and a section before the guide that walks
# through it (the guide has its own evidence, or GUIDE_SHARE of the section's, and is offered beside it)
KIND_ORDER: dict[str, int] = {"unit": 0, "routine": 1, "flow": 2}

THRESHOLD = 40.0  # a hit scores at least this much, else it is not shown
SNIPPET_CHARS = 240
UNKNOWN = 2.0  # an unknown query word weighs as much as (this share of) the query's rarest known word
OFFICE = 2.0  # an office word's weight against an unknown word's (vinrguide.everyday)
EVIDENCE = 8.0  # matched idf-weight that counts as enough evidence in a description, however long
EVIDENCE_WORDS = 2  # the strong words (see _strong) that evidence needs: one rare word is not a description

# Field weights: how much a match counts by where it is found.
TITLE = 1.0  # flow title, section heading, unit name
NAME = 1.0  # trigger phrase, alias, term, synonym
DESCRIPTION = 0.7  # flow description, unit description, routine summary, term explanation
BODY = 0.6  # section text (up to 0.75 when the word is repeated)
CONTEXT = 0.35  # the routine a section belongs to, what a unit card shows
PHRASE = 0.8  # each word of a name that is a phrase of PHRASE_WORDS or more words (a trigger describing a situation)
PHRASE_WORDS = 4

# What a unit's card shows, under these labels: words that ask about a contact, not about a topic. A query needs a
# word beyond them (and beyond two-slip corrections) to be answered: "simhallen öppettider" is not about Nexus.
CARD_WORDS = {
    "phone": "telefon telefonnummer nummer nr tel phone number telephone",
    "hours": "öppettider öppet hours opening",
    "address": "adress address",
    "web": "webb website",
}
# the shortest abbreviation written with a period that is read as the words it begins ("bru.")
CLIPPED_LETTERS = 3
SPLIT_PART = 4  # the shortest part of a query compound split in two ("förskole" + "barn")
TWO_SLIPS = 9  # the shortest word corrected by two edits

# The BM25F field each weight's text goes to.
# (a long trigger phrase is text about a situation, as a body is: measured better there than among the names)
_FIELD_OF = {TITLE: "names", DESCRIPTION: "description", BODY: "body", CONTEXT: "context", PHRASE: "body"}

# Fusion: the share of the confidence that comes from the coverage signal (the rest from BM25F).
COVERAGE_SHARE = 0.5
CANDIDATES = 30  # each signal's best documents that take part in the fusion
POOL = 300  # the documents BM25F scores: those with the most coverage
RRF_K = 10.0  # reciprocal-rank fusion: 1 / (RRF_K + rank)
AMBIGUOUS_GAP = 3.0  # two guides this close in score are asked about, not guessed between
RELATED_SHARE = 0.9  # a guide's score from a hit on a section or unit it cites
GUIDE_SHARE = 0.97  # a guide's share of the fused score of the best section of its routine
REPEATED = 0.85  # a section whose heading a better-ranked section of another routine has
CONTACT = 1.15  # a contact, when the query asks where to turn
# a contact that advises professionals (units.toml consultation), when the query asks to consult
CONSULT = 1.3
OWN_VIOLENCE_HELP = 1.01  # the contacts for those who use violence, when the query says "jag slår min fru"
ACUTE = 1.02  # the acute contacts' share of the best hit when the query says someone is in danger right now
ACUTE_SHOWN = 2  # how many acute contacts go first then (112 and the next in the directory)
# a guide's raise for a fact the query states that it (and few others) asks about; it decides between two close
# guides ("anställd misshandlar sin sambo" is the manager's guide; 0.35–0.5 measured alike, 0.7 too much)
STATED = 0.4
OTHER_AUDIENCE = 0.7  # a contact whose audience (units.toml) is not the age the query states
# a section for adults begins its heading so ("Vuxen – samtycke och sekretess"): it gives way for a child
ADULT_HEADINGS = frozenset(("vuxen", "vuxna"))
STATED_CHARS = 15  # … in a query of this many characters or more (three words: "kollega har blåmärken")
NAMED = 1.3  # a document whose short name the query holds as a phrase, in the ranking
NAMED_FLOOR = 50.0  # … and its score at least this (the query is about it)
PLAIN_INSIDE = 3  # people and everyday words a phrase of a short name may hold besides one other word
SHORT_NAME = (2, 4)  # the names that count as phrases: two to four meaningful words
BACKGROUND = 0.75  # a section that no guide's outcome cites, against one that is cited

# Match quality: how a query word matched a content word.
EXACT = 1.0
INFLECTION = 0.9  # same stem up to a short ending
COMPOUND = 0.75  # head or tail of a compound
TYPO_1 = 0.8
TYPO_2 = 0.65
SPLIT = 0.9  # a query compound split into parts, all found


def _wordlist(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Numbers written as words (folded), 2–99, and their values: "nitton" 19, "trettiotva" 32. For search, a number the
# content does not have says nothing about what a query is about, in words as in digits ("tvångsgifte nitton år" asks
# what "tvångsgifte 19 år" asks); facts_from_text reads ages from them ("han är åtta", "mamma trettio").
_ONES = ("tva", "tre", "fyra", "fem", "sex", "sju", "atta", "nio")
_TEENS = ("tio", "elva", "tolv", "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton")
_TENS = ("tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "attio", "nittio")
NUMBER_VALUES: dict[str, int] = {
    **{word: number for number, word in enumerate(_ONES, 2)},
    **{word: number for number, word in enumerate(_TEENS, 10)},
    **{ten: 20 + 10 * t for t, ten in enumerate(_TENS)},
    **{
        ten + one: 20 + 10 * t + number
        for t, ten in enumerate(_TENS)
        for number, one in ((1, "ett"), (1, "en"), *enumerate(_ONES, 2))
    },
}
NUMBER_WORDS = frozenset(NUMBER_VALUES)

# Function words (folded), Swedish and English, and the particles of verbs ("skriver ut", "fyller upp"). Normalisation,
# not content: they carry no topic. ("nu" and "just" are not among them: "just nu" is how staff say that danger is
# acute.)
STOPWORDS = frozenset(
    _wordlist(
        """
        och i pa att en ett som det den de ar jag du hon han hen vi ni dem mig dig sig oss er min mitt mina din
        ingen inget inga aring aringen aringar arig ariga arigt betyder betyda menas innebar
        ditt dina hans hennes deras sin sitt sina vad hur nar var vem vilken vilket vilka varfor om med for till av
        fran kan ska skall maste har hade fa far inte sa men eller ocksa da dar bara mycket nagot nagon
        nagra alla vid over utan sedan eftersom detta dessa denna blir bli blev vara varit ju nog ens annan andra
        sjalv innan efter fore under mellan genom hos at enligt samt aven igen ha henne honom mot
        ut upp ur
        blivit fatt sagt haft kunde kunnat skulle borde velat
        hela helt lite ganska valdigt jatte riktigt verkligen typ
        the a an of for to is are was be been what how my your his her their in on at do does did i me we you it
        this that these those about with when who whom where which can could should must may not no if or and as
        by from off out up year years mean means meaning
        dear hi hello please thanks find version english swedish
        """
    )
)

# a word and its period: an abbreviation, or a sentence's end (only a word the content lacks is read as one)
_CLIPPED = re.compile(r"(?<![a-z0-9])([a-z]+)\.(?![0-9])")
# an admin verb and "till" a place a child is enrolled in: "anmäla barnet till förskolan", "ansökan till fritids"
_ENROLMENT = re.compile(
    r"(?<![a-z])((?:anmal|ansok|registrer)[a-z]*) (?:[a-z]+ ){0,2}till ("
    + "|".join(sorted(ENROLMENT_PLACES))
    + r")\b"
)
_AGE = re.compile(r"(?<![0-9])([0-9]{1,2})(?: ?- ?| )?(?:ar|arig|ariga|arige|aring|aringen|years?)(?![a-z])")
_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")

# Swedish suffixes (folded), longest first; the stem keeps at least three letters.
_SUFFIXES = tuple(
    sorted(
        _wordlist(
            """
            heterna hetens ningarna ningarnas ningens ningen ningar ning anden andes andet arens arnas ernas heten
            heter ornas ande arne aren arna erna orna ades aste erns ens ade ern het ast ad en ar er or as es at et
            an a e
            """
        ),
        key=len,
        reverse=True,
    )
)
_S_ENDING = frozenset("bcdfghjklmnoprtvy")
_ENDING_LETTERS = frozenset("adenrst")  # what inflectional endings are made of, after stemming
_UNDOUBLE = ("dd", "gd", "nn", "dt", "gt", "kt", "tt", "mm", "ll", "ss")


def words(text: str) -> list[str]:
    """The folded words of a text, function words included."""
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A light Swedish stemmer on a folded word (Snowball's suffixes, plus -ning and -an)."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and word[-2] in _S_ENDING and len(word) > 4:
            word = word[:-1]
    if word.endswith(_UNDOUBLE) and len(word) > 4:
        word = word[:-1]
    for suffix in ("lig", "ig", "els"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word


def content_words(text: str) -> list[str]:
    """The folded words that carry meaning (function words dropped, unless that leaves nothing)."""
    found = words(text)
    kept = [w for w in found if w not in STOPWORDS]
    return kept or found


def normalize(text: str) -> str:
    """The stems of a text's meaningful words, space-separated: what search compares."""
    return " ".join(stem(w) for w in content_words(text))


# ---------------------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Hit:
    ref: str  # "flow:ID", "unit:ID" or "routine:ID#anchor"
    kind: Kind
    title: str
    score: float  # 0–100, highest first
    snippet: str  # plain text quoted from the content

    def as_json(self) -> dict[str, object]:
        return {
            "ref": self.ref,
            "kind": self.kind,
            "title": self.title,
            "score": self.score,
            "snippet": self.snippet,
        }


@dataclass
class _Doc:
    ref: str
    kind: Kind
    title: str
    names: tuple[str, ...] = ()  # normalised title and name phrases, for whole-query closeness
    lines: list[str] = field(
        default_factory=list
    )  # lines a snippet may quote (a section's: Markdown, shown plain)
    markdown: bool = False  # whether `lines` are Markdown
    line_stems: list[frozenset[str]] = field(default_factory=list)  # the stems of each line


# A query word, resolved against the index: the content stems it matches and how well, or parts that must all match.
@dataclass(frozen=True)
class _Token:
    word: str
    matches: tuple[tuple[str, float], ...]
    parts: tuple[_Token, ...] = ()
    corrected: bool = False  # the matches are corrections of a typo, not the word as written

    @property
    def known(self) -> bool:
        return bool(self.matches or self.parts)


class SearchIndex:
    """One index over a content pack. Build it once (`SearchIndex.build(pack)`), then `search(query)`."""

    def __init__(self) -> None:
        self.docs: list[_Doc] = []
        self.postings: dict[str, dict[int, float]] = {}
        self.flow_of_ref: dict[
            str, tuple[str, ...]
        ] = {}  # a section or unit ref → flows whose outcomes cite it
        self._by_ref: dict[str, int] = {}
        self._stems: list[str] = []
        self._tails: list[str] = []  # reversed stems, sorted
        self._words: list[str] = []
        self._word_stems: dict[str, str] = {}
        self._tf: dict[tuple[str, int], int] = {}
        self._resolved: dict[str, _Token] = {}
        self._direct_cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self.bm25 = BM25F()
        self._card_stems = frozenset(stem(w) for text in CARD_WORDS.values() for w in words(text))
        self._name_words: set[str] = (
            set()
        )  # the folded words of every title, term, synonym, alias and trigger
        self._place_stems: frozenset[str] = frozenset()  # the municipality's name
        self._pack: ContentPack | None = None  # for reading danger in a query (its free-text rules)
        self._acute: list[int] = []  # the acute contacts' documents, in the directory's order
        self._consulting: frozenset[int] = frozenset()  # the contacts that give professionals advice
        self._guide_of_routine: dict[str, int] = {}  # "routine:ID" → the doc of the guide citing it most
        self._askers: dict[str, list[int]] = {}  # a fact only one guide asks about → its doc
        # a contact's one-word name, as written (folded) → its docs
        self._proper_names: dict[str, list[int]] = {}
        self._phrases: dict[
            str, list[tuple[tuple[str, ...], int]]
        ] = {}  # first stem → (a short name, its doc)
        self._snowball_of: dict[
            str, str
        ] = {}  # a light stem → the Snowball stem of a content word that has it

    # ------------------------------------------------------------ building

    @classmethod
    def build(cls, pack: ContentPack) -> SearchIndex:
        index = cls()
        index._add_flows(pack)
        index._add_routines(pack)
        index._add_units(pack)
        index._add_terms(pack)
        index._pack = pack
        index._acute = [index._by_ref[f"unit:{u.id}"] for u in pack.units.values() if u.acute_help][
            :ACUTE_SHOWN
        ]
        index._consulting = frozenset(
            index._by_ref[f"unit:{u.id}"] for u in pack.units.values() if u.consultation
        )
        asked = {fid: {q.fact for q in flow.questions().values()} for fid, flow in pack.flows.items()}
        for fact in pack.facts:
            askers = [index._by_ref[f"flow:{fid}"] for fid, facts in asked.items() if fact in facts]
            if len(askers) == 1:  # a fact that says which situation it is (a person's age says no such thing)
                index._askers[fact] = askers
        # the municipality's own name ("Uppsala kommun") is on every page: it says nothing about a topic
        index._place_stems = frozenset(stem(w) for w in content_words(pack.info.municipality))
        index._finish()
        return index

    def _doc(self, ref: str, kind: Kind, title: str) -> int:
        self._by_ref[ref] = len(self.docs)
        self.docs.append(_Doc(ref, kind, title))
        return len(self.docs) - 1

    def _index(self, doc: int, text: str, weight: float, name: bool = False) -> None:
        found = words(text)
        if name:
            weight = _phrase_weight(text, found, weight)
            self._name_words.update(found)
        self.bm25.add(doc, _FIELD_OF.get(weight, "body"), [w for w in found if w not in STOPWORDS])
        if name:
            phrase = " ".join(stem(w) for w in found if w not in STOPWORDS)
            if phrase not in self.docs[doc].names:
                self.docs[doc].names += (phrase,)
        for word in found:
            self._word_stems.setdefault(word, stem(word))
            key = self._word_stems[word]
            quality = weight
            if weight == BODY:
                count = self._tf.get((key, doc), 0) + 1
                self._tf[(key, doc)] = count
                quality = BODY + 0.05 * min(count - 1, 3)
            row = self.postings.setdefault(key, {})
            if row.get(doc, 0.0) < quality:
                row[doc] = quality

    def _add_flows(self, pack: ContentPack) -> None:
        for flow in pack.flows.values():
            doc = self._doc(f"flow:{flow.id}", "flow", flow.title)
            self._index(doc, flow.title, TITLE, name=True)
            for phrase in flow.triggers:
                self._index(doc, phrase, NAME, name=True)
            if flow.measure:
                self._index(doc, f"åtgärd {flow.measure}", NAME, name=True)
            self._index(doc, flow.description, DESCRIPTION)
            # what the guide asks and where it ends: a situation is described in the words of its questions
            asked = [text_for(q.text, None) for q in flow.questions().values()]
            ends = [
                o.title if isinstance(o.title, str) else text_for(o.title, None)
                for o in flow.outcomes().values()
            ]
            self._index(doc, " ".join(asked + ends), BODY)
            self.docs[doc].lines = [flow.description]
            for outcome in flow.outcomes().values():
                for ref in outcome.routines:
                    self._cite(f"routine:{ref}", flow.id)
                for referral in outcome.referrals:
                    self._cite(f"unit:{referral.unit}", flow.id)

    def _cite(self, ref: str, flow_id: str) -> None:
        known = self.flow_of_ref.get(ref, ())
        if flow_id not in known:
            self.flow_of_ref[ref] = (*known, flow_id)

    def _add_routines(self, pack: ContentPack) -> None:
        for routine in pack.routines.values():
            meta = routine.meta
            for section in routine.sections:
                top = section.level == 1
                title = meta.title if top else f"{section.heading} ({meta.title})"
                doc = self._doc(f"routine:{routine.id}#{section.anchor}", "routine", title)
                self._index(doc, section.heading, TITLE, name=True)
                lines = _markdown_lines(section.body)
                self._index(doc, " ".join(_quick_plain(line) for line in lines), BODY)
                if top:
                    if meta.summary:
                        self._index(doc, meta.summary, DESCRIPTION)
                    if meta.measure:
                        self._index(doc, f"åtgärd {meta.measure}", NAME, name=True)
                else:
                    self._index(doc, meta.title, CONTEXT)
                if lines:
                    self.docs[doc].lines, self.docs[doc].markdown = lines, True
                elif top and meta.summary:
                    self.docs[doc].lines = [meta.summary]

    def _add_units(self, pack: ContentPack) -> None:
        for unit in pack.units.values():
            doc = self._doc(f"unit:{unit.id}", "unit", unit.name)
            self._index(doc, unit.name, TITLE, name=True)
            # a contact's proper name of one word ("Nexus – stöd till vuxna …", "BRIS") names it in any query, as
            # written ("rådgivning" is a word, "Rådgivningen" the name)
            proper = content_words(re.split(r"\s[–-]\s|\(", unit.name)[0])
            if len(proper) == 1 and not proper[0].isdigit():
                self._proper_names.setdefault(proper[0], []).append(doc)
            for alias in unit.aliases:
                self._index(doc, alias, NAME, name=True)
            self._index(doc, unit.description, DESCRIPTION)
            # What the unit's card shows (show.unit_card): its phone numbers, hours and address, under these labels.
            card = []
            if unit.phones:
                card += [CARD_WORDS["phone"], *(p.number for p in unit.phones)]
                for phone in unit.phones:
                    self._index(doc, phone.label, DESCRIPTION)
            if unit.hours or unit.always_open or unit.hours_note:
                card += [CARD_WORDS["hours"], unit.hours_note]
            if unit.address:
                card += [CARD_WORDS["address"], unit.address]
            if unit.web:
                card.append(CARD_WORDS["web"])
            self._index(doc, " ".join(card), DESCRIPTION)
            self.docs[doc].lines = _sentences(unit.description) or [unit.name]

    def _add_terms(self, pack: ContentPack) -> None:
        for term in pack.terms:
            doc = self._by_ref.get(term.ref)
            if doc is None:  # a dangling ref is VG206 for `check`; search skips it
                continue
            for phrase in (term.term, *term.synonyms, *term.triggers):
                if phrase.strip():
                    self._index(doc, phrase, NAME, name=True)
            if term.explanation:
                self._index(doc, term.explanation, DESCRIPTION)

    def _finish(self) -> None:
        self._stems = sorted(self.postings)
        self._tails = sorted(s[::-1] for s in self._stems)
        self._words = sorted(self._word_stems)
        self._tf = {}
        self.bm25.finish()
        # the routine a guide walks through: the one its outcomes cite most (a guide that cites two equally has none)
        cites: dict[str, dict[str, int]] = {}
        for ref, flows in self.flow_of_ref.items():
            if ref.startswith("routine:"):
                for flow_id in flows:
                    row = cites.setdefault(flow_id, {})
                    routine = ref.partition("#")[0]
                    row[routine] = row.get(routine, 0) + 1
        walked: dict[str, list[str]] = {}
        for flow_id, row in cites.items():
            most = max(row.values())
            mains = [r for r, count in row.items() if count == most]
            if len(mains) == 1 and f"flow:{flow_id}" in self._by_ref:
                walked.setdefault(mains[0], []).append(flow_id)
        for routine, walkers in walked.items():
            if len(walkers) == 1:
                self._guide_of_routine[routine] = self._by_ref[f"flow:{walkers[0]}"]
        for word, light in self._word_stems.items():
            snow = snowball(word)
            if self.bm25.knows(snow):
                self._snowball_of.setdefault(light, snow)
        for doc, item in enumerate(self.docs):  # the short names a query may hold as a phrase (_phrased)
            for name in item.names:
                parts = tuple(name.split())
                if SHORT_NAME[0] <= len(parts) <= SHORT_NAME[1] and not any(p.isdigit() for p in parts):
                    self._phrases.setdefault(parts[0], []).append((parts, doc))
        for item in self.docs:  # the stems of the lines a snippet may quote, so that no query waits for them
            item.line_stems = [frozenset(stem(w) for w in words(_quick_plain(line))) for line in item.lines]

    # ------------------------------------------------------------ resolving query words

    def _direct(self, word: str) -> tuple[tuple[str, float], ...]:
        """The content stems a word matches without splitting or correcting it."""
        cached = self._direct_cache.get(word)
        if cached is None:
            cached = self._direct_cache[word] = self._direct_uncached(word)
        return cached

    def _direct_uncached(self, word: str) -> tuple[tuple[str, float], ...]:
        found: dict[str, float] = {}

        def put(candidate: str, quality: float) -> None:
            if found.get(candidate, 0.0) < quality:
                found[candidate] = quality

        # a passive or genitive -s on a short word ("slås", "hotas") that the stemmer keeps
        passive = (word[:-1],) if word.endswith("s") and len(word) >= 4 else ()
        for key in dict.fromkeys((stem(word), word, *passive)):
            if key in self.postings:
                put(key, EXACT)
            if len(key) < 4:
                continue
            # the stem less a short inflectional ending ("anmald" → "anmal"; "gora" → "gor")
            bases = [key]
            for cut in range(max(3, len(key) - 3), len(key)):
                ending = key[cut:]
                if set(ending) <= _ENDING_LETTERS and (cut >= 4 or ending in ("a", "e")):
                    bases.append(key[:cut])
                    if key[:cut] in self.postings:
                        put(key[:cut], INFLECTION)
            # stems that extend the stem or its bases by a short ending ("anmal" → "anmalt"), or extend the stem
            # by a longer one (a compound's head: "utres" → "utreseforbud")
            for base in bases:
                start = bisect.bisect_left(self._stems, base)
                for candidate in self._stems[start : start + 400]:
                    if not candidate.startswith(base):
                        break
                    extra = candidate[len(base) :]
                    if not extra:
                        continue
                    if len(extra) <= 3 and set(extra) <= _ENDING_LETTERS:
                        put(candidate, INFLECTION)
                    elif base == key and len(key) >= 5 and len(extra) >= 3:
                        put(candidate, COMPOUND)
            if len(key) >= 4:
                # compounds that end with this word
                tail = key[::-1]
                start = bisect.bisect_left(self._tails, tail)
                for candidate in self._tails[start : start + 400]:
                    if not candidate.startswith(tail):
                        break
                    if len(candidate) >= len(tail) + 3 and self._a_compound_of(candidate[::-1], key):
                        put(candidate[::-1], COMPOUND)
        return tuple(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))

    def _a_compound_of(self, candidate: str, key: str) -> bool:
        """Whether a content word that ends with a query word is a compound of it ("tvångs|gift", "blå|märken"), not of
        a longer word that ends the same way ("arbets|uppgift", "upp|gift": "uppgift" is a word of its own)."""
        head = candidate[: -len(key)]
        if head in STOPWORDS or head in _PARTICLES:
            return False
        return not any(
            candidate[cut:] in self._word_stems or candidate[cut:] in self.postings
            for cut in range(1, len(head))
            if len(head) - cut >= 2  # "…uppgift": a word of two letters or more before the query word
        )

    def _split(self, word: str) -> tuple[_Token, ...]:
        """An unknown compound as two parts the content knows ("tvangsgifte" → "tvang", "gifte"): the split whose
        weaker part matches best, the longer head on a tie."""
        best: tuple[_Token, ...] = ()
        best_quality = 0.0
        for cut in range(len(word) - SPLIT_PART, SPLIT_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            tail_matches = self._direct(tail)
            if not tail_matches:
                continue
            heads = [head, head[:-1]] if head.endswith("s") and len(head) > 4 else [head]
            for candidate in heads:
                # a compound's head is a word as it stands, not an inflected one ("hemar|bete" is no split)
                if len(stem(candidate)) < len(candidate) - 1:
                    continue
                head_matches = self._direct(candidate)
                if head_matches:
                    quality = min(head_matches[0][1], tail_matches[0][1])
                    if quality < INFLECTION:  # each part a word of its own, not a piece of a longer one
                        continue
                    if quality > best_quality:
                        best_quality = quality
                        best = (_Token(candidate, head_matches), _Token(tail, tail_matches))
        return best

    def _corrected(self, word: str, limit: int) -> tuple[tuple[str, float], ...]:
        """The nearest content words to a misspelt one (at most `limit` edits; two only for long words)."""
        if len(word) < 3 or not word.isalpha() or (limit > 1 and len(word) < TWO_SLIPS):
            return ()
        # in a short word only two swapped letters ("vlad" → "vald") or a dropped one ("vld", "frga") count as a slip
        short = len(word) <= 4
        found: dict[str, float] = {}
        for candidate, distance, _ in process.extract(
            word, self._words, scorer=OSA.distance, score_cutoff=limit, limit=8
        ):
            swapped = len(word) == 4 and sorted(candidate) == sorted(word)
            if short and not (swapped or _dropped_letter(word, candidate)):
                continue
            if distance > 1 and candidate[0] != word[0]:  # two slips and another first letter: another word
                continue
            quality = TYPO_1 if distance <= 1 else TYPO_2
            key = self._word_stems[candidate]
            if found.get(key, 0.0) < quality:
                found[key] = quality
        return tuple(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))

    def _resolve(self, word: str) -> _Token:
        cached = self._resolved.get(word)
        if cached is not None:
            return cached
        token = _Token(word, self._direct(word))
        if not token.known and word.startswith(_FORMER) and len(word) >= 6:
            # "exmaken", "exsambon": the former partner, a part too short to split off ("ex" + "maken")
            rest = self._direct(word[2:])
            if rest:
                token = _Token(word, tuple((key, quality * SPLIT) for key, quality in rest))
        if not token.known:
            # a one-letter slip is likelier than a compound the content never uses; then a split; then two slips
            close = self._corrected(word, 1)
            parts = () if close or len(word) < 8 else self._split(word)
            head = () if close or parts else self._generic_head(word)
            if close or parts:
                token = _Token(word, close, parts, corrected=bool(close))
            elif head:
                token = _Token(word, head)
            else:
                token = _Token(word, self._corrected(word, 2), corrected=True)
        if len(self._resolved) > 50_000:
            self.clear_cache()
        self._resolved[word] = token
        return token

    def _generic_head(self, word: str) -> tuple[tuple[str, float], ...]:
        """The head of an unknown compound whose tail only says "a case of" ("hederssituation", "våldsproblematik":
        everyday.GENERIC_TAILS), as the head matches: the head is what the query is about."""
        for tail in GENERIC_TAILS:
            if word.endswith(tail) and len(word) - len(tail) >= SPLIT_PART:
                head = word[: -len(tail)]
                for candidate in (head, head[:-1]) if head.endswith("s") else (head,):
                    found = self._direct(candidate)
                    if found and found[0][1] >= INFLECTION:
                        return tuple((key, quality * SPLIT) for key, quality in found)
        return ()

    def clear_cache(self) -> None:
        """Forget how query words were resolved (the cache only saves time; results are the same)."""
        self._resolved.clear()
        self._direct_cache.clear()

    def _scores(self, token: _Token) -> dict[int, float]:
        """Per document: how well it matches this query word (0–1)."""
        if token.parts:
            per_part = [self._scores(part) for part in token.parts]
            common = set(per_part[0]).intersection(*per_part[1:])
            return {doc: SPLIT * min(part[doc] for part in per_part) for doc in common}
        scores: dict[int, float] = {}
        for key, quality in token.matches:
            for doc, weight in self.postings[key].items():
                value = quality * weight
                if scores.get(doc, 0.0) < value:
                    scores[doc] = value
        return scores

    # ------------------------------------------------------------ searching

    def search(self, query: str, limit: int = 10, *, threshold: float = THRESHOLD) -> list[Hit]:
        """The best hits for a query, highest score first; [] when nothing reaches the threshold (THRESHOLD unless
        given: facts_from_text.suggest_flows uses a lower one for long descriptions)."""
        folded = fold(query[:1000])  # folded once: its words, and the phrases the rules below read
        # function words alone ("vad är det") ask nothing the content can answer
        query_words = list(
            dict.fromkeys(
                w
                for w in _affirmed(
                    _without_particle_verbs(_without_pronoun_man(_partners(_TOKEN.findall(folded))))
                )
                if w not in STOPWORDS
                and not (len(w) == 1 and w.isalpha())  # a letter labels: "trappuppgång C"
            )
        )[:40]
        if not query_words or limit <= 0:
            return []
        # "jag skickade hem eleven": the one who writes sent someone home from here, no one is sent to another country
        sent = {m.group(1) for m in _SENT_HOME.finditer(folded)}
        query_words = [w for w in query_words if w not in sent]
        if not query_words:
            return []
        # "jag slår min fru", "I hit my wife": the one who writes uses violence, and asks what helps them stop
        own_violence = bool(_OWN_VIOLENCE.search(folded))
        if own_violence:
            query_words.append(USES_VIOLENCE)
        # a word joined to an office word by a hyphen is the office's business too ("IT-systemet", "vab-anmälan"), and
        # so is an admin verb with its office or absence object ("anmäla sjukfrånvaro", "simskola anmälan")
        hyphened = {
            tail for head, tail in _HYPHENED.findall(folded) if head == "it" or office_word(head)
        } | _admin_words(query_words)
        hyphened |= {verb for verb, _ in _ENROLMENT.findall(folded)}

        def office(word: str) -> bool:
            return word in hyphened or office_word(word)

        clipped = set(_CLIPPED.findall(folded))  # words written with a period: "orosanm.", "bru."
        tokens = [self._query_token(w, w in hyphened, w in clipped) for w in query_words]
        # a workplace of two words ("ekonomiskt bistånd") is a place, as "skolan" is: no topic
        placed = _setting_phrase_words(query_words)

        def topical(token: _Token) -> bool:
            return token.word not in placed and self._topical(token)

        # a number the content does not have ("hon är 19", "nitton år") says nothing about what the query is about
        # … nor does an age, even one the content has as another number ("14-åring" is no "14 kap."; "en 16 årig")
        ages = set(_AGE.findall(folded))
        tokens = [
            t
            for t in tokens
            if t.word not in ages and (t.known or not (t.word.isdigit() or t.word in NUMBER_WORDS))
        ]
        if not any(t.known for t in tokens):
            return []
        # … and a query rests on a word beyond people, places and everyday words ("kidsen på fritids", "elev med ADHD")
        if not any(map(topical, tokens)):
            return []
        per_token = [self._scores(t) if t.known else {} for t in tokens]
        n = len(self.docs)
        # a word's weight is its rarity: how few documents it matches in any way. A word the content does not know
        # weighs UNKNOWN times the query's rarest known word (relative, so that it means the same in a pack of any size)
        rarity = [_rarity(n, len(s)) for s in per_token if s]
        if not rarity:
            return []
        unknown = UNKNOWN * max(rarity)
        # an office word ("vab", "skrivaren") says what the query is about: twice what a word the content lacks weighs
        # … but a person, a place or an everyday word the content lacks ("snubben på praktiken") is common language,
        # not another topic: it weighs nothing (a title too when an office word begins it: "bibliotekarie")
        weights = [
            _rarity(n, len(s))
            if s
            else 0.0
            if t.word.endswith(SETTING_TAILS)
            or (not office(t.word) and _plain_word(t.word))
            or (t.parts and all(_plain_word(p.word) for p in t.parts))  # "personalgruppen"
            else unknown * (OFFICE if office(t.word) else 1.0)
            for t, s in zip(tokens, per_token, strict=True)
        ]
        total = sum(weights)
        coverage: dict[int, float] = {}
        for scores, weight in zip(per_token, weights, strict=True):
            for doc, value in scores.items():
                coverage[doc] = coverage.get(doc, 0.0) + weight * value
        if not coverage:
            return []
        query_norm = " ".join(stem(w) for w in query_words)
        # signal 1, coverage: the share of the query the document explains, or for a long description of a
        # situation, enough strong evidence (about two rare words found in names) even when much is not matched;
        # 80 % of its score, and up to 20 % the closeness of the whole query to the document's best name
        # … evidence from at least two words that carry a topic ("boka tjänsteresa flyg" has one: "flyg")
        # (people and places are no such words: "förnya passet … med jobbet" has one, "passet")
        # … found as written: a typo's correction is a guess ("policy" → "police" beside "salary" is about pay)
        # … and more of them than office words ("våldsamt regn översvämning i källaren" is about the weather)
        as_written = sum(topical(t) and not t.corrected for t in tokens)
        evidence = (
            EVIDENCE
            if as_written >= EVIDENCE_WORDS and as_written > sum(office(t.word) for t in tokens)
            else math.inf
        )
        covered = heapq.nsmallest(
            CANDIDATES,
            ((d, max(r / total, min(1.0, r / evidence) * 0.8)) for d, r in coverage.items()),
            key=lambda kv: (-kv[1], kv[0]),
        )
        first: dict[int, float] = {}
        closeness_of: dict[tuple[str, ...], float] = {}
        for doc, sure in covered:
            names = self.docs[doc].names
            closeness = closeness_of.get(names)
            if closeness is None:
                closeness = max((_closeness(query_norm, name) for name in names), default=0.0)
                closeness_of[names] = closeness
            first[doc] = 100.0 * (0.8 * sure + 0.2 * min(1.0, sure * 2) * closeness)
        # a name of a few words that the query holds as a phrase ("fråga om våld", "ställa frågan"): the query is about
        # it, however many other words it has (not when it is about the workplace's own business: an office word)
        phrased = self._phrased(query_norm.split())
        # a contact named by its proper name in a longer query ("anonym rådgivning hos Nexus"): raised, no floor
        proper = (
            {doc for w in query_words for doc in self._proper_names.get(w, ())}
            if len(query_words) > 1 and not any(office(w) for w in query_words)
            else set()
        )
        if phrased and not any(office(w) and w not in self._name_words for w in query_words):
            for doc in phrased:
                first[doc] = max(first.get(doc, 0.0), NAMED_FLOOR)
        else:
            phrased = set()
        best = max(first.values())
        if best < threshold:
            return []  # the query is not about what the content covers
        # BM25F over the documents the query touches most (all of them in a pack of the shipped size)
        pool = {d for d, _ in heapq.nlargest(POOL, coverage.items(), key=lambda kv: kv[1])}
        bm25 = self._bm25(tokens, pool)
        # signal 2, BM25F; the two ranks fused (reciprocal rank), and the fused order scored from the best hit's
        # coverage score down, so that a score says how sure the search is and the list stays best first
        by_first = sorted(first, key=lambda d: (-first[d], d))
        by_second = sorted(bm25, key=lambda d: (-bm25[d], d))[:CANDIDATES]
        fused: dict[int, float] = {}
        for ranking in (by_first, by_second):
            for rank, doc in enumerate(ranking):
                fused[doc] = fused.get(doc, 0.0) + 1.0 / (RRF_K + rank)
        # a guide is as good a first hit as the best section of the routine it walks through (it offers that
        # section too); a section no guide points to is background reading and gives way on a near tie
        sections = [d for d in fused if self.docs[d].kind == "routine"]
        background = _background_share(query)
        # … unless the query is the section's name: its heading or one of its terms ("ViNR", "handlingsplanen 2025")
        named = " ".join(w for w in query_norm.split() if not w.isdigit())
        for doc in sections:
            if self.docs[doc].ref not in self.flow_of_ref and named not in self.docs[doc].names:
                fused[doc] *= background
        # … and it goes first among near ties, unless it is background reading (a definition), or a section when
        # the query asks whom to turn to
        contact = _asks_for_contact(query)
        for doc in phrased | proper:
            kind = self.docs[doc].kind
            if kind == "unit" or (not contact and (kind == "flow" or self.docs[doc].ref in self.flow_of_ref)):
                fused[doc] = fused.get(doc, 0.0) * NAMED
        if contact:
            for doc in fused:
                if self.docs[doc].kind == "unit":
                    fused[doc] *= CONTACT
        # asking to consult about a case ("rådgöra om ett hedersärende", "ringa och fråga innan jag anmäler"): the
        # contacts that give professionals advice (units.toml consultation) come first among near ties
        if _CONSULT.search(fold(query)):
            for doc in fused:
                if doc in self._consulting:
                    fused[doc] *= CONSULT
        # a heading that several routines share ("Vid akut fara") says the same thing again: its best section
        # stands, the others give way so that the first hits are different things
        seen: set[str] = set()
        for doc in sorted(sections, key=lambda d: (-fused[d], d)):
            heading = self.docs[doc].names[0] if self.docs[doc].names else ""
            if heading in seen:
                fused[doc] *= REPEATED
            seen.add(heading)
        for doc in sections:
            guide = self._guide_of_routine.get(self.docs[doc].ref.partition("#")[0])
            if guide is not None:
                fused[guide] = max(fused.get(guide, 0.0), fused[doc] * GUIDE_SHARE)
        # the facts the query states raise their guides however those scored (their own words or their section's),
        # and set aside contacts for another age; danger now puts the acute contacts above all
        stated = self._stated(query)
        self._stated_facts_first(stated, fused)
        self._audience_fits(stated, fused)
        if own_violence:
            self._help_to_stop_first(fused)
        self._acute_first(query, fused)
        top_fused = max(fused.values())
        scored = [(round(best * value / top_fused, 1), doc) for doc, value in fused.items()]
        scored = [(score, doc) for score, doc in scored if score >= threshold]
        scored.sort(key=lambda sd: (-sd[0], KIND_ORDER[self.docs[sd[1]].kind], self.docs[sd[1]].ref))
        keys = {key for t in tokens for key in _keys(t)}
        return [self._hit(doc, score, keys) for score, doc in scored[:limit]]

    def _phrased(self, query_stems: list[str]) -> set[int]:
        """The documents with a name of SHORT_NAME words that stands in a longer query as a phrase, one other word
        allowed between two of its words ("hur ställer man frågan" holds "ställer frågan"). A query that is only the
        name is left to the closeness of the whole query (many documents may share such a name)."""
        found: set[int] = set()
        for i, first_stem in enumerate(query_stems):
            for name, doc in self._phrases.get(first_stem, ()):
                if len(name) < len(query_stems) and _holds(query_stems, i, name):
                    found.add(doc)
        return found

    def _stated(self, query: str) -> dict[str, str]:
        """The facts a description (STATED_CHARS or more) states: fact → value (vinrguide.facts_from_text)."""
        if self._pack is None or len(query) < STATED_CHARS:
            return {}
        from vinrguide.facts_from_text import read_facts  # it builds on this module

        return {guess.fact: guess.value for guess in read_facts(self._pack, query)}

    def _stated_facts_first(self, stated: dict[str, str], fused: dict[int, float]) -> None:
        """A fact the query states that only some guides ask about ("medarbetare misstänks slå sin fru": medarbetare,
        "ska åka till hemlandet på fredag": avresa) raises those guides by STATED, shared among them: the query is
        about their situation."""
        for fact in stated:
            askers = self._askers.get(fact, ())
            for doc in askers:
                if doc in fused:
                    fused[doc] *= 1.0 + STATED / len(askers)

    def _audience_fits(self, stated: dict[str, str], fused: dict[int, float]) -> None:
        """A contact for another age than the one the query states gives way (OTHER_AUDIENCE): a helpline for
        children is no first answer for "en kvinna", nor one for adults for "en 14-åring" (units.toml audience).
        So does a section for adults (its heading begins "Vuxen": consent, an adult's forced marriage) when the
        query is about a child: a child's case is reported whatever the child consents to. Not the other way round:
        what a section on children says also holds for an adult's children."""
        age = stated.get("alder")
        if age not in ("barn", "vuxen") or self._pack is None:
            return
        for doc in fused:
            item = self.docs[doc]
            if (
                item.kind == "routine"
                and age == "barn"
                and item.title.split(" ", 1)[0].lower() in ADULT_HEADINGS
            ):
                fused[doc] *= OTHER_AUDIENCE
            if item.kind != "unit":
                continue
            unit = self._pack.units.get(item.ref.removeprefix("unit:"))
            if unit is not None and unit.audience and age not in unit.audience:
                fused[doc] *= OTHER_AUDIENCE

    def _acute_first(self, query: str, fused: dict[int, float]) -> None:
        """Danger right now in the query ("han slår henne just nu", "står utanför nu"): the acute contacts (units.toml
        acute_help, 112 first) go to the top, in the directory's order, whatever else the query matches."""
        if not self._acute or self._pack is None:
            return
        from vinrguide.facts_from_text import reads_danger  # it builds on this module

        if not reads_danger(self._pack, query):
            return
        top = max(fused.values())
        for rank, doc in enumerate(self._acute):
            fused[doc] = top * (ACUTE - rank * 0.01)

    def _help_to_stop_first(self, fused: dict[int, float]) -> None:
        """One's own violence in the first person: the contacts named for those who use violence (a name or alias
        with "våldsutövare": MVU in Uppsala) go first; the content decides which they are."""
        named = self._scores(self._resolve(USES_VIOLENCE))
        helpers = [
            d for d, value in named.items() if self.docs[d].kind == "unit" and value >= NAME * INFLECTION
        ]
        if helpers:
            top = max(fused.values())
            for doc in helpers:
                fused[doc] = top * OWN_VIOLENCE_HELP

    def _strong(self, token: _Token) -> bool:
        """Whether a query word can make a hit: found as written (or by one slip that keeps its first letter), not
        only a card label, and not an everyday word ("boka", "sommar": vinrguide.everyday)."""
        word_stem = stem(token.word)
        everyday = _everyday_stems()
        if word_stem in everyday:  # before its parts: "beställer" is no "best" + "aller"
            return False
        if token.matches and all(key in everyday for key, _ in token.matches):
            return False  # "bokar" found as "boka"
        if token.parts:
            return all(self._strong(part) for part in token.parts)
        keys = {key for key, _ in token.matches}
        if not keys or keys & self._card_stems or token.matches[0][1] <= TYPO_2:
            return False
        if token.word.isdigit() and len(token.word) == 1:
            return False  # a one-digit number (a floor, a count: "plan 3") counts with the words beside it, never alone
        if token.corrected and not any(key[:1] == token.word[:1] for key in keys):
            return False  # "lonen" → "sonen": a slip in the first letter is rarer than another word
        return word_stem not in self._place_stems

    def _topical(self, token: _Token) -> bool:
        """Whether a query word can carry what a query is about: a strong word (see _strong) that is not a person or
        a place (vinrguide.everyday.SETTING_WORDS), nor a five-letter word corrected by a changed letter ("svala" →
        "svara", "matte" → "matta": in a short word another word is likelier than a slip)."""
        if stem(token.word) in _setting_stems() or _titled(token.word) or not self._strong(token):
            return False  # … a title or workplace made a compound too ("biståndshandläggare", "ärendehandläggning")
        if token.parts:
            return all(self._topical(part) for part in token.parts)
        if token.corrected and len(token.word) <= 5:
            return any(
                _dropped_letter(token.word, w) or sorted(w) == sorted(token.word) for w in self._near(token)
            )
        return True

    def _near(self, token: _Token) -> list[str]:
        """The content words a corrected query word was corrected to (one edit away)."""
        found = process.extract(token.word, self._words, scorer=OSA.distance, score_cutoff=1, limit=8)
        return [candidate for candidate, _, _ in found]

    def _query_token(self, word: str, office: bool = False, clipped: bool = False) -> _Token:
        """A query word resolved against the content; an office word ("skrivaren", "lönen", "julbord") as one the
        content does not know, unless the content names it (in a term, synonym, alias or heading: "nyckelperson");
        `office`: the word is joined to an office word by a hyphen, a compound no content names ("vab-anmälan").
        A word the content lacks as written may be an abbreviation: a known one (everyday.ABBREVIATIONS) is read as
        the word it stands for, and one written with a period (`clipped`) as the content words it begins."""
        if office or (office_word(word) and word not in self._name_words):
            return _Token(word, ())
        token = self._resolve(word)
        if token.known and not token.corrected:
            return token
        expansion = ABBREVIATIONS.get(word)
        if expansion is not None:
            full = self._resolve(expansion)
            if full.known:
                return _Token(word, full.matches, full.parts, full.corrected)
        if clipped and len(word) >= CLIPPED_LETTERS:
            begun = self._begun(word)
            if begun:
                return _Token(word, begun)
        return token

    def _begun(self, start: str) -> tuple[tuple[str, float], ...]:
        """The stems of the content words that begin with an abbreviation ("orosanm" → "orosanmal")."""
        found: dict[str, float] = {}
        first = bisect.bisect_left(self._words, start)
        for candidate in self._words[first : first + 400]:
            if not candidate.startswith(start):
                break
            if len(candidate) > len(start):
                found[self._word_stems[candidate]] = INFLECTION
        return tuple(sorted(found.items()))

    def _bm25(self, tokens: list[_Token], only: set[int] | None = None) -> dict[int, float]:
        """The BM25F signal: each query word by its Snowball stem, or, when the content has no such stem, by the
        content word it was corrected to or the parts it was split into; a word the content does not know at all
        weighs as much as the rarest stem (UNKNOWN times)."""
        stems: list[str] = []
        weights: list[float] = []
        unknown = 0
        for token in tokens:
            snow = snowball(token.word)
            if self.bm25.knows(snow):
                stems.append(snow)
                weights.append(1.0)
                continue
            if token.corrected or token.parts:
                resolved = [self._snowball_of.get(key) for key, _ in token.matches[:1]]
                resolved += [
                    self._snowball_of.get(key) for part in token.parts for key, _ in part.matches[:1]
                ]
                found = [r for r in resolved if r]
                if found:
                    stems += found
                    weights += [1.0 / len(found)] * len(found)
                    continue
            if not token.known:
                unknown += 1
            # a word the coverage signal finds only as an inflection or a compound part: BM25F abstains
        scores = self.bm25.match(stems, weights, only)
        if unknown and scores:
            most = math.log(1.0 + (self.bm25.documents - 0.5) / 1.5)
            known = sum(w * self.bm25.idf(s) for s, w in zip(stems, weights, strict=True))
            share = known / (known + UNKNOWN * most * unknown) if known else 0.0
            scores = {doc: value * share for doc, value in scores.items()}
        return scores

    def _hit(self, doc: int, score: float, keys: set[str]) -> Hit:
        item = self.docs[doc]
        line = _best_line(item.lines, item.line_stems, keys)
        return Hit(
            item.ref, item.kind, item.title, score, _shorten(_plain_line(line) if item.markdown else line)
        )

    def ambiguous(self, hits: list[Hit]) -> tuple[str, str] | None:
        """The two guides to ask between ("Gäller det … eller …?") when the two best are close, best first; else None.

        A guide's score is its own hit's, or RELATED_SHARE of the best hit on a section or unit that only its
        outcomes cite.
        Not asked when the best hit is a contact (the user looks for a unit, not a guide)."""
        if not hits or hits[0].kind == "unit":
            return None
        guides: dict[str, float] = {}
        for hit in hits:
            flows = self.related_flows(hit.ref)
            if len(flows) == 1:  # a section or unit that several guides cite says nothing about which
                share = 1.0 if hit.kind == "flow" else RELATED_SHARE
                guides[flows[0]] = max(guides.get(flows[0], 0.0), hit.score * share)
        ranked = sorted(guides.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(ranked) < 2 or ranked[1][1] < THRESHOLD or ranked[0][1] - ranked[1][1] > AMBIGUOUS_GAP:
            return None
        return ranked[0][0], ranked[1][0]

    def related_flows(self, ref: str) -> tuple[str, ...]:
        """The guides to offer beside a hit: a flow itself, or the flows whose outcomes cite this section or unit."""
        if ref.startswith("flow:"):
            return (ref.removeprefix("flow:"),) if ref in self._by_ref else ()
        return self.flow_of_ref.get(ref, ())

    def ref_title(self, ref: str) -> str | None:
        doc = self._by_ref.get(ref)
        return self.docs[doc].title if doc is not None else None


_DEFINITION = re.compile(
    r"\b(vad (ar|betyder|menas|innebar|raknas|star)|vilka (ar|raknas)|what (is|does|are)|definition|betyder|"
    r"innebar|meaning of)\b"
)


def _background_share(query: str) -> float:
    """The share a section no guide cites keeps: all of it when the query asks what something is ("vad räknas som
    …", "what is …": the definition is the answer); BACKGROUND otherwise (a situation wants the guide or contact)."""
    return 1.0 if _DEFINITION.search(fold(query)) else BACKGROUND


_WEB_ADDRESS = re.compile(r"^\S+\.[a-z]{2,4}(/\S*)?$")


# asking to consult about a case: "rådgöra", "rådfråga", "konsultera", "få råd", "ringa och fråga" (folded)
_CONSULT = re.compile(
    r"\b(radgor\w*|radfrag\w*|konsulter\w*|konsultation\w*|fa rad|(ringa|ringer|ring) (\w+ ){0,3}(och|for att) "
    r"fraga|consult\w*|get advice|ask for advice)\b"
)
_CONTACT = re.compile(
    r"\b(vart (hanvisar|vander|ringer|skickar|kan)|hanvisa\w*|vem (kontaktar|ringer|vander)|vilken (enhet|mottagning)|"
    r"kontakta\w*|stod|stodet|who (do i|to|should i) (call|contact)|refer\w*|support|helpline|"
    # whom one may ask or where someone may get help: "vem kan jag rådgöra med", "var kan en kvinna få stöd"
    r"vem kan (jag|vi|man|hon|han) (radgora|prata|ringa|fraga|vanda)\w*|vart? kan (\w+ ){1,6}fa (stod|hjalp)|"
    # "var vänder jag mig", "finns det någon hon kan ringa", "vart ska hon ringa"
    r"vart? vander (jag|vi|man|hon|han|hen)|nagon (\w+ ){0,2}kan ringa|vart? (ska|kan|bor) (jag|vi|hon|han|hen) "
    r"(ringa|vanda)|"
    # "finns det något ställe dit en 14-åring kan ringa", "en stödlinje där en kvinna kan prata", "rådgöra med någon"
    r"(nagot|nagonstans|dit|dar) ([\w-]+ ){0,3}kan (ringa|prata|vanda)|stodlinje\w*|stodtelefon\w*|"
    r"radgora med nagon|"
    r"where can (\w+ ){1,4}(get|find) (help|support)|who can (i|we|she|he) (call|ask|talk to)|advice line|hotline|"
    r"phone number|number for)\b"
)


def _holds(query_stems: list[str], start: int, name: tuple[str, ...]) -> bool:
    """Whether the name's stems follow each other in the query from `start`, at most one other word between two – and
    besides it up to PLAIN_INSIDE people and everyday words ("fråga alla nya deltagare om våld" holds "fråga om
    våld": whom one asks is not another topic)."""
    plain = _plain_stems()
    at = start
    for part in name[1:]:
        others = plains = 0
        at += 1
        while at < len(query_stems) and query_stems[at] != part:
            if query_stems[at] in plain:
                plains += 1
            else:
                others += 1
            if others > 1 or plains > PLAIN_INSIDE:
                return False
            at += 1
        if at >= len(query_stems):
            return False
    return True


@lru_cache(maxsize=1)
def _plain_stems() -> frozenset[str]:
    return _setting_stems() | _everyday_stems()


# determiners that deny the words after them: "ingen resa planerad" is not about a trip ("utan" is mostly "utan att")
_DENYING = frozenset(("ingen", "inget", "inga", "no", "without"))
DENIED_WORDS = 2  # the meaningful words after such a word that the query does not ask about


# "man" after a verb or a question word is the pronoun ("hur gör man", "kan man", "ställer man frågan"), not a husband
_MODALS = frozenset(
    ("kan", "ska", "skall", "far", "bor", "maste", "vill", "borde", "kunde", "skulle", "gor", "vet")
)
_ASKING = frozenset(("hur", "vad", "nar", "var", "vart", "vem", "om"))


def _without_pronoun_man(query_words: list[str]) -> list[str]:
    """The query's words less the pronoun "man" (one): a verb (modal, or present tense in -r) or a question word
    before it; "hennes man", "en man", "min man" keep it."""
    return [
        word
        for i, word in enumerate(query_words)
        if not (
            word == "man"
            and i > 0
            and (
                query_words[i - 1] in _MODALS
                or query_words[i - 1] in _ASKING
                or (len(query_words[i - 1]) > 3 and query_words[i - 1].endswith(("ar", "er", "or")))
            )
        )
    ]


# "tjej" and "kille" after a possessive are a partner ("hans tjej slår honom", "min kille"), not a girl or a boy
_POSSESSIVES = frozenset(("hans", "hennes", "sin", "min", "din", "deras"))
# One's own violence against one's partner, in the first person: the query is about the one who uses violence
# (USES_VIOLENCE joins its words). Only a partner: a parent who hits a child is a child to report (agera vid misstanke).
USES_VIOLENCE = "valdsutovare"
_OWN_PARTNER = (
    r"(fru|frun|fruga|hustru|man|mannen|make|maken|maka|sambo|sambon|partner|partnern|flickvan|flickvannen|pojkvan|"
    r"pojkvannen|tjej|ex|exet|wife|husband|girlfriend|boyfriend)"
)
_NOT_DENIED = r"(?:(?!inte |aldrig |not |never )[a-z]+ ){0,2}"  # up to two words between, none a denial
_OWN_VIOLENCE = re.compile(
    r"(?<![a-z])(?:jag (?:har |hade )?(?:slar|slog|slagit|hotar|hotade|hotat|misshandlar|misshandlat|misshandlade|"
    r"knuffar|knuffade|knuffat|sparkar|sparkade|stryper|strop) " + _NOT_DENIED + "min|"
    r"i (?:have |had )?(?:hit|hits|beat|beats|abuse|abused|threaten|threatened|push|pushed|hurt) "
    + _NOT_DENIED
    + "my) "
    + _OWN_PARTNER
    + r"(?![a-z])|(?<![a-z])(?:jag ar valdsam|jag blir valdsam|i am violent|i'm violent|im violent)(?![a-z])"
)
_DATING = frozenset(("tjej", "tjejen", "kille", "killen"))
# sending someone home, said by the one who did it ("jag skickade hem eleven", "vi har skickat hem barnet"): home from
# school or work, not "skickas hem" to another country, which the family does
_SENT_HOME = re.compile(r"(?<![a-z])(?:jag|vi) (?:har |hade )?(skickade|skickat|skickar|skicka) hem(?![a-z])")


def _partners(query_words: list[str]) -> list[str]:
    """The query's words with a girlfriend or boyfriend called "tjej" or "kille" read as a partner ("hans tjej" is not
    the jour for girls)."""
    return [
        "partner" if word in _DATING and i > 0 and query_words[i - 1] in _POSSESSIVES else word
        for i, word in enumerate(query_words)
    ]


# a verb of violence with a particle is another verb ("slå ihop två filer", "slå upp ett ord", "slog igen dörren")
_VIOLENT_VERBS = frozenset(("sla", "slar", "slog", "slagit", "slas", "slogs"))
_PARTICLES = frozenset(("ihop", "upp", "av", "igenom"))  # not "igen": "slog henne igen" is again
_FORMER = "ex"  # a former partner's prefix ("exmaken")
_HYPHENED = re.compile(r"([a-z0-9]+)-([a-z]+)")


def _without_particle_verbs(query_words: list[str]) -> list[str]:
    """The query's words less a verb of violence that a particle makes another verb ("hur slår man ihop två filer")."""
    return [
        word
        for i, word in enumerate(query_words)
        if not (
            word in _VIOLENT_VERBS
            and any(w in _PARTICLES for w in query_words[i + 1 : i + 3])
            and not any(
                w in ("henne", "honom", "mig", "dig", "oss", "dem", "sig") for w in query_words[i + 1 : i + 3]
            )
        )
    ]


def _admin_words(query_words: list[str]) -> set[str]:
    """The admin verbs and nouns (everyday.ADMIN_FORMS) of a query that ask about the workplace's admin, with the
    absence they report: before an absence or an office word ("anmäla sjukfrånvaro", "anmäler vab", "anmälan till
    kurs"), or after an office word ("simskola anmälan"). An absence before the verb is the worry ("hög frånvaro,
    ska jag anmäla")."""
    found: set[str] = set()
    for i, word in enumerate(query_words):
        if word in SHIFT_FORMS and SWAP_FORMS.intersection(query_words[max(0, i - 2) : i]):
            found.add(word)  # "byta pass med kollega": a shift, not a passport
        if word not in ADMIN_FORMS:
            continue
        after = query_words[i + 1] if i + 1 < len(query_words) else ""
        before = query_words[i - 1] if i else ""
        if after and (office_word(after) or absence_word(after)):
            found |= {word, after}
        elif before and office_word(before):
            found.add(word)
    return found


def _setting_phrase_words(query_words: list[str]) -> set[str]:
    """The words of a workplace named by two words in a row (everyday.SETTING_PHRASES: "ekonomiskt bistånd")."""
    found: set[str] = set()
    for first, second in itertools.pairwise(query_words):
        if any(first.startswith(a) and second.startswith(b) for a, b in SETTING_PHRASES):
            found |= {first, second}
    return found


def _affirmed(query_words: list[str]) -> list[str]:
    """The query's words less those a denying determiner takes back ("hedersförtryck men ingen resa planerad" asks
    about honour, not about a trip); the words as given when nothing meaningful would be left."""
    kept: list[str] = []
    denied = 0
    for word in query_words:
        if word in _DENYING:
            denied = DENIED_WORDS
        elif denied and word not in STOPWORDS:
            denied -= 1
        else:
            kept.append(word)
    return kept if any(w not in STOPWORDS for w in kept) and len(kept) < len(query_words) else query_words


def _asks_for_contact(query: str) -> bool:
    """Whether the query asks where to turn ("vart hänvisar jag", "vem kontaktar jag", "stöd"): contacts come first
    on a near tie (CONTACT)."""
    return bool(_CONTACT.search(fold(query)))


@lru_cache(maxsize=1)
def _everyday_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in EVERYDAY_WORDS)


@lru_cache(maxsize=1)
def _setting_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in SETTING_WORDS)


def _titled(word: str) -> bool:
    """A compound ending in a title or a workplace ("biståndshandläggare", "ärendehandläggning"): a person or place,
    as the title is (the title alone, "chef", keeps its own weight)."""
    return word.endswith(SETTING_TAILS) and word not in SETTING_TAILS


def _plain_word(word: str) -> bool:
    """A person, a place or an everyday word (vinrguide.everyday), by its stem, or a person's title made a compound
    ("biståndshandläggare", "arbetsmarknadscoach")."""
    return stem(word) in _plain_stems() or word.endswith(SETTING_TAILS)


def _phrase_weight(text: str, found: list[str], weight: float) -> float:
    """A name's weight for each of its words: a trigger phrase that describes a situation ("partnern hämtar och
    lämnar alltid") names it as a whole, not by each everyday word in it, so its words weigh as a description; a
    web address among the names ("hedersfortryck.se") is where the unit is, not what it is about."""
    if _WEB_ADDRESS.match(fold(text.strip())):
        return DESCRIPTION
    if len([w for w in found if w not in STOPWORDS]) >= PHRASE_WORDS:
        return min(weight, PHRASE)
    return weight


def _dropped_letter(word: str, candidate: str) -> bool:
    """Whether `candidate` is `word` with one letter put back, the first one kept ("vld" → "vald")."""
    if len(candidate) != len(word) + 1 or candidate[0] != word[0]:
        return False
    return any(candidate[:i] + candidate[i + 1 :] == word for i in range(1, len(candidate)))


def _rarity(documents: int, matching: int) -> float:
    """A query word's weight: log(1 + N/n) (damping it, e.g. a power of 0.5–0.7, was measured: no better)."""
    return math.log(1.0 + documents / matching)


def _closeness(query: str, name: str) -> float:
    """0–1: how close the whole query is to a name (1 when it is the name; less when one only contains the other)."""
    return (fuzz.token_set_ratio(query, name) + fuzz.ratio(query, name)) / 200.0


def _keys(token: _Token) -> Iterable[str]:
    for key, _ in token.matches:
        yield key
    for part in token.parts:
        yield from _keys(part)


# No [ inside the text and no ( inside the target: linear on a line of 40,000 [ (with [^\]]* it was quadratic: 60 s)
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_MARKUP = re.compile(r"[*_`#>|\\]")


def _quick_plain(markdown: str) -> str:
    """Markdown without links' targets and markup characters: only for finding words (fast), not for showing."""
    return _MARKUP.sub(" ", _LINK.sub(r"\1", markdown))


def _markdown_lines(markdown: str) -> list[str]:
    """A section's Markdown lines that hold text (a table's separator row dropped)."""
    lines = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or (line.startswith("|") and set(line) <= set("|-: ")):
            continue
        lines.append(line)
    return lines


def _plain_line(line: str) -> str:
    """One Markdown line as plain text: a paragraph or list item, or a table row ("FGM – Könsstympning")."""
    if line.startswith("|"):
        cells = [c.strip() for c in line.strip("|").split("|")]
        return " – ".join(strip_markdown(c) for c in cells if c)
    return strip_markdown(line)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])", text) if s.strip()]


def _best_line(lines: list[str], line_stems: list[frozenset[str]], keys: set[str]) -> str:
    """The line that holds most of the matched words (the first line when none does)."""
    best, best_count = (lines[0] if lines else ""), 0
    for line, stems in zip(lines, line_stems, strict=True):
        count = len(stems & keys)
        if count > best_count:
            best, best_count = line, count
    return best


def _shorten(text: str) -> str:
    """At most SNIPPET_CHARS, cut on a word boundary with an ellipsis."""
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text.rfind(" ", 0, SNIPPET_CHARS - 1)
    return text[: cut if cut > 0 else SNIPPET_CHARS - 1].rstrip(" ,;:–-") + "…"
