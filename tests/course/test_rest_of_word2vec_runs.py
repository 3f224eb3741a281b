"""Notebook 09's stored real-text runs: the file the notebook reads is consistent, and the helpers read it right."""
import math

import numpy as np
import pytest

from w2vlib.course import rest_of_word2vec_runs as runs_module
from w2vlib.vectors.score_uncertainty import spearman


@pytest.fixture(scope="module")
def stored():
    return runs_module.load_results()


def test_the_stored_file_has_every_variant_engine_and_seed(stored):
    assert stored["settings"]["epochs"] == 10 and stored["settings"]["workers"] == 1
    for key in runs_module.VARIANTS:
        for engine in runs_module.ENGINES:
            runs = runs_module.runs_of(stored, key, engine)
            assert [r["seed"] for r in runs] == stored["seeds"] and len(runs) >= 3, (key, engine)
            assert all(r["step_size"] == runs_module.VARIANTS[key][3] for r in runs)
    assert {row["label"] for row in stored["comparisons"]} == {p[0] for p in runs_module.comparison_pairs()}


def test_the_stored_cosines_give_back_the_stored_scores(stored):
    for run in stored["runs"][:6]:
        for dataset in runs_module.DATASETS:
            pairs = runs_module.stored_pair_similarities(run, dataset)
            assert spearman(pairs.gold, pairs.model) == pytest.approx(run[dataset]["spearman"], abs=2e-4)
            assert run[dataset]["low"] <= run[dataset]["spearman"] <= run[dataset]["high"]


def test_wilson_interval_against_a_worked_example():
    low, high = runs_module.wilson_interval(10, 100)          # p = 0.1, n = 100: [0.0552, 0.1744]
    assert (round(low, 4), round(high, 4)) == (0.0552, 0.1744)
    assert all(math.isnan(x) for x in runs_module.wilson_interval(0, 0))


def test_tables_fit_a_projector_and_name_every_variant(stored):
    for table in (runs_module.score_table(stored), runs_module.speed_table(stored),
                  runs_module.comparison_table(stored)):
        assert max(len(line) for line in table.splitlines()) <= 100
    assert all(runs_module.short_name(key) in runs_module.score_table(stored) for key in runs_module.VARIANTS)


def test_a_verdict_needs_every_seed(stored):
    for row in stored["comparisons"]:
        lows = np.array([d["low"] for d in row["per_seed"]])
        highs = np.array([d["high"] for d in row["per_seed"]])
        expected = "higher" if (lows > 0).all() else "lower" if (highs < 0).all() else "no clear difference"
        assert row["verdict"] == expected


def test_a_missing_file_says_how_to_make_it(tmp_path):
    with pytest.raises(ValueError, match="rest_of_word2vec_runs"):
        runs_module.load_results(tmp_path / "none.json")
