"""One object owns the consoles: stdout for results, stderr for diagnostics.

Everything written through it passes one guard (``core.text.CiGuard``): no line of any
command's output can be read by a CI runner as a workflow command. ``out_stream``, where
the machine formats of ``check`` go (the github format's "::" lines are annotations on
purpose), breaks only the legacy "##[" commands, which no format means.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import TYPE_CHECKING, Any, TextIO, cast

from transition_cli.core.text import CiGuard, diagnostic, inert

if TYPE_CHECKING:
    from rich.console import Console


class Output:
    """Plain writes need no rich; tables ask for ``console`` and pay for it then."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self._out = out
        self._err = err
        self._console_out: Console | None = None
        self._console_err: Console | None = None

    @property
    def out_stream(self) -> TextIO:
        return cast(TextIO, _guarded(self._stdout, leading=False))

    @property
    def _stdout(self) -> TextIO:
        return self._out or sys.stdout

    @property
    def err_stream(self) -> TextIO:
        return self._err or sys.stderr

    def line(self, text: str = "") -> None:
        _guarded(self._stdout).write(text + "\n")

    def data(self, data: bytes) -> None:
        """Bytes a command made (a report, a CSV) to stdout, through the same guard."""
        stream = _guarded(self._stdout)
        text = stream.guard.feed(data.decode("utf-8", "surrogateescape"))
        raw = self._stdout
        raw.flush()
        if hasattr(raw, "buffer"):
            raw.buffer.write(text.encode("utf-8", "surrogateescape"))
        else:
            raw.write(text)
        raw.flush()

    def error(self, text: str) -> None:
        """Diagnostics: always inert (they quote file names and file text)."""
        _guarded(self.err_stream).write(diagnostic(text) + "\n")

    @property
    def console(self) -> Console:
        # Made once per stream: tests (CliRunner) swap sys.stdout between invocations.
        stream = self._stdout
        if self._console_out is None or _stream_of(self._console_out) is not stream:
            self._console_out = _console(stream)
        return self._console_out

    @property
    def err_console(self) -> Console:
        stream = self.err_stream
        if self._console_err is None or _stream_of(self._console_err) is not stream:
            self._console_err = _console(stream)
        return self._console_err


class _Guarded:
    """A text stream whose writes pass a ``CiGuard``; everything else is the stream's."""

    def __init__(self, stream: TextIO, *, leading: bool = True) -> None:
        self.stream = stream
        self.guard = CiGuard(leading=leading)

    def write(self, text: str) -> int:
        self.stream.write(self.guard.feed(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@functools.lru_cache(maxsize=8)
def _guarded(stream: TextIO, *, leading: bool = True) -> _Guarded:
    """One guard per stream, shared by plain writes and the console (one line state)."""
    return _Guarded(stream, leading=leading)


_SGR = re.compile(r"\x1b\[[0-9;]*m\Z")


def trim_line_end(line: str) -> str:
    """``line`` without trailing spaces; colour codes among them stay (they reset)."""
    end, codes, trimmed = len(line), [], False
    while end:
        if line[end - 1] == " ":
            kept = len(line[:end].rstrip(" "))
            end, trimmed = kept, True
            continue
        start = line.rfind("\x1b[", 0, end)
        if start < 0 or not _SGR.match(line, start, end):
            break
        codes.append(line[start:end])
        end = start
    return line[:end] + "".join(reversed(codes)) if trimmed else line


def trim_line_ends(text: str) -> str:
    """``text`` without spaces before its line breaks (the unfinished last line is kept)."""
    lines = text.split("\n")
    return "\n".join([*(trim_line_end(line) for line in lines[:-1]), lines[-1]])


class _Trimmed:
    """A text stream that drops the spaces tables pad lines with (a nuisance in e-mails
    and diffs). Rich writes whole lines per print, so each write is trimmed alone."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(trim_line_ends(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, flush...
        return getattr(self.stream, name)


def _stream_of(console: Console) -> object:
    """The stream a console writes to, under the trimming and the guard."""
    file: Any = console.file
    while isinstance(file, _Trimmed | _Guarded):
        file = file.stream
    return file


@functools.lru_cache(maxsize=4)
def _console(stream: TextIO) -> Console:
    """One console per stream (tests swap sys.stdout between runs)."""
    from rich.console import Console

    # markup and highlighting off: text from files is data, never instructions.
    # Trimmed, then guarded: the guard sees the lines as they are written.
    guarded = cast(TextIO, _guarded(stream))
    return Console(file=cast(TextIO, _Trimmed(guarded)), markup=False, highlight=False,
                   emoji=False)


__all__ = ["Output", "inert"]
