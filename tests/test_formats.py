"""`check --format`: every format parsed with a real parser; exit codes; hostile input."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest

from transition_cli.core.text import inert
from transition_cli.render.formats import FORMATS as CHECK_FORMATS
from transition_cli.render.machine import escape_data, escape_property

FORMATS = list(CHECK_FORMATS)
FAILED = "transition check failed"  # the title of a failed run's report in the CI formats
AS_OF = ("--as-of", "2018-02-01")

BAD = """\
transition = "strategy/1"
call = "itr-2017"
title = "Bad on purpose"
period = { start = 2018-01-01, end = 2019-12-31 }
deu = 3

[region]
name = "Hauts-de-France"
country = "FR"
nuts = ["fre1"]

[[milestones]]
id = "M1"
title = "Diagnosis"
due = 2018-03-31
owner = "nobody"
"""

# (code, severity, line, column, key) of BAD's findings, in report order.
# An unknown key is pointed at; other findings point at the value they are about.
EXPECTED = [
    ("S003", "warning", 5, 1, "deu"),
    ("S007", "error", 10, 9, "region.nuts[0]"),
    ("R004", "error", 16, 9, "milestones[0].owner"),
]

WARNING_ONLY = """\
transition = "strategy/1"
call = "itr-2017"
title = "Only a typo"
period = { start = 2018-01-01, end = 2019-12-31 }
titel = "typo"

[region]
name = "Hauts-de-France"
country = "FR"
nuts = ["FRE1"]
"""


def clean(value: str) -> str:
    """How machine formats carry untrusted text before their own escaping."""
    return inert(value, keep_newlines=True)


def parse(fmt: str, out: str) -> list[tuple[str, str, int | None, int | None, str]]:
    """(code, severity, line, column, file) per finding, read with the format's parser."""
    found: list[tuple[str, str, int | None, int | None, str]] = []
    if fmt in ("text", "full"):
        line_re = re.compile(r"^(.*?)(?::(\d+):(\d+))?: (error|warning) ([A-Z]\d{3}) ")
        for line in out.splitlines():
            m = line_re.match(line)
            if m:
                found.append((m[5], m[4], m[2] and int(m[2]), m[3] and int(m[3]), m[1]))
    elif fmt in ("json", "json-lines"):
        items = (json.loads(out) if fmt == "json"
                 else [json.loads(line) for line in out.splitlines()])
        for item in items:
            assert list(item) == ["file", "line", "column", "code", "severity", "key",
                                  "message", "hint"]
            if item["code"] is None:  # the run failed: see failures()
                continue
            found.append((item["code"], item["severity"], item["line"], item["column"],
                          item["file"]))
    elif fmt == "github":
        for line in out.splitlines():
            command, props, message = parse_workflow_command(line)
            if props.get("title") in (FAILED, "transition check"):
                continue  # the run failed, or more findings than GitHub shows
            assert command in ("error", "warning")
            assert message
            line_no, col = props.get("line"), props.get("col")
            found.append((props["title"].split()[0], command, line_no and int(line_no),
                          col and int(col), props["file"]))
    elif fmt == "gitlab":
        for issue in json.loads(out):
            assert set(issue) == {"description", "check_name", "fingerprint", "severity",
                                  "location"}
            assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
            if issue["check_name"] == "check-failed":
                continue
            severity = {"major": "error", "minor": "warning"}[issue["severity"]]
            found.append((issue["check_name"], severity, issue["location"]["lines"]["begin"],
                          None, issue["location"]["path"]))
    elif fmt == "junit":
        root = ET.fromstring(out)
        for suite in root.iter("testsuite"):
            for case in suite.iter("testcase"):
                assert case.get("classname") == suite.get("name")
                shown = case.findall("failure") + case.findall("system-out")
                assert len(shown) <= 1, "one finding per test case"
                for element in shown:
                    m = re.match(r".*?(?::(\d+):(\d+))?: (error|warning) ([A-Z]\d{3}) ",
                                 element.text or "")
                    assert m, element.text
                    if element.tag == "failure":
                        assert element.get("type") == m[4]
                    found.append((m[4], m[3], m[1] and int(m[1]), m[2] and int(m[2]),
                                  suite.get("name", "")))
    elif fmt == "sarif":
        log = json.loads(out)
        check_sarif(log)
        for result in log["runs"][0]["results"]:
            loc = result["locations"][0]["physicalLocation"]
            region = loc.get("region", {})
            found.append((result["ruleId"], result["level"], region.get("startLine"),
                          region.get("startColumn"), unquote(loc["artifactLocation"]["uri"])))
    else:  # pragma: no cover
        raise AssertionError(fmt)
    return found


def failures(fmt: str, out: str) -> list[str] | None:
    """What the report says about a failed run (exit 2), read with the format's parser:
    each reason, or [] when it does not say the run failed; None for the text formats,
    which leave that to stderr."""
    if fmt in ("text", "full"):
        return None
    if fmt in ("json", "json-lines"):
        items = (json.loads(out) if fmt == "json"
                 else [json.loads(line) for line in out.splitlines()])
        return [i["message"] for i in items if i["code"] is None and i["severity"] == "error"]
    if fmt == "github":
        return [message for command, props, message in map(parse_workflow_command,
                                                             out.splitlines())
                if command == "error" and props.get("title") == FAILED]
    if fmt == "gitlab":
        return [i["description"].removeprefix(f"{FAILED}: ") for i in json.loads(out)
                if i["check_name"] == "check-failed" and i["severity"] == "blocker"]
    if fmt == "junit":
        root = ET.fromstring(out)
        errors = [e.get("message", "") for e in root.iter("error")]
        assert int(root.get("errors", "0")) == len(errors)
        return errors
    assert fmt == "sarif"
    log = json.loads(out)
    check_sarif(log)
    [invocation] = log["runs"][0]["invocations"]
    notes = [n["message"]["text"] for n in invocation.get("toolExecutionNotifications", [])
             if n["level"] == "error"]
    assert invocation["executionSuccessful"] is (not notes)
    return notes


def unescape(value: str) -> str:
    return (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """Parse ``::cmd k=v,k=v::data`` the way the Actions runner does."""
    m = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert m, f"not one workflow command: {line!r}"
    props = {}
    for pair in m[2].split(","):
        key, _, value = pair.partition("=")
        props[key] = unescape(value)
    return m[1], props, unescape(m[3])


def check_sarif(log: dict) -> None:
    """The properties SARIF 2.1.0 requires, and the cross-references it defines."""
    assert log["version"] == "2.1.0"
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "transition"
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)), "each rule described once"
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
    for result in run["results"]:
        assert result["message"]["text"]
        assert result["level"] in ("none", "note", "warning", "error")
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        for location in result["locations"]:
            physical = location["physicalLocation"]
            uri = physical["artifactLocation"]["uri"]
            assert re.fullmatch(r"[A-Za-z0-9._~!$&'()*+,;=:@/%-]+", uri), uri
            region = physical.get("region")
            if region is not None:
                assert region["startLine"] >= 1
                assert region.get("startColumn", 1) >= 1


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder (its own git root) as the current folder."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_reports_codes_places_and_severities(fmt, cli, project):
    (project / "bad.toml").write_text(BAD, encoding="utf-8")
    result = cli("check", "bad.toml", "--format", fmt, *AS_OF)
    assert result.exit_code == 1
    assert result.stderr == "2 errors, 1 warning in 1 file, as of 2018-02-01: failed.\n"
    found = parse(fmt, result.stdout)
    if fmt == "junit":  # failures first, then the warning that does not fail
        found = sorted(found, key=lambda f: f[2] or 0)
    expected = [(code, sev, line, None if fmt == "gitlab" else col, "bad.toml")
                for code, sev, line, col, _ in EXPECTED]
    assert found == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_clean_file_exits_0_with_valid_empty_output(fmt, cli, project, strategy_text):
    (project / "good.toml").write_text(strategy_text, encoding="utf-8")
    result = cli("check", "good.toml", "--format", fmt, *AS_OF)
    assert result.exit_code == 0
    assert parse(fmt, result.stdout) == []
    assert result.stderr == "All clean: 1 file checked, as of 2018-02-01.\n"
    if fmt in ("json", "gitlab"):
        assert json.loads(result.stdout) == []
    assert failures(fmt, result.stdout) in ([], None)
    if fmt == "junit":
        suite = ET.fromstring(result.stdout).find("testsuite")
        assert suite is not None and suite.get("name") == "good.toml"
        assert [c.get("name") for c in suite.iter("testcase")] == ["no findings"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_usage_errors_exit_2_in_every_format(fmt, cli, project, strategy_text):
    (project / "good.toml").write_text(strategy_text, encoding="utf-8")
    result = cli("check", "good.toml", "missing.toml", "--format", fmt, *AS_OF)
    assert result.exit_code == 2
    assert "error: missing.toml: no such file or folder" in result.stderr
    assert parse(fmt, result.stdout) == []  # stdout stays parseable
    assert failures(fmt, result.stdout) in (["missing.toml: no such file or folder"], None)
    bad_code = cli("check", "good.toml", "--format", fmt, "--select", "Z9")
    assert bad_code.exit_code == 2
    assert "unknown rule code 'Z9'" in bad_code.stderr
    assert parse(fmt, bad_code.stdout) == []
    said = failures(fmt, bad_code.stdout)
    assert said is None or [m.startswith("--select: unknown rule code 'Z9'") for m in said] == [
        True]


def test_unknown_format_is_a_usage_error(cli, project):
    result = cli("check", ".", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of" in result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_strict_makes_warnings_fail_in_every_format(fmt, cli, project):
    (project / "typo.toml").write_text(WARNING_ONLY, encoding="utf-8")
    relaxed = cli("check", "typo.toml", "--format", fmt, *AS_OF)
    strict = cli("check", "typo.toml", "--format", fmt, "--strict", *AS_OF)
    assert relaxed.exit_code == 0
    assert strict.exit_code == 1
    assert [f[:3] for f in parse(fmt, relaxed.stdout)] == [("S003", "warning", 5)]
    assert [f[:3] for f in parse(fmt, strict.stdout)] == [("S003", "warning", 5)]
    assert strict.stderr.endswith("passed with warnings.\n") is False
    assert "failed (--strict)." in strict.stderr
    if fmt == "junit":  # under --strict the warning is a failure of the test case
        root = ET.fromstring(strict.stdout)
        assert [f.get("type") for f in root.iter("failure")] == ["S003"]
        assert list(ET.fromstring(relaxed.stdout).iter("failure")) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_select_and_ignore_change_the_result(fmt, cli, project):
    (project / "bad.toml").write_text(BAD, encoding="utf-8")
    only_s = cli("check", "bad.toml", "--format", fmt, "--select", "S", *AS_OF)
    assert sorted(f[0] for f in parse(fmt, only_s.stdout)) == ["S003", "S007"]
    assert only_s.exit_code == 1
    warning_left = cli("check", "bad.toml", "--format", fmt, "--ignore", "S007,R",
                       *AS_OF)
    assert [f[0] for f in parse(fmt, warning_left.stdout)] == ["S003"]
    assert warning_left.exit_code == 0
    nothing = cli("check", "bad.toml", "--format", fmt, "--select", "s003",
                  "--ignore", "S003", *AS_OF)
    assert parse(fmt, nothing.stdout) == []
    assert nothing.exit_code == 0


def test_full_shows_the_source_line_and_a_caret(cli, project):
    (project / "bad.toml").write_text(BAD.replace('owner = "nobody"',
                                                  '  owner = "nobody"'), encoding="utf-8")
    result = cli("check", "bad.toml", "--format", "full", "--select", "R004", *AS_OF)
    assert result.stdout == (
        'bad.toml:16:11: error R004 milestones[0].owner: unknown expert "nobody" as owner of M1\n'
        "   |\n"
        '16 |   owner = "nobody"\n'
        "   |           ^\n"
        "    hint: none is defined yet\n"
        "\n"
    )


def test_gitlab_fingerprint_survives_edits_above(cli, project):
    (project / "bad.toml").write_text(BAD, encoding="utf-8")
    before = json.loads(cli("check", "bad.toml", "-f", "gitlab", *AS_OF).stdout)
    (project / "bad.toml").write_text("# a new comment\n\n" + BAD, encoding="utf-8")
    after = json.loads(cli("check", "bad.toml", "-f", "gitlab", *AS_OF).stdout)
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    assert [i["location"]["lines"]["begin"] + 2 for i in before] == [
        i["location"]["lines"]["begin"] for i in after]
    assert len({i["fingerprint"] for i in after}) == len(after)


def test_ci_formats_make_paths_relative_to_the_project_root(cli, project, monkeypatch):
    sub = project / "regions" / "fr"
    sub.mkdir(parents=True)
    (sub / "bad.toml").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(sub)
    gitlab = json.loads(cli("check", "bad.toml", "-f", "gitlab", *AS_OF).stdout)
    assert {i["location"]["path"] for i in gitlab} == {"regions/fr/bad.toml"}
    github = cli("check", "bad.toml", "-f", "github", *AS_OF).stdout
    assert all("file=regions/fr/bad.toml," in line for line in github.splitlines())
    sarif = json.loads(cli("check", "bad.toml", "-f", "sarif", *AS_OF).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]}
    assert uris == {"regions/fr/bad.toml"}
    as_given = json.loads(cli("check", "bad.toml", "-f", "json", *AS_OF).stdout)
    assert {i["file"] for i in as_given} == {"bad.toml"}


def test_github_escaping_matches_the_actions_toolkit():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_data("a::b, c:d") == "a::b, c:d"
    assert escape_property("a::b, c:d%0A") == "a%3A%3Ab%2C c%3Ad%250A"


HOSTILE_NAME = 'evil\n::error file=x::pwned %0A "q" \'s <a&b> \x1b[31m \x07 \u202etxt.toml'
HOSTILE_KEY = r'"x\n::warning::inject %0A <b>&amp; \" \u202e \u0007 ]]>"'


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_names_and_messages_neither_break_nor_inject(fmt, cli, project):
    text = BAD.replace("deu = 3", f"{HOSTILE_KEY} = 3")
    path = project / HOSTILE_NAME
    path.write_text(text, encoding="utf-8")
    result = cli("check", HOSTILE_NAME, "--format", fmt, *AS_OF)
    assert result.exit_code == 1
    found = parse(fmt, result.stdout)
    assert sorted(f[0] for f in found) == ["R004", "S003", "S007"]
    # SARIF URIs are percent-encoded, so they keep the real name; the others show it inert.
    shown = {"sarif": HOSTILE_NAME, "github": clean(HOSTILE_NAME), "gitlab": clean(HOSTILE_NAME),
             "json": clean(HOSTILE_NAME), "json-lines": clean(HOSTILE_NAME)}.get(fmt)
    for *_, file in found:
        if shown is not None:
            assert file == shown
    for char in ("\x1b", "\x07", "\u202e"):
        assert char not in result.stdout
    if fmt in ("text", "full", "github"):
        # One line per finding (text: plus hints); none of them a smuggled command.
        lines = result.stdout.splitlines()
        commands = [line for line in lines if line.startswith("::")]
        if fmt == "github":
            assert len(commands) == len(lines) == 3
            for line in commands:
                _, props, _message = parse_workflow_command(line)
                assert {"file", "title"} <= set(props) <= {"file", "line", "col", "title"}
        else:
            assert commands == []
    if fmt in ("json", "json-lines"):
        messages = [json.loads(line)["message"] for line in result.stdout.splitlines()
                    if line.startswith("{")] if fmt == "json-lines" else [
                    i["message"] for i in json.loads(result.stdout)]
        assert any("::warning::inject %0A <b>&amp;" in m for m in messages)


def test_problems_on_stderr_are_inert(cli, project):
    result = cli("check", "gone\n::error::pwned.toml")
    assert result.exit_code == 2
    assert "\n::error" not in result.stderr
    assert "gone\\n::error::pwned.toml: no such file or folder" in result.stderr


def test_text_never_starts_a_line_with_a_workflow_command(cli, project):
    name = "::error::x.toml"
    (project / name).write_text(BAD, encoding="utf-8")
    result = cli("check", ".", *AS_OF)
    assert result.exit_code == 1
    assert all(not line.startswith("::") for line in result.stdout.splitlines())
    assert result.stdout.startswith("./::error::x.toml:5:1: warning S003")


def test_skip_other_toml_passes_over_files_of_other_tools(cli, project, strategy_text):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (project / "good.toml").write_text(strategy_text, encoding="utf-8")
    strict_naming = cli("check", "pyproject.toml", "good.toml", *AS_OF)
    assert strict_naming.exit_code == 1
    assert "F003" in strict_naming.stdout
    hook = cli("check", "--skip-other-toml", "pyproject.toml", "good.toml", *AS_OF)
    assert hook.exit_code == 0
    assert hook.stderr == "All clean: 1 file checked, as of 2018-02-01.\n"
