"""The HTML report, opened in headless Chromium: charts lay out with real sizes and marks, no two labels of a picture
overlap (their boxes measured in the browser), evidence reads clean (no "nan"/"None", one pair of quotation marks),
the "who stands where" block comes first and lists every actor with a stance, and hostile article text stays text."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from stancewatch.config import Topic, Topics, load_topics
from stancewatch.report.html import build, page, topic_positions
from stancewatch.report.text import quotation

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples" / "articles"
ONE_ARTICLE = SAMPLES / "2024-02-27-troops-ukraine.md"
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and os.environ.get("CI") != "true",
    reason="no chromium here (scripts/setup.sh installs it as root)",
)


def render(path, width: int = 1280) -> tuple[dict, str]:
    """Load the page in headless Chromium at ``width`` px and return what its render check measured, and the DOM."""
    assert CHROMIUM, "chromium is missing: scripts/setup.sh installs Debian's chromium package"
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
                "--hide-scrollbars",
                f"--window-size={width},1000",
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
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&")), dom


def assert_reads_clean(check: dict) -> None:
    """What every report must pass in the browser: labels of a picture never overlap nor leave it, no missing value
    shows as a word, every quotation has one pair of marks, nothing scrolls sideways, nothing but the render check
    runs and no image is loaded."""
    for chart in check["charts"]:
        assert chart["width"] >= 200 and chart["height"] >= 60 and chart["marks"] > 0, chart
        assert chart["overlaps"] == [], (chart["id"], chart["overlaps"])
        assert chart["outside"] == [], (chart["id"], chart["outside"])
    assert check["junk"] == [], check["junk"]
    assert check["quotes"], "no evidence quotations"
    for q in check["quotes"]:
        assert q.startswith("“") and q.endswith("”") and len(q) > 2, q
        assert not re.search(r'[“”"]', q[1:-1]), q  # the article's own double quotes became single ones
    assert check["scroll_width"] <= check["view_width"], "the page scrolls sideways"
    assert check["scripts"] == 1 and check["images"] == 0


def stands_actors(page_html: str, topic_id: str) -> list[str]:
    """The actor ids the "who stands where" block of a topic lists."""
    block = re.search(rf'<div class="stands" data-topic="{re.escape(topic_id)}">(.*?)</div></div>', page_html, re.S)
    assert block, f"no who-stands-where block for {topic_id}"
    return re.findall(r'data-actor-id="([^"]+)"', block.group(0))


def assert_briefing_order(page_html: str, summary: pd.DataFrame, topics: Topics) -> None:
    """Per topic with stances: the block comes first and lists every actor with a stance on the topic, each once,
    each with an evidence line it links to."""
    for t in topics.topics:
        pos = topic_positions(summary, t.id)
        section = re.search(rf'<section id="topic-{t.id}">(.*?)</section>', page_html, re.S)
        assert section, t.id
        if pos.empty:
            continue
        body = section.group(1)
        assert body.index('class="stands"') < min(body.index('class="evidence"'), body.index("<svg"))
        listed = stands_actors(page_html, t.id)
        assert sorted(listed) == sorted(pos.loc[pos["stance"].notna(), "actor_id"]), t.id
        for actor_id in listed:
            assert f'id="ev-{t.id}-{actor_id}"' in body, (t.id, actor_id)


@pytest.fixture(scope="module")
def one_article_out(prefect_server, tmp_path_factory):
    """The CLI's `run` on one sample article alone."""
    from typer.testing import CliRunner

    from stancewatch.cli import app

    out = tmp_path_factory.mktemp("one-article")
    result = CliRunner().invoke(app, ["run", str(ONE_ARTICLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@needs_chromium
def test_report_of_the_sample_run_reads_like_a_briefing_in_chromium(e2e_out, tmp_path):
    from stancewatch.store.datasets import read_dataset

    topics = load_topics()
    page_file = tmp_path / "report.html"
    page_file.write_text(build(e2e_out, topics))
    check, dom = render(page_file)
    print("rendered charts:", [(c["id"], c["kind"], c["labels"]) for c in check["charts"]])
    kinds = [c["kind"] for c in check["charts"]]
    assert kinds.count("forest") == 3 and kinds.count("lines") == 1 and kinds.count("network") >= 1
    summary = read_dataset(e2e_out, "actor_summary")
    spanning = [t.id for t in topics.topics if summary.query("topic_id == @t.id")["period"].nunique() > 1]
    assert spanning and kinds.count("over-time") == len(spanning)  # net stance per period where there are periods
    assert_reads_clean(check)
    html = page_file.read_text()
    assert "http://" not in html and "https://" not in html.replace("https://example.org", "")  # nothing fetched
    assert "European leaders rule out sending troops" in html  # evidence carries document titles
    assert "27 Feb 2024" in html and "4 Oct 2024" in html  # … and dates
    assert_briefing_order(html, summary, topics)
    assert "<details>" in html and "<mark>" in html  # the sentence in its paragraph, on demand


@needs_chromium
def test_report_of_one_article_alone_reads_clean_in_chromium(one_article_out, tmp_path):
    from stancewatch.store.datasets import read_dataset

    topics = load_topics()
    page_file = tmp_path / "report.html"
    page_file.write_text(build(one_article_out, topics))
    check, _dom = render(page_file)
    assert_reads_clean(check)
    assert not [c for c in check["charts"] if c["kind"] == "over-time"]  # one article, one period
    html = page_file.read_text()
    summary = read_dataset(one_article_out, "actor_summary")
    empty = [t for t in topics.topics if topic_positions(summary, t.id).empty]
    assert len(empty) < len(topics.topics) and html.count("No actor took a stance on this topic yet") == len(empty)
    assert_briefing_order(html, summary, topics)
    assert f"{summary['actor_id'].nunique()} actors" in html and "27 Feb 2024" in html


def test_positions_are_ordered_from_favor_to_against(e2e_out):
    from stancewatch.store.datasets import read_dataset

    pos = topic_positions(read_dataset(e2e_out, "actor_summary"), "troops-ukraine")
    assert list(pos["net"]) == sorted(pos["net"], reverse=True)
    assert ((pos["low"] <= pos["net"]) & (pos["net"] <= pos["high"])).all()


def test_quotations_get_one_pair_of_marks():
    assert quotation("“This was and is the position of Poland,”") == "“This was and is the position of Poland,”"
    assert quotation('"No troops," Scholz said.') == "“‘No troops,’ Scholz said.”"
    assert quotation('"There will be no ground troops, no soldiers') == "“There will be no ground troops, no soldiers”"
    assert (
        quotation("He said France would do “everything needed”.\n\n")
        == "“He said France would do ‘everything needed’.”"
    )
    assert quotation(float("nan")) is None and quotation("None") is None


def _stance_row(doc_id, actor_id, name, topic, label, p, text, start=0):
    p_favor, p_against, p_neutral = p
    return {
        "doc_id": doc_id,
        "actor_id": actor_id,
        "actor_name": name,
        "topic_id": topic,
        "statement_id": f"{doc_id}:{start}:{actor_id}",
        "label": label,
        "p_favor": p_favor,
        "p_against": p_against,
        "p_neutral": p_neutral,
        "relevance": 0.5,
        "evidence_text": text,
        "evidence_start": start,
        "evidence_end": start + len(text),
        "model_id": "m",
        "model_revision": "r",
    }


def _tiny_out(root: Path, documents: list[dict], stance: list[dict]) -> Path:
    """An output folder holding ``documents`` and ``stance`` rows, with every summary the report reads."""
    from stancewatch.aggregate.network import networks
    from stancewatch.aggregate.rollup import affiliation_summary, assign_nodes
    from stancewatch.aggregate.summaries import actor_pairs, periods, summarize
    from stancewatch.store.datasets import begin_run, commit_run, read_dataset, write_run, write_summary, write_table

    now = datetime(2024, 3, 1, tzinfo=timezone.utc)
    staged = begin_run(root, "r1")
    base = {"url": None, "published": None, "ingested_at": now, "run_id": "r1"}
    write_table(staged, "documents", [base | d | {"n_chars": len(d["text"])} for d in documents])
    write_table(staged, "quarantine", [])
    write_table(staged, "actor_stance", stance)
    commit_run(root, "r1")
    docs, st = read_dataset(root, "documents"), read_dataset(root, "actor_stance")
    mentions = read_dataset(root, "mentions")
    summary = summarize(docs, st, read_dataset(root, "actor_sentiment"), "month")
    write_summary(root, "actor_summary", summary)
    write_summary(root, "actor_pairs", actor_pairs(mentions, summary))
    if len(st):
        who = pd.DataFrame(columns=["doc_id", "actor_id", "affiliation", "role"])
        rows = assign_nodes(st, mentions, who, {})
        rows = rows.assign(period=rows["doc_id"].map(periods(docs, "month")))
        nodes, edges = networks(rows)
        write_summary(root, "affiliation_summary", affiliation_summary(rows))
        write_summary(root, "network_nodes", nodes)
        write_summary(root, "network_edges", edges)
    run = {
        "run_id": "r1",
        "started_at": now,
        "finished_at": now,
        "stage": "all",
        "inputs": "[]",
        "n_inputs": len(documents),
        "n_documents": len(documents),
        "n_skipped": 0,
        "n_duplicates": 0,
        "n_quarantined": 0,
        "n_mentions": 0,
        "n_statements": len(stance),
        "n_stance": len(stance),
        "n_sentiment": 0,
        "stage_seconds": "{}",
        "config_hash": "x",
        "models": "{}",
        "schema_version": "1",
        "stancewatch_version": "0",
    }
    write_run(root, run)
    return root


def test_small_and_empty_inputs_show_small_counts_not_failures(tmp_path):
    """One document without title or date, an actor with one statement, a topic with no rows: the outputs say so
    plainly, and what the document lacks is left out rather than shown as "nan"."""
    from stancewatch.store.datasets import read_dataset

    text = "Scholz said no."
    out = _tiny_out(
        tmp_path,
        [{"doc_id": "d1", "source": "a.txt", "title": None, "text": text}],
        [_stance_row("d1", "olaf-scholz", "Olaf Scholz", "troops", "against", (0.1, 0.8, 0.1), text)],
    )
    row = read_dataset(out, "actor_summary").query("topic_id == 'troops'").iloc[0]
    assert (row.n_statements, row.net_stance, row.net_stance_low) == (1, -1.0, -1.0) and row.net_stance_high > 0.5
    topics = Topics(topics=[Topic(id="troops", label="sending troops"), Topic(id="tariffs", label="EV tariffs")])
    html = build(out, topics)
    assert "No actor took a stance on this topic yet" in html and "No sentiment rows yet" in html
    assert "80%" in html  # the probability of the label shown (against), not of another label
    shown = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))
    assert not re.search(r"\b(nan|None|NaT)\b", shown)
    assert 'class="src"' not in html  # no date, no title, no URL: nothing after the quotation


def test_hostile_article_text_is_escaped(tmp_path):
    """Titles, sources, URLs, names and evidence written to attack the page stay text: no script, image or
    javascript: link gets into it, and the browser agrees."""
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    text = f"{evil} “I back it,” said Mallory. javascript:alert(3)"
    out = _tiny_out(
        tmp_path,
        [
            {
                "doc_id": "d1",
                "source": "javascript:alert(4)",
                "title": f"Breaking {evil}",
                "url": "javascript:alert(5)",
                "text": text,
                "published": datetime(2024, 2, 1, tzinfo=timezone.utc),
            },
            {
                "doc_id": "d2",
                "source": 'https://example.org/a"onmouseover=alert(6)',
                "title": None,
                "url": None,
                "text": "Eve said no.",
                "published": datetime(2024, 3, 5, tzinfo=timezone.utc),
            },
        ],
        [
            _stance_row("d1", "mallory", f"Mallory {evil}", "troops", "favor", (0.9, 0.05, 0.05), text),
            _stance_row("d2", "eve", "Eve", "troops", "against", (0.1, 0.85, 0.05), "Eve said no."),
        ],
    )
    html = build(out, Topics(topics=[Topic(id="troops", label=f"troops {evil}")]))
    assert "<script>alert" not in html and "<img" not in html and 'onerror="' not in html
    assert not re.search(r'href="\s*javascript:', html, re.I) and 'href="https://example.org/a"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    if CHROMIUM:
        page_file = tmp_path / "evil.html"
        page_file.write_text(html)
        check, dom = render(page_file)
        assert check["scripts"] == 1 and check["images"] == 0
        assert_reads_clean(check)


@needs_chromium
def test_a_large_network_is_capped_and_its_labels_do_not_overlap(tmp_path):
    """60 nodes with long names on three sides: the picture draws the 40 with most statements, says so, and its
    labels (measured in the browser) neither overlap nor leave the picture."""
    from stancewatch.report.html import COLOURS
    from stancewatch.report.network_svg import network_block

    rows, edges = [], []
    for i in range(60):
        f, a = (i % 3 != 1) * (1 + i % 4), (i % 3 != 0) * (1 + i % 5)
        rows.append(
            {
                "node_id": f"n{i}",
                "name": f"The Extraordinarily Long-Named Organisation of Region {i}",
                "node_type": "organization",
                "n_statements": f + a + 1,
                "n_favor": f,
                "n_against": a,
                "n_neutral": 1,
                "members": ["Anna Maria Example-Person", "Jo Bloggs"] if i % 2 else [],
            }
        )
    for i in range(60):
        for j in range(i + 1, 60):
            kind = "conflict" if (i + j) % 2 else "congruence"
            edges.append(
                {
                    "kind": kind,
                    "source": f"n{i}",
                    "target": f"n{j}",
                    "source_name": "a",
                    "target_name": "b",
                    "weight": 1,
                }
            )
    block = network_block(pd.DataFrame(rows), pd.DataFrame(edges), "network-big", COLOURS)
    assert "Showing the 40 of 60 nodes" in block
    page_file = tmp_path / "network.html"
    page_file.write_text(page(block + '<ul><li><span class="q">“x”</span></li></ul>'))
    check, _dom = render(page_file)
    (chart,) = check["charts"]
    assert chart["labels"] == 40 + 3  # a label per node and a heading per column
    assert_reads_clean(check)
