"""Batched predictions for labelled or unlabelled examples of either task."""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from stancewatch.models.classifier import SpanClassifier, predict_pairs, predict_spans, softmax_np
from stancewatch.models.datasets import SentimentExample, StanceExample


def logits_for(
    model: SpanClassifier,
    tokenizer,
    examples: Sequence[SentimentExample] | Sequence[StanceExample],
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Raw logits, one row per example, in input order. Sentences shared by several targets are encoded once."""
    if not examples:
        return np.zeros((0, len(model.spec.labels)), dtype=np.float32)
    if isinstance(examples[0], StanceExample):
        texts, topics = [e.text for e in examples], [e.topic for e in examples]
        return predict_pairs(model, tokenizer, texts, topics, batch_size, progress, [e.actor for e in examples])
    texts, spans, rows = by_sentence(examples)
    per_text = predict_spans(model, tokenizer, texts, spans, batch_size, progress)
    out = np.zeros((len(examples), len(model.spec.labels)), dtype=np.float32)
    for idx, logits in zip(rows, per_text):
        out[idx] = logits
    return out


def by_sentence(
    examples: Sequence[SentimentExample],
) -> tuple[list[str], list[list[tuple[int, int]]], list[list[int]]]:
    """The distinct sentences of sentiment examples (first-seen order), each with its target spans and the indices
    of its examples: sentences shared by several targets are encoded once, as in the pipeline."""
    by_text: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        by_text.setdefault(e.text, []).append(i)
    texts = list(by_text)
    return (
        texts,
        [[(examples[i].start, examples[i].end) for i in by_text[t]] for t in texts],
        [by_text[t] for t in texts],
    )


def probabilities(model: SpanClassifier, logits: np.ndarray) -> np.ndarray:
    """Calibrated probabilities (the model's fitted temperature applied)."""
    return softmax_np(logits, model.spec.temperature)


def sentiment_probabilities(
    backend, examples: Sequence[SentimentExample], progress: Callable[[int], None] | None = None
) -> np.ndarray:
    """Probabilities from a sentiment backend (stancewatch/models/backends.py), one row per example, in input
    order: the examples that share a sentence go to it together, as in the pipeline."""
    texts, spans, rows = by_sentence(examples)
    out = np.zeros((len(examples), 3), dtype=np.float32)
    for idx, probs in zip(rows, backend.predict(texts, spans, progress)):
        out[idx] = probs
    return out
