"""Replaying the journal: the plan as the baseline, each entry applied in file order.

Entries that do not apply (unknown ids, a status that does not allow them) are skipped
here; the journal rules in ``rules/journal.py`` report them.
"""

from __future__ import annotations

import datetime as dt

from transition_cli.core.model import Call, Plan, Strategy
from transition_cli.ledger.kinds import JOURNAL_KINDS
from transition_cli.ledger.state import (
    DeliverableState,
    EnvelopeState,
    ExpertState,
    IndicatorState,
    MilestoneState,
    PlanState,
    charge_expert_days,
    open_gates,
)


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
            managed_by=spec.managed_by if spec else None,
            awarded_by=spec.awarded_by if spec else None,
        ))
    if isinstance(plan, Strategy):
        for c in plan.clusters:
            state.clusters.setdefault(c.id, c)
        for i in plan.indicators:
            state.indicators.setdefault(i.id, IndicatorState(i))
        for d in plan.deliverables:
            state.deliverables.setdefault(d.id, DeliverableState(d))
    for entry in plan.journal:
        if as_of is None or entry.date <= as_of:
            kind = JOURNAL_KINDS.get(entry.kind)
            if kind is not None:
                kind.apply(state, entry)
    charge_expert_days(state)
    open_gates(state)
    return state
