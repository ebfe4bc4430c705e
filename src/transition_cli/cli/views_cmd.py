"""Views: status (one plan or a portfolio), timeline, report, export."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from transition_cli.cli import app
from transition_cli.cli.common import AsOf, CallsOption, as_of_date, handles_errors, output

if TYPE_CHECKING:

    from transition_cli.views import StatusReport


class StatusFormat(StrEnum):
    text = "text"
    json = "json"


class ReportFormat(StrEnum):
    markdown = "markdown"
    html = "html"


class ExportFormat(StrEnum):
    csv = "csv"


class Separator(StrEnum):
    comma = "comma"
    semicolon = "semicolon"


class SortKey(StrEnum):
    status = "status"
    name = "name"
    file = "file"
    late = "late"
    committed = "committed"
    call = "call"


def _load(paths: list[Path], calls: Path | None, as_of: dt.date) -> tuple[Any, Any]:
    from transition_cli.check import check_paths
    from transition_cli.cli.common import catalogue
    from transition_cli.core.errors import UsageError

    cat = catalogue(calls)
    result = check_paths(paths, cat, as_of)
    if result.problems:
        raise UsageError("\n".join(result.problems))
    return result, cat


def _one(path: Path, calls: Path | None, as_of: dt.date) -> StatusReport:
    from transition_cli.core.errors import RefusedError, UsageError
    from transition_cli.core.findings import Severity
    from transition_cli.render.findings import finding_line
    from transition_cli.views import NotAPlan, status

    if path.is_dir():
        raise UsageError(f"{path}: is a folder; this command takes one strategy or "
                         "partnership file", hint="name a file, e.g. examples/hauts-de-france.toml")
    result, cat = _load([path], calls, as_of)
    doc = result.documents[0]
    try:
        return status(doc, cat, as_of)
    except NotAPlan:
        if doc.kind == "calls":
            raise UsageError(f"{path} is a calls file; status needs a strategy or "
                             "partnership file", hint="see the calls with `transition calls`"
                             ) from None
        errors = [finding_line(f) for f in doc.findings if f.severity is Severity.ERROR]
        raise RefusedError(
            f"{path}: not usable, no status to show" + ("".join("\n" + e for e in errors)),
            hint=f"run `transition check {path}` and fix the errors first"
            if errors else "name a strategy or partnership file",
        ) from None


@app.command()
@handles_errors
def status(
    paths: Annotated[list[Path], typer.Argument(
        help="One strategy or partnership file for its full status; several files or "
        "folders for a portfolio.", show_default=False)],
    format: Annotated[StatusFormat, typer.Option(
        "--format", "-f", help="text for people, json for scripts (docs/STATUS-JSON.md).")
    ] = StatusFormat.text,
    sort: Annotated[SortKey, typer.Option(
        "--sort", help="Portfolio order: status (worst first), name, file, late, committed, "
        "call.")] = SortKey.status,
    as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Show where things stand: milestones, envelopes with a forecast, team, clusters.

    One file gives its full status; several files or a folder give a portfolio table
    with totals per call set against the call's budget. Overall status: red for errors,
    milestones more than 30 days late or an envelope over its cap; amber for late
    milestones, warnings or a cap the forecast reaches within the period; else green.

    Example: transition status examples/hauts-de-france.toml --as-of 2018-11-30
    """
    day = as_of_date(as_of)
    if len(paths) == 1 and not paths[0].is_dir():
        report = _one(paths[0], calls, day)
        if format is StatusFormat.json:
            from transition_cli.render.status_json import dumps, report_dict

            output.line(dumps(report_dict(report)).rstrip("\n"))
            return
        from transition_cli.render import status as render

        console = output.console
        console.print(render.report(report, console))
        return
    from transition_cli.views import portfolio

    result, cat = _load(paths, calls, day)
    folio = portfolio(result.documents, cat, day, sort.value)
    if format is StatusFormat.json:
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
                                         show_default=False)],
    as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Draw the milestones as a Gantt chart that fits the terminal, with a today marker.

    One bar per milestone from its start (or its dependencies' due date, or the period's
    start) to its current due date; the baseline due date is marked where it differs.

    Example: transition timeline examples/hauts-de-france.toml --as-of 2018-11-30
    """
    from transition_cli.render import timeline as render

    day = as_of_date(as_of)
    report = _one(path, calls, day)
    console = output.console
    console.print(render.timeline(report, console.width, unicode=render.can_draw(console)))


@app.command()
@handles_errors
def report(
    path: Annotated[Path, typer.Argument(help="A strategy or partnership file.",
                                         show_default=False)],
    format: Annotated[ReportFormat, typer.Option(
        "--format", "-f", help="markdown or html (a standalone page).")
    ] = ReportFormat.markdown,
    out: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout.",
        show_default=False, dir_okay=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace FILE if it exists.")] = False,
    as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Write a steering-committee report: status, milestones, envelopes, team, findings.

    Example: transition report examples/hauts-de-france.toml --format html -o report.html
    """
    from transition_cli.render import report as render

    day = as_of_date(as_of)
    data = _one(path, calls, day)
    text = render.markdown(data) if format is ReportFormat.markdown else render.html(data)
    _emit(text.encode("utf-8"), out, path, force)


@app.command()
@handles_errors
def export(
    path: Annotated[Path, typer.Argument(help="A strategy or partnership file.",
                                         show_default=False)],
    format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="csv: UTF-8 with a byte-order mark, one row per journal "
        "entry.")] = ExportFormat.csv,
    separator: Annotated[Separator, typer.Option(
        "--separator", help="comma (default; LibreOffice, Google Sheets, Numbers, Excel in "
        "English locales) or semicolon (Excel in French, German and other locales that "
        "write decimals with a comma).")] = Separator.comma,
    out: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout.",
        show_default=False, dir_okay=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Export the journal for finance: every commitment, payment and log, exact to the cent.

    Example: transition export examples/hauts-de-france.toml -o journal.csv
    """
    from transition_cli.core.model import Plan
    from transition_cli.record import load_plan
    from transition_cli.render.export import csv_bytes

    doc = load_plan(path)
    assert isinstance(doc.plan, Plan)  # load_plan refuses anything else
    _emit(csv_bytes(doc.plan, ";" if separator is Separator.semicolon else ","), out, path,
          force)


def _emit(data: bytes, out: Path | None, source: Path, force: bool) -> None:
    """Write to stdout, or to ``out``: never over the plan read, never over an existing
    file unless --force."""
    if out is None:
        stream = output.out_stream
        stream.flush()
        stream.buffer.write(data) if hasattr(stream, "buffer") else stream.write(
            data.decode("utf-8"))
        stream.flush()
        return
    from transition_cli.core.errors import UsageError
    from transition_cli.files.atomic import write_atomic

    if out.resolve() == source.resolve():
        raise UsageError(f"--output {out} is the file being read; not overwriting it",
                         hint="name another output file, e.g. report.html")
    write_atomic(out, data, overwrite=force)
    output.error(f"Wrote {out}")
