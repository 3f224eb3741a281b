"""CBOW, the continuous bag of words: the context predicts the center word (skip-gram turned around).

At position t the n context words w_{t+j} (−m ≤ j ≤ m, j ≠ 0: n = 2m inside a sentence) are combined into one
vector, the mean of their vectors from V (word2vec's input vectors, the center vectors of skip-gram),

    v̂ = (1/n) Σ_j v_{w_{t+j}},

and v̂ takes the place of v_c in any pair loss, with the center word c in the place of o:
J = J_pair(v̂, c, U), e.g. −log softmax(U^T v̂)_c or −log σ(u_c^T v̂) − Σ_k log σ(−u_{w_k}^T v̂). So

    ∂J/∂U   = the pair loss's gradient in U, at v̂;
    ∂J/∂v̂   = the pair loss's gradient in its center vector, at v̂;
    ∂J/∂v_w = (n_w / n) ∂J/∂v̂    for a word w that fills n_w of the n context slots (0 for the others),

because ∂v̂/∂v_w = (n_w/n) I. A word twice in the context gets twice the share (``np.add.at``). With the sum instead
of the mean (``combine="sum"``) the factor is n_w instead of n_w / n.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from ..validation import as_float_array, check_indices, lookup_word

COMBINE = ("mean", "sum")


def _check_combine(combine: str) -> str:
    if combine not in COMBINE:
        raise ValueError(f"combine must be 'mean' (word2vec's CBOW) or 'sum', got {combine!r}.")
    return combine


def _check_context(context_indices, center_vectors) -> np.ndarray:
    if np.ndim(context_indices) == 1 and np.size(context_indices) == 0:
        raise ValueError("context_indices is empty: a CBOW window needs at least one context word.")
    return check_indices(context_indices, "context_indices", center_vectors.shape[0], "center_vectors")


def context_vector(center_vectors, context_indices, combine: str = "mean") -> np.ndarray:
    """v̂, shape (d,): the mean (or sum) of the rows ``context_indices`` (shape (n,), repeats allowed) of V."""
    center_vectors = as_float_array(center_vectors, "center_vectors", 2, "(n_words, d)", check_finite=False)
    context_indices = _check_context(context_indices, center_vectors)
    total = center_vectors[context_indices].sum(axis=0)
    return total / len(context_indices) if _check_combine(combine) == "mean" else total


def cbow_loss_and_gradient(context_indices, center_idx: int, center_vectors, outside_vectors, loss_fn,
                           combine: str = "mean"):
    """Loss and gradients of one CBOW window.

    Arguments (handout symbol in brackets):
        context_indices: shape (n,), the rows of the context words w_{t+j} (j ≠ 0) in V; repeats allowed.
        center_idx:      the center word c, the word to predict.
        center_vectors:  shape (n_words, d) [V^T: row w is v_w], read for the context words.
        outside_vectors: shape (n_words, d) [U^T: row w is u_w], or the node vectors for the hierarchical softmax.
        loss_fn:         ``loss_fn(v_hat, center_idx, outside_vectors) -> (loss, grad_v_hat, grad_outside_vectors)``:
                         ``naive_softmax_loss_and_gradient``, ``make_neg_sampling_loss(...)``, ``make_hs_loss(tree)``.
        combine:         "mean" (word2vec) or "sum".

    Returns ``(loss, grad_center_vectors, grad_outside_vectors)`` with shapes (), (n_words, d), (n_words, d):
    row w of ``grad_center_vectors`` is (n_w / n) ∂J/∂v̂ (n_w ∂J/∂v̂ for the sum), zero if w is not in the context.
    """
    center_vectors = as_float_array(center_vectors, "center_vectors", 2, "(n_words, d)", check_finite=False)
    context_indices = _check_context(context_indices, center_vectors)
    v_hat = context_vector(center_vectors, context_indices, combine)
    loss, grad_v_hat, grad_outside_vectors = loss_fn(v_hat, center_idx, outside_vectors)
    share = 1.0 / len(context_indices) if combine == "mean" else 1.0
    grad_center_vectors = np.zeros_like(center_vectors, dtype=np.result_type(center_vectors, grad_v_hat))
    np.add.at(grad_center_vectors, context_indices, share * grad_v_hat)   # each occurrence adds its share
    return loss, grad_center_vectors, grad_outside_vectors


def cbow(center_word: str, window_words: Sequence[str], word2ind: Mapping[str, int], center_vectors,
         outside_vectors, loss_fn, combine: str = "mean"):
    """Loss and gradients of one CBOW window, with words as :func:`w2vlib.skipgram` takes them.

    center_word: c, the word to predict; window_words: its context w_{t−m} .. w_{t+m} (j ≠ 0), a non-empty list of
    strings; word2ind: word -> row; the other arguments and the result as in :func:`cbow_loss_and_gradient`.
    """
    if isinstance(window_words, str) or not list(window_words):
        raise ValueError("window_words must be a non-empty list of context words, got "
                         f"{window_words!r}; wrap a single word in a list.")
    center_idx = lookup_word(center_word, word2ind, "center_word")
    context_indices = np.array([lookup_word(word, word2ind, "window word") for word in window_words])
    return cbow_loss_and_gradient(context_indices, center_idx, center_vectors, outside_vectors, loss_fn, combine)
