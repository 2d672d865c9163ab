"""Reproducible fine-tuning of a LoRA-adapted body plus head, with early stopping and calibration on dev."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import torch
from torch import nn

from stancewatch.metrics import fit_temperature, report
from stancewatch.models.classifier import ClassifierSpec, SpanClassifier, build, encode_batch
from stancewatch.models.datasets import SentimentExample, StanceExample
from stancewatch.models.predict import logits_for


@dataclass
class TrainSettings:
    epochs: int = 3
    batch_size: int = 32
    lr: float = 5e-4
    weight_decay: float = 0.01
    warmup_fraction: float = 0.06
    seed: int = 13
    patience: int = 2
    evals_per_epoch: int = 2
    class_weighted: bool = True


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _batch(tokenizer, spec: ClassifierSpec, examples) -> dict[str, torch.Tensor]:
    if isinstance(examples[0], StanceExample):
        batch, focus = encode_batch(tokenizer, [e.text for e in examples], None, [e.topic for e in examples], spec.max_length)
    else:
        batch, focus = encode_batch(tokenizer, [e.text for e in examples], [[(e.start, e.end)] for e in examples], None, spec.max_length)
    batch["focus_mask"] = torch.cat(focus)
    return batch


def _class_weights(labels: Sequence[int], k: int) -> torch.Tensor:
    counts = np.bincount(np.asarray(labels), minlength=k).astype(float)
    w = counts.sum() / (k * np.maximum(counts, 1.0))
    return torch.tensor(w, dtype=torch.float32)


def train_classifier(
    spec: ClassifierSpec,
    train: Sequence[SentimentExample] | Sequence[StanceExample],
    dev: Sequence[SentimentExample] | Sequence[StanceExample],
    settings: TrainSettings,
    progress: Callable[[int, dict], None] | None = None,
    log: Callable[[str], None] = print,
) -> tuple[SpanClassifier, object, dict]:
    """Train on ``train``, keep the best state by dev macro-F1, then fit a temperature on dev.

    Returns (model, tokenizer, history) where history holds the per-evaluation dev scores and the
    final calibrated dev report.
    """
    if not train or not dev:
        raise ValueError("Training needs non-empty train and dev sets.")
    set_seed(settings.seed)
    model, tokenizer = build(spec)
    index = {name: i for i, name in enumerate(spec.labels)}
    y_train = [index[e.label] for e in train]
    y_dev = [index[e.label] for e in dev]
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=settings.lr, weight_decay=settings.weight_decay)
    steps_per_epoch = (len(train) + settings.batch_size - 1) // settings.batch_size
    total = steps_per_epoch * settings.epochs
    warmup = max(1, int(total * settings.warmup_fraction))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    weights = _class_weights(y_train, len(spec.labels)) if settings.class_weighted else None
    loss_fn = nn.CrossEntropyLoss(weight=weights)
    eval_at = {max(1, round(steps_per_epoch * (k + 1) / settings.evals_per_epoch)) for k in range(settings.evals_per_epoch)}
    history: dict = {"evals": []}
    best_f1, best_state, since_best, step = -1.0, model.trainable_state(), 0, 0
    rng = random.Random(settings.seed)
    for epoch in range(settings.epochs):
        order = list(range(len(train)))
        rng.shuffle(order)
        for b in range(steps_per_epoch):
            model.train()
            idx = order[b * settings.batch_size : (b + 1) * settings.batch_size]
            batch = _batch(tokenizer, spec, [train[i] for i in idx])
            loss = loss_fn(model(batch), torch.tensor([y_train[i] for i in idx]))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            if progress is not None:
                progress(1, {"epoch": epoch + 1, "loss": float(loss.detach())})
            if (b + 1) in eval_at:
                dev_logits = logits_for(model, tokenizer, dev)
                scores = report(y_dev, torch.softmax(torch.from_numpy(dev_logits), -1).numpy(), spec.labels)
                history["evals"].append({"epoch": epoch + 1, "step": step, "dev_macro_f1": scores["macro_f1"], "dev_accuracy": scores["accuracy"]})
                log(f"epoch {epoch + 1} step {step}: dev macro-F1 {scores['macro_f1']:.4f} accuracy {scores['accuracy']:.4f}")
                if scores["macro_f1"] > best_f1:
                    best_f1, best_state, since_best = scores["macro_f1"], model.trainable_state(), 0
                else:
                    since_best += 1
        if since_best >= settings.patience:
            log(f"early stop after epoch {epoch + 1}: no dev improvement in {since_best} evaluations")
            break
    model.load_state_dict(best_state, strict=False)
    model.eval()
    dev_logits = logits_for(model, tokenizer, dev)
    model.spec.temperature = fit_temperature(dev_logits, y_dev)
    from stancewatch.models.predict import probabilities

    history["best_dev_macro_f1"] = best_f1
    history["temperature"] = model.spec.temperature
    history["dev_report"] = report(y_dev, probabilities(model, dev_logits), spec.labels)
    return model, tokenizer, history
