from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from stancewatch.classify import LoadedModel, load_classifier, sentiment_rows, stance_rows
from stancewatch.config import load_settings, load_topics
from stancewatch.models.embedder import Embedder
from stancewatch.runtime import progress_bar
from stancewatch.tables import read_table, write_table


@lru_cache(maxsize=4)
def _classifier(path: str, batch_size: int) -> LoadedModel:
    """Each model is loaded once per process, whatever the number of runs."""
    return load_classifier(Path(path), batch_size)


@lru_cache(maxsize=2)
def _embedder(name: str) -> Embedder:
    return Embedder(name)


@task(cache_policy=NO_CACHE)
def classify_sentiment(out: str, settings_path: str | None) -> dict[str, object]:
    """Sentiment toward every actor mention → `actor_sentiment`."""
    settings = load_settings(Path(settings_path) if settings_path else None)
    m = _classifier(str(settings.sentiment_model.resolved()), settings.sentiment_model.batch_size)
    docs, mentions = read_table(Path(out), "documents"), read_table(Path(out), "mentions")
    n_sentences = mentions[mentions["is_actor"]].groupby(["doc_id", "sentence_start"]).ngroups
    with progress_bar("sentiment", n_sentences) as advance:
        rows = sentiment_rows(docs, mentions, m, progress=advance)
    write_table(Path(out), "actor_sentiment", rows)
    return {"rows": len(rows), "model": f"{m.model_id}@{m.revision}"}


@task(cache_policy=NO_CACHE)
def classify_stance(out: str, settings_path: str | None, topics_path: str | None) -> dict[str, object]:
    """Stance of each actor's statements toward each relevant topic → `actor_stance`."""
    settings = load_settings(Path(settings_path) if settings_path else None)
    topics = load_topics(Path(topics_path) if topics_path else None)
    m = _classifier(str(settings.stance_model.resolved()), settings.stance_model.batch_size)
    docs, statements = read_table(Path(out), "documents"), read_table(Path(out), "statements")
    with progress_bar("stance", None) as advance:
        rows = stance_rows(docs, statements, topics, settings, _embedder(settings.embedder), m, progress=advance)
    write_table(Path(out), "actor_stance", rows)
    counts = {lab: sum(r["label"] == lab for r in rows) for lab in ("favor", "against", "neutral")}
    return {"rows": len(rows), **counts, "model": f"{m.model_id}@{m.revision}"}
