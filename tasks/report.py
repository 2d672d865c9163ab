from __future__ import annotations

from datetime import datetime
from pathlib import Path

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from stancewatch.config import RunConfig
from stancewatch.report import html as report
from stancewatch.report.run_summary import markdown, run_row
from stancewatch.store.datasets import write_run


@task(cache_policy=NO_CACHE)
def record_run(
    out: str, run_id: str, started_at: datetime, stage: str, inputs: list[str], counts: dict, config: RunConfig
) -> str:
    """Append this run to `runs` and attach the markdown summary to the Prefect run; returns the markdown.
    ``config``: the run's settings snapshot (tasks/settings.py)."""
    models = {k: v["model"] for k, v in counts.items() if isinstance(v, dict) and "model" in v}
    row = run_row(run_id, started_at, stage, inputs, counts, config.config_hash(), models)
    write_run(Path(out), row)
    text = markdown(Path(out), run_id, counts)
    create_markdown_artifact(key="stancewatch-run-summary", markdown=text, description=f"stancewatch run {run_id}")
    return text


@task(cache_policy=NO_CACHE)
def write_report(out: str, config: RunConfig) -> str:
    """The self-contained HTML report of everything under `out`, for the run's topics → OUT/report.html."""
    return str(report.write(Path(out), config.topics, Path(out) / "report.html"))
