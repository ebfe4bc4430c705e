"""Where things stand, as data: one plan's status report, and a portfolio of many.

Renderers (``render.status``, ``render.timeline``, ``render.report``, ``render.export``,
``render.status_json``) turn these records into text; nothing here imports rich or typer.

Every judgement is made *as of* a date: the journal is replayed up to that day only (later
entries are the future for that view), lateness is measured against it, and the forecast
looks back from it.

Overall status (red / amber / green), first matching rule wins, every matching reason kept:

* **red** when ``check`` reports an error, a milestone is more than ``RED_LATE_DAYS`` (30)
  days overdue, or an envelope is committed beyond its cap;
* **amber** when a milestone is overdue (up to 30 days), ``check`` reports a warning, or an
  envelope's forecast, on a sound basis, reaches its cap before the end of the period;
* **green** otherwise.

Forecast of an envelope: how much its committed amount grew over the
``FORECAST_WINDOW_DAYS`` (90) days up to and including the as-of date sets the pace
(commitments, and expert days no commitment covers, as the envelope counts them). At that
pace, the cap is reached on ``as_of + ceil(remaining x 90 / committed in window)`` days, and
what is left at the end of the period is ``remaining - committed in window x days left / 90``,
rounded down to the cent in the commitments' favour (so the forecast never shows more money
left than the pace implies). All arithmetic is on whole cents: exact, no float.

A pace is a forecast only on a sound basis (``Forecast.sound``): at least
``FORECAST_MIN_ENTRIES`` (4) entries raised the envelope in the window (commitments, expert
days), spread over at least ``FORECAST_MIN_SPAN_DAYS`` (30) days from the first to the
last, none of them more than half of what the window added. Two contracts in 90 days are
not a pace: one large contract extrapolated over the rest of the period cries wolf. On any
other basis the view says so ("from 2 entries: too few to forecast") and the envelope does
not turn the overall status amber.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args, overload

from transition_cli.choices import SORT_KEYS
from transition_cli.core.errors import RefusedError, UsageError
from transition_cli.core.findings import Finding, Severity
from transition_cli.core.i18n import N_, _
from transition_cli.core.model import (
    EU_GRANTS,
    FUNDING_SOURCES,
    Call,
    JournalEntry,
    Partnership,
    Plan,
    Strategy,
)
from transition_cli.core.money import cost, eur
from transition_cli.core.progress import PLANS, Progress
from transition_cli.core.records import record
from transition_cli.core.text import plural, said_date
from transition_cli.due import STATUS_WITHIN, DueItem
from transition_cli.due import items as due_items
from transition_cli.files.calls import Catalogue
from transition_cli.files.loader import Document
from transition_cli.ledger.replay import committed, derive, in_force
from transition_cli.ledger.state import Award, PlanState

if TYPE_CHECKING:
    from transition_cli.check import CheckResult

Rag = Literal["red", "amber", "green"]
RAG_ORDER: dict[Rag, int] = {"red": 0, "amber": 1, "green": 2}
GateState = Literal["open", "closed", "none"]
GATE_STATES: tuple[GateState, ...] = get_args(GateState)
"""An envelope's gate: open (or not gated), closed (its gate milestone is not done), none
(the envelope is not gated)."""
AwardState = Literal["awarded", "awaited", "none"]
AWARD_STATES: tuple[AwardState, ...] = get_args(AwardState)
"""An envelope's award: awarded (a budget.award is dated by the as-of date), awaited (it
opens on an award, none yet), none (it opens on no award)."""
RED_LATE_DAYS = 30
FORECAST_WINDOW_DAYS = 90
FORECAST_MIN_ENTRIES = 4
FORECAST_MIN_SPAN_DAYS = 30
ZERO = Decimal(0)
CENT = Decimal("0.01")


@record
class MilestoneRow:
    id: str
    title: str
    owner: str
    status: str  # planned, started, done, cancelled
    start: dt.date | None  # for the timeline: own start, else dependencies' due, else period
    baseline_due: dt.date
    due: dt.date
    finished: dt.date | None
    slip_days: int  # current due (or completion) minus baseline due
    late_days: int  # days past the current due date as of the report; 0 when not late
    depends_on: tuple[str, ...]
    deliverable: str

    @property
    def late(self) -> bool:
        return self.late_days > 0


@record
class Forecast:
    window_start: dt.date  # first day of the pace window (inclusive)
    window_committed: Decimal  # commitments dated in the window
    cap_reached: dt.date | None  # None: not at this pace (or no pace at all)
    left_at_end: Decimal  # remaining at the period's end at this pace (negative: over)
    within_period: bool  # cap reached on or before the period's end
    # The basis: entries that raised the envelope in the window, the days from the first
    # to the last of them, and the largest one.
    entries: int = 0
    span_days: int = 0
    largest: Decimal = ZERO

    @property
    def sound(self) -> bool:
        """Enough entries over enough time, none dominating: a pace, not a one-off."""
        return (self.entries >= FORECAST_MIN_ENTRIES
                and self.span_days >= FORECAST_MIN_SPAN_DAYS
                and self.largest * 2 <= self.window_committed)

    @property
    def basis(self) -> str:
        """``from 5 entries over 61 days`` or why that is too little to forecast."""
        found = _("from {entries}").format(entries=plural(self.entries, "entry", "entries"))
        span = plural(self.span_days, "day")
        if self.entries == 0:
            return _("nothing committed in the window: no pace to forecast")
        if self.entries < FORECAST_MIN_ENTRIES:
            return _("{found}: too few to forecast (a pace needs {entries} or more over {days} "
                     "days or more)").format(found=found, entries=FORECAST_MIN_ENTRIES,
                                             days=FORECAST_MIN_SPAN_DAYS)
        if self.span_days < FORECAST_MIN_SPAN_DAYS:
            return _("{found} within {span}: too close together to forecast (a pace needs "
                     "{days} days or more)").format(found=found, span=span,
                                                   days=FORECAST_MIN_SPAN_DAYS)
        if self.largest * 2 > self.window_committed:
            return _("{found}, one of them {amount}, more than half: a one-off, not a pace to "
                     "forecast").format(found=found, amount=eur(self.largest))
        return _("{found} over {span}").format(found=found, span=span)


@record
class EnvelopeRow:
    id: str
    title: str
    cap: Decimal
    committed: Decimal
    paid: Decimal
    remaining: Decimal
    gate: str | None
    gate_state: GateState
    forecast: Forecast
    managed_by: str | None = None  # commission, region, or None: the call does not say
    awarded_by: str | None = None  # who awards it, when it opens on an award
    award_state: AwardState = "none"
    awards: tuple[Award, ...] = ()  # dated by the as-of date
    available: Decimal | None = None  # what may be committed: the award, else the cap

    @property
    def holder(self) -> str:
        """Whose money it is, for tables: "Commission's", "region's" or ""."""
        return _({"commission": N_("Commission's"), "region": N_("region's")}.get(
            self.managed_by or "", ""))

    @property
    def award_note(self) -> str:
        """The award that opens it, in a word or two for tables: "awarded", "no award", ""."""
        return _({"awarded": N_("awarded"), "awaited": N_("no award")}.get(self.award_state,
                                                                           ""))

    @property
    def limit(self) -> Decimal:
        return self.cap if self.available is None else self.available

    @property
    def awarded(self) -> Decimal | None:
        return sum((a.amount for a in self.awards), ZERO) if self.awards else None

    @property
    def share(self) -> Decimal:
        """Committed share of what is available (the award, else the cap; 1 = full); 0
        when that is 0."""
        return self.committed / self.limit if self.limit else ZERO

    @property
    def over_cap(self) -> bool:
        return self.committed > self.limit


@record
class ExpertRow:
    id: str
    name: str
    role: str
    organisation: str
    day_rate: Decimal
    planned_days: Decimal
    logged_days: Decimal
    logged_cost: Decimal  # each log's cost rounded to the cent, added up (core.money.cost)

    @property
    def planned_cost(self) -> Decimal:
        return cost(self.planned_days, self.day_rate)


@record
class ClusterRow:
    id: str
    name: str
    theme: str
    members: tuple[tuple[str, str], ...]  # (organisation name, kind)


@record
class MoneyRow:
    """A budget entry in force (award, commitment, payment, release), as of the report."""

    entry: int  # its number, as ``log`` shows it
    date: dt.date
    kind: str  # budget.award, budget.commit, budget.pay, budget.release
    envelope: str
    ref: str  # a commitment's reference, or an award's decision
    amount: Decimal
    expert: str  # the expert it pays for, by name ("" when none)
    note: str


class MoneyRows(Sequence[MoneyRow]):
    """A report's money rows, built when first read: the budget entries in force with the
    names of the experts they pay for. The status view shows none of them (the exported
    reports list them all), and a big journal has ten thousand."""

    def __init__(self, entries: Sequence[JournalEntry] = (), names: dict[str, str] | None = None
                 ) -> None:
        self._entries, self._names = entries, names or {}
        self._rows: tuple[MoneyRow, ...] | None = None

    @property
    def rows(self) -> tuple[MoneyRow, ...]:
        if self._rows is None:
            self._rows = tuple(_money(self._entries, self._names))
        return self._rows

    @overload
    def __getitem__(self, index: int) -> MoneyRow: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[MoneyRow, ...]: ...

    def __getitem__(self, index: int | slice) -> MoneyRow | tuple[MoneyRow, ...]:
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[MoneyRow]:
        return iter(self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MoneyRows | tuple):
            return self.rows == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.rows)

    def __repr__(self) -> str:
        return repr(self.rows)


@record
class StatusReport:
    file: str
    kind: Literal["strategy", "partnership"]
    title: str
    name: str  # region name, or the partnership's id
    nuts: tuple[str, ...]
    call: str
    call_title: str
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    overall: Rag
    reasons: tuple[str, ...]
    milestones: tuple[MilestoneRow, ...]
    envelopes: tuple[EnvelopeRow, ...]
    experts: tuple[ExpertRow, ...]
    clusters: tuple[ClusterRow, ...]
    findings: tuple[Finding, ...]  # errors and warnings from check, located and sorted
    strategy: StrategySection | None = None  # a strategy's priorities, actions, indicators
    due: tuple[DueItem, ...] = ()  # overdue, and due in the next ``due_within`` days
    due_within: int = STATUS_WITHIN
    entries: int = 0  # journal entries in the file, voided ones too (a calendar's SEQUENCE)
    # awards, commitments, payments, releases in force (built when first read)
    money: Sequence[MoneyRow] = ()

    def name_of(self, expert: str) -> str:
        """An expert's name for people (the id when the expert is unknown or unnamed)."""
        return next((x.name for x in self.experts if x.id == expert and x.name), expert)

    @property
    def late(self) -> tuple[MilestoneRow, ...]:
        return tuple(m for m in self.milestones if m.late)

    @property
    def done(self) -> int:
        return sum(1 for m in self.milestones if m.status == "done")

    @property
    def counted_milestones(self) -> int:
        """Milestones that count towards done/total: cancelled ones do not."""
        return sum(1 for m in self.milestones if m.status != "cancelled")

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


def load(paths: Sequence[Path], catalogue: Catalogue, as_of: dt.date,
         progress: Progress | None = None) -> CheckResult:
    """Check the paths for a view; a path that cannot be read is a usage error."""
    from transition_cli.check import check_paths

    result = check_paths(paths, catalogue, as_of, progress=progress)
    if result.problems:
        hints = [result.hints[p] for p in result.problems if p in result.hints]
        raise UsageError("\n".join(result.problems),
                         hint=hints[0] if len(result.problems) == 1 and hints else None)
    return result


def status_of(path: Path, catalogue: Catalogue, as_of: dt.date) -> StatusReport:
    """One plan file's status report; a folder, a calls file or a plan too broken to judge
    is refused with what to do."""
    if path.is_dir():
        raise UsageError(_("{path}: is a folder; this command takes one strategy or "
                           "partnership file").format(path=path), hint=_("name a file, e.g. "
                                                    "examples/hauts-de-france.toml"))
    doc = load([path], catalogue, as_of).documents[0]
    try:
        return status(doc, catalogue, as_of)
    except NotAPlan:
        if doc.kind == "calls":
            raise UsageError(_("{path} is a calls file; status needs a strategy or partnership "
                               "file").format(path=path),
                             hint=_("see the calls with `transition calls`")) from None
        errors = [f for f in doc.findings if f.severity is Severity.ERROR]
        raise RefusedError(
            _("{path}: not usable, no status to show").format(path=path)
            + "".join(f"\n{f.text()}" for f in errors),
            hint=_("run `transition check {path}` and fix the errors first").format(path=path)
            if errors else _("name a strategy or partnership file"),
        ) from None


class NotAPlan(ValueError):
    """The document has no usable strategy or partnership (unreadable, or a calls file)."""


def status(doc: Document, catalogue: Catalogue, as_of: dt.date) -> StatusReport:
    """The status of one checked document (``check.check_document`` ran on it)."""
    plan = doc.plan
    if not isinstance(plan, Strategy | Partnership):
        raise NotAPlan(doc.file)
    call = catalogue.get(plan.call)
    state = doc.state(call, as_of)
    milestones = _milestones(plan, state, as_of)
    entries = in_force(plan.journal, as_of)
    envelopes = tuple(_envelopes(plan, state, entries, as_of, call))
    findings = tuple(doc.findings)
    overall, reasons = judge(milestones, envelopes, findings)
    section = strategy_section(plan, state, as_of) if isinstance(plan, Strategy) else None
    if section is not None:
        overall, reasons = judge_deliverables(overall, reasons, section.deliverables)
    if isinstance(plan, Strategy):
        name, nuts = plan.region.name, plan.region.nuts
    else:
        name = plan.id or plan.theme
        nuts = tuple(code for m in plan.members for code in m.nuts)
    return StatusReport(
        file=doc.file, kind=plan.kind, title=plan.title, name=name, nuts=nuts,
        call=plan.call, call_title=call.title if call else "",
        period_start=plan.period.start, period_end=plan.period.end, as_of=as_of,
        overall=overall, reasons=reasons, milestones=milestones, envelopes=envelopes,
        experts=tuple(
            ExpertRow(e.id, e.expert.name, e.expert.role, e.expert.organisation,
                      e.expert.day_rate, e.expert.planned_days, e.logged_days, e.logged_cost)
            for e in state.experts.values()
        ),
        clusters=tuple(
            ClusterRow(c.id, c.name, c.theme, tuple((o.name, o.kind) for o in c.members))
            for c in state.clusters.values()
        ),
        findings=findings,
        strategy=section,
        due=tuple(due_items(plan, state, call, doc.file, as_of, STATUS_WITHIN)),
        entries=len(plan.journal),
        money=MoneyRows(entries,
                        {x.id: x.expert.name or x.id for x in state.experts.values()}),
    )


def judge(
    milestones: Sequence[MilestoneRow], envelopes: Sequence[EnvelopeRow],
    findings: Sequence[Finding],
) -> tuple[Rag, tuple[str, ...]]:
    """Overall red / amber / green and the reasons, most serious first (module docstring)."""
    red: list[str] = []
    amber: list[str] = []
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    if errors:
        red.append(_("{errors} from check").format(errors=plural(errors, "error")))
    very_late = [m for m in milestones if m.late_days > RED_LATE_DAYS]
    late = [m for m in milestones if 0 < m.late_days <= RED_LATE_DAYS]
    if very_late:
        worst = max(very_late, key=lambda m: m.late_days)
        red.append(_("{milestones} more than {days} days late ({id} by {late})").format(
            milestones=plural(len(very_late), "milestone"), days=RED_LATE_DAYS, id=worst.id,
            late=plural(worst.late_days, "day")))
    for env in envelopes:
        if env.over_cap:
            said = (_("{id} committed over its award by {amount}") if env.limit < env.cap
                    else _("{id} committed over its cap by {amount}"))
            red.append(said.format(id=env.id, amount=eur(env.committed - env.limit)))
    if late:
        amber.append(_("{milestones} late").format(milestones=plural(len(late), "milestone")))
    if warnings:
        amber.append(_("{warnings} from check").format(warnings=plural(warnings, "warning")))
    for env in envelopes:
        fc = env.forecast
        if not env.over_cap and fc.sound and fc.within_period and fc.cap_reached is not None:
            amber.append(_("{id} cap reached by {date} at the pace of the last 90 days "
                           "({basis})").format(id=env.id, date=said_date(fc.cap_reached),
                                               basis=fc.basis))
    if red:
        return "red", (*red, *amber)
    if amber:
        return "amber", tuple(amber)
    return "green", (_("no late milestone, no finding, envelopes within their caps"),)


def _milestones(plan: Plan, state: PlanState, as_of: dt.date) -> tuple[MilestoneRow, ...]:
    rows = []
    for ms in state.milestones.values():
        m = ms.milestone
        start = m.start
        if start is None:
            deps = [state.milestones[d].due for d in m.depends_on if d in state.milestones]
            start = max(deps) if deps else plan.period.start
        late = (as_of - ms.due).days if ms.is_late(as_of) else 0
        rows.append(MilestoneRow(
            id=m.id, title=m.title, owner=m.owner or "", status=ms.status,
            start=min(start, ms.due), baseline_due=ms.baseline_due, due=ms.due,
            finished=ms.finished, slip_days=ms.slip_days, late_days=late,
            depends_on=m.depends_on, deliverable=m.deliverable,
        ))
    return tuple(rows)


def _cents(amount: Decimal) -> int:
    return int(amount.scaleb(2).to_integral_value())


def forecast(
    committed: Decimal, cap: Decimal, window_committed: Decimal, as_of: dt.date,
    period_end: dt.date, steps: Sequence[tuple[dt.date, Decimal]] = (),
) -> Forecast:
    """Cap date and what is left at the period's end at the pace of the window (exact);
    ``steps`` (day, amount): the entries that raised the envelope in the window, the
    forecast's basis."""
    window_start = _window_start(as_of)
    remaining_c = _cents(cap) - _cents(committed)
    pace_c = _cents(window_committed)  # cents per FORECAST_WINDOW_DAYS days
    days_left = max((period_end - as_of).days, 0)
    spent_c = -(-pace_c * days_left // FORECAST_WINDOW_DAYS)  # ceiling: never more left
    left = Decimal(remaining_c - spent_c).scaleb(-2).quantize(CENT)
    cap_reached: dt.date | None = None
    if remaining_c <= 0:
        cap_reached = None
    elif pace_c > 0:
        days = -(-remaining_c * FORECAST_WINDOW_DAYS // pace_c)  # ceiling
        if days <= (dt.date.max - as_of).days:
            cap_reached = as_of + dt.timedelta(days=days)
    within = cap_reached is not None and cap_reached <= period_end
    days_ = [day for day, _ in steps]
    span = (max(days_) - min(days_)).days if days_ else 0
    largest = max((amount for _, amount in steps), default=ZERO)
    return Forecast(window_start, window_committed, cap_reached, left, within, len(steps),
                    span, largest)


def _window_start(as_of: dt.date) -> dt.date:
    """First day of the pace window; never before the calendar's first day (an --as-of
    in the year 1 has a shorter window, not an overflow)."""
    days = min(FORECAST_WINDOW_DAYS - 1, (as_of - dt.date.min).days)
    return as_of - dt.timedelta(days=days)


def _envelopes(plan: Plan, state: PlanState, entries: Sequence[JournalEntry], as_of: dt.date,
               call: Call | None) -> Iterable[EnvelopeRow]:
    """The envelope rows; ``entries``: the journal in force as of ``as_of``."""
    window_start = _window_start(as_of)
    # The pace is how much "committed" grew over the window: commitments and the expert
    # days they do not cover, exactly as the envelope counts them (the day before the
    # window from a replay of only what changes them: ``ledger.replay.committed``).
    if plan.journal and any(e.date < window_start for e in plan.journal):
        before = committed(plan, call, window_start - dt.timedelta(days=1))
    else:
        before = {}
    window = [e for e in entries if e.date >= window_start]
    for env in state.envelopes.values():
        steps = _raises(window, env.id, env.expert_days, state)
        gated = env.gated or env.envelope.gate is not None
        gate_state: GateState = (
            "none" if not gated else "open" if env.gate_open(as_of) else "closed")
        grown = env.committed - before.get(env.id, ZERO)
        award_state: AwardState = (
            "none" if not env.awarded_by else "awarded" if env.awards else "awaited")
        yield EnvelopeRow(
            id=env.id, title=env.title, cap=env.cap, committed=env.committed, paid=env.paid,
            remaining=env.remaining, gate=env.envelope.gate, gate_state=gate_state,
            forecast=forecast(env.committed, env.available, max(grown, ZERO), as_of,
                              plan.period.end, steps),
            managed_by=env.managed_by, awarded_by=env.awarded_by, award_state=award_state,
            awards=tuple(env.awards), available=env.available,
        )


def _money(entries: Iterable[JournalEntry], names: dict[str, str]) -> Iterator[MoneyRow]:
    """The budget entries among ``entries``, with the names of the experts they pay for."""
    for e in entries:
        values = e.values  # read once: a large journal has thousands of these
        amount = values.get("amount")
        if e.kind.startswith("budget.") and isinstance(amount, Decimal):
            expert = str(values.get("expert") or "")
            ref = str(values.get("ref") or values.get("decision") or "")
            yield MoneyRow(e.index + 1, e.date, e.kind, str(values.get("envelope") or ""),
                           ref, amount, names.get(expert, expert), e.note)


def _raises(window: Iterable[JournalEntry], envelope: str, expert_days: bool,
            state: PlanState) -> list[tuple[dt.date, Decimal]]:
    """(day, amount) of each entry in the window that raised the envelope: a commitment on
    it, expert days at their rate on the envelope that pays them."""
    out = []
    for e in window:
        if e.kind == "budget.commit" and e.envelope == envelope and e.amount:
            out.append((e.date, e.amount))
        elif e.kind == "expert.log" and expert_days and e.days and e.expert in state.experts:
            out.append((e.date, cost(e.days, state.experts[e.expert].expert.day_rate)))
    return out


def reports(paths: Sequence[Path], catalogue: Catalogue, as_of: dt.date,
            progress: Progress | None = None) -> tuple[StatusReport, ...]:
    """The status of each plan among ``paths`` (files, folders), in the order found; calls
    files passed over, a plan too broken to judge refused (as ``status_of`` does).
    ``progress`` hears of each file checked and each plan judged."""
    if len(paths) == 1 and not paths[0].is_dir():
        return (status_of(paths[0], catalogue, as_of),)
    found = []
    documents = load(paths, catalogue, as_of, progress).documents
    for done, doc in enumerate(documents, start=1):
        if progress is not None:
            progress(PLANS, done, len(documents))
        if doc.kind == "calls":
            continue
        try:
            found.append(status(doc, catalogue, as_of))
        except NotAPlan:
            raise RefusedError(_("{file}: not usable").format(file=doc.file),
                               hint=_("run `transition check {file}` and fix the errors "
                                      "first").format(file=doc.file)) from None
    if not found:
        raise UsageError(_("{paths}: no strategy or partnership file").format(
                             paths=", ".join(str(p) for p in paths)),
                         hint=_("name strategy or partnership files, or a folder of them"))
    return tuple(found)


# ---------------------------------------------------------------------------------------
# Journals: the entries of one plan or many, with the state they lead to (the CSV export).


@record
class Journal:
    """A plan's journal with its file, its region (a partnership: its id) and the state
    its entries in force lead to (replayed with its call, for expert days' envelope)."""

    file: str
    region: str
    plan: Plan
    state: PlanState


def journals(paths: Sequence[Path], catalogue: Catalogue, as_of: dt.date,
             progress: Progress | None = None, *, up_to: dt.date | None = None
             ) -> tuple[Journal, ...]:
    """The journals of the plans among ``paths`` (files, folders), in the order found;
    calls files are passed over, a plan too broken to read is refused with what to do.
    ``up_to``: each journal as it stood that day (its entries dated up to it)."""
    out: list[Journal] = []
    broken: list[str] = []
    calls: list[str] = []
    for doc in load(paths, catalogue, as_of, progress).documents:
        plan = doc.plan
        if isinstance(plan, Strategy | Partnership):
            region = plan.region.name if isinstance(plan, Strategy) else plan.id
            if up_to is not None:
                plan = replace(plan, journal=tuple(e for e in plan.journal
                                                   if e.date <= up_to))
            out.append(Journal(doc.file, region, plan, derive(plan, catalogue.get(plan.call))))
        elif doc.kind == "calls":
            calls.append(doc.file)
        else:
            broken.append(doc.file)
    if broken:
        raise RefusedError(_("{files}: cannot be read as a plan; nothing exported").format(
            files=", ".join(broken)), hint=_("run `transition check {file}` and fix the errors "
                                             "first").format(file=broken[0]))
    if not out:
        raise UsageError((_("{file} is a calls file; this command takes a strategy or "
                            "partnership file") if calls else
                          _("no plan found; this command takes a strategy or partnership "
                            "file")).format(file=calls[0] if calls else ""),
                         hint=_("name a strategy or partnership file"))
    return tuple(out)


# ---------------------------------------------------------------------------------------
# Portfolio: many plans, one row each, totals per call.


@record
class PortfolioRow:
    file: str
    name: str
    title: str
    call: str
    overall: Rag
    reason: str
    done: int
    total: int  # milestones not cancelled
    late: int
    envelopes: tuple[tuple[str, Decimal, Decimal], ...]  # (id, committed, cap)
    committed: Decimal
    cap: Decimal
    paid: Decimal
    # For a strategy: ids of the partnerships in the portfolio its region belongs to (by
    # NUTS code); for a partnership: its own members' count is in the status view.
    partnerships: tuple[str, ...] = ()
    # Each envelope in full (committed, paid, cap, remaining), for the EUR per plan.
    envelope_rows: tuple[EnvelopeRow, ...] = ()
    funding: Amounts = ()  # a strategy's funding mix: its actions' sources, totalled


@record
class CallTotal:
    call: str
    title: str
    plans: int
    selects: int | None
    budget: Decimal | None  # the call's own total budget (selects x cap per plan if unset)
    cap: Decimal  # sum of the plans' envelope caps
    committed: Decimal
    paid: Decimal
    budget_derived: bool = False  # the budget is a product (selects x caps), not stated
    funding: Amounts = ()  # the funding mix of its strategies' actions, per source

    @property
    def funding_total(self) -> Decimal:
        return sum((amount for _, amount in self.funding), ZERO)

    @property
    def share(self) -> Decimal | None:
        """Committed share of the call's budget; None when the call has no budget."""
        return self.committed / self.budget if self.budget else None


@record
class Unreadable:
    file: str
    message: str


@record
class Portfolio:
    as_of: dt.date
    rows: tuple[PortfolioRow, ...]
    calls: tuple[CallTotal, ...]
    unreadable: tuple[Unreadable, ...] = field(default=())
    reports: tuple[StatusReport, ...] = field(default=(), repr=False)





def portfolio(
    documents: Iterable[Document], catalogue: Catalogue, as_of: dt.date, sort: str = "status",
    progress: Progress | None = None,
) -> Portfolio:
    """One row per strategy or partnership; calls files are left out, unusable files listed.
    ``progress`` hears of each plan judged."""
    if sort not in SORT_KEYS:
        raise ValueError(_("unknown sort key {sort!r}").format(sort=sort))
    from transition_cli.rules.crossfile import partnerships_of

    documents = list(documents)
    partnerships = [d.plan for d in documents if isinstance(d.plan, Partnership)]
    reports: list[StatusReport] = []
    member_of: dict[str, tuple[str, ...]] = {}
    unreadable: list[Unreadable] = []
    for done, doc in enumerate(documents, start=1):
        if progress is not None:
            progress(PLANS, done, len(documents))
        if doc.kind == "calls":
            continue
        if isinstance(doc.plan, Strategy):
            member_of[doc.file] = tuple(p.id for p in partnerships_of(doc.plan, partnerships))
        try:
            reports.append(status(doc, catalogue, as_of))
        except NotAPlan:
            first = next((f for f in doc.findings if f.severity is Severity.ERROR), None)
            unreadable.append(Unreadable(doc.file, first.message if first else _("not usable")))
    rows = [_row(r, member_of.get(r.file, ())) for r in reports]
    rows.sort(key=_SORTS[sort])
    return Portfolio(as_of, tuple(rows), _call_totals(rows, catalogue), tuple(unreadable),
                     tuple(reports))


def _row(r: StatusReport, partnerships: tuple[str, ...] = ()) -> PortfolioRow:
    return PortfolioRow(
        file=r.file, name=r.name, title=r.title, call=r.call, overall=r.overall,
        reason=r.reasons[0], done=r.done, total=r.counted_milestones, late=len(r.late),
        envelopes=tuple((e.id, e.committed, e.cap) for e in r.envelopes),
        committed=sum((e.committed for e in r.envelopes), ZERO),
        cap=sum((e.cap for e in r.envelopes), ZERO),
        paid=sum((e.paid for e in r.envelopes), ZERO),
        partnerships=partnerships, envelope_rows=r.envelopes,
        funding=r.strategy.funding if r.strategy is not None else (),
    )


_SORTS = {
    "status": lambda r: (RAG_ORDER[r.overall], -r.late, r.name.casefold(), r.file),
    "name": lambda r: (r.name.casefold(), r.file),
    "file": lambda r: (r.file,),
    "late": lambda r: (-r.late, r.name.casefold(), r.file),
    "committed": lambda r: (-r.committed, r.name.casefold(), r.file),
    "call": lambda r: (r.call, r.name.casefold(), r.file),
}


def call_budget(call: Call) -> tuple[Decimal | None, bool]:
    """The call's budget and whether it is derived: as the call states it (marked derived
    where the call says so), else selects x the caps per plan (derived), else None."""
    if call.budget is not None:
        return call.budget, call.budget_derived
    if call.selects:
        return call.selects * call.cap_per_plan, True
    return None, False


def _call_totals(rows: Sequence[PortfolioRow], catalogue: Catalogue) -> tuple[CallTotal, ...]:
    totals = []
    for call_id in sorted({r.call for r in rows}):
        mine = [r for r in rows if r.call == call_id]
        call = catalogue.get(call_id)
        budget, derived = call_budget(call) if call else (None, False)
        totals.append(CallTotal(
            call=call_id, title=call.title if call else "", plans=len(mine),
            selects=call.selects if call else None, budget=budget,
            cap=sum((r.cap for r in mine), ZERO),
            committed=sum((r.committed for r in mine), ZERO),
            paid=sum((r.paid for r in mine), ZERO), budget_derived=derived,
            funding=by_source(pair for r in mine for pair in r.funding),
        ))
    return tuple(totals)


# ---------------------------------------------------------------------------------------
# The strategy itself: priorities -> actions -> funding; indicators; what is due.

Amounts = tuple[tuple[str, Decimal], ...]
"""(funding source, EUR), in the order of ``FUNDING_SOURCES``, sources with a line only."""
DeliverableState = Literal["submitted", "overdue", "due"]


def by_source(pairs: Iterable[tuple[str, Decimal]]) -> Amounts:
    """Amounts per funding source, exact, in the order sources are listed."""
    out: dict[str, Decimal] = {}
    for source, amount in pairs:
        out[source] = out.get(source, ZERO) + amount
    order = {s: n for n, s in enumerate(FUNDING_SOURCES)}
    return tuple(sorted(out.items(), key=lambda item: order.get(item[0], len(order))))


@record
class FundingRow:
    source: str
    amount: Decimal
    rate: Decimal | None  # co-financing rate of an EU grant, % of the eligible cost
    name: str


@record
class ActionRow:
    id: str
    title: str
    priority: str
    lead: str
    cluster: str | None
    start: dt.date
    end: dt.date
    total_cost: Decimal
    eligible_cost: Decimal
    funding: tuple[FundingRow, ...]

    @property
    def funded(self) -> Decimal:
        return sum((f.amount for f in self.funding), ZERO)


class Totals:
    """What a group of actions adds up to (a priority, the whole strategy)."""

    @property
    def actions(self) -> tuple[ActionRow, ...]:
        raise NotImplementedError

    @property
    def total_cost(self) -> Decimal:
        return sum((a.total_cost for a in self.actions), ZERO)

    @property
    def eligible_cost(self) -> Decimal:
        return sum((a.eligible_cost for a in self.actions), ZERO)

    @property
    def funding(self) -> Amounts:
        return by_source((f.source, f.amount) for a in self.actions for f in a.funding)


@record
class PriorityRow(Totals):
    """A priority with its actions; ``known`` is False for the actions that name a priority
    the strategy lacks (check reports them; the view still shows their money)."""

    id: str
    title: str
    s3_domain: str
    s3_reference: str
    themes: tuple[str, ...]
    rationale: str
    actions: tuple[ActionRow, ...]
    known: bool = True


    @property
    def rows(self) -> tuple[PriorityRow | ActionRow, ...]:
        """The priority, then its actions: the rows of a table."""
        return (self, *self.actions)


@record
class IndicatorRow:
    id: str
    title: str
    unit: str
    kind: str  # output or result
    measures: str  # "action A1", "priority P2" (empty when it names neither)
    baseline: Decimal
    baseline_date: dt.date
    target: Decimal
    target_date: dt.date
    readings: tuple[tuple[dt.date, Decimal], ...]  # by date; a date recorded again, once
    progress: Decimal | None  # 0 at the baseline, 1 at the target (see IndicatorState)

    @property
    def latest(self) -> tuple[dt.date, Decimal] | None:
        return self.readings[-1] if self.readings else None


@record
class DeliverableRow:
    id: str
    title: str
    due: dt.date
    milestone: str | None
    submitted: dt.date | None
    late_days: int  # submitted after the due date by, or overdue as of the report by

    @property
    def state(self) -> DeliverableState:
        if self.submitted is not None:
            return "submitted"
        return "overdue" if self.late_days > 0 else "due"


@record
class StrategySection(Totals):
    priorities: tuple[PriorityRow, ...]
    indicators: tuple[IndicatorRow, ...]
    deliverables: tuple[DeliverableRow, ...]

    @property
    def actions(self) -> tuple[ActionRow, ...]:
        return tuple(a for p in self.priorities for a in p.actions)


    @property
    def eu_total(self) -> Decimal:
        return sum((amount for source, amount in self.funding if source in EU_GRANTS), ZERO)

    @property
    def empty(self) -> bool:
        return not (self.priorities or self.indicators or self.deliverables)


def strategy_section(plan: Strategy, state: PlanState, as_of: dt.date) -> StrategySection:
    """The strategy as of ``as_of`` (``state`` replayed up to that day)."""
    actions: dict[str, list[ActionRow]] = {}
    for a in plan.actions:
        actions.setdefault(a.priority, []).append(ActionRow(
            a.id, a.title, a.priority, a.lead, a.cluster, a.start, a.end, a.total_cost,
            a.eligible_cost, tuple(FundingRow(f.source, f.amount, f.rate, f.name)
                                   for f in a.funding)))
    priorities: list[PriorityRow] = []
    for p in plan.priorities:  # a repeated id (rule T001) is shown once, as first written
        if not any(row.id == p.id for row in priorities):
            priorities.append(PriorityRow(p.id, p.title, p.s3_domain, p.s3_reference,
                                          p.themes, p.rationale, tuple(actions.pop(p.id, ()))))
    priorities += [PriorityRow(pid, "", "", "", (), "", tuple(rows), known=False)
                   for pid, rows in actions.items()]
    indicators = []
    for ind in state.indicators.values():
        i = ind.indicator
        by_date = {r.date: r.value for r in sorted(ind.readings, key=lambda r: (r.date, r.entry))}
        measures = (_("action {id}").format(id=i.action) if i.action else
                    _("priority {id}").format(id=i.priority) if i.priority else "")
        indicators.append(IndicatorRow(
            i.id, i.title, i.unit, i.kind, measures, i.baseline.value, i.baseline.date,
            i.target.value, i.target.date, tuple(by_date.items()), ind.progress))
    deliverables = tuple(
        DeliverableRow(d.id, d.deliverable.title, d.deliverable.due, d.deliverable.milestone,
                       d.submitted, d.late_days(as_of))
        for d in state.deliverables.values())
    return StrategySection(tuple(priorities), tuple(indicators), deliverables)


def judge_deliverables(overall: Rag, reasons: tuple[str, ...],
                       deliverables: Sequence[DeliverableRow]) -> tuple[Rag, tuple[str, ...]]:
    """Overdue deliverables are late like milestones: red more than ``RED_LATE_DAYS`` days
    overdue, else amber."""
    overdue = [d for d in deliverables if d.state == "overdue"]
    if not overdue:
        return overall, reasons
    very = [d for d in overdue if d.late_days > RED_LATE_DAYS]
    kept = reasons if overall != "green" else ()
    if very:
        worst = max(very, key=lambda d: d.late_days)
        reason = _("{deliverables} more than {days} days overdue ({id} by {late})").format(
            deliverables=plural(len(very), "deliverable"), days=RED_LATE_DAYS, id=worst.id,
            late=plural(worst.late_days, "day"))
        return "red", (reason, *kept)
    reason = _("{deliverables} overdue").format(deliverables=plural(len(overdue), "deliverable"))
    return ("amber" if overall == "green" else overall), (*kept, reason)
