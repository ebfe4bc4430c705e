"""The one module that talks to the TOML parser: values, positions, and a guard before it.

The parser is ``toml-rs`` (the Rust ``toml`` crate), read strictly as TOML 1.0 with floats
as ``Decimal``. It parses a 37 KB strategy in about 0.05x the time of the standard
library's ``tomllib`` and gives the line, column and raw text of every key and value
(docs/PERFORMANCE.md has the measurements and the reasons). Swapping it means changing this
module only: ``parse`` returns plain Python values and ``Places`` answers "where is this key
path" and "how was this value written".

Compiled parsers recurse on nesting and overflow the C stack on hostile input (toml-rs
crashes the process on arrays nested about 6,000 deep, and its positions pass on about
2,000 dotted key parts), so ``parse`` first measures how deep the text nests, with a few
passes of regular expressions that understand strings and comments, and refuses anything
nested deeper than ``MAX_NESTING`` before the parser sees it.
"""

from __future__ import annotations

import functools
import itertools
import re
from decimal import Decimal
from typing import Any, Final, NamedTuple

import toml_rs

from transition_cli.core.findings import KeyPath

TOML_VERSION: Final = "1.0.0"
"""Files are read as TOML 1.0: what tomllib, tomli-w and editors of today all accept."""

MAX_NESTING = 64
"""Arrays, inline tables, dotted keys and table headers nested deeper than this are
refused. Strategy files nest 3 deep; 64 keeps the parser's recursion far from the 1 MB
stack of a Windows main thread."""


class ParseError(Exception):
    """The text is not TOML the tool can read; ``code`` is F001 (syntax) or F005 (too deep)."""

    def __init__(self, code: str, message: str, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


# ---------------------------------------------------------------------------------------
# The guard: how deep can this text nest?

# Strings and comments, left to right, so that brackets, dots and quotes inside them are
# not taken for structure. Multi-line strings may end with up to two extra quotes.
_STRINGS_AND_COMMENTS = re.compile(
    r'"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"""(?:""|")?'
    r"|'''(?:[^']++|'(?!''))*+'''(?:''|')?"
    r'|"(?:[^"\\\n]++|\\.)*+"'
    r"|'[^'\n]*+'"
    r"|#[^\n]*+"
)
# Every pattern here runs in linear time on any text: possessive quantifiers (no
# backtracking), and key patterns start only at the text's start or after a separator.
_SEGMENT = r"(?<![^\n=\[\]{},])"
# Is there a dotted key at all: a dot before an "=" on one line (the last such dot has
# no dot between, so each character is read once; quoted parts may hold anything but a
# newline). It starts at a literal dot, so the scan is fast; a hit in a string or a
# comment only sends the text to the thorough count.
_ANY_DOTTED_KEY = re.compile(r"\.[^\n=.]*+=")
# The same, on a text cleared of strings: no comma or bracket between the dot and "=".
_ANY_DOTTED_KEY_IN_CODE = re.compile(r"\.[^\n=.\[\]{},]*+=")
# Every byte but a bracket, to delete: UTF-8 gives no other character a byte below 0x80,
# so the brackets left are exactly the text's (C speed; a regular expression replacing
# the runs between them took 10 ms on a 2 MB journal).
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_EMPTY_PAIR = re.compile(r"\[\]|\{\}")
# A line that holds a bracket (its start, to the first bracket, read once).
_BRACKET_LINE = re.compile(r"^[^\n\[\]{}]*+[\[\]{}][^\n]*+", re.MULTILINE)
# A dotted key: from a separator to "=" with dots between (``a.b.c =``); a header with
# dots: ``[a.b.c]`` opening a line (read after a newline put before the text).
_DOTTED_KEY = re.compile(_SEGMENT + r"[^\n=\[\]{},.]*+(?:\.[^\n=\[\]{},.]*+)++=")
_DOTTED_HEADER = re.compile(r"\n[ \t]*+\[\[?[^\n=\[\]{},.]*+(?:\.[^\n=\[\]{},.]*+)++\]")
# What every dotted header holds: a dot after "[" with no separator between. Most texts
# have none, and the search starts only at a "[".
_HEADER_DOT = re.compile(r"\[[^\n=\[\]{},.]*+\.")


class Nesting(NamedTuple):
    """What the guard measured in a text, strings and comments left out."""

    brackets: int  # deepest nesting of [ and { (a table header counts 1, [[...]] 2)
    key_dots: int  # most dots in one dotted key
    header_dots: int  # most dots in one table header

    @property
    def bound(self) -> int:
        """An upper bound of the parsed document's depth (see ``depth``): each header
        part may be an array of tables and a table (2 levels), each dot of a key adds a
        table, each bracket a container, and each container an inline key's dots."""
        return (2 * (self.header_dots + 1) + self.key_dots
                + self.brackets * (self.key_dots + 1))


WHOLE_TEXT = 64 * 1024
"""A text up to this long is cleared of strings and comments whole, in one pass; a longer
one only on the lines that hold a bracket (and whole only if it has a dotted key)."""


def measure(text: str, encoded: bytes | None = None) -> Nesting:
    """Measure the text's nesting in a few passes of regular expressions (C speed); the
    last text measured is remembered, as its positions parse measures it again.
    ``encoded``: the text in UTF-8 (surrogates passed), when the caller has it."""
    global _last_measured  # noqa: PLW0603 - one text's measure, kept for its second parse
    last = _last_measured  # read once: a thread may replace it meanwhile
    if last is not None and last[0] is text:
        return last[1]
    nesting = _measure(text, encoded)
    _last_measured = (text, nesting)
    return nesting


_last_measured: tuple[str, Nesting] | None = None


# What the guard needs of a text: what opens and closes strings and comments (quotes, "#",
# line ends) and what it counts or stops at (brackets, dots, "=", commas). Everything else
# is deleted first, at C speed: a strategy's skeleton is a fifth of it, and reading
# strings and comments costs by the character.
_SKELETON = b"\"'#\n[]{}.=,"
_NOT_SKELETON = bytes(b for b in range(256) if b not in _SKELETON)


def _measure(text: str, encoded: bytes | None = None) -> Nesting:
    """Measure the text's nesting, from its skeleton where that reads the same.

    Without a backslash no escape can hide a quote, so deleting every other character
    keeps the order of all that decides where strings and comments start and end, and of
    all the measures count or stop at; what is deleted only ever sat inside runs the
    patterns pass over. Deleting can make quotes meet (``"a" "b"``): a skeleton with three
    in a row would read as a multi-line string, and is not used. A line that holds more
    than blanks before its "[" may read as a table header once the rest is gone: its dots
    count for more, never less, so a skeleton that finds a dotted header is checked against
    the text.
    """
    if "\\" not in text:
        if encoded is None:
            encoded = _encode(text)
        skeleton = encoded.translate(None, _NOT_SKELETON)
        if b'"""' not in skeleton and b"'''" not in skeleton:
            nesting = _measure_text(skeleton.decode("ascii"))
            if nesting.header_dots == 0:
                return nesting
    return _measure_text(text)


def _measure_text(text: str) -> Nesting:
    """Measure the text's nesting in a few passes of regular expressions (C speed).

    Without multi-line strings every string and comment ends on its line, so only the
    lines holding a bracket are read for brackets and headers, and keys only when a dot
    comes right before an "=" somewhere: a 2.2 MB strategy takes a fraction of its parse.
    """
    code = None
    if len(text) <= WHOLE_TEXT or '"""' in text or "'''" in text:
        # One pass over the whole text costs less than choosing lines in a small one.
        code = structure = _STRINGS_AND_COMMENTS.sub(" ", text)
    else:
        structure = _STRINGS_AND_COMMENTS.sub(" ", "\n".join(_BRACKET_LINE.findall(text)))
    key_dots = 0
    if (_ANY_DOTTED_KEY.search(text) if code is None
            else _ANY_DOTTED_KEY_IN_CODE.search(code)):
        if code is None:
            code = _STRINGS_AND_COMMENTS.sub(" ", text)
        key_dots = _most_dots(_DOTTED_KEY, code)
    brackets = structure.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKET).decode()
    header_dots = (_most_dots(_DOTTED_HEADER, "\n" + structure)
                   if _HEADER_DOT.search(structure) else 0)
    return Nesting(_levels(brackets), key_dots, header_dots)


_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _levels(brackets: str) -> int:
    """How deep a text's brackets (nothing else) nest, up to one level past the limit.

    Brackets that pair up within the limit nest as deep as the most open at once, found
    at C speed; any others take rounds of removing empty pairs, each round a level.
    """
    rest = brackets
    for _ in range(MAX_NESTING + 1):
        inner = rest.replace("[]", "").replace("{}", "")
        if inner == rest:
            break
        rest = inner
    if not rest:  # they pair up: removing pairs in any order empties them
        deepest = max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0)
        if deepest <= MAX_NESTING:
            return deepest
    levels = 0
    while brackets and levels <= MAX_NESTING:
        # A run of openers nests at least that deep: refuse without more passes.
        if _openers(MAX_NESTING - levels + 1).search(brackets):
            levels = MAX_NESTING + 1
            break
        inner = _EMPTY_PAIR.sub("", brackets)
        if inner == brackets:
            # Brackets that do not pair up: each opener may still nest (the parser will
            # reject the text, but it may recurse first).
            levels += brackets.count("[") + brackets.count("{")
            break
        brackets = inner
        levels += 1
    return levels


@functools.cache
def _openers(count: int) -> re.Pattern[str]:
    return re.compile(r"[\[{]{" + str(count) + "}")


def _most_dots(pattern: re.Pattern[str], code: str) -> int:
    return max((m.group().count(".") for m in pattern.finditer(code)), default=0)


def depth(value: Any) -> int:
    """How many tables and arrays nest below the document (``a = 1`` is 0, ``a.b = 1``
    and ``a = [1]`` are 1, ``[[a]]`` is 2), counted without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, level = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, dict | list):
                deepest = max(deepest, level + 1)
                stack.append((child, level + 1))
    return deepest


def _too_deep(text: str, nesting: Nesting | None = None) -> ParseError:
    line = column = None
    offset = _deep_offset(text, nesting)
    if offset is not None:
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return ParseError("F005", f"arrays, tables or dotted keys nest deeper than {MAX_NESTING} "
                      "levels", line, column)


_TOKENS = re.compile(_STRINGS_AND_COMMENTS.pattern + r"|[\[{]|[\]}]")


def _deep_offset(text: str, nesting: Nesting | None) -> int | None:
    """Where the text first nests too deep, for the finding's place (refused texts only)."""
    if nesting is not None and max(nesting.key_dots, nesting.header_dots + 1) > MAX_NESTING:
        code = _STRINGS_AND_COMMENTS.sub(lambda m: "_" * len(m.group()), text)
        for pattern, shift in ((_DOTTED_KEY, 0), (_DOTTED_HEADER, -1)):
            for match in pattern.finditer("\n" * -shift + code):
                if match.group().count(".") >= MAX_NESTING:
                    found = match.group()
                    return match.start() + shift + len(found) - len(found.lstrip())
    level = 0
    for match in _TOKENS.finditer(text):
        symbol = match.group()
        if symbol in "[{":
            level += 1
            if level > MAX_NESTING:
                return match.start()
        elif symbol in "]}":
            level -= 1
    return None


# ---------------------------------------------------------------------------------------
# Values


_ERROR_PLACE = re.compile(r"at line (\d+), column (\d+)")
# Where an integer may be beyond 64 bits: 17 or more digits in a row, or long hex. Digits
# are found by mapping bytes (digits and "_" to "0", the rest to " "): C speed, unlike a
# regular expression scanning every digit of every date and amount.
_DIGITS = bytes(0x30 if chr(i) in "0123456789_" else 0x20 for i in range(256))
_LONG_HEX = re.compile(rb"0x[0-9a-fA-F_]{16,}")
_INTEGER = re.compile(r"(?<![\w.:+-])[+-]?(?:0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*)"
                      r"(?![\w.:+-])")
_INT64 = (-(2**63), 2**63 - 1)


class WithExponent(Decimal):
    """A float the file writes with an exponent (``2e5``, ``1.200050e4``): read exactly,
    and marked, since the one syntax of amounts (``core.money.judged``) refuses it."""

    __slots__ = ()


def _float(text: str) -> Decimal:
    return WithExponent(text) if "e" in text or "E" in text else Decimal(text)


def parse(text: str) -> dict[str, Any]:
    """TOML text to a document, floats as ``Decimal`` (``WithExponent`` when written with
    one); ``ParseError`` when it cannot be."""
    if text.startswith("\ufeff"):
        # Decoding removed the one byte order mark a file may start with; toml-rs would
        # skip a second one silently.
        raise ParseError("F001", "TOML syntax error: byte order mark (U+FEFF) after the "
                         "start of the file", 1, 1)
    encoded = _encode(text)  # read as bytes by the guard and the look for long integers
    nesting = measure(text, encoded)
    # Each measure alone is at most the document's depth: refusing on it refuses nothing
    # that nests within the limit.
    if max(nesting.brackets, nesting.key_dots, nesting.header_dots + 1) > MAX_NESTING:
        raise _too_deep(text, nesting)
    try:
        value: dict[str, Any] = toml_rs.loads(text, parse_float=_float,
                                              toml_version=TOML_VERSION)
    except toml_rs.TOMLDecodeError as exc:
        raise _syntax_error(str(exc)) from None
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits (CVE-2020-10735).
        raise _integer_too_large(text) from None
    if nesting.bound > MAX_NESTING and depth(value) > MAX_NESTING:
        raise _too_deep(text, nesting)
    if _may_hold_long_integers(encoded) and _beyond_64_bits(value):
        # TOML integers are 64-bit; toml-rs reads longer ones, which Python then cannot
        # even print past 4,300 digits.
        raise _integer_too_large(text)
    return value


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _may_hold_long_integers(encoded: bytes) -> bool:
    """Whether the text (in UTF-8) has 17 digits in a row or a long hexadecimal number."""
    return b"0" * 17 in encoded.translate(_DIGITS) or (
        b"0x" in encoded and _LONG_HEX.search(encoded) is not None)


def _beyond_64_bits(value: Any) -> bool:
    stack: list[Any] = [value]
    while stack:
        node = stack.pop()
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, dict | list):
                stack.append(child)
            elif isinstance(child, int) and not _INT64[0] <= child <= _INT64[1]:
                return True
    return False


def _integer_too_large(text: str) -> ParseError:
    """The first integer outside TOML's 64-bit range, found again in the text."""
    code = _STRINGS_AND_COMMENTS.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    line = column = None
    for match in _INTEGER.finditer(code):
        digits = match.group().replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        digits = digits.lstrip("+-")
        base = {"0x": 16, "0o": 8, "0b": 2}.get(digits[:2], 10)
        number: int | None
        try:
            number = sign * int(digits[2:] if base != 10 else digits, base)
        except ValueError:  # more than 4,300 digits, or no digit after 0x
            number = None if len(digits) > 4000 else 0
        if number is None or not _INT64[0] <= number <= _INT64[1]:
            offset = match.start()
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            break
    return ParseError("F001", "TOML syntax error: integer out of range (TOML integers are "
                      "64-bit: -9223372036854775808 to 9223372036854775807)", line, column)


def _syntax_error(message: str) -> ParseError:
    """toml-rs says ``TOML parse error at line L, column C``, a snippet, then the reason."""
    place = _ERROR_PLACE.search(message)
    lines = [line for line in message.splitlines() if line.strip()]
    reason = lines[-1].strip() if len(lines) > 1 else message.strip()
    reason = reason.replace("\r", "\\r")
    line = column = None
    if place:
        line, column = int(place.group(1)), int(place.group(2))
    return ParseError("F001", f"TOML syntax error: {reason}", line, column)


# ---------------------------------------------------------------------------------------
# Positions


class Place(NamedTuple):
    """Where a key path stands: its value's line and column (1-based, in characters),
    and the value as written."""

    line: int
    column: int
    raw: str | None = None


class Places:
    """Line and column of every key and value of a text, from the parser's own positions.

    Built on first use (a second parse that records positions, about as long as a
    ``tomllib`` parse): clean files never pay for it. ``find`` gives the value's place for
    a path that exists, and for one that does not (a missing key) the place of the
    nearest enclosing key, table header or array item.
    """

    # A plain class, like the two records above: dataclasses cost a millisecond each at
    # import, and every command imports this module.
    def __init__(self, text: str) -> None:
        self.text = text
        self._nodes: dict[str, Any] | None = None
        self._lines: list[str] | None = None
        self._headers: dict[KeyPath, tuple[int, int]] | None = None

    def find(self, path: KeyPath, key: bool = False) -> tuple[int | None, int | None]:
        """The value's line and column; with ``key``, the key's (an unknown key)."""
        place = self.place(path, key)
        return (None, None) if place is None else (place.line, place.column)

    def written(self, path: KeyPath) -> str | None:
        """The value at ``path`` as written in the file (``1.200050e4``), if it exists."""
        place = self.place(path)
        return place.raw if place is not None else None

    def place(self, path: KeyPath, key: bool = False) -> Place | None:
        nodes = self._parsed()
        if nodes is None:
            return None
        # Walk the positions tree: a table's children are a dict of name -> node; a
        # node with "key_raw" is a key = value (its "value" holds an inline table's
        # children or an array's items); a node without is a table made by a header or
        # a dotted key; an array item is a dict with "value" and its own position.
        found: Place | None = None
        table: tuple[KeyPath, dict[str, Any]] | None = None  # placed only if it ends here
        children: Any = nodes
        for index, part in enumerate(path):
            last = index == len(path) - 1
            if isinstance(children, dict) and isinstance(part, str) and part in children:
                node = children[part]
                if isinstance(node.get("key_raw"), str):
                    children = node.get("value")
                    value = (self._at(node, "value", node.get("value_raw"))
                             if last and not key else None)
                    if last and value is None and isinstance(children, list) and children:
                        value = self._at(children[0], "value", None)  # [[header]]
                    found, table = value or self._at(node, "key", None) or found, None
                else:
                    table = (path[: index + 1], node)
                    children = node
            elif isinstance(children, list) and isinstance(part, int) \
                    and 0 <= part < len(children):
                item = children[part]
                found = self._at(item, "value", item.get("value_raw") if last else None) \
                    or found
                table = None
                children = item.get("value")
            else:
                break
        if table is not None:
            found = self._table(*table) or found
        return found

    def _parsed(self) -> dict[str, Any] | None:
        if self._nodes is None:
            try:
                if measure(self.text).bound > MAX_NESTING:
                    parse(self.text)  # the guard: positions recurse deeper than values
                document = toml_rs.load_with_metadata(self.text, toml_version=TOML_VERSION)
            except (ParseError, toml_rs.TOMLDecodeError, ValueError):
                self._nodes = {}
            else:
                self._nodes = document.meta["nodes"]
        return self._nodes

    def _at(self, node: dict[str, Any], prefix: str, raw: str | None) -> Place | None:
        line, column = node.get(f"{prefix}_line"), node.get(f"{prefix}_col")
        if isinstance(line, tuple):
            line = line[0]
        if isinstance(column, tuple):
            column = column[0]
        if not isinstance(line, int) or not isinstance(column, int):
            return None
        return Place(line, self._char_column(line, column), raw)

    def _char_column(self, line: int, byte_column: int) -> int:
        """toml-rs counts columns in UTF-8 bytes; findings count characters."""
        if self._lines is None:
            self._lines = self.text.split("\n")  # TOML's lines: not str.splitlines()
        if not 1 <= line <= len(self._lines) or self._lines[line - 1].isascii():
            return byte_column
        before = self._lines[line - 1].encode("utf-8")[: byte_column - 1]
        return len(before.decode("utf-8", "replace")) + 1

    def _table(self, path: KeyPath, children: dict[str, Any]) -> Place | None:
        """A table without a position of its own: its ``[header]``, else its first key."""
        header = self._header_index().get(path)
        if header is not None:
            return Place(*header)
        first: Place | None = None
        stack: list[Any] = [children]
        while stack:  # a dotted key (a.b.c = 1) makes tables whose first key is deeper
            for child in stack.pop().values():
                if not isinstance(child, dict):
                    continue
                if not isinstance(child.get("key_raw"), str):
                    stack.append(child)
                    continue
                place = self._at(child, "key", None)
                if place and (first is None or (place.line, place.column)
                              < (first.line, first.column)):
                    first = place
        if first is None or self._lines is None or first.line > len(self._lines):
            return first
        return Place(first.line, _dotted_start(self._lines[first.line - 1], first.column))

    def _header_index(self) -> dict[KeyPath, tuple[int, int]]:
        """``[table]`` headers by key path, array-of-tables indices resolved in order.

        Header lines are found as lines opening with ``[`` outside multi-line values
        (whose spans the parser gave), and each header's key is read by the parser.
        """
        if self._headers is not None:
            return self._headers
        if self._lines is None:
            self._lines = self.text.split("\n")  # TOML's lines: not str.splitlines()
        inside = _multiline_spans(self._nodes or {})
        index: dict[KeyPath, tuple[int, int]] = {}
        counts: dict[KeyPath, int] = {}
        keys: dict[str, tuple[list[str] | None, bool]] = {}  # 20,000 [[journal]] lines
        for number, line in enumerate(self._lines, start=1):
            stripped = line.lstrip()
            if not stripped.startswith("[") or number in inside:
                continue
            header = stripped.rstrip()  # and the \r of a CRLF line
            if header not in keys:
                keys[header] = _header_key(header)
            parts, is_array = keys[header]
            if parts is None:
                continue
            resolved: list[str | int] = []
            for i, part in enumerate(parts):
                resolved.append(part)
                key = tuple(resolved)
                if i == len(parts) - 1 and is_array:
                    counts[key] = counts.get(key, 0) + 1
                    resolved.append(counts[key] - 1)
                elif i < len(parts) - 1 and key in counts:
                    resolved.append(counts[key] - 1)
            index.setdefault(tuple(resolved), (number, len(line) - len(stripped) + 1))
        self._headers = index
        return index


_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _dotted_start(line: str, column: int) -> int:
    """The column where the dotted key whose last part starts at ``column`` begins
    (``period.start`` -> the column of ``period``)."""
    start = column - 1
    while True:
        i = start - 1
        while i >= 0 and line[i] in " \t":
            i -= 1
        if i < 0 or line[i] != ".":
            return start + 1
        i -= 1
        while i >= 0 and line[i] in " \t":
            i -= 1
        if i >= 0 and line[i] in "\"'":
            i = line.rfind(line[i], 0, i)
        else:
            while i - 1 >= 0 and line[i - 1] in _BARE_KEY:
                i -= 1
        if i < 0:
            return start + 1
        start = i


def _header_key(line: str) -> tuple[list[str] | None, bool]:
    """The key parts of a header line, read by the parser (quotes and escapes included)."""
    try:
        value = toml_rs.loads(line, toml_version=TOML_VERSION)
    except (toml_rs.TOMLDecodeError, ValueError):
        return None, False
    parts: list[str] = []
    node: Any = value
    while isinstance(node, dict) and len(node) == 1:
        name, node = next(iter(node.items()))
        parts.append(name)
        if isinstance(node, list):
            return parts, True
    return (parts or None), False


def _multiline_spans(nodes: dict[str, Any]) -> set[int]:
    """Lines inside multi-line values (after their first line), where ``[`` is no header."""
    inside: set[int] = set()
    stack: list[Any] = [nodes]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        line = node.get("value_line")
        if isinstance(line, tuple) and isinstance(node.get("value_raw"), str):
            inside.update(range(line[0] + 1, line[1] + 1))
        if "value_raw" in node or isinstance(node.get("key_raw"), str):
            stack.append(node.get("value"))
        else:
            stack.extend(node.values())
    return inside
