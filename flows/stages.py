"""One flow per stage; each can run alone on the previous stage's Parquet under ``out``."""

from __future__ import annotations

from prefect import flow

from stancewatch.store import output_lock

from tasks.actors import find_actors
from tasks.aggregate import commit, summarize_actors
from tasks.classify import classify_sentiment, classify_stance
from tasks.ingest import read_inputs


@flow(name="stancewatch-ingest")
def ingest_flow(inputs: list[str], out: str, run_id: str, settings_path: str | None = None) -> dict:
    with output_lock(out):
        return {"ingest": read_inputs(inputs, out, run_id, settings_path)}


@flow(name="stancewatch-actors")
def actors_flow(out: str, settings_path: str | None = None) -> dict:
    with output_lock(out):
        return {"actors": find_actors(out, settings_path)}


@flow(name="stancewatch-classify")
def classify_flow(out: str, settings_path: str | None = None, topics_path: str | None = None) -> dict:
    with output_lock(out):
        return {"sentiment": classify_sentiment(out, settings_path), "stance": classify_stance(out, settings_path, topics_path)}


@flow(name="stancewatch-aggregate")
def aggregate_flow(out: str, settings_path: str | None = None) -> dict:
    with output_lock(out):
        added = commit(out)
        return {"commit": added, "aggregate": summarize_actors(out, settings_path)}
