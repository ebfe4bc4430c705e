"""Rich rendering of a status report and of a portfolio.

Every string from a file goes through ``safe`` (``inert`` + a ``Text``, so Rich markup in it
prints literally). Meaning never rests on colour alone: late milestones say LATE, the overall
status is spelt out, bars are drawn with characters, so NO_COLOR and piped output read the same.

Each table has layouts from wide to narrow (``layout.Responsive``): where the columns do not
fit, figures stack two to a cell under a two-line header, or the bar moves under the name;
no figure is ever left out, and amounts, dates and ids never wrap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from transition_cli.core.findings import Severity
from transition_cli.core.i18n import N_, _
from transition_cli.core.money import days as format_days
from transition_cli.core.money import eur, grouped, number, percent, rate
from transition_cli.core.records import record
from transition_cli.core.text import plural
from transition_cli.render.layout import Balanced, FilePath, Responsive, clip
from transition_cli.render.tables import safe as inert_text
from transition_cli.views import (
    FORECAST_MIN_ENTRIES,
    FORECAST_MIN_SPAN_DAYS,
    FORECAST_WINDOW_DAYS,
    ActionRow,
    Amounts,
    CallTotal,
    ClusterRow,
    DeliverableRow,
    EnvelopeRow,
    IndicatorRow,
    MilestoneRow,
    Portfolio,
    PortfolioRow,
    PriorityRow,
    StatusReport,
    StrategySection,
)

RAG_STYLE = {"red": "bold white on red", "amber": "bold black on yellow",
             "green": "bold white on green"}
RAG_TEXT_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "bold green"}
STATUS_STYLE = {"done": "green", "started": "cyan", "planned": "", "cancelled": "dim"}
GATE_STYLE = {"open": "green", "closed": "bold yellow", "none": "dim"}
BAR_WIDTH = 10
SHORT_BAR = 5
TITLE_MIN = 20  # a title or note narrower than this is no longer read, only deciphered
NAME_MIN = 16


def safe(value: object) -> Text:
    """Text from a file as a view shows it: inert, and a very long one cut visibly
    (``layout.clip``)."""
    return inert_text(clip(str(value)))


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


def table(title: str, *, compact: bool = False, leading: int = 0) -> Table:
    """A section table; ``compact`` (narrow layouts) keeps two spaces between columns;
    ``leading`` puts blank lines between rows of several lines each."""
    return Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold",
                 pad_edge=not compact, collapse_padding=compact, leading=leading)


def stacked(*lines: Text | str, style: str = "") -> Text:
    """Several figures in one cell, one per line (under a header naming each line)."""
    text = Text(style=style)
    for n, line in enumerate(lines):
        text.append("\n" if n else "")
        text.append_text(line if isinstance(line, Text) else Text(line))
    return text


# ---------------------------------------------------------------------------------------
# One plan


def header(r: StatusReport) -> Group:
    name = Text()
    name.append(inert_name(r), style="bold")
    if r.nuts:
        name.append(f" ({', '.join(safe(n).plain for n in r.nuts)})")
    call = safe(r.call).plain + (f" ({safe(r.call_title).plain})" if r.call_title else "")
    lines = [Balanced(name), Balanced(safe(r.title)),
             Balanced(Text(_("call {call}").format(call=call), style="dim")),
             Balanced(Text(_("period {period_start} to {period_end} · as of {as_of}").format(
                             period_start=r.period_start, period_end=r.period_end, as_of=r.as_of)))]
    return Group(*lines, overall(r))


def overall(r: StatusReport) -> Table:
    """``overall  AMBER  reason`` with one reason per line, wrapped beside the badge."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(_("overall"), Text(f" {_(r.overall).upper()} ", style=RAG_STYLE[r.overall]),
                 Balanced(Text("\n".join(safe(x).plain for x in r.reasons))))
    return grid


def inert_name(r: StatusReport) -> str:
    return safe(r.name or r.title).plain


def slip_text(days: int) -> str:
    return _("{days:+d} d").format(days=days)


def status_cell(m: MilestoneRow) -> Text:
    if m.late:
        return Text(_("LATE {late_days} d").format(late_days=m.late_days), style="bold red")
    if m.status == "done" and m.finished:
        return Text(_("done {finished}").format(finished=m.finished), style=STATUS_STYLE["done"])
    return Text(_(m.status), style=STATUS_STYLE[m.status])


def slip_cell(days: int) -> Text:
    if days == 0:
        return Text("—", style="dim")
    return Text(slip_text(days), style="red" if days > 0 else "green")


GLANCE = 40
"""A plan of more milestones than this shows, at a glance, the ones that need attention."""


def at_a_glance(r: StatusReport, every: bool = False
                ) -> tuple[tuple[MilestoneRow, ...], str | None]:
    """The milestone rows a status shows, and what it says about the others.

    Up to ``GLANCE`` milestones: all of them. Beyond (a long plan, where a row per milestone
    hides what matters and takes a second to draw), the ones that need attention, up to
    ``GLANCE``: late ones (most late first), then started ones, then planned ones by due
    date (what is next), shown in plan order; the others are counted by status in a note
    that names ``--all``. Nothing is left out silently."""
    rows = r.milestones
    if every or len(rows) <= GLANCE:
        return rows, None
    late = sorted((n for n, m in enumerate(rows) if m.late), key=lambda n: -rows[n].late_days)
    pending = sorted((n for n, m in enumerate(rows) if not m.late
                      and m.status in ("started", "planned")),
                     key=lambda n: (rows[n].status != "started", rows[n].due))
    chosen = set((late + pending)[:GLANCE])
    shown = tuple(m for n, m in enumerate(rows) if n in chosen)
    left: dict[str, int] = {}
    for n, m in enumerate(rows):
        if n not in chosen:
            what = "late" if m.late else m.status
            left[what] = left.get(what, 0) + 1
    order = ("late", "started", "planned", "done", "cancelled")
    counts = ", ".join(f"{left[k]:,} {_(k)}" + (_(" later") if k == "planned" and shown else "")
                       for k in order if k in left)
    first = (_("{shown} of {rows:,} milestones shown: late, started and next due").format(
               shown=len(shown), rows=len(rows))
             if shown else _("none of {rows:,} milestones is late, started or planned").format(
                             rows=len(rows)))
    return shown, _("{first}; not shown: {counts}. Add --all to list every milestone.").format(
                    first=first, counts=counts)


def milestones_table(r: StatusReport, width: int | None = None, *, every: bool = False
                     ) -> RenderableType:
    """Wide: owner, baseline and due in columns. Narrow: the owner goes under the title and
    the dates stack (due over baseline), so titles keep room to wrap at spaces. A long plan
    shows its milestones at a glance (``at_a_glance``) unless ``every``."""
    del width  # the layout follows the width it is drawn at
    rows, note = at_a_glance(r, every)
    layouts = Responsive([lambda: _milestones(r, rows, narrow=False),
                          lambda: _milestones(r, rows, narrow=True)])
    if note is None:
        return layouts
    return Group(layouts, Balanced(Text(note)), Text(""))


def _milestones(r: StatusReport, rows: tuple[MilestoneRow, ...], *, narrow: bool) -> Table:
    out = table(_("Milestones"), compact=narrow)
    out.add_column(_("id"), no_wrap=True)
    out.add_column(_("milestone"), ratio=1, min_width=NAME_MIN if narrow else TITLE_MIN,
                   overflow="fold")
    if not narrow:
        out.add_column(_("owner"), no_wrap=True)
    out.add_column(_("status"), no_wrap=True)
    if narrow:
        out.add_column(_("due\nbaseline"), no_wrap=True)
    else:
        out.add_column(_("baseline"), no_wrap=True)
        out.add_column(_("due"), no_wrap=True)
    out.add_column(_("slip"), justify="right", no_wrap=True)
    for m in rows:
        due = Text(str(m.due), style="bold red" if m.late else "")
        title = safe(m.title)
        status = status_cell(m)
        if narrow:
            if m.owner:
                title.append(f"\n{safe(m.owner).plain}", style="dim")
            if m.status == "done" and m.finished:
                status = Text(_("done") + f"\n{m.finished}", style=STATUS_STYLE["done"])
            if m.baseline_due != m.due:
                due.append(f"\n{m.baseline_due}", style="dim")
            cells: list[RenderableType] = [safe(m.id), Balanced(title), status, due]
        else:
            cells = [safe(m.id), Balanced(title), safe(m.owner), status, str(m.baseline_due),
                     due]
        out.add_row(*cells, slip_cell(m.slip_days),
                    style="" if m.status != "cancelled" else "dim")
    if not rows:
        out.add_row("—", Text(_("nothing late, started or planned") if r.milestones
                              else _("no milestones yet"), style="dim"),
                    *([""] * (len(out.columns) - 2)))
    return out


def forecast_line(e: EnvelopeRow) -> Text:
    """``expertise: EUR 35,000.00 committed since 2018-04-02, from 5 entries over 61 days;
    cap reached on 2019-05-02, ...``; on too little to forecast, that basis and what is
    left now."""
    fc = e.forecast
    text = Text(safe(e.id).plain + ": ", style="bold")
    if e.over_cap:
        text.append(_("over its cap by {eur}").format(eur=eur(e.committed - e.limit)),
                    style="bold red")
        return text
    text.append(_("{eur} committed since {window_start}, {basis}").format(
                  eur=eur(fc.window_committed), window_start=fc.window_start, basis=fc.basis))
    if not fc.sound:
        text.append(_("; {eur} left now").format(eur=eur(e.remaining)))
        return text
    text.append("; ")
    if fc.cap_reached is not None and fc.within_period:
        text.append(_("cap reached on {cap_reached}").format(cap_reached=fc.cap_reached),
                    style="bold yellow")
    elif fc.cap_reached is not None:
        text.append(_("cap reached on {cap_reached}, after the period").format(
                      cap_reached=fc.cap_reached))
    elif e.remaining <= 0:
        text.append(_("cap reached"), style="yellow")
    else:
        text.append(_("cap not reached at this pace"))
    if fc.left_at_end < 0:
        text.append(_("; {eur} over the cap by the end of the period").format(
                      eur=eur(-fc.left_at_end)),
                    style="bold red")
    else:
        text.append(_("; {eur} left at the end of the period").format(eur=eur(fc.left_at_end)))
    return text


def gate_cell(e: EnvelopeRow) -> Text:
    gate = Text(_(e.gate_state) if e.gate_state != "none" else "—",
                style=GATE_STYLE[e.gate_state])
    if e.gate:
        gate.append(f" {safe(e.gate).plain}", style="dim")
    if e.award_note:  # the award that opens it, under the plan's own gate step
        gate.append(f"\n{e.award_note}", style="green" if e.awards else "bold yellow")
    return gate


def remaining_text(e: EnvelopeRow) -> Text:
    return Text(grouped(e.remaining), style="bold red" if e.remaining < 0 else "")


def envelope_cell(e: EnvelopeRow) -> Text:
    """The envelope's id, and whose money it is (the Commission's, the region's)."""
    return Text(safe(e.id).plain + (f"\n{e.holder}" if e.holder else ""))


def envelopes_table(r: StatusReport, unicode: bool = True, width: int | None = None
                    ) -> RenderableType:
    """Cap, committed, paid, remaining, bar and gate in columns where they fit; else the
    amounts stack two to a column (committed over cap, paid over remaining), then the
    gate moves under the envelope's name."""
    del width  # the layout follows the width it is drawn at
    return Responsive([lambda: _envelopes(r, unicode, "wide"),
                       lambda: _envelopes(r, unicode, "stacked"),
                       lambda: _envelopes(r, unicode, "narrow")])


def _envelopes(r: StatusReport, unicode: bool, layout: str) -> Table:
    wide, narrow = layout == "wide", layout == "narrow"
    out = table(_("Envelopes (EUR)"), compact=not wide)
    out.add_column(_("envelope"), no_wrap=not narrow, overflow="fold")
    if wide:
        for header in (N_("cap"), N_("committed"), N_("paid"), N_("remaining")):
            out.add_column(_(header), justify="right", no_wrap=True)
    else:
        out.add_column(_("committed\nof cap"), justify="right", no_wrap=True)
        out.add_column(_("paid\nremaining"), justify="right", no_wrap=True)
    out.add_column(_("used"), no_wrap=True)
    if not narrow:
        out.add_column(_("gate"), no_wrap=True)
    for e in r.envelopes:
        name = envelope_cell(e)
        if narrow:
            name.append("\n" + _("gate") + " ", style="dim")
            name.append_text(gate_cell(e))
        if wide:
            amounts = [Text(grouped(e.cap)), Text(grouped(e.committed)), Text(grouped(e.paid)),
                       remaining_text(e)]
        else:
            amounts = [stacked(grouped(e.committed), grouped(e.cap)),
                       stacked(grouped(e.paid), remaining_text(e))]
        used = bar(e.share, unicode, BAR_WIDTH if wide else SHORT_BAR)
        out.add_row(name, *amounts, used, *([] if narrow else [gate_cell(e)]))
    return out


def forecast_text(r: StatusReport) -> Group:
    title = Text(_("Forecast at the pace of the last {days} days").format(
        days=FORECAST_WINDOW_DAYS), style="bold")
    method = Text(_("A pace is {entries} or more entries over {days} days or more, none above "
                    "half of what they add; less is not forecast.").format(
        entries=FORECAST_MIN_ENTRIES, days=FORECAST_MIN_SPAN_DAYS), style="dim")
    return Group(title, Balanced(method), *(Balanced(forecast_line(e)) for e in r.envelopes),
                 Text(""))


def experts_table(r: StatusReport) -> Table:
    """Planned over logged, labelled, days and their cost side by side."""
    out = table(_("Expert team (EUR)"), compact=True)
    out.add_column(_("id"), no_wrap=True)
    out.add_column(_("expert"), ratio=1, min_width=NAME_MIN, overflow="fold")
    out.add_column("", no_wrap=True, style="dim")
    out.add_column(_("days"), justify="right", no_wrap=True)
    out.add_column(_("cost"), justify="right", no_wrap=True)
    for x in r.experts:
        over = "bold red" if x.logged_days > x.planned_days else ""
        # Past the plan (check's B003): said in figures, not by colour alone.
        logged = format_days(x.logged_days) + (
            f" (+{format_days(x.logged_days - x.planned_days)})" if over else "")
        who = safe(x.name)
        detail = " · ".join(safe(v).plain for v in (x.role, x.organisation) if v)
        if detail:
            who.append(f"\n{detail}", style="dim")
        out.add_row(safe(x.id), Balanced(who), _("planned\nlogged"),
                    stacked(format_days(x.planned_days), Text(logged, style=over)),
                    stacked(grouped(x.planned_cost), grouped(x.logged_cost)))
    return out


def clusters_table(r: StatusReport, *, every: bool = False) -> RenderableType:
    """The clusters and their members; beyond ``GLANCE`` clusters, the first ``GLANCE`` in
    plan order and a note counting the others (``every``: all of them)."""
    shown = r.clusters if every else r.clusters[:GLANCE]
    table = _clusters(shown)
    if len(shown) == len(r.clusters):
        return table
    members = sum(len(c.members) for c in r.clusters[len(shown):])
    note = (_("{shown} of {clusters:,} clusters shown; not shown: {more:,} more, with "
              "{members}. Add --all to list every cluster.").format(
        shown=len(shown), clusters=len(r.clusters), more=len(r.clusters) - len(shown),
        members=plural(members, "member")))
    return Group(table, Balanced(Text(note)), Text(""))


def _clusters(clusters: tuple[ClusterRow, ...]) -> Table:
    out = table(_("Clusters"), compact=True)
    out.expand = True  # the members get more room than the cluster's name
    out.add_column(_("id"), no_wrap=True)
    out.add_column(_("cluster"), ratio=2, min_width=NAME_MIN, overflow="fold")
    out.add_column(_("members"), ratio=3, min_width=NAME_MIN, overflow="fold")
    for c in clusters:
        name = safe(c.name)
        if c.theme:
            name.append(f"\n{safe(c.theme).plain}", style="dim")
        members = Text("\n".join(f"{safe(n).plain} ({safe(k).plain})" for n, k in c.members)
                       or "—")
        out.add_row(safe(c.id), Balanced(name), Balanced(members))
    return out


def findings_text(r: StatusReport) -> Text:
    from transition_cli.render.findings import finding_line  # it imports check: when needed

    text = Text()
    text.append(_("Findings from check\n"), style="bold")
    for f in r.findings:
        style = "red" if f.severity is Severity.ERROR else "yellow"
        text.append(finding_line(f) + "\n", style=style)
    return text


def report(r: StatusReport, console: Console | None = None, *, every: bool = False
           ) -> RenderableType:
    """The whole status of one plan; ``every`` lists every milestone and cluster of a long
    plan."""
    from transition_cli.render.due import status_section

    unicode = _unicode(console)
    deliverables = r.strategy.deliverables if r.strategy is not None else ()
    parts: list[RenderableType] = [header(r), Text(""), milestones_table(r, every=every),
                                   status_section(r.due, r.due_within, deliverables),
                                   envelopes_table(r, unicode)]
    if r.envelopes:
        parts.append(forecast_text(r))
    if r.experts:
        parts.append(experts_table(r))
    if r.clusters:
        parts.append(clusters_table(r, every=every))
    if r.strategy is not None and not r.strategy.empty:
        parts += strategy_parts(r.strategy, unicode)
    if r.findings:
        parts.append(Balanced(findings_text(r)))
    return Group(*parts)


# ---------------------------------------------------------------------------------------
# Many plans


def portfolio(p: Portfolio, console: Console | None = None) -> RenderableType:
    """One row per plan with EUR per envelope; reasons under the table; totals per call
    against its budget."""
    unicode = _unicode(console)
    layouts: list[Callable[[], RenderableType]] = [
        lambda: _plans(p, unicode, "wide"), lambda: _plans(p, unicode, "stacked"),
        lambda: _plans(p, unicode, "narrow")]
    parts: list[RenderableType] = [Responsive(layouts)]
    why = Table.grid(padding=(0, 1, 0, 0))
    why.add_column(no_wrap=True)
    why.add_column(ratio=1, overflow="fold")
    for row in p.rows:
        if row.overall != "green":
            why.add_row(Text(_(row.overall).upper(), style=RAG_TEXT_STYLE[row.overall]),
                        Balanced(Text(f"{safe(row.name or row.title).plain}: "
                                      f"{safe(row.reason).plain}")))
    if why.row_count:
        parts += [why, Text("")]
    totals = Responsive([lambda: _totals(p, unicode, narrow=False),
                         lambda: _totals(p, unicode, narrow=True)])
    derived = [Balanced(Text(_("* derived: the number a call selects x its caps per plan; no "
                               "source states this budget"), style="dim"))] \
        if any(t.budget_derived for t in p.calls) else []
    funding = [funding_per_call(p)] if any(t.funding for t in p.calls) else []
    return Group(*parts, totals, *derived, *funding, *_unreadable(p))


def _plan_cell(row: PortfolioRow, with_status: bool) -> Group:
    """Name, (status,) call, file and the partnerships a region belongs to."""
    plan = Text()
    plan.append(safe(row.name or row.title).plain, style="bold")
    if with_status:
        plan.append("\n")
        plan.append_text(_rag(row))
        plan.append(" ")
        plan.append_text(_progress(row, ", "))
    plan.append(f"\n{safe(row.call).plain}", style="dim")
    parts: list[RenderableType] = [plan, FilePath(safe(row.file).plain, style="dim")]
    if row.partnerships:
        parts.append(Text(_("in {partnerships}").format(
            partnerships=", ".join(safe(p).plain for p in row.partnerships))))
    return Group(*parts)


def _rag(row: PortfolioRow) -> Text:
    return Text(_(row.overall).upper(), style=RAG_TEXT_STYLE[row.overall])


def _progress(row: PortfolioRow, sep: str) -> Text:
    text = Text(_("{done}/{total} done{sep}").format(done=row.done, total=row.total, sep=sep))
    text.append(_("{late} late").format(late=row.late), style="bold red" if row.late else "dim")
    return text


@record
class _Line:
    """One line of a plan's money: an envelope, or the plan's total."""

    label: Text
    committed: Decimal
    paid: Decimal
    cap: Decimal

    @property
    def share(self) -> Decimal:
        return self.committed / self.cap if self.cap else Decimal(0)


def _money(row: PortfolioRow) -> list[_Line]:
    out = [_Line(safe(e.id), e.committed, e.paid, e.cap) for e in row.envelope_rows]
    if len(out) > 1:
        out.append(_Line(Text("total", style="bold"), row.committed, row.paid, row.cap))
    return out


def _plans(p: Portfolio, unicode: bool, layout: str) -> Table:
    """wide: status, milestones and each envelope's figures in columns; stacked: status
    under the plan's name, the bar under the envelope, paid under committed; narrow:
    committed, paid and cap stacked. A plan of several envelopes ends with its total."""
    wide, narrow = layout == "wide", layout == "narrow"
    out = table(_("Portfolio as of {as_of} ({p} plans), EUR").format(as_of=p.as_of, p=len(p.rows)),
                compact=True,
                leading=1)
    out.add_column(_("plan"), ratio=1, min_width=NAME_MIN, overflow="fold")
    if wide:
        out.add_column(_("status"), no_wrap=True)
        out.add_column(_("milestones"), no_wrap=True)
    out.add_column(_("envelope"), no_wrap=True)
    if wide:
        for name in (N_("committed"), N_("paid"), N_("cap")):
            out.add_column(_(name), justify="right", no_wrap=True)
        out.add_column(_("used"), no_wrap=True)
    elif narrow:
        out.add_column(_("committed\npaid\nof cap"), justify="right", no_wrap=True)
    else:
        out.add_column(_("committed\npaid"), justify="right", no_wrap=True)
        out.add_column(_("cap"), justify="right", no_wrap=True)
    for row in p.rows:
        money = _money(row)
        columns: list[list[Text]]  # per column, a block of lines per envelope
        if wide:
            columns = [[m.label for m in money],
                       *([Text(grouped(getattr(m, f))) for m in money]
                         for f in ("committed", "paid", "cap")),
                       [bar(m.share, unicode, SHORT_BAR) for m in money]]
        else:
            columns = [[stacked(m.label, bar(m.share, unicode, SHORT_BAR)) for m in money]]
            if narrow:
                columns.append([stacked(grouped(m.committed), grouped(m.paid), grouped(m.cap))
                                for m in money])
            else:
                columns += [[stacked(grouped(m.committed), grouped(m.paid)) for m in money],
                            [Text(grouped(m.cap)) for m in money]]
        height = max((len(b.split("\n")) for col in columns for b in col), default=1)
        cells = [_blocks(col, height) for col in columns]
        if not money:
            cells[0] = Text("—", style="dim")
        status = [_rag(row), _progress(row, "\n")] if wide else []
        out.add_row(_plan_cell(row, with_status=not wide), *status, *cells)
    return out


def _blocks(blocks: list[Text], height: int) -> Text:
    """One cell holding a block per envelope, each ``height`` lines, so rows line up."""
    padded = []
    for block in blocks:
        lines = block.copy()
        lines.append("\n" * (height - len(block.split("\n"))))
        padded.append(lines)
    return Text("\n").join(padded)


def _totals(p: Portfolio, unicode: bool, *, narrow: bool) -> Table:
    out = table(_("Totals per call (EUR), against the call's budget"), compact=True)
    out.add_column(_("call"), no_wrap=True)
    out.add_column(_("plans"), justify="right", no_wrap=True)
    if narrow:
        out.add_column(_("budget\nplans' caps"), justify="right", no_wrap=True)
        out.add_column(_("committed\npaid"), justify="right", no_wrap=True)
    else:
        for name in (N_("budget"), N_("plans' caps"), N_("committed"), N_("paid")):
            out.add_column(_(name), justify="right", no_wrap=True)
    out.add_column(_("used"), no_wrap=True)
    for t in p.calls:
        budget = Text(grouped(t.budget) if t.budget is not None else "—")
        if t.budget_derived:
            budget.append("*")
        if narrow:
            amounts = [stacked(budget, grouped(t.cap)),
                       stacked(grouped(t.committed), grouped(t.paid))]
        else:
            amounts = [budget, Text(grouped(t.cap)), Text(grouped(t.committed)),
                       Text(grouped(t.paid))]
        out.add_row(safe(t.call), Text(_plans_of(t)), *amounts, _call_bar(t, unicode))
    return out


def _plans_of(t: CallTotal) -> str:
    return _("{plans} of {selects}").format(plans=t.plans, selects=t.selects) if t.selects \
        else f"{t.plans}"


def _call_bar(t: CallTotal, unicode: bool) -> Text:
    return bar(t.share, unicode, SHORT_BAR) if t.share is not None else Text("—")


def _unreadable(p: Portfolio) -> Iterator[Text]:
    if p.unreadable:
        text = Text(_("Not shown (fix them with `transition check`):\n"), style="bold red")
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


# ---------------------------------------------------------------------------------------
# The strategy itself


def strategy_parts(s: StrategySection, unicode: bool = True) -> list[RenderableType]:
    """Priorities -> actions -> funding, the funding mix, indicators (what is due to the
    Commission is in the one section of what is due, ``render.due.status_section``)."""
    parts: list[RenderableType] = []
    if s.priorities:
        parts += [actions_table(s), funding_table(s)]
    if s.indicators:
        parts.append(indicators_table(s, unicode))
    return parts


def actions_table(s: StrategySection) -> RenderableType:
    """Wide: total, eligible, source, rate and amount in columns. Narrower: total over
    eligible, each source beside its rate. Narrowest: the figures under the title."""
    return Responsive([lambda: _actions(s, "wide"), lambda: _actions(s, "stacked"),
                       lambda: _actions(s, "narrow")])


def _source(line: tuple[str, Decimal | None]) -> str:
    source, share = line
    return safe(source).plain + (f" {rate(share)}" if share is not None else "")


def _money_lines(p: PriorityRow | ActionRow) -> tuple[list[tuple[str, Decimal | None]],
                                                      list[Decimal]]:
    """(source, rate) and amount of each funding line: an action's own, a priority's
    totals per source."""
    if isinstance(p, ActionRow):
        return [(f.source, f.rate) for f in p.funding], [f.amount for f in p.funding]
    return [(src, None) for src, _ in p.funding], [amount for _, amount in p.funding]


def _about(p: PriorityRow | ActionRow) -> Text:
    """Title, then what it builds on (a priority) or who leads it and when (an action)."""
    if isinstance(p, ActionRow):
        text = safe(p.title)
        lead = safe(p.lead).plain + (f" ({safe(p.cluster).plain})" if p.cluster else "")
        text.append("\n" + _("lead {lead} · {start} to {end}").format(
            lead=lead, start=p.start, end=p.end), style="dim")
        return text
    if not p.known:
        return Text(_("unknown priority (see check)"), style="bold red")
    text = Text(safe(p.title).plain, style="bold")
    details = [_("S3: {p}").format(p=safe(p.s3_domain).plain)]
    if p.s3_reference:
        details.append(safe(p.s3_reference).plain)
    details += [safe(t).plain for t in p.themes]
    text.append("\n" + " · ".join(details), style="dim")
    return text


def _actions(s: StrategySection, layout: str) -> Table:
    wide, narrow = layout == "wide", layout == "narrow"
    out = table(_("Priorities and actions (EUR)"), compact=True, leading=0 if wide else 1)
    out.add_column(_("id"), no_wrap=True)
    out.add_column(_("priority, action"), ratio=1, min_width=NAME_MIN if not wide else TITLE_MIN,
                   overflow="fold")
    if wide:
        for name in (N_("total"), N_("eligible")):
            out.add_column(_(name), justify="right", no_wrap=True)
        out.add_column(_("source"), no_wrap=True)
        out.add_column(_("rate"), justify="right", no_wrap=True)
        out.add_column(_("amount"), justify="right", no_wrap=True)
    elif not narrow:
        out.add_column(_("total\neligible"), justify="right", no_wrap=True)
        out.add_column(_("source, rate"), no_wrap=True)
        out.add_column(_("amount"), justify="right", no_wrap=True)
    for p in s.priorities:
        for row in p.rows:
            lines, amounts = _money_lines(row)
            about: RenderableType = Balanced(_about(row))
            style = "bold" if isinstance(row, PriorityRow) else ""
            ident = safe(row.id)
            ident.stylize(style)
            if narrow:
                grid = Table.grid(padding=(0, 2, 0, 0))
                grid.add_column(style="dim", no_wrap=True)
                grid.add_column(justify="right", no_wrap=True)
                grid.add_row("total", Text(grouped(row.total_cost), style=style))
                grid.add_row(_("eligible"), grouped(row.eligible_cost))
                for line, amount in zip(lines, amounts, strict=True):
                    grid.add_row(_source(line), grouped(amount))
                out.add_row(ident, Group(about, grid))
                continue
            amount_cell = Text("\n".join(grouped(a) for a in amounts) or "—")
            if wide:
                out.add_row(ident, about, Text(grouped(row.total_cost), style=style),
                            grouped(row.eligible_cost),
                            Text("\n".join(safe(src).plain for src, _ in lines) or "—"),
                            Text("\n".join(rate(r) if r is not None else "" for _, r in lines)),
                            amount_cell)
            else:
                out.add_row(ident, about, stacked(Text(grouped(row.total_cost), style=style),
                                                  grouped(row.eligible_cost)),
                            Text("\n".join(_source(line) for line in lines) or "—"),
                            amount_cell)
    return out


def _amount_lines(amounts: Amounts, total: Decimal) -> list[tuple[str, Decimal, Decimal]]:
    return [(source, amount, amount / total if total else Decimal(0))
            for source, amount in amounts]


def funding_table(s: StrategySection) -> Table:
    """Each source's total over all actions and its share of the total cost."""
    out = table(_("Funding mix (EUR)"), compact=True)
    out.add_column(_("source"), no_wrap=True)
    out.add_column(_("amount"), justify="right", no_wrap=True)
    out.add_column(_("share"), justify="right", no_wrap=True)
    total = s.total_cost
    for source, amount, share in _amount_lines(s.funding, total):
        out.add_row(safe(source), grouped(amount), percent(share))
    out.add_row(Text(_("total cost"), style="bold"), Text(grouped(total), style="bold"), "")
    out.add_row(Text(_("of which EU grants"), style="dim"), grouped(s.eu_total),
                percent(s.eu_total / total) if total else "—")
    out.add_row(Text(_("eligible cost"), style="dim"), grouped(s.eligible_cost), "")
    return out


def progress_bar(share: Decimal | None, unicode: bool = True) -> Text:
    """``██░░░  40%``: how far an indicator has come towards its target (more than 100 %
    beyond it; a negative share away from it)."""
    if share is None:
        return Text("—", style="dim")
    full, empty = ("█", "░") if unicode else ("#", "-")
    filled = max(0, min(SHORT_BAR, int((share * SHORT_BAR).to_integral_value())))
    text = Text(full * filled, style="green" if share >= 0 else "red")
    text.append(empty * (SHORT_BAR - filled), style="dim")
    text.append(f" {percent(share):>4}", style="bold red" if share < 0 else "")
    return text


def _measure(value: Decimal | None, day: object) -> Text:
    if value is None:
        return Text("—", style="dim")
    return stacked(number(value), Text(str(day), style="dim"))


def _indicator_about(i: IndicatorRow) -> Text:
    text = safe(i.title)
    details = " · ".join(x for x in (_(i.kind) if i.kind else "", safe(i.unit).plain,
                                     safe(i.measures).plain) if x)
    text.append(f"\n{details}", style="dim")
    return text


def indicators_table(s: StrategySection, unicode: bool = True) -> RenderableType:
    """Wide: baseline, latest value, target (each over its date) and progress in columns.
    Narrow: the figures under the title, one labelled line each."""
    return Responsive([lambda: _indicators(s, unicode, narrow=False),
                       lambda: _indicators(s, unicode, narrow=True)])


def _indicators(s: StrategySection, unicode: bool, *, narrow: bool) -> Table:
    out = table(_("Indicators"), compact=True, leading=1 if narrow else 0)
    out.add_column(_("id"), no_wrap=True)
    out.add_column(_("indicator"), ratio=1, min_width=NAME_MIN, overflow="fold")
    if not narrow:
        for name in (N_("baseline"), N_("latest"), N_("target")):
            out.add_column(_(name), justify="right", no_wrap=True)
        out.add_column(_("progress"), no_wrap=True)
    for i in s.indicators:
        latest = i.latest
        figures = [("baseline", i.baseline, i.baseline_date),
                   ("latest", latest[1] if latest else None, latest[0] if latest else ""),
                   ("target", i.target, i.target_date)]
        if narrow:
            grid = Table.grid(padding=(0, 2, 0, 0))
            grid.add_column(style="dim", no_wrap=True)
            grid.add_column(justify="right", no_wrap=True)
            grid.add_column(style="dim", no_wrap=True)
            for label, value, day in figures:
                grid.add_row(_(label), number(value) if value is not None else "—", str(day))
            grid.add_row(_("progress"), progress_bar(i.progress, unicode), "")
            out.add_row(safe(i.id), Group(Balanced(_indicator_about(i)), grid))
        else:
            out.add_row(safe(i.id), Balanced(_indicator_about(i)),
                        *(_measure(value, day) for _, value, day in figures),
                        progress_bar(i.progress, unicode))
    return out


def deliverable_state(d: DeliverableRow) -> Text:
    if d.state == "overdue":
        return Text(_("OVERDUE {late_days} d").format(late_days=d.late_days), style="bold red")
    if d.state == "submitted":
        return Text(_("submitted {submitted}").format(submitted=d.submitted),
                    style=STATUS_STYLE["done"])
    return Text(_("due"))


def deliverables_table(s: StrategySection) -> RenderableType:
    """Wide: due, state and slip in columns; narrow: the state under the due date."""
    return Responsive([lambda: _deliverables(s, narrow=False),
                       lambda: _deliverables(s, narrow=True)])


def _deliverables(s: StrategySection, *, narrow: bool) -> Table:
    out = table(_("Due to the Commission"), compact=True)
    out.add_column(_("id"), no_wrap=True)
    out.add_column(_("deliverable"), ratio=1, min_width=NAME_MIN, overflow="fold")
    if narrow:
        out.add_column(_("due\nstate"), no_wrap=True)
    else:
        out.add_column(_("due"), no_wrap=True)
        out.add_column(_("state"), no_wrap=True)
    out.add_column(_("late"), justify="right", no_wrap=True)
    for d in s.deliverables:
        about = safe(d.title)
        if d.milestone:
            about.append(_("\ncloses {d}").format(d=safe(d.milestone).plain), style="dim")
        late = (Text(_("+{late_days} d").format(late_days=d.late_days), style="red") if d.late_days
                else Text("—", style="dim"))
        state = deliverable_state(d)
        dates = [stacked(str(d.due), state)] if narrow else [Text(str(d.due)), state]
        out.add_row(safe(d.id), Balanced(about), *dates, late)
    return out


def funding_per_call(p: Portfolio) -> Table:
    """The funding mix of the strategies' actions, per call and source."""
    out = table(_("Funding mix per call (EUR)"), compact=True)
    out.add_column(_("call"), no_wrap=True)
    out.add_column(_("source"), no_wrap=True)
    out.add_column(_("amount"), justify="right", no_wrap=True)
    out.add_column(_("share"), justify="right", no_wrap=True)
    for t in p.calls:
        if not t.funding:
            continue
        lines = _amount_lines(t.funding, t.funding_total)
        out.add_row(safe(t.call), Text("\n".join(safe(src).plain for src, _, _ in lines)),
                    Text("\n".join(grouped(a) for _, a, _ in lines)),
                    Text("\n".join(percent(share) for _, _, share in lines)))
        out.add_row("", Text("total", style="bold"),
                    Text(grouped(t.funding_total), style="bold"), "")
    return out
