"""Sentiment toward every actor mention and each actor's stance toward each topic, as table rows.

Plain functions over pandas frames and loaded models; the Prefect task loads the models once per
process and calls these. Inference is batched: sentences are encoded once for all the actors they
mention, statement/topic pairs are sorted by length and padded per batch.
"""

from __future__ import annotations

import re
from typing import Callable

import numpy as np
import pandas as pd

from stancewatch.config import Settings, Topics
from stancewatch.models.backends import SentimentBackend, StanceBackend
from stancewatch.models.classifier import SENTIMENT_LABELS, STANCE_LABELS
from stancewatch.models.embedder import Embedder


def sentiment_rows(
    documents: pd.DataFrame, mentions: pd.DataFrame, m: SentimentBackend, progress: Callable[[int], None] | None = None
) -> list[dict]:
    """One row per actor mention (bylines excluded): the sentence is the context, the mention the target."""
    actors = mentions[mentions["is_actor"]]
    if actors.empty:
        return []
    text_of = dict(zip(documents["doc_id"], documents["text"]))
    groups = list(actors.groupby(["doc_id", "sentence_start", "sentence_end"], sort=False))
    texts, spans = [], []
    for (doc_id, s0, s1), rows in groups:
        texts.append(text_of[doc_id][s0:s1])
        spans.append([(int(a) - s0, int(b) - s0) for a, b in zip(rows["start"], rows["end"])])
    per_sentence = m.predict(texts, spans, progress)
    out: list[dict] = []
    for ((doc_id, s0, s1), rows), probs in zip(groups, per_sentence):
        for (_, row), p in zip(rows.iterrows(), probs):
            out.append(
                {
                    "doc_id": doc_id,
                    "actor_id": row["actor_id"],
                    "actor_name": row["actor_name"],
                    "mention_start": int(row["start"]),
                    "mention_end": int(row["end"]),
                    "sentence_start": int(s0),
                    "sentence_end": int(s1),
                    "label": SENTIMENT_LABELS[int(p.argmax())],
                    **{f"p_{name}": float(v) for name, v in zip(SENTIMENT_LABELS, p)},
                    "model_id": m.model_id,
                    "model_revision": m.revision,
                }
            )
    return out


def once(keys: list) -> tuple[np.ndarray, list]:
    """Index of each key in the list of distinct keys (first-seen order), and that list."""
    first: dict = {}
    slot = np.array([first.setdefault(k, len(first)) for k in keys], dtype=int)
    return slot, list(first)


def relevance(
    embedder: Embedder, documents: pd.DataFrame, statements: pd.DataFrame, topics: Topics
) -> tuple[np.ndarray, np.ndarray]:
    """Relevance of each statement's context and of its document to each topic: cosine similarity, in units of the
    topic's spread over background statements (``Embedder.background_scale``: (cos − mean) / sd)."""
    topic_vecs = embedder.embed([t.query() for t in topics.topics])
    mean, sd = embedder.background_scale(topic_vecs)
    text_of = dict(zip(documents["doc_id"], documents["text"]))
    title_of = dict(zip(documents["doc_id"], documents["title"]))
    # statements sharing a context (conjuncts: "Germany, Italy and Spain said …") are embedded once
    keys = [(d, a, b) for d, a, b in zip(statements["doc_id"], statements["context_start"], statements["context_end"])]
    slot, unique = once(keys)
    doc_ids = list(dict.fromkeys(statements["doc_id"]))
    doc_vecs = embedder.embed([f"{title_of[d] or ''}\n{text_of[d]}" for d in doc_ids])
    doc_sim = dict(zip(doc_ids, doc_vecs @ topic_vecs.T))
    if keys:
        ctx_sim = (embedder.embed([text_of[d][a:b] for d, a, b in unique]) @ topic_vecs.T)[slot]
    else:
        ctx_sim = np.zeros((0, len(topics.topics)))
    doc_of = np.array([doc_sim[d] for d in statements["doc_id"]]).reshape(len(statements), len(topics.topics))
    return (ctx_sim - mean) / sd, (doc_of - mean) / sd


def stance_evidence(
    statements: pd.DataFrame, text_of: dict[str, str], previous_sentence: bool = False
) -> list[tuple[int, int]]:
    """The text the stance model reads for each statement: its sentence (context), unless the sentence also holds
    another actor's statement with another span ("X called the plan an attack, while Y said she would push for it"):
    then the statement's own clause, from its cue ("said", "voted") to the end of its span — one sentence with two
    sides would otherwise give both speakers the same reading. One actor's several statements in a sentence, and
    conjuncts sharing one span ("Germany and Hungary voted against"), keep the sentence. With ``previous_sentence``
    a sentence reading starts at the sentence before it in the paragraph ("Germany ruled out sending troops. So does
    Spain.": the topic is in the sentence before; settings.stance_context)."""
    keys = list(
        zip(
            statements["doc_id"],
            statements["context_start"].astype(int),
            statements["context_end"].astype(int),
            statements["actor_id"],
            statements["start"].astype(int),
            statements["end"].astype(int),
        )
    )
    in_context: dict[tuple, set] = {}
    for d, c0, c1, actor, a, b in keys:
        in_context.setdefault((d, c0, c1), set()).add((actor, a, b))
    out = []
    for (d, c0, c1, actor, a, b), cue in zip(keys, statements["cue"]):
        others = any(o != actor and (oa, ob) != (a, b) for o, oa, ob in in_context[(d, c0, c1)])
        if others:
            out.append(_with_cue(text_of[d], c0, c1, a, b, str(cue or "")))
        else:
            out.append((previous_sentence_start(text_of[d], c0) if previous_sentence else c0, c1))
    return out


SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+")


def previous_sentence_start(text: str, start: int) -> int:
    """Where the sentence before the one at ``start`` begins, within ``start``'s paragraph (a line); ``start`` when
    the sentence opens the paragraph."""
    para = text.rfind("\n", 0, start) + 1
    before = text[para:start].rstrip()
    if not before:
        return start
    ends = [m.end() for m in SENTENCE_END.finditer(before[:-1])]
    return para + (ends[-1] if ends else 0)


def _with_cue(text: str, c0: int, c1: int, a: int, b: int, cue: str) -> tuple[int, int]:
    """The span a…b widened to the occurrence of its cue nearest to it inside the sentence c0…c1 (before the span:
    "said she would …"; after it: "'…,' she said")."""
    if not cue:
        return a, b
    sentence = text[c0:c1].lower()
    best = None
    for hit in re.finditer(rf"\b{re.escape(cue.lower())}\b", sentence):  # "said", not "aforesaid"
        s0, s1 = c0 + hit.start(), c0 + hit.end()
        gap = a - s1 if s1 <= a else s0 - b if s0 >= b else 0
        if gap >= 0 and (best is None or gap < best[0]):
            best = (gap, s0, s1)
    if best is None:
        return a, b
    return min(a, best[1]), max(b, best[2])


def speaker_spans(statements: pd.DataFrame) -> list[tuple[int, int] | None]:
    """Where each statement's sentence names its speaker (``speaker_start/end``); None where unknown (statements
    staged by a version before schema 5 lack the columns, or hold nulls)."""
    if not {"speaker_start", "speaker_end"} <= set(statements.columns):
        return [None] * len(statements)
    return [
        (int(a), int(b)) if pd.notna(a) and pd.notna(b) else None
        for a, b in zip(statements["speaker_start"], statements["speaker_end"])
    ]


def with_speaker(
    evidence: tuple[int, int], speaker: tuple[int, int] | None, context: tuple[int, int]
) -> tuple[int, int]:
    """The evidence widened to the speaker's words when they are in the statement's sentence ("Y said she would …"
    rather than "said she would …"), for a model that reads which actor it is asked about."""
    a, b = evidence
    if speaker is not None and context[0] <= speaker[0] and speaker[1] <= context[1]:
        return min(a, speaker[0]), max(b, speaker[1])
    return a, b


def speaker_in(evidence: tuple[int, int], speaker: tuple[int, int] | None) -> tuple[int, int] | None:
    """The speaker's words as a span of the evidence text, or None when the evidence does not hold them."""
    a, b = evidence
    if speaker is None or not (a <= speaker[0] and speaker[1] <= b):
        return None
    return speaker[0] - a, speaker[1] - a


def stance_rows(
    documents: pd.DataFrame,
    statements: pd.DataFrame,
    topics: Topics,
    settings: Settings,
    embedder: Embedder,
    m: StanceBackend,
    progress: Callable[[int], None] | None = None,
) -> list[dict]:
    """One row per (statement, relevant topic). Relevance mixes the similarity of the statement's sentence
    and of its document to the topic (weights and threshold in the settings); an actor with nothing
    relevant to a topic gets no row for it."""
    if statements.empty:
        return []
    ctx_sim, doc_sim = relevance(embedder, documents, statements, topics)
    w = settings.relevance_statement_weight
    score = w * ctx_sim + (1 - w) * doc_sim
    keep = score >= settings.relevance_threshold
    pairs = [(i, j) for i, j in zip(*np.nonzero(keep))]
    if not pairs:
        return []
    text_of = dict(zip(documents["doc_id"], documents["text"]))
    rows = statements.reset_index(drop=True)
    # a model that reads marks gets the speaker's words marked in evidence that takes them in; one that reads the
    # actor's name (NLI hypotheses) gets the name; others read the same text for every actor
    reads_marks = getattr(m, "reads_marks", False)
    reads_actor = getattr(m, "reads_actor", True)
    evidence_of = stance_evidence(rows, text_of, settings.stance_context == "previous_sentence")
    speakers = speaker_spans(rows) if reads_marks else [None] * len(rows)
    if reads_marks:
        contexts = zip(rows["context_start"].astype(int), rows["context_end"].astype(int))
        evidence_of = [with_speaker(e, sp, c) for e, sp, c in zip(evidence_of, speakers, contexts)]
    evidence = [evidence_of[i] for i, _ in pairs]
    inputs = [text_of[rows.at[i, "doc_id"]][a:b] for (i, _), (a, b) in zip(pairs, evidence)]
    actors = [str(rows.at[i, "actor_name"]) for i, _ in pairs]
    spans = [speaker_in(e, speakers[i]) for (i, _), e in zip(pairs, evidence)]
    # a (document, evidence, topic) is classified once for every actor that reads the same input; its probabilities
    # are averaged over the topic's phrasings (label + aliases): one wording alone swings a small model
    reads = [sp if reads_marks else name if reads_actor else None for name, sp in zip(actors, spans)]
    keys = [(rows.at[i, "doc_id"], e, j, r) for (i, j), e, r in zip(pairs, evidence, reads)]
    slot, unique = once(keys)
    rep = np.unique(slot, return_index=True)[1]  # first pair of each distinct key
    phrasings = [topics.topics[j].phrasings() for _, _, j, _ in unique]
    sums = np.zeros((len(unique), len(STANCE_LABELS)))
    for k in range(max(len(p) for p in phrasings)):
        todo = [u for u, p in enumerate(phrasings) if k < len(p)]
        sums[todo] += m.predict(
            [inputs[rep[u]] for u in todo],
            [phrasings[u][k] for u in todo],
            [actors[rep[u]] for u in todo],
            progress,
            actor_spans=[spans[rep[u]] for u in todo],
        )
    probs = (sums / np.array([[len(p)] for p in phrasings]))[slot]
    out = []
    for (i, j), (a, b), text, p in zip(pairs, evidence, inputs, probs):
        out.append(
            {
                "doc_id": rows.at[i, "doc_id"],
                "actor_id": rows.at[i, "actor_id"],
                "actor_name": rows.at[i, "actor_name"],
                "topic_id": topics.topics[j].id,
                "statement_id": rows.at[i, "statement_id"],
                "label": STANCE_LABELS[int(p.argmax())],
                **{f"p_{name}": float(v) for name, v in zip(STANCE_LABELS, p)},
                "relevance": float(score[i, j]),
                "evidence_text": text,
                "evidence_start": a,
                "evidence_end": b,
                "model_id": m.model_id,
                "model_revision": m.revision,
            }
        )
    return out
