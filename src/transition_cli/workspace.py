"""Domain operations that touch files: creating plans (recording lives in ``journal``)."""

from __future__ import annotations

from pathlib import Path

from transition_cli.atomic import write_atomic
from transition_cli.errors import UsageError
from transition_cli.loader import load_bytes
from transition_cli.model import Region
from transition_cli.schema import NUTS_PATTERN


def region_for(code: str, name: str | None = None) -> Region:
    """A region from a NUTS code: its label and its NUTS-2 areas (or itself, if NUTS-2)."""
    import re

    from transition_cli import nuts

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


def write_new(path: Path, text: str, *, force: bool = False) -> None:
    """Write a new plan file after checking that it loads cleanly."""
    data = text.encode("utf-8")
    doc = load_bytes(data, str(path))
    if doc.plan is None or doc.findings:  # pragma: no cover - a bug in a scaffold
        raise AssertionError(f"scaffold does not load cleanly: {doc.findings}")
    if path.is_dir():
        raise UsageError(f"{path} is a folder", hint="name the new file, e.g. region.toml")
    write_atomic(path, data, overwrite=force)
