"""How often each outside word o appears in the windows of each center word c, and the best J that allows.

J(θ) = −(1/N) Σ_pairs log P(o | c; θ) is a cross-entropy between the corpus's pair counts n(c, o) and the model.
Whatever θ is, it cannot beat the conditional entropy of the counts:

    J* = −(1/N) Σ_{c,o} n(c, o) log( n(c, o) / n(c) )      with n(c) = Σ_o n(c, o), N = Σ_{c,o} n(c, o),

reached only by a model with P(o | c) = n(c, o)/n(c) (Gibbs' inequality). So the likelihood per pair,
exp(−J), is at most exp(−J*) < 1 as soon as one center word has two different outside words.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from ..losses.activations import log_softmax
from ..validation import as_float_array, check_positive_int


def pair_counts(sentences: Sequence[Sequence[str]], word2ind: Mapping[str, int], window: int) -> np.ndarray:
    """n(c, o): shape (n_words, n_words), how often o is one of the 2m outside words of c (j ≠ 0, within a sentence).

    Words missing from ``word2ind`` are dropped first (as the handout trainer does), so windows reach past them.
    """
    window = check_positive_int(window, "window (m)")
    n_words = max(word2ind.values()) + 1
    counts = np.zeros((n_words, n_words))
    for sentence in sentences:
        ids = np.array([word2ind[w] for w in sentence if w in word2ind], dtype=np.intp)
        for shift in range(1, window + 1):  # every pair at distance j = ±shift, both directions
            np.add.at(counts, (ids[:-shift], ids[shift:]), 1)
            np.add.at(counts, (ids[shift:], ids[:-shift]), 1)
    return counts


def best_achievable_loss(counts) -> float:
    """J* = −(1/N) Σ n(c, o) log(n(c, o)/n(c)): the lowest mean pair loss any model of P(o | c) can reach."""
    counts = as_float_array(counts, "counts", 2, "(n_words, n_words)")
    if np.any(counts < 0) or counts.sum() <= 0:
        raise ValueError("counts must be non-negative pair counts with at least one pair.")
    row_totals = counts.sum(axis=1, keepdims=True)
    seen = counts > 0
    return float(-(counts[seen] * np.log((counts / np.where(row_totals > 0, row_totals, 1))[seen])).sum() / counts.sum())


def mean_pair_loss(center_vectors, outside_vectors, counts) -> float:
    """The naive-softmax J of a model over the corpus's pairs: −(1/N) Σ n(c, o) log softmax(U^T v_c)_o.

    center_vectors, outside_vectors: shape (n_words, d), rows v_w and u_w; counts: n(c, o) from :func:`pair_counts`.
    """
    center_vectors = as_float_array(center_vectors, "center_vectors", 2, "(n_words, d)")
    outside_vectors = as_float_array(outside_vectors, "outside_vectors", 2, "(n_words, d)")
    counts = as_float_array(counts, "counts", 2, "(n_words, n_words)")
    log_probabilities = log_softmax(center_vectors @ outside_vectors.T)  # row c: log P(o | c) for every o
    return float(-(counts * log_probabilities).sum() / counts.sum())
