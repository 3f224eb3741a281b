"""What a file really holds, from its first bytes: compressed, an archive, a MediaWiki dump, UTF-16, binary, or
(probably) text. The corpus loaders refuse a file that is not what its source says, naming what it is."""
from __future__ import annotations

import bz2
import gzip
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
