"""Training hyper-parameters (no torch import: the CLI reads the defaults for its help)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LORA_R = 8  # LoRA rank of the embedded models; 0 = full fine-tuning


@dataclass
class TrainSettings:
    epochs: int = 3
    batch_size: int = 32
    lr: float = 5e-4
    body_lr: float = 5e-5  # the body's own weights, with full fine-tuning only (lora_r = 0)
    weight_decay: float = 0.01
    warmup_fraction: float = 0.06
    seed: int = 13
    patience: int = 2
    evals_per_epoch: int = 2
    class_weighted: bool = True
    label_smoothing: float = 0.0
    # Resumable runs (train.train_classifier): a checkpoint every N steps (0: only at dev evaluations and epoch ends,
    # when a checkpoint folder is given) and a time limit after which training checkpoints and stops (0: none).
    # Neither changes what is learnt, so neither is part of a checkpoint's fingerprint.
    checkpoint_every: int = 0
    time_limit_s: float = 0.0
