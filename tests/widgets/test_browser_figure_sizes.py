"""In a real browser at 1024 x 768 (a projector) with the side panels closed, every figure of every notebook is shown
at no less than 0.85 of its natural size (GUIDE.md, "Figures for a room"): a wider figure is scaled down to the
notebook column, and its labels with it; and every line of printed text fits the output area (a longer one is wrapped
mid-word).

Opens each notebook with its stored outputs (no kernel work), closes the file browser, scrolls every output image
into view and compares the width it is drawn at with the width of the PNG. Screenshots: tests/artifacts/
sizes-<notebook>-<n>.png, one per figure; the measured ratios go to tests/artifacts/sizes-<notebook>.json.
"""
import json
from pathlib import Path

import pytest

from browser_harness import (ARTIFACTS, ROOT, collapse_side_panels, open_notebook, output_image_sizes,
                             output_text_overflows, screenshot)

NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MIN_RATIO = 0.85


def test_the_notebooks_to_measure_are_found():
    assert len(NOTEBOOKS) >= 11 and NOTEBOOKS[0] == "notebooks/00_index.ipynb", NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[Path(p).stem for p in NOTEBOOKS])
def test_every_figure_shows_at_085_of_its_size_and_every_text_fits_at_1024_px(lab_page, lab_server, path):
    page = lab_page
    open_notebook(page, lab_server, path)
    collapse_side_panels(page)
    sizes = output_image_sizes(page)
    for size in sizes:
        size["ratio"] = round(size["displayed"] / size["natural"], 3)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"sizes-{Path(path).stem}.json").write_text(json.dumps(sizes, indent=1))
    images = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img")
    for i in range(len(sizes)):          # one screenshot per figure, as the room sees it
        images.nth(i).evaluate("e => e.scrollIntoView({block: 'center'})")
        screenshot(page, f"sizes-{Path(path).stem}-{i + 1}")
    too_small = [f"cell {s['cell']}: {s['natural']} px wide, shown at {s['displayed']:.0f} px ({s['ratio']:.2f})"
                 for s in sizes if s["ratio"] < MIN_RATIO]
    # and a printed table or message wider than the output area, which JupyterLab wraps mid-word (item 1)
    too_wide = [f"cell {t['cell']}: {t['width']:.0f} px in {t['available']:.0f} px: {t['line'].strip()[:90]!r}"
                for t in output_text_overflows(page)]
    assert not too_small, f"{path}: figures shown below {MIN_RATIO} of their size at 1024 px:\n" + "\n".join(too_small)
    assert not too_wide, f"{path}: text outputs wider than the column at 1024 px:\n" + "\n".join(too_wide)
