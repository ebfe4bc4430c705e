"""The calls catalogue: built-in calls, overridden or extended by a user's calls file."""

from __future__ import annotations

import functools
import os
from dataclasses import field, replace
from pathlib import Path

from transition_cli.core import data
from transition_cli.core.findings import Finding
from transition_cli.core.i18n import _
from transition_cli.core.model import Call, CallId, CallsFile
from transition_cli.core.records import record
from transition_cli.files import codes

CALLS_ENV = "TRANSITION_CALLS"
DEFAULT_CALLS_FILE = "transition-calls.toml"


@record(slots=False)
class Catalogue:
    calls: tuple[Call, ...]
    findings: tuple[Finding, ...] = field(default=())
    sources: tuple[str, ...] = ("built-in",)

    def get(self, call_id: CallId) -> Call | None:
        return next((c for c in self.calls if c.id == call_id), None)

    @property
    def ids(self) -> tuple[CallId, ...]:
        return tuple(c.id for c in self.calls)


@functools.cache
def builtin_calls() -> tuple[Call, ...]:
    from transition_cli.files.loader import load_bytes

    doc = load_bytes(data.read_bytes("calls.toml"), "built-in calls")
    assert isinstance(doc.plan, CallsFile) and not doc.findings, doc.findings
    return doc.plan.calls


def find_user_calls(explicit: Path | None, cwd: Path | None = None) -> Path | None:
    """``--calls FILE``, else ``$TRANSITION_CALLS``, else ``./transition-calls.toml``."""
    if explicit is not None:
        return explicit
    env = os.environ.get(CALLS_ENV)
    if env:
        return Path(env)
    candidate = (cwd or Path.cwd()) / DEFAULT_CALLS_FILE
    return candidate if candidate.is_file() else None


def load_catalogue(user_file: Path | None = None) -> Catalogue:
    """Built-in calls, with the user's calls added or overriding by id.

    Problems in the user's file come back as findings; a file that cannot be read at all
    raises ``UsageError``.
    """
    from transition_cli.core.errors import UsageError
    from transition_cli.files.loader import load_bytes

    calls = {c.id: c for c in builtin_calls()}
    if user_file is None:
        return Catalogue(tuple(calls.values()))
    from transition_cli.files import source

    try:
        data = source.read(user_file)  # size limit; a FIFO or device is refused, not read
    except FileNotFoundError:
        raise source.missing(user_file, _("check the path given by --calls or ${CALLS_ENV}").format(
                                          CALLS_ENV=CALLS_ENV)
                             ) from None
    except OSError as exc:
        raise UsageError(
            _("{user_file}: cannot read calls file ({exc})").format(
              user_file=user_file, exc=exc.strerror or exc),
            hint=_("check the path given by --calls or ${CALLS_ENV}").format(CALLS_ENV=CALLS_ENV),
        ) from None
    doc = load_bytes(data, str(user_file))
    findings = [doc.locate(f) for f in doc.findings]
    if doc.plan is not None and not isinstance(doc.plan, CallsFile):
        findings.append(codes.F003.finding(
            _("expected a calls file, this is a {kind} file").format(kind=doc.kind),
            file=str(user_file), path=("transition",), hint=_("write transition = \"calls/1\""),
        ))
    elif isinstance(doc.plan, CallsFile):
        for call in doc.plan.calls:
            calls[call.id] = replace(call, source=str(user_file))
    return Catalogue(tuple(calls.values()), tuple(findings), ("built-in", str(user_file)))
