"""The journal as a table, and the one-line confirmations of recording commands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from transition_cli.core.model import JournalEntry
from transition_cli.core.money import days, eur
from transition_cli.core.text import inert

if TYPE_CHECKING:
    from rich.table import Table

    from transition_cli.record import Recorded


def subject(e: JournalEntry) -> str:
    """What an entry is about: ``M3``, ``lead on M2``, ``expertise``, ``materials``."""
    if e.kind.startswith("milestone."):
        text = e.milestone or ""
        if e.kind == "milestone.add":
            text += f" {e.title}" + (f" (due {e.due})" if e.due else "")
        elif e.kind == "milestone.reschedule" and e.due:
            text += f" to {e.due}"
        return text
    if e.kind.startswith("expert."):
        text = e.expert or ""
        if e.kind == "expert.add":
            text += f" {e.name}"
        return text + (f" on {e.milestone}" if e.milestone else "")
    if e.kind.startswith("budget."):
        return (e.envelope or "") + "".join(
            f" {k} {v}" for k, v in (("on", e.milestone), ("for", e.expert)) if v)
    if e.kind == "cluster.join":
        return f"{e.cluster} + {e.name} ({e.member_kind})"
    return f"{e.cluster or ''} {e.name}".strip()


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
    """``Recorded budget.commit C-12 ...; expertise: EUR 176,000.00 of EUR 200,000.00 left.``"""
    from transition_cli.record import describe

    e, state = done.entry, done.state
    line = (f"Recorded {describe(done.table)} dated {e.date}"
            + (f" by {e.by}" if e.by else "") + f" in {done.path}")
    extra = []
    ms = state.milestones.get(e.milestone or "")
    if e.kind.startswith("milestone.") and ms is not None:
        gap = abs(ms.slip_days)
        when = "late" if ms.slip_days > 0 else "early"
        slip = (f", {gap} day{'s' if gap != 1 else ''} {when} on the baseline "
                f"{ms.baseline_due}" if ms.slip_days else "")
        extra.append(f"{ms.id} is {ms.status}, due {ms.due}{slip}")
    if e.kind == "expert.log" and e.expert in state.experts:
        ex = state.experts[e.expert]
        extra.append(f"{ex.id} has {days(ex.logged_days)} of {days(ex.expert.planned_days)} "
                     f"planned days logged ({eur(ex.logged_cost)})")
    if e.kind == "budget.pay" and e.ref in state.commitments:
        c = state.commitments[e.ref]
        extra.append(f"{c.ref}: {eur(c.paid)} paid of {eur(c.amount)}, {eur(c.unpaid)} unpaid")
    envelope = state.envelopes.get(e.envelope or "")
    if envelope is None and e.kind == "expert.log":
        envelope = state.expert_envelope
    if envelope is not None:
        extra.append(f"{envelope.id} has {eur(envelope.remaining)} of {eur(envelope.cap)} left "
                     f"({eur(envelope.paid)} paid)")
    text = line + ("; " + "; ".join(extra) if extra else "") + "."
    if done.existing_errors:
        text += (f"\nnote: {done.path} already had {done.existing_errors} error"
                 f"{'s' if done.existing_errors != 1 else ''} before this entry; "
                 f"see `transition check {done.path}`")
    return inert(text, keep_newlines=True)
