"""The documented library calls decide what the commands decide: on the same input, the same
refusal with the same message, the same verdict (issue "one place for each concept")."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from transition_cli import api, create, record
from transition_cli.core.errors import RefusedError, TransitionError, UsageError
from transition_cli.core.money import parse_amount, parse_days, parse_number
from transition_cli.core.spec import Date, Days, Int, List, Money, Number
from transition_cli.files.calls import load_catalogue
from transition_cli.ledger.kinds import FIELDS, JOURNAL_KINDS, JournalKind

CAT = load_catalogue()
TYPED = {  # what a person types for each field, valid in the conftest strategy
    "milestone": "M1", "expert": "lead", "envelope": "expertise", "cluster": "c1",
    "amount": "100", "days": "1", "ref": "R-1", "decision": "AWD-1", "due": "2018-05-31",
    "start": "2018-04-01",
    "reason": "why", "title": "A title", "owner": "lead", "depends_on": "M1",
    "deliverable": "D", "name": "A name", "role": "R", "organisation": "O",
    "day_rate": "500", "planned_days": "2", "theme": "T", "member_kind": "firm",
    "indicator": "I1", "value": "12.5", "deliverable_id": "D1", "voids": "1",
}


def _argv(kind: JournalKind) -> list[str]:
    argv = kind.command.words.split()
    for arg in kind.command.args:
        argv += [TYPED[arg.field]] if arg.option is None else [arg.option, TYPED[arg.field]]
    return argv


def _values(kind: JournalKind) -> dict[str, object]:
    out: dict[str, object] = {}
    for arg in kind.command.args:
        spec, text = FIELDS[arg.field].type, TYPED[arg.field]
        out[arg.field] = (parse_number(text) if isinstance(spec, Number)
                          else parse_amount(text) if isinstance(spec, Money)
                          else parse_days(text) if isinstance(spec, Days)
                          else dt.date.fromisoformat(text) if isinstance(spec, Date)
                          else int(text) if isinstance(spec, Int)
                          else (text,) if isinstance(spec, List) else text)
    return out


def _library(path: Path, kind: JournalKind, day: str, by: str, as_of: str) -> TransitionError:
    table = record.entry(kind.name, dt.date.fromisoformat(day), by, **_values(kind))
    with pytest.raises(TransitionError) as caught:
        record.record(path, table, CAT, dt.date.fromisoformat(as_of))
    return caught.value


KINDS = list(JOURNAL_KINDS.values())


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_an_entry_dated_after_as_of_is_refused_by_command_and_library(
    kind, cli, write, strategy_text,
):
    path = write("plan.toml", strategy_text)
    before = path.read_bytes()
    result = cli(*kind.command.words.split(), path, *_argv(kind)[2:], "--date", "2019-01-05",
                 "--as-of", "2018-12-31", "--by", "tester")
    error = _library(path, kind, "2019-01-05", "tester", "2018-12-31")
    assert isinstance(error, UsageError)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {error.message}\n")
    assert error.message.startswith("--date 2019-01-05 is after --as-of 2018-12-31")
    assert path.read_bytes() == before


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_an_escape_sequence_in_who_recorded_is_refused_by_command_and_library(
    kind, cli, write, strategy_text,
):
    path = write("plan.toml", strategy_text)
    before = path.read_bytes()
    result = cli(*kind.command.words.split(), path, *_argv(kind)[2:], "--date", "2018-06-01",
                 "--as-of", "2018-06-30", "--by", "Eve\x1b[31m")
    error = _library(path, kind, "2018-06-01", "Eve\x1b[31m", "2018-06-30")
    assert isinstance(error, UsageError)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {error.message}\n")
    assert "contains a line break or control character" in error.message
    assert "\x1b" not in result.stderr
    assert path.read_bytes() == before


def test_a_rule_refusal_is_the_same_from_the_command_and_the_library(cli, write, strategy_text):
    path = write("plan.toml", strategy_text)
    result = cli("milestone", "done", path, "M9", "--as-of", "2018-06-30", "--by", "t")
    table = record.entry("milestone.done", dt.date(2018, 6, 30), "t", milestone="M9")
    with pytest.raises(RefusedError) as caught:
        record.record(path, table, CAT, dt.date(2018, 6, 30))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {caught.value.message}\n")
    assert "J001" in caught.value.message


def test_a_bad_amount_is_refused_by_the_library_as_by_the_command(cli, write, strategy_text):
    path = write("plan.toml", strategy_text)
    result = cli("budget", "commit", path, "expertise", "12.345", "--ref", "C1",
                 "--as-of", "2018-06-30")
    table = record.entry("budget.commit", dt.date(2018, 6, 30), "t", envelope="expertise",
                         amount=parse_amount("12.34") + parse_amount("0.01") / 2, ref="C1")
    with pytest.raises(RefusedError) as caught:
        record.record(path, table, CAT, dt.date(2018, 6, 30))
    assert result.exit_code == 1
    assert "at most two decimals" in result.stderr
    assert "at most two decimals" in caught.value.message


def test_init_refuses_the_same_names_from_the_command_and_the_library(cli, tmp_path):
    result = cli("init", tmp_path / "transition.toml", "--region", "FRE", "--call", "itr-2017")
    with pytest.raises(UsageError) as caught:
        create.init(tmp_path / "transition.toml", kind="strategy", call="itr-2017",
                    region="FRE", catalogue=CAT)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {caught.value.message}\n")


def test_check_and_the_library_give_the_same_verdict_with_settings_and_a_calls_file(
    cli, tmp_path, monkeypatch, strategy_text,
):
    (tmp_path / ".git").mkdir()
    (tmp_path / "transition.toml").write_text('ignore = ["P005"]\nstrict = true\n')
    (tmp_path / "transition-calls.toml").write_text(
        'transition = "calls/1"\n\n[[calls]]\nid = "itr-2017"\ntitle = "Override"\n'
        'fund = "ERDF"\nanswered_by = "strategy"\nwork = { start = 2018-01-01, end = '
        "2019-12-31 }\n\n[[calls.envelopes]]\nid = \"expertise\"\ntitle = \"Expertise\"\n"
        "cap = 100000.00\nexpert_days = true\n")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "hdf.toml").write_text(strategy_text)
    monkeypatch.chdir(tmp_path)
    command = cli("check", "plans", "--as-of", "2018-06-30", "--format", "json")
    result = api.check_paths(["plans"], as_of=dt.date(2018, 6, 30))
    shown = json.loads(command.stdout)
    assert [(f["code"], f["message"]) for f in shown] == [
        (f.code, f.message) for f in result.findings]
    assert command.exit_code == int(result.exit_code()) == 1
    assert {f.code for f in result.findings} >= {"R007"}  # the calls file's lower cap
    assert "P005" not in {f.code for f in result.findings}  # the settings' ignore
    assert result.hidden >= 1
