"""Tab completion (issue 21), driven as each shell's script drives it: Typer's scripts set
``_TRANSITION_COMPLETE`` and pass the line in ``COMP_WORDS``/``COMP_CWORD`` (bash) or
``_TYPER_COMPLETE_ARGS`` (zsh, fish, PowerShell), then read what ``transition`` prints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import STRATEGY
from transition_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent

JOURNAL = '''
[[milestones]]
id = "M3"
title = "Action plan"
due = 2019-03-31
owner = "lead"

[[journal]]
date = 2018-03-28
kind = "milestone.done"
milestone = "M1"

[[journal]]
date = 2018-04-02
kind = "milestone.start"
milestone = "M2"

[[journal]]
date = 2018-02-05
kind = "budget.commit"
envelope = "expertise"
amount = 24000.00
ref = "EXP-1"

[[journal]]
date = 2018-03-01
kind = "budget.pay"
envelope = "expertise"
amount = 24000.00
ref = "EXP-1"

[[journal]]
date = 2018-04-05
kind = "budget.commit"
envelope = "expertise"
amount = 12000.00
ref = "EXP-2"

[[journal]]
date = 2018-04-06
kind = "budget.commit"
envelope = "expertise"
amount = 5000.00
ref = "EXP-3"

[[journal]]
date = 2018-04-20
kind = "budget.pay"
envelope = "expertise"
amount = 1000.00
ref = "EXP-3"
'''


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """hdf.toml in the current folder: M1 done, M2 started, M3 planned; EXP-1 paid,
    EXP-2 and EXP-3 with money unpaid."""
    (tmp_path / "hdf.toml").write_text(STRATEGY + JOURNAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRANSITION_CALLS", raising=False)
    return "hdf.toml"


def complete(shell: str, line: str, *, action: str = "get-args") -> str:
    """What ``transition`` prints when ``shell``'s script asks it to complete ``line``
    (the cursor at its end)."""
    env = {"_TRANSITION_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split(" ")
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = action
        if shell == "powershell":
            env["_TYPER_COMPLETE_WORD_TO_COMPLETE"] = line.rsplit(" ", maxsplit=1)[-1]
    result = CliRunner().invoke(app, [], env=env, prog_name="transition")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout.rstrip("\n")  # what $(...) hands the shell


def bash(line: str) -> list[str]:
    return complete("bash", line).splitlines()


def fish(line: str) -> list[tuple[str, str]]:
    return [tuple(x.split("\t")) if "\t" in x else (x, "")  # type: ignore[misc]
            for x in complete("fish", line).splitlines()]


def test_a_command_name_prefix() -> None:
    assert bash("transition mi") == ["milestone"]
    assert bash("transition re") == ["regions", "report"]
    # Click's short help, as `--help` lists the commands.
    assert ("milestone", "Record milestone progress: add, start,...") in fish("transition m")
    assert bash("transition milestone d") == ["done"]


def test_options_and_a_choice_option() -> None:
    assert bash("transition check --output-f") == ["--output-format", "--output-file"]
    assert bash("transition check --output-format j") == ["json", "json-lines", "junit"]
    assert ("github", "GitHub Actions workflow annotations") in fish(
        "transition check --output-format g")
    assert bash("transition status x.toml --sort ") == [
        "status", "name", "file", "late", "committed", "call"]
    assert bash("transition export x.toml --separator s") == ["semicolon"]
    assert bash("transition init x.toml --kind ") == ["strategy", "partnership"]
    assert bash("transition schema --kind c") == ["calls"]


def test_the_language_completes_before_and_after_the_command() -> None:
    assert bash("transition --lang ") == ["en", "fr"]
    assert bash("transition status x.toml --lang f") == ["fr"]
    assert ("fr", "français") in fish("transition check --lang ")


def test_milestone_done_offers_open_milestones_only(plan) -> None:
    assert bash(f"transition milestone done {plan} ") == ["M2", "M3"]
    assert bash(f"transition milestone done {plan} M") == ["M2", "M3"]
    described = dict(fish(f"transition milestone done {plan} "))
    assert described == {"M2": "Draft strategy (started, due 2018-09-30)",
                         "M3": "Action plan (planned, due 2019-03-31)"}
    # Another kind's declaration, another choice: a start needs a planned milestone.
    assert bash(f"transition milestone start {plan} ") == ["M3"]
    # Outside a recording every milestone is offered.
    assert bash(f"transition log {plan} --milestone ") == ["M1", "M2", "M3"]


def test_budget_pay_offers_references_with_money_unpaid(plan) -> None:
    assert bash(f"transition budget pay {plan} expertise 100 --ref ") == ["EXP-2", "EXP-3"]
    assert dict(fish(f"transition budget pay {plan} expertise 100 --ref ")) == {
        "EXP-2": "EUR 12,000.00 unpaid of EUR 12,000.00 on expertise (2018-04-05)",
        "EXP-3": "EUR 4,000.00 unpaid of EUR 5,000.00 on expertise (2018-04-06)"}
    assert bash(f"transition budget pay {plan} implementation 100 --ref ") == []
    # A new reference is the user's to choose: budget commit offers none.
    assert bash(f"transition budget commit {plan} expertise 100 --ref ") == []


def test_other_ids_with_what_they_are(plan) -> None:
    assert bash(f"transition budget commit {plan} ") == ["expertise", "implementation"]
    assert fish(f"transition expert log {plan} ") == [("lead", "Anne Martin")]
    assert bash(f"transition milestone add {plan} M9 --depends-on ") == ["M1", "M2", "M3"]
    assert bash(f"transition milestone add {plan} ") == []  # a new id


def test_init_call_and_region() -> None:
    assert bash("transition init x.toml --call ") == ["itr-2017", "itr-2018", "iip-2017"]
    calls = dict(fish("transition init x.toml --call i"))
    assert calls["itr-2017"].startswith("Pilot action for regions in industrial transition")
    assert "Bretagne" in bash("transition init x.toml --region bret")
    assert ("Bretagne", "FR52, FRH0, FRH") in fish("transition init x.toml --region bret")
    assert bash("transition init x.toml --region frh")[:3] == ["FRH", "FRH0", "FRH01"]
    assert "Wallonia" in bash("transition regions wall")
    assert bash("transition init x.toml --region Basque") == ["Basque\\ Country"]


def test_files_and_folders_for_paths(plan, tmp_path) -> None:
    (tmp_path / "regions").mkdir()
    (tmp_path / "notes.txt").write_text("x")
    assert fish("transition status ") == [("hdf.toml", ""), ("regions/", "")]
    assert fish("transition check r") == [("regions/", "")]
    assert complete("zsh", "transition check ") == "_files -g '*.toml'"
    # bash and PowerShell complete paths themselves (folders keep no trailing space).
    assert bash("transition status ") == []
    assert complete("powershell", "transition status ") == ""


@pytest.mark.parametrize("content", [b"x = [", b"\xff\xfe", b'transition = "calls/1"\n'])
def test_a_broken_file_gives_no_candidates_and_no_error(tmp_path, monkeypatch, content
                                                        ) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.toml").write_bytes(content)
    for shell in ("bash", "zsh", "fish", "powershell"):
        out = complete(shell, "transition milestone done bad.toml ")
        assert out in ("", "_files"), (shell, out)  # zsh: its own file completion
    assert bash("transition milestone done missing.toml ") == []
    assert bash("transition milestone done . ") == []


def test_a_huge_file_gives_no_candidates(plan, tmp_path) -> None:
    from transition_cli.tab import MAX_PLAN_BYTES

    path = tmp_path / "hdf.toml"
    path.write_text(path.read_text() + "# padding\n" * (MAX_PLAN_BYTES // 10), "utf-8")
    assert bash(f"transition milestone done {plan} ") == []


def test_zsh_and_powershell_formats(plan) -> None:
    out = complete("zsh", f"transition budget pay {plan} expertise 1 --ref ")
    assert out == ("_arguments '*: :((\"EXP-2\":\"EUR 12,000.00 unpaid of EUR 12,000.00 on "
                   "expertise (2018-04-05)\"\n\"EXP-3\":\"EUR 4,000.00 unpaid of EUR 5,000.00 "
                   "on expertise (2018-04-06)\"))'")
    assert complete("powershell", "transition init x.toml --region Basque").splitlines() == [
        "'Basque Country':::ES21"]


def test_titles_from_files_are_inert(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.toml").write_text(STRATEGY.replace(
        'title = "Diagnosis"', 'title = "[bold]Diag\\u001b[31mnosis"'), "utf-8")
    described = dict(fish("transition milestone done x.toml M1"))
    assert described["M1"].startswith("[bold]Diag\\x1b[31mnosis")


def test_show_and_install_completion_use_typers_scripts(tmp_path, monkeypatch) -> None:
    shown = CliRunner().invoke(app, ["--show-completion", "bash"], prog_name="transition")
    assert shown.exit_code == 0
    assert "complete -o default -F _transition_completion transition" in shown.stdout
    for shell, mark in (("zsh", "#compdef transition"), ("fish", "complete --command"),
                        ("powershell", "Register-ArgumentCompleter")):
        out = CliRunner().invoke(app, ["--show-completion", shell], prog_name="transition")
        assert mark in out.stdout
    bad = CliRunner().invoke(app, ["--show-completion", "tcsh"], prog_name="transition")
    assert bad.exit_code == 2
    assert "'tcsh' is not a shell it completes for" in bad.stderr
    monkeypatch.setenv("HOME", str(tmp_path))
    done = CliRunner().invoke(app, ["--install-completion", "fish"], prog_name="transition")
    assert done.exit_code == 0, done.output
    script = tmp_path / ".config" / "fish" / "completions" / "transition.fish"
    assert "_TRANSITION_COMPLETE=complete_fish" in script.read_text()
    assert "fish completion installed in" in done.stderr


def test_the_real_command_completes_through_its_script_protocol(plan, tmp_path) -> None:
    """The installed console script, as bash runs it (a subprocess, no test runner)."""
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path),
           "_TRANSITION_COMPLETE": "complete_bash", "COMP_CWORD": "4",
           "COMP_WORDS": f"transition milestone done {plan} "}
    script = Path(sys.executable).parent / "transition"
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "transition_cli"]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False,
                          cwd=tmp_path)
    assert (done.returncode, done.stdout.split(), done.stderr) == (0, ["M2", "M3"], "")


def test_normal_runs_do_no_completion_work() -> None:
    """A run that is not a completion request neither registers the shells nor reads any
    completion data (the start-up benchmarks hold the time)."""
    probe = ("import sys, json; sys.argv = ['transition', 'check', "
             f"{str(ROOT / 'examples' / 'hauts-de-france.toml')!r}, '--as-of', '2018-06-30', "
             "'-q']\nfrom transition_cli.entry import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "from typer._click.shell_completion import _available_shells\n"
             "print(json.dumps([sorted(_available_shells), sorted(sys.modules)]))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    shells, modules = json.loads(out.splitlines()[-1])
    assert shells == []
    assert "transition_cli.ledger.replay" in modules  # check's own work
    assert "transition_cli.files.calls" in modules


def test_every_namespace_a_field_names_declares_what_it_offers() -> None:
    from transition_cli.ledger.kinds import COMPLETIONS, FIELDS

    named = {f.offers for f in FIELDS.values() if f.offers}
    assert named <= set(COMPLETIONS)
    assert FIELDS["voids"].offers == "journal"  # a void completes entry numbers


def test_every_recording_command_offers_the_ids_its_fields_name() -> None:
    """Each kind's command gets completion from its declaration: a field naming ids
    completes them, unless it introduces a new one."""
    import typer.main

    from transition_cli.cli import load_commands
    from transition_cli.ledger.kinds import FIELDS, JOURNAL_KINDS

    root = typer.main.get_command(load_commands())
    for kind in JOURNAL_KINDS.values():
        command = root.commands[kind.command.group].commands[kind.command.name]
        params = {p.name: p for p in command.get_params(command.make_context(
            "transition", [], resilient_parsing=True))}
        for arg in kind.command.args:
            spec = FIELDS[arg.field]
            new = arg.field == kind.subject and kind.introduces
            completer = params[arg.field]._custom_shell_complete
            if spec.offers and not new:
                assert completer is not None, f"{kind.name} {arg.field}"
        assert params["file"]._custom_shell_complete is not None


def test_kinds_added_later_complete_from_their_declarations(plan) -> None:
    """reopen (allowed from done or cancelled), release (a reference with money unpaid)
    and void (the entries it can cancel, newest first) complete without code of their
    own."""
    assert bash(f"transition milestone reopen {plan} ") == ["M1"]
    assert bash(f"transition budget release {plan} expertise --ref ") == ["EXP-2", "EXP-3"]
    numbers = fish(f"transition journal void {plan} ")
    assert [n for n, _ in numbers] == ["7", "6", "5", "4", "3", "2", "1"]
    assert numbers[0] == ("7", "2018-04-20 budget.pay expertise")
