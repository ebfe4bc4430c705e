"""Tab completion: what each parameter offers, and the shells' side of Typer's protocol.

The shells run Typer's scripts (installed by ``--install-completion SHELL``), which call
``transition`` with ``_TRANSITION_COMPLETE`` set; Click then parses the line as far as it
goes and asks the parameter under the cursor for candidates. Here:

* ``Completer``: what a parameter offers, attached with ``autocompletion=``; choices come
  from their one source through ``common.choice`` (no declaration needed); the ids inside
  a plan come from the journal kinds' declarations (``ledger.kinds.COMPLETIONS``);
* the shell classes: Typer's, with values made safe for each shell (a name with spaces,
  a title with markup or escapes is inert) and paths left to the shell (zsh and fish list
  TOML files and folders, bash and PowerShell their own file completion).

Completion never breaks or slows the shell: anything that goes wrong (a missing file, one
that does not parse, one larger than ``MAX_PLAN_BYTES``) gives no candidates and prints
nothing. A normal run imports none of this but the small ``Completer`` objects; the work
is imported when a completion asks for it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typer._click import Context, Parameter
    from typer._click.shell_completion import CompletionItem

    from transition_cli.ledger.kinds import Offer

MAX_PLAN_BYTES = 512 * 1024
"""A plan larger than this completes nothing: reading it would keep the shell waiting
(a plan of some 4,000 journal entries; the example is 5 KB)."""
MAX_CANDIDATES = 200
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

        out: list[CompletionItem] = []
        with contextlib.suppress(Exception):  # a broken file offers nothing, and says nothing
            typed = incomplete.casefold()
            for value, description in self.find(ctx, incomplete):
                if self.match and not value.casefold().startswith(typed):
                    continue
                out.append(CompletionItem(value, type=self.kind, help=description or None))
                if len(out) >= MAX_CANDIDATES:
                    break
        return out


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
    """Folders and TOML files starting with what is typed (hidden ones when asked)."""
    folder, _, start = incomplete.rpartition("/")
    base = Path(folder + "/" if folder or incomplete.startswith("/") else ".")
    with os.scandir(base) as found:
        entries = sorted(found, key=lambda e: e.name)
    for entry in entries:
        name = entry.name
        if not name.startswith(start) or (name.startswith(".") and not start.startswith(".")):
            continue
        shown = f"{folder}/{name}" if folder or incomplete.startswith("/") else name
        if entry.is_dir():
            yield shown + "/", ""
        elif name.endswith(".toml"):
            yield shown, ""


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


def _offer(ctx: Context, kind: str | None = None) -> Offer | None:
    """The plan named earlier on the line, replayed; None when there is none to read
    (missing, a folder, too large, not a plan)."""
    from transition_cli.core.model import Plan
    from transition_cli.files.loader import load_bytes
    from transition_cli.ledger.kinds import JOURNAL_KINDS, Offer

    path = _path(ctx, "file", "path")
    if path is None or not path.is_file() or path.stat().st_size > MAX_PLAN_BYTES:
        return None
    doc = load_bytes(path.read_bytes(), str(path))
    if not isinstance(doc.plan, Plan):
        return None
    # The plan alone, without its call: reading the calls catalogue would double the
    # wait, and the ids, titles and amounts offered are all the plan's.
    given = {k: v for k, v in ctx.params.items() if v is not None}
    return Offer(doc.plan, doc.state(None), JOURNAL_KINDS.get(kind or ""), given)


def field(kind: str | None, name: str) -> AutoCompletion:
    """The ids a journal field offers (``ledger.kinds.COMPLETIONS``): for ``kind``'s
    command, or outside a recording (``log --milestone``) all of them."""

    def find(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
        from transition_cli.ledger.kinds import offered

        offer = _offer(ctx, kind)
        return offered(name, offer) if offer is not None else []

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


def _line(text: str | None) -> str:
    """A description on one line, inert (no markup is read: Typer would parse it with
    Rich, at the cost of importing it)."""
    from transition_cli.core.text import inert

    return " ".join(inert(text or "").split())


_SHELL_SPECIAL = set(" \t\"'\\$`!&;|<>()*?[]{}#~")


def register() -> None:
    """Typer's four shells, as this command line completes for them."""
    from typer import _completion_classes as typer_shells
    from typer._click.shell_completion import add_completion_class

    def paths(items: list[CompletionItem]) -> bool:
        return any(item.type == TOML_PATH for item in items)

    class Bash(typer_shells.BashComplete):
        """Values escaped as bash reads them; paths left to bash's own file completion
        (``complete -o default``: folders without a trailing space)."""

        def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
            found = super().get_completions(args, incomplete)
            return [] if paths(found) else found

        def format_completion(self, item: CompletionItem) -> str:
            return "".join("\\" + c if c in _SHELL_SPECIAL else c for c in item.value)

    class Zsh(typer_shells.ZshComplete):
        """Descriptions inert; paths as zsh's ``_files -g '*.toml'`` (TOML files and
        folders)."""

        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            found = self.get_completions(args, incomplete)
            if paths(found):
                return "_files -g '*.toml'"
            return super().complete()

        def format_completion(self, item: CompletionItem) -> str:
            def escape(s: str) -> str:
                return (s.replace('"', '""').replace("'", "''").replace("$", "\\$")
                        .replace("`", "\\`").replace(":", r"\\:"))

            value = escape(item.value)
            return f'"{value}":"{escape(_line(item.help))}"' if item.help else f'"{value}"'

    class Fish(typer_shells.FishComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return f"{item.value}\t{_line(item.help)}" if item.help else item.value

    class PowerShell(typer_shells.PowerShellComplete):
        """Values quoted as PowerShell reads them; paths left to its own completion."""

        def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
            found = super().get_completions(args, incomplete)
            return [] if paths(found) else found

        def format_completion(self, item: CompletionItem) -> str:
            value = item.value
            if any(c in value for c in " '\"$`;,(){}@#&|<>"):
                value = "'" + value.replace("'", "''") + "'"
            return f"{value}:::{_line(item.help) or ' '}"

    for name, cls in (("bash", Bash), ("zsh", Zsh), ("fish", Fish),
                      ("powershell", PowerShell), ("pwsh", PowerShell)):
        add_completion_class(cls, name)


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


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


def complete_var(prog_name: str) -> str:
    return "_{}_COMPLETE".format(prog_name.replace("-", "_").upper())


def detected_shell() -> str | None:
    from typer._completion_shared import _get_shell_name

    return _get_shell_name()
