"""The recording core: arguments, serialising, appending, refusing, locking, crash safety."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from transition_cli import record as journal
from transition_cli.check import check_document
from transition_cli.core import money
from transition_cli.core.errors import RefusedError, UsageError
from transition_cli.core.findings import Severity
from transition_cli.files import atomic
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import load_bytes
from transition_cli.ledger.replay import derive

AS_OF = dt.date(2018, 12, 31)
CAT = load_catalogue()


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def rec(path: Path, kind: str, date: str = "2018-06-30", **fields: object) -> journal.Recorded:
    return journal.record(path, journal.entry(kind, d(date), "tester", **fields), CAT, AS_OF)


def errors(data: bytes) -> list[str]:
    doc = check_document(load_bytes(data, "f.toml"), CAT, AS_OF)
    return [f"{f.code} {f.message}" for f in doc.findings if f.severity is Severity.ERROR]


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# ---------------------------------------------------------------------------------------
# Arguments


@pytest.mark.parametrize(("text", "value"), [
    ("24000", "24000.00"), ("24000.00", "24000.00"), ("24,000.00", "24000.00"),
    ("1,234,567.5", "1234567.50"), ("0.10", "0.10"), (" 12 ", "12.00"),
    ("12000.5000", "12000.50"), ("200_000", "200000.00"),
])
def test_amounts_people_type(text, value):
    amount = money.parse_amount(text)
    assert isinstance(amount, Decimal)
    assert str(amount) == value


@pytest.mark.parametrize(("text", "message"), [
    ("12.345", "AMOUNT '12.345': at most two decimals (cents)"),
    ("-5", "AMOUNT '-5': amounts are positive"),
    ("abc", "AMOUNT 'abc': not an amount in EUR"),
    ("NaN", "AMOUNT 'NaN': not an amount in EUR"),
    ("inf", "AMOUNT 'inf': not an amount in EUR"),
    ("1e3", "AMOUNT '1e3': written with an exponent"),
    ("24,5", "AMOUNT '24,5': not an amount in EUR"),
    ("2,40,00", "AMOUNT '2,40,00': not an amount in EUR"),
    ("0", "AMOUNT '0': must be more than zero"),
    ("", "AMOUNT '': not an amount in EUR"),
])
def test_bad_amounts_are_refused_naming_the_argument(text, message):
    with pytest.raises(RefusedError) as caught:
        money.parse_amount(text)
    assert caught.value.message == message
    assert caught.value.exit_code == 1


def test_decimal_comma_gets_a_hint():
    with pytest.raises(RefusedError) as caught:
        money.parse_amount("24,5")
    assert caught.value.hint == ("that is a decimal comma, the French and German way; here a "
                                 "dot marks the cents: write 24.50")


def test_days():
    assert money.parse_days("0.5") == Decimal("0.5")
    with pytest.raises(RefusedError, match=r"DAYS '1\.125': at most two decimals$"):
        money.parse_days("1.125")


def test_who_recorded_it(monkeypatch, tmp_path):
    monkeypatch.setenv("TRANSITION_USER", "Env User")
    assert journal.resolve_by("  Given  ") == "Given"
    assert journal.resolve_by(None) == "Env User"
    monkeypatch.delenv("TRANSITION_USER")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "config", "user.name", "Git User"], check=True)
    assert journal.resolve_by(None, tmp_path) == "Git User"
    monkeypatch.setenv("PATH", "")  # no git: the login name
    assert journal.resolve_by(None, tmp_path)


# ---------------------------------------------------------------------------------------
# Serialising and appending


def test_entry_serialised_with_cents_and_escapes():
    table = journal.entry("budget.commit", d("2018-03-01"), "Zoë \"Z\"", envelope="expertise",
                          amount=Decimal("24000.00"), ref="C-1", note="line\nbreak\x1b")
    assert journal.serialise(table).decode() == textwrap.dedent('''\
        [[journal]]
        kind = "budget.commit"
        date = 2018-03-01
        envelope = "expertise"
        amount = 24000.00
        ref = "C-1"
        note = "line\\nbreak\\u001b"
        by = "Zoë \\"Z\\""
        ''')


def test_whole_days_are_integers_and_lists_one_line():
    table = journal.entry("milestone.add", d("2018-03-01"), "", milestone="M7", title="T",
                          due=d("2018-05-01"), depends_on=("M1", "M2"))
    assert b'depends_on = ["M1", "M2"]\n' in journal.serialise(table)
    log = journal.entry("expert.log", d("2018-03-01"), "", expert="lead", days=Decimal(3))
    assert b"days = 3\n" in journal.serialise(log)


@pytest.mark.parametrize(("old", "joint"), [
    (b"a = 1\n", b"a = 1\n\n"),
    (b"a = 1", b"a = 1\n\n"),  # no final newline: one is added, nothing else changes
    (b"a = 1\r\n", b"a = 1\r\n\r\n"),  # CRLF files stay CRLF
])
def test_appended_keeps_old_bytes(old, joint):
    table = journal.entry("milestone.start", d("2018-03-01"), "", milestone="M1")
    new = journal.appended(old, table)
    assert new.startswith(joint + b"[[journal]]")
    if b"\r\n" in old:
        assert new.count(b"\n") == new.count(b"\r\n")


# ---------------------------------------------------------------------------------------
# Recording and refusing


def test_record_appends_and_returns_state(write, strategy_text):
    path = write("hdf.toml", strategy_text)
    done = rec(path, "budget.commit", envelope="expertise", amount=Decimal("24000.00"),
               ref="C-1")
    assert path.read_bytes().startswith(strategy_text.encode())
    env = done.state.envelopes["expertise"]
    assert (env.committed, env.remaining) == (Decimal("24000.00"), Decimal("176000.00"))
    assert done.entry.index == 0 and done.entry.by == "tester"
    assert errors(path.read_bytes()) == []


@pytest.mark.parametrize(("kind", "fields", "code", "message", "hint"), [
    ("milestone.done", {"milestone": "M11"}, "J001",
     'milestone.done: unknown milestone "M11"', 'did you mean "M1"? (known: M1, M2)'),
    ("milestone.done", {"milestone": "X"}, "J001",
     'milestone.done: unknown milestone "X"', "known: M1, M2"),
    ("milestone.done", {"milestone": "M2"}, "J004",
     "M2 done on 2018-06-30 before M1 it depends on (planned)",
     "record M1 as done first, or correct the date"),
    ("budget.commit", {"envelope": "expertise", "amount": Decimal("200000.01"), "ref": "C"},
     "J006", "commitment C of EUR 200,000.01 is above what expertise has left: cap "
     "EUR 200,000.00, committed EUR 0.00, remaining EUR 200,000.00",
     "split or reduce the commitment, or give back the unspent part of an earlier one: "
     "`transition budget release FILE expertise --ref REF --as-of 2018-12-31`"),
    ("budget.commit", {"envelope": "implementation", "amount": Decimal(1), "ref": "C"},
     "J010", "commitment C on implementation (dated 2018-06-30) comes before the award: "
     "implementation opens on the Commission's award decision, and no award decision is "
     "recorded", "record the decision first: `transition budget award FILE implementation "
     "AMOUNT --decision REF --date DATE --as-of 2018-12-31` (M2 is the plan's step before "
     "asking for it)"),
    ("budget.award", {"envelope": "implementation", "amount": Decimal("300000.01"),
                      "decision": "AWD-1"},
     "J010", "award of EUR 300,000.01 on implementation is above its cap: cap "
     "EUR 300,000.00, awarded before EUR 0.00", "record what the decision awards, at most "
     "EUR 300,000.00"),
    ("budget.pay", {"envelope": "expertise", "amount": Decimal(1), "ref": "C-9"},
     "J001", 'budget.pay: unknown commitment reference "C-9"', "none is defined yet"),
    ("budget.commit", {"envelope": "expertize", "amount": Decimal(1), "ref": "C"},
     "J001", 'budget.commit: unknown envelope "expertize"',
     'did you mean "expertise"? (known: expertise, implementation)'),
    ("expert.log", {"expert": "lead", "days": Decimal(1)}, None, None, None),
])
def test_refusals_leave_bytes_and_mtime(write, strategy_text, kind, fields, code, message,
                                        hint):
    path = write("hdf.toml", strategy_text)
    before = snapshot(path)
    if code is None:
        rec(path, kind, **fields)
        assert path.read_bytes() != before[0]
        return
    with pytest.raises(RefusedError) as caught:
        rec(path, kind, **fields)
    assert caught.value.exit_code == 1
    assert f"breaks rule {code}: {message}" in caught.value.message
    assert caught.value.hint == hint.replace("FILE", str(path))
    assert snapshot(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["hdf.toml"]


def test_date_outside_eligibility(write, strategy_text):
    """Only a declared eligibility period refuses a date: the plan's own here (itr-2017's
    sources give none)."""
    path = write("hdf.toml", strategy_text)
    rec(path, "milestone.start", "2017-06-01", milestone="M1")
    path = write("own.toml", strategy_text.replace(
        "period = {", "eligibility = { start = 2018-01-01, end = 2019-12-31 }\nperiod = {"))
    with pytest.raises(RefusedError, match="J005: milestone.start dated 2017-06-01 is outside "
                       r"the plan's eligibility period \(2018-01-01 to 2019-12-31\)"):
        rec(path, "milestone.start", "2017-06-01", milestone="M1")


def test_payment_above_unpaid(write, strategy_text):
    path = write("hdf.toml", strategy_text)
    rec(path, "budget.commit", envelope="expertise", amount=Decimal("100.00"), ref="C")
    rec(path, "budget.pay", envelope="expertise", amount=Decimal("60.00"), ref="C")
    with pytest.raises(RefusedError) as caught:
        rec(path, "budget.pay", envelope="expertise", amount=Decimal("40.01"), ref="C")
    assert "J008: payment of EUR 40.01 on C is above what was committed: committed " \
           "EUR 100.00, paid EUR 60.00, unpaid EUR 40.00" in caught.value.message


def test_expert_days_over_cap_refused_though_rule_points_elsewhere(write, strategy_text):
    path = write("hdf.toml", strategy_text)
    rec(path, "budget.commit", envelope="expertise", amount=Decimal("199000.00"), ref="C")
    before = snapshot(path)
    with pytest.raises(RefusedError, match=re.escape(
            "J007: 2 days of lead take expertise over its cap: EUR 200,800.00 committed")):
        rec(path, "expert.log", expert="lead", days=Decimal(2))  # 2 x 900 > 1,000 left
    assert snapshot(path) == before


def test_existing_errors_do_not_block_unrelated_entries(write, strategy_text):
    broken = strategy_text + '\n[[journal]]\nkind = "milestone.done"\ndate = 2018-02-01\n' \
        'milestone = "M9"\n'
    path = write("hdf.toml", broken)
    done = rec(path, "milestone.start", milestone="M1")
    assert done.existing_errors == 1


def test_inline_journal_cannot_take_a_table(write, strategy_text):
    text = strategy_text + 'journal = [{ kind = "milestone.start", date = 2018-02-01, ' \
        'milestone = "M1" }]\n'
    # A top-level key after [[envelopes]] belongs to the envelope; put it before the tables.
    text = text.replace("[region]", text.splitlines()[-1] + "\n\n[region]", 1)
    text = "\n".join(text.splitlines()[:-1]) + "\n"
    path = write("hdf.toml", text)
    assert errors(path.read_bytes()) == []
    before = snapshot(path)
    with pytest.raises(RefusedError) as caught:
        rec(path, "milestone.done", milestone="M1")
    assert "the file's journal is not written as [[journal]] tables" in caught.value.message
    assert caught.value.hint.startswith("rewrite the journal as [[journal]] tables")
    assert snapshot(path) == before


def test_not_a_plan(write):
    path = write("calls.toml", 'transition = "calls/1"\ncalls = []\n')
    with pytest.raises(UsageError, match="is a calls file"):
        rec(path, "milestone.start", milestone="M1")
    broken = write("bad.toml", 'transition = "strategy/1"\ntitle = "x\n')
    with pytest.raises(RefusedError,
                       match=r"bad\.toml: cannot be read as a plan: .*bad\.toml:2:11: F001"):
        rec(broken, "milestone.start", milestone="M1")


def test_file_mode_is_kept(write, strategy_text):
    path = write("hdf.toml", strategy_text)
    path.chmod(0o640)
    rec(path, "milestone.start", milestone="M1")
    assert path.stat().st_mode & 0o777 == 0o640


# ---------------------------------------------------------------------------------------
# Crash safety: a failure at each step of the write


def _fail_fsync(monkeypatch):
    def boom(fd):
        raise OSError(5, "Input/output error")
    monkeypatch.setattr(os, "fsync", boom)


def _fail_before_replace(monkeypatch):
    def boom(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", boom)


def _fail_after_replace(monkeypatch):
    real = os.replace

    def boom(src, dst):
        real(src, dst)
        raise OSError(5, "Input/output error")
    monkeypatch.setattr(os, "replace", boom)


@pytest.mark.parametrize(("inject", "lands"), [
    (_fail_fsync, False), (_fail_before_replace, False), (_fail_after_replace, True),
])
def test_crash_leaves_old_or_new_and_no_stray_file(write, strategy_text, monkeypatch, inject,
                                                   lands):
    path = write("hdf.toml", strategy_text)
    old = path.read_bytes()
    table = journal.entry("milestone.start", d("2018-06-30"), "tester", milestone="M1")
    new = journal.appended(old, table)
    inject(monkeypatch)
    with pytest.raises(UsageError, match=r"hdf\.toml: cannot write \(") as caught:
        journal.record(path, table, CAT, AS_OF)
    assert "unchanged or holds the new entry in full" in caught.value.message
    monkeypatch.undo()
    assert path.read_bytes() == (new if lands else old)
    assert sorted(p.name for p in path.parent.iterdir()) == ["hdf.toml"]


def test_interrupt_mid_write_leaves_old_bytes(write, strategy_text, monkeypatch):
    path = write("hdf.toml", strategy_text)
    before = snapshot(path)

    def interrupted(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        rec(path, "milestone.start", milestone="M1")
    monkeypatch.undo()
    assert snapshot(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["hdf.toml"]


# ---------------------------------------------------------------------------------------
# Locking and concurrency


def test_lock_held_by_another_writer_times_out_naming_it(write, strategy_text):
    path = write("hdf.toml", strategy_text)
    before = snapshot(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""\
            import sys, time
            from pathlib import Path
            from transition_cli.files.atomic import locked
            with locked(Path({str(path)!r})):
                print("locked", flush=True)
                sys.stdin.read()
            """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        with pytest.raises(UsageError) as caught:
            journal.record(path, journal.entry("milestone.start", d("2018-06-30"), "t",
                                               milestone="M1"), CAT, AS_OF, timeout=0.2)
    finally:
        holder.communicate("")
    message = caught.value.message
    assert message.startswith(f"{path} is being written by another process (pid {holder.pid} ")
    assert message.endswith("; gave up after 0.2 s")
    assert caught.value.hint == (f"try again in a moment; if no transition command is running, "
                                 f"delete {atomic.lock_path(path)}")
    assert snapshot(path) == before
    assert not atomic.lock_path(path).exists()


WRITER = """\
import datetime as dt, sys
from decimal import Decimal
from pathlib import Path
from transition_cli import record as journal
from transition_cli.files.calls import load_catalogue
cat, me = load_catalogue(), sys.argv[2]
for i in range(int(sys.argv[3])):
    table = journal.entry("budget.commit", dt.date(2018, 6, 30), me, envelope="expertise",
                          amount=Decimal("1.00"), ref=f"{me}-{i}")
    journal.record(Path(sys.argv[1]), table, cat, dt.date(2018, 12, 31), timeout=60)
"""


@pytest.mark.slow  # ~15 s on 2 cores: 400 appends, each re-checking the whole file
def test_four_processes_lose_nothing(write, strategy_text):
    path = write("hdf.toml", strategy_text)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"P{n}", "100"],
                                stderr=subprocess.PIPE, text=True) for n in range(4)]
    for w in writers:
        _, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
    data = path.read_bytes()
    assert data.startswith(strategy_text.encode())
    assert data.count(b"[[journal]]") == 400
    assert errors(data) == []
    doc = load_bytes(data)
    refs = {e.ref for e in doc.plan.journal}
    assert refs == {f"P{n}-{i}" for n in range(4) for i in range(100)}
    assert derive(doc.plan, CAT.get("itr-2017")).envelopes["expertise"].committed == \
        Decimal("400.00")
    assert sorted(p.name for p in path.parent.iterdir()) == ["hdf.toml"]


# ---------------------------------------------------------------------------------------
# Exactness


def test_ten_thousand_payments_of_ten_cents(write, strategy_text):
    pay = journal.serialise(journal.entry("budget.pay", d("2018-06-30"), "", envelope="expertise",
                                          amount=Decimal("0.10"), ref="C-1"))
    commit = journal.serialise(journal.entry("budget.commit", d("2018-06-01"), "",
                                             envelope="expertise", amount=Decimal("1000.00"),
                                             ref="C-1"))
    data = strategy_text.encode() + b"\n" + commit + b"\n" + b"\n".join([pay] * 10_000)
    path = write("hdf.toml", data)
    doc = load_bytes(data)
    state = derive(doc.plan, CAT.get("itr-2017"))
    assert state.envelopes["expertise"].paid == Decimal("1000.00")
    assert state.commitments["C-1"].unpaid == Decimal("0.00")
    assert errors(data) == []
    # One cent more is over-paid, exactly at the boundary.
    with pytest.raises(RefusedError, match=r"J008: payment of EUR 0\.01 on C-1 .* "
                       r"paid EUR 1,000\.00, unpaid EUR 0\.00"):
        rec(path, "budget.pay", envelope="expertise", amount=Decimal("0.01"), ref="C-1")
