"""Correcting mistakes without rewriting history (issue 16): a void cancels an entry, a
release gives back what a closed contract did not spend, a reopen puts a milestone back
under way. Each is a new entry; the entries before it stay byte for byte."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import STRATEGY
from transition_cli import load_text
from transition_cli import record as journal
from transition_cli.core.errors import RefusedError
from transition_cli.files.calls import load_catalogue
from transition_cli.ledger.replay import derive, in_force, voided

AS_OF = dt.date(2018, 12, 31)  # recording: no entry is after it
CHECKED = dt.date(2018, 2, 1)  # checking: before anything is due, so no P005 warning
CAT = load_catalogue()


def rec(path: Path, kind: str, date: str = "2018-06-30", **fields: object) -> journal.Recorded:
    entry = journal.entry(kind, dt.date.fromisoformat(date), "tester", **fields)
    return journal.record(path, entry, CAT, AS_OF)


def void(path: Path, number: int, date: str = "2018-07-01") -> journal.Recorded:
    return rec(path, "journal.void", date, voids=number, reason="recorded by mistake")


def entries(*tables: str) -> str:
    return STRATEGY + "".join(f"\n[[journal]]\n{t.strip()}\n" for t in tables)


def codes(text: str, as_of: dt.date = CHECKED) -> list[str]:
    return [f.code for f in load_text(text, "s.toml", as_of=as_of).findings]


COMMIT = 'date = 2018-03-01\nkind = "budget.commit"\nenvelope = "expertise"\nref = "C1"\n' \
         "amount = 24000.00"
PAY = 'date = 2018-04-01\nkind = "budget.pay"\nenvelope = "expertise"\nref = "C1"\n' \
      "amount = 10000.00"


def voiding(number: int, date: str = "2018-07-01") -> str:
    return f'date = {date}\nkind = "journal.void"\nvoids = {number}\nreason = "mistake"'


@pytest.fixture
def plan(write) -> Path:
    return write("hdf.toml", STRATEGY)


# ---------------------------------------------------------------------------------------
# Which entries are in force: one place


def test_a_void_cancels_its_entry_and_a_void_of_the_void_restores_it():
    doc = load_text(entries(COMMIT, PAY, voiding(2), voiding(3), voiding(4)), "s.toml",
                    as_of=CHECKED)
    journal_ = doc.plan.journal
    # 5 voids 4, so 4 is not in force and 3 (voiding 2) stands: 2 is void.
    assert [e.index + 1 for e in in_force(journal_)] == [1, 3, 5]
    assert {i + 1: v.index + 1 for i, v in voided(journal_).items()} == {2: 3, 4: 5}
    assert derive(doc.plan).commitments["C1"].paid == 0
    # Without the last void, 4 cancels 3 and the payment is back.
    fewer = load_text(entries(COMMIT, PAY, voiding(2), voiding(3)), "s.toml", as_of=CHECKED)
    assert derive(fewer.plan).commitments["C1"].paid == Decimal("10000.00")


def test_a_void_counts_from_its_date_on():
    doc = load_text(entries(COMMIT, PAY, voiding(2, "2018-09-01")), "s.toml", as_of=CHECKED)
    assert derive(doc.plan, as_of=dt.date(2018, 8, 31)).commitments["C1"].paid == 10000
    assert derive(doc.plan, as_of=dt.date(2018, 9, 1)).commitments["C1"].paid == 0


def test_a_voided_entry_is_judged_by_no_rule():
    over = PAY.replace("10000.00", "30000.00")  # J008 alone
    assert "J008" in codes(entries(COMMIT, over))
    assert codes(entries(COMMIT, over, voiding(2))) == []


@pytest.mark.parametrize(("void_entry", "message"), [
    (voiding(9), "journal.void: there is no entry 9 (the journal has 3)"),
    (voiding(3), "journal.void: entry 3 names itself"),
    (voiding(2, "2018-02-01"), "journal.void dated 2018-02-01 is before entry 2 it voids "
                               "(dated 2018-04-01)"),
])
def test_a_void_must_name_an_earlier_entry(void_entry, message):
    doc = load_text(entries(COMMIT, PAY, void_entry), "s.toml", as_of=CHECKED)
    assert [(f.code, f.message) for f in doc.findings] == [("J011", message)]
    assert derive(doc.plan).commitments["C1"].paid == 10000  # nothing cancelled


def test_a_void_naming_a_later_entry_and_a_repeated_void():
    later = load_text(entries(COMMIT, voiding(3), PAY), "s.toml", as_of=CHECKED)
    assert [f.message for f in later.findings] == [
        "journal.void (entry 2) names entry 3, which comes after it: a void cancels an "
        "earlier entry"]
    twice = load_text(entries(COMMIT, PAY, voiding(2), voiding(2)), "s.toml", as_of=CHECKED)
    [f] = twice.findings
    assert (f.code, f.key, f.message) == (
        "J011", "journal[3].voids", "journal.void: entry 2 is already void (entry 3 voids it)")
    assert f.hint == ("nothing more to void; a repeated void is itself voided with "
                      "`transition journal void s.toml 4 --reason REASON --as-of 2018-02-01`")


# ---------------------------------------------------------------------------------------
# Recording a void


def test_voiding_a_wrong_payment_appends_and_changes_what_is_paid(plan):
    rec(plan, "budget.commit", "2018-03-01", envelope="expertise", amount=Decimal(24000),
        ref="C1")
    rec(plan, "budget.pay", "2018-04-01", envelope="expertise", amount=Decimal(12000), ref="C1")
    rec(plan, "budget.pay", "2018-04-02", envelope="expertise", amount=Decimal(12000), ref="C1")
    before = plan.read_bytes()
    done = void(plan, 3)
    assert plan.read_bytes().startswith(before)
    assert plan.read_bytes()[len(before):] == (
        b'\n[[journal]]\nkind = "journal.void"\ndate = 2018-07-01\nvoids = 3\n'
        b'reason = "recorded by mistake"\nby = "tester"\n')
    assert done.state.commitments["C1"].paid == Decimal(12000)
    from transition_cli.render.journal import confirmation

    assert confirmation(done) == (
        f"Recorded journal.void 3 dated 2018-07-01 by tester in {plan}; entry 3 (budget.pay "
        "expertise, 2018-04-02) is void; C1: EUR 12,000.00 paid of EUR 24,000.00, "
        "EUR 12,000.00 unpaid; expertise has EUR 176,000.00 of EUR 200,000.00 left "
        "(EUR 12,000.00 paid).")


def test_voiding_a_commitment_that_has_payments_is_refused_by_the_rules(plan):
    rec(plan, "budget.commit", "2018-03-01", envelope="expertise", amount=Decimal(24000),
        ref="C1")
    rec(plan, "budget.pay", "2018-04-01", envelope="expertise", amount=Decimal(12000), ref="C1")
    before = plan.read_bytes()
    with pytest.raises(RefusedError) as caught:
        void(plan, 1)
    assert caught.value.message == (
        f"{plan}: not recorded, journal.void 1 breaks rule J001: budget.pay: commitment "
        'reference "C1" was added by entry 1, which entry 3 voids')
    assert caught.value.hint == (
        f"entry 2 needs it: void it first, `transition journal void {plan} 2 --reason "
        "REASON --as-of 2018-12-31`, or keep entry 1")
    assert plan.read_bytes() == before
    void(plan, 2)  # the payment first, as the hint says
    void(plan, 1)
    assert derive(journal.load_plan(plan).plan).commitments == {}


def test_voiding_a_done_milestone_that_a_later_one_needed_is_refused(plan):
    rec(plan, "milestone.done", "2018-03-20", milestone="M1")
    rec(plan, "milestone.done", "2018-06-20", milestone="M2")
    with pytest.raises(RefusedError, match="breaks rule J004: M2 done on 2018-06-20 before M1"):
        void(plan, 1)


def test_a_void_is_refused_on_an_entry_that_is_not_there(plan):
    with pytest.raises(RefusedError, match=r"J011: journal.void: there is no entry 4 \(the "
                       r"journal has 1\)"):
        void(plan, 4)


# ---------------------------------------------------------------------------------------
# Releasing the rest of a closed contract


def test_releasing_the_rest_of_a_closed_contract(plan):
    rec(plan, "budget.commit", "2018-03-01", envelope="expertise", amount=Decimal(24000),
        ref="C1")
    rec(plan, "budget.pay", "2018-04-01", envelope="expertise", amount=Decimal("18500.50"),
        ref="C1")
    done = rec(plan, "budget.release", "2018-09-30", envelope="expertise", ref="C1")
    assert done.table["amount"] == Decimal("5499.50")
    assert b'kind = "budget.release"\ndate = 2018-09-30\nenvelope = "expertise"\n' \
           b'amount = 5499.50\nref = "C1"\n' in plan.read_bytes()
    c, env = done.state.commitments["C1"], done.state.envelopes["expertise"]
    assert (c.paid, c.released, c.unpaid) == (Decimal("18500.50"), Decimal("5499.50"), 0)
    assert (env.committed, env.remaining) == (Decimal("18500.50"), Decimal("181499.50"))
    with pytest.raises(RefusedError, match="C1 has nothing left to release"):
        rec(plan, "budget.release", "2018-10-01", envelope="expertise", ref="C1")
    with pytest.raises(RefusedError) as caught:
        rec(plan, "budget.pay", "2018-10-01", envelope="expertise", amount=Decimal("0.01"),
            ref="C1")
    assert ("J008: payment of EUR 0.01 on C1 is above what was committed: committed "
            "EUR 24,000.00, paid EUR 18,500.50, released EUR 5,499.50, unpaid EUR 0.00"
            ) in caught.value.message


def test_a_partial_release_and_one_above_what_is_unpaid(plan):
    rec(plan, "budget.commit", "2018-03-01", envelope="expertise", amount=Decimal(1000),
        ref="C1")
    rec(plan, "budget.release", "2018-04-01", envelope="expertise", amount=Decimal(400),
        ref="C1")
    with pytest.raises(RefusedError) as caught:
        rec(plan, "budget.release", "2018-04-02", envelope="expertise", amount=Decimal(601),
            ref="C1")
    assert "J008: release of EUR 601.00 on C1 is above what is unpaid: committed " \
           "EUR 1,000.00, paid EUR 0.00, released EUR 400.00, unpaid EUR 600.00" \
           in caught.value.message
    assert caught.value.hint == (
        "release at most the unpaid amount: without AMOUNT, `transition budget release "
        f"{plan} expertise --ref C1 --as-of 2018-12-31` releases all of it")


def test_a_release_without_amount_names_an_unknown_reference(plan):
    rec(plan, "budget.commit", "2018-03-01", envelope="expertise", amount=Decimal(1000),
        ref="C-1")
    with pytest.raises(RefusedError) as caught:
        rec(plan, "budget.release", "2018-04-01", envelope="expertise", ref="C-2")
    assert caught.value.message == ('budget.release: no commitment "C-2" on expertise, so no '
                                    "amount to release")
    assert caught.value.hint == 'did you mean "C-1"? (known: C-1)'


def test_a_release_makes_room_under_the_cap():
    big = COMMIT.replace("24000.00", "200000.00")
    more = COMMIT.replace('"C1"', '"C2"').replace("2018-03-01", "2018-05-01") \
        .replace("24000.00", "5000.00")
    release = ('date = 2018-04-01\nkind = "budget.release"\nenvelope = "expertise"\n'
               'ref = "C1"\namount = 5000.00')
    assert "J006" in codes(entries(big, more))
    assert codes(entries(big, release, more)) == []


def test_a_release_on_an_experts_contract_charges_their_days_again():
    """A contract naming the expert covers their days; what it gives back no longer does."""
    contract = COMMIT.replace("24000.00", "9000.00") + '\nexpert = "lead"'
    days = 'date = 2018-03-05\nkind = "expert.log"\nexpert = "lead"\ndays = 10'  # 9,000.00
    release = ('date = 2018-06-01\nkind = "budget.release"\nenvelope = "expertise"\n'
               'ref = "C1"\namount = 1000.00')
    doc = load_text(entries(contract, days, release), "s.toml", as_of=CHECKED)
    state = derive(doc.plan, CAT.get("itr-2017"))
    assert state.envelopes["expertise"].committed == Decimal(9000)


# ---------------------------------------------------------------------------------------
# Reopening a milestone


def test_reopening_a_milestone_marked_done_by_mistake(plan):
    rec(plan, "milestone.done", "2018-03-20", milestone="M1")
    done = rec(plan, "milestone.reopen", "2018-04-02", milestone="M1",
               reason="Marked done by mistake")
    m1 = done.state.milestones["M1"]
    assert (m1.status, m1.started, m1.finished) == ("started", dt.date(2018, 4, 2), None)
    with pytest.raises(RefusedError) as caught:
        rec(plan, "milestone.reopen", "2018-04-03", milestone="M1", reason="again")
    assert "J003: milestone.reopen: M1 is started, not done or cancelled" in caught.value.message
    again = rec(plan, "milestone.done", "2018-04-20", milestone="M1")
    assert again.state.milestones["M1"].finished == dt.date(2018, 4, 20)


def test_what_followed_a_milestone_while_it_stood_done_stands():
    """M2 done while M1 stood done; M1 reopened later: no J004 for M2."""
    text = entries('date = 2018-03-20\nkind = "milestone.done"\nmilestone = "M1"',
                   'date = 2018-05-20\nkind = "milestone.done"\nmilestone = "M2"',
                   'date = 2018-06-02\nkind = "milestone.reopen"\nmilestone = "M1"\n'
                   'reason = "The Commission asked for more"')
    assert codes(text) == []


def test_done_twice_names_reopen_and_the_entry_to_void():
    doc = load_text(entries(*['date = 2018-03-01\nkind = "milestone.done"\nmilestone = "M1"']
                            * 2), "s.toml", as_of=CHECKED)
    [f] = doc.findings
    assert (f.code, f.message) == ("J003", "milestone.done: M1 is already done")
    assert f.hint == ("a done milestone changes again only once reopened: `transition "
                      "milestone reopen s.toml M1 --reason REASON --as-of 2018-02-01`; if entry 1 "
                      "(milestone.done) was a mistake, void it: `transition journal void "
                      "s.toml 1 --reason REASON --as-of 2018-02-01`")


# ---------------------------------------------------------------------------------------
# What people see


def test_log_shows_a_voided_entry_marked_with_who_when_and_why(cli, plan):
    rec(plan, "budget.commit", "2018-03-01", envelope="expertise", amount=Decimal(24000),
        ref="C1")
    journal.record(plan, journal.entry("journal.void", dt.date(2018, 3, 2), "Sophie Lefèvre",
                                       voids=1, reason="Wrong envelope"), CAT, AS_OF)
    shown = cli("log", plan).stdout
    assert "Journal of" in shown and "(2 entries, 1 void)" in shown
    assert "VOID: entry 2, 2018-03-02, by Sophie Lefèvre: Wrong envelope" in " ".join(
        shown.split())


def test_views_and_export_leave_a_voided_entry_out(cli, plan):
    rec(plan, "budget.commit", "2018-03-01", envelope="expertise", amount=Decimal(24000),
        ref="C1")
    void(plan, 1, "2018-03-02")
    status = cli("status", plan, "--as-of", "2018-06-30", "--format", "json").stdout
    assert '"committed": "0.00"' in status
    rows = cli("export", plan).stdout.splitlines()
    assert [r.split(",")[4] for r in rows[1:]] == ["journal.void"]
    assert rows[1].endswith(",1")  # the voids column names the entry
