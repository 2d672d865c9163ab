"""Canonical actors: look names up in the configured registry, or make a stable id from the name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from stancewatch.config import Registry

TYPE_OF_LABEL = {"PERSON": "person", "GPE": "country", "NORP": "group", "ORG": "organization"}
# Courtesy titles: they stand before a person's name and nothing else. Stripped from names here; in
# stancewatch/actors/mentions.py (PERSON_TITLES) a name they precede is a person's.
HONORIFICS = ("mr", "mrs", "ms", "miss", "dr", "sir", "dame")
_TITLES = (
    *HONORIFICS,
    "president",
    "chancellor",
    "prime minister",
    "minister",
    "foreign minister",
    "defence minister",
    "defense minister",
    "premier",
    "king",
    "queen",
    "pope",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "secretary",
    "general",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "prof",
    "professor",
    # parliamentary and other titles written before a name ("MEP Sofie Kragh", "Taoiseach Conor Whelan")
    "mep",
    "mp",
    "msp",
    "mla",
    "td",
    "congressman",
    "congresswoman",
    "lawmaker",
    "taoiseach",
    "tánaiste",
    "tanaiste",
    "ambassador",
    "envoy",
    "rapporteur",
    "chairman",
    "chairwoman",
    "ceo",
    "cllr",
    "councillor",
    "councilor",
    "councilman",
    "councilwoman",
    "councilmember",
    "supervisor",  # a county supervisor ("Supervisor Ana X", Wisconsin, California)
    "alderman",
    "lord",
    "lady",
    "baroness",
    "judge",
    "justice",
    "attorney general",
    "mayor",
    "speaker",
    "secretary-general",
    "vice-president",
    "executive",
    "commissioner",
    "chief",
    "deputy",
    "economist",
    "analyst",
    # portfolios that spaCy often leaves inside a PERSON span ("Energy Kadri Simson")
    "energy",
    "finance",
    "economy",
    "economic",
    "foreign",
    "defence",
    "defense",
    "interior",
    "industry",
    "trade",
    "health",
    "justice",
    "home affairs",
    "environment",
    "climate",
    "agriculture",
    "transport",
    "digital",
)
_TITLE_RE = re.compile(
    r"^(?:(?:%s)\.?\s+)+" % "|".join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True)), re.I
)


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str
    affiliation: str | None = None
    registered: bool = False
    kind: str | None = None  # a registered organisation's kind: party, government_office, organisation …


# Letters that Unicode does not decompose into a base letter and a mark: without this table "Paweł" would lose its
# "ł" ("pawe") and "Søren" his "ø"; transliterated as newsrooms and name tables write them.
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
     "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "ħ": "h", "Ħ": "H"}
)  # fmt: skip


def ascii_fold(text: str) -> str:
    """``text`` in ASCII letters: accents dropped ("Villaseñor" → "Villasenor"), undecomposed letters transliterated
    ("Jabłoński" → "Jablonski", "Søren" → "Soren", "Straße" → "Strasse")."""
    return unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED)).encode("ascii", "ignore").decode()


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(name).lower()).strip("-") or "unknown"


def clean_name(text: str) -> str:
    """Strip titles, a leading "the", possessive endings and stray punctuation from an entity's text."""
    text = re.sub(r"[\[\]{}]", "", re.sub(r"\s+", " ", text)).strip(" \t\n,;:\"'“”‘’()")
    text = re.sub(r"(?:'s|’s|'|’)$", "", text)
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    bare = _TITLE_RE.sub("", text).strip()
    if bare.split(" ")[0].lower() in _BODY_NOUNS | {"and", "&", "of", "for"}:
        return text  # "Justice Department", "Health Ministry": the title word is the body's name
    if bare != text and bare.split(" ")[-1].lower() in _BODY_NOUNS:
        return text  # "Energy Information Administration": a body whose name opens with a portfolio
    return bare or text


# A name left as one of these after its "title" was stripped was a body's name: "Interior Department".
_BODY_NOUNS = {
    "department", "ministry", "office", "committee", "council", "agency", "division", "service", "commission",
    "board", "directorate", "bureau", "administration", "secretariat", "select",
}  # fmt: skip


class ActorRegistry:
    """Case-insensitive lookup of names and aliases in the registry."""

    def __init__(self, registry: Registry):
        self._by_key: dict[str, Actor] = {}
        self._names: dict[str, str] = {a.id: a.name for a in registry.actors}
        self._kinds: dict[str, str | None] = {
            a.id: a.kind or {"country": "country", "person": None}.get(a.type, "organisation") for a in registry.actors
        }
        for a in registry.actors:
            actor = Actor(a.id, a.name, a.type, a.affiliation, True, self._kinds[a.id])
            for key in [a.name, *a.aliases]:
                self._by_key.setdefault(self._key(key), actor)
        self.aliases: list[tuple[str, Actor]] = [
            (key, actor)
            for a in registry.actors
            for key in [a.name, *a.aliases]
            if (actor := self._by_key[self._key(key)])
        ]

    @staticmethod
    def _key(text: str) -> str:
        text = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
        return ascii_fold(text).lower()

    def lookup(self, name: str) -> Actor | None:
        return self._by_key.get(self._key(name)) or self._by_key.get(self._key(clean_name(name)))

    def kind_of(self, actor_id: str) -> str | None:
        """The registered actor's kind of affiliation (party, government_office, country, …); None if unregistered."""
        return self._kinds.get(actor_id)

    def display(self, actor_id: str | None) -> str | None:
        return self._names.get(actor_id, actor_id) if actor_id else None

    def resolve(self, name: str, label: str) -> Actor:
        """The registered actor for ``name``, else a new one with a stable slug id."""
        found = self.lookup(name)
        if found:
            return found
        clean = clean_name(name)
        return Actor(slug(clean), clean, TYPE_OF_LABEL.get(label, "organization"))
