"""Partnership files end to end: scaffold, call rules, examples."""

from __future__ import annotations

import tomllib
from pathlib import Path

from regions_fixtures import FINLAND, PARTNERSHIP

EXAMPLES = Path(__file__).parent.parent / "examples" / "partnerships"
THREE_STATES = PARTNERSHIP.replace(FINLAND.strip() + "\n", "")
TWO_STATES_CALL = '''\
transition = "calls/1"

[[calls]]
id = "iip-2017"
title = "Interregional partnerships, as our programme runs them"
fund = "ERDF"
answered_by = "partnership"
work = { start = 2018-01-01, end = 2019-12-31 }
min_member_states = 2

[[calls.envelopes]]
id = "advice"
title = "External advice"
cap = 200000.00
'''


def test_three_member_states_fail_under_the_pilot_and_pass_under_a_call_asking_two(cli, write):
    path = write("three.toml", THREE_STATES)
    pilot = cli("check", path, "--as-of", "2018-06-30")
    assert pilot.exit_code == 1
    assert (f"{path}:10:1: error X002 members: 3 Member States (EE, ES, FR) among the "
            "members; iip-2017 asks for at least 4") in pilot.stdout
    calls = write("calls.toml", TWO_STATES_CALL)
    ours = cli("check", path, "--as-of", "2018-06-30", "--calls", calls)
    assert ours.exit_code == 0, ours.stdout
    assert "X002" not in ours.stdout


def test_init_partnership_passes_check_as_is(cli, tmp_path):
    path = tmp_path / "cyber.toml"
    result = cli("init", path, "--kind", "partnership", "--call", "iip-2017",
                 "--theme", "cybersecurity", "--coordinator", "FRH0", "--member", "EE00",
                 "--member", "ES41", "--member", "FI1B")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Wrote {path} (partnership cybersecurity: FRH0, EE00, "
                                    f"ES41, FI1B; call iip-2017). Next: transition check "
                                    f"{path}\n")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["coordinators"] == ["bretagne"]
    assert [m["nuts"] for m in data["members"]] == [["FRH0"], ["EE00"], ["ES41"], ["FI1B"]]
    assert [p["name"] for p in data["phases"]] == [
        "learn", "connect", "demonstrate", "commercialise", "scale-up"]
    assert data["phases"][0]["start"].isoformat() == "2018-01-01"
    assert data["phases"][-1]["end"].isoformat() == "2019-12-31"
    assert data["envelopes"] == [{"id": "advice", "cap": 200000.0}]
    check = cli("check", path, "--as-of", "2018-02-01")
    assert check.exit_code == 0
    assert "error" not in check.stdout


def test_init_partnership_with_a_uk_region_declares_nuts_2016(cli, tmp_path):
    path = tmp_path / "marine.toml"
    result = cli("init", path, "--kind", "partnership", "--call", "iip-2017",
                 "--theme", "marine renewable energy", "--coordinator", "UKM",
                 "--coordinator", "ES21", "--member", "PT20", "--member", "FRG0")
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["nuts_version"] == "2016"
    assert data["id"] == "marine-renewable-energy"
    assert data["coordinators"] == ["scotland", "pais-vasco"]
    assert cli("check", path, "--as-of", "2018-02-01").exit_code == 0


def test_init_partnership_short_of_member_states_says_so(cli, tmp_path):
    path = tmp_path / "two.toml"
    result = cli("init", path, "--kind", "partnership", "--call", "iip-2017",
                 "--theme", "x", "--coordinator", "FRH0", "--member", "EE00")
    assert result.exit_code == 0
    assert ("note: the regions are in 2 Member States; iip-2017 asks for at least 4"
            in result.stderr)


def test_init_partnership_usage_errors(cli, tmp_path):
    path = tmp_path / "p.toml"
    base = ("init", path, "--kind", "partnership", "--call", "iip-2017")
    no_lead = cli(*base, "--theme", "x", "--member", "EE00")
    assert no_lead.exit_code == 2
    assert "a partnership needs at least one --coordinator NUTS" in no_lead.stderr
    twice = cli(*base, "--theme", "x", "--coordinator", "FRH0", "--member", "frh0")
    assert twice.exit_code == 2
    assert "region listed twice: FRH0" in twice.stderr
    wrong_call = cli("init", path, "--kind", "partnership", "--call", "itr-2017",
                     "--theme", "x", "--coordinator", "FRH0")
    assert wrong_call.exit_code == 2
    assert "call itr-2017 is answered by a strategy file, not a partnership" in wrong_call.stderr
    unknown = cli(*base, "--theme", "x", "--coordinator", "FRH9")
    assert unknown.exit_code == 2
    assert "--coordinator FRH9: unknown NUTS code" in unknown.stderr
    same_region = cli(*base, "--theme", "x", "--coordinator", "FRH", "--member", "Brittany")
    assert same_region.exit_code == 2
    assert "region listed twice: FRH0" in same_region.stderr
    assert not path.exists()


def test_init_region_fre_writes_its_nuts_2_areas(cli, tmp_path):
    path = tmp_path / "hdf.toml"
    assert cli("init", path, "--region", "FRE", "--call", "itr-2017").exit_code == 0
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["region"] == {"name": "Hauts-de-France", "country": "FR",
                              "nuts": ["FRE1", "FRE2"]}


def test_the_eight_2017_partnerships_pass_check(cli):
    files = sorted(EXAMPLES.glob("*.toml"))
    assert len(files) == 8
    result = cli("check", EXAMPLES, "--as-of", "2018-06-30")
    assert result.exit_code == 0, result.stdout
    assert result.stderr == "All clean: 8 files checked, as of 2018-06-30.\n"
    for path in files:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
        assert data["transition"] == "partnership/1" and data["call"] == "iip-2017"
        assert "illustrative" in text
        states = {m["country"] for m in data["members"] if not m.get("associated")}
        assert len(states) >= 4, path.name


def test_example_leading_regions_follow_the_facts():
    leads = {}
    for path in EXAMPLES.glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        members = {m["id"]: m.get("nuts", []) for m in data["members"]}
        leads[data["theme"]] = sorted(c for lead in data["coordinators"] for c in members[lead])
    assert leads == {
        "3D printing": ["BE2", "NL41", "PT11"],
        "bio-economy": ["BE2"],
        "cybersecurity": ["FRH0"],
        "circular economy": ["ITC4"],
        "high-tech farming": ["ITI1"],
        "marine renewable energy": ["ES21", "UKM"],
        "sustainable buildings": ["ES61"],
        "traceability and big data in agri-food": ["ES61", "ITH5"],
    }
