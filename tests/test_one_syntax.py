"""One syntax for amounts (issue 19): a file and the command line accept the same numbers,
by the one rule of ``core.money.judged`` (docs/FORMAT.md, "Money"): no exponent, at most
two decimals of value (``12000.5000`` is 12,000.50), digits grouped by underscores as TOML
groups them."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from transition_cli.core.errors import RefusedError
from transition_cli.core.money import parse_amount, parse_days
from transition_cli.core.spec import Days, Money
from transition_cli.files import toml_parser
from transition_cli.files.schema import Validator


def in_a_file(text: str, spec: Money | Days) -> Decimal | None:
    """The value a file's ``x = TEXT`` gives, None when the validator refuses it."""
    validator = Validator("f.toml")
    value = validator.value(spec, toml_parser.parse(f"x = {text}\n")["x"], ("x",))
    assert (value is None) == bool(validator.findings)
    return value


def typed(text: str, parse=parse_amount) -> Decimal | None:
    try:
        return parse(text)
    except RefusedError:
        return None


INTEGER = st.integers(1, 10**13).map(str)
GROUPED = st.lists(st.integers(0, 999), min_size=1, max_size=4).map(
    lambda groups: "_".join([str(groups[0] or 1), *(f"{g:03d}" for g in groups[1:])]))
NUMBER = st.builds(
    lambda whole, decimals, zeros, exponent: whole
    + (f".{decimals}{'0' * zeros}" if decimals is not None else "")
    + (f"e{exponent}" if exponent is not None else ""),
    st.one_of(INTEGER, GROUPED),
    st.one_of(st.none(), st.integers(0, 999).map(str)),
    st.integers(0, 3),
    st.one_of(st.none(), st.integers(-3, 3)))


TWO_WAYS = re.compile(r"\d{1,3}\.\d{3}")
"""2.500: a decimal in a file, a question on the command line (a German thousand?)."""


@given(NUMBER)
def test_a_file_and_the_command_line_accept_the_same_amounts(text):
    assume(not TWO_WAYS.fullmatch(text))
    file_value, cli_value = in_a_file(text, Money()), typed(text)
    assert (file_value is None) == (cli_value is None), text
    if file_value is not None:
        assert file_value == cli_value


@given(NUMBER)
def test_and_the_same_numbers_of_days(text):
    assume(not TWO_WAYS.fullmatch(text))
    file_value, cli_value = in_a_file(text, Days()), typed(text, parse_days)
    assert (file_value is None) == (cli_value is None), text
    if file_value is not None:
        assert file_value == cli_value


@pytest.mark.parametrize(("text", "value"), [
    ("12000.5000", "12000.50"), ("200_000.00", "200000.00"), ("1234.500", "1234.50"),
])
def test_zeros_past_the_cent_are_zeros(text, value):
    assert str(in_a_file(text, Money())) == value
    assert typed(text) == Decimal(value)


def test_a_dot_and_three_digits_typed_is_asked_about_not_guessed():
    # 2.500 typed by a German speaker is EUR 2,500.00; recording EUR 2.50 would pass
    # unnoticed. A file is TOML, where it can only be 2.50.
    assert str(in_a_file("2.500", Money())) == "2.50"
    with pytest.raises(RefusedError) as refused:
        parse_amount("2.500")
    assert str(refused.value) == ("AMOUNT '2.500': reads two ways: EUR 2.50 (a decimal point) "
                                  "or EUR 2,500.00 (a dot grouping thousands, the German way)")
    assert refused.value.hint == "write 2.50 or 2500"
    with pytest.raises(RefusedError) as refused:
        parse_days("1.500")
    assert str(refused.value) == ("DAYS '1.500': reads two ways: 1.5 (a decimal point) or "
                                  "1,500 (a dot grouping thousands, the German way)")
    assert refused.value.hint == "write 1.5 or 1500"
    for text in ("2.5", "2.50", "2500", "2,500", "2,500.00", "1234.500"):
        assert typed(text) is not None, text


@pytest.mark.parametrize("text", ["2e5", "1.200050e4", "12.345", "1E2"])
def test_exponents_and_fractions_of_a_cent_are_refused_everywhere(text):
    assert in_a_file(text, Money()) is None
    assert typed(text) is None


@pytest.mark.parametrize("text", ["0,125", "0,001", "0,500", "00,125"])
def test_a_comma_after_a_leading_zero_is_a_decimal_comma_never_a_thousand(text):
    # 0,125 days was recorded as 125 days: a group of thousands never starts with 0.
    assert typed(text) is None
    assert typed(text, parse_days) is None


def test_a_thousands_comma_still_groups_from_one_up():
    assert typed("1,000") == Decimal("1000.00")
    assert typed("12,000.50") == Decimal("12000.50")
