"""What a file really holds, from its first bytes: compressed, an archive, a MediaWiki dump, UTF-16, binary, or
(probably) text. The corpus loaders refuse a file that is not what its source says, naming what it is; they open a
FIFO without waiting forever for a writer, and refuse a pipe where a file on disk is needed (a cached parse)."""
from __future__ import annotations

import bz2
import gzip
import os
import stat
import threading
from pathlib import Path


SNIFF_BYTES = 1 << 16  # how much of a file is read to tell what it holds
MAGIC_NUMBERS = (      # (how a file starts, what it is); checked in this order
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bz2"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"\x93NUMPY", "npy"),
    (b"%PDF", "pdf"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
FORMAT_NAMES = {"gzip": "a gzip-compressed file", "bz2": "a bz2-compressed file", "zip": "a zip archive",
                "xz": "an xz-compressed file", "7z": "a 7-Zip archive", "zstd": "a zstd-compressed file",
                "npy": "a NumPy .npy array", "pdf": "a PDF document", "binary": "binary data (it holds NUL bytes)",
                "mediawiki": "a MediaWiki XML dump", "utf-16": "UTF-16 text"}
SUFFIX_FORMAT = {".gz": "gzip", ".bz2": "bz2"}  # plain-text files decompressed on the fly, by their name
FIFO_WAIT_SECONDS = 30.0  # how long opening a FIFO waits for a program to open it for writing


def sniff_format(head: bytes) -> str | None:
    """What the first bytes of a file say it is: a key of :data:`FORMAT_NAMES`, or None for (probably) text."""
    for magic, kind in MAGIC_NUMBERS:
        if head.startswith(magic):
            return kind
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    if start.startswith(b"<mediawiki") or (start.startswith(b"<?xml") and b"<mediawiki" in start):
        return "mediawiki"
    if b"\x00" in head:
        return "binary"
    return None


def _head(path: Path, decompress: str | None = None) -> bytes:
    """The first :data:`SNIFF_BYTES` of ``path`` (decompressed with gzip or bz2 if ``decompress`` says so)."""
    opener = {"gzip": gzip.open, "bz2": bz2.open}.get(decompress, open)
    with opener(path, "rb") as stream:
        return stream.read(SNIFF_BYTES)


def open_for_reading(path: Path):
    """``open(path, "rb")``, except that a FIFO (a named pipe) no program opens for writing within
    :data:`FIFO_WAIT_SECONDS` is a ValueError that names it and says what to do, instead of a wait without end.

    Opening a FIFO waits for a writer; an anonymous pipe (``/dev/fd/N``, ``<(command)``) opens at once."""
    try:
        is_fifo = stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        is_fifo = False
    if not is_fifo:
        return open(path, "rb")
    opened: dict = {}

    def wait_for_a_writer() -> None:
        try:
            opened["stream"] = open(path, "rb")
        except BaseException as exc:  # noqa: BLE001 — handed to the caller's thread below
            opened["error"] = exc

    opener = threading.Thread(target=wait_for_a_writer, name="w2vlib-fifo-open", daemon=True)
    opener.start()
    try:
        opener.join(FIFO_WAIT_SECONDS)
    except BaseException:      # Ctrl-C: end the waiting open, so that no thread is left behind
        _release_waiting_reader(path, opener, opened)
        raise
    if opener.is_alive():      # no writer came: the same, and say so
        _release_waiting_reader(path, opener, opened)
        raise ValueError(f"{str(path)!r} is a FIFO (a named pipe) that no program opened for writing within "
                         f"{FIFO_WAIT_SECONDS:g} s, so there is nothing to read. Start the program that writes "
                         f"into it first (e.g. `your_command > {path} &`), or save its output to a file and pass "
                         "that file.")
    if "error" in opened:
        raise opened["error"]
    return opened["stream"]


def _release_waiting_reader(path: Path, opener: threading.Thread, opened: dict) -> None:
    """Open the FIFO ``path`` for writing and close it at once: the reader waiting in ``opener`` then gets its
    file (which is closed here) and the thread ends."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass
    opener.join(5.0)
    if "stream" in opened:
        opened["stream"].close()


def check_regular_file(path: Path, what: str, how: str, saved_as: str) -> None:
    """A ValueError naming ``path`` unless it is a regular file on disk: it does not exist, is a folder, or is a
    pipe, a FIFO or a device. ``what`` names the file in the message (``"the wiki dump"``); ``how`` says what to
    pass instead (``"pass the path of a MediaWiki .xml.bz2 file"``); ``saved_as`` is a file name to suggest.

    Parsed corpora are cached under their file's size and modification time and read more than once (the format
    check, then the parse), which a pipe cannot give."""
    shown = repr(str(path))
    if not path.exists():
        raise ValueError(f"{what} was not found at {shown}: {how}.")
    if path.is_dir():
        raise ValueError(f"{what} {shown} is a folder, not a file; {how}.")
    if not path.is_file():
        raise ValueError(f"{what} {shown} is a pipe, a FIFO or a device, not a file on disk: it is read more than once "
                         "and its parse is cached under the file's size and time, which a pipe does not have. Save "
                         f"what it delivers to a file first (e.g. `your_command > {saved_as}`) and pass that file.")
