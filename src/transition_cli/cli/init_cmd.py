from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import CallsOption, handles_errors, output


class FileKind(StrEnum):
    strategy = "strategy"
    partnership = "partnership"


@app.command()
@handles_errors
def init(
    path: Annotated[Path, typer.Argument(help="The new file to write.",
                                         show_default=False, dir_okay=False)],
    call: Annotated[str, typer.Option(
        "--call", metavar="ID", help="The call the file answers (see `transition calls`).",
        show_default=False)],
    region: Annotated[str | None, typer.Option(
        "--region", metavar="NUTS|NAME",
        help="Strategy: the region's NUTS code (e.g. FRE for Hauts-de-France) or its name "
        "(\"Hauts-de-France\", Wallonia); a country's code or name (LT, Lithuania) for a "
        "whole Member State. Its NUTS-2 areas are filled in, in the NUTS version of the call.",
        show_default=False)] = None,
    kind: Annotated[FileKind, typer.Option(
        "--kind", help="What to write: a region's strategy or an interregional partnership."
    )] = FileKind.strategy,
    coordinator: Annotated[list[str] | None, typer.Option(
        "--coordinator", metavar="NUTS|NAME",
        help="Partnership: a coordinating region's NUTS code or name (repeat for several).",
        show_default=False)] = None,
    member: Annotated[list[str] | None, typer.Option(
        "--member", metavar="NUTS|NAME",
        help="Partnership: a partner region's NUTS code or name (repeat).",
        show_default=False)] = None,
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
    from transition_cli.core.errors import UsageError
    from transition_cli.create import write_new

    cat = catalogue(calls)
    the_call = cat.get(call)
    if the_call is None:
        from transition_cli.rules.registry import did_you_mean

        raise UsageError(f"unknown call {call!r}", hint=did_you_mean(call, cat.ids))
    if the_call.answered_by != kind.value:
        raise UsageError(
            f"call {the_call.id} is answered by a {the_call.answered_by} file, not a "
            f"{kind.value}", hint="choose a call for this kind of file (`transition calls`)"
            + ("" if kind is FileKind.partnership else ", or add --kind partnership"))
    _refuse_reserved_name(path)
    if kind is FileKind.partnership:
        from transition_cli.files.scaffold import partnership_draft, partnership_text

        if region is not None:
            raise UsageError("--region is for strategies",
                             hint="name a partnership's regions with --coordinator and --member")
        draft = partnership_draft(the_call, coordinator or [], member or [], theme,
                                  partnership_id, title)
        write_new(path, partnership_text(draft, _schema_ref(path, "partnership", schema)),
                  force=force)
        regions = ", ".join(c for r in (*draft.coordinators, *draft.partners) for c in r.nuts)
        output.error(f"Wrote {path} (partnership {draft.id}: {regions}; call {the_call.id}). "
                     f"Next: transition check {path}")
        _write_schema(path, "partnership", schema)
        states = {r.country for r in (*draft.coordinators, *draft.partners)}
        need = the_call.min_member_states or 0
        if len(states) < need:
            output.error(f"note: the regions are in {len(states)} Member State(s); "
                         f"{the_call.id} asks for at least {need}: add partners with --member "
                         "or in the file before `transition check` passes")
        return
    from transition_cli.files.scaffold import strategy_draft, strategy_text

    if region is None:
        raise UsageError("missing --region", hint="give the region's NUTS code or name, e.g. "
                         "--region FRE; find it with `transition regions NAME`")
    if coordinator or member or theme or partnership_id:
        raise UsageError("--coordinator, --member, --theme and --id are for partnerships",
                         hint="add --kind partnership")
    strategy, found = strategy_draft(the_call, region, name, title)
    schema_ref = _schema_ref(path, "strategy", schema)
    write_new(path, strategy_text(strategy, schema_url=schema_ref), force=force)
    if found.code != region.strip().upper():  # a name: say which region it chose
        from transition_cli.reference import nuts

        label = nuts.lookup(found.code)
        output.error(f'--region "{region.strip()}" is {found.code} '
                     f"({label.name if label else found.region.name}).")
    what = "the Member State " if found.member_state else ""
    output.error(f"Wrote {path} ({what}{found.region.name}, {', '.join(found.region.nuts)} "
                 f"in NUTS {found.version}; call {the_call.id}). Next: transition check {path}")
    _write_schema(path, "strategy", schema)


def _schema_ref(path: Path, kind: str, schema: str | None) -> str:
    """The #:schema target: --schema as given, else the project's committed copy."""
    from transition_cli.files.jsonschema import default_schema_location

    return schema or default_schema_location(path, kind)[1]


def _write_schema(path: Path, kind: str, schema: str | None) -> None:
    """Write the project's schema copy the directive names, when it is the default and new."""
    from transition_cli.files.jsonschema import default_schema_location

    schema_file = default_schema_location(path, kind)[0]
    if schema is not None or schema_file.exists():
        return
    import os

    from transition_cli.files.atomic import write_atomic
    from transition_cli.files.jsonschema import schema_text

    schema_file.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(schema_file, schema_text(kind).encode("utf-8"), overwrite=False)
    shown = schema_file if path.is_absolute() else os.path.relpath(schema_file)
    output.error(f"Wrote {shown} (JSON Schema for editors; commit it too).")


def _refuse_reserved_name(path: Path) -> None:
    """Names that other files of the project own: a plan there would be read as them."""
    from transition_cli.config import CONFIG_FILE
    from transition_cli.core.errors import UsageError
    from transition_cli.files.calls import DEFAULT_CALLS_FILE

    if path.name in (CONFIG_FILE, DEFAULT_CALLS_FILE, "pyproject.toml"):
        raise UsageError(f"{path.name} is the name of the project's "
                         + ("settings" if path.name != DEFAULT_CALLS_FILE else "calls")
                         + " file", hint="name the plan after its region, e.g. "
                         "hauts-de-france.toml")
