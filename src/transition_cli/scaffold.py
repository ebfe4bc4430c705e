"""New files: a commented, valid strategy for a region and a call."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import tomli_w

from transition_cli.model import Call, Region

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


@dataclass(frozen=True)
class StrategyDraft:
    region: Region
    call: Call
    title: str


def strategy_text(draft: StrategyDraft, schema_url: str | None = None) -> str:
    call, region = draft.call, draft.region
    start, end = call.work.start, call.work.end
    dues = [min(month_end(start, months), end) for _, _, months, _ in STANDARD_MILESTONES]
    lines = []
    if schema_url:
        lines.append(f"#:schema {schema_url}")
    lines += [
        f"# Economic-transformation strategy of {region.name}, answering {call.id}:",
        f"# {call.title}.",
        "# Written by `transition init`. Edit freely: comments, order and layout are yours.",
        "# Record progress with `transition milestone`, `transition expert` and",
        "# `transition budget`: they append dated entries to the journal at the end.",
        'transition = "strategy/1"',
        f"call = {toml_value(call.id)}",
        f"title = {toml_value(draft.title)}",
        "# The work period of the call; narrow it if your strategy is shorter.",
        f"period = {{ start = {start.isoformat()}, end = {end.isoformat()} }}",
        "",
        "# Peer-learning themes of the pilot; keep those you work on.",
        "themes = [",
        *(f"    {toml_value(t)}," for t in call.themes),
        "]",
        "",
        "[region]",
        f"name = {toml_value(region.name)}",
        f"country = {toml_value(region.country)}",
        "# NUTS codes the strategy covers (often several NUTS-2 areas).",
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
    previous = None
    for (mid, title, _, deliverable), due in zip(STANDARD_MILESTONES, dues, strict=True):
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
    lines.append("# Envelopes drawn from the call, with their caps in EUR.")
    for env in call.envelopes:
        lines += [
            f"# {env.title}" + (" (released once the gate milestone is done)" if env.gated
                                 else ""),
            "[[envelopes]]",
            f"id = {toml_value(env.id)}",
            f"cap = {env.cap:.2f}",
        ]
        if env.gated:
            lines.append(f"gate = {toml_value(GATE_MILESTONE)}")
        lines.append("")
    lines += [
        "# Clusters the strategy develops, linking firms, research centres and",
        "# universities. Add them as you identify them, for example:",
        "# [[clusters]]",
        '# id = "materials"',
        '# name = "Advanced materials"',
        '# members = [{ name = "Université de Lille", kind = "university" },',
        '#            { name = "A local firm", kind = "firm" }]',
        "",
        "# The journal: recording commands append [[journal]] entries below this line.",
    ]
    return "\n".join(lines) + "\n"
