"""Context rows: each news statement read with a sentence before it, as the pipeline reads statements.

    # data/stance_news/{train,dev,test}.jsonl → data/stance_news/{train,dev,test}_context.jsonl
    python scripts/build_stance_context.py

The pipeline gives the stance model a statement together with the sentence before it in its paragraph
(`stance_context: previous_sentence`), because a statement often only points at its topic ("So does Spain.",
"such a move"). The news corpus's rows are single sentences, so a model trained on them has never seen the shape it
is asked to read: two sentences, of which the second is the statement and the first may be another actor's opposite
position, background, or the sentence that names the topic.

Each row of a split gives one row here: the same statement, label, topic and actor, with another row's text put
before it. The sentence before is, three times in four, another row of the same topic (any label, any actor, never
the row's own contrast pair), and otherwise a row of another topic in the same split (background). The choice is
seeded by the row's contrast pair (or its id when it has none), so both members of a pair get the same sentence
before and stay a minimal pair. Rows keep their split: the test split's sentences are never used as context for
train or dev rows. `of` names the row it comes from; `context` holds the sentence put before it.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "data" / "stance_news"
SAME_TOPIC_SHARE = 0.75


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest(), 16))


def context_rows(rows: list[dict]) -> list[dict]:
    """One context row per row (see the module docstring); deterministic."""
    by_topic: dict[str, list[dict]] = {}
    for row in rows:
        by_topic.setdefault(row["topic"], []).append(row)
    other_topics = {topic: [r for r in rows if r["topic"] != topic] for topic in by_topic}
    out = []
    for row in rows:
        key = str(row.get("pair") or row["id"])
        rng = _rng(key)
        same = [
            r
            for r in by_topic[row["topic"]]
            if r["id"] != row["id"] and (not row.get("pair") or r.get("pair") != row["pair"])
        ]
        other = other_topics[row["topic"]]
        pool = same if same and rng.random() < SAME_TOPIC_SHARE else other
        before = pool[rng.randrange(len(pool))]["text"].strip()
        new = dict(row)
        new["id"] = f"{row['id']}-ctx"
        new["text"] = f"{before} {row['text'].strip()}"
        new["context"] = before
        new["of"] = row["id"]
        new["form"] = f"{row.get('form', '')}+context"
        out.append(new)
    return out


def main() -> None:
    for split in ("train", "dev", "test"):
        rows = [json.loads(line) for line in (ROOT / f"{split}.jsonl").read_text(encoding="utf-8").splitlines() if line]
        out = context_rows(rows)
        (ROOT / f"{split}_context.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8"
        )
        pairs = {(r["text"].strip(), r["topic"]) for r in rows}
        same = sum(1 for r in out if (r["context"], r["topic"]) in pairs)
        print(f"{split}_context.jsonl: {len(out)} rows, {same} with a same-topic sentence before")


if __name__ == "__main__":
    main()
