"""Re-execute notebooks in place, in a fresh kernel of this Python environment, deterministically.

    python -m w2vlib.course.notebook_runner notebooks/01_skipgram_objective.ipynb [...]

Each notebook runs from its own folder (so it finds ``../figures``), with no timing metadata recorded and
widget model ids numbered instead of random, so running the series twice leaves ``git status`` clean.

Measured timings differ on every run. A cell whose output nbval ignores (it starts with
``# NBVAL_IGNORE_OUTPUT``) keeps its stored output as long as its source is unchanged, and figures saved with
``save_figure(..., measured=True)`` are kept too; ``--refresh-timings`` (``make notebooks REFRESH_TIMINGS=1``)
re-records them. Prints each notebook's run time; exits non-zero if a cell raises.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
import zmq
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from ..atomic_file import atomic_write
from .figures import REFRESH_TIMINGS_VARIABLE, refreshing_timings

TIME_LIMIT_S = 60.0
IGNORED_OUTPUT_MARKER = "# NBVAL_IGNORE_OUTPUT"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class CurrentEnvKernelSpecManager(KernelSpecManager):
    """Always hands out a kernel of the running interpreter, whatever kernels the user has installed."""

    def get_kernel_spec(self, kernel_name):
        return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                          display_name="Python 3 (ipykernel)", language="python", env={"PYTHONHASHSEED": "0"},
                          metadata={"supported_encryption": ["curve"]})


def kernel_manager() -> KernelManager:
    """A manager for one kernel of this interpreter; its messages are encrypted (CurveZMQ) where pyzmq can.

    Unencrypted, ipykernel 7 warns on every start that it runs "over TCP without encryption".
    """
    options = {}
    if "transport_encryption" in KernelManager.class_trait_names() and zmq.has("curve"):
        options["transport_encryption"] = "auto"
    return KernelManager(kernel_name="python3", kernel_spec_manager=CurrentEnvKernelSpecManager(), **options)


def normalise(nb) -> None:
    """Remove what changes from run to run without meaning anything: timings, widget state, random ids.

    The kernel's ``language_info`` is kept whole, Python's version included: JupyterLab writes what the kernel
    reports into an opened notebook, so a notebook stored without it opens already modified ("Save changes?").
    """
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    widget_count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is not None:
                widget_count += 1
                view["model_id"] = f"widget-{widget_count:03d}"


def stored_measurements(nb) -> dict[str, tuple[str, list]]:
    """cell id -> (source, outputs) of the cells whose output nbval ignores (timings, machine details)."""
    return {cell.get("id", str(i)): (cell.source, cell.outputs) for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and cell.source.startswith(IGNORED_OUTPUT_MARKER) and cell.outputs}


def restore_measurements(nb, stored: dict[str, tuple[str, list]]) -> None:
    """Put back the stored outputs of ignored-output cells whose source has not changed."""
    for i, cell in enumerate(nb.cells):
        source, outputs = stored.get(cell.get("id", str(i)), (None, None))
        if source is not None and source == cell.source:
            cell.outputs = outputs


def execute_notebook(path: Path, timeout: int = 600) -> float:
    """Execute one notebook in place and return its run time in seconds."""
    nb = nbformat.read(path, as_version=4)
    stored = {} if refreshing_timings() else stored_measurements(nb)
    client = NotebookClient(nb, km=kernel_manager(), timeout=timeout, record_timing=False, coalesce_streams=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute(cleanup_kc=True)  # shut the kernel down when done (nbclient does not, given a manager)
    except CellExecutionError as exc:
        number = next((i + 1 for i, c in enumerate(nb.cells)
                       if any(o.get("output_type") == "error" for o in c.get("outputs", []))), "?")
        raise RuntimeError(f"cell {number} raised {exc.ename}: {exc.evalue}") from None
    elapsed = time.perf_counter() - start
    restore_measurements(nb, stored)
    normalise(nb)
    with atomic_write(path, "w") as stream:
        nbformat.write(nb, stream)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m w2vlib.course.notebook_runner", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path, help="notebook files to execute in place")
    parser.add_argument("--refresh-timings", action="store_true",
                        help="re-record measured timings (ignored-output cells and measured figures)")
    args = parser.parse_args(argv)
    if args.refresh_timings:
        os.environ[REFRESH_TIMINGS_VARIABLE] = "1"  # the kernels inherit it
    for path in args.notebooks:
        if not path.is_file():
            parser.error(f"notebook {path} does not exist")
    failed = False
    for path in args.notebooks:
        try:
            elapsed = execute_notebook(path)
        except Exception as exc:  # a failing cell: report it and go on with the rest
            print(f"{path}: FAILED, {exc} (the notebook file was left unchanged)", flush=True)
            failed = True
            continue
        flag = "" if elapsed < TIME_LIMIT_S else f"  <-- over the {TIME_LIMIT_S:.0f} s budget"
        print(f"{path}: {elapsed:5.1f} s{flag}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
