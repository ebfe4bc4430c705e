"""What every rule module shares: the context a rule reads, the rule record, and helpers
for finding an item's place in the file. Rule modules import this module and nothing else
of ``rules/``; ``registry.py`` lists their rules in one tuple.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from typing import Any, Generic, TypeVar, overload

from transition_cli.core.findings import Code, KeyPath
from transition_cli.core.model import Call, JournalEntry, Plan
from transition_cli.core.records import record
from transition_cli.core.text import shell_command
from transition_cli.files.calls import Catalogue
from transition_cli.files.loader import Document
from transition_cli.ledger.kinds import FIELDS, JOURNAL_KINDS
from transition_cli.ledger.replay import in_force, voided
from transition_cli.ledger.state import PlanState

T = TypeVar("T")
V = TypeVar("V")
Issue = tuple[KeyPath, str, str]
"""(key path, message, hint)"""

CrossIssue = tuple[Document, KeyPath, str, str]
"""(document, key path, message, hint): a finding about one of several files."""


class cached(Generic[T, V]):
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every
    first read): a context belongs to one rule run in one thread, and reads a handful of
    these once per file."""

    def __init__(self, compute: Callable[[T], V]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type[T], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type[T] | None = None) -> cached[T, V]: ...

    @overload
    def __get__(self, obj: T, owner: type[T] | None = None) -> V: ...

    def __get__(self, obj: T | None, owner: type[T] | None = None) -> V | cached[T, V]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.compute(obj)
        return value


@record(frozen=False, slots=False)
class Context:
    doc: Document
    catalogue: Catalogue
    as_of: dt.date
    # What one rule computes and another reads too (rules/journal.py's cap walk).
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # The same for the lookups every rule makes, each under its own argument: ids declared
    # by section, places by section, entries in force by kinds (``entries``).
    _declared: dict[str, set[str]] = field(default_factory=dict, compare=False, repr=False)
    _places: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)
    of_kinds: dict[tuple[str, ...], list[JournalEntry]] = field(
        default_factory=dict, compare=False, repr=False)

    @cached
    def plan(self) -> Plan:
        """The document's plan (rules run on plans only); read a hundred times a file."""
        assert isinstance(self.doc.plan, Plan)
        return self.doc.plan

    @cached
    def call(self) -> Call | None:
        return self.catalogue.get(self.plan.call)

    @cached
    def journal(self) -> tuple[JournalEntry, ...]:
        """The entries in force (``ledger.replay.in_force``): what every rule that walks
        the journal reads, so a voided entry is judged by none."""
        return in_force(self.plan.journal)

    @cached
    def by_kind(self) -> dict[str, list[JournalEntry]]:
        """The entries in force of each kind, in file order (read through ``entries``)."""
        out: dict[str, list[JournalEntry]] = {}
        for e in self.journal:
            found = out.get(e.kind)
            if found is None:
                out[e.kind] = [e]
            else:
                found.append(e)
        return out

    @cached
    def voided(self) -> Mapping[int, JournalEntry]:
        """Entries a void in force cancels: index -> the void."""
        return voided(self.plan.journal)

    @cached
    def state(self) -> PlanState:
        """The whole journal replayed: for consistency rules (kept with the document, so
        the views and recording replay it no more), with the state as of --as-of."""
        return self.doc.state(self.call, None, self.as_of)

    @cached
    def state_as_of(self) -> PlanState:
        """Only entries up to --as-of: for judgements about "today" (a day after every
        entry, or a journal without any, is the whole journal's state: ``Document.state``
        gives that one)."""
        return self.doc.state(self.call, self.as_of)

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """What ``compute`` gives, worked out once per document under ``key``: what several
        rules read (ids, places in the file, the cap walk). Readers do not change it."""
        memo = self.memo
        if key in memo:
            return memo[key]  # type: ignore[no-any-return]
        found = memo[key] = compute()
        return found

    def declared(self, key: str) -> set[str]:
        """Ids of ``key`` ("milestones", "experts", ...) in the plan and journal, including
        items left out of the model for another error (already reported)."""
        found: set[str] | None = self._declared.get(key)
        if found is None:
            found = self._declared[key] = self.doc.known_ids(key, getattr(self.state, key))
        return found

    def places(self, key: str, items: Sequence[Any], match: str = "id") -> list[int]:
        """Each of ``items`` (the plan's list ``key``, matched on their ``match``) placed in
        the file's list ``key`` (``raw_indices``), worked out once per document."""
        found: list[int] | None = self._places.get(key)
        if found is None:
            found = self._places[key] = raw_indices(
                raw(self, key), [getattr(item, match) for item in items], match)
        return found

    @cached
    def milestone_index(self) -> dict[str, int]:
        """Position of the first milestone with each id in the plan's list."""
        return index_of(self.plan, "milestones")

    def incomplete(self, key: str, item_id: str | None) -> bool:
        """What the model knows of ``item_id`` may be incomplete (``Document.incomplete``):
        a rule about its status or its sums skips it, as the error is already reported."""
        return self.doc.incomplete(key, item_id) or key in self._misnamed

    @cached
    def _misnamed(self) -> frozenset[str]:
        """Namespaces of which an entry names an unknown id (J001): the item it meant lost
        its record (a milestone marked done as "M7"), so none of their statuses is judged
        until the id is corrected."""
        known: set[str] | None = None
        for e in self.journal:
            subject = _ABOUT_A_MILESTONE.get(e.kind)
            if subject is None:
                continue
            value = e.get(subject)
            if isinstance(value, str):
                known = self.declared("milestones") if known is None else known
                if value not in known:
                    return frozenset({"milestones"})
        return frozenset()

    def journal_path(self, entry: JournalEntry, key: str | None = None) -> KeyPath:
        return ("journal", entry.index, key) if key else ("journal", entry.index)


RuleFunc = Callable[[Context], Iterable[Issue]]
CrossFunc = Callable[[Sequence[Document]], Iterable[CrossIssue]]


@record(slots=False)
class Rule(Code):
    """A code with the function that finds it: ``check`` over one document of the listed
    ``kinds``, or ``across`` over the documents checked together."""

    check: RuleFunc | None = field(default=None, repr=False)
    kinds: tuple[str, ...] = ("strategy", "partnership")
    across: CrossFunc | None = field(default=None, repr=False)

    @classmethod
    def of(cls, code: Code) -> Rule:
        """A code found while reading (F, S): documented here, emitted by ``files/``."""
        return cls(code.code, code.name, code.severity, code.summary, code.fix, code.example,
                   kinds=())


def command(ctx: Context, name: str, *args: str, file: bool = True) -> str:
    """A command for a hint, in backquotes, ready to paste into a shell:
    ``command(ctx, "milestone done", "M3")`` -> ```transition milestone done hdf.toml M3```.

    ``name`` is the command (``"milestone done"``, ``"regions"``); the file checked comes
    next unless ``file=False``; every argument is quoted as a shell needs it, so a file
    named ``b$(touch x).toml`` is pasted as a name, never run. Every rule builds its
    command hints here, so what they all carry is decided in one place: the file, and the
    ``--as-of`` that ``check`` was given, so that the command, pasted, judges the same day
    (and records on it: a recording command's ``--date`` defaults to ``--as-of``).
    """
    words = [*name.split(), *([ctx.doc.file] if file else []), *args]
    if name not in _NO_AS_OF:
        words += ["--as-of", ctx.as_of.isoformat()]
    return f"`{shell_command('transition', *words)}`"


_NO_AS_OF = frozenset({"regions", "rules", "schema", "init"})
"""The commands that take no ``--as-of`` (every view and recording command takes one)."""


def index_of(plan: Plan, key: str) -> dict[str, int]:
    """Position of the first item with each id in the plan's list ``key``."""
    out: dict[str, int] = {}
    for i, item in enumerate(getattr(plan, key)):
        out.setdefault(item.id, i)
    return out


def void_command(ctx: Context, e: JournalEntry) -> str:
    """The command that voids entry ``e`` (a correction never rewrites the journal)."""
    return command(ctx, "journal void", str(e.index + 1), "--reason", "REASON")


# The kinds about a milestone that exists already, each with the field that names it.
_ABOUT_A_MILESTONE: Mapping[str, str] = {
    kind.name: kind.subject for kind in JOURNAL_KINDS.values()
    if not kind.introduces and kind.subject is not None
    and FIELDS[kind.subject].namespace == "milestones"}


def entries(ctx: Context, *kinds: str) -> Iterator[JournalEntry]:
    """The entries in force of ``kinds``, in file order. A dozen rules each ask for a kind
    or a few: the journal is sorted by kind in one pass per document, and a list of
    several kinds is made once."""
    if len(kinds) == 1:
        return iter(ctx.by_kind.get(kinds[0], ()))
    found = ctx.of_kinds.get(kinds)
    if found is None:
        found = ctx.of_kinds[kinds] = [e for e in ctx.journal if e.kind in kinds]
    return iter(found)


# ---------------------------------------------------------------------------------------
# Where things are in the file. The model drops items the validator rejected, so the n-th
# record is not always the n-th item of the file: match them again, in order.


def raw_indices(raw: Any, values: Sequence[Any], key: str | None = None) -> list[int]:
    """Index in the file's list ``raw`` of each of ``values`` (kept in file order).

    With ``key``, items are tables matched on ``item[key]``; unmatched values get the
    position after the last match (a best effort that keeps paths inside the list).
    """
    items = raw if isinstance(raw, list) else []
    if len(values) == len(items):
        # The model kept every item (it only ever leaves broken ones out, in file order).
        return list(range(len(items)))
    out: list[int] = []
    i = 0
    for value in values:
        j = i
        while j < len(items):
            item = items[j]
            got = item.get(key) if key and isinstance(item, dict) else item
            if got == value:
                break
            j += 1
        if j == len(items):  # pragma: no cover - the model only holds items of the file
            j = min(i, max(len(items) - 1, 0))
        out.append(j)
        i = j + 1
    return out


def raw(ctx: Context, *path: str | int) -> Any:
    """The value at ``path`` in the file as parsed (None where there is none)."""
    value: Any = ctx.doc.raw or {}
    for part in path:
        if isinstance(part, int):
            value = value[part] if isinstance(value, list) and part < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value
