"""The comparison engine shared by every checker.

An :class:`Exercise` says what the student's function must compute (a reference), on which :class:`Case` inputs,
which outputs it returns, and which mistakes have a name. :func:`run_check` runs the student's function on every case
(see :mod:`.running`: a time limit, the reference's code watched for) and the reference on the same inputs, stops at
the first case that fails, and reports every wrong output of that case with a hint where the error looks like a
known mistake. It prints one line if all agree.

In a notebook, when the student's function fails, the name it was defined under is bound to a *stand-in* that runs
the reference, so that later cells still run; the stand-in carries the student's function, and a checker given the
stand-in judges that function again (never the reference).
"""
from __future__ import annotations

import copy
import inspect
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .running import STAND_IN_CODES, Run, run_student, where_it_failed
from .cases import TOLERANCE, Case, CheckResult, Mistake, named_shape, quietly, relative_errors
from .hints import SIGN_FLIP, ExceptionHint, rows_hint, shape_hint, source_hints

STAND_IN_ATTRIBUTE = "__w2vlib_stand_in_for__"   # on a stand-in: the student's function it replaces


@dataclass
class Exercise:
    """Everything a checker needs to judge one exercise."""

    name: str                                   # the checker's name, as printed
    reference: Callable                         # computes the expected outputs
    cases: Sequence[Case]
    outputs: Sequence[str]                      # names of the outputs, in order
    args: Sequence[str]                         # names of the arguments, in order
    mistakes: Sequence[Mistake] = ()
    may_modify: Sequence[str] = ()              # arguments the function may change in place
    forbidden: Sequence[Callable] = ()          # the w2vlib functions this exercise re-implements
    fallback: Callable | None = None            # what later cells use while the student's fails (default: reference)
    exception_hints: Sequence[ExceptionHint] = ()
    final_checks: Sequence[Callable] = ()       # check(call) -> problem or "", once every case passed
    overflow_hint: str = ""                     # if set, NumPy overflow inside the student's function fails a case

    def watched_codes(self) -> dict:
        """{code: name} of the functions whose code must not run inside the student's function."""
        functions = [*self.forbidden, self.reference, self.fallback]
        return {f.__code__: f.__name__ for f in functions if hasattr(f, "__code__")}


@dataclass
class _Verdict:
    kind: str            # "passed", "failed", "refused"
    text: str
    largest: float = 0.0


def _relabel(student_fn):
    """The student's own function when ``student_fn`` is a stand-in, and the note that says so."""
    original = getattr(student_fn, STAND_IN_ATTRIBUTE, None)
    if original is None:
        return student_fn, ""
    name = getattr(original, "__name__", "your function")
    return original, (f"\n  (`{name}` currently names the reference version the checker put in place after your "
                      f"function failed; this checked your own `{name}`, as its cell defines it, again.)")


def run_check(exercise: Exercise, student_fn) -> CheckResult:
    """Judge ``student_fn`` on every case of ``exercise``; print the verdict and return it."""
    name = exercise.name
    if not callable(student_fn):
        return _report(CheckResult(False, f"✗ {name}: expected a function, got {type(student_fn).__name__}; pass "
                                          "the function itself (no parentheses after its name)."))
    student_fn, note = _relabel(student_fn)
    for f in exercise.forbidden:
        if student_fn is f:
            return _report(CheckResult(False, f"✗ {name}: this is w2vlib's own `{f.__name__}`, the reference version "
                                              "of what this exercise asks you to write; pass your own function."))
    verdict = _judge(exercise, student_fn)
    if verdict.kind == "passed":
        error_text = f"{verdict.largest:.0e}" if verdict.largest else "0"
        message = f"✓ {name} passed: {len(exercise.cases)} random cases, largest error {error_text}"
        if _restore_in_notebook(student_fn):
            message += f"\n  (`{student_fn.__name__}` names your own function again, not the reference version.)"
        return _report(CheckResult(True, message))
    message = f"✗ {name}{verdict.text}" + note
    if verdict.kind == "failed":
        fallback_note = _fall_back_in_notebook(student_fn, exercise.fallback or exercise.reference)
        message += "" if note else fallback_note   # given the stand-in, the note above already says it
    return _report(CheckResult(False, message))


def _report(result: CheckResult) -> CheckResult:
    print(result.message)
    return result


def _judge(exercise: Exercise, student_fn) -> _Verdict:
    watched = exercise.watched_codes()
    largest = 0.0
    for number, case in enumerate(exercise.cases, start=1):
        where = f" failed on case {number} of {len(exercise.cases)} ({case.description})"
        student_args = copy.deepcopy(case.args)
        run = run_student(student_fn, student_args, watched)
        if run.reference_called:
            return _Verdict("refused", ": " + _refusal(*run.reference_called))
        if run.timed_out:
            return _Verdict("failed", f": {_timeout(run, number, len(exercise.cases), case)}")
        if isinstance(run.error, NotImplementedError):
            return _Verdict("failed", f": not done yet: your function raises NotImplementedError ({run.error}). "
                                      "Replace that line with your code, then run this cell again.")
        if run.error is not None:
            problems = _exception_problems(exercise, run.error, case)
        else:
            problems, error = _output_problems(exercise, case, run, student_args)
            largest = max(largest, error)
        if problems:
            problems += [f"Hint: {hint}" for hint in source_hints(student_fn) if hint not in "".join(problems)]
            return _Verdict("failed", where + ":\n  " + "\n  ".join(problems))

    def call(args):
        return run_student(student_fn, copy.deepcopy(args), watched)
    for final_check in exercise.final_checks:
        problem = final_check(call)
        if problem:
            return _Verdict("failed", f": {problem}")
    return _Verdict("passed", "", largest)


def _refusal(called: str, reference: str, stand_in_for: str) -> str:
    if stand_in_for:
        return (f"your function calls `{stand_in_for}`, which is not your code at the moment: after your "
                f"`{stand_in_for}` failed its checker, that name was given to w2vlib's reference version so that the "
                "cells below could run, and that reference is what this exercise asks you to write. Run the cell "
                f"that defines `{stand_in_for}` again (fixed), then this one.")
    via = (f"w2vlib's reference `{reference}`" if called == reference else
           f"w2vlib's `{called}`, which runs w2vlib's reference `{reference}`")
    return (f"your function calls {via}: this exercise asks you to write that computation yourself. A function "
            "that hands the work to the reference would pass without teaching you anything, so the checker does "
            "not accept it, sorry. (w2vlib's other helpers are fine.)")


def _timeout(run: Run, number: int, n_cases: int, case: Case) -> str:
    limit = f"{run.time_limit:g} s"
    message = (f"your function did not return within {limit} on case {number} of {n_cases} ({case.description}); "
               "an infinite loop? (A while loop whose condition never becomes false, or a loop that changes the "
               "wrong variable.)")
    if run.still_running:
        message += (" It could not be stopped and still runs in the background; if the computer stays busy, "
                    "restart the kernel.")
    return message


def _exception_problems(exercise: Exercise, error: BaseException, case: Case) -> list[str]:
    text = str(error)
    if isinstance(error, AssertionError) and not text:
        text = "an assert statement failed"
    problems = [f"your function raised {type(error).__name__}: {text}"]
    where = where_it_failed(error)
    if where:
        problems.append(f"  at {where}")
    problems += [f"Hint: {h.hint}" for h in exercise.exception_hints if h.applies(error, case)]
    return problems


def _changed_argument(before, after) -> bool:
    if isinstance(before, np.ndarray):
        return not (isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before))
    if callable(before):
        return False
    return before != after


def _split_outputs(yours, n_outputs: int, names: Sequence[str]):
    """(tuple of outputs, or None) and a problem when the function returned the wrong number of values."""
    wanted = ", ".join(names)
    if yours is None:
        return None, "your function returned None: did you forget the `return` statement?"
    if n_outputs == 1:
        if isinstance(yours, tuple):
            return None, f"your function returned {len(yours)} values; it should return 1 ({wanted})."
        return (yours,), ""
    if not isinstance(yours, (tuple, list)):
        return None, f"your function returned a single value; it should return {n_outputs} values: ({wanted})."
    if len(yours) != n_outputs:
        return None, f"your function returned {len(yours)} values; it should return {n_outputs}: ({wanted})."
    return tuple(yours), ""


def _output_problems(exercise: Exercise, case: Case, run: Run, student_args) -> tuple[list[str], float]:
    """Every problem with one case's outputs, and the largest error of the outputs that were right."""
    n_outputs = len(exercise.outputs)
    expected = quietly(exercise.reference, *copy.deepcopy(case.args))
    expected = (expected,) if n_outputs == 1 else tuple(expected)
    yours, problem = _split_outputs(run.value, n_outputs, exercise.outputs)
    if yours is None:
        return [problem], 0.0
    problems, largest, hints_given = [], 0.0, set()
    for output, mine, ref in zip(exercise.outputs, yours, expected):
        lines, error = _output_problem(exercise, case, output, mine, np.asarray(ref, dtype=np.float64))
        for line in lines:
            if line.startswith("Hint: ") and line in hints_given:
                continue   # the same hint for two outputs is said once
            hints_given.add(line)
            problems.append(line)
        largest = max(largest, error)
    if exercise.overflow_hint and "overflow" in run.float_errors:
        problems.append(f"NumPy reported an overflow while your function ran. Hint: {exercise.overflow_hint}")
    for argument, before, after in zip(exercise.args, case.args, student_args):
        if argument not in exercise.may_modify and _changed_argument(before, after):
            problems.append(f"your function changed its argument `{argument}` in place; the caller's data must not "
                            "change. Build a new array (or work on a copy, x = x.copy()).")
    return problems, largest


def _output_problem(exercise: Exercise, case: Case, output: str, mine, ref: np.ndarray) -> tuple[list[str], float]:
    try:
        mine = np.asarray(mine, dtype=np.float64)
    except (TypeError, ValueError):
        return [f"{output} is {type(mine).__name__}, not an array of numbers of shape "
                f"{named_shape(ref.shape, case.sizes)}."], 0.0
    if mine.shape != ref.shape:
        hint = shape_hint(mine.shape, ref.shape)
        message = (f"{output} has shape {named_shape(mine.shape, case.sizes)} "
                   f"where {named_shape(ref.shape, case.sizes)} was expected")
        if hint == "missing transpose?":
            return [f"{message}: missing transpose?"], 0.0
        return [message + "."] + ([f"Hint: {hint}"] if hint else []), 0.0
    bad = ~np.isfinite(mine)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        at = f" at index {where}" if where else ""
        hint = case.nonfinite_hint or "look for a division by zero, log(0) or exp of a large number."
        return [f"{output} is not finite ({mine[where]}){at}: {hint}"], 0.0
    errors = relative_errors(mine, ref)
    worst = np.unravel_index(int(np.argmax(errors)), errors.shape) if errors.ndim else ()
    error = float(errors[worst])
    if error <= TOLERANCE:
        return [], error
    at = f" at index {tuple(int(i) for i in worst)}" if errors.ndim else ""
    lines = [f"{output} is wrong: largest error {error:.1e}{at} "
             f"(yours {float(mine[worst]):.6g}, expected {float(ref[worst]):.6g})."]
    for mistake in [*exercise.mistakes, SIGN_FLIP]:
        if mistake.output in ("*", output) and mistake.looks_like(mine, ref, case):
            return lines + [f"Hint: {mistake.hint}"], 0.0
    hint = rows_hint(mine, ref, case)
    return lines + ([f"Hint: {hint}"] if hint else []), 0.0


# ----------------------------------------------------------------------------------------------------------------
# In a notebook: a stand-in for a failing function, so that later cells run
# ----------------------------------------------------------------------------------------------------------------

def _notebook_namespace():
    """The globals of the first caller outside w2vlib when that caller is a notebook (or script) run as __main__."""
    frame = inspect.currentframe()
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith("w2vlib"):
        frame = frame.f_back
    if frame is None or frame.f_globals.get("__name__") != "__main__":
        return None
    return frame.f_globals


def _stand_in(student_fn, reference: Callable):
    """A function that runs ``reference`` and remembers ``student_fn`` (in :data:`STAND_IN_ATTRIBUTE`)."""
    def stand_in(*args, **kwargs):
        return reference(*args, **kwargs)
    name = student_fn.__name__
    stand_in.__code__ = stand_in.__code__.replace(co_name=name, co_qualname=name)
    STAND_IN_CODES.add(stand_in.__code__)
    stand_in.__name__ = stand_in.__qualname__ = name
    stand_in.__doc__ = f"The reference version standing in for your `{name}` until it passes its checker."
    setattr(stand_in, STAND_IN_ATTRIBUTE, student_fn)
    return stand_in


def is_stand_in(fn) -> bool:
    """Whether ``fn`` is the stand-in a checker bound in place of a student's failing function (it runs a reference
    version), so that a notebook can say which of the two it used."""
    return getattr(fn, STAND_IN_ATTRIBUTE, None) is not None


def _fall_back_in_notebook(student_fn, reference: Callable) -> str:
    """In a notebook, bind the student's function name to a stand-in running ``reference``, so that later cells
    still run. Returns the note to print, or "" when nothing was bound."""
    namespace = _notebook_namespace()
    name = getattr(student_fn, "__name__", "")
    if namespace is None or not name.isidentifier():
        return ""
    current = namespace.get(name)
    if current is not student_fn and getattr(current, STAND_IN_ATTRIBUTE, None) is not student_fn:
        return ""
    namespace[name] = _stand_in(student_fn, reference)
    return (f"\n  Note: until your `{name}` passes, the cells below use a reference version instead, so that you can "
            f"go on. Run the cell that defines `{name}`, then this one, again after you change it.")


def _restore_in_notebook(student_fn) -> bool:
    """After a pass: if the student's name holds a stand-in for this very function, give the name back to it
    (and return True)."""
    namespace = _notebook_namespace()
    name = getattr(student_fn, "__name__", "")
    if namespace is None or getattr(namespace.get(name), STAND_IN_ATTRIBUTE, None) is not student_fn:
        return False
    namespace[name] = student_fn
    return True
