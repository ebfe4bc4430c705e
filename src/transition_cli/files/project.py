"""Where a project's files live: the git root above a path."""

from __future__ import annotations

from pathlib import Path


def git_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.git``, else None."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def project_root(start: Path | None = None) -> Path:
    """The git root above ``start`` (default: the current folder), else ``start`` itself."""
    here = (start or Path.cwd()).resolve()
    return git_root(here) or here
