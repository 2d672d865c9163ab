from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext

from stancewatch.config import check_networks
from stancewatch.ingest import web
from stancewatch.ingest.sources import Limits, expand_inputs, ingest, known_urls, url_inputs
from stancewatch.processing_key import run_config
from stancewatch.runtime import progress_bar
from stancewatch.store.datasets import (
    pending_run,
    pending_stage,
    read_dataset,
    split_into_chunks,
    stage_dir,
    write_table,
)
from stancewatch.store.isolation import is_machine_fault
from stancewatch.store.snapshot import open_run, read_snapshot


def _fetch_dir(out: str, run_id: str) -> Path:
    return stage_dir(Path(out), run_id) / "fetched"


def _known(out: str) -> dict:
    known = read_dataset(Path(out), "documents", columns=["doc_id", "source", "processing_key"])
    return {d: (s, k) for d, s, k in zip(known["doc_id"], known["source"], known["processing_key"])}


@task(cache_policy=NO_CACHE)
def plan_fetch(
    inputs: list[str],
    out: str,
    run_id: str,
    settings_path: str | None,
    topics_path: str | None = None,
    offline: bool = False,
    allow_networks: list[str] | None = None,
) -> dict:
    """Open the run, writing its settings snapshot (stancewatch/store/snapshot.py), and list the URLs to fetch: URLs
    given as inputs and the lines of URL lists, less the pages already in the output with this run's processing key
    (URL memory). Touches no network.

    ``allow_networks`` (`--allow-network`, a deployment's parameter) adds to the setting `fetch.allow_networks` for
    this run; it is passed to the fetches rather than written into the snapshot, so the later stages' check that
    --config matches the snapshot is not upset by it. Returns also the run summary's notes on fetching."""
    extra = check_networks(allow_networks or [])  # a bad CIDR fails here, before a run is opened
    config = open_run(out, run_id, run_config(settings_path, topics_path))
    fetch_dir = str(_fetch_dir(out, run_id))
    networks = list(dict.fromkeys([*config.settings.fetch.allow_networks, *extra]))
    if offline:
        return {"urls": [], "fetch_dir": fetch_dir, "allow_networks": networks, "notes": []}
    memory = known_urls(_known(out))
    urls = url_inputs(inputs)
    notes = web.fetch_notes(config.settings.fetch.model_copy(update={"allow_networks": networks})) if urls else []
    return {
        "urls": [u for u in urls if memory.get(u, "-") != config.processing_key],
        "fetch_dir": fetch_dir,
        "allow_networks": networks,
        "notes": notes,
    }


# Network I/O is where retries belong: a timeout, a refused connection or an HTTP 429/5xx raises RetryableFetch,
# which Prefect retries (`fetch.retries` times, `fetch.retry_delay_s` doubled each time: set with with_options in
# flows/stages.py); on the last attempt the failure is saved as the URL's outcome and becomes a quarantine row.
# NO_CACHE: a page or feed can change between runs; pages already read are skipped by URL memory instead.
@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[5, 10], task_run_name="fetch {url}")
def fetch_url(url: str, fetch_dir: str, out: str, allow_networks: list[str] | None = None) -> dict:
    """Fetch one URL (page or feed) into ``fetch_dir`` with the run's `fetch` settings (``allow_networks``: all the
    networks this run may reach, from plan_fetch); robots.txt is cached in the output folder (web.robots_cache).
    Returns {url, kind, reason}."""
    settings = read_snapshot(out).settings.fetch
    if allow_networks is not None:
        settings = settings.model_copy(update={"allow_networks": allow_networks})
    try:
        outcome = web.fetch(url, settings, robots=web.robots_cache(Path(out), Path(fetch_dir), settings))
    except web.RetryableFetch as exc:
        ctx = TaskRunContext.get()
        if ctx is not None and ctx.task_run.run_count <= ctx.task.retries:
            raise
        outcome = exc.outcome
    except Exception as exc:  # noqa: BLE001 - an unforeseen failure on one URL is that URL's quarantine row
        if is_machine_fault(exc):
            raise
        outcome = web.Fetched(
            url=url, kind="error", reason="fetch_error", message=f"{url}: {type(exc).__name__}: {exc}"[:2000]
        )
    return web.save(outcome, Path(fetch_dir))


@task(cache_policy=NO_CACHE)
def plan_feed_entries(fetched: list[dict], out: str, fetch_dir: str) -> list[str]:
    """Links of the entries of the feeds just fetched that are neither in the output (URL memory) nor fetched
    already."""
    feeds = [f["url"] for f in fetched if f["kind"] == "feed"]
    if not feeds:
        return []
    memory = known_urls(_known(out))
    key = read_snapshot(out).processing_key
    done = {f["url"] for f in fetched}
    return [u for u in web.feed_entry_urls(Path(fetch_dir), feeds) if u not in done and memory.get(u, "-") != key]


# NO_CACHE: the same paths can hold new content on the next run; re-reading is cheap, and documents
# already in the output are skipped by content hash (see stancewatch.ingest.sources).
@task(cache_policy=NO_CACHE)
def read_inputs(
    inputs: list[str],
    out: str,
    run_id: str,
    settings_path: str | None,
    topics_path: str | None = None,
    strict: bool = False,
    offline: bool = False,
) -> dict:
    """Read every input into the run's staged `documents` and `quarantine`; returns the accounting.

    Opens the run (and writes its settings snapshot) unless plan_fetch did.
    URL inputs are read from what fetch_url saved. Caching is decided
    here, by content and not by Prefect's task cache (NO_CACHE: the same paths can hold new content on the
    next run): an input whose text the output already holds from the same source is skipped when it was
    processed with this run's processing key (config hash + model revisions + embedder + spaCy + schema
    version, see stancewatch/processing_key.py), and processed again — its old rows replaced at commit —
    when the key changed."""
    staged = stage_dir(Path(out), run_id)
    if not staged.exists() or pending_run(Path(out)) != run_id:
        open_run(out, run_id, run_config(settings_path, topics_path))
    config = read_snapshot(out)
    settings, key = config.settings, config.processing_key
    limits = Limits(
        settings.min_text_chars, settings.max_text_chars, settings.require_english, settings.fetch.max_bytes
    )
    with progress_bar("ingest", len(expand_inputs(inputs))) as advance:
        result = ingest(
            inputs,
            run_id,
            limits,
            progress=advance,
            key=key,
            strict=strict,
            known=_known(out),
            fetched=_fetch_dir(out, run_id),
            offline=offline,
        )
    write_table(staged, "documents", result.documents)
    write_table(staged, "quarantine", result.quarantine)
    return result.account() | {"processing_key": key, "not_inputs": dict(result.ignored)}


@task(cache_policy=NO_CACHE)
def plan_chunks(out: str, chunk_size: int) -> list[str]:
    """Cut the run's documents into chunks; the heavy stages run one task per chunk (tens to hundreds of
    documents, so orchestration overhead stays small next to the work)."""
    return split_into_chunks(pending_stage(out), chunk_size)


def fetch_options(out: str) -> dict:
    """Prefect task options of fetch_url from the run's settings: retries with exponential backoff."""
    s = read_snapshot(out).settings.fetch
    return {"retries": s.retries, "retry_delay_seconds": [s.retry_delay_s * 2**i for i in range(s.retries)] or 0}
