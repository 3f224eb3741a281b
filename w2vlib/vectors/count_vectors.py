"""Word vectors from counts: pointwise mutual information, its positive and shifted forms, and truncated SVD.

From co-occurrence counts n(c, o) (row c: the center word, column o: the outside, or context, word), with
n(c) = Σ_o n(c, o) and a context distribution P_α(o) ∝ n(o)^α, n(o) the context counts (by default the column sums):

    PMI_α(c, o)   = log [ n(c, o) / (n(c) P_α(o)) ]           (natural log; −∞ where n(c, o) = 0)
    PPMI          = max(PMI_α, 0)
    SPPMI_K       = max(PMI_α − log K, 0)                      (shifted positive PMI; K = 1 is PPMI)

With α = 1 and the column sums, n(c, o)/(n(c) P_1(o)) = P(c, o)/(P(c) P(o)): the pointwise mutual information of
c and o. With α = ¾ (word2vec's noise distribution) it is the *context-distribution-smoothed* PMI of Levy, Goldberg
and Dagan (2015): rare contexts get more probability, so their PMI falls.

Skip-gram with negative sampling, with scores free to take any value, is minimised by
:func:`sgns_optimal_scores`, u_o^T v_c = log [n(c, o) / (n_noise(c) P_n(o))] − log K: a shifted PMI_β (Levy and
Goldberg, 2014), where the number of noise draws n_noise(c) depends on whether o may be its own pair's negative.

A matrix of PMI values becomes d-dimensional word vectors by truncated SVD, M ≈ W Σ Cᵀ, with the rows of W Σ^p
(:func:`svd_vectors`); p = 1 is the plain factorisation, p = ½ splits Σ evenly between words and contexts, p = 0
drops it. All functions accept a dense NumPy array or a ``scipy.sparse`` matrix; a sparse input gives a sparse PMI
holding only the pairs that occur (every other entry is −∞ for PMI, 0 for PPMI).
"""
from __future__ import annotations

import numpy as np

from ..validation import check_number, check_positive_int


def _is_sparse(matrix) -> bool:
    from scipy import sparse

    return sparse.issparse(matrix)


def check_counts(counts, name: str = "counts"):
    """``counts`` as a float64 CSR matrix (if sparse, explicit zeros removed) or a float64 array, shape
    (n_words, n_contexts), finite and non-negative with at least one positive entry."""
    if _is_sparse(counts):
        if counts.ndim != 2:
            raise ValueError(f"{name} must be 2-D, (n_words, n_contexts), got shape {counts.shape}.")
        matrix = counts.tocsr().astype(np.float64, copy=True)
        matrix.eliminate_zeros()
        values = matrix.data
    else:
        try:
            matrix = np.asarray(counts, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a matrix of numbers, shape (n_words, n_contexts), "
                             f"got {type(counts).__name__}.") from None
        if matrix.ndim != 2 or 0 in matrix.shape:
            raise ValueError(f"{name} must be a non-empty 2-D matrix, shape (n_words, n_contexts), "
                             f"got shape {matrix.shape}.")
        values = matrix
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError(f"{name} must hold finite, non-negative co-occurrence counts n(c, o).")
    if not np.any(values > 0):
        raise ValueError(f"{name} holds no positive count: PMI needs at least one pair (c, o) that occurs.")
    return matrix


def context_distribution(counts, context_power: float = 0.75, context_counts=None) -> np.ndarray:
    """P_α(o) = n(o)^α / Σ_o' n(o')^α over the contexts with n(o) > 0 (0 for the others): shape (n_contexts,).

    counts:         shape (n_words, n_contexts), n(c, o) (dense or sparse).
    context_power:  α (1: the contexts' own frequencies; 0.75: word2vec's smoothing; 0: uniform).
    context_counts: shape (n_contexts,), n(o); None uses the column sums Σ_c n(c, o). Pass the words' corpus
                    counts to get word2vec's noise distribution P_n(o) ∝ count(o)^β.
    """
    return _context_distribution(check_counts(counts), context_power, context_counts)


def _context_distribution(matrix, context_power, context_counts) -> np.ndarray:
    """:func:`context_distribution` of a matrix already checked by :func:`check_counts`."""
    context_power = check_number(context_power, "context_power (α)", 0.0, hint=" such as 0.75")
    if context_counts is None:
        context_counts = np.asarray(matrix.sum(axis=0)).ravel()
    else:
        context_counts = np.asarray(context_counts, dtype=np.float64)
        if context_counts.shape != (matrix.shape[1],):
            raise ValueError(f"context_counts must have shape (n_contexts,) = ({matrix.shape[1]},), one count per "
                             f"column of counts, got shape {context_counts.shape}.")
        if not np.all(np.isfinite(context_counts)) or np.any(context_counts < 0):
            raise ValueError("context_counts must hold finite, non-negative counts n(o).")
    smoothed = np.where(context_counts > 0, np.power(context_counts, context_power, where=context_counts > 0,
                                                     out=np.zeros_like(context_counts)), 0.0)
    return smoothed / smoothed.sum()


def _scaled_columns(matrix, column_weights: np.ndarray):
    """``matrix`` with column o multiplied by ``column_weights[o]`` (CSR stays CSR)."""
    if _is_sparse(matrix):
        scaled = matrix.copy()
        scaled.data = scaled.data * column_weights[scaled.indices]
        return scaled
    return matrix * column_weights[None, :]


def _log_ratio(matrix, row_totals: np.ndarray, context_probabilities: np.ndarray):
    """log n(c, o) − log row_totals[c] − log P(o) for every stored pair (sparse) or every entry (dense, −∞ at 0)."""
    if _is_sparse(matrix):
        result = matrix.copy()
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        with np.errstate(divide="ignore"):
            result.data = (np.log(matrix.data) - np.log(row_totals[rows])
                           - np.log(context_probabilities[matrix.indices]))
        return result
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.log(matrix) - np.log(row_totals)[:, None] - np.log(context_probabilities)[None, :]
    values[matrix == 0] = -np.inf
    return values


def pmi(counts, context_power: float = 1.0, context_counts=None):
    """PMI_α(c, o) = log [n(c, o) / (n(c) P_α(o))], natural log; shape (n_words, n_contexts).

    counts:         n(c, o), dense or ``scipy.sparse``; row c is the center word, column o the context.
    context_power:  α of :func:`context_distribution` (1: the pointwise mutual information itself).
    context_counts: n(o) for P_α (None: the column sums).
    Returns a dense array with −∞ where n(c, o) = 0, or, for a sparse ``counts``, a CSR matrix holding PMI_α at
    the pairs that occur (the others, −∞, are not stored).
    """
    matrix = check_counts(counts)
    probabilities = _context_distribution(matrix, context_power, context_counts)
    row_totals = np.asarray(matrix.sum(axis=1)).ravel()
    return _log_ratio(matrix, row_totals, probabilities)


def ppmi(counts, context_power: float = 0.75, n_negatives: float = 1, context_counts=None):
    """Shifted positive PMI, SPPMI_K(c, o) = max(PMI_α(c, o) − log K, 0); K = ``n_negatives`` = 1 gives PPMI.

    Arguments as :func:`pmi` (but α defaults to word2vec's 0.75). Dense in, dense out; sparse in, a CSR matrix
    holding only the positive entries.
    """
    n_negatives = check_number(n_negatives, "n_negatives (K, the shift log K)", 0.0, strict=True,
                               hint=" such as 1 (no shift) or 5")
    values = pmi(counts, context_power, context_counts)
    if _is_sparse(values):
        values.data = np.maximum(values.data - np.log(n_negatives), 0.0)
        values.eliminate_zeros()
        return values
    return np.maximum(values - np.log(n_negatives), 0.0)


def sgns_optimal_scores(counts, noise_probabilities, n_negatives: int, outside_excluded: bool = True,
                        redrawn: bool = False):
    """s*(c, o), the score u_o^T v_c that minimises skip-gram's negative-sampling loss when every score is free.

    counts:              n(c, o), the (expected) number of training pairs (c, o), dense or sparse.
    noise_probabilities: shape (n_contexts,), P_n(o) ∝ count(o)^β (the trainer's noise distribution).
    n_negatives:         K, negatives drawn per pair.
    outside_excluded:    True: a negative equal to the pair's own o is skipped (the fast trainer, as word2vec), so
                         the pairs (c, o) draw no noise pair (c, o) and c has n(c) − n(c, o) pairs that can;
                         False: every pair's K draws count.
    redrawn:             with ``outside_excluded``, a draw equal to o is drawn again instead of skipped (the handout
                         trainer's ``exclude="outside"``, rejection sampling): each draw of a pair (c, o') is then o
                         with probability P_n(o)/(1 − P_n(o')), so m(c, o) = Σ_{o' ≠ o} n(c, o')/(1 − P_n(o')).
    Returns log [n(c, o) / (K P_n(o) m(c, o))] with m(c, o) = n(c) − n(c, o) (excluded), the sum above (redrawn)
    or n(c) (not): dense with −∞ where n(c, o) = 0 (and +∞ where o is c's only context, when excluded), or a CSR
    matrix of the pairs that occur.
    """
    n_negatives = check_positive_int(n_negatives, "n_negatives (K)")
    matrix = check_counts(counts)
    noise = np.asarray(noise_probabilities, dtype=np.float64)
    if noise.shape != (matrix.shape[1],) or not np.all(np.isfinite(noise)) or np.any(noise < 0):
        raise ValueError(f"noise_probabilities must be P_n(o), shape (n_contexts,) = ({matrix.shape[1]},), finite "
                         f"and non-negative, got shape {noise.shape}.")
    if redrawn and not outside_excluded:
        raise ValueError("redrawn=True describes how an excluded o is replaced; it needs outside_excluded=True.")
    if redrawn and np.any(noise >= 1.0):
        raise ValueError("noise_probabilities: with redrawn=True no word may carry all of P_n (P_n(o) = 1 leaves "
                         "nothing to redraw); use a vocabulary of at least two words.")
    if redrawn:
        # The skipped case's formula on n'(c, o) = n(c, o) w(o), w(o) = 1/(1 − P_n(o)): its row sum minus n'(c, o) is
        # m(c, o), and P_n' = P_n w keeps log n' − log P_n' = log n − log P_n.
        weights = 1.0 / (1.0 - noise)
        matrix, noise = _scaled_columns(matrix, weights), noise * weights
    row_totals = np.asarray(matrix.sum(axis=1)).ravel()
    if not outside_excluded:
        scores = _log_ratio(matrix, row_totals, noise)
    elif _is_sparse(matrix):
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        scores = matrix.copy()
        with np.errstate(divide="ignore"):
            scores.data = (np.log(matrix.data) - np.log(row_totals[rows] - matrix.data)
                           - np.log(noise[matrix.indices]))
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.log(matrix) - np.log(row_totals[:, None] - matrix) - np.log(noise)[None, :]
        scores[matrix == 0] = -np.inf
    if _is_sparse(scores):
        scores.data -= np.log(n_negatives)
        return scores
    return scores - np.log(n_negatives)


def truncated_svd(matrix, dim: int, seed: int = 0, n_iter: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """The d largest singular triplets of ``matrix`` ≈ W Σ Cᵀ by randomized SVD (scikit-learn's ``randomized_svd``).

    matrix: shape (n_words, n_contexts), dense or sparse (e.g. :func:`ppmi`'s).
    dim:    d, at most min(n_words, n_contexts).
    seed:   seeds the random projection: the result is the same for a seed, and nearly the same for another.
    Returns ``(left, singular_values)``: W, shape (n_words, d), orthonormal columns, and σ_1 ≥ ... ≥ σ_d, shape (d,).
    """
    from sklearn.utils.extmath import randomized_svd

    dim = check_positive_int(dim, "dim (d)")
    check_positive_int(seed, "seed", minimum=0)
    n_iter = check_positive_int(n_iter, "n_iter", minimum=0)
    if not _is_sparse(matrix):
        matrix = np.asarray(matrix, dtype=np.float64)
    if matrix.ndim != 2 or dim > min(matrix.shape):
        raise ValueError(f"dim (d) must be at most min(n_words, n_contexts) = {min(matrix.shape)} for a matrix of "
                         f"shape {matrix.shape}, got {dim}.")
    from threadpoolctl import threadpool_limits   # installed with scikit-learn

    # BLAS on one thread: most of the work is SciPy's sparse products, which use one anyway, and on a busy machine
    # OpenBLAS's waiting threads made this 6 times slower (19 s instead of 3.3 s, Wikipedia sample, d = 100).
    with threadpool_limits(limits=1, user_api="blas"):
        left, singular_values, _ = randomized_svd(matrix, n_components=dim, n_iter=n_iter, random_state=seed)
    return left, singular_values


def svd_vectors(left, singular_values, eigenvalue_power: float = 0.5) -> np.ndarray:
    """Word vectors W Σ^p from :func:`truncated_svd`: shape (n_words, d), row c the vector of word c.

    eigenvalue_power: p (1: W Σ, the factorisation itself; 0.5: the symmetric split; 0: W alone, every direction
                      weighted alike).
    """
    eigenvalue_power = check_number(eigenvalue_power, "eigenvalue_power (p)", 0.0, hint=" such as 0, 0.5 or 1")
    left = np.asarray(left, dtype=np.float64)
    singular_values = np.asarray(singular_values, dtype=np.float64)
    if left.ndim != 2 or singular_values.shape != (left.shape[1],) or np.any(singular_values < 0):
        raise ValueError(f"left must have shape (n_words, d) and singular_values shape (d,) with σ ≥ 0, as "
                         f"truncated_svd returns them; got {left.shape} and {singular_values.shape}.")
    return left * singular_values ** eigenvalue_power
