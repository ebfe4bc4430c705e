"""Long output into the user's pager, as git does: only when standard output is a terminal.

The pager is ``$TRANSITION_PAGER``, else ``$PAGER``, else ``less`` if installed; an empty
value or ``cat`` means no pager. ``less`` runs with ``LESS=FRX`` unless ``LESS`` is set:
it quits at once when the text fits the screen, keeps the colours, and leaves the text on
the screen. Lines are written as they are made, so the first screen shows at once; quitting
the pager early ends the command quietly.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from typing import IO, TextIO

BATCH = 200  # lines per write


def pager_command() -> list[str] | None:
    """The pager to run, or None."""
    for name in ("TRANSITION_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            try:
                words = shlex.split(value, posix=os.name != "nt")
            except ValueError:  # an unbalanced quote: no pager rather than a traceback
                return None
            return None if not words or words == ["cat"] else words
    found = shutil.which("less")
    return [found] if found else None


@contextlib.contextmanager
def paged(stream: TextIO, enabled: bool = True) -> Iterator[IO[str]]:
    """A stream into the pager when ``stream`` is a terminal and paging is ``enabled``;
    ``stream`` itself otherwise."""
    command = pager_command() if enabled and _is_terminal(stream) else None
    if command is None:
        yield stream
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=env,  # noqa: S603
                                 text=True, encoding=getattr(stream, "encoding", None)
                                 or "utf-8", errors="replace")
    except OSError:
        yield stream
        return
    assert pager.stdin is not None
    try:
        yield pager.stdin
    except BrokenPipeError:
        pass  # the pager was quit before the end: nothing more to show
    finally:
        with contextlib.suppress(BrokenPipeError, OSError):
            pager.stdin.close()
        while True:
            try:
                pager.wait()
                break
            except KeyboardInterrupt:
                continue  # Ctrl-C belongs to the pager while it runs


def write_lines(stream: IO[str], lines: Iterable[str]) -> None:
    """``lines`` to ``stream`` in batches, each line ended."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= BATCH:
            stream.write("\n".join(batch) + "\n")
            batch.clear()
    if batch:
        stream.write("\n".join(batch) + "\n")
    stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and sys.platform != "emscripten"
    except (AttributeError, ValueError):
        return False
