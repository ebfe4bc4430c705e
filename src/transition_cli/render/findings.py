"""Check results for people: ``text`` (one line per finding) and ``full`` (with the source
line and a caret). No rich here: this is CI's hot path."""

from __future__ import annotations

from collections.abc import Iterator

from transition_cli.check import CheckResult
from transition_cli.core.findings import Finding, Severity
from transition_cli.core.text import inert, plural
from transition_cli.render.context import RenderContext


def finding_line(f: Finding) -> str:
    """``file:line:col: error R004 milestones[2].owner: message``"""
    line = inert(f.text())
    # A file named "::error::x.toml" must not become a CI workflow command.
    return "./" + line if line.startswith("::") else line


def text(result: CheckResult, *, hints: bool = True) -> Iterator[str]:
    for f in result.findings:
        yield finding_line(f)
        if hints and f.hint:
            yield f"    hint: {inert(f.hint)}"


def render_text(result: CheckResult, ctx: RenderContext) -> str:
    return "".join(line + "\n" for line in text(result, hints=ctx.hints))


def render_full(result: CheckResult, ctx: RenderContext) -> str:
    """Each finding, then the line of the file it points at with a caret under the column."""
    out: list[str] = []
    for doc in result.documents:
        lines = doc.text.splitlines() if doc.text is not None else []
        for f in doc.findings:
            out.append(finding_line(f))
            if f.line is not None and 0 < f.line <= len(lines):
                source = inert(lines[f.line - 1])
                gutter = " " * len(str(f.line))
                out.append(f"{gutter} |")
                out.append(f"{f.line} | {source}")
                if f.column is not None:
                    # inert() may widen characters before the column; count them as shown.
                    shown = len(inert(lines[f.line - 1][: f.column - 1]))
                    out.append(f"{gutter} | {' ' * shown}^")
            if ctx.hints and f.hint:
                out.append(f"    hint: {inert(f.hint)}")
            out.append("")
    return "".join(line + "\n" for line in out)


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


def provenance(result: CheckResult) -> list[str]:
    """What changed the verdict besides the files themselves, so a CI log shows it: a
    user's calls file, the project's settings, findings the rule selection hid."""
    lines = []
    if len(result.calls_sources) > 1:
        lines.append(f"calls: built-in, with {result.calls_sources[-1]} adding or overriding")
    settings = result.settings
    if settings.source is not None or result.hidden:
        chosen = [f"{k} {', '.join(v)}" for k, v in
                  (("select", settings.select or ()), ("ignore", settings.ignore)) if v]
        lines.append(
            "rules: " + ("; ".join(chosen) or "all")
            + (f" (settings from {settings.source})" if settings.source else "")
            + (f"; {plural(result.hidden, 'finding')} not reported" if result.hidden else ""))
    return lines
