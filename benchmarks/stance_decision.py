"""How an actor's overall stance is decided from its stance rows, scored on the sample gold.

    python benchmarks/stance_decision.py OUT [OUT ...]

OUT is a finished run over data/samples/articles (e.g. with topics that have aliases, and without).
For each run and each candidate rule it prints accuracy on the sample gold's easy positions and on all
of them (data/samples/gold_stance.yaml). The rule the pipeline uses is `stancewatch.aggregate.summaries.overall_stance`
over the row labels; the others are what was measured against it. The news test split plays no part here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from stancewatch.aggregate.summaries import overall_stance  # noqa: E402
from stancewatch.store.datasets import read_dataset  # noqa: E402


def by_counts(rows: pd.DataFrame) -> str | None:
    return overall_stance(*(int((rows["label"] == lab).sum()) for lab in ("favor", "against", "neutral")))


def shipped(rows: pd.DataFrame) -> str | None:
    """The pipeline's rule (stancewatch.aggregate.summaries.overall_stance with the mean of p_favor - p_against)."""
    counts = (int((rows["label"] == lab).sum()) for lab in ("favor", "against", "neutral"))
    return overall_stance(*counts, float((rows["p_favor"] - rows["p_against"]).mean()))


def confident_counts(threshold: float):
    def rule(rows: pd.DataFrame) -> str | None:
        keep = rows[rows[["p_favor", "p_against", "p_neutral"]].max(axis=1) >= threshold]
        return by_counts(keep) if len(keep) else "neutral"

    rule.__name__ = f"counts of rows with p_max >= {threshold}"
    return rule


def by_mass(margin: float):
    def rule(rows: pd.DataFrame) -> str | None:
        net = float((rows["p_favor"] - rows["p_against"]).sum())
        confident = {
            lab: bool(((rows["label"] == lab) & (rows[f"p_{lab}"] >= 0.6)).any()) for lab in ("favor", "against")
        }
        if abs(net) < margin * len(rows):
            return "mixed" if all(confident.values()) else "neutral"
        return "favor" if net > 0 else "against"

    rule.__name__ = f"sum of p_favor - p_against, margin {margin}"
    return rule


def by_mean_net(tau: float, confident: float = 0.6):
    def rule(rows: pd.DataFrame) -> str | None:
        net = float((rows["p_favor"] - rows["p_against"]).mean())
        if net > tau:
            return "favor"
        if net < -tau:
            return "against"
        both = (rows["p_favor"] >= confident).any() and (rows["p_against"] >= confident).any()
        return "mixed" if both else "neutral"

    rule.__name__ = f"mean p_favor - p_against vs {tau}, mixed if both >= {confident}"
    return rule


def by_sided_mass(mixed_below: float, confident: float = 0.6):
    def rule(rows: pd.DataFrame) -> str | None:
        sided = rows[rows["label"] != "neutral"]
        if sided.empty:
            return "neutral"
        net = float((sided["p_favor"] - sided["p_against"]).mean())
        both = (sided["p_favor"] >= confident).any() and (sided["p_against"] >= confident).any()
        if both and abs(net) < mixed_below:
            return "mixed"
        return "favor" if net > 0 else "against"

    rule.__name__ = f"sided rows' mean net; mixed if both >= {confident} and |net| < {mixed_below}"
    return rule


def by_mean_probs(margin: float, confident: float | None = 0.6):
    """The class of the mean probability vector over the actor's rows; between favor and against within the margin
    (or neutral on top): mixed when rows took each side with probability >= ``confident`` (None: when the rows'
    labels took both sides, what the summary tables can compute), else neutral."""

    def rule(rows: pd.DataFrame) -> str | None:
        f, a, n = (float(rows[f"p_{lab}"].mean()) for lab in ("favor", "against", "neutral"))
        if confident is None:
            both = (rows["label"] == "favor").any() and (rows["label"] == "against").any()
        else:
            both = (rows["p_favor"] >= confident).any() and (rows["p_against"] >= confident).any()
        if n >= max(f, a) or abs(f - a) <= margin:
            return "mixed" if both else "neutral"
        return "favor" if f > a else "against"

    mixed = "labels on both sides" if confident is None else f"both >= {confident}"
    rule.__name__ = f"argmax of mean probabilities, margin {margin}, mixed if {mixed}"
    return rule


RULES = [
    shipped,
    by_mean_probs(0.0, None),
    by_mean_probs(0.05, None),
    by_mean_probs(0.0),
    by_mean_probs(0.05),
    by_mean_probs(0.1),
    by_mean_probs(0.1, 0.5),
    by_sided_mass(0.0),
    by_sided_mass(0.1),
    by_sided_mass(0.2),
    by_sided_mass(0.3),
    by_counts,
    confident_counts(0.5),
    confident_counts(0.6),
    by_mass(0.0),
    by_mass(0.1),
    by_mass(0.2),
    by_mean_net(0.0),
    by_mean_net(0.05),
    by_mean_net(0.1),
    by_mean_net(0.15),
]


def score(out: Path, gold: list[dict]) -> dict[str, tuple[float, float]]:
    stance = read_dataset(out, "actor_stance")
    result = {}
    for rule in RULES:
        decided = {(t, a): rule(g) for (t, a), g in stance.groupby(["topic_id", "actor_id"])}

        def acc(items):
            return sum(decided.get((g["topic"], g["actor"])) == g["stance"] for g in items) / len(items)

        result[rule.__name__] = (acc([g for g in gold if g["easy"]]), acc(gold))
    return result


def main(outs: list[str]) -> None:
    gold = yaml.safe_load((REPO / "data" / "samples" / "gold_stance.yaml").read_text())["stances"]
    n_easy = sum(g["easy"] for g in gold)
    for out in outs:
        print(f"\n{out}  (easy n={n_easy}, all n={len(gold)})")
        for name, (easy, every) in score(Path(out), gold).items():
            print(
                f"  {name:45s} easy {easy * n_easy:4.0f}/{n_easy} ({easy:.3f})   all "
                f"{every * len(gold):4.0f}/{len(gold)} ({every:.3f})"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
