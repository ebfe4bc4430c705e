"""``status --format json``: the shape documented in docs/STATUS-JSON.md.

Stable keys, amounts as strings with two decimals (exact, no float), dates as ISO strings,
every text from a file passed through ``inert`` (no control, escape or bidi characters).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from transition_cli.core.money import plain
from transition_cli.core.text import inert
from transition_cli.due import DueItem
from transition_cli.views import (
    ActionRow,
    Amounts,
    CallTotal,
    EnvelopeRow,
    MilestoneRow,
    Portfolio,
    PortfolioRow,
    StatusReport,
    StrategySection,
)

SCHEMA_VERSION = 1


def amount(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def _share(value: Decimal) -> str:
    """A share of a cap as a string with four decimals (0.4250 = 42.5 %)."""
    return f"{value:.4f}"


def _s(text: str) -> str:
    return inert(text)


def _milestone(m: MilestoneRow) -> dict[str, Any]:
    return {
        "id": _s(m.id), "title": _s(m.title), "owner": _s(m.owner) or None,
        "status": m.status, "late": m.late, "late_days": m.late_days,
        "start": m.start.isoformat() if m.start else None,
        "baseline_due": m.baseline_due.isoformat(), "due": m.due.isoformat(),
        "finished": m.finished.isoformat() if m.finished else None,
        "slip_days": m.slip_days, "depends_on": [_s(d) for d in m.depends_on],
        "deliverable": _s(m.deliverable),
    }


def _envelope(e: EnvelopeRow) -> dict[str, Any]:
    fc = e.forecast
    return {
        "id": _s(e.id), "title": _s(e.title), "cap": amount(e.cap),
        "committed": amount(e.committed), "paid": amount(e.paid),
        "remaining": amount(e.remaining), "share": _share(e.share),
        "gate": _s(e.gate) if e.gate else None, "gate_state": e.gate_state,
        "managed_by": e.managed_by, "awarded_by": e.awarded_by,
        "award_state": e.award_state, "awarded": amount(e.awarded),
        "awards": [{"date": a.date.isoformat(), "amount": amount(a.amount),
                    "decision": _s(a.decision)} for a in e.awards],
        "available": amount(e.limit),
        "forecast": {
            "window_start": fc.window_start.isoformat(),
            "window_committed": amount(fc.window_committed),
            "cap_reached": fc.cap_reached.isoformat() if fc.cap_reached else None,
            "within_period": fc.within_period,
            "left_at_end": amount(fc.left_at_end),
            "entries": fc.entries, "span_days": fc.span_days,
            "largest": amount(fc.largest), "sound": fc.sound, "basis": fc.basis,
        },
    }


def report_dict(r: StatusReport) -> dict[str, Any]:
    return {
        "schema": f"transition-status/{SCHEMA_VERSION}",
        "kind": r.kind,
        "file": _s(r.file),
        "title": _s(r.title),
        "name": _s(r.name),
        "nuts": [_s(n) for n in r.nuts],
        "call": {"id": _s(r.call), "title": _s(r.call_title)},
        "period": {"start": r.period_start.isoformat(), "end": r.period_end.isoformat()},
        "as_of": r.as_of.isoformat(),
        "overall": r.overall,
        "reasons": [_s(x) for x in r.reasons],
        "milestones": [_milestone(m) for m in r.milestones],
        "envelopes": [_envelope(e) for e in r.envelopes],
        "experts": [
            {"id": _s(x.id), "name": _s(x.name), "role": _s(x.role),
             "organisation": _s(x.organisation), "day_rate": amount(x.day_rate),
             "planned_days": f"{x.planned_days:.2f}", "logged_days": f"{x.logged_days:.2f}",
             "planned_cost": amount(x.planned_cost), "logged_cost": amount(x.logged_cost)}
            for x in r.experts
        ],
        "clusters": [
            {"id": _s(c.id), "name": _s(c.name), "theme": _s(c.theme),
             "members": [{"name": _s(n), "kind": _s(k)} for n, k in c.members]}
            for c in r.clusters
        ],
        "findings": [
            {"code": f.code, "severity": f.severity.value, "message": _s(f.message),
             "file": _s(f.file), "line": f.line, "column": f.column, "key": _s(f.key)}
            for f in r.findings
        ],
        "strategy": strategy_dict(r.strategy) if r.strategy is not None else None,
        "due": {"within": r.due_within, "items": [_due(i) for i in r.due]},
    }


def _due(i: DueItem) -> dict[str, Any]:
    return {"kind": i.kind, "id": _s(i.id), "title": _s(i.title), "date": i.date.isoformat(),
            "days": i.days, "overdue": i.overdue, "detail": _s(i.detail),
            "record": _s(i.record)}


def _rate(value: Decimal | None) -> str | None:
    """A co-financing rate in percent, as a string with two decimals ("50.00")."""
    return None if value is None else f"{value:.2f}"


def _number(value: Decimal | None) -> str | None:
    """A value in an indicator's unit, as written ("12000", "18.5")."""
    return None if value is None else f"{value:f}"


def _amounts(amounts: Amounts) -> list[dict[str, Any]]:
    return [{"source": _s(source), "amount": amount(value)} for source, value in amounts]


def _action(a: ActionRow) -> dict[str, Any]:
    return {
        "id": _s(a.id), "title": _s(a.title), "lead": _s(a.lead),
        "cluster": _s(a.cluster) if a.cluster else None,
        "start": a.start.isoformat(), "end": a.end.isoformat(),
        "total_cost": amount(a.total_cost), "eligible_cost": amount(a.eligible_cost),
        "funding": [{"source": _s(f.source), "amount": amount(f.amount), "rate": _rate(f.rate),
                     "name": _s(f.name)} for f in a.funding],
    }


def strategy_dict(s: StrategySection) -> dict[str, Any]:
    return {
        "priorities": [
            {"id": _s(p.id), "known": p.known, "title": _s(p.title),
             "s3_domain": _s(p.s3_domain), "s3_reference": _s(p.s3_reference),
             "themes": [_s(t) for t in p.themes], "rationale": _s(p.rationale),
             "total_cost": amount(p.total_cost), "eligible_cost": amount(p.eligible_cost),
             "funding": _amounts(p.funding), "actions": [_action(a) for a in p.actions]}
            for p in s.priorities
        ],
        "total_cost": amount(s.total_cost), "eligible_cost": amount(s.eligible_cost),
        "eu_grants": amount(s.eu_total), "funding": _amounts(s.funding),
        "indicators": [
            {"id": _s(i.id), "title": _s(i.title), "unit": _s(i.unit), "kind": i.kind,
             "measures": _s(i.measures),
             "baseline": {"value": _number(i.baseline), "date": i.baseline_date.isoformat()},
             "target": {"value": _number(i.target), "date": i.target_date.isoformat()},
             "values": [{"date": day.isoformat(), "value": _number(value)}
                        for day, value in i.readings],
             "progress": _share(i.progress) if i.progress is not None else None}
            for i in s.indicators
        ],
        "deliverables": [
            {"id": _s(d.id), "title": _s(d.title), "due": d.due.isoformat(),
             "milestone": _s(d.milestone) if d.milestone else None, "state": d.state,
             "submitted": d.submitted.isoformat() if d.submitted else None,
             "late_days": d.late_days}
            for d in s.deliverables
        ],
    }


def _row(r: PortfolioRow) -> dict[str, Any]:
    return {
        "file": _s(r.file), "name": _s(r.name), "title": _s(r.title), "call": _s(r.call),
        "overall": r.overall, "reason": _s(r.reason),
        "milestones": {"done": r.done, "total": r.total, "late": r.late},
        "envelopes": [
            {"id": _s(i), "committed": amount(c), "cap": amount(cap),
             "share": _share(c / cap if cap else Decimal(0))}
            for i, c, cap in r.envelopes
        ],
        "committed": amount(r.committed), "cap": amount(r.cap), "paid": amount(r.paid),
        "partnerships": [_s(p) for p in r.partnerships],
        "funding": _amounts(r.funding),
    }


def _call(t: CallTotal) -> dict[str, Any]:
    return {
        "id": _s(t.call), "title": _s(t.title), "plans": t.plans, "selects": t.selects,
        "budget": amount(t.budget), "budget_derived": t.budget_derived, "cap": amount(t.cap),
        "committed": amount(t.committed), "paid": amount(t.paid),
        "share": _share(t.share) if t.share is not None else None,
        "funding": _amounts(t.funding),
    }


def portfolio_dict(p: Portfolio) -> dict[str, Any]:
    return {
        "schema": f"transition-portfolio/{SCHEMA_VERSION}",
        "as_of": p.as_of.isoformat(),
        "plans": [_row(r) for r in p.rows],
        "calls": [_call(t) for t in p.calls],
        "unreadable": [{"file": _s(u.file), "message": _s(u.message)} for u in p.unreadable],
    }


def dumps(data: dict[str, Any]) -> str:
    # ensure_ascii=False keeps accented names readable; inert() already removed every
    # control and bidi character, so nothing unsafe is left to escape.
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
