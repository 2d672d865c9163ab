"""The actors stage on real news nobody here wrote: every PerSenT article (dev + fixed_test, 1,405) through spaCy
and `stancewatch.actors.extract.extract`, counting exceptions and wall time.

    .venv/bin/python benchmarks/actors_on_persent.py [--shared ../shared/data]

A crash check for real text (lost commas, doubled spaces, odd names) and a speed check for the actors stage.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stancewatch.actors.extract import build_matcher, extract, load_spacy  # noqa: E402
from stancewatch.actors.registry import ActorRegistry  # noqa: E402
from stancewatch.config import load_registry, load_settings  # noqa: E402
from stancewatch.ingest.sources import normalize_text  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    args = ap.parse_args()
    settings = load_settings(None)
    nlp, registry = load_spacy(settings.spacy_model), ActorRegistry(load_registry(settings))
    matcher = build_matcher(nlp, registry)
    rows = [
        json.loads(line) for split in ("dev", "fixed_test") for line in open(args.shared / "persent" / f"{split}.jsonl")
    ]
    errors: collections.Counter = collections.Counter()
    started = time.perf_counter()
    n_statements = 0
    for i, doc in enumerate(nlp.pipe([normalize_text(r["text"]) for r in rows], batch_size=32)):
        try:
            n_statements += len(extract(doc, str(i), registry, matcher).statements)
        except Exception as exc:  # noqa: BLE001 - counted, that is the point
            errors[f"{type(exc).__name__}: {exc}"] += 1
    seconds = time.perf_counter() - started
    print(
        f"{len(rows)} articles in {seconds:.0f} s ({len(rows) / seconds:.1f} articles/s), {n_statements} statements, "
        f"exceptions: {sum(errors.values())} {dict(errors) if errors else ''}"
    )


if __name__ == "__main__":
    main()
