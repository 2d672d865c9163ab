"""Who said what: statements attributed to the actors of a document's mentions.

``find_statements(doc, mentions)`` returns ``Statement`` records: the subject of a speech or position verb
(a name, "he"/"she", a role noun, an organisation or document noun), "according to X", and quotations that
continue an attributed speaker. docs/ACTORS.md lists the forms read. The pieces: ``statements`` (the records),
``quotes`` (quotation marks, continued quotes), ``speakers`` (who a subject token names), ``documents`` (who issued
a document), ``posts`` (posts and colon introductions quoted as their own paragraph)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from stancewatch.actors.coref import (
    PRONOUN_GENDER,
    Referents,
    inside,
    is_definite,
    person_genders,
    push_sentence,
    resolve_role,
    role_of,
)
from stancewatch.actors.documents import DocumentReader
from stancewatch.actors.lexicon import (
    CONTRAST_MARKS,
    COPULAS,
    DOCUMENT_KINDS,
    DOCUMENT_VERBS,
    ORG_NOUNS,
    PARTY_TAG,
    POSITION_CUES,
    POSITION_NOUNS,
    PRONOUNS,
    REACTION_NOUNS,
    REACTION_VERBS,
    ROLE_WORDS,
    SPEECH_CUES,
    STANCE_ADJECTIVES,
    STANCE_ROLE_NOUNS,
)
from stancewatch.actors.mentions import Mention, is_cue, mention_at, token_at
from stancewatch.actors.names import role_key
from stancewatch.actors.nlp import doc_text
from stancewatch.actors.posts import Post, embed_statements, find_posts, intro_statements
from stancewatch.actors.quotes import continued_quotes, find_quotes, quote_for
from stancewatch.actors.speakers import (
    PARTY_WORDS,
    PRINCIPAL_NOUNS,
    organisation_for,
    organisation_of,
    reporter_of,
    speaker_of,
    subjects_of,
    tagged_person,
)
from stancewatch.actors.statements import Statement, cue_text, said_by, span_of, trim

__all__ = ["Statement", "find_quotes", "find_statements", "stance_predicate"]


ELLIPSIS = re.compile(
    r"^\s*(?:so|neither|nor)\s+(?:does|did|do|is|was|were|are|has|have|had|will|would|can|could)\s+(.+?)[.!]?\s*$", re.I
)


OPEN_MARKS, CLOSE_MARKS = '“"', '”"'


def _statement_span(verb: Token, quotes: list[tuple[int, int]], subjects: list[Token]) -> tuple[int, int, str]:
    lemma = verb.lemma_.lower()
    comp = [
        c
        for c in verb.children
        if c.dep_ in ("ccomp", "xcomp", "dobj", "prep", "prt", "advcl", "attr", "oprd", "dative", "acomp")
    ]
    if lemma in SPEECH_CUES or lemma in DOCUMENT_VERBS:
        ccomp = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
        if ccomp:
            start, end = span_of([t for c in ccomp for t in c.subtree])
            inside = [q for q in quotes if q[0] <= start and end <= q[1]]
            if inside:
                return inside[0][0], inside[0][1], "direct_quote"
            if not any(q[0] <= start < q[1] for q in quotes):
                return start, end, "reported_speech"
        quote = quote_for(verb, quotes)
        if quote:
            return quote[0], quote[1], "direct_quote"
        if ccomp:
            start, end = span_of([t for c in ccomp for t in c.subtree])
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
        start, end = span_of(tokens)
        return start, end, "position"
    return verb.sent.start_char, verb.sent.end_char, "position"


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


class _Reader(DocumentReader):
    """What has been read of a document so far, for resolving who a subject stands for: the mentions, the
    quotations, the salience of persons (coref.Referents), party tags ("the Ohio Republican"), and who issued the
    latest document of each kind ("the letter states" → whoever wrote the letter read about last)."""

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.mentions = mentions
        self.quotes = find_quotes(doc_text(doc))
        self.referents = Referents(self.quotes, person_genders(doc, mentions, self.quotes))
        self.issuer: dict[str, list[Mention]] = {}  # document kind → who stands behind the latest one
        self.last_document: tuple[int, int, list[Mention]] | None = None  # the latest document that spoke
        self.tags = {m.group(2).lower()[:3]: m for m in PARTY_TAG.finditer(doc_text(doc))}
        self.statements: list[Statement] = []
        self.silent: list[Statement] = []  # quotations of non-actors (analysts): nobody's to continue
        self.noun_speakers: dict[str, Mention] = {}  # "embassy" → the actor that last spoke as "X's embassy"
        self.unnamed_roles: dict[str, tuple[Mention, int]] = {}  # "spokesperson" → (No 10, paragraph): "A No 10 …"

    def who(self, s: Token, exclude: tuple[int, int] = (0, 0), depth: int = 0) -> Mention | None:
        """The actor a subject (or possessor) token stands for: a name or the name its noun phrase holds, "he"/"she",
        "its", a role noun ("the senator"), a document ("the letter", "the group's statement"), an organisation
        noun ("the agency"). ``exclude``: the quotation being attributed, whose persons are never the speaker."""
        m = speaker_of(s, self.mentions)
        lemma = s.lemma_.lower()
        definite = is_definite(s)
        if m is None and s.lower_ in PRONOUNS:
            m = (
                self.same_sentence(s, exclude)
                or self.referents.resolve(s.lower_, exclude)
                or self.same_sentence(s, exclude, subject=False)
            )
        if m is None and s.lower_ in ("his", "her") and s.dep_ == "poss":  # "Her campaign said", "her report"
            m = self.same_sentence(s, exclude, subject=False) or self.referents.resolve(s.lower_, exclude)
        if m is None and s.lower_ == "its":
            m = self.organisation(s)
        if m is None and s.lower_ == "it" and s.dep_ in ("nsubj", "nsubjpass"):
            m = self.organisation_that_spoke(s)  # "The union said …. It says the shift pattern would …"
        if m is None and lemma in DOCUMENT_KINDS and depth < 2:  # "the statement said": who issued it
            found = self.issued_by(s, depth + 1)
            m = found[0] if found else None
            if m is None and definite:
                m = next(iter(self.issuer.get(DOCUMENT_KINDS[lemma], [])), None) or self.latest_issuer(s)
        role = role_key(lemma) if s.pos_ == "NOUN" else None
        if m is not None and not definite and m.actor.type != "person" and role in ROLE_WORDS:
            self.unnamed_roles[role] = (m, self.paragraph_of(s.idx))  # "A Downing Street spokesperson said"
        unnamed = self.unnamed_roles.get(role) if role else None
        if m is None and definite and unnamed is not None and unnamed[1] == self.paragraph_of(s.idx):
            m = unnamed[0]  # "… the spokesperson said": the unnamed one of this paragraph, not a named one before
        elif (
            (m is None or m.actor.type != "person") and definite and s.dep_ != "appos" and role_of(s) is not None
        ):  # "the senator said"
            m = resolve_role(s, self.referents, exclude) or m
        if m is not None and lemma in PARTY_WORDS and m.actor.type != "person":  # "the Ohio Republican said"
            m = tagged_person(m, self.tags, self.mentions)
        # "Brady's campaign", "His office said": the possessor, before "the office" as an organisation noun
        if m is None and lemma in PRINCIPAL_NOUNS and depth < 2:
            m = next((self.who(c, exclude, depth + 1) for c in s.children if c.dep_ == "poss"), None)
        if m is None and definite and lemma in ORG_NOUNS:  # "the agency said": the one that spoke as such, else by name
            m = self.noun_speakers.get(lemma) or organisation_for(s, self.mentions, self.quotes, self.spoke())
        elif m is not None and not definite and lemma in ORG_NOUNS and s.pos_ == "NOUN":
            self.noun_speakers[lemma] = m  # "Russia's embassy said" → a later "the embassy" is Russia's
        return m

    def read_cue(self, tok: Token, sent: Span) -> list[Statement]:
        """The statements of one speech or position verb (or stance copula): one per subject that names an actor, and
        the country a minister speaks for. Not a verb inside a quotation ("… and call it courage," she said: the quoted
        speaker's words), nor a position verb inside a speaker's reported clause ("Tusk said Poland does not plan to
        …": Tusk's statement, Poland's only as spoken_for), nor a speech verb there of anyone but the reporter ("Lange
        wrote that Natarajan had called it '…'" is Lange's; "Henley said he … accused the court of '…'" is Henley's)."""
        reporters = self.reporters(tok)
        if reporters and tok.lemma_.lower() not in SPEECH_CUES:
            return []
        if any(a <= tok.idx < b - 1 for a, b in self.quotes):  # a quotation, or a post read as one
            return []
        subjects = subjects_of(tok)
        if not subjects:
            return []
        start, end, kind = _statement_span(tok, self.quotes, subjects)
        start, end = trim(doc_text(self.doc), start, end)
        if kind == "position" and tok.lemma_.lower() in SPEECH_CUES and tok.dep_ == "advcl" and tok.tag_ == "VBG":
            return []  # "Writing in the Guardian, she argued …": the participle only says where; the verb says what
        exclude = (start, end) if kind == "direct_quote" else (0, 0)
        named = []
        for s in subjects:  # a document speaks for all who stand behind it ("The letter says …": each signer)
            found = self.document_speakers(s)
            named += [(m, s) for m in found] if found is not None else [(self.who(s, exclude), s)]
        silent = [
            m for m, _ in named if m is not None and not m.is_actor and sent.start_char <= m.start < sent.end_char
        ]
        if kind == "direct_quote" and silent:  # '"…," said Dr Ian Merriweather, a criminologist': nobody continues it
            who = silent[0]
            self.silent.append(Statement(who, start, end, kind, "", (sent.start_char, sent.end_char)))
        named = [(m, s) for m, s in named if m is not None and m.is_actor]
        if reporters:  # "Lange wrote that Natarajan had called it '…'": Lange's words, not Natarajan's
            named = [(m, s) for m, s in named if m.actor.id in reporters]
        context = (sent.start_char, sent.end_char)
        rows = [Statement(m, start, end, kind, cue_text(tok), context, said_by(m, s, sent)) for m, s in named]
        speakers = [m for m, _ in named]
        self.document_spoke(subjects, speakers)
        for m, s in named:
            self.learn_role(m, s)
        rows += [
            Statement(m, start, end, "spoken_for", cue_text(tok), context)
            for m in _country_spoken_for(tok, speakers, self.mentions)
        ]
        if speakers:  # "X said in a letter": X's letter, unless the sentence says whose ("a letter from Y")
            for t in sent:
                if t.lemma_.lower() in DOCUMENT_KINDS and not (t.pos_ in ("NOUN", "PROPN") and self.issued_by(t, 1)):
                    self.issuer[DOCUMENT_KINDS[t.lemma_.lower()]] = speakers
        self.statements.extend(rows)
        return rows

    def learn_role(self, m: Mention, subject: Token) -> None:
        """ "The Justice Secretary, Owen Strickland, said": a capitalised role noun with the person's name in apposition
        gives that person the role's words, for a later "the justice secretary"."""
        if m.actor.type != "person" or role_of(subject) is None or not (subject.idx < m.start < subject.sent.end_char):
            return
        if not any(t.dep_ == "appos" and m.start <= t.idx < m.end for t in subject.subtree):
            return
        words = {role_key(t.lemma_) for t in subject.subtree if t.idx < m.start and t.is_alpha and t.dep_ != "det"}
        self.referents.learn(m.actor.id, words)

    def elliptical(self, sent: Span) -> None:
        """ "So does Spain.": the previous statement again, for a new speaker."""
        if not ELLIPSIS.match(sent.text) or not self.statements:
            return
        prev = self.statements[-1]
        cue = " ".join(sent.text.split()[:2]).lower()
        for m in self.mentions:
            if sent.start_char <= m.start < sent.end_char and m.is_actor:
                self.statements.append(
                    Statement(m, prev.start, prev.end, prev.kind, cue, (prev.context[0], sent.end_char))
                )

    def according_to(self, sent: Span) -> None:
        """ "according to X": a name, a document ("according to the filing"), "a DHS spokeswoman"."""
        for tok in sent:
            if tok.lower_ != "according":
                continue
            for obj in (g for c in tok.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"):
                m = mention_at(obj, self.mentions) or (
                    self.who(obj) if obj.lemma_.lower() in DOCUMENT_KINDS else organisation_of(obj, self.mentions)
                )
                owned = obj.lemma_.lower() in PRINCIPAL_NOUNS and any(c.dep_ == "poss" for c in obj.children)
                if m is None and (is_definite(obj) or owned) and (obj.lemma_.lower() in ORG_NOUNS or role_of(obj)):
                    m = self.who(obj)  # "according to the charity", "… the senator", "… the sheriff's office"
                    if owned and m is not None and m.actor.type != "person":
                        m = None  # "the Ohio attorney general's office": no named holder, not Ohio
                if m is not None and m.is_actor:
                    context = (sent.start_char, sent.end_char)
                    self.statements.append(Statement(m, *context, "reported_speech", "according to", context))

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
            start, end = span_of(tokens)
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
        start, end = span_of([t for t in verb.subtree if t.i not in conjoined and not t.is_punct])
        for m in speakers:
            self.statements.append(Statement(m, start, end, "position", verb.text, (sent.start_char, sent.end_char)))

    def spoke(self) -> tuple[Mention, ...]:
        """The speakers of the statements read so far, in reading order (quotations continued later not yet)."""
        return tuple(st.speaker for st in self.statements if st.kind != "spoken_for")

    def reporters(self, verb: Token) -> set[str]:
        """The actors whose speech verb reports the clause ``verb`` sits in ("Kessler said West Virginia would seek …"
        → Kessler); none when nobody known reports it ("Diplomats said Hungary blocked the package" stays
        Hungary's)."""
        reporter = reporter_of(verb)
        if reporter is None:
            return set()
        return {m.actor.id for s in subjects_of(reporter) if (m := self.who(s)) is not None and m.is_actor}

    def reported_by_actor(self, verb: Token) -> bool:
        return bool(self.reporters(verb))

    def same_sentence(self, pronoun: Token, exclude: tuple[int, int], subject: bool = True) -> Mention | None:
        """ "Haskins directed his fire at officials, whom he called …": a person named earlier in the pronoun's own
        sentence, outside quotations, as the subject of a verb or in apposition to it (with ``subject`` False any such
        person: "… to censure Rep. Dwight Kellerman over remarks in which he suggested …"), of the pronoun's gender —
        the nearest."""
        g = PRONOUN_GENDER[pronoun.lower_]
        for m in reversed([m for m in self.mentions if pronoun.sent.start_char <= m.start < pronoun.idx]):
            tok = token_at(self.doc, m.end - 1)
            while tok is not None and tok.dep_ == "appos" and tok.head.i < tok.i:
                tok = tok.head  # "the chief inspector, Marjorie Oyelowo, published her report": the subject's name
            if (
                m.actor.type == "person"
                and not inside(m.start, self.quotes)
                and not exclude[0] <= m.start < exclude[1]
                and tok is not None
                and (tok.dep_ in ("nsubj", "nsubjpass") if subject else m.is_actor)
                and self.referents.compatible(m, g)
            ):
                return m
        return None

    def organisation_that_spoke(self, it: Token) -> Mention | None:
        """ "It said": the organisation or country whose statement is the latest in this paragraph (a document's "It
        says" is read first)."""
        para = self.paragraph_of(it.idx)  # this paragraph only: "Rain fell. It said nothing" is nobody's
        recent = [st for st in self.statements if st.context[0] >= para and st.start <= it.idx]
        if not recent or recent[-1].speaker.actor.type not in ("organization", "group", "country"):
            return None
        return recent[-1].speaker

    def organisation(self, tok: Token) -> Mention | None:
        """ "its": the organisation the sentence is about (its subject), else the latest named outside quotations."""
        subj = next(
            (c for c in tok.sent.root.children if c.dep_ in ("nsubj", "nsubjpass") and tok not in list(c.subtree)), None
        )
        m = speaker_of(subj, self.mentions) if subj is not None else None
        if m is not None and m.actor.type != "person":
            return m
        if subj is not None and subj.lemma_.lower() in ORG_NOUNS and subj is not tok.head:
            m = self.who(subj, depth=1)  # "Brady's campaign answered with an ad of its own": the campaign's
            if m is not None:
                return m
        before = [
            m
            for m in self.mentions
            if m.end <= tok.idx and m.actor.type != "person" and m.is_actor and not inside(m.start, self.quotes)
        ]
        return before[-1] if before else None


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
    text = doc_text(doc)
    posts = find_posts(doc, reader.quotes)
    reader.quotes.extend(p.body for p in posts if not p.quoted)  # an unquoted post is read as a quotation
    reader.quotes.sort()
    intros: dict[int, list[Post]] = {}
    for p in posts:
        if p.intro is not None:
            intros.setdefault(p.intro[0], []).append(p)
    out = reader.statements
    for sent in doc.sents:
        sent_speakers: list[Mention] = []
        rows: list[Statement] = []
        empty: list[Statement] = []
        reader.note_documents(sent)
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.pos_ == "NOUN" and lemma in REACTION_NOUNS:
                reader.reaction_from(tok, sent)
            if tok.pos_ == "NOUN" and lemma in POSITION_NOUNS:
                reader.possessed_position(tok, sent)
                continue
            if tok.pos_ in ("VERB", "AUX") and (is_cue(tok) or stance_predicate(tok) or reader.document_verb(tok)):
                found = reader.read_cue(tok, sent)
                rows += found
                if lemma in SPEECH_CUES and all(r.kind == "position" for r in found):
                    empty += found  # "Vance tweeted:" says only that someone spoke
                sent_speakers += [
                    r.speaker for r in found if r.kind != "spoken_for" and r.speaker.actor.type == "person"
                ]
        reader.elliptical(sent)
        reader.according_to(sent)
        reader.published_content(sent, rows)
        if sent.start_char in intros:
            out += intro_statements(reader, sent, intros[sent.start_char], rows, empty)
        push_sentence(
            reader.referents, sent, [m for m in mentions if sent.start_char <= m.start < sent.end_char], sent_speakers
        )
    out += embed_statements(posts, mentions, text)
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    embeds = {p.body for p in posts if p.signature is not None}  # an embed is its signer's, never a continuation
    quotes = [q for q in reader.quotes if q not in embeds]
    out += [r for r in continued_quotes(text, quotes, out + reader.silent, sentences) if r.speaker.is_actor]
    seen = set()
    unique = []
    for row in out:
        key = (row.speaker.actor.id, row.start, row.end)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique
