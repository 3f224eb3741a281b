"""Notebook 02's checkers: a row-wise softmax, and the naive-softmax loss of one pair with its two gradients."""
from __future__ import annotations

import numpy as np

from ...losses.activations import log_softmax, softmax
from ...losses.naive_softmax import naive_softmax_loss_and_gradient
from .cases import MAX_SHIFT_HINT, Case, CheckResult, Mistake, close, large_score_inputs, quietly, random_vectors
from .engine import Exercise, run_check
from .hints import NOT_NORMALISED_1D, NOT_NORMALISED_2D, NOTHING_STORED, NP_LOG_OUT, rows_are_words

ROW_MAX_HINT = MAX_SHIFT_HINT + " (for a (batch, n) input, each row's own max: np.max(x, axis=-1, keepdims=True))"


def check_softmax(student_fn) -> CheckResult:
    """Check ``student_fn(logits) -> softmax(logits)`` for logits of shape (n,) and (batch, n) (notebook 02)."""
    rng = np.random.default_rng(202)
    cases = [
        Case((rng.normal(size=5),), "logits of shape (n,) = (5,)", {"n": 5}),
        Case((rng.normal(scale=3.0, size=(3, 7)),), "logits of shape (batch, n) = (3, 7)", {"batch": 3, "n": 7}),
        Case((np.zeros(4),), "all logits equal (0), shape (4,)", {"n": 4}),
        Case((np.array([1000.0, 999.0, 998.5, -1000.0]),), "logits near +1000 and -1000, shape (4,)", {"n": 4},
             nonfinite_hint=ROW_MAX_HINT),
        Case((np.array([-1000.0, -1001.0, -999.5]),), "logits near -1000, shape (3,)", {"n": 3},
             nonfinite_hint=ROW_MAX_HINT),
        Case((np.vstack([1000.0 + rng.normal(size=5), -1000.0 + rng.normal(size=5)]),),
             "a row near +1000 and a row near -1000, shape (2, 5)", {"batch": 2, "n": 5}, nonfinite_hint=ROW_MAX_HINT),
    ]
    return run_check(Exercise("check_softmax", softmax, cases, ["softmax(logits)"], ["logits"],
                              mistakes=[NOT_NORMALISED_1D, NOT_NORMALISED_2D], forbidden=[softmax, log_softmax]),
                     student_fn)


NAIVE_OUTPUTS = ["loss", "grad_center_vec", "grad_outside_vectors"]
NAIVE_ARGS = ["center_vec", "outside_idx", "outside_vectors"]


def _differs_by_true_word_term(yours, expected, case, output) -> bool:
    """yours − expected is the −y part of U(ŷ − y) (output "grad_center_vec") or of v_c(ŷ − y)^T."""
    center_vec, outside_idx, outside_vectors = case.args[:3]
    missing = np.zeros_like(expected)
    if output == "grad_center_vec":
        missing = outside_vectors[outside_idx].astype(float)
    else:
        missing[outside_idx] = center_vec
    return close(yours - missing, expected)


def _summed_over_the_vocabulary(yours, expected, case) -> bool:
    center_vec, _, outside_vectors = case.args
    return close(yours, -np.sum(quietly(log_softmax, outside_vectors @ center_vec)))


NAIVE_MISTAKES = [
    Mistake("grad_center_vec", lambda yours, expected, case: _differs_by_true_word_term(yours, expected, case,
                                                                                        "grad_center_vec"),
            "yours is U ŷ alone: the −y part is missing. The loss has two terms, −u_o^T v_c and the "
            "log-sum-exp; differentiate the first one too."),
    Mistake("grad_outside_vectors", lambda yours, expected, case: _differs_by_true_word_term(
        yours, expected, case, "grad_outside_vectors"),
            "row o (the true outside word) lacks the −y part: the term −u_o^T v_c of the loss contributes to "
            "row o only; differentiate it too."),
    Mistake("loss", _summed_over_the_vocabulary,
            "your loss adds −log ŷ_w over every word of the vocabulary; the loss of the pair is the true outside "
            "word's term alone, −log ŷ_o (the one-hot y keeps only that term of the cross-entropy)."),
    NOTHING_STORED,
]


def check_naive_softmax_loss_and_gradient(student_fn) -> CheckResult:
    """Check ``student_fn(center_vec, outside_idx, outside_vectors) -> (loss, grad_center_vec, grad_outside_vectors)``.

    Same contract as :func:`w2vlib.naive_softmax_loss_and_gradient` (notebook 02, handout parts (a)–(c)).
    """
    rng = np.random.default_rng(303)
    cases = []
    for n, d in [(5, 3), (7, 4), (10, 6), (6, 2)]:
        center_vec, outside_vectors = random_vectors(rng, n, d)
        o = int(rng.integers(n))
        cases.append(Case((center_vec, o, outside_vectors), f"random vectors, n_words = {n}, d = {d}, o = {o}",
                          {"n_words": n, "d": d}, roles={o: "the outside word o"}))
    for center_vec, outside_vectors, scores, text in large_score_inputs(rng, [(6, 3), (8, 5)]):
        n, d = outside_vectors.shape
        o = int(np.argsort(scores)[-2])  # a likely outside word, so ŷ_o is not vanishingly small
        cases.append(Case((center_vec, o, outside_vectors), f"{text}, o = {o}", {"n_words": n, "d": d},
                          nonfinite_hint=MAX_SHIFT_HINT + " (or compute the loss with log-sum-exp)",
                          roles={o: "the outside word o"}))
    return run_check(Exercise(
        "check_naive_softmax_loss_and_gradient", naive_softmax_loss_and_gradient, cases, NAIVE_OUTPUTS, NAIVE_ARGS,
        mistakes=NAIVE_MISTAKES, forbidden=[naive_softmax_loss_and_gradient],
        exception_hints=[rows_are_words(), NP_LOG_OUT]), student_fn)
