"""Words quoted as a paragraph of their own: posts, tweets and colon introductions.

News copy sets a post or a long quotation apart as its own paragraph, quoted or not, and says whose it is in the
paragraph before or in a signature line under it:
- a colon introduction at a paragraph's end: "Vance tweeted:", "Trump wrote on Truth Social:", "He continued:",
  "Its post read:", "… shared the video with the caption:", "From Sen. Jane Roe:";
- a sentence that names the poster and a platform but says nothing itself: "Okafor was blunter on Facebook.",
  "Hale posted on X on Friday.";
- an embed scraped with its signature: "… pic.twitter.com/x — Rep. Tom Hale (@RepTomHale) January 5, 2024".
The paragraph (or the text above the signature) is the statement of the poster. ``find_posts`` finds these shapes
on the parse alone, before attribution reads the document, so that an unquoted post is read as a quotation (its
verbs are no cues, its names no referents); ``intro_statements`` and ``embed_statements`` give them speakers."""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from stancewatch.actors.coref import inside
from stancewatch.actors.lexicon import INTRO_VERBS, POST_NOUNS
from stancewatch.actors.mentions import PLATFORMS, Mention, is_cue, token_at
from stancewatch.actors.names import SIGNATURE
from stancewatch.actors.nlp import doc_text
from stancewatch.actors.quotes import OPEN_MARKS
from stancewatch.actors.speakers import subjects_of
from stancewatch.actors.statements import Statement, trim

FIRST_PERSON = {"i", "we", "you", "me", "us"}
ON_PLATFORM = re.compile(r"\bon (?:%s|social media)\b" % "|".join(re.escape(p) for p in sorted(PLATFORMS)), re.I)
POST_MARKS = re.compile(r"\b(?:I|I'm|I've|we|We|our|Our|you|You|us)\b|!|#\w|@\w|https?://|pic\.twitter|\b[A-Z]{3,}\b")
TOOK_TO = re.compile(r"\btook to (?:%s|social media)\b" % "|".join(re.escape(p) for p in sorted(PLATFORMS)), re.I)
COLON_QUOTE = re.compile(r":[ \t]*[%s]" % OPEN_MARKS)  # a colon that opens a quotation in the same paragraph


class Post(NamedTuple):
    """A paragraph of words set apart (``body``), the sentence that introduces it (``intro``; None for an embed), how
    (``colon``, ``platform``, ``embed``) and, for an embed, where its signature is."""

    body: tuple[int, int]
    intro: tuple[int, int] | None
    how: str
    quoted: bool
    signature: tuple[int, int] | None = None
    verb: int | None = None  # the token that hands over when it is not the sentence's root ("… went on: '…'")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [trim(text, m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _own_cues(doc: Doc, para: tuple[int, int], quotes: list[tuple[int, int]]) -> bool:
    """Whether a paragraph attributes words of its own: a speech or position verb outside quotations with a subject
    that is not the writer's own "I" / "we" ("We call on the government …" is a post's words)."""
    span = doc.char_span(para[0], para[1], alignment_mode="expand")
    for tok in span if span is not None else ():
        if tok.pos_ in ("VERB", "AUX") and not inside(tok.idx, quotes) and is_cue(tok):
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects and all(s.lower_ not in FIRST_PERSON for s in subjects):
                return True
    return False


def _post_like(words: str) -> bool:
    """Unquoted words that read as a post, not as the article's narration: the writer's "I" / "we" / "you", an
    exclamation, a hashtag, a handle or link, or a word in capitals ("Vote them out!", "I will vote NO")."""
    return bool(POST_MARKS.search(words))


def _platform_named(sent: Span) -> bool:
    """ "on Facebook", "on Truth Social", "in a post", "on social media": the sentence names where words were posted."""
    if ON_PLATFORM.search(sent.text):
        return True
    return any(t.lemma_.lower() in POST_NOUNS and t.dep_ == "pobj" and t.head.lower_ == "in" for t in sent)


def _is_intro(sent: Span, colon: bool) -> bool:
    """A sentence that hands over to the next paragraph: with a colon, any verb of speaking, posting or reading ("He
    continued:", "Its post read:", "… with the caption:") or none at all ("From Sen. Jane Roe:"); without one, a
    sentence that names a platform and says nothing itself ("Okafor was blunter on Facebook.", "Hale posted on X")."""
    root = sent.root
    verbs = [t for t in sent if t.pos_ in ("VERB", "AUX")]
    if colon:
        return not verbs or any(t.lemma_.lower() in INTRO_VERBS for t in verbs) or _platform_named(sent)
    if root.lemma_.lower() == "take" and TOOK_TO.search(sent.text) and not any(c.dep_ == "dobj" for c in root.children):
        return True  # "X took to social media within minutes."
    if not _platform_named(sent) or any(c.dep_ in ("ccomp", "xcomp") for c in root.children):
        return False
    if root.pos_ == "AUX" or root.lemma_.lower() == "be":  # "Okafor was blunter on Facebook."
        return True
    said = [c for c in root.children if c.dep_ == "dobj" and c.lemma_.lower() not in POST_NOUNS]
    return not said and root.lemma_.lower() in INTRO_VERBS  # "Hale posted on X on Friday.", not "posted a video"


def find_posts(doc: Doc, quotes: list[tuple[int, int]]) -> list[Post]:
    """The paragraphs set apart as posts or introduced quotations, in reading order. A paragraph that attributes words
    of its own ("'…,' she added", "Smith said …") is never one."""
    text = doc_text(doc)
    paras = _paragraphs(text)
    sentence_at = {}
    for sent in doc.sents:
        a, b = trim(text, sent.start_char, sent.end_char)
        if a < b:
            sentence_at[b] = sent
    out: list[Post] = []
    taken: set[tuple[int, int]] = set()
    for i, (a, b) in enumerate(paras):
        sig = SIGNATURE.search(text, a, b)
        if sig is not None and sig.end() >= b:
            body = trim(text, a, sig.start())
            if body[1] - body[0] < 3 and i > 0 and paras[i - 1] not in taken:
                body = paras[i - 1]
            if body[1] - body[0] >= 3:
                out.append(Post(body, None, "embed", text[body[0]] in OPEN_MARKS, (sig.start(), sig.end())))
                taken.add(body)
            continue
        if i + 1 >= len(paras):
            continue
        nxt = paras[i + 1]
        sent = sentence_at.get(b)
        if sent is None or nxt in taken or SIGNATURE.search(text, nxt[0], nxt[1]) is not None:
            continue
        colon = text[b - 1] == ":"
        if inside(b - 1, quotes) or not _is_intro(sent, colon) or _own_cues(doc, nxt, quotes):
            continue
        quoted = text[nxt[0]] in OPEN_MARKS
        if not colon and not quoted and (any(inside(t.idx, quotes) for t in sent) or not _post_like(text[slice(*nxt)])):
            continue  # "Hale posted on X on Monday. / The post has since been deleted." is the article's narration
        out.append(Post(nxt, (sent.start_char, sent.end_char), "colon" if colon else "platform", quoted))
        taken.add(nxt)
    starts = {q[0]: q for q in quotes}
    for found in COLON_QUOTE.finditer(text):  # inside a paragraph: "The minister went on: '…'"
        quote, colon = starts.get(found.end() - 1), token_at(doc, found.start())
        if quote is None or quote in taken or colon is None or inside(colon.idx, quotes):
            continue
        sent = colon.sent
        verb = next(
            (t for t in reversed(doc[sent.start : colon.i]) if t.pos_ in ("VERB", "AUX")), None
        )  # the verb that hands over, not the quotation's own (spaCy often makes the quoted clause the root)
        if verb is not None and verb.lemma_.lower() in INTRO_VERBS:
            out.append(Post(quote, (sent.start_char, sent.end_char), "colon", True, None, verb.i))
            taken.add(quote)
    return out


def _intro_speakers(reader, sent: Span, root: Token, rows: list[Statement]) -> list[Mention]:
    """Who an introduction hands over to: the subjects of its main verb ("Vance tweeted:", "He continued:", "Okafor was
    blunter on Facebook." — not "Republicans" in "Voorhees, one of four Republicans who voted …, was blunter on X"),
    else the speakers of its own statements, else its possessor ("Its post read:", spaCy reading "read" as a noun),
    else the one actor a verbless introduction names ("From Sen. Jane Roe:")."""
    found: list[Mention] = []
    for subj in subjects_of(root) if root.pos_ in ("VERB", "AUX") else ():
        m = reader.who(subj)
        if m is not None and m.is_actor and m not in found:
            found.append(m)
    found = found or [r.speaker for r in rows if r.kind != "spoken_for"]
    if not found:
        owner = next((t for t in sent if t.dep_ == "poss"), None)
        m = reader.who(owner) if owner is not None else None
        found = [m] if m is not None and m.is_actor else []
    if not found and root.pos_ not in ("VERB", "AUX"):  # the parser made a name the root: the name before the verb
        verb = next((t for t in sent if t.lemma_.lower() in INTRO_VERBS and t.pos_ == "VERB"), None)
        first = min(
            (x for x in reader.mentions if sent.start_char <= x.start < sent.end_char and x.is_actor),
            key=lambda x: x.start,
            default=None,
        )
        if verb is not None and first is not None and first.end <= verb.idx:
            before = sent.doc.char_span(sent.start_char, first.start, alignment_mode="expand")
            if before is None or not any(t.pos_ in ("VERB", "AUX") for t in before):
                found = [first]  # "Cllr X, who sits for …, posted on Facebook:"
    if not found and not any(t.pos_ in ("VERB", "AUX") for t in sent):
        named = {
            x.actor.id: x
            for x in reader.mentions
            if sent.start_char <= x.start < sent.end_char and x.is_actor and not inside(x.start, reader.quotes)
        }
        found = list(named.values())[:1] if len(named) == 1 else []
    return list({m.actor.id: m for m in found}.values())


def intro_statements(
    reader, sent: Span, posts: list[Post], rows: list[Statement], empty: list[Statement]
) -> list[Statement]:
    """Statements for the posts a sentence introduces, read when the sentence is (so "he" means who it meant there),
    by whoever the introduction names (``_intro_speakers``). A statement of the introduction that only says someone
    spoke ("Vance tweeted:") gives way to the post. Not a platform introduction's unquoted paragraph that names the
    poster: that is the article's own narration."""
    for r in empty:  # "Vance tweeted:": a statement that only says someone spoke gives way to what they said
        if r in reader.statements:
            reader.statements.remove(r)
    out = []
    for post in posts:
        root = sent.doc[post.verb] if post.verb is not None else sent.root
        speakers = _intro_speakers(reader, sent, root, rows)
        cue = root.text
        a, b = post.body
        for m in speakers:
            if (
                post.how == "platform"
                and not post.quoted
                and any(x.actor.id == m.actor.id and a <= x.start < b for x in reader.mentions)
            ):
                continue
            out.append(Statement(m, a, b, "direct_quote", cue, (a, b)))
    return out


def embed_statements(posts: list[Post], mentions: list[Mention], text: str) -> list[Statement]:
    """Statements for scraped embeds: the actor its signature names ("— Rep. Tom Hale (@RepTomHale) …"), by a mention
    inside the signature (a person first), else by an actor of the article whose surname the name or handle holds."""
    out = []
    for post in posts:
        if post.signature is None:
            continue
        s0, s1 = post.signature
        inner = [m for m in mentions if s0 <= m.start < s1 and m.is_actor]
        inner.sort(key=lambda m: m.actor.type != "person")
        speaker = inner[0] if inner else None
        if speaker is None:
            sign = text[s0:s1].lower()
            known = {
                m.actor.id: m
                for m in mentions
                if m.is_actor and m.actor.type == "person" and len(m.actor.name.split()) >= 2
                if m.actor.name.split()[-1].lower() in sign
            }
            speaker = next(iter(known.values())) if len(known) == 1 else None
        if speaker is not None:
            a, b = post.body
            out.append(Statement(speaker, a, b, "direct_quote", "post", (a, b)))
    return out
