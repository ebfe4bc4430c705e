"""transition: plan and track regional economic-transformation strategies.

Library use (no typer, no rich)::

    from transition_cli import load_file, check_paths

    doc = load_file("examples/hauts-de-france.toml", as_of=datetime.date(2018, 6, 30))
    doc.plan        # the model (Strategy, Partnership or CallsFile), or None
    doc.findings    # every problem found, as data
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "check_paths", "load_file", "load_text"]

if TYPE_CHECKING:
    from transition_cli.api import check_paths, load_file, load_text


def __getattr__(name: str) -> Any:
    # Lazy: `import transition_cli.reference.nuts` (or the CLI) need not load the whole library.
    if name in ("check_paths", "load_file", "load_text"):
        from transition_cli import api

        return getattr(api, name)
    raise AttributeError(f"module 'transition_cli' has no attribute {name!r}")
