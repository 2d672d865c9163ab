"""Build the news stance corpus's splits from the authors' parts: deduplicate, check, split by topic.

    # data/stance_news/parts/*.jsonl (+ actors/*.jsonl) → data/stance_news/{train,dev,test}.jsonl
    #                                                    and {train,dev,test}_other_actors.jsonl
    python scripts/build_stance_news.py

Splits are topic-disjoint and stratified by domain: within each domain the topics are shuffled with a
fixed seed and cut 60 / 15 / 25 (train / dev / test). A contrast pair shares its topic, so both members
always land in the same split. The test split is for `stancewatch evaluate` only: no choice is made on it.

Actors (``actors/X.jsonl``, one line per row of part X; brief in BRIEF_ACTORS.md): each row gets ``actor``, the
substring naming the actor whose stance its label gives (null: none named). Each *other* actor the annotator labelled
in the sentence becomes a row of its own (same text and topic, that actor and its label, ``of`` = the row it comes
from), in ``{train,dev,test}_other_actors.jsonl``: for training a model that reads actor marks (``stancewatch train
--actor-marks``), and for measuring whether it reads whose stance it is asked about. The splits' own rows are
unchanged but for ``actor``.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "data" / "stance_news"
FIELDS = ("id", "topic", "text", "label", "domain", "form", "pair", "author")
SHARES = (("train", 0.60), ("dev", 0.15), ("test", 0.25))
SEED = 2026
# Topics that are one issue under two authors' wordings (found by the second-eyes review and by embedding
# similarity of the topic strings): each group goes to one split whole, so no test issue is seen in training.
# A topic string that two authors both used is one topic anyway.
# Parts written after the splits were fixed (contrast-heavy training rows on new topics): training only, so
# the dev and test splits stay exactly what they were.
TRAIN_ONLY_PARTS = {"F", "G", "H", "I", "J", "K", "L", "M"}
TOPIC_GROUPS = [
    {"decriminalising cannabis", "legalising recreational cannabis"},
    {"the carbon border adjustment mechanism", "a carbon border tax"},
    {"legalising assisted dying", "assisted dying legislation"},
    {"the two-child benefit cap", "scrapping the two-child benefit cap"},
    {"live facial recognition by police", "facial recognition cameras in public spaces"},
    {"deporting asylum seekers to Rwanda", "offshore processing of asylum seekers"},
]


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def load_parts(folder: Path) -> list[dict]:
    rows, seen = [], {}
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            missing = [f for f in FIELDS if f not in row]
            if missing or row["label"] not in ("favor", "against", "neutral"):
                sys.exit(f"{path}:{n}: missing {missing} or bad label {row.get('label')!r}")
            k = _key(row["text"])
            if k in seen:
                print(f"drop duplicate {row['id']} (same text as {seen[k]})")
                continue
            seen[k] = row["id"]
            rows.append({f: row[f] for f in FIELDS})
    return rows


def split_topics(rows: list[dict]) -> dict[str, str]:
    """Split of every topic: groups of topics (TOPIC_GROUPS, else the topic alone) are shuffled per domain
    (the domain of the group's first row) with a fixed seed and cut by SHARES."""
    group_of = {t: min(g) for g in TOPIC_GROUPS for t in g}
    by_domain: dict[str, list[str]] = defaultdict(list)
    domain_of: dict[str, str] = {}
    for row in rows:
        group = group_of.get(row["topic"], row["topic"])
        if group not in domain_of:
            domain_of[group] = row["domain"]
            by_domain[row["domain"]].append(group)
    rng = random.Random(SEED)
    split_of_group = {}
    for domain in sorted(by_domain):
        groups = sorted(by_domain[domain])
        rng.shuffle(groups)
        n = len(groups)
        n_test = max(1, int(n * SHARES[2][1] + 0.5))  # round half up: ≥ 30 test topics over 15 domains
        n_dev = max(1, round(n * SHARES[1][1])) if n > 2 else 0
        for i, g in enumerate(groups):
            split_of_group[g] = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"
    return {row["topic"]: split_of_group[group_of.get(row["topic"], row["topic"])] for row in rows}


def load_actors(folder: Path, rows: list[dict]) -> dict[str, dict]:
    """Actor annotation of every row id (``{"actor", "others"}``), after check_stance_actors' checks of every part
    (a missing file, a missing row, a substring not in the text or a bad label is refused)."""
    from check_stance_actors import problems  # the one check of the annotation files, beside this script

    out: dict[str, dict] = {}
    for part in sorted({r["author"] for r in rows}):
        found, _ = problems(part)
        if found:
            sys.exit(f"actors/{part}.jsonl: {found[0]} (run scripts/check_stance_actors.py {part}; BRIEF_ACTORS.md)")
        for line in (folder / f"{part}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                a = json.loads(line)
                out[a["id"]] = a
    return out


def other_actor_rows(row: dict, others: list[dict]) -> list[dict]:
    """One row per other actor of ``row``'s sentence: the same text and topic, that actor's label."""
    return [
        {
            **{f: row[f] for f in FIELDS},
            "id": f"{row['id']}/{k}",
            "label": o["label"],
            "pair": None,
            "actor": o["actor"],
            "of": row["id"],
        }
        for k, o in enumerate(others, 1)
    ]


def main() -> None:
    rows = load_parts(ROOT / "parts")
    actors = load_actors(ROOT / "actors", rows)
    for r in rows:
        r["actor"] = actors[r["id"]].get("actor")
    first = [r for r in rows if r["author"] not in TRAIN_ONLY_PARTS]
    split_of = split_topics(first)
    extra_topics = {r["topic"] for r in rows if r["author"] in TRAIN_ONLY_PARTS}
    clash = extra_topics & {t for t, sp in split_of.items() if sp != "train"}
    assert not clash, f"training-only parts reuse dev/test topics: {sorted(clash)}"
    out: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        split = split_of.get(row["topic"], "train")
        out[split].append(row)
        others = other_actor_rows(row, actors[row["id"]].get("others", []))
        out[f"{split}_other_actors"] += others
    for name, part in out.items():
        with open(ROOT / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for row in part:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        labels = Counter(r["label"] for r in part)
        pairs = len({r["pair"] for r in part if r["pair"]})
        print(
            f"{name}: {len(part)} rows, {len({r['topic'] for r in part})} topics, "
            f"{len({r['domain'] for r in part})} domains, "
            f"{pairs} pairs, labels {dict(labels)}"
        )
    assert not ({r["topic"] for r in out["test"]} & {r["topic"] for r in out["train"] + out["dev"]})


if __name__ == "__main__":
    main()
