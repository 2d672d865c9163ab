"""Process-wide settings that keep every run offline and quiet, and shared helpers for long work."""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from datetime import datetime, timezone
from enum import StrEnum
from typing import Callable, Iterator

# Documents per chunk task of the actors and classify stages: the one default of the CLI, the flows and the deployments.
DEFAULT_CHUNK_SIZE = 50


class Runner(StrEnum):
    """Where the chunk tasks of the heavy stages run (flows/runners.py)."""

    local = "local"  # one chunk after another in this process
    dask = "dask"  # a Dask cluster: a LocalCluster, or the scheduler at --dask-address


OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "TOKENIZERS_PARALLELISM": "false",
}


def configure_environment() -> None:
    """Set the offline/telemetry variables unless the user already chose a value. Call before importing prefect."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


def new_run_id() -> str:
    return f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr; yields ``advance(n)``. Quiet when STANCEWATCH_PROGRESS=0."""
    if os.environ.get("STANCEWATCH_PROGRESS", "1") == "0":
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    ) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)


def gather(futures, description: str) -> list:
    """Wait for mapped task futures with one progress bar (chunks done / chunks), results in input order."""
    from prefect.futures import as_completed

    futures = list(futures)
    with progress_bar(f"{description} (chunks)", len(futures)) as advance:
        for _ in as_completed(futures):
            advance(1)
    return [f.result() for f in futures]
