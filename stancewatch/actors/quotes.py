"""Quotations: pairing quote marks within a paragraph, the quotation a speech verb introduces, and quotations with no
cue of their own that continue an attributed speaker (newspaper convention)."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Token

from stancewatch.actors.nlp import doc_text
from stancewatch.actors.statements import Statement, span_of

OPEN_MARKS, CLOSE_MARKS = '“"', '”"'


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Quotations as (start, end) character spans, paired within a paragraph only, curly and straight marks
    mixed. A quote still open at the end of its paragraph runs to the paragraph's end: the newspaper convention
    for a quote that goes on in the next paragraph (which opens with a quote mark again)."""
    out: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        a, b = para.span()
        i, start = a, None
        while i < b:
            ch = text[i]
            if start is None and ch in OPEN_MARKS and (i == a or not text[i - 1].isalnum()):
                start = i
            elif (
                start is not None and ch in CLOSE_MARKS and i > start + 1 and (i + 1 == b or not text[i + 1].isalnum())
            ):
                if i - start > 3:
                    out.append((start, i + 1))
                start = None
            i += 1
        if start is not None and b - start > 3:
            out.append((start, b))
    return out


def quote_for(verb: Token, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation a speech verb introduces or closes: inside its sentence, ending just before it (not one that ends
    the sentence before: "… accused ministers of '…'. Morley has called for …"), or opening right after it."""
    sent = verb.sent
    best = None
    own = [t for c in verb.children if c.dep_ in ("dobj", "prep", "oprd", "attr", "dative") for t in c.subtree]
    if own:  # "accused X of '…'", "described it as '…'": the quote in the verb's own phrase, not a conjunct's
        a, b = span_of(own)
        for qs, qe in quotes:
            if a <= qs + 1 and qe - 1 <= b + 1 and qs > verb.idx:
                return (qs, qe)
    colon = sent.text.rstrip().endswith(":")
    for qs, qe in quotes:
        if qs <= verb.idx < qe:
            continue
        text = doc_text(verb.doc)
        same_paragraph = "\n" not in text[qe : verb.idx]
        # a quote that closed the sentence before ("… of '…'. Morley has called …", "… '… itself.' Dyer's office said")
        ended = any(ch in ".!?" for ch in text[qe : sent.start_char]) or (qe <= sent.start_char and text[qe - 2] == ".")
        if same_paragraph and (
            sent.start_char - 3 <= qe <= verb.idx and not ended or (sent.start_char <= qs and qe <= verb.idx)
        ):
            best = (qs, qe)  # "…," X said — keep the closest one before the verb
        elif (
            verb.idx < qs
            and (qs < sent.end_char or colon and qs <= sent.end_char + 2)
            and best is None
            and "\n" not in doc_text(verb.doc)[verb.idx : qs]
        ):
            return (qs, qe)  # X said: "…" (in the same paragraph)
    return best


def continued_quotes(
    text: str, quotes: list[tuple[int, int]], rows: list[Statement], sentences: list[tuple[int, int]]
) -> list[Statement]:
    """Quotations with no cue of their own that continue an attributed speaker, by newspaper convention:
    the second half of a split quote (inside the attributed sentence), a quote right after an attributed
    sentence ("…," X said. "…"), and a paragraph that opens with a quote after a paragraph whose last
    statement was attributed. Conjunct statements (several speakers for one span) are never continued."""
    added: list[Statement] = []
    speakers_per_span = Counter(  # more than one: a conjunct statement
        (a, b) for a, b, _id in {(r.start, r.end, r.speaker.actor.id) for r in rows}
    )
    for qs, qe in quotes:
        if any(r.start < qe and qs < r.end for r in rows + added):
            continue
        para_start = text.rfind("\n", 0, qs) + 1
        opens_paragraph = text[para_start:qs].strip() == ""
        prev_text_end = len(text[:para_start].rstrip())  # the previous paragraph, past any blank lines
        prev_para_start = text.rfind("\n", 0, prev_text_end) + 1 if prev_text_end else None
        best = None
        for row in rows + added:
            kind, (c0, c1) = row.kind, row.context
            if speakers_per_span[(row.start, row.end)] > 1:
                continue  # a conjunct statement
            reach = next(
                (b2 for a2, b2 in sentences if a2 <= c1 - 1 < b2), c1
            )  # to the end of the sentence that holds the statement
            inside_context = c0 <= qs and qe <= max(c1, reach) + 1
            right_after = c1 <= qs and text[c1:qs].strip() == ""
            next_paragraph = (
                opens_paragraph
                and prev_para_start is not None
                and prev_para_start <= c0 < para_start
                and kind in ("direct_quote", "reported_speech")
            )
            if (inside_context and kind == "direct_quote") or right_after or next_paragraph:
                if best is None or c0 >= best.context[0]:
                    best = row
        if best is not None:
            added.append(Statement(best.speaker, qs, qe, "direct_quote", best.cue, (qs, qe)))
    return added
