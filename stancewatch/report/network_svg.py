"""A static SVG of one topic's discourse network for the HTML report: no scripts, the same picture every time.

Nodes sit where networkx's spring layout puts them, seeded, with the congruence edges pulling allies
together; a node's colour is its stance, its area grows with its statements. Solid lines join nodes on
the same side (congruence; width grows with the weight), dashed ones nodes on opposite sides (conflict).
"""

from __future__ import annotations

import html
import math

import networkx as nx
import pandas as pd

SEED = 7
e = html.escape


def layout(nodes: pd.DataFrame, congruence: pd.DataFrame, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1]² per node id, from a seeded spring layout over the congruence edges."""
    g = nx.Graph()
    g.add_nodes_from(sorted(nodes["node_id"]))
    g.add_weighted_edges_from(
        (a, b, float(w)) for a, b, w in zip(congruence["source"], congruence["target"], congruence["weight"])
    )
    if len(g) == 1:
        return {next(iter(g)): (0.5, 0.5)}
    pos = nx.spring_layout(g, seed=seed, weight="weight", k=1.6 / math.sqrt(len(g)))
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span = lambda v, lo, hi: 0.5 if hi == lo else (v - lo) / (hi - lo)  # noqa: E731
    return {n: (span(x, min(xs), max(xs)), span(y, min(ys), max(ys))) for n, (x, y) in pos.items()}


def network_svg(nodes: pd.DataFrame, edges: pd.DataFrame, chart_id: str, colours: dict[str, str]) -> str:
    """One network (nodes without the topic node; congruence and conflict edges) as an inline SVG."""
    width, height, pad = 720, 420, 70
    cong, conf = edges[edges["kind"] == "congruence"], edges[edges["kind"] == "conflict"]
    pos = layout(nodes, cong)
    xy = {n: (pad + x * (width - 2 * pad), 30 + y * (height - 60)) for n, (x, y) in pos.items()}
    top = max([1.0, *cong["weight"], *conf["weight"]])
    parts = [
        f'<svg class="chart" id="{chart_id}" data-kind="network" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="discourse network">'
    ]
    for frame, style in (
        (conf, 'stroke="#cf222e" stroke-opacity="0.35" stroke-dasharray="4,4"'),
        (cong, 'stroke="#57606a" stroke-opacity="0.55"'),
    ):
        for r in frame.itertuples():
            (x1, y1), (x2, y2) = xy[r.source], xy[r.target]
            parts.append(
                f'<line class="edge" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {style} '
                f'stroke-width="{0.8 + 3.2 * r.weight / top:.2f}"><title>{e(r.source_name)} — {e(r.target_name)}: '
                f"{r.kind}, "
                f"weight {r.weight:g}</title></line>"
            )
    for r in nodes.sort_values("node_id").itertuples():
        x, y = xy[r.node_id]
        radius = 4 + 3 * math.sqrt(r.n_statements)
        members = f" ({', '.join(r.members)})" if len(r.members) else ""
        parts.append(
            f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" '
            f'fill="{colours.get(r.stance, "#57606a")}" '
            f'stroke="#fff"><title>{e(r.name)}{e(members)}: {e(str(r.stance))}, favor {r.n_favor} / against '
            f"{r.n_against} "
            f"/ neutral {r.n_neutral}</title></circle>"
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y - radius - 3:.1f}" text-anchor="middle" font-size="11">{e(r.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
