"""The command line: parse arguments, call one domain function, hand the result to a renderer.

Each command lives in its own module and registers itself on ``app``; heavy imports
(rich tables, reference data) stay inside the command functions so start-up stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from transition_cli import __version__

app = typer.Typer(
    name="transition",
    help="Plan and track a region's economic-transformation strategy (EU industrial-"
    "transition pilot, ERDF) in TOML files under git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"transition {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True,
                     help="Print the version and exit."),
    ] = False,
) -> None:
    """Plan and track a region's economic-transformation strategy in TOML files."""


# Command modules register themselves on import.
from transition_cli.cli import (  # noqa: E402, F401
    calendar_cmd,
    calls_cmd,
    check_cmd,
    due_cmd,
    init_cmd,
    record_cmd,
    regions_cmd,
    rules_cmd,
    schema_cmd,
    views_cmd,
)
from transition_cli.cli.common import click_usage  # noqa: E402

click_usage(app)


def main() -> None:
    app()
