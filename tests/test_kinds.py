"""The journal-kind registry is complete: every kind is declared whole, reaches every part of
the tool that reads the journal, has its command and its rows in the docs."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest

from transition_cli.cli import load_commands
from transition_cli.core.model import JournalEntry
from transition_cli.core.spec import Type
from transition_cli.files import schema
from transition_cli.files.jsonschema import json_schema
from transition_cli.ledger.kinds import (
    COMMON,
    CSV_COLUMNS,
    FIELDS,
    GROUPS,
    JOURNAL_KINDS,
    NAMESPACES,
    JournalKind,
)
from transition_cli.ledger.state import PlanState
from transition_cli.render.kinds_doc import commands_table, kinds_table, replace_between

app = load_commands()  # every command module, so app holds every command

ROOT = Path(__file__).resolve().parents[1]
KINDS = list(JOURNAL_KINDS.values())


def ids(kind: JournalKind) -> str:
    return kind.name


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_every_field_of_a_kind_is_in_the_vocabulary(kind: JournalKind) -> None:
    assert kind.required, "a kind records at least one fact"
    for name in kind.fields:
        assert name in FIELDS and name not in COMMON
        assert isinstance(FIELDS[name].type, Type)
    assert len(set(kind.fields)) == len(kind.fields)


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_every_kind_says_what_it_is_about_and_what_it_adds(kind: JournalKind) -> None:
    assert kind.summary.endswith(".")
    assert kind.subject is None or kind.subject in kind.fields
    if kind.introduces is not None:
        assert kind.introduces in NAMESPACES
        assert kind.subject in kind.required
    assert set(kind.allowed_from) <= {"planned", "started", "done", "cancelled"}
    if kind.allowed_from:
        assert "milestone" in kind.required


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_every_kind_changes_state_says_what_it_did_and_names_itself_in_the_log(
    kind: JournalKind,
) -> None:
    values = {name: _sample(name) for name in kind.fields}
    entry = JournalEntry(0, kind.name, dt.date(2018, 3, 1), "tester", "", values)
    state = PlanState()
    kind.apply(state, entry)  # an entry naming nothing known changes nothing, quietly
    assert isinstance(kind.about(entry), str) and kind.about(entry)
    assert all(isinstance(line, str) for line in kind.outcome(entry, state))
    assert set(kind.csv(entry, state)) <= set(CSV_COLUMNS)


def _sample(name: str) -> object:
    from transition_cli.core.spec import Date, Days, List, Money, Str

    spec = FIELDS[name].type
    if isinstance(spec, Money | Days):
        return Decimal("1.50")
    if isinstance(spec, Date):
        return dt.date(2018, 3, 31)
    if isinstance(spec, List):
        return ("M1",)
    if isinstance(spec, Str) and spec.choices:
        return spec.choices[0]
    return "x1"


def _commands() -> dict[str, object]:
    found: dict[str, object] = {}
    for group in app.registered_groups:
        assert group.typer_instance is not None
        for cmd in group.typer_instance.registered_commands:
            found[f"{group.name} {cmd.name}"] = cmd.callback
    return found


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_every_kind_has_its_command(kind: JournalKind) -> None:
    command = _commands().get(kind.command.words)
    assert command is not None, f"no `transition {kind.command.words}`"
    assert getattr(command, "journal_kind", None) == kind.name
    assert kind.command.group in GROUPS
    given = [a.field for a in kind.command.args]
    assert len(set(given)) == len(given)
    assert set(given) <= set(kind.fields)
    assert set(kind.required) <= set(given), "the command cannot record a required field"
    assert kind.command.example.startswith(f"transition {kind.command.words} ")


@pytest.mark.parametrize("kind", KINDS, ids=ids)
def test_the_file_schema_and_json_schema_know_every_kind(kind: JournalKind) -> None:
    assert kind.name in schema.JOURNAL_ENTRY.get("kind").type.choices  # type: ignore[union-attr]
    journal = json_schema("strategy")["properties"]["journal"]["items"]
    rule = next(r for r in journal["allOf"]
                if r["if"]["properties"]["kind"]["const"] == kind.name)
    assert rule["then"]["required"] == list(kind.required)
    assert set(rule["then"]["propertyNames"]["enum"]) == set(kind.allowed)


def test_every_csv_column_is_filled_by_a_field_or_a_kind() -> None:
    by_fields = {f.csv for f in FIELDS.values() if f.csv}
    assert by_fields <= set(CSV_COLUMNS)
    # file, region, entry and kind: every row; cost_eur: expert.log's csv; unit:
    # indicator.record's csv
    assert set(CSV_COLUMNS) - by_fields <= {"file", "region", "entry", "kind", "cost_eur",
                                            "unit"}


def _generated(path: Path, marker: str, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    fresh = replace_between(text, marker, body)
    if os.environ.get("UPDATE_SNAPSHOTS") and fresh != text:
        path.write_text(fresh, encoding="utf-8")
        text = fresh
    assert text == fresh, f"{path.name} is stale: run the tests with UPDATE_SNAPSHOTS=1"


def test_format_md_lists_every_kind_as_the_registry_declares_it() -> None:
    _generated(ROOT / "docs" / "FORMAT.md", "journal-kinds", kinds_table())


def test_recording_md_lists_every_recording_command() -> None:
    _generated(ROOT / "docs" / "RECORDING.md", "recording-commands", commands_table())

