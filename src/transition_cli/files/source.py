"""Reading files safely and finding where a key path stands in the text."""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from transition_cli.core.findings import KeyPath

MAX_BYTES = 16 * 1024 * 1024
"""Files above this size are refused: a strategy with 20,000 journal entries is ~3 MB."""


class SourceError(Exception):
    """The file cannot be read as TOML text; carries the finding's code and place."""

    def __init__(
        self, code: str, message: str, hint: str, line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column


_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def decode(data: bytes) -> str:
    """Bytes to text, or a SourceError saying why not."""
    if len(data) > MAX_BYTES:
        raise SourceError(
            "F004", f"file is larger than the limit of {MAX_BYTES:,} bytes",
            "split the file, or archive old journal entries into another file",
        )
    if b"\x00" in data[:8192]:
        raise SourceError("F002", "binary file, not TOML text", "name a TOML text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            "F002", f"invalid UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8", line, column,
        ) from None
    return text.removeprefix("\ufeff")


def parse(text: str) -> dict[str, Any]:
    """TOML text to a document, floats as ``Decimal``; SourceError on a syntax error."""
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _POSITION.search(message)
        line = column = None
        if match and match.group(1):
            line, column = int(match.group(1)), int(match.group(2))
        elif match:
            line = text.count("\n") + 1
        reason = _POSITION.sub("", message).strip()
        raise SourceError(
            "F001", f"TOML syntax error: {reason}",
            "fix the TOML syntax at this place (see https://toml.io)", line, column,
        ) from None
    except RecursionError:
        raise SourceError(
            "F005", "nesting too deep to read",
            "flatten the nested arrays or tables",
        ) from None


def read(path: Path) -> bytes:
    """Read a file's bytes, refusing huge ones before reading them whole, and anything but
    a regular file before reading at all (a FIFO would wait for a writer, /dev/zero never
    end): ``OSError`` "not a regular file", ``IsADirectoryError`` for a folder."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        return handle.read(MAX_BYTES + 1)


# ---------------------------------------------------------------------------------------
# Locating key paths


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_SIMPLE_KEY = r'(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
_KEY = re.compile(rf"^(\s*)({_SIMPLE_KEY}(?:\s*\.\s*{_SIMPLE_KEY})*)\s*=")
_DOTTED = re.compile(r'\s*((?:[A-Za-z0-9_-]+)|"(?:[^"\\]|\\.)*"|\'[^\']*\')\s*(?:\.|$)')


def _split_key(key: str) -> list[str]:
    parts = []
    for match in _DOTTED.finditer(key):
        part = match.group(1)
        if part[:1] in "\"'":
            part = part[1:-1]
        parts.append(part)
    return parts


@dataclass
class Locator:
    """Maps key paths to (line, column), built once from the text on first use.

    Knows table headers, arrays of tables and ``key = value`` lines; positions inside
    inline tables fall back to the nearest enclosing key that is known.
    """

    text: str
    _index: dict[KeyPath, tuple[int, int]] | None = field(default=None, repr=False)

    def find(self, path: KeyPath) -> tuple[int | None, int | None]:
        index = self._build()
        for end in range(len(path), 0, -1):
            found = index.get(path[:end])
            if found is not None:
                return found
        return (None, None)

    def _build(self) -> dict[KeyPath, tuple[int, int]]:
        if self._index is not None:
            return self._index
        index: dict[KeyPath, tuple[int, int]] = {}
        counts: dict[KeyPath, int] = {}
        current: KeyPath = ()
        in_multiline: str | None = None
        for lineno, line in enumerate(self.text.splitlines(), start=1):
            if in_multiline is not None:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = _HEADER.match(line)
            if header:
                parts = _split_key(header.group(2))
                resolved: list[str | int] = []
                for i, part in enumerate(parts):
                    resolved.append(part)
                    is_last = i == len(parts) - 1
                    key = tuple(resolved)
                    if is_last and header.group(1) == "[[":
                        counts[key] = counts.get(key, 0) + 1
                        index.setdefault(key, (lineno, line.index("[") + 1))
                        resolved.append(counts[key] - 1)
                    elif not is_last and key in counts:
                        resolved.append(counts[key] - 1)
                current = tuple(resolved)
                index.setdefault(current, (lineno, line.index("[") + 1))
                continue
            match = _KEY.match(line)
            if match:
                path = (*current, *_split_key(match.group(2)))
                index.setdefault(path, (lineno, len(match.group(1)) + 1))
                rest = line[match.end():]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote
        self._index = index
        return index
