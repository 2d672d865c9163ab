"""The span-pooling classifier used by both embedded models, with save/load and batched inference.

One architecture serves both tasks:

* target sentiment: text = the sentence, focus = the character span of the actor mention;
* topic stance: text = the statement, text_pair = the topic, focus = the topic's tokens. A stance model trained
  with ``actor_marks`` reads the statement with its actor's mention between « and » («Spain» voted against …) and
  gives that actor's stance; a statement without marks is read as its author's stance.

Features are [mean over focus tokens ; mean over all tokens] of the body's last layer, fed to a
small MLP. Because the focus is read off token states, one forward pass over a sentence serves
every actor mentioned in it (see ``predict_spans``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from torch import nn

from stancewatch.models.body import (
    EMBEDDED_BODY,
    ModelLoadError,
    adapter_file_name,
    adapter_memory_name,
    add_lora,
    load_body,
    load_tokenizer,
)
from stancewatch.models.inference import length_batches, masked_mean, split_rows
from stancewatch.models.train_settings import DEFAULT_LORA_R

SENTIMENT_LABELS = ("negative", "neutral", "positive")
STANCE_LABELS = ("favor", "against", "neutral")
KINDS = {"target-sentiment": SENTIMENT_LABELS, "topic-stance": STANCE_LABELS}
ADAPTER_FILE = "adapter.safetensors"
CONFIG_FILE = "config.json"


@dataclass
class ClassifierSpec:
    """Everything needed to rebuild a trained classifier; saved as ``config.json`` beside the weights."""

    kind: str
    labels: list[str]
    body: str = EMBEDDED_BODY
    body_revision: str | None = None
    lora_r: int = DEFAULT_LORA_R
    lora_alpha: float = 16.0
    lora_targets: list[str] = field(
        default_factory=lambda: [
            "query",
            "key",
            "value",
            "attention.output.dense",
            "intermediate.dense",
            "output.dense",
        ]
    )
    lora_layers: list[int] | None = None  # encoder layers that get adapters (None: all); e.g. the upper half
    max_length: int = 128
    hidden: int = 384
    dropout: float = 0.1
    temperature: float = 1.0
    name: str = "unnamed"
    actor_marks: bool = False  # stance: the actor's mention is marked in the text (mark_actor)

    @property
    def full_fine_tuning(self) -> bool:
        """``lora_r == 0``: the whole body trains and is saved (float16), no adapters."""
        return self.lora_r == 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown classifier kind {self.kind!r}; expected one of {sorted(KINDS)}.")


class SpanClassifier(nn.Module):
    def __init__(self, spec: ClassifierSpec, body: nn.Module):
        super().__init__()
        self.spec = spec
        self.body = body
        size = body.config.hidden_size
        self.head = nn.Sequential(
            nn.Dropout(spec.dropout),
            nn.Linear(2 * size, spec.hidden),
            nn.GELU(),
            nn.Dropout(spec.dropout),
            nn.Linear(spec.hidden, len(spec.labels)),
        )

    def encode(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        inputs = {k: batch[k] for k in ("input_ids", "attention_mask", "token_type_ids") if k in batch}
        return self.body(**inputs).last_hidden_state

    def logits_from_states(self, states: torch.Tensor, attention: torch.Tensor, focus: torch.Tensor) -> torch.Tensor:
        sentence = masked_mean(states, attention)
        has_focus = focus.sum(1, keepdim=True) > 0
        focused = torch.where(has_focus, masked_mean(states, focus), sentence)
        return self.head(torch.cat([focused, sentence], dim=-1))

    def forward(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        states = self.encode(batch)
        return self.logits_from_states(states, batch["attention_mask"], batch["focus_mask"])

    def trainable_state(self) -> dict[str, torch.Tensor]:
        return {k: v.detach().clone() for k, v in self.named_parameters() if v.requires_grad}


def build(spec: ClassifierSpec) -> tuple[SpanClassifier, object]:
    """A fresh classifier (LoRA-wrapped body, random head) and its tokenizer. ``lora_r == 0`` means full
    fine-tuning: the body is not wrapped and all of its weights train (and are saved, as float16)."""
    tokenizer = load_tokenizer(spec.body, spec.body_revision)
    body = load_body(spec.body, spec.body_revision)
    if not spec.full_fine_tuning:
        body = add_lora(body, spec.lora_r, spec.lora_alpha, tuple(spec.lora_targets), layers=spec.lora_layers)
    return SpanClassifier(spec, body), tokenizer


def save(model: SpanClassifier, out_dir: Path) -> Path:
    """Write the trainable tensors (adapters and head; with full fine-tuning the body too, as float16 to halve the
    file: the rounding moves a probability by less than 1e-3) and the config."""
    out_dir.mkdir(parents=True, exist_ok=True)
    state = {
        adapter_file_name(k): (v.half() if model.spec.full_fine_tuning and k.startswith("body.") else v).contiguous()
        for k, v in model.trainable_state().items()
    }
    save_file(state, str(out_dir / ADAPTER_FILE))
    (out_dir / CONFIG_FILE).write_text(json.dumps(asdict(model.spec), indent=2) + "\n")
    return out_dir


def revision_of(model_dir: Path, quantize: str = "none") -> str:
    """Content hash of the shipped adapter (changes whenever the weights change), ``-int8`` when run quantized."""
    digest = hashlib.sha256((Path(model_dir) / ADAPTER_FILE).read_bytes()).hexdigest()[:12]
    return digest + ("-int8" if quantize == "int8" else "")


def load(model_dir: str | Path, quantize: str = "none", kind: str | None = None) -> tuple[SpanClassifier, object]:
    """A trained classifier ready for inference: LoRA folded into the weights, optionally int8 (see optimize.py).
    With ``kind`` (target-sentiment / topic-stance), a model of the other kind is refused."""
    from stancewatch.models.optimize import for_inference

    model_dir = Path(model_dir)
    spec = read_spec(model_dir, kind)
    model, tokenizer = build(spec)
    load_adapter(model, model_dir)
    return for_inference(model, quantize), tokenizer


def read_spec(model_dir: str | Path, kind: str | None = None) -> ClassifierSpec:
    """The config of the trained model in ``model_dir``; with ``kind``, a model of the other kind is refused."""
    model_dir = Path(model_dir)
    if not (model_dir / CONFIG_FILE).exists() or not (model_dir / ADAPTER_FILE).exists():
        raise ModelLoadError(
            f"{model_dir} is not a trained stancewatch model (needs {CONFIG_FILE} and {ADAPTER_FILE}). "
            "Train one with `stancewatch train sentiment|stance --out DIR` or point the config at models/…"
        )
    spec = ClassifierSpec(**json.loads((model_dir / CONFIG_FILE).read_text()))
    if kind is not None and spec.kind != kind:
        raise ModelLoadError(f"{model_dir} is a {spec.kind} model; {kind} is needed here.")
    return spec


def load_adapter(model: SpanClassifier, model_dir: str | Path) -> SpanClassifier:
    """Put the trained adapters and head of ``model_dir`` into a classifier built from its config (``build``)."""
    path = Path(model_dir) / ADAPTER_FILE
    state = {adapter_memory_name(k): v for k, v in load_file(str(path)).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    trainable = {k for k, v in model.named_parameters() if v.requires_grad}
    if unexpected or trainable - set(state):
        raise ModelLoadError(
            f"{path} does not match its config "
            f"(missing {sorted(trainable - set(state))[:3]}, unexpected {unexpected[:3]})."
        )
    return model


# ---------------------------------------------------------------- encoding


def encode_batch(
    tokenizer,
    texts: Sequence[str],
    spans: Sequence[Sequence[tuple[int, int]]] | None,
    pairs: Sequence[str] | None,
    max_length: int,
) -> tuple[dict[str, torch.Tensor], list[torch.Tensor]]:
    """Tokenise texts (optionally with a second segment) and build one focus mask per span.

    ``spans[i]`` lists the character spans of text i to read off (one per target). With ``pairs``
    the focus is the second segment (the topic) and ``spans`` is ignored.
    Returns the padded batch and, per text, a (n_spans, seq_len) focus tensor.
    """
    enc = tokenizer(
        list(texts),
        list(pairs) if pairs is not None else None,
        padding=True,
        truncation="only_first" if pairs is not None else True,
        max_length=max_length,
        return_offsets_mapping=True,
        return_tensors="pt",
    )
    offsets = enc.pop("offset_mapping")
    focus: list[torch.Tensor] = []
    for i in range(len(texts)):
        seq_ids = enc.sequence_ids(i)
        if pairs is not None:
            mask = torch.tensor([1 if s == 1 else 0 for s in seq_ids]).unsqueeze(0)
        else:
            rows = []
            for start, end in spans[i] if spans is not None else [(0, 0)]:
                row = [1 if s == 0 and o[1] > start and o[0] < end else 0 for s, o in zip(seq_ids, offsets[i].tolist())]
                rows.append(row)
            mask = torch.tensor(rows)
        focus.append(mask)
    return dict(enc), focus


ACTOR_MARKS = ("«", "»")


def mark_actor(text: str, span: tuple[int, int] | None) -> str:
    """``text`` with the actor's mention (character span) between « and »; unchanged without a span."""
    if span is None:
        return text
    a, b = span
    return f"{text[:a]}{ACTOR_MARKS[0]}{text[a:b]}{ACTOR_MARKS[1]}{text[b:]}"


def stance_texts(
    spec: ClassifierSpec, texts: Sequence[str], actor_spans: Sequence[tuple[int, int] | None] | None
) -> list[str]:
    """The texts a stance model reads: actors marked if the model was trained with marks, else as given."""
    if not spec.actor_marks or actor_spans is None:
        return list(texts)
    return [mark_actor(t, span) for t, span in zip(texts, actor_spans)]


def softmax_np(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@torch.inference_mode()
def predict_spans(
    model: SpanClassifier,
    tokenizer,
    texts: Sequence[str],
    spans: Sequence[Sequence[tuple[int, int]]],
    batch_size: int = 64,
    progress=None,
) -> list[np.ndarray]:
    """Logits for every span of every text; each text is encoded once, whatever its span count."""
    model.eval()
    out: list[np.ndarray | None] = [None] * len(texts)
    for idx in length_batches([len(t) for t in texts], batch_size):
        batch, focus = encode_batch(
            tokenizer, [texts[i] for i in idx], [spans[i] for i in idx], None, model.spec.max_length
        )
        states = model.encode(batch)
        rows = torch.cat([torch.full((f.shape[0],), j) for j, f in enumerate(focus)])
        width = states.shape[1]
        masks = torch.cat([nn.functional.pad(f, (0, width - f.shape[1])) for f in focus])
        logits = model.logits_from_states(states[rows], batch["attention_mask"][rows], masks).numpy()
        for i, per_text in zip(idx, split_rows(logits, [f.shape[0] for f in focus])):
            out[i] = per_text
        if progress is not None:
            progress(len(idx))
    return [o if o is not None else np.zeros((0, len(model.spec.labels))) for o in out]


@torch.inference_mode()
def predict_pairs(
    model: SpanClassifier,
    tokenizer,
    texts: Sequence[str],
    pairs: Sequence[str],
    batch_size: int = 64,
    progress=None,
    actor_spans: Sequence[tuple[int, int] | None] | None = None,
) -> np.ndarray:
    """Logits for (text, pair) inputs, batched by length; with ``actor_spans`` (one per text, or None) a model
    trained with actor marks reads each text with its actor marked."""
    model.eval()
    texts = stance_texts(model.spec, texts, actor_spans)
    out = np.zeros((len(texts), len(model.spec.labels)), dtype=np.float32)
    for idx in length_batches([len(t) + len(p) for t, p in zip(texts, pairs)], batch_size):
        batch, focus = encode_batch(
            tokenizer, [texts[i] for i in idx], None, [pairs[i] for i in idx], model.spec.max_length
        )
        batch["focus_mask"] = torch.cat(focus)
        out[idx] = model(batch).numpy()
        if progress is not None:
            progress(len(idx))
    return out
