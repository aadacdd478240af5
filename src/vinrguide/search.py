"""Swedish retrieval over the content pack: flows, routine sections, units and terms in one index.

Only the content speaks: a hit is a ref into the pack, and its snippet is a quote from the content (a line of the
section, the unit's description, the flow's description). Nothing is generated.

API (no UI imports; the app and `vinrguide search` use exactly this):

    index = SearchIndex.build(pack)            # tens of milliseconds on the shipped pack; build once
    hits = index.search("vad är utreseförbud", limit=10)   # list[Hit], best first; [] below THRESHOLD
    hit.ref, hit.kind, hit.title, hit.score, hit.snippet   # "routine:ID#anchor" | "flow:ID" | "unit:ID"; 0–100
    index.related_flows(hit.ref)               # the guides to offer beside it
    # facts and guide suggestions from a description: vinrguide.facts_from_text.read_facts / suggest_flows

How a query is matched
- Normalisation: lower case, diacritics folded (å/ä/ö/é → a/a/o/e), so "vald i nara relationer" is "våld i nära
  relationer"; Swedish and English function words are dropped.
- Inflections: a light Swedish suffix stemmer ("barnet", "barnen" → "barn"; "könsstympning", "könsstympad" →
  "konsstymp"), and stems that differ only by a short ending count as the same word ("anmäl", "anmälde").
- Compounds: a query word may match the head or the tail of a compound in the content ("förbud" ↔ "utreseförbud"), and
  an unknown query compound is split into known parts ("tvångsgifte" → "tvångs" + "gifte", both needed).
- Typos: a word the content does not know is corrected to the nearest content word (rapidfuzz, optimal string
  alignment: one edit for short words, two for long ones).
- Terms, synonyms, abbreviations, old names and trigger phrases from routines/terms.toml are indexed as names of the
  section, flow or unit they point to; unit aliases and flow triggers likewise.

Scoring: each query word weighs its rarity, log(1 + documents / documents it matches in any way); a word the content
does not know weighs as much as the query's rarest known word. A document's coverage is the weighted sum of the query
words it matches, each counted by where it is found (title, name or trigger phrase 1.0; description 0.7; body
0.6–0.75; context 0.35) and by how (exact 1.0, inflection 0.9, compound part 0.75, corrected typo 0.8/0.65). Its
confidence is the share of the query it covers, or, for a long description of a situation, 0.8 once it has enough
evidence (EVIDENCE: about two rare words in names) whatever else the text says. The score (0–100) is 80 % confidence
and up to 20 % the closeness of the whole query to the document's best name (rapidfuzz). Below THRESHOLD nothing is
returned. Only documents that could still enter the first `limit` are scored in full.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from vinrguide.content.anchors import fold_ascii
from vinrguide.content.pack import ContentPack
from vinrguide.content.plaintext import strip_markdown

Kind = Literal["flow", "routine", "unit"]
KIND_ORDER: dict[str, int] = {"routine": 0, "flow": 1, "unit": 2}  # on equal scores

THRESHOLD = 40.0  # a hit scores at least this much, else it is not shown
SNIPPET_CHARS = 240
UNKNOWN = 1.0  # an unknown query word weighs as much as (this share of) the query's rarest known word
EVIDENCE = 8.0  # matched idf-weight that counts as enough evidence whatever the query's length

# Field weights: how much a match counts by where it is found.
TITLE = 1.0  # flow title, section heading, unit name
NAME = 1.0  # trigger phrase, alias, term, synonym
DESCRIPTION = 0.7  # flow description, unit description, routine summary, term explanation
BODY = 0.6  # section text (up to 0.75 when the word is repeated)
CONTEXT = 0.35  # the routine a section belongs to, what a unit card shows

# Match quality: how a query word matched a content word.
EXACT = 1.0
INFLECTION = 0.9  # same stem up to a short ending
COMPOUND = 0.75  # head or tail of a compound
TYPO_1 = 0.8
TYPO_2 = 0.65
SPLIT = 0.9  # a query compound split into parts, all found


def _wordlist(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Function words (folded), Swedish and English. Normalisation, not content: they carry no topic.
STOPWORDS = frozenset(
    _wordlist(
        """
        och i pa att en ett som det den de ar jag du hon han hen vi ni dem mig dig sig oss er min mitt mina din
        ditt dina hans hennes deras sin sitt sina vad hur nar var vem vilken vilket vilka varfor om med for till av
        fran kan ska skall maste har hade fa far inte sa men eller ocksa nu da dar just bara mycket nagot nagon
        nagra alla vid over utan sedan eftersom detta dessa denna blir bli blev vara varit ju nog ens annan andra
        sjalv innan efter fore under mellan genom hos at enligt samt aven igen ha henne honom mot
        the a an of for to is are was be been what how my your his her their in on at do does did i me we you it
        this that these those about with when who whom where which can could should must may not no if or and as
        by from
        """
    )
)

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


def fold(text: str) -> str:
    """Lower case with diacritics dropped: "Våld i nära relationer" → "vald i nara relationer"."""
    return fold_ascii(text.lower().replace("ß", "ss"))


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

    # ------------------------------------------------------------ building

    @classmethod
    def build(cls, pack: ContentPack) -> SearchIndex:
        index = cls()
        index._add_flows(pack)
        index._add_routines(pack)
        index._add_units(pack)
        index._add_terms(pack)
        index._finish()
        return index

    def _doc(self, ref: str, kind: Kind, title: str) -> int:
        self._by_ref[ref] = len(self.docs)
        self.docs.append(_Doc(ref, kind, title))
        return len(self.docs) - 1

    def _index(self, doc: int, text: str, weight: float, name: bool = False) -> None:
        found = words(text)
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
            for alias in unit.aliases:
                self._index(doc, alias, NAME, name=True)
            self._index(doc, unit.description, DESCRIPTION)
            # What the unit's card shows (show.unit_card): its phone numbers, hours and address, under these labels.
            card = []
            if unit.phones:
                card += ["telefon telefonnummer nummer", *(p.number for p in unit.phones)]
                for phone in unit.phones:
                    self._index(doc, phone.label, DESCRIPTION)
            if unit.hours or unit.always_open or unit.hours_note:
                card += ["öppettider öppet", unit.hours_note]
            if unit.address:
                card += ["adress", unit.address]
            if unit.web:
                card.append("webb")
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

        for key in dict.fromkeys((stem(word), word)):
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
                    if len(candidate) >= len(tail) + 3:
                        put(candidate[::-1], COMPOUND)
        return tuple(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))

    def _split(self, word: str) -> tuple[_Token, ...]:
        """An unknown compound as two parts the content knows ("tvangsgifte" → "tvang", "gifte"): the split whose
        weaker part matches best, the longer head on a tie."""
        best: tuple[_Token, ...] = ()
        best_quality = 0.0
        for cut in range(len(word) - 3, 3, -1):
            head, tail = word[:cut], word[cut:]
            tail_matches = self._direct(tail)
            if not tail_matches:
                continue
            heads = [head, head[:-1]] if head.endswith("s") and len(head) > 4 else [head]
            for candidate in heads:
                head_matches = self._direct(candidate)
                if head_matches:
                    quality = min(head_matches[0][1], tail_matches[0][1])
                    if quality > best_quality:
                        best_quality = quality
                        best = (_Token(candidate, head_matches), _Token(tail, tail_matches))
        return best

    def _corrected(self, word: str, limit: int) -> tuple[tuple[str, float], ...]:
        """The nearest content words to a misspelt one (at most `limit` edits; two only for long words)."""
        if len(word) < 4 or not word.isalpha() or (limit > 1 and len(word) < 8):
            return ()
        short = len(word) == 4  # in a short word only two swapped letters count as a slip ("vlad" → "vald")
        found: dict[str, float] = {}
        for candidate, distance, _ in process.extract(
            word, self._words, scorer=OSA.distance, score_cutoff=limit, limit=8
        ):
            if short and sorted(candidate) != sorted(word):
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
        if not token.known:
            # a one-letter slip is likelier than a compound the content never uses; then a split; then two slips
            close = self._corrected(word, 1)
            parts = () if close or len(word) < 8 else self._split(word)
            token = _Token(word, close, parts) if (close or parts) else _Token(word, self._corrected(word, 2))
        if len(self._resolved) > 50_000:
            self.clear_cache()
        self._resolved[word] = token
        return token

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
        # function words alone ("vad är det") ask nothing the content can answer
        query_words = list(dict.fromkeys(w for w in words(query[:1000]) if w not in STOPWORDS))[:40]
        if not query_words or limit <= 0:
            return []
        tokens = [self._resolve(w) for w in query_words]
        if not any(t.known for t in tokens):
            return []
        per_token = [self._scores(t) if t.known else {} for t in tokens]
        n = len(self.docs)
        # a word's weight is its rarity: how few documents it matches in any way. A word the content does not know
        # weighs UNKNOWN times the query's rarest known word (relative, so that it means the same in a pack of any size)
        rarity = [math.log(1.0 + n / len(s)) for s in per_token if s]
        if not rarity:
            return []
        unknown = UNKNOWN * max(rarity)
        weights = [math.log(1.0 + n / len(s)) if s else unknown for s in per_token]
        total = sum(weights)
        coverage: dict[int, float] = {}
        for scores, weight in zip(per_token, weights, strict=True):
            for doc, value in scores.items():
                coverage[doc] = coverage.get(doc, 0.0) + weight * value
        if not coverage:
            return []
        # only documents whose best possible score reaches THRESHOLD (confidence ≥ 1/3: 100 × 1.2 × ⅓ = 40) are ranked
        least = min(total, EVIDENCE / 0.8) * (threshold - 0.05) / 120.0
        ranked = sorted(
            ((d, r) for d, r in coverage.items() if r >= least - 1e-9), key=lambda kv: (-kv[1], kv[0])
        )
        query_norm = " ".join(stem(w) for w in query_words)
        scored: list[tuple[float, int]] = []
        top: list[float] = []  # the best `limit` scores so far (a min-heap)
        closeness_of: dict[tuple[str, ...], float] = {}
        for doc, raw in ranked:
            # confidence: the share of the query the document explains, or for a long description of a situation,
            # enough strong evidence (about two rare words found in names) even when much of it is not matched
            confidence = max(raw / total, min(1.0, raw / EVIDENCE) * 0.8)
            weight = 0.2 * min(1.0, confidence * 2)
            ceiling = 100.0 * (0.8 * confidence + weight)  # the score with a perfect closeness
            if ceiling < threshold or (len(top) >= limit and ceiling < top[0]):
                break  # documents further down score no more than this one could: none of them can enter
            names = self.docs[doc].names
            closeness = closeness_of.get(names)
            if closeness is None:
                closeness = max((_closeness(query_norm, name) for name in names), default=0.0)
                closeness_of[names] = closeness
            score = round(100.0 * (0.8 * confidence + weight * closeness), 1)
            if score >= threshold:
                scored.append((score, doc))
                if len(top) < limit:
                    heapq.heappush(top, score)
                elif score > top[0]:
                    heapq.heapreplace(top, score)
        scored.sort(key=lambda sd: (-sd[0], KIND_ORDER[self.docs[sd[1]].kind], self.docs[sd[1]].ref))
        keys = {key for t in tokens for key in _keys(t)}
        return [self._hit(doc, score, keys) for score, doc in scored[:limit]]

    def _hit(self, doc: int, score: float, keys: set[str]) -> Hit:
        item = self.docs[doc]
        line = _best_line(item.lines, item.line_stems, keys)
        return Hit(
            item.ref, item.kind, item.title, score, _shorten(_plain_line(line) if item.markdown else line)
        )

    def related_flows(self, ref: str) -> tuple[str, ...]:
        """The guides to offer beside a hit: a flow itself, or the flows whose outcomes cite this section or unit."""
        if ref.startswith("flow:"):
            return (ref.removeprefix("flow:"),) if ref in self._by_ref else ()
        return self.flow_of_ref.get(ref, ())

    def ref_title(self, ref: str) -> str | None:
        doc = self._by_ref.get(ref)
        return self.docs[doc].title if doc is not None else None


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
