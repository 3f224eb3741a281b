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


def test_each_rule_gets_the_step_size_of_its_best_mean_gap_and_a_diverged_step_size_is_never_chosen(tmp_path):
    from w2vlib.course.design_step_sizes import best_step_sizes, load_sweep, sweep_table

    def run(rule, alpha, seed, gap):
        return {"rule": rule, "step_size": alpha, "seed": seed, "diverged": gap is None, "group_gap": gap}

    runs = [run("fixed", 0.1, 0, 0.5), run("fixed", 0.1, 1, 0.3),     # mean 0.4
            run("fixed", 0.2, 0, 0.9), run("fixed", 0.2, 1, None),    # best gap, but one seed diverged
            run("fixed", 0.4, 0, 0.2), run("fixed", 0.4, 1, 0.2),
            run("adagrad", 0.1, 0, 0.1), run("adagrad", 0.1, 1, 0.2),
            run("adagrad", 0.2, 0, 0.6), run("adagrad", 0.2, 1, 0.5),
            run("adagrad", 0.4, 0, 0.3), run("adagrad", 0.4, 1, 0.7)]   # mean 0.5 < 0.55
    content = {"step_sizes": [0.1, 0.2, 0.4], "runs": runs}
    assert best_step_sizes(content) == {"fixed": 0.1, "adagrad": 0.2}
    table = sweep_table(content).splitlines()
    assert table[1].split() == ["fixed", "0.40", "div.", "0.20"]
    assert table[2].split() == ["adagrad", "0.15", "0.55", "0.50"]
    all_diverged = {"step_sizes": [0.1], "runs": [run("linear", 0.1, 0, None)]}
    with pytest.raises(ValueError, match="every step size diverged for step_rule='linear'"):
        best_step_sizes(all_diverged)
    with pytest.raises(ValueError, match="python -m w2vlib.course.design_step_sizes"):
        load_sweep(tmp_path / "missing.json")


def test_a_diverging_run_of_the_sweep_is_recorded_not_raised():
    from w2vlib import planted_corpus
    from w2vlib.course.design_step_sizes import run_one

    corpus = planted_corpus(n_sentences=200, seed=0)
    diverged = run_one(corpus.sentences, corpus.groups, "fixed", 50.0, 0)
    assert diverged["diverged"] and diverged["group_gap"] is None
    fine = run_one(corpus.sentences, corpus.groups, "fixed", 0.1, 0)
    assert not fine["diverged"] and -1 <= fine["group_gap"] <= 2 and fine["final_loss"] > 0


def test_the_stored_sweep_is_what_its_command_makes_for_one_run():
    """The stored file matches a fresh run (the handout trainer is float64 and seeded), so it is not stale."""
    from w2vlib import planted_corpus
    from w2vlib.course.design_step_sizes import CORPUS, load_sweep, run_one

    stored = load_sweep()
    corpus = planted_corpus(**CORPUS)
    for wanted in (("adagrad", 0.4, 1), ("halve_unless_decreased", 0.2, 2)):
        (entry,) = [r for r in stored["runs"] if (r["rule"], r["step_size"], r["seed"]) == wanted]
        fresh = run_one(corpus.sentences, corpus.groups, *wanted)
        assert fresh["group_gap"] == pytest.approx(entry["group_gap"], abs=2e-4)
        assert fresh["final_loss"] == pytest.approx(entry["final_loss"], abs=2e-3)


def test_the_centred_group_gap_removes_the_common_direction():
    from w2vlib import centred_group_gap

    groups = {"x": ["a", "b"], "y": ["c", "d"]}
    word2ind = {w: i for i, w in enumerate("abcd")}
    # two groups along ±e1, all shifted by a large common vector 10 e2: raw cosines are all near 1
    vectors = np.array([[1.0, 10.0], [1.0, 10.0], [-1.0, 10.0], [-1.0, 10.0]])
    assert centred_group_gap(vectors, word2ind, groups) == pytest.approx(2.0)   # within 1, between -1
    with pytest.raises(ValueError, match="vectors"):
        centred_group_gap(np.ones(4), word2ind, groups)
