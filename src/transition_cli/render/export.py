"""The journal as CSV for finance and audit: one file's, or several files' in one table.

Encoding and separator: UTF-8 with a byte-order mark, comma-separated, CRLF line ends
(RFC 4180). The BOM is what makes Excel read UTF-8 (names like "Lefèvre" stay intact);
LibreOffice, Google Sheets and Numbers accept it too, and Python reads it with
``encoding="utf-8-sig"``. Comma is the RFC default and what every program but Excel in
comma-decimal locales (French, German, ...) splits on; for those, ``--separator semicolon``
writes ``;`` between cells and a decimal comma in numbers ("24000,50"), which such an Excel
reads as numbers. See docs/STATUS-JSON.md, "CSV".

Rows are the entries in force (``ledger.replay.in_force``): an entry a void cancels is left
out, the void itself stays (its ``voids`` column names the entry, its ``reason`` says why),
so the amounts add up to what the envelopes count. Each row starts with the file and its
region (or partnership), so several files export to one table.

Amounts are plain decimal strings with two decimals ("24000.00"): exact to the cent, no
thousands separator, no currency sign. The cost of expert days (``cost_eur``) is rounded to
the cent, half up, entry by entry, as ``status``, the JSON and reports count it (the one
rule of ``core.money``), so the rows add up to what the envelope counts.

Text cells are made inert (no control, escape or bidi characters) and cells that a
spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are
prefixed with an apostrophe (OWASP's advice).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from transition_cli.core.i18n import N_, _, english
from transition_cli.core.model import JournalEntry
from transition_cli.core.text import inert, lines
from transition_cli.ledger.kinds import CSV_COLUMNS, FIELDS, JOURNAL_KINDS
from transition_cli.ledger.replay import in_force
from transition_cli.views import Journal

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str | None, *, multiline: bool = False) -> str:
    """A text cell: inert, and never read as a formula. Judged on the text as written (a
    tab or carriage return turns into a space or an escape once inert) and without its
    leading blanks (some spreadsheets trim them before reading a formula). ``multiline``
    (a note): line breaks stay line breaks, in a quoted cell, as spreadsheets read them."""
    if not text:
        return ""
    value = lines(text) if multiline else inert(text)
    risky = text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START)
    return "'" + value if risky else value


def exact(value: Decimal | None, decimal: str = ".") -> str:
    """Two decimals at least, never rounded here: amounts are whole cents, days and values
    keep their own decimals. ``decimal``: the decimal mark."""
    if value is None:
        return ""
    text = f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else f"{value:f}"
    return text.replace(".", decimal)


def _text(value: Any, decimal: str) -> str:
    if isinstance(value, Decimal):
        return exact(value, decimal)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return cell(" ".join(str(v) for v in value))
    return cell(str(value)) if value is not None else ""


def row(journal: Journal, e: JournalEntry, decimal: str = ".") -> list[str]:
    """One entry, numbered from 1 as `transition log` shows it: each field in its column
    (``ledger.kinds.FIELDS``), then what the kind adds (expert days carry their envelope,
    the day rate and their exact cost)."""
    values: dict[str, Any] = {"file": journal.file, "region": journal.region,
                              "entry": e.index + 1, "date": e.date, "kind": e.kind,
                              "by": e.by, "note": e.note}
    for name, value in e.values.items():
        column = FIELDS[name].csv
        if column is not None:
            values[column] = value
    values.update(JOURNAL_KINDS[e.kind].csv(e, journal.state))
    out = [_text(values.get(column), decimal) for column in CSV_COLUMNS]
    out[_NOTE] = cell(e.note, multiline=True)
    return out


_NOTE = CSV_COLUMNS.index("note")


def rows(journals: Sequence[Journal], decimal: str = ".") -> Iterator[list[str]]:
    """Every entry in force of every file, file after file, in journal order."""
    for journal in journals:
        for e in in_force(journal.plan.journal):
            yield row(journal, e, decimal)


HEADERS = {
    # the export's header row, in the language of the run (``CSV_COLUMNS`` in English)
    "file": N_("file"), "region": N_("region"), "entry": N_("entry"), "date": N_("date"),
    "kind": N_("kind"), "envelope": N_("envelope"), "ref": N_("ref"),
    "decision": N_("decision"), "amount_eur": N_("amount_eur"), "milestone": N_("milestone"),
    "expert": N_("expert"), "role": N_("role"), "days": N_("days"),
    "planned_days": N_("planned_days"), "day_rate_eur": N_("day_rate_eur"),
    "cost_eur": N_("cost_eur"), "due": N_("due"), "by": N_("by"), "reason": N_("reason"),
    "note": N_("note"), "title": N_("title"), "name": N_("name"), "cluster": N_("cluster"),
    "organisation_kind": N_("organisation_kind"), "indicator": N_("indicator"),
    "value": N_("value"), "unit": N_("unit"), "deliverable": N_("deliverable"),
    "voids": N_("voids"),
}


def default_separator() -> str:
    """``comma``, or ``semicolon`` in a language that writes decimals with a comma (French:
    what Excel in that language splits on, with decimal commas it reads as numbers)."""
    if english():
        return "comma"
    from transition_cli.core.l10n import decimal_comma

    return "semicolon" if decimal_comma() else "comma"


def csv_text(journals: Sequence[Journal], separator: str = ",") -> tuple[str, int]:
    """The CSV and its number of rows (the header not counted). A semicolon separator
    writes decimal commas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_(HEADERS.get(c, c)) for c in CSV_COLUMNS])
    count = 0
    for line in rows(journals, "," if separator == ";" else "."):
        writer.writerow(line)
        count += 1
    return buffer.getvalue(), count


def csv_bytes(journals: Sequence[Journal], separator: str = ",") -> tuple[bytes, int]:
    text, count = csv_text(journals, separator)
    return (BOM + text).encode("utf-8"), count
