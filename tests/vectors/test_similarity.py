"""Cosine similarity and the within/between-group measure, on vectors whose answer is known by construction."""
import numpy as np
import pytest

from w2vlib.vectors.similarity import cosine_similarity_matrix, group_cosine_matrix, group_similarity

WORDS = ["cat", "dog", "red", "blue", "two"]
WORD2IND = {w: i for i, w in enumerate(WORDS)}
# cat and dog along e0 (cat twice as long), red along e1, blue at 60 degrees from red, two along -e0.
VECTORS = np.array([[2.0, 0, 0], [1.0, 0, 0], [0, 1.0, 0], [0, 0.5, np.sqrt(3) / 2], [-3.0, 0, 0]])
GROUPS = {"animals": ["cat", "dog"], "colours": ["red", "blue"], "numbers": ["two"]}


def test_cosine_matrix_ignores_length_and_handles_zero_rows():
    cos = cosine_similarity_matrix(np.vstack([VECTORS, np.zeros(3)]))
    assert cos[0, 1] == pytest.approx(1.0) and cos[0, 4] == pytest.approx(-1.0)
    assert cos[2, 3] == pytest.approx(0.5) and cos[0, 2] == pytest.approx(0.0)
    assert np.all(cos[5] == 0.0)
    assert np.allclose(cos, cos.T)


def test_group_similarity_averages_pairs_within_and_between_groups():
    within, between = group_similarity(VECTORS, WORD2IND, GROUPS)
    assert within == pytest.approx((1.0 + 0.5) / 2)   # (cat, dog) and (red, blue); "two" has no partner
    # between: cat/dog vs colours are 0 (4 pairs), cat/dog vs two are -1 (2 pairs), colours vs two are 0 (2 pairs)
    assert between == pytest.approx(-2.0 / 8)


def test_group_cosine_matrix_is_symmetric_with_group_means():
    matrix = group_cosine_matrix(VECTORS, WORD2IND, GROUPS)
    assert matrix.shape == (3, 3)
    assert matrix[0, 0] == pytest.approx(1.0) and matrix[1, 1] == pytest.approx(0.5) and np.isnan(matrix[2, 2])
    assert matrix[0, 2] == pytest.approx(-1.0) and matrix[2, 0] == pytest.approx(-1.0)
    assert matrix[0, 1] == pytest.approx(0.0)


def test_unknown_words_and_too_few_groups_raise_clear_errors():
    with pytest.raises(KeyError, match="cta.*Close matches: cat"):
        group_similarity(VECTORS, WORD2IND, {"animals": ["cta", "dog"], "colours": ["red"]})
    with pytest.raises(ValueError, match="at least two groups"):
        group_similarity(VECTORS, WORD2IND, {"animals": ["cat", "dog"]})
    with pytest.raises(ValueError, match="no group has two words"):
        group_similarity(VECTORS, WORD2IND, {"a": ["cat"], "b": ["red"]})
    with pytest.raises(ValueError, match="must be a non-empty list"):
        group_similarity(VECTORS, WORD2IND, {"a": "cat", "b": ["red"]})
