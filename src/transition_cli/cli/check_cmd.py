from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import (
    AsOf,
    CallsOption,
    as_of_date,
    choice,
    exit_with,
    handles_errors,
    output,
)
from transition_cli.render.formats import FORMATS, help_list


@app.command()
@handles_errors
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders (searched recursively for transition files).",
                       show_default=False),
    ],
    output_format: Annotated[str, typer.Option(
        "--format", "-f", parser=choice(FORMATS, "--format"), metavar="FORMAT",
        help=help_list(FORMATS),
    )] = "text",
    strict: Annotated[bool | None, typer.Option(
        "--strict/--no-strict", help="Warnings fail too (exit 1). Default: the project "
        "settings' strict, else off.", show_default=False)] = None,
    select: Annotated[list[str] | None, typer.Option(
        "--select", metavar="CODES",
        help="Report only these rule codes or prefixes (comma-separated, repeatable: "
        "--select J,P001). Replaces the project settings' select.", show_default=False,
    )] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="CODES",
        help="Do not report these rule codes or prefixes (--ignore S003,P005). Replaces "
        "the project settings' ignore.", show_default=False,
    )] = None,
    skip_other_toml: Annotated[bool, typer.Option(
        "--skip-other-toml",
        help="Skip named TOML files without a top-level transition key (pyproject.toml...) "
        "instead of reporting F003; for pre-commit, which passes every TOML file.",
    )] = False,
    as_of: AsOf = None,
    calls: CallsOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No hints, no summary.")] = False,
) -> None:
    """Check strategy, partnership and calls files: every problem in one pass.

    Results go to stdout in the chosen --format, the summary to stderr. Exit 0 when clean
    (warnings allowed unless --strict), 1 when a finding fails, 2 for usage errors or
    unreadable input, in every format. Project settings (select, ignore, strict) are read
    from transition.toml or [tool.transition] in pyproject.toml (see docs/CI.md).

    Example: transition check examples/ --as-of 2018-06-30 --format github
    """
    from transition_cli import config
    from transition_cli.check import check as run_check
    from transition_cli.core.text import inert
    from transition_cli.files.project import project_root
    from transition_cli.render.context import RenderContext
    from transition_cli.render.findings import provenance, summary

    settings = config.resolve(config.load_settings(), select=select, ignore=ignore,
                              strict=strict)
    result = run_check(paths, as_of=as_of_date(as_of), calls=calls, settings=settings,
                       skip_other_toml=skip_other_toml, keep_documents=False)
    ctx = RenderContext(root=project_root(), strict=result.strict, hints=not quiet)
    output.out_stream.write(FORMATS[output_format].renderer()(result, ctx))
    for problem in result.problems:
        output.error(f"error: {inert(problem, keep_newlines=False)}")
    if not quiet and (result.documents or not result.problems):
        output.error(summary(result, result.strict))
        for line in provenance(result):
            output.error(line)
    exit_with(result.exit_code())
