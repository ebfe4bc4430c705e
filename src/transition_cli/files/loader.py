"""Bytes -> parsed document -> validated model, collecting findings on the way."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from functools import cached_property
from typing import Any

from transition_cli.core.findings import Finding, KeyPath
from transition_cli.core.i18n import _
from transition_cli.core.model import (
    FILE_KINDS,
    FORMAT_KEY,
    FORMAT_VERSION,
    Action,
    Call,
    CallEnvelope,
    CallsFile,
    Cluster,
    Deliverable,
    Envelope,
    Expert,
    FileKind,
    Funding,
    Indicator,
    JournalEntry,
    Measure,
    Member,
    Milestone,
    Organisation,
    Partnership,
    Period,
    Phase,
    Plan,
    Priority,
    Region,
    Strategy,
)
from transition_cli.core.records import record
from transition_cli.core.spec import ID_PATTERN
from transition_cli.core.spec import List as ListType
from transition_cli.files import codes, schema, source
from transition_cli.ledger.kinds import FIELDS, JOURNAL_KINDS
from transition_cli.ledger.replay import derive_days
from transition_cli.ledger.state import PlanState

AnyPlan = Strategy | Partnership | CallsFile
_FORMAT = re.compile(r"^(?P<kind>[a-z]+)/(?P<version>[0-9]+)$")
_ID = re.compile(ID_PATTERN)
# Findings about a key itself rather than its value: they point at the key.
_ABOUT_THE_KEY = frozenset({"S003"})


@record(frozen=False, slots=False)
class Document:
    """One file as read: its kind, its model (None when unusable) and its findings."""

    file: str
    text: str | None = None
    raw: dict[str, Any] | None = None
    kind: FileKind | None = None
    plan: AnyPlan | None = None
    findings: list[Finding] = field(default_factory=list)
    # Ids of items left out of the model because another key was wrong, and ids that a
    # journal entry left out names (a milestone it marks done, the reference it commits):
    # references to them are not reported again as unknown, and rules about their status
    # skip them. ``WILDCARD`` stands for an item whose own id is missing or malformed.
    incomplete_ids: dict[str, set[str]] = field(default_factory=dict)
    _places: source.Places | None = field(default=None, repr=False)
    _states: dict[tuple[int, dt.date | None], tuple[Call | None, PlanState]] = field(
        default_factory=dict, repr=False, compare=False)

    @property
    def is_transition_file(self) -> bool:
        return self.raw is None or FORMAT_KEY in self.raw

    def __getstate__(self) -> dict[str, Any]:
        # Positions and states are rebuilt on demand; a process pool need not carry them.
        return {**self.__dict__, "_places": None, "_states": {}}

    def state(self, call: Call | None, as_of: dt.date | None = None,
              *also: dt.date | None) -> PlanState:
        """The plan's journal replayed (``ledger.replay.derive``), up to ``as_of`` if given:
        worked out once per call and day, whoever asks (the rules, the views, recording).
        The state is shared: readers do not change it. ``also``: days whose states will be
        asked for next (None: the whole journal), from the same replay where it can
        (``ledger.replay.derive_days``)."""
        plan = self.plan
        assert isinstance(plan, Plan)
        last = self._last_entry_date
        # A day after every entry is the whole journal's (None): the same state.
        days = [None if day is None or last is None or last <= day else day
                for day in (as_of, *also)]
        # Keyed by the call's identity, which it keeps alive: hashing a Call hashes all
        # its envelopes, a few times a file for each rule that asks.
        states, who = self._states, id(call)
        got = states.get((who, days[0]))
        if got is None or got[0] is not call:
            wanted = [day for day in days
                      if (seen := states.get((who, day))) is None or seen[0] is not call]
            for day, found in derive_days(plan, call, wanted).items():
                states[(who, day)] = (call, found)
            got = states[(who, days[0])]
        return got[1]

    @cached_property
    def _last_entry_date(self) -> dt.date | None:
        """The latest date in the plan's journal (None without entries), looked up once."""
        plan = self.plan
        assert isinstance(plan, Plan)
        return max((e.date for e in plan.journal), default=None)

    def known_ids(self, key: str, found: Iterable[str]) -> set[str]:
        """The ids ``found`` in the model for ``key`` with those left out (``incomplete_ids``):
        what a rule may take as existing, so one mistake is not reported again. A plain set
        unless an item without a readable id was left out (then any id may exist: ``Ids``);
        rules look up thousands of ids in a big journal."""
        incomplete = self.incomplete_ids.get(key)
        if incomplete is None:
            return set(found)
        if WILDCARD not in incomplete:
            return {*found, *incomplete}
        return Ids(found, incomplete)

    def incomplete(self, key: str, item_id: str | None) -> bool:
        """Whether what the model says of ``item_id`` may be incomplete: the item, or an
        entry about it, was left out for a finding already reported."""
        ids = self.incomplete_ids.get(key, set())
        return WILDCARD in ids or item_id in ids

    @property
    def places(self) -> source.Places | None:
        """Where each key path stands in the text, from the parser (built on first use)."""
        if self._places is None and self.text is not None:
            self._places = source.Places(self.text)
        return self._places

    def locate(self, finding: Finding) -> Finding:
        """The finding with the line and column of the value it is about (of the key, or
        the table's header, when the value is missing)."""
        if finding.line is not None or not finding.path or self.places is None:
            return finding
        return finding.with_position(*self.places.find(finding.path,
                                                        key=finding.code in _ABOUT_THE_KEY))

    def written(self, path: KeyPath) -> str | None:
        """The value at ``path`` as the file writes it (``1.200050e4``), if known."""
        return self.places.written(path) if self.places is not None else None


WILDCARD = "*"
"""In ``incomplete_ids``: an item whose id is missing or malformed; any id may be its."""


class Ids(set[str]):
    """Ids a rule takes as existing; with an unreadable id left out, any id may exist."""

    def __init__(self, found: Iterable[str], incomplete: Iterable[str] = ()) -> None:
        incomplete = set(incomplete)
        super().__init__({*found, *incomplete} - {WILDCARD})
        self.anything = WILDCARD in incomplete

    def __contains__(self, item: object) -> bool:
        return self.anything or super().__contains__(item)


def load_bytes(data: bytes, file: str = "<string>") -> Document:
    doc = Document(file)
    try:
        doc.text = source.decode(data)
        doc.raw = source.parse(doc.text)
    except source.SourceError as exc:
        doc.findings.append(
            codes.BY_CODE[exc.code].finding(exc.message, file=file, line=exc.line,
                    column=exc.column, hint=exc.hint)
        )
        return doc
    kind = _kind(doc)
    if kind is None:
        return doc
    doc.kind = kind
    validator = schema.Validator(file, written=doc.written,
                                 plain=schema.plain_strings(doc.text, data))
    clean = validator.table(schema.SPECS[kind], doc.raw, ())
    assert clean is not None  # the document itself is always a table
    if kind in ("strategy", "partnership"):
        schema.check_journal_shape(clean.get("journal", []), doc.raw.get("journal"),
                                   validator, ("journal",))
    validator.merge_typos()
    doc.findings.extend(validator.findings)
    doc.plan = build(kind, clean)
    doc.incomplete_ids = _incomplete_ids(doc.raw, doc.plan, whole=not validator.findings)
    return doc


def _incomplete_ids(raw: dict[str, Any], plan: AnyPlan, *, whole: bool = False
                    ) -> dict[str, set[str]]:
    """The ids of items left out of the model, by section. ``whole``: validation reported
    nothing, so every item is in the model with its id as written (a table missing a key
    the model needs, an entry missing a field its kind requires, a malformed id: each is
    a finding): only actions sharing an id can disagree on their funding lines."""
    out: dict[str, set[str]] = {}
    if whole:
        if isinstance(plan, Strategy) and len({a.id for a in plan.actions}) < len(plan.actions):
            _short_funding(raw, plan, out)
        return out
    for key in ("milestones", "experts", "envelopes", "clusters", *STRATEGY_SECTIONS):
        items = raw.get(key)
        if not isinstance(items, list):
            continue
        built = {item.id for item in getattr(plan, key, ())}
        ids = {_id(i.get("id")) if isinstance(i, dict) else WILDCARD for i in items}
        if ids - built:
            out[key] = ids - built
    if isinstance(plan, Strategy):
        _short_funding(raw, plan, out)
    if isinstance(plan, Strategy | Partnership):
        _left_out_entries(raw.get("journal"), plan, out)
    return out


def _short_funding(raw: dict[str, Any], plan: Strategy, out: dict[str, set[str]]) -> None:
    """An action whose funding lost a line to a finding: its sum is not judged."""
    for a in plan.actions:
        lines = next((i.get("funding") for i in raw.get("actions") or []
                      if isinstance(i, dict) and i.get("id") == a.id), None)
        if isinstance(lines, list) and len(lines) != len(a.funding):
            out.setdefault("funding", set()).add(a.id)


def _id(value: Any) -> str:
    """An item's id as the file writes it, or ``WILDCARD`` if it has none readable."""
    return value if isinstance(value, str) and _ID.fullmatch(value) else WILDCARD


def _left_out_entries(entries: Any, plan: Strategy | Partnership,
                      out: dict[str, set[str]]) -> None:
    """Journal entries left out of the model (a field was missing or wrong) still say what
    they are about: the ids they name are incomplete (a payment on the reference a broken
    commitment names is not "unknown"; the milestone a broken entry marks done is not
    "overdue"). A key misspelt names its field by the closest spelling; an entry that adds
    an id without a readable one (a commitment without ``ref``) leaves any id possible."""
    if not isinstance(entries, list):
        return
    kept = {e.index for e in plan.journal}
    for index, entry in enumerate(entries):
        if index in kept or not isinstance(entry, dict):
            continue
        kind = JOURNAL_KINDS.get(_closest(entry.get("kind"), JOURNAL_KINDS))
        for key, value in entry.items():
            spec = FIELDS.get(_closest(key, FIELDS))
            if spec is None or spec.namespace is None:
                continue
            for one in value if isinstance(value, list) else (value,):
                if isinstance(one, str):
                    out.setdefault(spec.namespace, set()).add(one)
        if kind is not None and kind.introduces and kind.subject is not None \
                and not isinstance(entry.get(kind.subject), str):
            out.setdefault(kind.introduces, set()).add(WILDCARD)


def _closest(name: Any, known: Mapping[str, Any]) -> str:
    if not isinstance(name, str):
        return ""
    if name in known:
        return name
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.8)
    return close[0] if close else ""


def _kind(doc: Document) -> FileKind | None:
    assert doc.raw is not None
    value = doc.raw.get(FORMAT_KEY)
    example = 'transition = "strategy/1" (or "partnership/1", "calls/1")'
    if value is None:
        doc.findings.append(codes.F003.finding(
            _("not a transition file: no top-level \"{FORMAT_KEY}\" key").format(
              FORMAT_KEY=FORMAT_KEY),
            file=doc.file, line=1, column=1, hint=_("add {example} as the first line").format(
                                                    example=example),
        ))
        return None
    match = _FORMAT.match(value) if isinstance(value, str) else None
    if match is None or match["kind"] not in FILE_KINDS:
        doc.findings.append(codes.F003.finding(
            _("unknown file kind {value!r}").format(value=value), file=doc.file,
            path=(FORMAT_KEY,), hint=f"write {example}",
        ))
        return None
    version = int(match["version"])
    if version != FORMAT_VERSION:
        newer = version > FORMAT_VERSION
        doc.findings.append(codes.F003.finding(
            _("format version {version} of {kind} files is ").format(
              version=version, kind=match['kind'])
            + (_("newer than this transition reads") if newer else _("not known")),
            file=doc.file, path=(FORMAT_KEY,),
            hint=_("upgrade transition (pip install -U transition-cli)") if newer
            else _("write transition = \"{kind}/{FORMAT_VERSION}\"").format(
                   kind=match["kind"], FORMAT_VERSION=FORMAT_VERSION),
        ))
        return None
    kind: FileKind = match["kind"]
    return kind


# ---------------------------------------------------------------------------------------
# Building the model from a validated document. Items missing a required key were
# reported by the validator and are left out here, so rules see only usable records.


def _period(value: dict[str, Any] | None) -> Period | None:
    if not value or "start" not in value or "end" not in value:
        return None
    return Period(value["start"], value["end"])


def _items(clean: dict[str, Any], key: str, *required: str) -> list[dict[str, Any]]:
    needed = _needed.get(required)
    if needed is None:
        needed = _needed[required] = frozenset(required)
    return [item for item in clean.get(key) or () if item is not None and item.keys() >= needed]


_needed: dict[tuple[str, ...], frozenset[str]] = {}


def _experts(clean: dict[str, Any]) -> tuple[Expert, ...]:
    return tuple(
        Expert(e["id"], e["name"], e.get("role", ""), e.get("organisation", ""),
               e["day_rate"], e["planned_days"])
        for e in _items(clean, "experts", "id", "name", "day_rate", "planned_days")
    )


def _milestones(clean: dict[str, Any]) -> tuple[Milestone, ...]:
    return tuple(
        Milestone(m["id"], m["title"], m["due"], m.get("start"), m.get("owner"),
                  tuple(m.get("depends_on", ())), m.get("deliverable", ""))
        for m in _items(clean, "milestones", "id", "title", "due")
    )


def _envelopes(clean: dict[str, Any]) -> tuple[Envelope, ...]:
    return tuple(
        Envelope(e["id"], e["cap"], e.get("gate"))
        for e in _items(clean, "envelopes", "id", "cap")
    )


STRATEGY_SECTIONS = ("priorities", "actions", "indicators", "deliverables")
"""The strategy itself: lists of items with ids, which rules and the journal refer to."""


def _priorities(clean: dict[str, Any]) -> tuple[Priority, ...]:
    return tuple(
        Priority(p["id"], p["title"], p["s3_domain"], p.get("s3_reference", ""),
                 tuple(p.get("themes", ())), p.get("rationale", ""))
        for p in _items(clean, "priorities", "id", "title", "s3_domain")
    )


def _actions(clean: dict[str, Any]) -> tuple[Action, ...]:
    """Actions with every required key; a funding line missing its source or amount was
    reported and is left out (the funding then falls short of the cost: T006 says so)."""
    return tuple(
        Action(a["id"], a["title"], a["priority"], a["lead"], a["start"], a["end"],
               a["total_cost"], a["eligible_cost"],
               tuple(Funding(f["source"], f["amount"], f.get("rate"), f.get("name", ""))
                     for f in _items(a, "funding", "source", "amount")),
               a.get("cluster"))
        for a in _items(clean, "actions", "id", "title", "priority", "lead", "start", "end",
                        "total_cost", "eligible_cost")
    )


def _measure(value: dict[str, Any] | None) -> Measure | None:
    if not value or "value" not in value or "date" not in value:
        return None
    return Measure(value["value"], value["date"])


def _indicators(clean: dict[str, Any]) -> tuple[Indicator, ...]:
    out = []
    for i in _items(clean, "indicators", "id", "title", "unit", "kind"):
        baseline, target = _measure(i.get("baseline")), _measure(i.get("target"))
        if baseline is not None and target is not None:
            out.append(Indicator(i["id"], i["title"], i["unit"], i["kind"], baseline, target,
                                 i.get("action"), i.get("priority")))
    return tuple(out)


def _deliverables(clean: dict[str, Any]) -> tuple[Deliverable, ...]:
    return tuple(
        Deliverable(d["id"], d["title"], d["due"], d.get("milestone"))
        for d in _items(clean, "deliverables", "id", "title", "due")
    )


def _journal(clean: dict[str, Any]) -> tuple[JournalEntry, ...]:
    """Entries with a known kind, a date and every field their kind requires; the others
    were reported by the validator and are left out."""
    entries: list[JournalEntry] = []
    append = entries.append
    makers = _ENTRY_MAKERS
    for index, raw in enumerate(clean.get("journal") or ()):
        if raw is None:
            continue
        # What to make of an entry depends on its kind and its keys only: worked out once
        # per shape, then one lookup per entry (twenty thousand on a big journal).
        keys = (raw.get("kind"), *raw)
        make = makers.get(keys, _UNSEEN)
        if make is _UNSEEN:
            make = _entry_maker(keys)
            if len(makers) < _MAX_MAKERS:
                makers[keys] = make
        if make is not None:
            append(make(raw, index))
    return tuple(entries)


EntryMaker = Callable[[dict[str, Any], int], JournalEntry]
_UNSEEN: Any = object()
_ENTRY_MAKERS: dict[tuple[Any, ...], EntryMaker | None] = {}


def _entry_maker(key: tuple[Any, ...]) -> EntryMaker | None:
    """For a validated entry of this kind and these keys (``key``: the kind, then the
    keys), the function that makes its record: its kind's own fields in the entry's
    order, a list read as a tuple, ``by`` and ``note`` empty when absent. None for an
    entry without a date or a field its kind requires (reported, left out). The function
    is compiled once ``schema._WARM`` entries of the shape came (as validation's looks
    are); until then a loop reads the entry."""
    kind_name, keys = key[0], key[1:]
    if "kind" not in keys or "date" not in keys:
        return None
    kind = JOURNAL_KINDS[kind_name]
    if not set(kind.required) <= set(keys):
        return None
    name = kind.name
    fields = tuple(field for field in keys if field in kind.fields)
    lists = frozenset(field for field in fields if isinstance(FIELDS[field].type, ListType))
    count = 0

    def make(raw: dict[str, Any], index: int) -> JournalEntry:
        nonlocal count
        count += 1
        if count >= schema._WARM and len(_ENTRY_MAKERS) < _MAX_MAKERS:
            _ENTRY_MAKERS[key] = _compile_maker(name, keys, fields, lists)
        return JournalEntry(index, name, raw["date"], raw.get("by", ""), raw.get("note", ""),
                            {field: tuple(raw[field]) if field in lists else raw[field]
                             for field in fields})

    return make


_MAX_MAKERS = 4096


def _compile_maker(name: str, keys: tuple[str, ...], fields: tuple[str, ...],
                   lists: frozenset[str]) -> EntryMaker:
    """``_entry_maker``'s function as one expression: the values as a dict display."""
    values = ", ".join(f"{field!r}: tuple(raw[{field!r}])" if field in lists
                       else f"{field!r}: raw[{field!r}]" for field in fields)
    common = ", ".join(f"raw[{field!r}]" if field in keys else '""' for field in ("by", "note"))
    source = (f"def make(raw, index):\n    return JournalEntry(index, {name!r}, "
              f"raw['date'], {common}, {{{values}}})\n")
    namespace: dict[str, Any] = {}
    exec(source, {"JournalEntry": JournalEntry}, namespace)  # noqa: S102 - our own text
    make: EntryMaker = namespace["make"]
    return make


# A plan whose period is missing or broken was reported; rules skip period checks on it.
_NO_PERIOD = Period(dt.date.min, dt.date.min)


def _plan_fields(clean: dict[str, Any]) -> dict[str, Any]:
    return {
        "call": clean.get("call", ""),
        "title": clean.get("title", ""),
        "period": _period(clean.get("period")) or _NO_PERIOD,
        "submitted": clean.get("submitted"),
        "eligibility": _period(clean.get("eligibility")),
        "experts": _experts(clean),
        "milestones": _milestones(clean),
        "envelopes": _envelopes(clean),
        "journal": _journal(clean),
    }


def build(kind: FileKind, clean: dict[str, Any]) -> AnyPlan:
    if kind == "calls":
        return CallsFile(tuple(
            build_call(c) for c in _items(clean, "calls", *_CALL_REQUIRED)
        ))
    if kind == "strategy":
        region = clean.get("region") or {}
        return Strategy(
            **_plan_fields(clean),
            region=Region(region.get("name", ""), region.get("country", ""),
                          tuple(region.get("nuts", ())), region.get("category"),
                          region.get("erdf_ceiling")),
            nuts_version=clean.get("nuts_version"),
            themes=tuple(clean.get("themes", ())),
            clusters=tuple(
                Cluster(c["id"], c["name"], c.get("theme", ""), tuple(
                    Organisation(o["name"], o["kind"])
                    for o in c.get("members") or [] if o and "name" in o and "kind" in o
                ))
                for c in _items(clean, "clusters", "id", "name")
            ),
            partnerships=tuple(clean.get("partnerships", ())),
            priorities=_priorities(clean),
            actions=_actions(clean),
            indicators=_indicators(clean),
            deliverables=_deliverables(clean),
        )
    return Partnership(
        **_plan_fields(clean),
        id=clean.get("id", ""),
        theme=clean.get("theme", ""),
        coordinators=tuple(clean.get("coordinators", ())),
        members=tuple(
            Member(m["id"], m["name"], m["country"], tuple(m.get("nuts", ())),
                   m.get("associated", False))
            for m in _items(clean, "members", "id", "name", "country")
        ),
        phases=tuple(
            Phase(p["name"], p["start"], p["end"])
            for p in _items(clean, "phases", "name", "start", "end")
        ),
        nuts_version=clean.get("nuts_version"),
    )


_CALL_REQUIRED = ("id", "title", "fund", "answered_by")


def build_call(c: dict[str, Any], source_name: str = "built-in") -> Call:
    # A work or eligibility period that is declared but broken was reported; it counts as
    # undeclared, so no rule judges dates against half a period.
    work = _period(c.get("work"))
    return Call(
        id=c["id"], title=c["title"], fund=c["fund"], answered_by=c["answered_by"],
        work=work, eligibility=_period(c.get("eligibility")) or work,
        envelopes=tuple(
            CallEnvelope(e["id"], e["title"], e["cap"], e.get("gated", False),
                         e.get("expert_days", False), e.get("managed_by"),
                         e.get("awarded_by"))
            for e in _items(c, "envelopes", "id", "title", "cap")
        ),
        opens=c.get("opens"), deadline=c.get("deadline"), selected=c.get("selected"),
        selects=c.get("selects"), budget=c.get("budget"),
        budget_derived=c.get("budget_derived", False),
        min_member_states=c.get("min_member_states"), themes=tuple(c.get("themes", ())),
        source=source_name, nuts_version=c.get("nuts_version"),
    )
