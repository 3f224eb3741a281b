"""Notebook 07's helpers: pair counts and the best achievable J (its checker: tests/course/test_checkers_nb07.py)."""
import numpy as np
import pytest

from w2vlib.text.cooccurrence import best_achievable_loss, mean_pair_loss, pair_counts


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
