"""What one classifier pair costs, and how much of it batching can save: the ceiling on the speed-up over the naive
per-pair baseline that the throughput benchmark reports.

    .venv/bin/python benchmarks/pair_cost.py [--n 400] [--input ../shared/data/newsmtsc/dev_rw.jsonl]

Takes N news sentences with a target span (NewsMTSC dev_rw: real news sentences, one target each) and classifies
them with the shipped sentiment model three ways, in one process, one after another:
  1. one sentence per forward pass (what the naive baseline does per pair, minus its pipeline overhead);
  2. batches of 64 sorted by length (what the pipeline does);
  3. batches of 64, with the sentences' pairs doubled (two targets per sentence, encoded once: what the pipeline
     gains when a sentence mentions several actors).
Prints sentences/s and pairs/s of each and the ratios against (1). The model's work per token is fixed (same body,
same weights), so these ratios bound what batching and sharing can buy on this corpus; more needs fewer FLOPs per
pair (a smaller or quantised model), which the quality targets forbid unless it keeps the model cards' numbers.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stancewatch.runtime import configure_environment  # noqa: E402

configure_environment()

import torch  # noqa: E402

from stancewatch.config import load_settings  # noqa: E402
from stancewatch.models import classifier  # noqa: E402
from stancewatch.models.datasets import load_sentiment  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--input", type=Path, default=REPO.parent / "shared" / "data" / "newsmtsc" / "dev_rw.jsonl")
    args = ap.parse_args()
    rows = load_sentiment(args.input)[: args.n]
    texts = [r.text for r in rows]
    spans = [[(r.start, r.end)] for r in rows]
    cfg = load_settings(None).sentiment_model
    model, tokenizer = classifier.load(cfg.resolved(), cfg.quantize, cfg.kind)
    classifier.predict_spans(model, tokenizer, texts[:16], spans[:16], 16)  # warm-up

    def timed(fn) -> float:
        t0 = time.perf_counter()
        with torch.inference_mode():
            fn()
        return time.perf_counter() - t0

    one = timed(lambda: [classifier.predict_spans(model, tokenizer, [t], [s], 1) for t, s in zip(texts, spans)])
    batched = timed(lambda: classifier.predict_spans(model, tokenizer, texts, spans, 64))
    shared = timed(lambda: classifier.predict_spans(model, tokenizer, texts, [s + s for s in spans], 64))
    n = len(texts)
    result = {
        "n_sentences": n,
        "threads": torch.get_num_threads(),
        "one_per_pass_pairs_per_s": round(n / one, 1),
        "batched_pairs_per_s": round(n / batched, 1),
        "batched_two_pairs_per_sentence_pairs_per_s": round(2 * n / shared, 1),
        "ratio_batched": round(one / batched, 2),
        "ratio_batched_two_pairs_per_sentence": round(2 * one / shared, 2),
    }
    print(
        f"one sentence per pass: {result['one_per_pass_pairs_per_s']} pairs/s; "
        f"batched: {result['batched_pairs_per_s']} pairs/s ({result['ratio_batched']}×); "
        f"batched, two pairs per sentence: {result['batched_two_pairs_per_sentence_pairs_per_s']} pairs/s "
        f"({result['ratio_batched_two_pairs_per_sentence']}×)"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
