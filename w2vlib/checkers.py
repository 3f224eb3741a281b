"""Exercise checkers for the notebooks: compare a student's function with the w2vlib reference.

Each ``check_*`` function calls the student's function and the reference on the same seeded random inputs
(including the awkward ones: logits near ±1000, a negative drawn twice, the outside word among the negatives),
prints one line if everything agrees, or says what is wrong (which output, the largest error and where, and a
hint when the error looks like a known mistake), and returns a :class:`CheckResult`. A wrong answer never
raises: the checker reports it. All checkers share one comparison routine, :func:`_run_check`.

    check_outside_word_probabilities  notebook 01   fn(center_vec, outside_vectors) -> ŷ
    check_softmax                     notebook 02   fn(logits) -> softmax(logits), row-wise
    check_naive_softmax_loss_and_gradient   02      same signature as w2vlib.naive_softmax_loss_and_gradient
    check_neg_sampling_loss_and_gradient    03      same signature as w2vlib.neg_sampling_loss_and_gradient
    check_skipgram                    notebook 04   same signature as w2vlib.skipgram, with both loss functions
    check_sgd_step                    notebook 04   fn(params, grad, step_size) -> params − step_size · grad
"""
from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from .activations import softmax
from .naive_softmax import naive_softmax_loss_and_gradient
from .negative_sampling import neg_sampling_loss_and_gradient
from .skipgram import skipgram

TOLERANCE = 1e-6  # largest accepted error |yours − expected| / max(1, |expected|)

MAX_SHIFT_HINT = "not finite for large logits: did you subtract the max before exp?"
ROW_MAX_HINT = MAX_SHIFT_HINT + " (for a (batch, n) input, each row's own max: np.max(x, axis=-1, keepdims=True))"
LOG_SIGMOID_HINT = ("not finite for large scores u_w^T v_c ≈ ±1000: np.log(sigmoid(x)) is log(0) = -inf there; "
                    "use w2vlib.log_sigmoid(x), which equals -np.logaddexp(0, -x)")


@dataclass(frozen=True)
class CheckResult:
    """What a checker found: ``passed`` and the ``message`` it printed."""

    passed: bool
    message: str

    def __str__(self) -> str:
        return self.message

    def _ipython_display_(self) -> None:
        """Show nothing when a notebook cell ends with a checker call: the message is already printed."""


@dataclass
class _Case:
    """One set of inputs: positional ``args``, a ``description`` for messages, and the sizes of its symbols."""

    args: tuple
    description: str
    sizes: dict = field(default_factory=dict)      # symbol -> size, e.g. {"n_words": 5, "d": 3}
    nonfinite_hint: str = ""                       # what to say if the answer is nan/inf on this case
    repeated_rows: tuple = ()                      # rows that must receive more than one contribution


@dataclass(frozen=True)
class _Mistake:
    """A known wrong answer: ``looks_like(yours, expected, case)`` recognises it, ``hint`` says what to fix."""

    output: str  # the output it concerns, or "*" for any output
    looks_like: Callable[[np.ndarray, np.ndarray, _Case], bool]
    hint: str


def _relative_errors(yours: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """|yours − expected| / max(1, |expected|) per entry: relative for large entries, absolute for small ones."""
    return np.abs(yours - expected) / np.maximum(1.0, np.abs(expected))


def _close(yours, expected) -> bool:
    return yours.shape == expected.shape and bool(np.all(_relative_errors(yours, expected) <= TOLERANCE))


SIGN_FLIP = _Mistake(
    "*", lambda yours, expected, case: bool(np.any(np.abs(expected) > TOLERANCE)) and _close(yours, -expected),
    "sign flipped? Your values are the negative of the expected ones; check the sign of each term.")


def _rows_not_summing_to_one(yours, expected, case) -> bool:
    return bool(np.all(yours >= 0)) and not np.allclose(yours.sum(axis=-1), 1.0, atol=1e-6)


NOT_NORMALISED_1D = _Mistake(
    "*", lambda yours, expected, case: yours.ndim == 1 and _rows_not_summing_to_one(yours, expected, case),
    "your probabilities do not sum to 1: divide every exp(score) by the sum of all of them.")
NOT_NORMALISED_2D = _Mistake(
    "*", lambda yours, expected, case: yours.ndim == 2 and _rows_not_summing_to_one(yours, expected, case),
    "each row must sum to 1: normalise along the last axis, np.sum(..., axis=-1, keepdims=True).")


def _only_repeated_rows_wrong(yours, expected, case) -> bool:
    if not case.repeated_rows or yours.ndim != 2:
        return False
    wrong_rows = np.flatnonzero(np.any(_relative_errors(yours, expected) > TOLERANCE, axis=1))
    return wrong_rows.size > 0 and set(wrong_rows.tolist()) <= set(case.repeated_rows)


REPEATED_NEGATIVES = _Mistake(
    "grad_outside_vectors", _only_repeated_rows_wrong,
    "a negative drawn twice only counted once: use np.add.at instead of fancy-index assignment. "
    "grad[neg_indices] = ... (or +=) keeps one contribution per repeated row; "
    "np.add.at(grad, neg_indices, contributions) adds them all, and the outside word's row keeps its own term too.")


# ----------------------------------------------------------------------------------------------------------
# The one comparison routine
# ----------------------------------------------------------------------------------------------------------

def _named_shape(shape: tuple, sizes: dict) -> str:
    """``(3, 5)`` -> ``"(3, 5) = (d, n_words)"`` when every size has exactly one symbol in ``sizes``."""
    names = []
    for n in shape:
        matches = [symbol for symbol, size in sizes.items() if size == n]
        if len(matches) != 1:
            return str(tuple(shape))
        names.append(matches[0])
    inner = ", ".join(names) + ("," if len(names) == 1 else "")
    return f"{tuple(shape)} = ({inner})" if names else "() (a single number)"


def _call_quietly(fn, args):
    """Call ``fn(*args)`` with NumPy's overflow/invalid warnings silenced (the checker reports nan/inf itself)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return fn(*args)


def _changed_argument(before, after) -> bool:
    if isinstance(before, np.ndarray):
        return not (isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before))
    if callable(before):
        return False
    return before != after


def _find_problem(student_fn, reference_fn, case, output_names, arg_names, mistakes, may_modify):
    """Compare one case. Returns (problem message or None, largest error on this case)."""
    n_outputs = len(output_names)
    expected = _call_quietly(reference_fn, copy.deepcopy(case.args))
    expected = (expected,) if n_outputs == 1 else tuple(expected)
    student_args = copy.deepcopy(case.args)
    try:
        yours = _call_quietly(student_fn, student_args)
    except Exception as exc:  # the student's bug, reported as a sentence rather than a traceback
        return f"your function raised {type(exc).__name__}: {exc}", 0.0

    if yours is None:
        return "your function returned None: did you forget the `return` statement?", 0.0
    wanted = ", ".join(output_names)
    if n_outputs == 1:
        if isinstance(yours, tuple):
            return f"your function returned {len(yours)} values; it should return 1 ({wanted}).", 0.0
        yours = (yours,)
    else:
        if not isinstance(yours, (tuple, list)):
            return f"your function returned a single value; it should return {n_outputs} values: ({wanted}).", 0.0
        if len(yours) != n_outputs:
            return f"your function returned {len(yours)} values; it should return {n_outputs}: ({wanted}).", 0.0

    for arg_name, before, after in zip(arg_names, case.args, student_args):
        if arg_name not in may_modify and _changed_argument(before, after):
            return (f"your function changed its argument `{arg_name}` in place; the caller's data must not change. "
                    "Build a new array (or work on a copy, x = x.copy()).", 0.0)

    largest = 0.0
    for output_name, mine, ref in zip(output_names, yours, expected):
        ref = np.asarray(ref, dtype=np.float64)
        try:
            mine = np.asarray(mine, dtype=np.float64)
        except (TypeError, ValueError):
            return (f"{output_name} is {type(mine).__name__}, not an array of numbers of shape "
                    f"{_named_shape(ref.shape, case.sizes)}.", 0.0)
        if mine.shape != ref.shape:
            message = (f"{output_name} has shape {_named_shape(mine.shape, case.sizes)} "
                       f"where {_named_shape(ref.shape, case.sizes)} was expected")
            if mine.ndim == 2 and mine.shape == ref.shape[::-1]:
                return message + ": missing transpose?", 0.0
            return message + ".", 0.0
        bad = ~np.isfinite(mine)
        if bad.any():
            where = tuple(int(i) for i in np.argwhere(bad)[0])
            at = f" at index {where}" if where else ""
            hint = case.nonfinite_hint or "look for a division by zero, log(0) or exp of a large number."
            return f"{output_name} is not finite ({mine[where]}){at}: {hint}", 0.0
        errors = _relative_errors(mine, ref)
        worst = np.unravel_index(int(np.argmax(errors)), errors.shape) if errors.ndim else ()
        error = float(errors[worst])
        if error > TOLERANCE:
            at = f" at index {tuple(int(i) for i in worst)}" if errors.ndim else ""
            message = (f"{output_name} is wrong: largest error {error:.1e}{at} "
                       f"(yours {float(mine[worst]):.6g}, expected {float(ref[worst]):.6g}).")
            for mistake in mistakes:
                if mistake.output in ("*", output_name) and mistake.looks_like(mine, ref, case):
                    message += f"\n  Hint: {mistake.hint}"
                    break
            return message, error
        largest = max(largest, error)
    return None, largest


def _run_check(name: str, student_fn, reference_fn, cases: Sequence[_Case], output_names: Sequence[str],
               arg_names: Sequence[str], mistakes: Sequence[_Mistake] = (),
               may_modify: Sequence[str] = ()) -> CheckResult:
    """Run every case, stop at the first problem, print and return the verdict."""
    if not callable(student_fn):
        result = CheckResult(False, f"✗ {name}: expected a function, got {type(student_fn).__name__}; "
                                    f"pass the function itself (no parentheses after its name).")
        print(result.message)
        return result
    mistakes = [*mistakes, SIGN_FLIP]
    largest = 0.0
    for number, case in enumerate(cases, start=1):
        problem, error = _find_problem(student_fn, reference_fn, case, output_names, arg_names, mistakes, may_modify)
        if problem is not None:
            result = CheckResult(False, f"✗ {name} failed on case {number} of {len(cases)} "
                                        f"({case.description}):\n  {problem}")
            print(result.message)
            return result
        largest = max(largest, error)
    error_text = f"{largest:.0e}" if largest else "0"
    result = CheckResult(True, f"✓ {name} passed: {len(cases)} random cases, largest error {error_text}")
    print(result.message)
    return result


# ----------------------------------------------------------------------------------------------------------
# Inputs
# ----------------------------------------------------------------------------------------------------------

def _vectors_with_scores(rng, scores: np.ndarray, d: int):
    """A center vector v_c (d,) and outside vectors U (n_words, d) whose scores U v_c equal ``scores``."""
    center_vec = rng.normal(size=d)
    center_vec *= 30.0 / np.linalg.norm(center_vec)
    noise = rng.normal(size=(len(scores), d))
    outside_vectors = noise + np.outer((scores - noise @ center_vec) / (center_vec @ center_vec), center_vec)
    return center_vec, outside_vectors


def _random_vectors(rng, n_words: int, d: int):
    return rng.normal(size=d), rng.normal(scale=0.8, size=(n_words, d))


def _large_score_inputs(rng, sizes):
    """Yield (center_vec, outside_vectors, scores, description) with all scores u_w^T v_c within a few units of
    +1000 for the first (n_words, d) in ``sizes``, and of −1000 for the second."""
    for sign, (n_words, d) in zip((+1, -1), sizes):
        scores = sign * 1000.0 + rng.normal(scale=2.0, size=n_words)
        center_vec, outside_vectors = _vectors_with_scores(rng, scores, d)
        description = f"scores u_w^T v_c near {sign * 1000:+d}, n_words = {n_words}, d = {d}"
        yield center_vec, outside_vectors, scores, description


# ----------------------------------------------------------------------------------------------------------
# The checkers
# ----------------------------------------------------------------------------------------------------------

def _reference_outside_word_probabilities(center_vec, outside_vectors):
    return softmax(outside_vectors @ center_vec)


def check_outside_word_probabilities(student_fn) -> CheckResult:
    """Check ``student_fn(center_vec, outside_vectors) -> ŷ``, ŷ_w = P(O = w | C = c) (notebook 01, eq. 1).

    center_vec: shape (d,) [v_c]; outside_vectors: shape (n_words, d) [row w is u_w]; ŷ: shape (n_words,).
    """
    rng = np.random.default_rng(101)
    cases = [_Case(_random_vectors(rng, n, d), f"random vectors, n_words = {n}, d = {d}", {"n_words": n, "d": d})
             for n, d in [(5, 3), (7, 4), (10, 6), (4, 2)]]
    for center_vec, outside_vectors, _, text in _large_score_inputs(rng, [(6, 3), (8, 5)]):
        n, d = outside_vectors.shape
        cases.append(_Case((center_vec, outside_vectors), text, {"n_words": n, "d": d}, nonfinite_hint=MAX_SHIFT_HINT))
    return _run_check("check_outside_word_probabilities", student_fn, _reference_outside_word_probabilities, cases,
                      ["y_hat"], ["center_vec", "outside_vectors"], mistakes=[NOT_NORMALISED_1D])


def check_softmax(student_fn) -> CheckResult:
    """Check ``student_fn(logits) -> softmax(logits)`` for logits of shape (n,) and (batch, n) (notebook 02)."""
    rng = np.random.default_rng(202)
    cases = [
        _Case((rng.normal(size=5),), "logits of shape (n,) = (5,)", {"n": 5}),
        _Case((rng.normal(scale=3.0, size=(3, 7)),), "logits of shape (batch, n) = (3, 7)", {"batch": 3, "n": 7}),
        _Case((np.zeros(4),), "all logits equal (0), shape (4,)", {"n": 4}),
        _Case((np.array([1000.0, 999.0, 998.5, -1000.0]),), "logits near +1000 and -1000, shape (4,)", {"n": 4},
              nonfinite_hint=ROW_MAX_HINT),
        _Case((np.array([-1000.0, -1001.0, -999.5]),), "logits near -1000, shape (3,)", {"n": 3},
              nonfinite_hint=ROW_MAX_HINT),
        _Case((np.vstack([1000.0 + rng.normal(size=5), -1000.0 + rng.normal(size=5)]),),
              "a row near +1000 and a row near -1000, shape (2, 5)", {"batch": 2, "n": 5}, nonfinite_hint=ROW_MAX_HINT),
    ]
    return _run_check("check_softmax", student_fn, softmax, cases, ["softmax(logits)"], ["logits"],
                      mistakes=[NOT_NORMALISED_1D, NOT_NORMALISED_2D])


NAIVE_OUTPUTS = ["loss", "grad_center_vec", "grad_outside_vectors"]
NAIVE_ARGS = ["center_vec", "outside_idx", "outside_vectors"]


def check_naive_softmax_loss_and_gradient(student_fn) -> CheckResult:
    """Check ``student_fn(center_vec, outside_idx, outside_vectors) -> (loss, grad_center_vec, grad_outside_vectors)``.

    Same contract as :func:`w2vlib.naive_softmax_loss_and_gradient` (notebook 02, handout parts (a)–(c)).
    """
    rng = np.random.default_rng(303)
    cases = []
    for n, d in [(5, 3), (7, 4), (10, 6), (6, 2)]:
        center_vec, outside_vectors = _random_vectors(rng, n, d)
        o = int(rng.integers(n))
        cases.append(_Case((center_vec, o, outside_vectors), f"random vectors, n_words = {n}, d = {d}, o = {o}",
                           {"n_words": n, "d": d}))
    for center_vec, outside_vectors, scores, text in _large_score_inputs(rng, [(6, 3), (8, 5)]):
        n, d = outside_vectors.shape
        o = int(np.argsort(scores)[-2])  # a likely outside word, so ŷ_o is not vanishingly small
        cases.append(_Case((center_vec, o, outside_vectors), f"{text}, o = {o}", {"n_words": n, "d": d},
                           nonfinite_hint=MAX_SHIFT_HINT + " (or compute the loss with log-sum-exp)"))
    return _run_check("check_naive_softmax_loss_and_gradient", student_fn, naive_softmax_loss_and_gradient, cases,
                      NAIVE_OUTPUTS, NAIVE_ARGS)


def _neg_case(rng, n, d, neg_indices, o, text, nonfinite_hint="", vectors=None):
    center_vec, outside_vectors = _random_vectors(rng, n, d) if vectors is None else vectors
    neg_indices = np.asarray(neg_indices, dtype=np.intp)
    rows, counts = np.unique(np.append(neg_indices, o), return_counts=True)
    return _Case((center_vec, o, outside_vectors, neg_indices),
                 f"{text}, n_words = {n}, d = {d}, o = {o}, neg_indices = {neg_indices.tolist()}",
                 {"n_words": n, "d": d, "K": len(neg_indices)}, nonfinite_hint=nonfinite_hint,
                 repeated_rows=tuple(int(r) for r in rows[counts > 1]))


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
                      NAIVE_OUTPUTS, [*NAIVE_ARGS, "neg_indices"], mistakes=[REPEATED_NEGATIVES])


def _fixed_negatives_loss(seed: int, n_negatives: int, n_words: int):
    """A negative-sampling ``loss_fn`` whose negatives depend only on the outside word (so on nothing random):
    the same pair always gets the same K negatives, repeats included, whatever order the pairs come in."""
    def loss_fn(center_vec, outside_idx, outside_vectors):
        neg_indices = np.random.default_rng([seed, int(outside_idx)]).integers(n_words, size=n_negatives)
        return neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg_indices)
    loss_fn.__name__ = f"neg_sampling_loss(K={n_negatives})"
    return loss_fn


SKIPGRAM_VOCABULARY = ["the", "cat", "sat", "on", "mat", "dog", "ran"]


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
            cases.append(_Case((center_word, window_words, word2ind, center_vectors, outside_vectors, loss_fn),
                               f"{loss_name}, center {center_word!r}, window {window_words}, n_words = {n}, d = {d}",
                               {"n_words": n, "d": d}))
    return _run_check("check_skipgram", student_fn, skipgram, cases,
                      ["loss", "grad_center_vectors", "grad_outside_vectors"],
                      ["center_word", "window_words", "word2ind", "center_vectors", "outside_vectors", "loss_fn"])


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
        cases.append(_Case((params, grad, step_size), f"params of shape {shape}, step_size = {step_size}", sizes))
    mistakes = [
        _Mistake("*", lambda yours, expected, case: _close(yours, case.args[0] + case.args[2] * case.args[1]),
                 "sign flipped? Gradient descent moves against the gradient: params - step_size * grad."),
        _Mistake("*", lambda yours, expected, case: _close(yours, case.args[0] - case.args[1]),
                 "the step size was not used: multiply the gradient by step_size."),
        _Mistake("*", lambda yours, expected, case: _close(yours, -case.args[2] * case.args[1]),
                 "you returned only the step -step_size * grad; return params minus step_size * grad."),
    ]
    return _run_check("check_sgd_step", student_fn, _reference_sgd_step, cases, ["new params"],
                      ["params", "grad", "step_size"], mistakes=mistakes, may_modify=["params"])
