"""What is due, as data: across one plan or a portfolio, what is overdue and what falls due
within a number of days, soonest first, each with its file and the command that records it.

What counts, as of a date (the journal replayed up to that day):

* a **milestone** not done or cancelled, due by the horizon (its current due date);
* a **deliverable** not yet sent to the Commission, due by the horizon;
* a **commitment** with nothing paid ``UNPAID_DAYS`` (90) days after it was signed: it falls
  due on that day (a contract that pays nothing for a quarter wants a payment or, closed
  under budget, a release);
* the **call's deadline**, when the plan records no submission by it, until the call
  announces whom it selected (as rule C001 judges it).

Overdue items are listed however long ago they fell due. Renderers (``render.due``) and the
``status`` view (its "next 30 days" section) read these records; nothing here imports rich
or typer.
"""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from transition_cli.core.errors import UsageError
from transition_cli.core.i18n import _
from transition_cli.core.model import Call, Partnership, Plan, Strategy
from transition_cli.core.money import eur
from transition_cli.core.text import plural
from transition_cli.files.calls import Catalogue
from transition_cli.files.loader import Document
from transition_cli.ledger.replay import derive
from transition_cli.ledger.state import PlanState

DueKind = Literal["milestone", "deliverable", "payment", "deadline"]
DUE_KINDS: tuple[DueKind, ...] = ("milestone", "deliverable", "payment", "deadline")
DEFAULT_WITHIN = 30
STATUS_WITHIN = 30  # the status view's "next 30 days"
UNPAID_DAYS = 90
MAX_WITHIN = 3660  # ten years: beyond, a horizon is a typo


@dataclass(frozen=True, slots=True)
class DueItem:
    file: str
    name: str  # the region, or the partnership's id
    kind: DueKind
    id: str  # milestone or deliverable id, commitment reference, call id
    title: str
    date: dt.date  # when it falls (fell) due
    days: int  # date - as_of: negative when overdue, 0 today
    detail: str  # "started", "EUR 24,000.00 committed 2018-04-03, nothing paid"
    record: str  # the command that records it, or what to write

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def when(self) -> str:
        """``3 days overdue``, ``today``, ``in 12 days``."""
        span = plural(abs(self.days), "day")
        if self.days < 0:
            return _("{span} overdue").format(span=span)
        return _("today") if self.days == 0 else _("in {span}").format(span=span)


@dataclass(frozen=True, slots=True)
class DueList:
    as_of: dt.date
    within: int
    items: tuple[DueItem, ...]
    files: tuple[str, ...]  # the plans looked at

    @property
    def until(self) -> dt.date:
        return self.as_of + dt.timedelta(days=self.within)

    @property
    def overdue(self) -> tuple[DueItem, ...]:
        return tuple(i for i in self.items if i.overdue)


def _shell(word: str) -> str:
    return shlex.quote(word)


def items(plan: Plan, state: PlanState, call: Call | None, file: str, as_of: dt.date,
          within: int) -> list[DueItem]:
    """What one plan has overdue or due within ``within`` days of ``as_of`` (``state``:
    replayed up to ``as_of``), soonest first."""
    until = as_of + dt.timedelta(days=within)
    name = (plan.region.name if isinstance(plan, Strategy)
            else plan.id if isinstance(plan, Partnership) else "")
    f = _shell(file)
    out: list[DueItem] = []

    def add(kind: DueKind, id_: str, title: str, day: dt.date, detail: str,
            record: str) -> None:
        out.append(DueItem(file, name, kind, id_, title, day, (day - as_of).days, detail,
                           record))

    for ms in state.milestones.values():
        if ms.status in ("planned", "started") and ms.due <= until:
            detail = _(ms.status) + (_(", moved from {baseline}").format(
                baseline=ms.baseline_due) if ms.due != ms.baseline_due else "")
            add("milestone", ms.id, ms.milestone.title, ms.due, detail,
                f"transition milestone done {f} {_shell(ms.id)}")
    for d in state.deliverables.values():
        if d.submitted is None and d.deliverable.due <= until:
            closes = (_("closes {milestone}").format(milestone=d.deliverable.milestone)
                      if d.deliverable.milestone else "")
            add("deliverable", d.id, d.deliverable.title, d.deliverable.due, closes,
                f"transition deliverable submit {f} {_shell(d.id)}")
    for c in state.commitments.values():
        falls = c.date + dt.timedelta(days=UNPAID_DAYS)
        if c.paid == 0 and c.unpaid > 0 and falls <= until:
            add("payment", c.ref, _("unpaid, on {envelope}").format(envelope=c.envelope),
                falls,
                _("{amount} committed {date}, nothing paid").format(amount=eur(c.unpaid),
                                                                     date=c.date),
                f"transition budget pay {f} {_shell(c.envelope)} AMOUNT --ref {_shell(c.ref)}")
    if call is not None and call.deadline is not None and call.deadline <= until:
        sent = plan.submitted is not None and plan.submitted <= call.deadline
        announced = call.selected is not None and as_of >= call.selected
        if not sent and not announced:
            add("deadline", call.id, _("deadline of {call}").format(call=call.id),
                call.deadline, _("no submission recorded"),
                _("write submitted = DATE in {file} once it is sent").format(file=file))
    out.sort(key=_order)
    return out


def _order(item: DueItem) -> tuple[dt.date, str, int, str]:
    return (item.date, item.file, DUE_KINDS.index(item.kind), item.id)


def of_documents(documents: Iterable[Document], catalogue: Catalogue, as_of: dt.date,
                 within: int) -> DueList:
    """What is due across checked documents (calls files and unusable ones passed over)."""
    found: list[DueItem] = []
    files: list[str] = []
    for doc in documents:
        plan = doc.plan
        if not isinstance(plan, Strategy | Partnership):
            continue
        call = catalogue.get(plan.call)
        found += items(plan, derive(plan, call, as_of), call, doc.file, as_of, within)
        files.append(doc.file)
    found.sort(key=_order)
    return DueList(as_of, within, tuple(found), tuple(files))


def due(paths: Sequence[Path], catalogue: Catalogue, as_of: dt.date,
        within: int = DEFAULT_WITHIN) -> DueList:
    """What is due across files and folders (``transition due``)."""
    if not 0 <= within <= MAX_WITHIN:
        raise UsageError(_("--within {within}: not a number of days from 0 to {most}").format(
            within=within, most=MAX_WITHIN), hint=_("e.g. --within 14 for the next two weeks"))
    from transition_cli.views import load

    result = load(paths, catalogue, as_of)
    listed = of_documents(result.documents, catalogue, as_of, within)
    if not listed.files:
        raise UsageError(", ".join(str(p) for p in paths) + ": no strategy or partnership "
                         "file", hint="name strategy or partnership files, or a folder of them")
    return listed
