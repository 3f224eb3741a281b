"""Zipf fit and window pair counts: exact on data with a known answer, and equal to the pairs actually built."""
import numpy as np
import pytest

from w2vlib.text.corpus_statistics import count_window_pairs, zipf_fit
from w2vlib.text.dynamic_window import draw_reduced_windows, window_pairs


@pytest.mark.parametrize("exponent", [0.8, 1.0, 1.3])
def test_zipf_fit_recovers_the_exponent_of_an_exact_power_law(exponent):
    ranks = np.arange(1, 2001)
    counts = 1e6 / ranks ** exponent
    fit = zipf_fit(np.random.default_rng(0).permutation(counts))  # order must not matter
    assert fit.slope == pytest.approx(-exponent, abs=1e-9)
    assert fit.intercept == pytest.approx(6.0, abs=1e-9)
    assert fit.r_squared == pytest.approx(1.0)
    assert np.allclose(fit.predicted_counts([1, 10, 100]), 1e6 / np.array([1, 10, 100]) ** exponent)


def test_zipf_fit_uses_only_the_requested_ranks():
    ranks = np.arange(1, 101, dtype=float)
    counts = np.where(ranks <= 50, 1e4 / ranks, 1e4 / 50 * (50 / ranks) ** 3)  # slope -1 then -3
    assert zipf_fit(counts, 1, 50).slope == pytest.approx(-1.0)
    assert zipf_fit(counts, 50, 100).slope == pytest.approx(-3.0)
    assert zipf_fit(counts).r_squared < 1.0


def test_zipf_fit_ignores_zero_counts_and_rejects_bad_input():
    assert zipf_fit([100, 50, 0, 25]).last_rank == 3
    with pytest.raises(ValueError, match="counts"):
        zipf_fit([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="non-negative"):
        zipf_fit([5, -1, 2])
    with pytest.raises(ValueError, match="last_rank"):
        zipf_fit([5, 4, 3], last_rank=10)
    with pytest.raises(ValueError, match="two ranks"):
        zipf_fit([5, 4, 3], first_rank=3)


def test_pair_count_equals_the_number_of_pairs_window_pairs_builds():
    rng = np.random.default_rng(3)
    lengths = rng.integers(1, 30, size=40)
    bounds = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    n = int(bounds[-1])
    for window in (1, 2, 5):
        reduced = draw_reduced_windows(n, window, rng)
        centers, _ = window_pairs(0, n, reduced, bounds, window)
        assert count_window_pairs(bounds, reduced) == centers.shape[0]


def test_fixed_window_pair_count_by_hand():
    # one sentence of 4 words, m = 2: centers have 2, 3, 3, 2 outside words
    assert count_window_pairs([0, 4], np.full(4, 2)) == 10
    # two sentences of 1 and 3 words, m = 5: the lone word has none; the others 2 each
    assert count_window_pairs([0, 1, 4], np.full(4, 5)) == 6


def test_pair_count_rejects_mismatched_input():
    with pytest.raises(ValueError, match="one entry per position"):
        count_window_pairs([0, 4], np.full(3, 2))
    with pytest.raises(ValueError, match="sentence_bounds"):
        count_window_pairs([1, 4], np.full(4, 2))
