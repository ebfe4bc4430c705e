"""``log`` writes its table line by line (100,000 entries), laid out as Rich lays out the
same table: here the writer is compared with the Rich table it replaces, drawn by Rich."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from transition_cli.cli.output import trim_line_ends
from transition_cli.core.model import JournalEntry
from transition_cli.core.text import inert
from transition_cli.render.journal import subject
from transition_cli.render.journal_table import Voided, facts, journal_lines, quantity, void_mark
from transition_cli.render.layout import Balanced, Responsive

# ---------------------------------------------------------------------------------------
# The table as it was drawn with Rich (the reference)


def _note(e: JournalEntry, void: JournalEntry | None = None) -> Balanced:
    text = Text()
    if void is not None:
        text.append(void_mark(void), style="bold")
    body = inert("; ".join(t for t in (e.reason, e.note, *facts(e)) if t))
    if body:
        text.append(("\n" if text else "") + body)
    if e.by:
        text.append(("\n" if text else "") + "by " + inert(e.by), style="dim")
    return Balanced(text)


def _style(e: JournalEntry, gone: Voided) -> str:
    return "dim" if e.index in gone else ""


def _frame(leading: int = 0) -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, leading=leading)


def _wide(entries: Sequence[JournalEntry], gone: Voided) -> Table:
    table = _frame()
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("about", overflow="fold")
    table.add_column("EUR / days", justify="right", no_wrap=True)
    table.add_column("ref", no_wrap=True)
    table.add_column("note, recorded by", ratio=1, min_width=20, overflow="fold")
    for e in entries:
        table.add_row(str(e.index + 1), e.date.isoformat(), Text(inert(e.kind)),
                      Text(inert(subject(e))), quantity(e), Text(inert(e.ref or "")),
                      _note(e, gone.get(e.index)), style=_style(e, gone))
    return table


def _stacked(entries: Sequence[JournalEntry], gone: Voided) -> Table:
    table = _frame()
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("kind\nabout", overflow="fold")
    table.add_column("EUR / days\nref", justify="right", no_wrap=True)
    table.add_column("note, recorded by", ratio=1, min_width=20, overflow="fold")
    for e in entries:
        what = Text(inert(e.kind))
        what.append("\n" + inert(subject(e)))
        amount = Text("\n".join(x for x in (quantity(e), inert(e.ref or "")) if x))
        table.add_row(str(e.index + 1), e.date.isoformat(), what, amount,
                      _note(e, gone.get(e.index)), style=_style(e, gone))
    return table


def _narrow(entries: Sequence[JournalEntry], gone: Voided) -> Table:
    table = _frame(leading=1)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("entry", ratio=1, overflow="fold")
    for e in entries:
        what = Text()
        what.append(inert(e.kind), style="bold")
        what.append(" " + inert(subject(e)))
        figures = " · ".join(x for x in (quantity(e), inert(e.ref or "")) if x)
        if figures:
            what.append("\n" + figures)
        details = _note(e, gone.get(e.index))
        table.add_row(str(e.index + 1), e.date.isoformat(),
                      Group(what, details) if details.text else what, style=_style(e, gone))
    return table


def rich_table(entries: Sequence[JournalEntry], title: str, gone: Voided) -> RenderableType:
    return Group(Balanced(Text(inert(title), style="bold")), Responsive([
        lambda: _wide(entries, gone), lambda: _stacked(entries, gone),
        lambda: _narrow(entries, gone)]))


def drawn_by_rich(entries: Sequence[JournalEntry], title: str, width: int,
                  gone: Voided | None = None) -> str:
    console = Console(file=io.StringIO(), width=width, markup=False, highlight=False,
                      emoji=False, color_system=None)
    console.print(rich_table(entries, title, gone or {}))
    return trim_line_ends(console.file.getvalue())  # type: ignore[attr-defined]


def written(entries: Sequence[JournalEntry], title: str, width: int,
            gone: Voided | None = None) -> str:
    return "\n".join(journal_lines(entries, title, subject, width, voided=gone)) + "\n"


# ---------------------------------------------------------------------------------------

WORDS = st.sampled_from([
    "a", "workshop", "moved", "to", "July", "·", " · ", "Université", "de", "Lille",
    "EXP-2018-0001", "x" * 30, "an-unusually-long-hyphenated-reference-word", "漢字テキスト",
    "Ωmega", "", "  ", "\t", "—", "·x", "50 %", "n°",
])
TEXT = st.lists(WORDS, max_size=12).map(" ".join)
KINDS = st.sampled_from(["milestone.done", "budget.commit", "expert.log", "budget.pay",
                         "milestone.reschedule", "cluster.join"])


@st.composite
def entries(draw: st.DrawFn) -> list[JournalEntry]:
    out = []
    for n in range(draw(st.integers(1, 6))):
        kind = draw(KINDS)
        values: dict[str, object] = {}
        if kind in ("budget.commit", "budget.pay"):
            values = {"envelope": draw(st.sampled_from(["expertise", "implementation"])),
                      "amount": draw(st.decimals(0, 10**9, places=2)),
                      "ref": draw(st.sampled_from(["C-1", "EXP-2018-01", "a" * 25]))}
        elif kind == "expert.log":
            values = {"expert": "lead", "days": Decimal(draw(st.integers(1, 400))) / 4}
        elif kind == "cluster.join":
            values = {"cluster": "materials", "name": draw(TEXT) or "x",
                      "member_kind": "firm"}
        else:
            values = {"milestone": draw(st.sampled_from(["M1", "M12", "M-very-long-id-9"]))}
            if kind == "milestone.reschedule":
                values |= {"due": dt.date(2019, 1, 1), "reason": draw(TEXT) or "r"}
        out.append(JournalEntry(draw(st.integers(0, 99_999)) if n == 0 else n, kind,
                                dt.date(2018, 1, 1) + dt.timedelta(days=n),
                                by=draw(st.sampled_from(["", "Sophie Lefèvre", "x" * 40])),
                                note=draw(TEXT), values=values))
    return out


@settings(max_examples=150, report_multiple_bugs=False)
@given(entries(), st.integers(30, 160), TEXT, st.data())
def test_the_writer_draws_what_rich_draws(journal, width, title, data) -> None:
    title = "Journal of " + title
    void = JournalEntry(999, "journal.void", dt.date(2019, 1, 2), by=data.draw(TEXT),
                        values={"voids": 1, "reason": data.draw(TEXT) or "r"})
    gone = {e.index: void for e in journal if data.draw(st.booleans())}
    assert written(journal, title, width, gone) == drawn_by_rich(journal, title, width, gone)


def test_on_a_terminal_headers_are_bold_and_who_recorded_it_dim() -> None:
    from transition_cli.render.journal_table import Styles

    e = JournalEntry(0, "milestone.done", dt.date(2018, 3, 29), by="Sophie",
                     values={"milestone": "M1"})
    lines = list(journal_lines([e], "Journal", subject, 100,
                               Styles("<b>", "<d>", "</>", "-")))
    assert lines[0] == "<b>Journal</>"
    assert "<b>#</>" in lines[2] and "<b>note, recorded by</>" in lines[2]
    assert lines[3].startswith(" ---")
    assert lines[4].endswith("<d>by Sophie</>")
