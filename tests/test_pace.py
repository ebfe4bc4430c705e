"""The status's pace: what each envelope held the day before the 90-day window comes from a
replay of only the kinds that change it (``ledger.replay.committed``), which must give
exactly what the whole replay (``derive``) gives, whatever the journal: out of date order,
voids (of voids) inside and outside the window, duplicate references, releases on the
wrong envelope, experts added by the journal, days no commitment covers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from transition_cli.core.model import JournalEntry, Strategy
from transition_cli.core.money import cost
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import Document, load_bytes
from transition_cli.ledger.kinds import JOURNAL_KINDS, VOID
from transition_cli.ledger.replay import committed, derive
from transition_cli.ledger.state import Commitment, PlanState
from transition_cli.views import FORECAST_WINDOW_DAYS, status

FIXTURE = (Path(__file__).parent / "snapshots" / "views-strategy.toml").read_bytes()
CATALOGUE = load_catalogue()
START = dt.date(2018, 1, 1)

days_in = st.integers(0, 730).map(lambda n: START + dt.timedelta(days=n))
dated = st.integers(0, 300).map(lambda n: START + dt.timedelta(days=n))  # an entry's
# Amounts below zero too (validation refuses them; the quick ways must not rely on it).
money = st.one_of(st.integers(1, 12_000_000), st.integers(-10_000, 0)).map(
    lambda c: Decimal(c).scaleb(-2))
# Few names, most of them the expert envelope's: payments, releases and voids mostly find
# the commitment, expert and entry they name, as in a real journal.
envelope = st.sampled_from(["expertise"] * 4 + ["implementation", "nowhere"])
ref = st.sampled_from(["C1", "C2", "C3"])
expert = st.sampled_from(["lead", "lead", "skills", "newcomer", "ghost"])


@st.composite
def values(draw: st.DrawFn, kind: str, count: int) -> dict[str, Any]:
    if kind == "budget.commit":
        out = {"envelope": draw(envelope), "amount": draw(money), "ref": draw(ref)}
        if draw(st.booleans()):
            out["expert"] = draw(expert)
        return out
    if kind in ("budget.pay", "budget.release"):
        return {"envelope": draw(envelope), "amount": draw(money), "ref": draw(ref)}
    if kind == "budget.award":
        return {"envelope": draw(envelope), "amount": draw(money), "decision": "AWD"}
    if kind == "expert.add":
        return {"expert": draw(expert), "name": "N", "planned_days": Decimal(10),
                "day_rate": draw(money)}
    if kind == "expert.log":
        return {"expert": draw(expert),
                "days": draw(st.integers(1, 4000).map(lambda c: Decimal(c).scaleb(-2)))}
    if kind == VOID:
        return {"voids": draw(st.integers(max(count - 4, 1), count + 1)), "reason": "mistake"}
    if kind.startswith("cluster."):
        return {"cluster": "c1", "name": "N", "member_kind": "firm"}
    if kind == "indicator.record":
        return {"indicator": "I1", "value": draw(money)}
    if kind == "deliverable.submit":
        return {"deliverable_id": "D1"}
    assert kind.startswith("milestone."), f"{kind}: give its values here"
    return {"milestone": draw(st.sampled_from(["M1", "M2", "M3", "M9"])), "title": "T",
            "due": draw(days_in), "reason": "why"}


KINDS = sorted(JOURNAL_KINDS)  # every kind: a new one needs its values above
MONEY_KINDS = ["budget.commit", "budget.pay", "budget.release", "expert.log", VOID]


@st.composite
def journals(draw: st.DrawFn) -> tuple[JournalEntry, ...]:
    entries = []
    for index in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(KINDS + MONEY_KINDS * 3))
        entries.append(JournalEntry(index, kind, draw(dated), "", "",
                                    draw(values(kind, index))))
    return tuple(entries)


def _plan(journal: tuple[JournalEntry, ...]) -> Strategy:
    plan = load_bytes(FIXTURE).plan
    assert isinstance(plan, Strategy)
    return replace(plan, journal=journal)


@given(journals(), days_in)
def test_the_quick_replay_gives_what_the_whole_replay_gives(
        journal: tuple[JournalEntry, ...], day: dt.date) -> None:
    plan = _plan(journal)
    call = CATALOGUE.get(plan.call)
    whole = derive(plan, call, day)
    assert committed(plan, call, day) == {k: e.committed for k, e in whole.envelopes.items()}


@given(journals(), days_in)
def test_the_pace_is_the_growth_between_two_whole_replays(
        journal: tuple[JournalEntry, ...], as_of: dt.date) -> None:
    plan = _plan(journal)
    call = CATALOGUE.get(plan.call)
    doc = Document("hdf.toml", kind="strategy", plan=plan)
    before = as_of - dt.timedelta(days=FORECAST_WINDOW_DAYS)
    then, now = derive(plan, call, before).envelopes, derive(plan, call, as_of).envelopes
    for row in status(doc, CATALOGUE, as_of).envelopes:
        grown = now[row.id].committed - then[row.id].committed
        assert row.forecast.window_committed == max(grown, Decimal(0))


def test_the_kinds_that_change_what_an_envelope_holds_are_declared() -> None:
    """A kind left out of ``holds`` would be skipped by the quick replay; the property tests
    above draw entries of every kind (a new kind fails them until ``values`` gives it its
    fields, and then until it declares ``holds`` if it changes what an envelope holds)."""
    declared = {name for name, kind in JOURNAL_KINDS.items() if kind.holds}
    assert declared == {"budget.commit", "budget.release", "expert.add", "expert.log"}
    assert {"cluster.add", "cluster.join", "indicator.record", "deliverable.submit",
            "milestone.add", "milestone.reschedule"} <= set(KINDS)


# The budget and expert-day kinds read an entry's values directly (the replay applies
# thousands); spelled through the entry's properties, they are the rule they must keep.


def _commit_by_properties(state: PlanState, e: JournalEntry) -> None:
    env = state.envelopes.get(e.envelope or "")
    if env is not None and e.amount is not None and e.ref and e.ref not in state.commitments:
        state.commitments[e.ref] = Commitment(e.ref, env.id, e.amount, e.date, e.expert)
        env.committed += e.amount


def _pay_by_properties(state: PlanState, e: JournalEntry) -> None:
    commitment = state.commitments.get(e.ref or "")
    if commitment is not None and e.amount is not None and commitment.envelope == e.envelope:
        commitment.paid += e.amount
        state.envelopes[commitment.envelope].paid += e.amount


def _release_by_properties(state: PlanState, e: JournalEntry) -> None:
    commitment = state.commitments.get(e.ref or "")
    if commitment is not None and e.amount is not None and commitment.envelope == e.envelope:
        commitment.released += e.amount
        state.envelopes[commitment.envelope].committed -= e.amount


def _log_by_properties(state: PlanState, e: JournalEntry) -> None:
    if e.expert in state.experts and e.days is not None:
        ex = state.experts[e.expert]
        ex.logged_days += e.days
        ex.logged_cost += cost(e.days, ex.expert.day_rate)


BY_PROPERTIES = {"budget.commit": _commit_by_properties, "budget.pay": _pay_by_properties,
                 "budget.release": _release_by_properties, "expert.log": _log_by_properties}

odd = st.one_of(st.none(), st.just(""))  # what validation lets through: absent, or empty


@st.composite
def odd_journals(draw: st.DrawFn) -> tuple[JournalEntry, ...]:
    """Journals where a budget entry's field may be missing or empty (as often as the
    journal's own oddness says: some journals have many, some few)."""
    out = []
    oddness = draw(st.integers(1, 4))
    for entry in draw(journals()):
        values = dict(entry.values)
        for name in ("envelope", "amount", "ref", "expert", "days"):
            roll = draw(st.integers(0, 9))
            if roll < oddness:
                values[name] = draw(odd)
            elif roll == 9:
                values.pop(name, None)
        out.append(replace(entry, values=values))
    return tuple(out)


@settings(max_examples=max(settings().max_examples, 200))
@given(odd_journals())
def test_the_budget_kinds_apply_as_their_properties_say(
        journal: tuple[JournalEntry, ...]) -> None:
    plan = _plan(journal)
    call = CATALOGUE.get(plan.call)
    quick = derive(plan, call)
    slow_kinds = {name: replace(kind, apply=BY_PROPERTIES.get(name, kind.apply))
                  for name, kind in JOURNAL_KINDS.items()}
    with patch.dict(JOURNAL_KINDS, slow_kinds):  # the one registry the replay reads
        slow = derive(plan, call)
    assert quick == slow
