"""Reading files safely: bytes to text to a TOML document, and where each key path stands."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

from transition_cli.files import toml_parser

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


def decode(data: bytes) -> str:
    """Bytes to text, or a SourceError saying why not."""
    if len(data) > MAX_BYTES:
        raise SourceError(
            "F004", f"file is larger than the limit of {MAX_BYTES:,} bytes",
            "split the file, or archive old journal entries into another file",
        )
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        column = len(data[data.rfind(b"\n", 0, nul) + 1:nul].decode("utf-8", "replace")) + 1
        raise SourceError("F002", "binary file, not TOML text", "name a TOML text file",
                          line, column)
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
    """TOML text to a document, floats as ``Decimal``; SourceError when it cannot be read."""
    try:
        return toml_parser.parse(text)
    except toml_parser.ParseError as exc:
        hint = ("flatten the nested arrays or tables" if exc.code == "F005"
                else "fix the TOML syntax at this place (see https://toml.io)")
        raise SourceError(exc.code, exc.message, hint, exc.line, exc.column) from None


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


Places = toml_parser.Places
"""Line, column and written text of key paths, from the parser (see toml_parser)."""
