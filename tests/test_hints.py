"""Every hint names a command that exists (issue 16): each `transition ...` a hint, a rule's
fix or a refusal shows parses against the real command line, with its options and its
arguments, and no hint asks for an action that has no command ("remove this entry").

Two walks: every string of the source that shows a command (f-string values stand in as
placeholders), and every hint the rules give on a corpus that triggers each rule (the cases
of tests/test_rules.py, the examples, corrections gone wrong)."""

from __future__ import annotations

import ast
import datetime as dt
import re
import shlex
from pathlib import Path

import pytest
from typer._click.core import Command, Context
from typer._click.exceptions import BadParameter, UsageError
from typer.core import TyperGroup as Group
from typer.main import get_command

from conftest import STRATEGY
from test_rules import CASES, CATALOGUE, WARNING_CASES
from transition_cli import load_text
from transition_cli.check import check_paths
from transition_cli.cli import app
from transition_cli.files.calls import load_catalogue
from transition_cli.rules.registry import RULES

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "transition_cli"
COMMAND = re.compile(r"`(transition(?: [^`]*)?)`")
ROOT_COMMAND = get_command(app)
# Actions that once had no command; a hint now names the command instead.
NO_COMMAND = ("remove this entry", "release an earlier one")


PLACEHOLDER = re.compile(r"^(?:[A-Z][A-Z_]*|X1)$")  # FILE, KIND, or an f-string's value


def parse(command: str) -> None:
    """Parse ``transition ...`` as the command line does; raises UsageError. Usage notation
    is read as such: ``[--milestone ID]`` is an optional part, ``...`` more of the same, a
    shell redirection is the shell's; a placeholder (``KIND``) stands for any value."""
    command = command.split(" > ", maxsplit=1)[0].replace("[", "").replace("]", "")
    words = [w for w in shlex.split(command)[1:] if w != "..."]
    cmd: Command = ROOT_COMMAND
    name = "transition"
    while isinstance(cmd, Group):
        if not words:
            return  # a group named alone: `transition budget`
        found = cmd.get_command(Context(cmd), words[0])
        if found is None:
            raise UsageError(f"no command {words[0]!r} in {name}")
        name, cmd, words = words[0], found, words[1:]
    if not words:
        return  # a command named alone: `transition journal void` (a mention, not a hint)
    try:
        cmd.make_context(name, list(words))  # the parser consumes the list it gets
    except BadParameter as exc:
        # A placeholder where the command takes a choice or a number: `--kind KIND`, or a
        # value an f-string fills in (X1).
        opts = set(getattr(exc.param, "opts", ()))
        given = [words[i + 1] for i, w in enumerate(words[:-1]) if w in opts]
        if not given or not all(PLACEHOLDER.match(w) for w in given):
            raise


def _text(node: ast.AST) -> str | None:
    """A string expression as text, each f-string value as ``X1`` (a value a hint fills
    in); ``a + b`` of strings joined; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "X1" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _strings(node: ast.AST) -> list[tuple[int, str]]:
    """Every string expression of a module, outermost first (no part read twice)."""
    text = _text(node)
    if text is not None:
        return [(getattr(node, "lineno", 0), text)]
    return [s for child in ast.iter_child_nodes(node) for s in _strings(child)]


def _joined(path: Path) -> list[tuple[int, str]]:
    return _strings(ast.parse(path.read_text(encoding="utf-8")))


SHOWN = sorted({
    (str(path.relative_to(SOURCE)), line, match.group(1))
    for path in SOURCE.rglob("*.py") for line, text in _joined(path)
    if not text.startswith("#")  # a comment a scaffold writes says what wrote the file
    for match in COMMAND.finditer(text)
})


def test_the_source_shows_commands():
    assert len(SHOWN) > 30
    assert any("journal void" in c for _, _, c in SHOWN)
    assert any("budget release" in c for _, _, c in SHOWN)
    assert any("milestone reopen" in c for _, _, c in SHOWN)


@pytest.mark.parametrize(("module", "line", "command"), SHOWN,
                         ids=[f"{m}:{n}" for m, n, _ in SHOWN])
def test_every_command_the_source_shows_parses(module, line, command):
    try:
        parse(command)
    except UsageError as exc:  # pragma: no cover - the failure explains itself
        pytest.fail(f"{module}:{line}: `{command}` does not parse: {exc.format_message()}")


def test_every_rules_fix_names_commands_that_exist():
    for rule in RULES:
        for command in COMMAND.findall(rule.fix):
            parse(command)


# ---------------------------------------------------------------------------------------
# The hints the rules give


def _entries(*tables: str) -> str:
    return STRATEGY + "".join(f"\n[[journal]]\n{t.strip()}\n" for t in tables)


COMMIT = ('date = 2018-03-01\nkind = "budget.commit"\nenvelope = "expertise"\nref = "C1"\n'
          "amount = 100.00")
PAY = 'date = 2018-03-02\nkind = "budget.pay"\nenvelope = "expertise"\nref = "C1"\namount = 1'
RELEASE = ('date = 2018-03-03\nkind = "budget.release"\nenvelope = "expertise"\nref = "C1"\n'
           "amount = 200.00")
DONE = 'date = 2018-03-01\nkind = "milestone.done"\nmilestone = "M1"'
VOID = 'date = 2018-03-05\nkind = "journal.void"\nreason = "x"\nvoids = '

CORRECTIONS = {
    "a payment on a voided commitment": _entries(COMMIT, PAY, VOID + "1"),
    "a release above what is unpaid": _entries(COMMIT, RELEASE),
    "a payment on the wrong envelope": _entries(
        COMMIT, PAY.replace('envelope = "expertise"', 'envelope = "implementation"')),
    "done twice": _entries(DONE, DONE),
    "a reopen of a planned milestone": _entries(
        'date = 2018-03-01\nkind = "milestone.reopen"\nmilestone = "M1"\nreason = "x"'),
    "a void of nothing": _entries(VOID + "7"),
    "a repeated void": _entries(COMMIT, VOID + "1", VOID + "1"),
    "a void before its entry": _entries(COMMIT.replace("2018-03-01", "2018-04-01"),
                                        VOID + "1"),
    "an award where none is taken": _entries(
        'date = 2018-03-01\nkind = "budget.award"\nenvelope = "expertise"\namount = 1\n'
        'decision = "D"'),
}


def _hints() -> list[tuple[str, str]]:
    found = []
    corpus = {**{c: (t, dt.date(2018, 2, 1)) for c, t in CASES.items()}, **WARNING_CASES,
              **{c: (t, dt.date(2018, 2, 1)) for c, t in CORRECTIONS.items()}}
    for case, (text, as_of) in corpus.items():
        for f in load_text(text, "s.toml", catalogue=CATALOGUE, as_of=as_of).findings:
            found.append((f"{case}: {f.code}", f.hint or ""))
    result = check_paths([ROOT / "examples"], load_catalogue(), dt.date(2020, 6, 30))
    found += [(f"examples: {f.code}", f.hint or "") for f in result.findings]
    return found


HINTS = _hints()


def test_the_corpus_reaches_every_rule():
    seen = {case.split(": ")[-1] for case, _ in HINTS}
    plan_rules = {r.code for r in RULES if "strategy" in r.kinds and r.code[0] != "F"}
    assert plan_rules - seen == set()


@pytest.mark.parametrize(("case", "hint"), HINTS, ids=[c for c, _ in HINTS])
def test_every_hint_names_commands_that_parse_and_no_action_without_one(case, hint):
    assert not any(phrase in hint for phrase in NO_COMMAND), hint
    for command in COMMAND.findall(hint):
        parse(command)


def test_a_wrong_command_in_a_hint_would_fail_here():
    for wrong in ("transition journal remove s.toml 3", "transition budget release s.toml",
                  "transition milestone reopen s.toml M1 --why x"):
        with pytest.raises(UsageError):
            parse(wrong)
