"""A learned second opinion on who said each statement: the rules' speaker against the other actors near it.

The attribution rules (``attribution``, ``coref``, ``speakers``) give every statement one speaker. Where they are
wrong, the right speaker is nearly always an actor the article names close by. ``rerank`` scores each actor the
document names before a statement's end (or in its paragraph) with a logistic model over plain features of where and
how the actor is named (``features``), and gives the statement to another actor only when the model prefers it to the
rules' choice by more than a margin. The model is trained on the gold sets (``benchmarks/speaker_ranker.py``,
article-disjoint folds) and shipped as a small JSON file (``models/speaker-ranker``).

Everything works on the rows of the `mentions` and `statements` tables and the document's text, after the rules.
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass
from pathlib import Path

KINDS = ("direct_quote", "reported_speech", "position")
TYPES = ("person", "organization", "group", "country")

FEATURES = (
    "bias",
    "is_rule",
    "named_by_cue",  # a mention of the candidate lies in the words the rules read as the speaker
    "in_sentence",  # named in the statement's sentence, outside the statement
    "in_sentence_after",  # … after the statement ("'…,' X said")
    "in_paragraph_before",
    "in_previous_paragraph",
    "in_paragraph_after",
    "inside_statement",  # named inside the statement's own words
    "last_named_before",  # the actor named last before the statement
    "near_before",  # 1 / (1 + paragraphs back to the last mention before the statement)
    "chars_before",  # closeness of the last mention before the statement, in characters (log scale)
    "previous_speaker",  # the speaker of the statement before this one
    "prior_statements",  # log(1 + statements the rules gave it before this one)
    "mentions",  # log(1 + its mentions in the document)
    "coref_near",  # a pronoun or role noun the coreference step resolved to it, in this or the previous paragraph
    "first_in_paragraph",  # the first actor named in the statement's paragraph
    *(f"type_{t}" for t in TYPES),
    *(f"kind_{k}" for k in KINDS),
    *(f"rule_kind_{k}" for k in KINDS),
    "rule_person",  # the rules' speaker is a person
    "same_type_as_rule",
)


@dataclass(frozen=True)
class Ranker:
    """A logistic model over ``FEATURES`` and the margin by which a candidate must beat the rules' speaker."""

    weights: tuple[float, ...]
    margin: float
    version: str = "1"

    def score(self, x: list[float]) -> float:
        return sum(w * v for w, v in zip(self.weights, x))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "version": self.version,
            "features": list(FEATURES),
            "weights": list(self.weights),
            "margin": self.margin,
        }
        path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Ranker:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if tuple(data.get("features", ())) != FEATURES:
            raise ValueError(
                f"speaker ranker {path} was trained on other features than this code computes; "
                "retrain it with `python benchmarks/speaker_ranker.py --out` (models/speaker-ranker/MODEL_CARD.md)"
            )
        return cls(tuple(float(w) for w in data["weights"]), float(data["margin"]), str(data.get("version", "1")))


class _Doc:
    """The positions the features need, computed once per document."""

    def __init__(self, text: str, mentions: list[dict]):
        self.breaks = [i for i, ch in enumerate(text) if ch == "\n"]
        self.mentions = sorted((m for m in mentions if m["is_actor"]), key=lambda m: m["start"])
        self.count: dict[str, int] = {}
        self.type: dict[str, str] = {}
        for m in self.mentions:
            self.count[m["actor_id"]] = self.count.get(m["actor_id"], 0) + 1
            self.type.setdefault(m["actor_id"], m["actor_type"])

    def paragraph(self, offset: int) -> int:
        """Index of the paragraph (text between blank lines counts as one line break per paragraph)."""
        return bisect.bisect_right(self.breaks, offset)


def _candidates(d: _Doc, s: dict) -> set[str]:
    para = d.paragraph(s["start"])
    return {
        m["actor_id"]
        for m in d.mentions
        if m["start"] < s["end"] or d.paragraph(m["start"]) == para
    } | {s["actor_id"]}


def features(d: _Doc, s: dict, previous: dict | None, prior: dict[str, int]) -> dict[str, list[float]]:
    """Per candidate actor of statement ``s``: its feature vector (``FEATURES``)."""
    para = d.paragraph(s["start"])
    rule = s["actor_id"]
    rule_type = d.type.get(rule, "organization")
    out: dict[str, list[float]] = {}
    first_in_para = next((m["actor_id"] for m in d.mentions if d.paragraph(m["start"]) == para), None)
    before_all = [m for m in d.mentions if m["end"] <= s["start"]]
    last_named = before_all[-1]["actor_id"] if before_all else None
    for c in sorted(_candidates(d, s)):
        own = [m for m in d.mentions if m["actor_id"] == c]
        named = [m for m in own if m["source"] != "coref"]
        before = [m for m in own if m["end"] <= s["start"]]
        f = dict.fromkeys(FEATURES, 0.0)
        f["bias"] = 1.0
        f["is_rule"] = float(c == rule)
        f["named_by_cue"] = float(any(m["start"] < s["speaker_end"] and s["speaker_start"] < m["end"] for m in own))
        in_sent = [
            m for m in own if s["context_start"] <= m["start"] < s["context_end"] and not s["start"] <= m["start"] < s["end"]
        ]
        f["in_sentence"] = float(bool(in_sent))
        f["in_sentence_after"] = float(any(m["start"] >= s["end"] for m in in_sent))
        f["in_paragraph_before"] = float(any(d.paragraph(m["start"]) == para for m in before))
        f["in_previous_paragraph"] = float(any(0 < para - d.paragraph(m["start"]) <= 2 for m in before))
        f["in_paragraph_after"] = float(any(m["start"] >= s["end"] and d.paragraph(m["start"]) == para for m in own))
        f["inside_statement"] = float(any(s["start"] <= m["start"] < s["end"] for m in named))
        f["last_named_before"] = float(c == last_named)
        if before:
            f["near_before"] = 1.0 / (1.0 + para - d.paragraph(before[-1]["start"]))
            f["chars_before"] = 1.0 / (1.0 + math.log1p(max(s["start"] - before[-1]["end"], 0)))
        f["previous_speaker"] = float(previous is not None and previous["actor_id"] == c)
        f["prior_statements"] = math.log1p(prior.get(c, 0))
        f["mentions"] = math.log1p(d.count.get(c, 0))
        f["coref_near"] = float(
            any(m["source"] == "coref" and 0 <= para - d.paragraph(m["start"]) <= 2 for m in own if m["start"] < s["end"])
        )
        f["first_in_paragraph"] = float(c == first_in_para)
        t = d.type.get(c, "organization")
        if f"type_{t}" in f:
            f[f"type_{t}"] = 1.0
        if f"kind_{s['kind']}" in f:
            f[f"kind_{s['kind']}"] = 1.0
            f[f"rule_kind_{s['kind']}"] = f["is_rule"]
        f["rule_person"] = float(rule_type == "person")
        f["same_type_as_rule"] = float(t == rule_type)
        out[c] = [f[k] for k in FEATURES]
    return out


def statement_features(text: str, mentions: list[dict], statements: list[dict]):
    """For each statement the ranker may reconsider (index into ``statements``): its candidates' feature vectors.
    Left alone: a country's position voiced by its minister (``spoken_for``) and a span the rules gave to several
    speakers (a joint statement, conjoined subjects)."""
    d = _Doc(text, mentions)
    spans: dict[tuple[int, int], int] = {}
    for s in statements:
        spans[(s["start"], s["end"])] = spans.get((s["start"], s["end"]), 0) + 1
    order = sorted(range(len(statements)), key=lambda i: statements[i]["start"])
    prior: dict[str, int] = {}
    previous = None
    for i in order:
        s = statements[i]
        if s["kind"] != "spoken_for" and spans[(s["start"], s["end"])] == 1 and s["kind"] in KINDS:
            yield i, features(d, s, previous, prior)
        prior[s["actor_id"]] = prior.get(s["actor_id"], 0) + 1
        if s["kind"] != "spoken_for":
            previous = s


def rerank(text: str, mentions: list[dict], statements: list[dict], ranker: Ranker) -> list[dict]:
    """``statements`` with each speaker the ranker prefers to the rules' by more than its margin; the speaker's name
    taken from its mentions. Statement ids follow the new speaker."""
    names = {m["actor_id"]: m["actor_name"] for m in mentions}
    out = [dict(s) for s in statements]
    for i, cands in list(statement_features(text, mentions, statements)):
        s = out[i]
        scores = {c: ranker.score(x) for c, x in cands.items()}
        best = max(scores, key=lambda c: (scores[c], c == s["actor_id"]))
        if best != s["actor_id"] and scores[best] - scores[s["actor_id"]] > ranker.margin:
            s["actor_id"], s["actor_name"] = best, names.get(best, best)
            s["statement_id"] = f"{s['doc_id']}:{s['start']}:{best}"
    return out
