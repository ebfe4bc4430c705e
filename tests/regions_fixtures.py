"""Inline documents shared by the region, partnership and cross-file tests."""

from __future__ import annotations

import datetime as dt

from transition_cli import load_text
from transition_cli.core.findings import Finding
from transition_cli.files.calls import Catalogue, load_catalogue

AS_OF = dt.date(2018, 6, 30)

# A valid partnership of four Member States (FR, EE, ES, FI) under iip-2017.
PARTNERSHIP = '''\
transition = "partnership/1"
call = "iip-2017"
id = "cybersecurity"
title = "Cybersecurity"
theme = "cybersecurity"
submitted = 2017-10-30
period = { start = 2018-01-01, end = 2019-12-31 }
coordinators = ["bretagne"]

[[members]]
id = "bretagne"
name = "Bretagne"
country = "FR"
nuts = ["FRH0"]

[[members]]
id = "estonia"
name = "Estonia"
country = "EE"
nuts = ["EE00"]

[[members]]
id = "castilla-y-leon"
name = "Castilla y León"
country = "ES"
nuts = ["ES41"]

[[members]]
id = "helsinki"
name = "Helsinki-Uusimaa"
country = "FI"
nuts = ["FI1B"]

[[phases]]
name = "learn"
start = 2018-01-01
end = 2018-04-30

[[phases]]
name = "connect"
start = 2018-05-01
end = 2018-08-31

[[phases]]
name = "demonstrate"
start = 2018-09-01
end = 2019-02-28

[[phases]]
name = "commercialise"
start = 2019-03-01
end = 2019-08-31

[[phases]]
name = "scale-up"
start = 2019-09-01
end = 2019-12-31

[[envelopes]]
id = "advice"
cap = 200000.00
'''

FINLAND = '''
[[members]]
id = "helsinki"
name = "Helsinki-Uusimaa"
country = "FI"
nuts = ["FI1B"]
'''


def findings(text: str, catalogue: Catalogue | None = None) -> list[Finding]:
    return load_text(text, "p.toml", catalogue=catalogue or load_catalogue(),
                     as_of=AS_OF).findings


def codes(text: str, catalogue: Catalogue | None = None) -> list[str]:
    return [f.code for f in findings(text, catalogue)]


def only(text: str, code: str, catalogue: Catalogue | None = None) -> list[Finding]:
    return [f for f in findings(text, catalogue) if f.code == code]
