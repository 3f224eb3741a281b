"""The stored real-text runs of notebooks 07, 09 and 10: written atomically by their commands, read by the notebooks.

Each long experiment (``python -m w2vlib.course.design_real_sample``, ``design_step_sizes``, ``rest_of_word2vec_runs``,
``factorisation_real_sample``) writes its runs as JSON under ``notebooks/data/`` after every run, so an interruption
loses only the run under way, and the notebook reads the file back in well under its 60 seconds.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..atomic_file import atomic_write


def write_runs(out: Path, content: dict, indent: int | None = None) -> None:
    """Write ``content`` to ``out`` as JSON, whole or not at all (the folder is made if missing); ``indent``: None
    for one compact line, or the indentation of a file meant to be read in a diff."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(out, "w") as stream:
        if indent is None:
            json.dump(content, stream, ensure_ascii=False, separators=(",", ":"))
        else:
            json.dump(content, stream, indent=indent, ensure_ascii=False)
        stream.write("\n")


def load_runs(path: Path, made_by: str, takes: str) -> dict:
    """The runs stored at ``path``; a ValueError naming the command that makes them (``made_by``, taking
    ``takes``) if the file is missing."""
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path} does not exist; make it with `{made_by}` ({takes}).")
    return json.loads(path.read_text(encoding="utf-8"))
