"""Whom "he", "she" and "the senator" refer to: one resolution for attribution ("she said") and for the extra
mentions that sentiment scores (issue 19).

Rules, not a model: coreferee and similar libraries need model packages downloaded at run time, which this
project cannot do. What a careful reader of news uses instead:
- gender of each person from the article itself ("Mr", "spokeswoman", a pronoun in a sentence where only that
  person is named), then from the given name (stancewatch/actors/first_names.py);
- salience: persons named outside quotations, the most recent first, a sentence's subject and an attributed
  speaker after (so before) its other persons;
- never a person named only inside the quotation being attributed;
- a role noun ("the senator", "the Maine Republican", "the shadow minister") only ever means a person the article
  gave that role, the qualifiers ("Maine", "shadow") choosing between several holders.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from stancewatch.actors.first_names import gender_of_first_name
from stancewatch.actors.lexicon import COUNTRIES, GENDERED, ROLE_WORDS, US_STATES
from stancewatch.actors.mentions import Mention, country_possessors, token_at
from stancewatch.actors.names import gender_hint, role_key
from stancewatch.actors.nlp import doc_text

PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
# a role noun that means any holder of one of these offices
ROLE_FAMILIES = {
    "lawmaker": {"senator", "representative", "member", "lawmaker"},
    "minister": {"minister", "secretary"},  # "Health Secretary X" … "the minister"
    "legislator": {"senator", "representative", "member", "lawmaker"},
    "official": set(),
    "politician": set(),
}


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a character offset lies inside one of the (start, end) spans."""
    return any(a <= pos < b for a, b in spans)


def person_genders(doc: Doc, mentions: list[Mention], quotes: list[tuple[int, int]]) -> dict[str, str]:
    """ "m" or "f" for each person the article shows a gender for. Votes: a gendered word right before a name
    (Mr, Ms, spokeswoman) counts 3, the given name 2, and a subject or possessive pronoun after the name in a
    sentence that names no other person outside quotations 1 ("Delgado did not say who she meant"). Object
    pronouns are no evidence: in "Briggs pressed her" the "her" is someone else."""
    votes: dict[str, Counter] = {}
    named: set[str] = set()
    for m in mentions:
        if m.actor.type != "person":
            continue
        span = m.sent.doc.char_span(m.start, m.end, alignment_mode="expand")
        hint = gender_hint(span) if span is not None and m.label == "PERSON" else None
        if hint:
            votes.setdefault(m.actor.id, Counter())[hint] += 3
        if m.actor.id not in named:
            named.add(m.actor.id)
            parts = m.actor.name.split()
            g = gender_of_first_name(parts[0]) if len(parts) >= 2 else None
            if g:
                votes.setdefault(m.actor.id, Counter())[g] += 2
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.actor.type == "person" and not inside(m.start, quotes):
            by_sentence.setdefault(m.sent.start, []).append(m)
    for sent in doc.sents:
        people = sorted(by_sentence.get(sent.start, []), key=lambda m: m.start)
        if not people:
            continue
        first = people[0]
        # a second person closes the window ("X said he had asked Police Chief Y …": "he" before Y is X's)
        until = next((m.start for m in people if m.actor.id != first.actor.id), sent.end_char)
        name = token_at(doc, first.end - 1)
        if until < sent.end_char and (name is None or name.dep_ not in ("nsubj", "nsubjpass")):
            continue  # with other persons in the sentence, only a subject's clause is evidence
        for tok in sent:
            g = PRONOUN_GENDER.get(tok.lower_)
            if (
                g
                and first.end <= tok.idx < until
                and tok.dep_ in ("nsubj", "nsubjpass", "poss")
                and not inside(tok.idx, quotes)
                and _governs(name, tok)
            ):
                votes.setdefault(first.actor.id, Counter())[g] += 1
    out = {}
    for actor_id, c in votes.items():
        (top, n), *rest = c.most_common()
        if not rest or rest[0][1] < n:
            out[actor_id] = top
    return out


# How much more salient than a plain mention a person of a sentence is, in sentences of recency: a sentence's subject
# one sentence more, its attributed speaker one and a half. A speaker two sentences back outranks a person merely named
# in between ("Ames said … The bill was drafted by Ruiz. '…,' he said" is Ames); the subject of the sentence just
# before still outranks a speaker two sentences back.
SUBJECT_WEIGHT, SPEAKER_WEIGHT = 1.0, 1.5


def _governs(name: Token | None, pronoun: Token) -> bool:
    """Whether a pronoun sits under the clause of a name that is a subject ("Delgado did not say who she meant"), not
    in a clause of an unnamed person ("The congressman, whom Kim has described as …, said he would …")."""
    if name is None or name.dep_ not in ("nsubj", "nsubjpass"):
        return True  # as before: a name that is no subject gives the sentence's only person
    return name.head in pronoun.ancestors or name.head == pronoun.head


class Referents:
    """The persons a pronoun or role noun can mean at a point of the document, most recent last in ``recent``.
    ``push`` the persons of each sentence once it is read: its other persons first, then its subjects and
    attributed speakers, so that those win; ``ranked`` orders them by salience, where a subject or speaker counts as
    more recent than it is (``SUBJECT_WEIGHT``, ``SPEAKER_WEIGHT``)."""

    def __init__(self, quotes: list[tuple[int, int]], genders: dict[str, str]):
        self.quotes = quotes
        self.genders = dict(genders)
        self.recent: list[Mention] = []
        self.sentence_of: dict[str, int] = {}  # actor id → index of the last sentence that pushed it
        self.anchor: dict[str, float] = {}  # actor id → its most salient sentence index, weight added
        self.titles: dict[str, frozenset[str]] = {}  # actor id → role words learnt from attribution (``learn``)
        self.sentence = 0

    def push(self, m: Mention, weight: float = 0.0) -> None:
        if m.actor.type != "person" or m.role == "byline" or inside(m.start, self.quotes) or _modifier_only(m):
            return
        self.recent = [r for r in self.recent if r.actor.id != m.actor.id] + [m]
        self.sentence_of[m.actor.id] = self.sentence
        self.anchor[m.actor.id] = max(self.anchor.get(m.actor.id, -1e9), self.sentence + weight)

    def learn(self, actor_id: str, words: set[str]) -> None:
        """Role words the article gives a person where it names them as a subject ("The Justice Secretary, Owen
        Strickland, said"), added to the titles of their mentions."""
        self.titles[actor_id] = self.titles.get(actor_id, frozenset()) | words

    def titles_of(self, m: Mention) -> frozenset[str]:
        return m.titles | self.titles.get(m.actor.id, frozenset())

    def ranked(self) -> list[Mention]:
        """The persons read so far, most salient first: by anchor, then by recency."""
        order = {m.actor.id: i for i, m in enumerate(self.recent)}
        return sorted(self.recent, key=lambda m: (self.anchor[m.actor.id], order[m.actor.id]), reverse=True)

    def next_sentence(self) -> None:
        self.sentence += 1

    def compatible(self, m: Mention, gender: str | None) -> bool:
        return gender is None or self.genders.get(m.actor.id, gender) == gender

    def resolve(self, pronoun: str, exclude: tuple[int, int] = (0, 0)) -> Mention | None:
        """The most salient person whose gender agrees (unknown agrees), skipping persons named inside ``exclude``
        (the quotation being attributed). A person of unknown gender takes the pronoun's from then on."""
        g = PRONOUN_GENDER[pronoun]
        for m in self.ranked():
            if exclude[0] <= m.start < exclude[1]:
                continue
            if self.compatible(m, g):
                self.genders.setdefault(m.actor.id, g)
                return m
        return None

    def confident(self, pronoun: str, earlier: list[Mention], window: int = 2) -> Mention | None:
        """The referent of a pronoun only where a reader would not hesitate: exactly one person of that gender in
        this sentence (before the pronoun) and the ``window`` sentences before it, or else the subject of the
        previous sentence when its gender is known to agree."""
        g = PRONOUN_GENDER[pronoun]
        near = [m for m in self.recent if self.sentence - self.sentence_of.get(m.actor.id, -99) <= window]
        pool = {m.actor.id: m for m in near + earlier if self.compatible(m, g)}
        if len(pool) == 1:
            return next(iter(pool.values()))
        last = self.ranked()[0] if self.recent else None  # the most salient, not merely the last named
        if (
            last is not None
            and self.sentence_of.get(last.actor.id) == self.sentence - 1
            and self.genders.get(last.actor.id) == g
            and not any(self.genders.get(m.actor.id) == g for m in earlier if m.actor.id != last.actor.id)
        ):
            return last
        return None


def _modifier_only(m: Mention) -> bool:
    """A name used only to qualify a common noun ("Patriot interceptors", "the Trump administration"): not what a
    later "he"/"she" refers to."""
    span = m.sent.doc.char_span(m.start, m.end, alignment_mode="expand")
    root = span.root if span is not None else None
    return (
        root is not None
        and root.dep_ == "compound"
        and root.head.pos_ == "NOUN"
        and not span.start <= root.head.i < span.end
    )


# Title words that make a holder a different office from the bare role: "the justice secretary" never means the shadow
# justice secretary or a former one.
RANK_QUALIFIERS = {"shadow", "deputy", "former", "vice", "assistant", "junior", "acting", "ex"}


def role_of(noun: Token) -> str | None:
    """The role key of a noun that can stand for a person the article named ("the senator", "the two-term
    Democrat", "the shadow minister"), or None."""
    if noun.tag_ in ("NNS", "NNPS"):  # "the chairs of the committee" are several people
        return None
    key = role_key(noun.lemma_)
    return key if key in ROLE_WORDS or key in ROLE_FAMILIES or role_key(noun.text) in ROLE_WORDS else None


def resolve_role(
    noun: Token, referents: Referents, exclude: tuple[int, int] = (0, 0), confident: bool = False
) -> Mention | None:
    """The person a definite role noun refers to: among the persons read so far whose titles hold that role,
    those whose titles also hold the noun's qualifiers ("Maine", "shadow", "finance") when any do, of the
    noun's gender ("congresswoman"), the most salient. With ``confident``, only when one person qualifies."""
    key = role_of(noun)
    if key is None:
        return None
    offices = ROLE_FAMILIES.get(key) or {key}
    gender = GENDERED.get(noun.lower_)
    holders = [
        m
        for m in referents.ranked()
        if referents.titles_of(m) & offices
        and not (exclude[0] <= m.start < exclude[1])
        and referents.compatible(m, gender)
    ]
    if not offices - {"official", "politician"}:
        holders = []
    qualifiers = {
        role_key(t.lemma_)
        for c in noun.children
        if c.dep_ in ("compound", "amod", "nmod")
        for t in c.subtree
        if not t.is_punct
    }
    # "the justice secretary" is not the shadow justice secretary, nor "the shadow home secretary" the home secretary
    holders = [m for m in holders if (referents.titles_of(m) & RANK_QUALIFIERS) == (qualifiers & RANK_QUALIFIERS)]
    states = states_in(qualifiers)
    if states:  # "the Wyoming Republican": the one tagged "(R-Wyo.)", never one of another state
        holders = [
            m for m in holders if states & states_in(referents.titles_of(m)) or not states_in(referents.titles_of(m))
        ]
        holders = [m for m in holders if states & states_in(referents.titles_of(m))] or holders
    qualifiers |= {c for q in qualifiers if (c := country_key(q))}  # "the Kenyan minister": Kenya's
    qualifiers |= country_possessors(noun)  # "Ghana's envoy"
    qualified = [m for m in holders if qualifiers & referents.titles_of(m)]
    if qualified:
        holders = qualified
    elif not states and qualifiers & COUNTRIES:  # "the Ghanaian ambassador" is no other country's ambassador
        holders = []
    distinct = {m.actor.id for m in holders}
    if confident and len(distinct) != 1:
        return None
    return holders[0] if holders else None


def country_key(word: str) -> str | None:
    """The country a demonym names, as a title word ("kenyan" → kenya, "haitian" → haiti, "philippine" →
    philippines), else None."""
    for cut in (1, 2, 3):
        if len(word) > cut + 3 and word[:-cut] in COUNTRIES:
            return word[:-cut]
    return word + "s" if word + "s" in COUNTRIES else None


def states_in(words: frozenset[str] | set[str]) -> set[str]:
    """The US states a set of title words names, by name ("wyoming"; "new" and "york") or abbreviation ("wyo", "ny")."""
    return {
        state
        for state, forms in US_STATES.items()
        if forms & words or (" " in state and all(w in words for w in state.split()))
    }


def is_definite(noun: Token) -> bool:
    """ "the senator", "this company", "its spokesman": a noun that refers back rather than introduces."""
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their", "his", "her")
        for c in noun.children
    )


def coref_mentions(
    doc: Doc,
    mentions: list[Mention],
    quotes: list[tuple[int, int]],
    speakers_by_sentence: dict[int, list[Mention]],
    genders: dict[str, str],
) -> list[Mention]:
    """Extra mentions for sentiment: pronouns (he/she/him/her/his, outside quotations) and definite role nouns
    ("the senator") resolved with confidence to a person (``Referents.confident``, ``resolve_role``), at most one
    per person and sentence and none in a sentence that already names that person — so a sentence is never
    scored twice for one actor. Pronouns inside quotations are never resolved: "he" in someone's quote is about
    a third person the quote may not name. "it" and "they" are not resolved (mostly things, or several actors)."""
    referents = Referents(quotes, genders)
    covered = {(m.start, m.end) for m in mentions}
    starts = {m.start for m in mentions}  # mention ids are "{doc_id}:{start}": never two at one offset
    taken = [(m.start, m.end) for m in mentions]
    out: list[Mention] = []
    for sent in doc.sents:
        in_sentence = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
        named = {m.actor.id for m in in_sentence}
        added: set[str] = set()
        if not any(m.role == "byline" for m in in_sentence):
            for tok in sent:
                if inside(tok.idx, quotes) or inside(tok.idx, taken):
                    continue
                earlier = [
                    m
                    for m in in_sentence
                    if m.end <= tok.idx and m.actor.type == "person" and not inside(m.start, quotes)
                ]
                found: Mention | None = None
                start = tok.idx
                if tok.lower_ in PRONOUN_GENDER and tok.tag_ in ("PRP", "PRP$"):
                    found = referents.confident(tok.lower_, earlier)
                    if (
                        found is not None
                        and tok.dep_ in ("dobj", "dative", "pobj")
                        and _co_argument(tok, found, earlier)
                    ):
                        found = None  # "Briggs pressed her": never the verb's own subject
                elif tok.pos_ == "NOUN" and is_definite(tok) and role_of(tok) is not None:
                    found = resolve_role(tok, referents, confident=True)
                    start = min(
                        [c.idx for c in tok.children if c.dep_ in ("det", "poss", "compound", "amod") and c.i < tok.i]
                        + [tok.idx]
                    )
                if (
                    found is None
                    or found.actor.id in named
                    or found.actor.id in added
                    or (start, tok.idx + len(tok)) in covered
                    or start in starts
                ):
                    continue
                added.add(found.actor.id)
                starts.add(start)
                end = tok.idx + len(tok)
                out.append(
                    Mention(
                        start,
                        end,
                        doc_text(doc)[start:end],
                        found.label,
                        found.actor,
                        "coref",
                        sent,
                        found.role,
                        found.titles,
                    )
                )
        push_sentence(referents, sent, in_sentence, speakers_by_sentence.get(sent.start_char, []))
    return out


def _co_argument(pronoun: Token, candidate: Mention, earlier: list[Mention]) -> bool:
    """Whether the candidate is the subject of the verb the pronoun is the object of ("Briggs pressed her")."""
    verb = pronoun.head if pronoun.dep_ != "pobj" else pronoun.head.head
    return any(c.dep_ in ("nsubj", "nsubjpass") and candidate.start <= c.idx < candidate.end for c in verb.children)


def push_sentence(referents: Referents, sent: Span, in_sentence: list[Mention], speakers: list[Mention]) -> None:
    """Read one sentence into the salience list: its persons, then its subjects, then its attributed speakers."""
    people = [m for m in in_sentence if m.actor.type == "person"]
    tokens = {id(m): token_at(sent.doc, m.start) for m in people}
    subjects = [
        m
        for m in people
        if (t := tokens[id(m)]) is not None
        and t.dep_ in ("nsubj", "nsubjpass", "compound")
        and t.head.dep_ in ("ROOT", "nsubj", "nsubjpass")
    ]
    for m in [m for m in people if m not in subjects]:
        referents.push(m)
    for m in subjects:
        referents.push(m, SUBJECT_WEIGHT)
    for m in speakers:
        referents.push(m, SPEAKER_WEIGHT)
    referents.next_sentence()
