"""Creating plan files: ``init``'s decisions and the write that never clobbers."""

from __future__ import annotations

from pathlib import Path

from transition_cli.core.errors import UsageError
from transition_cli.files.atomic import write_atomic
from transition_cli.files.loader import load_bytes


def write_new(path: Path, text: str, *, force: bool = False) -> None:
    """Write a new plan file after checking that it loads cleanly."""
    data = text.encode("utf-8")
    doc = load_bytes(data, str(path))
    if doc.plan is None or doc.findings:  # pragma: no cover - a bug in a scaffold
        raise AssertionError(f"scaffold does not load cleanly: {doc.findings}")
    if path.is_dir():
        raise UsageError(f"{path} is a folder", hint="name the new file, e.g. region.toml")
    write_atomic(path, data, overwrite=force)
