"""Every boundary on money and dates, on both sides, as a user meets it (issue 20).

Each test runs the command (or the library's public function) at the boundary and one step
past it (a cent, a day) and says what the user must see: the exit code, the message, the
file's bytes. Each was checked against the mutant it guards (``>`` for ``>=``, ``<=`` for
``<``, 90 for 91 days): scripts/mutation.py keeps them honest (docs/TESTING.md).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from conftest import STRATEGY
from transition_cli.core.errors import RefusedError
from transition_cli.core.money import parse_amount, parse_days, parse_number


def journal(*entries: str, text: str = STRATEGY) -> str:
    """The conftest strategy with hand-written journal entries (``key = value`` lines)."""
    return text + "".join(f"\n[[journal]]\n{e.strip()}\n" for e in entries)


def commit(amount: str, date: str = "2018-03-01", ref: str = "C-1",
           envelope: str = "expertise") -> str:
    return (f'kind = "budget.commit"\ndate = {date}\nenvelope = "{envelope}"\n'
            f'amount = {amount}\nref = "{ref}"')


def done(milestone: str, date: str) -> str:
    return f'kind = "milestone.done"\ndate = {date}\nmilestone = "{milestone}"'


def one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------
# The largest amount, number of days and measured value a command takes


def test_the_largest_amount_is_read_and_one_cent_more_is_refused(cli, write):
    assert parse_amount("1000000000000") == Decimal("1000000000000.00")
    assert parse_amount("1,000,000,000,000.00") == Decimal("1000000000000.00")
    with pytest.raises(RefusedError) as refused:
        parse_amount("1000000000000.01")
    assert refused.value.message == "AMOUNT '1000000000000.01': implausibly large"
    assert refused.value.hint == "at most 1,000,000,000,000"

    path = write("s.toml", STRATEGY)
    # At the limit the amount is read; it is then judged against the envelope (J006).
    at = cli("budget", "commit", path, "expertise", "1000000000000", "--ref", "X",
             "--date", "2018-03-01")
    assert at.exit_code == 1
    assert "commitment X of EUR 1,000,000,000,000.00 is above what expertise has left" \
        in one_line(at.stderr)
    over = cli("budget", "commit", path, "expertise", "1000000000000.01", "--ref", "X",
               "--date", "2018-03-01")
    assert over.exit_code == 1
    assert one_line(over.stderr) == ("error: AMOUNT '1000000000000.01': implausibly large "
                                     "hint: at most 1,000,000,000,000")
    assert path.read_text(encoding="utf-8") == STRATEGY


def test_the_largest_number_of_days_is_read_and_a_hundredth_more_is_refused(cli, write):
    assert parse_days("100000") == Decimal(100000)
    with pytest.raises(RefusedError) as refused:
        parse_days("100000.01")
    assert refused.value.message == "DAYS '100000.01': implausibly large"
    assert refused.value.hint == "at most 100,000"

    path = write("s.toml", STRATEGY)
    at = cli("expert", "log", path, "lead", "100000", "--date", "2018-03-01")
    assert at.exit_code == 1
    assert "100000 days of lead take expertise over its cap" in one_line(at.stderr)
    over = cli("expert", "log", path, "lead", "100000.01", "--date", "2018-03-01")
    assert over.exit_code == 1
    assert one_line(over.stderr) == ("error: DAYS '100000.01': implausibly large "
                                     "hint: at most 100,000")
    assert path.read_text(encoding="utf-8") == STRATEGY


def test_the_largest_measured_value_is_read_and_a_hundredth_more_is_refused():
    assert parse_number("1000000000000") == Decimal(10**12)
    assert parse_number("0") == Decimal(0)  # nothing measured is a measurement too
    with pytest.raises(RefusedError) as refused:
        parse_number("1000000000000.01")
    assert refused.value.message == "VALUE '1000000000000.01': implausibly large"


# ---------------------------------------------------------------------------------------
# An envelope committed exactly to its cap (J006, status, B002)


def test_committing_exactly_the_cap_on_an_empty_envelope_is_recorded(cli, write):
    path = write("s.toml", STRATEGY)
    result = cli("budget", "commit", path, "expertise", "200000.00", "--ref", "C-1",
                 "--date", "2018-03-01", "--as-of", "2018-03-31")
    assert result.exit_code == 0, result.stderr
    said = one_line(result.stderr + result.stdout)
    assert "Recorded budget.commit C-1 of EUR 200,000.00 on expertise" in said
    assert "expertise has EUR 0.00 of EUR 200,000.00 left (EUR 0.00 paid)" in said

    check = cli("check", path, "--as-of", "2018-03-31")
    assert check.exit_code == 0
    assert "J006" not in check.stdout
    assert "0 errors, 1 warning in 1 file" in one_line(check.stdout + check.stderr)

    status = cli("status", path, "--as-of", "2018-03-31", "--format", "json")
    report = json.loads(status.stdout)
    assert report["overall"] == "amber"  # the B002 warning; not red
    expertise = report["envelopes"][0]
    assert (expertise["committed"], expertise["remaining"]) == ("200000.00", "0.00")

    # One cent more is refused, and the file is left as it was.
    written = path.read_bytes()
    more = cli("budget", "commit", path, "expertise", "0.01", "--ref", "C-2",
               "--date", "2018-03-02", "--as-of", "2018-03-31")
    assert more.exit_code == 1
    assert ("breaks rule J006: commitment C-2 of EUR 0.01 is above what expertise has "
            "left: cap EUR 200,000.00, committed EUR 200,000.00, remaining EUR 0.00"
            in one_line(more.stderr))
    assert path.read_bytes() == written


def test_one_cent_over_the_cap_on_an_empty_envelope_is_refused(cli, write):
    path = write("s.toml", STRATEGY)
    result = cli("budget", "commit", path, "expertise", "200000.01", "--ref", "C-1",
                 "--date", "2018-03-01", "--as-of", "2018-03-31")
    assert result.exit_code == 1
    assert ("commitment C-1 of EUR 200,000.01 is above what expertise has left: cap "
            "EUR 200,000.00, committed EUR 0.00, remaining EUR 200,000.00"
            in one_line(result.stderr))
    assert path.read_text(encoding="utf-8") == STRATEGY


def test_status_at_exactly_the_cap_is_not_over_it_and_a_cent_more_is(cli, write):
    at = write("at.toml", journal(commit("200000.00")))
    shown = cli("status", at, "--as-of", "2018-03-31")
    assert shown.exit_code == 0
    text = one_line(shown.stdout)
    assert "over its cap" not in text
    assert "RED" not in text
    assert "overall AMBER 1 warning from check" in text

    over = write("over.toml", journal(commit("200000.01")))
    shown = cli("status", over, "--as-of", "2018-03-31")
    text = one_line(shown.stdout)
    assert "over its cap by EUR 0.01" in text
    assert "overall RED 1 error from check expertise committed over its cap by EUR 0.01" \
        in text
    check = cli("check", over, "--as-of", "2018-03-31")
    assert check.exit_code == 1
    assert "J006" in check.stdout
    assert "B002" not in check.stdout  # over the cap is an error, not "nearly spent"


@pytest.mark.parametrize(("amount", "warned"), [
    ("180000.00", True),  # exactly 90 %
    ("179999.99", False),  # shown as 90 % when rounded, but under it
    ("200000.00", True),  # exactly 100 %
])
def test_nearly_spent_from_exactly_90_percent(cli, write, amount, warned):
    path = write("s.toml", journal(commit(amount)))
    check = cli("check", path, "--as-of", "2018-03-31")
    assert check.exit_code == 0
    left = Decimal(200000) - Decimal(amount)
    share = "90%" if amount.startswith("18") else "100%"
    b002 = (f"warning B002 envelopes[0]: expertise is {share} committed: EUR "
            f"{Decimal(amount):,.2f} of EUR 200,000.00, EUR {left:,.2f} left")
    assert (b002 in one_line(check.stdout)) is warned
    assert ("B002" in check.stdout) is warned


def test_expert_days_exactly_filling_the_cap_are_logged_and_a_cent_more_refused(cli, write):
    """199,100.00 committed, then 1 day at 900.00 fills the cap exactly (J007)."""
    path = write("s.toml", journal(commit("199100.00")))
    written = path.read_bytes()
    over = cli("expert", "log", path, "lead", "1.01", "--date", "2018-03-02",
               "--as-of", "2018-03-31")
    assert over.exit_code == 1
    assert ("1.01 days of lead take expertise over its cap: EUR 200,009.00 committed "
            "(commitments and expert days) against EUR 200,000.00" in one_line(over.stderr))
    assert path.read_bytes() == written
    at = cli("expert", "log", path, "lead", "1", "--date", "2018-03-02",
             "--as-of", "2018-03-31")
    assert at.exit_code == 0, at.stderr
    check = cli("check", path, "--as-of", "2018-03-31")
    assert check.exit_code == 0
    assert "J007" not in check.stdout


def test_paying_exactly_what_is_unpaid_is_recorded_and_a_cent_more_refused(cli, write):
    path = write("s.toml", journal(commit("24000.00")))
    written = path.read_bytes()
    over = cli("budget", "pay", path, "expertise", "24000.01", "--ref", "C-1",
               "--date", "2018-03-02", "--as-of", "2018-03-31")
    assert over.exit_code == 1
    assert ("payment of EUR 24,000.01 on C-1 is above what was committed: committed "
            "EUR 24,000.00, paid EUR 0.00, unpaid EUR 24,000.00" in one_line(over.stderr))
    assert path.read_bytes() == written
    at = cli("budget", "pay", path, "expertise", "24000.00", "--ref", "C-1",
             "--date", "2018-03-02", "--as-of", "2018-03-31")
    assert at.exit_code == 0, at.stderr


# ---------------------------------------------------------------------------------------
# A gate opens on the day its milestone is done

GATED_CALL = """\
transition = "calls/1"

[[calls]]
id = "gated"
title = "A call whose implementation opens on the gate milestone alone"
fund = "ERDF"
answered_by = "strategy"

[[calls.envelopes]]
id = "expertise"
title = "Expertise"
cap = 200000.00
expert_days = true

[[calls.envelopes]]
id = "implementation"
title = "Implementation"
cap = 300000.00
gated = true
"""


def test_a_commitment_dated_the_day_the_gate_milestone_is_done_is_accepted(cli, write):
    calls = write("calls.toml", GATED_CALL)
    path = write("s.toml", journal(done("M1", "2018-03-01"), done("M2", "2018-09-10"),
                                   text=STRATEGY.replace('"itr-2017"', '"gated"')))
    written = path.read_bytes()

    def record(date: str):
        return cli("budget", "commit", path, "implementation", "1000", "--ref", "I-1",
                   "--date", date, "--as-of", "2018-09-30", "--calls", calls)

    before = record("2018-09-09")
    assert before.exit_code == 1
    assert ("breaks rule J009: implementation is gated on M2 (done 2018-09-10); no "
            "commitment before it is done (this one is dated 2018-09-09)"
            in one_line(before.stderr))
    assert path.read_bytes() == written
    on_the_day = record("2018-09-10")
    assert on_the_day.exit_code == 0, on_the_day.stderr

    def gate(as_of: str) -> str:
        status = cli("status", path, "--as-of", as_of, "--calls", calls, "--format", "json")
        assert status.exit_code == 0, status.stderr
        return json.loads(status.stdout)["envelopes"][1]["gate_state"]

    assert gate("2018-09-09") == "closed"
    assert gate("2018-09-10") == "open"


# ---------------------------------------------------------------------------------------
# The forecast's pace window, and a cap reached on the period's last day


@pytest.mark.parametrize(("days_before", "counted"), [(89, True), (90, False), (91, False)])
def test_the_pace_window_is_the_90_days_up_to_and_including_the_as_of_date(
        cli, write, days_before, counted):
    """As of 2018-06-30 the window starts on 2018-04-02, 89 days before (docs: "the 90 days
    up to and including the as-of date")."""
    date = {89: "2018-04-02", 90: "2018-04-01", 91: "2018-03-31"}[days_before]
    path = write("s.toml", journal(commit("1000.00", date=date)))
    status = cli("status", path, "--as-of", "2018-06-30", "--format", "json")
    fc = json.loads(status.stdout)["envelopes"][0]["forecast"]
    assert fc["window_start"] == "2018-04-02"
    assert (fc["window_committed"], fc["entries"]) == (
        ("1000.00", 1) if counted else ("0.00", 0))
    text = one_line(cli("status", path, "--as-of", "2018-06-30").stdout)
    assert ("expertise: EUR 1,000.00 committed since 2018-04-02, from 1 entry" in text) \
        is counted


PACE = journal(done("M1", "2018-03-30"), done("M2", "2018-09-30"),
               *(commit("25000.00", date=d, ref=f"C-{n}") for n, d in enumerate(
                   ("2019-07-10", "2019-08-10", "2019-09-10", "2019-10-01"), start=1)))


def test_a_cap_reached_on_the_periods_last_day_is_within_the_period(cli, write):
    """EUR 100,000 committed in the window and EUR 100,000 left: the cap is reached 90
    days on. As of 2019-10-02 that is 2019-12-31, the period's last day (amber); a day
    later it is 2020-01-01, after the period (green)."""
    path = write("s.toml", PACE)
    on_last_day = cli("status", path, "--as-of", "2019-10-02", "--format", "json")
    report = json.loads(on_last_day.stdout)
    fc = report["envelopes"][0]["forecast"]
    assert (fc["cap_reached"], fc["within_period"], fc["sound"]) == ("2019-12-31", True, True)
    assert report["overall"] == "amber"
    assert report["reasons"] == ["expertise cap reached by 2019-12-31 at the pace of the "
                                 "last 90 days (from 4 entries over 83 days)"]

    after = json.loads(cli("status", path, "--as-of", "2019-10-03", "--format", "json").stdout)
    fc = after["envelopes"][0]["forecast"]
    assert (fc["cap_reached"], fc["within_period"]) == ("2020-01-01", False)
    assert after["overall"] == "green"


# ---------------------------------------------------------------------------------------
# Hostile text in an error finding, in JUnit


def test_junit_with_hostile_text_in_an_error_finding_is_valid_inert_xml(cli, write):
    path = write("s.toml", STRATEGY.replace("due = 2018-03-31", 'due = "\\u001b[31m\\u0007"'))
    result = cli("check", path, "--as-of", "2018-03-31", "--format", "junit")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    root = ET.fromstring(result.stdout.encode("utf-8"))
    failures = root.findall(".//failure")
    assert [(f.get("type"), f.get("message")) for f in failures] == [
        ("S005", 'malformed date "\\x1b[31m\\x07"')]
    assert (failures[0].text or "").startswith(
        f'{path}:24:7: error S005 milestones[0].due: malformed date "\\x1b[31m\\x07"')


# ---------------------------------------------------------------------------------------
# Overdue from the day after the due day; red from 31 days late


@pytest.mark.parametrize(("as_of", "overdue"), [("2018-03-31", False), ("2018-04-01", True)])
def test_a_milestone_is_overdue_from_the_day_after_it_is_due(cli, write, as_of, overdue):
    path = write("s.toml", STRATEGY)  # M1 is due 2018-03-31
    check = cli("check", path, "--as-of", as_of)
    p005 = ("warning P005 milestones[0]: M1 (Diagnosis) is overdue: due 2018-03-31, 1 day "
            "ago as of 2018-04-01")
    assert (p005 in one_line(check.stdout)) is overdue
    assert ("P005" in check.stdout) is overdue
    report = json.loads(cli("status", path, "--as-of", as_of, "--format", "json").stdout)
    assert report["milestones"][0]["late_days"] == (1 if overdue else 0)
    assert report["overall"] == ("amber" if overdue else "green")
    due = one_line(cli("due", path, "--as-of", as_of).stdout)
    assert ("OVERDUE 1 d" in due) is overdue
    assert ("today" in due) is not overdue


@pytest.mark.parametrize(("as_of", "late", "overall"), [
    ("2018-04-29", 29, "amber"),
    ("2018-04-30", 30, "amber"),  # 30 days late: late, not yet red
    ("2018-05-01", 31, "red"),  # more than 30 days late
])
def test_a_milestone_turns_the_status_red_when_more_than_30_days_late(
        cli, write, as_of, late, overall):
    path = write("s.toml", STRATEGY)  # M1 is due 2018-03-31
    report = json.loads(cli("status", path, "--as-of", as_of, "--format", "json").stdout)
    assert report["milestones"][0]["late_days"] == late
    assert report["overall"] == overall
    if overall == "red":
        assert report["reasons"] == ["1 milestone more than 30 days late (M1 by 31 days)",
                                     "1 warning from check"]
    else:
        assert report["reasons"] == ["1 milestone late", "1 warning from check"]
    shown = one_line(cli("status", path, "--as-of", as_of).stdout)
    assert f"overall {overall.upper()}" in shown

