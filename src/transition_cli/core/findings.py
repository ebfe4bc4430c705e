"""Findings: what validation returns instead of raising."""

from __future__ import annotations

from enum import StrEnum

from transition_cli.core.i18n import _
from transition_cli.core.records import record

KeyPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


def format_key_path(path: KeyPath) -> str:
    """``("milestones", 2, "owner")`` -> ``milestones[2].owner``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@record
class Finding:
    code: str
    severity: Severity
    message: str
    file: str = "<string>"
    path: KeyPath = ()
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    @property
    def key(self) -> str:
        return format_key_path(self.path)

    @property
    def place(self) -> str:
        """``file:line:col`` as far as it is known."""
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def text(self) -> str:
        """``file:line:col: error R004 milestones[2].owner: message`` (not yet inert)."""
        key = self.key
        key = f" {key}:" if key else ""
        return f"{self.place}: {_(self.severity.value)} {self.code}{key} {self.message}"

    def with_position(self, line: int | None, column: int | None) -> Finding:
        # Spelled out rather than dataclasses.replace, which reads the fields each call.
        return Finding(self.code, self.severity, self.message, self.file, self.path, line,
                       column, self.hint)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.code, self.message)


@record(slots=False)
class Code:
    """A rule code as documented: its name, severity (declared here, once), what it means
    and how to fix it. ``rules/`` adds the function that finds it."""

    code: str
    name: str
    severity: Severity
    summary: str
    fix: str
    example: str = ""

    def finding(
        self, message: str, *, file: str = "<string>", path: KeyPath = (),
        line: int | None = None, column: int | None = None, hint: str | None = None,
    ) -> Finding:
        return Finding(self.code, self.severity, message, file=file, path=path, line=line,
                       column=column, hint=hint)
