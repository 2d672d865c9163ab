from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from stancewatch.config import load_settings, load_topics
from stancewatch.ingest import Limits, expand_inputs, ingest
from stancewatch.processing_key import processing_key
from stancewatch.runtime import progress_bar
from stancewatch.store import begin_run, pending_run, read_dataset, split_into_chunks, stage_dir, write_table


# NO_CACHE: the same paths can hold new content on the next run; re-reading is cheap, and documents
# already in the output are skipped by content hash (see stancewatch.ingest).
@task(cache_policy=NO_CACHE)
def read_inputs(inputs: list[str], out: str, run_id: str, settings_path: str | None, topics_path: str | None = None,
                strict: bool = False) -> dict:
    """Open a run and read every input into its staged `documents` and `quarantine`; returns the accounting.

    Caching is decided here, by content and not by Prefect's task cache (NO_CACHE: the same paths can
    hold new content on the next run): an input whose text the output already holds from the same
    source is skipped when it was processed with this run's processing key (config hash + model
    revisions + embedder + spaCy + schema version, see stancewatch/processing_key.py), and processed
    again — its old rows replaced at commit — when the key changed."""
    settings = load_settings(Path(settings_path) if settings_path else None)
    key = processing_key(settings, load_topics(Path(topics_path) if topics_path else None))
    paths = [Path(p) for p in inputs]
    staged = begin_run(Path(out), run_id)
    known = read_dataset(Path(out), "documents", columns=["doc_id", "source", "processing_key"])
    limits = Limits(settings.min_text_chars, settings.max_text_chars, settings.require_english)
    with progress_bar("ingest", len(expand_inputs(paths))) as advance:
        result = ingest(paths, run_id, limits, progress=advance, key=key, strict=strict,
                        known={d: (s, k) for d, s, k in zip(known["doc_id"], known["source"], known["processing_key"])})
    write_table(staged, "documents", result.documents)
    write_table(staged, "quarantine", result.quarantine)
    return result.account() | {"processing_key": key}


@task(cache_policy=NO_CACHE)
def plan_chunks(out: str, chunk_size: int) -> list[str]:
    """Cut the run's documents into chunks; the heavy stages run one task per chunk (tens to hundreds of
    documents, so orchestration overhead stays small next to the work)."""
    return split_into_chunks(stage_dir(Path(out), pending_run(Path(out))), chunk_size)
