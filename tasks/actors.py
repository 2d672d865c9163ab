from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from stancewatch.actors import build_matcher, extract, load_spacy
from stancewatch.config import load_registry, load_settings
from stancewatch.isolation import isolate
from stancewatch.registry import ActorRegistry
from stancewatch.store import chunk_file, merge_chunks, pending_run, read_table, stage_dir, write_failures, write_table


@lru_cache(maxsize=2)
def _pipeline(settings_path: str | None):
    """spaCy, the registry and its matcher, loaded once per process (per Dask worker, too)."""
    settings = load_settings(Path(settings_path) if settings_path else None)
    registry = ActorRegistry(load_registry(settings))
    nlp = load_spacy(settings.spacy_model)
    return nlp, registry, build_matcher(nlp, registry)


@task(cache_policy=NO_CACHE)
def find_actors_chunk(out: str, settings_path: str | None, chunk: str, strict: bool = False) -> int:
    """Parse one chunk of the run's documents with spaCy; stage its `mentions` and `statements`.
    A document that raises is quarantined (stancewatch/isolation.py), the rest of the chunk goes on."""
    nlp, registry, matcher = _pipeline(settings_path)
    staged = stage_dir(Path(out), pending_run(Path(out)))
    docs = read_table(chunk_file(staged, "documents", chunk).parent, "documents", file_name=chunk)
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
    write_table(chunk_file(staged, "mentions", chunk).parent, "mentions", mentions, file_name=chunk)
    write_table(chunk_file(staged, "statements", chunk).parent, "statements", statements, file_name=chunk)
    return len(docs)


@task(cache_policy=NO_CACHE)
def merge_actors(out: str, chunks: list[str]) -> dict[str, int]:
    """Join the chunks' `mentions` and `statements` in order; returns the stage's counts."""
    staged = stage_dir(Path(out), pending_run(Path(out)))
    counts = {"mentions": merge_chunks(staged, "mentions", chunks), "statements": merge_chunks(staged, "statements", chunks)}
    mentions = read_table(staged, "mentions")
    counts["actors"] = int(mentions.loc[mentions["is_actor"], "actor_id"].nunique())
    return counts
