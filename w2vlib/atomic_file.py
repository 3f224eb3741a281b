"""Writing a file atomically: all of it or none of it.

The data goes to a hidden temporary file ``.tmp-NAME-XXXXXXXX`` in the target's own folder, which is renamed
over the target only once it is complete (``os.replace`` is atomic on one file system). An exception or
Ctrl-C half way through deletes the temporary file and leaves an existing target untouched.

A process killed outright (SIGKILL, a power cut) cannot delete its temporary file. So that such files do not
pile up, every save first removes the stale temporary files of the same target: a writer holds an exclusive
``flock`` on its temporary file while it writes, and the lock dies with the process, so a temporary file that
nobody holds a lock on belongs to a dead writer (where ``flock`` does not exist, e.g. on Windows, a file
untouched for :data:`STALE_AFTER_SECONDS_WITHOUT_LOCKS` counts as stale).

A save that cannot happen (the path is a folder, the folder does not exist or may not be written, the disk
is full) raises :class:`WriteError`, a ValueError and an OSError at once, whose message names the path the
caller asked for, never the temporary file.
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

TEMP_PREFIX = ".tmp-"
STALE_AFTER_SECONDS = 2.0                    # an unlocked temporary file younger than this may be a writer's that
                                             # has not taken its lock yet: leave it for the next save
STALE_AFTER_SECONDS_WITHOUT_LOCKS = 3600.0   # without flock: only an old temporary file is known to be abandoned


class WriteError(OSError, ValueError):
    """A file could not be written; the message names the target path and says what to do."""


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temp_pattern(path: Path) -> re.Pattern:
    """The names ``tempfile.mkstemp(prefix=".tmp-NAME-")`` gives: the prefix and 8 random characters."""
    return re.compile(re.escape(f"{TEMP_PREFIX}{path.name}-") + r"[a-z0-9_]{8}")


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _create_temp_beside(path: Path, subject: str) -> tuple[int, str]:
    """``tempfile.mkstemp`` beside ``path`` (our temporary-file name); a :class:`WriteError` about ``subject``
    (how the message names the target) if ``path`` is a folder, its folder is missing or files cannot be made there."""
    if path.is_dir():
        raise WriteError(f"{subject} is a folder; give a file name inside it, e.g. {str(path / 'vectors.txt')!r}.")
    folder = path.parent
    if not folder.is_dir():
        raise WriteError(f"{subject} cannot be written: the folder {str(folder)!r} does not exist; create it first.")
    try:
        return tempfile.mkstemp(dir=folder, prefix=f"{TEMP_PREFIX}{path.name}-")
    except OSError as exc:
        raise WriteError(f"{subject} cannot be written: files cannot be created in the folder {str(folder)!r} "
                         f"({_why(exc)}); choose a folder you may write to, or change its permissions.") from None


def check_writable(path, name: str = "path") -> Path:
    """Check, before any long computation, that a file can be saved at ``path``; return it as a Path.

    The path must not be a folder, its folder must exist, and a file must really be creatable there (a
    probe file is created and removed at once). Raises :class:`WriteError` naming ``name`` and ``path``.
    """
    path = Path(path)
    handle, probe = _create_temp_beside(path, f"{name} {str(path)!r}")
    os.close(handle)
    Path(probe).unlink(missing_ok=True)
    return path


def remove_stale_temp_files(path) -> list[Path]:
    """Delete the temporary files that killed writers left beside ``path``; return the ones deleted.

    Only files named like this module's temporary files *for this target* are considered, and only those
    that no live writer holds (see the module docstring).
    """
    path = Path(path)
    pattern = _temp_pattern(path)
    removed = []
    try:
        candidates = [entry for entry in os.scandir(path.parent) if pattern.fullmatch(entry.name)]
    except OSError:
        return removed
    now = time.time()
    for entry in candidates:
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
            if not entry.is_file(follow_symlinks=False):
                continue
            if fcntl is None:
                if age > STALE_AFTER_SECONDS_WITHOUT_LOCKS:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
                continue
            if age < STALE_AFTER_SECONDS:
                continue
            handle = os.open(entry.path, os.O_RDONLY)
            try:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # a live writer holds it
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            finally:
                os.close(handle)
        except OSError:
            continue  # gone meanwhile, or not ours to delete: never let the clean-up stop a save
    return removed


@contextmanager
def atomic_write(path, mode: str = "wb", encoding: str | None = None) -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing; on success it replaces ``path``.

    path:     the file to (over)write; its folder must exist.
    mode:     ``"wb"`` (bytes) or ``"w"`` (text, written with ``encoding`` and ``"\\n"`` line endings).
    encoding: for text mode; UTF-8 when not given.

    Raises :class:`WriteError` (naming ``path``) when the file cannot be written.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' (text) or 'wb' (bytes), got {mode!r}.")
    path = Path(path)
    remove_stale_temp_files(path)                          # (nothing to remove where the folder is missing)
    handle, tmp = _create_temp_beside(path, f"{str(path)!r}")
    try:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # "a live writer": see remove_stale_temp_files
            except OSError:
                pass  # a file system without locks: cleaners cannot lock the file either, so they leave it alone
        if mode == "w":
            stream = os.fdopen(handle, "w", encoding=encoding or "utf-8", newline="\n")
        else:
            stream = os.fdopen(handle, "wb")
        try:
            yield stream
            stream.flush()
        except OSError as exc:
            _close_quietly(stream)     # closing flushes again, fails again, and would hide the clear error
            raise _clear_write_error(exc, path) from None
        except BaseException:
            _close_quietly(stream)
            raise
        try:
            stream.close()
        except OSError as exc:
            raise _clear_write_error(exc, path) from None
        os.chmod(tmp, 0o666 & ~_current_umask())  # mkstemp makes the file private (0600); give it normal permissions
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise WriteError(f"could not replace {str(path)!r} with the new file ({_why(exc)}); "
                             "it was left as it was. Check that you may write to it.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _close_quietly(stream) -> None:
    try:
        stream.close()
    except OSError:
        pass


def _clear_write_error(exc: OSError, path: Path) -> OSError:
    """A :class:`WriteError` naming ``path`` for a failed write (a full disk, a read-only or vanished medium), or
    ``exc`` itself when it is already clear (a WriteError, an error about another file) or of another kind."""
    if isinstance(exc, WriteError) or exc.errno not in _WRITE_ERRNOS or exc.filename is not None:
        return exc
    return WriteError(f"could not write {str(path)!r} ({_why(exc)}); the file was left as it was. "
                      "Free some disk space or choose another folder.")


_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.EFBIG}
