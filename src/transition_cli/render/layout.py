"""Layouts that adapt to the width they are given, so no view drops or cuts a figure.

``Responsive`` holds a view's layouts from widest to narrowest and shows the first whose
narrowest form fits: columns that never wrap (amounts, dates, references) stay whole, and
text columns keep their ``min_width``. The last layout is shown when none fits; it folds
rather than cuts. ``Balanced`` wraps a sentence into lines of about equal length, so a
wrapped line never leaves one word alone on the next.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from transition_cli.core.i18n import _

SEPARATOR = "· "
LONG_TEXT = 1_000
"""The most characters of one text from a file a view shows (``clip``)."""
# Wide enough that a measurement is never clamped by the width it is asked about.
UNBOUNDED = 10_000


def minimum_width(renderable: RenderableType, console: Console, options: ConsoleOptions
                  ) -> int:
    """The narrowest width ``renderable`` can be drawn at without cutting anything.

    Rich measures a table's minimum from its cells' longest words, even in columns that
    never wrap; here such a column counts at its widest cell (an amount, a date, a
    reference), the others at their longest word or their ``min_width``."""
    wide = options.update_width(UNBOUNDED)
    if isinstance(renderable, Group):
        return max((minimum_width(part, console, options) for part in renderable.renderables),
                   default=0)
    if not isinstance(renderable, Table):
        return Measurement.get(console, wide, renderable).minimum
    # The same frame (box, padding, edges) around columns of the widths found.
    frame = Table(box=renderable.box, padding=renderable.padding,
                  pad_edge=renderable.pad_edge, collapse_padding=renderable.collapse_padding,
                  show_edge=renderable.show_edge, show_header=False)
    for column in renderable.columns:
        cells = [*([column.header] if renderable.show_header else []), *column.cells]
        if column.no_wrap:
            need = max((Measurement.get(console, wide, c).maximum for c in cells), default=0)
        else:
            need = max((minimum_width(c, console, options) for c in cells), default=0)
        frame.add_column(width=max(need, column.min_width or 0, 1))
    return Measurement.get(console, wide, frame).minimum


def pin(renderable: RenderableType, console: Console, options: ConsoleOptions, *,
        nested: bool = False) -> None:
    """Hold the ``no_wrap`` columns of tables nested in cells at their widest cell, so the
    table around them gives them their room (Rich does so for its own columns only)."""
    if isinstance(renderable, Group):
        for part in renderable.renderables:
            pin(part, console, options, nested=nested)
    if not isinstance(renderable, Table):
        return
    wide = options.update_width(UNBOUNDED)
    for column in renderable.columns:
        cells = list(column.cells)
        for cell in cells:
            if isinstance(cell, Table | Group):
                pin(cell, console, options, nested=True)
        if nested and column.no_wrap:
            widest = max((Measurement.get(console, wide, c).maximum
                          for c in [column.header, *cells]), default=0)
            column.min_width = max(column.min_width or 0, widest)


class Responsive:
    """The first of ``layouts`` (widest first) that fits the width it is drawn at."""

    def __init__(self, layouts: Sequence[Callable[[], RenderableType]]) -> None:
        if not layouts:
            raise ValueError("Responsive needs at least one layout")
        self.layouts = layouts

    def pick(self, console: Console, options: ConsoleOptions) -> RenderableType:
        layout = self.layouts[0]()
        for make in self.layouts[1:]:
            if minimum_width(layout, console, options) <= options.max_width:
                break
            layout = make()
        pin(layout, console, options)
        return layout

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.pick(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.pick(console, options))


class Balanced:
    """``text`` wrapped at spaces into lines of about equal length (each paragraph).

    Greedy wrapping fills each line and may leave a single word on the last one; this
    wraps at the narrowest width that needs no more lines than the greedy wrap."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def lines(self, console: Console, width: int) -> Iterable[Text]:
        for paragraph in self.text.split("\n", allow_blank=True):
            if paragraph.plain and paragraph.cell_len <= width and "\t" not in paragraph.plain:
                yield paragraph  # it fits as it is: one line, nothing to wrap or move
                continue
            wrapped = paragraph.wrap(console, width, overflow="fold")
            if len(wrapped) > 1:
                longest = max((cell_len(w) for w in paragraph.plain.split()), default=1)
                hi = width  # never fold a word that greedy wrapping keeps whole
                lo = min(hi, max(longest, -(-paragraph.cell_len // len(wrapped))))
                while lo < hi:  # fewest columns still giving len(wrapped) lines
                    mid = (lo + hi) // 2
                    if len(paragraph.wrap(console, mid, overflow="fold")) <= len(wrapped):
                        hi = mid
                    else:
                        lo = mid + 1
                wrapped = paragraph.wrap(console, hi, overflow="fold")
            yield from _separators_up(list(wrapped), width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n").join(self.lines(console, options.max_width))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)


def _separators_up(lines: list[Text], width: int) -> list[Text]:
    """A `` · `` separating two facts ends a line rather than starts the next one."""
    for n in range(1, len(lines)):
        line, before = lines[n], lines[n - 1]
        before.rstrip()
        if line.plain.startswith(SEPARATOR) and before.cell_len + 2 <= width:
            before.append(" ")
            before.append_text(line[:1])
            lines[n] = line[len(SEPARATOR):]
    return [line for line in lines if line.plain]


def at_slashes(text: str) -> list[str]:
    """``a/b/c.toml`` -> ``a/``, ``b/``, ``c.toml``: where a path may wrap."""
    return re.findall(r"[^/]*/|[^/]+$", text) or [text]


def packed(parts: Iterable[str], width: int, line: str = "") -> Iterator[str]:
    """``parts`` joined into lines of at most ``width`` cells (a part longer than that is
    a line of its own, for the renderer to fold), starting after ``line``."""
    for part in parts:
        if line and cell_len(line + part) > width:
            yield line
            line = ""
        line += part
    if line:
        yield line


class FilePath:
    """A file's path that wraps after a slash rather than inside a name (folds only a
    name longer than the width)."""

    def __init__(self, path: str, style: str = "") -> None:
        self.path, self.style = path, style
        self.parts = at_slashes(path)

    def lines(self, width: int) -> Iterable[str]:
        return packed(self.parts, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        text = Text("\n".join(self.lines(width)), style=self.style)
        yield Text("\n").join(text.wrap(console, width, overflow="fold"))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(max(cell_len(p) for p in self.parts), cell_len(self.path))


def clip(text: str, limit: int = LONG_TEXT) -> str:
    """``text`` as views show it: whole up to ``limit`` characters; beyond that its start
    and how much more the file holds (``... [2,999,000 more characters in the file]``). A
    title of megabytes would flood the screen and take Rich minutes to wrap; what is cut
    is said, never dropped silently."""
    if len(text) <= limit:
        return text
    return _("{text}… [{text2:,} more characters in the file]").format(
             text=text[:limit].rstrip(), text2=len(text) - limit)
