"""The journal as a table, and the one-line confirmations of recording commands."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from transition_cli.core.i18n import _
from transition_cli.core.model import JournalEntry
from transition_cli.core.text import inert, plural, said_date
from transition_cli.ledger.kinds import JOURNAL_KINDS

if TYPE_CHECKING:
    from rich.console import Console

    from transition_cli.record import Recorded


def subject(e: JournalEntry) -> str:
    """What an entry is about (its kind's ``about``): ``M3``, ``lead on M2``, ``expertise``."""
    kind = JOURNAL_KINDS.get(e.kind)
    return kind.about(e) if kind else ""


def log_lines(entries: Sequence[JournalEntry], title: str, console: Console,
              voided: Mapping[int, JournalEntry] | None = None) -> Iterator[str]:
    """The journal as a table laid out for the console's width, as lines made one row at
    a time (``journal_table``): styled on a terminal, plain elsewhere; ``voided``
    (``ledger.replay.voided``) marks the entries a void cancels."""
    from transition_cli.render.journal_table import Styles, journal_lines

    rule = "─" if console.encoding.lower().startswith("utf") else "-"
    styles = (Styles(rule=rule) if console.color_system is None
              else Styles("\x1b[1m", "\x1b[2m", "\x1b[0m", rule))
    return journal_lines(entries, title, subject, console.width, styles, voided)


def confirmation(done: Recorded) -> str:
    """``Recorded budget.commit C-12 ...; expertise: EUR 176,000.00 of EUR 200,000.00 left.``

    The kind's ``outcome`` says what the entry changed (a milestone's status and slip, an
    expert's days, a commitment's payments, the envelope left)."""
    from transition_cli.record import describe

    e = done.entry
    line = (_("Recorded {entry} dated {date} by {by} in {path}") if e.by else
            _("Recorded {entry} dated {date} in {path}")).format(
        entry=describe(done.table), date=said_date(e.date), by=e.by, path=done.path)
    extra = JOURNAL_KINDS[e.kind].outcome(e, done.state)
    text = line + (_("; ") + _("; ").join(extra) if extra else "") + "."
    if done.existing_errors:
        text += "\n" + _("note: {path} already had {errors} before this entry; see "
                         "`transition check {path}`").format(
            path=done.path, errors=plural(done.existing_errors, "error"))
    return inert(text, keep_newlines=True)
