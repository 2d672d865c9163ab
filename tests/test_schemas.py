from __future__ import annotations

import pandas as pd
import pytest
from conftest import REPO

from stancewatch.store import schemas
from stancewatch.store.tables import MissingTableError, read_table, write_table


def test_docs_are_generated_from_the_schemas():
    assert (REPO / "docs" / "SCHEMAS.md").read_text() == schemas.markdown(), (
        "run: python -m stancewatch.store.schemas > docs/SCHEMAS.md"
    )


def test_columns_other_tools_rely_on():
    assert {
        "doc_id",
        "actor_id",
        "actor_name",
        "topic_id",
        "label",
        "p_favor",
        "p_against",
        "p_neutral",
        "evidence_text",
        "evidence_start",
        "evidence_end",
        "model_id",
    } <= set(schemas.ACTOR_STANCE.names)
    assert {
        "doc_id",
        "actor_id",
        "actor_name",
        "mention_start",
        "mention_end",
        "label",
        "p_negative",
        "p_neutral",
        "p_positive",
        "model_id",
    } <= set(schemas.ACTOR_SENTIMENT.names)
    assert set(schemas.TABLES) == {
        "documents",
        "mentions",
        "statements",
        "actor_sentiment",
        "actor_stance",
        "actor_summary",
        "document_summary",
        "portrayal",
        "actor_pairs",
        "affiliation_summary",
        "network_nodes",
        "network_edges",
        "quarantine",
        "runs",
    }
    for schema in schemas.TABLES.values():
        assert all(f.metadata and f.metadata[b"doc"] for f in schema)


def test_empty_tables_round_trip_with_their_schema(tmp_path):
    for name, schema in schemas.TABLES.items():
        write_table(tmp_path, name, [])
        frame = read_table(tmp_path, name)
        assert list(frame.columns) == schema.names and frame.empty
    assert not list(tmp_path.glob(".*.tmp"))  # atomic writes leave no temporary files


def test_reading_a_missing_table_names_the_stage(tmp_path):
    with pytest.raises(MissingTableError, match="stancewatch actors"):
        read_table(tmp_path, "statements")


def test_a_wrong_type_is_refused(tmp_path):
    with pytest.raises(Exception):
        write_table(
            tmp_path, "quarantine", pd.DataFrame({"source": ["a"], "reason": [1.5], "message": ["m"], "run_id": ["r"]})
        )
