from __future__ import annotations

import os
import subprocess
import sys

from transition_cli import __version__


def test_version(cli):
    r = cli("--version")
    assert r.exit_code == 0
    assert r.stdout == f"transition {__version__}\n"


def test_python_dash_m(tmp_path):
    r = subprocess.run([sys.executable, "-m", "transition_cli", "--version"],
                       capture_output=True, text=True, check=False, cwd=tmp_path)
    assert r.returncode == 0
    assert r.stdout == f"transition {__version__}\n"


def test_no_arguments_shows_help(cli):
    r = cli()
    assert r.exit_code == 2
    assert "Usage:" in r.stdout + r.stderr


def test_unknown_option_is_a_usage_error(cli):
    r = cli("check", "--colour")
    assert r.exit_code == 2
    assert "No such option" in r.stderr


def test_help_names_values_as_click_does_never_as_python_types(cli):
    # typer 0.29 writes an argument's type after its name (`PATHS... <list[Path]>`) and an
    # option's value as a Python type (`--theme <str>`): no user types `list[Path]`.
    import re

    from transition_cli.cli import COMMANDS

    for name in COMMANDS:
        for line in cli(name, "--help").stdout.splitlines():
            assert not re.search(r"<(?:list\[|str|int|float|path|file|Path|Decimal)", line), \
                (name, line)
    help_text = cli("init", "--help").stdout
    assert re.search(r"--theme TEXT\s", help_text)
    assert re.search(r"^\s+PATH\s+The new file to write", help_text, re.MULTILINE)


def _run(*args: str, cwd, soft: bool = False) -> subprocess.CompletedProcess[str]:
    """``transition ARGS`` in a process of its own: as the command runs
    (``entry.console``), or with ``soft`` through ``entry.main`` and Python's own exit."""
    start = ("import sys; sys.argv[0] = 'transition'\n"
             f"from transition_cli.entry import {'main' if soft else 'console'} as run; run()")
    return subprocess.run([sys.executable, "-c", start, *args], capture_output=True,
                          text=True, check=False, cwd=cwd, env={**os.environ, "COLUMNS": "100"})


def test_the_command_leaves_with_every_byte_written_and_its_exit_code(tmp_path):
    """The command skips the interpreter's teardown (``entry.console``): what it writes to
    both streams through a pipe, and its exit code, are what Python's own exit gives."""
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "hauts-de-france.toml"
    broken = tmp_path / "broken.toml"
    broken.write_text('transition = "strategy/1"\nx = [\n', encoding="utf-8")
    runs = [("log", str(example), "--no-pager"),
            ("status", str(example), "--as-of", "2018-06-30"),
            ("check", str(broken), "--as-of", "2018-01-15"),
            ("check", "--colour")]
    for args in runs:
        fast, soft = _run(*args, cwd=tmp_path), _run(*args, cwd=tmp_path, soft=True)
        assert (fast.returncode, fast.stdout, fast.stderr) == (
            soft.returncode, soft.stdout, soft.stderr), args
    assert [_run(*args, cwd=tmp_path).returncode for args in runs] == [0, 0, 1, 2]
    assert len(_run(*runs[0], cwd=tmp_path).stdout.splitlines()) > 50


CONSOLE = ("import sys; sys.argv[0] = 'transition'\n"
           "from transition_cli.entry import console; console()")


def _started_without(fd: int):
    """A child process started with standard output (1) or error (2) closed (``>&-``)."""
    return lambda: os.close(fd)


def test_a_closed_standard_output_is_a_write_error_never_a_traceback(tmp_path):
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "hauts-de-france.toml"

    def run(*args: str, closed: int = 1):
        return subprocess.run([sys.executable, "-c", CONSOLE, *args], cwd=tmp_path, text=True,
                              stdout=None if closed == 1 else subprocess.PIPE,
                              stderr=subprocess.PIPE if closed == 1 else None,
                              preexec_fn=_started_without(closed), check=False)

    status = run("status", str(example), "--as-of", "2018-06-30")
    assert (status.returncode, status.stderr) == (2, "error: Bad file descriptor\n")
    # Nothing to write there, nothing fails: a quiet check, a clean one (its summary is on
    # standard error).
    assert run("check", str(example), "--as-of", "2018-06-30", "-q").returncode == 0
    clean = run("check", str(example), "--as-of", "2018-06-30")
    assert (clean.returncode, clean.stderr) == (0, "All clean: 1 file checked, as of 2018-06-30.\n")
    # Standard error closed: the verdict is still the exit code.
    assert run("check", str(tmp_path / "none.toml"), "--as-of", "2018-06-30",
               closed=2).returncode == 2


def test_characters_the_output_encoding_cannot_hold_are_replaced_not_a_traceback(tmp_path):
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "hauts-de-france.toml"
    done = subprocess.run([sys.executable, "-c", CONSOLE, "status", str(example), "--as-of",
                           "2019-12-31"], cwd=tmp_path, capture_output=True, check=False,
                          env={**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"2019-12-20 ? as of 2019-12-31" in done.stdout  # the middle dot, as "?"
    assert done.stdout.isascii()
