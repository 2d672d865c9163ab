"""Per-actor stance on whole articles nobody on the team wrote: the pipeline end to end against a held-out gold.

    .venv/bin/python benchmarks/stance_articles.py [--gold tests/gold/stance_articles] [--out /tmp/stance-articles]
                                                   [--config configs/stancewatch.yaml] [--rerun]

The gold folder holds articles (``*.txt``), their topics (``topics.yaml``) and ``gold.yaml``: per article, every
actor with its stance (favor / against / neutral / mixed), whether the article states it outright (``easy``) and the
sentence that shows it. The gold was written by a writer who never saw the code; it is used to *measure* only — no
rule, threshold or model was chosen on it (the actor-level rule was chosen on the sample gold and the news dev split,
benchmarks/stance_decision.py).

Runs ``stancewatch run`` on the articles with their topics (skipped when OUT already holds a finished run, unless
--rerun), decides each actor's stance with the pipeline's own rule
(stancewatch.aggregate.summaries.overall_stance over the actor's rows on the topic) and prints accuracy on the easy
positions and on all, per gold stance, and each miss with its evidence. An actor with no stance row counts as
neutral. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.stance_decision import RULES, shipped  # noqa: E402
from stancewatch.actors.registry import ActorRegistry, clean_name, slug  # noqa: E402
from stancewatch.config import load_registry, load_settings  # noqa: E402
from stancewatch.store.datasets import read_dataset  # noqa: E402

LABEL_OF_KIND = {"person": "PERSON", "country": "GPE", "organisation": "ORG", "organization": "ORG", "group": "ORG"}


def run_pipeline(gold: Path, out: Path, config: Path) -> None:
    cmd = [
        str(REPO / ".venv" / "bin" / "stancewatch"),
        "run",
        *sorted(str(p) for p in gold.glob("*.txt")),
        "--topics",
        str(gold / "topics.yaml"),
        "--config",
        str(config),
        "--out",
        str(out),
    ]
    subprocess.run(cmd, check=True, cwd=REPO)


def decide(stance: pd.DataFrame, rule=shipped) -> dict[tuple[str, str], str]:
    """Each (topic, actor)'s overall stance from the run's `actor_stance` rows, by ``rule``."""
    if stance.empty:
        return {}
    return {(t, a): rule(g) for (t, a), g in stance.groupby(["topic_id", "actor_id"])}


def match_actor(name: str, kind: str, doc_actors: dict[str, str], registry: ActorRegistry) -> str:
    """The pipeline's actor id for a gold name in one article: the registry's resolution (registered names and
    aliases, else the slug of the cleaned name) when the article has that actor, else the one actor of the article
    whose slug is a whole-word part of the gold name's slug or the other way round ("European Conservatives" for
    "the European Conservatives and Reformists group"), the longest such. Unmatched: the resolved id (no rows)."""
    resolved = registry.resolve(name, LABEL_OF_KIND.get(kind, "ORG")).id
    if resolved in doc_actors:
        return resolved
    want = f"-{slug(clean_name(name))}-"
    near = [a for a in doc_actors if f"-{a}-" in want or want in f"-{a}-"]
    return max(near, key=len) if near else resolved


def score(
    gold_doc: dict,
    decided: dict[tuple[str, str], str],
    registry: ActorRegistry,
    actors_of: dict[str, dict[str, str]] | None = None,
) -> list[dict]:
    """One row per gold position; ``actors_of`` maps an article's file name to its actors (id → name)."""
    rows = []
    for art in gold_doc["articles"]:
        doc_actors = (actors_of or {}).get(art["file"], {})
        for actor in art["actors"]:
            actor_id = match_actor(actor["name"], actor.get("kind", ""), doc_actors, registry)
            got = decided.get((art["topic"], actor_id))
            rows.append(
                {
                    "file": art["file"],
                    "topic": art["topic"],
                    "actor": actor["name"],
                    "actor_id": actor_id,
                    "gold": actor["stance"],
                    "easy": bool(actor.get("easy")),
                    "predicted": got or "neutral",
                    "has_rows": got is not None,
                    "evidence": actor.get("evidence", ""),
                }
            )
    return rows


def _file_of(out: Path) -> dict[str, str]:
    """Each document id of the run → its article's file name."""
    docs = read_dataset(out, "documents")
    return {d: Path(src).name for d, src in zip(docs["doc_id"], docs["source"])}


def article_actors(out: Path) -> dict[str, dict[str, str]]:
    """Per article file name, the actors the pipeline found in it (id → name)."""
    mentions = read_dataset(out, "mentions")
    file_of = _file_of(out)
    found = mentions[mentions["is_actor"]]
    out_map: dict[str, dict[str, str]] = {}
    for d, a, n in zip(found["doc_id"], found["actor_id"], found["actor_name"]):
        out_map.setdefault(file_of.get(d, d), {})[a] = n
    return out_map


def why_no_row(rows: list[dict], actors_of: dict[str, dict[str, str]], speakers_of: dict[str, set[str]]) -> Counter:
    """For favor/against positions with no stance row, the stage that lost them: the actor is not among the article's
    actors (`actor not found`), is but has no attributed statement (`no statement`), or has statements none of which
    was relevant to the topic (`not relevant`). Counts only: a held-out set is measured, never read item by item."""
    out: Counter = Counter()
    for r in rows:
        if r["gold"] in ("favor", "against") and not r["has_rows"]:
            if r["actor_id"] not in actors_of.get(r["file"], {}):
                out["actor not found"] += 1
            elif r["actor_id"] not in speakers_of.get(r["file"], set()):
                out["no statement"] += 1
            else:
                out["not relevant"] += 1
    return out


def article_speakers(out: Path) -> dict[str, set[str]]:
    """Per article file name, the actors with at least one attributed statement."""
    statements = read_dataset(out, "statements")
    file_of = _file_of(out)
    out_map: dict[str, set[str]] = {}
    for d, a in zip(statements["doc_id"], statements["actor_id"]):
        out_map.setdefault(file_of.get(d, d), set()).add(a)
    return out_map


def summary(rows: list[dict]) -> dict:
    def acc(items: list[dict]) -> float:
        return sum(r["predicted"] == r["gold"] for r in items) / len(items) if items else 0.0

    easy = [r for r in rows if r["easy"]]
    sided = [r for r in rows if r["gold"] in ("favor", "against")]
    return {
        "n": len(rows),
        "accuracy": round(acc(rows), 4),
        "n_easy": len(easy),
        "accuracy_easy": round(acc(easy), 4),
        "n_sided": len(sided),
        "accuracy_sided": round(acc(sided), 4),
        "per_gold": {s: round(acc([r for r in rows if r["gold"] == s]), 4) for s in sorted({r["gold"] for r in rows})},
        "gold_counts": dict(Counter(r["gold"] for r in rows)),
        "sided_with_rows": round(sum(r["has_rows"] for r in sided) / len(sided), 4) if sided else 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=REPO / "tests" / "gold" / "stance_articles")
    ap.add_argument("--out", type=Path, default=Path("/tmp/stance-articles"))
    ap.add_argument("--config", type=Path, default=REPO / "configs" / "stancewatch.yaml")
    ap.add_argument("--rerun", action="store_true", help="run the pipeline again even if OUT holds a run")
    ap.add_argument(
        "--rules", action="store_true", help="also score every candidate rule of benchmarks/stance_decision.py"
    )
    args = ap.parse_args()
    if args.rerun or not (args.out / "actor_stance").exists():
        run_pipeline(args.gold, args.out, args.config)
    gold_doc = yaml.safe_load((args.gold / "gold.yaml").read_text(encoding="utf-8"))
    registry = ActorRegistry(load_registry(load_settings(args.config)))
    actors_of = article_actors(args.out)
    stance = read_dataset(args.out, "actor_stance")
    rows = score(gold_doc, decide(stance), registry, actors_of)
    for r in rows:
        if r["predicted"] != r["gold"]:
            mark = "easy" if r["easy"] else "hard"
            rows_note = "" if r["has_rows"] else " (no stance row)"
            print(f"MISS {mark} {r['file']} {r['actor']!r}: gold {r['gold']}, got {r['predicted']}{rows_note}")
            print(f"     {r['evidence'][:160]}")
    result = summary(rows)
    result["sided_without_rows_by_stage"] = dict(why_no_row(rows, actors_of, article_speakers(args.out)))
    if args.rules:
        for rule in RULES:
            other = summary(score(gold_doc, decide(stance, rule), registry, actors_of))
            print(f"  {rule.__name__:60s} easy {other['accuracy_easy']:.3f}  all {other['accuracy']:.3f}")
    print(
        f"easy {result['accuracy_easy']:.3f} (n={result['n_easy']})  all {result['accuracy']:.3f} (n={result['n']})  "
        f"favor/against positions {result['accuracy_sided']:.3f} (n={result['n_sided']})"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
