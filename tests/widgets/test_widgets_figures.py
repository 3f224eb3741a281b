"""The small widgets beside the static figures of notebooks 01, 03, 04 and 06, driven without a browser."""
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from w2vlib.vectors.embeddings import Embeddings  # noqa: E402
from w2vlib.widgets import cost_per_pair_widget, step_size_widget, tsne_widget, window_widget  # noqa: E402
from w2vlib.widgets.figure_widgets import step_size_verdict  # noqa: E402


def _texts_with_gid(fig, gid):
    return [t.get_text() for t in fig.axes[0].texts if t.get_gid() == gid]


def test_window_widget_marks_2m_outside_words_of_banking():
    panel = window_widget()
    slider = panel.children[0]
    assert _texts_with_gid(panel.figure, "outside-word") == ["turning", "into", "crises", "as"]
    slider.value = 1
    assert _texts_with_gid(panel.figure, "outside-word") == ["into", "crises"]
    assert "2 outside words" in panel.caption.value
    slider.value = 3          # "as" is the last word; the "..." after it stands for text the figure does not show
    assert _texts_with_gid(panel.figure, "outside-word") == ["problems", "turning", "into", "crises", "as"]
    assert "5 outside words" in panel.caption.value and "5 (center, outside) pairs" in panel.caption.value
    assert slider.continuous_update is False


def test_window_widget_does_not_count_or_label_the_placeholders_as_words():
    panel = window_widget()
    panel.children[0].value = 4    # the window reaches both "..."
    caption = panel.caption.value
    assert "5 outside words (problems, turning, into, crises, as)" in caption, caption
    assert "“...” stands for words the figure does not show" in caption
    assert _texts_with_gid(panel.figure, "placeholder") == ["...", "..."]
    labels = [t.get_text() for t in panel.figure.axes[0].texts]
    assert "$w_{t+3}$" not in labels and "$w_{t-4}$" not in labels       # no position for a placeholder
    assert "$P(w_{t+3} \\mid w_t)$" not in labels                        # and no arrow to it
    assert "$w_{t-3}$" in labels and "$w_{t+2}$" in labels


def test_cost_per_pair_widget_counts_rows_of_u():
    panel = cost_per_pair_widget()
    vocab, negatives = panel.children[:2]
    vocab.value, negatives.value = 100_000, 4
    assert "100,000 rows" in panel.caption.value and "negative sampling 5:" in panel.caption.value
    assert "20,000 times fewer" in panel.caption.value
    ax = panel.figure.axes[0]
    naive, sampled = ax.lines[:2]
    assert np.allclose(naive.get_ydata() / naive.get_xdata(), 100)        # |Vocab| · d with d = 100
    assert np.allclose(sampled.get_ydata(), 5 * 100)                      # (K + 1) · d


def test_step_size_widget_keeps_earlier_curves_once_per_step_size():
    panel = step_size_widget(n_sentences=60)
    slider = panel.children[0]
    assert "α = 0.1" in panel.caption.value
    first_colour = panel.figure.axes[0].lines[0].get_color()
    slider.value = 0.01
    lines = panel.figure.axes[0].lines
    assert [line.get_alpha() for line in lines] == [0.6, 1.0]
    slider.value = 0.1        # back to α = 0.1: one curve for it, the latest, in the colour it had
    legend = [t.get_text() for t in panel.figure.axes[0].get_legend().get_texts()]
    assert legend == ["α = 0.01", "α = 0.1"]
    assert panel.figure.axes[0].lines[-1].get_color() == first_colour
    assert len({line.get_color() for line in panel.figure.axes[0].lines}) == 2
    assert len({line.get_marker() for line in panel.figure.axes[0].lines}) == 2   # a second cue besides colour


def test_step_size_widget_tells_too_small_from_overshoot_from_diverged():
    panel = step_size_widget()           # 500 sentences, one pass: 3,136 steps
    slider = panel.children[0]
    slider.value = 0.001                 # the loss stays at its starting level (23.9 -> 23.9)
    caption = panel.caption.value
    assert "did not move" in caption and "too small" in caption and "±5%" in caption, caption
    assert "overshoot" not in caption and "ERROR" not in caption and "⚠" not in caption
    slider.value = 0.3 - 1e-12           # goes down, then up again: higher at the end than after 300 steps
    caption = panel.caption.value
    assert "went up" in caption and "overshoot" in caption and "more than 5% up" in caption, caption
    assert "⚠" in caption and "--jp-error-color1" in caption
    slider.value = 0.5                   # finite, but astronomically large
    assert "diverged: the loss blew up" in panel.caption.value and "more than 10 times" in panel.caption.value
    slider.value = 0.1
    assert "the loss fell" in panel.caption.value and "⚠" not in panel.caption.value


@pytest.mark.parametrize("history, verdict", [
    (np.full(1000, 20.0), "stalled"),
    (20.0 * (1 + 0.04 * np.sin(np.arange(1000))), "stalled"),       # noise within ±5 %
    (np.linspace(20.0, 22.0, 1000), "overshoot"),                   # +10 %
    (np.linspace(20.0, 10.0, 1000), "learning"),
    (np.geomspace(20.0, 1e5, 1000), "diverged"),                    # finite, but > 10 × the start
    (np.r_[np.full(999, 20.0), np.inf], "diverged"),
])
def test_step_size_verdict_thresholds(history, verdict):
    assert step_size_verdict(history)[0] == verdict


def test_step_size_widget_reports_the_trainers_divergence_error():
    panel = step_size_widget(n_sentences=150, step_size=10.0)
    caption = panel.caption.value
    assert "diverged" in caption and "step_size=1" in caption and "⚠" in caption   # the trainer's hint


@pytest.fixture(scope="module")
def group_embeddings():
    rng = np.random.default_rng(0)
    groups = {"a": ["a1", "a2", "a3", "a4"], "b": ["b1", "b2", "b3", "b4"], "c": ["c1", "c2", "c3"]}
    centres = {"a": rng.normal(size=8) * 5, "b": rng.normal(size=8) * 5, "c": rng.normal(size=8) * 5}
    words = [w for ws in groups.values() for w in ws]
    vectors = np.array([centres[w[0]] + rng.normal(size=8) for w in words])
    return Embeddings(vectors, words), groups


def test_tsne_widget_checks_perplexity_and_groups(group_embeddings):
    embeddings, groups = group_embeddings
    panel = tsne_widget(embeddings, groups=groups, perplexity=3)
    perplexity, chooser = panel.children[:2]
    assert "11 words" in panel.caption.value
    assert {t.get_text() for t in panel.figure.axes[0].get_legend().get_texts()} == {"a", "b", "c"}
    chooser.value = ("c",)
    assert "too large for the 3 words" in panel.caption.value and "or choose more groups" in panel.caption.value
    chooser.value = ("a", "b")
    assert "8 words" in panel.caption.value
    chooser.value = ()
    assert "at least three words" in panel.caption.value


def test_tsne_widget_at_its_largest_perplexity_with_every_group(group_embeddings):
    embeddings, groups = group_embeddings
    panel = tsne_widget(embeddings, groups=groups, perplexity=3)
    perplexity, chooser = panel.children[:2]
    assert perplexity.max == 10                # 11 words: t-SNE needs a perplexity below 11
    perplexity.value = 50                      # the largest the slider allows
    assert perplexity.value == 10 and "t-SNE of 11 words, perplexity 10" in panel.caption.value
    chooser.value = ("a", "b")                 # 8 words: now too large, and more groups would help
    assert "needs a perplexity below the number of points, here at most 7" in panel.caption.value
    assert "or choose more groups (all 3 hold 11 words)" in panel.caption.value
    assert panel.figure is None                # the picture of the earlier choice is gone, not left under the message


def test_tsne_widget_with_every_group_never_suggests_choosing_more():
    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(60)]       # more words than the slider's top, 50
    panel = tsne_widget(Embeddings(rng.normal(size=(60, 4)), words), words, groups={"all": words})
    perplexity, chooser = panel.children[:2]
    assert perplexity.max == 50
    perplexity.value = 50
    assert "perplexity 50" in panel.caption.value and "choose more groups" not in panel.caption.value


def test_tsne_widget_names_an_unknown_word(group_embeddings):
    embeddings, _ = group_embeddings
    with pytest.raises(KeyError, match="zz"):
        tsne_widget(embeddings, groups={"x": ["a1", "zz", "a2"]})


def test_panels_print_a_stable_sentence():
    assert repr(window_widget()) == "<window_widget: an interactive figure; run the notebook in Jupyter to use its controls>"


@pytest.mark.parametrize("dim", [0, -3, 2.5, True])
def test_the_cost_widget_refuses_a_dimension_below_one(dim):
    """Before: dim=0 drew invisible zero curves and still captioned "909 times fewer"."""
    from w2vlib.widgets import cost_per_pair_widget

    with pytest.raises(ValueError, match=r"dim must be a whole number of at least 1 .* got"):
        cost_per_pair_widget(dim=dim)


@pytest.mark.parametrize("value", [-1, 0.0001, 1e9, float("nan"), "0.1"])
def test_the_step_size_widget_names_a_step_size_its_slider_cannot_show(value):
    """Before: the log slider moved -1 or 1e-4 to 0.001 and 1e9 to 10 without a word and trained at that α (text was
    ipywidgets' TraitError)."""
    with pytest.raises(ValueError) as info:
        step_size_widget(step_size=value)
    assert f"step_size={value!r} is outside the slider (0.001 to 10); choose a value in that range" in str(info.value)


@pytest.mark.parametrize("value", [0.5, 100, "5"])
def test_the_tsne_widget_names_a_perplexity_its_slider_cannot_show(value, group_embeddings):
    """Before: 0.5 became 2 and 100 became 50 without a word; text was ipywidgets' TraitError."""
    embeddings, groups = group_embeddings
    with pytest.raises(ValueError) as info:
        tsne_widget(embeddings, groups=groups, perplexity=value)
    assert f"perplexity={value!r} is outside the slider (2 to 50)" in str(info.value)
