from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import handles_errors, output
from transition_cli.cli.complete import NUTS_LEVELS, NUTS_VERSIONS, REGIONS

if TYPE_CHECKING:
    from rich.table import Table

    from transition_cli.reference.nuts import Hit


@app.command()
@handles_errors
def regions(
    query: Annotated[str | None, typer.Argument(
        help="A NUTS code or its start (FRH, FRH0), or part of a name, as Eurostat labels it "
        "or as people say it; case and accents do not matter (bretagne, Andalucia, "
        "Saxony). A country lists its NUTS-2 regions. Without it: the countries (or "
        "--level).",
        show_default=False, autocompletion=REGIONS)] = None,
    level: Annotated[int | None, typer.Option(
        "--level", min=0, max=3, help="Only this NUTS level (0 country, 1, 2, 3).",
        show_default=False, autocompletion=NUTS_LEVELS)] = None,
    version: Annotated[str | None, typer.Option(
        "--version", metavar="YEAR", help="Only codes valid in this NUTS version "
        "(2013, 2016, 2021, 2024).", show_default=False,
        autocompletion=NUTS_VERSIONS)] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows.")] = 50,
) -> None:
    """Find NUTS codes by code or name, to write in a strategy or a partnership.

    Names people use work too (Wallonia, Saxony, Basque Country); a country (Lithuania, EE)
    lists its NUTS-2 regions.

    Example: transition regions bretagne
    """
    from transition_cli.core.errors import RefusedError, UsageError
    from transition_cli.reference import nuts

    if version is not None and version not in nuts.VERSIONS:
        raise UsageError(f"--version {version!r} is not a NUTS version",
                         hint="one of: " + ", ".join(nuts.VERSIONS))
    if query is not None and query.strip():
        found = nuts.search_hits(query, limit=100_000, version=version, level=level)
        country = nuts.country_named(query)
        if country is not None:
            title = f"{nuts.COUNTRY_NAMES[country]} ({country})" + (
                " and its NUTS-2 regions" if level is None
                else "" if level == 0 else f": its NUTS-{level} regions")
        else:
            title = f'NUTS regions matching "{query.strip()}"'
    else:
        found = [nuts.Hit(r) for r in nuts.regions(version, 0 if level is None else level)]
        title = "NUTS countries" if level is None else f"NUTS level {level}"
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


def _table(rows: list[Hit], title: str) -> Table:
    from rich import box
    from rich.table import Table

    from transition_cli.render.tables import safe

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("code", no_wrap=True)
    table.add_column("name", overflow="fold", min_width=8)
    table.add_column("level", justify="right")
    table.add_column("country", no_wrap=True)
    table.add_column("versions", no_wrap=True)
    for hit in rows:
        r = hit.region
        # The name people use that found it, after the Eurostat label: "Région wallonne
        # (Wallonia)".
        name = r.name if hit.alias is None else f"{r.name} ({hit.alias})"
        table.add_row(safe(r.code), safe(name), str(r.level), safe(r.country),
                      versions_text(r.versions))
    return table


def versions_text(versions: frozenset[str]) -> str:
    """NUTS versions as runs of consecutive ones: "2016-2024" for 2016, 2021 and 2024."""
    from transition_cli.reference.nuts import VERSIONS

    runs: list[list[str]] = []
    previous = -2
    for i, version in enumerate(VERSIONS):
        if version not in versions:
            continue
        if i == previous + 1:
            runs[-1].append(version)
        else:
            runs.append([version])
        previous = i
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)
