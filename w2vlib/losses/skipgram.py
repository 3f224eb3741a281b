"""The skip-gram loss of one window, handout part (f): J = Σ_{−m ≤ j ≤ m, j ≠ 0} J(v_c, w_{t+j}, U).

Its gradients are the sums of the per-pair gradients:
    ∂J/∂U   = Σ_j ∂J(v_c, w_{t+j}, U)/∂U
    ∂J/∂v_c = Σ_j ∂J(v_c, w_{t+j}, U)/∂v_c
    ∂J/∂v_w = 0 for every w ≠ c            (only the center word's row of V moves)
"""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np

from ..validation import as_float_array, lookup_word

LossFn = Callable[[np.ndarray, int, np.ndarray], tuple]


def skipgram(center_word: str, window_words: Sequence[str], word2ind: Mapping[str, int],
             center_vectors, outside_vectors, loss_fn: LossFn):
    """Loss and gradients of one skip-gram window.

    Arguments (handout symbol in brackets):
        center_word:     the center word c, a string.
        window_words:    the outside words w_{t−m} .. w_{t+m} (j ≠ 0), a non-empty list of strings.
        word2ind:        maps each vocabulary word to its row index.
        center_vectors:  shape (n_words, d) [V^T: row w is v_w].
        outside_vectors: shape (n_words, d) [U^T: row w is u_w].
        loss_fn:         ``loss_fn(center_vec, outside_idx, outside_vectors) -> (loss, grad_center_vec,
                         grad_outside_vectors)``, e.g. ``naive_softmax_loss_and_gradient`` or
                         ``make_neg_sampling_loss(sampler, n_negatives)``.

    Returns ``(loss, grad_center_vectors, grad_outside_vectors)`` with shapes (), (n_words, d), (n_words, d).
    Only row c of ``grad_center_vectors`` is non-zero.
    """
    center_vectors = as_float_array(center_vectors, "center_vectors", 2, "(n_words, d)", check_finite=False)
    outside_vectors = as_float_array(outside_vectors, "outside_vectors", 2, "(n_words, d)", check_finite=False)
    if center_vectors.shape != outside_vectors.shape:
        raise ValueError(
            f"center_vectors has shape {center_vectors.shape} but outside_vectors has shape {outside_vectors.shape}; "
            "both must be (n_words, d), one row per vocabulary word."
        )
    if isinstance(window_words, str):
        raise ValueError(f"window_words must be a list of words, got the single string {window_words!r}; wrap it in a list.")
    window_words = list(window_words)
    if not window_words:
        raise ValueError("window_words is empty: a window needs at least one outside word (m >= 1 and a sentence longer than one word).")
    center_idx = lookup_word(center_word, word2ind, "center_word")
    outside_indices = [lookup_word(word, word2ind, "window word") for word in window_words]
    if max([center_idx, *outside_indices]) >= center_vectors.shape[0]:
        raise ValueError(
            f"word2ind maps a word to row {max([center_idx, *outside_indices])}, but the vector matrices have only "
            f"{center_vectors.shape[0]} rows; build the matrices with one row per vocabulary word."
        )
    center_vec = center_vectors[center_idx]

    loss = 0.0
    grad_center_vectors = np.zeros_like(center_vectors)
    grad_outside_vectors = np.zeros_like(outside_vectors)
    for outside_idx in outside_indices:
        pair_loss, grad_center_vec, grad_outside = loss_fn(center_vec, outside_idx, outside_vectors)
        loss += pair_loss
        grad_center_vectors[center_idx] += grad_center_vec
        grad_outside_vectors += grad_outside
    return loss, grad_center_vectors, grad_outside_vectors
