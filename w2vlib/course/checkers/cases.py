"""What a checker is made of: the cases it tries, the known mistakes it recognises, how close is close enough, and
the seeded inputs several notebooks share (random vectors, scores near ±1000)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

TOLERANCE = 1e-6  # largest accepted error |yours − expected| / max(1, |expected|)


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
class Case:
    """One set of inputs: positional ``args``, a ``description`` for messages, and what the hints need to know."""

    args: tuple
    description: str
    sizes: dict = field(default_factory=dict)      # symbol -> size, e.g. {"n_words": 5, "d": 3}
    nonfinite_hint: str = ""                       # what to say if the answer is nan/inf on this case
    repeated_rows: tuple = ()                      # negatives drawn more than once (rows owed several contributions)
    roles: dict = field(default_factory=dict)      # row -> what it is, e.g. {3: "the center word 'on'"}


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer: ``looks_like(yours, expected, case)`` recognises it, ``hint`` says what to fix."""

    output: str  # the output it concerns, or "*" for any output
    looks_like: Callable[[np.ndarray, np.ndarray, Case], bool]
    hint: str


def output_of(outputs, output: str, compute: Callable) -> Callable:
    """A mistake test for ``output``: the student's value equals that output of ``compute(case)``, a wrong version
    of the whole function (it returns every one of ``outputs``, in order)."""
    index = list(outputs).index(output)
    return lambda yours, expected, case: close(yours, quietly(compute, case)[index])


def in_every_output(outputs, compute: Callable, hint: str) -> list[Mistake]:
    """The wrong version ``compute(case)`` recognised in each of ``outputs``, with the same hint."""
    return [Mistake(output, output_of(outputs, output, compute), hint) for output in outputs]


def relative_errors(yours: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """|yours − expected| / max(1, |expected|) per entry: relative for large entries, absolute for small ones."""
    with np.errstate(all="ignore"):
        return np.abs(yours - expected) / np.maximum(1.0, np.abs(expected))


def close(yours, expected) -> bool:
    """Same shape and every entry within :data:`TOLERANCE`."""
    yours, expected = np.asarray(yours, dtype=float), np.asarray(expected, dtype=float)
    return yours.shape == expected.shape and bool(np.all(relative_errors(yours, expected) <= TOLERANCE))


def quietly(formula: Callable, *args):
    """``formula(*args)`` with NumPy's warnings off: a hint's guess at a wrong answer may overflow."""
    with np.errstate(all="ignore"):
        return formula(*args)


def named_shape(shape: tuple, sizes: dict) -> str:
    """``(3, 5)`` -> ``"(3, 5) = (d, n_words)"`` when every size has exactly one symbol in ``sizes``."""
    names = []
    for n in shape:
        matches = [symbol for symbol, size in sizes.items() if size == n]
        if len(matches) != 1:
            return str(tuple(shape))
        names.append(matches[0])
    inner = ", ".join(names) + ("," if len(names) == 1 else "")
    return f"{tuple(shape)} = ({inner})" if names else "() (a single number)"


# ----------------------------------------------------------------------------------------------------------------
# Inputs shared by several notebooks' checkers
# ----------------------------------------------------------------------------------------------------------------

MAX_SHIFT_HINT = "not finite for large logits: did you subtract the max before exp?"


def random_vectors(rng, n_words: int, d: int):
    """A center vector v_c, shape (d,), and outside vectors U, shape (n_words, d)."""
    return rng.normal(size=d), rng.normal(scale=0.8, size=(n_words, d))


def vectors_with_scores(rng, scores: np.ndarray, d: int):
    """A center vector v_c (d,) and outside vectors U (n_words, d) whose scores U v_c equal ``scores``."""
    center_vec = rng.normal(size=d)
    center_vec *= 30.0 / np.linalg.norm(center_vec)
    noise = rng.normal(size=(len(scores), d))
    outside_vectors = noise + np.outer((scores - noise @ center_vec) / (center_vec @ center_vec), center_vec)
    return center_vec, outside_vectors


def large_score_inputs(rng, sizes):
    """Yield (center_vec, outside_vectors, scores, description) with all scores u_w^T v_c within a few units of
    +1000 for the first (n_words, d) in ``sizes``, and of −1000 for the second."""
    for sign, (n_words, d) in zip((+1, -1), sizes):
        scores = sign * 1000.0 + rng.normal(scale=2.0, size=n_words)
        center_vec, outside_vectors = vectors_with_scores(rng, scores, d)
        description = f"scores u_w^T v_c near {sign * 1000:+d}, n_words = {n_words}, d = {d}"
        yield center_vec, outside_vectors, scores, description
