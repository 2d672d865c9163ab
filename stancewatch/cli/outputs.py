"""Look at what a run wrote: `report`, `network` (exports), and `check` (settings and topics)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from stancewatch.cli.common import (
    Config,
    OutFolder,
    Topics,
    _errors,
    _fail,
    _validate,
    app,
    console,
)


@app.command()
def report(
    out: OutFolder,
    html: Annotated[Path, typer.Option("--html", help="Where to write the self-contained HTML page.")],
    topics: Topics = None,
):
    """Write a self-contained HTML report (no network needed to view it): per topic, who stands where first (favor,
    against, mixed, neutral, grouped by country or party), net stance with intervals, who sides with whom (a network
    in columns by side), stance over time, and one evidence line per actor with its date, title and probability.

    Example: `stancewatch report out/sample --html out/sample/report.html`
    """
    with _errors():
        from stancewatch.report import html as report_module
        from stancewatch.store.datasets import committed_runs

        _, topic_cfg = _validate(None, topics)
        if not committed_runs(out):
            _fail(f"{out} holds no finished run: run `stancewatch run INPUT... --out {out}` first.")
        console.print(f"wrote {report_module.write(out, topic_cfg, html)}")


@app.command()
def network(
    out: OutFolder,
    topic: str = typer.Option(
        ..., "--topic", help="Topic id (see configs/topics.yaml), or `*` for all topics together."
    ),
    period: str = typer.Option(
        "all",
        "--period",
        help=(
            "A period of the tables (its start date, e.g. 2024-03-01, at the `period` setting's granularity) or `all`."
        ),
    ),
    kind: str = typer.Option(
        "congruence", "--kind", help="congruence (same side), conflict (opposite sides) or two-mode (actors × topics)."
    ),
    level: str = typer.Option(
        "actor",
        "--level",
        help="actor, or affiliation (members who speak for a country or organisation merged into it).",
    ),
    weight: str = typer.Option(
        "count",
        "--weight",
        help=(
            "Edge weight: count, or a DNA normalisation: average, jaccard, cosine (one-mode); activity, prominence "
            "(two-mode)."
        ),
    ),
    fmt: Optional[str] = typer.Option(
        None, "--format", help="graphml, gexf or csv (default: from the --output suffix)."
    ),
    output: Path = typer.Option(..., "--output", help="File to write; csv also writes NAME.nodes.csv beside it."),
):
    """Export one discourse network (from the `network_nodes` and `network_edges` tables) for Gephi, networkx, igraph
    or R.

    Example: `stancewatch network out/sample --topic troops-ukraine --kind congruence --level affiliation
    --format graphml --output troops.graphml`
    """
    with _errors():
        from stancewatch.aggregate.network import KINDS, LEVELS
        from stancewatch.aggregate.network_export import FORMATS, select, to_graph, write
        from stancewatch.store.datasets import committed_runs, read_dataset

        fmt = fmt or output.suffix.lstrip(".").lower()
        for name, value, allowed in (("--kind", kind, KINDS), ("--level", level, LEVELS), ("--format", fmt, FORMATS)):
            if value not in allowed:
                _fail(f"{name} {value!r}: use one of {', '.join(allowed)}.")
        if not committed_runs(out):
            _fail(f"{out} holds no finished run: run `stancewatch run INPUT... --out {out}` first.")
        nodes = read_dataset(out, "network_nodes")
        if nodes.empty:
            _fail(
                f"{out} holds no network tables (no stance rows yet, or written by an older stancewatch): "
                f"`stancewatch aggregate --out {out}` recomputes them."
            )
        nodes, edges = select(nodes, read_dataset(out, "network_edges"), kind, level, topic, period)
        graph = to_graph(nodes, edges, weight)
        files = write(graph, fmt, output)
        console.print(
            f"{kind} network of {topic} ({level} level, {period}): {graph.number_of_nodes()} nodes, "
            f"{graph.number_of_edges()} edges → {', '.join(map(str, files))}",
            highlight=False,
        )


@app.command()
def check(config: Config = None, topics: Topics = None):
    """Validate the settings, topics and actor registry without running anything; print the processing key.

    Example: `stancewatch check --config configs/stancewatch.yaml --topics configs/topics.yaml`
    """
    with _errors():
        settings, topic_cfg = _validate(config, topics)
        from stancewatch.processing_key import components, processing_key

        console.print(
            f"ok: {len(topic_cfg.topics)} topics, spaCy `{settings.spacy_model}`, "
            f"models {settings.sentiment_model.path} and {settings.stance_model.path}"
        )
        console.print(
            f"processing key {processing_key(settings, topic_cfg)} (documents processed with another key are processed "
            "again): " + ", ".join(f"{k} {v}" for k, v in components(settings, topic_cfg).items()),
            highlight=False,
        )
