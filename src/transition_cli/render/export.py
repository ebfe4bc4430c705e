"""The journal as CSV for finance and audit.

Encoding and separator: UTF-8 with a byte-order mark, comma-separated, CRLF line ends
(RFC 4180). The BOM is what makes Excel read UTF-8 (names like "Lefèvre" stay intact);
LibreOffice, Google Sheets and Numbers accept it too. Comma is the RFC default and what
every program but Excel in comma-decimal locales (French, German, ...) splits on; for those,
``--separator semicolon`` writes the same file with ``;``. See docs/STATUS-JSON.md, "CSV".

Amounts are plain decimal strings with a dot and two decimals ("24000.00"): exact to the
cent, no thousands separator, no currency sign. Text cells are made inert (no control,
escape or bidi characters) and cells that a spreadsheet would run as a formula (starting
with = + - @, tab or carriage return) are prefixed with an apostrophe (OWASP's advice).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from transition_cli.core.model import JournalEntry, Plan
from transition_cli.core.money import plain
from transition_cli.core.text import inert

BOM = "\ufeff"
COLUMNS = ("entry", "date", "kind", "envelope", "ref", "amount_eur", "milestone", "expert",
           "days", "day_rate_eur", "cost_eur", "due", "by", "reason", "note", "title", "name")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str | None) -> str:
    """A text cell: inert, and never read as a formula."""
    if not text:
        return ""
    value = inert(text)
    return "'" + value if value.startswith(_FORMULA_START) else value


def amount(value: Decimal | None) -> str:
    return "" if value is None else plain(value)


def exact(value: Decimal | None) -> str:
    """Two decimals at least, never rounded: half a day at 333.33 costs 166.665, so that
    the rows add up to what the envelope counts."""
    if value is None:
        return ""
    return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else f"{value:f}"


def row(e: JournalEntry, rates: dict[str, Decimal]) -> list[str]:
    """One entry; numbered from 1 as `transition log` shows it. Expert days carry the
    expert's day rate and their exact cost (days x rate), which counts against the envelope
    that pays expert days."""
    rate = e.day_rate
    cost = None
    if e.kind == "expert.log" and e.expert in rates and e.days is not None:
        rate = rates[e.expert]
        cost = e.days * rate
    return [
        str(e.index + 1), e.date.isoformat(), cell(e.kind), cell(e.envelope), cell(e.ref),
        amount(e.amount), cell(e.milestone), cell(e.expert),
        "" if e.days is None else f"{e.days:.2f}", amount(rate), exact(cost),
        e.due.isoformat() if e.due else "", cell(e.by), cell(e.reason), cell(e.note),
        cell(e.title), cell(e.name),
    ]


def csv_text(plan: Plan, separator: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    rates = {x.id: x.day_rate for x in plan.experts}
    for entry in plan.journal:
        if entry.kind == "expert.add" and entry.expert and entry.day_rate is not None:
            rates.setdefault(entry.expert, entry.day_rate)
        writer.writerow(row(entry, rates))
    return buffer.getvalue()


def csv_bytes(plan: Plan, separator: str = ",") -> bytes:
    return (BOM + csv_text(plan, separator)).encode("utf-8")
