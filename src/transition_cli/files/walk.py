"""Which files a folder holds for ``check``, and which project a file belongs to.

A folder walk yields regular ``.toml`` files in sorted order. Like ruff, it passes over
hidden folders (``.github``, ``.cache``...) and the folders of tools (``node_modules``,
``venv``...); inside a git repository it honours ``.gitignore`` files (every level, with
negations) and ``.git/info/exclude``, read with the ``pathspec`` library, imported only
when there is such a file. FIFOs, sockets and devices are never opened, so a walk cannot
hang on one. Paths named directly are always taken as named: these rules apply only
below a named folder.

A file's **project** is the folder its cross-file references resolve against: going up
from the file to the git root (outside git: to the top), the first folder holding the
settings (``transition.toml``, or a ``pyproject.toml`` with a ``[tool.transition]``
table), else the git root; outside a git repository without settings, none.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from transition_cli.core.i18n import _
from transition_cli.core.records import record
from transition_cli.files.project import git_root

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

SKIP_DIRS = frozenset({"venv", "node_modules", "__pycache__", "__pypackages__",
                       "site-packages"})
"""Folders of tools, passed over like hidden ones (whose names start with a dot)."""

SETTINGS_FILE = "transition.toml"

# (folder the patterns are relative to, the patterns of one file), shallowest first.
Rules = tuple[tuple[str, "GitIgnoreSpec"], ...]


def _spec(path: str) -> GitIgnoreSpec | None:
    """The patterns of one ignore file, or None when there is none (or it is empty)."""
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as handle:  # noqa: PTH123
            lines = handle.read().splitlines()
    except OSError:
        return None
    if not any(line.strip() and not line.startswith("#") for line in lines):
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def ignored(rules: Rules, path: str, *, is_dir: bool) -> bool:
    """Whether git would ignore ``path`` (absolute): the deepest ignore file whose
    patterns decide it wins, as in git."""
    for base, spec in reversed(rules):
        prefix = base.rstrip(os.sep) + os.sep
        if not path.startswith(prefix):
            continue
        relative = path[len(prefix):].replace(os.sep, "/")
        decided: bool | None = spec.check_file(relative + "/" if is_dir else relative).include
        if decided is not None:
            return decided
    return False


@record(frozen=False, slots=False)
class Walker:
    """Walks folders for ``check``; ``problems`` collects folders that could not be read
    (a file of ours may be inside: the run must not pass as if it were not)."""

    respect_gitignore: bool = True
    problems: list[str] = field(default_factory=list)
    _base_rules: dict[str, Rules] = field(default_factory=dict, repr=False)

    def files(self, folder: Path, *, suffix: str = ".toml") -> Iterator[Path]:
        """Regular files ending in ``suffix`` under ``folder``, in sorted order."""
        return map(Path, self.paths(folder, suffix=suffix))

    def paths(self, folder: str | Path, *, suffix: str = ".toml") -> Iterator[str]:
        """``files`` as text, joined to ``folder`` as named: a check of thousands of files
        makes no Path of each."""
        return (shown for shown, _ in self.found(folder, suffix=suffix))

    def found(self, folder: str | Path, *, suffix: str = ".toml") -> Iterator[tuple[str, str]]:
        """``paths``, each with its absolute path (``os.path.abspath`` of it, which the walk
        knows already)."""
        top = os.path.abspath(folder)  # noqa: PTH100 - keep symlinks as named
        above = self._rules_above(top)
        if above and ignored(above, top, is_dir=True):
            above = ()  # a folder named although git ignores it: what is in it is wanted
        rules_of: dict[str, Rules] = {top: above}
        in_git = self.respect_gitignore and git_root(Path(top)) is not None
        for root, dirs, names in os.walk(folder, onerror=self._unreadable):
            shown = str(Path(root))  # as a Path spells it: "./a/" is "a", "." is ""
            shown = "" if shown == "." else shown
            here = os.path.normpath(os.path.join(top, os.path.relpath(root, folder)))  # noqa: PTH118
            rules = rules_of.pop(here, ())
            if in_git:
                spec = _spec(os.path.join(here, ".gitignore"))  # noqa: PTH118
                if spec is not None:
                    rules = (*rules, (here, spec))
            kept = []
            for name in sorted(dirs):
                full = os.path.join(here, name)  # noqa: PTH118
                if name.startswith(".") or name in SKIP_DIRS or (
                        rules and ignored(rules, full, is_dir=True)):
                    continue
                kept.append(name)
                rules_of[full] = rules
            dirs[:] = kept
            for name in sorted(names):
                if not name.endswith(suffix):
                    continue
                full = os.path.join(here, name)  # noqa: PTH118
                if rules and ignored(rules, full, is_dir=False):
                    continue
                if _regular_or_unreadable(full):
                    yield os.path.join(shown, name), full  # noqa: PTH118

    def _unreadable(self, error: OSError) -> None:
        self.problems.append(_("{Path}: cannot read the folder ({error})").format(
                               Path=Path(error.filename), error=error.strerror or error))

    def _rules_above(self, top: str) -> Rules:
        """The ignore rules that apply to ``top`` from the folders above it, up to the git
        root (whose ``.git/info/exclude`` comes first, as the lowest precedence)."""
        if not self.respect_gitignore:
            return ()
        if top in self._base_rules:
            return self._base_rules[top]
        root = git_root(Path(top))
        rules: Rules = ()
        if root is not None:
            exclude = _spec(str(root / ".git" / "info" / "exclude"))
            if exclude is not None:
                rules = ((str(root), exclude),)
            above = [str(p) for p in reversed(Path(top).parents) if p.is_relative_to(root)]
            for folder in above:
                spec = _spec(os.path.join(folder, ".gitignore"))  # noqa: PTH118
                if spec is not None:
                    rules = (*rules, (folder, spec))
        self._base_rules[top] = rules
        return rules


def _regular_or_unreadable(path: str) -> bool:
    """True for a regular file, and for one that cannot even be looked at (reading it
    will say why); False for FIFOs, sockets and devices, which a read could block on."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)  # noqa: PTH116
    except OSError:
        return True


def _has_settings(folder: Path, read_toml: Callable[[Path], object]) -> bool:
    if (folder / SETTINGS_FILE).is_file():
        return True
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        return False
    table = read_toml(pyproject)
    tool = table.get("tool") if isinstance(table, dict) else None
    return isinstance(tool, dict) and "transition" in tool


@record(frozen=False, slots=False)
class Projects:
    """The project of each folder, found once per folder. ``read_toml`` reads a
    ``pyproject.toml`` (None when it cannot)."""

    read_toml: Callable[[Path], object]
    _found: dict[Path, Path | None] = field(default_factory=dict, repr=False)

    def of(self, file: Path) -> Path | None:
        folder = Path(os.path.abspath(file)).parent  # noqa: PTH100
        if folder not in self._found:
            root = git_root(folder)
            found = None
            for candidate in (folder, *folder.parents):
                if _has_settings(candidate, self.read_toml):
                    found = candidate
                    break
                if candidate == root:
                    break
            self._found[folder] = found or root
        return self._found[folder]
