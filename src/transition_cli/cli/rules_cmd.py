from __future__ import annotations

from typing import Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import handles_errors, output
from transition_cli.cli.complete import RULE_CODES


@app.command()
@handles_errors
def rules(
    code: Annotated[str | None, typer.Argument(
        help="A rule code (S003) or prefix (J); default: every rule.", show_default=False,
        autocompletion=RULE_CODES,
    )] = None,
    markdown: Annotated[bool, typer.Option(
        "--markdown", help="Print the whole reference as Markdown (docs/RULES.md).",
    )] = False,
) -> None:
    """Explain the rules `check` applies: code, severity, what it catches, example, fix.

    Example: transition rules S003
    """
    from transition_cli.render.rules_doc import rule_text, rules_markdown
    from transition_cli.rules.registry import RULES

    if markdown:
        output.out_stream.write(rules_markdown())
        return
    chosen = list(RULES)
    if code is not None:
        from transition_cli.config import parse_codes

        prefixes = parse_codes([code], "transition rules")
        chosen = [r for r in RULES if r.code.startswith(prefixes)]
    output.out_stream.write("\n".join(rule_text(r) for r in chosen))
