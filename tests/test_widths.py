"""Every view at 120, 80 and 60 columns shows every figure of its data, whole.

The figures are derived from the data itself (the views' records, the journal, the
catalogue), not from the output, and each is searched for in the output: a dropped column,
a cut amount ("200,000.0"), a reference split across lines ("EXP-2018" / "-01") or an
ellipsis fails. Snapshots under tests/snapshots/ (``example-*.txt``) show the layouts.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text

from conftest import snapshot
from transition_cli.check import check_paths
from transition_cli.core.model import Plan
from transition_cli.core.money import days, grouped, number, percent, rate
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import load_bytes
from transition_cli.views import Portfolio, StatusReport, portfolio, status

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (120, 80, 60)
AS_OF = "2018-11-30"
DAY = dt.date(2018, 11, 30)
# A note and a reference as the issue saw them broken at 80 columns.
FRENCH_ENTRY = '''
[[journal]]
date = 2019-06-03
kind = "budget.commit"
envelope = "expertise"
amount = 12500.00
ref = "EXP-2019-02"
note = "Acompte 50 % — facture n° 2018/0042"
by = "Sophie Lefèvre"
'''


@pytest.fixture
def examples(tmp_path, monkeypatch):
    """A copy of examples/, as the current folder, with a French note in hdf-log.toml."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    text = (ROOT / "examples" / "hauts-de-france.toml").read_text(encoding="utf-8")
    (tmp_path / "hdf-log.toml").write_text(text + FRENCH_ENTRY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def words(text: str) -> list[str]:
    return text.split()


def missing(out: str, figures: Iterable[str]) -> list[str]:
    return sorted({f for f in figures if f and f not in out})


def checked(result, width: int) -> str:
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    too_long = [line for line in out.splitlines() if len(line) > width]
    assert too_long == [], f"lines wider than {width}"
    assert "…" not in out  # nothing cut short
    assert not any(line.endswith(" ") for line in out.splitlines())  # no padding
    return out


# ---------------------------------------------------------------------------------------
# The figures of each view, from its data


def report() -> StatusReport:
    cat = load_catalogue()
    doc = check_paths([Path("examples/hauts-de-france.toml")], cat, DAY).documents[0]
    return status(doc, cat, DAY)


def status_figures(r: StatusReport) -> list[str]:
    out = [*words(r.name), *r.nuts, r.call, *words(r.title), *words(r.call_title),
           str(r.period_start), str(r.period_end), str(r.as_of), r.overall.upper()]
    for reason in r.reasons:
        out += words(reason)
    for m in r.milestones:
        out += [m.id, m.owner, str(m.due), str(m.baseline_due), *words(m.title)]
        out.append(f"LATE {m.late_days} d" if m.late else m.status)
        if m.finished:
            out.append(str(m.finished))
        if m.slip_days:
            out.append(f"{m.slip_days:+d} d")
    for e in r.envelopes:
        fc = e.forecast
        out += [e.id, grouped(e.cap), grouped(e.committed), grouped(e.paid),
                grouped(e.remaining), percent(e.share), e.gate or "",
                grouped(fc.window_committed), str(fc.window_start), *words(fc.basis)]
        if fc.sound:  # a forecast on too little is not shown as one (issue 16)
            out += [str(fc.cap_reached or ""), grouped(abs(fc.left_at_end))]
        if e.gate_state != "none":
            out.append(e.gate_state)
    for x in r.experts:
        out += [x.id, *words(x.name), *words(x.role), *words(x.organisation),
                days(x.planned_days), days(x.logged_days), grouped(x.planned_cost),
                grouped(x.logged_cost)]
    for c in r.clusters:
        out += [c.id, *words(c.name), *words(c.theme)]
        for name, kind in c.members:
            out += [*words(name), f"({kind})"]
    out += [f.code for f in r.findings]
    return out + strategy_figures(r)


def strategy_figures(r: StatusReport) -> list[str]:
    """Priorities -> actions -> funding (each amount and rate), the funding mix, each
    indicator's baseline, latest value, target and progress, each deliverable's dates."""
    s = r.strategy
    assert s is not None and s.actions and s.indicators and s.deliverables
    out = [grouped(s.total_cost), grouped(s.eligible_cost), grouped(s.eu_total)]
    for source, amount in s.funding:
        out += [source, grouped(amount), percent(amount / s.total_cost)]
    for p in s.priorities:
        out += [p.id, *words(p.title), *words(p.s3_domain), *words(p.s3_reference),
                grouped(p.total_cost), grouped(p.eligible_cost)]
        for theme in p.themes:
            out += words(theme)
        out += [grouped(amount) for _, amount in p.funding]
        for a in p.actions:
            out += [a.id, *words(a.title), *words(a.lead), str(a.start), str(a.end),
                    grouped(a.total_cost), grouped(a.eligible_cost), a.cluster or ""]
            for f in a.funding:
                out += [f.source, grouped(f.amount), rate(f.rate) if f.rate is not None else ""]
    for i in s.indicators:
        out += [i.id, *words(i.title), *words(i.unit), i.kind, *words(i.measures),
                number(i.baseline), str(i.baseline_date), number(i.target), str(i.target_date),
                percent(i.progress) if i.progress is not None else ""]
        if i.latest:
            out += [str(i.latest[0]), number(i.latest[1])]
    for d in s.deliverables:  # in the one section of what is due
        out += [d.id, *words(d.title), str(d.due), d.milestone or "", str(d.submitted or "")]
        if d.submitted and d.late_days:
            out.append(f"+{d.late_days} d late")
    for item in r.due:
        out += [item.id, *words(item.title), str(item.date),
                *re.findall(r"[^/\s]+/?", item.record)]
        out.append(f"OVERDUE {-item.days} d" if item.overdue else item.when)
    return out


def timeline_figures(r: StatusReport) -> list[str]:
    out = [str(r.as_of)]
    for m in r.milestones:
        out += [m.id, str(m.due), *words(m.title), *m.depends_on]
        if m.baseline_due != m.due:
            out.append(str(m.baseline_due))
        slip = f"{m.slip_days:+d} d" if m.slip_days else ""
        if m.late:
            out.append(f"LATE {m.late_days} d")
        elif m.status == "done":
            out += [str(m.finished), f"done {slip}".strip()]
        else:
            out.append(slip or m.status)
    return out


def the_portfolio() -> Portfolio:
    cat = load_catalogue()
    return portfolio(check_paths([Path("examples")], cat, DAY).documents, cat, DAY)


def portfolio_figures(p: Portfolio) -> list[str]:
    out = [str(p.as_of)]
    for row in p.rows:
        out += [*words(row.name), row.call, *re.findall(r"[^/]+/?", row.file),
                row.overall.upper(), f"{row.done}/{row.total} done", f"{row.late} late",
                grouped(row.committed), grouped(row.paid), grouped(row.cap),
                *row.partnerships]
        if row.overall != "green":
            out += words(row.reason)
        for e in row.envelope_rows:
            out += [e.id, grouped(e.committed), grouped(e.paid), grouped(e.cap),
                    percent(e.share)]
    for t in p.calls:
        out += [t.call, f"{t.plans} of {t.selects}", grouped(t.budget or 0), grouped(t.cap),
                grouped(t.committed), grouped(t.paid),
                percent(t.share) if t.share is not None else "—"]
        for source, amount in t.funding:  # the funding mix of its strategies' actions
            out += [source, grouped(amount), percent(amount / t.funding_total)]
        out += [grouped(t.funding_total)] if t.funding else []
    assert any(t.funding for t in p.calls)
    return out


def calls_figures(as_of: dt.date) -> list[str]:
    out = []
    for call in load_catalogue().calls:
        out += [call.id, call.state(as_of), *words(call.title), call.fund, call.answered_by,
                grouped(call.budget or 0), str(call.selects or ""),
                str(call.min_member_states or "")]
        out += [str(d) for d in (call.opens, call.deadline, call.selected) if d]
        for e in call.envelopes:
            out += [e.id, grouped(e.cap)]
    return out


def log_figures(path: str) -> list[str]:
    plan = load_bytes(Path(path).read_bytes(), path).plan
    assert isinstance(plan, Plan)
    out = []
    for e in plan.journal:
        out += [str(e.date), e.kind, e.milestone or "", e.expert or "", e.envelope or "",
                e.ref or "", *words(e.note), *words(e.reason), *words(e.by)]
        if e.amount is not None:
            out.append(grouped(e.amount))
        if e.days is not None:
            out.append(f"{days(e.days)} d")
        if e.due is not None:
            out.append(str(e.due))
    return out


# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_status_shows_every_figure(cli, examples, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    out = checked(cli("status", "examples/hauts-de-france.toml", "--as-of", AS_OF), width)
    assert missing(out, status_figures(report())) == []
    snapshot(f"example-status-{width}.txt", out)


@pytest.mark.parametrize("width", WIDTHS)
def test_status_keeps_paid_and_remaining(cli, examples, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("status", "examples/hauts-de-france.toml", "--as-of", AS_OF).stdout
    envelopes = out.split("Envelopes (EUR)")[1].split("Forecast")[0]
    for figure in ("24,000.00", "127,375.00"):  # expertise: paid, remaining
        assert figure in envelopes, figure


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_shows_every_figure(cli, examples, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    out = checked(cli("timeline", "examples/hauts-de-france.toml", "--as-of", AS_OF), width)
    assert missing(out, timeline_figures(report())) == []
    snapshot(f"example-timeline-{width}.txt", out)


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_says_how_late_a_milestone_finished(cli, examples, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("timeline", "examples/hauts-de-france.toml", "--as-of", AS_OF).stdout
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("M")
            and "█" in line}
    assert rows["M3"].endswith("done +7 d")  # due 2018-09-28, done 2018-10-05
    assert rows["M2"].endswith("done +13 d")
    assert rows["M1"].endswith("done -1 d")  # a day early


@pytest.mark.parametrize("width", WIDTHS)
def test_portfolio_shows_every_figure(cli, examples, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    out = checked(cli("status", "examples", "--as-of", AS_OF), width)
    assert missing(out, portfolio_figures(the_portfolio())) == []
    assert "examples/partnerships/" in out  # a path wraps after a slash, if at all
    snapshot(f"example-portfolio-{width}.txt", out)


@pytest.mark.parametrize("width", WIDTHS)
def test_calls_show_every_figure(cli, examples, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    out = checked(cli("calls", "--as-of", AS_OF), width)
    assert missing(out, calls_figures(DAY)) == []
    assert re.search(r"(?<![\d,])200,000\.00(?![\d])", out)  # whole, never "200,000"
    snapshot(f"example-calls-{width}.txt", out)


@pytest.mark.parametrize("width", WIDTHS)
def test_log_shows_every_figure(cli, examples, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    out = checked(cli("log", "hdf-log.toml"), width)
    assert missing(out, log_figures("hdf-log.toml")) == []
    snapshot(f"example-log-{width}.txt", out)


@pytest.mark.parametrize("width", WIDTHS)
def test_log_wraps_notes_at_spaces_and_never_splits_a_reference(cli, examples,
                                                                 monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("log", "hdf-log.toml").stdout
    for ref in ("EXP-2019-02", "EXP-2018-01", "IMP-2019-01"):
        assert re.search(rf"(?<!\S){ref}(?!\S)", out), ref
    for word in words("Acompte 50 % — facture n° 2018/0042"):  # each word whole
        assert re.search(rf"(?<!\S){re.escape(word)}(?!\S)", out), word


@pytest.mark.parametrize("width", [80, 60])
def test_the_headline_reason_never_leaves_a_word_alone(cli, examples, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("status", "examples/partnerships/cybersecurity.toml", "--as-of", AS_OF).stdout
    head = out.split("\nMilestones")[0].splitlines()
    assert [line for line in head if len(line.split()) == 1] == []
    assert "(M2 by 91 days)" in " ".join(out.split())


@pytest.mark.parametrize("args", [
    ("status", "examples/hauts-de-france.toml"), ("status", "examples"),
    ("timeline", "examples/hauts-de-france.toml"), ("calls",), ("log", "hdf-log.toml")])
def test_colour_output_has_no_trailing_spaces(cli, examples, monkeypatch, args):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = cli(*args, "--as-of", AS_OF).stdout if args[0] != "log" else cli(*args).stdout
    assert "\x1b[" in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert [line for line in plain.splitlines() if line.endswith(" ")] == []


# ---------------------------------------------------------------------------------------
# The means: balanced wrapping, trimmed line ends


def test_balanced_wrapping_leaves_no_word_alone():
    from transition_cli.render.layout import Balanced
    from transition_cli.render.status import fixed_console, lines

    sentence = Text("1 milestone more than 30 days late (M2 by 91 days); 1 warning from check")
    console = fixed_console(70)
    greedy = list(lines(sentence, console))
    assert greedy[-1] == "check"  # what Rich alone does at this width
    balanced = list(lines(Balanced(sentence), console))
    assert len(balanced) == len(greedy) == 2
    assert all(len(line.split()) > 3 for line in balanced)
    assert " ".join(balanced) == sentence.plain


def test_a_separator_ends_a_line_rather_than_starting_one():
    from transition_cli.render.layout import Balanced
    from transition_cli.render.status import fixed_console, lines

    text = Text("Diagnosis of the regional economy · due 2018-03-30 · done 2018-03-29")
    out = list(lines(Balanced(text), fixed_console(40)))
    assert not any(line.startswith("·") for line in out)
    assert " ".join(out) == text.plain


def test_file_paths_wrap_after_a_slash():
    from transition_cli.render.layout import FilePath
    from transition_cli.render.status import fixed_console, lines

    out = list(lines(FilePath("examples/partnerships/marine-renewable-energy.toml"),
                     fixed_console(30)))
    assert out == ["examples/partnerships/", "marine-renewable-energy.toml"]


@pytest.mark.parametrize(("written", "shown"), [
    ("a  \nb\n", "a\nb\n"),
    ("x \x1b[0m \x1b[2m  \x1b[0m\nlast  ", "x\x1b[0m\x1b[2m\x1b[0m\nlast  "),
    ("\x1b[1m  indented\x1b[0m\n", "\x1b[1m  indented\x1b[0m\n"),
    ("   \n\n", "\n\n"),
])
def test_output_trims_line_ends_only(written, shown):
    from transition_cli.cli.output import trim_line_ends

    assert trim_line_ends(written) == shown


# ---------------------------------------------------------------------------------------
# Properties of the means, for any text and width

WORD = st.text(alphabet="abcdé-/·,.0123456789", min_size=1, max_size=14)


@given(st.lists(WORD, min_size=1, max_size=30), st.integers(min_value=15, max_value=120))
def test_balanced_keeps_every_word_in_as_many_lines_as_greedy(ws, width):
    from transition_cli.render.layout import Balanced
    from transition_cli.render.status import fixed_console, lines

    text = Text(" ".join(ws))
    console = fixed_console(width)
    balanced = list(lines(Balanced(text), console))
    assert " ".join(balanced).split() == text.plain.split()
    assert all(len(line) <= width for line in balanced)
    assert len(balanced) <= len(list(lines(text, console)))


@given(st.lists(st.text(alphabet="abc-._", min_size=1, max_size=25), min_size=1,
                max_size=6), st.integers(min_value=1, max_value=60))
def test_file_path_lines_join_to_the_path(parts, width):
    from transition_cli.render.layout import FilePath
    from transition_cli.render.status import fixed_console, lines

    path = "/".join(parts)
    out = list(lines(FilePath(path), fixed_console(width)))
    assert "".join(out) == path
    assert all(len(line) <= width for line in out)


@given(st.lists(st.sampled_from(["a", " ", "é", "\x1b[1m", "\x1b[0m", "\n"]), max_size=40))
def test_trimming_drops_only_spaces_before_line_breaks(pieces):
    from transition_cli.cli.output import trim_line_ends

    text = "".join(pieces)
    trimmed = trim_line_ends(text)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", trimmed)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", text).split("\n")
    assert plain.split("\n") == [*(line.rstrip(" ") for line in lines[:-1]), lines[-1]]
    assert re.findall(r"\x1b\[[0-9;]*m", trimmed) == re.findall(r"\x1b\[[0-9;]*m", text)


def due_figures(as_of: dt.date, within: int) -> list[str]:
    from transition_cli.due import due

    listed = due([Path("examples")], load_catalogue(), as_of, within)
    assert listed.items
    out = [str(listed.as_of), str(listed.until)]
    for i in listed.items:
        out += [str(i.date), i.id, *words(i.title), *words(i.detail),
                *re.findall(r"[^/\s]+/?", i.record),
                f"OVERDUE {-i.days} d" if i.overdue else i.when,
                *re.findall(r"[^/]+/?", i.file)]
    return out


@pytest.mark.parametrize("width", WIDTHS)
def test_due_shows_every_figure(cli, examples, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    out = checked(cli("due", "examples", "--within", "14", "--as-of", "2018-11-20"), width)
    assert missing(out, due_figures(dt.date(2018, 11, 20), 14)) == []


VOID_ENTRY = '''
[[journal]]
date = 2019-06-04
kind = "journal.void"
voids = 30
reason = "Acompte saisi deux fois — annulé"
by = "Sophie Lefèvre"
'''


@pytest.mark.parametrize("width", WIDTHS)
def test_log_shows_a_voided_entry_marked_whole(cli, examples, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    path = examples / "hdf-log.toml"
    text = path.read_text(encoding="utf-8")
    assert len(load_bytes(text.encode(), "x").plan.journal) == 30  # the French entry is 30
    path.write_text(text + VOID_ENTRY, encoding="utf-8")
    out = checked(cli("log", "hdf-log.toml"), width)
    assert missing(out, [*log_figures("hdf-log.toml"), "VOID:", "entry", "31,",
                         "2019-06-04,"]) == []
    assert "1 void)" in out


@given(st.lists(st.text(alphabet="abc-/.", min_size=1, max_size=30).filter(
    lambda w: "//" not in w and not w.startswith("/")), min_size=1, max_size=8),
    st.integers(min_value=8, max_value=60))
def test_a_command_wraps_at_spaces_then_after_slashes_and_joins_back(words_, width):
    from transition_cli.render.due import Command

    command = " ".join(words_)
    lines = list(Command(command).lines(width))
    assert " ".join(lines).replace("/ ", "/") == command.replace("/ ", "/")
    pieces = [p for w in words_ for p in re.findall(r"[^/]*/|[^/]+$", w)]
    assert all(len(line) <= max(width, *map(len, pieces)) for line in lines)
