"""Numbers that describe a corpus before any training: Zipf's law, and how many (center, outside) pairs a window makes.

* Zipf's law: the r-th most frequent word occurs about C / r^s times, with s close to 1 for natural text. On a
  log-log plot of frequency against rank that is a straight line of slope −s; :func:`zipf_fit` fits it by least
  squares over a range of ranks (the very first ranks and the long tail of words seen once or twice bend away).
* Pair counts: with a fixed window m a center word at distance ≥ m from both ends of its sentence has 2m outside
  words; with word2vec's dynamic window (:mod:`w2vlib.text.dynamic_window`) it has 2 b_t. :func:`count_window_pairs`
  counts the pairs of a whole corpus in O(T) without building them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..validation import check_positive_int


@dataclass(frozen=True)
class ZipfFit:
    """log10 count(r) ≈ intercept + slope · log10 r, fitted over the ranks ``first_rank`` .. ``last_rank``.

    slope:     −s, the Zipf exponent with its sign (about −1 for English text).
    intercept: log10 of the fitted count of rank 1.
    r_squared: share of the variance of log10 count explained by the line (1 = a perfect power law).
    """

    slope: float
    intercept: float
    r_squared: float
    first_rank: int
    last_rank: int

    def predicted_counts(self, ranks) -> np.ndarray:
        """The fitted counts C / r^s at ``ranks`` (any shape)."""
        return 10.0 ** (self.intercept + self.slope * np.log10(np.asarray(ranks, dtype=np.float64)))

    def __str__(self) -> str:
        return (f"Zipf fit over ranks {self.first_rank:,}..{self.last_rank:,}: slope {self.slope:.2f} "
                f"(count ∝ rank^{self.slope:.2f}), R² {self.r_squared:.3f}")


def zipf_fit(counts, first_rank: int = 1, last_rank: int | None = None) -> ZipfFit:
    """Least-squares line through (log10 rank, log10 count) for the ranks ``first_rank`` .. ``last_rank``.

    counts:     shape (n_words,), how often each word occurs, in any order (they are sorted, largest first:
                rank 1 is the most frequent word). Words with count 0 are ignored.
    first_rank: the first rank in the fit (1-based).
    last_rank:  the last rank in the fit (None: the last word with a positive count).
    """
    counts = np.asarray(counts)
    if counts.ndim != 1 or counts.size == 0 or not np.issubdtype(counts.dtype, np.number):
        raise ValueError(f"counts must be a non-empty 1-D array of word counts, shape (n_words,), "
                         f"got shape {counts.shape} and dtype {counts.dtype}.")
    if not np.all(np.isfinite(counts)) or np.any(counts < 0):
        raise ValueError("counts must hold finite, non-negative word counts.")
    ordered = np.sort(counts[counts > 0].astype(np.float64))[::-1]
    first_rank = check_positive_int(first_rank, "first_rank")
    last_rank = check_positive_int(last_rank, "last_rank", allow_none=True)
    last_rank = ordered.size if last_rank is None else last_rank
    if last_rank > ordered.size:
        raise ValueError(f"last_rank={last_rank} is beyond the {ordered.size} words with a positive count; "
                         f"use at most {ordered.size} (or None).")
    if last_rank - first_rank < 1:
        raise ValueError(f"the fit needs at least two ranks, got first_rank={first_rank}, last_rank={last_rank}; "
                         "widen the range.")
    log_rank = np.log10(np.arange(first_rank, last_rank + 1, dtype=np.float64))
    log_count = np.log10(ordered[first_rank - 1:last_rank])
    slope, intercept = np.polyfit(log_rank, log_count, 1)
    residual = log_count - (intercept + slope * log_rank)
    spread = float(np.sum((log_count - log_count.mean()) ** 2))
    r_squared = 1.0 - float(np.sum(residual ** 2)) / spread if spread > 0 else math.nan
    return ZipfFit(float(slope), float(intercept), r_squared, first_rank, last_rank)


def count_window_pairs(sentence_bounds, reduced_windows) -> int:
    """The number of (center, outside) pairs when center position t uses b_t outside words on each side.

    sentence_bounds: shape (n_sentences + 1,), int offsets of the sentences (0 first, T last, non-decreasing).
    reduced_windows: shape (T,), the b_t of every position (all equal to m for a fixed window; drawn by
                     :func:`w2vlib.text.dynamic_window.draw_reduced_windows` for word2vec's dynamic window).
    Position t of a sentence [start, stop) has min(b_t, t − start) words on its left and min(b_t, stop − 1 − t)
    on its right, so this equals the length of :func:`w2vlib.text.dynamic_window.window_pairs` over all positions.
    """
    bounds = np.asarray(sentence_bounds, dtype=np.int64)
    reduced = np.asarray(reduced_windows, dtype=np.int64)
    if bounds.ndim != 1 or bounds.size < 2 or bounds[0] != 0 or np.any(np.diff(bounds) < 0):
        raise ValueError("sentence_bounds must be a 1-D array of non-decreasing offsets starting at 0, "
                         "shape (n_sentences + 1,).")
    if reduced.ndim != 1 or reduced.shape[0] != bounds[-1]:
        raise ValueError(f"reduced_windows must have one entry per position: shape ({int(bounds[-1])},) to match "
                         f"sentence_bounds, got shape {reduced.shape}.")
    if np.any(reduced < 0):
        raise ValueError("reduced_windows must hold non-negative window sizes b_t.")
    positions = np.arange(bounds[-1], dtype=np.int64)
    sentence = np.searchsorted(bounds, positions, side="right") - 1
    left = np.minimum(reduced, positions - bounds[sentence])
    right = np.minimum(reduced, bounds[sentence + 1] - 1 - positions)
    return int(left.sum() + right.sum())
