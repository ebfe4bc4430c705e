"""`log` and `export` take --as-of like every other view (issue 19): the journal as it stood
that day, its entries up to it, voided only by the voids dated up to it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HDF = ROOT / "examples" / "hauts-de-france.toml"


def test_log_as_of_shows_the_entries_up_to_that_day(cli):
    r = cli("log", HDF, "--as-of", "2018-04-16")
    assert r.exit_code == 0, r.stderr
    assert "(5 entries)" in r.stdout
    assert "2018-04-16" in r.stdout and "2018-06-15" not in r.stdout
    # --until and --as-of together: the earlier wins.
    r = cli("log", HDF, "--as-of", "2018-04-16", "--until", "2018-03-30")
    assert "2 of 5 entries" in r.stdout


def test_a_void_after_the_as_of_does_not_count(cli, tmp_path):
    path = tmp_path / "hdf.toml"
    path.write_text(HDF.read_text(encoding="utf-8"), encoding="utf-8")
    r = cli("journal", "void", path, "5", "--reason", "Paid twice", "--as-of", "2019-06-30")
    assert r.exit_code == 0, r.stderr
    before = cli("export", path, "--as-of", "2019-06-29").stdout
    after = cli("export", path, "--as-of", "2019-06-30").stdout
    refs = [row["ref"] for row in csv.DictReader(io.StringIO(before.lstrip("\ufeff")))]
    assert refs.count("EXP-2018-01") == 2  # committed and paid
    refs = [row["ref"] for row in csv.DictReader(io.StringIO(after.lstrip("\ufeff")))]
    assert refs.count("EXP-2018-01") == 1  # the payment is void from that day
    assert ", 1 void)" in cli("log", path, "--as-of", "2019-06-30").stdout
    assert ", 1 void)" not in cli("log", path, "--as-of", "2019-06-29").stdout


def test_export_as_of_writes_the_entries_up_to_that_day(cli):
    r = cli("export", HDF, "--as-of", "2018-04-16")
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    assert [row["date"] for row in rows] == ["2018-02-05", "2018-03-29", "2018-03-31",
                                            "2018-03-31", "2018-04-16"]


def test_a_bad_as_of_is_refused(cli):
    for command in ("log", "export"):
        r = cli(command, HDF, "--as-of", "2018-02-30")
        assert r.exit_code == 2 and "--as-of" in r.stderr
