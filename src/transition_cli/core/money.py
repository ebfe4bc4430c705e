"""How amounts are written, in one place. Amounts are ``Decimal`` EUR, exact to the cent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from transition_cli.core.errors import RefusedError
from transition_cli.core.i18n import N_, _, english
from transition_cli.core.spec import MAX_AMOUNT, MAX_DAYS


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
# Amounts and days typed by a person (command-line arguments)


_AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$", re.ASCII)
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
    (re.compile(r"^\d+,\d{1,2}$"), "decimal comma",
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
        return checked_number(local, shown, cents=True).quantize(Decimal("0.01"))
    if not _AMOUNT.match(raw):
        raise RefusedError(_("{shown}: not an amount in EUR").format(shown=shown),
                           hint=expected_form(raw, cents=True, example=_(
                               "write euros with a dot for cents: 24000.00 (commas may "
                               "group thousands: 24,000.00)")))
    if re.match(r"^\d{1,3}\.\d{3}$", raw):
        # 1.234: three decimals here, but a thousand written the German way.
        raise RefusedError(_("{shown}: at most two decimals (cents)").format(shown=shown),
                           hint=_("round it: {rounded}; or, if the dot groups thousands (the "
                                  "German way), write {whole} or {comma}").format(
                               rounded=Decimal(raw).quantize(Decimal("0.01")),
                               whole=raw.replace(".", ""), comma=raw.replace(".", ",")))
    number = checked_number(Decimal(raw.replace(",", "")), shown, cents=True)
    return number.quantize(Decimal("0.01"))  # written as 24000.00: money has cents


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
    if not _AMOUNT.match(raw):
        raise RefusedError(_("{shown}: not a number").format(shown=shown),
                           hint=expected_form(raw, cents=False, example=example))
    return checked_value(Decimal(raw.replace(",", "")), shown)


def checked_value(number: Decimal, shown: str) -> Decimal:
    """A value measured in an indicator's unit as the recording commands accept it: 0 or
    more (nothing measured is a measurement too), within bounds, at most two decimals."""
    if not number.is_finite() or number < 0:
        raise RefusedError(_("{shown}: not a number of 0 or more").format(shown=shown),
                           hint=_("write the value measured, e.g. 42 or 18.5"))
    if number > MAX_AMOUNT:
        raise RefusedError(_("{shown}: implausibly large").format(shown=shown),
                           hint=_("at most {limit:,}").format(limit=MAX_AMOUNT))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise RefusedError(_("{shown}: at most two decimals").format(shown=shown),
                           hint=_("round it: {number}").format(
                               number=number.quantize(Decimal("0.01"))))
    return number


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
    if not _NUMBER.match(raw):
        raise RefusedError(_("{shown}: not a number of days").format(shown=shown),
                           hint=expected_form(raw, cents=False,
                                              example=_("write days worked, e.g. 3 or 0.5")))
    return checked_number(Decimal(raw), shown, cents=False)


def checked_number(number: Decimal, shown: str, *, cents: bool) -> Decimal:
    """An amount (``cents``) or number of days as the recording commands accept it:
    more than zero, within bounds, at most two decimals. ``shown`` names it in messages."""
    limit = MAX_AMOUNT if cents else MAX_DAYS
    if number > limit:
        raise RefusedError(_("{shown}: implausibly large").format(shown=shown),
                           hint=_("at most {limit:,}").format(limit=limit))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        unit = _("at most two decimals (cents)") if cents else _("at most two decimals")
        raise RefusedError(f"{shown}: {unit}",
                           hint=_("round it: {number}").format(
                               number=number.quantize(Decimal("0.01"))))
    if number == 0:
        raise RefusedError(_("{shown}: must be more than zero").format(shown=shown),
                           hint=_("nothing to record for zero"))
    return number
