"""In a real browser, in JupyterLab's light and dark themes, every text of the widgets of notebooks 04 and 08 has a
contrast of at least 4.5:1 against what is behind it (WCAG AA; GUIDE.md, "Figures for a room").

Runs the notebook (so its widgets are drawn, with their captions and status lines), then, in each theme, computes
for every element holding text inside a widget the contrast ratio of its computed colour against its effective
background (tests/browser_harness.py, widget_text_contrasts). The widgets' own images are measured as the
notebooks' figures are (tests/test_browser_figure_sizes.py). Screenshots: tests/artifacts/contrast-<nb>-<theme>.png;
the measured contrasts go to tests/artifacts/contrast-<nb>-<theme>.json.
"""
import json
from pathlib import Path

import pytest

from browser_harness import (ARTIFACTS, NOTEBOOK, collapse_side_panels, error_outputs, open_notebook,
                             output_image_sizes, run_all_cells, screenshot, set_theme, wait_for_idle,
                             widget_text_contrasts)

MIN_CONTRAST = 4.5
RUN_ALL_TIMEOUT_S = 300


@pytest.mark.parametrize("path", ["notebooks/04_window_loss_and_sgd.ipynb", "notebooks/08_interactive_explorer.ipynb"])
def test_widget_text_reads_in_the_light_and_the_dark_theme(lab_page, lab_server, path):
    page = lab_page
    open_notebook(page, lab_server, path)
    collapse_side_panels(page)
    run_all_cells(page)
    wait_for_idle(page, RUN_ALL_TIMEOUT_S)
    assert error_outputs(page) == 0, "an error or stderr output appeared in the notebook"
    # a step size that diverges: the widget's message is then an error, in the theme's red
    readout = page.locator(f"{NOTEBOOK} .widget-slider", has_text="step size α").first.locator(".widget-readout")
    readout.scroll_into_view_if_needed()
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{NOTEBOOK} .jupyter-widgets [role=alert]", state="attached", timeout=120_000)
    wait_for_idle(page)
    stem = Path(path).stem
    problems = []
    try:
        for theme in ("JupyterLab Light", "JupyterLab Dark"):
            set_theme(page, theme)
            texts = widget_text_contrasts(page)
            name = theme.split()[-1].lower()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / f"contrast-{stem}-{name}.json").write_text(json.dumps(texts, indent=1, ensure_ascii=False))
            assert len(texts) >= 3, f"{path}: only {len(texts)} widget texts found; were the widgets drawn?"
            worst = min(texts, key=lambda t: t["contrast"])
            page.locator(f'[data-w2vlib-text="{worst["index"]}"]').evaluate("e => e.scrollIntoView({block: 'center'})")
            screenshot(page, f"contrast-{stem}-{name}")
            problems += [f"{theme}: {t['text']!r} {t['color']} on {t['background']}: {t['contrast']:.2f}:1"
                         for t in texts if t["contrast"] < MIN_CONTRAST]
    finally:
        set_theme(page, "JupyterLab Light")      # the theme is a user setting of the (shared) test server
    widget_images = [s for s in output_image_sizes(page)
                     if page.locator(f"{NOTEBOOK} .jp-Cell").nth(s["cell"]).locator(".jupyter-widgets img").count()]
    assert widget_images, f"{path}: no widget figure was drawn"
    problems += [f"widget figure {s['natural']} px wide shown at {s['displayed']:.0f} px" for s in widget_images
                 if s["displayed"] / s["natural"] < 0.85]
    assert not problems, f"{path}:\n" + "\n".join(problems)
