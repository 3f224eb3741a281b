"""Count vectors (notebook 10): PMI and its shifts against hand-computed values, sparse against dense, the SGNS
optimum, truncated SVD; and the weighted co-occurrence counts against a brute-force count of the trainer's windows."""
import math

import numpy as np
import pytest
from scipy import sparse

from w2vlib import Corpus, build_vocabulary
from w2vlib.text.cooccurrence import pair_counts
from w2vlib.text.dynamic_window import window_pairs
from w2vlib.text.subsampling import keep_probabilities, subsample
from w2vlib.text.weighted_cooccurrence import (sparse_megabytes, training_cooccurrence, weighted_cooccurrence,
                                               window_weights)
from w2vlib.vectors.count_vectors import (context_distribution, pmi, ppmi, sgns_optimal_scores, svd_vectors,
                                          truncated_svd)

# Row sums 5, 4, 3; column sums 5, 4, 3; N = 12. Every value below is worked out by hand from these.
COUNTS = np.array([[4.0, 1.0, 0.0],
                   [1.0, 2.0, 1.0],
                   [0.0, 1.0, 2.0]])
NINF = -math.inf


def test_pmi_of_a_hand_computed_3_by_3_matrix():
    # P(o) = (5/12, 4/12, 3/12); PMI(c, o) = log[n(c, o) / (n(c) P(o))]
    with np.errstate(divide="ignore"):
        expected = np.log(np.array([[48 / 25, 3 / 5, 0.0],
                                    [3 / 5, 3 / 2, 1.0],
                                    [0.0, 1.0, 8 / 3]]))    # log 0 = -inf where n(c, o) = 0
        assert np.allclose(pmi(COUNTS, context_power=1.0), expected)
    assert pmi(COUNTS, context_power=1.0)[0, 2] == NINF


def test_ppmi_shift_and_three_quarter_smoothing_by_hand():
    # SPPMI with K = 2: max(PMI − log 2, 0): (1, 1) gives log(3/2) − log 2 < 0, so 0; (2, 2) gives log(4/3)
    shifted = ppmi(COUNTS, context_power=1.0, n_negatives=2)
    assert shifted[2, 2] == pytest.approx(math.log(4 / 3))
    assert shifted[0, 0] == 0.0 and shifted[1, 1] == 0.0 and shifted[0, 2] == 0.0
    # α = ¾: P_¾(o) = n(o)^¾ / (5^¾ + 4^¾ + 3^¾)
    total = 5 ** 0.75 + 4 ** 0.75 + 3 ** 0.75
    assert pmi(COUNTS, context_power=0.75)[1, 1] == pytest.approx(math.log(2 / (4 * 4 ** 0.75 / total)))
    assert context_distribution(COUNTS, 0.75) == pytest.approx(np.array([5, 4, 3]) ** 0.75 / total)
    # the ¾ power lifts the rarest context's probability (3/12 = 0.25 -> 0.2664), so its PMI falls
    assert pmi(COUNTS, 0.75)[2, 2] < pmi(COUNTS, 1.0)[2, 2]


def test_context_counts_replace_the_column_sums():
    noise_counts = np.array([10.0, 1.0, 1.0])      # P_1 = (10/12, 1/12, 1/12)
    assert pmi(COUNTS, 1.0, context_counts=noise_counts)[0, 0] == pytest.approx(math.log(4 / (5 * 10 / 12)))


def random_counts(seed, shape=(30, 25), density=0.2):
    rng = np.random.default_rng(seed)
    dense = rng.integers(1, 20, size=shape) * (rng.random(shape) < density)
    dense[3] = 0                       # a word never seen as a center
    dense[:, 4] = 0                    # and one never seen as a context
    dense[5, 6] = 7                    # and a word whose only context is one word
    dense[5, np.arange(shape[1]) != 6] = 0
    return dense.astype(float)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sparse_and_dense_agree(seed):
    dense = random_counts(seed)
    as_sparse = sparse.csr_matrix(dense)
    with np.errstate(divide="ignore"):
        pmi_sparse = pmi(as_sparse, 0.75)
        assert sparse.issparse(pmi_sparse) and pmi_sparse.nnz == np.count_nonzero(dense)
        filled = np.full(dense.shape, NINF)
        filled[dense > 0] = pmi_sparse.toarray()[dense > 0]
        assert np.allclose(filled, pmi(dense, 0.75)) and np.array_equal(np.isinf(filled), dense == 0)
        for k in (1, 5):
            assert np.allclose(ppmi(as_sparse, 0.75, k).toarray(), ppmi(dense, 0.75, k))
        noise = np.linspace(1, 2, dense.shape[1]) / np.linspace(1, 2, dense.shape[1]).sum()
        for excluded in (True, False):
            stored = sgns_optimal_scores(as_sparse, noise, 5, excluded).toarray()
            full = sgns_optimal_scores(dense, noise, 5, excluded)
            seen = dense > 0
            assert np.array_equal(stored[seen], full[seen]) or np.allclose(stored[seen], full[seen])


def test_sgns_optimum_with_and_without_the_exclusion_of_o():
    noise = np.array([0.5, 0.3, 0.2])
    # every pair free: s* = log[n(c, o) / (K n(c) P_n(o))]; (1, 1): log[2 / (5 · 4 · 0.3)]
    free = sgns_optimal_scores(COUNTS, noise, 5, outside_excluded=False)
    assert free[1, 1] == pytest.approx(math.log(2 / (5 * 4 * 0.3)))
    # o skipped among its own negatives: only n(c) − n(c, o) = 2 pairs can draw o
    excluded = sgns_optimal_scores(COUNTS, noise, 5, outside_excluded=True)
    assert excluded[1, 1] == pytest.approx(math.log(2 / (5 * 2 * 0.3)))
    assert excluded[0, 2] == NINF and free[0, 2] == NINF
    # a word whose only context is o: nothing pushes the score down
    only = np.array([[0.0, 3.0], [1.0, 1.0]])
    assert sgns_optimal_scores(only, np.array([0.5, 0.5]), 1, True)[0, 1] == math.inf
    assert sgns_optimal_scores(only, np.array([0.5, 0.5]), 1, False)[0, 1] == pytest.approx(math.log(3 / 1.5))


def test_sgns_optimum_when_the_excluded_o_is_drawn_again():
    noise = np.array([0.5, 0.3, 0.2])
    redrawn = sgns_optimal_scores(COUNTS, noise, 5, outside_excluded=True, redrawn=True)
    # (1, 1): the pairs (1, 0) and (1, 2) draw o = 1 with P_n(1)/(1 − P_n(0)) and P_n(1)/(1 − P_n(2)) per draw
    assert redrawn[1, 1] == pytest.approx(math.log(2 / (5 * 0.3 * (1 / 0.5 + 1 / 0.8))))
    assert redrawn[0, 1] == pytest.approx(math.log(1 / (5 * 0.3 * (4 / 0.5))))
    assert redrawn[0, 2] == NINF
    only = np.array([[0.0, 3.0], [1.0, 1.0]])
    assert sgns_optimal_scores(only, np.array([0.5, 0.5]), 1, True, redrawn=True)[0, 1] == math.inf
    as_sparse = sgns_optimal_scores(sparse.csr_matrix(COUNTS), noise, 5, True, redrawn=True)
    assert np.allclose(as_sparse.toarray()[COUNTS > 0], redrawn[COUNTS > 0])


def test_the_redrawn_optimum_counts_the_noise_pairs_the_handout_trainer_draws():
    """n(c, o) e^{-s*} is the expected number of noise pairs (c, o): count them with the trainer's own sampler."""
    from w2vlib.text.negative_exclusion import WindowNegatives
    from w2vlib.text.negative_sampler import NegativeSampler

    noise = np.array([0.5, 0.3, 0.2])
    sampler = NegativeSampler(noise, power=1.0, seed=0)
    negatives = WindowNegatives(sampler, 4, "outside")
    drawn, rounds = np.zeros_like(COUNTS), 400
    for c, o in zip(*np.nonzero(COUNTS)):
        for _ in range(int(COUNTS[c, o]) * rounds):
            np.add.at(drawn[c], negatives.sample(o), 1)
    drawn /= rounds
    seen = COUNTS > 0
    for redrawn, should_match in [(True, True), (False, False)]:
        expected = COUNTS[seen] * np.exp(-sgns_optimal_scores(COUNTS, noise, 4, True, redrawn=redrawn)[seen])
        z = (drawn[seen] - expected) / np.sqrt(expected / rounds)
        assert (np.max(np.abs(z)) < 4.5) == should_match, (redrawn, z)


def test_the_free_optimum_is_the_shifted_smoothed_pmi_with_the_noise_distribution():
    word_counts = np.array([50.0, 20.0, 9.0])
    noise = word_counts ** 0.75 / (word_counts ** 0.75).sum()
    free = sgns_optimal_scores(COUNTS, noise, 5, outside_excluded=False)
    with np.errstate(divide="ignore"):
        shifted = pmi(COUNTS, 0.75, context_counts=word_counts) - math.log(5)
    assert np.allclose(free[COUNTS > 0], shifted[COUNTS > 0])


def test_truncated_svd_recovers_a_low_rank_matrix():
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(40, 3)) @ rng.normal(size=(3, 30))            # rank 3
    left, singular = truncated_svd(matrix, 3, seed=0)
    assert np.allclose(singular, np.linalg.svd(matrix, compute_uv=False)[:3])
    assert np.allclose((left * singular ** 2) @ left.T, matrix @ matrix.T)  # W Σ² Wᵀ = M Mᵀ
    assert np.allclose(svd_vectors(left, singular, 0.0).T @ svd_vectors(left, singular, 0.0), np.eye(3))
    assert np.allclose(np.linalg.norm(svd_vectors(left, singular, 1.0), axis=0), singular)
    assert np.allclose(np.linalg.norm(svd_vectors(left, singular, 0.5), axis=0), np.sqrt(singular))
    sparse_left, sparse_singular = truncated_svd(sparse.csr_matrix(matrix), 3, seed=0)
    assert np.allclose(sparse_singular, singular)


@pytest.mark.parametrize("call, phrase", [
    (lambda: pmi(-COUNTS), "non-negative"),
    (lambda: pmi(np.zeros((2, 2))), "no positive count"),
    (lambda: pmi(np.ones(3)), "2-D"),
    (lambda: pmi([["a", "b"]]), "matrix of numbers"),
    (lambda: pmi(COUNTS, context_power=-1), "context_power"),
    (lambda: pmi(COUNTS, context_counts=np.ones(4)), "context_counts must have shape"),
    (lambda: ppmi(COUNTS, n_negatives=0), "n_negatives"),
    (lambda: sgns_optimal_scores(COUNTS, np.ones(2), 5), "noise_probabilities"),
    (lambda: sgns_optimal_scores(COUNTS, np.ones(3) / 3, 5, outside_excluded=False, redrawn=True), "outside_excluded"),
    (lambda: sgns_optimal_scores(COUNTS, np.array([1.0, 0, 0]), 5, redrawn=True), "carry all of P_n"),
    (lambda: truncated_svd(COUNTS, 4), "at most min(n_words, n_contexts) = 3"),
    (lambda: svd_vectors(np.ones((3, 2)), np.ones(3)), "singular_values"),
    (lambda: window_weights(0), "window (m)"),
    (lambda: window_weights(3, "triangular"), "weighting"),
    (lambda: weighted_cooccurrence(np.array([0, 5]), np.array([0, 2]), 3, 2), "outside 0..n_words"),
    (lambda: weighted_cooccurrence(np.array([0, 1]), np.array([0, 1]), 3, 2), "sentence_bounds"),
])
def test_bad_input_is_a_sentence_naming_the_argument(call, phrase):
    with pytest.raises(ValueError, match=phrase.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        call()


# ----- the weighted co-occurrence counts ---------------------------------------------------------------------

def small_corpus(seed=0, n_words=12, lengths=(9, 1, 14, 6)):
    rng = np.random.default_rng(seed)
    word_ids = rng.integers(0, n_words, size=sum(lengths))
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    return word_ids, bounds, n_words


def test_window_weights_are_the_probability_that_the_drawn_window_reaches_distance_k():
    # b uniform on 1..5 reaches distance k in (5 − k + 1) of the 5 cases
    assert window_weights(5).tolist() == [1.0, 0.8, 0.6, 0.4, 0.2]
    assert window_weights(3, "uniform").tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("window", [1, 3, 5])
def test_dynamic_weighting_equals_the_mean_count_over_every_window_the_trainer_can_draw(window):
    """Brute force: the trainer's own pair list (dynamic_window.window_pairs) for every b = 1..m given to every
    position, counted pair by pair, averaged over b. The b_t are independent, so this is the expected count."""
    word_ids, bounds, n_words = small_corpus()
    brute = np.zeros((n_words, n_words))
    for b in range(1, window + 1):
        centers, outside = window_pairs(0, len(word_ids), np.full(len(word_ids), b, dtype=np.int8), bounds, window)
        np.add.at(brute, (word_ids[centers], word_ids[outside]), 1.0 / window)
    counts = weighted_cooccurrence(word_ids, bounds, n_words, window)
    assert sparse.issparse(counts) and np.allclose(counts.toarray(), brute)


def test_uniform_weighting_equals_notebook_07s_pair_counts():
    word_ids, bounds, n_words = small_corpus(seed=3)
    sentences = [[f"w{i}" for i in word_ids[a:b]] for a, b in zip(bounds[:-1], bounds[1:])]
    word2ind = {f"w{i}": i for i in range(n_words)}
    uniform = weighted_cooccurrence(word_ids, bounds, n_words, 3, weighting="uniform").toarray()
    assert np.array_equal(uniform, pair_counts(sentences, word2ind, 3))


def test_windows_never_cross_a_sentence_and_the_matrix_is_symmetric():
    counts = weighted_cooccurrence(np.array([0, 1, 2, 3]), np.array([0, 2, 4]), 4, 5).toarray()
    assert counts[1, 2] == 0 and counts[0, 1] == 1 and counts[2, 3] == 1
    assert np.array_equal(counts, counts.T)
    assert sparse_megabytes(sparse.csr_matrix(counts)) > 0


def sentences_corpus():
    rng = np.random.default_rng(1)
    words = ["the"] * 40 + ["of"] * 25 + [f"w{i}" for i in range(30)] * 3
    return Corpus.from_sentences([list(rng.choice(words, size=int(rng.integers(5, 30)))) for _ in range(60)])


def test_training_counts_without_sub_sampling_are_one_pass_of_weighted_counts():
    corpus = sentences_corpus()
    vocabulary = build_vocabulary(corpus, min_count=2)
    word_ids, bounds = vocabulary.encode(corpus)
    one_pass = weighted_cooccurrence(word_ids, bounds, len(vocabulary), 4).toarray()
    assert np.allclose(training_cooccurrence(vocabulary, corpus, 4, sample=0, passes=3).toarray(), one_pass)


def test_training_counts_average_sub_sampled_passes_drawn_from_the_seed():
    corpus = sentences_corpus()
    vocabulary = build_vocabulary(corpus, min_count=2)
    word_ids, bounds = vocabulary.encode(corpus)
    keep = keep_probabilities(vocabulary.counts, 0.01)
    rng = np.random.default_rng(7)
    passes = [weighted_cooccurrence(*subsample(word_ids, bounds, keep, rng), len(vocabulary), 3).toarray()
              for _ in range(2)]
    averaged = training_cooccurrence(vocabulary, corpus, 3, sample=0.01, passes=2, seed=7).toarray()
    assert np.allclose(averaged, (passes[0] + passes[1]) / 2)
    assert averaged[0].sum() < weighted_cooccurrence(word_ids, bounds, len(vocabulary), 3).toarray()[0].sum()
