"""The skip-gram context window: which positions are outside words of a center word, and a figure of it.

For the center word w_t and window size m, the outside words are w_{t+j} for −m ≤ j ≤ m, j ≠ 0, cut off at
the ends of the sentence (a center word near the edge simply has fewer outside words).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..validation import check_positive_int

CENTER_COLOUR = "#d62728"   # red: the center word w_t
OUTSIDE_COLOUR = "#1f77b4"  # blue: the outside words w_{t+j}
OTHER_COLOUR = "#7f7f7f"    # grey: words outside the window
CENTER_FACE, OUTSIDE_FACE = "#fde0dd", "#deebf7"
UNIT_INCHES = 0.19          # one layout unit (about one character of 13-point text) on a new figure


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


def _offset_label(j: int) -> str:
    """The subscript of w_{t+j}: "t", "t+1", "t-2", ..."""
    return "t" if j == 0 else f"t{j:+d}"


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
    outside = outside_positions(len(words), t, m)

    import matplotlib.pyplot as plt

    # Layout in "character" units: each word gets room in proportion to its length; arcs get one level per |j|.
    widths = [max(len(word), 3) + 2.5 for word in words]
    centres = [sum(widths[:i]) + widths[i] / 2 for i in range(len(words))]
    right_end = sum(widths)
    baseline, arrow_foot = 0.0, 0.9
    arc_height = {j: 1.3 + 2.0 * (abs(j) - 1) for j in range(-m, m + 1) if j}
    top = arrow_foot + max(arc_height[position - t] for position in outside) + 1.6 if outside else 1.5
    bracket = baseline - 2.6
    bottom = bracket - 2.6
    if ax is None:
        _, ax = plt.subplots(figsize=(max(5.0, UNIT_INCHES * right_end), UNIT_INCHES * (top - bottom) + 0.5))

    for position, (word, cx) in enumerate(zip(words, centres)):
        if position == t:
            role, colour, face = "center-word", CENTER_COLOUR, CENTER_FACE
        elif position in outside:
            role, colour, face = "outside-word", OUTSIDE_COLOUR, OUTSIDE_FACE
        else:
            role, colour, face = "other-word", OTHER_COLOUR, None
        box = None if face is None else dict(boxstyle="round,pad=0.35", fc=face, ec=colour, lw=1.4)
        text = ax.text(cx, baseline, word, ha="center", va="center", fontsize=13, color=colour, bbox=box,
                       fontweight="bold" if role == "center-word" else "normal", zorder=3)
        text.set_gid(role)
        ax.text(cx, baseline - 1.25, f"$w_{{{_offset_label(position - t)}}}$", ha="center", va="top",
                fontsize=10, color=colour)

    # Curved arrows from the center word to each outside word, labelled P(w_{t+j} | w_t).
    for position in outside:
        j = position - t
        start = centres[t] + 0.1 * widths[t] * (1 if j > 0 else -1) * (abs(j) - 0.5) / m  # fan out a little
        end = centres[position]
        # Matplotlib's arc3 curve is a quadratic Bézier whose control point sits rad·|end − start| above the
        # chord; the curve reaches half of that, so rad = 2·height/|end − start| gives the wanted height.
        rad = 2.0 * arc_height[j] / abs(end - start)
        ax.annotate("", xy=(end, arrow_foot), xytext=(start, arrow_foot), zorder=2,
                    arrowprops=dict(arrowstyle="-|>", color=OUTSIDE_COLOUR, lw=1.3, shrinkA=0, shrinkB=0,
                                    connectionstyle=f"arc3,rad={-rad if j > 0 else rad}"))
        ax.text((start + end) / 2, arrow_foot + arc_height[j] + 0.1, f"$P(w_{{{_offset_label(j)}}} \\mid w_t)$",
                ha="center", va="bottom", fontsize=10, color=OUTSIDE_COLOUR, zorder=4,
                bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none"))

    # Brackets under the outside words (left and right of the center), and the center word's caption.
    for side in ([q for q in outside if q < t], [q for q in outside if q > t]):
        if side:
            left = centres[side[0]] - widths[side[0]] / 2 + 0.6
            right = centres[side[-1]] + widths[side[-1]] / 2 - 0.6
            ax.plot([left, left, right, right], [bracket + 0.4, bracket, bracket, bracket + 0.4],
                    color=OUTSIDE_COLOUR, lw=1.2)
            ax.text((left + right) / 2, bracket - 0.4, f"outside words\n(window of size m = {m})", ha="center",
                    va="top", fontsize=9, color=OUTSIDE_COLOUR)
    ax.text(centres[t], bracket - 0.4, f"center word\nat position t = {t}", ha="center", va="top", fontsize=9,
            color=CENTER_COLOUR)

    ax.set_xlim(0.0, right_end)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")  # so that the arcs' heights above are in the same units as the words' widths
    ax.axis("off")
    ax.set_title(f"Skip-gram window: center word \u201c{words[t]}\u201d, m = {m}", fontsize=13)
    return ax
