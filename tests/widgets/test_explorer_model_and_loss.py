"""The explorer's model and loss choice (issue 27 item 6): CBOW and the hierarchical softmax of notebook 09, in
run_explorer and in the widget."""
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from w2vlib.text.toy_corpus import GROUPS  # noqa: E402
from w2vlib.widgets import Explorer, ExplorerSettings, run_explorer  # noqa: E402
from w2vlib.widgets import explorer_run  # noqa: E402
from w2vlib.widgets.explorer_run import check_step_size, runs_table  # noqa: E402

VARIANTS = [("cbow", "neg_sampling"), ("skipgram", "hierarchical_softmax"), ("cbow", "hierarchical_softmax")]


@pytest.fixture(scope="module")
def variant_runs():
    return {v: run_explorer(ExplorerSettings(model=v[0], loss=v[1], step_size=0.05)) for v in VARIANTS}


@pytest.mark.parametrize("variant", VARIANTS, ids=["-".join(v) for v in VARIANTS])
def test_each_model_and_loss_learns_the_planted_groups(variant_runs, variant):
    run = variant_runs[variant]
    assert run.error is None
    start, end = run.loss_history[:20].mean(), run.loss_history[-50:].mean()
    assert end < 0.8 * start, (start, end)
    assert run.within - run.between > 0.3, (run.within, run.between)
    assert {word for word, _ in dict(run.neighbours)["cat"]} <= set(GROUPS["animals"])


def test_the_variants_train_differently_from_skipgram_with_negatives(variant_runs):
    skipgram = run_explorer(ExplorerSettings(step_size=0.05))
    curves = [skipgram.loss_history] + [run.loss_history for run in variant_runs.values()]
    assert all(not np.allclose(a[:50], b[:50]) for i, a in enumerate(curves) for b in curves[i + 1:])
    # the hierarchical softmax's loss sums about log2 |V| node terms: larger than K + 1 = 6 logistic terms at start
    hs = variant_runs[("skipgram", "hierarchical_softmax")]
    assert hs.loss_history[0] > skipgram.loss_history[0]


def test_the_hierarchical_softmax_has_no_probability_of_any_pair(variant_runs):
    hs = variant_runs[("skipgram", "hierarchical_softmax")]
    assert hs.p_any_pair is None and variant_runs[("cbow", "neg_sampling")].p_any_pair is not None
    table = runs_table(list(variant_runs.values()), "model")
    assert "cbow" in table and "skipgram" in table and len(table.splitlines()) == 5


def test_labels_name_the_model_and_leave_out_what_does_not_apply():
    assert ExplorerSettings().label().startswith("m=2 K=5")
    assert ExplorerSettings(model="cbow").label().startswith("CBOW m=2 K=5")
    hs = ExplorerSettings(model="cbow", loss="hierarchical_softmax").label()
    assert hs.startswith("CBOW HS m=2 α=") and "K=" not in hs and "β=" not in hs
    assert ExplorerSettings(loss="hierarchical_softmax").method() == "skip-gram with hierarchical softmax"


def test_an_unknown_model_or_loss_is_refused_with_a_sentence():
    run = run_explorer(ExplorerSettings(model="glove"))
    assert run.error and "model must be one of" in run.error and "'glove'" in run.error
    run = run_explorer(ExplorerSettings(loss="nce"))
    assert run.error and "loss one of" in run.error and "'nce'" in run.error


def test_a_diverging_variant_stops_and_keeps_its_curve():
    run = run_explorer(ExplorerSettings(model="cbow", step_size=10.0))
    assert run.error.startswith("Training diverged") and run.diverged
    assert len(run.loss_history) >= 1 and np.isfinite(run.loss_history).all()


def test_on_real_text_each_variant_has_its_measured_step_size_limit():
    wiki = dict(corpus="wiki", window=5, n_negatives=5, dim=30, epochs=1)
    check_step_size(ExplorerSettings(**wiki, step_size=0.05, loss="hierarchical_softmax"))
    with pytest.raises(ValueError, match=r"skip-gram with hierarchical softmax at α = 0.1 would diverge.*at most 0.05"):
        check_step_size(ExplorerSettings(**wiki, step_size=0.1, loss="hierarchical_softmax"))
    check_step_size(ExplorerSettings(**wiki, step_size=0.1, model="cbow"))   # above skip-gram's 2/36 for K = m = 5
    with pytest.raises(ValueError, match="CBOW with negative sampling at α = 0.2"):
        check_step_size(ExplorerSettings(**wiki, step_size=0.2, model="cbow"))
    with pytest.raises(ValueError, match=r"α \(K \+ 1\)\(m \+ 1\)"):           # skip-gram's rule is unchanged
        check_step_size(ExplorerSettings(**wiki, step_size=0.1))


def test_the_widget_offers_the_choice_and_disables_k_and_beta_under_the_hierarchical_softmax():
    explorer = Explorer(train=False)
    explorer.model.value = "cbow"
    assert explorer.runs[-1].settings.model == "cbow" and "CBOW" in explorer.status.value
    explorer.loss.value = "hierarchical_softmax"
    assert explorer.n_negatives.disabled and explorer.neg_power.disabled
    assert "Hierarchical softmax" in explorer.k_note.value
    assert explorer.runs[-1].settings.loss == "hierarchical_softmax" and len(explorer.runs) == 2
    explorer.loss.value = "neg_sampling"
    assert not explorer.n_negatives.disabled and "K = 5" in explorer.k_note.value


def test_the_widget_refuses_a_variant_step_size_on_real_text_before_training(monkeypatch):
    explorer = Explorer(train=False)
    explorer.loss.value = "hierarchical_softmax"
    runs = len(explorer.runs)
    monkeypatch.setattr(explorer_run, "train_explorer", lambda *a, **k: pytest.fail("trained"))
    explorer.corpus.value = "wiki"
    explorer.step_size.value = 0.1
    assert "would diverge" in explorer.status.value and "at most 0.05" in explorer.status.value
    assert len(explorer.runs) == runs


def test_the_seeds_table_gives_mean_and_spread_over_seeds():
    from w2vlib.widgets.explorer_run import ExplorerRun, seeds_table
    runs = [ExplorerRun(ExplorerSettings(seed=s), loss_history=np.full(60, loss), within=w, between=0.0,
                        same_group_share=share) for s, loss, w, share in [(0, 1.0, 0.5, 0.8), (1, 3.0, 0.7, 1.0)]]
    failed = [ExplorerRun(ExplorerSettings(), error="Training diverged: …"), runs[0]]
    lines = seeds_table({"two seeds": runs, "broken": failed}).splitlines()
    assert lines[2].split() == ["two", "seeds", "2.00", "±", "1.41", "0.60", "±", "0.14", "0.90", "±", "0.14"]
    assert lines[3].strip() == "broken  1 of 2 runs failed or diverged"
