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
