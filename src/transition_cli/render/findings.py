"""Check results for people: ``text`` (one line per finding) and ``full`` (with the source
line and a caret). No rich here: this is CI's hot path."""

from __future__ import annotations

from collections.abc import Iterator

from transition_cli.check import CheckResult
from transition_cli.core.findings import Finding, Severity
from transition_cli.core.i18n import _
from transition_cli.core.text import inert, plural
from transition_cli.render.context import RenderContext


def finding_line(f: Finding) -> str:
    """``file:line:col: error R004 milestones[2].owner: message``"""
    return not_a_command(inert(f.text()))


def not_a_command(line: str) -> str:
    """A file named "::error::x.toml" must not become a CI workflow command (GitHub's
    runner reads one after leading spaces too): such a line is shown as ``./`` + line."""
    return "./" + line if line.lstrip().startswith("::") else line


def statistics(result: CheckResult) -> list[tuple[str, str, int]]:
    """(code, rule name, count) per rule code found, most frequent first."""
    from transition_cli.rules.registry import RULES_BY_CODE

    counts: dict[str, int] = {}
    for f in result.findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    return [(code, RULES_BY_CODE[code].name if code in RULES_BY_CODE else "", count)
            for code, count in sorted(counts.items(), key=lambda c: (-c[1], c[0]))]


def render_statistics(result: CheckResult, ctx: RenderContext, *, as_json: bool) -> str:
    """``--statistics``: the count per rule code, as text columns or a JSON array (with an
    error object, code null, when the run failed)."""
    rows = statistics(result)
    if as_json:
        import json

        records: list[dict[str, object]] = [
            {"code": code, "name": name, "count": count} for code, name, count in rows]
        if result.problems:
            records.append({"code": None, "name": "check-failed",
                            "count": len(result.problems)})
        return json.dumps(records, indent=2) + "\n"
    width = max((len(str(count)) for *_, count in rows), default=1)
    return "".join(f"{count:>{width}}  {code}  {name}\n" for code, name, count in rows)


def render_files(result: CheckResult, ctx: RenderContext) -> str:
    """``--show-files``: the files checked (transition files, and TOML files that cannot
    be read but may be ours), one per line."""
    return "".join(not_a_command(inert(file)) + "\n" for file in result.files)


def text(result: CheckResult, *, hints: bool = True) -> Iterator[str]:
    for f in result.findings:
        yield finding_line(f)
        if hints and f.hint:
            yield "    " + _("hint: {hint}").format(hint=inert(f.hint))


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
                out.append("    " + _("hint: {hint}").format(hint=inert(f.hint)))
            out.append("")
    return "".join(line + "\n" for line in out)


def summary(result: CheckResult, strict: bool = False) -> str:
    files = plural(len(result.documents), "file")
    errors = result.count(Severity.ERROR)
    warnings = result.count(Severity.WARNING)
    when = _("as of {date}").format(date=result.as_of.isoformat())
    found = {"errors": plural(errors, "error"), "warnings": plural(warnings, "warning"),
             "files": files, "when": when}
    if result.failed:  # never "All clean" when something could not be checked
        return _("Check failed ({problems} above): {errors}, {warnings} in the {files} "
                 "checked, {when}.").format(problems=plural(len(result.problems), "error"),
                                            **found)
    if not errors and not warnings:
        return _("All clean: {files} checked, {when}.").format(**found)
    if errors or (strict and warnings):
        said = (_("{errors}, {warnings} in {files}, {when}: failed (--strict).")
                if strict and warnings and not errors
                else _("{errors}, {warnings} in {files}, {when}: failed."))
    else:
        said = _("{errors}, {warnings} in {files}, {when}: passed with warnings.")
    return said.format(**found)


def provenance(result: CheckResult) -> list[str]:
    """What changed the verdict besides the files themselves, so a CI log shows it: a
    user's calls file, the project's settings, findings the rule selection hid, the
    project's partnership files read for references."""
    lines = []
    if result.context:
        lines.append(_("partnerships: {files} of the project read to resolve references")
                     .format(files=plural(len(result.context), "more partnership file")))
    if len(result.calls_sources) > 1:
        lines.append(_("calls: built-in, with {file} adding or overriding").format(
            file=result.calls_sources[-1]))
    settings = result.settings
    if settings.source is not None or result.hidden:
        chosen = [f"{k} {', '.join(v)}" for k, v in
                  (("select", settings.select or ()), ("ignore", settings.ignore)) if v]
        lines.append(
            _("rules: ") + ("; ".join(chosen) or _("all"))
            + (_(" (settings from {source})").format(source=settings.source)
               if settings.source else "")
            + (_("; {findings} not reported").format(findings=plural(result.hidden, "finding"))
               if result.hidden else ""))
    return lines
