"""Numbers and dates as a language other than English writes them, by CLDR (Babel).

Imported only by runs in such a language: English runs format with Python's own format
specs (``core.money``) and never import Babel. Babel (CLDR) knows each language's way:
French groups thousands with a narrow no-break space (``24 000,00``), puts the euro
sign after the amount (``24 000,00 €``) and a space before the percent sign (``36 %``);
a German catalog would get ``24.000,00 €`` with nothing written here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    format_percent,
    get_group_symbol,
    parse_decimal,
)

from transition_cli.core.i18n import _, language

_SPACES = " \u00a0\u202f"
_CURRENCY = re.compile(r"^(?:€|eur(?:os?)?)\s*|\s*(?:€|eur(?:os?)?)$", re.IGNORECASE)


def grouped(amount: Decimal) -> str:
    """``24 000,00``: an amount in tables."""
    return format_decimal(amount, "#,##0.00", locale=language())


def eur(amount: Decimal) -> str:
    """``24 000,00 €``: an amount in sentences."""
    return format_currency(amount, "EUR", locale=language())


def percent(share: Decimal) -> str:
    """``36 %``: a share of 1, to the whole percent."""
    return format_percent(share, locale=language())


def rate(value: Decimal) -> str:
    """``33,33 %``: a percentage as written, no trailing zeros."""
    return format_percent(value / 100, locale=language(), decimal_quantization=False)


def number(value: Decimal) -> str:
    """``12 000``, ``18,5``: a value as written, grouped."""
    return format_decimal(value, locale=language(), decimal_quantization=False)


def days(value: Decimal) -> str:
    """``12,5``: days without trailing zeros."""
    return format_decimal(value, "0.##", locale=language())


def decimal_comma() -> bool:
    """Whether this language writes decimals with a comma (French, German, Italian)."""
    from babel.numbers import get_decimal_symbol

    return get_decimal_symbol(language()) == ","


def long_date(day: dt.date) -> str:
    """``31 mars 2018``: a date in a sentence."""
    from babel.dates import format_date  # dates only where a sentence has one

    return format_date(day, "long", locale=language())


def readings(text: str) -> tuple[str, str] | None:
    """The two readings of an ambiguous number (``1.234``: one and 234 thousandths, or
    one thousand two hundred and thirty-four), as this language writes them; None when
    ``text`` is not ambiguous here."""
    raw = _CURRENCY.sub("", text.strip()).strip()
    for mark in (".", ","):
        if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(mark)}\d{{3}})+", raw):
            whole = Decimal(raw.replace(mark, ""))
            fraction = Decimal(raw.replace(mark, "", raw.count(mark) - 1).replace(mark, "."))
            return (format_decimal(fraction, "0.###", locale=language()),
                    format_decimal(whole, "#,##0", locale=language()))
    return None


def parse(text: str) -> Decimal | None:
    """A number written this language's way (``1 234,56``, ``1234,56``, ``24 000,00 €``,
    ``2,5``), or with a dot for decimals (``24000.00``); None when it is neither, or
    ambiguous (``readings``). Grouping may use any space; the currency is dropped."""
    raw = _CURRENCY.sub("", text.strip()).strip()
    if not raw or readings(raw) is not None:
        return None
    lang = language()
    group = get_group_symbol(lang)
    if group.isspace() or group in _SPACES:
        raw = re.sub(rf"(?<=\d)[{_SPACES}](?=\d{{3}}(?:\D|$))", group, raw)
    if re.fullmatch(r"\d+(?:\.\d{1,2})?", raw, re.ASCII):
        return Decimal(raw)
    if not re.fullmatch(rf"[0-9][0-9.,'{_SPACES}]*", raw, re.ASCII):
        return None  # no exponent, sign or other digits: what English refuses, French does too
    try:
        return parse_decimal(raw, locale=lang, strict=True)
    except NumberFormatError:
        return None


def parse_date(text: str) -> dt.date | None:
    """A date written as this language writes it short, with the year in full
    (``31/03/2018`` in French: the day first, CLDR says), or None."""
    from babel.dates import format_date
    from babel.dates import parse_date as babel_date

    raw = text.strip()
    if not re.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{4}", raw):
        return None
    try:
        day = babel_date(raw, locale=language(), format="short")
    except (ValueError, IndexError):
        return None
    # Babel swaps day and month when the month is over 12; the order CLDR gives is kept.
    shown = format_date(day, "short", locale=language())
    return day if _numbers(shown) == _numbers(raw) else None


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def ambiguous_hint(text: str) -> str | None:
    """What a refusal of ``text`` says when it is ambiguous: its two readings."""
    both = readings(text)
    if both is None:
        return None
    return _("ambiguous: {first} or {second}? write one of them as such").format(
        first=both[0], second=both[1])
