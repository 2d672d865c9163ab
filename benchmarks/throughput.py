"""Throughput of the pipeline on N articles, against a naive baseline measured in the same run.

    .venv/bin/python benchmarks/throughput.py --n 1000                       # real news (PerSenT), the default
    .venv/bin/python benchmarks/throughput.py --n 1000 --corpus synthetic    # the dense worst case

1. Builds N articles deterministically (benchmarks/corpus.py): ``persent``, real news articles on every
   subject (~350 words each), repeated with a marker line to reach N; or ``synthetic``, recombined
   from the sample articles (~700 words each, dense with actors and on-topic statements).
2. Runs ``stancewatch run`` on them in a child process, exactly as a user would (Prefect flow,
   temporary Prefect server, default settings and embedded models), and measures its wall time
   and peak memory: the child's peak RSS (``wait4``) and the peak RSS of its whole process tree
   (sampled every 0.2 s; includes the temporary Prefect server).
3. Reads the stage timings from the run's row in ``OUT/runs`` and the rows it wrote.
4. Runs the naive baseline (benchmarks/baseline.py: HF ``pipeline("text-classification")``, one
   call per pair, same models) on an evenly spread sample of the same pairs, and times it.

Prints a table, then as its very last line one JSON object (``corpus``, ``n``, ``articles_per_s``,
``classify_pairs_per_s``, ``baseline_pairs_per_s``, ``ratio``, ``peak_rss_mb``, ``peak_tree_rss_mb``, …).
A "pair" is one classifier output: a (sentence, actor mention) sentiment row or a
(statement, topic) stance row; our rate divides them by the whole classify stage (model loading
and the relevance embeddings included), the baseline's by its classifier calls only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stancewatch.runtime import configure_environment  # noqa: E402

configure_environment()

from benchmarks.corpus import CORPORA, PERSENT, write_corpus  # noqa: E402


def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in kB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def run_pipeline(corpus: Path, out: Path, extra: list[str]) -> dict:
    """``stancewatch run`` in a child process; wall time, peak RSS of the child and of its process tree."""
    cmd = [sys.executable, "-m", "stancewatch.cli", "run", str(corpus), "--out", str(out), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    peak_tree, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.wait(0.2):
            peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"`{' '.join(cmd)}` failed with exit code {proc.returncode}")
    return {"seconds": seconds, "peak_rss_mb": usage.ru_maxrss / 1024, "peak_tree_rss_mb": peak_tree / 1024}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="articles to build and process (default 100)")
    parser.add_argument(
        "--corpus",
        choices=CORPORA,
        default="persent",
        help="persent: real news articles (default; the targets are on it); synthetic: dense, from the samples",
    )
    parser.add_argument(
        "--persent",
        type=Path,
        default=PERSENT,
        help=f"folder with PerSenT's dev.jsonl and fixed_test.jsonl (default {PERSENT})",
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--baseline-pairs", type=int, default=300, help="pairs the naive baseline classifies (an even sample)"
    )
    parser.add_argument(
        "--workdir", type=Path, default=None, help="keep corpus and output here (default: a temporary folder, deleted)"
    )
    parser.add_argument(
        "run_args", nargs="*", help="extra arguments for `stancewatch run`, after --, e.g. -- --chunk-size 100"
    )
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="stancewatch-bench-"))
    corpus, out = work / "corpus" / "articles.jsonl", work / "out"
    if out.exists():
        shutil.rmtree(out)
    write_corpus(corpus, args.n, args.seed, corpus=args.corpus, persent=args.persent)
    print(
        f"corpus: {args.n} {args.corpus} articles in {corpus} ({corpus.stat().st_size / 1e6:.1f} MB)", file=sys.stderr
    )

    ours = run_pipeline(corpus, out, args.run_args)

    from benchmarks.baseline import run_baseline
    from stancewatch.config import load_settings, load_topics
    from stancewatch.models.backends import load_sentiment_backend, load_stance_backend
    from stancewatch.store.datasets import read_dataset

    run = read_dataset(out, "runs").iloc[-1]
    stages = json.loads(run["stage_seconds"])
    documents, sentiment, stance = (
        read_dataset(out, "documents"),
        read_dataset(out, "actor_sentiment"),
        read_dataset(out, "actor_stance"),
    )
    if len(documents) != args.n:
        raise SystemExit(f"expected {args.n} documents in the output, found {len(documents)}: see {out}/quarantine")
    pairs = len(sentiment) + len(stance)
    settings, topics = load_settings(None), load_topics(None)
    base = run_baseline(
        sentiment,
        stance,
        documents,
        load_sentiment_backend(settings.sentiment_model),
        load_stance_backend(settings.stance_model),
        {t.id: t.phrasings() for t in topics.topics},
        args.baseline_pairs,
    )

    ours_pairs_per_s = pairs / stages["classify"]
    ratio = round(ours_pairs_per_s / base.pairs_per_s, 2) if base.pairs_per_s else None  # None: no pairs to compare
    words = int(documents["text"].str.split().str.len().sum())
    result = {
        "corpus": args.corpus,
        "n": args.n,
        "articles_per_s": round(args.n / ours["seconds"], 3),
        "classify_pairs_per_s": round(ours_pairs_per_s, 2),
        "baseline_pairs_per_s": round(base.pairs_per_s, 2),
        "ratio": ratio,
        "peak_rss_mb": round(ours["peak_rss_mb"], 1),
        "peak_tree_rss_mb": round(ours["peak_tree_rss_mb"], 1),
        "wall_s": round(ours["seconds"], 1),
        "stage_s": stages,
        "stage_articles_per_s": {k: round(args.n / v, 2) for k, v in stages.items() if v},
        "pairs": pairs,
        "sentiment_pairs": len(sentiment),
        "stance_pairs": len(stance),
        "baseline_sample": base.pairs,
        "baseline_agreement": round(base.agreement, 4),
        "ms_per_article": round(1000 * ours["seconds"] / args.n, 1),
        "words_per_article": round(words / args.n, 1),
        "cpus": os.cpu_count(),
    }
    rows = [
        ("corpus", f"{args.corpus}: {args.n} articles, {result['words_per_article']:.0f} words each on average"),
        (
            "end to end",
            f"{ours['seconds']:.1f} s = {result['articles_per_s']} articles/s ({result['ms_per_article']} ms/article)",
        ),
        *(
            (f"  {k}", f"{v:.1f} s = {result['stage_articles_per_s'].get(k, float('inf'))} articles/s")
            for k, v in stages.items()
        ),
        ("classifier pairs", f"{pairs} ({len(sentiment)} sentiment + {len(stance)} stance)"),
        ("ours (classify stage)", f"{ours_pairs_per_s:.1f} pairs/s"),
        (
            "naive HF pipeline",
            f"{base.pairs_per_s:.1f} pairs/s on {base.pairs} pairs ({base.agreement:.1%} same labels)",
        ),
        ("ratio", f"{ratio}×" if ratio else "n/a (no classifier pairs)"),
        (
            "peak RSS",
            f"{result['peak_rss_mb']:.0f} MB (pipeline process), {result['peak_tree_rss_mb']:.0f} MB (with the "
            "Prefect server)",
        ),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result), flush=True)
    return result


if __name__ == "__main__":
    main()
