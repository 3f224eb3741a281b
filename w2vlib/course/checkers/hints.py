"""Hints shared by several checkers: mistakes recognised from the numbers (a flipped sign, rows that do not sum to 1,
a gradient in the wrong rows, nothing stored), from an output's shape, from the exception the student's function
raised, and from the student's source (``np.log(a, b)``). A hint says what looks wrong, never the line to write."""
from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .cases import TOLERANCE, Case, Mistake, close, relative_errors

SIGN_FLIP = Mistake(
    "*", lambda yours, expected, case: bool(np.any(np.abs(expected) > TOLERANCE)) and close(yours, -expected),
    "sign flipped? Your values are the negative of the expected ones; check the sign of each term.")


def _rows_not_summing_to_one(yours, expected, case) -> bool:
    return bool(np.all(yours >= 0)) and not np.allclose(yours.sum(axis=-1), 1.0, atol=1e-6)


NOT_NORMALISED_1D = Mistake(
    "*", lambda yours, expected, case: yours.ndim == 1 and _rows_not_summing_to_one(yours, expected, case),
    "your probabilities do not sum to 1: divide every exp(score) by the sum of all of them.")
NOT_NORMALISED_2D = Mistake(
    "*", lambda yours, expected, case: yours.ndim == 2 and _rows_not_summing_to_one(yours, expected, case),
    "each row must sum to 1: normalise along the last axis, np.sum(..., axis=-1, keepdims=True).")

NOTHING_STORED = Mistake(
    "*", lambda yours, expected, case: not np.any(yours) and bool(np.any(np.abs(expected) > TOLERANCE)),
    "yours is 0 everywhere: nothing was ever added into it. In a loop, `total += term` adds; `total == term` only "
    "compares (and throws the answer away), and `total = term` keeps the last term alone.")


def wrong_rows(yours, expected) -> np.ndarray:
    """The rows of a 2-D gradient in which some entry is off by more than the tolerance."""
    return np.flatnonzero(np.any(relative_errors(yours, expected) > TOLERANCE, axis=1))


def _nonzero_rows(a) -> set:
    return set(np.flatnonzero(np.any(np.abs(a) > 1e-12, axis=1)).tolist())


def _rows(rows, case: Case) -> str:
    """"row 3 (the center word 'on')", "rows 1, 4 and 6"."""
    named = [f"{r} ({case.roles[r]})" if r in case.roles else str(r) for r in sorted(rows)]
    if len(named) == 1:
        return f"row {named[0]}"
    return "rows " + ", ".join(named[:-1]) + " and " + named[-1]


def rows_hint(yours, expected, case: Case) -> str:
    """For a (n_words, d) gradient whose non-zero rows are not the expected ones: where the values went (into every
    row, into too few rows, into the wrong row, into a row that is none of the case's words)."""
    n_words = case.sizes.get("n_words")
    if yours.ndim != 2 or yours.shape != expected.shape or yours.shape[0] != n_words:
        return ""
    mine, theirs = _nonzero_rows(yours), _nonzero_rows(expected)
    if not mine or mine == theirs:
        return ""
    if len(mine) == n_words and len(theirs) < n_words:
        return (f"every row of yours is non-zero, but only {_rows(theirs, case)} should be: a word whose vector is not "
                "in the loss has gradient 0. (Adding a (d,) vector to an (n_words, d) array adds it to every row.)")
    if mine < theirs:
        return (f"only {_rows(mine, case)} of yours {'is' if len(mine) == 1 else 'are'} non-zero; "
                f"{_rows(theirs - mine, case)} should get a gradient too: every word whose vector appears in the "
                "loss gets one.")
    if mine & theirs:
        return ""
    hint = f"yours is in {_rows(mine, case)}, but this gradient belongs in {_rows(theirs, case)}"
    strangers = sorted(r for r in mine if r not in case.roles)
    if case.roles and strangers:
        hint += (f"; row {strangers[0]} is none of this case's words: a fixed row number? Find the row from the word "
                 "(word2ind)")
    return hint + "."


def shape_hint(yours_shape: tuple, expected_shape: tuple) -> str:
    """What a wrong shape usually means: a transpose, a one-number array, a column instead of a flat vector."""
    if len(yours_shape) == 2 and yours_shape == expected_shape[::-1] and yours_shape != expected_shape:
        return "missing transpose?"
    if expected_shape == () and int(np.prod(yours_shape)) == 1:
        return ("an array holding one number is not a number: it comes from indexing with a list (x[[o]]), from "
                "keepdims=True or from a (1, d) @ (d,) product. Return a single number (float(...) turns a "
                "one-entry array into one).")
    if len(expected_shape) == 1 and yours_shape in ((expected_shape[0], 1), (1, expected_shape[0])):
        return ("that is a column (or a row) of a matrix, not a flat vector: a [:, None], reshape(-1, 1) or "
                "keepdims=True made it two-dimensional. Return shape (d,).")
    return ""


# ----------------------------------------------------------------------------------------------------------------
# Hints from an exception and from the student's source
# ----------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExceptionHint:
    """``applies(error, case)`` recognises an exception that usually has one cause; ``hint`` names it."""

    applies: Callable[[BaseException, Case], bool]
    hint: str


def _is_shape_error(error: BaseException) -> bool:
    text = str(error)
    if isinstance(error, IndexError):
        return "out of bounds" in text
    return isinstance(error, ValueError) and any(
        word in text for word in ("matmul", "aligned", "broadcast", "mismatch", "shapes"))


def rows_are_words(argument: str = "outside_vectors") -> ExceptionHint:
    """A shape error from code that used ``argument``, an (n_words, d) matrix, as (d, n_words)."""
    return ExceptionHint(
        lambda error, case: _is_shape_error(error) and {"n_words", "d"} <= set(case.sizes),
        f"`{argument}` has shape (n_words, d), one ROW per word: u_w is row w. Did you use it as (d, n_words), "
        "the handout's U, whose columns are the u_w? The code stores its transpose.")


LOG_SECOND_ARGUMENT = ("np.log(a, b) in your code: NumPy's log takes one argument; a second one is `out`, an array "
                       "to write the result into (overwriting it), not a base or a term to add. Check the "
                       "parentheses; for a logarithm in base b, divide by np.log(b).")

NP_LOG_OUT = ExceptionHint(
    lambda error, case: isinstance(error, TypeError) and "return arrays must be of ArrayType" in str(error),
    LOG_SECOND_ARGUMENT)

ELEMENTWISE = {"log", "log2", "log10", "log1p", "exp", "sqrt"}


def source_hints(fn) -> list[str]:
    """Hints from reading the student's source: a NumPy log (or exp) given a second positional argument."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError, IndentationError):   # no source (a builtin, code typed at a prompt)
        return []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ELEMENTWISE
                and isinstance(node.func.value, ast.Name) and node.func.value.id in ("np", "numpy")
                and len(node.args) >= 2):
            return [LOG_SECOND_ARGUMENT.replace("np.log(a, b)", f"np.{node.func.attr}(a, b)").replace(
                "NumPy's log", f"NumPy's {node.func.attr}")]
    return []
