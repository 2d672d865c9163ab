"""`stancewatch evaluate stance`: one JSON report over several labelled stance sets.

The default suite is the team's news test split (topic-disjoint from everything used to train or
choose), its other actors (the same sentences, asked about another actor in them: does the model read whose stance
it gives?), its topic-polarity pairs (the same sentences toward the topic framed the other way, "ending X" for "X":
favor and against swapped; scripts/build_topic_polarity.py), and the dev splits of VAST, Perspectrum and SemEval-2016
from the shared data. Per set:
accuracy, macro-F1 over the classes its gold uses (Perspectrum has no neutral), SemEval's F_avg
(mean of favor-F1 and against-F1), per-class scores, the confusion matrix, calibration error, and
for sets with a `pair` field (the news corpus) the contrast pairs: the share of minimal pairs with
both members right. For a set whose gold uses fewer classes than the model (Perspectrum: favor and against
only) the decision restricted to those classes is scored too (`restricted_to_present_classes`), beside the
three-way scores.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from stancewatch.models import metrics
from stancewatch.models.sheets import is_sheet

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"
DEFAULT_SUITE = {
    "news_test": REPO / "data" / "stance_news" / "test.jsonl",
    "news_test_other_actors": REPO / "data" / "stance_news" / "test_other_actors.jsonl",
    "news_test_polarity": REPO / "data" / "stance_news" / "test_polarity.jsonl",
    "vast_dev": SHARED / "vast" / "dev.jsonl",
    "perspectrum_dev": SHARED / "perspectrum" / "dev.jsonl",
    "semeval_dev": SHARED / "semeval2016" / "dev.jsonl",
}


def set_name(path: Path) -> str:
    return f"{path.parent.name}_{path.stem}"


def pair_ids(path: Path) -> list[str | None] | None:
    """The `pair` field of every row (None where there is none), in file order; None for a coded sheet (no pairs)."""
    if is_sheet(path):
        return None
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line).get("pair") for line in fh if line.strip()]


def contrast_pairs(pairs: Sequence[str | None], correct: Sequence[bool]) -> dict | None:
    """Minimal pairs (two rows sharing a pair id) with both members right; None when the set has no pairs."""
    members: dict[str, list[bool]] = {}
    for p, ok in zip(pairs, correct):
        if p:
            members.setdefault(p, []).append(bool(ok))
    full = {p: oks for p, oks in members.items() if len(oks) >= 2}
    if not full:
        return None
    both = sum(all(oks) for oks in full.values())
    return {"pairs": len(full), "both_right": both, "share_both_right": both / len(full)}


def score_set(
    gold: Sequence[int], probs: np.ndarray, labels: Sequence[str], pairs: Sequence[str | None] | None = None
) -> dict:
    rep = metrics.report(gold, probs, labels)
    present = [name for name, c in rep["per_class"].items() if c["support"]]
    rep["macro_f1_present"] = float(np.mean([rep["per_class"][n]["f1"] for n in present])) if present else 0.0
    if {"favor", "against"} <= set(labels):  # stance sets only (this also scores sentiment sets)
        rep["f_avg_favor_against"] = (rep["per_class"]["favor"]["f1"] + rep["per_class"]["against"]["f1"]) / 2
    absent = [i for i, name in enumerate(labels) if not rep["per_class"][name]["support"]]
    if absent and len(present) >= 2:
        # The set's gold uses fewer classes than the model (Perspectrum has no neutral): also score the decision
        # restricted to the set's classes, the protocol of two-class stance benchmarks. Reported beside, never instead.
        kept = [i for i in range(len(labels)) if i not in absent]
        sub = probs[:, kept] / probs[:, kept].sum(axis=1, keepdims=True)
        remap = {old: new for new, old in enumerate(kept)}
        restricted = metrics.report([remap[g] for g in gold], sub, [labels[i] for i in kept])
        rep["restricted_to_present_classes"] = {
            "labels": [labels[i] for i in kept],
            "accuracy": restricted["accuracy"],
            "macro_f1": restricted["macro_f1"],
        }
    if pairs is not None:
        correct = np.asarray(gold) == probs.argmax(axis=1)
        rep["contrast_pairs"] = contrast_pairs(pairs, correct)
    return rep


def evaluate_suite(
    sets: dict[str, Path], predict: Callable[[list], np.ndarray], load: Callable[[Path], list], labels: Sequence[str]
) -> dict[str, dict]:
    """Score ``predict`` (examples → calibrated probabilities) on every set; missing files are reported, not fatal."""
    index = {n: i for i, n in enumerate(labels)}
    out: dict[str, dict] = {}
    for name, path in sets.items():
        if not Path(path).exists():
            out[name] = {"input": str(path), "missing": True}
            continue
        rows = load(path)
        probs = predict(rows)
        out[name] = score_set([index[r.label] for r in rows], probs, labels, pair_ids(path)) | {"input": str(path)}
    return out
