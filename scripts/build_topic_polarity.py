"""Topic-polarity pairs: the same news statement toward a topic and toward its opposite framing.

    # data/stance_news/{train,dev,test}.jsonl → data/stance_news/{train,dev,test}_polarity.jsonl
    python scripts/build_topic_polarity.py

A topic can be framed against something ("ending X", "a ban on X", "scrapping X"): an actor who attacks X is *for*
that topic. Each row of a split gives one row here: its text and actor unchanged, the topic turned to the opposite
framing, favor and against swapped, neutral kept. A topic that is already framed against something
("abolishing inheritance tax", "a ban on short-haul domestic flights") is turned back to the thing itself
("inheritance tax", "short-haul domestic flights"); any other topic gets a framing against it, chosen by the topic's
hash among those that read as English for its form (a gerund topic such as "raising the minimum wage" only takes
"a ban on …"). Rows keep their split, so the test split's topics stay out of training; `pair` links each row to the
row it comes from (``of``). The train file is a training source (`--data data/stance_news/train_polarity.jsonl:N`);
dev and test are checks of their own (`stancewatch evaluate stance` reports them).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "data" / "stance_news"
SWAP = {"favor": "against", "against": "favor", "neutral": "neutral"}
# framings against X, read off the front of a topic: the rest of the topic is X
AGAINST = re.compile(
    r"^(a ban on|a moratorium on|banning|ending|abolishing|scrapping|repealing|stopping|halting|phasing out|"
    r"withdrawing from|withdrawal from|leaving)\s+(.+)$",
    re.IGNORECASE,
)
NOUN_FRAMES = ("ending {}", "a ban on {}", "scrapping {}")
GERUND_FRAMES = ("a ban on {}",)


def flipped_topic(topic: str) -> str:
    """The topic with the opposite framing (see the module docstring)."""
    m = AGAINST.match(topic.strip())
    if m:
        return m.group(2)
    words = topic.split()
    gerund = any(w.lower().endswith("ing") for w in words[:2])
    frames = GERUND_FRAMES if gerund else NOUN_FRAMES
    pick = int(hashlib.sha256(topic.encode()).hexdigest(), 16) % len(frames)
    return frames[pick].format(topic[0].lower() + topic[1:] if not topic[:2].isupper() else topic)


def polarity_rows(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        new = dict(row)
        new["id"] = f"{row['id']}-pol"
        new["topic"] = flipped_topic(row["topic"])
        new["label"] = SWAP[row["label"]]
        new["of"] = row["id"]
        new["form"] = f"{row.get('form', '')}+polarity"
        out.append(new)
    return out


def main() -> None:
    for split in ("train", "dev", "test"):
        rows = [json.loads(line) for line in (ROOT / f"{split}.jsonl").read_text(encoding="utf-8").splitlines() if line]
        out = polarity_rows(rows)
        (ROOT / f"{split}_polarity.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8"
        )
        print(f"{split}_polarity.jsonl: {len(out)} rows, {len({r['topic'] for r in out})} topics")


if __name__ == "__main__":
    main()
