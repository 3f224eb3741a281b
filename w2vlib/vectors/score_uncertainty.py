"""How uncertain is a word-similarity score? A bootstrap over the word pairs.

A WordSim-353 score is Spearman's ρ over the n pairs (a few hundred) whose two words are in the vocabulary. Had
the dataset's authors picked another few hundred pairs, ρ would have come out differently. The bootstrap
estimates by how much: draw n pairs *with replacement* from the n pairs, recompute ρ, repeat B times; the
middle 95% of the B values is a 95% confidence interval (the percentile bootstrap).

To compare two models on the same pairs, resample the pairs once and score both models on each resample
(a *paired* bootstrap): what the two models have in common (the same easy and hard pairs) cancels in the
difference ρ_a − ρ_b, so its interval is much narrower than the two separate intervals suggest. If that
interval contains 0, the data do not tell the two models apart.

The pairs and their cosines come from :mod:`w2vlib.vectors.evaluation`'s own reading rules (case folding,
``restrict_vocab``), so the point estimate is :func:`w2vlib.vectors.evaluation.word_pair_spearman`'s (computed here by
a batched rank correlation, it can differ from that one in the last bits of the float).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .evaluation import PairSimilarities, pair_similarities  # noqa: F401 (re-exported: the bootstrap's input)
from ..validation import check_number, check_positive_int

RESAMPLES_PER_BLOCK = 500  # resamples ranked at a time: bounds the memory to 500 × n_pairs floats


def _ranks(values: np.ndarray) -> np.ndarray:
    """Ranks along the last axis, ties getting their average rank (what Spearman's ρ uses)."""
    from scipy.stats import rankdata

    return rankdata(values, axis=-1)


def _row_correlation(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson correlation of every row of x with the same row of y, shape (B,); nan for a constant row."""
    x = x - x.mean(axis=-1, keepdims=True)
    y = y - y.mean(axis=-1, keepdims=True)
    denominator = np.sqrt(np.sum(x * x, axis=-1) * np.sum(y * y, axis=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, np.sum(x * y, axis=-1) / np.where(denominator > 0, denominator, 1), np.nan)


def spearman(gold, model) -> np.ndarray:
    """Spearman's ρ of ``gold`` and ``model`` along the last axis: the Pearson correlation of their ranks.

    gold, model: shape (n,) or (B, n); returns a float (or shape (B,)). nan where either side is constant.
    """
    result = _row_correlation(_ranks(np.asarray(gold, dtype=np.float64)), _ranks(np.asarray(model, dtype=np.float64)))
    return float(result) if np.ndim(result) == 0 else result


@dataclass(frozen=True)
class BootstrapInterval:
    """A point estimate and its percentile-bootstrap confidence interval [low, high]."""

    estimate: float
    low: float
    high: float
    confidence: float
    n_pairs: int
    n_resamples: int
    label: str = "Spearman"

    @property
    def width(self) -> float:
        return self.high - self.low

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def __str__(self) -> str:
        return (f"{self.label} {self.estimate:+.3f}, {self.confidence:.0%} interval [{self.low:+.3f}, {self.high:+.3f}] "
                f"over {self.n_pairs} pairs ({self.n_resamples} resamples)")


def _check_bootstrap_arguments(n_resamples, confidence) -> tuple[int, float]:
    n_resamples = check_positive_int(n_resamples, "n_resamples", minimum=100, hint=" (1000 or more is usual)")
    confidence = check_number(confidence, "confidence", 0.0, strict=True, hint=" and below 1, such as 0.95")
    if confidence >= 1:
        raise ValueError(f"confidence must be below 1 (a share such as 0.95), got {confidence}.")
    return n_resamples, confidence


def _as_scores(scores, name: str) -> PairSimilarities:
    if isinstance(scores, PairSimilarities):
        return scores
    if hasattr(scores, "vectors"):
        return pair_similarities(scores)
    raise ValueError(f"{name} must be word vectors (Embeddings or gensim KeyedVectors) or the PairSimilarities "
                     f"of w2vlib.vectors.score_uncertainty.pair_similarities, got {type(scores).__name__}.")


def _resampled_statistics(columns: list[tuple[np.ndarray, np.ndarray]], n_resamples: int,
                          seed: int) -> list[np.ndarray]:
    """ρ on B resamples of the pairs, the same resamples for every (gold, model) column pair; each shape (B,)."""
    n = columns[0][0].shape[0]
    rng = np.random.default_rng(seed)
    results = [np.empty(n_resamples) for _ in columns]
    for start in range(0, n_resamples, RESAMPLES_PER_BLOCK):
        stop = min(start + RESAMPLES_PER_BLOCK, n_resamples)
        picks = rng.integers(0, n, size=(stop - start, n))
        for result, (gold, model) in zip(results, columns):
            result[start:stop] = spearman(gold[picks], model[picks])
    return results


def _interval(estimate: float, values: np.ndarray, confidence: float, n_pairs: int, label: str) -> BootstrapInterval:
    tail = (1 - confidence) / 2 * 100
    low, high = np.nanpercentile(values, [tail, 100 - tail])
    return BootstrapInterval(float(estimate), float(low), float(high), confidence, n_pairs, values.shape[0], label)


def bootstrap_spearman(scores, n_resamples: int = 2000, confidence: float = 0.95, seed: int = 0) -> BootstrapInterval:
    """Spearman's ρ of one model with its percentile-bootstrap interval over the pairs.

    scores:      :class:`PairSimilarities` (from :func:`pair_similarities`), or word vectors (WordSim-353 is used).
    n_resamples: B, resamples of the n pairs (with replacement).
    confidence:  the interval's level, e.g. 0.95 for the middle 95% of the B values.
    seed:        seeds the resampling: the same seed gives the same interval.
    """
    n_resamples, confidence = _check_bootstrap_arguments(n_resamples, confidence)
    scores = _as_scores(scores, "scores")
    if scores.n_pairs < 3:
        raise ValueError(f"only {scores.n_pairs} pairs of {scores.dataset} are in the vocabulary; a correlation needs "
                         "at least 3 (use a larger vocabulary).")
    seed = check_positive_int(seed, "seed", minimum=0)
    (values,) = _resampled_statistics([(scores.gold, scores.model)], n_resamples, seed)
    return _interval(spearman(scores.gold, scores.model), values, confidence, scores.n_pairs, "Spearman")


def paired_bootstrap_difference(scores_a, scores_b, n_resamples: int = 2000, confidence: float = 0.95,
                                seed: int = 0) -> BootstrapInterval:
    """ρ_a − ρ_b on the pairs both models know, with a paired-bootstrap interval (same resamples for both).

    scores_a, scores_b: :class:`PairSimilarities` of the same dataset (or word vectors: WordSim-353 is used).
    Only pairs in both vocabularies count, so the estimate can differ slightly from the difference of the two
    models' own scores when their vocabularies differ. The interval containing 0 means: no evidence of a difference.
    """
    n_resamples, confidence = _check_bootstrap_arguments(n_resamples, confidence)
    a, b = _as_scores(scores_a, "scores_a"), _as_scores(scores_b, "scores_b")
    if a.dataset != b.dataset or a.n_total != b.n_total:
        raise ValueError(f"scores_a and scores_b must come from the same dataset, got {a.dataset!r} "
                         f"({a.n_total} pairs) and {b.dataset!r} ({b.n_total} pairs).")
    common, in_a, in_b = np.intersect1d(a.pair_numbers, b.pair_numbers, return_indices=True)
    if common.shape[0] < 3:
        raise ValueError(f"only {common.shape[0]} pairs are in both vocabularies; a correlation needs at least 3.")
    seed = check_positive_int(seed, "seed", minimum=0)
    gold = a.gold[in_a]
    values_a, values_b = _resampled_statistics([(gold, a.model[in_a]), (gold, b.model[in_b])], n_resamples, seed)
    estimate = spearman(gold, a.model[in_a]) - spearman(gold, b.model[in_b])
    return _interval(estimate, values_a - values_b, confidence, int(common.shape[0]), "difference of Spearman")
