from __future__ import annotations

from datetime import datetime
from pathlib import Path

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from stancewatch import report
from stancewatch.config import config_hash, load_settings, load_topics
from stancewatch.store import write_run
from stancewatch.summary import markdown, run_row


@task(cache_policy=NO_CACHE)
def record_run(out: str, run_id: str, started_at: datetime, stage: str, inputs: list[str], counts: dict,
               settings_path: str | None, topics_path: str | None) -> str:
    """Append this run to `runs` and attach the markdown summary to the Prefect run; returns the markdown."""
    settings = load_settings(Path(settings_path) if settings_path else None)
    topics = load_topics(Path(topics_path) if topics_path else None)
    models = {k: v["model"] for k, v in counts.items() if isinstance(v, dict) and "model" in v}
    row = run_row(run_id, started_at, stage, inputs, counts, config_hash(settings, topics), models)
    write_run(Path(out), row)
    text = markdown(Path(out), run_id, counts)
    create_markdown_artifact(key="stancewatch-run-summary", markdown=text, description=f"stancewatch run {run_id}")
    return text


@task(cache_policy=NO_CACHE)
def write_report(out: str, topics_path: str | None) -> str:
    """The self-contained HTML report of everything under `out` → OUT/report.html."""
    topics = load_topics(Path(topics_path) if topics_path else None)
    return str(report.write(Path(out), topics, Path(out) / "report.html"))
