"""What the commands share: error handling, the --as-of and --calls options, choices, and
usage lines as Click writes them."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer._click import Context as ClickContext
from typer.core import TyperArgument, TyperCommand

from transition_cli.cli.output import Output
from transition_cli.core.errors import ExitCode, TransitionError
from transition_cli.core.text import ci_safe, closest, inert

F = TypeVar("F", bound=Callable[..., Any])
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

output = Output()


def handles_errors(func: F) -> F:
    """Turn the domain's user-facing failures into a message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TransitionError as exc:
            output.error(f"error: {inert(exc.message, keep_newlines=True)}")
            if exc.hint:
                output.error(f"  hint: {inert(exc.hint)}")
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            output.error("interrupted: no file was left half-written")
            raise typer.Exit(130) from None
        except OSError as exc:
            # The system failed a write or a read no library function expected to fail (a
            # disk gone, an I/O error): its own words and exit 2, never a traceback.
            where = f"{exc.filename}: " if exc.filename else ""
            output.error(f"error: {inert(where + (exc.strerror or str(exc)))}")
            raise typer.Exit(int(ExitCode.USAGE)) from None

    return wrapper  # type: ignore[return-value]


def parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    try:
        # Exactly YYYY-MM-DD: fromisoformat alone also takes 20180403 and 2018-W14-2.
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{ci_safe(repr(value))} is not a date; write YYYY-MM-DD, e.g. 2018-06-30",
            param_hint=option,
        ) from None


def choice(values: Iterable[str], option: str, envvar: str | None = None
           ) -> Callable[[str], str]:
    """A parser for an option with fixed choices: the value, or a usage error naming the
    option (or ``envvar``, when the value came from there), the choices and the closest
    one: ``Invalid value for '--output-format': 'GitHub' is not one of ...; did you mean
    "github"?``"""
    known = tuple(values)

    def parse(value: str) -> str:
        if value in known:
            return value
        close = closest(value, known)
        where = envvar if envvar and _from_environment(option) else f"'{option}'"
        # ci_safe: Click prints this itself, past the output object's guard.
        raise typer.BadParameter(
            f"{ci_safe(inert(value))!r} is not one of " + ", ".join(repr(k) for k in known)
            + (f'; did you mean "{close}"?' if close else ""), param_hint=where)

    return parse


def _from_environment(option: str) -> bool:
    """Whether the value being parsed for ``option`` came from its environment variable."""
    from typer._click.core import ParameterSource
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    name = option.lstrip("-").replace("-", "_")
    return ctx is not None and ctx.get_parameter_source(name) is ParameterSource.ENVIRONMENT


class Command(TyperCommand):
    """Usage lines and argument names as Click writes them: ``transition check [OPTIONS]
    PATHS...``, ``Missing argument 'PATHS...'`` (typer writes ``{paths}...``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument) and param.metavar is None:
                param.metavar = (param.name or "").upper() + ("..." if param.nargs != 1
                                                             else "")

    def collect_usage_pieces(self, ctx: ClickContext) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.metavar or (param.name or "").upper()
                if param.nargs != 1 and not name.endswith("..."):
                    name += "..."
                pieces.append(name if param.required else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces


def click_usage(app: typer.Typer) -> None:
    """Every command of ``app`` and its groups writes usage lines as Click does."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = Command
    for group in app.registered_groups:
        if group.typer_instance is not None:
            click_usage(group.typer_instance)


def today() -> dt.date:
    """Today, unless TRANSITION_TODAY pins it (for reproducible scripts)."""
    pinned = os.environ.get("TRANSITION_TODAY")
    if pinned:
        parsed = parse_date(pinned, "TRANSITION_TODAY")
        assert parsed is not None
        return parsed
    return dt.date.today()


def as_of_date(value: str | None) -> dt.date:
    return parse_date(value) or today()


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DATE",
        help="Judge lateness, deadlines and open calls as of this date (YYYY-MM-DD). "
        "Default: today.",
        show_default=False,
    ),
]

CallsOption = Annotated[
    Path | None,
    typer.Option(
        "--calls", metavar="FILE",
        help="A calls file adding or overriding calls. Default: $TRANSITION_CALLS, "
        "else ./transition-calls.toml if present.",
        show_default=False, dir_okay=False,
    ),
]


def catalogue(calls_file: Path | None, *, strict: bool = True) -> Any:
    """The calls catalogue; a user calls file with errors is a usage error here."""
    from transition_cli.core.errors import UsageError
    from transition_cli.core.findings import Severity
    from transition_cli.files.calls import find_user_calls, load_catalogue
    from transition_cli.render.findings import finding_line

    cat = load_catalogue(find_user_calls(calls_file))
    errors = [f for f in cat.findings if f.severity is Severity.ERROR]
    if strict and errors:
        raise UsageError(
            "the calls file has errors:\n" + "\n".join(finding_line(f) for f in errors),
            hint="fix the calls file, or run `transition check` on it",
        )
    return cat


def exit_with(code: ExitCode) -> None:
    if code is not ExitCode.OK:
        raise typer.Exit(int(code))
