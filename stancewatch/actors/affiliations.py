"""What each person in a document belongs to, as typed, normalised facts: party, chamber, government office,
organisation, country, state or region.

An article says it around the name: the title in front ("Arizona state Sen. X", "Home Secretary X", "Labour MP
X"), a party tag after it ("X (D-Md.)"), an apposition (", a Georgia Republican,", ", president of the Nurses
Union,", ", a spokesperson for the Department of Justice,") or the noun the name stands beside ("The union's
general secretary, X,"). The registry adds what it knows of registered people. Each fact says where it came from
(``source``: title, party_tag, apposition, registry, office — implied by an office: a department's country, a
governor's state) and is normalised to the registry's id where it has one ("Democratic", "Democrats" and "(D-Md.)"
are all the Democratic Party).

``document_affiliations(doc, mentions, registry)`` gives them per actor; ``primary`` picks the one the roll-up uses
by default. The words are in ``stancewatch.actors.affiliation_words``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from stancewatch.actors.affiliation_words import (
    AGENCIES,
    AMBIGUOUS_PARTY_WORDS,
    BODY_ALIASES,
    CHAMBER_NAMES,
    CHAMBER_OFFICERS,
    CHAMBER_TITLES,
    COUNCIL_AREAS,
    COUNTRY_OF_LOCALE,
    ENGLISH_COUNTIES,
    FOREIGN_MINISTRIES,
    KINDS,
    LOCAL_BODY,
    MINISTER_TITLES,
    NATIONAL_AGENCY_WORDS,
    NATIONAL_BODY_HEADS,
    NATIONAL_BODY_NAMES,
    ORG_REFERENCE_NOUNS,
    PARTY_WORDS,
    PLACE_OFFICES,
    PUBLIC_SERVICE_BODY,
    SEATS_OF_GOVERNMENT,
    UK_MARKERS,
    UK_ONLY_TITLES,
    US_DEPARTMENTS,
    US_MARKERS,
    us_state,
)
from stancewatch.actors.lexicon import COUNTRIES, PARTY_TAG, ROLE_WORDS
from stancewatch.actors.names import (
    OFFICE_VERBS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    _past_tag,
    name_parts,
    role_key,
    title_start,
)
from stancewatch.actors.nlp import doc_text
from stancewatch.actors.registry import Actor, ActorRegistry, clean_name, slug

# Title words of people who speak for a national executive: with a country in the title, the country is theirs.
EXECUTIVE_WORDS = {
    "president",
    "prime",
    "premier",
    "minister",
    "secretary",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "king",
    "queen",
}
# Words for a person's staff after their name: "Kessling's spokesman" speaks for the office Kessling holds.
STAFF_WORDS = {
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "aide",
    "adviser",
    "press",
    "chief",
    "deputy",
    "communications",
}
STOP_WORDS = ("who", "whom", "which", "whose")  # an apposition ends where a relative clause starts
# "Gov. Katie Hobbs (D)": a party tag without the state.
SHORT_TAG = re.compile(r"\s*\(\s*([RD])\s*\)")
OFFICE_KINDS = ("government_office", "chamber")
# Order of the kinds for ``primary``: who a person speaks for by default.
PRIMARY_ORDER = ("country", "party", "organisation", "government_office", "chamber", "state_region")


@dataclass(frozen=True)
class Affiliation:
    kind: str  # one of affiliation_words.KINDS
    id: str  # the registry's id, else the slug of the name
    name: str  # normalised display name
    source: str  # title, party_tag, apposition, registry or office

    def row(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "name": self.name, "source": self.source}


def locale(text: str) -> str | None:
    """ "uk" or "us": which country's politics an article is about, by the words only one of them uses."""
    uk = sum(text.count(m) for m in UK_MARKERS)
    us = sum(text.count(m) for m in US_MARKERS)
    return "uk" if uk > us else "us" if us > uk else None


def normalised(kind: str, name: str, registry: ActorRegistry, source: str = "") -> Affiliation:
    """An affiliation of ``kind`` named ``name``: the registry's id and name where a registered actor of that kind
    has the name, else the slug of the name. Used for the gold of the evaluation too."""
    if kind == "party":
        name = PARTY_WORDS.get(name.lower(), name)
    if kind == "government_office":  # one form for a county's office: "Maricopa County Recorder" → "Recorder of …"
        name = COUNTY_TITLE.sub(lambda m: f"{m.group(2)} of {m.group(1)}", " ".join(name.split()))
        name = POLICE_CHIEF_OF.sub(lambda m: f"{m.group(1)} Police Department", name)  # the chief's force
        name = re.sub(r"^(police and crime commissioner) of ", r"\1 for ", name, flags=re.I)
        name = THE_COUNTRY_AFTER_OF.sub(r"of the \1", name)  # "Ministry of Finance of (the) Netherlands": one id
    found = registry.lookup(name)
    if found is not None and registry.kind_of(found.id) == kind:
        return Affiliation(kind, found.id, found.name, source)
    if kind == "country" and found is not None and found.type == "country":
        return Affiliation(kind, found.id, found.name, source)
    # an office keeps its title words ("Governor of Arizona"); other names lose a leading "the" and titles
    clean = re.sub(r"^the\s+", "", " ".join(name.split()), flags=re.I) if kind in OFFICE_KINDS else clean_name(name)
    return Affiliation(kind, slug(clean), clean, source)


def body_name(name: str, loc: str | None, registry: ActorRegistry) -> str | None:
    """The normalised name of the government body ``name`` stands for in an article of locale ``loc`` (``locale``,
    computed once per article: "Justice Department" → "Department of Justice", a UK article's "Treasury" → "HM
    Treasury"), or None for no body."""
    body = _body(name, loc, registry)
    return body[0] if body is not None else None


def country_name(word: str, registry: ActorRegistry) -> str | None:
    """The country a word names, registered or not ("Vietnam", "Polish", "Philippine")."""
    found = registry.lookup(word)
    if found is not None and found.type == "country":
        return found.name
    return next((c for c in (word, word + "s") if c.lower() in COUNTRIES), None)  # lower-case names


def _body(name: str, loc: str | None, registry: ActorRegistry) -> tuple[str, str | None] | None:
    """A government body's normalised name and the name of its country (None for a local body or a regulator),
    or None when ``name`` is not a government body."""
    name = re.sub(r"\s*(?:'s|’s)$", "", " ".join(name.split()))  # "Lincolnshire County Council's"
    if clean_name(name) != name:  # "Justice Department": a title word that is the body's name
        whole = _body_by_key(name, loc, registry)
        if whole is not None:
            return whole
    return _body_by_key(clean_name(name), loc, registry)


def _body_by_key(name: str, loc: str | None, registry: ActorRegistry) -> tuple[str, str | None] | None:
    key = name.lower().replace(".", "")
    key = re.sub(r"^(?:the|us|u s|uk)\s+", "", key)
    country = {"uk": "United Kingdom", "us": "United States"}
    if key in AGENCIES:
        full, where = AGENCIES[key]
        return full, country.get(where)
    if key in SEATS_OF_GOVERNMENT:
        seat = registry.lookup(key)
        return SEATS_OF_GOVERNMENT[key], seat.name if seat is not None and seat.type == "country" else None
    dept = re.fullmatch(r"([a-z ]+) department", key)
    if dept and dept.group(1) in US_DEPARTMENT_KEYS and key not in NATIONAL_BODY_NAMES:
        return f"Department of {US_DEPARTMENT_KEYS[dept.group(1)]}", country["us"]
    if key in NATIONAL_BODY_NAMES:
        where = NATIONAL_BODY_NAMES[key] or loc
        return BODY_ALIASES.get(key) or name, country.get(where or "")
    if key.startswith(NATIONAL_BODY_HEADS):
        return name, country["uk" if key.startswith(("department for", "ministry")) else "us"]
    words = key.split()
    if len(words) >= 3 and words[-1] in NATIONAL_AGENCY_WORDS and words[0] in ("federal", "national", "environmental"):
        return name, country["uk" if loc == "uk" else "us"]
    if re.search(LOCAL_BODY, key) or re.search(PUBLIC_SERVICE_BODY, key):
        return name, None
    area = re.fullmatch(r"(?:(?:north|south|east|west|mid) )?([a-z]+)(?: [a-z]+)? council", key)
    if area and area.group(1).title() in ENGLISH_COUNTIES | COUNCIL_AREAS:
        return name, None  # "North Yorkshire Council", "Gwynedd Council": a local authority
    _state, n = leading_state(words)
    if n and len(words) > n and re.search(STATE_BODY, " ".join(words[n:])):
        return name, None  # "the Idaho Department of Lands", "the Ohio Elections Commission": the state's own body
    return None


def leading_state(words: list[str]) -> tuple[str | None, int]:
    """The US state a name opens with and how many words it takes ("South Carolina Board of Education" →
    South Carolina, 2), else (None, 0)."""
    for n in (2, 1):
        if state := us_state(" ".join(words[:n])):
            return state, n
    return None, 0


def place_office_in(text: str) -> str | None:
    """The longest elected office of a place (a key of PLACE_OFFICES) that lower-case ``text`` names."""
    return next((o for o in PLACE_OFFICE_ORDER if re.search(rf"(?<![\w.]){re.escape(o)}\b", text)), None)


def us_county(text: str) -> str | None:
    """The US county an article names most often ("Dane County"), if it names one at least twice."""
    counts: dict[str, int] = {}
    for hit in US_COUNTY.finditer(text):
        counts[hit.group(1)] = counts.get(hit.group(1), 0) + 1
    best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    return best[0] if best[1] >= 2 else None


def dominant_state(doc: Doc) -> str | None:
    """The US state a document names most often (its state politics; party tags, a state opening a body's name and
    the dateline count), if it names one at least twice."""
    counts: dict[str, int] = {}
    for e in doc.ents:
        if e.label_ == "GPE" and (state := us_state(e.text)):
            counts[state] = counts.get(state, 0) + 1
    for tag in PARTY_TAG.finditer(doc_text(doc)):  # "(R-Idaho)" names the state too
        if state := us_state(tag.group(2)):
            counts[state] = counts.get(state, 0) + 1
    for e in doc.ents:  # "the Pennsylvania Senate", "the Ohio Department of Health": a state inside a body's name
        words = [w for w in e.text.split() if w.lower() != "the"]
        if e.label_ == "ORG" and (state := leading_state(words)[0]) and state != "Washington":
            counts[state] = counts.get(state, 0) + 1
    dateline = DATELINE_STATE.search(doc_text(doc)[:600])  # "HARRISBURG, Pa. —"
    if dateline and (state := us_state(dateline.group(1))):
        counts[state] = counts.get(state, 0) + 1
    best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    return best[0] if best[1] >= 2 else None


def home_town(doc: Doc, registry: ActorRegistry) -> str | None:
    """The town or city a document names most often (the dateline counts once more), not a US state or a country."""
    counts: dict[str, int] = {}
    dateline = DATELINE_TOWN.search(doc_text(doc)[:600])
    if dateline:
        counts[dateline.group(1).title()] = 1
    for e in doc.ents:
        name = clean_name(e.text)
        found = registry.lookup(name)
        if e.label_ != "GPE" or us_state(name) or name.lower() in COUNTRIES or (found and found.type == "country"):
            continue
        name = name.title() if name.isupper() else name
        counts[name] = counts.get(name, 0) + 1
    best = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    return best[0] if best[1] >= 2 else None


class _Reader:
    """Reads the affiliations of the persons of one document."""

    def __init__(self, doc: Doc, mentions: list, registry: ActorRegistry):
        self.doc, self.registry = doc, registry
        self.text = doc_text(doc)
        self.locale = locale(self.text)
        # "VIENNA, Oct 21 —": an article filed from another country's capital is about that country's politics
        town = DATELINE_CITY.search(self.text[:600])
        capital = registry.lookup(town.group(1).title()) if town else None
        self.dateline_country = (
            capital.name
            if capital is not None and capital.type == "country" and capital.id not in ("usa", "gbr")
            else None
        )
        if self.dateline_country:
            self.locale = None
        self.home_town = home_town(doc, registry)
        self.home_state = dominant_state(doc) if self.locale != "uk" else None
        if self.home_state is None and self.locale != "uk":  # "DENVER —": a city AP datelines without its state
            self.home_state = AP_DATELINE_CITIES.get(self.home_town or "")
        counties = [t.text for t in doc if t.text in ENGLISH_COUNTIES]
        self.home_county = max(dict.fromkeys(counties), key=counties.count) if counties else None  # first on a tie
        self.state_politics = self.home_state is not None and bool(STATE_POLITICS.search(self.text))
        self.us_county = us_county(self.text) if self.locale != "uk" else None
        self.tag_state = False  # set per person by read(): a "(R-La.)" tag makes them a member of Congress
        # an article about a state's legislature ("the Pennsylvania Senate voted"): its chamber titles are the state's
        self.legislature_article = self.home_state is not None and bool(
            re.search(
                rf"\b{re.escape(self.home_state)} (?:Senate|House|Legislature|General Assembly)\b"
                r"(?! (?:race|seat|contest|campaign|candidate|primary|election))",  # "the Pennsylvania Senate race"
                self.text,
            )
        )
        # organisations, parties, offices and countries named in the document, for "its", "the union's"
        self.groups = [
            m
            for m in mentions
            if m.actor.type != "person"
            and m.source != "coref"
            and (m.actor.registered or len(m.actor.name.split()) > 1 or m.actor.name.isupper())
        ]  # one capitalised word is too often a place spaCy called an organisation ("the Dorset barge")
        self.found: list[Affiliation] = []
        self.person_at: dict[int, str] = {}  # token index → the person actor named there
        for m in mentions:
            if m.actor.type == "person" and m.source != "coref":
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                for t in span if span is not None else ():
                    self.person_at[t.i] = m.actor.id
        self.principal: str | None = None
        self.person_name = {m.actor.id: m.actor.name for m in mentions if m.actor.type == "person"}

    def add(self, kind: str, name: str | None, source: str) -> None:
        if kind == "government_office" and name and name.lower().removeprefix("the ") == "city council":
            name = f"{self.home_town} City Council" if self.home_town else name  # "Councilmember X": the city's
        if kind in KINDS and name:
            self.found.append(normalised(kind, name, self.registry, source))
            if kind == "government_office" and self.locale != "uk":
                county_state = self.state or self.home_state
                local = name.endswith(" County") or re.search(LOCAL_BODY, name.lower())
                if local and county_state:  # a US county's or city's body: its state
                    self.found.append(normalised("state_region", county_state, self.registry, "office"))
                words = name.split()
                state, _n = leading_state(words)
                if state and len(words) > 2:  # "South Carolina Board of Education": the state's body
                    self.found.append(normalised("state_region", state, self.registry, "office"))

    # ---- the pieces of text around a name
    def windows(self, span: Span, after_tag: int) -> list[tuple[list[Token], str]]:
        doc = self.doc
        start = title_start(span)
        while start - 2 >= span.sent.start and doc[start - 1].lower_ in ("for", "of") and doc[start - 2].is_title:
            start = title_start(doc[start - 2 : start - 1]) if doc[start - 2].dep_ != "ROOT" else start - 2
            start = min(start, span.start)  # "European Commissioner for Energy X", "Secretary of the Navy X"
        out = [(list(doc[start : span.start]), "title")]
        i = after_tag
        if i + 1 < len(doc) and doc[i].lower_ == "of" and doc[i + 1].ent_type_ == "GPE":  # "Gov. X of Wyoming"
            place = [t for t in doc[i + 1 : i + 4] if t.ent_type_ == "GPE"]
            out.append((place, "apposition"))
            self.of_state = us_state(" ".join(t.text for t in place))
            if not self.of_state:
                self.state_level = True  # "Sen. X of Wilmington": a town, a state legislator's district
            i = place[-1].i + 1 if place else i  # "X of Washington, the committee's top Democrat,"
        if i < len(doc) and doc[i].text == ",":
            words: list[Token] = []
            for tok in doc[i + 1 : min(i + 16, span.sent.end)]:
                if tok.lower_ == "who" and tok.i + 1 < len(doc) and doc[tok.i + 1].lemma_ in OFFICE_VERBS:
                    words = [*words, *doc[tok.i + 1 : tok.i + 8]]  # ", who chairs the House Freedom Caucus,"
                    break
                conj = tok.pos_ == "CCONJ" and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "DET"  # "and the …"
                if (
                    tok.text in (",", ";", ".", "—", "–")
                    or tok.pos_ in ("VERB", "AUX")
                    or conj
                    or tok.lower_ in STOP_WORDS
                ):
                    if tok.tag_ in ("VBD", "VBZ", "VBP", "MD") and words and words[0].pos_ == "DET":
                        words = []  # "to X, R-Gilbert, the governor wrote": the next clause's subject, no apposition
                    break
                words.append(tok)
            out.append((words, "apposition"))
        root = span.root
        words = []
        comma = start - 1  # before the title: "Its chairman, Sen. X", "Its president, Iowa farmer X"
        while comma > span.sent.start and (
            doc[comma].lower_ == "the"
            or (doc[comma].text.endswith(".") and doc[comma].is_title and len(doc[comma]) <= 5)
        ):
            comma -= 1
        if (
            comma > span.sent.start + 1
            and doc[comma].text == "."
            and doc[comma - 1].is_title
            and len(doc[comma - 1]) <= 4
        ):
            comma -= 2  # "Capt" "." as two tokens
        while comma > span.sent.start and doc[comma].lower_ == "the":
            comma -= 1  # "The league's director, the Rev. X", "Its president, Capt. X"
        if comma - 1 >= span.sent.start and doc[comma].text == ",":
            # "The union's president, X", "Their leader at Holyrood, X": the noun phrase before the comma, back to the
            # clause (the parse's apposition where it found one, else the words back to a verb or punctuation)
            j = comma - 1
            while (
                j >= span.sent.start
                and (not doc[j].is_punct or doc[j].text in ("-", "'", "’"))
                and doc[j].pos_ not in ("VERB", "AUX")
                and j > comma - 10
            ):
                j -= 1
            if root.dep_ == "appos" and root.head.i < span.start and root.head.pos_ in ("NOUN", "PROPN"):
                j = min(j, root.head.left_edge.i - 1)
            phrase = list(doc[j + 1 : comma])
            if phrase and phrase[-1].i in self.person_at:
                k = next((t for t in reversed(phrase) if t.lower_ == "for"), None)
                if k is not None and k.i >= 1 and doc[k.i - 1].lower_ in STAFF_WORDS:
                    self.principal = self.person_at[phrase[-1].i]  # "A spokesman for Gov. X, Y,"
            parsed = root.dep_ == "appos" and any(t.i == root.head.i for t in phrase)
            ends_in_role = bool(phrase) and (phrase[-1].pos_ == "NOUN" or role_key(phrase[-1].lemma_) in ROLE_WORDS)
            if parsed or (ends_in_role and not phrase[-1].ent_type_):
                words = phrase
        while words and words[-1].is_punct:
            words.pop()
        if words:
            out.append((words, "apposition"))
        return out

    def after_tag(self, span: Span, tag) -> int:
        """The token after a name and its party tag, where an apposition would start (", R-Texas, who …": the comma
        that closes the tag)."""
        if tag is None or not tag.group(0).rstrip().endswith(","):
            return _past_tag(span)
        end = tag.end() - 1
        return next((t.i for t in self.doc[span.end : span.end + 10] if t.idx >= end), _past_tag(span))

    def read(self, span: Span, full: bool = True) -> list[Affiliation]:
        self.found = []
        self.state, self.state_level, self.of_state, self.principal = None, False, None, None
        tag = PARTY_TAG.match(self.text, span.end_char) or SHORT_TAG.match(self.text, span.end_char)
        self.tag_state = bool(tag and tag.lastindex == 2 and us_state(tag.group(2)))  # "(R-La.)": a member of Congress
        if tag and tag.group(1).lower() in PARTY_WORDS:  # an independent's "(I-Maine)" names no party
            self.add("party", PARTY_WORDS[tag.group(1).lower()], "party_tag")
        if tag and tag.lastindex == 2:
            self.state = us_state(tag.group(2))
            if self.state:
                self.add("state_region", self.state, "party_tag")
            else:  # "R-Mesa": a town, the tag of a state legislator
                self.state_level = True
        windows = [
            (w, src)
            for w, src in self.windows(span, self.after_tag(span, tag))
            if full or (w and w[0].i >= span.end)
            if w and not any(t.lower_ in ("former", "ex", "late") for t in w)
        ]
        if (
            self.state is None and windows
        ):  # "Gov. X of Wyoming", "X, a Georgia Republican": the state first, for every window
            lo, hi = min(w[0].i for w, _ in windows), max(w[-1].i for w, _ in windows) + 1
            places = [e for e in self.doc.ents if e.label_ == "GPE" and lo <= e.start and e.end <= hi]
            self.state = next((us_state(e.text) for e in places if us_state(e.text)), None)
        windows = [(w, src) for w, src in windows if not (src == "apposition" and w[0].lower_ in COMPARISONS)]
        for words, source in windows:  # "X, like the governor, is a Republican": no governor
            self.window(words, source)
        self.copula(span)
        self.party_group(span)
        self.both(span)
        if self.of_state and any(a.kind in ("party", "chamber") for a in self.found):
            self.add("state_region", self.of_state, "apposition")  # "Republican Senator X of Montana"
        return self.found

    def both(self, span: Span) -> None:
        """ "Sen. X of Henderson and Assemblyman Y of Elko, both Republicans, …": the party of each person named
        before ", both <party>," with no verb in between."""
        doc = self.doc
        for t in doc[span.end : span.sent.end - 2]:
            if t.pos_ in ("VERB", "AUX"):
                return
            if t.lower_ in ("both", "all") and doc[t.i - 1].text == "," and doc[t.i + 1].is_title:
                end = t.i + 1
                while end < span.sent.end and doc[end].is_title:
                    end += 1
                self.parties(t.i + 1, end, "apposition")
                return

    def party_group(self, span: Span) -> None:
        """ "X, whose Reform UK group took control", "X's Conservative group has run the council": the party of the
        group the person leads or sits in."""
        doc = self.doc
        i = span.end + (1 if span.end < len(doc) and doc[span.end].text == "," else 0)
        if doc[span.end - 1].text in ("'s", "’s"):  # NER kept the possessive in the name
            i = span.end - 1
        if i >= len(doc) or doc[i].lower_ not in ("whose", "'s", "’s"):
            return
        words = list(doc[i + 1 : min(i + 5, span.sent.end)])
        end = next((k for k, t in enumerate(words) if t.lower_ in PARTY_GROUP_NOUNS), None)
        if end:
            self.parties(words[0].i, words[end].i, "apposition")

    def copula(self, span: Span) -> None:
        """ "Fontenot-Reyes, like the governor, is a Republican", "Vandiver is a Democrat": the party a sentence
        states of the person as its subject."""
        root = span.root
        verb = root.head
        if root.dep_ != "nsubj" or verb.lemma_ != "be":
            return
        for attr in (c for c in verb.children if c.dep_ == "attr" and (c.is_title or c.is_upper)):
            key = attr.lower_
            if key in PARTY_WORDS and len(key) > 1:
                self.add("party", PARTY_WORDS[key], "apposition")

    def window(self, words: list[Token], source: str) -> None:
        """The affiliations in one title or apposition."""
        doc = self.doc
        lo, hi = words[0].i, words[-1].i + 1
        keys = [t.lower_.rstrip(".") for t in words]
        self.state_level = self.state_level or any(
            t.lower_ == "state" and not (t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("'s", "’s")) for t in words
        )  # "state Sen. X"; not "the state's senator", which names the article's state
        if self.home_state and any(
            t.lower_ == "state" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("'s", "’s") for t in words
        ):
            self.state = self.state or self.home_state
            self.add("state_region", self.home_state, source)
        executive = any(k in EXECUTIVE_WORDS for k in keys)
        ents = [e for e in doc.ents if e.start >= lo and e.end <= hi and e.label_ in ("ORG", "NORP", "GPE", "FAC")]
        before = len(self.found)
        taken = self.parties(lo, hi, source)
        self.possessor(words, source)
        if COUNCIL_TITLES & set(keys):  # "Councilor X", "Cllr Y": the council the article names most
            council = self.most_named(len(self.text), "council")
            if council is not None and council.actor.kind != "party":
                self.add_actor(council.actor, source)
        states = [us_state(e.text) for e in ents if e.label_ == "GPE" and us_state(e.text)]
        self.state = self.state or (states[0] if states else None)
        for e in ents:
            if not taken & set(range(e.start, e.end)) and not (e.label_ == "GPE" and us_state(e.text)):
                self.entity(e, source, executive)
        self.titles(words, keys, source, [e for e in ents if e.label_ == "GPE"])
        seat = {"mp", "councillor", "cllr", "council"} & set(keys) or any(
            a.kind == "government_office" and "council" in a.name.lower() for a in self.found[before:]
        )
        county = next((t.text for t in words if t.text in ENGLISH_COUNTIES), None) or next(
            (
                w
                for a in self.found[before:]
                if a.kind == "government_office"
                for w in a.name.split()
                if w in ENGLISH_COUNTIES
            ),
            None,
        )  # "The council's leader" of Norfolk County Council: Norfolk, whichever county the article names most
        if seat and (county or (self.home_county and not {"mp"} & set(keys))):
            self.add("state_region", county or self.home_county, source)  # "the Labour MP for South Norfolk", a council
        if len(self.found) == before:
            self.acronym(words, source)
        if states and len(self.found) > before:  # a state is an affiliation of an office or a party's member
            self.add("state_region", states[0], source)

    def parties(self, lo: int, hi: int, source: str) -> set[int]:
        """Parties by their words, whatever spaCy made of them ("Democratic", "Tory", "Lib Dem")."""
        doc, taken = self.doc, set()
        for n in (3, 2, 1):
            for j in range(lo, hi - n + 1):
                toks = doc[j : j + n]
                key = toks.text.lower()
                if key not in PARTY_WORDS or taken & set(range(j, j + n)) or not (toks[0].is_title or toks[0].is_upper):
                    continue
                after = doc[toks[-1].i + 1].lower_.rstrip(".") if toks[-1].i + 1 < len(doc) else ""
                if len(key) == 1 or (
                    key in AMBIGUOUS_PARTY_WORDS and toks[0].is_sent_start and after not in PARTY_MEMBER_NOUNS
                ):
                    continue  # "R" alone; "Reform" opening a sentence, but "Green councillor X" is the party's
                if self.in_organisation_name(toks):
                    continue  # "the Democratic Senatorial Campaign Committee" is an organisation
                if j >= 1 and doc[j - 1].lower_ in OTHER_PARTY_PREFIXES and doc[j - 1].is_title:
                    continue  # "a Social Democratic member", "the Christian Democrats": another party
                self.add("party", PARTY_WORDS[key], source)
                place = doc[max(j - 2, 0) : j].text if j >= 1 else ""
                state = us_state(place) or (us_state(doc[j - 1].text) if j >= 1 else None)
                if state:  # "the Arizona Republican Party"
                    self.add("state_region", state, source)
                taken |= set(range(j, j + n))
        return taken

    def acronym(self, words: list[Token], source: str) -> None:
        """An organisation by its acronym in a title that spaCy did not tag: "AFL-CIO President X", "ACLU lawyer X"."""
        run = [t for t in words if t.text.isupper() or (t.text == "-" and 0 < words.index(t) < len(words) - 1)]
        name = "".join(t.text for t in run).strip("-")
        if (
            len(name.replace("-", "")) >= 3
            and name.isupper()
            and name.lower() not in PARTY_WORDS.keys() | CHAMBER_TITLES.keys()
        ):
            self.add("organisation", name, source)

    def in_organisation_name(self, toks: Span) -> bool:
        """The party word is part of a longer name: an organisation's ("the Democratic Senatorial Campaign
        Committee") or a registered party's ("the Scottish Greens", read as the entity it is)."""
        ent = next((e for e in self.doc.ents if e.start <= toks.start and toks.end <= e.end), None)
        if ent is None or ent.text.lower() in PARTY_WORDS:
            return False
        found = self.registry.lookup(ent.text)
        if found is not None and self.registry.kind_of(found.id) == "party" and len(ent) > len(toks):
            return True
        if ent.label_ != "ORG":
            return False
        last = ent[-1].lower_
        return (
            last in ORG_REFERENCE_NOUNS | {"caucus", "pac", "fund", "project", "center", "centre"} and last != "party"
        )

    def possessor(self, words: list[Token], source: str) -> None:
        """ "Its chief executive", "Their candidate", "the union's president": the organisation last named before;
        "Kostelnik's campaign manager": that person's campaign."""
        doc = self.doc
        if any(t.lower_ == "shadow" for t in words):  # a shadow minister: the opposition party named just before
            group = self.last_group(words[0].idx, words[0].sent.start_char, party_only=True)
            if group is not None:
                self.add_actor(group.actor, source)
        for t in words:
            refers = t.lower_ in ("its", "their")
            if t.text in ("'s", "’s", "'", "’") and t.i > 0:
                owner = doc[t.i - 1]
                refers = owner.lower_ in ORG_REFERENCE_NOUNS and owner.i > 0 and doc[owner.i - 1].lower_ == "the"
                person = self.person_at.get(owner.i)
                after = doc[t.i + 1].lower_ if t.i + 1 < len(doc) else ""
                place_name = owner.text in ENGLISH_COUNTIES or us_state(owner.text) is not None  # "Devon", a "person"
                if (person is None or place_name) and not refers and self.place_owner(owner, t, words, source):
                    return  # "Dorset's police and crime commissioner", "Ohio's attorney general"
                if person is not None or owner.ent_type_ == "PERSON":
                    following = []
                    for x in doc[t.i + 1 : t.i + 6]:
                        if x.is_punct and x.text != "-":
                            break
                        following.append(x.lower_)
                    if "campaign" in following:
                        # "Kostelnik's campaign manager", "a spokeswoman for Voss's re-election campaign"
                        self.add("organisation", f"{self.person_name.get(person, owner.text)} campaign", source)
                    elif after in STAFF_WORDS and person is not None:
                        self.principal = person  # "Kessling's spokesman": speaks for the governor's office
                    return
                if not refers and owner.is_title and owner.ent_type_ != "PERSON":
                    self.owner_name(owner, source)  # "Freedom from Torture's chief executive"
                    return
            if t.lower_ in ("his", "her") and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "campaign":
                person = self.previous_subject(t)  # "… said …. Her campaign manager, Tobias Fenn, said": hers
                if person is not None:
                    self.add("organisation", f"{self.person_name[person]} campaign", source)
                return
            if refers:
                noun = doc[t.i - 1].lower_ if t.text in ("'s", "’s", "'", "’") else None
                if noun == "committee":
                    return  # "the committee's top Democrat": a chamber's committee is no affiliation
                group = self.last_group(words[0].idx, words[0].sent.start_char, noun=noun)
                if group is None and noun is None:  # "The council is bankrupt. … its chief executive, X"
                    noun = self.noun_before(t)
                    group = self.last_group(words[0].idx, words[0].sent.start_char, noun=noun) if noun else None
                if group is not None:
                    self.add_actor(group.actor, source)
                return
            nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
            if (
                t.lower_ in ORG_REFERENCE_NOUNS
                and (t.is_lower or t.is_sent_start or t.i == words[0].i)
                and (t.i == words[0].i or doc[t.i - 1].lower_ in ("a", "an", "the"))
                and nxt is not None
                and nxt.i <= words[-1].i + 1
                and (nxt.lower_ in PERSON_ROLE_NOUNS or nxt.lemma_.lower() in PERSON_ROLE_NOUNS)
                and not any(e.start <= t.i < e.end for e in doc.ents)
            ):  # "A department spokesman, X", "board member X": the department or board named before
                group = self.most_named(words[0].idx, t.lower_)
                if group is not None:
                    self.add_actor(group.actor, source)
                    return

    def previous_subject(self, tok: Token) -> str | None:
        """The person the sentence before ``tok``'s opens with ("Ramona X, a Republican …, said …. Her campaign …")."""
        sent = tok.sent
        if sent.start == 0:
            return None
        before = self.doc[sent.start - 1].sent
        first = next((t for t in before if not t.is_space), None)
        return self.person_at.get(first.i) if first is not None else None  # only a sentence that opens with a name

    def place_owner(self, owner: Token, mark: Token, words: list[Token], source: str) -> bool:
        """ "Dorset's police and crime commissioner", "Ohio's attorney general": an office of the place before the
        possessive (never the place as an organisation). False when the owner is no place."""
        ent = next((e for e in self.doc.ents if e.start <= owner.i < e.end), None)
        place = re.sub(r"\s*(?:'s|’s|'|’)$", "", ent.text if ent is not None else owner.text)
        state = us_state(place)
        known = state or place in ENGLISH_COUNTIES
        if place.endswith(" County") or (ent is not None and ent.label_ != "GPE" and not known):
            return False  # "Davidson County's election administrator": the county's government (owner_name)
        if not (state or (owner.ent_type_ == "GPE" and self.locale != "uk") or place in ENGLISH_COUNTIES):
            return False
        rest = " ".join(t.lower_ for t in words if t.i > mark.i)
        if self.locale == "uk" or place in ENGLISH_COUNTIES:
            pcc = re.search(r"\bpolice and crime commissioner\b", rest)
            if pcc:
                self.add("government_office", f"Police and Crime Commissioner for {place}", source)
                self.add("state_region", place, "office")
            return True
        office = place_office_in(rest)
        if office is not None:
            self.add("government_office", f"{PLACE_OFFICES[office]} of {state or place}", source)
            self.add("state_region", state, "office")
        return True

    def most_named(self, before: int, noun: str):
        """The organisation or office with ``noun`` in its name that the document names most often before
        ``before`` (the last of them on a tie): what "a department spokesman" means in an article about one."""
        named = [m for m in self.groups if m.start < before and noun in m.actor.name.lower().split()]
        counts: dict[str, int] = {}
        for m in named:
            counts[m.actor.id] = counts.get(m.actor.id, 0) + 1
        return max(reversed(named), key=lambda m: counts[m.actor.id], default=None)

    def noun_before(self, tok: Token) -> str | None:
        """The organisation noun of "the council", "the charity" in the sentence before ``tok``'s, or earlier in
        its own: what "its" stands for when no organisation is named nearby."""
        doc = self.doc
        sent = tok.sent
        prev = doc[sent.start - 1].sent if sent.start > 0 else None
        lo = prev.start if prev is not None else sent.start
        for t in reversed(doc[lo : tok.i]):
            if t.lower_ in ORG_REFERENCE_NOUNS and t.i > 0 and doc[t.i - 1].lower_ == "the" and t.is_lower:
                return t.lower_
        return None

    def owner_name(self, owner: Token, source: str) -> None:
        """The organisation whose name ends at ``owner`` (title-case words, with "of", "for", "from", "and")."""
        doc, j = self.doc, owner.i
        while j - 1 >= owner.sent.start and (doc[j - 1].is_title or doc[j - 1].lower_ in ("of", "for", "from", "and")):
            j -= 1
        while j < owner.i and not doc[j].is_title:
            j += 1
        name = doc[j : owner.i + 1].text
        if name.lower() in ("the",) or name.split()[0].lower() in EXECUTIVE_WORDS:
            return
        found = self.registry.lookup(name)
        if found is not None and found.type != "person":
            self.add_actor(found, source)
        elif any(e.start <= owner.i < e.end and e.label_ in ("ORG", "NORP") for e in doc.ents) or len(name.split()) > 1:
            body = _body(name, self.locale, self.registry)
            county = name.endswith(" County") and self.locale != "uk"  # "Davidson County's election administrator"
            self.add("government_office" if body or county else "organisation", body[0] if body else name, source)

    def last_group(self, before: int, sentence_start: int, party_only: bool = False, noun: str | None = None):
        """The organisation, party or office named last before ``before``: in the same paragraph, else the one
        before it; "the council's" (``noun``): the last one whose name holds the noun, anywhere before."""
        groups = [
            m
            for m in self.groups
            if m.start < before
            and m.actor.type != "country"
            and (not party_only or self.registry.kind_of(m.actor.id) == "party")
        ]
        if noun is not None:
            named = [m for m in groups if noun in m.actor.name.lower().split()]
            if named:
                return named[-1]
            if noun == "party":
                groups = [m for m in groups if self.registry.kind_of(m.actor.id) == "party"]
        here = self.text.rfind("\n\n", 0, sentence_start)
        for limit in (here, self.text.rfind("\n\n", 0, max(here, 0))):
            candidates = [m for m in groups if max(limit, 0) <= m.start]
            if candidates:
                return candidates[-1]
            if limit < 0:
                break
        return None

    def last_town(self, before: int, anywhere: bool = False) -> str | None:
        """The town or city the sentence (else the paragraph) names last before token ``before`` ("In Marlow Falls,
        … Mayor X"), not a US state or a country."""
        tok = self.doc[before]
        limit = 0 if anywhere else max(self.text.rfind("\n\n", 0, tok.sent.start_char), 0)
        for e in reversed([e for e in self.doc.ents if limit <= e.start_char < tok.idx and e.label_ == "GPE"]):
            found = self.registry.lookup(e.text)
            if not us_state(e.text) and (found is None or found.type != "country") and e.text.lower() not in COUNTRIES:
                name = clean_name(e.text)
                return name.title() if name.isupper() else name  # a dateline's "SPOKANE"
        return None

    def country_in(self, words: list[Token]) -> str | None:
        """The country a capitalised word of a title names, whatever the small model tagged it: "Mali's" (a person
        to it), "Slovak" (an adjective), "Polish"."""
        return next((c for t in words if t.text[:1].isupper() and (c := self.country_named(t))), None)

    def country_named(self, tok: Token) -> str | None:
        """The country a word names, registered or not ("Vietnam", "Polish", "Philippine")."""
        return country_name(tok.text, self.registry)

    def last_country(self, tok: Token):
        """The country the paragraph names last before ``tok`` (a capital or demonym counts: "in Beijing")."""
        limit = max(self.text.rfind("\n\n", 0, tok.sent.start_char), 0)
        for e in reversed(
            [e for e in self.doc.ents if limit <= e.start_char < tok.idx and e.label_ in ("GPE", "NORP")]
        ):
            found = self.registry.lookup(e.text)
            if found is not None and found.type == "country":
                return found
        return None

    def add_actor(self, actor, source: str) -> None:
        """An organisation actor as an affiliation: a registered one by its kind (a regional party by its parent:
        Scottish Labour → the Labour Party), else an organisation (a party by the party words in its name)."""
        kind = self.registry.kind_of(actor.id) if actor.registered else None
        if kind == "party" and actor.affiliation and self.registry.kind_of(actor.affiliation) == "party":
            self.add("party", self.registry.display(actor.affiliation), source)
        elif kind is not None:
            self.add(kind, actor.name, source)
        elif actor.name.lower() in PARTY_WORDS:
            self.add("party", actor.name, source)
        else:
            body = _body(actor.name, self.locale, self.registry)
            self.add("government_office" if body else "organisation", body[0] if body else actor.name, source)
            if body and body[1]:
                self.add("country", body[1], "office")

    def entity(self, e: Span, source: str, executive: bool) -> None:
        name = TRAILING_TITLE.sub("", clean_name(e.text)) or clean_name(e.text)  # "FEMA Administrator" → FEMA
        whole = TRAILING_TITLE.sub("", " ".join(e.text.split()))
        if name != whole and _body(whole, self.locale, self.registry) is not None:
            name = whole  # "Justice Department": not the title "Justice"
        key = name.lower()
        if "committee" in key:  # a chamber's committee names the chamber, not an organisation
            first = key.split()[0].replace(".", "")
            chamber = {"senate": "Senate", "house": "House of Representatives", "commons": "House of Commons"}
            if first in chamber and (self.locale != "uk" or first == "commons"):
                self.add("chamber", chamber[first], source)
            elif first not in chamber and len(key.split()) >= 3:
                self.add("organisation", name, source)  # "the Democratic Senatorial Campaign Committee"
            return
        if key in CHAMBER_NAMES or (us_state(" ".join(key.split()[:-1])) and key.split()[-1] in ("senate", "house")):
            chamber = CHAMBER_NAMES.get(key) or self.state_chamber(name)
            state = self.state or self.home_state
            if (
                chamber in ("Senate", "House of Representatives")
                and self.state_member()
                and state
                and self.locale != "uk"
            ):
                chamber = f"{state} {chamber}"  # "Senate President X, R-Gilbert": the state's senate
                self.add("state_region", state, "office")
            self.add("chamber", chamber, source)
            return
        body = _body(name, self.locale, self.registry)
        if body is not None:
            self.add("government_office", body[0], source)
            self.add("country", body[1], "office")
            return
        after = self.doc[e.end].lower_ if e.end < len(self.doc) else ""
        if key.endswith(" county") and after in ("commissioner", "commissioners") and self.locale != "uk":
            self.add("government_office", name, source)  # "Larimer County Commissioner X": the county's government
            return
        found = self.registry.lookup(e.text)
        if (found is not None and found.type == "country") or key in COUNTRIES:
            if executive:
                self.add("country", found.name if found else name, source)
            return
        words = key.split()
        if found is None and len(words) == 2 and words[0] in OTHER_PARTY_PREFIXES and words[1].startswith("democrat"):
            party = (
                next(  # "a Social Democratic member": the party the article names so ("the Social Democratic Party")
                    (g.actor.name for g in self.groups if g.actor.name.lower().startswith(f"{words[0]} democrat")), None
                )
            )
            self.add("party", party or f"{words[0].title()} Democrats", source)
        elif found is not None and found.type in ("organization", "group"):
            self.add_actor(found, source)
        elif e.label_ == "ORG" and COURT.search(name):
            self.add("government_office", name, source)  # a court is a government body (tests/gold/CONVENTIONS.md)
        elif e.label_ == "ORG" and (len(name.split()) >= 2 or (name.isupper() and len(name) >= 2)):
            self.add("organisation", name, source)

    def state_member(self, federal_word: bool = False) -> bool:
        """A chamber title of a state legislator: "state Sen.", a town tag, or any title without a state tag or a
        "U.S." in an article about the state's legislature."""
        return self.state_level or (self.legislature_article and not self.tag_state and not federal_word)

    def state_chamber(self, name: str) -> str:
        words = name.split()
        chamber = "Senate" if words[-1].lower() == "senate" else "House of Representatives"
        return f"{us_state(' '.join(words[:-1]))} {chamber}"

    def titles(self, words: list[Token], keys: list[str], source: str, places: list[Span]) -> None:
        """Chambers, elected offices and ministries from the title's words."""
        phrase = " ".join(t.lower_ for t in words).replace(" - ", "-").replace(" .", ".")  # "Lt" "." "Gov" "."
        if "shadow" not in keys and self.ministry(words, phrase, source):
            return
        state = self.state or (
            self.home_state if self.state_level or self.state_politics or self.legislature_article else None
        )
        for k in keys:
            if k in ("westminster", "holyrood", "commons", "senedd") and words[keys.index(k)].is_title:
                self.add("chamber", CHAMBER_NAMES[k], source)  # "the SNP's Westminster leader"
            speaker = "house" in keys or (self.locale == "us" and words[keys.index(k)].is_title)  # "Speaker X"
            chamber = CHAMBER_TITLES.get(k) or (CHAMBER_OFFICERS.get(k) if speaker else None)
            if chamber is None or (chamber in ("Senate", "House of Representatives") and self.locale == "uk"):
                continue
            if chamber in STATE_CHAMBERS and (self.state_member("u.s." in keys) or chamber == "Assembly"):
                if not state:
                    continue
                chamber = f"{state} {chamber}"
                self.add("state_region", state, "office")
            self.add("chamber", chamber, source)
        if self.place_office(phrase, source, places, words[0].i):
            return
        if self.head_of_government(words, phrase, source):
            return
        if keys[-1:] in (["justice"], ["judge"]) and not places:  # "Justice X": the court the article names most
            court = self.most_named_court("supreme" if keys[-1] == "justice" else None)
            if court is not None:
                self.add("government_office", court, source)
                return
        police = re.search(
            r"((?:[A-Z][a-z]+ ){1,2})(?:Police|police) (?:Chief|chief|Commissioner|commissioner)\b",
            " ".join(t.text for t in words),
        )
        if police and self.locale != "uk":  # "Billings Police Chief X": the town's police department
            self.add("government_office", f"{police.group(1).strip()} Police Department", source)
            self.add("state_region", self.state or self.home_state, "office")
            return
        if self.locale and any(k in ("president", "prime", "premier") for k in keys) and not places:
            proper = [t for t in words if t.pos_ == "PROPN" and t.lower_.rstrip(".") not in EXECUTIVE_WORDS | {"vice"}]
            if not proper and not any(t.lower_ in ("its", "their", "'s", "’s", "of") for t in words):
                self.add("country", COUNTRY_OF_LOCALE[self.locale], source)

    def head_of_government(self, words: list[Token], phrase: str, source: str) -> bool:
        """Another country's head of state or government named with the country: "Hungary's prime minister", "Belgian
        Prime Minister X", "the French president" → "Prime Minister of Hungary", "President of France" (the naming
        table's "<Title> of <Place>") and the country. Not a deputy's or a vice-president's title, not an
        organisation's president ("the union's president"), not the article's own country's (its own naming)."""
        head = re.search(r"(?<!vice )(?<!vice-)(?<!deputy )\b(prime minister|president|chancellor|taoiseach)\b", phrase)
        if head is None or any(t.ent_type_ == "ORG" for t in words):
            return False
        country = self.country_in(words)
        if country is None or country == COUNTRY_OF_LOCALE.get(self.locale or ""):
            return False
        if head.group(1) == "chancellor" and country == COUNTRY_OF_LOCALE["uk"]:  # "Britain's chancellor": the Treasury
            self.add("government_office", UK_ONLY_TITLES["chancellor"], source)
        else:
            self.add("government_office", f"{HEADS_OF_GOVERNMENT[head.group(1)]} of {country_phrase(country)}", source)
        self.add("country", country, source)
        return True

    def most_named_court(self, word: str | None) -> str | None:
        """The court the article names most often (with ``word`` in its name when one has it: a justice's supreme
        court)."""
        courts = [m.actor.name for m in self.groups if COURT.search(m.actor.name)]
        if word is not None and any(word in c.lower() for c in courts):
            courts = [c for c in courts if word in c.lower()]
        # the first named on a tie (a set's order changes between runs)
        return max(dict.fromkeys(courts), key=courts.count) if courts else None

    def place_office(self, phrase: str, source: str, places: list[Span], start: int) -> bool:
        """ "Gov. X (D-Ariz.)", "Montana Attorney General X", "Eagle Pass Mayor X", "Maricopa County Recorder X"."""
        county = COUNTY_OFFICE.search(phrase)
        if county:
            place = re.sub(r"^the ", "", county.group(1)).title()
            self.add("government_office", f"{county.group(2).title()} of {place}County", source)
            self.add("state_region", self.state or self.home_state, "office")
            return True
        if self.us_county and (bare := BARE_COUNTY_TITLES.get(phrase.removeprefix("the "))):
            # "Sheriff X", "County Executive Y" in an article about Dane County: "Sheriff of Dane County"
            self.add("government_office", bare.format(county=self.us_county), source)
            self.add("state_region", self.state or self.home_state, "office")
            return True
        office = place_office_in(phrase)
        if office is None:
            return False
        place = self.state or next((clean_name(p.text) for p in places), None)
        if office in LOCAL_OFFICES:  # "Eagle Pass Mayor X": the town before the title, or "Mayor of X"
            town = re.search(rf"((?:[a-z.]+ ){{1,3}}){re.escape(office)}\b", phrase)
            place = town.group(1).strip().title() if town else next((clean_name(p.text) for p in places), None)
            if place is None and phrase.removeprefix("the ") == office:  # a bare "Mayor X": the article's own town
                place = self.home_town
            place = place or self.last_town(start) or self.last_town(start, anywhere=True)
            if place is None:
                return False  # a mayor of no named town: never "Mayor of <state>"
            self.add("state_region", self.state or self.home_state, "office")
        if place is None and (
            self.state_politics or self.legislature_article or office in ("gov", "governor", "lieutenant governor")
        ):
            place = self.home_state
        if place is None:
            return False
        self.add("government_office", f"{PLACE_OFFICES[office]} of {place}", source)
        self.add("state_region", us_state(place), "office")
        return True

    def ministry(self, words: list[Token], phrase: str, source: str) -> bool:
        """A national minister's title ("Home Secretary", "Transportation Secretary", "Chinese foreign ministry
        spokesman") → department and country."""
        foreign = re.search(r"\b(" + "|".join(FOREIGN_MINISTRIES) + r") (ministry|minister|secretary)\b", phrase)
        if foreign:
            country = self.country_in(words)
            country = country or self.dateline_country  # "VIENNA — Finance Minister X": Austria's
            if country is None and (foreign.group(2) == "ministry" or any(t.lower_ == "its" for t in words)):
                last = self.last_country(words[0])  # "At a briefing in Beijing, foreign ministry spokesman X"
                country = last.name if last is not None else None
            home = COUNTRY_OF_LOCALE.get(self.locale or "")
            if country is not None and not (foreign.group(2) == "secretary" and country == home):
                # one id per country's ministry (tests/gold/CONVENTIONS.md): "Ministry of Foreign Affairs of Vietnam";
                ministry = FOREIGN_MINISTRIES[foreign.group(1)]  # the article's own country's by its own name
                own_name = country == home or country in COUNTRY_OF_LOCALE.values()  # "Ministry of Defence" (UK)
                name = ministry if own_name else f"{ministry} of {country_phrase(country)}"
                self.add("government_office", name, source)
                self.add("country", country, source)
                return True
        for title in MINISTER_ORDER if not self.dateline_country else ():  # no UK or US title abroad
            if not re.search(rf"(?<![\w]){re.escape(title)}\b", phrase):
                continue
            where = self.locale if self.locale in MINISTER_TITLES[title] else next(iter(MINISTER_TITLES[title]))
            if title in ("attorney general", "secretary of state") and where == "us":
                if not phrase.startswith(("u.s.", "us ")) and (self.state_politics or re.search(r"\w \w", phrase)):
                    return False  # "Montana Attorney General", or a state's politics: the state's elected office
            if title == "press secretary" and any(t.ent_type_ in ("ORG", "PERSON") for t in words):
                continue  # "the governor's press secretary", "Smith's press secretary"
            self.add("government_office", MINISTER_TITLES[title][where], source)
            self.add("country", COUNTRY_OF_LOCALE[where], "office")
            return True
        if "commissioner" in phrase and re.search(r"\b(?:eu|european)\b", phrase):
            self.add("government_office", "European Commission", source)
            return True
        for title, body in UK_ONLY_TITLES.items():
            if self.locale == "uk" and re.search(rf"\b{title}\b", phrase):
                self.add("government_office", body, source)
                self.add("country", COUNTRY_OF_LOCALE["uk"], "office")
                return True
        return False


# A capitalised word before a party word that makes it another party's name ("Social Democratic", "Free Democrats")
OTHER_PARTY_PREFIXES = {"social", "christian", "free", "liberal", "new", "national", "progressive", "united"}
LOCAL_OFFICES = ("mayor",)
COUNCIL_TITLES = {"councilor", "councillor", "councilman", "councilwoman", "councilmember", "cllr", "alderman"}
STATE_BODY = r"^(?:department|board|commission|office|agency|bureau) of\b|\b(?:department|board|commission|agency)$"
TRAILING_TITLE = re.compile(
    r"\s+(?:administrator|president|director|secretary|spokes(?:man|woman|person)|chair(?:man|woman)?|chief|"
    r"commissioner|leader)$",
    re.I,
)
STATE_CHAMBERS = ("Senate", "House of Representatives", "Assembly")
_COUNTY_TITLES = (
    "judge-executive|recorder|clerk|sheriff|executive|district attorney|prosecuting attorney|prosecutor|attorney|judge|"
    "assessor|treasurer|coroner"
)
COURT = re.compile(r"\bCourt\b(?! of (?:public )?opinion)")
# The US cities the AP Stylebook datelines without their state, and their states
AP_DATELINE_CITIES = {
    "Atlanta": "Georgia", "Baltimore": "Maryland", "Boston": "Massachusetts", "Chicago": "Illinois",
    "Cincinnati": "Ohio", "Cleveland": "Ohio", "Dallas": "Texas", "Denver": "Colorado", "Detroit": "Michigan",
    "Honolulu": "Hawaii", "Houston": "Texas", "Indianapolis": "Indiana", "Las Vegas": "Nevada",
    "Los Angeles": "California", "Miami": "Florida", "Milwaukee": "Wisconsin", "Minneapolis": "Minnesota",
    "New Orleans": "Louisiana", "Oklahoma City": "Oklahoma", "Philadelphia": "Pennsylvania", "Phoenix": "Arizona",
    "Pittsburgh": "Pennsylvania", "St. Louis": "Missouri", "Salt Lake City": "Utah", "San Antonio": "Texas",
    "San Diego": "California", "San Francisco": "California", "Seattle": "Washington",
}  # fmt: skip
US_COUNTY = re.compile(r"\b((?:[A-Z][a-z]+ ){1,2}County)\b(?! Council)")
# A county's officers and boards by a bare title ("Sheriff X"), in an article that names its county (us_county)
BARE_COUNTY_TITLES = {
    "sheriff": "Sheriff of {county}",
    "district attorney": "District Attorney of {county}",
    "county executive": "County Executive of {county}",
    "county prosecutor": "Prosecutor of {county}",
    "prosecuting attorney": "Prosecuting Attorney of {county}",
    "county attorney": "County Attorney of {county}",
    "supervisor": "{county} Board of Supervisors",
    "county supervisor": "{county} Board of Supervisors",
    "county commissioner": "{county} Board of Commissioners",
}
COUNTY_OFFICE = re.compile(rf"\b((?:[a-z]+ ){{1,2}})county ({_COUNTY_TITLES})\b")
# "Wood County Sheriff" and "Wood County Sheriff's Office" are both the office "Sheriff of Wood County"
COUNTY_TITLE = re.compile(rf"^((?:[A-Z][\w.]* ){{1,2}}County) ({_COUNTY_TITLES})(?:'s Office|’s Office)?$", re.I)
# Nouns after a party word that make it the party ("Green councillor", "Reform MP").
PARTY_MEMBER_NOUNS = {
    "councillor", "councilor", "mp", "msp", "ms", "mla", "td", "mep", "peer", "candidate", "leader", "member",
}  # fmt: skip
DATELINE_STATE = re.compile(r"^[A-Z][A-Z .'-]+, ([A-Z][A-Za-z. ]{1,14}?)\s*(?:\(AP\)\s*)?[—–-]", re.M)
PARTY_GROUP_NOUNS = {"group", "administration", "councillors", "caucus", "delegation"}
COMPARISONS = {"like", "unlike", "as"}  # "X, like the governor,": a comparison, no apposition
DATELINE_TOWN = re.compile(r"^([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*)(?:, [A-Za-z. ]+?)?\s*(?:\(AP\)\s*)?[—–]", re.M)
DATELINE_CITY = re.compile(r"^([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*)(?:,[^—–\n]{1,30}?)?\s*(?:\(\w+\)\s*)?[—–]", re.M)
POLICE_CHIEF_OF = re.compile(r"^(?:Police Chief|Chief of Police) of (?:the )?(.+)$", re.I)
MINISTER_ORDER = sorted(MINISTER_TITLES, key=len, reverse=True)
PLACE_OFFICE_ORDER = sorted(PLACE_OFFICES, key=len, reverse=True)
US_DEPARTMENT_KEYS = {d.lower().removeprefix("the "): d for d in US_DEPARTMENTS}
STATE_POLITICS = re.compile(r"\b(?:state Sen\.|state Rep\.|state senator|state representative|legislature|Gov\.)")


def document_affiliations(doc: Doc, mentions: list, registry: ActorRegistry) -> dict[str, list[Affiliation]]:
    """Per person actor id: every affiliation the document (and the registry) gives them, first-found first,
    one per kind and id. ``mentions``: the document's ``Mention`` records. Read where the article names the person
    in full (titles and appositions go with the full name)."""
    reader = _Reader(doc, mentions, registry)
    out: dict[str, dict[tuple[str, str], Affiliation]] = {}
    staff: dict[str, str] = {}  # a spokesperson's actor id → the person they speak for
    for m in mentions:
        if m.actor.type != "person" or m.source == "coref":
            continue
        seen = out.setdefault(m.actor.id, {})
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        while span is not None and len(span) > 2 and span[0].lower_.rstrip(".") in PERSON_TITLES:
            span = span[1:]  # "Councilor X Y" tagged whole: the title is read as a title
        full = span is not None and len(name_parts(span.text)) >= 2
        # a surname's own apposition counts too ("Harlow, a Democrat,"); its title is read with the full name
        found = [
            *(reader.read(span, full) if span is not None and len(span) else []),
            *registered_affiliation(m.actor, registry),
        ]
        if reader.principal and reader.principal != m.actor.id:
            staff.setdefault(m.actor.id, reader.principal)
        for a in found:
            seen.setdefault((a.kind, a.id), a)
    for member, principal in staff.items():  # "Kessling's spokesman, X": the office Kessling holds
        for (kind, key), a in list(out.get(principal, {}).items()):
            if kind in ("government_office", "chamber", "country"):
                out[member].setdefault((kind, key), Affiliation(a.kind, a.id, a.name, "office"))
    longer = [m.actor for m in reader.groups]
    return {actor_id: [_full_name(a, longer) for a in seen.values()] for actor_id, seen in out.items()}


def _full_name(a: Affiliation, groups: list) -> Affiliation:
    """An organisation by the longest name the document gives it: "Skyline Pacific" (a title's short form) is the
    "Skyline Pacific Airways" the article named; "Civic Workers Union" the "Municipal and Civic Workers Union"."""
    if a.kind != "organisation":
        return a
    short = a.name.lower()
    for g in groups:
        name = g.name
        low = name.lower()
        if len(low) > len(short) and (low.startswith(short + " ") or low.endswith(" " + short)):
            return Affiliation(a.kind, g.id, name, a.source)
    return a


HEADS_OF_GOVERNMENT = {
    "prime minister": "Prime Minister",
    "president": "President",
    "chancellor": "Chancellor",
    "taoiseach": "Taoiseach",
}
# Country names English writes with "the" ("the Prime Minister of the Netherlands")
COUNTRIES_WITH_THE = {
    "Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Comoros", "Seychelles", "United States",
    "United Kingdom", "United Arab Emirates", "Czech Republic", "Central African Republic", "Dominican Republic",
    "Marshall Islands", "Solomon Islands",
}  # fmt: skip


THE_COUNTRY_AFTER_OF = re.compile(rf"\bof (?:the )?({'|'.join(sorted(COUNTRIES_WITH_THE))})$", re.I)


def country_phrase(country: str) -> str:
    """A country's name as it follows "of": "the Netherlands", "Hungary"."""
    return f"the {country}" if country in COUNTRIES_WITH_THE else country


MINISTRY_NAME = re.compile(r"(?:ministry of (?:the )?[a-z ,]+|([a-z]+) ministry)", re.I)
COUNTRY_POSSESSIVE = re.compile(r"\b((?:[A-Z]\w* )?([A-Z]\w*))(?:'s|’s)\s+(?:own\s+)?$")


def country_ministry(name: str, before: str, loc: str | None, registry: ActorRegistry) -> str | None:
    """Another country's ministry named with its country's possessive ("Norway's Ministry of Foreign Affairs",
    "Poland's Agriculture Ministry") by the naming table's one id per country's ministry: "Ministry of Foreign Affairs
    of Norway", "Ministry of Agriculture of Poland". The article's own country's (``loc``, its locale) keeps its name.
    ``before``: the text before the name."""
    found = MINISTRY_NAME.fullmatch(re.sub(r"^the\s+", "", name, flags=re.I))
    owner = COUNTRY_POSSESSIVE.search(before[-60:])  # the possessive right before the name
    if found is None or owner is None:
        return None
    # "South Korea's", else the last word: "On Tuesday Poland's"
    country = next((c for words in dict.fromkeys(owner.groups()) if (c := country_name(words, registry))), None)
    if country is None or country == COUNTRY_OF_LOCALE.get(loc or ""):
        return None
    adjective = (found.group(1) or "").lower()
    ministry = FOREIGN_MINISTRIES.get(adjective) or (f"Ministry of {adjective.title()}" if adjective else None)
    return f"{ministry or clean_name(name)} of {country_phrase(country)}"


def normalise_bodies(mentions: list, text: str, registry: ActorRegistry) -> None:
    """One actor per government body however an article writes it: an unregistered organisation whose name is a
    short form of a body's name ("State Department", "Justice Department", a UK article's "Treasury") becomes that
    body ("Department of State", "HM Treasury"), the registered actor of that name where there is one; another
    country's ministry named after its country's possessive is that country's ("Norway's Ministry of Foreign Affairs"
    → "Ministry of Foreign Affairs of Norway")."""
    loc = locale(text)
    for m in mentions:
        actor = m.actor
        if actor.registered or actor.type not in ("organization", "group"):
            continue
        foreign = country_ministry(actor.name, text[max(0, m.start - 60) : m.start], loc, registry)
        if foreign is not None:
            m.actor = Actor(slug(foreign), foreign, actor.type, actor.affiliation)
            continue
        body = body_name(actor.name, loc, registry)
        if body is None or body == actor.name:
            continue
        found = registry.lookup(body)
        m.actor = found if found is not None else Actor(slug(body), body, actor.type, actor.affiliation)


def registered_affiliation(actor, registry: ActorRegistry) -> list[Affiliation]:
    """What the registry says a registered actor (a party, a ministry, a person) belongs to, typed."""
    kind = registry.kind_of(actor.affiliation) if actor.registered and actor.affiliation else None
    return [Affiliation(kind, actor.affiliation, registry.display(actor.affiliation), "registry")] if kind else []


def primary(affiliations: list[Affiliation], kind: str = "auto") -> Affiliation | None:
    """The affiliation of ``kind`` (the first one), or with ``auto`` the one a person speaks for by default: their
    country where they hold a national office, else their party, organisation, government office, chamber, state."""
    order = PRIMARY_ORDER if kind == "auto" else (kind,)
    for k in order:
        for a in affiliations:
            if a.kind == k:
                return a
    return None
