"""Notebook 07's helpers: pair counts and the best achievable J, and the checker of the one-matrix exercise."""
import numpy as np
import pytest

from w2vlib.course.checkers import check_tied_pair_gradient
from w2vlib.text.cooccurrence import best_achievable_loss, mean_pair_loss, pair_counts
from w2vlib.losses.activations import log_sigmoid, sigmoid
from w2vlib.losses.tied_vectors import tied_neg_sampling_loss_and_gradient


def test_pair_counts_by_hand():
    word2ind = {"a": 0, "b": 1, "c": 2}
    counts = pair_counts([["a", "b", "a", "x", "c"]], word2ind, window=1)   # x is dropped: a and c become neighbours
    expected = np.zeros((3, 3))
    for c, o in [("a", "b"), ("b", "a"), ("b", "a"), ("a", "b"), ("a", "c"), ("c", "a")]:
        expected[word2ind[c], word2ind[o]] += 1
    assert np.array_equal(counts, expected)


def test_no_model_beats_the_conditional_entropy_and_the_empirical_model_reaches_it():
    counts = np.array([[0, 3, 1], [2, 0, 2], [1, 1, 0]], dtype=float)
    best = best_achievable_loss(counts)
    by_hand = -(3 * np.log(3 / 4) + 1 * np.log(1 / 4) + 2 * np.log(1 / 2) * 2 + 2 * np.log(1 / 2)) / 10
    assert np.isclose(best, by_hand)
    rng = np.random.default_rng(0)
    assert all(mean_pair_loss(rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), counts) > best for _ in range(20))
    smoothed = np.log((counts + 1e-12) / counts.sum(axis=1, keepdims=True))  # scores = log P(o | c)
    assert np.isclose(mean_pair_loss(np.eye(3), smoothed.T, counts), best, atol=1e-9)


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="counts"):
        best_achievable_loss(np.zeros((2, 2)))


def _tied_pair(vectors, c, o, neg, overwrite=False):
    """A student's one-matrix pair gradient, written out (notebook 07's solution); ``overwrite`` makes the classic
    slip of assigning the outside word's row instead of adding to it, which loses u_c's second role when o = c."""
    u_c, u_o, u_neg = vectors[c], vectors[o], vectors[neg]
    s_o, s_neg = u_o @ u_c, u_neg @ u_c
    loss = -log_sigmoid(s_o) - np.sum(log_sigmoid(-s_neg))
    grad = np.zeros_like(vectors)
    grad[c] += (sigmoid(s_o) - 1) * u_o + sigmoid(s_neg) @ u_neg
    if overwrite:
        grad[o] = (sigmoid(s_o) - 1) * u_c
    else:
        grad[o] += (sigmoid(s_o) - 1) * u_c
    np.add.at(grad, neg, sigmoid(s_neg)[:, None] * u_c)
    return loss, grad


def test_the_checker_passes_a_correct_function_and_names_the_forgotten_factor(capsys):
    assert check_tied_pair_gradient(_tied_pair).passed
    assert "✓" in capsys.readouterr().out.splitlines()[0]
    result = check_tied_pair_gradient(lambda vectors, c, o, neg: _tied_pair(vectors, c, o, neg, overwrite=True))
    assert not result.passed and "o = c" in result.message and "2 u_c" in result.message


@pytest.mark.parametrize("cheat", [tied_neg_sampling_loss_and_gradient,
                                   lambda vectors, c, o, neg: tied_neg_sampling_loss_and_gradient(vectors, c, o, neg)])
def test_the_checker_cannot_be_passed_with_the_library_function(cheat, capsys):
    result = check_tied_pair_gradient(cheat)
    assert not result.passed
    assert "w2vlib's own `tied_neg_sampling_loss_and_gradient`" in result.message
    assert "write the computation yourself" in result.message


def test_real_sample_table_and_missing_file(tmp_path):
    from w2vlib.course.design_real_sample import load_results, score_table, variants
    runs = [{"variant": "β = 0", "wordsim353": w, "simlex999": s} for w, s in [(0.30, 0.10), (0.20, 0.16)]]
    table = score_table({"runs": runs}).splitlines()
    assert table[1].split()[:4] == ["β", "=", "0", "0.250"] and "(0.200..0.300)" in table[1]
    assert "0.130 (0.100..0.160)" in table[1]
    with pytest.raises(ValueError, match="python -m w2vlib.course.design_real_sample"):
        load_results(tmp_path / "missing.json")
    assert [v["key"] for v in variants(True)] == ["beta0", "beta0.75", "beta1", "tied"]
    assert "tied" not in [v["key"] for v in variants(False)]
