"""Notebook 03's checkers for the sigmoid and the derivatives of part (d) and (e): σ itself, σ'(x), and the gradient
of one noise pair's loss in its vector u_{w_k}. The derivatives are judged by finite differences, and a function that
*computes* finite differences is refused: the exercise is the derivation."""
from __future__ import annotations

import numpy as np

from ...losses.activations import log_sigmoid, sigmoid
from ...losses.negative_sampling import neg_sampling_loss_and_gradient
from ...losses.tied_vectors import tied_neg_sampling_loss_and_gradient
from .cases import TOLERANCE, Case, CheckResult, Mistake, close, quietly
from .engine import Exercise, run_check

FINITE_DIFFERENCE_STEP = 1e-5
FORMULA_ACCURACY = 1e-14   # a formula in float64 is this close to the exact derivative; finite differences are not


def _is(formula):
    """A mistake test: the student's values equal ``formula(x)`` for the case's x."""
    return lambda yours, expected, case: close(yours, quietly(formula, np.asarray(case.args[0], dtype=float)))


# ----------------------------------------------------------------------------------------------------------------
# σ itself
# ----------------------------------------------------------------------------------------------------------------

SIGMOID_MISTAKES = [
    Mistake("*", _is(lambda x: sigmoid(-x)),
            "yours is σ(−x) = 1 − σ(x): the sign of the exponent is flipped. σ(x) = 1/(1 + e^{−x}) grows with x "
            "(σ(3) ≈ 0.95)."),
    Mistake("*", _is(lambda x: 1 + np.exp(-x)),
            "yours is 1 + e^{−x}: in Python, 1/1 + np.exp(-x) divides 1 by 1 and then adds e^{−x}. The whole "
            "denominator needs parentheses."),
    Mistake("*", _is(np.exp), "yours is e^x itself; σ(x) = 1/(1 + e^{−x}) always lies between 0 and 1."),
    Mistake("*", _is(lambda x: np.exp(-x)),
            "yours is e^{−x}, only a part of the denominator of σ(x) = 1/(1 + e^{−x})."),
    Mistake("*", _is(lambda x: 1 / (1 - np.exp(-x))), "yours is 1/(1 − e^{−x}): check the sign in the denominator."),
    Mistake("*", lambda yours, expected, case: bool(np.all(yours == np.round(yours))),
            "your result holds whole numbers only. On an integer array x, np.zeros_like(x) and np.empty_like(x) are "
            "integer arrays too, and what is written into them is cut to a whole number: start from floats "
            "(np.asarray(x, dtype=float))."),
]

OVERFLOW_HINT = ("e^{1000} does not fit in a float64 (e^{−x} at x = −1000, or e^{x} at x = 1000). The value may "
                 "still come out right (1/(1 + inf) = 0), but only by luck: e^{x}/(1 + e^{x}) gives inf/inf = nan "
                 "at x = 1000. Make sure no exponent is ever positive: for x < 0 use the equal form "
                 "e^{x}/(1 + e^{x}). (np.where alone does not help: it computes both of its branches for every "
                 "entry.)")


def check_sigmoid(student_fn) -> CheckResult:
    """Check ``student_fn(x) -> σ(x) = 1/(1 + e^{−x})``, elementwise for an array x of any shape, integers too,
    with no overflow at x = ±1000 (notebook 03, exercise 1)."""
    rng = np.random.default_rng(606)
    cases = [
        Case((rng.normal(scale=3.0, size=6),), "x of shape (6,), entries of size about 3", {"n": 6}),
        Case((np.array([0.0, 1.0, -1.0, 2.5]),), "x = [0, 1, −1, 2.5]", {"n": 4}),
        Case((rng.normal(scale=4.0, size=(2, 3)),), "x of shape (2, 3)"),
        Case((np.array([-3, -1, 0, 2, 5]),), "an integer array, x = [−3, −1, 0, 2, 5]", {"n": 5}),
        Case((np.array([-1000.0, -30.0, 30.0, 1000.0]),), "x = −1000, −30, 30, 1000", {"n": 4},
             nonfinite_hint="exp of a large number: " + OVERFLOW_HINT),
    ]
    return run_check(Exercise("check_sigmoid", sigmoid, cases, ["sigma"], ["x"], mistakes=SIGMOID_MISTAKES,
                              forbidden=[sigmoid, log_sigmoid], overflow_hint=OVERFLOW_HINT), student_fn)


# ----------------------------------------------------------------------------------------------------------------
# A derivation, not finite differences
# ----------------------------------------------------------------------------------------------------------------

def _derived_not_differenced(exact, inputs, what: str):
    """A final check: the student's values, on ``inputs``, must equal ``exact`` to a formula's accuracy. Finite
    differences pass every case (they are the judge) but miss by about 1e-11, the signature that gives them away."""
    def check(call) -> str:
        worst = 0.0
        for args in inputs:
            run = call(args)
            value = np.asarray(run.value) if run.error is None and not run.timed_out else None
            if value is None or value.dtype != np.float64:
                return ""   # a float32 answer is judged by the cases alone
            worst = max(worst, float(np.max(np.abs(value - exact(*args)))))
        if not FORMULA_ACCURACY < worst <= TOLERANCE:
            return ""
        return (f"your {what} agrees with the exact one only to about {worst:.0e}: the accuracy of finite "
                "differences, (f(x + h) − f(x − h)) / 2h, not of a formula (a formula agrees to about 1e-16). The "
                f"exercise is the derivation: derive {what} on paper and write the formula you get. Finite "
                "differences are the judge here, not the answer.")
    return check


# ----------------------------------------------------------------------------------------------------------------
# σ'(x)
# ----------------------------------------------------------------------------------------------------------------

def _finite_difference_sigmoid_derivative(x):
    """σ'(x) by centred finite differences (σ(x + h) − σ(x − h)) / 2h, entry by entry, as gradcheck computes it."""
    x = np.asarray(x, dtype=np.float64)
    return (sigmoid(x + FINITE_DIFFERENCE_STEP) - sigmoid(x - FINITE_DIFFERENCE_STEP)) / (2 * FINITE_DIFFERENCE_STEP)


def _sigmoid_derivative(x):
    """σ'(x) = e^{−|x|} / (1 + e^{−|x|})², which equals σ(x)(1 − σ(x)) (σ' is even) and never overflows."""
    e = np.exp(-np.abs(np.asarray(x, dtype=np.float64)))
    return e / (1.0 + e) ** 2


def check_sigmoid_derivative(student_fn) -> CheckResult:
    """Check ``student_fn(x) -> σ'(x)`` elementwise, for x of any shape, against finite differences of σ
    (notebook 03, exercise 2: derive σ' and let the finite differences judge); finite differences themselves
    are refused."""
    rng = np.random.default_rng(707)
    cases = [
        Case((rng.normal(scale=2.0, size=6),), "x of shape (6,), entries of size about 2", {"n": 6}),
        Case((np.array([0.0, 0.5, -0.5, 3.0]),), "x = [0, 0.5, -0.5, 3]", {"n": 4}),
        Case((rng.normal(scale=3.0, size=(2, 3)),), "x of shape (2, 3)", {}),
        Case((np.array([-30.0, -12.0, 12.0, 30.0]),), "x = ±12, ±30, where σ saturates", {"n": 4}),
        Case((np.array([-1000.0, 1000.0, -800.0]),), "x = ±1000", {"n": 3},
             nonfinite_hint="e^{-x} overflows for x = −1000: write σ'(x) in terms of sigmoid(x), which never does."),
    ]

    def differs_from_sigma(formula):
        return lambda yours, expected, case: close(yours, formula(sigmoid(case.args[0])))

    mistakes = [
        Mistake("*", differs_from_sigma(lambda s: s), "you returned σ(x) itself, not its slope."),
        Mistake("*", differs_from_sigma(lambda s: 1 - s),
                "yours is 1 − σ(x) = σ(−x): one factor of the product is missing."),
        Mistake("*", differs_from_sigma(lambda s: s * s), "yours is σ(x)²: look again at the second factor."),
        Mistake("*", differs_from_sigma(lambda s: s * (1 + s)),
                "yours is σ(x)(1 + σ(x)): check the sign inside the second factor (the symmetry identity)."),
    ]
    formula_check = _derived_not_differenced(_sigmoid_derivative, [(np.linspace(-6.0, 6.0, 49),)], "σ'(x)")
    return run_check(Exercise("check_sigmoid_derivative", _finite_difference_sigmoid_derivative, cases,
                              ["sigma_prime"], ["x"], mistakes=mistakes, fallback=_sigmoid_derivative,
                              final_checks=[formula_check]), student_fn)


# ----------------------------------------------------------------------------------------------------------------
# ∂J/∂u_{w_k}
# ----------------------------------------------------------------------------------------------------------------

ONE_MINUS_SIGMA_HINT = ("the negatives' terms use 1 − σ(u_k^T v_c), which is the factor of the real pair's term. For a "
                        "noise pair the loss is −log σ(−s_k): redo that one-line derivative, with the chain rule "
                        "through −s_k (a published solution makes the same slip).")


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


def _grad_in_negative(center_vec, u_k):
    """σ(u_k^T v_c) v_c, the gradient of −log σ(−u_k^T v_c) in u_k."""
    return sigmoid(u_k @ center_vec) * center_vec


def check_grad_in_negative(student_fn) -> CheckResult:
    """Check ``student_fn(center_vec, u_k) -> ∂J_neg-sample/∂u_{w_k}``, shape (d,), for a negative w_k drawn once and
    different from o, against finite differences of the loss (notebook 03, exercise 3); finite differences
    themselves are refused.

    center_vec: shape (d,) [v_c]; u_k: shape (d,) [u_{w_k}].
    """
    rng = np.random.default_rng(808)
    cases = []
    for d, scale, text in [(3, 1.0, "random vectors"), (5, 1.0, "random vectors"), (4, 0.3, "small vectors"),
                           (3, 3.0, "large vectors, scores of size about 10")]:
        cases.append(Case((rng.normal(scale=scale, size=d), rng.normal(scale=scale, size=d)), f"{text}, d = {d}",
                          {"d": d}))

    def along(formula, vector="center_vec"):
        def looks_like(yours, expected, case):
            center_vec, u_k = case.args
            factor = formula(sigmoid(u_k @ center_vec))
            return close(yours, factor * (center_vec if vector == "center_vec" else u_k))
        return looks_like

    mistakes = [
        Mistake("*", along(lambda s: 1 - s), ONE_MINUS_SIGMA_HINT),
        Mistake("*", along(lambda s: s - 1),
                "that is the real pair's gradient (label 1); a noise pair's loss is −log σ(−s_k), label 0."),
        Mistake("*", along(lambda s: s * (1 - s)),
                "σ(1 − σ) is σ'(s_k); the derivative of the *log* of σ(−s_k) divides σ' by σ(−s_k)."),
        Mistake("*", along(lambda s: s, vector="u_k"),
                "your gradient points along u_k: the derivative of s_k = u_k^T v_c with respect to u_k is v_c."),
    ]
    formula_rng = np.random.default_rng(809)
    formula_inputs = [(formula_rng.normal(size=4), formula_rng.normal(size=4)) for _ in range(5)]
    return run_check(Exercise(
        "check_grad_in_negative", _finite_difference_grad_in_negative, cases, ["grad_u_k"], ["center_vec", "u_k"],
        mistakes=mistakes, fallback=_grad_in_negative,
        forbidden=[neg_sampling_loss_and_gradient, tied_neg_sampling_loss_and_gradient],
        final_checks=[_derived_not_differenced(_grad_in_negative, formula_inputs, "∂J/∂u_{w_k}")]), student_fn)
