"""Rich rendering of a status report and of a portfolio.

Every string from a file goes through ``safe`` (``inert`` + a ``Text``, so Rich markup in it
prints literally). Meaning never rests on colour alone: late milestones say LATE, the overall
status is spelt out, bars are drawn with characters, so NO_COLOR and piped output read the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from transition_cli.core.findings import Severity
from transition_cli.core.money import days as format_days
from transition_cli.core.money import grouped, percent
from transition_cli.render.findings import finding_line
from transition_cli.render.tables import safe
from transition_cli.views import (
    FORECAST_WINDOW_DAYS,
    EnvelopeRow,
    MilestoneRow,
    Portfolio,
    StatusReport,
)

RAG_STYLE = {"red": "bold white on red", "amber": "bold black on yellow",
             "green": "bold white on green"}
RAG_TEXT_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "bold green"}
STATUS_STYLE = {"done": "green", "started": "cyan", "planned": "", "cancelled": "dim"}
BAR_WIDTH = 10


def bar(share: Decimal, unicode: bool = True, width: int = BAR_WIDTH) -> Text:
    """``███████░░░  70%``: the committed share of a cap; red when over."""
    full, empty = ("█", "░") if unicode else ("#", "-")
    filled = min(width, int((share * width).to_integral_value()))
    style = "red" if share > 1 else "yellow" if share >= Decimal("0.9") else "green"
    text = Text(full * filled, style=style)
    text.append(empty * (width - filled), style="dim")
    text.append(f"{' ' if width else ''}{percent(share):>4}",
                style="bold red" if share > 1 else "")
    return text


def _unicode(console: Console | None) -> bool:
    return console is None or console.encoding.lower().startswith("utf")


def header(r: StatusReport) -> Text:
    text = Text()
    text.append(inert_name(r), style="bold")
    if r.nuts:
        text.append(f" ({', '.join(safe(n).plain for n in r.nuts)})")
    text.append("\n")
    text.append(safe(r.title).plain + "\n")
    call = safe(r.call).plain + (f" ({safe(r.call_title).plain})" if r.call_title else "")
    text.append(f"call {call}\n", style="dim")
    text.append(f"period {r.period_start} to {r.period_end} · as of {r.as_of}\n")
    text.append("overall ")
    text.append(f" {r.overall.upper()} ", style=RAG_STYLE[r.overall])
    text.append(" " + "; ".join(safe(x).plain for x in r.reasons))
    return text


def inert_name(r: StatusReport) -> str:
    return safe(r.name or r.title).plain


def status_cell(m: MilestoneRow) -> Text:
    if m.late:
        return Text(f"LATE {m.late_days} d", style="bold red")
    if m.status == "done" and m.finished:
        return Text(f"done {m.finished}", style=STATUS_STYLE["done"])
    return Text(m.status, style=STATUS_STYLE[m.status])


def slip_cell(days: int) -> Text:
    if days == 0:
        return Text("—", style="dim")
    return Text(f"{days:+d} d", style="red" if days > 0 else "green")


def milestones_table(r: StatusReport, width: int = 100) -> Table:
    """Below 90 columns the owner goes under the title and dates stack, so titles keep
    room to wrap instead of the table dropping columns."""
    narrow = width < NARROW
    table = Table(title="Milestones", box=box.SIMPLE_HEAD, title_justify="left",
                  title_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("milestone", ratio=1, min_width=12)
    if not narrow:
        table.add_column("owner", max_width=14)
    table.add_column("status", no_wrap=True)
    if narrow:
        table.add_column("due\nbaseline", no_wrap=True)
    else:
        table.add_column("baseline", no_wrap=True)
        table.add_column("due", no_wrap=True)
    table.add_column("slip", justify="right", no_wrap=True)
    for m in r.milestones:
        due = Text(str(m.due), style="bold red" if m.late else "")
        title = safe(m.title)
        status = status_cell(m)
        if narrow:
            if m.owner:
                title.append(f"\n{safe(m.owner).plain}", style="dim")
            if m.status == "done" and m.finished:
                status = Text(f"done\n{m.finished}", style=STATUS_STYLE["done"])
            if m.baseline_due != m.due:
                due.append(f"\n{m.baseline_due}", style="dim")
            cells: list[RenderableType] = [safe(m.id), title, status, due]
        else:
            cells = [safe(m.id), title, safe(m.owner), status, str(m.baseline_due), due]
        table.add_row(*cells, slip_cell(m.slip_days),
                      style="" if m.status != "cancelled" else "dim")
    if not r.milestones:
        table.add_row("—", Text("no milestones yet", style="dim"),
                      *([""] * (len(table.columns) - 2)))
    return table


def forecast_line(e: EnvelopeRow) -> Text:
    """``expertise: 35,000.00 committed in the last 90 days; cap reached 2019-05-02, ...``"""
    fc = e.forecast
    text = Text(safe(e.id).plain + ": ", style="bold")
    if e.over_cap:
        text.append(f"over its cap by {grouped(e.committed - e.cap)}", style="bold red")
        return text
    text.append(f"{grouped(fc.window_committed)} committed since {fc.window_start}; ")
    if fc.cap_reached is not None and fc.within_period:
        text.append(f"cap reached on {fc.cap_reached}", style="bold yellow")
    elif fc.cap_reached is not None:
        text.append(f"cap reached on {fc.cap_reached}, after the period")
    elif e.remaining <= 0:
        text.append("cap reached", style="yellow")
    else:
        text.append("cap not reached at this pace")
    if fc.left_at_end < 0:
        text.append(f"; {grouped(-fc.left_at_end)} over the cap by the end of the period",
                    style="bold red")
    else:
        text.append(f"; {grouped(fc.left_at_end)} left at the end of the period")
    return text


GATE_STYLE = {"open": "green", "closed": "bold yellow", "none": "dim"}


def gate_cell(e: EnvelopeRow) -> Text:
    gate = Text(e.gate_state if e.gate_state != "none" else "—",
                style=GATE_STYLE[e.gate_state])
    if e.gate:
        gate.append(f" {safe(e.gate).plain}", style="dim")
    if e.award_note:  # the award that opens it, under the plan's own gate step
        gate.append(f"\n{e.award_note}", style="green" if e.awards else "bold yellow")
    return gate


def envelope_cell(e: EnvelopeRow) -> Text:
    """The envelope's id, and whose money it is (the Commission's, the region's)."""
    return Text(safe(e.id).plain + (f"\n{e.holder}" if e.holder else ""))


NARROW = 90


def envelopes_table(r: StatusReport, unicode: bool = True, width: int = 100) -> Table:
    """Full columns from 90 columns up; below, committed/cap stacked and a shorter bar."""
    table = Table(title="Envelopes (EUR)", box=box.SIMPLE_HEAD, title_justify="left",
                  title_style="bold")
    narrow = width < NARROW
    table.add_column("envelope", no_wrap=not narrow, min_width=8)
    if narrow:
        table.add_column("committed\nof cap", justify="right", no_wrap=True)
    else:
        table.add_column("cap", justify="right", no_wrap=True)
        table.add_column("committed", justify="right", no_wrap=True)
        table.add_column("paid", justify="right", no_wrap=True)
        table.add_column("remaining", justify="right", no_wrap=True)
    table.add_column("used", no_wrap=True)
    table.add_column("gate", no_wrap=True)
    for e in r.envelopes:
        remaining = Text(grouped(e.remaining), style="bold red" if e.remaining < 0 else "")
        if narrow:
            amounts = [Text(f"{grouped(e.committed)}\n{grouped(e.cap)}")]
        else:
            amounts = [Text(grouped(e.cap)), Text(grouped(e.committed)), Text(grouped(e.paid)),
                       remaining]
        table.add_row(envelope_cell(e), *amounts,
                      bar(e.share, unicode, 5 if narrow else BAR_WIDTH),
                      gate_cell(e))
    return table


def forecast_text(r: StatusReport) -> Text:
    text = Text(f"Forecast at the pace of the last {FORECAST_WINDOW_DAYS} days\n",
                style="bold")
    for e in r.envelopes:
        text.append_text(forecast_line(e))
        text.append("\n")
    return text


def experts_table(r: StatusReport) -> Table:
    table = Table(title="Expert team (EUR)", box=box.SIMPLE_HEAD, title_justify="left",
                  title_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("expert", ratio=1, min_width=12)
    table.add_column("days\nplanned / logged", justify="right", no_wrap=True)
    table.add_column("cost\nplanned / logged", justify="right")
    for x in r.experts:
        over = x.logged_days > x.planned_days
        days = Text(f"{format_days(x.planned_days)} / ")
        days.append(format_days(x.logged_days), style="bold red" if over else "")
        who = safe(x.name)
        detail = " · ".join(safe(v).plain for v in (x.role, x.organisation) if v)
        if detail:
            who.append(f"\n{detail}", style="dim")
        table.add_row(safe(x.id), who, days,
                      f"{grouped(x.planned_cost)} /\n{grouped(x.logged_cost)}")
    return table


def clusters_table(r: StatusReport) -> Table:
    table = Table(title="Clusters", box=box.SIMPLE_HEAD, title_justify="left",
                  title_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("cluster", ratio=1, min_width=10)
    table.add_column("members", ratio=2, min_width=12)
    for c in r.clusters:
        name = safe(c.name)
        if c.theme:
            name.append(f"\n{safe(c.theme).plain}", style="dim")
        members = Text("; ".join(f"{safe(n).plain} ({safe(k).plain})" for n, k in c.members)
                       or "—")
        table.add_row(safe(c.id), name, members)
    return table


def findings_text(r: StatusReport) -> Text:
    text = Text()
    text.append("Findings from check\n", style="bold")
    for f in r.findings:
        style = "red" if f.severity is Severity.ERROR else "yellow"
        text.append(finding_line(f) + "\n", style=style)
    return text


def report(r: StatusReport, console: Console | None = None) -> RenderableType:
    unicode = _unicode(console)
    width = console.width if console is not None else 100
    parts: list[RenderableType] = [header(r), Text(""), milestones_table(r, width),
                                   envelopes_table(r, unicode, width)]
    if r.envelopes:
        parts.append(forecast_text(r))
    if r.experts:
        parts.append(experts_table(r))
    if r.clusters:
        parts.append(clusters_table(r))
    if r.findings:
        parts.append(findings_text(r))
    return Group(*parts)


# ---------------------------------------------------------------------------------------


def _envelope_ids(p: Portfolio) -> list[str]:
    seen: dict[str, None] = {}
    for row in p.rows:
        for env_id, _, _ in row.envelopes:
            seen.setdefault(env_id, None)
    return list(seen)


def portfolio(p: Portfolio, console: Console | None = None) -> RenderableType:
    """One row per plan; reasons under the table; totals per call against its budget."""
    unicode = _unicode(console)
    narrow = (console.width if console is not None else 100) < NARROW
    table = Table(title=f"Portfolio as of {p.as_of} ({len(p.rows)} plans)",
                  box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
    table.add_column("plan", ratio=1, min_width=12)
    table.add_column("status", no_wrap=True)
    table.add_column("milestones", no_wrap=True)
    table.add_column("envelopes committed", no_wrap=True)
    if not narrow:
        table.add_column("committed (EUR)", justify="right", no_wrap=True)
    for row in p.rows:
        plan = safe(row.name or row.title)
        plan.append(f"\n{safe(row.call).plain}\n{safe(row.file).plain}", style="dim")
        if row.partnerships:
            plan.append("\nin " + ", ".join(safe(p).plain for p in row.partnerships))
        envs = Text()
        idw = max((len(safe(i).plain) for i, _, _ in row.envelopes), default=0)
        for n, (env_id, committed, cap) in enumerate(row.envelopes):
            share = committed / cap if cap else Decimal(0)
            envs.append(("\n" if n else "") + safe(env_id).plain.ljust(idw) + " ")
            envs.append_text(bar(share, unicode, width=0 if narrow else 5))
        done = Text(f"{row.done}/{row.total} done")
        done.append(f"\n{row.late} late", style="bold red" if row.late else "dim")
        cells: list[RenderableType] = [
            plan, Text(row.overall.upper(), style=RAG_TEXT_STYLE[row.overall]), done, envs]
        if not narrow:
            cells.append(grouped(row.committed))
        table.add_row(*cells)
    parts: list[RenderableType] = [table]
    why = Text()
    for row in p.rows:
        if row.overall != "green":
            why.append(f"{row.overall.upper()} ", style=RAG_TEXT_STYLE[row.overall])
            why.append(f"{safe(row.name or row.title).plain}: {safe(row.reason).plain}\n")
    if why:
        parts.append(why)
    return Group(*parts, _totals(p, unicode, narrow), *_unreadable(p))


def _totals(p: Portfolio, unicode: bool, narrow: bool) -> Table:
    totals = Table(title="Totals per call (EUR), against the call's budget",
                   box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
    totals.add_column("call", no_wrap=True)
    totals.add_column("plans", justify="right", no_wrap=True)
    totals.add_column("budget", justify="right", no_wrap=True)
    if not narrow:
        totals.add_column("plans' caps", justify="right", no_wrap=True)
    totals.add_column("committed", justify="right", no_wrap=True)
    if not narrow:
        totals.add_column("paid", justify="right", no_wrap=True)
    totals.add_column("used", no_wrap=True)
    for t in p.calls:
        plans = f"{t.plans}" + (f" of {t.selects}" if t.selects else "")
        cells = [safe(t.call), Text(plans),
                 Text(grouped(t.budget) if t.budget is not None else "—")
                 + Text("\nderived" if t.budget_derived else "", style="dim")]
        if not narrow:
            cells.append(Text(grouped(t.cap)))
        cells.append(Text(grouped(t.committed)))
        if not narrow:
            cells.append(Text(grouped(t.paid)))
        cells += [bar(t.share, unicode, width=0 if narrow else 5) if t.share is not None
                  else Text("—")]
        totals.add_row(*cells)
    return totals


def _unreadable(p: Portfolio) -> Iterator[Text]:
    if p.unreadable:
        text = Text("Not shown (fix them with `transition check`):\n", style="bold red")
        for u in p.unreadable:
            text.append(f"{safe(u.file).plain}: {safe(u.message).plain}\n")
        yield text


def fixed_console(width: int, color: bool = False) -> Console:
    """A console at a fixed width, with or without colour (for tests and snapshots)."""
    return Console(width=width, color_system="standard" if color else None,
                   force_terminal=color, markup=False, highlight=False, emoji=False,
                   legacy_windows=False, no_color=not color)


def lines(renderable: RenderableType, console: Console) -> Iterator[str]:
    """Render to lines on ``console``, trailing spaces removed."""
    with console.capture() as capture:
        console.print(renderable)
    for line in capture.get().splitlines():
        yield line.rstrip()
