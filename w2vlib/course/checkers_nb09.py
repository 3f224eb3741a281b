"""The exercise checkers of notebook 09: the CBOW gradient in the context vectors, the hierarchical softmax along a path.

Each checker runs the student's function and w2vlib's reference on the same cases (repeated context words, a one-word
context, a path of length 1, scores near ±1000 ...), and prints one line when every output agrees, or the first case
and output that disagree, with a hint when the answer matches a known mistake (the 1/n of the mean forgotten, a
repeated context word counted once, the ±1 signs of the path flipped, ...). It never prints the answer. When the
student's function raises, the checker shows the exception and the student's own line that raised it. A function
that runs the reference's code, by any name or route, is refused: while the student's function runs, a profiler
(:func:`sys.setprofile`) watches for the reference's code objects. While an exercise is unsolved (it raises
``NotImplementedError``, or is wrong), the checker rebinds its name in the notebook to the reference, with a note, so
that the cells below still run.

    check_cbow_loss_and_gradient     fn(context_indices, center_idx, center_vectors, outside_vectors)
                                     -> (loss, grad_center_vectors, grad_outside_vectors), the naive softmax at v̂
    check_hs_path_loss_and_gradient  fn(center_vec, path_vectors, signs) -> (loss, grad_center_vec, grad_path_vectors)
"""
from __future__ import annotations

import copy
import inspect
import linecache
import sys
import textwrap
import traceback
import warnings
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..losses.activations import log_sigmoid, sigmoid
from ..losses import cbow as cbow_module
from ..losses import hierarchical_softmax as hs_module
from ..losses.naive_softmax import naive_softmax_loss_and_gradient

from .checkers.cases import CheckResult   # the shared checkers' verdict
TOLERANCE = 1e-6   # largest accepted |yours − expected| / max(1, |expected|)
WIDTH = 100        # printed lines wrap here: what a projector shows of a notebook's output




@dataclass(frozen=True)
class Case:
    args: tuple
    description: str


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: ``answer(*args)`` computes it; ``hint`` says what to look at (never the line to write)."""

    answer: Callable
    hint: str


def _errors(yours: np.ndarray, expected: np.ndarray) -> np.ndarray:
    return np.abs(yours - expected) / np.maximum(1.0, np.abs(expected))


def _agrees(yours, expected) -> bool:
    return all(np.shape(a) == np.shape(b) and np.all(_errors(np.asarray(a, float), np.asarray(b, float)) <= TOLERANCE)
               for a, b in zip(yours, expected))


class _ReferenceWatch:
    """While active, records every call of a function whose code object is in ``codes`` (any name, any route)."""

    def __init__(self, codes):
        self.codes, self.called, self._previous = set(codes), [], None

    def _profile(self, frame, event, arg):
        if event == "call" and frame.f_code in self.codes:
            self.called.append(frame.f_code.co_name)

    def __enter__(self):
        self._previous = sys.getprofile()
        sys.setprofile(self._profile)
        return self

    def __exit__(self, *exc_info):
        sys.setprofile(self._previous)


def _codes_of(functions) -> set:
    """The code objects of ``functions`` and of the functions defined inside them (closures such as a loss_fn)."""
    codes, todo = set(), [f.__code__ for f in functions]
    while todo:
        code = todo.pop()
        codes.add(code)
        todo.extend(c for c in code.co_consts if inspect.iscode(c))
    return codes


def _student_line(error: BaseException, student_fn) -> str:
    """'line N: <source>' of the innermost frame of the traceback that is in the student's own file (cell)."""
    filename = getattr(getattr(student_fn, "__code__", None), "co_filename", None)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    if not frames:
        return ""
    frame = frames[-1]
    source = (frame.line or linecache.getline(frame.filename, frame.lineno)).strip()
    return f"\n  It raised in your line {frame.lineno}" + (f": {source}" if source else ".")


def _notebook_namespace():
    """The globals of the first caller outside w2vlib, when that is a notebook (or a script run as __main__)."""
    frame = inspect.currentframe()
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith("w2vlib"):
        frame = frame.f_back
    return frame.f_globals if frame is not None and frame.f_globals.get("__name__") == "__main__" else None


def _fall_back(student_fn, reference_fn) -> str:
    """Bind the student's function name in the notebook to a stand-in that calls the reference (so that the cells
    below run) and remembers the student's function (so that running the checker again judges it, not the stand-in)."""
    namespace, name = _notebook_namespace(), getattr(student_fn, "__name__", "")
    if namespace is None or not name.isidentifier() or namespace.get(name) is not student_fn:
        return ""

    def stand_in(*args, **kwargs):
        return reference_fn(*args, **kwargs)

    stand_in.__name__, stand_in.student_function = name, student_fn
    namespace[name] = stand_in
    return (f"\n  Note: until your `{name}` passes, the cells below use a reference version instead, so that you can go "
            f"on. Run the cell that defines `{name}`, then this one, again after you change it.")


def _quietly(fn, args):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return fn(*args)


def _problem(yours, expected, case: Case, output_names, arg_names, student_args, mistakes,
             nonfinite_hint: str) -> str | None:
    """What is wrong with ``yours`` on one case (None: nothing)."""
    if yours is None:
        return "your function returned None: did you forget the `return` statement?"
    if not isinstance(yours, (tuple, list)) or len(yours) != len(output_names):
        got = f"{len(yours)} values" if isinstance(yours, (tuple, list)) else "a single value"
        return f"your function returned {got}; it should return {len(output_names)}: ({', '.join(output_names)})."
    for name, before, after in zip(arg_names, case.args, student_args):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after):
            return (f"your function changed its argument `{name}` in place; the caller's data must not change "
                    "(work on a copy).")
    for name, mine, ref in zip(output_names, yours, expected):
        ref = np.asarray(ref, dtype=float)
        try:
            mine = np.asarray(mine, dtype=float)
        except (TypeError, ValueError):
            return f"{name} is {type(mine).__name__}, not an array of numbers of shape {ref.shape}."
        if mine.shape != ref.shape:
            return f"{name} has shape {mine.shape} where {ref.shape} was expected."
        if not np.all(np.isfinite(mine)):
            where = tuple(int(i) for i in np.argwhere(~np.isfinite(mine))[0])
            return f"{name} is not finite (nan or inf){f' at index {where}' if where else ''}: {nonfinite_hint}"
        errors = _errors(mine, ref)
        if np.all(errors <= TOLERANCE):
            continue
        worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(errors)), errors.shape))
        message = f"{name} is wrong: largest error {float(errors[worst]):.1e}" + (f" at index {worst}" if worst else "")
        if np.any(np.abs(ref) > TOLERANCE) and np.all(_errors(mine, -ref) <= TOLERANCE):
            return message + ".\n  Hint: its sign is flipped: check the sign of each term."
        for mistake in mistakes:
            try:
                answer = _quietly(mistake.answer, copy.deepcopy(case.args))
            except Exception:  # a mistaken variant that cannot be formed for this case
                continue
            if _agrees(yours, answer):
                return message + f".\n  Hint: {mistake.hint}"
        return message + "."
    return None


def run_check(name: str, student_fn, reference_fn, cases: Sequence[Case], output_names, arg_names,
              mistakes: Sequence[Mistake], forbidden: Sequence[Callable], nonfinite_hint: str) -> CheckResult:
    """Run every case, stop at the first problem, print and return the verdict."""
    def verdict(passed: bool, message: str, fall_back: bool = False) -> CheckResult:
        message += _fall_back(student_fn, reference_fn) if fall_back else ""
        lines = [textwrap.fill(line, WIDTH, subsequent_indent="    ", break_on_hyphens=False)
                 for line in message.split("\n")]
        result = CheckResult(passed, "\n".join(lines))
        print(result.message)
        return result

    student_fn = getattr(student_fn, "student_function", student_fn)   # a stand-in of an earlier failed check
    refusal = (f"✗ {name}: your function runs w2vlib's own `{{}}`, the function this exercise asks you to write. It "
               "would pass without teaching you anything, so the checker does not accept it: write the computation "
               "yourself (other w2vlib helpers are fine).")
    if not callable(student_fn):
        return verdict(False, f"✗ {name}: expected a function, got {type(student_fn).__name__}; pass the function "
                              "itself (no parentheses after its name).")
    codes = _codes_of(forbidden)
    if getattr(student_fn, "__code__", None) in codes:
        return verdict(False, refusal.format(student_fn.__code__.co_name))
    for number, case in enumerate(cases, start=1):
        expected = _quietly(reference_fn, copy.deepcopy(case.args))
        student_args = copy.deepcopy(case.args)
        watch = _ReferenceWatch(codes)
        try:
            with watch:
                yours = _quietly(student_fn, student_args)
        except NotImplementedError as error:
            return verdict(False, f"✗ {name}: not done yet: your function raises NotImplementedError ({error}). "
                                  "Replace that line with your code, then run this cell again.", fall_back=True)
        except Exception as error:  # the student's bug, as a sentence and their own line, not a traceback
            if watch.called:
                return verdict(False, refusal.format(watch.called[0]))
            return verdict(False, f"✗ {name} failed on case {number} of {len(cases)} ({case.description}):\n  your "
                                  f"function raised {type(error).__name__}: {error}{_student_line(error, student_fn)}",
                           fall_back=True)
        if watch.called:
            return verdict(False, refusal.format(watch.called[0]))
        problem = _problem(yours, expected, case, output_names, arg_names, student_args, mistakes, nonfinite_hint)
        if problem is not None:
            return verdict(False, f"✗ {name} failed on case {number} of {len(cases)} ({case.description}):\n  {problem}",
                           fall_back=True)
    return verdict(True, f"✓ {name} passed: {len(cases)} cases ({'; '.join(c.description for c in cases)}), every "
                         f"output within {TOLERANCE:g} of w2vlib's.")


# ----- exercise 1: CBOW with the naive softmax -----------------------------------------------------------------------
def _cbow_reference(context_indices, center_idx, center_vectors, outside_vectors):
    return cbow_module.cbow_loss_and_gradient(context_indices, center_idx, center_vectors, outside_vectors,
                                              naive_softmax_loss_and_gradient)


def _cbow_variant(context_indices, center_idx, center_vectors, outside_vectors, share="mean", rows="add",
                  forward="mean"):
    """A wrong CBOW answer: ``share`` of ∂J/∂v̂ per slot ("mean" 1/n, "whole"), ``rows`` "add" (np.add.at),
    "assign" (a repeated word once), "first" (one row only); ``forward`` v̂ as "mean", "sum" or "center"."""
    v_hat = {"mean": center_vectors[context_indices].mean(axis=0), "sum": center_vectors[context_indices].sum(axis=0),
             "center": center_vectors[center_idx]}[forward]
    loss, grad_v_hat, grad_outside = naive_softmax_loss_and_gradient(v_hat, center_idx, outside_vectors)
    part = grad_v_hat / len(context_indices) if share == "mean" else grad_v_hat
    grad_center = np.zeros_like(center_vectors)
    if rows == "add":
        np.add.at(grad_center, context_indices, part)
    elif rows == "assign":
        grad_center[context_indices] += part
    else:
        grad_center[context_indices[0]] += part
    return loss, grad_center, grad_outside


def _cbow_cases() -> list[Case]:
    rng = np.random.default_rng(909)
    cases = []
    for context, center, description in [([1, 4, 6, 2], 3, "four different context words"),
                                         ([2, 5, 5, 1], 0, "a context word twice"),
                                         ([3, 3, 3], 6, "one word in all three slots"),
                                         ([4], 1, "a one-word context"),
                                         ([0, 2, 6, 7, 7, 1], 0, "the center word also in its own context")]:
        n_words, d = 8, 5
        cases.append(Case((np.array(context), center, rng.normal(size=(n_words, d)), rng.normal(size=(n_words, d))),
                          description))
    scale = 12.0                                                           # scores of several hundred
    cases.append(Case((np.array([1, 2, 2]), 4, scale * rng.normal(size=(6, 4)), scale * rng.normal(size=(6, 4))),
                      "large scores"))
    return cases


CBOW_MISTAKES = [
    Mistake(lambda *a: _cbow_variant(*a, share="whole"),
            "the 1/n factor is missing: v̂ is the mean of the n context vectors, so each one moves v̂ by 1/n of its "
            "own change (∂v̂/∂v_w = (1/n) I per slot)."),
    Mistake(lambda *a: _cbow_variant(*a, rows="assign"),
            "a word that fills two context slots got one share instead of two: grad[rows] += values writes a repeated "
            "row once; np.add.at adds once per occurrence."),
    Mistake(lambda *a: _cbow_variant(*a, rows="first"),
            "only one context vector got a gradient: every context word is in v̂, so every one gets its share."),
    Mistake(lambda *a: _cbow_variant(*a, forward="sum"),
            "v̂ looks like the sum of the context vectors; word2vec's CBOW (and this exercise) uses their mean."),
    Mistake(lambda *a: _cbow_variant(*a, forward="center"),
            "the scores look computed from the center word's own vector v_c; in CBOW the context's v̂ predicts c."),
    Mistake(lambda *a: _cbow_variant(*a, forward="sum", share="whole"),
            "this is CBOW with the sum of the context vectors; use their mean (and then the 1/n share)."),
]


def check_cbow_loss_and_gradient(student_fn) -> CheckResult:
    """Check ``student_fn(context_indices, center_idx, center_vectors, outside_vectors)`` against
    :func:`w2vlib.losses.cbow.cbow_loss_and_gradient` with the naive softmax: the loss −log softmax(U^T v̂)_c, shape
    (); ∂J/∂V, shape (n_words, d), (n_w / n) ∂J/∂v̂ in the row of every context word w; ∂J/∂U, shape (n_words, d)."""
    return run_check("check_cbow_loss_and_gradient", student_fn, _cbow_reference, _cbow_cases(),
                     ["loss", "grad_center_vectors", "grad_outside_vectors"],
                     ["context_indices", "center_idx", "center_vectors", "outside_vectors"], CBOW_MISTAKES,
                     forbidden=[cbow_module.cbow_loss_and_gradient, cbow_module.cbow, cbow_module.context_vector,
                                _cbow_reference],
                     nonfinite_hint="for scores of several hundred a softmax must subtract the largest score before "
                                    "exp; w2vlib.naive_softmax_loss_and_gradient does.")


# ----- exercise 2: the hierarchical softmax along one path -----------------------------------------------------------
def _hs_variant(center_vec, path_vectors, signs, coefficient):
    """A wrong answer with the loss −Σ log σ(t s) and the gradients' coefficient per node given by ``coefficient``."""
    scores = path_vectors @ center_vec
    coefs = coefficient(scores, signs)
    return float(-np.sum(log_sigmoid(signs * scores))), coefs @ path_vectors, coefs[:, None] * center_vec


def _hs_cases() -> list[Case]:
    rng = np.random.default_rng(919)
    cases = []
    for signs, description in [([1, -1, -1, 1], "a path of length 4"), ([-1], "a path of length 1, second child"),
                               ([1], "a path of length 1, first child"), ([1, 1, 1, -1, 1, -1, -1], "a path of length 7")]:
        cases.append(Case((rng.normal(size=5), rng.normal(size=(len(signs), 5)), np.array(signs, dtype=float)),
                          description))
    center_vec = rng.normal(size=4)
    center_vec *= 30 / np.linalg.norm(center_vec)
    path = np.outer([30.0, -30.0, 28.0], center_vec) / 30 + 0.1 * rng.normal(size=(3, 4))   # scores near ±900
    cases.append(Case((center_vec, path, np.array([-1.0, 1.0, -1.0])), "scores near ±900"))
    return cases


HS_MISTAKES = [
    Mistake(lambda v, p, t: hs_module.hs_path_loss_and_gradient(v, p, -t),
            "the ±1 signs look flipped: t_j = +1 means the turn to the first child, whose probability is σ(+s_j)."),
    Mistake(lambda v, p, t: _hs_variant(v, p, t, lambda s, t: sigmoid(t * s) - 1),
            "the gradient's coefficient lacks the sign t_j: differentiate log σ(t_j s_j) with the chain rule "
            "(the inner derivative of t_j s_j is t_j)."),
    Mistake(lambda v, p, t: _hs_variant(v, p, t, lambda s, t: sigmoid(s) - t),
            "the label looks taken as t_j = ±1; as a logistic regression the label of node j is (1 + t_j)/2, 1 or 0."),
    Mistake(lambda v, p, t: _hs_variant(v, p, t, lambda s, t: sigmoid(s) - 1),
            "every node is treated as a turn to the first child: the coefficient must depend on the node's sign."),
    Mistake(lambda v, p, t: _hs_variant(v, p, t, lambda s, t: np.where(np.arange(len(t)) == len(t) - 1,
                                                                     (sigmoid(t * s) - 1) * t, 0.0)),
            "only the last node of the path got a gradient: every node on the path is a factor of P(o | c)."),
]


def check_hs_path_loss_and_gradient(student_fn) -> CheckResult:
    """Check ``student_fn(center_vec, path_vectors, signs)`` against
    :func:`w2vlib.losses.hierarchical_softmax.hs_path_loss_and_gradient`: J = −Σ_j log σ(t_j u_{n_j}^T v_c), shape ();
    ∂J/∂v_c, shape (d,); ∂J/∂u_{n_j} for every node of the path, shape (L, d)."""
    return run_check("check_hs_path_loss_and_gradient", student_fn, hs_module.hs_path_loss_and_gradient,
                     _hs_cases(), ["loss", "grad_center_vec", "grad_path_vectors"],
                     ["center_vec", "path_vectors", "signs"], HS_MISTAKES,
                     forbidden=[hs_module.hs_path_loss_and_gradient, hs_module.hs_loss_and_gradient,
                                hs_module.make_hs_loss, hs_module.hs_probabilities],
                     nonfinite_hint="for scores near ±1000, np.log(sigmoid(x)) is log(0) = -inf; use "
                                    "w2vlib.log_sigmoid(x).")
