"""Exercise checkers for the notebooks: compare a student's function with the w2vlib reference.

Each ``check_*`` function calls the student's function and the reference on the same seeded random inputs
(including the awkward ones: logits near ±1000, a negative drawn twice, the outside word among the negatives),
prints one line if everything agrees, or says what is wrong (which output, the largest error and where, and a
hint when the error looks like a known mistake), and returns a :class:`CheckResult`. A wrong answer never
raises: the checker reports it. All checkers share one comparison routine, :func:`_run_check`.

Checkers cannot be passed without doing the exercise: a function that calls the w2vlib function it is asked to
re-implement is refused (politely). Hints say what looks wrong, never the line to write.

In a notebook, when the student's function fails (for instance the student edition's
``raise NotImplementedError``), the checker also rebinds the student's function name to the reference, with a
visible note, so that later cells that need the function still run: a student stuck on one exercise can go on.

    check_outside_word_probabilities  notebook 01   fn(center_vec, outside_vectors) -> ŷ
    check_softmax                     (any)         fn(logits) -> softmax(logits), row-wise
    check_naive_softmax_loss_and_gradient   02      same signature as w2vlib.naive_softmax_loss_and_gradient
    check_sigmoid_derivative          notebook 03   fn(x) -> σ'(x), judged by finite differences
    check_grad_in_negative            notebook 03   fn(center_vec, u_k) -> ∂J_neg-sample/∂u_{w_k}, by finite differences
    check_neg_sampling_loss_and_gradient    03      same signature as w2vlib.neg_sampling_loss_and_gradient
    check_slips                       notebook 03   the set of wrong lines in a published derivation
    check_sgd_step                    notebook 04   fn(params, grad, step_size) -> θ − α ∇J
    check_skipgram                    notebook 04   same signature as w2vlib.skipgram, with both loss functions
    check_window_naive_softmax        notebook 04   fn(center_vec, outside_indices, outside_vectors), one softmax
"""
from __future__ import annotations

import copy
import inspect
import signal
import sys
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from ..losses.activations import log_sigmoid, log_softmax, sigmoid, softmax
from ..losses.naive_softmax import naive_softmax_loss_and_gradient
from ..losses.negative_sampling import neg_sampling_loss_and_gradient
from ..losses.skipgram import skipgram

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


def _wrong_rows(yours, expected) -> np.ndarray:
    """The rows of a 2-D gradient in which some entry is off by more than the tolerance."""
    return np.flatnonzero(np.any(_relative_errors(yours, expected) > TOLERANCE, axis=1))


def _only_repeated_rows_wrong(yours, expected, case) -> bool:
    if not case.repeated_rows or yours.ndim != 2:
        return False
    wrong_rows = _wrong_rows(yours, expected)
    return wrong_rows.size > 0 and set(wrong_rows.tolist()) <= set(case.repeated_rows)


REPEATED_NEGATIVES = _Mistake(
    "grad_outside_vectors", _only_repeated_rows_wrong,
    "a negative drawn twice only counted once: use np.add.at instead of fancy-index assignment. "
    "grad[rows] += values (or =) writes a repeated row once; np.add.at adds once for every occurrence of an index.")


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


STUDENT_TIME_LIMIT = 5.0   # seconds one call of a student's function may take before the checker gives up on it


class _TookTooLong(BaseException):
    """Raised inside a student's function that runs past the time limit (a BaseException, so that the student's own
    ``except Exception`` cannot swallow it)."""


@contextmanager
def _time_limit(seconds: float | None):
    """Interrupt the code inside after ``seconds`` with :class:`_TookTooLong` (POSIX, main thread: a notebook's cells
    run there; elsewhere no limit)."""
    usable = (seconds is not None and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def interrupt(signum, frame):
        raise _TookTooLong()

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _call_quietly(fn, args, time_limit: float | None = None):
    """Call ``fn(*args)`` with NumPy's overflow/invalid warnings silenced (the checker reports nan/inf itself), and
    interrupted with :class:`_TookTooLong` after ``time_limit`` seconds (a student's function: an endless loop)."""
    with np.errstate(all="ignore"), warnings.catch_warnings(), _time_limit(time_limit):
        warnings.simplefilter("ignore", RuntimeWarning)
        return fn(*args)


def _took_too_long() -> str:
    return (f"your function did not return within {STUDENT_TIME_LIMIT:g} s on this small case (the reference "
            "takes milliseconds), so the checker stopped it: look for a loop that never ends (a while loop whose "
            "condition never changes), or a loop over far more entries than the inputs have.")


def _changed_argument(before, after) -> bool:
    if isinstance(before, np.ndarray):
        return not (isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before))
    if callable(before):
        return False
    return before != after


def _find_problem(student_fn, reference_fn, case, output_names, arg_names, mistakes, may_modify, tripwires):
    """Compare one case. Returns (problem message or None, largest error on this case). The student's function
    runs inside ``tripwires`` (which record calls of the functions it must not use); nothing else does."""
    n_outputs = len(output_names)
    expected = _call_quietly(reference_fn, copy.deepcopy(case.args))
    expected = (expected,) if n_outputs == 1 else tuple(expected)
    student_args = copy.deepcopy(case.args)
    try:
        with tripwires:
            yours = _call_quietly(student_fn, student_args, STUDENT_TIME_LIMIT)
    except _TookTooLong:
        return _took_too_long(), 0.0
    except NotImplementedError as exc:
        return (f"not done yet: your function raises NotImplementedError ({exc}). Replace that line with your "
                "code, then run this cell again."), 0.0
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


class _Tripwires:
    """While active, every place the student's code could reach a ``forbidden`` function by name (the function's
    globals and closure, and the w2vlib modules) holds a wrapper that records the call and then calls through."""

    def __init__(self, student_fn, forbidden: Sequence[Callable]):
        self.student_fn, self.forbidden, self.called, self._patched = student_fn, list(forbidden), [], []

    def _wrapper(self, original):
        def tripwire(*args, **kwargs):
            self.called.append(original.__name__)
            return original(*args, **kwargs)
        return tripwire

    def __enter__(self):
        namespaces = [getattr(self.student_fn, "__globals__", {})]
        namespaces += [vars(module) for name, module in list(sys.modules.items())
                       if module is not None and (name == "w2vlib" or name.startswith("w2vlib."))]
        for namespace in namespaces:
            for key, value in list(namespace.items()):
                if any(value is f for f in self.forbidden):
                    self._patched.append((namespace, key, value))
                    namespace[key] = self._wrapper(value)
        for cell in getattr(self.student_fn, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:  # an empty cell
                continue
            if any(value is f for f in self.forbidden):
                self._patched.append((cell, None, value))
                cell.cell_contents = self._wrapper(value)
        return self

    def __exit__(self, *exc_info):
        for place, key, value in reversed(self._patched):
            if key is None:
                place.cell_contents = value
            else:
                place[key] = value
        self._patched.clear()


def _refusal(name: str, called: str) -> str:
    return (f"✗ {name}: your function calls w2vlib's own `{called}`, the function this exercise asks you to write. "
            "It would pass without teaching you anything, so the checker does not accept it, sorry: write the "
            "computation yourself (other w2vlib helpers are fine).")


def _notebook_namespace():
    """The globals of the first caller outside w2vlib when that caller is a notebook (or script) run as __main__."""
    frame = inspect.currentframe()
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith("w2vlib"):
        frame = frame.f_back
    if frame is None or frame.f_globals.get("__name__") != "__main__":
        return None
    return frame.f_globals


def _fall_back_to_reference(student_fn, reference_fn) -> str:
    """In a notebook, rebind the student's function name to the reference so that later cells still run.
    Returns the note to print, or "" when nothing was rebound."""
    namespace = _notebook_namespace()
    name = getattr(student_fn, "__name__", "")
    if namespace is None or not name.isidentifier() or namespace.get(name) is not student_fn:
        return ""
    namespace[name] = reference_fn
    return (f"\n  Note: until your `{name}` passes, the cells below use a reference version instead, so that you can "
            f"go on. Run the cell that defines `{name}`, then this one, again after you change it.")


def _run_check(name: str, student_fn, reference_fn, cases: Sequence[_Case], output_names: Sequence[str],
               arg_names: Sequence[str], mistakes: Sequence[_Mistake] = (),
               may_modify: Sequence[str] = (), forbidden: Sequence[Callable] = ()) -> CheckResult:
    """Run every case, stop at the first problem, print and return the verdict.

    ``forbidden``: the w2vlib functions the exercise re-implements; a student function that calls one (or is one)
    is refused. When the student's function fails in a notebook, its name is rebound to ``reference_fn``.
    """
    if not callable(student_fn):
        result = CheckResult(False, f"✗ {name}: expected a function, got {type(student_fn).__name__}; "
                                    f"pass the function itself (no parentheses after its name).")
        print(result.message)
        return result
    for f in forbidden:
        if student_fn is f:
            result = CheckResult(False, _refusal(name, f.__name__).replace("calls", "is", 1))
            print(result.message)
            return result
    mistakes = [*mistakes, SIGN_FLIP]
    largest = 0.0
    for number, case in enumerate(cases, start=1):
        tripwires = _Tripwires(student_fn, forbidden)
        problem, error = _find_problem(student_fn, reference_fn, case, output_names, arg_names, mistakes,
                                       may_modify, tripwires)
        if tripwires.called:
            result = CheckResult(False, _refusal(name, tripwires.called[0]))
            print(result.message)
            return result
        if problem is not None:
            message = (f"✗ {name}: {problem}" if problem.startswith("not done yet") else
                       f"✗ {name} failed on case {number} of {len(cases)} ({case.description}):\n  {problem}")
            result = CheckResult(False, message + _fall_back_to_reference(student_fn, reference_fn))
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
                      ["y_hat"], ["center_vec", "outside_vectors"], mistakes=[NOT_NORMALISED_1D],
                      forbidden=[softmax, log_softmax])


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
                      mistakes=[NOT_NORMALISED_1D, NOT_NORMALISED_2D], forbidden=[softmax, log_softmax])


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
    return _close(yours - missing, expected)


MISSING_Y_TERM = [
    _Mistake("grad_center_vec", lambda yours, expected, case: _differs_by_true_word_term(yours, expected, case,
                                                                                         "grad_center_vec"),
             "yours is U ŷ alone: the −y part is missing. The loss has two terms, −u_o^T v_c and the "
             "log-sum-exp; differentiate the first one too."),
    _Mistake("grad_outside_vectors", lambda yours, expected, case: _differs_by_true_word_term(
        yours, expected, case, "grad_outside_vectors"),
             "row o (the true outside word) lacks the −y part: the term −u_o^T v_c of the loss contributes to "
             "row o only; differentiate it too."),
]


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
                      NAIVE_OUTPUTS, NAIVE_ARGS, mistakes=MISSING_Y_TERM, forbidden=[naive_softmax_loss_and_gradient])


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
    outputs = ["loss", "grad_center_vectors", "grad_outside_vectors"]

    def last_pair_only(yours, expected, case):
        center_word, window_words, *rest = case.args
        last = skipgram(center_word, window_words[-1:], *rest)
        return any(_close(yours, np.asarray(part, dtype=float)) for part in last)

    def averaged(yours, expected, case):
        return _close(yours * len(case.args[1]), expected) and bool(np.any(np.abs(expected) > TOLERANCE))

    mistakes = [
        _Mistake("*", last_pair_only,
                 "yours equals the last pair's term alone: `=` instead of `+=` in the loop over the window? Each "
                 "pair's loss and gradients must be added to what the earlier pairs gave."),
        _Mistake("*", averaged,
                 "yours is the expected value divided by the number of outside words: the window loss is the "
                 "sum of the pair losses, not their mean (and so are its gradients)."),
    ]
    return _run_check("check_skipgram", student_fn, skipgram, cases, outputs,
                      ["center_word", "window_words", "word2ind", "center_vectors", "outside_vectors", "loss_fn"],
                      mistakes=mistakes, forbidden=[skipgram])


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
        _Mistake("*", lambda yours, expected, case: _close(yours, case.args[0] - case.args[1] / case.args[2]),
                 "you divided the gradient by the step size; the step size scales the gradient."),
        _Mistake("*", lambda yours, expected, case: _close(yours, case.args[0] + case.args[2] * case.args[1]),
                 "sign flipped? Gradient descent moves the parameters against the gradient, not along it."),
        _Mistake("*", lambda yours, expected, case: _close(yours, case.args[0] - case.args[1]),
                 "the step size was not used: multiply the gradient by step_size."),
        _Mistake("*", lambda yours, expected, case: _close(yours, -case.args[2] * case.args[1]),
                 "you returned only the step; return the new parameters, the old ones moved by that step."),
    ]
    return _run_check("check_sgd_step", student_fn, _reference_sgd_step, cases, ["new params"],
                      ["params", "grad", "step_size"], mistakes=mistakes, may_modify=["params"])


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
            slips = _call_quietly(slips, (), STUDENT_TIME_LIMIT)
        except _TookTooLong:
            result = CheckResult(False, f"✗ {name}: {_took_too_long()}")
            print(result.message)
            return result
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


# ----------------------------------------------------------------------------------------------------------
# Notebook 04: the naive-softmax window loss with one softmax
# ----------------------------------------------------------------------------------------------------------

def _reference_window_naive_softmax(center_vec, outside_indices, outside_vectors):
    """The window loss as the sum of the pair losses of notebook 02 (one softmax per pair)."""
    loss, grad_center_vec, grad_outside = 0.0, np.zeros_like(center_vec), np.zeros_like(outside_vectors)
    for o in outside_indices:
        pair = naive_softmax_loss_and_gradient(center_vec, int(o), outside_vectors)
        loss, grad_center_vec, grad_outside = loss + pair[0], grad_center_vec + pair[1], grad_outside + pair[2]
    return loss, grad_center_vec, grad_outside


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
            return _close(yours, grads[0] if output == "grad_center_vec" else grads[1])
        return looks_like
    return [_Mistake(output, looks_like_in(output), hint) for output in ("grad_center_vec", "grad_outside_vectors")]


def check_window_naive_softmax(student_fn) -> CheckResult:
    """Check ``student_fn(center_vec, outside_indices, outside_vectors) -> (loss, grad_center_vec,
    grad_outside_vectors)``, the naive-softmax loss of a whole window, against the sum of the pair losses
    (notebook 04, exercise 3).

    center_vec: shape (d,) [v_c]; outside_indices: shape (n,) [o_1..o_n]; outside_vectors: shape (n_words, d).
    """
    rng = np.random.default_rng(909)
    cases = []
    for n_words, d, window in [(6, 3, [1, 4]), (8, 4, [2, 5, 2, 7]), (10, 3, [0, 9, 3, 3, 3, 1]), (5, 2, [4])]:
        center_vec, outside_vectors = _random_vectors(rng, n_words, d)
        repeated = " (a repeated word)" if len(set(window)) < len(window) else ""
        cases.append(_Case((center_vec, np.array(window), outside_vectors),
                           f"n_words = {n_words}, d = {d}, outside_indices = {window}{repeated}",
                           {"n_words": n_words, "d": d}))
    for center_vec, outside_vectors, scores, text in _large_score_inputs(rng, [(6, 3), (7, 4)]):
        window = np.argsort(scores)[-3:][::-1][[0, 1, 0]]   # likely words, one of them twice
        cases.append(_Case((center_vec, window, outside_vectors), f"{text}, outside_indices = {window.tolist()}",
                           {"n_words": outside_vectors.shape[0], "d": outside_vectors.shape[1]},
                           nonfinite_hint=MAX_SHIFT_HINT + " (or use log_softmax)"))

    def averaged(yours, expected, case):
        return bool(np.any(np.abs(expected) > TOLERANCE)) and _close(yours * len(case.args[1]), expected)

    mistakes = [
        _Mistake("*", averaged, "yours is the expected value divided by n: the window loss is the sum of the pair "
                                "losses, not their mean (and so are its gradients)."),
        *_window_mistake("each of the n pairs brings its own copy of ŷ: the ŷ part must count n times.",
                         n_factor=False),
        *_window_mistake("a word that occurs twice in the window must count twice in Σ_j y_j: assignment "
                              "with a repeated index counts it once (np.add.at or np.bincount count every occurrence).",
                         counts_once=True),
        *_window_mistake("the −Σ_j y_j part is missing: the loss has the term −Σ_j z_{o_j} too; differentiate it.",
                         minus_y=False),
    ]
    return _run_check("check_window_naive_softmax", student_fn, _reference_window_naive_softmax, cases,
                      NAIVE_OUTPUTS, ["center_vec", "outside_indices", "outside_vectors"], mistakes=mistakes,
                      forbidden=[naive_softmax_loss_and_gradient])
