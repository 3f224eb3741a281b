"""The direction that negative-sampling vectors share, and whether it is word frequency (notebooks 04 and 06).

Every center vector is pushed away from the same frequent negatives, so all of them drift one way: the mean vector
v̄ = (1/|Vocab|) Σ_w v_w is far from zero and lifts every cosine. :func:`common_direction` measures that shared part
and tests what it carries: the correlation, over the vocabulary, between log count(w) and cos(v_w, v̄), the share of
each word's direction that lies along the mean.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validation import as_float_array


@dataclass(frozen=True)
class CommonDirection:
    """What :func:`common_direction` measured.

    mean_share:            ‖v̄‖ / mean_w ‖v_w‖, 0 when the vectors share no direction, up to 1 when all are equal.
    cosines:               shape (n_words,), cos(v_w, v̄) for every word.
    frequency_correlation: Pearson's correlation of log count(w) with cos(v_w, v̄) over the vocabulary, in [−1, 1].
    """
    mean_share: float
    cosines: np.ndarray
    frequency_correlation: float


def common_direction(vectors, counts) -> CommonDirection:
    """The vocabulary's mean vector and how word frequency lines up with it.

    vectors: shape (n_words, d), row w is v_w (at least two words, no zero row, not all equal).
    counts:  shape (n_words,), count(w) > 0 in the corpus, in the order of the rows.
    Returns a :class:`CommonDirection`.
    """
    vectors = as_float_array(vectors, "vectors", 2, "(n_words, d)")
    counts = as_float_array(counts, "counts", 1, "(n_words,)")
    if len(counts) != len(vectors):
        raise ValueError(f"counts has {len(counts)} entries but vectors has {len(vectors)} rows; pass one count per "
                         "row, in the order of the rows.")
    if len(vectors) < 2:
        raise ValueError("vectors has one row; a common direction needs at least two words.")
    if np.any(counts <= 0):
        raise ValueError(f"counts must be positive (log count(w) is used), got {counts.min():g}; drop the words "
                         "that never occur.")
    lengths = np.linalg.norm(vectors, axis=1)
    if np.any(lengths == 0):
        raise ValueError(f"vectors has a zero row (row {int(np.argmin(lengths))}), which has no direction; "
                         "drop it or train the vectors first.")
    mean = vectors.mean(axis=0)
    if not np.linalg.norm(mean) > 0:
        raise ValueError("the mean of the vectors is zero, so there is no common direction to measure.")
    cosines = vectors @ mean / (lengths * np.linalg.norm(mean))
    log_counts = np.log(counts)
    if np.ptp(log_counts) == 0 or np.ptp(cosines) == 0:
        raise ValueError("every word has the same count (or the same cosine with the mean), so a correlation "
                         "with frequency is undefined; pass words of different frequencies.")
    correlation = float(np.corrcoef(log_counts, cosines)[0, 1])
    return CommonDirection(float(np.linalg.norm(mean) / lengths.mean()), cosines, correlation)
