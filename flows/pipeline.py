"""The whole pipeline as one Prefect flow run: ingest → actors → classify → aggregate, then the run record and report."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from prefect import flow

from flows.stages import actors_flow, aggregate_flow, classify_flow, ingest_flow
from stancewatch.runtime import new_run_id
from stancewatch.store import output_lock
from tasks.report import record_run, write_report


@flow(name="stancewatch-pipeline")
def pipeline_flow(inputs: list[str], out: str, settings_path: str | None = None, topics_path: str | None = None,
                  run_id: str | None = None) -> dict:
    run_id = run_id or new_run_id()
    started = datetime.now(timezone.utc)
    counts: dict = {"seconds": {}}
    with output_lock(out):  # one writer per output folder; a second run is refused, not interleaved
        for stage, call in (
            ("ingest", lambda: ingest_flow(inputs, out, run_id, settings_path)),
            ("actors", lambda: actors_flow(out, settings_path)),
            ("classify", lambda: classify_flow(out, settings_path, topics_path)),
            ("aggregate", lambda: aggregate_flow(out, settings_path)),
        ):
            t0 = time.perf_counter()
            counts |= call()
            counts["seconds"][stage] = round(time.perf_counter() - t0, 2)
        counts["summary"] = record_run(out, run_id, started, "all", inputs, counts, settings_path, topics_path)
        counts["report"] = write_report(out, topics_path)
    counts["run_id"] = run_id
    return counts
