"""``check`` over files and folders: discovery, loading, rules, one result."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from transition_cli.config import Settings
from transition_cli.core.errors import ExitCode
from transition_cli.core.findings import Finding, Severity
from transition_cli.core.model import FORMAT_KEY, Partnership, Strategy
from transition_cli.files import source
from transition_cli.files.calls import Catalogue
from transition_cli.files.loader import Document, load_bytes
from transition_cli.rules import registry as rules

_TRANSITION_LINE = re.compile(rb"^\s*transition\s*=", re.MULTILINE)
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                       ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


@dataclass
class CheckResult:
    documents: list[Document] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # TOML files of other tools
    problems: list[str] = field(default_factory=list)  # unreadable paths: exit 2
    as_of: dt.date = dt.date.min
    # What decided the verdict besides the files (set by ``check``):
    settings: Settings = field(default_factory=Settings)
    calls_sources: tuple[str, ...] = ("built-in",)
    hidden: int = 0  # findings the rule selection did not report

    @property
    def strict(self) -> bool:
        return self.settings.strict

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def exit_code(self, strict: bool | None = None) -> ExitCode:
        """0 clean (warnings allowed unless strict), 1 a finding fails, 2 a path could not
        be read. ``strict`` defaults to the settings' (``--strict``)."""
        strict = self.strict if strict is None else strict
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


# Above this many files, check_paths spreads the work over the machine's cores.
PARALLEL_MIN_FILES = 48
# Files per task: large enough that sending results back costs little, small enough that
# the cores finish together.
CHUNK_FILES = 16

Outcome = tuple[str, "Document | str"]
"""("doc", slim Document) | ("skipped", path) | ("problem", message), in discovery order."""


def _check_one(
    path: Path, named: bool, catalogue: Catalogue, as_of: dt.date, keep: bool = True
) -> Outcome:
    try:
        data = source.read(path)
    except OSError as exc:
        return ("problem", f"{path}: cannot read ({exc.strerror or exc})")
    if not named and not _TRANSITION_LINE.search(data):
        return ("skipped", str(path))
    doc = load_bytes(data, str(path))
    if not named and doc.raw is not None and not doc.is_transition_file:
        return ("skipped", str(path))
    doc = check_document(doc, catalogue, as_of)
    return ("doc", doc if keep else _slim(doc))


def _slim(doc: Document) -> Document:
    """What a check's output needs of a document: its file, kind and findings; the text
    only where a finding may show its line; of the model and the parsed tables only what
    the cross-file rules read (a strategy's region and partnerships, a partnership's
    members). Memory then stays flat however many files a check reads."""
    plan = doc.plan
    related = isinstance(plan, Partnership) or (
        isinstance(plan, Strategy) and bool(plan.partnerships))
    if related and isinstance(plan, Strategy | Partnership):
        plan = replace(plan, experts=(), milestones=(), envelopes=(), journal=())
        if isinstance(plan, Strategy):
            plan = replace(plan, clusters=())
    else:
        plan = None
    # raw None reads as a transition file; a file of another tool keeps an empty table.
    raw = None if doc.raw is None or (doc.kind and "partnerships" not in doc.raw) else {
        key: doc.raw[key] for key in (FORMAT_KEY, "partnerships") if key in doc.raw}
    text = doc.text if doc.findings or related else None
    return Document(doc.file, text=text, raw=raw, kind=doc.kind, plan=plan,
                    findings=doc.findings)


_worker_catalogue: Catalogue | None = None


def _init_worker(catalogue: Catalogue) -> None:
    global _worker_catalogue  # noqa: PLW0603 - one catalogue per worker process
    _worker_catalogue = catalogue


def _check_chunk(
    chunk: list[tuple[Path, bool]], as_of: dt.date, keep: bool
) -> list[Outcome]:
    assert _worker_catalogue is not None
    return [_check_one(path, named, _worker_catalogue, as_of, keep) for path, named in chunk]


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _outcomes(
    files: Iterator[tuple[Path, bool]], catalogue: Catalogue, as_of: dt.date, keep: bool
) -> Iterator[Outcome]:
    head = list(itertools.islice(files, PARALLEL_MIN_FILES))
    workers = _workers()
    if len(head) < PARALLEL_MIN_FILES or workers < 2:
        for path, named in head:
            yield _check_one(path, named, catalogue, as_of, keep)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    rest = itertools.chain(head, files)
    chunks = iter(lambda: list(itertools.islice(rest, CHUNK_FILES)), [])
    # fork where the platform has it: the workers start with everything imported.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(catalogue,)) as pool:
        # A few chunks in flight per core, collected in submission order: results come
        # out as if checked one by one, and neither paths nor results pile up.
        pending: deque[Future[list[Outcome]]] = deque(
            pool.submit(_check_chunk, chunk, as_of, keep)
            for chunk in itertools.islice(chunks, 4 * workers))
        while pending:
            done = pending.popleft()
            for chunk in itertools.islice(chunks, 1):
                pending.append(pool.submit(_check_chunk, chunk, as_of, keep))
            yield from done.result()


def check_paths(
    paths: Iterable[Path], catalogue: Catalogue, as_of: dt.date, *,
    keep_documents: bool = True,
) -> CheckResult:
    """Check files and folders in one pass; folders of many files use every core.

    With ``keep_documents=False`` (the ``check`` command) each document keeps its file,
    kind and findings (and its text where it has findings) but not its model, so memory
    does not grow with the number of files; views that need the plans keep the default.
    """
    result = CheckResult(as_of=as_of)
    paths = list(paths)
    for path in paths:
        if not path.exists():
            result.problems.append(f"{path}: no such file or folder")
    files = discover([p for p in paths if p.exists()])
    for what, value in _outcomes(files, catalogue, as_of, keep_documents):
        if what == "doc":
            assert isinstance(value, Document)
            result.documents.append(value)
        elif what == "skipped":
            result.skipped.append(str(value))
        else:
            result.problems.append(str(value))
    from transition_cli.rules.registry import relate

    relate(result.documents)
    if not keep_documents:
        for doc in result.documents:
            if not doc.findings:
                doc.text = None
    folders = [p for p in paths if p.is_dir()]
    if folders and not result.documents and not result.problems:
        result.problems.append(
            ", ".join(str(p) for p in folders) + ": no transition files found "
            '(TOML files with a top-level transition = "strategy/1" key)'
        )
    return result


def check(
    paths: Iterable[Path], *, as_of: dt.date, calls: Path | None = None,
    catalogue: Catalogue | None = None, settings: Settings | None = None,
    skip_other_toml: bool = False, keep_documents: bool = True,
) -> CheckResult:
    """What ``transition check`` decides, as a library call.

    ``settings`` default to the project's (``transition.toml`` or ``[tool.transition]``
    found from the current folder); the catalogue to the built-in calls plus the user's
    calls file (``calls``, else ``$TRANSITION_CALLS``, else ``./transition-calls.toml``),
    whose own findings are reported first. ``skip_other_toml`` passes over named TOML files
    of other tools (what pre-commit hands every hook). The result's ``exit_code()`` is the
    command's exit code.
    """
    from transition_cli.config import load_settings
    from transition_cli.files.calls import find_user_calls, load_catalogue

    settings = load_settings() if settings is None else settings
    cat = catalogue or load_catalogue(find_user_calls(calls))
    result = check_paths(paths, cat, as_of, keep_documents=keep_documents)
    if skip_other_toml:
        result.skipped += [d.file for d in result.documents if not d.is_transition_file]
        result.documents = [d for d in result.documents if d.is_transition_file]
    if cat.findings:
        result.documents.insert(0, Document(cat.sources[-1], findings=list(cat.findings)))
    found = len(result.findings)
    for doc in result.documents:
        doc.findings = settings.selection.keep(doc.findings)
    result.hidden = found - len(result.findings)
    result.settings = settings
    result.calls_sources = cat.sources
    return result
