"""Widgets (ipywidgets 8) for the notebooks: the explorer of notebook 08 and small sliders beside static figures.

The logic lives apart from the widgets, so it runs (and is tested) without a browser:

* :func:`run_explorer` trains once for an :class:`ExplorerSettings` and returns an :class:`ExplorerRun`
  (loss history, the shown words' vectors, neighbour table, seconds, error message); notebook 08's static sweeps
  call it too, and draw with :func:`plot_loss_curves` and :func:`plot_run_projection`.
* :class:`Explorer` is the widget around it: sliders for m, K, α, d, epochs and β, the model (skip-gram or
  CBOW) and the loss (negative sampling or the hierarchical softmax), a corpus choice, the loss
  curves, the PCA view, the neighbour table and the training time.
* :func:`window_widget`, :func:`cost_per_pair_widget`, :func:`step_size_widget` and :func:`tsne_widget` animate
  the static figures of notebooks 01, 03, 04 and 06.
"""
from .explorer import Explorer
from .explorer_plots import plot_loss_curves, plot_run_projection
from .explorer_run import ExplorerRun, ExplorerSettings, run_explorer
from .figure_widgets import cost_per_pair_widget, step_size_widget, tsne_widget, window_widget

__all__ = ["cost_per_pair_widget", "Explorer", "ExplorerRun", "ExplorerSettings", "plot_loss_curves",
           "plot_run_projection", "run_explorer", "step_size_widget", "tsne_widget", "window_widget"]
