"""Every rule has a case that triggers it on an otherwise valid strategy."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import STRATEGY
from strategy_fixtures import WITH_STRATEGY, entry, with_strategy
from transition_cli import load_text
from transition_cli.core.findings import Severity
from transition_cli.core.model import CallsFile
from transition_cli.files.calls import Catalogue, builtin_calls, load_catalogue
from transition_cli.files.loader import load_bytes
from transition_cli.rules.registry import RULES

AS_OF = dt.date(2018, 2, 1)

# A user's call that declares what the built-in pilots' sources do not give: a work period
# (P002), an eligibility period (J005), and an envelope released by its gate milestone
# alone, with no award (J009).
DECLARED = """\
transition = "calls/1"

[[calls]]
id = "declared"
title = "A call with a work period"
fund = "ERDF"
answered_by = "strategy"
work = { start = 2018-01-01, end = 2019-12-31 }

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
_declared = load_bytes(DECLARED.encode(), "transition-calls.toml").plan
assert isinstance(_declared, CallsFile)
CATALOGUE = Catalogue((*builtin_calls(), *_declared.calls))


def codes(text: str, as_of: dt.date = AS_OF) -> list[str]:
    return [f.code for f in load_text(text, "s.toml", catalogue=CATALOGUE, as_of=as_of).findings]


def journal(*entries: str) -> str:
    return STRATEGY + "".join(f"\n[[journal]]\n{e.strip()}\n" for e in entries)


def sub(old: str, new: str) -> str:
    assert old in STRATEGY, old
    return STRATEGY.replace(old, new, 1)


COMMIT = 'date = 2018-03-01\nkind = "budget.commit"\nenvelope = "expertise"\nref = "C1"\n'

CASES = {
    "S001": sub('title = "Diagnosis"\n', ""),
    "S002": sub('name = "Anne Martin"', "name = 42"),
    "S003": sub("due = 2018-03-31", "due = 2018-03-31\ndeu = 2018-03-31"),
    "S004": sub("cap = 200000.00", "cap = 200000.005"),
    "S005": sub("due = 2018-03-31", 'due = "31/03/2018"'),
    "S006": sub('nuts = ["FRE1", "FRE2"]', 'nuts = ["FRE1", "FRE1"]'),
    "S007": sub('nuts = ["FRE1", "FRE2"]', 'nuts = ["fre1"]'),
    "R001": sub('call = "itr-2017"', 'call = "itr-2019"'),
    "R002": sub('call = "itr-2017"', 'call = "iip-2017"'),
    "R003": sub('id = "M2"', 'id = "M1"'),
    "R004": sub('owner = "lead"', 'owner = "leed"'),
    "R005": sub('depends_on = ["M1"]', 'depends_on = ["M9"]'),
    "R006": sub('title = "Diagnosis"', 'title = "Diagnosis"\ndepends_on = ["M2"]'),
    "R007": sub("cap = 200000.00", "cap = 250000.00"),
    "R008": sub('gate = "M2"\n', ""),
    "P001": sub("end = 2019-12-31", "end = 2017-12-31"),
    "P002": sub("start = 2018-01-01", "start = 2017-06-01").replace(
        'call = "itr-2017"', 'call = "declared"'),
    "P003": sub("due = 2018-09-30", "due = 2020-09-30"),
    "P004": sub("due = 2018-09-30", "due = 2018-03-01"),
    "B001": sub("planned_days = 40", "planned_days = 400"),
    "N001": sub('nuts = ["FRE1", "FRE2"]', 'nuts = ["FRE9"]'),
    "N002": sub('country = "FR"', 'country = "BE"'),
    "N003": sub('nuts = ["FRE1", "FRE2"]', 'nuts = ["PT19"]').replace('"FR"', '"PT"'),
    "N004": sub('nuts = ["FRE1", "FRE2"]', 'nuts = ["FRE1", "FRE2", "FRZZ"]'),
    "J001": journal('date = 2018-03-01\nkind = "milestone.done"\nmilestone = "M9"'),
    "J002": journal(COMMIT + "amount = 10.00", COMMIT + "amount = 10.00"),
    "J003": journal(*['date = 2018-03-01\nkind = "milestone.done"\nmilestone = "M1"'] * 2),
    "J004": journal('date = 2018-03-01\nkind = "milestone.done"\nmilestone = "M2"'),
    "J005": journal('date = 2017-06-01\nkind = "milestone.start"\nmilestone = "M1"').replace(
        'call = "itr-2017"', 'call = "declared"'),
    "J006": journal(COMMIT + "amount = 200000.01"),
    "J007": journal('date = 2018-03-01\nkind = "expert.log"\nexpert = "lead"\ndays = 300'),
    "J008": journal(COMMIT + "amount = 100.00",
                    'date = 2018-03-02\nkind = "budget.pay"\nenvelope = "expertise"\n'
                    'ref = "C1"\namount = 100.01'),
    "J009": journal('date = 2018-03-01\nkind = "budget.commit"\nenvelope = "implementation"\n'
                    'ref = "I1"\namount = 10.00').replace('call = "itr-2017"',
                                                       'call = "declared"'),
    "J010": journal('date = 2018-03-01\nkind = "budget.commit"\nenvelope = "implementation"\n'
                    'ref = "I1"\namount = 10.00'),
    "J011": journal('date = 2018-03-01\nkind = "journal.void"\nvoids = 5\nreason = "x"'),
}

# The strategy itself (tests/test_strategy.py checks each message, place and hint).
CASES.update({
    "T001": with_strategy('id = "A2"', 'id = "A1"'),
    "T002": with_strategy('priority = "P2"\nlead', 'priority = "P3"\nlead'),
    "T003": with_strategy('cluster = "materials"', 'cluster = "materals"'),
    "T004": with_strategy('"broadening and diffusing innovation"]', '"innovation"]'),
    "T005": with_strategy("start = 2019-03-01", "start = 2017-03-01"),
    "T006": with_strategy("amount = 154500.00", "amount = 154499.99"),
    "T007": with_strategy("eligible_cost = 230000.00", "eligible_cost = 260000.00"),
    "T008": with_strategy("rate = 50", "rate = 30"),
    "T009": with_strategy("rate = 50", "rate = 150"),
    "T010": with_strategy("amount = 95500.50", "amount = 195500.50").replace(
        "amount = 154500.00", "amount = 54500.00"),
    "T011": with_strategy('action = "A1"', 'action = "A9"'),
    "T012": with_strategy("date = 2019-12-31 }", "date = 2018-03-31 }"),
    "T014": with_strategy('milestone = "M2"', 'milestone = "M9"'),
})

WARNING_CASES = {
    "P005": (STRATEGY, dt.date(2018, 4, 1)),
    "B002": (journal(COMMIT + "amount = 185000.00"), dt.date(2018, 3, 2)),
    "L001": (STRATEGY + '\n[[clusters]]\nid = "c"\nname = "C"\n', AS_OF),
    "C001": (sub('call = "itr-2017"', 'call = "itr-2018"').replace(
        "start = 2018-01-01", "start = 2018-03-01"), dt.date(2018, 2, 1)),
    "B003": (journal('date = 2018-03-01\nkind = "expert.log"\nexpert = "lead"\ndays = 40.5'),
             dt.date(2018, 3, 2)),
    "T013": (WITH_STRATEGY, dt.date(2019, 1, 2)),
    "T015": (WITH_STRATEGY + entry("date = 2018-01-20", 'kind = "milestone.done"',
                                   'milestone = "M1"'), dt.date(2018, 10, 1)),
}


def test_baseline_is_clean():
    assert codes(STRATEGY) == []


@pytest.mark.parametrize(("code", "text"), sorted(CASES.items()))
def test_rule_triggers(code, text):
    assert code in codes(text)


@pytest.mark.parametrize(("code", "case"), sorted(WARNING_CASES.items()))
def test_warning_rule_triggers(code, case):
    text, as_of = case
    doc = load_text(text, "s.toml", as_of=as_of)
    found = [f for f in doc.findings if f.code == code]
    assert found and all(f.severity is Severity.WARNING for f in found)


def test_every_plan_rule_has_a_case():
    plan_codes = {r.code for r in RULES if "strategy" in r.kinds and r.code[0] != "F"}
    assert plan_codes - set(CASES) - set(WARNING_CASES) == set()


def test_deadline_warning_appears_only_between_the_deadline_and_the_selection():
    text = WARNING_CASES["C001"][0]
    assert "C001" not in codes(text, dt.date(2018, 1, 19))
    assert "C001" in codes(text, dt.date(2018, 1, 20))
    assert "C001" in codes(text, dt.date(2018, 3, 6))
    submitted = text.replace('title = "Hauts', "submitted = 2018-01-18\ntitle = \"Hauts", 1)
    assert "C001" not in codes(submitted, dt.date(2018, 2, 1))
    late = text.replace('title = "Hauts', "submitted = 2018-01-20\ntitle = \"Hauts", 1)
    assert "C001" in codes(late, dt.date(2018, 2, 1))
    # Once itr-2018 announced whom it selected (2018-03-07), a plan answering it was one
    # of them: not late for the deadline, with no submission date invented.
    assert "C001" not in codes(text, dt.date(2018, 3, 7))
    assert "C001" not in codes(text, dt.date(2019, 6, 1))


def test_n_distinct_problems_give_n_findings_in_one_run():
    text = (STRATEGY.replace('owner = "lead"', 'owner = "leed"', 1)
            .replace("cap = 200000.00", "cap = 200000.005")
            .replace('due = 2018-09-30', 'due = "2018-09-30"')
            .replace('call = "itr-2017"', 'call = "itr-2019"'))
    found = load_text(text, "s.toml", as_of=AS_OF).findings
    assert sorted(f.code for f in found) == ["R001", "R004", "S004", "S005"]


def test_messages_name_place_and_fix():
    doc = load_text(CASES["R004"], "s.toml", as_of=AS_OF)
    [f] = doc.findings
    assert (f.place, f.key, f.message, f.hint) == (
        "s.toml:25:9", "milestones[0].owner", 'unknown expert "leed" as owner of M1',
        'did you mean "lead"? (known: lead)',
    )


def test_commitment_over_cap_message_shows_cap_committed_remaining():
    text = journal(COMMIT + "amount = 150000.00",
                   COMMIT.replace("C1", "C2") + "amount = 60000.00")
    [f] = [f for f in load_text(text, "s.toml", as_of=AS_OF).findings if f.code == "J006"]
    assert f.message == (
        "commitment C2 of EUR 60,000.00 is above what expertise has left: "
        "cap EUR 200,000.00, committed EUR 150,000.00, remaining EUR 50,000.00"
    )
    assert f.key == "journal[1].amount"


def test_dependency_cycle_is_reported_once():
    text = CASES["R006"]
    found = [f for f in load_text(text, "s.toml", as_of=AS_OF).findings if f.code == "R006"]
    assert len(found) == 1
    assert found[0].message in ("dependency cycle: M1 -> M2 -> M1",
                                "dependency cycle: M2 -> M1 -> M2")


def test_gate_opens_when_the_gate_milestone_is_done():
    """On a call's gated envelope that needs no award, the gate milestone releases it."""
    text = journal(
        'date = 2018-03-01\nkind = "milestone.done"\nmilestone = "M1"',
        'date = 2018-09-01\nkind = "milestone.done"\nmilestone = "M2"',
        'date = 2018-09-02\nkind = "budget.commit"\nenvelope = "implementation"\n'
        'ref = "I1"\namount = 10.00',
    ).replace('call = "itr-2017"', 'call = "declared"')
    assert codes(text) == []


AWARD = ('date = 2018-10-01\nkind = "budget.award"\nenvelope = "implementation"\n'
         'amount = 250000.00\ndecision = "AWD-1"')
IMPLEMENT = 'date = 2018-10-02\nkind = "budget.commit"\nenvelope = "implementation"\nref = "I1"\n'


def _found(text: str, *wanted: str) -> list[tuple[str, str, str]]:
    doc = load_text(text, "s.toml", catalogue=CATALOGUE, as_of=dt.date(2019, 1, 1))
    return [(f.code, f.key, f.message) for f in doc.findings if f.code in wanted]


def test_the_commissions_award_opens_the_implementation_grant_not_the_gate():
    """The region's gate milestone done is not enough: the Commission's award decides."""
    done = ('date = 2018-03-01\nkind = "milestone.done"\nmilestone = "M1"',
            'date = 2018-09-01\nkind = "milestone.done"\nmilestone = "M2"')
    assert _found(journal(*done, IMPLEMENT + "amount = 10.00"), "J009", "J010") == [
        ("J010", "journal[2].envelope", "commitment I1 on implementation (dated 2018-10-02) "
         "comes before the award: implementation opens on the Commission's award decision, "
         "and no award decision is recorded")]
    assert _found(journal(*done, AWARD, IMPLEMENT + "amount = 10.00"), "J009", "J010") == []
    # Awarded without the region's gate step done: the Commission's decision counts.
    assert _found(journal(AWARD, IMPLEMENT + "amount = 10.00"), "J009", "J010") == []


def test_a_commitment_dated_before_the_award_names_the_decision():
    late_award = AWARD.replace("2018-10-01", "2018-11-15")
    assert _found(journal(IMPLEMENT + "amount = 10.00", late_award), "J010") == [
        ("J010", "journal[0].envelope", "commitment I1 on implementation (dated 2018-10-02) "
         "comes before the award: implementation opens on the Commission's award decision, "
         "and its decision AWD-1 is dated 2018-11-15, after it")]


def test_the_award_not_the_cap_limits_commitments():
    assert _found(journal(AWARD, IMPLEMENT + "amount = 250000.01"), "J006") == [
        ("J006", "journal[1].amount", "commitment I1 of EUR 250,000.01 is above what "
         "implementation has left: awarded EUR 250,000.00, committed EUR 0.00, remaining "
         "EUR 250,000.00")]
    assert _found(journal(AWARD, IMPLEMENT + "amount = 250000.00"), "J006") == []


def test_nearly_spent_counts_against_the_award():
    text = journal(AWARD, IMPLEMENT + "amount = 240000.00")
    doc = load_text(text, "s.toml", catalogue=CATALOGUE, as_of=dt.date(2018, 10, 3))
    assert [f.message for f in doc.findings if f.code == "B002"] == [
        "implementation is 96% committed: EUR 240,000.00 of EUR 250,000.00 awarded, "
        "EUR 10,000.00 left"]


def test_awards_only_where_the_call_awards_and_within_the_cap():
    assert _found(journal(AWARD.replace("250000.00", "300000.01")), "J010") == [
        ("J010", "journal[0].amount", "award of EUR 300,000.01 on implementation is above "
         "its cap: cap EUR 300,000.00, awarded before EUR 0.00")]
    on_expertise = AWARD.replace('envelope = "implementation"', 'envelope = "expertise"')
    assert _found(journal(on_expertise), "J010") == [
        ("J010", "journal[0].envelope", "expertise does not open on an award: its call "
         "declares no awarded_by")]


def test_no_work_or_eligibility_period_is_invented_for_the_pilots():
    """The sources give the pilots no work or eligibility period: no P002 or J005 on dates
    a declared period would refuse (issue 14)."""
    text = journal('date = 2020-03-01\nkind = "milestone.done"\nmilestone = "M1"').replace(
        "period = { start = 2018-01-01, end = 2019-12-31 }",
        "period = { start = 2017-06-01, end = 2021-12-31 }")
    assert [c for c in codes(text, dt.date(2020, 3, 2)) if c in ("P002", "J005")] == []
    assert {"P002", "J005"} <= set(codes(text.replace('call = "itr-2017"', 'call = "declared"'),
                                         dt.date(2020, 3, 2)))


def test_a_plan_may_declare_its_own_eligibility_period():
    text = journal('date = 2020-03-01\nkind = "milestone.done"\nmilestone = "M1"').replace(
        "period = {", "eligibility = { start = 2018-01-01, end = 2019-12-31 }\nperiod = {")
    [f] = [f for f in load_text(text, "s.toml", as_of=dt.date(2020, 3, 2)).findings
           if f.code == "J005"]
    assert f.message == ("milestone.done dated 2020-03-01 is outside the plan's eligibility "
                         "period (2018-01-01 to 2019-12-31)")


CALLS = '''\
transition = "calls/1"

[[calls]]
id = "mine"
title = "My programme"
fund = "ERDF"
answered_by = "strategy"
opens = 2021-03-01
deadline = 2021-01-01
work = { start = 2021-01-01, end = 2022-12-31 }
selects = 10
budget = 100000.00

[[calls.envelopes]]
id = "expertise"
title = "Expertise"
cap = 50000.00

[[calls.envelopes]]
id = "expertise"
title = "Expertise again"
cap = 50000.00
'''


def test_calls_file_rules():
    doc = load_text(CALLS, "calls.toml", as_of=AS_OF)
    assert sorted(f.code for f in doc.findings) == ["K001", "K002", "K003"]


def test_user_calls_file_overrides_and_adds(write):
    path = write("calls.toml", CALLS.split("\n[[calls.envelopes]]\nid = \"expertise\"\n"
                                           "title = \"Expertise again\"", maxsplit=1)[0])
    cat = load_catalogue(path)
    assert cat.get("mine") is not None and cat.get("mine").source == str(path)
    assert cat.get("itr-2017").source == "built-in"


def test_implausibly_large_amounts_are_findings():
    doc = load_text(sub("cap = 200000.00", "cap = 1e30"), "s.toml", as_of=AS_OF)
    assert [(f.code, f.message) for f in doc.findings] == [
        ("S004", "amount is implausibly large: 1e30")]  # as written, not as Decimal says


def test_journal_milestone_starting_after_due():
    text = journal('date = 2018-02-01\nkind = "milestone.add"\nmilestone = "M9"\ntitle = "x"\n'
                   "start = 2018-08-01\ndue = 2018-07-01")
    [f] = [f for f in load_text(text, "s.toml", as_of=AS_OF).findings if f.code == "J005"]
    assert f.message == "milestone.add: M9 starts 2018-08-01, after it is due (2018-07-01)"


def test_cluster_member_added_twice():
    text = journal('date = 2018-02-01\nkind = "cluster.add"\ncluster = "c"\nname = "C"',
                   *['date = 2018-02-02\nkind = "cluster.join"\ncluster = "c"\nname = "Org"\n'
                     'member_kind = "firm"'] * 2)
    found = [(f.code, f.key) for f in load_text(text, "s.toml", as_of=AS_OF).findings
             if f.code == "J002"]
    assert found == [("J002", "journal[2].name")]


def test_a_cancelled_dependency_does_not_block():
    text = journal('date = 2018-02-01\nkind = "milestone.cancel"\nmilestone = "M1"\nreason = "x"',
                   'date = 2018-03-01\nkind = "milestone.done"\nmilestone = "M2"')
    assert codes(text, dt.date(2018, 3, 2)) == []


def test_state_ignores_what_the_journal_rules_refuse():
    """A reschedule after done is J003 in check, and changes nothing in derived state."""
    from transition_cli.ledger.replay import derive

    text = journal('date = 2018-02-01\nkind = "milestone.done"\nmilestone = "M1"',
                   'date = 2018-03-01\nkind = "milestone.reschedule"\nmilestone = "M1"\n'
                   'due = 2019-12-01\nreason = "late"')
    doc = load_text(text, "s.toml", as_of=AS_OF)
    assert [f.code for f in doc.findings] == ["J003"]
    m1 = derive(doc.plan).milestones["M1"]
    assert (m1.status, m1.due, m1.slip_days) == ("done", dt.date(2018, 3, 31), -58)


def test_gate_without_milestone_is_reported_once():
    text = sub('gate = "M2"\n', "") + (
        '\n[[journal]]\ndate = 2018-03-01\nkind = "budget.commit"\nenvelope = "implementation"\n'
        'ref = "I1"\namount = 10.00\n')
    assert [c for c in codes(text) if c in ("R008", "J009")] == ["R008"]


def test_commitment_counts_expert_days_already_logged():
    """150 days at 900.00 = 135,000.00 of the expertise envelope; 70,000.00 more is over."""
    text = journal('date = 2018-02-01\nkind = "expert.log"\nexpert = "lead"\ndays = 150',
                   COMMIT + "amount = 70000.00")
    found = [(f.code, f.message) for f in load_text(text, "s.toml", as_of=AS_OF).findings
             if f.code in ("J006", "J007")]
    assert found == [("J006", "commitment C1 of EUR 70,000.00 is above what expertise has "
                      "left: cap EUR 200,000.00, committed EUR 135,000.00, remaining "
                      "EUR 65,000.00")]


def test_a_commitment_naming_the_expert_covers_their_days():
    text = journal('date = 2018-02-01\nkind = "expert.log"\nexpert = "lead"\ndays = 150',
                   COMMIT + 'amount = 190000.00\nexpert = "lead"')
    assert [c for c in codes(text) if c in ("J006", "J007")] == []
