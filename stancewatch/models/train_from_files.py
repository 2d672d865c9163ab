"""Train an embedded classifier end to end: read data, fine-tune, calibrate, save weights and a model card."""

from __future__ import annotations

import json
import platform
import random
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

import torch

from stancewatch.models import classifier
from stancewatch.models.body import BODIES, EMBEDDED_BODY, default_lora_targets, layer_count
from stancewatch.models.classifier import SENTIMENT_LABELS, STANCE_LABELS, ClassifierSpec
from stancewatch.models.datasets import DataFormatError, load_sentiment, load_stance
from stancewatch.models.distill import soft_targets, with_other_topics
from stancewatch.models.sheets import is_sheet
from stancewatch.models.train import TrainSettings, train_classifier
from stancewatch.models.train_settings import DEFAULT_LORA_R
from stancewatch.runtime import progress_bar

CHECKPOINT_DIR = "checkpoint"
TEACHER_PROBS = "teacher_probs.npy"  # distillation: the teacher's probabilities, kept until the model is saved

TASKS = {
    "sentiment": ("target-sentiment", SENTIMENT_LABELS, load_sentiment),
    "stance": ("topic-stance", STANCE_LABELS, load_stance),
}


@dataclass(frozen=True)
class Source:
    """One training or dev file; ``n`` rows are drawn from it (seeded; repeated when n exceeds its size)."""

    path: Path
    n: int | None = None

    @property
    def name(self) -> str:
        """The folder for ``train`` / ``dev`` / ``test`` files (``vast``); folder and suffix for the splits of one
        folder (``newsmtsc_rw`` for newsmtsc/dev_rw.jsonl), so that two dev files of one folder are selected on
        separately; the file's stem otherwise."""
        stem, folder = self.path.stem, self.path.parent.name
        if stem in ("train", "dev", "test"):
            return folder
        split, sep, suffix = stem.partition("_")
        if sep and split in ("train", "dev", "test"):
            return f"{folder}_{suffix}"
        return folder if stem.startswith("dev") else stem

    @classmethod
    def parse(cls, spec: str | Path) -> "Source":
        """``PATH`` or ``PATH:N`` (N rows drawn per training run)."""
        text = str(spec)
        head, sep, tail = text.rpartition(":")
        if sep and tail.isdigit():
            return cls(Path(head), int(tail))
        return cls(Path(text))


def draw(rows: list, n: int | None, rng: random.Random) -> list:
    """``n`` rows of ``rows``: a sample without replacement, or every row k times plus a sample of the rest."""
    if n is None or n == len(rows):
        return list(rows)
    k, rest = divmod(n, len(rows))
    return list(rows) * k + rng.sample(list(rows), rest)


@dataclass(frozen=True)
class Distillation:
    """What `stancewatch distill` adds to training: the teacher model's folder, unlabelled sources (``PATH:N``),
    for stance how many other topics each unlabelled statement is also paired with, and the weight of a labelled
    row's own label against the teacher's probabilities."""

    teacher: Path
    unlabelled: tuple[Source, ...] = ()
    other_topics: int = 0
    hard_weight: float = 0.5


def _unlabelled_rows(task, distillation: Distillation, loader, limit, rng: random.Random, mix: dict, log) -> list:
    """The unlabelled sources' rows (labels dropped), drawn as ``PATH:N`` says; stance statements also paired with
    ``other_topics`` other topics of their file."""
    out = []
    for src in distillation.unlabelled:
        rows = [replace(r, label=None) for r in loader(src.path, require_label=False)]
        drawn = draw(rows[:limit] if limit else rows, src.n, rng)
        if task == "stance" and distillation.other_topics:
            drawn += with_other_topics(drawn, distillation.other_topics, rng)
        mix[f"{src.name} (unlabelled)"] = {"path": str(src.path), "rows": len(rows), "drawn": len(drawn)}
        out += drawn
    log(f"{len(out)} unlabelled rows for the teacher to label")
    return out


def train_task(
    task: str,
    data: Path | Sequence[Source | str | Path],
    dev: Path | Sequence[Source | str | Path],
    out: Path,
    settings: TrainSettings,
    max_length: int,
    limit: int | None = None,
    command: str = "",
    progress: Callable[[int, dict], None] | None = None,
    log: Callable[[str], None] = print,
    lora_r: int = DEFAULT_LORA_R,
    actor_marks: bool = False,
    body: str = EMBEDDED_BODY,
    upper_layers: int | None = None,
    resume: Path | None = None,
    distillation: Distillation | None = None,
    init: Path | None = None,
) -> dict:
    """Fine-tune the embedded body for ``task`` and write ``out/`` (weights, config, MODEL_CARD.md, dev_report.json).
    With ``actor_marks`` (stance) the model reads each row's actor marked in its text; without, ``actor`` is ignored.

    ``data`` and ``dev`` are one file or several (``PATH:N`` draws N rows of a source, so that no source
    swamps the others); with several dev files the model kept is the best on the mean of their macro-F1s.

    ``body`` is the transformer body (the embedded MiniLM, ``all-mpnet-base-v2`` or a local folder);
    ``upper_layers`` puts the adapters on that many of its top layers only (the rest run without gradients).
    The run writes a checkpoint to ``out/checkpoint/`` (see ``TrainSettings.checkpoint_every`` and ``time_limit_s``);
    ``resume`` continues from one, exactly. The checkpoint is removed once the model is saved.

    With ``distillation`` the model learns a teacher's probabilities (stancewatch/models/distill.py) on the labelled
    rows and on the unlabelled sources' rows (their labels, if any, are not read).

    ``init`` (a trained model folder of the same task) is a warm start: the body, the adapters' shape and the actor
    marks are its, and training begins from its adapters and head (``body``, ``lora_r``, ``upper_layers`` and
    ``actor_marks`` are not read)."""
    if task not in TASKS:
        raise ValueError(f"Unknown task {task!r}; expected one of {sorted(TASKS)}.")
    kind, labels, loader = TASKS[task]
    data_sources = [
        s if isinstance(s, Source) else Source.parse(s) for s in ([data] if isinstance(data, (str, Path)) else data)
    ]
    dev_sources = [
        s if isinstance(s, Source) else Source.parse(s) for s in ([dev] if isinstance(dev, (str, Path)) else dev)
    ]
    rng = random.Random(settings.seed)
    train_rows, mix = [], {}
    for src in data_sources:
        rows = loader(src.path)
        drawn = draw(rows[:limit] if limit else rows, src.n, rng)
        mix[src.name] = {"path": str(src.path), "rows": len(rows), "drawn": len(drawn)}
        train_rows += drawn
    if distillation is not None:
        train_rows += _unlabelled_rows(task, distillation, loader, limit, rng, mix, log)
        log(f"teacher {distillation.teacher}: probabilities for {len(train_rows)} training rows")
        with progress_bar("teacher labels rows", len(train_rows)) as advance:
            train_rows = soft_targets(
                distillation.teacher,
                train_rows,
                distillation.hard_weight,
                progress=advance,
                cache=out / CHECKPOINT_DIR / TEACHER_PROBS,
            )
    rng.shuffle(train_rows)
    dev_rows, dev_groups = [], []
    for src in dev_sources:
        rows = loader(src.path)
        rows = rows[: max(8, limit // 4)] if limit else draw(rows, src.n, rng)
        dev_rows += rows
        dev_groups += [src.name] * len(rows)
    if actor_marks and task != "stance":
        raise DataFormatError("--actor-marks is for stance models only.")
    layers = layer_count(body)
    if upper_layers is not None and not 0 < upper_layers <= layers:
        raise DataFormatError(f"--upper-layers must be between 1 and {layers} (the layers of {body}).")
    spec = (
        _warm_spec(init, kind, out.name, max_length, log)
        if init is not None
        else ClassifierSpec(
            kind=kind,
            labels=list(labels),
            max_length=max_length,
            name=out.name,
            lora_r=lora_r,
            actor_marks=actor_marks,
            body=body,
            lora_targets=default_lora_targets(body),
            lora_layers=list(range(layers - upper_layers, layers)) if upper_layers else None,
        )
    )
    actor_marks = spec.actor_marks
    if actor_marks:
        n = sum(1 for e in train_rows if e.actor)
        log(f"{n} of {len(train_rows)} training rows name their actor: the model reads «actor» marks")
        if not n:
            raise DataFormatError(
                "--actor-marks needs training rows with an `actor` (the words naming it in `text`), e.g. "
                "data/stance_news/train.jsonl and train_other_actors.jsonl."
            )
    torch.set_num_threads(max(1, torch.get_num_threads()))
    started = time.time()
    checkpoint_dir = out / CHECKPOINT_DIR
    model, _tok, history = train_classifier(
        spec,
        train_rows,
        dev_rows,
        settings,
        progress=progress,
        log=log,
        dev_groups=dev_groups,
        checkpoint_dir=checkpoint_dir,
        resume=resume,
        init=init,
    )
    history["train_seconds"] = round(time.time() - started, 1)  # this process only, when resumed
    history["mix"] = mix
    if distillation is not None:
        history["teacher"] = {
            "path": str(distillation.teacher),
            "revision": classifier.revision_of(distillation.teacher),
            "hard_weight": distillation.hard_weight,
            "other_topics": distillation.other_topics,
        }
    if init is not None:
        history["warm_start"] = {"path": str(init), "revision": classifier.revision_of(init)}
    history["dev_sources"] = {s.name: str(s.path) for s in dev_sources}
    classifier.save(model, out)
    shutil.rmtree(checkpoint_dir, ignore_errors=True)
    (out / "dev_report.json").write_text(json.dumps(history, indent=2) + "\n")
    (out / "MODEL_CARD.md").write_text(
        model_card(
            task, model.spec, settings, mix, history["dev_sources"], len(train_rows), len(dev_rows), history, command
        )
    )
    return history


def _warm_spec(init: Path, kind: str, name: str, max_length: int, log: Callable[[str], None]) -> ClassifierSpec:
    """The spec of a run that starts from the trained model ``init``: its body and adapters, this run's name and
    length, no fitted temperature yet."""
    start = classifier.read_spec(init, kind)
    log(f"warm start from {init}: body {start.body}, LoRA r {start.lora_r}, layers {start.lora_layers or 'all'}")
    return replace(start, name=name, max_length=max_length, temperature=1.0)


def _teacher_line(history: dict) -> str:
    w = history.get("warm_start")
    start = (
        f"- warm start: training began from `{w['path']}`'s adapters and head (adapter revision {w['revision']})\n"
        if w
        else ""
    )
    t = history.get("teacher")
    if not t:
        return start
    return start + (
        f"- distilled from the teacher `{t['path']}` (adapter revision {t['revision']}): every training row's target "
        f"is the teacher's calibrated probabilities, mixed with a labelled row's own label at weight "
        f"{t['hard_weight']}"
        + (f"; unlabelled statements also paired with {t['other_topics']} other topics" if t["other_topics"] else "")
        + "\n"
    )


def _weights_held(spec: ClassifierSpec) -> str:
    if spec.full_fine_tuning:
        return "the whole fine-tuned body (full fine-tuning; float16)"
    where = f" of layers {spec.lora_layers[0]}–{spec.lora_layers[-1]}" if spec.lora_layers else ""
    return f"LoRA adapters (r={spec.lora_r}, alpha={spec.lora_alpha}) on {', '.join(spec.lora_targets)}{where}"


def model_card(
    task, spec: ClassifierSpec, settings: TrainSettings, mix: dict, dev: dict, n_train, n_dev, history, command
) -> str:
    rep = history["dev_report"]
    sheet = " — a coded sheet: the coders' labels (`stancewatch sample` → coding → `stancewatch agreement`)"
    sources = "\n".join(
        f"- train `{name}`: `{m['path']}` ({m['rows']} rows, {m['drawn']} drawn){sheet if is_sheet(m['path']) else ''}"
        for name, m in mix.items()
    )
    devs = ", ".join(f"`{name}` (`{path}`)" for name, path in dev.items())
    per_source = "\n".join(
        f"| {name} | {r['macro_f1']:.4f} | {r['accuracy']:.4f} | {r['n']} |"
        for name, r in history.get("dev_report_per_source", {}).items()
    )
    if per_source:
        per_source = (
            "\nPer dev source (the model kept is the best on their mean):\n\n"
            "| dev source | macro-F1 | accuracy | n |\n|---|---|---|---|\n" + per_source + "\n"
        )
    per_class = "\n".join(
        f"| {name} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | {c['support']} |"
        for name, c in rep["per_class"].items()
    )
    source = {
        "sentiment": (
            "NewsMTSC (Hamborg & Donnay, EACL 2021), MIT licence: target-dependent sentiment toward persons in news "
            "sentences."
        ),
        "stance": (
            "A mix: VAST (Allaway & McKeown, EMNLP 2020; reader comments), Perspectrum (Chen et al., NAACL 2019; "
            "CC BY-SA 4.0; argumentative sentences toward claims), SemEval-2016 task 6 (tweets) and the team's news "
            "stance corpus (`data/stance_news/`, see its README), each drawn to a set size so that no source swamps "
            "the others."
        ),
    }[task]
    marks = (
        "\nReads actor marks: the statement's actor is marked «like this» and the label is that actor's stance (rows "
        "without marks: the author's)."
        if spec.actor_marks
        else ""
    )
    return f"""# {spec.name}

Kind: `{spec.kind}` — labels {", ".join(spec.labels)}.
Body: `{spec.body}` ({BODIES.get(spec.body, "a local or hub body")}; not stored here).
What this folder holds: {_weights_held(spec)}
and a 2-layer head over [mean of focus tokens ; mean of all tokens]; `adapter.safetensors` + `config.json`.{marks}

## Data
{source}
{sources}
{_teacher_line(history)}- training examples per run: {n_train}
- dev (model selection and temperature): {devs} ({n_dev} examples)
- No test split is used here.

## Reproduce
```
{command}
```
Seed {settings.seed}; epochs {settings.epochs}; batch {settings.batch_size}; lr {settings.lr}\
{f" (body {settings.body_lr})" if spec.full_fine_tuning else ""}; \
max length {spec.max_length};
class-weighted loss: {settings.class_weighted}; label smoothing {settings.label_smoothing}; \
trained in {history["train_seconds"]} s on {platform.machine()} CPU ({torch.get_num_threads()} threads).

## Dev scores (after temperature scaling, T = {spec.temperature:.3f})
macro-F1 **{rep["macro_f1"]:.4f}**, accuracy {rep["accuracy"]:.4f}, ECE {rep["ece"]:.4f} (n = {rep["n"]}).

| class | precision | recall | F1 | support |
|---|---|---|---|---|
{per_class}
{per_source}
Dev was used for model selection and calibration, so these scores are optimistic; the held-out test
split is measured elsewhere. Evaluate with `stancewatch evaluate {task} --input FILE --model models/{spec.name}`.

## Known limits
- English only; news-style sentences (sentiment) and reader comments (stance) — short quotes and
  reported speech in the pipeline are shorter than the comments the stance model learnt from.
- Inputs longer than {spec.max_length} tokens are truncated from the end.
"""
