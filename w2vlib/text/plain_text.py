"""Plain text as a corpus: one sentence per line, split at white space, lower-cased; a file, a folder of files, a
pipe or a FIFO, each read once and checked from its first bytes before anything is decoded."""
from __future__ import annotations

import bz2
import gzip
import io
from pathlib import Path

from .corpus import Corpus, _CorpusBuilder
from .file_formats import FORMAT_NAMES, SNIFF_BYTES, SUFFIX_FORMAT, sniff_format


class _Replay(io.RawIOBase):
    """``head`` first, then the rest of ``stream``: a file is opened and read once, so that a pipe, a FIFO or a
    process substitution (``<(...)``), whose bytes can be read only once, loses nothing to the format check."""

    def __init__(self, head: bytes, stream):
        super().__init__()
        self._head, self._stream = memoryview(head), stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if len(self._head):
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def _read_head(stream) -> tuple[bytes, _Replay]:
    """The first :data:`SNIFF_BYTES` of ``stream`` (fewer if it ends), and a stream that replays them."""
    head = b""
    while len(head) < SNIFF_BYTES:          # a pipe may hand over its bytes in several pieces
        piece = stream.read(SNIFF_BYTES - len(head))
        if not piece:
            break
        head += piece
    return head, _Replay(head, stream)


def _plain_text_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        if not files:
            raise ValueError(f"the folder {str(path)!r} holds no (non-hidden) files to read as plain text.")
        return files
    return [path]


def _checked_text_stream(file: Path) -> io.TextIOBase:
    """``file`` opened once and decoded as UTF-8 (a byte-order mark dropped, ``.gz``/``.bz2`` decompressed), after
    its first bytes were checked: a ValueError that names ``file``, what it holds and what to do, unless it reads
    as plain text. Its name decides how it is read, so its first bytes must agree; a compressed file, an archive,
    a MediaWiki dump or binary data under another name is refused."""
    shown = repr(str(file))
    expected = SUFFIX_FORMAT.get(file.suffix)
    stream = None
    try:
        raw_head, stream = _read_head(open(file, "rb"))
        raw_kind = sniff_format(raw_head)
        if expected is not None and raw_kind != expected:
            actual = FORMAT_NAMES.get(raw_kind, "plain text" if raw_kind is None else raw_kind)
            raise ValueError(f"{shown} is named like {FORMAT_NAMES[expected]} ({file.suffix}) but holds {actual}; "
                             f"rename it to match what it holds, or re-create it.")
        kind = raw_kind
        if expected is not None:
            opener = {"gzip": lambda raw: gzip.GzipFile(fileobj=raw), "bz2": bz2.BZ2File}[expected]
            head, stream = _read_head(opener(io.BufferedReader(stream)))
            kind = sniff_format(head)
        _refuse_unless_text(file, shown, kind, expected, raw_kind)
    except (OSError, EOFError) as exc:
        if stream is not None:
            stream.close()
        raise ValueError(f"could not read {shown}: {exc}; check that the file is complete.") from None
    except ValueError:
        if stream is not None:
            stream.close()
        raise
    return io.TextIOWrapper(io.BufferedReader(stream), encoding="utf-8-sig")


def _refuse_unless_text(file: Path, shown: str, kind, expected, raw_kind) -> None:
    if kind is None:
        return
    if kind == "mediawiki":
        how = (f"pass it as 'wiki:{file}' (on the command line: --corpus wiki:{file})" if "bz2" in (expected, raw_kind)
               else f"compress it with bzip2 (bzip2 -k {file}) and pass 'wiki:{file}.bz2'")
        raise ValueError(f"{shown} is a MediaWiki XML dump, not plain text: read as text it would train on XML "
                         f"markup. To parse its articles, {how}.")
    if kind == "gzip" or (kind == "bz2" and expected is None):
        raise ValueError(f"{shown} is {FORMAT_NAMES[kind]}, not plain text; rename it to end in "
                         f"{'.gz' if kind == 'gzip' else '.bz2'} (it is then decompressed as it is read), "
                         "or decompress it first.")
    if kind == "zip":
        raise ValueError(f"{shown} is a zip archive, not plain text; unzip it and pass the text file or folder "
                         "(for text8.zip use 'text8:PATH', on the command line --corpus text8:PATH).")
    if kind == "utf-16":
        raise ValueError(f"{shown} is UTF-16 text; convert it to UTF-8 first (e.g. iconv -f utf-16 -t utf-8, or save it "
                         "as UTF-8 in your editor).")
    raise ValueError(f"{shown} is {FORMAT_NAMES[kind]}, not plain text; pass a UTF-8 text file with one sentence per line.")


def check_plain_text_file(file: Path) -> None:
    """Raise a ValueError that names ``file``, what it holds and what to do, unless it reads as plain text (see
    :func:`load_plain_text`; this reads the file's first bytes, so do not call it on a pipe you want to load)."""
    _checked_text_stream(Path(file)).close()


def load_plain_text(path) -> Corpus:
    """A plain-text file (or every file of a folder): one sentence per line, whitespace tokens, lower-cased.

    Each file is read once, its first bytes checked before anything is decoded: a compressed file, an archive, a
    MediaWiki dump or binary data is a ValueError that says what the file is and what to do, never decoded and
    trained on. A pipe, a FIFO or ``<(command)`` is read like a file (once, to its end); a UTF-8 byte-order mark is
    dropped.
    """
    path = Path(path)
    builder = _CorpusBuilder()
    for file in _plain_text_files(path):
        try:
            with _checked_text_stream(file) as stream:
                for line_no, line in enumerate(stream, start=1):
                    if "\x00" in line:
                        raise ValueError(f"{str(file)!r} holds binary data (a NUL byte on line {line_no}), not plain "
                                         "text; pass a UTF-8 text file with one sentence per line.")
                    builder.add_sentence(line.lower().split())
        except UnicodeDecodeError as exc:
            raise ValueError(f"{str(file)!r} is not UTF-8 text ({exc.reason} at byte {exc.start}); if it is text in "
                             "another encoding, convert it to UTF-8 first (e.g. iconv -f latin1 -t utf-8); "
                             "if it is not text, pass a text file instead.") from None
        except (OSError, EOFError) as exc:
            raise ValueError(f"could not read {str(file)!r}: {exc}; check that the file is complete.") from None
    return builder.build(str(path))
