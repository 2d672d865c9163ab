"""The settings snapshot of a run: its validated settings, topics and actor registry, fixed at ingest.

Ingest validates the YAML files once, computes the processing key from them and writes both into the
run's staging folder (``.staging/<run_id>/run_config.json``); every later task of the run — the
actors and classify chunks, the commit and summaries — reads the snapshot, never the YAML files. A
stage run as its own command (`stancewatch classify --out OUT`) reads the snapshot of the run in
progress under OUT, so a file edited between `ingest` and `classify` changes nothing in that run.
"""

from __future__ import annotations

from pathlib import Path

from stancewatch.config import RunConfig
from stancewatch.store.atomic import write_text
from stancewatch.store.datasets import begin_run, pending_run, pending_stage, stage_dir
from stancewatch.store.tables import MissingTableError

SNAPSHOT_FILE = "run_config.json"


def open_run(out: Path | str, run_id: str, config: RunConfig) -> RunConfig:
    """Open the run (cleaning up after an interrupted one, datasets.begin_run) and write its snapshot: ``config`` is
    validated and carries its processing key (``stancewatch.processing_key.run_config`` makes one from the files, so a
    bad file opens no run). Returns the snapshot."""
    begin_run(Path(out), run_id)
    write_text(stage_dir(Path(out), run_id) / SNAPSHOT_FILE, config.model_dump_json(indent=1) + "\n")
    return config


def read_snapshot(out: Path | str) -> RunConfig:
    """The snapshot of the run in progress under ``out`` (raises MissingTableError when there is none)."""
    path = pending_stage(out) / SNAPSHOT_FILE
    if not path.exists():
        raise MissingTableError(
            f"The run in progress under {out} has no settings snapshot ({path}): it was staged by "
            f"an older stancewatch. Run `stancewatch ingest INPUT... --out {out}` again "
            "(or `stancewatch run`)."
        )
    return RunConfig.model_validate_json(path.read_text(encoding="utf-8"))


def run_in_progress(out: Path | str) -> bool:
    """Whether a run is in progress under ``out`` (whose snapshot, not the files, then holds its settings)."""
    try:
        pending_run(Path(out))
    except MissingTableError:
        return False
    return True
