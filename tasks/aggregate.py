from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from stancewatch.aggregate import actor_pairs, document_summary, summarize
from stancewatch.config import load_settings
from stancewatch.store import STAGING, commit_run, committed_runs, pending_run, read_dataset, write_summary
from stancewatch.tables import MissingTableError


@task(cache_policy=NO_CACHE)
def commit(out: str) -> dict[str, int]:
    """Move the run in progress (if any) into the datasets; returns rows added per table."""
    o = Path(out)
    if not (o / STAGING / "PENDING").exists():
        if not committed_runs(o):
            raise MissingTableError(f"Nothing to aggregate under {out}: run `stancewatch ingest INPUT... --out {out}` first (or `stancewatch run`).")
        return {}
    return commit_run(o, pending_run(o))


@task(cache_policy=NO_CACHE)
def summarize_actors(out: str, settings_path: str | None) -> dict[str, int]:
    """Recompute the summaries over every committed run → `actor_summary`, `document_summary`, `actor_pairs`."""
    settings = load_settings(Path(settings_path) if settings_path else None)
    o = Path(out)
    docs, mentions, statements = read_dataset(o, "documents"), read_dataset(o, "mentions"), read_dataset(o, "statements")
    stance, sentiment = read_dataset(o, "actor_stance"), read_dataset(o, "actor_sentiment")
    summary = summarize(docs, stance, sentiment, settings.period)
    write_summary(o, "actor_summary", summary)
    write_summary(o, "document_summary", document_summary(docs, mentions, statements, stance, sentiment))
    pairs = actor_pairs(mentions, summary) if len(summary) else []
    write_summary(o, "actor_pairs", pairs)
    return {"rows": len(summary), "actors": int(summary["actor_id"].nunique()) if len(summary) else 0, "pairs": len(pairs)}
