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
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from transition_cli.core.model import JournalEntry, Plan
from transition_cli.core.text import inert
from transition_cli.ledger.kinds import CSV_COLUMNS, FIELDS, JOURNAL_KINDS
from transition_cli.ledger.replay import derive
from transition_cli.ledger.state import PlanState

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str | None) -> str:
    """A text cell: inert, and never read as a formula. Judged on the text as written (a
    tab or carriage return turns into a space or an escape once inert) and without its
    leading blanks (some spreadsheets trim them before reading a formula)."""
    if not text:
        return ""
    value = inert(text)
    risky = text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START)
    return "'" + value if risky else value


def exact(value: Decimal | None) -> str:
    """Two decimals at least, never rounded: half a day at 333.33 costs 166.665, so that
    the rows add up to what the envelope counts."""
    if value is None:
        return ""
    return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else f"{value:f}"


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return exact(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return cell(" ".join(str(v) for v in value))
    return cell(str(value)) if value is not None else ""


def row(e: JournalEntry, state: PlanState) -> list[str]:
    """One entry, numbered from 1 as `transition log` shows it: each field in its column
    (``ledger.kinds.FIELDS``), then what the kind adds (expert days carry the day rate and
    their exact cost, which counts against the envelope that pays expert days)."""
    values: dict[str, Any] = {"entry": str(e.index + 1), "date": e.date, "kind": e.kind,
                              "by": e.by, "note": e.note}
    for name, value in e.values.items():
        column = FIELDS[name].csv
        if column is not None:
            values[column] = value
    values.update(JOURNAL_KINDS[e.kind].csv(e, state))
    return [_text(values.get(column)) for column in CSV_COLUMNS]


def csv_text(plan: Plan, separator: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    state = derive(plan)
    for entry in plan.journal:
        writer.writerow(row(entry, state))
    return buffer.getvalue()


def csv_bytes(plan: Plan, separator: str = ",") -> bytes:
    return (BOM + csv_text(plan, separator)).encode("utf-8")
