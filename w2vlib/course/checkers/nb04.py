"""Notebook 04's checkers: the SGD step, the skip-gram loss of a window (any pair loss), and the naive-softmax loss
of a whole window with one softmax."""
from __future__ import annotations

import numpy as np

from ...losses.activations import log_softmax, softmax
from ...losses.naive_softmax import naive_softmax_loss_and_gradient
from ...losses.negative_sampling import neg_sampling_loss_and_gradient
from ...losses.skipgram import skipgram
from .cases import (MAX_SHIFT_HINT, TOLERANCE, Case, CheckResult, Mistake, close, large_score_inputs,
                    random_vectors)
from .engine import Exercise, run_check
from .hints import NOTHING_STORED, NP_LOG_OUT, rows_are_words
from .nb02 import NAIVE_OUTPUTS


def _averaged(yours, expected, case) -> bool:
    return bool(np.any(np.abs(expected) > TOLERANCE)) and close(yours * len(case.args[1]), expected)


AVERAGED = Mistake("*", _averaged, "yours is the expected value divided by the number of outside words: the window "
                                   "loss is the sum of the pair losses, not their mean (and so are its gradients).")


# ----------------------------------------------------------------------------------------------------------------
# The SGD step
# ----------------------------------------------------------------------------------------------------------------

def _reference_sgd_step(params, grad, step_size):
    return params - step_size * grad


def check_sgd_step(student_fn) -> CheckResult:
    """Check ``student_fn(params, grad, step_size) -> new params``, θ ← θ − α ∇J (notebook 04).

    Updating ``params`` in place and returning it is allowed.
    """
    rng = np.random.default_rng(606)
    cases = []
    for shape, step_size in [((5, 3), 0.1), ((4,), 0.025), ((7, 2), 0.5), ((6, 4), 1e-3)]:
        params, grad = rng.normal(size=shape), rng.normal(size=shape)
        sizes = {"n_words": shape[0], "d": shape[1]} if len(shape) == 2 else {"d": shape[0]}
        cases.append(Case((params, grad, step_size), f"params of shape {shape}, step_size = {step_size}", sizes))

    def is_(formula):
        return lambda yours, expected, case: close(yours, formula(*case.args))
    mistakes = [
        Mistake("*", is_(lambda params, grad, step_size: params - grad / step_size),
                "you divided the gradient by the step size; the step size scales the gradient."),
        Mistake("*", is_(lambda params, grad, step_size: params + step_size * grad),
                "sign flipped? Gradient descent moves the parameters against the gradient, not along it."),
        Mistake("*", is_(lambda params, grad, step_size: params - grad),
                "the step size was not used: multiply the gradient by step_size."),
        Mistake("*", is_(lambda params, grad, step_size: -step_size * grad),
                "you returned only the step; return the new parameters, the old ones moved by that step."),
    ]
    return run_check(Exercise("check_sgd_step", _reference_sgd_step, cases, ["new params"],
                              ["params", "grad", "step_size"], mistakes=mistakes, may_modify=["params"]), student_fn)


# ----------------------------------------------------------------------------------------------------------------
# The skip-gram loss of a window
# ----------------------------------------------------------------------------------------------------------------

def _fixed_negatives_loss(seed: int, n_negatives: int, n_words: int):
    """A negative-sampling ``loss_fn`` whose negatives depend only on the outside word (so on nothing random):
    the same pair always gets the same K negatives, repeats included, whatever order the pairs come in."""
    def loss_fn(center_vec, outside_idx, outside_vectors):
        neg_indices = np.random.default_rng([seed, int(outside_idx)]).integers(n_words, size=n_negatives)
        return neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg_indices)
    loss_fn.__name__ = f"neg_sampling_loss(K={n_negatives})"
    return loss_fn


SKIPGRAM_VOCABULARY = ["the", "cat", "sat", "on", "mat", "dog", "ran"]


def _window_roles(center_word, window_words, word2ind) -> dict:
    roles = {word2ind[word]: f"outside word {word!r}" for word in window_words}
    roles[word2ind[center_word]] = f"the center word {center_word!r}" + (
        ", also in its window" if center_word in window_words else "")
    return roles


def check_skipgram(student_fn) -> CheckResult:
    """Check ``student_fn(center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn) ->
    (loss, grad_center_vectors, grad_outside_vectors)``, the contract of :func:`w2vlib.skipgram` (notebook 04),
    with the naive-softmax loss and with a negative-sampling loss. Windows hold a repeated word and, once,
    the center word itself.
    """
    rng = np.random.default_rng(505)
    word2ind = {word: i for i, word in enumerate(SKIPGRAM_VOCABULARY)}
    n = len(SKIPGRAM_VOCABULARY)
    windows = [("cat", ["the", "sat"]),                                 # m = 1
               ("sat", ["the", "cat", "on", "the"]),                     # m = 2, "the" twice
               ("on", ["cat", "sat", "on", "the", "mat", "dog"])]        # m = 3, the center word in its own window
    cases = []
    for loss_name, d in [("naive softmax", 3), ("negative sampling, K = 4", 4)]:
        loss_fn = naive_softmax_loss_and_gradient if d == 3 else _fixed_negatives_loss(505, 4, n)
        for center_word, window_words in windows:
            center_vectors = rng.normal(scale=0.8, size=(n, d))
            outside_vectors = rng.normal(scale=0.8, size=(n, d))
            cases.append(Case((center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn),
                              f"{loss_name}, center {center_word!r}, window {window_words}, n_words = {n}, d = {d}",
                              {"n_words": n, "d": d}, roles=_window_roles(center_word, window_words, word2ind)))

    def last_pair_only(yours, expected, case):
        center_word, window_words, *rest = case.args
        last = skipgram(center_word, window_words[-1:], *rest)
        return any(close(yours, np.asarray(part, dtype=float)) for part in last)

    mistakes = [
        Mistake("*", last_pair_only,
                "yours equals the last pair's term alone: `=` instead of `+=` in the loop over the window? Each "
                "pair's loss and gradients must be added to what the earlier pairs gave."),
        AVERAGED, NOTHING_STORED,
    ]
    return run_check(Exercise(
        "check_skipgram", skipgram, cases, ["loss", "grad_center_vectors", "grad_outside_vectors"],
        ["center_word", "window_words", "word2ind", "center_vectors", "outside_vectors", "loss_fn"],
        mistakes=mistakes, forbidden=[skipgram]), student_fn)


# ----------------------------------------------------------------------------------------------------------------
# The naive-softmax window loss with one softmax
# ----------------------------------------------------------------------------------------------------------------

def _reference_window_naive_softmax(center_vec, outside_indices, outside_vectors):
    """The window loss as the sum of the pair losses of notebook 02 (one softmax per pair): the judge."""
    loss, grad_center_vec, grad_outside = 0.0, np.zeros_like(center_vec), np.zeros_like(outside_vectors)
    for o in outside_indices:
        pair = naive_softmax_loss_and_gradient(center_vec, int(o), outside_vectors)
        loss, grad_center_vec, grad_outside = loss + pair[0], grad_center_vec + pair[1], grad_outside + pair[2]
    return loss, grad_center_vec, grad_outside


def _one_softmax_window(center_vec, outside_indices, outside_vectors):
    """The same window loss with one softmax (what later cells use while the student's does not pass):
    J = −Σ_j z_{o_j} + n log Σ_w exp(z_w), ∂J/∂v_c = U(nŷ − Σ_j y_j), ∂J/∂U = v_c(nŷ − Σ_j y_j)^T."""
    outside_indices = np.asarray(outside_indices)
    log_y_hat = log_softmax(outside_vectors @ center_vec)
    coefficient = len(outside_indices) * np.exp(log_y_hat) - np.bincount(outside_indices, minlength=len(log_y_hat))
    return -np.sum(log_y_hat[outside_indices]), outside_vectors.T @ coefficient, np.outer(coefficient, center_vec)


def _window_grads_with(case, n_factor=True, counts_once=False, minus_y=True):
    """∂J/∂v_c and ∂J/∂U of the window as a student might write them."""
    center_vec, outside_indices, outside_vectors = case.args
    y_hat = softmax(outside_vectors @ center_vec)
    counts = np.zeros_like(y_hat)
    if counts_once:
        counts[outside_indices] = 1.0
    else:
        np.add.at(counts, outside_indices, 1.0)
    coefficient = (len(outside_indices) if n_factor else 1) * y_hat - (counts if minus_y else 0)
    return outside_vectors.T @ coefficient, np.outer(coefficient, center_vec)


def _window_mistake(hint, **variant):
    """The same wrong variant recognised in either gradient."""
    def looks_like_in(output):
        def looks_like(yours, expected, case):
            grads = _window_grads_with(case, **variant)
            return close(yours, grads[0] if output == "grad_center_vec" else grads[1])
        return looks_like
    return [Mistake(output, looks_like_in(output), hint) for output in ("grad_center_vec", "grad_outside_vectors")]


def check_window_naive_softmax(student_fn) -> CheckResult:
    """Check ``student_fn(center_vec, outside_indices, outside_vectors) -> (loss, grad_center_vec,
    grad_outside_vectors)``, the naive-softmax loss of a whole window, against the sum of the pair losses
    (notebook 04, exercise 3). While it fails, later cells in a notebook use a one-softmax version.

    center_vec: shape (d,) [v_c]; outside_indices: shape (n,) [o_1..o_n]; outside_vectors: shape (n_words, d).
    """
    rng = np.random.default_rng(909)
    cases = []
    for n_words, d, window in [(6, 3, [1, 4]), (8, 4, [2, 5, 2, 7]), (10, 3, [0, 9, 3, 3, 3, 1]), (5, 2, [4])]:
        center_vec, outside_vectors = random_vectors(rng, n_words, d)
        repeated = " (a repeated word)" if len(set(window)) < len(window) else ""
        cases.append(Case((center_vec, np.array(window), outside_vectors),
                          f"n_words = {n_words}, d = {d}, outside_indices = {window}{repeated}",
                          {"n_words": n_words, "d": d}))
    for center_vec, outside_vectors, scores, text in large_score_inputs(rng, [(6, 3), (7, 4)]):
        window = np.argsort(scores)[-3:][::-1][[0, 1, 0]]   # likely words, one of them twice
        cases.append(Case((center_vec, window, outside_vectors), f"{text}, outside_indices = {window.tolist()}",
                          {"n_words": outside_vectors.shape[0], "d": outside_vectors.shape[1]},
                          nonfinite_hint=MAX_SHIFT_HINT + " (or use log_softmax)"))
    mistakes = [
        AVERAGED,
        *_window_mistake("each of the n pairs brings its own copy of ŷ: the ŷ part must count n times.",
                         n_factor=False),
        *_window_mistake("a word that occurs twice in the window must count twice in Σ_j y_j: assignment "
                         "with a repeated index counts it once (np.add.at or np.bincount count every occurrence).",
                         counts_once=True),
        *_window_mistake("the −Σ_j y_j part is missing: the loss has the term −Σ_j z_{o_j} too; differentiate it.",
                         minus_y=False),
        NOTHING_STORED,
    ]
    return run_check(Exercise(
        "check_window_naive_softmax", _reference_window_naive_softmax, cases, NAIVE_OUTPUTS,
        ["center_vec", "outside_indices", "outside_vectors"], mistakes=mistakes,
        forbidden=[naive_softmax_loss_and_gradient], fallback=_one_softmax_window,
        exception_hints=[rows_are_words(), NP_LOG_OUT]), student_fn)
