"""Drawing the K negative words w_1..w_K from P_n(w) ∝ count(w)^β.

β (``neg_power``) = 0 gives the uniform distribution over the vocabulary, β = 1 the unigram distribution, and
β = 3/4 is word2vec's choice: it flattens the unigram distribution, so rare words are drawn more often than
their frequency alone would give and "the" a little less.
"""
from __future__ import annotations

import numpy as np

from ..validation import as_float_array, check_number

POWER_HINT = " (0 = uniform, 0.75 = word2vec, 1 = unigram)"


def noise_distribution(counts, power: float = 0.75, name: str = "power (β, neg_power)") -> np.ndarray:
    """P_n(w) = count(w)^β / Σ_w' count(w')^β, shape (n_words,), float64.

    counts: shape (n_words,), non-negative, not all zero.
    power:  β, a finite number >= 0.
    name:   how the error messages call β.

    Raises a ValueError naming ``name`` when β is so large that count^β overflows, or that a word which
    occurs gets probability 0 (it could never be drawn): such a β does not describe a noise distribution.
    """
    counts = as_float_array(counts, "counts", 1, "(n_words,)")
    if np.any(counts < 0):
        raise ValueError(f"counts must be non-negative word counts, got a negative value at index {int(np.argmax(counts < 0))}.")
    power = check_number(power, name, 0.0, hint=POWER_HINT)
    if not np.any(counts > 0):
        raise ValueError("counts are all zero: at least one word must occur to sample negatives.")
    with np.errstate(over="ignore", under="ignore"):
        weights = np.ones_like(counts) if power == 0 else counts ** power
        total = weights.sum()
    if not np.isfinite(total):
        raise ValueError(f"{name} = {power:g} is too large: count^β overflows for the largest count "
                         f"({counts.max():g}), so P_n cannot be computed. Use a β between 0 and 1{POWER_HINT}.")
    occurring = counts > 0
    lost = occurring & ~(weights / total > 0)
    if lost.any():
        raise ValueError(f"{name} = {power:g} is too large: {int(lost.sum())} word(s) that occur (e.g. index "
                         f"{int(np.argmax(lost))}, count {counts[np.argmax(lost)]:g}) get probability 0 and could never "
                         f"be drawn. Use a β between 0 and 1{POWER_HINT}.")
    return weights / total


class NegativeSampler:
    """Seeded sampler of negative words.

    Arguments:
        counts: shape (n_words,), how often each vocabulary word occurs (non-negative, not all zero).
        power:  the exponent β (``neg_power``) of the noise distribution P_n(w) ∝ counts[w]^β; 0.75 by default.
        seed:   an int seed >= 0 or a ``numpy.random.Generator``; the same seed gives the same draws.

    Attributes:
        probabilities: shape (n_words,), P_n(w).
    """

    def __init__(self, counts, power: float = 0.75, seed=0):
        self.probabilities = noise_distribution(counts, power)
        self.power = float(power)
        self._cdf = np.cumsum(self.probabilities)
        if isinstance(seed, np.random.Generator):
            self._rng = seed
        elif isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)) and seed >= 0:
            self._rng = np.random.default_rng(int(seed))
        else:
            raise ValueError(f"seed must be an integer >= 0 or a numpy.random.Generator, got {seed!r}; "
                             "the same seed gives the same draws, e.g. seed=0.")

    def _draw(self, shape) -> np.ndarray:
        uniform = self._rng.random(shape) * self._cdf[-1]
        return np.searchsorted(self._cdf, uniform, side="right").clip(max=len(self._cdf) - 1)

    def _check_size(self, size):
        if isinstance(size, (int, np.integer)) and not isinstance(size, (bool, np.bool_)):
            if size < 1:
                raise ValueError(f"size (the number of negatives K) must be >= 1, got {size}.")
            return int(size)
        if isinstance(size, tuple) and size and all(
                isinstance(n, (int, np.integer)) and not isinstance(n, (bool, np.bool_)) and n >= 0 for n in size):
            return tuple(int(n) for n in size)
        raise ValueError(f"size must be K (an integer >= 1) or a shape such as (batch, K) (a tuple of integers >= 0), "
                         f"got {size!r}.")

    def _check_exclude(self, exclude, shape):
        n_words = self.probabilities.shape[0]
        if isinstance(exclude, (int, np.integer)) and not isinstance(exclude, (bool, np.bool_)):
            if not 0 <= exclude < n_words:
                raise ValueError(f"exclude={exclude} is out of range: there are {n_words} words, so valid word "
                                 f"indices are 0..{n_words - 1}.")
            return int(exclude)
        array = np.asarray(exclude)
        if not np.issubdtype(array.dtype, np.integer):
            raise ValueError(f"exclude must be None, a word index or an array of word indices, got dtype {array.dtype} "
                             f"({exclude!r:.60}); pass integers in 0..{n_words - 1}.")
        bad = (array < 0) | (array >= n_words)
        if bad.any():
            raise ValueError(f"exclude holds {int(array[bad][0])}, out of range: there are {n_words} words, so valid "
                             f"word indices are 0..{n_words - 1}.")
        try:
            np.broadcast_shapes(array.shape, shape)
        except ValueError:
            raise ValueError(f"exclude has shape {array.shape}, which does not broadcast to size {shape}; give one "
                             "word per row, e.g. shape (batch, 1) for size (batch, K).") from None
        if np.broadcast_shapes(array.shape, shape) != shape:
            raise ValueError(f"exclude has shape {array.shape}, larger than size {shape}; give one word per row, "
                             "e.g. shape (batch, 1) for size (batch, K).")
        return array

    def sample(self, size, exclude=None) -> np.ndarray:
        """Draw word indices from P_n.

        size:    K (an int) for one pair's negatives, shape (K,); or a shape such as (batch, K).
        exclude: None, an int, or an int array broadcastable to ``size`` (e.g. shape (batch, 1)):
                 the word(s) that must not be drawn, usually the outside word o. Draws equal to it are
                 redrawn (rejection), which samples from P_n conditioned on w ≠ o.
        """
        size = self._check_size(size)
        draws = self._draw(size)
        if exclude is None:
            return draws
        exclude = self._check_exclude(exclude, draws.shape)
        if np.any(self.probabilities[exclude] >= 1.0 - 1e-12):
            raise ValueError("exclude removes every word with non-zero probability: there is nothing left to sample.")
        clash = draws == exclude
        while clash.any():
            draws[clash] = self._draw(int(clash.sum()))
            clash = draws == exclude
        return draws
