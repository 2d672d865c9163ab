from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from stancewatch.aggregate import summarize
from stancewatch.config import load_settings
from stancewatch.tables import read_table, write_table


@task(cache_policy=NO_CACHE)
def summarize_actors(out: str, settings_path: str | None) -> dict[str, int]:
    """Actor × topic × period summary → `actor_summary`."""
    settings = load_settings(Path(settings_path) if settings_path else None)
    o = Path(out)
    summary = summarize(read_table(o, "documents"), read_table(o, "actor_stance"), read_table(o, "actor_sentiment"), settings.period)
    write_table(o, "actor_summary", summary)
    return {"rows": len(summary), "actors": int(summary["actor_id"].nunique()) if len(summary) else 0}
