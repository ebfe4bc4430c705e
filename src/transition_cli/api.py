"""The library surface: load a file to its model and findings, or check many paths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from transition_cli.check import CheckResult, check, check_document
from transition_cli.config import Settings
from transition_cli.core.errors import UsageError
from transition_cli.core.i18n import _
from transition_cli.files import source
from transition_cli.files.calls import Catalogue, load_catalogue
from transition_cli.files.loader import Document, load_bytes


def load_text(
    text: str | bytes, file: str = "<string>", *, catalogue: Catalogue | None = None,
    as_of: dt.date | None = None,
) -> Document:
    """Parse and check a document given as text. ``as_of`` defaults to today."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return check_document(load_bytes(data, file), catalogue or load_catalogue(),
                          as_of or dt.date.today())


def load_file(
    path: str | Path, *, catalogue: Catalogue | None = None, as_of: dt.date | None = None
) -> Document:
    """Read, parse and check one file. Raises ``UsageError`` if it cannot be read."""
    path = Path(path)
    try:
        data = source.read(path)
    except OSError as exc:
        raise UsageError(_("{path}: cannot read ({exc})").format(
                           path=path, exc=exc.strerror or exc)) from None
    return load_text(data, str(path), catalogue=catalogue, as_of=as_of)


def check_paths(
    paths: Iterable[str | Path], *, catalogue: Catalogue | None = None,
    as_of: dt.date | None = None, calls: str | Path | None = None,
    settings: Settings | None = None,
) -> CheckResult:
    """Check files and folders (recursively) in one pass, as ``transition check`` does:
    the project's settings (``transition.toml`` / ``[tool.transition]``) unless ``settings``
    are given, the user's calls file (``calls``, ``$TRANSITION_CALLS`` or
    ``./transition-calls.toml``) unless a ``catalogue`` is given. ``result.exit_code()`` is
    the command's exit code."""
    return check([Path(p) for p in paths], as_of=as_of or dt.date.today(),
                 calls=Path(calls) if calls is not None else None, catalogue=catalogue,
                 settings=settings)
