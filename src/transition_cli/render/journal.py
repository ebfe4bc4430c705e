"""The journal as a table, and the one-line confirmations of recording commands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from transition_cli.core.model import JournalEntry
from transition_cli.core.money import days, eur
from transition_cli.core.text import inert

if TYPE_CHECKING:
    from rich.console import RenderableType

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


def log_table(entries: Sequence[JournalEntry], title: str) -> RenderableType:
    """The journal as a table laid out for the width it is drawn at (``journal_table``)."""
    from transition_cli.render.journal_table import journal_table

    return journal_table(entries, title, subject)


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
