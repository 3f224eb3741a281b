"""The naive-softmax loss of one (center, outside) pair and its gradients: handout parts (a)–(c).

    J = −log ŷ_o,   ŷ = softmax(U^T v_c)
    ∂J/∂v_c = U (ŷ − y)           in code: outside_vectors.T @ (y_hat - y)
    ∂J/∂U   = v_c (ŷ − y)^T        in code: np.outer(y_hat - y, center_vec)   (rows are words)
"""
from __future__ import annotations

import numpy as np

from .activations import log_softmax
from ..validation import as_float_array, check_index, check_same_width


def naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors):
    """Loss and gradients of one pair under the naive softmax (cross-entropy over the whole vocabulary).

    Arguments (handout symbol in brackets):
        center_vec:      shape (d,), the center word's vector [v_c].
        outside_idx:     int, row of the outside word in ``outside_vectors`` [o].
        outside_vectors: shape (n_words, d), one row per vocabulary word [U^T: row w is u_w].

    Returns ``(loss, grad_center_vec, grad_outside_vectors)``:
        loss:                 float, J = −log ŷ_o = −u_o^T v_c + log Σ_w exp(u_w^T v_c).
        grad_center_vec:      shape (d,), ∂J/∂v_c = U(ŷ − y).
        grad_outside_vectors: shape (n_words, d), row w is ∂J/∂u_w = (ŷ_w − y_w) v_c.

    The loss is computed through log-sum-exp, so it stays finite even when ŷ_o underflows to 0.
    """
    center_vec = as_float_array(center_vec, "center_vec", 1, "(d,)")
    outside_vectors = as_float_array(outside_vectors, "outside_vectors", 2, "(n_words, d)")
    check_same_width(center_vec, "center_vec", outside_vectors, "outside_vectors")
    outside_idx = check_index(outside_idx, "outside_idx", outside_vectors.shape[0], "outside_vectors")

    log_y_hat = log_softmax(outside_vectors @ center_vec)  # (n_words,)
    loss = -log_y_hat[outside_idx]
    y_hat_minus_y = np.exp(log_y_hat)                       # ŷ
    y_hat_minus_y[outside_idx] -= 1.0                       # ŷ − y
    grad_center_vec = outside_vectors.T @ y_hat_minus_y     # U(ŷ − y), shape (d,)
    grad_outside_vectors = np.outer(y_hat_minus_y, center_vec)  # (ŷ − y) v_c^T in rows, shape (n_words, d)
    return float(loss) + 0.0, grad_center_vec, grad_outside_vectors  # + 0.0 turns -0.0 into 0.0
