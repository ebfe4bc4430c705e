"""Money and the numbers people write, in one place.

* **How figures are shown**: ``grouped``, ``eur``, ``plain``, ``days``, ``rate``...
* **The one rounding rule** (docs/FORMAT.md, "Money"): amounts are exact ``Decimal`` EUR;
  the only figures that are not whole cents as written are the costs of expert days (days
  x day rate). Each such cost is rounded to the cent, half up, where it arises, as an
  invoice rounds each of its lines: ``cost``. Every total is a sum of rounded entries, so
  state, views, JSON, the CSV and reports show the same figure for one entry and add up to
  the cent.
* **The one syntax of numbers** a person writes, in a file (TOML numbers) or on the command
  line (``parse_amount``, ``parse_days``, ``parse_number``): ``judged`` decides for both.
  Plain digits with an optional decimal point; at most two decimals of value (trailing
  zeros are zeros: ``12000.5000`` is 12,000.50); no exponent (``2e5``); not negative; within
  bounds. Digits may be grouped: underscores as TOML allows (``200_000``), and on the
  command line commas for thousands (``200,000.00``). Forms of another language (a decimal
  comma, a space between thousands) come in as another entry of ``_FORMS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from transition_cli.core.errors import RefusedError
from transition_cli.core.i18n import N_, _, english
from transition_cli.core.spec import MAX_AMOUNT, MAX_DAYS

CENT = Decimal("0.01")


def to_cent(amount: Decimal) -> Decimal:
    """``amount`` rounded to the cent, half up (``5357.625`` -> ``5357.63``): the rule for a
    figure that arises with more decimals than cents (the cost of expert days)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def cost(days: Decimal, day_rate: Decimal) -> Decimal:
    """What ``days`` at ``day_rate`` cost, rounded to the cent where the cost arises: one
    entry's cost (an ``expert.log``), or an expert's planned cost. Totals add these up."""
    return to_cent(days * day_rate)


def grouped(amount: Decimal) -> str:
    """``24,000.00``: for people (tables, reports)."""
    if not english():
        from transition_cli.core import l10n

        return l10n.grouped(amount)
    return f"{amount:,.2f}"


def eur(amount: Decimal) -> str:
    """``EUR 24,000.00``: in sentences."""
    if not english():
        from transition_cli.core import l10n

        return l10n.eur(amount)
    return f"EUR {grouped(amount)}"


def plain(amount: Decimal) -> str:
    """``24000.00``: for machines (CSV, JSON), no grouping, always two decimals."""
    return f"{amount:.2f}"


def percent(share: Decimal) -> str:
    """``70%``: a share of 0..1 (or more), rounded to the whole percent."""
    if not english():
        from transition_cli.core import l10n

        return l10n.percent(share)
    return f"{share * 100:.0f}%"


def number(value: Decimal) -> str:
    """``12,000``, ``18.5``: a value measured in an indicator's unit, as written, grouped."""
    if not english():
        from transition_cli.core import l10n

        return l10n.number(value)
    return f"{value:,f}"


def rate(value: Decimal) -> str:
    """``50%``, ``33.33%``: a percentage as written (a co-financing rate), no trailing
    zeros; unlike ``percent``, not a share of 1."""
    if not english():
        from transition_cli.core import l10n

        return l10n.rate(value)
    return f"{days(value)}%"


def days(value: Decimal) -> str:
    """``18``, ``12.5``: days without trailing zeros (``3.00`` is ``3``)."""
    if not english():
        from transition_cli.core import l10n

        return l10n.days(value)
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---------------------------------------------------------------------------------------
# The one rule for numbers a person writes, in a file or on the command line

Measure = Literal["amount", "days", "rate", "value"]
"""What a number measures: EUR, days worked, a percentage, a value in an indicator's unit."""

LIMITS: dict[Measure, Decimal] = {"amount": MAX_AMOUNT, "days": MAX_DAYS,
                                  "rate": MAX_AMOUNT, "value": MAX_AMOUNT}


class NumberError(ValueError):
    """A number written against the rule. ``problem`` follows the number's name in a file's
    finding (``amount has more than two decimals: 12.345``); ``refusal`` follows the
    argument on the command line (``AMOUNT '12.345': at most two decimals (cents)``)."""

    def __init__(self, problem: str, refusal: str, hint: str) -> None:
        super().__init__(problem)
        self.problem, self.refusal, self.hint = problem, refusal, hint


def judged(value: Decimal, measure: Measure, *, exponent: bool = False) -> Decimal:
    """``value`` if it follows the rule, with zeros past the cent dropped (``12000.5000``
    -> ``12000.50``); else ``NumberError``. ``exponent``: it was written with one (``2e5``).
    Zero passes: whether a zero means anything is the caller's."""
    example = {"amount": "24000.00", "days": "3", "rate": "50", "value": "42"}[measure]
    if not value.is_finite():
        raise NumberError(_("is not a finite number"), _("not a number"),
                          _("write a number, e.g. {example}").format(example=example))
    if value.is_signed():
        if not value:
            raise NumberError(_("has a minus sign"), _("has a minus sign"),
                              _("write {abs} without the sign").format(abs=abs(value)))
        raise NumberError(_("must not be negative"), _("must not be negative"),
                          _("write a number of 0 or more, e.g. {example}").format(example=example))
    limit = LIMITS[measure]
    if value > limit:
        raise NumberError(_("is implausibly large"), _("implausibly large"),
                          _("at most {limit}").format(limit=number(Decimal(limit))))
    if exponent:
        raise NumberError(_("is written with an exponent"), _("written with an exponent"),
                          _("write the digits: {value:f}").format(value=value))
    rounded = value.quantize(CENT)  # within the limits: never beyond Decimal's precision
    if rounded != value:
        raise NumberError(_("has more than two decimals"),
                          _("at most two decimals (cents)") if measure == "amount"
                          else _("at most two decimals"),
                          _("round it: {to_cent}").format(to_cent=to_cent(value)))
    places = value.as_tuple().exponent
    return rounded if isinstance(places, int) and places < -2 else value


# ---------------------------------------------------------------------------------------
# Amounts, days and values typed by a person (command-line arguments)

Form = Callable[[str], str | None]
"""A way of writing numbers: the text in plain digits (``24000.50``) if it is written that
way, else None."""


def _english(text: str) -> str | None:
    """``24000``, ``24000.5``, ``24,000.50`` (commas group thousands), ``24_000`` (as TOML
    groups digits), ``2e5`` (refused by ``judged``, which says why)."""
    match = re.fullmatch(r"([1-9]\d{0,2}(?:,\d{3})+|\d+(?:_\d+)*)(\.\d+(?:_\d+)*)?([eE][+-]?\d+)?",
                         text, re.ASCII)
    if match is None:
        return None
    return text.replace(",", "").replace("_", "")


_FORMS: tuple[Form, ...] = (_english,)
"""Every form the command line reads, tried in order."""


def _read(text: str) -> Decimal | None:
    for form in _FORMS:
        digits = form(text)
        if digits is not None:
            try:
                return Decimal(digits)
            except InvalidOperation:  # pragma: no cover - a form gives digits
                return None
    return None


def _exponent(written: str | None) -> bool:
    return written is not None and "e" in written.lower()


def _refuse(error: NumberError, shown: str) -> RefusedError:
    return RefusedError(_("{shown}: {refusal}").format(shown=shown, refusal=error.refusal),
                        hint=error.hint)


def _decimal_comma(raw: str, hint: str) -> str:
    return _("use a dot for decimals: {raw}").format(raw=raw.replace(',', '.')) \
        if re.fullmatch(r"\d+,\d{1,2}", raw) else hint


_AMOUNT = re.compile(r"^(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?$", re.ASCII)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$", re.ASCII)
NEGATIVE = re.compile(r"^-\.?[0-9][0-9.,' \u00a0\u202f]*$")
"""A negative number as typed (``-6000``, ``-1 234,56``): the command line hands it to
the argument it stands for, which says amounts are positive (never "no such option")."""


# ---------------------------------------------------------------------------------------
# Other ways of writing a number. Explaining them (here) is kept apart from accepting
# them: the command line takes one form; a French mode may accept the French one.


@dataclass(frozen=True)
class Written:
    """A number written another way than the command line's: its value and the way."""

    value: Decimal
    way: str  # "French", "German", "decimal comma", "Swiss", "spaces", "" (as typed)
    said: str  # "that is the French way of writing it (...)", "" for none
    currency: bool = False  # written with a currency (24 000 €, EUR 24000)


_SPACES = " \u00a0\u202f"  # a space, a no-break space, a narrow no-break space
_CURRENCY = re.compile(r"^(?:€|eur(?:os?)?)\s*|\s*(?:€|eur(?:os?)?)$", re.IGNORECASE)
_WAYS: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    # (pattern, the way, what the hint says of it, the characters grouping thousands)
    (re.compile(rf"^\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:,\d+)?$"), "French",
     N_("that is the French way of writing it (spaces group thousands, a comma marks the "
        "decimals)"), _SPACES),
    (re.compile(r"^\d{1,3}(?:\.\d{3})+,\d+$|^\d{1,3}(?:\.\d{3}){2,}$"), "German",
     N_("that is the German way of writing it (dots group thousands, a comma marks the "
        "decimals)"), "."),
    (re.compile(r"^\d+,\d{1,2}$|^0,\d+$"), "decimal comma",
     N_("that is a decimal comma, the French and German way"), ""),
    (re.compile(r"^\d{1,3}(?:'\d{3})+(?:\.\d+)?$"), "Swiss",
     N_("that is the Swiss way of writing it (apostrophes group thousands)"), "'"),
    (re.compile(rf"^\d{{1,3}}(?:[{_SPACES}]\d{{3}})+\.\d+$"), "spaces",
     N_("that groups thousands with spaces"), _SPACES),
)


def written_otherwise(text: str) -> Written | None:
    """How ``text`` writes a number when it is not the command line's way (``24000.00``,
    ``24,000.00``): ``1 234,56`` and ``2,5`` (French), ``1.234,56`` (German), ``1'234.56``
    (Swiss), ``1 234.56``, each perhaps with a currency (``24 000 €``, ``EUR 24000``);
    None for anything else."""
    raw = text.strip()
    bare = _CURRENCY.sub("", raw).strip()
    for pattern, way, said, grouping in _WAYS:
        if pattern.match(bare):
            digits = bare.translate({ord(c): None for c in grouping}).replace(",", ".")
            return Written(Decimal(digits), way, said, bare != raw)
    if bare != raw and bare and (_AMOUNT.match(bare) or _NUMBER.match(bare)):
        return Written(Decimal(bare.replace(",", "")), "", "", True)
    return None


def expected_form(text: str, *, cents: bool, example: str) -> str:
    """The hint for a number the command line does not read: for a French, German or Swiss
    way of writing it (or one with a currency), that way and the same number as the
    command line takes it; else ``example``, the form expected."""
    written = written_otherwise(text)
    if written is None:
        return example
    value = written.value
    plain, grouped = (f"{value:.2f}", f"{value:,.2f}") if cents else (f"{value:f}",
                                                                        f"{value:,f}")
    large = value >= 1000
    parts = [_(written.said)] if written.said else []
    if written.currency:
        parts.append(_("leave the currency out: amounts are in EUR"))
    if cents:
        said = (_("here a dot marks the cents and commas may group thousands: write {plain} "
                  "or {grouped}") if large else _("here a dot marks the cents: write {plain}"))
    else:
        said = (_("here a dot marks the decimals and commas may group thousands: write "
                  "{plain} or {grouped}") if large
                else _("here a dot marks the decimals: write {plain}"))
    parts.append(said.format(plain=plain, grouped=grouped))
    return "; ".join(parts)


def negative_amount(shown: str, reversal: str | None) -> RefusedError:
    """A negative amount: amounts are positive; a reversal is a new entry (``reversal``
    names the commands, for the file)."""
    return RefusedError(
        _("{shown}: amounts are positive").format(shown=shown),
        hint=reversal or _("write a positive amount, e.g. 24000.00"))


def _local(raw: str, shown: str) -> Decimal | None:
    """In another language than English, ``raw`` read as that language writes numbers
    (``1 234,56``, ``24 000,00 €``, ``2,5``; CLDR via Babel), or None; an ambiguous one
    (``1.234``) is refused with its two readings."""
    if english():
        return None
    from transition_cli.core import l10n

    hint = l10n.ambiguous_hint(raw)
    if hint is not None:
        raise RefusedError(_("{shown}: ambiguous").format(shown=shown), hint=hint)
    return l10n.parse(raw)


_TWO_WAYS = re.compile(r"^\d{1,3}\.\d{3}$", re.ASCII)
"""``2.500`` typed on the command line: a decimal to some, a thousand to others (German
dots group thousands). A file is TOML, where a dot is always the decimal point; a person
typing is not, so the command line asks which (docs/RECORDING.md)."""


def _two_ways(shown: str, raw: str, value: Decimal, days: bool) -> RefusedError:
    whole = Decimal(raw.replace(".", ""))
    if days:
        one, other, write = f"{value.normalize():f}", f"{whole:,}", f"{value.normalize():f}"
    else:
        one, other, write = eur(value), eur(whole), f"{value:.2f}"
    return RefusedError(_("{shown}: reads two ways: {one} (a decimal point) or {other} (a "
                          "dot grouping thousands, the German way)").format(
                              shown=shown, one=one, other=other),
                        hint=_("write {write} or {whole}").format(write=write, whole=whole))


def parse_amount(text: str, argument: str = "AMOUNT", reversal: str | None = None) -> Decimal:
    """An amount in EUR typed by a person: ``24000``, ``24000.00`` or ``24,000.00``.

    Commas group thousands only (``24,000``); a decimal comma (``24,5``) is refused with
    the form expected (``expected_form``). A negative amount is refused as such, with
    ``reversal`` (how to undo an entry) as its hint. Never a float: the text goes straight
    to ``Decimal``.
    """
    raw = text.strip()
    shown = f"{argument} {text!r}"
    if raw.startswith("-"):
        raise negative_amount(shown, reversal)
    local = _local(raw, shown)
    if local is not None:
        return checked_number(local, shown, cents=True).quantize(CENT)
    value = _read(raw)
    if value is None:
        raise RefusedError(_("{shown}: not an amount in EUR").format(shown=shown),
                           hint=expected_form(
            raw, cents=True, example=_("write euros with a dot for cents: 24000.00 (commas may "
                                       "group thousands: 24,000.00)")))
    if _TWO_WAYS.match(raw):
        if value != value.quantize(CENT):
            # 1.234: three decimals here, but a thousand written the German way.
            raise RefusedError(_("{shown}: at most two decimals (cents)").format(shown=shown),
                               hint=_("round it: {to_cent}; or, if the dot groups thousands "
                                      "(the German way), write {raw} or {raw2}").format(
                                   to_cent=to_cent(Decimal(raw)), raw=raw.replace(".", ""),
                                   raw2=raw.replace(".", ",")))
        raise _two_ways(shown, raw, value, days=False)
    amount = checked_number(value, shown, cents=True, written=raw)
    return amount.quantize(CENT)  # written as 24000.00: money has cents


def parse_number(text: str, argument: str = "VALUE") -> Decimal:
    """A value measured in an indicator's unit, typed by a person: ``42``, ``18.5``,
    ``12,000`` (commas group thousands only, as in amounts); 0 or more, two decimals."""
    raw = text.strip()
    shown = f"{argument} {text!r}"
    example = _("write the value with a dot for decimals: 18.5 (commas may group thousands: "
                "12,000)")
    if raw.startswith("-"):
        raise RefusedError(_("{shown}: must not be negative").format(shown=shown),
                           hint=_("write the value measured, 0 or more, e.g. 42 or 18.5"))
    local = _local(raw, shown)
    if local is not None:
        return checked_value(local, shown)
    value = _read(raw)
    if value is None:
        raise RefusedError(_("{shown}: not a number").format(shown=shown),
                           hint=expected_form(raw, cents=False, example=example))
    return checked_value(value, shown, written=raw)


def checked_value(number: Decimal, shown: str, written: str | None = None) -> Decimal:
    """A value measured in an indicator's unit as the recording commands accept it: 0 or
    more (nothing measured is a measurement too), by the rule of ``judged``."""
    try:
        return judged(number, "value", exponent=_exponent(written))
    except NumberError as error:
        raise _refuse(error, shown) from None


def parse_whole(text: str, argument: str = "N", minimum: int = 0) -> int:
    """A whole number typed by a person (an entry's number): digits only, at least
    ``minimum``."""
    raw = text.strip()
    if not raw.isascii() or not raw.isdigit() or int(raw) < minimum:
        raise RefusedError(_("{argument} {text!r}: not a whole number of at least {minimum}")
                           .format(argument=argument, text=text, minimum=minimum),
                           hint=_("write the number `transition log` shows, e.g. 7"))
    return int(raw)


def parse_days(text: str, argument: str = "DAYS", reversal: str | None = None) -> Decimal:
    """A number of days: ``3``, ``0.5``, ``2.25`` (at most two decimals). A negative
    number is refused with ``reversal`` (how to undo an entry) as its hint."""
    raw = text.strip()
    shown = f"{argument} {text!r}"
    if raw.startswith("-"):
        raise RefusedError(_("{shown}: days are positive").format(shown=shown),
                           hint=reversal or _("write a positive number of days, e.g. 3 or 0.5"))
    local = _local(raw, shown)
    if local is not None:
        return checked_number(local, shown, cents=False)
    value = _read(raw)
    if value is None:
        raise RefusedError(_("{shown}: not a number of days").format(shown=shown),
                           hint=expected_form(
            raw, cents=False, example=_("write days worked, e.g. 3 or 0.5")))
    if _TWO_WAYS.match(raw) and value == value.quantize(CENT):
        raise _two_ways(shown, raw, value, days=True)
    return checked_number(value, shown, cents=False, written=raw)


def checked_number(number: Decimal, shown: str, *, cents: bool,
                   written: str | None = None) -> Decimal:
    """An amount (``cents``) or number of days as the recording commands accept it: by the
    rule of ``judged``, and more than zero (an entry of nothing records nothing). ``shown``
    names it in messages."""
    try:
        value = judged(number, "amount" if cents else "days", exponent=_exponent(written))
    except NumberError as error:
        raise _refuse(error, shown) from None
    if value == 0:
        raise RefusedError(_("{shown}: must be more than zero").format(shown=shown),
                           hint=_("nothing to record for zero"))
    return value
