"""The repository keeps its promises: dependency lists agree, the README's table is true, notebooks are well formed."""
import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_packages() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["dev"]
    found = {}
    for line in lines:
        name, spec = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", line).groups()
        found[normalise(name)] = spec.replace(" ", "")
    return found


def conda_packages(path: Path) -> dict[str, str]:
    found = {}
    text = path.read_text()
    for line in text[text.index("dependencies:"):].splitlines():
        match = re.match(r"^  - ([A-Za-z0-9_.-]+)\s*([<>=!~].*)?$", line)
        if match and match.group(1) not in {"python", "pip"}:
            found[normalise(match.group(1))] = (match.group(2) or "").replace(" ", "")
    return found


@pytest.mark.parametrize("conda_file", ["environment.yml", "binder/environment.yml"])
def test_conda_files_name_the_same_packages_and_versions_as_pyproject(conda_file):
    assert conda_packages(ROOT / conda_file) == pyproject_packages()


def test_environment_yml_installs_the_project_itself():
    assert re.search(r"^\s+- --editable \.$", (ROOT / "environment.yml").read_text(), re.M)
    assert "pip install --no-deps --editable ." in (ROOT / "binder" / "postBuild").read_text()


def test_ci_runs_exactly_make_test():
    commands = [l for l in (ROOT / ".ci" / "run").read_text().splitlines() if l.strip() and not l.startswith("#")]
    assert "set -euo pipefail" in commands and commands[-1] == "make test"


def readme_table_links():
    readme = (ROOT / "README.md").read_text()
    return re.findall(r"^\| \d\d \| \[[^\]]+\]\((notebooks/[^)]+\.ipynb)\)", readme, re.M)


def test_readme_table_lists_exactly_the_notebooks_that_exist():
    listed = readme_table_links()
    assert listed == [f"notebooks/{p.name}" for p in NOTEBOOKS]


def test_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme and "make notebooks" in readme


def load(path):
    return json.loads(path.read_text())


def markdown(cell):
    return "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""


def test_index_notebook_links_every_notebook():
    text = "".join(markdown(c) for c in load(ROOT / "notebooks" / "00_index.ipynb")["cells"])
    for path in NOTEBOOKS[1:]:
        assert f"]({path.name})" in text, f"00_index does not link {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_well_formed(path):
    nb = load(path)
    cells = nb["cells"]
    assert re.search(r"^# \S", markdown(cells[0]), re.M), "the first cell must hold the notebook's title"
    code = [c for c in cells if c["cell_type"] == "code"]
    for c in code:
        assert c["execution_count"] is not None or not "".join(c["source"]).strip(), "a code cell was never executed"
        assert not any(o["output_type"] == "error" for o in c["outputs"]), "an error output is stored"
        assert "execution" not in c["metadata"], "timing metadata is stored (use make notebooks)"
    counts = [c["execution_count"] for c in code if c["execution_count"] is not None]
    assert counts == list(range(1, len(counts) + 1)), "cells were not run top to bottom in one fresh kernel"
    source = "".join("".join(c["source"]) for c in code)
    assert source.count("### BEGIN SOLUTION") == source.count("### END SOLUTION")
    if path.name != "00_index.ipynb":
        for cell in (cells[0], cells[-1]):  # navigation line at top and bottom
            assert "](00_index.ipynb)" in markdown(cell), "missing the navigation line (previous · index · next)"
    for target in re.findall(r"\]\(([^)#]+\.ipynb)", "".join(markdown(c) for c in cells)):
        assert (path.parent / target).exists(), f"{path.name} links to {target}, which does not exist"
