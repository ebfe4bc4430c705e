from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import CallsOption, handles_errors, output


@app.command()
@handles_errors
def init(
    path: Annotated[Path, typer.Argument(help="The new strategy file to write.",
                                         show_default=False, dir_okay=False)],
    region: Annotated[str, typer.Option(
        "--region", metavar="NUTS",
        help="The region's NUTS code (e.g. FRE for Hauts-de-France); its NUTS-2 areas are "
        "filled in.", show_default=False)],
    call: Annotated[str, typer.Option(
        "--call", metavar="ID", help="The call the strategy answers (see `transition calls`).",
        show_default=False)],
    title: Annotated[str | None, typer.Option(
        "--title", help="Title of the strategy. Default: a title naming the region.",
        show_default=False)] = None,
    name: Annotated[str | None, typer.Option(
        "--name", help="Region name, if not the NUTS label.", show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite PATH if it exists.")] = False,
    calls: CallsOption = None,
    schema: Annotated[str | None, typer.Option(
        "--schema", metavar="URL|PATH",
        help="What the file's #:schema line names, for editors. Default: "
        "schemas/strategy-1.schema.json at the project root (the git root, else the file's "
        "folder), written there if missing.", show_default=False)] = None,
) -> None:
    """Write a new, commented strategy for a region and a call; it passes `check` as is.

    Example: transition init hauts-de-france.toml --region FRE --call itr-2017
    """
    from transition_cli.cli.common import catalogue
    from transition_cli.scaffold import StrategyDraft, strategy_text
    from transition_cli.workspace import region_for, write_new

    cat = catalogue(calls)
    the_call = cat.get(call)
    if the_call is None:
        from transition_cli.errors import UsageError
        from transition_cli.rules import did_you_mean

        raise UsageError(f"unknown call {call!r}", hint=did_you_mean(call, cat.ids))
    the_region = region_for(region, name)
    from transition_cli.jsonschema import default_schema_location

    schema_file, schema_ref = default_schema_location(path)
    text = strategy_text(StrategyDraft(the_region, the_call, title or
                                       f"Economic transformation of {the_region.name}"),
                         schema_url=schema or schema_ref)
    write_new(path, text, force=force)
    if schema is None and not schema_file.exists():
        import os

        from transition_cli.atomic import write_atomic
        from transition_cli.jsonschema import schema_text

        schema_file.parent.mkdir(parents=True, exist_ok=True)

        write_atomic(schema_file, schema_text("strategy").encode("utf-8"), overwrite=False)
        output.error(f"Wrote {os.path.relpath(schema_file)} "
                     "(JSON Schema for editors; commit it too).")
    output.error(f"Wrote {path} ({the_region.name}, {', '.join(the_region.nuts)}; "
                 f"call {the_call.id}). Next: transition check {path}")
