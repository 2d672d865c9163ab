from __future__ import annotations

from functools import lru_cache

from prefect import task
from prefect.cache_policies import NO_CACHE

from stancewatch.actors.extract import build_matcher, extract, load_spacy
from stancewatch.actors.registry import ActorRegistry
from stancewatch.config import Registry
from stancewatch.store.datasets import (
    count_chunk_rows,
    iter_chunks,
    pending_stage,
    read_chunk,
    write_chunk,
    write_failures,
)
from stancewatch.store.isolation import isolate
from stancewatch.store.snapshot import read_snapshot


@lru_cache(maxsize=2)
def _pipeline(spacy_model: str, registry_json: str):
    """spaCy, the registry and its matcher, loaded once per process (per Dask worker, too) for a run's snapshot."""
    registry = ActorRegistry(Registry.model_validate_json(registry_json))
    nlp = load_spacy(spacy_model)
    return nlp, registry, build_matcher(nlp, registry)


@task(cache_policy=NO_CACHE)
def find_actors_chunk(out: str, chunk: str, strict: bool = False) -> int:
    """Parse one chunk of the run's documents with spaCy; stage its `mentions` and `statements`.
    A document that raises is quarantined (stancewatch/store/isolation.py), the rest of the chunk goes on."""
    config = read_snapshot(out)
    nlp, registry, matcher = _pipeline(config.settings.spacy_model, config.registry.model_dump_json())
    staged = pending_stage(out)
    docs = read_chunk(staged, "documents", chunk)
    text_of = dict(zip(docs["doc_id"], docs["text"]))

    def work(doc_ids: list[str]) -> tuple[list[dict], list[dict]]:
        mentions, statements = [], []
        for doc_id, parsed in zip(doc_ids, nlp.pipe([text_of[d] for d in doc_ids], batch_size=32)):
            found = extract(parsed, doc_id, registry, matcher)
            mentions += found.mentions
            statements += found.statements
        return mentions, statements

    (mentions, statements), failures = isolate(list(docs["doc_id"]), work, "actors", strict)
    write_failures(staged, chunk, "actors", failures)
    write_chunk(staged, "mentions", chunk, mentions)
    write_chunk(staged, "statements", chunk, statements)
    return len(docs)


@task(cache_policy=NO_CACHE)
def count_actors(out: str, chunks: list[str]) -> dict[str, int]:
    """The stage's counts over its chunks' `mentions` and `statements`, read a chunk at a time (the chunk
    files stay where they are: the commit streams them into the datasets)."""
    staged = pending_stage(out)
    actors: set[str] = set()
    for mentions in iter_chunks(staged, "mentions", chunks, columns=["actor_id", "is_actor"]):
        actors.update(mentions.loc[mentions["is_actor"], "actor_id"])
    return {
        "mentions": count_chunk_rows(staged, "mentions", chunks),
        "statements": count_chunk_rows(staged, "statements", chunks),
        "actors": len(actors),
    }
