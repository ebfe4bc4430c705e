"""The strategy itself: priorities, actions and their funding mix, indicators, deliverables.

What users rely on: the session of docs/STRATEGY.md works as shown, from `init` to a clean
`check --strict`; each rule refuses its broken case naming the place and the fix; the money
adds up to the cent in every view; progress to target and lateness are exact.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shlex
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from strategy_fixtures import WITH_STRATEGY, entry, with_strategy
from test_readme import normalised, rewritten, sessions
from transition_cli import load_text
from transition_cli.cli import app
from transition_cli.core.errors import RefusedError
from transition_cli.core.findings import Severity
from transition_cli.core.money import parse_number
from transition_cli.files.calls import load_catalogue
from transition_cli.ledger.state import EnvelopeState
from transition_cli.rules.strategy import grant_limit
from transition_cli.views import DeliverableRow, judge_deliverables, status

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "STRATEGY.md"
AS_OF = dt.date(2018, 2, 1)
CAT = load_catalogue()


def findings(text: str, as_of: dt.date = AS_OF) -> list:
    return load_text(text, "s.toml", as_of=as_of).findings


def test_the_fixture_is_clean():
    assert findings(WITH_STRATEGY) == []


# ---------------------------------------------------------------------------------------
# The session of docs/STRATEGY.md, replayed: every command gives the output shown.

PLACEHOLDERS = re.compile(r"# =+\n.*?(?=# The journal: )", re.DOTALL)
REPLACE = "<!-- replaces the placeholders in hdf.toml -->\n```toml\n"


def _replay(folder: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Replay the page; ``UPDATE_SNAPSHOTS=1`` rewrites its outputs with what the commands
    print now (read the diff before committing it)."""
    import os


    update = bool(os.environ.get("UPDATE_SNAPSHOTS"))
    outputs: list[list[str | None]] = []
    text = DOC.read_text(encoding="utf-8")
    strategy = text.split(REPLACE, 1)[1].split("```", 1)[0]
    before, after = text.split(REPLACE, 1)
    runner = CliRunner()
    replayed = 0
    for part, session in (("before", sessions(before)), ("after", sessions(after))):
        if part == "after":  # the person replaces the placeholders with the strategy
            plan = folder / "hdf.toml"
            written = plan.read_text(encoding="utf-8")
            assert len(PLACEHOLDERS.findall(written)) == 1
            plan.write_text(PLACEHOLDERS.sub(lambda _: strategy, written), encoding="utf-8")
        for block in session:
            outputs.append([])
            for command, shown_in_doc in block:
                outputs[-1].append(None)
                expected = shown_in_doc
                if command.startswith("export "):
                    name, _, value = command[len("export "):].partition("=")
                    monkeypatch.setenv(name, shlex.split(value)[0])
                    continue
                if not command.startswith("transition "):
                    subprocess.run(command, shell=True, check=True, cwd=folder)
                    continue
                before_bytes = (folder / "hdf.toml").read_bytes() \
                    if (folder / "hdf.toml").exists() else b""
                result = runner.invoke(app, shlex.split(command)[1:])
                shown = normalised(result.stdout + result.stderr)
                outputs[-1][-1] = shown
                if expected.startswith("...\n"):  # the page shows the end only
                    expected = expected.removeprefix("...\n")
                    shown = shown[-len(normalised(expected)):]
                assert update or shown == normalised(expected), command
                if result.exit_code == 1 and "not recorded" in expected:
                    assert (folder / "hdf.toml").read_bytes() == before_bytes
                replayed += 1
    if update:
        DOC.write_text(rewritten(text, outputs), encoding="utf-8")
    return replayed


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("TRANSITION_CALLS", raising=False)
    return _replay(tmp_path, monkeypatch)  # how many commands replayed, in tmp_path


def test_the_walk_through_replays_from_init_to_a_clean_strict_check(session):
    assert session >= 20
    result = CliRunner().invoke(app, ["check", "hdf.toml", "--strict", "--as-of", "2019-07-31"])
    assert result.exit_code == 0, result.stdout


def test_the_session_adds_a_priority_a_three_source_action_two_indicators_and_a_late_deliverable(
    session,
):
    out = CliRunner().invoke(app, ["status", "hdf.toml", "--as-of", "2019-07-31",
                                   "--format", "json"]).stdout
    s = json.loads(out)["strategy"]
    assert [p["id"] for p in s["priorities"]] == ["P1", "P2", "P3"]
    [a2] = [a for p in s["priorities"] for a in p["actions"] if a["id"] == "A2"]
    assert [(f["source"], f["amount"], f["rate"]) for f in a2["funding"]] == [
        ("pilot-grant", "150000.00", None), ("erdf-regional", "74999.99", "50.00"),
        ("private", "50000.01", None)]
    # funding totals exact to the cent, per source and per priority
    assert s["funding"] == [
        {"source": "pilot-grant", "amount": "150000.00"},
        {"source": "erdf-regional", "amount": "174999.99"},
        {"source": "regional", "amount": "100000.00"},
        {"source": "private", "amount": "50000.01"}]
    assert (s["total_cost"], s["eligible_cost"], s["eu_grants"]) == (
        "475000.00", "450000.00", "324999.99")
    assert [p["total_cost"] for p in s["priorities"]] == ["200000.00", "0.00", "275000.00"]
    # each indicator's progress: values over a year
    assert [(i["id"], [v["date"] for v in i["values"]], i["progress"])
            for i in s["indicators"]] == [
        ("I1", ["2018-07-31", "2018-12-31", "2019-07-31"], "0.5600"),
        ("I2", ["2018-07-31", "2018-12-31", "2019-07-31"], "0.3750")]
    assert [(d["id"], d["state"], d["submitted"], d["late_days"])
            for d in s["deliverables"]] == [("D1", "submitted", "2018-12-10", 10),
                                            ("D2", "due", None, 0)]


def test_the_session_exports_each_value_measured(session):
    out = CliRunner().invoke(app, ["export", "hdf.toml"]).stdout
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    values = [(r["date"], r["indicator"], r["value"], r["unit"]) for r in rows
              if r["kind"] == "indicator.record"]
    assert values == [
        ("2018-07-31", "I1", "5.00", "firms"),
        ("2018-07-31", "I2", "18.90", "% of industrial SMEs"),
        ("2018-12-31", "I1", "45.00", "firms"),
        ("2018-12-31", "I2", "20.40", "% of industrial SMEs"),
        ("2019-07-31", "I1", "140.00", "firms"),
        ("2019-07-31", "I2", "22.50", "% of industrial SMEs")]
    assert [(r["kind"], r["deliverable"]) for r in rows if r["deliverable"]] == [
        ("deliverable.submit", "D1")]


# ---------------------------------------------------------------------------------------
# Each rule refuses its broken case, naming the place and the fix.

D = dt.date
TRANSITION_REGION = 'nuts = ["FRE1", "FRE2"]\ncategory = "transition"\nerdf_ceiling = 40'
TWICE = (entry("date = 2018-01-20", 'kind = "deliverable.submit"', 'deliverable_id = "D1"')
         + entry("date = 2018-01-25", 'kind = "deliverable.submit"', 'deliverable_id = "D1"'))
BROKEN = {
    "T001 duplicate action": (with_strategy('id = "A2"', 'id = "A1"'), AS_OF, (
        "s.toml:80:6", "actions[1].id", 'duplicate action id "A1"',
        "ids must be unique; rename one of them (first at actions[0])")),
    "T002 unknown priority": (with_strategy('priority = "P2"\nlead', 'priority = "P3"\nlead'),
                              AS_OF, (
        "s.toml:82:12", "actions[1].priority", 'A2 serves unknown priority "P3"',
        "known: P1, P2")),
    "T003 lead not a member": (with_strategy('lead = "Université de Lille"',
                                             'lead = "Universite de Lile"'), AS_OF, (
        "s.toml:67:8", "actions[0].lead",
        'A1: lead "Universite de Lile" is not a member of cluster materials',
        'did you mean "Université de Lille"? (known: A battery maker, Université de Lille); '
        "or record it joining with `transition cluster join s.toml materials NAME --kind "
        "KIND --as-of 2018-02-01`")),
    "T003 unknown cluster": (with_strategy('cluster = "materials"', 'cluster = "materals"'),
                             AS_OF, (
        "s.toml:68:11", "actions[0].cluster", 'A1: unknown cluster "materals"',
        'did you mean "materials"? (known: materials)')),
    "T004 unknown theme": (with_strategy('"broadening and diffusing innovation"]',
                                         '"diffusing innovation"]'), AS_OF, (
        "s.toml:61:11", "priorities[1].themes[0]",
        'P2 serves "diffusing innovation", which is not one of the themes of itr-2017',
        'did you mean "broadening and diffusing innovation"? (known: broadening and '
        "diffusing innovation, entrepreneurship and private-sector engagement, inclusive "
        "growth, skills for the jobs of the future, transition to a low-carbon economy)")),
    "T005 action outside the period": (with_strategy(
        "end = 2019-12-31\ntotal_cost = 250000.50", "end = 2020-06-30\ntotal_cost = 250000.50"),
        AS_OF, ("s.toml:85:7", "actions[1].end",
                "A2 runs from 2019-03-01 to 2020-06-30, outside the strategy's period "
                "2018-01-01 to 2019-12-31",
                "move the action's dates into the period, or widen the period")),
    "T006 a cent short": (with_strategy("amount = 154500.00", "amount = 154499.99"), AS_OF, (
        "s.toml:88:11", "actions[1].funding",
        "A2: the funding adds up to EUR 250,000.49, not the total cost of EUR 250,000.50 "
        "(EUR 0.01 short)",
        "add the missing source or correct an amount: the sources add up to the total cost, "
        "to the cent")),
    "T006 no funding": (with_strategy(
        'funding = [\n    { source = "pilot-grant", amount = 95500.50 },\n'
        '    { source = "private", amount = 154500.00 },\n]\n', ""), AS_OF, (
        "s.toml:86:14", "actions[1].total_cost",
        "A2 has no funding for its total cost of EUR 250,000.50",
        'add funding = [{ source = "erdf-regional", amount = ..., rate = ... }, '
        '{ source = "regional", amount = ... }] adding up to the total cost')),
    "T007 eligible above total": (with_strategy("eligible_cost = 230000.00",
                                                "eligible_cost = 260000.00"), AS_OF, (
        "s.toml:87:17", "actions[1].eligible_cost",
        "A2: eligible cost EUR 260,000.00 is above its total cost of EUR 250,000.50",
        "the eligible cost is the part of the total that EU grants may pay: at most "
        "250000.50")),
    "T008 above the rate": (with_strategy("amount = 150000.00, rate = 50",
                                          "amount = 150000.00, rate = 30"), AS_OF, (
        "s.toml:75:42", "actions[0].funding[1].amount",
        "A1: erdf-regional pays EUR 150,000.00, above its rate of 30% of the eligible cost "
        "of EUR 380,000.00 (EUR 114,000.00)",
        "lower it to at most 114000.00, or correct the rate or the eligible cost")),
    "T008 a third of a cent above": (with_strategy(
        "eligible_cost = 380000.00", "eligible_cost = 380000.01").replace(
        "amount = 150000.00, rate = 50", "amount = 126654.01, rate = 33.33").replace(
        '{ source = "regional", amount = 130000.00 }',
        '{ source = "regional", amount = 153345.99 }'), AS_OF, (
        "s.toml:75:42", "actions[0].funding[1].amount",
        "A1: erdf-regional pays EUR 126,654.01, above its rate of 33.33% of the eligible "
        "cost of EUR 380,000.01 (EUR 126,654.00)",
        "lower it to at most 126654.00, or correct the rate or the eligible cost")),
    "T009 above the ERDF ceiling": (with_strategy('nuts = ["FRE1", "FRE2"]', TRANSITION_REGION),
                                    AS_OF, (
        "s.toml:77:60", "actions[0].funding[1].rate",
        "A1: the ERDF rate of 50% is above the ceiling of 40% for a transition region",
        "lower the rate to at most 40% (and the amount with it), completing with national, "
        "regional or private money")),
    "T009 a rate on private money": (with_strategy(
        '{ source = "private", amount = 154500.00 }',
        '{ source = "private", amount = 154500.00, rate = 20 }'), AS_OF, (
        "s.toml:90:54", "actions[1].funding[1].rate",
        "A2: private money has no co-financing rate (20% given)",
        "remove the rate: only EU grants (erdf-regional, esf, horizon-2020, pilot-grant) "
        "have one")),
    "T009 above 100 %": (with_strategy("rate = 50", "rate = 150"), AS_OF, (
        "s.toml:75:60", "actions[0].funding[1].rate",
        "A1: the co-financing rate of erdf-regional, 150%, is above 100%",
        "a rate is a percentage of the eligible cost, 0 to 100: 50 is 50%")),
    "T010 pilot grant above the cap": (with_strategy(
        '{ source = "pilot-grant", amount = 120000.00 }',
        '{ source = "pilot-grant", amount = 220000.00 }').replace(
        '{ source = "regional", amount = 130000.00 }',
        '{ source = "regional", amount = 30000.00 }'), AS_OF, (
        "s.toml:89:40", "actions[1].funding[0].amount",
        "the pilot grant across actions comes to EUR 315,500.50, above the EUR 300,000.00 "
        "cap of implementation; it passes it at A2",
        "fund at most EUR 300,000.00 from the pilot grant: move EUR 15,500.50 to other "
        "sources")),
    "T011 unknown action": (with_strategy('action = "A1"', 'action = "A9"'), AS_OF, (
        "s.toml:98:10", "indicators[0].action", 'I1 measures unknown action "A9"',
        "known: A1, A2")),
    "T011 both": (with_strategy('action = "A1"', 'action = "A1"\npriority = "P1"'), AS_OF, (
        "s.toml:99:12", "indicators[0].priority", "I1 measures both action A1 and priority P1",
        "keep one: an indicator measures an action or a priority")),
    "T011 neither": (with_strategy('action = "A1"\n', ""), AS_OF, (
        "s.toml:93:1", "indicators[0]", "I1 measures nothing: it names no action and no "
        "priority", 'add action = "<action id>" or priority = "<priority id>"')),
    "T012 target before baseline": (with_strategy(
        "target = { value = 600, date = 2019-12-31 }",
        "target = { value = 600, date = 2018-03-31 }"), AS_OF, (
        "s.toml:100:32", "indicators[0].target.date",
        "I1: the target is dated 2018-03-31, not after its baseline (2018-06-30)",
        "date the target after the baseline")),
    "T012 measured before the baseline": (with_strategy(new=entry(
        "date = 2018-01-15", 'kind = "indicator.record"', 'indicator = "I1"', "value = 3")),
        AS_OF, ("s.toml:123:8", "journal[0].date",
                "indicator.record: I1 measured on 2018-01-15, before its baseline "
                "(2018-06-30)", "correct the date, or date the baseline earlier")),
    "T013 a year without a value": (with_strategy(new=entry(
        "date = 2018-08-31", 'kind = "indicator.record"', 'indicator = "I1"', "value = 3")),
        D(2019, 9, 5), ("s.toml:93:1", "indicators[0]",
                        "I1 (Workers trained): no value recorded for a year as of 2019-09-05: "
                        "the last, of 2018-08-31, is 370 days old",
                        "record the latest measurement: `transition indicator record s.toml "
                        "I1 VALUE --date DATE --as-of 2019-09-05`")),
    "T013 never measured": (WITH_STRATEGY, D(2019, 1, 2), (
        "s.toml:102:1", "indicators[1]",
        "I2 (Recycled glass used in construction): no value recorded for a year as of "
        "2019-01-02: none in the 366 days since its baseline (2018-01-01)",
        "record the latest measurement: `transition indicator record s.toml I2 VALUE --date "
        "DATE --as-of 2019-01-02`")),
    "T014 unknown milestone": (with_strategy('milestone = "M2"', 'milestone = "M9"'), AS_OF, (
        "s.toml:115:13", "deliverables[0].milestone", 'D1 closes unknown milestone "M9"',
        "known: M1, M2")),
    "T014 submitted twice": (with_strategy(new=TWICE), AS_OF, (
        "s.toml:130:18", "journal[1].deliverable_id",
        "deliverable.submit: D1 was already submitted on 2018-01-20",
        "a deliverable is submitted once; if entry 1 was a mistake, void it: "
        "`transition journal void s.toml 1 --reason REASON --as-of 2018-02-01`")),
    "T015 overdue": (WITH_STRATEGY, D(2018, 10, 5), (
        "s.toml:111:1", "deliverables[0]",
        "D1 (Strategy, as validated) is overdue: due 2018-09-30, 5 days ago as of 2018-10-05",
        "once it is sent, record it with `transition deliverable submit s.toml D1 --date "
        "DATE --as-of 2018-10-05`")),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_each_rule_names_the_place_and_the_fix(case):
    text, as_of, expected = BROKEN[case]
    code = case.split()[0]
    found = [(f.place, f.key, f.message, f.hint) for f in findings(text, as_of)
             if f.code == code]
    assert expected in found
    others = {f.code for f in findings(text, as_of)
              if f.severity is Severity.ERROR and f.code != code}
    assert others == set()  # the broken case breaks this rule only


def test_every_strategy_rule_has_a_broken_case():
    from transition_cli.rules.strategy import STRATEGY_RULES

    assert {r.code for r in STRATEGY_RULES} == {case.split()[0] for case in BROKEN}


@pytest.mark.parametrize("case", ["T006 a cent short", "T008 above the rate",
                                  "T010 pilot grant above the cap"])
def test_check_fails_on_the_broken_case_and_says_where(case, cli, write):
    text, as_of, (place, key, message, hint) = BROKEN[case]
    path = write("s.toml", text)
    result = cli("check", path, "--as-of", as_of.isoformat())
    assert result.exit_code == 1
    assert f"{path}:{place.split(':', 1)[1]}: error {case[:4]} {key}: {message}\n" \
           f"    hint: {hint}\n" in result.stdout


def test_a_recording_that_breaks_a_rule_leaves_the_file_as_it_was(cli, write):
    path = write("s.toml", with_strategy(new=entry(
        "date = 2018-01-20", 'kind = "deliverable.submit"', 'deliverable_id = "D1"')))
    before = path.read_bytes()
    result = cli("deliverable", "submit", path, "D1", "--date", "2018-01-21",
                 "--as-of", "2018-02-01", "--by", "t")
    assert result.exit_code == 1
    assert "breaks rule T014" in result.stderr
    result = cli("indicator", "record", path, "I9", "3", "--as-of", "2018-02-01")
    assert result.exit_code == 1
    assert 'J001: indicator.record: unknown indicator "I9"' in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(("typed", "message"), [
    ("12,5", "VALUE '12,5': not a number\n  hint: that is a decimal comma, the French and "
             "German way; here a dot marks the decimals: write 12.5"),
    ("4.555", "VALUE '4.555': at most two decimals\n  hint: round it: 4.56"),
    ("twelve", "VALUE 'twelve': not a number"),
])
def test_a_value_that_is_not_a_number_is_refused(cli, write, typed, message):
    path = write("s.toml", WITH_STRATEGY)
    before = path.read_bytes()
    result = cli("indicator", "record", path, "I1", typed, "--as-of", "2018-07-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {message}")
    assert path.read_bytes() == before


@pytest.mark.parametrize(("written", "message", "hint"), [
    ('"42"', 'expected a number, got the string "42"', "write it without quotes or %: 42"),
    ("-3", "value must not be negative: -3", "write a number of 0 or more, e.g. 42"),
    ("4.555", "value has more than two decimals: 4.555", "round it: 4.56"),
])
def test_an_indicator_value_in_the_file_is_a_number(written, message, hint):
    text = with_strategy("baseline = { value = 0,", f"baseline = {{ value = {written},")
    [f] = findings(text)
    assert (f.code, f.key, f.message, f.hint) == ("S004", "indicators[0].baseline.value",
                                                  message, hint)


def test_a_rate_written_with_a_percent_sign_is_refused_with_the_number_to_write():
    [f] = findings(with_strategy("rate = 50", 'rate = "50 %"'))
    assert (f.code, f.key, f.message, f.hint) == (
        "S004", "actions[0].funding[1].rate", 'expected a percentage, got the string "50 %"',
        "write it without quotes or %: 50")


# ---------------------------------------------------------------------------------------
# The pilot grant against the award, once the derived state knows one


def test_the_pilot_grant_is_held_to_the_award_once_there_is_one():
    from transition_cli.core.model import Envelope
    from transition_cli.ledger.state import Award

    env = EnvelopeState(Envelope("implementation", Decimal("300000.00"), "M4"), gated=True)
    assert grant_limit(env) == (Decimal("300000.00"),
                                "the EUR 300,000.00 cap of implementation")
    env.awards.append(Award(dt.date(2019, 1, 21), Decimal("250000.00"), "AWD-1"))
    assert grant_limit(env) == (Decimal("250000.00"),
                                "the EUR 250,000.00 awarded on implementation")


def test_a_pilot_grant_above_the_award_is_refused():
    award = entry("date = 2018-10-01", 'kind = "budget.award"', 'envelope = "implementation"',
                  "amount = 200000.00", 'decision = "AWD-1"')
    text = with_strategy(new=award)
    [f] = [f for f in findings(text) if f.code == "T010"]
    assert (f.key, f.message, f.hint) == (
        "actions[1].funding[0].amount",
        "the pilot grant across actions comes to EUR 215,500.50, above the EUR 200,000.00 "
        "awarded on implementation; it passes it at A2",
        "fund at most EUR 200,000.00 from the pilot grant: move EUR 15,500.50 to other "
        "sources")


# ---------------------------------------------------------------------------------------
# Views


def _status(text: str, as_of: dt.date):
    doc = load_text(text, "s.toml", as_of=as_of)
    return status(doc, CAT, as_of)


def test_status_groups_actions_under_their_priority_with_exact_totals():
    s = _status(WITH_STRATEGY, AS_OF).strategy
    assert s is not None
    assert [(p.id, [a.id for a in p.actions], p.total_cost) for p in s.priorities] == [
        ("P1", ["A1"], Decimal("400000.00")), ("P2", ["A2"], Decimal("250000.50"))]
    assert s.funding == (("pilot-grant", Decimal("215500.50")),
                         ("erdf-regional", Decimal("150000.00")),
                         ("regional", Decimal("130000.00")),
                         ("private", Decimal("154500.00")))
    assert sum(amount for _, amount in s.funding) == s.total_cost == Decimal("650000.50")
    assert s.eu_total == Decimal("365500.50")


def test_actions_of_an_unknown_priority_still_show_their_money():
    s = _status(with_strategy('priority = "P2"\nlead', 'priority = "P7"\nlead'), AS_OF).strategy
    assert s is not None
    assert [(p.id, p.known, p.total_cost) for p in s.priorities] == [
        ("P1", True, Decimal("400000.00")), ("P2", True, Decimal("0")),
        ("P7", False, Decimal("250000.50"))]


def test_progress_uses_the_latest_date_and_a_correction_recorded_again():
    text = with_strategy(new="".join(
        entry(f"date = {day}", 'kind = "indicator.record"', 'indicator = "I2"',
              f"value = {value}")
        for day, value in (("2018-09-30", 13000), ("2018-06-30", 12500),
                           ("2018-09-30", 14000))))
    [_, i2] = _status(text, dt.date(2018, 12, 1)).strategy.indicators  # type: ignore[union-attr]
    assert i2.readings == ((dt.date(2018, 6, 30), Decimal(12500)),
                           (dt.date(2018, 9, 30), Decimal(14000)))
    assert i2.progress == Decimal(2000) / Decimal(8000)  # (14000 - 12000) / (20000 - 12000)
    as_then = _status(text, dt.date(2018, 7, 31)).strategy.indicators[1]  # type: ignore[union-attr]
    assert as_then.latest == (dt.date(2018, 6, 30), Decimal(12500))


def test_a_late_deliverable_makes_the_plan_amber_then_red():
    def row(late: int) -> DeliverableRow:
        return DeliverableRow("D1", "Report", dt.date(2018, 9, 30), None, None, late)

    assert judge_deliverables("green", ("fine",), [row(0)]) == ("green", ("fine",))
    assert judge_deliverables("green", ("fine",), [row(5)]) == ("amber",
                                                               ("1 deliverable overdue",))
    assert judge_deliverables("amber", ("1 milestone late",), [row(31)]) == (
        "red", ("1 deliverable more than 30 days overdue (D1 by 31 days)",
                "1 milestone late"))
    r = _status(WITH_STRATEGY, dt.date(2018, 11, 5))
    assert r.overall == "red"
    assert "1 deliverable more than 30 days overdue (D1 by 36 days)" in r.reasons


def test_the_portfolio_totals_the_funding_mix_per_call(cli, write, tmp_path):
    write("a.toml", WITH_STRATEGY)
    write("b.toml", with_strategy("amount = 154500.00", "amount = 154500.00")
          .replace('name = "Hauts-de-France"', 'name = "Hauts-de-France bis"'))
    out = json.loads(cli("status", tmp_path, "--as-of", "2018-02-01", "--format",
                         "json").stdout)
    [call] = out["calls"]
    assert call["funding"] == [
        {"source": "pilot-grant", "amount": "431001.00"},
        {"source": "erdf-regional", "amount": "300000.00"},
        {"source": "regional", "amount": "260000.00"},
        {"source": "private", "amount": "309000.00"}]
    text = cli("status", tmp_path, "--as-of", "2018-02-01").stdout
    assert "Funding mix per call (EUR)" in text
    assert "1,300,001.00" in text  # the total, to the cent


def test_the_report_carries_the_strategy(cli, write):
    path = write("s.toml", WITH_STRATEGY)
    md = cli("report", path, "--as-of", "2018-02-01").stdout
    assert "## Priorities and actions (EUR)" in md
    assert ("| A2 | Recycled glass demonstrator; lead A glass recycler; 2019-03-01 to "
            "2019-12-31 | 250,000.50 | 230,000.00 | pilot-grant; private | 95,500.50; "
            "154,500.00 |") in md
    assert "| I1 | Workers trained; output · people · action A1 | 0 (2018-06-30) | — | " \
           "600 (2019-12-31) | — |" in md
    html = cli("report", path, "--as-of", "2018-02-01", "--format", "html").stdout
    assert "<td>pilot-grant<br>erdf-regional 50% (ERDF programme)<br>regional</td>" in html


# ---------------------------------------------------------------------------------------
# The scaffold


def test_init_writes_a_placeholder_of_each_section_that_checks_clean(cli, tmp_path):
    path = tmp_path / "hdf.toml"
    assert cli("init", path, "--region", "FRE", "--call", "itr-2017").exit_code == 0
    text = path.read_text(encoding="utf-8")
    doc = load_text(text, "hdf.toml", as_of=dt.date(2018, 3, 1))
    plan = doc.plan
    assert doc.findings == []
    assert [(p.id, p.themes) for p in plan.priorities] == [  # type: ignore[union-attr]
        ("P1", ("skills for the jobs of the future",)),
        ("P2", ("broadening and diffusing innovation",))]
    [action] = plan.actions  # type: ignore[union-attr]
    assert [(f.source, f.amount, f.rate) for f in action.funding] == [
        ("erdf-regional", Decimal("100000.00"), Decimal(50)),
        ("regional", Decimal("100000.00"), None)]
    assert [i.kind for i in plan.indicators] == ["output", "result"]  # type: ignore[union-attr]
    assert [(d.id, d.milestone) for d in plan.deliverables] == [  # type: ignore[union-attr]
        ("D1", "M4"), ("D2", None)]
    assert text.count("(placeholder)") >= 6
    assert "PLACEHOLDERS down to the journal" in text
    assert cli("check", path, "--strict", "--as-of", "2018-03-01").exit_code == 0


# ---------------------------------------------------------------------------------------
# Parsing values typed by a person

VALUES = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False)


@given(VALUES, st.booleans())
def test_any_value_typed_with_or_without_grouping_reads_back_exactly(value, grouping):
    typed = f"{value:,f}" if grouping else f"{value:f}"
    assert parse_number(typed) == value


@given(st.text(max_size=12))
def test_any_text_is_a_number_or_refused(text):
    try:
        value = parse_number(text)
    except RefusedError as refused:
        assert refused.message.startswith(f"VALUE {text!r}: ")
    else:
        assert value >= 0 and value.as_tuple().exponent >= -2


def test_status_json_of_the_example_matches_the_documented_schema(cli):
    import jsonschema

    from test_render_status import _schema

    example = ROOT / "examples" / "hauts-de-france.toml"
    data = json.loads(cli("status", example, "--as-of", "2019-05-31", "--format",
                          "json").stdout)
    jsonschema.validate(data, _schema())
    s = data["strategy"]
    assert len(s["priorities"]) == 3 and len(s["indicators"]) == 4
    assert sum(Decimal(f["amount"]) for f in s["funding"]) == Decimal(s["total_cost"])
    assert {f["source"]: f["amount"] for f in s["funding"]}["pilot-grant"] == "300000.00"
    folio = json.loads(cli("status", ROOT / "examples", "--as-of", "2019-05-31", "--format",
                           "json").stdout)
    jsonschema.validate(folio, _schema())
    [itr] = [c for c in folio["calls"] if c["id"] == "itr-2017"]
    assert itr["funding"] == s["funding"]


# ---------------------------------------------------------------------------------------
# Hostile text in the strategy's fields prints inert in every format

HOSTILE = with_strategy('title = "Battery skills academy"',
                        'title = "A [red]x[/red] \\u001b[31mESC \\u202eevil"').replace(
    'lead = "A glass recycler"', 'lead = "L [link=https://evil.example]y[/link] \\u009b2J"'
).replace('unit = "people"', 'unit = "U <script>alert(1)</script> \\u001b]8;;x\\u0007"'
          ).replace('name = "ERDF programme"', 'name = "=HYPERLINK(\\"x\\") \\u001b[5m"'
                    ).replace('title = "Final report"', 'title = "F | pipe *star* www.x.eu"')
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("args", [("--format", "text"), ("--format", "json")])
@pytest.mark.parametrize("columns", ["60", "120"])
def test_hostile_text_in_the_strategy_is_shown_inert(cli, write, monkeypatch, args, columns):
    monkeypatch.setenv("COLUMNS", columns)
    path = write("bad.toml", HOSTILE)
    result = cli("status", path, "--as-of", "2018-02-01", *args)
    assert result.exit_code == 0, result.stderr
    assert UNSAFE.findall(result.stdout) == []
    if args[1] == "json":
        strategy = json.loads(result.stdout)["strategy"]
        [a1] = strategy["priorities"][0]["actions"]
        assert a1["title"] == "A [red]x[/red] \\x1b[31mESC \\u202eevil"
        assert strategy["indicators"][0]["unit"] == \
            "U <script>alert(1)</script> \\x1b]8;;x\\x07"
        return
    flat = re.sub(r"\s+", "", result.stdout)
    for literal in ("[red]x[/red]\\x1b[31mESC", "\\u202eevil",  # markup printed as is
                    "[link=https://evil.example]y[/link]", "\\x9b2J",
                    "U<script>alert(1)</script>\\x1b]8;;x\\x07"):
        assert literal in flat, literal


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_hostile_text_in_the_strategy_is_escaped_in_reports(cli, write, fmt):
    path = write("bad.toml", HOSTILE)
    out = cli("report", path, "--as-of", "2018-02-01", "--format", fmt).stdout
    assert UNSAFE.findall(out) == []
    assert "<script>" not in out and "&lt;script&gt;" in out
    if fmt == "markdown":
        assert "F \\| pipe \\*star\\* www\\.x.eu" in out  # the pipe cannot split a cell
        assert "=HYPERLINK" in out and "](" not in out


def test_hostile_text_in_the_strategy_is_inert_in_the_csv(cli, write):
    path = write("bad.toml", with_strategy('unit = "people"', 'unit = "=cmd|x \\u001b[2J"')
                 + entry("date = 2018-07-01", 'kind = "indicator.record"', 'indicator = "I1"',
                         "value = 3"))
    rows = list(csv.DictReader(io.StringIO(cli("export", path).stdout.lstrip("\ufeff"))))
    assert rows[-1]["unit"] == "'=cmd|x \\x1b[2J"


def test_a_value_of_zero_can_be_recorded(cli, write):
    path = write("s.toml", WITH_STRATEGY)
    result = cli("indicator", "record", path, "I1", "0", "--date", "2018-07-01",
                 "--as-of", "2018-07-01")
    assert result.exit_code == 0, result.stderr


CENTS = st.integers(min_value=0, max_value=10**11).map(lambda c: Decimal(c).scaleb(-2))


@given(st.lists(CENTS, min_size=1, max_size=6), st.integers(min_value=-3, max_value=3))
def test_the_funding_adds_up_to_the_cent_or_check_says_by_how_much(amounts, cents_off):
    total = sum(amounts, Decimal(0)) + Decimal(cents_off).scaleb(-2)
    if total < 0:
        return
    lines = ",\n".join(f'    {{ source = "regional", amount = {a:.2f} }}' for a in amounts)
    text = with_strategy("total_cost = 250000.50\neligible_cost = 230000.00",
                         f"total_cost = {total:.2f}\neligible_cost = 0.00").replace(
        '    { source = "pilot-grant", amount = 95500.50 },\n'
        '    { source = "private", amount = 154500.00 },', lines)
    found = [f.message for f in findings(text) if f.code == "T006"]
    if cents_off == 0:
        assert found == []
    else:
        gap = abs(Decimal(cents_off).scaleb(-2))
        way = "short" if cents_off > 0 else "over"
        assert found and found[0].endswith(f"(EUR {gap:,.2f} {way})")
    s = _status(text, AS_OF).strategy
    assert s is not None
    assert dict(s.funding)["regional"] == sum(amounts, Decimal(0)) + Decimal("130000.00")


def test_a_report_sent_or_a_value_measured_after_the_eligibility_period_is_no_j005():
    """Eligibility bounds costs and the work; a final report goes to the Commission after
    it, and an indicator is measured when it is measured."""
    text = WITH_STRATEGY.replace(
        "period = {", "eligibility = { start = 2018-01-01, end = 2019-12-31 }\nperiod = {", 1)
    late = (text + '\n[[journal]]\ndate = 2020-02-01\nkind = "deliverable.submit"\n'
            'deliverable_id = "D1"\n\n[[journal]]\ndate = 2020-02-01\n'
            'kind = "indicator.record"\nindicator = "I1"\nvalue = 12\n')
    found = load_text(late, "s.toml", as_of=dt.date(2020, 3, 1)).findings
    assert [f for f in found if f.code == "J005"] == []
    spent = late + ('\n[[journal]]\ndate = 2020-02-01\nkind = "expert.log"\nexpert = "lead"\n'
                    "days = 1\n")
    found = load_text(spent, "s.toml", as_of=dt.date(2020, 3, 1)).findings
    assert [f.path[:2] for f in found if f.code == "J005"] == [("journal", len(
        [1 for line in spent.splitlines() if line == "[[journal]]"]) - 1)]
