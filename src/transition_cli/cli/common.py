"""What the commands share: error handling, the --as-of and --calls options, choices, and
usage lines as Click writes them."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer._click import Context as ClickContext
from typer.core import TyperArgument, TyperCommand, TyperGroup

from transition_cli.cli.complete import TOML_PATHS
from transition_cli.cli.output import Output
from transition_cli.core.errors import ExitCode, TransitionError
from transition_cli.core.i18n import _, english
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
            output.error(_("error: {message}").format(
                message=inert(exc.message, keep_newlines=True)))
            if exc.hint:
                output.error(_("  hint: {hint}").format(hint=inert(exc.hint)))
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            output.error(_("interrupted: no file was left half-written"))
            raise typer.Exit(130) from None
        except OSError as exc:
            # The system failed a write or a read no library function expected to fail (a
            # disk gone, an I/O error): its own words and exit 2, never a traceback.
            where = f"{exc.filename}: " if exc.filename else ""
            output.error(_("error: {message}").format(
                message=inert(where + (exc.strerror or str(exc)))))
            raise typer.Exit(int(ExitCode.USAGE)) from None

    return wrapper  # type: ignore[return-value]


def parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    if not english() and not _ISO_DATE.match(value):
        from transition_cli.core.l10n import parse_date as local_date

        local = local_date(value)  # 31/03/2018 in French, as CLDR orders it
        if local is not None:
            return local
    try:
        # Exactly YYYY-MM-DD: fromisoformat alone also takes 20180403 and 2018-W14-2.
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            (_("{value} is not a date; write YYYY-MM-DD, e.g. 2018-06-30") if english() else
             _("{value} is not a date; write YYYY-MM-DD or DD/MM/YYYY, e.g. 2018-06-30 or "
               "30/06/2018")).format(value=ci_safe(repr(value))),
            param_hint=option,
        ) from None


def choice(values: Iterable[str] | Mapping[str, Any], option: str, envvar: str | None = None
           ) -> Callable[[str], str]:
    """A parser for an option with fixed choices: the value, or a usage error naming the
    option (or ``envvar``, when the value came from there), the choices and the closest
    one: ``Invalid value for '--output-format': 'GitHub' is not one of ...; did you mean
    "github"?``. The choices complete on the command line, with what each means where
    ``values`` says it (a mapping to a text, or to a record with a ``summary``)."""
    known = tuple(values)
    meanings = {k: _meaning(values[k]) if isinstance(values, Mapping) else "" for k in known}

    def parse(value: str) -> str:
        if value in known:
            return value
        close = closest(value, known)
        where = envvar if envvar and _from_environment(option) else f"'{option}'"
        # ci_safe: Click prints this itself, past the output object's guard.
        raise typer.BadParameter(
            _("{value!r} is not one of {known}").format(
                value=ci_safe(inert(value)), known=", ".join(repr(k) for k in known))
            + (_('; did you mean "{close}"?').format(close=close) if close else ""),
            param_hint=where)

    parse.choices = meanings  # type: ignore[attr-defined]
    return parse


def _meaning(value: Any) -> str:
    return value if isinstance(value, str) else str(getattr(value, "summary", ""))


def count(option: str) -> Callable[[str], int]:
    """A parser for a number of things (``--limit 20``): a whole number of 1 or more."""

    def parse(value: str) -> int:
        text = value.strip()
        if not text.isdecimal() or int(text) < 1:
            raise typer.BadParameter(_("{value!r} is not a whole number of 1 or more").format(
                                       value=inert(value)),
                                     param_hint=f"'{option}'")
        return int(text)

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
    PATHS...``, ``Missing argument 'PATHS...'`` (typer writes ``{paths}...``); values
    converted without pydantic (``direct``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument) and param.metavar is None:
                param.metavar = (param.name or "").upper() + ("..." if param.nargs != 1
                                                             else "")

    def get_params(self, ctx: ClickContext) -> list[Any]:
        return directly(with_lang(ctx, super().get_params(ctx)))

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        # Completing an option's value (``--ref <TAB>``): Click's parser stops at the
        # option that lacks its value and assigns no argument, so the file named earlier
        # would be unknown. The line is read without that option; completion still sees
        # it, and asks the option for its value.
        if ctx.resilient_parsing and args and self._wants_value(ctx, args[-1]):
            return super().parse_args(ctx, args[:-1])
        return super().parse_args(ctx, args)

    def _wants_value(self, ctx: ClickContext, word: str) -> bool:
        return any(word in getattr(p, "opts", ()) and not getattr(p, "is_flag", False)
                   for p in self.get_params(ctx))

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


# ---------------------------------------------------------------------------------------
# Values converted directly
#
# Typer 0.29 converts each value through a pydantic TypeAdapter it builds on first use:
# importing pydantic and building the adapters costs ~60 ms of every run (a third of a
# one-file check). The values of this command line are text, paths, flags, or text given
# to a parser of ours (``choice``, dates, amounts), so they are converted here: paths
# with typer's own checks (``coerce_cli_path``: exists, file or folder), the rest as
# given. Anything else (``regions --level``, an int with bounds) keeps typer's way.


class _Direct:
    """What typer's ``_TyperParameter.get_runtime_param()`` hands back: ``coerce``."""

    def __init__(self, convert: Callable[[Any, Any, Any], Any]) -> None:
        self.convert = convert

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        many = getattr(param, "multiple", False) or param.nargs == -1
        if value is None:
            return () if many else None
        if many:
            if isinstance(value, str):
                raise typer.BadParameter("Value must be an iterable.", ctx=ctx, param=param)
            return [self.convert(item, param, ctx) for item in value]
        return self.convert(value, param, ctx)


_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off", ""})


def _text(value: Any, param: Any, ctx: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _flag(value: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE | _FALSE:
        return word in _TRUE
    raise typer.BadParameter(_("{value!r} is not a valid boolean.").format(value=value), ctx=ctx,
                             param=param)


def _whole(low: float | None, high: float | None) -> Callable[[Any, Any, Any], int]:
    """A whole number, within ``low`` and ``high`` where given (as Click says it: ``5 is
    not in the range 0<=x<=3.``)."""
    bounds = (f"{low}<=x<={high}" if low is not None and high is not None
              else f"x>={low}" if low is not None else f"x<={high}")

    def convert(value: Any, param: Any, ctx: Any) -> int:
        text = str(value).strip()
        if isinstance(value, bool) or not (isinstance(value, int)
                                           or text.lstrip("+-").isdecimal()):
            raise typer.BadParameter(_("{value!r} is not a whole number.").format(
                                       value=inert(str(value))),
                                     ctx=ctx, param=param)
        number = int(text)
        if (low is not None and number < low) or (high is not None and number > high):
            raise typer.BadParameter(_("{number} is not in the range {bounds}.").format(
                                       number=number, bounds=bounds), ctx=ctx,
                                     param=param)
        return number

    return convert


def _converter(annotation: Any, info: Any) -> Callable[[Any, Any, Any], Any] | None:
    from typing import get_args, get_origin

    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    parser = info.parser
    if parser is not None:
        return lambda value, param, ctx: parser(value)
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation is int and not info.clamp:
        return _whole(info.min, info.max)
    if isinstance(annotation, type) and issubclass(annotation, Path):
        from typer._param_types import coerce_cli_path

        path_type = info.path_type or annotation

        def path(value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, str):
                value = path_type(value)
            return coerce_cli_path(value, info, path_type=path_type, param=param, ctx=ctx)

        return path
    return None


_METAVARS = {str: "TEXT", int: "INTEGER", float: "FLOAT", Path: "PATH"}
"""Click's words for a value's type, where an option names none (typer 0.29 would show
Python's: ``--theme <str>``)."""


def _no_type(ctx: Any = None) -> None:
    return None


def plain_help(param: Any, descriptor: Any) -> None:
    """Help as Click writes it: an argument is its name (``PATHS...``, not ``PATHS...
    <list[Path]>``), an option's value a word (``--theme TEXT``, not ``<str>``)."""
    if getattr(param, "param_type_name", "") == "argument":
        param.display_type_rich = _no_type
    elif param.metavar is None and not getattr(param, "is_flag", False):
        annotation = descriptor.annotation
        element = (annotation.__args__[0] if getattr(annotation, "__origin__", None) is list
                   else annotation)
        param.metavar = _METAVARS.get(element) or (
            "PATH" if isinstance(element, type) and issubclass(element, Path) else None)


def directly(params: list[Any]) -> list[Any]:
    """``params``, each converting its values without pydantic where its type allows
    (see above)."""
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue  # not typer's parameter as 0.29 builds it, or done: typer's own way
        plain_help(param, descriptor)
        completes(param, descriptor.parameter_info)
        if descriptor.file_annotation is not None:
            continue
        convert = _converter(descriptor.annotation, descriptor.parameter_info)
        if convert is not None:
            param._runtime_param = _Direct(convert)
    return params


def completes(param: Any, info: Any) -> None:
    """What ``param`` offers on Tab: its ``autocompletion=`` (a ``complete.Completer``),
    else its choices (``choice``), else what typer gives (nothing: the shell's own)."""
    completer = getattr(info.autocompletion, "completer", None)
    if completer is not None:
        param._custom_shell_complete = completer.items
        return
    known = getattr(info.parser, "choices", None)
    if isinstance(known, dict) and known:
        from transition_cli.cli.complete import choices_of

        param._custom_shell_complete = choices_of(known).items


# ---------------------------------------------------------------------------------------
# Groups that build only the command that runs


class LazyGroup(TyperGroup):
    """A group whose commands are built when first asked for.

    Typer builds every command of a group (its parameters from the function's signature,
    ~1.5 ms each) before running one. Here ``commands`` is a mapping that imports the
    command's module and builds the command on first access: running ``transition check``
    builds ``check`` alone, ``--help`` and completing a command name build them all.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What typer built already (every command whose module was imported, as in the
        # tests) is dropped: each command is built here, with this package's classes.
        self.commands = LazyCommands(self.name or "", {})

    def list_commands(self, ctx: ClickContext) -> list[str]:
        return list(self.commands)

    def get_params(self, ctx: ClickContext) -> list[Any]:
        return directly(with_lang(ctx, super().get_params(ctx)))


def with_lang(ctx: ClickContext, params: list[Any]) -> list[Any]:
    """``params`` with the root's ``--lang`` (every command takes it, before or after its
    name; ``language.given`` has read it already), help texts in the run's language."""
    from transition_cli.cli.language import OPTION, translate_param

    if not any(OPTION in getattr(p, "opts", ()) for p in params):
        root = ctx.find_root().command
        lang = next((p for p in root.params if OPTION in getattr(p, "opts", ())), None)
        if lang is not None:
            at = len(params) - 1 if params and "--help" in getattr(params[-1], "opts", ()) \
                else len(params)
            params = [*params[:at], lang, *params[at:]]
    return [translate_param(p) for p in params]


class RootGroup(LazyGroup):
    """``transition``: its commands built lazily, ``--install-completion [SHELL]`` and
    ``--show-completion [SHELL]`` (declared on the root callback, in ``cli``), and the
    shells' completion requests answered with this command line's classes
    (``complete.register``)."""

    def main(self, args: Any = None, *more: Any, **kwargs: Any) -> Any:
        import sys

        from transition_cli.cli.language import setup, translate_command

        words = list(sys.argv[1:] if args is None else args)
        try:
            setup(words)
        except TransitionError as exc:
            output.error(f"error: {inert(exc.message)}")
            if exc.hint:
                output.error(f"  hint: {inert(exc.hint)}")
            raise SystemExit(int(exc.exit_code)) from None
        translate_command(self)
        return super().main(words, *more, **kwargs)

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        return super().parse_args(ctx, shell_values(args))

    def _main_shell_completion(self, ctx_args: MutableMapping[str, Any], prog_name: str,
                               complete_var: str | None = None) -> None:
        from transition_cli.entry import complete_var as variable

        if os.environ.get(complete_var or variable(prog_name)):
            from transition_cli.cli.complete import register

            register()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


COMPLETION_OPTIONS = ("--install-completion", "--show-completion")


def shell_values(args: list[str]) -> list[str]:
    """``--show-completion [SHELL]``: the shell is optional (typer's options take a value
    or none, never either), so the root's options are read with the shell joined to the
    option, or an empty one: ``--show-completion=zsh``, ``--show-completion=``."""
    out = list(args)
    n = 0
    while n < len(out) and out[n].startswith("-"):
        if out[n] in COMPLETION_OPTIONS:
            given = out[n + 1] if n + 1 < len(out) else ""
            if given and not given.startswith("-") and not _is_command(given):
                out[n:n + 2] = [f"{out[n]}={given}"]
            else:
                out[n] = f"{out[n]}="
        n += 1
    return out


def _is_command(word: str) -> bool:
    from transition_cli.cli import COMMANDS
    from transition_cli.ledger.kinds import GROUPS

    return word in COMMANDS or word in GROUPS


def _shell(ctx: typer.Context, value: str) -> str:
    from transition_cli.cli.complete import detected_shell, register
    from transition_cli.tab import SHELLS

    register()
    shell = value.strip().lower() or detected_shell() or ""
    if shell not in SHELLS:
        known = ", ".join(SHELLS)
        raise typer.BadParameter(
            _("{shell!r} is not a shell it completes for ({known})").format(
              shell=inert(shell), known=known) if shell else
            _("cannot tell which shell this runs in: name it ({known})").format(known=known),
            ctx=ctx, param_hint="SHELL")
    return shell


def show_completion(ctx: typer.Context, value: str | None) -> None:
    """``--show-completion [SHELL]``: Typer's script for SHELL."""
    if value is None or ctx.resilient_parsing:
        return
    from transition_cli.cli.complete import completion_script

    shell = _shell(ctx, value)
    output.line(completion_script(shell, ctx.find_root().info_name or "transition"))
    ctx.exit(0)


def install_completion(ctx: typer.Context, value: str | None) -> None:
    """``--install-completion [SHELL]``: Typer's installation of its script."""
    if value is None or ctx.resilient_parsing:
        return
    from transition_cli.cli.complete import install

    shell = _shell(ctx, value)
    path = install(shell, ctx.find_root().info_name or "transition")
    output.error(_("{shell} completion installed in {path}; it takes effect in a new "
                   "terminal").format(shell=shell, path=path))
    ctx.exit(0)


class LazyCommands(MutableMapping[str, Any]):
    """The commands of a group, by name, each built on first access.

    The root group's names are ``cli.COMMANDS`` and the recording groups
    (``ledger.kinds.GROUPS``); a recording group's names are its registered commands.
    """

    def __init__(self, group: str, built: dict[str, Any],
                 source: typer.Typer | None = None) -> None:
        self.group = group
        self.built = built
        self.source = source  # the Typer a recording group's commands are registered on

    def names(self) -> list[str]:
        if self.source is not None:
            names = [_info_name(info) for info in self.source.registered_commands]
        else:
            from transition_cli.cli import COMMANDS
            from transition_cli.ledger.kinds import GROUPS

            names = [*COMMANDS, *GROUPS]
        return [*names, *(n for n in self.built if n not in names)]

    def __getitem__(self, name: str) -> Any:
        if name in self.built:
            return self.built[name]
        command = self._build(name)
        if command is None:
            raise KeyError(name)
        self.built[name] = command
        return command

    def __contains__(self, name: object) -> bool:
        return name in self.built or name in self.names()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())

    def __setitem__(self, name: str, command: Any) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def _build(self, name: str) -> Any:
        import importlib

        from typer.main import get_command_from_info

        from transition_cli import cli
        from transition_cli.cli.language import translate_command

        if self.source is not None:
            app = self.source
        else:
            module = cli.COMMANDS.get(name)
            if module is None:
                from transition_cli.ledger.kinds import GROUPS

                if name not in GROUPS:
                    return None
                module = cli.RECORDING
            importlib.import_module(f"transition_cli.cli.{module}")
            app = cli.app
        for info in app.registered_commands:
            if _info_name(info) == name:
                if info.cls in (None, TyperCommand):
                    info.cls = Command
                return translate_command(get_command_from_info(
                    info, pretty_exceptions_short=True, rich_markup_mode=None))
        for group in app.registered_groups:
            if group.name == name and group.typer_instance is not None:
                return translate_command(_group(group))
        return None


def _info_name(info: Any) -> str:
    from typer.main import get_command_name

    return str(info.name or get_command_name(info.callback.__name__))


def _group(info: Any) -> LazyGroup:
    """A recording group (``transition milestone``) whose commands are built lazily too."""
    from typer.main import solve_typer_info_defaults

    solved = solve_typer_info_defaults(info)
    group = LazyGroup(name=info.name, commands={}, help=solved.help,
                      no_args_is_help=solved.no_args_is_help,
                      context_settings=solved.context_settings, rich_markup_mode=None)
    group.commands = LazyCommands(info.name, {}, source=info.typer_instance)
    return group


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
        show_default=False, dir_okay=False, autocompletion=TOML_PATHS,
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
            _("the calls file has errors:\n") + "\n".join(finding_line(f) for f in errors),
            hint=_("fix the calls file, or run `transition check` on it"),
        )
    return cat


def exit_with(code: ExitCode) -> None:
    if code is not ExitCode.OK:
        raise typer.Exit(int(code))
