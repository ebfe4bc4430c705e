"""One object owns the consoles: stdout for results, stderr for diagnostics."""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, TextIO

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
        if self._console_out is None or self._console_out.file is not stream:
            self._console_out = _console(stream)
        return self._console_out

    @property
    def err_console(self) -> Console:
        stream = self.err_stream
        if self._console_err is None or self._console_err.file is not stream:
            self._console_err = _console(stream)
        return self._console_err


@functools.lru_cache(maxsize=4)
def _console(stream: TextIO) -> Console:
    """One console per stream (tests swap sys.stdout between runs)."""
    from rich.console import Console

    # markup and highlighting off: text from files is data, never instructions.
    return Console(file=stream, markup=False, highlight=False, emoji=False)


__all__ = ["Output", "inert"]
