"""The whole pipeline as one Prefect flow run: ingest → actors → classify → aggregate, then the run record and
report."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from prefect import flow

from flows.runners import task_runner
from flows.stages import actors_flow, aggregate_flow, classify_flow, ingest_flow
from stancewatch.runtime import DEFAULT_CHUNK_SIZE, new_run_id
from stancewatch.store.datasets import output_lock
from tasks.report import record_run, write_report
from tasks.settings import run_settings


@flow(name="stancewatch-pipeline")
def pipeline_flow(
    inputs: list[str],
    out: str,
    settings_path: str | None = None,
    topics_path: str | None = None,
    run_id: str | None = None,
    runner: str = "local",
    dask_address: str | None = None,
    workers: int = 2,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    strict: bool = False,
    offline: bool = False,
    allow_networks: list[str] | None = None,
) -> dict:
    """``runner``: a ``stancewatch.runtime.Runner`` value (local or dask; a plain string, as a deployment passes it).
    ``strict``: stop at the first document that raises in a stage (default: quarantine it as
    `processing_error` and go on; see stancewatch/store/isolation.py). ``offline``: fetch nothing; URL inputs
    are quarantined as `offline`. ``allow_networks``: CIDRs of intranet servers that may be fetched although not
    public (added to the setting `fetch.allow_networks`; stancewatch/ingest/guard.py)."""
    run_id = run_id or new_run_id()
    started = datetime.now(timezone.utc)
    counts: dict = {"seconds": {}}
    # one writer per output folder (a second run is refused, not interleaved); chunks go to the chosen runner
    with output_lock(out), task_runner(runner, dask_address, workers) as chunk_runner:
        actors = actors_flow.with_options(task_runner=chunk_runner)
        classify = classify_flow.with_options(task_runner=chunk_runner)

        def timed(stage: str, call) -> None:
            t0 = time.perf_counter()
            counts.update(call())
            counts["seconds"][stage] = round(time.perf_counter() - t0, 2)

        # ingest reads the settings and topics files, once, into the run's snapshot; every later stage reads that
        timed(
            "ingest",
            lambda: ingest_flow(inputs, out, run_id, settings_path, topics_path, strict, offline, allow_networks),
        )
        config = run_settings(out)  # kept for the run record and report: the commit removes the staged snapshot
        timed("actors", lambda: actors(out, chunk_size, strict))
        timed("classify", lambda: classify(out, chunk_size, strict))
        timed("aggregate", lambda: aggregate_flow(out))
        counts["summary"] = record_run(out, run_id, started, "all", inputs, counts, config)
        counts["report"] = write_report(out, config)
    counts["run_id"] = run_id
    return counts
