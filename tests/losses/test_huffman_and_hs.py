"""The Huffman tree and the hierarchical softmax: the tree Huffman's rule gives, P(w | c) summing to 1, the gradients."""
import numpy as np
import pytest

from w2vlib import gradcheck
from w2vlib.losses.hierarchical_softmax import hs_loss_and_gradient, hs_probabilities, make_hs_loss
from w2vlib.text.huffman_tree import build_huffman_tree


def test_a_tree_worked_out_by_hand():
    # counts 5, 1, 1, 2: join words 1 and 2 (weight 2) -> inner 0; then word 3 and inner 0 (2 and 2: the older
    # tree, word 3, first) -> inner 1 (weight 4); then inner 1 and word 0 (4 < 5) -> inner 2, the root.
    tree = build_huffman_tree([5, 1, 1, 2])
    assert [p.tolist() for p in tree.paths] == [[2], [2, 1, 0], [2, 1, 0], [2, 1]]
    assert [c.tolist() for c in tree.codes] == [[1], [0, 1, 0], [0, 1, 1], [0, 0]]
    assert tree.n_inner == 3 and tree.depths.tolist() == [1, 3, 3, 2]
    assert tree.signs(1).tolist() == [1.0, -1.0, 1.0]
    assert tree.expected_depth() == pytest.approx((5 * 1 + 1 * 3 + 1 * 3 + 2 * 2) / 9)


@pytest.mark.parametrize("n_words", [2, 3, 17, 300])
def test_codes_form_a_full_prefix_free_tree_with_frequent_words_no_deeper(n_words):
    counts = np.sort(np.random.default_rng(n_words).zipf(1.5, size=n_words))[::-1].astype(float)
    tree = build_huffman_tree(counts)
    codes = ["".join(map(str, c)) for c in tree.codes]
    assert len(set(codes)) == n_words
    assert not any(a != b and b.startswith(a) for a in codes for b in codes)     # prefix-free
    assert sum(2.0 ** -d for d in tree.depths) == pytest.approx(1.0)             # Kraft: the tree is full
    assert all(p[0] == n_words - 2 for p in tree.paths)                           # the root comes first
    assert {int(n) for p in tree.paths for n in p} == set(range(n_words - 1))     # every inner node is used
    more_frequent_but_deeper = (counts[:, None] > counts[None, :]) & (tree.depths[:, None] > tree.depths[None, :])
    assert not more_frequent_but_deeper.any()
    p = counts / counts.sum()
    entropy = -(p * np.log2(p)).sum()
    assert entropy <= tree.expected_depth() < entropy + 1                         # Huffman's bound


def test_expected_depth_equals_gensims_huffman_tree():
    """Huffman trees are optimal, so ours and gensim's must have the same expected depth (the codes may differ)."""
    from gensim.models.keyedvectors import KeyedVectors
    from gensim.models.word2vec import _assign_binary_codes

    counts = np.random.default_rng(7).zipf(1.3, size=200)
    kv = KeyedVectors(4, count=len(counts))
    for i, count in enumerate(counts):
        kv.add_vector(f"w{i}", np.zeros(4))
        kv.set_vecattr(f"w{i}", "count", int(count))
    _assign_binary_codes(kv)
    gensim_depth = sum(len(kv.get_vecattr(f"w{i}", "code")) * c for i, c in enumerate(counts)) / counts.sum()
    assert build_huffman_tree(counts).expected_depth() == pytest.approx(gensim_depth)


def test_one_word_has_an_empty_path_and_bad_counts_are_refused():
    tree = build_huffman_tree([4])
    assert tree.n_inner == 0 and tree.paths[0].size == 0
    assert hs_probabilities(np.ones(3), np.zeros((1, 3)), tree).tolist() == [1.0]
    for bad, fragment in [([1, -2], "non-negative"), ([], "empty"), ([[1, 2]], "1-D")]:
        with pytest.raises(ValueError, match=fragment):
            build_huffman_tree(bad)


@pytest.mark.parametrize("n_words", [2, 5, 40])
def test_probabilities_sum_to_one_and_match_the_loss(n_words):
    rng = np.random.default_rng(n_words)
    tree = build_huffman_tree(rng.integers(1, 100, size=n_words))
    center_vec, node_vectors = rng.normal(size=6), rng.normal(size=(n_words, 6))
    probabilities = hs_probabilities(center_vec, node_vectors, tree)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-12) and np.all(probabilities > 0)
    for word in range(n_words):
        loss = hs_loss_and_gradient(center_vec, word, node_vectors, tree)[0]
        assert np.exp(-loss) == pytest.approx(probabilities[word], rel=1e-12)


def test_with_zero_node_vectors_every_turn_is_a_coin_flip():
    tree = build_huffman_tree([9, 4, 2, 1, 1])
    assert np.allclose(hs_probabilities(np.ones(3), np.zeros((5, 3)), tree), 0.5 ** tree.depths)


@pytest.mark.parametrize("word", [0, 3, 6])
def test_gradients_pass_gradcheck_and_touch_only_the_path(word):
    rng = np.random.default_rng(word)
    tree = build_huffman_tree([50, 30, 10, 5, 5, 2, 1])
    center_vec, node_vectors = rng.normal(size=4), rng.normal(size=(7, 4))
    assert gradcheck(lambda v: hs_loss_and_gradient(v, word, node_vectors, tree)[:2], center_vec.copy()).passed()
    assert gradcheck(lambda W: hs_loss_and_gradient(center_vec, word, W, tree)[::2], node_vectors.copy()).passed()
    grad_nodes = hs_loss_and_gradient(center_vec, word, node_vectors, tree)[2]
    assert set(np.flatnonzero(np.any(grad_nodes != 0, axis=1))) == set(tree.paths[word].tolist())


def test_huge_scores_give_finite_losses(no_warnings):
    tree = build_huffman_tree([3, 2, 1])
    loss, grad_center, _ = hs_loss_and_gradient(np.full(2, 1e3), 2, np.full((3, 2), -1e3), tree)
    assert np.isfinite(loss) and np.all(np.isfinite(grad_center)) and loss > 1e5


def test_bad_node_vectors_and_trees_are_refused():
    tree = build_huffman_tree([3, 2, 1, 1])
    with pytest.raises(ValueError, match="inner nodes"):
        hs_loss_and_gradient(np.ones(2), 0, np.ones((2, 2)), tree)
    with pytest.raises(ValueError, match="HuffmanTree"):
        make_hs_loss([3, 2, 1])
    with pytest.raises(ValueError, match="outside_idx"):
        hs_loss_and_gradient(np.ones(2), 4, np.ones((4, 2)), tree)
