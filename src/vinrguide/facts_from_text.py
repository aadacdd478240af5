"""Facts read from a free-text description of a situation, and the guides that fit it.

"En 15-årig elev ska giftas bort i sommar" gives alder = barn, heder = ja and avresa = planerad, and suggests the guide
utlandsresa. The phrases are content, not code: they live in routines/fritext.toml (validated by FreeTextFile), so
authors can add the words staff use. The app shows every guess for the user to confirm or change, never silently.

Rules that hold whatever the file says:
- free text may set `akut` only to "ja", never "nej" (a file that tries is a content error, and read_facts drops it);
- a verb and its negation match in the subordinate clause's order too ("vill inte prata" in "att hon inte vill prata");
- danger (akut) is not read in a clause that says it happens usually ("brukar", "ofta": not now);
- a negation just before a phrase or inside it ("inte i fara just nu", "har inga barn" against "har barn") cancels it,
  unless the negation is one of the phrase's own words ("vill inte svara");
- an explicit age ("hon är 16", "18-årig") beats cue words ("elev") for the same fact;
- an age that belongs to someone's children ("barn på 4 år", "barn på 2 och 5 år") or to someone's partner or kin
  ("hennes bror, 19,", "hans pappa 45", "her husband is 40") is not the person's age;
- a negation of the signs of something reaches past the words about signs ("inget som tyder på heder");
- a number in words is an age up to 99 ("hon är trettiofem"), also right after the phrase's person ("en kille på
  femton", "mamma trettio") unless it counts something ("tre gånger"); a year of birth gives an age when the
  birthday does not matter ("född 2010" is a child in 2026, "född 2008" is left); the date of a birthday ("fyller
  arton nästa vecka") is no departure;
- when phrases for two values of one fact overlap, the longer one wins ("osäker om det är heder" over "heder",
  "vet inte om hon har barn" over "har barn");
- when the text still gives two values for one fact ("15 år" and "19 år"), the fact is left for the user to answer;
- only declared facts and values (flows/facts.toml) are returned.

A phrase's "{name}" is any word or phrase of the class [words].name in the file ("slår sin {partner}"): rules are
written for a kind of word, and a new word joins the class, not a new phrase.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

# The rules' models and loading live in the content layer; re-exported here for the callers of this module.
from vinrguide.content.freetext import AGE, rule_problems
from vinrguide.content.freetext import FREE_TEXT_FILE as FREE_TEXT_FILE
from vinrguide.content.freetext import FactPattern as FactPattern
from vinrguide.content.freetext import FreeTextFile as FreeTextFile
from vinrguide.content.freetext import GuideHint as GuideHint
from vinrguide.content.pack import ContentPack
from vinrguide.content.pack import load_free_text as load_free_text
from vinrguide.search import NUMBER_VALUES, SearchIndex, stem
from vinrguide.text import fold, fold_map

MAX_TEXT = 4000  # longer text is read up to here
SUGGEST_THRESHOLD = 25.0  # a description is long and says much the content does not: weaker hits still point
FACT_BOOST = 15.0  # added to a guide for a fact read from the text that it alone asks about (shared: divided)
NEGATION_WORDS = 3  # a negation this many words before a phrase cancels it ("vet inte om hon har barn")
GAP_WORDS = 2  # words that may stand between two words of a phrase
COMPOUND = "*"  # in a phrase's word: the rest of a compound ("*boende", "arbetsmarknad*")
AS_WRITTEN = "="  # before a phrase's word: that form only, no inflections ("=barnen" is not "barnet")

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
    unless: tuple[re.Pattern[str], ...]
    ages: tuple[int, int] | None
    own_negations: tuple[int, ...]  # per regex: how many negation words the phrase itself holds


@dataclass(frozen=True)
class _Compiled:
    rules: tuple[_Rule, ...]
    guides: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    negations: frozenset[str]
    when_negations: frozenset[str]  # those that take back a `when` phrase: not "utan" ("resa dit utan mamma")


# "utan" denies what it takes ("utan barn") but says nothing against a trip or a place after it ("ta med barnen till
# Marocko utan att mamman vet", "åker utan föräldrarna till Irak")
_WEAK_NEGATIONS = frozenset(("utan", "without"))


_WORDS = re.compile(r"[a-z0-9]+")  # the words of folded text (and of the word lists below)
_ENDING = "[adeginorst]"  # the letters of Swedish inflectional endings (-a, -an, -ar, -en, -er, -et, -na, -s, -t, -de …)
_PUNCTUATION = {",", ";", ":"}
_TIGHT = {"{alder}", *_PUNCTUATION}  # a number or punctuation binds to its neighbours without words between
# prepositions bind to the next word of a phrase: no other words may stand between them
_BINDING = frozenset(
    ("pa", "i", "fran", "till", "vid", "hos", "utanfor", "over", "efter", "infor", "under", "med")
)


# ages written as words ("han är åtta", "en elvaåring", "Sexåringen", "dottern, två år,", "hon är trettiofem"), folded:
# 2–99 ("ett år" is more often a time than an age)
_NUMBER_WORDS = NUMBER_VALUES
# a number that measures a time, not an age: "för två år sedan", "i fem år", "om tre år", "sedan 2 år"
_DURATION_BEFORE = frozenset(("for", "i", "om", "sedan", "efter", "under", "in", "after"))
_DURATION_AFTER = frozenset(("sedan", "senare", "tillbaka", "ago", "later"))


def _age_of(text: str) -> int:
    return _NUMBER_WORDS[text] if text in _NUMBER_WORDS else int(text)


def _a_time(folded: str, start: int, end: int) -> bool:
    """Whether the number at start:end measures a time ("för två år sedan", "i fem år", "om tre år"), not an age:
    a preposition of time just before it and "år" after it, or "år sedan" after it ("barn på 4 år" is an age: the
    relatives' rule decides it)."""
    before = _WORDS.findall(folded[max(0, start - 20) : start])[-1:]
    after = _WORDS.findall(folded[end : end + 20])[:2]
    unit = after[:1] in (["ar"], ["years"], ["year"])
    if unit and after[1:] and after[1] in _DURATION_AFTER:
        return True
    if unit and bool(before) and before[0] in _DURATION_BEFORE:
        return True
    # a verb of how long someone has lived or worked somewhere ("har bott här 10 år", "jobbat hos oss 12 år")
    near = _WORDS.findall(folded[max(0, start - 40) : start])[-3:]
    return unit and any(word in _DURATION_VERBS for word in near)


def _past_age(folded: str, start: int) -> bool:
    """Whether the age at `start` was someone's at a time past: "när hon var 12 år", "sedan han var 15" (not how old
    she is now; "gifte sig när hon var 15" still tells of a child marriage)."""
    near = _WORDS.findall(folded[max(0, start - 40) : start])[-3:]
    return near[-1:] == ["var"] and any(word in ("nar", "sedan", "da", "when", "since") for word in near[:-1])


# verbs that a number of years after them measures: how long, not how old
_DURATION_VERBS = frozenset(
    _WORDS.findall("bott bor jobbat jobbar arbetat arbetar levt varit studerat lived worked been")
)


def _an_age_in_words(folded: str, start: int, end: int) -> bool:
    """Whether a number written as a word is an age: joined to "-åring"/"-årig" ("elvaåring"), before "år" ("fem
    år"), or after "är"/"is" at a sentence's person ("han är åtta"). Otherwise it counts things: "två barn", "tre
    veckor", "mamma två gånger om"."""
    if folded[end : end + 4] in ("arin", "-ari", "arig") or folded[end : end + 5] == "-arin":
        return True
    after = _WORDS.findall(folded[end : end + 20])[:1]
    if after and after[0] in ("ar", "years", "year", "arig", "ariga", "aring", "aringen"):
        return True
    before = _WORDS.findall(folded[max(0, start - 12) : start])[-1:]
    return before in (["ar"], ["is"]) and (not after or after[0] not in _COUNTED)


def _named_before(folded: str, start: int, age_start: int) -> bool:
    """Whether the phrase names whose age a number word is before it ("en kille på femton", "mamma trettio", "fyller
    arton", "nu är han sjutton"): the words of the phrase make it an age ("{person} {ålder}" matched), unless a word
    it counts follows ("pappa tre gånger" is caught before: _COUNTING)."""
    return bool(_WORDS.search(folded[start:age_start]))


# what a number word before it counts, not an age ("hon är tre veckor gammal" is a baby's age and still an age)
_COUNTED = frozenset(
    _WORDS.findall(
        """barn ganger veckor dagar timmar manader syskon soner dottrar minuter sekunder kronor procent meter kilo mil
    stycken natter kvallar helger"""
    )
)


_COUNTING = [[word] for word in _COUNTED]

# Text is matched folded, but with å, ä and ö marked (as "A", "E", "O": a folded text has no capitals) where the user
# wrote them, so that a phrase's plain letter does not match them: "har barn" is not "här, barnet", "far" is not "får".
# A phrase's å/ä/ö matches both the letter and its plain form: staff often type without them ("hon ar 15").
_MARKS = {"å": "A", "ä": "E", "ö": "O"}
_UNMARK = str.maketrans({"A": "a", "E": "a", "O": "o"})
_LETTERS = "a-zAEO0-9"  # what a word of marked text is made of


def _number_spelling(word: str) -> str:
    """A number word as written with its å ("tva" → "två", "attiotva" → "åttiotvå"): a phrase's å matches both."""
    if word.startswith("atti"):
        word = "å" + word[1:]
    if word.endswith("tva"):
        word = word[:-3] + "två"
    elif word.endswith("atta"):
        word = word[:-4] + "åtta"
    return word


def marked(text: str, folded: str, where: list[int]) -> str:
    """The folded text with the å, ä and ö the user wrote marked (same length, same positions)."""
    if text.isascii():
        return folded
    chars = list(folded)
    for i, origin in enumerate(where):
        mark = _MARKS.get(text[origin].lower())
        if mark is not None and chars[i] in "ao" and (i == 0 or where[i - 1] != origin):
            chars[i] = mark
    return "".join(chars)


def _spelled(folded: str, spelling: str | None) -> str:
    """A literal as a regex over marked text: a letter spelt å, ä or ö matches itself or its plain form."""
    if spelling is None or len(spelling) != len(folded):
        return re.escape(folded)
    out = []
    for plain, written in zip(folded, spelling, strict=True):
        mark = _MARKS.get(written)
        out.append(f"[{plain}{mark}]" if mark is not None else re.escape(plain))
    return "".join(out)


def _word_regex(word: str, present: bool = False, spelling: str | None = None) -> str:
    """One word of a phrase (folded; `spelling`: as the file writes it, lower case, for its å/ä/ö)."""
    if word in _PUNCTUATION:
        return re.escape(word)
    if word == fold(AGE).strip("{}") or word == "{alder}":
        numbers = sorted(_NUMBER_WORDS, key=len, reverse=True)
        return r"(?P<age>\d{1,3}|" + "|".join(_spelled(n, _number_spelling(n)) for n in numbers) + ")"
    if spelling is not None and len(spelling) != len(word):
        spelling = None
    if word.startswith(COMPOUND) or word.endswith(COMPOUND):
        return _compound_regex(word, present, spelling)
    if word.startswith(AS_WRITTEN):
        return _spelled(word[1:], spelling[1:] if spelling else None)
    if len(word) <= 3 or not word.isalpha():
        return _spelled(word, spelling)
    # the stem and a short inflectional ending: "slagen" matches slag, slagen, slagit; not a compound ("pojkvän")
    base = stem(word)
    # the stemmer undoubles a final consonant ("midsommar" → "midsom"): let it stand doubled again
    doubled = re.escape(base[-1]) + "?" if word.startswith(base + base[-1]) else ""
    inflected = (
        _spelled(base, spelling[: len(base)] if spelling else None)
        + doubled
        + _ENDING
        + "{0,"
        + str(max(0, len(word) - len(base) + 2))
        + "}"
    )
    if present:  # "väntar" is not "väntat", "väntade": what happened is not danger now
        inflected += _PAST_ENDINGS
    # the word as written, whatever the stemmer cut ("-heten")
    return f"(?:{_spelled(word, spelling)}|{inflected})"


def _compound_regex(word: str, present: bool = False, spelling: str | None = None) -> str:
    """A word with * as a compound's part: "*boende" is the tail of "äldreboendet", "LSS-boendet"; "arbetsmarknad*"
    the head of "arbetsmarknadsavdelningen". The part keeps its inflections; the rest is any letters."""
    head, tail = word.startswith(COMPOUND), word.endswith(COMPOUND)
    core = _word_regex(  # phrase_regex gives a part at least one letter or digit
        word.strip(COMPOUND), present, spelling.strip(COMPOUND) if spelling else None
    )
    rest = f"[{_LETTERS}]*"
    # a head's rest does not run across a hyphen: "*lärare" is the "lärare" of "sfi-lärare", so that a phrase
    # naming the whole compound ("sfi-lärare") is the longer and wins
    return (rest if head else "") + core + (rest if tail else "")


def phrase_regex(
    phrase: str, classes: dict[str, tuple[str, ...]] | None = None, present: bool = False
) -> re.Pattern[str]:
    """A phrase as a regex over folded text: each word by its stem, up to GAP_WORDS other words between them; a
    "{name}" stands for any one word or phrase of the class `classes[name]` (fritext.toml's [words]); `present`: an
    inflected word not in a past form (danger is read for now)."""
    body, parts = _phrase_body(phrase, classes or {}, present=present)
    # a word or number stands alone ("elev" not in "medelevens"); punctuation needs no such edge
    start = "" if parts and parts[0] in _PUNCTUATION else f"(?<![{_LETTERS}])"
    end = "" if parts and parts[-1] in _PUNCTUATION else f"(?![{_LETTERS}])"
    return re.compile(start + body + end)


def _phrase_body(
    phrase: str, classes: dict[str, tuple[str, ...]], depth: int = 0, present: bool = False
) -> tuple[str, list[str]]:
    folded = fold(phrase).replace("{alder}", " {alder} ")
    # the phrase as written, lower case, aligned with the folded one (for its å/ä/ö), when folding kept its length
    written = phrase.lower().replace("{ålder}", "{alder}").replace("{alder}", " {alder} ")
    aligned = len(written) == len(folded)
    found = list(re.finditer(r"\{[^{}\s]+\}|=[a-z0-9]+|\*?[a-z0-9]+\*?|[,;:]", folded))
    parts = [m.group() for m in found]
    spellings = [written[m.start() : m.end()] if aligned else None for m in found]
    # between a phrase's words: spaces, commas, hyphens, quotes ("svarar Nils, 10, nej") – not the end of a sentence
    space = f"[^{_LETTERS}.!?;]+"  # nor across a semicolon: "started hitting him; now he is 22"
    gap = f"(?:{space}[{_LETTERS}]+){{0,{GAP_WORDS}}}?{space}"
    tight = f"[^{_LETTERS}]*"  # a number and its unit may be written together: "15-årig", "15åring"
    pattern = ""
    for i, part in enumerate(parts):
        if i:
            if {parts[i - 1], part} & _TIGHT:
                pattern += tight
            elif parts[i - 1] in _BINDING:
                pattern += space  # "på Arlanda" is not "på lördag från Arlanda"
            else:
                pattern += gap
        name = part[1:-1] if part.startswith("{") and part != "{alder}" else None
        if name is not None and name in classes and depth < 2:
            members = [_phrase_body(member, classes, depth + 1, present)[0] for member in classes[name]]
            pattern += "(?:" + "|".join(sorted(members, key=len, reverse=True)) + ")"
        else:
            pattern += _word_regex(part, present, spellings[i])
    return pattern, parts


# words saying that something happens again and again, not now: "brukar gömma sig", "ofta står han utanför": no danger
# reading (danger is only read for confirmation, and only for now)
_HABITUAL = frozenset(
    _WORDS.findall(
        "brukar ofta ibland alltid vanligtvis varje dagligen usually often sometimes always every daily"
    )
)
# … and phrases ("slår henne nu och då": now and then)
_HABITUAL_PHRASES = ("nu och da", "da och da", "now and then", "every now")
# words saying that it happened before, not now: "har tidigare stått och väntat utanför", "förra veckan" (folded;
# "i går" is left out: folded it is "i gar", and "flyget går" is now; so is "last": folded "låst" is "last")
_PAST = frozenset(("tidigare", "forut", "igar", "forra", "yesterday", "previously", "earlier"))
# … and as two words, whole: "i går" ("vid ett brandlarm i går … blod i ansiktet"), not "i garaget"
_PAST_PHRASES = ("i gar", "i forrgar")
_NOW = ("nu", "i dag", "idag", "now", "today")
# the endings of a verb's past forms (supine, preterite: "väntat", "väntade", "stått"): danger is read in the present
_PAST_ENDINGS = r"(?<!t)(?<!de)"

# negations that stand after the verb in a main clause and before it in a subordinate one
_CLAUSE_NEGATIONS = frozenset(("inte", "ej", "aldrig"))


def word_orders(phrase: str) -> list[str]:
    """The phrase, and for a verb and its negation ("vill inte prata") the subordinate clause's order too ("… att hon
    inte vill prata", "… om han inte får åka hem"): a negation stands before the finite verb there."""
    words = phrase.split()
    orders = [phrase]
    for i in range(1, len(words)):
        if fold(words[i]) in _CLAUSE_NEGATIONS and fold(words[i - 1]) not in _CLAUSE_NEGATIONS | {"att"}:
            swapped = [*words[: i - 1], words[i], words[i - 1], *words[i + 1 :]]
            orders.append(" ".join(swapped))
            break
    return orders


_cache: dict[int, tuple[FreeTextFile, _Compiled]] = {}


def _compile(rules: FreeTextFile) -> _Compiled:
    cached = _cache.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    classes = {fold(name).strip(): members for name, members in rules.words.items()}

    def rule(p: FactPattern) -> _Rule:
        phrases = [order for x in p.phrases for order in word_orders(x)]
        return _Rule(
            p.fact,
            p.value,
            tuple(phrase_regex(x, classes, present=p.fact == "akut") for x in phrases),
            tuple(phrase_regex(x, classes) for x in p.when),
            tuple(phrase_regex(x, classes) for x in p.unless),
            p.ages,
            tuple(_negation_count(fold(x), rules) for x in phrases),
        )

    compiled = _Compiled(
        rules=tuple(rule(p) for p in rules.pattern),
        guides=tuple((g.flow, tuple(phrase_regex(x, classes) for x in g.phrases)) for g in rules.guide),
        negations=frozenset(fold(n) for n in rules.negations),
        when_negations=frozenset(fold(n) for n in rules.negations) - _WEAK_NEGATIONS,
    )
    if len(_cache) > 8:
        _cache.clear()
    _cache[id(rules)] = (rules, compiled)
    return compiled


def rules_of(pack: ContentPack) -> FreeTextFile:
    """The pack's free-text rules (loaded with the pack; a broken file is in pack.errors and reads as no rules)."""
    return pack.free_text


# someone's children, and the "på" that gives their age: "barn på 4 år", "två barn på 2 och 5 år"
_RELATIVES = frozenset(
    ("barn", "barnen", "son", "sonen", "soner", "dotter", "dottern", "dottrar", "syskon", "barnbarn")
)
# someone's children in the plural: "barnen är 2 och 6" gives their ages ("är" and "år" both fold to "ar")
_CHILDREN = frozenset(("barnen", "sonerna", "dottrarna", "barnbarnen", "syskonen"))
CHILD_AGE_WORDS = 4  # how far back a relative and "på" may stand before the age
# someone's partner, parent, sibling or other kin after "hennes", "hans" …: "hennes bror, 19,", "hans pappa 45",
# "her husband is 40" give that relative's age, not the person's (often the one who uses violence)
_POSSESSIVES = frozenset(("hennes", "hans", "deras", "sin", "sina", "her", "his", "their"))
_KIN = frozenset(
    _WORDS.findall(
        """man mannen make maken fru frun hustru sambo sambon pojkvan pojkvannen flickvan flickvannen partner partnern
    ex exet exman exmannen pappa pappan mamma mamman far fadern mor modern styvpappa styvpappan styvmamma bror brodern
    brorsan storebror storebrodern lillebror syster systern storasyster lillasyster kusin kusinen farbror morbror
    farbrodern morbrodern faster moster svarmor svarfar husband wife boyfriend girlfriend father mother dad mum mom
    brother sister uncle cousin"""
    )
)
# a partner named without a possessive ("Pojkvännen, 24,"): the age after it is the partner's ("man", "mannen" may be
# the person: "en man på 45")
_PARTNERS = frozenset(
    _WORDS.findall(
        """make maken fru frun hustru sambo sambon pojkvan pojkvannen flickvan flickvannen partner partnern ex exet
    exman exmannen exmaken exfru exfrun exsambo exsambon husband wife boyfriend girlfriend"""
    )
)
# a negation of the signs of something, just before it: "inget som tyder på", "inga tecken på", "nothing suggests"
# (the words about signs stand between the negation and the phrase, further than NEGATION_WORDS)
_DENIED_SIGN = re.compile(
    r"(?:^|[^a-z0-9])(?:inget|ingenting|inga|ingen|inte|nothing|no)(?: [a-z]+)?"
    r" (?:som )?(?:tyder|tydde|talar|talade|pekar|pekade|tecken|indikationer|suggests|indicates|signs?)"
    r"(?: [a-z]+)? (?:pa|for|of|om|that)(?: att)?[^a-z0-9]*$"
)
# a contrast: what follows it is said, whatever was denied before it
_CONTRAST = frozenset(("men", "but"))
KIN_AGE_WORDS = 3  # how far back "hennes bror" may stand before the age ("hennes bror är 19")


def _negation_count(folded_phrase: str, rules: FreeTextFile) -> int:
    negations = {fold(n) for n in rules.negations}
    return sum(word in negations for word in _WORDS.findall(folded_phrase))


def _negated(
    folded: str, start: int, end: int, negations: frozenset[str], own: int = 0, clause: bool = False
) -> bool:
    """A negation up to NEGATION_WORDS words before the match (`clause`: anywhere before it in its clause, as for
    danger: "inget händer i rummet just nu"), or one more inside it than the phrase holds."""
    before_text = folded[max(0, start - 120) : start]
    if clause:
        before_text = re.split(r"[.!?;,]", before_text)[-1]
        before = _WORDS.findall(before_text)
        # what usually or once happened, anywhere in the clause ("väntar utanför skolan varje dag"): not now
        after = _WORDS.findall(re.split(r"[.!?;,]", folded[end : end + 120])[0])
        inside = _WORDS.findall(folded[start:end])  # "står ofta utanför": a word between the phrase's words
        if any(word in _HABITUAL or word in _PAST for word in (*before, *inside, *after)):
            return True
        clause_words = " ".join((*before, *inside, *after))
        if any(phrase in clause_words for phrase in _HABITUAL_PHRASES):
            return True
        padded = f" {clause_words} "
        if any(f" {phrase} " in padded for phrase in _PAST_PHRASES) and not any(
            f" {now} " in padded for now in _NOW
        ):
            # "i går slog han henne" – but "i går slog han henne och i dag står han utanför" is now
            return True
    else:
        # … in the same sentence: "det finns inget datum. Dottern är 15" denies no age
        before = _WORDS.findall(re.split(r"[.!?;]", before_text)[-1])[-NEGATION_WORDS:]
    # a negation before "men" / "but" denies the clause it ends, not what the contrast goes on to say ("vet inte om
    # det är heder eller inte, men en elev på 14 …")
    for i in range(len(before) - 1, -1, -1):
        if before[i] in _CONTRAST:
            before = before[i + 1 :]
            break
    if any(word in negations for word in before):
        return True
    if _DENIED_SIGN.search(re.split(r"[.!?;]", before_text)[-1]):
        return True  # "det finns inget som tyder på heder", "inga tecken alls på att hon är rädd"
    denied = sum(word in negations for word in _WORDS.findall(folded[start:end]))
    return denied > own


def _a_count(word: str) -> bool:
    return word.isdigit() or word in _NUMBER_WORDS or word in ("ett", "tva", "flera", "nagra")


def _childs_age(folded: str, start: int) -> bool:
    """Whether the age at `start` is given for someone's children ("med barn på 2 och 5 år", "barnen är 2 och 6",
    "sin treåring"; "barnet är 6" is the person's own) or for someone's partner or kin ("hennes bror, 19,", "hans
    pappa 45")."""
    listed = _WORDS.findall(folded[max(0, start - 60) : start])
    before = listed[-CHILD_AGE_WORDS:]
    # a list of ages right after children named: "två barn, 3 och 7 år", "barnen 4 och 9"
    while listed and (listed[-1].isdigit() or listed[-1] in _NUMBER_WORDS or listed[-1] in ("och", "and")):
        listed.pop()
    if listed and (
        listed[-1] in _CHILDREN
        or (
            listed[-1] == "barn"
            and len(listed) > 1
            and (_a_count(listed[-2]) or listed[-2] in _POSSESSIVES)  # "hennes barn, 2 och 6 år"
        )
    ):
        return True
    if listed[-2:-1] and listed[-1] == "pa" and listed[-2] in _RELATIVES:  # "tre barn på 2, 5 och 9 år"
        return True
    if any(
        (a in _RELATIVES and b == "pa") or (a in _CHILDREN and b == "ar")
        for a, b in itertools.pairwise(before)
    ):
        return True
    if before[-1:] and before[-1] in _POSSESSIVES:
        return True  # "sin treåring", "hennes 15-åriga dotter": a child of hers
    # right after a partner ("Pojkvännen, 24, slår henne", "maken 45", "sambon är 30"): the partner's age
    if before[-1:] and before[-1] in _PARTNERS:
        return True
    if before[-2:-1] and before[-2] in _PARTNERS and before[-1] in ("ar", "is"):
        return True
    near = before[-KIN_AGE_WORDS:]
    if any(a in _POSSESSIVES and b in _KIN for a, b in itertools.pairwise(near)):
        return True
    # further back in the sentence, the kin is still the one the age is about while no one else is named after it:
    # "hennes syster gifte sig som 15-åring" (the sister's age), "hennes man är 45 och hon är 17" (hers)
    clause = _WORDS.findall(re.split(r"[.!?;]", folded[max(0, start - 160) : start])[-1])
    for i in range(len(clause) - 1, 0, -1):
        if clause[i] in _SUBJECTS:
            return False
        if clause[i - 1] in _POSSESSIVES and clause[i] in _KIN:
            return True
    return False


# the words that name someone else as the one the sentence goes on about
_SUBJECTS = frozenset(("hon", "han", "hen", "jag", "she", "he", "i"))


def _matches(
    folded: str,
    regexes: tuple[re.Pattern[str], ...],
    negations: frozenset[str],
    ages: tuple[int, int] | None = None,
    own_negations: tuple[int, ...] = (),
    person: bool = False,
    clause: bool = False,
    marks: str | None = None,
    workplace: bool = False,
    trip: bool = False,
) -> list[tuple[int, int]]:
    """The spans where the phrases match (in `marks`, the text with its å/ä/ö marked, when given); `person`: an age
    found must be the person's own (not their children's); `workplace`: not a place where someone lives ("bor på
    ett HVB-hem"); `trip`: not the date of a birthday ("fyller arton nästa vecka")."""
    spans = []
    for i, regex in enumerate(regexes):
        own = own_negations[i] if i < len(own_negations) else 0
        for match in regex.finditer(marks or folded):
            if _negated(folded, match.start(), match.end(), negations, own, clause):
                continue
            if workplace and _LIVES.intersection(
                _WORDS.findall(folded[max(0, match.start() - 40) : match.start()])[-4:]
            ):
                continue  # where someone lives, not where the user works
            if trip and _birthday(folded, match.start()):
                continue
            if ages is not None:
                age = match.groupdict().get("age")
                age = age.translate(_UNMARK) if age is not None else None
                if age is None or not ages[0] <= _age_of(age) <= ages[1]:
                    continue
                if _a_time(folded, match.start("age"), match.end("age")):
                    continue
                if _WORDS.findall(folded[match.end("age") : match.end("age") + 20])[:1] in _COUNTING:
                    continue  # "kanske 3 gånger i veckan", "kvinna 2 barn": a count, not an age
                if age in _NUMBER_WORDS and not (
                    _an_age_in_words(folded, match.start("age"), match.end("age"))
                    or _named_before(folded, match.start(), match.start("age"))
                ):
                    continue
                if person and (
                    _childs_age(folded, match.start("age")) or _past_age(folded, match.start("age"))
                ):
                    continue
            elif match.groupdict().get("age") is not None:
                continue
            spans.append((match.start(), match.end()))
    return sorted(spans)


def _conditions_hold(rule: _Rule, folded: str, compiled: _Compiled, marks: str) -> bool:
    """Whether the text has what the rule needs beside its phrases: one of its `when` phrases (a negation by "utan"
    does not take one back), and none of its `unless` phrases, negated or not."""
    if rule.when and not _matches(folded, rule.when, compiled.when_negations, marks=marks):
        return False
    return not (rule.unless and _matches(folded, rule.unless, frozenset(), marks=marks))


def _birthday(folded: str, start: int) -> bool:
    """Whether the time at `start` is a birthday's ("fyller arton nästa vecka", "fyller 18 i maj", "fyller år på
    lördag"): when someone comes of age says nothing of when a trip goes."""
    before = _WORDS.findall(folded[max(0, start - 30) : start])[-2:]
    return len(before) == 2 and before[0] == "fyller" and (_a_count(before[1]) or before[1] == "ar")


# a place where someone lives or goes is not where the user works: "bor numera på ett HVB-hem", "placerad i
# familjehem", "hennes son går på förskolan"
_LIVES = frozenset(
    # "ska hämta dem på förskolan": where the children go
    _WORDS.findall(
        "bor bodde placerad placerades placerats lives lived placed gar attends goes hamta hamtar lamna lamnar"
    )
)


# a value that, when read, overrules the fact's others: a person already abroad ("ringde mig från Pakistan") is not
# leaving on the date the text gives ("ska giftas bort nästa vecka", "ingreppet nästa vecka")
_OVERRULES = {"avresa": "utomlands"}


# a year of birth ("Tjejen är född 2010", "born in 1990"): the age is this year's less it, or one less
_BORN = re.compile(r"(?<![a-z0-9])(?:fodd|fodde|born)(?: (?:ar|in))? ((?:19|20)[0-9]{2})(?![0-9])")


def _born(folded: str, year: int) -> list[tuple[str, tuple[int, int]]]:
    """The ages a year of birth gives the person (not a child's or kin's: "hennes son är född 2015"): barn when
    the person is at most 17 whether or not the birthday has been, vuxen when at least 18 either way."""
    found = []
    for match in _BORN.finditer(folded):
        oldest = year - int(match.group(1))
        near = _WORDS.findall(re.split(r"[.!?;]", folded[max(0, match.start() - 60) : match.start()])[-1])[
            -3:
        ]
        kin = any(a in _POSSESSIVES and (b in _KIN or b in _RELATIVES) for a, b in itertools.pairwise(near))
        if oldest < 0 or kin or _childs_age(folded, match.start()):
            continue
        if oldest <= 17:
            found.append(("barn", match.span()))
        elif oldest - 1 >= 18:
            found.append(("vuxen", match.span()))
    return found


def read_facts(
    pack: ContentPack, text: str, rules: FreeTextFile | None = None, today: date | None = None
) -> list[FactGuess]:
    """The facts a description states, in the order of the facts in flows/facts.toml. Never akut = nej. `today`
    (default: the date today) gives the age of a year of birth."""
    rules = rules if rules is not None else rules_of(pack)
    compiled = _compile(rules)
    original = text[:MAX_TEXT]
    folded, where = fold_map(original)
    marks = marked(original, folded, where)
    found: dict[str, dict[str, list[tuple[int, int]]]] = {}  # fact → value → spans
    aged: dict[str, set[str]] = {}  # fact → the values an explicit age gave
    for rule in compiled.rules:
        known = pack.facts.get(rule.fact)
        if known is None or rule.value not in known.value_ids():
            continue
        if rule.fact == "akut" and rule.value != "ja":
            continue
        if not _conditions_hold(rule, folded, compiled, marks):
            continue
        spans = _matches(
            folded,
            rule.regexes,
            compiled.negations,
            rule.ages,
            rule.own_negations,
            person=rule.fact == "alder",
            clause=rule.fact == "akut",
            marks=marks,
            workplace=rule.fact == "roll",
            trip=rule.fact == "avresa",
        )
        if spans:
            found.setdefault(rule.fact, {}).setdefault(rule.value, []).extend(spans)
            if rule.ages is not None:
                aged.setdefault(rule.fact, set()).add(rule.value)
    known_age = pack.facts.get("alder")
    for value, span in _born(folded, (today or date.today()).year):
        if (
            known_age is not None
            and value in known_age.value_ids()
            and not _negated(folded, span[0], span[1], compiled.negations)
        ):
            found.setdefault("alder", {}).setdefault(value, []).append(span)
            aged.setdefault("alder", set()).add(value)
    guesses = []
    for fact_id in pack.facts:
        values = found.get(fact_id, {})
        strongest = _OVERRULES.get(fact_id)
        if strongest in values:  # someone already abroad: a date in the text is of something else
            values = {strongest: values[strongest]}
        values = _settle(values, aged.get(fact_id, set()))
        if len(values) == 1:  # two values for one fact: leave it to the user
            ((value, spans),) = values.items()
            start, end = min(spans)
            phrase = original[where[start] : where[end - 1] + 1].strip(" ,;:")
            guesses.append(FactGuess(fact_id, value, phrase))
    return guesses


def reads_danger(pack: ContentPack, text: str) -> bool:
    """Whether the text says someone is in danger right now (the pack's akut = "ja" phrases, negation honoured):
    search puts the acute contacts first then. Only ever a yes: no text makes search say there is no danger."""
    rules = rules_of(pack)
    compiled = _compile(rules)
    folded, where = fold_map(text[:MAX_TEXT])
    marks = marked(text[:MAX_TEXT], folded, where)
    for rule in compiled.rules:
        if rule.fact != "akut" or rule.value != "ja":
            continue
        if not _conditions_hold(rule, folded, compiled, marks):
            continue
        if _matches(
            folded, rule.regexes, compiled.negations, None, rule.own_negations, clause=True, marks=marks
        ):
            return True
    return False


def _settle(values: dict[str, list[tuple[int, int]]], aged: set[str]) -> dict[str, list[tuple[int, int]]]:
    """One fact's readings, less those a stronger reading overrules: explicit ages over cue words, and a phrase
    over a shorter one of another value inside it."""
    if aged:
        values = {v: spans for v, spans in values.items() if v in aged}

    def inside_longer(value: str, span: tuple[int, int]) -> bool:
        return any(
            other != value and s <= span[0] and span[1] <= e and (e - s) > (span[1] - span[0])
            for other, spans in values.items()
            for s, e in spans
        )

    settled = {v: [sp for sp in spans if not inside_longer(v, sp)] for v, spans in values.items()}
    return {v: spans for v, spans in settled.items() if spans}


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
        folded, where = fold_map(original)
        marks = marked(original, folded, where)
        for flow_id, regexes in compiled.guides:
            spans = _matches(folded, regexes, compiled.negations, marks=marks)
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
