"""JSON Schema: valid draft 07, accepts every example and scaffold, rejects broken files,
and the committed copies under schemas/ cannot drift from the code."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from transition_cli.core.model import FILE_KINDS as KINDS
from transition_cli.files.calls import load_catalogue
from transition_cli.files.jsonschema import json_schema, schema_file_name, schema_text

ROOT = Path(__file__).resolve().parents[1]
BUILT_IN_CALLS = ROOT / "src" / "transition_cli" / "data" / "calls.toml"


def as_json(value: Any) -> Any:
    """What taplo and check-jsonschema hand the validator: TOML dates as ISO strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    return value


def errors(kind: str, text: str) -> list[str]:
    validator = jsonschema.Draft7Validator(
        json_schema(kind), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [e.message for e in validator.iter_errors(as_json(tomllib.loads(text)))]


def kind_of(text: str) -> str:
    return str(tomllib.loads(text)["transition"]).split("/")[0]


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_a_valid_draft_07_schema_without_refs(kind):
    schema = json_schema(kind)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    assert "$ref" not in json.dumps(schema)  # inlined: editors need no resolver


@pytest.mark.parametrize("kind", KINDS)
def test_committed_copy_matches_the_code(kind, cli):
    committed = ROOT / "schemas" / schema_file_name(kind)
    assert committed.read_text(encoding="utf-8") == schema_text(kind), (
        f"schemas/{committed.name} is stale: run "
        f"`transition schema --kind {kind} > schemas/{committed.name}`"
    )
    assert cli("schema", "--kind", kind).stdout == schema_text(kind)


def example_files() -> list[Path]:
    return sorted((ROOT / "examples").rglob("*.toml")) if (ROOT / "examples").is_dir() else []


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_schema_accepts_every_example(path):
    text = path.read_text(encoding="utf-8")
    assert errors(kind_of(text), text) == []


def test_schema_accepts_the_built_in_calls_and_the_test_strategy(strategy_text):
    assert errors("calls", BUILT_IN_CALLS.read_text(encoding="utf-8")) == []
    assert errors("strategy", strategy_text) == []


@pytest.mark.parametrize("call", [c.id for c in load_catalogue().calls
                                  if c.answered_by == "strategy"])
@pytest.mark.parametrize("region", ["FRE", "ITC1", "UKD3"])
def test_schema_accepts_every_scaffolded_file(cli, tmp_path, monkeypatch, call, region):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "plans").mkdir()
    result = cli("init", "plans/new.toml", "--region", region, "--call", call)
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "plans" / "new.toml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "#:schema ../schemas/strategy-1.schema.json"
    assert errors("strategy", text) == []
    written = tmp_path / "schemas" / "strategy-1.schema.json"
    assert written.read_text(encoding="utf-8") == schema_text("strategy")
    assert "Wrote schemas/strategy-1.schema.json" in result.stderr


def test_init_with_a_schema_url_writes_no_schema_file(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = "https://schemas.example.org/transition/strategy-1.schema.json"
    result = cli("init", "hdf.toml", "--region", "FRE", "--call", "itr-2017", "--schema", url)
    assert result.exit_code == 0
    assert (tmp_path / "hdf.toml").read_text(encoding="utf-8").startswith(f"#:schema {url}\n")
    assert not (tmp_path / "schemas").exists()


def test_init_keeps_an_existing_schema_file(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "strategy-1.schema.json").write_text("{}\n", encoding="utf-8")
    result = cli("init", "hdf.toml", "--region", "FRE", "--call", "itr-2017")
    assert result.exit_code == 0
    assert (tmp_path / "schemas" / "strategy-1.schema.json").read_text() == "{}\n"
    assert (tmp_path / "hdf.toml").read_text().startswith(
        "#:schema schemas/strategy-1.schema.json\n")


BROKEN = {
    "missing title": ('title = "Hauts-de-France: transformation strategy"\n', ""),
    "unknown key": ('title = "H', 'titel = "x"\ntitle = "H'),
    "wrong format key": ('"strategy/1"', '"strategy/2"'),
    "bad NUTS": ('"FRE1", "FRE2"', '"fre1"'),
    "duplicate NUTS": ('"FRE1", "FRE2"', '"FRE1", "FRE1"'),
    "date with a time": ("due = 2018-03-31", "due = 2018-03-31T10:00:00"),
    "negative amount": ("cap = 200000.00", "cap = -1.00"),
    "quoted amount": ("day_rate = 900.00", 'day_rate = "900.00"'),
    "wrong type": ("planned_days = 40", "planned_days = true"),
    "bad organisation kind": ("", '[[clusters]]\nid = "c"\nname = "C"\n'
                              'members = [{ name = "X", kind = "bank" }]\n'),
    "journal entry missing its milestone": ("", '[[journal]]\ndate = 2018-02-01\n'
                                            'kind = "milestone.done"\n'),
    "journal key of another kind": ("", '[[journal]]\ndate = 2018-02-01\n'
                                    'kind = "milestone.done"\nmilestone = "M1"\n'
                                    "amount = 5.00\n"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_schema_rejects_broken_files_as_check_does(name, strategy_text, cli, write):
    old, new = BROKEN[name]
    text = strategy_text.replace(old, new, 1) if old else strategy_text + new
    assert text != strategy_text
    assert errors("strategy", text), name
    result = cli("check", write("broken.toml", text), "--strict", "--as-of", "2018-02-01")
    assert result.exit_code == 1, name  # the schema and the checker agree


def test_schema_accepts_a_journal_entry_of_each_kind_with_its_fields(strategy_text):
    journal = '''
[[journal]]
date = 2018-02-01
kind = "budget.commit"
envelope = "expertise"
amount = 24000.00
ref = "C-1"
note = "signed"
'''
    assert errors("strategy", strategy_text + journal) == []


def test_schema_rejects_broken_calls_files():
    calls = BUILT_IN_CALLS.read_text(encoding="utf-8")
    assert errors("calls", calls.replace('answered_by = "strategy"', 'answered_by = "x"', 1))
    assert errors("calls", calls.replace("selects = 5", "selects = 0", 1))
    assert errors("calls", calls.replace('fund = "ERDF"\n', "", 1))


def test_schema_accepts_a_scaffolded_partnership(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("init", "cyber.toml", "--kind", "partnership", "--call", "iip-2017",
                 "--theme", "cybersecurity", "--coordinator", "FRH0", "--member", "EE00",
                 "--member", "ES41", "--member", "FI1B")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "cyber.toml").read_text(encoding="utf-8")
    assert text.startswith("#:schema schemas/partnership-1.schema.json\n")
    assert errors("partnership", text) == []
    assert (tmp_path / "schemas" / "partnership-1.schema.json").read_text(
        encoding="utf-8") == schema_text("partnership")
