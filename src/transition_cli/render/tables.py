"""Rich tables. Every string from a file goes through ``Text`` (no markup) and ``inert``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from rich import box
from rich.table import Table
from rich.text import Text

from transition_cli.core.model import Call
from transition_cli.core.money import grouped
from transition_cli.core.text import inert


def safe(value: object) -> Text:
    return Text(inert(str(value)))


def money(amount: Decimal | None) -> Text:
    return Text("—" if amount is None else grouped(amount), justify="right")


STATE_STYLE = {"open": "bold green", "closed": "dim", "upcoming": "yellow"}


def calls_table(calls: Iterable[Call], as_of: dt.date) -> Table:
    table = Table(title=f"Calls as of {as_of.isoformat()}", box=box.SIMPLE_HEAD,
                  title_justify="left")
    table.add_column("id", no_wrap=True, min_width=8)
    table.add_column("state", no_wrap=True)
    table.add_column("call", ratio=1, min_width=20)
    table.add_column("envelope")
    table.add_column("cap (EUR)", justify="right", no_wrap=True)
    table.add_column("deadline", no_wrap=True)
    for call in calls:
        title = Text(inert(call.title))
        facts = [f"{inert(call.fund)}, for {call.answered_by} files"]
        if call.budget is not None:
            facts.append(f"budget {call.budget:,.2f}"
                         + (f" for {call.selects}" if call.selects else ""))
        if call.min_member_states:
            facts.append(f"at least {call.min_member_states} Member States")
        title.append("\n" + "; ".join(facts), style="dim")
        names = Text("\n".join(inert(e.id) + (" (gated)" if e.gated else "")
                                for e in call.envelopes))
        caps = Text("\n".join(f"{e.cap:,.2f}" for e in call.envelopes))
        state = call.state(as_of)
        table.add_row(
            safe(call.id), Text(state, style=STATE_STYLE[state]), title, names, caps,
            call.deadline.isoformat() if call.deadline else "—",
        )
    return table
