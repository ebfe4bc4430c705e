"""Reading files safely: bytes to text to a TOML document, and where each key path stands."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

from transition_cli.core.errors import UsageError
from transition_cli.core.i18n import N_, _
from transition_cli.core.text import closest
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
            "F004", _("file is larger than the limit of {MAX_BYTES:,} bytes").format(
                      MAX_BYTES=MAX_BYTES),
            _("split the file, or archive old journal entries into another file"),
        )
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        column = len(data[data.rfind(b"\n", 0, nul) + 1:nul].decode("utf-8", "replace")) + 1
        raise SourceError("F002", _("binary file, not TOML text"), _("name a TOML text file"),
                          line, column)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            "F002", _("invalid UTF-8 (byte 0x{start:02x})").format(start=data[exc.start]),
            _("save the file as UTF-8"), line, column,
        ) from None
    return text.removeprefix("\ufeff")


def parse(text: str) -> dict[str, Any]:
    """TOML text to a document, floats as ``Decimal``; SourceError when it cannot be read."""
    try:
        return toml_parser.parse(text)
    except toml_parser.ParseError as exc:
        hint = (_("flatten the nested arrays or tables") if exc.code == "F005"
                else _("fix the TOML syntax at this place (see https://toml.io)"))
        raise SourceError(exc.code, exc.message, hint, exc.line, exc.column) from None


def read(path: str | Path) -> bytes:
    """Read a file's bytes, refusing huge ones before reading them whole, and anything but
    a regular file before reading at all (a FIFO would wait for a writer, /dev/zero never
    end): ``OSError`` "not a regular file", ``IsADirectoryError`` for a folder."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        # Read what the file holds (and one byte more, so F004 can say it is over), in
        # pieces of its size: a buffered read of MAX_BYTES would set aside that much for
        # every small file of a folder.
        size = max(info.st_size + 1, _PIECE)
        parts: list[bytes] = []
        left = MAX_BYTES + 1
        while left > 0:
            part = os.read(fd, min(left, size))
            if not part:
                break
            parts.append(part)
            left -= len(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)


_PIECE = 64 * 1024


MISSING = N_("no such file or folder")
_NEARBY_LIMIT = 5000  # names in a folder above which no close one is looked for


def missing(path: Path, hint: str | None = None) -> UsageError:
    """The one message for a path where nothing is, whichever command was given it:
    ``hfd.toml: no such file or folder``, with ``did you mean "hdf.toml"?`` when a name
    close to it is there, else ``hint`` (what the command takes)."""
    close = nearby(path)
    return UsageError(_("{path}: {problem}").format(path=path, problem=_(MISSING)),
                      hint=_('did you mean "{close}"?').format(close=close) if close is not None
                      else hint)


def nearby(path: Path) -> str | None:
    """The path as typed with its name replaced by the closest name in its folder
    (``hdf.toml`` for ``hfd.toml``, ``examples/HDF.toml`` for ``examples/hdf.toml``);
    None when none is close or the folder cannot be listed. Hidden names (a lock file)
    only for a hidden name; with a suffix, only names with the same suffix."""
    name = path.name
    try:
        names = [entry.name for entry in os.scandir(path.parent)]
    except OSError:
        return None
    candidates = [n for n in names if (n.startswith(".") == name.startswith("."))
                  and (not path.suffix or n.lower().endswith(path.suffix.lower()))]
    if not name or len(candidates) > _NEARBY_LIMIT:
        return None
    if not path.suffix and f"{name}.toml" in names:
        return str(path.with_name(f"{name}.toml"))
    # Compared without the suffix they share: "zzz" is not close to "x".
    stems = {n[:len(n) - len(path.suffix)]: n for n in candidates}
    close = closest(name[:len(name) - len(path.suffix)], stems)
    return str(path.with_name(stems[close])) if close is not None else None


Places = toml_parser.Places
"""Line, column and written text of key paths, from the parser (see toml_parser)."""
