"""Check results for machines: one function per format over the same CheckResult.

These outputs are a stable contract (docs/CI.md): keys and their meaning only ever grow.
Every string from a file (names, keys, messages) is made inert and then escaped the
format's own way, so a hostile file name or value cannot break or inject into the output.
Line breaks (LF and CR alike) are the one thing kept, for the formats that escape them
(JSON, GitHub's ``%0A`` / ``%0D``); JUnit shows them inert like the text formats.

A run that failed (exit 2: a path that could not be read, a usage error) says so in every
format, so a report can never pass for a clean one: JSON and JSON lines carry an error
object (``code`` null), GitHub an ``::error::``, GitLab a ``blocker`` issue, JUnit an
``<error>``, SARIF an invocation with ``executionSuccessful: false`` and a notification.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from transition_cli.check import CheckResult
from transition_cli.core.findings import Finding, Severity
from transition_cli.core.i18n import _
from transition_cli.core.text import inert
from transition_cli.render.context import RenderContext
from transition_cli.render.findings import finding_line

FAILED = "transition check failed"
"""The title of what a failed run reports in the CI formats."""


def _text(value: str) -> str:
    """Untrusted text for a machine format: inert, line breaks (LF and CR) kept as they
    are, for each format escapes them its own way."""
    return "\r".join(inert(part, keep_newlines=True) for part in value.split("\r"))


def _opt(value: str | None) -> str | None:
    return None if not value else _text(value)


def finding_record(f: Finding) -> dict[str, Any]:
    """The JSON shape of a finding; these keys, in this order, are the contract."""
    return {
        "file": _text(f.file),
        "line": f.line,
        "column": f.column,
        "code": f.code,
        "severity": f.severity.value,
        "key": _opt(f.key),
        "message": _text(f.message),
        "hint": _opt(f.hint),
    }


def problem_record(message: str) -> dict[str, Any]:
    """Why a run failed, in the shape of a finding: an error with no code."""
    return {"file": None, "line": None, "column": None, "code": None, "severity": "error",
            "key": None, "message": _text(message), "hint": None}


def _records(result: CheckResult) -> list[dict[str, Any]]:
    return ([finding_record(f) for f in result.findings]
            + [problem_record(p) for p in result.problems])


def render_json(result: CheckResult, ctx: RenderContext) -> str:
    """One JSON array of findings (``[]`` when clean), then an error object for each
    reason the run failed."""
    return json.dumps(_records(result), indent=2) + "\n"


def render_json_lines(result: CheckResult, ctx: RenderContext) -> str:
    """One JSON object per line, per finding (nothing when clean), as in ``json``."""
    return "".join(json.dumps(record) + "\n" for record in _records(result))


# ---------------------------------------------------------------------------------------
# GitHub Actions workflow commands, escaped as @actions/core does (command.ts).


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


ANNOTATIONS_PER_LEVEL = 10
"""GitHub shows this many error and this many warning annotations per step; the log shows
every line."""


def render_github(result: CheckResult, ctx: RenderContext) -> str:
    """``::error file=F,line=L,col=C,title=CODE key::message`` per finding; first an
    ``::error`` for each reason the run failed (so GitHub's limit never hides one), last a
    notice when there are more findings than GitHub shows as annotations."""
    lines = [f"::error title={escape_property(FAILED)}::{escape_data(_text(problem))}\n"
             for problem in result.problems]
    for f in result.findings:
        props = {"file": ctx.relative(f.file)}
        if f.line is not None:
            props["line"] = str(f.line)
            if f.column is not None:
                props["col"] = str(f.column)
        props["title"] = f"{f.code} {f.key}".strip()
        message = f.message + ("\n" + _("hint: {hint}").format(hint=f.hint)
                               if ctx.hints and f.hint else "")
        prop_text = ",".join(f"{k}={escape_property(_text(v))}" for k, v in props.items())
        command = "error" if f.severity is Severity.ERROR else "warning"
        lines.append(f"::{command} {prop_text}::{escape_data(_text(message))}\n")
    errors = result.count(Severity.ERROR) + len(result.problems)
    warnings = result.count(Severity.WARNING)
    if max(errors, warnings) > ANNOTATIONS_PER_LEVEL:
        lines.append(
            f"::notice title={escape_property('transition check')}::{errors} errors and "
            f"{warnings} warnings: GitHub shows {ANNOTATIONS_PER_LEVEL} annotations of each "
            "level per step; this step's log lists them all\n")
    return "".join(lines)


# ---------------------------------------------------------------------------------------
# GitLab Code Quality (a subset of the Code Climate issue format).

GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}
GITLAB_FAILED = "blocker"


def fingerprint(f: Finding, path: str, occurrence: int = 0) -> str:
    """Stable across edits elsewhere in the file: code, path, key path and message, not line.

    ``occurrence`` tells apart identical findings in one file (the 2nd, 3rd...).
    """
    parts = [f.code, path, f.key, f.message] + ([str(occurrence)] if occurrence else [])
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def render_gitlab(result: CheckResult, ctx: RenderContext) -> str:
    issues = []
    seen: dict[str, int] = {}
    for f in result.findings:
        path = ctx.relative(f.file)
        base = fingerprint(f, path)
        occurrence = seen.get(base, 0)
        seen[base] = occurrence + 1
        key = f" ({inert(f.key, keep_newlines=False)})" if f.key else ""
        issues.append({
            "description": _text(f.message) + key,
            "check_name": f.code,
            "fingerprint": fingerprint(f, path, occurrence),
            "severity": GITLAB_SEVERITY[f.severity],
            "location": {"path": _text(path), "lines": {"begin": f.line or 1}},
        })
    for problem in result.problems:
        issues.append({
            "description": f"{FAILED}: {_text(problem)}",
            "check_name": "check-failed",
            "fingerprint": hashlib.sha256(
                problem.encode("utf-8", "surrogateescape")).hexdigest(),
            "severity": GITLAB_FAILED,
            "location": {"path": ".", "lines": {"begin": 1}},
        })
    return json.dumps(issues, indent=2) + "\n"


# ---------------------------------------------------------------------------------------
# JUnit XML: a test suite per file, a test case per finding (most CI viewers show one
# failure per test case), a passing one for a file without findings; a failed run adds a
# suite whose test case has an <error>. Text is inert on one line, and no line starts
# with "::", so printing the file in a CI log cannot make a workflow command.


def _case_name(f: Finding) -> str:
    return inert(f"{f.code} {f.key}".strip(), keep_newlines=False)


def render_junit(result: CheckResult, ctx: RenderContext) -> str:
    import xml.etree.ElementTree as ET

    suites = ET.Element("testsuites", name="transition check")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for doc in result.documents:
        name = inert(doc.file, keep_newlines=False)
        failing = sum(1 for f in doc.findings if ctx.fails(f))
        suite = ET.SubElement(suites, "testsuite", name=name,
                              tests=str(max(len(doc.findings), 1)), failures=str(failing),
                              errors="0", skipped="0")
        totals["tests"] += max(len(doc.findings), 1)
        totals["failures"] += failing
        if not doc.findings:
            ET.SubElement(suite, "testcase", name="no findings", classname=name, file=name)
        seen: dict[str, int] = {}
        for f in doc.findings:
            case_name = _case_name(f)
            seen[case_name] = seen.get(case_name, 0) + 1
            if seen[case_name] > 1:
                case_name += f" #{seen[case_name]}"
            attrs = {"name": case_name, "classname": name, "file": name}
            if f.line is not None:
                attrs["line"] = str(f.line)
            case = ET.SubElement(suite, "testcase", attrs)
            text = finding_line(f) + ("\n" + _("hint: {hint}").format(hint=inert(f.hint))
                                      if f.hint else "")
            if ctx.fails(f):
                ET.SubElement(case, "failure", type=f.code,
                              message=inert(f.message, keep_newlines=False)).text = text
            else:
                ET.SubElement(case, "system-out").text = text
    if result.problems:
        suite = ET.SubElement(suites, "testsuite", name=FAILED, tests="1", failures="0",
                              errors=str(len(result.problems)), skipped="0")
        case = ET.SubElement(suite, "testcase", name="run", classname=FAILED)
        for problem in result.problems:
            shown = inert(problem, keep_newlines=False)
            ET.SubElement(case, "error", type="usage", message=shown).text = (
                "./" + shown if shown.startswith("::") else shown)
        totals["tests"] += 1
        totals["errors"] += len(result.problems)
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


# ---------------------------------------------------------------------------------------
# SARIF 2.1.0 (GitHub code scanning and other viewers).

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    return quote(path, safe="/")


def sarif_rules() -> list[dict[str, Any]]:
    from transition_cli.rules.registry import RULES

    rules = []
    for rule in RULES:
        example = ("\n\n" + _("Example:") + f"\n\n{rule.example}") if rule.example else ""
        rules.append({
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": _(rule.summary)},
            "fullDescription": {"text": _(rule.summary)},
            "help": {"text": f"{_(rule.fix)}{example}"},
            "defaultConfiguration": {"level": rule.severity.value},
        })
    return rules


def render_sarif(result: CheckResult, ctx: RenderContext) -> str:
    from transition_cli import __version__
    from transition_cli.rules.registry import RULES

    index = {rule.code: i for i, rule in enumerate(RULES)}
    results = []
    for f in result.findings:
        location: dict[str, Any] = {"artifactLocation": {"uri": _uri(ctx.relative(f.file))}}
        if f.line is not None:
            region: dict[str, int] = {"startLine": f.line}
            if f.column is not None:
                region["startColumn"] = f.column
            location["region"] = region
        message = _text(f.message) + ("\n" + _("hint: {hint}").format(hint=_text(f.hint))
                                      if f.hint else "")
        entry: dict[str, Any] = {
            "ruleId": f.code,
            **({"ruleIndex": index[f.code]} if f.code in index else {}),
            "level": f.severity.value,
            "message": {"text": message},
            "locations": [{"physicalLocation": location}],
        }
        if f.key:
            entry["properties"] = {"key": _text(f.key)}
        results.append(entry)
    # GitHub records an upload whose execution failed as such, rather than as a run that
    # found nothing (which would close the open alerts).
    invocation: dict[str, Any] = {"executionSuccessful": not result.failed}
    if result.problems:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": _text(problem)}}
            for problem in result.problems]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "transition",
                "version": __version__,
                "rules": sarif_rules(),
            }},
            "invocations": [invocation],
            "results": results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"


