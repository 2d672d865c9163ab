from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from stancewatch.aggregate.network import networks
from stancewatch.aggregate.rollup import affiliation_index, affiliation_summary, assign_nodes, speakers
from stancewatch.aggregate.summaries import actor_pairs, document_portrayal, document_summary, periods, summarize
from stancewatch.config import Registry, RunConfig, Settings
from stancewatch.store.datasets import STAGING, commit_run, committed_runs, pending_run, read_dataset, write_summary
from stancewatch.store.tables import MissingTableError


@task(cache_policy=NO_CACHE)
def commit(out: str) -> dict[str, int]:
    """Move the run in progress (if any) into the datasets; returns rows added per table."""
    o = Path(out)
    if not (o / STAGING / "PENDING").exists():
        if not committed_runs(o):
            raise MissingTableError(
                f"Nothing to aggregate under {out}: run `stancewatch ingest INPUT... --out {out}` first "
                "(or `stancewatch run`)."
            )
        return {}
    return commit_run(o, pending_run(o))


@task(cache_policy=NO_CACHE)
def summarize_actors(out: str, config: RunConfig) -> dict[str, int]:
    """Recompute the summaries over every committed run → `actor_summary`, `document_summary`, `portrayal`,
    `actor_pairs`, `affiliation_summary`, `network_nodes`, `network_edges`."""
    settings = config.settings  # the run's snapshot (flows/stages.py reads it before the commit)
    o = Path(out)
    docs, mentions, statements = (
        read_dataset(o, "documents"),
        read_dataset(o, "mentions"),
        read_dataset(o, "statements"),
    )
    stance, sentiment = read_dataset(o, "actor_stance"), read_dataset(o, "actor_sentiment")
    portrayed = document_portrayal(docs, sentiment)
    summary = summarize(docs, stance, sentiment, settings.period, portrayed)
    write_summary(o, "actor_summary", summary)
    write_summary(o, "portrayal", portrayed)
    write_summary(o, "document_summary", document_summary(docs, mentions, statements, stance, sentiment))
    pairs = actor_pairs(mentions, summary) if len(summary) else []
    write_summary(o, "actor_pairs", pairs)
    n_affiliations, n_edges = _rollup_and_networks(o, settings, config.registry, docs, mentions, stance)
    return {
        "rows": len(summary),
        "actors": int(summary["actor_id"].nunique()) if len(summary) else 0,
        "pairs": len(pairs),
        "affiliation_rows": n_affiliations,
        "network_edges": n_edges,
    }


def _rollup_and_networks(o: Path, settings: Settings, registry: Registry, docs, mentions, stance) -> tuple[int, int]:
    """Affiliation roll-up and discourse networks (stancewatch/aggregate/rollup.py, stancewatch/aggregate/network.py)
    → their tables."""
    if stance.empty:  # nothing took a side (or every input was quarantined): empty tables with their schemas
        for name in ("affiliation_summary", "network_nodes", "network_edges"):
            write_summary(o, name, [])
        return 0, 0
    registered = [(a.id, a.name, a.type) for a in registry.actors]
    texts = dict(zip(docs["doc_id"], docs["text"]))
    who = speakers(mentions, texts, settings.rollup.speaking_roles, settings.rollup.affiliation_kind)
    rows = assign_nodes(stance, mentions, who, affiliation_index(mentions, registered))
    rows = rows.assign(period=rows["doc_id"].map(periods(docs, settings.period)))
    affiliations = affiliation_summary(rows)
    nodes, edges = networks(rows, settings.network.min_confidence)
    for name, frame in (("affiliation_summary", affiliations), ("network_nodes", nodes), ("network_edges", edges)):
        write_summary(o, name, frame)
    return len(affiliations), len(edges)
