"""Weak labels from PerSenT dev for the mention sentiment model: does teaching it PerSenT's notion of portrayal help?

    nice -n 10 .venv/bin/python benchmarks/portrayal_weak.py [--copies 1] [--epochs 2] [--out /tmp/pw]

The protocol (PerSenT fixed_test is never used for a choice):

1. PerSenT dev (578 articles) is split by article, stratified by gold label, with a fixed seed (--split-seed) into
   dev-A (--frac-a, 60 %) and dev-B (the rest). The split is written to OUT/data/split.json.
2. Weak rows from dev-A only: every mention of the article's target (the pipeline's own mentions, named and coref,
   of the actor that `portrayal_eval.target_actor` matches to the gold target) gets the article's label; one
   NewsMTSC-format row per sentence (`sentence_normalized`, one target per mention, polarity 2/4/6), written to
   OUT/data/weak_devA.jsonl.
3. A sentiment model is trained on NewsMTSC train + the weak rows (drawn --copies times) with the shipped card's
   settings (lr 1e-3, batch 32, max length 128, seed 13, LoRA r 8) and --epochs; NewsMTSC dev_rw and dev_mt stay the
   --dev files (checkpoint selection and temperature), so their scores are in the new model's card.
   Output: OUT/models/weak-x{copies}-e{epochs}-s{seed}-a{frac}/ (skipped when it already holds a model; --retrain
   to force).
4. The pipeline's actor and sentiment steps run on dev-B and fixed_test with the shipped and the new model; for each
   model the portrayal rule (centre −0.40…0.20, band 0…0.40, steps 0.01, as benchmarks/portrayal_choice.py) is chosen
   on dev-B only. Reported per model and split: macro-F1, per-class F1, mean centred score of gold-neutral articles,
   ROC AUC of the raw article score (positive vs rest, negative vs rest; articles whose target was found), and the
   model's NewsMTSC dev_rw / dev_mt macro-F1. Printed as a table; OUT/results.json holds everything. Beside it, a
   diagnostic: whether the chosen rule sits on the grid's edge, and the rule chosen (on dev-B) over wider centres
   −0.60…0.60, since a model trained on the weak rows can move the whole score scale.

Caches under OUT/cache: the actor step's mentions per split (model-independent; computed with spaCy when absent)
and the sentiment rows per split × model revision, so a rerun only sweeps. CPU: the training is the long part
(about 7 min for 2 epochs on 2 idle threads, more beside other jobs; the first sentiment pass over dev-B and
fixed_test takes about 5 min per model); run the whole script under `nice` beside other jobs.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stancewatch.runtime import configure_environment  # noqa: E402

configure_environment()

from benchmarks.portrayal_choice import BANDS, CENTRES, choose_rule  # noqa: E402
from stancewatch.aggregate.summaries import named_mentions  # noqa: E402
from stancewatch.classify.portrayal import PORTRAYAL_LABELS  # noqa: E402
from stancewatch.evaluate.portrayal import article_scores, load_gold, report, target_actor  # noqa: E402

POLARITY_OF = {"negative": 2.0, "neutral": 4.0, "positive": 6.0}
# NewsMTSC dev scores of the shipped model (models/sentiment-minilm-lora/MODEL_CARD.md, "Per dev split").
SHIPPED_NEWSMTSC = {"newsmtsc_rw": 0.822, "newsmtsc_mt": 0.731}


# ---------------------------------------------------------------------------------------------------------- split
def split_tag(args) -> str:
    """The dev-A / dev-B split in file names: a model or a dev-B score from another split is never reused."""
    return f"s{args.split_seed}-a{args.frac_a}"


def split_dev(rows: list[dict], frac_a: float, seed: int) -> tuple[list[str], list[str]]:
    """Article ids of dev-A and dev-B: within each gold label, a seeded shuffle, the first round(frac_a · n) to A."""
    rng = np.random.default_rng(seed)
    a, b = [], []
    for lab in PORTRAYAL_LABELS:
        ids = sorted(r["id"] for r in rows if r["label"] == lab)
        ids = [ids[i] for i in rng.permutation(len(ids))]
        k = int(round(frac_a * len(ids)))
        a += ids[:k]
        b += ids[k:]
    return sorted(a), sorted(b)


# ------------------------------------------------------------------------------------------------ pipeline steps
class Tools:
    """spaCy, the actor registry and matcher, loaded once and only when a cache is missing."""

    def __init__(self):
        self._loaded = None

    def actors(self):
        if self._loaded is None:
            from stancewatch.actors.extract import build_matcher, load_spacy
            from stancewatch.actors.registry import ActorRegistry
            from stancewatch.config import load_registry, load_settings

            settings = load_settings(None)
            nlp, registry = load_spacy(settings.spacy_model), ActorRegistry(load_registry(settings))
            self._loaded = (settings, nlp, registry, build_matcher(nlp, registry))
        return self._loaded

    def backend(self, model: Path):
        from stancewatch.config import ModelConfig, load_settings
        from stancewatch.models.backends import load_sentiment_backend

        settings = load_settings(None)
        cfg = ModelConfig(**(settings.sentiment_model.model_dump() | {"path": str(model.resolve())}))
        return load_sentiment_backend(cfg)


def texts_of(rows: list[dict]) -> dict[str, str]:
    from stancewatch.ingest.sources import normalize_text

    return {r["id"]: normalize_text(r["text"]) for r in rows}


def mentions_for(split: str, rows: list[dict], cache: Path, tools: Tools) -> pd.DataFrame:
    """The actor step's mentions of one split (as portrayal_eval.mention_sentiment extracts them), cached."""
    path = cache / f"mentions-{split}.parquet"
    if not path.exists():
        from stancewatch.actors.extract import extract

        _settings, nlp, registry, matcher = tools.actors()
        text = texts_of(rows)
        out: list[dict] = []
        for r, doc in zip(rows, nlp.pipe([text[r["id"]] for r in rows], batch_size=32)):
            out += extract(doc, r["id"], registry, matcher).mentions
        cache.mkdir(parents=True, exist_ok=True)
        pd.DataFrame(out).to_parquet(path)
    return pd.read_parquet(path)


def sentiment_for(
    split: str, part: str, rows: list[dict], mentions: pd.DataFrame, model: Path, cache: Path, tools: Tools
) -> pd.DataFrame:
    """The sentiment step (classify.sentiment_rows, as the pipeline runs it) over the mentions of ``rows``, cached
    per split part and model revision."""
    from stancewatch.classify.rows import sentiment_rows
    from stancewatch.models.classifier import revision_of

    path = cache / f"sentiment-{split}-{part}-{revision_of(model)[:12]}.parquet"
    if not path.exists():
        ids = {r["id"] for r in rows}
        m = mentions[mentions["doc_id"].isin(ids)]
        text = texts_of(rows)
        documents = pd.DataFrame({"doc_id": list(text), "text": list(text.values())})
        pd.DataFrame(sentiment_rows(documents, m, tools.backend(model))).to_parquet(path)
    return pd.read_parquet(path)


# ------------------------------------------------------------------------------------------------------ weak rows
def weak_rows(rows: list[dict], mentions: pd.DataFrame) -> tuple[list[dict], dict]:
    """One NewsMTSC-format row per sentence holding a mention of the article's target; every such mention (named
    or coref, as the sentiment step scores them) is a target with the article's gold label."""
    text = texts_of(rows)
    by_doc = dict(tuple(mentions.groupby("doc_id"))) if len(mentions) else {}
    out, stats = [], {"articles": len(rows), "articles_used": 0, "sentences": 0, "targets": 0}
    stats["targets_by_label"] = {lab: 0 for lab in PORTRAYAL_LABELS}
    for r in rows:
        m = by_doc.get(r["id"])
        if m is None:
            continue
        actor = target_actor(r["target"], named_mentions(m))
        if actor is None:
            continue
        mine = m[m["is_actor"] & (m["actor_id"] == actor)]
        if mine.empty:
            continue
        stats["articles_used"] += 1
        for (s0, s1), g in mine.groupby(["sentence_start", "sentence_end"], sort=True):
            s0, s1 = int(s0), int(s1)
            sentence = text[r["id"]][s0:s1]
            targets = [
                {
                    "Input.gid": f"persent_{r['id']}_{int(a)}",
                    "from": int(a) - s0,
                    "to": int(b) - s0,
                    "mention": sentence[int(a) - s0 : int(b) - s0],
                    "polarity": POLARITY_OF[r["label"]],
                }
                for a, b in sorted(set(zip(g["start"], g["end"])))
            ]
            out.append({"primary_gid": f"persent_{r['id']}_{s0}", "sentence_normalized": sentence, "targets": targets})
            stats["sentences"] += 1
            stats["targets"] += len(targets)
            stats["targets_by_label"][r["label"]] += len(targets)
    return out, stats


# ---------------------------------------------------------------------------------------------------------- train
def train(args, weak_path: Path, n_weak: int, out: Path) -> list[str]:
    cmd = [
        str(REPO / ".venv" / "bin" / "stancewatch"),
        "train",
        "sentiment",
        "--data",
        str(args.shared / "newsmtsc" / "train.jsonl"),
        "--data",
        f"{weak_path}:{n_weak * args.copies}",
        "--dev",
        str(args.shared / "newsmtsc" / "dev_rw.jsonl"),
        "--dev",
        str(args.shared / "newsmtsc" / "dev_mt.jsonl"),
        "--out",
        str(out),
        "--epochs",
        str(args.epochs),
        "--lr",
        "1e-3",
        "--batch-size",
        "32",
        "--max-length",
        "128",
        "--seed",
        str(args.seed),
    ]
    if not (out / "adapter.safetensors").exists() or args.retrain:
        print("training:", shlex.join(cmd), flush=True)
        log = args.out / "logs" / f"train-{out.name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "w") as fh:
            subprocess.run(cmd, check=True, stdout=fh, stderr=subprocess.STDOUT, cwd=REPO, env=os.environ.copy())
    return cmd


def newsmtsc_scores(model: Path) -> dict:
    rep = json.loads((model / "dev_report.json").read_text())
    return {name: round(r["macro_f1"], 4) for name, r in rep.get("dev_report_per_source", {}).items()}


# ----------------------------------------------------------------------------------------------------- evaluation
# A wider grid of centres, reported beside the main choice (also chosen on dev-B): a model trained on the weak rows
# can move the whole score scale so far that the best centre sits on the edge of portrayal_choice.py's grid.
WIDE_CENTRES = np.round(np.arange(-0.60, 0.61, 0.01), 2)


def aucs(scores: pd.DataFrame) -> dict:
    from sklearn.metrics import roc_auc_score

    found = scores[scores["found"]]
    x = found["mean_sentiment"].astype(float).to_numpy()
    return {
        "auc_pos_vs_rest": float(roc_auc_score(found["gold"] == "positive", x)),
        "auc_neg_vs_rest": float(roc_auc_score(found["gold"] == "negative", -x)),
        "raw_mean_by_gold": {
            lab: float(found.loc[found["gold"] == lab, "mean_sentiment"].mean()) for lab in PORTRAYAL_LABELS
        },
    }


def evaluate(name: str, model: Path, splits: dict, mentions: dict, args, tools: Tools) -> dict:
    frames = {}
    for split, (file_split, rows) in splits.items():
        sent = sentiment_for(
            file_split, f"{split}-{split_tag(args)}", rows, mentions[file_split], model, args.out / "cache", tools
        )
        m = mentions[file_split]
        frames[split] = article_scores(rows, m[m["doc_id"].isin({r["id"] for r in rows})], sent)
    rule = choose_rule(frames["dev_b"])
    edge = rule.centre in (float(CENTRES[0]), float(CENTRES[-1])) or rule.band == float(BANDS[-1])
    out = {"model": str(model), "rule": {"centre": rule.centre, "band": rule.band, "on_grid_edge": edge}}
    wide = choose_rule(frames["dev_b"], WIDE_CENTRES)
    out["wide_grid"] = {"centre": wide.centre, "band": wide.band} | {
        split: report(frame, wide)["macro_f1"] for split, frame in frames.items()
    }
    for split, frame in frames.items():
        rep = report(frame, rule)
        out[split] = {
            "n": len(frame),
            "macro_f1": rep["macro_f1"],
            "f1": {lab: rep["per_class"][lab]["f1"] for lab in PORTRAYAL_LABELS},
            "neutral_mean_centred": rep["mean_score_by_gold"]["neutral"],
            "target_found": rep["target_found"],
            "confusion": rep["confusion"]["rows_true_cols_pred"],
        } | aucs(frame)
    out["newsmtsc"] = SHIPPED_NEWSMTSC if name == "shipped" else newsmtsc_scores(model)
    return out


def table(results: dict) -> str:
    head = (
        "| model | rule (chosen on dev-B) | split | macro-F1 | F1 neg / neu / pos | gold-neutral mean (centred) "
        "| AUC pos-vs-rest | AUC neg-vs-rest | NewsMTSC dev_rw / dev_mt |\n|---|---|---|---|---|---|---|---|---|"
    )
    lines = [head]
    for name, r in results.items():
        for split in ("dev_b", "fixed_test"):
            s = r[split]
            nm = r["newsmtsc"]
            lines.append(
                f"| {name} | {r['rule']['centre']:+.2f} / ±{r['rule']['band']:.2f} | {split} | {s['macro_f1']:.3f} | "
                f"{s['f1']['negative']:.2f} / {s['f1']['neutral']:.2f} / {s['f1']['positive']:.2f} | "
                f"{s['neutral_mean_centred']:+.3f} | {s['auc_pos_vs_rest']:.3f} | {s['auc_neg_vs_rest']:.3f} | "
                f"{nm.get('newsmtsc_rw', float('nan')):.3f} / {nm.get('newsmtsc_mt', float('nan')):.3f} |"
            )
    lines.append("")
    for name, r in results.items():
        w = r["wide_grid"]
        lines.append(
            f"{name}: rule on grid edge: {r['rule']['on_grid_edge']}; wide grid (centres -0.60…0.60, chosen on dev-B) "
            f"{w['centre']:+.2f} / ±{w['band']:.2f}: dev_b {w['dev_b']:.3f}, fixed_test {w['fixed_test']:.3f}"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--shipped", type=Path, default=REPO / "models" / "sentiment-minilm-lora")
    ap.add_argument("--out", type=Path, default=Path("/tmp/pw"), help="data, models, caches, logs and results")
    ap.add_argument("--frac-a", type=float, default=0.6, help="share of PerSenT dev (per label) in dev-A")
    ap.add_argument("--split-seed", type=int, default=2026)
    ap.add_argument("--copies", type=int, default=1, help="how many times the weak rows are drawn into training")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13, help="training seed (the shipped card's)")
    ap.add_argument(
        "--model",
        type=Path,
        help="evaluate this trained model instead of OUT/models/weak-x{copies}-e{epochs}-s{seed}-a{frac}",
    )
    ap.add_argument("--retrain", action="store_true", help="train even when the model folder already holds one")
    ap.add_argument("--stage", choices=["data", "train", "all"], default="all", help="stop after this stage")
    args = ap.parse_args()
    args.out = args.out.resolve()
    tools = Tools()

    dev_rows = load_gold(args.shared / "persent" / "dev.jsonl")
    test_rows = load_gold(args.shared / "persent" / "fixed_test.jsonl")
    ids_a, ids_b = split_dev(dev_rows, args.frac_a, args.split_seed)
    (args.out / "data").mkdir(parents=True, exist_ok=True)
    (args.out / "data" / "split.json").write_text(
        json.dumps({"seed": args.split_seed, "frac_a": args.frac_a, "dev_a": ids_a, "dev_b": ids_b}) + "\n"
    )
    rows_a = [r for r in dev_rows if r["id"] in set(ids_a)]
    rows_b = [r for r in dev_rows if r["id"] in set(ids_b)]
    mentions = {"dev": mentions_for("dev", dev_rows, args.out / "cache", tools)}

    weak, stats = weak_rows(rows_a, mentions["dev"])
    weak_path = args.out / "data" / "weak_devA.jsonl"
    weak_path.write_text("".join(json.dumps(w, ensure_ascii=False) + "\n" for w in weak))
    n_weak = stats["targets"]
    print(f"dev-A {len(ids_a)} articles, dev-B {len(ids_b)}; weak rows {json.dumps(stats)} -> {weak_path}", flush=True)
    if args.stage == "data":
        return

    model = args.model or args.out / "models" / f"weak-x{args.copies}-e{args.epochs}-{split_tag(args)}"
    cmd = train(args, weak_path, n_weak, model) if args.model is None else None
    if args.stage == "train":
        return

    mentions["fixed_test"] = mentions_for("fixed_test", test_rows, args.out / "cache", tools)
    splits = {"dev_b": ("dev", rows_b), "fixed_test": ("fixed_test", test_rows)}
    results = {
        "shipped": evaluate("shipped", args.shipped, splits, mentions, args, tools),
        model.name: evaluate(model.name, model, splits, mentions, args, tools),
    }
    print(table(results))
    summary = {
        "split": {"seed": args.split_seed, "dev_a": len(ids_a), "dev_b": len(ids_b)},
        "weak": stats | {"copies": args.copies},
        "train_command": shlex.join(cmd) if cmd else None,
        "results": results,
    }
    (args.out / "results.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps({k: {s: r[s]["macro_f1"] for s in ("dev_b", "fixed_test")} for k, r in results.items()}))


if __name__ == "__main__":
    main()
