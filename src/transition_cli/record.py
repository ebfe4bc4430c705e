"""Recording progress: build a journal entry, check the file with it, append it.

The file is never rewritten: the new bytes are the old bytes, a blank line and one
``[[journal]]`` table serialised with tomli-w. Before anything is written the whole new
document is loaded and checked with the same rules ``check`` applies (``rules``, J001-J009);
if the entry brings an error the file does not already have, nothing is written and
``RefusedError`` carries the rule's message and hint. Writing happens under the lock file
beside the target, re-reading the file under the lock, so concurrent writers lose nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from transition_cli.core.errors import RefusedError, UsageError
from transition_cli.core.findings import Finding, Severity
from transition_cli.core.model import JournalEntry, Plan, Strategy
from transition_cli.core.text import inert
from transition_cli.files import schema, source
from transition_cli.files.atomic import locked, write_atomic
from transition_cli.files.calls import Catalogue
from transition_cli.files.loader import Document, load_bytes
from transition_cli.files.scaffold import toml_value
from transition_cli.files.schema import ID_PATTERN, JOURNAL_KINDS, JOURNAL_OPTIONAL
from transition_cli.ledger.state import PlanState, derive
from transition_cli.rules import registry as rules

USER_ENV = "TRANSITION_USER"

# ---------------------------------------------------------------------------------------
# Arguments: amounts, days, who


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
    number = _checked(Decimal(raw.replace(",", "")), shown, cents=True)
    return number.quantize(Decimal("0.01"))  # written as 24000.00: money has cents


def parse_days(text: str, argument: str = "DAYS") -> Decimal:
    """A number of days: ``3``, ``0.5``, ``2.25`` (at most two decimals)."""
    raw = text.strip()
    shown = f"{argument} {text!r}"
    hint = "write days worked, e.g. 3 or 0.5"
    if raw.startswith("-"):
        raise RefusedError(f"{shown}: must not be negative", hint=hint)
    if not _NUMBER.match(raw):
        raise RefusedError(f"{shown}: not a number of days", hint=hint)
    return _checked(Decimal(raw), shown, cents=False)


def _checked(number: Decimal, shown: str, *, cents: bool) -> Decimal:
    limit = schema.MAX_AMOUNT if cents else schema.MAX_DAYS
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


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def check_line(value: str, argument: str) -> str:
    """One-line text (a reference, a name, a reason): no line breaks or control characters,
    which would break the file's readers, terminals and CI logs."""
    if _CONTROL.search(value):
        raise UsageError(f"{argument} '{inert(value)}': contains a line break or control "
                         "character", hint="write it on one line, in plain text")
    return value


def resolve_by(explicit: str | None, folder: Path | None = None) -> str:
    """Who recorded it: ``--by``, else $TRANSITION_USER, else git's user.name, else login."""
    for value in (explicit, os.environ.get(USER_ENV)):
        if value is not None and value.strip():
            return value.strip()
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],  # noqa: S607 - git from PATH, as a user runs it
            cwd=folder or None, capture_output=True, text=True, timeout=5, check=False,
        )
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # pragma: no cover - no login name at all
        return "unknown"


def check_id(value: str, argument: str) -> str:
    if not re.match(ID_PATTERN, value):
        raise UsageError(f"{argument} {value!r}: not an id",
                         hint="ids are letters, digits, '-', '_' or '.', e.g. M3 or lead")
    return value


# ---------------------------------------------------------------------------------------
# Entries


def entry(kind: str, date: dt.date, by: str, **fields: Any) -> dict[str, Any]:
    """A journal entry as a table: kind, date, the kind's fields, note, by.

    Empty optional fields (None, "", ()) are left out; unknown fields are a bug.
    """
    allowed = (*JOURNAL_KINDS[kind], *JOURNAL_OPTIONAL[kind])
    unknown = {k for k, v in fields.items() if v is not None} - set(allowed)
    if unknown:  # pragma: no cover - a bug in a command
        raise TypeError(f"{kind} takes no {', '.join(sorted(unknown))}")
    out: dict[str, Any] = {"kind": kind, "date": date}
    for name in allowed:
        value = fields.get(name)
        if value is None or value in ("", ()):
            continue
        if isinstance(value, tuple):
            value = list(value)
        out[name] = value
    if by:
        out["by"] = by
    return out


def serialise(table: dict[str, Any], newline: str = "\n") -> bytes:
    """One ``[[journal]]`` table, each value written by tomli-w, lists on one line."""
    lines = ["[[journal]]", *(f"{key} = {toml_value(_plain(v))}" for key, v in table.items())]
    return (newline.join(lines) + newline).encode("utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Whole days as integers (3, not 3.0); money and other fractions as written, never
        # with an exponent (1E+3 would be read back as 1e+3).
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= 0:
            return int(value)
        return Decimal(format(value, "f"))
    return value


def appended(old: bytes, table: dict[str, Any]) -> bytes:
    """The old bytes, untouched, then a blank line and the new entry."""
    newline = "\r\n" if b"\r\n" in old else "\n"
    nl = newline.encode()
    data = old
    if data and not data.endswith(b"\n"):
        data += nl
    if data:
        data += nl
    return data + serialise(table, newline)


# ---------------------------------------------------------------------------------------
# Recording


@dataclass(frozen=True)
class Recorded:
    """What a recording command did: the entry, where, and the state it leads to."""

    path: Path
    entry: JournalEntry
    table: dict[str, Any]
    state: PlanState
    document: Document
    existing_errors: int = 0  # errors the file already had (not caused by this entry)


def load_plan(path: Path) -> Document:
    """Read a strategy or partnership file for the journal (log, status)."""
    return plan_document(read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    try:
        data = source.read(path)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file",
                         hint="name a strategy file, or create one with `transition init`") \
            from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder", hint="name a strategy file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return data


def plan_document(data: bytes, path: Path) -> Document:
    doc = load_bytes(data, str(path))
    if doc.plan is None:
        first = next((doc.locate(f) for f in doc.findings), None)
        raise RefusedError(
            f"{path}: cannot be read as a plan"
            + (f": {first.place}: {first.code} {first.message}" if first else ""),
            hint=first.hint if first and first.hint else f"run `transition check {path}`",
        )
    if not isinstance(doc.plan, Plan):
        raise UsageError(f"{path} is a {doc.kind} file; this command takes a strategy or "
                         "partnership file", hint="name a strategy or partnership file")
    return doc


def record(
    path: Path, table: dict[str, Any], catalogue: Catalogue, as_of: dt.date,
    *, timeout: float | None = None,
) -> Recorded:
    """Append one entry to ``path`` if the rules allow it; refuse otherwise.

    Under the lock: read the file as it is now, build the new bytes, load and check the
    whole new document, compare with the old one, write atomically (mode kept).
    A symbolic link is followed: the entry goes into the file it points to.
    """
    path = Path(path)
    target = path.resolve()  # messages name the path as given; writes go to the file
    _refuse_read_only(path, target)
    with locked(target, timeout):
        old = read_bytes(path)
        new = appended(old, table)
        new_doc = _run_rules(load_bytes(new, str(path)), catalogue, as_of)
        existing = 0
        if isinstance(new_doc.plan, Plan) and not _errors(new_doc):
            # The usual case, and the only parse when a file is clean.
            index = len(new_doc.raw["journal"]) - 1 if new_doc.raw else 0
        else:
            old_doc = _run_rules(plan_document(old, path), catalogue, as_of)
            journal = old_doc.raw.get("journal") if old_doc.raw else None
            # journal = <not a list> is a finding of the old file, not a crash here.
            index = len(journal) if isinstance(journal, list) else 0
            fresh = new_errors(old_doc.findings, new_doc.findings, index)
            if new_doc.plan is None or fresh:
                raise refusal(path, table, old_doc, fresh or new_doc.findings)
            existing = len(_errors(old_doc))
        if table["kind"].startswith("cluster.") and not isinstance(new_doc.plan, Strategy):
            raise UsageError(f"{path} is a {new_doc.kind} file; clusters belong to strategies")
        try:
            write_atomic(target, new, overwrite=True, like=target.stat())
        except OSError as exc:
            raise UsageError(f"{path}: cannot write ({exc.strerror or exc}); the file is "
                             "unchanged or holds the new entry in full",
                             hint=f"check with `transition log {path}` before recording "
                             "again") from None
    assert isinstance(new_doc.plan, Plan)
    added = next(e for e in new_doc.plan.journal if e.index == index)
    return Recorded(path, added, table, derive(new_doc.plan, catalogue.get(new_doc.plan.call)),
                    new_doc, existing)


def _refuse_read_only(path: Path, target: Path) -> None:
    """A file marked read-only stays unchanged, even for a user who could replace it."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return  # missing or unreadable: reading reports it
    writable = os.access(target, os.W_OK) and mode & stat.S_IWUSR
    if not writable:
        raise UsageError(f"{path} is read-only; nothing recorded",
                         hint=f"make it writable first (chmod u+w {path}) if it should change")


def _run_rules(doc: Document, catalogue: Catalogue, as_of: dt.date) -> Document:
    """``check``'s rules over a loaded document (``check.check_document`` without locating
    findings in the text: a refusal names the entry, and locating costs a second pass)."""
    doc.findings.extend(rules.run(doc, catalogue, as_of))
    return doc


def _errors(doc: Document) -> list[Finding]:
    return [f for f in doc.findings if f.severity is Severity.ERROR]


def new_errors(old: Iterable[Finding], new: Iterable[Finding], index: int) -> list[Finding]:
    """Errors the new entry brings: those at its key path, and those the old file lacked
    (a rule may point elsewhere, e.g. at the envelope an entry pushes over its cap)."""
    before = {(f.code, f.message) for f in old if f.severity is Severity.ERROR}
    at_entry = [f for f in new if f.severity is Severity.ERROR and f.path[:2] == ("journal", index)]
    elsewhere = [f for f in new if f.severity is Severity.ERROR and f not in at_entry
                 and (f.code, f.message) not in before]
    return at_entry + elsewhere


def refusal(path: Path, table: dict[str, Any], old_doc: Document,
            findings: Sequence[Finding]) -> RefusedError:
    what = describe(table)
    if any(f.code == "F001" for f in findings) and old_doc.raw and (
        "journal" in old_doc.raw
    ):
        return RefusedError(
            f"{path}: cannot append {what}: the file's journal is not written as [[journal]] "
            "tables (e.g. journal = [...]), and TOML cannot add a table to it",
            hint="rewrite the journal as [[journal]] tables, one per entry, at the end of the "
            "file; then record again",
        )
    first, *others = findings
    lines = [f"{path}: not recorded, {what} breaks rule {first.code}: {first.message}"]
    hints = [first.hint] if first.hint else []
    for f in others:
        lines.append(f"  also {f.code}: {f.message}" + (f" ({f.hint})" if f.hint else ""))
    return RefusedError("\n".join(lines), hint=hints[0] if hints else None)


def describe(table: dict[str, Any]) -> str:
    """``milestone.done M3`` / ``budget.commit C-12 of EUR 24,000.00 on expertise``."""
    from transition_cli.core.money import eur

    kind = table["kind"]
    subject = next((table[k] for k in ("milestone", "expert", "cluster", "ref")
                    if k in table and k in JOURNAL_KINDS[kind]), "")
    text = f"{kind} {subject}".strip()
    if "amount" in table:
        text += f" of {eur(table['amount'])} on {table['envelope']}"
    if "days" in table:
        text += f" ({table['days']} days)"
    return text


# ---------------------------------------------------------------------------------------
# Reading the journal


@dataclass(frozen=True)
class LogFilter:
    kinds: tuple[str, ...] = ()  # "budget" matches budget.commit and budget.pay
    envelope: str | None = None
    milestone: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def matches(self, e: JournalEntry) -> bool:
        if self.kinds and not any(e.kind == k or e.kind.startswith(k + ".")
                                  for k in self.kinds):
            return False
        if self.envelope is not None and e.envelope != self.envelope:
            return False
        if self.milestone is not None and e.milestone != self.milestone:
            return False
        if self.since is not None and e.date < self.since:
            return False
        return self.until is None or e.date <= self.until


def check_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    known = set(JOURNAL_KINDS) | {k.split(".")[0] for k in JOURNAL_KINDS}
    out = []
    for k in kinds:
        if k not in known:
            from transition_cli.rules.registry import did_you_mean

            raise UsageError(f"--kind {k!r}: unknown kind of entry", hint=did_you_mean(k, known))
        out.append(k)
    return tuple(out)


def read_log(path: Path, filters: LogFilter) -> tuple[Document, list[JournalEntry]]:
    doc = load_plan(path)
    assert isinstance(doc.plan, Plan)
    return doc, [e for e in doc.plan.journal if filters.matches(e)]


__all__ = [
    "LogFilter",
    "Recorded",
    "appended",
    "entry",
    "parse_amount",
    "parse_days",
    "read_log",
    "record",
    "resolve_by",
    "serialise",
]
