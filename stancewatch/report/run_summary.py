"""The run summary: the `runs` row and the markdown shown as a Prefect artifact and in the terminal."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from stancewatch import __version__
from stancewatch.store.datasets import read_run
from stancewatch.store.schemas import SCHEMA_VERSION


def run_row(
    run_id: str, started_at: datetime, stage: str, inputs: list[str], counts: dict, config_hash: str, models: dict
) -> dict:
    ing = counts.get("ingest", {})
    failed = counts.get("commit", {}).get("failed_documents", 0)  # read at ingest, quarantined in a later stage
    return {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": datetime.now(timezone.utc),
        "stage": stage,
        "inputs": json.dumps(inputs),
        "n_inputs": ing.get("inputs", 0),
        "n_documents": ing.get("documents", 0) - failed,
        "n_skipped": ing.get("skipped", 0),
        "n_reprocessed": ing.get("reprocessed", 0),
        "n_duplicates": ing.get("duplicates", 0),
        "n_quarantined": ing.get("quarantined", 0) + failed,
        "n_mentions": counts.get("actors", {}).get("mentions", 0),
        "n_statements": counts.get("actors", {}).get("statements", 0),
        "n_stance": counts.get("stance", {}).get("rows", 0),
        "n_sentiment": counts.get("sentiment", {}).get("rows", 0),
        "stage_seconds": json.dumps(counts.get("seconds", {})),
        "config_hash": config_hash,
        "processing_key": ing.get("processing_key"),
        "models": json.dumps(models),
        "schema_version": SCHEMA_VERSION,
        "stancewatch_version": __version__,
    }


def markdown(out: Path, run_id: str, counts: dict) -> str:
    """A short markdown report of one run: inputs, documents, skipped, quarantined, actors, stance counts per topic."""
    ing = dict(counts.get("ingest", {}))
    failed = counts.get("commit", {}).get("failed_documents", 0)
    if ing and failed:  # documents that raised in the actors or classify stage are quarantine rows, not documents
        ing["documents"] -= failed
        ing["quarantined"] += failed
    lines = [f"# stancewatch run `{run_id}`", "", f"Outputs: `{out}`", "", "| | count |", "|---|---|"]
    for key, label in (
        ("inputs", "inputs read"),
        ("documents", "new documents"),
        ("skipped", "skipped (already processed)"),
        ("reprocessed", "of the new: processed again (models or config changed)"),
        ("duplicates", "duplicates"),
        ("quarantined", "quarantined"),
    ):
        if key in ing:
            lines.append(f"| {label} | {ing[key]} |")
    if ing:
        ok = ing["inputs"] == ing["documents"] + ing.get("skipped", 0) + ing["duplicates"] + ing["quarantined"]
        lines.append(f"| accounting (inputs = new + skipped + duplicates + quarantined) | {'ok' if ok else 'BROKEN'} |")
    act = counts.get("actors", {})
    for key in ("actors", "mentions", "statements"):
        if key in act:
            lines.append(f"| {key} | {act[key]} |")
    if ing.get("notes"):  # how the run fetched, where it departs from the safe defaults (ingest/web.py)
        lines += ["", *(f"**Note:** {note}" for note in ing["notes"])]
    q = read_run(out, "quarantine", run_id)
    if len(q):
        lines += ["", "## Quarantined in this run, by reason", "", "| reason | count |", "|---|---|"]
        lines += [f"| {r} | {n} |" for r, n in q["reason"].value_counts().items()]
    errors = q[q["reason"] == "processing_error"]
    if len(errors):
        lines += [
            "",
            f"## Documents that failed while processing ({len(errors)}; quarantined, retried by the next run)",
            "",
            "| source | stage | error |",
            "|---|---|---|",
        ]
        lines += [
            f"| {r.source} | {r.stage} | {' '.join(str(r.message).split())[:300].replace('|', '/')} |"
            for r in errors.itertuples()
        ]
    st = read_run(out, "actor_stance", run_id, columns=["topic_id", "label", "doc_id"])
    if len(st):
        pivot = st.pivot_table(index="topic_id", columns="label", values="doc_id", aggfunc="count", fill_value=0)
        lines += [
            "",
            "## Stance rows of this run, per topic",
            "",
            "| topic | favor | against | neutral |",
            "|---|---|---|---|",
        ]
        for topic, row in pivot.iterrows():
            lines.append(f"| {topic} | {row.get('favor', 0)} | {row.get('against', 0)} | {row.get('neutral', 0)} |")
    seconds = counts.get("seconds", {})
    if seconds:
        lines += ["", "Wall time per stage: " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())]
    models = {k: v["model"] for k, v in counts.items() if isinstance(v, dict) and "model" in v}
    if models:
        lines += ["", "Models: " + ", ".join(f"{k} `{v}`" for k, v in models.items())]
    return "\n".join(lines) + "\n"
