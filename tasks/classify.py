from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from stancewatch.classify import sentiment_rows, stance_rows
from stancewatch.config import ModelConfig, load_settings, load_topics
from stancewatch.models.backends import load_sentiment_backend, load_stance_backend
from stancewatch.models.embedder import Embedder
from stancewatch.runtime import progress_bar
from stancewatch.store import pending_run, read_table, stage_dir, write_table


@lru_cache(maxsize=4)
def _backend(role: str, config_json: str):
    """Each model is loaded once per process, whatever the number of runs (keyed by its full config)."""
    cfg = ModelConfig.model_validate_json(config_json)
    return load_sentiment_backend(cfg) if role == "sentiment" else load_stance_backend(cfg)


@lru_cache(maxsize=2)
def _embedder(name: str) -> Embedder:
    return Embedder(name)


@task(cache_policy=NO_CACHE)
def classify_sentiment(out: str, settings_path: str | None) -> dict[str, object]:
    """Sentiment toward every actor mention → `actor_sentiment`."""
    settings = load_settings(Path(settings_path) if settings_path else None)
    m = _backend("sentiment", settings.sentiment_model.model_dump_json())
    staged = stage_dir(Path(out), pending_run(Path(out)))
    docs, mentions = read_table(staged, "documents"), read_table(staged, "mentions")
    n_sentences = mentions[mentions["is_actor"]].groupby(["doc_id", "sentence_start"]).ngroups
    with progress_bar("sentiment", n_sentences) as advance:
        rows = sentiment_rows(docs, mentions, m, progress=advance)
    write_table(staged, "actor_sentiment", rows)
    return {"rows": len(rows), "model": f"{m.model_id}@{m.revision}"}


@task(cache_policy=NO_CACHE)
def classify_stance(out: str, settings_path: str | None, topics_path: str | None) -> dict[str, object]:
    """Stance of each actor's statements toward each relevant topic → `actor_stance`."""
    settings = load_settings(Path(settings_path) if settings_path else None)
    topics = load_topics(Path(topics_path) if topics_path else None)
    m = _backend("stance", settings.stance_model.model_dump_json())
    staged = stage_dir(Path(out), pending_run(Path(out)))
    docs, statements = read_table(staged, "documents"), read_table(staged, "statements")
    with progress_bar("stance", None) as advance:
        rows = stance_rows(docs, statements, topics, settings, _embedder(settings.embedder), m, progress=advance)
    write_table(staged, "actor_stance", rows)
    counts = {lab: sum(r["label"] == lab for r in rows) for lab in ("favor", "against", "neutral")}
    return {"rows": len(rows), **counts, "model": f"{m.model_id}@{m.revision}"}
