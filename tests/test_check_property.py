"""check never raises: arbitrary bytes and mutated valid files end in exit 0 or 1."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from conftest import STRATEGY
from transition_cli.check import check_document
from transition_cli.core.findings import Finding
from transition_cli.core.model import Plan
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import load_bytes
from transition_cli.ledger.replay import derive
from transition_cli.rules.registry import RULES_BY_CODE

CATALOGUE = load_catalogue()
AS_OF = dt.date(2018, 6, 30)


def run(data: bytes) -> list[Finding]:
    doc = check_document(load_bytes(data, "fuzz.toml"), CATALOGUE, AS_OF)
    lines = data.count(b"\n") + 1
    for f in doc.findings:
        assert f.message and f.file == "fuzz.toml"
        assert f.code in RULES_BY_CODE, f.code  # every code is documented
        assert f.line is None or 1 <= f.line <= lines
        assert f.column is None or f.column >= 1
    if isinstance(doc.plan, Plan):
        state = derive(doc.plan, CATALOGUE.get(doc.plan.call))
        for env in state.envelopes.values():
            assert env.remaining == env.cap - env.committed
            # Money recorded is never lost or double counted, even where a rule flags it.
            assert env.paid == sum((c.paid for c in state.commitments.values()
                                    if c.envelope == env.id), Decimal(0))
    return doc.findings


@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    run(data)


@given(st.text(max_size=500))
def test_arbitrary_text_after_the_format_key(text):
    run(('transition = "strategy/1"\n' + text).encode("utf-8", "surrogatepass"))


@st.composite
def mutated(draw):
    data = bytearray(STRATEGY.encode())
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(["delete", "insert", "replace"]))
        pos = draw(st.integers(0, len(data)))
        if op == "delete" and len(data) > 1:
            del data[pos:pos + draw(st.integers(1, 20))]
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from(
                [b"[", b"]", b'"', b"=", b"\n", b"-1", b"1e999", b"nan", b".001", b"[[journal]]\n",
                 b"0000-01-01", b"\x00", b"\xff", b"M1", b",", b"{", b"}"]))
        else:
            if pos < len(data):
                data[pos] = draw(st.integers(0, 255))
    return bytes(data)


@given(mutated())
def test_mutated_valid_files(data):
    run(data)


@given(st.lists(st.sampled_from([
    'date = 2018-03-01\nkind = "milestone.done"\nmilestone = "M1"',
    'date = 2018-03-01\nkind = "milestone.start"\nmilestone = "M2"',
    'date = 2018-04-01\nkind = "milestone.reschedule"\nmilestone = "M2"\ndue = 2018-12-01\n'
    'reason = "x"',
    'date = 2018-04-01\nkind = "milestone.cancel"\nmilestone = "M1"\nreason = "x"',
    'date = 2018-04-01\nkind = "budget.commit"\nenvelope = "expertise"\nref = "A"\n'
    "amount = 1000.00",
    'date = 2018-04-02\nkind = "budget.pay"\nenvelope = "expertise"\nref = "A"\namount = 600.00',
    'date = 2018-05-01\nkind = "expert.log"\nexpert = "lead"\ndays = 2.5',
    'date = 2018-05-01\nkind = "budget.commit"\nenvelope = "implementation"\nref = "B"\n'
    "amount = 5.00",
]), max_size=12))
def test_any_journal_sequence(entries):
    text = STRATEGY + "".join(f"\n[[journal]]\n{e}\n" for e in entries)
    run(text.encode())


def test_cli_on_arbitrary_bytes_never_tracebacks(cli, write):
    for i, data in enumerate([b"", b"\xff\xfe", b"[[[", b"a = 1\n" * 3, b"\x00" * 10]):
        path = write(f"f{i}.toml", data)
        r = cli("check", path)
        assert r.exit_code in (0, 1)
        assert "Traceback" not in r.stdout + r.stderr
