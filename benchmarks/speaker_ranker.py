"""Train and check the speaker ranker (stancewatch/actors/speaker_ranker.py) on the attribution gold sets.

    python benchmarks/speaker_ranker.py                      # leave-one-set-out: each set scored by a ranker
                                                             # trained on the others, at each margin of the grid
    python benchmarks/speaker_ranker.py --out models/speaker-ranker/ranker.json
                                                             # also: train on all sets, margin chosen by the folds

Each gold set is a fold, so no article is in both the training and the scored data. The score is the one
`stancewatch evaluate actors` reports (a gold statement is right when a statement that overlaps it has its speaker),
computed on the rules' statements before and after the ranker. The margin is chosen by the rule stated here before
any run: the largest total gain over the folds; ties go to the larger margin (fewer changes).
A held-out set must not be passed with --sets: it would stop being held out.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import torch
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stancewatch.actors.speaker_ranker import FEATURES, Ranker, rerank, statement_features  # noqa: E402

DEV_SETS = (
    "attribution",
    "attribution_forms",
    "attribution_heldout",
    "attribution_heldout2",
    "attribution_heldout3",
    "attribution_heldout4",
    "attribution_heldout5",
    "attribution_heldout6",
    "attribution_heldout7",
)
MARGINS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)


def run_rules(sets: list[str]) -> list[dict]:
    """Each gold document with the rules' mention and statement rows and its gold statements (ids as the run's)."""
    from stancewatch.actors.extract import build_matcher, extract, load_spacy
    from stancewatch.actors.registry import ActorRegistry
    from stancewatch.config import load_registry, load_settings
    from stancewatch.evaluate.actors import _document, registered_ids

    settings = load_settings(None)
    registry = ActorRegistry(load_registry(settings))
    nlp = load_spacy(settings.spacy_model)
    matcher = build_matcher(nlp, registry)
    docs = []
    for name in sets:
        gold = yaml.safe_load((ROOT / "tests" / "gold" / f"{name}.yaml").read_text(encoding="utf-8"))
        for entry in gold["documents"]:
            doc = _document(entry["source"], ROOT)
            text = doc["text"]
            entry = registered_ids(entry, registry, text)
            found = extract(nlp(text), doc["doc_id"], registry, matcher)
            spans = [(text.find(g["text"]), len(g["text"]), g["speaker"]) for g in entry.get("statements", [])]
            docs.append(
                {
                    "set": name,
                    "text": text,
                    "mentions": found.mentions,
                    "statements": found.statements,
                    "gold": [(a, a + n, sp) for a, n, sp in spans],
                }
            )
        print(f"{name}: rules run on {len(gold['documents'])} documents", file=sys.stderr)
    return docs


def hits(doc: dict, statements: list[dict]) -> int:
    return sum(any(s["actor_id"] == sp for s in statements if s["start"] < b and a < s["end"]) for a, b, sp in doc["gold"])


def training_groups(docs: list[dict]) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Per statement that overlaps gold statements whose speaker is among its candidates: (features, is-gold)."""
    groups = []
    for doc in docs:
        for i, cands in statement_features(doc["text"], doc["mentions"], doc["statements"]):
            s = doc["statements"][i]
            gold = {sp for a, b, sp in doc["gold"] if s["start"] < b and a < s["end"]}
            if not gold & set(cands):
                continue
            names = sorted(cands)
            x = torch.tensor([cands[c] for c in names], dtype=torch.float64)
            y = torch.tensor([c in gold for c in names], dtype=torch.bool)
            groups.append((x, y))
    return groups


def train(groups: list[tuple[torch.Tensor, torch.Tensor]], l2: float = 0.01) -> tuple[float, ...]:
    """A conditional logit (softmax over each statement's candidates; several right candidates share the mass),
    fitted with L-BFGS."""
    w = torch.zeros(len(FEATURES), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w], max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = sum(torch.logsumexp(x @ w, 0) - torch.logsumexp((x @ w)[y], 0) for x, y in groups) / len(groups)
        loss = loss + l2 * (w[1:] ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return tuple(float(v) for v in w.detach())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=list(DEV_SETS))
    ap.add_argument("--cache", type=Path, help="keep the rules' rows here (reused when the file exists)")
    ap.add_argument("--out", type=Path, help="write the ranker trained on all sets here")
    args = ap.parse_args()
    torch.manual_seed(0)
    if args.cache and args.cache.exists():
        docs = [d for d in pickle.loads(args.cache.read_bytes()) if d["set"] in args.sets]
    else:
        docs = run_rules(args.sets)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(docs))
    total_gain = dict.fromkeys(MARGINS, 0)
    print(f"{'set':24} {'rules':>7} " + " ".join(f"{'m=' + str(m):>7}" for m in MARGINS))
    for held in args.sets:
        weights = train(training_groups([d for d in docs if d["set"] != held]))
        scored = [d for d in docs if d["set"] == held]
        n = sum(len(d["gold"]) for d in scored)
        base = sum(hits(d, d["statements"]) for d in scored)
        row = []
        for m in MARGINS:
            ranker = Ranker(weights, m)
            got = sum(hits(d, rerank(d["text"], d["mentions"], d["statements"], ranker)) for d in scored)
            total_gain[m] += got - base
            row.append(f"{got / n:7.3f}")
        print(f"{held:24} {base / n:7.3f} " + " ".join(row))
    print("gain over the folds (statements): " + ", ".join(f"m={m}: {g:+d}" for m, g in total_gain.items()))
    best = max(MARGINS, key=lambda m: (total_gain[m], m))
    print(f"chosen margin: {best}")
    if args.out:
        weights = train(training_groups(docs))
        Ranker(weights, best).save(args.out)
        print(f"wrote {args.out}: " + ", ".join(f"{k} {v:+.2f}" for k, v in zip(FEATURES, weights)))


if __name__ == "__main__":
    main()
