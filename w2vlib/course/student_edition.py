"""The student edition of one notebook: the instructor's notebook without its solutions and answers.

(The whole edition, a folder a class can use, is written by :mod:`w2vlib.course.edition`: ``make student``.)

In the instructor's notebooks a solution sits between two marker lines (nbgrader's markers)::

    def sgd_step(params, grad, step_size):
        ### BEGIN SOLUTION
        return params - step_size * grad
        ### END SOLUTION

The student edition replaces every such block, markers included, by ``raise NotImplementedError("Exercise N: ...")``
at the block's indentation, so the function's signature and docstring stay. It clears the outputs of the cells that
depend on a solution (the solution cells, and every later cell that uses a name they define, directly or through
another such cell), keeps all other outputs so the figures are there, and replaces every ``<details>`` block (the
answers to the questions, derivations to try first) by a one-line note. The checker cell after an exercise reports
an unsolved exercise as "not done yet" and lets later cells use the reference version, so the notebook still runs
to the end.

Solution markers belong in code cells: a markdown cell that holds one is refused (:class:`MarkerError`, naming the
cell), since its text would reach the students unchanged; answers in markdown go in a ``<details>`` block.

:func:`make_student_notebook` also returns what it removed, and :func:`restore_instructor_notebook` puts it back:
the round trip gives the instructor's notebook exactly, which the tests check, so the two editions cannot drift.
"""
from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB_COMMENT = "# YOUR CODE HERE"
DETAILS = re.compile(r"<details>.*?</details>", re.S)
SUMMARY = re.compile(r"<summary>(.*?)</summary>", re.S)
DETAILS_NOTE = re.compile(r"\*\(([^()\n]*): in the instructor's edition\.\)\*")
EXERCISE_HEADING = re.compile(r"^#+\s*(?:[\w.]+\s+)?Exercise\s+(\d+)\s*[:.]?\s*(.*)$", re.M | re.I)
LATEX_WORDS = {r"\mid": "|", r"\sigma": "σ", r"\partial": "∂", r"\alpha": "α", r"\beta": "β", r"\top": "ᵀ"}
MIN_LEAK_LENGTH = 16  # solution lines shorter than this (``return s``, ``loss = 0.0``) are too common to count as leaks


class MarkerError(ValueError):
    """A ``### BEGIN SOLUTION`` without its ``### END SOLUTION`` (or the reverse); the message names the cell."""


@dataclass
class Removed:
    """What the student edition took out of one notebook, keyed by cell index, enough to put it all back."""

    solutions: dict = field(default_factory=dict)   # cell index -> [original block lines, markers included]
    details: dict = field(default_factory=dict)     # cell index -> [original <details> blocks]
    outputs: dict = field(default_factory=dict)     # cell index -> (outputs, execution_count)
    metadata: dict = field(default_factory=dict)    # cell index -> original cell metadata (when tags were added)
    exercises: list = field(default_factory=list)   # "Exercise N: ..." for each solution block, in order
    top_level: list = field(default_factory=list)   # cell indices whose solution is not inside a function


# ----------------------------------------------------------------------------------------------------------------
# Solution blocks
# ----------------------------------------------------------------------------------------------------------------

def solution_blocks(source: str, where: str) -> list[tuple[int, int]]:
    """(first, last) line numbers of each BEGIN..END block in ``source``; ``where`` names the cell in errors."""
    blocks, begin = [], None
    for number, line in enumerate(source.split("\n")):
        stripped = line.strip()
        if stripped == BEGIN:
            if begin is not None:
                raise MarkerError(f"{where}: '{BEGIN}' on line {number + 1} comes before the '{END}' of the block "
                                  f"opened on line {begin + 1}.")
            begin = number
        elif stripped == END:
            if begin is None:
                raise MarkerError(f"{where}: '{END}' on line {number + 1} has no '{BEGIN}' before it.")
            blocks.append((begin, number))
            begin = None
    if begin is not None:
        raise MarkerError(f"{where}: '{BEGIN}' on line {begin + 1} has no matching '{END}'.")
    return blocks


def _exercise_label(cells, index: int, source: str, first_line: int, counter: int) -> str:
    """"Exercise N: <what>" from the nearest markdown heading "Exercise N: title" above the cell, else the counter
    and the function the block sits in."""
    number, title = counter, ""
    for cell in reversed(cells[:index]):
        if cell.cell_type == "markdown":
            headings = EXERCISE_HEADING.findall(cell.source)
            if headings:
                number, title = int(headings[-1][0]), headings[-1][1].strip()
                break
    function = None
    for line in reversed(source.split("\n")[:first_line]):
        match = re.match(r"\s*def\s+(\w+)\s*\(", line)
        if match:
            function = match.group(1)
            break
    for command, text in LATEX_WORDS.items():
        title = title.replace(command, text)
    title = re.sub(r"\\[A-Za-z]+", "", title)
    title = re.sub(r"[$`*{}]|_(?=\w)", "", title).strip() or (f"write {function}" if function else "your code")
    if function and function not in title:
        title = f"{title} ({function})"
    return f"Exercise {number}: {title}"


def _stub(indent: str, label: str) -> list[str]:
    return [f"{indent}{STUB_COMMENT}", f"{indent}raise NotImplementedError({label!r})"]


# ----------------------------------------------------------------------------------------------------------------
# Which cells depend on a solution
# ----------------------------------------------------------------------------------------------------------------

def _names(source: str) -> tuple[set[str], set[str]]:
    """(names the cell defines at top level, names it reads without binding them). IPython magics are ignored."""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n"))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        words = set(re.findall(r"[A-Za-z_]\w*", code))
        return set(), words
    defined, read = set(), set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        else:
            defined.update(sub.id for sub in ast.walk(node) if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store))
    # Names the cell reads but does not bind itself (loop and comprehension variables, parameters and local
    # variables of its functions are bound in the cell): a cheap stand-in for the free variables of the cell.
    bound = {sub.id for sub in ast.walk(tree) if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store)}
    bound |= {sub.arg for sub in ast.walk(tree) if isinstance(sub, ast.arg)}
    read = {sub.id for sub in ast.walk(tree) if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load)} - bound
    return defined, read


def dependent_cells(cells, solution_cells: set[int]) -> set[int]:
    """Indices of the code cells whose output depends on a solution: the solution cells, and each later cell that
    reads a name defined by a dependent cell and not redefined since by an independent one."""
    tainted, dependent = set(), set()
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        defined, read = _names(cell.source)
        if index in solution_cells or read & tainted:
            dependent.add(index)
            tainted |= defined
        else:
            tainted -= defined
    return dependent


# ----------------------------------------------------------------------------------------------------------------
# One notebook
# ----------------------------------------------------------------------------------------------------------------

def _details_note(block: str) -> str:
    summary = SUMMARY.search(block)
    text = summary.group(1) if summary else "Answers"
    text = re.sub(r"\s*\((?:open|read)[^)]*\)\s*$", "", re.sub(r"\s+", " ", text)).strip() or "Answers"
    text = text.replace("(", "").replace(")", "")
    return f"*({text}: in the instructor's edition.)*"


def make_student_notebook(nb, name: str = "notebook"):
    """Return ``(student_nb, removed)`` for an instructor's notebook (an nbformat node; it is not changed)."""
    student = copy.deepcopy(nb)
    removed = Removed()
    counter = 0
    solution_cells = set()
    for index, cell in enumerate(student.cells):
        where = f"{name}, cell {index + 1}" + (f" (id {cell['id']})" if cell.get("id") else "")
        if cell.cell_type == "markdown":
            for number, line in enumerate(cell.source.split("\n"), start=1):
                if line.strip() in (BEGIN, END):
                    raise MarkerError(f"{where}: '{line.strip()}' on line {number} of a markdown cell. Solution "
                                      "markers work in code cells only (here the text would reach the students "
                                      "unchanged): put a markdown answer in a <details> block instead.")
            blocks = DETAILS.findall(cell.source)
            if blocks:
                removed.details[index] = blocks
                cell.source = DETAILS.sub(lambda m: _details_note(m.group()), cell.source)
            continue
        if cell.cell_type != "code":
            continue
        blocks = solution_blocks(cell.source, where)
        if not blocks:
            continue
        solution_cells.add(index)
        lines = cell.source.split("\n")
        kept, cursor, originals = [], 0, []
        for first, last in blocks:
            counter += 1
            indent = re.match(r"\s*", lines[first]).group()
            label = _exercise_label(student.cells, index, cell.source, first, counter)
            removed.exercises.append(label)
            originals.append(lines[first:last + 1])
            kept += lines[cursor:first] + _stub(indent, label)
            cursor = last + 1
            if not indent:
                removed.top_level.append(index)
        kept += lines[cursor:]
        removed.solutions[index] = originals
        cell.source = "\n".join(kept)
        if index in removed.top_level:
            # A top-level stub raises in the cell itself: let "run all" go on past it.
            removed.metadata[index] = copy.deepcopy(cell.metadata)
            tags = list(cell.metadata.get("tags", []))
            cell.metadata["tags"] = tags + ["raises-exception"]
    for index in dependent_cells(student.cells, solution_cells):
        cell = student.cells[index]
        removed.outputs[index] = (cell.outputs, cell.execution_count)
        cell.outputs, cell.execution_count = [], None
    return student, removed


def restore_instructor_notebook(student, removed: Removed):
    """Put back what :func:`make_student_notebook` removed; returns a new notebook equal to the instructor's."""
    nb = copy.deepcopy(student)
    for index, blocks in removed.details.items():
        pending = iter(blocks)
        nb.cells[index].source = DETAILS_NOTE.sub(lambda m: next(pending), nb.cells[index].source)
    for index, originals in removed.solutions.items():
        lines, restored, pending = nb.cells[index].source.split("\n"), [], iter(originals)
        skip = False
        for number, line in enumerate(lines):
            if skip:
                skip = False
                continue
            if line.strip() == STUB_COMMENT and number + 1 < len(lines) \
                    and lines[number + 1].strip().startswith("raise NotImplementedError("):
                restored += next(pending)
                skip = True
            else:
                restored.append(line)
        nb.cells[index].source = "\n".join(restored)
    for index, metadata in removed.metadata.items():
        nb.cells[index].metadata = copy.deepcopy(metadata)
    for index, (outputs, execution_count) in removed.outputs.items():
        nb.cells[index].outputs, nb.cells[index].execution_count = copy.deepcopy(outputs), execution_count
    return nb




def normalised(text: str) -> str:
    """``text`` without white space, ``np.``/``numpy.`` prefixes and LaTeX spacing, so that a solution line or an
    answer's formula is found however it is spaced or spelled."""
    text = re.sub(r"\\(left|right|big|Big|bigg|Bigg)\b|\\[,;:!]|\\quad", "", text)
    text = re.sub(r"\b(np|numpy)\.", "", text)
    return re.sub(r"\s+", "", text)


ANSWER_COMMENT = re.compile(r"^\s*#\s*answer:\s*(.+?)\s*$")


def secrets_of(nb) -> list[tuple[str, str]]:
    """(what to report, its normalised form) for every distinctive line of a solution, every formula a solution
    declares with a comment ``# answer: <formula>`` (LaTeX or as printed; several such lines allowed), and every
    line of an answer in a ``<details>`` block."""
    secrets = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = cell.source.split("\n")
            for first, last in solution_blocks(cell.source, "notebook"):
                for line in lines[first + 1:last]:
                    declared = ANSWER_COMMENT.match(line)
                    if declared:
                        formula = declared.group(1).strip("$ ")
                        secrets[f"answer: {formula}"] = normalised(formula)
                        continue
                    code = line.split("#")[0].strip()
                    if len(code) >= MIN_LEAK_LENGTH:
                        secrets[code] = normalised(code)
        elif cell.cell_type == "markdown":
            for block in DETAILS.findall(cell.source):
                body = SUMMARY.sub("", block).replace("<details>", "").replace("</details>", "")
                secrets.update((line.strip(), normalised(line)) for line in body.split("\n")
                               if len(line.strip()) >= MIN_LEAK_LENGTH)
    return sorted(secrets.items())


def leaks(nb, student) -> list[str]:
    """Solution lines and answer text and formulas of ``nb`` (the instructor's) that still appear anywhere in
    ``student`` (code, markdown and outputs), however spaced; each with the cell it appears in."""
    texts = []
    for number, cell in enumerate(student.cells, start=1):
        texts.append((number, normalised(cell.source)))
        for output in cell.get("outputs", []):
            text = output.get("text", "") if isinstance(output.get("text", ""), str) else ""
            texts.append((number, normalised(text + str(output.get("data", {}).get("text/plain", "")))))
    found = []
    for shown, secret in secrets_of(nb):
        cells = sorted({number for number, text in texts if secret in text})
        if cells:
            found.append(f"{shown} (cell {', '.join(map(str, cells))})")
    return found


# ----------------------------------------------------------------------------------------------------------------
# The whole edition
# ----------------------------------------------------------------------------------------------------------------

def notebooks_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def check(paths: list[Path], read=lambda path: nbformat.read(path, as_version=4)) -> tuple[list[str], bool]:
    """Report lines for ``--check`` and whether every notebook is clean (balanced markers, nothing leaks).
    ``read`` reads one notebook (the edition passes one whose errors name the path)."""
    lines, ok = [], True
    for path in paths:
        try:
            nb = read(path)
            student, removed = make_student_notebook(nb, path.name)
        except MarkerError as exc:
            lines.append(f"{path.name}: ERROR {exc}")
            ok = False
            continue
        leaked = leaks(nb, student)
        exercises = "; ".join(removed.exercises) if removed.exercises else "none"
        lines.append(f"{path.name}: {len(removed.exercises)} exercise(s): {exercises}; "
                     f"{sum(len(b) for b in removed.details.values())} <details> block(s) removed; "
                     f"{len(removed.outputs)} output(s) cleared")
        for index in sorted(set(removed.top_level)):
            lines.append(f"    warning: cell {index + 1} has a solution outside any function; its stub stops the "
                         "cell, so later cells that use its names fail. Put the solution inside a function.")
        for secret in leaked:
            lines.append(f"    LEAK: {secret}")
            ok = False
    return lines, ok
