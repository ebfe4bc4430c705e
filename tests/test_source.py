"""Where findings point: the parser's own positions, inside inline tables, arrays of inline
tables, dotted and quoted keys; and money quoted as the file writes it."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from transition_cli.api import load_text
from transition_cli.files.source import Places

TEXT = '''\
# comment
transition = "strategy/1"
period = { start = 2018-01-01, end = 2019-12-31 }

[region]
  name = "Bretagne"
"quoted key" = 1

[[milestones]]
id = "M1"
notes = """
fake = "not a key"
[not.a.header]
"""
after = 1

[[milestones]]
id = "M2"
a.b."c.d" = 12.345

[[clusters]]
id = "c"
orgs = [{ name = "x", amount = 1.200050e4 }, { name = "Île", kind = "firm" }]
[[clusters.members]]
name = "x"
[[clusters.members]]
name = "y"
[clusters.sub]
'''


def test_values_are_located_at_the_value():
    places = Places(TEXT)
    assert places.find(("transition",)) == (2, 14)
    assert places.find(("region", "name")) == (6, 10)
    assert places.find(("milestones", 0, "id")) == (10, 6)
    assert places.find(("milestones", 0, "after")) == (15, 9)
    assert places.find(("clusters", 0, "members", 1, "name")) == (27, 8)


def test_inside_inline_tables():
    places = Places(TEXT)
    assert places.find(("period", "end")) == (3, 38)
    assert places.find(("period",)) == (3, 10)


def test_inside_arrays_of_inline_tables():
    places = Places(TEXT)
    assert places.find(("clusters", 0, "orgs", 0)) == (23, 9)
    assert places.find(("clusters", 0, "orgs", 0, "amount")) == (23, 32)
    # Columns count characters, not UTF-8 bytes ("Île" is 4 bytes).
    assert places.find(("clusters", 0, "orgs", 1, "kind")) == (23, 69)


def test_dotted_and_quoted_keys():
    places = Places(TEXT)
    assert places.find(("milestones", 1, "a", "b", "c.d")) == (19, 13)
    assert places.find(("region", "quoted key")) == (7, 16)
    assert places.find(("region", "quoted key"), key=True) == (7, 1)


def test_missing_values_point_at_the_key_or_table_that_should_hold_them():
    places = Places(TEXT)
    assert places.find(("region", "missing")) == (5, 1)  # the [region] header
    assert places.find(("period", "nope")) == (3, 1)  # the key of the inline table
    assert places.find(("milestones", 1, "a", "x")) == (19, 1)  # the dotted key's start
    assert places.find(("milestones", 0, "fake")) == (9, 1)  # [[milestones]]: a string
    assert places.find(("milestones", 1)) == (17, 1)
    assert places.find(("clusters", 0, "sub", "x")) == (28, 1)
    assert places.find(("clusters", 0, "members", 1, "nope")) == (26, 1)
    assert places.find(("nothing",)) == (None, None)


def test_values_as_written():
    places = Places(TEXT)
    assert places.written(("milestones", 1, "a", "b", "c.d")) == "12.345"
    assert places.written(("clusters", 0, "orgs", 0, "amount")) == "1.200050e4"
    assert places.written(("region", "missing")) is None


def test_a_header_inside_a_multiline_array_is_no_header():
    text = 'x = [\n[1],\n]\n[t]\n[[a]]\n[a.b]\n'
    places = Places(text)
    assert places.find(("t", "missing")) == (4, 1)
    assert places.find(("a", 0, "b", "missing")) == (6, 1)


def test_unreadable_text_has_no_positions():
    assert Places("x = [").find(("x",)) == (None, None)
    assert Places("x = " + "[" * 100 + "]" * 100).find(("x",)) == (None, None)


STRATEGY = '''\
transition = "strategy/1"
call = "itr-2017"
title = "Places"
period = { start = 2018-01-01, end = 2019-12-31 }
region = { name = "Hauts-de-France", country = "FR", nuts = ["FRE1", "fre2"] }
experts = [
  { id = "lead", name = "A", day_rate = 900.00, planned_days = 10 },
  { id = "econ", name = "B", day_rate = 1.200050e4, planned_days = 5.5 },
]

[[envelopes]]
id = "expertise"
cap."as dotted" = 1

[[milestones]]
id = "M1"
"title" = "Diagnosis"
due = 2018-03-31
owner = "nobody"
'''


def _places(text: str) -> dict[str, tuple[str, int | None, int | None, str]]:
    doc = load_text(text, "p.toml", as_of=__import__("datetime").date(2018, 1, 15))
    return {f.key: (f.code, f.line, f.column, f.message) for f in doc.findings}


def test_findings_carry_the_place_of_their_value():
    found = _places(STRATEGY.replace("1.200050e4", "12_000.505"))
    # inside an inline table, in an inline array
    assert found["region.nuts[1]"][:3] == ("S007", 5, 70)
    # inside an array of inline tables; the amount quoted as written
    assert found["experts[1].day_rate"] == (
        "S004", 8, 41, "amount has more than two decimals: 12_000.505")
    # a dotted key: the envelope's cap is a table, pointed at where it is written
    assert found["envelopes[0].cap"][:3] == ("S004", 13, 1)
    # after a quoted key
    assert found["milestones[0].owner"][:3] == ("R004", 19, 9)


def test_amounts_follow_the_command_lines_syntax():
    """One syntax in files and on the command line (core.money.judged): no exponent, and
    zeros past the cent are only zeros."""
    found = _places(STRATEGY)
    assert found["experts[1].day_rate"] == (
        "S004", 8, 41, "amount is written with an exponent: 1.200050e4")
    doc = load_text(STRATEGY.replace("1.200050e4", "12000.5000"), "p.toml")
    assert "experts[1].day_rate" not in {f.key for f in doc.findings}
    assert doc.plan.experts[1].day_rate == Decimal("12000.50")
    hint = next(f.hint for f in load_text(STRATEGY.replace("1.200050e4", "2e5"), "p.toml")
                .findings if f.key == "experts[1].day_rate")
    assert hint == "write the digits: 200000"


def test_money_findings_quote_the_value_as_written():
    found = _places(STRATEGY.replace("day_rate = 900.00", "day_rate = 12.345"))
    assert found["experts[0].day_rate"] == (
        "S004", 7, 41, "amount has more than two decimals: 12.345")
    found = _places(STRATEGY.replace("day_rate = 900.00", "day_rate = -1_000.5"))
    assert found["experts[0].day_rate"][3] == "amount must not be negative: -1_000.5"


@given(st.text(max_size=300), st.lists(st.one_of(st.text(max_size=5), st.integers(0, 3)),
                                       max_size=4), st.booleans())
def test_places_never_raise(text, path, key):
    line, column = Places(text).find(tuple(path), key=key)
    assert line is None or (line >= 1 and column is not None and column >= 1)


def test_clean_files_never_build_positions():
    """Positions cost a second parse: only a finding that needs a place asks for them."""
    from transition_cli.files.loader import load_bytes

    doc = load_bytes(STRATEGY.replace('"fre2"', '"FRE2"').replace("1.200050e4", "750.00")
                     .replace('owner = "nobody"', "").replace('cap."as dotted" = 1',
                                                              "cap = 1000.00").encode())
    assert doc.findings == []
    assert doc._places is None
    doc = load_bytes(STRATEGY.replace("1.200050e4", "1.2000505e4").encode())
    assert doc._places is not None  # the amount quoted as written needed them


def test_lines_are_toml_lines_crlf_and_unicode_separators_included():
    """A line is what ends in \\n: U+2028 or U+0085 inside a string starts none."""
    text = 'a = "x\u2028y\x85z"\r\n[t]\r\nb = "é"\r\nc = 1\r\n[u]\r\n'
    places = Places(text)
    assert places.find(("a",)) == (1, 5)
    assert places.find(("t", "c")) == (4, 5)
    assert places.find(("u", "missing")) == (5, 1)
    assert places.find(("t", "missing")) == (2, 1)
