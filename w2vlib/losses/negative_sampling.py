"""The negative-sampling loss of one (center, outside) pair and its gradients: handout part (e).

    J = −log σ(u_o^T v_c) − Σ_{k=1..K} log σ(−u_{w_k}^T v_c)
    ∂J/∂v_c     = (σ(u_o^T v_c) − 1) u_o + Σ_k σ(u_{w_k}^T v_c) u_{w_k}
    ∂J/∂u_o     = (σ(u_o^T v_c) − 1) v_c
    ∂J/∂u_{w_k} = Σ over the k with w_k = w of σ(u_w^T v_c) v_c      (a word drawn twice counts twice)

Only K + 1 rows of U are touched, so one pair costs O(K d) instead of the naive softmax's O(|Vocab| d).
"""
from __future__ import annotations

import numpy as np

from .activations import log_sigmoid, sigmoid
from ..validation import as_float_array, check_index, check_indices, check_positive_int, check_same_width


def neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg_indices):
    """Loss and gradients of one pair under negative sampling.

    Arguments (handout symbol in brackets):
        center_vec:      shape (d,), the center word's vector [v_c].
        outside_idx:     int, row of the outside word in ``outside_vectors`` [o].
        outside_vectors: shape (n_words, d), one row per vocabulary word [row w is u_w].
        neg_indices:     shape (K,), int rows of the K negative samples [w_1..w_K]; repeats allowed, K ≥ 1.

    Returns ``(loss, grad_center_vec, grad_outside_vectors)`` with shapes (), (d,), (n_words, d).
    A negative drawn twice contributes twice to its row of the gradient (``np.add.at``, not assignment);
    if the outside word itself is among the negatives, its row gets both contributions.
    Only the rows that are used are checked for nan/inf, keeping the cost O(K d).
    """
    center_vec = as_float_array(center_vec, "center_vec", 1, "(d,)")
    outside_vectors = as_float_array(outside_vectors, "outside_vectors", 2, "(n_words, d)", check_finite=False)
    check_same_width(center_vec, "center_vec", outside_vectors, "outside_vectors")
    n_words = outside_vectors.shape[0]
    outside_idx = check_index(outside_idx, "outside_idx", n_words, "outside_vectors")
    neg_indices = check_indices(neg_indices, "neg_indices", n_words, "outside_vectors")

    u_o = as_float_array(outside_vectors[outside_idx], f"outside_vectors[{outside_idx}] (u_o)", 1, "(d,)")
    u_neg = as_float_array(outside_vectors[neg_indices], "outside_vectors[neg_indices] (the u_k)", 2, "(K, d)")
    score_o = u_o @ center_vec            # u_o^T v_c
    score_neg = u_neg @ center_vec        # u_k^T v_c, shape (K,)
    loss = -log_sigmoid(score_o) - np.sum(log_sigmoid(-score_neg))

    coef_o = sigmoid(score_o) - 1.0       # σ(u_o^T v_c) − 1
    coef_neg = sigmoid(score_neg)         # σ(u_k^T v_c) = 1 − σ(−u_k^T v_c), shape (K,)
    grad_center_vec = coef_o * u_o + coef_neg @ u_neg
    grad_outside_vectors = np.zeros_like(outside_vectors, dtype=np.result_type(outside_vectors, center_vec))
    grad_outside_vectors[outside_idx] += coef_o * center_vec
    np.add.at(grad_outside_vectors, neg_indices, coef_neg[:, None] * center_vec)
    return float(loss) + 0.0, grad_center_vec, grad_outside_vectors  # + 0.0 turns -0.0 into 0.0


def make_neg_sampling_loss(sampler, n_negatives: int = 10):
    """A ``loss_fn`` for :func:`skipgram` that draws K = ``n_negatives`` fresh negatives for every pair.

    sampler: a :class:`~w2vlib.text.negative_sampler.NegativeSampler`; the outside word is excluded from its draws.
    """
    n_negatives = check_positive_int(n_negatives, "n_negatives (K)")

    def loss_fn(center_vec, outside_idx, outside_vectors):
        neg_indices = sampler.sample(n_negatives, exclude=outside_idx)
        return neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg_indices)

    loss_fn.__name__ = f"neg_sampling_loss(K={n_negatives})"
    return loss_fn
