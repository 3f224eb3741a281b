"""Writing a file atomically: all of it or none of it.

The data goes to a temporary file in the target's own folder, which is renamed over the target only once
it is complete (``os.replace`` is atomic on one file system). An exception or Ctrl-C half way through
deletes the temporary file and leaves an existing target untouched.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_write(path, mode: str = "wb", encoding: str | None = None) -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing; on success it replaces ``path``.

    path:     the file to (over)write; its folder must exist.
    mode:     ``"wb"`` (bytes) or ``"w"`` (text, written with ``encoding`` and ``"\\n"`` line endings).
    encoding: for text mode; UTF-8 when not given.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' (text) or 'wb' (bytes), got {mode!r}.")
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise ValueError(f"cannot write {str(path)!r}: the folder {str(folder)!r} does not exist; create it first.")
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=f".tmp-{path.name}-")
    try:
        if mode == "w":
            stream = os.fdopen(handle, "w", encoding=encoding or "utf-8", newline="\n")
        else:
            stream = os.fdopen(handle, "wb")
        with stream:
            yield stream
        os.chmod(tmp, 0o666 & ~_current_umask())  # mkstemp makes the file private (0600); give it normal permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
