"""Derived state: the plan as the journal has changed it, as data.

The plan stays the baseline; every fact in the journal is replayed on top of it in file
order. Entries that do not apply (unknown ids, wrong order) are skipped here and reported
by the journal rules in ``rules``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from transition_cli.core.model import (
    Call,
    Cluster,
    Envelope,
    EnvelopeId,
    Expert,
    ExpertId,
    JournalEntry,
    Milestone,
    MilestoneId,
    Organisation,
    Plan,
    Strategy,
)

Status = Literal["planned", "started", "done", "cancelled"]
ZERO = Decimal(0)

# What each milestone entry requires of the status, and the status it leaves. The journal
# rule J003 reports entries that do not fit; replaying skips them.
ALLOWED_FROM: dict[str, tuple[Status, ...]] = {
    "milestone.start": ("planned",),
    "milestone.done": ("planned", "started"),
    "milestone.cancel": ("planned", "started"),
    "milestone.reschedule": ("planned", "started"),
}
LEAVES: dict[str, Status] = {
    "milestone.start": "started",
    "milestone.done": "done",
    "milestone.cancel": "cancelled",
}


@dataclass
class MilestoneState:
    milestone: Milestone
    baseline_due: dt.date
    due: dt.date
    status: Status = "planned"
    started: dt.date | None = None
    finished: dt.date | None = None  # done or cancelled on
    from_journal: bool = False
    reschedules: int = 0

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
        return self.status == "done" and self.finished is not None and self.finished <= day


@dataclass
class Commitment:
    ref: str
    envelope: EnvelopeId
    amount: Decimal
    date: dt.date
    expert: ExpertId | None = None
    paid: Decimal = ZERO

    @property
    def unpaid(self) -> Decimal:
        return self.amount - self.paid


@dataclass
class EnvelopeState:
    envelope: Envelope
    title: str = ""
    gated: bool = False
    expert_days: bool = False
    committed: Decimal = ZERO  # commitments, plus expert days not covered by one
    paid: Decimal = ZERO
    gate_opened: dt.date | None = None

    @property
    def id(self) -> EnvelopeId:
        return self.envelope.id

    @property
    def cap(self) -> Decimal:
        return self.envelope.cap

    @property
    def remaining(self) -> Decimal:
        return self.cap - self.committed

    @property
    def share(self) -> Decimal:
        """Committed share of the cap, 0..1 (more when over)."""
        return self.committed / self.cap if self.cap else ZERO

    def gate_open(self, as_of: dt.date) -> bool:
        if not self.gated:
            return True
        return self.gate_opened is not None and self.gate_opened <= as_of


@dataclass
class ExpertState:
    expert: Expert
    logged_days: Decimal = ZERO
    from_journal: bool = False

    @property
    def id(self) -> ExpertId:
        return self.expert.id

    @property
    def planned_cost(self) -> Decimal:
        return self.expert.planned_cost

    @property
    def logged_cost(self) -> Decimal:
        return self.logged_days * self.expert.day_rate


@dataclass
class PlanState:
    milestones: dict[MilestoneId, MilestoneState] = field(default_factory=dict)
    envelopes: dict[EnvelopeId, EnvelopeState] = field(default_factory=dict)
    experts: dict[ExpertId, ExpertState] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)

    @property
    def expert_envelope(self) -> EnvelopeState | None:
        return next((e for e in self.envelopes.values() if e.expert_days), None)


def derive(plan: Plan, call: Call | None = None, as_of: dt.date | None = None) -> PlanState:
    """Replay the journal over the plan; with ``as_of``, only entries dated up to that day
    (the state as it stood then)."""
    state = PlanState()
    for m in plan.milestones:
        state.milestones.setdefault(m.id, MilestoneState(m, m.due, m.due))
    for e in plan.experts:
        state.experts.setdefault(e.id, ExpertState(e))
    for env in plan.envelopes:
        spec = call.envelope(env.id) if call else None
        state.envelopes.setdefault(env.id, EnvelopeState(
            env,
            title=spec.title if spec else "",
            gated=bool(spec and spec.gated) or env.gate is not None,
            expert_days=bool(spec and spec.expert_days),
        ))
    if isinstance(plan, Strategy):
        for c in plan.clusters:
            state.clusters.setdefault(c.id, c)
    for entry in plan.journal:
        if as_of is None or entry.date <= as_of:
            apply(state, entry)
    _charge_expert_days(state)
    _open_gates(state)
    return state


def apply(state: PlanState, entry: JournalEntry) -> None:
    kind = entry.kind
    ms = state.milestones.get(entry.milestone or "")
    if kind == "milestone.add" and entry.milestone and ms is None and entry.due:
        m = Milestone(entry.milestone, entry.title, entry.due, entry.start, entry.owner,
                      entry.depends_on, entry.deliverable)
        state.milestones[m.id] = MilestoneState(m, m.due, m.due, from_journal=True)
    elif kind in ALLOWED_FROM:
        if ms is None or ms.status not in ALLOWED_FROM[kind]:
            return
        if kind == "milestone.reschedule" and entry.due:
            ms.due = entry.due
            ms.reschedules += 1
        elif kind == "milestone.start":
            ms.status, ms.started = "started", entry.date
        elif kind in LEAVES:
            ms.status, ms.finished = LEAVES[kind], entry.date
    elif kind == "expert.add" and entry.expert and entry.expert not in state.experts:
        expert = Expert(entry.expert, entry.name, entry.role, entry.organisation,
                        entry.day_rate or ZERO, entry.planned_days or ZERO)
        state.experts[expert.id] = ExpertState(expert, from_journal=True)
    elif kind == "expert.log" and entry.expert in state.experts and entry.days is not None:
        state.experts[entry.expert].logged_days += entry.days
    elif kind == "budget.commit" and entry.amount is not None and entry.ref:
        env = state.envelopes.get(entry.envelope or "")
        if env is not None and entry.ref not in state.commitments:
            state.commitments[entry.ref] = Commitment(
                entry.ref, env.id, entry.amount, entry.date, entry.expert)
            env.committed += entry.amount
    elif kind == "budget.pay" and entry.amount is not None:
        commitment = state.commitments.get(entry.ref or "")
        if commitment is not None and commitment.envelope == entry.envelope:
            commitment.paid += entry.amount
            state.envelopes[commitment.envelope].paid += entry.amount
    elif kind == "cluster.add" and entry.cluster and entry.cluster not in state.clusters:
        state.clusters[entry.cluster] = Cluster(entry.cluster, entry.name, entry.theme)
    elif kind == "cluster.join" and entry.cluster in state.clusters:
        cluster = state.clusters[entry.cluster]
        state.clusters[cluster.id] = Cluster(
            cluster.id, cluster.name, cluster.theme,
            (*cluster.members, Organisation(entry.name, entry.member_kind)),
        )


def expert_charge(state: PlanState, expert_id: ExpertId) -> Decimal:
    """What an expert's logged days add to the expert envelope beyond commitments naming
    that expert (a contract for an expert covers the days it pays for)."""
    expert = state.experts[expert_id]
    env = state.expert_envelope
    covered = sum(
        (c.amount for c in state.commitments.values()
         if c.expert == expert_id and env is not None and c.envelope == env.id),
        ZERO,
    )
    return max(expert.logged_cost - covered, ZERO)


def _charge_expert_days(state: PlanState) -> None:
    env = state.expert_envelope
    if env is None:
        return
    for expert_id in state.experts:
        env.committed += expert_charge(state, expert_id)


def _open_gates(state: PlanState) -> None:
    for env in state.envelopes.values():
        gate = state.milestones.get(env.envelope.gate or "")
        if gate is not None and gate.status == "done":
            env.gate_opened = gate.finished
