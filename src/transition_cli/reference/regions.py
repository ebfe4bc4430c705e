"""Regions as beneficiaries: a NUTS code to the region a strategy names."""

from __future__ import annotations

from transition_cli.core.errors import UsageError
from transition_cli.core.model import Region


def region_for(code: str, name: str | None = None) -> Region:
    """A region from a NUTS code: its label and its NUTS-2 areas (or itself, if NUTS-2)."""
    import re

    from transition_cli.reference import nuts
    from transition_cli.reference.nuts import NUTS_PATTERN

    code = code.strip().upper()
    if not re.match(NUTS_PATTERN, code):
        raise UsageError(f"--region {code!r} is not a NUTS code",
                         hint="give a NUTS code such as FRE (Hauts-de-France) or FRH0; "
                         "find one with `transition regions NAME`")
    found = nuts.lookup(code)
    if found is None:
        close = nuts.suggest(code)
        raise UsageError(f"--region {code}: unknown NUTS code",
                         hint=(f"did you mean {', '.join(close)}? " if close else "")
                         + "find codes with `transition regions NAME`")
    areas = [r.code for r in nuts.children(code, level=2)] if found.level < 2 else [code]
    return Region(name or found.name, found.country, tuple(areas or [code]))
