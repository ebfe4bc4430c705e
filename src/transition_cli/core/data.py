"""The package's data files (``data/``: the built-in calls, the NUTS tables).

Read from the folder beside the code, as an installed package has it, without importing
``importlib.resources`` (and with it ``zipfile``: some 5 ms of every run); a package run
from a zip archive is read through ``importlib.resources``.
"""

from __future__ import annotations

from pathlib import Path

_FOLDER = Path(__file__).resolve().parent.parent / "data"


def read_bytes(name: str) -> bytes:
    """The bytes of ``data/NAME``."""
    path = _FOLDER / name
    if path.is_file():
        return path.read_bytes()
    from importlib import resources

    return resources.files("transition_cli").joinpath("data", name).read_bytes()


def read_text(name: str) -> str:
    """The text (UTF-8) of ``data/NAME``."""
    return read_bytes(name).decode("utf-8")
