"""Classification metrics: accuracy, macro-F1, per-class P/R/F1, confusion matrix, expected calibration error."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def expected_calibration_error(probs: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    """ECE with equal-width confidence bins (Guo et al. 2017)."""
    conf = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == y).astype(float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            ece += sel.mean() * abs(correct[sel].mean() - conf[sel].mean())
    return float(ece)


def report(y_true: Sequence[int], probs: np.ndarray, labels: Sequence[str]) -> dict:
    y = np.asarray(y_true)
    pred = probs.argmax(axis=1)
    k = len(labels)
    confusion = np.zeros((k, k), dtype=int)
    for t, p in zip(y, pred):
        confusion[t, p] += 1
    per_class = {}
    for i, name in enumerate(labels):
        tp = confusion[i, i]
        precision = tp / confusion[:, i].sum() if confusion[:, i].sum() else 0.0
        recall = tp / confusion[i, :].sum() if confusion[i, :].sum() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[name] = {
            "precision": float(precision),
            "recall": float(recall),
            "f1": float(f1),
            "support": int(confusion[i, :].sum()),
        }
    return {
        "n": int(len(y)),
        "accuracy": float((pred == y).mean()) if len(y) else 0.0,
        "macro_f1": float(np.mean([c["f1"] for c in per_class.values()])),
        "per_class": per_class,
        "confusion": {"labels": list(labels), "rows_true_cols_pred": confusion.tolist()},
        "ece": expected_calibration_error(probs, y) if len(y) else 0.0,
    }


def fit_temperature(logits: np.ndarray, y: Sequence[int]) -> float:
    """Temperature that minimises negative log-likelihood on held-out logits (grid + refinement)."""
    y = np.asarray(y)

    def nll(t: float) -> float:
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(y)), y].mean())

    grid = np.exp(np.linspace(np.log(0.25), np.log(8.0), 120))
    best = min(grid, key=nll)
    for step in (0.05, 0.01, 0.002):
        cands = best * np.exp(np.arange(-5, 6) * step)
        best = min(cands, key=nll)
    return float(best)
