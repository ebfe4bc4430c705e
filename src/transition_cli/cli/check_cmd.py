from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import (
    AsOf,
    CallsOption,
    as_of_date,
    exit_with,
    handles_errors,
    output,
)


class Format(StrEnum):
    TEXT = "text"
    FULL = "full"
    JSON = "json"
    JSON_LINES = "json-lines"
    GITHUB = "github"
    GITLAB = "gitlab"
    JUNIT = "junit"
    SARIF = "sarif"


@app.command()
@handles_errors
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders (searched recursively for transition files).",
                       show_default=False),
    ],
    output_format: Annotated[Format, typer.Option(
        "--format", "-f",
        help="text: one line per finding; full: with the source line; json, json-lines; "
        "github: workflow annotations; gitlab: Code Quality report; junit; sarif.",
    )] = Format.TEXT,
    strict: Annotated[bool | None, typer.Option(
        "--strict/--no-strict", help="Warnings fail too (exit 1). Default: the project "
        "settings' strict, else off.", show_default=False)] = None,
    select: Annotated[list[str] | None, typer.Option(
        "--select", metavar="CODES",
        help="Report only these rule codes or prefixes (comma-separated, repeatable: "
        "--select J,P001). Replaces the project settings' select.", show_default=False,
    )] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="CODES",
        help="Do not report these rule codes or prefixes (--ignore S003,P005). Replaces "
        "the project settings' ignore.", show_default=False,
    )] = None,
    skip_other_toml: Annotated[bool, typer.Option(
        "--skip-other-toml",
        help="Skip named TOML files without a top-level transition key (pyproject.toml...) "
        "instead of reporting F003; for pre-commit, which passes every TOML file.",
    )] = False,
    as_of: AsOf = None,
    calls: CallsOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No hints, no summary.")] = False,
) -> None:
    """Check strategy, partnership and calls files: every problem in one pass.

    Results go to stdout in the chosen --format, the summary to stderr. Exit 0 when clean
    (warnings allowed unless --strict), 1 when a finding fails, 2 for usage errors or
    unreadable input, in every format. Project settings (select, ignore, strict) are read
    from transition.toml or [tool.transition] in pyproject.toml (see docs/CI.md).

    Example: transition check examples/ --as-of 2018-06-30 --format github
    """
    from transition_cli import config
    from transition_cli.check import check_paths
    from transition_cli.cli.common import catalogue
    from transition_cli.core.text import inert
    from transition_cli.files.project import project_root
    from transition_cli.render.context import RenderContext
    from transition_cli.render.findings import summary
    from transition_cli.render.formats import FORMATS

    settings = config.resolve(config.load_settings(), select=select, ignore=ignore,
                              strict=strict)
    cat = catalogue(calls, strict=False)
    result = check_paths(paths, cat, as_of_date(as_of), keep_documents=False)
    if skip_other_toml:
        result.skipped += [d.file for d in result.documents if not d.is_transition_file]
        result.documents = [d for d in result.documents if d.is_transition_file]
    if cat.findings:
        from transition_cli.files.loader import Document

        result.documents.insert(0, Document(cat.sources[-1], findings=list(cat.findings)))
    found = len(result.findings)
    settings.selection.apply(result)
    hidden = found - len(result.findings)
    ctx = RenderContext(root=project_root(), strict=settings.strict, hints=not quiet)
    output.out_stream.write(FORMATS[output_format.value](result, ctx))
    for problem in result.problems:
        output.error(f"error: {inert(problem, keep_newlines=False)}")
    if not quiet and (result.documents or not result.problems):
        output.error(summary(result, settings.strict))
        # What changed the verdict besides the files themselves, so a CI log shows it.
        if len(cat.sources) > 1:
            output.error(f"calls: built-in, with {cat.sources[-1]} adding or overriding")
        if settings.source is not None or hidden:
            chosen = [f"{k} {', '.join(v)}" for k, v in
                      (("select", settings.select or ()), ("ignore", settings.ignore)) if v]
            output.error(
                "rules: " + ("; ".join(chosen) or "all")
                + (f" (settings from {settings.source})" if settings.source else "")
                + (f"; {hidden} finding{'s' if hidden != 1 else ''} not reported"
                   if hidden else ""))
    exit_with(result.exit_code(settings.strict))
