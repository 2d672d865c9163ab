"""A document's date: the one rule that both the store (its `date=` partitions) and the summaries
(their periods) follow, kept apart from both so that neither depends on the other."""

from __future__ import annotations

import pandas as pd


def document_dates(documents: pd.DataFrame) -> pd.Series:
    """Publication time per doc_id, ingest time where there is none (UTC)."""
    return pd.Series(documents["published"].fillna(documents["ingested_at"]).array, index=documents["doc_id"].array)


def partition_dates(documents: pd.DataFrame) -> pd.Series:
    """Partition value (YYYY-MM-DD) per doc_id: the day of ``document_dates``."""
    return document_dates(documents).dt.strftime("%Y-%m-%d")
