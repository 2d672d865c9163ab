"""Who a subject token stands for, read off the parse alone: a name, the name its noun phrase holds, the organisation
in front of a common noun ("a DHS spokeswoman"), the person a party tag names ("the Ohio Republican"), and the
subjects of a verb (through conjuncts, participles and relative clauses)."""

from __future__ import annotations

from spacy.tokens import Token

from stancewatch.actors.coref import inside
from stancewatch.actors.lexicon import (
    DISTINCT_KINDS,
    DOCUMENT_KINDS,
    MEMBER_NOUNS,
    ORG_KINDS,
    ROLE_WORDS,
    SPEECH_CUES,
)
from stancewatch.actors.mentions import Mention, mention_at
from stancewatch.actors.names import PERSON_TITLES, role_key
from stancewatch.actors.nlp import doc_text

SPOKES_WORDS = {"spokesperson", "spokesman", "spokeswoman"}
PRINCIPAL_NOUNS = {"office", "campaign"}  # "the office of X", "the campaign of X" speak for the person X


def speaker_of(token: Token, mentions: list[Mention]) -> Mention | None:
    """The actor a subject token stands for: itself, or the possessor/compound of a head noun such as
    "Slovakia's government", "a TikTok spokesperson", "China's foreign ministry", or the body a group of its people
    belongs to ("the chairs of the BMA's consultants committee", "officials at the agency"); the principal of "a
    spokesperson for X"."""
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
    if m is None and token.lemma_.lower() in PRINCIPAL_NOUNS:  # "The office of Senate Majority Leader X said": X
        for obj in (g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children):
            found = speaker_of(obj, mentions) if obj.dep_ == "pobj" else None
            if found is not None and found.actor.type == "person":
                return found
    if m is None and token.lower_ in SPOKES_WORDS:  # "A spokesperson for Gov. X said" (unnamed): X
        for obj in (g for c in token.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children):
            m = m or (speaker_of(obj, mentions) if obj.dep_ == "pobj" else None)
        if m is not None:
            return m
    if m is None and token.pos_ in ("NOUN", "PROPN"):
        for dep in (
            "appos",
            "poss",
            "compound",
            "nmod",
            "nummod",
            "det",
        ):  # … "a No 10 spokesperson"  # "President Christine Lagarde" before "the ECB's …"
            for child in token.children:
                if child.dep_ == dep and m is None:
                    m = mention_at(child, mentions)
    if m is None and token.pos_ == "NOUN" and token.tag_ == "NNS" and (token.lemma_.lower() in MEMBER_NOUNS):
        for obj in (g for c in token.children if c.lower_ in ("of", "at", "from") for g in c.children):
            m = m or (speaker_of(obj, mentions) if obj.dep_ == "pobj" else None)  # "the chairs of the BMA's committee"
        if m is not None and m.actor.type == "person":
            m = None
    return m


def _names_subject(subject: Token, appos: Token) -> bool:
    """An appositive that is a further subject: a name for a noun ("The co-chair …, Dr Amira Haddad, told"), not a
    description of a name ("Helen Garside, the Labour MP for North Somerset, said" is not Labour's statement)."""
    if role_key(appos.lemma_) in ROLE_WORDS:  # "Ian Petrie, the Reform UK MP for …, tweeted"
        return False
    return appos.pos_ == "PROPN" or (appos.pos_ == "NOUN" and subject.pos_ == "NOUN")


def subjects_of(verb: Token) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
    if not subs:  # "X, asked about the complaint, said …": the parse made X the subject of "asked"
        asked = [c for c in verb.children if c.dep_ in ("advcl", "acl") and c.i < verb.i and c.lemma_ == "ask"]
        subs = [s for a in asked for s in a.children if s.dep_ == "nsubj" and s.i < a.i]
    head, hops = verb, 0
    while (
        not subs
        and (head.dep_ in ("conj", "xcomp", "acomp") or (head.dep_ == "advcl" and head.tag_ == "VBG"))
        and head.head is not head
        and hops < 3
    ):  # "…, calling it 'a disaster'" takes the main verb's subject
        head, hops = head.head, hops + 1  # "X were quick to stress …", "X said … and warned …"
        subs = [c for c in head.children if c.dep_ == "nsubj"]
    if not subs and verb.dep_ == "ROOT" and verb.i >= 1:  # "In a letter to X, R-Gilbert, the governor wrote": the
        prev = verb.doc[verb.i - 1]  # parse hung the subject on X as an apposition
        if (
            prev.pos_ in ("NOUN", "PROPN")
            and prev.dep_ == "appos"
            and prev.head.i < prev.i
            and prev.head.dep_ == "pobj"
        ):
            if any(c.dep_ == "det" for c in prev.children):
                return [prev]
    if not subs and verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in DOCUMENT_KINDS:
        subs = [verb.head]  # "released a letter urging leadership to …"
    if verb.dep_ == "relcl" and any(s.lower_ in ("which", "who", "that") for s in subs):
        subs = [verb.head]  # "Hungary and Poland, which voted against …"
        if subs[0].lower_ == "own" and subs[0].dep_ == "pobj" and subs[0].head.head.pos_ == "NOUN":
            subs = [subs[0].head.head]  # "an ad of its own, which says …": the ad
    out: list[Token] = []
    stack = [_named_after(t) or t for t in subs]
    while stack:
        t = stack.pop(0)
        if t.dep_ == "agent":
            stack.extend(c for c in t.children if c.dep_ == "pobj")
            continue
        if t.dep_ != "appos" or _names_subject(t.head, t):
            out.append(t)  # not a description: "Helen Garside, the Labour MP for North Somerset, said" is Garside's
        stack.extend(c for c in t.children if c.dep_ in ("conj", "appos") and c.pos_ in ("PROPN", "NOUN"))
    return out


def _named_after(noun: Token) -> Token | None:
    """ "The bill's House sponsor, Rep. Kyle X, R-Kingman, rejected …": a common noun whose name follows it after a
    comma (the parse may make the name a conjunct) is that name, not the body in front of the noun."""
    doc = noun.doc
    if noun.pos_ != "NOUN" or noun.i + 1 >= len(doc) or doc[noun.i + 1].text != ",":
        return None
    if any(c.dep_ == "cc" for c in noun.children):
        return None  # "the sponsor, X and Y": a list
    for c in noun.children:
        if c.dep_ in ("conj", "appos") and c.pos_ == "PROPN" and c.i > noun.i and c.left_edge.i == noun.i + 2:
            if c.lower_.rstrip(".") not in PERSON_TITLES:  # "Its president, Sgt. Vince X": the rank is no name
                return c
    return None


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


def tagged_person(place: Mention, tags: dict, mentions: list[Mention]) -> Mention | None:
    """ "The Ohio Republican": the person whose party tag names that state ("Gregory Thorne (R-Ohio)")."""
    tag = tags.get(place.text.lower()[:3])
    if tag is None:
        return None
    before = [m for m in mentions if m.end <= tag.start() + 1 and m.actor.type == "person" and m.label == "PERSON"]
    return before[-1] if before else None


def organisation_of(noun: Token, mentions: list[Mention]) -> Mention | None:
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


def described_as(m: Mention) -> set[str]:
    """The words the article describes an organisation with where it names it: an appositive ("the NAACP, the civil
    rights group,"; "Freedom Alliance, a group that …") or a common noun in front of the name ("the civil rights group
    Freedom Alliance"): the noun and its modifiers."""
    span = m.sent.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span):
        return set()
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        nouns.append(root.head)
    nouns += [
        t
        for t in span.doc[max(span.start - 4, 0) : span.start]
        if t.pos_ == "NOUN" and t.head.i in range(span.start, span.end)
    ]
    words = set()
    for n in nouns:
        words |= {n.lemma_.lower()} | {c.lemma_.lower() for c in n.children if c.dep_ in ("amod", "compound", "nmod")}
        words |= {c.lemma_.lower() for c in n.children if c.dep_ == "compound" for c in c.subtree}
    return words


def _kind_of(m: Mention, word: str) -> bool:
    """Whether an organisation's name makes it a ``word`` ("agency", "union"): the word itself, or a word that names
    that kind of body ("Federal Aviation Administration" is an agency, "United Auto Workers" a union)."""
    name = set(m.actor.name.lower().replace("-", " ").split())
    return word in name or bool(name & ORG_KINDS.get(word, set()))


def _other_kind(m: Mention, word: str) -> bool:
    """An organisation whose name makes it another kind of body than ``word``: "the charity" is not the Court of
    Appeal, "the group" not the Democratic Party."""
    name = set(m.actor.name.lower().replace("-", " ").split())
    if m.actor.kind in ("party", "government_office", "country", "chamber") and word in CIVIL_SOCIETY_NOUNS:
        return True  # "the charity" is not Reform UK, "the group" not the Home Office
    return not _kind_of(m, word) and bool(name & DISTINCT_KINDS)


# Nouns for bodies outside government and parties.
CIVIL_SOCIETY_NOUNS = {
    "charity", "group", "union", "campaign", "organisation", "organization", "coalition", "association", "alliance",
    "company", "firm", "network", "foundation", "trust", "society", "league", "forum", "guild", "pac", "nonprofit",
    "think", "institute", "airline", "carrier", "operator", "developer", "insurer", "bank", "lender",
}  # fmt: skip


def organisation_for(
    noun: Token, mentions: list[Mention], quotes: list[tuple[int, int]], spoke: tuple[Mention, ...] = ()
) -> Mention | None:
    """ "the agency", "the union", "the civil rights group": among the organisations named before it outside
    quotations (in "'… Congress …,' the group said" the group is not Congress), the latest the article described
    with that noun and its modifiers ("the NAACP, a civil rights group,") or whose name makes it one ("… Agency",
    "… Administration"; "the ministry of defence" only one whose name holds "defence"); else, of the others not
    named as another kind of body, the latest that spoke when only one did or it is named in this paragraph or the
    one before (``spoke``: the speakers so far), else the latest named there. Nobody for a noun that a name the
    article does not hold qualifies ("the Ukrainian embassy"), nor for one with a qualifier no body's name or
    description holds ("the staff association" when only the Home Office has spoken)."""
    if any(c.dep_ in ("amod", "compound", "nmod") and (c.ent_type_ or c.pos_ == "PROPN") for c in noun.children):
        return None
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
    qualifiers = {c.lemma_.lower() for c in noun.children if c.dep_ in ("amod", "compound", "nmod")}
    of = {t.lower_ for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree if t.i != c.i}
    of -= {"the", "a", "an", "and", "for", "of"}
    described = [m for m in before if word in (d := described_as(m)) and qualifiers | of <= d]
    if described:
        return described[-1]
    named = [m for m in before if _kind_of(m, word) and of <= set(m.actor.name.lower().split())]
    spoken = {m.actor.id for m in spoke}
    if any(m.actor.id in spoken for m in named):  # "the agency": of two agencies, the one that has spoken
        named = [m for m in named if m.actor.id in spoken]
    if named or of:
        return named[-1] if named else None
    if qualifiers:  # "the staff association": only a body whose name holds the qualifier, never merely the last one
        held = [m for m in before if qualifiers & set(m.actor.name.lower().split())]
        return held[-1] if held else None
    para = text.rfind("\n", 0, text.rfind("\n", 0, noun.idx) - 1)
    near = [m for m in before if m.start > para and not _other_kind(m, word)]
    orgs = [m for m in spoke if m.actor.type in ("organization", "group") and m.start < noun.idx]
    orgs = [m for m in orgs if not _other_kind(m, word)]
    if orgs and (len({m.actor.id for m in orgs}) == 1 or any(m.actor.id == orgs[-1].actor.id for m in near)):
        return orgs[-1]
    return near[-1] if near else None


def reporter_of(verb: Token) -> Token | None:
    """The speech verb whose reported clause holds ``verb`` ("Kessler said West Virginia would seek a stay" → said),
    through at least one clausal complement ("X warned … and voted against it" has none). spaCy often hangs a "that"
    clause on the noun in front of it: "wrote in a column that Ellison had called …" is reported by "wrote" too."""
    head, hops, clausal = verb, 0, False
    while head.head is not head and hops < 6:
        if head.dep_ in ("ccomp", "conj", "xcomp"):
            clausal |= head.dep_ == "ccomp"
            head = head.head
        elif head.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in head.children):
            noun = head.head  # "a column that …", "a letter that …"
            up = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
            if noun.dep_ not in ("pobj", "dobj") or up.pos_ not in ("VERB", "AUX"):
                return None
            clausal, head = True, up
        else:
            return None
        hops += 1
        if clausal and head.lemma_.lower() in SPEECH_CUES:
            return head
    return None
