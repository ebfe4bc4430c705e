from __future__ import annotations

from transition_cli.cli import app
from transition_cli.cli.common import AsOf, CallsOption, as_of_date, handles_errors, output


@app.command("calls")
@handles_errors
def calls_(as_of: AsOf = None, calls: CallsOption = None) -> None:
    """List the calls: built-in ones and those of your calls file.

    Example: transition calls --as-of 2018-01-10
    """
    from transition_cli.cli.common import catalogue
    from transition_cli.render.tables import calls_table

    cat = catalogue(calls)
    output.console.print(calls_table(cat.calls, as_of_date(as_of)))
