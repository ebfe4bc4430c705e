"""Tab completion answered before Typer loads (``transition_cli.tab``) prints, byte for
byte and exit status, what the Typer way prints for the same request, in every shell; and
it answers the lines it is for, leaving the others to Typer.

The Typer way is the command line itself (``CliRunner`` on ``cli.app``, which never takes
the quick way: ``entry.main`` does); the quick way is ``tab.answer`` on the same
environment. (The command line is built once for the English tests: Typer builds every
command of ``app`` when asked for it, ~70 ms, and the tests ask on a few thousand lines.)"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from transition_cli import tab
from transition_cli.cli import app
from transition_cli.ledger.kinds import GROUPS, JOURNAL_KINDS, JournalKind

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "hauts-de-france.toml").read_text(encoding="utf-8")
SHELLS = ("bash", "zsh", "fish", "powershell")

# Titles and references that each shell must get safe: markup, an escape, quotes, $, `,
# a colon, spaces.
ODD = '''
[[journal]]
date = 2018-02-06
kind = "budget.commit"
envelope = "expertise"
amount = 1000.00
ref = "EXP 2018 'B' $x"

[[journal]]
date = 2018-02-07
kind = "budget.commit"
envelope = "expertise"
amount = 1000.00
ref = "C:1 `y` (z) a,b"
'''
# A reference holding an escape character: Click's echo strips it from what it prints, so
# the quick way leaves such a line to Typer.
ESCAPED = EXAMPLE + ODD.replace("C:1 `y` (z) a,b", "ESC\\u001b[31m")

PLAN = EXAMPLE.replace('title = "Diagnosis',
                       'title = "[bold]Dia\\u001b[31mgnosis \\"q\\" $x `y` a:b', 1) + ODD


@pytest.fixture(scope="module")
def english_command_line() -> Any:
    return typer.main.get_command(app)


@pytest.fixture(autouse=True)
def _built_once(english_command_line: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typer.testing, "_get_command", lambda _: english_command_line)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder: the plan (hdf.toml), a broken file, a file too large to read,
    a folder, and a file that is not TOML."""
    (tmp_path / "hdf.toml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "escaped.toml").write_text(ESCAPED, encoding="utf-8")
    (tmp_path / "broken.toml").write_bytes(b"x = [")
    (tmp_path / "huge.toml").write_text(PLAN + "# padding\n" * (tab.MAX_PLAN_BYTES // 10),
                                        encoding="utf-8")
    (tmp_path / "regions").mkdir()
    (tmp_path / "regions" / "bretagne.toml").write_text("", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRANSITION_CALLS", raising=False)
    return tmp_path


def request(shell: str, line: str, action: str = "get-args") -> dict[str, str]:
    """The environment ``shell``'s script sets to complete ``line`` (cursor at its end)."""
    env = {"_TRANSITION_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(line.split(" ")) - 1)}
        return env
    env["_TYPER_COMPLETE_ARGS"] = line
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = action
    if shell == "powershell":
        env["_TYPER_COMPLETE_WORD_TO_COMPLETE"] = line.rsplit(" ", maxsplit=1)[-1]
    return env


def typer_way(env: dict[str, str]) -> tuple[str, int]:
    result = CliRunner().invoke(app, [], env=env, prog_name="transition")
    assert result.stderr == "", result.stderr
    return result.stdout, result.exit_code


def quick_way(env: dict[str, str]) -> tuple[str, int] | None:
    try:
        text = tab.answer({**os.environ, **env})
    except SystemExit as exc:  # fish asking whether there are candidates
        return "", int(exc.code or 0)
    return None if text is None else (text + "\n", 0)


def same(env: dict[str, str], *, quick: bool | None = True) -> tuple[str, int]:
    """What both ways print for ``env``, checked to be the same; ``quick``: whether the
    quick way must answer (None: either)."""
    answered = quick_way(env)
    if quick is not None:
        assert (answered is not None) is quick, env
    expected = typer_way(env)
    if answered is not None:
        assert answered == expected, env
    return expected


# ---------------------------------------------------------------------------------------
# Every position of every recording command, in every shell

SAMPLES = {"milestone": "M3", "expert": "lead", "envelope": "expertise", "amount": "100",
           "days": "2", "ref": "EXP-2018-01", "cluster": "rail", "indicator": "I1",
           "value": "42", "deliverable_id": "D1", "voids": "3", "due": "2019-01-01",
           "member_kind": "firm", "name": "Anne"}


def lines(kind: JournalKind, plan: str = "hdf.toml") -> Iterator[str]:
    """``kind``'s command completed at each argument and option, with and without a
    prefix: FILE, each argument in turn, past the last, each option before and after
    the arguments."""
    head = f"transition {kind.command.group} {kind.command.name}"
    yield f"{head} "
    yield f"{head} h"
    yield f"{head} regions/"
    words = [plan]
    for arg in kind.command.args:
        if arg.option is None:
            sample = SAMPLES.get(arg.field, "x")
            for typed in ("", sample[:1], sample[:1].swapcase(), "zz"):
                yield f"{head} {' '.join(words)} {typed}"
            words.append(sample)
    yield f"{head} {' '.join(words)} "
    for arg in kind.command.args:
        if arg.option is not None:
            sample = SAMPLES.get(arg.field, "x")
            for typed in ("", sample[:1].lower()):
                yield f"{head} {' '.join(words)} {arg.option} {typed}"
                yield f"{head} {plan} {arg.option} {typed}"
            yield f"{head} {' '.join(words)} {arg.option} {sample} "


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("kind", JOURNAL_KINDS.values(), ids=lambda k: k.name)
def test_every_position_of_every_recording_command(folder, kind, shell) -> None:
    for line in lines(kind):
        same(request(shell, line))


@pytest.mark.parametrize("shell", SHELLS)
def test_ids_come_from_the_plan_with_their_descriptions(folder, shell) -> None:
    out, _ = same(request(shell, "transition budget pay hdf.toml expertise 1 --ref "))
    if shell != "bash":
        assert "unpaid of" in out  # the description reached the shell
    assert "2018" in out and "C" in out


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("plan", ["broken.toml", "missing.toml", "huge.toml", "regions",
                                  "notes.txt", "''"])
def test_a_file_that_cannot_be_read_offers_nothing(folder, shell, plan) -> None:
    for kind in (JOURNAL_KINDS["milestone.done"], JOURNAL_KINDS["budget.pay"]):
        for line in lines(kind, plan):
            out, _ = same(request(shell, line))
            assert "M1" not in out and "EXP-2018-01" not in out


def test_an_escape_in_a_reference_is_left_to_typer(folder) -> None:
    for shell in SHELLS:
        out, _ = same(request(shell, "transition budget pay escaped.toml expertise 1 --ref "),
                      quick=False)
        assert "ESC" in out


@pytest.mark.parametrize("shell", SHELLS)
def test_group_names_and_verbs(folder, shell) -> None:
    described = shell != "bash"
    for line in ("transition mi", "transition b", "transition j", "transition x",
                 "transition milestone ", "transition milestone d", "transition budget ",
                 "transition journal v", "transition expert zz", "transition cluster"):
        same(request(shell, line))
    # A command's help is its module's docstring: zsh, fish and PowerShell ask Typer.
    for line in ("transition ", "transition re", "transition c"):
        same(request(shell, line), quick=not described)


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("line", [
    "transition budget pay hdf.toml -- -5 --ref ",  # "--": Click's rules
    "transition budget pay hdf.toml expertise 100 --date 2018-01-01 --ref ",  # not the kind's
    "transition budget pay hdf.toml expertise 100 --ref=",
    "transition budget pay hdf.toml expertise 100 --r",  # an option's name
    "transition budget pay hdf.toml expertise 100 --note --ref ",
    "transition budget pay hdf.toml expertise 100 --lang ",
    "transition milestone done hdf.toml --help ",
    "transition --lang en milestone done hdf.toml ",
    "transition milestone --lang en done hdf.toml ",
    "transition milestone bogus hdf.toml ",
    "transition log hdf.toml --milestone ",  # not a recording command
    "transition status ",
    "transition init x.toml --call ",
])
def test_lines_it_is_not_sure_of_are_left_to_typer(folder, shell, line) -> None:
    same(request(shell, line), quick=False)


@pytest.mark.parametrize("shell", SHELLS)
def test_what_the_parser_reads_as_an_argument(folder, shell) -> None:
    for line in ("transition budget pay hdf.toml expertise -100 --ref ",  # an amount
                 "transition budget pay 'hdf.toml' expertise 100 --ref ",
                 'transition budget pay "hdf.toml" implementation 100 --ref I',
                 "transition budget pay hdf.toml --ref X expertise ",
                 "transition budget pay hdf.toml --ref X --ref ",
                 "transition milestone done hdf.toml 'M",
                 "transition milestone add hdf.toml M9 --depends-on M1 --depends-on ",
                 "transition cluster join hdf.toml rail Org --kind u",
                 "transition cluster join hdf.toml rail Org --kind bogus --kind ",
                 "transition budget release hdf.toml expertise --ref ",
                 "transition milestone done hdf.toml M3 extra "):
        same(request(shell, line))


def test_fish_asking_whether_there_are_candidates(folder) -> None:
    for line, found in (("transition milestone reopen hdf.toml ", 0),
                        ("transition milestone done hdf.toml zz", 1),
                        ("transition milestone d", 0), ("transition zz", 1)):
        assert same(request("fish", line, action="is-args")) == ("", found)
    same(request("fish", "transition milestone done hdf.toml ", action="other"))


def test_another_language(folder, monkeypatch) -> None:
    """French: the ids' descriptions in French (amounts as French writes them); names in
    bash alone (the help of a group is translated by the command line)."""
    monkeypatch.setenv("TRANSITION_LANG", "fr")
    french = typer.main.get_command(app)  # its help is translated as it is built
    monkeypatch.setattr(typer.testing, "_get_command", lambda _: french)
    out, _ = same(request("fish", "transition budget pay hdf.toml expertise 1 --ref "))
    assert "EUR" in out or "€" in out
    same(request("bash", "transition mi"))
    same(request("fish", "transition mi"), quick=False)
    same(request("zsh", "transition milestone "), quick=False)


def test_a_language_it_does_not_speak_is_left_to_typer(folder, monkeypatch) -> None:
    """The command line says which languages it speaks; the quick way returns to it."""
    monkeypatch.setenv("TRANSITION_LANG", "xx")
    for name, value in request("bash", "transition mi").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.argv", ["transition"])
    assert tab.run() is None  # returned: Typer answers


def test_requests_it_does_not_answer() -> None:
    for instruction in ("source_bash", "complete_tcsh", "complete", ""):
        assert tab.answer({"_TRANSITION_COMPLETE": instruction, "COMP_WORDS": "transition ",
                           "COMP_CWORD": "1"}) is None
    # Another program name: another variable; arguments given: --lang may be among them.
    env = {"_TRANSITION_COMPLETE": "complete_bash", "COMP_WORDS": "transition mi",
           "COMP_CWORD": "1"}
    assert tab.answer(env, ["python -m transition_cli"]) is None
    assert tab.answer(env, ["transition", "--lang", "fr"]) is None
    assert tab.answer(env, ["/usr/bin/transition"]) == "milestone"


# ---------------------------------------------------------------------------------------
# Lines drawn at random

VERBS = [(k.command.group, k.command.name) for k in JOURNAL_KINDS.values()]
WORDS = sorted({"hdf.toml", "broken.toml", "missing.toml", "regions", "M1", "M3", "lead",
                "expertise", "implementation", "EXP-2018-01", "rail", "I1", "D1", "3",
                "100", "-100", "-", "--", "=", "'M", '"a b"', "--ref=X", "--date", "2018-01-01",
                "--lang", "en", "--help", "milestone", "done", "x",
                *(a.option for k in JOURNAL_KINDS.values() for a in k.command.args
                  if a.option)})


@st.composite
def drawn_lines(draw: st.DrawFn) -> str:
    head = draw(st.one_of(
        st.sampled_from(VERBS).map(" ".join), st.sampled_from(list(GROUPS)), st.just("")))
    words = draw(st.lists(st.sampled_from(WORDS), max_size=6))
    last = draw(st.sampled_from(["", "M", "e", "E", "-", "--r", "h", "'", "zz", "I"]))
    return " ".join(["transition", *filter(None, [head, *words]), last])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # one folder for all
@given(line=drawn_lines(), shell=st.sampled_from(SHELLS))
def test_drawn_lines_print_the_same_both_ways(folder, line, shell) -> None:
    same(request(shell, line), quick=None)
