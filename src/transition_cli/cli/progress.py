"""A progress bar for long work: drawn with Rich on standard error when it is a terminal,
and only once the work has taken more than a second (a quick run shows nothing, a piped or
CI run never does). The domain reports through a ``core.progress.Progress`` callback."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from transition_cli.cli.common import output
from transition_cli.core.progress import FILES, PLANS, Progress

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

DELAY = 1.0
"""Seconds of work before a bar shows."""
REFRESH = 0.1
"""Seconds between redraws (drawn from the callback: no thread, so the workers ``check``
forks never inherit one)."""


def _said(stage: str, done: int, total: int | None) -> str:
    """``Checking files: 1,200 of 5,000 files``, in the run's language."""
    from decimal import Decimal

    from transition_cli.core.i18n import ngettext
    from transition_cli.core.money import number

    n = total if total is not None else done
    if stage == FILES:
        text = (ngettext("Checking files: {done} file", "Checking files: {done} files", n)
                if total is None else
                ngettext("Checking files: {done} of {total} file",
                         "Checking files: {done} of {total} files", n))
    elif stage == PLANS:
        text = (ngettext("Judging plans: {done} plan", "Judging plans: {done} plans", n)
                if total is None else
                ngettext("Judging plans: {done} of {total} plan",
                         "Judging plans: {done} of {total} plans", n))
    else:
        text = "{stage}: {done}" if total is None else "{stage}: {done} / {total}"
    return text.format(stage=stage, done=number(Decimal(done)),
                       total=number(Decimal(total or 0)))


class Bar:
    """The callback the domain reports to: nothing for the first ``DELAY`` seconds, then a
    transient Rich bar (it disappears when the work is done, so the output that follows
    starts on a clean line)."""

    def __init__(self, console: Console, clock: Callable[[], float] = time.monotonic) -> None:
        self._console = console
        self._clock = clock
        self._start = clock()
        self._drawn = 0.0
        self._bar: RichProgress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = self._clock()
        if self._bar is None:
            if now - self._start < DELAY or (total is not None and done >= total):
                return
            self._bar = _rich_bar(self._console)
            self._bar.start()
        description = _said(stage, done, total)
        task = self._tasks.get(stage)
        if task is None:
            for earlier in self._tasks.values():  # the stage before is over
                self._bar.update(earlier, total=1, completed=1)
            task = self._tasks[stage] = self._bar.add_task(description, total=total)
        self._bar.update(task, description=description, completed=done, total=total)
        if now - self._drawn >= REFRESH:
            self._bar.refresh()
            self._drawn = now

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _rich_bar(console: Console) -> RichProgress:
    from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    return RichProgress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                        TimeElapsedColumn(), console=console, transient=True,
                        auto_refresh=False)


@contextlib.contextmanager
def progress_bar(*, enabled: bool = True) -> Iterator[Progress | None]:
    """A ``Bar`` on standard error for the block, or None (nothing drawn, rich not even
    imported) when ``enabled`` is false or standard error is not an interactive terminal."""
    stream = output.err_stream
    try:
        interactive = enabled and stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        interactive = False
    if not interactive:
        yield None
        return
    console = output.err_console
    if not console.is_terminal or console.is_dumb_terminal:
        yield None
        return
    bar = Bar(console)
    try:
        yield bar
    finally:
        bar.close()
