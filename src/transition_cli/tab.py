"""Tab completion answered before Typer loads, where the line can be read with certainty.

A shell's completion script (``--install-completion``) runs ``transition`` with
``_TRANSITION_COMPLETE`` set and the line in the environment. Click's protocol answers it
inside the program, and importing Typer alone costs more than the rest of the answer; so
the console script (``entry``) asks ``answer`` here first. It reads the line as Click
does, for the lines that matter most:

* command and group names (``entry.COMMANDS``, ``ledger.kinds.GROUPS``) and a group's
  verbs, with Click's short help where the shell shows one;
* a recording command's values, from the kind's declaration (``ledger.kinds``): the ids of
  the plan named on the line (``COMPLETIONS``), a field's choices, TOML paths for FILE.

Anything else (an option it does not know, ``--``, an option's name, help that only the
command modules hold, another language's help) gets None, and Typer answers as before:
only the time changes. Both ways share what decides the output: the candidates
(``matching``, ``toml_paths``, ``ids``) and how each shell reads them (``reply``);
``tests/test_tab.py`` compares the two byte for byte, per shell, on many lines.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transition_cli.entry import COMMANDS, complete_var

if TYPE_CHECKING:
    from transition_cli.ledger.kinds import Arg, Offer

MAX_PLAN_BYTES = 512 * 1024
"""A plan larger than this completes nothing: reading it would keep the shell waiting
(a plan of some 4,000 journal entries; the example is 5 KB)."""
MAX_CANDIDATES = 200
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")

Candidates = list[tuple[str, str]]  # (value, what it is: "" when nothing is said)


def run() -> None:
    """Answer the shell's request and exit; return when Typer must answer it."""
    try:
        text = answer(os.environ, sys.argv)  # fish's is-args: SystemExit, its status
    except Exception:
        return
    encoding = str(getattr(sys.stdout, "encoding", "")).replace("-", "").lower()
    if text is None or encoding != "utf8":
        return  # Click's echo would mend a stream it finds misconfigured
    try:
        sys.stdout.write(text + "\n")  # as Click's echo; encoded whole, or not written
    except UnicodeError:
        return
    sys.stdout.flush()
    raise SystemExit(0)


def answer(environ: Mapping[str, str], argv: Sequence[str] = ("transition",)) -> str | None:
    """What the shell's script reads for the request in ``environ`` (Click's final newline
    aside), as Typer would print it; None when this cannot be sure of it. Fish asking
    only whether there are candidates gets ``SystemExit``."""
    from transition_cli.core.i18n import activate, choose

    action, _, shell = environ.get(complete_var(Path(argv[0]).name), "").partition("_")
    if action != "complete" or shell not in SHELLS or argv[1:]:
        return None  # a script's source, a shell Click does not know, --lang given
    activate(choose(None, environ))  # the language of the run, as the command line's
    args, incomplete = completion_args(shell, environ)
    if "--" in args or incomplete.startswith("-") or incomplete == "=":
        return None  # options' names and what follows "--" are Click's to read
    found = _names(args, incomplete, shell) if len(args) < 2 else _values(args, incomplete)
    if found is None:
        return None
    items, paths = found
    text = reply(shell, items, paths=paths,
                 fish_action=environ.get("_TYPER_COMPLETE_FISH_ACTION", ""))
    return None if "\x1b" in text else text  # Click's echo would strip it


# ---------------------------------------------------------------------------------------
# The line, as Typer's shell classes read it


def completion_args(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str]:
    """The words before the cursor (the program's name left out) and the word under it."""
    if shell == "bash":
        words = split_arg_string(environ["COMP_WORDS"])
        cword = int(environ["COMP_CWORD"])
        try:
            return words[1:cword], words[cword]
        except IndexError:
            return words[1:cword], ""
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    words = split_arg_string(line)
    if shell in ("powershell", "pwsh"):
        incomplete = environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        return (words[1:-1] if incomplete else words[1:]), incomplete
    if len(words) > 1 and not line.endswith(" "):
        return words[1:-1], words[-1]
    return words[1:], ""


def split_arg_string(string: str) -> list[str]:
    """Click's ``split_arg_string``: words as a POSIX shell splits them; an unfinished
    quote or escape is kept as typed."""
    import shlex

    lex = shlex.shlex(string, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out: list[str] = []
    try:
        out.extend(lex)
    except ValueError:
        out.append(lex.token)
    return out


# ---------------------------------------------------------------------------------------
# What the line asks for


def _names(args: list[str], incomplete: str, shell: str) -> tuple[Candidates, bool] | None:
    """Tab after the program's name: the commands and groups; after a group's name: its
    verbs. Their help is Click's short help of the help ``--help`` shows."""
    from transition_cli.core.i18n import english
    from transition_cli.ledger.kinds import GROUPS, JOURNAL_KINDS, group_help

    described = shell != "bash"
    if described and not english():
        return None  # help in the run's language: the command line translates it
    if not args:
        names = [name for name in (*COMMANDS, *GROUPS) if name.startswith(incomplete)]
        if described and any(name in COMMANDS for name in names):
            return None  # a command's help is the docstring in its module
        return [(name, short_help(group_help(name)) if described else "")
                for name in names], False
    if args[0] not in GROUPS:
        return None
    return [(kind.command.name, short_help(kind.command.doc) if described else "")
            for kind in JOURNAL_KINDS.values()
            if kind.command.group == args[0] and kind.command.name.startswith(incomplete)
            ], False


def _values(args: list[str], incomplete: str) -> tuple[Candidates, bool] | None:
    """Tab after a group and one of its verbs: the value under the cursor, read as the
    command Typer builds from the kind's declaration reads it (``cli/record_cmd.py``):
    FILE, then the kind's arguments, and its options, each taking one value."""
    from transition_cli.core.money import NEGATIVE
    from transition_cli.core.spec import List
    from transition_cli.ledger.kinds import FIELDS, JOURNAL_KINDS

    group, verb, *words = args
    kind = next((k for k in JOURNAL_KINDS.values()
                 if (k.command.group, k.command.name) == (group, verb)), None)
    if kind is None:
        return None
    options = {arg.option: arg for arg in kind.command.args if arg.option}
    arguments = [arg for arg in kind.command.args if arg.option is None]
    if any(isinstance(FIELDS[arg.field].type, List) for arg in arguments):
        return None  # an argument taking many values
    typed: list[str] = []  # FILE, then the kind's arguments
    values: dict[str, list[str]] = {}  # field -> the values given, in order
    wanting: Arg | None = None  # the option whose value is under the cursor
    n = 0
    while n < len(words):
        word = words[n]
        if not word.startswith("-") or NEGATIVE.match(word):  # -6000: an amount (_Parser)
            typed.append(word)
            n += 1
            continue
        option = options.get(word)
        if option is None:
            return None  # --date, --lang, --help, --ref=X: Typer knows them
        if n + 1 == len(words):
            wanting = option
        elif words[n + 1].startswith("-"):
            return None
        else:
            values.setdefault(option.field, []).append(words[n + 1])
        n += 2
    for arg, word in zip(arguments, typed[1:], strict=False):
        values.setdefault(arg.field, []).append(word)
    given = _given(values)
    if typed:
        given["file"] = Path(typed[0])
    if wanting is None and not typed:
        found = matching(lambda: toml_paths(incomplete), incomplete, match=False)
        return found, bool(found)
    if wanting is None and len(typed) > len(arguments):
        return [], False  # every argument given: Click offers the options' names only
    target = wanting if wanting is not None else arguments[len(typed) - 1]
    spec = FIELDS[target.field]
    if spec.offers:
        return matching(lambda: ids(kind.name, target.field, given.get("file"), given),
                        incomplete), False
    return matching(lambda: ((c, "") for c in _choices(target.field)), incomplete), False


def _choices(field: str) -> tuple[str, ...]:
    from transition_cli.core.spec import Str
    from transition_cli.ledger.kinds import FIELDS

    spec = FIELDS[field].type
    return spec.choices if isinstance(spec, Str) else ()


def _given(values: dict[str, list[str]]) -> dict[str, Any]:
    """The values given so far as the command hands them to completion: a list for a
    field of many, else the last given; a choice not among its choices is not given."""
    from transition_cli.core.spec import List
    from transition_cli.ledger.kinds import FIELDS

    given: dict[str, Any] = {}
    for field, words in values.items():
        if isinstance(FIELDS[field].type, List):
            given[field] = words
        elif not _choices(field) or words[-1] in _choices(field):
            given[field] = words[-1]
    return given


# ---------------------------------------------------------------------------------------
# Candidates (the command line's completers find theirs through these too)


def matching(find: Callable[[], Iterable[tuple[str, str]]], incomplete: str, *,
             match: bool = True) -> Candidates:
    """What ``find`` offers, those starting with what is typed (any case) unless ``match``
    is False, at most ``MAX_CANDIDATES``; once it fails, no more (a broken file offers
    nothing, and says nothing)."""
    out: Candidates = []
    with contextlib.suppress(Exception):
        typed = incomplete.casefold()
        for value, description in find():
            if match and not value.casefold().startswith(typed):
                continue
            out.append((value, description))
            if len(out) >= MAX_CANDIDATES:
                break
    return out


def toml_paths(incomplete: str) -> Iterator[tuple[str, str]]:
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


def ids(kind: str | None, field: str, path: Path | None, given: Mapping[str, Any]
        ) -> Candidates:
    """The ids a journal field offers (``ledger.kinds.COMPLETIONS``) in the plan at
    ``path``: for ``kind``'s command, or outside a recording (``log --milestone``) all."""
    from transition_cli.ledger.kinds import offered

    offer = plan_offer(path, kind, given)
    return offered(field, offer) if offer is not None else []


def plan_offer(path: Path | None, kind: str | None, given: Mapping[str, Any]
               ) -> Offer | None:
    """The plan at ``path``, replayed; None when there is none to read (missing, a
    folder, too large, not a plan)."""
    from transition_cli.core.model import Plan
    from transition_cli.files.loader import load_bytes
    from transition_cli.ledger.kinds import JOURNAL_KINDS, Offer

    if path is None or not path.is_file() or path.stat().st_size > MAX_PLAN_BYTES:
        return None
    doc = load_bytes(path.read_bytes(), str(path))
    if not isinstance(doc.plan, Plan):
        return None
    # The plan alone, without its call: reading the calls catalogue would double the
    # wait, and the ids, titles and amounts offered are all the plan's.
    return Offer(doc.plan, doc.state(None), JOURNAL_KINDS.get(kind or ""), dict(given))


def short_help(text: str, limit: int = 45) -> str:
    """Click's short help of a command (``make_default_short_help``): its first sentence,
    or as many words of its first paragraph as fit in ``limit``, then "..."."""
    words = text.split("\n\n", 1)[0].split()
    total = 0
    n = 0
    for n, word in enumerate(words):  # n is read after the loop
        total += len(word) + (n > 0)
        if total > limit:
            break
        if word[-1] == ".":
            return " ".join(words[:n + 1])
        if total == limit and n != len(words) - 1:
            break
    else:
        return " ".join(words)
    total += len("...")
    while n > 0:
        total -= len(words[n]) + (n > 0)
        if total <= limit:
            break
        n -= 1
    return " ".join(words[:n]) + "..."


# ---------------------------------------------------------------------------------------
# What each shell's script reads


def reply(shell: str, items: Sequence[tuple[str, str]], *, paths: bool = False,
          fish_action: str = "") -> str:
    """What ``shell``'s script reads for ``items``, values made safe for it (a name with
    spaces, a title with markup or escapes is inert). ``paths``: the items are TOML paths,
    which bash and PowerShell complete themselves (bash: folders without a trailing
    space) and zsh with ``_files``. Fish asking only whether there are any (``is-args``)
    gets its answer as the exit status (``SystemExit``), as from Typer's class."""
    if shell == "bash":
        return "" if paths else "\n".join(
            "".join("\\" + c if c in _SHELL_SPECIAL else c for c in value)
            for value, _ in items)
    if shell == "zsh":
        if paths:
            return "_files -g '*.toml'"
        if not items:
            return "_files"
        return "_arguments '*: :((" + "\n".join(
            f'"{_zsh(value)}":"{_zsh(described(help))}"' if help else f'"{_zsh(value)}"'
            for value, help in items) + "))'"
    if shell == "fish":
        if fish_action == "is-args":
            raise SystemExit(0 if items else 1)
        return "\n".join(f"{value}\t{described(help)}" if help else value
                         for value, help in items) if fish_action == "get-args" else ""
    return "" if paths else "\n".join(  # PowerShell
        f"{_powershell(value)}:::{described(help) or ' '}" for value, help in items)


_SHELL_SPECIAL = frozenset(" \t\"'\\$`!&;|<>()*?[]{}#~")


def described(text: str | None) -> str:
    """A description on one line, inert (no markup is read: Typer would parse it with
    Rich, at the cost of importing it)."""
    from transition_cli.core.text import inert

    return " ".join(inert(text or "").split())


def _zsh(text: str) -> str:
    return (text.replace('"', '""').replace("'", "''").replace("$", "\\$")
            .replace("`", "\\`").replace(":", r"\\:"))


def _powershell(value: str) -> str:
    if any(c in value for c in " '\"$`;,(){}@#&|<>"):
        return "'" + value.replace("'", "''") + "'"
    return value
