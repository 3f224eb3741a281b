"""The small widgets beside the static figures of notebooks 01, 03, 04 and 06, driven without a browser."""
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from w2vlib.vectors.embeddings import Embeddings  # noqa: E402
from w2vlib.widgets import cost_per_pair_widget, step_size_widget, tsne_widget, window_widget  # noqa: E402


def _texts_with_gid(fig, gid):
    return [t.get_text() for t in fig.axes[0].texts if t.get_gid() == gid]


def test_window_widget_marks_2m_outside_words_of_banking():
    panel = window_widget()
    slider = panel.children[0]
    assert _texts_with_gid(panel.figure, "outside-word") == ["turning", "into", "crises", "as"]
    slider.value = 1
    assert _texts_with_gid(panel.figure, "outside-word") == ["into", "crises"]
    assert "2 outside words" in panel.caption.value
    slider.value = 3          # the sentence has only 2 words left of "into": the window is cut at its edge
    assert len(_texts_with_gid(panel.figure, "outside-word")) == 6 and "6 (center, outside) pairs" in panel.caption.value
    assert slider.continuous_update is False


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


def test_step_size_widget_keeps_earlier_curves_and_explains_divergence():
    panel = step_size_widget(n_sentences=60)
    slider = panel.children[0]
    assert "window loss" in panel.caption.value
    slider.value = 0.01
    lines = panel.figure.axes[0].lines
    assert [line.get_alpha() for line in lines] == [0.35, 1.0]
    slider.value = 10.0       # on 60 sentences the loss grows enormously without reaching inf
    assert "overshoot" in panel.caption.value and "#b00020" in panel.caption.value
    assert panel.figure.axes[0].get_ylim()[1] < 100
    assert "Traceback" not in panel.caption.value


@pytest.fixture(scope="module")
def group_embeddings():
    rng = np.random.default_rng(0)
    groups = {"a": ["a1", "a2", "a3", "a4"], "b": ["b1", "b2", "b3", "b4"], "c": ["c1", "c2", "c3"]}
    centres = {"a": rng.normal(size=8) * 5, "b": rng.normal(size=8) * 5, "c": rng.normal(size=8) * 5}
    words = [w for ws in groups.values() for w in ws]
    vectors = np.array([centres[w[0]] + rng.normal(size=8) for w in words])
    return Embeddings(vectors, words), groups


def test_step_size_widget_reports_the_trainers_divergence_error():
    panel = step_size_widget(n_sentences=150, step_size=10.0)
    assert "training diverged" in panel.caption.value and "step_size=1" in panel.caption.value   # the trainer's hint


def test_tsne_widget_checks_perplexity_and_groups(group_embeddings):
    embeddings, groups = group_embeddings
    panel = tsne_widget(embeddings, groups=groups, perplexity=3)
    perplexity, chooser = panel.children[:2]
    assert "11 words" in panel.caption.value
    assert {t.get_text() for t in panel.figure.axes[0].get_legend().get_texts()} == {"a", "b", "c"}
    chooser.value = ("c",)
    assert "too large for the 3 words" in panel.caption.value
    chooser.value = ("a", "b")
    assert "8 words" in panel.caption.value
    chooser.value = ()
    assert "at least three words" in panel.caption.value


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
