"""One flow per stage; each can run alone on the previous stage's output under ``out``.

The heavy stages (actors, classify) map one task over each chunk of the run's documents, so a
distributed task runner (``--runner dask``) spreads them over workers; the default runs the chunks
one after another in this process.
"""

from __future__ import annotations

from prefect import flow, unmapped
from prefect.task_runners import ThreadPoolTaskRunner

from stancewatch.runtime import DEFAULT_CHUNK_SIZE, gather
from stancewatch.store.datasets import output_lock
from tasks.actors import count_actors, find_actors_chunk
from tasks.aggregate import commit, summarize_actors
from tasks.classify import classify_chunk, count_classified
from tasks.ingest import fetch_options, fetch_url, plan_chunks, plan_feed_entries, plan_fetch, read_inputs
from tasks.settings import run_settings


# Fetches run in threads; the `fetch.concurrency` setting bounds the requests in flight (stancewatch/ingest/web.py).
@flow(name="stancewatch-ingest", task_runner=ThreadPoolTaskRunner(max_workers=16))
def ingest_flow(
    inputs: list[str],
    out: str,
    run_id: str,
    settings_path: str | None = None,
    topics_path: str | None = None,
    strict: bool = False,
    offline: bool = False,
    allow_networks: list[str] | None = None,
) -> dict:
    """Fetch what URL inputs name (pages and feeds, then the feeds' entries), then read every input.
    No network is touched unless an input is a URL or a URL list; ``offline`` touches none at all.
    ``allow_networks``: CIDRs that may be fetched although not public (intranet feeds), added to the setting
    `fetch.allow_networks` for this run (stancewatch/ingest/guard.py).
    The settings and topics files are read here, once: plan_fetch opens the run with a snapshot of them
    (stancewatch/store/snapshot.py) that every later task of the run reads instead."""
    with output_lock(out):
        plan = plan_fetch(inputs, out, run_id, settings_path, topics_path, offline, allow_networks)
        fetch = fetch_url.with_options(**fetch_options(out))
        where = (unmapped(plan["fetch_dir"]), unmapped(out), unmapped(plan["allow_networks"]))
        fetched = gather(fetch.map(plan["urls"], *where), "fetch")
        entries = plan_feed_entries(fetched, out, plan["fetch_dir"])
        gather(fetch.map(entries, *where), "fetch")
        counts = read_inputs(inputs, out, run_id, settings_path, topics_path, strict, offline)
        return {"ingest": counts | ({"notes": plan["notes"]} if plan["notes"] else {})}


# One chunk at a time in this process by default: the models use both cores already. See runners.py for Dask.
@flow(name="stancewatch-actors", task_runner=ThreadPoolTaskRunner(max_workers=1))
def actors_flow(out: str, chunk_size: int = DEFAULT_CHUNK_SIZE, strict: bool = False) -> dict:
    """The run in progress under ``out``, with its settings snapshot."""
    with output_lock(out):
        chunks = plan_chunks(out, chunk_size)
        gather(find_actors_chunk.map(out, chunks, unmapped(strict)), "actors")
        return {"actors": count_actors(out, chunks)}


@flow(name="stancewatch-classify", task_runner=ThreadPoolTaskRunner(max_workers=1))
def classify_flow(out: str, chunk_size: int = DEFAULT_CHUNK_SIZE, strict: bool = False) -> dict:
    """The run in progress under ``out``, with its settings snapshot (its topics are those it was ingested with)."""
    with output_lock(out):
        chunks = plan_chunks(out, chunk_size)
        models = gather(classify_chunk.map(out, chunks, unmapped(strict)), "classify")
        return count_classified(out, chunks, models[0] if models else {})


@flow(name="stancewatch-aggregate")
def aggregate_flow(out: str, settings_path: str | None = None) -> dict:
    """Commit the run in progress and recompute the summaries with its settings snapshot; with no run in
    progress, recompute them over the committed runs with the settings file ``settings_path``."""
    with output_lock(out):
        config = run_settings(out, settings_path)  # before the commit, which removes the run's staging folder
        added = commit(out)
        return {"commit": added, "aggregate": summarize_actors(out, config)}
