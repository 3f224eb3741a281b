"""One vector per word ("tied" U = V): the skip-gram loss and its gradient with a single matrix.

With one matrix, row w holds u_w, used both as the center vector and as the outside vector of w. A pair's
negative-sampling loss is

    J = −log σ(u_o^T u_c) − Σ_{k=1..K} log σ(−u_{w_k}^T u_c)

and, because u_c may appear on both sides of a dot product, its gradient has an extra term whenever the outside
word or a sampled word is the center word itself: ∂(u^T u)/∂u = 2u, not u. Writing s_o = u_o^T u_c and
s_k = u_{w_k}^T u_c,

    ∂J/∂u_c gets  (σ(s_o) − 1) u_o + Σ_k σ(s_k) u_{w_k}        (u_c as the center)
    ∂J/∂u_o gets  (σ(s_o) − 1) u_c                             (u_o as the outside word)
    ∂J/∂u_w gets  Σ_{k: w_k = w} σ(s_k) u_c                    (u_w as a negative)

and a row that plays two parts gets both contributions. If o = c the first two lines add up to
2 (σ(s_o) − 1) u_c: this is the factor C(w_{t+j}, w_t) = 2 of "Explain The Idea"; a negative equal to c gives
2 σ(s_k) u_c, its C(w_f, w_t) = 2.

The same gradient is the chain rule applied to the two-matrix loss J(V, U) at V = U = W:
∂J/∂W = ∂J/∂V + ∂J/∂U, which is how :func:`tied_skipgram` computes it for any pair loss.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from .activations import log_sigmoid, sigmoid
from .skipgram import LossFn, skipgram
from ..validation import as_float_array, check_index, check_indices


def tied_neg_sampling_loss_and_gradient(vectors, center_idx, outside_idx, neg_indices,
                                        collision_factor: bool = True):
    """Negative-sampling loss of one pair with one matrix, and its gradient, written out term by term.

    Arguments (symbol in brackets):
        vectors:          shape (n_words, d), row w is u_w, the one vector of word w [U = V].
        center_idx:       int, the center word c.
        outside_idx:      int, the outside word o (may equal c).
        neg_indices:      shape (K,), int, the negatives w_1..w_K (repeats allowed; may include c or o).
        collision_factor: True gives the exact gradient; False drops the second contribution a row gets when it
                          is both the center and the outside word or a negative (the C = 2 factor set to 1), which
                          is what one gets by forgetting that ∂(u^T u)/∂u = 2u. Only for showing that it matters.

    Returns ``(loss, grad_vectors)`` with shapes () and (n_words, d).
    """
    vectors = as_float_array(vectors, "vectors", 2, "(n_words, d)")
    n_words = vectors.shape[0]
    center_idx = check_index(center_idx, "center_idx", n_words, "vectors")
    outside_idx = check_index(outside_idx, "outside_idx", n_words, "vectors")
    neg_indices = check_indices(neg_indices, "neg_indices", n_words, "vectors")
    if not isinstance(collision_factor, (bool, np.bool_)):
        raise ValueError(f"collision_factor must be True or False, got {collision_factor!r}.")

    u_c, u_o, u_neg = vectors[center_idx], vectors[outside_idx], vectors[neg_indices]
    score_o, score_neg = u_o @ u_c, u_neg @ u_c
    loss = -log_sigmoid(score_o) - np.sum(log_sigmoid(-score_neg))
    coef_o, coef_neg = sigmoid(score_o) - 1.0, sigmoid(score_neg)

    grad = np.zeros_like(vectors)
    grad[center_idx] += coef_o * u_o + coef_neg @ u_neg          # u_c as the center
    if collision_factor or outside_idx != center_idx:
        grad[outside_idx] += coef_o * u_c                          # u_o as the outside word
    as_negative = np.ones(len(neg_indices), dtype=bool) if collision_factor else neg_indices != center_idx
    np.add.at(grad, neg_indices[as_negative], coef_neg[as_negative, None] * u_c)  # each u_{w_k} as a negative
    return float(loss) + 0.0, grad


def tied_skipgram(center_word: str, window_words: Sequence[str], word2ind: Mapping[str, int], vectors,
                  loss_fn: LossFn):
    """Loss and gradient of one skip-gram window with one matrix: ∂J/∂W = ∂J/∂V + ∂J/∂U at V = U = W.

    vectors: shape (n_words, d), row w is u_w; the other arguments as in :func:`w2vlib.skipgram`.
    Returns ``(loss, grad_vectors)`` with shapes () and (n_words, d).
    """
    vectors = as_float_array(vectors, "vectors", 2, "(n_words, d)", check_finite=False)
    loss, grad_as_center, grad_as_outside = skipgram(center_word, window_words, word2ind, vectors, vectors, loss_fn)
    return loss, grad_as_center + grad_as_outside
