"""The pre-commit hook, run for real: `pre-commit try-repo` from a user's repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_formats import BAD

ROOT = Path(__file__).resolve().parents[1]

pre_commit = pytest.importorskip(
    "pre_commit", reason="pre-commit is not installed (pip install -e '.[test]' brings it)")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not (ROOT / ".git").exists(),
                       reason="try-repo needs this project as a git checkout"),
]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                   capture_output=True)


def try_repo(cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1",
           "TRANSITION_TODAY": "2018-02-01"}
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "transition-check",
         "--all-files", "--color", "never"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)


def test_hook_passes_a_good_file_and_fails_a_bad_one(tmp_path, strategy_text):
    user = tmp_path / "regions-repo"
    user.mkdir()
    git(user, "init", "-q")
    (user / "hdf.toml").write_text(strategy_text, encoding="utf-8")
    (user / "pyproject.toml").write_text('[project]\nname = "other-tool"\n', encoding="utf-8")
    git(user, "add", ".")
    git(user, "commit", "-q", "-m", "good")
    home = tmp_path / "pre-commit-home"

    good = try_repo(user, home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "transition check" in good.stdout and "Passed" in good.stdout

    (user / "bad.toml").write_text(BAD, encoding="utf-8")
    git(user, "add", "bad.toml")
    bad = try_repo(user, home)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "bad.toml:16:9: error R004 milestones[0].owner:" in bad.stdout
    assert "pyproject.toml" not in bad.stdout.split("Failed", 1)[1]
