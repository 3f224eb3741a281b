"""Noise-contrastive estimation (NCE), and negative sampling as the special case K P_n(w) = 1.

NCE (Gutmann and Hyvärinen 2010; for words Mnih and Teh 2012) learns an unnormalised model P_θ(w | c) = exp(s(c, w)),
s(c, w) = u_w^T v_c, by telling the real outside word o (drawn from the data's P(w | c)) from K noise words w_k
(drawn from P_n). A word w that came from one of the K + 1 draws is real with probability

    P(real | c, w) = P_θ(w | c) / (P_θ(w | c) + K P_n(w)) = σ(s(c, w) − log(K P_n(w))),

so the NCE loss of a pair is the negative-sampling loss with every score shifted by b_w = log(K P_n(w)):

    J_NCE = −log σ(s_o − b_o) − Σ_{k=1..K} log σ(−(s_{w_k} − b_{w_k})).

Its best scores satisfy e^{s*(c,w)} = P(w | c): NCE learns the log-probabilities themselves. Negative sampling drops
the shift (b_w = 0, i.e. K P_n(w) = 1 for every w), and its best scores are s*(c, w) = log P(w | c) − log(K P_n(w)) =
log(P(c, w) / (P(c) P_n(w))) − log K: a pointwise mutual information, shifted by log K. The gradients are those of
negative sampling at the shifted scores (the shift does not depend on the vectors):

    ∂J/∂v_c     = (σ(s_o − b_o) − 1) u_o + Σ_k σ(s_{w_k} − b_{w_k}) u_{w_k}
    ∂J/∂u_o     = (σ(s_o − b_o) − 1) v_c
    ∂J/∂u_{w_k} = σ(s_{w_k} − b_{w_k}) v_c           (summed over repeats)
"""
from __future__ import annotations

import numpy as np

from .activations import log_sigmoid, sigmoid
from ..validation import as_float_array, check_index, check_indices, check_positive_int, check_same_width


def nce_log_correction(noise_probabilities, n_noise: int) -> np.ndarray:
    """b_w = log(K P_n(w)), shape (n_words,), for a noise distribution ``noise_probabilities`` (shape (n_words,),
    positive, summing to 1) and K = ``n_noise`` noise words per real one."""
    n_noise = check_positive_int(n_noise, "n_noise (K)")
    probabilities = as_float_array(noise_probabilities, "noise_probabilities", 1, "(n_words,)")
    if np.any(probabilities <= 0) or abs(probabilities.sum() - 1.0) > 1e-6:
        raise ValueError("noise_probabilities must be a distribution P_n over the words: all positive and summing to "
                         f"1 (they sum to {probabilities.sum():.6g}, smallest {probabilities.min():.3g}); e.g. "
                         "w2vlib.noise_distribution(counts, 0.75). A word with P_n(w) = 0 could never be noise.")
    return np.log(n_noise * probabilities)


def noise_contrastive_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg_indices, log_correction):
    """Loss and gradients of one pair for the logistic loss with shifted scores s_w − b_w.

    Arguments (handout symbol in brackets):
        center_vec:      shape (d,) [v_c].
        outside_idx:     int [o].
        outside_vectors: shape (n_words, d), row w is u_w.
        neg_indices:     shape (K,), the noise words w_1..w_K (repeats allowed).
        log_correction:  shape (n_words,), b_w: log(K P_n(w)) for NCE (:func:`nce_log_correction`), zeros for
                         negative sampling.
    Returns ``(loss, grad_center_vec, grad_outside_vectors)``, shapes (), (d,), (n_words, d).
    """
    center_vec = as_float_array(center_vec, "center_vec", 1, "(d,)")
    outside_vectors = as_float_array(outside_vectors, "outside_vectors", 2, "(n_words, d)")
    check_same_width(center_vec, "center_vec", outside_vectors, "outside_vectors")
    n_words = outside_vectors.shape[0]
    outside_idx = check_index(outside_idx, "outside_idx", n_words, "outside_vectors")
    neg_indices = check_indices(neg_indices, "neg_indices", n_words, "outside_vectors")
    log_correction = as_float_array(log_correction, "log_correction", 1, "(n_words,)")
    if log_correction.shape[0] != n_words:
        raise ValueError(f"log_correction has {log_correction.shape[0]} entries but outside_vectors has {n_words} "
                         "rows; give one b_w per word.")
    shifted_o = outside_vectors[outside_idx] @ center_vec - log_correction[outside_idx]
    shifted_neg = outside_vectors[neg_indices] @ center_vec - log_correction[neg_indices]   # (K,)
    loss = -log_sigmoid(shifted_o) - np.sum(log_sigmoid(-shifted_neg))
    coef_o, coef_neg = sigmoid(shifted_o) - 1.0, sigmoid(shifted_neg)
    grad_center_vec = coef_o * outside_vectors[outside_idx] + coef_neg @ outside_vectors[neg_indices]
    grad_outside_vectors = np.zeros_like(outside_vectors)
    grad_outside_vectors[outside_idx] += coef_o * center_vec
    np.add.at(grad_outside_vectors, neg_indices, coef_neg[:, None] * center_vec)
    return float(loss) + 0.0, grad_center_vec, grad_outside_vectors


def nce_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg_indices, noise_probabilities):
    """The NCE loss of one pair and its gradients: :func:`noise_contrastive_loss_and_gradient` with
    b_w = log(K P_n(w)), K = len(neg_indices) and P_n = ``noise_probabilities`` (shape (n_words,), a distribution;
    the noise words must have been drawn from it, without excluding o)."""
    neg_indices = np.asarray(neg_indices)
    return noise_contrastive_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg_indices,
                                               nce_log_correction(noise_probabilities, max(neg_indices.size, 1)))

