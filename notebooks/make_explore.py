"""Writes notebooks/explore.ipynb (cells kept here as code so they review as a diff). Run: python notebooks/make_explore.py"""

from pathlib import Path

import nbformat as nbf

cells = [
    nbf.v4.new_markdown_cell("""# Explore a stancewatch run

Loads the Parquet datasets of one output folder and shows who stands where on each topic, how stance
moves over time, an actor × topic heatmap, and the evidence sentences behind one actor's stance.

Set `STANCEWATCH_OUT` to your output folder (default: `out/sample`, the README's sample run).
Every table is a Parquet dataset (a folder); `pandas.read_parquet(folder)` reads it whole."""),
    nbf.v4.new_code_cell("""import os
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

OUT = Path(os.environ.get("STANCEWATCH_OUT", "../out/sample"))
summary = pd.read_parquet(OUT / "actor_summary")
stance = pd.read_parquet(OUT / "actor_stance")
documents = pd.read_parquet(OUT / "documents", columns=["doc_id", "title", "published", "source"])
print(f"{len(documents)} documents, {stance['actor_id'].nunique()} actors with a stance, {len(stance)} stance rows")"""),
    nbf.v4.new_markdown_cell("""## Who stands where
Per topic, summed over all periods: rows for favor / against / neutral, the net stance
(favor − against share) and its 95 % Wilson interval, most favor first."""),
    nbf.v4.new_code_cell("""from stancewatch.aggregate.summaries import overall_stance, signed_interval

by_topic = (summary[summary.topic_id != "*"]
            .groupby(["topic_id", "actor_name"])[["n_favor", "n_against", "n_neutral"]].sum().reset_index())
by_topic["n"] = by_topic[["n_favor", "n_against", "n_neutral"]].sum(axis=1)
by_topic["net"] = (by_topic.n_favor - by_topic.n_against) / by_topic.n
by_topic[["low", "high"]] = [signed_interval(net, n) for net, n in zip(by_topic.net, by_topic.n)]
by_topic["stance"] = [overall_stance(f, a, n) for f, a, n in zip(by_topic.n_favor, by_topic.n_against, by_topic.n_neutral)]
for topic, rows in by_topic.groupby("topic_id"):
    display(rows.sort_values("net", ascending=False).drop(columns="topic_id").round(2).set_index("actor_name").rename_axis(topic))"""),
    nbf.v4.new_markdown_cell("## Stance over time for the most active actors"),
    nbf.v4.new_code_cell("""overall = summary[summary.topic_id == "*"]
top = overall.groupby("actor_name")["n_statements"].sum().sort_values(ascending=False).head(6).index
fig, ax = plt.subplots(figsize=(8, 4))
for name in top:
    rows = overall[(overall.actor_name == name) & overall.net_stance.notna()].sort_values("period")
    yerr = [(rows.net_stance - rows.net_stance_low).clip(lower=0), (rows.net_stance_high - rows.net_stance).clip(lower=0)]
    ax.errorbar(rows.period, rows.net_stance, yerr=yerr,
                marker="o", capsize=3, label=name)
ax.axhline(0, color="grey", lw=0.8)
ax.set_ylim(-1.05, 1.05)
ax.set_ylabel("net stance (all topics)")
ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1, 0.5))
plt.tight_layout()"""),
    nbf.v4.new_markdown_cell("## Actor × topic heatmap of net stance"),
    nbf.v4.new_code_cell("""grid = by_topic.pivot(index="actor_name", columns="topic_id", values="net").sort_index()
fig, ax = plt.subplots(figsize=(6, max(3, 0.28 * len(grid))))
image = ax.imshow(grid.values, cmap="RdYlGn", vmin=-1, vmax=1, aspect="auto")
ax.set_xticks(range(len(grid.columns)), grid.columns, rotation=30, ha="right")
ax.set_yticks(range(len(grid.index)), grid.index, fontsize=8)
fig.colorbar(image, ax=ax, label="net stance (blank: no stance)")
plt.tight_layout()"""),
    nbf.v4.new_markdown_cell("""## Who sides with whom: the discourse network of one topic
`network_edges` holds DNA-style networks per topic and period (`congruence`: same side, `conflict`: opposite
sides, `two-mode`: actor × topic; weights as counts and DNA's normalisations), `network_nodes` their nodes.
Here the congruence network of the topic with most statements, at the affiliation level, over all periods."""),
    nbf.v4.new_code_cell("""import networkx as nx

edges = pd.read_parquet(OUT / "network_edges")
nodes = pd.read_parquet(OUT / "network_nodes")
topic = summary[summary.topic_id != "*"].groupby("topic_id")["n_statements"].sum().idxmax()
scope = lambda t: t[(t.level == "affiliation") & (t.topic_id == topic) & (t.period == "all")]
net = nx.Graph()
for n in scope(nodes)[lambda t: t.node_type != "topic"].itertuples():
    net.add_node(n.node_id, name=n.name, stance=n.stance, size=n.n_statements)
for e in scope(edges)[lambda t: t.kind == "congruence"].itertuples():
    net.add_edge(e.source, e.target, weight=e.weight, evidence=list(e.statement_ids))
colour = {"favor": "#1a7f37", "against": "#cf222e", "mixed": "#bf8700", "neutral": "#6e7781"}
pos = nx.spring_layout(net, seed=7, weight="weight")
fig, ax = plt.subplots(figsize=(8, 6))
nx.draw_networkx_edges(net, pos, ax=ax, alpha=0.3, width=[0.5 + net.edges[e]["weight"] / 4 for e in net.edges])
nx.draw_networkx_nodes(net, pos, ax=ax, node_color=[colour.get(net.nodes[n]["stance"], "grey") for n in net],
                       node_size=[80 + 40 * net.nodes[n]["size"] for n in net])
nx.draw_networkx_labels(net, pos, labels=nx.get_node_attributes(net, "name"), font_size=8, ax=ax)
ax.set_title(f"{topic}: congruence network (affiliations)")
ax.axis("off")
print(f"{net.number_of_nodes()} nodes, {net.number_of_edges()} edges; strongest ties:")
scope(edges)[lambda t: t.kind == "congruence"].nlargest(5, "weight")[["source_name", "target_name", "weight", "weight_jaccard", "stance"]]"""),
    nbf.v4.new_markdown_cell("## The evidence behind one actor's stance\nEvery row keeps its sentence and offsets into the document, so any label can be checked against the text."),
    nbf.v4.new_code_cell("""actor = stance["actor_name"].value_counts().index[0]
rows = stance[stance.actor_name == actor].merge(documents, on="doc_id", how="left")
rows[["topic_id", "label", "p_favor", "p_against", "evidence_text", "title"]].round(2)"""),
]
nb = nbf.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
nbf.write(nb, Path(__file__).with_name("explore.ipynb"))
