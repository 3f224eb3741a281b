"""The two squashing functions of word2vec: softmax (eq. 1 of the handout) and the sigmoid σ.

Both are written so that no input of any size overflows: softmax subtracts the row maximum before
exponentiating, and the sigmoid only ever exponentiates a non-positive number.
"""
from __future__ import annotations

import numpy as np


def _as_float(x) -> np.ndarray:
    """``x`` as an array, converted to float64 if it holds integers or booleans; a TypeError naming ``x`` if it
    does not hold numbers."""
    try:
        x = np.asarray(x)
    except ValueError as exc:   # ragged nested lists
        raise TypeError(f"x must be a number or an array of numbers; {exc}.") from None
    if x.dtype.kind not in "biufc":
        shown = repr(x.flat[0]) if x.size else "nothing"
        raise TypeError(f"x must be a number or an array of numbers, got {x.dtype.kind == 'U' and 'text' or x.dtype} "
                        f"(e.g. {shown}); pass scores such as np.array([-1.0, 0.0, 2.5]).")
    return x if x.dtype.kind in "fc" else x.astype(np.float64)


def _as_logits(logits) -> np.ndarray:
    """``logits`` as a float array, or a ValueError: empty, not numbers, nan or +inf, or a row of only −inf.

    −inf is allowed (it masks a word out: its probability is 0) as long as every row keeps a finite logit.
    """
    try:
        array = np.asarray(logits)
    except ValueError as exc:  # ragged lists
        raise ValueError(f"logits could not be read as an array ({exc}); pass numbers of shape (n,) or (batch, n).") from None
    if array.dtype == object or array.dtype.kind not in "biuf":
        raise ValueError(f"logits must hold real numbers, got dtype {array.dtype}; pass scores of shape (n,) or (batch, n), "
                         "e.g. outside_vectors @ center_vec.")
    if array.ndim == 0 or array.shape[-1] == 0:
        what = "a single number" if array.ndim == 0 else "empty"
        raise ValueError(f"logits is {what} (shape {array.shape}); softmax needs a row of scores, one per word: "
                         "pass shape (n,) or (batch, n) with n >= 1.")
    array = _as_float(array)
    finite = np.isfinite(array)
    if not finite.all():
        bad = (np.isnan(array) | (array == np.inf)) | ~finite.any(axis=-1, keepdims=True)
        if bad.any():
            where = tuple(int(i) for i in np.argwhere(bad)[0])
            raise ValueError(f"logits holds {array[where]} at index {where}: softmax is undefined for nan, +inf or a "
                             "row of only -inf. The scores probably overflowed: check the vectors for nan/inf "
                             "(a diverged training run) or use a smaller step size.")
    return array


def softmax(logits: np.ndarray) -> np.ndarray:
    """Softmax along the last axis: ``exp(z_i) / sum_j exp(z_j)``.

    logits: shape ``(n,)`` or ``(batch, n)``, e.g. the scores ``U v_c`` (one per vocabulary word).
    Returns an array of the same shape whose rows are probability distributions.

    Subtracting the row maximum first changes nothing mathematically (it cancels between numerator and
    denominator) but keeps every exponent ≤ 0, so logits of ±1e4 give no overflow.
    An empty input, nan or +inf is a ValueError (−inf is allowed and gets probability 0).
    """
    logits = _as_logits(logits)
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=-1, keepdims=True)


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """``log softmax(logits)`` along the last axis, via log-sum-exp; finite even where softmax underflows to 0."""
    logits = _as_logits(logits)
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def sigmoid(x):
    """σ(x) = 1 / (1 + exp(−x)), elementwise, for a scalar or an array of any shape.

    For x ≥ 0 it evaluates 1 / (1 + e^{−x}); for x < 0 the equal form e^{x} / (1 + e^{x}). Either way the
    exponent is ≤ 0, so |x| up to 1e4 (and beyond) raises no overflow warning.
    """
    x = _as_float(x)
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return out if out.ndim else out[()]


def log_sigmoid(x):
    """log σ(x), elementwise, computed as −log(1 + e^{−x}) without overflow or log(0)."""
    x = _as_float(x)
    out = -np.logaddexp(0.0, -x)
    return out if out.ndim else out[()]
