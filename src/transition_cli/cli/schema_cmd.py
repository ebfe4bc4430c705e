from __future__ import annotations

from typing import Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import choice, handles_errors, output
from transition_cli.core.model import FILE_KINDS


@app.command()
@handles_errors
def schema(
    kind: Annotated[str, typer.Option(
        "--kind", parser=choice(FILE_KINDS, "--kind"), metavar="KIND",
        help="Which kind of file the schema describes: " + ", ".join(FILE_KINDS) + ".",
    )] = "strategy",
) -> None:
    """Print the JSON Schema (draft 07) of a kind of file, for editors and check-jsonschema.

    Name it in a file's first line (`#:schema schemas/strategy-1.schema.json`) for taplo /
    Even Better TOML; `transition init` does that for you. `transition check` stays the
    authority: the schema cannot see the rules that span files or need dates.

    Example: transition schema --kind strategy > schemas/strategy-1.schema.json
    """
    from transition_cli.files.jsonschema import schema_text

    output.out_stream.write(schema_text(kind))
