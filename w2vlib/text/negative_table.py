"""word2vec's unigram table: drawing millions of negatives w_k ~ P_n(w) ∝ count(w)^β with one array lookup each.

:class:`w2vlib.NegativeSampler` draws by binary search in the cumulative distribution, which is exact but costs
O(log |Vocab|) per draw. word2vec's C code instead fills a long table in which word w occupies a share
P_n(w) of the entries; a uniformly random entry is then a draw from P_n. Here word w gets
round(L · P_n(w)) of the L entries (largest remainders, so that they add up to L exactly, and at least one
each), so every word's probability is within 1/L of P_n(w).

A uniformly random entry of a 40 MB table is a cache miss nearly every time, so :meth:`NegativeTable.draw` looks
the entry up first in a short array holding, for every bucket of 64 consecutive entries, its word (or −1 when
the bucket holds two words); that array stays in the CPU cache, and only the draws that land in a mixed bucket
(about 5% on real text) read the table itself. The draws are exactly those of a plain table lookup.
"""
from __future__ import annotations

import numpy as np

from .negative_sampler import noise_distribution
from ..validation import check_positive_int

DEFAULT_TABLE_SIZE = 10_000_000  # 40 MB of int32; word2vec's C code uses 1e8 entries
MAX_TABLE_SIZE = 1_000_000_000   # 4 GB: a larger table is a typo, not a choice
BUCKET_BITS = 6                  # buckets of 2^6 = 64 entries: 610 KB of bucket words for the default table


class NegativeTable:
    """A table of word indices in which word w fills a share P_n(w) = count(w)^β / Σ count^β of the entries.

    Arguments:
        counts:     shape (n_words,), how often each vocabulary word occurs.
        power:      the exponent β, ``neg_power`` (0.75 in word2vec; 0 = uniform, 1 = unigram). A β so large
                    that count^β overflows, or that a word which occurs could never be drawn, is a ValueError
                    naming ``neg_power``.
        table_size: L, the number of entries (at least n_words).

    Attributes:
        probabilities: shape (n_words,), the exact P_n(w) (:func:`w2vlib.text.negative_sampler.noise_distribution`).
        table:         shape (L,), int32 word indices, sorted.
    """

    def __init__(self, counts, power: float = 0.75, table_size: int = DEFAULT_TABLE_SIZE):
        self.probabilities = noise_distribution(counts, power)
        self.power = float(power)
        n_words = self.probabilities.shape[0]
        table_size = check_positive_int(table_size, "table_size")
        if table_size > MAX_TABLE_SIZE:
            raise ValueError(f"table_size={table_size:,} would take {4 * table_size / 2**30:,.0f} GiB; use at most "
                             f"{MAX_TABLE_SIZE:,} entries (word2vec uses 1e8, the default here is {DEFAULT_TABLE_SIZE:,}).")
        if table_size < n_words:
            raise ValueError(f"table_size={table_size} is smaller than the vocabulary ({n_words} words); "
                             f"use at least {n_words} entries (word2vec uses 1e8).")
        ideal = self.probabilities * table_size
        entries = np.floor(ideal).astype(np.int64)
        short = table_size - int(entries.sum())       # entries still to hand out: to the largest remainders
        if short > 0:
            entries[np.argsort(-(ideal - entries), kind="stable")[:short]] += 1
        # every word with P_n(w) > 0 must be drawable: lend it one entry from the word with the most entries
        for word in np.flatnonzero((entries == 0) & (self.probabilities > 0)):
            entries[np.argmax(entries)] -= 1
            entries[word] += 1
        self._entries = entries        # how many entries each word has: the table, in short (see __getstate__)
        self.table = _filled_table(entries)
        self._bucket_words = bucket_words(self.table)

    @classmethod
    def from_table(cls, table: np.ndarray, probabilities: np.ndarray, power: float) -> "NegativeTable":
        """The NegativeTable with these ``table`` and ``probabilities`` arrays (not copied) and β = ``power``: e.g. a
        table that worker processes share instead of each building its own."""
        negatives = cls.__new__(cls)
        negatives.table, negatives.probabilities, negatives.power = table, probabilities, float(power)
        negatives._entries = None
        negatives._bucket_words = bucket_words(table)
        return negatives

    def __getstate__(self) -> dict:
        """For pickling (e.g. to the process that makes the minibatches): a table built here goes as each word's
        number of entries, 8 bytes per word instead of 4 per entry; one given to :meth:`from_table` as it is."""
        state = {"probabilities": self.probabilities, "power": self.power}
        if self._entries is None:
            state["table"] = self.table
        else:
            state["entries"] = self._entries
        return state

    def __setstate__(self, state: dict) -> None:
        self.probabilities, self.power = state["probabilities"], state["power"]
        self._entries = state.get("entries")
        self.table = state["table"] if self._entries is None else _filled_table(self._entries)
        self._bucket_words = bucket_words(self.table)

    def __len__(self) -> int:
        return int(self.table.shape[0])

    def table_probabilities(self) -> np.ndarray:
        """Shape (n_words,): each word's share of the table entries, the distribution that :meth:`draw` samples."""
        return np.bincount(self.table, minlength=self.probabilities.shape[0]) / len(self)

    def draw(self, rng: np.random.Generator, shape) -> np.ndarray:
        """``shape`` independent draws (int32 word indices) from the table, using ``rng``: exactly
        ``np.take(self.table, rng.integers(0, len(self), size=shape))``, with most entries found in the bucket
        words instead of the table (see the module docstring)."""
        entries = rng.integers(0, len(self), size=shape)
        words = np.take(self._bucket_words, entries >> BUCKET_BITS)
        mixed = words < 0
        if mixed.any():
            words[mixed] = np.take(self.table, entries[mixed])
        return words


def _filled_table(entries: np.ndarray) -> np.ndarray:
    """Shape (L,), int32, sorted: word w repeated ``entries[w]`` times (``entries``: shape (n_words,))."""
    return np.repeat(np.arange(entries.shape[0], dtype=np.int32), entries)


def bucket_words(table: np.ndarray) -> np.ndarray:
    """Shape (⌈L / 64⌉,), int32: the word that fills each bucket of 2^BUCKET_BITS = 64 consecutive entries of
    ``table`` (shape (L,), non-negative word indices; the last bucket may be shorter), or −1 where a bucket holds
    more than one word."""
    if table.shape[0] == 0:
        return np.empty(0, dtype=np.int32)
    starts = np.arange(0, table.shape[0], 1 << BUCKET_BITS)
    low, high = np.minimum.reduceat(table, starts), np.maximum.reduceat(table, starts)
    return np.where(low == high, low, -1).astype(np.int32)
