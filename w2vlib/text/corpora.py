"""Corpora to train on, all in one shape: a long array of word ids cut into sentences.

``load_corpus(source)`` understands these sources:

=====================  ==============================================================================================
``"toy"``              the planted toy corpus of :func:`w2vlib.planted_corpus` (3000 sentences, seed 0)
``"lee"``              gensim's bundled ``lee_background.cor`` (about 60 thousand words), one document per line,
                       tokenised with gensim's ``simple_preprocess`` as in gensim's word2vec tutorial
``"wiki"``             gensim's bundled Wikipedia sample (``enwiki-latest-pages-articles1.xml-p000000010p000030302-
                       shortened.bz2``, about 450 thousand words), one article per sentence, parsed as gensim's
                       ``WikiCorpus`` does; ``"wiki:PATH"`` parses another MediaWiki ``.xml.bz2`` dump
``"text8"``            Matt Mahoney's ``text8`` (17 million words of Wikipedia), read from ``"text8:PATH"`` or
                       ``path=PATH`` (the ``text8.zip`` archive or the unzipped ``text8`` file), or from the cache
                       folder; ``download=True`` fetches the archive there and checks its SHA-256
a file or folder path  plain text: one sentence per line, split at whitespace, lower-cased (a folder: every
                       non-hidden file in it, in name order; ``.gz`` and ``.bz2`` files are decompressed)
=====================  ==============================================================================================

A file that is not what its source says is refused before anything is trained on it, with a ValueError that
names the file, what it holds and what to do: a ``text8`` path holding binary data or a damaged zip archive, a
``wiki:`` path that is not a bz2-compressed MediaWiki dump, and a plain-text path holding a compressed file, an
archive, a MediaWiki dump, UTF-16 or binary data (:func:`sniff_format` reads the first bytes). Nothing is ever
decoded with replacement characters.

The parsed ``wiki`` and ``text8`` corpora are cached (an ``.npz`` file holding the id array, the sentence
offsets, the counts and the words) in the cache folder: ``cache_dir`` if given, else the environment variable
``W2VLIB_CACHE_DIR``, else ``~/.cache/w2vlib``. A cache entry records the size and modification time of its
source file and is rebuilt when either changes; it is written atomically, so an interrupted parse leaves no
half-written cache behind.
"""
from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import json
import os
import urllib.error
import urllib.request
import zipfile
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

from ..atomic_file import atomic_write
from ..validation import check_positive_int

SOURCE_NAMES = ("toy", "lee", "wiki", "text8")
WIKI_FILE = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
LEE_FILE = "lee_background.cor"
TEXT8_URL = "http://mattmahoney.net/dc/text8.zip"
TEXT8_ZIP_SHA256 = "a6640522afe85d1963ad56c05b0ede0a0c000dddc9671758a6cc09b7a38e5232"
TEXT8_SENTENCE_LENGTH = 10_000  # text8 is one line with no sentence marks: cut it every 10 000 words, as gensim does
CACHE_FORMAT = 1                # bump when the parse or the cache layout changes: old cache files are rebuilt
READ_BLOCK_BYTES = 1 << 22      # text8 is read in 4 MiB blocks, so its 17 million words never sit in memory as strings


@dataclass
class Corpus:
    """A tokenised corpus: T word positions, cut into sentences, with a frequency-sorted word list.

    name:            where it came from (e.g. ``"wiki"`` or a file path).
    word_ids:        shape (T,), int32; position t holds the id of word w_t.
    sentence_bounds: shape (n_sentences + 1,), int64 offsets into ``word_ids``; sentence i is
                     ``word_ids[sentence_bounds[i]:sentence_bounds[i + 1]]``. Windows never cross a bound.
    words:           id -> word, the most frequent word first (ties: the word seen first comes first).
    counts:          shape (n_distinct,), int64; how often each word occurs (non-increasing).
    """

    name: str
    word_ids: np.ndarray
    sentence_bounds: np.ndarray
    words: list
    counts: np.ndarray

    @property
    def n_words(self) -> int:
        """T, the number of word positions."""
        return int(self.word_ids.shape[0])

    @property
    def n_sentences(self) -> int:
        return int(self.sentence_bounds.shape[0] - 1)

    def __repr__(self) -> str:
        return (f"Corpus({self.name!r}: {self.n_words:,} words in {self.n_sentences:,} sentences, "
                f"{len(self.words):,} distinct words)")

    def sentences(self, max_length: int | None = None) -> Iterator[list[str]]:
        """Yield the sentences as lists of word strings (what gensim's ``Word2Vec(sentences=...)`` takes).

        max_length: cut longer sentences into pieces of at most this many words (gensim's C routine ignores
                    the words of a sentence beyond its 10 000th, so pass 10_000 when feeding gensim).
        """
        max_length = check_positive_int(max_length, "max_length", allow_none=True)
        words = np.asarray(self.words, dtype=object)
        bounds = self.sentence_bounds.tolist()
        for start, stop in zip(bounds[:-1], bounds[1:]):
            step = (stop - start) if max_length is None else max_length
            for piece in range(start, stop, max(step, 1)):
                yield words[self.word_ids[piece:min(piece + step, stop)]].tolist()

    def head(self, n_words: int) -> "Corpus":
        """The first ``n_words`` word positions as a corpus of their own (the last sentence may be cut short)."""
        n_words = min(check_positive_int(n_words, "n_words"), self.n_words)
        n_sentences = int(np.searchsorted(self.sentence_bounds, n_words, side="left"))
        bounds = np.append(self.sentence_bounds[:n_sentences], n_words).astype(np.int64)
        bounds = bounds[np.r_[True, np.diff(bounds) > 0]]  # no empty sentence at the cut
        return _renumber(f"{self.name}[:{n_words}]", self.word_ids[:n_words], bounds, list(self.words))

    @classmethod
    def from_sentences(cls, sentences: Iterable[Sequence[str]], name: str = "sentences") -> "Corpus":
        """Build a corpus from sentences given as lists of word strings (empty sentences are dropped).

        A word that is not a non-empty string (a number, None, bytes, a nested list, "") is a ValueError naming
        the first such word and its sentence, so that a bad token stops the work before training, not after.
        """
        if isinstance(sentences, (str, bytes)) or not isinstance(sentences, Iterable):
            raise TypeError(f"sentences must be an iterable of sentences (lists of word strings), got "
                             f"{type(sentences).__name__}; e.g. [['the', 'cat', 'sat'], ['on', 'the', 'mat']].")
        builder = _CorpusBuilder()
        numbers = array("q")  # the input number of each kept (non-empty) sentence, to name the one with a bad word
        for i, sentence in enumerate(sentences):
            if isinstance(sentence, str):
                raise ValueError(f"sentence {i} is the string {sentence[:40]!r}, but each sentence must be a list of "
                                 "words; split it first (sentence.split()).")
            if not isinstance(sentence, Iterable):
                raise ValueError(f"sentence {i} is {sentence!r:.40} ({type(sentence).__name__}), but each sentence must "
                                 "be a list of word strings, e.g. ['the', 'cat', 'sat'].")
            try:
                builder.add_sentence(sentence)
            except TypeError:  # an unhashable word, such as a nested list
                _raise_for_bad_word(i, sentence)
            if len(numbers) < len(builder.lengths):
                numbers.append(i)
        bad = next((word for word in builder.index if not isinstance(word, str) or not word), _NO_WORD)
        if bad is not _NO_WORD:
            first = int(np.argmax(np.frombuffer(builder.ids, dtype=np.int32) == builder.index[bad]))
            kept = int(np.searchsorted(np.cumsum(np.frombuffer(builder.lengths, dtype=np.int64)), first, side="right"))
            _raise_for_bad_word(numbers[kept], None, bad)
        return builder.build(name)


_NO_WORD = object()


def _raise_for_bad_word(sentence_number: int, sentence, word=_NO_WORD):
    """The ValueError for a word that is not a non-empty string: which word, which sentence, what to do."""
    if word is _NO_WORD:
        word = next(w for w in sentence if not isinstance(w, str) or not w)
    what = "an empty string" if word == "" else f"{word!r:.40} (of type {type(word).__name__})"
    raise ValueError(f"sentence {sentence_number} holds {what} as a word, but every word must be a non-empty string; "
                     "convert the tokens to strings first (e.g. str(token)) or leave the bad ones out.")


# ----- building a corpus ------------------------------------------------------------------------------------
class _CorpusBuilder:
    """Collects sentences word by word into provisional ids (in order of first appearance)."""

    def __init__(self):
        self.index: dict[str, int] = {}
        self.ids = array("i")
        self.lengths = array("q")

    def add_sentence(self, words: Sequence[str]) -> None:
        index = self.index
        ids = [index.setdefault(word, len(index)) for word in words]
        if ids:
            self.ids.extend(ids)
            self.lengths.append(len(ids))

    def add_stream(self, words: Sequence[str]) -> None:
        """Append words to one endless text (cut into sentences of equal length by ``build``)."""
        index = self.index
        self.ids.extend([index.setdefault(word, len(index)) for word in words])

    def build(self, name: str, stream_sentence_length: int | None = None) -> Corpus:
        ids = np.frombuffer(self.ids, dtype=np.int32) if len(self.ids) else np.zeros(0, np.int32)
        if stream_sentence_length is not None:
            bounds = np.append(np.arange(0, len(ids), stream_sentence_length), len(ids)).astype(np.int64)
        else:
            bounds = np.concatenate([[0], np.cumsum(np.frombuffer(self.lengths, dtype=np.int64))]).astype(np.int64)
        if len(ids) == 0:
            raise ValueError(f"the corpus {name!r} holds no words: check that the source is not empty.")
        return _renumber(name, ids, bounds, list(self.index))


def _renumber(name: str, ids: np.ndarray, bounds: np.ndarray, words: list) -> Corpus:
    """Renumber word ids so that id 0 is the most frequent word; ties keep their old order (for a new corpus,
    the order of first appearance). Words that do not occur in ``ids`` are dropped."""
    counts = np.bincount(ids, minlength=len(words))
    order = np.argsort(-counts, kind="stable")[: int(np.count_nonzero(counts))]
    new_id = np.full(len(words), -1, dtype=np.int32)
    new_id[order] = np.arange(len(order), dtype=np.int32)
    return Corpus(name, new_id[ids], np.asarray(bounds, dtype=np.int64), [words[i] for i in order],
                  counts[order].astype(np.int64))


# ----- what a file really holds -----------------------------------------------------------------------------
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


# ----- plain text -------------------------------------------------------------------------------------------
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


# ----- the bundled corpora ----------------------------------------------------------------------------------
def _gensim_data(name: str) -> Path:
    try:
        from gensim.test.utils import datapath
    except ImportError:
        raise ValueError("gensim is not installed, and the 'lee' and 'wiki' corpora ship with it: "
                         "pip install gensim.") from None
    path = Path(datapath(name))
    if not path.is_file():
        raise ValueError(f"gensim's bundled data file {name!r} is missing at {path}; reinstall gensim.")
    return path


def load_toy() -> Corpus:
    from .toy_corpus import planted_corpus

    return Corpus.from_sentences(planted_corpus().sentences, name="toy")


def load_lee() -> Corpus:
    from gensim.utils import simple_preprocess

    builder = _CorpusBuilder()
    with open(_gensim_data(LEE_FILE), encoding="utf-8", errors="replace") as stream:
        for line in stream:
            builder.add_sentence(simple_preprocess(line))
    return builder.build("lee")


def parse_wiki_dump(path) -> Corpus:
    """Parse a MediaWiki ``.xml.bz2`` dump as gensim's ``WikiCorpus.get_texts`` does, in this process.

    Articles of the main namespace lose their markup (gensim's ``filter_wiki``) and are tokenised by gensim's
    ``wikicorpus.tokenize`` (lower-cased words of 2 to 15 letters); articles with fewer than 50 tokens and
    redirects into other namespaces are dropped. One article is one sentence.
    """
    from gensim.corpora import wikicorpus as wc

    _check_wiki_dump(Path(path))
    builder = _CorpusBuilder()
    try:
        with bz2.open(path, "rb") as stream:
            for title, text, _page_id in wc.extract_pages(stream, filter_namespaces=("0",)):
                tokens = wc.tokenize(wc.filter_wiki(text))
                if len(tokens) < wc.ARTICLE_MIN_WORDS or any(
                        title.startswith(prefix + ":") for prefix in wc.IGNORED_NAMESPACES):
                    continue
                builder.add_sentence(tokens)
    except (OSError, EOFError, ValueError) as exc:
        raise ValueError(f"could not parse {str(path)!r} as a bz2-compressed MediaWiki XML dump: {exc}") from None
    except Exception as exc:  # xml.etree's ParseError and friends
        raise ValueError(f"could not parse {str(path)!r} as a MediaWiki XML dump: "
                         f"{type(exc).__name__}: {exc}") from None
    return builder.build("wiki" if Path(path).name == WIKI_FILE else f"wiki:{path}")


def _check_wiki_dump(path: Path) -> None:
    """Raise a ValueError naming ``path``, what it holds and what to do, unless it is a bz2-compressed MediaWiki dump."""
    shown = repr(str(path))
    try:
        kind = sniff_format(_head(path))
        if kind == "bz2":
            kind = sniff_format(_head(path, "bz2"))
            if kind == "mediawiki":
                return
            raise ValueError(f"{shown} is a bz2-compressed file but not a MediaWiki XML dump (it does not start with "
                             "<mediawiki>); to read compressed plain text, pass its path without 'wiki:'.")
    except (OSError, EOFError) as exc:
        raise ValueError(f"could not read {shown} as a bz2-compressed MediaWiki XML dump: {exc}; check that the "
                         "file is complete.") from None
    if kind == "mediawiki":
        raise ValueError(f"{shown} is an uncompressed MediaWiki XML dump; compress it with bzip2 (bzip2 -k FILE) and "
                         "pass the .bz2 file as 'wiki:PATH'.")
    if kind is None:
        raise ValueError(f"{shown} is plain text, not a bz2-compressed MediaWiki XML dump; to train on it as plain "
                         "text, pass its path without 'wiki:'.")
    raise ValueError(f"{shown} is {FORMAT_NAMES[kind]}, not a bz2-compressed MediaWiki XML dump; pass a "
                     "pages-articles .xml.bz2 file as 'wiki:PATH'.")


# ----- text8 ------------------------------------------------------------------------------------------------
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


# ----- the cache --------------------------------------------------------------------------------------------
def default_cache_dir() -> Path:
    """``$W2VLIB_CACHE_DIR`` if set, else ``~/.cache/w2vlib`` (``$XDG_CACHE_HOME/w2vlib`` where that is set)."""
    if os.environ.get("W2VLIB_CACHE_DIR"):
        return Path(os.environ["W2VLIB_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "w2vlib"


def _source_stamp(kind: str, path: Path) -> dict:
    stat = path.stat()
    return {"kind": kind, "path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "format": CACHE_FORMAT}


def cache_file_for(kind: str, path: Path, cache_dir: Path) -> Path:
    """Where the parse of ``path`` is cached: one file per source path."""
    key = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:16]
    return Path(cache_dir) / f"{kind}-{Path(path).name}-{key}.npz"


def _read_cache(file: Path, stamp: dict) -> Corpus | None:
    try:
        with np.load(file, allow_pickle=False) as data:
            if json.loads(str(data["stamp"])) != stamp:
                return None
            return Corpus(str(data["name"]), data["word_ids"].astype(np.int32),
                          data["sentence_bounds"].astype(np.int64), data["words"].tolist(),
                          data["counts"].astype(np.int64))
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
        return None  # missing, stale or damaged: parse again


def _write_cache(file: Path, stamp: dict, corpus: Corpus) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(file, "wb") as stream:
        np.savez(stream, stamp=np.array(json.dumps(stamp)), name=np.array(corpus.name), word_ids=corpus.word_ids,
                 sentence_bounds=corpus.sentence_bounds, words=np.array(corpus.words, dtype=str), counts=corpus.counts)


def cached_parse(kind: str, path: Path, parse: Callable[[Path], Corpus], cache_dir: Path) -> Corpus:
    """``parse(path)``, or its cached result when the cache entry matches the file's size and modification time."""
    stamp = _source_stamp(kind, path)
    file = cache_file_for(kind, path, cache_dir)
    corpus = _read_cache(file, stamp)
    if corpus is None:
        corpus = parse(path)
        try:
            _write_cache(file, stamp, corpus)
        except OSError:
            pass  # a read-only cache folder only costs the next parse, not this one
    return corpus


# ----- the one entry point ----------------------------------------------------------------------------------
def load_corpus(source, *, path=None, cache_dir=None, download: bool = False) -> Corpus:
    """Load a corpus by name or path; see the module docstring for the sources.

    source:    ``"toy"``, ``"lee"``, ``"wiki"``, ``"wiki:PATH"``, ``"text8"``, ``"text8:PATH"``, or the path of a
               plain-text file or folder.
    path:      for ``"wiki"`` and ``"text8"``: the file to read instead of the default one.
    cache_dir: folder for parsed corpora and the downloaded text8 (default: see :func:`default_cache_dir`).
    download:  for ``"text8"``: fetch text8.zip into the cache folder when it is not found (needs the network).
    """
    if isinstance(source, os.PathLike):
        source = os.fspath(source)
    if not isinstance(source, str) or not source:
        raise ValueError(f"source must be one of {', '.join(map(repr, SOURCE_NAMES))} or the path of a text file or "
                         f"folder, got {source!r}.")
    name, _, inline_path = source.partition(":")
    if name in ("wiki", "text8") and inline_path:
        if path is not None:
            raise ValueError(f"give the {name} file either in source ({source!r}) or as path=, not both.")
        path = inline_path
    elif name not in SOURCE_NAMES or inline_path:
        name = None
    if path is not None and name not in ("wiki", "text8"):
        raise ValueError(f"path= only applies to the 'wiki' and 'text8' sources, not to {source!r}.")
    folder = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()

    if name == "toy":
        return load_toy()
    if name == "lee":
        return load_lee()
    if name == "wiki":
        file = Path(path).expanduser() if path is not None else _gensim_data(WIKI_FILE)
        if not file.is_file():
            raise ValueError(f"the wiki dump {str(file)!r} does not exist; pass the path of a MediaWiki .xml.bz2 file.")
        return cached_parse("wiki", file, parse_wiki_dump, folder)
    if name == "text8":
        return cached_parse("text8", _find_text8(path, folder, download), parse_text8, folder)
    candidate = Path(source).expanduser()
    if candidate.exists():
        return load_plain_text(candidate)
    raise ValueError(f"unknown corpus source {source!r}: use one of {', '.join(map(repr, SOURCE_NAMES))}, "
                     "'wiki:PATH', 'text8:PATH', or the path of an existing plain-text file or folder.")
