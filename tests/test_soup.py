"""Model soups: the average of fine-tuned models in weight space, exact for LoRA, one model's cost at inference."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import FIXTURES
from typer.testing import CliRunner

from stancewatch.cli import app
from stancewatch.models import classifier
from stancewatch.models.body import ModelLoadError
from stancewatch.models.datasets import load_stance
from stancewatch.models.predict import logits_for
from stancewatch.models.soup import Ingredient, make_soup, soup_state
from stancewatch.models.train import TrainSettings
from stancewatch.models.train_from_files import train_task


def test_the_lora_soup_is_the_weighted_mean_of_the_updates():
    gen = torch.Generator().manual_seed(0)
    states = [
        {
            "body.l.lora_a": torch.randn(4, 6, generator=gen),
            "body.l.lora_b": torch.randn(5, 4, generator=gen),
            "head.1.weight": torch.randn(3, 5, generator=gen),
        }
        for _ in range(3)
    ]
    weights = [0.5, 0.3, 0.2]
    soup = soup_state(states, weights)
    assert soup["body.l.lora_a"].shape == (12, 6) and soup["body.l.lora_b"].shape == (5, 12)  # ranks add up
    expected = sum(w * s["body.l.lora_b"] @ s["body.l.lora_a"] for w, s in zip(weights, states))
    torch.testing.assert_close(soup["body.l.lora_b"] @ soup["body.l.lora_a"], expected)
    torch.testing.assert_close(soup["head.1.weight"], sum(w * s["head.1.weight"] for w, s in zip(weights, states)))
    with pytest.raises(ModelLoadError, match="tensors differ"):
        soup_state([states[0], {"other": torch.zeros(1)}], [0.5, 0.5])


def test_ingredients_parse_with_and_without_a_weight():
    assert Ingredient.parse("models/a") == Ingredient(Path("models/a"), 1.0)
    assert Ingredient.parse("models/a:0.25").weight == 0.25
    assert Ingredient.parse("C:/models/a").path.as_posix() == "C:/models/a"  # a drive letter is not a weight


def test_a_soup_of_two_trained_models_is_their_average_and_predicts_like_one_model(tiny_models, tmp_path):
    """Loaded (LoRA folded in), the soup's weights are the weighted mean of the ingredients' loaded weights; the card
    names each ingredient's training command; dev files refit the temperature."""
    other = tmp_path / "other"
    train_task(
        "stance",
        FIXTURES / "stance_tiny.jsonl",
        FIXTURES / "stance_tiny.jsonl",
        other,
        TrainSettings(epochs=1, batch_size=4, evals_per_epoch=1, seed=11, lr=3e-3),
        64,
        log=lambda s: None,
    )
    first = tiny_models / "stance"
    out = tmp_path / "soup"
    history = make_soup([f"{first}:3", f"{other}:1"], out, [FIXTURES / "stance_tiny.jsonl"], "stancewatch soup …")
    assert [i["weight"] for i in history["ingredients"]] == [0.75, 0.25]
    config = json.loads((out / "config.json").read_text())
    assert config["lora_r"] == 2 * json.loads((first / "config.json").read_text())["lora_r"]
    assert config["temperature"] == pytest.approx(history["temperature"]) and "dev_report" in history
    card = (out / "MODEL_CARD.md").read_text()
    assert "## Ingredients" in card
    assert card.count("(weight ") == 2 and "stancewatch soup …" in card

    loaded = [classifier.load(p)[0].state_dict() for p in (first, other)]
    soup_model, tokenizer = classifier.load(out)
    soup_weights = soup_model.state_dict()
    changed = 0
    for name, value in soup_weights.items():
        expected = 0.75 * loaded[0][name] + 0.25 * loaded[1][name]
        torch.testing.assert_close(value, expected, atol=1e-5, rtol=1e-4)
        changed += not torch.equal(loaded[0][name], loaded[1][name])
    assert changed > 10  # the ingredients differ: the test compares something
    rows = load_stance(FIXTURES / "stance_tiny.jsonl")
    assert logits_for(soup_model, tokenizer, rows).shape == (len(rows), 3)


def test_a_soup_of_a_model_with_itself_predicts_what_the_model_predicts(tiny_models, tmp_path):
    model_dir = tiny_models / "stance"
    make_soup([model_dir, model_dir], tmp_path / "same")
    rows = load_stance(FIXTURES / "stance_tiny.jsonl")
    model, tok = classifier.load(model_dir)
    same, tok2 = classifier.load(tmp_path / "same")
    np.testing.assert_allclose(logits_for(model, tok, rows), logits_for(same, tok2, rows), atol=1e-4)
    assert same.spec.temperature == pytest.approx(model.spec.temperature)  # no dev files: the mean of theirs


def test_models_that_cannot_be_averaged_are_refused_with_the_reason(tiny_models, tmp_path):
    with pytest.raises(ModelLoadError, match="one of the soup's models"):
        make_soup([tiny_models / "stance", tiny_models / "stance"], tiny_models / "stance")
    with pytest.raises(ModelLoadError, match="`kind`"):
        make_soup([tiny_models / "stance", tiny_models / "sentiment"], tmp_path / "x")
    result = CliRunner().invoke(app, ["soup", "--model", str(tiny_models / "stance"), "--out", str(tmp_path / "y")])
    assert result.exit_code == 2 and "at least two models" in result.output
    result = CliRunner().invoke(
        app, ["soup", "--model", str(tiny_models / "stance"), "--model", str(tmp_path), "--out", str(tmp_path / "y")]
    )
    assert result.exit_code == 2 and "not a trained stancewatch model" in result.output
