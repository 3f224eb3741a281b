"""The context window: which positions are outside words, and what the window figure marks."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, strategies as st  # noqa: E402

from w2vlib.course.figures import COLUMN_WIDTH, small_texts  # noqa: E402
from w2vlib.vectors.projection import overlapping_labels  # noqa: E402
from w2vlib.losses.window import is_placeholder, outside_positions, outside_words, plot_window, window_figsize  # noqa: E402

BANKING = "... problems turning into banking crises as ...".split()


def marked_words(ax, role):
    return [text.get_text() for text in ax.texts if text.get_gid() == role]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_handout_example_marks_the_four_outside_words():
    ax = plot_window(BANKING, 4, 2)
    assert marked_words(ax, "center-word") == ["banking"]
    assert marked_words(ax, "outside-word") == ["turning", "into", "crises", "as"]
    assert marked_words(ax, "other-word") == ["problems"]
    assert marked_words(ax, "placeholder") == ["...", "..."]
    assert "banking" in ax.get_title() and "m = 2" in ax.get_title()


def test_placeholders_are_never_outside_words_nor_labelled():
    ax = plot_window(BANKING, 4, 4)       # the window reaches both "..."
    assert marked_words(ax, "outside-word") == ["problems", "turning", "into", "crises", "as"]
    labels = [text.get_text() for text in ax.texts]
    assert "$w_{t-4}$" not in labels and "$w_{t+3}$" not in labels and "$w_{t-3}$" in labels
    assert not [label for label in labels if label.startswith("$P(w_{t+3}")]
    assert outside_words(BANKING, 4, 4) == [1, 2, 3, 5, 6] and is_placeholder("…") and not is_placeholder("as")


def test_the_banking_figure_fits_the_notebook_column_with_text_of_8_points_or_more():
    for m in (1, 2, 3, 4):
        ax = plot_window(BANKING, 4, m)
        width, height = ax.figure.get_size_inches()
        ax.figure.draw_without_rendering()
        drawn = ax.figure.get_tightbbox().width       # inches, what the notebook shows (bbox_inches="tight")
        assert drawn <= COLUMN_WIDTH, f"m = {m}: {drawn:.2f} in"
        assert small_texts(ax.figure) == [], m
        assert overlapping_labels(ax) == [], m
        assert (width, height) == pytest.approx(window_figsize(BANKING, 4, m))


def test_arrow_labels_name_each_offset():
    ax = plot_window(BANKING, 4, 2)
    labels = [text.get_text() for text in ax.texts if text.get_text().startswith("$P(")]
    assert sorted(labels) == sorted(f"$P(w_{{t{j}}} \\mid w_t)$" for j in ("-2", "-1", "+1", "+2"))


def test_center_at_the_start_of_the_sentence_has_only_right_neighbours():
    ax = plot_window("the cat sat on the mat".split(), 0, 2)
    assert marked_words(ax, "center-word") == ["the"]
    assert marked_words(ax, "outside-word") == ["cat", "sat"]
    assert outside_positions(6, 0, 2) == [1, 2]


def test_center_at_the_end_with_a_window_wider_than_the_sentence():
    ax = plot_window("the cat sat".split(), 2, 5)
    assert marked_words(ax, "outside-word") == ["the", "cat"]
    assert marked_words(ax, "other-word") == []


def test_one_word_sentence_has_no_outside_words():
    ax = plot_window(["alone"], 0, 3)
    assert marked_words(ax, "outside-word") == []
    assert outside_positions(1, 0, 3) == []


def test_draws_on_a_given_axes():
    fig, ax = plt.subplots()
    assert plot_window(BANKING, 4, 1, ax=ax) is ax
    assert marked_words(ax, "outside-word") == ["into", "crises"]


@given(n=st.integers(1, 30), data=st.data(), m=st.integers(1, 8))
def test_outside_positions_are_the_window_cut_at_the_sentence_ends(n, data, m):
    t = data.draw(st.integers(0, n - 1))
    positions = outside_positions(n, t, m)
    assert positions == sorted(set(positions))
    assert all(0 <= p < n and p != t and abs(p - t) <= m for p in positions)
    assert len(positions) == min(t, m) + min(n - 1 - t, m)


@pytest.mark.parametrize("center_position", [-1, 8, 100])
def test_center_out_of_range_is_a_clear_error(center_position):
    with pytest.raises(ValueError, match=r"center_position=.* out of range: the sentence has 8 words, so valid positions are 0\.\.7"):
        plot_window(BANKING, center_position, 2)


@pytest.mark.parametrize("window", [0, -2])
def test_window_below_one_is_a_clear_error(window):
    with pytest.raises(ValueError, match=r"window \(m\) must be an integer >= 1, got"):
        plot_window(BANKING, 4, window)
    with pytest.raises(ValueError, match=r"window \(m\) must be an integer >= 1, got"):
        outside_positions(8, 4, window)


@pytest.mark.parametrize("bad, message", [
    ("problems turning into banking", "list of words"),
    ([], "empty"),
])
def test_bad_sentences_are_clear_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        plot_window(bad, 0, 2)


def test_non_integer_center_position_is_a_clear_error():
    with pytest.raises(ValueError, match="center_position must be an integer"):
        plot_window(BANKING, 4.0, 2)
    assert outside_positions(8, np.int64(4), 2) == [2, 3, 5, 6]
