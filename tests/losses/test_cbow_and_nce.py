"""CBOW's gradients (the 1/n share, repeated context words), NCE against negative sampling, the planted pair model."""
import numpy as np
import pytest

from w2vlib import (NegativeSampler, gradcheck, make_neg_sampling_loss, naive_softmax_loss_and_gradient,
                    neg_sampling_loss_and_gradient, planted_corpus)
from w2vlib.text.cooccurrence import pair_counts
from w2vlib.losses.cbow import cbow, cbow_loss_and_gradient, context_vector
from w2vlib.losses.hierarchical_softmax import make_hs_loss
from w2vlib.losses.nce import nce_log_correction, nce_loss_and_gradient, noise_contrastive_loss_and_gradient
from w2vlib.text.huffman_tree import build_huffman_tree
from w2vlib.text.planted_pairs import planted_pair_distribution

N_WORDS, D = 7, 4


def fixed_negatives(neg_indices):
    return lambda v, o, U: neg_sampling_loss_and_gradient(v, o, U, np.array(neg_indices))


LOSSES = {"naive softmax": naive_softmax_loss_and_gradient, "negative sampling": fixed_negatives([3, 3, 6]),
          "hierarchical softmax": make_hs_loss(build_huffman_tree([9, 7, 5, 4, 2, 1, 1]))}


@pytest.mark.parametrize("combine", ["mean", "sum"])
@pytest.mark.parametrize("loss", list(LOSSES))
def test_cbow_gradients_pass_gradcheck_with_a_repeated_context_word(loss, combine):
    rng = np.random.default_rng(3)
    V, U = rng.normal(size=(N_WORDS, D)), rng.normal(size=(N_WORDS, D))
    context = np.array([1, 4, 4, 5])                                      # word 4 fills two slots
    fn = LOSSES[loss]
    in_V = gradcheck(lambda X: cbow_loss_and_gradient(context, 0, X, U, fn, combine)[:2], V.copy())
    in_U = gradcheck(lambda X: cbow_loss_and_gradient(context, 0, V, X, fn, combine)[::2], U.copy())
    assert in_V.max_rel_error <= 1e-6 and in_U.max_rel_error <= 1e-6
    grad_V = cbow_loss_and_gradient(context, 0, V, U, fn, combine)[1]
    assert set(np.flatnonzero(np.any(grad_V != 0, axis=1))) == {1, 4, 5}
    assert np.allclose(grad_V[4], 2 * grad_V[1])                          # two slots: twice the share


def test_the_share_is_one_over_n_of_the_gradient_in_v_hat():
    rng = np.random.default_rng(4)
    V, U = rng.normal(size=(N_WORDS, D)), rng.normal(size=(N_WORDS, D))
    context = np.array([2, 3, 5, 6])
    v_hat = V[context].mean(axis=0)
    assert np.allclose(context_vector(V, context), v_hat)
    grad_v_hat = naive_softmax_loss_and_gradient(v_hat, 1, U)[1]
    grad_V = cbow_loss_and_gradient(context, 1, V, U, naive_softmax_loss_and_gradient)[1]
    assert np.allclose(grad_V[context], grad_v_hat / 4)


def test_a_one_word_context_is_the_skipgram_pair_turned_around():
    rng = np.random.default_rng(5)
    V, U = rng.normal(size=(N_WORDS, D)), rng.normal(size=(N_WORDS, D))
    loss, grad_V, grad_U = cbow_loss_and_gradient(np.array([2]), 5, V, U, naive_softmax_loss_and_gradient)
    pair_loss, grad_v, pair_grad_U = naive_softmax_loss_and_gradient(V[2], 5, U)
    assert loss == pytest.approx(pair_loss) and np.allclose(grad_V[2], grad_v) and np.allclose(grad_U, pair_grad_U)


def test_cbow_with_words_and_a_sampled_loss_excludes_the_center_word_from_the_negatives():
    word2ind = {w: i for i, w in enumerate("abcdefg")}
    sampler = NegativeSampler(np.ones(N_WORDS), seed=0)
    seen = []
    loss_fn = make_neg_sampling_loss(sampler, 50)

    def spy(v, o, U):
        seen.append(o)
        return loss_fn(v, o, U)

    rng = np.random.default_rng(6)
    cbow("c", ["a", "b", "d", "e"], word2ind, rng.normal(size=(N_WORDS, D)), rng.normal(size=(N_WORDS, D)), spy)
    assert seen == [2]                                                     # c is the word to predict


@pytest.mark.parametrize("call, fragment", [
    (lambda V, U: cbow_loss_and_gradient(np.array([], int), 0, V, U, naive_softmax_loss_and_gradient), "empty"),
    (lambda V, U: cbow_loss_and_gradient(np.array([9]), 0, V, U, naive_softmax_loss_and_gradient), "out of range"),
    (lambda V, U: context_vector(V, np.array([1]), combine="max"), "combine"),
    (lambda V, U: cbow("a", "b", {"a": 0, "b": 1}, V, U, naive_softmax_loss_and_gradient), "list"),
])
def test_bad_cbow_input_is_refused_with_a_sentence(call, fragment):
    with pytest.raises(ValueError, match=fragment):
        call(np.ones((3, 2)), np.ones((3, 2)))


# ----- NCE ----------------------------------------------------------------------------------------------------------
def test_negative_sampling_is_nce_with_k_times_pn_equal_to_one():
    rng = np.random.default_rng(8)
    center_vec, U = rng.normal(size=D), rng.normal(size=(N_WORDS, D))
    negatives = np.array([1, 1, 4, 6, 0, 2, 3])                          # K = 7 = |Vocab|
    uniform = np.full(N_WORDS, 1 / N_WORDS)                               # so K P_n(w) = 1 for every word
    nce = nce_loss_and_gradient(center_vec, 5, U, negatives, uniform)
    ns = neg_sampling_loss_and_gradient(center_vec, 5, U, negatives)
    assert nce[0] == pytest.approx(ns[0], rel=1e-14)
    assert np.allclose(nce[1], ns[1], rtol=1e-14) and np.allclose(nce[2], ns[2], rtol=1e-14)
    shifted = noise_contrastive_loss_and_gradient(center_vec, 5, U, negatives[:3], np.full(N_WORDS, 0.7))
    assert shifted[0] != pytest.approx(neg_sampling_loss_and_gradient(center_vec, 5, U, negatives[:3])[0])


def test_nce_gradients_pass_gradcheck():
    rng = np.random.default_rng(9)
    center_vec, U = rng.normal(size=D), rng.normal(size=(N_WORDS, D))
    noise = rng.dirichlet(np.ones(N_WORDS))
    negatives = np.array([2, 2, 5])
    assert gradcheck(lambda v: nce_loss_and_gradient(v, 1, U, negatives, noise)[:2], center_vec.copy()).passed()
    assert gradcheck(lambda X: nce_loss_and_gradient(center_vec, 1, X, negatives, noise)[::2], U.copy()).passed()


def _expected_loss_and_gradient(scores, p_data, p_noise, log_correction):
    """E over o ~ p_data and one noise word w ~ p_noise of the K = 1 loss, with s_w = scores[w] (U = identity)."""
    U = np.eye(len(scores))
    loss, grad = 0.0, np.zeros_like(scores)
    for o, p_o in enumerate(p_data):
        for w, p_w in enumerate(p_noise):
            pair_loss, pair_grad, _ = noise_contrastive_loss_and_gradient(scores, o, U, np.array([w]), log_correction)
            loss, grad = loss + p_o * p_w * pair_loss, grad + p_o * p_w * pair_grad
    return loss, grad


def test_the_best_scores_are_log_probabilities_for_nce_and_shifted_pmi_for_negative_sampling():
    from scipy.optimize import minimize

    p_data, p_noise = np.array([0.5, 0.25, 0.15, 0.1]), np.array([0.1, 0.2, 0.3, 0.4])
    for name, correction, best in [("nce", nce_log_correction(p_noise, 1), np.log(p_data)),
                                   ("ns", np.zeros(4), np.log(p_data / p_noise))]:
        found = minimize(_expected_loss_and_gradient, np.zeros(4), args=(p_data, p_noise, correction), jac=True,
                         method="BFGS", options={"gtol": 1e-10})
        assert np.allclose(found.x, best, atol=1e-5), name


def test_the_noise_distribution_must_be_one():
    with pytest.raises(ValueError, match="summing to 1"):
        nce_log_correction(np.array([3.0, 1.0]), 2)
    with pytest.raises(ValueError, match="summing to 1"):
        nce_log_correction(np.array([1.0, 0.0]), 2)


# ----- the planted pair model ---------------------------------------------------------------------------------------
def test_the_planted_distribution_matches_a_long_planted_corpus():
    planted = planted_pair_distribution(window=2)
    assert planted.joint.sum() == pytest.approx(1.0) and np.allclose(planted.joint, planted.joint.T)
    assert np.allclose(planted.conditional().sum(axis=1), 1.0)
    corpus = planted_corpus(20_000, seed=11)
    assert set(planted.words) == {w for s in corpus.sentences for w in s}
    counts = pair_counts(corpus.sentences, {w: i for i, w in enumerate(planted.words)}, window=2)
    empirical = counts / counts.sum()
    frequent = planted.joint > 1e-3
    assert np.all(np.abs(empirical[frequent] / planted.joint[frequent] - 1) < 0.15)
    assert empirical[planted.joint == 0].sum() == 0


def test_trained_on_pairs_nce_learns_log_probabilities_and_negative_sampling_the_shifted_pmi():
    from w2vlib import noise_distribution
    from w2vlib.training.pair_distribution_sgd import train_on_pair_distribution

    rng = np.random.default_rng(12)
    joint = rng.dirichlet(np.ones(36)).reshape(6, 6)                  # every pair occurs
    noise = noise_distribution(joint.sum(axis=0), 0.75)
    log_p = np.log(joint / joint.sum(axis=1, keepdims=True))
    shifted = log_p - nce_log_correction(noise, 3)[None, :]
    nce = train_on_pair_distribution(joint, noise, "nce", n_negatives=3, dim=8, steps=800, batch_size=64,
                                     step_size=0.03).scores
    ns = train_on_pair_distribution(joint, noise, "neg_sampling", n_negatives=3, dim=8, steps=800, batch_size=64,
                                    step_size=0.03).scores
    assert np.abs(nce - log_p).mean() < 0.2 < 0.5 < np.abs(nce - shifted).mean()
    assert np.abs(ns - shifted).mean() < 0.2 < 0.5 < np.abs(ns - log_p).mean()
    assert abs(np.log(np.exp(nce).sum(axis=1)).mean()) < 0.1          # NCE's model is (nearly) normalised


def test_training_on_pairs_refuses_bad_distributions():
    from w2vlib.training.pair_distribution_sgd import train_on_pair_distribution

    with pytest.raises(ValueError, match="objective"):
        train_on_pair_distribution(np.full((2, 2), 0.25), np.full(2, 0.5), "softmax")
    with pytest.raises(ValueError, match="summing to 1"):
        train_on_pair_distribution(np.ones((2, 2)), np.full(2, 0.5), "nce")
    with pytest.raises(ValueError, match="noise_probabilities"):
        train_on_pair_distribution(np.full((2, 2), 0.25), np.full(3, 1 / 3), "nce")
