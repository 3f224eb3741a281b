"""Notebook 07's checker (design choices): one pair's loss and gradient when each word has one vector.

    check_tied_pair_gradient   fn(vectors, center_idx, outside_idx, neg_indices) -> (loss, grad_vectors),
                               the contract of :func:`w2vlib.losses.tied_vectors.tied_neg_sampling_loss_and_gradient`
"""
from __future__ import annotations

import numpy as np

from ...losses.tied_vectors import tied_neg_sampling_loss_and_gradient
from .cases import Case, CheckResult, Mistake
from .engine import Exercise, run_check
from .hints import NOTHING_STORED, NP_LOG_OUT, rows_are_words, wrong_rows


def _only_the_center_row_is_wrong(yours, expected, case) -> bool:
    if yours.ndim != 2:
        return False
    return wrong_rows(yours, expected).tolist() == [case.args[1]]


FORGOT_THE_FACTOR_TWO = Mistake(
    "grad_vectors", _only_the_center_row_is_wrong,
    "only the center word's row is wrong, and this case has c as the outside word or among the negatives. "
    "With one matrix u_c appears on both sides of u_c^T u_c, whose gradient is 2 u_c: row c must get the "
    "contribution of c as the center AND the one as the outside word / as a negative (add them with += and "
    "np.add.at; do not overwrite).")


def check_tied_pair_gradient(student_fn) -> CheckResult:
    """Check ``student_fn(vectors, center_idx, outside_idx, neg_indices) -> (loss, grad_vectors)`` for one pair
    of the one-matrix model: vectors (n_words, d), rows u_w; the cases include o = c and a negative equal to c."""
    rng = np.random.default_rng(707)
    cases = []
    for c, o, neg, text in [(1, 2, [4, 5, 0], "all words different"),
                            (0, 3, [3, 6, 6], "a negative drawn twice, o among the negatives"),
                            (2, 2, [5, 1, 4], "the outside word is the center word (o = c)"),
                            (4, 1, [4, 0, 3], "a negative is the center word"),
                            (3, 3, [3, 3, 5], "o = c and c drawn twice as a negative")]:
        vectors = rng.normal(scale=0.7, size=(7, 3))
        roles = {w: "a negative" for w in neg} | {o: "the outside word o"} | {c: "the center word c"}
        cases.append(Case((vectors, c, o, np.array(neg)), f"{text}: c = {c}, o = {o}, neg_indices = {neg}",
                          {"n_words": 7, "d": 3}, roles=roles))
    return run_check(Exercise(
        "check_tied_pair_gradient", tied_neg_sampling_loss_and_gradient, cases, ["loss", "grad_vectors"],
        ["vectors", "center_idx", "outside_idx", "neg_indices"], mistakes=[FORGOT_THE_FACTOR_TWO, NOTHING_STORED],
        forbidden=[tied_neg_sampling_loss_and_gradient], exception_hints=[rows_are_words("vectors"), NP_LOG_OUT]),
        student_fn)
