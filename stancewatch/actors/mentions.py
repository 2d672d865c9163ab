"""Mentions: which names in a parsed document are actors, merged into one actor per person or organisation.

``find_mentions(doc, registry, matcher)`` returns ``Mention`` records sorted by offset; docs/ACTORS.md says
what counts as an actor and how names are merged."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from stancewatch.actors.affiliation_words import ORG_REFERENCE_NOUNS, PARTY_WORDS
from stancewatch.actors.first_names import gender_of_first_name
from stancewatch.actors.lexicon import (
    COPULAS,
    COUNTRIES,
    CUE_NEEDS_OBJECT,
    CUE_OBJECTS,
    ORG_KINDS,
    ORG_NOUNS,
    PARTY_TAG,
    POSITION_CUES,
    ROLE_WORDS,
    SPEECH_CUES,
)
from stancewatch.actors.names import (
    PERSON_TITLES,
    SIGNATURE,
    initials,
    is_dateline,
    is_fragment,
    is_modifier,
    is_place,
    is_platform,
    is_title_word,
    looks_like_person,
    name_parts,
    person_before_entity,
    place_context,
    role_key,
    role_of,
    roles_after,
    same_person,
    surname,
    title_before,
    title_start,
    title_words,
)
from stancewatch.actors.nlp import doc_text
from stancewatch.actors.registry import Actor, ActorRegistry, clean_name

ACTOR_LABELS = {"PERSON", "GPE", "ORG", "NORP"}


PLATFORMS = {
    "twitter",
    "facebook",
    "instagram",
    "tiktok",
    "youtube",
    "truth social",
    "threads",
    "telegram",
    "linkedin",
    "reddit",
    "x",
    "bluesky",
    "substack",
}


PLURAL_DETS = {"every", "an", "a", "many", "some", "most", "few", "all", "other", "fellow", "ordinary", "young"}


NAME_GLUE = {"of", "for", "and", "the", "&", "on", "in"}


@dataclass
class Mention:
    """A name (or, from stancewatch.actors.coref, a pronoun or role noun) in the text that stands for an actor."""

    start: int
    end: int
    text: str
    label: str
    actor: Actor
    source: str
    sent: Span
    role: str = "actor"
    # for persons: every word of the titles the article gives them ("senator", "republican", "maine", "finance",
    # "spokesman"), normalised by ``role_key``; role nouns and "the Maine Republican" are resolved against these
    titles: frozenset[str] = frozenset()

    @property
    def is_actor(self) -> bool:
        return self.role == "actor"


def _joined_entities(doc: Doc) -> list[tuple[Span, str, str]]:
    """spaCy's actor entities, with a name it cut in two joined again: "Christian" (NORP) + "Democrats" (NORP) is
    "Christian Democrats" when the first is a proper-noun compound of the second ("the American Democrats" stays a
    demonym before a party: "American" is an adjective there)."""
    ents = [e for e in doc.ents if e.label_ in ACTOR_LABELS]
    starts = {e.start for e in doc.ents}
    for k, e in enumerate(ents):  # "Moseley" (NORP) + "-Quinn": NER cut a double-barrelled name after its hyphen
        if e.label_ != "PERSON" and e.end + 1 < len(doc) and _hyphen_joined(doc, e.end) and e.end + 1 not in starts:
            ents[k] = Span(doc, e.start, e.end + 2, label=e.label_)
        elif e.label_ == "ORG" and e.end < len(doc) and doc[e.end - 1].text == "Local" and doc[e.end].like_num:
            ents[k] = Span(doc, e.start, e.end + 1, label="ORG")  # "… Union Local" + "9": a union local's number
    out: list[tuple[Span, str, str]] = []
    for e in ents:
        if out:
            prev = out[-1][0]
            both = doc[prev.start : e.end]
            if prev.end == e.start and out[-1][1] == e.label_ == "ORG" and (person := person_before_entity(both)):
                out[-1] = (person, "PERSON", "ner")  # "Willcox Mayor Dolores" + "Figueroa-Stahl"
                continue
            if (
                prev.end == e.start
                and prev.label_ in ("NORP", "ORG")
                and e.label_ in ("NORP", "ORG")
                and doc[prev.end - 1].pos_ == "PROPN"
                and doc[prev.end - 1].dep_ == "compound"
                and doc[prev.end - 1].head.i in range(e.start, e.end)
                and len(e) == 1  # "Democrats", not "Sophie Adair" after "Labour MP"
                and not any(is_title_word(t) for t in prev)
                and not prev.text.isupper()  # "MAGA Republicans" stay Republicans
            ):
                out[-1] = (doc[prev.start : e.end], "ORG", "ner")
                continue
            glue_inside = prev.end == e.start and len(prev) > 1 and doc[prev.end - 1].lower_ in ("and", "&")
            last = prev.end - 2 if glue_inside else prev.end - 1
            if (
                (prev.end + 1 == e.start and doc[prev.end].lower_ in ("and", "&") or glue_inside)
                and out[-1][1] in ("ORG", "PERSON", "GPE", "NORP")
                and e.label_ in ("ORG", "PERSON", "GPE")
                and (e.label_ == "ORG" or out[-1][1] == "ORG" or len(prev) > 1)
                and (
                    doc[e.end - 1].is_title
                    and doc[e.end - 1].lower_ in BODY_NAME_ENDS | {"group", "company", "board"}
                    or doc[e.end - 1].like_num
                    and doc[e.end - 2].text == "Local"
                )
                and doc[last].lower_ not in ORG_REFERENCE_NOUNS
                and doc[last].is_title
                and doc[e.start].is_title
            ):  # "the Great Lakes Food" + "and" + "Dairy Workers Union", "The Ukrainian Hauliers and" + "Forwarders
                # Union", "NHS Humber" (a person to NER) + "and" + "North Yorkshire Integrated Care Board": one body
                out[-1] = (doc[prev.start : e.end], "ORG", "ner")
                continue
            if (
                prev.end == e.start
                and out[-1][1] == "ORG"
                and doc[prev.end - 1].text in ("'", "’")
                and prev.end >= 2
                and doc[prev.end - 2].text.endswith("s")
                and doc[e.end - 1].lower_ in BODY_NAME_ENDS
            ):  # "The Riverside Police Officers'" (ORG) + "Guild" (PERSON): one guild, cut after its possessive
                out[-1] = (doc[prev.start : e.end], "ORG", "ner")
                continue
        out.append((e, e.label_, "ner"))
    return out


def _candidate_spans(doc: Doc, registry: ActorRegistry, matcher) -> list[tuple[Span, str, str]]:
    """NER entities plus registry matches, overlaps resolved in favour of the longer span."""
    cands: list[tuple[Span, str, str]] = _joined_entities(doc)
    for _mid, s, e in matcher(doc) if matcher is not None else []:
        span = doc[s:e]
        found = registry.lookup(span.text)
        if found:
            label = {"person": "PERSON", "country": "GPE"}.get(found.type, "ORG")
            cands.append((span, label, "registry"))
    cands += _signature_names(doc)
    cands += _unnamed_subjects(doc, cands)
    cands += _untagged_bodies(doc, cands)
    cands += _names_of_described_bodies(doc, cands)
    cands += _possessed_ministries(doc, cands)
    cands = [_tidy(span, label, source) for span, label, source in cands]
    cands = _full_names_elsewhere(doc, [c for c in cands if c is not None])
    tags = [(m.start(), m.end()) for m in PARTY_TAG.finditer(doc_text(doc))]
    cands = [c for c in cands if c is not None and not any(a <= c[0].start_char < b for a, b in tags)]
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


def _full_names_elsewhere(doc: Doc, cands: list) -> list[tuple[Span, str, str]]:
    """A person NER knows only by a one-word name ("Nwachukwu-Price, the MP for …, said", perhaps tagged as an
    organisation) whose full name it missed where the article introduced them ("organised by the Labour MPs Dervla
    Nwachukwu-Price and …"): the candidates with that full name added, found by the test for given names of a name
    NER cut (``_given_names_before``), and the one-word name made a person's."""

    def one_word(span: Span, label: str) -> bool:
        if " " in span.text or len(span.text) <= 2:
            return False
        return label == "PERSON" or (label == "ORG" and re.fullmatch(r"[A-Z][a-z]+-[A-Z][a-z]+", span.text) is not None)

    singles = {span.text for span, label, _ in cands if one_word(span, label)}
    full = [span for span, label, _ in cands if label == "PERSON" and " " in span.text]
    covered = {i for span in full for i in range(span.start, span.end)}
    found, text = [], doc_text(doc)
    for name in sorted(singles):
        for hit in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            span = doc.char_span(hit.start(), hit.end())
            if span is None or span.start in covered:
                continue
            start = _given_names_before(doc, span.start, span.end)
            if start < span.start:
                found.append((doc[start : span.end], "PERSON", "ner"))
    named = {span[-1].i for span, _, _ in found}
    surnames = {doc[i].text for i in named}
    relabelled = [
        (span, "PERSON" if label == "ORG" and one_word(span, label) and span[-1].text in surnames else label, source)
        for span, label, source in cands
    ]
    return relabelled + found


def _possessed_ministries(doc: Doc, cands: list) -> list[tuple[Span, str, str]]:
    """ "Russia's foreign ministry", "Ukraine's economy ministry": a ministry named by its country's possessive and its
    portfolio in lower case is a body of its own (``affiliations.normalise_bodies`` names it "Ministry of Foreign
    Affairs of Russia", tests/gold/CONVENTIONS.md), not the country."""
    taken = {t.i for span, _l, _s in cands for t in span}
    out = []
    for tok in doc:
        if tok.lower_ != "ministry" or tok.pos_ not in ("NOUN", "PROPN") or tok.i in taken:
            continue
        owner = [c for c in tok.children if c.dep_ == "poss" and c.ent_type_ == "GPE"]
        portfolio = [c for c in tok.children if c.dep_ in ("amod", "compound") and c.i < tok.i and c.is_lower]
        if owner and portfolio and all(c.i > owner[0].i for c in portfolio):
            out.append((doc[min(c.i for c in portfolio) : tok.i + 1], "ORG", "name"))
    return out


def _signature_names(doc: Doc) -> list[tuple[Span, str, str]]:
    """The poster an embed's signature names ("— Darren Kettleby MP (@DKettlebyMP) March 10, 2026"), which NER rarely
    tags inside the quotation: a person when it reads as one, else an organisation."""
    out = []
    for sig in SIGNATURE.finditer(doc_text(doc)):
        span = doc.char_span(sig.start("name"), sig.end("name"), alignment_mode="contract")
        while span is not None and len(span) > 1 and span[0].lower_.rstrip(".") in PERSON_TITLES | {"."}:
            span = span[1:]  # "Rep. Tom Hale"
        while span is not None and len(span) > 2 and span[-1].text in ("MP", "MSP", "MEP", "MS", "MLA"):
            span = span[:-1]  # "Darren Kettleby MP"
        if span is not None and len(span) and all(_name_word(t) or t.text in ("-", ".") for t in span):
            out.append((span, "PERSON" if looks_like_person(span) else "ORG", "signature"))
    return out


def _unnamed_subjects(doc: Doc, cands: list) -> list[tuple[Span, str, str]]:
    """Capitalised subjects of speech and position verbs that NER did not tag ("Thames Water said",
    "Surfers Against Sewage described …"): organisation names."""
    taken = {t.i for span, _l, _s in cands for t in span}
    out = []
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.i in taken or not _cue_subject(tok):
            continue
        if is_title_word(tok):  # "The Home Secretary, X, said"
            continue
        subtree = {t.i for t in tok.subtree}
        inner = {t.i for span, _l, _s in cands if span.start > tok.i for t in span}  # "Alternative for Germany"
        left = right = tok.i
        while left - 1 >= tok.sent.start and left - 1 not in taken:
            if _name_word(doc[left - 1]) and doc[left - 1].pos_ == "PROPN":
                left -= 1
            elif _hyphen_joined(doc, left - 1) and left - 2 not in taken:  # "Elena Vasquez-Moore"
                left -= 2
            elif (  # "The Prison Officers' Federation warned": a plural possessive inside the name
                doc[left - 1].text in ("'", "’")
                and left - 2 >= tok.sent.start
                and left - 2 not in taken
                and doc[left - 2].text.endswith("s")
                and _name_word(doc[left - 2])
                and doc[left - 2].pos_ == "PROPN"
            ):
                left -= 2
            else:
                break
        while (
            right + 1 < tok.sent.end
            and right + 1 in subtree
            and (_name_word(doc[right + 1]) or doc[right + 1].lower_ in NAME_GLUE)
            and not doc[right + 1].is_punct
            and not (
                doc[right + 1].lower_ in ("and", "&") and right + 2 < len(doc) and doc[right + 2].ent_type_ == "PERSON"
            )
        ):  # "Olivares-Brandt and Simon Keefe" are two people, "Alternative for Germany" one party
            right += 1
        while right > tok.i and doc[right].lower_ in NAME_GLUE:
            right -= 1
        words = doc[left : right + 1]
        if (
            1 <= len(words) <= 6
            and _name_word(words[0])
            and all(_name_word(t) or t.lower_ in NAME_GLUE or t.text in ("-", "'", "’") for t in words)
            and not any(t.i in taken - inner for t in words)
            and not any(span.start < words.start < span.end or span.start < words.end < span.end for span, *_ in cands)
            and not (len(words) == 1 and words[0].lower_ in PLATFORMS)
        ):
            person = person_before_entity(words)  # "House Majority Whip Curtis X said"
            if person is not None:
                out.append((person, "PERSON", "subject"))
            else:
                out.append((words, "PERSON" if looks_like_person(words) else "ORG", "subject"))
    return out


# The last word of an organisation's name, where NER missed the name ("The Police Officers' Staff Association").
BODY_NAME_ENDS = ORG_REFERENCE_NOUNS - {"party", "group", "office", "department", "ministry", "body", "company", "firm"}


def _untagged_bodies(doc: Doc, cands: list) -> list[tuple[Span, str, str]]:
    """Organisation names NER did not tag: two to eight capitalised words (with "of", "for", "and", "the" and a
    plural possessive inside) ending in a body's noun ("Association", "Union", "Trust", "Coalition"), outside the
    names already found and outside title-case lines (a headline's "Union Backs Pay Deal" is no name)."""
    taken = {t.i for span, _l, _s in cands for t in span}
    out = []
    for tok in doc:
        if tok.lower_ not in BODY_NAME_ENDS or not tok.is_title or tok.i in taken or tok.i == tok.sent.start:
            continue
        words = [w for w in tok.sent if not w.is_punct and not w.is_space]
        if sum(w.is_title for w in words) > 0.6 * len(words):
            continue
        left = tok.i
        while left - 1 >= tok.sent.start and left - 1 not in taken:
            prev = doc[left - 1]
            plural_possessive = (
                prev.text in ("'", "’") and left - 2 >= tok.sent.start and doc[left - 2].text.endswith("s")
            )
            if _name_word(prev) or plural_possessive:
                left -= 1
            elif prev.lower_ in NAME_GLUE - {"the"} and left - 2 >= tok.sent.start and _name_word(doc[left - 2]):
                left -= 1
            else:
                break
        while left < tok.i and (not _name_word(doc[left]) or doc[left].pos_ == "DET"):  # "The …", "A Commission …"
            left += 1
        span = doc[left : tok.i + 1]
        if 2 <= len(span) <= 8 and not is_title_word(span[0]):
            out.append((span, "ORG", "name"))
    return out


# Appositions that say a name is a person's: "Rhian Tudor-Okafor, a mother of three, …"
DESCRIBED_PERSON_NOUNS = ROLE_WORDS | {
    "mother", "father", "parent", "grandmother", "grandfather", "resident", "owner", "teacher", "nurse", "doctor",
    "worker", "student", "veteran", "farmer", "pastor", "activist", "organiser", "organizer", "campaigner", "volunteer",
    "shopkeeper", "landlord", "tenant", "driver", "lawyer", "businessman", "businesswoman", "retiree", "widow",
}  # fmt: skip


def _described_as_person(span: Span) -> bool:
    """ "Ramona Quinones-Bell, a Republican who …" (NER: an organisation): two or more capitalised words and an
    apposition that says a person ("a Republican", "a mother of three"), before any body's noun."""
    doc = span.doc
    if len(span) < 2 or not all(t.is_title or t.text == "-" for t in span) or span.end + 2 >= len(doc):
        return False
    if doc[span.end].text != "," or doc[span.end + 1].lower_ not in ("a", "an"):
        return False
    for t in doc[span.end + 2 : min(span.end + 6, len(doc))]:
        lemma = t.lemma_.lower()
        if lemma in ORG_REFERENCE_NOUNS or t.is_punct:
            return False
        if lemma in DESCRIBED_PERSON_NOUNS and not (t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "POS"):
            return True  # not "a parents' group"
    return False


def _names_of_described_bodies(doc: Doc, cands: list) -> list[tuple[Span, str, str]]:
    """A capitalised name NER did not tag, set before a comma and an apposition that says what it is: a body ("Feeding
    Forward, a parents' group founded in 2022, posted …", "Access Before Profit, a coalition of charities, wrote …")
    or a person ("Rhian Tudor-Okafor, a mother of three from Caerphilly, started …")."""
    taken = {t.i for span, _l, _s in cands for t in span}
    out = []
    for comma in doc:
        if comma.text != "," or comma.i < 1 or comma.i + 2 >= len(doc):
            continue
        det = doc[comma.i + 1]
        if det.lower_ not in ("a", "an"):
            continue
        head = next(
            (
                t
                for t in doc[comma.i + 2 : min(comma.i + 7, comma.sent.end)]
                if (t.pos_ == "NOUN" or t.lemma_.lower() in ROLE_WORDS)  # "a Republican who …"
                and not (t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "POS")  # "a parents' group"
            ),
            None,
        )
        while head is not None and head.i + 1 < len(doc) and doc[head.i + 1].pos_ == "NOUN" and head.dep_ == "compound":
            head = doc[head.i + 1]  # "a health charity coalition"
        if head is None or head.tag_ == "NNS":
            continue
        kind = head.lemma_.lower()
        label = "ORG" if kind in ORG_REFERENCE_NOUNS else "PERSON" if kind in DESCRIBED_PERSON_NOUNS else None
        if label is None:
            continue
        left = comma.i
        while left - 1 >= comma.sent.start and left - 1 not in taken:
            prev = doc[left - 1]
            if _hyphen_joined(doc, left - 1):
                left -= 1
            elif prev.is_title or (
                label == "ORG" and prev.lower_ in NAME_GLUE - {"the"} and left - 2 >= comma.sent.start
            ):
                left -= 1
            else:
                break
        while left < comma.i and not doc[left].is_title:
            left += 1
        at_start = left == comma.sent.start or doc[left - 1].is_punct or doc[left - 1].lower_ in ("said", "says")
        while label == "PERSON" and left < comma.i - 1 and is_title_word(doc[left]):
            left += 1  # "Cllr Gareth X, a member of …": the title before the name
        span = doc[left : comma.i]
        if (
            at_start
            and 2 <= len(span) <= 6
            and not any(t.i in taken for t in span)
            and not is_title_word(span[0])
            and span[-1].is_title
            and (label == "ORG" or all(t.pos_ == "PROPN" or t.text == "-" for t in span))
        ):
            out.append((span, label, "name"))
    return out


def is_cue(verb: Token) -> bool:
    """A speech or position verb used as one: "called for" (not "calling the plan a disaster"), "ruled out" or a
    court that "ruled that …", "led the opposition" (not "leads Biden in the polls"), "plans to …"; the verbs of
    CUE_OBJECTS and CUE_NEEDS_OBJECT never in the passive ("the opposition, led by …")."""
    lemma = verb.lemma_.lower()
    if lemma not in SPEECH_CUES | POSITION_CUES:
        return False
    if lemma == "ask" and verb.dep_ in ("advcl", "acl") and verb.head.i > verb.i and verb.head.lemma_ in SPEECH_CUES:
        return False  # "X, asked about the complaint, said …": X was asked; "said" is the cue
    if lemma == "call":  # "called for", "called on" — or "calling the plan 'a disaster'"
        doc = verb.doc

        def asks(c: Token) -> bool:  # "called for …", "called on X to …"; not "called … on Monday"
            return c.lower_ in ("for", "on") and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)

        if any(c.dep_ in ("prt", "oprd") or (c.dep_ == "prep" and asks(c)) or c.lower_ == "for" for c in verb.children):
            return True
        if verb.i + 1 < len(doc) and asks(doc[verb.i + 1]):
            return True  # "called for the dispute to go to Acas" (parsed as a clause)
        after = doc[verb.i + 1 : min(verb.i + 7, verb.sent.end)]  # "called the bill 'an insult …'"
        return any(c.dep_ == "dobj" for c in verb.children) and any(t.text in ('"', "“", "‘") for t in after)
    if lemma == "rule":  # "ruled out …", or a court that "ruled that …"
        return any(c.lower_ == "out" or c.dep_ == "ccomp" for c in verb.children)
    if lemma in CUE_OBJECTS or lemma in CUE_NEEDS_OBJECT:
        if verb.dep_ == "acl" or any(c.dep_ in ("agent", "auxpass", "nsubjpass") for c in verb.children):
            return False
        if lemma in CUE_NEEDS_OBJECT:
            return any(c.dep_ in ("xcomp", "dobj") for c in verb.children)
        objects = {c.lemma_.lower() for c in verb.children if c.dep_ == "dobj"}
        objects |= {g.lemma_.lower() for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"}
        return bool(objects & CUE_OBJECTS[lemma])
    return True


def _names_a_role(tok: Token) -> bool:
    """The name in apposition to a role noun: "The Parliament's lead negotiator on the file, Finnish MEP Aino Rautio,
    said" (not a party letter "(D)" after a name)."""
    return (
        tok.dep_ == "appos"
        and tok.head.pos_ == "NOUN"
        and tok.head.dep_ == "nsubj"
        and tok.pos_ == "PROPN"
        and len(tok.text) >= 3
    )


def _cue_subject(tok: Token) -> bool:
    """The subject of a speech or position verb: its nsubj, the object of its passive "by" ("was voted down by the
    SPD"), a conjunct of either ("the Christian Democrats and the SPD"), or a name in apposition to a subject role
    noun ("the lead negotiator, Finnish MEP Aino Rautio, said")."""
    hops = 0
    while (tok.dep_ == "conj" or _names_a_role(tok)) and hops < 4:
        tok, hops = tok.head, hops + 1
    if tok.dep_ == "nsubj":
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        verb = tok.head.head
    else:
        return False
    return is_cue(verb)


def _name_word(tok: Token) -> bool:
    """A word of a name: capitalised ("Thames"), an acronym of two letters or more ("SPD", "BEUC"), or a company's
    camel-case name ("DesertLink", "PayPal")."""
    text = tok.text
    camel = text[:1].isupper() and text.isalpha() and not text.isupper() and any(c.isupper() for c in text[1:])
    return tok.is_title or (tok.is_upper and len(text) >= 2 and text.isalpha()) or camel


def _hyphen_joined(doc: Doc, i: int) -> bool:
    """Token ``i`` is a hyphen inside a double-barrelled name ("Vasquez-Moore"): no spaces, capitalised both sides."""
    return (
        doc[i].text == "-"
        and i >= 1
        and i + 1 < len(doc)
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i - 1].is_title
        and doc[i + 1].is_title
    )


def _tidy(span: Span, label: str, source: str) -> tuple[Span, str, str] | None:
    """Name hygiene: "Mitt Romney's Medicare" → "Mitt Romney"; a headline's "Smith Resigns" → "Smith";
    platforms ("Twitter") are never persons; a demonym used as a noun ("every American") is not its country."""
    doc = span.doc
    end = span.end
    for t in span if label == "PERSON" and source != "registry" else ():
        if t.text in ("'s", "’s") and t.i < span.end - 1:
            end = t.i + 1
            break
    while end - 1 > span.start and doc[end - 1].pos_ == "VERB" and label == "PERSON":
        end -= 1
    while end - 1 > span.start + 1 and label == "PERSON" and doc[end - 1].text in ("MP", "MSP", "MEP", "MS", "MLA"):
        end -= 1  # "Lee Garside MP": the title after the name
    if label == "PERSON" and end + 1 < len(doc) and end == span.end and _hyphen_joined(doc, end):
        end += 2  # "Colleen Vasquez" + "-Hart": NER cut a double-barrelled surname
    start = span.start
    if label == "PERSON" and source == "ner" and " " not in doc[start:end].text and start >= 1:
        start = _given_names_before(doc, start, end)
    if end != span.end or start != span.start:
        span = doc[start:end]
    if label in ("ORG", "GPE") and len(span) > 1 and span[0].lower_ in ("a", "an"):
        span = span[1:]  # NER's "a Home Office"
    if label == "PERSON" and source == "ner" and len(span) > 1 and span[-1].lower_.rstrip(".") in COMPANY_ENDS:
        label = "ORG"  # "Lyle Partners", "Vantage Holdings": a firm's name, not a person's
    prev = doc[span.start - 1] if span.start > 0 else None
    if (
        label in ("ORG", "GPE")
        and source == "ner"
        and re.fullmatch(r"[A-Z][a-z]+-[A-Z][a-z]+", span.text)
        and prev is not None
        and prev.pos_ == "PROPN"
        and prev.is_title
        and not prev.ent_type_
    ):  # "Naomi Reyes-Hart" tagged as ORG "Reyes-Hart"
        span, label = doc[span.start - 1 : span.end], "PERSON"
    elif label in ("ORG", "GPE") and source == "ner" and (person := person_before_entity(span)) is not None:
        span, label = person, "PERSON"
    elif label in ("ORG", "NORP") and source == "ner" and (person := _first_name_at_end(span)) is not None:
        span, label = person, "PERSON"
    elif label == "ORG" and source == "ner":
        span = _whole_organisation_name(span)
    if label == "PERSON" and len(span) <= 2 and all(t.lower_.rstrip(".") in PERSON_TITLES or t.is_punct for t in span):
        return None  # NER's "Sgt" before "Vince X": a rank, no person
    if label == "ORG" and span.text.lower() in ("super pac", "super pacs"):
        return None  # "a super PAC": a kind, not one
    if span.text.lower().strip() in PLATFORMS:
        return (span, "ORG", source) if label == "PERSON" else (span, label, source)
    root = span.root
    if label in ("GPE", "NORP") and (
        root.tag_ in ("NNS", "NNPS")
        and span.text.endswith("s")
        and len(span) == 1
        or any(c.dep_ in ("det", "amod") and c.lower_ in PLURAL_DETS for c in root.children)
    ):
        return None
    if label == "ORG" and len(span) == 1 and span.text.isupper():  # "a super PAC", "the super PAC": a kind, not one
        after_kind_word = prev is None or prev.is_punct or prev.lower_ in KIND_DETERMINERS
        if span.text.lower() in GENERIC_ACRONYMS and after_kind_word:
            return None
        if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in root.children):
            return None
    return span, label, source


def _given_names_before(doc: Doc, start: int, end: int) -> int:
    """Where a one-word person name NER found really starts: up to two capitalised words before it that are not
    titles, roles, party words or other entities, when a known first name, a personal title before them, or the
    parse (a proper-noun compound of the name) says they are its given names: "Sens. Ivy" + "Ramsdell",
    "Councilmember Hector" + "Villaseñor-Grant", "Its chair, Doreen" + "Pilkington", "Mauro Tavares" + "Lisboa"."""
    for _ in range(2):
        if start < 1:
            break
        first, title = doc[start - 1], doc[start - 2] if start >= 2 else None
        if title is not None and title.text == "." and start >= 3:  # "Sens" + "." + "Ivy"
            title = doc[start - 3]
        known = gender_of_first_name(first.text) is not None
        if not (
            first.is_title
            and first.pos_ == "PROPN"
            and not first.ent_type_
            and not is_title_word(first)
            and first.lower_ not in PARTY_WORDS
            and first.lower_ not in ORG_NOUNS
            and (
                known
                or (title is not None and title.lower_.rstrip(".") in PERSON_TITLES)
                or (first.dep_ == "compound" and first.head.i in range(start, end))
            )
        ):
            break
        start -= 1
        if known:
            break  # a known first name opens the name: "Chief Constable Priya" + "X" is Priya X
    return start


def _first_name_at_end(span: Span) -> Span | None:
    """ "Democrats Renata" + "Olivares-Brandt": an organisation span NER ended with a first name (a known one, or any
    name after a party word) that a capitalised surname follows is that person's name."""
    doc, end = span.doc, span.end
    if len(span) < 2 or end >= len(doc):
        return None
    first_name = gender_of_first_name(span[-1].text) is not None
    if not (first_name or (len(span) == 2 and span[0].lower_ in PARTY_WORDS and span[1].pos_ == "PROPN")):
        return None  # "Democrats Renata": a party word before the name
    if not (doc[end].is_title and doc[end].pos_ == "PROPN") or doc[end].lower_ in ORG_NOUNS:
        return None
    end += 1
    if end + 1 < len(doc) and _hyphen_joined(doc, end):
        end += 2
    return doc[span.end - 1 : end]


def _whole_organisation_name(span: Span) -> Span:
    """An organisation's name with the capitalised words NER left off its front: "Countryside" + "Guardians" at a
    sentence's start, "the Municipal and" + "Civic Workers Union", "the Prison Officers'" + "Welfare Association"."""
    doc, start = span.doc, span.start

    def name_word(t: Token) -> bool:
        return (
            t.is_title
            and t.pos_ in ("PROPN", "NOUN", "ADJ")
            and not t.ent_type_
            and not is_title_word(t)
            and t.lower_ not in ORG_NOUNS
        )

    while start - 1 >= span.sent.start:
        prev = doc[start - 1]
        place = prev.ent_type_ == "GPE" and prev.is_title and doc[start].lower_ in ("city", "county", "town", "borough")
        if name_word(prev) or place or (prev.ent_type_ == "GPE" and prev.text in ("UK", "US", "EU")):
            start -= 1  # "Philadelphia" + "City Council", "UK" + "Airports Council"
        elif prev.lower_ in ("and", "&") and start - 2 >= span.sent.start and name_word(doc[start - 2]):
            start -= 2
        elif prev.text in ("'", "’") and start - 2 >= span.sent.start and doc[start - 2].text.endswith("s"):
            if not name_word(doc[start - 2]):  # "The Prison Officers' Welfare Association"
                break
            start -= 2
        else:
            break
    return doc[start : span.end] if start != span.start else span


# The words that end a company's name ("Inc", "Holdings", "Partners"): a person's name never does.
COMPANY_ENDS = {w.rstrip(".") for w in ORG_KINDS["company"] | ORG_KINDS["firm"]} - {"co"}

# Acronyms that name a kind of body, not one: "the super PAC said" is the PAC the article named.
GENERIC_ACRONYMS = {"pac", "ngo"}
KIND_DETERMINERS = {"a", "an", "the", "super", "his", "her", "its", "their"}


# Places and chambers whose possessive makes a role noun definite: "the county's sheriff"
# and "the state's attorney general" (an organisation's — "the union's president" — stays a description of its member).
PLACE_POSSESSORS = {
    "county", "state", "city", "country", "nation", "chamber", "district", "province", "region", "borough", "town",
    "territory", "kingdom", "republic", "island", "capital",
}  # fmt: skip


def _definite(c: Token) -> bool:
    """A child that makes a role noun name one holder: "the", a place's possessive ("Lincolnshire's commissioner",
    "the county's sheriff", "the state's attorney general")."""
    if c.dep_ == "det":
        return c.lower_ == "the"
    if c.dep_ != "poss":
        return False
    if c.ent_type_ == "GPE":
        return True
    the = any(d.dep_ == "det" and d.lower_ == "the" for d in c.children)
    return c.pos_ == "NOUN" and c.lower_ in PLACE_POSSESSORS and the


def _lede_roles(doc: Doc, spans: list, roles: dict[str, set[str]], titles: dict[str, set[str]], registry) -> None:
    """A lede that names its speaker only by a role ("…, the housing secretary told MPs on Tuesday", "Lincolnshire's
    police and crime commissioner has announced …") and a next paragraph that opens with a person named without any
    title ("Bronwen Tregaskis said the cap would …"): the role is that person's, for the lede and for a later "the
    housing secretary said". Only a role no one else in the article holds."""
    text = doc_text(doc)
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()][:4]
    for k, (a, b) in enumerate(paras[:-1]):
        for tok in doc.char_span(a, b, alignment_mode="expand") or ():
            lemma = tok.lemma_.lower()
            if tok.pos_ != "NOUN" or tok.tag_ == "NNS" or role_key(lemma) not in ROLE_WORDS or roles.get(lemma):
                continue
            if not (tok.dep_ == "nsubj" and is_cue(tok.head)):
                continue
            if not any(_definite(c) for c in tok.children):
                continue
            na, nb = paras[k + 1]
            person = next(
                (
                    sp
                    for sp, lab, _src in spans
                    if lab == "PERSON" and na <= sp.start_char < nb and len(clean_name(sp.text).split()) >= 2
                ),
                None,
            )
            if person is None:
                continue
            actor_id = registry.resolve(person.text, "PERSON").id
            if any(role_key(w) in ROLE_WORDS for w in titles.get(actor_id, ())):
                continue  # "Shadow Housing Secretary X": the next paragraph's person has a role of their own
            roles[lemma] = {actor_id}
            # "Scotland's health secretary": the role and its country join the holder's title words
            titles.setdefault(actor_id, set()).update({role_key(lemma)} | country_possessors(tok))


def country_possessors(noun: Token) -> set[str]:
    """The places a noun's possessives name, lower-cased: "Ghana's ambassador" → {"ghana"}."""
    return {c.lower_ for c in noun.children if c.dep_ == "poss" and c.ent_type_ == "GPE"}


def _holders(tok: Token, roles: dict[str, set[str]], titles: dict[str, set[str]]) -> set[str]:
    """The people the article gave the role a noun names; with a country's possessive ("Ghana's ambassador") not those
    whose titles name another country ("X, the U.S. deputy ambassador")."""
    ids = set(roles.get(tok.lemma_.lower()) or ())
    owners = country_possessors(tok)
    if ids and owners & COUNTRIES:  # a holder whose titles name another country is not this one
        ids = {i for i in ids if owners <= titles.get(i, set()) or not titles.get(i, set()) & COUNTRIES}
    return ids


def _qualified_holders(noun: Token, ids: set[str], titles: dict[str, set[str]]) -> set[str]:
    """Of the people who hold a role, those a role noun's qualifiers single out: "the justice secretary" when the
    article names a justice and a home secretary, "the Dutch prime minister" among several prime ministers. A
    qualifier is a word in front of the noun (compound or adjective); the holder's title words must hold them all. One
    holder, or a noun with no qualifier, is left as it is."""
    if len(ids) < 2:
        return ids
    qualifiers = {
        role_key(c.lemma_)
        for c in noun.children
        if c.dep_ in ("compound", "amod") and c.i < noun.i and c.pos_ in ("NOUN", "PROPN", "ADJ")
    }
    if not qualifiers:
        return ids
    return {i for i in ids if qualifiers <= titles.get(i, set())}


def _merge_acronyms(mentions: list[Mention]) -> None:
    """ "DHS" in an article that names the Department of Homeland Security is that department: an unregistered
    all-capitals name is the organisation in the same article whose initials it spells (unless several do)."""
    full: dict[str, set[str]] = {}
    actors: dict[str, Actor] = {}
    for m in mentions:
        if m.actor.type in ("organization", "group") and len(m.actor.name.split()) >= 2:
            full.setdefault(initials(m.actor.name), set()).add(m.actor.id)
            actors[m.actor.id] = m.actor
    for m in mentions:
        word = m.actor.name
        if (
            not m.actor.registered
            and word.isupper()
            and word.isalpha()
            and 2 <= len(word) <= 6
            and len(full.get(word, ())) == 1
        ):
            m.actor = actors[next(iter(full[word]))]


CHAMBER_WORDS = {"house", "senate", "congress", "parliament", "assembly", "legislature", "commons", "lords", "senedd"}


def _merge_short_names(mentions: list[Mention]) -> None:
    """ "Skyline Pacific" and "the Guardians" in an article that names "Skyline Pacific Airways" and "Countryside
    Guardians" are those organisations: an unregistered organisation name that begins or ends another one the
    article names (in whole words) is that one, where only one such longer name is there. One generic word ("the
    Union", "Council") is left alone."""
    orgs = {m.actor.id: m.actor for m in mentions if m.actor.type in ("organization", "group")}
    for m in mentions:
        short = m.actor.name
        if m.actor.registered or m.actor.type not in ("organization", "group"):
            continue
        if len(short.split()) == 1 and (short.lower() in ORG_NOUNS | CHAMBER_WORDS or short.isupper()):
            continue  # "the House" is no short form of the House Freedom Caucus
        low = short.lower()
        longer = [
            a
            for a in orgs.values()
            if len(a.name) > len(short) and (a.name.lower().startswith(low + " ") or a.name.lower().endswith(" " + low))
        ]
        if len({a.id for a in longer}) == 1:
            m.actor = longer[0]


def find_mentions(doc: Doc, registry: ActorRegistry, matcher=None) -> list[Mention]:
    spans = _candidate_spans(doc, registry, matcher)
    mentions: list[Mention] = []
    surnames: dict[str, Actor] = {}
    roles: dict[str, set[str]] = {}
    in_titles: set[int] = set()
    titles: dict[str, set[str]] = {}  # actor id → the words of their titles (see Mention.titles)
    by_id: dict[str, Actor] = {}  # every person named in full, even one whose surname another person holds
    single_names = {
        clean_name(sp.text).lower() for sp, lab, _ in spans if lab == "PERSON" and len(clean_name(sp.text).split()) == 1
    }
    full_surnames = {  # "Wunderlich-Asante's campaign" (NER: an organisation) after "Mayor Celia Wunderlich-Asante"
        clean_name(sp.text).split()[-1].lower()
        for sp, lab, _ in spans
        if lab == "PERSON" and len(clean_name(sp.text).split()) >= 2
    }
    spans = [
        (
            sp,
            "PERSON"
            if lab in ("ORG", "GPE", "NORP")
            and registry.lookup(sp.text) is None
            and (
                len(clean_name(sp.text).split()) >= 2
                and clean_name(sp.text).split()[-1].lower() in single_names
                or looks_like_person(sp)
                or (lab != "GPE" or "-" in sp.text)
                and clean_name(sp.text).lower() in full_surnames
                or lab == "ORG"
                and _described_as_person(sp)
            )
            else lab,
            src,
        )
        for sp, lab, src in spans
    ]
    singles = {clean_name(sp.text) for sp, _lab, _src in spans if len(clean_name(sp.text).split()) == 1}
    spans = [  # "Brightmeadow Nutrition" (NER: a person) that the article calls "Brightmeadow": people go by surname
        (sp, "ORG", src)
        if lab == "PERSON"
        and len(clean_name(sp.text).split()) >= 2
        and clean_name(sp.text).split()[0] in singles
        and clean_name(sp.text).split()[-1] not in singles
        and gender_of_first_name(clean_name(sp.text).split()[0]) is None
        and registry.lookup(sp.text) is None
        and not any(t.lower_.rstrip(".") in PERSON_TITLES for t in sp.doc[max(0, sp.start - 2) : sp.start])
        else (sp, lab, src)
        for sp, lab, src in spans
    ]
    org_names = {clean_name(sp.text) for sp, lab, _ in spans if lab == "ORG"}
    person_words = {w.lower() for sp, lab, _ in spans if lab == "PERSON" for w in clean_name(sp.text).split()[1:]}
    spans = [  # "Brightmeadow, which makes …, said" in an article about "Brightmeadow Nutrition": the company
        (sp, "ORG", src)
        if lab in ("GPE", "PERSON")
        and len(clean_name(sp.text).split()) == 1
        and clean_name(sp.text).lower() not in person_words
        and registry.lookup(sp.text) is None
        and _acts(sp)
        and any(o.startswith(clean_name(sp.text) + " ") for o in org_names)
        else (sp, lab, src)
        for sp, lab, src in spans
    ]
    # first pass: full names define surnames and titles
    for span, label, source in spans:
        if label == "PERSON":
            in_titles |= set(range(title_start(span), span.start))
        if label == "PERSON" and len(clean_name(span.text).split()) >= 2:
            actor = registry.resolve(span.text, label)
            affiliation, role_words, _ = title_before(span, spans, registry)
            if affiliation and affiliation != actor.id:  # the article's own title wins over the registry's
                actor = Actor(actor.id, actor.name, actor.type, affiliation, actor.registered, actor.kind)
            surnames.setdefault(surname(span.text), actor)
            by_id.setdefault(actor.id, actor)
            words = title_words(span, title_start(span))
            titles.setdefault(actor.id, set()).update(words)
            for r in role_words | roles_after(span) if "shadow" not in words else ():  # no shadow is the minister
                roles.setdefault(r, set()).add(actor.id)
    first_names: dict[str, set[str]] = {}  # first name → the full-named people who have it
    for a in by_id.values():
        parts = name_parts(a.name)
        if a.type == "person" and len(parts) >= 2:
            first_names.setdefault(parts[0].lower(), set()).add(a.id)
    for span, label, source in spans:
        if label != "PERSON" and (is_modifier(span) or span.end - 1 in in_titles or is_platform(span)):
            continue
        name = clean_name(span.text)
        if len(name.split()) == 1 and name.lower() in surnames and (label == "PERSON" or registry.lookup(name) is None):
            actor, how = surnames[name.lower()], "surname"
        elif (
            label == "PERSON"
            and len(name.split()) == 1
            and len(first_names.get(name.lower(), ())) == 1
            and registry.lookup(name) is None
        ):  # "Colin" in an article about "Colin Kaepernick"
            actor, how = by_id[next(iter(first_names[name.lower()]))], "first_name"
        else:
            actor, how = registry.resolve(span.text, label), source
            known = surnames.get(surname(name)) if label == "PERSON" else None
            if known is not None and same_person(name, known.name):  # "Mr Olaf Scholz" → "Olaf Scholz"
                actor = known
        if is_dateline(span) or (label == "GPE" and is_place(span)):
            continue
        if not actor.registered and is_fragment(name, PLATFORMS):  # "Xthe": a platform run into the next word
            continue
        mentions.append(
            Mention(span.start_char, span.end_char, span.text, label, actor, how, span.sent, role_of(span, label))
        )
    # surnames spaCy did not tag as entities ("Turmes added …")
    covered = {i for m in mentions for i in range(m.start, m.end)}
    taken = {t.i for span, _l, _s in spans for t in span}
    for tok in doc:
        words = (
            doc[tok.i : tok.i + 3]
            if tok.i + 2 < len(doc) and _hyphen_joined(doc, tok.i + 1)
            else doc[tok.i : tok.i + 1]
        )
        actor = surnames.get(words.text.lower())  # "Turmes", or a double-barrelled "Wunderlich-Asante"
        if (
            actor
            and (tok.pos_ == "PROPN" or tok.pos_ in ("ADJ", "NOUN") and tok.dep_ in ("nsubj", "nsubjpass"))
            and tok.is_title
            and not any(t.i in taken for t in words)
            and not any(t.idx in covered for t in words)
        ):
            mentions.append(
                Mention(
                    tok.idx,
                    words.end_char,
                    words.text,
                    "PERSON",
                    actor,
                    "surname",
                    tok.sent,
                    role_of(words, "PERSON"),
                )
            )
            covered |= set(range(tok.idx, words.end_char))
    _lede_roles(doc, spans, roles, titles, registry)
    # role descriptions that the article tied to exactly one person: "the chancellor", "Lincolnshire's commissioner"
    for tok in doc:
        ids = _qualified_holders(tok, _holders(tok, roles, titles), titles)
        if ids and len(ids) == 1 and tok.idx not in covered and tok.pos_ == "NOUN" and tok.tag_ != "NNS":
            det = [c for c in tok.children if _definite(c) and c.i < tok.i]
            if det:
                start = det[0].idx
                actor = by_id.get(next(iter(ids)))
                if actor is None:  # never resolve a role noun to an actor this document does not hold
                    continue
                mentions.append(
                    Mention(
                        start,
                        tok.idx + len(tok),
                        doc_text(doc)[start : tok.idx + len(tok)],
                        "PERSON",
                        actor,
                        "title",
                        tok.sent,
                    )
                )
    _merge_acronyms(mentions)
    _merge_short_names(mentions)
    # an expert stays an expert: "Feld said" after "said Gordon Feld, who teaches law at …"
    experts = {m.actor.id for m in mentions if m.role == "analyst" and m.label == "PERSON"}
    for m in mentions:
        if m.actor.id in experts and m.role == "actor":
            m.role = "analyst"
        m.titles = frozenset(titles.get(m.actor.id, ()))
    return sorted(mentions, key=lambda m: m.start)


def _acts(span: Span) -> bool:
    """The name is the subject of a verb other than a copula ("Avdiivka had been a fortress town" is not acting), of
    a conjunct of one, or the agent of a passive."""
    tok, hops = span.root, 0
    while tok.dep_ == "conj" and hops < 4:
        tok, hops = tok.head, hops + 1
    if tok.dep_ == "nsubj":
        return tok.head.lemma_.lower() not in COPULAS
    return tok.dep_ == "pobj" and tok.head.dep_ == "agent"


COLLECTIVES = {"bloc", "country", "state", "member", "nation", "government"}


def _not_a_place(span: Span) -> bool:
    """A name that a place-like label does not fit: a bloc of countries ("Mercosur countries", "the Mercosur bloc"),
    or a person's name in apposition to another ("A spokesman for Gov. Henry Lassalle, Dustin Mayhew, said")."""
    root = span.root
    if root.dep_ == "compound" and root.head.lemma_.lower() in COLLECTIVES | ORG_NOUNS:
        return True
    return root.dep_ == "appos" and (root.head.ent_type_ == "PERSON" or root.head.lemma_.lower() in ROLE_WORDS)


def bystanders(mentions: list[Mention], speakers: set[str]) -> set[str]:
    """Ids of the names in a document that are not actors there, though they look like ones: a platform
    ("Twitter", "a video posted on X") that makes no statement, and a town or region that never speaks or acts
    ("Russian forces captured Avdiivka"; spaCy's small model often calls such towns persons, so a one-word
    "person" counts as a place where the article uses it as one and nothing gives it a first name). Registered
    actors, countries (lexicon.COUNTRIES), names of organisations ("… District Council") and anything with a
    statement stay actors. ``speakers``: the actor ids of the document's statements."""
    named: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.is_actor and m.source != "coref":
            named.setdefault(m.actor.id, []).append(m)
    out = set()
    for actor_id, group in named.items():
        actor = group[0].actor
        if actor.registered or actor_id in speakers:
            continue
        if clean_name(actor.name).lower() in PLATFORMS:
            out.add(actor_id)
            continue
        spans = [m.sent.doc.char_span(m.start, m.end, alignment_mode="expand") for m in group]
        spans = [s for s in spans if s is not None and len(s)]
        words = actor.name.lower().split()
        if (
            " ".join(words) in COUNTRIES
            or ORG_NOUNS & set(words)  # an organisation named after its place ("West Lindsey District Council")
            or any(_acts(s) or _not_a_place(s) for s in spans)
        ):
            continue
        one_word_person = (
            all(m.label == "PERSON" for m in group)
            and len(actor.name.split()) == 1
            and gender_of_first_name(actor.name) is None
        )
        if any(m.label == "GPE" for m in group) or (one_word_person and any(place_context(s) for s in spans)):
            out.add(actor_id)
    return out


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def mention_at(token: Token, mentions: list[Mention]) -> Mention | None:
    for m in mentions:
        if m.start <= token.idx < m.end:
            return m
    return None
