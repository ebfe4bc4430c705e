"""The status report and the portfolio as data: numbers, dates, red/amber/green."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from transition_cli.check import check_document
from transition_cli.core.model import Strategy
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import load_bytes
from transition_cli.views import (
    Forecast,
    MoneyRow,
    NotAPlan,
    StatusReport,
    forecast,
    portfolio,
    status,
)

SNAPSHOTS = Path(__file__).parent / "snapshots"
FIXTURE = (SNAPSHOTS / "views-strategy.toml").read_text(encoding="utf-8")
AS_OF = dt.date(2018, 6, 30)


def report_of(text: str, as_of: dt.date = AS_OF, file: str = "hdf.toml"):
    cat = load_catalogue()
    doc = check_document(load_bytes(text.encode(), file), cat, as_of)
    return status(doc, cat, as_of)


def test_header_facts():
    r = report_of(FIXTURE)
    assert (r.name, r.nuts, r.call, r.kind) == ("Hauts-de-France", ("FRE1", "FRE2"),
                                                "itr-2017", "strategy")
    assert r.call_title == "Pilot action for regions in industrial transition, round 1"
    assert (r.period_start, r.period_end, r.as_of) == (dt.date(2018, 1, 1),
                                                       dt.date(2019, 12, 31), AS_OF)


def test_milestone_rows():
    rows = {m.id: m for m in report_of(FIXTURE).milestones}
    assert rows["M1"].status == "done" and rows["M1"].slip_days == -3
    assert rows["M1"].start == dt.date(2018, 1, 15)
    m2 = rows["M2"]
    assert (m2.baseline_due, m2.due, m2.slip_days, m2.late_days) == (
        dt.date(2018, 5, 31), dt.date(2018, 6, 15), 15, 15)
    assert m2.start == dt.date(2018, 3, 31)  # no start: its dependency's due date
    assert rows["M3"].late_days == 0 and rows["M3"].depends_on == ("M2",)
    assert rows["M4"].status == "cancelled" and not rows["M4"].late
    assert rows["M4"].start == dt.date(2018, 1, 1)  # no start, no dependency: the period's


def test_envelope_rows_are_exact_and_ignore_entries_after_as_of():
    env = {e.id: e for e in report_of(FIXTURE).envelopes}
    expertise = env["expertise"]
    # 24,000.00 + 35,000.50 committed, plus 3.5 days x 800.00 logged by an expert no
    # contract covers; the 10,000.00 of 2018-07-15 is after --as-of.
    assert expertise.committed == Decimal("61800.50")
    assert expertise.paid == Decimal("12000.00")
    assert expertise.remaining == Decimal("138199.50")
    assert expertise.gate_state == "none"
    assert env["implementation"].gate_state == "closed"
    assert env["implementation"].gate == "M3"


def test_money_rows_are_every_budget_entry_in_force_as_of_the_report() -> None:
    """Built when first read (the status view shows none), the same rows every time: each
    award, commitment, payment and release dated by --as-of, with its expert's name."""
    r = report_of(FIXTURE)
    plan = load_bytes(FIXTURE.encode(), "hdf.toml").plan
    assert isinstance(plan, Strategy)
    names = {x.id: x.name for x in plan.experts}
    expected = tuple(
        MoneyRow(e.index + 1, e.date, e.kind, e.envelope or "", e.ref or e.get("decision", ""),
                 e.amount or Decimal(0), names.get(e.expert or "", e.expert or ""), e.note)
        for e in plan.journal if e.kind.startswith("budget.") and e.date <= AS_OF)
    assert len(expected) == 3  # the fixture's fourth budget entry is after --as-of
    assert r.money == expected and tuple(r.money) == expected and len(r.money) == 3
    assert r.money[0] == expected[0] and r.money[1:] == expected[1:]
    assert report_of(FIXTURE) == r and hash(report_of(FIXTURE)) == hash(r)


def test_forecast_of_the_fixture():
    fc = {e.id: e.forecast for e in report_of(FIXTURE).envelopes}
    # window 2018-04-02..2018-06-30: 35,000.50 + 2,800.00 = 37,800.50 per 90 days
    assert fc["expertise"] == Forecast(
        window_start=dt.date(2018, 4, 2), window_committed=Decimal("37800.50"),
        cap_reached=dt.date(2019, 5, 26),  # ceil(138,199.50 x 90 / 37,800.50) = 330 days
        left_at_end=Decimal("-92383.55"),  # 138,199.50 - 37,800.50 x 549 / 90
        within_period=True,
        # ... from two entries (2018-05-15, 2018-06-01), one of them most of it: no pace
        entries=2, span_days=17, largest=Decimal("35000.50"),
    )
    assert not fc["expertise"].sound
    assert fc["implementation"].cap_reached is None
    assert fc["implementation"].left_at_end == Decimal("300000.00")


@pytest.mark.parametrize(("committed", "window", "as_of", "end", "reached", "left"), [
    # no pace: nothing more is spent
    ("0.00", "0.00", "2018-06-30", "2018-12-31", None, "1000.00"),
    # 0.03 per 90 days, 0.03 left: reached exactly on the last day
    ("999.97", "0.03", "2018-06-30", "2018-09-28", "2018-09-28", "0.00"),
    # 3.00 per 90 days over 100 days is 3.333... spent: rounded up, so 996.66 left (never
    # more left than the pace implies)
    ("0.00", "3.00", "2018-01-01", "2018-04-11", "2100-02-20", "996.66"),
    # 0.01 per 90 days: the cap date would be past year 9999: not reached; 0.0111 spent
    ("0.00", "0.01", "2018-01-01", "2018-04-11", None, "999.98"),
    # already over the cap
    ("1000.01", "0.00", "2018-06-30", "2018-12-31", None, "-0.01"),
    # as of after the end of the period: nothing left to forecast
    ("500.00", "500.00", "2020-01-01", "2019-12-31", "2020-03-31", "500.00"),
])
def test_forecast_arithmetic_is_exact(committed, window, as_of, end, reached, left):
    fc = forecast(Decimal(committed), Decimal("1000.00"), Decimal(window),
                  dt.date.fromisoformat(as_of), dt.date.fromisoformat(end))
    assert fc.cap_reached == (dt.date.fromisoformat(reached) if reached else None)
    assert fc.left_at_end == Decimal(left)
    assert str(fc.left_at_end) == left  # two decimals, never an exponent


def test_overall_amber_with_every_reason():
    r = report_of(FIXTURE)
    assert r.overall == "amber"
    # Two commitments in 90 days are no pace: the forecast does not cry wolf (issue 16).
    assert r.reasons == ("1 milestone late", "1 warning from check")


def test_overall_red_when_very_late_or_errors():
    r = report_of(FIXTURE, dt.date(2018, 8, 1))
    assert r.overall == "red"
    assert r.reasons[0] == "1 milestone more than 30 days late (M2 by 47 days)"
    broken = report_of(FIXTURE.replace('owner = "skills"', 'owner = "nobody"'))
    assert broken.overall == "red" and broken.reasons[0] == "1 error from check"


def test_overall_green(strategy_text):
    r = report_of(strategy_text, dt.date(2018, 2, 1))
    assert r.overall == "green"
    assert r.reasons == ("no late milestone, no finding, envelopes within their caps",)


def test_over_cap_is_red(strategy_text):
    text = strategy_text + '''
[[journal]]
date = 2018-02-01
kind = "budget.commit"
envelope = "expertise"
amount = 200000.00
ref = "A"

[[journal]]
date = 2018-02-02
kind = "budget.commit"
envelope = "expertise"
amount = 0.01
ref = "B"
'''
    r = report_of(text, dt.date(2018, 2, 10))
    assert r.overall == "red"
    assert "expertise committed over its cap by EUR 0.01" in r.reasons


def test_partnership_and_calls_files():
    cat = load_catalogue()
    doc = check_document(load_bytes(b'transition = "calls/1"\n', "c.toml"), cat, AS_OF)
    with pytest.raises(NotAPlan):
        status(doc, cat, AS_OF)


def _region(name: str, call: str, amounts: list[str], late: bool = False) -> str:
    text = (FIXTURE.split("[[journal]]")[0]
            .replace('name = "Hauts-de-France"', f'name = "{name}"')
            .replace('call = "itr-2017"', f'call = "{call}"'))
    if call == "itr-2018":
        text = text.replace("start = 2018-01-01", "start = 2018-03-01").replace(
            "start = 2018-01-15", "start = 2018-03-15")
    for i, amount in enumerate(amounts):
        text += (f'\n[[journal]]\ndate = 2018-04-0{i + 1}\nkind = "budget.commit"\n'
                 f'envelope = "expertise"\namount = {amount}\nref = "R{i}"\n')
    if not late:
        text += ('\n[[journal]]\ndate = 2018-03-30\nkind = "milestone.done"\nmilestone = "M1"\n'
                 '\n[[journal]]\ndate = 2018-05-30\nkind = "milestone.done"\nmilestone = "M2"\n'
                 '\n[[journal]]\ndate = 2018-04-30\nkind = "milestone.done"\nmilestone = "M4"\n')
    return text


def _docs(*texts: tuple[str, str]):
    cat = load_catalogue()
    return cat, [check_document(load_bytes(t.encode(), f), cat, AS_OF) for f, t in texts]


def test_portfolio_totals_are_exact_per_call():
    cat, docs = _docs(
        ("a.toml", _region("Sachsen", "itr-2017", ["0.10", "0.20"])),
        ("b.toml", _region("Piemonte", "itr-2017", ["33333.33", "33333.34"], late=True)),
        ("c.toml", _region("Wallonie", "itr-2017", ["0.01"])),
        ("d.toml", _region("Cantabria", "itr-2018", ["12345.67"])),
        ("calls.toml", 'transition = "calls/1"\n'),
        ("bad.toml", 'transition = "strategy/1"\ncall = [\n'),
    )
    p = portfolio(docs, cat, AS_OF)
    assert [r.name for r in p.rows] == ["Piemonte", "Cantabria", "Sachsen", "Wallonie"]
    by_name = {r.name: r for r in p.rows}
    assert by_name["Sachsen"].committed == Decimal("0.30")
    assert by_name["Piemonte"].committed == Decimal("66666.67")
    assert (by_name["Piemonte"].done, by_name["Piemonte"].total, by_name["Piemonte"].late) == (
        0, 4, 3)
    assert (by_name["Sachsen"].done, by_name["Sachsen"].total) == (3, 4)
    totals = {t.call: t for t in p.calls}
    t17 = totals["itr-2017"]
    assert (t17.plans, t17.selects) == (3, 5)
    assert t17.budget == Decimal("2500000.00")  # five regions x EUR 500,000
    assert t17.cap == Decimal("1500000.00")
    assert t17.committed == Decimal("66666.98")
    assert t17.share == Decimal("66666.98") / Decimal("2500000.00")
    assert totals["itr-2018"].committed == Decimal("12345.67")
    assert [u.file for u in p.unreadable] == ["bad.toml"]


@pytest.mark.parametrize(("key", "order"), [
    ("name", ["Cantabria", "Piemonte", "Sachsen"]),
    ("committed", ["Piemonte", "Cantabria", "Sachsen"]),
    ("late", ["Piemonte", "Cantabria", "Sachsen"]),
    ("call", ["Piemonte", "Sachsen", "Cantabria"]),
    ("file", ["Sachsen", "Piemonte", "Cantabria"]),
])
def test_portfolio_sort(key, order):
    cat, docs = _docs(
        ("a.toml", _region("Sachsen", "itr-2017", ["0.10"])),
        ("b.toml", _region("Piemonte", "itr-2017", ["900.00"], late=True)),
        ("c.toml", _region("Cantabria", "itr-2018", ["100.00"])),
    )
    assert [r.name for r in portfolio(docs, cat, AS_OF, key).rows] == order


def test_portfolio_lists_each_regions_partnerships(tmp_path):
    from conftest import STRATEGY
    from transition_cli.check import check_paths
    from transition_cli.files.calls import load_catalogue

    root = tmp_path / "plans"
    root.mkdir()
    (root / "hdf.toml").write_text(STRATEGY, encoding="utf-8")
    example = Path(__file__).resolve().parent.parent / "examples/partnerships/cybersecurity.toml"
    # Hauts-de-France (FRE) in place of an illustrative partner; FRE covers FRE1 and FRE2.
    text = example.read_text(encoding="utf-8").replace(
        'name = "Wielkopolskie"\ncountry = "PL"\nnuts = ["PL41"]',
        'name = "Hauts-de-France"\ncountry = "FR"\nnuts = ["FRE"]')
    assert '"FRE"' in text
    (root / "cyber.toml").write_text(text, encoding="utf-8")
    cat = load_catalogue()
    docs = check_paths([root], cat, dt.date(2018, 2, 1)).documents
    folio = portfolio(docs, cat, dt.date(2018, 2, 1), sort="file")
    by_file = {Path(r.file).name: r.partnerships for r in folio.rows}
    assert by_file == {"cyber.toml": (), "hdf.toml": ("cybersecurity",)}


def _paced(strategy_text: str, *amounts_days: tuple[str, str]) -> StatusReport:
    done = '\n[[journal]]\ndate = 2018-03-20\nkind = "milestone.done"\nmilestone = "M1"\n'
    text = strategy_text + done + "".join(
        f'\n[[journal]]\ndate = {day}\nkind = "budget.commit"\nenvelope = "expertise"\n'
        f'ref = "C{n}"\namount = {amount}\n' for n, (amount, day) in enumerate(amounts_days))
    return report_of(text, dt.date(2018, 6, 30))


def test_two_contracts_in_90_days_do_not_turn_a_region_amber(strategy_text):
    """Issue 16: two contracts extrapolated to EUR 693,022.23 over the cap is no forecast."""
    r = _paced(strategy_text, ("90000.00", "2018-04-10"), ("60000.00", "2018-06-20"))
    fc = r.envelopes[0].forecast
    assert fc.within_period and not fc.sound
    assert fc.basis == ("from 2 entries: too few to forecast (a pace needs 4 or more over "
                        "30 days or more)")
    assert not any("cap reached" in reason for reason in r.reasons)


def test_a_steady_pace_is_a_forecast_and_turns_amber(strategy_text):
    r = _paced(strategy_text, *((a, f"2018-{m}") for a, m in (
        ("30000.00", "04-05"), ("35000.00", "04-30"), ("30000.00", "05-25"),
        ("40000.00", "06-25"))))
    fc = r.envelopes[0].forecast
    assert (fc.entries, fc.span_days, fc.sound) == (4, 81, True)
    assert fc.basis == "from 4 entries over 81 days"
    assert r.overall == "amber"
    assert r.reasons == ("expertise cap reached by 2018-08-13 at the pace of the last 90 "
                         "days (from 4 entries over 81 days)",)


@pytest.mark.parametrize(("steps", "basis"), [
    ((("1000.00", "06-01"), ("1000.00", "06-02"), ("1000.00", "06-03"), ("1000.00", "06-04")),
     "from 4 entries within 3 days: too close together to forecast (a pace needs 30 days or "
     "more)"),
    ((("1000.00", "04-05"), ("1000.00", "05-02"), ("1000.00", "05-30"), ("9000.00", "06-25")),
     "from 4 entries, one of them EUR 9,000.00, more than half: a one-off, not a pace to "
     "forecast"),
])
def test_a_basis_too_close_or_one_off_is_no_forecast(strategy_text, steps, basis):
    r = _paced(strategy_text, *((a, f"2018-{d}") for a, d in steps))
    fc = r.envelopes[0].forecast
    assert (fc.sound, fc.basis) == (False, basis)
