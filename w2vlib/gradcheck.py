"""Centred finite differences: the computer's check of a derived gradient.

For each entry x_i:  ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / (2h), with error O(h²).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


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


def gradcheck(f: Callable[[np.ndarray], tuple], x: np.ndarray, h: float = 1e-5) -> GradcheckResult:
    """Compare the gradient that ``f`` returns with centred finite differences, entry by entry.

    f: ``f(x) -> (value, grad)`` with a scalar value and ``grad`` of the same shape as ``x``.
    x: a float64 array of any shape; it is perturbed in place one entry at a time and restored.
    h: the finite-difference step.

    The relative error of entry i is |analytic − numeric| / max(1, |analytic|, |numeric|), as in CS224N's
    ``gradcheck_naive``: relative for large gradients, absolute for small ones.
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise ValueError(
            f"x must be a float64 NumPy array (finite differences in float32 are too coarse), got "
            f"{type(x).__name__}{' of dtype ' + str(x.dtype) if isinstance(x, np.ndarray) else ''}; use x.astype(np.float64)."
        )
    value, grad = f(x)
    grad = np.array(grad, dtype=np.float64)  # a copy: f may reuse its buffers
    if grad.shape != x.shape:
        raise ValueError(f"f returned a gradient of shape {grad.shape} for x of shape {x.shape}; they must match.")
    if not np.isscalar(value) and np.ndim(value) != 0:
        raise ValueError(f"f must return a scalar value first, got an array of shape {np.shape(value)}.")

    worst = GradcheckResult(0.0, (), float("nan"), float("nan"))
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        f_plus = f(x)[0]
        x[index] = original - h
        f_minus = f(x)[0]
        x[index] = original
        numeric = (f_plus - f_minus) / (2 * h)
        analytic = grad[index]
        rel_error = abs(analytic - numeric) / max(1.0, abs(analytic), abs(numeric))
        if not rel_error <= worst.max_rel_error or not worst.index:  # a nan error counts as the worst
            worst = GradcheckResult(float(rel_error), index, float(analytic), float(numeric))
    return worst
