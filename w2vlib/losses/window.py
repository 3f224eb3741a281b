"""The skip-gram context window: which positions are outside words of a center word, and a figure of it.

For the center word w_t and window size m, the outside words are w_{t+j} for −m ≤ j ≤ m, j ≠ 0, cut off at
the ends of the sentence (a center word near the edge simply has fewer outside words). In a figure, a placeholder
"..." (or "…") stands for text not shown: it is drawn, but it is no word, so it is never an outside word.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..validation import check_positive_int

# Okabe-Ito vermillion and blue, darkened to read as text on white (w2vlib.course.figures); the roles differ in shape
# too: the center word is bold in a rounded box, the outside words in plain boxes with arrows, the others unboxed.
CENTER_COLOUR = "#a84a00"   # the center word w_t
OUTSIDE_COLOUR = "#0072b2"  # the outside words w_{t+j}
OTHER_COLOUR = "#595959"    # words outside the window (7:1 on white)
CENTER_FACE, OUTSIDE_FACE = "#fbe3d1", "#dcecf7"
PLACEHOLDERS = ("...", "…")  # stand for text not shown; never a word of the window
WORD_SIZE, LABEL_SIZE, NOTE_SIZE = 13, 12, 10   # points: words; w_{t+j} and P(...) labels; captions
CHAR_WIDTH = 0.62           # a character of DejaVu Sans is about 0.62 em wide: the layout unit, in em of the words


def _check_window(n_positions: int, center_position, window) -> tuple[int, int]:
    """``(t, m)`` as ints, after checking that 0 ≤ t < n_positions and m ≥ 1."""
    window = check_positive_int(window, "window (m)")
    if isinstance(center_position, (bool, np.bool_)) or not isinstance(center_position, (int, np.integer)):
        raise ValueError(f"center_position must be an integer position in the sentence, got {center_position!r}.")
    center_position = int(center_position)
    if not 0 <= center_position < n_positions:
        raise ValueError(
            f"center_position={center_position} is out of range: the sentence has {n_positions} words, "
            f"so valid positions are 0..{n_positions - 1}."
        )
    return center_position, window


def outside_positions(n_positions: int, center_position: int, window: int) -> list[int]:
    """Positions t + j (−m ≤ j ≤ m, j ≠ 0) of the outside words that exist in a sentence of n_positions words.

    n_positions:     the sentence length (≥ 1).
    center_position: t, the position of the center word, 0 ≤ t < n_positions.
    window:          m ≥ 1.
    Returns the positions in increasing order; for t = 0 and m = 2: [1, 2].
    """
    n_positions = check_positive_int(n_positions, "n_positions (the sentence length)")
    t, m = _check_window(n_positions, center_position, window)
    return [t + j for j in range(-m, m + 1) if j != 0 and 0 <= t + j < n_positions]


def is_placeholder(word) -> bool:
    """Whether ``word`` is a placeholder such as "..." (text not shown), not a word."""
    return str(word).strip() in PLACEHOLDERS


def outside_words(sentence_words: Sequence[str], center_position: int, window: int) -> list[int]:
    """The positions of the outside words of w_t that are words: :func:`outside_positions` without placeholders."""
    return [p for p in outside_positions(len(sentence_words), center_position, window)
            if not is_placeholder(sentence_words[p])]


def _offset_label(j: int) -> str:
    """The subscript of w_{t+j}: "t", "t+1", "t-2", ..."""
    return "t" if j == 0 else f"t{j:+d}"


ARROW_FOOT, BRACKET = 1.1, -3.6   # layout units (one character of the words' text) above / below the words


def _layout(words: Sequence[str], t: int, m: int) -> dict:
    """Where things go, in character units: each word gets room in proportion to its length, each |j| an arc level."""
    widths = [max(len(word), 3) + (6.0 if i == t else 3.0) for i, word in enumerate(words)]   # labels need room
    centres = [sum(widths[:i]) + widths[i] / 2 for i in range(len(words))]
    arc_height = {j: 1.8 + 3.0 * (abs(j) - 1) for j in range(-m, m + 1) if j}
    reached = [arc_height[p - t] for p in outside_words(words, t, m)]
    top = ARROW_FOOT + max(reached) + 2.6 if reached else 2.0
    return dict(widths=widths, centres=centres, right_end=sum(widths), arc_height=arc_height, top=top,
                bottom=BRACKET - 3.8)


def window_figsize(sentence_words: Sequence[str], center_position: int, window: int) -> tuple[float, float]:
    """The size in inches of the figure :func:`plot_window` makes (pass it to a figure you draw it on): one layout
    unit per character of the words' text, so that the text fits its room; the width follows the sentence's length
    (the banking sentence, 57 characters wide, is shown about 700 px wide)."""
    t, m = _check_window(len(sentence_words), center_position, window)
    layout = _layout([str(w) for w in sentence_words], t, m)
    unit = CHAR_WIDTH * WORD_SIZE / 72
    # Matplotlib's default axes take 0.775 of a figure's width and 0.77 of its height; the margins left over are
    # cropped when the figure is shown or saved (bbox_inches="tight"), and the title sits in the top one.
    return (unit * layout["right_end"] / 0.775, unit * (layout["top"] - layout["bottom"]) / 0.77)


def plot_window(sentence_words: Sequence[str], center_position: int, window: int, ax=None):
    """Draw the window of one center word, in the style of CS224N's lecture figure.

    sentence_words:  the sentence as a list of words (e.g. ``"problems turning into banking".split()``).
    center_position: t, the index of the center word in ``sentence_words``.
    window:          m ≥ 1.
    ax:              a Matplotlib Axes to draw on; a new figure is made when None.

    The center word is boxed in red, the outside words w_{t+j} in blue with an arrow from the center labelled
    P(w_{t+j} | w_t), and words outside the window are grey; brackets below name the two groups.
    Returns the Axes. Every drawn word is a text artist whose ``gid`` is ``"center-word"``, ``"outside-word"``
    or ``"other-word"``, so a program (or a test) can read off what the figure marks.
    """
    if isinstance(sentence_words, str):
        raise ValueError(f"sentence_words must be a list of words, got the string {sentence_words!r}; "
                         "split it first: sentence.split().")
    words = [str(word) for word in sentence_words]
    if not words:
        raise ValueError("sentence_words is empty: pass at least one word.")
    t, m = _check_window(len(words), center_position, window)
    outside = outside_words(words, t, m)
    layout = _layout(words, t, m)
    widths, centres = layout["widths"], layout["centres"]
    baseline, arrow_foot, bracket = 0.0, ARROW_FOOT, BRACKET
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=window_figsize(words, t, m))

    for position, (word, cx) in enumerate(zip(words, centres)):
        if position == t:
            role, colour, face = "center-word", CENTER_COLOUR, CENTER_FACE
        elif position in outside:
            role, colour, face = "outside-word", OUTSIDE_COLOUR, OUTSIDE_FACE
        elif is_placeholder(word):
            role, colour, face = "placeholder", OTHER_COLOUR, None
        else:
            role, colour, face = "other-word", OTHER_COLOUR, None
        box = None if face is None else dict(boxstyle="round,pad=0.35" if role == "center-word" else
                                             "square,pad=0.35", fc=face, ec=colour, lw=1.4)
        text = ax.text(cx, baseline, word, ha="center", va="center", fontsize=WORD_SIZE, color=colour, bbox=box,
                       fontweight="bold" if role == "center-word" else "normal", zorder=3)
        text.set_gid(role)
        if role != "placeholder":   # "..." is no word: it has no position w_{t+j}
            ax.text(cx, baseline - 1.6, f"$w_{{{_offset_label(position - t)}}}$", ha="center", va="top",
                    fontsize=LABEL_SIZE, color=colour)

    # Curved arrows from the center word to each outside word, labelled P(w_{t+j} | w_t) at the top of the arc.
    for position in outside:
        j = position - t
        start = centres[t] + 0.1 * widths[t] * (1 if j > 0 else -1) * (abs(j) - 0.5) / m  # fan out a little
        end = centres[position]
        height = layout["arc_height"][j]
        # Matplotlib's arc3 curve is a quadratic Bézier whose control point sits rad·|end − start| above the
        # chord; the curve reaches half of that, so rad = 2·height/|end − start| gives the wanted height.
        rad = 2.0 * height / abs(end - start)
        ax.annotate("", xy=(end, arrow_foot), xytext=(start, arrow_foot), zorder=2,
                    arrowprops=dict(arrowstyle="-|>", color=OUTSIDE_COLOUR, lw=1.3, shrinkA=0, shrinkB=0,
                                    connectionstyle=f"arc3,rad={-rad if j > 0 else rad}"))
        ax.text((start + end) / 2, arrow_foot + height + 0.1, f"$P(w_{{{_offset_label(j)}}} \\mid w_t)$",
                ha="center", va="bottom", fontsize=LABEL_SIZE, color=OUTSIDE_COLOUR, zorder=4,
                bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none"))

    # Brackets under the outside words (left and right of the center), and the center word's caption.
    for side in ([q for q in outside if q < t], [q for q in outside if q > t]):
        if side:
            left = centres[side[0]] - widths[side[0]] / 2 + 0.6
            right = centres[side[-1]] + widths[side[-1]] / 2 - 0.6
            ax.plot([left, left, right, right], [bracket + 0.5, bracket, bracket, bracket + 0.5],
                    color=OUTSIDE_COLOUR, lw=1.2)
            ax.text((left + right) / 2, bracket - 0.5, f"outside words\n(window m = {m})", ha="center",
                    va="top", fontsize=NOTE_SIZE, color=OUTSIDE_COLOUR)
    ax.text(centres[t], bracket - 0.5, f"center word\nat position t = {t}", ha="center", va="top",
            fontsize=NOTE_SIZE, color=CENTER_COLOUR)

    ax.set_xlim(0.0, layout["right_end"])
    ax.set_ylim(layout["bottom"], layout["top"])
    ax.set_aspect("equal")  # so that the arcs' heights above are in the same units as the words' widths
    ax.axis("off")
    ax.set_title(f"Skip-gram window: center word \u201c{words[t]}\u201d, m = {m}", fontsize=WORD_SIZE)
    return ax
