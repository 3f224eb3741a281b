"""Writing the student edition to a folder, safely: ``make student``.

    python -m w2vlib.course.edition                 # writes dist/student/
    python -m w2vlib.course.edition --check         # reports each notebook's exercises and anything that leaks
    python -m w2vlib.course.edition --out FOLDER    # another folder (one that does not exist, or an earlier edition)

The edition is a folder a class can use as it is, moved anywhere: the student notebooks with the stored runs they read
(``notebooks/data/``), ``figures/``, the
``w2vlib`` library, ``pyproject.toml`` and the same ``requirements.lock`` as the instructor's edition, the script that
builds ``.venv`` from it, ``binder/``, ``environment.yml``, a Makefile of its own (``make lab``, ``make check``) and a
short README.

Nothing a user made is ever deleted: the edition is written only into a folder that does not exist or that an
earlier run made (it leaves the marker file ``.w2vlib-student-edition``); any other non-empty folder, a file, the
repository itself, a folder that holds the source notebooks or lies inside them is refused, with the reason. The
edition is first written to a staging folder beside the target and swapped in whole at the end; a run that is
refused or fails (a full disk) removes its staging folder and leaves the previous edition as it was.
"""
from __future__ import annotations

import argparse
import errno
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from .student_edition import MarkerError, check, make_student_notebook, notebooks_in

MARKER = ".w2vlib-student-edition"
COPIED_INTO_EDITION = ["w2vlib", "figures", "notebooks/data", "pyproject.toml", "requirements.lock", "environment.yml",
                       "binder", ".ci/build_venv.sh"]   # notebooks/data: the stored real-text runs 07, 09 and 10 read
TEMPLATES = Path(__file__).with_name("edition_files")   # the edition's own Makefile and README


class EditionError(Exception):
    """The edition was not written; the message says why and what to do. Nothing was changed."""


# ----------------------------------------------------------------------------------------------------------------
# Reading the instructor's notebooks
# ----------------------------------------------------------------------------------------------------------------

def read_notebook(path: Path):
    """The notebook at ``path``, or an :class:`EditionError` naming the path when it is not a Jupyter notebook."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EditionError(f"{path}: cannot be read ({exc}).") from None
    if not text.strip():
        raise EditionError(f"{path}: the file is empty, not a Jupyter notebook. Restore it (git checkout -- {path}) "
                           "or leave it out.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EditionError(f"{path}: not a Jupyter notebook (not valid JSON: {exc}).") from None
    if not isinstance(data, dict) or "cells" not in data or "nbformat" not in data:
        raise EditionError(f"{path}: JSON, but not a Jupyter notebook (no 'cells' and 'nbformat' at the top).")
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several kinds (validation, reader, KeyError)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EditionError(f"{path}: not a valid Jupyter notebook ({first}).") from None
    return nb


# ----------------------------------------------------------------------------------------------------------------
# Where the edition may be written
# ----------------------------------------------------------------------------------------------------------------

def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_target(out: Path, root: Path, sources: list[Path]) -> None:
    """Refuse (EditionError) any ``out`` the generator did not make: see the module's docstring."""
    out, root = out.resolve(), root.resolve()
    notebook_folders = {path.resolve().parent for path in sources}
    if out.exists() and not out.is_dir():
        raise EditionError(f"--out {out} is a file, not a folder. Name a folder that does not exist yet "
                           "(e.g. dist/student).")
    if _inside(root, out):
        raise EditionError(f"--out {out} holds the repository {root}: writing the edition there would replace "
                           "your files. Name a new folder, e.g. dist/student.")
    for folder in sorted(notebook_folders):
        if _inside(out, folder) or _inside(folder, out):
            raise EditionError(f"--out {out} {'is inside' if _inside(out, folder) else 'holds'} the folder of the "
                               f"instructor's notebooks ({folder}): writing there would replace them. Name a new "
                               "folder outside it, e.g. dist/student.")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise EditionError(f"--out {out} is a folder that this generator did not make (it has files and no {MARKER} "
                           "marker): nothing was written, to keep those files. Name a new folder, or empty this one.")


# ----------------------------------------------------------------------------------------------------------------
# Writing it
# ----------------------------------------------------------------------------------------------------------------

def student_notebooks(paths: list[Path]) -> list[tuple[Path, object, object]]:
    """(path, student notebook, removed) for every path, all made in memory before anything is written."""
    made = []
    for path in paths:
        nb = read_notebook(path)
        student, removed = make_student_notebook(nb, path.name)
        nbformat.validate(student)
        made.append((path, student, removed))
    return made


def _copy_into(root: Path, staging: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", ".tmp-*")
    for name in COPIED_INTO_EDITION:
        source = root / name
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, target)
        else:
            raise EditionError(f"{source} is missing: the edition needs it to start on a student's machine. "
                               "Run from the repository root or pass --root.")
    for template in ("Makefile", "README.md"):
        shutil.copy2(TEMPLATES / template, staging / template)


def write_edition(root: Path, out: Path, paths: list[Path]) -> list[str]:
    """Write the student edition of ``paths`` into ``out`` (see the module's docstring for what is refused).
    Returns one report line per notebook."""
    root, out = root.resolve(), out.resolve()
    check_target(out, root, paths)
    made = student_notebooks(paths)          # marker and format errors stop the run before anything is written
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    retired = None
    try:
        _copy_into(root, staging)
        (staging / "notebooks").mkdir(exist_ok=True)   # notebooks/data/ may have made it
        report = []
        for path, student, removed in made:
            with open(staging / "notebooks" / path.name, "w", encoding="utf-8") as stream:
                nbformat.write(student, stream)
            report.append(f"{path.name}: {len(removed.exercises)} exercise(s), "
                          f"{len(removed.outputs)} output(s) cleared")
        (staging / MARKER).write_text("Written by python -m w2vlib.course.edition; this folder may be replaced by "
                                      "the next run.\n", encoding="utf-8")
        if out.exists():
            retired = out.with_name(f".{out.name}.retired-{time.time_ns()}")
            out.rename(retired)
        staging.rename(out)
    except (OSError, shutil.Error) as exc:
        if retired is not None and not out.exists():
            retired.rename(out)
            retired = None
        reason = exc.args[0][0][2] if isinstance(exc, shutil.Error) and exc.args and exc.args[0] else exc
        full = getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in str(reason)
        raise EditionError(f"could not write the student edition to {out}: {reason}. Nothing was changed"
                           f"{' (the earlier edition there is intact)' if out.exists() else ''}; "
                           + ("free some disk space or choose another --out." if full else
                              "fix what the error names (or choose another --out) and run it again.")) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
    return report


# ----------------------------------------------------------------------------------------------------------------
# The instructor's working copy
# ----------------------------------------------------------------------------------------------------------------

def changed_notebooks(root: Path, paths: list[Path]) -> list[str] | None:
    """The notebooks among ``paths`` that differ from the last commit (JupyterLab's autosave writes a teacher's run
    into them), or None where git cannot tell (no git, not a repository)."""
    try:
        result = subprocess.run(["git", "status", "--porcelain", "--", *map(str, paths)], cwd=root,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return [line[3:] for line in result.stdout.splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m w2vlib.course.edition", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="instructor notebooks (default: every notebooks/NN_*.ipynb)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: the current folder)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/dist/student)")
    parser.add_argument("--check", action="store_true",
                        help="only report each notebook's exercises and any solution text that would leak")
    parser.add_argument("--allow-changed", action="store_true",
                        help="write the edition even when notebooks/ differs from the last commit")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    paths = args.notebooks or notebooks_in(root / "notebooks")
    if not paths:
        parser.error(f"no notebooks found in {root / 'notebooks'}; run from the repository root or pass --root")
    for path in paths:
        if not path.is_file():
            parser.error(f"notebook {path} does not exist")
    if args.check:
        try:
            lines, ok = check(paths, read=read_notebook)
        except EditionError as exc:
            print(f"student edition: {exc}", file=sys.stderr)
            return 1
        print("\n".join(lines))
        print("student edition: OK" if ok else "student edition: problems found (see above)")
        return 0 if ok else 1
    changed = changed_notebooks(root, paths)
    if changed is None:
        print("note: git cannot tell whether the notebooks differ from the committed ones (no git repository); "
              "the edition takes them as they are on disk.", file=sys.stderr)
    elif changed and not args.allow_changed:
        print("student edition not written: these notebooks differ from the last commit (JupyterLab's autosave "
              "keeps your own run in them), so the edition would hand out your outputs:\n  " + "\n  ".join(changed)
              + "\nRestore them with `git checkout -- notebooks/` (or keep your work with `git stash`), or hand them "
              "out as they are with `make student ALLOW_CHANGED=1` (--allow-changed).", file=sys.stderr)
        return 1
    start = time.perf_counter()
    out = (args.out or root / "dist" / "student").resolve()
    try:
        report = write_edition(root, out, paths)
    except (EditionError, MarkerError) as exc:
        print(f"student edition not written: {exc}", file=sys.stderr)
        return 1
    print("\n".join(report))
    print(f"student edition written to {out} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
