"""One flow per stage; each can run alone on the previous stage's output under ``out``.

The heavy stages (actors, classify) map one task over each chunk of the run's documents, so a
distributed task runner (``--runner dask``) spreads them over workers; the default runs the chunks
one after another in this process.
"""

from __future__ import annotations

from prefect import flow, unmapped
from prefect.task_runners import ThreadPoolTaskRunner

from stancewatch.runtime import gather
from stancewatch.store import output_lock
from tasks.actors import find_actors_chunk, merge_actors
from tasks.aggregate import commit, summarize_actors
from tasks.classify import classify_chunk, merge_classified
from tasks.ingest import plan_chunks, read_inputs


@flow(name="stancewatch-ingest")
def ingest_flow(inputs: list[str], out: str, run_id: str, settings_path: str | None = None, topics_path: str | None = None,
                strict: bool = False) -> dict:
    with output_lock(out):
        return {"ingest": read_inputs(inputs, out, run_id, settings_path, topics_path, strict)}


# One chunk at a time in this process by default: the models use both cores already. See runners.py for Dask.
@flow(name="stancewatch-actors", task_runner=ThreadPoolTaskRunner(max_workers=1))
def actors_flow(out: str, settings_path: str | None = None, chunk_size: int = 50, strict: bool = False) -> dict:
    with output_lock(out):
        chunks = plan_chunks(out, chunk_size)
        gather(find_actors_chunk.map(out, unmapped(settings_path), chunks, unmapped(strict)), "actors")
        return {"actors": merge_actors(out, chunks)}


@flow(name="stancewatch-classify", task_runner=ThreadPoolTaskRunner(max_workers=1))
def classify_flow(out: str, settings_path: str | None = None, topics_path: str | None = None, chunk_size: int = 50,
                  strict: bool = False) -> dict:
    with output_lock(out):
        chunks = plan_chunks(out, chunk_size)
        models = gather(classify_chunk.map(out, unmapped(settings_path), unmapped(topics_path), chunks, unmapped(strict)), "classify")
        return merge_classified(out, chunks, models[0] if models else {})


@flow(name="stancewatch-aggregate")
def aggregate_flow(out: str, settings_path: str | None = None) -> dict:
    with output_lock(out):
        added = commit(out)
        return {"commit": added, "aggregate": summarize_actors(out, settings_path)}
