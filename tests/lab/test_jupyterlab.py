"""A researcher's loop in the real JupyterLab, driven in Debian's chromium: open a notebook, Run All,
edit a parameter, Run All again in the same kernel, find no error; explore a table offline.

Runs in ``make test`` (marked ``jupyterlab``; never skipped: ``make test`` installs chromium first).
JupyterLab serves a scratch folder holding a copy of a notebook, on a free port with a token, with its
own settings, runtime and workspace folders; every request the page makes must stay on that server.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from scr_workbench import paths

pytestmark = pytest.mark.jupyterlab

CHROMIUM = "/usr/bin/chromium"
NOTEBOOK = "abuse_categories"
EDIT = ('unit = "children"', 'unit = "cases"')
RUN_TIMEOUT = 300
EXPLORE = 'from scr_workbench import explore\nexplore("ethnicity_counts")'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a scratch folder with a copy of the notebook; yields (url, token, folder)."""
    root = tmp_path_factory.mktemp("lab")
    scratch, home = root / "scratch", root / "home"
    scratch.mkdir()
    nb = nbformat.read(paths.NOTEBOOKS_DIR / f"{NOTEBOOK}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.cells.append(nbformat.v4.new_code_cell(EXPLORE))
    nbformat.write(nb, scratch / f"{NOTEBOOK}.ipynb")
    settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # Every cell in the page (no virtual scrolling), so the test sees them all.
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port, token = free_port(), "scr-lab-test-token"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_DATA_DIR": str(home / "data"),
    }
    env.pop("SCR_DATA_DIR", None)
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={scratch}",
        f"--LabApp.user_settings_dir={home / 'settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabServerApp.extension_manager=readonly",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(home.parent / "server.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                assert server.poll() is None, (home.parent / "server.log").read_text()
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start: " + (home.parent / "server.log").read_text()[-2000:])
        yield url, token, scratch
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


def menu(page, top: str, item: str) -> None:
    """Click a menu bar entry, then one of its items (whose accessible name may end with its shortcut)."""
    page.get_by_role("menuitem", name=top, exact=True).click()
    page.get_by_role("menuitem", name=re.compile("^" + re.escape(item) + r"(\s|$)")).first.click()


def run_all_and_save(page, folder: Path, after: int = 0) -> int:
    """Run › Run All Cells; save (File › Save Notebook) until every code cell has run again or one failed.

    Read from the saved file, not the page (JupyterLab renders only the cells in view). Returns the highest
    execution count, for the next run to wait beyond.
    """
    menu(page, "Run", "Run All Cells")
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        page.wait_for_timeout(2000)
        menu(page, "File", "Save Notebook")
        page.wait_for_timeout(500)
        code = [c for c in nbformat.read(folder / f"{NOTEBOOK}.ipynb", as_version=4).cells if c.cell_type == "code"]
        counts = [c.execution_count or 0 for c in code]
        if saved_errors(folder) or all(n > after for n in counts):
            return max(counts)
    pytest.fail(f"Run All did not finish in {RUN_TIMEOUT} s")


def saved_errors(folder: Path) -> list[str]:
    nb = nbformat.read(folder / f"{NOTEBOOK}.ipynb", as_version=4)
    return [f"{o.ename}: {o.evalue}" for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]


def saved_text(folder: Path) -> str:
    nb = nbformat.read(folder / f"{NOTEBOOK}.ipynb", as_version=4)
    return json.dumps([c.get("outputs", []) for c in nb.cells])


def test_run_all_edit_a_parameter_run_all_again(lab):
    from playwright.sync_api import sync_playwright

    url, token, folder = lab
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{url}/lab/tree/{NOTEBOOK}.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=120_000)

        page.get_by_text("| Idle").wait_for(timeout=120_000)  # the kernel has started

        last = run_all_and_save(page, folder)
        assert saved_errors(folder) == []
        assert "**This run:** children per category" in saved_text(folder)
        assert page.locator(".jp-Notebook table.dataTable").count() == 1  # itables drew the table offline
        page.locator(".jp-Notebook .dt-search input").first.fill("Total")  # the search box filters rows
        from scr_workbench.data.tables import load_table

        table = load_table("ethnicity_counts").astype(str)
        expected = int(table.apply(lambda row: row.str.contains("total", case=False)).any(axis=1).sum())
        page.wait_for_function(
            f"() => document.querySelector('.jp-Notebook table.dataTable tbody').rows.length === {expected}"
        )

        parameters = page.locator(".jp-Notebook .jp-CodeCell").nth(0)  # the first code cell is tagged parameters
        parameters.locator(".cm-content").click()
        assert EDIT[0] in parameters.inner_text()
        page.keyboard.press("Control+a")
        source = nbformat.read(folder / f"{NOTEBOOK}.ipynb", as_version=4).cells[1].source
        page.keyboard.insert_text(source.replace(*EDIT))
        page.keyboard.press("Escape")

        run_all_and_save(page, folder, after=last)  # the same kernel: no restart
        assert saved_errors(folder) == []
        assert "**This run:** cases per category" in saved_text(folder)
        assert page.locator(".jp-Notebook .jp-OutputArea-output:has-text('ParameterError')").count() == 0
        browser.close()
    elsewhere = sorted({r for r in requests if not r.startswith(url) and not r.startswith(("data:", "blob:"))})
    assert elsewhere == [], f"requests left the lab server (a CDN?): {elsewhere}"
