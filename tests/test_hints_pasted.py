"""Hints that work when pasted (issue 19): every command a finding's hint shows, for the
mutated examples of tests/test_one_finding.py checked on two dates, is run as written
(the file names as the hint quotes them, placeholders filled in) on a copy, and does what
it says: it succeeds, and a command that records makes the finding go away.

It carries the --as-of that check was given: `milestone done` pasted after
`check --as-of 2019-06-30` records the milestone on that day, not today (which the
eligibility period or the as-of itself would refuse)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest

from test_one_finding import EXAMPLES, MUTATIONS, mutate
from transition_cli import check_paths

COMMAND = re.compile(r"`(transition [^`]*)`")
DATES = (dt.date(2018, 6, 30), dt.date(2019, 6, 30))
# What a person types for each placeholder a hint leaves to them.
FILL = {"NAME": "Bretagne", "REASON": "pasted from check", "KIND": "firm", "VALUE": "1"}
# Commands that only show something (the others record).
VIEWS = {"regions", "calls", "log", "status", "due", "timeline", "calendar", "report"}


def _hints() -> dict[tuple[str, str, str, dt.date, str, str], tuple[str, str, str]]:
    """(command with the copy's folder as ``{}``, mutation...) -> the finding it fixes."""
    found: dict[tuple[str, str, str, dt.date, str, str], tuple[str, str, str]] = {}
    seen: set[str] = set()
    root = Path(os.environ.get("TMPDIR", "/tmp")) / f"hints-{os.getpid()}" / "examples"
    for as_of in DATES:
        for file, anchor, old, new, _ in MUTATIONS:
            shutil.rmtree(root.parent, ignore_errors=True)
            shutil.copytree(EXAMPLES, root)
            path = root / file
            path.write_text(mutate(path.read_text(encoding="utf-8"), anchor, old, new),
                            encoding="utf-8")
            for f in check_paths([root], as_of=as_of).findings:
                # Commands of one hint are steps, run in order ("A, then B").
                general = "\n".join(COMMAND.findall(f.hint or "")).replace(str(root), "{}")
                if general and general not in seen:
                    seen.add(general)
                    found[(general, file, anchor, as_of, old or "", new or "")] = (
                        Path(f.file).relative_to(root).as_posix(), f.code, f.key)
    shutil.rmtree(root.parent, ignore_errors=True)
    return found


HINTS = _hints()


def test_hints_carry_the_as_of_and_are_run():
    assert len(HINTS) >= 15
    for (commands, *_), _finding in HINTS.items():
        for command in commands.splitlines():
            words = shlex.split(command)
            if words[1] not in {"regions", "rules", "schema", "init"}:
                assert words[-2] == "--as-of", command


@pytest.mark.parametrize(("key", "finding"), list(HINTS.items()),
                         ids=[k[0].splitlines()[-1].replace("{}/", "")[:70] for k in HINTS])
def test_a_pasted_hint_does_what_it_says(cli, tmp_path, key, finding):
    command, file, anchor, as_of, old, new = key
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    path = folder / file
    path.write_text(mutate(path.read_text(encoding="utf-8"), anchor, old or None,
                           new or None), encoding="utf-8")
    for one in command.splitlines():
        words = [FILL.get(w, as_of.isoformat() if w == "DATE" else w)
                 for w in shlex.split(one.replace("{}", shlex.quote(str(folder))))]
        result = cli(*words[1:])
        assert result.exit_code == 0, (one, result.stderr)
        if words[1] in VIEWS:
            assert result.stdout.strip()
    if words[1] in VIEWS:
        return
    after = {(Path(f.file).relative_to(folder).as_posix(), f.code, f.key)
             for f in check_paths([folder], as_of=as_of).findings}
    assert finding not in after, command
