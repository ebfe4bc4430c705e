"""The journal kinds, each declared once.

A journal entry is one dated fact (``[[journal]]`` in a plan file). Its ``kind`` says what
happened; the declaration of that kind here is the one place that says

* which fields it takes (``required``, ``optional``; their types are the vocabulary
  ``FIELDS``) — the file schema, the JSON Schema and the validator read them;
* what it is about (``subject``) and which id it adds (``introduces``) — the journal rules
  (unknown and duplicate ids) read them, as does ``log``;
* how it changes the derived state (``apply``), and for milestones which status it needs
  (``allowed_from``) and leaves (``leaves``) — ``ledger.replay`` and rule J003 read them;
* what to say once it is recorded (``outcome``), how ``log`` names it (``about``) and what
  it adds to the CSV export (``csv``);
* the command that records it (``command``): its place in the command line, its
  arguments and options, its help and example — ``cli/record_cmd.py`` builds the commands
  from these declarations; and what the command may leave out, filled in from the state of
  the file it is recorded in (``complete``: a release without an amount releases all that
  is unpaid).

Adding a kind is adding one ``JournalKind`` to ``JOURNAL_KINDS`` (and a rule in ``rules/``
if it brings a new judgement); ``tests/test_kinds.py`` fails when a declaration is
incomplete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import field
from decimal import Decimal
from typing import Any

from transition_cli.core.errors import RefusedError
from transition_cli.core.i18n import N_, _
from transition_cli.core.model import (
    HOLDER_NAMES,
    ORGANISATION_KINDS,
    Cluster,
    Expert,
    JournalEntry,
    Milestone,
    Organisation,
    Plan,
)
from transition_cli.core.money import cost, eur, number, percent
from transition_cli.core.money import days as days_text
from transition_cli.core.records import record
from transition_cli.core.spec import (
    Date,
    Days,
    Id,
    Int,
    Line,
    List,
    Money,
    Number,
    OptionalLine,
    Str,
    Text,
    Type,
)
from transition_cli.core.text import did_you_mean, plural, said_date
from transition_cli.ledger.state import (
    ZERO,
    Award,
    Commitment,
    ExpertState,
    MilestoneState,
    PlanState,
    Reading,
    Status,
)

# ---------------------------------------------------------------------------------------
# The vocabulary: every field a journal entry may carry, with its type.

OneLine = Line


@record(slots=False)
class FieldSpec:
    name: str
    type: Type
    doc: str = ""
    namespace: str | None = None  # ids in this field name items of this namespace
    csv: str | None = None  # its column in the CSV export
    completes: str | None = None  # what Tab offers, when not the namespace (COMPLETIONS)

    @property
    def offers(self) -> str | None:
        """The key of ``COMPLETIONS`` saying what completing this field offers."""
        return self.completes or self.namespace


FIELDS: Mapping[str, FieldSpec] = {f.name: f for f in (
    FieldSpec("date", Date(), "The day the fact happened.", csv="date"),
    FieldSpec("kind", Str(), "What happened: one of the journal kinds (docs/FORMAT.md)."),
    FieldSpec("by", OptionalLine, "Who recorded it.", csv="by"),
    FieldSpec("milestone", Id, "A milestone id.", "milestones", csv="milestone"),
    FieldSpec("expert", Id, "An expert id.", "experts", csv="expert"),
    FieldSpec("envelope", Id, "An envelope id.", "envelopes", csv="envelope"),
    FieldSpec("cluster", Id, "A cluster id.", "clusters", csv="cluster"),
    FieldSpec("amount", Money(), "EUR, at most two decimals.", csv="amount_eur"),
    FieldSpec("days", Days(), "Days worked, at most two decimals.", csv="days"),
    FieldSpec("ref", OneLine, "Contract or order reference of a commitment.", "commitments",
              csv="ref"),
    FieldSpec("decision", OneLine, "Reference of the decision awarding a grant.",
              csv="decision"),
    FieldSpec("due", Date(), "A due date.", csv="due"),
    FieldSpec("start", Date(), "When work starts."),
    FieldSpec("reason", OneLine, "Why.", csv="reason"),
    FieldSpec("note", Text, "A free note; may span lines.", csv="note"),
    FieldSpec("title", OneLine, "A title.", csv="title"),
    FieldSpec("owner", Id, "An expert id.", "experts"),
    FieldSpec("depends_on", List(Id), "Milestone ids that must be done first.", "milestones"),
    FieldSpec("deliverable", OptionalLine, "What the milestone delivers."),
    FieldSpec("name", OneLine, "A name.", csv="name"),
    FieldSpec("role", OptionalLine, "The expert's role.", csv="role"),
    FieldSpec("organisation", OptionalLine, "The expert's organisation."),
    FieldSpec("day_rate", Money(), "EUR per day.", csv="day_rate_eur"),
    FieldSpec("planned_days", Days(), "Days planned.", csv="planned_days"),
    FieldSpec("theme", OptionalLine, "The cluster's theme."),
    FieldSpec("member_kind", Str(choices=ORGANISATION_KINDS), "The kind of organisation.",
              csv="organisation_kind"),
    FieldSpec("indicator", Id, "An indicator id.", "indicators", csv="indicator"),
    FieldSpec("value", Number(), "A value measured, in the indicator's unit.", csv="value"),
    FieldSpec("deliverable_id", Id, "A deliverable id (what is due to the Commission).",
              "deliverables", csv="deliverable"),
    FieldSpec("voids", Int(minimum=1), "The number of the entry it voids, as `transition log` "
              "shows it (the first entry is 1).", csv="voids", completes="journal"),
)}

COMMON = ("date", "kind", "by", "note")
"""Fields every entry may carry; ``date`` and ``kind`` are required."""

NAMESPACES: Mapping[str, str] = {
    # namespace -> how a message names one of its ids
    "milestones": N_("milestone"),
    "experts": N_("expert"),
    "envelopes": N_("envelope"),
    "clusters": N_("cluster"),
    "commitments": N_("commitment reference"),
    "indicators": N_("indicator"),
    "deliverables": N_("deliverable"),
}

CSV_COLUMNS = ("file", "region", "entry", "date", "kind", "envelope", "ref", "decision",
               "amount_eur", "milestone", "expert", "role", "days", "planned_days",
               "day_rate_eur", "cost_eur", "due", "by", "reason", "note", "title", "name",
               "cluster", "organisation_kind", "indicator", "value", "unit", "deliverable",
               "voids")
"""The export's columns, in order: the file and its region (or partnership), then what each
kind fills: those of its fields and its ``csv``."""


# ---------------------------------------------------------------------------------------
# The command that records a kind


@record(slots=False)
class Arg:
    """One field as the command line takes it: positional (``option`` None) or an option."""

    field: str
    option: str | None = None
    metavar: str | None = None
    help: str = ""
    # What the command records when the argument is left out (the kind's ``complete``
    # fills it in); empty: a required field must be given.
    default: str = ""


@record(slots=False)
class Command:
    group: str  # transition GROUP NAME FILE ...
    name: str
    args: tuple[Arg, ...]
    help: str
    example: str

    @property
    def words(self) -> str:
        return f"{self.group} {self.name}"

    @property
    def doc(self) -> str:
        """The command's help: what it does, then its example (``--help``, completion)."""
        return f"{self.help}\n\nExample: {self.example}"


# ---------------------------------------------------------------------------------------
# The kinds

Apply = Callable[[PlanState, JournalEntry], None]
Outcome = Callable[[JournalEntry, PlanState], list[str]]
Complete = Callable[[dict[str, Any], PlanState], dict[str, Any]]


def _nothing(entry: JournalEntry, state: PlanState) -> list[str]:
    return []


def _no_cells(entry: JournalEntry, state: PlanState) -> Mapping[str, Any]:
    return {}


@record(slots=False)
class JournalKind:
    name: str  # "budget.commit"
    summary: str  # what an entry of this kind records (docs, help)
    required: tuple[str, ...]
    optional: tuple[str, ...]
    subject: str | None  # the field naming what the entry is about
    apply: Apply
    about: Callable[[JournalEntry], str]
    command: Command
    introduces: str | None = None  # the namespace to which ``subject`` adds a new id
    plans: tuple[str, ...] = ("strategy", "partnership")
    allowed_from: tuple[Status, ...] = ()  # milestone status the entry needs
    leaves: Status | None = None  # milestone status it leaves
    # A cost or a step of the work, dated inside the eligibility period where one is
    # declared (J005); a measurement or a report sent afterwards is not.
    in_eligibility: bool = True
    # Its ``apply`` can change what an envelope holds committed (commitments, releases,
    # expert days and the experts they are charged for): ``ledger.replay.committed``, the
    # status's pace, replays only these kinds (tests/test_pace.py holds it to the replay).
    holds: bool = False
    outcome: Outcome = _nothing
    csv: Callable[[JournalEntry, PlanState], Mapping[str, Any]] = _no_cells
    # Fills in what the command may leave out (an ``Arg`` with a ``default``), from the
    # state of the file the entry goes into; raises RefusedError when it cannot.
    complete: Complete | None = None
    fields: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", (*self.required, *self.optional))

    @property
    def allowed(self) -> frozenset[str]:
        """Every key an entry of this kind may hold."""
        return frozenset((*COMMON, *self.fields))


# --- milestones


def _add_milestone(state: PlanState, e: JournalEntry) -> None:
    if e.milestone and e.milestone not in state.milestones and e.due:
        m = Milestone(e.milestone, e.title, e.due, e.start, e.owner, e.depends_on,
                      e.deliverable)
        state.milestones[m.id] = MilestoneState(m, m.due, m.due)


def _milestone_step(state: PlanState, e: JournalEntry) -> None:
    """start, done, reschedule, cancel: skipped when the status does not allow it (J003)."""
    ms = state.milestones.get(e.milestone or "")
    kind = JOURNAL_KINDS[e.kind]
    if ms is None or ms.status not in kind.allowed_from:
        return
    if e.kind == "milestone.reschedule" and e.due:
        ms.due = e.due
        ms.reschedules += 1
    elif e.kind == "milestone.reopen":
        # Open again, under way: it keeps when it started (else starts again today); the
        # time it stood done stays in its history (``done_by``), so what followed holds.
        if ms.done_spells and ms.done_spells[-1][1] is None:
            ms.done_spells[-1] = (ms.done_spells[-1][0], e.date)
        ms.status, ms.finished, ms.started = "started", None, ms.started or e.date
    elif kind.leaves == "started":
        ms.status, ms.started = "started", e.date
    elif kind.leaves is not None:
        ms.status, ms.finished = kind.leaves, e.date
        if kind.leaves == "done":
            ms.done_spells.append((e.date, None))


def _milestone_about(e: JournalEntry) -> str:
    text = e.milestone or ""
    if e.kind == "milestone.add":
        text += f" {e.title}" + (_(" (due {due})").format(due=e.due) if e.due else "")
    elif e.kind == "milestone.reschedule" and e.due:
        text += _(" to {due}").format(due=e.due)
    return text


def _milestone_outcome(e: JournalEntry, state: PlanState) -> list[str]:
    """``M2 is planned, due 2018-07-13: a slip of 13 days on its baseline 2018-06-30``; a
    slip is not lateness (late is past its due date, which the status view says)."""
    ms = state.milestones.get(e.milestone or "")
    if ms is None:
        return []
    gap = plural(abs(ms.slip_days), "day")
    baseline = ms.baseline_due
    if ms.status == "done" and ms.finished:
        due = _(" (due {due})").format(due=said_date(ms.due)) if ms.due != baseline else ""
        when = (_("on its baseline due date {baseline}") if not ms.slip_days else
                _("{gap} after its baseline due date {baseline}") if ms.slip_days > 0 else
                _("{gap} before its baseline due date {baseline}"))
        return [_("{id} is done{due}, {when}").format(
            id=ms.id, due=due, when=when.format(gap=gap, baseline=said_date(baseline)))]
    status = _(ms.status)
    if ms.slip_days > 0:
        return [_("{id} is {status}, due {due}: a slip of {gap} on its baseline {baseline}")
                .format(id=ms.id, status=status, due=said_date(ms.due), gap=gap,
                        baseline=said_date(baseline))]
    if ms.slip_days < 0:
        return [_("{id} is {status}, due {due}: {gap} ahead of its baseline {baseline}")
                .format(id=ms.id, status=status, due=said_date(ms.due), gap=gap,
                        baseline=said_date(baseline))]
    return [_("{id} is {status}, due {due}").format(id=ms.id, status=status,
                                                    due=said_date(ms.due))]


_ID = Arg("milestone", metavar="ID")
_MILESTONE_OPT = Arg("milestone", "--milestone", "ID", N_("The milestone it relates to."))


def _milestone_kind(verb: str, summary: str, *, required: tuple[str, ...] = ("milestone",),
                    args: tuple[Arg, ...] = (_ID,), allowed_from: tuple[Status, ...],
                    leaves: Status | None = None, help: str, example: str) -> JournalKind:
    return JournalKind(
        f"milestone.{verb}", summary, required, (), "milestone", _milestone_step,
        _milestone_about, Command("milestone", verb, args, help, example),
        allowed_from=allowed_from, leaves=leaves, outcome=_milestone_outcome)


# --- experts


def _add_expert(state: PlanState, e: JournalEntry) -> None:
    if e.expert and e.expert not in state.experts:
        expert = Expert(e.expert, e.name, e.role, e.organisation, e.day_rate or ZERO,
                        e.planned_days or ZERO)
        state.experts[expert.id] = ExpertState(expert)


def _log_days(state: PlanState, e: JournalEntry) -> None:
    # The values read once (not through the entry's properties): the replay applies
    # thousands of these, and the status's pace replays them again.
    values = e.values
    expert, days = values.get("expert"), values.get("days")
    ex = state.experts.get(expert) if isinstance(expert, str) else None
    if ex is not None and isinstance(days, Decimal):
        ex.logged_days += days
        ex.logged_cost += cost(days, ex.expert.day_rate)


def _expert_about(e: JournalEntry) -> str:
    text = e.expert or ""
    if e.kind == "expert.add":
        text += f" {e.name}"
    return text + (_(" on {milestone}").format(milestone=e.milestone) if e.milestone else "")


def _envelope_left(e: JournalEntry, state: PlanState) -> list[str]:
    envelope = state.envelopes.get(e.envelope or "")
    if envelope is None and e.kind == "expert.log":
        envelope = state.expert_envelope
    if envelope is None:
        return []
    of = (_("{amount} awarded").format(amount=eur(envelope.available))
          if envelope.awarded is not None else eur(envelope.cap))
    lines = [_("{id} has {remaining} of {of} left ({paid} paid)").format(
        id=envelope.id, remaining=eur(envelope.remaining), of=of, paid=eur(envelope.paid))]
    if envelope.managed_by == "commission" and e.kind in ("budget.commit", "budget.pay") \
            and e.index not in state.voided:
        said = (_("{id} is the Commission's money: this commitment is the Commission's, not "
                  "the region's") if e.kind == "budget.commit" else
                _("{id} is the Commission's money: this payment is the Commission's, not the "
                  "region's"))
        lines.insert(0, said.format(id=envelope.id))
    return lines


def _days_logged(e: JournalEntry, state: PlanState) -> list[str]:
    ex = state.experts.get(e.expert or "")
    if ex is None:
        return _envelope_left(e, state)
    return [_("{id} has {logged} of {planned} planned days logged ({cost})").format(
        id=ex.id, logged=days_text(ex.logged_days), planned=days_text(ex.expert.planned_days),
        cost=eur(ex.logged_cost)), *_envelope_left(e, state)]


def _days_cost(e: JournalEntry, state: PlanState) -> Mapping[str, Any]:
    """Expert days carry the envelope that pays them, the expert's day rate and their cost
    (days x rate, rounded to the cent: ``core.money.cost``)."""
    env = state.expert_envelope
    cells: dict[str, Any] = {"envelope": env.id} if env is not None else {}
    ex = state.experts.get(e.expert or "")
    if ex is None or e.days is None:
        return cells
    return cells | {"day_rate_eur": ex.expert.day_rate,
                    "cost_eur": cost(e.days, ex.expert.day_rate)}


# --- budget


# The budget kinds read an entry's values once (as ``_log_days`` does): a big journal is
# mostly commitments and payments.


def _commit(state: PlanState, e: JournalEntry) -> None:
    values = e.values
    envelope, amount, ref = values.get("envelope"), values.get("amount"), values.get("ref")
    env = state.envelopes.get(envelope) if isinstance(envelope, str) else None
    if env is not None and isinstance(amount, Decimal) and isinstance(ref, str) and ref \
            and ref not in state.commitments:
        expert = values.get("expert")
        state.commitments[ref] = Commitment(ref, env.id, amount, e.date,
                                            expert if isinstance(expert, str) else None)
        env.committed += amount


def _settled(state: PlanState, e: JournalEntry) -> tuple[Commitment, Decimal] | None:
    """The commitment a payment or a release names, and its amount: None unless the entry
    has an amount and names a commitment on the envelope it names."""
    values = e.values
    ref, amount = values.get("ref"), values.get("amount")
    commitment = state.commitments.get(ref) if isinstance(ref, str) else None
    if commitment is None or not isinstance(amount, Decimal) \
            or commitment.envelope != values.get("envelope"):
        return None
    return commitment, amount


def _pay(state: PlanState, e: JournalEntry) -> None:
    if (settled := _settled(state, e)) is not None:
        commitment, amount = settled
        commitment.paid += amount
        state.envelopes[commitment.envelope].paid += amount


def _release(state: PlanState, e: JournalEntry) -> None:
    if (settled := _settled(state, e)) is not None:
        commitment, amount = settled
        commitment.released += amount
        state.envelopes[commitment.envelope].committed -= amount


def _rest_unpaid(table: dict[str, Any], state: PlanState) -> dict[str, Any]:
    """Without an amount, a release gives back all that is committed and not paid."""
    if table.get("amount") is not None:
        return table
    ref, envelope = table.get("ref"), table.get("envelope")
    c = state.commitments.get(ref) if isinstance(ref, str) else None
    if c is None or c.envelope != envelope:
        known = [k for k, v in state.commitments.items() if v.envelope == envelope]
        raise RefusedError(_('budget.release: no commitment "{ref}" on {envelope}, so no '
                             "amount to release").format(ref=ref, envelope=envelope),
                           hint=did_you_mean(str(ref), known))
    if c.unpaid <= 0:
        raise RefusedError(_("{ref} has nothing left to release: {amount} committed, {paid} "
                             "paid, {released} released").format(
                               ref=c.ref, amount=eur(c.amount), paid=eur(c.paid),
                               released=eur(c.released)),
                           hint=_("nothing to record: all of it is paid or released"))
    return {**table, "amount": c.unpaid}


def _budget_about(e: JournalEntry) -> str:
    return ((e.envelope or "")
            + (_(" on {milestone}").format(milestone=e.milestone) if e.milestone else "")
            + (_(" for {expert}").format(expert=e.expert) if e.expert else ""))


def _paid_so_far(e: JournalEntry, state: PlanState) -> list[str]:
    c = state.commitments.get(e.ref or "")
    released = _(", {amount} released").format(amount=eur(c.released)) \
        if c and c.released else ""
    paid = ([_("{ref}: {paid} paid of {amount}{released}, {unpaid} unpaid").format(
        ref=c.ref, paid=eur(c.paid), amount=eur(c.amount), released=released,
        unpaid=eur(c.unpaid))] if c else [])
    return paid + _envelope_left(e, state)


def _award(state: PlanState, e: JournalEntry) -> None:
    env = state.envelopes.get(e.envelope or "")
    decision = e.get("decision")
    if env is not None and env.awarded_by and e.amount is not None \
            and isinstance(decision, str):
        env.awards.append(Award(e.date, e.amount, decision))


def _award_about(e: JournalEntry) -> str:
    decision = e.get("decision")
    return (e.envelope or "") + (_(", decision {decision}").format(decision=decision)
                                 if decision else "")


def _awarded(e: JournalEntry, state: PlanState) -> list[str]:
    env = state.envelopes.get(e.envelope or "")
    if env is None or env.awarded is None:
        return []
    by = HOLDER_NAMES.get(env.awarded_by or "", "")
    said = (_("{id} is open: {awarded} awarded by {by} of its {cap} cap, {remaining} left to "
              "commit") if by else
            _("{id} is open: {awarded} awarded of its {cap} cap, {remaining} left to commit"))
    lines = [said.format(id=env.id, awarded=eur(env.available), by=_(by), cap=eur(env.cap),
                         remaining=eur(env.remaining))]
    gate = state.milestones.get(env.envelope.gate or "")
    if gate is not None:
        lines.append(_("its gate milestone {id} is {status}").format(
            id=gate.id, status=_(gate.status))
                     + (f" ({gate.finished})" if gate.finished else ""))
    return lines


_ENVELOPE = Arg("envelope", metavar="ENVELOPE", help="Envelope id, e.g. expertise.")
_AMOUNT = Arg("amount", metavar="AMOUNT",
              help="EUR, at most two decimals: 24000, 24000.00 or 24,000.00.")
_EXPERT_OPT = Arg("expert", "--expert", "ID", N_("The expert it pays for."))

# --- clusters


def _add_cluster(state: PlanState, e: JournalEntry) -> None:
    if e.cluster and e.cluster not in state.clusters:
        state.clusters[e.cluster] = Cluster(e.cluster, e.name, e.theme)


def _join_cluster(state: PlanState, e: JournalEntry) -> None:
    cluster = state.clusters.get(e.cluster or "")
    if cluster is not None:
        state.clusters[cluster.id] = Cluster(
            cluster.id, cluster.name, cluster.theme,
            (*cluster.members, Organisation(e.name, e.member_kind)))


def _cluster_about(e: JournalEntry) -> str:
    if e.kind == "cluster.join":
        return f"{e.cluster} + {e.name} ({e.member_kind})"
    return f"{e.cluster or ''} {e.name}".strip()


# --- the strategy: indicators and deliverables


def _measured(state: PlanState, e: JournalEntry) -> None:
    indicator = state.indicators.get(e.indicator or "")
    if indicator is not None and e.value is not None:
        indicator.readings.append(Reading(e.date, e.value, e.index))


def _indicator_about(e: JournalEntry) -> str:
    value = f" = {number(e.value)}" if e.value is not None else ""
    return f"{e.indicator or ''}{value}"


def _progress(e: JournalEntry, state: PlanState) -> list[str]:
    ind = state.indicators.get(e.indicator or "")
    latest = ind.latest if ind is not None else None
    if ind is None or latest is None:
        return []
    i = ind.indicator
    text = _("{id} is at {value} {unit} on {date}").format(
        id=i.id, value=number(latest.value), unit=i.unit, date=said_date(latest.date))
    if ind.progress is not None:
        text += _(", {share} of the way from {baseline} to {target} by {date}").format(
            share=percent(ind.progress), baseline=number(i.baseline.value),
            target=number(i.target.value), date=said_date(i.target.date))
    return [text]


def _unit(e: JournalEntry, state: PlanState) -> Mapping[str, Any]:
    ind = state.indicators.get(e.indicator or "")
    return {"unit": ind.indicator.unit} if ind is not None else {}


def _submit(state: PlanState, e: JournalEntry) -> None:
    d = state.deliverables.get(e.deliverable_id or "")
    if d is not None and d.submitted is None:
        d.submitted = e.date


def _deliverable_about(e: JournalEntry) -> str:
    return e.deliverable_id or ""


def _submitted(e: JournalEntry, state: PlanState) -> list[str]:
    d = state.deliverables.get(e.deliverable_id or "")
    if d is None or d.submitted is None:
        return []
    late = d.late_days(d.submitted)
    when = (_("{days} late").format(days=plural(late, "day")) if late else
            _("on time") if d.submitted == d.deliverable.due else
            _("{days} early").format(days=plural((d.deliverable.due - d.submitted).days, "day")))
    return [_("{id} submitted {submitted}, {when} (due {due})").format(
        id=d.id, submitted=said_date(d.submitted), when=when,
        due=said_date(d.deliverable.due))]


# --- corrections: voiding an entry


VOID = "journal.void"


def voided_number(e: JournalEntry) -> int:
    """The number (from 1, as ``log`` shows it) of the entry a void names; 0 when none."""
    value = e.get("voids")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _no_effect(state: PlanState, e: JournalEntry) -> None:
    """A void changes nothing by itself: ``ledger.replay.in_force`` leaves out what it
    cancels before anything is applied."""


def _void_about(e: JournalEntry) -> str:
    return _("entry {number}").format(number=voided_number(e))


def _entry_name(e: JournalEntry) -> str:
    """``entry 5 (budget.pay expertise, 2018-05-02)``"""
    about = JOURNAL_KINDS[e.kind].about(e) if e.kind in JOURNAL_KINDS else ""
    return _("entry {n}").format(n=e.index + 1) + f" ({e.kind} {about}".rstrip() \
        + f", {e.date})"


def _void_outcome(e: JournalEntry, state: PlanState) -> list[str]:
    """What is void, what is in force again, and where that leaves its subject."""
    target = state.entries.get(voided_number(e) - 1)
    voider = state.voided.get(target.index) if target is not None else None
    if target is None or voider is None or voider.index != e.index:
        return []
    lines = [_("{entry} is void").format(entry=_entry_name(target))]
    affected = target
    if target.kind == VOID:
        restored = state.entries.get(voided_number(target) - 1)
        if restored is not None and restored.index not in state.voided:
            lines.append(_("{entry} is in force again").format(entry=_entry_name(restored)))
            affected = restored
    if affected.kind in JOURNAL_KINDS and affected.kind != VOID:
        lines += JOURNAL_KINDS[affected.kind].outcome(affected, state)
    return lines


# ---------------------------------------------------------------------------------------
# The registry

_REASON = "--reason"

JOURNAL_KINDS: Mapping[str, JournalKind] = {k.name: k for k in (
    JournalKind("milestone.add", "A milestone added after the plan was written.",
         ("milestone", "title", "due"), ("start", "owner", "depends_on", "deliverable"),
         "milestone", _add_milestone, _milestone_about,
         Command("milestone", "add", (
             _ID,
             Arg("title", "--title", help="What the milestone is."),
             Arg("due", "--due", "DATE", N_("Due date (the baseline).")),
             Arg("start", "--start", "DATE", N_("When work starts (for the timeline).")),
             Arg("owner", "--owner", "EXPERT", N_("The expert who owns it.")),
             Arg("depends_on", "--depends-on", "ID",
                 N_("A milestone it depends on (repeat for more).")),
             Arg("deliverable", "--deliverable", help="What it delivers."),
         ), "Add a milestone after the plan was written (the plan's own list stays as it "
            "is).",
            'transition milestone add hdf.toml M7 --title "Cluster workshop" '
            "--due 2018-11-30"),
         introduces="milestones", outcome=_milestone_outcome),
    _milestone_kind(
        "start", "Work on a milestone started.", allowed_from=("planned",), leaves="started",
        help="Record that work on a milestone has started.",
        example="transition milestone start hdf.toml M2 --date 2018-04-03"),
    _milestone_kind(
        "done", "A milestone is done; the entry's date is the completion date.",
        allowed_from=("planned", "started"), leaves="done",
        help="Record a milestone as done; --date is the completion date. Its dependencies "
             "must be done first.",
        example="transition milestone done hdf.toml M1 --date 2018-03-28"),
    _milestone_kind(
        "reschedule", "A milestone's due date moves; the plan keeps the baseline.",
        required=("milestone", "due", "reason"),
        args=(_ID, Arg("due", metavar="NEW_DUE", help="The new due date."),
              Arg("reason", _REASON, help="Why it moves (required).")),
        allowed_from=("planned", "started"),
        help="Move a milestone's due date; the baseline stays in the plan, so the slip "
             "shows.",
        example='transition milestone reschedule hdf.toml M3 2018-10-31 --reason "Elections"'),
    _milestone_kind(
        "cancel", "A milestone is dropped, with a reason.", required=("milestone", "reason"),
        args=(_ID, Arg("reason", _REASON, help="Why it is dropped (required).")),
        allowed_from=("planned", "started"), leaves="cancelled",
        help="Cancel a milestone, with a reason.",
        example='transition milestone cancel hdf.toml M6 --reason "Merged into M5"'),
    _milestone_kind(
        "reopen", "A milestone done or cancelled is open again (marked done by mistake, or "
        "sent back): under way, its completion cleared; the time it stood done stays in "
        "its history.", required=("milestone", "reason"),
        args=(_ID, Arg("reason", _REASON, help="Why it is open again (required).")),
        allowed_from=("done", "cancelled"), leaves="started",
        help="Reopen a milestone marked done (or cancelled) by mistake, with a reason; it "
             "is under way again and is recorded done later as usual.",
        example='transition milestone reopen hdf.toml M3 --reason "Marked done by mistake"'),
    JournalKind("expert.add", "An expert joins the team after the plan was written.",
         ("expert", "name", "day_rate", "planned_days"), ("role", "organisation"),
         "expert", _add_expert, _expert_about,
         Command("expert", "add", (
             Arg("expert", metavar="ID"),
             Arg("name", "--name", help="The expert's name."),
             Arg("day_rate", "--day-rate", "EUR", N_("EUR per day.")),
             Arg("planned_days", "--planned-days", "DAYS", N_("Days planned.")),
             Arg("role", "--role", help="Role in the team."),
             Arg("organisation", "--organisation", help="Employer or contractor."),
         ), "Add an expert to the team after the plan was written.",
            'transition expert add hdf.toml jrc-2 --name "Jan Novak" --day-rate 750 '
            "--planned-days 20"),
         introduces="experts", holds=True),
    JournalKind("expert.log", "Days an expert worked; their cost (days x day rate) is charged to "
         "the envelope that pays expert days.", ("expert", "days"), ("milestone",),
         "expert", _log_days, _expert_about,
         Command("expert", "log", (
             Arg("expert", metavar="EXPERT"),
             Arg("days", metavar="DAYS", help="Days worked (e.g. 3 or 0.5)."),
             _MILESTONE_OPT,
         ), "Log days an expert worked; cost = days x day rate, charged to the expertise "
            "envelope.", "transition expert log hdf.toml lead 3 --milestone M1 "
            "--date 2018-02-14"),
         outcome=_days_logged, csv=_days_cost, holds=True),
    JournalKind("budget.award", "A grant awarded on an envelope that opens on an award (the "
         "Commission's decision on the implementation grant): at most its cap.",
         ("envelope", "amount", "decision"), (), "decision", _award, _award_about,
         Command("budget", "award", (
             Arg("envelope", metavar="ENVELOPE",
                 help="Envelope id, e.g. implementation."),
             Arg("amount", metavar="AMOUNT",
                 help="EUR awarded, at most the cap: 300000, 300,000.00."),
             Arg("decision", "--decision", "REF",
                 N_("Reference of the award decision (required).")),
         ), "Record the award of a grant (the Commission's decision on the implementation "
            "grant, after judging progress): the envelope opens for commitments, up to the "
            "amount awarded.",
            "transition budget award hdf.toml implementation 300000 --decision AWD-1 "
            "--date 2019-01-21"),
         outcome=_awarded),
    JournalKind("budget.commit", "A commitment (a signed contract or order) against an envelope's "
         "cap.", ("envelope", "amount", "ref"), ("milestone", "expert"),
         "ref", _commit, _budget_about,
         Command("budget", "commit", (
             _ENVELOPE, _AMOUNT,
             Arg("ref", "--ref", help="Contract or order reference (unique)."),
             _MILESTONE_OPT, _EXPERT_OPT,
         ), "Record a commitment (a signed contract or order) against an envelope's cap.",
            "transition budget commit hdf.toml expertise 24000 --ref C-2018-001 "
            "--expert lead"),
         introduces="commitments", outcome=_envelope_left, holds=True),
    JournalKind("budget.pay", "A payment against a commitment's reference.",
         ("envelope", "amount", "ref"), ("milestone", "expert"), "ref", _pay, _budget_about,
         Command("budget", "pay", (
             _ENVELOPE, _AMOUNT,
             Arg("ref", "--ref", help="Reference of the commitment it pays."),
             _MILESTONE_OPT, _EXPERT_OPT,
         ), "Record a payment against a commitment's reference; at most what is unpaid.",
            "transition budget pay hdf.toml expertise 12,000.00 --ref C-2018-001"),
         outcome=_paid_so_far),
    JournalKind("budget.release", "The unspent part of a commitment (a contract closed under "
         "budget) goes back to its envelope: at most what is committed and not paid.",
         ("envelope", "amount", "ref"), ("milestone",), "ref", _release, _budget_about,
         Command("budget", "release", (
             _ENVELOPE,
             Arg("amount", metavar="AMOUNT", help="EUR given back, at most what is unpaid.",
                 default="all that is committed and not paid"),
             Arg("ref", "--ref", help="Reference of the commitment (required)."),
             _MILESTONE_OPT,
         ), "Release the unspent part of a commitment (a contract closed under budget) back "
            "to its envelope; without AMOUNT, all that is committed and not paid.",
            "transition budget release hdf.toml expertise --ref C-2018-001 "
            "--date 2019-03-29"),
         outcome=_paid_so_far, complete=_rest_unpaid, in_eligibility=False, holds=True),
    JournalKind("cluster.add", "A cluster the strategy develops.", ("cluster", "name"), ("theme",),
         "cluster", _add_cluster, _cluster_about,
         Command("cluster", "add", (
             Arg("cluster", metavar="ID"),
             Arg("name", "--name", help="The cluster's name."),
             Arg("theme", "--theme", help="Its theme."),
         ), "Add a cluster the strategy develops.",
            'transition cluster add hdf.toml materials --name "Advanced materials"'),
         introduces="clusters", plans=("strategy",)),
    JournalKind("cluster.join", "An organisation joins a cluster.",
         ("cluster", "name", "member_kind"), (), "cluster", _join_cluster, _cluster_about,
         Command("cluster", "join", (
             Arg("cluster", metavar="CLUSTER"),
             Arg("name", metavar="ORGANISATION", help="The organisation's name."),
             Arg("member_kind", "--kind", help="firm, research-centre, university or other."),
         ), "Record an organisation joining a cluster.",
            'transition cluster join hdf.toml materials "Université de Lille" '
            "--kind university"),
         plans=("strategy",)),
    JournalKind("indicator.record", "A value measured for an indicator; the entry's date is "
         "when it was measured.", ("indicator", "value"), (), "indicator", _measured,
         _indicator_about,
         Command("indicator", "record", (
             Arg("indicator", metavar="INDICATOR", help="Indicator id, e.g. I1."),
             Arg("value", metavar="VALUE", help="The value measured, in the indicator's "
                 "unit: 42, 18.5 or 12,000."),
         ), "Record a value measured for an indicator; --date is when it was measured "
            "(recording a date again corrects its value).",
            "transition indicator record hdf.toml I1 42 --date 2018-06-30"),
         plans=("strategy",), outcome=_progress, csv=_unit, in_eligibility=False),
    JournalKind("deliverable.submit", "A deliverable sent to the Commission; the entry's date "
         "is the day it was sent.", ("deliverable_id",), (), "deliverable_id", _submit,
         _deliverable_about,
         Command("deliverable", "submit", (
             Arg("deliverable_id", metavar="ID", help="Deliverable id, e.g. D1."),),
                 "Record a deliverable as sent to the Commission; --date is the day it was "
                 "sent.", "transition deliverable submit hdf.toml D1 --date 2018-12-17"),
         plans=("strategy",), outcome=_submitted, in_eligibility=False),
    JournalKind(VOID, "Cancels an earlier entry recorded by mistake, as an accountant's "
         "reversal: state, views, the export and check ignore the entry it names; `log` "
         "still shows it, marked. Voiding a void puts the entry back in force.",
         ("voids", "reason"), (), "voids", _no_effect, _void_about,
         Command("journal", "void", (
             Arg("voids", metavar="N", help="The entry's number, as `transition log` shows "
                 "it."),
             Arg("reason", _REASON, help="Why it is void (required)."),
         ), "Void an entry recorded by mistake: a new entry cancels it, nothing is rewritten. "
            "Refused when the journal would then break a rule (void what depends on it "
            "first). Voiding a void puts its entry back in force.",
            'transition journal void hdf.toml 7 --reason "Paid twice"'),
         outcome=_void_outcome, in_eligibility=False),
)}


GROUPS: Mapping[str, str] = {
    # the command groups that record kinds, with their help (the verbs are appended)
    "milestone": N_("Record milestone progress"),
    "expert": N_("Record the expert team"),
    "budget": N_("Record grant awards, commitments (contracts, orders) and payments"),
    "cluster": N_("Record clusters and the organisations joining them"),
    "indicator": N_("Record values measured for the strategy's indicators"),
    "deliverable": N_("Record what is sent to the Commission"),
    "journal": N_("Correct the journal without rewriting it"),
}


def group_help(group: str) -> str:
    """A recording group's help: its own, then its verbs (``Record milestone progress:
    add, start, done, ...``; ``cli.language.GLUE`` translates the composition)."""
    verbs = ", ".join(k.command.name for k in JOURNAL_KINDS.values()
                      if k.command.group == group)
    return f"{GROUPS[group]}: {verbs}."


# ---------------------------------------------------------------------------------------
# What a field offers on the command line (tab completion), declared once per namespace:
# the ids of the plan named earlier on the line that the kind can act on, each with what
# it is (its title, name or what is left of it). A kind gets its completion from its own
# declaration: ``allowed_from`` picks the milestones (open ones for done, done ones for a
# reopen), a kind that ``introduces`` an id offers none (a new id is the user's to choose).


@record(slots=False)
class Offer:
    """What completion knows when it asks: the plan, its state, the kind being recorded
    (None outside a recording, e.g. ``log --milestone``) and the values given so far."""

    plan: Plan
    state: PlanState
    kind: JournalKind | None = None
    given: Mapping[str, Any] = field(default_factory=dict)


Candidates = Callable[[Offer], Iterable[tuple[str, str]]]


def _milestones_offered(o: Offer) -> Iterator[tuple[str, str]]:
    allowed = o.kind.allowed_from if o.kind is not None else ()
    for m in o.state.milestones.values():
        if not allowed or m.status in allowed:
            yield m.id, f"{m.milestone.title} ({m.status}, due {m.due})"


def _commitments_offered(o: Offer) -> Iterator[tuple[str, str]]:
    """References with money left unpaid, on the envelope given earlier if any."""
    envelope = o.given.get("envelope")
    for c in o.state.commitments.values():
        if c.unpaid > 0 and envelope in (None, c.envelope):
            yield c.ref, f"{eur(c.unpaid)} unpaid of {eur(c.amount)} on {c.envelope} ({c.date})"


def _entries_offered(o: Offer) -> Iterator[tuple[str, str]]:
    """Journal entries by number (1 for the first), newest first: for a void, those it
    can cancel (not one already voided)."""
    from transition_cli.ledger.replay import voided

    gone = voided(o.plan.journal) if o.kind is not None else {}
    for e in reversed(o.plan.journal):
        if e.index in gone:
            continue
        kind = JOURNAL_KINDS.get(e.kind)
        about = kind.about(e) if kind is not None else ""
        yield str(e.index + 1), f"{e.date} {e.kind} {about}".strip()


def _deliverables_offered(o: Offer) -> Iterator[tuple[str, str]]:
    for d in o.state.deliverables.values():
        when = f"submitted {d.submitted}" if d.submitted else f"due {d.deliverable.due}"
        yield d.id, f"{d.deliverable.title} ({when})"


COMPLETIONS: Mapping[str, Candidates] = {
    # namespace (FieldSpec.namespace) -> what a field of it offers
    "milestones": _milestones_offered,
    "experts": lambda o: ((x.id, x.expert.name) for x in o.state.experts.values()),
    "envelopes": lambda o: ((e.id, e.title or f"cap {eur(e.envelope.cap)}")
                            for e in o.state.envelopes.values()),
    "clusters": lambda o: ((c.id, c.name) for c in o.state.clusters.values()),
    "commitments": _commitments_offered,
    "indicators": lambda o: ((i.id, f"{i.indicator.title} ({i.indicator.unit})")
                             for i in o.state.indicators.values()),
    "deliverables": _deliverables_offered,
    "journal": _entries_offered,
}
"""Every namespace a field may name, with what completing it offers (``tests/test_kinds``
holds every namespace of ``FIELDS`` to having one)."""


def offered(field_name: str, offer: Offer) -> list[tuple[str, str]]:
    """What completing ``field_name`` offers: nothing for a field naming no namespace or
    the new id a kind introduces."""
    offers = FIELDS[field_name].offers if field_name in FIELDS else None
    kind = offer.kind
    if offers is None or offers not in COMPLETIONS or (
            kind is not None and field_name == kind.subject and kind.introduces):
        return []
    return list(COMPLETIONS[offers](offer))


def kind_of(entry: JournalEntry) -> JournalKind:
    return JOURNAL_KINDS[entry.kind]


def groups() -> tuple[str, ...]:
    """``milestone``, ``expert``, ...: the first word of the kinds, in registry order."""
    return tuple(dict.fromkeys(k.split(".")[0] for k in JOURNAL_KINDS))
