"""Rules on the strategy itself (T): its priorities and actions, the actions' funding mix,
its indicators and what is due to the Commission.

Money is exact: sources add up to an action's total cost to the cent, and an EU grant's
limit (its co-financing rate of the eligible cost) is compared unrounded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Any

from transition_cli.core.findings import KeyPath, Severity
from transition_cli.core.model import (
    ERDF_PROGRAMME,
    EU_GRANTS,
    PILOT_GRANT,
    Action,
    Funding,
    JournalEntry,
    Strategy,
)
from transition_cli.core.money import eur
from transition_cli.core.money import rate as rate_text
from transition_cli.core.text import did_you_mean, plural
from transition_cli.ledger.state import EnvelopeState
from transition_cli.rules.base import (
    Context,
    Issue,
    Rule,
    command,
    entries,
    raw,
    raw_indices,
    void_command,
)

E, W = Severity.ERROR, Severity.WARNING
STRATEGY = ("strategy",)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
YEAR = dt.timedelta(days=365)

SECTIONS = (("priorities", "priority"), ("actions", "action"), ("indicators", "indicator"),
            ("deliverables", "deliverable"))


def _plan(ctx: Context) -> Strategy:
    assert isinstance(ctx.plan, Strategy)  # these rules run on strategies only
    return ctx.plan


def _places(ctx: Context, key: str, items: Sequence[Any]) -> list[int]:
    """Each item's index in the file's list ``key`` (the model leaves broken ones out)."""
    return raw_indices(raw(ctx, key), [item.id for item in items], "id")


def _known(ctx: Context, key: str) -> set[str]:
    """Ids of a section, with those of items left out for another error."""
    return ctx.doc.known_ids(key, (item.id for item in getattr(_plan(ctx), key)))


def _actions(ctx: Context) -> Iterator[tuple[Action, int]]:
    plan = _plan(ctx)
    yield from zip(plan.actions, _places(ctx, "actions", plan.actions), strict=True)


def _funding(ctx: Context, action: Action, at: int) -> Iterator[tuple[Funding, KeyPath]]:
    """Each funding line of an action with its key path."""
    places = raw_indices(raw(ctx, "actions", at, "funding"),
                         [f.source for f in action.funding], "source")
    for f, j in zip(action.funding, places, strict=True):
        yield f, ("actions", at, "funding", j)


def floor_cent(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_DOWN)


# ---------------------------------------------------------------------------------------
# Priorities and actions


def duplicate_ids(ctx: Context) -> Iterator[Issue]:
    plan = _plan(ctx)
    for key, what in SECTIONS:
        items = getattr(plan, key)
        seen: dict[str, int] = {}
        for item, i in zip(items, _places(ctx, key, items), strict=True):
            if item.id in seen:
                yield ((key, i, "id"), f'duplicate {what} id "{item.id}"',
                       f"ids must be unique; rename one of them (first at {key}[{seen[item.id]}])")
            else:
                seen[item.id] = i


def unknown_priority(ctx: Context) -> Iterator[Issue]:
    plan = _plan(ctx)
    known = _known(ctx, "priorities")
    for a, i in _actions(ctx):
        if a.priority not in known:
            yield (("actions", i, "priority"), f'{a.id} serves unknown priority "{a.priority}"',
                   did_you_mean(a.priority, known))
    for ind, i in zip(plan.indicators, _places(ctx, "indicators", plan.indicators),
                      strict=True):
        if ind.priority is not None and ind.priority not in known:
            yield (("indicators", i, "priority"),
                   f'{ind.id} measures unknown priority "{ind.priority}"',
                   did_you_mean(ind.priority, known))


def unknown_lead(ctx: Context) -> Iterator[Issue]:
    declared = ctx.declared("clusters")
    clusters = ctx.state.clusters  # the plan's, and those the journal added or joined
    for a, i in _actions(ctx):
        if a.cluster is None:
            continue
        if a.cluster not in declared:
            yield (("actions", i, "cluster"), f'{a.id}: unknown cluster "{a.cluster}"',
                   did_you_mean(a.cluster, declared))
            continue
        cluster = clusters.get(a.cluster)
        members = {o.name for o in cluster.members} if cluster is not None else set()
        if cluster is not None and a.lead not in members:
            yield (("actions", i, "lead"),
                   f'{a.id}: lead "{a.lead}" is not a member of cluster {a.cluster}',
                   did_you_mean(a.lead, members) + "; or record it joining with "
                   + command(ctx, "cluster join", a.cluster, "NAME", "--kind", "KIND"))


def unknown_theme(ctx: Context) -> Iterator[Issue]:
    plan, call = _plan(ctx), ctx.call
    known, whose = ((call.themes, f"the themes of {call.id}") if call and call.themes
                    else (plan.themes, "the strategy's themes"))
    if not known:
        return
    for p, i in zip(plan.priorities, _places(ctx, "priorities", plan.priorities), strict=True):
        for j, theme in enumerate(p.themes):
            if theme not in known:
                yield (("priorities", i, "themes", j),
                       f'{p.id} serves "{theme}", which is not one of {whose}',
                       did_you_mean(theme, known, limit=5))


def action_in_period(ctx: Context) -> Iterator[Issue]:
    period = _plan(ctx).period
    for a, i in _actions(ctx):
        if a.start > a.end:
            yield (("actions", i, "end"), f"{a.id} ends {a.end}, before it starts ({a.start})",
                   "swap the dates or correct one of them")
        elif period.start != dt.date.min and (a.start not in period or a.end not in period):
            yield (("actions", i, "start" if a.start not in period else "end"),
                   f"{a.id} runs from {a.start} to {a.end}, outside the strategy's period "
                   f"{period}", "move the action's dates into the period, or widen the period")


# ---------------------------------------------------------------------------------------
# The funding mix


def funding_adds_up(ctx: Context) -> Iterator[Issue]:
    for a, i in _actions(ctx):
        funded = a.funded
        if funded == a.total_cost or ctx.incomplete("funding", a.id):
            continue  # a line left out for its own finding: the sum is not judged
        if not a.funding:
            yield (("actions", i, "total_cost"),
                   f"{a.id} has no funding for its total cost of {eur(a.total_cost)}",
                   'add funding = [{ source = "erdf-regional", amount = ..., rate = ... }, '
                   '{ source = "regional", amount = ... }] adding up to the total cost')
            continue
        gap = a.total_cost - funded
        yield (("actions", i, "funding"),
               f"{a.id}: the funding adds up to {eur(funded)}, not the total cost of "
               f"{eur(a.total_cost)} ({eur(abs(gap))} {'short' if gap > 0 else 'over'})",
               "add the missing source or correct an amount: the sources add up to the total "
               "cost, to the cent" if gap > 0 else
               "lower an amount, or correct the total cost: the sources add up to it, to the "
               "cent")


def eligible_within_total(ctx: Context) -> Iterator[Issue]:
    for a, i in _actions(ctx):
        if a.eligible_cost > a.total_cost:
            yield (("actions", i, "eligible_cost"),
                   f"{a.id}: eligible cost {eur(a.eligible_cost)} is above its total cost of "
                   f"{eur(a.total_cost)}", "the eligible cost is the part of the total that EU "
                   f"grants may pay: at most {a.total_cost:.2f}")


def eu_share(ctx: Context) -> Iterator[Issue]:
    """Each EU grant pays at most its rate (100 % when none is given) of the eligible cost,
    and the EU grants together at most the eligible cost."""
    for a, i in _actions(ctx):
        eu_total, flagged = Decimal(0), False
        for f, path in _funding(ctx, a, i):
            if not f.eu:
                continue
            eu_total += f.amount
            rate = HUNDRED if f.rate is None else f.rate
            if rate > HUNDRED:
                continue  # T009 reports the rate
            limit = a.eligible_cost * rate / HUNDRED
            if f.amount > limit:
                flagged = True
                yield ((*path, "amount"),
                       f"{a.id}: {f.source} pays {eur(f.amount)}, above "
                       + (f"its rate of {rate_text(rate)} of" if f.rate is not None else "")
                       + f" the eligible cost of {eur(a.eligible_cost)}"
                       + (f" ({eur(floor_cent(limit))})" if f.rate is not None else ""),
                       f"lower it to at most {floor_cent(limit):.2f}, or correct the "
                       + ("rate or the " if f.rate is not None else "") + "eligible cost")
        if eu_total > a.eligible_cost and not flagged:
            yield (("actions", i, "funding"),
                   f"{a.id}: EU grants together pay {eur(eu_total)}, above the eligible cost "
                   f"of {eur(a.eligible_cost)}", "EU money pays an eligible cost once: lower "
                   "the EU amounts, or correct the eligible cost")


def rates(ctx: Context) -> Iterator[Issue]:
    region = _plan(ctx).region
    ceiling = region.erdf_ceiling
    if ceiling is not None and ceiling > HUNDRED:
        yield (("region", "erdf_ceiling"), f"ERDF ceiling {rate_text(ceiling)} is above 100%",
               "write the co-financing ceiling of the region's category as a percentage, "
               "e.g. 60")
        ceiling = None
    grants = ", ".join(sorted(EU_GRANTS))
    for a, i in _actions(ctx):
        for f, path in _funding(ctx, a, i):
            if f.rate is None:
                continue
            if not f.eu:
                yield ((*path, "rate"), f"{a.id}: {f.source} money has no co-financing rate "
                       f"({rate_text(f.rate)} given)",
                       f"remove the rate: only EU grants ({grants}) have one")
            elif f.rate > HUNDRED:
                yield ((*path, "rate"), f"{a.id}: the co-financing rate of {f.source}, "
                       f"{rate_text(f.rate)}, is above 100%",
                       "a rate is a percentage of the eligible cost, 0 to 100: 50 is 50%")
            elif f.source == ERDF_PROGRAMME and ceiling is not None and f.rate > ceiling:
                whose = (f"for a {region.category} region" if region.category
                         else "the file declares")
                yield ((*path, "rate"), f"{a.id}: the ERDF rate of {rate_text(f.rate)} is above "
                       f"the ceiling of {rate_text(ceiling)} {whose}",
                       f"lower the rate to at most {rate_text(ceiling)} (and the amount with it), "
                       "completing with national, regional or private money")


def grant_envelope(ctx: Context) -> EnvelopeState | None:
    """The envelope paying the pilot's implementation grant: the one that opens on an award
    (``budget.award``), else the one the call gates on progress, else the first that does
    not pay expert days."""
    envelopes = list(ctx.state.envelopes.values())
    return (next((e for e in envelopes if e.awarded_by), None)
            or next((e for e in envelopes if e.gated), None)
            or next((e for e in envelopes if not e.expert_days), None))


def grant_limit(env: EnvelopeState) -> tuple[Decimal, str]:
    """What the pilot grant may total across actions, and how to name it: what the
    Commission awarded (within the cap) once the journal records the award, else the cap."""
    if env.awarded is not None:
        return env.available, f"the {eur(env.available)} awarded on {env.id}"
    return env.cap, f"the {eur(env.cap)} cap of {env.id}"


def pilot_grant_within_award(ctx: Context) -> Iterator[Issue]:
    lines = [(a, f, path) for a, i in _actions(ctx) for f, path in _funding(ctx, a, i)
             if f.source == PILOT_GRANT]
    if not lines:
        return
    env = grant_envelope(ctx)
    if env is None:
        a, _, path = lines[0]
        yield ((*path, "source"), f"{a.id} is funded by the pilot grant, but the strategy has "
               "no envelope to pay it", "add the call's implementation envelope under "
               "[[envelopes]], or name the source that pays it")
        return
    limit, what = grant_limit(env)
    total = sum((f.amount for _, f, _ in lines), Decimal(0))
    if total <= limit:
        return
    running = Decimal(0)
    for a, f, path in lines:
        running += f.amount
        if running > limit:
            yield ((*path, "amount"),
                   f"the pilot grant across actions comes to {eur(total)}, above {what}; "
                   f"it passes it at {a.id}",
                   f"fund at most {eur(limit)} from the pilot grant: move "
                   f"{eur(total - limit)} to other sources")
            return


# ---------------------------------------------------------------------------------------
# Indicators


def indicator_measures(ctx: Context) -> Iterator[Issue]:
    plan = _plan(ctx)
    actions = _known(ctx, "actions")
    for ind, i in zip(plan.indicators, _places(ctx, "indicators", plan.indicators),
                      strict=True):
        if ind.action is not None and ind.priority is not None:
            yield (("indicators", i, "priority"), f"{ind.id} measures both action "
                   f"{ind.action} and priority {ind.priority}",
                   "keep one: an indicator measures an action or a priority")
        elif ind.action is None and ind.priority is None:
            yield (("indicators", i), f"{ind.id} measures nothing: it names no action and no "
                   "priority", 'add action = "<action id>" or priority = "<priority id>"')
        if ind.action is not None and ind.action not in actions:
            yield (("indicators", i, "action"),
                   f'{ind.id} measures unknown action "{ind.action}"',
                   did_you_mean(ind.action, actions))


def indicator_dates(ctx: Context) -> Iterator[Issue]:
    plan = _plan(ctx)
    for ind, i in zip(plan.indicators, _places(ctx, "indicators", plan.indicators),
                      strict=True):
        if ind.target.date <= ind.baseline.date:
            yield (("indicators", i, "target", "date"),
                   f"{ind.id}: the target is dated {ind.target.date}, not after its baseline "
                   f"({ind.baseline.date})", "date the target after the baseline")
    for e in entries(ctx, "indicator.record"):
        state = ctx.state.indicators.get(e.indicator or "")
        if state is not None and e.date < state.indicator.baseline.date:
            yield (ctx.journal_path(e, "date"),
                   f"indicator.record: {state.id} measured on {e.date}, before its baseline "
                   f"({state.indicator.baseline.date})",
                   "correct the date, or date the baseline earlier")


def indicator_stale(ctx: Context) -> Iterator[Issue]:
    """While the strategy runs, each indicator is measured at least once a year."""
    plan, as_of = _plan(ctx), ctx.as_of
    period = plan.period
    if period.start == dt.date.min or as_of not in period:
        return
    for ind, i in zip(plan.indicators, _places(ctx, "indicators", plan.indicators),
                      strict=True):
        state = ctx.state_as_of.indicators.get(ind.id)
        latest = state.latest if state is not None else None
        since = max(ind.baseline.date, period.start, latest.date if latest else dt.date.min)
        if as_of - since <= YEAR:
            continue
        gap = plural((as_of - since).days, "day")
        what = (f"the last, of {latest.date}, is {gap} old" if latest and latest.date == since
                else f"none in the {gap} since "
                + ("its baseline" if since == ind.baseline.date else "the strategy started")
                + f" ({since})")
        yield (("indicators", i), f"{ind.id} ({ind.title}): no value recorded for a year as "
               f"of {as_of}: {what}",
               "record the latest measurement: "
               + command(ctx, "indicator record", ind.id, "VALUE", "--date", "DATE"))


# ---------------------------------------------------------------------------------------
# What is due to the Commission


def deliverable_refs(ctx: Context) -> Iterator[Issue]:
    plan = _plan(ctx)
    milestones = ctx.declared("milestones")
    for d, i in zip(plan.deliverables, _places(ctx, "deliverables", plan.deliverables),
                    strict=True):
        if d.milestone is not None and d.milestone not in milestones:
            yield (("deliverables", i, "milestone"),
                   f'{d.id} closes unknown milestone "{d.milestone}"',
                   did_you_mean(d.milestone, milestones))
    known = _known(ctx, "deliverables")
    sent: dict[str, JournalEntry] = {}
    for e in entries(ctx, "deliverable.submit"):
        did = e.deliverable_id or ""
        if did in sent:
            first = sent[did]
            yield (ctx.journal_path(e, "deliverable_id"),
                   f"deliverable.submit: {did} was already submitted on {first.date}",
                   f"a deliverable is submitted once; if entry {first.index + 1} was a "
                   f"mistake, void it: {void_command(ctx, first)}")
        elif did in known:
            sent[did] = e


def deliverable_overdue(ctx: Context) -> Iterator[Issue]:
    plan, as_of = _plan(ctx), ctx.as_of
    for d, i in zip(plan.deliverables, _places(ctx, "deliverables", plan.deliverables),
                    strict=True):
        state = ctx.state_as_of.deliverables.get(d.id)
        if state is not None and state.overdue(as_of):
            late = plural((as_of - d.due).days, "day")
            yield (("deliverables", i), f"{d.id} ({d.title}) is overdue: due {d.due}, {late} "
                   f"ago as of {as_of}", "once it is sent, record it with "
                   + command(ctx, "deliverable submit", d.id, "--date", "DATE"))


STRATEGY_RULES: tuple[Rule, ...] = (
    Rule("T001", "strategy-duplicate-id", E, "Two priorities, actions, indicators or "
         "deliverables share an id.", "Rename one of them.",
         '[[actions]]\nid = "A1"\n...\n[[actions]]\nid = "A1"', duplicate_ids, STRATEGY),
    Rule("T002", "unknown-priority", E, "An action serves, or an indicator measures, a "
         "priority that is not in [[priorities]].", "Use a priority id (see the hint).",
         'priority = "P9"', unknown_priority, STRATEGY),
    Rule("T003", "unknown-lead", E, "An action names an unknown cluster, or a lead that is "
         "not a member of its cluster.", "Use a cluster id and the name of one of its "
         "members, or record the lead joining the cluster.",
         'lead = "Universite de Lile"\ncluster = "materials"', unknown_lead, STRATEGY),
    Rule("T004", "unknown-theme", E, "A priority serves a theme that is not one of the "
         "call's peer-learning themes (or, when the call has none, the strategy's).",
         "Use the theme as the call words it (`transition init` writes them).",
         'themes = ["skills for the future"]', unknown_theme, STRATEGY),
    Rule("T005", "action-period", E, "An action ends before it starts, or runs outside the "
         "strategy's period.", "Move its dates into the period.",
         "start = 2019-01-01\nend = 2020-06-30  # the period ends 2019-12-31",
         action_in_period, STRATEGY),
    Rule("T006", "funding-total", E, "An action's funding sources do not add up to its total "
         "cost, to the cent.", "Add the missing source or correct an amount.",
         "total_cost = 240000.00\nfunding = [{ source = \"erdf-regional\", amount = "
         "120000.00, rate = 50 },\n           { source = \"regional\", amount = 100000.00 }]",
         funding_adds_up, STRATEGY),
    Rule("T007", "eligible-cost", E, "An action's eligible cost is above its total cost.",
         "Write the part of the total cost that EU grants may pay.",
         "total_cost = 200000.00\neligible_cost = 250000.00", eligible_within_total,
         STRATEGY),
    Rule("T008", "eu-share", E, "An EU grant pays more than its co-financing rate of the "
         "action's eligible cost (all of it without a rate), or the EU grants together pay "
         "more than the eligible cost.", "Lower the EU amount, or correct the rate or the "
         "eligible cost.", 'eligible_cost = 200000.00\nfunding = [{ source = '
         '"erdf-regional", amount = 150000.00, rate = 50 }, ...]', eu_share, STRATEGY),
    Rule("T009", "rate", E, "A co-financing rate is above 100 %, above the ERDF ceiling the "
         "file declares for the region's category, or given for money that is not an EU "
         "grant.", "Write the rate as a percentage within the ceiling, on EU grants only.",
         '[region]\nerdf_ceiling = 60\n...\nfunding = [{ source = "erdf-regional", amount = '
         '80000.00, rate = 80 }, ...]', rates, STRATEGY),
    Rule("T010", "pilot-grant", E, "The pilot grant across the actions is above what was "
         "awarded (before the award: above the implementation envelope's cap), or no "
         "envelope pays it.", "Fund at most the award from the pilot grant; move the rest "
         "to other sources.", 'funding = [{ source = "pilot-grant", amount = 350000.00 }]',
         pilot_grant_within_award, STRATEGY),
    Rule("T011", "indicator-measures", E, "An indicator measures an unknown action, both an "
         "action and a priority, or neither.", "Name one action or one priority.",
         'action = "A9"', indicator_measures, STRATEGY),
    Rule("T012", "indicator-dates", E, "An indicator's target is not dated after its "
         "baseline, or a value is measured before the baseline.",
         "Correct the dates.", "baseline = { value = 12, date = 2019-12-31 }\n"
         "target = { value = 40, date = 2019-06-30 }", indicator_dates, STRATEGY),
    Rule("T013", "indicator-stale", W, "While the strategy runs, an indicator has had no "
         "value recorded for a year (as of --as-of).",
         "Record its latest measurement with `transition indicator record`.", "",
         indicator_stale, STRATEGY),
    Rule("T014", "deliverable", E, "A deliverable closes an unknown milestone, or is "
         "submitted twice.", "Use a milestone id; record each submission once.",
         'milestone = "M9"', deliverable_refs, STRATEGY),
    Rule("T015", "deliverable-overdue", W, "A deliverable is past its due date and not "
         "submitted (as of --as-of).", "Send it, and record it with `transition deliverable "
         "submit`.", "", deliverable_overdue, STRATEGY),
)
