"""The journal rules that read an entry's values directly (J001, J006/J007's cap walk,
J008: a big journal has ~17,600 entries) find what they found when they read them through
the entry's properties, whatever the values: held here to that spelling, on random
journals with missing fields and values of other types, and with items left out of the
model (any id may then exist)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from test_pace import _plan, journals, odd_journals
from transition_cli.core.i18n import _
from transition_cli.core.model import JournalEntry
from transition_cli.core.money import cost, eur
from transition_cli.core.text import did_you_mean
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import WILDCARD, Document
from transition_cli.ledger.kinds import FIELDS, JOURNAL_KINDS, NAMESPACES
from transition_cli.rules import journal
from transition_cli.rules.base import Context, Issue, command, entries, void_command
from transition_cli.rules.journal import _added_by_voided, _known_ids

CATALOGUE = load_catalogue()
AS_OF = dt.date(2019, 12, 31)
LEFT_OUT = st.sampled_from([
    {}, {"envelopes": {WILDCARD}}, {"commitments": {WILDCARD}},
    {"envelopes": {WILDCARD}, "commitments": {WILDCARD}}, {"experts": {"ghost"}},
    {"envelopes": {"nowhere"}}])


def _contexts(entries_: tuple[JournalEntry, ...], left_out: dict[str, set[str]]
              ) -> tuple[Context, Context]:
    plan = _plan(entries_)
    docs = [Document("hdf.toml", kind="strategy", plan=plan,
                     incomplete_ids={k: set(v) for k, v in left_out.items()})
            for _ in range(2)]
    return Context(docs[0], CATALOGUE, AS_OF), Context(docs[1], CATALOGUE, AS_OF)


def _entry(index: int, kind: str, **values: Any) -> JournalEntry:
    return JournalEntry(index, kind, dt.date(2018, 3, 1) + dt.timedelta(days=index), "", "",
                        values)


D = Decimal
EDGES: tuple[tuple[tuple[JournalEntry, ...], dict[str, set[str]]], ...] = (
    # an empty reference commits nothing and is paid nothing
    ((_entry(0, "budget.commit", envelope="expertise", amount=D("10.00"), ref=""),
      _entry(1, "budget.pay", envelope="expertise", amount=D("20.00"), ref=""),
      _entry(2, "budget.release", envelope="implementation", amount=D("5.00"), ref="")), {}),
    # an envelope missing or empty, while any envelope may exist (one was left out)
    ((_entry(0, "budget.commit", envelope="expertise", amount=D("10.00"), ref="C1"),
      _entry(1, "budget.pay", amount=D("20.00"), ref="C1"),
      _entry(2, "budget.pay", envelope=None, amount=D("20.00"), ref="C2"),
      _entry(3, "budget.release", envelope="", amount=D("20.00"), ref="C1")),
     {"envelopes": {WILDCARD}}),
    # an expert missing, unknown or empty on days and on a commitment naming them
    ((_entry(0, "expert.log", expert="lead", days=D("1.5")),
      _entry(1, "expert.log", expert="", days=D("1.5")),
      _entry(2, "expert.log", days=D("1.5")),
      _entry(3, "budget.commit", envelope="expertise", amount=D("10.00"), ref="C1",
             expert=""),
      _entry(4, "budget.commit", envelope="expertise", amount=D("10.00"), ref="C2",
             expert="ghost"),
      _entry(5, "budget.release", envelope="expertise", amount=D("1.00"), ref="C2")),
     {"experts": {WILDCARD}}),
    # over the cap, over an award, expert days over the cap after a release uncovers them
    ((_entry(0, "budget.commit", envelope="expertise", amount=D("150000.00"), ref="C1",
             expert="lead"),
      _entry(1, "expert.log", expert="lead", days=D("100")),
      _entry(2, "budget.commit", envelope="expertise", amount=D("50000.00"), ref="C2"),
      _entry(3, "budget.release", envelope="expertise", amount=D("100000.00"), ref="C1"),
      _entry(4, "expert.log", expert="lead", days=D("150")),
      _entry(5, "budget.award", envelope="implementation", amount=D("50000.00"),
             decision="AWD-1"),
      _entry(6, "budget.commit", envelope="implementation", amount=D("60000.00"), ref="C3"),
      _entry(7, "budget.commit", envelope="expertise", amount=D("90000.00"), ref="C4")),
     {}),
    # expert days alone over the cap; a release that uncovers days, then a commitment over
    ((_entry(0, "expert.log", expert="lead", days=D("150")),
      _entry(1, "expert.log", expert="lead", days=D("100")),
      _entry(2, "budget.commit", envelope="expertise", amount=D("120000.00"), ref="C1",
             expert="skills"),
      _entry(3, "expert.log", expert="skills", days=D("100")),
      _entry(4, "budget.release", envelope="expertise", amount=D("100000.00"), ref="C1")),
     {}),
    # a release below zero (validation refuses one) adds to what the envelope holds
    ((_entry(0, "budget.commit", envelope="expertise", amount=D("199950.00"), ref="C1"),
      _entry(1, "budget.release", envelope="expertise", amount=D("-100.00"), ref="C1"),
      _entry(2, "budget.commit", envelope="expertise", amount=D("0.01"), ref="C2")),
     {}),
    # within the cap, over the award (a second award later lifts the limit again)
    ((_entry(0, "budget.commit", envelope="implementation", amount=D("40000.00"), ref="C1"),
      _entry(1, "budget.award", envelope="implementation", amount=D("50000.00"),
             decision="AWD-1"),
      _entry(2, "budget.commit", envelope="implementation", amount=D("20000.00"), ref="C2"),
      _entry(3, "budget.award", envelope="implementation", amount=D("50000.00"),
             decision="AWD-2"),
      _entry(4, "budget.commit", envelope="implementation", amount=D("20000.00"), ref="C3")),
     {}),
)


@settings(max_examples=max(settings().max_examples, 200))
@given(st.one_of(journals(), odd_journals()), LEFT_OUT)
@example(*EDGES[0])
@example(*EDGES[1])
@example(*EDGES[2])
@example(*EDGES[3])
@example(*EDGES[4])
@example(*EDGES[5])
@example(*EDGES[6])
def test_the_rules_find_what_they_found_by_properties(
        entries_: tuple[JournalEntry, ...], left_out: dict[str, set[str]]) -> None:
    quick, slow = _contexts(entries_, left_out)
    assert list(journal.journal_unknown_ids(quick)) == list(unknown_ids_by_properties(slow))
    assert list(journal.journal_pay_within_commitment(quick)) == list(
        pay_within_commitment_by_properties(slow))
    assert journal._walk_caps(quick) == walk_by_properties(slow)
    # J006 and J007 read the steps above the limit, none when a bound shows there are none.
    over = [s for s in walk_by_properties(slow) if s.after > s.limit]
    assert journal._cap_walk(quick) == over
    if entries_ == EDGES[3][0]:
        assert [s.entry.index for s in over] == [4, 6, 7]  # 1: days C1 covers
    if entries_ == EDGES[4][0]:
        assert [s.entry.index for s in over] == [1, 2, 3]
    if entries_ == EDGES[5][0]:
        assert [s.entry.index for s in over] == [2]
    if entries_ == EDGES[6][0]:
        assert [s.entry.index for s in over] == [2]


# ---------------------------------------------------------------------------------------
# The rules as they read entries through their properties.


def unknown_ids_by_properties(ctx: Context) -> Iterator[Issue]:
    """Every id an entry names must exist: in the plan, or added by an earlier entry in
    force. One that a voided entry added says so, with the commands that fix it."""
    if not ctx.journal:
        return
    known = _known_ids(ctx)
    gone = _added_by_voided(ctx) if ctx.voided else {}
    named: dict[str, tuple[tuple[str, str], ...]] = {}  # kind -> (field, namespace) to look up
    for e in ctx.journal:
        kind = JOURNAL_KINDS[e.kind]
        pairs = named.get(kind.name)
        if pairs is None:
            pairs = named[kind.name] = tuple(
                (name, namespace) for name in kind.fields
                if (namespace := FIELDS[name].namespace) is not None
                and not (name == kind.subject and kind.introduces))
        for name, namespace in pairs:
            if namespace == "commitments" and e.envelope not in known["envelopes"]:
                continue  # a reference is looked up once its envelope is known
            value = e.get(name)
            for one in value if isinstance(value, tuple) else (value,):
                if one is not None and one not in known[namespace] \
                        and (namespace, one) in gone:
                    added, void = gone[(namespace, one)]
                    yield (ctx.journal_path(e, name),
                           _("{kind}: {namespace} \"{one}\" was added by entry {index}, which "
                             "entry {index2} voids").format(
                             kind=e.kind, namespace=_(NAMESPACES[namespace]), one=one,
                             index=added.index + 1, index2=void.index + 1),
                           _("entry {index} needs it: void it first, {void_command}, or keep "
                             "entry {index2}").format(
                             index=e.index + 1, void_command=void_command(ctx,
                                 e), index2=added.index + 1))
                elif one is not None and one not in known[namespace]:
                    yield (ctx.journal_path(e, name),
                           _("{kind}: unknown {namespace} \"{one}\"").format(
                             kind=e.kind, namespace=_(NAMESPACES[namespace]), one=one),
                           did_you_mean(one, known[namespace]))
        # Ids the entry introduces are known to the entries after it.
        if kind.introduces and kind.subject and e.get(kind.subject):
            known[kind.introduces].add(e.get(kind.subject))



def walk_by_properties(ctx: Context) -> list[Any]:
    held = journal._Committed(ctx)
    steps: list[Any] = []
    for e in entries(ctx, "budget.commit", "expert.log", "budget.release"):
        if e.kind == "budget.release":
            # Given back: the envelope (and the expert's cover) holds less from here on.
            given_back, named_expert = held.refs.get(e.ref or "", ("", None))
            if given_back == e.envelope and e.amount is not None:
                held.add(given_back, -e.amount)
                if named_expert and given_back == held.expert_env:
                    held.expert(named_expert, cover=-e.amount)
            continue
        if e.kind == "expert.log":
            expert, days = e.expert, e.days
            if held.expert_env is None or expert not in held.rates or days is None:
                continue
            assert expert is not None
            envelope = held.expert_env
            before = held.on(envelope)
            held.expert(expert, cost=cost(days, held.rates[expert]))
        else:
            envelope_or_none, amount = e.envelope, e.amount
            if envelope_or_none not in held.caps or amount is None:
                continue
            assert envelope_or_none is not None
            envelope = envelope_or_none
            before = held.on(envelope)
            held.refs.setdefault(e.ref or "", (envelope, e.expert))
            held.add(envelope, amount)
            if e.expert and envelope == held.expert_env:
                held.expert(e.expert, cover=amount)
        steps.append(journal._Step(e, before, held.on(envelope), *held.limit(envelope, e.date)))
    return steps



def pay_within_commitment_by_properties(ctx: Context) -> Iterator[Issue]:
    """Payments and releases together stay within what was committed."""
    commitments: dict[str, tuple[str, Decimal]] = {}
    paid: dict[str, Decimal] = {}
    released: dict[str, Decimal] = {}
    for e in entries(ctx, "budget.commit", "budget.pay", "budget.release"):
        if e.amount is None or not e.ref:
            continue
        if e.kind == "budget.commit":
            commitments.setdefault(e.ref, (e.envelope or "", e.amount))
            continue
        if e.ref not in commitments:
            continue
        if e.envelope not in ctx.declared("envelopes"):
            continue  # an unknown envelope: J001
        envelope, amount = commitments[e.ref]
        what = "payment" if e.kind == "budget.pay" else "release"
        if envelope != e.envelope:
            yield (ctx.journal_path(e, "envelope"), _("{what} on {ref} names envelope "
                                                      "{envelope}, but {ref} was committed on "
                                                      "{envelope2}").format(
                                                      what=what, ref=e.ref, envelope=e.envelope,
                                                      envelope2=envelope),
                   _("record it on {envelope}; one recorded on the wrong envelope is voided "
                     "with {void_command}").format(
                     envelope=envelope, void_command=void_command(ctx, e)))
            continue
        was_paid, was_released = paid.get(e.ref, Decimal(0)), released.get(e.ref, Decimal(0))
        unpaid = amount - was_paid - was_released
        if e.amount > unpaid:
            given_back = _(", released {eur}").format(eur=eur(was_released)) if was_released else ""
            hint = (_("pay at most the unpaid amount, or record a further commitment")
                    if what == "payment" else
                    _("release at most the unpaid amount: without AMOUNT, ")
                    + command(ctx, "budget release", envelope, "--ref", e.ref)
                    + _(" releases all of it"))
            yield (ctx.journal_path(e, "amount"),
                   _("{what} of {eur} on {ref} is above what ").format(
                     what=what, eur=eur(e.amount), ref=e.ref)
                   + (_("was committed: ") if what == "payment" else _("is unpaid: ")) +
                   _("committed {eur}, paid {eur2}{given_back}, unpaid {eur3}").format(
                     eur=eur(amount), eur2=eur(was_paid), given_back=given_back, eur3=eur(unpaid)),
                     hint)
        if what == "payment":
            paid[e.ref] = was_paid + e.amount
        else:
            released[e.ref] = was_released + e.amount
