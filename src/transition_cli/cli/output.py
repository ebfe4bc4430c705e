"""One object owns the consoles: stdout for results, stderr for diagnostics."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from transition_cli.text import inert

if TYPE_CHECKING:
    from rich.console import Console


class Output:
    """Plain writes need no rich; tables ask for ``console`` and pay for it then."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self._out = out
        self._err = err

    @property
    def out_stream(self) -> TextIO:
        return self._out or sys.stdout

    @property
    def err_stream(self) -> TextIO:
        return self._err or sys.stderr

    def line(self, text: str = "") -> None:
        self.out_stream.write(text + "\n")

    def error(self, text: str) -> None:
        self.err_stream.write(text + "\n")

    # Keyed by stream: sys.stdout changes between in-process runs (tests, CliRunner), and a
    # console kept from an earlier run would write to a closed stream.
    @property
    def console(self) -> Console:
        return _cached_console(self.out_stream)

    @property
    def err_console(self) -> Console:
        return _cached_console(self.err_stream)


_consoles: dict[int, tuple[TextIO, Console]] = {}


def _cached_console(stream: TextIO) -> Console:
    kept = _consoles.get(id(stream))
    if kept is None or kept[0] is not stream:
        kept = _consoles[id(stream)] = (stream, _console(stream))
    return kept[1]


def _console(stream: TextIO) -> Console:
    from rich.console import Console

    # markup and highlighting off: text from files is data, never instructions.
    return Console(file=stream, markup=False, highlight=False, emoji=False)


__all__ = ["Output", "inert"]
