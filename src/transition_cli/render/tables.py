"""Rich tables. Every string from a file goes through ``Text`` (no markup) and ``inert``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from rich import box
from rich.table import Table
from rich.text import Text

from transition_cli.model import Call
from transition_cli.text import inert


def safe(value: object) -> Text:
    return Text(inert(str(value)))


def money(amount: Decimal | None) -> Text:
    return Text("—" if amount is None else f"{amount:,.2f}", justify="right")


STATE_STYLE = {"open": "bold green", "closed": "dim", "upcoming": "yellow"}


def calls_table(calls: Iterable[Call], as_of: dt.date) -> Table:
    table = Table(title=f"Calls as of {as_of.isoformat()}", box=box.SIMPLE_HEAD,
                  title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=3)
    table.add_column("fund")
    table.add_column("for")
    table.add_column("envelopes (cap per plan, EUR)", ratio=2)
    table.add_column("budget (EUR)", justify="right")
    table.add_column("deadline", no_wrap=True)
    table.add_column("state", no_wrap=True)
    for call in calls:
        envelopes = Text()
        for i, env in enumerate(call.envelopes):
            if i:
                envelopes.append("\n")
            envelopes.append(inert(env.id) + f" {env.cap:,.2f}")
            if env.gated:
                envelopes.append(" (gated)", style="italic")
        budget = money(call.budget)
        if call.selects:
            budget.append(f"\n{call.selects} selected", style="dim")
        state = call.state(as_of)
        table.add_row(
            safe(call.id), safe(call.title), safe(call.fund), safe(call.answered_by), envelopes,
            budget, call.deadline.isoformat() if call.deadline else "—",
            Text(state, style=STATE_STYLE[state]),
        )
    return table
