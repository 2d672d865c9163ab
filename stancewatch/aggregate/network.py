"""Discourse networks as data: who sides with whom on which topic, per period, the way Leifeld's Discourse
Network Analyzer (DNA) builds them from coded statements.

The statements are the stance rows: actor (or, at the affiliation level, the node of stancewatch/aggregate/rollup.py),
concept = topic, qualifier = the label, favor (agree) or against (disagree). Neutral rows take no side and
make no edge; rows whose label's probability is below ``min_confidence`` are left out. For one network
(level × topic × period; topic ``*`` takes every topic as a concept) let X[i, c, s] count node i's
statements on concept c with side s. Then, as in DNA 3's exporter (one-mode, binary qualifier):

* congruence  w_ij = Σ_c Σ_s X[i,c,s] · X[j,c,s]         (same side)
* conflict    w_ij = Σ_c Σ_s X[i,c,s] · X[j,c,1−s]       (opposite sides)
* n_i = Σ_c,s X[i,c,s]; normalisations of w_ij:
  average activity  w / ((n_i + n_j) / 2)
  Jaccard           w / (m10 + m01 + m11), m10 = Σ X[i,c,s] where X[j,c,s] = 0, m01 the reverse,
                    m11 = Σ X[i,c,s] · X[j,c,s] where both > 0
  cosine            w / (n_i · n_j)   (DNA computes √(n_i²) · √(n_j²), i.e. the product of the activities)
* two-mode (actor × topic, qualifier ignored) w_ic = Σ_s X[i,c,s]; activity w / n_i, prominence w / Σ_i w_ic.

Edges with weight 0 are not written. Every edge keeps the statement ids behind it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stancewatch.aggregate.summaries import overall_stance

SIDES = ("favor", "against")
LEVELS = ("actor", "affiliation")
KINDS = ("congruence", "conflict", "two-mode")
PROBABILITY = {"favor": "p_favor", "against": "p_against", "neutral": "p_neutral"}


def confident(stance: pd.DataFrame, min_confidence: float) -> pd.DataFrame:
    """Stance rows whose label's probability reaches ``min_confidence``."""
    if min_confidence <= 0 or stance.empty:
        return stance
    p = np.select([stance["label"] == lab for lab in PROBABILITY], [stance[col] for col in PROBABILITY.values()], 0.0)
    return stance[p >= min_confidence]


def level_view(rows: pd.DataFrame, level: str) -> pd.DataFrame:
    """Rows of ``rollup.assign_nodes`` as node, name, type, affiliation, member (name merged in, else None)."""
    if level == "actor":
        return rows.assign(
            node=rows["actor_id"],
            name=rows["actor_name"],
            type=rows["actor_type"],
            affiliation=rows["actor_affiliation"],
            member=None,
        )
    merged = rows["via"] == "member"
    return rows.assign(
        node=rows["node_id"],
        name=rows["node_name"],
        type=rows["node_type"],
        affiliation=rows["actor_affiliation"].where(rows["via"] == "self"),
        member=rows["actor_name"].where(merged),
    )


def _nodes(view: pd.DataFrame, topic_labels: dict[str, str]) -> list[dict]:
    out = []
    for node, g in view.groupby("node", sort=True):
        counts = {lab: int((g["label"] == lab).sum()) for lab in ("favor", "against", "neutral")}
        aff = g["affiliation"].dropna()
        out.append(
            {
                "node_id": node,
                "name": g["name"].iloc[0],
                "node_type": g["type"].iloc[0],
                "affiliation": aff.mode().iloc[0] if len(aff) else None,
                "n_statements": len(g),
                **{f"n_{k}": v for k, v in counts.items()},
                "net_stance": (counts["favor"] - counts["against"]) / len(g),
                "stance": overall_stance(counts["favor"], counts["against"], counts["neutral"]),
                "members": sorted(set(g["member"].dropna())),
            }
        )
    for topic, g in view.groupby("topic_id", sort=True):
        counts = {lab: int((g["label"] == lab).sum()) for lab in ("favor", "against", "neutral")}
        out.append(
            {
                "node_id": f"topic:{topic}",
                "name": topic_labels.get(topic, topic),
                "node_type": "topic",
                "affiliation": None,
                "n_statements": len(g),
                **{f"n_{k}": v for k, v in counts.items()},
                "net_stance": (counts["favor"] - counts["against"]) / len(g),
                "stance": overall_stance(counts["favor"], counts["against"], counts["neutral"]),
                "members": [],
            }
        )
    return out


def _edges(view: pd.DataFrame, topic_labels: dict[str, str]) -> list[dict]:
    sided = view[view["label"].isin(SIDES)]
    if sided.empty:
        return []
    ids, concepts = sorted(sided["node"].unique()), sorted(sided["topic_id"].unique())
    name = dict(zip(sided["node"], sided["name"]))
    at = {v: k for k, v in enumerate(ids)}
    col = {(c, s): k for k, (c, s) in enumerate((c, s) for s in SIDES for c in concepts)}  # favor block, then against
    X = np.zeros((len(ids), len(col)))
    evidence: dict[tuple[int, int], list[str]] = {}
    for node, topic, label, sid in zip(sided["node"], sided["topic_id"], sided["label"], sided["statement_id"]):
        i, k = at[node], col[(topic, label)]
        X[i, k] += 1
        evidence.setdefault((i, k), []).append(sid)
    nc = len(concepts)
    swap = np.r_[nc : 2 * nc, 0:nc]  # the same concept on the other side
    same, opposite = X @ X.T, X @ X[:, swap].T
    n = X.sum(axis=1)
    m10 = X @ (X == 0).T.astype(float)
    jaccard_norm = m10 + m10.T + same
    edges = []
    for kind, W in (("congruence", same), ("conflict", opposite)):
        for i, j in zip(*np.nonzero(np.triu(W, k=1))):
            w = float(W[i, j])
            partner = np.arange(2 * nc) if kind == "congruence" else swap
            ks = [k for k in range(2 * nc) if X[i, k] > 0 and X[j, partner[k]] > 0]
            sids = sorted({s for k in ks for s in evidence[(i, k)] + evidence[(j, partner[k])]})
            shared = {SIDES[k // nc] for k in ks}
            edges.append(
                {
                    "kind": kind,
                    "source": ids[i],
                    "target": ids[j],
                    "source_name": name[ids[i]],
                    "target_name": name[ids[j]],
                    "weight": w,
                    "weight_average": w / ((n[i] + n[j]) / 2),
                    "weight_jaccard": w / jaccard_norm[i, j],
                    "weight_cosine": w / (n[i] * n[j]),
                    "weight_activity": None,
                    "weight_prominence": None,
                    "stance": (shared.pop() if len(shared) == 1 else "mixed") if kind == "congruence" else None,
                    "statement_ids": sids,
                }
            )
    per_concept = X[:, :nc] + X[:, nc:]
    column_sum = per_concept.sum(axis=0)
    for i, c in zip(*np.nonzero(per_concept)):
        w = float(per_concept[i, c])
        f, a = int(X[i, c]), int(X[i, nc + c])
        edges.append(
            {
                "kind": "two-mode",
                "source": ids[i],
                "target": f"topic:{concepts[c]}",
                "source_name": name[ids[i]],
                "target_name": topic_labels.get(concepts[c], concepts[c]),
                "weight": w,
                "weight_average": None,
                "weight_jaccard": None,
                "weight_cosine": None,
                "weight_activity": w / n[i],
                "weight_prominence": w / column_sum[c],
                "stance": overall_stance(f, a, 0),
                "statement_ids": sorted(evidence.get((i, c), []) + evidence.get((i, nc + c), [])),
            }
        )
    return edges


def networks(
    rows: pd.DataFrame,
    min_confidence: float = 0.0,
    topic_labels: dict[str, str] | None = None,
    levels: tuple[str, ...] = LEVELS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(network_nodes, network_edges) for every level × topic (and `*`) × period (and `all`).

    ``rows``: stance rows with the columns of ``rollup.assign_nodes`` and a ``period`` column."""
    labels = topic_labels or {}
    rows = confident(rows, min_confidence)
    node_rows, edge_rows = [], []
    periods = sorted(set(rows["period"])) if len(rows) else []
    scopes = [(p, rows[rows["period"] == p]) for p in periods] + (
        [("all", rows)] if periods and periods != ["all"] else []
    )
    for level in levels:
        for period, in_period in scopes:
            view = level_view(in_period, level)
            for topic in sorted(set(view["topic_id"])) + ["*"]:
                scoped = view if topic == "*" else view[view["topic_id"] == topic]
                key = {"level": level, "topic_id": topic, "period": period}
                node_rows += [key | r for r in _nodes(scoped, labels)]
                edge_rows += [key | r | {"min_confidence": float(min_confidence)} for r in _edges(scoped, labels)]
    return pd.DataFrame(node_rows), pd.DataFrame(edge_rows)
