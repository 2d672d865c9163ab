"""The run summary: the `runs` row and the markdown shown as a Prefect artifact."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from stancewatch import __version__
from stancewatch.schemas import SCHEMA_VERSION
from stancewatch.tables import read_table, table_path


def run_row(run_id: str, started_at: datetime, stage: str, inputs: list[str], counts: dict, config_hash: str, models: dict) -> dict:
    ing = counts.get("ingest", {})
    return {
        "run_id": run_id, "started_at": started_at, "finished_at": datetime.now(timezone.utc), "stage": stage,
        "inputs": json.dumps(inputs), "n_inputs": ing.get("inputs", 0), "n_documents": ing.get("documents", 0),
        "n_duplicates": ing.get("duplicates", 0), "n_quarantined": ing.get("quarantined", 0),
        "n_mentions": counts.get("actors", {}).get("mentions", 0), "n_statements": counts.get("actors", {}).get("statements", 0),
        "n_stance": counts.get("stance", {}).get("rows", 0), "n_sentiment": counts.get("sentiment", {}).get("rows", 0),
        "config_hash": config_hash, "models": json.dumps(models), "schema_version": SCHEMA_VERSION, "stancewatch_version": __version__,
    }


def markdown(out: Path, run_id: str, counts: dict) -> str:
    """A short markdown report of one run: documents in, quarantined, actors found, stance counts per topic."""
    ing = counts.get("ingest", {})
    lines = [f"# stancewatch run `{run_id}`", "", f"Outputs: `{out}`", "", "| | count |", "|---|---|"]
    for key, label in (("inputs", "inputs read"), ("documents", "documents"), ("duplicates", "duplicates"), ("quarantined", "quarantined")):
        if key in ing:
            lines.append(f"| {label} | {ing[key]} |")
    act = counts.get("actors", {})
    for key in ("actors", "mentions", "statements"):
        if key in act:
            lines.append(f"| {key} | {act[key]} |")
    if table_path(out, "quarantine").exists():
        q = read_table(out, "quarantine")
        if len(q):
            lines += ["", "## Quarantine by reason", "", "| reason | count |", "|---|---|"]
            lines += [f"| {r} | {n} |" for r, n in q["reason"].value_counts().items()]
    if table_path(out, "actor_stance").exists():
        st = read_table(out, "actor_stance")
        if len(st):
            pivot = st.pivot_table(index="topic_id", columns="label", values="doc_id", aggfunc="count", fill_value=0)
            lines += ["", "## Stance rows per topic", "", "| topic | favor | against | neutral |", "|---|---|---|---|"]
            for topic, row in pivot.iterrows():
                lines.append(f"| {topic} | {row.get('favor', 0)} | {row.get('against', 0)} | {row.get('neutral', 0)} |")
    models = {k: v["model"] for k, v in counts.items() if isinstance(v, dict) and "model" in v}
    if models:
        lines += ["", "Models: " + ", ".join(f"{k} `{v}`" for k, v in models.items())]
    return "\n".join(lines) + "\n"


def append_run(out: Path, row: dict) -> pd.DataFrame:
    previous = read_table(out, "runs") if table_path(out, "runs").exists() else None
    frame = pd.DataFrame([row])
    return frame if previous is None or previous.empty else pd.concat([previous, frame], ignore_index=True)
