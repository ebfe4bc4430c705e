from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import handles_errors, output

if TYPE_CHECKING:
    from rich.table import Table

    from transition_cli.reference.nuts import NutsRegion


@app.command()
@handles_errors
def regions(
    query: Annotated[str | None, typer.Argument(
        help="A NUTS code or its start (FRH, FRH0), or part of a name; case and accents "
        "do not matter (bretagne, Andalucia). Without it: the countries (or --level).",
        show_default=False)] = None,
    level: Annotated[int | None, typer.Option(
        "--level", min=0, max=3, help="Only this NUTS level (0 country, 1, 2, 3).",
        show_default=False)] = None,
    version: Annotated[str | None, typer.Option(
        "--version", metavar="YEAR", help="Only codes valid in this NUTS version "
        "(2016, 2021, 2024).", show_default=False)] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows.")] = 50,
) -> None:
    """Find NUTS codes by code or name, to write in a strategy or a partnership.

    Example: transition regions bretagne
    """
    from transition_cli.core.errors import RefusedError, UsageError
    from transition_cli.reference import nuts

    if version is not None and version not in nuts.VERSIONS:
        raise UsageError(f"--version {version!r} is not a NUTS version",
                         hint="one of: " + ", ".join(nuts.VERSIONS))
    if query is not None and query.strip():
        # search() ranks the whole table; filter its ranking, then cut.
        ranked = nuts.search(query, limit=100_000)
        title = f'NUTS regions matching "{query.strip()}"'
    else:
        ranked = nuts.regions(level=0 if level is None else level)
        title = "NUTS countries" if level is None else f"NUTS level {level}"
    found = [r for r in ranked if (level is None or r.level == level)
             and (version is None or version in r.versions)]
    if version is not None:
        title += f" (NUTS {version})"
    if not found:
        raise RefusedError(f"no NUTS region matches {query!r}" if query else "no NUTS region",
                           hint="try part of the name (accents optional) or the start of "
                           "the code; without --level or --version to widen the search")
    output.console.print(_table(found[:limit], title))
    if len(found) > limit:
        output.error(f"{len(found) - limit} more not shown: narrow the query, or use "
                     f"--level, --version or --limit {len(found)}")


def _table(rows: list[NutsRegion], title: str) -> Table:
    from rich import box
    from rich.table import Table

    from transition_cli.render.tables import safe

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("code", no_wrap=True)
    table.add_column("name")
    table.add_column("level", justify="right")
    table.add_column("country", no_wrap=True)
    table.add_column("versions", no_wrap=True)
    for r in rows:
        table.add_row(safe(r.code), safe(r.name), str(r.level), safe(r.country),
                      ", ".join(sorted(r.versions)))
    return table
