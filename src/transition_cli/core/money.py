"""How amounts are written, in one place. Amounts are ``Decimal`` EUR, exact to the cent."""

from __future__ import annotations

import re
from decimal import Decimal

from transition_cli.core.errors import RefusedError
from transition_cli.core.spec import MAX_AMOUNT, MAX_DAYS


def grouped(amount: Decimal) -> str:
    """``24,000.00``: for people (tables, reports)."""
    return f"{amount:,.2f}"


def eur(amount: Decimal) -> str:
    """``EUR 24,000.00``: in sentences."""
    return f"EUR {grouped(amount)}"


def plain(amount: Decimal) -> str:
    """``24000.00``: for machines (CSV, JSON), no grouping, always two decimals."""
    return f"{amount:.2f}"


def percent(share: Decimal) -> str:
    """``70%``: a share of 0..1 (or more), rounded to the whole percent."""
    return f"{share * 100:.0f}%"


def number(value: Decimal) -> str:
    """``12,000``, ``18.5``: a value measured in an indicator's unit, as written, grouped."""
    return f"{value:,f}"


def rate(value: Decimal) -> str:
    """``50%``, ``33.33%``: a percentage as written (a co-financing rate), no trailing
    zeros; unlike ``percent``, not a share of 1."""
    return f"{days(value)}%"


def days(value: Decimal) -> str:
    """``18``, ``12.5``: days without trailing zeros (``3.00`` is ``3``)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---------------------------------------------------------------------------------------
# Amounts and days typed by a person (command-line arguments)


_AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$", re.ASCII)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$", re.ASCII)


def parse_amount(text: str, argument: str = "AMOUNT") -> Decimal:
    """An amount in EUR typed by a person: ``24000``, ``24000.00`` or ``24,000.00``.

    Commas group thousands only (``24,000``); a decimal comma (``24,5``) is refused as
    ambiguous. Never a float: the text goes straight to ``Decimal``.
    """
    raw = text.strip()
    shown = f"{argument} {text!r}"
    if raw.startswith("-"):
        raise RefusedError(f"{shown}: must not be negative",
                           hint="record a positive amount of euros, e.g. 24000.00")
    if not _AMOUNT.match(raw):
        hint = "write euros with a dot for cents: 24000.00 (commas may group thousands: " \
               "24,000.00)"
        if re.match(r"^\d+,\d{1,2}$", raw):
            hint = f"use a dot for decimals: {raw.replace(',', '.')}"
        raise RefusedError(f"{shown}: not an amount in EUR", hint=hint)
    number = checked_number(Decimal(raw.replace(",", "")), shown, cents=True)
    return number.quantize(Decimal("0.01"))  # written as 24000.00: money has cents


def parse_number(text: str, argument: str = "VALUE") -> Decimal:
    """A value measured in an indicator's unit, typed by a person: ``42``, ``18.5``,
    ``12,000`` (commas group thousands only, as in amounts); 0 or more, two decimals."""
    raw = text.strip()
    shown = f"{argument} {text!r}"
    hint = "write the value with a dot for decimals: 18.5 (commas may group thousands: 12,000)"
    if raw.startswith("-"):
        raise RefusedError(f"{shown}: must not be negative", hint=hint)
    if not _AMOUNT.match(raw):
        if re.match(r"^\d+,\d{1,2}$", raw):
            hint = f"use a dot for decimals: {raw.replace(',', '.')}"
        raise RefusedError(f"{shown}: not a number", hint=hint)
    return checked_value(Decimal(raw.replace(",", "")), shown)


def checked_value(number: Decimal, shown: str) -> Decimal:
    """A value measured in an indicator's unit as the recording commands accept it: 0 or
    more (nothing measured is a measurement too), within bounds, at most two decimals."""
    if not number.is_finite() or number < 0:
        raise RefusedError(f"{shown}: not a number of 0 or more",
                           hint="write the value measured, e.g. 42 or 18.5")
    if number > MAX_AMOUNT:
        raise RefusedError(f"{shown}: implausibly large", hint=f"at most {MAX_AMOUNT:,}")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise RefusedError(f"{shown}: at most two decimals",
                           hint=f"round it: {number.quantize(Decimal('0.01'))}")
    return number


def parse_whole(text: str, argument: str = "N", minimum: int = 0) -> int:
    """A whole number typed by a person (an entry's number): digits only, at least
    ``minimum``."""
    raw = text.strip()
    if not raw.isascii() or not raw.isdigit() or int(raw) < minimum:
        raise RefusedError(f"{argument} {text!r}: not a whole number of at least {minimum}",
                           hint="write the number `transition log` shows, e.g. 7")
    return int(raw)


def parse_days(text: str, argument: str = "DAYS") -> Decimal:
    """A number of days: ``3``, ``0.5``, ``2.25`` (at most two decimals)."""
    raw = text.strip()
    shown = f"{argument} {text!r}"
    hint = "write days worked, e.g. 3 or 0.5"
    if raw.startswith("-"):
        raise RefusedError(f"{shown}: must not be negative", hint=hint)
    if not _NUMBER.match(raw):
        raise RefusedError(f"{shown}: not a number of days", hint=hint)
    return checked_number(Decimal(raw), shown, cents=False)


def checked_number(number: Decimal, shown: str, *, cents: bool) -> Decimal:
    """An amount (``cents``) or number of days as the recording commands accept it:
    more than zero, within bounds, at most two decimals. ``shown`` names it in messages."""
    limit = MAX_AMOUNT if cents else MAX_DAYS
    if number > limit:
        raise RefusedError(f"{shown}: implausibly large", hint=f"at most {limit:,}")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        unit = "at most two decimals (cents)" if cents else "at most two decimals"
        raise RefusedError(f"{shown}: {unit}",
                           hint=f"round it: {number.quantize(Decimal('0.01'))}")
    if number == 0:
        raise RefusedError(f"{shown}: must be more than zero",
                           hint="nothing to record for zero")
    return number
