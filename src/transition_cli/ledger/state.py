"""Derived state: the plan as the journal has changed it, as data.

These records are what ``ledger.replay.derive`` builds from a plan and its journal (each
journal kind's effect is declared in ``ledger.kinds``); views, rules and the recording
confirmations read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import field
from decimal import Decimal
from typing import Literal

from transition_cli.core.model import (
    Cluster,
    Deliverable,
    DeliverableId,
    Envelope,
    EnvelopeId,
    Expert,
    ExpertId,
    Holder,
    Indicator,
    IndicatorId,
    JournalEntry,
    Milestone,
    MilestoneId,
)
from transition_cli.core.records import record

Status = Literal["planned", "started", "done", "cancelled"]
ZERO = Decimal(0)

@record(frozen=False, slots=False)
class MilestoneState:
    milestone: Milestone
    baseline_due: dt.date
    due: dt.date
    status: Status = "planned"
    started: dt.date | None = None
    finished: dt.date | None = None  # done or cancelled on
    reschedules: int = 0
    # When it was done, and reopened (None: still done); several after a reopen.
    done_spells: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)

    @property
    def id(self) -> MilestoneId:
        return self.milestone.id

    @property
    def slip_days(self) -> int:
        """Days behind the baseline: completion (when done) or current due date."""
        end = self.finished if self.status == "done" and self.finished else self.due
        return (end - self.baseline_due).days

    def is_late(self, as_of: dt.date) -> bool:
        return self.status in ("planned", "started") and self.due < as_of

    def done_by(self, day: dt.date) -> bool:
        """Done on ``day``: recorded done by then and not reopened by then (a milestone
        reopened later was done in between, and what followed it then stands)."""
        return any(start <= day and (end is None or day < end)
                   for start, end in self.done_spells)


@record(frozen=False, slots=False)
class Commitment:
    ref: str
    envelope: EnvelopeId
    amount: Decimal
    date: dt.date
    expert: ExpertId | None = None
    paid: Decimal = ZERO
    released: Decimal = ZERO  # given back to the envelope (``budget.release``)

    @property
    def unpaid(self) -> Decimal:
        """What is still owed: committed, less paid and released."""
        return self.amount - self.paid - self.released

    @property
    def standing(self) -> Decimal:
        """What the commitment still holds of its envelope: the amount less releases."""
        return self.amount - self.released


@record(slots=False)
class Award:
    """A grant awarded on an envelope (a ``budget.award`` entry): the decision's day,
    amount and reference."""

    date: dt.date
    amount: Decimal
    decision: str


@record(frozen=False, slots=False)
class EnvelopeState:
    envelope: Envelope
    title: str = ""
    gated: bool = False
    expert_days: bool = False
    managed_by: Holder | None = None  # the call's: who commits and pays it
    awarded_by: Holder | None = None  # the call's: it opens on an award decided by them
    committed: Decimal = ZERO  # commitments, plus expert days not covered by one
    paid: Decimal = ZERO
    gate_opened: dt.date | None = None  # the gate milestone's completion
    gate_spells: tuple[tuple[dt.date, dt.date | None], ...] = ()  # done, until reopened
    awards: list[Award] = field(default_factory=list)

    @property
    def id(self) -> EnvelopeId:
        return self.envelope.id

    @property
    def cap(self) -> Decimal:
        return self.envelope.cap

    @property
    def awarded(self) -> Decimal | None:
        """What the awards add up to; None before any (or on an envelope without awards)."""
        if not self.awards:
            return None
        return sum((a.amount for a in self.awards), ZERO)

    @property
    def available(self) -> Decimal:
        """What may be committed: the cap, or once awarded, the award (at most the cap)."""
        awarded = self.awarded
        return self.cap if awarded is None else min(awarded, self.cap)

    @property
    def remaining(self) -> Decimal:
        return self.available - self.committed

    @property
    def share(self) -> Decimal:
        """Committed share of what is available, 0..1 (more when over)."""
        return self.committed / self.available if self.available else ZERO

    def gate_open(self, as_of: dt.date) -> bool:
        """The gate milestone is done by ``as_of`` (True when the envelope has no gate)."""
        if not self.gated:
            return True
        return any(start <= as_of and (end is None or as_of < end)
                   for start, end in self.gate_spells)

    def awarded_by_day(self, day: dt.date) -> bool:
        """An award is dated on or before ``day``."""
        return any(a.date <= day for a in self.awards)


@record(frozen=False, slots=False)
class ExpertState:
    expert: Expert
    logged_days: Decimal = ZERO
    # The sum of each log's cost, rounded to the cent where it arises (core.money.cost):
    # not logged_days x day_rate, which may hold fractions of a cent.
    logged_cost: Decimal = ZERO

    @property
    def id(self) -> ExpertId:
        return self.expert.id

    @property
    def planned_cost(self) -> Decimal:
        return self.expert.planned_cost


@record
class Reading:
    """A value measured for an indicator (``indicator.record``), and its journal entry."""

    date: dt.date
    value: Decimal
    entry: int


@record(frozen=False, slots=False)
class IndicatorState:
    indicator: Indicator
    readings: list[Reading] = field(default_factory=list)  # in journal order

    @property
    def id(self) -> IndicatorId:
        return self.indicator.id

    @property
    def latest(self) -> Reading | None:
        """The value of the latest date; of two on one date, the one recorded last (a
        correction is recorded again for the same date)."""
        return max(self.readings, key=lambda r: (r.date, r.entry), default=None)

    @property
    def progress(self) -> Decimal | None:
        """How far the latest value has come from the baseline to the target: 0 at the
        baseline, 1 at the target, more beyond it, negative when it moved away. None
        without a value, or when the target is the baseline."""
        latest = self.latest
        baseline, target = self.indicator.baseline.value, self.indicator.target.value
        if latest is None or target == baseline:
            return None
        return (latest.value - baseline) / (target - baseline)


@record(frozen=False, slots=False)
class DeliverableState:
    deliverable: Deliverable
    submitted: dt.date | None = None  # the first submission; a second one is an error

    @property
    def id(self) -> DeliverableId:
        return self.deliverable.id

    def late_days(self, as_of: dt.date) -> int:
        """Days past due: on submission when submitted, else as of ``as_of``; 0 on time."""
        end = self.submitted or as_of
        return max((end - self.deliverable.due).days, 0)

    def overdue(self, as_of: dt.date) -> bool:
        return self.submitted is None and self.deliverable.due < as_of


class Replayed(Mapping[int, JournalEntry]):
    """The entries a replay read, by index: the table is made on the first look-up (the
    confirmation of a void asks for one or two entries; a status or a check asks none, and
    a big journal's table of every entry, for each state replayed, took megabytes)."""

    __slots__ = ("_by_index", "_entries")

    def __init__(self, entries: Sequence[JournalEntry]) -> None:
        self._entries = entries
        self._by_index: dict[int, JournalEntry] | None = None

    def _table(self) -> dict[int, JournalEntry]:
        if self._by_index is None:
            self._by_index = {e.index: e for e in self._entries}
        return self._by_index

    def __getitem__(self, index: int) -> JournalEntry:
        return self._table()[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __repr__(self) -> str:
        return repr(self._table())


@record(frozen=False, slots=False)
class PlanState:
    milestones: dict[MilestoneId, MilestoneState] = field(default_factory=dict)
    envelopes: dict[EnvelopeId, EnvelopeState] = field(default_factory=dict)
    experts: dict[ExpertId, ExpertState] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    indicators: dict[IndicatorId, IndicatorState] = field(default_factory=dict)
    deliverables: dict[DeliverableId, DeliverableState] = field(default_factory=dict)
    # The entries replayed (by index, voided ones included: ``Replayed``) and those a void
    # in force cancels (index -> the void): for what a void says once recorded.
    entries: Mapping[int, JournalEntry] = field(default_factory=dict)
    voided: dict[int, JournalEntry] = field(default_factory=dict)

    @property
    def expert_envelope(self) -> EnvelopeState | None:
        return next((e for e in self.envelopes.values() if e.expert_days), None)


def expert_charge(state: PlanState, expert_id: ExpertId) -> Decimal:
    """What an expert's logged days add to the expert envelope beyond commitments naming
    that expert (a contract for an expert covers the days it pays for)."""
    expert = state.experts[expert_id]
    env = state.expert_envelope
    covered = sum(
        (c.standing for c in state.commitments.values()
         if c.expert == expert_id and env is not None and c.envelope == env.id),
        ZERO,
    )
    return max(expert.logged_cost - covered, ZERO)


def charge_expert_days(state: PlanState) -> None:
    """Each expert's ``expert_charge`` added to the expert envelope, the commitments that
    cover them summed in one pass (in the same order, so to the same Decimal): a big
    journal holds thousands of commitments, and every replay ends here."""
    env = state.expert_envelope
    if env is None:
        return
    covered: dict[ExpertId, Decimal] = {}
    for c in state.commitments.values():
        if c.expert is not None and c.envelope == env.id:
            covered[c.expert] = covered.get(c.expert, ZERO) + c.standing
    for expert_id, expert in state.experts.items():
        env.committed += max(expert.logged_cost - covered.get(expert_id, ZERO), ZERO)


def open_gates(state: PlanState) -> None:
    for env in state.envelopes.values():
        gate = state.milestones.get(env.envelope.gate or "")
        if gate is not None:
            env.gate_spells = tuple(gate.done_spells)
            if gate.status == "done":
                env.gate_opened = gate.finished
