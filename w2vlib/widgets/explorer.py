"""The explorer widget of notebook 08: move a slider, and the model retrains and redraws in place.

    from w2vlib.widgets import Explorer
    Explorer().show()

Sliders for the window size m, the number of negatives K, the step size α (log scale), d, epochs and the noise
exponent β, the model (skip-gram or CBOW) and the loss (negative sampling or the hierarchical softmax, notebook 09;
K and β then do not apply and their controls are disabled), and a corpus choice (the planted toy corpus, or a short run on the Wikipedia sample); switching corpus
moves the sliders to settings that train there. On the toy corpus a released slider retrains at once
(``continuous_update=False``: never while dragging); on real text, the Train button does, a combination that would
diverge there is refused with a sentence before any training (:func:`check_step_size`), and the button "10-pass
vectors" shows notebook 06's vectors, trained ten times longer, next to the short run. Every run adds its loss curve
(earlier ones stay, faded, until "Clear earlier runs"), and the PCA view, the neighbour table and the training time
are redrawn in place (``clear_output(wait=True)``), on detached figures that nothing but the widget displays
(:mod:`w2vlib.widgets.output`). Errors are shown as a sentence in the widget, never as a traceback. All the work is
done by :func:`w2vlib.widgets.run_explorer`; this module only lays out controls and pictures.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from .accessible import PANEL_CLASS, accessibility_output
from .explorer_plots import plot_loss_curves, plot_run_projection
from .explorer_run import (LOSSES, MODELS, NEG_POWERS, ExplorerRun, ExplorerSettings, check_settings, check_step_size,
                           corpus_defaults, run_explorer, run_protocol_vectors)
from .output import message_html, show_figure, widget_figure
from ..validation import check_slider_value

MAX_CURVES = 6   # loss curves kept on the plot (the latest and up to five faded earlier ones)
K_ZERO_NOTE = ("<b>K = 0</b>: no negative samples, so nothing pushes vectors apart. The only goal left is "
               "σ(u<sub>o</sub><sup>T</sup>v<sub>c</sub>) → 1 for the real pairs, which every vector reaches by "
               "growing and turning the same way: the model ends up calling <i>any</i> pair real. "
               "With α = 0.1 the loss falls almost to 0 within five epochs.")
HS_NOTE = ("<b>Hierarchical softmax</b>: no negatives. Each word to predict is a leaf of a Huffman tree built from "
           "the counts, and P(w | input) is the product of σ(±u<sub>n</sub><sup>T</sup>x) along its path of about "
           "log<sub>2</sub>|V| inner nodes (notebook 09): K and β do not apply.")
K_NOTE = ("K = {k}: each real pair (c, o) is contrasted with {k} noise words drawn from "
          "P<sub>n</sub>(w) ∝ count(w)<sup>β</sup>; they push v<sub>c</sub> away from words it does not keep company with.")
SHORT_RUN_NOTE = ("One pass over the 450-thousand-word sample is too little for most words: many neighbours "
                  "above are chance. Press <b>10-pass vectors</b> for the vectors of notebook 06, trained ten times "
                  "longer (from the cache; the first time, about a minute of training).")
FIGURE_SIZE = (5.6, 4.0)   # inches: one picture per row at 1024 px, side by side on wider screens
# Sized for a projector (1024 x 768 with JupyterLab's file browser open: about 590 px for an output).
SLIDER_STYLE = {"description_width": "100px"}
BUTTON_STYLE = {"description_width": "100px", "button_width": "auto"}


class ExplorerPanel(widgets.VBox):
    """The explorer's top box; its plain-text form is one stable sentence (what nbval compares, and what a reader
    without a kernel sees), not a repr that contains the training time."""

    def __repr__(self) -> str:
        return "<the w2vlib explorer: run this notebook in Jupyter to move its sliders>"


def _slider(kind, description, value, **options):
    return kind(value=value, description=description, continuous_update=False, style=SLIDER_STYLE,
                layout=widgets.Layout(width="330px"), **options)


CORPORA = {"toy": "planted toy corpus", "toy-runon": "toy, sentences run together", "wiki": "Wikipedia sample (short run)"}
RANGES = {"window": (1, 10), "n_negatives": (0, 20), "step_size": (1e-4, 10.0), "dim": (2, 100), "epochs": (1, 20)}


def _check_settings(settings: ExplorerSettings) -> None:
    """A ValueError naming the setting, its value and what the explorer's controls allow (ipywidgets would raise a
    TraitError for a choice it does not offer, and silently clamp a number outside a slider's range)."""
    if settings.corpus not in CORPORA:
        raise ValueError(f"corpus={settings.corpus!r} is not one of the explorer's corpora: choose "
                         f"{', '.join(map(repr, CORPORA))}.")
    if settings.neg_power not in NEG_POWERS.values():
        raise ValueError(f"neg_power={settings.neg_power!r} is not one of the explorer's noise powers β: choose "
                         f"{', '.join(f'{v:g}' for v in NEG_POWERS.values())} (uniform, word2vec, unigram).")
    for name, (low, high) in RANGES.items():
        check_slider_value(getattr(settings, name), name, low, high, "the explorer's slider",
                           " (run_explorer trains with any value)")
    check_settings(settings)   # the rest, e.g. words given as one string ("paris" would become "p, a, r, i, s")


class Explorer:
    """The explorer: controls on top, the loss curves and the PCA view side by side, the neighbours below.

    settings: the starting :class:`ExplorerSettings`. train: run once at construction (the first picture).
    Attributes a test can read: ``runs`` (the :class:`ExplorerRun` results on the plot, oldest first),
    ``status`` and ``neighbours`` (HTML widgets), ``loss_figure`` and ``projection_figure`` (the last figures drawn).
    """

    def __init__(self, settings: ExplorerSettings = ExplorerSettings(), train: bool = True):
        _check_settings(settings)
        self.corpus = widgets.ToggleButtons(options=[(label, key) for key, label in CORPORA.items()],
                                            value=settings.corpus, description="corpus", style=BUTTON_STYLE)
        self.window = _slider(widgets.IntSlider, "window m", settings.window, min=1, max=10)
        self.n_negatives = _slider(widgets.IntSlider, "negatives K", settings.n_negatives, min=0, max=20)
        self.step_size = _slider(widgets.FloatLogSlider, "step size α", settings.step_size, base=10, min=-4, max=1,
                                 step=0.05, readout_format=".3g")
        self.dim = _slider(widgets.IntSlider, "dimension d", settings.dim, min=2, max=100)
        self.epochs = _slider(widgets.IntSlider, "epochs", settings.epochs, min=1, max=20)
        self.neg_power = widgets.ToggleButtons(options=list(NEG_POWERS.items()), value=settings.neg_power,
                                               description="noise power β", style=BUTTON_STYLE)
        self.model = widgets.ToggleButtons(options=list(MODELS.items()), value=settings.model, description="model",
                                           style=BUTTON_STYLE)
        self.loss = widgets.ToggleButtons(options=list(LOSSES.items()), value=settings.loss, description="loss",
                                          style=BUTTON_STYLE)
        self.words = widgets.Text(value=", ".join(settings.words), description="real words",
                                  placeholder="e.g. paris, london, berlin, red, blue, green (empty: 4 groups)",
                                  continuous_update=False, style=SLIDER_STYLE, layout=widgets.Layout(width="95%"))
        self.train_button = widgets.Button(description="Train", button_style="primary", icon="play")
        self.clear_button = widgets.Button(description="Clear earlier runs", icon="eraser",
                                           layout=widgets.Layout(width="auto"))
        self.long_button = widgets.Button(description="10-pass vectors", icon="history",
                                          tooltip="the Wikipedia sample's vectors of notebook 06 (10 passes, cached)",
                                          layout=widgets.Layout(width="auto"))
        self.k_note = widgets.HTML(layout=widgets.Layout(flex="1 1 220px", min_width="220px", max_width="420px"))
        self.status = widgets.HTML()
        self.loss_output = widgets.Output(layout=widgets.Layout(min_height="340px"))
        self.projection_output = widgets.Output(layout=widgets.Layout(min_height="340px"))
        self.neighbours = widgets.HTML()
        self.runs: list[ExplorerRun] = []
        self.loss_figure = self.projection_figure = None
        self._quiet = False

        for control in (self.window, self.n_negatives, self.step_size, self.dim, self.epochs, self.neg_power,
                        self.model, self.loss):
            control.observe(self._on_change, names="value")
        self.words.observe(self._on_words, names="value")
        self.corpus.observe(self._on_corpus, names="value")
        self.train_button.on_click(lambda _: self.train())
        self.clear_button.on_click(lambda _: self.clear_runs())
        self.long_button.on_click(lambda _: self.show_long_run())
        self._update_k_note()

        sliders = widgets.VBox([self.window, self.n_negatives, self.step_size, self.dim, self.epochs])
        self.widget = ExplorerPanel([
            self.corpus, widgets.HBox([sliders, self.k_note], layout=widgets.Layout(flex_flow="row wrap")), self.neg_power,
            self.model, self.loss, self.words,
            widgets.HBox([self.train_button, self.clear_button, self.long_button]), self.status,
            widgets.HBox([self.loss_output, self.projection_output], layout=widgets.Layout(flex_flow="row wrap")),
            self.neighbours, accessibility_output()])
        self.widget.add_class(PANEL_CLASS)
        self._show_long_button()
        # CSS classes name the parts for a browser test (and for anyone styling the page)
        for part, name in [(self.widget, "explorer"), (self.window, "window"), (self.n_negatives, "negatives"),
                           (self.step_size, "step-size"), (self.status, "status"), (self.loss_output, "loss"),
                           (self.projection_output, "projection"), (self.neighbours, "neighbours"),
                           (self.k_note, "k-note"), (self.train_button, "train"), (self.corpus, "corpus"),
                           (self.long_button, "long-run"), (self.model, "model"), (self.loss, "loss-choice")]:
            part.add_class(f"w2vlib-{name}")
        if train:
            self.train()

    # ----- reading the controls -----------------------------------------------------------------------
    def settings(self) -> ExplorerSettings:
        """The settings the controls show now (the real words only in Wikipedia mode)."""
        words = tuple(w.strip() for w in self.words.value.replace(",", " ").split() if w.strip())
        return ExplorerSettings(corpus=self.corpus.value, window=self.window.value, n_negatives=self.n_negatives.value,
                                step_size=float(self.step_size.value), dim=self.dim.value, epochs=self.epochs.value,
                                neg_power=float(self.neg_power.value), words=words, model=self.model.value,
                                loss=self.loss.value)

    # ----- events ---------------------------------------------------------------------------------------
    def _on_change(self, _change) -> None:
        self._update_k_note()
        if self._quiet:
            return
        if self.corpus.value != "wiki":
            self.train()
            return
        try:        # on real text a run takes seconds: say at once what would not train
            check_step_size(check_settings(self.settings()))
        except ValueError as error:
            self._say(html.escape(str(error)).replace("nothing was trained", "change it before pressing Train"),
                      error=True)
            return
        self._say("Settings changed: press <b>Train</b> to run on the Wikipedia sample (a few seconds).")

    def _on_words(self, change) -> None:
        """The real words matter only on the Wikipedia sample; on the toy corpus, say so instead of retraining."""
        if self.corpus.value == "wiki":
            self._on_change(change)
        else:
            self._say("The real words are used on the <b>Wikipedia sample</b>; on the toy corpus the PCA view "
                      "shows the six planted groups.")

    def _on_corpus(self, change) -> None:
        """Switching corpus moves m, K, α, d, epochs and β to settings that train well on that corpus (without
        training on each move); between the two toy corpora the settings stay."""
        defaults = corpus_defaults(change["new"])
        if change["old"] != "wiki" and change["new"] != "wiki":     # between the two toy corpora: keep the settings
            defaults = {}
        self._quiet = True
        try:
            for name, value in defaults.items():
                getattr(self, name).value = value
        finally:
            self._quiet = False
        self._show_long_button()
        self._on_change(change)

    def _show_long_button(self) -> None:
        self.long_button.layout.display = None if self.corpus.value == "wiki" else "none"

    def _update_k_note(self) -> None:
        hs = self.loss.value == "hierarchical_softmax"
        self.n_negatives.disabled = self.neg_power.disabled = hs
        k = self.n_negatives.value
        self.k_note.value = HS_NOTE if hs else K_ZERO_NOTE if k == 0 else K_NOTE.format(k=k)

    def _say(self, message: str, error: bool = False) -> None:
        """Show ``message`` (HTML: callers escape what came from outside) in the status line."""
        self.status.value = message_html(message, error=error, escape=False)

    # ----- training and drawing ---------------------------------------------------------------------------
    def train(self) -> ExplorerRun | None:
        """Run once with the current settings and redraw; any failure becomes a message, never a traceback."""
        return self._guarded(self.train_button, "training …", self._train)

    def _train(self) -> ExplorerRun:
        run = run_explorer(self.settings())
        if run.error and not len(run.loss_history):     # a bad setting or word: keep the old pictures
            self._say(html.escape(run.error), error=True)
            return run
        self.runs = (self.runs + [run])[-MAX_CURVES:]
        self._redraw(run)
        return run

    def clear_runs(self) -> None:
        """Forget the earlier runs' curves, keep the latest."""
        self.runs = self.runs[-1:]
        if self.runs:
            self._draw_loss()

    def show_long_run(self) -> ExplorerRun | None:
        """Show the Wikipedia sample's 10-pass vectors (notebook 06's, cached) for the chosen words: their PCA view,
        neighbours and group scores, next to the one-pass runs' loss curves (a cached run has no curve)."""
        return self._guarded(self.long_button, "loading the 10-pass vectors … (the first time, they are trained: "
                                               "about a minute)", self._show_long_run)

    def _show_long_run(self) -> ExplorerRun:
        run = run_protocol_vectors(self.settings().words)
        if run.error:
            self._say(html.escape(run.error), error=True)
            return run
        self.projection_figure = show_figure(self.projection_output, self._figure(plot_run_projection, run))
        self._say(f"The 10-pass vectors ({html.escape(run.settings.label())}){self._scores(run)}: "
                  "compare the neighbours and the groups with the one-pass run.")
        self._show_neighbours(run)
        return run

    def _guarded(self, button, doing: str, work):
        """``work()`` with ``button`` disabled and ``doing`` in the status line; a failure becomes a sentence."""
        button.disabled = True
        self._say(doing)
        try:
            return work()
        except Exception as error:  # noqa: BLE001 — the page must show a sentence, not a traceback
            self._say(f"Something went wrong: {html.escape(type(error).__name__)}: {html.escape(str(error))}",
                      error=True)
            return None
        finally:
            button.disabled = False

    @staticmethod
    def _figure(plot, *args):
        """``plot(*args, ax=...)`` on a detached figure (never shown but in the widget's Output)."""
        fig, ax = widget_figure(FIGURE_SIZE)
        plot(*args, ax=ax)
        return fig

    @staticmethod
    def _scores(run: ExplorerRun) -> str:
        return ("" if run.within is None else
                f"; mean cosine within groups {run.within:.2f}, between groups {run.between:.2f}")

    def _show_neighbours(self, run: ExplorerRun) -> None:
        table = html.escape(run.neighbour_table()) or "(no neighbours: training did not finish)"
        self.neighbours.value = f"<b>Nearest neighbours (cosine of v_w)</b><pre>{table}</pre>"

    def _draw_loss(self) -> None:
        self.loss_figure = show_figure(self.loss_output, self._figure(plot_loss_curves, self.runs))

    def _redraw(self, run: ExplorerRun) -> None:
        self._draw_loss()
        self.projection_figure = show_figure(self.projection_output, self._figure(plot_run_projection, run))
        if run.error:
            self._say(html.escape(run.error), error=True)
        else:
            note = f" {SHORT_RUN_NOTE}" if run.settings.corpus == "wiki" else ""
            self._say(f"Trained in <b>{run.seconds:.2f} s</b> ({html.escape(run.settings.label())})"
                      f"{self._scores(run)}.{note}")
        self._show_neighbours(run)

    def show(self):
        """Display the explorer (in a notebook) and return its top widget."""
        from IPython.display import display

        display(self.widget)
        return self.widget

    def _ipython_display_(self):
        self.show()
