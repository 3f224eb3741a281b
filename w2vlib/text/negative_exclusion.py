"""Which words a negative sample may not be: nothing, the outside word o, also the center c, or the whole window.

notebook 03 shows why o must not be one of its own negatives. "Explain The Idea" goes further: the negatives
"need to avoid words in the current window". :class:`WindowNegatives` is a ``loss_fn`` for
:func:`w2vlib.skipgram` that draws K negatives from a :class:`~w2vlib.text.negative_sampler.NegativeSampler` and
redraws every draw that hits an excluded word (rejection sampling: P_n conditioned on not being excluded).

    "none"                nothing excluded: a draw may equal o or c
    "outside"             o excluded (what ``make_neg_sampling_loss`` does)
    "center_and_outside"  o and c excluded
    "window"              c and every word of the current window excluded
"""
from __future__ import annotations

import numpy as np

from ..losses.negative_sampling import neg_sampling_loss_and_gradient
from ..validation import check_positive_int

EXCLUSIONS = ("none", "outside", "center_and_outside", "window")


def check_exclusion(exclude) -> str:
    if exclude not in EXCLUSIONS:
        raise ValueError(f"exclude must be one of {', '.join(map(repr, EXCLUSIONS))}, got {exclude!r}.")
    return exclude


class WindowNegatives:
    """A negative-sampling ``loss_fn(center_vec, outside_idx, outside_vectors)`` that knows the current window.

    sampler:     a :class:`~w2vlib.text.negative_sampler.NegativeSampler` (P_n and the random generator).
    n_negatives: K.
    exclude:     one of :data:`EXCLUSIONS`.
    Call :meth:`set_window` before the pairs of each window (the handout trainer does).
    """

    def __init__(self, sampler, n_negatives: int, exclude: str = "outside"):
        self.sampler, self.n_negatives = sampler, check_positive_int(n_negatives, "n_negatives (K)")
        self.exclude = check_exclusion(exclude)
        self.center_idx, self.window_indices = None, np.zeros(0, dtype=np.intp)
        self.__name__ = f"neg_sampling_loss(K={self.n_negatives}, exclude={exclude!r})"

    def set_window(self, center_idx: int, window_indices) -> None:
        """The center word c and the rows of the window's outside words, for this window's pairs."""
        self.center_idx, self.window_indices = int(center_idx), np.asarray(window_indices, dtype=np.intp)

    def excluded(self, outside_idx: int) -> np.ndarray:
        """The rows a negative of the pair (c, o) may not be."""
        if self.exclude == "none":
            return np.zeros(0, dtype=np.intp)
        if self.exclude == "outside":
            return np.array([outside_idx])
        if self.center_idx is None:
            raise ValueError(f"exclude={self.exclude!r} needs the center word: call set_window(center_idx, "
                             "window_indices) before the window's pairs.")
        if self.exclude == "center_and_outside":
            return np.unique([outside_idx, self.center_idx])
        return np.unique(np.concatenate([[outside_idx, self.center_idx], self.window_indices]))

    def sample(self, outside_idx: int) -> np.ndarray:
        """K draws from P_n, each redrawn until it is not excluded; shape (K,)."""
        excluded = self.excluded(outside_idx)
        if excluded.size and self.sampler.probabilities[excluded].sum() >= 1.0 - 1e-12:
            raise ValueError("the excluded words carry all of P_n: there is no word left to draw as a negative.")
        draws = self.sampler.sample(self.n_negatives)
        clash = np.isin(draws, excluded)
        while clash.any():
            draws[clash] = self.sampler.sample(int(clash.sum()))
            clash = np.isin(draws, excluded)
        return draws

    def __call__(self, center_vec, outside_idx, outside_vectors):
        return neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, self.sample(outside_idx))
