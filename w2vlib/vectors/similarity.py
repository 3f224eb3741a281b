"""Cosine similarity between word vectors, and how well trained vectors recover groups of words.

The planted toy corpus (``w2vlib.planted_corpus``) knows which words belong together; after training,
words of one group should point in similar directions, so their mean cosine ("within") should be clearly
above the mean cosine of words from different groups ("between").
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from .embeddings import unit_rows
from ..validation import as_float_array, lookup_word


def cosine_similarity_matrix(vectors) -> np.ndarray:
    """All pairwise cosines between the rows of ``vectors``.

    vectors: shape (n, d), one word vector per row (e.g. the rows of ``center_vectors``, the v_w).
    Returns shape (n, n): entry (i, j) = v_i^T v_j / (‖v_i‖ ‖v_j‖). A zero row has cosine 0 with everything.
    """
    unit = unit_rows(as_float_array(vectors, "vectors", 2, "(n, d)"))
    return unit @ unit.T


def _group_rows(word2ind: Mapping[str, int], groups: Mapping[str, Sequence[str]], n_rows: int) -> dict[str, list[int]]:
    """Group name -> the row indices of its words; raises for unknown words and for too few groups."""
    if len(groups) < 2:
        raise ValueError(f"groups must hold at least two groups to compare within with between, got {len(groups)}.")
    rows = {}
    for name, words in groups.items():
        if isinstance(words, str) or len(words) < 1:
            raise ValueError(f"group {name!r} must be a non-empty list of words, got {words!r}.")
        rows[name] = [lookup_word(word, word2ind, f"word of group {name!r}") for word in words]
        if max(rows[name]) >= n_rows:
            raise ValueError(f"word2ind maps a word of group {name!r} to row {max(rows[name])}, "
                             f"but vectors has only {n_rows} rows.")
    return rows


def _group_cosines(vectors, word2ind: Mapping[str, int],
                   groups: Mapping[str, Sequence[str]]) -> tuple[list[list[int]], np.ndarray]:
    """The cosines among the words of the groups only (not the whole vocabulary: that matrix is |V| × |V|).

    Returns ``(rows, cosines)``: for each group, in order, the positions of its words in ``cosines``, which
    has shape (m, m) for the m words of all groups together, in the same order.
    """
    vectors = as_float_array(vectors, "vectors", 2, "(n, d)")
    rows = list(_group_rows(word2ind, groups, vectors.shape[0]).values())
    starts = np.cumsum([0] + [len(r) for r in rows])
    positions = [list(range(starts[g], starts[g + 1])) for g in range(len(rows))]
    return positions, cosine_similarity_matrix(vectors[np.concatenate([np.asarray(r) for r in rows])])


def group_similarity(vectors, word2ind: Mapping[str, int], groups: Mapping[str, Sequence[str]]) -> tuple[float, float]:
    """Mean cosine of word pairs from the same group, and of word pairs from different groups.

    vectors:  shape (n_words, d), row ``word2ind[w]`` is the vector of w.
    word2ind: word -> row index.
    groups:   group name -> list of its words (e.g. ``planted_corpus().groups``); at least two groups.

    Returns ``(within, between)``: ``within`` averages cos(v_a, v_b) over all unordered pairs a ≠ b of one
    group (groups of one word add no pair), ``between`` over all pairs of words from two different groups.
    """
    rows, block = _group_cosines(vectors, word2ind, groups)
    label = np.concatenate([np.full(len(r), g) for g, r in enumerate(rows)])
    same_group = label[:, None] == label[None, :]
    upper = np.triu(np.ones_like(same_group), k=1)  # each unordered pair once, no word with itself
    if not (same_group & upper).any():
        raise ValueError("no group has two words, so there is no within-group pair to average.")
    return float(block[same_group & upper].mean()), float(block[~same_group & upper].mean())


def centred_group_gap(vectors, word2ind: Mapping[str, int], groups: Mapping[str, Sequence[str]]) -> float:
    """The *group gap*: within minus between of :func:`group_similarity`, after removing the mean vector.

    vectors: shape (n_words, d); the mean row is subtracted first, since trained vectors share a common direction
    that makes every cosine positive (notebook 04). Larger is better; 0 means no sign of the groups.
    """
    vectors = as_float_array(vectors, "vectors", 2, "(n_words, d)")
    within, between = group_similarity(vectors - vectors.mean(axis=0), word2ind, groups)
    return within - between


def group_cosine_matrix(vectors, word2ind: Mapping[str, int], groups: Mapping[str, Sequence[str]]) -> np.ndarray:
    """Mean cosine between the words of every two groups, for a heat map.

    Returns shape (n_groups, n_groups), in the order of ``groups``: entry (a, b) is the mean of cos(v_x, v_y)
    over x in group a and y in group b; on the diagonal, over pairs x ≠ y of group a (nan for a one-word group).
    """
    rows, cosines = _group_cosines(vectors, word2ind, groups)
    result = np.full((len(rows), len(rows)), np.nan)
    for a, rows_a in enumerate(rows):
        for b, rows_b in enumerate(rows):
            block = cosines[np.ix_(rows_a, rows_b)]
            if a != b:
                result[a, b] = block.mean()
            elif len(rows_a) > 1:
                result[a, a] = block[~np.eye(len(rows_a), dtype=bool)].mean()
    return result
