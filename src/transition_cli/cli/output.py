"""One object owns the consoles: stdout for results, stderr for diagnostics."""

from __future__ import annotations

import functools
import re
import sys
from typing import TYPE_CHECKING, Any, TextIO, cast

from transition_cli.core.text import diagnostic, inert

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
        return self._out or sys.stdout

    @property
    def err_stream(self) -> TextIO:
        return self._err or sys.stderr

    def line(self, text: str = "") -> None:
        self.out_stream.write(text + "\n")

    def error(self, text: str) -> None:
        """Diagnostics: always inert (they quote file names and file text)."""
        self.err_stream.write(diagnostic(text) + "\n")

    @property
    def console(self) -> Console:
        # Made once per stream: tests (CliRunner) swap sys.stdout between invocations.
        stream = self.out_stream
        if self._console_out is None or _stream_of(self._console_out) is not stream:
            self._console_out = _console(stream)
        return self._console_out

    @property
    def err_console(self) -> Console:
        stream = self.err_stream
        if self._console_err is None or _stream_of(self._console_err) is not stream:
            self._console_err = _console(stream)
        return self._console_err


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
    file = console.file
    return file.stream if isinstance(file, _Trimmed) else file


@functools.lru_cache(maxsize=4)
def _console(stream: TextIO) -> Console:
    """One console per stream (tests swap sys.stdout between runs)."""
    from rich.console import Console

    # markup and highlighting off: text from files is data, never instructions.
    return Console(file=cast(TextIO, _Trimmed(stream)), markup=False, highlight=False,
                   emoji=False)


__all__ = ["Output", "inert"]
