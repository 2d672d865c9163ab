"""The classifiers the pipeline can be configured with, behind two small interfaces.

Sentiment backends score every target span of a sentence; stance backends score (statement, topic,
actor) triples. Each returns calibrated probabilities in the project's label order
(``SENTIMENT_LABELS`` / ``STANCE_LABELS``) and carries ``model_id`` and ``revision`` for the rows.

Kinds (``kind`` in the model config):

* ``target-sentiment`` / ``topic-stance`` — the embedded span classifier trained by ``stancewatch train``.
* ``nli-zero-shot`` — any NLI model (Hugging Face id or local folder): premise = the statement,
  hypothesis = ``hypothesis_template`` filled with ``{actor}`` and ``{topic}``; entailment → favor,
  contradiction → against, neutral → neutral.
* ``sequence-classification`` — any sequence classifier with a ``label_map`` from its labels to ours;
  sentiment reads (sentence, target mention) as a text pair, stance reads (statement, topic).

A target-sentiment model with ``escalate`` (the default) is an ``EscalatingSentiment``: it scores every sentence and
a second, more accurate model scores again the sentences it is unsure of (docs/PERFORMANCE.md, "Escalation").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np
import torch

from stancewatch.models import classifier
from stancewatch.models.body import ModelLoadError
from stancewatch.models.classifier import SENTIMENT_LABELS, STANCE_LABELS, softmax_np
from stancewatch.models.inference import length_batches, split_rows

Progress = Callable[[int], None] | None


class SentimentBackend(Protocol):
    model_id: str
    revision: str

    def predict(
        self, sentences: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]], progress: Progress = None
    ) -> list[np.ndarray]: ...


class StanceBackend(Protocol):
    model_id: str
    revision: str
    reads_actor: bool  # False: the same text and topic score the same for every actor (computed once)
    reads_marks: bool  # True: reads the actor's words marked in the text (``actor_spans``), not its name

    def predict(
        self,
        texts: Sequence[str],
        topics: Sequence[str],
        actors: Sequence[str],
        progress: Progress = None,
        actor_spans: Sequence[tuple[int, int] | None] | None = None,
    ) -> np.ndarray:
        """Probabilities per (text, topic, actor); ``actor_spans`` locate each actor's mention in its text (None where
        the text does not hold it) for a model that reads marked actors."""
        ...


# ------------------------------------------------------------------ embedded


@dataclass
class EmbeddedSentiment:
    model: classifier.SpanClassifier
    tokenizer: object
    model_id: str
    revision: str
    batch_size: int

    def predict(self, sentences, spans, progress=None):
        logits = classifier.predict_spans(self.model, self.tokenizer, sentences, spans, self.batch_size, progress)
        return [softmax_np(lg, self.model.spec.temperature) if len(lg) else lg for lg in logits]


@dataclass
class EmbeddedStance:
    model: classifier.SpanClassifier
    tokenizer: object
    model_id: str
    revision: str
    batch_size: int

    @property
    def reads_marks(self) -> bool:
        return self.model.spec.actor_marks  # trained with «actor» marks: the same text scores per actor

    reads_actor = reads_marks

    def predict(self, texts, topics, actors, progress=None, actor_spans=None):
        logits = classifier.predict_pairs(
            self.model, self.tokenizer, texts, topics, self.batch_size, progress, actor_spans
        )
        return softmax_np(logits, self.model.spec.temperature)


def load_embedded(cfg):
    """The embedded span classifier a ``ModelConfig`` of kind target-sentiment / topic-stance names."""
    model, tokenizer = classifier.load(cfg.resolved(), cfg.quantize, cfg.kind)
    cls = EmbeddedSentiment if cfg.kind == "target-sentiment" else EmbeddedStance
    return cls(
        model, tokenizer, model.spec.name, model_revision(cfg.model_copy(update={"escalate": None})), cfg.batch_size
    )


# ------------------------------------------------------------------ escalation


def unsure_sentences(probs: Sequence[np.ndarray], below: float) -> list[int]:
    """Indices of the sentences whose least confident pair has a top probability under ``below``."""
    return [i for i, p in enumerate(probs) if len(p) and float(p.max(axis=1).min()) < below]


@dataclass
class EscalatingSentiment:
    """A fast model for every sentence and an accurate one for the sentences the fast one is unsure of.

    Cost is per sentence (one forward pass serves all its pairs), so an unsure sentence is scored again whole and
    all its pairs take the accurate model's probabilities. A sentence's scores depend only on that sentence."""

    fast: SentimentBackend
    accurate: SentimentBackend
    below: float
    model_id: str
    revision: str
    escalated: int = 0  # sentences scored again, over the backend's life (`stancewatch evaluate sentiment` says so)
    seen: int = 0

    def predict(self, sentences, spans, progress=None):
        probs = list(self.fast.predict(sentences, spans, progress))
        unsure = unsure_sentences(probs, self.below)
        if unsure:
            again = self.accurate.predict([sentences[i] for i in unsure], [spans[i] for i in unsure])
            for i, p in zip(unsure, again):
                probs[i] = p
        self.seen += sum(1 for sp in spans if len(sp))
        self.escalated += len(unsure)
        return probs


def load_escalating(cfg) -> EscalatingSentiment:
    esc = cfg.escalate
    fast = load_embedded(cfg)
    accurate = load_embedded(
        cfg.model_copy(
            update={"path": str(esc.resolved()), "revision": None, "batch_size": esc.batch_size, "escalate": None}
        )
    )
    return EscalatingSentiment(
        fast, accurate, esc.below, f"{fast.model_id}>{accurate.model_id}@{esc.below:g}", model_revision(cfg)
    )


# ------------------------------------------------------------------ revisions


def model_revision(cfg, commit: str | None = None) -> str:
    """The one name of a model's weights, in the processing key and in every row's ``model_revision``.

    Embedded kinds: the adapter's content hash (``-int8`` when run quantized); otherwise the pinned ``revision``,
    else a hash of the local folder's weights, else — an unpinned hub id — the commit the hub resolved when the
    model was loaded (``commit``), or ``hub:ID@unpinned`` before loading (the processing key)."""
    folder = cfg.resolved()
    if getattr(cfg, "escalate", None) is not None:
        accurate = cfg.model_copy(update={"path": str(cfg.escalate.resolved()), "revision": None, "escalate": None})
        first = model_revision(cfg.model_copy(update={"escalate": None}), commit)
        return f"{first}>{model_revision(accurate)}@{cfg.escalate.below:g}"
    if cfg.kind in ("target-sentiment", "topic-stance") and (folder / classifier.ADAPTER_FILE).exists():
        return classifier.revision_of(folder, cfg.quantize)
    if cfg.revision:
        return cfg.revision
    if folder.exists():
        return folder_hash(folder)
    return commit or f"hub:{cfg.path}@unpinned"


def folder_hash(folder: Path) -> str:
    """Hash of the first MiB of a local model's ``model.safetensors`` (cheap, and changes with the weights)."""
    p = Path(folder) / "model.safetensors"
    if not p.exists():
        return "unknown"
    with open(p, "rb") as fh:
        return "sha256-" + hashlib.sha256(fh.read(1 << 20)).hexdigest()[:12]


# ------------------------------------------------------------------ Hugging Face sequence classifiers


class HFSequenceModel:
    """An ``AutoModelForSequenceClassification`` loaded once (safetensors only, no remote code)."""

    def __init__(self, cfg):
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        name_or_path, revision = cfg.location(), cfg.revision
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(name_or_path, revision=revision, trust_remote_code=False)
            self.model = AutoModelForSequenceClassification.from_pretrained(
                name_or_path, revision=revision, use_safetensors=True, trust_remote_code=False
            ).eval()
        except OSError as exc:
            raise ModelLoadError(
                f"Cannot load {name_or_path!r} as a sequence classifier: {exc}. Give a local folder with "
                "model.safetensors, or a hub id on a machine with network access."
            ) from exc
        self.model_id = name_or_path
        self.revision = model_revision(cfg, commit=getattr(self.model.config, "_commit_hash", None))
        self.batch_size = cfg.batch_size
        self.max_length = cfg.max_length or min(512, getattr(self.tokenizer, "model_max_length", 512) or 512)
        self.labels = [self.model.config.id2label[i] for i in range(self.model.config.num_labels)]

    @torch.inference_mode()
    def probabilities(self, texts: Sequence[str], pairs: Sequence[str] | None, progress: Progress = None) -> np.ndarray:
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        lengths = [len(t) + (len(pairs[i]) if pairs else 0) for i, t in enumerate(texts)]
        for idx in length_batches(lengths, self.batch_size):
            enc = self.tokenizer(
                [texts[i] for i in idx],
                [pairs[i] for i in idx] if pairs else None,
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="pt",
            )
            out[idx] = torch.softmax(self.model(**enc).logits, dim=-1).numpy()
            if progress is not None:
                progress(len(idx))
        return out

    def column(self, wanted: str) -> int:
        for i, name in enumerate(self.labels):
            if name.lower() == wanted or name.lower().startswith(wanted[:7]):
                return i
        raise ModelLoadError(f"{self.model_id} has labels {self.labels}; none matches {wanted!r}. Is it an NLI model?")

    def mapped(self, probs: np.ndarray, label_map: dict[str, str], ours: Sequence[str]) -> np.ndarray:
        """Sum the model's label probabilities into our labels through ``label_map``."""
        unknown = set(label_map.values()) - set(ours)
        if unknown:
            raise ModelLoadError(f"label_map targets {sorted(unknown)} are not among {list(ours)}.")
        out = np.zeros((len(probs), len(ours)), dtype=np.float32)
        for j, name in enumerate(self.labels):
            if name not in label_map:
                raise ModelLoadError(f"label_map has no entry for the model's label {name!r} (labels: {self.labels}).")
            out[:, ours.index(label_map[name])] += probs[:, j]
        return out


class NLIStance:
    reads_actor = True  # the hypothesis names the actor
    reads_marks = False

    def __init__(self, hf: HFSequenceModel, template: str):
        self.hf, self.template = hf, template
        self.model_id, self.revision = hf.model_id, hf.revision
        self.cols = [
            hf.column("entailment"),
            hf.column("contradiction"),
            hf.column("neutral"),
        ]  # favor, against, neutral

    def predict(self, texts, topics, actors, progress=None, actor_spans=None):
        hypotheses = [self.template.format(actor=a or "The speaker", topic=t) for a, t in zip(actors, topics)]
        probs = self.hf.probabilities(texts, hypotheses, progress)
        return probs[:, self.cols]


class SequenceStance:
    reads_actor = False
    reads_marks = False

    def __init__(self, hf: HFSequenceModel, label_map: dict[str, str]):
        self.hf, self.label_map = hf, label_map
        self.model_id, self.revision = hf.model_id, hf.revision

    def predict(self, texts, topics, actors, progress=None, actor_spans=None):
        return self.hf.mapped(self.hf.probabilities(texts, topics, progress), self.label_map, list(STANCE_LABELS))


class SequenceSentiment:
    def __init__(self, hf: HFSequenceModel, label_map: dict[str, str]):
        self.hf, self.label_map = hf, label_map
        self.model_id, self.revision = hf.model_id, hf.revision

    def predict(self, sentences, spans, progress=None):
        flat_text = [s for s, sp in zip(sentences, spans) for _ in sp]
        flat_pair = [s[a:b] for s, sp in zip(sentences, spans) for a, b in sp]
        probs = self.hf.mapped(
            self.hf.probabilities(flat_text, flat_pair, progress), self.label_map, list(SENTIMENT_LABELS)
        )
        return split_rows(probs, [len(sp) for sp in spans])


def load_sentiment_backend(cfg) -> SentimentBackend:
    """The sentiment backend a ``ModelConfig`` describes (see module doc)."""
    if cfg.kind == "target-sentiment":
        return load_escalating(cfg) if cfg.escalate is not None else load_embedded(cfg)
    hf = HFSequenceModel(cfg)
    return SequenceSentiment(hf, cfg.label_map or {})


def load_stance_backend(cfg) -> StanceBackend:
    if cfg.kind == "topic-stance":
        return load_embedded(cfg)
    hf = HFSequenceModel(cfg)
    if cfg.kind == "nli-zero-shot":
        return NLIStance(hf, cfg.hypothesis_template)
    return SequenceStance(hf, cfg.label_map or {})
