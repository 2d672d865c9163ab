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
from stancewatch.report.html import build, topic_positions

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def render(path) -> list[dict]:
    """Load the page in headless Chromium and return what its render check measured."""
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--virtual-time-budget=5000",
                "--dump-dom",
                f"file://{path}",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    found = re.search(r'<pre id="render-check"[^>]*>(.*?)</pre>', dom, re.S)
    assert found, "the page's render check did not run"
    return json.loads(found.group(1).replace("&quot;", '"'))


@pytest.mark.skipif(
    CHROMIUM is None and os.environ.get("CI") != "true",
    reason="no chromium here (scripts/setup.sh installs it as root)",
)
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
    from stancewatch.store.datasets import read_dataset

    pos = topic_positions(read_dataset(e2e_out, "actor_summary"), "troops-ukraine")
    assert list(pos["net"]) == sorted(pos["net"], reverse=True)
    assert ((pos["low"] <= pos["net"]) & (pos["net"] <= pos["high"])).all()


def test_small_and_empty_inputs_show_small_counts_not_failures(tmp_path):
    """One document, an actor with one statement, a topic with no rows: the outputs say so plainly."""
    from datetime import datetime, timezone

    from stancewatch.aggregate.summaries import actor_pairs, summarize
    from stancewatch.config import Topic, Topics
    from stancewatch.store.datasets import begin_run, commit_run, write_run, write_summary, write_table

    now = datetime(2024, 3, 1, tzinfo=timezone.utc)
    staged = begin_run(tmp_path, "r1")
    write_table(
        staged,
        "documents",
        [
            {
                "doc_id": "d1",
                "source": "a.txt",
                "title": "One article",
                "url": None,
                "published": None,
                "text": "Scholz said no.",
                "n_chars": 15,
                "ingested_at": now,
                "run_id": "r1",
            }
        ],
    )
    write_table(staged, "quarantine", [])
    stance = [
        {
            "doc_id": "d1",
            "actor_id": "olaf-scholz",
            "actor_name": "Olaf Scholz",
            "topic_id": "troops",
            "statement_id": "d1:0:olaf-scholz",
            "label": "against",
            "p_favor": 0.1,
            "p_against": 0.8,
            "p_neutral": 0.1,
            "relevance": 0.5,
            "evidence_text": "Scholz said no.",
            "evidence_start": 0,
            "evidence_end": 15,
            "model_id": "m",
            "model_revision": "r",
        }
    ]
    write_table(staged, "actor_stance", stance)
    commit_run(tmp_path, "r1")
    from stancewatch.store.datasets import read_dataset

    summary = summarize(
        read_dataset(tmp_path, "documents"),
        read_dataset(tmp_path, "actor_stance"),
        read_dataset(tmp_path, "actor_sentiment"),
        "week",
    )
    row = summary[summary.topic_id == "troops"].iloc[0]
    assert (row.n_statements, row.net_stance, row.net_stance_low) == (1, -1.0, -1.0) and row.net_stance_high > 0.5
    write_summary(tmp_path, "actor_summary", summary)
    write_summary(tmp_path, "actor_pairs", actor_pairs(read_dataset(tmp_path, "mentions"), summary))
    write_run(
        tmp_path,
        {
            "run_id": "r1",
            "started_at": now,
            "finished_at": now,
            "stage": "all",
            "inputs": "[]",
            "n_inputs": 1,
            "n_documents": 1,
            "n_skipped": 0,
            "n_duplicates": 0,
            "n_quarantined": 0,
            "n_mentions": 0,
            "n_statements": 1,
            "n_stance": 1,
            "n_sentiment": 0,
            "stage_seconds": "{}",
            "config_hash": "x",
            "models": "{}",
            "schema_version": "1",
            "stancewatch_version": "0",
        },
    )
    topics = Topics(topics=[Topic(id="troops", label="sending troops"), Topic(id="tariffs", label="EV tariffs")])
    page = build(tmp_path, topics)
    assert "No actor took a stance on this topic yet" in page and "n=1" in page and "No sentiment rows yet" in page
