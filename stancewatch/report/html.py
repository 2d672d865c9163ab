"""A self-contained HTML report of an output folder: no scripts or styles from the network.

Per topic, the actors ordered from most favor to most against with 95 % intervals; the discourse network
at the affiliation level over all periods (a static SVG, stancewatch/report/network_svg.py); sentiment toward
the most mentioned actors over time; and the evidence sentences with their documents' titles.
Charts are inline SVG drawn here; one inline script measures them after layout (the browser test
reads those numbers).
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from stancewatch.aggregate.summaries import overall_stance, pooled_net, signed_interval
from stancewatch.config import Topics
from stancewatch.report.network_svg import network_svg
from stancewatch.store import atomic
from stancewatch.store.datasets import read_dataset

COLOURS = {"favor": "#1a7f37", "against": "#cf222e", "mixed": "#bf8700", "neutral": "#6e7781"}
LINE_COLOURS = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#1b7c83", "#d1242f", "#57606a"]
e = html.escape


def topic_positions(summary: pd.DataFrame, topic_id: str) -> pd.DataFrame:
    """One row per actor on a topic over all periods: counts, net stance and its interval, most favor first."""
    st = summary[summary["topic_id"] == topic_id]
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


def forest_svg(pos: pd.DataFrame, chart_id: str) -> str:
    """Dots at each actor's net stance with its interval, on a −1 … +1 axis."""
    row_h, left, width, top = 22, 190, 420, 28
    height = top + row_h * max(1, len(pos)) + 30
    x = lambda v: left + (v + 1) / 2 * width  # noqa: E731
    parts = [
        f'<svg class="chart" id="{chart_id}" data-kind="forest" width="{left + width + 70}" height="{height}" '
        f'viewBox="0 0 {left + width + 70} {height}" role="img" aria-label="net stance per actor">'
    ]
    for tick in (-1, -0.5, 0, 0.5, 1):
        parts.append(
            f'<line x1="{x(tick)}" y1="{top - 8}" x2="{x(tick)}" y2="{height - 24}" stroke="#d0d7de" '
            f'stroke-dasharray="{"0" if tick == 0 else "3,3"}"/>'
        )
        parts.append(f'<text x="{x(tick)}" y="{height - 8}" text-anchor="middle" font-size="11">{tick:+g}</text>')
    parts.append(f'<text x="{x(-1)}" y="14" font-size="11" fill="{COLOURS["against"]}">← against</text>')
    parts.append(f'<text x="{x(1)}" y="14" font-size="11" text-anchor="end" fill="{COLOURS["favor"]}">favor →</text>')
    for i, r in enumerate(pos.itertuples()):
        y = top + i * row_h + row_h / 2
        colour = COLOURS.get(r.stance, "#57606a")
        name = str(r.actor_name) if len(str(r.actor_name)) <= 28 else str(r.actor_name)[:27] + "…"
        parts.append(
            f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" '
            f'font-size="12">{e(name)}<title>{e(str(r.actor_name))}</title></text>'
        )
        parts.append(
            f'<line class="mark" x1="{x(r.low)}" y1="{y}" x2="{x(r.high)}" y2="{y}" stroke="{colour}" '
            'stroke-width="2"/>'
        )
        parts.append(
            f'<circle class="mark" cx="{x(r.net)}" cy="{y}" r="5" fill="{colour}"><title>{e(str(r.actor_name))}: '
            f"net {r.net:+.2f} [{r.low:+.2f}, {r.high:+.2f}], favor {r.favor} / against {r.against} / neutral "
            f"{r.neutral}</title></circle>"
        )
        parts.append(f'<text x="{left + width + 8}" y="{y + 4}" font-size="11" fill="#57606a">n={r.n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def sentiment_svg(summary: pd.DataFrame, top_n: int, chart_id: str) -> str:
    """Mean sentiment per period for the most mentioned actors (one line each)."""
    rows = summary[(summary["topic_id"] == "*") & summary["mean_sentiment"].notna()] if len(summary) else summary
    if rows.empty:
        return '<p class="empty">No sentiment rows yet.</p>'
    top = rows.groupby("actor_id")["n_mentions"].sum().sort_values(ascending=False, kind="stable").head(top_n).index
    periods = sorted(rows["period"].unique())
    left, width, top_pad, height = 40, 560, 16, 220
    x = lambda i: left + (width * (i + 0.5) / len(periods))  # noqa: E731
    y = lambda v: top_pad + (1 - (v + 1) / 2) * (height - top_pad - 40)  # noqa: E731
    parts = [
        f'<svg class="chart" id="{chart_id}" data-kind="lines" width="{left + width + 200}" height="{height}" '
        f'viewBox="0 0 {left + width + 200} {height}" role="img" aria-label="sentiment over time">'
    ]
    for v in (-1, 0, 1):
        parts.append(f'<line x1="{left}" y1="{y(v)}" x2="{left + width}" y2="{y(v)}" stroke="#d0d7de"/>')
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4}" text-anchor="end" font-size="11">{v:+d}</text>')
    for i, p in enumerate(periods):
        parts.append(f'<text x="{x(i)}" y="{height - 22}" text-anchor="middle" font-size="10">{e(str(p))}</text>')
    for k, actor_id in enumerate(top):
        a = rows[rows["actor_id"] == actor_id].set_index("period")
        colour = LINE_COLOURS[k % len(LINE_COLOURS)]
        pts = [
            (x(i), y(float(a.loc[p, "mean_sentiment"])))
            for i, p in enumerate(periods)
            if p in a.index and pd.notna(a.loc[p, "mean_sentiment"])
        ]
        if len(pts) > 1:
            parts.append(
                f'<polyline class="mark" fill="none" stroke="{colour}" stroke-width="2" '
                f'points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in pts)}"/>'
            )
        for px, py in pts:
            parts.append(f'<circle class="mark" cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>')
        name = str(a["actor_name"].iloc[0])
        parts.append(
            f'<rect x="{left + width + 16}" y="{top_pad + k * 18}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + width + 32}" y="{top_pad + k * 18 + 9}" font-size="11">{e(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def evidence_rows(
    out: Path, topic_id: str, positions: pd.DataFrame, per_actor: int = 1
) -> list[tuple[str, str, str, str, float]]:
    """(actor, label, evidence, document title, confidence) of the most confident rows per actor on a topic."""
    stance = read_dataset(out, "actor_stance")
    docs = read_dataset(out, "documents", columns=["doc_id", "title", "source"])
    st = stance[stance["topic_id"] == topic_id].merge(docs, on="doc_id", how="left")
    st = st.assign(conf=st[["p_favor", "p_against"]].max(axis=1))
    out_rows = []
    for r in positions.itertuples():
        best = st[st["actor_id"] == r.actor_id].sort_values("conf", ascending=False).head(per_actor)
        for b in best.itertuples():
            out_rows.append((str(r.actor_name), b.label, b.evidence_text, b.title or b.source, float(b.conf)))
    return out_rows


def network_section(
    nodes: pd.DataFrame, edges: pd.DataFrame, topic_id: str, chart_id: str, level: str = "affiliation"
) -> str:
    """The topic's network over all periods (congruence and conflict), or nothing when it has no edge."""
    n = nodes[
        (nodes["level"] == level)
        & (nodes["topic_id"] == topic_id)
        & (nodes["period"] == "all")
        & (nodes["node_type"] != "topic")
    ]
    ed = edges[
        (edges["level"] == level)
        & (edges["topic_id"] == topic_id)
        & (edges["period"] == "all")
        & (edges["kind"] != "two-mode")
    ]
    if n.empty or ed.empty:
        return ""
    return (
        f"<h3>Who sides with whom</h3><p>{len(n)} "
        f"{'affiliations and actors' if level == 'affiliation' else 'actors'}: members who "
        "speak for a country or organisation are merged into it. "
        "Solid lines join nodes on the same side (width: statements), "
        f"dashed lines opposite sides; colour is the overall stance. <code>stancewatch network</code> exports it.</p>"
        f"{network_svg(n, ed, chart_id, COLOURS)}"
    )


def build(out: Path, topics: Topics, top_n: int = 6) -> str:
    out = Path(out)
    summary = read_dataset(out, "actor_summary")
    net_nodes, net_edges = read_dataset(out, "network_nodes"), read_dataset(out, "network_edges")
    runs = read_dataset(out, "runs").sort_values("started_at")
    n_docs = len(read_dataset(out, "documents", columns=["doc_id"]))
    n_quarantine = len(read_dataset(out, "quarantine", columns=["source"]))
    sections = []
    for k, t in enumerate(topics.topics):
        pos = topic_positions(summary, t.id)
        if pos.empty:
            sections.append(
                f"<section><h2>{e(t.label)}</h2>"
                '<p class="empty">No actor took a stance on this topic yet.</p></section>'
            )
            continue
        ev = "".join(
            f'<li><b>{e(a)}</b> <span class="lab" style="color:{COLOURS.get(lab, "#333")}">{e(lab)}</span> '
            f'({conf:.0%}): “{e(" ".join(text.split()))}” <span class="src">— {e(str(title))}</span></li>'
            for a, lab, text, title, conf in evidence_rows(out, t.id, pos)
        )
        sections.append(
            f"<section><h2>{e(t.label)} <small>({e(t.id)})</small></h2>"
            f"<p>{len(pos)} actors, ordered from most favor to most against; dots are net stance "
            f"(favor − against share), bars the 95 % Wilson interval.</p>{forest_svg(pos, f'forest-{k}')}"
            f"{network_section(net_nodes, net_edges, t.id, f'network-{k}')}"
            f'<h3>Evidence</h3><ul class="evidence">{ev}</ul></section>'
        )
    last = runs.iloc[-1] if len(runs) else None
    run_line = (
        f"Last run <code>{e(str(last.run_id))}</code>: {last.n_inputs} inputs, {last.n_documents} new documents, "
        f"{last.n_skipped} skipped, {last.n_duplicates} duplicates, {last.n_quarantined} quarantined."
        if last is not None
        else ""
    )
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>stancewatch report</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
script-src 'unsafe-inline'; img-src data:">
<style>
body {{ font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 980px; color: #1f2328; padding: 0 1em; }}
h1 {{ margin-bottom: 0.2em; }} h2 {{ border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; margin-top: 2em; }}
small, .src {{ color: #57606a; }} .empty {{ color: #57606a; font-style: italic; }}
ul.evidence li {{ margin: 0.35em 0; }} .lab {{ font-weight: 600; }} code {{ background: #f6f8fa; padding: 0 0.3em; }}
svg.chart {{ display: block; margin: 0.5em 0; }}
</style></head>
<body>
<h1>stancewatch report</h1>
<p>{n_docs} documents, {n_quarantine} quarantined inputs, \
{summary["actor_id"].nunique() if len(summary) else 0} actors. {run_line}
<br><small>Generated {generated} from <code>{e(str(out))}</code>.</small></p>
{"".join(sections)}
<section><h2>Sentiment toward the most mentioned actors over time</h2>
<p>Mean of p(positive) − p(negative) over each actor's mentions per period.</p>
{sentiment_svg(summary, top_n, "sentiment")}</section>
<pre id="render-check" hidden></pre>
<script>
window.addEventListener("load", function () {{
  var charts = Array.prototype.map.call(document.querySelectorAll("svg.chart"), function (s) {{
    var r = s.getBoundingClientRect();
    return {{id: s.id, kind: s.dataset.kind, width: Math.round(r.width), height: Math.round(r.height),
             marks: s.querySelectorAll(".mark").length}};
  }});
  document.getElementById("render-check").textContent = JSON.stringify(charts);
}});
</script>
</body></html>
"""


def write(out: Path, topics: Topics, html_path: Path) -> Path:
    return atomic.write_text(Path(html_path), build(out, topics))
