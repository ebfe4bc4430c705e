"""The domain records: frozen dataclasses, no I/O.

Parsing lives in ``loader``; derived state (what the journal did to the plan) in ``state``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import field
from decimal import Decimal
from typing import Any, Literal

from transition_cli.core.records import record

CallId = str
MilestoneId = str
ExpertId = str
EnvelopeId = str
ClusterId = str
MemberId = str
NutsCode = str
CountryCode = str
PriorityId = str
ActionId = str
IndicatorId = str
DeliverableId = str

FileKind = Literal["strategy", "partnership", "calls"]
FORMAT_KEY = "transition"
FORMAT_VERSION = 1
FILE_KINDS: tuple[FileKind, ...] = ("strategy", "partnership", "calls")
PLAN_KINDS: tuple[FileKind, ...] = ("strategy", "partnership")

PHASES = ("learn", "connect", "demonstrate", "commercialise", "scale-up")
# Who holds an envelope's money, and who awards it: the Commission (which reserves the
# pilot's expertise envelope and contracts the experts itself, and awards the
# implementation grant) or the region (which receives the grant and commits it).
HOLDERS = ("commission", "region")
Holder = Literal["commission", "region"]
HOLDER_NAMES: Mapping[str, str] = {"commission": "the Commission", "region": "the region"}
ORGANISATION_KINDS = ("firm", "research-centre", "university", "other")

# The strategy itself (docs/FORMAT.md, "The strategy itself").
FUNDING_SOURCES = ("pilot-grant", "erdf-regional", "esf", "horizon-2020", "eib", "national",
                   "regional", "private", "other")
"""Where an action's money comes from: the pilot's implementation grant, the region's ERDF
programme, the ESF, Horizon 2020, the EIB, national, regional and private money, other."""
EU_GRANTS = frozenset({"pilot-grant", "erdf-regional", "esf", "horizon-2020"})
"""EU grants: they pay at most their co-financing rate of the eligible cost (an EIB loan is
repaid, so it has no rate)."""
PILOT_GRANT = "pilot-grant"  # paid from the implementation envelope of the pilot's call
ERDF_PROGRAMME = "erdf-regional"  # bound by the ceiling of the region's category
INDICATOR_KINDS = ("output", "result")
REGION_CATEGORIES = ("less-developed", "transition", "more-developed")


@record
class Period:
    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@record
class CallEnvelope:
    id: EnvelopeId
    title: str
    cap: Decimal
    gated: bool = False  # plans name a gate milestone: their "ready to ask for it" step
    expert_days: bool = False  # experts' logged days are charged to this envelope
    managed_by: Holder | None = None  # who commits and pays it; None: the call does not say
    # Who awards it: the envelope opens on a budget.award entry (at most the cap), and no
    # commitment comes before one. None: it is open from the start (or on its gate).
    awarded_by: Holder | None = None


@record
class Call:
    id: CallId
    title: str
    fund: str
    answered_by: Literal["strategy", "partnership"]
    envelopes: tuple[CallEnvelope, ...]
    # Only where a source (or the user's calls file) declares them: the pilots' sources
    # give neither, so no rule judges a plan's period or its entries' dates against them.
    work: Period | None = None
    eligibility: Period | None = None  # default: work
    opens: dt.date | None = None
    deadline: dt.date | None = None
    selected: dt.date | None = None
    selects: int | None = None
    budget: Decimal | None = None
    budget_derived: bool = False  # the budget is a product (selects x caps), not stated
    min_member_states: int | None = None
    themes: tuple[str, ...] = ()
    source: str = "built-in"
    # The NUTS version the plans answering the call use unless they declare their own:
    # the classification in force during the call (2016 for the 2017-2018 pilots).
    nuts_version: str | None = None

    def envelope(self, envelope_id: EnvelopeId) -> CallEnvelope | None:
        return next((e for e in self.envelopes if e.id == envelope_id), None)

    def state(self, as_of: dt.date) -> Literal["upcoming", "open", "closed"]:
        if self.opens is not None and as_of < self.opens:
            return "upcoming"
        closes = self.deadline or self.selected
        if closes is not None and as_of > closes:
            return "closed"
        return "open"

    @property
    def cap_per_plan(self) -> Decimal:
        return sum((e.cap for e in self.envelopes), Decimal(0))


@record
class Region:
    name: str
    country: CountryCode
    nuts: tuple[NutsCode, ...]
    category: str | None = None  # ERDF category of region, as the file declares it
    erdf_ceiling: Decimal | None = None  # % of eligible cost the ERDF programme may pay


@record
class Expert:
    id: ExpertId
    name: str
    role: str = ""
    organisation: str = ""
    day_rate: Decimal = Decimal(0)
    planned_days: Decimal = Decimal(0)

    @property
    def planned_cost(self) -> Decimal:
        """Planned days at the day rate, rounded to the cent (``core.money.cost``)."""
        from transition_cli.core.money import cost

        return cost(self.planned_days, self.day_rate)


@record
class Milestone:
    id: MilestoneId
    title: str
    due: dt.date
    start: dt.date | None = None
    owner: ExpertId | None = None
    depends_on: tuple[MilestoneId, ...] = ()
    deliverable: str = ""


@record
class Envelope:
    id: EnvelopeId
    cap: Decimal
    gate: MilestoneId | None = None


@record
class Organisation:
    name: str
    kind: str


@record
class Cluster:
    id: ClusterId
    name: str
    theme: str = ""
    members: tuple[Organisation, ...] = ()


@record
class Priority:
    """A priority of the strategy, built on a domain of the region's smart specialisation
    strategy (S3), serving some of the call's peer-learning themes."""

    id: PriorityId
    title: str
    s3_domain: str
    s3_reference: str = ""  # where the S3 document says it: a section, a link
    themes: tuple[str, ...] = ()
    rationale: str = ""


@record
class Funding:
    """One source of an action's money; ``rate`` is the co-financing rate of an EU grant,
    a percentage of the eligible cost."""

    source: str
    amount: Decimal
    rate: Decimal | None = None
    name: str = ""  # who provides it: a programme, a ministry, a bank, a firm

    @property
    def eu(self) -> bool:
        return self.source in EU_GRANTS


@record
class Action:
    id: ActionId
    title: str
    priority: PriorityId
    lead: str  # the lead organisation
    start: dt.date
    end: dt.date
    total_cost: Decimal
    eligible_cost: Decimal
    funding: tuple[Funding, ...] = ()
    cluster: ClusterId | None = None  # the cluster the lead organisation is a member of

    @property
    def funded(self) -> Decimal:
        return sum((f.amount for f in self.funding), Decimal(0))


@record
class Measure:
    """A value of an indicator on a date: its baseline or its target."""

    value: Decimal
    date: dt.date


@record
class Indicator:
    """What the strategy measures: an output of an action or a result of a priority."""

    id: IndicatorId
    title: str
    unit: str
    kind: str  # output or result
    baseline: Measure
    target: Measure
    action: ActionId | None = None
    priority: PriorityId | None = None


@record
class Deliverable:
    """What is due to the Commission (a progress report, a final report...)."""

    id: DeliverableId
    title: str
    due: dt.date
    milestone: MilestoneId | None = None  # the milestone it closes


@record
class JournalEntry:
    """One dated fact appended by a recording command (or by hand).

    ``index`` is the entry's position in the journal. ``values`` holds the other fields the
    entry's kind declares (``ledger/kinds.py``), as validated; the properties below read the
    common ones, ``get`` any of them.
    """

    index: int
    kind: str
    date: dt.date
    by: str = ""
    note: str = ""
    values: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    # The properties below spell these out: a property calling a helper costs twice as
    # much, and the rules and the replay read a million of them on a 20,000-entry journal.
    def _id(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if isinstance(value, str) else None

    def _text(self, name: str) -> str:
        value = self.values.get(name)
        return value if isinstance(value, str) else ""

    def _number(self, name: str) -> Decimal | None:
        value = self.values.get(name)
        return value if isinstance(value, Decimal) else None

    def _day(self, name: str) -> dt.date | None:
        value = self.values.get(name)
        return value if isinstance(value, dt.date) else None

    @property
    def milestone(self) -> str | None:
        value = self.values.get("milestone")
        return value if isinstance(value, str) else None

    @property
    def expert(self) -> str | None:
        value = self.values.get("expert")
        return value if isinstance(value, str) else None

    @property
    def envelope(self) -> str | None:
        value = self.values.get("envelope")
        return value if isinstance(value, str) else None

    @property
    def cluster(self) -> str | None:
        value = self.values.get("cluster")
        return value if isinstance(value, str) else None

    @property
    def owner(self) -> str | None:
        value = self.values.get("owner")
        return value if isinstance(value, str) else None

    @property
    def ref(self) -> str | None:
        value = self.values.get("ref")
        return value if isinstance(value, str) else None

    @property
    def amount(self) -> Decimal | None:
        value = self.values.get("amount")
        return value if isinstance(value, Decimal) else None

    @property
    def days(self) -> Decimal | None:
        value = self.values.get("days")
        return value if isinstance(value, Decimal) else None

    @property
    def day_rate(self) -> Decimal | None:
        value = self.values.get("day_rate")
        return value if isinstance(value, Decimal) else None

    @property
    def planned_days(self) -> Decimal | None:
        value = self.values.get("planned_days")
        return value if isinstance(value, Decimal) else None

    @property
    def due(self) -> dt.date | None:
        value = self.values.get("due")
        return value if isinstance(value, dt.date) else None

    @property
    def start(self) -> dt.date | None:
        value = self.values.get("start")
        return value if isinstance(value, dt.date) else None

    @property
    def reason(self) -> str:
        value = self.values.get("reason")
        return value if isinstance(value, str) else ""

    @property
    def title(self) -> str:
        value = self.values.get("title")
        return value if isinstance(value, str) else ""

    @property
    def deliverable(self) -> str:
        value = self.values.get("deliverable")
        return value if isinstance(value, str) else ""

    @property
    def name(self) -> str:
        value = self.values.get("name")
        return value if isinstance(value, str) else ""

    @property
    def role(self) -> str:
        value = self.values.get("role")
        return value if isinstance(value, str) else ""

    @property
    def organisation(self) -> str:
        value = self.values.get("organisation")
        return value if isinstance(value, str) else ""

    @property
    def theme(self) -> str:
        value = self.values.get("theme")
        return value if isinstance(value, str) else ""

    @property
    def member_kind(self) -> str:
        value = self.values.get("member_kind")
        return value if isinstance(value, str) else ""

    @property
    def depends_on(self) -> tuple[MilestoneId, ...]:
        value = self.values.get("depends_on")
        return tuple(value) if isinstance(value, list | tuple) else ()

    @property
    def indicator(self) -> str | None:
        value = self.values.get("indicator")
        return value if isinstance(value, str) else None

    @property
    def value(self) -> Decimal | None:
        value = self.values.get("value")
        return value if isinstance(value, Decimal) else None

    @property
    def deliverable_id(self) -> str | None:
        value = self.values.get("deliverable_id")
        return value if isinstance(value, str) else None


@record
class Member:
    """A region taking part in a partnership."""

    id: MemberId
    name: str
    country: CountryCode
    nuts: tuple[NutsCode, ...] = ()
    associated: bool = False  # a non-EU region (e.g. Norway's): takes part, does not count


@record
class Phase:
    name: str
    start: dt.date
    end: dt.date


@record
class Plan:
    """What strategies and partnerships share: a call, a period, a team, a journal."""

    call: CallId
    title: str
    period: Period
    experts: tuple[Expert, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    envelopes: tuple[Envelope, ...] = ()
    journal: tuple[JournalEntry, ...] = ()
    submitted: dt.date | None = None
    eligibility: Period | None = None  # the plan's own window for costs (its grant's)


@record
class Strategy(Plan):
    region: Region = Region("", "", ())
    nuts_version: str | None = None  # as declared; None: the call's (see nuts_version_of)
    themes: tuple[str, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    partnerships: tuple[str, ...] = ()
    # The strategy itself: what the region will do, with what money, measured how.
    priorities: tuple[Priority, ...] = ()
    actions: tuple[Action, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    deliverables: tuple[Deliverable, ...] = ()
    kind: Literal["strategy"] = "strategy"


@record
class Partnership(Plan):
    id: str = ""
    theme: str = ""
    coordinators: tuple[MemberId, ...] = ()
    members: tuple[Member, ...] = ()
    phases: tuple[Phase, ...] = ()
    nuts_version: str | None = None  # as declared; None: the call's (see nuts_version_of)
    kind: Literal["partnership"] = "partnership"


#: The NUTS version of a plan that declares none and whose call declares none.
DEFAULT_NUTS_VERSION = "2021"


def nuts_version_of(plan: Strategy | Partnership, call: Call | None) -> str:
    """The NUTS version a plan's codes are of: its own, else its call's, else 2021."""
    return (plan.nuts_version or (call.nuts_version if call is not None else None)
            or DEFAULT_NUTS_VERSION)


@record
class CallsFile:
    calls: tuple[Call, ...] = field(default_factory=tuple)
    kind: Literal["calls"] = "calls"
