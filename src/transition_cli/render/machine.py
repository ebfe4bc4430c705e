"""Check results for machines: one function per format over the same CheckResult.

These outputs are a stable contract (docs/CI.md): keys and their meaning only ever grow.
Every string from a file (names, keys, messages) goes through ``clean`` and then the
format's own escaping, so a hostile file name or value cannot break or inject into the
output.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from transition_cli.check import CheckResult
from transition_cli.core.findings import Finding, Severity
from transition_cli.core.text import inert
from transition_cli.render.context import RenderContext


def _text(value: str) -> str:
    """Untrusted text for a machine format: inert, line breaks kept (each format escapes
    them its own way)."""
    return inert(value, keep_newlines=True)


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


def render_json(result: CheckResult, ctx: RenderContext) -> str:
    """One JSON array of findings (``[]`` when clean)."""
    return json.dumps([finding_record(f) for f in result.findings], indent=2) + "\n"


def render_json_lines(result: CheckResult, ctx: RenderContext) -> str:
    """One JSON object per line, per finding (nothing when clean)."""
    return "".join(json.dumps(finding_record(f)) + "\n" for f in result.findings)


# ---------------------------------------------------------------------------------------
# GitHub Actions workflow commands, escaped as @actions/core does (command.ts).


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult, ctx: RenderContext) -> str:
    """``::error file=F,line=L,col=C,title=CODE key::message`` per finding."""
    lines = []
    for f in result.findings:
        props = {"file": ctx.relative(f.file)}
        if f.line is not None:
            props["line"] = str(f.line)
            if f.column is not None:
                props["col"] = str(f.column)
        props["title"] = f"{f.code} {f.key}".strip()
        message = f.message + (f"\nhint: {f.hint}" if ctx.hints and f.hint else "")
        prop_text = ",".join(f"{k}={escape_property(_text(v))}" for k, v in props.items())
        command = "error" if f.severity is Severity.ERROR else "warning"
        lines.append(f"::{command} {prop_text}::{escape_data(_text(message))}\n")
    return "".join(lines)


# ---------------------------------------------------------------------------------------
# GitLab Code Quality (a subset of the Code Climate issue format).

GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


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
    return json.dumps(issues, indent=2) + "\n"


# ---------------------------------------------------------------------------------------
# JUnit XML: one test case per file; a failure per failing finding.


def render_junit(result: CheckResult, ctx: RenderContext) -> str:
    import xml.etree.ElementTree as ET

    failing = sum(1 for d in result.documents if any(ctx.fails(f) for f in d.findings))
    suites = ET.Element("testsuites", name="transition check")
    suite = ET.SubElement(suites, "testsuite", name="transition check",
                          tests=str(len(result.documents)), failures=str(failing),
                          errors="0", skipped="0")
    for doc in result.documents:
        name = inert(doc.file, keep_newlines=False)
        case = ET.SubElement(suite, "testcase", name=name, classname="transition.check",
                             file=name)
        others = []
        for f in doc.findings:
            text = (inert(f.place, keep_newlines=False)
                    + f": {f.severity.value} {f.code} "
                    + (inert(f"{f.key}: ", keep_newlines=False) if f.key else "")
                    + _text(f.message + (f"\nhint: {f.hint}" if f.hint else "")))
            if ctx.fails(f):
                failure = ET.SubElement(case, "failure", type=f.code,
                                        message=inert(f.message, keep_newlines=False))
                failure.text = text
            else:
                others.append(text)
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(others)
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
        example = f"\n\nExample:\n\n{rule.example}" if rule.example else ""
        rules.append({
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.summary},
            "help": {"text": f"{rule.fix}{example}"},
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
        message = _text(f.message) + (f"\nhint: {_text(f.hint)}" if f.hint else "")
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
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "transition",
                "version": __version__,
                "rules": sarif_rules(),
            }},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"


