"""The output formats of ``check``, by name: one source for the command's choices, its help
and the docs. Each is a renderer of one ``CheckResult``: a new format is a new function and
one line here. Renderers are imported when chosen, so naming the formats costs nothing at
start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from transition_cli.core.i18n import N_
from transition_cli.core.records import record

if TYPE_CHECKING:
    from transition_cli.check import CheckResult
    from transition_cli.render.context import RenderContext

Renderer = Callable[["CheckResult", "RenderContext"], str]


OPTION = "--output-format"
"""The option's name, as ruff names it; ``--format`` and ``-f`` are its aliases."""
ENV_VAR = "TRANSITION_OUTPUT_FORMAT"
"""The format when the option is not given."""


@record(slots=False)
class Format:
    name: str
    summary: str
    target: str  # "module:function" of the renderer
    statistics: str | None = None  # how --statistics shows in this format: "text", "json"

    def renderer(self) -> Renderer:
        module, _, function = self.target.partition(":")
        found: Renderer = getattr(importlib.import_module(module), function)
        return found


def _formats(*formats: Format) -> Mapping[str, Format]:
    return {f.name: f for f in formats}


_FINDINGS = "transition_cli.render.findings"
_MACHINE = "transition_cli.render.machine"

FORMATS: Mapping[str, Format] = _formats(
    Format("text", N_("one line per finding, with its hint"), f"{_FINDINGS}:render_text",
           statistics="text"),
    Format("full", N_("each finding with the line of the file it points at"),
           f"{_FINDINGS}:render_full", statistics="text"),
    Format("json", N_("a JSON array of findings"), f"{_MACHINE}:render_json", statistics="json"),
    Format("json-lines", N_("one JSON object per line"), f"{_MACHINE}:render_json_lines"),
    Format("github", N_("GitHub Actions workflow annotations"), f"{_MACHINE}:render_github"),
    Format("gitlab", N_("GitLab Code Quality report"), f"{_MACHINE}:render_gitlab"),
    Format("junit", N_("JUnit XML"), f"{_MACHINE}:render_junit"),
    Format("sarif", N_("SARIF 2.1.0 (GitHub code scanning)"), f"{_MACHINE}:render_sarif"),
)
"""The formats of ``transition check``."""


def help_list(formats: Mapping[str, Format]) -> str:
    """``text: one line per finding; full: ...`` for a command's help."""
    return "; ".join(f"{f.name}: {f.summary}" for f in formats.values()) + "."
