"""Matt Mahoney's text8 (17 million words of Wikipedia, one line): read from the archive or the unzipped file in
blocks, cut into sentences of 10 000 words as gensim does, and downloaded on request with its SHA-256 checked."""
from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
import zipfile
import zlib
from pathlib import Path
from typing import Iterator

from .corpus import Corpus, _CorpusBuilder
from .file_formats import FORMAT_NAMES, _head, sniff_format

TEXT8_URL = "http://mattmahoney.net/dc/text8.zip"
TEXT8_ZIP_SHA256 = "a6640522afe85d1963ad56c05b0ede0a0c000dddc9671758a6cc09b7a38e5232"
TEXT8_SENTENCE_LENGTH = 10_000  # text8 is one line with no sentence marks: cut it every 10 000 words, as gensim does
READ_BLOCK_BYTES = 1 << 22      # text8 is read in 4 MiB blocks, so its 17 million words never sit in memory as strings
TEXT8_HOW_TO_GET = (f"download text8.zip again ({TEXT8_URL}, or load_corpus('text8', download=True), on the command "
                    "line --download) and pass its path")
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r") + b"\x7f"


def _text8_blocks(path: Path) -> Iterator[bytes]:
    """The raw bytes of text8, in blocks, from the zip archive (its first member) or the unzipped file.

    A damaged archive, or a file that is some other compressed format, is a ValueError naming the file.
    """
    shown = repr(str(path))
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                members = archive.namelist()
                if not members:
                    raise ValueError(f"the zip archive {shown} is empty; expected it to hold the file 'text8'.")
                member = "text8" if "text8" in members else members[0]
                with archive.open(member) as stream:
                    yield from iter(lambda: stream.read(READ_BLOCK_BYTES), b"")
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            raise ValueError(f"the zip archive {shown} is damaged ({exc}); {TEXT8_HOW_TO_GET}.") from None
        return
    kind = sniff_format(_head(path))
    if kind == "zip":
        raise ValueError(f"{shown} starts like a zip archive but is damaged (truncated or corrupt); {TEXT8_HOW_TO_GET}.")
    if kind in ("gzip", "bz2", "xz", "7z", "zstd"):
        raise ValueError(f"{shown} is {FORMAT_NAMES[kind]}, not text8 (which is read as text8.zip or as the unzipped "
                         f"file 'text8'); decompress it first, or {TEXT8_HOW_TO_GET}.")
    if kind == "mediawiki":
        raise ValueError(f"{shown} is a MediaWiki XML dump, not text8; load it with 'wiki:PATH' (a .xml.bz2 dump).")
    with open(path, "rb") as stream:
        yield from iter(lambda: stream.read(READ_BLOCK_BYTES), b"")


def _text8_words(text: bytes, path: Path, offset: int) -> list[str]:
    """The words of a piece of text8 that starts at byte ``offset``; binary data is a ValueError naming ``path``."""
    bad = text.translate(None, delete=b"abcdefghijklmnopqrstuvwxyz ")  # text8 proper: nothing left, quickly
    if bad and any(byte in CONTROL_BYTES for byte in set(bad)):
        at = offset + min(text.find(bytes([byte])) for byte in set(bad) if byte in CONTROL_BYTES)
        raise ValueError(f"{str(path)!r} is not text8: it holds binary data (a control byte at byte {at:,}), "
                         f"not space-separated words; {TEXT8_HOW_TO_GET}.")
    try:
        return text.decode("utf-8").lower().split()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{str(path)!r} is not text8: it holds bytes that are not UTF-8 text (at byte "
                         f"{offset + exc.start:,}), not space-separated words; {TEXT8_HOW_TO_GET}.") from None


def parse_text8(path) -> Corpus:
    """Read text8 (space-separated lower-case words, no line breaks) into sentences of 10 000 words.

    A damaged zip archive, another compressed format, or binary data is a ValueError that names the file and
    says how to get a good copy; nothing is decoded with replacement characters.
    """
    path = Path(path)
    builder = _CorpusBuilder()
    rest, offset = b"", 0  # offset: where ``rest`` starts in the text
    for block in _text8_blocks(path):
        block = rest + block
        cut = max(block.rfind(b" "), block.rfind(b"\n"))
        if cut < 0:          # no separator yet: keep collecting
            rest = block
            continue
        rest = block[cut + 1:]
        builder.add_stream(_text8_words(block[:cut], path, offset))
        offset += cut + 1
    builder.add_stream(_text8_words(rest, path, offset))
    return builder.build("text8", stream_sentence_length=TEXT8_SENTENCE_LENGTH)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download_text8(folder: Path, url: str | None = None, sha256: str | None = None) -> Path:
    """Download ``text8.zip`` into ``folder``, check its SHA-256, and return its path.

    The archive is written to a temporary name and renamed only after the checksum matched.
    Raises ValueError (with what to do instead) when the download fails, e.g. offline, or the checksum differs.
    """
    url = url or TEXT8_URL
    sha256 = sha256 or TEXT8_ZIP_SHA256
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "text8.zip"
    partial = folder / ".text8.zip.part"
    try:
        with urllib.request.urlopen(url, timeout=30) as response, open(partial, "wb") as out:
            for block in iter(lambda: response.read(1 << 20), b""):
                out.write(block)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        partial.unlink(missing_ok=True)
        raise ValueError(
            f"could not download text8 from {url} ({exc}); are you offline? Download text8.zip by hand and pass "
            f"its path: load_corpus('text8', path='.../text8.zip'), or put it in {folder}."
        ) from None
    actual = _sha256(partial)
    if actual != sha256:
        partial.unlink(missing_ok=True)
        raise ValueError(f"the file downloaded from {url} has SHA-256 {actual}, expected {sha256}: the download is "
                         "corrupt or not the canonical text8.zip; nothing was kept. Try again, or pass path=.")
    os.replace(partial, target)
    return target


def _find_text8(path, folder: Path, download: bool) -> Path:
    if path is not None:
        path = Path(path).expanduser()
        if not path.is_file():
            raise ValueError(f"text8 was not found at {str(path)!r}: pass the path of text8.zip or of the unzipped "
                             "text8 file.")
        return path
    for name in ("text8.zip", "text8"):
        if (folder / name).is_file():
            return folder / name
    if download:
        return download_text8(folder)
    raise ValueError(f"text8 was not found in the cache folder {folder}. Pass its path (load_corpus('text8:PATH') or "
                     f"path=PATH, the text8.zip archive or the unzipped file), or download it with download=True "
                     f"(31 MB from {TEXT8_URL}).")
