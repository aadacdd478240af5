"""Frozen pydantic models for every kind of content file.

The models describe what an author writes; cross-references between files (a flow naming a unit, a routine
section, a legal reference) are resolved by ContentPack and checked by check.py, not here.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from vinrguide.content.timespec import parse_days, parse_time_range

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Status = Literal["utkast", "fastställd"]
Urgency = Literal["akut", "genast", "snart", "info"]
DRAFT_NOTICE = "Utkast – inte fastställd av Uppsala kommun"


class Model(BaseModel):
    """Base: frozen, and unknown fields are an error (a misspelt field must not vanish silently)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# ---------------------------------------------------------------- text with role variants


class RoleText(Model):
    """Text that differs by the user's role: `text.default = "…"`, `text.skola = "…"`."""

    model_config = ConfigDict(frozen=True, extra="allow")
    __pydantic_extra__: dict[str, str] = Field(
        init=False
    )  # every variant is text too (`text.skola = 3` is an error)
    default: str

    def variants(self) -> dict[str, str]:
        return {k: v for k, v in (self.model_extra or {}).items() if isinstance(v, str)}

    def for_role(self, role: str | None) -> str:
        return self.variants().get(role or "", self.default)


def _text_kind(value: object) -> str:
    return "RoleText" if isinstance(value, dict | RoleText) else "str"


# A plain text or a table of role variants. The discriminator makes pydantic report only the problems of the form
# the author chose (a table without `default` says so, not "should be text").
Text = Annotated[Annotated[str, Tag("str")] | Annotated[RoleText, Tag("RoleText")], Discriminator(_text_kind)]


def text_for(text: Text | None, role: str | None) -> str:
    """The text to show a user with this role (the default when there is no variant for it)."""
    if text is None:
        return ""
    return text if isinstance(text, str) else text.for_role(role)


def all_texts(text: Text | None) -> list[str]:
    """Every variant of a text (for search and for checks)."""
    if text is None:
        return []
    if isinstance(text, str):
        return [text]
    return [text.default, *text.variants().values()]


# ---------------------------------------------------------------- fact vocabulary (flows/facts.toml)


class FactValue(Model):
    value: Id
    label: str
    duty: bool = False
    """On a value of `roll`: staff in this role have the duty to report (SoL 14 kap. 1 §). Only for them may an
    outcome say "skyldig" or cite OSL 10 kap. 28 § (check: VG408, VG409)."""


class Fact(Model):
    id: Id
    label: str
    description: str = ""
    values: tuple[FactValue, ...] = Field(min_length=1)

    def label_of(self, value: str) -> str:
        for v in self.values:
            if v.value == value:
                return v.label
        return value

    def value_ids(self) -> tuple[str, ...]:
        return tuple(v.value for v in self.values)

    def duty_values(self) -> tuple[str, ...]:
        """The values marked `duty = true` (on `roll`: the roles with the duty to report)."""
        return tuple(v.value for v in self.values if v.duty)


class FactsFile(Model):
    fact: tuple[Fact, ...]


# ---------------------------------------------------------------- flows (flows/*.toml)


class Option(Model):
    value: Id
    next: Id
    label: str | None = None  # overrides the label from facts.toml


When = Literal["kontorstid", "efter-kontorstid"]


class Action(Model):
    """An item in a list of actions or don'ts; `roll` limits it to some roles.

    `when` ties an item to the municipality's office hours (pack.toml `[[office_hours]]`): an item marked
    "efter-kontorstid" comes first outside office hours, one marked "kontorstid" comes first within them.
    """

    text: Text
    roll: tuple[Id, ...] = ()
    when: When | None = None

    def applies_to(self, role: str | None) -> bool:
        return not self.roll or role is None or role in self.roll


def _action_kind(value: object) -> str:
    return "Action" if isinstance(value, dict | Action) else "str"


ActionItem = Annotated[
    Annotated[str, Tag("str")] | Annotated[Action, Tag("Action")], Discriminator(_action_kind)
]


def as_action(item: ActionItem) -> Action:
    return item if isinstance(item, Action) else Action(text=item)


class Referral(Model):
    unit: Id
    note: Text | None = None  # e.g. "erbjud personen, med samtycke"


class QuestionNode(Model):
    kind: Literal["question"]
    fact: Id
    text: Text
    why: Text
    options: tuple[Option, ...] = Field(min_length=1)


class OutcomeNode(Model):
    kind: Literal["outcome"]
    title: Text
    urgency: Urgency
    text: Text = ""
    acute: bool = False
    report: bool = False  # the outcome calls for an orosanmälan about a child
    actions: tuple[ActionItem, ...] = ()
    dont: tuple[ActionItem, ...] = ()
    referrals: tuple[Referral, ...] = ()
    routines: tuple[str, ...] = ()  # "routine-id#anchor"
    legal: tuple[Id, ...] = ()


Node = Annotated[QuestionNode | OutcomeNode, Field(discriminator="kind")]


class Flow(Model):
    id: Id
    title: str
    description: str
    start: Id
    status: Status = "utkast"
    version: str = "0.1"
    owner: str = ""
    review_by: dt.date | None = None
    measure: str | None = None
    audience: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()  # phrases staff use, for search
    sources: tuple[str, ...] = ()
    nodes: dict[Id, Node]

    def questions(self) -> dict[str, QuestionNode]:
        return {k: n for k, n in self.nodes.items() if isinstance(n, QuestionNode)}

    def outcomes(self) -> dict[str, OutcomeNode]:
        return {k: n for k, n in self.nodes.items() if isinstance(n, OutcomeNode)}

    def acute_outcome(self) -> str | None:
        acute = [k for k, n in self.outcomes().items() if n.acute]
        return acute[0] if len(acute) == 1 else None


# ---------------------------------------------------------------- routines (routines/*.md front matter)


class RoutineMeta(Model):
    id: Id
    title: str
    status: Status
    version: str
    owner: str
    co_owners: tuple[str, ...] = ()
    measure: str | None = None
    audience: tuple[str, ...] = ()
    adopted: dt.date | None = None
    review_by: dt.date | None = None
    sources: tuple[str, ...] = ()
    summary: str = ""


class Section(Model):
    anchor: str
    heading: str
    level: int
    line: int  # 1-based line in the file
    body: str  # Markdown below the heading, up to the next heading of any level


class Routine(Model):
    meta: RoutineMeta
    body: str  # Markdown after the front matter
    sections: tuple[Section, ...]
    file: str
    body_line: int  # line in the file where body starts

    @property
    def id(self) -> str:
        return self.meta.id

    def section(self, anchor: str) -> Section | None:
        for s in self.sections:
            if s.anchor == anchor:
                return s
        return None


# ---------------------------------------------------------------- directory (routines/units.toml)


class Phone(Model):
    number: str
    label: str = ""
    verified: bool = True


class Hours(Model):
    """Opening hours: `days = "mån-fre"` (or "lör", "mån,ons,fre"), `time = "09:00-16:00"`."""

    days: str
    time: str

    @field_validator("time")
    @classmethod
    def _time_range(cls, value: str) -> str:
        parse_time_range(value)
        return value

    @field_validator("days")
    @classmethod
    def _day_range(cls, value: str) -> str:
        parse_days(value)
        return value


class Unit(Model):
    id: Id
    name: str
    kind: Literal["kommun", "nationell", "ideell", "intern", "region"]
    description: str = ""
    audience: tuple[str, ...] = ()
    phones: tuple[Phone, ...] = ()
    address: str = ""
    web: str = ""
    hours: tuple[Hours, ...] = ()
    hours_note: str = ""
    always_open: bool = False
    hours_verified: bool = False
    open_on_holidays: bool = False
    after_hours: Id | None = None
    source: str = ""
    verified: bool = True
    aliases: tuple[str, ...] = ()  # other and old names, for search
    acute_help: bool = False
    """Listed in acute help (F2, the AKUT 112 page), in the file's order."""
    consultation: bool = False
    """Offered for advice without names (rådgöra) when a search finds nothing in the guide, in the file's order."""
    child_reports: bool = False
    """Receives orosanmälningar about children (socialtjänsten's unit for children). Every outcome that calls for a
    report refers to such a unit, and to one with `web` (its reporting page). Unmarked packs: `barn-och-unga`."""

    @model_validator(mode="after")
    def _hours_or_always_open(self) -> Unit:
        if self.always_open and self.hours:
            raise ValueError("ange antingen always_open = true eller hours, inte båda")
        return self

    @property
    def primary_phone(self) -> str | None:
        return self.phones[0].number if self.phones else None


class PackInfo(Model):
    """pack.toml: who the pack belongs to. Every surface takes the municipality's name from here."""

    municipality: str = "kommunen"
    """The municipality's name as it stands in "Utkast – inte fastställd av …" (e.g. "Uppsala kommun")."""
    content_owner: str = ""
    """Whom to contact about an error in the content (a unit, an address)."""
    version: str = "0.1"
    office_hours: tuple[Hours, ...] = ()
    """The municipality's office hours ("kontorstid"); items with `when` are ordered by them. Empty: no reordering."""
    office_hours_source: str = ""


class UnitsFile(Model):
    unit: tuple[Unit, ...]


# ---------------------------------------------------------------- legal references (routines/legal.toml)


class LegalRef(Model):
    id: Id
    citation: str  # e.g. "LVU 31 a–31 i §§"
    title: str = ""
    summary: str = ""
    url: str = ""
    verified: bool = True
    duty_only: bool = False
    """Applies only where a duty to report exists (OSL 10 kap. 28 §): shown only to roles marked `duty = true`."""


class LegalFile(Model):
    legal: tuple[LegalRef, ...]


# ---------------------------------------------------------------- terms (routines/terms.toml)


class Term(Model):
    id: Id
    term: str
    synonyms: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    ref: str  # routine:ID#anchor, flow:ID or unit:ID
    explanation: str = ""


class TermsFile(Model):
    term: tuple[Term, ...] = ()


# ---------------------------------------------------------------- scenarios (scenarios/*.toml)


class Expect(Model):
    outcome: Id | None = None
    urgency: Urgency | None = None
    referrals: tuple[Id, ...] = ()
    not_referrals: tuple[Id, ...] = ()
    mentions: tuple[str, ...] = ()
    not_mentions: tuple[str, ...] = ()
    open: dict[Id, bool | None] = Field(default_factory=dict)
    fallbacks: dict[Id, Id | None] = Field(default_factory=dict)


class Scenario(Model):
    name: str
    flow: Id
    now: str | None = None
    facts: dict[Id, Id] = Field(default_factory=dict)
    vignette: str = ""
    expect: Expect


class ScenarioFile(Model):
    scenario: tuple[Scenario, ...] = Field(min_length=1)
