"""Saving figures to the repository's ``figures/`` folder, atomically and reproducibly."""
from __future__ import annotations

import os
from pathlib import Path

from ..atomic_file import atomic_write


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
