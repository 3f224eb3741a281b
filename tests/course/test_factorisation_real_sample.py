"""Notebook 10's stored runs: the fit measure on a case with a known answer, and the stored file read back."""
import numpy as np
import pytest
from scipy import sparse

from w2vlib import bootstrap_spearman
from w2vlib.course import factorisation_real_sample as stored_runs
from w2vlib.vectors.score_uncertainty import spearman


def exact_fit_case(seed=0, n_words=40, dim=40):
    """Counts, their s* and vectors V, U whose scores V Uᵀ equal s* at every pair that occurs (d = |Vocab|)."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(1, 60, size=(n_words, n_words)) * (rng.random((n_words, n_words)) < 0.3)
    counts = sparse.csr_matrix(counts.astype(float))
    optimal = counts.copy()
    optimal.data = rng.normal(size=optimal.nnz)
    target = optimal.toarray()                     # 0 where no pair: any value will do there
    center = rng.normal(size=(n_words, dim))
    outside = np.linalg.solve(center, target).T    # center @ outside.T = target
    return counts, optimal, center, outside


def test_score_fit_finds_a_perfect_fit_and_a_broken_one():
    counts, optimal, center, outside = exact_fit_case()
    fit = stored_runs.score_fit(center, outside, counts, optimal, np.random.default_rng(0), sample=True)
    filled = [b for b in fit["bins"] if b["r"] is not None]
    assert all(b["r"] is None for b in fit["bins"] if b["pairs"] < 3)
    assert filled and all(b["r"] == pytest.approx(1.0) and abs(b["mean_gap"]) < 1e-6 for b in filled)
    assert sum(b["pairs"] for b in fit["bins"]) == counts.nnz
    assert 0 < fit["unseen"]["share_of_random_pairs"] < 1
    assert len(fit["sample"]["score"]) == len(fit["sample"]["s_star"]) == len(fit["sample"]["count"])
    shifted = stored_runs.score_fit(center, outside - 0.0, counts, optimal.multiply(2.0).tocsr(),
                                    np.random.default_rng(0), sample=False)
    assert all(b["r"] == pytest.approx(1.0) for b in shifted["bins"] if b["r"] is not None)   # r ignores a scale
    noise = stored_runs.score_fit(np.random.default_rng(1).normal(size=center.shape), outside, counts, optimal,
                                  np.random.default_rng(0), sample=False)
    assert all(abs(b["r"]) < 0.9 for b in noise["bins"] if b["r"] is not None and b["pairs"] > 20)
    assert "sample" not in noise


def test_score_fit_refuses_targets_at_other_entries():
    counts, optimal, center, outside = exact_fit_case()
    other = sparse.csr_matrix(np.ones(counts.shape))
    with pytest.raises(ValueError, match="same order"):
        stored_runs.score_fit(center, outside, counts, other, np.random.default_rng(0), sample=False)


@pytest.fixture(scope="module")
def content():
    return stored_runs.load_results()


def test_the_stored_file_holds_every_method_and_seed(content):
    assert content["seeds"] == [0, 1, 2]
    assert set(content["methods"]) == set(stored_runs.METHODS)
    for key in stored_runs.METHODS:
        assert [run["seed"] for run in stored_runs.runs_of(content, key)] == [0, 1, 2]
    for key in ("sgns", "gensim"):
        runs = stored_runs.runs_of(content, key)
        assert all(len(run["fit"]["bins"]) == len(stored_runs.FIT_BINS) - 1 for run in runs)


def test_stored_cosines_give_back_the_stored_spearman(content):
    run = stored_runs.runs_of(content, "sppmi_svd_p1")[0]
    for dataset in ("wordsim353", "simlex999"):
        pairs = stored_runs.stored_pair_similarities(run, dataset)
        assert pairs.n_pairs == run[dataset]["n_pairs"]
        assert spearman(pairs.gold, pairs.model) == pytest.approx(run[dataset]["spearman"], abs=2e-5)
        assert bootstrap_spearman(pairs, n_resamples=200).contains(run[dataset]["spearman"])
    with pytest.raises(ValueError, match="only the seed-0 runs"):
        stored_runs.stored_pair_similarities(stored_runs.runs_of(content, "sgns")[1], "wordsim353")


def test_tables_fit_a_projector_and_show_every_method(content):
    for table in (stored_runs.score_table(content), stored_runs.cost_table(content),
                  stored_runs.fit_table(content, "sgns")):
        assert max(len(line) for line in table.splitlines()) <= 100
    assert all(name in stored_runs.score_table(content) for name in content["methods"].values())
    with pytest.raises(ValueError, match="no stored run"):
        stored_runs.runs_of(content, "glove")


def test_a_missing_file_and_a_bad_seed_are_sentences(tmp_path):
    with pytest.raises(ValueError, match="python -m w2vlib.course.factorisation_real_sample"):
        stored_runs.load_results(tmp_path / "none.json")
    with pytest.raises(SystemExit):
        stored_runs.main(["--seeds", "-1", "--out", str(tmp_path / "x.json")])
