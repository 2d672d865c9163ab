"""Documents that say things ("the letter states", "the ad says", "the resolution says", "the report found"): who stands
behind each one, read from its noun phrase or its clause, and remembered by kind for later sentences. A mixin of
attribution's reader: it calls ``self.who`` to resolve a subject.

Who stands behind a document: the letter's signers ("signed by 38 Labour MPs, including its organiser, Rosie Calder,
and … Peter Ambrose" → each named signer; "Crump and Dobbins sent a letter" → both), the resolution's or amendment's
sponsor ("introduced by Rep. Lorraine Dyer", "tabled by Meg Anstey"), the lawsuit's plaintiff ("Ochoa has since filed a
defamation suit … The complaint says"), the ad's sponsor ("paid for by X"), the report's publisher ("A report the
trust published", "published … by the Disability Action Alliance"), the notice's signer. "It says …" right after a
document spoke is that document again."""

from __future__ import annotations

from spacy.tokens import Span, Token

from stancewatch.actors.coref import inside, is_definite
from stancewatch.actors.lexicon import DOCUMENT_KINDS, DOCUMENT_VERBS, ORG_NOUNS
from stancewatch.actors.mentions import Mention, mention_at
from stancewatch.actors.nlp import doc_text
from stancewatch.actors.speakers import organisation_for, speaker_of, subjects_of
from stancewatch.actors.statements import Statement

RELATIVES = {"which", "that", "who", "whom"}
PUBLISH_VERBS = {"publish", "unveil", "release", "issue", "set", "announce", "lay", "present"}
# verbs whose agent stands behind a document: "The lawsuit was filed by X", "The letter was signed by A and B"
ISSUE_VERBS = PUBLISH_VERBS | {
    "file",
    "bring",
    "sign",
    "write",
    "send",
    "draft",
    "submit",
    "sponsor",
    "introduce",
    "table",
    "commission",
    "organise",
    "organize",
    "circulate",
    "pay",
    "produce",
    "conduct",
    "carry",
    "run",
    "air",
    "lodge",
}


def _unique(ms: list[Mention]) -> list[Mention]:
    return list({m.actor.id: m for m in ms if m is not None}.values())


class DocumentReader:
    """Who issued the documents read so far; the reader that mixes this in provides ``doc``, ``mentions``,
    ``quotes``, ``statements``, ``noun_speakers``, ``referents``, ``spoke``, ``who`` and ``same_sentence``."""

    issuer: dict[str, list[Mention]]  # document kind → who stands behind the latest one
    last_document: tuple[int, int, list[Mention]] | None  # (sentence, paragraph start, issuers) of the latest speaking

    def signers(self, obj: Token, depth: int, document: Token) -> list[Mention]:
        """The actors of a "by"/"from" phrase: its named members where it names some ("38 Labour MPs, including its
        organiser, Rosie Calder, and … Peter Ambrose"), else the name (or the name its noun holds) and its conjuncts
        ("signed by Crump and Dobbins")."""
        named = [  # spaCy hangs "including …" on the signers, on "signed" or on the letter itself
            g
            for c in document.subtree
            if c.i > obj.i
            if c.dep_ == "prep" and c.lower_ in ("including", "among")
            if c.head.i in (obj.i, document.i) or c.head.pos_ == "VERB"  # not "the mayors of towns including X"
            for p in c.children
            if p.dep_ == "pobj"
            for g in [p, *p.conjuncts]
        ]
        heads = [obj, *obj.conjuncts]
        named += [  # "a letter from Ohio's two senators, Tobias X, a Republican, and Naomi Y, a Democrat"
            g for h in heads for c in h.children if c.dep_ == "appos" for g in [c, *c.conjuncts]
        ]
        out = [mention_at(t, self.mentions) or speaker_of(t, self.mentions) for t in named]
        out = [m for m in out if m is not None and m.actor.type == "person"]
        if out:
            return _unique(out)
        found = [mention_at(t, self.mentions) or speaker_of(t, self.mentions) for t in heads]
        if not any(found) and depth < 2:
            found = [self.who(t, depth=depth + 1) for t in heads]
        if not any(found) and depth < 2:  # "a letter from its lawyers": whose lawyers
            found = [  # plural: "signed by the council's chief finance officer, X" is X's (the name is found elsewhere)
                self.who(c, depth=depth + 1) for t in heads if t.tag_ == "NNS" for c in t.children if c.dep_ == "poss"
            ]
        return _unique(found)

    def issued_by(self, noun: Token, depth: int) -> list[Mention]:
        """Who issued the document a noun names, from the noun phrase or its clause: its possessor ("the group's
        statement", "an ad of its own"), a name in it ("a Reform leaflet"), "by"/"from X" ("paid for by X", "a letter
        from X", "signed by …"), the subject of a relative clause on it ("A report the trust published"), or the
        subjects of the verb it is the object of or a phrase of ("X released a letter", "Crump and Dobbins sent a
        letter", "In a letter to Y, she gave …", "X concluded in a review"). Not "filed in a court", not "a letter to
        Y"."""
        groups: list[Mention] = []
        owner: list[Mention] = []
        for c in noun.subtree:
            if c.i == noun.i:
                continue
            if c.dep_ == "poss" and (c.head.i == noun.i or c.head.lower_ == "own"):
                m = self.who(c, depth=depth)  # "the chief inspector, X, published her report": X
                if m is not None and c.pos_ == "NOUN" and mention_at(c, self.mentions) is None:
                    owner = owner or [m]  # "the government's strategy, published by the DWP": the publisher first
                elif m is not None:
                    return [m]
            if c.dep_ == "compound" and c.head.i == noun.i:
                m = mention_at(c, self.mentions)
                if m is None and c.lemma_.lower() in ORG_NOUNS:  # "an internal department review"
                    m = self.noun_speakers.get(c.lemma_.lower()) or organisation_for(
                        c, self.mentions, self.quotes, self.spoke()
                    )
                if m is not None:
                    return [m]
            if c.dep_ == "pobj" and c.head.lower_ in ("by", "from"):
                found = self.signers(c, depth, noun)
                if any(m.actor.type == "person" for m in found):
                    return found
                groups = groups or found  # "from 31 Labour MPs …, organised by X and Y": the named people first
            if c.dep_ == "relcl" and c.head.i == noun.i:  # "A report the trust published", "a letter the council sent"
                subjects = [s for s in subjects_of(c) if s.i != noun.i and s.lower_ not in RELATIVES]
                found = _unique([self.who(s, depth=depth) for s in subjects])
                if found:
                    return found
        if groups or owner:
            return groups or owner
        if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in ISSUE_VERBS:  # "The lawsuit was filed by X"
            for c in noun.head.children:
                for p in c.children if c.dep_ == "agent" else ():
                    if p.dep_ == "pobj" and (found := self.signers(p, depth, noun)):
                        return found
        head = noun.head
        verb = head if noun.dep_ == "dobj" else head.head if noun.dep_ == "pobj" and head.dep_ == "prep" else None
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            subjects = [s for s in subjects_of(verb) if s.lemma_.lower() not in DOCUMENT_KINDS]
            return _unique([self.who(s, depth=depth) for s in subjects])
        return []

    def document_speakers(self, s: Token) -> list[Mention] | None:
        """Who speaks when a subject is a document: the issuers its phrase names, else (for "the letter") the issuers
        of the latest document of its kind; for "It" in the sentence after a document spoke, that document's. None
        when the subject is no document."""
        lemma = s.lemma_.lower()
        if lemma in DOCUMENT_KINDS and s.pos_ in ("NOUN", "PROPN"):
            found = self.issued_by(s, 1)
            definite = ("the", "this", "that", "their", "his", "her", "its")  # "Their letter says": the latest letter
            if not found and any(c.dep_ in ("det", "poss") and c.lower_ in definite for c in s.children):
                found = self.issuer.get(DOCUMENT_KINDS[lemma], [])
                if not found:
                    m = self.latest_issuer(s)
                    found = [m] if m is not None else []
            return found
        if lemma == "majority" and is_definite(s) and not any(c.dep_ == "prep" for c in s.children):
            return self.issuer.get("ruling") or None  # "the majority wrote": who wrote for it
        if s.lower_ == "it":
            return self.recent_document(s)
        return None

    def recent_document(self, it: Token) -> list[Mention] | None:
        """The issuers of the document that spoke or was introduced in this paragraph, at most two sentences back."""
        if self.last_document is None:
            return None
        sentence, para, found = self.last_document
        if self.referents.sentence - sentence <= 2 and self.paragraph_of(it.idx) == para:
            return found
        return None

    def document_spoke(self, subjects: list[Token], speakers: list[Mention]) -> None:
        """Remember who spoke through a document subject ("The notice, signed by …, Rebecca Tall, says …"), for an "It
        states …" right after it."""
        if speakers and any(s.lemma_.lower() in DOCUMENT_KINDS or s.lower_ == "it" for s in subjects):
            self.last_document = (self.referents.sentence, self.paragraph_of(subjects[0].idx), speakers)

    def document_verb(self, verb: Token) -> bool:
        """A verb a document states something with, though it is no speech verb ("A report … found that …", "The
        assessment estimates that …", "the report counted 41 threats"): its subject is a document and it has a clause
        or is one of ``DOCUMENT_VERBS``."""
        if verb.pos_ != "VERB" or not (
            verb.lemma_.lower() in DOCUMENT_VERBS or any(c.dep_ == "ccomp" for c in verb.children)
        ):
            return False
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if verb.dep_ == "relcl" and any(c.lower_ in RELATIVES for c in subjects):
            subjects = [verb.head]  # "published research which found that …": the research
        subjects += [c for s in subjects for c in s.children if c.dep_ == "appos"]  # "The DWP's own assessment, …"
        return any(
            s.lemma_.lower() in DOCUMENT_KINDS or (s.lower_ == "it" and self.recent_document(s) is not None)
            for s in subjects
        )

    def paragraph_of(self, pos: int) -> int:
        return doc_text(self.doc).rfind("\n", 0, pos) + 1

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
        """Remember who stands behind the documents a sentence names, and who sued (a lawsuit)."""
        for t in sent:
            lemma = t.lemma_.lower()
            found: list[Mention] = []
            if lemma in DOCUMENT_KINDS and t.pos_ in ("NOUN", "PROPN") and not inside(t.idx, self.quotes):
                found = [m for m in self.issued_by(t, 1) if m.is_actor]
                if found:
                    self.issuer[DOCUMENT_KINDS[lemma]] = found
                    # "The Home Office published a white paper. It says …": the document just introduced
                    self.last_document = (self.referents.sentence, self.paragraph_of(t.idx), found)
            elif lemma == "write" and t.pos_ == "VERB" and not inside(t.idx, self.quotes):
                kind = self.written_kind(t)
                found = [m for s in subjects_of(t) if (m := self.who(s)) is not None and m.is_actor] if kind else []
                if found:  # "X wrote to Y urging …. The letter said": X's; "Writing for the majority, X said": X's
                    self.issuer[kind] = _unique(found)
            elif lemma == "sue":  # "X sued", "X led 17 states in suing the EPA"
                verb = next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), None)
                subjects = subjects_of(t) or (subjects_of(verb) if t.dep_ == "pcomp" and verb is not None else [])
                found = [m for s in subjects if (m := self.who(s)) is not None and m.is_actor]
                if found:
                    self.issuer["lawsuit"] = _unique(found)

    @staticmethod
    def written_kind(verb: Token) -> str | None:
        """The document a form of "write" makes: "wrote to Y" a letter, "writing for the majority" the ruling."""
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "to" and any(p.dep_ == "pobj" for p in c.children):
                return "letter"
            if c.dep_ == "prep" and c.lower_ == "for":
                if any(p.lemma_.lower() in ("majority", "court") for p in c.children):
                    return "ruling"
        return None

    def published_content(self, sent: Span, rows: list) -> None:
        """A sentence that reports what a published document holds, with no speech verb: "Nineteen libraries would close
        under plans published by the council", "The strategy, published by the DWP, keeps the limit". The sentence is
        the publisher's statement, added to ``statements`` (``rows``: the sentence's statements so far; a sentence
        that has some is left alone)."""
        if rows or inside(sent.start_char, self.quotes):
            return
        for t in sent:
            if t.lemma_.lower() not in DOCUMENT_KINDS or t.pos_ != "NOUN":
                continue
            under = t.dep_ == "pobj" and t.head.lower_ in ("under", "in") and t.head.head.dep_ == "ROOT"
            subject = t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
            published = any(c.dep_ == "acl" and c.lemma_.lower() in PUBLISH_VERBS for c in t.children)
            if not (published and (under or subject)):
                continue
            found = [m for m in self.issued_by(t, 1) if m.is_actor]
            context = (sent.start_char, sent.end_char)
            self.statements.extend(
                Statement(m, *context, "reported_speech", "published", context) for m in _unique(found)
            )
            return
