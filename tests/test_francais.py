"""docs/FRANCAIS.md's sessions, replayed as the README's are (tests/test_readme.py): every
command shown gives the output shown; ``UPDATE_SNAPSHOTS=1`` rewrites the outputs."""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

from typer.testing import CliRunner

from test_readme import normalised, rewritten, sessions
from transition_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "FRANCAIS.md"


def test_the_french_sessions_replay(tmp_path, monkeypatch):
    text = DOC.read_text(encoding="utf-8")
    update = bool(os.environ.get("UPDATE_SNAPSHOTS"))
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("TRANSITION_CALLS", raising=False)
    outputs: list[list[str | None]] = []
    replayed = 0
    for session in sessions(text):
        outputs.append([])
        for typed, shown_in_doc in session:
            expected = shown_in_doc
            outputs[-1].append(None)
            if typed.startswith("export "):
                name, _, value = typed[len("export "):].partition("=")
                monkeypatch.setenv(name, shlex.split(value)[0])
                continue
            result = CliRunner().invoke(app, shlex.split(typed)[1:])
            shown = normalised(result.stdout + result.stderr)
            outputs[-1][-1] = shown
            if expected.endswith("\n..."):
                expected = expected.removesuffix("\n...")
                shown = shown[:len(normalised(expected))]
            assert update or shown == normalised(expected), typed
            replayed += 1
    assert replayed >= 8
    if update:
        DOC.write_text(rewritten(text, outputs), encoding="utf-8")
