from __future__ import annotations

from collections import Counter
from functools import lru_cache

from prefect import task
from prefect.cache_policies import NO_CACHE

from stancewatch.classify.rows import sentiment_rows, stance_rows
from stancewatch.config import ModelConfig
from stancewatch.models.backends import load_sentiment_backend, load_stance_backend
from stancewatch.models.embedder import Embedder
from stancewatch.store.datasets import (
    count_chunk_rows,
    failed_documents,
    iter_chunks,
    pending_stage,
    read_chunk,
    write_chunk,
    write_failures,
)
from stancewatch.store.isolation import isolate
from stancewatch.store.snapshot import read_snapshot


@lru_cache(maxsize=4)
def _backend(role: str, config_json: str):
    """Each model is loaded once per process (per Dask worker, too), keyed by its full config."""
    cfg = ModelConfig.model_validate_json(config_json)
    return load_sentiment_backend(cfg) if role == "sentiment" else load_stance_backend(cfg)


@lru_cache(maxsize=2)
def _embedder(name: str) -> Embedder:
    return Embedder(name)


@task(cache_policy=NO_CACHE)
def classify_chunk(out: str, chunk: str, strict: bool = False) -> dict[str, object]:
    """Sentiment toward every actor mention and stance of every statement toward each relevant topic,
    for one chunk of documents → staged `actor_sentiment` and `actor_stance` chunks. Documents that failed
    in the actors stage are left out; one that raises here is quarantined (stancewatch/store/isolation.py)."""
    config = read_snapshot(out)  # the run's settings and topics, as at ingest
    settings, topics = config.settings, config.topics
    sentiment = _backend("sentiment", settings.sentiment_model.model_dump_json())
    stance = _backend("stance", settings.stance_model.model_dump_json())
    staged = pending_stage(out)
    docs, mentions, statements = (read_chunk(staged, table, chunk) for table in ("documents", "mentions", "statements"))
    docs = docs[~docs["doc_id"].isin(failed_documents(staged, chunk))]

    def work(doc_ids: list[str]) -> tuple[list[dict], list[dict]]:
        keep = set(doc_ids)
        d = docs[docs["doc_id"].isin(keep)]
        return (
            sentiment_rows(d, mentions[mentions["doc_id"].isin(keep)], sentiment),
            stance_rows(
                d, statements[statements["doc_id"].isin(keep)], topics, settings, _embedder(settings.embedder), stance
            ),
        )

    (s_rows, t_rows), failures = isolate(list(docs["doc_id"]), work, "classify", strict)
    write_failures(staged, chunk, "classify", failures)
    write_chunk(staged, "actor_sentiment", chunk, s_rows)
    write_chunk(staged, "actor_stance", chunk, t_rows)
    return {
        "sentiment_model": f"{sentiment.model_id}@{sentiment.revision}",
        "stance_model": f"{stance.model_id}@{stance.revision}",
    }


@task(cache_policy=NO_CACHE)
def count_classified(out: str, chunks: list[str], models: dict[str, str]) -> dict[str, dict]:
    """The stage's counts over its chunks' classifier rows, read a chunk at a time (the chunk files stay
    where they are: the commit streams them into the datasets)."""
    staged = pending_stage(out)
    labels: Counter[str] = Counter()
    for stance in iter_chunks(staged, "actor_stance", chunks, columns=["label"]):
        labels.update(stance["label"])
    return {
        "sentiment": {
            "rows": count_chunk_rows(staged, "actor_sentiment", chunks),
            "model": models.get("sentiment_model", "not loaded (no new documents)"),
        },
        "stance": {
            "rows": sum(labels.values()),
            **{lab: labels[lab] for lab in ("favor", "against", "neutral")},
            "model": models.get("stance_model", "not loaded (no new documents)"),
        },
    }
