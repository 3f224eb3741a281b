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

import itertools
from typing import Mapping, Sequence

import ipywidgets as widgets
import numpy as np

from ..course.figures import series_style
from .accessible import PANEL_CLASS, accessibility_output
from .output import clear_figure, message_html, show_figure, widget_figure
from ..validation import check_slider_value

BANKING_SENTENCE = "... problems turning into banking crises as ...".split()
STYLE = {"description_width": "120px"}
LAYOUT = widgets.Layout(width="420px")


class FigurePanel(widgets.VBox):
    """A VBox whose plain-text form is one stable sentence (what nbval compares and a reader without a kernel sees).

    Attributes: ``output`` (the ``Output`` holding the figure), ``caption`` (an ``HTML`` with numbers or a
    message), ``figure`` (the figure shown; None while a message replaces it) and ``redraw`` (draw again from the
    controls). The last child is a hidden ``Output`` that names the controls for screen readers (``accessible``).
    """

    def __init__(self, controls, draw, name: str):
        self.caption = widgets.HTML()
        self.output = widgets.Output()
        self.figure = None
        self._draw = draw
        self._name = name
        super().__init__(list(controls) + [self.caption, self.output, accessibility_output()])
        self.add_class(PANEL_CLASS)
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
            clear_figure(self.output)         # no picture of other settings under the message
            self.figure = None
            return
        self.caption.value = caption
        self.figure = show_figure(self.output, fig)

    def __repr__(self) -> str:
        return f"<{self._name}: an interactive figure; run the notebook in Jupyter to use its controls>"


def _slider(kind, description, value, **options):
    return kind(value=value, description=description, continuous_update=False, style=STYLE, layout=LAYOUT, **options)


def _line(i: int, **options) -> dict:
    """Colour, marker and dash of line ``i`` (w2vlib.course.figures.series_style), markers a few per line."""
    return {**series_style(i), "markevery": options.pop("markevery", 0.1), "markersize": 5, **options}


def window_widget(sentence_words: Sequence[str] = BANKING_SENTENCE, center_position: int = 4, window: int = 2,
                  max_window: int = 4) -> FigurePanel:
    """Notebook 01: :func:`w2vlib.losses.window.plot_window` with a slider for the window size m (1..``max_window``).

    A placeholder "..." stands for text not shown: it is never counted or labelled as an outside word."""
    from ..losses.window import is_placeholder, outside_words, plot_window, window_figsize

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
        fig, ax = widget_figure(window_figsize(words, center_position, slider.value))
        plot_window(words, center_position, slider.value, ax=ax)
        outside = [words[p] for p in outside_words(words, center_position, slider.value)]
        caption = (f"m = {slider.value}: {len(outside)} outside words ({', '.join(outside)}), so "
                   f"{len(outside)} (center, outside) pairs for the center word “{words[center_position]}”.")
        if any(is_placeholder(words[p]) for p in range(max(0, center_position - slider.value),
                                                       min(len(words), center_position + slider.value + 1))):
            caption += " “...” stands for words the figure does not show: they are not counted."
        return fig, caption

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
        n_words, k = int(round(vocab.value)), negatives.value
        sizes = np.logspace(3, 6, 50)
        fig, ax = widget_figure((6.4, 3.8))
        ax.loglog(sizes, sizes * dim, label="naive softmax: |Vocab| · d", **_line(0))
        ax.loglog(sizes, np.full_like(sizes, (k + 1) * dim), label=f"negative sampling: (K + 1) · d, K = {k}",
                  **_line(1))
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


# The step-size widget's verdicts compare the mean loss of the first and the last 300 steps. For runs that do not
# learn (α ≤ 0.003 on the planted corpus, seeds 0-3) the two differed by up to 4 %: a change within ±5 % is noise.
STALL_BAND = 0.05
BLOWUP = 10.0       # the last 300 steps above 10 times the first: diverged (it overflows soon after)


def step_size_verdict(loss_history: np.ndarray) -> tuple[str, float, float]:
    """What a run of the handout trainer did, from its ``loss_history`` (shape (n_steps,), the running mean of the
    last 100 window losses): ``(verdict, early, late)``, where early and late are the mean loss of the first and
    the last 300 steps (fewer in a run shorter than 1,200 steps) and the verdict is

    * "diverged":  late is not finite or more than :data:`BLOWUP` (10) times early (it blew up);
    * "overshoot": late is more than :data:`STALL_BAND` (5 %) above early: the loss went up;
    * "stalled":   late is within ±5 % of early: the loss did not move (α too small to move the vectors);
    * "learning":  late is more than 5 % below early.
    """
    history = np.asarray(loss_history, dtype=float)
    n = len(history)
    if n == 0:
        raise ValueError("loss_history is empty: the run took no step.")
    blocks = max(1, min(3, n // 400))          # disjoint 100-step means at each end
    early = float(np.mean(history[[min(99 + 100 * i, n - 1) for i in range(blocks)]]))
    late = float(np.mean(history[[n - 1 - 100 * i for i in range(blocks)]]))
    if not np.isfinite(late) or late > BLOWUP * early:
        return "diverged", early, late
    if late > early * (1 + STALL_BAND):
        return "overshoot", early, late
    if late >= early * (1 - STALL_BAND):
        return "stalled", early, late
    return "learning", early, late


def step_size_message(alpha: float, verdict: str, early: float, late: float, n_steps: int) -> str:
    """The caption of :func:`step_size_widget` for one run: what the loss did and what it says about α."""
    change = f"from {early:.3g} to {late:.3g}"
    return {
        "diverged": f"α = {alpha:.3g}: diverged: the loss blew up {change} (more than {BLOWUP:g} times its start) "
                    "within one pass: α is far too large.",
        "overshoot": f"α = {alpha:.3g}: the loss went up, {change} (more than {STALL_BAND:.0%} up): the steps "
                     "overshoot, α is too large.",
        "stalled": f"α = {alpha:.3g}: the loss did not move, {change} (within ±{STALL_BAND:.0%}, the noise of "
                   f"a 300-step mean): α is too small to move the vectors in {n_steps:,} steps.",
        "learning": f"α = {alpha:.3g}: the loss fell {change} (first and last 300 steps of {n_steps:,}).",
    }[verdict]


def step_size_widget(n_sentences: int = 500, step_size: float = 0.1, seed: int = 0) -> FigurePanel:
    """Notebook 04: the handout trainer's loss curve on the planted corpus (``n_sentences`` sentences, one pass,
    d = 10, K = 10) for a step size α chosen on a log slider (10^-3..10); the last four α tried stay, faded, one
    curve per α. The caption tells the four outcomes of :func:`step_size_verdict` apart (learning; too small to
    move; overshoot; diverged, including the trainer's own divergence error), the last two in red."""
    from ..training.handout_trainer import train_handout
    from ..text.toy_corpus import planted_corpus

    check_slider_value(step_size, "step_size", 1e-3, 10)
    sentences = planted_corpus(n_sentences=n_sentences, seed=seed).sentences
    slider = _slider(widgets.FloatLogSlider, "step size α", step_size, base=10, min=-3, max=1, step=0.1,
                     readout_format=".3g")
    curves: dict[float, tuple[int, np.ndarray]] = {}    # α -> (its style number, loss history), oldest first
    styles = itertools.count()

    def draw():
        alpha = float(slider.value)
        try:
            run = train_handout(sentences, step_size=alpha, seed=seed)
            verdict, early, late = step_size_verdict(run.loss_history)
            message = step_size_message(alpha, verdict, early, late, len(run.loss_history))
            style = curves.pop(alpha)[0] if alpha in curves else next(styles)
            curves[alpha] = (style, run.loss_history)          # a repeated α moves to the end, keeps its style
            for old in list(curves)[:-4]:
                del curves[old]
        except ValueError as error:   # the trainer stops a diverging run with a sentence naming the step size
            verdict, message = "diverged", f"α = {alpha:.3g}: diverged: {error}"
        fig, ax = widget_figure((6.4, 3.8))
        top = 1.5 * max((history[0] for _, history in curves.values()), default=1.0)
        for i, (a, (style, history)) in enumerate(curves.items()):
            latest = i == len(curves) - 1
            ax.plot(np.minimum(history, top), label=f"α = {a:.3g}", lw=2.0 if latest else 1.2,
                    alpha=1.0 if latest else 0.6, **_line(style, markevery=max(1, len(history) // 8)))
        ax.set(title="Handout trainer on the planted corpus (K = 10, d = 10, one pass)", ylim=(0, top),
               xlabel="step (one window each)", ylabel="window loss J, mean of the last 100 steps")
        ax.grid(alpha=0.3)
        if curves:
            ax.legend(fontsize=9)
        return fig, message_html(message, error=verdict in ("overshoot", "diverged"))

    return FigurePanel([slider], draw, "step_size_widget")


def tsne_widget(vectors, words: Sequence[str] | None = None, groups=None, perplexity: float = 5.0,
                seed: int = 0) -> FigurePanel:
    """Notebook 06: :func:`w2vlib.vectors.projection.plot_projection` with t-SNE, a perplexity slider and a choice of groups.

    vectors, words, groups: as in ``plot_projection`` (an Embeddings and a mapping {group: [words]}, or an array of
    shape (len(words), d) with one group label per word). Perplexity must stay below the number of words shown.
    """
    from ..vectors.projection import plot_projection, rows_for, words_and_labels

    check_slider_value(perplexity, "perplexity", 2, 50, hint=" (about the number of neighbours each point keeps)")
    words, labels = words_and_labels(words, groups)
    labels = labels or ["words"] * len(words)
    rows = rows_for(vectors, words)        # looks every word up now: an unknown word is an error here, not later
    names = list(dict.fromkeys(labels))
    # t-SNE needs a perplexity below the number of points: the slider stops there for all the groups together
    slider = _slider(widgets.FloatSlider, "perplexity", perplexity, min=2, max=max(2, min(50, len(words) - 1)),
                     step=1, readout_format=".0f")
    chooser = widgets.SelectMultiple(options=names, value=tuple(names), description="groups", style=STYLE,
                                     rows=min(len(names), 6))

    def draw():
        chosen = [i for i, label in enumerate(labels) if label in chooser.value]
        if len(chosen) < 3:
            raise ValueError("choose groups holding at least three words (ctrl-click to select several).")
        if slider.value >= len(chosen):
            more = ("" if len(chosen) == len(words) else
                    f", or choose more groups (all {len(names)} hold {len(words)} words)")
            raise ValueError(f"perplexity {slider.value:g} is too large for the {len(chosen)} words shown: t-SNE "
                             f"needs a perplexity below the number of points, here at most {len(chosen) - 1:g}. "
                             f"Move the slider down{more}.")
        fig, ax = widget_figure((7, 5.5))
        plot_projection(rows[chosen], [words[i] for i in chosen], [labels[i] for i in chosen], ax=ax,  # one thread:
                        method="tsne", perplexity=float(slider.value), seed=seed)     # see project()
        return fig, (f"t-SNE of {len(chosen)} words, perplexity {slider.value:g}: each point keeps about "
                     f"{slider.value:g} neighbours; distances between far-apart clusters mean little.")

    return FigurePanel([slider, chooser], draw, "tsne_widget")
