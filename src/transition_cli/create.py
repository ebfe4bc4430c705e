"""Creating files: a new plan (``init``), and reports or exports written where asked.

Every decision ``transition init`` makes lives here, so a script calling ``init`` gets the
command's result and refusals: the call must exist and be answered by this kind of file,
the name must not be one the project's own files use, the options must fit the kind. The
new file is checked before it is written and never replaces a file unless ``force``.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from transition_cli.config import CONFIG_FILE
from transition_cli.core.errors import UsageError
from transition_cli.core.i18n import _
from transition_cli.core.model import PLAN_KINDS, Call
from transition_cli.core.records import record
from transition_cli.core.spec import ID_PATTERN
from transition_cli.core.text import did_you_mean, one_line, plural
from transition_cli.files.atomic import write_atomic
from transition_cli.files.calls import DEFAULT_CALLS_FILE, Catalogue
from transition_cli.files.loader import load_bytes

RESERVED_NAMES = {CONFIG_FILE: "settings", DEFAULT_CALLS_FILE: "calls",
                  "pyproject.toml": "settings"}
"""File names the project's other files own: a plan there would be read as them."""


@record(slots=False)
class Created:
    """What ``init`` wrote: the plan, what it covers, the schema copy if it wrote one, and
    notes for the person (e.g. partners still missing)."""

    path: Path
    kind: str
    covers: str  # "Hauts-de-France, FRE1, FRE2" or "partnership cybersecurity: FRH0, EE00"
    call: str
    schema: Path | None = None
    notes: tuple[str, ...] = ()
    before: tuple[str, ...] = ()  # said before "Wrote": which region a name chose


def init(
    path: Path, *, kind: str, call: str, catalogue: Catalogue, region: str | None = None,
    coordinators: Sequence[str] = (), members: Sequence[str] = (), theme: str | None = None,
    partnership_id: str | None = None, title: str | None = None, name: str | None = None,
    schema: str | None = None, force: bool = False,
) -> Created:
    """Write a new, commented strategy or partnership for ``call`` that passes ``check``.

    ``schema`` is what the file's ``#:schema`` line names; by default the project's copy
    ``schemas/KIND-1.schema.json`` (under the git root, else the file's folder), written
    there when missing.
    """
    if kind not in PLAN_KINDS:
        raise UsageError(_("--kind {kind!r}: not a kind of plan").format(kind=kind),
                         hint=_("one of: ") + ", ".join(PLAN_KINDS))
    the_call = catalogue.get(call)
    if the_call is None:
        raise UsageError(_("unknown call {call!r}").format(call=call),
                         hint=did_you_mean(call, catalogue.ids))
    if the_call.answered_by != kind:
        raise UsageError(
            _("call {id} is answered by a {answered_by} file, not a {kind}").format(
                id=the_call.id, answered_by=_(the_call.answered_by), kind=_(kind)),
            hint=_("choose a call for this kind of file (`transition calls`)")
            + ("" if kind == "partnership" else _(", or add --kind partnership")))
    refuse_reserved_name(path)
    # One line, as rule S009 wants them in the file (and the recording commands do).
    for text, option in ((title, "--title"), (name, "--name"), (theme, "--theme")):
        if text is not None:
            one_line(text, option)
    if kind == "partnership":
        if region is not None:
            raise UsageError(_("--region is for strategies"),
                             hint=_("name a partnership's regions with --coordinator and --member"))
        # The whole text is an id, not its first line: re.match's "$" passes "P1\n".
        if partnership_id is not None and not re.fullmatch(ID_PATTERN, partnership_id):
            raise UsageError(_("--id {partnership_id!r} is not an id").format(
                               partnership_id=partnership_id),
                             hint=_("use letters, digits, '-', '_', '.'"))
        return _partnership(path, the_call, coordinators, members, theme, partnership_id,
                            title, schema, force)
    if region is None:
        raise UsageError(_("missing --region"), hint=_("give the region's NUTS code or name, e.g. "
                                                    "--region FRE; find it with `transition "
                                                    "regions NAME`"))
    if coordinators or members or theme or partnership_id:
        raise UsageError(_("--coordinator, --member, --theme and --id are for partnerships"),
                         hint=_("add --kind partnership"))
    return _strategy(path, the_call, region, name, title, schema, force)


def _strategy(path: Path, call: Call, region: str, name: str | None, title: str | None,
              schema: str | None, force: bool) -> Created:
    from transition_cli.files.scaffold import strategy_draft, strategy_text
    from transition_cli.reference import nuts

    draft, found = strategy_draft(call, region, name, title)
    write_new(path, strategy_text(draft, schema_url=_schema_ref(path, "strategy", schema)),
              force=force)
    before: tuple[str, ...] = ()
    if found.code != region.strip().upper():  # a name: say which region it chose
        label = nuts.lookup(found.code)
        before = (_("--region \"{region}\" is {code} ({name}).").format(
            region=region.strip(), code=found.code,
            name=label.name if label else found.region.name),)
    covers = (_("the Member State {name}, {codes} in NUTS {version}") if found.member_state
              else _("{name}, {codes} in NUTS {version}")).format(
        name=found.region.name, codes=", ".join(found.region.nuts), version=found.version)
    return Created(path, "strategy", covers, call.id, _write_schema(path, "strategy", schema),
                   before=before)


def _partnership(path: Path, call: Call, coordinators: Sequence[str], members: Sequence[str],
                 theme: str | None, partnership_id: str | None, title: str | None,
                 schema: str | None, force: bool) -> Created:
    from transition_cli.files.scaffold import partnership_draft, partnership_text

    draft = partnership_draft(call, list(coordinators), list(members), theme,
                              partnership_id, title)
    write_new(path, partnership_text(draft, _schema_ref(path, "partnership", schema)),
              force=force)
    regions = ", ".join(c for r in (*draft.coordinators, *draft.partners) for c in r.nuts)
    states = {r.country for r in (*draft.coordinators, *draft.partners)}
    need = call.min_member_states or 0
    notes: tuple[str, ...] = ()
    if len(states) < need:
        notes = (_("the regions are in {plural}; {id} asks for at least {need}: add partners "
                   "with --member or in the file before `transition check` passes").format(
                   plural=plural(len(states), 'Member State'), id=call.id, need=need),)
    return Created(path, "partnership", f"partnership {draft.id}: {regions}", call.id,
                   _write_schema(path, "partnership", schema), notes)


def refuse_reserved_name(path: Path) -> None:
    """Names that other files of the project own: a plan there would be read as them."""
    owner = RESERVED_NAMES.get(path.name)
    if owner is not None:
        raise UsageError(_("{name} is the name of the project's {owner} file").format(
                           name=path.name, owner=owner),
                         hint=_("name the plan after its region, e.g. hauts-de-france.toml"))


def _schema_ref(path: Path, kind: str, schema: str | None) -> str:
    """The #:schema target: as given, else the project's committed copy."""
    from transition_cli.files.jsonschema import default_schema_location

    return schema or default_schema_location(path, kind)[1]


def _write_schema(path: Path, kind: str, schema: str | None) -> Path | None:
    """Write the project's schema copy the directive names, when it is the default and new;
    returns the path written (as the person named it: relative unless ``path`` is not)."""
    from transition_cli.files.jsonschema import default_schema_location, schema_text

    schema_file = default_schema_location(path, kind)[0]
    if schema is not None or schema_file.exists():
        return None
    schema_file.parent.mkdir(parents=True, exist_ok=True)
    _written(schema_file, lambda: write_atomic(schema_file, schema_text(kind).encode("utf-8"),
                                               overwrite=False))
    return schema_file if path.is_absolute() else Path(os.path.relpath(schema_file))


def write_new(path: Path, text: str, *, force: bool = False) -> None:
    """Write a new plan file after checking that it loads cleanly."""
    data = text.encode("utf-8")
    doc = load_bytes(data, str(path))
    if doc.plan is None or doc.findings:  # pragma: no cover - a bug in a scaffold
        raise AssertionError(_("scaffold does not load cleanly: {findings}").format(
                               findings=doc.findings))
    if path.is_dir():
        raise UsageError(_("{path} is a folder").format(path=path),
                         hint=_("name the new file, e.g. region.toml"))
    _written(path, lambda: write_atomic(path, data, overwrite=force))


def write_output(data: bytes, out: Path, source: Path | Sequence[Path], *,
                 force: bool = False) -> None:
    """A report or export written to ``out``: never over a plan it was made from (``source``,
    one or several), never over an existing file unless ``force``.

    A FIFO or a character device (``/dev/null``, a terminal) is written *into*, as a shell's
    ``>`` would; a symbolic link to a regular file is followed and that file replaced
    (atomically, with ``force``); anything else (a folder, a block device, a socket, a
    dangling link) is refused. Standard output is the caller's business (``-o -``).
    """
    try:
        shown = os.lstat(out)
    except FileNotFoundError:
        _written(out, lambda: write_atomic(out, data, overwrite=False))
        return
    except OSError as exc:
        raise UsageError(_("--output {out}: cannot use it ({exc})").format(
                           out=out, exc=exc.strerror or exc)) from None
    target = out
    info = shown
    if stat.S_ISLNK(shown.st_mode):
        try:
            target = out.resolve(strict=True)
            info = target.stat()
        except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python < 3.13)
            raise UsageError(_("--output {out} is a symbolic link to nothing that exists").format(
                               out=out),
                             hint=_("name a file, or point the link at one")) from None
    if any(_same(info, read) for read in ([source] if isinstance(source, Path) else source)):
        raise UsageError(_("--output {out} is the file being read; not overwriting it").format(
                           out=out),
                         hint=_("name another output file"))
    if stat.S_ISREG(info.st_mode):
        if not force:
            raise UsageError(_("{out} already exists; not overwriting it").format(out=out),
                             hint=_("choose another path, or pass --force to replace it"))
        _written(out, lambda: write_atomic(target, data, overwrite=True, like=info))
    elif stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        _written(out, lambda: _write_into(target, data), replaced=False)
    else:
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise UsageError(_("--output {out} is {what}; nothing written").format(out=out, what=what),
                         hint=_("name a file to write, or - for standard output"))


def _same(info: os.stat_result, path: Path) -> bool:
    try:
        return os.path.samestat(info, path.stat())
    except (OSError, RuntimeError):
        return False


def _write_into(path: Path, data: bytes) -> None:
    """Write into a FIFO or a device as it is (no temporary file, no replacing it)."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _written(path: Path, write: Callable[[], None], *, replaced: bool = True) -> None:
    """Run ``write``; a failure of the system (a full disk, a closed pipe) becomes a
    message naming the file: a new or replaced file is then left as it was."""
    try:
        write()
    except OSError as exc:
        raise UsageError(_("{path}: cannot write ({exc})").format(
                           path=path, exc=exc.strerror or exc)
                         + (_("; it is left as it was") if replaced else ""),
                         hint=_("free some space or choose another place, then run it again")
                         if exc.errno == errno.ENOSPC else None) from None
