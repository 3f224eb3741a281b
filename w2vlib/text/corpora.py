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

import hashlib
import json
import os
import zipfile
from pathlib import Path
from typing import Callable

import numpy as np

from ..atomic_file import atomic_write
from .corpus import Corpus, _CorpusBuilder
from .file_formats import sniff_format
from .plain_text import check_plain_text_file, load_plain_text
from .text8 import _find_text8, download_text8, parse_text8
from .wiki_dump import WIKI_FILE, parse_wiki_dump

__all__ = ["Corpus", "load_corpus", "load_plain_text", "check_plain_text_file", "sniff_format", "parse_text8",
           "download_text8", "parse_wiki_dump", "default_cache_dir", "SOURCE_NAMES"]

SOURCE_NAMES = ("toy", "lee", "wiki", "text8")
LEE_FILE = "lee_background.cor"
CACHE_FORMAT = 1                # bump when the parse or the cache layout changes: old cache files are rebuilt


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
