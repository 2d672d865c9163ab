"""Statement records and the character spans they cover."""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Span, Token

from stancewatch.actors.mentions import Mention


class Statement(NamedTuple):
    """One attributed statement: who (the speaker's mention), where (start/end of the quote, reported clause or
    position), its kind (direct_quote / reported_speech / position / spoken_for: a country's position voiced by its
    own minister), the cue ("said", "according to") and the
    context span (the sentence, or for a continued quote the quote itself)."""

    speaker: Mention
    start: int
    end: int
    kind: str
    cue: str
    context: tuple[int, int]
    said_by: tuple[int, int] | None = None  # the words in the sentence that name the speaker, when not its mention


def said_by(m: Mention, subject: Token, sent: Span) -> tuple[int, int] | None:
    """Where the sentence names the speaker: None when the speaker's mention is in the sentence (it names it),
    else the subject's words — "he", "Ohio senator" (its modifiers, no determiner, as the training rows mark role
    nouns) — whose referent is a name in an earlier sentence."""
    if sent.start_char <= m.start and m.end <= sent.end_char:
        return None
    first = min([subject.i] + [c.left_edge.i for c in subject.lefts if c.dep_ in ("amod", "compound", "nmod")])
    return subject.doc[max(first, sent.start)].idx, subject.idx + len(subject)


def span_of(tokens: list[Token]) -> tuple[int, int]:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t) for t in tokens)
    return start, end


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n\t":
        start += 1
    while end > start and text[end - 1] in " \n\t":
        end -= 1
    return start, end


def cue_text(verb: Token) -> str:
    parts = [verb.text] + [c.text for c in verb.children if c.dep_ == "prt"]
    return " ".join(parts)
