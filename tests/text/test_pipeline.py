"""The steps between a corpus and a minibatch: vocabulary, sub-sampling, negative table, dynamic window, scatter-add."""
import pickle
from collections import Counter

import numpy as np
import pytest

from w2vlib import NegativeSampler
from w2vlib.training import scatter_add
from w2vlib.text.corpora import Corpus
from w2vlib.text.dynamic_window import draw_reduced_windows, expected_pair_count, window_pairs
from w2vlib.text.negative_table import NegativeTable
from w2vlib.training.scatter_add import scatter_add_rows
from w2vlib.text.subsampling import keep_probabilities, subsample
from w2vlib.text.vocabulary import build_vocabulary

SENTENCES = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat"], ["a", "cat", "and", "a", "dog"],
             ["the", "end"], ["rare"]]


# ----- vocabulary ---------------------------------------------------------------------------------------------
def test_min_count_and_max_vocab_keep_the_most_frequent_words():
    corpus = Corpus.from_sentences(SENTENCES)
    counts = Counter(w for s in SENTENCES for w in s)
    vocab = build_vocabulary(corpus, min_count=2)
    assert set(vocab.index_to_key) == {w for w, c in counts.items() if c >= 2}
    assert vocab.counts.tolist() == [counts[w] for w in vocab.index_to_key]
    assert vocab.counts.tolist() == sorted(vocab.counts.tolist(), reverse=True)
    assert all(vocab.key_to_index[w] == i for i, w in enumerate(vocab.index_to_key))
    assert build_vocabulary(corpus, min_count=2, max_vocab=2).index_to_key == vocab.index_to_key[:2]
    assert len(build_vocabulary(corpus, min_count=1)) == len(counts)
    with pytest.raises(KeyError, match="Close matches: cat"):
        vocab.get_index("cats")


@pytest.mark.parametrize("kwargs, message", [({"min_count": 0}, "min_count"), ({"min_count": 99}, "min_count=99"),
                                             ({"max_vocab": 0}, "max_vocab"), ({"min_count": 2.5}, "min_count")])
def test_bad_vocabulary_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        build_vocabulary(Corpus.from_sentences(SENTENCES), **kwargs)


def test_encode_deletes_rare_words_and_moves_the_sentence_bounds():
    corpus = Corpus.from_sentences(SENTENCES)
    vocab = build_vocabulary(corpus, min_count=2)
    ids, bounds = vocab.encode(corpus)
    expected = [[w for w in s if w in vocab] for s in SENTENCES]
    got = [[vocab.index_to_key[i] for i in ids[a:b]] for a, b in zip(bounds[:-1], bounds[1:])]
    assert got == expected  # "rare" (count 1) leaves an empty last sentence
    assert ids.dtype == np.int32 and bounds.dtype == np.int64


# ----- sub-sampling -------------------------------------------------------------------------------------------
def test_keep_probabilities_match_gensims_sample_ints():
    """gensim stores P_keep(w) · 2^32 per word; ours must agree to within rounding."""
    from gensim.models import Word2Vec

    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(200)]
    zipf = 1.0 / np.arange(1, 201)
    sentences = [rng.choice(words, size=20, p=zipf / zipf.sum()).tolist() for _ in range(500)]
    model = Word2Vec(vector_size=4, min_count=1, sample=1e-3, workers=1)
    model.build_vocab(sentences)
    corpus = Corpus.from_sentences(sentences)
    vocab = build_vocabulary(corpus, min_count=1)
    ours = keep_probabilities(vocab.counts, 1e-3)
    theirs = np.array([model.wv.get_vecattr(w, "sample_int") for w in vocab.index_to_key]) / 2 ** 32
    assert np.allclose(ours, theirs, atol=1e-9)
    assert ours[0] < 0.5 and ours[-1] == 1.0  # the most frequent word is thinned, the rarest kept


def test_keep_probability_limits():
    counts = np.array([10**6, 10**4, 100, 1])
    p = keep_probabilities(counts, 1e-3)
    f = counts / counts.sum()
    assert np.all((0 < p) & (p <= 1))
    assert p[0] == pytest.approx(np.sqrt(1e-3 / f[0]), rel=0.05)  # f ≫ s: about sqrt(s/f)
    assert np.all(p[f <= 2.6e-3] == 1.0)                          # f ≤ φ² s: always kept
    assert np.all(keep_probabilities(counts, 0) == 1.0)
    with pytest.raises(ValueError, match="sample"):
        keep_probabilities(counts, -1e-3)


def test_subsampling_keeps_the_expected_share_within_binomial_noise():
    rng = np.random.default_rng(5)
    counts = np.array([200_000, 50_000, 5_000, 500])
    word_ids = rng.permutation(np.repeat(np.arange(4), counts)).astype(np.int32)
    bounds = np.append(np.arange(0, word_ids.size, 1000), word_ids.size).astype(np.int64)
    p = keep_probabilities(counts, 1e-3)
    kept_ids, kept_bounds = subsample(word_ids, bounds, p, np.random.default_rng(1))
    kept = np.bincount(kept_ids, minlength=4)
    sd = np.sqrt(counts * p * (1 - p))
    assert np.all(np.abs(kept - counts * p) <= 4 * sd + 1e-9), (kept, counts * p, sd)
    assert kept[3] == counts[3]  # a rare word is never dropped
    # the moved bounds cut the kept words where the original sentences ended
    assert kept_bounds[0] == 0 and kept_bounds[-1] == kept_ids.size and np.all(np.diff(kept_bounds) >= 0)
    for i in (0, 17, len(bounds) - 2):
        original = word_ids[bounds[i]:bounds[i + 1]]
        piece = kept_ids[kept_bounds[i]:kept_bounds[i + 1]]
        assert np.all(np.bincount(piece, minlength=4) <= np.bincount(original, minlength=4))


# ----- negative table -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("power", [0.0, 0.75, 1.0])
def test_negative_table_matches_unigram_to_the_power_alpha(power):
    counts = np.array([5000, 1200, 300, 77, 10, 5, 5, 1])
    table = NegativeTable(counts, power=power, table_size=100_003)
    exact = counts ** power / np.sum(counts ** power)
    assert np.allclose(table.probabilities, NegativeSampler(counts, power=power).probabilities)
    assert np.allclose(table.probabilities, exact)
    assert len(table) == 100_003 and table.table.dtype == np.int32
    assert np.max(np.abs(table.table_probabilities() - exact)) <= 1 / len(table)
    n = 400_000
    draws = table.draw(np.random.default_rng(2), (n // 4, 4))
    assert draws.shape == (n // 4, 4)
    freq = np.bincount(draws.ravel(), minlength=len(counts)) / n
    assert np.all(np.abs(freq - exact) <= 5 * np.sqrt(exact * (1 - exact) / n) + 1 / len(table))


@pytest.mark.parametrize("table_size, n_words", [(100_003, 8), (1_000_000, 3_000), (10, 10), (65, 2)])
def test_negative_draws_are_exactly_the_table_entries_at_uniform_positions(table_size, n_words):
    # draw() reads most entries from its 64-entry buckets instead of the table: the draws must still be the table
    # entries at the positions rng.integers gives, whether a bucket holds one word, several, or is the short last one
    counts = np.random.default_rng(0).zipf(1.3, size=n_words).clip(max=10**6)
    table = NegativeTable(counts, table_size=table_size)
    shared = NegativeTable.from_table(table.table.copy(), table.probabilities, 0.75)
    positions = np.random.default_rng(5).integers(0, table_size, size=(3_000, 6))
    for negatives in (table, shared):
        draws = negatives.draw(np.random.default_rng(5), (3_000, 6))
        assert draws.dtype == np.int32 and draws.shape == (3_000, 6)
        assert np.array_equal(draws, table.table[positions])
    assert np.array_equal(NegativeTable(counts, table_size=table_size).draw(np.random.default_rng(5), 7),
                          table.table[np.random.default_rng(5).integers(0, table_size, size=7)])


def test_a_pickled_negative_table_is_small_and_draws_the_same_negatives():
    counts = np.random.default_rng(0).zipf(1.3, size=5_000).clip(max=10**6)
    table = NegativeTable(counts, table_size=2_000_000)
    unsorted = NegativeTable.from_table(np.random.default_rng(1).permutation(table.table), table.probabilities, 0.75)
    for original, at_most in ((table, 200_000), (unsorted, 10**9)):
        data = pickle.dumps(original)
        copy = pickle.loads(data)
        assert len(data) < at_most      # 8 MB as a table, ~80 KB as entries per word
        assert np.array_equal(copy.table, original.table) and copy.table.dtype == np.int32
        assert np.array_equal(copy.probabilities, original.probabilities) and copy.power == original.power
        assert np.array_equal(copy.draw(np.random.default_rng(2), 1000), original.draw(np.random.default_rng(2), 1000))


def test_every_word_gets_a_table_entry_and_bad_sizes_are_refused():
    counts = np.array([10**9, 1, 1])
    table = NegativeTable(counts, power=1.0, table_size=1000)
    assert set(np.unique(table.table)) == {0, 1, 2}
    with pytest.raises(ValueError, match="table_size"):
        NegativeTable(counts, table_size=2)
    with pytest.raises(ValueError, match="power"):
        NegativeTable(counts, power=-1)


# ----- dynamic window -----------------------------------------------------------------------------------------
def brute_force_pairs(bounds, reduced, m):
    pairs = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        for t in range(a, b):
            for j in range(-m, m + 1):
                if j and abs(j) <= reduced[t] and a <= t + j < b:
                    pairs.append((t, t + j))
    return pairs


def test_window_pairs_equal_brute_force_and_respect_sentence_bounds():
    rng = np.random.default_rng(3)
    bounds = np.array([0, 1, 1, 7, 20, 21, 40], dtype=np.int64)  # incl. an empty and one-word sentences
    m = 4
    reduced = draw_reduced_windows(40, m, rng)
    centers, outside = window_pairs(0, 40, reduced, bounds, m)
    assert list(zip(centers.tolist(), outside.tolist())) == brute_force_pairs(bounds, reduced, m)
    # a block in the middle gives the pairs of its own centers
    centers, outside = window_pairs(9, 25, reduced, bounds, m)
    assert list(zip(centers.tolist(), outside.tolist())) == [p for p in brute_force_pairs(bounds, reduced, m)
                                                             if 9 <= p[0] < 25]


def test_reduced_windows_are_uniform_on_1_to_m():
    m, n = 5, 100_000
    b = draw_reduced_windows(n, m, np.random.default_rng(4))
    assert b.min() == 1 and b.max() == m
    freq = np.bincount(b, minlength=m + 1)[1:] / n
    assert np.all(np.abs(freq - 1 / m) <= 5 * np.sqrt((1 / m) * (1 - 1 / m) / n))


@pytest.mark.parametrize("length, m", [(1, 3), (2, 5), (7, 3), (30, 5)])
def test_pair_count_matches_its_expectation_for_a_known_sentence_length(length, m):
    # exact expectation and variance by enumerating every b_t in 1..m, position by position
    mean = var = 0.0
    for t in range(length):
        per_b = [min(b, t) + min(b, length - 1 - t) for b in range(1, m + 1)]
        mean += np.mean(per_b)
        var += np.var(per_b)
    assert expected_pair_count(length, m) == pytest.approx(mean)
    n_sentences = 2000
    bounds = np.arange(0, length * n_sentences + 1, length, dtype=np.int64)
    reduced = draw_reduced_windows(length * n_sentences, m, np.random.default_rng(length))
    centers, _ = window_pairs(0, length * n_sentences, reduced, bounds, m)
    assert abs(centers.size - n_sentences * mean) <= 5 * np.sqrt(n_sentences * var) + 1e-9


# ----- scatter-add --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fast", [True, False])
def test_scatter_add_rows_sums_repeated_rows_like_np_add_at(fast, monkeypatch):
    if not fast:
        monkeypatch.setattr(scatter_add, "_kernel", False)  # the np.add.at fallback
    rng = np.random.default_rng(6)
    target = rng.standard_normal((50, 8)).astype(np.float32)
    rows = rng.integers(0, 5, size=(300, 6)).astype(np.int32)  # only 5 distinct rows: many repeats
    coefs = rng.standard_normal((300, 6)).astype(np.float32)
    sources = rng.standard_normal((300, 8)).astype(np.float32)
    expected = target.astype(np.float64)
    for p in range(300):
        for j in range(6):
            expected[rows[p, j]] += coefs[p, j] * sources[p]
    scatter_add_rows(target, rows, coefs, sources)
    assert np.allclose(target, expected, atol=1e-4)
    if fast:
        assert scatter_add._kernel, "SciPy's in-place kernel should pass its self-check on this SciPy"
