"""The naive baseline: Hugging Face ``pipeline("text-classification")`` called once per pair.

It runs the *same* trained classifiers as the pipeline (same MiniLM body, same LoRA adapters, same
head, same temperature), wrapped as a ``PreTrainedModel`` so the stock text-classification pipeline
can drive them the way most first versions of such a tool are written:

* sentiment: one call per (sentence, actor) pair, ``{"text": sentence, "text_pair": mention}``;
  the wrapper finds the mention's tokens inside the sentence, reads them as the focus and drops
  the second segment, so the model sees exactly what it sees in the pipeline;
* stance: one call per (statement, topic phrasing), ``{"text": statement, "text_pair": topic}`` —
  the embedded stance model's own input form — and the phrasings are averaged as the pipeline does.

Same inputs, same model, same outputs (``agreement`` checks it); only the way of calling differs.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from transformers import BertConfig, PreTrainedModel, pipeline
from transformers.modeling_outputs import SequenceClassifierOutput

from stancewatch.models.classifier import SpanClassifier


def _find(haystack: list[int], needle: list[int]) -> list[int]:
    """Start positions of ``needle`` inside ``haystack``."""
    n = len(needle)
    return [i for i in range(len(haystack) - n + 1) if n and haystack[i : i + n] == needle]


class PipelineAdapter(PreTrainedModel):
    """One of our span classifiers behind the interface ``TextClassificationPipeline`` expects."""

    config_class = BertConfig

    def __init__(self, config: BertConfig, classifier: SpanClassifier, mode: str):
        super().__init__(config)
        self.classifier = classifier
        self.mode = mode  # "span": pair = a mention inside the text; "pair": pair = the topic

    def _init_weights(self, module):  # weights come from the trained classifier
        pass

    def forward(self, input_ids, attention_mask, token_type_ids=None, **_):
        types = token_type_ids if token_type_ids is not None else torch.zeros_like(input_ids)
        batch = {"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": types}
        if self.mode == "pair":
            # the topic's tokens: second segment without its closing [SEP], as the pipeline's encoder does
            batch["focus_mask"] = ((types == 1) & (input_ids != self.config.sep_token_id)).long() & attention_mask
            logits = self.classifier(batch)
        else:  # keep only "[CLS] sentence [SEP]" and focus on the mention's tokens in it
            ids = input_ids[0].tolist()
            first_sep = ids.index(self.config.sep_token_id)
            sentence, mention = ids[: first_sep + 1], ids[first_sep + 1 : -1]
            focus = torch.zeros(1, len(sentence), dtype=torch.long)
            for start in _find(sentence, mention):
                focus[0, start : start + len(mention)] = 1
            batch = {
                "input_ids": torch.tensor([sentence]),
                "attention_mask": torch.ones(1, len(sentence), dtype=torch.long),
                "token_type_ids": torch.zeros(1, len(sentence), dtype=torch.long),
                "focus_mask": focus,
            }
            logits = self.classifier(batch)
        return SequenceClassifierOutput(logits=logits / self.classifier.spec.temperature)


def text_classification(classifier: SpanClassifier, tokenizer, mode: str):
    body_config = classifier.body.config
    config = BertConfig(**{k: v for k, v in body_config.to_dict().items() if k not in ("architectures",)})
    config.num_labels = len(classifier.spec.labels)
    config.id2label = dict(enumerate(classifier.spec.labels))
    config.label2id = {v: k for k, v in config.id2label.items()}
    config.sep_token_id = tokenizer.sep_token_id
    model = PipelineAdapter(config, classifier, mode).eval()
    quiet = logging.getLogger("transformers.pipelines.base")  # "model not in the supported list": expected here
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        return pipeline(
            "text-classification",
            model=model,
            tokenizer=tokenizer,
            top_k=None,
            device=-1,
            truncation=True,
            max_length=classifier.spec.max_length,
        )
    finally:
        quiet.setLevel(level)


@dataclass
class BaselineResult:
    pairs: int
    seconds: float
    agreement: float  # share of pairs where the baseline's label equals the pipeline's

    @property
    def pairs_per_s(self) -> float:
        return self.pairs / self.seconds if self.seconds else 0.0


def _label(scores: list[dict]) -> tuple[str, dict[str, float]]:
    probs = {s["label"]: s["score"] for s in scores}
    return max(probs, key=probs.get), probs


def run_baseline(
    out_sentiment: pd.DataFrame,
    out_stance: pd.DataFrame,
    documents: pd.DataFrame,
    sentiment_backend,
    stance_backend,
    phrasings: dict[str, list[str]],
    max_pairs: int,
) -> BaselineResult:
    """Classify an evenly spread sample of the pipeline's output rows the naive way; time it."""
    total = len(out_sentiment) + len(out_stance)
    take = min(max_pairs, total)
    n_sent = round(take * len(out_sentiment) / total) if total else 0
    sample_sent = (
        out_sentiment.iloc[np.linspace(0, len(out_sentiment) - 1, n_sent).astype(int)]
        if n_sent
        else out_sentiment.iloc[:0]
    )
    sample_stance = (
        out_stance.iloc[np.linspace(0, len(out_stance) - 1, take - n_sent).astype(int)]
        if take - n_sent
        else out_stance.iloc[:0]
    )
    text_of = dict(zip(documents["doc_id"], documents["text"]))
    # an escalating sentiment backend: the naive way asks the accurate model too where the fast one is unsure
    fast, accurate = getattr(sentiment_backend, "fast", sentiment_backend), getattr(sentiment_backend, "accurate", None)
    below = getattr(sentiment_backend, "below", 0.0)
    senti = text_classification(fast.model, fast.tokenizer, "span")
    senti_again = text_classification(accurate.model, accurate.tokenizer, "span") if accurate is not None else None
    stance = text_classification(stance_backend.model, stance_backend.tokenizer, "pair")
    senti({"text": "warm-up", "text_pair": "warm"}), stance({"text": "warm-up", "text_pair": "warm"})
    if senti_again is not None:
        senti_again({"text": "warm-up", "text_pair": "warm"})
    same = 0
    t0 = time.perf_counter()
    with torch.inference_mode():
        for row in sample_sent.itertuples():
            text = text_of[row.doc_id]
            sentence = text[row.sentence_start : row.sentence_end]
            pair = {"text": sentence, "text_pair": text[row.mention_start : row.mention_end]}
            label, probs = _label(senti(pair))
            if senti_again is not None and max(probs.values()) < below:
                label, _ = _label(senti_again(pair))
            same += label == row.label
        for row in sample_stance.itertuples():
            runs = [
                _label(stance({"text": row.evidence_text, "text_pair": topic}))[1] for topic in phrasings[row.topic_id]
            ]
            mean = {k: float(np.mean([r[k] for r in runs])) for k in runs[0]}
            same += max(mean, key=mean.get) == row.label
    seconds = time.perf_counter() - t0
    return BaselineResult(take, seconds, same / take if take else 1.0)
