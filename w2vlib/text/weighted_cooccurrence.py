"""The counts skip-gram trains on: n(c, o) with word2vec's window weighting, as a SciPy sparse matrix.

word2vec's dynamic window (:mod:`w2vlib.text.dynamic_window`) draws, for every center position t, b_t uniformly from
1..m and uses the outside words at distance k ≤ b_t. The word at distance k is therefore used with probability

    P(b_t ≥ k) = |{k, k + 1, ..., m}| / m = (m − k + 1) / m,

so, in expectation over the windows, the pair (w_t, w_{t±k}) counts (m − k + 1)/m times: 1 at distance 1, 1/m at
distance m. :func:`weighted_cooccurrence` adds up exactly these expected counts,

    n(c, o) = Σ_t Σ_{1 ≤ |k| ≤ m, t+k in t's sentence} [w_t = c] [w_{t+k} = o] (m − |k| + 1) / m,

without drawing anything. word2vec also sub-samples frequent words before it builds the windows, afresh in every
pass; :func:`training_cooccurrence` averages the weighted counts over several sub-sampled passes, which estimates the
expected number of times a pass of the trainer (:func:`w2vlib.train`) uses the pair (c, o).

Both return an (n_words, n_words) ``scipy.sparse.csr_matrix`` of float64: row c, column o. Most word pairs never
meet within a window, so a dense matrix would be almost all zeros.
"""
from __future__ import annotations

import numpy as np

from .subsampling import keep_probabilities, subsample
from ..validation import check_positive_int

WEIGHTINGS = ("dynamic", "uniform")


def window_weights(window: int, weighting: str = "dynamic") -> np.ndarray:
    """The weight of an outside word at distance k = 1..m: shape (m,).

    weighting: ``"dynamic"`` (word2vec's dynamic window, (m − k + 1)/m) or ``"uniform"`` (every word within m, 1).
    """
    window = check_positive_int(window, "window (m)")
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {', '.join(map(repr, WEIGHTINGS))}, got {weighting!r}.")
    distances = np.arange(1, window + 1)
    return (window - distances + 1) / window if weighting == "dynamic" else np.ones(window)


def _check_corpus_arrays(word_ids, sentence_bounds, n_words) -> tuple[np.ndarray, np.ndarray, int]:
    n_words = check_positive_int(n_words, "n_words")
    word_ids = np.asarray(word_ids)
    bounds = np.asarray(sentence_bounds)
    if word_ids.ndim != 1 or not np.issubdtype(word_ids.dtype, np.integer):
        raise ValueError(f"word_ids must be a 1-D array of integer row indices, shape (T,), got shape "
                         f"{word_ids.shape} and dtype {word_ids.dtype}; Vocabulary.encode(corpus) makes it.")
    if word_ids.size and (word_ids.min() < 0 or word_ids.max() >= n_words):
        raise ValueError(f"word_ids holds {int(word_ids.min() if word_ids.min() < 0 else word_ids.max())}, "
                         f"outside 0..n_words − 1 = 0..{n_words - 1}; n_words must be the vocabulary's size.")
    if (bounds.ndim != 1 or bounds.size < 1 or not np.issubdtype(bounds.dtype, np.integer) or bounds[0] != 0
            or bounds[-1] != word_ids.size or np.any(np.diff(bounds) < 0)):
        raise ValueError(f"sentence_bounds must be non-decreasing integer offsets from 0 to T = {word_ids.size}, "
                         "shape (n_sentences + 1,), as Vocabulary.encode(corpus) returns them.")
    return word_ids.astype(np.int64), bounds.astype(np.int64), n_words


def weighted_cooccurrence(word_ids, sentence_bounds, n_words: int, window: int, weighting: str = "dynamic"):
    """n(c, o): how often o is an outside word of c, each occurrence weighted by :func:`window_weights`.

    word_ids:        shape (T,), row indices of the words (``Vocabulary.encode(corpus)[0]``).
    sentence_bounds: shape (n_sentences + 1,), offsets of the sentences; windows never cross them.
    n_words:         |Vocab|, the number of rows and columns.
    window:          m.
    weighting:       ``"dynamic"`` (the weight (m − k + 1)/m of word2vec's dynamic window) or ``"uniform"``.
    Returns a ``scipy.sparse.csr_matrix`` of shape (n_words, n_words), float64, symmetric: the pair at
    distance k is counted from both ends.
    """
    rightwards = _rightward_counts(word_ids, sentence_bounds, n_words, window, weighting)
    return (rightwards + rightwards.T).tocsr()


def _rightward_counts(word_ids, sentence_bounds, n_words, window, weighting="dynamic"):
    """The weighted counts of the pairs (w_t, w_{t+k}), k = 1..m, one direction only: a CSR matrix whose sum with its
    transpose is :func:`weighted_cooccurrence` (half the entries to sort, which is most of the work)."""
    from scipy import sparse

    word_ids, bounds, n_words = _check_corpus_arrays(word_ids, sentence_bounds, n_words)
    weights = window_weights(window, weighting)
    sentence = np.repeat(np.arange(bounds.size - 1), np.diff(bounds))   # the sentence of every position
    rows, columns, values = [], [], []
    for distance, weight in enumerate(weights, start=1):
        same_sentence = sentence[:-distance] == sentence[distance:]
        rows.append(word_ids[:-distance][same_sentence])                # w_t
        columns.append(word_ids[distance:][same_sentence])              # w_{t+k}
        values.append(np.full(rows[-1].size, weight))
    matrix = sparse.coo_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))),
                               shape=(n_words, n_words))
    return matrix.tocsr()                            # adds up the entries of the same (c, o)


def training_cooccurrence(vocabulary, corpus, window: int, sample: float = 1e-3, passes: int = 10, seed: int = 0):
    """The mean of :func:`weighted_cooccurrence` (dynamic window) over ``passes`` sub-sampled passes of ``corpus``.

    vocabulary: the :class:`w2vlib.vocabulary.Vocabulary` (its ``min_count`` words, and their counts for the
                keep probabilities of :mod:`w2vlib.text.subsampling`).
    corpus:     the :class:`w2vlib.corpora.Corpus` it was built from.
    sample:     the sub-sampling threshold s (0: no sub-sampling, and then every pass gives the same counts).
    passes:     how many sub-sampled passes to average, e.g. the trainer's ``epochs``.
    seed:       seeds the sub-sampling.
    Returns a csr_matrix of shape (n_words, n_words): the expected number of times one pass of the trainer uses the
    pair (c, o), estimated from ``passes`` draws of the sub-sampling (the windows' draws are averaged exactly).
    """
    passes = check_positive_int(passes, "passes")
    check_positive_int(seed, "seed", minimum=0)
    word_ids, bounds = vocabulary.encode(corpus)
    keep = keep_probabilities(vocabulary.counts, sample)
    rng = np.random.default_rng(seed)
    total = None
    for _ in range(passes):
        kept_ids, kept_bounds = subsample(word_ids, bounds, keep, rng)
        counts = _rightward_counts(kept_ids, kept_bounds, len(vocabulary), window)
        total = counts if total is None else total + counts
    return ((total + total.T) / passes).tocsr()


def sparse_megabytes(matrix) -> float:
    """The memory of a ``scipy.sparse`` CSR/CSC matrix's arrays (values, column indices, row offsets), in MiB."""
    return (matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes) / 2**20
