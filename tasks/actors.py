from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from stancewatch.actors import build_matcher, extract, load_spacy
from stancewatch.config import load_registry, load_settings
from stancewatch.registry import ActorRegistry
from stancewatch.runtime import progress_bar
from stancewatch.store import pending_run, read_table, stage_dir, write_table


@lru_cache(maxsize=2)
def _pipeline(settings_path: str | None):
    """spaCy, the registry and its matcher, loaded once per process."""
    settings = load_settings(Path(settings_path) if settings_path else None)
    registry = ActorRegistry(load_registry(settings))
    nlp = load_spacy(settings.spacy_model)
    return nlp, registry, build_matcher(nlp, registry)


@task(cache_policy=NO_CACHE)
def find_actors(out: str, settings_path: str | None) -> dict[str, int]:
    """Parse the run's documents with spaCy and stage `mentions` and `statements`."""
    nlp, registry, matcher = _pipeline(settings_path)
    staged = stage_dir(Path(out), pending_run(Path(out)))
    docs = read_table(staged, "documents")
    mentions, statements = [], []
    with progress_bar("actors", len(docs)) as advance:
        for doc_id, parsed in zip(docs["doc_id"], nlp.pipe(docs["text"], batch_size=32)):
            found = extract(parsed, doc_id, registry, matcher)
            mentions += found.mentions
            statements += found.statements
            advance(1)
    write_table(staged, "mentions", mentions)
    write_table(staged, "statements", statements)
    actors = {m["actor_id"] for m in mentions if m["is_actor"]}
    return {"mentions": len(mentions), "statements": len(statements), "actors": len(actors)}
