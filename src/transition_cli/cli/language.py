"""The language of a run, chosen before anything is parsed, and the command line in it.

``--lang`` may stand before the command's name or after it (``--lang fr status FILE``,
``status FILE --lang fr``); it is read from the arguments first of all, so that
help, Click's own messages and a usage error in any argument speak the language chosen
(``core.i18n.choose``: ``--lang``, ``TRANSITION_LANG``, the locale, English).

In another language than English, help texts (the commands' docstrings and options'
``help=``, the source of the catalog's ``cli`` messages) are translated on the commands
built for the run, and the messages Click writes itself (usage errors, section titles)
go through the catalog: typer 0.29 vendors Click without its gettext calls, so those
messages are listed here (``CLICK``) and matched as Click writes them.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from typing import Any

from transition_cli.core.i18n import N_, _, activate, choose, english

OPTION = "--lang"


def given(args: Sequence[str]) -> str | None:
    """The value of the last ``--lang`` in ``args`` (before a ``--``), or None."""
    found = None
    for n, arg in enumerate(args):
        if arg == "--":
            break
        if arg == OPTION and n + 1 < len(args):
            found = args[n + 1]
        elif arg.startswith(OPTION + "="):
            found = arg.split("=", 1)[1]
    return found


def setup(args: Sequence[str]) -> None:
    """Speak the language ``args`` and the environment ask for (a ``UsageError`` for one
    this installation does not speak)."""
    lang = choose(given(args))
    activate(lang)
    if not english():
        _patch_click()


def translate_command(command: Any) -> Any:
    """``command`` (built for this run) with its help and its options' help translated."""
    if english() or getattr(command, "_translated", False):
        return command
    for attr in ("help", "short_help", "epilog"):
        text = getattr(command, attr, None)
        if text:
            setattr(command, attr, translate_help(inspect.cleandoc(text)))
    for param in getattr(command, "params", ()):
        translate_param(param)
    command._translated = True
    return command


def translate_param(param: Any) -> Any:
    text = getattr(param, "help", None)
    if text and not getattr(param, "_translated", False):
        param.help = translate_help(text)
        param._translated = True
    return param


GLUE: tuple[tuple[str, str], ...] = (
    # help texts composed of translated parts (the recording commands', from the kinds)
    (r"Example: (?P<example>.*)", N_("Example: {example}")),
    (r"(?P<help>.*) Default: (?P<default>[^ ]*)\.", N_("{help} Default: {default}.")),
    (r"(?P<help>[^:]*): (?P<verbs>[a-z, -]*)\.", N_("{help}: {verbs}.")),
)


def translate_help(text: str) -> str:
    """A help text in the language of the run: as a whole, else paragraph by paragraph,
    each as a message or as one of the compositions ``GLUE`` lists."""
    whole = _(text)
    if whole != text or english():
        return whole
    return "\n\n".join(_paragraph(p) for p in text.split("\n\n"))


_CHOICES = re.compile(r"(?:[a-z][\w-]*: [^;]+; )+[a-z][\w-]*: [^;]+\.")
"""``text: one line per finding; full: ...; sarif: SARIF 2.1.0.``: choices, each meaning."""
_CHOICES_IN_BRACKETS = re.compile(r"(?P<head>[^:]+): (?P<items>(?:[a-z][\w-]* \([^)]+\), )+"
                                  r"[a-z][\w-]* \([^)]+\))\.")
"""``Portfolio order: status (worst first), name (by region ...), call (by call).``"""


def _paragraph(text: str) -> str:
    said = _(text)
    if said != text:
        return said
    if _CHOICES.fullmatch(text):
        pairs = (item.split(": ", 1) for item in text[:-1].split("; "))
        return _("; ").join(f"{name}{_(': ')}{_(meaning)}" for name, meaning in pairs) + "."
    found = _CHOICES_IN_BRACKETS.fullmatch(text)
    if found is not None:
        items = re.findall(r"([a-z][\w-]*) \(([^)]+)\)", found["items"])
        return (_(found["head"]) + _(": ") + ", ".join(f"{name} ({_(meaning)})"
                                                       for name, meaning in items) + ".")
    for pattern, msgid in GLUE:
        found = re.fullmatch(pattern, text, re.DOTALL)
        if found is not None:
            parts = found.groupdict()
            if "help" in parts:
                parts["help"] = _(parts["help"])
            return _(msgid).format(**parts)
    return text


# ---------------------------------------------------------------------------------------
# Click's own words

CLICK: tuple[tuple[str, str], ...] = (
    # (how Click writes it, as a pattern; the message id, with the pattern's named groups)
    (r"No such option: (?P<name>\S+)(?P<rest>.*)", N_("No such option: {name}{rest}")),
    (r"No such command '(?P<name>[^']*)'\.\s*Did you mean (?P<rest>.*)\?",
     N_("No such command '{name}'. Did you mean {rest}?")),
    (r"No such command '(?P<name>.*)'\.", N_("No such command '{name}'.")),
    (r"Missing command\.", N_("Missing command.")),
    (r"Missing argument '(?P<name>.*)'\.", N_("Missing argument '{name}'.")),
    (r"Missing option '(?P<name>.*)'\.", N_("Missing option '{name}'.")),
    (r"Missing parameter: (?P<name>.*)", N_("Missing parameter: {name}")),
    (r"Invalid value for (?P<name>[^:]*): (?P<rest>.*)", N_("Invalid value for {name}: {rest}")),
    (r"Invalid value: (?P<rest>.*)", N_("Invalid value: {rest}")),
    (r"Option '(?P<name>.*)' requires an argument\.",
     N_("Option '{name}' requires an argument.")),
    (r"Option '(?P<name>.*)' does not take a value\.",
     N_("Option '{name}' does not take a value.")),
    (r"Got unexpected extra arguments? \((?P<rest>.*)\)",
     N_("Got unexpected extra arguments ({rest})")),
    (r"\(Possible options: (?P<rest>.*)\)", N_("(Possible options: {rest})")),
    (r"Did you mean (?P<rest>.*)\?", N_("Did you mean {rest}?")),
    (r"'(?P<name>.*)' is not a valid boolean\.", N_("'{name}' is not a valid boolean.")),
    (r"'(?P<name>.*)' is not a whole number\.", N_("'{name}' is not a whole number.")),
    (r"(?P<name>.*) is not in the range (?P<rest>.*)\.",
     N_("{name} is not in the range {rest}.")),
    (r"(?P<name>.*) '(?P<rest>.*)' does not exist\.", N_("{name} '{rest}' does not exist.")),
    (r"(?P<name>.*) '(?P<rest>.*)' is a directory\.", N_("{name} '{rest}' is a directory.")),
    (r"(?P<name>.*) '(?P<rest>.*)' is a file\.", N_("{name} '{rest}' is a file.")),
)
WORDS = (
    # what typer 0.29 passes through gettext itself (typer.core's ``_``), and Click's
    # fixed words
    N_("Usage:"), N_("Error:"), N_("Try '{command}' for help."), N_("Options"),
    N_("Arguments"), N_("Commands"), N_("Show this message and exit."), N_("required"),
    N_("default: {default}"), N_("env var: {var}"), N_("(dynamic)"), N_("Aborted!"),
    N_("File"), N_("Directory"), N_("Path"),
)


def click_message(message: str) -> str:
    """A message Click wrote, in the language of the run (as written when not listed)."""
    if english():
        return message
    for line_pattern, msgid in CLICK:
        found = re.fullmatch(line_pattern, message, re.DOTALL)
        if found is not None:
            parts = {k: click_message(v) if k == "rest" else v
                     for k, v in found.groupdict().items()}
            if "rest" in parts and msgid.startswith("No such option"):
                parts["rest"] = _rest(found.group("rest"))
            return _(msgid).format(**parts)
    return message


def _rest(rest: str) -> str:
    text = rest.strip()
    return " " + click_message(text) if text else ""


_patched: list[bool] = []


def _patch_click() -> None:
    """Route the words Click and typer write themselves through the catalog: typer's own
    ``_`` (section titles, ``[required]``), the ``Usage:`` prefix and the error lines.
    Each patched function asks the language at each call: an English run after a French
    one (tests, one process) writes English again."""
    if _patched:
        return
    _patched.append(True)
    import typer.core
    from typer._click import exceptions, formatting

    typer.core._ = _  # type: ignore[attr-defined]

    write_usage = formatting.HelpFormatter.write_usage

    def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None and not english():
            prefix = _("Usage:") + " "
        write_usage(self, prog, args, prefix)

    formatting.HelpFormatter.write_usage = usage  # type: ignore[method-assign]

    show = exceptions.UsageError.show
    show_click = exceptions.ClickException.show

    def usage_show(self: Any, file: Any = None) -> None:
        if english():
            return show(self, file)
        return _show(self, file, usage=True)

    def click_show(self: Any, file: Any = None) -> None:
        if english():
            return show_click(self, file)
        return _show(self, file, usage=False)

    exceptions.UsageError.show = usage_show  # type: ignore[method-assign]
    exceptions.ClickException.show = click_show  # type: ignore[method-assign]


def _show(error: Any, file: Any, *, usage: bool) -> None:
    from typer._click._compat import get_text_stderr
    from typer._click.utils import echo

    file = file or get_text_stderr()
    ctx = getattr(error, "ctx", None)
    if usage and ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command}' for help.").format(
                command=f"{ctx.command_path} {ctx.help_option_names[0]}") + "\n"
        echo(f"{ctx.get_usage()}\n{hint}", file=file, color=ctx.color)
    echo(f"{_('Error:')} {click_message(error.format_message())}", file=file)
