"""Recording commands (milestone, expert, budget, cluster) and the journal view (log).

Each recording command builds one journal entry and hands it to ``journal.record``, which
appends it only if the file passes the same rules as ``check``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from transition_cli.cli import app
from transition_cli.cli.common import AsOf, CallsOption, handles_errors, output

_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}


def _group(name: str, help_text: str) -> typer.Typer:
    group = typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode=None,
                        context_settings=_SETTINGS)
    app.add_typer(group, name=name)
    return group


milestone_app = _group("milestone", "Record milestone progress: add, start, done, reschedule, "
                       "cancel.")
expert_app = _group("expert", "Record the expert team: add an expert, log days worked.")
budget_app = _group("budget", "Record commitments (contracts, orders) and payments.")
cluster_app = _group("cluster", "Record clusters and the organisations joining them.")

# Options every recording command takes.
File = Annotated[Path, typer.Argument(metavar="FILE", help="The strategy or partnership file.",
                                      show_default=False, dir_okay=False)]
DateOpt = Annotated[str | None, typer.Option(
    "--date", metavar="DATE", help="When it happened (YYYY-MM-DD). Default: --as-of, else today.",
    show_default=False)]
By = Annotated[str | None, typer.Option(
    "--by", metavar="NAME", help="Who records it. Default: $TRANSITION_USER, else git's "
    "user.name, else the login name.", show_default=False)]
Note = Annotated[str | None, typer.Option("--note", help="A free note kept with the entry.",
                                          show_default=False)]
MilestoneOpt = Annotated[str | None, typer.Option(
    "--milestone", metavar="ID", help="The milestone it relates to.", show_default=False)]
ExpertOpt = Annotated[str | None, typer.Option(
    "--expert", metavar="ID", help="The expert it pays for.", show_default=False)]
Id = Annotated[str, typer.Argument(metavar="ID", show_default=False)]


def _record(file: Path, kind: str, date: str | None, as_of: str | None, by: str | None,
            calls: Path | None, **fields: Any) -> None:
    """Build the entry, record it, confirm on stderr. The one path of every command."""
    from transition_cli import record as journal
    from transition_cli.cli.common import as_of_date, catalogue, parse_date
    from transition_cli.core.errors import UsageError
    from transition_cli.render.journal import confirmation

    as_of_day = as_of_date(as_of)
    day = parse_date(date, "--date") or as_of_day
    if day > as_of_day:
        raise UsageError(f"--date {day} is after --as-of {as_of_day}: the journal records what "
                         "has happened", hint="record it on the day, or pass a later --as-of")
    for name in ("milestone", "expert", "envelope", "cluster", "owner"):
        if isinstance(fields.get(name), str):
            journal.check_id(fields[name], name.upper() if name != "owner" else "--owner")
    recorder = journal.resolve_by(by, file.parent)
    for name, value in (*fields.items(), ("by", recorder)):
        if isinstance(value, str) and name != "note":
            journal.check_line(value, f"--{name.replace('_', '-')}")
    table = journal.entry(kind, day, recorder, **fields)
    done = journal.record(file, table, catalogue(calls), as_of_day)
    output.error(confirmation(done))


# ---------------------------------------------------------------------------------------
# milestone


@milestone_app.command("add")
@handles_errors
def milestone_add(
    file: File, milestone: Id,
    title: Annotated[str, typer.Option("--title", help="What the milestone is.",
                                       show_default=False)],
    due: Annotated[str, typer.Option("--due", metavar="DATE", help="Due date (the baseline).",
                                     show_default=False)],
    start: Annotated[str | None, typer.Option("--start", metavar="DATE",
                                              show_default=False)] = None,
    owner: Annotated[str | None, typer.Option("--owner", metavar="EXPERT",
                                              show_default=False)] = None,
    depends_on: Annotated[list[str] | None, typer.Option(
        "--depends-on", metavar="ID", help="A milestone it depends on (repeat for more).",
        show_default=False)] = None,
    deliverable: Annotated[str | None, typer.Option("--deliverable", show_default=False)] = None,
    date: DateOpt = None, by: By = None, note: Note = None, as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Add a milestone after the plan was written (the plan's own list stays as it is).

    Example: transition milestone add hdf.toml M7 --title "Cluster workshop" --due 2018-11-30
    """
    from transition_cli.cli.common import parse_date

    _record(file, "milestone.add", date, as_of, by, calls, milestone=milestone,
            title=title.strip(), due=parse_date(due, "--due"), start=parse_date(start, "--start"),
            owner=owner, depends_on=tuple(depends_on or ()), deliverable=deliverable, note=note)


@milestone_app.command("start")
@handles_errors
def milestone_start(file: File, milestone: Id, date: DateOpt = None, by: By = None,
                    note: Note = None, as_of: AsOf = None, calls: CallsOption = None) -> None:
    """Record that work on a milestone has started.

    Example: transition milestone start hdf.toml M2 --date 2018-04-03
    """
    _record(file, "milestone.start", date, as_of, by, calls, milestone=milestone, note=note)


@milestone_app.command("done")
@handles_errors
def milestone_done(file: File, milestone: Id, date: DateOpt = None, by: By = None,
                   note: Note = None, as_of: AsOf = None, calls: CallsOption = None) -> None:
    """Record a milestone as done; --date is the completion date. Its dependencies must be
    done first.

    Example: transition milestone done hdf.toml M1 --date 2018-03-28
    """
    _record(file, "milestone.done", date, as_of, by, calls, milestone=milestone, note=note)


@milestone_app.command("reschedule")
@handles_errors
def milestone_reschedule(
    file: File, milestone: Id,
    due: Annotated[str, typer.Argument(metavar="NEW_DUE", help="The new due date.",
                                       show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="Why it moves (required).",
                                        show_default=False)],
    date: DateOpt = None, by: By = None, note: Note = None, as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Move a milestone's due date; the baseline stays in the plan, so the slip shows.

    Example: transition milestone reschedule hdf.toml M3 2018-10-31 --reason "Elections"
    """
    from transition_cli.cli.common import parse_date

    _record(file, "milestone.reschedule", date, as_of, by, calls, milestone=milestone,
            due=parse_date(due, "NEW_DUE"), reason=_required(reason, "--reason"), note=note)


@milestone_app.command("cancel")
@handles_errors
def milestone_cancel(
    file: File, milestone: Id,
    reason: Annotated[str, typer.Option("--reason", help="Why it is dropped (required).",
                                        show_default=False)],
    date: DateOpt = None, by: By = None, note: Note = None, as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Cancel a milestone, with a reason.

    Example: transition milestone cancel hdf.toml M6 --reason "Merged into M5"
    """
    _record(file, "milestone.cancel", date, as_of, by, calls, milestone=milestone,
            reason=_required(reason, "--reason"), note=note)


def _required(value: str, option: str) -> str:
    from transition_cli.core.errors import UsageError

    if not value.strip():
        hint = (f'say why in a few words: {option} "..."' if option == "--reason"
                else f'write some text: {option} "..."')
        raise UsageError(f"{option} is empty", hint=hint)
    return value.strip()


# ---------------------------------------------------------------------------------------
# expert


@expert_app.command("add")
@handles_errors
def expert_add(
    file: File, expert: Id,
    name: Annotated[str, typer.Option("--name", show_default=False)],
    day_rate: Annotated[str, typer.Option("--day-rate", metavar="EUR", help="EUR per day.",
                                          show_default=False)],
    planned_days: Annotated[str, typer.Option("--planned-days", metavar="DAYS",
                                              show_default=False)],
    role: Annotated[str | None, typer.Option("--role", show_default=False)] = None,
    organisation: Annotated[str | None, typer.Option("--organisation",
                                                     show_default=False)] = None,
    date: DateOpt = None, by: By = None, note: Note = None, as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Add an expert to the team after the plan was written.

    Example: transition expert add hdf.toml jrc-2 --name "Jan Novak" --day-rate 750
    --planned-days 20
    """
    from transition_cli.record import parse_amount, parse_days

    _record(file, "expert.add", date, as_of, by, calls, expert=expert,
            name=_required(name, "--name"), day_rate=parse_amount(day_rate, "--day-rate"),
            planned_days=parse_days(planned_days, "--planned-days"), role=role,
            organisation=organisation, note=note)


@expert_app.command("log")
@handles_errors
def expert_log(
    file: File, expert: Id,
    days: Annotated[str, typer.Argument(metavar="DAYS", help="Days worked (e.g. 3 or 0.5).",
                                        show_default=False)],
    milestone: MilestoneOpt = None, date: DateOpt = None, by: By = None, note: Note = None,
    as_of: AsOf = None, calls: CallsOption = None,
) -> None:
    """Log days an expert worked; cost = days x day rate, charged to the expertise envelope.

    Example: transition expert log hdf.toml lead 3 --milestone M1 --date 2018-02-14
    """
    from transition_cli.record import parse_days

    _record(file, "expert.log", date, as_of, by, calls, expert=expert,
            days=parse_days(days), milestone=milestone, note=note)


# ---------------------------------------------------------------------------------------
# budget

Envelope = Annotated[str, typer.Argument(metavar="ENVELOPE", help="Envelope id, e.g. expertise.",
                                         show_default=False)]
Amount = Annotated[str, typer.Argument(
    metavar="AMOUNT", help="EUR, at most two decimals: 24000, 24000.00 or 24,000.00.",
    show_default=False)]


@budget_app.command("commit")
@handles_errors
def budget_commit(
    file: File, envelope: Envelope, amount: Amount,
    ref: Annotated[str, typer.Option("--ref", help="Contract or order reference (unique).",
                                     show_default=False)],
    milestone: MilestoneOpt = None, expert: ExpertOpt = None, date: DateOpt = None,
    by: By = None, note: Note = None, as_of: AsOf = None, calls: CallsOption = None,
) -> None:
    """Record a commitment (a signed contract or order) against an envelope's cap.

    Example: transition budget commit hdf.toml expertise 24000 --ref C-2018-001 --expert lead
    """
    from transition_cli.record import parse_amount

    _record(file, "budget.commit", date, as_of, by, calls, envelope=envelope,
            amount=parse_amount(amount), ref=_required(ref, "--ref"), milestone=milestone,
            expert=expert, note=note)


@budget_app.command("pay")
@handles_errors
def budget_pay(
    file: File, envelope: Envelope, amount: Amount,
    ref: Annotated[str, typer.Option("--ref", help="Reference of the commitment it pays.",
                                     show_default=False)],
    milestone: MilestoneOpt = None, expert: ExpertOpt = None, date: DateOpt = None,
    by: By = None, note: Note = None, as_of: AsOf = None, calls: CallsOption = None,
) -> None:
    """Record a payment against a commitment's reference; at most what is unpaid.

    Example: transition budget pay hdf.toml expertise 12,000.00 --ref C-2018-001
    """
    from transition_cli.record import parse_amount

    _record(file, "budget.pay", date, as_of, by, calls, envelope=envelope,
            amount=parse_amount(amount), ref=_required(ref, "--ref"), milestone=milestone,
            expert=expert, note=note)


# ---------------------------------------------------------------------------------------
# cluster


@cluster_app.command("add")
@handles_errors
def cluster_add(
    file: File, cluster: Id, name: Annotated[str, typer.Option("--name", show_default=False)],
    theme: Annotated[str | None, typer.Option("--theme", show_default=False)] = None,
    date: DateOpt = None, by: By = None, note: Note = None, as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Add a cluster the strategy develops.

    Example: transition cluster add hdf.toml materials --name "Advanced materials"
    """
    _record(file, "cluster.add", date, as_of, by, calls, cluster=cluster,
            name=_required(name, "--name"), theme=theme, note=note)


@cluster_app.command("join")
@handles_errors
def cluster_join(
    file: File, cluster: Id,
    name: Annotated[str, typer.Argument(metavar="ORGANISATION", show_default=False)],
    kind: Annotated[str, typer.Option(
        "--kind", help="firm, research-centre, university or other.", show_default=False)],
    date: DateOpt = None, by: By = None, note: Note = None, as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Record an organisation joining a cluster.

    Example: transition cluster join hdf.toml materials "Université de Lille" --kind university
    """
    from transition_cli.core.errors import UsageError
    from transition_cli.core.model import ORGANISATION_KINDS

    if kind not in ORGANISATION_KINDS:
        raise UsageError(f"--kind {kind!r}: not a kind of organisation",
                         hint="one of: " + ", ".join(ORGANISATION_KINDS))
    _record(file, "cluster.join", date, as_of, by, calls, cluster=cluster,
            name=_required(name, "ORGANISATION"), member_kind=kind, note=note)


# ---------------------------------------------------------------------------------------
# log


@app.command("log")
@handles_errors
def log(
    file: File,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", metavar="KIND", help="Only this kind (milestone, budget.pay, ...); repeat "
        "for more.", show_default=False)] = None,
    envelope: Annotated[str | None, typer.Option("--envelope", metavar="ID",
                                                 show_default=False)] = None,
    milestone: Annotated[str | None, typer.Option("--milestone", metavar="ID",
                                                  show_default=False)] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE",
                                              help="From this date on.",
                                              show_default=False)] = None,
    until: Annotated[str | None, typer.Option("--until", metavar="DATE",
                                              help="Up to this date, included.",
                                              show_default=False)] = None,
) -> None:
    """Show the journal as a table, oldest first, filtered by kind, envelope, milestone, dates.

    Example: transition log hdf.toml --kind budget --since 2018-01-01
    """
    from transition_cli.cli.common import parse_date
    from transition_cli.core.model import Plan
    from transition_cli.record import LogFilter, check_kinds, read_log
    from transition_cli.render.journal import log_table

    filters = LogFilter(check_kinds(kind or ()), envelope, milestone,
                        parse_date(since, "--since"), parse_date(until, "--until"))
    doc, entries = read_log(file, filters)
    assert isinstance(doc.plan, Plan)
    total = len(doc.plan.journal)
    if not entries:
        output.error(f"{file}: no journal entries" + (f" match (of {total})" if total else ""))
        return
    shown = f"{len(entries)} of {total}" if len(entries) != total else str(total)
    noun = "entry" if total == 1 else "entries"
    output.console.print(log_table(entries, f"Journal of {file} ({shown} {noun})"))
