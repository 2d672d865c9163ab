"""Task runners for the heavy stages: one chunk at a time here (default), or a Dask cluster.

``dask`` without an address starts a ``LocalCluster`` for the run (worker processes on this machine,
one thread each); with ``dask_address`` the chunks go to an existing scheduler, e.g.
``tcp://10.0.0.5:8786``, whose workers have stancewatch installed.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from prefect.task_runners import ThreadPoolTaskRunner

from stancewatch.runtime import Runner


@contextmanager
def task_runner(
    runner: Runner | str = Runner.local, dask_address: str | None = None, workers: int = 2
) -> Iterator[object]:
    """The task runner to give the chunked stage flows, alive for the duration of the block."""
    runner = Runner(runner)  # a deployment's parameters arrive as strings; an unknown one raises here
    if runner is Runner.local:
        yield ThreadPoolTaskRunner(max_workers=1)
        return
    from prefect_dask import DaskTaskRunner

    if dask_address:
        yield DaskTaskRunner(address=dask_address)
        return
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield DaskTaskRunner(address=cluster.scheduler_address)
