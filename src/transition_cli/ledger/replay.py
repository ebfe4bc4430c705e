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
from dataclasses import fields
from decimal import Decimal
from operator import attrgetter
from typing import TypeVar

from transition_cli.core.model import Call, EnvelopeId, JournalEntry, Plan, Strategy
from transition_cli.ledger.kinds import JOURNAL_KINDS, VOID, voided_number
from transition_cli.ledger.state import (
    DeliverableState,
    EnvelopeState,
    ExpertState,
    IndicatorState,
    MilestoneState,
    PlanState,
    Replayed,
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
_date_of = attrgetter("date")
_T = TypeVar("_T")


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
    state = _baseline(plan, call)
    considered = (list(plan.journal) if as_of is None
                  else [e for e in plan.journal if e.date <= as_of])
    state.entries = Replayed(considered)
    if _any_void(considered):
        state.voided = dict(voided(considered))
    for entry in in_force(considered):
        kind = JOURNAL_KINDS.get(entry.kind)
        if kind is not None:
            kind.apply(state, entry)
    _settle(state)
    return state


def derive_days(plan: Plan, call: Call | None, days: Sequence[dt.date | None]
                ) -> dict[dt.date | None, PlanState]:
    """The state as of each of ``days`` (None: the whole journal), each exactly what
    ``derive(plan, call, day)`` gives, from one replay where the journal allows it.

    The rules read the whole journal's state and the state as of --as-of; the status reads
    the latter. When the entries dated up to a day come first in the file (a journal
    recorded day by day) and no later void cancels one of them, the state as of that day is
    the whole replay's state as it passes them: a copy is kept there (``_copy``, cheaper
    than replaying them again). Otherwise each day is replayed on its own.
    """
    wanted = list(dict.fromkeys(days))
    journal = plan.journal
    cuts: dict[int, list[dt.date | None]] = {}
    for day in wanted if len(wanted) > 1 else ():
        cut = len(journal) if day is None else _prefix(journal, day)
        if cut is None:
            break
        cuts.setdefault(cut, []).append(day)
    else:
        if cuts:
            states = _replay_cuts(plan, call, cuts)
            return {day: states[day] for day in wanted}
    return {day: derive(plan, call, day) for day in wanted}


def _replay_cuts(plan: Plan, call: Call | None, cuts: Mapping[int, list[dt.date | None]]
                 ) -> dict[dt.date | None, PlanState]:
    """One replay of the whole journal, the state kept as of each day at its cut (the
    number of entries dated up to it, ``_prefix``)."""
    journal = plan.journal
    state = _baseline(plan, call)
    gone = voided(journal) if _any_void(journal) else {}
    out: dict[dt.date | None, PlanState] = {}
    kinds = JOURNAL_KINDS
    done = 0
    for cut in sorted(cuts):
        for entry in journal[done:cut]:
            kind = kinds.get(entry.kind)
            if kind is not None and entry.index not in gone:
                kind.apply(state, entry)
        done = cut
        here = cuts[cut]
        for n, day in enumerate(here, start=1):
            # The state goes on changing after its copies are taken; the last one taken at
            # the end of the journal is the state itself.
            last = cut == len(journal) and n == len(here)
            then = state if last else _copy(state)
            considered = journal[:cut]
            then.entries = Replayed(considered)
            then.voided = ({e.index: v for e in considered if (v := gone.get(e.index))}
                           if gone else {})
            _settle(then)
            out[day] = then
    return out


def _prefix(journal: Sequence[JournalEntry], day: dt.date) -> int | None:
    """How many entries open the journal dated up to ``day``, when exactly those are the
    entries dated up to it and no void dated after it cancels one of them (what a void
    then cancels does not depend on the voids after the day: ``voided``); else None."""
    dates = list(map(_date_of, journal))
    cut = sum(map(day.__ge__, dates))
    if cut and max(dates[:cut]) > day:
        return None
    later = journal[cut:]
    if cut and _any_void(later):
        first = {e.index for e in journal[:cut]}
        if any(e.kind == VOID and voided_number(e) - 1 in first for e in later):
            return None
    return cut


def _copy(state: PlanState) -> PlanState:
    """A copy of a state the replay goes on changing (without the entries it has read,
    which the caller sets): each of its tables copied, and in them every record the replay
    changes (``record(frozen=False)``: a milestone's state, an envelope's, a
    commitment...) with its lists (spells, awards, readings); frozen records (the plan's,
    clusters) are shared."""
    out = object.__new__(PlanState)
    tables = out.__dict__
    for name, table in state.__dict__.items():
        if name in _SET_BY_CALLER:
            tables[name] = {}
        elif table.__class__ is dict:
            tables[name] = {key: _record_copy(item) for key, item in table.items()}
        else:
            tables[name] = table
    return out


_SET_BY_CALLER = frozenset({"entries", "voided"})
_LISTS: dict[type, tuple[str, ...] | None] = {}
_new = object.__new__


def _record_copy(item: _T) -> _T:
    """``item`` itself when frozen, else a copy of it and its lists."""
    cls = item.__class__
    try:
        lists = _LISTS[cls]
    except KeyError:
        lists = _LISTS[cls] = _lists(cls)
    if lists is None:
        return item
    new = _new(cls)
    values = new.__dict__ = item.__dict__.copy()
    for name in lists:
        values[name] = values[name].copy()
    return new


def _lists(cls: type) -> tuple[str, ...] | None:
    """The list fields of a record the replay may change (None: a frozen record, or not
    a record at all)."""
    if getattr(cls, "__record_frozen__", True):
        return None
    return tuple(f.name for f in fields(cls)
                 if f.default_factory is list or str(f.type).startswith("list["))


def _baseline(plan: Plan, call: Call | None) -> PlanState:
    """The plan before any entry: its milestones, experts, envelopes and the strategy's
    clusters, indicators and deliverables."""
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
    return state


def _settle(state: PlanState) -> None:
    """What follows from the entries replayed: expert days charged, gates opened."""
    charge_expert_days(state)
    open_gates(state)


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
