"""Hostile text in every text field prints inert in every format.

The fixture puts Rich markup ([red], [link=...]), ESC/CSI sequences, OSC 8 hyperlinks, C1
controls (U+009B), bidi overrides (U+202E), HTML and formula starts in titles, names, roles,
organisations, deliverables, cluster names and members, and journal notes and reasons.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "snapshots" / "hostile-strategy.toml"
AS_OF = "2018-06-30"
# What must never reach a terminal or a document from a file: C0 (but tab/newline), DEL,
# C1 and the bidi controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def here(tmp_path, monkeypatch):
    shutil.copy(FIXTURE, tmp_path / "bad.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_inert(text: str) -> None:
    found = UNSAFE.findall(text)
    assert not found, f"unsafe characters: {found!r}"


TEXT_VIEWS = [
    ("status", "bad.toml"),
    ("status", "bad.toml", "."),  # a portfolio of the file and its folder
    ("timeline", "bad.toml"),
]


@pytest.mark.parametrize("args", TEXT_VIEWS)
@pytest.mark.parametrize("columns", ["60", "120"])
def test_text_views_plain(cli, here, monkeypatch, args, columns):
    monkeypatch.setenv("COLUMNS", columns)
    result = cli(*args, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout)
    flat = re.sub(r"\s+", "", result.stdout)
    assert "[link=https://evil.example]click[/link]" in flat.replace("…", "") or \
        args[0] != "status" or len(args) > 2 or columns == "60"


@pytest.mark.parametrize("args", TEXT_VIEWS)
def test_text_views_in_colour_only_carry_our_own_escapes(cli, here, monkeypatch, args):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    out = cli(*args, "--as-of", AS_OF).stdout
    assert "\x1b" in out  # colour is on
    assert_inert(SGR.sub("", out))  # and every escape is one of rich's colour codes


def test_status_prints_markup_literally(cli, here, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = cli("status", "bad.toml", "--as-of", AS_OF).stdout
    for literal in ["T [red]x[/red] \\x1b[31mESC\\x1b[0m",
                    "R [link=https://evil.example]click[/link] \\u202eevil",
                    "MT [bold]b[/bold] | pipe *star* \\u202edir",
                    "N \\x1b]8;;https://evil.example\\x1b\\osc8\\x1b]8;;\\x1b\\",
                    "O \\x9b31mC1 <script>alert(1)</script>",
                    "C [red]x[/red]", "TH \\x1b[5m", "+M \\x9b2J <b>x</b> (firm)",
                    "\\x1bP member (university)",
                    "J [link=x]y[/link] \\x1b]8;;http://e\\x07z\\x1b]8;;\\x07"]:
        assert literal in out, literal


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@pytest.mark.parametrize("args", [("bad.toml",), ("bad.toml", ".")])
def test_json(cli, here, args):
    out = cli("status", *args, "--as-of", AS_OF, "--format", "json").stdout
    assert_inert(out)
    data = json.loads(out)
    for text in _strings(data):
        assert_inert(text)  # also once decoded: no \u001b escapes in the JSON
    if len(args) == 1:
        assert data["title"] == "T [red]x[/red] \\x1b[31mESC\\x1b[0m"


def test_markdown(cli, here):
    out = cli("report", "bad.toml", "--as-of", AS_OF, "--format", "markdown").stdout
    assert_inert(out)
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out
    # The timeline is a fenced code block, which Markdown shows literally (no link, no
    # autolink); its fence is longer than any run of backticks inside.
    fence, _, rest = out.split("## Timeline\n\n", 1)[1].partition("text\n")
    assert set(fence) == {"`"} and fence not in rest.split("\n" + fence + "\n", 1)[0]
    prose = re.sub(r"\n(`{3,})text\n.*?\n\1\n", "\n", out, flags=re.DOTALL)
    assert "](" not in prose  # no link can be formed from file text
    assert "https://" not in prose and "www." not in prose  # nor an autolink
    assert "MT \\[bold\\]b\\[/bold\\] \\| pipe \\*star\\*" in out  # the pipe cannot split a cell
    for line in out.splitlines():
        if line.startswith("| M1 "):
            assert len(re.findall(r"(?<!\\)\|", line)) == 8  # 7 cells


def test_html(cli, here):
    out = cli("report", "bad.toml", "--as-of", AS_OF, "--format", "html").stdout
    assert_inert(out)
    assert "<script>" not in out and "<b>x</b>" not in out
    assert "O \\x9b31mC1 &lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "+M \\x9b2J &lt;b&gt;x&lt;/b&gt; (firm)" in out


def test_csv(cli, here):
    result = cli("export", "bad.toml")
    raw = result.stdout
    assert_inert(raw.lstrip("\ufeff"))
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    commit = dict(zip(header, body[0], strict=True))
    assert commit["ref"] == "'-R1"
    assert commit["by"] == "'@by [red]x[/red]"
    assert commit["note"] == "'=1+1 \\x1b[31m \\u202e"
    assert commit["amount_eur"] == "100.00"
    for row in body:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
