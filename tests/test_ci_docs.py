"""docs/CI.md: the command lines of its copy-paste jobs are run here, as a shell runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from test_formats import BAD, check_sarif, parse_workflow_command

ROOT = Path(__file__).resolve().parents[1]
CI_MD = (ROOT / "docs" / "CI.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", CI_MD, flags=re.DOTALL)


def commands() -> list[str]:
    """Every `transition ...` line of the YAML jobs, as written after `run:` or `- `."""
    found = []
    for block in blocks("yaml"):
        for line in block.splitlines():
            m = re.match(r"\s*(?:- )?(?:run: |entry: )?(transition .*)$", line)
            if m:
                found.append(m.group(1).strip())
    return found


def test_the_jobs_name_the_commands_we_expect():
    assert commands() == [
        "transition check . --output-format github",
        "transition check . --output-format sarif --output-file transition.sarif",
        "transition check . --output-format gitlab --output-file gl-code-quality-report.json",
        "transition check . --output-format junit --output-file transition-junit.xml",
        "transition check --skip-other-toml",
    ]


@pytest.fixture
def checkout(tmp_path: Path, strategy_text: str) -> Path:
    """A user's repository: a good plan, a bad one, and a TOML file of another tool."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "regions").mkdir()
    (tmp_path / "regions" / "hdf.toml").write_text(strategy_text, encoding="utf-8")
    (tmp_path / "regions" / "bad.toml").write_text(BAD, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    return tmp_path


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "TRANSITION_TODAY": "2018-02-01"}
    return subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True,
                          text=True, check=False, timeout=120)


@pytest.mark.parametrize("command", commands())
def test_each_documented_command_runs_and_fails_on_the_bad_file(command, checkout):
    if "--skip-other-toml" in command:  # pre-commit appends the staged TOML files
        command += " pyproject.toml regions/hdf.toml regions/bad.toml"
    result = shell(command, checkout)
    assert result.returncode == 1, result.stderr
    assert result.stderr.endswith("2 errors, 1 warning in 2 files, as of 2018-02-01: failed.\n")
    if "--output-file" in command:
        out = (checkout / command.split("--output-file")[1].strip()).read_text(
            encoding="utf-8")
        assert result.stdout == ""
    else:
        out = result.stdout
    if "--output-format github" in command:
        parsed = [parse_workflow_command(line) for line in out.splitlines()]
        assert {p[1]["file"] for p in parsed} == {"regions/bad.toml"}
    elif "--output-format sarif" in command:
        check_sarif(json.loads(out))
        assert json.loads(out)["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    elif "--output-format gitlab" in command:
        assert {i["check_name"] for i in json.loads(out)} == {"S003", "S007", "R004"}
    elif "--output-format junit" in command:
        suites = {s.get("name"): [c.get("name") for c in s.iter("testcase")]
                  for s in ET.fromstring(out).iter("testsuite")}
        assert suites == {"regions/bad.toml": ["S003 deu", "S007 region.nuts[0]",
                                               "R004 milestones[0].owner"],
                          "regions/hdf.toml": ["no findings"]}
    else:
        assert "regions/bad.toml:16:9: error R004" in out
        assert "pyproject.toml" not in out


def test_the_pre_commit_snippets_name_the_hook_this_repository_defines():
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: transition-check\n" in hooks
    assert "entry: transition check --skip-other-toml\n" in hooks
    assert "types: [toml]\n" in hooks
    # Parallel batches are safe: references resolve against the repository (test_gate).
    assert "require_serial: false\n" in hooks and "pass_filenames: true\n" in hooks
    snippets = "".join(blocks("yaml"))
    assert snippets.count("- id: transition-check\n") == 2


def test_the_settings_example_is_valid(cli, tmp_path, monkeypatch):
    example = next(b for b in blocks("toml") if "transition.toml" in b)
    block = "\n".join(line.strip() for line in example.splitlines())
    (tmp_path / ".git").mkdir()
    (tmp_path / "transition.toml").write_text(block, encoding="utf-8")
    (tmp_path / "bad.toml").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "bad.toml", "--as-of", "2018-02-01")
    assert result.exit_code == 1
    assert "S003" in result.stdout


def test_the_schema_file_named_for_check_jsonschema_is_committed():
    for block in blocks("sh"):
        for name in re.findall(r"--schemafile (\S+)", block):
            assert (ROOT / name).is_file(), name


def test_every_check_format_is_documented_in_ci_md_and_the_readme():
    from transition_cli.render.formats import FORMATS

    ci = (ROOT / "docs" / "CI.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"--output-format (text\|\S+)`", readme)
    assert listed is not None
    assert listed.group(1).split("|") == list(FORMATS)
    for name in FORMATS:
        assert re.search(rf"^\| `{re.escape(name)}`( \(default\))? \|", ci, re.M), name
