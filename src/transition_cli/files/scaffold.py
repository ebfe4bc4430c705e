"""New files: a commented, valid strategy for a region and a call."""

from __future__ import annotations

import calendar
import datetime as dt

import tomli_w

from transition_cli.core.i18n import _
from transition_cli.core.model import (
    DEFAULT_NUTS_VERSION,
    HOLDER_NAMES,
    Call,
    CallEnvelope,
    Period,
    Region,
)
from transition_cli.core.records import record
from transition_cli.core.text import inert
from transition_cli.reference.regions import Beneficiary

# The standard sequence of the pilot's work, as (id, title, months after the work period
# starts, deliverable). The strategy is due by the end of the first year, implementation
# follows.
STANDARD_MILESTONES: tuple[tuple[str, str, int, str], ...] = (
    ("M1", "Diagnosis of the regional economy", 3, "Diagnosis report"),
    ("M2", "Peer learning with other pilot regions", 6, "Peer-learning workshop notes"),
    ("M3", "Draft economic-transformation strategy", 9, "Draft strategy"),
    ("M4", "Strategy validated by the regional authority", 11, "Validated strategy"),
    ("M5", "Action plan for implementation", 12, "Action plan"),
    ("M6", "Start of implementation", 15, "First implementation projects launched"),
)
GATE_MILESTONE = "M4"
STANDARD_IDS = tuple(mid for mid, _, _, _ in STANDARD_MILESTONES)


def toml_value(value: object) -> str:
    """One value in TOML syntax (strings escaped by tomli-w); lists stay on one line."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def month_end(start: dt.date, months: int) -> dt.date:
    """Last day of the month ``months - 1`` months after ``start``'s month."""
    index = start.month - 1 + months - 1
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def comment(text: str) -> str:
    """A ``#`` line whose text can neither end the comment nor carry control characters."""
    return "# " + inert(text)


def _milestone_lines(milestones: list[tuple[str, str, dt.date, str]]) -> list[str]:
    """``[[milestones]]`` tables (id, title, due, deliverable), each after the previous."""
    lines: list[str] = []
    previous = None
    for mid, title, due, deliverable in milestones:
        lines += [
            "[[milestones]]",
            f"id = {toml_value(mid)}",
            f"title = {toml_value(title)}",
            f"due = {due.isoformat()}",
            'owner = "lead"',
            f"depends_on = {toml_value([previous] if previous else [])}",
            f"deliverable = {toml_value(deliverable)}",
            "",
        ]
        previous = mid
    return lines


def comments(text: str, width: int = 88) -> list[str]:
    """``text`` as ``#`` lines of at most ``width`` characters; a `command` stays whole."""
    import re
    import textwrap

    kept = re.sub(r"`[^`]*`", lambda m: m.group().replace(" ", "\0"), inert(text))
    return [comment(line.replace("\0", " "))
            for line in textwrap.wrap(kept, width - 2, break_on_hyphens=False)]


def envelope_note(env: CallEnvelope) -> str:
    """Who holds the envelope and what opens it, as the call declares, in sentences."""
    sentences = []
    if env.managed_by == "commission":
        sentences.append("The Commission's money: the Commission commits and pays it, not "
                         "the region")
    elif env.managed_by == "region":
        sentences.append("The region's money: the region commits and pays it")
    if env.awarded_by:
        sentences.append(f"It opens when {HOLDER_NAMES[env.awarded_by]} awards it, at most the cap "
                         "(`transition budget award`)"
                         + ("; the gate milestone is the plan's step before asking for it"
                            if env.gated else ""))
    elif env.gated:
        sentences.append("It is released once the gate milestone is done")
    if env.expert_days:
        sentences.append("The experts' logged days are charged here")
    return "".join(f"{s}. " for s in sentences).strip()


def _envelope_lines(call: Call, gate: str) -> list[str]:
    lines = ["# Envelopes drawn from the call, with their caps in EUR."]
    for env in call.envelopes:
        lines += [
            *comments(f"{env.title}. {envelope_note(env)}".strip()),
            "[[envelopes]]",
            f"id = {toml_value(env.id)}",
            f"cap = {env.cap:.2f}",
        ]
        if env.gated:
            lines.append(f"gate = {toml_value(gate)}")
        lines.append("")
    return lines


@record(slots=False)
class StrategyDraft:
    region: Region
    call: Call
    title: str
    nuts_version: str | None = None  # written as the file's nuts_version when given
    member_state: bool = False  # the beneficiary is a whole Member State


def strategy_draft(
    call: Call, region: str, name: str | None = None, title: str | None = None
) -> tuple[StrategyDraft, Beneficiary]:
    """A draft for ``--region`` (a NUTS code or a name) under ``call``, in the call's NUTS
    version; ``UsageError`` when the region is unknown, ambiguous, Extra-Regio or not of
    that version. Also returns how the region was resolved, for the command to say."""
    from transition_cli.reference.regions import beneficiary

    why = f"the NUTS version of call {call.id}" if call.nuts_version else ""
    found = beneficiary(region, call.nuts_version, name=name, why=why)
    draft = StrategyDraft(found.region, call,
                          title or f"Economic transformation of {found.region.name}",
                          found.version, found.member_state)
    return draft, found


PLANNED_MONTHS = 24


def planning_period(call: Call, whose: str = "the region's", today: dt.date | None = None
                    ) -> tuple[Period, list[str]]:
    """The period a new plan starts with, and the comment saying where it comes from: the
    call's work period where it declares one; else the region's planning assumption, to
    replace (two years from the month after the selection, the deadline or the opening,
    else from next month)."""
    if call.work is not None:
        return call.work, ["# The work period of the call; narrow it if yours is shorter."]
    for when, day in (("selection", call.selected), ("deadline", call.deadline),
                      ("opening", call.opens)):
        if day is not None:
            since = f"the month after the call's {when} ({day.isoformat()})"
            break
    else:
        day, since = today or dt.date.today(), "next month"
    start = month_end(day, 1) + dt.timedelta(days=1)
    period = Period(start, month_end(start, PLANNED_MONTHS))
    return period, comments(
        f"A planning assumption, to replace with {whose} own: {call.id} gives no work "
        f"period, so this one runs {PLANNED_MONTHS} months from {since}.")


def strategy_text(draft: StrategyDraft, schema_url: str | None = None) -> str:
    call, region = draft.call, draft.region
    period, period_comment = planning_period(call)
    start, end = period.start, period.end
    dues = [min(month_end(start, months), end) for _, _, months, _ in STANDARD_MILESTONES]
    lines = []
    if schema_url:
        lines.append(f"#:schema {inert(schema_url)}")
    lines += [
        comment(f"Economic-transformation strategy of {region.name}, answering {call.id}:"),
        comment(f"{call.title}."),
        "# Written by `transition init`. Edit freely: comments, order and layout are yours.",
        "# Record progress with `transition milestone`, `transition expert` and",
        "# `transition budget`: they append dated entries to the journal at the end.",
        'transition = "strategy/1"',
        f"call = {toml_value(call.id)}",
        f"title = {toml_value(draft.title)}",
        *period_comment,
        f"period = {{ start = {start.isoformat()}, end = {end.isoformat()} }}",
        "",
        "# Peer-learning themes of the pilot; keep those you work on.",
        "themes = [",
        *(f"    {toml_value(t)}," for t in call.themes),
        "]",
        "",
    ]
    if draft.nuts_version is not None:
        lines += [
            f"# The region's codes are of NUTS {draft.nuts_version}"
            + (f", the classification {call.id} uses." if draft.nuts_version ==
               call.nuts_version else "."),
            f"nuts_version = {toml_value(draft.nuts_version)}",
            "",
        ]
    lines += [
        "[region]",
        f"name = {toml_value(region.name)}",
        f"country = {toml_value(region.country)}",
        comment(f"The Member State {region.name}: all its NUTS-2 regions.")
        if draft.member_state else "# NUTS codes the strategy covers (often several NUTS-2 "
        "areas).",
        f"nuts = {toml_value(list(region.nuts))}",
        "",
        "# The expert team. Replace the placeholder with the real team; ids are used by",
        "# milestones (owner) and by `transition expert log`.",
        "[[experts]]",
        'id = "lead"',
        'name = "Team leader (to be named)"',
        'role = "team leader"',
        'organisation = ""',
        "day_rate = 800.00  # EUR per day",
        "planned_days = 60",
        "",
        "# Milestones: due dates are the baseline; reschedules go in the journal.",
    ]
    lines += _milestone_lines([
        (mid, title, due, deliverable)
        for (mid, title, _, deliverable), due in zip(STANDARD_MILESTONES, dues, strict=True)
    ])
    lines += _envelope_lines(call, GATE_MILESTONE)
    lines += [
        "# Clusters the strategy develops, linking firms, research centres and",
        "# universities. Add them as you identify them, for example:",
        "# [[clusters]]",
        '# id = "materials"',
        '# name = "Advanced materials"',
        '# members = [{ name = "Université de Lille", kind = "university" },',
        '#            { name = "A local firm", kind = "firm" }]',
        "",
    ]
    lines += strategy_lines(call, start, end, dues)
    lines += [
        "# The journal: recording commands append [[journal]] entries below this line.",
    ]
    return "\n".join(lines) + "\n"


def strategy_lines(call: Call, start: dt.date, end: dt.date, dues: list[dt.date]
                   ) -> list[str]:
    """The strategy itself, as placeholders that pass ``check``: two priorities on the
    call's first themes, an action of the implementation year with a two-source funding
    mix, an output and a result indicator, and what the call implies is due: the strategy
    (closing the gate milestone) and a final report at the end of the period."""
    themes = list(call.themes[:2])
    gate_due = dues[STANDARD_IDS.index(GATE_MILESTONE)]
    action_start = min(dues[STANDARD_IDS.index("M5")] + dt.timedelta(days=1), end)
    lines = [
        "# " + "=" * 86,
        "# The strategy itself: what the region will do, with what money, measured how, and",
        "# what is due to the Commission. PLACEHOLDERS down to the journal: replace them with",
        "# your own; `transition check` says what does not add up.",
        "",
        "# Priorities, each built on a domain of the region's smart specialisation strategy",
        "# (S3) and serving some of the call's peer-learning themes.",
    ]
    for n in (1, 2):
        theme = themes[n - 1] if n <= len(themes) else None
        title = f"Priority {n} (placeholder)"
        lines += [
            "[[priorities]]",
            f'id = "P{n}"',
            f"title = {toml_value(title + (f': {theme}' if theme else ''))}",
            's3_domain = "A domain of the regional S3 (placeholder)"',
            '# s3_reference = "Section of the S3 document, or a link"',
            f"themes = {toml_value([theme] if theme else [])}",
            'rationale = "Why this priority (placeholder)."',
            "",
        ]
    lines += [
        "# Actions: the funding sources add up to the total cost, to the cent; an EU grant's",
        "# rate is the most it pays, in % of the eligible cost. Sources: pilot-grant (the",
        "# call's implementation grant), erdf-regional, esf, horizon-2020, eib, national,",
        "# regional, private, other.",
        "[[actions]]",
        'id = "A1"',
        'title = "Action 1 (placeholder)"',
        'priority = "P1"',
        'lead = "Lead organisation (to be named)"',
        "# cluster = \"materials\"  # when the lead is a member of one of the clusters",
        f"start = {action_start.isoformat()}",
        f"end = {end.isoformat()}",
        "total_cost = 200000.00",
        "eligible_cost = 200000.00",
        "funding = [",
        '    { source = "erdf-regional", amount = 100000.00, rate = 50 },',
        '    { source = "regional", amount = 100000.00 },',
        "]",
        "",
        "# Indicators: an output of an action or a result of a priority. Record what is",
        "# measured, at least once a year: `transition indicator record FILE ID VALUE`.",
        "[[indicators]]",
        'id = "I1"',
        'title = "Firms supported by action 1 (placeholder)"',
        'unit = "firms"',
        'kind = "output"',
        'action = "A1"',
        f"baseline = {{ value = 0, date = {start.isoformat()} }}",
        f"target = {{ value = 20, date = {end.isoformat()} }}",
        "",
        "[[indicators]]",
        'id = "I2"',
        'title = "Result of priority 1 (placeholder)"',
        'unit = "%"',
        'kind = "result"',
        'priority = "P1"',
        f"baseline = {{ value = 0, date = {start.isoformat()} }}",
        f"target = {{ value = 10, date = {end.isoformat()} }}",
        "",
        "# What is due to the Commission (the call's sources give no dates: placeholders).",
        "# Record each one sent: `transition deliverable submit FILE ID --date DATE`.",
        "[[deliverables]]",
        'id = "D1"',
        'title = "Economic-transformation strategy, as validated"',
        f"due = {gate_due.isoformat()}",
        f"milestone = {toml_value(GATE_MILESTONE)}",
        "",
        "[[deliverables]]",
        'id = "D2"',
        'title = "Final report on the implementation"',
        f"due = {end.isoformat()}",
        "",
    ]
    return lines


# ---------------------------------------------------------------------------------------
# Partnerships

# The pilot's phases as (name, share of the work period at which the phase ends,
# milestone title closing it, deliverable).
PARTNERSHIP_PHASES: tuple[tuple[str, float, str, str], ...] = (
    ("learn", 1 / 6, "Partners' capacities mapped", "Mapping of the partners' capacities"),
    ("connect", 1 / 3, "Joint investment pipeline agreed", "Pipeline of joint projects"),
    ("demonstrate", 7 / 12, "Demonstration projects running", "Demonstration report"),
    ("commercialise", 5 / 6, "Business plans ready for investors", "Business plans"),
    ("scale-up", 1.0, "Projects presented to investors", "Investment-ready projects"),
)


@record(slots=False)
class PartnershipDraft:
    call: Call
    id: str
    title: str
    theme: str
    coordinators: tuple[Region, ...]
    partners: tuple[Region, ...] = ()
    nuts_version: str = DEFAULT_NUTS_VERSION


def slug(text: str) -> str:
    """``"País Vasco"`` -> ``"pais-vasco"``: a readable id."""
    import re
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:48]


def member_id(region: Region, taken: set[str]) -> str:
    """A readable member id from the region's name ("Bretagne" -> "bretagne"), unique."""
    slug_ = slug(region.name)
    slug_ = slug_ or (region.nuts[0].lower() if region.nuts else "region")
    if slug_ in taken:
        slug_ = f"{slug_}-{region.nuts[0].lower()}" if region.nuts else f"{slug_}-{len(taken)}"
    taken.add(slug_)
    return slug_


def phase_dates(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Five consecutive phases covering ``start``..``end`` (by whole months when it can)."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months < len(PARTNERSHIP_PHASES):
        return [(start, end)] * len(PARTNERSHIP_PHASES)
    out, first = [], start
    for _name, share, _start, _end in PARTNERSHIP_PHASES:
        last = min(month_end(start, max(round(months * share), 1)), end)
        out.append((first, last))
        first = last + dt.timedelta(days=1)
    return out


def partnership_text(draft: PartnershipDraft, schema_url: str | None = None) -> str:
    call = draft.call
    period, period_comment = planning_period(call, "the partners'")
    start, end = period.start, period.end
    taken: set[str] = set()
    coordinators = [(member_id(r, taken), r) for r in draft.coordinators]
    partners = [(member_id(r, taken), r) for r in draft.partners]
    states = sorted({r.country for r in (*draft.coordinators, *draft.partners)})
    lines = []
    if schema_url:
        lines.append(f"#:schema {inert(schema_url)}")
    lines += [
        comment(f"Interregional partnership on {draft.theme}, answering {call.id}:"),
        comment(f"{call.title}."),
        "# Written by `transition init --kind partnership`. Edit freely: comments, order and",
        "# layout are yours. Record progress with `transition milestone`, `transition expert`",
        "# and `transition budget`: they append dated entries to the journal at the end.",
        'transition = "partnership/1"',
        f"call = {toml_value(call.id)}",
        "# Short id: strategies name the partnership with it (partnerships = [...]).",
        f"id = {toml_value(draft.id)}",
        f"title = {toml_value(draft.title)}",
        f"theme = {toml_value(draft.theme)}",
        f"nuts_version = {toml_value(draft.nuts_version)}",
        *period_comment,
        f"period = {{ start = {start.isoformat()}, end = {end.isoformat()} }}",
        "# Member ids of the leading region(s).",
        f"coordinators = {toml_value([mid for mid, _ in coordinators])}",
        "",
    ]
    if call.min_member_states:
        lines.append(comment(f"{call.id} asks for regions of at least {call.min_member_states} "
                             f"EU Member States; these are in {len(states)} "
                             f"({', '.join(states)})."))
    lines += [
        "# A non-EU region (e.g. Norway's) takes part with associated = true; it does not",
        "# count towards the Member States.",
    ]
    for role, members in (("Coordinating", coordinators), ("Partner", partners)):
        for mid, region in members:
            lines += [
                f"# {role} region",
                "[[members]]",
                f"id = {toml_value(mid)}",
                f"name = {toml_value(region.name)}",
                f"country = {toml_value(region.country)}",
                f"nuts = {toml_value(list(region.nuts))}",
                "",
            ]
    lines += [
        "# The phases of the pilot, in this order, within the period.",
    ]
    dates = phase_dates(start, end)
    for (name, _share, _start, _end), (first, last) in zip(PARTNERSHIP_PHASES, dates, strict=True):
        lines += ["[[phases]]", f"name = {toml_value(name)}",
                  f"start = {first.isoformat()}", f"end = {last.isoformat()}", ""]
    lines += [
        "# The advisers paid from the call's envelope. Replace the placeholder with the real",
        "# team; ids are used by milestones (owner) and by `transition expert log`.",
        "[[experts]]",
        'id = "lead"',
        'name = "Lead adviser (to be named)"',
        'role = "scale-up and commercialisation adviser"',
        'organisation = ""',
        "day_rate = 800.00  # EUR per day",
        "planned_days = 60",
        "",
        "# Milestones closing each phase: due dates are the baseline.",
    ]
    lines += _milestone_lines([
        (f"M{i}", title, last, deliverable)
        for i, ((_, _, title, deliverable), (_, last)) in enumerate(
            zip(PARTNERSHIP_PHASES, dates, strict=True), start=1)
    ])
    lines += _envelope_lines(call, "M2")
    lines.append("# The journal: recording commands append [[journal]] entries below this line.")
    return "\n".join(lines) + "\n"


def partnership_draft(
    call: Call, coordinators: list[str], partners: list[str], theme: str | None,
    partnership_id: str | None = None, title: str | None = None,
) -> PartnershipDraft:
    """A draft from NUTS codes given on the command line; ``UsageError`` on bad input."""
    import re

    from transition_cli.core.errors import UsageError
    from transition_cli.core.spec import ID_PATTERN
    from transition_cli.reference import nuts
    from transition_cli.reference.regions import beneficiary

    if call.answered_by != "partnership":
        raise UsageError(f"call {call.id} is answered by a {call.answered_by}, not a "
                         "partnership", hint="choose a partnership call (see `transition calls`)")
    if not coordinators:
        raise UsageError("a partnership needs at least one --coordinator NUTS",
                         hint="e.g. --coordinator FRH0 (find codes with `transition regions`)")
    if not theme or not theme.strip():
        raise UsageError("a partnership needs --theme", hint='e.g. --theme "cybersecurity"')
    # The call's NUTS version, else 2021 unless a region is only of another version (the
    # UK's, of NUTS 2016 and earlier): the file declares it.
    version = call.nuts_version
    if version is None:
        version = DEFAULT_NUTS_VERSION
        for query in (*coordinators, *partners):
            found = nuts.lookup(query.strip())
            if found is not None and version not in found.versions:
                version = max(found.versions)
                break
    why = f"the NUTS version of call {call.id}" if call.nuts_version else ""
    lead = tuple(beneficiary(c, version, option="--coordinator", why=why).region
                 for c in coordinators)
    rest = tuple(beneficiary(c, version, option="--member", why=why).region
                 for c in partners)
    codes = [code for r in (*lead, *rest) for code in r.nuts]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise UsageError(_("region listed twice: {regions}").format(regions=", ".join(repeated)),
                         hint=_("give each region once, as --coordinator or --member"))
    pid = partnership_id or slug(theme)
    if not re.match(ID_PATTERN, pid or "-"):
        raise UsageError(_("--id {pid!r} is not an id").format(pid=pid),
                         hint=_("use letters, digits, '-', '_', '.'"))
    return PartnershipDraft(call, pid, title or f"Interregional partnership on {theme}",
                            theme.strip(), lead, rest, version)
