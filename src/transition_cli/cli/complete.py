"""Tab completion: what each parameter offers, and the shells' side of Typer's protocol.

The shells run Typer's scripts (installed by ``--install-completion SHELL``), which call
``transition`` with ``_TRANSITION_COMPLETE`` set; Click then parses the line as far as it
goes and asks the parameter under the cursor for candidates. Here:

* ``Completer``: what a parameter offers, attached with ``autocompletion=``; choices come
  from their one source through ``common.choice`` (no declaration needed); the ids inside
  a plan come from the journal kinds' declarations (``ledger.kinds.COMPLETIONS``);
* the shell classes: Typer's, printing what ``tab.reply`` writes for each shell: values
  made safe for it (a name with spaces, a title with markup or escapes is inert), paths
  left to the shell (zsh and fish list TOML files and folders, bash and PowerShell their
  own file completion).

The lines that matter most (command names, the ids of a plan) are answered before Typer
loads, by ``tab``; this is the way for every other line, and both ways find candidates
and write them with the same functions (``tab``). Completion never breaks or slows the
shell: anything that goes wrong (a missing file, one that does not parse, one larger than
``tab.MAX_PLAN_BYTES``) gives no candidates and prints nothing. A normal run imports none
of this but the small ``Completer`` objects; the work is imported when a completion asks
for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transition_cli.entry import complete_var

if TYPE_CHECKING:
    from typer._click import Context, Parameter
    from typer._click.shell_completion import CompletionItem

TOML_PATH = "toml-path"  # the type of a path candidate (CompletionItem.type)

Find = Callable[["Context", str], Iterable[tuple[str, str]]]


class Completer:
    """What a parameter offers: ``find(ctx, incomplete)`` yields (value, description).

    Declare it with ``autocompletion=completer(find)``; the command classes hand it to
    Click as the parameter's ``shell_complete`` (Typer's own wrapper would keep only values
    that start with the text typed, case and all: ``bret`` would not find Bretagne)."""

    def __init__(self, find: Find, *, kind: str = "plain", match: bool = True) -> None:
        self.find = find
        self.kind = kind
        self.match = match  # keep only values starting with what is typed (any case)

    def __call__(self, ctx: Any, args: list[str], incomplete: str) -> list[tuple[str, str]]:
        return [(item.value, item.help or "") for item in self.items(ctx, None, incomplete)]

    def items(self, ctx: Context, param: Parameter | None, incomplete: str
              ) -> list[CompletionItem]:
        from typer._click.shell_completion import CompletionItem

        from transition_cli.tab import matching

        return [CompletionItem(value, type=self.kind, help=description or None)
                for value, description in matching(lambda: self.find(ctx, incomplete),
                                                   incomplete, match=self.match)]


AutoCompletion = Callable[[Any, list[str], str], list[tuple[str, str]]]


def completer(find: Find, *, kind: str = "plain", match: bool = True) -> AutoCompletion:
    """A function for typer's ``autocompletion=`` that carries its ``Completer``."""
    found = Completer(find, kind=kind, match=match)

    def complete(ctx, args, incomplete):  # type: ignore[no-untyped-def]  # typer: by name
        return found(ctx, args, incomplete)

    complete.completer = found  # type: ignore[attr-defined]
    return complete


def choices_of(known: dict[str, str]) -> Completer:
    """A choice's values, each with what it means (``common.choice``)."""
    return Completer(lambda ctx, incomplete: known.items())


# ---------------------------------------------------------------------------------------
# Paths


def _toml_paths(ctx: Context, incomplete: str) -> Iterator[tuple[str, str]]:
    from transition_cli.tab import toml_paths

    return toml_paths(incomplete)


TOML_PATHS = completer(_toml_paths, kind=TOML_PATH, match=False)
"""Strategy, partnership and calls files: TOML files and folders."""


# ---------------------------------------------------------------------------------------
# The calls catalogue and the NUTS table


_NAMES = {"en": "English", "fr": "français", "de": "Deutsch", "it": "italiano"}


def _languages(ctx: Context, incomplete: str) -> Iterator[tuple[str, str]]:
    """``--lang``: English and each catalog shipped, named in its own language."""
    from transition_cli.core.i18n import languages

    for lang in languages():
        yield lang, _NAMES.get(lang, "")


LANGUAGES = completer(_languages)


def _calls(ctx: Context, incomplete: str) -> Iterator[tuple[str, str]]:
    from transition_cli.files.calls import find_user_calls, load_catalogue

    for call in load_catalogue(find_user_calls(_path(ctx, "calls"))).calls:
        yield call.id, call.title


CALLS = completer(_calls)


def _regions(ctx: Context, incomplete: str) -> Iterator[tuple[str, str]]:
    """NUTS codes starting with what is typed (any case), with their names; and names,
    Eurostat's and those people use (``data/nuts_names.tsv``), starting with it (case and
    accents aside), with their codes. Nothing typed: the countries."""
    from transition_cli.reference import nuts

    table = nuts._table()
    if not incomplete.strip():
        for region in table.regions:
            if region.level == 0 and region.code in nuts.EU_MEMBER_STATES:
                yield region.code, region.name
        return
    code = incomplete.strip().upper()
    for region in table.regions:
        if region.code.startswith(code) and not region.is_extra_regio:
            yield region.code, f"{region.name} (NUTS {region.level})"
    typed = nuts._fold(incomplete)
    codes: dict[str, list[str]] = {}  # name -> its codes, NUTS-2 first
    names = nuts._folded_names()
    rank = {2: 0, 1: 1, 0: 2, 3: 3}
    for region in sorted(table.regions, key=lambda r: (rank[r.level], r.code)):
        if names[region.code].startswith(typed) and not region.is_extra_regio:
            codes.setdefault(region.name, []).append(region.code)
    for found, aliases in nuts._aliases().items():
        for name, folded in aliases:
            if folded.startswith(typed):
                codes.setdefault(name, []).append(found)
    for name, found_codes in codes.items():
        yield name, ", ".join(dict.fromkeys(found_codes))


REGIONS = completer(_regions)


# ---------------------------------------------------------------------------------------
# Ids inside the plan named earlier on the line


def _path(ctx: Context, *names: str) -> Path | None:
    """The first of ``names`` given on the line (parsed by Click) as a path."""
    for name in names:
        value = ctx.params.get(name)
        if isinstance(value, Path):
            return value
    return None


def field(kind: str | None, name: str) -> AutoCompletion:
    """The ids a journal field offers (``ledger.kinds.COMPLETIONS``) in the plan named
    earlier on the line: for ``kind``'s command, or outside a recording (``log
    --milestone``) all of them."""

    def find(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
        from transition_cli.tab import ids

        given = {k: v for k, v in ctx.params.items() if v is not None}
        return ids(kind, name, _path(ctx, "file", "path"), given)

    return completer(find)


def _kinds(ctx: Context, incomplete: str) -> Iterator[tuple[str, str]]:
    from transition_cli.ledger.kinds import GROUPS, JOURNAL_KINDS

    yield from GROUPS.items()
    for kind in JOURNAL_KINDS.values():
        yield kind.name, kind.summary


JOURNAL_KINDS = completer(_kinds)


def _rules(ctx: Context, incomplete: str) -> Iterator[tuple[str, str]]:
    from transition_cli.rules.registry import RULES

    for rule in RULES:
        yield rule.code, rule.summary


RULE_CODES = completer(_rules)


def _nuts_versions(ctx: Context, incomplete: str) -> Iterator[tuple[str, str]]:
    from transition_cli.reference.nuts import VERSIONS

    for version in VERSIONS:
        yield version, f"NUTS {version}"


NUTS_VERSIONS = completer(_nuts_versions)
NUTS_LEVELS = completer(lambda ctx, incomplete: (
    ("0", "countries"), ("1", "major regions"), ("2", "basic regions (ERDF)"),
    ("3", "small regions")))


# ---------------------------------------------------------------------------------------
# The shells: Typer's classes, with values safe for each shell


def register() -> None:
    """Typer's four shells, as this command line completes for them: Typer's classes read
    the line and find the candidates, ``tab.reply`` writes them for the shell (as the
    answer given before Typer loads does)."""
    from typer import _completion_classes as typer_shells
    from typer._click.shell_completion import ShellComplete, add_completion_class

    from transition_cli.tab import reply

    def replying(typer_class: type[ShellComplete], shell: str) -> type[ShellComplete]:
        class Shell(typer_class):  # type: ignore[valid-type,misc]
            def complete(self) -> str:
                args, incomplete = self.get_completion_args()
                found = self.get_completions(args, incomplete)
                return reply(shell, [(item.value, item.help or "") for item in found],
                             paths=any(item.type == TOML_PATH for item in found),
                             fish_action=os.environ.get("_TYPER_COMPLETE_FISH_ACTION", ""))

        return Shell

    for shell, typer_class in (("bash", typer_shells.BashComplete),
                               ("zsh", typer_shells.ZshComplete),
                               ("fish", typer_shells.FishComplete),
                               ("powershell", typer_shells.PowerShellComplete),
                               ("pwsh", typer_shells.PowerShellComplete)):
        add_completion_class(replying(typer_class, shell), shell)


def completion_script(shell: str, prog_name: str) -> str:
    """Typer's script for ``shell`` (``--show-completion``)."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=prog_name, complete_var=complete_var(prog_name),
                                 shell=shell)


def install(shell: str, prog_name: str) -> Path:
    """Typer's installation of the script for ``shell`` (``--install-completion``)."""
    from typer._completion_shared import install as typer_install

    _, path = typer_install(shell=shell, prog_name=prog_name,
                            complete_var=complete_var(prog_name))
    return path


def detected_shell() -> str | None:
    from typer._completion_shared import _get_shell_name

    return _get_shell_name()
