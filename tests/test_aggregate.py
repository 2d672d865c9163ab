from __future__ import annotations

from datetime import datetime, timezone

import pandas as pd
from conftest import stance_frame

from stancewatch.aggregate.summaries import (
    actor_pairs,
    actor_table,
    document_summary,
    overall_stance,
    periods,
    signed_interval,
    summarize,
    wilson,
)


def _docs():
    t = datetime(2024, 3, 1, tzinfo=timezone.utc)
    return pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3"],
            "published": [pd.Timestamp("2024-02-27", tz="UTC"), pd.Timestamp("2024-03-08", tz="UTC"), pd.NaT],
            "ingested_at": [t, t, pd.Timestamp("2024-04-02", tz="UTC")],
        }
    )


def test_overall_stance_ignores_neutral_and_flags_ties():
    assert overall_stance(0, 1, 5) == "against"
    assert overall_stance(2, 2, 0) == "mixed"
    assert overall_stance(0, 0, 3) == "neutral"
    assert overall_stance(0, 0, 0) is None


def test_periods_use_publication_then_ingest_time():
    assert periods(_docs(), "month").to_dict() == {"d1": "2024-02-01", "d2": "2024-03-01", "d3": "2024-04-01"}
    assert periods(_docs(), "week")["d2"] == "2024-03-04"
    assert set(periods(_docs(), "all")) == {"all"}


def test_summary_counts_shares_and_evidence():
    stance = stance_frame(
        [
            ("d1", "a", "A", "t", "against", 0.1, 0.8, 0.1, "A rules it out"),
            ("d2", "a", "A", "t", "neutral", 0.2, 0.3, 0.5, "A spoke"),
            ("d2", "b", "B", "t", "favor", 0.9, 0.05, 0.05, "B backs it"),
        ]
    )
    sentiment = pd.DataFrame(
        {
            "doc_id": ["d1", "d3"],
            "actor_id": ["a", "c"],
            "actor_name": ["A", "C"],
            "p_positive": [0.1, 0.7],
            "p_negative": [0.6, 0.1],
        }
    )
    s = summarize(_docs(), stance, sentiment, "all")
    a = s[(s.actor_id == "a") & (s.topic_id == "t")].iloc[0]
    assert (a.n_statements, a.n_against, a.n_neutral, a.stance) == (2, 1, 1, "against")
    assert a.net_stance == -0.5 and a.top_evidence == "A rules it out"
    assert a.net_stance_low < -0.5 < a.net_stance_high
    assert list(a.top_evidence_ids) == ["s0", "s1"]
    assert a.first_seen == pd.Timestamp("2024-02-27", tz="UTC") and a.last_seen == pd.Timestamp("2024-03-08", tz="UTC")
    assert a.n_mentions == 1 and abs(a.mean_sentiment + 0.5) < 1e-9
    c = s[s.actor_id == "c"].iloc[0]  # sentiment only: a `*` row with no stance
    assert c.topic_id == "*" and c.n_statements == 0 and pd.isna(c.stance) and c.n_documents == 1
    table = actor_table(s, ["t"])
    assert table.set_index("actor")["stance"].to_dict() == {"A": "against", "B": "favor"}


def test_monthly_summary_splits_by_period():
    stance = stance_frame(
        [
            ("d1", "a", "A", "t", "against", 0.1, 0.8, 0.1, "x"),
            ("d2", "a", "A", "t", "favor", 0.8, 0.1, 0.1, "y"),
        ]
    )
    s = summarize(
        _docs(),
        stance,
        stance.assign(p_positive=0.5, p_negative=0.5)[["doc_id", "actor_id", "actor_name", "p_positive", "p_negative"]],
        "month",
    )
    rows = s[s.topic_id == "t"].set_index("period")["stance"].to_dict()
    assert rows == {"2024-02-01": "against", "2024-03-01": "favor"}


def test_wilson_intervals_are_wide_for_small_counts_and_narrow_for_large():
    low, high = wilson(0, 1)
    assert low == 0.0 and 0.75 < high < 0.8
    assert wilson(0, 0) == (None, None)
    lo1, hi1 = signed_interval(-1.0, 1)
    assert lo1 == -1.0 and hi1 > 0.5  # one "against" row says little
    lo2, hi2 = signed_interval(-1.0, 100)
    assert hi2 < -0.9
    lo3, hi3 = signed_interval(0.2, 50)
    assert lo3 < 0.2 < hi3


def test_document_summary_and_actor_pairs():
    docs = _docs().assign(title=["T1", "T2", None])
    mentions = pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d1", "d2", "d2"],
            "actor_id": ["a", "b", "x", "a", "b"],
            "actor_name": ["A", "B", "X", "A", "B"],
            "is_actor": [True, True, False, True, True],
        }
    )
    stance = stance_frame(
        [
            ("d1", "a", "A", "t", "against", 0.1, 0.8, 0.1, "A no"),
            ("d1", "b", "B", "t", "favor", 0.8, 0.1, 0.1, "B yes"),
            ("d2", "c", "C", "t", "favor", 0.7, 0.2, 0.1, "C yes"),
        ]
    )
    sentiment = pd.DataFrame(
        {"doc_id": ["d1"], "actor_id": ["a"], "actor_name": ["A"], "p_positive": [0.2], "p_negative": [0.6]}
    )
    statements = pd.DataFrame({"doc_id": ["d1", "d1", "d2"]})
    ds = document_summary(docs, mentions, statements, stance, sentiment).set_index("doc_id")
    assert (
        ds.loc["d1", "n_actors"],
        ds.loc["d1", "n_statements"],
        ds.loc["d1", "n_favor"],
        ds.loc["d1", "n_against"],
    ) == (2, 2, 1, 1)
    assert ds.loc["d3", "n_mentions"] == 0 and pd.isna(ds.loc["d3", "mean_sentiment"])
    summary = summarize(docs, stance, sentiment, "all")
    pairs = actor_pairs(mentions, summary).set_index(["actor_a", "actor_b", "topic_id"])
    assert pairs.loc[("a", "b", "*"), "n_co_documents"] == 2  # the non-actor X is no pair
    assert ("a", "x", "*") not in pairs.index
    assert pairs.loc[("a", "b", "t"), "relation"] == "opposed"
    assert pairs.loc[("b", "c", "t"), "relation"] == "together" and pairs.loc[("b", "c", "t"), "n_co_documents"] == 0
