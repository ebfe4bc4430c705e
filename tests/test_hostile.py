"""Hostile inputs end in a finding with a place, never a crash, hang or traceback; files
checked beside them keep their findings, one by one and over a process pool."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transition_cli import check
from transition_cli.files import source, toml_parser
from transition_cli.files.calls import load_catalogue

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate

HEAD = 'transition = "strategy/1"\n'
TOO_DEEP = "error F005 arrays, tables or dotted keys nest deeper than 64 levels"
TOO_LARGE = ("error F001 TOML syntax error: integer out of range (TOML integers are 64-bit: "
             "-9223372036854775808 to 9223372036854775807)")

# name -> (text, "line:column: finding") — the place is where the text goes too deep.
HOSTILE = {
    "dotted-key-50000": (HEAD + ".".join(["a"] * 50_000) + " = 1\n", f"2:1: {TOO_DEEP}"),
    "header-100000": (HEAD + "[" + ".".join(["a"] * 100_000) + "]\n", f"2:1: {TOO_DEEP}"),
    "arrays-10000": (HEAD + "x = " + "[" * 10_000 + "]" * 10_000 + "\n", f"2:69: {TOO_DEEP}"),
    "arrays-100000": (HEAD + "x = " + "[" * 100_000 + "]" * 100_000 + "\n",
                      f"2:69: {TOO_DEEP}"),
    "tables-10000": (HEAD + "x = " + "{a = " * 10_000 + "1" + "}" * 10_000 + "\n",
                     f"2:325: {TOO_DEEP}"),
    "tables-100000": (HEAD + "x = " + "{a = " * 100_000 + "1" + "}" * 100_000 + "\n",
                      f"2:325: {TOO_DEEP}"),
    "integer-5000-digits": (HEAD + "x = " + "7" * 5000 + "\n", f"2:5: {TOO_LARGE}"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_each_hostile_file_is_one_finding_with_its_place(cli, write, name):
    text, finding = HOSTILE[name]
    path = write(f"{name}.toml", text)
    r = cli("check", path, "-q")
    assert r.exit_code == 1
    assert r.stdout == f"{path}:{finding}\n"


ORDINARY_FINDING = 'error R004 milestones[0].owner: unknown expert "nobody" as owner of M1'


def _folder(root: Path, clean_files: int) -> Path:
    """The hostile files, one ordinary file with a finding, and clean strategies."""
    folder = root / "plans"
    folder.mkdir()
    for name, (text, _) in HOSTILE.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    bad = generate.strategy(1, 3, 0).replace('owner = "lead"', 'owner = "nobody"', 1)
    (folder / "ordinary-bad.toml").write_text(bad, encoding="utf-8")
    for i in range(clean_files):
        (folder / f"z-clean-{i:02d}.toml").write_text(generate.strategy(i, 3, 5),
                                                      encoding="utf-8")
    return folder


def _expected(folder: Path) -> dict[str, list[str]]:
    out = {str(folder / f"{name}.toml"): [finding] for name, (_, finding) in HOSTILE.items()}
    return out


def _check(folder: Path) -> dict[str, list[str]]:
    result = check.check_paths([folder], load_catalogue(), dt.date(2019, 12, 31),
                               keep_documents=False)
    assert not result.problems
    return {d.file: [f"{f.line}:{f.column}: {f.severity} {f.code} {f.key + ': ' if f.key else ''}"
                     f"{f.message}" for f in d.findings]
            for d in result.documents if d.findings}


def _assert_all_reported(found: dict[str, list[str]], folder: Path) -> None:
    for file, findings in _expected(folder).items():
        assert found.pop(file) == findings
    [ordinary] = found.pop(str(folder / "ordinary-bad.toml"))
    assert ordinary.endswith(ORDINARY_FINDING)
    assert found == {}  # the clean strategies stay clean


def test_hostile_files_beside_ordinary_ones_one_by_one(tmp_path):
    folder = _folder(tmp_path, clean_files=3)
    assert len(list(folder.iterdir())) < check.PARALLEL_MIN_FILES
    _assert_all_reported(_check(folder), folder)


def test_hostile_files_beside_ordinary_ones_over_the_pool(tmp_path, monkeypatch):
    folder = _folder(tmp_path, clean_files=check.PARALLEL_MIN_FILES)
    monkeypatch.setattr(check, "_workers", lambda: 2)  # the pool even on one core
    _assert_all_reported(_check(folder), folder)


def test_the_command_reports_every_file_of_a_hostile_folder(cli, tmp_path):
    folder = _folder(tmp_path, clean_files=2)
    r = cli("check", folder, "--as-of", "2019-12-31", "-q")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    for name, (_, finding) in HOSTILE.items():
        assert f"{folder / name}.toml:{finding}" in lines
    assert any(line.endswith(ORDINARY_FINDING) for line in lines)


# ---------------------------------------------------------------------------------------
# The guard and the parser agree


# Key parts, some quoted with dots, brackets, commas, "=" and "#" inside; values whose text
# holds brackets, quotes and comment signs inside strings.
PARTS = st.sampled_from(["a", "b-c", "x_1", '"q.u[o]{t}e"', "'l.i#t'", '"[,="', "'{'"])
TRICKY = st.sampled_from(['"]]}}"', "'[[{{'", '"#{["', '"a\\"]"', '"""\n]]\n"""',
                          "'''\n[[\n'''", "1.5", "2018-01-01", "true", '"x = 1"'])


@st.composite
def nested_values(draw: st.DrawFn, level: int = 0) -> tuple[str, int, int]:
    """A TOML value as text, its bracket depth and the most dots in one of its keys."""
    if level >= 8 or draw(st.integers(0, 3)) == 0:
        return draw(TRICKY), 0, 0
    items = [draw(nested_values(level + 1)) for _ in range(draw(st.integers(0, 3)))]
    brackets = max((b for _, b, _ in items), default=0) + 1
    dots = max((d for _, _, d in items), default=0)
    if draw(st.booleans()):
        sep = draw(st.sampled_from([", ", ",\n  # ] } comment [[\n  "]))
        return "[" + sep.join(t for t, _, _ in items) + "]", brackets, dots
    body = []
    for i, (text, _, _) in enumerate(items):
        parts = [f"k{i}", *draw(st.lists(PARTS, max_size=2))]
        dots = max(dots, len(parts) - 1)
        body.append(f"{'.'.join(parts)} = {text}")
    return "{" + ", ".join(body) + "}", brackets, dots


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, int, int, int]:
    """A valid document: its text, bracket depth, most dots in a key, dots in its header."""
    lines, brackets, key_dots, header_dots = [], 0, 0, 0
    for i in range(draw(st.integers(1, 4))):
        value, value_brackets, value_dots = draw(nested_values())
        parts = [f"v{i}", *draw(st.lists(PARTS, max_size=3))]
        lines.append(f"{'.'.join(parts)} = {value}  # [[ {{ trailing")
        brackets = max(brackets, value_brackets)
        key_dots = max(key_dots, len(parts) - 1, value_dots)
    if draw(st.booleans()):
        parts = draw(st.lists(PARTS, min_size=1, max_size=3))
        lines.append(f"[{'.'.join(parts)}]  # ]]]")
        brackets, header_dots = max(brackets, 1), len(parts) - 1
    return "\n".join(lines) + "\n", brackets, key_dots, header_dots


@pytest.mark.parametrize("whole_text", [toml_parser.WHOLE_TEXT, 0],
                         ids=["small text read whole", "big text read by lines"])
@settings(max_examples=300)
@given(documents())
def test_the_guard_measures_what_the_parser_reads(
    whole_text: int, document: tuple[str, int, int, int],
) -> None:
    """On valid TOML full of brackets in strings, comments and quoted keys: the guard
    measures exactly the bracket nesting and the longest dotted key, the header's dots at
    least, each at most the parsed depth (nothing within the limit is refused), and its bound
    is at least that depth (nothing deeper gets past it). Both ways of reading a text (whole,
    or a big one by its lines with brackets) measure the same."""
    text, brackets, key_dots, header_dots = document
    value = toml_parser.parse(text)
    depth = toml_parser.depth(value)
    with mock.patch.object(toml_parser, "WHOLE_TEXT", whole_text):
        nesting = toml_parser._measure(text)  # not the parse's measure, remembered
    assert toml_parser.measure(text) == nesting
    assert (nesting.brackets, nesting.key_dots) == (brackets, key_dots)
    # A line of a multi-line array that opens with [1.5] reads as a header: more, never less.
    assert nesting.header_dots >= header_dots
    assert max(nesting.brackets, nesting.key_dots) <= depth
    assert nesting.header_dots == 0 or nesting.header_dots + 1 <= depth
    assert nesting.bound >= depth


@settings(max_examples=200)
@given(st.text(alphabet='[]{}"\'#.=,\n\\ ax1', max_size=400))
def test_the_guard_never_fails_on_any_text(text: str) -> None:
    """Any text: a value within the limit, or F001/F005 with a place; never an exception."""
    try:
        value = source.parse(text)
    except source.SourceError as exc:
        assert exc.code in ("F001", "F005")
        assert exc.line is None or exc.line >= 1
    else:
        assert toml_parser.depth(value) <= toml_parser.MAX_NESTING


@settings(max_examples=500)
@given(st.text(alphabet='[]{}"\'#.=,\n \tax1\r\u00e9', max_size=300))  # no backslash:
@example('x [a.b]\n')  # a header only once the "x" is gone: checked against the text
# A text past WHOLE_TEXT whose skeleton is not: the two are read different ways.
@example('a.b = 1\n#' + "x" * 70_000 + '\n[c]\nd = [[1], {e = "]"}]\n')
@example('a = "" "b"\nc = [[[[1]]]]\nd = "" ""\n')  # quotes that meet once the rest is gone
def test_the_guard_reads_a_texts_skeleton_as_it_reads_the_text(text: str) -> None:
    """Any text: measured from its skeleton (only quotes, "#", line ends, brackets, dots,
    "=" and commas) or not, the guard measures the same."""
    assert toml_parser._measure(text) == toml_parser._measure_text(text)


def _levels_round_by_round(brackets: str) -> int:
    """The guard's bracket measure the long way: rounds of removing empty pairs, each a
    level; brackets that do not pair up count each opener left."""
    levels = 0
    while brackets and levels <= toml_parser.MAX_NESTING:
        if "[" * (toml_parser.MAX_NESTING - levels + 1) in brackets.replace("{", "["):
            return toml_parser.MAX_NESTING + 1
        inner = re.sub(r"\[\]|\{\}", "", brackets)  # one round: the pairs adjacent now
        if inner == brackets:
            return levels + brackets.count("[") + brackets.count("{")
        brackets = inner
        levels += 1
    return levels


def _nested(depth: int, wide: bool = False) -> str:
    inner = "[]" if wide else ""
    for level in range(depth):
        inner = ("[" + inner + "]" if level % 2 else "{" + inner + "}") + ("[]" if wide else "")
    return inner


@settings(max_examples=500)
@given(st.text(alphabet="[]{}", max_size=80) | st.integers(0, 70).map(_nested)
       | st.integers(0, 70).map(lambda d: _nested(d, wide=True)))
@example("{[]}")  # removing "[]" then "{}" in one round empties it: still 2 levels
@example("[{]}")  # brackets that do not pair up
@example(_nested(64))
@example(_nested(65))
@example(_nested(65, wide=True))  # no run of 65 openers, but 65 deep
@example("[" * 65 + "]" * 65)
def test_the_guard_counts_bracket_levels_as_removing_pairs_round_by_round_does(
    brackets: str,
) -> None:
    assert toml_parser._levels(brackets) == _levels_round_by_round(brackets)


@settings(max_examples=500)
@given(st.text(alphabet='[]{}=,.\n \tab"', max_size=120))
@example("\n[a.b]")
@example("\n  [[a . b]]")
@example("x = [1.5]\n")
def test_a_text_without_a_dot_after_a_bracket_has_no_dotted_header(code: str) -> None:
    """The guard looks for dotted headers only in a text where "[" is followed by a dot
    with no separator between: every dotted header is such a text."""
    if toml_parser._HEADER_DOT.search(code) is None:
        assert toml_parser._most_dots(toml_parser._DOTTED_HEADER, "\n" + code) == 0
