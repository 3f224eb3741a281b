"""`make lab` serves JupyterLab (HTTP 200 on /lab, loopback only) with the index notebook."""
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_make_lab_serves_jupyterlab_with_the_index_notebook(tmp_path):
    port, token = free_port(), "w2vlib-test-token"
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token}"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)}  # keep the test's runtime files out of $HOME
    lab = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env, start_new_session=True,
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
        status, body = get(f"http://127.0.0.1:{port}/api/contents/notebooks/00_index.ipynb?token={token}&content=0")
        assert status == 200 and '"00_index.ipynb"' in body
        assert get(f"http://127.0.0.1:{port}/api/contents/notebooks?token=wrong")[0] == 403  # the token is required
    finally:
        stop(lab)


def stop(process: subprocess.Popen) -> None:
    """End make and the JupyterLab server it started (the whole process group)."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
