"""In a real browser, every notebook opens unmodified: no dirty mark, no "Save changes?" on closing it untouched.

JupyterLab writes the kernel's ``language_info`` into an opened notebook; a stored notebook that lacks part of it
(w2vlib.course.notebook_runner once dropped Python's version) opens already modified. See tests/browser_harness.py.
"""
import time
from pathlib import Path

from browser_harness import close_active_tab, is_dirty, open_notebook, screenshot, wait_for_idle

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SETTLE_S = 1.5  # JupyterLab updates the metadata just after the kernel's first reply; give it time to do so


def open_in_same_page(page, path: str, timeout_s: float = 90) -> None:
    """Open another notebook in the JupyterLab already loaded in ``page`` (File › Open, without the dialog)."""
    page.evaluate("(path) => { window.jupyterapp.commands.execute('docmanager:open', {path}); }", path)
    name = path.rsplit("/", 1)[-1]
    page.wait_for_selector(f'.lm-TabBar-tab.lm-mod-current:has-text("{name}")', timeout=timeout_s * 1000)
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", state="visible",
                           timeout=timeout_s * 1000)
    wait_for_idle(page, timeout_s)


def test_every_notebook_opens_and_closes_without_asking_to_save(lab_page, lab_server):
    stored = {path: (ROOT / path).read_bytes() for path in NOTEBOOKS}
    problems = []
    for number, path in enumerate(NOTEBOOKS):
        if number == 0:
            open_notebook(lab_page, lab_server, path)
        else:
            open_in_same_page(lab_page, path)
        time.sleep(SETTLE_S)
        if is_dirty(lab_page):
            screenshot(lab_page, f"dirty-on-open-{Path(path).stem}")
            problems.append(f"{path} is marked modified right after opening")
        dialog = close_active_tab(lab_page)
        if dialog is not None:
            problems.append(f"closing the untouched {path} asked: {' '.join(dialog.split())}")
            lab_page.get_by_role("button", name="Discard").click()
    assert not problems, "\n".join(problems)
    changed = [path for path in NOTEBOOKS if (ROOT / path).read_bytes() != stored[path]]
    assert not changed, f"opening and closing changed {changed} on disk"
