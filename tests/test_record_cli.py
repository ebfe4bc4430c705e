"""The recording commands as a programme officer types them: exit codes, messages, bytes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import load_bytes
from transition_cli.ledger.replay import derive


@pytest.fixture
def rec(cli, monkeypatch):
    monkeypatch.setenv("TRANSITION_USER", "Anne Martin")

    def run(*args):
        return cli(*args, "--as-of", "2018-12-31")
    return run


def test_commit_confirms_on_stderr_with_what_is_left(rec, write, strategy_text):
    path = write("hdf.toml", strategy_text)
    result = rec("budget", "commit", path, "expertise", "24,000.00", "--ref", "C-2018-001",
                 "--expert", "lead", "--date", "2018-03-01")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (
        f"Recorded budget.commit C-2018-001 of EUR 24,000.00 on expertise dated 2018-03-01 by "
        f"Anne Martin in {path}; expertise is the Commission's money: this commitment is the "
        "Commission's, not the region's; expertise has EUR 176,000.00 of EUR 200,000.00 left "
        "(EUR 0.00 paid).\n")
    assert path.read_text(encoding="utf-8") == strategy_text + (
        '\n[[journal]]\nkind = "budget.commit"\ndate = 2018-03-01\nenvelope = "expertise"\n'
        'amount = 24000.00\nref = "C-2018-001"\nexpert = "lead"\nby = "Anne Martin"\n')


def test_refused_commit_shows_cap_committed_remaining(rec, write, strategy_text):
    path = write("hdf.toml", strategy_text)
    assert rec("budget", "commit", path, "expertise", "150000", "--ref", "A").exit_code == 0
    before = path.read_bytes(), path.stat().st_mtime_ns
    result = rec("budget", "commit", path, "expertise", "60000", "--ref", "B")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"error: {path}: not recorded, budget.commit B of EUR 60,000.00 on expertise breaks "
        "rule J006: commitment B of EUR 60,000.00 is above what expertise has left: cap "
        "EUR 200,000.00, committed EUR 150,000.00, remaining EUR 50,000.00")
    assert ("  hint: split or reduce the commitment, or give back the unspent part of an earlier "
            f"one: `transition budget release {path} expertise --ref REF --as-of 2018-12-31`"
            ) in result.stderr
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_bad_amounts_are_refused_with_exit_1(rec, write, strategy_text):
    path = write("hdf.toml", strategy_text)
    before = path.read_bytes()
    result = rec("budget", "pay", path, "expertise", "12.345", "--ref", "C")
    assert (result.exit_code, result.stderr) == (
        1, "error: AMOUNT '12.345': at most two decimals (cents)\n  hint: round it: 12.35; or, "
        "if the dot groups thousands (the German way), write 12345 or 12,345\n")
    result = rec("expert", "log", path, "lead", "0.125")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: DAYS '0.125': at most two decimals")
    assert path.read_bytes() == before


def test_usage_errors_exit_2(rec, write, strategy_text):
    path = write("hdf.toml", strategy_text)
    result = rec("milestone", "done", path, "M1", "--date", "2019-01-05")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --date 2019-01-05 is after --as-of 2018-12-31")
    result = rec("milestone", "done", path, "M1", "--date", "31/03/2018")
    assert result.exit_code == 2 and "'31/03/2018' is not a date" in result.stderr
    assert rec("milestone", "done", tmp := path.with_name("nope.toml"), "M1").stderr == (
        f"error: {tmp}: no such file or folder\n  hint: name a strategy or partnership file, "
        "or create one with `transition init`\n")
    assert path.read_text(encoding="utf-8") == strategy_text


def test_unknown_milestone_did_you_mean(rec, write, strategy_text):
    path = write("hdf.toml", strategy_text)
    result = rec("milestone", "done", path, "M11")
    assert result.exit_code == 1
    assert result.stderr == (
        f'error: {path}: not recorded, milestone.done M11 breaks rule J001: milestone.done: '
        'unknown milestone "M11"\n  hint: did you mean "M1"? (known: M1, M2)\n')


def test_reschedule_needs_reason_and_shows_slip(rec, write, strategy_text):
    path = write("hdf.toml", strategy_text)
    assert rec("milestone", "reschedule", path, "M2", "2018-10-31").exit_code == 2
    result = rec("milestone", "reschedule", path, "M2", "2018-10-31", "--reason",
                 "Élections", "--date", "2018-06-01")
    assert result.exit_code == 0
    # A slip, not lateness: M2 is not past its due date.
    assert result.stderr.endswith("M2 is planned, due 2018-10-31: a slip of 31 days on its "
                                  "baseline 2018-09-30.\n")


def test_markup_and_escapes_in_notes_stay_inert(cli, rec, write, strategy_text):
    path = write("hdf.toml", strategy_text)
    assert rec("milestone", "start", path, "M1", "--date", "2018-01-10", "--note",
               "[b]x[/b] \x1b[31m").exit_code == 0
    out = cli("log", path)
    assert "[b]x[/b]" in out.stdout  # markup printed literally
    assert "\\x1b[31m" in out.stdout  # the escape made visible
    assert "\x1b" not in out.stdout


def test_log_filters(cli, rec, write, strategy_text):
    path = write("hdf.toml", strategy_text)
    steps = [
        ("milestone", "done", path, "M1", "--date", "2018-03-30"),
        ("budget", "commit", path, "expertise", "1000", "--ref", "C1", "--date", "2018-04-02"),
        ("budget", "pay", path, "expertise", "250.50", "--ref", "C1", "--date", "2018-05-02"),
        ("expert", "log", path, "lead", "2.5", "--milestone", "M2", "--date", "2018-05-03"),
    ]
    for step in steps:
        assert rec(*step).exit_code == 0, rec
    result = cli("log", path, "--kind", "budget", "--since", "2018-05-01")
    assert result.exit_code == 0
    assert f"Journal of {path} (1 of 4 entries)" in result.stdout
    assert "budget.pay" in result.stdout and "250.50" in result.stdout
    assert "budget.commit" not in result.stdout
    result = cli("log", path, "--milestone", "M2")
    assert "2.5 d" in result.stdout and "(1 of 4 entries)" in result.stdout
    result = cli("log", path, "--kind", "budgets")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --kind 'budgets': unknown kind of entry\n"
                                    '  hint: did you mean "budget"?')
    result = cli("log", path, "--until", "2018-01-01")
    assert (result.exit_code, result.stderr) == (0, f"{path}: no journal entries match (of 4)\n")


def test_help_has_examples(cli):
    for group, commands in {"milestone": ("add", "start", "done", "reschedule", "cancel"),
                            "expert": ("add", "log"), "budget": ("commit", "pay"),
                            "cluster": ("add", "join")}.items():
        for command in commands:
            result = cli(group, command, "--help")
            assert result.exit_code == 0
            assert f"Example: transition {group} {command} " in result.stdout
    assert "Example: transition log " in cli("log", "--help").stdout


def test_a_year_of_recording(cli, monkeypatch, tmp_path):
    """init, then a year of milestones, expert days, commitments and payments."""
    monkeypatch.setenv("TRANSITION_USER", "Élise Dupont")
    path = tmp_path / "hdf.toml"
    assert cli("init", path, "--region", "FRE", "--call", "itr-2017").exit_code == 0
    # The person edits the scaffold: a comment and non-ASCII text of their own.
    written = path.read_bytes() + "# Équipe régionale : notes à garder\n".encode()
    path.write_bytes(written)
    f = str(path)
    session = [
        ("expert", "add", f, "jrc", "--name", "Jan Novák", "--day-rate", "750.50",
         "--planned-days", "30", "--date", "2018-01-15"),
        ("budget", "commit", f, "expertise", "24,000.00", "--ref", "OECD-2018-01", "--expert",
         "lead", "--date", "2018-01-20"),
        ("milestone", "start", f, "M1", "--date", "2018-01-22"),
        ("expert", "log", f, "lead", "5", "--milestone", "M1", "--date", "2018-02-09"),
        ("expert", "log", f, "jrc", "3.5", "--milestone", "M1", "--date", "2018-02-16"),
        ("milestone", "done", f, "M1", "--date", "2018-03-29"),
        ("budget", "pay", f, "expertise", "8000", "--ref", "OECD-2018-01", "--date",
         "2018-03-31"),
        ("milestone", "done", f, "M2", "--date", "2018-06-28"),
        ("milestone", "reschedule", f, "M3", "2018-10-31", "--reason", "Regional elections",
         "--date", "2018-08-01"),
        ("expert", "log", f, "jrc", "10", "--milestone", "M3", "--date", "2018-09-14"),
        ("milestone", "done", f, "M3", "--date", "2018-10-30"),
        ("milestone", "done", f, "M4", "--date", "2018-11-29"),
        ("budget", "award", f, "implementation", "250,000.00", "--decision", "AWD-2018-07",
         "--date", "2018-11-30"),
        ("budget", "commit", f, "implementation", "120000.00", "--ref", "IMP-1", "--milestone",
         "M6", "--date", "2018-12-03", "--note", "Pilot projects: « usine du futur »"),
        ("budget", "pay", f, "implementation", "40,000.01", "--ref", "IMP-1", "--date",
         "2018-12-14"),
        ("budget", "pay", f, "expertise", "16000", "--ref", "OECD-2018-01", "--date",
         "2018-12-20"),
        ("milestone", "done", f, "M5", "--date", "2018-12-21"),
        ("cluster", "add", f, "materials", "--name", "Matériaux avancés", "--date",
         "2018-12-22"),
        ("cluster", "join", f, "materials", "Université de Lille", "--kind", "university",
         "--date", "2018-12-22"),
    ]
    refused = [  # each refused, nothing written
        ("budget", "commit", f, "implementation", "180000.01", "--ref", "IMP-2"),
        ("budget", "pay", f, "expertise", "0.01", "--ref", "OECD-2018-01"),
        ("milestone", "done", f, "M4", "--date", "2018-12-30"),  # done twice
    ]
    for step in session:
        result = cli(*step, "--as-of", "2018-12-31")
        assert result.exit_code == 0, (step, result.stderr)
    for step in refused:
        before = path.read_bytes(), path.stat().st_mtime_ns
        assert cli(*step, "--as-of", "2018-12-31").exit_code == 1
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    check = cli("check", path, "--as-of", "2018-12-31")
    assert check.exit_code == 0, check.stdout
    data = path.read_bytes()
    assert data.startswith(written)
    assert len(load_bytes(data).plan.journal) == len(session)
    doc = load_bytes(data)
    state = derive(doc.plan, load_catalogue().get("itr-2017"))
    expertise, implementation = state.envelopes["expertise"], state.envelopes["implementation"]
    # lead: 5 days at 800 = 4,000 covered by the 24,000 contract; jrc: 13.5 x 750.50
    assert state.experts["jrc"].logged_cost == Decimal("10131.75")
    assert expertise.committed == Decimal("34131.75")
    assert expertise.paid == Decimal("24000.00")
    assert expertise.remaining == Decimal("165868.25")
    assert implementation.committed == Decimal("120000.00")
    assert implementation.paid == Decimal("40000.01")
    assert implementation.gate_opened.isoformat() == "2018-11-29"
    assert (implementation.awarded, implementation.remaining) == (Decimal("250000.00"),
                                                                  Decimal("130000.00"))
    assert state.milestones["M3"].slip_days == 30
    assert [m.status for m in state.milestones.values()] == ["done"] * 5 + ["planned"]
    assert all(e.by == "Élise Dupont" for e in doc.plan.journal)


def test_recording_through_a_symlink_writes_the_real_file(rec, write, strategy_text):
    real = write("plans/hdf.toml", strategy_text)
    link = real.parent.parent / "link.toml"
    link.symlink_to(real)
    assert rec("milestone", "start", link, "M1", "--date", "2018-02-01").exit_code == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith(strategy_text)
    assert 'kind = "milestone.start"' in real.read_text(encoding="utf-8")


def test_read_only_file_is_refused_and_unchanged(rec, write, strategy_text):
    path = write("hdf.toml", strategy_text)
    path.chmod(0o444)
    before = path.read_bytes(), path.stat().st_mtime_ns
    result = rec("milestone", "start", path, "M1", "--date", "2018-02-01")
    assert (result.exit_code, result.stderr) == (
        2, f"error: {path} is read-only; nothing recorded\n"
           f"  hint: make it writable first (chmod u+w {path}) if it should change\n")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


@pytest.mark.parametrize(("option", "value"), [
    ("--ref", "K9\n::error::x"), ("--by", "a\nb"), ("--ref", "A\x1b[31m"),
])
def test_one_line_fields_refuse_line_breaks_and_controls(rec, write, strategy_text, option,
                                                         value):
    path = write("hdf.toml", strategy_text)
    args = ["budget", "commit", path, "expertise", "9"]
    args += ["--ref", "K9", option, value] if option == "--by" else [option, value]
    result = rec(*args)
    assert result.exit_code == 2
    assert "contains a line break or control character" in result.stderr
    assert "\n::" not in result.stderr and "\x1b" not in result.stderr
    assert path.read_text(encoding="utf-8") == strategy_text


@pytest.mark.parametrize("value", ["20180403", "2018-W14-2", " 2018-04-03", "2018-02-30"])
def test_dates_are_strictly_yyyy_mm_dd(rec, write, strategy_text, value):
    path = write("hdf.toml", strategy_text)
    result = rec("milestone", "done", path, "M1", "--date", value)
    assert result.exit_code == 2
    assert "is not a date; write YYYY-MM-DD" in result.stderr
    assert path.read_text(encoding="utf-8") == strategy_text


def test_done_after_a_cancelled_dependency(rec, write, strategy_text):
    path = write("hdf.toml", strategy_text)
    assert rec("milestone", "cancel", path, "M1", "--reason", "merged into M2",
               "--date", "2018-02-01").exit_code == 0
    result = rec("milestone", "done", path, "M2", "--date", "2018-09-01")
    assert result.exit_code == 0, result.stderr


def test_huge_amounts_are_refused_not_crashed(rec, write, strategy_text):
    path = write("hdf.toml", strategy_text)
    result = rec("budget", "commit", path, "expertise", "9" * 32, "--ref", "A")
    assert (result.exit_code, result.stderr) == (
        1, f"error: AMOUNT '{'9' * 32}': implausibly large\n  hint: at most 1,000,000,000,000\n")


def test_the_commissions_award_end_to_end(cli, monkeypatch, tmp_path):
    """The implementation grant opens on the Commission's award, not on the region's own
    gate milestone: refused before it (naming the missing decision), recorded after it,
    shown beside the gate in status, exported with its decision (issue 14)."""
    import json

    monkeypatch.setenv("TRANSITION_USER", "Ona Petraitė")
    path = tmp_path / "lt.toml"
    assert cli("init", path, "--region", "Lithuania", "--call", "itr-2018").exit_code == 0
    f, as_of = str(path), ("--as-of", "2019-06-30")
    for mid, day in (("M1", "2018-06-28"), ("M2", "2018-09-27"), ("M3", "2018-12-20"),
                     ("M4", "2019-02-26")):
        assert cli("milestone", "done", f, mid, "--date", day, *as_of).exit_code == 0
    # The region's gate step is done; the Commission has not decided: refused.
    before = path.read_bytes()
    early = cli("budget", "commit", f, "implementation", "100000", "--ref", "IMP-1",
                "--date", "2019-03-01", *as_of)
    assert early.exit_code == 1
    assert early.stderr == (
        f"error: {f}: not recorded, budget.commit IMP-1 of EUR 100,000.00 on implementation "
        "breaks rule J010: commitment IMP-1 on implementation (dated 2019-03-01) comes before "
        "the award: implementation opens on the Commission's award decision, and no award "
        "decision is recorded\n"
        f"  hint: record the decision first: `transition budget award {f} implementation "
        "AMOUNT --decision REF --date DATE --as-of 2019-06-30` (M4 is the plan's step before "
        "asking for it)\n")
    assert path.read_bytes() == before
    # The decision: at most the cap, and what it awards is what may be committed.
    assert cli("budget", "award", f, "implementation", "300000.01", "--decision", "D-1",
               "--date", "2019-03-15", *as_of).exit_code == 1
    award = cli("budget", "award", f, "implementation", "280,000", "--decision", "D-1",
                "--date", "2019-03-15", *as_of)
    assert award.exit_code == 0, award.stderr
    assert award.stderr == (
        f"Recorded budget.award D-1 of EUR 280,000.00 on implementation dated 2019-03-15 by "
        f"Ona Petraitė in {f}; implementation is open: EUR 280,000.00 awarded by the "
        "Commission of its EUR 300,000.00 cap, EUR 280,000.00 left to commit; its gate "
        "milestone M4 is done (2019-02-26).\n")
    assert cli("budget", "commit", f, "implementation", "100000", "--ref", "IMP-1",
               "--date", "2019-04-01", *as_of).exit_code == 0
    over = cli("budget", "commit", f, "implementation", "180000.01", "--ref", "IMP-2",
               "--date", "2019-04-02", *as_of)
    assert over.exit_code == 1
    assert "above what implementation has left: awarded EUR 280,000.00, committed " \
           "EUR 100,000.00, remaining EUR 180,000.00" in over.stderr
    assert cli("milestone", "done", f, "M5", "--date", "2019-03-29", *as_of).exit_code == 0
    # (the strategy's placeholders, left as init wrote them, remind of their indicators and
    # deliverables with warnings T013 and T015: tests/test_strategy.py)
    assert cli("check", f, "--strict", "--ignore", "T013,T015", *as_of).exit_code == 0
    # status shows both: the region's gate step and the Commission's award.
    shown = cli("status", f, *as_of).stdout
    envelopes = shown.split("Envelopes (EUR)")[1].split("Forecast")[0]
    assert "Commission's" in envelopes and "region's" in envelopes
    line = next(x for x in envelopes.splitlines() if x.strip().startswith("implementation"))
    assert line.split()[-2:] == ["open", "M4"]
    assert "awarded" in envelopes.split("implementation")[1]
    data = json.loads(cli("status", f, *as_of, "--format", "json").stdout)
    implementation = data["envelopes"][1]
    assert {k: implementation[k] for k in ("award_state", "awarded", "available", "remaining",
                                           "gate_state")} == {
        "award_state": "awarded", "awarded": "280000.00", "available": "280000.00",
        "remaining": "180000.00", "gate_state": "open"}
    assert implementation["awards"] == [{"date": "2019-03-15", "amount": "280000.00",
                                         "decision": "D-1"}]
    # As of a day before the award, it is awaited.
    earlier = json.loads(cli("status", f, "--as-of", "2019-03-01", "--format", "json").stdout)
    assert earlier["envelopes"][1]["award_state"] == "awaited"
    rows = cli("export", f).stdout.splitlines()
    assert rows[0].split(",")[6:9] == ["ref", "decision", "amount_eur"]
    assert next(r for r in rows if ",budget.award," in r).split(",", 2)[2].startswith(
        "5,2019-03-15,budget.award,implementation,,D-1,280000.00,")
    assert "D-1" in cli("log", f, "--kind", "budget.award").stdout


def test_the_commissions_expertise_money_is_recorded_as_the_commissions(rec, write,
                                                                      strategy_text):
    path = write("hdf.toml", strategy_text)
    assert rec("budget", "commit", path, "expertise", "1000", "--ref", "E-1").exit_code == 0
    paid = rec("budget", "pay", path, "expertise", "400", "--ref", "E-1")
    assert paid.exit_code == 0
    assert ("expertise is the Commission's money: this payment is the Commission's, not the "
            "region's;") in paid.stderr
    # The region's own money says nothing of the kind.
    award = rec("budget", "award", path, "implementation", "300000", "--decision", "A")
    commit = rec("budget", "commit", path, "implementation", "10", "--ref", "I-1")
    assert (award.exit_code, commit.exit_code) == (0, 0)
    assert "Commission's money" not in commit.stderr
