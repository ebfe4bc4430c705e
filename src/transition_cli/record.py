"""Recording progress: validate a journal entry, check the file with it, append it.

``validate`` holds every check an entry gets before it reaches a file, whoever builds it
(the command line, a script using ``entry`` + ``record``): the kind's fields, each value's
type, one-line text, amounts within bounds, a date not after as-of.

The file is never rewritten: the new bytes are the old bytes, a blank line and one
``[[journal]]`` table serialised with tomli-w. Before anything is written the whole new
document is loaded and checked with the same rules ``check`` applies (``rules``, J001-J009);
if the entry brings an error the file does not already have, nothing is written and
``RefusedError`` carries the rule's message and hint. Writing happens under the lock file
beside the target, re-reading the file under the lock, so concurrent writers lose nothing.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
import subprocess
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from transition_cli.core import records
from transition_cli.core.errors import RefusedError, UsageError
from transition_cli.core.findings import Finding, Severity
from transition_cli.core.i18n import _
from transition_cli.core.model import JournalEntry, Plan
from transition_cli.core.money import checked_number, checked_value
from transition_cli.core.spec import ID_PATTERN, Date, Days, Int, List, Money, Number, Str, Type
from transition_cli.core.text import did_you_mean, inert, one_line, plural, shell_command
from transition_cli.files import source
from transition_cli.files.atomic import Changed, Seen, locked, write_atomic
from transition_cli.files.calls import Catalogue
from transition_cli.files.loader import Document, load_bytes
from transition_cli.files.scaffold import toml_value
from transition_cli.ledger.kinds import FIELDS, JOURNAL_KINDS, NAMESPACES, JournalKind, groups
from transition_cli.ledger.state import PlanState
from transition_cli.rules import registry as rules

USER_ENV = "TRANSITION_USER"

# ---------------------------------------------------------------------------------------
# Arguments: amounts, days, who


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


# ---------------------------------------------------------------------------------------
# Entries


def entry(kind: str, date: dt.date, by: str, **fields: Any) -> dict[str, Any]:
    """A journal entry as a table: kind, date, the kind's fields, note, by.

    Empty optional fields (None, "", ()) are left out. ``record`` validates the table.
    """
    spec = _kind(kind)
    unknown = {k for k, v in fields.items() if v is not None} - set(spec.fields) - {"note"}
    if unknown:
        raise UsageError(_("{kind} takes no {sorted}").format(
                           kind=kind, sorted=', '.join(sorted(unknown))),
                         hint=_("its fields: ") + ", ".join((*spec.fields, "note")))
    out: dict[str, Any] = {"kind": kind, "date": date}
    for name in (*spec.fields, "note"):
        value = fields.get(name)
        if value is None or value in ("", ()):
            continue
        if isinstance(value, tuple):
            value = list(value)
        out[name] = value
    if by:
        out["by"] = by
    return out


def _kind(name: str) -> JournalKind:
    kind = JOURNAL_KINDS.get(name)
    if kind is None:
        raise UsageError(_("unknown kind of journal entry {name!r}").format(name=name),
                         hint=did_you_mean(name, JOURNAL_KINDS))
    return kind


def validate(table: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """Check one entry before it is written, as every route that records one must: its
    kind and fields, each value against its type (ids, one-line text, amounts and days
    within bounds), and a date not after ``as_of`` (the journal records what happened).

    Returns the table with one-line text stripped. Raises ``UsageError`` (exit 2) for a
    malformed argument, ``RefusedError`` (exit 1) for an amount or number of days the rules
    refuse. Arguments are named as the command line names them (``--ref``, ``AMOUNT``).
    """
    kind = _kind(str(table.get("kind")))
    out = dict(table)
    day = table.get("date")
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise UsageError(_("--date {day!r}: not a date").format(day=day),
                         hint="write YYYY-MM-DD, e.g. 2018-06-30")
    if day > as_of:
        raise UsageError(_("--date {day} is after --as-of {as_of}: the journal records what "
                           "has happened").format(day=day, as_of=as_of),
                         hint=_("record it on the day, or pass a later --as-of"))
    for name in kind.required:
        if name not in table:
            raise UsageError(_("{name} needs {_shown}").format(
                               name=kind.name, _shown=_shown(kind, name)),
                             hint=_("give {_shown}").format(_shown=_shown(kind, name)))
    for name, value in table.items():
        if name in ("kind", "date"):
            continue
        if name not in kind.allowed:
            raise UsageError(_("{name} takes no {name2}").format(name=kind.name, name2=name),
                             hint=_("its fields: ") + ", ".join(sorted(kind.allowed)))
        out[name] = _valid(kind, name, value)
    return out


def reversal(path: Path, *, days: bool = False) -> str:
    """The hint for a negative amount or number of days typed for ``path``: a reversal is
    a new entry, a void of the entry recorded by mistake or a release of what a commitment
    leaves unspent."""
    file = shell_command(str(path))
    numbered = _("(`transition log {file}` numbers the entries)").format(file=file)
    if days:
        return (_("to undo days logged by mistake, void their entry: `transition journal void "
                  "{file} N --reason REASON` {numbered}").format(
                  file=file, numbered=numbered))
    return (_("to undo an entry recorded by mistake, void it: `transition journal void {file} "
              "N --reason REASON` {numbered}; to give back what a commitment leaves unspent, "
              "release it: `transition budget release {file} ENVELOPE --ref REF`").format(
              file=file, numbered=numbered))


def _shown(kind: JournalKind, name: str) -> str:
    """How the command line names a field: its option, else its metavar, else NAME."""
    if name in ("by", "note", "date"):
        return f"--{name}"
    arg = next((a for a in kind.command.args if a.field == name), None)
    if arg is None:
        return f"--{name.replace('_', '-')}"
    return arg.option or arg.metavar or name.upper()


def _valid(kind: JournalKind, name: str, value: Any) -> Any:
    spec = FIELDS[name].type
    shown = _shown(kind, name)
    if isinstance(spec, List):
        if not isinstance(value, list | tuple):
            raise UsageError(_("{shown} {value!r}: expected a list").format(
                               shown=shown, value=value))
        return [_valid_one(spec.item, shown, item) for item in value]
    return _valid_one(spec, shown, value)


def _valid_one(spec: Type, shown: str, value: Any) -> Any:
    if isinstance(spec, Number):
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise UsageError(_("{shown} {value!r}: expected {label} as a Decimal").format(
                               shown=shown, value=value, label=_(spec.label)),
                             hint=_("values are exact: pass a Decimal, never a float"))
        return checked_value(Decimal(value), f"{shown} {str(value)!r}")
    if isinstance(spec, Money | Days):
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise UsageError(_("{shown} {value!r}: expected {label} as a Decimal").format(
                               shown=shown, value=value, label=_(spec.label)),
                             hint=_("amounts and days are exact: pass a Decimal, never a float"))
        return checked_number(Decimal(value), f"{shown} {str(value)!r}",
                              cents=isinstance(spec, Money))
    if isinstance(spec, Date):
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise UsageError(_("{shown} {value!r}: not a date").format(shown=shown, value=value),
                             hint="write YYYY-MM-DD")
        return value
    if isinstance(spec, Int):
        if isinstance(value, bool) or not isinstance(value, int) or value < spec.minimum:
            raise UsageError(_("{shown} {value!r}: expected a whole number of at least "
                               "{minimum}").format(
                               shown=shown, value=value, minimum=spec.minimum))
        return value
    if not isinstance(spec, Str):  # pragma: no cover - the vocabulary's types are above
        raise TypeError(spec)
    if not isinstance(value, str):
        raise UsageError(_("{shown} {value!r}: expected text").format(shown=shown, value=value))
    if spec.pattern and not re.fullmatch(spec.pattern.removeprefix("^").removesuffix("$"),
                                         value):
        if spec.pattern == ID_PATTERN:
            raise UsageError(_("{shown} {value!r}: not an id").format(
                               shown=shown, value=inert(value)),
                             hint=_("ids are letters, digits, '-', '_' or '.', e.g. M3 or lead"))
        raise UsageError(_("{shown} {value!r}: not {pattern_label}").format(
                           shown=shown, value=inert(value), pattern_label=_(spec.pattern_label)))
    if spec.one_line:
        value = one_line(value, shown)
    if spec.nonempty and not value.strip():
        hint = (_("say why in a few words: {shown} \"...\"")
                .format(shown=shown) if shown == "--reason"
                else _("write some text: {shown} \"...\"").format(shown=shown))
        raise UsageError(_("{shown} is empty").format(shown=shown), hint=hint)
    if spec.choices and value not in spec.choices:
        raise UsageError(_("{shown} {value!r}: not one of the choices").format(
                           shown=shown, value=value),
                         hint=did_you_mean(value, spec.choices))
    return value


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


@records.record(slots=False)
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
        raise source.missing(path, _("name a strategy or partnership file, or create one with "
                                     "`transition init`")) from None
    except IsADirectoryError:
        raise UsageError(_("{path} is a folder").format(path=path),
                         hint=_("name a strategy file")) from None
    except OSError as exc:
        raise UsageError(_("{path}: cannot read ({exc})").format(
                           path=path, exc=exc.strerror or exc)) from None
    return data


def plan_document(data: bytes, path: Path) -> Document:
    doc = load_bytes(data, str(path))
    if doc.plan is None:
        first = next((doc.locate(f) for f in doc.findings), None)
        raise RefusedError(
            _("{path}: cannot be read as a plan").format(path=path)
            + (f": {first.place}: {first.code} {first.message}" if first else ""),
            hint=first.hint if first and first.hint
            else f"run `{shell_command('transition', 'check', str(path))}`",
        )
    if not isinstance(doc.plan, Plan):
        raise UsageError(_("{path} is a {kind} file; this command takes a strategy or "
                           "partnership file").format(
                           path=path, kind=doc.kind), hint=_("name a strategy or partnership file"))
    return doc


RETRIES = 3
"""Times a recording starts over when the file is saved by someone else meanwhile."""


def record(
    path: Path, table: dict[str, Any], catalogue: Catalogue, as_of: dt.date,
    *, timeout: float | None = None, on_wait: Callable[[str], None] | None = None,
) -> Recorded:
    """Append one entry to ``path`` if the rules allow it; refuse otherwise.

    Under the lock: read the file as it is now, build the new bytes, load and check the
    whole new document, compare with the old one, write atomically (mode kept).
    A symbolic link is followed: the entry goes into the file it points to.

    A person's edit always survives: if the file is saved by someone else between the read
    and the write (an editor does not take the lock), nothing is written and the recording
    starts over on the new bytes, up to ``RETRIES`` times; then it is refused.

    Should another writer hold the lock, ``on_wait`` hears at once who and since when.
    """
    table = validate(_completed(path, table, catalogue), as_of)
    path = Path(path)
    target = _resolved(path)  # messages name the path as given; writes go to the file
    _refuse_read_only(path, target)
    with locked(target, timeout, on_wait, shown=path):
        for _attempt in range(RETRIES):
            try:
                new_doc, added, existing = _append(path, target, table, catalogue, as_of)
            except Changed:
                continue
            break
        else:
            raise RefusedError(
                _("{path} changed on disk while the entry was being recorded ({RETRIES} "
                  "times); nothing recorded, the file is as it was last saved").format(
                  path=path, RETRIES=RETRIES),
                hint=_("finish editing and save the file, then record again"))
    assert isinstance(new_doc.plan, Plan)
    return Recorded(path, added, table, new_doc.state(catalogue.get(new_doc.plan.call)),
                    new_doc, existing)


def _completed(path: Path, table: dict[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """What the kind fills in from the file's state when the entry leaves it out (a release
    without an amount). Read before the lock: should the file change meanwhile, the
    re-check under the lock refuses an entry that no longer fits."""
    kind = _kind(str(table.get("kind")))
    if kind.complete is None:
        return table
    doc = plan_document(read_bytes(path), path)
    assert isinstance(doc.plan, Plan)
    full = kind.complete(dict(table), doc.state(catalogue.get(doc.plan.call)))
    order = {name: n for n, name in enumerate(("kind", "date", *kind.fields, "note", "by"))}
    return dict(sorted(full.items(), key=lambda item: order.get(item[0], len(order))))


def _append(path: Path, target: Path, table: dict[str, Any], catalogue: Catalogue,
            as_of: dt.date) -> tuple[Document, JournalEntry, int]:
    """One attempt, under the lock: the new document, the entry as read back from it and
    the errors the file already had. Raises ``Changed`` (nothing written) if the file
    changed meanwhile."""
    seen = _read_seen(path, target)
    old = seen.data
    new = appended(old, table)
    new_doc = _run_rules(load_bytes(new, str(path)), catalogue, as_of)
    existing = 0
    if isinstance(new_doc.plan, Plan) and not _errors(new_doc) and not _may_close(old, new):
        # The usual case, and the only parse when a file is clean.
        index = len(new_doc.raw["journal"]) - 1 if new_doc.raw else 0
    else:
        # Refuses an old file that cannot be read as a plan (F findings) with its finding.
        old_doc = _run_rules(plan_document(old, path), catalogue, as_of)
        journal = old_doc.raw.get("journal") if old_doc.raw else None
        # journal = <not a list> is a finding of the old file, not a crash here.
        index = len(journal) if isinstance(journal, list) else 0
        fresh = new_errors(old_doc.findings, new_doc.findings, index)
        if new_doc.plan is None or fresh:
            raise refusal(path, table, old_doc, fresh or new_doc.findings)
        existing = len(_errors(old_doc))
    added = _read_back(path, table, new_doc, index)
    kind = JOURNAL_KINDS[table["kind"]]
    if new_doc.kind not in kind.plans:
        raise UsageError(_("{path} is a {kind} file; {name} entries belong to {kinds} files")
                         .format(path=path, kind=new_doc.kind, name=kind.name,
                                 kinds=_(" and ").join(kind.plans)))
    try:
        write_atomic(target, new, overwrite=True, like=seen.stat, unchanged=seen)
    except OSError as exc:
        raise UsageError(_("{path}: cannot write ({exc}); the file is unchanged or holds the "
                           "new entry in full").format(
                           path=path, exc=exc.strerror or exc),
                         hint=_("check with `{shell_command}` before recording again").format(
                                shell_command=shell_command('transition', 'log',
                                                            str(path)))) from None
    return new_doc, added, existing


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except RuntimeError:  # a loop of links (Python < 3.13 says so this way)
        raise UsageError(_("{path}: a loop of symbolic links, not a file").format(path=path),
                         hint=_("point the link at the strategy file")) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UsageError(_("{path}: a loop of symbolic links, not a file").format(path=path),
                             hint=_("point the link at the strategy file")) from None
        raise UsageError(_("{path}: cannot read ({exc})").format(
                           path=path, exc=exc.strerror or exc)) from None


def _read_seen(path: Path, target: Path) -> Seen:
    """The file's bytes, and its status taken just before (so any later save shows)."""
    try:
        before = target.stat()
    except OSError:
        before = None
    data = read_bytes(path)
    if before is None:  # pragma: no cover - gone between the two calls: reading said so
        raise Changed(str(path))
    return Seen(before, data)


def _may_close(old: bytes, new: bytes) -> bool:
    """Could the appended text close a multi-line string the old text left open? Only then
    can the new text parse while the old does not (a string that swallows the entry's
    start); without a triple quote in it, the new text parsing proves the old one does."""
    tail = new[len(old):]
    return b"'''" in tail or b'"""' in tail


def _read_back(path: Path, table: dict[str, Any], doc: Document, index: int) -> JournalEntry:
    """The entry read back from the new text, checked to be the one written, at the place
    expected: what the confirmation shows is what the file holds."""
    # Parsed as the file is, so both sides hold the same types.
    written = source.parse(serialise(table).decode("utf-8"))["journal"][0]
    journal = doc.raw.get("journal") if doc.raw else None
    added = next((e for e in reversed(doc.plan.journal) if e.index == index), None) \
        if isinstance(doc.plan, Plan) else None
    if added is None or not (isinstance(journal, list) and len(journal) == index + 1
                             and journal[-1] == written):
        raise RefusedError(
            _("{path}: not recorded, the file would not read back {describe} as the last "
              "journal entry (its end is not plain TOML: an unterminated string?)").format(
              path=path, describe=describe(table)),
            hint=_("run `{shell_command}` and fix what it reports at the end of the file").format(
                   shell_command=shell_command('transition', 'check', str(path))))
    return added


def _refuse_read_only(path: Path, target: Path) -> None:
    """A file marked read-only stays unchanged, even for a user who could replace it."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return  # missing or unreadable: reading reports it
    writable = os.access(target, os.W_OK) and mode & stat.S_IWUSR
    if not writable:
        raise UsageError(_("{path} is read-only; nothing recorded").format(path=path),
                         hint=_("make it writable first ({shell_command}) if it should change")
                         .format(
                                shell_command=shell_command('chmod', 'u+w', str(path))))


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
            _("{path}: cannot append {what}: the file's journal is not written as [[journal]] "
              "tables (e.g. journal = [...]), and TOML cannot add a table to it").format(
              path=path, what=what),
            hint=_("rewrite the journal as [[journal]] tables, one per entry, at the end of "
                   "the file; then record again"),
        )
    first, *others = findings
    lines = [_("{path}: not recorded, {what} breaks rule {code}: {message}").format(
               path=path, what=what, code=first.code, message=first.message)]
    hints = [first.hint] if first.hint else []
    for f in others:
        lines.append(f"  also {f.code}: {f.message}" + (f" ({f.hint})" if f.hint else ""))
    return RefusedError("\n".join(lines), hint=hints[0] if hints else None)


def describe(table: dict[str, Any]) -> str:
    """``milestone.done M3`` / ``budget.commit C-12 of EUR 24,000.00 on expertise``."""
    from transition_cli.core.money import eur

    kind = JOURNAL_KINDS[table["kind"]]
    subject = table.get(kind.subject, "") if kind.subject else ""
    text = f"{kind.name} {subject}".strip()
    if "amount" in table:
        text += _(" of {eur} on {envelope}").format(
                  eur=eur(table['amount']), envelope=table['envelope'])
    if "days" in table:
        text += f" ({plural(table['days'], 'day')})"
    return text


# ---------------------------------------------------------------------------------------
# Reading the journal


@records.record(slots=False)
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
    known = set(JOURNAL_KINDS) | set(groups())
    out = []
    for k in kinds:
        if k not in known:
            raise UsageError(_("--kind {k!r}: unknown kind of entry").format(k=k),
                             hint=did_you_mean(k, known))
        out.append(k)
    return tuple(out)


def read_log(path: Path, filters: LogFilter) -> tuple[Document, list[JournalEntry]]:
    """The entries of ``path`` that ``filters`` keep, oldest first: by date, and entries of
    the same day in the order they were recorded (file order). An envelope or milestone
    the file does not know is a usage error with the closest one."""
    doc = load_plan(path)
    plan = doc.plan
    assert isinstance(plan, Plan)
    for option, namespace, value in (("--envelope", "envelopes", filters.envelope),
                                     ("--milestone", "milestones", filters.milestone)):
        known = _ids(plan, namespace)
        if value is not None and value not in known:
            raise UsageError(_("{option} {value!r}: {path} has no such {namespace}").format(
                               option=option, value=inert(value), path=path,
                               namespace=_(NAMESPACES[namespace])),
                             hint=did_you_mean(value, known))
    return doc, sorted((e for e in plan.journal if filters.matches(e)),
                       key=lambda e: (e.date, e.index))


def _ids(plan: Plan, namespace: str) -> set[str]:
    """The ids of a namespace the plan declares or its journal adds."""
    ids = {item.id for item in getattr(plan, namespace, ())}
    for e in plan.journal:
        kind = JOURNAL_KINDS.get(e.kind)
        if kind is not None and kind.introduces == namespace and kind.subject:
            ids.add(str(e.get(kind.subject)))
    return ids


__all__ = [
    "LogFilter",
    "Recorded",
    "appended",
    "entry",
    "read_log",
    "record",
    "resolve_by",
    "serialise",
    "validate",
]
