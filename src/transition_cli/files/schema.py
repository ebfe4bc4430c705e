"""The file formats, declared once.

The same declarations drive validation of a parsed document (``validate``) and, later,
the JSON Schema for editors. Validation never raises: it returns the cleaned document
(invalid values dropped) and the findings.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import field
from decimal import Decimal
from typing import Any, cast

from transition_cli.core.findings import Finding, KeyPath, format_key_path
from transition_cli.core.i18n import N_, _
from transition_cli.core.model import (
    FUNDING_SOURCES,
    HOLDERS,
    INDICATOR_KINDS,
    ORGANISATION_KINDS,
    PHASES,
    REGION_CATEGORIES,
)
from transition_cli.core.money import Measure, NumberError, judged
from transition_cli.core.records import record
from transition_cli.core.spec import (
    MAX_AMOUNT,
    MAX_DAYS,
    Bool,
    Date,
    Days,
    Field,
    Id,
    Int,
    Line,
    List,
    Money,
    Number,
    OptionalLine,
    Percent,
    Str,
    Table,
    Tables,
    Text,
    Type,
)
from transition_cli.core.text import INVISIBLE, OFF_LINE_OR_HIDDEN, is_one_line
from transition_cli.files import codes
from transition_cli.files.toml_parser import WithExponent
from transition_cli.ledger.kinds import FIELDS, JOURNAL_KINDS
from transition_cli.reference.nuts import NUTS_PATTERN, VERSIONS

FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2199, 12, 31)
"""Dates outside these years are typos; refusing them also keeps date arithmetic (a
forecast, a timeline) far from the calendar's ends."""

Nuts = Str(pattern=NUTS_PATTERN, pattern_label=N_("a NUTS code such as FRE1"))
Country = Str(pattern=r"^[A-Z]{2}$",
              pattern_label=N_("a two-letter Eurostat country code (FR, EL)"))

PERIOD = Table(
    (
        Field("start", Date(), True, "First day."),
        Field("end", Date(), True, "Last day."),
    )
)

EXPERT = Table(
    (
        Field("id", Id, True, "Short id used by milestones and the journal."),
        Field("name", Line, True),
        Field("role", OptionalLine),
        Field("organisation", OptionalLine),
        Field("day_rate", Money(), True, "EUR per day, at most two decimals."),
        Field("planned_days", Days(), True),
    )
)

MILESTONE = Table(
    (
        Field("id", Id, True),
        Field("title", Line, True),
        Field("due", Date(), True, "Baseline due date; reschedules go in the journal."),
        Field("start", Date(), False, "When work starts (for the timeline)."),
        Field("owner", Id, False, "An expert id."),
        Field("depends_on", List(Id), False, "Milestone ids that must be done first."),
        Field("deliverable", OptionalLine),
    )
)

ENVELOPE = Table(
    (
        Field("id", Id, True, "An envelope id of the call (expertise, implementation, ...)."),
        Field("cap", Money(), True, "At most the call's cap for this envelope."),
        Field("gate", Id, False, "Milestone that must be done before any commitment."),
    )
)

ORGANISATION = Table(
    (
        Field("name", Line, True),
        Field("kind", Str(choices=ORGANISATION_KINDS), True),
    )
)

CLUSTER = Table(
    (
        Field("id", Id, True),
        Field("name", Line, True),
        Field("theme", OptionalLine),
        Field("members", Tables(ORGANISATION)),
    )
)

JOURNAL_ENTRY = Table(tuple(
    Field(spec.name, Str(choices=tuple(JOURNAL_KINDS)) if spec.name == "kind" else spec.type,
          spec.name in ("date", "kind"), spec.doc)
    for spec in FIELDS.values()
))
"""A journal entry: the fields of every kind (``ledger/kinds.py``); which ones an entry
needs and may hold depends on its kind (``check_journal_shape``)."""

FORMAT_FIELD = Field(
    "transition", Str(), True, 'Kind and format version, e.g. "strategy/1".'
)

COMMON_PLAN_FIELDS = (
    Field("call", Id, True, "Id of the call this answers (see `transition calls`)."),
    Field("title", Line, True),
    Field("period", PERIOD, True, "Start and end of the work."),
    Field("submitted", Date(), False, "When the application was sent."),
    Field("eligibility", PERIOD, False, "The plan's own eligibility period of costs (its "
          "grant's); default: the call's, if it declares one."),
    Field("experts", Tables(EXPERT)),
    Field("milestones", Tables(MILESTONE)),
    Field("envelopes", Tables(ENVELOPE)),
    Field("journal", Tables(JOURNAL_ENTRY), False, "Appended by recording commands."),
)

REGION = Table(
    (
        Field("name", Line, True),
        Field("country", Country, True),
        Field("nuts", List(Nuts), True, "One or more NUTS codes (often several NUTS-2)."),
        Field("category", Str(choices=REGION_CATEGORIES), False,
              "The region's ERDF category (less-developed, transition, more-developed)."),
        Field("erdf_ceiling", Percent(), False, "The most the regional ERDF programme may "
              "co-finance, in % of eligible cost, for the region's category (e.g. 60)."),
    )
)

# The strategy itself: priorities, actions and their funding, indicators, deliverables.

PRIORITY = Table(
    (
        Field("id", Id, True, "Short id used by actions and indicators."),
        Field("title", Line, True),
        Field("s3_domain", Line, True, "The smart-specialisation (S3) domain it builds on."),
        Field("s3_reference", OptionalLine, False, "Where the region's S3 document sets it out."),
        Field("themes", List(Line), False, "Peer-learning themes of the call it serves."),
        Field("rationale", Text, False, "Why this priority."),
    )
)

FUNDING = Table(
    (
        Field("source", Str(choices=FUNDING_SOURCES), True, "Where the money comes from."),
        Field("amount", Money(), True, "EUR from this source, at most two decimals."),
        Field("rate", Percent(), False, "Co-financing rate of an EU grant: the most it pays, "
              "in % of the action's eligible cost (50 = 50 %)."),
        Field("name", OptionalLine, False,
              "Who provides it: a programme, a ministry, a bank, a firm."),
    )
)

ACTION = Table(
    (
        Field("id", Id, True, "Short id used by indicators."),
        Field("title", Line, True),
        Field("priority", Id, True, "The priority it serves."),
        Field("lead", Line, True, "The lead organisation."),
        Field("cluster", Id, False, "A cluster whose member leads it (lead is its name)."),
        Field("start", Date(), True, "Inside the strategy's period."),
        Field("end", Date(), True, "Inside the strategy's period."),
        Field("total_cost", Money(), True, "EUR; the funding sources add up to it."),
        Field("eligible_cost", Money(), True, "EUR of the total that EU grants may pay."),
        Field("funding", Tables(FUNDING), False, "The funding mix, one table per source."),
    )
)

MEASURE = Table(
    (
        Field("value", Number(), True, "In the indicator's unit."),
        Field("date", Date(), True),
    )
)

INDICATOR = Table(
    (
        Field("id", Id, True, "Short id used by `transition indicator record`."),
        Field("title", Line, True),
        Field("unit", Line, True, "What a value counts: firms, people, tonnes, %..."),
        Field("kind", Str(choices=INDICATOR_KINDS), True, "output (of an action) or result "
              "(of a priority)."),
        Field("action", Id, False, "The action it measures (or name a priority)."),
        Field("priority", Id, False, "The priority it measures (or name an action)."),
        Field("baseline", MEASURE, True, "{ value, date }: where it starts."),
        Field("target", MEASURE, True, "{ value, date }: where it should be, and when."),
    )
)

DELIVERABLE = Table(
    (
        Field("id", Id, True, "Short id used by `transition deliverable submit`."),
        Field("title", Line, True),
        Field("due", Date(), True, "When it is due to the Commission."),
        Field("milestone", Id, False, "The milestone it closes."),
    )
)

NUTS_VERSION = Field(
    "nuts_version", Str(choices=VERSIONS), False,
    "NUTS version of the codes. Default: the call's nuts_version, else 2021."
)

STRATEGY = Table(
    (
        FORMAT_FIELD,
        *COMMON_PLAN_FIELDS,
        Field("region", REGION, True),
        NUTS_VERSION,
        Field("themes", List(Line)),
        Field("clusters", Tables(CLUSTER)),
        Field("partnerships", List(Id), False, "Ids of partnerships the region belongs to."),
        Field("priorities", Tables(PRIORITY), False, "The strategy's priorities."),
        Field("actions", Tables(ACTION), False, "What the region will do, with what money."),
        Field("indicators", Tables(INDICATOR), False, "How progress is measured."),
        Field("deliverables", Tables(DELIVERABLE), False, "What is due to the Commission."),
    )
)

MEMBER = Table(
    (
        Field("id", Id, True),
        Field("name", Line, True),
        Field("country", Country, True),
        Field("nuts", List(Nuts)),
        Field("associated", Bool(), False, "A non-EU region: takes part, does not count."),
    )
)

PHASE = Table(
    (
        Field("name", Str(choices=PHASES), True),
        Field("start", Date(), True),
        Field("end", Date(), True),
    )
)

PARTNERSHIP = Table(
    (
        FORMAT_FIELD,
        *COMMON_PLAN_FIELDS,
        Field("id", Id, True, "Short id strategies use to name the partnership."),
        Field("theme", Line, True),
        Field("coordinators", List(Id), True, "Member ids leading the partnership."),
        Field("members", Tables(MEMBER), True),
        Field("phases", Tables(PHASE)),
        NUTS_VERSION,
    )
)

CALL_ENVELOPE = Table(
    (
        Field("id", Id, True),
        Field("title", Line, True),
        Field("cap", Money(), True, "Most a single plan may receive from this envelope."),
        Field("gated", Bool(), False, "Plans name a gate milestone: their step before the "
              "money is released (or, with awarded_by, asked for)."),
        Field("expert_days", Bool(), False, "Experts' logged days are charged here."),
        Field("managed_by", Str(choices=HOLDERS), False, "Who commits and pays this money: "
              "the Commission (e.g. the experts it contracts) or the region."),
        Field("awarded_by", Str(choices=HOLDERS), False, "Opens only on an award "
              "(budget.award), at most the cap, decided by the Commission or the region."),
    )
)

CALL = Table(
    (
        Field("id", Id, True),
        Field("title", Line, True),
        Field("fund", Line, True),
        Field("answered_by", Str(choices=("strategy", "partnership")), True),
        Field("opens", Date()),
        Field("deadline", Date(), False, "Last day to apply."),
        Field("selected", Date(), False, "When the selection was announced."),
        Field("work", PERIOD, False, "Work period, where a source gives one: plans' periods "
              "must lie inside it."),
        Field("eligibility", PERIOD, False, "Eligibility period of costs; default: work."),
        Field("selects", Int(minimum=1), False, "How many regions or partnerships it selects."),
        Field("budget", Money(), False, "Total budget of the call."),
        Field("budget_derived", Bool(), False, "The budget is derived (e.g. selects x caps), "
              "not stated by a source: shown as derived."),
        Field("min_member_states", Int(minimum=1)),
        Field("themes", List(Line)),
        Field("envelopes", Tables(CALL_ENVELOPE), True),
        Field("nuts_version", Str(choices=VERSIONS), False, "NUTS version of the plans "
              "answering it (the one in force during the call), unless they declare one."),
    )
)

CALLS = Table((FORMAT_FIELD, Field("calls", Tables(CALL), True)))

SPECS: Mapping[str, Table] = {"strategy": STRATEGY, "partnership": PARTNERSHIP, "calls": CALLS}


# ---------------------------------------------------------------------------------------
# Validation


@record(frozen=False, slots=False)
class Validator:
    """Walks a parsed document against a spec, collecting findings."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    # The value at a key path as written in the file, for messages that quote it.
    written: Callable[[KeyPath], str | None] | None = None
    # No string of the document can hold a character that keeps it off its line or hides
    # in it (``plain_strings`` of its text): the quick looks need not search each one.
    plain: bool = False
    # The quick looks (``_fast``, ``_compile_shape``); off, every value takes the long way
    # (the tests compare both).
    shortcuts: bool = True

    def add(self, code: str, path: KeyPath, message: str, hint: str | None = None) -> None:
        self.findings.append(
            codes.BY_CODE[code].finding(message, file=self.file, path=path, hint=hint))

    def table(self, spec: Table, value: Any, path: KeyPath) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.wrong_type(spec, value, path)
            return None
        layout = _layout(spec, self.plain, self.shortcuts)
        if layout.shortcuts:
            kept = layout.look(value)
            if kept is not _SLOW:
                return cast("dict[str, Any]", kept)
        known = layout.names
        if not known.issuperset(value):
            for key in value:
                if key not in known:
                    close = difflib.get_close_matches(key, sorted(known), n=1)
                    hint = _("did you mean \"{close}\"?").format(close=close[0]) if close else (
                        _("known keys: ") + ", ".join(sorted(known))
                    )
                    self.add("S003", (*path, key), _("unknown key \"{key}\"").format(key=key),
                             hint)
        clean: dict[str, Any] = {}
        for name, f, quick in layout.visit(value):
            item = value.get(name, _ABSENT)
            if item is _ABSENT:
                if f.required:
                    self.add(
                        "S001", (*path, name), _("missing key \"{name}\"").format(name=name),
                        _("add {name} = ... ({label})").format(name=name, label=_(f.type.label))
                        + (f": {f.doc}" if f.doc else ""),
                    )
                continue
            if quick is not None:
                kept = quick(item)
                if kept is not _SLOW:
                    clean[name] = kept
                    continue
            checked = self.value(f.type, item, (*path, name))
            if checked is not None:
                clean[name] = checked
        return clean

    def value(self, spec: Type, value: Any, path: KeyPath) -> Any:
        leaf = _LEAVES.get(type(spec))
        if leaf is not None:  # the common case first: a string, a date, an amount
            return leaf(self, spec, value, path)
        if isinstance(spec, Table):
            return self.table(spec, value, path)
        if isinstance(spec, Tables):
            if not isinstance(value, list):
                self.wrong_type(spec, value, path)
                return None
            # Items that are not tables stay as None so indices keep matching the file.
            return [self.table(spec.table, item, (*path, i)) for i, item in enumerate(value)]
        if isinstance(spec, List):
            if not isinstance(value, list):
                self.wrong_type(spec, value, path)
                return None
            out = []
            places = []  # each kept item's index in the file: a refused one is not kept
            for i, item in enumerate(value):
                checked = self.value(spec.item, item, (*path, i))
                if checked is not None:
                    out.append(checked)
                    places.append(i)
            if spec.unique:
                seen: set[Any] = set()
                for i, item in zip(places, out, strict=True):
                    if item in seen:
                        self.add("S006", (*path, i), _("\"{item}\" is listed twice").format(
                                                       item=item),
                                 _("remove the repeated entry"))
                    seen.add(item)
            return out
        if isinstance(spec, Str):
            return self.string(spec, value, path)
        if isinstance(spec, Date):
            return self.date(value, path)
        if isinstance(spec, Percent | Number):
            return self.number(spec, value, path)
        if isinstance(spec, Money | Days):
            return self.amount(spec, value, path)
        if isinstance(spec, Int):
            if isinstance(value, bool) or not isinstance(value, int):
                self.wrong_type(spec, value, path)
                return None
            if value < spec.minimum:
                self.add("S002", path, _("expected a whole number of at least {minimum}, got "
                                         "{value}").format(
                                         minimum=spec.minimum, value=value),
                                         _("write a number of {minimum} or more").format(
                                           minimum=spec.minimum))
                return None
            return value
        if isinstance(spec, Bool):
            if not isinstance(value, bool):
                self.wrong_type(spec, value, path)
                return None
            return value
        raise TypeError(spec)  # pragma: no cover - the specs above are the only types

    def string(self, spec: Str, value: Any, path: KeyPath) -> str | None:
        if not isinstance(value, str):
            self.wrong_type(spec, value, path)
            return None
        if spec.nonempty and not value.strip():
            self.add("S002", path, _("expected a non-empty string"),
                     _("write some text between the quotes"))
            return None
        if spec.choices and value not in spec.choices:
            close = difflib.get_close_matches(value, spec.choices, n=1)
            hint = (_("did you mean \"{close}\"? ").format(close=close[0]) if close
                    else "") + _("one of: ") + ", ".join(
                spec.choices
            )
            self.add("S002", path, _("\"{value}\" is not allowed here").format(value=value), hint)
            return None
        # fullmatch: "$" alone would also match before a final newline ("M6\n").
        if spec.pattern and not _pattern(spec.pattern).fullmatch(value):
            code = "S007" if spec.pattern == NUTS_PATTERN else "S002"
            message = (
                _("malformed NUTS code \"{value}\"").format(value=value) if code == "S007"
                else _("\"{value}\" is not {pattern_label}").format(
                       value=value, pattern_label=_(spec.pattern_label))
            )
            hint = (
                _("a NUTS code is a two-letter country code and up to three letters or digits, "
                  "upper case (FRE1, DED2, BE3)") if code == "S007"
                else _("write {label}").format(label=_(spec.pattern_label))
            )
            self.add(code, path, message, hint)
            return None
        if spec.one_line and not is_one_line(value):
            # Kept: the item stays known; this is the one finding about the value.
            self.add("S009", path, f'"{value}" {_not_one_line(value)}',
                     _("write it on one line") + ("" if spec.nonempty else _(", or leave it out"))
                     + _("; a note may span lines"))
        if (spec.nonempty or spec.one_line) and INVISIBLE.search(value):
            self.invisible(value, path)
        return value

    def merge_typos(self) -> None:
        """A required key missing beside an unknown key spelt like it (``titel`` for
        ``title``) is one mistake: one finding, the error, at the misspelt key, saying
        how to correct it (instead of "missing key" and "unknown key")."""
        unknown = {f.path: f for f in self.findings if f.code == "S003" and f.path}
        merged: dict[int, Finding] = {}
        dropped: set[int] = set()
        for n, f in enumerate(self.findings):
            if f.code != "S001" or not f.path:
                continue
            parent, name = f.path[:-1], str(f.path[-1])
            typos = [p for p in unknown if p[:-1] == parent and id(unknown[p]) not in dropped
                     and difflib.get_close_matches(str(p[-1]), [name], n=1, cutoff=0.75)]
            if not typos:
                continue
            typo = typos[0]
            dropped.add(id(unknown[typo]))
            merged[n] = codes.BY_CODE["S001"].finding(
                _("missing key \"{name}\": \"{typo}\" is not a key here, but spelt like it").format(
                  name=name, typo=typo[-1]),
                file=self.file, path=typo, hint=_("rename \"{typo}\" to \"{name}\"").format(
                                                  typo=typo[-1], name=name))
        self.findings = [merged.get(n, f) for n, f in enumerate(self.findings)
                         if id(f) not in dropped]

    def invisible(self, value: str, path: KeyPath) -> None:
        """S008: a name or title holding characters that show nothing (kept, warned of)."""
        import unicodedata

        found = list(dict.fromkeys(INVISIBLE.findall(value)))
        named = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'INVISIBLE CHARACTER')}"
                          for c in found[:3]) + (", ..." if len(found) > 3 else "")
        self.add("S008", path, _("\"{value}\" holds invisible characters ({named})").format(
                                 value=value, named=named),
                 _("delete them: text that looks the same then differs (an id, a name searched "
                   "for), and they can hide words"))

    def date(self, value: Any, path: KeyPath) -> dt.date | None:
        if isinstance(value, dt.datetime):
            self.add("S005", path, _("expected a date without a time, got {value}").format(
                                     value=value.isoformat()),
                     _("write {format_key_path} = {value}").format(
                       format_key_path=format_key_path(path[-1:]), value=value.date().isoformat()))
            return None
        if isinstance(value, dt.date):
            if not FIRST_DATE <= value <= LAST_DATE:
                self.add("S005", path, _("date {value} is outside the years {year}-{year2}").format(
                                         value=value.isoformat(), year=FIRST_DATE.year,
                                         year2=LAST_DATE.year),
                         _("correct the year (a typo?), e.g. 2018-03-31"))
                return None
            return value
        if isinstance(value, str):
            hint = _("write a TOML date without quotes, e.g. 2018-03-31")
            try:
                parsed = dt.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                hint = _("remove the quotes: {parsed}").format(parsed=parsed.isoformat())
            self.add("S005", path, _("malformed date \"{value}\"").format(value=value), hint)
            return None
        self.add("S005", path, _("malformed date: expected a date, got {describe}").format(
                                 describe=describe(value)),
                 _("write a TOML date without quotes, e.g. 2018-03-31"))
        return None

    def amount(self, spec: Money | Days, value: Any, path: KeyPath) -> Decimal | None:
        what = "amount" if isinstance(spec, Money) else _("number of days")
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            hint = _("write a number without quotes, e.g. 24000.00")
            if isinstance(value, str):
                try:
                    Decimal(value.replace(" ", "").replace(",", ""))
                    hint = _("remove the quotes: {value}").format(value=value)
                except ArithmeticError:
                    pass
            self.add("S004", path, _("expected {label}, got {describe}").format(
                                     label=_(spec.label), describe=describe(value)), hint)
            return None
        return self.judged(value, path, what, "amount" if isinstance(spec, Money) else "days")

    def judged(self, value: int | Decimal, path: KeyPath, what: str, measure: Measure
               ) -> Decimal | None:
        """A number by the one rule of ``core.money.judged`` (the command line's too)."""
        try:
            return judged(Decimal(value), measure, exponent=isinstance(value, WithExponent))
        except NumberError as error:
            written = self.written(path) if self.written else None
            self.add("S004", path, f"{what} {error.problem}: {written or value}", error.hint)
            return None

    def number(self, spec: Percent | Number, value: Any, path: KeyPath) -> Decimal | None:
        """A rate or an indicator's value: a number of 0 or more, at most two decimals.
        (Whether a rate is within 100 % is rule T009's judgement, with the action's place.)"""
        what: Measure = "rate" if isinstance(spec, Percent) else "value"
        example = "50" if isinstance(spec, Percent) else "42"
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            hint = _("write a number without quotes, e.g. {example}").format(example=example)
            if isinstance(value, str):
                shown = value.strip().removesuffix("%").strip()
                try:
                    Decimal(shown)
                    hint = _("write it without quotes or %: {shown}").format(shown=shown)
                except ArithmeticError:
                    pass
            self.add("S004", path, _("expected {label}, got {describe}").format(
                                     label=_(spec.label), describe=describe(value)), hint)
            return None
        return self.judged(value, path, what, what)

    def wrong_type(self, spec: Type, value: Any, path: KeyPath) -> None:
        self.add("S002", path, _("expected {label}, got {describe}").format(
                                 label=_(spec.label), describe=describe(value)),
                 _("write {format_key_path} as {label}").format(
                   format_key_path=format_key_path(path) or 'it', label=_(spec.label)))


def _not_one_line(value: str) -> str:
    """What keeps ``value`` off one line, in words."""
    if "\n" in value or "\r" in value:
        return _("spans lines")
    if "\t" in value:
        return _("holds a tab")
    return _("holds a control character")
class _Layout:
    """A table spec as validation reads it, worked out once per spec: its key names, and
    the fields to visit in a table that holds few of them (a journal entry holds five of
    some thirty), in the spec's order so findings come in the same order either way; and
    the quick look at a whole table (``look``)."""

    def __init__(self, spec: Table, plain: bool, shortcuts: bool = True) -> None:
        self.spec = spec
        self.plain = plain
        self.shortcuts = shortcuts
        # Each field as the loop reads it: its name, itself, its quick look (or None).
        self.fields = tuple((f.name, f, _fast(f.type, plain) if shortcuts else None)
                            for f in spec.fields)
        self.names = frozenset(f.name for f in spec.fields)
        self.order = {f.name: n for n, f in enumerate(spec.fields)}
        self.required = tuple(f for f in spec.fields if f.required)
        self.visits: dict[tuple[str, ...], tuple[Visit, ...]] = {}
        # The table the validator keeps when every value is valid as written, every key
        # known and every required key there (no finding); else ``_SLOW``. A table of
        # few fields gets one look compiled for the spec; a table of many (a journal
        # entry: five of some thirty) one per shape, its keys in the file's order (each
        # looks up only the keys it holds). Either is compiled once ``_WARM`` tables
        # came; until then the long way looks. Compiling a look costs 0.1-0.5 ms, what
        # it saves on a hundred tables: a check of one file compiles few (a strategy's
        # 30 milestones do not), a check of many files or of a big journal all it uses.
        self.sparse = len(spec.fields) > _DENSE
        self.look: Callable[[Any], Any] = self.warm
        self.shapes: dict[tuple[str, ...], Callable[[dict[str, Any]], Any]] = {}
        self.count = 0

    def visit(self, value: dict[str, Any]) -> tuple[Visit, ...]:
        if 3 * len(value) >= len(self.fields):
            return self.fields
        keys = tuple(value)
        found = self.visits.get(keys)
        if found is None:  # tables of one journal kind share their keys: worked out once
            order = self.order
            wanted = {order[key] for key in keys if key in order}
            wanted.update(order[f.name] for f in self.required)
            found = self.visits[keys] = tuple(self.fields[n] for n in sorted(wanted))
        return found

    def warm(self, value: Any) -> Any:
        """``look`` until ``_WARM`` tables of the spec came: then the look compiled for
        the spec, or (sparse) the look for each shape, which counts its own tables (a
        count per shape costs a tuple of the keys per table: not paid before)."""
        self.count += 1
        if self.count >= _WARM and self.shortcuts:
            self.look = self.by_shape if self.sparse else _compile_table(self) or _never
        return _SLOW

    def by_shape(self, value: Any) -> Any:
        """``look`` of a sparse spec: the look compiled for ``value``'s shape."""
        if type(value) is not dict:
            return _SLOW
        keys = tuple(value)
        shape = self.shapes.get(keys)
        if shape is None:
            shape = self.find(keys)
        return shape(value)

    def find(self, keys: tuple[str, ...]) -> Callable[[dict[str, Any]], Any]:
        """The quick look at tables of these keys: ``_never`` for a shape that has a
        finding, else one that counts the tables until ``_WARM`` came and then puts the
        compiled look in its place; at most ``_MAX_SHAPES`` per spec (a hostile file may
        hold any number)."""
        if not self.shortcuts or len(self.shapes) >= _MAX_SHAPES:
            return _never
        present = frozenset(keys)
        if not present <= self.names or any(f.name not in present for f in self.required):
            self.shapes[keys] = _never
            return _never
        count = 0

        def warm(value: dict[str, Any]) -> Any:
            nonlocal count
            count += 1
            if count >= _WARM:
                self.shapes[keys] = _compile_shape(self, keys) or _never
            return _SLOW

        self.shapes[keys] = warm
        return warm


Visit = tuple[str, Field, "Callable[[Any], Any] | None"]
_ABSENT: Any = object()
_SLOW: Any = object()  # what a quick look gives when the long way must look
_MAX_SHAPES = 256
_DENSE = 24  # a spec of more fields is sparse (a journal entry: 30)
_WARM = 128


_LAYOUTS: dict[tuple[int, bool, bool], tuple[Table, _Layout]] = {}


def _layout(spec: Table, plain: bool = False, shortcuts: bool = True) -> _Layout:
    key = (id(spec), plain, shortcuts)
    found = _LAYOUTS.get(key)
    if found is None or found[0] is not spec:
        found = _LAYOUTS[key] = (spec, _Layout(spec, plain, shortcuts))
    return found[1]


def _never(value: Any) -> Any:
    return _SLOW


_SCOPE: dict[str, Any] = {"SLOW": _SLOW, "ABSENT": _ABSENT, "Decimal": Decimal,
                          "date": dt.date, "FIRST": FIRST_DATE, "LAST": LAST_DATE}


def _compile_table(layout: _Layout) -> Callable[[Any], Any] | None:
    """One function that looks at a whole table of ``layout``'s spec, each value inline as
    ``_fast`` looks at it: the clean table (the keys it holds, in the spec's order, as the
    long way builds it), or ``_SLOW`` at the first value that is not valid as written, a
    required key missing or a key the spec does not know. None when the spec holds a type
    without a quick look. A call per table instead of a call per value: a strategy has
    some two hundred values."""
    scope = {**_SCOPE, "CENT": _CENT}
    lines = ["def look(value):", "    if type(value) is not dict: return SLOW",
             "    out = {}"]
    for n, f in enumerate(layout.spec.fields):
        look = _inline(f.type, "x", f"c{n}", scope, layout.plain)
        if look is None:
            return None
        lines.append(f"    x = value.get({f.name!r}, ABSENT)")
        if f.required:
            lines.append("    if x is ABSENT: return SLOW")
            lines.extend("    " + line for line in look)
            lines.append(f"    out[{f.name!r}] = x")
        else:
            lines.append("    if x is not ABSENT:")
            lines.extend("        " + line for line in look)
            lines.append(f"        out[{f.name!r}] = x")
    # Every key the table holds that the spec knows is in out: any other is unknown.
    lines.append("    return out if len(out) == len(value) else SLOW")
    return _compiled(lines, scope)


def _compile_shape(layout: _Layout, keys: tuple[str, ...]
                   ) -> Callable[[dict[str, Any]], Any] | None:
    """As ``_compile_table``, for tables of these keys only (a sparse spec's). None when
    the shape always has a finding (a key unknown or a required one missing) or holds a
    type without a quick look."""
    present = frozenset(keys)
    if not present <= layout.names or any(f.name not in present for f in layout.required):
        return None
    scope = {**_SCOPE, "CENT": _CENT}
    lines = ["def look(value):"]
    kept = []
    for n, f in enumerate(layout.spec.fields):
        if f.name not in present:
            continue
        look = _inline(f.type, f"x{n}", f"c{n}", scope, layout.plain)
        if look is None:
            return None
        lines.append(f"    x{n} = value[{f.name!r}]")
        lines.extend("    " + line for line in look)
        kept.append(f"{f.name!r}: x{n}")
    lines.append(f"    return {{{', '.join(kept)}}}")
    return _compiled(lines, scope)


def _compiled(lines: list[str], scope: dict[str, Any]) -> Callable[[Any], Any]:
    namespace: dict[str, Any] = {}
    exec("\n".join(lines) + "\n", scope, namespace)  # noqa: S102 - our own text
    look: Callable[[Any], Any] = namespace["look"]
    return look


_CENT = Decimal("0.01")
_MAX_VALID = 4096
_VALID: dict[tuple[int, bool], tuple[Str, set[str]]] = {}


def _valid_texts(spec: Str, plain: bool) -> set[str]:
    """Texts found valid for ``spec`` by its quick look (at most ``_MAX_VALID``)."""
    key = (id(spec), plain)
    found = _VALID.get(key)
    if found is None or found[0] is not spec:
        found = _VALID[key] = (spec, set())
    return found[1]


def _inline(spec: Type, x: str, tag: str, scope: dict[str, Any], plain: bool
            ) -> list[str] | None:
    """Lines that keep in ``x`` what ``_fast(spec, plain)`` keeps of it, or return SLOW
    where it gives ``_SLOW`` (constants go in ``scope`` under names starting ``tag``)."""
    kind = type(spec)
    if isinstance(spec, Str) and kind is Str:
        slow = []
        if spec.nonempty:
            slow.append(f"not {x}.strip()")
        if spec.choices:
            scope[f"{tag}_choices"] = frozenset(spec.choices)
            slow.append(f"{x} not in {tag}_choices")
        if spec.pattern:
            scope[f"{tag}_match"] = _pattern(spec.pattern).fullmatch
            slow.append(f"not {tag}_match({x})")
        suspect = _suspect(spec, plain)
        if suspect is not None:
            scope[f"{tag}_suspect"] = suspect
            slow.append(f"{tag}_suspect({x})")
        if not spec.pattern:
            return [f"if {' or '.join([f'type({x}) is not str', *slow])}: return SLOW"]
        # Ids and codes come back (a milestone's id in the journal, in depends_on): those
        # already found valid are remembered rather than matched again.
        scope[f"{tag}_valid"] = _valid_texts(spec, plain)
        return [f"if type({x}) is not str: return SLOW",
                f"if {x} not in {tag}_valid:",
                f"    if {' or '.join(slow)}: return SLOW",
                f"    if len({tag}_valid) < {_MAX_VALID}: {tag}_valid.add({x})"]
    if kind is Date:
        return [f"if type({x}) is not date or not FIRST <= {x} <= LAST: return SLOW"]
    if kind in (Money, Days, Percent, Number):
        # As ``_fast``'s ``amount``: a sign (-0 too) is refused, an exponent of -2 (an
        # amount to the cent) seen without building the digits' tuple.
        scope[f"{tag}_limit"] = MAX_DAYS if kind is Days else MAX_AMOUNT
        return [f"if type({x}) is int:",
                f"    if not 0 <= {x} <= {tag}_limit: return SLOW",
                f"    {x} = Decimal({x})",
                f"elif type({x}) is not Decimal or not {x}.is_finite() or {x}.is_signed() "
                f"or {x} > {tag}_limit or not ({x}.same_quantum(CENT) "
                f"or {x}.as_tuple().exponent >= -2): return SLOW"]
    if isinstance(spec, Int) and kind is Int:
        scope[f"{tag}_minimum"] = spec.minimum
        return [f"if type({x}) is not int or {x} < {tag}_minimum: return SLOW"]
    if kind is Bool:
        return [f"if type({x}) is not bool: return SLOW"]
    if isinstance(spec, List) and kind is List:
        each = _inline(spec.item, f"{tag}_i", f"{tag}_i", scope, plain)
        if each is None:
            return None
        return [f"if type({x}) is not list: return SLOW",
                f"{tag}_out = []",
                f"for {tag}_i in {x}:",
                *("    " + line for line in each),
                f"    {tag}_out.append({tag}_i)",
                *([f"if len(set({tag}_out)) != len({tag}_out): return SLOW"] if spec.unique
                  else []),
                f"{x} = {tag}_out"]
    if isinstance(spec, Table) and kind is Table:
        scope[tag] = _layout(spec, plain)
        return [f"{x} = {tag}.look({x})", f"if {x} is SLOW: return SLOW"]
    if isinstance(spec, Tables) and kind is Tables:
        scope[tag] = _layout(spec.table, plain)
        # Ended by the first item that is slow.
        return [f"if type({x}) is not list: return SLOW",
                f"{tag}_look = {tag}.look",
                f"{tag}_out = []",
                f"for {tag}_i in {x}:",
                f"    {tag}_i = {tag}_look({tag}_i)",
                f"    if {tag}_i is SLOW: return SLOW",
                f"    {tag}_out.append({tag}_i)",
                f"{x} = {tag}_out"]
    return None


@functools.cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)




# What ``plain_strings`` deletes of a text before looking at the rest: printable ASCII
# but the backslash, the quotes and what stands between two strings (``=``, ``,``), at C
# speed; line ends stay too. What is left is short: the text's other characters, whole
# (UTF-8 sequences are never split: only ASCII bytes go), and its quotes, which meet as
# three only where the text has three in a row or two strings with nothing but spaces,
# letters or brackets between (a comment quoting two words, say).
_ORDINARY_BYTES = bytes(b for b in range(0x20, 0x7F) if b not in b"\\\"'=,")
_BETWEEN_STRINGS = b"\"'=,\n"
_NOT_PLAIN = re.compile(f"{OFF_LINE_OR_HIDDEN.pattern}|\\\\")
_BOM = "\ufeff".encode()


def plain_strings(text: str, data: bytes | None = None) -> bool:
    """Whether no string value of this TOML text can hold a newline, a tab, a control,
    bidi or invisible character: true when the text has no escape (no backslash at all),
    no multi-line string, and none of those characters anywhere, since every string is
    then a piece of one line of it. Most files are so; their strings skip the search each
    would otherwise get (``OFF_LINE_OR_HIDDEN``). ``data``: the bytes ``text`` was
    decoded from (``source.decode``), when at hand: not encoded again."""
    data = text.encode("utf-8", "surrogatepass") if data is None else data.removeprefix(_BOM)
    kept = data.translate(None, _ORDINARY_BYTES)
    if b'"""' in kept or b"'''" in kept:
        return False
    rest = kept.translate(None, _BETWEEN_STRINGS)
    return not rest or _NOT_PLAIN.search(rest.decode("utf-8", "surrogatepass")) is None


def _suspect(spec: Str, plain: bool) -> Callable[[str], Any] | None:
    """The search a quick look makes in a text of ``spec``. One-line text: off its line
    (S009) or hiding a character; other watched text: hiding a character. Either way the
    validator looks again and says what. None when nothing need be searched."""
    return (None if plain else OFF_LINE_OR_HIDDEN.search if spec.one_line
            else INVISIBLE.search if spec.nonempty else None)


def _fast(spec: Type, plain: bool = False) -> Callable[[Any], Any] | None:
    """A quick look at a value of ``spec`` (a string, a date, an amount, a number): the
    value ``Validator.value`` keeps, when it is valid as written, else ``_SLOW`` and the
    validator looks again and says what is wrong. Most values of a file are valid; this
    keeps them from paying for the messages they never need (a 20,000-entry journal holds
    some 100,000 values). ``plain``: the document's strings are ``plain_strings``, so
    their characters need no search."""
    kind = type(spec)
    if isinstance(spec, Str) and kind is Str:
        nonempty = spec.nonempty
        choices = frozenset(spec.choices) if spec.choices else None
        pattern = _pattern(spec.pattern) if spec.pattern else None
        suspect = _suspect(spec, plain)

        def text(value: Any) -> Any:
            if type(value) is not str or (nonempty and not value.strip()):
                return _SLOW
            if choices is not None and value not in choices:
                return _SLOW
            if pattern is not None and not pattern.fullmatch(value):
                return _SLOW
            if suspect is not None and suspect(value):
                return _SLOW
            return value

        return text
    if kind is Date:
        return lambda value: (value if type(value) is dt.date and FIRST_DATE <= value <= LAST_DATE
                              else _SLOW)
    if kind in (Money, Days, Percent, Number):
        limit = MAX_DAYS if kind is Days else MAX_AMOUNT

        def amount(value: Any) -> Any:
            if type(value) is int:
                return Decimal(value) if 0 <= value <= limit else _SLOW
            if type(value) is not Decimal or not value.is_finite() or value.is_signed() \
                    or value > limit:  # a sign is refused, -0 too
                return _SLOW
            if value.same_quantum(_CENT):
                return value
            exponent = value.as_tuple().exponent
            return value if isinstance(exponent, int) and exponent >= -2 else _SLOW

        return amount
    if isinstance(spec, Int) and kind is Int:
        minimum = spec.minimum
        return lambda value: value if type(value) is int and value >= minimum else _SLOW
    if kind is Bool:
        return lambda value: value if type(value) is bool else _SLOW
    if isinstance(spec, List) and kind is List:
        each = _fast(spec.item, plain)
        unique = spec.unique
        if each is None:
            return None

        def items(value: Any) -> Any:
            if type(value) is not list:
                return _SLOW
            out = [each(item) for item in value]
            if _SLOW in out or (unique and len(set(out)) != len(out)):
                return _SLOW
            return out

        return items
    if isinstance(spec, Table) and kind is Table:
        table = _layout(spec, plain)
        return lambda value: table.look(value)  # noqa: PLW0108 - look as it is now
    if isinstance(spec, Tables) and kind is Tables:
        layout = _layout(spec.table, plain)

        def tables(value: Any) -> Any:
            # The items' look: a list of a thousand entries in a file's top level, which
            # is met once and so looked at the long way, is not walked item by item.
            if type(value) is not list:
                return _SLOW
            look = layout.look
            out = []
            for item in value:
                kept = look(item)
                if kept is _SLOW:
                    return _SLOW
                out.append(kept)
            return out

        return tables
    return None


_LEAVES: dict[type, Callable[[Validator, Any, Any, KeyPath], Any]] = {
    Str: lambda v, spec, value, path: v.string(spec, value, path),
    Date: lambda v, spec, value, path: v.date(value, path),
    Money: lambda v, spec, value, path: v.amount(spec, value, path),
    Days: lambda v, spec, value, path: v.amount(spec, value, path),
    Percent: lambda v, spec, value, path: v.number(spec, value, path),
    Number: lambda v, spec, value, path: v.number(spec, value, path),
}


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return _("the string \"{shown}\"").format(shown=shown)
    if isinstance(value, dt.datetime):
        return _("a date-time")
    if isinstance(value, dt.date | dt.time):
        return _("a {type}").format(type=type(value).__name__)
    if isinstance(value, int | Decimal):
        return _("the number {value}").format(value=value)
    return type(value).__name__


def check_journal_shape(
    entries: list[dict[str, Any] | None], written: Any, v: Validator, base: KeyPath
) -> None:
    """Per-kind required and allowed fields of journal entries. A field the file writes
    but whose value was wrong (reported as such) is not also "missing": ``written`` is the
    journal as parsed, before validation."""
    rows = written if isinstance(written, list) else []
    kinds = _KIND_KEYS
    for i, entry in enumerate(entries):
        if entry is None or "kind" not in entry:
            continue
        found = kinds.get(entry["kind"])
        if found is None:
            kind = JOURNAL_KINDS[entry["kind"]]
            found = kinds[kind.name] = (frozenset(kind.required), kind.allowed)
        required, allowed = found
        raw = rows[i] if i < len(rows) else entry
        present = raw if isinstance(raw, dict) else entry
        # Most entries hold what their kind needs and nothing else: two set comparisons.
        if present.keys() >= required and entry.keys() <= allowed:
            continue
        kind = JOURNAL_KINDS[entry["kind"]]
        for name in kind.required:
            if name not in present:
                v.add("S001", (*base, i, name), _("missing key \"{name}\" in {an} entry").format(
                                                  name=name, an=an(kind.name)),
                                                  _("add {name} = ...").format(name=name))
        for name in entry:
            if name not in allowed:
                v.add("S003", (*base, i, name),
                      _("key \"{name}\" does not belong in {an} entry").format(
                        name=name, an=an(kind.name)),
                      _("remove it; keys of this kind: ") + ", ".join(sorted(kind.allowed)))


# Per journal kind: the fields an entry needs, and those it may hold.
_KIND_KEYS: dict[str, tuple[frozenset[str], frozenset[str]]] = {}


def an(word: str) -> str:
    """``a budget.commit``, ``an expert.log``."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word
