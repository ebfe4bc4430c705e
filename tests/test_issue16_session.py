"""Issue 16's "done when", as a programme officer's session through the command line: void a
wrong payment, release the rest of a closed contract, reopen a milestone, list what is due
in the next 14 days across two regions, export a semicolon CSV that reads back with decimal
commas, and write an .ics file that icalendar parses back with the right events and the
same UIDs on a second run."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import icalendar
import pytest

from conftest import STRATEGY

AS_OF = "2018-09-20"
SAXONY = (STRATEGY.replace('name = "Hauts-de-France"', 'name = "Sachsen"')
          .replace('country = "FR"', 'country = "DE"')
          .replace('nuts = ["FRE1", "FRE2"]', 'nuts = ["DED"]')
          .replace("Hauts-de-France: transformation strategy", "Sachsen: transformation")
          .replace("due = 2018-09-30", "due = 2018-10-15"))


@pytest.fixture
def regions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "regions").mkdir()
    (tmp_path / "regions" / "hdf.toml").write_text(STRATEGY, encoding="utf-8")
    (tmp_path / "regions" / "sachsen.toml").write_text(SAXONY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRANSITION_USER", "Sophie Lefèvre")
    return tmp_path / "regions"


def test_a_month_of_corrections_due_dates_finance_and_calendars(cli, regions):
    hdf = "regions/hdf.toml"

    def run(*args: str) -> str:
        result = cli(*args, "--as-of", AS_OF)
        assert result.exit_code == 0, result.stderr
        return result.stderr + result.stdout

    run("milestone", "done", hdf, "M1", "--date", "2018-03-29")
    run("budget", "commit", hdf, "expertise", "24,000.00", "--ref", "C-1", "--date",
        "2018-04-03")
    run("budget", "pay", hdf, "expertise", "10000.50", "--ref", "C-1", "--date", "2018-05-02")
    run("budget", "pay", hdf, "expertise", "10000.50", "--ref", "C-1", "--date", "2018-05-03")
    run("milestone", "done", hdf, "M2", "--date", "2018-09-10")
    written = (regions / "hdf.toml").read_bytes()

    # The second payment was the first one typed twice: void it (entry 4).
    assert "entry 4 (budget.pay expertise, 2018-05-03) is void; C-1: EUR 10,000.50 paid of " \
           "EUR 24,000.00, EUR 13,999.50 unpaid" in run(
               "journal", "void", hdf, "4", "--reason", "Typed twice")
    # The contract closed under budget: the rest goes back to the envelope.
    released = run("budget", "release", hdf, "expertise", "--ref", "C-1")
    assert "Recorded budget.release C-1 of EUR 13,999.50 on expertise" in released
    assert "expertise has EUR 189,999.50 of EUR 200,000.00 left" in released
    # M2 was marked done by mistake.
    assert "M2 is started, due 2018-09-30" in run(
        "milestone", "reopen", hdf, "M2", "--reason", "Marked done by mistake")
    assert (regions / "hdf.toml").read_bytes().startswith(written)  # nothing rewritten
    log = " ".join(cli("log", hdf).stdout.split())
    assert "VOID: entry 6, 2018-09-20, by Sophie Lefèvre: Typed twice" in log

    # What is due in the next 14 days across both regions, soonest first.
    due = cli("due", "regions", "--within", "14", "--as-of", AS_OF)
    assert due.exit_code == 0, due.stderr
    lines = " ".join(due.stdout.split())
    assert "Due as of 2018-09-20: overdue, and within 14 days (to 2018-10-04)" in lines
    # Sachsen's M1, 173 days overdue, before Hauts-de-France's M2, due 2018-09-30.
    assert "OVERDUE 173 d" in lines and "in 10 days" in lines
    assert lines.index("transition milestone done regions/sachsen.toml M1") < lines.index(
        "transition milestone done regions/hdf.toml M2")
    assert "regions/sachsen.toml M2" not in lines  # due 2018-10-15, after the 14 days
    assert "2 items, 1 overdue" in lines

    # Finance: one semicolon CSV for both regions, read back with decimal commas.
    result = cli("export", "regions", "--separator", "semicolon", "-o", "journal.csv")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Wrote journal.csv (7 rows)\n"
    with Path("journal.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert {r["region"] for r in rows} == {"Hauts-de-France"}  # Sachsen has no entry yet
    amounts = {r["kind"]: Decimal(r["amount_eur"].replace(",", "."))
               for r in rows if r["amount_eur"]}
    assert [r["amount_eur"] for r in rows if r["amount_eur"]] == [
        "24000,00", "10000,50", "13999,50"]  # the voided payment is not exported
    assert amounts == {"budget.commit": Decimal("24000.00"), "budget.pay": Decimal("10000.50"),
                       "budget.release": Decimal("13999.50")}
    assert [r["voids"] for r in rows if r["kind"] == "journal.void"] == ["4"]

    # Calendars: both regions' milestones as all-day events, the same UIDs a second time.
    first = cli("calendar", "regions", "-o", "plan.ics", "--as-of", AS_OF)
    assert first.exit_code == 0, first.stderr
    assert first.stderr == "Wrote plan.ics (4 events)\n"
    cal = icalendar.Calendar.from_ical(Path("plan.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert sorted(events) == [
        "milestone-M1.DED.itr-2017@transition-cli",
        "milestone-M1.FRE1-FRE2.itr-2017@transition-cli",
        "milestone-M2.DED.itr-2017@transition-cli",
        "milestone-M2.FRE1-FRE2.itr-2017@transition-cli"]
    m1 = events["milestone-M1.FRE1-FRE2.itr-2017@transition-cli"]
    assert str(m1["summary"]) == "Done: M1 Diagnosis (Hauts-de-France)"
    assert m1.decoded("dtstart") == dt.date(2018, 3, 31)
    assert m1.decoded("dtend") == dt.date(2018, 4, 1)
    m2 = events["milestone-M2.FRE1-FRE2.itr-2017@transition-cli"]
    assert str(m2["summary"]) == "M2 Draft strategy (Hauts-de-France)"
    assert "started" in str(m2["description"])
    again = cli("calendar", "regions", "-o", "plan.ics", "--force", "--as-of", AS_OF)
    assert again.exit_code == 0
    assert sorted(str(e["uid"]) for e in icalendar.Calendar.from_ical(
        Path("plan.ics").read_bytes()).walk("VEVENT")) == sorted(events)


def test_a_cancelled_milestone_is_a_cancelled_event_and_deliverables_are_events(cli, tmp_path):
    from strategy_fixtures import WITH_STRATEGY

    plan = tmp_path / "s.toml"
    plan.write_text(WITH_STRATEGY + '\n[[journal]]\ndate = 2018-02-01\nkind = '
                    '"milestone.cancel"\nmilestone = "M1"\nreason = "Merged"\n',
                    encoding="utf-8")
    result = cli("calendar", plan, "--as-of", "2018-06-30")
    assert result.exit_code == 0, result.stderr
    cal = icalendar.Calendar.from_ical(result.stdout.encode("utf-8"))
    events = {str(e["uid"]).split(".")[0]: e for e in cal.walk("VEVENT")}
    assert str(events["milestone-M1"]["status"]) == "CANCELLED"
    assert str(events["milestone-M1"]["summary"]).startswith("Cancelled: M1 ")
    assert any(uid.startswith("deliverable-") for uid in events)
    assert all(e.decoded("dtend") - e.decoded("dtstart") == dt.timedelta(days=1)
               for e in events.values())
    assert cli("calendar", plan, "--as-of", "2018-06-30").stdout == result.stdout
    assert io.StringIO(result.stdout).readline() == "BEGIN:VCALENDAR\n"


def test_icalendar_is_imported_by_the_calendar_command_only():
    """A new run-time dependency, paid for only by the command that needs it."""
    import subprocess
    import sys

    src = Path(__file__).resolve().parent.parent / "src" / "transition_cli"
    importers = sorted(str(p.relative_to(src)) for p in src.rglob("*.py")
                       if "import icalendar" in p.read_text(encoding="utf-8"))
    assert importers == ["render/calendar.py"]
    users = sorted(str(p.relative_to(src)) for p in src.rglob("*.py")
                   if "render.calendar" in p.read_text(encoding="utf-8"))
    assert users == ["cli/calendar_cmd.py"]
    probe = ("import sys\nfrom typer.testing import CliRunner\nfrom transition_cli.cli import "
             "app\nCliRunner().invoke(app, ['status', 'examples/hauts-de-france.toml', "
             "'--as-of', '2018-11-30'])\nassert 'icalendar' not in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=src.parent.parent,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_status_lists_the_soonest_due_and_says_how_many_more(cli, tmp_path):
    """A plan with many orders never paid: status lists the first 12, counts the rest and
    names the command that lists them all; `due` lists them all."""
    orders = "".join(
        f'\n[[journal]]\ndate = 2018-02-{d:02d}\nkind = "budget.commit"\nenvelope = '
        f'"expertise"\nref = "O-{d}"\namount = 10.00\n' for d in range(1, 21))
    plan = tmp_path / "s.toml"
    plan.write_text(STRATEGY + orders, encoding="utf-8")
    status = cli("status", plan, "--as-of", "2018-06-30").stdout
    assert " ".join(status.split("What is due")[1].split("Envelopes")[0].split()).endswith(
        f"and 9 more, 9 of them overdue: all of them with `transition due {plan} --within 30`")
    due = cli("due", plan, "--as-of", "2018-06-30").stdout
    assert "21 items, 21 overdue" in due  # M1 and the 20 orders; M2 is due after 30 days


def test_days_past_the_plan_are_a_warning_and_show_in_the_team(cli, tmp_path):
    """Issue 16: 34.5 days logged of 20 planned passed clean."""
    text = STRATEGY.replace("planned_days = 40", "planned_days = 20") + (
        '\n[[journal]]\ndate = 2018-03-01\nkind = "expert.log"\nexpert = "lead"\ndays = 34.5\n')
    plan = tmp_path / "s.toml"
    plan.write_text(text, encoding="utf-8")
    check = cli("check", plan, "--as-of", "2018-03-02")
    assert check.exit_code == 0  # a warning
    assert ("warning B003 experts[0].planned_days: lead (Anne Martin) has logged 34.5 days "
            "of 20 planned, 14.5 more (EUR 31,050.00 against EUR 18,000.00 planned)"
            ) in check.stdout
    assert cli("check", plan, "--as-of", "2018-03-02", "--strict").exit_code == 1
    status = cli("status", plan, "--as-of", "2018-03-02").stdout
    assert "34.5 (+14.5)" in status.split("Expert team")[1]
    report = cli("report", plan, "--as-of", "2018-03-02").stdout
    assert "| 20 | 34.5 (+14.5 over plan) |" in report


def test_due_refuses_a_bad_horizon_and_a_folder_without_plans(cli, tmp_path):
    plan = tmp_path / "s.toml"
    plan.write_text(STRATEGY, encoding="utf-8")
    bad = cli("due", plan, "--within", "-1")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: --within -1: not a number of days from 0 to 3660")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "calls.toml").write_text('transition = "calls/1"\n', encoding="utf-8")
    none = cli("due", tmp_path / "empty", "--as-of", "2018-06-30")
    assert none.exit_code == 2
    assert "no strategy or partnership file" in none.stderr
    nothing = cli("due", plan, "--within", "0", "--as-of", "2018-02-01")
    assert nothing.exit_code == 0
    assert "Nothing overdue or due in that time." in nothing.stdout
