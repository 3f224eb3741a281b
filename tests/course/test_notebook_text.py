"""What a reader sees of the notebooks' text: tables that render whole, links that lead somewhere, and printed
output that fits a projector (1024 × 768 with JupyterLab's sidebar open shows about 100 characters of code output).
"""
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MAX_OUTPUT_WIDTH = 100


def markdown_cells(path):
    nb = nbformat.read(path, as_version=4)
    return [(i, cell.source) for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown"]


# ------------------------------------------------------------------------------------------ markdown tables

MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$", re.S)


def table_cells(row: str) -> list[str]:
    """The cells of one table row as a GFM renderer inside JupyterLab splits them.

    JupyterLab takes the math ($...$) out before the Markdown parser sees the text, so a `|` inside math does
    not split; an escaped `\\|` does not split either; every other `|` does (inside `code` too, as in GFM).
    """
    row = MATH.sub(lambda m: "M" * len(m.group()), row.strip())
    row = row.replace("\\|", "EE")
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    return row.split("|")


def markdown_tables(text: str):
    """Yield (header line, [body lines]) for every pipe table in ``text``."""
    lines = text.splitlines()
    i = 0
    while i + 1 < len(lines):
        delimiter = lines[i + 1].strip()
        if "|" in lines[i] and re.fullmatch(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?", delimiter):
            body = []
            j = i + 2
            while j < len(lines) and lines[j].strip() and "|" in lines[j]:
                body.append(lines[j])
                j += 1
            yield lines[i], lines[i + 1], body
            i = j
        else:
            i += 1


def test_table_cell_splitting_follows_the_renderer():
    assert len(table_cells("| 01 | P(O = o \\| C = c) | x |")) == 3
    assert len(table_cells("| 01 | P(O = o | C = c) | x |")) == 4
    assert len(table_cells("| $\\lvert V \\rvert$ | $|V|$ | y |")) == 3
    assert len(table_cells("| `a | b` | c |")) == 3  # GFM splits inside code spans too


@pytest.mark.parametrize("path", NOTEBOOKS + [ROOT / "README.md"], ids=lambda p: p.name)
def test_every_table_row_has_as_many_cells_as_its_header(path):
    texts = [(0, path.read_text(encoding="utf-8"))] if path.suffix == ".md" else markdown_cells(path)
    problems = []
    for cell_index, text in texts:
        for header, delimiter, body in markdown_tables(text):
            n = len(table_cells(header))
            if len(table_cells(delimiter)) != n:
                problems.append(f"cell {cell_index}: delimiter row {delimiter!r} has the wrong number of cells")
            for row in body:
                if len(table_cells(row)) != n:
                    problems.append(f"cell {cell_index}: {len(table_cells(row))} cells instead of {n} in {row!r} "
                                    "(escape a literal | as \\|)")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------------ relative links

LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""")


def relative_targets(text: str):
    for target in LINK.findall(text) + HTML_LINK.findall(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            continue  # http(s):, mailto:, anchors in the same page
        yield target


def test_link_finder_sees_links_and_images():
    text = '[a](01_x.ipynb) ![f](../figures/y.png) [web](https://x.org) [top](#t) <img src="z.png">'
    assert list(relative_targets(text)) == ["01_x.ipynb", "../figures/y.png", "z.png"]


@pytest.mark.parametrize("path", NOTEBOOKS + [ROOT / "README.md"], ids=lambda p: p.name)
def test_every_relative_link_resolves(path):
    texts = [(0, path.read_text(encoding="utf-8"))] if path.suffix == ".md" else markdown_cells(path)
    missing = [f"cell {i}: {target}" for i, text in texts for target in relative_targets(text)
               if not (path.parent / target.split("#")[0]).exists()]
    assert not missing, f"{path.name} links to files that do not exist: " + "; ".join(missing)


# ------------------------------------------------------------------------------------------ projector width

def printed_lines(cell):
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            yield from output.get("text", "").splitlines()
        elif "data" in output and "text/plain" in output["data"] and "image/png" not in output["data"]:
            yield from output["data"]["text/plain"].splitlines()
        elif output.get("output_type") == "error":
            yield f"{output.get('ename')}: {output.get('evalue')}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_printed_line_is_wider_than_a_projector_shows(path):
    nb = nbformat.read(path, as_version=4)
    wide = [f"cell {i}: {len(line)} characters: {line[:60]}..." for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" for line in printed_lines(cell) if len(line) > MAX_OUTPUT_WIDTH]
    assert not wide, f"printed lines wider than {MAX_OUTPUT_WIDTH} characters:\n" + "\n".join(wide)
