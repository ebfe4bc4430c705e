"""A steering-committee report in Markdown or HTML: the status tables, ready to send, and
a portfolio report over several plans.

One plan: status and reasons, milestones (owners by name), what is due in the next 30 days
and what was sent to the Commission (one section), the timeline, envelopes and their
forecast, the commitments and payments themselves, the team, clusters, the strategy's
funding and indicators, findings. Several plans: one row each, totals per call, and what is
due across them.

Text from files is made inert, then escaped for the format: Markdown gets its punctuation
backslash-escaped and ``<``/``>``/``&`` as entities (Markdown passes HTML through); HTML
gets ``html.escape`` on every text and attribute. Nothing from a file becomes a link, a tag
or a table cell boundary.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Sequence
from decimal import Decimal

from transition_cli.core.findings import Severity
from transition_cli.core.i18n import N_, _, language
from transition_cli.core.model import HOLDER_NAMES
from transition_cli.core.money import days, grouped, number, percent, rate
from transition_cli.core.text import inert, plural
from transition_cli.due import DueItem
from transition_cli.views import (
    FORECAST_WINDOW_DAYS,
    ActionRow,
    CallTotal,
    DeliverableRow,
    EnvelopeRow,
    IndicatorRow,
    MilestoneRow,
    Portfolio,
    PriorityRow,
    StatusReport,
    StrategySection,
)

# Emphasis, code, links (brackets), table cells (pipe) and strikethrough. Other
# punctuation reads as itself ("Wallonie : de l'industrie" keeps its colon as written).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# What GitHub's Markdown turns into a link on its own: "www.", a scheme's "://", the
# schemes it links without slashes, and an e-mail address. Escaping that one ".", ":" or
# "@" keeps them text.
_WWW = re.compile(r"(www)\.", re.IGNORECASE)
_SCHEME = re.compile(r"(?<=[A-Za-z0-9])(:)(?=//)|(?<=mailto)(:)|(?<=xmpp)(:)", re.IGNORECASE)
_EMAIL = re.compile(r"(?<=[\w.+-])@(?=[\w-]+\.)")


def md(text: str) -> str:
    """Inert, escaped Markdown inline text (safe in table cells)."""
    value = inert(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    value = _EMAIL.sub(r"\\@", _SCHEME.sub(r"\\:", value))
    return _WWW.sub(r"\1\\.", value)


def h(text: str) -> str:
    return _html.escape(inert(text), quote=True)


def milestone_status(m: MilestoneRow) -> str:
    if m.late:
        return _("LATE {late_days} d").format(late_days=m.late_days)
    if m.status == "done" and m.finished:
        return _("done {finished}").format(finished=m.finished)
    return _(m.status)


def slip(days: int) -> str:
    return _("{days:+d} d").format(days=days) if days else "—"


def forecast(e: EnvelopeRow) -> str:
    fc = e.forecast
    if e.over_cap:
        return _("over the cap by {grouped}").format(grouped=grouped(e.committed - e.limit))
    if not fc.sound:
        return fc.basis
    cap = (_("cap reached {date}").format(date=fc.cap_reached) if fc.cap_reached
           else _("cap not reached"))
    if fc.left_at_end < 0:
        return _("{cap}; {grouped} over the cap at the end ({basis})").format(
                 cap=cap, grouped=grouped(-fc.left_at_end), basis=fc.basis)
    return _("{cap}; {grouped} left at the end ({basis})").format(
             cap=cap, grouped=grouped(fc.left_at_end), basis=fc.basis)


def gate(e: EnvelopeRow) -> tuple[str, str | None]:
    return ("—" if e.gate_state == "none" else _(e.gate_state)), e.gate


def held_by(e: EnvelopeRow) -> str:
    """Who commits and pays the envelope, as its call declares."""
    return _(HOLDER_NAMES.get(e.managed_by or "", "—"))


def award(e: EnvelopeRow, esc: Callable[[str], str]) -> str:
    """The award that opens it: "EUR 300,000.00 on 2019-01-21 (AWD-1)", "awaited", "—"."""
    if e.award_state == "none":
        return "—"
    if not e.awards:
        return _("awaited ({holder}'s decision)").format(
            holder=_(HOLDER_NAMES.get(e.awarded_by or "", "")))
    return "; ".join(_("{amount} on {date} ({decision})").format(
        amount=grouped(a.amount), date=a.date, decision=esc(a.decision)) for a in e.awards)


def _title(r: StatusReport) -> str:
    return r.name or r.title


# Sections both formats show the same way, but for how text is escaped (``md`` or ``h``).
EXPERT_HEADER = [N_("id"), N_("name"), N_("role"), N_("organisation"), N_("days planned"),
                 N_("days logged"),
                 N_("cost planned"), N_("cost logged")]
EXPERT_RIGHT = frozenset({4, 5, 6, 7})
CLUSTER_HEADER = [N_("id"), N_("cluster"), N_("theme"), N_("members")]


def _expert_rows(r: StatusReport, esc: Callable[[str], str]) -> list[list[str]]:
    return [[esc(x.id), esc(x.name), esc(x.role), esc(x.organisation), days(x.planned_days),
             days(x.logged_days) + (_(" (+{days} over plan)").format(
                                      days=days(x.logged_days - x.planned_days))
                                    if x.logged_days > x.planned_days else ""),
             grouped(x.planned_cost), grouped(x.logged_cost)]
            for x in r.experts]


def _cluster_rows(r: StatusReport, esc: Callable[[str], str]) -> list[list[str]]:
    return [[esc(c.id), esc(c.name), esc(c.theme),
             "; ".join(f"{esc(n)} ({esc(k)})" for n, k in c.members) or "—"]
            for c in r.clusters]


# The strategy itself: the same tables in both formats. ``br`` breaks a line inside a cell
# (Markdown cells hold one line: "; " separates there).

Section = tuple[list[str], list[list[str]], frozenset[int]]
HTML_BREAK = "<br>"


def _funding_cells(row: PriorityRow | ActionRow, br: str, esc: Callable[[str], str]
                   ) -> list[str]:
    """Each source (with its rate and who provides it), and each amount."""
    if isinstance(row, ActionRow):
        lines = [(f.source, f.rate, f.name, f.amount) for f in row.funding]
    else:
        lines = [(source, None, "", amount) for source, amount in row.funding]
    return [br.join(esc(src) + (f" {rate(r)}" if r is not None else "")
                    + (f" ({esc(name)})" if name else "") for src, r, name, _ in lines)
            or "—", br.join(grouped(amount) for *_, amount in lines) or "—"]


def _priority_cells(p: PriorityRow, esc: Callable[[str], str], br: str) -> list[str]:
    if not p.known:
        return [esc(p.id), _("unknown priority (see check)")]
    about = [esc(p.title),
             _("S3: {esc}").format(esc=esc(p.s3_domain)) + (f" ({esc(p.s3_reference)})"
                                                        if p.s3_reference else "")]
    if p.themes:
        about.append(_("themes: ") + ", ".join(esc(t) for t in p.themes))
    if p.rationale:
        about.append(esc(p.rationale))
    strong = f"<strong>{esc(p.id)}</strong>" if br == HTML_BREAK else f"**{esc(p.id)}**"
    return [strong, br.join(about)]


def _action_cells(a: ActionRow, esc: Callable[[str], str], br: str) -> list[str]:
    lead = esc(a.lead) + (f" ({esc(a.cluster)})" if a.cluster else "")
    return [esc(a.id),
            br.join((esc(a.title), _("lead {lead}").format(lead=lead), _("{start} to {end}").format(
                                                                start=a.start, end=a.end)))]


def _measure(value: Decimal | None, day: object) -> str:
    return "—" if value is None else f"{number(value)} ({day})"


def _indicator_row(i: IndicatorRow, esc: Callable[[str], str], br: str) -> list[str]:
    latest = i.latest
    about = br.join((esc(i.title), " · ".join(x for x in (_(i.kind) if i.kind else "", esc(i.unit),
                                                          esc(i.measures)) if x)))
    return [esc(i.id), about, _measure(i.baseline, i.baseline_date),
            _measure(latest[1], latest[0]) if latest else "—",
            _measure(i.target, i.target_date),
            percent(i.progress) if i.progress is not None else "—"]


def deliverable_state(d: DeliverableRow) -> str:
    if d.state == "overdue":
        return _("OVERDUE {late_days} d").format(late_days=d.late_days)
    return (_("submitted {submitted}").format(submitted=d.submitted) if d.state == "submitted"
            else _("due"))


def strategy_tables(s: StrategySection, esc: Callable[[str], str], br: str = "; "
                    ) -> list[tuple[str, Section]]:
    """(title, (header, rows, right-aligned columns)) of each non-empty section."""
    out: list[tuple[str, Section]] = []
    if s.priorities:
        rows = [[*(_priority_cells(row, esc, br) if isinstance(row, PriorityRow)
                   else _action_cells(row, esc, br)),
                 grouped(row.total_cost), grouped(row.eligible_cost),
                 *_funding_cells(row, br, esc)]
                for p in s.priorities for row in p.rows]
        out.append((_("Priorities and actions (EUR)"), (
            [N_("id"), N_("priority, action"), N_("total"), N_("eligible"), N_("sources"),
             N_("amounts")], rows,
            frozenset({2, 3, 5}))))
        total = s.total_cost
        mix = [[esc(source), grouped(amount), percent(amount / total) if total else "—"]
               for source, amount in s.funding]
        mix += [[_("total cost"), grouped(total), ""],
                [_("of which EU grants"), grouped(s.eu_total),
                 percent(s.eu_total / total) if total else "—"],
                [_("eligible cost"), grouped(s.eligible_cost), ""]]
        out.append((_("Funding mix (EUR)"), ([N_("source"), N_("amount"), N_("share")], mix,
                                          frozenset({1, 2}))))
    if s.indicators:
        out.append((_("Indicators"), (
            [N_("id"), N_("indicator"), N_("baseline"), N_("latest"), N_("target"), N_("progress")],
            [_indicator_row(i, esc, br) for i in s.indicators], frozenset({5}))))
    return out  # what is due to the Commission: in ``due_section``


MONEY_KINDS = {"budget.award": N_("award"), "budget.commit": N_("commitment"),
               "budget.pay": N_("payment"), "budget.release": N_("release")}


def money_section(r: StatusReport, esc: Callable[[str], str]) -> Section:
    """Every award, commitment, payment and release in force, as of the report."""
    rows = [[str(m.entry), str(m.date), _(MONEY_KINDS.get(m.kind, m.kind)), esc(m.envelope),
             esc(m.ref) or "—", grouped(m.amount), esc(m.expert) or "—", esc(m.note)]
            for m in r.money]
    return (["#", N_("date"), N_("what"), N_("envelope"), N_("reference"), "EUR", N_("for"),
             N_("note")], rows,
            frozenset({0, 5}))


def _when(item: DueItem) -> str:
    return _("OVERDUE {days} d").format(days=-item.days) if item.overdue else item.when


def due_rows(items: Sequence[DueItem], esc: Callable[[str], str], br: str,
             files: bool = False) -> list[list[str]]:
    return [[str(i.date), _when(i),
             f"{_(i.kind)} {esc(i.id)} {esc(i.title)}" + (f"{br}{esc(i.detail)}" if i.detail
                                                      else "")
             + (f"{br}{esc(i.file)}" if files else ""), esc(i.record)] for i in items]


DUE_HEADER = [N_("due"), N_("when"), N_("what"), N_("record it with")]


def due_section(r: StatusReport, esc: Callable[[str], str], br: str = "; ") -> Section:
    """What is due in the next days (and overdue), then the deliverables not listed: those
    sent to the Commission (on time or late) and those due later."""
    rows = due_rows(r.due, esc, br)
    listed = {i.id for i in r.due if i.kind == "deliverable"}
    for d in r.strategy.deliverables if r.strategy is not None else ():
        if d.id in listed:
            continue
        when = (_("sent {submitted}, ").format(submitted=d.submitted)
                + (_("+{late_days} d late").format(late_days=d.late_days) if d.late_days
                                           else _("on time"))
                if d.submitted is not None else _("later"))
        rows.append([str(d.due), when, _("deliverable {esc} {esc2}").format(
                                         esc=esc(d.id), esc2=esc(d.title))
                     + (_("{br}closes {esc}").format(br=br,
                         esc=esc(d.milestone)) if d.milestone else ""),
                     "—" if d.submitted is not None else
                     esc(f"transition deliverable submit {r.file} {d.id}")])
    return DUE_HEADER, rows, frozenset()


def timeline_text(r: StatusReport, width: int = 100) -> str:
    """The timeline as plain text (ASCII), as `transition timeline` draws it."""
    from transition_cli.render.status import fixed_console, lines
    from transition_cli.render.timeline import timeline

    return "\n".join(lines(timeline(r, width, unicode=False), fixed_console(width)))


def _fence(text: str) -> str:
    """A Markdown code fence longer than any run of backticks in ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


# ---------------------------------------------------------------------------------------


def _md_table(header: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()) -> str:
    lines = ["| " + " | ".join(_(h) for h in header) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def markdown(r: StatusReport) -> str:
    out = [_("# Status report: {md}").format(md=md(_title(r))), ""]
    out.append(f"**{md(r.title)}**  ")
    if r.nuts:
        out.append(_("NUTS: {md}  ").format(md=md(', '.join(r.nuts))))
    call = md(r.call) + (f" ({md(r.call_title)})" if r.call_title else "")
    out.append(_("Call: {call}  ").format(call=call))
    out.append(_("Period: {period_start} to {period_end}  ").format(
                 period_start=r.period_start, period_end=r.period_end))
    out.append(_("As of: {as_of}").format(as_of=r.as_of))
    out.append("")
    out.append(_("**Overall: {r}** — ").format(r=_(r.overall).upper())
               + "; ".join(md(x) for x in r.reasons))
    out += ["", _("## Milestones"), ""]
    out.append(_md_table(
        [N_("id"), N_("milestone"), N_("owner"), N_("status"), N_("baseline"), N_("due"),
         N_("slip")],
        [[md(m.id), md(m.title), md(r.name_of(m.owner)) or "—",
          f"**{milestone_status(m)}**" if m.late else milestone_status(m),
          str(m.baseline_due), str(m.due), slip(m.slip_days)] for m in r.milestones],
        right=frozenset({6})))
    header, rows, right = due_section(r, md)
    out += ["", _("## What is due (next {due_within} days), and what was sent").format(
                  due_within=r.due_within), ""]
    out.append(_md_table(header, rows, right) if rows else
               _("Nothing overdue or due in the next {due_within} days.").format(
                 due_within=r.due_within))
    if r.milestones:
        text = timeline_text(r)
        out += ["", _("## Timeline"), "", _fence(text) + "text", text, _fence(text)]
    out += ["", _("## Envelopes (EUR; forecast at the pace of the last {FORECAST_WINDOW_DAYS} "
                  "days)").format(FORECAST_WINDOW_DAYS=FORECAST_WINDOW_DAYS), ""]
    rows = []
    for e in r.envelopes:
        state, gate_id = gate(e)
        rows.append([md(e.id), held_by(e), grouped(e.cap), grouped(e.committed),
                     grouped(e.paid), grouped(e.remaining), percent(e.share),
                     state + (f" ({md(gate_id)})" if gate_id else ""), award(e, md),
                     forecast(e)])
    out.append(_md_table(["envelope", _("held by"), "cap", "committed", "paid", "remaining",
                          "used", "gate", "award", "forecast"], rows,
                         right=frozenset({2, 3, 4, 5, 6})))
    if r.money:
        out += ["", _("## Commitments and payments (EUR)"), ""]
        out.append(_md_table(*money_section(r, md)))
    if r.experts:
        out += ["", _("## Expert team (EUR)"), ""]
        out.append(_md_table(EXPERT_HEADER, _expert_rows(r, md), right=EXPERT_RIGHT))
    if r.clusters:
        out += ["", _("## Clusters"), ""]
        out.append(_md_table(CLUSTER_HEADER, _cluster_rows(r, md)))
    if r.strategy is not None:
        for title, (header, rows, right) in strategy_tables(r.strategy, md):
            out += ["", f"## {title}", "", _md_table(header, rows, right)]
    if r.findings:
        out += ["", _("## Findings from check"), ""]
        for f in r.findings:
            out.append(f"- {f.severity.value} {f.code} {md(f.key)}: {md(f.message)}")
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------

_CSS = """body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.late{color:#b00;font-weight:bold}.rag{padding:.1em .5em;border-radius:.3em;color:#fff}
.red{background:#b00}.amber{background:#d80;color:#000}.green{background:#080}
.bar{display:inline-block;width:6em;height:.8em;background:#eee;vertical-align:middle}
.bar span{display:block;height:100%;background:#080}.bar .over{background:#b00}
.error{color:#b00}.warning{color:#a60}"""


def _html_table(header: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()
                ) -> str:
    def cls(i: int) -> str:
        return ' class="n"' if i in right else ""

    head = "".join(f"<th{cls(i)}>{_(name)}</th>" for i, name in enumerate(header))
    body = "\n".join(
        "<tr>" + "".join(f"<td{cls(i)}>{cell}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _bar(share: Decimal) -> str:
    width = min(share, Decimal(1)) * 100
    over = ' class="over"' if share > 1 else ""
    return (f'<span class="bar"><span{over} style="width:{width:.0f}%"></span></span> '
            f"{percent(share)}")


def html(r: StatusReport) -> str:
    title = h(_title(r))
    out = ["<!DOCTYPE html>", f'<html lang="{language()}">', "<head>", '<meta charset="utf-8">',
           _("<title>Status report: {title}</title>").format(title=title),
           f"<style>{_CSS}</style>", "</head>", "<body>",
           _("<h1>Status report: {title}</h1>").format(title=title),
           f"<p><strong>{h(r.title)}</strong>"]
    if r.nuts:
        out.append(f"<br>NUTS: {h(', '.join(r.nuts))}")
    call = h(r.call) + (f" ({h(r.call_title)})" if r.call_title else "")
    out.append(_("<br>Call: {call}<br>Period: {period_start} to {period_end}<br>As of: "
                 "{as_of}</p>").format(
                 call=call, period_start=r.period_start, period_end=r.period_end, as_of=r.as_of))
    out.append(_("<p>Overall: <span class=\"rag {overall}\">{r}</span> ").format(
                 overall=r.overall, r=_(r.overall).upper())
               + "; ".join(h(x) for x in r.reasons) + "</p>")
    out.append(_("<h2>Milestones</h2>"))
    out.append(_html_table(
        [N_("id"), N_("milestone"), N_("owner"), N_("status"), N_("baseline"), N_("due"),
         N_("slip")],
        [[h(m.id), h(m.title), h(r.name_of(m.owner)) or "—",
          f'<span class="late">{milestone_status(m)}</span>' if m.late
          else milestone_status(m),
          str(m.baseline_due), str(m.due), slip(m.slip_days)] for m in r.milestones],
        right=frozenset({6})))
    header, rows, right = due_section(r, h, HTML_BREAK)
    out.append(_("<h2>What is due (next {due_within} days), and what was sent</h2>").format(
                 due_within=r.due_within))
    out.append(_html_table(header, rows, right) if rows else
               _("<p>Nothing overdue or due in the next {due_within} days.</p>").format(
                 due_within=r.due_within))
    if r.milestones:
        timeline = _html.escape(inert(timeline_text(r), keep_newlines=True), quote=True)
        out += [_("<h2>Timeline</h2>"), f"<pre>{timeline}</pre>"]
    out.append(_("<h2>Envelopes (EUR; forecast at the pace of the last {FORECAST_WINDOW_DAYS} "
                 "days)</h2>").format(FORECAST_WINDOW_DAYS=FORECAST_WINDOW_DAYS))
    rows = []
    for e in r.envelopes:
        state, gate_id = gate(e)
        rows.append([h(e.id), held_by(e), grouped(e.cap), grouped(e.committed),
                     grouped(e.paid), grouped(e.remaining), _bar(e.share),
                     state + (f" ({h(gate_id)})" if gate_id else ""), award(e, h),
                     h(forecast(e))])
    out.append(_html_table([N_("envelope"), N_("held by"), N_("cap"), N_("committed"), N_("paid"),
                            N_("remaining"),
                            N_("used"), N_("gate"), N_("award"), N_("forecast")], rows,
                           right=frozenset({2, 3, 4, 5})))
    if r.money:
        out.append(_("<h2>Commitments and payments (EUR)</h2>"))
        out.append(_html_table(*money_section(r, h)))
    if r.experts:
        out.append(_("<h2>Expert team (EUR)</h2>"))
        out.append(_html_table(EXPERT_HEADER, _expert_rows(r, h), right=EXPERT_RIGHT))
    if r.clusters:
        out.append(_("<h2>Clusters</h2>"))
        out.append(_html_table(CLUSTER_HEADER, _cluster_rows(r, h)))
    if r.strategy is not None:
        for title, (header, rows, right) in strategy_tables(r.strategy, h, HTML_BREAK):
            out += [f"<h2>{title}</h2>", _html_table(header, rows, right)]
    if r.findings:
        out.append(_("<h2>Findings from check</h2>\n<ul>"))
        for f in r.findings:
            sev = _("error") if f.severity is Severity.ERROR else _("warning")
            out.append(f'<li class="{sev}">{sev} {h(f.code)} {h(f.key)}: {h(f.message)}</li>')
        out.append("</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# A portfolio: several plans


PLAN_HEADER = [N_("plan"), N_("file"), N_("status"), N_("reason"), N_("milestones done"),
               N_("late"), N_("committed"),
               N_("paid"), N_("cap")]
CALL_HEADER = [N_("call"), N_("plans"), N_("budget"), N_("plans' caps"), N_("committed"),
               N_("paid"), N_("used")]


def _plan_rows(p: Portfolio, esc: Callable[[str], str]) -> list[list[str]]:
    return [[esc(row.name or row.title), esc(row.file), _(row.overall).upper(), esc(row.reason),
             f"{row.done}/{row.total}", str(row.late), grouped(row.committed),
             grouped(row.paid), grouped(row.cap)] for row in p.rows]


def _call_rows(p: Portfolio, esc: Callable[[str], str]) -> list[list[str]]:
    def budget(t: CallTotal) -> str:
        return (grouped(t.budget) + (_(" (derived)") if t.budget_derived else "")
                if t.budget is not None else "—")

    return [[esc(t.call),
             f"{t.plans}" + (_(" of {selects}").format(selects=t.selects) if t.selects else ""),
             budget(t), grouped(t.cap), grouped(t.committed), grouped(t.paid),
             percent(t.share) if t.share is not None else "—"] for t in p.calls]


def _plans(p: Portfolio) -> str:
    return plural(len(p.rows), "plan")


def _portfolio_due(p: Portfolio) -> list[DueItem]:
    return sorted((i for r in p.reports for i in r.due), key=lambda i: (i.date, i.file))


def portfolio_markdown(p: Portfolio) -> str:
    out = [_("# Portfolio report: {_plans}").format(_plans=_plans(p)), "",
           _("As of: {as_of}").format(as_of=p.as_of), "",
           _("## Plans (EUR)"), "",
           _md_table(PLAN_HEADER, _plan_rows(p, md), frozenset({4, 5, 6, 7, 8})),
           "", _("## Totals per call, against the call's budget (EUR)"), "",
           _md_table(CALL_HEADER, _call_rows(p, md), frozenset({1, 2, 3, 4, 5, 6}))]
    due = _portfolio_due(p)
    within = p.reports[0].due_within if p.reports else 30
    out += ["", _("## What is due (next {within} days)").format(within=within), ""]
    out.append(_md_table(DUE_HEADER, due_rows(due, md, "; ", files=True)) if due else
               _("Nothing overdue or due in the next {within} days.").format(within=within))
    if p.unreadable:
        out += ["", _("## Not shown (fix them with `transition check`)"), ""]
        out += [f"- {md(u.file)}: {md(u.message)}" for u in p.unreadable]
    out.append("")
    return "\n".join(out)


def portfolio_html(p: Portfolio) -> str:
    out = ["<!DOCTYPE html>", f'<html lang="{language()}">', "<head>", '<meta charset="utf-8">',
           _("<title>Portfolio report: {_plans}</title>").format(_plans=_plans(p)),
           f"<style>{_CSS}</style>",
           "</head>", "<body>", _("<h1>Portfolio report: {_plans}</h1>").format(_plans=_plans(p)),
           _("<p>As of: {as_of}</p>").format(as_of=p.as_of), _("<h2>Plans (EUR)</h2>"),
           _html_table(PLAN_HEADER, _plan_rows(p, h), frozenset({4, 5, 6, 7, 8})),
           _("<h2>Totals per call, against the call's budget (EUR)</h2>"),
           _html_table(CALL_HEADER, _call_rows(p, h), frozenset({1, 2, 3, 4, 5, 6}))]
    due = _portfolio_due(p)
    within = p.reports[0].due_within if p.reports else 30
    out.append(_("<h2>What is due (next {within} days)</h2>").format(within=within))
    out.append(_html_table(DUE_HEADER, due_rows(due, h, HTML_BREAK, files=True)) if due else
               _("<p>Nothing overdue or due in the next {within} days.</p>").format(within=within))
    if p.unreadable:
        out.append(_("<h2>Not shown (fix them with <code>transition check</code>)</h2>\n<ul>"))
        out += [f"<li>{h(u.file)}: {h(u.message)}</li>" for u in p.unreadable]
        out.append("</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
