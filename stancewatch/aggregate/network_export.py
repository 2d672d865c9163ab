"""Networks out of the tables: one network (kind × level × topic × period) as a networkx graph, written as
GraphML (networkx, igraph, Gephi, visone, R), GEXF (Gephi; networkx reads it back) or CSV (an edge list
Gephi imports, plus a node table beside it).

Node attributes: name, type, affiliation, net_stance, n_statements, n_favor, n_against, stance, members
(affiliation level), bipartite (two-mode: 0 actors, 1 topics). Edge attributes: weight (the chosen
normalisation), weight_count, kind, topic, period, stance, n_evidence, statement_ids (space-separated).
Missing strings are written as "" so that every file has the same attribute keys on every node.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from stancewatch.errors import StancewatchError

FORMATS = ("graphml", "gexf", "csv")
WEIGHTS = {
    "count": "weight",
    "average": "weight_average",
    "jaccard": "weight_jaccard",
    "cosine": "weight_cosine",
    "activity": "weight_activity",
    "prominence": "weight_prominence",
}
ONE_MODE_WEIGHTS, TWO_MODE_WEIGHTS = ("count", "average", "jaccard", "cosine"), ("count", "activity", "prominence")


class NetworkError(StancewatchError, ValueError):
    """A network that the tables do not hold, or an option that does not apply; the message names the choices."""


def _rows_of(frame: pd.DataFrame, column: str, value: str, refusal: str, hint: str) -> pd.DataFrame:
    """The rows whose ``column`` is ``value``; a value the rows do not hold is refused with a NetworkError that
    lists those they do (an option's choices depend on the run, so the message must name them)."""
    found = sorted(set(frame[column]))
    if value not in found:
        raise NetworkError(f"{refusal}; choose one of {found} ({hint}).")
    return frame[frame[column] == value]


def select(
    nodes: pd.DataFrame, edges: pd.DataFrame, kind: str, level: str, topic: str, period: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The node and edge rows of one network; refuses a topic or period the tables do not hold, listing those they
    do."""
    at = nodes[(nodes["level"] == level)]
    at = _rows_of(
        at,
        "topic_id",
        topic,
        f"--topic {topic!r}: the network tables hold no stance rows for it",
        "`*` = all topics together",
    )
    at = _rows_of(
        at,
        "period",
        period,
        f"--period {period!r}: not a period of this network",
        "`all` = every period together; the granularity is the `period` setting",
    )
    if kind != "two-mode":
        at = at[at["node_type"] != "topic"]
    chosen = edges[
        (edges["level"] == level) & (edges["topic_id"] == topic) & (edges["period"] == period) & (edges["kind"] == kind)
    ]
    return at.reset_index(drop=True), chosen.reset_index(drop=True)


def _s(value) -> str:
    return value if isinstance(value, str) else ""


def to_graph(nodes: pd.DataFrame, edges: pd.DataFrame, weight: str = "count") -> nx.Graph:
    """A networkx graph of one network's rows (from ``select``)."""
    kind = edges["kind"].iloc[0] if len(edges) else None
    allowed = TWO_MODE_WEIGHTS if kind == "two-mode" else ONE_MODE_WEIGHTS
    if kind is not None and weight not in allowed:
        raise NetworkError(f"--weight {weight!r} does not apply to a {kind} network; use one of {list(allowed)}.")
    g = nx.Graph()
    for r in nodes.itertuples(index=False):
        g.add_node(
            r.node_id,
            name=r.name,
            type=_s(r.node_type),
            affiliation=_s(r.affiliation),
            net_stance=float(r.net_stance),
            n_statements=int(r.n_statements),
            n_favor=int(r.n_favor),
            n_against=int(r.n_against),
            stance=_s(r.stance),
            members="; ".join(r.members),
            bipartite=int(r.node_type == "topic"),
        )
    for r in edges.to_dict("records"):
        g.add_edge(
            r["source"],
            r["target"],
            weight=float(r[WEIGHTS[weight]]),
            weight_count=float(r["weight"]),
            kind=r["kind"],
            topic=r["topic_id"],
            period=r["period"],
            stance=_s(r["stance"]),
            n_evidence=len(r["statement_ids"]),
            statement_ids=" ".join(r["statement_ids"]),
        )
    return g


def nodes_csv(path: Path) -> Path:
    """Where the node table of a CSV export goes: beside the edge list, ``NAME.nodes.csv``."""
    return Path(path).with_name(Path(path).stem + ".nodes.csv")


def write(g: nx.Graph, fmt: str, path: Path) -> list[Path]:
    """Write the graph; returns the files written (CSV: the edge list and its node table)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(g, path)
        return [path]
    if fmt == "gexf":
        nx.write_gexf(g, path)
        return [path]
    if fmt == "csv":  # Gephi's spreadsheet import: Source/Target/Weight/Type and Id/Label
        edges = pd.DataFrame(
            [
                {
                    "Source": a,
                    "Target": b,
                    "Type": "Undirected",
                    "Weight": d["weight"],
                    **{k: v for k, v in d.items() if k != "weight"},
                }
                for a, b, d in g.edges(data=True)
            ],
            columns=[
                "Source",
                "Target",
                "Type",
                "Weight",
                "weight_count",
                "kind",
                "topic",
                "period",
                "stance",
                "n_evidence",
                "statement_ids",
            ],
        )
        nodes = pd.DataFrame(
            [
                {"Id": n, "Label": d["name"], **{k: v for k, v in d.items() if k != "name"}}
                for n, d in g.nodes(data=True)
            ]
        )
        edges.to_csv(path, index=False)
        nodes.to_csv(nodes_csv(path), index=False)
        return [path, nodes_csv(path)]
    raise NetworkError(f"--format {fmt!r}: use one of {list(FORMATS)}.")
