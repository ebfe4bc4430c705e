"""The built-in calls hold the facts of the sources, and only those (issue 14).

Each fact is checked against the data next to the words of ``FACTS.md`` (the project's
``shared/seed/FACTS.md``) that state it. When that file is at hand (a parent folder of the
repository holds ``shared/seed/FACTS.md``, or ``$TRANSITION_FACTS`` names it), a test checks
that every quote is still its words, so the data cannot drift from the sources unseen.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest

from transition_cli.files.calls import builtin_calls
from transition_cli.views import call_budget

CALLS = {c.id: c for c in builtin_calls()}
D = dt.date.fromisoformat

# What the data holds, each with the sentence of FACTS.md that says so.
QUOTES = {
    "itr-2017 opens": "The industrial-transition call for expressions of interest opened on "
                      "**2017-09-29**.",
    "itr-2017 selected": "Round 1 regions (announced 2017-12-12)",
    "itr-2017 selects": "Five regions were selected",
    "itr-2018 deadline": "applications until **2018-01-19**",
    "itr-2018 selected": "Round 2 (announced 2018-03-07)",
    "itr-2018 selects": "2018-03-07: **seven** more were selected",
    "beneficiaries": "**12 beneficiaries in all**",
    "itr-2018 budget": "EUR 2.5 million of ERDF to select **five more regions**",
    "derived": "the total budget of round 1 (5 x 500 k = 2.5 M is derived, not\n  stated), "
               "the partnerships' total (8 x 200 k = 1.6 M, derived)",
    "no periods": "an end date of eligibility or of the work period, a start\n  date of "
                  "round 2's work",
    "iip-2017 dates": "deadline 2017-10-31",
    "iip-2017 selected": "The eight (announced 2017-12-07)",
    "iip-2017 month": "after a call in September 2017",
    "iip-2017 states": "**at least four Member States**",
    "iip-2017 cap": "up to\n  EUR 200,000 ERDF per partnership for external advice",
    "expertise": '"up to EUR 200,000 per region is available from the ERDF **to cover the '
                 'costs of\n  external expertise** that might be needed" — the Commission '
                 "reserves and contracts this;\n  the region does not pay it.",
    "implementation": "Commission judges the progress and awards the grant.",
    "implementation cap": "A grant of **maximum** EUR 300,000 per region",
    "nuts": "NUTS 2016 is the classification in force for the pilot",
    "theme": 'In 2018 the theme was worded "transition to a\n  **low-carbon** economy".',
}


def _facts_file() -> Path | None:
    named = os.environ.get("TRANSITION_FACTS")
    if named:
        return Path(named)
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "seed" / "FACTS.md"
        if candidate.is_file():
            return candidate
    return None


def test_every_quote_is_still_the_words_of_the_sources():
    path = _facts_file()
    if path is None:
        pytest.skip("FACTS.md not found: set TRANSITION_FACTS to check the quotes")
    text = path.read_text(encoding="utf-8")
    missing = [key for key, quote in QUOTES.items() if quote not in text]
    assert missing == []


def test_round_one():
    c = CALLS["itr-2017"]
    assert (c.opens, c.deadline, c.selected) == (D("2017-09-29"), None, D("2017-12-12"))
    assert c.selects == 5
    # 5 x (200,000 + 300,000): derived, and said to be.
    assert (c.budget, c.budget_derived) == (Decimal("2500000.00"), True)
    assert call_budget(c) == (5 * c.cap_per_plan, True)


def test_round_two_selected_seven_five_regions_and_two_member_states():
    c = CALLS["itr-2018"]
    assert (c.opens, c.deadline, c.selected) == (None, D("2018-01-19"), D("2018-03-07"))
    assert c.selects == 7
    assert (c.budget, c.budget_derived) == (Decimal("2500000.00"), False)  # stated
    assert CALLS["itr-2017"].selects + c.selects == 12  # "12 beneficiaries in all"


def test_the_partnerships_pilot():
    c = CALLS["iip-2017"]
    # Opened in September 2017: no day is given, so none is set.
    assert (c.opens, c.deadline, c.selected) == (None, D("2017-10-31"), D("2017-12-07"))
    assert (c.selects, c.min_member_states) == (8, 4)
    assert (c.budget, c.budget_derived) == (Decimal("1600000.00"), True)  # 8 x 200,000
    [advice] = c.envelopes
    assert (advice.id, advice.cap, advice.managed_by, advice.awarded_by) == (
        "advice", Decimal("200000.00"), None, None)  # the sources do not say who contracts


@pytest.mark.parametrize("call_id", ["itr-2017", "itr-2018", "iip-2017"])
def test_no_work_or_eligibility_period_is_invented(call_id):
    c = CALLS[call_id]
    assert (c.work, c.eligibility) == (None, None)
    assert c.nuts_version == "2016"


@pytest.mark.parametrize("call_id", ["itr-2017", "itr-2018"])
def test_who_holds_the_money(call_id):
    envelopes = {e.id: e for e in CALLS[call_id].envelopes}
    expertise, implementation = envelopes["expertise"], envelopes["implementation"]
    # The Commission reserves the expertise money and contracts the experts itself.
    assert (expertise.cap, expertise.managed_by, expertise.awarded_by,
            expertise.expert_days) == (Decimal("200000.00"), "commission", None, True)
    # The implementation grant, at most 300,000, is awarded by the Commission after judging
    # progress; the region then commits it. The plan's gate milestone is its own step.
    assert (implementation.cap, implementation.managed_by, implementation.awarded_by,
            implementation.gated) == (Decimal("300000.00"), "region", "commission", True)


def test_the_themes_as_worded_in_2018():
    for call_id in ("itr-2017", "itr-2018"):
        assert CALLS[call_id].themes == (
            "skills for the jobs of the future",
            "broadening and diffusing innovation",
            "entrepreneurship and private-sector engagement",
            "transition to a low-carbon economy",
            "inclusive growth",
        )


def test_every_figure_of_the_data_file_is_said_to_be_from_the_sources_or_derived():
    """The data file's comments name every source-less gap it leaves, so a reader does not
    take an absent date for an oversight."""
    from importlib import resources

    text = resources.files("transition_cli").joinpath("data/calls.toml").read_text("utf-8")
    assert "work =" not in text and "eligibility =" not in text
    assert text.count("budget_derived = true") == 2
    assert "no\n# source gives its opening day" in text
    assert "(no source gives the day)" in text
