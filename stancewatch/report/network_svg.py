"""A static SVG of one topic's discourse network for the HTML report, drawn to be read: sides as columns.

On one topic, DNA's congruence network joins everyone who took the same side and its conflict network joins everyone
to everyone on the other side, so a force layout only draws a clump. Here the sides are the layout, as in the
two-column bloc drawings of discourse coalitions: nodes whose sided statements all took favor stand in the left
column, all against in the right one, both in the middle; everyone in a column sided together, so congruence needs
no line there. Conflict edges run between the two outer columns (width: weight), and a middle node's congruence
edges show whom it agreed with on each side. Each node has its own row and its label its own side of the node, cut
to the room it has, so labels cannot overlap (the browser test measures them). Nodes with no edge — neutral
statements only, or nobody to side with or against — are listed under the picture, not scattered; past
``MAX_NODES`` only the nodes with most statements are drawn and the caption says so.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from stancewatch.report.text import fit, text_width

e = html.escape
MAX_NODES = 40
WIDTH, ROW, TOP, FONT = 920, 24, 46, 12
HEADINGS = {"favor": "Favor", "mixed": "Mixed", "against": "Against"}


def side(n_favor: int, n_against: int) -> str | None:
    """The column of a node from its sided statements: favor, against, mixed (both), None (neutral only)."""
    if n_favor and n_against:
        return "mixed"
    return "favor" if n_favor else ("against" if n_against else None)


def _surnames(members) -> str:
    names = [str(m).split()[-1] for m in (list(members) if members is not None else []) if str(m).strip()]
    return ", ".join(names)


def _label(row) -> str:
    members = _surnames(row.members)
    return f"{row.name} · {members}" if members and members != str(row.name) else str(row.name)


def _full(row) -> str:
    members = list(row.members) if row.members is not None else []
    who = f" (members speaking for it: {', '.join(map(str, members))})" if members else ""
    return (
        f"{row.name}{who}: {row.n_statements} statements — {row.n_favor} favor, {row.n_against} against, "
        f"{row.n_neutral} neutral"
    )


def select(nodes: pd.DataFrame, max_nodes: int = MAX_NODES) -> tuple[pd.DataFrame, int]:
    """The nodes to draw (topic nodes left out): all, or the ``max_nodes`` with most statements; and how many were
    left out."""
    nodes = nodes[nodes["node_type"] != "topic"].sort_values(["n_statements", "name"], ascending=[False, True])
    return nodes.head(max_nodes), max(0, len(nodes) - max_nodes)


def network_block(
    nodes: pd.DataFrame, edges: pd.DataFrame, chart_id: str, colours: dict[str, str], max_nodes: int = MAX_NODES
) -> str:
    """The picture of one network (its nodes and congruence/conflict edges), the nodes it leaves out listed in words."""
    shown, left_out = select(nodes, max_nodes)
    ids = set(shown["node_id"])
    edges = edges[edges["kind"].isin(["congruence", "conflict"])]
    edges = edges[edges["source"].isin(ids) & edges["target"].isin(ids)]
    linked = set(edges["source"]) | set(edges["target"])
    shown = shown.assign(side=[side(f, a) for f, a in zip(shown["n_favor"], shown["n_against"])])
    drawn = shown[shown["node_id"].isin(linked) & shown["side"].notna()]
    notes = []
    if left_out:
        notes.append(
            f"Showing the {len(shown)} of {len(shown) + left_out} nodes with the most statements; "
            f"{left_out} with fewer are left out of the picture (the tables hold them all)."
        )
    neutral = shown[shown["side"].isna()]
    alone = shown[shown["side"].notna() & ~shown["node_id"].isin(linked)]
    if len(neutral):
        notes.append(f"Neutral statements only, so no link: {e(', '.join(map(str, neutral['name'])))}.")
    if len(alone):
        notes.append(f"No one else took a side: {e(', '.join(map(str, alone['name'])))}.")
    picture = network_svg(drawn, edges, chart_id, colours) if len(drawn) else ""
    listed = "".join(f'<p class="note">{n}</p>' for n in notes)
    return picture + listed


def network_svg(nodes: pd.DataFrame, edges: pd.DataFrame, chart_id: str, colours: dict[str, str]) -> str:
    """Nodes (with a ``side`` column: favor / mixed / against) in columns, conflict edges between the outer columns
    and the middle column's congruence edges, as one inline SVG."""
    columns = {s: nodes[nodes["side"] == s] for s in ("favor", "mixed", "against")}
    present = [s for s, c in columns.items() if len(c)]
    x_of = dict(zip(present, {1: [WIDTH / 2], 2: [310, 610], 3: [250, 460, 670]}[len(present)]))
    # labels outside the picture: the first column's to the left of its nodes, the others' to the right; a middle
    # column's labels sit on a white ground, since its lines run to both sides
    outward = {s: ("end" if i == 0 and len(present) > 1 else "start") for i, s in enumerate(present)}
    room = {}
    for i, s in enumerate(present):
        if outward[s] == "end":
            room[s] = x_of[s] - 16 - 8
        elif i + 1 < len(present):
            room[s] = x_of[present[i + 1]] - x_of[s] - 44
        else:
            room[s] = WIDTH - x_of[s] - 16 - 8
    tallest = max(len(c) for c in columns.values())
    height = TOP + tallest * ROW + 12
    top_n = max(1, int(nodes["n_statements"].max()))
    radius = lambda n: min(10.0, 3.5 + 6.5 * math.sqrt(n / top_n))  # noqa: E731
    xy: dict[str, tuple[float, float]] = {}
    node_parts, label_parts, head_parts = [], [], []
    for i_col, s in enumerate(present):
        col, x = columns[s], x_of[s]
        middle = 0 < i_col < len(present) - 1
        offset = (tallest - len(col)) * ROW / 2
        head_parts.append(
            f'<text x="{x:.0f}" y="20" text-anchor="middle" font-size="12" font-weight="600" '
            f'fill="{colours.get(s, "#333")}">{HEADINGS[s]}: {len(col)} node{"s" if len(col) != 1 else ""}</text>'
        )
        for i, r in enumerate(col.itertuples()):
            y = TOP + offset + i * ROW + ROW / 2
            xy[r.node_id] = (x, y)
            node_parts.append(
                f'<circle class="mark" cx="{x:.0f}" cy="{y:.1f}" r="{radius(r.n_statements):.1f}" '
                f'fill="{colours.get(s, "#57606a")}" stroke="#fff"><title>{e(_full(r))}</title></circle>'
            )
            text = fit(_label(r), room[s], FONT)
            lx = x - 16 if outward[s] == "end" else x + 16
            if middle:
                w = text_width(text, FONT)
                label_parts.append(
                    f'<rect x="{lx - 3:.0f}" y="{y - 9:.1f}" width="{w + 6:.0f}" height="18" rx="3" fill="#fff" '
                    'fill-opacity="0.92"/>'
                )
            label_parts.append(
                f'<text class="label" x="{lx:.0f}" y="{y + 4:.1f}" text-anchor="{outward[s]}" font-size="{FONT}" '
                f'paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round">{e(text)}'
                f"<title>{e(_full(r))}</title></text>"
            )
    side_of = dict(zip(nodes["node_id"], nodes["side"]))
    conflict = edges[(edges["kind"] == "conflict")]
    sides = {"favor", "against"}
    across = [{side_of.get(a), side_of.get(b)} == sides for a, b in zip(conflict["source"], conflict["target"])]
    conflict = conflict[pd.Series(across, index=conflict.index, dtype=bool)]
    bridges = edges[(edges["kind"] == "congruence")]
    bridging = [
        (side_of.get(a) == "mixed") != (side_of.get(b) == "mixed") and a in xy and b in xy
        for a, b in zip(bridges["source"], bridges["target"])
    ]
    bridges = bridges[pd.Series(bridging, index=bridges.index, dtype=bool)]
    heaviest = max([1.0, *conflict["weight"], *bridges["weight"]])
    edge_parts = []
    for frame, colour, opacity in ((conflict, "#cf222e", 0.35), (bridges, "#57606a", 0.55)):
        for r in frame.itertuples():
            if r.source not in xy or r.target not in xy:
                continue
            (x1, y1), (x2, y2) = sorted([xy[r.source], xy[r.target]])
            edge_parts.append(
                f'<line class="edge" x1="{x1:.0f}" y1="{y1:.1f}" x2="{x2:.0f}" y2="{y2:.1f}" stroke="{colour}" '
                f'stroke-opacity="{opacity}" stroke-width="{0.8 + 2.7 * r.weight / heaviest:.2f}">'
                f"<title>{e(str(r.source_name))} — {e(str(r.target_name))}: {r.kind}, weight {r.weight:g}</title>"
                "</line>"
            )
    return (
        f'<svg class="chart" id="{chart_id}" data-kind="network" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-label="discourse network">'
        + "".join(edge_parts + node_parts + label_parts + head_parts)
        + "</svg>"
    )
