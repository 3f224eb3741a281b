"""The L2 term of "Explain The Idea": D u^T u added to the loss, so that vectors (and dot products) stay small.

The article adds D u_t^T u_t to the loss of every (center, outside) pair, u_t being the center word's vector.
Its gradient is

    ∂(D u^T u)/∂u = D (u + u) = 2 D u

(the product rule on u^T u = Σ_i u_i², whose derivative in u_i is 2 u_i). A step against it shrinks u by the
factor (1 − 2αD): "weight decay". A window with n outside words adds n D v_c^T v_c.
"""
from __future__ import annotations

import numpy as np

from ..validation import as_float_array, check_index, check_number


def check_l2_weight(l2_weight) -> float:
    """Return D as a float, requiring a finite number >= 0."""
    return check_number(l2_weight, "l2_weight (D)", 0.0, hint=" (0 switches the L2 term off; try 1e-3)")


def l2_penalty_and_gradient(vectors, row: int, n_times: int, l2_weight: float):
    """The penalty n D u_r^T u_r of row ``row`` counted ``n_times`` times, and its gradient.

    vectors:   shape (n_words, d), one vector per row (V, or the one matrix of the tied model).
    row:       the row r whose vector is penalised (the center word c).
    n_times:   how many pairs the penalty is added for (the number of outside words of the window).
    l2_weight: D >= 0.
    Returns ``(penalty, grad_vectors)`` with shapes () and (n_words, d); only row r of the gradient is non-zero,
    2 n D u_r.
    """
    vectors = as_float_array(vectors, "vectors", 2, "(n_words, d)", check_finite=False)
    row = check_index(row, "row", vectors.shape[0], "vectors")
    l2_weight = check_l2_weight(l2_weight)
    u = vectors[row]
    grad = np.zeros_like(vectors)
    grad[row] = 2.0 * n_times * l2_weight * u
    return float(n_times * l2_weight * (u @ u)), grad
