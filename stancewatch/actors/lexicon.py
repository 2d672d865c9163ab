"""Word lists shared by mention finding and attribution: speech and position verbs, role and title words,
the nouns of documents and organisations that speak, party tags.

Kept apart so that both stages read the same inventory (a verb that makes a statement also marks its
capitalised subject as an organisation name)."""

from __future__ import annotations

import re

SPEECH_CUES = {
    "say",
    "warn",
    "stress",
    "note",
    "tell",
    "add",
    "insist",
    "argue",
    "claim",
    "announce",
    "state",
    "write",
    "declare",
    "explain",
    "emphasise",
    "emphasize",
    "reiterate",
    "confirm",
    "suggest",
    "caution",
    "predict",
    "acknowledge",
    "admit",
    "respond",
    "reply",
    "tweet",
    "post",
    "signal",
    "indicate",
    "believe",
    "think",
    "contend",
    "accuse",
    "describe",
    "charge",
    "brand",
    "assert",
    "conclude",
    "allege",
    "testify",
    "maintain",
    "observe",
    "remark",
    "recall",
    "complain",
    "concede",
    "counter",
    "retort",
    "label",
    "dub",
    "term",
    "call",
    "ask",
    "question",
    "lament",
    "quip",
    "boast",
    "point",
    "mention",
    "caution",
    "vow",
    "promise",
    "pledge",
    "insist",
    "tout",
    "thank",
    "hail",
    "blame",
    "rule",
    "claim",
}


POSITION_CUES = {
    "rule",
    "reject",
    "oppose",
    "support",
    "back",
    "endorse",
    "welcome",
    "criticise",
    "criticize",
    "condemn",
    "denounce",
    "call",
    "urge",
    "demand",
    "propose",
    "pledge",
    "vow",
    "promise",
    "refuse",
    "threaten",
    "consider",
    "favour",
    "favor",
    "deny",
    "dismiss",
    "agree",
    "vote",
    "push",
    "defend",
    "praise",
    "slam",
    "blast",
    "veto",
    "block",
    "approve",
    "accuse",
    "abstain",
    "object",
    "resist",
    "offer",
    "join",  # "joined calls for …", "joined her in a statement calling for …"
    "side",  # "sided with Stockholm"
    "lobby",
    "campaign",
    "champion",
    "advocate",
    "embrace",
    "fight",
    "sign",
    "spearhead",
    "press",  # "pressed for"
    "seek",
    "plan",  # "plans to phase out coal"
    "intend",
    "lead",  # "led the opposition", "led calls for …"
}

# Position verbs that take a side only with one of these objects ("led the opposition", "joined calls for …", "signed
# the letter"), not in "leads Biden in the polls", "joined the company", "signed Mbappe". Read by mentions.is_cue.
CUE_OBJECTS = {
    "lead": {"opposition", "call", "campaign", "charge", "push", "effort", "drive", "fight", "protest", "resistance"},
    "join": {
        "call",
        "opposition",
        "coalition",
        "campaign",
        "chorus",
        "push",
        "protest",
        "effort",
        "statement",
        "letter",
        "appeal",
        "fight",
    },
    "sign": {
        "letter",
        "petition",
        "bill",
        "law",
        "order",
        "pledge",
        "declaration",
        "agreement",
        "deal",
        "treaty",
        "statement",
        "accord",
        "decree",
    },
}
# ... and these only with what they intend ("plans to phase out coal", "sought a ban"), never in the passive.
CUE_NEEDS_OBJECT = {"plan", "seek", "intend"}

# "X is (firmly) in favour", "X remains opposed to …", "X has been the most vocal champion of the ban": a position
# stated with a copula instead of a verb. Read by attribution.stance_predicate.
COPULAS = {"be", "remain", "appear", "seem", "stay"}
STANCE_ADJECTIVES = {
    "opposed",
    "supportive",
    "open",
    "keen",
    "eager",
    "sceptical",
    "skeptical",
    "wary",
    "hostile",
    "receptive",
    "committed",
    "determined",
    "reluctant",
    "unconvinced",
    "adamant",
    "resistant",
    "favourable",
    "favorable",
    "amenable",
    "lukewarm",
    "unwilling",
    "willing",
    "ready",
    "prepared",
}
STANCE_ROLE_NOUNS = {
    "champion",
    "supporter",
    "opponent",
    "critic",
    "advocate",
    "proponent",
    "backer",
    "defender",
    "sceptic",
    "skeptic",
    "foe",
}
# "the Commission's plan to ban …", "Germany's opposition to the tariffs": the possessor holds the position.
POSITION_NOUNS = {
    "plan",
    "proposal",
    "bill",
    "initiative",
    "push",
    "bid",
    "drive",
    "opposition",
    "support",
    "objection",
    "rejection",
    "backing",
    "veto",
    "demand",
    "pledge",
    "offer",
    "endorsement",
    "resistance",
    "decision",
    "refusal",
}


# A clause with its own subject opened by these, after a position, is not the position ("…, while Italy abstained").
CONTRAST_MARKS = ("while", "whereas")

# "The plan drew criticism from Hungary", "won backing from France and Italy", "met with resistance from the unions":
# a reaction of the actors after "from" (stancewatch.actors.attribution, _Reader.reaction_from).
REACTION_VERBS = {
    "draw",
    "win",
    "receive",
    "attract",
    "earn",
    "gain",
    "get",
    "meet",
    "face",
    "spark",
    "provoke",
    "prompt",
}
REACTION_NOUNS = {
    "support",
    "backing",
    "endorsement",
    "approval",
    "praise",
    "criticism",
    "opposition",
    "objection",
    "resistance",
    "condemnation",
    "rejection",
    "pushback",
    "backlash",
    "scepticism",
    "skepticism",
    "rebuke",
    "protest",
}

ROLE_WORDS = {
    "delegate",
    "democrat",
    "republican",
    "president",
    "chancellor",
    "minister",
    "premier",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chief",
    "leader",
    "secretary",
    "commissioner",
    "ambassador",
    "envoy",
    "head",
    "king",
    "queen",
    "general",
    "governor",
    "mayor",
    "senator",
    "representative",
    "congressman",
    "congresswoman",
    "speaker",
    "chairman",
    "chairwoman",
    "chair",
    "prosecutor",
    "judge",
    "candidate",
    "nominee",
    "attorney",
    "ceo",
    "director",
    "lawmaker",
    "member",
    "councillor",
    "justice",
    "sheriff",
    "constable",  # "Chief Constable X" … "the chief constable said"
    "treasurer",
    "administrator",
    "superintendent",
    "ombudsman",
    "whip",
    "founder",
}


# one key per role (see mentions.role_key): the gendered and the abbreviated forms name the same office
ROLE_SYNONYMS = {
    "congressman": "representative",
    "congresswoman": "representative",
    "chairman": "chair",
    "chairwoman": "chair",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "mp": "member",
    "msp": "member",
    "td": "member",
    "democratic": "democrat",
    "councilwoman": "councillor",
    "councilmember": "councillor",
    "cllr": "councillor",
    "councilman": "councillor",
    "alderman": "councillor",
}
TITLE_ABBREVIATIONS = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "pres": "president",
    "sec": "secretary",
    "atty": "attorney",
    "amb": "ambassador",
    "del": "delegate",
}


GENDERED = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "spokesman": "m",
    "spokeswoman": "f",
    "congressman": "m",
    "congresswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
    "king": "m",
    "queen": "f",
    "sir": "m",
    "dame": "f",
    "lady": "f",
    "lord": "m",
    "businessman": "m",
    "businesswoman": "f",
}


# party/state tags after a US politician's name: "(D-Ill.)", ", R-Texas,"
# (a tag that ends its sentence, ", D-Minn. We …", ends at the abbreviation's full stop)
PARTY_TAG = re.compile(r"\s*[(,]\s*([RDI])-\s?([A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)(?:\s*[),]|(?<=\.)(?=\s|$))")


PARTIES = {"D": "Democratic Party", "R": "Republican Party", "I": "Independent"}


PARTY_ROLES = {"D": "democrat", "R": "republican"}


# A paragraph's last sentence that hands over to the next paragraph with a colon ("He continued:", "Its post read:",
# "… with the caption:"): its verb is a speech cue or one of these (stancewatch.actors.posts).
INTRO_VERBS = SPEECH_CUES | {
    "continue",
    "read",
    "share",
    "caption",
    "begin",
    "conclude",
    "end",
    "repost",
    "retweet",
    "quote",
    "publish",
    "upload",
    "put",
    "go",
}
# what a post is called: "in a post", "with the caption", "Its post read:"
POST_NOUNS = {"post", "tweet", "message", "caption", "statement", "video", "thread", "update", "reel", "story"}


# documents that "say" things, by kind: "the ad says" after "an advertisement paid for by X" is X's
DOCUMENT_KINDS = {
    "statement": "statement",
    "release": "statement",
    "announcement": "statement",
    "lawsuit": "lawsuit",
    "suit": "lawsuit",
    "complaint": "lawsuit",
    "filing": "lawsuit",
    "motion": "lawsuit",
    "petition": "lawsuit",
    "brief": "lawsuit",
    "claim": "lawsuit",
    "ad": "ad",
    "advertisement": "ad",
    "commercial": "ad",
    "letter": "letter",
    "memo": "memo",
    "email": "letter",
    "message": "letter",
    "leaflet": "leaflet",
    "flyer": "leaflet",
    "mailer": "leaflet",
    "pamphlet": "leaflet",
    "report": "report",
    "review": "report",
    "study": "report",
    "assessment": "report",
    "audit": "report",
    "poll": "poll",  # "A poll released by X found …": the pollster's
    "ruling": "ruling",
    "judgment": "ruling",
    "judgement": "ruling",
    "opinion": "ruling",
    "dissent": "dissent",
    "order": "ruling",
    "post": "post",
    "tweet": "post",
    "video": "video",
    "op-ed": "op-ed",
    "editorial": "op-ed",
    "proposal": "proposal",
    "website": "website",
    "notice": "notice",
    "amendment": "amendment",
    "resolution": "resolution",
    "newsletter": "letter",
    "column": "op-ed",
    "analysis": "report",
    "research": "report",
    "strategy": "proposal",
    "manifesto": "proposal",
    "communique": "statement",
    "communiqué": "statement",
    "survey": "report",
    "document": "report",
    "paper": "report",
    "white paper": "report",
    "guidance": "report",
    "plan": "proposal",
    "bill": "proposal",
    "spot": "ad",
    "script": "ad",
    "complaint letter": "letter",
    "inspection": "report",
    "investigation": "report",
    "inquiry": "report",
    "note": "letter",
    "submission": "report",
    "draft": "proposal",
    "response": "statement",
    "conclusion": "statement",
    "declaration": "statement",
}
# Verbs a document states things with that are no speech verbs: "A report … found that …", "The assessment estimates
# that …", "the report counted 41 threats" (stancewatch.actors.documents).
DOCUMENT_VERBS = {
    "find",
    "estimate",
    "count",
    "show",
    "recommend",
    "document",
    "cite",
    "project",
    "calculate",
    "identify",
    "list",
    "detail",
    "outline",
    "reveal",
    "highlight",
    "record",
    # what a letter, complaint, bill or ruling asks for or provides: "The letter gives the company 30 days", "The
    # draft would require …", "The complaint asks …", "The poll put Labour on 29 per cent"
    "give",
    "require",
    "ban",
    "request",
    "order",
    "direct",
    "bar",
    "allow",
    "put",
}
ORG_NOUNS = {
    "agency",
    "division",  # "the Nevada Housing Division" … "according to the division"
    "department",
    "company",
    "union",
    "party",
    "ministry",
    "group",
    "court",
    "committee",
    "council",
    "government",
    "firm",
    "organisation",
    "organization",
    "administration",
    "board",
    "commission",
    "office",
    "campaign",
    "association",
    "federation",
    "bank",
    "charity",
    "coalition",
    "alliance",
    "institute",
    "center",
    "centre",
    "foundation",
    "regulator",
    "authority",
    "embassy",
    "trust",
    "network",
    "club",
    "league",
    "caucus",
    "inspectorate",
    "watchdog",
    "forum",
    "guild",
    "pac",
    "bloc",
}

# "the agency said" after "the Federal Aviation Administration …": the words that make a name that kind of body
# (stancewatch.actors.speakers.organisation_for); the noun itself always does.
_AGENCY_WORDS = {"agency", "administration", "department", "bureau", "service", "office", "commission", "ministry"}
ORG_KINDS = {
    # "the bloc said": an alliance of states the article names (registered ones, or a name saying so)
    "bloc": {"asean", "eu", "caricom", "mercosur", "union", "community", "nations", "opec", "g7", "g20", "nato"},
    "agency": _AGENCY_WORDS | {"authority", "inspectorate", "regulator"},
    "department": {"department", "ministry"},
    "ministry": {"ministry", "department"},
    "union": {"union", "workers", "teamsters", "federation", "brotherhood", "guild"},
    "company": {"inc", "inc.", "corp", "corp.", "corporation", "co", "ltd", "plc", "llc", "holdings"},
    "firm": {"inc", "inc.", "corp", "corp.", "corporation", "llp", "ltd", "plc", "llc", "partners"},
    "court": {"court", "tribunal"},
    "committee": {"committee", "panel"},
    "panel": {"committee", "panel"},
    "regulator": _AGENCY_WORDS | {"authority", "regulator", "ofwat", "ofcom", "ofgem"},
}

# Name words that make an organisation a kind of body no other organisation noun means: "the charity" is not the Court
# of Appeal, "the group" not the Democratic Party or the Labor Department.
DISTINCT_KINDS = {
    "court",
    "tribunal",
    "party",
    "embassy",
    "ministry",
    "department",
    "agency",
    "administration",
    "bureau",
    "police",
    "army",
    "navy",
    "university",
    "bank",
    "inc",
    "corp",
    "corporation",
}


# US states by name, with their AP and postal abbreviations as party tags write them ("(R-Wyo.)", "R-NY"): "the Wyoming
# Republican" is the senator tagged "(R-Wyo.)" (stancewatch.actors.coref.resolve_role).
US_STATES = {
    name: {name.replace(" ", ""), *abbr.lower().replace(".", "").split()}
    for name, abbr in (
        line.split(":")
        for line in """alabama:Ala. AL|alaska:AK|arizona:Ariz. AZ|arkansas:Ark. AR|california:Calif. CA
colorado:Colo. CO|connecticut:Conn. CT|delaware:Del. DE|florida:Fla. FL|georgia:Ga. GA|hawaii:HI|idaho:ID
illinois:Ill. IL|indiana:Ind. IN|iowa:IA|kansas:Kan. Kans. KS|kentucky:Ky. KY|louisiana:La. LA|maine:ME
maryland:Md. MD|massachusetts:Mass. MA|michigan:Mich. MI|minnesota:Minn. MN|mississippi:Miss. MS|missouri:Mo. MO
montana:Mont. MT|nebraska:Neb. Nebr. NE|nevada:Nev. NV|new hampshire:N.H. NH|new jersey:N.J. NJ
new mexico:N.M. NM|new york:N.Y. NY|north carolina:N.C. NC|north dakota:N.D. ND|ohio:OH|oklahoma:Okla. OK
oregon:Ore. Oreg. OR|pennsylvania:Pa. Penn. PA|rhode island:R.I. RI|south carolina:S.C. SC|south dakota:S.D. SD
tennessee:Tenn. TN|texas:Tex. TX|utah:UT|vermont:Vt. VT|virginia:Va. VA|washington:Wash. WA
west virginia:W.Va. W.V. WV|wisconsin:Wis. Wisc. WI|wyoming:Wyo. WY""".replace("\n", "|").split("|")
    )
}


# People who speak for the body after "of" / "at" / "from": "the chairs of the BMA's consultants committee said",
# "Officials at the Department of Transportation said" (stancewatch.actors.speakers.speaker_of).
MEMBER_NOUNS = {
    "chair",
    "member",
    "leader",
    "official",
    "executive",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "representative",
    "lawyer",
    "attorney",
    "officer",
    "director",
}


PRONOUNS = {"he": "m", "she": "f"}


# Sovereign states (and a few territories news treats as states) by their usual English short names: a place that
# is one of these stays an actor even when an article only names it (its portrayal still counts); any other place
# that never speaks or acts in the article — a town, a region — is not an actor (mentions.bystanders).
COUNTRIES = frozenset(
    " ".join(name.split()).lower()
    for name in """
Afghanistan, Albania, Algeria, Andorra, Angola, Antigua and Barbuda, Argentina, Armenia, Australia, Austria,
Azerbaijan, Bahamas, Bahrain, Bangladesh, Barbados, Belarus, Belgium, Belize, Benin, Bhutan, Bolivia,
Bosnia and Herzegovina, Bosnia, Botswana, Brazil, Brunei, Bulgaria, Burkina Faso, Burundi, Cabo Verde, Cape Verde,
Cambodia, Cameroon, Canada, Central African Republic, Chad, Chile, China, Colombia, Comoros, Congo,
Democratic Republic of the Congo, Costa Rica, Côte d'Ivoire, Ivory Coast, Croatia, Cuba, Cyprus, Czechia,
Czech Republic, Denmark, Djibouti, Dominica, Dominican Republic, Ecuador, Egypt, El Salvador, Equatorial Guinea,
England, Scotland, Wales, Northern Ireland, Eritrea, Estonia, Eswatini, Ethiopia,
Fiji, Finland, France, Gabon, Gambia, Georgia, Germany, Ghana, Greece, Grenada,
Guatemala, Guinea, Guinea-Bissau, Guyana, Haiti, Honduras, Hungary, Iceland, India, Indonesia, Iran, Iraq, Ireland,
Israel, Italy, Jamaica, Japan, Jordan, Kazakhstan, Kenya, Kiribati, Kosovo, Kuwait, Kyrgyzstan, Laos, Latvia, Lebanon,
Lesotho, Liberia, Libya, Liechtenstein, Lithuania, Luxembourg, Madagascar, Malawi, Malaysia, Maldives, Mali, Malta,
Marshall Islands, Mauritania, Mauritius, Mexico, Micronesia, Moldova, Monaco, Mongolia, Montenegro, Morocco,
Mozambique, Myanmar, Burma, Namibia, Nauru, Nepal, Netherlands, New Zealand, Nicaragua, Niger, Nigeria, North Korea,
North Macedonia, Macedonia, Norway, Oman, Pakistan, Palau, Palestine, Panama, Papua New Guinea, Paraguay, Peru,
Philippines, Poland, Portugal, Qatar, Romania, Russia, Rwanda, Saint Kitts and Nevis, Saint Lucia,
Saint Vincent and the Grenadines, Samoa, San Marino, Sao Tome and Principe, Saudi Arabia, Senegal, Serbia,
Seychelles, Sierra Leone, Singapore, Slovakia, Slovenia, Solomon Islands, Somalia, South Africa, South Korea, Korea,
South Sudan, Spain, Sri Lanka, Sudan, Suriname, Sweden, Switzerland, Syria, Taiwan, Tajikistan, Tanzania, Thailand,
Timor-Leste, East Timor, Togo, Tonga, Trinidad and Tobago, Tunisia, Turkey, Türkiye, Turkmenistan, Tuvalu, Uganda,
Ukraine, United Arab Emirates, UAE, United Kingdom, Britain, Great Britain, UK, United States, America, USA, US,
Uruguay, Uzbekistan, Vanuatu, Vatican, Holy See, Venezuela, Vietnam, Yemen, Zambia, Zimbabwe
""".split(",")
)
