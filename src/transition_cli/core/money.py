"""How amounts are written, in one place. Amounts are ``Decimal`` EUR, exact to the cent."""

from __future__ import annotations

from decimal import Decimal


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


def days(value: Decimal) -> str:
    """``18``, ``12.5``: days without trailing zeros (``3.00`` is ``3``)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
