"""End to end on the sample articles: the CLI, a real Prefect run, the shipped models, Parquet read back."""

from __future__ import annotations

import asyncio
import json
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from conftest import FIXTURES, SAMPLES, assert_same_tables
from typer.testing import CliRunner

from stancewatch.aggregate.summaries import actor_table
from stancewatch.cli import app
from stancewatch.store.datasets import PARTITIONED, read_dataset
from stancewatch.store.schemas import TABLES

runner = CliRunner()
TOPICS = ["troops-ukraine", "ev-tariffs", "migration-pact"]


@pytest.fixture(scope="module")
def run_out(e2e_run):
    return e2e_run


def test_every_table_is_a_dataset_with_its_schema(run_out):
    out, _, _ = run_out
    for name, schema in TABLES.items():
        files = sorted((out / name).rglob("*.parquet"))
        assert files, name
        for f in files:
            assert pq.read_schema(f).equals(schema, check_metadata=False), f
        frame = pd.read_parquet(out / name)  # pandas reads the folder as one dataset
        assert set(schema.names) <= set(frame.columns)
        assert len(frame) > 0, name
        if name in PARTITIONED:
            assert all(f.parent.name.startswith("date=") for f in files)
            assert "date" in frame.columns


def test_readers_from_the_readme(run_out):
    import duckdb
    import polars as pl

    out, _, _ = run_out
    glob = str(out / "actor_stance" / "**" / "*.parquet")
    by_duckdb = duckdb.sql(
        f"select topic_id, count(*) as n from read_parquet('{glob}', hive_partitioning = true) group by topic_id"
    ).df()
    by_polars = pl.read_parquet(glob, hive_partitioning=True).group_by("topic_id").len()
    by_pandas = pd.read_parquet(out / "actor_stance").groupby("topic_id").size()
    assert (
        dict(zip(by_duckdb["topic_id"], by_duckdb["n"]))
        == dict(zip(by_polars["topic_id"], by_polars["len"]))
        == by_pandas.to_dict()
    )


def test_every_input_is_accounted_for(run_out):
    out, inputs, _ = run_out
    docs, quarantine = read_dataset(out, "documents"), read_dataset(out, "quarantine")
    sources = set(docs["source"]) | set(quarantine["source"])
    expected = set()
    for f in sorted(inputs.rglob("*")):
        if f.suffix == ".jsonl":
            expected |= {f"{f}#line={i}" for i, line in enumerate(f.read_text().splitlines(), 1) if line.strip()}
        elif f.is_file():
            expected.add(str(f))
    assert sources == expected
    assert set(quarantine["reason"]) == {"too_short", "bad_json"}
    runs = read_dataset(out, "runs")
    row = runs.iloc[-1]
    assert row.n_inputs == row.n_documents + row.n_skipped + row.n_duplicates + row.n_quarantined == len(expected)


def test_outputs_point_back_at_the_text(run_out):
    out, _, _ = run_out
    text = read_dataset(out, "documents").set_index("doc_id")["text"]
    stance = read_dataset(out, "actor_stance")
    for r in stance.itertuples():
        assert text[r.doc_id][r.evidence_start : r.evidence_end] == r.evidence_text
        assert abs(r.p_favor + r.p_against + r.p_neutral - 1) < 1e-6
    sentiment = read_dataset(out, "actor_sentiment")
    mentions = read_dataset(out, "mentions")
    assert len(sentiment) == int(mentions["is_actor"].sum())
    # the default sentiment: MiniLM escalating to the base-body model below 0.55 (configs/stancewatch.yaml)
    assert set(sentiment["model_id"]) == {"sentiment-minilm-lora>sentiment-mpnet-lora@0.55"}
    assert set(stance["model_id"]) == {"stance-mpnet-soup"}


def test_easy_gold_stances_are_found(run_out):
    out, _, output = run_out
    gold = yaml.safe_load((SAMPLES / "gold_stance.yaml").read_text())["stances"]
    predicted = actor_table(read_dataset(out, "actor_summary"), TOPICS)
    mentions = read_dataset(out, "mentions")
    assert mentions[mentions["is_actor"]]["actor_id"].nunique() >= 15
    got = {(r.topic, name): r.stance for r in predicted.itertuples() for name in [r.actor]}
    name_of = dict(zip(mentions["actor_id"], mentions["actor_name"]))
    easy = [g for g in gold if g["easy"]]
    missing = [g for g in easy if (g["topic"], name_of.get(g["actor"])) not in got]
    assert not missing, f"easy actors without a stance row: {missing}"
    wrong = [
        (g["topic"], g["actor"], g["stance"], got[(g["topic"], name_of[g["actor"]])])
        for g in easy
        if got[(g["topic"], name_of[g["actor"]])] != g["stance"]
    ]
    accuracy = 1 - len(wrong) / len(easy)
    print(f"easy gold accuracy {accuracy:.2%}; wrong: {wrong}")
    assert accuracy >= EASY_GOLD_MIN_ACCURACY, wrong
    assert "Who stands where" in output or "troops-ukraine" in output


EASY_GOLD_MIN_ACCURACY = 0.92  # ≥ 36 of 39 (issue 12); measured 36/39 with the shipped stance model


def test_the_run_is_a_real_prefect_flow_run_with_a_summary_artifact(run_out):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, FlowFilter, FlowFilterName

    async def fetch():
        async with get_client() as client:
            runs = await client.read_flow_runs(
                flow_filter=FlowFilter(name=FlowFilterName(any_=["stancewatch-pipeline"]))
            )
            arts = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["stancewatch-run-summary"]))
            )
            return runs, arts

    runs, artifacts = asyncio.run(fetch())
    assert any(r.state and r.state.is_completed() for r in runs)
    assert artifacts and "documents" in artifacts[0].data


def test_stages_alone_give_the_same_tables(run_out, tmp_path):
    out, inputs, _ = run_out
    for args in (["ingest", str(inputs)], ["actors"], ["classify"], ["aggregate"]):
        result = runner.invoke(app, [*args, "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
    assert_same_tables(out, tmp_path)


def test_a_second_run_adds_only_new_documents_and_recomputes_summaries(run_out, tmp_path):
    first, inputs, _ = run_out
    out = tmp_path / "out"
    shutil.copytree(first, out)
    before = {name: len(read_dataset(out, name)) for name in PARTITIONED}
    again = runner.invoke(app, ["run", str(inputs), "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert {name: len(read_dataset(out, name)) for name in PARTITIONED} == before  # nothing duplicated
    last = read_dataset(out, "runs").sort_values("started_at").iloc[-1]
    assert (last.n_documents, last.n_skipped) == (0, before["documents"])
    extra = tmp_path / "new" / "new.jsonl"
    extra.parent.mkdir()
    extra.write_text(
        json.dumps(
            {
                "text": "Dutch Prime Minister Mark Rutte said on Friday that the Netherlands strongly supports "
                "EU tariffs on Chinese electric vehicles to protect European carmakers.",
                "published": "2024-06-01",
            }
        )
        + "\n"
    )
    third = runner.invoke(app, ["run", str(extra), "--out", str(out)])
    assert third.exit_code == 0, third.output
    assert len(read_dataset(out, "documents")) == before["documents"] + 1
    summary = read_dataset(out, "actor_summary")
    assert {"2024-06-01"} <= set(summary.loc[summary["actor_id"] == "mark-rutte", "period"])


def test_other_config_processes_the_inputs_again_and_replaces_their_rows(run_out, tmp_path):
    first, inputs, _ = run_out
    out = tmp_path / "out"
    shutil.copytree(first, out)
    before = {name: read_dataset(out, name) for name in PARTITIONED}
    settings = tmp_path / "settings.yaml"
    settings.write_text("relevance_threshold: 3.0\n")  # another config → another processing key
    again = runner.invoke(app, ["run", str(inputs), "--out", str(out), "--config", str(settings)])
    assert again.exit_code == 0, again.output
    docs = read_dataset(out, "documents")
    n = len(before["documents"])
    assert sorted(docs["doc_id"]) == sorted(before["documents"]["doc_id"])  # each document once
    assert (
        docs["processing_key"].nunique() == 1
        and docs["processing_key"].iloc[0] != before["documents"]["processing_key"].iloc[0]
    )
    last = read_dataset(out, "runs").sort_values("started_at").iloc[-1]
    assert (last.n_documents, last.n_reprocessed, last.n_skipped) == (n, n, 0)
    mentions = read_dataset(out, "mentions")
    assert len(mentions) == len(before["mentions"]) and mentions["mention_id"].is_unique  # old rows replaced, not added
    stance = read_dataset(out, "actor_stance")
    assert stance["relevance"].min() >= 3.0 and len(stance) <= len(before["actor_stance"])
    third = runner.invoke(
        app, ["run", str(inputs), "--out", str(out), "--config", str(settings)]
    )  # same key again: skipped
    assert third.exit_code == 0, third.output
    assert read_dataset(out, "runs").sort_values("started_at").iloc[-1].n_skipped == n


def test_predict_and_evaluate_use_the_fixed_formats(tmp_path):
    out = tmp_path / "p.parquet"
    result = runner.invoke(
        app, ["predict", "sentiment", "--input", str(FIXTURES / "sentiment_tiny.jsonl"), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert list(pd.read_parquet(out).columns) == ["id", "label", "p_negative", "p_neutral", "p_positive"]
    result = runner.invoke(
        app, ["predict", "stance", "--input", str(FIXTURES / "stance_tiny.jsonl"), "--output", str(out)]
    )
    assert list(pd.read_parquet(out).columns) == ["id", "label", "p_favor", "p_against", "p_neutral"]
    report = tmp_path / "r.json"
    result = runner.invoke(
        app, ["evaluate", "stance", "--input", str(FIXTURES / "stance_tiny.jsonl"), "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    rep = json.loads(report.read_text())
    assert rep["n"] == 8 and {"macro_f1", "accuracy", "ece", "per_class", "confusion"} <= rep.keys()


def test_evaluate_sentiment_reports_on_a_sentiment_set(tmp_path):
    """A sentiment set has no favor/against: the stance-only F_avg must not break it (it once raised KeyError)."""
    report = tmp_path / "s.json"
    result = runner.invoke(
        app, ["evaluate", "sentiment", "--input", str(FIXTURES / "sentiment_tiny.jsonl"), "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    rep = json.loads(report.read_text())
    assert "f_avg_favor_against" not in rep and set(rep["per_class"]) == {"negative", "neutral", "positive"}
