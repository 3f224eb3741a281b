"""One matrix for both roles: the explicit gradient (with its factor 2) and the chain-rule one agree with finite
differences and with each other; dropping the factor is caught exactly when a row plays two parts."""
import numpy as np
import pytest

from w2vlib import gradcheck, naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient
from w2vlib.losses.tied_vectors import tied_neg_sampling_loss_and_gradient, tied_skipgram

N_WORDS, D = 7, 4

CASES = {  # (center c, outside o, negatives)
    "all different": (1, 2, [4, 5, 6]),
    "outside word is the center": (3, 3, [0, 5, 6]),
    "a negative is the center": (2, 4, [2, 0, 6]),
    "center twice among negatives, o = c": (5, 5, [5, 1, 5]),
    "repeated negative": (0, 1, [6, 6, 3]),
}


@pytest.fixture
def vectors():
    return np.random.default_rng(0).normal(scale=0.7, size=(N_WORDS, D))


@pytest.mark.parametrize("name", CASES)
def test_the_explicit_tied_gradient_matches_finite_differences(vectors, name):
    c, o, neg = CASES[name]
    result = gradcheck(lambda W: tied_neg_sampling_loss_and_gradient(W, c, o, np.array(neg)), vectors.copy())
    assert result.max_rel_error < 1e-7, f"{name}: {result}"


@pytest.mark.parametrize("name", CASES)
def test_dropping_the_factor_two_is_wrong_exactly_when_the_center_plays_two_parts(vectors, name):
    c, o, neg = CASES[name]
    exact = tied_neg_sampling_loss_and_gradient(vectors, c, o, np.array(neg))[1]
    without = tied_neg_sampling_loss_and_gradient(vectors, c, o, np.array(neg), collision_factor=False)[1]
    collides = o == c or c in neg
    assert np.allclose(exact, without) != collides
    if collides:  # only the center's row differs
        assert np.flatnonzero(np.any(~np.isclose(exact, without), axis=1)).tolist() == [c]


def test_the_factor_is_two_when_the_outside_word_is_the_center(vectors):
    c, neg = 3, np.array([0, 5, 6])
    without = tied_neg_sampling_loss_and_gradient(vectors, c, c, neg, collision_factor=False)[1]
    exact = tied_neg_sampling_loss_and_gradient(vectors, c, c, neg)[1]
    s = vectors[c] @ vectors[c]
    positive_term = (1 / (1 + np.exp(-s)) - 1) * vectors[c]          # (σ(u_c^T u_c) − 1) u_c, written by hand
    assert np.allclose(exact[c] - without[c], positive_term)          # the second copy of the term: C = 2


def test_the_chain_rule_window_gradient_equals_the_sum_of_explicit_pair_gradients(vectors):
    word2ind = {w: i for i, w in enumerate("abcdefg")}
    window, center = ["b", "d", "d", "c"], "d"                        # the center word in its own window, twice
    negatives = {1: [4, 3, 0], 3: [3, 6, 6], 2: [5, 1, 2]}

    def fixed_negatives(center_vec, outside_idx, outside_vectors):
        return neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, np.array(negatives[outside_idx]))

    loss, grad = tied_skipgram(center, window, word2ind, vectors, fixed_negatives)
    pairs = [tied_neg_sampling_loss_and_gradient(vectors, 3, word2ind[w], np.array(negatives[word2ind[w]]))
             for w in window]
    assert np.isclose(loss, sum(p[0] for p in pairs))
    assert np.allclose(grad, sum(p[1] for p in pairs))


def test_the_chain_rule_window_gradient_passes_gradcheck_with_the_naive_softmax(vectors):
    word2ind = {w: i for i, w in enumerate("abcdefg")}
    result = gradcheck(lambda W: tied_skipgram("c", ["a", "c", "e"], word2ind, W, naive_softmax_loss_and_gradient),
                       vectors.copy())
    assert result.max_rel_error < 1e-7, str(result)


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(collision_factor="yes"), "collision_factor"),
    (dict(center_idx=N_WORDS), "center_idx"),
    (dict(neg_indices=np.array([], dtype=int)), "neg_indices"),
])
def test_bad_arguments_name_themselves(vectors, kwargs, fragment):
    arguments = dict(vectors=vectors, center_idx=0, outside_idx=1, neg_indices=np.array([2, 3])) | kwargs
    with pytest.raises(ValueError, match=fragment):
        tied_neg_sampling_loss_and_gradient(**arguments)
