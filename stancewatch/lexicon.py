"""Word lists shared by mention finding and attribution: speech and position verbs, role and title words,
the nouns of documents and organisations that speak, party tags.

Kept apart so that both stages read the same inventory (a verb that makes a statement also marks its
capitalised subject as an organisation name)."""

from __future__ import annotations

import re

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
    "abstain", "object", "resist", "offer",
}


ROLE_WORDS = {"democrat", "republican",
    "president", "chancellor", "minister", "premier", "spokesman", "spokeswoman", "spokesperson", "chief", "leader",
    "secretary", "commissioner", "ambassador", "envoy", "head", "king", "queen", "general", "governor", "mayor",
    "senator", "representative", "congressman", "congresswoman", "speaker", "chairman", "chairwoman", "chair",
    "prosecutor", "judge", "candidate", "nominee", "attorney", "ceo", "director", "lawmaker",
    "member", "councillor", "justice", "sheriff", "treasurer", "administrator", "superintendent", "ombudsman", "whip", "founder",
}


# one key per role (see mentions.role_key): the gendered and the abbreviated forms name the same office
ROLE_SYNONYMS = {"congressman": "representative", "congresswoman": "representative", "chairman": "chair", "chairwoman": "chair",
                 "spokesman": "spokesperson", "spokeswoman": "spokesperson", "mp": "member", "msp": "member",
                 "democratic": "democrat", "councilwoman": "councillor", "councilman": "councillor", "alderman": "councillor"}
TITLE_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "pres": "president",
                       "sec": "secretary", "atty": "attorney", "amb": "ambassador"}


GENDERED = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "spokesman": "m", "spokeswoman": "f", "congressman": "m",
            "congresswoman": "f", "chairman": "m", "chairwoman": "f", "king": "m", "queen": "f", "sir": "m", "dame": "f",
            "lady": "f", "lord": "m", "businessman": "m", "businesswoman": "f"}


# party/state tags after a US politician's name: "(D-Ill.)", ", R-Texas,"
PARTY_TAG = re.compile(r"\s*[(,]\s*([RDI])-\s?([A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)\s*[),]")


PARTIES = {"D": "Democratic Party", "R": "Republican Party", "I": "Independent"}


PARTY_ROLES = {"D": "democrat", "R": "republican"}


# documents that "say" things, by kind: "the ad says" after "an advertisement paid for by X" is X's
DOCUMENT_KINDS = {
    "statement": "statement", "release": "statement", "announcement": "statement",
    "lawsuit": "lawsuit", "suit": "lawsuit", "complaint": "lawsuit", "filing": "lawsuit", "motion": "lawsuit",
    "petition": "lawsuit", "brief": "lawsuit", "claim": "lawsuit",
    "ad": "ad", "advertisement": "ad", "commercial": "ad",
    "letter": "letter", "memo": "memo", "email": "letter", "message": "letter",
    "leaflet": "leaflet", "flyer": "leaflet", "mailer": "leaflet", "pamphlet": "leaflet",
    "report": "report", "review": "report", "study": "report", "assessment": "report", "audit": "report",
    "ruling": "ruling", "judgment": "ruling", "judgement": "ruling", "opinion": "ruling", "order": "ruling",
    "post": "post", "tweet": "post", "video": "video", "op-ed": "op-ed", "editorial": "op-ed", "proposal": "proposal",
    "website": "website",
}
ORG_NOUNS = {"agency", "department", "company", "union", "party", "ministry", "group", "court", "committee", "council",
             "government", "firm", "organisation", "organization", "administration", "board", "commission", "office",
             "campaign", "association", "federation", "bank", "charity", "coalition", "alliance", "institute", "center",
             "centre", "foundation", "regulator", "authority", "embassy", "trust", "network", "club", "league", "caucus"}


PRONOUNS = {"he": "m", "she": "f"}
