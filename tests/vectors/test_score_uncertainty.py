"""Bootstrap intervals for Spearman scores: they contain the estimate, narrow with more pairs, repeat for a seed,
and the paired bootstrap tells a real difference from none."""
import numpy as np
import pytest
from scipy import stats

from w2vlib.vectors.embeddings import Embeddings
from w2vlib.vectors.evaluation import gensim_data_path, read_word_pairs, word_pair_spearman
from w2vlib.vectors.score_uncertainty import (
    PairSimilarities, bootstrap_spearman, pair_similarities, paired_bootstrap_difference, spearman)


def noisy_scores(n, noise, seed=0, name="synthetic"):
    """n pairs whose model score is the human score plus Gaussian noise (ρ falls as the noise grows)."""
    rng = np.random.default_rng(seed)
    gold = rng.uniform(0, 10, size=n).round(1)  # rounded: ties, as in WordSim-353
    return PairSimilarities(name, np.arange(n), gold, gold + rng.normal(scale=noise, size=n), n)


@pytest.fixture(scope="module")
def wordsim_embeddings():
    pairs = read_word_pairs(gensim_data_path("wordsim353.tsv"))
    words = list(dict.fromkeys(w for a, b, _ in pairs for w in (a, b)))
    kept = words[: int(len(words) * 0.8)]  # some pairs out of the vocabulary
    return Embeddings(np.random.default_rng(0).standard_normal((len(kept), 8)), kept)


def test_spearman_matches_scipy_with_ties_and_by_row(rng):
    gold = rng.integers(0, 5, size=50).astype(float)
    model = rng.normal(size=50)
    assert spearman(gold, model) == pytest.approx(stats.spearmanr(gold, model)[0])
    batch = rng.normal(size=(4, 30)), rng.normal(size=(4, 30))
    expected = [stats.spearmanr(x, y)[0] for x, y in zip(*batch)]
    assert np.allclose(spearman(*batch), expected)
    assert np.isnan(spearman(np.ones(5), np.arange(5.0)))


def test_the_estimate_is_word_pair_spearman_and_lies_in_the_interval(wordsim_embeddings):
    reference = word_pair_spearman(wordsim_embeddings, "wordsim353")
    scores = pair_similarities(wordsim_embeddings, "wordsim353")
    assert scores.n_pairs == reference.n_pairs and scores.oov_share == pytest.approx(reference.oov_share)
    interval = bootstrap_spearman(scores, n_resamples=500)
    assert interval.estimate == pytest.approx(reference.spearman)
    assert interval.low < interval.estimate < interval.high
    assert interval.n_pairs == reference.n_pairs


def test_the_interval_narrows_with_more_pairs():
    small = bootstrap_spearman(noisy_scores(60, noise=3.0), n_resamples=1000)
    large = bootstrap_spearman(noisy_scores(960, noise=3.0), n_resamples=1000)
    # the width of a mean-like statistic shrinks like 1/sqrt(n): 16 times the pairs, about a quarter the width
    assert 0.15 < large.width / small.width < 0.4
    assert large.contains(large.estimate) and small.contains(small.estimate)


def test_the_interval_covers_the_true_correlation_most_of_the_time():
    # the population ρ of gold vs gold + noise, from a very large sample; then 40 small samples of 200 pairs
    truth = spearman(*[getattr(noisy_scores(200_000, noise=3.0, seed=99), k) for k in ("gold", "model")])
    covered = sum(bootstrap_spearman(noisy_scores(200, 3.0, seed=s), n_resamples=400).contains(truth)
                  for s in range(40))
    assert covered >= 33  # a 95% interval; 33 of 40 leaves room for chance (P[X < 33] ≈ 0.3% for p = 0.95)


def test_the_same_seed_gives_the_same_interval_and_another_seed_another():
    scores = noisy_scores(100, noise=2.0)
    first, again = bootstrap_spearman(scores, seed=7), bootstrap_spearman(scores, seed=7)
    other = bootstrap_spearman(scores, seed=8)
    assert (first.low, first.high) == (again.low, again.high)
    assert (first.low, first.high) != (other.low, other.high)


def test_paired_difference_of_a_model_with_itself_is_exactly_zero():
    scores = noisy_scores(150, noise=2.0)
    difference = paired_bootstrap_difference(scores, scores, n_resamples=300)
    assert (difference.estimate, difference.low, difference.high) == (0.0, 0.0, 0.0)


def test_paired_bootstrap_finds_a_real_difference_and_is_narrower_than_separate_intervals():
    a = noisy_scores(300, noise=2.0, seed=1)
    better = PairSimilarities(a.dataset, a.pair_numbers, a.gold, a.gold + 0.5 * (a.model - a.gold), a.n_total)
    difference = paired_bootstrap_difference(better, a, n_resamples=1000)
    assert difference.low > 0  # the better model (half the noise, on the same pairs) is really better
    separate = bootstrap_spearman(better, n_resamples=1000), bootstrap_spearman(a, n_resamples=1000)
    assert difference.width < separate[0].width + separate[1].width
    # pure noise of the same size, drawn independently: no evidence of a difference
    twin = noisy_scores(300, noise=2.0, seed=2)
    twin = PairSimilarities(a.dataset, a.pair_numbers, a.gold, a.gold + (twin.model - twin.gold), a.n_total)
    assert paired_bootstrap_difference(twin, a, n_resamples=1000).contains(0.0)


def test_paired_bootstrap_uses_only_the_pairs_both_models_know():
    a = noisy_scores(100, noise=1.0)
    keep = np.arange(0, 100, 2)
    b = PairSimilarities(a.dataset, a.pair_numbers[keep], a.gold[keep], a.model[keep], a.n_total)
    difference = paired_bootstrap_difference(a, b, n_resamples=200)
    assert difference.n_pairs == 50 and difference.estimate == 0.0


def test_bad_arguments_are_named():
    scores = noisy_scores(50, noise=1.0)
    with pytest.raises(ValueError, match="n_resamples"):
        bootstrap_spearman(scores, n_resamples=10)
    with pytest.raises(ValueError, match="confidence"):
        bootstrap_spearman(scores, confidence=1.5)
    with pytest.raises(ValueError, match="scores"):
        bootstrap_spearman([0.1, 0.2])
    with pytest.raises(ValueError, match="same dataset"):
        paired_bootstrap_difference(scores, noisy_scores(40, 1.0, name="other"))
