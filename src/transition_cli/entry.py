"""The console script: which commands there are, a shell's Tab answered before the command
line loads where it can be (``tab``), and Ctrl-C while it loads ending quietly."""

from __future__ import annotations

import errno
import gc
import io
import os
import sys
from collections.abc import Mapping
from pathlib import Path

COMMANDS: Mapping[str, str] = {
    # command -> the module of transition_cli.cli that registers it, in --help's order
    "calendar": "calendar_cmd",
    "calls": "calls_cmd",
    "check": "check_cmd",
    "due": "due_cmd",
    "init": "init_cmd",
    "log": "record_cmd",
    "regions": "regions_cmd",
    "rules": "rules_cmd",
    "schema": "schema_cmd",
    "status": "views_cmd",
    "timeline": "views_cmd",
    "report": "views_cmd",
    "export": "views_cmd",
}
RECORDING = "record_cmd"
"""The module that registers one group per journal-kind group (``ledger.kinds.GROUPS``)."""


def complete_var(prog_name: str) -> str:
    """The variable a shell's completion script sets: ``_TRANSITION_COMPLETE``."""
    return "_{}_COMPLETE".format(prog_name.replace("-", "_").upper())


class _Closed(io.TextIOBase):
    """A standard stream that was closed when the command started (``>&-``), where Python
    leaves None: writing to it fails as writing to a closed descriptor does, an OSError
    that the commands report (exit 2), never an AttributeError's traceback."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return 0


def _writable_streams() -> None:
    """Standard output and error as every command can write them: a stream closed at start
    fails each write with an OSError (standard error, where that error would go, then
    writes nowhere), and a character the stream's encoding cannot hold (an ASCII-only
    PYTHONIOENCODING) is written as "?" rather than ending in a traceback."""
    if sys.stdout is None:
        sys.stdout = _Closed()
    if sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - the run's
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


def main() -> None:
    _writable_streams()
    try:
        if os.environ.get(complete_var(Path(sys.argv[0]).name)):
            from transition_cli.tab import run as complete

            complete()  # returns when Typer must answer (a line it cannot be sure of)
        from transition_cli.cli import main as run

        # What is loaded so far lives as long as the process: the cyclic garbage collector
        # need not walk it again each time a big file's records fill a generation (~5 % of
        # a status of 20,000 entries). And it runs after 200,000 new objects rather than
        # 700, as mypy's does: a big file's tables and records fill the young generation
        # thousands of times, each walk for nothing (reference counting frees them), 2.4 %
        # of a status of 20,000 entries; what a cycle holds is still freed, later.
        gc.freeze()
        gc.set_threshold(200_000, 30, 30)
        run()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None


def console() -> None:
    """The ``transition`` command: ``main``, then out of the process without the
    interpreter's teardown, as mypy leaves (freeing every object and module one by one is
    ~2.5 % of a one-file check and ~15 ms of a big status). Output is flushed first; should
    that fail (a closed pipe), Python's own exit handles it as it always did."""
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    if not isinstance(code, int | None):
        raise SystemExit(code)  # a message to print: Python's way
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream
        raise SystemExit(code) from None
    os._exit(code or 0)
