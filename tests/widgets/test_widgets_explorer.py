"""The explorer's logic (run_explorer) and its widget, driven without a browser."""
import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from w2vlib.course.figures import small_texts  # noqa: E402
from w2vlib.vectors.projection import overlapping_labels  # noqa: E402
from w2vlib.text.toy_corpus import GROUPS  # noqa: E402
from w2vlib.widgets import Explorer, ExplorerSettings, plot_loss_curves, plot_run_projection, run_explorer  # noqa: E402
from w2vlib.widgets import explorer as explorer_module  # noqa: E402
from w2vlib.widgets import explorer_run  # noqa: E402


@pytest.fixture(scope="module")
def default_run():
    return run_explorer()


def test_default_settings_converge_and_recover_the_planted_groups(default_run):
    run = default_run
    assert run.error is None
    assert np.isfinite(run.loss_history).all()
    start, end = run.loss_history[:20].mean(), run.loss_history[-100:].mean()
    assert end < 0.7 * start, (start, end)
    assert run.within - run.between > 0.5
    assert run.vectors.shape == (36, ExplorerSettings().dim)
    assert run.progress[0] == 0 and 0.9 * run.settings.epochs < run.progress[-1] <= run.settings.epochs
    neighbours = dict(run.neighbours)
    assert {word for word, _ in neighbours["cat"]} <= set(GROUPS["animals"])   # planted: cat keeps animal company
    assert {word for word, _ in neighbours["red"]} <= set(GROUPS["colours"])
    assert run.seconds > 0


def test_the_same_settings_give_the_same_run(default_run):
    again = run_explorer()
    np.testing.assert_array_equal(again.loss_history, default_run.loss_history)
    assert again.neighbour_table() == default_run.neighbour_table()


def test_k_zero_trains_and_the_model_then_says_yes_to_every_pair():
    # α = 0.1 so that five epochs reach where each run is heading (as in notebook 08)
    no_negatives, five = (run_explorer(ExplorerSettings(n_negatives=k, step_size=0.1)) for k in (0, 5))
    assert no_negatives.error is None and no_negatives.settings.n_negatives == 0
    # Nothing pushes vectors apart: the loss of the real pairs alone falls towards 0 ...
    assert no_negatives.loss_history[-50:].mean() < 0.1 < five.loss_history[-50:].mean()
    # ... because the model calls almost any pair (c, w) a real one, and the raw vectors crowd together.
    assert no_negatives.p_any_pair > 0.9 > 0.5 > five.p_any_pair
    assert no_negatives.mean_cosine > five.mean_cosine


def test_a_diverging_step_size_gives_a_sentence_and_the_curve_up_to_there():
    run = run_explorer(ExplorerSettings(step_size=3.0))
    assert run.diverged and "α = 3" in run.error and "smaller step size" in run.error
    assert 0 < len(run.loss_history) == len(run.progress)
    assert np.isfinite(run.loss_history).all()
    assert run.progress[-1] < run.settings.epochs
    assert run.vectors is None and run.neighbours == [] and run.neighbour_table() == ""


@pytest.mark.parametrize("change, named", [
    (dict(n_negatives=-1), "n_negatives (K)"), (dict(window=11), "window (m)"), (dict(window=0), "window (m)"),
    (dict(step_size=0.0), "step_size (α)"), (dict(step_size=float("nan")), "step_size (α)"),
    (dict(corpus="text9"), "corpus"), (dict(dim=2.5), "dim (d)"), (dict(words="paris"), "words"),
])
def test_a_bad_setting_is_an_error_message_not_an_exception(change, named):
    run = run_explorer(ExplorerSettings(**change))
    assert run.error is not None and named in run.error
    assert len(run.loss_history) == 0 and run.vectors is None


def test_unknown_real_words_are_named_before_training():
    corpus = explorer_run.Corpus.from_sentences([["paris", "rome", "cat"] * 5, ["paris", "dog"]])
    with pytest.raises(ValueError, match="xyzzyq, dog"):   # dog occurs once, below min_count 5
        explorer_run.check_words(ExplorerSettings(corpus="wiki", words=("paris", "xyzzyq", "dog")), corpus)
    with pytest.raises(ValueError, match="at least three"):
        explorer_run.check_words(ExplorerSettings(corpus="wiki", words=("paris", "rome", "paris")), corpus)
    explorer_run.check_words(ExplorerSettings(corpus="wiki", words=("paris", "rome", "cat")), corpus)


def test_the_noise_power_changes_the_run(default_run):
    uniform = run_explorer(ExplorerSettings(neg_power=0.0))
    assert uniform.error is None
    assert not np.array_equal(uniform.loss_history, default_run.loss_history)


def test_run_on_toy_text_lets_a_large_window_reach_other_sentences():
    small, large = (run_explorer(ExplorerSettings(corpus="toy-runon", window=m)) for m in (2, 10))
    assert small.error is None and large.error is None
    assert large.within - large.between < small.within - small.between


def test_an_error_message_that_mentions_diverged_is_not_a_divergence():
    # check_words puts the user's words into its message; a word like "undiverged" must not make a divergence
    settings = ExplorerSettings()
    typo = explorer_run.ExplorerRun(settings, error="not in the vocabulary of the Wikipedia sample: undiverged; ...")
    assert not typo.diverged
    assert "diverged after" not in explorer_run.runs_table([typo], "step_size")
    assert explorer_run.ExplorerRun(settings, error="Training diverged: ...", diverged_at=0.5).diverged


def test_loss_plot_fades_earlier_runs_and_cuts_a_diverged_curve(default_run):
    diverged = run_explorer(ExplorerSettings(step_size=3.0))
    fig = plot_loss_curves([default_run, diverged])
    ax = fig.axes[0]
    curves = [line for line in ax.lines if len(line.get_xdata()) > 1]
    assert [line.get_alpha() for line in curves] == [0.55, 1.0]
    top = ax.get_ylim()[1]
    assert math.isfinite(top) and max(curves[1].get_ydata()) <= top
    assert any(line.get_marker() == "x" for line in ax.lines)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["α=0.025", "α=3 (diverged)"]   # what differs


def test_the_loss_legend_never_covers_the_curves(default_run):
    runs = [run_explorer(ExplorerSettings(n_negatives=k)) for k in (0, 1, 2, 3, 4)] + [default_run]
    fig = plot_loss_curves(runs)                 # the widget's plot at its most crowded: six runs
    ax = fig.axes[0]
    fig.draw_without_rendering()
    legend, frame = ax.get_legend().get_window_extent(), ax.get_window_extent()
    assert legend.y1 <= frame.y0, "the legend overlaps the axes"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [f"K={k}" for k in (0, 1, 2, 3, 4, 5)]
    curves = [line for line in ax.lines if len(line.get_xdata()) > 1]
    assert len({(line.get_color(), line.get_marker(), line.get_linestyle()) for line in curves}) == 6
    assert small_texts(fig) == []


def test_projection_of_a_run_has_no_overlapping_labels_and_a_note_without_vectors(default_run):
    ax = plot_run_projection(default_run).axes[0]
    assert overlapping_labels(ax) == []
    assert {t.get_text() for t in ax.get_legend().get_texts()} == set(GROUPS)
    empty = plot_run_projection(run_explorer(ExplorerSettings(step_size=3.0))).axes[0]
    assert any("no vectors" in t.get_text() for t in empty.texts)


# ----- the widget ---------------------------------------------------------------------------------------------


@pytest.fixture
def explorer():
    return Explorer()


def test_moving_k_retrains_and_redraws_in_place(explorer):
    first_table, first_figure = explorer.neighbours.value, explorer.loss_figure
    assert len(explorer.runs) == 1 and "Trained in" in explorer.status.value
    explorer.n_negatives.value = 0
    assert len(explorer.runs) == 2 and explorer.runs[-1].settings.n_negatives == 0
    assert explorer.neighbours.value != first_table
    assert explorer.loss_figure is not first_figure
    assert len([l for l in explorer.loss_figure.axes[0].lines if len(l.get_xdata()) > 1]) == 2   # old one faded
    assert "nothing pushes vectors apart" in explorer.k_note.value
    explorer.clear_button.click()
    assert len(explorer.runs) == 1
    assert all(control.continuous_update is False for control in
               (explorer.window, explorer.n_negatives, explorer.step_size, explorer.dim, explorer.epochs))


def test_a_diverging_step_size_is_shown_as_a_sentence(explorer):
    explorer.step_size.value = 5.0
    assert "diverged" in explorer.status.value and "#b00020" in explorer.status.value
    assert "Traceback" not in explorer.status.value
    assert explorer.runs[-1].diverged


def test_an_unexpected_failure_becomes_a_message(explorer, monkeypatch):
    def broken(settings):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(explorer_module, "run_explorer", broken)
    explorer.window.value = 3          # must not raise
    assert "Something went wrong" in explorer.status.value and "disk on fire" in explorer.status.value
    assert explorer.train_button.disabled is False


def test_wiki_mode_trains_only_on_the_button_and_rejects_unknown_words(explorer, monkeypatch):
    toy_corpus, toy_groups = explorer_run.explorer_corpus("toy")
    monkeypatch.setattr(explorer_run, "explorer_corpus", lambda name: (toy_corpus, toy_groups))  # no 450k words
    explorer.corpus.value = "wiki"
    assert len(explorer.runs) == 1 and "press <b>Train</b>" in explorer.status.value
    assert explorer.dim.value == explorer_run.WIKI_DEFAULTS["dim"]
    explorer.n_negatives.value = 3
    assert len(explorer.runs) == 1                   # a slider alone does not train on real text
    explorer.words.value = "cat, dog, xyzzyq"
    explorer.train_button.click()
    assert "xyzzyq" in explorer.status.value and len(explorer.runs) == 1
    explorer.words.value = "cat, dog, cow, red"
    explorer.train_button.click()
    assert len(explorer.runs) == 2 and explorer.runs[-1].words == ["cat", "dog", "cow", "red"]


def test_switching_corpus_loads_settings_that_train_there(explorer, monkeypatch):
    toy_corpus, toy_groups = explorer_run.explorer_corpus("toy")
    monkeypatch.setattr(explorer_run, "explorer_corpus", lambda name: (toy_corpus, toy_groups))  # no 450k words
    explorer.n_negatives.value = 20           # trains on the toy corpus
    explorer.corpus.value = "wiki"
    wiki = {name: getattr(explorer, name).value for name in explorer_run.CONTROLLED}
    assert wiki == {name: explorer_run.WIKI_DEFAULTS[name] for name in explorer_run.CONTROLLED}
    assert wiki["n_negatives"] == 5 and "press <b>Train</b>" in explorer.status.value
    explorer.corpus.value = "toy"
    assert explorer.n_negatives.value == ExplorerSettings().n_negatives == 5
    assert explorer.step_size.value == ExplorerSettings().step_size


def test_switching_to_wikipedia_with_k_20_used_to_diverge():
    # the case of issue 25: the toy corpus at K = 20, then "Wikipedia sample": the settings it loads must train
    settings = ExplorerSettings(**{**ExplorerSettings(n_negatives=20).__dict__, **explorer_run.WIKI_DEFAULTS})
    explorer_run.check_step_size(settings)    # raises if the loaded settings are above the measured limit


@pytest.mark.parametrize("change, reason", [
    (dict(n_negatives=20), "α (K + 1)(m + 1) = 6.3 is above 2"), (dict(window=10, n_negatives=10), "= 6.05"),
    (dict(step_size=0.5), "= 18"), (dict(n_negatives=0, window=1, step_size=0.2), "α is above 0.1"),
])
def test_on_wikipedia_a_diverging_combination_is_refused_before_training(explorer, monkeypatch, change, reason):
    calls = []
    monkeypatch.setattr(explorer_run, "train_explorer", lambda *a, **k: calls.append(1))
    explorer.corpus.value = "wiki"
    for name, value in change.items():
        getattr(explorer, name).value = value
    said = explorer.status.value
    assert "would diverge" in said and reason in said and "before pressing Train" in said, said
    assert "⚠" in said
    explorer.train_button.click()
    assert "would diverge" in explorer.status.value and "nothing was trained" in explorer.status.value
    assert calls == [] and len(explorer.runs) == 1
    limit = min(0.1, 2.0 / ((explorer.n_negatives.value + 1) * (explorer.window.value + 1)))
    assert f"at most {limit:.2g}" in said


def test_on_wikipedia_a_short_run_says_one_pass_is_too_little_and_offers_the_long_run(explorer, monkeypatch):
    toy_corpus, toy_groups = explorer_run.explorer_corpus("toy")
    monkeypatch.setattr(explorer_run, "explorer_corpus", lambda name: (toy_corpus, toy_groups))
    assert explorer.long_button.layout.display == "none"          # not on the toy corpus
    explorer.corpus.value = "wiki"
    assert explorer.long_button.layout.display is None
    explorer.words.value = "cat, dog, cow, red, blue"
    explorer.train_button.click()
    assert "One pass over the 450-thousand-word sample is too little" in explorer.status.value
    assert "10-pass vectors" in explorer.status.value
    rng = np.random.default_rng(0)
    words = [w for w in toy_corpus.words]
    fake = explorer_run.Embeddings(rng.normal(size=(len(words), 8)).astype(np.float32), words)
    from w2vlib.vectors import vector_cache
    monkeypatch.setattr(vector_cache, "protocol_vectors", lambda trainer="fast": (fake, True))
    run = explorer.show_long_run()
    assert run.error is None and run.settings.epochs == 10 and run.words == ["cat", "dog", "cow", "red", "blue"]
    assert "The 10-pass vectors" in explorer.status.value and "epochs=10" in explorer.status.value
    assert explorer.neighbours.value.count(":") >= 4 and len(explorer.runs) == 2   # no curve added for it


def test_widgets_never_leave_a_pyplot_figure_for_the_inline_backend_to_show(monkeypatch):
    # Jupyter's inline backend shows every pyplot figure still open when an execution ends; a figure made in a
    # widget callback, or left open by an error, then appears outside the widget (in JupyterLab's Log Console)
    plt.close("all")
    explorer = Explorer()
    explorer.n_negatives.value = 0
    explorer.clear_button.click()

    def broken(*args, **kwargs):
        raise RuntimeError("projection failed")

    from w2vlib.vectors import projection
    monkeypatch.setattr(projection, "plot_projection", broken)   # fails inside the PCA view, after its figure exists
    explorer.window.value = 3
    assert "projection failed" in explorer.status.value
    assert plt.get_fignums() == []


def test_real_words_typed_on_the_toy_corpus_do_not_retrain(explorer):
    explorer.words.value = "paris, <script>"
    assert len(explorer.runs) == 1 and "Wikipedia sample" in explorer.status.value


def test_the_widget_prints_a_stable_sentence(explorer):
    assert repr(explorer.widget) == "<the w2vlib explorer: run this notebook in Jupyter to move its sliders>"


def test_running_mean_averages_the_last_minibatches():
    from w2vlib.widgets.explorer_plots import running_mean

    np.testing.assert_allclose(running_mean(np.array([1.0, 3.0, 5.0, 7.0]), width=2), [1.0, 2.0, 4.0, 6.0])
    np.testing.assert_allclose(running_mean(np.arange(5.0), width=10), [0.0, 0.5, 1.0, 1.5, 2.0])


def test_a_sweep_is_labelled_by_the_setting_it_varies_and_tabulated(default_run):
    diverged = run_explorer(ExplorerSettings(step_size=3.0))
    ax = plot_loss_curves([default_run, diverged], vary="step_size").axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["α = 0.025", "α = 3 (diverged)"]
    assert len({line.get_alpha() for line in ax.lines}) == 1          # a sweep fades nothing
    table = explorer_run.runs_table([default_run, diverged], "step_size").splitlines()
    assert table[0].split()[0] == "step_size" and len(table) == 4
    assert table[2].split()[0] == "0.025" and float(table[2].split()[-1]) == round(default_run.same_group_share, 2)
    assert "diverged after" in table[3]


def test_real_words_given_as_one_string_are_refused_not_spelled_out():
    """Before: words="paris" filled the words box with "p, a, r, i, s" and the explorer looked those up."""
    with pytest.raises(ValueError, match=r"words must be a tuple of words \(strings\), got 'paris'; write \('paris',\)"):
        Explorer(ExplorerSettings(corpus="wiki", words="paris"), train=False)
