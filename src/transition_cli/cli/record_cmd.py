"""Recording commands, one per journal kind, built from the kinds' declarations
(``ledger/kinds.py``), and the journal view (``log``).

A command parses its arguments (amounts, days and dates from text) and hands the entry to
``record.record``, which validates it and appends it only if the file passes the same rules
as ``check``. Nothing is decided here.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click import Context as ClickContext
from typer._click.parser import _OptionParser, _ParsingState

from transition_cli.cli import app, complete
from transition_cli.cli.common import (
    AsOf,
    CallsOption,
    Command,
    choice,
    count,
    handles_errors,
    output,
)
from transition_cli.core.i18n import _, ngettext
from transition_cli.core.money import NEGATIVE
from transition_cli.core.spec import Date, Days, Int, List, Money, Number, Str
from transition_cli.ledger.kinds import (
    FIELDS,
    GROUPS,
    JOURNAL_KINDS,
    Arg,
    JournalKind,
    group_help,
)

_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}

# Options every recording command takes.
File = Annotated[Path, typer.Argument(metavar="FILE", help="The strategy or partnership file.",
                                      show_default=False, dir_okay=False,
                                      autocompletion=complete.TOML_PATHS)]
DateOpt = Annotated[str | None, typer.Option(
    "--date", metavar="DATE", help="When it happened (YYYY-MM-DD). Default: --as-of, else today.",
    show_default=False)]
By = Annotated[str | None, typer.Option(
    "--by", metavar="NAME", help="Who records it. Default: $TRANSITION_USER, else git's "
    "user.name, else the login name.", show_default=False)]
Note = Annotated[str | None, typer.Option("--note", help="A free note kept with the entry.",
                                          show_default=False)]
_COMMON: tuple[tuple[str, Any], ...] = (
    ("date", DateOpt), ("by", By), ("note", Note), ("as_of", AsOf), ("calls", CallsOption))


def _record(kind: JournalKind, file: Path, date: str | None, as_of: str | None,
            by: str | None, calls: Path | None, note: str | None, values: dict[str, Any]) -> None:
    """Build the entry, record it, confirm on stderr. The one path of every command."""
    from transition_cli import record
    from transition_cli.cli.common import as_of_date, catalogue, parse_date
    from transition_cli.render.journal import confirmation

    as_of_day = as_of_date(as_of)
    day = parse_date(date, "--date") or as_of_day
    table = record.entry(kind.name, day, record.resolve_by(by, file.parent), note=note,
                         **values)
    done = record.record(file, table, catalogue(calls), as_of_day, on_wait=output.error)
    output.error(confirmation(done))


def _parse(arg: Arg, text: Any, file: Path) -> Any:
    """Text typed on the command line to the field's value (None when not given)."""
    from transition_cli.cli.common import parse_date
    from transition_cli.core.money import parse_amount, parse_days, parse_number, parse_whole
    from transition_cli.record import reversal

    if text is None:
        return None
    spec = FIELDS[arg.field].type
    shown = arg.option or arg.metavar or arg.field.upper()
    # A negative AMOUNT or DAYS is someone undoing an entry: the hint says how.
    undo = reversal(file, days=isinstance(spec, Days)) if arg.option is None else None
    if isinstance(spec, Number):
        return parse_number(text, shown)
    if isinstance(spec, Money):
        return parse_amount(text, shown, undo)
    if isinstance(spec, Days):
        return parse_days(text, shown, undo)
    if isinstance(spec, Date):
        return parse_date(text, shown)
    if isinstance(spec, Int):
        return parse_whole(text, shown, spec.minimum)
    if isinstance(spec, List):
        return tuple(text)
    return text


def _parameter(kind: JournalKind, arg: Arg) -> inspect.Parameter:
    """The typer parameter of one field: an argument, a required or optional option."""
    from transition_cli.render.kinds_doc import metavar

    required = arg.field in kind.required and not arg.default
    spec = FIELDS[arg.field].type
    many = isinstance(spec, List)
    parser = choice(spec.choices, arg.option or arg.field) \
        if isinstance(spec, Str) and spec.choices else None
    help_text = arg.help + (f" Default: {arg.default}." if arg.default else "")
    # Ids of the plan complete as the kinds declare (ledger.kinds.COMPLETIONS).
    offers = complete.field(kind.name, arg.field) if FIELDS[arg.field].offers else None
    if arg.option is None:
        info: Any = typer.Argument(metavar=metavar(arg), help=help_text or None,
                                   show_default=False, parser=parser, autocompletion=offers)
    else:
        info = typer.Option(arg.option, metavar=metavar(arg), help=help_text or None,
                            show_default=False, parser=parser, autocompletion=offers)
    value_type: Any = list[str] if many else str
    if not required:
        value_type = value_type | None
    return inspect.Parameter(arg.field, inspect.Parameter.KEYWORD_ONLY,
                             annotation=Annotated[value_type, info],
                             default=inspect.Parameter.empty if required else None)


def build_command(kind: JournalKind) -> Callable[..., None]:
    """The typer callback recording ``kind``: FILE, the kind's arguments, then --date,
    --by, --note, --as-of and --calls."""

    def command(**given: Any) -> None:
        values = {arg.field: _parse(arg, given[arg.field], given["file"])
                  for arg in kind.command.args}
        _record(kind, given["file"], given["date"], given["as_of"], given["by"],
                given["calls"], given["note"], values)

    params = [inspect.Parameter("file", inspect.Parameter.KEYWORD_ONLY, annotation=File),
              *(_parameter(kind, arg) for arg in kind.command.args),
              *(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
                                  default=None) for name, annotation in _COMMON)]
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
    command.__name__ = kind.name.replace(".", "_")
    command.__doc__ = kind.command.doc
    command.journal_kind = kind.name  # type: ignore[attr-defined]
    return handles_errors(command)


def _register() -> None:
    groups: dict[str, typer.Typer] = {}
    for name in GROUPS:
        groups[name] = typer.Typer(help=group_help(name), no_args_is_help=True,
                                   rich_markup_mode=None, context_settings=_SETTINGS)
        app.add_typer(groups[name], name=name)
    for kind in JOURNAL_KINDS.values():
        groups[kind.command.group].command(kind.command.name, cls=RecordCommand)(
            build_command(kind))


class _Parser(_OptionParser):
    """Click's parser, but a negative number (``-6000``) is an argument, as argparse
    reads it when no option looks like one, not the short options ``-6 -0 -0 -0``."""

    def _process_opts(self, arg: str, state: _ParsingState) -> None:
        if NEGATIVE.match(arg):
            state.largs.append(arg)
            return
        super()._process_opts(arg, state)


class RecordCommand(Command):
    """A recording command: a negative amount or number of days reaches its argument,
    which says amounts are positive and how an entry is undone (never "No such option:
    -6"); so does one typed after ``--``, with options after it (``-- -5 --ref C-1``)."""

    def make_parser(self, ctx: ClickContext) -> _OptionParser:
        parser = _Parser(ctx)
        for param in self.get_params(ctx):
            param.add_to_parser(parser, ctx)
        return parser

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self._needless_separator_dropped(ctx, args))

    def _needless_separator_dropped(self, ctx: ClickContext, args: list[str]) -> list[str]:
        """``args`` without a ``--`` that only passes negative numbers: one after which
        every word starting with "-" is a negative number or an option of the command."""
        if "--" not in args:
            return args
        at = args.index("--")
        options = {name for p in self.get_params(ctx) for name in (*p.opts, *p.secondary_opts)}
        after = [w for w in args[at + 1:] if w.startswith("-")]
        if all(NEGATIVE.match(w) or w.split("=", 1)[0] in options for w in after):
            return args[:at] + args[at + 1:]
        return args


_register()


# ---------------------------------------------------------------------------------------
# log


@app.command("log")
@handles_errors
def log(
    file: File,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", metavar="KIND", help="Only this kind (milestone, budget.pay, ...); repeat "
        "for more.", show_default=False, autocompletion=complete.JOURNAL_KINDS)] = None,
    envelope: Annotated[str | None, typer.Option(
        "--envelope", metavar="ID", show_default=False,
        autocompletion=complete.field(None, "envelope"))] = None,
    milestone: Annotated[str | None, typer.Option(
        "--milestone", metavar="ID", show_default=False,
        autocompletion=complete.field(None, "milestone"))] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE",
                                              help="From this date on.",
                                              show_default=False)] = None,
    until: Annotated[str | None, typer.Option("--until", metavar="DATE",
                                              help="Up to this date, included.",
                                              show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="The journal as it stood on this date (YYYY-MM-DD): "
        "entries up to it, voided only by voids up to it. Default: the whole journal.",
        show_default=False)] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", metavar="N", parser=count("--limit"),
        help="Only the first N entries (of those that match).", show_default=False)] = None,
    tail: Annotated[int | None, typer.Option(
        "--tail", metavar="N", parser=count("--tail"),
        help="Only the last N entries (of those that match).", show_default=False)] = None,
    pager: Annotated[bool, typer.Option(
        "--pager/--no-pager", help="On a terminal, show the table in $PAGER (less) "
        "[default: --pager].", show_default=False)] = True,
) -> None:
    """Show the journal as a table, oldest first, filtered by kind, envelope, milestone, dates.

    Entries are listed by date, those of the same day in the order recorded; # is an
    entry's number in the file, as `transition journal void` takes it. On a terminal a
    long journal opens in your pager (less); --limit and --tail show the first or last
    entries only.

    Example: transition log hdf.toml --kind budget --since 2018-01-01
    """
    from transition_cli.cli.common import parse_date
    from transition_cli.cli.pager import paged, write_lines
    from transition_cli.core.errors import UsageError
    from transition_cli.core.model import Plan
    from transition_cli.core.text import plural
    from transition_cli.ledger.replay import voided
    from transition_cli.record import LogFilter, check_kinds, read_log
    from transition_cli.render.journal import log_lines

    if limit is not None and tail is not None:
        raise UsageError(_("--limit and --tail each choose which entries to show; give one"),
                         hint=_("--limit N shows the first N, --tail N the last N"))
    day = parse_date(as_of, "--as-of")
    last = parse_date(until, "--until")
    filters = LogFilter(check_kinds(kind or ()), envelope, milestone,
                        parse_date(since, "--since"),
                        min(last, day) if last and day else last or day)
    doc, entries = read_log(file, filters)
    assert isinstance(doc.plan, Plan)
    journal = [e for e in doc.plan.journal if day is None or e.date <= day]
    total = len(journal)
    if not entries:
        output.error((_("{file}: no journal entries match (of {total})") if total else
                      _("{file}: no journal entries")).format(file=file, total=total))
        return
    matched = len(entries)
    counted = plural(total, "entry", "entries")
    shown = _("{matched} of {counted}").format(matched=matched, counted=counted) \
        if matched != total else counted
    if limit is not None and limit < matched:
        entries, which = entries[:limit], _("first")
    elif tail is not None and tail < matched:
        entries, which = entries[-tail:], _("last")
    else:
        which = ""
    if which:
        shown = (_("{which} {entries} of {counted}").format(
                   which=which, entries=len(entries), counted=counted) if matched == total else
                 _("{which} {entries} of the {matched} that match, of {counted}").format(
                   which=which, entries=len(entries), matched=matched, counted=counted))
    gone = voided(journal)
    void = (ngettext(", {gone} void", ", {gone} void", len(gone)).format(gone=len(gone))
            if gone else "")
    console = output.console
    lines = log_lines(entries, _("Journal of {file} ({shown}{void})").format(
                                 file=file, shown=shown, void=void), console, gone)
    with paged(output.out_stream, pager) as stream:
        write_lines(console.file if stream is output.out_stream else stream, lines)
