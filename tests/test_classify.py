"""Stance rows: every (statement, relevant topic) gets a row; shared evidence is classified once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stancewatch.classify import stance_rows
from stancewatch.config import Settings, Topic, Topics


class OnesEmbedder:
    """Every text is the same unit vector: every statement is relevant to every topic."""

    def embed(self, texts):
        return np.full((len(texts), 4), 0.5, dtype=np.float32)


class CountingStance:
    model_id, revision, reads_actor = "fake", "0", False

    def __init__(self):
        self.calls: list[tuple[str, str]] = []

    def predict(self, texts, topics, actors, progress=None):
        self.calls += list(zip(texts, topics))
        return np.array([[0.7, 0.2, 0.1] if "support" in t else [0.1, 0.8, 0.1] for t in texts])


def test_shared_evidence_is_classified_once_per_phrasing_and_every_actor_gets_its_row():
    text = "Germany, Italy and Spain said they support the plan. Poland opposed it."
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text], "title": [None]})
    statements = pd.DataFrame(
        {
            "doc_id": ["d"] * 4,
            "statement_id": ["s1", "s2", "s3", "s4"],
            "actor_id": ["germany", "italy", "spain", "poland"],
            "actor_name": ["Germany", "Italy", "Spain", "Poland"],
            "context_start": [0, 0, 0, 53],
            "context_end": [52, 52, 52, len(text)],
        }
    )
    topics = Topics(topics=[Topic(id="plan", label="the plan", aliases=["the proposal"])])
    backend = CountingStance()
    rows = stance_rows(docs, statements, topics, Settings(), OnesEmbedder(), backend)
    assert [r["actor_id"] for r in rows] == ["germany", "italy", "spain", "poland"]
    assert [r["label"] for r in rows] == ["favor", "favor", "favor", "against"]
    assert len(backend.calls) == 2 * 2  # two distinct evidence texts × two phrasings, not four statements × two
    assert {topic for _, topic in backend.calls} == {"the plan", "the proposal"}
