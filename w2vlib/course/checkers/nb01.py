"""Notebook 01's checker: P(O = w | C = c) for every word w, eq. (1), as a softmax of the scores u_w^T v_c."""
from __future__ import annotations

import numpy as np

from ...losses.activations import log_softmax, softmax
from .cases import MAX_SHIFT_HINT, Case, CheckResult, large_score_inputs, random_vectors
from .engine import Exercise, run_check
from .hints import NOT_NORMALISED_1D, rows_are_words


def _reference_outside_word_probabilities(center_vec, outside_vectors):
    return softmax(outside_vectors @ center_vec)


def check_outside_word_probabilities(student_fn) -> CheckResult:
    """Check ``student_fn(center_vec, outside_vectors) -> ŷ``, ŷ_w = P(O = w | C = c) (notebook 01, eq. 1).

    center_vec: shape (d,) [v_c]; outside_vectors: shape (n_words, d) [row w is u_w]; ŷ: shape (n_words,).
    """
    rng = np.random.default_rng(101)
    cases = [Case(random_vectors(rng, n, d), f"random vectors, n_words = {n}, d = {d}", {"n_words": n, "d": d})
             for n, d in [(5, 3), (7, 4), (10, 6), (4, 2)]]
    for center_vec, outside_vectors, _, text in large_score_inputs(rng, [(6, 3), (8, 5)]):
        n, d = outside_vectors.shape
        cases.append(Case((center_vec, outside_vectors), text, {"n_words": n, "d": d}, nonfinite_hint=MAX_SHIFT_HINT))
    return run_check(Exercise(
        "check_outside_word_probabilities", _reference_outside_word_probabilities, cases, ["y_hat"],
        ["center_vec", "outside_vectors"], mistakes=[NOT_NORMALISED_1D], forbidden=[softmax, log_softmax],
        exception_hints=[rows_are_words()]), student_fn)
