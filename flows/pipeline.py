"""The whole pipeline as one Prefect flow run: ingest → actors → classify → aggregate, then the run record."""

from __future__ import annotations

from datetime import datetime, timezone

from prefect import flow

from flows.stages import actors_flow, aggregate_flow, classify_flow, ingest_flow
from stancewatch.runtime import new_run_id
from tasks.report import record_run, write_report


@flow(name="stancewatch-pipeline")
def pipeline_flow(inputs: list[str], out: str, settings_path: str | None = None, topics_path: str | None = None,
                  run_id: str | None = None) -> dict:
    run_id = run_id or new_run_id()
    started = datetime.now(timezone.utc)
    counts: dict = {}
    counts |= ingest_flow(inputs, out, run_id, settings_path)
    counts |= actors_flow(out, settings_path)
    counts |= classify_flow(out, settings_path, topics_path)
    counts |= aggregate_flow(out, settings_path)
    counts["summary"] = record_run(out, run_id, started, "all", inputs, counts, settings_path, topics_path)
    counts["report"] = write_report(out, topics_path)
    counts["run_id"] = run_id
    return counts
