"""A Gantt-like timeline that fits the terminal (legible from 60 columns up).

One row per milestone: a bar from its start (its own, else the latest due date of its
dependencies, else the period's start) to its current due date; the baseline due date is
marked where it differs; overdue milestones trail a tail up to the today marker. Titles
and dependencies go in a legend below, where they can wrap, so the chart never breaks.
Meaning is carried by glyphs as well as colour (NO_COLOR, piped output, TERM=dumb).
"""

from __future__ import annotations

import datetime as dt

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from transition_cli.core.i18n import _
from transition_cli.core.records import record
from transition_cli.core.text import inert
from transition_cli.render.layout import Balanced
from transition_cli.views import MilestoneRow, StatusReport

MIN_CHART = 12
MAX_ID = 10


@record(slots=False)
class Glyphs:
    done: str
    open: str
    cancelled: str
    overdue: str
    baseline: str
    today: str
    today_head: str
    sep: str


UNICODE = Glyphs("█", "━", "┄", "▶", "◆", "│", "▼", "·")
ASCII = Glyphs("#", "=", ".", ">", "*", "|", "v", "-")


def can_draw(console: Console) -> bool:
    """Box-drawing characters only where the output encoding has them."""
    return console.encoding.lower().startswith("utf")


def status_label(m: MilestoneRow) -> tuple[str, str]:
    """``LATE 15 d``; ``done +7 d`` (finished a week after its baseline); ``+13 d``."""
    if m.late:
        return _("LATE {late_days} d").format(late_days=m.late_days), "bold red"
    slip = _("{slip_days:+d} d").format(slip_days=m.slip_days) if m.slip_days else ""
    if m.status == "done":
        return _("done {slip}").format(slip=slip).strip(), "yellow" if m.slip_days > 0 else "green"
    if m.status == "cancelled":
        return _("cancelled"), "dim"
    if slip:
        return slip, "yellow" if m.slip_days > 0 else "green"
    return _(m.status), ""


class _Scale:
    def __init__(self, lo: dt.date, hi: dt.date, width: int) -> None:
        self.lo, self.width = lo, width
        self.span = max((hi - lo).days, 1)

    def col(self, day: dt.date) -> int:
        days = min(max((day - self.lo).days, 0), self.span)
        return days * (self.width - 1) // self.span

    def day(self, col: int) -> dt.date:
        return self.lo + dt.timedelta(days=col * self.span // (self.width - 1))


def timeline(r: StatusReport, width: int, *, unicode: bool = True) -> Group:
    g = UNICODE if unicode else ASCII
    rows = r.milestones
    idw = min(max((len(inert(m.id)) for m in rows), default=2), MAX_ID)
    labels = [status_label(m) for m in rows]
    rw = max((len(text) for text, _ in labels), default=4)
    chart = max(width - idw - rw - 2, MIN_CHART)
    starts = [m.start or r.period_start for m in rows]
    lo = min([r.period_start, *starts])
    hi = max([r.period_end, *(m.due for m in rows), *(m.baseline_due for m in rows)])
    scale = _Scale(lo, hi, chart)
    today = scale.col(r.as_of) if lo <= r.as_of <= hi else None

    out: list[Text] = []
    title = Text(_("Timeline: {r}").format(r=inert(r.name or r.title)), style="bold")
    title.append(_(" {sep} as of {as_of}").format(sep=g.sep, as_of=r.as_of), style="")
    out.append(title)
    out.append(_axis(scale, idw, chart))
    if today is not None:
        marker = Text(" " * (idw + 1 + today))
        marker.append(g.today_head, style="bold magenta")
        label = _(" today {as_of}").format(as_of=r.as_of)
        if idw + 1 + today + 1 + len(label) > width:  # no room on the right: put it left
            marker = Text(" " * max(idw + 1 + today - len(label), 0))
            marker.append(label.strip() + " ", style="magenta")
            marker.append(g.today_head, style="bold magenta")
        else:
            marker.append(label, style="magenta")
        out.append(marker)
    for m, start, (label, style) in zip(rows, starts, labels, strict=True):
        out.append(_row(m, start, scale, today, g, idw, chart, label, style))
    if not rows:
        out.append(Text(_("no milestones yet"), style="dim"))
    out.append(Text(_("{done} done {open} open {overdue} overdue {baseline} baseline {today} "
                      "today {cancelled} cancelled").format(
        done=g.done, open=g.open, overdue=g.overdue, baseline=g.baseline, today=g.today,
        cancelled=g.cancelled), style="dim"))
    if today is None:
        out.append(Text(_("as of {as_of}: outside the plan's dates ({lo} to {hi})").format(
                          as_of=r.as_of, lo=lo, hi=hi),
                        style="dim"))
    out.append(Text(""))
    legend = Table.grid(padding=(0, 1))
    legend.add_column(no_wrap=True, style="bold")
    legend.add_column(ratio=1, overflow="fold")
    for m in rows:
        line = Text(inert(m.title))
        line.append(_(" {sep} due {due}").format(sep=g.sep, due=m.due), style="dim")
        if m.due != m.baseline_due:
            line.append(_(" (baseline {baseline_due})").format(baseline_due=m.baseline_due),
                        style="dim")
        if m.finished is not None and m.status == "done":
            line.append(_(" {sep} done {finished}").format(sep=g.sep, finished=m.finished),
                        style="green")
        if m.depends_on:
            after = ", ".join(inert(d) for d in m.depends_on)
            line.append(_(" {sep} after {after}").format(sep=g.sep, after=after), style="cyan")
        legend.add_row(Text(inert(m.id)), Balanced(line))
    return Group(*out, legend)


def _axis(scale: _Scale, idw: int, chart: int) -> Text:
    cells = [" "] * chart
    col = 0
    while col <= chart - 7:
        label = scale.day(col).strftime("%Y-%m")
        cells[col:col + 7] = list(label)
        col += 7 + max(2, (chart - 7) // 6 - 7)
    end = scale.day(chart - 1).strftime("%Y-%m")
    if chart >= 7 and "".join(cells[chart - 7:]).strip() == "" and col - 9 < chart - 7:
        cells[chart - 7:] = list(end)
    return Text(" " * (idw + 1) + "".join(cells).rstrip(), style="dim", no_wrap=True,
                overflow="crop")


def _row(m: MilestoneRow, start: dt.date, scale: _Scale, today: int | None, g: Glyphs,
         idw: int, chart: int, label: str, label_style: str) -> Text:
    cells: list[tuple[str, str]] = [(" ", "")] * chart
    if today is not None:
        cells[today] = (g.today, "magenta")
    a, b = scale.col(start), scale.col(m.due)
    if m.status == "done":
        glyph, style = g.done, "green"
    elif m.status == "cancelled":
        glyph, style = g.cancelled, "dim"
    else:
        glyph, style = g.open, "bold red" if m.late else "cyan"
    for c in range(a, b + 1):
        cells[c] = (glyph, style)
    if m.late and today is not None:
        for c in range(b + 1, today + 1):
            cells[c] = (g.overdue, "red")
    if m.baseline_due != m.due:
        cells[scale.col(m.baseline_due)] = (g.baseline, "yellow")
    ident = inert(m.id)
    if len(ident) > idw:
        ident = ident[: idw - 1] + "…"
    text = Text(ident.ljust(idw) + " ", style="bold" if m.late else "")
    run, run_style = "", ""
    for ch, st in cells:  # one span per run of equal style: short escape sequences
        if st != run_style and run:
            text.append(run, style=run_style)
            run = ""
        run, run_style = run + ch, st
    text.append(run, style=run_style)
    text.append(" " + label, style=label_style)
    text.no_wrap, text.overflow = True, "crop"
    return text
