"""Fuzzing: whole documents, valid and subtly broken, and random command sequences.

What users rely on: whatever the file holds and whatever they type, every command ends
with exit 0, 1 or 2 and a message, never a traceback; a valid file checks clean.

Sizes: ``HYPOTHESIS_PROFILE=ci`` (100 examples per test) in CI, ``dev`` (50) by default,
and a nightly run of 10,000 examples per test::

    HYPOTHESIS_PROFILE=nightly python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import typer.main
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from test_hostile import HOSTILE
from transition_cli.cli import load_commands
from transition_cli.cli.common import output

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate

app = load_commands()  # every command module, so app holds every command

AS_OF = generate.AS_OF
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TRANSITION_CALLS": None, "FORCE_COLOR": None,
       "TRANSITION_TODAY": AS_OF}


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; an exception (a traceback for a user) fails the test."""
    # The shared Output caches rich consoles bound to the sys.stdout of the first run;
    # CliRunner swaps sys.stdout on every run (a real process runs one command).
    for cached in ("console", "err_console"):
        output.__dict__.pop(cached, None)
    result = CliRunner().invoke(app, list(args), env=ENV, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------------------------------
# Documents


def valid_documents() -> st.SearchStrategy[str]:
    """Whole strategies of varied size that pass check as of 2019-12-31."""
    return st.builds(generate.strategy, st.integers(0, 10**6), st.integers(1, 10),
                     st.integers(0, 60))


def _paths(doc: Any, base: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path of a parsed document."""
    items = doc.items() if isinstance(doc, dict) else enumerate(doc)
    for key, value in items:
        yield (*base, key)
        if isinstance(value, dict | list):
            yield from _paths(value, (*base, key))


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def _delete(doc: Any, path: tuple[Any, ...]) -> None:
    for key in path[:-1]:
        doc = doc[key]
    del doc[path[-1]]


WRONG_VALUES = (
    "", "   ", "M999", "lead ", "31/03/2018", "2018-02-30", "EUR 24,000", "ünïcødé [bold]x[/]",
    "\x1b[31mred\x1b[0m", "\u202etxt", 0, -1, 10**30, True, Decimal("0.001"),
    Decimal("-5.00"), Decimal("1E+400"), Decimal("200000.005"), dt.date(1999, 1, 1),
    dt.date(2030, 12, 31), dt.datetime(2018, 3, 1, 12, 0), dt.time(8, 30), [], ["M1", "M1"],
    {}, {"x": 1}, [{"id": "M1"}],
)


def hostile_line(rng: random.Random) -> str:
    """One line of the kinds that crash or stall parsers: deep nesting, long dotted keys
    and headers, integers beyond 64 bits (sizes around the limits; tests/test_hostile.py
    has the full-size ones)."""
    n = rng.choice((63, 64, 65, 66, rng.randint(1, 3000)))
    kind = rng.randrange(6)
    if kind == 0:
        return "x = " + "[" * n + "]" * n
    if kind == 1:
        return "x = " + "{a = " * n + "1" + "}" * n
    if kind == 2:
        return ".".join(["k"] * n) + " = 1"
    if kind == 3:
        return "[" + ".".join(["h"] * n) + "]"
    if kind == 4:
        return "x = " + "[" * n  # never closed
    return "x = " + rng.choice(("9" * rng.randint(19, 5000), "0x" + "f" * 17,
                                "-9223372036854775809", "9223372036854775807"))


def mutate(text: str, rng: random.Random, count: int) -> bytes:
    """A subtly broken variant: wrong types, missing keys, bad dates, over-precise
    amounts, unknown ids, dependency cycles, random bytes spliced in, hostile lines."""
    doc = tomllib.loads(text, parse_float=Decimal)
    for _ in range(count):
        # An earlier mutation may have changed the shape this one expects.
        with contextlib.suppress(TypeError, KeyError, IndexError, AttributeError):
            _mutate_once(doc, rng)
    out = tomli_w.dumps(doc).encode("utf-8")
    if rng.random() < 0.3:
        at = rng.randrange(len(out) + 1)
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        out = out[:at] + junk + out[at:]
    if rng.random() < 0.2:
        lines = out.split(b"\n")
        lines.insert(rng.randrange(len(lines) + 1), hostile_line(rng).encode())
        out = b"\n".join(lines)
    return out


def _mutate_once(doc: dict[str, Any], rng: random.Random) -> None:
    path = rng.choice(list(_paths(doc)))
    choice = rng.randrange(6)
    if choice == 0:
        _set(doc, path, rng.choice(WRONG_VALUES))
    elif choice == 1 and len(path) > 0:
        _delete(doc, path)
    elif choice == 2 and doc.get("milestones"):
        # a cycle: the first milestone depends on the last
        ms = doc["milestones"]
        ms[0]["depends_on"] = [*ms[0].get("depends_on", []), ms[-1].get("id", "M1")]
    elif choice == 3 and doc.get("journal"):
        entry = rng.choice(doc["journal"])
        key = rng.choice(("milestone", "expert", "envelope", "ref", "cluster", "kind"))
        entry[key] = rng.choice(("M404", "ghost", "nope", "budget.spend", "M1"))
    elif choice == 4 and doc.get("journal"):
        entry = rng.choice(doc["journal"])
        entry["amount"] = Decimal(rng.choice(("0.001", "9999999.99", "1.5E+3", "-0.01")))
        entry["date"] = rng.choice((dt.date(2017, 1, 1), dt.date(2021, 1, 1)))
    elif choice == 5:
        doc[rng.choice(("titel", "milestone", "journal", "region", "call"))] = (
            rng.choice(WRONG_VALUES))


@st.composite
def broken_documents(draw: st.DrawFn) -> bytes:
    text = draw(valid_documents())
    rng = random.Random(draw(st.integers(0, 2**32)))
    return mutate(text, rng, draw(st.integers(1, 4)))


def _write(data: bytes | str) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    folder = tempfile.TemporaryDirectory()
    path = Path(folder.name) / "region.toml"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return folder, path


@given(valid_documents())
def test_generated_strategies_check_clean(text: str) -> None:
    folder, path = _write(text)
    with folder:
        code, out, err = invoke("check", str(path), "--as-of", AS_OF, "--strict")
    assert (code, out) == (0, ""), out
    assert err.startswith("All clean: 1 file checked")


@given(broken_documents())
def test_check_on_broken_documents_ends_with_a_message(data: bytes) -> None:
    folder, path = _write(data)
    with folder:
        code, out, err = invoke("check", str(path), "--as-of", AS_OF)
    assert code in (0, 1)
    assert err.strip()  # the summary line, at least
    if code == 1:
        assert f"{path}:" in out


@given(st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
# The hostile inputs of tests/test_hostile.py at full size
@example(HOSTILE["dotted-key-50000"][0].encode())
@example(HOSTILE["header-100000"][0].encode())
@example(HOSTILE["arrays-10000"][0].encode())
@example(HOSTILE["arrays-100000"][0].encode())
@example(HOSTILE["tables-10000"][0].encode())
@example(HOSTILE["tables-100000"][0].encode())
@example(HOSTILE["integer-5000-digits"][0].encode())
@example(b"\xef\xbb\xbf\xef\xbb\xbfa = 1")  # a second byte order mark
def test_check_on_arbitrary_bytes(data: bytes) -> None:
    folder, path = _write(data)
    with folder:
        code, _out, err = invoke("check", str(path), "--as-of", AS_OF)
    assert code in (0, 1, 2)
    assert err.strip()


# ---------------------------------------------------------------------------------------
# Random command sequences over every command the CLI has


# Typer 0.29 vendors Click; its objects are read by duck typing, not by class.
def _leaf_commands() -> dict[tuple[str, ...], Any]:
    root = typer.main.get_command(app)
    out: dict[tuple[str, ...], Any] = {}

    def walk(cmd: Any, prefix: tuple[str, ...]) -> None:
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, (*prefix, name))
        else:
            out[prefix] = cmd

    walk(root, ())
    return out


COMMANDS = _leaf_commands()

IDS = ("M1", "M2", "M3", "X1", "M404", "lead", "peer", "ghost", "expertise",
       "implementation", "nope", "cl0", "jc0", "EXP-00001", "IMP-00001", "REF-NEW")
DATES = ("2018-03-31", "2019-06-30", "2019-12-31", "2017-01-01", "2018-02-30", "yesterday")
AMOUNTS = ("12.50", "0.5", "3", "24000.00", "0.001", "-5", "1e9", "abc", "300000.01")
TEXTS = ("a note", "", "[bold]markup[/bold]", "\x1b]8;;x\x07esc", "::error::injected",
         "firm", "research-centre", "delay of a partner")


def _value(name: str, param: Any, file: Path, rng: random.Random) -> str:
    name = name.lower()
    choices = getattr(getattr(param, "type", None), "choices", None)
    if choices:
        return rng.choice([*map(str, choices), "bogus"])
    if any(w in name for w in ("file", "path", "calls", "output", "out")):
        return str(file) if rng.random() < 0.85 else str(file.with_name("missing.toml"))
    if "date" in name or "as_of" in name or name in ("due", "start", "on", "when"):
        return rng.choice(DATES)
    if any(w in name for w in ("amount", "days", "rate", "cap")):
        return rng.choice(AMOUNTS)
    if any(w in name for w in ("id", "milestone", "expert", "envelope", "ref", "cluster",
                                "owner", "depends", "gate", "call", "region")):
        return rng.choice((*IDS, "FRE", "itr-2017"))
    return rng.choice(TEXTS + IDS + DATES + AMOUNTS)


def random_args(path: tuple[str, ...], file: Path, rng: random.Random) -> list[str]:
    cmd = COMMANDS[path]
    args: list[str] = [*path]
    options: list[str] = []
    for param in cmd.params:
        if param.param_type_name == "argument":
            count = param.nargs if param.nargs > 0 else rng.randint(1, 2)
            if rng.random() < 0.05:
                count = 0  # a missing argument: a usage error
            args += [_value(param.name or "", param, file, rng) for _ in range(count)]
        elif param.param_type_name == "option" and (param.required or rng.random() < 0.4):
            if param.name in ("help",) or not param.opts:
                continue
            flag = rng.choice(param.opts)
            if param.is_flag or param.count:
                options.append(flag)
            else:
                options += [flag, _value(param.name or "", param, file, rng)]
    if rng.random() < 0.05:
        options.append("--no-such-option")
    return args + options


# The hostile files of issue 13 (tests/corpus) and the parser's (test_hostile.HOSTILE: keys,
# headers, arrays and tables nested far too deep, huge integers). Every command runs over
# each of them below, and the command sequences draw them.
CORPUS: dict[str, bytes] = {
    **{p.name: p.read_bytes()
       for p in sorted((Path(__file__).parent / "corpus").glob("*.toml"))},
    **{f"{name}.toml": text.encode() for name, (text, _) in HOSTILE.items()},
}
HOSTILE_NAME = "::warning::b$(touch PWNED) ##[x].toml"


@st.composite
def command_sequences(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    text = draw(valid_documents() | broken_documents().map(lambda b: b.decode("utf-8",
                                                                                "replace"))
                | st.sampled_from(sorted(CORPUS)).map(lambda n: CORPUS[n].decode("utf-8")))
    rng = random.Random(draw(st.integers(0, 2**32)))
    names = draw(st.lists(st.sampled_from(sorted(COMMANDS)), min_size=1, max_size=6))
    placeholder = Path("/FILE")
    return text, [random_args(n, placeholder, rng) for n in names]


@given(command_sequences())
def test_random_command_sequences_end_with_an_exit_code_and_a_message(
    case: tuple[str, list[list[str]]],
) -> None:
    text, sequence = case
    folder, path = _write(text)
    with folder:
        for argv in sequence:
            args = [a.replace("/FILE", str(path)) if a.startswith("/FILE") else a
                    for a in argv]
            code, out, err = invoke(*args)
            assert code in (0, 1, 2), (args, code, out, err)
            if code:
                assert (err + out).strip(), args
            # A command never leaves a half-written file: it still reads as before or as
            # a file check can judge.
            if path.exists():
                check_code, _, _ = invoke("check", str(path), "--as-of", AS_OF, "-q")
                assert check_code in (0, 1, 2)


def _workflow_commands(text: str) -> list[str]:
    return [line for line in text.replace("\r", "\n").split("\n")
            if line.lstrip().startswith("::") or "##[" in line]


RECORDING = ("milestone", "expert", "budget", "cluster")


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_command_over_the_hostile_corpus(name: str) -> None:
    """Each hostile file, under a name a shell or a CI runner would run, through every
    command: an exit code and a message, never a traceback; no line of output a CI runner
    takes for a command (but check's own annotation formats); a refused recording leaves
    the bytes as they were; nothing is written outside the folder."""
    rng = random.Random(name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / HOSTILE_NAME
        for command in sorted(COMMANDS):
            path.write_bytes(CORPUS[name])
            argv = random_args(command, Path("/FILE"), rng)
            args = [a.replace("/FILE", str(path)) if a.startswith("/FILE") else a for a in argv]
            code, out, err = invoke(*args)
            assert code in (0, 1, 2), (args, code, out, err)
            if code:
                assert (err + out).strip(), args
                if command[0] in RECORDING:
                    assert path.read_bytes() == CORPUS[name], args
            assert _workflow_commands(err) == [], args
            if command[0] != "check":
                assert _workflow_commands(out) == [], args
        assert not (Path(folder) / "PWNED").exists()


RELIED_ON = ("check", "status", "milestone", "expert", "budget")


@pytest.mark.parametrize("name", RELIED_ON)
def test_fuzzed_commands_include(name: str) -> None:
    """The sequences above draw from every command the CLI has; these must be among them."""
    if not any(path[0] == name for path in COMMANDS):
        pytest.skip(f"`transition {name}` is not in this version yet; the command-sequence "
                    "fuzz picks it up as soon as it is")
    assert any(path[0] == name for path in COMMANDS)


# ---------------------------------------------------------------------------------------
# Speed-ups that must not change behaviour


def test_parallel_check_gives_the_sequential_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from transition_cli import check
    from transition_cli.files.calls import load_catalogue

    rng = random.Random(7)
    for i in range(60):
        text = generate.strategy(i, 4, 12)
        data = mutate(text, rng, 2) if i % 3 else text.encode()
        (tmp_path / f"g{i // 20}").mkdir(exist_ok=True)
        (tmp_path / f"g{i // 20}" / f"f{i:02d}.toml").write_bytes(data)
    (tmp_path / "pyproject.toml").write_text("[tool.x]\n")
    as_of = dt.date(2019, 12, 31)
    cat = load_catalogue()

    def run() -> tuple[list[Any], list[str], list[str]]:
        result = check.check_paths([tmp_path], cat, as_of)
        return ([(d.file, d.kind, d.findings) for d in result.documents], result.skipped,
                result.problems)

    monkeypatch.setattr(check, "PARALLEL_MIN_FILES", 10**9)
    sequential = run()
    monkeypatch.setattr(check, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(check, "CHUNK_FILES", 4)
    monkeypatch.setattr(check, "_workers", lambda: 2)
    assert run() == sequential
    assert any(findings for _, _, findings in sequential[0])

