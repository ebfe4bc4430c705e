"""``check`` over files and folders: discovery, loading, rules, one result."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from transition_cli import rules, source
from transition_cli.calls import Catalogue
from transition_cli.errors import ExitCode
from transition_cli.findings import Finding, Severity
from transition_cli.loader import Document, load_bytes

_TRANSITION_LINE = re.compile(rb"^\s*transition\s*=", re.MULTILINE)
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                       ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


@dataclass
class CheckResult:
    documents: list[Document] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # TOML files of other tools
    problems: list[str] = field(default_factory=list)  # unreadable paths: exit 2
    as_of: dt.date = dt.date.min

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def exit_code(self, strict: bool = False) -> ExitCode:
        if self.problems:
            return ExitCode.USAGE
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        if any(f.severity in failing for f in self.findings):
            return ExitCode.FINDINGS
        return ExitCode.OK


def check_document(doc: Document, catalogue: Catalogue, as_of: dt.date) -> Document:
    """Run the rules on a loaded document; locate and sort every finding."""
    doc.findings.extend(rules.run(doc, catalogue, as_of))
    doc.findings = sorted((doc.locate(f) for f in doc.findings), key=Finding.sort_key)
    return doc


def discover(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """(file, named directly) for every file to look at, folders walked in sorted order."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                for name in sorted(files):
                    if name.endswith(".toml"):
                        yield Path(root) / name, False
        else:
            yield path, True


def check_paths(paths: Iterable[Path], catalogue: Catalogue, as_of: dt.date) -> CheckResult:
    result = CheckResult(as_of=as_of)
    paths = list(paths)
    for path in paths:
        if not path.exists():
            result.problems.append(f"{path}: no such file or folder")
    for path, named in discover(p for p in paths if p.exists()):
        try:
            data = source.read(path)
        except OSError as exc:
            result.problems.append(f"{path}: cannot read ({exc.strerror or exc})")
            continue
        if not named and not _TRANSITION_LINE.search(data):
            result.skipped.append(str(path))
            continue
        doc = load_bytes(data, str(path))
        if not named and doc.raw is not None and not doc.is_transition_file:
            result.skipped.append(str(path))
            continue
        result.documents.append(check_document(doc, catalogue, as_of))
    from transition_cli.crossfile import relate

    relate(result.documents)
    folders = [p for p in paths if p.is_dir()]
    if folders and not result.documents and not result.problems:
        result.problems.append(
            ", ".join(str(p) for p in folders) + ": no transition files found "
            '(TOML files with a top-level transition = "strategy/1" key)'
        )
    return result
