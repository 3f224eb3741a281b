"""In a real browser, the widgets at their edges (issue 25, item 4): every control has an accessible name and a log
slider reports the value it shows; notebook 08's explorer loads settings that train on the Wikipedia sample,
refuses before training a combination that would diverge there, and sends nothing to JupyterLab's Log Console.

The messages themselves are unit-tested without a browser (tests/test_widgets_figures.py,
tests/test_widgets_explorer.py). Screenshots: tests/artifacts/edges-*.png.
"""
import time

import nbformat

from browser_harness import (ARTIFACTS, NOTEBOOK, error_outputs, log_console_entries, open_notebook, run_all_cells,
                             screenshot, unnamed_controls, wait_for_idle)
from test_browser_explorer import PANEL, set_slider, text_of

WIDGETS = """
import numpy as np
from w2vlib import Embeddings
from w2vlib.widgets import cost_per_pair_widget, step_size_widget, tsne_widget, window_widget
rng = np.random.default_rng(0)
words = [f"w{i}" for i in range(12)]
panels = [window_widget(), cost_per_pair_widget(), step_size_widget(n_sentences=60),
          tsne_widget(Embeddings(rng.normal(size=(12, 5)), words), words, groups={"a": words[:6], "b": words[6:]})]
import ipywidgets
ipywidgets.VBox(panels)
"""


def test_every_control_of_the_small_widgets_has_a_name_and_reports_its_shown_value(lab_page, lab_server):
    path = ARTIFACTS / "widget_names.ipynb"      # git-ignored
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kernelspec = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(WIDGETS)],
                                            metadata={"kernelspec": kernelspec}), path)
    page = lab_page
    try:
        open_notebook(page, lab_server, path.relative_to(lab_server.root).as_posix())
        run_all_cells(page)
        wait_for_idle(page, 120)
        widget = page.locator(f"{NOTEBOOK} .jp-OutputArea-output .jupyter-widgets").first
        page.wait_for_function("(sel) => document.querySelectorAll(sel + ' .noUi-handle[aria-label]').length >= 4",
                               arg=NOTEBOOK, timeout=30_000)
        assert unnamed_controls(widget) == []
        handles = widget.locator(".noUi-handle")
        names = [handles.nth(i).get_attribute("aria-label") for i in range(handles.count())]
        assert names == ["window size m", "|Vocab|", "negatives K", "step size α", "perplexity"], names
        vocab = widget.locator(".widget-slider", has_text="|Vocab|")
        assert vocab.locator(".noUi-handle").get_attribute("aria-valuetext") == "10,000"   # not its exponent, 4
        readout = vocab.locator(".widget-readout")
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("31623")
        page.keyboard.press("Enter")
        page.wait_for_function("(e) => e.getAttribute('aria-valuetext') === '31,623'",
                               arg=vocab.locator(".noUi-handle").element_handle(), timeout=30_000)
        vocab.locator(".noUi-handle").focus()        # the keyboard moves it by one step: 10^4.75
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(e) => e.getAttribute('aria-valuetext') === '56,234'",
                               arg=vocab.locator(".noUi-handle").element_handle(), timeout=30_000)
        assert widget.locator(".widget-toggle-buttons, select").count() >= 1
        screenshot(page, "edges-small-widgets")
        assert error_outputs(page) == 0
    finally:
        path.unlink(missing_ok=True)


def test_the_explorer_on_wikipedia_trains_or_says_why_and_leaves_the_log_console_empty(lab_page, lab_server):
    page = lab_page
    open_notebook(page, lab_server, "notebooks/08_interactive_explorer.ipynb")
    run_all_cells(page)
    wait_for_idle(page, 300)
    panel = page.locator(PANEL).first
    panel.scroll_into_view_if_needed()
    page.wait_for_function("(sel) => document.querySelector(sel + ' .noUi-handle[aria-label]') !== null", arg=PANEL,
                           timeout=60_000)
    assert unnamed_controls(panel) == []
    set_slider(page, "negatives", "20")                      # on the toy corpus K = 20 trains
    page.wait_for_function("(sel) => document.querySelector(sel + ' .w2vlib-status').textContent.includes('K=20')",
                           arg=PANEL, timeout=60_000)
    wait_for_idle(page)
    panel.locator(".w2vlib-corpus button", has_text="Wikipedia sample").click()
    page.wait_for_function("(sel) => document.querySelector(sel + ' .w2vlib-status').textContent"
                           ".includes('Settings changed')", arg=PANEL, timeout=60_000)
    readout = lambda part: panel.locator(f".w2vlib-{part} .widget-readout").first.text_content()   # noqa: E731
    assert (readout("negatives"), readout("step-size"), readout("window")) == ("5", "0.0500", "5")
    set_slider(page, "negatives", "20")                      # would diverge on real text: said before training
    page.wait_for_function("(sel) => document.querySelector(sel + ' .w2vlib-status').textContent"
                           ".includes('would diverge')", arg=PANEL, timeout=60_000)
    assert "before pressing Train" in text_of(page, "status")
    screenshot(page, "edges-explorer-refused")
    set_slider(page, "negatives", "5")
    time.sleep(1)
    panel.locator(".w2vlib-train").click()
    page.wait_for_function("(sel) => document.querySelector(sel + ' .w2vlib-status').textContent"
                           ".includes('Trained in')", arg=PANEL, timeout=180_000)
    status = text_of(page, "status")
    assert "K=5" in status and "too little" in status and "10-pass vectors" in status, status
    page.locator(f"{PANEL} .w2vlib-status").first.evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot(page, "edges-explorer-wiki")
    assert error_outputs(page) == 0
    assert log_console_entries(page) == [], "something was displayed outside the notebook's cells and widgets"
