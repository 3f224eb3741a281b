import numpy as np
import pytest

from w2vlib import NegativeSampler

COUNTS = np.array([100, 0, 30, 5, 1, 64])


@pytest.mark.parametrize("power", [0.0, 0.75, 1.0])
def test_draws_follow_counts_to_the_power_alpha(power):
    expected = np.ones(6) / 6 if power == 0 else COUNTS ** power / np.sum(COUNTS ** power)
    sampler = NegativeSampler(COUNTS, power=power, seed=3)
    assert np.allclose(sampler.probabilities, expected)
    n = 200_000
    freq = np.bincount(sampler.sample(n), minlength=6) / n
    # within 5 binomial standard deviations of the expected share, word by word
    assert np.all(np.abs(freq - expected) <= 5 * np.sqrt(expected * (1 - expected) / n) + 1e-12)


def test_a_word_with_zero_count_is_never_drawn_under_unigram_powers():
    assert not np.any(NegativeSampler(COUNTS, power=0.75, seed=0).sample(50_000) == 1)


def test_exclude_removes_the_outside_word_and_renormalises():
    sampler = NegativeSampler(COUNTS, power=1.0, seed=1)
    draws = sampler.sample(100_000, exclude=0)
    assert not np.any(draws == 0)
    rest = COUNTS[1:] / COUNTS[1:].sum()
    freq = np.bincount(draws, minlength=6)[1:] / draws.size
    assert np.allclose(freq, rest, atol=0.01)


def test_exclude_broadcasts_one_word_per_row():
    sampler = NegativeSampler(np.ones(4), seed=2)
    exclude = np.array([[0], [1], [2], [3]] * 50)
    draws = sampler.sample((200, 6), exclude=exclude)
    assert draws.shape == (200, 6) and not np.any(draws == exclude)


def test_same_seed_same_draws_and_different_seed_different_draws():
    a = NegativeSampler(COUNTS, seed=7).sample(50)
    b = NegativeSampler(COUNTS, seed=7).sample(50)
    c = NegativeSampler(COUNTS, seed=8).sample(50)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_excluding_the_only_possible_word_is_an_error():
    with pytest.raises(ValueError, match="nothing left"):
        NegativeSampler([0, 5, 0], power=1.0).sample(3, exclude=1)
