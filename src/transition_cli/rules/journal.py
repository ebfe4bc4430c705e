"""Journal rules (J): the rules the recording commands enforce, applied to every entry,
hand-written ones included. What a kind needs and adds is read from ``ledger/kinds.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from transition_cli.core.findings import Severity
from transition_cli.core.i18n import N_, _
from transition_cli.core.model import HOLDER_NAMES, JournalEntry, Strategy
from transition_cli.core.money import cost, eur
from transition_cli.core.text import did_you_mean, plural
from transition_cli.ledger.kinds import FIELDS, JOURNAL_KINDS, NAMESPACES, VOID, voided_number
from transition_cli.rules.base import Context, Issue, Rule, command, entries, raw, void_command

E, W = Severity.ERROR, Severity.WARNING
PLAN = ("strategy", "partnership")


def _known_ids(ctx: Context) -> dict[str, set[str]]:
    """Ids of each namespace the plan declares, with items left out of the model for
    another error (already reported)."""
    return {ns: ctx.doc.known_ids(ns, (item.id for item in getattr(ctx.plan, ns, ())))
            for ns in NAMESPACES}


def _added_by_voided(ctx: Context) -> dict[tuple[str, str], tuple[JournalEntry, JournalEntry]]:
    """(namespace, id) -> (the voided entry that added it, the void)."""
    out = {}
    for index, void in ctx.voided.items():
        added = next((e for e in ctx.plan.journal if e.index == index), None)
        kind = JOURNAL_KINDS.get(added.kind) if added is not None else None
        if added is not None and kind is not None and kind.introduces and kind.subject:
            out[(kind.introduces, str(added.get(kind.subject)))] = (added, void)
    return out


def journal_unknown_ids(ctx: Context) -> Iterator[Issue]:
    """Every id an entry names must exist: in the plan, or added by an earlier entry in
    force. One that a voided entry added says so, with the commands that fix it."""
    if not ctx.journal:
        return
    known = _known_ids(ctx)
    gone = _added_by_voided(ctx) if ctx.voided else {}
    # kind -> (field, namespace, its known ids) to look up
    named: dict[str, tuple[tuple[str, str, set[str]], ...]] = {}
    introduced: dict[str, tuple[str, set[str]] | None] = {}  # kind -> (subject, its ids)
    envelopes = known["envelopes"]
    for e in ctx.journal:
        pairs = named.get(e.kind)
        if pairs is None:
            kind = JOURNAL_KINDS[e.kind]
            pairs = named[kind.name] = tuple(
                (name, namespace, known[namespace]) for name in kind.fields
                if (namespace := FIELDS[name].namespace) is not None
                and not (name == kind.subject and kind.introduces))
            introduced[kind.name] = ((kind.subject, known[kind.introduces])
                                     if kind.introduces and kind.subject else None)
        values = e.values
        for name, namespace, ids in pairs:
            value = values.get(name)
            if value is None or (value in ids if value.__class__ is str else False):
                continue  # the usual case: a known id
            if namespace == "commitments":
                envelope = values.get("envelope")
                if (envelope if isinstance(envelope, str) else None) not in envelopes:
                    continue  # a reference is looked up once its envelope is known
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
        adds = introduced[e.kind]
        if adds is not None and values.get(adds[0]):
            adds[1].add(values[adds[0]])


def journal_duplicates(ctx: Context) -> Iterator[Issue]:
    """An entry that adds an id (or a commitment reference) must add a new one."""
    plan = ctx.plan
    seen = {ns: {item.id for item in getattr(plan, ns, ())} for ns in NAMESPACES}
    for e in ctx.journal:
        kind = JOURNAL_KINDS[e.kind]
        if not (kind.introduces and kind.subject):
            continue
        value = e.get(kind.subject)
        if value in seen[kind.introduces]:
            yield (ctx.journal_path(e, kind.subject),
                   _("{kind}: \"{value}\" already exists").format(
                                                        kind=e.kind, value=value),
                   _("each commitment needs its own reference")
                   if kind.introduces == "commitments" else _("choose a new id"))
        seen[kind.introduces].add(value)
    members = {(c.id, o.name) for c in plan.clusters for o in c.members} \
        if isinstance(plan, Strategy) else set()
    joined: dict[tuple[str, str], JournalEntry] = {}
    for e in entries(ctx, "cluster.join"):
        if (e.cluster, e.name) in members:
            first = joined.get((e.cluster or "", e.name))
            yield (ctx.journal_path(e, "name"), _("cluster.join: \"{name}\" is already a "
                                                  "member of {cluster}").format(
                                                  name=e.name, cluster=e.cluster),
                   _("an organisation joins once") + (
                       _("; if entry {index} was a mistake, void it: {void_command}").format(
                         index=first.index + 1, void_command=void_command(ctx,
                             first)) if first is not None else ""))
        members.add((e.cluster or "", e.name))
        joined.setdefault((e.cluster or "", e.name), e)


_MILESTONE_KINDS = frozenset(name for name, kind in JOURNAL_KINDS.items()
                             if kind.introduces == "milestones" or kind.allowed_from)
"""The kinds that add a milestone or change its status (J003 reads only these)."""


def journal_transitions(ctx: Context) -> Iterator[Issue]:
    """A milestone entry needs the status its kind allows (``allowed_from``)."""
    status: dict[str, str] = {m.id: "planned" for m in ctx.plan.milestones}
    last: dict[str, JournalEntry] = {}  # the entry that set each milestone's status
    for e in ctx.journal:
        if e.kind not in _MILESTONE_KINDS:
            continue  # a budget, expert or cluster entry: most of a big journal
        kind = JOURNAL_KINDS[e.kind]
        mid = e.milestone or ""
        if kind.introduces == "milestones":
            status.setdefault(mid, "planned")
            continue
        if not kind.allowed_from:
            continue
        current = status.get(mid)
        if current is None or ctx.incomplete("milestones", mid):
            continue  # unknown id: journal_unknown_ids reports it; an entry left out: S
        if current not in kind.allowed_from:
            reopening = "done" in kind.allowed_from and kind.leaves == "started"
            said = (_("{kind}: {mid} is {current}, not done or cancelled").format(
                      kind=e.kind, mid=mid, current=_(current)) if reopening
                    else _("{kind}: {mid} is already {current}").format(
                           kind=e.kind, mid=mid, current=_(current)))
            before = last.get(mid)
            mistake = (_("if entry {index} ({kind}) was a mistake, void it: {void_command}").format(
                         index=before.index + 1, kind=before.kind, void_command=void_command(ctx,
                             before)) if before is not None else "")
            if current in ("done", "cancelled"):
                hint = (_("a {current} milestone changes again only once reopened: ").format(
                          current=current)
                        + command(ctx, "milestone reopen", mid, "--reason", "REASON")
                        + (f"; {mistake}" if mistake else ""))
            else:
                hint = mistake or _("record the steps in order ({command})").format(
                                    command=command(ctx, 'log'))
            yield (ctx.journal_path(e, "kind"), said, hint)
        elif kind.leaves is not None:
            status[mid] = kind.leaves
            last[mid] = e


def journal_done_after_dependencies(ctx: Context) -> Iterator[Issue]:
    states = ctx.state.milestones
    for e in entries(ctx, "milestone.done"):
        ms = states.get(e.milestone or "")
        if ms is None:
            continue
        for dep in ms.milestone.depends_on:
            if ctx.incomplete("milestones", dep):
                continue  # an entry about it was left out for its own finding
            dep_state = states.get(dep)
            # A cancelled dependency no longer holds anything up.
            if dep_state is not None and dep_state.status != "cancelled" \
                    and not dep_state.done_by(e.date):
                yield (ctx.journal_path(e, "date"),
                       _("{id} done on {date} before {dep} it depends on").format(
                         id=ms.id, date=e.date, dep=dep)
                       + (_(" (done {finished})").format(finished=dep_state.finished)
                          if dep_state.status == "done"
                          else _(" ({status})").format(status=_(dep_state.status))),
                       _("record {dep} as done first, or correct the date").format(dep=dep))


_IN_ELIGIBILITY = frozenset(name for name, kind in JOURNAL_KINDS.items()
                            if kind.in_eligibility)
"""The kinds dated inside the eligibility period, where one is declared (J005)."""


def journal_in_eligibility(ctx: Context) -> Iterator[Issue]:
    """Entries inside the eligibility period, where one is declared: the plan's own, else
    its call's (the built-in pilots declare none: no source gives one)."""
    call = ctx.call
    window = ctx.plan.eligibility or (call.eligibility if call is not None else None)
    whose = _("the plan's eligibility period") if ctx.plan.eligibility else (
        _("the eligibility period of {id}").format(id=call.id) if call is not None else "")
    for e in ctx.journal:
        if window is not None and e.kind in _IN_ELIGIBILITY and e.date not in window:
            yield (ctx.journal_path(e, "date"), _("{kind} dated {date} is outside {whose} "
                                                  "({window})").format(
                                                  kind=e.kind, date=e.date, whose=whose,
                                                  window=window),
                   _("costs and progress must fall inside the eligibility period; correct the "
                     "date"))
        if "due" not in e.values and "start" not in e.values:
            continue  # no date of its own to judge (most entries)
        if e.due is not None and e.due not in ctx.plan.period \
                and ctx.plan.period.start != dt.date.min:  # a broken period: S
            yield (ctx.journal_path(e, "due"), _("{kind}: new due date {due} is outside the "
                                                 "period {period}").format(
                                                 kind=e.kind, due=e.due, period=ctx.plan.period),
                                                 _("choose a date inside the period"))
        if e.start is not None and e.due is not None and e.start > e.due:
            yield (ctx.journal_path(e, "start"), _("{kind}: {milestone} starts {start}, after "
                                                   "it is due ({due})").format(
                                                   kind=e.kind, milestone=e.milestone,
                                                   start=e.start, due=e.due),
                                                   _("start on or before the due date"))


class _Step(NamedTuple):
    """A commitment or expert log on its envelope, in journal order: committed before and
    after it, and the limit then (the cap, or once awarded, what was awarded up to it)."""

    entry: JournalEntry
    before: Decimal
    after: Decimal
    limit: Decimal
    awarded: bool  # the limit is an award, not the cap


ZERO = Decimal(0)


class _Committed:
    """What each envelope holds as the journal is walked: commitments, and on the envelope
    that pays expert days, the cost of days no commitment naming the expert covers, kept
    as a running total so each step costs the same however many experts there are."""

    def __init__(self, ctx: Context) -> None:
        self.caps = {env.id: env.cap for env in ctx.plan.envelopes}
        expert_env = ctx.state.expert_envelope
        self.expert_env = expert_env.id if expert_env is not None else None
        self.rates = {x.id: x.expert.day_rate for x in ctx.state.experts.values()}
        self.awards = {k: env.awards for k, env in ctx.state.envelopes.items() if env.awards}
        self.commitments: dict[str, Decimal] = {}
        self.logged: dict[str, Decimal] = {}  # expert -> cost of days logged so far
        self.covering: dict[str, Decimal] = {}  # expert -> commitments naming them
        self.uncovered = ZERO  # sum over experts of max(logged - covering, 0)
        self.refs: dict[str, tuple[str, str | None]] = {}  # ref -> (envelope, its expert)

    def on(self, envelope: str) -> Decimal:
        total = self.commitments.get(envelope, ZERO)
        return total + self.uncovered if envelope == self.expert_env else total

    def add(self, envelope: str, amount: Decimal) -> None:
        self.commitments[envelope] = self.commitments.get(envelope, ZERO) + amount

    def expert(self, expert: str, cost: Decimal = ZERO, cover: Decimal = ZERO) -> None:
        """``expert`` logs ``cost`` more, or is covered by ``cover`` more (less, for a
        release)."""
        was_logged, was_covered = self.logged.get(expert, ZERO), self.covering.get(expert, ZERO)
        self.logged[expert], self.covering[expert] = was_logged + cost, was_covered + cover
        self.uncovered += (max(self.logged[expert] - self.covering[expert], ZERO)
                           - max(was_logged - was_covered, ZERO))

    def limit(self, envelope: str, day: dt.date) -> tuple[Decimal, bool]:
        """The cap, or on an envelope that opens on an award, the awards dated by then
        (and whether that is the limit)."""
        cap = self.caps[envelope]
        awards = self.awards.get(envelope)
        if not awards:
            return cap, False
        dated = [a.amount for a in awards if a.date <= day]
        award = sum(dated, ZERO) if dated else None
        return (cap, False) if award is None else (min(award, cap), award < cap)


def _cap_walk(ctx: Context) -> list[_Step]:
    """Each commitment and expert log, in journal order, on its envelope: earlier
    commitments and, on the envelope that pays expert days, the days logged so far that no
    commitment naming the expert covers (as ``state`` counts them). Walked once per
    document (J006 and J007 read the same steps): only the steps that end above the
    limit, the only ones either reports; none without walking when no step can."""
    return ctx.once("cap_walk",
                    lambda: [] if _within_limits(ctx) else _walk_caps(ctx, every=False))


def _within_limits(ctx: Context) -> bool:
    """Whether no step of the walk can end above its envelope's limit, in any order: the
    most an envelope can hold at a step is within the least its limit ever is.

    With no amount below zero, what an envelope holds at a step is at most every
    commitment on it, and on the envelope that pays expert days, plus the cost of every
    day logged: days no commitment covers are at most the days logged, and a release
    gives back at least what it uncovers. Its limit is never below the least of its cap
    and the awards dated by each award's day. A bound, not the walk: when it does not
    hold, the walk decides."""
    held = _Committed(ctx)
    expert_env, caps, rates = held.expert_env, held.caps, held.rates
    most: dict[str, Decimal] = {}
    for e in entries(ctx, "budget.commit", "expert.log", "budget.release"):
        values = e.values
        if e.kind == "expert.log":
            expert, days = values.get("expert"), values.get("days")
            if expert_env is None or not isinstance(expert, str) or expert not in rates \
                    or not isinstance(days, Decimal):
                continue
            envelope, amount = expert_env, cost(days, rates[expert])
        else:
            named, given = values.get("envelope"), values.get("amount")
            if not isinstance(named, str) or named not in caps \
                    or not isinstance(given, Decimal):
                continue
            envelope, amount = named, given
        if amount < 0:
            return False
        if e.kind != "budget.release":
            most[envelope] = most.get(envelope, ZERO) + amount
    return all(total <= _least_limit(held, envelope) for envelope, total in most.items())


def _least_limit(held: _Committed, envelope: str) -> Decimal:
    """The least an envelope's limit is on any day: its cap, or once awarded, the awards
    dated by then (at most the cap)."""
    cap = held.caps[envelope]
    awards = held.awards.get(envelope, [])
    return min((cap, *(sum((a.amount for a in awards if a.date <= award.date), ZERO)
                       for award in awards)))


def _walk_caps(ctx: Context, *, every: bool = True) -> list[_Step]:
    """Every step of the walk, or (``every`` False) only those that end above the limit."""
    held = _Committed(ctx)
    steps: list[_Step] = []
    expert_env, caps, rates, refs = held.expert_env, held.caps, held.rates, held.refs
    # The limit changes only on an award's day: worked out once per envelope and day.
    limits: dict[tuple[str, dt.date], tuple[Decimal, bool]] = {}
    # An entry's values are read once, as its properties would (a value of another type
    # counts as missing): the walk takes every commitment and expert log of the journal.
    for e in entries(ctx, "budget.commit", "expert.log", "budget.release"):
        values = e.values
        amount = values.get("amount")
        if not isinstance(amount, Decimal):
            amount = None
        if e.kind == "budget.release":
            # Given back: the envelope (and the expert's cover) holds less from here on.
            ref = values.get("ref")
            given_back, named_expert = refs.get(ref if isinstance(ref, str) else "", ("", None))
            envelope_named = values.get("envelope")
            if given_back == (envelope_named if isinstance(envelope_named, str) else None) \
                    and amount is not None:
                held.add(given_back, -amount)
                if named_expert and given_back == expert_env:
                    held.expert(named_expert, cover=-amount)
            continue
        if e.kind == "expert.log":
            expert, days = values.get("expert"), values.get("days")
            if expert_env is None or not isinstance(expert, str) or expert not in rates \
                    or not isinstance(days, Decimal):
                continue
            envelope = expert_env
            before = held.on(envelope)
            held.expert(expert, cost=cost(days, rates[expert]))
        else:
            envelope_or_none = values.get("envelope")
            if not isinstance(envelope_or_none, str) or envelope_or_none not in caps \
                    or amount is None:
                continue
            envelope = envelope_or_none
            before = held.on(envelope)
            ref, named = values.get("ref"), values.get("expert")
            named = named if isinstance(named, str) else None
            refs.setdefault(ref if isinstance(ref, str) else "", (envelope, named))
            held.add(envelope, amount)
            if named and envelope == expert_env:
                held.expert(named, cover=amount)
        limit = limits.get((envelope, e.date))
        if limit is None:
            limit = limits[(envelope, e.date)] = held.limit(envelope, e.date)
        after = held.on(envelope)
        if every or after > limit[0]:
            steps.append(_Step(e, before, after, limit[0], limit[1]))
    return steps


def journal_commit_within_cap(ctx: Context) -> Iterator[Issue]:
    for step in _cap_walk(ctx):
        e = step.entry
        if e.kind == "budget.commit" and step.after > step.limit:
            what = _("awarded") if step.awarded else _("cap")
            yield (ctx.journal_path(e, "amount"),
                   _("commitment {ref} of {eur} is above what {envelope} has left: {what} "
                     "{eur2}, committed {eur3}, remaining {eur4}").format(
                     ref=e.ref, eur=eur(e.amount or Decimal(0)), envelope=e.envelope, what=what,
                     eur2=eur(step.limit), eur3=eur(step.before),
                     eur4=eur(step.limit - step.before)),
                   _("split or reduce the commitment, or give back the unspent part of an "
                     "earlier one: ")
                   + command(ctx, "budget release", e.envelope or "ENVELOPE", "--ref", "REF"))


def journal_expert_days_within_cap(ctx: Context) -> Iterator[Issue]:
    for step in _cap_walk(ctx):
        e = step.entry
        if e.kind == "expert.log" and step.after > step.limit and step.after > step.before:
            env = ctx.state.expert_envelope
            yield (ctx.journal_path(e, "days"),
                   _("{plural} of {expert} take {envelope} over its cap: {eur} committed "
                     "(commitments and expert days) against {eur2}").format(
                     plural=plural(e.days or Decimal(0),
                         'day'), expert=e.expert, envelope=env.id if env else 'the envelope',
                         eur=eur(step.after), eur2=eur(step.limit)),
                   _("fewer expert days, or cover them with a commitment within the cap"))


def journal_pay_within_commitment(ctx: Context) -> Iterator[Issue]:
    """Payments and releases together stay within what was committed."""
    commitments: dict[str, tuple[str, Decimal]] = {}
    paid: dict[str, Decimal] = {}
    released: dict[str, Decimal] = {}
    declared: set[str] | None = None
    # An entry's values read once, as its properties would (a value of another type counts
    # as missing): ten thousand payments and commitments in a big journal.
    for e in entries(ctx, "budget.commit", "budget.pay", "budget.release"):
        values = e.values
        amount_given, ref = values.get("amount"), values.get("ref")
        if not isinstance(amount_given, Decimal) or not isinstance(ref, str) or not ref:
            continue
        named = values.get("envelope")
        if not isinstance(named, str):
            named = None
        if e.kind == "budget.commit":
            commitments.setdefault(ref, (named or "", amount_given))
            continue
        if ref not in commitments:
            continue
        if declared is None:
            declared = ctx.declared("envelopes")
        if named not in declared:
            continue  # an unknown envelope: J001
        envelope, amount = commitments[ref]
        what = "payment" if e.kind == "budget.pay" else "release"
        if envelope != named:
            yield (ctx.journal_path(e, "envelope"), _("{what} on {ref} names envelope "
                                                      "{envelope}, but {ref} was committed on "
                                                      "{envelope2}").format(
                                                      what=what, ref=ref, envelope=named,
                                                      envelope2=envelope),
                   _("record it on {envelope}; one recorded on the wrong envelope is voided "
                     "with {void_command}").format(
                     envelope=envelope, void_command=void_command(ctx, e)))
            continue
        was_paid, was_released = paid.get(ref, ZERO), released.get(ref, ZERO)
        unpaid = amount - was_paid - was_released
        if amount_given > unpaid:
            given_back = _(", released {eur}").format(eur=eur(was_released)) if was_released else ""
            hint = (_("pay at most the unpaid amount, or record a further commitment")
                    if what == "payment" else
                    _("release at most the unpaid amount: without AMOUNT, ")
                    + command(ctx, "budget release", envelope, "--ref", ref)
                    + _(" releases all of it"))
            yield (ctx.journal_path(e, "amount"),
                   _("{what} of {eur} on {ref} is above what ").format(
                     what=what, eur=eur(amount_given), ref=ref)
                   + (_("was committed: ") if what == "payment" else _("is unpaid: ")) +
                   _("committed {eur}, paid {eur2}{given_back}, unpaid {eur3}").format(
                     eur=eur(amount), eur2=eur(was_paid), given_back=given_back, eur3=eur(unpaid)),
                     hint)
        if what == "payment":
            paid[ref] = was_paid + amount_given
        else:
            released[ref] = was_released + amount_given


def journal_gate(ctx: Context) -> Iterator[Issue]:
    """On a gated envelope that needs no award, the gate milestone releases the money."""
    for e in entries(ctx, "budget.commit"):
        env = ctx.state.envelopes.get(e.envelope or "")
        gate = env.envelope.gate if env else None
        if env is None or gate is None or env.awarded_by or env.gate_open(e.date) \
                or ctx.call is None or ctx.incomplete("milestones", gate):
            # No gate named: R008 reports the envelope; an award: J010; an unknown call
            # (R001) or a gate left out for its own finding: not judged.
            continue
        ms = ctx.state.milestones.get(gate or "")
        state = (_("done {finished}").format(finished=ms.finished) if ms and ms.finished
                 else _(ms.status) if ms else _("unknown"))
        yield (ctx.journal_path(e, "envelope"),
               _("{id} is gated on {milestone} ({state}); no commitment before it is done "
                 "(this one is dated {date})").format(
                 id=env.id, milestone=gate or _("a milestone"), state=state, date=e.date),
               _("record {gate} as done first: {command}").format(
                 gate=gate, command=command(ctx, 'milestone done', gate)))


def journal_award(ctx: Context) -> Iterator[Issue]:
    """An envelope that opens on an award: no commitment dated before one, and awards only
    there, adding up to at most the cap."""
    envelopes = ctx.state.envelopes
    awarded: dict[str, Decimal] = {}
    if ctx.call is None:
        return  # which envelope opens on an award is the call's to say: R001
    for e in entries(ctx, "budget.award", "budget.commit"):
        env = envelopes.get(e.envelope or "")
        if env is None or e.amount is None:
            continue  # an unknown envelope: J001
        if e.kind == "budget.award":
            if not env.awarded_by:
                yield (ctx.journal_path(e, "envelope"), _("{id} does not open on an award: its "
                                                          "call declares no awarded_by").format(
                                                          id=env.id),
                       _("record awards only on an envelope that opens on one (e.g. "
                         "implementation); one recorded here is voided with {void_command}")
                       .format(void_command=void_command(ctx, e)))
                continue
            before = awarded.get(env.id, Decimal(0))
            if before + e.amount > env.cap:
                yield (ctx.journal_path(e, "amount"),
                       _("award of {eur} on {id} is above its cap: cap {eur2}, awarded before "
                         "{eur3}").format(
                         eur=eur(e.amount), id=env.id, eur2=eur(env.cap), eur3=eur(before)),
                       _("record what the decision awards, at most {eur}").format(
                         eur=eur(env.cap - before)))
            awarded[env.id] = before + e.amount
        elif env.awarded_by and not env.awarded_by_day(e.date):
            by = _(HOLDER_NAMES.get(env.awarded_by, ""))
            gate = env.envelope.gate
            later = min(env.awards, key=lambda a: a.date) if env.awards else None
            missing = (_("and its decision {decision} is dated {date}, after it").format(
                         decision=later.decision, date=later.date)
                       if later else _("and no award decision is recorded"))
            yield (ctx.journal_path(e, "envelope"),
                   _("commitment {ref} on {id} (dated {date}) comes before the award: {id} "
                     "opens on {by}'s award decision, {missing}").format(
                     ref=e.ref, id=env.id, date=e.date, by=by, missing=missing),
                   (_("correct the date: a commitment follows the award ({date})").format(
                      date=later.date) if later
                    else _("record the decision first: ")
                    + command(ctx, "budget award", env.id, "AMOUNT", "--decision", "REF",
                              "--date", "DATE")
                    + (_(" ({gate} is the plan's step before asking for it)").format(gate=gate)
                       if gate else "")))


def journal_voids(ctx: Context) -> Iterator[Issue]:
    """A void in force names an earlier entry of the journal, dated on or before it, that
    no other void in force already cancels."""
    journal = raw(ctx, "journal")
    count = len(journal) if isinstance(journal, list) else 0
    by_index = {e.index: e for e in ctx.plan.journal}
    log = _("{command} numbers the entries").format(command=command(ctx, 'log'))
    for e in entries(ctx, VOID):
        number = voided_number(e)
        target = by_index.get(number - 1)
        where = ctx.journal_path(e, "voids")
        if number > count:
            yield (where,
                   _("journal.void: there is no entry {number} (the journal has {count})").format(
                            number=number, count=count), log)
        elif number - 1 == e.index:
            yield (where, _("journal.void: entry {number} names itself").format(number=number), log)
        elif number - 1 > e.index:
            yield (where, _("journal.void (entry {index}) names entry {number}, which comes "
                            "after it: a void cancels an earlier entry").format(
                            index=e.index + 1, number=number), log)
        elif target is None:
            continue  # an entry left out for its own error, reported there
        elif target.date > e.date:
            yield (ctx.journal_path(e, "date"), _("journal.void dated {date} is before entry "
                                                  "{number} it voids (dated {date2})").format(
                                                  date=e.date, number=number, date2=target.date),
                   _("date the void on or after {date}, e.g. ").format(date=target.date)
                   + command(ctx, "journal void", str(number), "--reason", "REASON", "--date",
                             target.date.isoformat()))
        elif (first := ctx.voided.get(target.index)) is not None and first.index != e.index:
            yield (where, _("journal.void: entry {number} is already void (entry {index} voids "
                            "it)").format(
                            number=number, index=first.index + 1),
                   _("nothing more to void; a repeated void is itself voided with "
                     "{void_command}").format(void_command=void_command(ctx, e)))


JOURNAL_RULES: tuple[Rule, ...] = (
    Rule("J001", "journal-unknown-id", E, N_("A journal entry names an unknown milestone, "
                                            "expert, envelope, cluster or commitment reference."),
                                            N_("Use an id that exists (see the hint)."),
         'kind = "milestone.done"\nmilestone = "M9"', journal_unknown_ids, PLAN),
    Rule("J002", "journal-duplicate", E, N_("A journal entry adds an id or a commitment "
                                           "reference that already exists."),
                                           N_("Choose a new id or reference."), "",
                                           journal_duplicates, PLAN),
    Rule("J003", "journal-status", E, N_("A milestone is started, done, rescheduled, cancelled "
                                        "or reopened when its status does not allow it (e.g. "
                                        "done twice)."),
         N_("Void the entry (`transition journal void`), or reopen the milestone first."), "",
         journal_transitions, PLAN),
    Rule("J004", "done-before-dependencies", E,
         N_("A milestone is recorded done before the milestones it depends on."),
         N_("Record the dependencies first, or correct the date."), "",
         journal_done_after_dependencies, PLAN),
    Rule("J005", "outside-eligibility", E, N_("A journal entry is dated outside the call's "
                                             "eligibility period, or reschedules outside the "
                                             "plan's period."),
         N_("Correct the date."), "date = 2017-06-01", journal_in_eligibility, PLAN),
    Rule("J006", "over-cap", E, N_("A commitment is above what its envelope has left."),
         N_("Reduce or split the commitment."), "amount = 250000.00", journal_commit_within_cap,
         PLAN),
    Rule("J007", "expert-days-over-cap", E, N_("Expert days logged push the expert envelope "
                                              "over its cap."),
         N_("Cover the days with a commitment, or log fewer."), "",
         journal_expert_days_within_cap, PLAN),
    Rule("J008", "over-paid", E, N_("A payment or a release is above what its commitment has "
                                   "left unpaid, or names another envelope."),
                                   N_("Pay or release at most the unpaid amount."), "",
         journal_pay_within_commitment, PLAN),
    Rule("J009", "gate-closed", E, N_("A commitment on a gated envelope that needs no award "
                                     "comes before its gate milestone is done."),
                                     N_("Record the gate milestone done first."), "",
         journal_gate, PLAN),
    Rule("J010", "award", E, N_("A commitment on an envelope that opens on an award (the "
                               "implementation grant, awarded by the Commission) comes before "
                               "the award decision; or an award is recorded on an envelope "
                               "that takes none, or above its cap."),
         N_("Record the award decision first (`transition budget award`), at most the cap."),
         'kind = "budget.commit"\nenvelope = "implementation"  # no budget.award before it',
         journal_award, PLAN),
    Rule("J011", "void", E, N_("A void names no entry, a later entry or itself, is dated before "
                              "the entry it voids, or voids an entry already void."),
         N_("Name an earlier entry by the number `transition log` shows."),
         'kind = "journal.void"\nvoids = 40  # the journal has 12 entries', journal_voids,
         PLAN),
)
