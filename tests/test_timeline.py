"""The timeline: one bar per milestone, baseline vs current, dependencies, today marker."""

from __future__ import annotations

from conftest import VIEWS_FIXTURE, snapshot

FIXTURE = VIEWS_FIXTURE
AS_OF = "2018-06-30"






def rows(out: str) -> dict[str, str]:
    """Chart rows by milestone id (the lines that start with an id and carry a bar)."""
    return {line.split(" ", 1)[0]: line for line in out.splitlines()
            if line[:1] == "M" and ("━" in line or "█" in line or "┄" in line)}


def test_timeline_at_60_columns(cli, here, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    result = cli("timeline", "hdf.toml", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert all(len(line) <= 60 for line in result.stdout.splitlines())
    snapshot("timeline-60.txt", result.stdout)
    chart = rows(result.stdout)
    assert set(chart) == {"M1", "M2", "M3", "M4"}
    # M2 is late: its bar ends at its current due date, then an overdue tail to today
    assert chart["M2"].rstrip().endswith("LATE 15 d")
    assert "◆" in chart["M2"]  # the baseline due date, before the rescheduled one
    assert "▶" in chart["M2"]
    assert chart["M1"].rstrip().endswith("done -3 d")  # three days before its baseline
    assert "┄" in chart["M4"] and chart["M4"].rstrip().endswith("cancelled")
    today = result.stdout.splitlines()[2].index("▼")
    for mid in ("M1", "M3", "M4"):
        assert chart[mid][today] in "│━█", mid  # one column for today on every row
    legend = " ".join(result.stdout.split())  # the legend wraps at spaces
    assert "M2 Peer learning with Sachsen and Wallonie, two study visits and a workshop" \
        in legend
    assert "after M1" in result.stdout


def test_timeline_at_120_columns(cli, here, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    result = cli("timeline", "hdf.toml", "--as-of", AS_OF)
    assert max(len(line) for line in result.stdout.splitlines()) > 100  # uses the width
    snapshot("timeline-120.txt", result.stdout)


def test_timeline_with_colour(cli, here, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("timeline", "hdf.toml", "--as-of", AS_OF)
    assert "\x1b[1;31m━━━━━" in result.stdout  # the late bar in bold red
    assert "\x1b[1;31m LATE 15 d" in result.stdout
    snapshot("timeline-100-colour.txt", result.stdout)


def test_timeline_ascii_when_the_terminal_cannot_draw(here):
    import datetime as dt

    from transition_cli.check import check_document
    from transition_cli.files.calls import load_catalogue
    from transition_cli.files.loader import load_bytes
    from transition_cli.render.status import fixed_console, lines
    from transition_cli.render.timeline import timeline
    from transition_cli.views import status

    cat = load_catalogue()
    as_of = dt.date(2018, 6, 30)
    doc = check_document(load_bytes(FIXTURE.read_bytes(), "hdf.toml"), cat, as_of)
    out = "\n".join(lines(timeline(status(doc, cat, as_of), 60, unicode=False),
                          fixed_console(60)))
    assert out.isascii()
    assert "=" in out and "#" in out and "*" in out and ">" in out


def test_as_of_outside_the_plan(cli, here):
    result = cli("timeline", "hdf.toml", "--as-of", "2021-01-01")
    assert "as of 2021-01-01: outside the plan's dates (2018-01-01 to 2019-12-31)" \
        in result.stdout
    assert "▼" not in result.stdout


def test_timeline_of_a_folder_is_a_usage_error(cli, here):
    result = cli("timeline", ".", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: .: is a folder; this command takes one")
