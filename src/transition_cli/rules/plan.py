"""Rules on one plan (strategy or partnership): references inside it (R), its period and
milestone dates (P), its budget (B) and its call's deadline (C)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal

from transition_cli.core.findings import KeyPath, Severity
from transition_cli.core.i18n import N_, _
from transition_cli.core.model import CallEnvelope, Strategy
from transition_cli.core.money import days, eur
from transition_cli.core.text import did_you_mean, plural
from transition_cli.ledger.state import MilestoneState
from transition_cli.rules.base import Context, Issue, Rule, command, entries, index_of

E, W = Severity.ERROR, Severity.WARNING
PLAN = ("strategy", "partnership")
NEARLY = Decimal("0.9")


def unknown_call(ctx: Context) -> Iterator[Issue]:
    if ctx.plan.call and ctx.call is None:
        yield (("call",), _("unknown call \"{call}\"").format(call=ctx.plan.call),
               did_you_mean(ctx.plan.call, ctx.catalogue.ids)
               + _("; list them with {command}, or add yours with --calls FILE").format(
                   command=command(ctx, 'calls', file=False)))


def call_kind(ctx: Context) -> Iterator[Issue]:
    kind = ctx.doc.kind
    if ctx.call is not None and ctx.call.answered_by != kind:
        yield (("call",), _("call \"{id}\" is answered by a {answered_by}, not a {kind}").format(
                            id=ctx.call.id, answered_by=ctx.call.answered_by, kind=kind),
               _("name a call for {kind} files (see {command})").format(
                 kind=kind, command=command(ctx, 'calls', file=False)))


_ID_GROUPS = (("milestone", "milestones"), ("expert", "experts"), ("envelope", "envelopes"))


def duplicate_ids(ctx: Context) -> Iterator[Issue]:
    plan = ctx.plan
    groups = [*_ID_GROUPS, ("cluster", "clusters")] if isinstance(plan, Strategy) else _ID_GROUPS
    for what, key in groups:
        ids = [item.id for item in getattr(plan, key)]
        if len(set(ids)) == len(ids):
            continue  # every id once: nothing to report (most files)
        seen: dict[str, int] = {}
        for i, item_id in enumerate(ids):
            if item_id in seen:
                yield ((key, i, "id"), _("duplicate {what} id \"{item_id}\"").format(
                                         what=what, item_id=item_id),
                       _("ids must be unique; rename one of them (first at {p})").format(
                         p=f"{key}.{seen[item_id]}"))
            else:
                seen[item_id] = i


def unknown_owner(ctx: Context) -> Iterator[Issue]:
    experts = ctx.declared("experts")
    for i, m in enumerate(ctx.plan.milestones):
        if m.owner is not None and m.owner not in experts:
            yield (("milestones", i, "owner"),
                   _("unknown expert \"{owner}\" as owner of {id}").format(
                                                 owner=m.owner, id=m.id),
                   did_you_mean(m.owner, experts))


def unknown_dependency(ctx: Context) -> Iterator[Issue]:
    known = ctx.declared("milestones")
    for i, m in enumerate(ctx.plan.milestones):
        for j, dep in enumerate(m.depends_on):
            if dep not in known:
                yield (("milestones", i, "depends_on", j),
                       _("{id} depends on unknown milestone \"{dep}\"").format(id=m.id,
                           dep=dep), did_you_mean(dep, known))
            elif dep == m.id:
                yield (("milestones", i, "depends_on", j), _("{id} depends on itself").format(
                                                             id=m.id),
                       _("remove it from its own depends_on"))


def dependency_cycle(ctx: Context) -> Iterator[Issue]:
    """Each cycle once, found by one depth-first walk (linear in milestones + links)."""
    milestones = ctx.state.milestones
    if _depends_on_earlier_only(milestones):
        return
    graph = {mid: [d for d in ms.milestone.depends_on if d != mid]
             for mid, ms in milestones.items()}
    index = ctx.milestone_index
    done, on_path = set[str](), dict[str, int]()  # on_path: milestone -> position in path
    path: list[str] = []
    for root, root_deps in graph.items():
        if root in done:
            continue
        stack = [(root, iter(root_deps))]
        on_path[root] = 0
        path.append(root)
        while stack:
            node, deps = stack[-1]
            for dep in deps:
                if dep in on_path:
                    cycle = path[on_path[dep]:]
                    where = ("milestones", index[dep]) if dep in index else ()
                    yield ((*where, "depends_on"), _("dependency cycle: ")
                           + " -> ".join([*cycle, dep]),
                           _("remove one of these dependencies to break the cycle"))
                elif dep in graph and dep not in done:
                    on_path[dep] = len(path)
                    path.append(dep)
                    stack.append((dep, iter(graph[dep])))
                    break
            else:
                stack.pop()
                done.add(path.pop())
                del on_path[node]


def _depends_on_earlier_only(milestones: Mapping[str, MilestoneState]) -> bool:
    """Whether every milestone depends only on milestones listed before it (or on unknown
    ones, or itself): then no dependency leads back, and there is no cycle to look for. A
    plan lists its milestones in the order of the work, so most plans pass this one look."""
    before: set[str] = set()
    for mid, ms in milestones.items():
        for dep in ms.milestone.depends_on:
            if dep not in before and dep != mid and dep in milestones:
                return False
        before.add(mid)
    return True


def period_order(ctx: Context) -> Iterator[Issue]:
    p = ctx.plan.period
    if p.start > p.end:
        yield (("period", "end"), _("period ends ({end}) before it starts ({start})").format(
                                    end=p.end, start=p.start),
               _("swap the dates or correct one of them"))


def period_in_call(ctx: Context) -> Iterator[Issue]:
    """Only where the call declares a work period (the built-in pilots do not)."""
    p, call = ctx.plan.period, ctx.call
    if call is None or call.work is None or p.start == dt.date.min:
        return
    if p.start not in call.work or p.end not in call.work:
        yield (("period",), _("period {p} is outside the work period of {id} ({work})").format(
                              p=p, id=call.id, work=call.work),
               _("keep the period within {work}").format(work=call.work))


def milestone_in_period(ctx: Context) -> Iterator[Issue]:
    p = ctx.plan.period
    if p.start == dt.date.min:
        return
    for i, m in enumerate(ctx.plan.milestones):
        if m.due not in p:
            yield (("milestones", i, "due"), _("{id} is due {due}, outside the period {p}").format(
                                               id=m.id, due=m.due, p=p),
                   _("move the due date into the period, or widen the period"))
        if m.start is not None and m.start > m.due:
            yield (("milestones", i, "start"),
                   _("{id} starts {start}, after it is due ({due})").format(
                                                 id=m.id, start=m.start, due=m.due),
                                                 _("start on or before the due date"))


def milestone_after_dependencies(ctx: Context) -> Iterator[Issue]:
    plan_ms = {m.id: m for m in ctx.plan.milestones}
    for i, m in enumerate(ctx.plan.milestones):
        for j, dep in enumerate(m.depends_on):
            other = plan_ms.get(dep)
            if other is not None and other.due > m.due:
                yield (("milestones", i, "depends_on", j),
                       _("{id} is due {due}, before {dep} it depends on ({due2})").format(
                         id=m.id, due=m.due, dep=dep, due2=other.due),
                       _("move {id} on or after {due}, or drop the dependency").format(
                         id=m.id, due=other.due))


def overdue(ctx: Context) -> Iterator[Issue]:
    for mid, ms in ctx.state_as_of.milestones.items():
        if ms.is_late(ctx.as_of) and not ctx.incomplete("milestones", mid):
            index = ctx.milestone_index
            days = (ctx.as_of - ms.due).days
            where: KeyPath = ("milestones", index[mid]) if mid in index else ("journal",)
            steps = [*_open_dependencies(ctx, mid), mid]
            record = _(", then ").join(command(ctx, "milestone done", m) for m in steps)
            yield (where,
                   _("{mid} ({title}) is overdue: due {due}, {plural} ago as of {as_of}").format(
                            mid=mid, title=ms.milestone.title, due=ms.due, plural=plural(days,
                                'day'), as_of=ctx.as_of),
                   (_("record it with {record}, or reschedule it") if len(steps) == 1 else
                    _("record it once what it depends on is done: {record}; or reschedule it"))
                   .format(record=record))


def _open_dependencies(ctx: Context, mid: str) -> list[str]:
    """The milestones ``mid`` depends on, directly or not, that are not done (nor
    cancelled) as of --as-of, each after its own: the order in which to record them done
    so that each command is accepted."""
    states = ctx.state_as_of.milestones
    out: list[str] = []

    def visit(m: str, seen: frozenset[str]) -> None:
        ms = states.get(m)
        for dep in ms.milestone.depends_on if ms else ():
            state = states.get(dep)
            if dep in seen or state is None or state.status in ("done", "cancelled") \
                    or dep in out:
                continue
            visit(dep, seen | {dep})
            out.append(dep)

    visit(mid, frozenset({mid}))
    return out


def _specs(ctx: Context) -> list[CallEnvelope | None]:
    """What the call says of each of the plan's envelopes (None: the call has no envelope
    of that id, or there is no call); two rules read it."""
    call = ctx.call
    return ctx.once("plan:specs", lambda: [call.envelope(env.id) if call else None
                                           for env in ctx.plan.envelopes])


def envelope_in_call(ctx: Context) -> Iterator[Issue]:
    call = ctx.call
    if call is None:
        return
    for i, (env, spec) in enumerate(zip(ctx.plan.envelopes, _specs(ctx), strict=True)):
        if spec is None:
            yield (("envelopes", i, "id"), _("call {id} has no envelope \"{id2}\"").format(
                                             id=call.id, id2=env.id),
                   did_you_mean(env.id, (e.id for e in call.envelopes)))
        elif env.cap > spec.cap:
            yield (("envelopes", i, "cap"),
                   _("{id} cap {eur} is above the call's cap of {eur2}").format(
                                              id=env.id, eur=eur(env.cap), eur2=eur(spec.cap)),
                                              _("lower the cap to at most {cap:.2f}").format(
                                                cap=spec.cap))


def envelope_gate(ctx: Context) -> Iterator[Issue]:
    call = ctx.call
    known = ctx.declared("milestones")
    for i, (env, spec) in enumerate(zip(ctx.plan.envelopes, _specs(ctx), strict=True)):
        if env.gate is None and spec is not None and spec.gated:
            yield (("envelopes", i), _("{id} is gated on progress in {call} but names no gate "
                                       "milestone").format(
                                       id=env.id, call=call.id if call else ''),
                   _("add gate = \"<milestone id>\": the milestone that releases it"))
        elif env.gate is not None and env.gate not in known:
            yield (("envelopes", i, "gate"),
                   _("{id} is gated on unknown milestone \"{gate}\"").format(
                                               id=env.id, gate=env.gate), did_you_mean(env.gate,
                                                                                       known))


def planned_cost_within_cap(ctx: Context) -> Iterator[Issue]:
    env = ctx.state.expert_envelope
    if env is None:
        return
    planned = sum((e.planned_cost for e in ctx.state.experts.values()), Decimal(0))
    if planned > env.cap:
        index = index_of(ctx.plan, "envelopes")
        yield (("envelopes", index.get(env.id, 0), "cap"),
               _("planned expert cost {eur} (day rate x planned days) is above the {id} cap of "
                 "{eur2} by {eur3}").format(
                 eur=eur(planned), id=env.id, eur2=eur(env.cap), eur3=eur(planned - env.cap)),
               _("plan fewer days or lower day rates, or raise the cap within the call's"))


def days_over_plan(ctx: Context) -> Iterator[Issue]:
    """Days logged (up to --as-of) past an expert's planned days: the cost runs ahead of
    the plan even while the envelope has room."""
    for xid, x in ctx.state_as_of.experts.items():
        planned = x.expert.planned_days
        if x.logged_days <= planned:
            continue
        index = ctx.once("plan:experts", lambda: index_of(ctx.plan, "experts"))
        added = ctx.once("plan:expert.add",
                         lambda: {e.expert: e for e in entries(ctx, "expert.add")})
        where: KeyPath = (("experts", index[xid], "planned_days") if xid in index
                          else ctx.journal_path(added[xid], "planned_days") if xid in added
                          else ("experts",))
        yield (where, _("{xid} ({name}) has logged {plural} of {days} planned, {days2} more "
                        "({eur} against {eur2} planned)").format(
                        xid=xid, name=x.expert.name, plural=plural(x.logged_days,
                            'day'), days=days(planned), days2=days(x.logged_days - planned),
                            eur=eur(x.logged_cost), eur2=eur(x.planned_cost)),
               _("plan the days the work needs (planned_days), or check the days logged: ")
               + command(ctx, "log", "--kind", "expert.log"))


def nearly_spent(ctx: Context) -> Iterator[Issue]:
    for env in ctx.state_as_of.envelopes.values():
        available = env.available
        # env.share, without working out what is available twice more
        if available and NEARLY <= env.committed / available <= 1:
            index = index_of(ctx.plan, "envelopes")
            of = (_("{eur} awarded").format(eur=eur(env.available)) if env.awarded is not None
                  else eur(env.cap))
            yield (("envelopes", index.get(env.id, 0)),
                   _("{id} is {share:.0%} committed: {eur} of {of}, {eur2} left").format(
                     id=env.id, share=env.share, eur=eur(env.committed), of=of,
                     eur2=eur(env.remaining)),
                   _("plan the remaining commitments; further ones may not fit"))


def deadline_passed(ctx: Context) -> Iterator[Issue]:
    """Between the deadline and the selection: once the call has announced whom it selected,
    a plan still answering it was one of them, sent in time (the sources give selection
    dates, not the beneficiaries' submission dates)."""
    call = ctx.call
    if call is None or call.deadline is None or ctx.as_of <= call.deadline:
        return
    if call.selected is not None and ctx.as_of >= call.selected:
        return
    submitted = ctx.plan.submitted
    if submitted is None or submitted > call.deadline:
        yield (("submitted",) if submitted else ("call",),
               _("the deadline of {id} passed on {deadline}").format(
                 id=call.id, deadline=call.deadline)
               + (_("; submitted {submitted}, after it").format(submitted=submitted)
                  if submitted else
                  _(" and no submission date is recorded")),
               _("record submitted = <date> if it was sent by {deadline}, or choose an open "
                 "call ({command})").format(
                 deadline=call.deadline, command=command(ctx, 'calls', file=False)))


PLAN_RULES: tuple[Rule, ...] = (
    Rule("R001", "unknown-call", E, N_("The plan names a call that is not in the catalogue."),
         N_("Use an id from `transition calls`, or add the call in your calls file."),
         'call = "itr-2019"', unknown_call, PLAN),
    Rule("R002", "call-kind", E, N_("A strategy names a partnership call, or the other way round."),
         N_("Name a call answered by this kind of file."), 'call = "iip-2017"  # in a strategy',
         call_kind, PLAN),
    Rule("R003", "duplicate-id", E, N_("Two milestones, experts, envelopes or clusters share an "
                                      "id."),
         N_("Rename one of them."), '[[milestones]]\nid = "M1"\n...\n[[milestones]]\nid = "M1"',
         duplicate_ids, PLAN),
    Rule("R004", "unknown-owner", E, N_("A milestone's owner is not an expert of the team."),
         N_("Use an expert id from [[experts]]."), 'owner = "oecd-9"', unknown_owner, PLAN),
    Rule("R005", "unknown-dependency", E, N_("A milestone depends on an unknown milestone or "
                                            "itself."),
         N_("Use ids from [[milestones]]."), 'depends_on = ["M9"]', unknown_dependency, PLAN),
    Rule("R006", "dependency-cycle", E, N_("Milestones depend on each other in a cycle."),
         N_("Remove one dependency of the cycle."), 'M1 depends_on M2, M2 depends_on M1',
         dependency_cycle, PLAN),
    Rule("R007", "unknown-envelope", E, N_("An envelope is not one of the call's, or its cap is "
                                          "above the call's cap."),
         N_("Use the call's envelope ids and caps at most the call's."),
         'id = "expertise"\ncap = 250000.00  # call caps it at 200,000',
         envelope_in_call, PLAN),
    Rule("R008", "gate", E, N_("A gated envelope names no gate milestone, or an unknown one."),
         N_("Add gate = \"<milestone id>\" to the envelope."),
         '[[envelopes]]\nid = "implementation"',
         envelope_gate, PLAN),
    Rule("P001", "period-order", E, N_("The period ends before it starts."),
         N_("Correct the dates."), "period = { start = 2019-01-01, end = 2018-01-01 }",
         period_order, PLAN),
    Rule("P002", "period-in-call", E, N_("The period is not inside the call's work period, "
                                        "where the call declares one."),
         N_("Keep the period within the call's work period (`transition calls`)."),
         "period = { start = 2017-01-01, end = 2019-12-31 }", period_in_call, PLAN),
    Rule("P003", "milestone-in-period", E,
         N_("A milestone is due outside the period, or starts after it is due."),
         N_("Move the dates into the period."), "due = 2021-06-30", milestone_in_period, PLAN),
    Rule("P004", "milestone-order", E, N_("A milestone is due before a milestone it depends on."),
         N_("Move it after its dependencies, or drop the dependency."),
         'id = "M2"\ndue = 2018-02-01\ndepends_on = ["M1"]  # M1 due 2018-03-31',
         milestone_after_dependencies, PLAN),
    Rule("P005", "overdue", W, N_("A milestone is past its current due date and not done (as of "
                                 "--as-of)."),
                                 N_("Record it done, or reschedule it with a reason."), "",
         overdue, PLAN),
    Rule("B001", "planned-cost", E, N_("Planned expert cost (day rate x planned days) is above "
                                      "the cap of the envelope that pays expert days."),
                                      N_("Plan fewer days or lower rates."),
         "day_rate = 1500.00\nplanned_days = 200", planned_cost_within_cap, PLAN),
    Rule("B002", "nearly-spent", W, N_("An envelope is 90 % or more committed (of its cap, or "
                                      "of what was awarded)."),
         N_("Plan the last commitments with care."), "", nearly_spent, PLAN),
    Rule("B003", "days-over-plan", W, N_("An expert has logged more days than planned (as of "
                                        "--as-of)."),
         N_("Plan the days the work needs, or correct the days logged."),
            "planned_days = 20  # 34.5 days logged", days_over_plan, PLAN),
    Rule("C001", "deadline-passed", W, N_("The call's deadline has passed, its selection is not "
                                         "yet announced (as of --as-of), and the plan records "
                                         "no submission by the deadline."),
         N_("Record submitted = <date>, or choose an open call."), "", deadline_passed, PLAN),
)
