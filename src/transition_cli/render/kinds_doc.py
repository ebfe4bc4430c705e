"""The journal kinds as documentation, from the registry: the table of kinds and their keys
(docs/FORMAT.md) and the table of recording commands (docs/RECORDING.md).

Both docs hold the generated table between two markers; ``tests/test_kinds.py`` fails when
a table is stale, and ``UPDATE_SNAPSHOTS=1`` rewrites it.
"""

from __future__ import annotations

from transition_cli.core.spec import List, Str
from transition_cli.ledger.kinds import FIELDS, JOURNAL_KINDS, Arg, JournalKind


def _key(kind: JournalKind, name: str) -> str:
    text = f"`{name}`"
    if name == kind.subject and kind.introduces:
        text += " (new)"
    return text


def kinds_table() -> str:
    """``| kind | what it records | required keys | optional keys |``"""
    lines = ["| kind | what it records | required keys | optional keys |",
             "| --- | --- | --- | --- |"]
    for kind in JOURNAL_KINDS.values():
        summary = kind.summary
        if kind.plans != ("strategy", "partnership"):
            summary = summary.removesuffix(".") + " (" + ", ".join(
                f"{p} files" for p in kind.plans) + " only)."
        lines.append(
            f"| `{kind.name}` | {summary} | "
            + ", ".join(_key(kind, n) for n in kind.required) + " | "
            + (", ".join(_key(kind, n) for n in (*kind.optional, "note"))) + " |")
    return "\n".join(lines) + "\n"


def metavar(arg: Arg) -> str:
    """How help and docs show a field's value: its metavar, its choices, or NAME."""
    spec = FIELDS[arg.field].type
    if isinstance(spec, Str) and spec.choices:
        return "|".join(spec.choices)
    return arg.metavar or arg.field.upper()


def _usage(kind: JournalKind, arg: Arg) -> str:
    many = " ..." if isinstance(FIELDS[arg.field].type, List) else ""
    text = metavar(arg) if arg.option is None else f"{arg.option} {metavar(arg)}{many}"
    return text if arg.field in kind.required and not arg.default else f"[{text}]"


def usage(kind: JournalKind) -> str:
    """``transition budget commit FILE ENVELOPE AMOUNT --ref REF [--milestone ID]``"""
    return " ".join(("transition", kind.command.words, "FILE",
                     *(_usage(kind, a) for a in kind.command.args)))


def commands_table() -> str:
    """``| command | records (journal kind) |``"""
    lines = ["| command | records (journal `kind`) |", "| --- | --- |"]
    for kind in JOURNAL_KINDS.values():
        shown = usage(kind).replace("|", "\\|")
        lines.append(f"| `{shown}` | `{kind.name}`: {kind.summary} |")
    return "\n".join(lines) + "\n"


def replace_between(text: str, marker: str, body: str) -> str:
    """``text`` with what stands between ``<!-- marker:start -->`` and ``<!-- marker:end
    -->`` replaced by ``body``."""
    start, end = f"<!-- {marker}:start -->\n", f"<!-- {marker}:end -->"
    head, found, rest = text.partition(start)
    if not found or end not in rest:
        raise ValueError(f"no {start.strip()} ... {end} block")
    return head + start + body + end + rest.split(end, 1)[1]
