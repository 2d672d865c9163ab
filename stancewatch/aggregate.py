"""Per actor × topic × period summaries of stance and sentiment, as plain pandas functions."""

from __future__ import annotations

import pandas as pd

PERIOD_FREQ = {  # weeks run Monday to Sunday and are labelled by their Monday
    "day": "D", "week": "W-SUN", "month": "M"}


def periods(documents: pd.DataFrame, granularity: str) -> pd.Series:
    """Period label per doc_id: publication time (ingest time where there is none) floored to the granularity."""
    when = documents["published"].fillna(documents["ingested_at"])
    if granularity == "all":
        labels = pd.Series("all", index=documents.index)
    else:
        labels = when.dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period(PERIOD_FREQ[granularity]).dt.start_time.dt.strftime("%Y-%m-%d")
    return pd.Series(labels.values, index=documents["doc_id"].values)


def overall_stance(n_favor: int, n_against: int, n_neutral: int) -> str | None:
    """favor/against by which side has more rows (neutral rows do not dilute a position); mixed on a tie."""
    if n_favor + n_against + n_neutral == 0:
        return None
    if n_favor == n_against:
        return "neutral" if n_favor == 0 else "mixed"
    return "favor" if n_favor > n_against else "against"


def _stance_block(st: pd.DataFrame) -> dict:
    n = len(st)
    counts = {lab: int((st["label"] == lab).sum()) for lab in ("favor", "against", "neutral")}
    top = st.assign(conf=st[["p_favor", "p_against"]].max(axis=1)).sort_values("conf", ascending=False)
    return {
        "n_documents": int(st["doc_id"].nunique()), "n_statements": n,
        **{f"n_{k}": v for k, v in counts.items()},
        **{f"share_{k}": (v / n if n else None) for k, v in counts.items()},
        "mean_p_favor": float(st["p_favor"].mean()) if n else None,
        "mean_p_against": float(st["p_against"].mean()) if n else None,
        "net_stance": (counts["favor"] - counts["against"]) / n if n else None,
        "stance": overall_stance(counts["favor"], counts["against"], counts["neutral"]),
        "top_evidence": top["evidence_text"].iloc[0] if n else None,
    }


def summarize(documents: pd.DataFrame, stance: pd.DataFrame, sentiment: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """One row per actor × topic × period with stance rows, plus one `*` row per actor × period over all topics."""
    period_of = periods(documents, granularity)
    stance = stance.assign(period=stance["doc_id"].map(period_of))
    sentiment = sentiment.assign(period=sentiment["doc_id"].map(period_of), score=sentiment["p_positive"] - sentiment["p_negative"])
    names = pd.concat([stance[["actor_id", "actor_name"]], sentiment[["actor_id", "actor_name"]]]).drop_duplicates("actor_id")
    name_of = dict(zip(names["actor_id"], names["actor_name"]))
    sent_groups = {k: g for k, g in sentiment.groupby(["actor_id", "period"])}
    rows: list[dict] = []

    def sentiment_block(key) -> dict:
        g = sent_groups.get(key)
        return {"n_mentions": 0 if g is None else len(g), "mean_sentiment": None if g is None else float(g["score"].mean())}

    for (actor_id, topic_id, period), st in stance.groupby(["actor_id", "topic_id", "period"]):
        rows.append({"actor_id": actor_id, "actor_name": name_of[actor_id], "topic_id": topic_id, "period": period,
                     **_stance_block(st), **sentiment_block((actor_id, period))})
    keys = set(sent_groups) | set(stance.groupby(["actor_id", "period"]).groups)
    by_actor_period = {k: g for k, g in stance.groupby(["actor_id", "period"])}
    for actor_id, period in sorted(keys):
        st = by_actor_period.get((actor_id, period), stance.iloc[0:0])
        block = _stance_block(st)
        if not len(st):
            block["n_documents"] = int(sent_groups[(actor_id, period)]["doc_id"].nunique())
        rows.append({"actor_id": actor_id, "actor_name": name_of[actor_id], "topic_id": "*", "period": period,
                     **block, **sentiment_block((actor_id, period))})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values(["topic_id", "period", "net_stance", "actor_id"], na_position="last").reset_index(drop=True)


def actor_table(summary: pd.DataFrame, topics: list[str]) -> pd.DataFrame:
    """Compact actor × topic view across all periods, for the terminal: stance, counts, evidence."""
    st = summary[summary["topic_id"] != "*"]
    if st.empty:
        return pd.DataFrame(columns=["actor", "topic", "stance", "favor", "against", "neutral", "evidence"])
    g = st.groupby(["actor_name", "topic_id"]).agg(
        favor=("n_favor", "sum"), against=("n_against", "sum"), neutral=("n_neutral", "sum"), evidence=("top_evidence", "first")
    ).reset_index()
    g["stance"] = [overall_stance(f, a, n) for f, a, n in zip(g["favor"], g["against"], g["neutral"])]
    g["topic_order"] = g["topic_id"].map({t: i for i, t in enumerate(topics)})
    g = g.sort_values(["topic_order", "stance", "actor_name"]).rename(columns={"actor_name": "actor", "topic_id": "topic"})
    return g[["actor", "topic", "stance", "favor", "against", "neutral", "evidence"]].reset_index(drop=True)
