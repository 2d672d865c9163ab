"""Real transformer plumbing on the embedded body: train on tiny data, save, reload, predict the same."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from conftest import FIXTURES
from peft.tuners.lora import LoraLayer
from safetensors.torch import load_file

from stancewatch.models import classifier, metrics
from stancewatch.models.body import ModelLoadError
from stancewatch.models.datasets import DataFormatError, load_sentiment, load_stance
from stancewatch.models.predict import logits_for, probabilities
from stancewatch.models.train import TrainSettings, _param_groups, train_classifier


def test_overfit_tiny_sentiment_then_save_reload_gives_same_predictions(tmp_path):
    rows = load_sentiment(FIXTURES / "sentiment_tiny.jsonl")
    spec = classifier.ClassifierSpec(
        kind="target-sentiment", labels=list(classifier.SENTIMENT_LABELS), max_length=48, dropout=0.0
    )
    model, tok, history = train_classifier(
        spec,
        rows,
        rows,
        TrainSettings(epochs=12, batch_size=8, lr=3e-3, patience=50, evals_per_epoch=1),
        log=lambda s: None,
    )
    assert history["best_dev_macro_f1"] >= 0.9  # it can learn: two targets in one sentence get different labels
    classifier.save(model, tmp_path / "m")
    again, tok2 = classifier.load(tmp_path / "m")
    np.testing.assert_allclose(logits_for(model, tok, rows), logits_for(again, tok2, rows), atol=1e-5)
    assert again.spec.temperature == pytest.approx(model.spec.temperature)
    size = (tmp_path / "m" / classifier.ADAPTER_FILE).stat().st_size
    assert size < 5_000_000  # adapters + head only; the body comes from the PyPI package


def test_one_pass_per_sentence_equals_one_pass_per_target(tiny_models):
    model, tok = classifier.load(tiny_models / "sentiment")
    rows = load_sentiment(FIXTURES / "sentiment_tiny.jsonl")
    grouped = logits_for(model, tok, rows)  # s4 and s5 share one sentence: encoded once
    single = np.vstack([logits_for(model, tok, [r]) for r in rows])
    np.testing.assert_allclose(grouped, single, atol=1e-4)
    probs = probabilities(model, grouped)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-6)


def test_stance_pairs_predict_probabilities(tiny_models):
    model, tok = classifier.load(tiny_models / "stance")
    rows = load_stance(FIXTURES / "stance_tiny.jsonl")
    probs = probabilities(model, logits_for(model, tok, rows, batch_size=3))
    assert probs.shape == (len(rows), 3)
    assert json.loads((tiny_models / "stance" / "config.json").read_text())["kind"] == "topic-stance"
    assert "## Reproduce" in (tiny_models / "stance" / "MODEL_CARD.md").read_text()


def test_lora_wraps_the_body_and_only_adapters_and_head_train():
    model, _ = classifier.build(
        classifier.ClassifierSpec(kind="target-sentiment", labels=list(classifier.SENTIMENT_LABELS))
    )
    assert sum(isinstance(m, LoraLayer) for m in model.body.modules()) == 6 * 6
    trainable = [n for n, p in model.named_parameters() if p.requires_grad]
    assert trainable and all("lora_" in n or n.startswith("head.") for n in trainable)


def test_full_fine_tuning_trains_the_body_at_its_own_rate_and_reloads_from_float16(tmp_path):
    rows = load_stance(FIXTURES / "stance_tiny.jsonl")
    spec = classifier.ClassifierSpec(
        kind="topic-stance", labels=list(classifier.STANCE_LABELS), max_length=48, dropout=0.0, lora_r=0
    )
    settings = TrainSettings(epochs=1, batch_size=4, lr=1e-3, body_lr=1e-5, evals_per_epoch=1)
    model, tok, _ = train_classifier(spec, rows, rows, settings, log=lambda s: None)
    assert not any(isinstance(m, LoraLayer) for m in model.body.modules())
    body_group, head_group = _param_groups(model, settings)
    assert body_group["lr"] == 1e-5 and head_group["lr"] == 1e-3
    assert len(head_group["params"]) == 4 and len(body_group["params"]) > 50
    classifier.save(model, tmp_path / "full")
    stored = load_file(str(tmp_path / "full" / classifier.ADAPTER_FILE))
    assert stored["body.embeddings.word_embeddings.weight"].dtype == torch.float16
    assert stored["head.1.weight"].dtype == torch.float32
    again, tok2 = classifier.load(tmp_path / "full")
    before = probabilities(model, logits_for(model, tok, rows))
    after = probabilities(again, logits_for(again, tok2, rows))
    np.testing.assert_allclose(before, after, atol=2e-3)  # float16 body: rounding only


@pytest.mark.parametrize(
    "name",
    [
        "sentiment-minilm-lora",
        "stance-minilm-lora",
        "stance-mpnet-lora",
        "stance-mpnet-ctx",
        "stance-mpnet-soup",
        "sentiment-mpnet-lora",
    ],
)
def test_the_shipped_adapters_load_into_peft_and_save_back_byte_for_byte(name, tmp_path):
    """The adapter files keep their pre-peft tensor names: a shipped model loads, and saves back to the same bytes."""
    from conftest import REPO

    folder = REPO / "models" / name
    spec = classifier.ClassifierSpec(**json.loads((folder / classifier.CONFIG_FILE).read_text()))
    model, _ = classifier.build(spec)
    classifier.save(classifier.load_adapter(model, folder), tmp_path)
    assert (tmp_path / classifier.ADAPTER_FILE).read_bytes() == (folder / classifier.ADAPTER_FILE).read_bytes()


def test_loaded_models_fold_lora_into_the_weights_and_int8_stays_close(tiny_models):
    folder = tiny_models / "sentiment"
    rows = load_sentiment(FIXTURES / "sentiment_tiny.jsonl")
    spec = classifier.ClassifierSpec(**json.loads((folder / classifier.CONFIG_FILE).read_text()))
    unmerged, tok = classifier.build(spec)
    classifier.load_adapter(unmerged, folder).eval()
    merged, _ = classifier.load(folder)
    assert not any(isinstance(m, LoraLayer) for m in merged.modules())
    reference = logits_for(unmerged, tok, rows)
    np.testing.assert_allclose(logits_for(merged, tok, rows), reference, atol=1e-4)
    int8, _ = classifier.load(folder, "int8")
    assert any(isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in int8.modules())
    np.testing.assert_allclose(
        probabilities(int8, logits_for(int8, tok, rows)), probabilities(unmerged, reference), atol=0.1
    )


def test_int8_is_refused_for_the_base_body():
    """Dynamic int8 wrecks MPNet-base (news dev 0.843 → 0.243, docs/PERFORMANCE.md): a one-line error instead."""
    from conftest import REPO

    with pytest.raises(ModelLoadError, match="quantize: none"):
        classifier.load(REPO / "models" / "stance-mpnet-lora", "int8")


def test_loading_a_folder_that_is_not_a_model_names_the_fix(tmp_path):
    with pytest.raises(ModelLoadError, match="stancewatch train"):
        classifier.load(tmp_path)


def test_data_errors_name_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a", "topic": "b", "label": "maybe"}\n')
    with pytest.raises(DataFormatError, match="bad.jsonl:1"):
        load_stance(bad)


def test_metrics_and_temperature():
    y = [0, 1, 2, 2]
    probs = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8], [0.6, 0.2, 0.2]])
    rep = metrics.report(y, probs, ["a", "b", "c"])
    assert rep["accuracy"] == 0.75
    assert rep["per_class"]["c"]["recall"] == 0.5
    assert rep["confusion"]["rows_true_cols_pred"][2] == [1, 0, 1]
    assert 0 <= rep["ece"] <= 1
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 2000)
    logits = rng.normal(size=(2000, 3))
    logits[np.arange(2000), labels] += 1.0
    t = metrics.fit_temperature(logits * 4.0, labels)  # over-confident logits need T > 1
    assert t > 2.0
    assert torch.get_num_threads() >= 1


def test_two_dev_files_of_one_folder_are_selected_on_separately():
    from stancewatch.models.train_from_files import Source

    names = [
        Source.parse(p).name for p in ("x/newsmtsc/dev_rw.jsonl", "x/newsmtsc/dev_mt.jsonl", "x/vast/dev.jsonl:50")
    ]
    assert names == ["newsmtsc_rw", "newsmtsc_mt", "vast"]
    assert Source.parse("x/vast/dev.jsonl:50").n == 50


def test_stance_rows_that_name_their_actor_are_read_with_the_actor_marked(tmp_path):
    """A stance row with `actor` loads its span; a model trained on such rows reads «actor» marks (and says so in
    its config), while rows and models without actors are read unmarked."""
    import json as _json

    from stancewatch.models.classifier import ClassifierSpec, mark_actor, stance_texts
    from stancewatch.models.datasets import DataFormatError, load_stance

    path = tmp_path / "rows.jsonl"
    rows = [
        {"text": "France opposed the Commission's plan.", "topic": "the plan", "label": "against", "actor": "France"},
        {"text": "France opposed the Commission's plan.", "topic": "the plan", "label": "favor", "actor": "Commission"},
        {"text": "The plan is a good idea.", "topic": "the plan", "label": "favor"},
    ]
    path.write_text("".join(_json.dumps(r) + "\n" for r in rows))
    got = load_stance(path)
    assert [e.actor for e in got] == [(0, 6), (19, 29), None]
    spec = ClassifierSpec(kind="topic-stance", labels=["favor", "against", "neutral"], actor_marks=True)
    assert stance_texts(spec, [e.text for e in got], [e.actor for e in got]) == [
        "«France» opposed the Commission's plan.",
        "France opposed the «Commission»'s plan.",
        "The plan is a good idea.",
    ]
    unmarked = ClassifierSpec(kind="topic-stance", labels=["favor", "against", "neutral"])
    assert stance_texts(unmarked, [got[0].text], [got[0].actor]) == [got[0].text]
    assert mark_actor("abc", None) == "abc"
    path.write_text(_json.dumps(rows[0] | {"actor": "Spain"}) + "\n")
    with pytest.raises(DataFormatError, match="does not occur"):
        load_stance(path)


def test_a_stance_model_trained_on_rows_with_actors_reads_actor_marks(tmp_path):
    """With ``actor_marks`` (and not without) `train_task` trains a model that reads marks; the loaded backend then
    scores the same text per actor (reads_marks), and the marks reach the model (a marked text scores differently
    from an unmarked one)."""
    from stancewatch.config import ModelConfig
    from stancewatch.models.backends import load_embedded
    from stancewatch.models.train_from_files import train_task

    rows = [json.loads(line) for line in (FIXTURES / "stance_tiny.jsonl").read_text().splitlines()]
    rows += [
        {"text": "France opposed the Commission's plan.", "topic": "the plan", "label": "against", "actor": "France"},
        {"text": "France opposed the Commission's plan.", "topic": "the plan", "label": "favor", "actor": "Commission"},
    ]
    data = tmp_path / "rows.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    settings = TrainSettings(epochs=1, batch_size=4, evals_per_epoch=1)
    plain = tmp_path / "plain"
    train_task("stance", data, data, plain, settings, 64, log=print, limit=4)
    assert json.loads((plain / "config.json").read_text())["actor_marks"] is False  # only when asked for
    out = tmp_path / "marks"
    train_task("stance", data, data, out, settings, 64, log=print, actor_marks=True)
    assert json.loads((out / "config.json").read_text())["actor_marks"] is True
    assert "Reads actor marks" in (out / "MODEL_CARD.md").read_text()
    backend = load_embedded(ModelConfig(kind="topic-stance", path=str(out)))
    assert backend.reads_marks and backend.reads_actor
    text = rows[-1]["text"]
    probs = backend.predict(
        [text, text, text], ["the plan"] * 3, ["France", "Commission", "x"], None, [(0, 6), (19, 29), None]
    )
    assert probs.shape == (3, 3) and not np.allclose(probs[0], probs[1]) and not np.allclose(probs[0], probs[2])


def test_actor_marks_without_rows_that_name_an_actor_is_refused_with_the_fix(tmp_path):
    from stancewatch.models.train_from_files import train_task

    with pytest.raises(DataFormatError, match="needs training rows with an `actor`"):
        train_task(
            "stance",
            FIXTURES / "stance_tiny.jsonl",
            FIXTURES / "stance_tiny.jsonl",
            tmp_path / "m",
            TrainSettings(epochs=1),
            64,
            log=lambda s: None,
            actor_marks=True,
        )
