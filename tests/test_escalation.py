"""Sentiment escalation: the fast model scores every sentence, the accurate one the sentences it is unsure of."""

from __future__ import annotations

import json

import numpy as np
import pytest

from stancewatch.config import ConfigError, ModelConfig, load_settings
from stancewatch.models.backends import (
    EscalatingSentiment,
    load_embedded,
    load_sentiment_backend,
    model_revision,
    unsure_sentences,
)


class _Fixed:
    """A sentiment backend that returns given probabilities per sentence and records what it was asked."""

    def __init__(self, per_sentence: dict[str, list[list[float]]]):
        self.per_sentence, self.asked = per_sentence, []

    def predict(self, sentences, spans, progress=None):
        self.asked.append(list(sentences))
        return [np.array(self.per_sentence[s][: len(sp)], dtype=np.float32) for s, sp in zip(sentences, spans)]


def test_only_unsure_sentences_are_scored_again_and_all_their_pairs_change():
    fast = _Fixed({"sure": [[0.9, 0.05, 0.05]], "torn": [[0.95, 0.03, 0.02], [0.5, 0.3, 0.2]], "none": []})
    accurate = _Fixed({"torn": [[0.1, 0.1, 0.8], [0.2, 0.7, 0.1]]})
    backend = EscalatingSentiment(fast, accurate, 0.6, "fast>accurate@0.6", "r")
    out = backend.predict(["sure", "torn", "none"], [[(0, 4)], [(0, 1), (2, 3)], []])
    assert accurate.asked == [["torn"]]  # one forward pass per sentence: the whole sentence goes again
    np.testing.assert_allclose(out[0], [[0.9, 0.05, 0.05]])
    np.testing.assert_allclose(out[1], [[0.1, 0.1, 0.8], [0.2, 0.7, 0.1]])
    assert len(out[2]) == 0
    assert (backend.escalated, backend.seen) == (1, 2)


def test_unsure_sentences_use_the_least_confident_pair():
    probs = [np.array([[0.7, 0.2, 0.1]]), np.array([[0.9, 0.05, 0.05], [0.55, 0.4, 0.05]]), np.zeros((0, 3))]
    assert unsure_sentences(probs, 0.6) == [1]
    assert unsure_sentences(probs, 0.75) == [0, 1]
    assert unsure_sentences(probs, 0.5) == []


def _config(below: float) -> ModelConfig:
    return ModelConfig(
        kind="target-sentiment",
        path="models/sentiment-minilm-lora",
        escalate={"path": "models/sentiment-mpnet-lora", "below": below},
    )


def test_the_shipped_models_escalate_exactly_as_configured():
    """Real inference with the shipped models: an escalated sentence's pairs are the accurate model's own scores,
    the others the fast model's, and the revision names both models and the threshold."""
    sentences = [
        "Critics mocked Senator Smith after the vote, while Governor Lee was praised by voters.",
        "The minister met officials in Brussels on Tuesday.",
        "Protesters cheered as Mayor Diaz announced the park would stay open.",
    ]
    targets = [["Smith", "Lee"], ["minister"], ["Diaz"]]
    spans = [[(s.index(t), s.index(t) + len(t)) for t in ts] for s, ts in zip(sentences, targets)]
    fast_alone = load_embedded(ModelConfig(kind="target-sentiment", path="models/sentiment-minilm-lora"))
    accurate_alone = load_embedded(ModelConfig(kind="target-sentiment", path="models/sentiment-mpnet-lora"))
    f, a = fast_alone.predict(sentences, spans), accurate_alone.predict(sentences, spans)
    confidence = [float(p.max(axis=1).min()) for p in f]
    below = float(np.median(confidence)) + 1e-6  # at least one sentence each way
    backend = load_sentiment_backend(_config(below))
    out = backend.predict(sentences, spans)
    for c, o, fp, ap in zip(confidence, out, f, a):
        np.testing.assert_allclose(o, ap if c < below else fp, atol=1e-5)
    assert 0 < backend.escalated < len(sentences)
    rev = model_revision(_config(below))
    assert rev == f"{fast_alone.revision}>{accurate_alone.revision}@{below:g}" and backend.revision == rev
    assert model_revision(_config(0.5)) != model_revision(_config(0.6))  # a new threshold is a new processing key


@pytest.mark.parametrize(
    "yaml_text, message",
    [
        (
            "stance_model: {kind: topic-stance, path: models/stance-minilm-lora, "
            "escalate: {path: models/stance-mpnet-lora, below: 0.6}}\n",
            "stance_model.escalate.*only a target-sentiment",
        ),
        (
            "sentiment_model: {path: models/sentiment-minilm-lora, escalate: {path: models/nowhere, below: 0.6}}\n",
            "escalate.path.*does not exist",
        ),
        (
            "sentiment_model: {path: models/sentiment-minilm-lora, escalate: {path: models/sentiment-mpnet-lora, "
            "below: 1.5}}\n",
            "below",
        ),
    ],
    ids=["stance", "missing", "out-of-range"],
)
def test_escalation_is_checked_when_settings_load(tmp_path, yaml_text, message):
    config = tmp_path / "stancewatch.yaml"
    config.write_text(yaml_text)
    with pytest.raises(ConfigError, match=message):
        load_settings(config)


def test_evaluate_sentiment_runs_the_configured_escalation(tmp_path):
    from typer.testing import CliRunner

    from stancewatch.cli import app

    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"id": "1", "text": "Critics mocked Smith.", "start": 15, "end": 20, "label": "negative"},
                {"id": "2", "text": "Voters praised Lee warmly.", "start": 15, "end": 18, "label": "positive"},
                {"id": "3", "text": "Lee met Smith on Monday.", "start": 0, "end": 3, "label": "neutral"},
                {"id": "4", "text": "Lee met Smith on Monday.", "start": 8, "end": 13, "label": "neutral"},
            ]
        )
        + "\n"
    )
    config = tmp_path / "stancewatch.yaml"
    config.write_text(
        "sentiment_model: {path: models/sentiment-minilm-lora, escalate: {path: models/sentiment-mpnet-lora, "
        "below: 1.0}}\n"
    )
    report = tmp_path / "report.json"
    result = CliRunner().invoke(
        app, ["evaluate", "sentiment", "--input", str(rows), "--config", str(config), "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    got = json.loads(report.read_text())
    assert got["n"] == 4 and got["sentences"] == 3 and got["escalated_sentences"] == 3  # below 1.0: every sentence
    assert "escalated 3 of 3 sentences" in result.output
