"""`make lab` serves JupyterLab on the index notebook (the printed URL too), without the news pop-up, token required."""
import http.client
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from browser_harness import free_port, stop_process_group

ROOT = Path(__file__).resolve().parents[2]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_make_lab_serves_jupyterlab_on_the_index_notebook():
    port, token = free_port(), "w2vlib-test-token"
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token}"
    lab = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=ROOT, start_new_session=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        status, page = None, ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and lab.poll() is None:
            try:
                status, page = get(f"http://127.0.0.1:{port}/lab?token={token}")
                break
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                time.sleep(0.5)
        assert lab.poll() is None, "make lab exited early:\n" + lab.stdout.read()
        assert status == 200 and "JupyterLab" in page
        index = "/lab/tree/notebooks/00_index.ipynb"
        status, _ = get(f"http://127.0.0.1:{port}{index}?token={token}")
        assert status == 200
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", f"/?token={token}")
        response = connection.getresponse()
        assert response.status in (301, 302) and response.getheader("Location", "").startswith(index), \
            "/ must lead to the index, not the Launcher"
        connection.close()
        status, body = get(f"http://127.0.0.1:{port}/api/contents/notebooks/00_index.ipynb?token={token}&content=0")
        assert status == 200 and '"00_index.ipynb"' in body
        status, body = get(f"http://127.0.0.1:{port}/lab/api/settings/"
                           f"@jupyterlab/apputils-extension:notification?token={token}")
        defaults = json.loads(body)["schema"]["properties"]  # the repository's overrides change the defaults
        assert status == 200 and defaults["fetchNews"]["default"] == "false", "the news pop-up would show"
        assert get(f"http://127.0.0.1:{port}/api/contents/notebooks?token=wrong")[0] == 403  # the token is required
        runtime = ROOT / ".venv" / "share" / "jupyter" / "runtime"
        assert list(runtime.glob(f"jpserver-*.json")), f"the server's runtime files are not in {runtime}"
    finally:
        stop_process_group(lab)
    printed = lab.stdout.read()
    assert f"http://127.0.0.1:{port}{index}?token=" in printed, "the printed URL must land on the index"


def _start_lab(port: int, token: str, workspaces: Path, *make_args: str) -> subprocess.Popen:
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token} " \
           "--LabApp.expose_app_in_browser=True"      # window.jupyterapp: open files as File › Open does
    lab = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}", *make_args], cwd=ROOT, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                           env={**os.environ, "JUPYTERLAB_WORKSPACES_DIR": str(workspaces)})
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and lab.poll() is None:
        try:
            if get(f"http://127.0.0.1:{port}/api/status?token={token}")[0] == 200:
                return lab
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            time.sleep(0.5)
    stop_process_group(lab)
    raise AssertionError("make lab did not start")


def _open_tabs(page, url: str, expected_tabs: int | None = None) -> list[str]:
    """Load ``url`` and return the titles of the open notebook tabs once JupyterLab has restored its layout."""
    page.goto(url)
    # a cell of the notebook on show: with several tabs restored, the first cell in the page may be in a hidden one
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell:visible", timeout=90_000)
    time.sleep(3)      # let a restored layout open all its tabs
    return page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab .lm-TabBar-tabLabel").all_inner_texts()


def test_a_second_make_lab_opens_on_the_index_alone_unless_asked(browser, tmp_path):
    """The first session opens three notebooks; `make lab KEEP_TABS=1` brings the three back, and a plain
    `make lab` after it shows only the index (one kernel, not three)."""
    workspaces, token = tmp_path / "workspaces", "w2vlib-test-token"
    workspaces.mkdir()
    index = "notebooks/00_index.ipynb"
    restored = {}
    for session, make_args in enumerate([(), ("KEEP_TABS=1",), ()]):
        port = free_port()
        lab = _start_lab(port, token, workspaces, *make_args)
        context = browser.new_context(viewport={"width": 1024, "height": 768})
        try:
            page = context.new_page()
            base = f"http://127.0.0.1:{port}/lab/tree/"
            if session == 0:     # as a student would: the index, then two notebooks opened from it
                _open_tabs(page, f"{base}{index}?token={token}")
                for path in ("notebooks/01_skipgram_objective.ipynb", "notebooks/02_naive_softmax_gradients.ipynb"):
                    page.evaluate("(path) => window.jupyterapp.commands.execute('docmanager:open', {path})", path)
                    page.wait_for_selector(f'.lm-TabBar-tab.lm-mod-current:has-text("{Path(path).name}")')
                time.sleep(3)    # JupyterLab saves the workspace a moment after the layout changes
                assert list(workspaces.glob("default-*.jupyterlab-workspace")), "no workspace was saved"
            else:
                restored[make_args] = _open_tabs(page, f"http://127.0.0.1:{port}/?token={token}")
                status, kernels = get(f"http://127.0.0.1:{port}/api/kernels?token={token}")
                restored[make_args, "kernels"] = len(json.loads(kernels)) if status == 200 else f"HTTP {status}"
        finally:
            context.close()
            stop_process_group(lab)
    assert restored[()] == ["00_index.ipynb"], restored
    assert restored[(), "kernels"] == 1
    assert sorted(restored["KEEP_TABS=1",]) == ["00_index.ipynb", "01_skipgram_objective.ipynb",
                                                 "02_naive_softmax_gradients.ipynb"], restored
