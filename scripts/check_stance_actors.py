"""Check the actor annotations of the news stance corpus (data/stance_news/actors/X.jsonl) against their part.

    python scripts/check_stance_actors.py A B ...   (no argument: every part that has an annotation file)

Each annotation line: {"id": ROW_ID, "actor": SUBSTRING or null, "others": [{"actor": SUBSTRING, "label": L}, ...]}
where SUBSTRING occurs verbatim in the row's text and L is favor / against / neutral. Every row of the part must have
exactly one line. Prints the problems (and exits 1) or a one-line summary.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "data" / "stance_news"
LABELS = {"favor", "against", "neutral"}


def problems(part: str) -> tuple[list[str], dict]:
    rows = {}
    for line in (FOLDER / "parts" / f"{part}.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            rows[r["id"]] = r
    path = FOLDER / "actors" / f"{part}.jsonl"
    out: list[str] = []
    stats = {"rows": len(rows), "actor": 0, "others": 0}
    if not path.exists():
        return [f"{path} is missing (one line per row of parts/{part}.jsonl; see BRIEF_ACTORS.md)"], stats
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            a = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append(f"{where}: not JSON ({exc.msg})")
            continue
        rid = a.get("id")
        if rid not in rows:
            out.append(f"{where}: unknown id {rid!r}")
            continue
        if rid in seen:
            out.append(f"{where}: {rid} annotated twice")
        seen.add(rid)
        text = rows[rid]["text"]
        actor = a.get("actor")
        if actor is not None:
            stats["actor"] += 1
            if not isinstance(actor, str) or actor not in text:
                out.append(f"{where}: {rid}: actor {actor!r} is not a substring of the text")
            elif text.count(actor) > 1:
                stats["repeated"] = stats.get("repeated", 0) + 1  # the first occurrence is the one marked
        others = a.get("others", [])
        if not isinstance(others, list):
            out.append(f"{where}: {rid}: `others` must be a list")
            continue
        for o in others:
            stats["others"] += 1
            if not isinstance(o, dict) or not isinstance(o.get("actor"), str) or o["actor"] not in text:
                out.append(f"{where}: {rid}: other actor {o!r} is not a substring of the text")
            elif o.get("label") not in LABELS:
                out.append(f"{where}: {rid}: other actor {o['actor']!r} has label {o.get('label')!r}")
            elif actor is not None and o["actor"] == actor:
                out.append(f"{where}: {rid}: {o['actor']!r} is both the actor and an other actor")
    missing = sorted(set(rows) - seen)
    if missing:
        out.append(f"{len(missing)} rows not annotated, e.g. {missing[:5]}")
    return out, stats


def main(argv: list[str]) -> int:
    parts = argv or sorted(p.stem for p in (FOLDER / "actors").glob("*.jsonl"))
    bad = 0
    for part in parts:
        found, stats = problems(part)
        for p in found[:40]:
            print(f"{part}: {p}")
        bad += len(found)
        repeated = stats.get("repeated", 0)
        twice = f"; {repeated} actors occur twice in their text (the first is marked)" if repeated else ""
        print(
            f"{part}: {stats['rows']} rows, {stats['actor']} with an actor, {stats['others']} other actors, "
            f"{len(found)} problems{twice}"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
