"""Notebook 03 in a real browser: JupyterLab and headless Chromium, offline.

Starts a JupyterLab server on a free loopback port (with a token, in a temporary folder
holding a copy of the notebook), opens the notebook in headless Chromium with every
outside host unresolvable (``--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"``),
runs all cells,
and checks that the controls render, that one slider move changes the map, and that the
browser logged no error. Chromium is driven through the DevTools protocol over a
websocket (websocket-client).

Skipped, saying why, when Chromium (Debian: ``apt-get install chromium``), JupyterLab or
websocket-client is missing.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTEBOOK = "03_build_your_own_layout.ipynb"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.allow_hosts(["127.0.0.1"]),
    pytest.mark.skipif(
        CHROMIUM is None, reason="no chromium on PATH (Debian/Ubuntu: apt-get install chromium)"
    ),
]

#: how long the whole notebook may take to run in the browser (a busy machine is slow)
RUN_TIMEOUT_S = 600


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(what: str, check, timeout: float, step: float = 0.5):
    """Call ``check`` until it returns something truthy; fail naming ``what``."""
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(step)


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return json.loads(r.read())
    except (OSError, ValueError):
        return None


class DevTools:
    """A minimal DevTools-protocol client for one page; collects console errors."""

    def __init__(self, ws_url: str) -> None:
        import websocket  # lazy: skipped above when missing

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.errors: list[str] = []

    def _event(self, msg: dict) -> None:
        method, params = msg.get("method"), msg.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            self.errors.append(f"exception: {text}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            args = " ".join(
                str(a.get("value", a.get("description", ""))) for a in params.get("args", [])
            )
            self.errors.append(f"console.error: {args}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            entry = params["entry"]
            self.errors.append(f"log: {entry.get('text')} {entry.get('url', '')}")

    def call(self, method: str, **params):
        self.next_id += 1
        mine = self.next_id
        self.ws.send(json.dumps({"id": mine, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mine:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self._event(msg)

    def js(self, expression: str):
        """Evaluate JavaScript in the page (promises awaited); return its value."""
        res = self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in res:
            raise RuntimeError(f"{expression[:60]}...: {res['exceptionDetails'].get('text')}")
        return res["result"].get("value")

    def drain(self, seconds: float) -> None:
        """Read events for a while (errors logged after the last command)."""
        self.ws.settimeout(0.2)
        end = time.monotonic() + seconds
        with contextlib.suppress(Exception):
            while time.monotonic() < end:
                with contextlib.suppress(TimeoutError, OSError):
                    self._event(json.loads(self.ws.recv()))
        self.ws.settimeout(30)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()


@contextlib.contextmanager
def _process(args: list[str], log: Path, env: dict | None = None):
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _jupyter_env(folder: Path) -> dict:
    env = dict(os.environ)
    for name in ("CONFIG", "DATA", "RUNTIME"):
        (folder / name.lower()).mkdir()
    env.update(
        JUPYTER_CONFIG_DIR=str(folder / "config"),
        JUPYTER_RUNTIME_DIR=str(folder / "runtime"),
        JUPYTER_DATA_DIR=str(folder / "data"),
        JUPYTERLAB_SETTINGS_DIR=str(folder / "config" / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(folder / "config" / "workspaces"),
    )
    return env


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server over a copy of notebook 03: yields (url, token)."""
    pytest.importorskip("jupyterlab", reason="jupyterlab is not installed (uv sync)")
    pytest.importorskip("ipywidgets", reason="ipywidgets is not installed (uv sync)")
    pytest.importorskip("websocket", reason="websocket-client is not installed (uv sync)")
    root = tmp_path / "nb"
    root.mkdir()
    shutil.copy(EXAMPLES / NOTEBOOK, root / NOTEBOOK)
    port, token = _free_port(), secrets.token_hex(16)
    args = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--allow-root",  # harmless when not root; CI containers often are
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.extension_manager=readonly",  # no package index queries
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    url = f"http://127.0.0.1:{port}"
    with _process(args, tmp_path / "lab.log", _jupyter_env(tmp_path)):
        _wait(
            "the JupyterLab server",
            lambda: _get(f"{url}/api/status?token={token}"),
            timeout=120,
        )
        yield url, token, tmp_path


def _server_problems(folder: Path) -> str:
    """The server log's warnings and errors (for a failure message)."""
    lines = (folder / "lab.log").read_text(errors="replace").splitlines()
    return "\n".join(line for line in lines if line.startswith(("[E", "[W", "Traceback")))[-3000:]


@pytest.fixture
def page(lab):
    """Headless Chromium (outside hosts unresolvable) with notebook 03 open."""
    url, token, folder = lab
    profile = folder / "chromium-profile"
    args = [
        CHROMIUM,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        # every host name unresolvable; the loopback address of the server stays reachable
        # (without the EXCLUDE, Chromium maps 127.0.0.1 to "not found" as well)
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--remote-debugging-port=0",
        f"--user-data-dir={profile}",
        "--window-size=1400,1800",
        "about:blank",
    ]
    with _process(args, folder / "chromium.log"):
        active = profile / "DevToolsActivePort"
        _wait("Chromium's DevTools port", active.exists, timeout=60)
        dev_port = active.read_text().split()[0]
        targets = _wait(
            "a Chromium page",
            lambda: [
                t for t in _get(f"http://127.0.0.1:{dev_port}/json") or [] if t["type"] == "page"
            ],
            timeout=30,
        )
        tools = DevTools(targets[0]["webSocketDebuggerUrl"])
        try:
            for domain in ("Runtime", "Log", "Page"):
                tools.call(f"{domain}.enable")
            tools.call("Page.navigate", url=f"{url}/lab/tree/{NOTEBOOK}?token={token}")
            yield tools
        finally:
            tools.close()


#: the notebook's panel (shell.currentWidget follows the focus, which headless lacks)
_PANEL = (
    "(window.jupyterapp && [...window.jupyterapp.shell.widgets('main')].find("
    "w => w.context && w.context.path.endsWith('.ipynb')))"
)
_KERNEL_IDLE = (
    f"!!({_PANEL} && {_PANEL}.sessionContext && {_PANEL}.sessionContext.session"
    f" && {_PANEL}.sessionContext.session.kernel"
    f" && {_PANEL}.sessionContext.session.kernel.status === 'idle')"
)
_SLIDER = """(() => {
  const s = [...document.querySelectorAll('.widget-slider')].find(
    e => (e.querySelector('.widget-label') || {}).textContent === '%s');
  return s ? s.querySelector('.widget-readout') : null; })()"""
_MAP_SRC = """(() => { const i = document.querySelector('.widget-image');
  return i ? i.getAttribute('src') : null; })()"""


def _move_slider(tools: DevTools, label: str, value: str) -> None:
    """Type a value into a slider's readout and press Enter, as a student would."""
    tools.js(f"{_SLIDER % label}.scrollIntoView()")
    tools.js(
        f"(() => {{ const r = {_SLIDER % label}; r.focus();"
        " const sel = window.getSelection(); sel.selectAllChildren(r); return true; })()"
    )
    tools.call("Input.insertText", text=value)
    for kind in ("keyDown", "keyUp"):
        tools.call(
            "Input.dispatchKeyEvent",
            type=kind,
            key="Enter",
            code="Enter",
            windowsVirtualKeyCode=13,
            nativeVirtualKeyCode=13,
        )


def test_notebook_03_runs_in_jupyterlab_offline(page, lab):
    tools = page
    _wait("notebook 03 open with an idle kernel", lambda: tools.js(_KERNEL_IDLE), timeout=240)
    # opened, not yet run: the notebook must not be marked as modified
    assert tools.js(f"{_PANEL}.context.model.dirty") is False, "opens marked as modified"
    tools.js(f"{_PANEL}.content.activeCellIndex = 0, true")
    # not awaited: the command's promise settles only when every cell has run
    tools.js("window.jupyterapp.commands.execute('notebook:run-all-cells'), true")
    sliders = _wait(
        "the editor's controls",
        lambda: tools.js("document.querySelectorAll('.widget-slider').length"),
        timeout=RUN_TIMEOUT_S,
    )
    assert sliders >= 3
    first = _wait("the first map", lambda: tools.js(_MAP_SRC), timeout=120)
    _wait("the notebook to finish", lambda: tools.js(_KERNEL_IDLE), timeout=RUN_TIMEOUT_S)
    assert tools.js("document.querySelectorAll('.widget-dropdown select').length") >= 2
    # the Site menu shows whole names: the longest option's text, in the menu's own font,
    # plus room for the arrow, fits its width
    widths = tools.js(
        """(() => { const s = document.querySelector('.widget-dropdown select');
        const c = document.createElement('canvas').getContext('2d');
        c.font = getComputedStyle(s).font;
        const text = Math.max(...[...s.options].map(o => c.measureText(o.text).width));
        return [text, s.clientWidth]; })()"""
    )
    assert widths[0] + 20 <= widths[1], f"the Site menu cuts names short: {widths}"
    # a failed cell (an assert that no longer holds) shows an error output
    errors_in_cells = tools.js(
        """[...document.querySelectorAll('.jp-OutputArea-output')]
        .filter(e => e.matches('[data-mime-type="application/vnd.jupyter.error"]')
                     || (/Traceback|Error displaying widget/.test(e.textContent)
                         && !/run this cell again/.test(e.textContent)))
        .map(e => e.textContent.slice(0, 300))"""
    )
    assert not errors_in_cells, errors_in_cells
    # above the controls, a line tells a student what to do if they do not show
    # (a saved notebook reopened after the kernel stopped)
    outputs = tools.js(
        "[...document.querySelectorAll('.jp-OutputArea-output')].map(e => e.textContent)"
    )
    assert any("run this cell again" in text for text in outputs)

    t0 = time.perf_counter()
    _move_slider(tools, "Longitude", "21.50")
    _wait(
        "the map to change",
        lambda: tools.js(_MAP_SRC) not in (None, first),
        timeout=120,
        step=0.02,
    )
    seconds = time.perf_counter() - t0
    status = tools.js(
        "[...document.querySelectorAll('.widget-html-content')].map(e => e.textContent).join(' | ')"
    )
    assert "updated in" in status, status
    print(f"slider to new map in the browser: {seconds:.2f} s")
    tools.drain(2.0)
    assert not tools.errors, "\n".join(tools.errors) + "\nserver:\n" + _server_problems(lab[2])
