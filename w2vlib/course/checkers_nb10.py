"""The checker of notebook 10's exercise: positive PMI with the ¾-smoothed context distribution, by hand in NumPy.

    check_pmi   fn(counts, context_power) -> PPMI, shape (n_words, n_contexts):
                max(0, log[n(c, o) / (n(c) P_α(o))]), natural log, n(c) the row sums,
                P_α(o) = n(o)^α / Σ_o' n(o')^α with n(o) the column sums, and 0 where n(c, o) = 0

Self-contained (its reference is written out here, independent of :mod:`w2vlib.vectors.count_vectors`). It calls the
student's function on several small matrices, zero counts included, and prints one line: ``✓ check_pmi passed``,
``✗ check_pmi: not done yet`` or ``✗ check_pmi failed on case i of n (...)`` with the entry that is wrong and, when
the answer is a known mistake (log of zero, no clipping, the ¾ forgotten, rows and columns swapped, log2 or log10,
P_α not normalised), its name. It never says "passed" for an answer that differs from the reference anywhere. An
exception is shown with the student's line that raised it. A function that runs w2vlib's own PMI code (noticed by
``sys.setprofile`` while the student's function runs, however it was reached) is refused. In a notebook, a function
that does not pass is replaced by the reference under the student's name, with a note, so later cells still run.
"""
from __future__ import annotations

import inspect
import itertools
import signal
import sys
import threading
import traceback
import warnings

import numpy as np

from .checkers.cases import CheckResult   # the shared checkers' verdict
TOLERANCE = 1e-6       # largest accepted |yours − expected| / max(1, |expected|)
TIME_LIMIT_S = 5.0     # a student's function that runs longer is stopped (an endless loop)




def reference_ppmi(counts, context_power=0.75):
    """PPMI with P_α over the column sums, written out entry by entry (the checker's own reference)."""
    return _variant(np.asarray(counts, dtype=np.float64), float(context_power))


def _variant(counts, context_power, swapped=False, base=np.e, clipped=True, normalised=True, smoothed=True):
    """The reference, or a known wrong version of it: each keyword names one place to go wrong."""
    if swapped:                                             # rows for the contexts, columns for the centers
        return _variant(counts.T, context_power, False, base, clipped, normalised, smoothed).T
    power = context_power if smoothed else 1.0
    row_totals, context_totals = counts.sum(axis=1), counts.sum(axis=0)
    smoothed_counts = np.where(context_totals > 0, np.abs(context_totals) ** power, 0.0)
    context = smoothed_counts / smoothed_counts.sum() if normalised else smoothed_counts
    result = np.full(counts.shape, -np.inf)
    for c, o in zip(*np.nonzero(counts)):
        result[c, o] = np.log(counts[c, o] / (row_totals[c] * context[o])) / np.log(base)
    return np.maximum(result, 0.0) if clipped else result


MISTAKES = {   # keyword of _variant -> (its wrong value, what to say)
    "smoothed": (False, "the ¾ smoothing is missing: P_α(o) must use n(o)^α (α = context_power), not n(o)."),
    "swapped": (True, "rows and columns are swapped: n(c) is the row sum (axis=1) and the context distribution "
                      "comes from the column sums (axis=0), raised to α."),
    "base": (2.0, "this is log2 (bits): PMI here is in nats, with the natural log np.log."),
    "clipped": (False, "negative values are not clipped: PPMI keeps max(PMI, 0), and 0 where n(c, o) = 0."),
    "normalised": (False, "P_α(o) is not a probability: divide n(o)^α by the sum of n(o')^α over all contexts."),
}
OTHER_BASES = {10.0: "this is log10: PMI here is in nats, with the natural log np.log."}


def _named_mistakes(yours, counts, context_power) -> list[str]:
    """The hints of the smallest set of known mistakes whose combination gives exactly ``yours``."""
    keys = list(MISTAKES)
    for size in range(1, len(keys) + 1):
        for chosen in itertools.combinations(keys, size):
            for base_value in ([MISTAKES["base"][0], *OTHER_BASES] if "base" in chosen else [np.e]):
                options = {key: MISTAKES[key][0] for key in chosen if key != "base"}
                with np.errstate(all="ignore"):
                    candidate = _variant(counts, context_power, base=base_value, **options)
                if candidate.shape == yours.shape and _same(yours, candidate):
                    hints = [MISTAKES[key][1] for key in chosen if key != "base"]
                    if "base" in chosen:
                        hints.append(MISTAKES["base"][1] if base_value == 2.0 else OTHER_BASES[base_value])
                    return hints
    return []


def _same(yours, expected) -> bool:
    both_infinite = np.isinf(yours) & np.isinf(expected) & (np.sign(yours) == np.sign(expected))
    with np.errstate(all="ignore"):
        errors = np.abs(yours - expected) / np.maximum(1.0, np.abs(expected))
    return bool(np.all(both_infinite | (errors <= TOLERANCE)))


def _cases():
    """(counts, context_power, description): small matrices, zero counts, a zero row and a zero column, floats."""
    toy = np.array([[0, 2, 1], [2, 0, 6], [1, 6, 4]])
    return [
        (np.array([[4, 1, 0], [2, 0, 3], [1, 5, 2]]), 0.75, "3×3 integer counts with zeros, α = 0.75"),
        (toy, 0.75, "the notebook's 3-word matrix, α = 0.75"),
        (toy, 1.0, "the notebook's 3-word matrix, α = 1 (no smoothing)"),
        (np.array([[3.0, 0.0, 1.0, 0.5], [0.0, 2.0, 0.0, 4.0]]), 0.75, "2×4 weighted counts (floats), α = 0.75"),
        (np.array([[5, 0, 2], [0, 0, 0], [1, 0, 7]]), 0.75, "a word never seen (a zero row and a zero column)"),
        (np.array([[9, 1, 1, 0], [1, 8, 0, 2], [0, 1, 7, 1], [3, 0, 1, 6]]), 0.5, "4×4 counts, α = 0.5"),
    ]


class _TimeLimit(BaseException):
    """Raised in the student's function after TIME_LIMIT_S (a BaseException, so their own except cannot catch it)."""


class _Watch:
    """While active: records whether w2vlib's own PMI code runs (sys.setprofile), silences NumPy's warnings, and
    stops the student's function after TIME_LIMIT_S where the platform allows (main thread, SIGALRM)."""

    def __init__(self, forbidden_codes):
        self.forbidden_codes, self.called = forbidden_codes, None

    def _profile(self, frame, event, arg):
        if event == "call" and frame.f_code in self.forbidden_codes and self.called is None:
            self.called = frame.f_code.co_name
        if self._previous is not None:
            self._previous(frame, event, arg)

    def _alarm(self, signum, frame):
        raise _TimeLimit()

    def __enter__(self):
        self._previous = sys.getprofile()
        self._alarm_set = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        if self._alarm_set:
            self._old_handler = signal.signal(signal.SIGALRM, self._alarm)
            signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT_S)
        self._errstate = np.errstate(all="ignore")
        self._errstate.__enter__()
        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)
        sys.setprofile(self._profile)
        return self

    def __exit__(self, *exc_info):
        sys.setprofile(self._previous)
        if self._alarm_set:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old_handler)
        self._warnings.__exit__(*exc_info)
        self._errstate.__exit__(*exc_info)


def _library_codes():
    """The code objects of w2vlib's PMI functions: a student's function must not run any of them."""
    from ..vectors import count_vectors

    functions = (count_vectors.pmi, count_vectors.ppmi, count_vectors.context_distribution,
                 count_vectors._context_distribution, count_vectors._log_ratio, count_vectors.sgns_optimal_scores)
    return {function.__code__ for function in functions}


def _their_line(student_fn, error: BaseException) -> str:
    """' in your line N: <source>' for the last frame of the student's own code in the traceback, or ''."""
    code = getattr(student_fn, "__code__", None)
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if code is not None and frame.filename == code.co_filename]
    if not frames:
        return ""
    frame = frames[-1]
    return f"\n  in your line {frame.lineno}: {frame.line.strip()}" if frame.line else f" (line {frame.lineno})"


def _problem(student_fn, counts, context_power, watch) -> str | None:
    """What is wrong with the student's answer on one case, or None."""
    given = counts.copy()
    try:
        with watch:
            yours = student_fn(given, context_power)
    except NotImplementedError:
        return "not done yet"
    except _TimeLimit:
        return (f"your function was stopped after {TIME_LIMIT_S:g} s: an endless loop? A 3×3 matrix takes "
                "microseconds.")
    except Exception as error:   # the student's bug, told as a sentence with their line
        return f"your function raised {type(error).__name__}: {error}{_their_line(student_fn, error)}"
    if watch.called:
        return None
    if not np.array_equal(given, counts):
        return "your function changed `counts` in place; build a new array instead (or work on counts.copy())."
    if yours is None:
        return "your function returned None: did you forget the `return`?"
    if hasattr(yours, "toarray"):
        yours = yours.toarray()
    try:
        yours = np.asarray(yours, dtype=np.float64)
    except (TypeError, ValueError):
        return f"your function returned {type(yours).__name__}, not a matrix of numbers."
    expected = reference_ppmi(counts, context_power)
    if yours.shape != expected.shape:
        hint = ": rows and columns swapped (a transpose)?" if yours.shape == expected.shape[::-1] else "."
        return f"the result has shape {yours.shape}, expected {expected.shape} = (n_words, n_contexts){hint}"
    if _same(yours, expected):
        return ""
    wrong = np.argwhere(~np.isfinite(yours) | (np.abs(yours - expected) > TOLERANCE * np.maximum(1, np.abs(expected))))
    c, o = (int(i) for i in wrong[0])
    message = (f"entry (c, o) = ({c}, {o}) is {yours[c, o]:.6g}, expected {expected[c, o]:.6g} "
               f"(n(c, o) = {counts[c, o]:g}; {len(wrong)} of {yours.size} entries are wrong).")
    hints = _named_mistakes(yours, counts.astype(np.float64), context_power)
    if not hints and _same(yours, expected.T):
        hints = ["your result is the transpose of the expected one: row c is the center word, column o the context."]
    if not hints and not np.all(np.isfinite(yours)):
        bad = np.argwhere(~np.isfinite(yours))[0]
        if counts[tuple(bad)] == 0:
            hints = ["log of zero is not handled: where n(c, o) = 0 the PPMI is 0 (log 0 = -inf, and max(-inf, 0) "
                     "= 0; a nan does not become 0 under np.maximum: use np.where or compute the log only where "
                     "n(c, o) > 0)."]
        else:
            hints = ["a value is nan or inf where n(c, o) > 0: look for a division by zero."]
    return message + "".join(f"\n  Hint: {hint}" for hint in hints)


def _fall_back(student_fn) -> str:
    """In a notebook, rebind the student's function name to the reference, so that later cells still run."""
    frame = inspect.currentframe()
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith("w2vlib"):
        frame = frame.f_back
    name = getattr(student_fn, "__name__", "")
    if frame is None or frame.f_globals.get("__name__") != "__main__" or frame.f_globals.get(name) is not student_fn:
        return ""
    frame.f_globals[name] = reference_ppmi
    return (f"\n  Note: until your `{name}` passes, the cells below use a reference version instead, so that you "
            f"can go on. Run the cell that defines `{name}`, then this one, again after you change it.")


def check_pmi(student_fn) -> CheckResult:
    """Check ``student_fn(counts, context_power) -> PPMI`` (notebook 10's exercise) on several small matrices."""
    name = "check_pmi"
    if not callable(student_fn):
        result = CheckResult(False, f"✗ {name}: expected a function, got {type(student_fn).__name__}; pass the "
                                    "function itself (no parentheses after its name).")
    elif student_fn is reference_ppmi:
        result = CheckResult(False, f"✗ {name}: this is the checker's reference, put in place of your function when "
                                    "it did not pass. Run the cell that defines your function, then this one.")
    else:
        watch, cases, result = _Watch(_library_codes()), _cases(), None
        for number, (counts, context_power, description) in enumerate(cases, start=1):
            problem = _problem(student_fn, counts, context_power, watch)
            if watch.called:
                result = CheckResult(False, f"✗ {name}: your function runs w2vlib's own `{watch.called}`, the "
                                            "computation this exercise asks you to write, so the checker cannot "
                                            "accept it, sorry: write it with NumPy yourself.")
                break
            if problem == "not done yet":
                result = CheckResult(False, f"✗ {name}: not done yet: your function raises NotImplementedError. "
                                            "Replace that line with your code, then run this cell again."
                                            + _fall_back(student_fn))
                break
            if problem:
                result = CheckResult(False, f"✗ {name} failed on case {number} of {len(cases)} ({description}):\n"
                                            f"  {problem}" + _fall_back(student_fn))
                break
        if result is None:
            result = CheckResult(True, f"✓ {name} passed: {len(cases)} matrices, zero counts included")
    print(result.message)
    return result
