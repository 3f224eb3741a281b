"""word2vec's sub-sampling of frequent words: "the" is dropped most of the time, rare words never.

Each time a pass over the corpus starts, every position of word w is kept with probability

    P_keep(w) = min(1, (sqrt(f(w) / s) + 1) · s / f(w)),      f(w) = count(w) / Σ_w' count(w'),

where s is the ``sample`` threshold (1e-3 by default). This is the formula of word2vec's C code and gensim
(the paper's 1 − sqrt(s / f) is the same idea). A word with f(w) ≤ φ² s ≈ 2.62 s (φ the golden ratio) is
always kept; for f ≫ s, P_keep ≈ sqrt(s / f). Dropped positions are deleted before the windows are built, so the kept
words move closer together and a window of size m reaches further, which is part of why it helps.
"""
from __future__ import annotations

import numpy as np

from ..validation import check_number


def check_sample(sample) -> float:
    """``sample`` as a float, requiring a finite number >= 0 (0 turns sub-sampling off)."""
    return check_number(sample, "sample (the sub-sampling threshold s)", 0.0,
                        hint=" such as 1e-3 (0 turns sub-sampling off)")


def keep_probabilities(counts, sample: float = 1e-3) -> np.ndarray:
    """P_keep(w) for every word.

    counts: shape (n_words,), how often each vocabulary word occurs (all > 0).
    sample: the threshold s; 0 keeps every word.
    Returns shape (n_words,), float64, each in (0, 1].
    """
    sample = check_sample(sample)
    counts = np.asarray(counts, dtype=np.float64)
    if counts.ndim != 1 or counts.size == 0 or not np.all(counts > 0):
        raise ValueError("counts must be a non-empty 1-D array of positive word counts, shape (n_words,).")
    if sample == 0:
        return np.ones_like(counts)
    share_over_s = counts / (sample * counts.sum())          # f(w) / s
    return np.minimum(1.0, (np.sqrt(share_over_s) + 1.0) / share_over_s)


def subsample(word_ids: np.ndarray, sentence_bounds: np.ndarray, keep_probability: np.ndarray,
              rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Delete each position t with probability 1 − P_keep(w_t), independently.

    word_ids:         shape (T,), row indices of the words.
    sentence_bounds:  shape (n_sentences + 1,), offsets of the sentences in ``word_ids``.
    keep_probability: shape (n_words,), from :func:`keep_probabilities`.
    rng:              a seeded ``numpy.random.Generator``.
    Returns ``(kept_ids, kept_bounds)``: the kept positions in order, and the sentence offsets moved to match.
    """
    probability = keep_probability[word_ids]
    if np.all(probability >= 1.0):
        return word_ids, sentence_bounds
    kept = rng.random(word_ids.shape[0], dtype=np.float32) < probability
    kept_before = np.concatenate([[0], np.cumsum(kept, dtype=np.int64)])
    return word_ids[kept], kept_before[sentence_bounds]
