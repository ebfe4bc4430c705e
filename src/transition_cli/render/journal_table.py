"""The journal as a table (``transition log``), laid out for the width it is drawn at.

Dates, kinds, amounts, references and ids never wrap; notes wrap at spaces. Wide: a column
each. Narrower: the subject under the kind and the reference under the amount. Narrowest:
an entry's facts one under the other beside its number and date.

An entry a void cancels is still shown, dimmed and marked in words (``VOID``: by which
entry, when, by whom and why), so the mark does not rest on colour.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from transition_cli.core.model import JournalEntry
from transition_cli.core.money import days, grouped
from transition_cli.core.text import inert, plural
from transition_cli.render.layout import Balanced, Responsive

Subject = Callable[[JournalEntry], str]


Voided = Mapping[int, JournalEntry]
"""Entry index -> the void in force that cancels it."""


def journal_table(entries: Sequence[JournalEntry], title: str, subject: Subject,
                  voided: Voided | None = None) -> RenderableType:
    """``subject`` says what an entry is about (``M3``, ``lead on M2``, ``expertise``);
    ``voided`` marks the entries a void cancels."""
    gone: Voided = voided or {}
    return Group(Balanced(Text(inert(title), style="bold")), Responsive([
        lambda: _wide(entries, subject, gone), lambda: _stacked(entries, subject, gone),
        lambda: _narrow(entries, subject, gone)]))


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
        out.append(f"{plural(e.planned_days, 'day')} planned")
    return out


def void_mark(void: JournalEntry) -> str:
    """``VOID: entry 9, 2018-06-02, by Sophie Lefèvre: paid twice``"""
    by = f", by {void.by}" if void.by else ""
    return inert(f"VOID: entry {void.index + 1}, {void.date}{by}: {void.reason}")


def note(e: JournalEntry, void: JournalEntry | None = None) -> Balanced:
    """The void that cancels it, reason, note and facts, then who recorded it; wrapped at
    spaces."""
    text = Text()
    if void is not None:
        text.append(void_mark(void), style="bold")
    body = inert("; ".join(t for t in (e.reason, e.note, *facts(e)) if t))
    if body:
        text.append(("\n" if text else "") + body)
    if e.by:
        text.append(("\n" if text else "") + "by " + inert(e.by), style="dim")
    return Balanced(text)


def _style(e: JournalEntry, gone: Voided) -> str:
    return "dim" if e.index in gone else ""


def _frame(leading: int = 0) -> Table:
    """``leading``: a blank line between entries where each takes several lines."""
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True,
                 leading=leading)


def _wide(entries: Sequence[JournalEntry], subject: Subject, gone: Voided) -> Table:
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
                      Text(inert(subject(e))), quantity(e), Text(inert(e.ref or "")),
                      note(e, gone.get(e.index)), style=_style(e, gone))
    return table


def _stacked(entries: Sequence[JournalEntry], subject: Subject, gone: Voided) -> Table:
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
        table.add_row(str(e.index + 1), e.date.isoformat(), what, amount,
                      note(e, gone.get(e.index)), style=_style(e, gone))
    return table


def _narrow(entries: Sequence[JournalEntry], subject: Subject, gone: Voided) -> Table:
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
        details = note(e, gone.get(e.index))
        table.add_row(str(e.index + 1), e.date.isoformat(),
                      Group(what, details) if details.text else what, style=_style(e, gone))
    return table
