"""What a run imports and builds: only the command that runs (issue 11, item 2).

Times are measured in benchmarks/ (never in tests); here the *work* is checked: which
modules a command imports, which commands get built, that ``--help`` still lists them all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from transition_cli.cli import COMMANDS, app, load_commands
from transition_cli.ledger.kinds import GROUPS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "hauts-de-france.toml"

PROBE = """
import atexit, json, sys
sys.argv = ["transition", *json.loads(sys.argv[1])]
def report():
    sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
atexit.register(report)
from transition_cli.entry import main
main()
"""


def imported(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules a real run of ``transition ARGS`` has imported when it exits."""
    return run(*args, env=env)[0]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[set[str], str]:
    """The modules a real run of ``transition ARGS`` (``env`` added to the environment)
    has imported when it exits, and what it printed."""
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args))],
                          capture_output=True, text=True, check=False, cwd=ROOT,
                          env={**os.environ, **(env or {})})
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES "))), done.stdout


def command_modules(modules: set[str]) -> set[str]:
    return {m for m in modules if m.startswith("transition_cli.cli.") and m.endswith("_cmd")}


def test_check_imports_its_own_command_only_and_no_pydantic() -> None:
    modules = imported("check", str(EXAMPLE), "--as-of", "2018-06-30", "-q")
    assert command_modules(modules) == {"transition_cli.cli.check_cmd"}
    # typer 0.29 converts values through pydantic (~60 ms a run); ours convert directly.
    assert not any(m == "pydantic" or m.startswith("pydantic.") for m in modules)
    assert "transition_cli.views" not in modules  # status's data: not needed to check
    assert "rich" not in modules  # text findings need no tables
    assert "transition_cli.tab" not in modules  # completion's quick way: not on a run


def test_status_imports_the_views_only() -> None:
    modules = imported("status", str(EXAMPLE), "--as-of", "2018-06-30")
    assert command_modules(modules) == {"transition_cli.cli.views_cmd"}
    assert "pydantic" not in modules


def test_a_recording_imports_the_recording_commands_only() -> None:
    modules = imported("milestone", "done", "missing.toml", "M1")
    assert command_modules(modules) == {"transition_cli.cli.record_cmd"}
    assert "pydantic" not in modules


def test_help_lists_every_command_with_its_one_line_help(cli) -> None:
    out = cli("--help").stdout
    listed = [line.split()[0] for line in out.split("Commands:\n", 1)[1].splitlines()
              if line.startswith("  ")]
    assert listed == [*COMMANDS, *GROUPS]
    assert "  check        Check strategy, partnership and calls files: every problem" in out


def test_the_registry_names_every_registered_command() -> None:
    """A command module registers its commands on ``app``; ``cli.COMMANDS`` must name them
    (else the lazy root cannot find them) and the recording groups are the kinds'."""
    load_commands()
    registered = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert sorted(registered) == sorted(COMMANDS)
    assert [g.name for g in app.registered_groups] == list(GROUPS)


def test_an_unknown_command_is_a_usage_error_with_a_suggestion(cli) -> None:
    result = cli("chek", "x")
    assert result.exit_code == 2
    assert "No such command 'chek'. Did you mean 'check'" in result.stderr
    result = cli("milestone", "dne", "x")
    assert result.exit_code == 2
    assert "No such command 'dne'. Did you mean 'done'?" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("check", "x.toml", "--output-file", "/"),
     "Invalid value for '--output-file' / '-o': file '/' is a directory."),
    (("check", "x.toml", "-f", "GitHub"),
     "Invalid value for '--output-format': 'GitHub' is not one of 'text', 'full', 'json', "
     "'json-lines', 'github', 'gitlab', 'junit', 'sarif'; did you mean \"github\"?"),
    (("regions", "--level", "5"), "Invalid value for '--level'"),
])
def test_values_are_still_checked_without_pydantic(cli, args, message) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("args", [
    ("due", str(EXAMPLE), "--within", "14", "--as-of", "2018-11-20"),
    ("log", str(EXAMPLE), "--limit", "2"),
    ("regions", "bretagne"),
])
def test_other_commands_convert_their_values_without_pydantic(args) -> None:
    modules = imported(*args)
    assert "pydantic" not in modules, args


TRANSLATION = ("babel", "gettext", "transition_cli.core.catalog", "transition_cli.core.l10n")


def _translation(modules: set[str]) -> set[str]:
    return {m for m in modules
            if m.split(".")[0] == "babel" or m in TRANSLATION[2:]}


def test_english_runs_import_nothing_of_the_translation_machinery():
    """English is the source language: no catalog, no Babel (issue 18). (gettext itself is
    imported by typer, so it is not counted.)"""
    for args in (["check", str(EXAMPLE), "--as-of", "2018-06-30", "-q"],
                 ["status", str(EXAMPLE), "--as-of", "2018-06-30"]):
        assert _translation(imported(*args)) == set(), args


def test_french_runs_load_the_catalog_and_cldr_formats():
    modules = imported("--lang", "fr", "status", str(EXAMPLE), "--as-of", "2018-06-30")
    assert {"transition_cli.core.catalog", "transition_cli.core.l10n",
            "babel.numbers"} <= modules


COMPLETING = "transition budget pay examples/hauts-de-france.toml implementation 100 --ref "


@pytest.mark.parametrize(("env", "printed"), [
    ({"_TRANSITION_COMPLETE": "complete_bash", "COMP_WORDS": COMPLETING, "COMP_CWORD": "7"},
     "IMP-2019-01\nIMP-2019-02\n"),
    ({"_TRANSITION_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args",
      "_TYPER_COMPLETE_ARGS": "transition milestone d"},
     "done\tRecord a milestone as done; --date is the...\n"),
    ({"_TRANSITION_COMPLETE": "complete_bash", "COMP_WORDS": "transition re",
      "COMP_CWORD": "1"}, "regions\nreport\n"),
])
def test_tab_completion_answers_without_typer_click_or_rich(env, printed) -> None:
    """The shells' requests that matter most are answered before the command line loads
    (``transition_cli.tab``): the plan's ids, group and command names (issue 21: under
    100 ms, benchmarks/run.py)."""
    modules, out = run(env=env | {"TRANSITION_LANG": "en"})
    assert out == printed
    assert {m.split(".")[0] for m in modules} & {"typer", "click", "rich", "pydantic"} == set()
    assert command_modules(modules) == set()
