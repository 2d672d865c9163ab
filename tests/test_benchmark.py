"""The throughput benchmark's parts (not its timings): a deterministic corpus and a fair baseline."""

from __future__ import annotations

import numpy as np

from benchmarks.baseline import text_classification
from benchmarks.corpus import build_articles
from stancewatch.models import classifier
from stancewatch.models.classifier import softmax_np


def test_the_corpus_is_deterministic_distinct_and_about_700_words():
    a, b = build_articles(12, seed=3), build_articles(12, seed=3)
    assert a == b
    assert len({x["text"] for x in a}) == 12
    assert all(700 <= len(x["text"].split()) <= 1100 for x in a)
    assert build_articles(12, seed=4) != a


def test_the_naive_baseline_runs_the_same_models_and_gives_the_same_scores(tiny_models):
    model, tok = classifier.load(tiny_models / "sentiment")
    sentence = "Germany criticised France while Spain stayed quiet."
    ours = softmax_np(classifier.predict_spans(model, tok, [sentence], [[(sentence.index("Spain"), sentence.index("Spain") + 5)]])[0], model.spec.temperature)[0]
    naive = text_classification(model, tok, "span")({"text": sentence, "text_pair": "Spain"})
    got = np.array([{s["label"]: s["score"] for s in naive}[name] for name in model.spec.labels])
    np.testing.assert_allclose(got, ours, atol=1e-5)

    model, tok = classifier.load(tiny_models / "stance")
    ours = softmax_np(classifier.predict_pairs(model, tok, ["We must send troops."], ["troops to Ukraine"]), model.spec.temperature)[0]
    naive = text_classification(model, tok, "pair")({"text": "We must send troops.", "text_pair": "troops to Ukraine"})
    got = np.array([{s["label"]: s["score"] for s in naive}[name] for name in model.spec.labels])
    np.testing.assert_allclose(got, ours, atol=1e-5)
