"""The README's console sessions, replayed: every command shown gives the output shown.

Blocks run in order in one folder holding a copy of examples/, with 100 columns and no
colour, as a person following the README would see them. ``cat FILE`` blocks create FILE
with the content shown; other shell commands (``sed``) run in a shell.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transition_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def sessions(text: str) -> list[list[tuple[str, str]]]:
    """Each console block as (command, expected output) pairs."""
    out = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        pairs: list[tuple[str, list[str]]] = []
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("$ "):
                command = line[2:]
                while command.endswith("\\"):
                    i += 1
                    command = command[:-1] + " " + lines[i].strip()
                pairs.append((command, []))
            else:
                pairs[-1][1].append(line)
            i += 1
        out.append([(c, "\n".join(o)) for c, o in pairs])
    return out


def normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def test_readme_sessions_replay(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("TRANSITION_CALLS", raising=False)
    runner = CliRunner()
    replayed = 0
    for session in sessions(README):
        for typed, shown_in_readme in session:
            command = typed.split("   #")[0].strip()
            expected = shown_in_readme
            if command.startswith("export "):
                name, _, value = command[len("export "):].partition("=")
                monkeypatch.setenv(name, shlex.split(value)[0])
                continue
            if command.startswith("cat "):
                Path(command[4:]).write_text(expected + "\n", encoding="utf-8")
                continue
            if not command.startswith("transition "):
                subprocess.run(command, shell=True, check=True, cwd=tmp_path)
                assert expected == ""
                continue
            result = runner.invoke(app, shlex.split(command)[1:])
            shown = normalised(result.stdout + result.stderr)
            if expected.endswith("\n..."):  # the README shows the beginning only
                expected = expected.removesuffix("\n...")
                shown = shown[:len(normalised(expected))]
            assert shown == normalised(expected), command
            replayed += 1
    assert replayed >= 12


@pytest.mark.parametrize("command", [
    c for s in sessions(README) for c, _ in s if c.startswith("transition ")
])
def test_readme_commands_exist(command):
    """Every command in the README parses (a renamed option would fail here first)."""
    args = shlex.split(command.split("   #")[0])[1:]
    result = CliRunner().invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
