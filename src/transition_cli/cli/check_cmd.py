from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import (
    AsOf,
    CallsOption,
    as_of_date,
    exit_with,
    handles_errors,
    output,
)


@app.command()
@handles_errors
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders (searched recursively for transition files).",
                       show_default=False),
    ],
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    as_of: AsOf = None,
    calls: CallsOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No hints, no summary.")] = False,
) -> None:
    """Check strategy, partnership and calls files: every problem in one pass.

    Exit 0 when clean (warnings allowed unless --strict), 1 when there are findings,
    2 for usage errors or unreadable input.

    Example: transition check examples/ --as-of 2018-06-30
    """
    from transition_cli.check import check_paths
    from transition_cli.cli.common import catalogue
    from transition_cli.render import findings as render

    cat = catalogue(calls, strict=False)
    result = check_paths(paths, cat, as_of_date(as_of))
    if cat.findings:
        from transition_cli.loader import Document

        result.documents.insert(0, Document(cat.sources[-1], findings=list(cat.findings)))
    for line in render.text(result, hints=not quiet):
        output.line(line)
    for problem in result.problems:
        output.error(f"error: {problem}")
    if not quiet:
        output.error(render.summary(result, strict))
    exit_with(result.exit_code(strict))
