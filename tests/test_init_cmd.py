from __future__ import annotations

import datetime as dt
import re
import tomllib

import pytest


def test_init_then_check_is_clean(cli, tmp_path):
    path = tmp_path / "hdf.toml"
    r = cli("init", path, "--region", "FRE", "--call", "itr-2017")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == (f"Wrote {path} (Hauts-de-France, FRE1, FRE2 in NUTS 2016; call itr-2017). "
                        f"Next: transition check {path}\n"
                        f"Wrote {tmp_path / 'schemas' / 'strategy-1.schema.json'} "
                        "(JSON Schema for editors; commit it too).\n")
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["region"]["nuts"] == ["FRE1", "FRE2"]
    assert [m["id"] for m in doc["milestones"]] == ["M1", "M2", "M3", "M4", "M5", "M6"]
    assert [e["id"] for e in doc["envelopes"]] == ["expertise", "implementation"]
    assert doc["envelopes"][1]["gate"] == "M4"
    assert len(doc["themes"]) == 5
    r = cli("check", path, "--as-of", "2018-01-15")
    assert r.exit_code == 0, r.stdout
    assert r.stdout == ""


def test_init_files_check_clean_before_the_deadline(cli, tmp_path):
    for call in ("itr-2017", "itr-2018"):
        path = tmp_path / f"{call}.toml"
        assert cli("init", path, "--region", "FRH0", "--call", call).exit_code == 0
        r = cli("check", path, "--as-of", "2017-12-01", "--strict")
        assert r.exit_code == 0, r.stdout


def test_init_never_overwrites(cli, tmp_path):
    path = tmp_path / "hdf.toml"
    path.write_text("# mine\n", encoding="utf-8")
    r = cli("init", path, "--region", "FRE", "--call", "itr-2017")
    assert r.exit_code == 2
    assert r.stderr == (f"error: {path} already exists; not overwriting it\n"
                        "  hint: choose another path, or pass --force to replace it\n")
    assert path.read_text(encoding="utf-8") == "# mine\n"
    assert not [p for p in tmp_path.iterdir() if p.name != "hdf.toml"]


def test_init_force_replaces(cli, tmp_path):
    path = tmp_path / "hdf.toml"
    path.write_text("# mine\n", encoding="utf-8")
    assert cli("init", path, "--region", "FRE", "--call", "itr-2017", "--force").exit_code == 0
    assert path.read_text(encoding="utf-8").startswith(
        "#:schema schemas/strategy-1.schema.json\n# Economic-transformation strategy")


def test_init_unknown_call_and_region(cli, tmp_path):
    r = cli("init", tmp_path / "x.toml", "--region", "FRE", "--call", "itr-2019")
    assert r.exit_code == 2
    assert r.stderr == ("error: unknown call 'itr-2019'\n"
                        '  hint: did you mean "itr-2018"? (known: iip-2017, itr-2017, itr-2018)\n')
    r = cli("init", tmp_path / "x.toml", "--region", "bretagn", "--call", "itr-2017")
    assert r.exit_code == 2
    assert r.stderr == ("error: --region 'bretagn': no region of that name\n"
                        "  hint: did you mean FRH0 (Bretagne), FRH (Bretagne)? give the NUTS "
                        "code; find it with `transition regions NAME`\n")
    r = cli("init", tmp_path / "x.toml", "--region", "  ", "--call", "itr-2017")
    assert r.exit_code == 2
    assert r.stderr.startswith("error: --region is empty\n")
    assert not (tmp_path / "x.toml").exists()


def test_title_with_quotes_and_accents_round_trips(cli, tmp_path):
    path = tmp_path / "x.toml"
    title = 'Stratégie "REV3" \\ Hauts-de-France'
    assert cli("init", path, "--region", "FRE", "--call", "itr-2017", "--title", title
               ).exit_code == 0
    assert tomllib.loads(path.read_text(encoding="utf-8"))["title"] == title


def test_calls_table(cli):
    r = cli("calls", "--as-of", "2018-01-10")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].strip() == "Calls as of 2018-01-10"
    starts = [n for n, line in enumerate(lines) if line.startswith((" itr", " iip"))]
    blocks = {lines[a].split()[0]: "\n".join(lines[a:b])
              for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)}
    assert blocks.keys() == {"itr-2017", "itr-2018", "iip-2017"}
    # at 100 columns the state sits under the id
    states = {call: block.splitlines()[1].split()[0] for call, block in blocks.items()}
    assert states == {"itr-2017": "closed", "itr-2018": "open", "iip-2017": "closed"}
    assert "deadline 2018-01-19" in blocks["itr-2018"]
    assert "deadline 2017-10-31" in blocks["iip-2017"]
    assert "deadline —" in blocks["itr-2017"]  # the sources give none
    assert "opens    2017-09-29" in blocks["itr-2017"]
    assert "region's; awarded by the Commission" in blocks["itr-2017"]
    assert "Commission's; experts' days" in blocks["itr-2017"]
    after = cli("calls", "--as-of", "2018-01-20").stdout.splitlines()
    assert after[after.index(next(x for x in after if x.startswith(" itr-2018"))) + 1
                 ].split()[0] == "closed"


@pytest.mark.parametrize("width", [120, 100, 80, 60])
def test_calls_table_never_cuts_a_date_or_an_amount(cli, monkeypatch, width):
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("calls", "--as-of", "2018-01-10").stdout
    assert max(cell_len(line) for line in out.splitlines()) <= width
    assert "…" not in out
    flat = re.sub(r" +", " ", out)  # labels and dates are aligned in a grid
    for whole in ("opens 2017-09-29", "selected 2017-12-12", "deadline 2018-01-19",
                  "selected 2018-03-07", "deadline 2017-10-31", "selected 2017-12-07",
                  "200,000.00", "300,000.00"):
        assert whole in flat, (width, whole)
    # A derived budget says so, where it is shown (issue 14): itr-2017's and iip-2017's.
    assert out.count("(derived:") == 2


def test_a_derived_budget_is_shown_as_derived():
    from transition_cli.files.calls import builtin_calls
    from transition_cli.render.tables import budget_text

    shown = {c.id: budget_text(c) for c in builtin_calls()}
    assert shown == {
        "itr-2017": "selects 5; budget 2,500,000.00 (derived: 5 x 500,000.00)",
        "itr-2018": "selects 7; budget 2,500,000.00",  # stated: EUR 2.5 million
        "iip-2017": "selects 8; budget 1,600,000.00 (derived: 8 x 200,000.00)",
    }


def test_calls_table_at_120_columns_has_a_column_per_fact(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    lines = cli("calls", "--as-of", "2018-01-10").stdout.splitlines()
    assert lines[2].split() == ["id", "state", "call", "envelope", "cap", "(EUR)", "dates"]
    row = next(line for line in lines if line.startswith(" itr-2018"))
    assert row.split()[1] == "open" and row.split()[-1] == "—"  # opens: no source gives it
    block = "\n".join(lines[lines.index(row):lines.index(row) + 4])
    assert "deadline 2018-01-19" in re.sub(r" +", " ", block)


@pytest.mark.parametrize("name", ["transition.toml", "transition-calls.toml", "pyproject.toml"])
def test_init_refuses_the_project_file_names(cli, tmp_path, name):
    r = cli("init", tmp_path / name, "--region", "FRE", "--call", "itr-2017")
    assert r.exit_code == 2
    assert r.stderr.startswith(f"error: {name} is the name of the project's ")
    assert not (tmp_path / name).exists()


def test_init_refuses_a_call_of_the_other_kind(cli, tmp_path):
    r = cli("init", tmp_path / "x.toml", "--region", "FRE", "--call", "iip-2017")
    assert (r.exit_code, r.stderr) == (
        2, "error: call iip-2017 is answered by a partnership file, not a strategy\n"
           "  hint: choose a call for this kind of file (`transition calls`), or add "
           "--kind partnership\n")


def test_init_keeps_control_characters_out_of_comments(cli, tmp_path):
    path = tmp_path / "x.toml"
    r = cli("init", path, "--region", "FRE", "--call", "itr-2017", "--schema", "x\ny = 1")
    assert r.exit_code == 0, r.stderr
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "#:schema x\\ny = 1"
    assert tomllib.loads(text)["region"]["name"] == "Hauts-de-France"


@pytest.mark.parametrize("option", ["--name", "--title"])
def test_init_refuses_a_name_or_title_on_several_lines(cli, tmp_path, option):
    """As the recording commands refuse them, and check finds them in a file (S009)."""
    path = tmp_path / "x.toml"
    r = cli("init", path, "--region", "FRE", "--call", "itr-2017",
            option, "Evil\x1b]0;t\x07\nname = 1")
    assert r.exit_code == 2
    assert "\x1b" not in r.stderr
    assert f"{option} 'Evil\\x1b]0;t\\x07\\nname = 1': contains a line break" in r.stderr
    assert not path.exists()


# The twelve beneficiaries of the pilot (FACTS.md), each with its round's call, as people
# name them, and the day after its selection was announced.
BENEFICIARIES = [
    ("Hauts-de-France", "itr-2017", ["FRE1", "FRE2"]),
    ("Norra Mellansverige", "itr-2017", ["SE31"]),
    ("Piemonte", "itr-2017", ["ITC1"]),
    ("Sachsen", "itr-2017", ["DED2", "DED4", "DED5"]),
    ("Wallonie", "itr-2017", ["BE31", "BE32", "BE33", "BE34", "BE35"]),
    ("Cantabria", "itr-2018", ["ES13"]),
    ("Centre-Val de Loire", "itr-2018", ["FRB0"]),
    ("East and North Finland", "itr-2018", ["FI1D"]),
    ("Grand Est", "itr-2018", ["FRF1", "FRF2", "FRF3"]),
    ("Greater Manchester", "itr-2018", ["UKD3"]),
    ("Lithuania", "itr-2018", ["LT01", "LT02"]),
    ("Slovenia", "itr-2018", ["SI03", "SI04"]),
]
AFTER_SELECTION = {"itr-2017": "2017-12-13", "itr-2018": "2018-03-08", "iip-2017": "2017-12-08"}


@pytest.mark.parametrize(("name", "call", "areas"), BENEFICIARIES)
def test_each_beneficiary_gets_a_file_that_passes_its_own_check(cli, tmp_path, name, call,
                                                               areas):
    path = tmp_path / "plan.toml"
    r = cli("init", path, "--region", name, "--call", call)
    assert r.exit_code == 0, r.stderr
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["region"]["nuts"] == areas
    assert doc["nuts_version"] == "2016"  # the version of the pilot's calls
    # Unchanged, every rule passes, warnings included: a selected beneficiary's file is not
    # late for the deadline, and no submission date is invented for it.
    assert "submitted" not in doc
    r = cli("check", path, "--strict", "--as-of", AFTER_SELECTION[call])
    assert r.exit_code == 0, r.stdout


def test_bretagne_gets_a_partnership_that_passes_its_own_check(cli, tmp_path):
    path = tmp_path / "cyber.toml"
    r = cli("init", path, "--kind", "partnership", "--call", "iip-2017", "--theme",
            "cybersecurity", "--coordinator", "Bretagne", "--member", "Estonia",
            "--member", "Castilla y León", "--member", "Helsinki-Uusimaa")
    assert r.exit_code == 0, r.stderr
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["nuts_version"] == "2016"
    assert [(m["id"], m["nuts"]) for m in doc["members"]] == [
        ("bretagne", ["FRH0"]), ("estonia", ["EE00"]), ("castilla-y-leon", ["ES41"]),
        ("helsinki-uusimaa", ["FI1B"])]
    assert "submitted" not in doc
    r = cli("check", path, "--strict", "--as-of", AFTER_SELECTION["iip-2017"])
    assert r.exit_code == 0, r.stdout


def test_a_member_state_strategy(cli, tmp_path):
    path = tmp_path / "lt.toml"
    r = cli("init", path, "--region", "LT", "--call", "itr-2018")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines()[0] == (
        f"Wrote {path} (the Member State Lithuania, LT01, LT02 in NUTS 2016; call itr-2018). "
        f"Next: transition check {path}")
    text = path.read_text(encoding="utf-8")
    assert ('# The region\'s codes are of NUTS 2016, the classification itr-2018 uses.\n'
            'nuts_version = "2016"\n\n[region]\nname = "Lithuania"\ncountry = "LT"\n'
            "# The Member State Lithuania: all its NUTS-2 regions.\n"
            'nuts = ["LT01", "LT02"]\n') in text
    assert 'title = "Economic transformation of Lithuania"' in text
    assert "LTZZ" not in text


@pytest.mark.parametrize(("region", "nuts"), [("EE", ["EE00"]), ("SI", ["SI03", "SI04"]),
                                              ("Estonia", ["EE00"]), ("GR", None)])
def test_a_country_never_brings_its_extra_regio_code(cli, tmp_path, region, nuts):
    path = tmp_path / "x.toml"
    assert cli("init", path, "--region", region, "--call", "itr-2017").exit_code == 0
    written = tomllib.loads(path.read_text(encoding="utf-8"))["region"]["nuts"]
    assert not [c for c in written if c.endswith("ZZ")]
    if nuts is not None:
        assert written == nuts


def test_a_name_says_which_region_it_chose(cli, tmp_path):
    path = tmp_path / "w.toml"
    r = cli("init", path, "--region", "Wallonia", "--call", "itr-2017")
    assert r.exit_code == 0
    assert r.stderr.splitlines()[0] == '--region "Wallonia" is BE3 (Région wallonne).'
    region = tomllib.loads(path.read_text(encoding="utf-8"))["region"]
    assert region == {"name": "Wallonia", "country": "BE",
                      "nuts": ["BE31", "BE32", "BE33", "BE34", "BE35"]}
    r = cli("init", tmp_path / "h.toml", "--region", "hauts-de-france", "--call", "itr-2017")
    assert r.stderr.splitlines()[0] == '--region "hauts-de-france" is FRE (Hauts-de-France).'


def test_greater_manchester_is_of_nuts_2016(cli, tmp_path):
    path = tmp_path / "gm.toml"
    r = cli("init", path, "--region", "UKD3", "--call", "itr-2018")
    assert r.exit_code == 0, r.stderr
    assert 'nuts_version = "2016"' in path.read_text(encoding="utf-8")
    assert cli("check", path, "--as-of", "2018-03-08", "--select", "N").exit_code == 0


@pytest.mark.parametrize(("region", "message", "hint"), [
    ("PT19", "error: --region PT19 (Centro (PT)) is a code of NUTS 2024 only, not of NUTS "
     "2016 (the NUTS version of call itr-2017)",
     "  hint: use the region's code in NUTS 2016: `transition regions PT --version 2016` "
     "lists PT's regions"),
    ("HR02", "error: --region HR02 (Panonska Hrvatska) is a code of NUTS 2021, 2024, not of "
     "NUTS 2016 (the NUTS version of call itr-2017)",
     "  hint: use the region's code in NUTS 2016: `transition regions HR --version 2016` "
     "lists HR's regions"),
    ("FR52", "error: --region FR52 (Bretagne) is a code of NUTS 2013 only, not of NUTS 2016 "
     "(the NUTS version of call itr-2017)",
     "  hint: use the region's code in NUTS 2016: `transition regions FR --version 2016` "
     "lists FR's regions"),
    ("LTZZ", "error: --region LTZZ is an Extra-Regio code (territory of Lithuania outside "
     "any region), not a region",
     "  hint: give a region of Lithuania, or LT for the whole Member State (`transition "
     "regions LT` lists them)"),
    ("Limburg", "error: --region 'Limburg': no region of that name",
     "  hint: did you mean NL42 (Limburg (NL)), DE723 (Limburg-Weilburg), BE22 (Prov. "
     "Limburg (BE))? give the NUTS code; find it with `transition regions NAME`"),
])
def test_regions_init_refuses_say_why(cli, tmp_path, region, message, hint):
    path = tmp_path / "x.toml"
    r = cli("init", path, "--region", region, "--call", "itr-2017")
    assert r.exit_code == 2
    assert r.stderr == f"{message}\n{hint}\n"
    assert not path.exists()


def test_a_period_no_source_gives_is_said_to_be_the_regions_assumption(cli, tmp_path):
    """No source gives the pilots' work period: the scaffold still writes a valid period,
    and says plainly that it is the region's planning assumption to replace (issue 14)."""
    path = tmp_path / "gm.toml"
    assert cli("init", path, "--region", "UKD3", "--call", "itr-2018").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert ("# A planning assumption, to replace with the region's own: itr-2018 gives no work\n"
            "# period, so this one runs 24 months from the month after the call's selection\n"
            "# (2018-03-07).\n"
            "period = { start = 2018-04-01, end = 2020-03-31 }\n") in text
    r = cli("init", tmp_path / "hdf.toml", "--region", "FRE", "--call", "itr-2017")
    assert r.exit_code == 0
    doc = tomllib.loads((tmp_path / "hdf.toml").read_text(encoding="utf-8"))
    assert doc["period"] == {"start": dt.date(2018, 1, 1), "end": dt.date(2019, 12, 31)}


def test_a_calls_work_period_is_used_where_it_declares_one(cli, tmp_path):
    calls = tmp_path / "calls.toml"
    calls.write_text('transition = "calls/1"\n\n[[calls]]\nid = "mine"\ntitle = "Mine"\n'
                     'fund = "JTF"\nanswered_by = "strategy"\n'
                     "work = { start = 2022-07-01, end = 2024-06-30 }\n\n"
                     '[[calls.envelopes]]\nid = "expertise"\ntitle = "Expertise"\n'
                     "cap = 100000.00\n", encoding="utf-8")
    path = tmp_path / "x.toml"
    assert cli("init", path, "--region", "FRE", "--call", "mine", "--calls", calls
               ).exit_code == 0
    assert ("# The work period of the call; narrow it if yours is shorter.\n"
            "period = { start = 2022-07-01, end = 2024-06-30 }\n"
            ) in path.read_text(encoding="utf-8")
    assert cli("check", path, "--calls", calls, "--as-of", "2022-07-01", "--strict"
               ).exit_code == 0


def test_the_scaffold_says_who_holds_each_envelope(cli, tmp_path):
    path = tmp_path / "hdf.toml"
    assert cli("init", path, "--region", "FRE", "--call", "itr-2017").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert ("# External expertise for the transformation strategy. The Commission's money: the\n"
            "# Commission commits and pays it, not the region. The experts' logged days are "
            "charged\n# here.\n[[envelopes]]\n") in text
    assert ("# Rapid implementation of the strategy. The region's money: the region commits and "
            "pays\n# it. It opens when the Commission awards it, at most the cap\n"
            "# (`transition budget award`); the gate milestone is the plan's step before asking "
            "for\n# it.\n[[envelopes]]\n") in text
