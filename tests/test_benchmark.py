"""The throughput benchmark's parts (not its timings): a deterministic corpus and a fair baseline."""

from __future__ import annotations

import json

import numpy as np
import pytest

from benchmarks.baseline import text_classification
from benchmarks.corpus import PERSENT, build_articles, build_persent, write_corpus
from stancewatch.models import classifier
from stancewatch.models.classifier import softmax_np


def test_the_corpus_is_deterministic_distinct_and_about_700_words():
    a, b = build_articles(12, seed=3), build_articles(12, seed=3)
    assert a == b
    assert len({x["text"] for x in a}) == 12
    assert all(700 <= len(x["text"].split()) <= 1100 for x in a)
    assert build_articles(12, seed=4) != a


def _persent_like(folder):
    """Three rows in PerSenT's form: two articles, and a repeat of the first (which ingest would drop)."""
    folder.mkdir()
    body = "Officials in the capital said on Monday that the new budget would be passed before the summer. " * 3
    rows = [
        {"id": "1", "title": "Budget vote", "target": "x", "text": body, "label": "neutral"},
        {
            "id": "2",
            "title": "Storm hits coast",
            "target": "y",
            "text": body.replace("budget", "storm plan"),
            "label": "neutral",
        },
    ]
    (folder / "dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (folder / "fixed_test.jsonl").write_text(json.dumps(rows[0] | {"id": "3"}) + "\n")
    return folder


def test_the_persent_corpus_repeats_real_articles_with_a_marker_and_loses_none_at_ingest(tmp_path):
    from stancewatch.ingest.sources import ingest

    folder = _persent_like(tmp_path / "persent")
    articles = build_persent(5, folder)
    assert articles == build_persent(5, folder)
    assert [a["title"] for a in articles] == ["Budget vote", "Storm hits coast"] * 2 + [
        "Budget vote"
    ]  # the repeat row left out
    assert "Benchmark copy" not in articles[1]["text"] and articles[4]["text"].endswith(
        "(Benchmark copy 3 of this article.)"
    )
    path = write_corpus(tmp_path / "corpus.jsonl", 5, corpus="persent", persent=folder)
    result = ingest([path], "r")
    assert len(result.documents) == 5 and not result.quarantine  # every article reaches the pipeline


@pytest.mark.skipif(not (PERSENT / "dev.jsonl").exists(), reason="PerSenT not here")
def test_the_real_persent_corpus_gives_distinct_articles_beyond_its_size():
    articles = build_persent(1500)
    assert len({a["text"] for a in articles}) == 1500 and all(a["title"] for a in articles[:5])


def test_the_naive_baseline_runs_the_same_models_and_gives_the_same_scores(tiny_models):
    model, tok = classifier.load(tiny_models / "sentiment")
    sentence = "Germany criticised France while Spain stayed quiet."
    ours = softmax_np(
        classifier.predict_spans(model, tok, [sentence], [[(sentence.index("Spain"), sentence.index("Spain") + 5)]])[0],
        model.spec.temperature,
    )[0]
    naive = text_classification(model, tok, "span")({"text": sentence, "text_pair": "Spain"})
    got = np.array([{s["label"]: s["score"] for s in naive}[name] for name in model.spec.labels])
    np.testing.assert_allclose(got, ours, atol=1e-5)

    model, tok = classifier.load(tiny_models / "stance")
    ours = softmax_np(
        classifier.predict_pairs(model, tok, ["We must send troops."], ["troops to Ukraine"]), model.spec.temperature
    )[0]
    naive = text_classification(model, tok, "pair")({"text": "We must send troops.", "text_pair": "troops to Ukraine"})
    got = np.array([{s["label"]: s["score"] for s in naive}[name] for name in model.spec.labels])
    np.testing.assert_allclose(got, ours, atol=1e-5)
