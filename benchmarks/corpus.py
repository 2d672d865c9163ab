"""Deterministic benchmark corpora of N articles, written as one JSONL file.

``persent`` (the default of benchmarks/throughput.py): real news on every subject, the 1,405 articles
of PerSenT's dev and fixed_test splits (``../shared/data/persent``), taken in file order as the
pipeline's ingest reads them (the 5 it would not keep — 4 repeated texts, 1 not English — are left out), with the
row's title. To reach N they are repeated; a repeat ends with a marker line ("(Benchmark copy 2 of
this article.)"), so no text is a duplicate. Most of these articles mention few actors and say
nothing about the sample topics, as a real feed does.

``synthetic``: recombined from the sample articles, the dense worst case. Every article starts with a
sample's opening paragraph (its dateline) and adds paragraphs drawn from the same sample and from the
others (none twice) until it holds about ``words`` words, so every article is full of actors, quotes
and on-topic statements. A last line with the article number keeps every text distinct.

Both give article k the publication date 2024-01-01 + (k mod 120) days. Same arguments → same bytes.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from stancewatch.ingest.sources import ingest

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples" / "articles"
PERSENT = Path(__file__).resolve().parents[2] / "shared" / "data" / "persent"
PERSENT_FILES = ("dev.jsonl", "fixed_test.jsonl")
CORPORA = ("persent", "synthetic")
START = date(2024, 1, 1)


def _published(k: int) -> str:
    return (START + timedelta(days=k % 120)).isoformat()


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
        articles.append(
            {
                "title": f"{title} ({k + 1})",
                "published": _published(k),
                "text": "\n\n".join(body),
            }
        )
    return articles


def persent_articles(folder: Path = PERSENT) -> list[tuple[str | None, str]]:
    """(title, text) of every PerSenT article that ingest keeps as a document, in file order."""
    missing = [f for f in PERSENT_FILES if not (Path(folder) / f).exists()]
    if missing:
        raise SystemExit(
            f"PerSenT not found: {', '.join(str(Path(folder) / f) for f in missing)} (use --corpus synthetic, or "
            "--persent DIR)"
        )
    docs = ingest([Path(folder) / f for f in PERSENT_FILES], "benchmark").documents
    return [(d["title"], d["text"]) for d in docs]


def build_persent(n: int, folder: Path = PERSENT) -> list[dict]:
    """N real articles: PerSenT's, in order, repeated with a marker line on each repeat to reach N."""
    pool = persent_articles(folder)
    articles = []
    for k in range(n):
        title, text = pool[k % len(pool)]
        copy = k // len(pool) + 1
        if copy > 1:
            text = f"{text}\n\n(Benchmark copy {copy} of this article.)"
        articles.append({"title": title, "published": _published(k), "text": text})
    return articles


def write_corpus(
    path: Path, n: int, seed: int = 13, words: int = 700, corpus: str = "synthetic", persent: Path = PERSENT
) -> Path:
    """Write ``corpus``'s N articles as one JSONL file (the format newsroom exports usually come in)."""
    if corpus not in CORPORA:
        raise ValueError(f"unknown corpus {corpus!r}; one of {', '.join(CORPORA)}")
    articles = build_persent(n, persent) if corpus == "persent" else build_articles(n, seed, words)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for article in articles:
            f.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path
