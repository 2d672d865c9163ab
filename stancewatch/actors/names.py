"""Names and the words around them: one person's name parts, person titles, roles and offices read off a title or an
apposition, and what kind of thing a name span is (a person, a place, a dateline, a platform, a byline).

Plain helpers over spaCy spans, used by ``mentions`` (which names are actors) and ``coref`` (who "he" is)."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from stancewatch.actors.first_names import gender_of_first_name
from stancewatch.actors.lexicon import (
    GENDERED,
    ORG_NOUNS,
    PARTIES,
    PARTY_ROLES,
    PARTY_TAG,
    ROLE_SYNONYMS,
    ROLE_WORDS,
    SPEECH_CUES,
    TITLE_ABBREVIATIONS,
)
from stancewatch.actors.nlp import doc_text
from stancewatch.actors.registry import HONORIFICS, ActorRegistry, clean_name

MEDIA_VERBS = {"tell", "say", "write", "post", "tweet", "announce", "speak", "give"}


ANALYST_WORDS = {
    "analyst",
    "economist",
    "professor",
    "researcher",
    "expert",
    "fellow",
    "strategist",
    "academic",
    "scholar",
    "lecturer",
    "pollster",
    "commentator",
    "historian",
    "scientist",
}


LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "around"}


BYLINE = re.compile(
    r"^\s*\(?\s*(?:by|reporting by|writing by|editing by|additional reporting by)\b"
    r"|\b(?:reporting|editing|writing) by\b"
    r"|contributed (?:reporting|to this report)",
    re.I,
)

# "— Rep. Tom Hale (@RepTomHale) January 5, 2024" or "— Callum Ridgeway MP (@CallumRidgewayMP) 24 November 2026" at the
# end of a paragraph: an embedded post's signature
SIGNATURE = re.compile(
    r"(?:^|\s|(?<=[.!?\"”’]))(?:—|–|--?)\s*(?P<name>[^()\n—–]{2,80}?)\s*\(\s*@(?P<handle>\w{1,30})\s*\)"
    # US or UK date order; the quotation may close after it
    r"\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})?\s*[\"”’]?\s*$",
    re.M,
)

# A byline as its own line: "Rhys Penhallow, Energy editor", "Jane Doe, Political Correspondent"
BYLINE_LINE = re.compile(
    r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}, (?:[A-Za-z&]+ ){0,4}"
    r"(?i:editor|correspondent|reporter|writer|columnist|journalist)s?$"
)


ACADEMIC_VERBS = {"teach", "study", "research", "lecture", "specialise", "specialize"}


ACADEMIC_PLACES = {"university", "college", "institute", "school", "polytechnic"}


NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def name_parts(name: str) -> list[str]:
    """A person's name without generational suffixes: "Miguel Perez Jr." → ["Miguel", "Perez"]."""
    parts = clean_name(name).replace(",", " ").split()
    while len(parts) > 1 and parts[-1].lower() in NAME_SUFFIXES:
        parts.pop()
    return parts


def surname(name: str) -> str:
    parts = name_parts(name)
    return parts[-1].lower() if parts else ""


def same_person(a: str, b: str) -> bool:
    """Whether two names can be one person: same surname, and first names that agree where both have one
    ("J. Smith" ~ "John Smith"; "Michael Cohen" is not "Trump Cohen"), or the shorter is the longer's last words
    (a two-word surname: "López Obrador" ~ "Andrés Manuel López Obrador")."""
    pa, pb = name_parts(a), name_parts(b)
    if not pa or not pb or pa[-1].lower() != pb[-1].lower():
        return False
    if len(pa) == 1 or len(pb) == 1:
        return True
    short, long_ = sorted((pa, pb), key=len)
    if len(short) < len(long_) and [p.lower() for p in short] == [p.lower() for p in long_[-len(short) :]]:
        return True  # a two-word surname on its own: "Vilches Arrieta" ~ "Teodoro Vilches Arrieta"
    fa, fb = pa[0].rstrip(".").lower(), pb[0].rstrip(".").lower()
    return fa == fb or (min(len(fa), len(fb)) == 1 and fa[0] == fb[0])


def is_title_word(tok: Token) -> bool:
    """A role or personal title ("Secretary", "MP", "Sen.")."""
    return role_key(tok.lemma_) in ROLE_WORDS or tok.lower_.rstrip(".") in PERSON_TITLES


PERSON_TITLES = {
    *HONORIFICS,
    # police and military ranks written before a name ("Sgt. Vince X", "Det. Insp. Y")
    "sgt",
    "sergeant",
    "cpl",
    "lt",
    "capt",
    "captain",
    "maj",
    "col",
    "colonel",
    "cmdr",
    "det",
    "detective",
    "insp",
    "supt",
    "lord",
    "lady",
    "mp",
    "msp",
    "td",
    "mep",
    "sen",
    "sens",
    "del",  # "Del. Rosalind X": a member of a House of Delegates (Virginia, Maryland, West Virginia)
    "delegate",
    "rep",
    "reps",
    "gov",
    "senator",
    "representative",
    "congressman",
    "congresswoman",
    "governor",
    "president",
    "minister",
    "secretary",
    "mayor",
    "judge",
    "justice",
    "prof",
    "professor",
    "cllr",
    "councillor",
    "councilor",
    "councilman",
    "councilwoman",
    "councilmember",
    "supervisor",  # a county supervisor ("Supervisor Ana X", Wisconsin, California)
    "alderman",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "attorney",
    "general",
    "ambassador",
    "commissioner",
    "speaker",
    "leader",
    "chair",
    "chairman",
    "chairwoman",
    "rev",
    "father",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "sheriff",
    "officer",
    "director",
}


NOT_NAME_WORDS = {"of", "for", "and", "the", "&", "on", "in", "at"}


def looks_like_person(span: Span) -> bool:
    """Whether a capitalised name that NER called an organisation or place is a person: two to four capitalised
    words that open with a known given name ("Sophie Adair") or follow a personal title ("Labour MP Sophie Adair",
    "Sen. Travis Whitaker"). spaCy's small model often mislabels exactly these; a person's pronouns, roles and
    gender depend on it."""
    words = [t for t in span if t.text != "-"]
    if (
        not 2 <= len(words) <= 4
        or not all(t.is_title for t in words)
        or any(t.lower_ in NOT_NAME_WORDS | ORG_NOUNS for t in words)
    ):
        return False
    if gender_of_first_name(words[0].text) is not None:
        return True
    prev = span.doc[span.start - 1] if span.start > 0 else None
    if prev is not None and (prev.lower_.rstrip(".") in PERSON_TITLES or after_role_phrase(span)):
        return True
    return role_after(span)


# Capitalised words of a party that a person's role may carry ("the Conservative MP", "the Liberal Democrat MP").
PARTY_NAME_WORDS = {
    "labour", "conservative", "tory", "liberal", "democrat", "democratic", "republican", "green", "reform", "snp",
    "plaid", "independent", "dup", "sinn", "fein", "alliance", "uk",
}  # fmt: skip


def role_after(span: Span) -> bool:
    """A role in apposition after the name: "X, chief executive of Y, said", "X, a spokeswoman for Y,", "X, the
    Conservative MP for South Suffolk," — an organisation is not described by a person's role."""
    doc = span.doc
    i = span.end
    if i + 1 >= len(doc) or doc[i].text != ",":
        return False
    words = []
    for t in doc[i + 1 : min(i + 5, len(doc))]:
        if t.lower_ in ("of", "for", "at", ",") or t.is_punct:
            break
        words.append(t)
    words = [t for t in words if t.lower_ not in ("a", "an", "the", "its", "their")]
    return (
        bool(words)
        and all(t.is_lower or t.lower_ in PARTY_NAME_WORDS or (t.is_upper and len(t) <= 4) for t in words)
        and (words[-1].lower_ in PERSON_ROLE_NOUNS or words[-1].lemma_.lower() in PERSON_ROLE_NOUNS)
    )


# Nouns for what a person does that close a phrase set before their name: "Its regional organiser, X".
PERSON_ROLE_NOUNS = {
    *ROLE_WORDS,
    *ROLE_SYNONYMS,
    "organiser", "organizer", "executive", "officer", "adviser", "advisor", "aide", "manager", "coordinator",
    "co-chair", "deputy", "campaigner", "convener", "convenor", "strategist", "economist", "analyst", "lawyer",
    "professor", "researcher", "consultant", "pastor", "reverend", "captain",
}  # fmt: skip


def after_role_phrase(span: Span) -> bool:
    """The name stands in apposition after a phrase that ends in a person's role: "Its chair, X", "The council's
    Liberal Democrat leader, X", "Their home affairs spokesperson, X". An organisation is not introduced that way."""
    doc = span.doc
    i = span.start - 1
    while i > span.sent.start and doc[i].lower_.rstrip(".") in PERSON_TITLES | {"the", "capt", "chief"}:
        i -= 1  # "Its president, Capt. X", "The league's director, the Rev. X"
    if i <= span.sent.start or doc[i].text != ",":
        return False
    role = doc[i - 1]
    k = i - 1
    while k > span.sent.start and (doc[k].is_title or doc[k].text in (".", "-")) and k > i - 6:
        k -= 1  # "A spokesman for Gov. Henry X, Y": the role before "for" and the principal's name
    if k < i - 1 and doc[k].lower_ in ("for", "to") and k > span.sent.start:
        role = doc[k - 1]
    return role.is_lower and (role.lower_ in PERSON_ROLE_NOUNS or role.lemma_.lower() in PERSON_ROLE_NOUNS)


def person_before_entity(span: Span) -> Span | None:
    """A person's name that NER cut: a one-word organisation or place after an untagged capitalised word that is a
    name's first part, where the context says a person ("Its chair, Gwen Tasker" tagged as ORG "Tasker"), or a
    person's name at the end of an organisation span that opens with a title ("House Majority Whip Curtis X")."""
    doc = span.doc
    if len(span) == 1 and span.start >= 1:
        prev = doc[span.start - 1]
        whole = doc[span.start - 1 : span.end]
        if (
            prev.is_title
            and prev.pos_ == "PROPN"
            and not prev.ent_type_
            and prev.lower_.rstrip(".") not in PERSON_TITLES | ORG_NOUNS
            and span[0].is_title
            and span[0].lower_ not in ORG_NOUNS
            and (
                after_role_phrase(whole)
                or (whole.start >= 1 and doc[whole.start - 1].lower_.rstrip(".") in PERSON_TITLES)
            )
        ):
            return whole
    for k, tok in enumerate(span[:-2]):
        rest = span[k + 1 :]
        if (
            role_key(tok.lower_.rstrip(".")) in ROLE_WORDS | {"whip"}
            and (tok.is_title or tok.is_upper)  # "Majority Whip", "Green MP"
            and 2 <= len([t for t in rest if t.text != "-"]) <= 3
            and all(t.is_title or t.text == "-" for t in rest)
            and not any(t.lower_ in NOT_NAME_WORDS | ORG_NOUNS | PERSON_ROLE_NOUNS for t in rest)
        ):
            return rest
    return None


def is_modifier(span: Span) -> bool:
    """A demonym or name used as an adjective/compound ("French President", "Kremlin spokesman")."""
    root = span.root
    last = span[-1]
    if root.pos_ == "ADJ" and last.pos_ in ("NOUN", "PROPN") and not (span.start <= last.head.i < span.end):
        root = last  # "a Scottish government spokesperson": both words hang on the noun; the name's head is the last
    if span.label_ == "NORP" and root.dep_ in ("nsubj", "nsubjpass") and root.tag_ in ("NNP", "NNPS"):
        return False  # "Oxfam branded …", "Democrats said …": a subject, not a modifier
    if span.label_ == "NORP" or root.pos_ == "ADJ":
        return True
    head = root.head
    if not (
        root.dep_ in ("compound", "amod")
        and head.i >= span.end
        and head.text.lower() in ROLE_WORDS | {"prime", "foreign", "defence", "defense"}
    ):
        return False
    # "Kremlin spokesman Dmitry Peskov" (a name follows: the name is the actor) — but in "a Pentagon spokesman said"
    # no name follows, and the organisation is the speaker
    nxt = span.doc[head.i + 1] if head.i + 1 < len(span.doc) else None
    return head.dep_ == "compound" or (
        nxt is not None
        and (
            nxt.ent_type_ == "PERSON"
            or nxt.pos_ == "PROPN"
            or head.text.lower() in {"prime", "foreign", "defence", "defense"}
        )
    )


def title_start(span: Span) -> int:
    """The token index where the title in front of a person starts ("Polish Prime Minister Donald Tusk": at
    "Polish"); ``span.start`` when there is none. At most six words, within the sentence."""
    doc = span.doc
    i = span.start - 1
    words: list[Token] = []
    while i >= span.sent.start and len(words) < 6:
        tok = doc[i]
        of_in_title = tok.lower_ == "of" and i - 1 >= span.sent.start and doc[i - 1].is_title  # "Secretary of State X"
        bare_role = i == span.start - 1 and role_key(tok.lower_) in ROLE_WORDS and span.root.head.i == i
        if (
            tok.dep_ in ("compound", "amod", "poss", "case")
            or tok.text in ("'s", "’s", "-")
            or of_in_title
            or (tok.is_title and tok.pos_ in ("PROPN", "NOUN", "ADJ"))
            or bare_role  # "Green councillor Hollie X" parsed with the name in apposition to "councillor"
        ):
            words.append(tok)
            i -= 1
        else:
            break
    return i + 1


def title_before(span: Span, spans: list[tuple[Span, str, str]], registry: ActorRegistry):
    """Affiliation and role words from the title in front of a person: "Polish Prime Minister Donald Tusk"."""
    doc = span.doc
    i = title_start(span) - 1
    words = list(doc[i + 1 : span.start])
    affiliation = None
    for cand, label, _src in spans:
        if cand.start > i and cand.end <= span.start and not (cand.start > 0 and doc[cand.start - 1].lower_ == "of"):
            found = registry.lookup(cand.text)
            affiliation = found.id if found else clean_name(cand.text)
    roles = {TITLE_ABBREVIATIONS.get(w.lower_.rstrip("."), w.lemma_.lower()) for w in words}
    tag = PARTY_TAG.match(doc_text(doc), span.end_char)
    if tag and affiliation is None:
        party = registry.lookup(PARTIES[tag.group(1)])
        affiliation = party.id if party else PARTIES[tag.group(1)]
    return affiliation, roles & ROLE_WORDS, i + 1


def role_key(word: str) -> str:
    """One key per role however the article words it: "Sen." and "senator", "congresswoman" and "representative",
    "spokeswoman" and "spokesperson", "chairwoman" and "chair"."""
    w = word.lower().rstrip(".")
    w = TITLE_ABBREVIATIONS.get(w, w)
    return ROLE_SYNONYMS.get(w, w)


OFFICE_VERBS = {
    "chair": "chair",
    "lead": "leader",
    "head": "head",
    "represent": "representative",
    "direct": "director",
    "govern": "governor",
}


def _past_tag(span: Span) -> int:
    """The token index just after a name and the parenthesised tag that may follow it ("Janet Okonkwo (R-Fla.)",
    at most 8 tokens long): where an appositive describing the person starts. Titles and roles both read from
    there, so they must skip the tag the same way."""
    doc, i = span.doc, span.end
    if i < len(doc) and doc[i].text == "(":
        while i < len(doc) and doc[i].text != ")" and i < span.end + 8:
            i += 1
        i += 1
    return i


def title_words(span: Span, title_start: int) -> set[str]:
    """All words that describe a person where the article introduces them: the title in front ("Arizona Secretary
    of State"), an appositive after ("…, the committee's chairwoman,"), the noun the name stands in apposition
    to ("Its finance spokesman, Craig Donnelly"), and a party/state tag ("(R-Maine)" → republican, maine)."""
    doc = span.doc
    words = {role_key(t.lemma_) for t in doc[title_start : span.start] if not t.is_punct}
    tag = PARTY_TAG.match(doc_text(doc), span.end_char)
    if tag:
        words |= {PARTY_ROLES.get(tag.group(1), ""), tag.group(2).lower().replace(".", "")}
    i = _past_tag(span)
    if i < len(doc) and doc[i].text == ",":
        for tok in doc[i + 1 : min(i + 10, span.sent.end)]:
            if tok.lower_ in ("who", "whom") and tok.i + 1 < len(doc) and doc[tok.i + 1].lemma_ in OFFICE_VERBS:
                words.add(OFFICE_VERBS[doc[tok.i + 1].lemma_])  # ", who chairs the committee," → chair
            if tok.text in (",", ";", ".") or tok.pos_ in ("VERB", "AUX") or tok.lower_ in ("who", "whom", "which"):
                break
            words.add(role_key(tok.lemma_))
    root = span.root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and role_key(root.head.lemma_) in ROLE_WORDS:
        head = root.head
        words |= {role_key(head.lemma_)} | {
            role_key(c.lemma_) for c in head.children if c.dep_ in ("compound", "amod", "nmod", "poss")
        }  # "Kenya's foreign minister, X": kenya, foreign, minister
    words = {w.replace(".", "") if re.fullmatch(r"[a-z](?:\.[a-z])+\.?", w) else w for w in words}  # "U.S." → us
    return {w for w in words if w.isalpha() and w not in NOT_NAME_WORDS | {"a", "an", "one"}}


def roles_after(span: Span) -> set[str]:
    """Role words from what follows a name: "Janet Okonkwo (R-Fla.), the committee's chairwoman," and the party
    of a tag ("(D-Nev.)" makes "the Democrat" this person when no one else in the article is one)."""
    doc = span.doc
    roles: set[str] = set()
    tag = PARTY_TAG.match(doc_text(doc), span.end_char)
    if tag:
        roles.add(PARTY_ROLES.get(tag.group(1), ""))
    i = _past_tag(span)
    if i < len(doc) and doc[i].text == ",":
        for tok in doc[i + 1 : min(i + 10, span.sent.end)]:
            if tok.text in (",", ";", ".") or tok.pos_ == "VERB":
                break
            if tok.lemma_.lower() in ROLE_WORDS:
                roles.add(tok.lemma_.lower())
    return roles - {""}


def gender_hint(span: Span) -> str | None:
    """ "Mr", "Mrs", "Ms", "spokeswoman" … right before a name; not across a preposition ("a spokeswoman for Voss's
    campaign" says nothing of Voss)."""
    doc = span.doc
    before = doc[max(span.sent.start, span.start - 3) : span.start]
    for k, tok in enumerate(before):
        g = GENDERED.get(tok.lower_.rstrip("."))
        if g and not any(t.pos_ == "ADP" for t in before[k + 1 :]):
            return g
    return None


def is_dateline(span: Span) -> bool:
    """ "BRUSSELS, July 4 —": the place an article was filed from, not an actor."""
    line_start = doc_text(span.doc).rfind("\n", 0, span.start_char) + 1
    before = doc_text(span.doc)[line_start : span.start_char]
    after = doc_text(span.doc)[span.end_char : span.end_char + 30]
    return (
        span.text.isupper() and len(before.strip(" /")) <= 30 and bool(re.match(r"^\s*(?:/[A-Z ]+)?\s*[,—–-]", after))
    )


def is_place(span: Span) -> bool:
    """A country or city used as a location ("said in Rome", "meeting at Brussels"), not as an actor."""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE


# Words a place is the head or object of: "the town of Avdiivka", "the fall of Avdiivka", "the Avdiivka direction",
# "Avdiivka, a town in …", "Avdiivka had been a fortress town".
PLACE_NOUNS = {
    "town",
    "city",
    "village",
    "region",
    "province",
    "oblast",
    "district",
    "county",
    "area",
    "suburb",
    "outskirts",
    "settlement",
    "port",
    "fortress",
    "stronghold",
    "front",
    "frontline",
    "direction",
    "sector",
    "fall",
    "capture",
    "siege",
    "battle",
    "liberation",
    "recapture",
    "occupation",
    "evacuation",
    "shelling",
    "bombardment",
    "ruins",
    "streets",
    "residents",
    "outpost",
}
# Verbs whose object is a place taken, held or left: "captured Avdiivka", "Ukraine lost Avdiivka".
SEIZE_VERBS = {
    "capture",
    "seize",
    "retake",
    "recapture",
    "liberate",
    "occupy",
    "encircle",
    "besiege",
    "surround",
    "shell",
    "bomb",
    "evacuate",
    "annex",
    "lose",
    "abandon",
}
MOVE_VERBS = {"withdraw", "retreat", "flee", "evacuate", "pull", "advance", "push"}
# What run-together text leaves behind a platform's name when a page lost the space after a link ("on Xthe …").
GLUED_WORDS = {"the", "a", "an", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by", "that", "this"}


def is_fragment(name: str, platforms: set[str]) -> bool:
    """Not a name but a piece of text: a platform's name run together with the next word ("Xthe", "Twitterand":
    extracted pages lose the space after a link), or fewer than two letters."""
    if sum(c.isalpha() for c in name) < 2:
        return True
    for platform in platforms:
        head, rest = name[: len(platform)], name[len(platform) :]
        if head.lower() == platform and head[:1].isupper() and rest in GLUED_WORDS:
            return True
    return False


def place_context(span: Span) -> bool:
    """A name used as a place: in, near or into it ("fighting around Avdiivka"), withdrawn from it, "the town of …",
    "the fall of …", "the … direction", "…, a town in …", "… had been a fortress town", or the object of a verb that
    takes, holds or loses places ("captured Avdiivka")."""
    root = span.root
    head = root.head
    if root.dep_ == "pobj":
        prep, governor = head.lower_, head.head.lemma_.lower()
        if prep in LOCATIVE | {"into", "towards", "toward"} or (prep == "from" and governor in MOVE_VERBS):
            return True
        if prep == "of" and governor in PLACE_NOUNS:
            return True
    if root.dep_ in ("compound", "appos", "nmod") and head.lemma_.lower() in PLACE_NOUNS:
        return True
    if any(c.dep_ == "appos" and c.lemma_.lower() in PLACE_NOUNS for c in root.children):
        return True
    if root.dep_ == "dobj" and head.lemma_.lower() in SEIZE_VERBS:
        return True
    return root.dep_ == "nsubj" and any(c.dep_ == "attr" and c.lemma_.lower() in PLACE_NOUNS for c in head.children)


def is_platform(span: Span) -> bool:
    """ "wrote on Telegram", "posted on X", "told CNN", "said in an interview with Fox News": the medium of a
    statement, not an actor."""
    root = span.root
    head = root.head
    if (
        root.dep_ == "pobj"
        and head.lower_ == "on"
        and head.head.lemma_.lower() in {"write", "post", "say", "tweet", "announce"}
    ):
        return True
    if root.dep_ in ("dobj", "dative") and head.lemma_.lower() == "tell" and span.label_ == "ORG":
        return True
    if (
        root.dep_ == "pobj"
        and head.lower_ in ("to", "with")
        and span.label_ == "ORG"
        and (head.head.lemma_.lower() in MEDIA_VERBS or head.head.lower_ in ("interview", "appearance", "remarks"))
        and not (head.lower_ == "to" and head.head.lemma_.lower() == "write")  # "wrote to X": a letter's addressee
    ):
        return True
    return False


def _analyst_word(tok: Token) -> bool:
    """A word that makes a quoted person an expert ("an analyst at", "a senior fellow at"), not "a fellow Democrat"."""
    if tok.lemma_.lower() not in ANALYST_WORDS:
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return not (tok.lower_ == "fellow" and (tok.dep_ == "amod" or (nxt is not None and nxt.is_title)))


def role_of(span: Span, label: str) -> str:
    """actor, or why a named person is not one: byline (reporters, contributors) or analyst (quoted experts)."""
    if BYLINE.search(span.sent.text) or BYLINE_LINE.match(span.sent.text.strip()):
        return "byline"
    doc = span.doc
    if label != "PERSON":  # an analyst's employer: "an analyst at the Prague Institute …"
        before = doc[max(span.sent.start, span.start - 4) : span.start]
        return "analyst" if any(_analyst_word(t) for t in before) else "actor"
    window = doc[span.end : min(span.end + 16, span.sent.end)]
    if len(window) and window[0].text == ",":
        if len(window) > 2 and window[1].lower_ == "who" and window[2].lemma_.lower() in ACADEMIC_VERBS:
            return "analyst"  # ", who teaches law at …"
        for tok in window[1:]:
            if _analyst_word(tok) or tok.lower_ in ACADEMIC_PLACES:
                return "analyst"  # ", a senior fellow at …", ", director of … at the University of …"
            if tok.text in (";",) or (tok.pos_ == "VERB" and tok.lemma_.lower() in SPEECH_CUES):
                break
    if any(c.dep_ == "appos" and _analyst_word(c) for c in span.root.children):
        return "analyst"
    before = doc[max(span.sent.start, span.start - 3) : span.start]
    if any(_analyst_word(t) for t in before):
        return "analyst"
    return "actor"


def initials(name: str) -> str:
    return "".join(
        w[0] for w in name.replace("-", " ").split() if w.lower() not in NOT_NAME_WORDS and w[0].isalpha()
    ).upper()
