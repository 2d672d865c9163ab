"""The HTML report, opened in headless Chromium: the charts must lay out with real sizes and marks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest

from stancewatch.config import load_topics
from stancewatch.report import build, topic_positions

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def render(path) -> list[dict]:
    """Load the page in headless Chromium and return what its render check measured."""
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", f"file://{path}"],
            capture_output=True, text=True, timeout=120,
        ).stdout
    found = re.search(r'<pre id="render-check"[^>]*>(.*?)</pre>', dom, re.S)
    assert found, "the page's render check did not run"
    return json.loads(found.group(1).replace("&quot;", '"'))


@pytest.mark.skipif(CHROMIUM is None and os.environ.get("CI") != "true", reason="no chromium here (scripts/setup.sh installs it as root)")
def test_report_charts_render_in_chromium(e2e_out, tmp_path):
    assert CHROMIUM, "chromium is missing: scripts/setup.sh installs Debian's chromium package"
    page = tmp_path / "report.html"
    page.write_text(build(e2e_out, load_topics()))
    charts = render(page)
    print("rendered charts:", charts)
    kinds = [c["kind"] for c in charts]
    assert kinds.count("forest") == 3 and kinds.count("lines") == 1
    for chart in charts:
        assert chart["width"] >= 300 and chart["height"] >= 100 and chart["marks"] > 0, chart
    html = page.read_text()
    assert "http://" not in html and "https://" not in html.replace("https://example.org", "")  # nothing fetched
    assert "European leaders rule out sending troops" in html  # evidence carries document titles


def test_positions_are_ordered_from_favor_to_against(e2e_out):
    from stancewatch.store import read_dataset

    pos = topic_positions(read_dataset(e2e_out, "actor_summary"), "troops-ukraine")
    assert list(pos["net"]) == sorted(pos["net"], reverse=True)
    assert ((pos["low"] <= pos["net"]) & (pos["net"] <= pos["high"])).all()
