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
from transition_cli.core.i18n import N_, _
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
    """Each item's index in the file's list ``key`` (the model leaves broken ones out);
    ``items`` is the plan's list ``key``. Worked out once per context."""
    return ctx.places(key, items)


def _known(ctx: Context, key: str) -> set[str]:
    """Ids of a section, with those of items left out for another error (once per
    context)."""
    known: dict[str, set[str]] = ctx.once("strategy:known", dict)
    found = known.get(key)
    if found is None:
        found = known[key] = ctx.doc.known_ids(key, [item.id for item in getattr(ctx.plan, key)])
    return found


def _actions(ctx: Context) -> list[tuple[Action, int]]:
    """Each action with its index in the file (once per context: eight rules walk them)."""
    found: list[tuple[Action, int]] | None = ctx.memo.get("strategy:actions")
    if found is None:
        actions = _plan(ctx).actions
        found = ctx.memo["strategy:actions"] = list(
            zip(actions, ctx.places("actions", actions), strict=True))
    return found


def _funding(ctx: Context, action: Action, at: int) -> list[tuple[Funding, KeyPath]]:
    """Each funding line of an action with its key path (once per action and context)."""
    lines: dict[int, list[tuple[Funding, KeyPath]]] = ctx.once("strategy:funding", dict)
    found = lines.get(id(action))
    if found is None:
        places = raw_indices(raw(ctx, "actions", at, "funding"),
                             [f.source for f in action.funding], "source")
        found = lines[id(action)] = [(f, ("actions", at, "funding", j))
                             for f, j in zip(action.funding, places, strict=True)]
    return found


def floor_cent(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_DOWN)


# ---------------------------------------------------------------------------------------
# Priorities and actions


def duplicate_ids(ctx: Context) -> Iterator[Issue]:
    plan = _plan(ctx)
    for key, what in SECTIONS:
        items = getattr(plan, key)
        if len({item.id for item in items}) == len(items):
            continue  # every id once: nothing to report (most files)
        seen: dict[str, int] = {}
        for item, i in zip(items, _places(ctx, key, items), strict=True):
            if item.id in seen:
                yield ((key, i, "id"), _("duplicate {what} id \"{id}\"").format(
                                         what=what, id=item.id),
                       _("ids must be unique; rename one of them (first at {key}[{id}])").format(
                         key=key, id=seen[item.id]))
            else:
                seen[item.id] = i


def unknown_priority(ctx: Context) -> Iterator[Issue]:
    plan = _plan(ctx)
    known = _known(ctx, "priorities")
    for a, i in _actions(ctx):
        if a.priority not in known:
            yield (("actions", i, "priority"),
                   _("{id} serves unknown priority \"{priority}\"").format(
                                                 id=a.id, priority=a.priority),
                   did_you_mean(a.priority, known))
    for ind, i in zip(plan.indicators, _places(ctx, "indicators", plan.indicators),
                      strict=True):
        if ind.priority is not None and ind.priority not in known:
            yield (("indicators", i, "priority"),
                   _("{id} measures unknown priority \"{priority}\"").format(
                     id=ind.id, priority=ind.priority),
                   did_you_mean(ind.priority, known))


def unknown_lead(ctx: Context) -> Iterator[Issue]:
    declared = ctx.declared("clusters")
    clusters = ctx.state.clusters  # the plan's, and those the journal added or joined
    for a, i in _actions(ctx):
        if a.cluster is None:
            continue
        if a.cluster not in declared:
            yield (("actions", i, "cluster"), _("{id}: unknown cluster \"{cluster}\"").format(
                                                id=a.id, cluster=a.cluster),
                   did_you_mean(a.cluster, declared))
            continue
        cluster = clusters.get(a.cluster)
        members = {o.name for o in cluster.members} if cluster is not None else set()
        if cluster is not None and a.lead not in members:
            yield (("actions", i, "lead"),
                   _("{id}: lead \"{lead}\" is not a member of cluster {cluster}").format(
                     id=a.id, lead=a.lead, cluster=a.cluster),
                   did_you_mean(a.lead, members) + _("; or record it joining with ")
                   + command(ctx, "cluster join", a.cluster, "NAME", "--kind", "KIND"))


def unknown_theme(ctx: Context) -> Iterator[Issue]:
    plan, call = _plan(ctx), ctx.call
    known, whose = ((call.themes, _("the themes of {id}").format(id=call.id))
                    if call and call.themes
                    else (plan.themes, _("the strategy's themes")))
    if not known:
        return
    for p, i in zip(plan.priorities, _places(ctx, "priorities", plan.priorities), strict=True):
        for j, theme in enumerate(p.themes):
            if theme not in known:
                yield (("priorities", i, "themes", j),
                       _("{id} serves \"{theme}\", which is not one of {whose}").format(
                         id=p.id, theme=theme, whose=whose),
                       did_you_mean(theme, known, limit=5))


def action_in_period(ctx: Context) -> Iterator[Issue]:
    period = _plan(ctx).period
    for a, i in _actions(ctx):
        if a.start > a.end:
            yield (("actions", i, "end"), _("{id} ends {end}, before it starts ({start})").format(
                                            id=a.id, end=a.end, start=a.start),
                   _("swap the dates or correct one of them"))
        elif period.start != dt.date.min and (a.start not in period or a.end not in period):
            yield (("actions", i, "start" if a.start not in period else "end"),
                   _("{id} runs from {start} to {end}, outside the strategy's period {period}")
                   .format(
                     id=a.id, start=a.start, end=a.end, period=period),
                     _("move the action's dates into the period, or widen the period"))


# ---------------------------------------------------------------------------------------
# The funding mix


def funding_adds_up(ctx: Context) -> Iterator[Issue]:
    for a, i in _actions(ctx):
        funded = a.funded
        if funded == a.total_cost or ctx.incomplete("funding", a.id):
            continue  # a line left out for its own finding: the sum is not judged
        if not a.funding:
            yield (("actions", i, "total_cost"),
                   _("{id} has no funding for its total cost of {eur}").format(
                     id=a.id, eur=eur(a.total_cost)),
                   _("add funding = [{ source = \"erdf-regional\", amount = ..., rate = ... }, "
                     "{ source = \"regional\", amount = ... }] adding up to the total cost"))
            continue
        gap = a.total_cost - funded
        yield (("actions", i, "funding"),
               _("{id}: the funding adds up to {eur}, not the total cost of {eur2} ({eur3} "
                 "{over})").format(
                 id=a.id, eur=eur(funded), eur2=eur(a.total_cost), eur3=eur(abs(gap)),
                 over='short' if gap > 0 else 'over'),
               _("add the missing source or correct an amount: the sources add up to the total "
                 "cost, to the cent") if gap > 0 else
               _("lower an amount, or correct the total cost: the sources add up to it, to the "
                 "cent"))


def eligible_within_total(ctx: Context) -> Iterator[Issue]:
    for a, i in _actions(ctx):
        if a.eligible_cost > a.total_cost:
            yield (("actions", i, "eligible_cost"),
                   _("{id}: eligible cost {eur} is above its total cost of {eur2}").format(
                     id=a.id, eur=eur(a.eligible_cost), eur2=eur(a.total_cost)),
                     _("the eligible cost is the part of the total that "
                                             "EU grants may pay: at most {total_cost:.2f}").format(
                                             total_cost=a.total_cost))


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
                       _("{id}: {source} pays {eur}, above ").format(
                         id=a.id, source=f.source, eur=eur(f.amount))
                       + (_("its rate of {rate_text} of").format(rate_text=rate_text(rate))
                          if f.rate is not None else "")
                       + _(" the eligible cost of {eur}").format(eur=eur(a.eligible_cost))
                       + (f" ({eur(floor_cent(limit))})" if f.rate is not None else ""),
                       _("lower it to at most {floor_cent:.2f}, or correct the ").format(
                         floor_cent=floor_cent(limit))
                       + (_("rate or the ") if f.rate is not None else "") + _("eligible cost"))
        if eu_total > a.eligible_cost and not flagged:
            yield (("actions", i, "funding"),
                   _("{id}: EU grants together pay {eur}, above the eligible cost of {eur2}")
                   .format(
                     id=a.id, eur=eur(eu_total), eur2=eur(a.eligible_cost)),
                     _("EU money pays an eligible cost once: lower "
                                                   "the EU amounts, or correct the eligible "
                                                   "cost"))


def rates(ctx: Context) -> Iterator[Issue]:
    region = _plan(ctx).region
    ceiling = region.erdf_ceiling
    if ceiling is not None and ceiling > HUNDRED:
        yield (("region", "erdf_ceiling"), _("ERDF ceiling {rate_text} is above 100%").format(
                                             rate_text=rate_text(ceiling)),
               _("write the co-financing ceiling of the region's category as a percentage, "
                 "e.g. 60"))
        ceiling = None
    grants = ", ".join(sorted(EU_GRANTS))
    for a, i in _actions(ctx):
        for f, path in _funding(ctx, a, i):
            if f.rate is None:
                continue
            if not f.eu:
                yield ((*path, "rate"), _("{id}: {source} money has no co-financing rate "
                                          "({rate_text} given)").format(
                                          id=a.id, source=f.source, rate_text=rate_text(f.rate)),
                       _("remove the rate: only EU grants ({grants}) have one").format(
                         grants=grants))
            elif f.rate > HUNDRED:
                yield ((*path, "rate"), _("{id}: the co-financing rate of {source}, "
                                          "{rate_text}, is above 100%").format(
                                          id=a.id, source=f.source, rate_text=rate_text(f.rate)),
                       _("a rate is a percentage of the eligible cost, 0 to 100: 50 is 50%"))
            elif f.source == ERDF_PROGRAMME and ceiling is not None and f.rate > ceiling:
                whose = (_("for a {category} region").format(category=region.category)
                         if region.category
                         else _("the file declares"))
                yield ((*path, "rate"), _("{id}: the ERDF rate of {rate_text} is above the "
                                          "ceiling of {rate_text2} {whose}").format(
                                          id=a.id, rate_text=rate_text(f.rate),
                                          rate_text2=rate_text(ceiling), whose=whose),
                       _("lower the rate to at most {rate_text} (and the amount with it), "
                         "completing with national, regional or private money").format(
                         rate_text=rate_text(ceiling)))


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
        return env.available, _("the {eur} awarded on {id}").format(
                                eur=eur(env.available), id=env.id)
    return env.cap, _("the {eur} cap of {id}").format(eur=eur(env.cap), id=env.id)


def pilot_grant_within_award(ctx: Context) -> Iterator[Issue]:
    lines = [(a, f, path) for a, i in _actions(ctx) for f, path in _funding(ctx, a, i)
             if f.source == PILOT_GRANT]
    if not lines:
        return
    env = grant_envelope(ctx)
    if env is None:
        a, _funding_line, path = lines[0]
        yield ((*path, "source"), _("{id} is funded by the pilot grant, but the strategy has "
                                    "no envelope to pay it").format(
                                    id=a.id), _("add the call's implementation envelope under "
                                          "[[envelopes]], or name the source that pays it"))
        return
    limit, what = grant_limit(env)
    total = sum((f.amount for _action, f, _path in lines), Decimal(0))
    if total <= limit:
        return
    running = Decimal(0)
    for a, f, path in lines:
        running += f.amount
        if running > limit:
            yield ((*path, "amount"),
                   _("the pilot grant across actions comes to {eur}, above {what}; it passes "
                     "it at {id}").format(eur=eur(total), what=what, id=a.id),
                   _("fund at most {eur} from the pilot grant: move {eur2} to other sources")
                   .format(
                     eur=eur(limit), eur2=eur(total - limit)))
            return


# ---------------------------------------------------------------------------------------
# Indicators


def indicator_measures(ctx: Context) -> Iterator[Issue]:
    plan = _plan(ctx)
    actions = _known(ctx, "actions")
    for ind, i in zip(plan.indicators, _places(ctx, "indicators", plan.indicators),
                      strict=True):
        if ind.action is not None and ind.priority is not None:
            yield (("indicators", i, "priority"), _("{id} measures both action {action} and "
                                                    "priority {priority}").format(
                                                    id=ind.id, action=ind.action,
                                                    priority=ind.priority),
                   _("keep one: an indicator measures an action or a priority"))
        elif ind.action is None and ind.priority is None:
            yield (("indicators", i), _("{id} measures nothing: it names no action and no "
                                        "priority").format(
                                        id=ind.id),
                   _('add action = "<action id>" or priority = "<priority id>"'))
        if ind.action is not None and ind.action not in actions:
            yield (("indicators", i, "action"),
                   _("{id} measures unknown action \"{action}\"").format(
                     id=ind.id, action=ind.action),
                   did_you_mean(ind.action, actions))


def indicator_dates(ctx: Context) -> Iterator[Issue]:
    plan = _plan(ctx)
    for ind, i in zip(plan.indicators, _places(ctx, "indicators", plan.indicators),
                      strict=True):
        if ind.target.date <= ind.baseline.date:
            yield (("indicators", i, "target", "date"),
                   _("{id}: the target is dated {date}, not after its baseline ({date2})").format(
                     id=ind.id, date=ind.target.date, date2=ind.baseline.date),
                     _("date the target after the baseline"))
    for e in entries(ctx, "indicator.record"):
        state = ctx.state.indicators.get(e.indicator or "")
        if state is not None and e.date < state.indicator.baseline.date:
            yield (ctx.journal_path(e, "date"),
                   _("indicator.record: {id} measured on {date}, before its baseline ({date2})")
                   .format(
                     id=state.id, date=e.date, date2=state.indicator.baseline.date),
                   _("correct the date, or date the baseline earlier"))


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
        what = (_("the last, of {date}, is {gap} old").format(date=latest.date, gap=gap)
                if latest and latest.date == since
                else _("none in the {gap} since ").format(gap=gap)
                + (_("its baseline") if since == ind.baseline.date else _("the strategy started"))
                + f" ({since})")
        yield (("indicators", i), _("{id} ({title}): no value recorded for a year as of "
                                    "{as_of}: {what}").format(
                                    id=ind.id, title=ind.title, as_of=as_of, what=what),
               _("record the latest measurement: ")
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
                   _("{id} closes unknown milestone \"{milestone}\"").format(
                     id=d.id, milestone=d.milestone),
                   did_you_mean(d.milestone, milestones))
    sent: dict[str, JournalEntry] = {}
    for e in entries(ctx, "deliverable.submit"):
        known = _known(ctx, "deliverables")
        did = e.deliverable_id or ""
        if did in sent:
            first = sent[did]
            yield (ctx.journal_path(e, "deliverable_id"),
                   _("deliverable.submit: {did} was already submitted on {date}").format(
                     did=did, date=first.date),
                   _("a deliverable is submitted once; if entry {index} was a mistake, void "
                     "it: {void_command}").format(
                     index=first.index + 1, void_command=void_command(ctx, first)))
        elif did in known:
            sent[did] = e


def deliverable_overdue(ctx: Context) -> Iterator[Issue]:
    plan, as_of = _plan(ctx), ctx.as_of
    for d, i in zip(plan.deliverables, _places(ctx, "deliverables", plan.deliverables),
                    strict=True):
        state = ctx.state_as_of.deliverables.get(d.id)
        if state is not None and state.overdue(as_of):
            late = plural((as_of - d.due).days, "day")
            yield (("deliverables", i), _("{id} ({title}) is overdue: due {due}, {late} ago as "
                                          "of {as_of}").format(
                                          id=d.id, title=d.title, due=d.due, late=late,
                                          as_of=as_of), _("once it is sent, record it with ")
                   + command(ctx, "deliverable submit", d.id, "--date", "DATE"))


STRATEGY_RULES: tuple[Rule, ...] = (
    Rule("T001", "strategy-duplicate-id", E, N_("Two priorities, actions, indicators or "
                                               "deliverables share an id."),
                                               N_("Rename one of them."),
         '[[actions]]\nid = "A1"\n...\n[[actions]]\nid = "A1"', duplicate_ids, STRATEGY),
    Rule("T002", "unknown-priority", E, N_("An action serves, or an indicator measures, a "
                                          "priority that is not in [[priorities]]."),
                                          N_("Use a priority id (see the hint)."),
         'priority = "P9"', unknown_priority, STRATEGY),
    Rule("T003", "unknown-lead", E, N_("An action names an unknown cluster, or a lead that is "
                                      "not a member of its cluster."),
                                      N_("Use a cluster id and the name of one of its "
                                           "members, or record the lead joining the cluster."),
         'lead = "Universite de Lile"\ncluster = "materials"', unknown_lead, STRATEGY),
    Rule("T004", "unknown-theme", E, N_("A priority serves a theme that is not one of the "
                                       "call's peer-learning themes (or, when the call has "
                                       "none, the strategy's)."),
         N_("Use the theme as the call words it (`transition init` writes them)."),
         'themes = ["skills for the future"]', unknown_theme, STRATEGY),
    Rule("T005", "action-period", E, N_("An action ends before it starts, or runs outside the "
                                       "strategy's period."), N_("Move its dates into the period."),
         "start = 2019-01-01\nend = 2020-06-30  # the period ends 2019-12-31",
         action_in_period, STRATEGY),
    Rule("T006", "funding-total", E, N_("An action's funding sources do not add up to its total "
                                       "cost, to the cent."),
                                       N_("Add the missing source or correct an amount."),
         "total_cost = 240000.00\nfunding = [{ source = \"erdf-regional\", amount = "
         "120000.00, rate = 50 },\n           { source = \"regional\", amount = 100000.00 }]",
         funding_adds_up, STRATEGY),
    Rule("T007", "eligible-cost", E, N_("An action's eligible cost is above its total cost."),
         N_("Write the part of the total cost that EU grants may pay."),
         "total_cost = 200000.00\neligible_cost = 250000.00", eligible_within_total,
         STRATEGY),
    Rule("T008", "eu-share", E, N_("An EU grant pays more than its co-financing rate of the "
                                  "action's eligible cost (all of it without a rate), or the "
                                  "EU grants together pay more than the eligible cost."),
                                  N_("Lower the EU amount, or correct the rate or the "
                                           "eligible cost."),
                                           'eligible_cost = 200000.00\nfunding = [{ source = '
         '"erdf-regional", amount = 150000.00, rate = 50 }, ...]', eu_share, STRATEGY),
    Rule("T009", "rate", E, N_("A co-financing rate is above 100 %, above the ERDF ceiling the "
                              "file declares for the region's category, or given for money "
                              "that is not an EU grant."),
         N_("Write the rate as a percentage within the ceiling, on EU grants only."),
         '[region]\nerdf_ceiling = 60\n...\nfunding = [{ source = "erdf-regional", amount = '
         '80000.00, rate = 80 }, ...]', rates, STRATEGY),
    Rule("T010", "pilot-grant", E, N_("The pilot grant across the actions is above what was "
                                     "awarded (before the award: above the implementation "
                                     "envelope's cap), or no envelope pays it."),
         N_("Fund at most the award from the pilot grant; move the rest to "
            "other sources."),
                                'funding = [{ source = "pilot-grant", amount = 350000.00 }]',
         pilot_grant_within_award, STRATEGY),
    Rule("T011", "indicator-measures", E, N_("An indicator measures an unknown action, both an "
                                            "action and a priority, or neither."),
                                            N_("Name one action or one priority."),
         'action = "A9"', indicator_measures, STRATEGY),
    Rule("T012", "indicator-dates", E, N_("An indicator's target is not dated after its "
                                         "baseline, or a value is measured before the baseline."),
         N_("Correct the dates."), "baseline = { value = 12, date = 2019-12-31 }\n"
         "target = { value = 40, date = 2019-06-30 }", indicator_dates, STRATEGY),
    Rule("T013", "indicator-stale", W, N_("While the strategy runs, an indicator has had no "
                                         "value recorded for a year (as of --as-of)."),
         N_("Record its latest measurement with `transition indicator record`."), "",
         indicator_stale, STRATEGY),
    Rule("T014", "deliverable", E, N_("A deliverable closes an unknown milestone, or is "
                                     "submitted twice."),
                                     N_("Use a milestone id; record each submission once."),
         'milestone = "M9"', deliverable_refs, STRATEGY),
    Rule("T015", "deliverable-overdue", W, N_("A deliverable is past its due date and not "
                                             "submitted (as of --as-of)."),
         N_("Send it, and record it with `transition deliverable "
            "submit`."), "", deliverable_overdue, STRATEGY),
)
