"""``check`` over files and folders: discovery, loading, rules, one result.

Which files are ours is decided by what the parser reads, never by a pattern on the bytes:
a TOML file whose top-level table has a ``transition`` key (written bare or quoted, after
a byte-order mark or not) is checked; a TOML file that cannot be read is reported when it
may be ours (it mentions ``transition``). Cross-file references resolve against the
project of the files named (``files/walk.py``), so a file's findings are the same whether
it is checked alone, with a few others, or with the whole tree.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import field, replace
from pathlib import Path

from transition_cli.config import ALWAYS_REPORTED, Settings
from transition_cli.core.errors import ExitCode, UsageError
from transition_cli.core.findings import Finding, Severity
from transition_cli.core.i18n import _
from transition_cli.core.model import FORMAT_KEY, Partnership, Strategy
from transition_cli.core.progress import FILES, Progress
from transition_cli.core.records import record
from transition_cli.files import source
from transition_cli.files.calls import Catalogue
from transition_cli.files.loader import Document, load_bytes
from transition_cli.files.walk import Projects, Walker
from transition_cli.rules import registry as rules

STDIN = "-"
"""The path that names standard input."""
_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_ESCAPES = (b"\\u", b"\\U")  # a quoted key may spell "transition" with escapes


@record(slots=False)
class Stdin:
    """Standard input as one of the files checked: its bytes and the name messages use
    (``--stdin-filename``, else ``-``), which also places it in its project."""

    data: bytes
    name: str = STDIN


@record(frozen=False, slots=False)
class CheckResult:
    documents: list[Document] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # TOML files of other tools
    problems: list[str] = field(default_factory=list)  # the run failed (exit 2): why
    hints: dict[str, str] = field(default_factory=dict)  # problem -> what to do about it
    as_of: dt.date = dt.date.min
    files: list[str] = field(default_factory=list)  # the files checked, in order
    # Partnership files of the project read to resolve references, not reported on:
    context: list[str] = field(default_factory=list)
    # What decided the verdict besides the files (set by ``check``):
    settings: Settings = field(default_factory=Settings)
    calls_sources: tuple[str, ...] = ("built-in",)
    hidden: int = 0  # findings the rule selection did not report

    @property
    def strict(self) -> bool:
        return self.settings.strict

    @property
    def failed(self) -> bool:
        """The run itself failed (exit 2): its findings, if any, are not the whole story."""
        return bool(self.problems)

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def exit_code(self, strict: bool | None = None, *, exit_zero: bool = False) -> ExitCode:
        """0 clean (warnings allowed unless strict), 1 a finding fails, 2 a path could not
        be read. ``strict`` defaults to the settings' (``--strict``). ``exit_zero``
        (``--exit-zero``) passes findings, but not a file that could not be read (F codes)
        nor a failed run."""
        strict = self.strict if strict is None else strict
        if self.problems:
            return ExitCode.USAGE
        if any(f.code in ALWAYS_REPORTED for f in self.findings):
            return ExitCode.FINDINGS
        if exit_zero:
            return ExitCode.OK
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        if any(f.severity in failing for f in self.findings):
            return ExitCode.FINDINGS
        return ExitCode.OK


def check_document(doc: Document, catalogue: Catalogue, as_of: dt.date) -> Document:
    """Run the rules on a loaded document; locate and sort every finding."""
    found = doc.findings
    found.extend(rules.run(doc, catalogue, as_of))
    if found:  # most files have none to place
        doc.findings = sorted(map(doc.locate, found), key=Finding.sort_key)
    return doc


def discover(
    paths: Iterable[Path], walker: Walker | None = None, seen: set[str] | None = None,
) -> Iterator[tuple[str, bool]]:
    """(file, named directly) for every file to look at, folders walked in sorted order
    (``files/walk.py``: hidden folders, ignored files and FIFOs passed over). A file
    reached twice is looked at once; ``seen`` collects their absolute paths."""
    walker = walker or Walker()
    seen = set() if seen is None else seen
    for path in paths:
        named = not path.is_dir()
        # Absolute paths keep symlinks as named.
        found = ([(str(path), os.path.abspath(path))] if named  # noqa: PTH100
                 else walker.found(path))
        for file, key in found:
            if key not in seen:
                seen.add(key)
                yield file, named


# Above this many files, check_paths spreads the work over the machine's cores.
PARALLEL_MIN_FILES = 48
# Files per task: from MAX_CHUNK_FILES while many files are left (sending tasks and results
# costs the main process little), down to CHUNK_FILES at the end (the cores finish together).
CHUNK_FILES = 16
MAX_CHUNK_FILES = 256
# How many files the walk may run ahead of the tasks sent, to size them.
LOOKAHEAD_FILES = 4096

Outcome = tuple[str, "Document | str"]
"""("doc", slim Document) | ("skipped", path) | ("problem", message), in discovery order."""


def may_be_ours(data: bytes) -> bool:
    """Whether a parser could read a top-level ``transition`` key from these bytes: the
    name written out (bare, quoted, after a byte-order mark), spelled with escapes in a
    quoted key, or the file in UTF-16. Files of other tools rarely pass; those that do are
    parsed, and the parsed table decides."""
    return (b"transition" in data or any(e in data for e in _ESCAPES)
            or data.startswith(_UTF16))


def _mentions_transition(data: bytes) -> bool:
    """For a file that cannot be read: whether it may be ours after all."""
    if data.startswith(_UTF16):
        return "transition" in data.decode("utf-16", "replace")
    return b"transition" in data


def recognise(data: bytes, file: str, *, reported: bool) -> Document | None:
    """The file loaded, or None when it is a TOML file of another tool passed over.
    ``reported``: named directly (without --skip-other-toml), so reported whatever it is."""
    if not reported and not may_be_ours(data):
        return None
    doc = load_bytes(data, file)
    if reported:
        return doc
    if doc.raw is None:  # could not be read: reported if it may be ours
        return doc if _mentions_transition(data) else None
    return doc if doc.is_transition_file else None


def read_stdin(name: str = STDIN) -> Stdin:
    """Standard input, up to the size limit (one byte more, so F004 can say it is over)."""
    return Stdin(sys.stdin.buffer.read(source.MAX_BYTES + 1), name)


def _read(path: str | Path, stdin: Stdin | None) -> tuple[str, bytes]:
    """(the name messages use, the bytes) of a path; ``-`` is standard input."""
    if str(path) == STDIN and stdin is not None:
        return stdin.name, stdin.data
    return str(path), source.read(path)


def _check_one(
    path: str | Path, named: bool, catalogue: Catalogue, as_of: dt.date, keep: bool = True,
    skip_other: bool = False, stdin: Stdin | None = None,
) -> Outcome:
    try:
        file, data = _read(path, stdin)
    except OSError as exc:
        return ("problem", _("{path}: cannot read ({exc})").format(
                             path=path, exc=exc.strerror or exc))
    doc = recognise(data, file, reported=named and not skip_other)
    if doc is None:
        return ("skipped", file)
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
    chunk: list[tuple[str, bool]], as_of: dt.date, keep: bool, skip_other: bool,
) -> list[Outcome]:
    assert _worker_catalogue is not None
    return [_check_one(path, named, _worker_catalogue, as_of, keep, skip_other)
            for path, named in chunk]


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _chunks(files: Iterator[tuple[str, bool]], workers: int) -> Iterator[list[tuple[str, bool]]]:
    """The files in tasks for ``workers`` processes: a quarter of each worker's share of
    the files seen and not yet sent (guided scheduling), within CHUNK_FILES and
    MAX_CHUNK_FILES. The first task goes before the walk reads on, and the walk then runs
    ahead a few tasks at a time, up to LOOKAHEAD_FILES."""
    ahead: deque[tuple[str, bool]] = deque(itertools.islice(files, CHUNK_FILES))
    while ahead:
        size = min(MAX_CHUNK_FILES, max(CHUNK_FILES, len(ahead) // (4 * workers)))
        yield [ahead.popleft() for _ in range(min(size, len(ahead)))]
        room = min(2 * MAX_CHUNK_FILES, LOOKAHEAD_FILES - len(ahead))
        ahead.extend(itertools.islice(files, room))


def _outcomes(
    files: Iterator[tuple[str, bool]], catalogue: Catalogue, as_of: dt.date, keep: bool,
    skip_other: bool = False, stdin: Stdin | None = None,
) -> Iterator[Outcome]:
    head = list(itertools.islice(files, PARALLEL_MIN_FILES))
    workers = _workers()
    if len(head) < PARALLEL_MIN_FILES or workers < 2 or stdin is not None:
        for path, named in itertools.chain(head, files):
            yield _check_one(path, named, catalogue, as_of, keep, skip_other, stdin)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    chunks = _chunks(itertools.chain(head, files), workers)
    # fork where the platform has it: the workers start with everything imported.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(catalogue,)) as pool:
        # A few chunks in flight per core, collected in submission order: results come
        # out as if checked one by one, and neither paths nor results pile up.
        pending: deque[Future[list[Outcome]]] = deque(
            pool.submit(_check_chunk, chunk, as_of, keep, skip_other)
            for chunk in itertools.islice(chunks, 4 * workers))
        while pending:
            done = pending.popleft()
            for chunk in itertools.islice(chunks, 1):
                pending.append(pool.submit(_check_chunk, chunk, as_of, keep, skip_other))
            yield from done.result()


def check_paths(
    paths: Iterable[Path], catalogue: Catalogue, as_of: dt.date, *,
    keep_documents: bool = True, skip_other_toml: bool = False,
    respect_gitignore: bool = True, stdin: Stdin | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """Check files and folders in one pass; folders of many files use every core.
    ``progress`` hears of each file checked (``core.progress``).

    With ``keep_documents=False`` (the ``check`` command) each document keeps its file,
    kind and findings (and its text where it has findings) but not its model, so memory
    does not grow with the number of files; views that need the plans keep the default.
    ``skip_other_toml`` passes over named TOML files of other tools as a folder walk does
    (pre-commit names every staged TOML file). A path ``-`` is standard input (``stdin``,
    else read here).
    """
    result = CheckResult(as_of=as_of)
    paths = list(paths)
    if stdin is None and any(str(p) == STDIN for p in paths):
        stdin = read_stdin()
    for path in paths:
        if str(path) != STDIN and not path.exists():
            gone = source.missing(path)
            result.problems.append(gone.message)
            if gone.hint:
                result.hints[gone.message] = gone.hint
    walker = Walker(respect_gitignore)
    seen: set[str] = set()
    if stdin is not None and stdin.name != STDIN:
        seen.add(os.path.abspath(stdin.name))  # noqa: PTH100 - its bytes stand for the file
    files = discover([p for p in paths if str(p) == STDIN or p.exists()], walker, seen)
    outcomes = _outcomes(files, catalogue, as_of, keep_documents, skip_other_toml, stdin)
    for done, (what, value) in enumerate(outcomes, start=1):
        if progress is not None:
            progress(FILES, done, None)
        if what == "doc":
            assert isinstance(value, Document)
            result.documents.append(value)
        elif what == "skipped":
            result.skipped.append(str(value))
        else:
            result.problems.append(str(value))
    result.problems += walker.problems
    result.files = [doc.file for doc in result.documents]
    folders = [os.path.abspath(p) for p in paths if p.is_dir()]  # noqa: PTH100
    context = project_context(result.documents, seen, folders, respect_gitignore, stdin)
    rules.relate(result.documents, context)
    result.context = [doc.file for doc in context]
    if not keep_documents:
        for doc in result.documents:
            if not doc.findings:
                doc.text = None
    named_folders = [p for p in paths if p.is_dir()]
    if named_folders and not result.documents and not result.problems:
        result.problems.append(
            ", ".join(str(p) for p in named_folders) + _(": no transition files found (TOML "
                                                         "files with a top-level transition = "
                                                         "\"strategy/1\" key)")
        )
    return result


def _refers(doc: Document) -> bool:
    """A partnership, or a strategy naming partnerships: its cross-file findings depend on
    the project's other partnership files."""
    plan = doc.plan
    return isinstance(plan, Partnership) or (isinstance(plan, Strategy)
                                              and bool(plan.partnerships))


def _pyproject(path: Path) -> object:
    try:
        return source.parse(source.decode(source.read(path)))
    except (OSError, source.SourceError):
        return None


def _shown(path: str) -> str:
    """A path as messages show it: relative to the current folder, as named paths are."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive (Windows)
        return path


def project_context(
    documents: Sequence[Document], seen: set[str], folders: Sequence[str],
    respect_gitignore: bool = True, stdin: Stdin | None = None,
) -> list[Document]:
    """The partnership files of the projects of ``documents`` that were not checked
    (``seen`` holds the absolute paths checked), for the cross-file rules. Only read when a
    checked file refers to partnerships, and never for a project inside a folder that was
    checked whole (``folders``, absolute): its files are all at hand already."""
    referring = [doc for doc in documents if _refers(doc)]
    if not referring:
        return []
    projects = Projects(_pyproject)
    roots = sorted({root for doc in referring
                    if (root := projects.of(Path(doc.file))) is not None})
    walker = Walker(respect_gitignore)  # problems of folders not named are not ours
    context = []
    for root in roots:
        if any(root.is_relative_to(folder) for folder in folders):
            continue
        for path in walker.files(root):
            key = os.path.abspath(path)  # noqa: PTH100
            if key in seen:
                continue
            seen.add(key)
            try:
                data = source.read(path)
            except OSError:
                continue
            # A partnership file says transition = "partnership/1"; strategies naming
            # partnerships (partnerships = [...]) are not read again.
            if b"partnership/" not in data and not any(e in data for e in _ESCAPES):
                continue
            doc = load_bytes(data, _shown(key))
            if isinstance(doc.plan, Partnership):
                context.append(_slim(doc))
    return context


def guard_report(path: Path, paths: Iterable[Path]) -> None:
    """Refuse (usage error) a report file that would replace a file being checked, a
    transition file, or anything but a regular file: a report never lands on a plan."""
    named = {os.path.abspath(p) for p in paths if str(p) != STDIN}  # noqa: PTH100
    if os.path.abspath(path) in named:  # noqa: PTH100
        raise UsageError(_("{path}: is one of the paths checked; not writing the report over "
                           "it").format(path=path), hint=_("choose another --output-file"))
    if not path.exists():
        return
    if not path.is_file():
        raise UsageError(_("{path}: is not a regular file; not writing the report there").format(
                           path=path),
                         hint=_("name a file, e.g. --output-file transition.sarif"))
    try:
        data = source.read(path)
    except OSError as exc:
        raise UsageError(_("{path}: cannot read ({exc})").format(
                           path=path, exc=exc.strerror or exc)) from None
    if recognise(data, str(path), reported=False) is not None:
        raise UsageError(_("{path}: is a transition file; not writing the report over it").format(
                           path=path),
                         hint=_("choose another --output-file"))


def write_report(path: Path, text: str, paths: Iterable[Path]) -> None:
    """Write a report atomically (the old file or the new one, never half of either),
    after ``guard_report``."""
    from transition_cli.files.atomic import write_atomic

    guard_report(path, paths)
    like = path.stat() if path.exists() else None
    write_atomic(path, text.encode("utf-8", "replace"), overwrite=True, like=like)


def check(
    paths: Iterable[Path], *, as_of: dt.date, calls: Path | None = None,
    catalogue: Catalogue | None = None, settings: Settings | None = None,
    skip_other_toml: bool = False, keep_documents: bool = True,
    respect_gitignore: bool = True, stdin: Stdin | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """What ``transition check`` decides, as a library call.

    ``settings`` default to the project's (``transition.toml`` or ``[tool.transition]``
    found from the current folder); the catalogue to the built-in calls plus the user's
    calls file (``calls``, else ``$TRANSITION_CALLS``, else ``./transition-calls.toml``),
    whose own findings are reported first. ``skip_other_toml`` passes over named TOML files
    of other tools (what pre-commit hands every hook); ``respect_gitignore`` passes over
    what git ignores in folder walks; ``stdin`` is what the path ``-`` reads; ``progress``
    hears of each file checked. The result's ``exit_code()`` is the command's exit code.
    """
    from transition_cli.config import load_settings
    from transition_cli.files.calls import find_user_calls, load_catalogue

    settings = load_settings() if settings is None else settings
    cat = catalogue or load_catalogue(find_user_calls(calls))
    result = check_paths(paths, cat, as_of, keep_documents=keep_documents,
                         skip_other_toml=skip_other_toml,
                         respect_gitignore=respect_gitignore, stdin=stdin,
                         progress=progress)
    if cat.findings:
        result.documents.insert(0, Document(cat.sources[-1], findings=list(cat.findings)))
    found = len(result.findings)
    for doc in result.documents:
        doc.findings = settings.selection.keep(doc.findings)
    result.hidden = found - len(result.findings)
    result.settings = settings
    result.calls_sources = cat.sources
    return result
