"""The actors stage of one document: mentions of actors and the statements attributed to them, as table rows.

``extract(doc, doc_id, registry, matcher)`` returns the rows of the `mentions` and `statements` tables. The work is
split by concern: ``stancewatch.actors.mentions`` (which names are actors), ``stancewatch.actors.attribution``
(who said what), ``stancewatch.actors.coref`` (pronouns and role nouns), ``stancewatch.actors.nlp`` (loading spaCy).
The names other modules import from here are re-exported below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from stancewatch.actors.affiliations import (
    document_affiliations,
    normalise_bodies,
    primary,
    registered_affiliation,
)
from stancewatch.actors.attribution import Statement, find_quotes, find_statements
from stancewatch.actors.coref import coref_mentions, person_genders
from stancewatch.actors.mentions import Mention, bystanders, find_mentions, same_person
from stancewatch.actors.nlp import build_matcher, doc_text, load_spacy
from stancewatch.actors.registry import ActorRegistry

__all__ = [
    "DocActors",
    "build_matcher",
    "extract",
    "find_mentions",
    "find_quotes",
    "find_statements",
    "load_spacy",
    "same_person",
]


@dataclass
class DocActors:
    """The rows one document adds to the `mentions` and `statements` tables."""

    mentions: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)


def _coref(doc: Doc, mentions: list[Mention], statements: list[Statement]) -> list[Mention]:
    """Pronoun and role-noun mentions of persons (``source="coref"``), with the attributed speakers of each
    sentence as its most salient persons."""
    quotes = find_quotes(doc_text(doc))
    speakers: dict[int, list[Mention]] = {}
    for s in statements:
        if s.speaker.actor.type == "person":
            speakers.setdefault(s.context[0], []).append(s.speaker)
    return coref_mentions(doc, mentions, quotes, speakers, person_genders(doc, mentions, quotes))


def extract(doc: Doc, doc_id: str, registry: ActorRegistry, matcher=None) -> DocActors:
    """Mention and statement rows (dicts matching the schemas) for one parsed document. The mentions are the named
    ones (sorted by offset) followed by the ``coref`` ones (pronouns, role nouns), which only sentiment should count."""
    mentions = find_mentions(doc, registry, matcher)
    normalise_bodies(mentions, doc_text(doc), registry)  # "State Department" and "Department of State": one actor
    statements = find_statements(doc, mentions)
    not_actors = bystanders(mentions, {s.speaker.actor.id for s in statements})  # towns, platforms: no statements
    mentions = [m for m in mentions if m.actor.id not in not_actors]
    result = DocActors()
    affiliations = document_affiliations(doc, mentions, registry)
    for m in mentions + _coref(doc, mentions, statements):
        affs = affiliations.get(m.actor.id) or registered_affiliation(m.actor, registry)
        main = primary(affs)
        result.mentions.append(
            {
                "doc_id": doc_id,
                "mention_id": f"{doc_id}:{m.start}",
                "actor_id": m.actor.id,
                "actor_name": m.actor.name,
                "actor_type": m.actor.type,
                "affiliation": main.name if main else registry.display(m.actor.affiliation),
                "affiliations": [a.row() for a in affs],
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "sentence_start": m.sent.start_char,
                "sentence_end": m.sent.end_char,
                "source": m.source,
                "ner_label": m.label,
                "is_actor": m.is_actor,
                "role": m.role,
            }
        )
    for s in statements:
        actor = s.speaker.actor
        speaker = s.said_by or (s.speaker.start, s.speaker.end)
        result.statements.append(
            {
                "doc_id": doc_id,
                "statement_id": f"{doc_id}:{s.start}:{actor.id}",
                "actor_id": actor.id,
                "actor_name": actor.name,
                "text": doc_text(doc)[s.start : s.end],
                "start": s.start,
                "end": s.end,
                "kind": s.kind,
                "cue": s.cue,
                "context_start": min(s.start, s.context[0]),
                "context_end": max(s.end, s.context[1]),
                "speaker_start": speaker[0],
                "speaker_end": speaker[1],
            }
        )
    return result
