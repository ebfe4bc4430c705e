"""Atomic file writes: the old bytes or the new bytes, never anything in between."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from transition_cli.core.errors import UsageError
from transition_cli.core.i18n import _


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Seen:
    """A file as a command read it: its status (taken before reading) and its bytes."""

    stat: os.stat_result
    data: bytes


class Changed(Exception):
    """The file is no longer what was read: someone saved it meanwhile. Nothing written."""


def _still(path: Path, seen: Seen) -> bool:
    """Is ``path`` still the file ``seen`` describes: same file, size, modification time and
    bytes? (An editor that saves in place within the clock's resolution keeps the time.)"""
    try:
        now = path.stat()
    except OSError:
        return False
    before = seen.stat
    if (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) != (
            before.st_dev, before.st_ino, before.st_size, before.st_mtime_ns):
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        try:
            return (stat.S_ISREG(os.fstat(fd).st_mode)
                    and handle.read(len(seen.data) + 1) == seen.data)
        except OSError:
            return False


def write_atomic(
    path: Path, data: bytes, *, overwrite: bool, like: os.stat_result | None = None,
    unchanged: Seen | None = None,
) -> None:
    """Write ``data`` to a temp file beside ``path``, fsync it, then move it in place.

    With ``overwrite=False`` the move fails if ``path`` exists (even if it appeared
    meanwhile). ``like`` (the replaced file's stat) keeps its permissions, and its owner
    and group where the process may set them. With ``unchanged``, the file is checked just
    before the move to still be what was read; if it is not, nothing is written and
    ``Changed`` is raised. Temporary files that killed writers left beside ``path`` are
    removed first (``clean_stale``). A failure to write raises ``OSError`` with ``path``
    unchanged.
    """
    folder = path.parent if str(path.parent) else Path()
    clean_stale(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(_("{path}: cannot write in {folder} ({exc})").format(
                           path=path, folder=folder, exc=exc.strerror or exc)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if like is not None:
            tmp.chmod(stat.S_IMODE(like.st_mode))
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(tmp, like.st_uid, like.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            tmp.chmod(0o666 & ~umask)
        # As late as possible: what remains between this check and the move is microseconds.
        if unchanged is not None and not _still(path, unchanged):
            raise Changed(str(path))
        if overwrite:
            tmp.replace(path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise UsageError(
                    _("{path} already exists; not overwriting it").format(path=path),
                    hint=_("choose another path, or pass --force to replace it"),
                ) from None
            tmp.unlink()
        _fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# ---------------------------------------------------------------------------------------
# Temporary files: named after the target, the writing process and its host, so that the
# next write can tell a killed writer's leftover (same host, process gone) from a write
# in progress, and remove it.


def _host() -> str:
    import hashlib
    import socket

    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _temp_prefix(path: Path) -> str:
    return f".{path.name}.{os.getpid()}-{_host()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, under another user
        return True
    return True


def clean_stale(path: Path) -> list[Path]:
    """Remove the temporary files a killed writer of ``path`` left beside it: those named
    ``.NAME.PID-HOST.XXXXXXXX.tmp`` by a process of this host that no longer runs. Files of
    other hosts (a shared folder), of live processes, or not named so, stay. Returns what
    was removed. Never fails: a file that cannot be removed stays, as harmless as before."""
    if os.name != "posix":  # pragma: no cover - os.kill(pid, 0) is not a probe on Windows
        return []
    folder = path.parent if str(path.parent) else Path()
    pattern = re.compile(rf"\.{re.escape(path.name)}\.([0-9]+)-([0-9a-f]{{8}})\.\w{{8}}\.tmp")
    prefix = f".{path.name}."
    removed = []
    host = _host()
    try:
        names = [e.name for e in os.scandir(folder) if e.name.startswith(prefix)]
    except OSError:
        return []
    for name in names:
        match = pattern.fullmatch(name)
        if match is None or match.group(2) != host:
            continue
        pid = int(match.group(1))
        if pid <= 0 or pid == os.getpid() or _alive(pid):
            continue
        stale = folder / name
        with contextlib.suppress(OSError):
            if stat.S_ISREG(stale.lstat().st_mode):
                stale.unlink()
                removed.append(stale)
    return removed


# ---------------------------------------------------------------------------------------
# The lock file beside the target: one writer at a time, so appends never overwrite each
# other. POSIX uses flock on the lock file (released by the kernel if the writer dies, so
# no stale locks); elsewhere an exclusive create, removed on release.
#
# The lock file is only ever this process's own regular file: opened without following a
# link, refused if it is anything else or holds text transition did not write; it is
# emptied, written and removed only then. A repository (or another user of a shared
# folder) that plants a link or a file under that name gets a refusal, never a write.

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another writer; $TRANSITION_LOCK_TIMEOUT overrides."""

_IDENTITY = re.compile(r"pid [0-9]+ on [^\n]*, user [^\n]*")
_LOCK_FLAGS = (os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0))


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _holder(lock: Path) -> str:
    """Who holds the lock, as its lock file says; "" when it says nothing we wrote."""
    try:
        fd = os.open(lock, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        text = os.read(fd, 512).decode("utf-8", errors="replace").strip()
    except OSError:
        return ""
    finally:
        os.close(fd)
    return text if _IDENTITY.fullmatch(text) else ""


def _timeout() -> float:
    value = os.environ.get("TRANSITION_LOCK_TIMEOUT", "")
    if not value:
        return LOCK_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 86_400:  # also refuses nan and inf
        raise UsageError(_("TRANSITION_LOCK_TIMEOUT={value!r} is not a number of seconds").format(
                           value=value),
                         hint=_("set it to a number such as 10, or unset it"))
    return seconds


def held_by(path: Path, lock: Path) -> str:
    """``hdf.toml is being written by another process (pid 4242 on lille-07, user anne)
    since 2018-06-30 14:03:12``: who holds the lock, as its lock file says, and since when
    (the lock file's time: its holder writes it on taking the lock)."""
    holder = _holder(lock)
    try:
        since = dt.datetime.fromtimestamp(os.lstat(lock).st_mtime, tz=dt.UTC).astimezone()
    except OSError:  # released meanwhile
        since = None
    return (_("{path} is being written by another process").format(path=path)
            + (f" ({holder})" if holder else "")
            + (_(" since {time}").format(time=f"{since:%Y-%m-%d %H:%M:%S}")
               if since is not None else ""))


def _busy(path: Path, lock: Path, waited: float) -> UsageError:
    return UsageError(
        _("{held_by}; gave up after {waited:g} s").format(
          held_by=held_by(path, lock), waited=waited),
        hint=_("try again in a moment; if no transition command is running, delete {lock}").format(
               lock=lock),
    )


def _identity() -> str:
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # pragma: no cover - no login name
        user = "?"
    return _("pid {os} on {socket}, user {user}").format(
             os=os.getpid(), socket=socket.gethostname(), user=user)


def _not_ours(lock: Path, what: str) -> UsageError:
    return UsageError(
        _("{lock} {what}, not a lock file of transition; nothing written").format(
          lock=lock, what=what),
        hint=_("move {lock} away (transition makes and removes its own lock file there), then "
               "run the command again").format(lock=lock))


def _open_lock(lock: Path) -> int:
    """The lock file's descriptor: created if missing, never through a link, and only if
    it is a regular file with no other name (so writing to it writes nowhere else)."""
    try:
        fd = os.open(lock, os.O_CREAT | _LOCK_FLAGS, 0o644)
    except OSError as exc:
        if lock.is_symlink():  # O_NOFOLLOW refused it (ELOOP, or EMLINK on BSD)
            raise _not_ours(lock, _("is a symbolic link")) from None
        raise UsageError(_("{lock}: cannot create the lock file ({exc})").format(
                           lock=lock, exc=exc.strerror or exc),
                         hint=_("check that you may write in that folder")) from None
    info = os.fstat(fd)
    # No link count of 0: a lock file its holder has just removed (we try again, below).
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
        os.close(fd)
        raise _not_ours(lock, _("is not a regular file") if not stat.S_ISREG(info.st_mode)
                        else _("has other names (hard links)"))
    return fd


def _check_ours(lock: Path, fd: int) -> None:
    """Refuse a lock file holding anything but what a transition writer puts there (its
    identity; empty if it was killed before writing it): a file of the person's."""
    try:
        text = os.pread(fd, 4097, 0)
    except OSError:  # pragma: no cover - a regular file we just opened
        text = b""
    if text and not _IDENTITY.fullmatch(text.decode("utf-8", errors="replace").strip()):
        os.close(fd)
        raise _not_ours(lock, _("holds text that transition did not write"))


def _try_lock(lock: Path) -> int | None:
    """The locked descriptor of the lock file, or None when another writer holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: exclusive create instead
        try:
            return os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return None
        except OSError:
            return _open_lock(lock)  # raises the clear message
    fd = _open_lock(lock)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    # The previous holder may have removed the file after we opened it: then we would
    # hold a lock on a name nobody else sees. Try again on the current file.
    try:
        same = os.path.samestat(os.fstat(fd), os.lstat(lock))
    except FileNotFoundError:
        same = False
    if not same:
        os.close(fd)
        return _try_lock(lock)
    _check_ours(lock, fd)
    return fd


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None,
           on_wait: Callable[[str], None] | None = None, *, shown: Path | None = None,
           ) -> Iterator[None]:
    """Hold the lock file beside ``path`` for the duration of the block.

    When another writer holds it, says so at once through ``on_wait`` (who, since when,
    how long it waits: ``held_by``), waits up to ``timeout`` seconds (default
    $TRANSITION_LOCK_TIMEOUT, else 10) and then fails with a message naming the holder
    (pid, host, user) written in the lock file. Messages name ``shown`` (the path as the
    user gave it) when given, else ``path``.
    A lock file that is a link, not a regular file, or holds someone else's text is refused
    (``UsageError``) and left as it is.
    """
    import time

    lock = lock_path(path)
    limit = _timeout() if timeout is None else timeout
    start = time.monotonic()
    told = on_wait is None
    while (fd := _try_lock(lock)) is None:
        if time.monotonic() - start >= limit:
            raise _busy(shown or path, lock, limit)
        if not told and on_wait is not None:
            on_wait(_("{held_by}; waiting up to {limit:g} s").format(
                      held_by=held_by(shown or path, lock), limit=limit))
            told = True
        time.sleep(0.01)
    try:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, _identity().encode("utf-8"), 0)
        yield
    finally:
        # Unlink while still holding the lock, so a waiter re-checks the name (above);
        # only if the name is still our file (never someone's file put there meanwhile).
        with contextlib.suppress(OSError):
            if os.path.samestat(os.fstat(fd), os.lstat(lock)):
                lock.unlink()
        os.close(fd)
