"""The output folder: staged runs, commit markers, rollback of interrupted runs, partitions."""

from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd

from stancewatch.store.datasets import (
    begin_run,
    commit_run,
    committed_runs,
    pending_run,
    read_dataset,
    stage_dir,
    write_table,
)

NOW = datetime(2024, 5, 1, tzinfo=timezone.utc)


def _doc(doc_id: str, published: str | None, run_id: str = "r", key: str = "k1") -> dict:
    return {
        "doc_id": doc_id,
        "source": f"{doc_id}.txt",
        "title": None,
        "url": None,
        "published": pd.Timestamp(published, tz="UTC") if published else None,
        "text": "x" * 50,
        "n_chars": 50,
        "ingested_at": NOW,
        "run_id": run_id,
        "processing_key": key,
    }


def _stage(out, run_id, docs, quarantine=()):
    staged = begin_run(out, run_id)
    write_table(staged, "documents", docs)
    write_table(
        staged,
        "quarantine",
        [{"source": s, "reason": r, "message": "m", "duplicate_of": None, "run_id": run_id} for s, r in quarantine],
    )
    return staged


def test_commit_partitions_by_document_date_and_dedupes_quarantine(tmp_path):
    _stage(tmp_path, "r1", [_doc("a", "2024-02-27"), _doc("b", None)], [("bad.txt", "empty_text")])
    assert read_dataset(tmp_path, "documents").empty  # nothing is visible before the commit
    commit_run(tmp_path, "r1")
    assert sorted(p.parent.name for p in (tmp_path / "documents").rglob("*.parquet")) == [
        "date=2024-02-27",
        "date=2024-05-01",
    ]
    assert sorted(read_dataset(tmp_path, "documents")["doc_id"]) == ["a", "b"]
    _stage(tmp_path, "r2", [_doc("c", "2024-02-27")], [("bad.txt", "empty_text"), ("other.txt", "binary")])
    commit_run(tmp_path, "r2")
    q = read_dataset(tmp_path, "quarantine")
    assert sorted(q["source"]) == ["bad.txt", "other.txt"]  # the same bad input twice is one row
    assert committed_runs(tmp_path) == {"r1", "r2"}


def test_an_interrupted_run_leaves_no_rows_and_is_cleaned_up(tmp_path):
    _stage(tmp_path, "r1", [_doc("a", "2024-02-27")])
    commit_run(tmp_path, "r1")
    staged = _stage(tmp_path, "r2", [_doc("b", "2024-02-27")])
    assert pending_run(tmp_path) == "r2" and staged == stage_dir(tmp_path, "r2")
    # simulate a crash in the middle of a commit: a part file moved, no marker written
    stray = tmp_path / "documents" / "date=2024-02-27" / "part-r2.parquet"
    stray.write_bytes((tmp_path / "documents" / "date=2024-02-27" / "part-r1.parquet").read_bytes())
    (tmp_path / "documents" / "date=2024-02-27" / ".part-r3.parquet.tmp").write_bytes(b"half")
    assert list(read_dataset(tmp_path, "documents")["doc_id"]) == ["a"]  # uncommitted files are not read
    begin_run(tmp_path, "r3")  # the next run cleans up
    assert not stray.exists() and not stage_dir(tmp_path, "r2").exists()
    assert [p.name for p in (tmp_path / "documents").rglob("*")] == ["date=2024-02-27", "part-r1.parquet"]


def _mention(doc_id: str, run_id: str) -> dict:
    return {
        "doc_id": doc_id,
        "mention_id": f"{doc_id}-{run_id}",
        "actor_id": "x",
        "actor_name": "X",
        "actor_type": "country",
        "affiliation": None,
        "text": "x",
        "start": 0,
        "end": 1,
        "sentence_start": 0,
        "sentence_end": 1,
        "source": "ner",
        "ner_label": "GPE",
        "is_actor": True,
        "role": "actor",
    }


def test_a_document_processed_again_replaces_its_old_rows_in_every_table(tmp_path):
    staged = _stage(tmp_path, "r1", [_doc("a", "2024-02-27", "r1"), _doc("b", "2024-02-27", "r1")])
    write_table(staged, "mentions", [_mention("a", "r1"), _mention("b", "r1")])
    commit_run(tmp_path, "r1")
    staged = _stage(tmp_path, "r2", [_doc("a", "2024-02-27", "r2", key="k2")])  # new models: `a` again
    write_table(staged, "mentions", [_mention("a", "r2")])
    added = commit_run(tmp_path, "r2")
    assert added["replaced_documents"] == 1
    docs, mentions = read_dataset(tmp_path, "documents"), read_dataset(tmp_path, "mentions")
    assert sorted(zip(docs["doc_id"], docs["processing_key"])) == [("a", "k2"), ("b", "k1")]
    assert sorted(mentions["mention_id"]) == ["a-r2", "b-r1"]  # one set of rows per document, the latest


def test_a_second_writer_is_refused_with_the_lock_named(tmp_path):
    import subprocess
    import sys

    from stancewatch.store.datasets import output_lock

    with output_lock(tmp_path):
        with output_lock(tmp_path):  # nested in one process: allowed
            pass
        other = subprocess.run(
            [
                sys.executable,
                "-c",
                f"from stancewatch.store.datasets import output_lock\nwith output_lock({str(tmp_path)!r}): pass",
            ],
            capture_output=True,
            text=True,
        )
        assert other.returncode != 0 and "OutputLockedError" in other.stderr and ".lock" in other.stderr
    with output_lock(tmp_path):  # released
        pass


def _stage_chunks(out, run_id, chunks, failed=()):
    """Stage a run the way the chunked stages do: documents whole (ingest) and in chunks, mentions per chunk."""
    from stancewatch.store.datasets import chunk_file, write_failures

    chunks = [[d | {"run_id": run_id} for d in chunk] for chunk in chunks]
    docs = [d for chunk in chunks for d in chunk]
    staged = _stage(out, run_id, docs)
    for i, chunk in enumerate(chunks):
        name = f"chunk-{i:05d}"
        write_table(chunk_file(staged, "documents", name).parent, "documents", chunk, file_name=name)
        rows = [
            _mention(d["doc_id"], run_id) | {"mention_id": f"{d['doc_id']}-{run_id}-{k}"}
            for d in chunk
            for k in range(2)
        ]
        write_table(chunk_file(staged, "mentions", name).parent, "mentions", rows, file_name=name)
        write_failures(staged, name, "actors", [f for f in failed if any(d["doc_id"] == f.doc_id for d in chunk)])
    return staged


def _failure(doc_id: str):
    from stancewatch.store.isolation import DocumentFailure

    return DocumentFailure(doc_id=doc_id, stage="actors", error_type="ValueError", message="odd text")


def _layout(out):
    return sorted(str(p.relative_to(out)) for p in out.rglob("*.parquet") if ".staging" not in p.parts)


def test_the_commit_streams_chunk_files_into_one_file_per_date_in_chunk_order(tmp_path, monkeypatch):
    import stancewatch.store.datasets as store

    chunks = [
        [_doc("a", "2024-02-27"), _doc("b", "2024-02-28"), _doc("c", "2024-02-27")],
        [_doc("d", "2024-02-28"), _doc("e", "2024-02-27"), _doc("f", None)],
    ]
    _stage_chunks(tmp_path / "one", "r1", chunks, failed=[_failure("e")])
    added = commit_run(tmp_path / "one", "r1")
    assert added["documents"] == 5 and added["mentions"] == 10 and added["failed_documents"] == 1
    mentions = read_dataset(tmp_path / "one", "mentions")
    assert list(mentions["mention_id"]) == [
        "a-r1-0",
        "a-r1-1",
        "c-r1-0",
        "c-r1-1",  # date=2024-02-27, chunk order; e failed
        "b-r1-0",
        "b-r1-1",
        "d-r1-0",
        "d-r1-1",
        "f-r1-0",
        "f-r1-1",
    ]
    assert set(read_dataset(tmp_path / "one", "quarantine")["source"]) == {"e.txt"}
    assert "mentions/date=2024-02-27/part-r1.parquet" in _layout(tmp_path / "one")
    # a tiny memory budget (a row group per write) and one open file at a time (a pass per date): the same rows and
    # files
    monkeypatch.setattr(store, "COMMIT_BUFFER_BYTES", 1)
    monkeypatch.setattr(store, "COMMIT_OPEN_FILES", 1)
    _stage_chunks(tmp_path / "two", "r1", chunks, failed=[_failure("e")])
    assert commit_run(tmp_path / "two", "r1") == added
    assert _layout(tmp_path / "two") == _layout(tmp_path / "one")
    for name in ("documents", "mentions"):
        pd.testing.assert_frame_equal(read_dataset(tmp_path / "two", name), read_dataset(tmp_path / "one", name))
    assert not list((tmp_path / "two").rglob("*.tmp"))


def test_a_crash_mid_commit_shows_nothing_of_the_run_and_the_next_run_cleans_up(tmp_path, monkeypatch):
    import stancewatch.store.datasets as store

    _stage_chunks(tmp_path, "r1", [[_doc("a", "2024-02-27")]])
    commit_run(tmp_path, "r1")
    before = {name: read_dataset(tmp_path, name) for name in ("documents", "mentions")}
    _stage_chunks(tmp_path, "r2", [[_doc("b", "2024-02-27"), _doc("c", "2024-03-01")], [_doc("d", "2024-03-01")]])
    calls = {"n": 0}
    real = store._PartitionWriter.write

    def crash_on_fifth_write(self, day, rows):
        calls["n"] += 1
        if calls["n"] == 5:  # documents (3 writes) are in place, mentions half written
            raise OSError("disk full")
        real(self, day, rows)

    monkeypatch.setattr(store._PartitionWriter, "write", crash_on_fifth_write)
    monkeypatch.setattr(store, "COMMIT_BUFFER_BYTES", 1)
    try:
        commit_run(tmp_path, "r2")
    except OSError:
        pass
    assert (tmp_path / "documents" / "date=2024-03-01" / "part-r2.parquet").exists()  # moved, but not committed
    assert not list(tmp_path.rglob("*.tmp"))  # the file being written was removed
    assert committed_runs(tmp_path) == {"r1"}
    for name, frame in before.items():
        pd.testing.assert_frame_equal(read_dataset(tmp_path, name), frame)
    monkeypatch.undo()
    _stage_chunks(tmp_path, "r3", [[_doc("b", "2024-02-27")]])  # begin_run rolls r2 back
    assert not (tmp_path / "documents" / "date=2024-03-01").exists() or not list(
        (tmp_path / "documents" / "date=2024-03-01").iterdir()
    )
    commit_run(tmp_path, "r3")
    assert sorted(read_dataset(tmp_path, "documents")["doc_id"]) == ["a", "b"]
    assert sorted(read_dataset(tmp_path, "mentions")["doc_id"]) == ["a", "a", "b", "b"]


def test_reprocessing_rewrites_only_the_files_of_the_documents_processed_again(tmp_path):
    _stage_chunks(tmp_path, "r1", [[_doc("a", "2024-02-27"), _doc("b", "2024-02-27")], [_doc("c", "2024-02-28")]])
    commit_run(tmp_path, "r1")
    untouched = (tmp_path / "mentions" / "date=2024-02-28" / "part-r1.parquet").stat().st_mtime_ns
    _stage_chunks(tmp_path, "r2", [[_doc("a", "2024-02-27", "r2", key="k2")]])
    assert commit_run(tmp_path, "r2")["replaced_documents"] == 1
    mentions = read_dataset(tmp_path, "mentions")
    assert sorted(mentions["mention_id"]) == ["a-r2-0", "a-r2-1", "b-r1-0", "b-r1-1", "c-r1-0", "c-r1-1"]
    assert (tmp_path / "mentions" / "date=2024-02-28" / "part-r1.parquet").stat().st_mtime_ns == untouched
    assert read_dataset(tmp_path, "mentions", run_id="r2")["doc_id"].tolist() == ["a", "a"]


def test_an_only_bad_run_leaves_every_dataset_present_with_its_schema(tmp_path):
    from stancewatch.store.datasets import PARTITIONED
    from stancewatch.store.schemas import TABLES

    _stage(tmp_path, "r1", [], [("bad.txt", "empty_text")])
    commit_run(tmp_path, "r1")
    for name in PARTITIONED:
        frame = read_dataset(tmp_path, name)
        assert frame.empty and list(frame.columns) == TABLES[name].names
        assert list((tmp_path / name).glob("*.parquet"))  # an empty file holds the schema for outside readers
    assert list(read_dataset(tmp_path, "quarantine")["source"]) == ["bad.txt"]
