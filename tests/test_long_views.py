"""Views of files inside the documented limits stay quick (issue 13, item 10): ``log``
streams its rows and offers --limit, --tail and a pager; a title of megabytes is cut,
visibly, before it reaches a table. Times are measured in benchmarks/run.py."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from transition_cli.cli.pager import paged, pager_command, write_lines
from transition_cli.render.layout import LONG_TEXT, clip

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "hauts-de-france.toml"


def numbers(out: str) -> list[int]:
    """The entry numbers of a log table, in order."""
    return [int(m) for m in re.findall(r"^ +(\d+)  \d{4}-\d\d-\d\d", out, flags=re.M)]


def test_limit_and_tail_show_the_first_or_last_entries(cli) -> None:
    every = numbers(cli("log", EXAMPLE).stdout)
    assert len(every) > 5
    first = cli("log", EXAMPLE, "--limit", "3").stdout
    assert numbers(first) == every[:3]
    assert first.startswith(f"Journal of {EXAMPLE} (first 3 of {len(every)} entries)")
    last = cli("log", EXAMPLE, "--tail", "2").stdout
    assert numbers(last) == every[-2:]
    assert last.startswith(f"Journal of {EXAMPLE} (last 2 of {len(every)} entries)")


def test_limit_counts_the_entries_that_match(cli) -> None:
    matching = numbers(cli("log", EXAMPLE, "--kind", "milestone").stdout)
    out = cli("log", EXAMPLE, "--kind", "milestone", "--tail", "1").stdout
    assert numbers(out) == matching[-1:]
    total = len(numbers(cli("log", EXAMPLE).stdout))
    assert f"(last 1 of the {len(matching)} that match, of {total} entries)" in out
    assert numbers(cli("log", EXAMPLE, "--limit", "999").stdout) == numbers(
        cli("log", EXAMPLE).stdout)


@pytest.mark.parametrize("args", [("--limit", "0"), ("--tail", "x"), ("--limit", "-2"),
                                  ("--limit", "2", "--tail", "2")])
def test_limit_and_tail_take_one_whole_number_of_1_or_more(cli, args) -> None:
    result = cli("log", EXAMPLE, *args)
    assert result.exit_code == 2
    assert ("is not a whole number of 1 or more" in result.stderr
            or "--limit and --tail each choose which entries to show; give one"
            in result.stderr)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_table_goes_through_the_pager(tmp_path, monkeypatch) -> None:
    caught = tmp_path / "paged.txt"
    monkeypatch.setenv("TRANSITION_PAGER", f"{sys.executable} -c \"import sys; "
                       f"open(r'{caught}', 'w').write(sys.stdin.read())\"")
    screen = Terminal()
    with paged(screen) as stream:
        write_lines(stream, (f"line {n}" for n in range(1000)))
    assert screen.getvalue() == ""
    assert caught.read_text().splitlines() == [f"line {n}" for n in range(1000)]


def test_no_pager_off_a_terminal_with_no_pager_or_cat(monkeypatch) -> None:
    plain = io.StringIO()
    with paged(plain) as stream:
        write_lines(stream, ["a", "b"])
    assert plain.getvalue() == "a\nb\n"
    screen = Terminal()
    with paged(screen, enabled=False) as stream:  # --no-pager
        write_lines(stream, ["a"])
    assert screen.getvalue() == "a\n"
    for value in ("", "cat"):
        monkeypatch.setenv("TRANSITION_PAGER", value)
        assert pager_command() is None
    monkeypatch.delenv("TRANSITION_PAGER")
    monkeypatch.setenv("PAGER", "more -d")
    assert pager_command() == ["more", "-d"]


def test_quitting_the_pager_early_ends_quietly(monkeypatch) -> None:
    monkeypatch.setenv("TRANSITION_PAGER", f"{sys.executable} -c \"import sys; "
                       "sys.stdin.readline()\"")  # reads one line, then quits
    with paged(Terminal()) as stream:
        write_lines(stream, ("x" * 100 for _ in range(100_000)))


def big_title(tmp_path: Path, size: int) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    words = ("transformation " * (size // 15 + 1))[:size]
    text = re.sub(r'^title = .*$', f'title = "{words}"', text, count=1, flags=re.M)
    path = tmp_path / "long-title.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_title_of_megabytes_is_cut_visibly(cli, tmp_path) -> None:
    path = big_title(tmp_path, 3_000_000)
    out = cli("status", path, "--as-of", "2018-06-30").stdout
    shown = " ".join(out.split())
    assert f"… [{3_000_000 - LONG_TEXT:,} more characters in the file]" in shown
    assert len(out) < 20_000
    data = json.loads(cli("status", path, "--as-of", "2018-06-30", "-f", "json").stdout)
    assert len(data["title"]) == 3_000_000  # data for scripts stays whole


def test_clip_keeps_short_text_and_says_what_it_cuts() -> None:
    assert clip("x" * LONG_TEXT) == "x" * LONG_TEXT
    assert clip("ab cd " * 400, 10) == "ab cd ab c… [2,390 more characters in the file]"


def test_a_pager_with_an_unbalanced_quote_means_no_pager_not_a_traceback(monkeypatch):
    monkeypatch.delenv("TRANSITION_PAGER", raising=False)
    monkeypatch.setenv("PAGER", "less '")
    assert pager_command() is None
