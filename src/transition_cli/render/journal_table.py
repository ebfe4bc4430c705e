"""The journal as a table (``transition log``), laid out for the width it is drawn at and
written a row at a time.

Dates, kinds, amounts, references and ids never wrap; notes wrap at spaces into lines of
about equal length. Wide: a column each. Narrower: the subject under the kind and the
reference under the amount. Narrowest: an entry's facts one under the other beside its
number and date.

An entry a void cancels is still shown, dimmed and marked in words (``VOID``: by which
entry, when, by whom and why), so the mark does not rest on colour.

A journal may hold 100,000 entries. A Rich table costs about a millisecond a row and holds
every row in memory until it is drawn, so the table is laid out here as Rich lays out
tables (the same measurements, the same way of narrowing the columns that wrap, the same
wrapping and padding, ``box.SIMPLE_HEAD``) and written as plain lines, a row at a time:
the first rows show at once, and memory does not grow with the rows written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import pairwise

from rich.cells import cell_len, chop_cells

from transition_cli.core.i18n import N_, _
from transition_cli.core.model import JournalEntry
from transition_cli.core.money import days, grouped
from transition_cli.core.records import record
from transition_cli.core.text import inert, lines, plural
from transition_cli.render.layout import SEPARATOR, clip

Subject = Callable[[JournalEntry], str]
Voided = Mapping[int, JournalEntry]
"""Entry index -> the void in force that cancels it."""

Span = tuple[str, str]
"""(text, style) where style is "", "bold" or "dim"."""
Lines = list[list[Span]]
"""A cell as lines, each a list of styled spans."""

LEFT, RIGHT = "left", "right"


# ---------------------------------------------------------------------------------------
# What each entry shows


def quantity(e: JournalEntry) -> str:
    """``24,000.00`` (EUR) or ``12.5 d``."""
    if e.amount is not None:
        return grouped(e.amount)
    return _("{days} d").format(days=days(e.days)) if e.days is not None else ""


def facts(e: JournalEntry) -> list[str]:
    """What an addition says besides its subject: dates, owner, rate, planned days..."""
    out = [f"{label} {inert(str(value))}" for label, value in (
        ("starts", e.start), ("owner", e.owner), ("deliverable", e.deliverable),
        ("role", e.role), ("organisation", e.organisation), ("theme", e.theme)) if value]
    if e.depends_on:
        out.append(_("after ") + ", ".join(inert(d) for d in e.depends_on))
    if e.day_rate is not None:
        out.append(_("day rate {grouped}").format(grouped=grouped(e.day_rate)))
    if e.planned_days is not None:
        out.append(_("{plural} planned").format(plural=plural(e.planned_days, 'day')))
    return out


def void_mark(void: JournalEntry) -> str:
    """``VOID: entry 9, 2018-06-02, by Sophie Lefèvre: paid twice``"""
    by = _(", by {by}").format(by=void.by) if void.by else ""
    return clip(inert(_("VOID: entry {index}, {date}{by}: {reason}").format(
                        index=void.index + 1, date=void.date, by=by, reason=void.reason)))


@record
class Row:
    """One entry's cells as text, made inert."""

    number: str
    date: str
    kind: str
    about: str
    quantity: str
    ref: str
    # Paragraphs: the void that cancels it (bold), reason, note and facts, "by ..." (dim).
    note: tuple[Span, ...]
    dim: bool = False  # a voided entry: the whole row dimmed


def row(e: JournalEntry, subject: Subject, void: JournalEntry | None = None) -> Row:
    note: list[Span] = [(void_mark(void), "bold")] if void is not None else []
    # A note may span lines: its lines stay lines (each wraps at spaces).
    text = clip("; ".join(t for t in (inert(e.reason), lines(e.note), *map(inert, facts(e)))
                          if t))
    if text:
        note += [(line, "") for line in text.split("\n")]
    if e.by:
        note.append((_("by ") + clip(inert(e.by)), "dim"))
    return Row(str(e.index + 1), e.date.isoformat(), inert(e.kind), clip(inert(subject(e))),
               quantity(e), clip(inert(e.ref or "")), tuple(note), void is not None)


# ---------------------------------------------------------------------------------------
# Wrapping, as Rich wraps Text (rich._wrap.divide_line, overflow "fold")

_WORD = re.compile(r"\s*\S+\s*")


def wrap(text: str, width: int) -> list[str]:
    """``text`` (one paragraph) in lines of at most ``width`` cells, as ``Text.wrap``
    (overflow fold) breaks it: at spaces, a word longer than a line folded, whitespace
    past the width dropped."""
    width = max(width, 1)
    if width_of(text) <= width:
        return [text]
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = cell_len(word.rstrip())
        if width - offset >= length:
            offset += cell_len(word)
        elif length > width:
            chunks = chop_cells(word, width)
            for n, chunk in enumerate(chunks):
                if start:
                    breaks.append(start)
                if n == len(chunks) - 1:
                    offset = cell_len(chunk)
                else:
                    start += len(chunk)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    bounds = [0, *breaks, len(text)]
    return [_rstrip_end(text[a:b], width) for a, b in pairwise(bounds)]


def _rstrip_end(line: str, width: int) -> str:
    """Whitespace beyond ``width`` cells dropped (``Text.rstrip_end``)."""
    if cell_len(line) <= width:
        return line
    stripped = line.rstrip()
    return stripped if cell_len(stripped) >= width else stripped + " " * (width - cell_len(
        stripped))


def fit(text: str, width: int, ellipsis: bool = False) -> str:
    """``text`` cut to ``width`` cells (what Rich does to a line still too long): folded,
    or with an ellipsis."""
    if width_of(text) <= width:
        return text
    if ellipsis:
        return (chop_cells(text, width - 1)[0] if width > 1 else "") + "…"
    return chop_cells(text, width)[0]


@functools.lru_cache(maxsize=4096)
def balanced(text: str, width: int) -> tuple[str, ...]:
    """``text`` wrapped at the narrowest width that needs no more lines than a greedy
    wrap (``layout.Balanced``), separators `` · `` kept at the end of a line. Journals
    repeat themselves ("by Sophie Lefèvre"): each text and width is worked out once."""
    wrapped = [fit(line, width) for line in wrap(text, width)]
    if len(wrapped) > 1:
        longest = max((cell_len(w) for w in text.split()), default=1)
        hi = width
        lo = min(hi, max(longest, -(-cell_len(text) // len(wrapped))))
        while lo < hi:
            mid = (lo + hi) // 2
            if len(wrap(text, mid)) <= len(wrapped):
                hi = mid
            else:
                lo = mid + 1
        wrapped = [fit(line, hi) for line in wrap(text, hi)]
    return tuple(_separators_up(wrapped, width))


def _separators_up(lines: list[str], width: int) -> list[str]:
    for n in range(1, len(lines)):
        line, before = lines[n], lines[n - 1].rstrip()
        lines[n - 1] = before
        if line.startswith(SEPARATOR) and cell_len(before) + 2 <= width:
            lines[n - 1] = before + " " + line[:1]
            lines[n] = line[len(SEPARATOR):]
    return [line for line in lines if line]


# ---------------------------------------------------------------------------------------
# Cells: paragraphs of styled text kept on one line (keep), wrapped at spaces (fold), or
# balanced (``layout.Balanced``); a cell stacks several.

Part = tuple[str, str, str]  # (text, style, how): how = keep, fold, balance
Cell = tuple[Part, ...]


def width_of(text: str) -> int:
    """Cells ``text`` takes on a terminal (``rich.cells.cell_len``, quicker for ASCII)."""
    return len(text) if text.isascii() else cell_len(text)


def longest_word(text: str) -> int:
    return max((width_of(w) for w in text.split()), default=0)


def measure(cell: Cell) -> tuple[int, int]:
    """(narrowest, widest) as Rich measures Text: the longest word (the longest line when
    there is no word), the longest line; the balanced paragraphs are one Text, the others
    another."""
    low = high = 0
    for balance in (False, True):
        texts = [text for text, _, how in cell if (how == "balance") is balance]
        if texts:
            widest = max(width_of(text) for text in texts)
            words = max(longest_word(text) for text in texts)
            low = max(low, words or widest)
            high = max(high, widest)
    return low, high


def lines_of(cell: Cell, width: int) -> Lines:
    out: Lines = []
    balanced_lines = 0
    for text, style, how in cell:
        pieces: Sequence[str]
        if how == "keep":
            pieces = [fit(text, width, ellipsis=True)]
        elif how == "balance":
            pieces = balanced(text, width) if text else []
            balanced_lines += len(pieces)
        else:
            pieces = [fit(line, width) for line in wrap(text, width)]
        out.extend([[(piece, style)] for piece in pieces])
    if not balanced_lines and any(how == "balance" for _, _, how in cell):
        out.append([("", "")])  # a blank note still takes its line, as Rich draws it
    return out


def keep(text: str, style: str = "") -> Cell:
    return tuple((line, style, "keep") for line in text.split("\n"))


def _note(r: Row) -> Cell:
    return tuple((text, style, "balance") for text, style in r.note)


@record
class Column:
    header: str
    justify: str = LEFT
    no_wrap: bool = False
    min_width: int = 0


@record
class Layout:
    columns: tuple[Column, ...]
    cells: Callable[[Row], tuple[Cell, ...]]
    leading: int = 0


def _wide(r: Row) -> tuple[Cell, ...]:
    return (keep(r.number), keep(r.date), keep(r.kind), ((r.about, "", "fold"),),
            keep(r.quantity), keep(r.ref), _note(r))


def _stacked(r: Row) -> tuple[Cell, ...]:
    figures = "\n".join(x for x in (r.quantity, r.ref) if x)
    return (keep(r.number), keep(r.date), ((r.kind, "", "fold"), (r.about, "", "fold")),
            keep(figures), _note(r))


def _narrow(r: Row) -> tuple[Cell, ...]:
    what: list[Part] = [(f"{r.kind} {r.about}", "", "fold")]
    figures = " · ".join(x for x in (r.quantity, r.ref) if x)
    if figures:
        what.append((figures, "", "fold"))
    return keep(r.number), keep(r.date), (*what, *_note(r))


NOTE = N_("note, recorded by")
WIDE, STACKED, NARROW = LAYOUTS = (
    Layout((Column("#", RIGHT, True), Column(N_("date"), no_wrap=True),
            Column(N_("kind"), no_wrap=True), Column(N_("about")),
            Column(N_("EUR / days"), RIGHT, True), Column(N_("ref"), no_wrap=True),
            Column(NOTE, min_width=20)), _wide),
    Layout((Column("#", RIGHT, True), Column(N_("date"), no_wrap=True), Column(N_("kind\nabout")),
            Column(N_("EUR / days\nref"), RIGHT, True), Column(NOTE, min_width=20)), _stacked),
    Layout((Column("#", RIGHT, True), Column(N_("date"), no_wrap=True), Column(N_("entry"))),
           _narrow, leading=1),
)


# ---------------------------------------------------------------------------------------
# Column widths, as Rich's Table works them out (box.SIMPLE_HEAD, pad_edge=False,
# collapse_padding=True: one space after each cell but the last, one between columns)


@record(frozen=False, slots=False)
class Measures:
    """Each column's narrowest and widest cell, header included."""

    low: list[int]
    high: list[int]

    def add(self, n: int, low: int, high: int) -> None:
        self.low[n] = max(self.low[n], low)
        self.high[n] = max(self.high[n], high)


def _header(column: Column) -> Cell:
    how = "keep" if column.no_wrap else "fold"
    return tuple((line, "bold", how) for line in _(column.header).split("\n"))


def _measures(rows: Sequence[Row]) -> tuple[Measures, Measures, Measures]:
    """The three layouts' measures in one pass: each row's texts measured once."""
    found = []
    for layout in LAYOUTS:
        heads = [measure(_header(c)) for c in layout.columns]
        found.append(Measures([low for low, _ in heads], [high for _, high in heads]))
    number = kind = about = about_low = amount = ref = note_low = note_high = 0
    kind_about_low = what_low = what_high = 0
    for r in rows:
        n_number, n_kind, n_about = width_of(r.number), width_of(r.kind), width_of(r.about)
        n_about_word, n_kind_word = longest_word(r.about), longest_word(r.kind)
        n_amount, n_ref = width_of(r.quantity), width_of(r.ref)
        if r.note:
            low, high = measure(_note(r))
            note_low, note_high = max(note_low, low), max(note_high, high)
        number, kind, about = max(number, n_number), max(kind, n_kind), max(about, n_about)
        about_low = max(about_low, n_about_word or n_about)
        amount, ref = max(amount, n_amount), max(ref, n_ref)
        kind_about_low = max(kind_about_low,
                             max(n_kind_word, n_about_word) or max(n_kind, n_about))
        figures = " · ".join(x for x in (r.quantity, r.ref) if x)
        high = max(n_kind + 1 + n_about, width_of(figures))
        what_high = max(what_high, high)
        what_low = max(what_low, max(n_kind_word, n_about_word, longest_word(figures)) or high)
    wide, stacked, narrow = found
    for m in found:
        m.add(0, number, number)
        m.add(1, 10, 10)
    wide.add(2, kind, kind)
    wide.add(3, about_low, about)
    wide.add(4, amount, amount)
    wide.add(5, ref, ref)
    wide.add(6, note_low, note_high)
    stacked.add(2, kind_about_low, max(kind, about))
    stacked.add(3, max(amount, ref), max(amount, ref))
    stacked.add(4, note_low, note_high)
    narrow.add(2, max(what_low, note_low), max(what_high, note_high))
    return wide, stacked, narrow


def _padding(n: int, count: int) -> int:
    return 0 if n == count - 1 else 1


def minimum_width(layout: Layout, m: Measures) -> int:
    """The narrowest the layout can be drawn without cutting (``layout.minimum_width``):
    columns that never wrap at their widest cell, the others at their longest word."""
    count = len(layout.columns)
    total = 2 + (count - 1)  # the edges and the dividers
    for n, column in enumerate(layout.columns):
        need = m.high[n] if column.no_wrap else m.low[n]
        total += max(need, column.min_width, 1) + _padding(n, count)
    return total


def widths(layout: Layout, m: Measures, max_width: int) -> list[int]:
    """Each column's width without padding, as ``Table._calculate_column_widths``."""
    columns = layout.columns
    count = len(columns)
    pads = [_padding(n, count) for n in range(count)]
    room = max_width - (2 + count - 1)

    def measured(n: int, limit: int) -> tuple[int, int]:
        low, high = m.low[n] + pads[n], m.high[n] + pads[n]
        low, high = min(low, limit), min(high, limit)
        floor = columns[n].min_width + pads[n] if columns[n].min_width else None
        if floor is not None:
            low, high = max(low, floor), max(high, floor)
        return low, high

    out = [measured(n, room)[1] or 1 for n in range(count)]
    if sum(out) > room:
        wrappable = [not c.no_wrap for c in columns]
        out = _collapse(out, wrappable, room)
        if sum(out) > room:
            out = _ratio_reduce(sum(out) - room, [1] * count, out, out)
        out = [measured(n, width)[1] for n, width in enumerate(out)]
    return [max(w - pad, 0) for w, pad in zip(out, pads, strict=True)]


def _collapse(widths: list[int], wrappable: list[bool], max_width: int) -> list[int]:
    """Narrow the widest columns that wrap, as ``Table._collapse_widths``."""
    total = sum(widths)
    excess = total - max_width
    if any(wrappable):
        while total and excess > 0:
            widest = max(w for w, ok in zip(widths, wrappable, strict=True) if ok)
            second = max(w if ok and w != widest else 0
                         for w, ok in zip(widths, wrappable, strict=True))
            difference = widest - second
            ratios = [1 if (w == widest and ok) else 0
                      for w, ok in zip(widths, wrappable, strict=True)]
            if not any(ratios) or not difference:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths),
                                   widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]
                  ) -> list[int]:
    """``rich._ratio.ratio_reduce``: take ``total`` off ``values`` in proportion to
    ``ratios``, at most ``maximums`` each."""
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums,
                                                                 strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    out = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            out.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            out.append(value)
    return out


# ---------------------------------------------------------------------------------------
# Writing


@record
class Styles:
    """How a style is written: SGR codes on a terminal, nothing elsewhere."""

    bold: str = ""
    dim: str = ""
    reset: str = ""
    rule: str = "─"

    row: str = ""  # the style of the whole row (a voided entry's: dim)

    def paint(self, spans: Sequence[Span]) -> str:
        out = []
        for text, style in spans:
            code = self.row + (self.bold if style == "bold" else self.dim if style == "dim"
                               else "")
            out.append(f"{code}{text}{self.reset}" if code and text else text)
        return "".join(out)

    def dimmed(self) -> Styles:
        return Styles(self.bold, self.dim, self.reset, self.rule, self.dim)


PLAIN = Styles()


def journal_lines(entries: Sequence[JournalEntry], title: str, subject: Subject,
                  width: int, styles: Styles = PLAIN, voided: Voided | None = None
                  ) -> Iterator[str]:
    """The journal as lines of text, without line breaks, laid out for ``width``; rows are
    made as they are written. ``voided`` marks the entries a void cancels."""
    gone: Voided = voided or {}
    rows = [row(e, subject, gone.get(e.index)) for e in entries]
    found = list(zip(LAYOUTS, _measures(rows), strict=True))
    layout, m = next(((lay, mea) for lay, mea in found[:-1]
                      if minimum_width(lay, mea) <= width), found[-1])
    sizes = widths(layout, m, width)
    yield from (styles.paint([(line.rstrip(), "bold")])
                for line in balanced(inert(title), width))
    yield ""  # the table's top edge
    header = [_header(c) for c in layout.columns]
    yield from _row_lines(layout, header, sizes, styles, width, bottom=True)
    rule = sum(sizes) + sum(_padding(n, len(sizes)) for n in range(len(sizes))) + len(sizes) - 1
    yield " " + styles.rule * min(rule, width - 1)
    dimmed = styles.dimmed()
    for n, r in enumerate(rows):
        if n and layout.leading:
            yield from [""] * layout.leading
        yield from _row_lines(layout, layout.cells(r), sizes, dimmed if r.dim else styles,
                              width)
    yield ""  # the table's bottom edge


def _row_lines(layout: Layout, cells: Sequence[Cell], sizes: Sequence[int], styles: Styles,
               width: int, *, bottom: bool = False) -> Iterator[str]:
    rendered = [lines_of(c, size) for c, size in zip(cells, sizes, strict=True)]
    height = max((len(lines) for lines in rendered), default=0)
    if bottom:
        rendered = [[[("", "")]] * (height - len(lines)) + lines for lines in rendered]
    count = len(sizes)
    after = [" " * (_padding(n, count) + (n < count - 1)) for n in range(count)]
    right = [column.justify == RIGHT for column in layout.columns]
    crop = 2 + sum(sizes) + sum(len(a) for a in after) > width + 1
    empty: list[Span] = [("", "")]
    paint = styles.paint
    for line_no in range(height):
        if crop:
            spans: list[Span] = [(" ", "")]
            for n, lines in enumerate(rendered):
                content = lines[line_no] if line_no < len(lines) else empty
                pad = (" " * max(sizes[n] - sum(width_of(t) for t, _ in content), 0), "")
                spans += [pad, *content] if right[n] else [*content, pad]
                spans.append((after[n], ""))
            yield paint(_crop(spans, width))
            continue
        parts = [" "]
        for n, lines in enumerate(rendered):
            content = lines[line_no] if line_no < len(lines) else empty
            if len(content) == 1 and not content[0][1] and not styles.row:
                shown = content[0][0]
                used = width_of(shown)
            else:
                shown = paint(content)
                used = sum(width_of(t) for t, _ in content)
            gap = " " * max(sizes[n] - used, 0)
            parts.append(gap + shown + after[n] if right[n] else shown + gap + after[n])
        yield "".join(parts).rstrip()


def _crop(spans: list[Span], width: int) -> list[Span]:
    """The line cut at ``width`` cells (a table wider than the console is cut, as Rich
    cuts it), without the spaces at its end."""
    if sum(width_of(text) for text, _ in spans) <= width:
        out = spans
        while out and not out[-1][0].strip():
            out.pop()
        if out:
            out[-1] = (out[-1][0].rstrip(), out[-1][1])
        return out
    out = []
    room = width
    for text, style in spans:
        if room <= 0:
            break
        length = cell_len(text)
        out.append((chop_cells(text, room)[0] if length > room else text, style))
        room -= min(length, room)
    while out and not out[-1][0].strip():
        out.pop()
    if out:
        out[-1] = (out[-1][0].rstrip(), out[-1][1])
    return out
