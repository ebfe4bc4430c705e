"""One exception family for user-facing failures, mapped to exit codes in one place."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # the input has problems the user must fix, or a recording was refused
    USAGE = 2  # bad arguments, unreadable files, nothing to do


class TransitionError(Exception):
    """A failure a user can act on. The message names the place and the fix."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(TransitionError):
    """Wrong arguments, a missing or unreadable file: exit 2."""

    exit_code = ExitCode.USAGE


class RefusedError(TransitionError):
    """A command was understood but the result would break a rule: exit 1, nothing written."""

    exit_code = ExitCode.FINDINGS
