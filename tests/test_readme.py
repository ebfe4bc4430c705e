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


def rewritten(text: str, outputs: list[list[str]]) -> str:
    """``text`` with each console block's outputs replaced by ``outputs`` (a block that
    showed only a beginning or an end, marked ``...``, keeps as many lines)."""
    blocks = iter(outputs)

    def block(match: re.Match[str]) -> str:
        fresh = iter(next(blocks))
        lines, out = match.group(1).splitlines(), []
        i = 0
        while i < len(lines):
            out.append(lines[i])
            while lines[i].endswith("\\"):
                i += 1
                out.append(lines[i])
            i += 1
            old = []
            while i < len(lines) and not lines[i].startswith("$ "):
                old.append(lines[i])
                i += 1
            new = next(fresh)
            if new is None:
                out += old
            elif old and old[-1] == "...":
                out += [*new.splitlines()[: len(old) - 1], "..."]
            elif old and old[0] == "...":  # the end only
                out += ["...", *new.splitlines()[-(len(old) - 1):]]
            else:
                out += new.splitlines()
        return "```console\n" + "".join(line.rstrip() + "\n" for line in out) + "```"

    return re.sub(r"```console\n(.*?)```", block, text, flags=re.DOTALL)


def test_readme_sessions_replay(tmp_path, monkeypatch):
    """Every session gives its output; ``UPDATE_SNAPSHOTS=1`` rewrites the README's outputs
    with what the commands print now (read the diff before committing it)."""
    import os

    update = bool(os.environ.get("UPDATE_SNAPSHOTS"))
    outputs: list[list[str | None]] = []
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("TRANSITION_CALLS", raising=False)
    runner = CliRunner()
    replayed = 0
    for session in sessions(README):
        outputs.append([])
        for typed, shown_in_readme in session:
            outputs[-1].append(None)
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
            outputs[-1][-1] = shown
            if expected.endswith("\n..."):  # the README shows the beginning only
                expected = expected.removesuffix("\n...")
                shown = shown[:len(normalised(expected))]
            assert update or shown == normalised(expected), command
            replayed += 1
    assert replayed >= 12
    if update:
        (ROOT / "README.md").write_text(rewritten(README, outputs), encoding="utf-8")


@pytest.mark.parametrize("command", [
    c for s in sessions(README) for c, _ in s if c.startswith("transition ")
])
def test_readme_commands_exist(command):
    """Every command in the README parses (a renamed option would fail here first)."""
    args = shlex.split(command.split("   #")[0])[1:]
    result = CliRunner().invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
