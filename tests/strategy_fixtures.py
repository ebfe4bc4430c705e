"""A strategy with the strategy itself: the conftest fixture plus priorities, actions with
their funding mix, indicators and deliverables, valid as of 2018-02-01."""

from __future__ import annotations

from conftest import STRATEGY

SECTIONS = '''
[[clusters]]
id = "materials"
name = "Advanced materials and recycling"
members = [{ name = "Université de Lille", kind = "university" },
           { name = "A battery maker", kind = "firm" }]

[[priorities]]
id = "P1"
title = "Skills for low-carbon manufacturing"
s3_domain = "Transport and eco-mobility"
themes = ["skills for the jobs of the future", "transition to a low-carbon economy"]
rationale = "Battery and rail plants need new skills."

[[priorities]]
id = "P2"
title = "Circular materials"
s3_domain = "Advanced materials"
s3_reference = "Regional S3, section 4.2"
themes = ["broadening and diffusing innovation"]

[[actions]]
id = "A1"
title = "Battery skills academy"
priority = "P1"
lead = "Université de Lille"
cluster = "materials"
start = 2019-01-01
end = 2019-12-31
total_cost = 400000.00
eligible_cost = 380000.00
funding = [
    { source = "pilot-grant", amount = 120000.00 },
    { source = "erdf-regional", amount = 150000.00, rate = 50, name = "ERDF programme" },
    { source = "regional", amount = 130000.00 },
]

[[actions]]
id = "A2"
title = "Recycled glass demonstrator"
priority = "P2"
lead = "A glass recycler"
start = 2019-03-01
end = 2019-12-31
total_cost = 250000.50
eligible_cost = 230000.00
funding = [
    { source = "pilot-grant", amount = 95500.50 },
    { source = "private", amount = 154500.00 },
]

[[indicators]]
id = "I1"
title = "Workers trained"
unit = "people"
kind = "output"
action = "A1"
baseline = { value = 0, date = 2018-06-30 }
target = { value = 600, date = 2019-12-31 }

[[indicators]]
id = "I2"
title = "Recycled glass used in construction"
unit = "tonnes"
kind = "result"
priority = "P2"
baseline = { value = 12000, date = 2018-01-01 }
target = { value = 20000, date = 2019-12-31 }

[[deliverables]]
id = "D1"
title = "Strategy, as validated"
due = 2018-09-30
milestone = "M2"

[[deliverables]]
id = "D2"
title = "Final report"
due = 2019-12-31
'''

WITH_STRATEGY = STRATEGY + SECTIONS


def with_strategy(old: str = "", new: str = "", *, count: int = 1) -> str:
    """The strategy with ``old`` replaced by ``new`` (``old`` must be there)."""
    if not old:
        return WITH_STRATEGY + new
    assert old in WITH_STRATEGY, old
    return WITH_STRATEGY.replace(old, new, count)


def entry(*lines: str) -> str:
    """A [[journal]] table appended at the end."""
    return "\n[[journal]]\n" + "\n".join(lines) + "\n"
