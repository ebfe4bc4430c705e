"""Rich tables. Every string from a file goes through ``Text`` (no markup) and ``inert``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from transition_cli.core.i18n import N_, _
from transition_cli.core.model import HOLDER_NAMES, Call, CallEnvelope
from transition_cli.core.money import grouped
from transition_cli.core.text import inert


def safe(value: object) -> Text:
    return Text(inert(str(value)))


def money(amount: Decimal | None) -> Text:
    return Text("—" if amount is None else grouped(amount), justify="right")


STATE_STYLE = {"open": "bold green", "closed": "dim", "upcoming": "yellow"}
STATE_WORDS = {"open": N_("open"), "closed": N_("closed"), "upcoming": N_("upcoming")}
"""A call's state as a person reads it (the key stays the JSON's)."""
HOLDINGS = {"commission": N_("Commission's"), "region": N_("region's")}
DATE_LABELS = {"opens": N_("opens"), "deadline": N_("deadline"), "selected": N_("selected"),
               "work": N_("work"), "eligible": N_("eligible")}


def budget_text(call: Call) -> str:
    """``selects 5; budget 2,500,000.00 (derived: 5 x 500,000.00)``: what the call selects
    and its budget, a derived one said to be derived."""
    parts = [_("selects {selects}").format(selects=call.selects)] if call.selects else []
    if call.budget is not None:
        text = _("budget {grouped}").format(grouped=grouped(call.budget))
        if call.budget_derived:
            product = call.selects * call.cap_per_plan if call.selects else None
            text += (_(" (derived: {selects} x {grouped})").format(
                       selects=call.selects, grouped=grouped(call.cap_per_plan))
                     if product == call.budget else _(" (derived)"))
        parts.append(text)
    return "; ".join(parts)


def envelope_terms(env: CallEnvelope) -> str:
    """``Commission's; experts' days``: whose money it is and what opens it, in short."""
    parts = []
    if env.managed_by:
        parts.append(_(HOLDINGS[env.managed_by]) if env.managed_by in HOLDINGS
                     else inert(env.managed_by))
    if env.awarded_by:
        holder = HOLDER_NAMES.get(env.awarded_by)
        parts.append(_("awarded by {awarded_by}").format(
            awarded_by=_(holder) if holder else inert(env.awarded_by)))
    elif env.gated:
        parts.append(_("gated"))
    if env.expert_days:
        parts.append(_("experts' days"))
    return "; ".join(parts)


def calls_table(calls: Iterable[Call], as_of: dt.date) -> RenderableType:
    """The catalogue: each call's state, title, fund, budget, dates, envelopes and caps.

    Wide: envelopes, caps and dates in columns. Narrower: the state under the id and the
    dates under the title. Narrowest: the envelopes and caps under the title too. Caps,
    dates and ids never wrap."""
    from transition_cli.render.layout import Responsive

    calls = tuple(calls)
    title = _("Calls as of {date}").format(date=as_of.isoformat())
    return Responsive([lambda: _calls(calls, as_of, title, "wide"),
                       lambda: _calls(calls, as_of, title, "stacked"),
                       lambda: _calls(calls, as_of, title, "narrow")])


def _calls(calls: Sequence[Call], as_of: dt.date, title: str, layout: str) -> Table:
    from transition_cli.render.layout import Balanced

    wide, narrow = layout == "wide", layout == "narrow"
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left",
                  pad_edge=False, collapse_padding=True, leading=1)
    table.add_column("id" if wide else "id\n" + _("state"), no_wrap=True)
    if wide:
        table.add_column(_("state"), no_wrap=True)
    table.add_column(_("call"), ratio=1, min_width=24, overflow="fold")
    if not narrow:
        table.add_column(_("envelope"), no_wrap=True)
        table.add_column(_("cap (EUR)"), justify="right", no_wrap=True)
    if wide:
        table.add_column(_("dates"), no_wrap=True)
    name_width = max((len(_envelope_name(e)) for c in calls for e in c.envelopes), default=0)
    for call in calls:
        state = call.state(as_of)
        ident = safe(call.id)
        if not wide:
            ident.append("\n" + _(STATE_WORDS[state]), style=STATE_STYLE[state])
        facts = [_("{call}, for {answered_by} files").format(
                   call=inert(call.fund), answered_by=call.answered_by), budget_text(call)]
        if call.min_member_states:
            facts.append(_("at least {min_member_states} Member States").format(
                           min_member_states=call.min_member_states))
        about: list[RenderableType] = [Balanced(Text(inert(call.title))),
                                       Balanced(Text("; ".join(f for f in facts if f),
                                                     style="dim"))]
        if not wide:
            about.append(_dates(call))
        if narrow:
            about.append(_envelopes(call, name_width))
        cells: list[RenderableType] = [ident]
        if wide:
            cells.append(Text(_(STATE_WORDS[state]), style=STATE_STYLE[state]))
        cells.append(Group(*about))
        if not narrow:
            cells += list(_envelope_columns(call))
        if wide:
            cells.append(_dates(call))
        table.add_row(*cells)
    return table


def _envelope_name(e: CallEnvelope) -> str:
    return inert(e.id)


def _envelope_columns(call: Call) -> tuple[Text, Text]:
    """The envelopes' names (each with its terms on a dim line below) and their caps,
    aligned line for line."""
    names, caps = Text(), Text(justify="right")
    for i, env in enumerate(call.envelopes):
        terms = envelope_terms(env)
        names.append(("\n" if i else "") + _envelope_name(env))
        caps.append(("\n" if i else "") + grouped(env.cap))
        if terms:
            names.append(f"\n  {terms}", style="dim")
            caps.append("\n")
    return names, caps


def _dates(call: Call) -> Table:
    """Opening, deadline and selection, labelled; a dash where the sources give none."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(no_wrap=True)
    for label, day in (("opens", call.opens), ("deadline", call.deadline),
                       ("selected", call.selected)):
        grid.add_row(_(DATE_LABELS[label]), day.isoformat() if day else "—")
    periods = [("work", call.work)]
    if call.eligibility != call.work:
        periods.append(("eligible", call.eligibility))
    for label, period in periods:
        if period is not None:
            grid.add_row(_(DATE_LABELS[label]), period.start.isoformat())
            grid.add_row("", _("to {period}").format(period=period.end.isoformat()))
    return grid


def _envelopes(call: Call, name_width: int) -> Table:
    """Each envelope beside its cap (caps aligned from one call to the next)."""
    grid = Table.grid(padding=(0, 2, 0, 0))
    # Ids fit the minimum width; the terms under them wrap, so the caps keep their room.
    grid.add_column(min_width=name_width, overflow="fold")
    grid.add_column(justify="right", no_wrap=True)
    for e in call.envelopes:
        grid.add_row(_envelope_name(e), grouped(e.cap))
        terms = envelope_terms(e)
        if terms:
            grid.add_row(Text(f"  {terms}", style="dim"), "")
    return grid
