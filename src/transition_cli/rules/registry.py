"""The rules ``check`` applies, listed once in ``RULES``.

Each rule is a small function ``rule(ctx) -> Iterable[Issue]`` where an issue is a key
path, a message and a hint; the runner turns them into findings with the rule's code and
severity. Codes emitted while reading a file (F...) and while validating its shape (S...)
are listed here too, without a function, so ``docs/RULES.md`` documents every code.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from transition_cli.core.findings import Finding, KeyPath, Severity
from transition_cli.core.model import Call, CallsFile, JournalEntry, Plan, Strategy
from transition_cli.core.money import eur
from transition_cli.files.calls import Catalogue
from transition_cli.files.loader import Document
from transition_cli.ledger.state import ALLOWED_FROM, LEAVES, PlanState, derive

Issue = tuple[KeyPath, str, str]
"""(key path, message, hint)"""


@dataclass
class Context:
    doc: Document
    catalogue: Catalogue
    as_of: dt.date

    @property
    def plan(self) -> Plan:
        assert isinstance(self.doc.plan, Plan)
        return self.doc.plan

    @cached_property
    def call(self) -> Call | None:
        return self.catalogue.get(self.plan.call)

    @cached_property
    def state(self) -> PlanState:
        """The whole journal replayed: for consistency rules."""
        return derive(self.plan, self.call)

    @cached_property
    def state_as_of(self) -> PlanState:
        """Only entries up to --as-of: for judgements about "today"."""
        if all(e.date <= self.as_of for e in self.plan.journal):
            return self.state
        return derive(self.plan, self.call, self.as_of)

    def declared(self, key: str) -> set[str]:
        """Ids of ``key`` ("milestones", "experts", ...) in the plan and journal, including
        items left out of the model for another error (already reported)."""
        found = set(getattr(self.state, key))
        return found | self.doc.incomplete_ids.get(key, set())

    def journal_path(self, entry: JournalEntry, key: str | None = None) -> KeyPath:
        return ("journal", entry.index, key) if key else ("journal", entry.index)


RuleFunc = Callable[[Context], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    fix: str
    example: str = ""
    check: RuleFunc | None = field(default=None, repr=False)
    kinds: tuple[str, ...] = ("strategy", "partnership")


def did_you_mean(value: str, known: Iterable[str]) -> str:
    known = sorted(known)
    close = difflib.get_close_matches(value, known, n=1)
    listed = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    if close:
        return f'did you mean "{close[0]}"? (known: {listed})'
    return f"known: {listed}" if known else "none is defined yet"


# ---------------------------------------------------------------------------------------
# Plan rules


def unknown_call(ctx: Context) -> Iterator[Issue]:
    if ctx.plan.call and ctx.call is None:
        yield (("call",), f'unknown call "{ctx.plan.call}"',
               did_you_mean(ctx.plan.call, ctx.catalogue.ids)
               + "; list them with `transition calls`, or add yours with --calls FILE")


def call_kind(ctx: Context) -> Iterator[Issue]:
    kind = ctx.doc.kind
    if ctx.call is not None and ctx.call.answered_by != kind:
        yield (("call",), f'call "{ctx.call.id}" is answered by a {ctx.call.answered_by}, '
               f"not a {kind}", f"name a call for {kind} files (see `transition calls`)")


def duplicate_ids(ctx: Context) -> Iterator[Issue]:
    plan = ctx.plan
    groups: list[tuple[str, list[tuple[KeyPath, str]]]] = [
        ("milestone", [(("milestones", i), m.id) for i, m in enumerate(plan.milestones)]),
        ("expert", [(("experts", i), e.id) for i, e in enumerate(plan.experts)]),
        ("envelope", [(("envelopes", i), e.id) for i, e in enumerate(plan.envelopes)]),
    ]
    if isinstance(plan, Strategy):
        groups.append(("cluster", [(("clusters", i), c.id) for i, c in enumerate(plan.clusters)]))
    for what, items in groups:
        seen: dict[str, KeyPath] = {}
        for path, item_id in items:
            if item_id in seen:
                yield ((*path, "id"), f'duplicate {what} id "{item_id}"',
                       f"ids must be unique; rename one of them (first at "
                       f"{'.'.join(str(p) for p in seen[item_id])})")
            else:
                seen[item_id] = path


def _index(plan: Plan, key: str) -> dict[str, int]:
    items = getattr(plan, key)
    out: dict[str, int] = {}
    for i, item in enumerate(items):
        out.setdefault(item.id, i)
    return out


def unknown_owner(ctx: Context) -> Iterator[Issue]:
    experts = ctx.declared("experts")
    for i, m in enumerate(ctx.plan.milestones):
        if m.owner is not None and m.owner not in experts:
            yield (("milestones", i, "owner"), f'unknown expert "{m.owner}" as owner of {m.id}',
                   did_you_mean(m.owner, experts))


def unknown_dependency(ctx: Context) -> Iterator[Issue]:
    known = ctx.declared("milestones")
    for i, m in enumerate(ctx.plan.milestones):
        for j, dep in enumerate(m.depends_on):
            if dep not in known:
                yield (("milestones", i, "depends_on", j),
                       f'{m.id} depends on unknown milestone "{dep}"', did_you_mean(dep, known))
            elif dep == m.id:
                yield (("milestones", i, "depends_on", j), f"{m.id} depends on itself",
                       "remove it from its own depends_on")


def dependency_cycle(ctx: Context) -> Iterator[Issue]:
    """Each cycle once, found by one depth-first walk (linear in milestones + links)."""
    graph = {mid: [d for d in ms.milestone.depends_on if d != mid]
             for mid, ms in ctx.state.milestones.items()}
    index = _index(ctx.plan, "milestones")
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
                    yield ((*where, "depends_on"), "dependency cycle: "
                           + " -> ".join([*cycle, dep]),
                           "remove one of these dependencies to break the cycle")
                elif dep in graph and dep not in done:
                    on_path[dep] = len(path)
                    path.append(dep)
                    stack.append((dep, iter(graph[dep])))
                    break
            else:
                stack.pop()
                done.add(path.pop())
                del on_path[node]


def period_order(ctx: Context) -> Iterator[Issue]:
    p = ctx.plan.period
    if p.start > p.end:
        yield (("period", "end"), f"period ends ({p.end}) before it starts ({p.start})",
               "swap the dates or correct one of them")


def period_in_call(ctx: Context) -> Iterator[Issue]:
    p, call = ctx.plan.period, ctx.call
    if call is None or p.start == dt.date.min:
        return
    if p.start not in call.work or p.end not in call.work:
        yield (("period",), f"period {p} is outside the work period of {call.id} ({call.work})",
               f"keep the period within {call.work}")


def milestone_in_period(ctx: Context) -> Iterator[Issue]:
    p = ctx.plan.period
    if p.start == dt.date.min:
        return
    for i, m in enumerate(ctx.plan.milestones):
        if m.due not in p:
            yield (("milestones", i, "due"), f"{m.id} is due {m.due}, outside the period {p}",
                   "move the due date into the period, or widen the period")
        if m.start is not None and m.start > m.due:
            yield (("milestones", i, "start"), f"{m.id} starts {m.start}, after it is due "
                   f"({m.due})", "start on or before the due date")


def milestone_after_dependencies(ctx: Context) -> Iterator[Issue]:
    plan_ms = {m.id: m for m in ctx.plan.milestones}
    for i, m in enumerate(ctx.plan.milestones):
        for j, dep in enumerate(m.depends_on):
            other = plan_ms.get(dep)
            if other is not None and other.due > m.due:
                yield (("milestones", i, "depends_on", j),
                       f"{m.id} is due {m.due}, before {dep} it depends on ({other.due})",
                       f"move {m.id} on or after {other.due}, or drop the dependency")


def overdue(ctx: Context) -> Iterator[Issue]:
    index = _index(ctx.plan, "milestones")
    for mid, ms in ctx.state_as_of.milestones.items():
        if ms.is_late(ctx.as_of):
            days = (ctx.as_of - ms.due).days
            where: KeyPath = ("milestones", index[mid]) if mid in index else ("journal",)
            yield (where, f"{mid} ({ms.milestone.title}) is overdue: due {ms.due}, "
                   f"{days} day{'s' if days != 1 else ''} ago as of {ctx.as_of}",
                   f"record it with `transition milestone done {ctx.doc.file} {mid}`, "
                   "or reschedule it")


def envelope_in_call(ctx: Context) -> Iterator[Issue]:
    call = ctx.call
    if call is None:
        return
    for i, env in enumerate(ctx.plan.envelopes):
        spec = call.envelope(env.id)
        if spec is None:
            yield (("envelopes", i, "id"), f'call {call.id} has no envelope "{env.id}"',
                   did_you_mean(env.id, (e.id for e in call.envelopes)))
        elif env.cap > spec.cap:
            yield (("envelopes", i, "cap"), f"{env.id} cap {eur(env.cap)} is above the call's "
                   f"cap of {eur(spec.cap)}", f"lower the cap to at most {spec.cap:.2f}")


def envelope_gate(ctx: Context) -> Iterator[Issue]:
    call = ctx.call
    known = ctx.declared("milestones")
    for i, env in enumerate(ctx.plan.envelopes):
        spec = call.envelope(env.id) if call else None
        if env.gate is None and spec is not None and spec.gated:
            yield (("envelopes", i), f"{env.id} is gated on progress in {call.id if call else ''}"
                   " but names no gate milestone",
                   'add gate = "<milestone id>": the milestone that releases it')
        elif env.gate is not None and env.gate not in known:
            yield (("envelopes", i, "gate"), f'{env.id} is gated on unknown milestone '
                   f'"{env.gate}"', did_you_mean(env.gate, known))


def planned_cost_within_cap(ctx: Context) -> Iterator[Issue]:
    env = ctx.state.expert_envelope
    if env is None:
        return
    planned = sum((e.planned_cost for e in ctx.state.experts.values()), Decimal(0))
    if planned > env.cap:
        index = _index(ctx.plan, "envelopes")
        yield (("envelopes", index.get(env.id, 0), "cap"),
               f"planned expert cost {eur(planned)} (day rate x planned days) is above the "
               f"{env.id} cap of {eur(env.cap)} by {eur(planned - env.cap)}",
               "plan fewer days or lower day rates, or raise the cap within the call's")


def nearly_spent(ctx: Context) -> Iterator[Issue]:
    index = _index(ctx.plan, "envelopes")
    for env in ctx.state_as_of.envelopes.values():
        if env.cap and Decimal("0.9") <= env.share <= 1:
            yield (("envelopes", index.get(env.id, 0)),
                   f"{env.id} is {env.share:.0%} committed: {eur(env.committed)} of "
                   f"{eur(env.cap)}, {eur(env.remaining)} left",
                   "plan the remaining commitments; further ones may not fit")


def deadline_passed(ctx: Context) -> Iterator[Issue]:
    call = ctx.call
    if call is None or call.deadline is None or ctx.as_of <= call.deadline:
        return
    submitted = ctx.plan.submitted
    if submitted is None or submitted > call.deadline:
        yield (("submitted",) if submitted else ("call",),
               f"the deadline of {call.id} passed on {call.deadline}"
               + (f"; submitted {submitted}, after it" if submitted else
                  " and no submission date is recorded"),
               f"record submitted = <date> if it was sent by {call.deadline}, "
               "or choose an open call (`transition calls`)")


# ---------------------------------------------------------------------------------------
# Journal rules: the same rules the recording commands enforce, for hand-written entries.


def _entries(ctx: Context, *kinds: str) -> Iterator[JournalEntry]:
    return (e for e in ctx.plan.journal if e.kind in kinds)


def journal_unknown_ids(ctx: Context) -> Iterator[Issue]:
    plan = ctx.plan
    incomplete = ctx.doc.incomplete_ids
    milestones = {m.id for m in plan.milestones} | incomplete.get("milestones", set())
    experts = {e.id for e in plan.experts} | incomplete.get("experts", set())
    envelopes = {e.id for e in plan.envelopes} | incomplete.get("envelopes", set())
    clusters = {c.id for c in plan.clusters} if isinstance(plan, Strategy) else set()
    refs: set[str] = set()
    for e in plan.journal:
        checks: list[tuple[str, str | None, set[str]]] = []
        if e.kind == "milestone.add":
            checks += [("owner", e.owner, experts)]
            checks += [("depends_on", d, milestones) for d in e.depends_on]
        elif e.kind.startswith("milestone."):
            checks.append(("milestone", e.milestone, milestones))
        if e.kind == "expert.log":
            checks += [("expert", e.expert, experts), ("milestone", e.milestone, milestones)]
        if e.kind.startswith("budget."):
            checks += [("envelope", e.envelope, envelopes), ("milestone", e.milestone, milestones),
                       ("expert", e.expert, experts)]
        if e.kind == "budget.pay" and e.envelope in envelopes:
            checks.append(("ref", e.ref, refs))
        if e.kind == "cluster.join":
            checks.append(("cluster", e.cluster, clusters))
        for key, value, known in checks:
            if value is not None and value not in known:
                what = {"ref": "commitment reference", "depends_on": "milestone",
                        "owner": "expert"}.get(key, key)
                yield (ctx.journal_path(e, key), f'{e.kind}: unknown {what} "{value}"',
                       did_you_mean(value, known))
        # Ids the entry introduces are known to the entries after it.
        if e.kind == "milestone.add" and e.milestone:
            milestones.add(e.milestone)
        elif e.kind == "expert.add" and e.expert:
            experts.add(e.expert)
        elif e.kind == "budget.commit" and e.ref:
            refs.add(e.ref)
        elif e.kind == "cluster.add" and e.cluster:
            clusters.add(e.cluster)


def journal_duplicates(ctx: Context) -> Iterator[Issue]:
    plan = ctx.plan
    seen = {
        "milestone.add": {m.id for m in plan.milestones},
        "expert.add": {e.id for e in plan.experts},
        "budget.commit": set[str](),
        "cluster.add": {c.id for c in plan.clusters} if isinstance(plan, Strategy) else set(),
    }
    key = {"milestone.add": "milestone", "expert.add": "expert", "budget.commit": "ref",
           "cluster.add": "cluster"}
    for e in _entries(ctx, *seen):
        value = getattr(e, key[e.kind])
        if value in seen[e.kind]:
            yield (ctx.journal_path(e, key[e.kind]), f'{e.kind}: "{value}" already exists',
                   "choose a new id" if e.kind != "budget.commit"
                   else "each commitment needs its own reference")
        seen[e.kind].add(value)
    members = {(c.id, o.name) for c in plan.clusters for o in c.members} \
        if isinstance(plan, Strategy) else set()
    for e in _entries(ctx, "cluster.join"):
        if (e.cluster, e.name) in members:
            yield (ctx.journal_path(e, "name"), f'cluster.join: "{e.name}" is already a '
                   f"member of {e.cluster}", "remove the repeated entry")
        members.add((e.cluster or "", e.name))


def journal_transitions(ctx: Context) -> Iterator[Issue]:
    status: dict[str, str] = {m.id: "planned" for m in ctx.plan.milestones}
    for e in _entries(ctx, "milestone.add", *ALLOWED_FROM):
        mid = e.milestone or ""
        if e.kind == "milestone.add":
            status.setdefault(mid, "planned")
            continue
        current = status.get(mid)
        if current is None:
            continue  # unknown id: journal_unknown_ids reports it
        if current not in ALLOWED_FROM[e.kind]:
            yield (ctx.journal_path(e, "kind"), f"{e.kind}: {mid} is already {current}",
                   "remove this entry: a done or cancelled milestone does not change again"
                   if current in ("done", "cancelled") else "remove this entry")
        elif e.kind in LEAVES:
            status[mid] = LEAVES[e.kind]


def journal_done_after_dependencies(ctx: Context) -> Iterator[Issue]:
    states = ctx.state.milestones
    for e in _entries(ctx, "milestone.done"):
        ms = states.get(e.milestone or "")
        if ms is None:
            continue
        for dep in ms.milestone.depends_on:
            dep_state = states.get(dep)
            # A cancelled dependency no longer holds anything up.
            if dep_state is not None and dep_state.status != "cancelled" \
                    and not dep_state.done_by(e.date):
                yield (ctx.journal_path(e, "date"),
                       f"{ms.id} done on {e.date} before {dep} it depends on"
                       + (f" (done {dep_state.finished})" if dep_state.status == "done"
                          else f" ({dep_state.status})"),
                       f"record {dep} as done first, or correct the date")


def journal_in_eligibility(ctx: Context) -> Iterator[Issue]:
    call = ctx.call
    if call is None:
        return
    for e in ctx.plan.journal:
        if e.date not in call.eligibility:
            yield (ctx.journal_path(e, "date"), f"{e.kind} dated {e.date} is outside the "
                   f"eligibility period of {call.id} ({call.eligibility})",
                   "costs and progress must fall inside the eligibility period; correct the date")
        if e.due is not None and e.due not in ctx.plan.period:
            yield (ctx.journal_path(e, "due"), f"{e.kind}: new due date {e.due} is outside "
                   f"the period {ctx.plan.period}", "choose a date inside the period")
        if e.start is not None and e.due is not None and e.start > e.due:
            yield (ctx.journal_path(e, "start"), f"{e.kind}: {e.milestone} starts {e.start}, "
                   f"after it is due ({e.due})", "start on or before the due date")


def _cap_walk(ctx: Context) -> Iterator[tuple[JournalEntry, Decimal, Decimal, Decimal]]:
    """(entry, committed before, committed after, cap) for each commitment and expert log,
    in journal order, on its envelope: earlier commitments and, on the envelope that pays
    expert days, the days logged so far that no commitment naming the expert covers (as
    ``state`` counts them)."""
    caps = {env.id: env.cap for env in ctx.plan.envelopes}
    expert_env = ctx.state.expert_envelope
    rates = {x.id: x.expert.day_rate for x in ctx.state.experts.values()}
    commitments: dict[str, Decimal] = {}
    logged: dict[str, Decimal] = {}  # expert -> cost of days logged so far
    covering: dict[str, Decimal] = {}  # expert -> commitments naming them on expert_env

    def committed(envelope: str) -> Decimal:
        total = commitments.get(envelope, Decimal(0))
        if expert_env is not None and envelope == expert_env.id:
            total += sum((max(cost - covering.get(x, Decimal(0)), Decimal(0))
                          for x, cost in logged.items()), Decimal(0))
        return total

    for e in _entries(ctx, "budget.commit", "expert.log"):
        if e.kind == "expert.log":
            if expert_env is None or e.expert not in rates or e.days is None:
                continue
            envelope = expert_env.id
            before = committed(envelope)
            logged[e.expert] = logged.get(e.expert, Decimal(0)) + e.days * rates[e.expert]
        else:
            if e.envelope not in caps or e.amount is None:
                continue
            envelope = e.envelope
            before = committed(envelope)
            commitments[envelope] = commitments.get(envelope, Decimal(0)) + e.amount
            if e.expert and expert_env is not None and envelope == expert_env.id:
                covering[e.expert] = covering.get(e.expert, Decimal(0)) + e.amount
        yield e, before, committed(envelope), caps[envelope]


def journal_commit_within_cap(ctx: Context) -> Iterator[Issue]:
    for e, before, after, cap in _cap_walk(ctx):
        if e.kind == "budget.commit" and after > cap:
            yield (ctx.journal_path(e, "amount"),
                   f"commitment {e.ref} of {eur(e.amount or Decimal(0))} is above what "
                   f"{e.envelope} has left: cap {eur(cap)}, committed {eur(before)}, "
                   f"remaining {eur(cap - before)}",
                   "split or reduce the commitment, or release an earlier one")


def journal_expert_days_within_cap(ctx: Context) -> Iterator[Issue]:
    for e, before, after, cap in _cap_walk(ctx):
        if e.kind == "expert.log" and after > cap and after > before:
            env = ctx.state.expert_envelope
            yield (ctx.journal_path(e, "days"),
                   f"{e.days} days of {e.expert} take {env.id if env else 'the envelope'} "
                   f"over its cap: {eur(after)} committed (commitments and expert days) "
                   f"against {eur(cap)}",
                   "fewer expert days, or cover them with a commitment within the cap")


def journal_pay_within_commitment(ctx: Context) -> Iterator[Issue]:
    commitments: dict[str, tuple[str, Decimal]] = {}
    paid: dict[str, Decimal] = {}
    for e in _entries(ctx, "budget.commit", "budget.pay"):
        if e.amount is None or not e.ref:
            continue
        if e.kind == "budget.commit":
            commitments.setdefault(e.ref, (e.envelope or "", e.amount))
            continue
        if e.ref not in commitments:
            continue
        envelope, amount = commitments[e.ref]
        if envelope != e.envelope:
            yield (ctx.journal_path(e, "envelope"), f"payment on {e.ref} names envelope "
                   f"{e.envelope}, but {e.ref} was committed on {envelope}",
                   f'write envelope = "{envelope}"')
            continue
        before = paid.get(e.ref, Decimal(0))
        if before + e.amount > amount:
            yield (ctx.journal_path(e, "amount"),
                   f"payment of {eur(e.amount)} on {e.ref} is above what was committed: "
                   f"committed {eur(amount)}, paid {eur(before)}, unpaid {eur(amount - before)}",
                   "pay at most the unpaid amount, or record a further commitment")
        paid[e.ref] = before + e.amount


def journal_gate(ctx: Context) -> Iterator[Issue]:
    for e in _entries(ctx, "budget.commit"):
        env = ctx.state.envelopes.get(e.envelope or "")
        gate = env.envelope.gate if env else None
        if env is None or gate is None or env.gate_open(e.date):
            continue  # no gate named: R008 reports the envelope
        ms = ctx.state.milestones.get(gate or "")
        state = f"done {ms.finished}" if ms and ms.finished else (ms.status if ms else "unknown")
        yield (ctx.journal_path(e, "envelope"),
               f"{env.id} is gated on {gate or 'a milestone'} ({state}); no commitment "
               f"before it is done (this one is dated {e.date})",
               f"record {gate} as done first: `transition milestone done {ctx.doc.file} {gate}`")


# ---------------------------------------------------------------------------------------
# Calls-file rules


def _calls(ctx: Context) -> CallsFile:
    assert isinstance(ctx.doc.plan, CallsFile)
    return ctx.doc.plan


def calls_duplicate(ctx: Context) -> Iterator[Issue]:
    seen: set[str] = set()
    for i, call in enumerate(_calls(ctx).calls):
        if call.id in seen:
            yield (("calls", i, "id"), f'duplicate call id "{call.id}"', "rename one of them")
        seen.add(call.id)
        envelopes: set[str] = set()
        for j, env in enumerate(call.envelopes):
            if env.id in envelopes:
                yield (("calls", i, "envelopes", j, "id"),
                       f'{call.id}: duplicate envelope id "{env.id}"', "rename one of them")
            envelopes.add(env.id)


def calls_dates(ctx: Context) -> Iterator[Issue]:
    for i, call in enumerate(_calls(ctx).calls):
        if call.work.start > call.work.end:
            yield (("calls", i, "work"), f"{call.id}: work period ends before it starts",
                   "swap or correct the dates")
        if call.opens and call.deadline and call.deadline < call.opens:
            yield (("calls", i, "deadline"), f"{call.id}: deadline {call.deadline} is before "
                   f"it opens ({call.opens})", "correct one of the dates")


def calls_budget(ctx: Context) -> Iterator[Issue]:
    for i, call in enumerate(_calls(ctx).calls):
        if call.budget is not None and call.selects:
            need = call.cap_per_plan * call.selects
            if need > call.budget:
                yield (("calls", i, "budget"),
                       f"{call.id}: {call.selects} x {eur(call.cap_per_plan)} = {eur(need)} is "
                       f"above the call's budget of {eur(call.budget)}",
                       "lower the envelope caps or the number selected, or raise the budget")


# ---------------------------------------------------------------------------------------
# The registry

E, W = Severity.ERROR, Severity.WARNING
PLAN = ("strategy", "partnership")

RULES: tuple[Rule, ...] = (
    Rule("F001", "toml-syntax", E, "The file is not valid TOML.",
         "Fix the syntax at the line and column given.", 'title = "Hauts-de-France'),
    Rule("F002", "encoding", E, "The file is binary or not UTF-8 text.",
         "Save the file as UTF-8 text.", kinds=()),
    Rule("F003", "format-key", E,
         'The top-level "transition" key, naming the kind and format version, is missing '
         "or unknown.", 'Start the file with transition = "strategy/1" (or partnership/1, '
         "calls/1).", 'transition = "strategy/7"', kinds=()),
    Rule("F004", "too-large", E, "The file is above the size limit (16 MiB).",
         "Split the file or move old journal entries to an archive file.", kinds=()),
    Rule("F005", "too-deep", E, "Arrays or tables are nested too deep to read.",
         "Flatten the nesting.", kinds=()),
    Rule("S001", "missing-key", E, "A required key is missing.",
         "Add the key; the hint names its type.", '[[milestones]]\nid = "M1"  # no title, no due'),
    Rule("S002", "wrong-type", E, "A value has the wrong type or is not one of the allowed values.",
         "Write the value with the type the hint names.", "planned_days = \"forty\""),
    Rule("S003", "unknown-key", W, "A key the format does not know (often a typo); it is ignored.",
         "Correct the spelling (the hint suggests the closest key) or remove it.",
         '[[milestones]]\ndeu = 2018-03-31'),
    Rule("S004", "bad-amount", E,
         "An amount or number of days is negative, not finite, quoted or has more than two "
         "decimals.", "Write a positive number with at most two decimals, without quotes.",
         "cap = 200000.005"),
    Rule("S005", "bad-date", E, "A date is malformed, quoted, or carries a time.",
         "Write a TOML date without quotes: 2018-03-31.", 'due = "31/03/2018"'),
    Rule("S006", "duplicate", E, "An id, or an entry of a list, appears twice.",
         "Give each item its own id; remove repeated entries.", 'nuts = ["FRE1", "FRE1"]'),
    Rule("S007", "nuts-syntax", E, "A NUTS code is malformed.",
         "Write a country code and up to three capitals or digits: FRE1.", 'nuts = ["fre1"]'),
    Rule("R001", "unknown-call", E, "The plan names a call that is not in the catalogue.",
         "Use an id from `transition calls`, or add the call in your calls file.",
         'call = "itr-2019"', unknown_call, PLAN),
    Rule("R002", "call-kind", E, "A strategy names a partnership call, or the other way round.",
         "Name a call answered by this kind of file.", 'call = "iip-2017"  # in a strategy',
         call_kind, PLAN),
    Rule("R003", "duplicate-id", E, "Two milestones, experts, envelopes or clusters share an id.",
         "Rename one of them.", '[[milestones]]\nid = "M1"\n...\n[[milestones]]\nid = "M1"',
         duplicate_ids, PLAN),
    Rule("R004", "unknown-owner", E, "A milestone's owner is not an expert of the team.",
         "Use an expert id from [[experts]].", 'owner = "oecd-9"', unknown_owner, PLAN),
    Rule("R005", "unknown-dependency", E, "A milestone depends on an unknown milestone or itself.",
         "Use ids from [[milestones]].", 'depends_on = ["M9"]', unknown_dependency, PLAN),
    Rule("R006", "dependency-cycle", E, "Milestones depend on each other in a cycle.",
         "Remove one dependency of the cycle.", 'M1 depends_on M2, M2 depends_on M1',
         dependency_cycle, PLAN),
    Rule("R007", "unknown-envelope", E, "An envelope is not one of the call's, or its cap is "
         "above the call's cap.", "Use the call's envelope ids and caps at most the call's.",
         'id = "expertise"\ncap = 250000.00  # call caps it at 200,000',
         envelope_in_call, PLAN),
    Rule("R008", "gate", E, "A gated envelope names no gate milestone, or an unknown one.",
         'Add gate = "<milestone id>" to the envelope.', '[[envelopes]]\nid = "implementation"',
         envelope_gate, PLAN),
    Rule("P001", "period-order", E, "The period ends before it starts.",
         "Correct the dates.", "period = { start = 2019-01-01, end = 2018-01-01 }",
         period_order, PLAN),
    Rule("P002", "period-in-call", E, "The period is not inside the call's work period.",
         "Keep the period within the call's work period (`transition calls`).",
         "period = { start = 2017-01-01, end = 2019-12-31 }", period_in_call, PLAN),
    Rule("P003", "milestone-in-period", E,
         "A milestone is due outside the period, or starts after it is due.",
         "Move the dates into the period.", "due = 2021-06-30", milestone_in_period, PLAN),
    Rule("P004", "milestone-order", E, "A milestone is due before a milestone it depends on.",
         "Move it after its dependencies, or drop the dependency.",
         'id = "M2"\ndue = 2018-02-01\ndepends_on = ["M1"]  # M1 due 2018-03-31',
         milestone_after_dependencies, PLAN),
    Rule("P005", "overdue", W, "A milestone is past its current due date and not done "
         "(as of --as-of).", "Record it done, or reschedule it with a reason.", "",
         overdue, PLAN),
    Rule("B001", "planned-cost", E, "Planned expert cost (day rate x planned days) is above the "
         "cap of the envelope that pays expert days.", "Plan fewer days or lower rates.",
         "day_rate = 1500.00\nplanned_days = 200", planned_cost_within_cap, PLAN),
    Rule("B002", "nearly-spent", W, "An envelope is 90 % or more committed.",
         "Plan the last commitments with care.", "", nearly_spent, PLAN),
    Rule("C001", "deadline-passed", W, "The call's deadline has passed (as of --as-of) and the "
         "plan records no submission by then.",
         "Record submitted = <date>, or choose an open call.", "", deadline_passed, PLAN),
    Rule("J001", "journal-unknown-id", E, "A journal entry names an unknown milestone, expert, "
         "envelope, cluster or commitment reference.", "Use an id that exists (see the hint).",
         'kind = "milestone.done"\nmilestone = "M9"', journal_unknown_ids, PLAN),
    Rule("J002", "journal-duplicate", E, "A journal entry adds an id or a commitment reference "
         "that already exists.", "Choose a new id or reference.", "", journal_duplicates, PLAN),
    Rule("J003", "journal-status", E, "A milestone is started, done, rescheduled or cancelled "
         "when its status does not allow it (e.g. done twice).",
         "Remove the entry or correct its order.", "", journal_transitions, PLAN),
    Rule("J004", "done-before-dependencies", E,
         "A milestone is recorded done before the milestones it depends on.",
         "Record the dependencies first, or correct the date.", "",
         journal_done_after_dependencies, PLAN),
    Rule("J005", "outside-eligibility", E, "A journal entry is dated outside the call's "
         "eligibility period, or reschedules outside the plan's period.",
         "Correct the date.", "date = 2017-06-01", journal_in_eligibility, PLAN),
    Rule("J006", "over-cap", E, "A commitment is above what its envelope has left.",
         "Reduce or split the commitment.", "amount = 250000.00", journal_commit_within_cap,
         PLAN),
    Rule("J007", "expert-days-over-cap", E, "Expert days logged push the expert envelope over "
         "its cap.", "Cover the days with a commitment, or log fewer.", "",
         journal_expert_days_within_cap, PLAN),
    Rule("J008", "over-paid", E, "A payment is above what its commitment has left unpaid, or "
         "names another envelope.", "Pay at most the unpaid amount.", "",
         journal_pay_within_commitment, PLAN),
    Rule("J009", "gate-closed", E, "A commitment on a gated envelope comes before its gate "
         "milestone is done.", "Record the gate milestone done first.", "", journal_gate, PLAN),
    Rule("K001", "duplicate-call", E, "Two calls, or two envelopes of a call, share an id.",
         "Rename one of them.", "", calls_duplicate, ("calls",)),
    Rule("K002", "call-dates", E, "A call's dates are out of order.", "Correct the dates.", "",
         calls_dates, ("calls",)),
    Rule("K003", "call-budget", W, "The call's envelopes for every selected plan add up to "
         "more than its budget.", "Check caps, number selected and budget.", "",
         calls_budget, ("calls",)),
)

# Region, partnership and cluster rules live in their own module, which imports Rule above.
from transition_cli.rules.regions import REGION_RULES  # noqa: E402

RULES += REGION_RULES
RULES_BY_CODE = {r.code: r for r in RULES}


def run(doc: Document, catalogue: Catalogue, as_of: dt.date) -> list[Finding]:
    """All rule functions over one loaded document; findings located in the file."""
    if doc.plan is None or doc.kind is None:
        return []
    ctx = Context(doc, catalogue, as_of)
    found = []
    for rule in RULES:
        if rule.check is None or doc.kind not in rule.kinds:
            continue
        for path, message, hint in rule.check(ctx):
            found.append(Finding(rule.code, rule.severity, message, file=doc.file,
                                 path=path, hint=hint))
    return found
