"""A long plan's status at a glance: what is late and what is next, the rest counted, never
dropped silently (issue 11: status on 1,000 milestones)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from transition_cli.files.calls import load_catalogue
from transition_cli.render.status import GLANCE, at_a_glance
from transition_cli.views import status_of

START = dt.date(2018, 1, 1)


def long_plan(milestones: int = 80, clusters: int = 0) -> str:
    """Milestone Mi due on day 7*i: M1-M30 done, M31-M32 started, the rest planned; as of
    2018-08-31 (day 242), M33 and M34 (due days 231, 238) are late."""
    out = ['transition = "strategy/1"', 'call = "itr-2017"', 'title = "A long plan"',
           "period = { start = 2018-01-01, end = 2019-12-31 }", "",
           "[region]", 'name = "Hauts-de-France"', 'country = "FR"', 'nuts = ["FRE1"]', "",
           "[[experts]]", 'id = "lead"', 'name = "Anne Martin"', "day_rate = 900.00",
           "planned_days = 60", ""]
    for i in range(1, milestones + 1):
        due = START + dt.timedelta(days=7 * i)
        out += ["[[milestones]]", f'id = "M{i}"', f'title = "Step {i}"', f"due = {due}",
                'owner = "lead"', ""]
    out += ["[[envelopes]]", 'id = "expertise"', "cap = 200000.00", ""]
    for i in range(1, clusters + 1):
        out += ["[[clusters]]", f'id = "c{i}"', f'name = "Cluster {i}"', ""]
    for i in range(1, 33):
        day = START + dt.timedelta(days=7 * i - 1)
        out += ["[[journal]]", f"date = {day}", 'kind = "milestone.start"',
                f'milestone = "M{i}"', ""]
        if i <= 30:
            out += ["[[journal]]", f"date = {day}", 'kind = "milestone.done"',
                    f'milestone = "M{i}"', ""]
    return "\n".join(out)


AS_OF = "2018-08-31"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "long.toml"
    path.write_text(long_plan(), encoding="utf-8")
    return path


def report(path: Path):  # type: ignore[no-untyped-def]
    return status_of(path, load_catalogue(None), dt.date.fromisoformat(AS_OF))


def test_late_then_started_then_next_due_in_plan_order(plan: Path) -> None:
    r = report(plan)
    rows, note = at_a_glance(r)
    ids = [m.id for m in rows]
    assert len(ids) == GLANCE == 40
    # Late M33, M34; started M31, M32; then planned by due date: M35..M70 (36 of them).
    assert ids == [f"M{i}" for i in range(31, 71)]
    assert note == ("40 of 80 milestones shown: late, started and next due; not shown: "
                    "10 planned later, 30 done. Add --all to list every milestone.")


def test_status_says_what_it_leaves_out_and_all_shows_every_row(cli, plan: Path) -> None:
    out = cli("status", plan, "--as-of", AS_OF).stdout
    assert "M33 " in out and "LATE" in out and "M70 " in out
    assert "M1 " not in out and "M71 " not in out
    assert ("40 of 80 milestones shown: late, started and next due; not shown: 10 planned "
            "later, 30 done. Add --all to list every milestone.") in " ".join(out.split())
    every = cli("status", plan, "--as-of", AS_OF, "--all").stdout
    assert all(f"M{i} " in every for i in (1, 30, 80)) and "milestones shown" not in every


def test_json_lists_every_milestone(cli, plan: Path) -> None:
    data = json.loads(cli("status", plan, "--as-of", AS_OF, "--format", "json").stdout)
    assert len(data["milestones"]) == 80


def test_more_late_than_fit_says_how_many_late_are_left(cli, tmp_path: Path) -> None:
    path = tmp_path / "late.toml"
    path.write_text(long_plan(milestones=100), encoding="utf-8")
    r = status_of(path, load_catalogue(None), dt.date(2019, 12, 31))
    rows, note = at_a_glance(r)
    assert len(rows) == 40 and all(m.late for m in rows)
    # The most late first: M31..M70 are the 40 oldest open ones (started or planned).
    assert [m.id for m in rows] == [f"M{i}" for i in range(31, 71)]
    assert note is not None and note.startswith("40 of 100 milestones shown")
    assert "not shown: 30 late, 30 done." in note


def test_a_plan_of_up_to_40_milestones_shows_them_all(tmp_path: Path) -> None:
    path = tmp_path / "short.toml"
    path.write_text(long_plan(milestones=40), encoding="utf-8")
    rows, note = at_a_glance(report(path))
    assert len(rows) == 40 and note is None


def test_nothing_to_do_still_says_so(tmp_path: Path) -> None:
    path = tmp_path / "done.toml"
    path.write_text(long_plan(milestones=45).replace('kind = "milestone.start"',
                                                     'kind = "milestone.cancel"\n'
                                                     'reason = "dropped"'), encoding="utf-8")
    r = status_of(path, load_catalogue(None), dt.date(2018, 8, 31))
    rows, note = at_a_glance(r)
    assert note is not None
    assert [m.id for m in rows][:2] == ["M33", "M34"]  # late first, then what is next


def test_many_clusters_are_counted_beyond_40(cli, tmp_path: Path) -> None:
    path = tmp_path / "clusters.toml"
    path.write_text(long_plan(clusters=45), encoding="utf-8")
    out = " ".join(cli("status", path, "--as-of", AS_OF).stdout.split())
    shown = out.split("Findings from check")[0]  # the findings name every cluster
    assert "40 of 45 clusters shown; not shown: 5 more, with 0 members. Add --all to list " \
        "every cluster." in shown
    assert " c40 " in shown and " c41 " not in shown
    every = " ".join(cli("status", path, "--as-of", AS_OF, "--all").stdout.split())
    assert " c45 " in every.split("Findings from check")[0]
