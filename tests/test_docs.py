"""Docs cannot drift: examples in the docs load cleanly, every command is documented."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import typer

from transition_cli import load_text
from transition_cli.cli import load_commands
from transition_cli.core.findings import Severity
from transition_cli.files.schema import SPECS, Table, Tables

app = load_commands()  # every command module, so app holds every command

ROOT = Path(__file__).resolve().parent.parent
FORMAT = (ROOT / "docs" / "FORMAT.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def toml_blocks(text: str) -> list[str]:
    return re.findall(r"```toml\n(.*?)```", text, flags=re.DOTALL)


@pytest.mark.parametrize("block", toml_blocks(FORMAT), ids=lambda b: b.split("\n")[1][:30])
def test_format_examples_load_without_errors(block):
    doc = load_text(block, "FORMAT.md", as_of=dt.date(2018, 1, 20))
    errors = [f for f in doc.findings if f.severity is Severity.ERROR]
    assert errors == []
    assert [f for f in doc.findings if f.code == "S003"] == []  # no unknown keys


def _field_names(table: Table) -> set[str]:
    names = set()
    for f in table.fields:
        names.add(f.name)
        inner = f.type.table if isinstance(f.type, Tables) else f.type
        if isinstance(inner, Table):
            names |= _field_names(inner)
    return names


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_every_key_of_the_format_is_documented(kind):
    missing = {n for n in _field_names(SPECS[kind]) if f"`{n}`" not in FORMAT}
    assert missing == set()


def _commands(group: typer.Typer, prefix: str = "") -> list[tuple[str, object]]:
    out = []
    for cmd in group.registered_commands:
        name = cmd.name or cmd.callback.__name__.replace("_", "-")
        out.append((prefix + name, cmd.callback))
    for sub in group.registered_groups:
        out += _commands(sub.typer_instance, prefix + (sub.name or "") + " ")
    return out


COMMANDS = _commands(app)


@pytest.mark.parametrize(("name", "callback"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_with_an_example(name, callback):
    doc = callback.__doc__ or ""
    assert doc.strip(), f"{name} has no help text"
    assert "Example: transition " in doc, f"{name} help has no example"


@pytest.mark.parametrize(("name", "callback"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_is_in_the_readme(name, callback):
    assert f"transition {name}" in README, f"`transition {name}` is missing from README.md"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_readme_library_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    [block] = python_blocks(README)
    exec(compile(block, "README.md", "exec"), {})


def test_recording_library_example_runs(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("init", "hdf.toml", "--region", "FRE", "--call", "itr-2017").exit_code == 0
    before = (tmp_path / "hdf.toml").read_bytes()
    for block in python_blocks((ROOT / "docs" / "RECORDING.md").read_text(encoding="utf-8")):
        exec(compile(block, "RECORDING.md", "exec"), {})
    assert (tmp_path / "hdf.toml").read_bytes().startswith(before)
    assert len((tmp_path / "hdf.toml").read_bytes()) > len(before)
