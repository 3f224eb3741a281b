"""The student edition: no solution and no answer leaks, the notebooks stay valid and run to the end with every
exercise unsolved, and putting back what was removed gives the instructor's notebooks exactly."""
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from w2vlib.course.edition import write_edition
from w2vlib.course.student_edition import (
    MarkerError, check, leaks, make_student_notebook, restore_instructor_notebook, solution_blocks)

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WITH_EXERCISES = [p for p in NOTEBOOKS if "### BEGIN SOLUTION" in p.read_text(encoding="utf-8")]


def read(path):
    return nbformat.read(path, as_version=4)


def solution_lines(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = cell.source.split("\n")
            for first, last in solution_blocks(cell.source, "test"):
                yield from (line.strip() for line in lines[first + 1:last] if line.strip())


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition") / "student"
    report = write_edition(ROOT, out, NOTEBOOKS)
    return out, report


def test_every_notebook_after_the_index_holds_an_exercise():
    numbered = {p.name[:2] for p in NOTEBOOKS} - {"00"}
    assert {p.name[:2] for p in WITH_EXERCISES} == numbered, "every notebook but the index holds an exercise"
    assert {"05", "06", "08"} <= numbered   # the last three to get one (issue 23 item 6)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_solution_line_and_no_answer_appears_in_the_student_edition(path, edition):
    out, _ = edition
    student = read(out / "notebooks" / path.name)
    text = json.dumps(student.dict(), ensure_ascii=False)
    assert "### BEGIN SOLUTION" not in text and "### END SOLUTION" not in text
    assert "<details>" not in text and "</details>" not in text
    sources = "\n".join(cell.source for cell in student.cells)
    # every solution line that is more than a bare keyword is gone (short ones like "return s" also occur elsewhere)
    leaked = [line for line in solution_lines(read(path)) if len(line) > 12 and not line.startswith("#")
              and line in sources]
    assert not leaked, leaked
    assert leaks(read(path), student) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_notebooks_are_valid_nbformat(path, edition):
    out, _ = edition
    nbformat.validate(read(out / "notebooks" / path.name))


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.name)
def test_each_exercise_becomes_a_stub_that_keeps_the_signature(path, edition):
    out, _ = edition
    instructor, student = read(path), read(out / "notebooks" / path.name)
    for mine, theirs in zip(instructor.cells, student.cells):
        if mine.cell_type == "code" and solution_blocks(mine.source, "test"):
            assert "raise NotImplementedError(\"Exercise " in theirs.source or \
                "raise NotImplementedError('Exercise " in theirs.source
            lines = mine.source.split("\n")
            inside = {n for first, last in solution_blocks(mine.source, "test") for n in range(first, last + 1)}
            defs = [line for n, line in enumerate(lines) if line.lstrip().startswith("def ") and n not in inside]
            assert defs, "each exercise is a function"
            assert all(line in theirs.source.split("\n") for line in defs)
            assert theirs.outputs == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_putting_the_solutions_back_gives_the_instructors_notebook_exactly(path):
    instructor = read(path)
    student, removed = make_student_notebook(instructor, path.name)
    assert student != instructor or not removed.exercises and not removed.details
    assert restore_instructor_notebook(student, removed) == instructor


def test_figures_are_kept_where_no_solution_is_needed(edition):
    out, _ = edition
    student = read(out / "notebooks" / "04_window_loss_and_sgd.ipynb")
    images = [o for c in student.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3


def test_the_edition_is_a_folder_students_can_run(edition):
    out, report = edition
    for name in ["README.md", "Makefile", "pyproject.toml", "requirements.lock", ".ci/build_venv.sh",
                 "binder/jupyter/overrides.json", "w2vlib/__init__.py", "figures", "notebooks"]:
        assert (out / name).exists(), name
    assert "NotImplementedError" in (out / "README.md").read_text(encoding="utf-8")
    assert len(report) == len(NOTEBOOKS)


def notebook_with(source):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("### Exercise 1: a thing"), nbformat.v4.new_code_cell(source)]
    return nb


@pytest.mark.parametrize("source, phrase", [
    ("def f(x):\n    ### BEGIN SOLUTION\n    return x\n", "has no matching '### END SOLUTION'"),
    ("def f(x):\n    return x\n    ### END SOLUTION\n", "has no '### BEGIN SOLUTION' before it"),
    ("def f(x):\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n",
     "comes before the '### END SOLUTION'"),
])
def test_an_unbalanced_marker_is_an_error_naming_the_cell(source, phrase):
    with pytest.raises(MarkerError) as info:
        make_student_notebook(notebook_with(source), "99_broken.ipynb")
    assert "99_broken.ipynb, cell 2" in str(info.value) and phrase in str(info.value)


def test_stub_keeps_indentation_and_names_the_exercise():
    nb = notebook_with("def f(x):\n    \"\"\"doc\"\"\"\n    ### BEGIN SOLUTION\n    y = x * 2\n    return y\n"
                       "    ### END SOLUTION\n\nprint(f(1))")
    student, removed = make_student_notebook(nb)
    assert student.cells[1].source == ("def f(x):\n    \"\"\"doc\"\"\"\n    # YOUR CODE HERE\n"
                                       "    raise NotImplementedError('Exercise 1: a thing (f)')\n\nprint(f(1))")
    assert removed.exercises == ["Exercise 1: a thing (f)"]


def test_check_reports_exercises_and_leaks(tmp_path):
    nb = notebook_with("def f(x):\n    ### BEGIN SOLUTION\n    return x * 2 + 12345\n    ### END SOLUTION\n")
    nb.cells.append(nbformat.v4.new_markdown_cell("Hint: the answer is `return x * 2 + 12345`"))
    path = tmp_path / "98_leaky.ipynb"
    nbformat.write(nb, path)
    lines, ok = check([path])
    assert not ok
    assert "98_leaky.ipynb: 1 exercise(s): Exercise 1: a thing (f)" in lines[0]
    assert any("LEAK: return x * 2 + 12345 (cell 3)" in line for line in lines)


def test_make_student_command_line_check_passes_on_the_series():
    result = subprocess.run([sys.executable, "-m", "w2vlib.course.edition", "--check", "--root", str(ROOT)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "student edition: OK" in result.stdout
    for path in WITH_EXERCISES:
        assert f"{path.name}: " in result.stdout


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.name)
def test_each_student_notebook_runs_to_the_end_in_a_fresh_kernel(path, edition):
    out, _ = edition
    nb = read(out / "notebooks" / path.name)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(out / "notebooks")}})
    client.execute()   # raises CellExecutionError if any cell crashes
    printed = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
                        if o.get("output_type") == "stream")
    exercises = sum(c.source.count("raise NotImplementedError(") for c in nb.cells if c.cell_type == "code")
    assert printed.count("not done yet") == exercises
