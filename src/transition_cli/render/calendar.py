"""Milestones and deliverables as an iCalendar file (RFC 5545) that Outlook, Thunderbird and
Google Calendar import: one all-day event on each due date.

Each event's UID is built from what the item is, not from when the file was written:
``milestone-M3.FRE1-FRE2.itr-2017@transition-cli`` (the item, the region's NUTS codes or the
partnership's id, the call), so importing the file again updates the events instead of
adding copies. ``SEQUENCE`` is the number of journal entries in the plan, which only grows
(the journal is append-only), so a calendar that compares it takes the newer file.
``DTSTAMP`` is the as-of date, so the same file and date give the same bytes.

The summary starts with ``Done:`` or ``Cancelled:`` for a milestone that is; a cancelled
one is ``STATUS:CANCELLED`` (calendars strike it through). The description says the status,
the dates and the command that records it. Text from files is made inert first.

``icalendar`` is imported here only, and this module only by the ``calendar`` command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from transition_cli import __version__
from transition_cli.core.i18n import _
from transition_cli.core.text import inert, plural, shell_command
from transition_cli.views import DeliverableRow, MilestoneRow, StatusReport

DOMAIN = "transition-cli"


@dataclass(frozen=True, slots=True)
class Event:
    uid: str
    day: dt.date
    summary: str
    description: str
    category: str  # milestone, deliverable
    cancelled: bool


def _scope(r: StatusReport) -> str:
    """What makes an item's id unique across plans: the region (or partnership), the call."""
    where = "-".join(r.nuts) if r.kind == "strategy" and r.nuts else r.name
    return f"{where}.{r.call}".replace(" ", "-")


def uid(r: StatusReport, category: str, item_id: str) -> str:
    return inert(f"{category}-{item_id}.{_scope(r)}@{DOMAIN}")


def _milestone(r: StatusReport, m: MilestoneRow, name: str) -> Event:
    prefix = {"done": _("Done: "), "cancelled": _("Cancelled: ")}.get(m.status, "")
    state = (_("done on {day}").format(day=m.finished)
             if m.status == "done" and m.finished else
             _("cancelled on {day}").format(day=m.finished)
             if m.status == "cancelled" and m.finished else
             _("late by {days}").format(days=plural(m.late_days, "day")) if m.late
             else _(m.status))
    due = (_("Due {due} (baseline {baseline})").format(due=m.due, baseline=m.baseline_due)
           if m.baseline_due != m.due else _("Due {due}").format(due=m.due))
    if m.owner:
        due = _("{due}; owner {owner}").format(due=due, owner=m.owner)
    lines = [_("Milestone {id} of {name} ({file}): {state}.").format(
                 id=m.id, name=name, file=r.file, state=state), due + "."]
    if m.status in ("planned", "started"):
        lines.append(_("Record it: {command}").format(command=shell_command(
            "transition", "milestone", "done", r.file, m.id)))
    return Event(uid(r, "milestone", m.id), m.due, f"{prefix}{m.id} {m.title} ({name})",
                 "\n".join(lines), "milestone", m.status == "cancelled")


def _deliverable(r: StatusReport, d: DeliverableRow, name: str) -> Event:
    prefix = _("Sent: ") if d.submitted is not None else ""
    if d.submitted is not None:
        state = (_("sent on {day}, {days} late").format(
                     day=d.submitted, days=plural(d.late_days, "day")) if d.late_days
                 else _("sent on {day}").format(day=d.submitted))
    else:
        state = (_("overdue by {days}").format(days=plural(d.late_days, "day"))
                 if d.state == "overdue" else _("due"))
    due = (_("Due {due}; closes {milestone}").format(due=d.due, milestone=d.milestone)
           if d.milestone else _("Due {due}").format(due=d.due))
    lines = [_("Deliverable {id} of {name} to the Commission ({file}): {state}.").format(
                 id=d.id, name=name, file=r.file, state=state), due + "."]
    if d.submitted is None:
        lines.append(_("Record it: {command}").format(command=shell_command(
            "transition", "deliverable", "submit", r.file, d.id)))
    return Event(uid(r, "deliverable", d.id), d.due, f"{prefix}{d.id} {d.title} ({name})",
                 "\n".join(lines), "deliverable", False)


def events(reports: Sequence[StatusReport]) -> Iterator[tuple[StatusReport, Event]]:
    for r in reports:
        name = r.name or r.title
        for m in r.milestones:
            yield r, _milestone(r, m, name)
        for d in r.strategy.deliverables if r.strategy is not None else ():
            yield r, _deliverable(r, d, name)


def ics(reports: Sequence[StatusReport], as_of: dt.date) -> bytes:
    """The calendar of the plans' milestones and deliverables, as of ``as_of``."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//transition//{DOMAIN} {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    names = [r.name or r.title for r in reports]
    cal.add("x-wr-calname", inert("transition: " + (names[0] if len(names) == 1
                                                     else plural(len(names), "plan"))))
    stamp = dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
    for r, e in events(reports):
        event = icalendar.Event()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", e.day)
        event.add("dtend", e.day + dt.timedelta(days=1))
        event.add("summary", inert(e.summary))
        event.add("description", inert(e.description, keep_newlines=True))
        event.add("categories", [e.category])
        event.add("status", "CANCELLED" if e.cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        event.add("sequence", r.entries)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
