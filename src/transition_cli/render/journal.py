"""The journal as a table, and the one-line confirmations of recording commands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from transition_cli.core.model import JournalEntry
from transition_cli.core.money import days
from transition_cli.core.text import inert, plural
from transition_cli.ledger.kinds import JOURNAL_KINDS

if TYPE_CHECKING:
    from rich.table import Table

    from transition_cli.record import Recorded


def subject(e: JournalEntry) -> str:
    """What an entry is about (its kind's ``about``): ``M3``, ``lead on M2``, ``expertise``."""
    kind = JOURNAL_KINDS.get(e.kind)
    return kind.about(e) if kind else ""


def log_table(entries: Sequence[JournalEntry], title: str) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    shown = inert(title)
    table = Table(title=Text(shown), box=box.SIMPLE_HEAD, title_justify="left",
                  pad_edge=False, collapse_padding=True, min_width=len(shown))
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("about", max_width=24)
    table.add_column("EUR / days", justify="right", no_wrap=True)
    table.add_column("ref", overflow="fold")
    table.add_column("note, recorded by", ratio=1, min_width=12)
    for e in entries:
        if e.amount is not None:
            quantity = f"{e.amount:,.2f}"
        elif e.days is not None:
            quantity = f"{days(e.days)} d"
        else:
            quantity = ""
        note = Text(inert("; ".join(t for t in (e.reason, e.note) if t)))
        if e.by:
            note.append(("\n" if note else "") + "by " + inert(e.by), style="dim")
        table.add_row(
            str(e.index + 1), e.date.isoformat(), Text(inert(e.kind)), Text(inert(subject(e))),
            quantity, Text(inert(e.ref or "")), note,
        )
    return table


def confirmation(done: Recorded) -> str:
    """``Recorded budget.commit C-12 ...; expertise: EUR 176,000.00 of EUR 200,000.00 left.``

    The kind's ``outcome`` says what the entry changed (a milestone's status and slip, an
    expert's days, a commitment's payments, the envelope left)."""
    from transition_cli.record import describe

    e = done.entry
    line = (f"Recorded {describe(done.table)} dated {e.date}"
            + (f" by {e.by}" if e.by else "") + f" in {done.path}")
    extra = JOURNAL_KINDS[e.kind].outcome(e, done.state)
    text = line + ("; " + "; ".join(extra) if extra else "") + "."
    if done.existing_errors:
        text += (f"\nnote: {done.path} already had {plural(done.existing_errors, 'error')} "
                 f"before this entry; see `transition check {done.path}`")
    return inert(text, keep_newlines=True)
