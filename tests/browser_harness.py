"""Real-browser tests: JupyterLab serving this repository, driven by Debian's Chromium through Playwright (sync API).

Fixtures (registered for every test by ``tests/conftest.py``):

``lab_server`` (session)
    JupyterLab serving the real repository root on a free 127.0.0.1 port with a random token. Its config, data,
    runtime and IPython folders are in a temporary folder, whose user settings turn autosave (and the news pop-up)
    off, so nothing a test does in the browser is written to the repository unless the test saves on purpose
    (don't). Attributes: ``.url`` (base URL, ends in ``/``), ``.token``, ``.root`` (the repository, a ``Path``),
    ``.lab_url(path)`` (a URL that opens ``path`` in a fresh workspace, token included),
    ``.api(method, endpoint)`` (the REST API, returns parsed JSON) and
    ``.shutdown_kernels()``. Stopped, with its whole process group, at the end of the session.
``browser`` (session)
    A Playwright ``Browser``: ``/usr/bin/chromium`` (or ``$CHROMIUM``) launched headless with ``CHROMIUM_ARGS``.
    Skips the test, with the reason, when Chromium or the ``playwright`` package is missing; FAILS instead when the
    environment has ``CI=true``, where a skipped browser test would hide a broken set-up.
``lab_page`` (function)
    A new browser context and page at 1024 x 768 (a projector), closed after the test; the kernels the test
    started are shut down.

Helpers (``from browser_harness import open_notebook, ...``: pytest puts tests/ on the import path; ``page`` is a
Playwright ``Page``):

``open_notebook(page, lab_server, "notebooks/08_interactive_explorer.ipynb", timeout_s=90)``
    Opens the notebook in a fresh workspace and waits until its cells are rendered and its kernel is idle. (A
    notebook without ``metadata.kernelspec`` opens a "Select Kernel" dialog instead, and this times out.)
``run_all_cells(page)``
    Run › Run All Cells (through JupyterLab's command, the same one the menu item calls).
``wait_for_idle(page, timeout_s=120)``
    Waits until the status bar's kernel item reads ``Python 3 (ipykernel) | Idle`` and no cell of the open
    notebook is queued or running (no ``[*]`` prompt).
``screenshot(page, name)``
    Saves ``tests/artifacts/<name>.png`` (git-ignored) and returns its path.
``error_outputs(page)``
    How many outputs of the open notebook are tracebacks or stderr text (JupyterLab renders both as
    ``.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]``; warnings and tqdm bars count too).
``is_dirty(page)``
    Whether the notebook's tab is marked modified (JupyterLab's ``jp-mod-dirty``).
``close_active_tab(page)``
    Closes the current tab the way a user does (File › Close Tab); returns the text of the dialog that asked
    about saving, or ``None`` if it closed without asking.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium as the machine allows it: as root (no sandbox), no GPU, no network of its own (the machine has none).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1024, "height": 768}
START_TIMEOUT_S = 120
# JupyterLab settings for the test server only (the repository's own are in binder/jupyter/overrides.json):
# no autosave, so a test that runs cells never writes the notebook back.
TEST_USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def _unavailable(reason: str):
    """Skip (on a developer's machine) or fail (in CI, where the browser must be there)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run here; `make test` installs Chromium as root)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    url: str
    token: str
    root: Path
    process: subprocess.Popen
    log: Path
    _workspaces: int = 0

    def lab_url(self, path: str = "") -> str:
        """A URL that opens ``path`` (relative to the root) in a new, empty workspace."""
        self._workspaces += 1
        tree = f"/tree/{path}" if path else ""
        return f"{self.url}lab/workspaces/test-{self._workspaces}{tree}?reset&token={self.token}"

    def api(self, method: str, endpoint: str):
        request = urllib.request.Request(f"{self.url}api/{endpoint}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        for kernel in self.api("GET", "kernels"):
            try:
                self.api("DELETE", f"kernels/{kernel['id']}")
            except urllib.error.HTTPError:
                pass


def stop_process_group(process: subprocess.Popen) -> None:
    """End a process started with start_new_session=True and everything it started (SIGTERM, then SIGKILL)."""
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


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("jupyter")
    for folder in ("config", "data", "runtime", "ipython"):
        (home / folder).mkdir()
    for name, values in TEST_USER_SETTINGS.items():
        file = home / "config" / "lab" / "user-settings" / f"{name}.jupyterlab-settings"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "IPYTHONDIR": str(home / "ipython"),
           "MPLCONFIGDIR": str(home / "matplotlib"), "PYTHONHASHSEED": "0"}
    args = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True"]  # window.jupyterapp: run commands as the menus do
    if os.geteuid() == 0:
        args.append("--allow-root")
    log = home / "jupyterlab.log"
    with open(log, "w") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = LabServer(f"http://127.0.0.1:{port}/", token, ROOT, process, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited early ({process.returncode}):\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{server.url}lab?token={token}", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield server
    finally:
        stop_process_group(process)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (it is in pyproject's test extra: make test)")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        home = tmp_path_factory.mktemp("chromium-home")  # its crash reports and dconf cache, not in $HOME
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
               "XDG_CACHE_HOME": str(home / "cache")}
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, env=env)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def lab_page(browser, lab_server):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()
        lab_server.shutdown_kernels()


# ----- helpers -------------------------------------------------------------------------------------------------------
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def open_notebook(page, lab_server: LabServer, path: str, timeout_s: float = 90) -> None:
    """Open ``path`` (relative to the repository root) in a fresh workspace; wait for its cells and an idle kernel."""
    if not (lab_server.root / path).is_file():
        raise FileNotFoundError(f"open_notebook: {path} is not a file under {lab_server.root}")
    page.goto(lab_server.lab_url(path), timeout=timeout_s * 1000)
    page.wait_for_selector(f"{NOTEBOOK} .jp-Cell", state="visible", timeout=timeout_s * 1000)
    wait_for_idle(page, timeout_s)


def run_all_cells(page) -> None:
    """Run › Run All Cells on the open notebook."""
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    time.sleep(0.5)  # let the first cell enter the queue before anyone waits for idle


def wait_for_idle(page, timeout_s: float = 120) -> None:
    """Wait until the kernel is idle and no cell of the open notebook is queued or running."""
    page.wait_for_function(
        """(panel) => {
            // the status bar's kernel item: "Python 3 (ipykernel) | Idle", titled "Change kernel for <file>"
            const item = document.querySelector('.jp-StatusBar-TextItem[title^="Change kernel"]');
            const text = item ? item.textContent : '';
            const busy = [...document.querySelectorAll(panel + ' .jp-InputPrompt')]
                .some(e => e.textContent.includes('[*]'));
            return /\\|\\s*Idle\\s*$/.test(text) && !busy;
        }""", arg=NOTEBOOK, timeout=timeout_s * 1000, polling=250)


def screenshot(page, name: str) -> Path:
    """Save a PNG of the page as tests/artifacts/<name>.png (git-ignored) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def error_outputs(page) -> int:
    """Tracebacks and stderr outputs shown in the open notebook."""
    return page.locator(f'{NOTEBOOK} .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]').count()


def is_dirty(page) -> bool:
    """Whether the open notebook's tab is marked as modified."""
    return page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current.jp-mod-dirty").count() > 0


def close_active_tab(page, timeout_s: float = 10) -> str | None:
    """Close the current tab (File › Close Tab); the save dialog's text if one appeared, else None."""
    current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current").first.get_attribute("data-id")
    page.evaluate("() => { window.jupyterapp.commands.execute('application:close'); }")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        dialog = page.locator(".jp-Dialog")
        if dialog.count():
            return dialog.first.inner_text()
        if page.locator(f'.lm-DockPanel-tabBar .lm-TabBar-tab[data-id="{current}"]').count() == 0:
            return None
        time.sleep(0.1)
    raise TimeoutError("close_active_tab: the tab neither closed nor asked to save")


# ----- what the room sees: figure sizes, themes, contrast, names ----------------------------------------------
def collapse_side_panels(page) -> None:
    """Close the left (file browser) and right side panels, as on a projector, and let the notebook re-lay out."""
    page.evaluate("() => { const shell = window.jupyterapp.shell; shell.collapseLeft(); shell.collapseRight(); }")
    page.wait_for_function("() => window.jupyterapp.shell.leftCollapsed && window.jupyterapp.shell.rightCollapsed")
    time.sleep(0.5)


def output_image_sizes(page) -> list[dict]:
    """Every image in the open notebook's outputs (widgets' included): ``{"cell", "displayed", "natural"}``, the
    cell's index, the width it is drawn at on screen and its width in pixels in the file, both in CSS pixels.

    Each image is scrolled into view first: JupyterLab lays out off-screen cells lazily (content-visibility)."""
    images = page.locator(f"{NOTEBOOK} .jp-OutputArea-output img")
    sizes = []
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        image.wait_for(state="visible")
        page.wait_for_function("(e) => e.complete && e.naturalWidth > 0", arg=image.element_handle())
        sizes.append(image.evaluate("""(e) => {
            const cells = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')];
            return {cell: cells.findIndex(c => c.contains(e)), displayed: e.getBoundingClientRect().width,
                    natural: e.naturalWidth};
        }"""))
    return sizes


def output_text_overflows(page) -> list[dict]:
    """The text outputs of the open notebook (printed text, tracebacks, widgets' plain text) with a line wider than
    the output area, so that JupyterLab wraps it mid-word or it scrolls sideways: ``{"cell", "width", "available",
    "line"}`` in CSS pixels, the widest line measured in the output's own font. Empty when every line fits."""
    texts = page.locator(f"{NOTEBOOK} .jp-OutputArea-output pre")
    found = []
    for i in range(texts.count()):
        text = texts.nth(i)
        text.scroll_into_view_if_needed()
        result = text.evaluate("""(e) => {
            const style = getComputedStyle(e);
            const context = document.createElement('canvas').getContext('2d');
            context.font = style.font;
            let widest = '', width = 0;
            for (const line of e.textContent.split('\\n')) {
                const w = context.measureText(line).width;
                if (w > width) { width = w; widest = line; }
            }
            const available = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            const cells = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')];
            return {cell: cells.findIndex(c => c.contains(e)), width, available, line: widest};
        }""")
        if result["width"] > result["available"] + 0.5:
            found.append(result)
    return found


def set_theme(page, theme: str) -> None:
    """Switch JupyterLab to ``theme`` ("JupyterLab Dark" or "JupyterLab Light", Settings › Theme) and wait until it
    is applied. The choice is a user setting: it lasts for the server's session, so switch back when done."""
    page.evaluate("(theme) => window.jupyterapp.commands.execute('apputils:change-theme', {theme})", theme)
    page.wait_for_function("(theme) => document.body.dataset.jpThemeName === theme", arg=theme, timeout=30_000)
    time.sleep(0.5)


# The contrast of a text against what is behind it (WCAG 2: relative luminance, (L1 + 0.05) / (L2 + 0.05)); the
# background is the first opaque one among the element and its ancestors, with translucent layers composited on it.
_TEXT_CONTRASTS_JS = """(root, results) => {
    const parse = (c) => {
        const m = c.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return [0, 0, 0, 0];
        const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3])).concat([1]);
    const luminance = (c) => {
        const [r, g, b] = c.slice(0, 3).map(v => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = (e) => {
        const layers = [];
        for (let n = e; n; n = n.parentElement) {
            const c = parse(getComputedStyle(n).backgroundColor);
            if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
        }
        let colour = [255, 255, 255, 1];
        for (const layer of layers.reverse()) colour = over(layer, colour);
        return colour;
    };
    for (const e of root.querySelectorAll('*')) {
        const field = e.tagName === 'INPUT' || e.tagName === 'TEXTAREA';   // its text is its value or placeholder
        const own = field ? (e.value || e.placeholder || '').trim()
            : [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
        const style = getComputedStyle(e, field && !e.value ? '::placeholder' : null);
        if (!own || style.visibility === 'hidden' || style.display === 'none' || e.closest('[disabled]')) continue;
        const back = background(e), fore = over(parse(style.color), back);
        const [hi, lo] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
        e.dataset.w2vlibText = results.length;   // so that a test can find the element again
        results.push({index: results.length, text: own.slice(0, 60), contrast: (hi + 0.05) / (lo + 0.05),
                      color: style.color, background: 'rgb(' + back.slice(0, 3).map(Math.round).join(', ') + ')',
                      classes: (e.className && e.className.baseVal === undefined ? e.className : '')});
    }
}"""


def widget_text_contrasts(page) -> list[dict]:
    """Every piece of text inside the open notebook's widgets (labels, readouts, captions, buttons, tables):
    ``{"index", "text", "contrast", "color", "background", "classes"}``, the contrast ratio (1 to 21) of its computed
    colour against its effective background. Disabled controls are left out (WCAG exempts them). Each measured
    element carries ``data-w2vlib-text="<index>"`` until the next call, so a test can scroll to it."""
    return page.evaluate(f"""(panel) => {{
        const contrasts = {_TEXT_CONTRASTS_JS};
        const views = [...document.querySelectorAll(panel + ' .jupyter-widgets')]
            .filter(e => !e.parentElement.closest('.jupyter-widgets'));   // the outermost widget of each output
        document.querySelectorAll('[data-w2vlib-text]').forEach(e => delete e.dataset.w2vlibText);
        const results = [];
        views.forEach(view => contrasts(view, results));
        return results;
    }}""", NOTEBOOK)


_UNNAMED_CONTROL = r"^\s*- (slider|textbox|button|combobox|listbox|checkbox|radio|spinbutton|switch|option)\s*(:.*)?$"


def unnamed_controls(locator) -> list[str]:
    """The lines of ``locator``'s accessibility tree (Chromium's, as Playwright's ARIA snapshot prints it) that are
    controls without an accessible name, e.g. ``- slider`` instead of ``- slider "window m"``."""
    import re

    return [line.strip() for line in locator.aria_snapshot().splitlines() if re.match(_UNNAMED_CONTROL, line)]


def log_console_entries(page) -> list[str]:
    """Open JupyterLab's Log Console (View › Show Log Console) and return the text of every output in it: what the
    kernel sent outside any cell or widget, e.g. a figure a widget callback displayed outside its Output."""
    page.evaluate("() => window.jupyterapp.commands.execute('logconsole:open')")
    page.wait_for_selector(".jp-LogConsolePanel", state="attached")
    time.sleep(1)
    return page.locator(".jp-LogConsolePanel .jp-OutputArea-output").all_text_contents()
