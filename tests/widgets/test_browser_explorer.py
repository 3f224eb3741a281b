"""In a real browser: notebook 08's explorer retrains when a slider is set, redraws in place, and explains divergence.

Opens notebooks/08_interactive_explorer.ipynb in JupyterLab (tests/browser_harness.py), runs all cells, then types
values into the sliders' editable readouts (click the number, type, Enter) as a student would. Screenshots go to
tests/artifacts/ (git-ignored): explorer-before.png, explorer-after-k0.png, explorer-diverged.png.
"""
import time

from browser_harness import error_outputs, open_notebook, run_all_cells, screenshot, wait_for_idle

NOTEBOOK = "notebooks/08_interactive_explorer.ipynb"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden) .w2vlib-explorer"
RUN_ALL_TIMEOUT_S = 300   # the notebook's sweeps take about a minute on a busy 2-core machine
RETRAIN_TIMEOUT_S = 60


def loss_image(page) -> str:
    """The src (a data: URI of the PNG) of the explorer's loss plot, or "" when none is shown."""
    images = page.locator(f"{PANEL} .w2vlib-loss img")
    return images.first.get_attribute("src") if images.count() else ""


def text_of(page, part: str) -> str:
    """The text of the explorer's part w2vlib-<part> (text_content: JupyterLab skips rendering off-screen cells,
    and inner_text of an unrendered element is empty)."""
    return page.locator(f"{PANEL} .w2vlib-{part}").first.text_content()


def set_slider(page, part: str, value: str) -> None:
    """Type ``value`` into the editable readout of the slider with class w2vlib-<part> and press Enter."""
    readout = page.locator(f"{PANEL} .w2vlib-{part} .widget-readout").first
    readout.scroll_into_view_if_needed()
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def wait_until_changed(page, before: dict, timeout_s: float = RETRAIN_TIMEOUT_S) -> dict:
    """Wait until the status line differs from ``before`` and the kernel is idle again; return the new state."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        now = state(page)
        if now["status"] != before["status"] and "training" not in now["status"]:
            wait_for_idle(page, timeout_s)
            return state(page)
        time.sleep(0.25)
    raise AssertionError(f"the explorer did not retrain within {timeout_s} s; status still {before['status']!r}")


def show_results(page) -> None:
    """Scroll so that the status line, the loss plot and the PCA view fill the screen (for the screenshots)."""
    page.locator(f"{PANEL} .w2vlib-status").first.evaluate("e => e.scrollIntoView({block: 'start'})")
    time.sleep(0.5)


def state(page) -> dict:
    return {"status": text_of(page, "status"), "loss": loss_image(page), "neighbours": text_of(page, "neighbours"),
            "k_note": text_of(page, "k-note")}


def test_explorer_sliders_retrain_redraw_and_explain_divergence(lab_page, lab_server):
    page = lab_page
    open_notebook(page, lab_server, NOTEBOOK)
    run_all_cells(page)
    wait_for_idle(page, RUN_ALL_TIMEOUT_S)
    page.locator(PANEL).scroll_into_view_if_needed()
    page.wait_for_function("(sel) => document.querySelector(sel + ' .w2vlib-loss img') !== null", arg=PANEL,
                           timeout=RETRAIN_TIMEOUT_S * 1000)
    before = state(page)
    assert "Trained in" in before["status"] and "K=5" in before["status"], before["status"]
    assert "cat:" in before["neighbours"]
    show_results(page)
    screenshot(page, "explorer-before")

    set_slider(page, "negatives", "0")
    after = wait_until_changed(page, before)
    assert "K=0" in after["status"] and "Trained in" in after["status"], after["status"]
    assert after["loss"] and after["loss"] != before["loss"], "the loss plot was not redrawn"
    assert after["neighbours"] != before["neighbours"], "the neighbour table did not change"
    assert "nothing pushes vectors apart" in after["k_note"]
    assert page.locator(f"{PANEL} .w2vlib-loss img").count() == 1, "loss plots are stacked, not replaced"
    show_results(page)
    screenshot(page, "explorer-after-k0")

    set_slider(page, "negatives", "5")
    settled = wait_until_changed(page, after)
    set_slider(page, "step-size", "5")
    diverged = wait_until_changed(page, settled)
    assert "Training diverged" in diverged["status"] and "α = 5" in diverged["status"], diverged["status"]
    assert "Traceback" not in page.locator(PANEL).text_content()
    assert diverged["loss"] != settled["loss"], "the diverging curve was not drawn"
    show_results(page)
    screenshot(page, "explorer-diverged")
    assert error_outputs(page) == 0, "an error or stderr output appeared in the notebook"
