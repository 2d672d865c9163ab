"""A self-contained HTML report of an output folder: no scripts, styles, fonts or images from the network.

It reads like a briefing. Per topic, first **who stands where**: favor / against / mixed / neutral columns of actors,
grouped by the country or party each speaks for (stancewatch/report/stands.py), every name a link to its evidence;
then **one evidence line per actor** (stancewatch/report/evidence.py): the statement that best shows its stance,
quoted once, the stance model's label for it with that label's probability, the document's date and title, and the
sentence in its paragraph on demand; then **who sides with whom** (the topic's discourse network at the affiliation
level, sides as columns: stancewatch/report/network_svg.py); **over time**, when the topic spans more than one
period, net stance per period for its main actors (small multiples); and the net stance of every actor with its 95 %
interval. Last, sentiment toward the most mentioned actors over time. Charts are inline SVG
(stancewatch/report/charts.py). One inline script measures the page after layout — chart sizes, label boxes and their
overlaps, words like "nan" that should never show — into ``#render-check``, which the browser test reads.
Everything from the data is escaped; links are http(s) only.
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from stancewatch.aggregate.summaries import overall_stance, pooled_net, signed_interval
from stancewatch.config import Topics
from stancewatch.report.charts import forest_svg, over_time_svg, sentiment_svg
from stancewatch.report.evidence import document_info, document_texts, evidence_list, needed_documents
from stancewatch.report.network_svg import MAX_NODES, network_block
from stancewatch.report.stands import actor_groups, mention_affiliations, ordered, stands_block
from stancewatch.report.text import anchor, day
from stancewatch.store import atomic
from stancewatch.store.datasets import read_dataset

COLOURS = {"favor": "#1a7f37", "against": "#cf222e", "mixed": "#9a6700", "neutral": "#57606a"}
e = html.escape


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def topic_positions(summary: pd.DataFrame, topic_id: str) -> pd.DataFrame:
    """One row per actor on a topic over all periods: counts, net stance and its interval, most favor first."""
    st = summary[summary["topic_id"] == topic_id] if len(summary) else summary
    if st.empty:
        return pd.DataFrame(
            columns=["actor_id", "actor_name", "n", "favor", "against", "neutral", "net", "low", "high", "stance"]
        )
    g = (
        st.assign(mass=pooled_net(st))
        .groupby(["actor_id", "actor_name"])
        .agg(favor=("n_favor", "sum"), against=("n_against", "sum"), neutral=("n_neutral", "sum"), mass=("mass", "sum"))
        .reset_index()
    )
    g["n"] = g["favor"] + g["against"] + g["neutral"]
    g["net"] = (g["favor"] - g["against"]) / g["n"]
    bounds = [signed_interval(net, n) for net, n in zip(g["net"], g["n"])]
    g["low"], g["high"] = [b[0] for b in bounds], [b[1] for b in bounds]
    g["stance"] = [
        overall_stance(f, a, n, m / (f + a + n))
        for f, a, n, m in zip(g["favor"], g["against"], g["neutral"], g["mass"])
    ]
    return g.sort_values(["net", "n", "actor_name"], ascending=[False, False, True]).reset_index(drop=True)


STANDS_HOW = (
    "An actor's overall stance on the topic, from all its statements: <b>favor</b> or <b>against</b> when the mean of "
    "the stance model's p(favor) − p(against) over them leans that way (beyond ±0.05), <b>mixed</b> when they took "
    "both sides and cancel out, <b>neutral</b> when they took none. Grey captions: the country or party an actor "
    "speaks for (roll-up) or belongs to. Each name links to its evidence; hover for its counts."
)
EVIDENCE_HOW = (
    "One statement per actor: the one that best shows its overall stance. After the name: the stance model's label "
    "for that sentence and the model's probability of that label; after the quotation: the document's date and "
    "title, where the document has them. Open a line for the sentence in its paragraph and the actor's other "
    "statements."
)


def network_section(
    nodes: pd.DataFrame, edges: pd.DataFrame, topic_id: str, chart_id: str, level: str = "affiliation"
) -> str:
    """The topic's network over all periods (sides as columns), or nothing when no node took a side."""
    n = nodes[(nodes["level"] == level) & (nodes["topic_id"] == topic_id) & (nodes["period"] == "all")]
    ed = edges[(edges["level"] == level) & (edges["topic_id"] == topic_id) & (edges["period"] == "all")]
    n = n[n["node_type"] != "topic"]
    if n.empty or ed[ed["kind"] != "two-mode"].empty:
        return ""
    return (
        "<h3>Who sides with whom</h3>"
        f'<p class="how">The discourse network (DNA-style) over all periods, {len(n)} nodes: members who speak for a '
        "country or organisation are merged into it (their surnames after its name). A node stands in <b>Favor</b> or "
        "<b>Against</b> when all its statements that took a side took that one, in <b>Mixed</b> when they took both; "
        "everyone in one column sided together. Red lines join nodes on opposite sides (conflict), grey lines a mixed "
        "node to those it agreed with; thicker lines: more pairs of statements; larger dots: more statements. At most "
        f"{MAX_NODES} nodes are drawn. <code>stancewatch network</code> exports it for Gephi or visone.</p>"
        f"{network_block(n, ed, chart_id, COLOURS)}"
    )


def over_time_section(summary: pd.DataFrame, topic_id: str, chart_id: str) -> str:
    """Net stance per period for the topic's main actors, when the topic spans more than one period."""
    rows = summary[(summary["topic_id"] == topic_id) & summary["net_stance"].notna()]
    if rows["period"].nunique() < 2:
        return ""
    return (
        "<h3>Over time</h3>"
        '<p class="how">Net stance per period, (favor − against) / statements in that period, for the topic\'s main '
        "actors (those seen in several periods and with most statements), each in its own panel on the same scale "
        "from −1 (all against) to +1 (all favor); the bar is the 95 % Wilson interval, the colour the period's "
        "overall stance.</p>"
        f"{over_time_svg(rows, chart_id, COLOURS)}"
    )


def topic_section(out: Path, k: int, t, summary, affiliations, mention_aff, kinds, stance, docs, nodes, edges) -> str:
    """One topic's section: who stands where, evidence, network, over time, net stance with intervals."""
    key = anchor(t.id)
    pos = topic_positions(summary, t.id)
    title = f"<h2>{e(t.label)} <small>({e(t.id)})</small></h2>"
    if pos.empty:
        return (
            f'<section id="topic-{key}">{title}<p class="empty">No actor took a stance on this topic yet.</p></section>'
        )
    groups = actor_groups(affiliations, t.id, pos[["actor_id", "actor_name"]], mention_aff, kinds)
    order = ordered(pos, groups)
    st = stance[stance["topic_id"] == t.id]
    stance_of = {a: s for a, _n, s in order}
    texts = document_texts(out, needed_documents(st, stance_of))
    evidence = evidence_list(st, order, docs, texts, COLOURS, key)
    with_evidence = set(st["actor_id"])
    doc_ids = st["doc_id"].unique()
    dates = [d for d in (docs.loc[i, "published"] for i in doc_ids if i in docs.index) if pd.notna(d)]
    span = ""
    if dates:
        first, last = day(min(dates)), day(max(dates))
        span = f", published {first}" if first == last else f", published {first} – {last}"
    n_docs = len(doc_ids)
    lead = (
        f'<p class="lead">{len(pos)} actor{"s" if len(pos) != 1 else ""} took a stance in {n_docs} '
        f"document{'s' if n_docs != 1 else ''}{span}.</p>"
    )
    blocks = [
        (
            "stands",
            f'<h3>Who stands where</h3><p class="how">{STANDS_HOW}</p>'
            f"{stands_block(pos, groups, key, COLOURS, with_evidence)}",
        ),
        ("evidence", f'<h3>Evidence</h3><p class="how">{EVIDENCE_HOW}</p>{evidence}'),
        ("network", network_section(nodes, edges, t.id, f"network-{k}")),
        ("over-time", over_time_section(summary, t.id, f"over-time-{k}")),
        (
            "forest",
            "<h3>Net stance with uncertainty</h3>"
            '<p class="how">Every actor from most favor to most against: the dot is net stance, (favor − against) / '
            "statements, the bar its 95 % Wilson interval (wide when there are few statements); n: statements on the "
            f"topic.</p>{forest_svg(pos, f'forest-{k}', COLOURS)}",
        ),
    ]
    inner = "".join(f'<div class="block block-{name}" id="{name}-{key}">{body}</div>' for name, body in blocks if body)
    return f'<section id="topic-{key}">{title}{lead}{inner}</section>'


RENDER_CHECK = """
<pre id="render-check" hidden></pre>
<script>
window.addEventListener("load", function () {
  function own(t) {
    return Array.prototype.filter.call(t.childNodes, function (n) { return n.nodeType === 3; })
      .map(function (n) { return n.nodeValue; }).join("").trim();
  }
  function overlap(a, b) {
    return a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  }
  var charts = Array.prototype.map.call(document.querySelectorAll("svg.chart"), function (s) {
    var r = s.getBoundingClientRect();
    var boxes = Array.prototype.filter.call(s.querySelectorAll("text"), function (t) { return own(t); })
      .map(function (t) {
        var b = t.getBoundingClientRect();
        return {text: own(t), left: b.left, right: b.right, top: b.top, bottom: b.bottom};
      });
    var pairs = [];
    for (var i = 0; i < boxes.length; i++) {
      for (var j = i + 1; j < boxes.length; j++) {
        if (overlap(boxes[i], boxes[j])) { pairs.push([boxes[i].text, boxes[j].text]); }
      }
    }
    var outside = boxes.filter(function (b) {
      return b.left < r.left - 1 || b.right > r.right + 1 || b.top < r.top - 1 || b.bottom > r.bottom + 1;
    }).map(function (b) { return b.text; });
    return {id: s.id, kind: s.dataset.kind, width: Math.round(r.width), height: Math.round(r.height),
            marks: s.querySelectorAll(".mark").length, labels: boxes.length, overlaps: pairs, outside: outside};
  });
  var clone = document.body.cloneNode(true);
  Array.prototype.forEach.call(clone.querySelectorAll(".q, .para, script, #render-check, title"),
    function (n) { n.remove(); });
  var check = {
    charts: charts,
    junk: clone.textContent.match(/\\b(nan|NaN|None|NaT|undefined|null)\\b/g) || [],
    quotes: Array.prototype.map.call(document.querySelectorAll(".q"), function (q) { return q.textContent; }),
    scroll_width: document.documentElement.scrollWidth,
    view_width: document.documentElement.clientWidth,
    scripts: document.scripts.length,
    images: document.images.length
  };
  document.getElementById("render-check").textContent = JSON.stringify(check);
});
</script>
"""

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 960px; color: #1f2328; padding: 0 1em; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; margin-top: 2.2em; }
h3 { margin: 1.4em 0 0.3em; } small, .src, .how, .note, .lead { color: #57606a; }
.how { font-size: 13px; margin: 0.2em 0 0.6em; } .empty { color: #57606a; font-style: italic; }
code { background: #f6f8fa; padding: 0 0.3em; } nav a { white-space: nowrap; }
.stands { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 0.6em; margin: 0.4em 0; }
.stands .side { border-top: 3px solid currentColor; padding: 0.2em 0.4em; background: #f6f8fa; }
.side.favor { color: #1a7f37; } .side.against { color: #cf222e; } .side.mixed { color: #9a6700; }
.side.neutral { color: #57606a; }
.stands h4 { margin: 0.2em 0 0.3em; } .stands h4 small { font-weight: normal; }
.stands ul { list-style: none; margin: 0; padding: 0; color: #1f2328; }
.stands li { margin: 0 0 0.35em; line-height: 1.35; }
.stands .grp { display: block; font-size: 12px; color: #57606a; }
.stands .none { color: #57606a; margin: 0; font-style: italic; }
.stands a, .evidence a { color: inherit; } .stands a[href] { text-decoration: none; border-bottom: 1px dotted #8c959f; }
ul.evidence { padding-left: 1.1em; margin-top: 0.2em; } .evidence-list h4 { margin: 0.8em 0 0; }
ul.evidence > li { margin: 0.45em 0; overflow-wrap: anywhere; }
ul.evidence li:target { background: #fff8c5; } .lab { font-weight: 600; } .p { color: #57606a; }
.q { font-style: italic; } .src { font-size: 13px; } .src::before { content: "— "; }
details { margin: 0.2em 0 0.4em; } summary { cursor: pointer; color: #0969da; font-size: 13px; }
.para { background: #f6f8fa; padding: 0.5em 0.7em; margin: 0.3em 0; } mark { background: #fff1a8; }
ul.more { font-size: 13px; padding-left: 1.2em; }
svg.chart { display: block; margin: 0.5em 0; max-width: 100%; height: auto; font-family: system-ui, sans-serif; }
.note { font-size: 13px; margin: 0.2em 0; }
"""


def page(body: str, title: str = "stancewatch report") -> str:
    """A whole self-contained page around ``body``: the report's styles, a policy that forbids loading anything,
    and the render check."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
script-src 'unsafe-inline'; img-src data:">
<style>{STYLE}</style></head>
<body>
{body}
{RENDER_CHECK}
</body></html>
"""


def build(out: Path, topics: Topics, top_n: int = 6) -> str:
    out = Path(out)
    summary = read_dataset(out, "actor_summary")
    stance = read_dataset(out, "actor_stance")
    affiliations = read_dataset(out, "affiliation_summary")
    mention_aff, kinds = mention_affiliations(
        read_dataset(out, "mentions", columns=["actor_id", "actor_type", "affiliation", "is_actor"])
    )
    net_nodes, net_edges = read_dataset(out, "network_nodes"), read_dataset(out, "network_edges")
    runs = read_dataset(out, "runs").sort_values("started_at")
    docs = document_info(out)
    n_quarantine = len(read_dataset(out, "quarantine", columns=["source"]))
    sections = [
        topic_section(out, k, t, summary, affiliations, mention_aff, kinds, stance, docs, net_nodes, net_edges)
        for k, t in enumerate(topics.topics)
    ]
    counts = {}
    for t in topics.topics:
        pos = topic_positions(summary, t.id)
        counts[t.id] = pos["stance"].value_counts().to_dict() if len(pos) else {}
    nav = " · ".join(
        f'<a href="#topic-{anchor(t.id)}">{e(t.label)}</a> <small>('
        + (", ".join(f"{counts[t.id].get(s, 0)} {s}" for s in COLOURS if counts[t.id].get(s)) or "no stance yet")
        + ")</small>"
        for t in topics.topics
    )
    last = runs.iloc[-1] if len(runs) else None
    run_line = (
        f"Last run <code>{e(str(last.run_id))}</code>: {last.n_inputs} inputs, {last.n_documents} new documents, "
        f"{last.n_skipped} skipped, {last.n_duplicates} duplicates, {last.n_quarantined} quarantined."
        if last is not None
        else ""
    )
    n_actors = summary["actor_id"].nunique() if len(summary) else 0
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = f"""<h1>stancewatch report</h1>
<p>{plural(len(docs), "document")}, {plural(n_quarantine, "quarantined input")}, {plural(n_actors, "actor")}. \
{run_line}
<br><small>Generated {generated} from <code>{e(str(out))}</code>.</small></p>
<nav>Topics (actors per overall stance): {nav}</nav>
{"".join(sections)}
<section id="sentiment"><h2>Sentiment toward the most mentioned actors over time</h2>
<p class="how">Mean of p(positive) − p(negative) over each actor's mentions per period, from −1 to +1.</p>
{sentiment_svg(summary, top_n, "sentiment")}</section>"""
    return page(body)


def write(out: Path, topics: Topics, html_path: Path) -> Path:
    return atomic.write_text(Path(html_path), build(out, topics))
