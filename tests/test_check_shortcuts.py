"""The shortcuts that make checking a folder fast give the same answers as the long way.

* a text whose strings are ``plain_strings`` has no string a quick look would have to
  search (no line break, tab, control, bidi or invisible character), and validating it
  without the search finds and keeps what validating with it does;
* a plan without journal entries skips the journal's rules, which find nothing in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import example, given
from hypothesis import strategies as st

from test_fuzz import broken_documents, valid_documents
from transition_cli.core.model import Partnership, Strategy
from transition_cli.core.text import _SHOWN, OFF_LINE_OR_HIDDEN, _visible, inert
from transition_cli.files import schema
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import Document, load_bytes
from transition_cli.files.toml_parser import ParseError, parse
from transition_cli.rules import registry
from transition_cli.rules.base import Context, raw_indices
from transition_cli.rules.journal import JOURNAL_RULES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").rglob("*.toml"))
CATALOGUE = load_catalogue(None)
AS_OF = dt.date(2019, 12, 31)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


TEXT = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["a\u200bb", "x\u202ey", "\u00ad", "\ufeff", "a\tb", "a\nb", "a\rb", "\x7f", "\x85",
     "\U000e0041", "é à ç", "back\\slash", "'''", '"""', "quote\"d"])


@given(st.dictionaries(st.sampled_from(["a", "b", "c.d", "e"]),
                       TEXT | st.lists(TEXT, max_size=3), max_size=4),
       st.booleans())
@example({"a": "plain text, é and €"}, False)
@example({"a": "hidden\u200bspace"}, False)
@example({"a": "line\nbreak"}, True)
def test_a_text_of_plain_strings_holds_no_string_to_search(
    document: dict[str, Any], literal: bool,
) -> None:
    """Written by tomli-w (escapes where it must) or by hand as literal strings: when
    ``plain_strings`` says so, no string parsed from the text holds what the quick looks
    search for; and every string with such a character makes the text not plain."""
    if literal and all("'" not in s and "\n" not in s and "\r" not in s
                       for s in _strings(document)):
        text = "".join(f"k{i} = '{s}'\n" for i, s in enumerate(_strings(document)))
    else:
        text = tomli_w.dumps(document)
    try:
        strings = _strings(parse(text))
    except ParseError:
        return  # a control character no literal string may hold: nothing is read
    suspect = [s for s in strings if OFF_LINE_OR_HIDDEN.search(s)]
    if schema.plain_strings(text):
        assert suspect == []
    if suspect:
        assert not schema.plain_strings(text)


@pytest.mark.parametrize(("text", "plain"), [
    ('a = "x"\n', True),
    ('a = "é, €, \u2018quoted\u2019"\n', True),
    ('a = "x\\ty"\n', False),  # an escape may make any character: not looked into
    ("a = 'C:\\dir'\n", False),  # a backslash, even where it is no escape
    ('a = """x"""\n', False),  # a multi-line string may span lines
    ("a = '''x'''\n", False),
    ('a = "x\ty"\n', False),  # a tab, written as such
    ('a = "zero\u200bwidth"\n', False),
    ('a = "x"  # \u202e in a comment\n', False),  # anywhere in the text: not looked into
    ('a = "x"\r\n', False),
])
def test_plain_strings_says_so_only_of_texts_without_escapes_or_hidden_characters(
    text: str, plain: bool,
) -> None:
    assert schema.plain_strings(text) is plain


def _validate(raw: dict[str, Any], plain: bool) -> tuple[Any, list[Any]]:
    validator = schema.Validator("x.toml", plain=plain)
    clean = validator.table(schema.STRATEGY, raw, ())
    return clean, validator.findings


@pytest.mark.parametrize("path", [p for p in EXAMPLES if b"strategy/1" in p.read_bytes()],
                         ids=lambda p: p.name)
def test_validating_plain_strings_without_their_search_keeps_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert schema.plain_strings(text)  # the shipped example is plain, as most files are
    raw = parse(text)
    assert _validate(raw, plain=True) == _validate(raw, plain=False)


def _without_entries(doc: Document) -> Document:
    plan = doc.plan
    assert isinstance(plan, Strategy | Partnership)
    return Document(doc.file, text=doc.text, raw=doc.raw, kind=doc.kind,
                    plan=dataclasses.replace(plan, journal=()),
                    incomplete_ids=doc.incomplete_ids)


def _journal_findings(doc: Document) -> list[tuple[str, Any]]:
    ctx = Context(doc, CATALOGUE, AS_OF)
    return [(rule.code, issue) for rule in JOURNAL_RULES if rule.check is not None
            for issue in rule.check(ctx)]


@given(st.one_of(valid_documents().map(str.encode), broken_documents()))
def test_the_journal_rules_find_nothing_in_a_plan_without_entries(data: bytes) -> None:
    """What lets a plan without entries skip them: on any plan, valid or broken, with its
    entries taken away, the journal's rules find nothing (each finding is on an entry);
    and the check of a plan without entries finds what running every rule finds."""
    doc = load_bytes(data, "x.toml")
    if not isinstance(doc.plan, Strategy | Partnership):
        return
    bare = _without_entries(doc)
    assert _journal_findings(bare) == []
    assert bare.kind is not None
    assert registry.run(bare, CATALOGUE, AS_OF) == [
        rule.finding(message, file=bare.file, path=path, hint=hint)
        for rule, check in registry._BY_KIND[bare.kind]
        for path, message, hint in check(Context(bare, CATALOGUE, AS_OF))]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_journal_rules_of_the_examples_find_nothing_once_the_entries_are_gone(
    path: Path,
) -> None:
    doc = load_bytes(path.read_bytes(), str(path))
    assert isinstance(doc.plan, Strategy | Partnership)
    assert _journal_findings(_without_entries(doc)) == []


def _matched_along(items: list[Any], values: list[Any], key: str) -> list[int]:
    """Where ``raw_indices`` places each value by matching ids along the file's list, as
    it always did when the model left an item out."""
    out, i = [], 0
    for value in values:
        j = i
        while j < len(items) and not (isinstance(items[j], dict) and items[j].get(key) == value):
            j += 1
        out.append(j)
        i = j + 1
    return out


@given(st.lists(st.sampled_from(["M1", "M2", "M3", None, 7]), max_size=8), st.data())
def test_each_item_the_model_kept_is_placed_where_matching_along_the_file_places_it(
    ids: list[Any], data: st.DataObject,
) -> None:
    """The model keeps items of the file in file order and leaves broken ones out: kept
    whole (placed at once) or in part, each kept item is placed where matching its id
    along the file's list places it, at a file item with that id."""
    items = [{"id": i} if i is not None else "broken" for i in ids]
    kept = [k for k in sorted(data.draw(st.sets(st.integers(0, max(len(items) - 1, 0)))))
            if k < len(items) and isinstance(items[k], dict)]
    if data.draw(st.booleans()) and all(isinstance(item, dict) for item in items):
        kept = list(range(len(items)))  # nothing left out: the shortcut's case
    values = [items[k]["id"] for k in kept]  # type: ignore[index]
    places = raw_indices(items, values, "id")
    assert places == _matched_along(items, values, "id")
    assert all(items[p]["id"] == v for p, v in zip(places, values, strict=True))  # type: ignore[index]


@given(st.text() | st.text(st.characters(max_codepoint=0x7F)))
@example("plain ASCII, as most messages are")
@example("tab\tand\nline, \x1b[31mescape\x7f")
def test_printable_ascii_is_shown_as_is_and_all_else_as_the_long_way_shows_it(
    text: str,
) -> None:
    """``inert`` returns printable ASCII untouched without its search; every text is
    shown exactly as replacing each unsafe or invisible character shows it."""
    for keep in (False, True):
        slow = _SHOWN.sub(_visible, text)
        if not keep:
            slow = slow.replace("\n", "\\n").replace("\t", " ")
        assert inert(text, keep_newlines=keep) == slow


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60),
       st.integers(0, 60), st.integers(0, 60), st.integers(0, 30))
def test_a_paragraph_that_fits_is_the_line_wrapping_it_gives(
    plain: str, start: int, end: int, slack: int,
) -> None:
    """What lets ``Balanced`` pass a paragraph that fits as it is: wrapping it at any
    width it fits in gives one line, the same text with the same styles."""
    from rich.console import Console
    from rich.text import Text

    paragraph = Text(plain)
    paragraph.stylize("bold", min(start, end), max(start, end))
    width = max(paragraph.cell_len, 1) + slack
    console = Console(width=200, color_system=None)
    (line,) = paragraph.wrap(console, width, overflow="fold")
    assert (line.plain, line.spans, line.style) == (paragraph.plain, paragraph.spans,
                                                    paragraph.style)


def test_a_documents_replayed_states_are_those_of_the_call_object_asked_with() -> None:
    """States are kept under the call's identity (hashing a Call hashes its envelopes): a
    state is reused for the same call object only, never for another call, even one that
    takes an old call's place in memory."""
    from transition_cli.ledger.replay import derive

    doc = load_bytes((ROOT / "examples" / "hauts-de-france.toml").read_bytes(), "x.toml")
    assert isinstance(doc.plan, Strategy)
    call = CATALOGUE.get(doc.plan.call)
    assert call is not None
    first = doc.state(call)
    assert doc.state(call) is first
    assert first == derive(doc.plan, call)
    other = dataclasses.replace(call, envelopes=call.envelopes[:1])
    assert doc.state(other) == derive(doc.plan, other) != first
    # An entry left by a call that is gone, whose identity a new one now has.
    stale = dataclasses.replace(call, envelopes=())
    doc._states[(id(stale), None)] = (call, first)
    assert doc.state(stale) == derive(doc.plan, stale) != first
    assert doc.state(call, AS_OF) == derive(doc.plan, call, AS_OF)
