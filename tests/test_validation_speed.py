"""The shortcuts that make big files fast give the same answers as the long way.

* validation's quick look at a value (``schema._fast``) keeps exactly what the validator
  keeps, and leaves every value it would report to the validator;
* the cap walk of J006/J007, worked out once per document with a running total, gives
  the steps the walk that summed every expert's days at each step gave;
* a document's states are derived once per call and day, and equal a fresh replay.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from transition_cli.core.money import cost
from transition_cli.core.spec import Bool, Date, Days, Id, Int, List, Money, Number, Percent, Str
from transition_cli.files import schema
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import Document, load_bytes
from transition_cli.files.toml_parser import WithExponent
from transition_cli.ledger.replay import derive
from transition_cli.rules.base import Context
from transition_cli.rules.journal import _cap_walk, _walk_caps

SPECS = (Str(), Str(nonempty=False), Str(one_line=True), Id, schema.Nuts, schema.Country,
         Str(choices=("firm", "university")), Date(), Money(), Days(), Percent(), Number(),
         Int(), Int(minimum=1), Bool(), List(Id), List(schema.Nuts), List(Date(), unique=False),
         List(Money()))

VALUES = st.one_of(
    st.text(max_size=8), st.sampled_from(["", " ", "FR", "FRE1", "fre1", "M3", "firm", "x y"]),
    st.booleans(), st.integers(-10, 10**13), st.none(),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.decimals(min_value=-5, max_value=10**13, places=3),
    st.dates(), st.datetimes(), st.lists(st.integers(), max_size=2),
    # Lists as the list specs read them: ids and codes, some repeated, some wrong.
    st.lists(st.sampled_from(["M1", "M2", "FRE1", "fre1", "", 3, dt.date(2018, 1, 1),
                              Decimal("1.5"), Decimal("1.50"), 1]), max_size=4),
    # The edges the validator reports that a quick look could miss: a pattern matched
    # before a final newline, invisible characters, -0, years out of range.
    st.sampled_from(["M6\n", "FRE1\n", "a\u200bb", "x\u202ey", Decimal("-0"),
                     Decimal("-0.00"), dt.date(1899, 12, 31), dt.date(2200, 1, 1),
                     dt.date(1900, 1, 1), dt.date(2199, 12, 31)]),
    # Issue 19's one rule: zeros past the cent are zeros, an exponent is refused, one-line
    # text holds no line break, tab or control character (S009).
    st.sampled_from([Decimal("12000.5000"), Decimal("2.500"), WithExponent("2E+5"),
                     WithExponent("12000.50"), "a\nb", "a\tb", "a\rb", "a\x07b"]),
)


@given(spec=st.sampled_from(SPECS), value=VALUES)
def test_the_quick_look_keeps_what_the_validator_keeps(spec, value) -> None:
    quick = schema._fast(spec)
    assert quick is not None
    kept = quick(value)
    validator = schema.Validator("x.toml")
    slow = validator.value(spec, value, ("key",))
    if kept is schema._SLOW:
        return  # the validator looks: reported or kept, its answer stands
    assert validator.findings == []
    assert kept == slow and type(kept) is type(slow)


BASE = '''transition = "strategy/1"
call = "itr-2017"
title = "A plan"
period = { start = 2018-01-01, end = 2019-12-31 }

[region]
name = "Hauts-de-France"
country = "FR"
nuts = ["FRE1"]

[[envelopes]]
id = "expertise"
cap = 200000.00
'''


def strategy_with(more: str) -> Document:
    return load_bytes((BASE + more).encode("utf-8"), "x.toml")


JOURNAL = '''
[[experts]]
id = "a"
name = "A"
day_rate = 700.00
planned_days = 50

[[experts]]
id = "b"
name = "B"
day_rate = 650.50
planned_days = 50
'''


@given(st.lists(st.tuples(st.sampled_from(["log", "commit", "cover"]),
                          st.sampled_from(["a", "b"]),
                          st.decimals(min_value=0, max_value=400, places=2)),
                max_size=25))
def test_the_cap_walk_adds_up_as_summing_every_expert_did(steps) -> None:
    journal = []
    for n, (what, expert, amount) in enumerate(steps):
        day = dt.date(2018, 2, 1) + dt.timedelta(days=n)
        if what == "log":
            journal.append(f'[[journal]]\ndate = {day}\nkind = "expert.log"\n'
                           f'expert = "{expert}"\ndays = {amount / 100:.2f}\n')
        else:
            naming = f'expert = "{expert}"\n' if what == "cover" else ""
            journal.append(f'[[journal]]\ndate = {day}\nkind = "budget.commit"\n'
                           f'envelope = "expertise"\namount = {amount * 100:.2f}\n'
                           f'ref = "R{n}"\n{naming}')
    doc = strategy_with(JOURNAL + "\n".join(journal))
    ctx = Context(doc, load_catalogue(None), dt.date(2019, 12, 31))
    got = [(s.entry.index, s.before, s.after) for s in _walk_caps(ctx)]
    assert got == _naive_walk(ctx)
    # What J006 and J007 read: the steps that end above the envelope's limit.
    assert _cap_walk(ctx) == [s for s in _walk_caps(ctx) if s.after > s.limit]


def _naive_walk(ctx: Context) -> list[tuple[int, Decimal, Decimal]]:
    """The walk as it was: at every step, the uncovered cost of every expert, summed."""
    expert_env = ctx.state.expert_envelope
    assert expert_env is not None
    rates = {x.id: x.expert.day_rate for x in ctx.state.experts.values()}
    commitments: dict[str, Decimal] = {}
    logged: dict[str, Decimal] = {}
    covering: dict[str, Decimal] = {}

    def committed(envelope: str) -> Decimal:
        total = commitments.get(envelope, Decimal(0))
        if envelope == expert_env.id:
            total += sum((max(cost - covering.get(x, Decimal(0)), Decimal(0))
                          for x, cost in logged.items()), Decimal(0))
        return total

    out = []
    for e in ctx.plan.journal:
        if e.kind == "expert.log" and e.expert in rates and e.days is not None:
            before = committed(expert_env.id)
            logged[e.expert] = logged.get(e.expert, Decimal(0)) + cost(e.days, rates[e.expert])
            out.append((e.index, before, committed(expert_env.id)))
        elif e.kind == "budget.commit" and e.envelope and e.amount is not None:
            before = committed(e.envelope)
            commitments[e.envelope] = commitments.get(e.envelope, Decimal(0)) + e.amount
            if e.expert and e.envelope == expert_env.id:
                covering[e.expert] = covering.get(e.expert, Decimal(0)) + e.amount
            out.append((e.index, before, committed(e.envelope)))
    return out


def test_a_documents_states_are_derived_once_and_equal_a_fresh_replay() -> None:
    doc = strategy_with(JOURNAL + '''
[[journal]]
date = 2018-03-01
kind = "expert.log"
expert = "a"
days = 2

[[journal]]
date = 2018-09-01
kind = "expert.log"
expert = "b"
days = 1
''')
    cat = load_catalogue(None)
    call = cat.get(doc.plan.call)
    whole = doc.state(call)
    assert doc.state(call) is whole  # once
    assert doc.state(call, dt.date(2019, 1, 1)) is whole  # every entry counts: the same
    early = doc.state(call, dt.date(2018, 6, 30))
    assert early is not whole
    for as_of, state in ((None, whole), (dt.date(2018, 6, 30), early)):
        fresh = derive(doc.plan, call, as_of)
        assert {k: (e.committed, e.paid) for k, e in state.envelopes.items()} == \
            {k: (e.committed, e.paid) for k, e in fresh.envelopes.items()}
        assert {k: x.logged_days for k, x in state.experts.items()} == \
            {k: x.logged_days for k, x in fresh.experts.items()}
