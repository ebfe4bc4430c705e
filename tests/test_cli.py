from __future__ import annotations

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
