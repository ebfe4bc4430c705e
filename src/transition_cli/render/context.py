"""What every check renderer may need besides the result itself."""

from __future__ import annotations

import os
from dataclasses import field
from pathlib import Path

from transition_cli.core.findings import Finding, Severity
from transition_cli.core.records import record


@record(slots=False)
class RenderContext:
    """``root``: the project root that CI formats make paths relative to."""

    root: Path = field(default_factory=Path.cwd)
    strict: bool = False
    hints: bool = True

    def fails(self, f: Finding) -> bool:
        return f.severity is Severity.ERROR or self.strict

    def relative(self, file: str) -> str:
        """``file`` as a POSIX path relative to the root when it lies under it."""
        named = Path(os.path.abspath(file))  # noqa: PTH100 - keep symlinks as named
        for path in (named, named.resolve()):
            if path.is_relative_to(self.root):
                return path.relative_to(self.root).as_posix()
        return Path(file).as_posix()
