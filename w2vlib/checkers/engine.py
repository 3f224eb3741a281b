"""The comparison engine shared by every checker: run the student's function and the reference on the same cases,
say what differs, refuse the reference, and fall back on it in a notebook."""
from __future__ import annotations

import copy
import inspect
import sys
import warnings
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np


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


def _find_problem(student_fn, reference_fn, case, output_names, arg_names, mistakes, may_modify, tripwires):
    """Compare one case. Returns (problem message or None, largest error on this case). The student's function
    runs inside ``tripwires`` (which record calls of the functions it must not use); nothing else does."""
    n_outputs = len(output_names)
    expected = _call_quietly(reference_fn, copy.deepcopy(case.args))
    expected = (expected,) if n_outputs == 1 else tuple(expected)
    student_args = copy.deepcopy(case.args)
    try:
        with tripwires:
            yours = _call_quietly(student_fn, student_args)
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

