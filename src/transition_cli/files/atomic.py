"""Atomic file writes: the old bytes or the new bytes, never anything in between."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from transition_cli.core.errors import UsageError


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


def write_atomic(
    path: Path, data: bytes, *, overwrite: bool, like: os.stat_result | None = None
) -> None:
    """Write ``data`` to a temp file beside ``path``, fsync it, then move it in place.

    With ``overwrite=False`` the move fails if ``path`` exists (even if it appeared
    meanwhile). ``like`` (the replaced file's stat) keeps its permissions, and its owner
    and group where the process may set them.
    """
    folder = path.parent if str(path.parent) else Path()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write in {folder} ({exc.strerror or exc})") from None
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
        if overwrite:
            tmp.replace(path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise UsageError(
                    f"{path} already exists; not overwriting it",
                    hint="choose another path, or pass --force to replace it",
                ) from None
            tmp.unlink()
        _fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# ---------------------------------------------------------------------------------------
# The lock file beside the target: one writer at a time, so appends never overwrite each
# other. POSIX uses flock on the lock file (released by the kernel if the writer dies, so
# no stale locks); elsewhere an exclusive create, removed on release.

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another writer; $TRANSITION_LOCK_TIMEOUT overrides."""


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _holder(lock: Path) -> str:
    try:
        text = lock.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    return text[:200]


def _timeout() -> float:
    value = os.environ.get("TRANSITION_LOCK_TIMEOUT", "")
    if not value:
        return LOCK_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 86_400:  # also refuses nan and inf
        raise UsageError(f"TRANSITION_LOCK_TIMEOUT={value!r} is not a number of seconds",
                         hint="set it to a number such as 10, or unset it")
    return seconds


def _busy(path: Path, lock: Path, waited: float) -> UsageError:
    holder = _holder(lock)
    return UsageError(
        f"{path} is being written by another process"
        + (f" ({holder})" if holder else "") + f"; gave up after {waited:g} s",
        hint=f"try again in a moment; if no transition command is running, delete {lock}",
    )


def _identity() -> str:
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # pragma: no cover - no login name
        user = "?"
    return f"pid {os.getpid()} on {socket.gethostname()}, user {user}"


def _open_lock(lock: Path) -> int:
    try:
        return os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
    except OSError as exc:
        raise UsageError(f"{lock}: cannot create the lock file ({exc.strerror or exc})",
                         hint="check that you may write in that folder") from None


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
        same = os.path.samestat(os.fstat(fd), lock.stat())
    except FileNotFoundError:
        same = False
    if not same:
        os.close(fd)
        return _try_lock(lock)
    return fd


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock file beside ``path`` for the duration of the block.

    Waits up to ``timeout`` seconds (default $TRANSITION_LOCK_TIMEOUT, else 10) and then
    fails with a message naming the holder (pid, host, user) written in the lock file.
    """
    import time

    lock = lock_path(path)
    limit = _timeout() if timeout is None else timeout
    start = time.monotonic()
    while (fd := _try_lock(lock)) is None:
        if time.monotonic() - start >= limit:
            raise _busy(path, lock, limit)
        time.sleep(0.01)
    try:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, _identity().encode("utf-8"))
        yield
    finally:
        # Unlink while still holding the lock, so a waiter re-checks the name (above).
        with contextlib.suppress(OSError):
            lock.unlink()
        os.close(fd)
