"""dg.explore in a real browser: Debian's chromium, headless, driven by Playwright (issue 15 item 4).

The test starts a Voila server on a free localhost port with ``explorer.ipynb`` (the
explorer of ``inspection`` over the non-detection parameter ``non_detection``), types a new value of the
false-alarm rate ``false_alarm`` into its slider's readout, and checks that the page's table and
curve become what :meth:`Model.solve` gives at the new point, and that the figure changed.

Chromium comes from Debian (``apt-get install chromium``; ``make browser``), never from
Playwright's download; the machine has no network, so background networking is off. If
``/usr/bin/chromium`` is missing the test fails and says how to install it;
``DG_SKIP_BROWSER=1`` skips it on a developer's machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import deterrence_games as dg

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM = os.environ.get("DG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def voila(tmp_path):
    if os.environ.get("DG_SKIP_BROWSER") == "1":
        pytest.skip("DG_SKIP_BROWSER=1")
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`, i.e. "
                    "apt-get install -y --no-install-recommends chromium, as root) or set DG_SKIP_BROWSER=1")
    for mod in ("voila", "playwright", "ipywidgets"):
        if __import__("importlib").util.find_spec(mod) is None:
            pytest.fail(f"`{mod}` is not installed: pip install -e '.[test]'")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "MPLBACKEND": "Agg", "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_PLATFORM_DIRS": "1"}
    log = open(tmp_path / "voila.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "voila", str(HERE / "explorer.ipynb"), "--no-browser",
                             f"--port={port}", "--Voila.ip=127.0.0.1", "--show_tracebacks=True"],
                            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:  # any HTTP answer (403 on a path that is not a file) means the server is up
                urllib.request.urlopen(url + "api", timeout=2).close()
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("Voila did not start:\n" + (tmp_path / "voila.log").read_text()[-3000:])
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _state(page) -> dict:
    """What the page shows: the point and rows of the table, the curve data, the figure's source."""
    return page.evaluate("""() => {
        const t = document.querySelector('table.dg-explore-table');
        const c = document.querySelector('div.dg-explore-curve');
        const img = document.querySelector('.dg-explore-figure img, img.dg-explore-figure');
        return {
            point: t ? JSON.parse(t.dataset.point) : null,
            rows: t ? [...t.querySelectorAll('tbody tr')].map(r => ({label: r.dataset.label,
                      escalation: r.dataset.escalation, outcomes: JSON.parse(r.dataset.outcomes)})) : [],
            x: c ? c.dataset.x : null,
            curve: c ? JSON.parse(c.dataset.curve) : [],
            figure: img ? img.src : null,
            error: (document.querySelector('div.dg-explore-error') || {}).textContent || '',
        };
    }""")


def _check_against_solve(state: dict, model, point: dict) -> None:
    sol = model.solve(**point)
    assert [(r["label"], float(r["escalation"])) for r in state["rows"]] == [
        (e.label, e.escalation_probability) for e in sol.equilibria]
    for r, e in zip(state["rows"], sol.equilibria, strict=True):
        assert r["outcomes"] == {o: e.outcomes[o] for o in model.outcomes}
    # the curve over beta: every equilibrium that solve finds at each grid point (10 decimals kept)
    xs = sorted({c["x"] for c in state["curve"]})
    assert len(xs) == 21 and xs[0] == 0.0 and xs[-1] == 1.0
    for xv in xs[::4]:
        got = sorted({c["y"] for c in state["curve"] if c["x"] == xv})
        want = np.unique(np.round([e.escalation_probability for e in model.solve(**{**point, "non_detection": xv})], 10))
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)


def test_moving_a_slider_updates_table_and_curve_to_what_solve_gives(voila, tmp_path):
    from playwright.sync_api import sync_playwright

    model = dg.get_model("inspection")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(tmp_path / "chromium-profile"), executable_path=CHROMIUM,
                                                   headless=True, args=CHROMIUM_ARGS)
        try:
            page = ctx.new_page()
            page.set_default_timeout(60_000)
            page.goto(voila)
            page.wait_for_selector("table.dg-explore-table", state="attached")
            before = _state(page)
            assert before["x"] == "non_detection" and before["error"] == ""
            assert before["point"] == model.validate()
            _check_against_solve(before, model, model.validate())

            readout = page.locator(".dg-param-false_alarm .widget-readout")
            readout.click()
            page.keyboard.press("Control+A")
            page.keyboard.type("0.3")
            page.keyboard.press("Enter")
            page.wait_for_function("() => { const t = document.querySelector('table.dg-explore-table');"
                                   " return t && JSON.parse(t.dataset.point).false_alarm === 0.3; }")
            page.wait_for_function("(src) => { const i = document.querySelector('.dg-explore-figure img, "
                                   "img.dg-explore-figure'); return i && i.src !== src; }", arg=before["figure"])
            after = _state(page)
        finally:
            ctx.close()
    point = model.validate(false_alarm=0.3)
    assert after["point"] == point and after["error"] == ""
    _check_against_solve(after, model, point)
    assert after["rows"] != before["rows"] and after["curve"] != before["curve"]
    assert after["figure"] != before["figure"]
