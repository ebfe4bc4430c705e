"""Project settings for ``check``: which rules run, and whether warnings fail.

Where they live (first found wins), looking in the current folder, then each parent up to
and including the git root (the folder holding ``.git``; without one, only the current
folder is looked at):

1. ``transition.toml``: settings at the top level;
2. ``pyproject.toml``: settings in a ``[tool.transition]`` table (a ``pyproject.toml``
   without that table is passed over).

Settings: ``select`` and ``ignore`` (lists of rule codes or code prefixes: ``"J"`` is
every journal rule, ``"S00"`` every S00x rule) and ``strict`` (true: warnings fail).
A finding is reported when its code matches ``select`` (default: every rule) and does not
match ``ignore``. Command-line options replace the file's setting of the same name.
Unknown settings and codes matching no rule are usage errors (exit 2), naming the file.

The check cannot be switched off by a selection: a ``select`` that names no code (``[]``,
``[""]``, ``--select=``, an unset variable in ``--select "$RULES"``) is a usage error, and
the reading codes (F: the file could not be read as one of ours) are always reported, so
ignoring them is a usage error too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import Any

from transition_cli.core.errors import UsageError
from transition_cli.core.findings import Finding
from transition_cli.core.i18n import _
from transition_cli.core.records import record
from transition_cli.files.codes import READING
from transition_cli.files.project import git_root
from transition_cli.rules.registry import RULES

CONFIG_FILE = "transition.toml"
SETTINGS_MAX_BYTES = 4 * 1024 * 1024
"""A settings file (or a pyproject.toml) above this is refused before it is read whole."""
SETTINGS = ("select", "ignore", "strict")
ALWAYS_REPORTED = frozenset(code.code for code in READING)
"""F codes: the file could not be read. No selection hides them (as ruff's syntax errors)."""


@record(slots=False)
class Selection:
    """Which rule codes are reported. ``select=None`` means every rule."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()

    def reports(self, code: str) -> bool:
        if code in ALWAYS_REPORTED:
            return True
        if self.select is not None and not code.startswith(self.select):
            return False
        return not code.startswith(self.ignore) if self.ignore else True

    def keep(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings this selection reports."""
        return [f for f in findings if self.reports(f.code)]


@record(slots=False)
class Settings:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    strict: bool = False
    source: Path | None = field(default=None, compare=False)

    @property
    def selection(self) -> Selection:
        return Selection(self.select, self.ignore)


def parse_codes(values: Iterable[str], where: str) -> tuple[str, ...]:
    """``["J001,S003", " p "]`` -> ``("J001", "S003", "P")``; unknown codes are usage errors."""
    codes: list[str] = []
    for value in values:
        for part in value.split(","):
            code = part.strip().upper()
            if not code:
                continue
            if not any(rule.code.startswith(code) for rule in RULES):
                from transition_cli.core.text import did_you_mean

                raise UsageError(
                    _("{where}: unknown rule code {part!r}").format(where=where, part=part.strip()),
                    hint=did_you_mean(code, (r.code for r in RULES))
                    + _("; see `transition rules`"),
                )
            if code not in codes:
                codes.append(code)
    return tuple(codes)


def parse_select(values: Iterable[str], where: str) -> tuple[str, ...]:
    """The codes a selection reports; naming none would report nothing, so it is refused."""
    codes = parse_codes(values, where)
    if not codes:
        raise UsageError(
            _("{where}: no rule code given, so no rule would be reported").format(where=where),
            hint=_("name codes or prefixes (--select J,P001), or leave select out to report "
                   "every rule"))
    return codes


def parse_ignore(values: Iterable[str], where: str) -> tuple[str, ...]:
    """The codes a selection drops; the reading codes (F) cannot be dropped."""
    codes = parse_codes(values, where)
    unreadable = [c for c in codes if any(f.startswith(c) for f in ALWAYS_REPORTED)]
    if unreadable:
        raise UsageError(
            _("{where}: {unreadable} cannot be ignored: F codes mean a file could not be read, "
              "and are always reported").format(where=where, unreadable=unreadable[0]),
            hint=_("fix the file, or leave it out of the paths checked"))
    return codes


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The settings file that applies from ``start`` and its raw settings table."""
    here = (start or Path.cwd()).resolve()
    root = git_root(here)
    folders = [here] if root is None else [here, *here.parents[: len(here.parents)
                                                                - len(root.parents)]]
    for folder in folders:
        own = folder / CONFIG_FILE
        if own.is_file():
            return own, _read(own)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            tool = _read(pyproject).get("tool", {})
            table = tool.get("transition") if isinstance(tool, dict) else None
            if table is not None:
                if not isinstance(table, dict):
                    raise UsageError(_("{pyproject}: [tool.transition] must be a table").format(
                                       pyproject=pyproject))
                return pyproject, table
    return None


def _read(path: Path) -> dict[str, Any]:
    """The settings file as TOML: within a size limit (read no further), UTF-8, not nested
    beyond what the parser can follow. (``find_config`` only takes regular files.)"""
    from transition_cli.files import source

    try:
        with path.open("rb") as handle:
            data = handle.read(SETTINGS_MAX_BYTES + 1)
        if len(data) > SETTINGS_MAX_BYTES:
            raise UsageError(_("{path}: larger than {SETTINGS_MAX_BYTES:,} bytes, too large to "
                               "read as settings").format(
                               path=path, SETTINGS_MAX_BYTES=SETTINGS_MAX_BYTES),
                               hint=_("keep the settings file small"))
        return source.parse(data.decode("utf-8").removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise UsageError(_("{path}: cannot read the settings ({exc})").format(
                           path=path, exc=reason or exc)) from None
    except source.SourceError as exc:
        where = _(" (line {line}, column {column})").format(line=exc.line,
            column=exc.column) if exc.line and exc.column else ""
        if exc.code == "F001":
            reason = exc.message.removeprefix("TOML syntax error: ")
            raise UsageError(_("{path}: TOML syntax error in the settings: {reason}{where}").format(
                               path=path, reason=reason, where=where),
                             hint=exc.hint) from None
        raise UsageError(_("{path}: cannot read the settings: {message}").format(
                           path=path, message=exc.message),
                         hint=exc.hint) from None


def load_settings(start: Path | None = None) -> Settings:
    found = find_config(start)
    if found is None:
        return Settings()
    path, table = found
    where = f"{path}" + (" [tool.transition]" if path.name == "pyproject.toml" else "")
    unknown = sorted(set(table) - set(SETTINGS))
    if unknown:
        raise UsageError(_("{where}: unknown setting {unknown!r}").format(
                           where=where, unknown=unknown[0]),
                         hint=_("known settings: ") + ", ".join(SETTINGS))
    select = table.get("select")
    ignore = table.get("ignore", [])
    for name, value in (("select", select), ("ignore", ignore)):
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            raise UsageError(_("{where}: {name} must be a list of rule codes").format(
                               where=where, name=name),
                             hint=f'write {name} = ["S003", "P005"]')
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise UsageError(_("{where}: strict must be true or false").format(where=where))
    return Settings(
        select=None if select is None else parse_select(select, f"{where} select"),
        ignore=parse_ignore(ignore, f"{where} ignore"),
        strict=strict,
        source=path,
    )


def resolve(
    settings: Settings, *, select: list[str] | None, ignore: list[str] | None,
    strict: bool | None,
) -> Settings:
    """Command-line options over the file's settings (each option replaces its setting).
    An option given empty (``--select=``) is given: it does not fall back to the file."""
    return Settings(
        select=parse_select(select, "--select") if select is not None else settings.select,
        ignore=parse_ignore(ignore, "--ignore") if ignore is not None else settings.ignore,
        strict=settings.strict if strict is None else strict,
        source=settings.source,
    )
