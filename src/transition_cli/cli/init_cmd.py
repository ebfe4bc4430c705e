from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import CallsOption, choice, handles_errors, output
from transition_cli.cli.complete import CALLS, REGIONS
from transition_cli.core.i18n import _
from transition_cli.core.model import PLAN_KINDS


@app.command()
@handles_errors
def init(
    path: Annotated[Path, typer.Argument(help="The new file to write.",
                                         show_default=False, dir_okay=False)],
    call: Annotated[str, typer.Option(
        "--call", metavar="ID", help="The call the file answers (see `transition calls`).",
        show_default=False, autocompletion=CALLS)],
    region: Annotated[str | None, typer.Option(
        "--region", metavar="NUTS|NAME",
        help="Strategy: the region's NUTS code (e.g. FRE for Hauts-de-France) or its name "
        "(\"Hauts-de-France\", Wallonia); a country's code or name (LT, Lithuania) for a "
        "whole Member State. Its NUTS-2 areas are filled in, in the NUTS version of the call.",
        show_default=False, autocompletion=REGIONS)] = None,
    kind: Annotated[str, typer.Option(
        "--kind", parser=choice(PLAN_KINDS, "--kind"), metavar="KIND",
        help="What to write: a region's strategy or an interregional partnership ("
        + " or ".join(PLAN_KINDS) + ")."
    )] = "strategy",
    coordinator: Annotated[list[str] | None, typer.Option(
        "--coordinator", metavar="NUTS|NAME",
        help="Partnership: a coordinating region's NUTS code or name (repeat for several).",
        show_default=False, autocompletion=REGIONS)] = None,
    member: Annotated[list[str] | None, typer.Option(
        "--member", metavar="NUTS|NAME",
        help="Partnership: a partner region's NUTS code or name (repeat).",
        show_default=False, autocompletion=REGIONS)] = None,
    theme: Annotated[str | None, typer.Option(
        "--theme", help="Partnership: its theme, e.g. cybersecurity.",
        show_default=False)] = None,
    partnership_id: Annotated[str | None, typer.Option(
        "--id", help="Partnership: short id strategies use to name it. Default: from the "
        "theme.", show_default=False)] = None,
    title: Annotated[str | None, typer.Option(
        "--title", help="Title. Default: a title naming the region or the theme.",
        show_default=False)] = None,
    name: Annotated[str | None, typer.Option(
        "--name", help="Strategy: region name, if not the NUTS label.",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite PATH if it exists.")] = False,
    calls: CallsOption = None,
    schema: Annotated[str | None, typer.Option(
        "--schema", metavar="URL|PATH",
        help="What the file's #:schema line names, for editors. Default: "
        "schemas/KIND-1.schema.json at the project root (the git root, else the file's "
        "folder), written there if missing.", show_default=False)] = None,
) -> None:
    """Write a new, commented strategy or partnership for a call; it passes `check` as is.

    Example: transition init hauts-de-france.toml --region FRE --call itr-2017

    Example: transition init lithuania.toml --region Lithuania --call itr-2018

    Example: transition init cyber.toml --kind partnership --call iip-2017
    --theme cybersecurity --coordinator FRH0 --member EE00 --member ES41 --member FI1B
    """
    from transition_cli.cli.common import catalogue
    from transition_cli.create import init as create

    done = create(path, kind=kind, call=call, catalogue=catalogue(calls), region=region,
                  coordinators=coordinator or (), members=member or (), theme=theme,
                  partnership_id=partnership_id, title=title, name=name, schema=schema,
                  force=force)
    for note in done.before:
        output.error(note)
    output.error(_("Wrote {path} ({covers}; call {call}). Next: transition check {path}").format(
                   path=path, covers=done.covers, call=done.call))
    if done.schema is not None:
        output.error(_("Wrote {schema} (JSON Schema for editors; commit it too).").format(
                       schema=done.schema))
    for note in done.notes:
        output.error(f"note: {note}")
