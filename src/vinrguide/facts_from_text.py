"""Facts read from a free-text description of a situation, and the guides that fit it.

"En 15-årig elev ska giftas bort i sommar" gives alder = barn, heder = ja and avresa = planerad, and suggests the guide
utlandsresa. The phrases are content, not code: they live in routines/fritext.toml (validated by FreeTextFile), so
authors can add the words staff use. The app shows every guess for the user to confirm or change, never silently.

Rules that hold whatever the file says:
- free text may set `akut` only to "ja", never "nej" (a file that tries is a content error, and read_facts drops it);
- a phrase right after a negation ("inte i fara just nu") does not count;
- when the text gives two values for one fact ("15 år" and "19 år"), the fact is left for the user to answer;
- only declared facts and values (flows/facts.toml) are returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The rules' models and loading live in the content layer; re-exported here for the callers of this module.
from vinrguide.content.freetext import AGE, rule_problems
from vinrguide.content.freetext import FREE_TEXT_FILE as FREE_TEXT_FILE
from vinrguide.content.freetext import FactPattern as FactPattern
from vinrguide.content.freetext import FreeTextFile as FreeTextFile
from vinrguide.content.freetext import GuideHint as GuideHint
from vinrguide.content.pack import ContentPack
from vinrguide.content.pack import load_free_text as load_free_text
from vinrguide.search import SearchIndex, fold, stem

MAX_TEXT = 4000  # longer text is read up to here
SUGGEST_THRESHOLD = 25.0  # a description is long and says much the content does not: weaker hits still point
FACT_BOOST = 15.0  # added to a guide for a fact read from the text that it alone asks about (shared: divided)
NEGATION_WORDS = 3  # a negation this many words before a phrase cancels it ("vet inte om hon har barn")
GAP_WORDS = 2  # words that may stand between two words of a phrase

# ---------------------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class FactGuess:
    fact: str
    value: str
    phrase: str  # the words of the user's text that gave it, as the user wrote them


@dataclass(frozen=True)
class FlowSuggestion:
    flow: str
    title: str
    score: float  # 0–100, highest first
    because: str  # what led to it: the user's words, or the ref of a matching routine section or unit


# ---------------------------------------------------------------------------------------------------------- loading


def problems(pack: ContentPack, rules: FreeTextFile) -> list[str]:
    """What in fritext.toml does not fit the pack: unknown facts, values or flows, akut set to "nej" (in plain
    Swedish). The content loader reports the same for the pack's own file (`pack.errors`)."""
    return [str(problem) for _, _, problem in rule_problems(pack, rules)]


# ---------------------------------------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Rule:
    fact: str
    value: str
    regexes: tuple[re.Pattern[str], ...]
    when: tuple[re.Pattern[str], ...]
    ages: tuple[int, int] | None


@dataclass(frozen=True)
class _Compiled:
    rules: tuple[_Rule, ...]
    guides: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    negations: frozenset[str]


_ENDING = "[adeginorst]"  # the letters of Swedish inflectional endings (-a, -an, -ar, -en, -er, -et, -na, -s, -t, -de …)
_PUNCTUATION = {",", ";", ":"}
_TIGHT = {"{alder}", *_PUNCTUATION}  # a number or punctuation binds to its neighbours without words between


def _word_regex(word: str) -> str:
    if word in _PUNCTUATION:
        return re.escape(word)
    if word == fold(AGE).strip("{}") or word == "{alder}":
        return r"(?P<age>\d{1,3})"
    if len(word) <= 3 or not word.isalpha():
        return re.escape(word)
    # the stem and a short inflectional ending: "slagen" matches slag, slagen, slagit; not a compound ("pojkvän")
    base = stem(word)
    return re.escape(base) + _ENDING + "{0," + str(max(0, len(word) - len(base) + 2)) + "}"


def phrase_regex(phrase: str) -> re.Pattern[str]:
    """A phrase as a regex over folded text: each word by its stem, up to GAP_WORDS other words between them."""
    folded = fold(phrase).replace("{alder}", " {alder} ")
    parts = re.findall(r"\{alder\}|[a-z0-9]+|[,;:]", folded)
    gap = r"(?:[^a-z0-9]+[a-z0-9]+){0," + str(GAP_WORDS) + r"}?[^a-z0-9]+"
    tight = r"[^a-z0-9]*"  # a number and its unit may be written together: "15-årig", "15åring"
    pattern = ""
    for i, part in enumerate(parts):
        if i:
            pattern += tight if {parts[i - 1], part} & _TIGHT else gap
        pattern += _word_regex(part)
    # a word or number stands alone ("elev" not in "medelevens"); punctuation needs no such edge
    start = "" if parts and parts[0] in _PUNCTUATION else r"(?<![a-z0-9])"
    end = "" if parts and parts[-1] in _PUNCTUATION else r"(?![a-z0-9])"
    return re.compile(start + pattern + end)


_cache: dict[int, tuple[FreeTextFile, _Compiled]] = {}


def _compile(rules: FreeTextFile) -> _Compiled:
    cached = _cache.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    compiled = _Compiled(
        rules=tuple(
            _Rule(
                p.fact,
                p.value,
                tuple(phrase_regex(x) for x in p.phrases),
                tuple(phrase_regex(x) for x in p.when),
                p.ages,
            )
            for p in rules.pattern
        ),
        guides=tuple((g.flow, tuple(phrase_regex(x) for x in g.phrases)) for g in rules.guide),
        negations=frozenset(fold(n) for n in rules.negations),
    )
    if len(_cache) > 8:
        _cache.clear()
    _cache[id(rules)] = (rules, compiled)
    return compiled


def rules_of(pack: ContentPack) -> FreeTextFile:
    """The pack's free-text rules (loaded with the pack; a broken file is in pack.errors and reads as no rules)."""
    return pack.free_text


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the character in `text` it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        folded = fold(char)
        out.append(folded)
        where.extend([i] * len(folded))
    return "".join(out), where


def _negated(folded: str, start: int, negations: frozenset[str]) -> bool:
    before = re.findall(r"[a-z0-9]+", folded[max(0, start - 60) : start])[-NEGATION_WORDS:]
    return any(word in negations for word in before)


def _matches(
    folded: str,
    regexes: tuple[re.Pattern[str], ...],
    negations: frozenset[str],
    ages: tuple[int, int] | None = None,
) -> list[tuple[int, int]]:
    spans = []
    for regex in regexes:
        for match in regex.finditer(folded):
            if _negated(folded, match.start(), negations):
                continue
            if ages is not None:
                age = match.groupdict().get("age")
                if age is None or not ages[0] <= int(age) <= ages[1]:
                    continue
            elif match.groupdict().get("age") is not None:
                continue
            spans.append((match.start(), match.end()))
    return sorted(spans)


def read_facts(pack: ContentPack, text: str, rules: FreeTextFile | None = None) -> list[FactGuess]:
    """The facts a description states, in the order of the facts in flows/facts.toml. Never akut = nej."""
    rules = rules if rules is not None else rules_of(pack)
    compiled = _compile(rules)
    original = text[:MAX_TEXT]
    folded, where = _fold_with_map(original)
    found: dict[str, dict[str, tuple[int, int]]] = {}  # fact → value → first span
    for rule in compiled.rules:
        known = pack.facts.get(rule.fact)
        if known is None or rule.value not in known.value_ids():
            continue
        if rule.fact == "akut" and rule.value != "ja":
            continue
        if rule.when and not _matches(folded, rule.when, compiled.negations):
            continue
        spans = _matches(folded, rule.regexes, compiled.negations, rule.ages)
        if spans:
            values = found.setdefault(rule.fact, {})
            if rule.value not in values or spans[0] < values[rule.value]:
                values[rule.value] = spans[0]
    guesses = []
    for fact_id in pack.facts:
        values = found.get(fact_id, {})
        if len(values) == 1:  # two values for one fact: leave it to the user
            ((value, (start, end)),) = values.items()
            phrase = original[where[start] : where[end - 1] + 1].strip(" ,;:")
            guesses.append(FactGuess(fact_id, value, phrase))
    return guesses


def suggest_flows(
    index: SearchIndex, text: str, pack: ContentPack | None = None, limit: int = 3
) -> list[FlowSuggestion]:
    """The guides that best fit a description, best first: from search hits (a flow itself, or the flows whose
    outcomes cite a matching routine section or unit), the pack's guide phrases, and the facts the text gives that
    only some guides ask about. [] when nothing fits."""
    scores: dict[str, tuple[float, str]] = {}

    def offer(flow_id: str, score: float, because: str) -> None:
        if score > scores.get(flow_id, (0.0, ""))[0]:
            scores[flow_id] = (score, because)

    for hit in index.search(text, limit=20, threshold=SUGGEST_THRESHOLD):
        if hit.kind == "flow":
            offer(hit.ref.removeprefix("flow:"), hit.score, hit.ref)
        else:
            for flow_id in index.flow_of_ref.get(hit.ref, ()):
                offer(flow_id, hit.score * 0.85, hit.ref)
    if pack is not None:
        rules = rules_of(pack)
        compiled = _compile(rules)
        original = text[:MAX_TEXT]
        folded, where = _fold_with_map(original)
        for flow_id, regexes in compiled.guides:
            spans = _matches(folded, regexes, compiled.negations)
            if spans and flow_id in pack.flows:
                start, end = spans[0]
                offer(
                    flow_id,
                    max(70.0, scores.get(flow_id, (0.0, ""))[0] + 10.0),
                    original[where[start] : where[end - 1] + 1],
                )
        # a fact that only some guides ask about points to them ("avresa" → utlandsresa), the fewer the more
        asked = {fid: {q.fact for q in flow.questions().values()} for fid, flow in pack.flows.items()}
        for guess in read_facts(pack, text, rules):
            askers = [fid for fid, facts in asked.items() if guess.fact in facts]
            if 0 < len(askers) < len(asked):
                for flow_id in askers:
                    current = scores.get(flow_id)
                    if current is not None:
                        offer(flow_id, min(100.0, current[0] + FACT_BOOST / len(askers)), current[1])
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0]))
    suggestions = []
    for flow_id, (score, because) in ranked[:limit]:
        title = index.ref_title(f"flow:{flow_id}") or flow_id
        suggestions.append(FlowSuggestion(flow_id, title, round(min(score, 100.0), 1), because))
    return suggestions
