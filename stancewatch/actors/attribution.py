"""Who said what: statements attributed to the actors of a document's mentions.

``find_statements(doc, mentions)`` returns ``Statement`` records: the subject of a speech or position verb
(a name, "he"/"she", a role noun, an organisation or document noun), "according to X", and quotations that
continue an attributed speaker. docs/ACTORS.md lists the forms read."""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from stancewatch.actors.coref import (
    Referents,
    inside,
    is_definite,
    person_genders,
    push_sentence,
    resolve_role,
    role_of,
)
from stancewatch.actors.lexicon import (
    CONTRAST_MARKS,
    COPULAS,
    DOCUMENT_KINDS,
    ORG_NOUNS,
    PARTY_TAG,
    POSITION_CUES,
    POSITION_NOUNS,
    PRONOUNS,
    REACTION_NOUNS,
    REACTION_VERBS,
    SPEECH_CUES,
    STANCE_ADJECTIVES,
    STANCE_ROLE_NOUNS,
)
from stancewatch.actors.mentions import Mention, is_cue, mention_at, token_at
from stancewatch.actors.nlp import doc_text


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


def _said_by(m: Mention, subject: Token, sent: Span) -> tuple[int, int] | None:
    """Where the sentence names the speaker: None when the speaker's mention is in the sentence (it names it),
    else the subject's words — "he", "Ohio senator" (its modifiers, no determiner, as the training rows mark role
    nouns) — whose referent is a name in an earlier sentence."""
    if sent.start_char <= m.start and m.end <= sent.end_char:
        return None
    first = min([subject.i] + [c.left_edge.i for c in subject.lefts if c.dep_ in ("amod", "compound", "nmod")])
    return subject.doc[max(first, sent.start)].idx, subject.idx + len(subject)


ELLIPSIS = re.compile(
    r"^\s*(?:so|neither|nor)\s+(?:does|did|do|is|was|were|are|has|have|had|will|would|can|could)\s+(.+?)[.!]?\s*$", re.I
)


OPEN_MARKS, CLOSE_MARKS = '“"', '”"'


def _speaker_of(token: Token, mentions: list[Mention]) -> Mention | None:
    """The actor a subject token stands for: itself, or the possessor/compound of a head noun such as
    "Slovakia's government", "a TikTok spokesperson", "China's foreign ministry"."""
    m = mention_at(token, mentions)
    if m is None and token.lemma_.lower() in DOCUMENT_KINDS:  # "the lawsuit filed by X alleges", "a statement from X"
        for t in token.subtree:
            if t.i != token.i and (
                t.dep_ in ("poss", "compound")
                and t.head.i == token.i
                or t.dep_ == "pobj"
                and t.head.lower_ in ("by", "from")
            ):
                m = mention_at(t, mentions)
                if m is not None:
                    return m
    if m is None and token.pos_ == "NOUN":  # "The co-chair of its committee, Dr Amira Haddad, told …"
        for t in token.subtree:
            if t.dep_ == "appos" and t.i != token.i:
                m = mention_at(t, mentions)
                if m is not None and m.actor.type == "person":
                    return m
        m = None
    if m is None and token.pos_ in ("NOUN", "PROPN"):
        for dep in ("appos", "poss", "compound", "nmod"):  # "President Christine Lagarde" before "the ECB's …"
            for child in token.children:
                if child.dep_ == dep and m is None:
                    m = mention_at(child, mentions)
    return m


def _subjects(verb: Token) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
    head, hops = verb, 0
    while (
        not subs
        and (head.dep_ in ("conj", "xcomp", "acomp") or (head.dep_ == "advcl" and head.tag_ == "VBG"))
        and head.head is not head
        and hops < 3
    ):  # "…, calling it 'a disaster'" takes the main verb's subject
        head, hops = head.head, hops + 1  # "X were quick to stress …", "X said … and warned …"
        subs = [c for c in head.children if c.dep_ == "nsubj"]
    if not subs and verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in DOCUMENT_KINDS:
        subs = [verb.head]  # "released a letter urging leadership to …"
    if verb.dep_ == "relcl" and any(s.lower_ in ("which", "who", "that") for s in subs):
        subs = [verb.head]  # "Hungary and Poland, which voted against …"
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


def _quote_for(verb: Token, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation a speech verb introduces or closes: inside its sentence, ending just before it, or opening right
    after it."""
    sent = verb.sent
    best = None
    own = [t for c in verb.children if c.dep_ in ("dobj", "prep", "oprd", "attr", "dative") for t in c.subtree]
    if own:  # "accused X of '…'", "described it as '…'": the quote in the verb's own phrase, not a conjunct's
        a, b = _span_of(own)
        for qs, qe in quotes:
            if a <= qs + 1 and qe - 1 <= b + 1 and qs > verb.idx:
                return (qs, qe)
    colon = sent.text.rstrip().endswith(":")
    for qs, qe in quotes:
        if qs <= verb.idx < qe:
            continue
        same_paragraph = "\n" not in doc_text(verb.doc)[qe : verb.idx]
        if same_paragraph and (sent.start_char - 3 <= qe <= verb.idx or (sent.start_char <= qs and qe <= verb.idx)):
            best = (qs, qe)  # "…," X said — keep the closest one before the verb
        elif (
            verb.idx < qs
            and (qs < sent.end_char or colon and qs <= sent.end_char + 2)
            and best is None
            and "\n" not in doc_text(verb.doc)[verb.idx : qs]
        ):
            return (qs, qe)  # X said: "…" (in the same paragraph)
    return best


def _span_of(tokens: list[Token]) -> tuple[int, int]:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t) for t in tokens)
    return start, end


def _statement_span(verb: Token, quotes: list[tuple[int, int]], subjects: list[Token]) -> tuple[int, int, str]:
    lemma = verb.lemma_.lower()
    comp = [
        c
        for c in verb.children
        if c.dep_ in ("ccomp", "xcomp", "dobj", "prep", "prt", "advcl", "attr", "oprd", "dative", "acomp")
    ]
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
    own = {t.i for t in verb.subtree}
    subject_tokens = {
        t.i for s in subjects for t in s.subtree if s not in verb.ancestors or t.i not in own
    }  # "a joint statement calling for the ban": the statement's words, not the participle's
    other_clauses = [
        c
        for c in verb.children
        if (c.dep_ == "conj" or (c.dep_ == "advcl" and any(m.lower_ in CONTRAST_MARKS for m in c.children)))
        and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
    ]  # "France is in favour of the ban, but Germany is against it" / "…, while the Greens abstained": the span stops
    after = [c for c in other_clauses if c.left_edge.i > verb.i]
    if after:
        first = min(c.left_edge.i for c in after)
        subject_tokens |= {t.i for t in verb.subtree if t.i >= first} | {c.i for c in verb.children if c.dep_ == "cc"}
    for c in other_clauses:
        if c.i < verb.i:  # "While Italy abstained, Spain voted against …": the leading clause goes, the rest stays
            subject_tokens |= {t.i for t in c.subtree}
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


PARTY_WORDS = {
    "republican",
    "democrat",
    "democratic",
    "independent",
    "lawmaker",
    "senator",
    "congressman",
    "congresswoman",
}


def _tagged_person(place: Mention, tags: dict, mentions: list[Mention]) -> Mention | None:
    """ "The Ohio Republican": the person whose party tag names that state ("Gregory Thorne (R-Ohio)")."""
    tag = tags.get(place.text.lower()[:3])
    if tag is None:
        return None
    before = [m for m in mentions if m.end <= tag.start() + 1 and m.actor.type == "person" and m.label == "PERSON"]
    return before[-1] if before else None


def _organisation_of(noun: Token, mentions: list[Mention]) -> Mention | None:
    """ "a DHS spokeswoman", "China's foreign ministry": the organisation a common noun belongs to, by a name in
    front of it. Not an appositive person: "according to his spokesman, X" reports the principal's words."""
    if noun.pos_ != "NOUN":
        return None
    for c in noun.children:
        if c.dep_ in ("compound", "poss", "nmod"):
            m = mention_at(c, mentions)
            if m is not None and m.actor.type != "person":
                return m
    return None


def _organisation_for(noun: Token, mentions: list[Mention], quotes: list[tuple[int, int]]) -> Mention | None:
    """ "the agency", "the union": the latest organisation before it whose name has that word, else the latest
    organisation named in the same or the previous paragraph — named outside quotations: in "'… Congress …,' the
    group said" the group is not Congress."""
    text = doc_text(noun.doc)
    before = [
        m
        for m in mentions
        if m.end <= noun.idx
        and m.actor.type in ("organization", "group")
        and m.is_actor
        and not inside(m.start, quotes)
    ]
    word = noun.lemma_.lower()
    named = [m for m in before if word in m.actor.name.lower().split()]
    if named:
        return named[-1]
    para = text.rfind("\n", 0, text.rfind("\n", 0, noun.idx) - 1)
    near = [m for m in before if m.start > para]
    return near[-1] if near else None


def stance_predicate(tok: Token) -> bool:
    """A copula that states a position: "is (firmly) in favour", "is against the proposal", "remains opposed to …",
    "is open to the idea", "has been the most vocal champion of the ban"."""
    if tok.lemma_.lower() not in COPULAS:
        return False
    for c in tok.children:
        lemma = c.lemma_.lower()
        if c.dep_ == "prep" and c.lower_ == "against" and not any(g.pos_ == "PROPN" for g in c.children):
            return True  # not "Spain was against Italy in the semi-final"
        if c.dep_ == "prep" and c.lower_ == "in" and any(g.lemma_.lower() in ("favour", "favor") for g in c.children):
            return True
        if c.dep_ == "acomp" and (lemma in STANCE_ADJECTIVES or c.lower_ in STANCE_ADJECTIVES):
            return True
        if (
            c.dep_ == "attr"
            and lemma in STANCE_ROLE_NOUNS
            and any(g.dep_ == "prep" and g.lower_ in ("of", "for") for g in c.children)
            and not any(g.dep_ == "compound" for g in c.children)
        ):  # "champion of the ban", not "a film critic" or "the reigning world champions"
            return True
    return False


def _reporter(verb: Token) -> Token | None:
    """The speech verb whose reported clause holds ``verb`` ("Kessler said West Virginia would seek a stay" → said),
    through at least one clausal complement ("X warned … and voted against it" has none)."""
    head, hops, clausal = verb, 0, False
    while head.dep_ in ("ccomp", "conj", "xcomp") and head.head is not head and hops < 4:
        clausal |= head.dep_ == "ccomp"
        head, hops = head.head, hops + 1
        if clausal and head.lemma_.lower() in SPEECH_CUES:
            return head
    return None


class _Reader:
    """What has been read of a document so far, for resolving who a subject stands for: the mentions, the
    quotations, the salience of persons (coref.Referents), party tags ("the Ohio Republican"), and who issued the
    latest document of each kind ("the letter states" → whoever wrote the letter read about last)."""

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.mentions = mentions
        self.quotes = find_quotes(doc_text(doc))
        self.referents = Referents(self.quotes, person_genders(doc, mentions, self.quotes))
        self.issuer: dict[str, Mention] = {}  # document kind → who issued the latest one
        self.tags = {m.group(2).lower()[:3]: m for m in PARTY_TAG.finditer(doc_text(doc))}
        self.statements: list[Statement] = []
        self.noun_speakers: dict[str, Mention] = {}  # "embassy" → the actor that last spoke as "X's embassy"

    def who(self, s: Token, exclude: tuple[int, int] = (0, 0), depth: int = 0) -> Mention | None:
        """The actor a subject (or possessor) token stands for: a name or the name its noun phrase holds, "he"/"she",
        "its", a role noun ("the senator"), a document ("the letter", "the group's statement"), an organisation
        noun ("the agency"). ``exclude``: the quotation being attributed, whose persons are never the speaker."""
        m = _speaker_of(s, self.mentions)
        lemma = s.lemma_.lower()
        definite = is_definite(s)
        if m is None and s.lower_ in PRONOUNS:
            m = self.same_sentence(s, exclude) or self.referents.resolve(s.lower_, exclude)
        if m is None and s.lower_ == "its":
            m = self.organisation(s)
        if m is None and lemma in DOCUMENT_KINDS and depth < 2:  # "the statement said": who issued it
            m = self.issued_by(s, depth + 1)
            if m is None and definite:
                m = self.issuer.get(DOCUMENT_KINDS[lemma]) or self.latest_issuer(s)
        if (
            (m is None or m.actor.type != "person") and definite and s.dep_ != "appos" and role_of(s) is not None
        ):  # "the senator said"
            m = resolve_role(s, self.referents, exclude) or m
        if m is not None and lemma in PARTY_WORDS and m.actor.type != "person":  # "the Ohio Republican said"
            m = _tagged_person(m, self.tags, self.mentions)
        if m is None and definite and lemma in ORG_NOUNS:  # "the agency said": the one that spoke as such, else by name
            m = self.noun_speakers.get(lemma) or _organisation_for(s, self.mentions, self.quotes)
        elif m is not None and not definite and lemma in ORG_NOUNS and s.pos_ == "NOUN":
            self.noun_speakers[lemma] = m  # "Russia's embassy said" → a later "the embassy" is Russia's
        if m is None and lemma == "campaign" and depth < 2:  # "Brady's campaign answered"
            m = next((self.who(c, exclude, depth + 1) for c in s.children if c.dep_ == "poss"), None)
        return m

    def possessed_position(self, noun: Token, sent: Span) -> None:
        """ "The Commission's plan to ban …", "Germany's opposition to the tariffs": a position of the possessor
        (outside quotations), read off the noun phrase without the possessor."""
        if inside(noun.idx, self.quotes):
            return
        if not any(
            (c.dep_ == "acl" and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux"))
            or (c.dep_ == "prep" and c.lower_ in ("to", "for", "of", "against"))
            for c in noun.children
        ):
            return  # "plan to ban …", "opposition to …"; not "Canada's decision", "support among voters"
        clause = next((a for a in noun.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if clause is not None and self.reported_by_actor(clause):
            return  # "Tusk said Germany's plan to send troops was a mistake": Tusk's statement
        for owner in (c for c in noun.children if c.dep_ == "poss"):
            m = self.who(owner)
            if m is None or not m.is_actor:
                continue
            owned = {t.i for t in owner.subtree}
            tokens = [t for t in noun.subtree if t.i not in owned and not t.is_punct]
            start, end = _span_of(tokens)
            self.statements.append(Statement(m, start, end, "position", noun.text, (sent.start_char, sent.end_char)))

    def reaction_from(self, noun: Token, sent: Span) -> None:
        """ "an idea that drew cautious interest from Germany and Poland", "The plan met with resistance from the
        unions": a position of each actor after "from", read off the verb's clause (without a conjoined clause that
        has its own subject or predicate: "… but was flatly rejected by Spain")."""
        verb = noun.head
        if noun.dep_ == "pobj" and verb.lower_ == "with":  # "met with resistance"
            verb = verb.head
        if noun.dep_ not in ("dobj", "pobj") or verb.lemma_.lower() not in REACTION_VERBS or verb.pos_ != "VERB":
            return
        if verb.dep_ not in ("ROOT", "relcl") or any(c.dep_ == "neg" for c in verb.children):
            return  # "failed to win support from", "is unlikely to win", "hopes it will win", "did not receive"
        if any(c.lower_ in ("no", "little") for c in noun.children) or inside(noun.idx, self.quotes):
            return
        if self.reported_by_actor(verb):
            return
        froms = [c for t in (noun, verb) for c in t.children if c.dep_ == "prep" and c.lower_ == "from"]
        objects = [o for f in froms for o in f.children if o.dep_ == "pobj"]
        objects += [c for o in objects for c in o.conjuncts if self.doc[c.i - 1].lower_ not in ("not", "nor")]
        # the name itself, not a region of it ("rural France", "eastern Germany") or a body it owns ("Germany's
        # opposition")
        objects = [o for o in objects if not any(c.dep_ == "amod" for c in o.children)]
        speakers = [m for m in (mention_at(o, self.mentions) for o in objects) if m is not None and m.is_actor]
        if not speakers:
            return
        conjoined = {t.i for c in verb.children if c.dep_ == "conj" for t in c.subtree}
        conjoined |= {c.i for c in verb.children if c.dep_ == "cc"}
        start, end = _span_of([t for t in verb.subtree if t.i not in conjoined and not t.is_punct])
        for m in speakers:
            self.statements.append(Statement(m, start, end, "position", verb.text, (sent.start_char, sent.end_char)))

    def reported_by_actor(self, verb: Token) -> bool:
        """``verb`` sits in the clause an actor's speech verb reports ("Kessler said West Virginia would seek …"); not
        when nobody known reports it ("Diplomats said Hungary blocked the package" stays Hungary's)."""
        reporter = _reporter(verb)
        return reporter is not None and any((m := self.who(s)) is not None and m.is_actor for s in _subjects(reporter))

    def same_sentence(self, pronoun: Token, exclude: tuple[int, int]) -> Mention | None:
        """ "Haskins directed his fire at officials, whom he called …": a person named earlier in the pronoun's own
        sentence, outside quotations, as the subject of a verb, of the pronoun's gender — the nearest such."""
        g = PRONOUNS[pronoun.lower_]
        for m in reversed([m for m in self.mentions if pronoun.sent.start_char <= m.start < pronoun.idx]):
            tok = token_at(self.doc, m.end - 1)
            if (
                m.actor.type == "person"
                and not inside(m.start, self.quotes)
                and not exclude[0] <= m.start < exclude[1]
                and tok is not None
                and tok.dep_ in ("nsubj", "nsubjpass")
                and self.referents.compatible(m, g)
            ):
                return m
        return None

    def organisation(self, tok: Token) -> Mention | None:
        """ "its": the organisation the sentence is about (its subject), else the latest named outside quotations."""
        subj = next(
            (c for c in tok.sent.root.children if c.dep_ in ("nsubj", "nsubjpass") and tok not in list(c.subtree)), None
        )
        m = _speaker_of(subj, self.mentions) if subj is not None else None
        if m is not None and m.actor.type != "person":
            return m
        before = [
            m
            for m in self.mentions
            if m.end <= tok.idx and m.actor.type != "person" and m.is_actor and not inside(m.start, self.quotes)
        ]
        return before[-1] if before else None

    def issued_by(self, noun: Token, depth: int) -> Mention | None:
        """Who issued the document a noun names, from the noun phrase or its clause: its possessor ("the group's
        statement", "an ad of its own"), a name in it ("a Reform leaflet"), "by"/"from X" ("paid for by X", "a letter
        from X"), or the subject of the verb it is the object of or a phrase of ("X released a letter", "In a letter to
        Y, she gave …", "X concluded in a review"). Not "filed in a court", not "a letter to Y"."""
        for c in noun.subtree:
            if c.i == noun.i:
                continue
            if c.dep_ == "poss" and (c.head.i == noun.i or c.head.lower_ == "own"):
                m = self.who(c, depth=depth)
                if m is not None:
                    return m
            if c.dep_ == "compound" and c.head.i == noun.i:
                m = mention_at(c, self.mentions)
                if m is None and c.lemma_.lower() in ORG_NOUNS:  # "an internal department review"
                    m = self.noun_speakers.get(c.lemma_.lower()) or _organisation_for(c, self.mentions, self.quotes)
                if m is not None:
                    return m
            if c.dep_ == "pobj" and c.head.lower_ in ("by", "from"):
                m = mention_at(c, self.mentions) or _speaker_of(c, self.mentions)
                if m is not None:
                    return m
        head = noun.head
        verb = head if noun.dep_ == "dobj" else head.head if noun.dep_ == "pobj" and head.dep_ == "prep" else None
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            for subj in _subjects(verb):
                if subj.lemma_.lower() not in DOCUMENT_KINDS:
                    m = self.who(subj, depth=depth)
                    if m is not None:
                        return m
        return None

    def latest_issuer(self, noun: Token) -> Mention | None:
        """A document no sentence said who issued: a ruling or opinion is the latest court's; a statement is the
        speaker of the latest statement in this or the previous paragraph ("A Treasury spokesman said …. The
        statement added …"); any other stays unattributed (a lawsuit or a letter is not its reporter's)."""
        kind = DOCUMENT_KINDS[noun.lemma_.lower()]
        if kind == "ruling":
            courts = [
                m
                for m in self.mentions
                if m.end <= noun.idx and "court" in m.actor.name.lower() and not inside(m.start, self.quotes)
            ]
            return courts[-1] if courts else None
        if kind != "statement":
            return None
        text = doc_text(self.doc)
        para = text.rfind("\n", 0, text.rfind("\n", 0, noun.idx) - 1)
        recent = [st for st in self.statements if st.context[0] > para and st.start < noun.idx]
        return recent[-1].speaker if recent else None

    def note_documents(self, sent: Span) -> None:
        """Remember who issued the documents a sentence names, and who sued (a lawsuit)."""
        for t in sent:
            lemma = t.lemma_.lower()
            m = None
            if lemma in DOCUMENT_KINDS and not inside(t.idx, self.quotes):
                m = self.issued_by(t, 1)
                if m is not None and m.is_actor:
                    self.issuer[DOCUMENT_KINDS[lemma]] = m
            elif lemma == "sue":
                for subj in _subjects(t):
                    m = m or self.who(subj)
                if m is not None and m.is_actor:
                    self.issuer["lawsuit"] = m


def _country_spoken_for(verb: Token, speakers: list[Mention], mentions: list[Mention]) -> list[Mention]:
    """The country a person speaks for in the clause they report: "Irish Enterprise Minister Ciaran Duggan said Ireland
    would prefer to wait" is Ireland's position too. Only the speaker's own country (the article's title or the
    registry gives it), only as the subject of the reported clause — "X said Russia would …" is not Russia's."""
    own = {m.actor.affiliation for m in speakers if m.actor.type == "person" and m.actor.affiliation}
    if not own:
        return []
    out = []
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        for subj in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            m = mention_at(subj, mentions)
            if m is not None and m.is_actor and m.actor.type == "country" and m.actor.id in own:
                out.append(m)
    return out


def find_statements(doc: Doc, mentions: list[Mention]) -> list[Statement]:
    """Every attributed statement in the document, in reading order (continued quotes last), one per speaker and
    span."""
    reader = _Reader(doc, mentions)
    quotes = reader.quotes
    out = reader.statements
    for sent in doc.sents:
        sent_speakers: list[Mention] = []
        reader.note_documents(sent)
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.pos_ == "NOUN" and lemma in REACTION_NOUNS:
                reader.reaction_from(tok, sent)
            if tok.pos_ == "NOUN" and lemma in POSITION_NOUNS:
                reader.possessed_position(tok, sent)
                continue
            if tok.pos_ not in ("VERB", "AUX") or not (is_cue(tok) or stance_predicate(tok)):
                continue
            if lemma not in SPEECH_CUES and reader.reported_by_actor(tok):
                continue  # "Tusk said Poland does not plan to …": Tusk's statement (and Poland's via spoken_for)
            if any(
                a < tok.idx < b - 1 for a, b in quotes
            ):  # "… and call it courage," she said: the quoted speaker's words
                continue
            subjects = _subjects(tok)
            if not subjects:
                continue
            start, end, kind = _statement_span(tok, quotes, subjects)
            start, end = _trim(doc_text(doc), start, end)
            exclude = (start, end) if kind == "direct_quote" else (0, 0)
            named = [(reader.who(s, exclude), s) for s in subjects]
            named = [(m, s) for m, s in named if m is not None and m.is_actor]
            speakers = [m for m, _ in named]
            for m, s in named:
                context = (sent.start_char, sent.end_char)
                out.append(Statement(m, start, end, kind, _cue_text(tok), context, _said_by(m, s, sent)))
            for m in _country_spoken_for(tok, speakers, mentions):
                out.append(Statement(m, start, end, "spoken_for", _cue_text(tok), (sent.start_char, sent.end_char)))
            if len(speakers) == 1:
                for t in sent:
                    if t.lemma_.lower() in DOCUMENT_KINDS:
                        reader.issuer[DOCUMENT_KINDS[t.lemma_.lower()]] = speakers[0]
            sent_speakers += [m for m in speakers if m.actor.type == "person"]
        follow = ELLIPSIS.match(sent.text)
        if follow and out:  # "So does Spain." repeats the previous statement for a new speaker
            prev = out[-1]
            for m in mentions:
                if sent.start_char <= m.start < sent.end_char and m.is_actor:
                    out.append(
                        Statement(
                            m,
                            prev.start,
                            prev.end,
                            prev.kind,
                            " ".join(sent.text.split()[:2]).lower(),
                            (prev.context[0], sent.end_char),
                        )
                    )
        for tok in sent:  # "according to X"
            if tok.lower_ == "according":
                for to in (c for c in tok.children if c.lower_ == "to"):
                    for obj in (
                        c for c in to.children if c.dep_ == "pobj"
                    ):  # a name, a document ("the filing"), "a DHS spokeswoman"
                        m = mention_at(obj, mentions) or (
                            reader.who(obj) if obj.lemma_.lower() in DOCUMENT_KINDS else _organisation_of(obj, mentions)
                        )
                        if m is not None and m.is_actor:
                            out.append(
                                Statement(
                                    m,
                                    sent.start_char,
                                    sent.end_char,
                                    "reported_speech",
                                    "according to",
                                    (sent.start_char, sent.end_char),
                                )
                            )
        push_sentence(
            reader.referents, sent, [m for m in mentions if sent.start_char <= m.start < sent.end_char], sent_speakers
        )
    out += _continued_quotes(doc_text(doc), quotes, out, [(s.start_char, s.end_char) for s in doc.sents])
    seen = set()
    unique = []
    for row in out:
        key = (row.speaker.actor.id, row.start, row.end)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def _continued_quotes(
    text: str, quotes: list[tuple[int, int]], rows: list[Statement], sentences: list[tuple[int, int]]
) -> list[Statement]:
    """Quotations with no cue of their own that continue an attributed speaker, by newspaper convention:
    the second half of a split quote (inside the attributed sentence), a quote right after an attributed
    sentence ("…," X said. "…"), and a paragraph that opens with a quote after a paragraph whose last
    statement was attributed. Conjunct statements (several speakers for one span) are never continued."""
    added: list[Statement] = []
    speakers_per_span = Counter((r.start, r.end) for r in rows)  # more than one: a conjunct statement
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
