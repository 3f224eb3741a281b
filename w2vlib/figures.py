"""Saving figures to the repository's ``figures/`` folder, atomically and reproducibly."""
from __future__ import annotations

from pathlib import Path

from .atomic_file import atomic_write


def figures_dir(start: Path | None = None) -> Path:
    """The ``figures/`` folder of the series: the nearest one at or above ``start`` (default: the working directory).

    Notebooks run from ``notebooks/``, so this finds ``../figures``. If there is none, ``./figures`` is created.
    """
    start = Path.cwd() if start is None else Path(start)
    for folder in [start, *start.resolve().parents]:
        if (folder / "figures").is_dir() and (folder / "notebooks").is_dir():
            return folder / "figures"
    target = start / "figures"
    target.mkdir(parents=True, exist_ok=True)
    return target


def save_figure(fig, name: str, folder: Path | None = None) -> Path:
    """Save a Matplotlib figure as ``figures/<name>.png`` and return the path.

    The file is written to a temporary name and then renamed, so an interrupted save never leaves a
    half-written figure, and PNG metadata that changes between runs (the Matplotlib version) is left out,
    so re-running a notebook rewrites the same bytes.
    """
    if not name or "/" in name or "\\" in name:
        raise ValueError(f"name must be a plain file name such as 'window_banking', got {name!r}.")
    folder = figures_dir() if folder is None else Path(folder)
    path = folder / (name if name.endswith(".png") else f"{name}.png")
    with atomic_write(path, "wb") as stream:
        fig.savefig(stream, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    return path
