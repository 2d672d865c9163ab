"""Deterministic benchmark articles recombined from the sample articles.

Every article starts with a sample's opening paragraph (its dateline) and adds paragraphs drawn
from the same sample and from the others (none twice) until it holds about ``words`` words, so the mix of
actors, quotes and topics stays like real wire copy. A last line with the article number keeps
every text distinct (no duplicates are quarantined). Same ``n`` and ``seed`` → same bytes.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from stancewatch.ingest import ingest

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples" / "articles"


def sample_paragraphs(samples: Path = SAMPLES) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of every sample article, read through the normal ingest."""
    docs = ingest([samples], "benchmark").documents
    out = []
    for title, text in sorted((d["title"] or "", d["text"]) for d in docs):
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        out.append((title, paragraphs))
    return out


def build_articles(n: int, seed: int = 13, words: int = 700, samples: Path = SAMPLES) -> list[dict]:
    rng = random.Random(seed)
    pool = sample_paragraphs(samples)
    everything = [p for _, paragraphs in pool for p in paragraphs[1:]]
    start = date(2024, 1, 1)
    articles = []
    for k in range(n):
        title, paragraphs = pool[k % len(pool)]
        body, count = [paragraphs[0]], len(paragraphs[0].split())
        own = rng.sample(paragraphs[1:], len(paragraphs) - 1)  # no paragraph twice in one article
        others = [p for p in rng.sample(everything, len(everything)) if p not in own]
        while count < words and (own or others):
            p = own.pop() if own and (rng.random() < 0.6 or not others) else others.pop()
            body.append(p)
            count += len(p.split())
        body.append(f"(Benchmark article {k + 1} of {n}.)")
        articles.append({
            "title": f"{title} ({k + 1})",
            "published": (start + timedelta(days=k % 120)).isoformat(),
            "text": "\n\n".join(body),
        })
    return articles


def write_corpus(path: Path, n: int, seed: int = 13, words: int = 700) -> Path:
    """Write the articles as one JSONL file (the format newsroom exports usually come in)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for article in build_articles(n, seed, words):
            f.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path
