from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import (
    AsOf,
    CallsOption,
    Command,
    as_of_date,
    choice,
    exit_with,
    handles_errors,
    output,
)
from transition_cli.cli.complete import TOML_PATHS
from transition_cli.core.errors import ExitCode, TransitionError
from transition_cli.core.i18n import _
from transition_cli.render.formats import ENV_VAR, FORMATS, OPTION, help_list

if TYPE_CHECKING:
    from typer._click import Context as ClickContext

    from transition_cli.check import CheckResult


FOR_PEOPLE = ("text", "full")
"""The formats a person reads in a terminal: only they get a progress bar (on stderr), CI
formats never."""


class CheckCommand(Command):
    """``check`` writes its report even when the command line itself is wrong (an unknown
    option, a bad value): CI then uploads a report that says the run failed, never a stale
    or empty one."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        from typer._click.exceptions import UsageError as ClickUsageError

        given = list(args)
        try:
            return super().parse_args(ctx, args)
        except ClickUsageError as exc:
            # What could be read of the options, leniently, says where the report goes.
            with contextlib.suppress(Exception):
                lenient = self.make_context(ctx.info_name, given, parent=ctx.parent,
                                            resilient_parsing=True)
                fmt = lenient.params.get("output_format")
                if isinstance(fmt, str) and fmt in FORMATS:
                    _report_failure(fmt, lenient.params.get("output_file"),
                                    lenient.params.get("paths") or [], exc.format_message())
            raise


def _report_failure(fmt: str, output_file: Path | None, paths: list[Path], message: str,
                    ) -> None:
    """The report of a run that could not start: it says the run failed."""
    from transition_cli.check import CheckResult

    _deliver(CheckResult(problems=[message]), fmt, output_file, paths, quiet_errors=True)


def _deliver(result: CheckResult, fmt: str, output_file: Path | None, paths: list[Path], *,
             statistics: bool = False, show_files: bool = False, hints: bool = True,
             quiet_errors: bool = False) -> None:
    """Render the result in the chosen format to stdout, or to ``output_file``."""
    from transition_cli.files.project import project_root
    from transition_cli.render.context import RenderContext

    ctx = RenderContext(root=project_root(), strict=result.strict, hints=hints)
    chosen = FORMATS[fmt]
    if show_files:
        from transition_cli.render.findings import render_files

        text = render_files(result, ctx)
    elif statistics and chosen.statistics is not None:
        from transition_cli.render.findings import render_statistics

        text = render_statistics(result, ctx, as_json=chosen.statistics == "json")
    else:
        text = chosen.renderer()(result, ctx)
    if output_file is None:
        output.out_stream.write(text)
        return
    from transition_cli.check import write_report

    try:
        write_report(output_file, text, paths)
    except TransitionError:
        if not quiet_errors:
            raise


@app.command(cls=CheckCommand)
@handles_errors
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders (searched recursively for transition files); "
                       "- reads standard input.", show_default=False,
                       autocompletion=TOML_PATHS),
    ],
    output_format: Annotated[str, typer.Option(
        OPTION, "--format", "-f", parser=choice(FORMATS, OPTION, ENV_VAR), metavar="FORMAT",
        envvar=ENV_VAR, help=help_list(FORMATS),
    )] = "text",
    output_file: Annotated[Path | None, typer.Option(
        "--output-file", "-o", metavar="FILE", dir_okay=False,
        help="Write the report to FILE (atomically) instead of stdout; also when the run "
        "fails. Never over a file checked or a transition file.", show_default=False,
    )] = None,
    strict: Annotated[bool | None, typer.Option(
        "--strict/--no-strict", help="Warnings fail too (exit 1). Default: the project "
        "settings' strict, else off.", show_default=False)] = None,
    exit_zero: Annotated[bool, typer.Option(
        "--exit-zero", help="Exit 0 even when findings fail; files that cannot be read "
        "(F codes) and failed runs (exit 2) still fail.")] = False,
    select: Annotated[list[str] | None, typer.Option(
        "--select", metavar="CODES",
        help="Report only these rule codes or prefixes (comma-separated, repeatable: "
        "--select J,P001). Replaces the project settings' select; naming no code is a usage "
        "error. F codes are always reported.", show_default=False,
    )] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="CODES",
        help="Do not report these rule codes or prefixes (--ignore S003,P005). Replaces "
        "the project settings' ignore. F codes cannot be ignored.", show_default=False,
    )] = None,
    statistics: Annotated[bool, typer.Option(
        "--statistics", help="Show the count of findings per rule code instead of the "
        "findings (text, or JSON with --output-format json).")] = False,
    show_files: Annotated[bool, typer.Option(
        "--show-files", help="List the files that would be checked, and exit.")] = False,
    skip_other_toml: Annotated[bool, typer.Option(
        "--skip-other-toml",
        help="Pass over named TOML files of other tools (pyproject.toml...) as a folder walk "
        "does, instead of reporting F003; for pre-commit, which passes every TOML file.",
    )] = False,
    respect_gitignore: Annotated[bool, typer.Option(
        "--respect-gitignore/--no-respect-gitignore",
        help="In folders inside a git repository, pass over what .gitignore ignores.",
    )] = True,
    stdin_filename: Annotated[str | None, typer.Option(
        "--stdin-filename", metavar="NAME",
        help="The name of the file read from standard input (-): in messages, and where its "
        "project is.", show_default=False,
    )] = None,
    as_of: AsOf = None,
    calls: CallsOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No hints, no summary.")] = False,
) -> None:
    """Check strategy, partnership and calls files: every problem in one pass.

    Results go to stdout (or --output-file) in the chosen --output-format, the summary to
    stderr. Exit 0 when clean (warnings allowed unless --strict), 1 when a finding fails,
    2 for usage errors or unreadable input, in every format; a run that fails still
    writes a report, which says so. Project settings (select, ignore, strict) are read
    from transition.toml or [tool.transition] in pyproject.toml (see docs/CI.md).

    Example: transition check examples/ --as-of 2018-06-30 --output-format github
    """
    try:
        result = _run(paths, output_format, output_file, strict=strict, select=select,
                      ignore=ignore, statistics=statistics, skip_other_toml=skip_other_toml,
                      respect_gitignore=respect_gitignore, stdin_filename=stdin_filename,
                      as_of=as_of, calls=calls,
                      progress=output_format in FOR_PEOPLE and not (quiet or show_files))
    except TransitionError as exc:
        _report_failure(output_format, output_file, paths,
                        exc.message + (" (" + _("hint: {hint}").format(hint=exc.hint) + ")"
                                       if exc.hint else ""))
        raise
    _deliver(result, output_format, output_file, paths, statistics=statistics,
             show_files=show_files, hints=not quiet)
    _tell(result, quiet=quiet or show_files)
    # --show-files is a listing, not a verdict: only a failed run fails it.
    exit_with((ExitCode.USAGE if result.failed else ExitCode.OK) if show_files
              else result.exit_code(exit_zero=exit_zero))


def _run(
    paths: list[Path], output_format: str, output_file: Path | None, *, strict: bool | None,
    select: list[str] | None, ignore: list[str] | None, statistics: bool,
    skip_other_toml: bool, respect_gitignore: bool, stdin_filename: str | None,
    as_of: str | None, calls: Path | None, progress: bool = False,
) -> CheckResult:
    from transition_cli import config
    from transition_cli.check import STDIN, check, guard_report, read_stdin
    from transition_cli.core.errors import UsageError

    if statistics and FORMATS[output_format].statistics is None:
        raise UsageError(_("--statistics shows counts as text or json, not {output_format}").format(
                           output_format=output_format),
                         hint=_("add --output-format json, or leave --statistics out"))
    reads_stdin = any(str(p) == STDIN for p in paths)
    if stdin_filename is not None and not reads_stdin:
        raise UsageError(_("--stdin-filename names standard input, which is not checked"),
                         hint=_("add - to the paths: transition check - --stdin-filename "
                                "{stdin_filename}").format(
                                stdin_filename=stdin_filename))
    if output_file is not None:
        guard_report(output_file, paths)
    settings = config.resolve(config.load_settings(), select=select, ignore=ignore,
                              strict=strict)
    stdin = read_stdin(stdin_filename or STDIN) if reads_stdin else None
    from transition_cli.cli.progress import progress_bar

    with progress_bar(enabled=progress) as report:
        return check(paths, as_of=as_of_date(as_of), calls=calls, settings=settings,
                     skip_other_toml=skip_other_toml, keep_documents=False,
                     respect_gitignore=respect_gitignore, stdin=stdin, progress=report)


def _tell(result: CheckResult, *, quiet: bool) -> None:
    """Why the run failed, the summary and what besides the files decided the verdict, on
    stderr."""
    from transition_cli.core.text import inert
    from transition_cli.render.findings import provenance, summary

    for problem in result.problems:
        output.error(_("error: {message}").format(message=inert(problem, keep_newlines=False)))
        if problem in result.hints:
            output.error(_("  hint: {hint}").format(hint=inert(result.hints[problem])))
    if not quiet and (result.documents or not result.problems):
        output.error(summary(result, result.strict))
        for line in provenance(result):
            output.error(line)
