"""What is due, as a table laid out for the width it is drawn at (``transition due`` and the
status view's "next 30 days" section).

Dates and ids never wrap; titles wrap at spaces; the command that records an item is shown
whole where it fits, else folded, never cut. Wide: a column each. Narrower: the date over
how soon, the command under the title. Narrowest: everything under the date. Overdue items
say OVERDUE in words, so the mark does not rest on colour.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from transition_cli.core.i18n import _
from transition_cli.core.text import plural
from transition_cli.due import DueItem, DueList
from transition_cli.render.layout import Balanced, FilePath, Responsive, at_slashes, packed
from transition_cli.render.tables import safe
from transition_cli.views import DeliverableRow

TITLE_MIN = 16
STATUS_ROWS = 12  # status lists the soonest; `transition due` lists them all
WIDE_TITLE_MIN = 30  # narrower, the title and its file read better above the command


def _when(item: DueItem) -> Text:
    if item.overdue:
        return Text(_("OVERDUE {days} d").format(days=-item.days), style="bold red")
    return Text(item.when, style="bold yellow" if item.days <= 7 else "")


class Command:
    """A command to copy: wraps at spaces, and only a word longer than a line (a long path)
    after a slash, so it reads whole and pastes whole (folds only a piece longer than the
    width)."""

    def __init__(self, command: str, style: str = "cyan") -> None:
        self.command, self.style = command, style
        self.words = command.split() or [command]

    def lines(self, width: int) -> Iterator[str]:
        line = ""
        for word in self.words:
            joined = f"{line} {word}" if line else word
            if cell_len(joined) <= width:
                line = joined
                continue
            if line:
                yield line
            *full, line = list(packed(at_slashes(word), width))
            yield from full
        if line:
            yield line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        text = Text("\n".join(self.lines(width)), style=self.style)
        yield Text("\n").join(text.wrap(console, width, overflow="fold"))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        pieces = [p for w in self.words for p in at_slashes(w)]
        return Measurement(max(cell_len(p) for p in pieces), cell_len(self.command))


def _what(item: DueItem, files: bool) -> Group:
    """``milestone M3 Title``, its detail, and (across files) the file it is in; a path
    wraps after a slash."""
    text = Text()
    text.append(_(item.kind) + " ", style="dim")
    text.append(safe(item.id).plain, style="bold")
    text.append(" " + safe(item.title).plain)
    parts: list[RenderableType] = [Balanced(text)]
    if item.detail:
        parts.append(Text(safe(item.detail).plain, style="dim"))
    if files:
        parts.append(FilePath(safe(item.file).plain + (f" ({safe(item.name).plain})"
                                                       if item.name else ""), style="dim"))
    return Group(*parts)


def _frame(leading: int = 0) -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, leading=leading)


def _wide(items: Sequence[DueItem], files: bool) -> Table:
    table = _frame()
    table.add_column(_("due"), no_wrap=True)
    table.add_column(_("when"), no_wrap=True)
    table.add_column(_("what"), ratio=1, min_width=WIDE_TITLE_MIN, overflow="fold")
    table.add_column(_("record it with"), no_wrap=True)
    for item in items:
        table.add_row(str(item.date), _when(item), _what(item, files),
                      Text(safe(item.record).plain, style="cyan"))
    return table


def _stacked(items: Sequence[DueItem], files: bool) -> Table:
    table = _frame(leading=1)
    table.add_column(_("due\nwhen"), no_wrap=True)
    table.add_column(_("what, and the command that records it"), ratio=1,
                     min_width=TITLE_MIN, overflow="fold")
    for item in items:
        when = Text(str(item.date) + "\n")
        when.append_text(_when(item))
        table.add_row(when, Group(_what(item, files), Command(safe(item.record).plain)))
    return table


def due_table(items: Sequence[DueItem], files: bool = True) -> RenderableType:
    """The items, soonest first; ``files``: say which file each comes from."""
    return Responsive([lambda: _wide(items, files), lambda: _stacked(items, files)])


def due_list(due: DueList) -> RenderableType:
    """``transition due``: a title, the items (or that nothing is due), a count."""
    files = len(due.files) > 1
    title = Text(_("Due as of {as_of}: overdue, and within {span} (to {until})").format(
        as_of=due.as_of, span=plural(due.within, "day"), until=due.until), style="bold")
    count_files = plural(len(due.files), "file")
    where = Text(_("{count}: {files}").format(
                     count=count_files, files=", ".join(safe(f).plain for f in due.files))
                 if len(due.files) <= 3 else count_files, style="dim")
    if not due.items:
        return Group(Balanced(title), Balanced(where),
                     Text(_("Nothing overdue or due in that time.")))
    late = len(due.overdue)
    count = Text(plural(len(due.items), "item")
                 + (_(", {late} overdue").format(late=late) if late else ""))
    return Group(Balanced(title), Balanced(where), due_table(due.items, files), count)


def _indented(text: Text) -> Padding:
    """A list item: every line it wraps to is indented, not only the first."""
    return Padding(Balanced(text), (0, 0, 0, 2))


def _deliverable(d: DeliverableRow) -> Text:
    """``D1 Strategy, as adopted (closes M4): due 2018-11-30, sent 2018-12-10, +10 d late``"""
    text = Text()
    text.append(safe(d.id).plain, style="bold")
    text.append(" " + safe(d.title).plain)
    if d.milestone:
        text.append(_(" (closes {milestone})").format(milestone=safe(d.milestone).plain),
                    style="dim")
    text.append(_(": due {due}").format(due=d.due))
    if d.submitted is not None:
        text.append(_(", sent {submitted}, ").format(submitted=d.submitted))
        text.append(_("+{late_days} d late").format(late_days=d.late_days) if d.late_days
                    else _("on time"),
                    style="red" if d.late_days else "green")
    return text


def status_section(items: Sequence[DueItem], within: int,
                   deliverables: Sequence[DeliverableRow] = ()) -> RenderableType:
    """The status view's one section of what is due: the items of the next ``within``
    days (and what is overdue); then, for a strategy, the deliverables not listed: those
    sent (on time or late) and those due later."""
    parts: list[RenderableType] = [Text(_("What is due (next {within} days)").format(
        within=within), style="bold")]
    shown = items[:STATUS_ROWS]
    parts.append(due_table(shown, files=False) if items else
                 Text(_("Nothing overdue or due in the next {within} days.").format(
                     within=within), style="dim"))
    if len(items) > len(shown):
        more = items[len(shown):]
        late = sum(1 for i in more if i.overdue)
        file = shlex.quote(items[0].file)
        parts.append(Balanced(Text(
            (_("and {more} more, {late} of them overdue: all of them with `{command}`") if late
             else _("and {more} more: all of them with `{command}`"))
            .format(more=len(more), late=late,
                    command=f"transition due {file} --within {within}"))))
        parts.append(Text(""))
    listed = {i.id for i in items if i.kind == "deliverable"}
    sent = [d for d in deliverables if d.submitted is not None]
    later = [d for d in deliverables if d.submitted is None and d.id not in listed]
    if sent:
        parts.append(Text(_("Sent to the Commission"), style="bold"))
        parts += [_indented(_deliverable(d)) for d in sent]
    if later:
        parts.append(Text(_("Due to the Commission later"), style="bold"))
        parts += [_indented(_deliverable(d)) for d in later]
    if sent or later or not items:  # a table ends with its own blank line
        parts.append(Text(""))
    return Group(*parts)
