"""Replaying the journal: the plan as the baseline, each entry in force applied in file
order.

Which entries are in force is decided here, once (``in_force``): every entry, less those a
void in force cancels (``journal.void``, an accountant's reversal). Replay, every rule that
walks the journal, the views and the export read the journal through it, so none can forget
a void; ``log`` shows every entry and marks the voided ones.

Entries that do not apply (unknown ids, a status that does not allow them) are skipped
here; the journal rules in ``rules/journal.py`` report them.

``committed`` replays only the kinds that change what an envelope holds committed (their
``holds``), for what each envelope held on a day: the status's pace asks it of the day
before its window, which a whole replay would cost as much as the rules' own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from operator import attrgetter

from transition_cli.core.model import Call, EnvelopeId, JournalEntry, Plan, Strategy
from transition_cli.ledger.kinds import JOURNAL_KINDS, VOID, voided_number
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


def voided(journal: Iterable[JournalEntry]) -> Mapping[int, JournalEntry]:
    """The entries cancelled by a void in force: entry index -> the void that cancels it.

    A void cancels an earlier entry dated on or before it (rule J011 reports a void that
    names anything else, and it cancels nothing). Voiding a void restores what that void
    cancelled: walking from the last entry back, a void's own fate is settled before it is
    reached, since only later entries can void it. Of two voids in force on one entry, the
    first counts (J011 reports the second).
    """
    entries = list(journal)
    by_index = {e.index: e for e in entries}
    out: dict[int, JournalEntry] = {}
    for e in reversed(entries):
        if e.kind != VOID or e.index in out:
            continue
        target = by_index.get(voided_number(e) - 1)
        if target is not None and target.index < e.index and target.date <= e.date:
            out[target.index] = e
    return out


_kind_of = attrgetter("kind")


def _any_void(entries: Iterable[JournalEntry]) -> bool:
    """Whether any of ``entries`` is a void (read without a Python call per entry: the
    rules, the replay and the views each ask it of the whole journal)."""
    return VOID in set(map(_kind_of, entries))


def in_force(journal: Sequence[JournalEntry], as_of: dt.date | None = None
             ) -> tuple[JournalEntry, ...]:
    """The entries that count, in file order: with ``as_of``, those dated up to that day,
    less the ones a void in force by then cancels."""
    entries = list(journal) if as_of is None else [e for e in journal if e.date <= as_of]
    if not _any_void(entries):
        return tuple(entries)
    gone = voided(entries)
    return tuple(e for e in entries if e.index not in gone)


def derive(plan: Plan, call: Call | None = None, as_of: dt.date | None = None) -> PlanState:
    """Replay the journal over the plan; with ``as_of``, only entries dated up to that day
    (the state as it stood then)."""
    state = PlanState()
    for m in plan.milestones:
        state.milestones.setdefault(m.id, MilestoneState(m, m.due, m.due))
    _holders(state, plan, call)
    if isinstance(plan, Strategy):
        for c in plan.clusters:
            state.clusters.setdefault(c.id, c)
        for i in plan.indicators:
            state.indicators.setdefault(i.id, IndicatorState(i))
        for d in plan.deliverables:
            state.deliverables.setdefault(d.id, DeliverableState(d))
    considered = (list(plan.journal) if as_of is None
                  else [e for e in plan.journal if e.date <= as_of])
    state.entries = {e.index: e for e in considered}
    if _any_void(considered):
        state.voided = dict(voided(considered))
    for entry in in_force(considered):
        kind = JOURNAL_KINDS.get(entry.kind)
        if kind is not None:
            kind.apply(state, entry)
    charge_expert_days(state)
    open_gates(state)
    return state


def committed(plan: Plan, call: Call | None, as_of: dt.date) -> dict[EnvelopeId, Decimal]:
    """What each envelope holds committed as of ``as_of``: exactly ``derive(plan, call,
    as_of)``'s ``committed`` (commitments less releases, plus expert days no commitment
    covers), from a replay of only the kinds that can change it (``JournalKind.holds``),
    over a state of envelopes and experts alone. The status's pace reads it for the day
    before its window, which a whole replay would cost as much as the rules' own."""
    state = PlanState()
    _holders(state, plan, call)
    apply = {name: kind.apply for name, kind in JOURNAL_KINDS.items() if kind.holds}
    for entry in in_force(plan.journal, as_of):
        if entry.kind in apply:
            apply[entry.kind](state, entry)
    charge_expert_days(state)
    return {key: env.committed for key, env in state.envelopes.items()}


def _holders(state: PlanState, plan: Plan, call: Call | None) -> None:
    """The plan's experts and envelopes, before any entry: what money is held on."""
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
