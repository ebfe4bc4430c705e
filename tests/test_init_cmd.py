from __future__ import annotations

import tomllib

import pytest


def test_init_then_check_is_clean(cli, tmp_path):
    path = tmp_path / "hdf.toml"
    r = cli("init", path, "--region", "FRE", "--call", "itr-2017")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == (f"Wrote {path} (Hauts-de-France, FRE1, FRE2; call itr-2017). "
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


def test_milestones_fall_inside_the_work_period_of_each_call(cli, tmp_path):
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
    r = cli("init", tmp_path / "x.toml", "--region", "bretagne!", "--call", "itr-2017")
    assert r.exit_code == 2
    assert "is not a NUTS code" in r.stderr
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
    assert "implementation (gated)  300,000.00" in blocks["itr-2017"]
    after = cli("calls", "--as-of", "2018-01-20").stdout.splitlines()
    assert after[after.index(next(x for x in after if x.startswith(" itr-2018"))) + 1
                 ].split()[0] == "closed"


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
    r = cli("init", path, "--region", "FRE", "--call", "itr-2017",
            "--name", "Evil\x1b]0;t\x07\nname = 1", "--schema", "x\ny = 1")
    assert r.exit_code == 0, r.stderr
    text = path.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x1b" not in r.stderr
    assert text.splitlines()[0] == "#:schema x\\ny = 1"
    assert tomllib.loads(text)["region"]["name"] == "Evil\x1b]0;t\x07\nname = 1"
