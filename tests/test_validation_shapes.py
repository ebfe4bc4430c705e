"""Reading a file the quick way gives what the long way gives, value for value.

The quick ways: validation compiles one look per table spec (``schema._compile_table``)
or, for a spec of many fields (a journal entry), per table shape (``_compile_shape``),
and remembers ids found valid; the model is built with one lookup per journal entry's
shape; the ids left out (``loader._incomplete_ids``) are not searched for when validation
reported nothing. Each is held here to the long way (``Validator(shortcuts=False)``, the
whole search) on documents drawn by Hypothesis: the benchmark generator's strategies, a
scaffold as ``transition init`` writes it, the examples and the calls catalogue, each
with values made wrong, keys deleted, misspelt, added and reordered.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from test_validation_speed import SPECS, VALUES
from transition_cli.core.model import JournalEntry
from transition_cli.core.spec import Field, Id, Table
from transition_cli.core.text import OFF_LINE_OR_HIDDEN
from transition_cli.files import loader, schema, source
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import load_bytes
from transition_cli.files.scaffold import strategy_draft, strategy_text
from transition_cli.files.toml_parser import WithExponent
from transition_cli.ledger.kinds import JOURNAL_KINDS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parents[1]


@cache
def seeds() -> tuple[str, ...]:
    """Whole files of every kind, valid as they stand."""
    call = load_catalogue(None).get("itr-2017")
    assert call is not None
    draft, _ = strategy_draft(call, "FRE1")
    return (
        strategy_text(draft),
        (ROOT / "examples" / "hauts-de-france.toml").read_text(encoding="utf-8"),
        *(p.read_text(encoding="utf-8")
          for p in sorted((ROOT / "examples" / "partnerships").glob("*.toml"))[:2]),
        (ROOT / "src" / "transition_cli" / "data" / "calls.toml").read_text(encoding="utf-8"),
    )


WRONG: tuple[Any, ...] = (
    "", "   ", "M999", "lead ", "M1\n", "FRE1\n", "fre1", "a\u200bb", "x\u202ey", "a\tb",
    "a\x07b", "31/03/2018", "firm", "output", "regional", 0, 1, -1, 3, True, False,
    Decimal("0.001"), Decimal("1.000"), Decimal("2.500"), Decimal("-0"), Decimal("-0.00"),
    Decimal("-5.00"), Decimal("12.5"), Decimal("1E+2"), Decimal("NaN"), Decimal("Infinity"),
    WithExponent("2E+5"), WithExponent("12000.50"), Decimal("1000000000000.01"),
    Decimal("100000.00"), 100001, dt.date(1899, 12, 31), dt.date(2200, 1, 1),
    dt.date(2018, 3, 31), dt.datetime(2018, 3, 1, 12, 0), dt.time(8, 30), [], ["M1", "M1"],
    ["M1", "M2"], ["FRE1", 3], [Decimal("1.5")], {}, {"x": 1}, [{"id": "M1"}],
    {"start": dt.date(2018, 1, 1), "end": dt.date(2019, 1, 1)},
    {"value": 0, "date": dt.date(2018, 1, 1)}, [{"name": "A", "kind": "firm"}],
)


def _paths(doc: Any, base: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = []
    for key, value in (doc.items() if isinstance(doc, dict) else enumerate(doc)):
        out.append((*base, key))
        if isinstance(value, dict | list):
            out.extend(_paths(value, (*base, key)))
    return out


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


def _like(value: Any) -> tuple[Any, ...]:
    """Wrong values of the same type as ``value``: the edges a quick look could miss."""
    return tuple(w for w in WRONG if type(w) is type(value)
                 or (isinstance(w, Decimal) and isinstance(value, int | Decimal))) or WRONG


def mutate(doc: dict[str, Any], rng: random.Random) -> None:
    """One change: a value made wrong (often one of its own type), a key deleted,
    misspelt, added, or a table's keys put in another order (a new shape)."""
    path = rng.choice(_paths(doc))
    parent, key = _parent(doc, path), path[-1]
    choice = rng.randrange(6)
    if choice == 5:
        parent[key] = rng.choice(_like(parent[key]))
    elif choice == 0:
        parent[key] = rng.choice(WRONG)
    elif choice == 1:
        del parent[key]
    elif choice == 2 and isinstance(parent, dict):
        parent[f"{key}"[:-1] + "x" if len(f"{key}") > 3 else "extra"] = parent.pop(key)
    elif choice == 3 and isinstance(parent, dict):
        parent[rng.choice(("note", "titel", "kind", "ref", "depends_on", "zzz"))] = (
            rng.choice(WRONG))
    elif isinstance(parent[key], dict):
        items = list(parent[key].items())
        rng.shuffle(items)
        parent[key] = dict(items)


@st.composite
def documents(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        text = generate.strategy(draw(st.integers(0, 10**6)), draw(st.integers(1, 6)),
                                 draw(st.integers(0, 40)))
    else:
        text = draw(st.sampled_from(seeds()))
    doc = source.parse(text)
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(0, 12))):
        if _paths(doc):
            mutate(doc, rng)
    return tomli_w.dumps(doc)


EDGES: tuple[Any, ...] = (
    *WRONG, "M1", "lead", "FR", "FRE1", "x y", "university", [], ["M1"], ["M1", "M1"],
    ["M1", "M2", "M1"], ["FRE1", "FRE1"], [dt.date(2018, 1, 1)] * 2, [1, 1], [1, Decimal(1)],
    [Decimal("1.50"), Decimal("1.5")], 10**12, 10**12 + 1, 100_000, 100_001, 2**70,
    Decimal("100000"), Decimal("100000.01"), Decimal("1000000000000"), None,
    dt.date(1900, 1, 1), dt.date(2199, 12, 31))


def test_every_compiled_look_against_every_edge() -> None:
    """Each type's inline look against the long way on each edge value, every pair."""
    for spec in SPECS:
        for value in EDGES:
            for plain in (False, True):
                _compare_one(spec, value, plain)


@given(spec=st.sampled_from(SPECS), value=VALUES, plain=st.booleans())
def test_a_compiled_look_at_a_value_keeps_what_the_validator_keeps(
    spec: Any, value: Any, plain: bool,
) -> None:
    """Each type's inline look (``schema._inline``) in a table of one field, against the
    validator's long way."""
    _compare_one(spec, value, plain)


def _compare_one(spec: Any, value: Any, plain: bool) -> None:
    if plain and ((isinstance(value, str) and OFF_LINE_OR_HIDDEN.search(value))
                  or (isinstance(value, list) and any(
                      isinstance(v, str) and OFF_LINE_OR_HIDDEN.search(v) for v in value))):
        plain = False  # a plain text holds no such string (test_check_shortcuts.py)
    # The value in a table of one field, required or not, beside a required field, as
    # the look compiled for the spec and the one compiled for the table's shape see it.
    for required in (True, False):
        table = Table((Field("key", spec, required), Field("id", Id, True)))
        layout = schema._layout(table, plain)
        assert schema._compile_table(layout) is not None
        for table_value in ({"key": value, "id": "a"}, {"id": "a"}, {"key": value},
                            {"key": value, "id": "a", "other": 1}):
            for look in (schema._compile_table(layout),
                         schema._compile_shape(layout, tuple(table_value))):
                if look is None:  # a shape with a finding: never compiled
                    continue
                kept = look(table_value)
                validator = schema.Validator("x.toml", shortcuts=False)
                slow = validator.table(table, table_value, ())
                if kept is schema._SLOW:
                    assert validator.findings or exact(slow) != exact(table_value)
                    continue
                assert validator.findings == []
                assert exact(kept) == exact(slow)


@contextmanager
def compiled_at_once() -> Iterator[None]:
    """Looks compiled from the first table on (``schema._WARM`` tables otherwise)."""
    saved, schema._WARM = schema._WARM, 1
    try:
        yield
    finally:
        schema._WARM = saved


def exact(value: Any) -> Any:
    """A value with every type and digit showing: ``1.00`` is not ``1.0`` nor ``1``, a
    dict's order counts."""
    if isinstance(value, dict):
        return ("dict", [(k, exact(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [exact(v) for v in value])
    return (type(value).__name__, repr(value), str(value))


def validate(raw: dict[str, Any], kind: str, *, shortcuts: bool, plain: bool,
             text: str | None = None) -> tuple[Any, list[Any]]:
    """What ``load_bytes`` does with a parsed document; with the text, messages quote
    values as written (``nan``)."""
    written = loader.Document("x.toml", text=text).written if text is not None else None
    validator = schema.Validator("x.toml", plain=plain, shortcuts=shortcuts, written=written)
    clean = validator.table(schema.SPECS[kind], raw, ())
    assert clean is not None
    if kind != "calls":
        schema.check_journal_shape(clean.get("journal", []), raw.get("journal"), validator,
                                   ("journal",))
    validator.merge_typos()
    return clean, validator.findings


def _kind(raw: dict[str, Any]) -> str | None:
    value = raw.get("transition")
    kind = value.split("/")[0] if isinstance(value, str) else None
    return kind if kind in schema.SPECS and value == f"{kind}/1" else None


@given(documents())
def test_validating_the_quick_way_keeps_and_reports_what_the_long_way_does(text: str) -> None:
    raw = source.parse(text)
    kind = _kind(raw)
    if kind is None:
        return
    clean, findings = validate(raw, kind, shortcuts=False, plain=False)
    plain = schema.plain_strings(text)
    # Twice: the first time some looks are compiled, the second they look.
    for _ in range(2):
        with compiled_at_once():
            quick, quick_findings = validate(raw, kind, shortcuts=True, plain=plain)
        assert quick_findings == findings
        assert exact(quick) == exact(clean)


@given(documents())
def test_loading_the_quick_way_builds_the_model_the_long_way_does(text: str) -> None:
    raw = source.parse(text)
    kind = _kind(raw)
    if kind is None:
        return
    clean, findings = validate(raw, kind, shortcuts=False, plain=False, text=text)
    plan = loader.build(kind, clean)  # type: ignore[arg-type]
    incomplete = loader._incomplete_ids(raw, plan)
    if not findings:
        assert loader._incomplete_ids(raw, plan, whole=True) == incomplete
    for _ in range(2):
        with compiled_at_once():
            doc = load_bytes(text.encode("utf-8"), "x.toml")
        assert doc.findings == findings
        assert repr(doc.plan) == repr(plan)
        assert doc.plan == plan
        assert doc.incomplete_ids == incomplete
        if kind != "calls":
            assert [exact(e.values) for e in doc.plan.journal] == [  # type: ignore[union-attr]
                exact(e.values) for e in plan.journal]  # type: ignore[union-attr]


def test_a_shape_compiled_still_sends_a_wrong_value_the_long_way() -> None:
    """Many milestones of one shape (compiled after the first), one of them wrong: the
    finding is the long way's, at that milestone, and the others are kept as written."""
    milestones = "".join(
        f'[[milestones]]\nid = "M{n}"\ntitle = "Step {n}"\ndue = 2018-0{n}-01\n\n'
        for n in range(1, 8))
    text = (seeds()[0].split("[[milestones]]")[0]
            + milestones.replace('due = 2018-05-01', 'due = "2018-05-01"'))
    with compiled_at_once():
        doc = load_bytes(text.encode("utf-8"), "x.toml")
    assert [(f.code, f.path, f.message) for f in doc.findings if f.code.startswith("S")] == [
        ("S005", ("milestones", 4, "due"), 'malformed date "2018-05-01"')]
    assert [m.id for m in doc.plan.milestones] == ["M1", "M2", "M3", "M4", "M6", "M7"]  # type: ignore[union-attr]


def test_a_shape_keeps_the_specs_order_whatever_the_files() -> None:
    """The clean table lists its keys in the spec's order, as the long way does, however
    the file orders them: the journal entry's values and messages follow it."""
    entry = {"ref": "R1", "amount": Decimal("10.00"), "kind": "budget.commit",
             "envelope": "expertise", "date": dt.date(2018, 2, 1)}
    layout = schema._layout(schema.JOURNAL_ENTRY)
    for _ in range(2 * schema._WARM + 1):  # the spec, then the shape warm: compiled
        quick = layout.look(entry)
    assert quick is not schema._SLOW
    assert list(quick) == ["date", "kind", "envelope", "amount", "ref"]
    assert exact(quick) == exact(schema.Validator("x", shortcuts=False).table(
        schema.JOURNAL_ENTRY, entry, ()))


def test_a_table_of_unknown_or_missing_keys_never_gets_a_quick_look() -> None:
    layout = schema._layout(schema.PERIOD)
    assert schema._compile_shape(layout, ("start", "end")) is not None
    assert schema._compile_shape(layout, ("start",)) is None  # end is required
    assert schema._compile_shape(layout, ("start", "end", "middle")) is None


def _journal_the_long_way(clean: dict[str, Any]) -> tuple[Any, ...]:
    """``loader._journal`` as it was, looking at every entry's keys and values."""
    entries = []
    for index, raw in enumerate(clean.get("journal") or []):
        if raw is None or "kind" not in raw or "date" not in raw:
            continue
        kind = JOURNAL_KINDS[raw["kind"]]
        if not raw.keys() >= frozenset(kind.required):
            continue
        values = {key: tuple(value) if isinstance(value, list) else value
                  for key, value in raw.items() if key in frozenset(kind.fields)}
        entries.append(JournalEntry(index, kind.name, raw["date"], raw.get("by", ""),
                                    raw.get("note", ""), values))
    return tuple(entries)


EXAMPLE = {"date": dt.date(2018, 3, 1), "by": "A. Officer", "milestone": "M1",
           "expert": "lead", "envelope": "expertise", "cluster": "c1",
           "amount": Decimal("10.00"), "days": Decimal("1.5"), "ref": "R1", "decision": "D1",
           "due": dt.date(2018, 6, 30), "start": dt.date(2018, 2, 1), "reason": "why",
           "note": "a note\non two lines", "title": "A step", "owner": "lead",
           "depends_on": ["M1", "M2"], "deliverable": "A report", "name": "Someone",
           "role": "", "organisation": "Org", "day_rate": 800, "planned_days": 10,
           "theme": "t", "member_kind": "firm", "indicator": "I1", "value": 3,
           "deliverable_id": "D1", "voids": 1}


@st.composite
def journals(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Entries of every kind with every field its kind takes, some left out, some of
    another kind's, some wrong, some keys in another order."""
    out = []
    for _ in range(draw(st.integers(1, 12))):
        kind = JOURNAL_KINDS[draw(st.sampled_from(sorted(JOURNAL_KINDS)))]
        names = ["date", "kind", *kind.fields,
                 *draw(st.lists(st.sampled_from(sorted(EXAMPLE)), max_size=2))]
        names = draw(st.permutations(names))
        dropped = draw(st.sets(st.sampled_from(names), max_size=2))
        wrong = draw(st.sets(st.sampled_from(names), max_size=1))  # reported, then left out
        out.append({name: (draw(st.sampled_from(WRONG)) if name in wrong
                           else kind.name if name == "kind" else EXAMPLE[name])
                    for name in names if name not in dropped})
    return out


@given(journals())
def test_journal_entries_built_by_shape_are_those_built_one_by_one(
    journal: list[dict[str, Any]],
) -> None:
    raw = {**source.parse(seeds()[0]), "journal": journal}
    for _ in range(2):
        with compiled_at_once():
            clean, findings = validate(raw, "strategy", shortcuts=True, plain=False)
        long_clean, long_findings = validate(raw, "strategy", shortcuts=False, plain=False)
        assert findings == long_findings
        assert exact(clean) == exact(long_clean)
        expected = _journal_the_long_way(clean)
        # Made by the loop (a shape not yet met often), then by the compiled function.
        for built in (loader._journal(clean), _compiled(loader._journal, clean)):
            assert repr(built) == repr(expected)
            assert [exact(e.values) for e in built] == [exact(e.values) for e in expected]


def _compiled(function: Any, *args: Any) -> Any:
    with compiled_at_once():
        function(*args)  # compiles what it meets
        return function(*args)


def test_actions_sharing_an_id_still_say_whose_funding_is_short() -> None:
    """Validation reports nothing, yet the second A1's funding (one line) is not the
    first A1's (two lines): the whole-file shortcut still looks, as the long way does."""
    text = seeds()[0] + """
[[actions]]
id = "A1"
title = "Action 1 again"
priority = "P1"
lead = "Lead"
start = 2019-01-01
end = 2019-12-31
total_cost = 100.00
eligible_cost = 100.00
funding = [{ source = "regional", amount = 100.00 }]
"""
    doc = load_bytes(text.encode("utf-8"), "x.toml")
    assert not [f for f in doc.findings if f.code.startswith("S")]
    assert doc.incomplete_ids == {"funding": {"A1"}}
    assert doc.raw is not None and doc.plan is not None
    assert doc.incomplete_ids == loader._incomplete_ids(doc.raw, doc.plan)


_OLD_ORDINARY = bytes(b for b in range(0x20, 0x7F) if b != ord("\\")) + b"\n"


def _plain_strings_as_it_was(text: str) -> bool:
    if '"""' in text or "'''" in text:
        return False
    rest = text.encode("utf-8", "surrogatepass").translate(None, _OLD_ORDINARY)
    return not rest or schema._NOT_PLAIN.search(rest.decode("utf-8", "surrogatepass")) is None


LINES = ('a = "x"', "b = 'y'", 'c = ["p", "q"]', "d = { e = 'f', g = \"h\" }", '"k" = ""',
         "# it's the region's call's", '# say "a" "b"', 'x = """m"""', "y = '''n'''",
         's = "\u00e9\u20ac"', 't = "a\\tb"', 'u = "\u200b"', "w = 'C:\\d'", "", "z = 1.5",
         'v = "\u202e"', "m = '''\nx\n'''", 'n = "a\tb"', "o = 'x'\r")


@given(st.lists(st.sampled_from(LINES) | st.text(max_size=6), max_size=8), st.booleans())
def test_plain_strings_from_the_bytes_as_from_the_text(lines: list[str], bom: bool) -> None:
    """The bytes a text was decoded from give the same answer as the text; and a text
    found plain was plain by the search as it was (which looked for three quotes in the
    text itself): the skeleton only ever says "not plain" more often."""
    text = "\n".join(lines) + "\n"
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8", "surrogatepass")
    assert schema.plain_strings(text, data) is schema.plain_strings(text)
    if schema.plain_strings(text):
        assert _plain_strings_as_it_was(text)


def _journal_shape_as_it_was(entries: list[Any], written: Any, v: schema.Validator) -> None:
    """``schema.check_journal_shape`` as it was: every entry's keys looked at one by one."""
    for i, entry in enumerate(entries):
        if entry is None or "kind" not in entry:
            continue
        kind = JOURNAL_KINDS[entry["kind"]]
        raw = written[i] if isinstance(written, list) and i < len(written) else entry
        present = raw if isinstance(raw, dict) else entry
        for name in kind.required:
            if name not in present:
                v.add("S001", ("journal", i, name),
                      f'missing key "{name}" in {schema.an(kind.name)} entry',
                      f"add {name} = ...")
        for name in entry:
            if name not in kind.allowed:
                v.add("S003", ("journal", i, name),
                      f'key "{name}" does not belong in {schema.an(kind.name)} entry',
                      "remove it; keys of this kind: " + ", ".join(sorted(kind.allowed)))


@given(journals())
def test_journal_shapes_checked_by_two_set_comparisons_as_one_by_one(
    journal: list[dict[str, Any]],
) -> None:
    raw = {**source.parse(seeds()[0]), "journal": journal}
    validator = schema.Validator("x.toml", shortcuts=False)
    clean = validator.table(schema.STRATEGY, raw, ())
    assert clean is not None
    quick, long = schema.Validator("x.toml"), schema.Validator("x.toml")
    schema.check_journal_shape(clean.get("journal", []), journal, quick, ("journal",))
    _journal_shape_as_it_was(clean.get("journal", []), journal, long)
    assert quick.findings == long.findings
