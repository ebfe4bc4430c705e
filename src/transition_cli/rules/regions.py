"""Rules on regions, partnerships and clusters (listed in ``rules/registry.py``).

N: NUTS codes (known, of the right country, valid in the file's NUTS version, not
   Extra-Regio).
X: interregional partnerships (coordinators, Member States, phases, regions listed twice).
L: clusters (cluster policy links different kinds of organisation).

The NUTS table is read on the first rule that needs it, not at import.
"""

from __future__ import annotations

from collections.abc import Iterator

from transition_cli.core.findings import KeyPath, Severity
from transition_cli.core.i18n import N_, _
from transition_cli.core.model import (
    DEFAULT_NUTS_VERSION,
    PHASES,
    Member,
    Partnership,
    Strategy,
    nuts_version_of,
)
from transition_cli.core.text import plural
from transition_cli.rules.base import Context, Issue, Rule, command, raw, raw_indices

E, W = Severity.ERROR, Severity.WARNING

def member_paths(ctx: Context, plan: Partnership) -> list[KeyPath]:
    """Key path of each member record, as placed in the file."""
    return [("members", i) for i in ctx.places("members", plan.members)]


NutsEntry = tuple[KeyPath, str, str, Member | None]


def nuts_entries(ctx: Context) -> list[NutsEntry]:
    """(key path, NUTS code, declared country, member) for every code in the file (worked
    out once per document: the four N rules read them)."""
    return ctx.once("regions:nuts", lambda: list(_nuts_entries(ctx)))


def _nuts_entries(ctx: Context) -> Iterator[NutsEntry]:
    plan = ctx.plan
    if isinstance(plan, Strategy):
        indices = raw_indices(raw(ctx, "region", "nuts"), plan.region.nuts)
        for code, j in zip(plan.region.nuts, indices, strict=True):
            yield ("region", "nuts", j), code, plan.region.country, None
    elif isinstance(plan, Partnership):
        for member, path in zip(plan.members, member_paths(ctx, plan), strict=True):
            indices = raw_indices(raw(ctx, *path, "nuts"), member.nuts)
            for code, j in zip(member.nuts, indices, strict=True):
                yield (*path, "nuts", j), code, member.country, member


def nuts_version(ctx: Context) -> tuple[str, str]:
    """The NUTS version of the file's codes, and where it comes from (for messages)."""
    return ctx.once("regions:nuts_version", lambda: _nuts_version(ctx))


def _nuts_version(ctx: Context) -> tuple[str, str]:
    plan, call = ctx.plan, ctx.call
    if not isinstance(plan, Strategy | Partnership):  # pragma: no cover - N rules are per plan
        return DEFAULT_NUTS_VERSION, _("the default version")
    version = nuts_version_of(plan, call)
    if plan.nuts_version is not None:
        return version, _("the file's nuts_version")
    if call is not None and call.nuts_version is not None:
        return version, _("the version of call {id}").format(id=call.id)
    return version, _("the default version")


def _outside_table(code: str, member: Member | None) -> bool:
    """Codes of an associated non-EU region whose country NUTS does not cover (Norway's)."""
    from transition_cli.reference import nuts

    country = nuts.country_of(code)
    return (member is not None and member.associated and country not in nuts.EU_MEMBER_STATES
            and nuts.lookup(country) is None)


# ---------------------------------------------------------------------------------------
# N: NUTS codes


def unknown_nuts(ctx: Context) -> Iterator[Issue]:
    from transition_cli.reference import nuts

    for path, code, _level, member in nuts_entries(ctx):
        if nuts.lookup(code) is not None or _outside_table(code, member):
            continue
        close = nuts.suggest(code, nuts_version(ctx)[0]) or nuts.suggest(code)
        hint = (_("did you mean {close}? ").format(close=', '.join(close)) if close else "") + (
            _("find codes with {command}").format(
              command=command(ctx, 'regions', 'NAME', file=False)))
        yield path, _("unknown NUTS code \"{code}\"").format(code=code), hint


def nuts_country(ctx: Context) -> Iterator[Issue]:
    from transition_cli.reference import nuts

    for path, code, country, member in nuts_entries(ctx):
        found = nuts.lookup(code)
        if found is None or not country or found.country == country:
            continue
        owner = _("member {id}").format(id=member.id) if member else _("the region")
        fix = (_("Eurostat writes Greece EL and the United Kingdom UK; ")
               if country in ("GR", "GB") else "")
        name = nuts.COUNTRY_NAMES.get(found.country, found.country)
        yield (path, _("{code} ({name}) is in {country} ({name2}), but {owner} is in {country2}")
                     .format(
                       code=code, name=found.name, country=found.country, name2=name, owner=owner,
                       country2=country),
               fix + _("write country = \"{country}\", or a NUTS code of {country2}").format(
                       country=found.country, country2=country))


def nuts_in_version(ctx: Context) -> Iterator[Issue]:
    from transition_cli.reference import nuts

    version, source = nuts_version(ctx)
    for path, code, _level, _member in nuts_entries(ctx):
        found = nuts.lookup(code)
        if found is None or version in found.versions:
            continue
        valid = sorted(found.versions)
        if found.country == "UK" and valid[-1] < version:
            hint = (_("the UK left NUTS after Brexit; {code} is valid in NUTS {valid} only: "
                      "write nuts_version = \"{valid2}\" at the top").format(
                      code=code, valid=", ".join(valid), valid2=valid[-1]))
        else:
            newer = [v for v in valid if v > version]
            hint = (_("write nuts_version = \"{newer}\" at the top, or use a code of NUTS "
                      "{version} (").format(
                      newer=(newer or valid)[-1], version=version)
                    + command(ctx, "regions", found.country, "--version", version, file=False)
                    + f" lists {found.country}'s)")
        yield (path, _("{code} ({name}) is not a code of NUTS {version} ({source}); it is "
                       "valid in {valid}").format(
                       code=code, name=found.name, version=version, source=source,
                       valid=', '.join(valid)), hint)


def extra_regio(ctx: Context) -> Iterator[Issue]:
    from transition_cli.reference import nuts

    for path, code, _level, member in nuts_entries(ctx):
        found = nuts.lookup(code)
        if found is None or not found.is_extra_regio:
            continue
        country = nuts.COUNTRY_NAMES.get(found.country, found.country)
        owner = _("member {id}").format(id=member.id) if member else _("the region")
        yield (path, _("{code} is an Extra-Regio code (territory of {country} outside any "
                       "region), not part of {owner}").format(
                       code=code, country=country, owner=owner),
               _("remove it ({command} lists the regions of {country})").format(
                 command=command(ctx, 'regions', found.country, file=False), country=country))


# ---------------------------------------------------------------------------------------
# X: partnerships


def _partnership(ctx: Context) -> Partnership | None:
    plan = ctx.plan
    return plan if isinstance(plan, Partnership) else None


def coordinators_are_members(ctx: Context) -> Iterator[Issue]:
    plan = _partnership(ctx)
    if plan is None:
        return
    from transition_cli.core.text import did_you_mean

    members = {m.id for m in plan.members}
    if not plan.coordinators and raw(ctx, "coordinators") is not None:
        yield (("coordinators",), _("the partnership names no coordinating region"),
               _("list the member ids of the leading region(s): coordinators = [\"...\"]"))
    indices = raw_indices(raw(ctx, "coordinators"), plan.coordinators)
    for coordinator, i in zip(plan.coordinators, indices, strict=True):
        if coordinator not in members:
            yield (("coordinators", i), _("coordinator \"{coordinator}\" is not a member").format(
                                          coordinator=coordinator),
                   did_you_mean(coordinator, members)
                   + _("; add it under [[members]] or use a member id"))


def member_states(ctx: Context) -> Iterator[Issue]:
    plan, call = _partnership(ctx), ctx.call
    if plan is None or call is None or not call.min_member_states:
        return
    from transition_cli.reference import nuts

    states = sorted({m.country for m in plan.members
                     if not m.associated and m.country in nuts.EU_MEMBER_STATES})
    need = call.min_member_states
    if len(states) >= need:
        return
    associated = [m.id for m in plan.members if m.associated]
    listed = f" ({', '.join(states)})" if states else ""
    note = (_("; associated regions ({associated}) do not count").format(
              associated=', '.join(associated)) if associated
            else "")
    yield (("members",), _("{plural}{listed} among the members; {id} asks for at least "
                           "{need}{note}").format(
                           plural=plural(len(states),
                               'Member State'), listed=listed, id=call.id, need=need, note=note),
           _("add partner regions from {plural} under [[members]]").format(
             plural=plural(need - len(states), 'more EU Member State')))


def associated_flag(ctx: Context) -> Iterator[Issue]:
    plan = _partnership(ctx)
    if plan is None:
        return
    from transition_cli.reference import nuts

    for member, path in zip(plan.members, member_paths(ctx, plan), strict=True):
        eu = member.country in nuts.EU_MEMBER_STATES
        name = nuts.COUNTRY_NAMES.get(member.country, member.country)
        if member.associated and eu:
            yield ((*path, "associated"), _("member {id} is marked associated, but {country} "
                                            "({name}) is an EU Member State").format(
                                            id=member.id, country=member.country, name=name),
                   _("remove associated = true: regions of Member States count as members"))
        elif not member.associated and not eu:
            where = "associated" if raw(ctx, *path, "associated") is not None else "country"
            yield ((*path, where), _("member {id} is in {country} ({name}), not an EU Member "
                                     "State, but is not marked associated").format(
                                     id=member.id, country=member.country, name=name),
                   _("add associated = true (it takes part but does not count towards the "
                     "Member States), or correct the country"))


def phase_order(ctx: Context) -> Iterator[Issue]:
    plan = _partnership(ctx)
    if plan is None:
        return
    indices = raw_indices(raw(ctx, "phases"), [p.name for p in plan.phases], "name")
    rank = {name: i for i, name in enumerate(PHASES)}
    order = " -> ".join(PHASES)
    seen: dict[str, int] = {}
    previous = None
    for phase, i in zip(plan.phases, indices, strict=True):
        if phase.name in seen:
            yield (("phases", i, "name"), _("phase \"{name}\" is listed twice").format(
                                            name=phase.name),
                   _("keep one {name} phase (first at phases[{name2}])").format(
                     name=phase.name, name2=seen[phase.name]))
            continue
        seen[phase.name] = i
        if previous is not None and rank[phase.name] < rank[previous.name]:
            yield (("phases", i, "name"), _("phase \"{name}\" comes after \"{name2}\"").format(
                                            name=phase.name, name2=previous.name),
                   _("list the phases in the order {order}").format(order=order))
        elif previous is not None and phase.start < previous.start:
            yield (("phases", i, "start"),
                   _("{name} starts {start}, before {name2} ({start2})").format(
                                             name=phase.name, start=phase.start,
                                             name2=previous.name, start2=previous.start),
                   _("start {name} on or after {start}; phases follow {order}").format(
                     name=phase.name, start=previous.start, order=order))
        previous = phase


def phase_dates(ctx: Context) -> Iterator[Issue]:
    plan = _partnership(ctx)
    if plan is None:
        return
    indices = raw_indices(raw(ctx, "phases"), [p.name for p in plan.phases], "name")
    period, what = plan.period, _("the period")
    if period.start == period.end == period.start.min and ctx.call is not None \
            and ctx.call.work is not None:
        period, what = ctx.call.work, _("the work period of {id}").format(id=ctx.call.id)
    elif period.start == period.start.min:
        return
    for phase, i in zip(plan.phases, indices, strict=True):
        if phase.start > phase.end:
            yield (("phases", i, "end"), _("{name} ends {end}, before it starts ({start})").format(
                                           name=phase.name, end=phase.end, start=phase.start),
                                           _("swap the dates or correct one of them"))
        for key, day in (("start", phase.start), ("end", phase.end)):
            if day not in period:
                said = (_("{name} starts {day}, outside {what} ({period})") if key == "start"
                        else _("{name} ends {day}, outside {what} ({period})"))
                yield (("phases", i, key), said.format(name=phase.name, day=day, what=what,
                                                       period=period),
                       (_("move the start into {period}") if key == "start"
                        else _("move the end into {period}")).format(period=period))


def region_listed_twice(ctx: Context) -> Iterator[Issue]:
    plan = _partnership(ctx)
    if plan is None:
        return
    paths = member_paths(ctx, plan)
    ids: dict[str, KeyPath] = {}
    codes: dict[str, str] = {}
    for member, path in zip(plan.members, paths, strict=True):
        if member.id in ids:
            yield ((*path, "id"), _("member \"{id}\" is listed twice").format(id=member.id),
                   _("list each region once; remove or rename the repeated [[members]] entry"))
            continue
        ids[member.id] = path
        indices = raw_indices(raw(ctx, *path, "nuts"), member.nuts)
        for code, j in zip(member.nuts, indices, strict=True):
            if code in codes and codes[code] != member.id:
                yield ((*path, "nuts", j), _("{code} is listed under both {code2} and {id}").format(
                                             code=code, code2=codes[code], id=member.id),
                   _("a region takes part once: keep the code in one member"))
            codes.setdefault(code, member.id)


# ---------------------------------------------------------------------------------------
# L: clusters


def cluster_kinds(ctx: Context) -> Iterator[Issue]:
    plan = ctx.plan
    if not isinstance(plan, Strategy):
        return
    for cid, cluster in ctx.state.clusters.items():
        kinds = sorted({o.kind for o in cluster.members})
        if len(kinds) >= 2:
            continue
        in_plan = ctx.once("regions:clusters", lambda: dict(zip(
            (c.id for c in plan.clusters), ctx.places("clusters", plan.clusters),
            strict=True)))
        added = ctx.once("regions:cluster.add", lambda: {
            e.cluster: e for e in ctx.journal if e.kind == "cluster.add" and e.cluster})
        if cid in in_plan:
            path: KeyPath = ("clusters", in_plan[cid])
        elif cid in added:
            path = ctx.journal_path(added[cid])
        else:  # pragma: no cover - state only holds clusters of the plan or the journal
            path = ("clusters",)
        links = _("only {kinds} members").format(kinds=kinds[0]) if kinds else _("no members yet")
        yield (path, _("cluster {cid} ({name}) links {links}").format(
                       cid=cid, name=cluster.name, links=links),
               _("a cluster links different kinds of organisation (firm, research-centre, "
                 "university, other): add one with ")
               + command(ctx, "cluster join", cid, "NAME", "--kind", "KIND"))


# ---------------------------------------------------------------------------------------
# The registry entries (appended to rules.RULES)

STRATEGY, PARTNERSHIP = ("strategy",), ("partnership",)
PLANS = ("strategy", "partnership")

REGION_RULES: tuple[Rule, ...] = (
    Rule("N001", "unknown-nuts", E, N_("A NUTS code is not in the NUTS table (Eurostat's NUTS "
                                      "2013, 2016, 2021 and 2024)."),
                                      N_("Use a real code; the hint suggests close ones, "
                                          "`transition regions NAME` finds them."),
                                          'nuts = ["FRE9"]', unknown_nuts, PLANS),
    Rule("N002", "nuts-country", E, N_("A NUTS code belongs to another country than the region "
                                      "or member that lists it."),
                                      N_("Correct the code or the country (Eurostat codes: EL, "
                                       "UK)."),
         'country = "BE"\nnuts = ["FRE1"]', nuts_country, PLANS),
    Rule("N003", "nuts-version", E, N_("A NUTS code is not valid in the file's NUTS version "
                                      "(its nuts_version, else its call's, else 2021)."),
                                      N_("Use codes of that version, or declare "
                                                              "the version the codes come from "
                                                              "(nuts_version = \"2024\")."),
         'nuts = ["PT19"]  # NUTS 2024 only, under a call of NUTS 2016', nuts_in_version,
         PLANS),
    Rule("N004", "extra-regio", E, N_("A NUTS code is an Extra-Regio code (FRZZ, LTZZ...): "
                                     "statistical territory outside any region, never a "
                                     "beneficiary's region or a partner's."),
         N_("Remove it: list the regions, or the country's code for a whole "
            "Member State."), 'nuts = ["LT01", "LT02", "LTZZ"]', extra_regio, PLANS),
    Rule("X001", "coordinator-not-member", E, N_("A coordinator is not one of the partnership's "
                                                "members, or no coordinator is named."),
                                                N_("Use member ids in coordinators."),
         'coordinators = ["bretagne"]  # no member with id "bretagne"',
         coordinators_are_members, PARTNERSHIP),
    Rule("X002", "member-states", E, N_("Fewer EU Member States among the non-associated "
                                       "members than the call's min_member_states."),
                                       N_("Add partner regions from more Member States; "
                                                 "associated (non-EU) regions do not count."),
                                                 "members in FR, EE and ES only "
         "under iip-2017 (at least 4)", member_states, PARTNERSHIP),
    Rule("X003", "associated", E, N_("A member is marked associated but is in an EU Member "
                                    "State, or is outside the EU and not marked associated."),
         N_("Set associated = true only for non-EU regions."),
         'country = "NO"  # without associated = true', associated_flag, PARTNERSHIP),
    Rule("X004", "phase-order", E, N_("Phases are not in the order learn, connect, demonstrate, "
                                     "commercialise, scale-up (listed or by start date), or "
                                     "one is listed twice."),
         N_("Reorder the phases or correct their start dates."),
         '[[phases]]\nname = "connect"\n...\n[[phases]]\nname = "learn"',
         phase_order, PARTNERSHIP),
    Rule("X005", "phase-dates", E, N_("A phase ends before it starts, or is not inside the "
                                     "period."), N_("Keep each phase within the period."),
         "start = 2018-01-01\nend = 2020-06-30  # period ends 2019-12-31",
         phase_dates, PARTNERSHIP),
    Rule("X006", "region-twice", E, N_("A member id, or a NUTS code, is listed twice in a "
                                      "partnership."), N_("List each region once."),
         '[[members]]\nid = "bretagne"\nnuts = ["FRH0"]\n[[members]]\nid = "brittany"\n'
         'nuts = ["FRH0"]', region_listed_twice, PARTNERSHIP),
    Rule("L001", "cluster-kinds", W, N_("A cluster links fewer than two kinds of organisation "
                                       "(firm, research-centre, university, other), counting "
                                       "journal joins."),
         N_("Add members of another kind: cluster policy is about linking them."),
         'members = [{ name = "A", kind = "firm" }, { name = "B", kind = "firm" }]',
         cluster_kinds, STRATEGY),
)
