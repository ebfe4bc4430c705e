"""``transition calendar``: milestones and deliverables as an iCalendar file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transition_cli.cli import app
from transition_cli.cli.common import AsOf, CallsOption, as_of_date, handles_errors
from transition_cli.cli.complete import TOML_PATHS
from transition_cli.core.i18n import _


@app.command()
@handles_errors
def calendar(
    paths: Annotated[list[Path], typer.Argument(
        help="Strategy or partnership files, or folders of them: one calendar for all.",
        show_default=False, autocompletion=TOML_PATHS)],
    out: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout, "
        "e.g. plan.ics.", show_default=False, dir_okay=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace FILE if it exists.")] = False,
    as_of: AsOf = None,
    calls: CallsOption = None,
) -> None:
    """Write milestones and deliverables as an iCalendar file (RFC 5545) for Outlook,
    Thunderbird or Google Calendar: all-day events on the due dates, the status in the
    description, done and cancelled milestones marked so. Each event keeps its UID from
    one run to the next, so importing the file again updates the events.

    Example: transition calendar examples/hauts-de-france.toml -o plan.ics
    """
    from transition_cli.cli.common import catalogue
    from transition_cli.cli.views_cmd import _emit
    from transition_cli.core.errors import UsageError
    from transition_cli.core.text import plural
    from transition_cli.render.calendar import ics
    from transition_cli.views import reports

    day = as_of_date(as_of)
    found = reports(paths, catalogue(calls), day)
    if out is not None and any(out.resolve() == Path(r.file).resolve() for r in found):
        raise UsageError(_("--output {out} is the file being read; not overwriting it").format(
                           out=out), hint=_("name another output file, e.g. plan.ics"))
    data = ics(found, day)
    count = data.count(b"BEGIN:VEVENT")
    _emit(data, out, paths[0], force, f" ({plural(count, 'event')})")
