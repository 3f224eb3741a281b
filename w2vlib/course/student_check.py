"""A student's ``make check``: run the notebooks top to bottom in a fresh kernel and list what each checker said.

    python -m w2vlib.course.student_check notebooks                     # every NN_*.ipynb in the folder
    python -m w2vlib.course.student_check notebooks/03_negative_sampling.ipynb

The notebooks on disk are run as they are (save them first) and are not changed. For each notebook the report gives
the checkers' verdicts in order ("✓ … passed", "✗ … not done yet", "✗ … failed on case …") and any cell that stopped
with an error. The exit code is 0 when every checker passed and no cell failed, 1 otherwise.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

VERDICT_MARKS = ("✓", "✗")
TIMEOUT = 600   # seconds a cell may take before the run of its notebook is stopped


def verdicts(nb) -> tuple[list[str], list[str]]:
    """(the checkers' verdict lines, one line per cell that raised) from an executed notebook."""
    found, errors = [], []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                found += _verdict_lines(output.get("text", ""))
            elif output.get("output_type") == "error":
                errors.append(f"cell {number}: {output.get('ename')}: {output.get('evalue')}")
    return found, errors


def _verdict_lines(text: str) -> list[str]:
    """The lines of ``text`` that start with a verdict mark, each with the lines a checker wrapped it onto (indented
    by four spaces) joined back, so that a long verdict is not cut off mid-sentence."""
    found, joining = [], False
    for line in text.splitlines():
        if line.strip().startswith(VERDICT_MARKS):
            found.append(line.strip())
            joining = True
        elif joining and line.startswith("    ") and line.strip():
            found[-1] += " " + line.strip()
        else:
            joining = False             # anything else ends the verdict before it
    return found


def run_notebook(path: Path):
    """``path`` executed in a fresh kernel in its own folder (cells that raise do not stop the run)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


def notebook_paths(arguments: list[Path]) -> list[Path]:
    paths = []
    for argument in arguments:
        if argument.is_dir():
            paths += sorted(argument.glob("[0-9][0-9]_*.ipynb"))
        elif argument.suffix == ".ipynb" and argument.is_file():
            paths.append(argument)
        else:
            raise SystemExit(f"make check: {argument} is neither a notebook nor a folder of notebooks; "
                             "give notebooks/ or one notebooks/NN_name.ipynb.")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m w2vlib.course.student_check", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="notebooks, or folders of notebooks")
    args = parser.parse_args(argv)
    passed = failed = 0
    for path in notebook_paths(args.paths):
        start = time.perf_counter()
        try:
            nb = run_notebook(path)
        except Exception as exc:   # a kernel that died, a timeout: the notebook's own cells are reported below
            print(f"{path.name}: could not be run to the end ({type(exc).__name__}: {exc})")
            failed += 1
            continue
        found, errors = verdicts(nb)
        print(f"{path.name} ({time.perf_counter() - start:.0f} s):" + ("" if found or errors else " no exercise"))
        for line in found + [f"error in {error}" for error in errors]:
            print(f"  {line}")
        passed += sum(line.startswith("✓") for line in found)
        failed += sum(line.startswith("✗") for line in found) + len(errors)
    print(f"make check: {passed} passed, {failed} not passed yet")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
