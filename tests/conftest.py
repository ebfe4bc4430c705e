"""Shared fixtures: a CLI runner with a pinned terminal, and inline TOML documents."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from transition_cli.cli import app

# The tests read English unless they ask for another language (a French desktop running
# them included), and compile catalogs into a folder of their own.
os.environ["TRANSITION_LANG"] = "en"
os.environ.setdefault("TRANSITION_CACHE_DIR", tempfile.mkdtemp(prefix="transition-cache-"))


@pytest.fixture(autouse=True)
def _english() -> None:
    """Each test starts in English (an in-process French run leaves its language set)."""
    from transition_cli.core.i18n import activate

    activate("en")


settings.register_profile("ci", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("nightly", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

AS_OF = "2018-06-30"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``transition ARGS`` in-process with NO_COLOR, 100 columns and no user calls file."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("TRANSITION_CALLS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)

    def run(*args: str | Path, input: str | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


STRATEGY = '''\
# Hauts-de-France, round 1 (test fixture)
transition = "strategy/1"
call = "itr-2017"
title = "Hauts-de-France: transformation strategy"
period = { start = 2018-01-01, end = 2019-12-31 }
themes = ["skills for the jobs of the future"]

[region]
name = "Hauts-de-France"
country = "FR"
nuts = ["FRE1", "FRE2"]

[[experts]]
id = "lead"
name = "Anne Martin"
role = "team leader"
organisation = "OECD"
day_rate = 900.00
planned_days = 40

[[milestones]]
id = "M1"
title = "Diagnosis"
due = 2018-03-31
owner = "lead"

[[milestones]]
id = "M2"
title = "Draft strategy"
due = 2018-09-30
owner = "lead"
depends_on = ["M1"]

[[envelopes]]
id = "expertise"
cap = 200000.00

[[envelopes]]
id = "implementation"
cap = 300000.00
gate = "M2"
'''


@pytest.fixture
def strategy_text() -> str:
    return STRATEGY


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a document under tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


SNAPSHOTS = Path(__file__).parent / "snapshots"
VIEWS_FIXTURE = SNAPSHOTS / "views-strategy.toml"


def snapshot(name: str, text: str, *, exact: bool = False) -> None:
    """Compare with tests/snapshots/NAME; UPDATE_SNAPSHOTS=1 rewrites it (read the diff).

    Trailing spaces are ignored unless ``exact`` (Markdown's line breaks are two spaces).
    A missing snapshot fails: a test that writes its own expectation cannot fail."""
    path = SNAPSHOTS / name
    if not exact:
        text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no snapshot {path}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_bytes().decode("utf-8")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding the views fixture as hdf.toml, as the current directory."""
    import shutil

    shutil.copy(VIEWS_FIXTURE, tmp_path / "hdf.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path
