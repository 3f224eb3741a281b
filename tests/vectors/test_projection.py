"""w2vlib.vectors.projection: 2-D projections and labels that do not overlap."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from w2vlib import Embeddings
from w2vlib.vectors.projection import overlapping_labels, place_labels, plot_projection, project


def clustered(rng, n_groups=6, per_group=6, d=20, spread=0.05):
    centres = rng.normal(size=(n_groups, d))
    return np.vstack([c + spread * rng.normal(size=(per_group, d)) for c in centres])


def label_boxes(ax):
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in ax.texts]


def test_crowded_clusters_get_labels_that_neither_overlap_nor_leave_the_axes(rng):
    vectors = clustered(rng)
    words = [f"word{i:02d}" for i in range(len(vectors))]
    fig = plot_projection(vectors, words, groups=[w[-1] for w in words])
    ax = fig.axes[0]
    assert len(ax.texts) == len(words)
    assert overlapping_labels(ax) == []
    frame = ax.get_window_extent(ax.figure.canvas.get_renderer())
    for box in label_boxes(ax):
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
    plt.close(fig)


def test_labels_stay_near_their_points_and_off_the_markers():
    fig, ax = plt.subplots(figsize=(6, 4))
    points = np.array([[0.0, 0.0], [0.01, 0.0], [0.0, 0.01], [0.01, 0.01], [1.0, 1.0], [0.5, 0.2]])
    ax.scatter(points[:, 0], points[:, 1])
    texts = place_labels(ax, points, ["alpha", "beta", "gamma", "delta", "far", "mid"])
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    anchors = ax.transData.transform(points)
    for anchor, text in zip(anchors, texts):
        box = text.get_window_extent(renderer)
        nearest = np.clip(anchor, [box.x0, box.y0], [box.x1, box.y1])
        assert np.hypot(*(nearest - anchor)) < 130          # pixels: next to its point, not across the plot
        for other in anchors:                               # no label covers any marker's centre
            assert not (box.x0 < other[0] < box.x1 and box.y0 < other[1] < box.y1)
    assert overlapping_labels(ax) == []
    plt.close(fig)


def test_placement_is_deterministic(rng):
    vectors = clustered(rng, n_groups=3)
    words = [f"w{i}" for i in range(len(vectors))]
    positions = []
    for _ in range(2):
        fig = plot_projection(vectors, words)
        positions.append([t.get_position() for t in fig.axes[0].texts])
        plt.close(fig)
    assert positions[0] == positions[1]


def test_pca_explained_variance_matches_the_planted_spread(rng):
    # Variance 9, 4 and 1 along three orthogonal directions: the first two axes hold 9/14 and 4/14 of it.
    basis, _ = np.linalg.qr(rng.normal(size=(10, 3)))
    coords = rng.normal(size=(20000, 3)) * [3.0, 2.0, 1.0]
    points, explained = project(coords @ basis.T, "pca")
    assert points.shape == (20000, 2)
    np.testing.assert_allclose(explained, [9 / 14, 4 / 14], atol=0.01)


def test_tsne_keeps_clusters_apart(rng):
    vectors = clustered(rng, n_groups=3, per_group=8)
    points, explained = project(vectors, "tsne", perplexity=5, seed=0)
    assert explained is None
    labels = np.repeat(np.arange(3), 8)
    within = np.mean([np.linalg.norm(points[a] - points[b]) for a in range(24) for b in range(24)
                      if a != b and labels[a] == labels[b]])
    between = np.mean([np.linalg.norm(points[a] - points[b]) for a in range(24) for b in range(24)
                       if labels[a] != labels[b]])
    assert within < between / 3


def test_words_are_looked_up_in_embeddings_and_groups_may_be_a_mapping(rng):
    vectors = clustered(rng, n_groups=2, per_group=3, d=8)
    emb = Embeddings(vectors, ["a", "b", "c", "x", "y", "z"])
    fig = plot_projection(emb, groups={"first": ["a", "b", "c"], "second": ["z", "y", "x"]})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["a", "b", "c", "z", "y", "x"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["first", "second"]
    plt.close(fig)
    with pytest.raises(KeyError, match="nope"):
        plot_projection(emb, ["a", "b", "nope"])


@pytest.mark.parametrize("kwargs, match", [
    (dict(method="umap"), "method"),
    (dict(method="tsne", perplexity=6), "perplexity"),
    (dict(method="tsne", perplexity=0), "perplexity"),
    (dict(method="pca", perplexity=5), "perplexity"),
    (dict(groups=["g1", "g2"]), "groups"),
])
def test_bad_arguments_are_named(kwargs, match, rng):
    with pytest.raises(ValueError, match=match):
        plot_projection(rng.normal(size=(6, 4)), list("abcdef"), **kwargs)


def test_rows_and_words_must_agree(rng):
    with pytest.raises(ValueError, match="rows but words"):
        plot_projection(rng.normal(size=(5, 4)), list("abcdef"))
    with pytest.raises(ValueError, match="more than once"):
        plot_projection(rng.normal(size=(4, 4)), list("abca"))
    with pytest.raises(ValueError, match="at least 3"):
        project(rng.normal(size=(2, 4)))


def test_tsne_seed_matters_only_with_random_initialisation():
    vectors = np.random.default_rng(5).normal(size=(30, 10))
    pca_start = [project(vectors, "tsne", perplexity=5, seed=s)[0] for s in (0, 1)]
    random_start = [project(vectors, "tsne", perplexity=5, seed=s, init="random")[0] for s in (0, 1)]
    assert np.allclose(*pca_start)
    assert not np.allclose(*random_start)
    with pytest.raises(ValueError, match="init"):
        project(vectors, "tsne", init="spectral")


def test_labels_are_placed_on_a_figure_pyplot_has_closed():
    """Closing a pyplot figure gives it Matplotlib's base canvas, which has no renderer of its own; the explorer
    once failed there with "'FigureCanvasBase' object has no attribute 'get_renderer'" (notebook 08 in a browser)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    plt.close(fig)
    assert type(fig.canvas).__name__ == "FigureCanvasBase"
    rng = np.random.default_rng(4)
    plot_projection(rng.normal(size=(12, 5)), [f"w{i}" for i in range(12)], [i % 3 for i in range(12)], ax=ax)
    assert len(ax.texts) == 12 and overlapping_labels(ax) == []


@pytest.mark.parametrize("method", ["pca", "tsne"])
def test_vectors_with_no_variance_are_refused_not_projected_to_nan(method):
    """Before: nan coordinates and an axis label 'nan% of the variance'."""
    with pytest.raises(ValueError, match="all 6 vectors are the same point"):
        project(np.full((6, 4), 0.25), method)
