"""Trained word vectors kept on disk, so that a notebook can show a 10-epoch model without training it every time.

``cached_vectors(name, settings, build)`` returns ``build()``'s :class:`w2vlib.vectors.embeddings.Embeddings`, from the
cache folder when an entry for exactly these inputs exists, else by calling ``build`` and storing the result.
The entry's key is a hash of ``name``, ``settings``, the source of the training code (``fast_trainer``,
``embeddings`` and every w2vlib module they import) and the NumPy,
SciPy and gensim versions: change any of them and the vectors are trained again. The trainers are deterministic
for a seed, so a rebuilt entry holds the same vectors as the one it replaces (on the same machine).

The cache folder is the corpora's (:func:`w2vlib.text.corpora.default_cache_dir`: ``$W2VLIB_CACHE_DIR``, which the
Makefile sets to ``.venv/cache/w2vlib``, or else ``~/.cache/w2vlib``; :func:`cache_folder_text` says which);
entries are written atomically. :func:`protocol_vectors` gives the 10-pass vectors of notebooks 06 and 08.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Callable

import numpy as np

from ..atomic_file import atomic_write
from ..text.corpora import default_cache_dir
from .embeddings import Embeddings

CACHE_FORMAT = 1


TRAINING_MODULES = ("w2vlib.training.fast_trainer", "w2vlib.vectors.embeddings")  # and all they import
RELATIVE_IMPORT = re.compile(r"^\s*from (\.+)([\w.]*) import", re.M)


def _module_path(package_root: Path, dotted: str) -> Path | None:
    """The file of module ``dotted`` (``w2vlib.x.y``) under ``package_root`` (the w2vlib folder), or None."""
    parts = dotted.split(".")[1:]
    for candidate in (package_root.joinpath(*parts).with_suffix(".py"), package_root.joinpath(*parts, "__init__.py")):
        if candidate.is_file():
            return candidate
    return None


def training_sources(start=TRAINING_MODULES) -> list[Path]:
    """The source files of ``start`` and of every w2vlib module they import (``from .name import``,
    ``from ..package.name import``), sorted."""
    package_root = Path(__file__).resolve().parents[1]
    seen: dict[str, Path] = {}
    pending = list(start)
    while pending:
        name = pending.pop()
        path = _module_path(package_root, name)
        if name in seen or path is None:
            continue
        seen[name] = path
        package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
        for dots, module in RELATIVE_IMPORT.findall(path.read_text(encoding="utf-8")):
            base = package[:len(package) - (len(dots) - 1)]
            pending.append(".".join(base + ([module] if module else [])))
    return sorted(seen.values())


def library_fingerprint() -> str:
    """A hash of the training code (:func:`training_sources`) and of the numerical libraries' versions."""
    import scipy

    digest = hashlib.sha256()
    for path in training_sources():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    try:
        from importlib.metadata import version

        gensim_version = version("gensim")
    except Exception:
        gensim_version = "none"
    digest.update(f"numpy {np.__version__} scipy {scipy.__version__} gensim {gensim_version}".encode())
    return digest.hexdigest()


def cache_path(name: str, settings: dict, cache_dir=None) -> Path:
    """Where the vectors trained as ``name`` with ``settings`` are (or would be) stored."""
    if not isinstance(name, str) or not name.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"name must be a short word such as 'fast' or 'gensim' (letters, digits, - and _), got {name!r}.")
    try:
        settings_text = json.dumps(settings, sort_keys=True)
    except TypeError as error:
        raise ValueError(f"settings must hold only numbers, strings, lists and dicts (JSON), got: {error}") from None
    key = hashlib.sha256(f"{CACHE_FORMAT}|{name}|{settings_text}|{library_fingerprint()}".encode()).hexdigest()[:20]
    return Path(cache_dir or default_cache_dir()) / f"vectors-{name}-{key}.npz"


def cached_vectors(name: str, settings: dict, build: Callable[[], Embeddings], cache_dir=None) -> tuple[Embeddings, bool]:
    """``(embeddings, from_cache)``: the cached vectors for (name, settings), or ``build()``'s, which are then stored.

    name:     which trainer, e.g. ``"fast"`` or ``"gensim"`` (part of the file name).
    settings: everything that determines the vectors besides the library code (hyper-parameters, seed, corpus).
    build:    trains and returns an :class:`Embeddings` (with ``counts``, if they should be kept).
    """
    path = cache_path(name, settings, cache_dir)
    if path.is_file():
        try:
            with np.load(path, allow_pickle=False) as stored:
                counts = stored["counts"]                   # each access reads the member from disk again
                counts = counts if counts.size else None
                return Embeddings(stored["vectors"], stored["words"].tolist(), counts=counts), True
        except (OSError, ValueError, KeyError):
            pass  # a damaged entry is rebuilt below
    embeddings = build()
    if not isinstance(embeddings, Embeddings):
        raise ValueError(f"build must return an Embeddings, got {type(embeddings).__name__}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        counts = np.zeros(0) if embeddings.counts is None else np.asarray(embeddings.counts)
        with atomic_write(path, "wb") as stream:
            np.savez(stream, vectors=embeddings.vectors, words=np.array(embeddings.index_to_key), counts=counts)
    except OSError:
        pass  # a read-only cache folder costs the next run a retrain, not this one
    return embeddings, False


PROTOCOL_TRAINERS = ("fast", "gensim")


def protocol_settings(seed: int = 0) -> dict:
    """The settings of the 10-pass vectors of notebook 06: ``make bench``'s protocol on the Wikipedia sample, with
    ``seed`` (0 for the vectors notebook 06 shows; 1 and 2 for its comparison over seeds)."""
    from ..bench.benchmark import PROTOCOL

    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}.")
    return {**PROTOCOL, "corpus": "wiki", "seed": int(seed)}


def protocol_vectors(trainer: str = "fast", seed: int = 0) -> tuple[Embeddings, bool]:
    """``(embeddings, from_cache)``: the Wikipedia sample's vectors trained with ``make bench``'s protocol (d = 100,
    m = 5, K = 5, 10 passes, ``seed``) by ``trainer``, "fast" (:func:`w2vlib.train`) or "gensim"; from the cache
    folder (:func:`cache_folder_text` says where) when there, else trained (about a minute on 2 cores) and stored.
    Notebook 06 shows them, and notebook 08's explorer offers them next to its one-pass run."""
    from ..bench.benchmark import GENSIM_MAX_SENTENCE, PROTOCOL, gensim_word2vec
    from ..text.corpora import load_corpus

    if trainer not in PROTOCOL_TRAINERS:
        raise ValueError(f"trainer must be one of {PROTOCOL_TRAINERS}, got {trainer!r}.")
    settings = protocol_settings(seed)

    def train_fast():
        from ..training.fast_trainer import train

        return train(load_corpus("wiki"), **PROTOCOL, seed=settings["seed"], progress=False).embeddings

    def train_gensim():
        # cut at 10,000 words: gensim's C code ignores the rest of a sentence
        sentences = list(load_corpus("wiki").sentences(max_length=GENSIM_MAX_SENTENCE))
        model, _ = gensim_word2vec(sentences, seed=settings["seed"])
        return Embeddings.from_keyed_vectors(model.wv)

    return cached_vectors(trainer, settings, train_fast if trainer == "fast" else train_gensim)


def cache_folder_text(folder: Path | None = None) -> str:
    """Where the cache folder is, for a reader: relative to the repository when inside it (``make`` puts it in
    ``.venv/cache/w2vlib``), with ``~`` for the home folder otherwise (``~/.cache/w2vlib`` by default)."""
    folder = Path(folder or default_cache_dir()).expanduser().resolve()
    repository = Path(__file__).resolve().parents[1]
    for base, name in ((repository, None), (Path.home().resolve(), "~")):
        try:
            relative = folder.relative_to(base)
        except ValueError:
            continue
        return f"{name}/{relative.as_posix()}" if name else f"{relative.as_posix()} (inside the repository)"
    return folder.as_posix()
