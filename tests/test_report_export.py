"""Reports for a steering committee (Markdown, HTML) and the journal as CSV for finance."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from conftest import snapshot

AS_OF = "2018-06-30"


def test_markdown_report(cli, here):
    result = cli("report", "hdf.toml", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    snapshot("report.md", result.stdout, exact=True)
    # Two commitments in 90 days are no pace to forecast: not amber for it (issue 16).
    assert "**Overall: AMBER** — 1 milestone late; 1 warning from check\n" in result.stdout
    # People by name, not by id.
    assert "| M2 | Peer learning with Sachsen and Wallonie, two study visits and a workshop | " \
        "Jonas Lindqvist | **LATE 15 d** | 2018-05-31 | 2018-06-15 | +15 d |" in result.stdout
    assert "| expertise | the Commission | 200,000.00 | 61,800.50 | 12,000.00 | 138,199.50 | " \
        "31% | — | — | from 2 entries: too few to forecast (a pace needs 4 or more over 30 " \
        "days or more) |" in result.stdout
    # What is due next, the timeline, and the commitments and payments themselves.
    assert "| 2018-06-15 | OVERDUE 15 d | milestone M2 Peer learning with Sachsen and " \
        "Wallonie, two study visits and a workshop; planned, moved from 2018-05-31 | " \
        "transition milestone done hdf.toml M2 |" in result.stdout
    assert "## Timeline\n\n```text\nTimeline: " in result.stdout
    assert "| 1 | 2018-02-01 | commitment | expertise | C-2018-01 | 24,000.00 | Anne Martin | " \
        "team leader contract |" in result.stdout
    assert "| 2 | 2018-03-01 | payment | expertise | C-2018-01 | 12,000.00 |" in result.stdout
    assert "2018-07-15" not in result.stdout.split("## Commitments")[1].split("##")[0]
    # Who holds each envelope, and the Commission's award the region's gate step awaits.
    assert "| implementation | the region | 300,000.00 | 0.00 | 0.00 | 300,000.00 | 0% | " \
        "closed (M3) | awaited (the Commission's decision) |" in result.stdout


class _Checker(HTMLParser):
    """Every opened tag is closed (void tags aside), in order."""

    VOID = frozenset({"meta", "br"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack.pop() == tag


def test_html_report(cli, here):
    result = cli("report", "hdf.toml", "--as-of", AS_OF, "--format", "html")
    snapshot("report.html", result.stdout, exact=True)
    checker = _Checker()
    checker.feed(result.stdout)
    assert checker.stack == []
    assert checker.tags == {"html", "head", "meta", "title", "style", "body", "h1", "p", "br",
                            "strong", "span", "h2", "table", "thead", "tbody", "tr", "th",
                            "td", "ul", "li", "pre"}
    assert '<span class="late">LATE 15 d</span>' in result.stdout
    assert '<span class="rag amber">AMBER</span>' in result.stdout


def test_report_to_a_file(cli, here):
    result = cli("report", "hdf.toml", "--as-of", AS_OF, "-f", "html", "-o", "out/r.html")
    assert result.exit_code == 2  # no such folder: a usage error, nothing written
    (here / "out").mkdir()
    result = cli("report", "hdf.toml", "--as-of", AS_OF, "-f", "html", "-o", "out/r.html")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Wrote out/r.html\n"
    assert (here / "out" / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


EXPECTED_CSV = (
    "\ufefffile,region,entry,date,kind,envelope,ref,decision,amount_eur,milestone,expert,role,"
    "days,planned_days,day_rate_eur,cost_eur,due,by,reason,note,title,name,cluster,"
    "organisation_kind,indicator,value,unit,deliverable,voids\r\n"
    "hdf.toml,Hauts-de-France,1,2018-02-01,budget.commit,expertise,C-2018-01,,24000.00,,lead,"
    ",,,,,,,,team leader contract,,,,,,,,,\r\n"
    "hdf.toml,Hauts-de-France,2,2018-03-01,budget.pay,expertise,C-2018-01,,12000.00,"
    ",,,,,,,,,,,,,,,,,,,\r\n"
    "hdf.toml,Hauts-de-France,3,2018-03-28,milestone.done,,,,,M1,,,,,,,,,,,,,,,,,,,\r\n"
    "hdf.toml,Hauts-de-France,4,2018-04-20,milestone.cancel,,,,,M4,,,,,,,,,"
    "done by the Observatory instead,,,,,,,,,,\r\n"
    "hdf.toml,Hauts-de-France,5,2018-05-15,budget.commit,expertise,C-2018-02,,35000.50,"
    ",,,,,,,,,,\"'=HYPERLINK(\"\"http://example.com\"\")\",,,,,,,,,\r\n"
    "hdf.toml,Hauts-de-France,6,2018-05-20,milestone.reschedule,,,,,M2,,,,,,,2018-06-15,,"
    "study visit moved,,,,,,,,,,\r\n"
    "hdf.toml,Hauts-de-France,7,2018-06-01,expert.log,expertise,,,,,skills,,3.50,,800.00,"
    "2800.00,,,,,,,,,,,,,\r\n"
    "hdf.toml,Hauts-de-France,8,2018-07-15,budget.commit,expertise,C-2018-03,,10000.00,"
    ",,,,,,,,,,after the as-of date: not counted,,,,,,,,,\r\n"
)


def test_csv_export_exact_bytes(cli, here):
    result = cli("export", "hdf.toml")
    assert result.exit_code == 0, result.stderr
    # (the test runner reads stdout with universal newlines; the file test sees the CRLF)
    assert result.stdout == EXPECTED_CSV.replace("\r\n", "\n")


def test_csv_reads_back_to_the_cent(cli, here):
    raw = (cli("export", "hdf.toml").stdout).encode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    commits = [Decimal(r["amount_eur"]) for r in rows if r["kind"] == "budget.commit"]
    assert sum(commits) == Decimal("69000.50")


def test_csv_semicolon_for_comma_decimal_locales(cli, here):
    out = cli("export", "hdf.toml", "--separator", "semicolon").stdout
    assert out.startswith("\ufefffile;region;entry;date;kind;")
    # A decimal comma: what Excel in a comma-decimal locale reads as a number.
    assert "hdf.toml;Hauts-de-France;1;2018-02-01;budget.commit;expertise;C-2018-01;;24000,00;" \
        in out
    assert ";skills;;3,50;;800,00;2800,00;" in out


def test_csv_to_a_file_keeps_the_bom(cli, here):
    result = cli("export", "hdf.toml", "-o", "journal.csv")
    assert result.exit_code == 0
    assert result.stderr == "Wrote journal.csv (8 rows)\n"
    assert (here / "journal.csv").read_bytes() == EXPECTED_CSV.encode("utf-8")
    assert (here / "journal.csv").read_bytes()[:3] == b"\xef\xbb\xbf"


def test_export_of_a_calls_file_is_refused(cli, here):
    (here / "calls.toml").write_text('transition = "calls/1"\n', encoding="utf-8")
    result = cli("export", "calls.toml")
    assert result.exit_code == 2
    assert result.stderr == ("error: calls.toml is a calls file; this command takes a strategy "
                             "or partnership file\n  hint: name a strategy or partnership file\n")


def test_every_view_command_has_an_example():
    from transition_cli.cli import views_cmd

    for func in (views_cmd.status, views_cmd.timeline, views_cmd.report, views_cmd.export):
        assert "Example: transition " in (func.__doc__ or ""), func.__name__


def test_output_never_replaces_the_plan_or_an_existing_file(cli, here):
    plan = (here / "hdf.toml").read_bytes()
    for command in (["report", "hdf.toml", "--as-of", AS_OF], ["export", "hdf.toml"]):
        result = cli(*command, "-o", "hdf.toml")
        assert result.exit_code == 2
        assert result.stderr.startswith("error: --output hdf.toml is the file being read")
        assert (here / "hdf.toml").read_bytes() == plan
    (here / "mine.csv").write_text("keep me", encoding="utf-8")
    result = cli("export", "hdf.toml", "-o", "mine.csv")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: mine.csv already exists; not overwriting it")
    assert (here / "mine.csv").read_text(encoding="utf-8") == "keep me"
    assert cli("export", "hdf.toml", "-o", "mine.csv", "--force").exit_code == 0
    assert (here / "mine.csv").read_bytes().startswith(b"\xef\xbb\xbffile,region,entry,")


def test_csv_expert_costs_add_up_to_the_envelope(cli, tmp_path, strategy_text):
    text = strategy_text.replace("day_rate = 900.00", "day_rate = 333.33") + "".join(
        f'\n[[journal]]\ndate = 2018-02-0{d}\nkind = "expert.log"\nexpert = "lead"\ndays = 0.5\n'
        for d in (1, 2))
    (tmp_path / "s.toml").write_text(text, encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(
        cli("export", tmp_path / "s.toml").stdout.lstrip("\ufeff"))))
    costs = [Decimal(r["cost_eur"]) for r in rows]
    # Each entry's cost is rounded to the cent, half up, as an invoice line; the envelope
    # counts the sum of the rounded entries (docs/FORMAT.md, "Money").
    assert costs == [Decimal("166.67"), Decimal("166.67")]
    status = json.loads(cli("status", tmp_path / "s.toml", "--format", "json",
                            "--as-of", "2018-03-01").stdout)
    expertise = next(e for e in status["envelopes"] if e["id"] == "expertise")
    assert Decimal(expertise["committed"]) == sum(costs) == Decimal("333.34")


def test_portfolio_report_over_several_files(cli, here):
    text = (here / "hdf.toml").read_text(encoding="utf-8")
    (here / "regions").mkdir()
    (here / "regions" / "hdf.toml").write_text(text, encoding="utf-8")
    (here / "regions" / "sachsen.toml").write_text(
        text.split("[[journal]]")[0].replace('"Hauts-de-France"', '"Sachsen"')
        .replace('nuts = ["FRE1", "FRE2"]', 'nuts = ["DED2"]').replace('country = "FR"',
                                                                    'country = "DE"'),
        encoding="utf-8")
    result = cli("report", "regions", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Portfolio report: 2 plans\n\nAs of: 2018-06-30\n")
    assert "| Hauts-de-France | regions/hdf.toml | AMBER | 1 milestone late | 1/3 | 1 | " \
        "61,800.50 | 12,000.00 | 500,000.00 |" in out
    assert "| Sachsen | regions/sachsen.toml | RED |" in out  # M1 more than 30 days late
    assert "## Totals per call, against the call's budget (EUR)" in out
    # What is due across both, with the file each comes from.
    assert "| 2018-06-15 | OVERDUE 15 d | milestone M2 Peer learning with Sachsen and " \
        "Wallonie, two study visits and a workshop; planned, moved from 2018-05-31; " \
        "regions/hdf.toml | transition milestone done regions/hdf.toml M2 |" in out
    html = cli("report", "regions", "--as-of", AS_OF, "-f", "html").stdout
    checker = _Checker()
    checker.feed(html)
    assert checker.stack == []
    assert "<h1>Portfolio report: 2 plans</h1>" in html


def test_a_title_with_backticks_stays_inside_the_timeline_block(cli, here):
    text = (here / "hdf.toml").read_text(encoding="utf-8")
    (here / "hdf.toml").write_text(
        text.replace('title = "Diagnosis', 'title = "```\\n# Injected\\n```Diagnosis', 1),
        encoding="utf-8")
    out = cli("report", "hdf.toml", "--as-of", AS_OF).stdout
    block = out.split("## Timeline\n\n", 1)[1]
    fence = block.split("text\n", 1)[0]
    assert fence == "````"  # longer than any run of backticks inside
    assert "\n# Injected" not in out


TEXTS = [
    # Punctuation Markdown gives no meaning to is written as the file has it (issue 19).
    *((t, t) for t in ("Wallonie : de l\u2019industrie à l\u2019économie",
                       "Phase 2 : 50 % ; 12:30 ! ? # + - = . , '")),
    # What would format, split a cell or become a link on its own stays text.
    ("*bold* _it_ `code` [a](b) | ~x~", "\\*bold\\* \\_it\\_ \\`code\\` \\[a\\](b) \\| \\~x\\~"),
    ("https://example.org and www.example.org", "https\\://example.org and www\\.example.org"),
    ("mailto:someone@example.org", "mailto\\:someone\\@example.org"),
]


@pytest.mark.parametrize(("text", "written"), TEXTS)
def test_markdown_escapes_only_what_markdown_would_read(text, written):
    from transition_cli.render.report import md

    assert md(text) == written


def test_the_html_timeline_keeps_its_lines(cli, here):
    out = cli("report", "hdf.toml", "--as-of", AS_OF, "--format", "html").stdout
    pre = out.split("<pre>", 1)[1].split("</pre>", 1)[0]
    lines = pre.split("\n")
    assert len(lines) > 4 and lines[0].startswith("Timeline: ")
    assert "\\n" not in pre
