"""Rich tables. Every string from a file goes through ``Text`` (no markup) and ``inert``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from transition_cli.core.model import HOLDER_NAMES, Call, CallEnvelope
from transition_cli.core.money import grouped
from transition_cli.core.text import inert


def safe(value: object) -> Text:
    return Text(inert(str(value)))


def money(amount: Decimal | None) -> Text:
    return Text("—" if amount is None else grouped(amount), justify="right")


STATE_STYLE = {"open": "bold green", "closed": "dim", "upcoming": "yellow"}


def budget_text(call: Call) -> str:
    """``selects 5; budget 2,500,000.00 (derived: 5 x 500,000.00)``: what the call selects
    and its budget, a derived one said to be derived."""
    parts = [f"selects {call.selects}"] if call.selects else []
    if call.budget is not None:
        text = f"budget {grouped(call.budget)}"
        if call.budget_derived:
            product = call.selects * call.cap_per_plan if call.selects else None
            text += (f" (derived: {call.selects} x {grouped(call.cap_per_plan)})"
                     if product == call.budget else " (derived)")
        parts.append(text)
    return "; ".join(parts)


def envelope_terms(env: CallEnvelope) -> str:
    """``Commission's; experts' days``: whose money it is and what opens it, in short."""
    parts = []
    if env.managed_by:
        parts.append(f"{HOLDER_NAMES[env.managed_by].removeprefix('the ')}'s")
    if env.awarded_by:
        parts.append(f"awarded by {HOLDER_NAMES[env.awarded_by]}")
    elif env.gated:
        parts.append("gated")
    if env.expert_days:
        parts.append("experts' days")
    return "; ".join(parts)


def call_dates(call: Call) -> list[str]:
    """The dates the call declares, in order: opens, deadline, selected, work, eligibility."""
    lines = [f"{what} {day.isoformat()}" for what, day in (
        ("opens", call.opens), ("deadline", call.deadline), ("selected", call.selected))
        if day is not None]
    periods = [("work", call.work)]
    if call.eligibility != call.work:
        periods.append(("eligible", call.eligibility))
    for what, period in periods:
        if period is not None:
            lines += [f"{what} {period.start.isoformat()}", f"  to {period.end.isoformat()}"]
    return lines


def _about(call: Call) -> Text:
    text = Text(inert(call.title))
    facts = [f"{inert(call.fund)}, for {call.answered_by} files", budget_text(call)]
    if call.min_member_states:
        facts.append(f"at least {call.min_member_states} Member States")
    text.append("\n" + "; ".join(f for f in facts if f), style="dim")
    return text


def calls_table_at(calls: Iterable[Call], as_of: dt.date, *, wide: bool) -> Table:
    """The calls as of a day: ``wide``, a column each for envelopes, caps and dates; else
    a call's dates under its id and its envelopes under its title."""
    table = Table(title=f"Calls as of {as_of.isoformat()}", box=box.SIMPLE_HEAD,
                  title_justify="left")
    if wide:
        table.add_column("id", no_wrap=True, min_width=8)
        table.add_column("state", no_wrap=True)
        table.add_column("call", ratio=1, min_width=20)
        table.add_column("envelope", no_wrap=True)
        table.add_column("cap (EUR)", justify="right", no_wrap=True)
        table.add_column("dates", no_wrap=True)
    else:
        table.add_column("call", no_wrap=True)
        table.add_column("what, envelopes (EUR)", ratio=1)
    for call in calls:
        state = call.state(as_of)
        dates = call_dates(call) or ["no dates"]
        if wide:
            names, caps = Text(), Text(justify="right")
            for i, env in enumerate(call.envelopes):
                terms = envelope_terms(env)
                names.append(("\n" if i else "") + inert(env.id))
                caps.append(("\n" if i else "") + grouped(env.cap))
                if terms:
                    names.append(f"\n  {terms}", style="dim")
                    caps.append("\n")
            table.add_row(safe(call.id), Text(state, style=STATE_STYLE[state]), _about(call),
                          names, caps, "\n".join(dates))
            continue
        first = safe(call.id)
        first.append(f"\n{state}", style=STATE_STYLE[state])
        first.append("\n" + "\n".join(dates))
        about = _about(call)
        for env in call.envelopes:
            terms = envelope_terms(env)
            about.append(f"\n{inert(env.id)} {grouped(env.cap)}")
            if terms:
                about.append(f" ({terms})", style="dim")
        table.add_row(first, about)
    return table


class CallsTable:
    """The calls table, laid out when printed for the width it is printed at: wide when
    every date, amount and envelope fits whole beside a readable title, else stacked, so
    nothing is ever cut."""

    def __init__(self, calls: Iterable[Call], as_of: dt.date) -> None:
        self.calls, self.as_of = tuple(calls), as_of

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wide = calls_table_at(self.calls, self.as_of, wide=True)
        if needed_width(wide) <= options.max_width:
            yield wide
        else:
            yield calls_table_at(self.calls, self.as_of, wide=False)


def needed_width(table: Table) -> int:
    """The width ``table`` needs to show every line of its unwrapped columns whole (the
    others at their minimum width), with its padding and edges."""
    widths = []
    for column in table.columns:
        if not column.no_wrap:
            widths.append(column.min_width or 1)
            continue
        texts = [str(column.header), *(c.plain if isinstance(c, Text) else str(c)
                                       for c in column.cells)]
        widths.append(max(cell_len(line) for text in texts for line in text.split("\n")))
    return sum(widths) + 3 * len(widths) + 1


def calls_table(calls: Iterable[Call], as_of: dt.date) -> CallsTable:
    """The calls as of a day (``transition calls``), fitting 120, 80 or 60 columns."""
    return CallsTable(calls, as_of)
