"""Notebook 03's checkers."""
from __future__ import annotations

import numpy as np

from .engine import (CheckResult, _Case, _Mistake, _close, _random_vectors, _run_check, _vectors_with_scores,
                     LOG_SIGMOID_HINT, REPEATED_NEGATIVES)
from ..activations import log_sigmoid, sigmoid
from ..negative_sampling import neg_sampling_loss_and_gradient
from .nb02 import NAIVE_OUTPUTS, NAIVE_ARGS


def _neg_case(rng, n, d, neg_indices, o, text, nonfinite_hint="", vectors=None):
    center_vec, outside_vectors = _random_vectors(rng, n, d) if vectors is None else vectors
    neg_indices = np.asarray(neg_indices, dtype=np.intp)
    rows, counts = np.unique(np.append(neg_indices, o), return_counts=True)
    return _Case((center_vec, o, outside_vectors, neg_indices),
                 f"{text}, n_words = {n}, d = {d}, o = {o}, neg_indices = {neg_indices.tolist()}",
                 {"n_words": n, "d": d, "K": len(neg_indices)}, nonfinite_hint=nonfinite_hint,
                 repeated_rows=tuple(int(r) for r in rows[counts > 1]))


def _neg_grads_with(case, noise_factor, o_row_overwritten=False):
    """∂J/∂v_c and ∂J/∂U as a student might write them: ``noise_factor(s_k)`` in place of σ(s_k), and optionally
    row o set with ``=`` after the negatives were added (losing their contribution when o is among them)."""
    center_vec, o, outside_vectors, neg = case.args
    s_o, s_k = outside_vectors[o] @ center_vec, outside_vectors[neg] @ center_vec
    grad_center_vec = (sigmoid(s_o) - 1) * outside_vectors[o] + noise_factor(s_k) @ outside_vectors[neg]
    grad_outside = np.zeros_like(outside_vectors)
    np.add.at(grad_outside, neg, noise_factor(s_k)[:, None] * center_vec)
    if o_row_overwritten:
        grad_outside[o] = (sigmoid(s_o) - 1) * center_vec
    else:
        grad_outside[o] += (sigmoid(s_o) - 1) * center_vec
    return grad_center_vec, grad_outside


ONE_MINUS_SIGMA_HINT = ("the negatives' terms use 1 − σ(u_k^T v_c), which is the factor of the real pair's term. For a "
                        "noise pair the loss is −log σ(−s_k): redo that one-line derivative, with the chain rule "
                        "through −s_k (a published solution makes the same slip).")


def _one_minus_sigma(yours, expected, case, output):
    grads = _neg_grads_with(case, lambda s: 1 - sigmoid(s))
    return _close(yours, grads[0] if output == "grad_center_vec" else grads[1])


NEG_SAMPLING_MISTAKES = [
    _Mistake("grad_center_vec", lambda y, e, case: _one_minus_sigma(y, e, case, "grad_center_vec"),
             ONE_MINUS_SIGMA_HINT),
    _Mistake("grad_outside_vectors", lambda y, e, case: _one_minus_sigma(y, e, case, "grad_outside_vectors"),
             ONE_MINUS_SIGMA_HINT),
    _Mistake("grad_outside_vectors",
             lambda y, e, case: _close(y, _neg_grads_with(case, sigmoid, o_row_overwritten=True)[1]),
             "row o, the outside word, is also a negative here, and its negative-sample contribution is gone: "
             "the row was set with `=` after np.add.at had added to it. Add to that row instead of assigning."),
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
                  vectors=_vectors_with_scores(rng, scores, 3)),
    ]
    return _run_check("check_neg_sampling_loss_and_gradient", student_fn, neg_sampling_loss_and_gradient, cases,
                      NAIVE_OUTPUTS, [*NAIVE_ARGS, "neg_indices"],
                      mistakes=[*NEG_SAMPLING_MISTAKES, REPEATED_NEGATIVES], forbidden=[neg_sampling_loss_and_gradient])



# ----------------------------------------------------------------------------------------------------------
# Notebook 03: derivatives judged by finite differences, and a published derivation's slips
# ----------------------------------------------------------------------------------------------------------

FINITE_DIFFERENCE_STEP = 1e-5


def _finite_difference_sigmoid_derivative(x):
    """σ'(x) by centred finite differences (σ(x + h) − σ(x − h)) / 2h, entry by entry, as gradcheck computes it."""
    x = np.asarray(x, dtype=np.float64)
    return (sigmoid(x + FINITE_DIFFERENCE_STEP) - sigmoid(x - FINITE_DIFFERENCE_STEP)) / (2 * FINITE_DIFFERENCE_STEP)


def check_sigmoid_derivative(student_fn) -> CheckResult:
    """Check ``student_fn(x) -> σ'(x)`` elementwise, for x of any shape, against finite differences of σ
    (notebook 03, exercise 1: derive σ' and let the finite differences judge)."""
    rng = np.random.default_rng(707)
    cases = [
        _Case((rng.normal(scale=2.0, size=6),), "x of shape (6,), entries of size about 2", {"n": 6}),
        _Case((np.array([0.0, 0.5, -0.5, 3.0]),), "x = [0, 0.5, -0.5, 3]", {"n": 4}),
        _Case((rng.normal(scale=3.0, size=(2, 3)),), "x of shape (2, 3)", {}),
        _Case((np.array([-30.0, -12.0, 12.0, 30.0]),), "x = ±12, ±30, where σ saturates", {"n": 4}),
        _Case((np.array([-1000.0, 1000.0, -800.0]),), "x = ±1000", {"n": 3},
              nonfinite_hint="e^{-x} overflows for x = −1000: write σ'(x) in terms of sigmoid(x), which never does."),
    ]

    def differs_from_sigma(formula):
        return lambda yours, expected, case: _close(yours, formula(sigmoid(case.args[0])))

    mistakes = [
        _Mistake("*", differs_from_sigma(lambda s: s), "you returned σ(x) itself, not its slope."),
        _Mistake("*", differs_from_sigma(lambda s: 1 - s),
                 "yours is 1 − σ(x) = σ(−x): one factor of the product is missing."),
        _Mistake("*", differs_from_sigma(lambda s: s * s), "yours is σ(x)²: look again at the second factor."),
        _Mistake("*", differs_from_sigma(lambda s: s * (1 + s)),
                 "yours is σ(x)(1 + σ(x)): check the sign inside the second factor (the symmetry identity)."),
    ]
    return _run_check("check_sigmoid_derivative", student_fn, _finite_difference_sigmoid_derivative, cases,
                      ["sigma_prime"], ["x"], mistakes=mistakes)


def _noise_term(center_vec, u_k):
    """−log σ(−u_k^T v_c), the loss term of one noise pair."""
    return -log_sigmoid(-(u_k @ center_vec))


def _finite_difference_grad_in_negative(center_vec, u_k):
    """∂/∂u_k of −log σ(−u_k^T v_c) by centred finite differences, entry by entry (what gradcheck compares with)."""
    grad = np.zeros_like(u_k, dtype=np.float64)
    for i in range(u_k.shape[0]):
        step = np.zeros_like(grad)
        step[i] = FINITE_DIFFERENCE_STEP
        grad[i] = (_noise_term(center_vec, u_k + step) - _noise_term(center_vec, u_k - step)) / (2 * FINITE_DIFFERENCE_STEP)
    return grad


def check_grad_in_negative(student_fn) -> CheckResult:
    """Check ``student_fn(center_vec, u_k) -> ∂J_neg-sample/∂u_{w_k}``, shape (d,), for a negative w_k drawn once and
    different from o, against finite differences of the loss (notebook 03, exercise 2).

    center_vec: shape (d,) [v_c]; u_k: shape (d,) [u_{w_k}].
    """
    rng = np.random.default_rng(808)
    cases = []
    for d, scale, text in [(3, 1.0, "random vectors"), (5, 1.0, "random vectors"), (4, 0.3, "small vectors"),
                           (3, 3.0, "large vectors, scores of size about 10")]:
        cases.append(_Case((rng.normal(scale=scale, size=d), rng.normal(scale=scale, size=d)), f"{text}, d = {d}",
                           {"d": d}))

    def along(formula, vector="center_vec"):
        def looks_like(yours, expected, case):
            center_vec, u_k = case.args
            factor = formula(sigmoid(u_k @ center_vec))
            return _close(yours, factor * (center_vec if vector == "center_vec" else u_k))
        return looks_like

    mistakes = [
        _Mistake("*", along(lambda s: 1 - s), ONE_MINUS_SIGMA_HINT),
        _Mistake("*", along(lambda s: s - 1),
                 "that is the real pair's gradient (label 1); a noise pair's loss is −log σ(−s_k), label 0."),
        _Mistake("*", along(lambda s: s * (1 - s)),
                 "σ(1 − σ) is σ'(s_k); the derivative of the *log* of σ(−s_k) divides σ' by σ(−s_k)."),
        _Mistake("*", along(lambda s: s, vector="u_k"),
                 "your gradient points along u_k: the derivative of s_k = u_k^T v_c with respect to u_k is v_c."),
    ]
    return _run_check("check_grad_in_negative", student_fn, _finite_difference_grad_in_negative, cases,
                      ["grad_u_k"], ["center_vec", "u_k"], mistakes=mistakes)


PUBLISHED_LABELS = ("d1", "d2", "d3", "d4", "e-loss", "e-v_c", "e-u_o", "e-u_k")
_PUBLISHED_SLIPS = frozenset({"d3", "e-loss", "e-u_k"})


def check_slips(slips) -> CheckResult:
    """Check the set of labels of the published lines that are wrong (notebook 03, exercise 4), or a function that
    returns it (called without arguments). The message says how
    many slips were found, in which part the missing ones are, and whether a correct line was flagged; it never
    lists the slips."""
    name = "check_slips"
    if callable(slips):
        try:
            slips = _call_quietly(slips, ())
        except NotImplementedError as exc:
            result = CheckResult(False, f"✗ {name}: not done yet: your function raises NotImplementedError ({exc}). "
                                        "Replace that line with your code, then run this cell again.")
            print(result.message)
            return result
        except Exception as exc:  # the student's bug, as a sentence
            result = CheckResult(False, f"✗ {name}: your function raised {type(exc).__name__}: {exc}")
            print(result.message)
            return result
    if isinstance(slips, str) or not isinstance(slips, (set, frozenset, list, tuple)):
        message = (f"✗ {name}: slips must be a set of labels such as {{'d1', 'e-v_c'}}, "
                   f"got {type(slips).__name__}.")
    elif not set(slips) <= set(PUBLISHED_LABELS):
        unknown = sorted(str(label) for label in set(slips) - set(PUBLISHED_LABELS))
        message = (f"✗ {name}: unknown label(s) {unknown}; the labels are {', '.join(PUBLISHED_LABELS)}.")
    else:
        slips = set(slips)
        found, flagged_correct = slips & _PUBLISHED_SLIPS, slips - _PUBLISHED_SLIPS
        missing_parts = sorted({label[0] for label in _PUBLISHED_SLIPS - slips})
        if not found and not flagged_correct:
            message = (f"✗ {name}: you flagged no line, but the published solution has slips. Run gradcheck on "
                       "every line.")
        elif flagged_correct:
            message = (f"✗ {name}: {len(flagged_correct)} of the lines you flagged "
                       f"{'agrees' if len(flagged_correct) == 1 else 'agree'} with finite differences: a line is a "
                       "slip only when gradcheck (or the true loss) disagrees with it.")
        elif missing_parts:
            message = (f"✗ {name}: you found {len(found)} of the {len(_PUBLISHED_SLIPS)} slips; the missing ones are "
                       f"in part ({') and ('.join(missing_parts)}).")
        else:
            message = f"✓ {name} passed: you found all {len(_PUBLISHED_SLIPS)} slips, and flagged no correct line."
    result = CheckResult(message.startswith("✓"), message)
    print(result.message)
    return result


