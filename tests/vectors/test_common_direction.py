"""The common direction of a set of vectors, and its correlation with word frequency."""
import numpy as np
import pytest

from w2vlib.vectors.common_direction import common_direction


def test_vectors_that_lean_along_one_direction_by_frequency_correlate_with_log_count():
    rng = np.random.default_rng(0)
    counts = rng.integers(1, 10_000, size=400).astype(float)
    direction = np.zeros(20)
    direction[0] = 1.0
    vectors = rng.normal(scale=0.3, size=(400, 20)) + 0.5 * np.log(counts)[:, None] * direction
    result = common_direction(vectors, counts)
    assert result.frequency_correlation > 0.5   # random vectors give about 0 (the next test)
    assert 0.3 < result.mean_share < 1
    # the rare words lean the other way: a negative correlation when the lean falls with frequency
    flipped = rng.normal(scale=0.3, size=(400, 20)) + 0.5 * (10 - np.log(counts))[:, None] * direction
    assert common_direction(flipped, counts).frequency_correlation < -0.5


def test_centred_random_vectors_share_almost_nothing_and_the_cosines_are_the_definition():
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(2000, 50))
    counts = rng.integers(1, 100, size=2000)
    result = common_direction(vectors, counts)
    assert result.mean_share < 0.05
    assert abs(result.frequency_correlation) < 0.1
    mean = vectors.mean(axis=0)
    i = 7
    assert result.cosines[i] == pytest.approx(vectors[i] @ mean / np.linalg.norm(vectors[i]) / np.linalg.norm(mean))


def test_identical_vectors_share_everything():
    vectors = np.tile([1.0, 2.0, 3.0], (5, 1)) * np.arange(1, 6)[:, None]
    result = common_direction(vectors, [1, 2, 3, 4, 5])
    assert result.mean_share == pytest.approx(1.0)
    assert np.allclose(result.cosines, 1.0)


@pytest.mark.parametrize("vectors, counts, phrase", [
    (np.ones((3, 2)) + np.eye(3, 2), [1, 2], "counts has 2 entries but vectors has 3 rows"),
    (np.ones((3, 2)) + np.eye(3, 2), [1, 0, 2], "counts must be positive"),
    (np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]]), [1, 2, 3], "zero row (row 1)"),
    (np.array([[1.0, 0.0], [-1.0, 0.0]]), [1, 2], "mean of the vectors is zero"),
    (np.array([[1.0, 0.0], [0.0, 1.0]]), [3, 3], "every word has the same count"),
    (np.ones((1, 2)), [1], "at least two words"),
    (np.ones(3), [1, 2, 3], "vectors must be a 2-D array"),
])
def test_bad_input_is_named(vectors, counts, phrase):
    with pytest.raises(ValueError, match=phrase.replace("(", r"\(").replace(")", r"\)")):
        common_direction(vectors, counts)
