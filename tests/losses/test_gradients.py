"""Every gradient of the core math against centred finite differences, and against a plain loop."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from w2vlib import (NegativeSampler, gradcheck, make_neg_sampling_loss, naive_softmax_loss_and_gradient,
                    neg_sampling_loss_and_gradient, skipgram, softmax)

TOL = 1e-6
shapes = st.tuples(st.integers(2, 12), st.integers(1, 6), st.integers(0, 2**31 - 1))  # n_words, d, seed


def random_problem(n_words, d, seed):
    rng = np.random.default_rng(seed)
    return rng, rng.normal(size=d), rng.normal(size=(n_words, d)), int(rng.integers(n_words))


@given(shapes)
def test_naive_softmax_gradients_pass_gradcheck(shape):
    rng, center_vec, outside_vectors, outside_idx = random_problem(*shape)
    by_center = gradcheck(lambda v: naive_softmax_loss_and_gradient(v, outside_idx, outside_vectors)[:2], center_vec)
    by_outside = gradcheck(lambda u: naive_softmax_loss_and_gradient(center_vec, outside_idx, u)[::2], outside_vectors)
    assert by_center.max_rel_error <= TOL, str(by_center)
    assert by_outside.max_rel_error <= TOL, str(by_outside)


@given(shapes, st.integers(1, 8))
def test_neg_sampling_gradients_pass_gradcheck_with_repeats_and_the_outside_word(shape, n_negatives):
    rng, center_vec, outside_vectors, outside_idx = random_problem(*shape)
    neg_indices = rng.integers(outside_vectors.shape[0], size=n_negatives)
    neg_indices[0] = outside_idx                          # the outside word among the negatives
    neg_indices = np.concatenate([neg_indices, neg_indices[:2]])  # and some negatives drawn twice
    f_center = lambda v: neg_sampling_loss_and_gradient(v, outside_idx, outside_vectors, neg_indices)[:2]
    f_outside = lambda u: neg_sampling_loss_and_gradient(center_vec, outside_idx, u, neg_indices)[::2]
    assert gradcheck(f_center, center_vec).max_rel_error <= TOL
    assert gradcheck(f_outside, outside_vectors).max_rel_error <= TOL


def loop_naive_softmax(center_vec, outside_idx, outside_vectors):
    """The same quantities computed one word at a time, straight from the handout's formulas."""
    n_words = outside_vectors.shape[0]
    scores = [outside_vectors[w] @ center_vec for w in range(n_words)]
    y_hat = [np.exp(s) / sum(np.exp(t) for t in scores) for s in scores]
    loss = -np.log(y_hat[outside_idx])
    grad_center = -outside_vectors[outside_idx] + sum(y_hat[w] * outside_vectors[w] for w in range(n_words))
    grad_outside = np.zeros_like(outside_vectors)
    for w in range(n_words):
        grad_outside[w] = (y_hat[w] - (1.0 if w == outside_idx else 0.0)) * center_vec
    return loss, grad_center, grad_outside


def loop_neg_sampling(center_vec, outside_idx, outside_vectors, neg_indices):
    sig = lambda x: 1 / (1 + np.exp(-x))
    u_o = outside_vectors[outside_idx]
    loss = -np.log(sig(u_o @ center_vec))
    grad_center = (sig(u_o @ center_vec) - 1) * u_o
    grad_outside = np.zeros_like(outside_vectors)
    grad_outside[outside_idx] += (sig(u_o @ center_vec) - 1) * center_vec
    for k in neg_indices:  # one term per draw: a word drawn twice contributes twice
        u_k = outside_vectors[k]
        loss -= np.log(sig(-u_k @ center_vec))
        grad_center = grad_center + sig(u_k @ center_vec) * u_k
        grad_outside[k] += sig(u_k @ center_vec) * center_vec
    return loss, grad_center, grad_outside


@given(shapes)
def test_vectorised_naive_softmax_equals_the_per_word_loop(shape):
    rng, center_vec, outside_vectors, outside_idx = random_problem(*shape)
    for got, want in zip(naive_softmax_loss_and_gradient(center_vec, outside_idx, outside_vectors),
                         loop_naive_softmax(center_vec, outside_idx, outside_vectors)):
        assert np.allclose(got, want, rtol=1e-10, atol=1e-12)


@given(shapes, st.integers(1, 10))
def test_vectorised_neg_sampling_equals_the_per_word_loop(shape, n_negatives):
    rng, center_vec, outside_vectors, outside_idx = random_problem(*shape)
    neg_indices = rng.integers(outside_vectors.shape[0], size=n_negatives)
    for got, want in zip(neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg_indices),
                         loop_neg_sampling(center_vec, outside_idx, outside_vectors, neg_indices)):
        assert np.allclose(got, want, rtol=1e-10, atol=1e-12)


def test_a_negative_drawn_twice_counts_twice(rng):
    center_vec, outside_vectors = rng.normal(size=3), rng.normal(size=(5, 3))
    once = neg_sampling_loss_and_gradient(center_vec, 0, outside_vectors, np.array([2]))
    twice = neg_sampling_loss_and_gradient(center_vec, 0, outside_vectors, np.array([2, 2]))
    assert np.allclose(twice[2][2], 2 * once[2][2])
    assert twice[0] > once[0]


def test_naive_softmax_loss_is_the_cross_entropy(rng):
    center_vec, outside_vectors = rng.normal(size=4), rng.normal(size=(6, 4))
    y_hat = softmax(outside_vectors @ center_vec)
    y = np.eye(6)[3]
    loss = naive_softmax_loss_and_gradient(center_vec, 3, outside_vectors)[0]
    assert loss == pytest.approx(-np.sum(y * np.log(y_hat)), rel=1e-12)


def window_problem(n_words, d, seed):
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(n_words)]
    word2ind = {w: i for i, w in enumerate(words)}
    window_words = [words[i] for i in rng.integers(n_words, size=int(rng.integers(1, 5)))]
    return rng, words[int(rng.integers(n_words))], window_words, word2ind, rng.normal(size=(n_words, d)), rng.normal(size=(n_words, d))


def fixed_seed_neg_loss(counts, seed):
    """Negative sampling with the same draws on every call, so finite differences compare like with like."""
    def loss_fn(center_vec, outside_idx, outside_vectors):
        return make_neg_sampling_loss(NegativeSampler(counts, seed=seed + outside_idx), 5)(center_vec, outside_idx, outside_vectors)
    return loss_fn


@pytest.mark.parametrize("loss_name", ["naive_softmax", "neg_sampling"])
@given(shape=shapes)
def test_skipgram_window_gradients_pass_gradcheck(loss_name, shape):
    rng, center, window_words, word2ind, center_vectors, outside_vectors = window_problem(*shape)
    if loss_name == "naive_softmax":
        loss_fn = naive_softmax_loss_and_gradient
    else:
        loss_fn = fixed_seed_neg_loss(np.ones(len(word2ind)), shape[2] % 1000)
    f_center = lambda v: skipgram(center, window_words, word2ind, v, outside_vectors, loss_fn)[:2]
    f_outside = lambda u: skipgram(center, window_words, word2ind, center_vectors, u, loss_fn)[::2]
    assert gradcheck(f_center, center_vectors).max_rel_error <= TOL
    assert gradcheck(f_outside, outside_vectors).max_rel_error <= TOL


@given(shapes)
def test_skipgram_is_the_sum_over_the_window_and_only_row_c_of_V_moves(shape):
    rng, center, window_words, word2ind, center_vectors, outside_vectors = window_problem(*shape)
    loss, grad_center_vectors, grad_outside_vectors = skipgram(
        center, window_words, word2ind, center_vectors, outside_vectors, naive_softmax_loss_and_gradient)
    c = word2ind[center]
    pairs = [naive_softmax_loss_and_gradient(center_vectors[c], word2ind[w], outside_vectors) for w in window_words]
    assert loss == pytest.approx(sum(p[0] for p in pairs), rel=1e-12)
    assert np.allclose(grad_center_vectors[c], sum(p[1] for p in pairs))
    assert np.allclose(grad_outside_vectors, sum(p[2] for p in pairs))
    others = np.delete(grad_center_vectors, c, axis=0)
    assert not others.any()


def test_gradcheck_finds_a_wrong_gradient_and_where(rng):
    x = rng.normal(size=(3, 2))
    def wrong(x):
        grad = 2 * x
        grad[1, 0] *= -1  # one entry with its sign flipped
        return float(np.sum(x ** 2)), grad
    result = gradcheck(wrong, x.copy())
    assert result.index == (1, 0)
    assert result.max_rel_error > 0.5 and not result.passed()
    right = gradcheck(lambda x: (float(np.sum(x ** 2)), 2 * x), x.copy())
    assert right.passed(1e-8)


def test_gradcheck_restores_x_and_rejects_float32(rng):
    x = rng.normal(size=4)
    before = x.copy()
    gradcheck(lambda x: (float(x @ x), 2 * x), x)
    assert np.array_equal(x, before)
    with pytest.raises(ValueError, match="float64"):
        gradcheck(lambda x: (float(x @ x), 2 * x), x.astype(np.float32))
    with pytest.raises(ValueError, match="shape"):
        gradcheck(lambda x: (float(x @ x), np.zeros(3)), x)
