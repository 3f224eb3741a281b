"""The explorer's two pictures, as plain Matplotlib functions (the widget and notebook 08 both draw with them)."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..course.figures import series_style
from .explorer_run import ExplorerRun


SMOOTH_MINIBATCHES = 20   # the curves show the mean loss of the last 20 minibatches, so that they can be read
SYMBOLS = {"window": "m", "n_negatives": "K", "step_size": "α", "dim": "d", "epochs": "epochs", "neg_power": "β",
           "corpus": "corpus"}


def running_mean(values: np.ndarray, width: int = SMOOTH_MINIBATCHES) -> np.ndarray:
    """Entry i is the mean of values[max(0, i − width + 1) .. i], shape as ``values``."""
    sums = np.cumsum(np.concatenate([[0.0], values]))
    counts = np.minimum(np.arange(1, len(values) + 1), width)
    return (sums[1:] - sums[np.arange(1, len(values) + 1) - counts]) / counts


def run_labels(runs: Sequence[ExplorerRun]) -> list[str]:
    """A short legend entry per run: only the settings that differ between the runs ("K=0", "K=5"), or all of
    them (the settings' ``label()``) when there is one run or the runs share every setting."""
    varying = [name for name in SYMBOLS if len({getattr(run.settings, name) for run in runs}) > 1]
    if not varying:
        return [run.settings.label() for run in runs]
    return [" ".join(f"{SYMBOLS[name]}={getattr(run.settings, name):{'.3g' if name == 'step_size' else ''}}"
                     for name in varying) for run in runs]


def plot_loss_curves(runs: Sequence[ExplorerRun], ax=None, title: str | None = None, vary: str | None = None):
    """Loss against epochs for several runs, a diverged one ending in × at the top of the axis.

    runs: :class:`ExplorerRun` results, oldest first.
    vary: None (the widget): the last run bold, earlier ones faded, labelled by the settings in which the runs
          differ (:func:`run_labels`), in a legend below the axes that never covers a curve; or the name of the
          one setting a sweep varies (e.g. "step_size"): every run drawn alike, labelled "α = 0.1".
    Each run has its colour, marker and line style (w2vlib.course.figures.series_style); each curve is the running
    mean of the last 20 minibatch losses. Returns the Figure.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(4.6, 3.4))
    # A diverging run's last losses are astronomically large: cut the y-axis at 1.5 × the largest starting loss.
    starts = [run.loss_history[0] for run in runs if len(run.loss_history)]
    top = 1.5 * max(starts) if starts else 1.0
    labels = run_labels(runs) if vary is None else [f"{SYMBOLS.get(vary, vary)} = {getattr(run.settings, vary):g}"
                                                    for run in runs]
    for i, (run, label) in enumerate(zip(runs, labels)):
        if vary is None:
            latest = i == len(runs) - 1
            # the latest run in the first style, bold; earlier ones in the others, faded
            style = series_style(0 if latest else 1 + i)
            style.update(lw=2.0, alpha=1.0) if latest else style.update(lw=1.2, alpha=0.55)
        else:
            style = dict(series_style(i), lw=1.6, alpha=0.9)
        label += " (diverged)" if run.diverged else ""
        shown = np.minimum(running_mean(run.loss_history), top) if len(run.loss_history) else np.zeros(0)
        ax.plot(run.progress, shown, label=label, markevery=0.12, markersize=5, **style)
        if run.diverged and len(shown):
            ax.plot(run.progress[-1:], [top], **{**style, "marker": "x", "linestyle": "none"}, ms=9, mew=2)
    models = {run.settings.model for run in runs}   # skip-gram's loss is per pair, CBOW's per center word
    if models == {"skipgram"}:
        per, loss = "(center, outside) pair", "pair loss J"
    elif models == {"cbow"}:
        per, loss = "center word (CBOW)", "center-word loss J"
    else:
        per, loss = "pair (skip-gram) or center word (CBOW)", "loss J per pair or center word"
    ax.set(title=title or f"Loss per {per}", xlabel="epochs", ylim=(0, top),
           ylabel=f"{loss}, mean of {SMOOTH_MINIBATCHES} minibatches")
    ax.grid(alpha=0.3)
    if runs and vary is None:      # below the axes: however many runs, the legend covers no curve
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2 if len(runs) > 1 else 1,
                  frameon=False)
    elif runs:
        ax.legend(fontsize=9, loc="upper right")
    return ax.figure


def plot_run_projection(run: ExplorerRun, ax=None, title: str | None = None):
    """The shown words' center vectors in 2-D (PCA, mean removed), coloured by group, via
    :func:`w2vlib.vectors.projection.plot_projection`. Returns the Figure (an empty frame with a note when the run has none)."""
    from ..vectors.projection import plot_projection

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(4.6, 3.4))
    if run.vectors is None:
        ax.text(0.5, 0.5, "no vectors to show\n(see the message above)", ha="center", va="center",
                transform=ax.transAxes, color="#595959")
        ax.set(title=title or "Center vectors, 2-D PCA", xticks=[], yticks=[])
        return ax.figure
    return plot_projection(run.vectors, run.words, run.groups, method="pca", ax=ax, remove_mean=True, fontsize=8,
                           title=title or f"Center vectors v_w, 2-D PCA ({run.settings.label().split(' d=')[0]})")
