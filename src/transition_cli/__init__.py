"""transition: plan and track regional economic-transformation strategies.

Library use (no typer, no rich)::

    from transition_cli import load_file, check_paths

    loaded = load_file("examples/hauts-de-france.toml")
    loaded.plan        # the model (Strategy, Partnership or CallsFile), or None
    loaded.findings    # every problem found, as data
"""

from __future__ import annotations

__version__ = "0.1.0"

from transition_cli.api import check_paths, load_file, load_text

__all__ = ["__version__", "check_paths", "load_file", "load_text"]
