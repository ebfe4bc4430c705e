"""Plain-text rendering of check results (no rich: this is CI's hot path)."""

from __future__ import annotations

from collections.abc import Iterator

from transition_cli.check import CheckResult
from transition_cli.findings import Finding, Severity
from transition_cli.text import inert


def finding_line(f: Finding) -> str:
    """``file:line:col: error R004 milestones[2].owner: message``"""
    key = f" {inert(f.key)}:" if f.key else ""
    return f"{inert(f.place)}: {f.severity.value} {f.code}{key} {inert(f.message)}"


def text(result: CheckResult, *, hints: bool = True) -> Iterator[str]:
    for f in result.findings:
        yield finding_line(f)
        if hints and f.hint:
            yield f"    hint: {inert(f.hint)}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(result: CheckResult, strict: bool = False) -> str:
    files = plural(len(result.documents), "file")
    errors = result.count(Severity.ERROR)
    warnings = result.count(Severity.WARNING)
    when = f"as of {result.as_of.isoformat()}"
    if not errors and not warnings:
        return f"All clean: {files} checked, {when}."
    verdict = "failed" if errors or (strict and warnings) else "passed with warnings"
    return (f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {files}, {when}: "
            f"{verdict}" + (" (--strict)" if strict and warnings and not errors else "") + ".")
