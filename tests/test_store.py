"""The output folder: staged runs, commit markers, rollback of interrupted runs, partitions."""

from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd

from stancewatch.store import begin_run, commit_run, committed_runs, pending_run, read_dataset, stage_dir, write_table

NOW = datetime(2024, 5, 1, tzinfo=timezone.utc)


def _doc(doc_id: str, published: str | None, run_id: str = "r", key: str = "k1") -> dict:
    return {"doc_id": doc_id, "source": f"{doc_id}.txt", "title": None, "url": None,
            "published": pd.Timestamp(published, tz="UTC") if published else None, "text": "x" * 50, "n_chars": 50,
            "ingested_at": NOW, "run_id": run_id, "processing_key": key}


def _stage(out, run_id, docs, quarantine=()):
    staged = begin_run(out, run_id)
    write_table(staged, "documents", docs)
    write_table(staged, "quarantine", [{"source": s, "reason": r, "message": "m", "duplicate_of": None, "run_id": run_id} for s, r in quarantine])
    return staged


def test_commit_partitions_by_document_date_and_dedupes_quarantine(tmp_path):
    _stage(tmp_path, "r1", [_doc("a", "2024-02-27"), _doc("b", None)], [("bad.txt", "empty_text")])
    assert read_dataset(tmp_path, "documents").empty  # nothing is visible before the commit
    commit_run(tmp_path, "r1")
    assert sorted(p.parent.name for p in (tmp_path / "documents").rglob("*.parquet")) == ["date=2024-02-27", "date=2024-05-01"]
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
    return {"doc_id": doc_id, "mention_id": f"{doc_id}-{run_id}", "actor_id": "x", "actor_name": "X", "actor_type": "country",
            "affiliation": None, "text": "x", "start": 0, "end": 1, "sentence_start": 0, "sentence_end": 1, "source": "ner",
            "ner_label": "GPE", "is_actor": True, "role": "actor"}


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

    from stancewatch.store import output_lock

    with output_lock(tmp_path):
        with output_lock(tmp_path):  # nested in one process: allowed
            pass
        other = subprocess.run([sys.executable, "-c", "import sys; from stancewatch.store import output_lock\n"
                                f"with output_lock({str(tmp_path)!r}): pass"], capture_output=True, text=True)
        assert other.returncode != 0 and "OutputLockedError" in other.stderr and ".lock" in other.stderr
    with output_lock(tmp_path):  # released
        pass
