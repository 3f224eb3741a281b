"""Training on pairs drawn from a known distribution, with NCE or negative sampling: what do the scores learn?

A corpus is a finite sample; to see what an *objective* makes the scores s(c, o) = u_o^T v_c converge to, draw the
(center, outside) pairs straight from a known joint distribution P(c, o) (e.g. the planted corpus's exact one,
:mod:`w2vlib.text.planted_pairs`), and the K noise words of every pair from P_n (no word excluded, as NCE's
derivation assumes). Each minibatch is one SGD step of :func:`w2vlib.training.cbow_hs_step.logistic_minibatch_step`,
in float64, with NCE's shift b_w = log(K P_n(w)) (``objective="nce"``) or without it (``"neg_sampling"``), and a step
size falling linearly to 0. Then NCE's scores should approach log P(o | c) and negative sampling's
log P(o | c) − log(K P_n(o)) (:mod:`w2vlib.losses.nce`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..losses.nce import nce_log_correction
from ..text.negative_sampler import NegativeSampler
from ..validation import as_float_array, check_number, check_positive_int
from .cbow_hs_step import logistic_minibatch_step

OBJECTIVES = ("nce", "neg_sampling")


@dataclass
class PairModel:
    """center_vectors, outside_vectors: shape (n_words, d), float64; scores: shape (n_words, n_words), row c, column o
    the learned s(c, o) = u_o^T v_c."""

    center_vectors: np.ndarray
    outside_vectors: np.ndarray

    @property
    def scores(self) -> np.ndarray:
        return self.center_vectors @ self.outside_vectors.T


def train_on_pair_distribution(joint, noise_probabilities, objective: str, *, n_negatives: int = 5, dim: int = 30,
                               steps: int = 1000, batch_size: int = 512, step_size: float = 0.02,
                               seed: int = 0) -> PairModel:
    """SGD on pairs (c, o) ~ ``joint`` with K = ``n_negatives`` noise words each from ``noise_probabilities``.

    joint:               shape (n_words, n_words), P(c, o), non-negative, summing to 1.
    noise_probabilities: shape (n_words,), P_n, positive, summing to 1.
    objective:           "nce" (scores shifted by log(K P_n(w))) or "neg_sampling" (no shift).
    dim: d; steps: minibatches of ``batch_size`` pairs; step_size: α at the start, falling linearly to 0; seed: the
    start (V uniform in (−0.5/d, 0.5/d), U = 0), the pairs and the noise.
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be 'nce' or 'neg_sampling', got {objective!r}.")
    joint = as_float_array(joint, "joint", 2, "(n_words, n_words)")
    n_words = joint.shape[0]
    if joint.shape != (n_words, n_words) or np.any(joint < 0) or abs(joint.sum() - 1) > 1e-6:
        raise ValueError(f"joint must be a square matrix of probabilities P(c, o) summing to 1, got shape {joint.shape} "
                         f"summing to {joint.sum():.6g}.")
    n_negatives = check_positive_int(n_negatives, "n_negatives (K)")
    correction = nce_log_correction(noise_probabilities, n_negatives)   # also checks P_n
    if correction.shape[0] != n_words:
        raise ValueError(f"noise_probabilities has {correction.shape[0]} entries for {n_words} words.")
    dim, steps, batch_size = (check_positive_int(dim, "dim (d)"), check_positive_int(steps, "steps"),
                              check_positive_int(batch_size, "batch_size"))
    step_size = check_number(step_size, "step_size (α)", 0.0, strict=True)
    rng = np.random.default_rng(check_positive_int(seed, "seed", minimum=0))
    pairs = NegativeSampler(joint.reshape(-1), power=1.0, seed=rng)       # binary search in the cumulative P(c, o)
    noise = NegativeSampler(noise_probabilities, power=1.0, seed=rng)
    center_vectors, outside_vectors = (rng.random((n_words, dim)) - 0.5) / dim, np.zeros((n_words, dim))
    width = n_negatives + 1
    signs = np.tile(np.r_[1.0, -np.ones(n_negatives)], batch_size)        # the real pair, then K noise words
    group = np.repeat(np.arange(batch_size, dtype=np.int32), width)
    for step in range(steps):
        centers, outside = np.divmod(pairs.sample(batch_size), n_words)
        rows = np.column_stack([outside, noise.sample((batch_size, n_negatives))]).astype(np.int32).reshape(-1)
        logistic_minibatch_step(center_vectors, outside_vectors, centers.astype(np.int32), None, rows, group, signs,
                                step_size * (1 - step / steps),
                                logit_shift=correction[rows] if objective == "nce" else None, max_repeats=None)
    return PairModel(center_vectors, outside_vectors)
