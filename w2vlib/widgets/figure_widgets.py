"""Small widgets that animate the static figures of notebooks 01, 03, 04 and 06, one slider or two each.

Each factory returns an :class:`ipywidgets.VBox` (its controls, a caption and an ``Output`` holding the figure);
a released slider redraws in place within a second or two, and a bad value shows a sentence, not a traceback.
The static figure stays in the notebook above the widget, so the notebook still teaches without a kernel.

    window_widget()                           # 01: the window of "banking" for m = 1..4
    cost_per_pair_widget()                    # 03: rows of U touched per pair, naive softmax vs negative sampling
    step_size_widget()                        # 04: the handout trainer's loss curve for a chosen step size α
    tsne_widget(embeddings, groups=groups)    # 06: t-SNE of word groups, with perplexity and the groups to show

In a notebook, put the widget in a cell of its own that starts with ``# NBVAL_IGNORE_OUTPUT``: in Jupyter (and in
``w2vlib.course.notebook_runner``) the figure goes into the widget, but nbval's kernel client shows it as a plain output of
the cell, so the outputs would differ. The panel's plain-text form is one fixed sentence either way.
"""
from __future__ import annotations

from typing import Sequence

import ipywidgets as widgets
import numpy as np

from .output import message_html, show_figure

BANKING_SENTENCE = "... problems turning into banking crises as ...".split()
STYLE = {"description_width": "120px"}
LAYOUT = widgets.Layout(width="420px")


class FigurePanel(widgets.VBox):
    """A VBox whose plain-text form is one stable sentence (what nbval compares and a reader without a kernel sees).

    Attributes: ``output`` (the ``Output`` holding the figure), ``caption`` (an ``HTML`` with numbers or a
    message), ``figure`` (the last Matplotlib figure drawn) and ``redraw`` (draw again from the controls).
    """

    def __init__(self, controls, draw, name: str):
        self.caption = widgets.HTML()
        self.output = widgets.Output()
        self.figure = None
        self._draw = draw
        self._name = name
        super().__init__(list(controls) + [self.caption, self.output])
        for control in controls:
            if hasattr(control, "value"):
                control.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def redraw(self) -> None:
        """Draw the figure for the current controls; any failure becomes the caption, never a traceback."""
        try:
            fig, caption = self._draw()
        except Exception as error:  # noqa: BLE001 — a sentence on the page, not a traceback
            self.caption.value = message_html(str(error) if isinstance(error, ValueError)
                                              else f"{type(error).__name__}: {error}", error=True)
            return
        self.caption.value = caption
        self.figure = show_figure(self.output, fig)

    def __repr__(self) -> str:
        return f"<{self._name}: an interactive figure; run the notebook in Jupyter to use its controls>"


def _slider(kind, description, value, **options):
    return kind(value=value, description=description, continuous_update=False, style=STYLE, layout=LAYOUT, **options)


def window_widget(sentence_words: Sequence[str] = BANKING_SENTENCE, center_position: int = 4, window: int = 2,
                  max_window: int = 4) -> FigurePanel:
    """Notebook 01: :func:`w2vlib.losses.window.plot_window` with a slider for the window size m (1..``max_window``)."""
    from ..losses.window import outside_positions, plot_window

    words = list(sentence_words)
    for name, value in (("max_window", max_window), ("window", window)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1 (a window reaches m ≥ 1 words on each "
                             f"side), got {value!r}.")
    if window > max_window:
        raise ValueError(f"window={window} is larger than max_window={max_window}, the slider's largest value; "
                         f"pass max_window={window} or more.")
    slider = _slider(widgets.IntSlider, "window size m", window, min=1, max=max_window)

    def draw():
        ax = plot_window(words, center_position, slider.value)
        outside = [words[p] for p in outside_positions(len(words), center_position, slider.value)]
        return ax.figure, (f"m = {slider.value}: {len(outside)} outside words ({', '.join(outside)}), so "
                           f"{len(outside)} (center, outside) pairs for the center word “{words[center_position]}”.")

    return FigurePanel([slider], draw, "window_widget")


def cost_per_pair_widget(dim: int = 100) -> FigurePanel:
    """Notebook 03: the rows of U one (center, outside) pair reads and writes, naive softmax (all |Vocab| rows)
    against negative sampling (K + 1 rows), for a chosen |Vocab| (log slider, 10^3..10^6) and K (1..20).

    Work per pair is proportional to rows × d: the scores u_w^T v_c and the updates of the u_w. The measured
    timings are the static figure in notebook 03; this widget shows the counts behind them.
    """
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or dim < 1:
        raise ValueError(f"dim must be a whole number of at least 1 (the length d of every vector, e.g. 100), "
                         f"got {dim!r}: with d = {dim!r} no number of U is touched and the comparison says nothing.")
    vocab = _slider(widgets.FloatLogSlider, "|Vocab|", 10_000, base=10, min=3, max=6, step=0.25, readout_format=",.0f")
    negatives = _slider(widgets.IntSlider, "negatives K", 10, min=1, max=20)

    def draw():
        import matplotlib.pyplot as plt

        n_words, k = int(round(vocab.value)), negatives.value
        sizes = np.logspace(3, 6, 50)
        fig, ax = plt.subplots(figsize=(6.4, 3.8))
        ax.loglog(sizes, sizes * dim, label="naive softmax: |Vocab| · d")
        ax.loglog(sizes, np.full_like(sizes, (k + 1) * dim), label=f"negative sampling: (K + 1) · d, K = {k}")
        ax.plot([n_words, n_words], [(k + 1) * dim, n_words * dim], "ko", ms=5)
        ax.axvline(n_words, color="grey", lw=0.8, ls=":")
        ax.set(title=f"Numbers of U touched per (center, outside) pair, d = {dim}", xlabel="|Vocab|",
               ylabel="numbers read and written")
        ax.legend(fontsize=8, loc="upper left")
        ax.grid(True, which="both", alpha=0.3)
        ratio = n_words / (k + 1)
        return fig, (f"|Vocab| = {n_words:,}, K = {k}: the naive softmax touches {n_words:,} rows of U per pair, "
                     f"negative sampling {k + 1}: {ratio:,.0f} times fewer.")

    return FigurePanel([vocab, negatives], draw, "cost_per_pair_widget")


def step_size_widget(n_sentences: int = 500, step_size: float = 0.1, seed: int = 0) -> FigurePanel:
    """Notebook 04: the handout trainer's loss curve on the planted corpus (``n_sentences`` sentences, one pass,
    d = 10, K = 10) for a step size α chosen on a log slider (10^-3..10); earlier curves stay, faded. A loss that
    goes up (overshooting) or blows up (the trainer's divergence error) is said in the caption, in red."""
    from ..training.handout_trainer import train_handout
    from ..text.toy_corpus import planted_corpus

    sentences = planted_corpus(n_sentences=n_sentences, seed=seed).sentences
    slider = _slider(widgets.FloatLogSlider, "step size α", step_size, base=10, min=-3, max=1, step=0.1,
                     readout_format=".3g")
    curves: list[tuple[float, np.ndarray]] = []

    def draw():
        import matplotlib.pyplot as plt

        alpha = float(slider.value)
        problem = False
        try:
            run = train_handout(sentences, step_size=alpha, seed=seed)
            early, last = run.loss_history[min(99, len(run.loss_history) - 1)], run.loss_history[-1]
            message = (f"α = {alpha:.3g}: window loss {early:.3g} after 100 steps, {last:.3g} after "
                       f"{len(run.loss_history):,} steps ({run.seconds:.1f} s).")
            if last > early:
                problem = True
                message += " The loss went up: the steps overshoot, α is too large."
            curves.append((alpha, run.loss_history))
            del curves[:-4]
        except ValueError as error:   # the trainer stops a diverging run with a sentence naming the step size
            problem, message = True, f"α = {alpha:.3g}: {error}"
        fig, ax = plt.subplots(figsize=(6.4, 3.8))
        top = 1.5 * max((history[0] for _, history in curves), default=1.0)
        for i, (a, history) in enumerate(curves):
            latest = i == len(curves) - 1
            ax.plot(np.minimum(history, top), label=f"α = {a:.3g}", lw=1.6 if latest else 1.0,
                    alpha=1.0 if latest else 0.35)
        ax.set(title="Handout trainer on the planted corpus (K = 10, d = 10, one pass)", ylim=(0, top),
               xlabel="step (one window each)", ylabel="window loss J, mean of the last 100 steps")
        ax.grid(alpha=0.3)
        if curves:
            ax.legend(fontsize=8)
        return fig, message_html(message, error=problem)

    return FigurePanel([slider], draw, "step_size_widget")


def tsne_widget(vectors, words: Sequence[str] | None = None, groups=None, perplexity: float = 5.0,
                seed: int = 0) -> FigurePanel:
    """Notebook 06: :func:`w2vlib.vectors.projection.plot_projection` with t-SNE, a perplexity slider and a choice of groups.

    vectors, words, groups: as in ``plot_projection`` (an Embeddings and a mapping {group: [words]}, or an array of
    shape (len(words), d) with one group label per word). Perplexity must stay below the number of words shown.
    """
    from ..vectors.projection import plot_projection, rows_for, words_and_labels

    words, labels = words_and_labels(words, groups)
    labels = labels or ["words"] * len(words)
    rows = rows_for(vectors, words)        # looks every word up now: an unknown word is an error here, not later
    names = list(dict.fromkeys(labels))
    slider = _slider(widgets.FloatSlider, "perplexity", perplexity, min=2, max=50, step=1, readout_format=".0f")
    chooser = widgets.SelectMultiple(options=names, value=tuple(names), description="groups", style=STYLE,
                                     rows=min(len(names), 6))

    def draw():
        chosen = [i for i, label in enumerate(labels) if label in chooser.value]
        if len(chosen) < 3:
            raise ValueError("choose groups holding at least three words (ctrl-click to select several).")
        if slider.value >= len(chosen):
            raise ValueError(f"perplexity {slider.value:g} is too large for the {len(chosen)} words shown: "
                             f"it must be below {len(chosen)}; move the slider down or choose more groups.")
        fig = plot_projection(rows[chosen], [words[i] for i in chosen], [labels[i] for i in chosen],   # one thread:
                              method="tsne", perplexity=float(slider.value), seed=seed)     # see project()
        return fig, (f"t-SNE of {len(chosen)} words, perplexity {slider.value:g}: each point keeps about "
                     f"{slider.value:g} neighbours; distances between far-apart clusters mean little.")

    return FigurePanel([slider, chooser], draw, "tsne_widget")
