"""The explorer's two pictures, as plain Matplotlib functions (the widget and notebook 08 both draw with them)."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .explorer_run import ExplorerRun


def plot_loss_curves(runs: Sequence[ExplorerRun], ax=None, title: str | None = None):
    """Loss against epochs for several runs: the last one bold, earlier ones faded, a diverged one ending in ×.

    runs: :class:`ExplorerRun` results, oldest first. Returns the Figure.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(4.6, 3.4))
    # A diverging run's last losses are astronomically large: cut the y-axis at 1.5 × the largest starting loss.
    starts = [run.loss_history[0] for run in runs if len(run.loss_history)]
    top = 1.5 * max(starts) if starts else 1.0
    for i, run in enumerate(runs):
        latest = i == len(runs) - 1
        style = dict(lw=1.6, alpha=1.0, color="C0") if latest else dict(lw=1.0, alpha=0.35, color=f"C{1 + i % 9}")
        label = run.settings.label() + (" (diverged)" if run.diverged else "")
        if len(run.loss_history):
            shown = np.minimum(run.loss_history, top)
            ax.plot(run.progress, shown, label=label, **style)
            if run.diverged:
                ax.plot(run.progress[-1:], shown[-1:], marker="x", ms=9, mew=2, **style)
        elif latest:
            ax.plot([], [], label=label, **style)
    ax.set(title=title or "Loss per (center, outside) pair", xlabel="epochs", ylabel="mean pair loss J per minibatch",
           ylim=(0, top))
    ax.grid(alpha=0.3)
    if runs:
        ax.legend(fontsize=7, loc="upper right")
    return ax.figure


def plot_run_projection(run: ExplorerRun, ax=None, title: str | None = None):
    """The shown words' center vectors in 2-D (PCA, mean removed), coloured by group, via
    :func:`w2vlib.projection.plot_projection`. Returns the Figure (an empty frame with a note when the run has none)."""
    import matplotlib.pyplot as plt

    from ..projection import plot_projection

    if ax is None:
        _, ax = plt.subplots(figsize=(4.6, 3.4))
    if run.vectors is None:
        ax.text(0.5, 0.5, "no vectors to show\n(see the message above)", ha="center", va="center",
                transform=ax.transAxes, color="grey")
        ax.set(title=title or "Center vectors, 2-D PCA", xticks=[], yticks=[])
        return ax.figure
    return plot_projection(run.vectors, run.words, run.groups, method="pca", ax=ax, remove_mean=True, fontsize=7,
                           title=title or f"Center vectors v_w, 2-D PCA ({run.settings.label().split(' d=')[0]})")
