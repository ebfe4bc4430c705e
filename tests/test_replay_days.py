"""One replay for two days: the rules read the whole journal's state and the state as of
--as-of, which ``ledger.replay.derive_days`` takes from one replay when the entries dated up
to the day open the journal and no later void cancels one of them (else it replays each
day). Whatever the journal (in date order or not, voids of voids on both sides of the day,
duplicate references, entries about unknown ids), each state must be exactly what its own
replay (``derive``) gives, and no state may share a record another one goes on changing."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from decimal import Decimal
from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from test_pace import CATALOGUE, START, _plan, days_in, journals
from transition_cli.core.model import JournalEntry
from transition_cli.files.loader import Document
from transition_cli.ledger import replay
from transition_cli.ledger.replay import derive, derive_days
from transition_cli.ledger.state import ZERO, PlanState, charge_expert_days, expert_charge
from transition_cli.rules.registry import run

day_or_whole = st.one_of(st.none(), days_in)


@st.composite
def dated_journals(draw: st.DrawFn) -> tuple[JournalEntry, ...]:
    """Journals mostly in date order (as recorded day by day), sometimes not."""
    journal = draw(journals())
    if draw(st.integers(0, 3)):
        ordered = sorted(journal, key=lambda e: e.date)
        journal = tuple(replace(e, index=n) for n, e in enumerate(ordered))
    return journal


def _snapshot(state: PlanState) -> str:
    """Everything a state holds, as text: what a later change to a shared record would
    alter."""
    return repr(sorted(vars(state).items()))


@st.composite
def journals_and_days(draw: st.DrawFn) -> tuple[tuple[JournalEntry, ...], list[dt.date | None]]:
    """A journal and days to ask of it, often the days of its own entries (where a void
    after the day may cancel an entry before it)."""
    journal = draw(dated_journals())
    own = [e.date for e in journal]
    day = st.one_of(day_or_whole, st.sampled_from(own)) if own else day_or_whole
    return journal, draw(st.lists(day, min_size=1, max_size=4))


@given(journals_and_days())
def test_each_state_is_what_its_own_replay_gives(
        drawn: tuple[tuple[JournalEntry, ...], list[dt.date | None]]) -> None:
    journal, days = drawn
    plan = _plan(journal)
    call = CATALOGUE.get(plan.call)
    states = derive_days(plan, call, days)
    assert list(states) == list(dict.fromkeys(days))
    seen = {day: _snapshot(state) for day, state in states.items()}
    for day, state in states.items():
        assert state == derive(plan, call, day), day
    # Deriving them again changed none of them (no record shared with a later replay), and
    # none is another's object.
    derive_days(plan, call, days)
    assert {day: _snapshot(state) for day, state in states.items()} == seen
    assert len({id(s) for s in states.values()}) == len(states)


@given(dated_journals(), days_in)
def test_the_rules_and_the_status_replay_once_when_the_journal_is_in_date_order(
        journal: tuple[JournalEntry, ...], as_of: dt.date) -> None:
    plan = _plan(journal)
    ordered = all(a.date <= b.date for a, b in itertools.pairwise(journal))
    doc = Document("hdf.toml", kind="strategy", plan=plan)
    with patch.object(replay, "derive", wraps=replay.derive) as each, \
            patch.object(replay, "_replay_cuts", wraps=replay._replay_cuts) as both:
        run(doc, CATALOGUE, as_of)
        doc.state(CATALOGUE.get(plan.call), as_of)  # what the status reads
    passes = each.call_count + both.call_count
    if ordered and not any(e.kind == "journal.void" for e in journal):
        assert passes == 1  # one pass kept both states
    assert passes <= 2
    call = CATALOGUE.get(plan.call)
    assert doc.state(call, as_of) == derive(plan, call, as_of)
    assert doc.state(call) == derive(plan, call)


def test_a_journal_in_date_order_is_replayed_once() -> None:
    journal = (JournalEntry(0, "expert.log", START, values={"expert": "lead", "days": Decimal(1)}),
               JournalEntry(1, "expert.log", START + dt.timedelta(days=9),
                            values={"expert": "lead", "days": Decimal(2)}))
    plan = _plan(journal)
    call = CATALOGUE.get(plan.call)
    with patch.object(replay, "derive", wraps=replay.derive) as each, \
            patch.object(replay, "_replay_cuts", wraps=replay._replay_cuts) as both:
        states = derive_days(plan, call, [None, START])
    assert (each.call_count, both.call_count) == (0, 1)
    assert states[START].experts["lead"].logged_days == 1
    assert states[None].experts["lead"].logged_days == 3


def test_a_void_after_the_day_of_an_entry_before_it_is_not_in_the_days_state() -> None:
    """The void cancels the commitment in the whole journal's state; as of the day before
    the void, the commitment stands (and what the replay kept of it then must not count the
    void)."""
    commit = {"envelope": "expertise", "amount": Decimal("100.00"), "ref": "C1"}
    journal = (JournalEntry(0, "budget.commit", START, values=commit),
               JournalEntry(1, "journal.void", START + dt.timedelta(days=5),
                            values={"voids": 1, "reason": "typo"}))
    plan = _plan(journal)
    call = CATALOGUE.get(plan.call)
    day = START + dt.timedelta(days=1)
    states = derive_days(plan, call, [None, day])
    assert "C1" in states[day].commitments
    assert "C1" not in states[None].commitments
    assert states == {None: derive(plan, call), day: derive(plan, call, day)}


@given(dated_journals())
def test_expert_days_are_charged_as_each_experts_charge_says(
        journal: tuple[JournalEntry, ...]) -> None:
    """``charge_expert_days`` sums the covering commitments in one pass; spelled per
    expert (``expert_charge``), it is the rule it keeps."""
    plan = _plan(journal)
    state = derive(plan, CATALOGUE.get(plan.call))
    env = state.expert_envelope
    assert env is not None
    charged = env.committed
    env.committed = ZERO
    charge_expert_days(state)
    once = env.committed
    env.committed = ZERO
    for expert_id in state.experts:
        env.committed += expert_charge(state, expert_id)
    assert once == env.committed
    assert charged - once == sum((c.standing for c in state.commitments.values()
                                  if c.envelope == env.id), ZERO)
