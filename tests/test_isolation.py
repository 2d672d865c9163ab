"""One bad document never loses a run: per-document isolation, the crash that started it, only-bad runs."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from bad_input_corpus import write_corpus
from conftest import SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from stancewatch.actors.extract import same_person
from stancewatch.cli import app
from stancewatch.store.datasets import read_dataset
from stancewatch.store.isolation import DocumentProcessingError, SystematicFailureError, isolate
from stancewatch.store.schemas import TABLES

runner = CliRunner()


# ------------------------------------------------------------------ isolate(), the plain function


def _work(bad: set[str], exc: Exception):
    def work(ids: list[str]) -> list[str]:
        if bad & set(ids):
            raise exc
        return [i.upper() for i in ids]

    return work


def test_a_failing_document_is_set_aside_and_the_rest_kept():
    rows, failures = isolate(["a", "b", "c", "d"], _work({"c"}, KeyError("trump-cohen")), "actors")
    assert rows == ["A", "B", "D"]
    assert [(f.doc_id, f.stage, f.error_type) for f in failures] == [("c", "actors", "KeyError")]
    assert "trump-cohen" in failures[0].message


def test_a_clean_chunk_runs_once():
    calls = []
    rows, failures = isolate(["a", "b"], lambda ids: calls.append(ids) or ids, "classify")
    assert (rows, failures, calls) == (["a", "b"], [], [["a", "b"]])


@pytest.mark.parametrize("exc", [MemoryError(), OSError(28, "No space left on device")])
def test_machine_faults_still_fail_the_run(exc):
    with pytest.raises(type(exc)):
        isolate(["a", "b"], _work({"a"}, exc), "classify")


def test_every_document_failing_the_same_way_is_not_the_documents_fault():
    with pytest.raises(SystematicFailureError, match="All 3 documents"):
        isolate(["a", "b", "c"], _work({"a", "b", "c"}, AttributeError("no attribute 'x'")), "actors")


def test_strict_names_the_document():
    with pytest.raises(DocumentProcessingError, match="Document b failed in the actors stage"):
        isolate(["a", "b"], _work({"b"}, ValueError("boom")), "actors", strict=True)


# ------------------------------------------------------------------ the crash that started it

LOST_COMMAS = (
    "Lawyer Michael Cohen testified on Tuesday before the committee. He was questioned for hours.\n\n"
    "Later came President Trump  Cohen in the afternoon session, the record shows. "
    "The president said he would appeal the ruling."
)


def test_lost_commas_between_a_title_and_a_surname_do_not_crash(find_actors):
    found = find_actors(LOST_COMMAS, "d1")
    ids = {m["actor_id"] for m in found.mentions}
    assert "michael-cohen" in ids
    assert all(s["actor_id"] in ids for s in found.statements)  # no statement by an actor the document does not hold


def test_people_sharing_a_surname_are_not_merged(find_actors):
    text = (
        "Senator Ann Miller backed the bill on Monday. Governor Warren Miller rejected it a day later. "
        "Miller said the state could not afford it."
    )
    found = find_actors(text, "d2")
    names = {m["text"]: m["actor_id"] for m in found.mentions}
    assert names["Ann Miller"] != names["Warren Miller"]


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Olaf Scholz", "Scholz", True),
        ("J. Smith", "John Smith", True),
        ("Miguel Perez Jr.", "Miguel Perez", True),
        ("Michael Cohen", "Trump Cohen", False),
        ("Ann Miller", "Warren Miller", False),
        ("Ann Miller", "Ann Smith", False),
    ],
)
def test_same_person(a, b, same):
    assert same_person(a, b) is same


ARTEFACTS = st.sampled_from(
    [
        "President Trump  Cohen",
        "PÃ©ter MÃ¡rki-Zay",
        "nan",
        "NaN",
        "Miguel Perez Jr.",
        "Sr. Ana Lopez",
        "(R-Ky.)",
        "SENATE PASSES BILL",
        "Barack] Obama",
        "Mitt Romney's",
        "  ",
        "\u201c",
        '"',
        "\u2019s",
        "...",
        "--",
        "\n\n",
        "Prime Minister",
        "the president said",
        "he said",
        "she told reporters",
        "Dr.",
        "III",
        "U.S.",
        "E.U.",
    ]
)
WORDS = st.sampled_from(
    [
        "the",
        "minister",
        "said",
        "on",
        "Monday",
        "that",
        "Poland",
        "would",
        "not",
        "back",
        "plan",
        "Kremlin",
        "spokesman",
        "Dmitry",
        "Peskov",
        "warned",
        "NATO",
        "and",
        "Germany",
        ",",
        ".",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(parts=st.lists(st.one_of(ARTEFACTS, WORDS), min_size=5, max_size=80))
def test_fuzz_news_artefacts_never_raise_in_the_actors_stage(find_actors, parts):
    text = " ".join(parts)
    found = find_actors(text, "fuzz")
    ids = {m["actor_id"] for m in found.mentions}
    assert all(s["actor_id"] in ids for s in found.statements)
    assert all(text[m["start"] : m["end"]] == m["text"] for m in found.mentions)


# ------------------------------------------------------------------ real runs


def _inputs(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLES / "articles", inputs / "samples")
    (inputs / "broken.jsonl").write_text('{"text": "short"}\n{oops\n')  # as in the e2e_run fixture
    return inputs


@pytest.fixture(scope="module")
def rigged_run(e2e_run, tmp_path_factory):
    """The e2e run's inputs again, with one article rigged to raise in the actors stage and one in classify."""
    import tasks.actors
    import tasks.classify

    mp = pytest.MonkeyPatch()
    real_extract, real_stance = tasks.actors.extract, tasks.classify.stance_rows

    def extract_that_fails(doc, doc_id, *args, **kw):
        if "nuclear risk" in doc.text[:200]:
            raise KeyError("rigged-actor")
        return real_extract(doc, doc_id, *args, **kw)

    def stance_that_fails(documents, *args, **kw):
        if documents["text"].str.contains("imposed provisional tariffs of up to 37.6%", regex=False).any():
            raise ValueError("rigged classify failure")
        return real_stance(documents, *args, **kw)

    mp.setattr(tasks.actors, "extract", extract_that_fails)
    mp.setattr(tasks.classify, "stance_rows", stance_that_fails)
    try:
        out = tmp_path_factory.mktemp("rigged")
        result = runner.invoke(
            app, ["run", str(_inputs(tmp_path_factory.mktemp("rigged-in"))), "--out", str(out), "--chunk-size", "3"]
        )
    finally:
        mp.undo()
    return out, result


def test_rigged_documents_are_quarantined_and_the_run_exits_0(rigged_run):
    out, result = rigged_run
    assert result.exit_code == 0, result.output
    q = read_dataset(out, "quarantine")
    errors = q[q["reason"] == "processing_error"].sort_values("stage")
    assert list(errors["stage"]) == ["actors", "classify"]
    assert "KeyError" in errors.iloc[0]["message"] and "rigged-actor" in errors.iloc[0]["message"]
    assert "ValueError: rigged classify failure" in errors.iloc[1]["message"]
    assert (
        errors["source"].str.contains("kremlin-nato").any()
        and errors["source"].str.contains("articles.jsonl#line=1").any()
    )
    assert "Documents that failed while processing (2" in result.output
    docs = read_dataset(out, "documents")
    assert not set(errors["doc_id"]) & set(docs["doc_id"])
    for table in ("mentions", "statements", "actor_stance", "actor_sentiment"):
        assert not set(errors["doc_id"]) & set(read_dataset(out, table)["doc_id"]), table
    run = read_dataset(out, "runs").iloc[-1]
    assert run["n_inputs"] == run["n_documents"] + run["n_skipped"] + run["n_duplicates"] + run["n_quarantined"]


def test_every_other_document_has_the_rows_of_a_clean_run(rigged_run, e2e_out):
    out, _ = rigged_run
    failed = set(read_dataset(out, "quarantine").query("reason == 'processing_error'")["doc_id"])
    keys = {
        "mentions": ["doc_id", "start", "end", "actor_id"],
        "statements": ["doc_id", "start", "end", "actor_id"],
        "actor_stance": ["doc_id", "statement_id", "topic_id"],
        "actor_sentiment": ["doc_id", "mention_start", "actor_id"],
    }
    for table, key in keys.items():
        clean = read_dataset(e2e_out, table)
        clean = clean[~clean["doc_id"].isin(failed)].sort_values(key).reset_index(drop=True)
        rigged = read_dataset(out, table).sort_values(key).reset_index(drop=True)
        assert len(clean) == len(rigged) > 0, table
        assert (clean[key] == rigged[key]).all().all(), table
        if "label" in clean:
            assert (clean["label"] == rigged["label"]).all(), table
            probs = [c for c in clean.columns if c.startswith("p_")]
            assert np.allclose(clean[probs].to_numpy(), rigged[probs].to_numpy(), atol=1e-4), table


def test_a_rerun_retries_the_failed_documents(rigged_run, tmp_path):
    out, _ = rigged_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    result = runner.invoke(app, ["run", str(_inputs(tmp_path)), "--out", str(copy)])
    assert result.exit_code == 0, result.output
    failed = set(read_dataset(copy, "quarantine").query("reason == 'processing_error'")["doc_id"])
    assert failed <= set(read_dataset(copy, "documents")["doc_id"])  # processed this time
    assert failed <= set(read_dataset(copy, "mentions")["doc_id"])


def test_strict_fails_on_the_first_bad_document(prefect_server, tmp_path, monkeypatch):
    import tasks.actors

    def boom(doc, doc_id, *a, **k):
        raise KeyError("rigged")

    monkeypatch.setattr(tasks.actors, "extract", boom)
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLES / "articles" / "2024-03-01-kremlin-nato.txt", inputs)
    result = runner.invoke(app, ["run", str(inputs), "--out", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 2
    last = result.output.strip().splitlines()[-1]  # Prefect logs the task's traceback; the CLI ends with one line
    assert last.startswith("error:") and "failed in the actors stage: KeyError" in result.output


def _only_bad_cases(root):
    """One input per bad kind of the bad-input corpus: {kind: path}."""
    cases = write_corpus(root)
    kinds = {}
    for rel, outcomes in cases.items():
        if (
            all(kind == "quarantine" for kind, _ in outcomes)
            and outcomes[0][1] not in kinds
            and outcomes[0][1] != "duplicate"
        ):
            kinds[outcomes[0][1]] = root / rel
    return kinds


def test_only_bad_inputs_into_a_fresh_out(prefect_server, tmp_path):
    kinds = _only_bad_cases(tmp_path / "corpus")
    assert {
        "empty_text",
        "binary",
        "unsupported_type",
        "too_long",
        "no_text_column",
        "unreadable",
        "not_english",
        "too_short",
    } <= set(kinds)
    for reason, path in kinds.items():
        inputs, out = tmp_path / f"in-{reason}", tmp_path / f"out-{reason}"
        inputs.mkdir()
        target = inputs / path.name
        if path.is_symlink():
            target.symlink_to(path.readlink())
        else:
            shutil.copy(path, target)
        result = runner.invoke(app, ["run", str(inputs), "--out", str(out)])
        assert result.exit_code == 0, (reason, result.output)
        q = read_dataset(out, "quarantine")
        assert len(q) >= 1 and set(q["reason"]) == {reason}, (reason, q)
        for name in TABLES:
            frame = pd.read_parquet(out / name)  # every dataset exists, with its schema, even with no rows
            assert set(TABLES[name].names) <= set(frame.columns), (reason, name)
        assert (out / "report.html").exists()
        again = runner.invoke(app, ["aggregate", "--out", str(out)])
        assert again.exit_code == 0, again.output
