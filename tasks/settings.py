"""The settings a task of a run reads: the run's snapshot (stancewatch/store/snapshot.py), never the YAML files."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from stancewatch.config import RunConfig
from stancewatch.store.snapshot import read_snapshot, run_in_progress


@task(cache_policy=NO_CACHE)
def run_settings(out: str, settings_path: str | None = None, topics_path: str | None = None) -> RunConfig:
    """The settings snapshot of the run in progress under ``out``; with no run in progress (`stancewatch aggregate`
    recomputing the summaries of committed runs), the files. Read it before the commit, which removes the staging."""
    if run_in_progress(Path(out)):
        return read_snapshot(out)
    return RunConfig.from_files(settings_path, topics_path)
