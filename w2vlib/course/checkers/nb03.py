"""Notebook 03's checker of the negative-sampling loss and its gradients (handout part (e)), with a negative drawn
twice, the outside word among the negatives, and scores near ±1000."""
from __future__ import annotations

import numpy as np

from ...losses.activations import log_sigmoid, sigmoid
from ...losses.negative_sampling import neg_sampling_loss_and_gradient
from .cases import Case, CheckResult, Mistake, close, quietly, random_vectors, vectors_with_scores
from .engine import Exercise, run_check
from .hints import NOTHING_STORED, NP_LOG_OUT, rows_are_words, wrong_rows
from .nb02 import NAIVE_ARGS, NAIVE_OUTPUTS
from .nb03_derivatives import ONE_MINUS_SIGMA_HINT

LOG_SIGMOID_HINT = ("not finite for large scores u_w^T v_c ≈ ±1000: np.log(sigmoid(x)) is log(0) = -inf there; "
                    "use w2vlib.log_sigmoid(x), which equals -np.logaddexp(0, -x)")


def _neg_case(rng, n, d, neg_indices, o, text, nonfinite_hint="", vectors=None):
    center_vec, outside_vectors = random_vectors(rng, n, d) if vectors is None else vectors
    neg_indices = np.asarray(neg_indices, dtype=np.intp)
    rows, counts = np.unique(neg_indices, return_counts=True)
    roles = {int(w): "a negative" for w in rows}
    roles[o] = "the outside word o" + (", also a negative" if o in neg_indices else "")
    return Case((center_vec, o, outside_vectors, neg_indices),
                f"{text}, n_words = {n}, d = {d}, o = {o}, neg_indices = {neg_indices.tolist()}",
                {"n_words": n, "d": d, "K": len(neg_indices)}, nonfinite_hint=nonfinite_hint,
                repeated_rows=tuple(int(r) for r in rows[counts > 1]), roles=roles)


def _neg_grads_with(case, noise_factor):
    """∂J/∂v_c, ∂J/∂U, and the real pair's part of row o, with ``noise_factor(s_k)`` in place of σ(s_k)."""
    center_vec, o, outside_vectors, neg = case.args
    s_o, s_k = outside_vectors[o] @ center_vec, outside_vectors[neg] @ center_vec
    grad_center_vec = (sigmoid(s_o) - 1) * outside_vectors[o] + noise_factor(s_k) @ outside_vectors[neg]
    grad_outside = np.zeros_like(outside_vectors)
    np.add.at(grad_outside, neg, noise_factor(s_k)[:, None] * center_vec)
    real_part = (sigmoid(s_o) - 1) * center_vec
    grad_outside[o] += real_part
    return grad_center_vec, grad_outside, real_part


def _one_minus_sigma(output):
    def looks_like(yours, expected, case):
        grads = _neg_grads_with(case, lambda s: 1 - sigmoid(s))
        return close(yours, grads[0] if output == "grad_center_vec" else grads[1])
    return looks_like


def _only_row_o_holds(part):
    """Row o is the only wrong row, o is among the negatives, and row o holds only the real pair's part
    (``part="real"``) or only the negatives' part (``part="negatives"``; all of it, or one negative's)."""
    def looks_like(yours, expected, case):
        center_vec, o, outside_vectors, neg = case.args
        if yours.ndim != 2 or o not in neg or wrong_rows(yours, expected).tolist() != [o]:
            return False
        real_part = _neg_grads_with(case, sigmoid)[2]
        if part == "real":
            return close(yours[o], real_part)
        one_negative = sigmoid(outside_vectors[o] @ center_vec) * center_vec
        return close(yours[o], expected[o] - real_part) or close(yours[o], one_negative)
    return looks_like


def _repeats_counted_once(yours, expected, case) -> bool:
    """Only rows of negatives drawn more than once are wrong (row o may be wrong with them, when it is a negative)."""
    if not case.repeated_rows or yours.ndim != 2:
        return False
    wrong, repeated = set(wrong_rows(yours, expected).tolist()), set(case.repeated_rows)
    o, neg = case.args[1], case.args[3]
    return bool(wrong & repeated) and wrong <= repeated | ({o} if o in neg else set())


def _loss_over_the_vocabulary(yours, expected, case) -> bool:
    center_vec, o, outside_vectors, _ = case.args
    scores = outside_vectors @ center_vec
    noise = quietly(log_sigmoid, -scores)
    real = -quietly(log_sigmoid, scores[o])
    return close(yours, real - np.sum(noise)) or close(yours, real - np.sum(np.delete(noise, o)))


NEG_SAMPLING_MISTAKES = [
    Mistake("grad_center_vec", _one_minus_sigma("grad_center_vec"), ONE_MINUS_SIGMA_HINT),
    Mistake("grad_outside_vectors", _one_minus_sigma("grad_outside_vectors"), ONE_MINUS_SIGMA_HINT),
    Mistake("grad_outside_vectors", _only_row_o_holds("real"),
            "row o, the outside word, is also a negative here, and it holds only the real pair's part: its "
            "negative-sample contribution is gone. Was the row set with `=` after the negatives had been added "
            "to it? Add to that row instead of assigning."),
    Mistake("grad_outside_vectors", _only_row_o_holds("negatives"),
            "row o, the outside word, is also a negative here, and it holds only the negatives' part: the real "
            "pair's contribution is gone. Were the negatives' rows assigned with `=` after row o was set, replacing "
            "it? Add to the rows instead of assigning."),
    Mistake("grad_outside_vectors", _repeats_counted_once,
            "a negative drawn twice only counted once: use np.add.at instead of fancy-index assignment. "
            "grad[rows] += values (or =) writes a repeated row once; np.add.at adds once for every occurrence of an "
            "index."),
    Mistake("loss", _loss_over_the_vocabulary,
            "your loss adds the noise term −log σ(−u_w^T v_c) for every word of the vocabulary; negative sampling "
            "adds it for the K drawn negatives only (neg_indices, a repeated one as often as it was drawn)."),
    NOTHING_STORED,
]


def check_neg_sampling_loss_and_gradient(student_fn) -> CheckResult:
    """Check ``student_fn(center_vec, outside_idx, outside_vectors, neg_indices) -> (loss, grad_center_vec,
    grad_outside_vectors)``, the contract of :func:`w2vlib.neg_sampling_loss_and_gradient` (notebook 03).

    The cases include a negative drawn twice or three times, the outside word among the negatives, and scores
    near ±1000 (where log σ must be computed stably).
    """
    rng = np.random.default_rng(404)
    scores = np.array([-1000.0, 1000.0, -999.0, 1001.0, 998.0, -1002.0, 3.0])  # o = 0 scored low, negatives high
    cases = [
        _neg_case(rng, 8, 3, [5, 1, 7, 2], 0, "distinct negatives"),
        _neg_case(rng, 10, 4, [9, 3, 6, 0, 8], 2, "distinct negatives"),
        _neg_case(rng, 6, 2, [1, 4, 3], 5, "distinct negatives"),
        _neg_case(rng, 9, 3, [4, 4, 7, 4, 2], 1, "repeated negatives"),
        _neg_case(rng, 7, 4, [3, 6, 1], 3, "the outside word among the negatives"),
        _neg_case(rng, 8, 5, [2, 0, 2, 6, 0], 2, "repeated negatives and the outside word among them"),
        _neg_case(rng, 7, 3, [1, 3, 4, 5], 0, "scores u_w^T v_c near ±1000", LOG_SIGMOID_HINT,
                  vectors=vectors_with_scores(rng, scores, 3)),
    ]
    return run_check(Exercise(
        "check_neg_sampling_loss_and_gradient", neg_sampling_loss_and_gradient, cases, NAIVE_OUTPUTS,
        [*NAIVE_ARGS, "neg_indices"], mistakes=NEG_SAMPLING_MISTAKES, forbidden=[neg_sampling_loss_and_gradient],
        exception_hints=[rows_are_words(), NP_LOG_OUT]), student_fn)
