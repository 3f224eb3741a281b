"""Word vectors in two dimensions: PCA or t-SNE (scikit-learn), drawn with labels that do not overlap.

    fig = plot_projection(embeddings, groups={"countries": ["france", "spain"], "capitals": ["paris", "madrid"]})
    points, explained = project(vectors, method="pca")

A 2-D picture of d-dimensional vectors always distorts something: PCA keeps the two directions of largest
variance (``explained`` says what share of the variance they hold) and drops the rest; t-SNE keeps
neighbourhoods, not distances, and depends on its perplexity and seed. Notebook 06 measures both.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from ..course.figures import series_style, text_colour
from ..validation import as_float_array, check_positive_int

METHODS = ("pca", "tsne")
LABEL_PAD_PX = 2.0          # labels keep at least this many pixels between them
POINT_RADIUS_PX = 4.0       # and stay this far from every marker


def default_perplexity(n_words: int) -> float:
    """t-SNE's perplexity when none is given: 30 (scikit-learn's default), at most (n − 1) / 3 for few words."""
    return min(30.0, (n_words - 1) / 3)


def project(vectors, method: str = "pca", *, perplexity: float | None = None, seed: int = 0,
            remove_mean: bool = False, init: str = "pca") -> tuple[np.ndarray, np.ndarray | None]:
    """Project n vectors to the plane.

    vectors:     shape (n, d), one row per word (for example ``embeddings[words]``).
    method:      ``"pca"`` (deterministic) or ``"tsne"`` (scikit-learn's TSNE, PCA-initialised unless ``init="random"``).
    perplexity:  t-SNE only: roughly the number of neighbours each point keeps; must be below n
                 (default: min(30, (n − 1) / 3)).
    seed:        t-SNE's random state.
    init:        t-SNE only: ``"pca"`` (start from the PCA picture: the result hardly depends on ``seed``) or
                 ``"random"`` (start from random points drawn with ``seed``: another seed, another picture).
    remove_mean: subtract the mean vector first (negative-sampling vectors share a common direction).
    Returns ``(points, explained)``: points of shape (n, 2); for PCA, ``explained`` has shape (2,), the share
    of the total variance each axis holds; for t-SNE it is None.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}.")
    if init not in ("pca", "random"):
        raise ValueError(f"init must be 'pca' or 'random' (t-SNE's starting points), got {init!r}.")
    vectors = as_float_array(vectors, "vectors", 2, "(n, d)")
    n = vectors.shape[0]
    if n < 3:
        raise ValueError(f"vectors has {n} rows; a 2-D projection needs at least 3 words.")
    if vectors.shape[1] < 2:
        raise ValueError(f"vectors has d = 1 (shape {vectors.shape}): each word is a single number, already a point on "
                         "a line, and there is no second direction to project on; plot the numbers directly, or "
                         "train with dim >= 2.")
    check_positive_int(seed, "seed", minimum=0)
    if remove_mean:
        vectors = vectors - vectors.mean(axis=0)
    vectors = vectors.astype(np.float64)
    spread = vectors - vectors.mean(axis=0)
    if not np.any(np.abs(spread) > 1e-12 * max(1.0, float(np.abs(vectors).max()))):
        raise ValueError(f"all {n} vectors are the same point (zero variance), so there is no direction to project "
                         "on and every coordinate would be nan. Were they trained? (At V = U = 0 training cannot "
                         "move: notebook 07.) Pass vectors that differ.")
    if method == "pca":
        if perplexity is not None:
            raise ValueError("perplexity is a t-SNE setting; leave it out with method='pca'.")
        from sklearn.decomposition import PCA

        pca = PCA(n_components=2, svd_solver="full")
        points = pca.fit_transform(vectors)
        return points, pca.explained_variance_ratio_
    perplexity = default_perplexity(n) if perplexity is None else perplexity
    if isinstance(perplexity, bool) or not isinstance(perplexity, (int, float, np.number)) \
            or not 0 < perplexity < n:
        raise ValueError(f"perplexity must be a number between 0 and the number of words ({n}), got {perplexity!r}; "
                         "values from 5 to 50 are usual, smaller for a few dozen words.")
    from sklearn.manifold import TSNE

    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    tsne = TSNE(n_components=2, perplexity=float(perplexity), init=init, learning_rate="auto", random_state=seed)
    # One thread: for a few hundred words OpenMP threads only wait for each other, and on a busy 2-core machine
    # that wait made one 40-word t-SNE take 15 s instead of 0.5 s.
    with threadpool_limits(limits=1):
        return tsne.fit_transform(vectors), None


def rows_for(vectors, words: Sequence[str]) -> np.ndarray:
    """The (n, d) rows for ``words``: looked up in an Embeddings, or ``vectors`` itself when it is an array."""
    if hasattr(vectors, "get_index") and hasattr(vectors, "vectors"):   # an Embeddings (KeyError names the word)
        return np.asarray(vectors.vectors)[[vectors.get_index(w) for w in words]]
    array = as_float_array(vectors, "vectors", 2, "(len(words), d)")
    if array.shape[0] != len(words):
        raise ValueError(f"vectors has {array.shape[0]} rows but words has {len(words)} entries; pass one row per "
                         "word, in the same order, or pass an Embeddings to look the words up in.")
    return array


def words_and_labels(words, groups) -> tuple[list[str], list[str] | None]:
    """Turn ``groups`` (a mapping name -> words, or one label per word) into a word list and a label list."""
    if isinstance(groups, Mapping):
        listed = [w for members in groups.values() for w in members]
        if words is not None and list(words) != listed:
            raise ValueError("with groups given as a mapping {group: words}, leave words out (or pass exactly the "
                             "groups' words in order).")
        return listed, [name for name, members in groups.items() for _ in members]
    if words is None:
        raise ValueError("words is missing: pass the words to plot, or groups as a mapping {group: [words]}.")
    words = list(words)
    if groups is None:
        return words, None
    labels = list(groups)
    if len(labels) != len(words):
        raise ValueError(f"groups has {len(labels)} labels but words has {len(words)}; give one group per word, or a "
                         "mapping {group: [words]}.")
    return words, [str(label) for label in labels]


def plot_projection(vectors, words: Sequence[str] | None = None, groups=None, *, method: str = "pca",
                    ax=None, perplexity: float | None = None, seed: int = 0, remove_mean: bool = False,
                    init: str = "pca",
                    title: str | None = None, fontsize: float = 9):
    """Scatter the words' vectors in 2-D, coloured by group, with labels placed so that they do not overlap.

    vectors:     an :class:`w2vlib.vectors.embeddings.Embeddings` (the words are looked up in it), or an array of shape
                 (len(words), d) whose row i is the vector of ``words[i]``.
    words:       the words to plot (may be left out when ``groups`` is a mapping).
    groups:      a mapping ``{group name: [words]}`` or one group label per word (None: one colour). Each group
                 gets a colour of :data:`w2vlib.course.figures.PALETTE` and a marker of its own (colour is never the only cue).
    method, perplexity, seed, remove_mean, init: as in :func:`project`.
    ax:          the Matplotlib axes to draw into (default: a new 7 × 5.5 inch figure).
    Returns the Figure. The axis titles say what the axes are (PCA: the share of variance each holds).
    """
    import matplotlib.pyplot as plt

    words, labels = words_and_labels(words, groups)
    if len(set(words)) != len(words):
        duplicated = sorted({w for w in words if words.count(w) > 1})
        raise ValueError(f"words lists {duplicated} more than once; each word can be plotted once.")
    points, explained = project(rows_for(vectors, words), method, perplexity=perplexity, seed=seed,
                                remove_mean=remove_mean, init=init)
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 5.5))
    fig = ax.figure
    # each group its colour (Okabe-Ito) and its marker, so that the groups differ in shape too; the labels in the
    # group's colour, darkened to read on white
    group_of = labels if labels is not None else [None] * len(words)
    style_of = {name: series_style(i) for i, name in enumerate(dict.fromkeys(group_of))}
    for name, style in style_of.items():
        mask = np.array([group == name for group in group_of])
        ax.scatter(points[mask, 0], points[mask, 1], s=30, color=style["color"], marker=style["marker"], label=name,
                   zorder=3)
    colours = [text_colour(style_of[group]["color"]) for group in group_of]
    if labels is not None:
        ax.legend(fontsize=fontsize, loc="best", framealpha=0.85)
    if method == "pca":
        ax.set_xlabel(f"first principal component ({explained[0]:.0%} of the variance)")
        ax.set_ylabel(f"second principal component ({explained[1]:.0%})")
    else:
        ax.set_xlabel("t-SNE axis 1 (no units: only neighbourhoods are meaningful)")
        ax.set_ylabel("t-SNE axis 2")
    if title is None:
        title = ("PCA" if method == "pca" else f"t-SNE (perplexity {perplexity or default_perplexity(len(words)):g},"
                 f" seed {seed})") + f" of {len(words)} word vectors"
    ax.set_title(title)
    place_labels(ax, points, words, colours=colours, fontsize=fontsize)
    return fig


def place_labels(ax, points: np.ndarray, labels: Sequence[str], *, colours: Sequence[str] | None = None,
                 fontsize: float = 9) -> list:
    """Write ``labels[i]`` next to ``points[i]`` so that no two labels overlap and no label covers a marker.

    points: shape (n, 2) in data coordinates. Greedy and deterministic: the axis limits are widened by a margin
    and fixed; then, label by label (those in the most crowded places first), candidate boxes are tried around
    the point in eight directions at growing distances, in screen pixels, and the first one that stays inside
    the axes and touches no placed label and no marker is taken. A label placed away from its point gets a thin
    leader line. Returns the Text artists.
    """
    points = np.asarray(points, dtype=float)
    n = points.shape[0]
    if points.ndim != 2 or points.shape[1] != 2 or len(labels) != n:
        raise ValueError(f"points must have shape (n, 2) with one label each; got points {points.shape} and "
                         f"{len(labels)} labels.")
    colours = ["black"] * n if colours is None else list(colours)
    # Fix the limits first (with room for labels), so that the data -> pixel transform stops moving.
    lo, hi = points.min(axis=0), points.max(axis=0)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    ax.set_xlim(lo[0] - 0.12 * span[0], hi[0] + 0.22 * span[0])
    ax.set_ylim(lo[1] - 0.10 * span[1], hi[1] + 0.12 * span[1])
    fig = ax.figure
    texts = [ax.text(x, y, str(label), fontsize=fontsize, color=colour, ha="left", va="bottom", zorder=4)
             for (x, y), label, colour in zip(points, labels, colours)]
    fig.draw_without_rendering()   # lays the figure out, whatever its canvas (a closed figure's has no renderer)
    anchors = ax.transData.transform(points)                               # (n, 2) marker centres, pixels
    sizes = np.array([[b.width, b.height] for b in (t.get_window_extent() for t in texts)])
    frame = ax.get_window_extent()
    markers = np.hstack([anchors - POINT_RADIUS_PX, anchors + POINT_RADIUS_PX])   # (n, 4) boxes x0 y0 x1 y1
    legend = ax.get_legend()                                                # the legend is an obstacle too
    placed = np.empty((0, 4)) if legend is None else np.array([legend.get_window_extent().extents])
    corners = anchors.copy()
    crowding = (np.hypot(*(anchors[:, None, :] - anchors[None, :, :]).transpose(2, 0, 1)) < 40).sum(axis=1)
    directions = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1], [1, 0], [-1, 0], [0, 1], [0, -1]], dtype=float)
    radii = POINT_RADIUS_PX + LABEL_PAD_PX + np.arange(0, 120, 6.0)
    leader = np.zeros(n, dtype=bool)
    # candidate lower-left corners: the box sits on the side of the point that the direction names
    offsets = (directions[None, :, :] * radii[:, None, None]).reshape(-1, 2)
    for i in sorted(range(n), key=lambda k: (-crowding[k], k)):
        w, h = sizes[i]
        shift = np.where(directions < 0, -np.array([w, h]), np.where(directions == 0, -np.array([w, h]) / 2, 0))
        lower_left = anchors[i] + offsets + np.tile(shift, (len(radii), 1))
        boxes = np.hstack([lower_left, lower_left + [w, h]])
        inside = ((boxes[:, 0] >= frame.x0 + 1) & (boxes[:, 2] <= frame.x1 - 1)
                  & (boxes[:, 1] >= frame.y0 + 1) & (boxes[:, 3] <= frame.y1 - 1))
        free = inside & ~_any_overlap(boxes, markers, 0.0) & ~_any_overlap(boxes, placed, LABEL_PAD_PX)
        choice = int(np.argmax(free)) if free.any() else int(np.argmax(inside)) if inside.any() else 0
        corners[i] = boxes[choice, :2]
        leader[i] = choice >= 2 * len(directions)          # beyond the two innermost rings
        placed = np.vstack([placed, boxes[choice]])
    from_pixels = ax.transData.inverted()
    for i, text in enumerate(texts):
        text.set_position(from_pixels.transform(corners[i]))
        if leader[i]:
            nearest = np.clip(anchors[i], corners[i], corners[i] + sizes[i])
            ax.plot(*from_pixels.transform(np.array([anchors[i], nearest])).T, color=colours[i], lw=0.6,
                    alpha=0.6, zorder=2)
    return texts


def _any_overlap(boxes: np.ndarray, others: np.ndarray, pad: float) -> np.ndarray:
    """For each box (x0, y0, x1, y1) of ``boxes`` (m, 4): does it overlap any of ``others`` (k, 4), within ``pad``?"""
    if others.shape[0] == 0:
        return np.zeros(boxes.shape[0], dtype=bool)
    apart = ((boxes[:, None, 0] >= others[None, :, 2] + pad) | (boxes[:, None, 2] + pad <= others[None, :, 0])
             | (boxes[:, None, 1] >= others[None, :, 3] + pad) | (boxes[:, None, 3] + pad <= others[None, :, 1]))
    return ~apart.all(axis=1)


def overlapping_labels(ax) -> list[tuple[str, str]]:
    """The pairs of text labels inside ``ax`` whose boxes overlap on screen (a check for tests and notebooks)."""
    ax.figure.draw_without_rendering()
    texts = [t for t in ax.texts if t.get_text()]
    boxes = [t.get_window_extent() for t in texts]
    return [(texts[i].get_text(), texts[j].get_text()) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if boxes[i].overlaps(boxes[j])]
