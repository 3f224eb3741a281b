"""Drawing the K negative words w_1..w_K from P_n(w) ∝ count(w)^α.

α = 0 gives the uniform distribution over the vocabulary, α = 1 the unigram distribution, and α = 3/4 is
word2vec's choice: it flattens the unigram distribution, so rare words are drawn more often than their
frequency alone would give and "the" a little less.
"""
from __future__ import annotations

import numpy as np

from .validation import as_float_array, check_number


class NegativeSampler:
    """Seeded sampler of negative words.

    Arguments:
        counts: shape (n_words,), how often each vocabulary word occurs (non-negative, not all zero).
        power:  the exponent α of the noise distribution P_n(w) ∝ counts[w]^α; 0.75 by default.
        seed:   an int seed or a ``numpy.random.Generator``; the same seed gives the same draws.

    Attributes:
        probabilities: shape (n_words,), P_n(w).
    """

    def __init__(self, counts, power: float = 0.75, seed=0):
        counts = as_float_array(counts, "counts", 1, "(n_words,)")
        if np.any(counts < 0):
            raise ValueError(f"counts must be non-negative word counts, got a negative value at index {int(np.argmax(counts < 0))}.")
        power = check_number(power, "power (α)", 0.0, hint=" (0 = uniform, 0.75 = word2vec)")
        weights = np.ones_like(counts) if power == 0 else counts ** power
        total = weights.sum()
        if total <= 0:
            raise ValueError("counts are all zero: at least one word must occur to sample negatives.")
        self.power = float(power)
        self.probabilities = weights / total
        self._cdf = np.cumsum(self.probabilities)
        self._rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)

    def _draw(self, shape) -> np.ndarray:
        uniform = self._rng.random(shape) * self._cdf[-1]
        return np.searchsorted(self._cdf, uniform, side="right").clip(max=len(self._cdf) - 1)

    def sample(self, size, exclude=None) -> np.ndarray:
        """Draw word indices from P_n.

        size:    K (an int) for one pair's negatives, shape (K,); or a shape such as (batch, K).
        exclude: None, an int, or an int array broadcastable to ``size`` (e.g. shape (batch, 1)):
                 the word(s) that must not be drawn, usually the outside word o. Draws equal to it are
                 redrawn (rejection), which samples from P_n conditioned on w ≠ o.
        """
        if isinstance(size, (int, np.integer)) and not isinstance(size, bool):
            if size < 1:
                raise ValueError(f"size (the number of negatives K) must be >= 1, got {size}.")
        draws = self._draw(size)
        if exclude is None:
            return draws
        exclude = np.asarray(exclude)
        if np.any(self.probabilities[exclude] >= 1.0 - 1e-12):
            raise ValueError("exclude removes every word with non-zero probability: there is nothing left to sample.")
        clash = draws == exclude
        while clash.any():
            draws[clash] = self._draw(int(clash.sum()))
            clash = draws == exclude
        return draws
