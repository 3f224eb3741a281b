"""Centred finite differences: the computer's check of a derived gradient.

For each entry x_i:  ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / (2h), with error O(h²).

A check that passes must mean something, so :func:`gradcheck` refuses what would make it vacuous or
misleading: an empty ``x`` (nothing would be compared), an ``f`` that changes ``x`` in place (the
differences would be taken at points other than those intended), an ``f`` that does not return
``(value, gradient)``, and a step ``h`` that is not a positive finite number.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..validation import check_number

RETURN_HINT = ("f must return a pair (value, gradient): the scalar J(x) and an array of x's shape holding ∂J/∂x, "
               "e.g. lambda x: (float(np.sum(x ** 2)), 2 * x)")


@dataclass(frozen=True)
class GradcheckResult:
    """Outcome of :func:`gradcheck`: the largest relative error and the entry where it occurred."""

    max_rel_error: float
    index: tuple
    analytic: float
    numeric: float

    def passed(self, tol: float = 1e-6) -> bool:
        return self.max_rel_error <= tol

    def __str__(self) -> str:
        return (f"largest relative error {self.max_rel_error:.1e} at index {self.index} "
                f"(analytic {self.analytic:.8g}, numeric {self.numeric:.8g})")


def _value_and_gradient(returned) -> tuple:
    """``returned`` as (value, gradient), or a ValueError that says what ``f`` returned and what it must return."""
    if returned is None:
        raise ValueError(f"f returned None; {RETURN_HINT}. Did f forget its return statement?")
    if not isinstance(returned, (tuple, list)):
        if np.ndim(returned) == 0:
            raise ValueError(f"f returned only the value {returned!r}, without a gradient; {RETURN_HINT}.")
        raise ValueError(f"f returned a {type(returned).__name__} of shape {np.shape(returned)}; {RETURN_HINT}.")
    if len(returned) != 2:
        hint = (" w2vlib's losses return (loss, grad_center_vec, grad_outside_vectors): pick two, e.g. "
                "lambda v: naive_softmax_loss_and_gradient(v, o, U)[:2] for the center vector, or [::2] for U."
                if len(returned) == 3 else "")
        raise ValueError(f"f returned {len(returned)} values; {RETURN_HINT}.{hint}")
    return returned


def _scalar(value, where: str) -> float:
    if isinstance(value, (bool, np.bool_)) or np.ndim(value) != 0:
        raise ValueError(f"f must return a scalar value first, got {type(value).__name__} of shape "
                         f"{np.shape(value)} {where}; {RETURN_HINT}.")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"f returned the value {value!r} {where}, which is not a number; {RETURN_HINT}.") from None


def gradcheck(f: Callable[[np.ndarray], tuple], x: np.ndarray, h: float = 1e-5) -> GradcheckResult:
    """Compare the gradient that ``f`` returns with centred finite differences, entry by entry.

    f: ``f(x) -> (value, grad)`` with a scalar value and ``grad`` of the same shape as ``x``; it must not
       change ``x`` (gradcheck detects that, restores ``x`` and raises a ValueError).
    x: a non-empty, finite float64 array of any shape; it is perturbed in place one entry at a time and
       restored afterwards, also when ``f`` raises.
    h: the finite-difference step, a positive finite number.

    The relative error of entry i is |analytic − numeric| / max(1, |analytic|, |numeric|), as in CS224N's
    ``gradcheck_naive``: relative for large gradients, absolute for small ones.
    """
    if not callable(f):
        raise ValueError(f"f must be a function of x, got {type(f).__name__}; {RETURN_HINT}.")
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise ValueError(
            f"x must be a float64 NumPy array (finite differences in float32 are too coarse), got "
            f"{type(x).__name__}{' of dtype ' + str(x.dtype) if isinstance(x, np.ndarray) else ''}; use x.astype(np.float64)."
        )
    if x.size == 0:
        raise ValueError(f"x is empty (shape {x.shape}): there is no entry to check, so no check could pass or fail; "
                         "pass the (non-empty) point at which to check the gradient.")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"x contains nan or inf (first at index {tuple(np.argwhere(~np.isfinite(x))[0])}); "
                         "finite differences need a finite point.")
    if not x.flags.writeable:
        raise ValueError("x is read-only, but gradcheck perturbs it in place one entry at a time; pass x.copy().")
    h = check_number(h, "h", 0.0, strict=True, hint=" (the finite-difference step, e.g. 1e-5)")

    original = x.copy()
    expected = x.copy()  # what x must hold after each call of f

    def call(where: str) -> tuple:
        returned = f(x)
        if not np.array_equal(x, expected, equal_nan=True):
            changed = tuple(int(i) for i in np.argwhere(~((x == expected) | (np.isnan(x) & np.isnan(expected))))[0])
            raise ValueError(
                f"f changed its input x in place (entry {changed} went from {float(expected[changed])!r} to {float(x[changed])!r} "
                f"{where}), so the finite differences would not be taken where intended; x has been restored. "
                "Make f leave x alone: compute on a copy inside f (e.g. x = x.copy()) or avoid in-place "
                "operations such as x -= ... or x *= ... on its argument."
            )
        return _value_and_gradient(returned)

    try:
        value, grad = call("when called at x")
        _scalar(value, "at x")
        try:
            grad = np.array(grad, dtype=np.float64)  # a copy: f may reuse its buffers
        except (TypeError, ValueError):
            raise ValueError(f"f returned a gradient that is not an array of numbers ({type(grad).__name__}); "
                             f"{RETURN_HINT}.") from None
        if grad.shape != x.shape:
            raise ValueError(f"f returned a gradient of shape {grad.shape} for x of shape {x.shape}; they must match.")

        worst = GradcheckResult(0.0, (), float("nan"), float("nan"))
        for index in np.ndindex(x.shape):
            base = original[index]
            where = f"while x{list(index)} was moved by ±h"
            x[index] = expected[index] = base + h
            f_plus = _scalar(call(where)[0], where)
            x[index] = expected[index] = base - h
            f_minus = _scalar(call(where)[0], where)
            x[index] = expected[index] = base
            numeric = (f_plus - f_minus) / (2 * h)
            analytic = grad[index]
            rel_error = abs(analytic - numeric) / max(1.0, abs(analytic), abs(numeric))
            if not rel_error <= worst.max_rel_error or not worst.index:  # a nan error counts as the worst
                worst = GradcheckResult(float(rel_error), index, float(analytic), float(numeric))
        return worst
    finally:
        x[...] = original
