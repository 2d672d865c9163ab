"""The team's news stance corpus (data/stance_news): the splits the model card's numbers depend on."""

import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "data" / "stance_news"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (ROOT / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_splits_are_topic_disjoint_and_test_is_large_enough():
    train, dev, test = _rows("train.jsonl"), _rows("dev.jsonl"), _rows("test.jsonl")
    topics = {name: {r["topic"] for r in rows} for name, rows in (("train", train), ("dev", dev), ("test", test))}
    assert not topics["test"] & (topics["train"] | topics["dev"])
    assert not topics["dev"] & topics["train"]
    assert len(test) >= 300 and len(topics["test"]) >= 30
    assert len(train) + len(dev) + len(test) >= 1500


def test_splits_come_from_the_authors_parts_without_duplicates():
    parts = {
        json.loads(line)["id"]: json.loads(line)
        for p in sorted((ROOT / "parts").glob("*.jsonl"))
        for line in p.open(encoding="utf-8")
        if line.strip()
    }
    splits = _rows("train.jsonl") + _rows("dev.jsonl") + _rows("test.jsonl")
    # the build copies rows and adds their annotated actor; it never edits them
    assert all(parts[r["id"]] | {"actor": r["actor"]} == r for r in splits)
    assert len(splits) >= 0.98 * len(parts)  # only exact duplicates are dropped
    texts = Counter(re.sub(r"\W+", " ", r["text"].lower()).strip() for r in splits)
    assert texts.most_common(1)[0][1] == 1


def test_every_contrast_pair_has_two_members_with_different_labels_and_one_topic():
    for name in ("train.jsonl", "dev.jsonl", "test.jsonl"):
        pairs: dict[str, list[dict]] = {}
        for r in _rows(name):
            if r["pair"]:
                pairs.setdefault(r["pair"], []).append(r)
        for pid, members in pairs.items():
            assert len(members) == 2, (name, pid)
            assert members[0]["topic"] == members[1]["topic"], (name, pid)
            assert members[0]["label"] != members[1]["label"], (name, pid)


def test_actors_are_in_their_text_and_other_actor_rows_stay_beside_their_row():
    """Each row's `actor` is written in its text; a row for another actor of a sentence (`of`) shares the text and
    topic of its row and sits in that split's `_other_actors` file."""
    for split in ("train", "dev", "test"):
        others = _rows(f"{split}_other_actors.jsonl")
        main = {r["id"]: r for r in _rows(f"{split}.jsonl")}
        assert sum(r["actor"] is not None for r in main.values()) >= 0.9 * len(main)
        for r in list(main.values()) + others:
            assert r["actor"] is None or r["actor"] in r["text"], r["id"]
        for o in others:
            row = main[o["of"]]
            assert (o["text"], o["topic"]) == (row["text"], row["topic"]) and o["actor"] != row["actor"], o["id"]
        assert len(others) >= 0.3 * len(main), split


def test_labels_are_balanced_enough_with_at_least_a_fifth_neutral():
    rows = _rows("train.jsonl") + _rows("dev.jsonl") + _rows("test.jsonl")
    counts = Counter(r["label"] for r in rows)
    assert set(counts) == {"favor", "against", "neutral"}
    assert counts["neutral"] / len(rows) >= 0.20
