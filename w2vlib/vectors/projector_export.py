"""Word vectors for the TensorFlow Embedding Projector (https://projector.tensorflow.org), and back.

The projector loads two tab-separated files: ``vectors.tsv`` (one row of d numbers per word) and
``metadata.tsv`` (the labels, same order). With one label column the metadata has no header; with several
(word, group, count) its first line names the columns, and the projector can colour the points by any of them.
:meth:`w2vlib.vectors.embeddings.Embeddings.save_projector_tsv` writes all words with one column; :func:`export_projector`
writes a chosen subset with a group column, which is what makes word groups stand out in the projector.
Nothing is ever half-written: both files are completed in a staging folder and then moved into place. :func:`load_projector_tsv` reads them back.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from ..atomic_file import atomic_write
from .embeddings import Embeddings
from ..validation import unknown_word_error


def export_projector(kv, folder, words: Sequence[str] | None = None,
                     groups: Mapping[str, Sequence[str]] | None = None) -> tuple[Path, Path]:
    """Write ``folder/vectors.tsv`` and ``folder/metadata.tsv`` for the Embedding Projector; return both paths.

    kv:     word vectors (``Embeddings`` or gensim ``KeyedVectors``), rows of shape (d,).
    words:  the words to export, in this order (None: every word of ``kv``, or the words of ``groups``).
    groups: optional group name -> its words; adds a ``group`` column (words in no group get ``other``) and a
            ``count`` column when ``kv`` knows its counts. Group words not in ``words`` are added after them.
    The folder is created if needed. A word not in the vocabulary raises a KeyError naming close matches.
    """
    if groups is not None and not isinstance(groups, Mapping):
        raise ValueError(f"groups must map a group name to its words, e.g. {{'months': ['june', 'july']}}, "
                         f"got {type(groups).__name__}.")
    if isinstance(words, str):
        raise ValueError(f"words must be a list of words, got the string {words!r}; write [{words!r}].")
    group_of: dict[str, str] = {}
    for name, members in (groups or {}).items():
        if isinstance(members, str):
            raise ValueError(f"groups[{name!r}] must be a list of words, got the string {members!r}.")
        for word in members:
            group_of.setdefault(word, str(name))
    if words is None:
        words = list(group_of) if groups else list(kv.index_to_key)
    words = list(dict.fromkeys(list(words) + list(group_of)))  # no word twice, group words last
    if not words:
        raise ValueError("words is empty: give at least one word to export.")
    for word in words:
        if word not in kv.key_to_index:
            raise unknown_word_error(word, kv.key_to_index, "word to export")
    rows = [kv.key_to_index[word] for word in words]
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"folder {str(folder)!r} is a file; export_projector writes two files (vectors.tsv and "
                         f"metadata.tsv) into a folder: pass a folder, e.g. {str(folder.with_suffix('')) + '_projector'!r}.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ValueError(f"folder {str(folder)!r} cannot be made: part of its path is a file, not a folder; "
                         "pass a folder path whose parents are folders.") from None
    # both files are written into a staging folder first and moved only when both are complete
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=".tmp-projector-"))
    try:
        Embeddings(np.asarray(kv.vectors)[rows], words).save_projector_tsv(staging)
        if groups:
            counts = getattr(kv, "counts", None)
            header = "word\tgroup" + ("\tcount" if counts is not None else "")
            lines = [f"{word}\t{group_of.get(word, 'other')}" + (f"\t{int(counts[row])}" if counts is not None else "")
                     for word, row in zip(words, rows)]
            with atomic_write(staging / "metadata.tsv", "w") as stream:
                stream.write(header + "\n" + "".join(line + "\n" for line in lines))
        for name in ("vectors.tsv", "metadata.tsv"):
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder / "vectors.tsv", folder / "metadata.tsv"


def load_projector_tsv(folder) -> tuple[np.ndarray, list[dict[str, str]]]:
    """Read ``vectors.tsv`` and ``metadata.tsv`` from ``folder``.

    Returns ``(vectors, labels)``: shape (n_words, d) float32, and one dict per row (column name -> value;
    the column is called ``word`` when the metadata has a single column and no header).
    """
    folder = Path(folder)
    vectors_path, metadata_path = folder / "vectors.tsv", folder / "metadata.tsv"
    for path in (vectors_path, metadata_path):
        if not path.is_file():
            raise ValueError(f"{str(path)!r} does not exist; write it with export_projector or save_projector_tsv.")
    lines = vectors_path.read_text(encoding="utf-8").splitlines()
    try:
        vectors = np.array([[float(x) for x in line.split("\t")] for line in lines], dtype=np.float32)
    except ValueError:
        raise ValueError(f"{vectors_path}: every line must hold tab-separated numbers.") from None
    labels = metadata_path.read_text(encoding="utf-8").splitlines()
    if "\t" in (labels[0] if labels else ""):
        columns = labels[0].split("\t")
        rows = [dict(zip(columns, line.split("\t"))) for line in labels[1:]]
    else:
        rows = [{"word": line} for line in labels]
    if len(rows) != vectors.shape[0]:
        raise ValueError(f"{metadata_path} has {len(rows)} labels but {vectors_path} has {vectors.shape[0]} vectors; "
                         "they must match row for row.")
    return vectors, rows
