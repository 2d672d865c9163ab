"""Train an embedded classifier end to end: read data, fine-tune, calibrate, save weights and a model card."""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path
from typing import Callable

import torch

from stancewatch.models import classifier
from stancewatch.models.classifier import SENTIMENT_LABELS, STANCE_LABELS, ClassifierSpec
from stancewatch.models.datasets import load_sentiment, load_stance
from stancewatch.models.train import TrainSettings, train_classifier

TASKS = {
    "sentiment": ("target-sentiment", SENTIMENT_LABELS, load_sentiment),
    "stance": ("topic-stance", STANCE_LABELS, load_stance),
}


def train_task(
    task: str,
    data: Path,
    dev: Path,
    out: Path,
    settings: TrainSettings,
    max_length: int,
    limit: int | None = None,
    command: str = "",
    progress: Callable[[int, dict], None] | None = None,
    log: Callable[[str], None] = print,
) -> dict:
    """Fine-tune the embedded body for ``task`` and write ``out/`` (weights, config, MODEL_CARD.md, dev_report.json)."""
    if task not in TASKS:
        raise ValueError(f"Unknown task {task!r}; expected one of {sorted(TASKS)}.")
    kind, labels, loader = TASKS[task]
    train_rows, dev_rows = loader(data), loader(dev)
    if limit:
        train_rows, dev_rows = train_rows[:limit], dev_rows[: max(8, limit // 4)]
    spec = ClassifierSpec(kind=kind, labels=list(labels), max_length=max_length, name=out.name)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    started = time.time()
    model, _tok, history = train_classifier(spec, train_rows, dev_rows, settings, progress=progress, log=log)
    history["train_seconds"] = round(time.time() - started, 1)
    classifier.save(model, out)
    (out / "dev_report.json").write_text(json.dumps(history, indent=2) + "\n")
    (out / "MODEL_CARD.md").write_text(model_card(task, model.spec, settings, data, dev, len(train_rows), len(dev_rows), history, command))
    return history


def model_card(task, spec: ClassifierSpec, settings: TrainSettings, data, dev, n_train, n_dev, history, command) -> str:
    rep = history["dev_report"]
    per_class = "\n".join(
        f"| {name} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | {c['support']} |" for name, c in rep["per_class"].items()
    )
    source = {
        "sentiment": "NewsMTSC (Hamborg & Donnay, EACL 2021), MIT licence: target-dependent sentiment toward persons in news sentences.",
        "stance": "VAST (Allaway & McKeown, EMNLP 2020), research release: stance of reader comments toward noun-phrase topics.",
    }[task]
    return f"""# {spec.name}

Kind: `{spec.kind}` — labels {', '.join(spec.labels)}.
Body: `{spec.body}` (all-MiniLM-L6-v2, Apache-2.0, installed from PyPI; not stored here).
What this folder holds: LoRA adapters (r={spec.lora_r}, alpha={spec.lora_alpha}) on {', '.join(spec.lora_targets)}
and a 2-layer head over [mean of focus tokens ; mean of all tokens]; `adapter.safetensors` + `config.json`.

## Data
{source}
- train: `{data}` ({n_train} examples)
- dev (early stopping and temperature): `{dev}` ({n_dev} examples)
- The held-out test split is not used here.

## Reproduce
```
{command}
```
Seed {settings.seed}; epochs {settings.epochs}; batch {settings.batch_size}; lr {settings.lr}; max length {spec.max_length};
class-weighted loss: {settings.class_weighted}; trained in {history['train_seconds']} s on {platform.machine()} CPU ({torch.get_num_threads()} threads).

## Dev scores (after temperature scaling, T = {spec.temperature:.3f})
macro-F1 **{rep['macro_f1']:.4f}**, accuracy {rep['accuracy']:.4f}, ECE {rep['ece']:.4f} (n = {rep['n']}).

| class | precision | recall | F1 | support |
|---|---|---|---|---|
{per_class}

Dev was used for model selection and calibration, so these scores are optimistic; the held-out test
split is measured elsewhere. Evaluate with `stancewatch evaluate {task} --input FILE --model models/{spec.name}`.

## Known limits
- English only; news-style sentences (sentiment) and reader comments (stance) — short quotes and
  reported speech in the pipeline are shorter than the comments the stance model learnt from.
- Inputs longer than {spec.max_length} tokens are truncated from the end.
"""
