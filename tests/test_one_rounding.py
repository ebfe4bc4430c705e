"""One rounding rule for every figure (issue 19): each expert log's cost (days x day rate)
is rounded to the cent, half up, where it arises; every total is a sum of rounded entries.
State, the status view, its JSON, the CSV export and the Markdown report show the same
figure for one entry and add up to the cent."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from conftest import STRATEGY
from transition_cli import load_text
from transition_cli.core.money import cost, grouped
from transition_cli.files.calls import load_catalogue
from transition_cli.ledger.replay import derive
from transition_cli.render.export import csv_text
from transition_cli.render.report import markdown
from transition_cli.render.status_json import dumps, report_dict
from transition_cli.views import Journal, status

AS_OF = dt.date(2018, 12, 31)
CATALOGUE = load_catalogue()


def _by_hand(days: Decimal, rate: Decimal) -> Decimal:
    """What a person with an invoice writes: the line's product, to the cent, half up."""
    return (days * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_issues_figure():
    # 5.25 days x EUR 1,020.50 = EUR 5,357.625: one rule says 5,357.63 everywhere.
    assert cost(Decimal("5.25"), Decimal("1020.50")) == Decimal("5357.63")
    assert cost(Decimal("0.5"), Decimal("333.33")) == Decimal("166.67")


def _strategy(rate: Decimal, logs: list[Decimal]) -> str:
    text = STRATEGY.replace("day_rate = 900.00", f"day_rate = {rate}")
    return text + "".join(
        f'\n[[journal]]\ndate = 2018-02-{n + 1:02d}\nkind = "expert.log"\nexpert = "lead"\n'
        f"days = {days}\n" for n, days in enumerate(logs))


RATES = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2000.00"), places=2)
DAYS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10"), places=2)


@given(RATES, st.lists(DAYS, min_size=1, max_size=8))
def test_every_output_adds_up_to_the_cent(rate, logs):
    doc = load_text(_strategy(rate, logs), "s.toml", catalogue=CATALOGUE, as_of=AS_OF)
    lines = [_by_hand(days, rate) for days in logs]
    total = sum(lines, Decimal(0))
    planned = _by_hand(Decimal(40), rate)

    # State: the expert and the envelope that pays expert days.
    state = derive(doc.plan, CATALOGUE.get("itr-2017"))
    assert state.experts["lead"].logged_cost == total
    assert state.envelopes["expertise"].committed == total

    # The CSV: one cell per entry, each the rounded line, adding up to the envelope.
    journal = Journal("s.toml", "Hauts-de-France", doc.plan, state)
    rows = list(csv.DictReader(io.StringIO(csv_text((journal,))[0])))
    assert [Decimal(r["cost_eur"]) for r in rows] == lines
    assert all(r["cost_eur"] == f"{line:.2f}" for r, line in zip(rows, lines, strict=True))

    # The status view and its JSON.
    report = status(doc, CATALOGUE, AS_OF)
    [expert] = report.experts
    assert (expert.logged_cost, expert.planned_cost) == (total, planned)
    [expertise] = [e for e in report.envelopes if e.id == "expertise"]
    assert expertise.committed == total
    assert expertise.remaining == Decimal("200000.00") - total
    data = json.loads(dumps(report_dict(report)))
    assert Decimal(data["experts"][0]["logged_cost"]) == total
    assert Decimal(data["experts"][0]["planned_cost"]) == planned
    envelope = next(e for e in data["envelopes"] if e["id"] == "expertise")
    assert Decimal(envelope["committed"]) == total

    # The report: the team's cost and the envelope, as people read them.
    text = markdown(report)
    assert f"| {grouped(planned)} | {grouped(total)} |" in text
    assert grouped(total) in text.split("## Envelopes")[1].split("\n## ")[0]
