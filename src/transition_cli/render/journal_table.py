"""The journal as a table (``transition log``), laid out for the width it is drawn at.

Dates, kinds, amounts, references and ids never wrap; notes wrap at spaces. Wide: a column
each. Narrower: the subject under the kind and the reference under the amount. Narrowest:
an entry's facts one under the other beside its number and date.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from transition_cli.core.model import JournalEntry
from transition_cli.core.money import days, grouped
from transition_cli.core.text import inert
from transition_cli.render.layout import Balanced, Responsive

Subject = Callable[[JournalEntry], str]


def journal_table(entries: Sequence[JournalEntry], title: str, subject: Subject
                  ) -> RenderableType:
    """``subject`` says what an entry is about (``M3``, ``lead on M2``, ``expertise``)."""
    return Group(Balanced(Text(inert(title), style="bold")), Responsive([
        lambda: _wide(entries, subject), lambda: _stacked(entries, subject),
        lambda: _narrow(entries, subject)]))


def quantity(e: JournalEntry) -> str:
    """``24,000.00`` (EUR) or ``12.5 d``."""
    if e.amount is not None:
        return grouped(e.amount)
    return f"{days(e.days)} d" if e.days is not None else ""


def facts(e: JournalEntry) -> list[str]:
    """What an addition says besides its subject: dates, owner, rate, planned days..."""
    out = [f"{label} {inert(str(value))}" for label, value in (
        ("starts", e.start), ("owner", e.owner), ("deliverable", e.deliverable),
        ("role", e.role), ("organisation", e.organisation), ("theme", e.theme)) if value]
    if e.depends_on:
        out.append("after " + ", ".join(inert(d) for d in e.depends_on))
    if e.day_rate is not None:
        out.append(f"day rate {grouped(e.day_rate)}")
    if e.planned_days is not None:
        out.append(f"{days(e.planned_days)} days planned")
    return out


def note(e: JournalEntry) -> Balanced:
    """Reason, note and facts, then who recorded it; wrapped at spaces."""
    text = Text(inert("; ".join(t for t in (e.reason, e.note, *facts(e)) if t)))
    if e.by:
        text.append(("\n" if text else "") + "by " + inert(e.by), style="dim")
    return Balanced(text)


def _frame(leading: int = 0) -> Table:
    """``leading``: a blank line between entries where each takes several lines."""
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True,
                 leading=leading)


def _wide(entries: Sequence[JournalEntry], subject: Subject) -> Table:
    table = _frame()
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("about", overflow="fold")
    table.add_column("EUR / days", justify="right", no_wrap=True)
    table.add_column("ref", no_wrap=True)
    table.add_column("note, recorded by", ratio=1, min_width=20, overflow="fold")
    for e in entries:
        table.add_row(str(e.index + 1), e.date.isoformat(), Text(inert(e.kind)),
                      Text(inert(subject(e))), quantity(e), Text(inert(e.ref or "")), note(e))
    return table


def _stacked(entries: Sequence[JournalEntry], subject: Subject) -> Table:
    table = _frame()
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("kind\nabout", overflow="fold")
    table.add_column("EUR / days\nref", justify="right", no_wrap=True)
    table.add_column("note, recorded by", ratio=1, min_width=20, overflow="fold")
    for e in entries:
        what = Text(inert(e.kind))
        what.append("\n" + inert(subject(e)))
        amount = Text("\n".join(x for x in (quantity(e), inert(e.ref or "")) if x))
        table.add_row(str(e.index + 1), e.date.isoformat(), what, amount, note(e))
    return table


def _narrow(entries: Sequence[JournalEntry], subject: Subject) -> Table:
    table = _frame(leading=1)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("entry", ratio=1, overflow="fold")
    for e in entries:
        what = Text()
        what.append(inert(e.kind), style="bold")
        what.append(" " + inert(subject(e)))
        figures = " · ".join(x for x in (quantity(e), inert(e.ref or "")) if x)
        if figures:
            what.append("\n" + figures)
        details = note(e)
        table.add_row(str(e.index + 1), e.date.isoformat(),
                      Group(what, details) if details.text else what)
    return table
