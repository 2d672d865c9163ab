"""Reproducible fine-tuning of a LoRA-adapted body plus head, with early stopping and calibration on dev."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import torch
from torch import nn

from stancewatch.models import checkpoint
from stancewatch.models.classifier import (
    ClassifierSpec,
    SpanClassifier,
    build,
    encode_batch,
    load_adapter,
    revision_of,
    stance_texts,
)
from stancewatch.models.datasets import SentimentExample, StanceExample
from stancewatch.models.metrics import fit_temperature, report
from stancewatch.models.predict import logits_for
from stancewatch.models.train_settings import TrainSettings


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _batch(tokenizer, spec: ClassifierSpec, examples) -> dict[str, torch.Tensor]:
    if isinstance(examples[0], StanceExample):
        texts = stance_texts(spec, [e.text for e in examples], [e.actor for e in examples])
        batch, focus = encode_batch(tokenizer, texts, None, [e.topic for e in examples], spec.max_length)
    else:
        batch, focus = encode_batch(
            tokenizer, [e.text for e in examples], [[(e.start, e.end)] for e in examples], None, spec.max_length
        )
    batch["focus_mask"] = torch.cat(focus)
    return batch


def length_bucketed_batches(
    lengths: Sequence[int], batch_size: int, rng: random.Random, window: int = 50
) -> list[list[int]]:
    """Batches of example indices in which examples of similar length sit together, in random order.

    The examples are shuffled, cut into windows of ``window`` batches, sorted by length within a window and
    cut into batches; the batches are then shuffled. A batch pads to its longest input, so mixing short news
    sentences with long reader comments in every batch paid for the comments' length on every row."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    size = batch_size * window
    batches = []
    for w in range(0, len(order), size):
        chunk = sorted(order[w : w + size], key=lambda i: lengths[i])
        batches += [chunk[b : b + batch_size] for b in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def _targets(examples: Sequence, labels: Sequence[int], k: int) -> torch.Tensor:
    """Class indices, or — when a row of the batch carries a teacher's probabilities (``soft``, distillation) —
    probability targets: the teacher's where given, one-hot elsewhere (the cross-entropy takes either)."""
    if all(getattr(e, "soft", None) is None for e in examples):
        return torch.tensor(list(labels))
    rows = [e.soft if e.soft is not None else [float(j == y) for j in range(k)] for e, y in zip(examples, labels)]
    return torch.tensor(rows, dtype=torch.float32)


def _class_weights(labels: Sequence[int], k: int) -> torch.Tensor:
    counts = np.bincount(np.asarray(labels), minlength=k).astype(float)
    w = counts.sum() / (k * np.maximum(counts, 1.0))
    return torch.tensor(w, dtype=torch.float32)


def _param_groups(model: SpanClassifier, settings: TrainSettings) -> list[dict]:
    """Adapters and head at ``lr``; with full fine-tuning (``lora_r == 0``) the body's pretrained weights at the
    smaller ``body_lr`` (a fresh head needs a larger step than weights that already encode language)."""
    named = [(k, p) for k, p in model.named_parameters() if p.requires_grad]
    if not model.spec.full_fine_tuning:
        return [{"params": [p for _, p in named], "lr": settings.lr}]
    return [
        {"params": [p for k, p in named if k.startswith("body.")], "lr": settings.body_lr},
        {"params": [p for k, p in named if not k.startswith("body.")], "lr": settings.lr},
    ]


def train_classifier(
    spec: ClassifierSpec,
    train: Sequence[SentimentExample] | Sequence[StanceExample],
    dev: Sequence[SentimentExample] | Sequence[StanceExample],
    settings: TrainSettings,
    progress: Callable[[int, dict], None] | None = None,
    log: Callable[[str], None] = print,
    dev_groups: Sequence[str] | None = None,
    checkpoint_dir: Path | None = None,
    resume: Path | None = None,
    init: Path | None = None,
) -> tuple[SpanClassifier, object, dict]:
    """Train on ``train``, keep the best state by dev macro-F1, then fit a temperature on dev.

    With ``dev_groups`` (one source name per dev example) the state kept is the one with the best
    *mean* of the per-source macro-F1s, so a large dev set (VAST) does not drown a small one (news).

    With ``checkpoint_dir`` the whole training state (trainable weights, optimizer, scheduler, data order, random
    states, best state so far, history) is written there every ``settings.checkpoint_every`` steps, at every dev
    evaluation and when ``settings.time_limit_s`` runs out (then ``TrainingPaused`` is raised). ``resume`` (a
    checkpoint folder) continues such a run exactly where it stopped: same batches, same dropout, same result.

    ``init`` (a trained model folder whose config matches ``spec``) is a warm start: training begins from its adapters
    and head instead of fresh ones.

    Returns (model, tokenizer, history) where history holds the per-evaluation dev scores and the
    final calibrated dev report.
    """
    if not train or not dev:
        raise ValueError("Training needs non-empty train and dev sets.")
    started = time.monotonic()
    set_seed(settings.seed)
    model, tokenizer = build(spec)
    if init is not None:
        load_adapter(model, init)
    index = {name: i for i, name in enumerate(spec.labels)}
    y_train = [index[e.label] for e in train]
    y_dev = [index[e.label] for e in dev]
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(_param_groups(model, settings), lr=settings.lr, weight_decay=settings.weight_decay)
    steps_per_epoch = (len(train) + settings.batch_size - 1) // settings.batch_size
    total = steps_per_epoch * settings.epochs
    warmup = max(1, int(total * settings.warmup_fraction))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    weights = _class_weights(y_train, len(spec.labels)) if settings.class_weighted else None
    loss_fn = nn.CrossEntropyLoss(weight=weights, label_smoothing=settings.label_smoothing)
    groups = list(dev_groups) if dev_groups is not None else ["dev"] * len(dev)
    eval_at = {
        max(1, round(steps_per_epoch * (k + 1) / settings.evals_per_epoch)) for k in range(settings.evals_per_epoch)
    }
    run = checkpoint.RunState(
        fingerprint=checkpoint.fingerprint(
            spec, settings, train, dev, groups, start=revision_of(init) if init is not None else None
        ),
        best_state=model.trainable_state(),
        rng_state=random.Random(settings.seed).getstate(),
    )
    if resume is not None:
        run = checkpoint.load(resume, run.fingerprint, model, optimizer, scheduler)
        log(f"resumed from {resume}: epoch {run.epoch + 1}, step {run.step} of {total}")
    lengths = [len(e.text) + len(getattr(e, "topic", "")) for e in train]

    def save_checkpoint() -> None:
        if checkpoint_dir is not None:
            checkpoint.save(checkpoint_dir, run, model, optimizer, scheduler)

    while run.epoch < settings.epochs and not run.stopped:
        rng = random.Random()
        rng.setstate(checkpoint.as_rng_state(run.rng_state))
        batches = length_bucketed_batches(lengths, settings.batch_size, rng)
        for b in range(run.batch, len(batches)):
            idx = batches[b]
            model.train()
            batch = _batch(tokenizer, spec, [train[i] for i in idx])
            loss = loss_fn(model(batch), _targets([train[i] for i in idx], [y_train[i] for i in idx], len(spec.labels)))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            run.step, run.batch = run.step + 1, b + 1
            if progress is not None:
                progress(1, {"epoch": run.epoch + 1, "loss": float(loss.detach())})
            evaluated = (b + 1) in eval_at
            if evaluated:
                _evaluate(model, tokenizer, dev, y_dev, groups, run, log)
            if evaluated or (settings.checkpoint_every and run.step % settings.checkpoint_every == 0):
                save_checkpoint()
            out_of_time = settings.time_limit_s and time.monotonic() - started > settings.time_limit_s
            if out_of_time and checkpoint_dir is not None and run.step < total:  # no folder: no pause, nothing lost
                save_checkpoint()
                raise TrainingPaused(run.step, total, checkpoint_dir)
        run.epoch, run.batch, run.rng_state = run.epoch + 1, 0, rng.getstate()
        if run.since_best >= settings.patience:
            log(f"early stop after epoch {run.epoch}: no dev improvement in {run.since_best} evaluations")
            run.stopped = True
        save_checkpoint()
    model.load_state_dict(run.best_state, strict=False)
    model.eval()
    history = dict(run.history)
    history["best_dev_macro_f1"] = run.best_f1
    history |= calibrate(model, tokenizer, dev, groups, per_source=len(set(groups)) > 1)
    return model, tokenizer, history


class TrainingPaused(Exception):
    """Training stopped at its time limit after writing a checkpoint; ``--resume`` continues it."""

    def __init__(self, step: int, total: int, checkpoint_dir: Path | None):
        self.step, self.total, self.checkpoint_dir = step, total, checkpoint_dir
        super().__init__(
            f"time limit reached at step {step} of {total}; checkpoint in {checkpoint_dir}: "
            f"run the same command with --resume {checkpoint_dir} to continue"
        )


def _evaluate(model, tokenizer, dev, y_dev, groups, run: "checkpoint.RunState", log) -> None:
    """Score dev, log it, and keep the state if it is the best so far (the mean of the per-source macro-F1s)."""
    dev_logits = logits_for(model, tokenizer, dev)
    probs = torch.softmax(torch.from_numpy(dev_logits), -1).numpy()
    per_source = grouped_macro_f1(y_dev, probs, groups, model.spec.labels)
    f1 = float(np.mean(list(per_source.values())))
    run.history["evals"].append(
        {"epoch": run.epoch + 1, "step": run.step, "dev_macro_f1": f1, "per_source": per_source}
    )
    log(
        f"epoch {run.epoch + 1} step {run.step}: dev macro-F1 {f1:.4f} "
        + " ".join(f"{k} {v:.4f}" for k, v in per_source.items())
    )
    if f1 > run.best_f1:
        run.best_f1, run.best_state, run.since_best = f1, model.trainable_state(), 0
    else:
        run.since_best += 1


def calibrate(
    model: SpanClassifier,
    tokenizer,
    dev: Sequence[SentimentExample] | Sequence[StanceExample],
    groups: Sequence[str],
    per_source: bool,
) -> dict:
    """Fit the model's temperature on ``dev`` (sets ``model.spec.temperature``) and report the calibrated dev scores:
    ``temperature``, ``dev_report`` and, with ``per_source``, ``dev_report_per_source`` (one per name in ``groups``)."""
    from stancewatch.models.predict import probabilities

    index = {name: i for i, name in enumerate(model.spec.labels)}
    y = [index[e.label] for e in dev]
    dev_logits = logits_for(model, tokenizer, dev)
    model.spec.temperature = fit_temperature(dev_logits, y)
    probs = probabilities(model, dev_logits)
    out = {"temperature": model.spec.temperature, "dev_report": report(y, probs, model.spec.labels)}
    if per_source:
        out["dev_report_per_source"] = reports_per_source(y, probs, groups, model.spec.labels)
    return out


def reports_per_source(y: Sequence[int], probs: np.ndarray, groups: Sequence[str], labels: Sequence[str]) -> dict:
    """The full report (metrics.report) per source of the dev examples (groups), in first-seen order."""
    out = {}
    for g in dict.fromkeys(groups):
        mask = np.array([gg == g for gg in groups])
        out[g] = report(np.asarray(y)[mask].tolist(), probs[mask], labels)
    return out


def grouped_macro_f1(
    y: Sequence[int], probs: np.ndarray, groups: Sequence[str], labels: Sequence[str]
) -> dict[str, float]:
    """Macro-F1 per source of the dev examples (groups), in first-seen order."""
    return {g: r["macro_f1"] for g, r in reports_per_source(y, probs, groups, labels).items()}
