"""`transition check` as a CI gate that cannot be fooled or silently switched off (issue 12).

A test repository (tests/gate_repo.py) gives the same findings per file through `check .`,
files checked alone or a few at a time, and a real `pre-commit run --all-files` with the
shipped hook. Then each wrong verdict of the issue, and the conventions CI maintainers
know from their other linters.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gate_repo
from conftest import STRATEGY
from gate_repo import HOSTILE, OURS, findings_by_file, shown
from regions_fixtures import PARTNERSHIP
from test_formats import BAD, FORMATS, failures, parse, parse_workflow_command

AS_OF = ("--as-of", "2018-02-01")
ROOT = Path(__file__).resolve().parents[1]
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def gate_repo_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test repository, as the current folder."""
    root = gate_repo.build(tmp_path / "plans")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder (its own git root) as the current folder."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lines_at(text: str) -> str:
    """Findings with their line but not their column (which the parser may refine)."""
    return re.sub(r"^(.*?:\d+):\d+: ", r"\1: ", text, flags=re.MULTILINE)


def write(root: Path, name: str, content: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------
# The same findings per file, however the files are named


EXPECTED_CODES = {
    "partnerships/zz-cyber-copy.toml": ["X103"],
    "regions/bom.toml": ["R004", "S003", "S007"],
    "regions/bretagne.toml": ["X101"],
    "regions/broken.toml": ["F001"],
    shown(HOSTILE): ["R004", "S003", "S007"],
    "regions/hauts-de-france.toml": ["X102"],
    "regions/quoted.toml": ["R004", "S003", "S007"],
}


@needs_git
def test_the_whole_tree_reports_every_file_of_ours_and_nothing_else(cli, gate_repo_path):
    result = cli("check", ".", *AS_OF)
    assert result.exit_code == 1
    found = findings_by_file(result.stdout)
    assert {file: sorted({line.split()[2] for line in lines})
            for file, lines in found.items()} == EXPECTED_CODES
    listed = cli("check", ".", "--show-files").stdout.splitlines()
    assert listed == [shown(name) for name in OURS]
    assert "partnerships: " not in result.stderr  # the tree holds every partnership file


@needs_git
def test_findings_per_file_do_not_depend_on_the_files_named_with_it(cli, gate_repo_path):
    whole = findings_by_file(cli("check", ".", *AS_OF).stdout)
    tracked = subprocess.run(["git", "ls-files", "-z", "*.toml"], capture_output=True,
                             text=True, check=True).stdout.strip("\0").split("\0")
    assert len(tracked) == len(OURS) + 2  # and pyproject.toml, config/tool.toml

    def check(*names: str) -> dict[str, list[str]]:
        result = cli("check", "--skip-other-toml", *names, *AS_OF)
        assert result.exit_code in (0, 1), result.stderr
        return findings_by_file(result.stdout)

    subsets = [[name] for name in tracked] + [
        ["regions/bretagne.toml", "partnerships/bio-economy.toml"],  # the example
        ["partnerships/zz-cyber-copy.toml", "regions/hauts-de-france.toml"],
        tracked[::2], tracked[1::2], tracked[::3],
    ]
    for names in subsets:
        expected = {shown(n): whole[shown(n)] for n in names if shown(n) in whole}
        assert check(*names) == expected, names


@needs_git
def test_from_a_sub_folder_the_project_is_the_same(cli, gate_repo_path, monkeypatch):
    monkeypatch.chdir(gate_repo_path / "regions")
    result = cli("check", "bretagne.toml", "hauts-de-france.toml", *AS_OF, "-q")
    assert lines_at(result.stdout) == (
        "bretagne.toml:6: error X101 partnerships[1]: partnership bio-economy "
        "(../partnerships/bio-economy.toml) does not list Bretagne (FRH0) among its members\n"
        'hauts-de-france.toml:6: warning X102 partnerships[0]: unknown partnership '
        '"cyber-security": no partnership file of the project or checked with this one has '
        "that id\n")
    result = cli("check", "bretagne.toml", "hauts-de-france.toml", *AS_OF)
    assert result.stderr.endswith("partnerships: 3 more partnership files of the project "
                                  "read to resolve references\n")


@needs_git
@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo needs a git checkout")
def test_pre_commit_with_the_shipped_hook_gives_the_same_findings(cli, gate_repo_path,
                                                                   tmp_path):
    pytest.importorskip("pre_commit")
    whole = findings_by_file(cli("check", ".", *AS_OF).stdout)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "NO_COLOR": "1", "TRANSITION_TODAY": AS_OF[1]}
    env.pop("PRE_COMMIT", None)
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "transition-check",
         "--all-files", "--color", "never"],
        cwd=gate_repo_path, env=env, capture_output=True, text=True, timeout=900,
        check=False)
    assert run.returncode == 1, run.stdout + run.stderr
    assert findings_by_file(run.stdout) == whole
    # The hook ran in more than one process (pre-commit splits files into batches).
    assert run.stdout.count(", as of 2018-02-01: failed.") >= 2, run.stdout


# ---------------------------------------------------------------------------------------
# 1. References resolve against the project


def _naming(*ids: str, region: str = "FRH0") -> str:
    listed = ", ".join(f'"{i}"' for i in ids)
    return (STRATEGY.replace('nuts = ["FRE1", "FRE2"]', f'nuts = ["{region}"]')
            .replace("themes = [", f"partnerships = [{listed}]\nthemes = ["))


def test_a_strategy_named_with_one_of_its_partnerships_gets_no_false_unknown(cli, project):
    write(project, "regions/bretagne.toml", _naming("cybersecurity", "ai"))
    write(project, "partnerships/cyber.toml", PARTNERSHIP)
    write(project, "partnerships/ai.toml", PARTNERSHIP.replace('id = "cybersecurity"',
                                                               'id = "ai"'))
    result = cli("check", "regions/bretagne.toml", "partnerships/cyber.toml", *AS_OF)
    assert result.exit_code == 0, result.stdout
    assert "X102" not in result.stdout


def test_a_partnership_checked_alone_still_sees_its_duplicate(cli, project):
    write(project, "partnerships/a.toml", PARTNERSHIP)
    write(project, "partnerships/b.toml", PARTNERSHIP)
    alone = cli("check", "partnerships/b.toml", *AS_OF)
    assert alone.exit_code == 1
    assert lines_at(alone.stdout).startswith(
        'partnerships/b.toml:3: error X103 id: partnership id "cybersecurity" is also used by '
        "partnerships/a.toml\n")
    assert cli("check", "partnerships/a.toml", *AS_OF).exit_code == 0


def test_the_settings_folder_is_the_project(cli, tmp_path, monkeypatch):
    # No git here: the folder of transition.toml bounds the project. Hauts-de-France is not
    # a member of the project's "ai" partnership (X101); the file outside does not count.
    write(tmp_path, "plans/transition.toml", "strict = false\n")
    write(tmp_path, "plans/regions/hdf.toml", _naming("ai", region="FRE1"))
    write(tmp_path, "plans/partnerships/ai.toml", PARTNERSHIP.replace(
        'id = "cybersecurity"', 'id = "ai"'))
    write(tmp_path, "elsewhere/ai.toml", PARTNERSHIP.replace('id = "cybersecurity"',
                                                             'id = "ai"') + """
[[members]]
id = "hdf"
name = "Hauts-de-France"
country = "FR"
nuts = ["FRE1"]
""")
    monkeypatch.chdir(tmp_path / "plans")
    result = cli("check", "regions/hdf.toml", *AS_OF)
    assert result.exit_code == 1
    assert lines_at(result.stdout).startswith(
        "regions/hdf.toml:6: error X101 partnerships[0]: partnership ai "
        "(partnerships/ai.toml) does not list Hauts-de-France (FRE1) among its members\n")
    monkeypatch.chdir(tmp_path)
    # Named from above, the file still belongs to the plans/ project.
    above = cli("check", "plans/regions/hdf.toml", *AS_OF)
    assert lines_at(above.stdout).startswith("plans/regions/hdf.toml:6: error X101 "
                                             "partnerships[0]: "
                                   "partnership ai (plans/partnerships/ai.toml)")


def test_a_file_not_in_a_project_is_judged_with_the_files_named(cli, tmp_path, monkeypatch):
    write(tmp_path, "bretagne.toml", _naming("ai"))
    write(tmp_path, "cyber.toml", PARTNERSHIP)
    monkeypatch.chdir(tmp_path)
    assert cli("check", "bretagne.toml", *AS_OF).exit_code == 0  # nothing to resolve against
    both = cli("check", "bretagne.toml", "cyber.toml", *AS_OF)
    assert "X102 partnerships[0]" in both.stdout


# ---------------------------------------------------------------------------------------
# 2. Files of ours are recognised by what the parser reads


def test_a_file_with_a_byte_order_mark_in_a_folder_is_checked(cli, project):
    write(project, "regions/bom.toml", b"\xef\xbb\xbf" + BAD.encode())
    result = cli("check", "regions", *AS_OF)
    assert result.exit_code == 1, result.stderr
    assert [f[0] for f in parse("text", result.stdout)] == ["S003", "S007", "R004"]


def test_a_quoted_key_beside_a_clean_file_fails_the_folder(cli, project):
    write(project, "regions/clean.toml", STRATEGY)
    write(project, "regions/quoted.toml", BAD.replace('transition = "strategy/1"',
                                                      "'transition' = \"strategy/1\""))
    result = cli("check", "regions", *AS_OF)
    assert result.exit_code == 1
    assert {f[4] for f in parse("text", result.stdout)} == {"regions/quoted.toml"}
    assert result.stderr.startswith("2 errors, 1 warning in 2 files")


def test_a_key_spelled_with_escapes_is_ours(cli, project):
    write(project, "regions/escaped.toml", BAD.replace('transition = "strategy/1"',
                                                       '"\\u0074ransition" = "strategy/1"'))
    assert cli("check", "regions", *AS_OF).exit_code == 1


@pytest.mark.parametrize(("name", "data", "code"), [
    ("quoted-broken.toml", b'"transition" = "strategy/1"\ntitle = "unterminated\n', "F001"),
    ("utf16.toml", '\ufefftransition = "strategy/1"\n'.encode("utf-16"), "F002"),
    ("latin1.toml", 'transition = "strategy/1"\ntitle = "Sa\xf4ne"\n'.encode("latin-1"),
     "F002"),
])
def test_a_toml_file_that_cannot_be_read_but_may_be_ours_is_reported(cli, project, name,
                                                                      data, code):
    write(project, "regions/clean.toml", STRATEGY)
    write(project, f"regions/{name}", data)
    result = cli("check", "regions", *AS_OF)
    assert result.exit_code == 1
    assert [(f[0], f[4]) for f in parse("text", result.stdout)] == [(code, f"regions/{name}")]
    hook = cli("check", "--skip-other-toml", f"regions/{name}", *AS_OF)
    assert hook.exit_code == 1


def test_files_of_other_tools_are_passed_over_even_when_broken(cli, project):
    write(project, "regions/clean.toml", STRATEGY)
    write(project, "tool.toml", '[tool]\nname = "x"\n')
    write(project, "broken-tool.toml", "[tool\n")
    result = cli("check", ".", *AS_OF)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "All clean: 1 file checked, as of 2018-02-01.\n"
    hook = cli("check", "--skip-other-toml", "tool.toml", "broken-tool.toml", *AS_OF)
    assert hook.exit_code == 0
    named = cli("check", "broken-tool.toml", *AS_OF)  # named without the flag: reported
    assert named.exit_code == 1 and "F001" in named.stdout


# ---------------------------------------------------------------------------------------
# 3. The check cannot be switched off


@pytest.mark.parametrize("args", [["--select="], ["--select", ","], ["--select", ""],
                                  ["--select", " , "]])
def test_an_empty_selection_is_a_usage_error(cli, project, args):
    write(project, "bad.toml", BAD)
    result = cli("check", "bad.toml", *args, *AS_OF)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --select: no rule code given, so no rule would "
                                    "be reported\n")


@pytest.mark.parametrize("setting", ["select = []", 'select = [""]', 'select = [" , "]'])
def test_an_empty_selection_in_the_settings_is_a_usage_error(cli, project, setting):
    write(project, "transition.toml", setting + "\n")
    write(project, "bad.toml", BAD)
    result = cli("check", "bad.toml", *AS_OF)
    assert result.exit_code == 2
    assert "select: no rule code given" in result.stderr


@pytest.mark.parametrize("codes", ["F001", "F", "S,F00"])
def test_reading_codes_cannot_be_ignored(cli, project, codes):
    write(project, "notes.toml", "this is not TOML\n")
    result = cli("check", "notes.toml", "--ignore", codes, *AS_OF)
    assert result.exit_code == 2
    assert "cannot be ignored: F codes mean a file could not be read" in result.stderr


def test_reading_codes_are_reported_whatever_the_selection(cli, project):
    write(project, "notes.toml", "this is not TOML\n")
    result = cli("check", "notes.toml", "--select", "J", *AS_OF)
    assert result.exit_code == 1
    assert [f[0] for f in parse("text", result.stdout)] == ["F001"]
    assert cli("check", "notes.toml", "--exit-zero", *AS_OF).exit_code == 1


# ---------------------------------------------------------------------------------------
# 4. A failed run says so, in every format and in the report file


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_usage_error_writes_a_report_that_says_the_run_failed(cli, project, fmt):
    write(project, "bad.toml", BAD)
    result = cli("check", "bad.toml", "--output-format", fmt, "--output-file", "report.out",
                 "--select", "Z9", *AS_OF)
    assert result.exit_code == 2
    assert result.stdout == ""
    report = (project / "report.out").read_text(encoding="utf-8")
    said = failures(fmt, report)
    if said is None:  # text, full: an empty report; the error is on stderr
        assert report == ""
    else:
        assert [m.split(" (hint:")[0] for m in said] == ["--select: unknown rule code 'Z9'"]


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_an_unknown_option_still_writes_a_report_that_says_so(cli, project, fmt):
    result = cli("check", ".", "--output-format", fmt, "--output-file", "report.out",
                 "--selct", "J")
    assert result.exit_code == 2
    said = failures(fmt, (project / "report.out").read_text(encoding="utf-8"))
    assert said is not None and len(said) == 1
    assert said[0].startswith("No such option: --selct")


def test_a_failed_run_never_reads_all_clean(cli, project):
    write(project, "good.toml", STRATEGY)
    result = cli("check", "good.toml", "missing.toml", *AS_OF)
    assert result.exit_code == 2
    assert result.stderr == ("error: missing.toml: no such file or folder\n"
                             "Check failed (1 error above): 0 errors, 0 warnings in the 1 "
                             "file checked, as of 2018-02-01.\n")


# ---------------------------------------------------------------------------------------
# 5, 6. JUnit: a test case per finding, inert; carriage returns in file names


def test_junit_has_one_test_case_per_finding_and_no_line_a_runner_would_obey(cli, project):
    hostile = BAD.replace("deu = 3", '"x\\n::warning::pwned\\r\\n  ::error::again" = 3')
    write(project, "bad.toml", hostile)
    write(project, "good.toml", STRATEGY)
    out = cli("check", ".", "-f", "junit", *AS_OF).stdout
    root = ET.fromstring(out)
    suites = {s.get("name"): [c.get("name") for c in s.iter("testcase")]
              for s in root.iter("testsuite")}
    assert suites == {
        "bad.toml": ['S003 x\\n::warning::pwned\\x0d\\n  ::error::again',
                     "S007 region.nuts[0]", "R004 milestones[0].owner"],
        "good.toml": ["no findings"]}
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "2", "0")
    for line in out.splitlines():
        assert not line.lstrip().startswith("::"), line
    assert "\r" not in out


def test_carriage_returns_in_file_names_are_escaped_as_each_format_does(cli, project):
    name = "cr\rname.toml"
    write(project, name, BAD)
    github = cli("check", name, "-f", "github", *AS_OF).stdout
    for line in github.splitlines():
        assert "file=cr%0Dname.toml," in line
        assert parse_workflow_command(line)[1]["file"] == name
    for fmt in ("json", "gitlab", "json-lines"):
        out = cli("check", name, "-f", fmt, *AS_OF).stdout
        assert "\\x0d" not in out
        assert {f[4] for f in parse(fmt, out)} == {name}
    assert "cr\\x0dname.toml:5:1" in cli("check", name, *AS_OF).stdout  # text: inert


# ---------------------------------------------------------------------------------------
# What CI maintainers expect from their other linters


def test_output_format_is_the_option_with_its_aliases_and_variable(cli, project, monkeypatch):
    write(project, "bad.toml", BAD)
    outputs = {cli("check", "bad.toml", *args, *AS_OF).stdout for args in (
        ["--output-format", "json"], ["--format", "json"], ["-f", "json"])}
    monkeypatch.setenv("TRANSITION_OUTPUT_FORMAT", "json")
    outputs.add(cli("check", "bad.toml", *AS_OF).stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop())[0]["code"] == "S003"
    assert cli("check", "bad.toml", "-f", "text", *AS_OF).stdout.startswith("bad.toml:5:1")


def test_a_wrong_format_names_the_option_or_the_variable(cli, project, monkeypatch):
    result = cli("check", ".", "--format", "GitHub")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--output-format': 'GitHub' is not one of 'text', 'full', "
        "'json', 'json-lines', 'github', 'gitlab', 'junit', 'sarif'; did you mean "
        '"github"?\n')
    monkeypatch.setenv("TRANSITION_OUTPUT_FORMAT", "sarf")
    from_env = cli("check", ".")
    assert from_env.exit_code == 2
    assert "Invalid value for TRANSITION_OUTPUT_FORMAT: 'sarf' is not one of" in from_env.stderr
    assert "Value error" not in result.stderr + from_env.stderr


def test_output_file_is_written_atomically_and_never_over_a_plan(cli, project):
    write(project, "bad.toml", BAD)
    result = cli("check", "bad.toml", "-f", "sarif", "--output-file", "out.sarif", *AS_OF)
    assert (result.exit_code, result.stdout) == (1, "")
    assert [r["ruleId"] for r in json.loads((project / "out.sarif").read_text())["runs"][0][
        "results"]] == ["S003", "S007", "R004"]
    assert [p.name for p in project.iterdir() if p.name.startswith(".out")] == []
    plan = write(project, "plan.toml", STRATEGY)
    for target in ("plan.toml", "bad.toml"):
        before = (project / target).read_bytes()
        refused = cli("check", "bad.toml", "-f", "json", "-o", target, *AS_OF)
        assert refused.exit_code == 2
        assert f"error: {target}: is " in refused.stderr
        assert (project / target).read_bytes() == before
    assert plan.read_text(encoding="utf-8") == STRATEGY
    named = write(project, "pyproject.toml", "[project]\n")
    refused = cli("check", "--skip-other-toml", "pyproject.toml", "-o", "pyproject.toml")
    assert "is one of the paths checked" in refused.stderr
    assert named.read_text() == "[project]\n"


def test_exit_zero_passes_findings_but_not_unreadable_files_or_failed_runs(cli, project):
    write(project, "bad.toml", BAD)
    assert cli("check", "bad.toml", "--exit-zero", *AS_OF).exit_code == 0
    assert cli("check", "bad.toml", "nope.toml", "--exit-zero", *AS_OF).exit_code == 2
    write(project, "broken.toml", "transition = \n")
    assert cli("check", ".", "--exit-zero", *AS_OF).exit_code == 1


def test_statistics_count_findings_per_rule(cli, project):
    write(project, "a.toml", BAD)
    write(project, "b.toml", BAD.replace('owner = "nobody"', ""))
    text = cli("check", ".", "--statistics", *AS_OF)
    assert text.exit_code == 1
    assert text.stdout == ("2  S003  unknown-key\n"
                           "2  S007  nuts-syntax\n"
                           "1  R004  unknown-owner\n")
    as_json = json.loads(cli("check", ".", "--statistics", "-f", "json", *AS_OF).stdout)
    assert as_json[0] == {"code": "S003", "name": "unknown-key", "count": 2}
    github = cli("check", ".", "--statistics", "-f", "github", *AS_OF)
    assert github.exit_code == 2
    assert "--statistics shows counts as text or json, not github" in github.stderr


def test_show_files_lists_what_would_be_checked(cli, project):
    write(project, "regions/bad.toml", BAD)
    write(project, "regions/b.toml", STRATEGY)
    write(project, "pyproject.toml", "[project]\n")
    result = cli("check", ".", "--show-files")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "regions/b.toml\nregions/bad.toml\n", "")


@needs_git
def test_folders_honour_gitignore_inside_a_git_repository(cli, tmp_path, monkeypatch):
    root = tmp_path / "repo"
    root.mkdir()
    gate_repo.git(root, "init", "-q")
    write(root, ".gitignore", "generated/\n*.draft.toml\n")
    write(root, "regions/.gitignore", "!keep.draft.toml\nlocal-*.toml\n")
    write(root, ".git/info/exclude", "scratch.toml\n")
    for name in ("generated/a.toml", "regions/x.draft.toml", "regions/keep.draft.toml",
                 "regions/local-1.toml", "scratch.toml", "regions/ok.toml"):
        write(root, name, BAD)
    monkeypatch.chdir(root)
    assert cli("check", ".", "--show-files").stdout == (
        "regions/keep.draft.toml\nregions/ok.toml\n")
    assert cli("check", "regions", "--show-files").stdout == (
        "regions/keep.draft.toml\nregions/ok.toml\n")
    everything = cli("check", ".", "--show-files", "--no-respect-gitignore").stdout
    assert everything.splitlines() == [  # a folder's files, then its folders
        "scratch.toml", "generated/a.toml", "regions/keep.draft.toml", "regions/local-1.toml",
        "regions/ok.toml", "regions/x.draft.toml"]
    named = cli("check", "generated/a.toml", *AS_OF)  # named: checked all the same
    assert named.exit_code == 1
    assert cli("check", "generated", "--show-files").stdout == "generated/a.toml\n"


def test_outside_git_a_gitignore_is_not_read(cli, tmp_path, monkeypatch):
    write(tmp_path, ".gitignore", "*.toml\n")
    write(tmp_path, "a.toml", BAD)
    monkeypatch.chdir(tmp_path)
    assert cli("check", ".", "--show-files").stdout == "a.toml\n"


def test_hidden_and_tool_folders_are_passed_over(cli, project):
    for name in (".github/a.toml", ".cache/b.toml", "node_modules/c.toml", "venv/d.toml",
                 "regions/.hidden/e.toml", "regions/ok.toml"):
        write(project, name, BAD)
    assert cli("check", ".", "--show-files").stdout == "regions/ok.toml\n"
    assert cli("check", ".github", "--show-files").stdout == ".github/a.toml\n"  # named


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_device_in_the_tree_never_hangs(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, "ok.toml", STRATEGY)
    os.mkfifo(tmp_path / "pipe.toml")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    run = subprocess.run([sys.executable, "-m", "transition_cli", "check", ".", *AS_OF],
                         cwd=tmp_path, capture_output=True, text=True, timeout=60,
                         check=False)
    assert run.returncode == 0, run.stderr
    assert run.stderr == "All clean: 1 file checked, as of 2018-02-01.\n"


def test_a_folder_that_cannot_be_read_fails_the_run(cli, project, monkeypatch):
    write(project, "ok.toml", STRATEGY)
    (project / "locked").mkdir()
    scandir = os.scandir

    def refuse(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)  # root may read any folder: refuse here
    result = cli("check", ".", *AS_OF)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: locked: cannot read the folder (Permission "
                                    "denied)\n")


def test_standard_input_is_checked_under_the_name_given(cli, project):
    write(project, "partnerships/cyber.toml", PARTNERSHIP)
    result = cli("check", "-", "--stdin-filename", "regions/new.toml", *AS_OF,
                 input=_naming("cyber-security"))
    assert result.exit_code == 0  # a warning
    assert lines_at(result.stdout).startswith(
        'regions/new.toml:6: warning X102 partnerships[0]: unknown partnership '
        '"cyber-security"')
    bare = cli("check", "-", *AS_OF, input=BAD)
    assert bare.exit_code == 1
    assert lines_at(bare.stdout).startswith("-:5: warning S003")
    alone = cli("check", "regions", "--stdin-filename", "x.toml")
    assert alone.exit_code == 2
    assert "--stdin-filename names standard input" in alone.stderr


def test_standard_input_stands_for_the_file_it_names(cli, project):
    # The file on disk is broken; its fixed version comes from standard input.
    write(project, "regions/hdf.toml", BAD)
    result = cli("check", "-", "--stdin-filename", "regions/hdf.toml", *AS_OF, input=STRATEGY)
    assert result.exit_code == 0, result.stdout


def test_usage_lines_read_like_clicks(cli):
    from transition_cli.cli import load_commands

    app = load_commands()
    assert cli("check", "-h").stdout.startswith(
        "Usage: transition check [OPTIONS] PATHS...\n")
    assert cli("rules", "-h").stdout.startswith("Usage: transition rules [OPTIONS] [CODE]\n")
    missing = cli("check")
    assert missing.exit_code == 2
    assert "Error: Missing argument 'PATHS...'." in missing.stderr
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    for name in commands:
        usage = cli(name, "-h").stdout.splitlines()[0]
        assert "{" not in usage and usage == usage.replace("paths", "PATHS"), usage


def test_github_says_when_there_are_more_findings_than_it_shows(cli, project):
    for i in range(6):  # 2 errors and a warning each
        write(project, f"bad{i}.toml", BAD)
    lines = cli("check", ".", "-f", "github", *AS_OF).stdout.splitlines()
    assert len(lines) == 19
    command, props, message = parse_workflow_command(lines[-1])
    assert (command, props) == ("notice", {"title": "transition check"})
    assert message == ("12 errors and 6 warnings: GitHub shows 10 annotations of each level "
                       "per step; this step's log lists them all")
    few = cli("check", "bad0.toml", "-f", "github", *AS_OF).stdout
    assert "::notice" not in few


def test_the_failed_title_is_the_renderers():
    from test_formats import FAILED
    from transition_cli.render import machine

    assert machine.FAILED == FAILED


def test_the_library_gives_the_commands_verdict_on_the_test_repository(gate_repo_path):
    import datetime as dt

    from transition_cli import check_paths

    result = check_paths(["."], as_of=dt.date(2018, 2, 1))
    assert {shown(f.file) for f in result.findings} == set(EXPECTED_CODES)
    assert int(result.exit_code()) == 1


def test_hostile_name_is_reported_inert(cli, gate_repo_path):
    out = cli("check", HOSTILE, "-f", "github", *AS_OF).stdout
    for line in out.splitlines():
        assert parse_workflow_command(line)[1]["file"] == HOSTILE


# ---------------------------------------------------------------------------------------
# Recognition agrees with the parser, however the key is written

KEY_SPELLINGS = ["transition", '"transition"', "'transition'", '"\\u0074ransition"',
                 '"\\U00000074ransition"', '"trans\\u0069tion"', "transitions", '"Transition"']


@given(key=st.sampled_from(KEY_SPELLINGS), bom=st.booleans(),
       before=st.lists(st.sampled_from(['title = "x"', "# transition = 1", "n = 1",
                                        'note = "transition"']), max_size=3, unique=True),
       table=st.booleans())
def test_a_file_is_ours_exactly_when_the_parser_reads_the_key(key, bom, before, table):
    import tomllib

    from transition_cli.check import recognise

    text = "\n".join([*before, f'{key} = "strategy/1"'] + (["[region]", 'name = "x"']
                                                           if table else [])) + "\n"
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    ours = "transition" in tomllib.loads(text)
    doc = recognise(data, "x.toml", reported=False)
    assert (doc is not None) == ours
    assert recognise(data, "x.toml", reported=True) is not None  # named: always reported


@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_a_file_passed_over_is_readable_and_not_ours_or_never_mentions_transition(data):
    import tomllib

    from transition_cli.check import recognise

    if recognise(data, "x.toml", reported=False) is not None:
        return
    try:
        table = tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        assert b"transition" not in data
    else:
        assert "transition" not in table
