"""The HTML handbook in a real headless Chromium: search works, deep links land, nothing leaks.

Uses Debian's ``chromium`` directly (``--dump-dom``); a test copy of the page gets a small
probe script that writes what it saw (errors, scroll position) into the DOM for us to read.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unit.render.render_support import base_repo, hostile_repo, render, tripwire_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

PROBE = """<script>
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });
window.addEventListener("load", function () {
  setTimeout(function () {
    var el = document.getElementById(document.documentElement.getAttribute("data-probe") || "");
    var root = document.documentElement;
    root.setAttribute("data-errors", window.__errors.join("|"));
    root.setAttribute("data-scroll", String(Math.round(window.scrollY)));
    if (el) { root.setAttribute("data-top", String(Math.round(el.getBoundingClientRect().top))); }
  }, 300);
});
</script>"""


def _chromium(url: str, profile: Path) -> tuple[str, str]:
    """Open url headless, let it settle, and return the DOM and Chromium's log."""
    assert CHROMIUM is not None
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            "--window-size=1280,900", "--virtual-time-budget=3000", "--dump-dom", url]  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout, done.stderr


def _probed(html: Path, probe_id: str = "") -> Path:
    """A copy of the page with the probe script first in <head>."""
    text = html.read_text(encoding="utf-8")
    copy = html.with_name("probed-" + html.name)
    text = text.replace("<head>", f"<head>{PROBE}", 1)
    copy.write_text(text.replace("<html ", f'<html data-probe="{probe_id}" ', 1), encoding="utf-8")
    return copy


def _console(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import example_dir

    base = tmp_path_factory.mktemp("browser")
    shutil.copytree(example_dir(), base / "standards")
    [html] = render(base / "standards", base / "out", ["html"])
    return html


def test_search_finds_payroll_and_shows_hr_role(handbook: Path, tmp_path: Path) -> None:
    dom, log = _chromium(_probed(handbook).as_uri() + "#search=payroll", tmp_path / "profile")
    results = re.search(r'<ol id="search-results"[^>]*>(.*?)</ol>', dom, re.DOTALL)
    assert results is not None and "hidden" not in results.group(0).split(">")[0]
    first = re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', results.group(1))
    assert first[0][0] == "role-hr-payroll-officer"
    assert "Payroll Officer" in first[0][1] and "Human Resources" in first[0][1]
    assert 'data-errors=""' in dom
    assert _console(log) == []


def test_a_deep_link_scrolls_to_its_standard(handbook: Path, tmp_path: Path) -> None:
    page = _probed(handbook, "standard-hr-payroll")
    dom, log = _chromium(page.as_uri() + "#standard-hr-payroll", tmp_path / "profile")
    scroll = int(re.search(r'data-scroll="(\d+)"', dom).group(1))  # type: ignore[union-attr]
    top = int(re.search(r'data-top="(-?\d+)"', dom).group(1))  # type: ignore[union-attr]
    assert scroll > 1000  # far down the page, not at the cover
    assert 0 <= top < 120  # just below the sticky search bar
    assert _console(log) == []


def test_no_request_leaves_the_page(tmp_path: Path) -> None:
    with tripwire_server() as (port, hits):
        [html] = render(hostile_repo(tmp_path / "repo", port), tmp_path / "out", ["html"])
        # Even markup slipped in after rendering cannot fetch: the page's CSP forbids it.
        text = html.read_text(encoding="utf-8")
        planted = f'<img src="http://127.0.0.1:{port}/planted.png"><main>'
        html.write_text(text.replace("<main>", planted, 1), encoding="utf-8")
        dom, log = _chromium(html.as_uri(), tmp_path / "profile")
    assert hits == []
    assert "planted.png" in dom  # the element is there, its request was refused
    assert "alert" not in "".join(_console(log)).lower()


def test_works_without_any_network_on_a_small_repository(tmp_path: Path) -> None:
    [html] = render(base_repo(tmp_path / "repo"), tmp_path / "out", ["html"])
    dom, log = _chromium(_probed(html).as_uri() + "#search=pms", tmp_path / "profile")
    assert 'href="#role-it-manager"' in dom.split('id="search-results"', 1)[1].split("</ol>")[0]
    assert 'data-errors=""' in dom and _console(log) == []
