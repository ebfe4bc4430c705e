"""What people see: status and portfolio at fixed widths, with and without colour; JSON shape.

Snapshots live in tests/snapshots/; regenerate with UPDATE_SNAPSHOTS=1 and read the diff.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from conftest import VIEWS_FIXTURE, snapshot

DOCS = Path(__file__).parent.parent / "docs" / "STATUS-JSON.md"
FIXTURE = VIEWS_FIXTURE
AS_OF = "2018-06-30"
ANSI = re.compile(r"\x1b\[[0-9;]*m")






@pytest.fixture
def folder(here):
    text = FIXTURE.read_text(encoding="utf-8")
    regions = here / "regions"
    regions.mkdir()
    (regions / "hdf.toml").write_text(text, encoding="utf-8")
    (regions / "sachsen.toml").write_text(
        text.split("[[journal]]")[0].replace('"Hauts-de-France"', '"Sachsen"')
        .replace('nuts = ["FRE1", "FRE2"]', 'nuts = ["DED2", "DED4", "DED5"]')
        .replace('country = "FR"', 'country = "DE"'), encoding="utf-8")
    (regions / "cantabria.toml").write_text(
        text.replace('"Hauts-de-France"', '"Cantabria"').replace('"itr-2017"', '"itr-2018"')
        .replace("start = 2018-01-01", "start = 2018-03-01")
        .replace("start = 2018-01-15", "start = 2018-03-15")
        .replace("2018-02-0", "2018-03-0"), encoding="utf-8")
    (regions / "notes.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    return regions


def test_status_text_100_columns(cli, here):
    result = cli("status", "hdf.toml", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout  # piped, NO_COLOR: plain text
    snapshot("status-100.txt", result.stdout)
    assert "LATE 15 d" in result.stdout
    assert "overall  AMBER  1 milestone late\n                1 warning from check\n" \
        in result.stdout
    assert "  expertise        200,000.00   61,800.50   12,000.00   138,199.50   ███░░░░░░░  31%" \
        in result.stdout


def test_status_text_60_columns(cli, here, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    result = cli("status", "hdf.toml", "--as-of", AS_OF)
    assert all(len(line) <= 60 for line in result.stdout.splitlines())
    snapshot("status-60.txt", result.stdout)


def test_status_with_colour(cli, here, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("status", "hdf.toml", "--as-of", AS_OF)
    assert "\x1b[1;31mLATE 15 d" in result.stdout  # late in bold red
    assert "\x1b[1;30;43m AMBER \x1b[0m" in result.stdout
    snapshot("status-100-colour.txt", result.stdout)
    # the same text once the colour is taken away
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR")
    plain = cli("status", "hdf.toml", "--as-of", AS_OF)
    assert ANSI.sub("", result.stdout) == plain.stdout


def test_no_color_wins_over_force_color(cli, here, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")  # NO_COLOR=1 from the fixture
    out = cli("status", "hdf.toml", "--as-of", AS_OF).stdout
    assert not re.search(r"\x1b\[[0-9;]*3[0-7][;m]", out)  # no colour, bold may stay
    assert "LATE 15 d" in out


@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {}])
def test_dumb_terminal_and_pipes_get_plain_text(cli, here, monkeypatch, env):
    monkeypatch.delenv("NO_COLOR")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    out = cli("status", "hdf.toml", "--as-of", AS_OF).stdout
    assert "\x1b" not in out
    assert "LATE 15 d" in out


def test_portfolio_text(cli, folder):
    result = cli("status", "regions", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    snapshot("portfolio-100.txt", result.stdout)
    assert " itr-2017  2 of 5  2,500,000.00*  1,000,000.00  61,800.50  12,000.00" \
        in result.stdout
    assert "AMBER Hauts-de-France: 1 milestone late" in result.stdout


def test_portfolio_60_columns_and_sort(cli, folder, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    result = cli("status", "regions", "--as-of", AS_OF, "--sort", "name")
    assert all(len(line) <= 60 for line in result.stdout.splitlines())
    snapshot("portfolio-60.txt", result.stdout)
    assert result.stdout.index("Cantabria") < result.stdout.index("Sachsen")
    data = json.loads(cli("status", "regions", "--as-of", AS_OF, "--sort", "name",
                          "--format", "json").stdout)
    assert [p["name"] for p in data["plans"]] == ["Cantabria", "Hauts-de-France", "Sachsen"]


def test_bad_sort_key_is_a_usage_error(cli, folder):
    result = cli("status", "regions", "--sort", "size")
    assert result.exit_code == 2
    assert "'size' is not one of" in result.stderr


def _schema() -> dict:
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("<!-- status-json-schema -->\n```json\n", 1)[1].split("\n```", 1)[0]
    return json.loads(block)


def test_json_status_matches_documented_shape(cli, here):
    result = cli("status", "hdf.toml", "--as-of", AS_OF, "--format", "json")
    data = json.loads(result.stdout)
    jsonschema.validate(data, _schema())
    assert data["schema"] == "transition-status/1"
    assert data["overall"] == "amber"
    env = data["envelopes"][0]
    assert (env["committed"], env["paid"], env["remaining"], env["share"]) == (
        "61800.50", "12000.00", "138199.50", "0.3090")
    assert env["forecast"] == {"window_start": "2018-04-02", "window_committed": "37800.50",
                               "cap_reached": "2019-05-26", "within_period": True,
                               "left_at_end": "-92383.55", "entries": 2, "span_days": 17,
                               "largest": "35000.50", "sound": False,
                               "basis": "from 2 entries: too few to forecast (a pace needs "
                                        "4 or more over 30 days or more)"}
    assert data["due"] == {"within": 30, "items": [
        {"kind": "milestone", "id": "M2", "title": "Peer learning with Sachsen and Wallonie, "
         "two study visits and a workshop", "date": "2018-06-15",
         "days": -15, "overdue": True, "detail": "planned, moved from 2018-05-31",
         "record": "transition milestone done hdf.toml M2"}]}
    assert data["experts"][1]["logged_days"] == "3.50"
    assert (env["managed_by"], env["awarded_by"], env["award_state"]) == (
        "commission", None, "none")
    implementation = data["envelopes"][1]
    assert {k: implementation[k] for k in ("managed_by", "awarded_by", "award_state",
                                           "awarded", "awards", "available", "gate_state")
            } == {"managed_by": "region", "awarded_by": "commission", "award_state": "awaited",
                  "awarded": None, "awards": [], "available": "300000.00",
                  "gate_state": "closed"}


def test_json_portfolio_matches_documented_shape(cli, folder):
    result = cli("status", "regions", "--as-of", AS_OF, "--format", "json")
    data = json.loads(result.stdout)
    jsonschema.validate(data, _schema())
    calls = {c["id"]: c for c in data["calls"]}
    assert calls["itr-2017"] == {
        "id": "itr-2017", "title": "Pilot action for regions in industrial transition, round 1",
        "plans": 2, "selects": 5, "budget": "2500000.00", "budget_derived": True,
        "cap": "1000000.00", "committed": "61800.50", "paid": "12000.00", "share": "0.0247",
        "funding": []}
    assert (calls["itr-2018"]["budget"], calls["itr-2018"]["budget_derived"]) == (
        "2500000.00", False)  # stated by the source
    # worst first: Sachsen has no journal, its milestones are months late
    assert [p["name"] for p in data["plans"]] == ["Sachsen", "Cantabria", "Hauts-de-France"]
    assert data["plans"][0]["overall"] == "red"


def test_the_documented_award_states_are_the_views():
    from transition_cli.views import AWARD_STATES

    envelope = _schema()["$defs"]["envelope"]["properties"]
    assert envelope["award_state"]["enum"] == list(AWARD_STATES)


def test_json_is_deterministic(cli, here):
    first = cli("status", "hdf.toml", "--as-of", AS_OF, "--format", "json").stdout
    assert cli("status", "hdf.toml", "--as-of", AS_OF, "--format", "json").stdout == first


def test_missing_file_and_calls_file(cli, here):
    missing = cli("status", "nope.toml", "--as-of", AS_OF)
    assert missing.exit_code == 2
    assert missing.stderr == "error: nope.toml: no such file or folder\n"
    (here / "calls.toml").write_text('transition = "calls/1"\n', encoding="utf-8")
    calls = cli("status", "calls.toml", "--as-of", AS_OF)
    assert calls.exit_code == 2  # the wrong kind of file, as for every other command
    assert calls.stderr == ("error: calls.toml is a calls file; status needs a strategy or "
                            "partnership file\n  hint: see the calls with `transition calls`\n")


def test_unusable_file_names_the_errors(cli, here):
    (here / "bad.toml").write_text('transition = "strategy/1"\ntitle = "x\n', encoding="utf-8")
    result = cli("status", "bad.toml", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "error: bad.toml: not usable, no status to show\nbad.toml:2:" in result.stderr
    assert "hint: run `transition check bad.toml` and fix the errors first" in result.stderr
