from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import handles_errors, output


class Kind(StrEnum):
    STRATEGY = "strategy"
    PARTNERSHIP = "partnership"
    CALLS = "calls"


@app.command()
@handles_errors
def schema(
    kind: Annotated[Kind, typer.Option(
        "--kind", help="Which kind of file the schema describes.")] = Kind.STRATEGY,
) -> None:
    """Print the JSON Schema (draft 07) of a kind of file, for editors and check-jsonschema.

    Name it in a file's first line (`#:schema schemas/strategy-1.schema.json`) for taplo /
    Even Better TOML; `transition init` does that for you. `transition check` stays the
    authority: the schema cannot see the rules that span files or need dates.

    Example: transition schema --kind strategy > schemas/strategy-1.schema.json
    """
    from transition_cli.files.jsonschema import schema_text

    output.out_stream.write(schema_text(kind.value))
