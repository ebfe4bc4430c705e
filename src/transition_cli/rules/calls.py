"""Rules on calls files (K): the catalogue a user adds or overrides."""

from __future__ import annotations

from collections.abc import Iterator

from transition_cli.core.findings import Severity
from transition_cli.core.i18n import N_, _
from transition_cli.core.model import CallsFile
from transition_cli.core.money import eur
from transition_cli.rules.base import Context, Issue, Rule

E, W = Severity.ERROR, Severity.WARNING
PLAN = ("strategy", "partnership")


def _calls(ctx: Context) -> CallsFile:
    assert isinstance(ctx.doc.plan, CallsFile)
    return ctx.doc.plan


def calls_duplicate(ctx: Context) -> Iterator[Issue]:
    seen: set[str] = set()
    for i, call in enumerate(_calls(ctx).calls):
        if call.id in seen:
            yield (("calls", i, "id"), _("duplicate call id \"{id}\"").format(id=call.id),
                   _("rename one of them"))
        seen.add(call.id)
        envelopes: set[str] = set()
        for j, env in enumerate(call.envelopes):
            if env.id in envelopes:
                yield (("calls", i, "envelopes", j, "id"),
                       _("{id}: duplicate envelope id \"{id2}\"").format(id=call.id,
                           id2=env.id), _("rename one of them"))
            envelopes.add(env.id)


def calls_dates(ctx: Context) -> Iterator[Issue]:
    for i, call in enumerate(_calls(ctx).calls):
        if call.work is not None and call.work.start > call.work.end:
            yield (("calls", i, "work"), _("{id}: work period ends before it starts").format(
                                           id=call.id),
                   _("swap or correct the dates"))
        if call.opens and call.deadline and call.deadline < call.opens:
            yield (("calls", i, "deadline"), _("{id}: deadline {deadline} is before it opens "
                                               "({opens})").format(
                                               id=call.id, deadline=call.deadline,
                                               opens=call.opens), _("correct one of the dates"))


def calls_budget(ctx: Context) -> Iterator[Issue]:
    for i, call in enumerate(_calls(ctx).calls):
        if call.budget is not None and call.selects:
            need = call.cap_per_plan * call.selects
            if need > call.budget:
                yield (("calls", i, "budget"),
                       _("{id}: {selects} x {eur} = {eur2} is above the call's budget of {eur3}")
                       .format(
                         id=call.id, selects=call.selects, eur=eur(call.cap_per_plan),
                         eur2=eur(need), eur3=eur(call.budget)),
                       _("lower the envelope caps or the number selected, or raise the budget"))


CALLS_RULES: tuple[Rule, ...] = (
    Rule("K001", "duplicate-call", E, N_("Two calls, or two envelopes of a call, share an id."),
         N_("Rename one of them."), "", calls_duplicate, ("calls",)),
    Rule("K002", "call-dates", E, N_("A call's dates are out of order."), N_("Correct the dates."),
         "",
         calls_dates, ("calls",)),
    Rule("K003", "call-budget", W, N_("The call's envelopes for every selected plan add up to "
                                     "more than its budget."),
                                     N_("Check caps, number selected and budget."), "",
         calls_budget, ("calls",)),
)
