"""Edges the mutation check (scripts/mutation.py, docs/TESTING.md) found unguarded: each
test says, from the user's side, what one small slip in the code would change."""

from __future__ import annotations

import pytest

from conftest import STRATEGY

# Round 2 of the pilot: applications until 2018-01-19, selection announced 2018-03-07.
ROUND_2 = STRATEGY.replace('call = "itr-2017"', 'call = "itr-2018"')


def one_line(text: str) -> str:
    return " ".join(text.split())


def submitted(day: str | None) -> str:
    return ROUND_2 if day is None else ROUND_2.replace("period =", f"submitted = {day}\nperiod =")


@pytest.mark.parametrize(("sent", "listed"), [
    (None, True), ("2018-01-19", False), ("2018-01-20", True)])
def test_the_calls_deadline_is_due_until_a_submission_by_that_day(cli, write, sent, listed):
    path = write("s.toml", submitted(sent))
    due = one_line(cli("due", path, "--as-of", "2018-01-10").stdout)
    assert ("2018-01-19 deadline itr-2018 deadline of itr-2018 in 9 days no submission "
            "recorded" in due) is listed
    assert ("Nothing overdue or due in that time." in due) is not listed


@pytest.mark.parametrize(("as_of", "listed"), [("2018-03-06", True), ("2018-03-07", False)])
def test_the_deadline_is_no_longer_due_once_the_selection_is_announced(cli, write, as_of,
                                                                        listed):
    path = write("s.toml", submitted(None))
    due = one_line(cli("due", path, "--as-of", as_of).stdout)
    assert ("deadline itr-2018 deadline of itr-2018 OVERDUE 46 d" in due) is listed
    assert ("deadline of itr-2018" in due) is listed  # not listed at all on the day


@pytest.mark.parametrize(("as_of", "warned"), [
    ("2018-01-19", False),  # the deadline day: still time
    ("2018-01-20", True),
    ("2018-03-06", True),
    ("2018-03-07", False),  # the selection is announced
])
def test_c001_between_the_deadline_and_the_selection(cli, write, as_of, warned):
    path = write("s.toml", submitted(None))
    check = one_line(cli("check", path, "--as-of", as_of).stdout)
    assert ("warning C001 call: the deadline of itr-2018 passed on 2018-01-19 and no "
            "submission date is recorded" in check) is warned


@pytest.mark.parametrize(("sent", "warned"), [("2018-01-19", False), ("2018-01-20", True)])
def test_c001_a_submission_on_the_deadline_day_is_in_time(cli, write, sent, warned):
    path = write("s.toml", submitted(sent))
    check = one_line(cli("check", path, "--as-of", "2018-02-01").stdout)
    assert ("warning C001 submitted: the deadline of itr-2018 passed on 2018-01-19; "
            "submitted 2018-01-20, after it hint: record submitted = <date> if it was sent by "
            "2018-01-19, or choose an open call (`transition calls --as-of 2018-02-01`)"
            in check) is warned
    assert ("C001" in check) is warned


@pytest.mark.parametrize(("typed", "hint"), [
    # From 1,000 up, the hint shows the grouped form too.
    ("1 000,00", "that is the French way of writing it (spaces group thousands, a comma "
     "marks the decimals); here a dot marks the cents and commas may group thousands: "
     "write 1000.00 or 1,000.00"),
    ("999,99", "that is a decimal comma, the French and German way; here a dot marks the "
     "cents: write 999.99"),
    # A currency around a grouped amount (the command line's own grouping).
    ("EUR 24,000.00", "leave the currency out: amounts are in EUR; here a dot marks the "
     "cents and commas may group thousands: write 24000.00 or 24,000.00"),
])
def test_an_amount_written_another_way_gets_the_form_to_type(cli, write, typed, hint):
    path = write("s.toml", STRATEGY)
    result = cli("budget", "commit", path, "expertise", typed, "--ref", "X",
                 "--date", "2018-03-01")
    assert result.exit_code == 1
    assert one_line(result.stderr) == (f"error: AMOUNT '{typed}': not an amount in EUR "
                                       f"hint: {hint}")


@pytest.mark.parametrize(("day", "refused"), [("2018-05-09", True), ("2018-05-10", False)])
def test_a_milestone_dated_before_its_dependency_was_done_is_refused(cli, write, day, refused):
    # M1 is recorded done on 2018-05-10; M2 (after M1) recorded afterwards but dated
    # earlier was done before what it depends on. The same day is in order.
    path = write("s.toml", STRATEGY)
    assert cli("milestone", "done", path, "M1", "--date", "2018-05-10",
               "--as-of", "2018-06-30").exit_code == 0
    before = path.read_bytes()
    result = cli("milestone", "done", path, "M2", "--date", day, "--as-of", "2018-06-30")
    assert result.exit_code == (1 if refused else 0)
    assert (f"M2 done on {day} before M1 it depends on (done 2018-05-10)"
            in one_line(result.stderr)) is refused
    assert (path.read_bytes() == before) is refused


@pytest.mark.parametrize(("day", "refused"), [("2018-05-19", False), ("2018-05-20", True)])
def test_a_milestone_is_no_longer_done_from_the_day_it_is_reopened(cli, write, day, refused):
    # M1 done on 2018-05-10, reopened on 2018-05-20: M2 (after M1) can be done the day
    # before the reopening, not on that day.
    path = write("s.toml", STRATEGY)
    for args in (("done", path, "M1", "--date", "2018-05-10"),
                 ("reopen", path, "M1", "--date", "2018-05-20", "--reason", "not accepted")):
        assert cli("milestone", *args, "--as-of", "2018-06-30").exit_code == 0
    result = cli("milestone", "done", path, "M2", "--date", day, "--as-of", "2018-06-30")
    assert result.exit_code == (1 if refused else 0), result.stderr
    assert (f"M2 done on {day} before M1 it depends on (started)"
            in one_line(result.stderr)) is refused


@pytest.mark.parametrize(("day", "refused"), [("2018-09-19", False), ("2018-09-20", True)])
def test_a_gate_closes_on_the_day_its_milestone_is_reopened(cli, write, day, refused):
    from test_boundaries import GATED_CALL

    calls = write("calls.toml", GATED_CALL)
    path = write("s.toml", STRATEGY.replace('"itr-2017"', '"gated"'))
    for args in (("done", path, "M1", "--date", "2018-03-01"),
                 ("done", path, "M2", "--date", "2018-09-10"),
                 ("reopen", path, "M2", "--date", "2018-09-20", "--reason", "not accepted")):
        result = cli("milestone", *args, "--as-of", "2018-09-30", "--calls", calls)
        assert result.exit_code == 0, result.stderr
    result = cli("budget", "commit", path, "implementation", "1000", "--ref", "I-1",
                 "--date", day, "--as-of", "2018-09-30", "--calls", calls)
    assert result.exit_code == (1 if refused else 0), result.stderr
    assert ("breaks rule J009: implementation is gated on M2" in one_line(result.stderr)) \
        is refused


@pytest.mark.parametrize(("within", "listed"), [("30", True), ("29", False)])
def test_a_milestone_due_on_the_horizon_s_last_day_is_due(cli, write, within, listed):
    # M1 is due 2018-03-31: within 30 days of 2018-03-01 (the day itself counts).
    path = write("s.toml", STRATEGY)
    out = one_line(cli("due", path, "--as-of", "2018-03-01", "--within", within).stdout)
    assert ("milestone M1 Diagnosis" in out and "in 30 days" in out) is listed
    assert ("Nothing overdue or due in that time." in out) is not listed


@pytest.mark.parametrize(("within", "listed"), [("90", True), ("89", False)])
def test_a_commitment_unpaid_for_90_days_falls_due_on_the_90th(cli, write, within, listed):
    path = write("s.toml", STRATEGY)
    assert cli("budget", "commit", path, "expertise", "1000", "--ref", "E-1", "--date",
               "2018-03-01", "--as-of", "2018-03-01").exit_code == 0
    out = one_line(cli("due", path, "--as-of", "2018-03-01", "--within", within).stdout)
    assert ("payment E-1 unpaid, on expertise" in out and "in 90 days" in out
            and "EUR 1,000.00 committed 2018-03-01, nothing paid" in out) is listed


def test_a_commitment_paid_in_part_is_not_listed_as_unpaid(cli, write):
    path = write("s.toml", STRATEGY)
    for args in (("commit", path, "expertise", "1000", "--ref", "E-1"),
                 ("pay", path, "expertise", "1", "--ref", "E-1")):
        assert cli("budget", *args, "--date", "2018-03-01",
                   "--as-of", "2018-03-01").exit_code == 0
    out = one_line(cli("due", path, "--as-of", "2018-03-01", "--within", "120").stdout)
    assert "E-1" not in out


@pytest.mark.parametrize(("as_of", "rows"), [("2018-02-28", 0), ("2018-03-01", 1)])
def test_views_as_of_a_day_count_the_entries_dated_that_day(cli, write, as_of, rows):
    path = write("s.toml", STRATEGY)
    assert cli("budget", "commit", path, "expertise", "1000", "--ref", "E-1", "--date",
               "2018-03-01", "--as-of", "2018-03-01").exit_code == 0
    export = cli("export", path, "--as-of", as_of)
    assert export.exit_code == 0, export.stderr
    assert len(export.stdout.lstrip("\ufeff").splitlines()) == 1 + rows
    log = cli("log", path, "--as-of", as_of, "--no-pager")
    assert ("E-1" in log.stdout) is bool(rows)


def test_minus_zero_in_a_file_is_refused_with_the_number_to_write(cli, write):
    path = write("s.toml", STRATEGY.replace("cap = 200000.00", "cap = -0.00"))
    out = cli("check", path, "--as-of", "2018-03-01").stdout
    assert "amount has a minus sign: -0.00" in out
    assert "hint: write 0.00 without the sign" in out


@pytest.mark.parametrize(("as_of", "listed"), [("2018-03-01", True), ("2018-02-28", False)])
def test_status_lists_what_falls_due_in_the_next_30_days_and_no_further(cli, write, as_of,
                                                                         listed):
    path = write("s.toml", STRATEGY)  # M1 due 2018-03-31
    out = one_line(cli("status", path, "--as-of", as_of).stdout)
    assert ("What is due (next 30 days)" in out)
    assert ("milestone M1 Diagnosis" in out) is listed
    assert ("Nothing overdue or due in the next 30 days." in out) is not listed


def _junit(findings, problems=()):
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from transition_cli.check import CheckResult
    from transition_cli.files.loader import Document
    from transition_cli.render.context import RenderContext
    from transition_cli.render.machine import render_junit

    doc = Document("a.toml", findings=list(findings))
    result = CheckResult(documents=[doc], problems=list(problems))
    return ET.fromstring(render_junit(result, RenderContext(root=Path.cwd())))


def test_junit_names_two_findings_at_one_place_apart_and_counts_each():
    from transition_cli.core.findings import Finding, Severity

    def twice(severity):
        return Finding("J001", severity, "unknown", "a.toml", ("journal", 0, "milestone"), 5)

    suites = _junit([twice(Severity.ERROR), twice(Severity.ERROR), twice(Severity.WARNING)])
    names = [c.get("name") for c in suites.iter("testcase")]
    assert names == ["J001 journal[0].milestone", "J001 journal[0].milestone #2",
                     "J001 journal[0].milestone #3"]
    suite = suites.find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("3", "2")
    assert (suites.get("tests"), suites.get("failures"), suites.get("errors")) == ("3", "2", "0")


def test_junit_of_a_clean_file_is_one_passing_case_and_a_failed_run_an_inert_error():
    suites = _junit([])
    suite = suites.find("testsuite")
    assert suite.get("tests") == "1" and suites.get("tests") == "1"
    assert [c.get("name") for c in suites.iter("testcase")] == ["no findings"]
    failed = _junit([], problems=["b\x1b[31mad\n::error::x.toml: no such file or folder"])
    [error] = failed.iter("error")
    assert error.get("message") == "b\\x1b[31mad\\n::error::x.toml: no such file or folder"
    assert "\x1b" not in (error.text or "") and "\n" not in error.get("message")
    assert (failed.get("tests"), failed.get("errors")) == ("2", "1")


def _joins(*joins: tuple[str, str]) -> str:
    text = STRATEGY
    for cluster in sorted({c for c, _ in joins}):
        text += (f'\n[[journal]]\ndate = 2018-02-01\nkind = "cluster.add"\ncluster = "{cluster}"'
                 f'\nname = "Cluster {cluster}"\n')
    for day, (cluster, name) in enumerate(joins, start=2):
        text += (f'\n[[journal]]\ndate = 2018-02-{day:02d}\nkind = "cluster.join"\n'
                 f'cluster = "{cluster}"\nname = "{name}"\nmember_kind = "firm"\n')
    return text


def test_an_organisation_joining_a_cluster_twice_is_j002_naming_the_first_join(cli, write):
    path = write("j.toml", _joins(("c1", "Acme"), ("c1", "Acme")))
    out = cli("check", path, "--as-of", "2018-03-01").stdout
    assert 'error J002 journal[2].name: cluster.join: "Acme" is already a member of c1' in out
    assert (f"hint: an organisation joins once; if entry 2 was a mistake, void it: "
            f"`transition journal void {path} 2 --reason REASON --as-of 2018-03-01`") in out


def test_the_same_organisation_may_join_two_clusters_and_two_may_join_one(cli, write):
    path = write("j.toml", _joins(("c1", "Acme"), ("c2", "Acme"), ("c1", "Beta")))
    assert "J002" not in cli("check", path, "--as-of", "2018-03-01").stdout


def test_a_file_ending_in_an_open_basic_string_is_refused_too(cli, tmp_path):
    # The corpus case ends in an open ''' string; a """ one is closed by a note holding """
    # just as well, and the file must be refused, not the entry swallowed.
    from pathlib import Path

    corpus = Path(__file__).parent / "corpus" / "unterminated-string.toml"
    path = tmp_path / "hdf.toml"
    path.write_bytes(corpus.read_bytes().replace(b"'''", b'"""'))
    before = path.read_bytes()
    result = cli("budget", "commit", path, "expertise", "1000", "--ref", "X-1",
                 "--note", 'x"""#', "--as-of", "2018-06-30", "--by", "Anne")
    assert result.exit_code == 1
    assert "cannot be read as a plan" in result.stderr and "F001" in result.stderr
    assert path.read_bytes() == before


def test_the_library_refuses_a_date_time_where_a_date_belongs():
    import datetime as dt

    from transition_cli.core.errors import UsageError
    from transition_cli.record import validate

    table = {"kind": "milestone.done", "milestone": "M1",
             "date": dt.datetime(2018, 3, 1, 12, 0)}
    with pytest.raises(UsageError) as refused:
        validate(table, dt.date(2018, 6, 30))
    assert str(refused.value) == "--date datetime.datetime(2018, 3, 1, 12, 0): not a date"


@pytest.mark.parametrize(("day_rate", "found"), [("5000.00", False), ("5000.01", True)])
def test_planned_expert_cost_exactly_at_the_cap_is_within_it(cli, write, day_rate, found):
    # 40 planned days x EUR 5,000.00 = EUR 200,000.00, the expertise cap.
    path = write("s.toml", STRATEGY.replace("day_rate = 900.00", f"day_rate = {day_rate}"))
    out = one_line(cli("check", path, "--as-of", "2018-02-01").stdout)
    assert ("planned expert cost" in out) is found
    if found:
        assert ("planned expert cost EUR 200,000.40 (day rate x planned days) is above the "
                "expertise cap of EUR 200,000.00 by EUR 0.40") in out


@pytest.mark.parametrize(("day", "refused"), [("2018-03-10", False), ("2018-03-09", True)])
def test_a_void_may_be_dated_the_day_of_the_entry_it_voids_not_before(cli, write, day,
                                                                      refused):
    path = write("s.toml", STRATEGY)
    assert cli("milestone", "done", path, "M1", "--date", "2018-03-10",
               "--as-of", "2018-06-30").exit_code == 0
    result = cli("journal", "void", path, "1", "--reason", "wrong", "--date", day,
                 "--as-of", "2018-06-30")
    assert result.exit_code == (1 if refused else 0), result.stderr
    assert (f"journal.void dated {day} is before entry 1 it voids (dated 2018-03-10)"
            in one_line(result.stderr)) is refused


@pytest.mark.parametrize(("second", "refused"), [("100000", False), ("100000.01", True)])
def test_awards_add_up_to_at_most_the_cap(cli, write, second, refused):
    path = write("s.toml", STRATEGY)
    assert cli("budget", "award", path, "implementation", "200000", "--decision", "C-1",
               "--date", "2018-04-01", "--as-of", "2018-06-30").exit_code == 0
    result = cli("budget", "award", path, "implementation", second, "--decision", "C-2",
                 "--date", "2018-04-02", "--as-of", "2018-06-30")
    assert result.exit_code == (1 if refused else 0), result.stderr
    assert ("is above its cap: cap EUR 300,000.00, awarded before EUR 200,000.00"
            in one_line(result.stderr)) is refused


def test_two_clusters_with_one_id_are_a_duplicate(cli, write):
    cluster = ('\n[[clusters]]\nid = "c1"\nname = "Batteries"\ntheme = "energy"\n'
               'members = [{ name = "Acme", kind = "firm" }, '
               '{ name = "Lab", kind = "university" }]\n')
    path = write("s.toml", STRATEGY + cluster + cluster)
    out = one_line(cli("check", path, "--as-of", "2018-02-01").stdout)
    assert "clusters[1].id" in out and 'cluster id "c1"' in out


# ---------------------------------------------------------------------------------------
# Round 2 of the mutation check: the survivors of a 400-mutant sample


def _entry(day: str, kind: str, fields: str) -> str:
    return f'\n[[journal]]\ndate = {day}\nkind = "{kind}"\n{fields}\n'


@pytest.mark.parametrize("misnamed", [True, False])
def test_an_unknown_milestone_in_an_entry_is_j001_alone(cli, write, misnamed):
    # M1 started twice is J003; but while an entry names a milestone that does not exist
    # ("M9": the one it meant lost its record), no milestone's steps are judged: the
    # unknown id is the one thing to fix.
    starts = (_entry("2018-02-01", "milestone.start", 'milestone = "M1"')
              + _entry("2018-02-02", "milestone.start", 'milestone = "M1"'))
    named = "M9" if misnamed else "M2"
    path = write("s.toml", STRATEGY + starts + _entry("2018-02-03", "milestone.done",
                                                      f'milestone = "{named}"'))
    result = cli("check", path, "--as-of", "2018-03-01")
    if misnamed:
        assert result.stdout.splitlines() == [
            f'{path}:56:13: error J001 journal[2].milestone: milestone.done: unknown milestone '
            '"M9"', "    hint: known: M1, M2"]
        assert "1 error, 0 warnings in 1 file" in result.stderr
    else:
        assert "error J003 journal[1].kind: milestone.start: M1 is already started" \
            in result.stdout
        assert "J001" not in result.stdout


def test_starting_a_started_milestone_says_it_is_already_started(cli, write):
    path = write("s.toml", STRATEGY + _entry("2018-02-01", "milestone.start", 'milestone = "M1"')
                 + _entry("2018-02-02", "milestone.start", 'milestone = "M1"'))
    out = one_line(cli("check", path, "--as-of", "2018-03-01").stdout)
    assert "error J003 journal[1].kind: milestone.start: M1 is already started" in out
    assert (f"hint: if entry 1 (milestone.start) was a mistake, void it: `transition journal "
            f"void {path} 1 --reason REASON --as-of 2018-03-01`") in out


def test_reopening_a_planned_milestone_says_to_record_the_steps_in_order(cli, write):
    path = write("s.toml", STRATEGY + _entry("2018-02-01", "milestone.reopen",
                                             'milestone = "M1"\nreason = "x"'))
    out = one_line(cli("check", path, "--as-of", "2018-03-01").stdout)
    assert ("error J003 journal[0].kind: milestone.reopen: M1 is planned, not done or "
            f"cancelled hint: record the steps in order (`transition log {path} --as-of "
            "2018-03-01`)") in out


def test_a_commitment_before_the_gate_milestone_names_its_status(cli, write):
    from test_boundaries import GATED_CALL

    calls = write("calls.toml", GATED_CALL)
    path = write("s.toml", STRATEGY.replace('"itr-2017"', '"gated"'))
    before = path.read_bytes()
    result = cli("budget", "commit", path, "implementation", "1000", "--ref", "I-1",
                 "--date", "2018-03-01", "--as-of", "2018-03-01", "--calls", calls)
    assert result.exit_code == 1
    assert ("breaks rule J009: implementation is gated on M2 (planned); no commitment before "
            "it is done (this one is dated 2018-03-01)") in one_line(result.stderr)
    assert path.read_bytes() == before


def test_status_shows_the_gate_of_an_envelope_the_call_gates_closed_without_its_milestone(
        cli, write):
    # The call gates implementation; the plan names no gate milestone (R008): the gate is
    # closed, not absent, until the plan names the milestone and it is done.
    from test_boundaries import GATED_CALL

    calls = write("calls.toml", GATED_CALL)
    path = write("s.toml", STRATEGY.replace('"itr-2017"', '"gated"').replace('gate = "M2"\n',
                                                                             ""))
    out = cli("status", path, "--as-of", "2018-06-30", "--calls", calls).stdout
    rows = {line.split()[0]: line.split() for line in out.splitlines()
            if line.strip().startswith(("expertise ", "implementation "))}
    assert rows["implementation"][-1] == "closed"
    assert rows["expertise"][-1] == "—"
    assert ("overall RED 1 error from check 1 milestone more than 30 days late (M1 by 91 "
            "days) 1 warning from check Milestones") in one_line(out)
    assert "error R008 envelopes[1]: implementation is gated on progress in gated but names " \
        "no gate milestone" in one_line(out)


def test_a_dependency_cycle_is_named_once_from_the_first_milestone_in_the_file(cli, write):
    # M1 -> M3 -> M2 -> M1: found from M1, the first in the file, and reported at its
    # depends_on, not from wherever the walk happened to enter the cycle.
    text = STRATEGY.replace('owner = "lead"\n\n[[milestones]]\nid = "M2"',
                            'owner = "lead"\ndepends_on = ["M3"]\n\n[[milestones]]\nid = "M2"')
    text = text.replace('depends_on = ["M1"]\n', 'depends_on = ["M1"]\n\n[[milestones]]\n'
                        'id = "M3"\ntitle = "Consult"\ndue = 2018-10-30\nowner = "lead"\n'
                        'depends_on = ["M2"]\n')
    path = write("s.toml", text)
    out = cli("check", path, "--as-of", "2018-03-01").stdout
    cycles = [line for line in out.splitlines() if "dependency cycle" in line]
    assert cycles == [f"{path}:26:14: error R006 milestones[0].depends_on: dependency cycle: "
                      "M1 -> M3 -> M2 -> M1"]


def test_a_call_for_other_files_points_to_the_calls_command_without_a_file(cli, write):
    path = write("s.toml", STRATEGY.replace('"itr-2017"', '"iip-2017"'))
    out = one_line(cli("check", path, "--as-of", "2018-03-01").stdout)
    assert ('error R002 call: call "iip-2017" is answered by a partnership, not a strategy '
            "hint: name a call for strategy files (see `transition calls --as-of "
            "2018-03-01`)") in out


@pytest.mark.parametrize(("days", "warned"), [("2", False), ("3", True)])
def test_days_past_the_plan_of_an_expert_added_in_the_journal_point_at_that_entry(
        cli, write, days, warned):
    added = _entry("2018-02-01", "expert.add", 'expert = "x2"\nname = "Bo"\nrole = "r"\n'
                   'organisation = "o"\nday_rate = 500.00\nplanned_days = 2')
    path = write("s.toml", STRATEGY + added + _entry("2018-02-02", "expert.log",
                                                     f'expert = "x2"\ndays = {days}'))
    out = one_line(cli("check", path, "--as-of", "2018-03-01").stdout)
    assert ("warning B003 journal[0].planned_days: x2 (Bo) has logged 3 days of 2 planned, 1 "
            "more (EUR 1,500.00 against EUR 1,000.00 planned)" in out) is warned
    assert ("B003" in out) is warned


def test_an_empty_git_user_name_records_the_login_name(cli, write, monkeypatch, tmp_path):
    import getpass
    import subprocess

    monkeypatch.delenv("TRANSITION_USER", raising=False)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "config", "user.name", ""], check=True)
    path = write("s.toml", STRATEGY)
    result = cli("milestone", "done", path, "M1", "--date", "2018-03-01",
                 "--as-of", "2018-03-01")
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8").endswith(
        f'[[journal]]\nkind = "milestone.done"\ndate = 2018-03-01\nmilestone = "M1"\n'
        f'by = "{getpass.getuser()}"\n')


def test_the_library_names_a_bad_field_as_the_command_line_does():
    import datetime as dt
    from decimal import Decimal

    from transition_cli.core.errors import UsageError
    from transition_cli.record import validate

    base = {"kind": "budget.commit", "envelope": "expertise", "amount": Decimal("1"),
            "ref": "R-1", "date": dt.date(2018, 3, 1)}
    for changed, message in [
            ({"amount": "1"}, "AMOUNT '1': expected an amount in EUR as a Decimal"),
            ({"envelope": 5}, "ENVELOPE 5: expected text"),
            ({"ref": 5}, "--ref 5: expected text")]:
        with pytest.raises(UsageError) as refused:
            validate({**base, **changed}, dt.date(2018, 6, 30))
        assert str(refused.value) == message


@pytest.mark.parametrize(("awarded", "limit"), [
    ("300000", "cap EUR 300,000.00"),  # awarded the whole cap: the cap is the limit
    ("299999.99", "awarded EUR 299,999.99")])
def test_j006_names_the_award_as_the_limit_only_when_it_is_below_the_cap(cli, write, awarded,
                                                                        limit):
    path = write("s.toml", STRATEGY)
    assert cli("budget", "award", path, "implementation", awarded, "--decision", "C-1",
               "--date", "2018-04-01", "--as-of", "2018-06-30").exit_code == 0
    result = cli("budget", "commit", path, "implementation", "300000.01", "--ref", "I-1",
                 "--date", "2018-04-02", "--as-of", "2018-06-30")
    assert result.exit_code == 1
    assert (f"breaks rule J006: commitment I-1 of EUR 300,000.01 is above what implementation "
            f"has left: {limit}, committed EUR 0.00") in one_line(result.stderr)


@pytest.mark.parametrize(("amount", "refused"), [("191000.00", False), ("191000.01", True)])
def test_releasing_part_of_an_experts_commitment_uncovers_their_days(cli, write, amount,
                                                                     refused):
    # E-1 (9,000.00) covers lead's 10 days at 900.00; releasing 4,500.00 of it leaves 5 of
    # those days uncovered, so expertise still holds 9,000.00: 191,000.00 is left.
    path = write("s.toml", STRATEGY)
    for args in (("budget", "commit", path, "expertise", "9000", "--ref", "E-1", "--expert",
                  "lead", "--date", "2018-03-01"),
                 ("expert", "log", path, "lead", "10", "--date", "2018-03-02"),
                 ("budget", "release", path, "expertise", "4500", "--ref", "E-1", "--date",
                  "2018-03-03")):
        assert cli(*args, "--as-of", "2018-06-30").exit_code == 0
    result = cli("budget", "commit", path, "expertise", amount, "--ref", "E-2",
                 "--date", "2018-03-04", "--as-of", "2018-06-30")
    assert result.exit_code == (1 if refused else 0), result.stderr
    assert ("is above what expertise has left: cap EUR 200,000.00, committed EUR 9,000.00, "
            "remaining EUR 191,000.00" in one_line(result.stderr)) is refused


def _commits(*steps: tuple[str, str]) -> str:
    return STRATEGY + "".join(
        _entry(day, "budget.commit", f'envelope = "expertise"\nref = "E-{n}"\namount = {amount}')
        for n, (day, amount) in enumerate(steps, start=1))


@pytest.mark.parametrize(("steps", "basis"), [
    # Exactly half of what they add is a pace; a cent more is a one-off.
    ((("2018-05-01", "4000.00"), ("2018-05-15", "2000.00"), ("2018-06-01", "1000.00"),
      ("2018-06-30", "1000.00")),
     "from 4 entries over 60 days; cap reached on 2024-05-29, after the period"),
    ((("2018-05-01", "4000.01"), ("2018-05-15", "2000.00"), ("2018-06-01", "1000.00"),
      ("2018-06-30", "999.99")),
     "from 4 entries, one of them EUR 4,000.01, more than half: a one-off, not a pace to "
     "forecast"),
    # 4 entries are a pace, 3 too few.
    ((("2018-05-15", "2000.00"), ("2018-06-01", "1000.00"), ("2018-06-30", "1000.00")),
     "from 3 entries: too few to forecast (a pace needs 4 or more over 30 days or more)"),
    # Over 30 days is a pace, over 29 too close together.
    ((("2018-05-31", "2000.00"), ("2018-06-10", "2000.00"), ("2018-06-20", "2000.00"),
      ("2018-06-30", "2000.00")),
     "from 4 entries over 30 days; cap reached on 2024-05-29, after the period"),
    ((("2018-06-01", "2000.00"), ("2018-06-10", "2000.00"), ("2018-06-20", "2000.00"),
      ("2018-06-30", "2000.00")),
     "from 4 entries within 29 days: too close together to forecast (a pace needs 30 days "
     "or more)"),
])
def test_status_forecasts_from_a_pace_on_both_sides_of_each_rule(cli, write, steps, basis):
    path = write("s.toml", _commits(*steps))
    out = one_line(cli("status", path, "--as-of", "2018-06-30").stdout)
    assert f"committed since 2018-04-02, {basis}" in out


def test_a_release_in_the_window_is_no_negative_pace(cli, write):
    # 10,000.00 committed before the window, 4,000.00 of it released inside: the envelope
    # grew by nothing in the window (not by minus 4,000.00).
    path = write("s.toml", _commits(("2018-03-01", "10000.00")) + _entry(
        "2018-06-01", "budget.release", 'envelope = "expertise"\nref = "E-1"\namount = 4000.00'))
    out = one_line(cli("status", path, "--as-of", "2018-06-30").stdout)
    assert ("expertise: EUR 0.00 committed since 2018-04-02, nothing committed in the window: "
            "no pace to forecast; EUR 194,000.00 left now") in out


def test_junit_names_a_file_with_a_line_break_on_one_line():
    suites = _junit([])
    assert suites.find("testsuite").get("name") == "a.toml"
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from transition_cli.check import CheckResult
    from transition_cli.files.loader import Document
    from transition_cli.render.context import RenderContext
    from transition_cli.render.machine import render_junit

    result = CheckResult(documents=[Document("a\nb.toml", findings=[])], problems=[])
    suite = ET.fromstring(render_junit(result, RenderContext(root=Path.cwd()))).find("testsuite")
    assert suite.get("name") == "a\\nb.toml"
    [case] = suite.iter("testcase")
    assert (case.get("classname"), case.get("file")) == ("a\\nb.toml", "a\\nb.toml")


def test_the_report_lists_budget_entries_alone_as_money(cli, write):
    # A stray amount on a milestone entry (S003) is no payment.
    path = write("s.toml", _commits(("2018-03-01", "10000.00")) + _entry(
        "2018-03-02", "milestone.done", 'milestone = "M1"\namount = 5.00'))
    out = cli("report", path, "--as-of", "2018-06-30").stdout
    section = out.split("## Commitments and payments (EUR)")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    assert rows[1:] == ["| 1 | 2018-03-01 | commitment | expertise | E-1 | 10,000.00 | — |  |"]
    assert 'warning S003 journal\\[1\\].amount: key "amount" does not belong' in out


def test_export_refuses_a_plan_it_cannot_read_and_exports_nothing(cli, write):
    good = write("s.toml", _commits(("2018-03-01", "10000.00")))
    bad = write("bad.toml", 'transition = "strategy/1"\ncall = \n')
    result = cli("export", good, bad, "--as-of", "2018-06-30")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert one_line(result.stderr) == (f"error: {bad}: cannot be read as a plan; nothing "
                                       f"exported hint: run `transition check {bad}` and fix "
                                       "the errors first")


def test_a_calls_budget_is_derived_from_its_selections_and_unknown_without_a_call(cli, write):
    import json

    from test_boundaries import GATED_CALL

    # "gated" states no budget but selects 3 plans of EUR 500,000.00 of caps each.
    calls = write("calls.toml", GATED_CALL.replace('answered_by = "strategy"',
                                                   'answered_by = "strategy"\nselects = 3'))
    known = write("a.toml", STRATEGY.replace('"itr-2017"', '"gated"'))
    unknown = write("b.toml", STRATEGY.replace('"itr-2017"', '"nope-1"'))
    result = cli("status", known, unknown, "--calls", calls, "--as-of", "2018-06-30",
                 "--format", "json")
    totals = {c["id"]: (c["selects"], c["budget"], c["budget_derived"], c["share"])
              for c in json.loads(result.stdout)["calls"]}
    assert totals == {"gated": (3, "1500000.00", True, "0.0000"),
                      "nope-1": (None, None, False, None)}


def test_an_entry_repeating_an_error_the_file_already_has_is_still_refused(cli, write):
    # journal[1] already breaks J003 with the very message a third start would bring.
    path = write("s.toml", STRATEGY + _entry("2018-02-01", "milestone.start", 'milestone = "M1"')
                 + _entry("2018-02-02", "milestone.start", 'milestone = "M1"'))
    before = path.read_bytes()
    result = cli("milestone", "start", path, "M1", "--date", "2018-02-03",
                 "--as-of", "2018-06-30")
    assert result.exit_code == 1
    assert ("not recorded, milestone.start M1 breaks rule J003: milestone.start: M1 is already "
            "started") in one_line(result.stderr)
    assert path.read_bytes() == before


@pytest.mark.parametrize(("option", "value", "refused"), [
    ("--milestone", "E-1", "--milestone 'E-1': {path} has no such milestone hint: known: M1, "
     "M2, M9"),
    ("--envelope", "E-1", "--envelope 'E-1': {path} has no such envelope hint: known: "
     "expertise, implementation"),
    ("--milestone", "M9", None),  # added by the journal
])
def test_log_knows_the_ids_the_plan_and_its_journal_add_and_no_others(cli, write, option,
                                                                      value, refused):
    path = write("s.toml", _commits(("2018-03-01", "10000.00")) + _entry(
        "2018-03-02", "milestone.add", 'milestone = "M9"\ntitle = "x"\ndue = 2018-07-01'))
    result = cli("log", path, option, value, "--as-of", "2018-06-30", "--no-pager")
    if refused is None:
        assert result.exit_code == 0, result.stderr
        assert "M9" in result.stdout and "E-1" not in result.stdout
    else:
        assert result.exit_code == 2
        assert one_line(result.stderr) == "error: " + refused.format(path=path)


def test_the_library_refuses_a_field_the_kind_does_not_take_naming_those_it_does():
    import datetime as dt

    from transition_cli.core.errors import UsageError
    from transition_cli.record import validate

    with pytest.raises(UsageError) as refused:
        validate({"kind": "milestone.done", "milestone": "M1", "date": dt.date(2018, 3, 1),
                  "envelope": "expertise"}, dt.date(2018, 6, 30))
    assert str(refused.value) == "milestone.done takes no envelope"
    assert refused.value.hint == "its fields: by, date, kind, milestone, note"


def test_an_envelope_without_a_gate_is_open_any_day():
    import datetime as dt

    from transition_cli.api import load_text
    from transition_cli.ledger.replay import derive

    doc = load_text(STRATEGY, "s.toml", as_of=dt.date(2018, 6, 30))
    state = derive(doc.plan)
    assert state.envelopes["expertise"].gate_open(dt.date(2018, 1, 1)) is True
    assert state.envelopes["implementation"].gate_open(dt.date(2018, 1, 1)) is False


def test_the_library_shows_an_invisible_character_in_a_bad_id():
    import datetime as dt

    from transition_cli.core.errors import UsageError
    from transition_cli.record import validate

    # U+3164 (a Hangul filler) prints as nothing: the message must show it, as \u3164.
    with pytest.raises(UsageError) as refused:
        validate({"kind": "milestone.done", "milestone": "M\u3164",
                  "date": dt.date(2018, 3, 1)}, dt.date(2018, 6, 30))
    assert "\u3164" not in str(refused.value)
    assert str(refused.value).startswith("ID 'M\\\\u3164': not an id")


@pytest.mark.parametrize(("filters", "shown"), [
    ((), [1, 2, 3]),
    (("--envelope", "expertise"), [1, 3]),
    (("--milestone", "M1"), [2]),
    (("--kind", "budget.pay"), [3]),
    (("--kind", "budget"), [1, 3]),
    (("--since", "2018-03-10"), [2, 3]),  # the day itself is included
    (("--since", "2018-03-11"), [3]),
    (("--until", "2018-03-10"), [1, 2]),  # the day itself is included
    (("--until", "2018-03-09"), [1]),
    (("--since", "2018-03-10", "--until", "2018-03-10"), [2]),
])
def test_log_keeps_the_entries_each_filter_names_on_both_sides(cli, write, filters, shown):
    path = write("s.toml", _commits(("2018-03-01", "1000.00"))
                 + _entry("2018-03-10", "milestone.done", 'milestone = "M1"')
                 + _entry("2018-03-20", "budget.pay",
                          'envelope = "expertise"\nref = "E-1"\namount = 500.00'))
    result = cli("log", path, *filters, "--as-of", "2018-06-30", "--no-pager")
    assert result.exit_code == 0, result.stderr
    rows = [int(line.split()[0]) for line in result.stdout.splitlines()
            if line.strip()[:1].isdigit()]
    assert rows == shown


@pytest.mark.parametrize(("within", "refused"), [("3660", False), ("3661", True)])
def test_due_looks_ten_years_ahead_at_most(cli, write, within, refused):
    path = write("s.toml", STRATEGY)
    result = cli("due", path, "--as-of", "2018-03-01", "--within", within)
    assert result.exit_code == (2 if refused else 0), result.stderr
    assert (one_line(result.stderr) == "error: --within 3661: not a number of days from 0 to "
            "3660 hint: e.g. --within 14 for the next two weeks") is refused
    assert ("2 items" in result.stdout) is not refused


@pytest.mark.parametrize(("as_of", "overall"), [
    ("2018-03-31", "GREEN no late milestone"),  # M1's due day
    ("2018-04-01", "AMBER 1 milestone late")])  # one day late
def test_status_turns_amber_the_day_after_a_milestone_is_due(cli, write, as_of, overall):
    import json

    path = write("s.toml", STRATEGY)
    out = one_line(cli("status", path, "--as-of", as_of).stdout)
    assert f"overall {overall}" in out
    late = as_of == "2018-04-01"
    [m1, _] = json.loads(cli("status", path, "--as-of", as_of, "--format", "json").stdout)[
        "milestones"]
    assert (m1["late"], m1["late_days"]) == (late, 1 if late else 0)
    assert ("**LATE 1 d**" in cli("report", path, "--as-of", as_of).stdout) is late


def test_the_portfolio_sorted_by_status_puts_red_before_amber_however_late(cli, write):
    # Both have a milestone a day late; Bbb is red for an error too (R008: implementation
    # names no gate milestone). Red comes first, though its name sorts after.
    from test_boundaries import GATED_CALL

    calls = write("calls.toml", GATED_CALL)
    red = write("b.toml", STRATEGY.replace("Hauts-de-France", "Bbb").replace(
        '"itr-2017"', '"gated"').replace('gate = "M2"\n', ""))
    amber = write("a.toml", STRATEGY.replace("Hauts-de-France", "Aaa"))
    import json

    out = cli("status", amber, red, "--calls", calls, "--as-of", "2018-04-01",
              "--sort", "status", "--format", "json").stdout
    plans = [(p["name"], p["overall"], p["milestones"]["late"])
             for p in json.loads(out)["plans"]]
    assert plans == [("Bbb", "red", 1), ("Aaa", "amber", 1)]


def test_an_award_above_the_cap_makes_no_more_available_than_the_cap(cli, write):
    import json

    # J010 refuses such an award when recorded; a file may hold one all the same.
    path = write("s.toml", _commits() + _entry(
        "2018-04-01", "budget.award",
        'envelope = "implementation"\ndecision = "C-1"\namount = 300000.01'))
    out = json.loads(cli("status", path, "--as-of", "2018-06-30", "--format", "json").stdout)
    [row] = [e for e in out["envelopes"] if e["id"] == "implementation"]
    assert (row["available"], row["remaining"]) == ("300000.00", "300000.00")


def test_voiding_a_void_that_names_itself_says_it_is_void(cli, write):
    # A hand-written void naming itself (J011) is the journal's only entry; voiding it is
    # the fix, and the command says what it did.
    path = write("s.toml", STRATEGY + _entry("2018-02-01", "journal.void",
                                             'voids = 1\nreason = "x"'))
    assert "J011 journal[0].voids: journal.void: entry 1 names itself" in cli(
        "check", path, "--as-of", "2018-02-10").stdout
    result = cli("journal", "void", path, "1", "--reason", "undo", "--date", "2018-02-02",
                 "--as-of", "2018-02-10")
    assert result.exit_code == 0, result.stderr
    assert one_line(result.stderr).endswith(
        "; entry 1 (journal.void entry 1, 2018-02-01) is void.")
    assert cli("check", path, "--as-of", "2018-02-10").exit_code == 0


@pytest.mark.parametrize(("due", "refused"), [
    ("date", None),
    ("datetime", "--due datetime.datetime(2018, 7, 1, 9, 0): not a date"),
    ("text", "--due '2018-07-01': not a date")])
def test_the_library_takes_a_date_and_nothing_else_for_a_date_field(due, refused):
    import datetime as dt

    from transition_cli.core.errors import UsageError
    from transition_cli.record import validate

    value = {"date": dt.date(2018, 7, 1), "datetime": dt.datetime(2018, 7, 1, 9, 0),
             "text": "2018-07-01"}[due]
    table = {"kind": "milestone.add", "milestone": "M9", "title": "x", "due": value,
             "date": dt.date(2018, 3, 1)}
    if refused is None:
        assert validate(table, dt.date(2018, 6, 30))["due"] == dt.date(2018, 7, 1)
        return
    with pytest.raises(UsageError) as error:
        validate(table, dt.date(2018, 6, 30))
    assert str(error.value) == refused
    assert error.value.hint == "write YYYY-MM-DD"


def test_junit_of_a_finding_is_this_exact_document_with_an_inert_hint():
    from pathlib import Path

    from transition_cli.check import CheckResult
    from transition_cli.core.findings import Finding, Severity
    from transition_cli.files.loader import Document
    from transition_cli.render.context import RenderContext
    from transition_cli.render.machine import render_junit

    finding = Finding("P005", Severity.WARNING, "M1 is overdue", "a.toml", ("milestones", 0),
                      7, 1, hint="record it\x1b[31m done")
    result = CheckResult(documents=[Document("a.toml", findings=[finding])], problems=[])
    text = render_junit(result, RenderContext(root=Path.cwd()))
    assert "\x1b" not in text
    assert text.splitlines()[:4] == [
        "<?xml version='1.0' encoding='utf-8'?>",
        '<testsuites name="transition check" tests="1" failures="0" errors="0">',
        '  <testsuite name="a.toml" tests="1" failures="0" errors="0" skipped="0">',
        '    <testcase name="P005 milestones[0]" classname="a.toml" file="a.toml" line="7">']
    assert "hint: record it\\x1b[31m done</system-out>" in text


@pytest.mark.parametrize(("kind", "fields", "hint"), [
    ("budget.commit", 'envelope = "expertise"\nref = "E-1"\namount = 10.00',
     "each commitment needs its own reference"),
    ("milestone.add", 'milestone = "M1"\ntitle = "x"\ndue = 2018-07-01', "choose a new id")])
def test_an_id_added_twice_says_what_to_do_for_its_kind(cli, write, kind, fields, hint):
    path = write("s.toml", STRATEGY + _entry("2018-02-01", kind, fields)
                 + ("" if kind == "milestone.add" else _entry("2018-02-02", kind, fields)))
    out = one_line(cli("check", path, "--as-of", "2018-03-01").stdout)
    subject = "E-1" if kind == "budget.commit" else "M1"
    assert f'{kind}: "{subject}" already exists hint: {hint}' in out


@pytest.mark.parametrize(("amount", "found"), [("191000.00", False), ("191000.01", True)])
def test_a_commitment_on_another_envelope_does_not_cover_an_experts_days(cli, write, amount,
                                                                         found):
    # I-1 names lead but is on implementation: lead's 10 logged days (9,000.00) still
    # count on expertise, which has 191,000.00 left for E-1.
    path = write("s.toml", STRATEGY
                 + _entry("2018-03-01", "budget.award", 'envelope = "implementation"\n'
                          'decision = "C-1"\namount = 300000.00')
                 + _entry("2018-03-02", "budget.commit", 'envelope = "implementation"\n'
                          'ref = "I-1"\namount = 9000.00\nexpert = "lead"')
                 + _entry("2018-03-03", "expert.log", 'expert = "lead"\ndays = 10')
                 + _entry("2018-03-04", "budget.commit", 'envelope = "expertise"\n'
                          f'ref = "E-1"\namount = {amount}'))
    out = one_line(cli("check", path, "--as-of", "2018-06-30").stdout)
    assert (f"commitment E-1 of EUR {amount[:3]},{amount[3:]} is above what expertise has "
            "left: cap EUR 200,000.00, committed EUR 9,000.00, remaining EUR 191,000.00"
            in out) is found


def test_j006_holds_a_commitment_to_the_cap_when_the_awards_exceed_it(cli, write):
    # An award above the cap (J010) does not raise the limit past the cap.
    path = write("s.toml", STRATEGY
                 + _entry("2018-03-01", "budget.award", 'envelope = "implementation"\n'
                          'decision = "C-1"\namount = 300000.01')
                 + _entry("2018-03-02", "budget.commit", 'envelope = "implementation"\n'
                          'ref = "I-1"\namount = 300000.01'))
    out = one_line(cli("check", path, "--as-of", "2018-06-30").stdout)
    assert ("error J006 journal[1].amount: commitment I-1 of EUR 300,000.01 is above what "
            "implementation has left: cap EUR 300,000.00, committed EUR 0.00, remaining "
            "EUR 300,000.00") in out


@pytest.mark.parametrize(("start", "found"), [("2018-03-31", False), ("2018-04-01", True)])
def test_a_milestone_may_start_on_the_day_it_is_due_not_after(cli, write, start, found):
    path = write("s.toml", STRATEGY.replace('due = 2018-03-31', f'start = {start}\n'
                                            'due = 2018-03-31'))
    out = one_line(cli("check", path, "--as-of", "2018-03-01").stdout)
    assert (f"milestones[0].start: M1 starts {start}, after it is due (2018-03-31) hint: "
            "start on or before the due date" in out) is found


@pytest.mark.parametrize(("due", "found"), [("2018-03-31", False), ("2018-03-30", True)])
def test_a_milestone_may_be_due_the_day_its_dependency_is_not_before(cli, write, due, found):
    path = write("s.toml", STRATEGY.replace("due = 2018-09-30", f"due = {due}"))  # M2 after M1
    out = one_line(cli("check", path, "--as-of", "2018-03-01").stdout)
    assert (f"milestones[1].depends_on[0]: M2 is due {due}, before M1 it depends on "
            "(2018-03-31) hint: move M2 on or after 2018-03-31, or drop the dependency"
            in out) is found


def test_a_status_report_counts_its_findings_by_severity():
    import datetime as dt

    from test_views import report_of
    from transition_cli.core.findings import Severity

    report = report_of(STRATEGY, dt.date(2018, 6, 30))  # M1 overdue: P005, a warning
    assert (report.count(Severity.ERROR), report.count(Severity.WARNING)) == (0, 1)
    assert report.entries == 0


def test_an_envelope_spent_to_the_cent_is_no_forecast_of_reaching_its_cap(cli, write):
    # 4 x 50,000.00 in the window: the cap is reached already, not "on 2018-06-30".
    path = write("s.toml", _commits(("2018-05-01", "50000.00"), ("2018-05-20", "50000.00"),
                                    ("2018-06-10", "50000.00"), ("2018-06-30", "50000.00")))
    out = one_line(cli("status", path, "--as-of", "2018-06-30").stdout)
    assert ("expertise: EUR 200,000.00 committed since 2018-04-02, from 4 entries over 60 "
            "days; cap reached; EUR 1,220,000.00 over the cap by the end of the period") in out


def test_a_milestone_due_before_its_dependency_starts_on_its_own_due_date(cli, write):
    import json

    # M2 (after M1, due 2018-03-31) is due 2018-03-01 (P004): on the timeline it starts
    # when it is due, never after.
    path = write("s.toml", STRATEGY.replace("due = 2018-09-30", "due = 2018-03-01"))
    out = json.loads(cli("status", path, "--as-of", "2018-02-01", "--format", "json").stdout)
    assert [(m["id"], m["start"], m["due"]) for m in out["milestones"]] == [
        ("M1", "2018-01-01", "2018-03-31"), ("M2", "2018-03-01", "2018-03-01")]


def test_a_pace_of_one_cent_still_reaches_the_last_cent(cli, write):
    import json

    # One cent left and one cent committed in the window: at that pace the cap is reached
    # in 90 days (the forecast is unsound, and says so, but it is computed all the same).
    path = write("s.toml", _commits(("2018-03-01", "199999.98"), ("2018-06-30", "0.01")))
    out = json.loads(cli("status", path, "--as-of", "2018-06-30", "--format", "json").stdout)
    fc = out["envelopes"][0]["forecast"]
    assert (fc["window_committed"], fc["cap_reached"], fc["within_period"], fc["sound"]) == (
        "0.01", "2018-09-28", True, False)


@pytest.mark.parametrize(("as_of", "overall"), [
    ("2018-03-03", "AMBER 1 warning from check 1 deliverable overdue"),  # 30 days
    ("2018-03-04", "RED 1 deliverable more than 30 days overdue (D1 by 31 days) 1 warning "
     "from check")])
def test_a_deliverable_30_days_overdue_is_amber_31_red(cli, write, as_of, overall):
    path = write("s.toml", STRATEGY + '\n[[deliverables]]\nid = "D1"\ntitle = "Report"\n'
                 'due = 2018-02-01\n' + _entry("2018-01-10", "milestone.done",
                                               'milestone = "M1"'))
    out = one_line(cli("status", path, "--as-of", as_of).stdout)
    assert f"overall {overall} Milestones" in out


def test_the_library_names_every_field_a_kind_does_not_take_in_order():
    import datetime as dt

    from transition_cli.core.errors import UsageError
    from transition_cli.record import entry

    with pytest.raises(UsageError) as refused:
        entry("milestone.done", dt.date(2018, 3, 1), "Anne", milestone="M1", envelope="e",
              ref="R", expert="x", amount=1, decision="C", title="t", days=None)
    assert str(refused.value) == ("milestone.done takes no amount, decision, envelope, expert, "
                                  "ref, title")
    assert refused.value.hint == "its fields: milestone, note"


def test_days_a_commitment_covers_add_nothing_to_an_envelope_already_over_its_cap(cli, write):
    # E-2 takes expertise 0.01 over its cap (J006); lead's 10 days are covered by E-1, so
    # logging them adds nothing: no J007 on top.
    path = write("s.toml", STRATEGY
                 + _entry("2018-03-01", "budget.commit", 'envelope = "expertise"\nref = "E-1"\n'
                          'amount = 9000.00\nexpert = "lead"')
                 + _entry("2018-03-02", "budget.commit", 'envelope = "expertise"\nref = "E-2"\n'
                          'amount = 191000.01')
                 + _entry("2018-03-03", "expert.log", 'expert = "lead"\ndays = 10'))
    result = cli("check", path, "--as-of", "2018-06-30")
    assert "error J006 journal[1].amount" in result.stdout
    assert "J007" not in result.stdout


# ---------------------------------------------------------------------------------------
# The last survivors of round 2 (docs/TESTING.md, "Real gaps")


def test_a_cap_reached_on_the_calendars_last_day_is_still_a_date():
    """At a pace of EUR 100 per 90 days and EUR 100 left, the cap is reached 90 days on:
    on 9999-12-31 exactly when that is the calendar's last day, and past the calendar
    (no date, rather than an overflow) one day later."""
    import datetime as dt
    from decimal import Decimal

    from transition_cli.views import forecast

    last = dt.date.max
    hundred = Decimal("100.00")
    on_the_last_day = forecast(Decimal(0), hundred, hundred, last - dt.timedelta(days=90), last)
    assert on_the_last_day.cap_reached == last
    assert on_the_last_day.within_period
    past_it = forecast(Decimal(0), hundred, hundred, last - dt.timedelta(days=89), last)
    assert past_it.cap_reached is None
    assert not past_it.within_period


def test_a_folders_status_tells_its_progress_plan_by_plan(tmp_path):
    """Judging a folder's plans, the progress hears of each one in turn, out of all."""
    import datetime as dt

    from transition_cli.core.progress import FILES, PLANS
    from transition_cli.files.calls import load_catalogue
    from transition_cli.views import reports

    for name in ("a.toml", "b.toml", "c.toml"):
        (tmp_path / name).write_text(STRATEGY, encoding="utf-8")
    heard: list[tuple[str, int, int | None]] = []
    found = reports([tmp_path], load_catalogue(None), dt.date(2018, 2, 1),
                    progress=lambda what, done, total: heard.append((what, done, total)))
    assert len(found) == 3
    assert [h for h in heard if h[0] == PLANS] == [(PLANS, 1, 3), (PLANS, 2, 3), (PLANS, 3, 3)]
    assert [h[1] for h in heard if h[0] == FILES] == [1, 2, 3]


def test_a_portfolio_names_a_broken_plans_first_error_not_a_warning_before_it():
    """A plan too broken to judge is listed with its first error, even when a warning
    comes before it in the file."""
    import datetime as dt

    from transition_cli.core.findings import Finding, Severity
    from transition_cli.files.calls import load_catalogue
    from transition_cli.files.loader import Document
    from transition_cli.views import portfolio

    broken = Document("broken.toml", kind="strategy", findings=[
        Finding("S008", Severity.WARNING, "a warning first", "broken.toml"),
        Finding("S001", Severity.ERROR, "missing key \"period\"", "broken.toml"),
        Finding("S001", Severity.ERROR, "missing key \"region\"", "broken.toml"),
    ])
    shown = portfolio([broken], load_catalogue(None), dt.date(2018, 2, 1))
    assert [(u.file, u.message) for u in shown.unreadable] == [
        ("broken.toml", "missing key \"period\"")]
