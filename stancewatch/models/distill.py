"""Teach a fast model with an accurate one: the teacher's calibrated probabilities as training targets.

The base-sized stance and sentiment models read news better than MiniLM but cost about 6.5× as much per token.
Distillation (Hinton et al., 2015) trains the small model to give the teacher's probabilities — on the labelled
rows and on many more unlabelled pairs of real news text — so it learns what the teacher learnt where no label
exists. ``soft_targets`` attaches the targets to the training rows; ``stancewatch distill`` (train_from_files,
``teacher=``) trains the student on them exactly as `stancewatch train` trains on labels, with the same
checkpoints, dev selection and calibration.

* an unlabelled row's target is the teacher's probabilities, and its label (for class weights) their argmax;
* a labelled row's target is ``hard_weight`` · its one-hot label + (1 − ``hard_weight``) · the teacher's;
* stance rows can also be asked about other topics (``with_other_topics``): a statement paired with topics it does
  not address teaches the neutral side, which labelled data has too little of.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import astuple, replace
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from stancewatch.models import classifier
from stancewatch.models.datasets import SentimentExample, StanceExample
from stancewatch.models.predict import logits_for, probabilities

Example = SentimentExample | StanceExample


def with_other_topics(rows: Sequence[StanceExample], k: int, rng: random.Random) -> list[StanceExample]:
    """Each statement of ``rows`` paired with ``k`` other topics drawn from the rows' own topics (seeded), unlabelled:
    the teacher decides whether the statement takes a side on them."""
    topics = sorted({r.topic for r in rows})
    out = []
    for r in rows:
        others = [t for t in topics if t != r.topic]
        for j, topic in enumerate(rng.sample(others, min(k, len(others)))):
            out.append(StanceExample(f"{r.id}~{j}", r.text, topic, None, r.actor))
    return out


def soft_targets(
    teacher_dir: Path,
    rows: Sequence[Example],
    hard_weight: float = 0.5,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
    cache: Path | None = None,
) -> list[Example]:
    """``rows`` with the teacher's calibrated probabilities as their training targets (``soft``); unlabelled rows get
    the argmax as their label. The teacher must be of the rows' kind (a stance teacher for stance rows).

    With ``cache`` (a ``.npy`` path; training passes one in its checkpoint folder) the probabilities are kept there
    beside a key of the teacher's weights and the rows, so a resumed run does not label the rows again (the
    teacher's pass is most of a distillation's first hour on two cores)."""
    kind = "topic-stance" if rows and isinstance(rows[0], StanceExample) else "target-sentiment"
    labels = json.loads((Path(teacher_dir) / classifier.CONFIG_FILE).read_text())["labels"]
    key = _cache_key(teacher_dir, rows)
    probs = _cached(cache, key, len(rows), len(labels))
    if probs is None:
        teacher, tokenizer = classifier.load(teacher_dir, kind=kind)
        probs = probabilities(teacher, logits_for(teacher, tokenizer, rows, batch_size, progress))
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.save(cache, np.asarray(probs, dtype=np.float64))
            cache.with_suffix(".key").write_text(key)
    out = []
    for row, p in zip(rows, probs):
        if row.label is None:
            target = p
        else:
            target = (1 - hard_weight) * p + hard_weight * np.eye(len(labels))[labels.index(row.label)]
        label = row.label or labels[int(np.argmax(p))]
        out.append(replace(row, label=label, soft=tuple(round(float(x), 6) for x in target)))
    return out


def _cache_key(teacher_dir: Path, rows: Sequence[Example]) -> str:
    """The teacher's weights and every row's fields (not its label: the teacher does not read it)."""
    h = hashlib.sha256(classifier.revision_of(teacher_dir).encode())
    for row in rows:
        h.update(json.dumps([str(x) for x in astuple(replace(row, label=None, soft=None))]).encode())
    return h.hexdigest()


def _cached(cache: Path | None, key: str, n: int, k: int) -> np.ndarray | None:
    """The kept probabilities when ``cache`` holds them for this teacher and these rows, else None."""
    if cache is None or not cache.exists() or not cache.with_suffix(".key").exists():
        return None
    if cache.with_suffix(".key").read_text() != key:
        return None
    probs = np.load(cache, allow_pickle=False)
    return probs if probs.shape == (n, k) else None
