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
