"""Rich tables. Every string from a file goes through ``Text`` (no markup) and ``inert``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from transition_cli.core.model import Call, CallEnvelope
from transition_cli.core.money import grouped
from transition_cli.core.text import inert


def safe(value: object) -> Text:
    return Text(inert(str(value)))


def money(amount: Decimal | None) -> Text:
    return Text("—" if amount is None else grouped(amount), justify="right")


STATE_STYLE = {"open": "bold green", "closed": "dim", "upcoming": "yellow"}


def calls_table(calls: Iterable[Call], as_of: dt.date) -> RenderableType:
    """The catalogue: each call's state, title, fund, budget, dates, envelopes and caps.

    Wide: envelopes, caps and dates in columns. Narrower: the state under the id and the
    dates under the title. Narrowest: the envelopes and caps under the title too. Caps,
    dates and ids never wrap."""
    from transition_cli.render.layout import Responsive

    calls = tuple(calls)
    title = f"Calls as of {as_of.isoformat()}"
    return Responsive([lambda: _calls(calls, as_of, title, "wide"),
                       lambda: _calls(calls, as_of, title, "stacked"),
                       lambda: _calls(calls, as_of, title, "narrow")])


def _calls(calls: Sequence[Call], as_of: dt.date, title: str, layout: str) -> Table:
    from transition_cli.render.layout import Balanced

    wide, narrow = layout == "wide", layout == "narrow"
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left",
                  pad_edge=False, collapse_padding=True, leading=1)
    table.add_column("id" if wide else "id\nstate", no_wrap=True)
    if wide:
        table.add_column("state", no_wrap=True)
    table.add_column("call", ratio=1, min_width=24, overflow="fold")
    if not narrow:
        table.add_column("envelope", no_wrap=True)
        table.add_column("cap (EUR)", justify="right", no_wrap=True)
    if wide:
        table.add_column("dates", no_wrap=True)
    name_width = max((len(_envelope_name(e)) for c in calls for e in c.envelopes), default=0)
    for call in calls:
        state = call.state(as_of)
        ident = safe(call.id)
        if not wide:
            ident.append("\n" + state, style=STATE_STYLE[state])
        facts = [f"{inert(call.fund)}, for {call.answered_by} files"]
        if call.budget is not None:
            facts.append(f"budget {call.budget:,.2f}"
                         + (f" for {call.selects}" if call.selects else ""))
        if call.min_member_states:
            facts.append(f"at least {call.min_member_states} Member States")
        about: list[RenderableType] = [Balanced(Text(inert(call.title))),
                                       Balanced(Text("; ".join(facts), style="dim"))]
        if not wide:
            about.append(_dates(call))
        if narrow:
            about.append(_envelopes(call, name_width))
        cells: list[RenderableType] = [ident]
        if wide:
            cells.append(Text(state, style=STATE_STYLE[state]))
        cells.append(Group(*about))
        if not narrow:
            cells += [Text("\n".join(_envelope_name(e) for e in call.envelopes)),
                      Text("\n".join(f"{e.cap:,.2f}" for e in call.envelopes))]
        if wide:
            cells.append(_dates(call))
        table.add_row(*cells)
    return table


def _envelope_name(e: CallEnvelope) -> str:
    return inert(e.id) + (" (gated)" if e.gated else "")


def _dates(call: Call) -> Table:
    """Opening, deadline and selection, labelled; a dash where the sources give none."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(no_wrap=True)
    for label, day in (("opens", call.opens), ("deadline", call.deadline),
                       ("selected", call.selected)):
        grid.add_row(label, day.isoformat() if day else "—")
    return grid


def _envelopes(call: Call, name_width: int) -> Table:
    """Each envelope beside its cap (caps aligned from one call to the next)."""
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True, min_width=name_width)
    grid.add_column(justify="right", no_wrap=True)
    for e in call.envelopes:
        grid.add_row(_envelope_name(e), f"{e.cap:,.2f}")
    return grid
