"""transition: plan and track regional economic-transformation strategies.

Library use (no typer, no rich)::

    from transition_cli import load_file, check_paths

    loaded = load_file("examples/hauts-de-france.toml")
    loaded.plan        # the model (Strategy, Partnership or CallsFile), or None
    loaded.findings    # every problem found, as data
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "check_paths", "load_file", "load_text"]

if TYPE_CHECKING:
    from transition_cli.api import check_paths, load_file, load_text


def __getattr__(name: str) -> Any:
    # The library surface loads on first use: `transition --help` or `transition calls`
    # need not import the loader, the schema and the rules.
    if name in ("check_paths", "load_file", "load_text"):
        from transition_cli import api

        return getattr(api, name)
    raise AttributeError(f"module 'transition_cli' has no attribute {name!r}")
