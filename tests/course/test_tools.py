"""The tools behind `make notebooks` and the figures: deterministic, atomic."""
import hashlib
import json
import platform

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

from w2vlib.course.figures import figures_dir, save_figure
from w2vlib.course.notebook_runner import execute_notebook, main


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_runner_executes_in_place_deterministically_without_timing_metadata(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import numpy as np\nrng = np.random.default_rng(0)\nprint(rng.normal(size=3).round(6))"),
        nbformat.v4.new_code_cell("import os\nprint(os.path.basename(os.getcwd()))"),
    ])
    path = tmp_path / "demo.ipynb"
    nbformat.write(nb, path)
    execute_notebook(path)
    first = sha(path)
    execute_notebook(path)
    assert sha(path) == first
    stored = json.loads(path.read_text())
    assert "".join(stored["cells"][1]["outputs"][0]["text"]) == f"{tmp_path.name}\n"  # runs from the notebook's folder
    assert all("execution" not in c["metadata"] for c in stored["cells"])
    # the kernel's whole language_info, as JupyterLab would write it on opening (else the tab opens modified)
    assert stored["metadata"]["language_info"]["version"] == platform.python_version()


def test_runner_reports_a_failing_notebook_and_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "broken.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")]), path)
    before = path.read_bytes()
    assert main([str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "ZeroDivisionError" in out
    assert path.read_bytes() == before  # a failed run leaves the notebook as it was


def plot(seed):
    fig, ax = plt.subplots()
    ax.plot(np.random.default_rng(seed).normal(size=20), label="noise")
    ax.set_title("t")
    ax.legend()
    return fig


def test_save_figure_is_byte_reproducible_and_leaves_no_temp_files(tmp_path):
    first = save_figure(plot(0), "demo", folder=tmp_path)
    digest = sha(first)
    second = save_figure(plot(0), "demo", folder=tmp_path)
    assert second == first and sha(second) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.png"]


def test_interrupted_save_keeps_the_old_figure(tmp_path, monkeypatch):
    path = save_figure(plot(0), "demo", folder=tmp_path)
    old = path.read_bytes()
    fig = plot(1)
    monkeypatch.setattr(fig, "savefig", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        save_figure(fig, "demo", folder=tmp_path)
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.png"]


def test_figures_dir_finds_the_repository_folder_from_notebooks(tmp_path, monkeypatch):
    monkeypatch.delenv("W2VLIB_FIGURES_DIR", raising=False)
    (tmp_path / "figures").mkdir()
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    assert figures_dir().resolve() == (tmp_path / "figures").resolve()
    with pytest.raises(ValueError, match="name"):
        save_figure(plot(0), "../escape")


def test_figures_dir_variable_sends_figures_elsewhere_and_leaves_the_repository_folder_alone(tmp_path, monkeypatch):
    (tmp_path / "figures").mkdir()
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    monkeypatch.setenv("W2VLIB_FIGURES_DIR", str(tmp_path / "test-figures"))
    path = save_figure(plot(0), "demo")
    assert path == tmp_path / "test-figures" / "demo.png" and path.exists()
    assert not any((tmp_path / "figures").iterdir())


def test_measured_outputs_are_kept_until_timings_are_refreshed(tmp_path, monkeypatch):
    timing = "# NBVAL_IGNORE_OUTPUT\nimport time\nprint(time.perf_counter_ns())"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(timing), nbformat.v4.new_code_cell("print(1 + 1)")])
    path = tmp_path / "timed.ipynb"
    nbformat.write(nb, path)
    execute_notebook(path)
    first = json.loads(path.read_text())["cells"][0]["outputs"]
    execute_notebook(path)
    assert json.loads(path.read_text())["cells"][0]["outputs"] == first  # kept: the re-run leaves no diff
    monkeypatch.setenv("W2VLIB_REFRESH_TIMINGS", "1")
    execute_notebook(path)
    refreshed = json.loads(path.read_text())["cells"]
    assert refreshed[0]["outputs"] != first and "".join(refreshed[1]["outputs"][0]["text"]) == "2\n"


def test_measured_figure_is_written_once_unless_refreshing(tmp_path, monkeypatch):
    monkeypatch.delenv("W2VLIB_REFRESH_TIMINGS", raising=False)
    path = save_figure(plot(0), "timing", folder=tmp_path, measured=True)
    original = sha(path)
    save_figure(plot(1), "timing", folder=tmp_path, measured=True)
    assert sha(path) == original
    monkeypatch.setenv("W2VLIB_REFRESH_TIMINGS", "1")
    save_figure(plot(1), "timing", folder=tmp_path, measured=True)
    assert sha(path) != original
