"""Resumable training (checkpoints, --resume, --time-limit), adapters on the upper layers only, the base body."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest
import torch
from conftest import FIXTURES
from peft.tuners.lora import LoraLayer
from typer.testing import CliRunner

from stancewatch.errors import ModelLoadError
from stancewatch.models import base_body, checkpoint, classifier
from stancewatch.models.datasets import load_stance
from stancewatch.models.train import TrainingPaused, TrainSettings, train_classifier


class Killed(Exception):
    """Stands in for a process killed between two steps."""


def _spec():
    # dropout on, so a resumed run must restore torch's random state to give the same weights
    return classifier.ClassifierSpec(
        kind="topic-stance", labels=list(classifier.STANCE_LABELS), max_length=48, dropout=0.1
    )


def _settings(**kw):
    return TrainSettings(epochs=3, batch_size=3, lr=2e-3, evals_per_epoch=2, patience=50, **kw)


def _trained(rows, settings, **kw):
    model, tok, history = train_classifier(_spec(), rows, rows, settings, log=lambda s: None, **kw)
    return model.trainable_state(), history


def _kill_at(step):
    def progress(n, info, seen=[0]):  # noqa: B006 - a counter local to this closure
        seen[0] += n
        if seen[0] == step:
            raise Killed

    return progress


def _assert_same(a_state, a_hist, b_state, b_hist):
    assert a_state.keys() == b_state.keys()
    for k in a_state:
        np.testing.assert_allclose(a_state[k].numpy(), b_state[k].numpy(), atol=1e-6, rtol=0)
    assert a_hist["evals"] == b_hist["evals"]
    assert a_hist["dev_report"] == b_hist["dev_report"]
    assert a_hist["temperature"] == pytest.approx(b_hist["temperature"], abs=1e-6)


def test_a_killed_and_resumed_run_gives_the_same_adapters_and_dev_report(tmp_path):
    rows = load_stance(FIXTURES / "stance_tiny.jsonl")
    whole_state, whole_hist = _trained(rows, _settings())
    ckpt = tmp_path / "ckpt"
    with pytest.raises(Killed):  # killed during step 5 of 9 (epoch 2): the checkpoint of step 4 stays in force
        _trained(rows, _settings(checkpoint_every=1), checkpoint_dir=ckpt, progress=_kill_at(5))
    assert (ckpt / checkpoint.LATEST).read_text().strip() == "step-0000004"
    progress = json.loads((ckpt / "step-0000004" / "progress.json").read_text())
    assert progress["epoch"] == 1 and progress["batch"] == 1 and progress["step"] == 4
    state, hist = _trained(rows, _settings(checkpoint_every=1), checkpoint_dir=ckpt, resume=ckpt)
    _assert_same(whole_state, whole_hist, state, hist)


def test_the_time_limit_pauses_with_a_checkpoint_and_resume_finishes_the_same_run(tmp_path):
    rows = load_stance(FIXTURES / "stance_tiny.jsonl")
    whole_state, whole_hist = _trained(rows, _settings())
    ckpt = tmp_path / "ckpt"
    with pytest.raises(TrainingPaused, match="--resume"):
        _trained(rows, _settings(time_limit_s=1e-9), checkpoint_dir=ckpt)
    assert (ckpt / checkpoint.LATEST).read_text().strip() == "step-0000001"
    state, hist = _trained(rows, _settings(), checkpoint_dir=ckpt, resume=ckpt)
    _assert_same(whole_state, whole_hist, state, hist)


def test_checkpoints_hold_state_dicts_and_plain_data_only(tmp_path):
    rows = load_stance(FIXTURES / "stance_tiny.jsonl")
    with pytest.raises(Killed):
        _trained(rows, _settings(checkpoint_every=2), checkpoint_dir=tmp_path, progress=_kill_at(3))
    folder = tmp_path / "step-0000002"
    assert sorted(p.name for p in folder.iterdir()) == ["optimizer.pt", "progress.json", "state.safetensors"]
    opt = torch.load(folder / "optimizer.pt", weights_only=True)  # no pickled class could load here
    assert set(opt) == {"optimizer", "scheduler"}
    json.loads((folder / "progress.json").read_text())


def test_resuming_with_other_data_or_settings_is_refused_with_the_fix(tmp_path):
    rows = load_stance(FIXTURES / "stance_tiny.jsonl")
    with pytest.raises(Killed):
        _trained(rows, _settings(checkpoint_every=1), checkpoint_dir=tmp_path, progress=_kill_at(2))
    with pytest.raises(checkpoint.CheckpointError, match="exact command"):
        _trained(rows[:-1], _settings(), checkpoint_dir=tmp_path, resume=tmp_path)
    with pytest.raises(checkpoint.CheckpointError, match="exact command"):
        _trained(rows, TrainSettings(epochs=4, batch_size=3, lr=2e-3, evals_per_epoch=2), resume=tmp_path)
    with pytest.raises(checkpoint.CheckpointError, match="no checkpoint"):
        _trained(rows, _settings(), resume=tmp_path / "nothing")


def test_the_cli_pauses_with_exit_code_3_and_resumes_to_a_saved_model(tmp_path):
    from stancewatch.cli import app

    data = str(FIXTURES / "stance_tiny.jsonl")
    out = tmp_path / "m"
    args = ["train", "stance", "--data", data, "--dev", data, "--out", str(out), "--epochs", "2", "--batch-size", "4"]
    paused = CliRunner().invoke(app, args + ["--time-limit", "0.0000001"])
    assert paused.exit_code == 3, paused.output
    assert "--resume" in paused.output and (out / "checkpoint" / checkpoint.LATEST).exists()
    done = CliRunner().invoke(app, args + ["--resume", str(out / "checkpoint")])
    assert done.exit_code == 0, done.output
    assert (out / classifier.ADAPTER_FILE).exists() and not (out / "checkpoint").exists()


def test_upper_layer_adapters_leave_the_lower_layers_without_gradients():
    spec = classifier.ClassifierSpec(kind="topic-stance", labels=list(classifier.STANCE_LABELS), lora_layers=[4, 5])
    model, tok = classifier.build(spec)
    adapted = {n.split(".layer.")[1].split(".")[0] for n, m in model.body.named_modules() if isinstance(m, LoraLayer)}
    assert adapted == {"4", "5"}
    batch, focus = classifier.encode_batch(tok, ["Spain said no."], None, ["a topic"], 32)
    batch["focus_mask"] = torch.cat(focus)
    model(batch).sum().backward()
    grads = {n for n, p in model.named_parameters() if p.grad is not None}
    assert grads and all(".layer.4." in n or ".layer.5." in n or n.startswith("head.") for n in grads)


def _fake_parts(tmp_path, payload: bytes, n: int = 3):
    folder = tmp_path / "src" / base_body.BASE_BODY
    folder.mkdir(parents=True)
    (folder / "model.safetensors").write_bytes(payload)
    (folder / "config.json").write_text("{}")
    joined = tmp_path / "joined.zip"
    with zipfile.ZipFile(joined, "w") as zf:
        for f in folder.iterdir():
            zf.write(f, f"{base_body.BASE_BODY}/{f.name}")
    data = joined.read_bytes()
    cut = [len(data) * i // n for i in range(n + 1)]
    parts = []
    for i in range(n):
        part = tmp_path / f"part.{i + 1:03d}"
        part.write_bytes(data[cut[i] : cut[i + 1]])
        parts.append(part)
    return parts


def test_the_base_body_is_joined_checked_and_unpacked_once(tmp_path, monkeypatch):
    payload = b"weights" * 100
    monkeypatch.setattr(base_body, "WEIGHTS_BYTES", len(payload))
    monkeypatch.setattr(base_body, "WEIGHTS_SHA256", __import__("hashlib").sha256(payload).hexdigest())
    parts = _fake_parts(tmp_path, payload)
    folder = base_body.install(tmp_path / "env", parts=parts)
    assert folder == base_body.install_dir(tmp_path / "env") and (folder / "model.safetensors").read_bytes() == payload
    assert base_body.install(tmp_path / "env", parts=[tmp_path / "missing"]) == folder  # checked: not unpacked again
    # a corrupt body (same size, other bytes) is a one-line error that names the fix, and is replaced by install
    (folder / "model.safetensors").write_bytes(b"x" * len(payload))
    (folder / ".verified").unlink()
    with pytest.raises(ModelLoadError, match="sha256.*scripts/setup.sh"):
        base_body.check(folder)
    assert base_body.install(tmp_path / "env", parts=parts) == folder
    base_body.check(folder)


def test_parts_out_of_order_or_missing_are_refused_with_the_fix(tmp_path, monkeypatch):
    payload = b"weights" * 100
    monkeypatch.setattr(base_body, "WEIGHTS_BYTES", len(payload))
    monkeypatch.setattr(base_body, "WEIGHTS_SHA256", __import__("hashlib").sha256(payload).hexdigest())
    parts = _fake_parts(tmp_path, payload)
    with pytest.raises(ModelLoadError, match="scripts/setup.sh"):
        base_body.install(tmp_path / "env", parts=parts[::-1])
    with pytest.raises(ModelLoadError, match="not unpacked.*scripts/setup.sh"):
        base_body.check(tmp_path / "nowhere")


def test_the_installed_base_body_loads_with_its_own_lora_targets():
    """The real all-mpnet-base-v2 from the environment (scripts/setup.sh unpacked it): resolved by name, its weights
    checked, LoRA on the MPNet projections of the upper layers, one forward pass."""
    from stancewatch.models.body import default_lora_targets, layer_count

    body = base_body.BASE_BODY
    assert layer_count(body) == 12 and "attn.q" in default_lora_targets(body)
    spec = classifier.ClassifierSpec(
        kind="topic-stance",
        labels=list(classifier.STANCE_LABELS),
        body=body,
        lora_targets=default_lora_targets(body),
        lora_layers=[10, 11],
    )
    model, tok = classifier.build(spec)
    assert sum(isinstance(m, LoraLayer) for m in model.body.modules()) == 2 * 6
    batch, focus = classifier.encode_batch(tok, ["Spain ruled it out."], None, ["sending troops"], 32)
    batch["focus_mask"] = torch.cat(focus)
    with torch.inference_mode():
        assert model(batch).shape == (1, 3)


def test_distillation_trains_the_student_on_the_teachers_probabilities(tiny_models, tmp_path):
    """`stancewatch distill`: every training row's target is the teacher's calibrated probabilities (mixed with a
    labelled row's own label), unlabelled rows included; the student is saved and its card names the teacher."""
    from stancewatch.cli import app
    from stancewatch.models.distill import soft_targets, with_other_topics
    from stancewatch.models.predict import logits_for, probabilities

    rows = load_stance(FIXTURES / "stance_tiny.jsonl")
    teacher, tok = classifier.load(tiny_models / "stance")
    expected = probabilities(teacher, logits_for(teacher, tok, rows))
    unlabelled = soft_targets(tiny_models / "stance", [r.__class__(r.id, r.text, r.topic, None) for r in rows])
    np.testing.assert_allclose([r.soft for r in unlabelled], expected, atol=1e-5)
    assert [r.label for r in unlabelled] == [classifier.STANCE_LABELS[i] for i in expected.argmax(1)]
    mixed = soft_targets(tiny_models / "stance", rows, hard_weight=0.25)
    onehot = np.eye(3)[[classifier.STANCE_LABELS.index(r.label) for r in rows]]
    np.testing.assert_allclose([r.soft for r in mixed], 0.75 * expected + 0.25 * onehot, atol=1e-5)
    others = with_other_topics(rows, 2, __import__("random").Random(0))
    assert len(others) == 2 * len(rows) and all(o.label is None for o in others)
    assert all(o.topic != r.topic for o, r in zip(others[::2], rows))

    data = str(FIXTURES / "stance_tiny.jsonl")
    out = tmp_path / "student"
    args = ["distill", "stance", "--teacher", str(tiny_models / "stance"), "--unlabelled", data, "--data", data]
    result = CliRunner().invoke(app, args + ["--other-topics", "1", "--dev", data, "--out", str(out), "--epochs", "1"])
    assert result.exit_code == 0, result.output
    card = (out / "MODEL_CARD.md").read_text()
    assert "distilled from the teacher" in card and "(unlabelled)" in card
    report = json.loads((out / "dev_report.json").read_text())
    assert report["teacher"]["revision"] == classifier.revision_of(tiny_models / "stance")
    assert report["mix"]["stance_tiny (unlabelled)"]["drawn"] == 2 * len(rows)


def test_the_teachers_probabilities_are_kept_so_a_resumed_distillation_does_not_label_again(
    tiny_models, tmp_path, monkeypatch
):
    from stancewatch.models.distill import soft_targets

    rows = load_stance(FIXTURES / "stance_tiny.jsonl")
    cache = tmp_path / "checkpoint" / "teacher_probs.npy"
    first = soft_targets(tiny_models / "stance", rows, cache=cache)
    assert cache.exists()

    def no_teacher(*a, **k):
        raise AssertionError("the teacher was loaded again")

    monkeypatch.setattr(classifier, "load", no_teacher)
    assert soft_targets(tiny_models / "stance", rows, cache=cache) == first
    with pytest.raises(AssertionError, match="loaded again"):  # other rows: a new key, the teacher is asked
        soft_targets(tiny_models / "stance", rows[1:], cache=cache)


def test_soft_targets_are_what_the_loss_reads():
    from stancewatch.models.train import _targets

    rows = load_stance(FIXTURES / "stance_tiny.jsonl")[:2]
    assert _targets(rows, [0, 1], 3).tolist() == [0, 1]  # labels only: class indices
    soft = [rows[0].__class__(**{**rows[0].__dict__, "soft": (0.2, 0.3, 0.5)}), rows[1]]
    np.testing.assert_allclose(_targets(soft, [2, 1], 3).numpy(), [[0.2, 0.3, 0.5], [0, 1, 0]])


def test_a_warm_start_begins_from_the_given_models_adapters_and_head(tiny_models, tmp_path):
    """`--init DIR`: the run begins from DIR's trained weights (with lr 0 it ends there too), takes DIR's body and
    adapter shape, says so in its card, and refuses a model of the other task."""
    from safetensors.torch import load_file

    from stancewatch.cli import app

    data = str(FIXTURES / "stance_tiny.jsonl")
    out = tmp_path / "warm"
    args = ["distill", "stance", "--teacher", str(tiny_models / "stance"), "--data", data, "--dev", data]
    result = CliRunner().invoke(
        app, args + ["--init", str(tiny_models / "stance"), "--lr", "0", "--epochs", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    start = load_file(str(tiny_models / "stance" / classifier.ADAPTER_FILE))
    got = load_file(str(out / classifier.ADAPTER_FILE))
    assert start.keys() == got.keys()
    for key in start:
        torch.testing.assert_close(got[key], start[key], atol=1e-7, rtol=0)
    assert "warm start" in (out / "MODEL_CARD.md").read_text()
    assert json.loads((out / "dev_report.json").read_text())["warm_start"]["revision"] == classifier.revision_of(
        tiny_models / "stance"
    )
    wrong = CliRunner().invoke(app, args + ["--init", str(tiny_models / "sentiment"), "--out", str(tmp_path / "x")])
    assert wrong.exit_code != 0 and "target-sentiment model; topic-stance is needed" in wrong.output
