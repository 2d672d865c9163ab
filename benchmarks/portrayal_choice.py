"""Choose the article-portrayal rule (stancewatch/classify/portrayal.py: centre and neutral band) on PerSenT dev,
and report it on PerSenT fixed_test, which is never used for the choice.

    .venv/bin/python benchmarks/portrayal_choice.py [--model models/sentiment-minilm-lora] [--shared ../shared/data]

Without --model it reads the configured sentiment model as the pipeline runs it (with its ``escalate``, if any);
--model names one embedded model, run alone.

Runs the pipeline's actor and sentiment steps on both splits (1,405 real articles; cached per split and model
revision under --cache, so a rerun only sweeps), sweeps the centre and the band on dev for macro-F1, then prints
dev and fixed_test with the chosen rule and with the rule now in the code. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stancewatch.runtime import configure_environment  # noqa: E402

configure_environment()

from stancewatch.classify.portrayal import DEFAULT_RULE, PortrayalRule  # noqa: E402
from stancewatch.evaluate.portrayal import article_scores, load_gold, mention_sentiment, report  # noqa: E402

CENTRES = np.round(np.arange(-0.40, 0.21, 0.01), 2)
BANDS = np.round(np.arange(0.0, 0.41, 0.01), 2)


def scored(split: str, args, tools) -> pd.DataFrame:
    """Per-article scores of one split, from the cache when this model revision already ran on it."""
    from stancewatch.ingest.sources import normalize_text
    from stancewatch.models.backends import model_revision

    rows = load_gold(args.shared / "persent" / f"{split}.jsonl")
    # keyed on the model and on the texts as the pipeline reads them: a change to ingest's repairs (mojibake) must
    # not reuse mention offsets computed on the old text
    texts = hashlib.sha256("\x00".join(normalize_text(r["text"]) for r in rows).encode()).hexdigest()[:8]
    revision = hashlib.sha256(model_revision(args.sentiment_model).encode()).hexdigest()[:12]
    cache = args.cache / f"{split}-{revision}-{texts}"
    if not (cache / "mentions.parquet").exists():
        nlp, registry, matcher, backend = tools()
        mentions, sentiment = mention_sentiment(rows, nlp, registry, matcher, backend)
        cache.mkdir(parents=True, exist_ok=True)
        mentions.to_parquet(cache / "mentions.parquet")
        sentiment.to_parquet(cache / "sentiment.parquet")
    mentions, sentiment = pd.read_parquet(cache / "mentions.parquet"), pd.read_parquet(cache / "sentiment.parquet")
    return article_scores(rows, mentions, sentiment)


def choose_rule(scores: pd.DataFrame, centres: np.ndarray = CENTRES) -> PortrayalRule:
    """The rule with the best macro-F1 on ``scores`` over the grid of centres × BANDS (ties: the centre nearest 0)."""
    grid = [
        (report(scores, PortrayalRule(float(c), float(b)))["macro_f1"], -abs(float(c)), float(c), float(b))
        for c in centres
        for b in BANDS
    ]
    best = max(grid)
    return PortrayalRule(best[2], best[3])


def line(name: str, rep: dict) -> str:
    pc = rep["per_class"]
    means = rep["mean_score_by_gold"]
    return (
        f"{name:<34} macro-F1 {rep['macro_f1']:.3f}  acc {rep['accuracy']:.3f}  F1 neg/neu/pos "
        f"{pc['negative']['f1']:.2f}/{pc['neutral']['f1']:.2f}/{pc['positive']['f1']:.2f}  found "
        f"{rep['target_found']:.2f}  "
        f"mean score neg/neu/pos {means['negative']:+.3f}/{means['neutral']:+.3f}/{means['positive']:+.3f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--model", type=Path, default=None, help="one embedded model, alone (default: as configured)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/stancewatch-portrayal-cache"))
    args = ap.parse_args()
    from stancewatch.config import ModelConfig, load_settings

    args.sentiment_model = (
        load_settings(None).sentiment_model
        if args.model is None
        else ModelConfig(kind="target-sentiment", path=str(args.model.resolve()))
    )

    loaded: list = []

    def tools():
        if not loaded:
            from stancewatch.actors.extract import build_matcher, load_spacy
            from stancewatch.actors.registry import ActorRegistry
            from stancewatch.config import load_registry
            from stancewatch.models.backends import load_sentiment_backend

            settings = load_settings(None)
            nlp, registry = load_spacy(settings.spacy_model), ActorRegistry(load_registry(settings))
            loaded.extend([nlp, registry, build_matcher(nlp, registry), load_sentiment_backend(args.sentiment_model)])
        return loaded

    dev, test = scored("dev", args, tools), scored("fixed_test", args, tools)
    chosen = choose_rule(dev)
    print(f"chosen on dev: centre {chosen.centre:+.2f}, band {chosen.band:.2f} (grid {len(CENTRES)} × {len(BANDS)})")
    results = {}
    for name, frame in (("dev", dev), ("fixed_test", test)):
        for rule_name, rule in (("in code", DEFAULT_RULE), ("chosen", chosen)):
            rep = report(frame, rule)
            results[f"{name} {rule_name}"] = rep
            print(line(f"{name} ({rule_name} {rule.centre:+.2f}/{rule.band:.2f})", rep))
    rep = results["fixed_test chosen"]
    from stancewatch.models.backends import model_revision

    print(
        json.dumps(
            {
                "model": str(args.model or "configured"),
                "revision": model_revision(args.sentiment_model),
                "centre": chosen.centre,
                "band": chosen.band,
                "dev_macro_f1": results["dev chosen"]["macro_f1"],
                "fixed_test_macro_f1": rep["macro_f1"],
                "fixed_test_neutral_mean": rep["mean_score_by_gold"]["neutral"],
                "target_found": rep["target_found"],
                "fixed_test_confusion": rep["confusion"]["rows_true_cols_pred"],
            }
        )
    )


if __name__ == "__main__":
    main()
