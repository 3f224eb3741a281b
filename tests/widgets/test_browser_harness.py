"""The browser harness itself: Run All reaches every cell, idle means done, errors and stderr are counted."""
import nbformat

from browser_harness import ARTIFACTS, error_outputs, open_notebook, run_all_cells, screenshot, wait_for_idle


def test_run_all_cells_runs_everything_and_error_outputs_counts_what_went_wrong(lab_page, lab_server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "harness_check.ipynb"  # git-ignored, so the repository is left as it was
    cells = ["import sys, time\ntime.sleep(2)\nprint('first done')",
             "print('a warning', file=sys.stderr)",
             "print('third done')",
             "1 / 0"]
    kernelspec = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}  # else: a dialog
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells], metadata={"kernelspec": kernelspec})
    nbformat.write(nb, path)
    try:
        open_notebook(lab_page, lab_server, path.relative_to(lab_server.root).as_posix())
        assert error_outputs(lab_page) == 0
        run_all_cells(lab_page)
        wait_for_idle(lab_page, timeout_s=60)
        outputs = lab_page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output").all_inner_texts()
        assert any("first done" in o for o in outputs) and any("third done" in o for o in outputs)
        assert any("ZeroDivisionError" in o for o in outputs)
        assert error_outputs(lab_page) == 2  # the stderr line and the traceback
        shot = screenshot(lab_page, "harness_check")
        assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        path.unlink(missing_ok=True)
