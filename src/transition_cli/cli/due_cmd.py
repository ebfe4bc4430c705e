"""``transition due``: what is overdue and what falls due soon, across files or folders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import AsOf, CallsOption, as_of_date, handles_errors, output
from transition_cli.cli.complete import TOML_PATHS
from transition_cli.due import DEFAULT_WITHIN


@app.command()
@handles_errors
def due(
    paths: Annotated[list[Path], typer.Argument(
        help="Strategy or partnership files, or folders of them (a portfolio).",
        show_default=False, autocompletion=TOML_PATHS)],
    within: Annotated[int, typer.Option(
        "--within", metavar="DAYS", help="How far ahead to look, in days.")] = DEFAULT_WITHIN,
    as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """List what is overdue and what falls due within DAYS, soonest first, with the command
    that records each: milestones, deliverables, commitments with nothing paid 90 days
    after signing, and the call's deadline when no submission is recorded.

    Example: transition due regions/ --within 14 --as-of 2018-11-20
    """
    from transition_cli.cli.common import catalogue
    from transition_cli.due import due as due_list
    from transition_cli.render.due import due_list as render

    listed = due_list(paths, catalogue(calls), as_of_date(as_of), within)
    output.console.print(render(listed))
