"""word2vec's dynamic window: the (center, outside) pairs of a corpus, with a window size drawn per center word.

For every center position t, word2vec draws b_t uniformly from 1..m and uses only the outside words
w_{t−b_t} .. w_{t+b_t} (j ≠ 0), cut off at the ends of t's sentence. So an outside word at distance j is
used with probability (m − j + 1) / m: near words count more than far ones, without any weights. Over a
long sentence a center word gets 2·(m + 1)/2 = m + 1 outside words on average instead of 2m.
"""
from __future__ import annotations

import numpy as np

from ..validation import check_positive_int


def draw_reduced_windows(n_positions: int, window: int, rng: np.random.Generator) -> np.ndarray:
    """b_t for ``n_positions`` center positions: shape (n_positions,), int8 values uniform in 1..m."""
    window = check_positive_int(window, "window (m)")
    if window > 127:
        raise ValueError(f"window (m) must be at most 127, got {window}.")
    return rng.integers(1, window + 1, size=n_positions, dtype=np.int8)


def window_pairs(first: int, last: int, reduced_windows: np.ndarray, sentence_bounds: np.ndarray,
                 window: int) -> tuple[np.ndarray, np.ndarray]:
    """The (center, outside) position pairs of the center positions ``first`` .. ``last − 1``.

    reduced_windows: shape (n_positions,), the b_t of :func:`draw_reduced_windows`.
    sentence_bounds: shape (n_sentences + 1,), int64 offsets of the sentences (0 first, n_positions last).
    window:          m, the largest b_t.
    Returns ``(center_positions, outside_positions)``, both shape (n_pairs,), int64, ordered by center position
    and, for one center, from left to right: the pairs (t, t + j) with 1 ≤ |j| ≤ b_t and t + j in t's sentence.
    """
    offsets = np.concatenate([np.arange(-window, 0), np.arange(1, window + 1)])
    centers = np.arange(first, last, dtype=np.int64)
    sentence = np.searchsorted(sentence_bounds, centers, side="right") - 1   # the sentence of each center
    outside = centers[:, None] + offsets[None, :]                            # (n_centers, 2m) candidates
    valid = np.abs(offsets)[None, :] <= reduced_windows[first:last, None]
    valid &= outside >= sentence_bounds[sentence][:, None]
    valid &= outside < sentence_bounds[sentence + 1][:, None]
    return np.broadcast_to(centers[:, None], outside.shape)[valid], outside[valid]


def expected_pair_count(sentence_length: int, window: int) -> float:
    """E[number of pairs] in one sentence of ``sentence_length`` words when b_t is uniform on 1..m.

    An outside word at distance j exists for sentence_length − j centers on each side, and is used with
    probability (m − j + 1)/m; so E = 2 Σ_{j=1..m} max(0, n − j) (m − j + 1) / m.
    """
    n, m = sentence_length, window
    return 2.0 * sum(max(0, n - j) * (m - j + 1) / m for j in range(1, m + 1))
