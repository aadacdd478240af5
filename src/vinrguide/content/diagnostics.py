"""Every finding `check` and the loader can give, in one table: code, severity, summary, message template.

As DAYamlChecker's MESSAGE_DEFINITIONS and Yarn Spinner's DiagnosticDescriptor: a call site names a Diagnostic
and fills in its template; it never writes a code or a severity itself. `docs/check-codes.md` lists the same
table (tests/test_diagnostics.py compares them), so a code means one thing everywhere and for ever.

Numbering: VG0xx a file cannot be loaded, VG1xx the shape of a flow, VG2xx references between files, VG3xx drafts,
dates and confirmations, VG4xx safety rules every pack obeys, VG5xx short enough to read in a crisis.
A retired code is never reused.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from vinrguide.content.errors import ContentError

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem found in the pack, as `check` prints it and `check --json` emits it (design.md's contract)."""

    code: str
    severity: Severity
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        place = self.file + (f":{self.line}" if self.line else "")
        where = f" [{self.path}]" if self.path else ""
        return f"{place}: {self.severity} {self.code}: {self.message}{where}"

    @property
    def is_error(self) -> bool:
        """An error makes `check` exit 1; a warning does not."""
        return self.severity == "error"

    def as_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    summary: str
    """What it catches, as the table in docs/check-codes.md says it (English, for authors and developers)."""
    template: str
    """The Swedish message, with `{name}` fields that the call site fills in."""

    def message(self, **fields: object) -> str:
        return self.template.format(**fields)

    def at(self, file: str, line: int | None = None, path: str = "", /, **fields: object) -> Finding:
        """A finding of this kind at a place, its message made from the template."""
        return Finding(self.code, self.severity, file, line, path, self.message(**fields))

    def error(self, file: str, line: int | None = None, path: str = "", /, **fields: object) -> ContentError:
        """A loading error of this kind (the loader raises or records it; check_pack turns it into a Finding)."""
        return ContentError(file, self.message(**fields), line, path, code=self.code)


REGISTRY: dict[str, Diagnostic] = {}


def _define(code: str, severity: Severity, summary: str, template: str) -> Diagnostic:
    if code in REGISTRY:
        raise ValueError(f"{code} is defined twice")
    REGISTRY[code] = diagnostic = Diagnostic(code, severity, summary, template)
    return diagnostic


def lookup(code: str) -> Diagnostic:
    """The diagnostic of a code; an unregistered code is a programming error, not a content problem."""
    try:
        return REGISTRY[code]
    except KeyError:
        raise KeyError(f"{code} is not in the diagnostics registry (content/diagnostics.py)") from None


def from_error(error: ContentError) -> Finding:
    """A loading error as a finding: its code's severity from the registry, its message as the loader wrote it."""
    diagnostic = lookup(error.code)
    return Finding(diagnostic.code, diagnostic.severity, error.file, error.line, error.path, error.message)


# ------------------------------------------------------------------ VG0xx: a file cannot be loaded (the loader)

FILE_UNREADABLE = _define(
    "VG001",
    "error",
    "a file is missing, cannot be read, is not UTF-8, is too large or is not text",
    "{reason}",
)
TOML_SYNTAX = _define("VG002", "error", "TOML syntax error (a missing quote, bracket or `=`)", "{reason}")
INVALID_FIELD = _define(
    "VG003",
    "error",
    "a field is missing, misspelt, of the wrong type or has a value that is not allowed",
    "{reason}",
)
NO_FRONT_MATTER = _define(
    "VG004", "error", "a routine does not start with front matter between `+++` lines", "{reason}"
)
FREE_TEXT_UNDECLARED = _define(
    "VG005",
    "error",
    "a free-text rule (`routines/fritext.toml`) names a fact, value or guide that the pack does not declare; the rule is left out, the others still work",
    "{reason}",
)
FREE_TEXT_AKUT = _define(
    "VG006",
    "error",
    'a free-text rule would set `akut` to something other than `"ja"` (free text never says that nobody is in danger: the guide always asks); the rule is left out',
    "{reason}",
)
INVISIBLE_IN_ID = _define(
    "VG007",
    "error",
    "an id, phone number, address or web address holds an invisible character: a bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) that can make it display as something else, or a zero-width character (U+200B–U+200D, U+2060–U+2064, U+FEFF) that makes two ids that look the same differ",
    "{reason}",
)
INVISIBLE_IN_TEXT = _define(
    "VG008",
    "warning",
    "text holds one of those invisible characters (at most 20 warnings per file)",
    "{reason}",
)

# ------------------------------------------------------------------ VG1xx: the shape of a flow

DUPLICATE_ID = _define(
    "VG101",
    "error",
    "an id is used twice (fact, value of a fact, flow, routine, unit, legal reference, term)",
    "{kind} '{ident}' finns redan; varje id måste vara unikt",
)
OPTION_POINTS_NOWHERE = _define(
    "VG102",
    "error",
    "an option points to a node that does not exist",
    "svaret '{value}' pekar på noden '{next}', som inte finns",
)
UNREACHABLE_NODE = _define(
    "VG103",
    "error",
    "a node cannot be reached from `start`",
    "noden '{node}' går inte att nå från start",
)
BAD_START = _define(
    "VG104",
    "error",
    "`start` names a node that does not exist",
    "start pekar på '{start}', som inte finns bland noderna",
)
CYCLE = _define(
    "VG105",
    "error",
    "the flow loops: a path returns to a node it has passed",
    "guiden går i en slinga: {cycle}",
)
UNDECLARED_FACT = _define(
    "VG106",
    "error",
    "a question asks for a fact that is not declared in `flows/facts.toml`",
    "faktumet '{fact}' är inte deklarerat i {facts_file}",
)
UNDECLARED_VALUE = _define(
    "VG107",
    "error",
    "an option's value is not one of its fact's values",
    "'{value}' är inget värde för {fact}; värden: {values}",
)
ACUTE_OUTCOME_COUNT = _define(
    "VG108",
    "error",
    "the flow does not have exactly one outcome with `acute = true`",
    "guiden ska ha exakt ett utfall med acute = true, men har {count}",
)
CHILD_REPORT_NOT_URGENT = _define(
    "VG109",
    "error",
    "an outcome with `report = true` can be reached with `alder = barn` but its urgency is not `akut` or `genast`",
    'utfallet kräver en orosanmälan om ett barn och ska därför ha urgency "genast" eller "akut"',
)
NO_REFERRAL = _define(
    "VG110",
    "error",
    "an outcome refers to no unit",
    "utfallet hänvisar inte till någon enhet; lägg till minst en i referrals",
)
NOT_STARTING_WITH_AKUT = _define(
    "VG111",
    "error",
    'the flow does not start with the question about acute danger (`fact = "akut"`)',
    'guiden ska börja med frågan om akut fara (fact = "akut")',
)
ACUTE_NOT_AKUT = _define(
    "VG112",
    "error",
    "the acute outcome's urgency is not `akut`",
    'det akuta utfallet måste ha urgency = "akut"',
)
DUPLICATE_OPTION = _define(
    "VG114",
    "error",
    "a question offers the same value twice",
    "svaret '{value}' finns två gånger i frågan",
)
FACT_ASKED_TWICE = _define(
    "VG115",
    "warning",
    "the same fact is asked twice on one path (the first answer is reused)",
    "faktumet '{fact}' frågas två gånger på samma väg; svaret återanvänds",
)
FLOW_ID_NOT_FILE_NAME = _define(
    "VG116",
    "warning",
    "a flow's id differs from its file name",
    "guiden heter '{id}' men filen {file}; döp filen till {id}.toml",
)

OPTION_ORDER = _define(
    "VG117",
    "error",
    "a question's options are not in the one order (yes first, no second, unsure/don't know after both)",
    "svaren ska stå i ordningen ja, nej, osäker/vet inte – så att 2 betyder nej överallt; nu: {order}",
)

# ------------------------------------------------------------------ VG2xx: references between files

UNKNOWN_UNIT = _define(
    "VG201",
    "error",
    "an outcome refers to a unit that is not in `routines/units.toml`",
    "enheten '{unit}' finns inte i {units_file}",
)
UNKNOWN_SECTION = _define(
    "VG202",
    "error",
    "an outcome cites a routine or section that does not exist",
    "{problem}",
)
UNKNOWN_LEGAL = _define(
    "VG203",
    "error",
    "an outcome cites a legal reference not in `routines/legal.toml`",
    "lagrummet '{legal}' finns inte i {legal_file}",
)
BAD_AFTER_HOURS = _define(
    "VG204",
    "error",
    "a unit's `after_hours` names a unit that does not exist",
    "after_hours pekar på '{unit}', som inte finns",
)
BROKEN_LINK = _define(
    "VG205",
    "error",
    "a link in a routine points to a section or unit that does not exist, or is of an unknown kind "
    "(links inside code blocks and `code` are examples and are not checked)",
    "{problem}",
)
TERM_BAD_REF = _define(
    "VG206",
    "error",
    "a term in `routines/terms.toml` points to a section, flow or unit that does not exist",
    "termen '{term}' pekar på '{ref}', som inte finns",
)
TERM_PHRASE = _define(
    "VG207",
    "error",
    "search terms: a term, synonym or trigger phrase is empty or claimed by two terms with different targets",
    "{problem}",
)
SCENARIO_BAD_REF = _define(
    "VG208",
    "error",
    "a scenario names an unknown flow, fact, value, unit or outcome",
    "scenario '{name}': {problem}",
)
UNKNOWN_ROLE = _define(
    "VG209",
    "error",
    "a role variant (`text.skola`) or an action's `roll` names a role that is not a value of `roll`",
    "{place}: '{role}' är ingen roll; roller: {roles}",
)
SCENARIO_BAD_NOW = _define(
    "VG210",
    "error",
    "a scenario's `now` is not a date and time (ISO 8601, e.g. `2026-05-20T10:00`) between the years 1900 and 2200",
    "scenario '{name}': now = {now!r} {problem}; skriv t.ex. 2026-05-20T10:00 eller 2026-05-20T10:00+02:00",
)

PHONE_IN_TEXT = _define(
    "VG211",
    "error",
    "a phone number is typed into text instead of a `{tel:UNIT}` reference to the directory",
    "numret {number} står skrivet i texten; skriv {reference} så hämtas numret ur routines/units.toml",
)
UNKNOWN_TEL_UNIT = _define(
    "VG212",
    "error",
    "a `{tel:…}` reference names a unit that does not exist, or is not written `{tel:unit-id}`",
    "{ref} pekar inte på någon enhet i routines/units.toml{hint}",
)
TEL_UNIT_WITHOUT_NUMBER = _define(
    "VG213",
    "error",
    "a `{tel:UNIT}` reference names a confirmed unit without a phone number",
    "{ref}: enheten '{unit}' har inget telefonnummer (phones) i routines/units.toml",
)

# ------------------------------------------------------------------ VG3xx: drafts, dates and confirmations

DRAFT_WITH_ADOPTED = _define(
    "VG301",
    "error",
    'a draft (`status = "utkast"`) has an `adopted` date',
    'ett utkast kan inte ha ett fastställandedatum (adopted); ta bort det eller sätt status = "fastställd"',
)
REVIEW_BY_PASSED = _define(
    "VG302",
    "warning",
    "a routine's `review_by` date has passed",
    "rutinen skulle ha setts över senast {date}",
)
DRAFT = _define(
    "VG303",
    "warning",
    "a routine or flow is a draft, not adopted by the municipality",
    "{kind} '{id}' är ett utkast – inte fastställd",
)
UNVERIFIED = _define(
    "VG304",
    "warning",
    "an item is not confirmed: `verified = false` on a unit, phone number or legal reference, "
    "or opening hours with `hours_verified = false`",
    "inte bekräftat ännu: {item} ({field} = false)",
)
UNIT_WITHOUT_SOURCE = _define(
    "VG305",
    "error",
    "a unit has no `source`",
    "enheten '{unit}' saknar källa (source)",
)
ADOPTED_WITHOUT_DATE = _define(
    "VG306",
    "error",
    "an adopted routine has no `adopted` date",
    "en fastställd rutin behöver datumet då den fastställdes (adopted)",
)
ROUTINE_ID_NOT_FILE_NAME = _define(
    "VG307",
    "warning",
    "a routine's id differs from its file name",
    "rutinen heter '{id}' men filen {file}; döp filen till {id}.md",
)
NO_ROUTINE = _define(
    "VG308",
    "error",
    "an outcome cites no routine section",
    "utfallet hänvisar inte till något rutinavsnitt; lägg till minst ett i routines",
)
DUPLICATE_ANCHOR = _define(
    "VG309",
    "error",
    "two headings of a routine give the same anchor",
    "rubriken '{heading}' ger samma ankare som raden {first_line}; byt rubrik",
)

# ------------------------------------------------------------------ VG4xx: safety rules every pack obeys

CHILD_REPORT_WITHOUT_CHILDREN_UNIT = _define(
    "VG401",
    "error",
    "an outcome with `report = true` does not refer to the children's unit (`barn-och-unga`, or the units marked "
    "`child_reports = true`)",
    "utfallet kräver en orosanmälan men hänvisar inte till enheten som tar emot den ({units}); lägg till den i referrals",
)
CHILD_REPORT_WITHOUT_PAGE = _define(
    "VG402",
    "error",
    "an outcome with `report = true` refers to the children's unit, but that confirmed unit has no `web` "
    "(its reporting page)",
    "enheten '{unit}' har ingen webbsida (web) där man kan göra en orosanmälan; lägg till sidan i routines/units.toml",
)
HONOUR_CONTACTS_FAMILY = _define(
    "VG403",
    "error",
    "an outcome reachable with `heder = ja` or `osaker`, or in the travel flow (`avresa` answered), advises contacting "
    "the family (in its title, text, actions or notes)",
    "vid tecken på heder eller en resa får utfallet aldrig råda att kontakta familjen: ”{clause}”",
)
HONOUR_WITHOUT_FAMILY_DONT = _define(
    "VG404",
    "error",
    "an outcome reachable with `heder = ja` or `osaker`, or in the travel flow, has no don't about the family",
    "vid tecken på heder eller en resa ska Gör inte säga att familjen inte kontaktas; saknas för: {roles}",
)
UNSURE_LACKS_DONTS = _define(
    "VG405",
    "error",
    "a path answered `heder = osaker` lacks a don't that the same path answered `heder = ja` has",
    "osäker ska ge minst samma Gör inte som ja ({sure}); saknas för {role}: {missing}",
)
ADULT_WITHOUT_CONSENT = _define(
    "VG406",
    "error",
    "a non-acute outcome reachable with `alder = vuxen` does not speak of consent (samtycke)",
    "för en vuxen bygger stödet på samtycke, men utfallet nämner inte samtycke; saknas för: {roles}",
)
TELLS_THE_ABUSER = _define(
    "VG407",
    "error",
    "an outcome advises telling the family, the adult or the employee about the report (outside a don't)",
    "den som kan utöva våldet får aldrig veta om anmälan av dig – socialtjänsten avgör när och hur: ”{sentence}”",
)
DUTY_FOR_ROLE_WITHOUT_DUTY = _define(
    "VG408",
    "error",
    'an outcome tells a role without the duty to report (a `roll` value without `duty = true`) that it is "skyldig"',
    "utfallet säger att du är skyldig att anmäla, men det visas också för roller utan anmälningsplikt ({roles}); "
    "skriv en variant för dem",
)
OSL_FOR_ROLE_WITHOUT_DUTY = _define(
    "VG409",
    "error",
    "an outcome cites OSL 10 kap. 28 § to a role without the duty to report (in its text, or a legal reference "
    "without `duty_only = true`)",
    "OSL 10 kap. 28 § bryter sekretessen bara där anmälningsplikt finns, men {where} visas för {roles}; "
    "sätt duty_only = true på lagrummet eller skriv en variant",
)

# ------------------------------------------------------------------ VG5xx: short enough to read in a crisis

FIRST_WITHOUT_CONTACT = _define(
    "VG501",
    "warning",
    "an outcome's first five actions (as one role sees them, in or out of office hours) name no one to contact",
    "de fem första stegen{context} ({seen}) säger inte vem man ska kontakta (ringa, anmäla, rådgöra, {{tel:…}}); "
    "flytta upp kontaktsteget",
)
FIRST_WITHOUT_ACTION = _define(
    "VG502",
    "warning",
    "an outcome's first five actions (as one role sees them, in or out of office hours) contain no instruction "
    "that starts with what to do (an imperative: Ring, Gör, Skriv, Stanna …)",
    "de fem första stegen{context} ({seen}) säger inte vad man ska göra; börja ett steg med vad man gör "
    "(Ring, Gör, Skriv …)",
)
FIRST_DONTS_WITHOUT_FAMILY = _define(
    "VG503",
    "warning",
    "on an honour or travel path, an outcome has more than five don'ts and its first five say nothing about "
    "the family or the person who uses violence",
    "de fem första Gör inte{context} ({seen}) säger inget om familjen eller den som utövar våldet; flytta upp det",
)
