"""Figures for a room: a colour-blind-safe style and a column-width size, and saving to ``figures/`` atomically.

The notebooks are projected (1024 x 768 with the file browser closed: a notebook column about 840 px wide) and read
by students with colour-vision deficiencies, so every figure the library draws, and the notebooks' own, use

* :data:`COLUMN_WIDTH` (inches at 100 dpi): a figure no wider is shown at full size in the column;
* :data:`MIN_FONT_SIZE` points for the smallest text (about 9.5 px on the screen at 0.85 of full size);
* :data:`PALETTE` (Okabe and Ito's eight colours, safe for the common colour-vision deficiencies) together with a
  second cue per series, :func:`series_style`'s marker and line style, so that colour is never the only cue.

    fig, ax = plt.subplots(figsize=column_figsize())
    for i, (name, ys) in enumerate(curves.items()):
        ax.plot(xs, ys, label=name, **series_style(i))
    assert not small_texts(fig)
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ..atomic_file import atomic_write

# Okabe & Ito (2008), "Color Universal Design": blue, vermillion, bluish green, reddish purple, orange, sky blue,
# black, yellow; ordered so that the first few are the darkest (yellow last: it is faint on white).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", "-.", ":", (0, (6, 2, 1, 2, 1, 2)), (0, (1, 1)), (0, (8, 3)), (0, (3, 1, 3, 4)))
COLUMN_WIDTH = 8.3       # inches: 830 px at 100 dpi fits JupyterLab's notebook column at 1024 px (about 840 px)
MIN_FONT_SIZE = 8.0      # points: no figure text smaller


def series_style(i: int) -> dict:
    """Colour, marker and line style of series ``i`` (0, 1, ...): keyword arguments for ``ax.plot``.

    Colour and marker and line style all change from one series to the next, so two series differ in shape as well
    as colour; after eight the styles repeat."""
    k = i % len(PALETTE)
    return {"color": PALETTE[k], "marker": MARKERS[k], "linestyle": LINESTYLES[k]}


def text_colour(colour, contrast: float = 4.5) -> tuple:
    """``colour`` darkened (mixed with black) just enough to reach ``contrast`` against white, as an RGB tuple: text
    in a series' colour that still reads on a projector (Okabe-Ito's orange and sky blue have only about 2.3:1)."""
    from matplotlib.colors import to_rgb

    def contrast_on_white(rgb):
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 1.05 / (0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] + 0.05)

    rgb = to_rgb(colour)
    for keep in np.linspace(1.0, 0.0, 41):           # 2.5 % steps towards black
        darker = tuple(float(keep * c) for c in rgb)
        if contrast_on_white(darker) >= contrast:
            return darker
    return (0.0, 0.0, 0.0)


def column_figsize(height: float = 4.0, width: float = COLUMN_WIDTH) -> tuple[float, float]:
    """``(width, height)`` in inches for a figure that shows at full size in the notebook column at 1024 px."""
    if width > COLUMN_WIDTH:
        raise ValueError(f"width {width} in is wider than the notebook column at 1024 px ({COLUMN_WIDTH} in at "
                         "100 dpi); stack the panels or split the figure instead.")
    return (width, height)


def small_texts(fig, minimum: float = MIN_FONT_SIZE) -> list[str]:
    """The visible texts of ``fig`` (titles, labels, tick labels, legends, annotations) set below ``minimum``
    points, as "text (size pt)"; empty when every text is large enough. Mathtext's sub- and superscripts are drawn
    at 0.7 of their text's size, so a text containing ``_`` or ``^`` inside ``$...$`` counts at 0.7 of its size."""
    from matplotlib.text import Text

    found = []
    for text in fig.findobj(Text):
        content = text.get_text()
        if not content.strip() or not text.get_visible():
            continue
        size = text.get_fontsize()
        if "$" in content and ("_" in content or "^" in content):
            size *= 0.7
        if size < minimum - 1e-9:
            found.append(f"{content!r} ({size:.1f} pt)")
    return found


FIGURES_DIR_VARIABLE = "W2VLIB_FIGURES_DIR"


def figures_dir(start: Path | None = None) -> Path:
    """The ``figures/`` folder of the series: the nearest one at or above ``start`` (default: the working directory).

    Notebooks run from ``notebooks/``, so this finds ``../figures``. If there is none, ``./figures`` is created.
    The environment variable W2VLIB_FIGURES_DIR, when set, names the folder instead: ``make test`` points it
    into ``.venv`` so that the test runs (nbval with other CPU code paths, the browser tests) save their figures
    there and never change the committed ones, which ``make notebooks`` writes.
    """
    override = os.environ.get(FIGURES_DIR_VARIABLE)
    if override:
        target = Path(override)
        target.mkdir(parents=True, exist_ok=True)
        return target
    start = Path.cwd() if start is None else Path(start)
    for folder in [start, *start.resolve().parents]:
        if (folder / "figures").is_dir() and (folder / "notebooks").is_dir():
            return folder / "figures"
    target = start / "figures"
    target.mkdir(parents=True, exist_ok=True)
    return target


REFRESH_TIMINGS_VARIABLE = "W2VLIB_REFRESH_TIMINGS"


def refreshing_timings() -> bool:
    """True when measured timings should be re-recorded (``make notebooks REFRESH_TIMINGS=1``)."""
    return os.environ.get(REFRESH_TIMINGS_VARIABLE) == "1"


def save_figure(fig, name: str, folder: Path | None = None, measured: bool = False) -> Path:
    """Save a Matplotlib figure as ``figures/<name>.png`` and return the path.

    The file is written to a temporary name and then renamed, so an interrupted save never leaves a
    half-written figure, and PNG metadata that changes between runs (the Matplotlib version) is left out,
    so re-running a notebook rewrites the same bytes.

    measured: the figure plots wall-clock timings, which differ on every run. Such a figure is written only
    if it does not exist yet or timings are being refreshed (environment variable W2VLIB_REFRESH_TIMINGS=1,
    set by ``make notebooks REFRESH_TIMINGS=1``), so re-running the notebooks leaves ``git status`` clean.
    """
    if not name or "/" in name or "\\" in name:
        raise ValueError(f"name must be a plain file name such as 'window_banking', got {name!r}.")
    folder = figures_dir() if folder is None else Path(folder)
    path = folder / (name if name.endswith(".png") else f"{name}.png")
    if measured and path.exists() and not refreshing_timings():
        return path
    with atomic_write(path, "wb") as stream:
        fig.savefig(stream, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    return path
