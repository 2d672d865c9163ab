"""Score article-level portrayal against PerSenT-style gold: articles with their main person and the article's
overall sentiment toward them (positive / neutral / negative).

The pipeline's own actor and sentiment steps run on each article (spaCy + `stancewatch.actors.extract.extract`, then the
sentiment backend over every actor mention, as the classify stage does); the gold target is matched to the actor
of the article that is the same person and mentioned most; its portrayal (stancewatch/classify/portrayal.py) is compared
with the gold. An article whose target is not found counts as predicted neutral (the tool says nothing about the
person) and is reported in `target_found`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from stancewatch.actors.registry import slug
from stancewatch.aggregate.summaries import named_mentions
from stancewatch.classify.portrayal import DEFAULT_RULE, PORTRAYAL_LABELS, PortrayalRule, scores_to_labels
from stancewatch.errors import StancewatchError
from stancewatch.models.metrics import report as metrics_report


class PortrayalGoldError(StancewatchError):
    """The portrayal gold file is missing or malformed."""


def load_gold(path: Path) -> list[dict]:
    """PerSenT-style JSONL rows: id, title, target, text, label."""
    if not path.exists():
        raise PortrayalGoldError(
            f"{path}: not found (expected JSONL rows with id, target, text, label, like "
            "../shared/data/persent/dev.jsonl)."
        )
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PortrayalGoldError(f"{path}, line {n}: not JSON ({exc.msg}).") from None
        missing = [k for k in ("target", "text", "label") if not row.get(k)]
        if missing or row["label"] not in PORTRAYAL_LABELS:
            raise PortrayalGoldError(
                f"{path}, line {n}: needs target, text and a label in {PORTRAYAL_LABELS}; missing or bad: "
                f"{missing or row['label']}."
            )
        rows.append(
            {
                "id": str(row.get("id", n)),
                "title": row.get("title") or "",
                "target": row["target"],
                "text": row["text"],
                "label": row["label"],
            }
        )
    if not rows:
        raise PortrayalGoldError(f"{path}: no rows.")
    return rows


def target_actor(target: str, mentions: pd.DataFrame) -> str | None:
    """The actor of the article that is the gold target: the same person by name (or slug), most mentioned."""
    from stancewatch.actors.extract import same_person

    if mentions.empty:
        return None
    counts = (
        mentions.groupby(["actor_id", "actor_name"])
        .size()
        .reset_index(name="n")
        .sort_values("n", ascending=False, kind="stable")
    )
    want = slug(target)
    for actor_id, name in zip(counts["actor_id"], counts["actor_name"]):
        if actor_id == want or slug(name) == want or same_person(target, name):
            return actor_id
    return None


def mention_sentiment(
    rows: list[dict], nlp, registry, matcher, backend, progress: Callable[[int], None] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pipeline's mentions and sentiment rows for the gold articles (doc_id = the row's id)."""
    from stancewatch.actors.extract import extract
    from stancewatch.classify.rows import sentiment_rows
    from stancewatch.ingest.text import normalize_text

    texts = [normalize_text(r["text"]) for r in rows]
    mentions: list[dict] = []
    for r, doc in zip(rows, nlp.pipe(texts, batch_size=32)):
        mentions += extract(doc, r["id"], registry, matcher).mentions
        if progress:
            progress(1)
    m = pd.DataFrame(mentions)
    documents = pd.DataFrame({"doc_id": [r["id"] for r in rows], "text": texts})
    sentiment = pd.DataFrame(sentiment_rows(documents, m, backend)) if len(m) else pd.DataFrame()
    return m, sentiment


def article_scores(rows: list[dict], mentions: pd.DataFrame, sentiment: pd.DataFrame) -> pd.DataFrame:
    """Per gold article: the matched actor, its mention count and raw mean sentiment (None when not found)."""
    by_doc_m = dict(tuple(named_mentions(mentions).groupby("doc_id"))) if len(mentions) else {}
    s = (
        sentiment.assign(raw=sentiment["p_positive"] - sentiment["p_negative"])
        if len(sentiment)
        else pd.DataFrame(columns=["doc_id", "actor_id", "raw"])
    )
    mean_of = s.groupby(["doc_id", "actor_id"])["raw"].agg(["mean", "size"])
    out = []
    for r in rows:
        actor = target_actor(r["target"], by_doc_m.get(r["id"], pd.DataFrame()))
        found = actor is not None and (r["id"], actor) in mean_of.index
        out.append(
            {
                "id": r["id"],
                "target": r["target"],
                "gold": r["label"],
                "actor_id": actor,
                "found": found,
                "n_mentions": int(mean_of.loc[(r["id"], actor), "size"]) if found else 0,
                "mean_sentiment": float(mean_of.loc[(r["id"], actor), "mean"]) if found else None,
            }
        )
    return pd.DataFrame(out)


def report(scores: pd.DataFrame, rule: PortrayalRule = DEFAULT_RULE) -> dict:
    """Macro-F1, per class, confusion, target-found rate, and the mean centred score per gold class."""
    raw = scores["mean_sentiment"].astype(float)
    pred = [
        lab if found else "neutral"
        for lab, found in zip(scores_to_labels(raw.fillna(rule.centre).to_numpy(), rule), scores["found"])
    ]
    index = {lab: i for i, lab in enumerate(PORTRAYAL_LABELS)}
    onehot = np.eye(len(PORTRAYAL_LABELS))[[index[p] for p in pred]] if pred else np.zeros((0, len(PORTRAYAL_LABELS)))
    rep = metrics_report([index[g] for g in scores["gold"]], onehot, list(PORTRAYAL_LABELS))
    rep.pop("ece")  # hard labels: no calibration to report
    centred = raw - rule.centre
    rep["target_found"] = float(scores["found"].mean())
    rep["n_found"] = int(scores["found"].sum())
    rep["mean_score_by_gold"] = {
        lab: (
            float(centred[(scores["gold"] == lab) & scores["found"]].mean())
            if ((scores["gold"] == lab) & scores["found"]).any()
            else None
        )
        for lab in PORTRAYAL_LABELS
    }
    rep["rule"] = {"centre": rule.centre, "band": rule.band}
    return rep


def evaluate_file(
    path: Path,
    settings,
    model_dir: Path | None = None,
    rule: PortrayalRule = DEFAULT_RULE,
    progress: Callable[[int], None] | None = None,
) -> tuple[dict, pd.DataFrame]:
    """The report and the per-article scores for one gold file, with the configured spaCy model, actor registry
    and sentiment model (or the model folder given)."""
    from stancewatch.actors.extract import build_matcher, load_spacy
    from stancewatch.actors.registry import ActorRegistry
    from stancewatch.config import ModelConfig, load_registry
    from stancewatch.models.backends import load_sentiment_backend

    rows = load_gold(path)
    cfg = settings.sentiment_model
    if model_dir is not None:
        cfg = ModelConfig(**(cfg.model_dump() | {"path": str(Path(model_dir).resolve())}))
    nlp, registry = load_spacy(settings.spacy_model), ActorRegistry(load_registry(settings))
    mentions, sentiment = mention_sentiment(
        rows, nlp, registry, build_matcher(nlp, registry), load_sentiment_backend(cfg), progress
    )
    scores = article_scores(rows, mentions, sentiment)
    return report(scores, rule) | {"input": str(path), "model": str(cfg.resolved())}, scores
