"""Which words a negative may not be: the excluded words never come out, the rest keep P_n's proportions."""
import numpy as np
import pytest

from w2vlib import NegativeSampler
from w2vlib.text.negative_exclusion import WindowNegatives

COUNTS = np.array([40.0, 20, 10, 10, 10, 5, 5])


def draws(exclude, n=4000, center=0, window=(1, 2), outside=1):
    negatives = WindowNegatives(NegativeSampler(COUNTS, power=1.0, seed=3), 5, exclude)
    negatives.set_window(center, list(window))
    return np.concatenate([negatives.sample(outside) for _ in range(n // 5)])


def test_no_exclusion_draws_the_center_and_outside_word_at_their_rates():
    sample = draws("none")
    assert abs(np.mean(sample == 0) - 0.4) < 0.03 and abs(np.mean(sample == 1) - 0.2) < 0.03


@pytest.mark.parametrize("exclude, forbidden", [("outside", {1}), ("center_and_outside", {0, 1}),
                                                ("window", {0, 1, 2})])
def test_excluded_words_never_come_out_and_the_rest_keep_their_proportions(exclude, forbidden):
    sample = draws(exclude)
    assert not set(sample.tolist()) & forbidden
    allowed = [w for w in range(len(COUNTS)) if w not in forbidden]
    expected = COUNTS[allowed] / COUNTS[allowed].sum()
    observed = np.array([np.mean(sample == w) for w in allowed])
    assert np.max(np.abs(observed - expected)) < 0.03


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="exclude must be one of"):
        WindowNegatives(NegativeSampler(COUNTS), 5, "everything")
    with pytest.raises(ValueError, match="set_window"):
        WindowNegatives(NegativeSampler(COUNTS), 5, "window").sample(1)
    only_two = WindowNegatives(NegativeSampler(np.array([1.0, 1.0])), 3, "center_and_outside")
    only_two.set_window(0, [1])
    with pytest.raises(ValueError, match="no word left"):
        only_two.sample(1)
