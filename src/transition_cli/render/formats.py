"""The output formats of ``check``, by name: a new format is a new function here."""

from __future__ import annotations

from collections.abc import Callable

from transition_cli.check import CheckResult
from transition_cli.render import findings, machine
from transition_cli.render.context import RenderContext

Renderer = Callable[[CheckResult, RenderContext], str]

FORMATS: dict[str, Renderer] = {
    "text": findings.render_text,
    "full": findings.render_full,
    "json": machine.render_json,
    "json-lines": machine.render_json_lines,
    "github": machine.render_github,
    "gitlab": machine.render_gitlab,
    "junit": machine.render_junit,
    "sarif": machine.render_sarif,
}
