"""Trained word vectors with gensim's names: ``most_similar``, ``similarity``, ``save_word2vec_format``.

What a student learns here carries over to ``gensim.models.KeyedVectors``: the same attribute names
(``vectors``, ``index_to_key``, ``key_to_index``, ``vector_size``), the same 3CosAdd analogy rule in
``most_similar`` and the same word2vec file formats, so files written here open in gensim and the reverse.

    most_similar(positive=[b, c], negative=[a]):  argmax_w cos(u_w, û_b + û_c − û_a),  û = u / ‖u‖,
    where w runs over the vocabulary except a, b and c ("king" − "man" + "woman" ≈ "queen").
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

import numpy as np

from ..atomic_file import atomic_write
from ..validation import as_float_array, check_positive_int, unknown_word_error


QUERY_NORM_FLOOR = 1e-6  # a most_similar query shorter than this is a cancellation (float32 rounding is ~1e-7)


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """The rows of ``vectors`` (shape (n, d)) scaled to length 1; a zero row stays zero (no division by 0)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1).astype(vectors.dtype)


class Embeddings:
    """One vector per word, looked up by the word.

    Arguments:
        vectors:      shape (n_words, d), row i is the vector of ``index_to_key[i]`` (usually the center
                      vectors v_w, rows of ``center_vectors``). Stored as float32, like gensim and the file format.
        index_to_key: list of the n_words words, most frequent first (the analogy evaluation relies on it).
        counts:       optional, shape (n_words,), how often each word occurred in the training corpus.

    Attributes: ``vectors`` (read-only copy), ``index_to_key``, ``key_to_index`` (word -> row), ``counts``,
    ``vector_size`` (d). ``emb["paris"]`` is a (d,) vector, ``emb[["paris", "rome"]]`` a (2, d) matrix.
    """

    def __init__(self, vectors, index_to_key: Sequence[str], counts=None):
        vectors = as_float_array(vectors, "vectors", 2, "(n_words, d)")
        if isinstance(index_to_key, (str, bytes)) or not hasattr(index_to_key, "__len__"):
            raise ValueError(f"index_to_key must be a list of words (strings), got {type(index_to_key).__name__}.")
        index_to_key = list(index_to_key)
        if len(index_to_key) != vectors.shape[0]:
            raise ValueError(
                f"vectors has {vectors.shape[0]} rows but index_to_key has {len(index_to_key)} words; "
                "there must be exactly one row per word."
            )
        key_to_index: dict[str, int] = {}
        for i, key in enumerate(index_to_key):
            if not isinstance(key, str) or not key:
                raise ValueError(f"index_to_key[{i}] must be a non-empty string, got {key!r}.")
            if key in key_to_index:
                raise ValueError(
                    f"index_to_key holds {key!r} twice (at {key_to_index[key]} and {i}); every word needs exactly one row."
                )
            key_to_index[key] = i
        if counts is not None:
            counts = np.asarray(counts)
            if counts.shape != (len(index_to_key),) or not np.issubdtype(counts.dtype, np.number):
                raise ValueError(f"counts must be a numeric array of shape ({len(index_to_key)},), one count per word, "
                                 f"got shape {counts.shape}.")
            if np.any(counts < 0):
                raise ValueError("counts must be non-negative word counts.")
        with np.errstate(over="ignore"):  # values beyond float32's range become inf: reported just below
            self.vectors = np.array(vectors, dtype=np.float32)  # our own copy, so the cached unit vectors stay valid
        if not np.all(np.isfinite(self.vectors)):
            where = tuple(int(i) for i in np.argwhere(~np.isfinite(self.vectors))[0])
            raise ValueError(f"vectors holds {vectors[where]!r} at index {where}, too large for float32 (the largest "
                             "is about 3.4e38), in which the vectors are stored; such vectors come from a diverged "
                             "run: train again with a smaller step size.")
        self.vectors.setflags(write=False)
        self.index_to_key = index_to_key
        self.key_to_index = key_to_index
        self.counts = counts
        self._unit: np.ndarray | None = None

    # ----- lookup -------------------------------------------------------------------------------------
    @property
    def vector_size(self) -> int:
        """d, the embedding dimension."""
        return self.vectors.shape[1]

    def __len__(self) -> int:
        return len(self.index_to_key)

    def __contains__(self, word) -> bool:
        return isinstance(word, str) and word in self.key_to_index

    def __repr__(self) -> str:
        return f"Embeddings(n_words={len(self)}, vector_size={self.vector_size})"

    def get_index(self, word: str) -> int:
        """The row of ``word``; a ``KeyError`` naming close matches if it is not in the vocabulary."""
        if word in self:
            return self.key_to_index[word]
        raise unknown_word_error(word, self.key_to_index)

    def __getitem__(self, words):
        """A word gives its (d,) vector; a list of n words gives an (n, d) matrix (rows in the list's order)."""
        if isinstance(words, str):
            return self.vectors[self.get_index(words)]
        if isinstance(words, (list, tuple)):
            return self.vectors[[self.get_index(w) for w in words]]
        raise KeyError(f"look up a word (a string) or a list of words, got {type(words).__name__} {words!r}.")

    def get_normed_vectors(self) -> np.ndarray:
        """All vectors scaled to unit length, shape (n_words, d) (computed once, then cached)."""
        if self._unit is None:
            self._unit = unit_rows(self.vectors)
            self._unit.setflags(write=False)
        return self._unit

    # ----- similarity ---------------------------------------------------------------------------------
    def similarity(self, w1: str, w2: str) -> float:
        """cos(u_1, u_2) = u_1ᵀu_2 / (‖u_1‖ ‖u_2‖) of two words, between −1 and 1."""
        unit = self.get_normed_vectors()
        return float(np.dot(unit[self.get_index(w1)].astype(np.float64), unit[self.get_index(w2)]))

    def _as_word_list(self, words, name: str) -> list:
        if words is None:
            return []
        if isinstance(words, (str, np.ndarray)):
            return [words]
        if isinstance(words, (list, tuple)):
            return list(words)
        raise ValueError(f"{name} must be a word, a list of words or None, got {type(words).__name__}.")

    def _unit_of(self, item, name: str) -> np.ndarray:
        """The unit vector of a word, or of a (d,) array given instead of a word; a zero vector is a ValueError."""
        if isinstance(item, str):
            unit = self.get_normed_vectors()[self.get_index(item)]
            what = f"the word {item!r} in {name} has"
        elif isinstance(item, np.ndarray):
            vec = as_float_array(item, f"a vector in {name}", 1, f"({self.vector_size},)")
            if vec.shape[0] != self.vector_size:
                raise ValueError(f"a vector in {name} has d = {vec.shape[0]}, the embeddings have d = {self.vector_size}.")
            unit = unit_rows(vec[None, :].astype(np.float32))[0]
            what = f"a vector in {name} is"
        else:
            raise ValueError(f"{name} must hold words (strings) or (d,) vectors, got {type(item).__name__} {item!r}.")
        if not unit.any():
            raise ValueError(f"{what} a zero vector, which has no direction, so its cosine with any word is undefined; "
                             "leave it out (a word whose vector is zero was never trained, e.g. an outside vector "
                             "u_w that started at 0).")
        return unit

    def most_similar(self, positive=None, negative=None, topn: int = 10) -> list[tuple[str, float]]:
        """The ``topn`` words closest in cosine to the mean of the positive minus the negative words (3CosAdd).

        positive: a word or a list of words (or (d,) vectors) that pull towards them.
        negative: a word or a list of words (or (d,) vectors) that push away.
        topn:     how many (word, cosine) pairs to return, best first (int >= 1).

        As in gensim: every input is first scaled to unit length, the query is their weighted mean (weight +1
        for positive, −1 for negative), and the input words themselves are left out of the answer.
        ``most_similar(positive=["rome", "france"], negative=["paris"])`` answers paris : france :: rome : ?.
        """
        check_positive_int(topn, "topn", hint=" (how many neighbours to return)")
        positive = self._as_word_list(positive, "positive")
        negative = self._as_word_list(negative, "negative")
        if not positive and not negative:
            raise ValueError("give at least one word in positive or negative, e.g. most_similar('paris').")
        weights = [1.0] * len(positive) + [-1.0] * len(negative)
        items = positive + negative
        units = [self._unit_of(item, "positive" if i < len(positive) else "negative") for i, item in enumerate(items)]
        query = np.sum([w * u for w, u in zip(weights, units)], axis=0) / len(items)
        if np.linalg.norm(query) < QUERY_NORM_FLOOR:
            shown = [[item if isinstance(item, str) else "(a vector)" for item in words] for words in (positive, negative)]
            raise ValueError(f"positive={shown[0]!r} and negative={shown[1]!r} cancel out: the query "
                             "(mean of +û for positive and −û for negative) is the zero vector, which has no nearest "
                             "words. Give different words in positive and negative.")
        query = unit_rows(query[None, :].astype(np.float32))[0]
        cosines = self.get_normed_vectors() @ query
        exclude = {self.key_to_index[item] for item in items if isinstance(item, str)}
        want = min(topn + len(exclude), len(cosines))
        best = np.argpartition(-cosines, want - 1)[:want] if want < len(cosines) else np.arange(len(cosines))
        best = best[np.argsort(-cosines[best], kind="stable")]
        return [(self.index_to_key[i], float(cosines[i])) for i in best if i not in exclude][:topn]

    def doesnt_match(self, words: Sequence[str]) -> str:
        """The word of ``words`` farthest (in cosine) from the mean of their unit vectors, as gensim does."""
        words = self._as_word_list(words, "words")
        if not words:
            raise ValueError("words is empty; give at least two words, e.g. ['cat', 'dog', 'paris'].")
        units = np.stack([self._unit_of(w, "words") for w in words])
        centre = unit_rows(units.mean(axis=0, keepdims=True))[0]
        return words[int(np.argmin(units @ centre))]

    # ----- files --------------------------------------------------------------------------------------
    def _check_keys_for_file(self) -> None:
        for key in self.index_to_key:
            if any(ch.isspace() for ch in key):
                raise ValueError(f"the word {key!r} contains whitespace, which the word2vec and TSV formats cannot store.")

    def save_word2vec_format(self, path, binary: bool = False) -> Path:
        """Write the vectors in the word2vec format of the C tool and gensim, atomically; return the path.

        Header line ``"n_words d"``, then one word per row in ``index_to_key`` order:
          text:   ``word v_1 v_2 ... v_d`` with each float32 written to 9 significant digits (it reads back
                  bit-exactly);
          binary: ``word``, a space, d little-endian float32 (4 d bytes) and a newline, as word2vec.c writes.
        The file appears only once it is complete: an error half way leaves an existing file untouched.
        """
        path = Path(path)
        self._check_keys_for_file()
        with atomic_write(path, "wb") as stream:
            stream.write(f"{len(self)} {self.vector_size}\n".encode("utf-8"))
            writer = _write_binary_rows if binary else _write_text_rows
            writer(stream, self.index_to_key, self.vectors)
        return path

    @classmethod
    def from_keyed_vectors(cls, keyed_vectors) -> "Embeddings":
        """The Embeddings of a gensim ``KeyedVectors`` (e.g. ``Word2Vec(...).wv``): its vectors, words and, when it
        has them, the words' counts. gensim itself is not imported here."""
        if not (hasattr(keyed_vectors, "vectors") and hasattr(keyed_vectors, "index_to_key")):
            raise ValueError("keyed_vectors must be gensim KeyedVectors (such as model.wv of a trained Word2Vec), "
                             f"got {type(keyed_vectors).__name__}.")
        words = list(keyed_vectors.index_to_key)
        has_counts = "count" in getattr(keyed_vectors, "expandos", {})
        counts = [keyed_vectors.get_vecattr(word, "count") for word in words] if has_counts else None
        return cls(keyed_vectors.vectors, words, counts=counts)

    @classmethod
    def load_word2vec_format(cls, path, binary: bool | None = None) -> "Embeddings":
        """Read a word2vec-format file (text or binary; ``binary=None`` tells them apart from the content).

        Files written by other tools are read too: fields separated by tabs or several spaces, a UTF-8
        byte-order mark, Windows line endings, a trailing space. Raises ``ValueError`` naming the file and the
        line for a malformed file (bad header, a header promising more than the file can hold, wrong number of
        values, a value that is not a number, a file shorter or longer than its header says, a repeated word).
        """
        path = Path(path)
        if not path.is_file():
            raise ValueError(f"{str(path)!r} is not a file; pass the path of a word2vec-format vectors file.")
        data = path.read_bytes()
        if data.startswith(UTF8_BOM):
            data = data[len(UTF8_BOM):]
        end = data.find(b"\n")
        header = data[: end if end >= 0 else len(data)]
        try:
            n_words, d = (int(x) for x in header.split())
            if n_words < 1 or d < 1:
                raise ValueError
        except ValueError:
            raise ValueError(
                f"{path}: line 1 must be the header 'n_words d' (two positive integers), got {header[:80]!r}."
                + _missing_header_hint(data)
            ) from None
        body = data[end + 1:] if end >= 0 else b""
        smallest = n_words * (2 * d + 1)  # each vector: a word of >= 1 byte, then d values of >= 1 byte and a separator
        if len(body) < smallest:
            raise ValueError(f"{path}: the header promises {n_words:,} vectors of d = {d:,} values, which needs at least "
                             f"{smallest:,} bytes, but the file holds only {len(body):,} after the header; "
                             "the header is wrong or the file is truncated.")
        if binary is None:
            binary = not _looks_like_text(body, d)
        elif binary and _looks_like_text(body, d):
            raise ValueError(f"{path}: binary=True, but this is the text format (words and numbers written out, one "
                             "vector a line); load it with binary=False, or leave binary out to let the file tell.")
        reader = _read_binary_rows if binary else _read_text_rows
        keys, vectors = reader(body, n_words, d, path)
        seen: dict[str, int] = {}
        for i, key in enumerate(keys):
            if key in seen:
                raise ValueError(f"{path}: the word {key!r} appears twice (vectors {seen[key] + 1} and {i + 1}).")
            seen[key] = i
        return cls(vectors, keys)

    def save_projector_tsv(self, folder) -> tuple[Path, Path]:
        """Write ``vectors.tsv`` and ``metadata.tsv`` for the TensorFlow Embedding Projector (projector.tensorflow.org).

        vectors.tsv: one row per word, d tab-separated values; metadata.tsv: the words, one per line, same order
        (no header, as the projector expects for a single column). The folder is created if needed; each file
        is written atomically. Returns the two paths.
        """
        folder = Path(folder)
        self._check_keys_for_file()
        if folder.exists() and not folder.is_dir():
            raise ValueError(f"folder {str(folder)!r} is a file, but the projector needs a folder for its two files; "
                             "pass the name of a folder (it is created if needed).")
        folder.mkdir(parents=True, exist_ok=True)
        vectors_path, metadata_path = folder / "vectors.tsv", folder / "metadata.tsv"
        row_format = "\t".join(["%.9g"] * self.vector_size) + "\n"
        with atomic_write(vectors_path, "w") as stream:
            for row in self.vectors.tolist():
                stream.write(row_format % tuple(row))
        with atomic_write(metadata_path, "w") as stream:
            stream.write("".join(f"{key}\n" for key in self.index_to_key))
        return vectors_path, metadata_path


# ----- word2vec format, row by row (module-level so a test can make one fail half way) ----------------------
def _write_text_rows(stream, keys: list[str], vectors: np.ndarray) -> None:
    row_format = " ".join(["%.9g"] * vectors.shape[1]) + "\n"
    for key, row in zip(keys, vectors.tolist()):
        stream.write(f"{key} ".encode("utf-8") + (row_format % tuple(row)).encode("ascii"))


def _write_binary_rows(stream, keys: list[str], vectors: np.ndarray) -> None:
    little_endian = vectors.astype("<f4", copy=False)
    for key, row in zip(keys, little_endian):
        stream.write(f"{key} ".encode("utf-8") + row.tobytes() + b"\n")


TEXT_SEPARATOR = re.compile(r"[ \t]+")  # fields are split at runs of spaces and tabs, never at other whitespace
UTF8_BOM = b"\xef\xbb\xbf"


def _split_text_line(text: str) -> list[str]:
    """``word v_1 ... v_d`` split at runs of spaces or tabs (gensim splits at single spaces only); trailing
    blanks and a Windows ``\\r`` are dropped, as word2vec.c writes a space after the last value."""
    return TEXT_SEPARATOR.split(text.rstrip(" \t\r"))


def _missing_header_hint(data: bytes) -> str:
    """For a file whose first line is a word and numbers (GloVe's format): how to add the missing header."""
    first = data.split(b"\n", 1)[0]
    try:
        parts = _split_text_line(first.decode("utf-8"))
        [float(value) for value in parts[1:]]
    except (UnicodeDecodeError, ValueError):
        return ""
    if len(parts) < 2:
        return ""
    n_lines = data.rstrip(b"\r\n").count(b"\n") + 1
    return (f" The first line looks like a vector: this file (GloVe's format?) has no header. Add the line "
            f"'{n_lines} {len(parts) - 1}' at the top (or load it with gensim's "
            "KeyedVectors.load_word2vec_format(path, no_header=True)).")


def _looks_like_text(body: bytes, d: int) -> bool:
    """True if the first record after the header reads as text: a word, a space and a decimal number.

    A binary record holds 4 d raw bytes after the word, which almost never decode as printable UTF-8 text
    whose second field is a number.
    """
    end = body.find(b"\n")
    first = body[: end if end >= 0 else len(body)]
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if any(ord(ch) < 32 and ch not in "\t\r" for ch in text):
        return False
    parts = _split_text_line(text)
    try:
        float(parts[1])
    except (IndexError, ValueError):
        return False
    return True


def _read_text_rows(body: bytes, n_words: int, d: int, path: Path):
    lines = body.split(b"\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) != n_words:
        raise ValueError(
            f"{path}: the header promises {n_words} words but the file holds {len(lines)} vector lines; "
            "the file is truncated or the header is wrong."
        )
    keys, rows = [], []
    for line_no, line in enumerate(lines, start=2):
        try:
            parts = _split_text_line(line.decode("utf-8"))
        except UnicodeDecodeError:
            raise ValueError(f"{path}: line {line_no} is not valid UTF-8 text (is this a binary file? "
                             "pass binary=True).") from None
        if not parts[0]:
            raise ValueError(f"{path}: line {line_no} is empty or starts with a space; expected 'word v_1 ... v_{d}'.")
        if len(parts) != d + 1:
            raise ValueError(f"{path}: line {line_no} has {len(parts) - 1} values after the word, the header says d = {d}.")
        keys.append(parts[0])
        rows.append(parts[1:])
    try:
        with np.errstate(over="ignore"):   # a value beyond float32 becomes inf: reported just below
            vectors = np.array(rows, dtype=np.float32)
    except ValueError:
        for line_no, row in enumerate(rows, start=2):
            try:
                np.array(row, dtype=np.float32)
            except ValueError:
                raise ValueError(f"{path}: line {line_no} holds a value that is not a number: {' '.join(row)[:80]!r}.") from None
        raise
    if not np.all(np.isfinite(vectors)):
        row = int(np.argmax(~np.isfinite(vectors).all(axis=1)))
        written = [value.lower().lstrip("+-") for value in rows[row]]
        if all(value not in ("nan", "inf", "infinity") for value in written):
            raise ValueError(f"{path}: line {row + 2} holds a value beyond float32's range (about ±3.4e38), "
                             f"e.g. {max(rows[row], key=lambda v: abs(float(v)))}; word vectors are float32. Rescale "
                             "the vectors before saving, or check the program that wrote them.")
        raise ValueError(f"{path}: line {row + 2} holds nan or inf; the vectors were saved from a diverged run.")
    return keys, vectors


def _read_binary_rows(body: bytes, n_words: int, d: int, path: Path):
    n_bytes = 4 * d
    keys, vectors = [], np.empty((n_words, d), dtype=np.float32)
    start = 0
    for i in range(n_words):
        while start < len(body) and body[start:start + 1] in (b"\n", b"\r"):  # the newline after the previous vector
            start += 1
        space = body.find(b" ", start)
        if space < 0 or len(body) - (space + 1) < n_bytes:
            raise ValueError(
                f"{path}: the file ends inside vector {i + 1} of the {n_words} its header promises; it is truncated."
            )
        if space == start:
            raise ValueError(f"{path}: vector {i + 1} has an empty word (a space where the word should start, at "
                             f"byte {start} after the header); the file is damaged or was not written as word2vec's "
                             "binary format.")
        try:
            keys.append(body[start:space].decode("utf-8"))
        except UnicodeDecodeError:
            raise ValueError(f"{path}: the word of vector {i + 1} is not valid UTF-8; the file is damaged.") from None
        vectors[i] = np.frombuffer(body, dtype="<f4", count=d, offset=space + 1)
        start = space + 1 + n_bytes
    if body[start:].strip():
        raise ValueError(f"{path}: there are {len(body) - start} bytes after the {n_words} vectors the header promises; "
                         "the header is wrong or the file is damaged.")
    if not np.all(np.isfinite(vectors)):
        bad = int(np.argmax(~np.isfinite(vectors).all(axis=1))) + 1
        raise ValueError(f"{path}: vector {bad} holds nan or inf; the vectors were saved from a diverged run.")
    return keys, vectors
