from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import handles_errors, output
from transition_cli.cli.complete import NUTS_LEVELS, NUTS_VERSIONS, REGIONS
from transition_cli.core.i18n import _

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
        raise UsageError(_("--version {version!r} is not a NUTS version").format(version=version),
                         hint=_("one of: ") + ", ".join(nuts.VERSIONS))
    if query is not None and query.strip():
        found = nuts.search_hits(query, limit=100_000, version=version, level=level)
        country = nuts.country_named(query)
        if country is not None:
            title = f"{nuts.COUNTRY_NAMES[country]} ({country})" + (
                _(" and its NUTS-2 regions") if level is None
                else "" if level == 0 else _(": its NUTS-{level} regions").format(level=level))
        else:
            title = _("NUTS regions matching \"{query}\"").format(query=query.strip())
    else:
        found = [nuts.Hit(r) for r in nuts.regions(version, 0 if level is None else level)]
        title = "NUTS countries" if level is None else f"NUTS level {level}"
    if version is not None:
        title += f" (NUTS {version})"
    if not found:
        raise RefusedError(_("no NUTS region matches {query!r}").format(query=query) if query
                           else _("no NUTS region"),
                           hint=_("try part of the name (accents optional) or the start of the "
                                  "code; without --level or --version to widen the search"))
    output.console.print(_table(found[:limit], title))
    if len(found) > limit:
        output.error(_("{found} more not shown: narrow the query, or use --level, --version or "
                       "--limit {found2}").format(
                       found=len(found) - limit, found2=len(found)))


def _table(rows: list[Hit], title: str) -> Table:
    from rich import box
    from rich.table import Table

    from transition_cli.render.tables import safe

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(_("code"), no_wrap=True)
    table.add_column(_("name"), overflow="fold", min_width=8)
    table.add_column(_("level"), justify="right")
    table.add_column(_("country"), no_wrap=True)
    table.add_column(_("versions"), no_wrap=True)
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
