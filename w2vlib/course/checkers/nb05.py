"""Notebook 05's checker (training on real text): how many occurrences of each word survive sub-sampling.

    check_expected_kept   fn(counts, sample) -> count(w) · P_keep(w) for every word, with word2vec's C-code rule
                          P_keep(w) = min(1, (sqrt(f(w)/s) + 1) · s/f(w)),  f(w) = count(w) / Σ count
"""
from __future__ import annotations

import numpy as np

from ...text.subsampling import keep_probabilities, subsample
from .cases import Case, CheckResult, Mistake, close, quietly
from .engine import Exercise, run_check
from .hints import ExceptionHint


def _reference_expected_kept(counts, sample):
    """Expected occurrences of each word kept in one pass: count(w) · P_keep(w), shape (n_words,)."""
    counts = np.asarray(counts, dtype=np.float64)
    return counts * keep_probabilities(counts, sample)


def _shares(case):
    counts, sample = case.args
    counts = np.asarray(counts, dtype=np.float64)
    return counts, counts / counts.sum(), float(sample)


def _is(*formulas):
    """A mistake test: the student's values equal ``formula(counts, f, s)`` on the case, for one of ``formulas``."""
    def looks_like(yours, expected, case):
        return any(close(yours, quietly(formula, *_shares(case))) for formula in formulas)
    return looks_like


def _c_keep(f, s):
    return np.minimum(1.0, (np.sqrt(f / s) + 1) * s / f)


def _sample_zero_not_all_kept(yours, expected, case):
    return case.args[1] == 0 and not close(yours, expected)


MISTAKES = [
    Mistake("*", _sample_zero_not_all_kept,
            "with sample = 0 sub-sampling is off and every occurrence is kept: the expected number kept is the "
            "count itself. (The formula divides by s, so s = 0 needs its own branch.)"),
    Mistake("*", _is(lambda c, f, s: _c_keep(f, s)),
            "yours is the keep probability P_keep(w) of each word, a number between 0 and 1; the exercise asks how "
            "many of the word's count(w) occurrences survive a pass on average (each one is kept independently "
            "with that probability)."),
    Mistake("*", _is(lambda c, f, s: c * (1 - _c_keep(f, s))),
            "yours is the expected number of occurrences that are dropped, not of those kept."),
    Mistake("*", _is(lambda c, f, s: c * np.minimum(1.0, np.sqrt(s / f))),
            "that is the paper's rule: it discards with probability 1 − sqrt(s/f), so it keeps sqrt(s/f). "
            "word2vec's C code (and gensim, and this notebook) keeps with (sqrt(f/s) + 1) · s/f, which is "
            "sqrt(s/f) + s/f: a little more."),
    Mistake("*", _is(lambda c, f, s: c * np.maximum(0.0, 1 - np.sqrt(s / f)),
                     lambda c, f, s: c * (1 - np.sqrt(s / f))),
            "that is the paper's discard probability 1 − sqrt(s/f) times the count: the expected number dropped "
            "under the paper's rule. The exercise asks for the number kept, under the C code's rule."),
    Mistake("*", _is(lambda c, f, s: c * (np.sqrt(f / s) + 1) * s / f),
            "some of yours exceed the word's own count: for a rare word (sqrt(f/s) + 1) · s/f is above 1, and a "
            "probability is at most 1. Cap it entry by entry before multiplying by the count."),
    Mistake("*", _is(lambda c, f, s: c * _c_keep(c, s)),
            "f(w) is the word's share of all the tokens, count(w) divided by the sum of all counts, not its count."),
    Mistake("*", _is(lambda c, f, s: c * np.minimum(1.0, (np.sqrt(s / f) + 1) * f / s)),
            "s and f(w) are swapped: the more frequent a word, the *smaller* its keep probability must be."),
    Mistake("*", _is(lambda c, f, s: c * np.minimum(1.0, np.sqrt(f / s) + s / f)),
            "check the parentheses: the formula multiplies the whole sum (sqrt(f/s) + 1) by s/f; "
            "`sqrt(f / s) + 1 * s / f` multiplies only the 1."),
]

EXCEPTION_HINTS = [
    ExceptionHint(lambda error, case: isinstance(error, ValueError) and "truth value of an array" in str(error),
                  "Python's min (or an `if`) compares whole objects and cannot take an array: for the entry-wise "
                  "smaller of an array and 1, NumPy has np.minimum (np.min is the smallest entry of ONE array)."),
    ExceptionHint(lambda error, case: isinstance(error, TypeError) and "scalar index" in str(error),
                  "np.min(a, b) is the smallest entry of a along the axis b, so b must be an axis number: for the "
                  "entry-wise smaller of two arrays use np.minimum(a, b)."),
    ExceptionHint(lambda error, case: isinstance(error, TypeError) and "converted to Python scalars" in str(error),
                  "math.sqrt (and math.exp, math.log) take one number; np.sqrt works on every entry of an array."),
]


def _zipf_counts(rng, n_words: int, top: int) -> np.ndarray:
    """Counts that fall roughly as 1/rank, most frequent first, with a little noise; all >= 1."""
    counts = top / np.arange(1, n_words + 1) ** 1.05 * rng.uniform(0.9, 1.1, size=n_words)
    return np.maximum(1, np.round(counts)).astype(np.int64)


def check_expected_kept(student_fn) -> CheckResult:
    """Check ``student_fn(counts, sample) -> kept``: the expected number of occurrences of each word that survive
    one pass of word2vec's sub-sampling (notebook 05).

    counts: shape (n_words,), integer counts (all >= 1); sample: the threshold s (0 turns sub-sampling off).
    kept: shape (n_words,), count(w) · P_keep(w).
    """
    rng = np.random.default_rng(505)
    cases = []
    for n_words, top, sample, text in [(30, 20_000, 0.05, "frequent words thinned out, rare ones kept"),
                                       (8, 5000, 1e-2, "every word is thinned out"),
                                       (12, 40_000, 1e-3, "s = 1e-3, as word2vec's default"),
                                       (6, 300, 0.5, "s = 0.5: every word is always kept"),
                                       (10, 2000, 0.03, "s = 0.03"),
                                       (5, 800, 0.0, "sample = 0: sub-sampling off")]:
        counts = _zipf_counts(rng, n_words, top)
        cases.append(Case((counts, sample), f"n_words = {n_words}, {text}", {"n_words": n_words},
                          nonfinite_hint="with sample = 0 sub-sampling is off and every occurrence is kept; the "
                                         "formula divides by s, so s = 0 needs its own branch." if sample == 0 else
                                         "a division by zero?"))
    return run_check(Exercise(
        "check_expected_kept", _reference_expected_kept, cases, ["kept"], ["counts", "sample"], mistakes=MISTAKES,
        forbidden=[keep_probabilities, subsample], exception_hints=EXCEPTION_HINTS), student_fn)
