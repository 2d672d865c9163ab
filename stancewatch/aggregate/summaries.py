"""Summaries for analysts, as plain pandas functions over the pipeline's tables.

* ``summarize`` — per actor × topic × period: counts, shares, net stance with a 95 % interval,
  mean sentiment with a 95 % interval, first/last seen, and the most confident evidence.
* ``document_summary`` — per document: actors, statements, stance counts, mean sentiment.
* ``document_portrayal`` — per document × actor: how the article as a whole portrays the actor.
* ``actor_pairs`` — per pair of actors: co-mentions, and per topic whether they sided together.

Intervals are **Wilson score intervals** (z = 1.96). For the net stance, favor − against over n
stance rows, the interval is Wilson's on q = (1 + net) / 2 = (favor + neutral / 2) / n, mapped back
to [−1, 1]; mean sentiment (p_positive − p_negative per mention) is treated the same way. Small
counts therefore give wide intervals instead of false certainty: one "against" row gives
net −1 with interval [−1, 0.58].
"""

from __future__ import annotations

import math
from itertools import combinations

import pandas as pd

from stancewatch.classify.portrayal import DEFAULT_RULE, PORTRAYAL_LABELS, PortrayalRule, portrayal
from stancewatch.store.dates import document_dates

PERIOD_FREQ = {  # weeks run Monday to Sunday and are labelled by their Monday
    "day": "D",
    "week": "W-SUN",
    "month": "M",
}
Z95 = 1.959963984540054


def wilson(successes: float, n: int, z: float = Z95) -> tuple[float | None, float | None]:
    """Wilson score interval for a proportion successes / n; (None, None) when n = 0."""
    if n <= 0:
        return None, None
    p = min(1.0, max(0.0, successes / n))
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def signed_interval(mean: float | None, n: int) -> tuple[float | None, float | None]:
    """Wilson interval for a mean in [−1, 1] over n items (see module doc)."""
    if mean is None or n <= 0:
        return None, None
    low, high = wilson((1 + mean) / 2 * n, n)
    return min(mean, 2 * low - 1), max(mean, 2 * high - 1)  # guard against rounding at the ends


def periods(documents: pd.DataFrame, granularity: str) -> pd.Series:
    """Period label per doc_id: the document's date floored to the granularity (``all``: one period)."""
    when = document_dates(documents)
    if granularity == "all":
        return pd.Series("all", index=when.index)
    return (
        when.dt.tz_convert("UTC")
        .dt.tz_localize(None)
        .dt.to_period(PERIOD_FREQ[granularity])
        .dt.start_time.dt.strftime("%Y-%m-%d")
    )


# An actor's overall stance on a topic from its stance rows (see overall_stance). Measured with
# benchmarks/stance_decision.py on the sample gold and on the news dev split (never the test split): the mean of
# p_favor - p_against over the rows, with a small neutral band, beat the majority of row labels (sample gold, easy
# positions: 36/39 against 34/39 with the shipped news-trained stance model, 38/39 against 31/39 with an
# earlier try), because a clear position often comes with
# on-topic rows the model calls neutral, whose probabilities still lean to the right side.
STANCE_MARGIN = 0.05


def overall_stance(n_favor: int, n_against: int, n_neutral: int, net_p: float | None = None) -> str | None:
    """With ``net_p`` (mean of p_favor - p_against over the rows): favor above STANCE_MARGIN, against below
    -STANCE_MARGIN, else mixed when rows took both sides and neutral when not. Without it (rows from
    elsewhere): the side with more rows (neutral rows do not dilute a position), mixed on a tie."""
    if n_favor + n_against + n_neutral == 0:
        return None
    if net_p is not None and not math.isnan(net_p):
        if net_p > STANCE_MARGIN:
            return "favor"
        if net_p < -STANCE_MARGIN:
            return "against"
        return "mixed" if n_favor and n_against else "neutral"
    if n_favor == n_against:
        return "neutral" if n_favor == 0 else "mixed"
    return "favor" if n_favor > n_against else "against"


def pooled_net(frame: pd.DataFrame) -> pd.Series:
    """Per group of summary rows: the mean of p_favor - p_against over all their stance rows (weighted by
    n_statements)."""
    return (frame["mean_p_favor"].fillna(0) - frame["mean_p_against"].fillna(0)) * frame["n_statements"]


def _stance_block(st: pd.DataFrame, top_k: int = 3) -> dict:
    n = len(st)
    counts = {lab: int((st["label"] == lab).sum()) for lab in ("favor", "against", "neutral")}
    net = (counts["favor"] - counts["against"]) / n if n else None
    low, high = signed_interval(net, n)
    top = st.assign(conf=st[["p_favor", "p_against"]].max(axis=1)).sort_values("conf", ascending=False, kind="stable")
    return {
        "n_documents": int(st["doc_id"].nunique()),
        "n_statements": n,
        **{f"n_{k}": v for k, v in counts.items()},
        **{f"share_{k}": (v / n if n else None) for k, v in counts.items()},
        "mean_p_favor": float(st["p_favor"].mean()) if n else None,
        "mean_p_against": float(st["p_against"].mean()) if n else None,
        "net_stance": net,
        "net_stance_low": low,
        "net_stance_high": high,
        "stance": overall_stance(
            counts["favor"],
            counts["against"],
            counts["neutral"],
            float((st["p_favor"] - st["p_against"]).mean()) if n else None,
        ),
        "top_evidence": top["evidence_text"].iloc[0] if n else None,
        "top_evidence_ids": list(top["statement_id"].head(top_k)) if n else [],
    }


stance_block = _stance_block  # shared with the roll-up (stancewatch/aggregate/rollup.py)


def _sentiment_block(g: pd.DataFrame | None) -> dict:
    if g is None or g.empty:
        return {"n_mentions": 0, "mean_sentiment": None, "sentiment_low": None, "sentiment_high": None}
    mean = float(g["score"].mean())
    low, high = signed_interval(mean, len(g))
    return {"n_mentions": len(g), "mean_sentiment": mean, "sentiment_low": low, "sentiment_high": high}


def document_portrayal(
    documents: pd.DataFrame, sentiment: pd.DataFrame, rule: PortrayalRule = DEFAULT_RULE
) -> pd.DataFrame:
    """The `portrayal` table: per document × actor, how the article as a whole portrays the actor
    (stancewatch/classify/portrayal.py)."""
    frame = portrayal(sentiment, rule)
    if frame.empty:  # mapping dates onto an empty (object) column fails: no rows, no dates
        return frame.assign(date=pd.Series(dtype="datetime64[ns, UTC]"))
    return frame.assign(date=frame["doc_id"].map(document_dates(documents)))


def _portrayal_block(g: pd.DataFrame | None, rule: PortrayalRule) -> dict:
    if g is None or g.empty:
        return {
            "n_portrayed": 0,
            **{f"n_portrayed_{lab}": 0 for lab in PORTRAYAL_LABELS},
            "mean_portrayal": None,
            "portrayal_low": None,
            "portrayal_high": None,
            "portrayal": None,
        }
    mean = float(g["score"].mean())
    low, high = signed_interval(mean, len(g))
    return {
        "n_portrayed": len(g),
        **{f"n_portrayed_{lab}": int((g["label"] == lab).sum()) for lab in PORTRAYAL_LABELS},
        "mean_portrayal": mean,
        "portrayal_low": low,
        "portrayal_high": high,
        "portrayal": rule.label(mean),
    }


def summarize(
    documents: pd.DataFrame,
    stance: pd.DataFrame,
    sentiment: pd.DataFrame,
    granularity: str,
    portrayed: pd.DataFrame | None = None,
    rule: PortrayalRule = DEFAULT_RULE,
) -> pd.DataFrame:
    """One row per actor × topic × period with stance rows, plus one `*` row per actor × period over all topics.
    The actor's sentiment over the period is given twice: per mention (mean_sentiment) and per article
    (mean_portrayal, from the `portrayal` table; computed here from the sentiment rows when not passed)."""
    if stance.empty and sentiment.empty:  # a run whose inputs were all quarantined: nothing to summarise
        return pd.DataFrame()
    period_of = periods(documents, granularity)
    date_of = document_dates(documents)
    portrayed = portrayal(sentiment, rule) if portrayed is None else portrayed
    port_groups = {
        k: g for k, g in portrayed.assign(period=portrayed["doc_id"].map(period_of)).groupby(["actor_id", "period"])
    }
    stance = stance.assign(period=stance["doc_id"].map(period_of), when=stance["doc_id"].map(date_of))
    sentiment = sentiment.assign(
        period=sentiment["doc_id"].map(period_of),
        when=sentiment["doc_id"].map(date_of),
        score=sentiment["p_positive"] - sentiment["p_negative"],
    )
    names = pd.concat([stance[["actor_id", "actor_name"]], sentiment[["actor_id", "actor_name"]]]).drop_duplicates(
        "actor_id"
    )
    name_of = dict(zip(names["actor_id"], names["actor_name"]))
    sent_groups = {k: g for k, g in sentiment.groupby(["actor_id", "period"])}
    rows: list[dict] = []

    def seen(*frames: pd.DataFrame | None) -> dict:
        whens = pd.concat([f["when"] for f in frames if f is not None and len(f)])
        return {"first_seen": whens.min(), "last_seen": whens.max()}

    for (actor_id, topic_id, period), st in stance.groupby(["actor_id", "topic_id", "period"]):
        sg = sent_groups.get((actor_id, period))
        rows.append(
            {
                "actor_id": actor_id,
                "actor_name": name_of[actor_id],
                "topic_id": topic_id,
                "period": period,
                **_stance_block(st),
                **_sentiment_block(sg),
                **_portrayal_block(port_groups.get((actor_id, period)), rule),
                **seen(st, sg),
            }
        )
    by_actor_period = {k: g for k, g in stance.groupby(["actor_id", "period"])}
    for actor_id, period in sorted(set(sent_groups) | set(by_actor_period)):
        st = by_actor_period.get((actor_id, period), stance.iloc[0:0])
        sg = sent_groups.get((actor_id, period))
        block = _stance_block(st)
        if not len(st):
            block["n_documents"] = int(sg["doc_id"].nunique())
        rows.append(
            {
                "actor_id": actor_id,
                "actor_name": name_of[actor_id],
                "topic_id": "*",
                "period": period,
                **block,
                **_sentiment_block(sg),
                **_portrayal_block(port_groups.get((actor_id, period)), rule),
                **seen(st, sg),
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values(["topic_id", "period", "net_stance", "actor_id"], na_position="last").reset_index(
        drop=True
    )


def named_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Actor mentions that name the actor: bylines and analysts left out, and pronoun/role-noun mentions
    (`source == "coref"`, which feed sentiment) too, since counts of mentions say how often an actor is named."""
    keep = mentions["is_actor"]
    if "source" in mentions.columns:
        keep = keep & (mentions["source"] != "coref")
    return mentions[keep]


def document_summary(
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    statements: pd.DataFrame,
    stance: pd.DataFrame,
    sentiment: pd.DataFrame,
    top_k: int = 5,
) -> pd.DataFrame:
    """One row per document: who is in it, how much was said, the stance counts and the mean sentiment."""
    actors = named_mentions(mentions)
    date_of = document_dates(documents)
    # group each table once (not one filter per document: that grows with documents × rows)
    by_doc = {
        name: dict(tuple(frame.groupby("doc_id")))
        for name, frame in (("mentions", actors), ("stance", stance), ("sentiment", sentiment))
    }
    n_statements = statements.groupby("doc_id").size()
    empty = {"mentions": actors.iloc[0:0], "stance": stance.iloc[0:0], "sentiment": sentiment.iloc[0:0]}
    rows = []
    for doc in documents.itertuples():
        m, st, se = (by_doc[k].get(doc.doc_id, empty[k]) for k in ("mentions", "stance", "sentiment"))
        top = m.groupby("actor_name").size().sort_values(ascending=False, kind="stable").head(top_k)
        rows.append(
            {
                "doc_id": doc.doc_id,
                "title": doc.title,
                "date": date_of[doc.doc_id],
                "n_mentions": len(m),
                "n_actors": int(m["actor_id"].nunique()),
                "n_statements": int(n_statements.get(doc.doc_id, 0)),
                "n_stance": len(st),
                **{f"n_{lab}": int((st["label"] == lab).sum()) for lab in ("favor", "against", "neutral")},
                "mean_sentiment": float((se["p_positive"] - se["p_negative"]).mean()) if len(se) else None,
                "top_actors": list(top.index),
            }
        )
    return pd.DataFrame(rows)


def _stance_over_periods(st: pd.DataFrame, by: list[str], **more: tuple[str, str]) -> pd.DataFrame:
    """Per ``by`` group of non-empty topic rows of `actor_summary`, the counts over all periods (favor, against,
    neutral, rows, pooled mass; plus the ``more`` aggregations) and the overall ``stance`` they give. The actor
    pairs and the terminal's actor table must call a stance the same way, so both take it from here."""
    g = (
        st.assign(mass=pooled_net(st))
        .groupby(by)
        .agg(
            favor=("n_favor", "sum"),
            against=("n_against", "sum"),
            neutral=("n_neutral", "sum"),
            mass=("mass", "sum"),
            rows=("n_statements", "sum"),
            **more,
        )
        .reset_index()
    )
    g["stance"] = [
        overall_stance(f, a, n, m / r if r else None)
        for f, a, n, m, r in zip(g["favor"], g["against"], g["neutral"], g["mass"], g["rows"])
    ]
    return g


def actor_pairs(mentions: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame:
    """Pairs of actors: documents in which both appear (topic `*`), and per topic where both took a side,
    whether they sided together (same side) or were opposed. Actor ids are ordered (actor_a < actor_b)."""
    actors = mentions[mentions["is_actor"]][["doc_id", "actor_id", "actor_name"]].drop_duplicates(
        ["doc_id", "actor_id"]
    )
    name_of = dict(zip(actors["actor_id"], actors["actor_name"]))
    co: dict[tuple[str, str], int] = {}
    for _, group in actors.groupby("doc_id"):
        for a, b in combinations(sorted(group["actor_id"]), 2):
            co[(a, b)] = co.get((a, b), 0) + 1
    rows = [
        {
            "actor_a": a,
            "actor_b": b,
            "actor_a_name": name_of[a],
            "actor_b_name": name_of[b],
            "topic_id": "*",
            "n_co_documents": n,
            "stance_a": None,
            "stance_b": None,
            "relation": None,
        }
        for (a, b), n in co.items()
    ]
    st = summary[summary["topic_id"] != "*"]
    if len(st):
        overall = _stance_over_periods(st, ["topic_id", "actor_id"], name=("actor_name", "first"))
        sided = overall[overall["stance"].isin(["favor", "against"])]
        for topic_id, group in sided.groupby("topic_id"):
            side = dict(zip(group["actor_id"], group["stance"]))
            names = dict(zip(group["actor_id"], group["name"]))
            for a, b in combinations(sorted(side), 2):
                rows.append(
                    {
                        "actor_a": a,
                        "actor_b": b,
                        "actor_a_name": names[a],
                        "actor_b_name": names[b],
                        "topic_id": topic_id,
                        "n_co_documents": co.get((a, b), 0),
                        "stance_a": side[a],
                        "stance_b": side[b],
                        "relation": "together" if side[a] == side[b] else "opposed",
                    }
                )
    return pd.DataFrame(rows)


def actor_table(summary: pd.DataFrame, topics: list[str]) -> pd.DataFrame:
    """Compact actor × topic view across all periods, for the terminal: stance, counts, evidence."""
    st = summary[summary["topic_id"] != "*"]
    if st.empty:
        return pd.DataFrame(columns=["actor", "topic", "stance", "favor", "against", "neutral", "evidence"])
    g = _stance_over_periods(st, ["actor_name", "topic_id"], evidence=("top_evidence", "first"))
    g["topic_order"] = g["topic_id"].map({t: i for i, t in enumerate(topics)})
    g = g.sort_values(["topic_order", "stance", "actor_name"]).rename(
        columns={"actor_name": "actor", "topic_id": "topic"}
    )
    return g[["actor", "topic", "stance", "favor", "against", "neutral", "evidence"]].reset_index(drop=True)
