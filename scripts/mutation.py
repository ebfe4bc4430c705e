"""Mutation check: small realistic changes to the code that holds money, dates, rules, the
journal writer and the views, one at a time; each must make a test fail (docs/TESTING.md).

    .venv/bin/pip install -e '.[dev,mutation]'
    .venv/bin/python scripts/mutation.py                 # every module below (~2 h)
    .venv/bin/python scripts/mutation.py --module views.py --sample 50 --seed 3
    .venv/bin/python scripts/mutation.py --list          # the mutants, without running

How it stays fast on two cores, with one worker:

* **Only the tests that can see a mutant run.** A first pass runs the whole suite once
  under coverage.py, with each test as its own coverage context, and keeps, for every line
  of the modules below, the tests that ran it (cached in ``.mutation/`` until ``src/`` or
  ``tests/`` change). A mutant runs the tests that ran its line, fastest first, stopping at
  the first failure. A line run only on import (a module's constant, a default value, a
  class's field) runs the tests that exercise what it defines (``TestMap._users``).
* **No start-up per mutant.** The runner imports pytest and the third-party libraries once,
  then forks a child per mutant that imports the package from a copy of ``src/`` holding
  the mutant (never the work tree: an interrupted run leaves no mutant behind).

A mutant is killed when a selected test fails, errors or runs past its time limit. Tests
that start ``transition`` as a subprocess are not seen by coverage, so they are never
selected: a mutant only they would kill is reported as a survivor (conservative).

The mutation operators are the realistic slips the hand-made run of issue 20 found:
a comparison one step off (``<``/``<=``, ``>``/``>=``, ``==``/``!=``, ``in``/``not in``,
``is``/``is not``), ``and``/``or``, a dropped ``not``, arithmetic swapped (``+``/``-``,
``*``/``/``, ``//``/``/``), a whole number one more, ``True``/``False``, a clamp or a
sanitiser dropped (``max(x, 0)`` -> ``x``, ``inert(x)`` -> ``x``) and a statement whose
value is discarded (a call) dropped. Docstrings, annotations and the text of messages are
not mutated: exact-message tests kill those trivially and they would only inflate the score.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "transition_cli"
CACHE = ROOT / ".mutation"

# The modules under test and why: each holds money, dates, a rule, the journal writer or a
# view. "FILE:FUNCTION" limits a module to one function (its other parts are covered by
# other checks, or hold no judgement). See docs/TESTING.md.
MODULES: tuple[str, ...] = (
    "core/money.py",  # parsing and writing amounts and days: the limits, the cents
    "ledger/state.py",  # derived state: remaining, share, late, gate open, expert charge
    "ledger/replay.py",  # which entries are in force (voids, --as-of)
    "rules/journal.py",  # J rules: caps, payments, gates, awards, voids
    "rules/plan.py",  # R, P, B, C rules: dates, budget shares, deadlines
    "render/machine.py:render_junit",  # JUnit: hostile text stays inert (the case)
    "due.py",  # what is due, overdue
    "views.py",  # status: red/amber/green, forecast, late days
    "record.py",  # the journal writer: what is appended, what is refused
)

# Mutants that cannot change behaviour, each with why (docs/TESTING.md lists them):
# (file, function, original -> mutant text) as the report prints them.
_SLOTS = ("slots only changes how the fields are stored: no code sets an attribute the "
          "record does not declare, reads its __dict__ or pickles it (slots=False is there "
          "because such a class is cheaper to define at import)")
_CENT = ("CENT is only ever passed to quantize(), which takes its exponent alone: "
         "0.02 has the exponent of 0.01")
_WINDOW = ("the test only spares computing the state the day before the pace window; when "
           "no entry is dated before the window, that state has nothing committed and "
           "\"grown\" is the same either way")
EQUIVALENT: dict[tuple[str, str, str], str] = {
    ("core/money.py", "<module>", "Decimal('0.01') -> Decimal('0.02')"): _CENT,
    ("views.py", "<module>", "Decimal('0.01') -> Decimal('0.02')"): _CENT,
    ("core/money.py", "Written", "False -> True"):
        "currency: both constructor calls pass it (the default is never used)",
    ("core/money.py", "parse_whole", "0 -> 1"):
        "minimum: the one call (cli/record_cmd.py) always passes it",
    ("due.py", "DueItem", "slots=True -> slots=False"):
        "a frozen dataclass either way: no attribute can be set; nothing reads __dict__",
    ("due.py", "DueList", "slots=True -> slots=False"):
        "a frozen dataclass either way: no attribute can be set; nothing reads __dict__",
    ("ledger/state.py", "Award", "slots=False -> slots=True"): _SLOTS,
    ("ledger/state.py", "EnvelopeState", "slots=False -> slots=True"): _SLOTS,
    ("ledger/state.py", "ExpertState", "slots=False -> slots=True"): _SLOTS,
    ("ledger/state.py", "IndicatorState", "slots=False -> slots=True"): _SLOTS,
    ("ledger/state.py", "IndicatorState", "frozen=False -> frozen=True"):
        "no field of an indicator's state is assigned after construction (its readings "
        "list is appended to in place)",
    ("ledger/state.py", "EnvelopeState", "False -> True"):
        "gated, expert_days: the one constructor call (ledger/replay.py derive) passes both",
    ("record.py", "Recorded", "slots=False -> slots=True"): _SLOTS,
    ("record.py", "Recorded", "0 -> 1"):
        "existing_errors: the one constructor call (record.record) passes it",
    ("record.py", "LogFilter", "slots=False -> slots=True"): _SLOTS,
    ("views.py", "Forecast", "0 -> 1"):
        "entries, span_days: the one constructor call (forecast) passes every field",
    ("views.py", "StatusReport", "0 -> 1"):
        "entries: the one constructor call (status) passes it",
    ("views.py", "Portfolio", "repr=False -> repr=True"):
        "no output shows a Portfolio's repr (it only shortens one in a debugger)",
    ("views.py", "CallTotal", "False -> True"):
        "budget_derived: the one constructor call (_call_totals) passes it",
    ("views.py", "_envelopes", "e.date < window_start -> e.date <= window_start"): _WINDOW,
    ("views.py", "_envelopes", "plan.journal and any((e.date < window_start for e in "
     "plan.journal)) -> plan.journal or any((e.date < window_start for e in plan.journal))"):
        _WINDOW,
    ("views.py", "_money", "e.kind.startswith('budget.') and isinstance(amount, Decimal) -> "
     "e.kind.startswith('budget.') or isinstance(amount, Decimal)"):
        "every budget entry in force has a Decimal amount (an entry without one is left out "
        "of the journal for its own error) and no other kind has an amount (a stray key is "
        "left out, S003): the isinstance only narrows the type",
    ("rules/journal.py", "_added_by_voided", "added is not None and kind is not None and "
     "kind.introduces and kind.subject -> added is not None or kind is not None or "
     "kind.introduces or kind.subject"):
        "an entry a void cancels is always in the journal with a known kind (one of an "
        "unknown kind is left out for S002), and a kind that adds no id only adds a key "
        "(no namespace, ...) that no lookup by a namespace ever finds",
    ("rules/journal.py", "journal_voids", "number - 1 > e.index -> number - 1 >= e.index"):
        "the case of equality (a void naming itself) is caught by the test just before",
    ("rules/plan.py", "nearly_spent", "0 -> 1"):
        "every envelope in the state comes from the plan's envelopes, so index.get() always "
        "finds it and its default is never used",
}

IMPORT_TESTS = 100  # tests run for a mutant on a line run only on import (see tests_for)
SANITISERS = {"inert", "_text", "_opt", "escape_data", "escape_property", "diagnostic",
              "max", "min", "abs", "sorted"}
COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
BINOP_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
}


@dataclass
class Mutant:
    file: str  # relative to the package, e.g. "views.py"
    line: int
    end_line: int
    col: int
    end_col: int
    function: str
    original: str  # the expression or statement, one line
    replacement: str  # what replaces it, one line
    operator: str
    keyword: str = ""  # the keyword argument whose value this is (shown, not applied)

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}:{self.col}:{self.operator}"

    @property
    def change(self) -> str:
        if self.keyword:
            return f"{self.keyword}={self.original} -> {self.keyword}={self.replacement}"
        return f"{self.original} -> {self.replacement}"

    def apply(self, source: str) -> str:
        """The module with this mutant, line numbers kept (a multi-line expression keeps
        its line breaks inside parentheses)."""
        lines = source.splitlines(keepends=True)
        start = len("".join(lines[:self.line - 1]).encode()) + self.col
        end = len("".join(lines[:self.end_line - 1]).encode()) + self.end_col
        data = source.encode()
        padding = "\n" * (self.end_line - self.line)
        text = self.replacement if self.operator == "drop-statement" else \
            f"({self.replacement}{padding})"
        if self.operator == "drop-statement":
            text += padding
        return (data[:start] + text.encode() + data[end:]).decode()


# ---------------------------------------------------------------------------------------
# Generating mutants


def _one_line(node: ast.AST) -> str:
    return " ".join(ast.unparse(node).split())


def _textual(node: ast.AST) -> bool:
    """Text for sure (a string, an f-string, a choice or a sum of them): ``+`` joins text
    there, and ``-`` would only raise a TypeError that any test kills."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.IfExp):
        return _textual(node.body) or _textual(node.orelse)
    if isinstance(node, ast.BinOp):
        return _textual(node.left) or _textual(node.right)
    return False


class _Finder(ast.NodeVisitor):
    def __init__(self, file: str, only: str | None) -> None:
        self.file, self.only = file, only
        self.stack: list[str] = []
        self.found: list[Mutant] = []

    def _in_scope(self) -> bool:
        return self.only is None or (bool(self.stack) and self.stack[0] == self.only)

    def _add(self, node: ast.AST, new: ast.AST | str, operator: str) -> None:
        if not self._in_scope():
            return
        replacement = new if isinstance(new, str) else _one_line(new)
        original = _one_line(node)
        if replacement == original:
            return
        self.found.append(Mutant(
            self.file, node.lineno, node.end_lineno or node.lineno,  # type: ignore[attr-defined]
            node.col_offset, node.end_col_offset or 0,  # type: ignore[attr-defined]
            ".".join(self.stack) or "<module>", original, replacement, operator))

    # Scopes; what is never mutated
    def _scope(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        # Decorators and default values run where the definition is, yet belong to it: a
        # mutant in them is reported "in" the function or class they define.
        self.stack.append(node.name)
        header = list(node.decorator_list)
        if not isinstance(node, ast.ClassDef):
            header += [d for d in [*node.args.defaults, *node.args.kw_defaults] if d is not None]
        for part in header:
            self.visit(part)
        for stmt in node.body:
            self.visit(stmt)
        self.stack.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scope

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:  # the annotation: not code
        if node.value is not None:
            self.visit(node.value)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:  # message text: not mutated
        return

    def visit_If(self, node: ast.If) -> None:
        if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            return
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant):
            return  # a docstring
        if isinstance(node.value, ast.Call):
            self._add(node, "pass", "drop-statement")
        self.generic_visit(node)

    # Operators
    def visit_Compare(self, node: ast.Compare) -> None:
        for i, op in enumerate(node.ops):
            swap = COMPARE_SWAPS.get(type(op))
            if swap is not None:
                ops = list(node.ops)
                ops[i] = swap()
                self._add(node, ast.Compare(node.left, ops, node.comparators), "compare")
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        swap = BINOP_SWAPS.get(type(node.op))
        textual = _textual(node.left) or _textual(node.right)
        if swap is not None and not textual:
            self._add(node, ast.BinOp(node.left, swap(), node.right), "arithmetic")
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        self._add(node, ast.BoolOp(other, node.values), "boolean")
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not):
            self._add(node, node.operand, "drop-not")
        self.generic_visit(node)

    def visit_keyword(self, node: ast.keyword) -> None:
        if isinstance(node.value, ast.Constant) and node.arg:
            before = len(self.found)
            self.visit(node.value)
            for m in self.found[before:]:  # slots=False -> slots=True, not False -> True
                m.keyword = node.arg
            return
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if node.value is True or node.value is False:
            self._add(node, ast.Constant(not node.value), "boolean-constant")
        elif isinstance(node.value, int) and not isinstance(node.value, bool):
            self._add(node, ast.Constant(node.value + 1), "number")

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else (
            node.func.attr if isinstance(node.func, ast.Attribute) else "")
        if name in SANITISERS and node.args and not isinstance(node.args[0], ast.Starred):
            self._add(node, node.args[0], f"drop-{name}")
        if name == "Decimal":  # Decimal("0.9"): the literal is the value, not a message
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    with contextlib.suppress(ArithmeticError, ValueError):
                        from decimal import Decimal
                        value = Decimal(arg.value)
                        step = Decimal(1).scaleb(value.as_tuple().exponent)  # type: ignore[arg-type]
                        self._add(node, ast.Call(node.func, [ast.Constant(str(value + step))],
                                                 []), "number")
            return
        self.generic_visit(node)


def mutants_of(spec: str) -> list[Mutant]:
    file, _, only = spec.partition(":")
    source = (PACKAGE / file).read_text(encoding="utf-8")
    tree = ast.parse(source)
    finder = _Finder(file, only or None)
    finder.visit(tree)
    out = []
    original = ast.dump(tree)
    for m in finder.found:
        try:
            mutated = ast.parse(m.apply(source))
        except SyntaxError:
            continue
        if ast.dump(mutated) != original:
            out.append(m)
    return out


# ---------------------------------------------------------------------------------------
# Which tests see which line: one coverage run, cached


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in (PACKAGE, ROOT / "tests"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _span(node: ast.AST) -> tuple[int, int]:
    """The lines of a definition, its decorators included."""
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])  # type: ignore[attr-defined]
    return first, node.end_lineno or node.lineno  # type: ignore[attr-defined]


def _header(stmt: ast.stmt) -> range:
    """The lines a statement runs itself: all of a simple one, the header of a compound one."""
    body = getattr(stmt, "body", None)
    end = stmt.end_lineno or stmt.lineno
    if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
        end = max(stmt.lineno, body[0].lineno - 1)
    return range(stmt.lineno, end + 1)


class Uses:
    """Where the package reads each name, and its definitions: what a line run only on
    import (a constant, a default value, a class's fields) is for."""

    def __init__(self) -> None:
        self.trees: dict[str, ast.Module] = {}
        self.reads: dict[str, set[tuple[str, int]]] = {}
        for path in sorted(PACKAGE.rglob("*.py")):
            file = path.relative_to(PACKAGE).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            self.trees[file] = tree
            self._index(file, tree)

    def _index(self, file: str, tree: ast.Module) -> None:
        def visit(node: ast.AST, lines: range) -> None:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                return
            if isinstance(node, ast.stmt):
                lines = _header(node)
            name = node.id if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) \
                else node.attr if isinstance(node, ast.Attribute) else None
            if name is not None:
                self.reads.setdefault(name, set()).update((file, n) for n in lines)
            for child in ast.iter_child_nodes(node):
                visit(child, lines)

        visit(tree, range(0))

    def definitions(self, file: str, line: int) -> list[ast.AST]:
        """The functions and classes holding ``line``, outermost first."""
        found: list[ast.AST] = []
        nodes: list[ast.AST] = list(self.trees[file].body)
        while nodes:
            node = nodes.pop(0)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                first, last = _span(node)
                if first <= line <= last:
                    found.append(node)
                    nodes = list(node.body)
        return found

    def statement(self, file: str, line: int) -> ast.stmt | None:
        """The module-level statement holding ``line``."""
        for stmt in self.trees[file].body:
            if stmt.lineno <= line <= (stmt.end_lineno or stmt.lineno):
                return stmt
        return None


def _assigned(stmt: ast.stmt) -> set[str]:
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = list(stmt.targets)
    elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        targets = [stmt.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


@dataclass
class TestMap:
    lines: dict[str, dict[int, list[str]]]  # file -> line -> test ids (the whole package)
    durations: dict[str, float]  # test id -> seconds (setup + call + teardown)
    failing: list[str] = field(default_factory=list)  # failed before any mutant: never used
    uses: Uses = field(default_factory=Uses)

    def _ran(self, file: str, lines: range | list[int]) -> set[str]:
        per_line = self.lines.get(file, {})
        return {t for line in lines for t in per_line.get(line, ()) if t}

    def _users(self, file: str, line: int, seen: set[tuple[str, int]]) -> set[str]:
        """The tests that exercise what a line run only on import defines: a function's
        default value or decorator -> the tests that ran its body; a class's field or
        decorator -> the tests that ran its methods or a line naming the class; a module
        constant -> the tests that ran a line reading it (followed through constants built
        from it, and default values)."""
        if (file, line) in seen:
            return set()
        seen.add((file, line))
        definitions = self.uses.definitions(file, line)
        if definitions:
            inner = definitions[-1]
            first, last = _span(inner)
            if isinstance(inner, ast.ClassDef):
                tests = self._ran(file, range(first, last + 1))
                for where in sorted(self.uses.reads.get(inner.name, ())):
                    tests |= self._ran(where[0], [where[1]]) or self._users(*where, seen)
                return tests
            body = inner.body[0].lineno  # type: ignore[attr-defined]
            if line < body:  # the header: a default value, a decorator
                return self._ran(file, range(body, last + 1))
            return set()  # inside a body yet run on import: nothing to follow
        stmt = self.uses.statement(file, line)
        if stmt is None:
            return set()
        found: set[str] = set()
        for name in sorted(_assigned(stmt)):
            for where_file, where_line in sorted(self.uses.reads.get(name, ())):
                if stmt.lineno <= where_line <= (stmt.end_lineno or stmt.lineno) \
                        and where_file == file:
                    continue
                ran = self._ran(where_file, [where_line])
                found |= ran or self._users(where_file, where_line, seen)
        return found

    def tests_for(self, m: Mutant) -> list[str]:
        """The tests that ran the mutant's lines. For a line run only on import, the tests
        that exercise what it defines (``_users``); failing that, the fastest IMPORT_TESTS
        tests that ran any line of its module."""
        per_line = self.lines.get(m.file, {})
        span = range(m.line, m.end_line + 1)
        tests = self._ran(m.file, span)
        on_import = not tests and any("" in per_line.get(line, ()) for line in span)
        capped = False
        if on_import:
            tests = self._users(m.file, m.line, set())
            if not tests:
                tests, capped = {t for ids in per_line.values() for t in ids if t}, True
        usable = sorted(tests - set(self.failing), key=lambda t: (self.durations.get(t, 1.0), t))
        # A module's whole test set runs to hundreds of tests (minutes per survivor): the
        # fastest IMPORT_TESTS of them; a mutant they miss is reported, never hidden.
        return usable[:IMPORT_TESTS] if capped else usable


def _coverage_child(out: Path) -> None:
    """Run the suite under coverage, each test its own context (in a subprocess)."""
    import coverage
    import pytest

    cov = coverage.Coverage(data_file=str(out.with_suffix(".sqlite")), branch=False,
                            include=[str(PACKAGE / "*")])  # all: where constants are read
    durations: dict[str, float] = {}
    failing: list[str] = []

    class Contexts:
        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_protocol(self, item, nextitem):  # type: ignore[no-untyped-def]
            cov.switch_context(item.nodeid)
            started = time.perf_counter()
            yield
            durations[item.nodeid] = time.perf_counter() - started
            cov.switch_context("")

        def pytest_runtest_logreport(self, report):  # type: ignore[no-untyped-def]
            if report.failed:
                failing.append(report.nodeid)

    cov.start()
    code = pytest.main(["-q", "-p", "no:cacheprovider", "tests"], plugins=[Contexts()])
    cov.stop()
    cov.save()
    data = cov.get_data()
    lines: dict[str, dict[int, list[str]]] = {}
    for measured in data.measured_files():
        file = Path(measured).resolve().relative_to(PACKAGE).as_posix()
        per_line: dict[int, list[str]] = {}
        for line, contexts in data.contexts_by_lineno(measured).items():
            per_line[line] = sorted(contexts)  # "": run on import, outside any test
        lines[file] = per_line
    out.write_text(json.dumps({"lines": lines, "durations": durations, "failing": failing,
                               "exit": int(code)}), encoding="utf-8")


def test_map(refresh: bool) -> TestMap:
    CACHE.mkdir(exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n", encoding="utf-8")
    files = repr(["v2", *sorted(MODULES)]).encode()
    out = CACHE / f"tests-{_fingerprint()}-{hashlib.sha256(files).hexdigest()[:8]}.json"
    if refresh or not out.exists():
        for old in CACHE.glob("tests-*"):
            old.unlink()
        print("mapping lines to tests: the whole suite once under coverage (a few minutes)",
              file=sys.stderr, flush=True)
        started = time.perf_counter()
        import subprocess

        subprocess.run([sys.executable, __file__, "--coverage-child", str(out)], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
        print(f"  mapped in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    data = json.loads(out.read_text(encoding="utf-8"))
    lines = {f: {int(k): v for k, v in per.items()} for f, per in data["lines"].items()}
    if data["failing"]:
        print(f"warning: {len(data['failing'])} tests fail without any mutant; they are not "
              "used: " + ", ".join(data["failing"][:5]), file=sys.stderr)
    return TestMap(lines, data["durations"], data["failing"])


# ---------------------------------------------------------------------------------------
# Running mutants: fork a child per mutant from a runner that imported the libraries once


PRELOAD = ("pytest", "_pytest.pytester", "hypothesis", "hypothesis.strategies", "typer",
           "typer.testing", "click", "rich.console", "rich.table", "rich.text", "rich.progress",
           "tomli_w", "toml_rs", "pathspec", "icalendar", "jsonschema", "xml.etree.ElementTree",
           "decimal", "csv", "json", "subprocess", "shlex")


@dataclass
class Outcome:
    mutant: Mutant
    status: str  # killed, survived, timeout, no-tests, equivalent (listed: not run)
    tests: int
    seconds: float
    killer: str = ""


def _run_child(copy: Path, tests: list[str], killer: Path) -> None:
    """In the forked child: import the package from ``copy``, run ``tests``."""
    sys.path.insert(0, str(copy))
    os.environ["PYTHONPATH"] = str(copy) + os.pathsep + os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    sys.dont_write_bytecode = True
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    import pytest

    class First:
        def pytest_runtest_logreport(self, report):  # type: ignore[no-untyped-def]
            if report.failed and not killer.exists():
                killer.write_text(report.nodeid, encoding="utf-8")

    code = pytest.main(["-x", "-q", "-p", "no:cacheprovider", "--no-header",
                        "-o", "addopts=", *tests], plugins=[First()])
    os._exit(int(code))


def run_mutant(m: Mutant, tests: list[str], copy: Path, durations: dict[str, float],
               timeout_factor: float) -> Outcome:
    if not tests:
        return Outcome(m, "no-tests", 0, 0.0)
    target = copy / "transition_cli" / m.file
    original = (PACKAGE / m.file).read_text(encoding="utf-8")
    target.write_text(m.apply(original), encoding="utf-8")
    for stale in (target.parent / "__pycache__").glob(target.stem + ".*"):
        stale.unlink()
    report = copy.parent / "killer.txt"
    report.unlink(missing_ok=True)
    limit = 10 + timeout_factor * sum(durations.get(t, 1.0) for t in tests)
    started = time.perf_counter()
    try:
        pid = os.fork()
        if pid == 0:  # the child
            try:
                os.setsid()
                _run_child(copy, tests, report)
            finally:
                os._exit(70)
        status = None
        while time.perf_counter() - started < limit:
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(code)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        if status is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return Outcome(m, "timeout", len(tests), seconds)
        killer = report.read_text(encoding="utf-8") if report.exists() else ""
        return Outcome(m, "survived" if status == 0 else "killed", len(tests), seconds, killer)
    finally:
        target.write_text(original, encoding="utf-8")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--module", action="append", default=[],
                        help="only this module (as listed in MODULES, e.g. views.py); repeat")
    parser.add_argument("--sample", type=int, help="run a random sample of N mutants")
    parser.add_argument("--seed", type=int, default=0, help="the sample's seed")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--refresh", action="store_true", help="map lines to tests again")
    parser.add_argument("--timeout-factor", type=float, default=3.0,
                        help="a mutant's time limit: 10 s + this x its tests' usual time")
    parser.add_argument("--json", type=Path, help="also write every outcome to this file")
    parser.add_argument("--resume", action="store_true",
                        help="with --json: skip the mutants that file already has an outcome "
                        "for (a run stopped half way goes on)")
    parser.add_argument("--again", type=Path, metavar="JSON",
                        help="run only the mutants that survived in this --json file "
                        "(after adding tests); the others keep their outcome")
    parser.add_argument("--run-equivalent", action="store_true",
                        help="run the mutants EQUIVALENT lists too (each must survive; one "
                        "that a test kills is not equivalent: take it off the list)")
    parser.add_argument("--coverage-child", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.coverage_child:
        _coverage_child(args.coverage_child)
        return 0

    chosen = [s for s in MODULES if not args.module
              or s in args.module or s.partition(":")[0] in args.module]
    if not chosen:
        parser.error(f"--module: one of {', '.join(MODULES)}")
    mutants = [m for spec in chosen for m in mutants_of(spec)]
    if args.sample is not None and args.sample < len(mutants):
        mutants = sorted(random.Random(args.seed).sample(mutants, args.sample),
                         key=lambda m: (m.file, m.line, m.col))
    earlier: list[dict[str, object]] = []
    if args.again:
        earlier = json.loads(args.again.read_text(encoding="utf-8"))
        again = {o["id"] for o in earlier if o["status"] not in ("killed", "timeout")}
        mutants = [m for m in mutants if m.id in again]
    if args.resume and args.json and args.json.exists():
        earlier = json.loads(args.json.read_text(encoding="utf-8"))
        seen = {o["id"] for o in earlier}
        mutants = [m for m in mutants if m.id not in seen]
    if args.list:
        for m in mutants:
            print(f"{m.file}:{m.line}  [{m.operator}] {m.change}")
        print(f"{len(mutants)} mutants")
        return 0

    tests = test_map(args.refresh)
    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            __import__(name)
    assert "transition_cli" not in sys.modules, "the runner must not import the package"

    outcomes: list[Outcome] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(PACKAGE, copy / "transition_cli",
                        ignore=shutil.ignore_patterns("__pycache__"))
        import compileall

        compileall.compile_dir(copy, quiet=1)
        for n, m in enumerate(mutants, start=1):
            listed = (m.file, m.function, m.change) in EQUIVALENT
            selected = [] if listed and not args.run_equivalent else tests.tests_for(m)
            outcome = (Outcome(m, "equivalent", 0, 0.0) if listed and not args.run_equivalent
                       else run_mutant(m, selected, copy, tests.durations, args.timeout_factor))
            outcomes.append(outcome)
            if args.json:  # as it goes: a run stopped half way keeps what it found
                _save(args.json, earlier, outcomes)
            print(f"[{n}/{len(mutants)}] {outcome.status:8} {outcome.seconds:5.1f}s "
                  f"{len(selected):4} tests  {m.file}:{m.line} {m.change}",
                  file=sys.stderr, flush=True)
    wall = time.perf_counter() - started
    if earlier:  # the mutants not run again keep their earlier outcome
        rerun = {o.mutant.id for o in outcomes}
        every = {m.id: m for spec in chosen for m in mutants_of(spec)}
        outcomes = [Outcome(every[str(o["id"])], str(o["status"]), int(str(o["tests"])),
                            float(str(o["seconds"])), str(o["killer"]))
                    for o in earlier if o["id"] not in rerun and o["id"] in every] + outcomes
    return report(outcomes, chosen, wall, args.json)


def _record(o: Outcome) -> dict[str, object]:
    return {"id": o.mutant.id, "file": o.mutant.file, "line": o.mutant.line,
            "function": o.mutant.function, "change": o.mutant.change, "status": o.status,
            "tests": o.tests, "seconds": round(o.seconds, 2), "killer": o.killer}


def _save(path: Path, earlier: list[dict[str, object]], outcomes: list[Outcome]) -> None:
    mine = {o.mutant.id for o in outcomes}
    rows = [o for o in earlier if o["id"] not in mine] + [_record(o) for o in outcomes]
    path.write_text(json.dumps(rows, indent=1), encoding="utf-8")


def report(outcomes: list[Outcome], chosen: list[str], wall: float, out: Path | None) -> int:
    print()
    print(f"{'module':34} {'mutants':>7} {'equiv.':>6} {'killed':>6} {'survived':>8} "
          f"{'score':>6}")
    total = [0, 0, 0, 0]
    survivors: list[Outcome] = []
    for spec in chosen:
        file = spec.partition(":")[0]
        mine = [o for o in outcomes if o.mutant.file == file]
        equivalent = [o for o in mine if o.status not in ("killed", "timeout")
                      and (file, o.mutant.function, o.mutant.change) in EQUIVALENT]
        killed = [o for o in mine if o.status in ("killed", "timeout")]
        lost = [o for o in mine if o not in killed and o not in equivalent]
        survivors += lost
        counted = len(mine) - len(equivalent)
        score = f"{100 * len(killed) / counted:.1f}%" if counted else "-"
        print(f"{spec:34} {len(mine):7} {len(equivalent):6} {len(killed):6} {len(lost):8} "
              f"{score:>6}")
        for i, n in enumerate((len(mine), len(equivalent), len(killed), len(lost))):
            total[i] += n
    counted = total[0] - total[1]
    overall = 100 * total[2] / counted if counted else 100.0
    print(f"{'all':34} {total[0]:7} {total[1]:6} {total[2]:6} {total[3]:8} {overall:5.1f}%")
    print(f"\n{total[0]} mutants, {counted} can change behaviour, {total[2]} killed: "
          f"{overall:.1f}% in {wall / 60:.1f} min")
    wrong = [o for o in outcomes if o.status in ("killed", "timeout")
             and (o.mutant.file, o.mutant.function, o.mutant.change) in EQUIVALENT]
    for o in wrong:
        print(f"warning: {o.mutant.file}:{o.mutant.line} {o.mutant.change} is listed as "
              f"equivalent, yet {o.killer or 'a test'} kills it: take it off the list")
    if survivors:
        print("\nSurvivors (kill each with a test, or explain it in docs/TESTING.md):")
        for o in survivors:
            why = " (no test runs this line)" if o.status == "no-tests" else ""
            print(f"  src/transition_cli/{o.mutant.file}:{o.mutant.line}:{o.mutant.col} in "
                  f"{o.mutant.function}: {o.mutant.change}{why}")
    if out is not None:
        _save(out, [], outcomes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
