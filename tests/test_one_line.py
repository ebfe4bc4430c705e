"""One-line text is one line in files as on the command line (issue 19): a title, name or
reference with a line break is a finding (S009), as the recording commands refuse it; a
note may span lines, and `log` and the CSV export show its lines, never a literal "\\n"."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from conftest import STRATEGY
from transition_cli import load_text


def _findings(text: str) -> list[tuple[str, str, str]]:
    doc = load_text(text, "s.toml", as_of=dt.date(2018, 2, 1))
    return [(f.code, f.key, f.message) for f in doc.findings]


@pytest.mark.parametrize(("old", "new", "key", "message"), [
    ('title = "Diagnosis"', 'title = """Diagnosis\nof the economy"""', "milestones[0].title",
     '"Diagnosis\nof the economy" spans lines'),
    ('name = "Anne Martin"', 'name = "Anne\\tMartin"', "experts[0].name",
     '"Anne\tMartin" holds a tab'),
    ('role = "team leader"', 'role = "team\\u0007leader"', "experts[0].role",
     '"team\aleader" holds a control character'),
    ('name = "Hauts-de-France"', 'name = "Hauts-de-\\r\\nFrance"', "region.name",
     '"Hauts-de-\r\nFrance" spans lines'),
])
def test_a_line_break_in_one_line_text_is_one_finding(old, new, key, message):
    [(code, where, said)] = _findings(STRATEGY.replace(old, new))
    assert (code, where) == ("S009", key)
    assert said == message  # as written: every renderer shows it inert


def test_a_journal_reference_with_a_line_break_is_refused_in_files_too():
    text = STRATEGY + ('\n[[journal]]\ndate = 2018-01-15\nkind = "budget.commit"\n'
                       'envelope = "expertise"\namount = 100.00\nref = """C-1\nC-2"""\n')
    assert [c for c, _, _ in _findings(text)] == ["S009"]


NOTE = ('\n[[journal]]\ndate = 2018-01-15\nkind = "budget.commit"\nenvelope = "expertise"\n'
        'amount = 100.00\nref = "C-1"\nnote = """Signed by the region,\r\nsent to the '
        'Commission"""\n')


def test_a_note_may_span_lines():
    assert _findings(STRATEGY + NOTE) == []


def test_log_shows_a_notes_lines(cli, write):
    path = write("s.toml", STRATEGY + NOTE)
    out = cli("log", path).stdout
    assert "\\n" not in out and "\\r" not in out
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if "Signed by the region," in line)
    assert "sent to the Commission" in lines[first + 1]


def test_the_csv_keeps_a_notes_lines_in_a_quoted_cell(cli, write):
    path = write("s.toml", STRATEGY + NOTE)
    data = cli("export", path).stdout
    assert '"Signed by the region,\nsent to the Commission"' in data
    [row] = list(csv.DictReader(io.StringIO(data.lstrip("\ufeff"))))
    assert row["note"] == "Signed by the region,\nsent to the Commission"
