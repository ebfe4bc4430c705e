"""The command line: parse arguments, call one domain function, hand the result to a renderer.

Each command lives in its own module and registers itself on ``app`` when that module is
imported. The root group imports and builds **only the command that runs**: ``transition
check`` imports ``check_cmd`` and nothing of the other commands (``entry.COMMANDS`` says
which module holds which command, outside this package so that ``tab`` reads it without
Typer; the recording groups come from the journal kinds). ``--help`` and completing a
command name build them all. Heavy imports (rich tables, reference data) stay inside the
command functions.
"""

from __future__ import annotations

from typing import Annotated

import typer

from transition_cli import __version__
from transition_cli.cli.common import RootGroup, install_completion, show_completion
from transition_cli.cli.complete import LANGUAGES
from transition_cli.entry import COMMANDS as COMMANDS
from transition_cli.entry import RECORDING as RECORDING

app = typer.Typer(
    name="transition",
    cls=RootGroup,
    help="Plan and track a region's economic-transformation strategy (EU industrial-"
    "transition pilot, ERDF) in TOML files under git.",
    no_args_is_help=True,
    add_completion=False,  # RootGroup's --install-completion [SHELL] instead of typer's
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
    lang: Annotated[str | None, typer.Option(
        "--lang", metavar="LANG", expose_value=False, show_default=False,
        autocompletion=LANGUAGES,
        help="The language of messages, tables and reports: en or fr (any language with "
        "a catalog). Default: $TRANSITION_LANG, else the locale (LC_ALL, LC_MESSAGES, "
        "LANG), else English.")] = None,
    install_completion: Annotated[str | None, typer.Option(
        "--install-completion", metavar="[SHELL]", callback=install_completion,
        is_eager=True, expose_value=False, show_default=False,
        help="Install tab completion for SHELL (bash, zsh, fish, powershell; default: the "
        "shell this runs in), then open a new terminal.")] = None,
    show_completion: Annotated[str | None, typer.Option(
        "--show-completion", metavar="[SHELL]", callback=show_completion, is_eager=True,
        expose_value=False, show_default=False,
        help="Show the tab-completion script for SHELL, to install it by hand.")] = None,
) -> None:
    """Plan and track a region's economic-transformation strategy in TOML files."""


def load_commands() -> typer.Typer:
    """Import every command module, so ``app`` holds every command (docs, tests)."""
    import importlib

    for module in (*dict.fromkeys(COMMANDS.values()), RECORDING):
        importlib.import_module(f"transition_cli.cli.{module}")
    return app


def main() -> None:
    app()
