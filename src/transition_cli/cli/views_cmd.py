"""Views: status (one plan or a portfolio), timeline, report, export."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from transition_cli.choices import (
    EXPORT_FORMATS,
    REPORT_FORMATS,
    SEPARATORS,
    SORT_KEYS,
    STATUS_FORMATS,
)
from transition_cli.cli import app
from transition_cli.cli.common import (
    AsOf,
    CallsOption,
    as_of_date,
    choice,
    handles_errors,
    output,
)
from transition_cli.cli.complete import TOML_PATHS
from transition_cli.core.i18n import N_, _


@app.command()
@handles_errors
def status(
    paths: Annotated[list[Path], typer.Argument(
        help="One strategy or partnership file for its full status; several files or "
        "folders for a portfolio.", show_default=False, autocompletion=TOML_PATHS)],
    format: Annotated[str, typer.Option(
        "--format", "-f", parser=choice(STATUS_FORMATS, "--format"), metavar="FORMAT",
        help="text for people, json for scripts (docs/STATUS-JSON.md).")] = "text",
    sort: Annotated[str, typer.Option(
        "--sort", parser=choice(SORT_KEYS, "--sort"), metavar="KEY",
        help=N_("Portfolio order") + ": " + ", ".join(f"{k} ({v})" for k, v in SORT_KEYS.items())
        + ".")] = "status",
    every: Annotated[bool, typer.Option(
        "--all", help="List every milestone and cluster. Default: a plan of more than 40 "
        "milestones lists the late, started and next ones, and of more than 40 clusters "
        "the first 40, and counts the others.")] = False,
    as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Show where things stand: milestones, envelopes with a forecast, team, clusters.

    One file gives its full status; several files or a folder give a portfolio table
    with totals per call set against the call's budget. Overall status: red for errors,
    milestones more than 30 days late or an envelope over its cap; amber for late
    milestones, warnings or a cap the forecast reaches within the period; else green.
    A plan of more than 40 milestones lists those that need attention (late, started,
    next due) and says how many others there are; --all lists them all (and every
    cluster of a plan of more than 40).

    Example: transition status examples/hauts-de-france.toml --as-of 2018-11-30
    """
    from transition_cli.cli.common import catalogue
    from transition_cli.views import load, portfolio, status_of

    day = as_of_date(as_of)
    cat = catalogue(calls)
    if len(paths) == 1 and not paths[0].is_dir():
        report = status_of(paths[0], cat, day)
        if format == "json":
            from transition_cli.render.status_json import dumps, report_dict

            output.line(dumps(report_dict(report)).rstrip("\n"))
            return
        from transition_cli.render import status as render

        console = output.console
        console.print(render.report(report, console, every=every))
        return
    from transition_cli.cli.progress import progress_bar

    with progress_bar() as tell:
        folio = portfolio(load(paths, cat, day, tell).documents, cat, day, sort, tell)
    if format == "json":
        from transition_cli.render.status_json import dumps, portfolio_dict

        output.line(dumps(portfolio_dict(folio)).rstrip("\n"))
        return
    from transition_cli.render import status as render

    console = output.console
    console.print(render.portfolio(folio, console))


@app.command()
@handles_errors
def timeline(
    path: Annotated[Path, typer.Argument(help="A strategy or partnership file.",
                                         show_default=False, autocompletion=TOML_PATHS)],
    as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Draw the milestones as a Gantt chart that fits the terminal, with a today marker.

    One bar per milestone from its start (or its dependencies' due date, or the period's
    start) to its current due date; the baseline due date is marked where it differs.

    Example: transition timeline examples/hauts-de-france.toml --as-of 2018-11-30
    """
    from transition_cli.cli.common import catalogue
    from transition_cli.render import timeline as render
    from transition_cli.views import status_of

    report = status_of(path, catalogue(calls), as_of_date(as_of))
    console = output.console
    console.print(render.timeline(report, console.width, unicode=render.can_draw(console)))


@app.command()
@handles_errors
def report(
    paths: Annotated[list[Path], typer.Argument(
        help="A strategy or partnership file; several files or folders for a portfolio "
        "report.", show_default=False, autocompletion=TOML_PATHS)],
    format: Annotated[str, typer.Option(
        "--format", "-f", parser=choice(REPORT_FORMATS, "--format"), metavar="FORMAT",
        help="markdown or html (a standalone page).")] = "markdown",
    out: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write to FILE instead of stdout (atomically; a FIFO or a device is written "
        "into; - is stdout).",
        show_default=False, dir_okay=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace FILE if it exists.")] = False,
    as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Write a steering-committee report: status, milestones, what is due, the timeline,
    envelopes, commitments and payments, team, the strategy, findings.

    Several files or a folder give a portfolio report: one row per plan, totals per call
    and what is due across them.

    Example: transition report examples/hauts-de-france.toml --format html -o report.html
    """
    from transition_cli.cli.common import catalogue
    from transition_cli.render import report as render
    from transition_cli.views import load, portfolio, status_of

    day, cat = as_of_date(as_of), catalogue(calls)
    if len(paths) == 1 and not paths[0].is_dir():
        data = status_of(paths[0], cat, day)
        text = render.markdown(data) if format == "markdown" else render.html(data)
    else:
        from transition_cli.cli.progress import progress_bar

        with progress_bar() as tell:
            folio = portfolio(load(paths, cat, day, tell).documents, cat, day, progress=tell)
        text = (render.portfolio_markdown(folio) if format == "markdown"
                else render.portfolio_html(folio))
    _emit(text.encode("utf-8"), out, paths[0], force)


@app.command()
@handles_errors
def export(
    paths: Annotated[list[Path], typer.Argument(
        help="Strategy or partnership files, or folders of them: one CSV for all.",
        show_default=False, autocompletion=TOML_PATHS)],
    format: Annotated[str, typer.Option(
        "--format", "-f", parser=choice(EXPORT_FORMATS, "--format"), metavar="FORMAT",
        help="csv: UTF-8 with a byte-order mark, one row per journal entry in force.")] = "csv",
    separator: Annotated[str | None, typer.Option(
        "--separator", parser=choice(SEPARATORS, "--separator"), metavar="SEPARATOR",
        show_default=False,
        help="comma (LibreOffice, Google Sheets, Numbers, Excel in English locales) or "
        "semicolon, with decimal commas (Excel in French, German and other locales that "
        "write decimals with a comma). Default: comma in English, semicolon in a language "
        "that writes decimals with a comma (--lang fr).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write to FILE instead of stdout (atomically; a FIFO or a device is written "
        "into; - is stdout).",
        show_default=False, dir_okay=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace FILE if it exists.")] = False,
    calls: CallsOption = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="The journal as it stood on this date (YYYY-MM-DD): "
        "entries up to it, voided only by voids up to it. Default: the whole journal.",
        show_default=False)] = None,
) -> None:
    """Export the journal for finance: every commitment, payment and log, exact to the cent.

    Several files or a folder give one CSV, each row naming its file and region.

    Example: transition export examples/hauts-de-france.toml -o journal.csv
    """
    from transition_cli.cli.common import catalogue, parse_date
    from transition_cli.cli.progress import progress_bar
    from transition_cli.core.text import plural
    from transition_cli.render.export import csv_bytes, default_separator
    from transition_cli.views import journals

    day = parse_date(as_of, "--as-of")
    with progress_bar() as tell:
        found = journals(paths, catalogue(calls), day or as_of_date(None), tell, up_to=day)
    data, count = csv_bytes(found, SEPARATORS[separator or default_separator()])
    _emit(data, out, [Path(j.file) for j in found], force,
          f" ({plural(count, 'row')})")


def _emit(data: bytes, out: Path | None, source: Path | Sequence[Path], force: bool,
          what: str = "") -> None:
    """Write to stdout (no -o, ``-o -``, or -o naming the standard output itself), or to
    ``out`` (``create.write_output``: never over a file read, never over an existing file
    unless --force, into a FIFO or device as it is). ``what`` follows "Wrote FILE" (e.g.
    " (12 rows)")."""
    if out is None or str(out) == "-" or _is_stdout(out):
        output.data(data)
        return
    from transition_cli.create import write_output

    write_output(data, out, source, force=force)
    output.error(_("Wrote {out}{what}").format(out=out, what=what))


def _is_stdout(out: Path) -> bool:
    """``-o /dev/stdout`` (or /dev/fd/1): the stream the shell gave us, whatever it is."""
    import os

    try:
        return os.path.samestat(out.stat(), os.fstat(output.out_stream.fileno()))
    except (OSError, ValueError, AttributeError, RuntimeError):  # no fd (tests), no file
        return False
