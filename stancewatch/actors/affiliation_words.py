"""The words that say what a person belongs to, normalised: parties, chambers, offices, departments and US states.

Plain tables read by ``stancewatch.actors.affiliations``. Each canonical name is what the tables and the evaluation
gold call the affiliation ("Democratic Party", "House of Representatives", "Home Office"); its id is the registry's
where the registry has it, else the slug of the name."""

from __future__ import annotations

# The six kinds of affiliation (docs/SCHEMAS.md, mentions.affiliations).
KINDS = ("party", "chamber", "government_office", "organisation", "country", "state_region")

# Party words in any form an article uses ("Democratic", "Democrats", "(D-Md.)", "Tory", "Lib Dem") → party name.
PARTY_WORDS = {
    "democratic": "Democratic Party",
    "democrat": "Democratic Party",
    "democrats": "Democratic Party",
    "democratic party": "Democratic Party",
    "dem": "Democratic Party",
    "dems": "Democratic Party",
    "d": "Democratic Party",
    "republican": "Republican Party",
    "republicans": "Republican Party",
    "republican party": "Republican Party",
    "gop": "Republican Party",
    "r": "Republican Party",
    "labour": "Labour Party",
    "labour party": "Labour Party",
    "conservative": "Conservative Party",
    "conservatives": "Conservative Party",
    "conservative party": "Conservative Party",
    "tory": "Conservative Party",
    "tories": "Conservative Party",
    "lib dem": "Liberal Democrats",
    "lib dems": "Liberal Democrats",
    "liberal democrat": "Liberal Democrats",
    "liberal democrats": "Liberal Democrats",
    "reform uk": "Reform UK",
    "reform": "Reform UK",
    "green": "Green Party",
    "greens": "Green Party",
    "green party": "Green Party",
    "snp": "Scottish National Party",
    "scottish national party": "Scottish National Party",
    "plaid cymru": "Plaid Cymru",
    "dup": "Democratic Unionist Party",
    "democratic unionist party": "Democratic Unionist Party",
    "sinn fein": "Sinn Féin",
    "sinn féin": "Sinn Féin",
    # Ireland, Northern Ireland, Canada, Australia, New Zealand, Austria: the names that are no other party's
    "fianna fáil": "Fianna Fáil",
    "fianna fail": "Fianna Fáil",
    "fine gael": "Fine Gael",
    "people before profit": "People Before Profit",
    "uup": "Ulster Unionist Party",
    "ulster unionist party": "Ulster Unionist Party",
    "ulster unionists": "Ulster Unionist Party",
    "sdlp": "Social Democratic and Labour Party",
    "tuv": "Traditional Unionist Voice",
    "traditional unionist voice": "Traditional Unionist Voice",
    "alliance party": "Alliance Party",
    "ndp": "New Democratic Party",
    "new democratic party": "New Democratic Party",
    "new democrats": "New Democratic Party",
    "bloc québécois": "Bloc Québécois",
    "bloc quebecois": "Bloc Québécois",
    "labor party": "Australian Labor Party",
    "australian labor party": "Australian Labor Party",
    "australian greens": "Australian Greens",
    "te pāti māori": "Te Pāti Māori",
    "te pati maori": "Te Pāti Māori",
    "nz first": "New Zealand First",
    "new zealand first": "New Zealand First",
    "övp": "Austrian People's Party",
    "austrian people's party": "Austrian People's Party",
    "fpö": "Freedom Party of Austria",
    "freedom party of austria": "Freedom Party of Austria",
    "spö": "Social Democratic Party of Austria",
    "neos": "NEOS",
}

# Party words that are ordinary English words too: a party only with a capital letter and next to a person
# ("Reform's deputy leader", "a Green councillor"), never from lower-case text.
AMBIGUOUS_PARTY_WORDS = {"reform", "green", "greens", "conservative", "conservatives", "d", "r", "dem", "dems"}

# Words of a person's title that name their chamber. A "state" before the title, or a state chamber's name in
# the title, makes it that state's chamber ("state Sen." → "Arizona Senate" when the party tag says Ariz.).
CHAMBER_TITLES = {
    "sen": "Senate",
    "senator": "Senate",
    "rep": "House of Representatives",
    "representative": "House of Representatives",
    "congressman": "House of Representatives",
    "congresswoman": "House of Representatives",
    "congressmember": "House of Representatives",
    "mp": "House of Commons",
    "msp": "Scottish Parliament",
    "mla": "Northern Ireland Assembly",
    "td": "Dáil Éireann",
    "mep": "European Parliament",
    "peer": "House of Lords",
    "baroness": "House of Lords",
    "lord": "House of Lords",
    "assemblyman": "Assembly",
    "assemblywoman": "Assembly",
    "assemblymember": "Assembly",
}
# Chamber names as an article writes them inside a title or apposition ("Senate Majority Leader", "House Speaker").
CHAMBER_NAMES = {
    "senate": "Senate",
    "u.s. senate": "Senate",
    "us senate": "Senate",
    "house": "House of Representatives",
    "u.s. house": "House of Representatives",
    "house of representatives": "House of Representatives",
    "commons": "House of Commons",
    "house of commons": "House of Commons",
    "house of lords": "House of Lords",
    "lords": "House of Lords",
    "scottish parliament": "Scottish Parliament",
    "holyrood": "Scottish Parliament",
    "senedd": "Senedd",
    "european parliament": "European Parliament",
    "westminster": "House of Commons",
}
# A title word that makes a person their chamber's presiding officer: "House Speaker" is in the House.
CHAMBER_OFFICERS = {"speaker": "House of Representatives"}

# Elected executive offices of a place: "Gov. X (D-Ariz.)", "Montana Attorney General X", "Willcox Mayor X" →
# "Governor of Arizona", "Attorney General of Montana", "Mayor of Willcox" (and the place as state_region when it
# is a US state). Longer keys first when matching.
PLACE_OFFICES = {
    "gov": "Governor",
    "governor": "Governor",
    "lieutenant governor": "Lieutenant Governor",
    "lt. gov": "Lieutenant Governor",
    "lt gov": "Lieutenant Governor",
    "attorney general": "Attorney General",
    "secretary of state": "Secretary of State",
    "state treasurer": "Treasurer",
    "mayor": "Mayor",
    "comptroller": "Comptroller",
    "insurance commissioner": "Insurance Commissioner",
    "agriculture commissioner": "Agriculture Commissioner",
    "state auditor": "Auditor",
    "superintendent of public instruction": "Superintendent of Public Instruction",
}

# National ministers' titles → (department, country). UK and US titles that differ; a title both use ("Energy
# Secretary") is read with the article's country (``locale``).
MINISTER_TITLES: dict[str, dict[str, str]] = {
    "home secretary": {"uk": "Home Office"},
    "home office minister": {"uk": "Home Office"},
    "immigration minister": {"uk": "Home Office"},
    "policing minister": {"uk": "Home Office"},
    "security minister": {"uk": "Home Office"},
    "foreign secretary": {"uk": "Foreign, Commonwealth and Development Office"},
    "foreign office minister": {"uk": "Foreign, Commonwealth and Development Office"},
    "chancellor of the exchequer": {"uk": "HM Treasury"},
    "treasury minister": {"uk": "HM Treasury"},
    "chief secretary to the treasury": {"uk": "HM Treasury"},
    "health secretary": {"uk": "Department of Health and Social Care", "us": "Department of Health and Human Services"},
    "health minister": {"uk": "Department of Health and Social Care"},
    "defence secretary": {"uk": "Ministry of Defence"},
    "defence minister": {"uk": "Ministry of Defence"},
    "armed forces minister": {"uk": "Ministry of Defence"},
    "defense secretary": {"us": "Department of Defense"},
    "education secretary": {"uk": "Department for Education", "us": "Department of Education"},
    "schools minister": {"uk": "Department for Education"},
    "justice secretary": {"uk": "Ministry of Justice"},
    "prisons minister": {"uk": "Ministry of Justice"},
    "housing secretary": {"uk": "Ministry of Housing, Communities and Local Government"},
    "housing minister": {"uk": "Ministry of Housing, Communities and Local Government"},
    "communities secretary": {"uk": "Ministry of Housing, Communities and Local Government"},
    "local government minister": {"uk": "Ministry of Housing, Communities and Local Government"},
    "planning minister": {"uk": "Ministry of Housing, Communities and Local Government"},
    "transport secretary": {"uk": "Department for Transport"},
    "rail minister": {"uk": "Department for Transport"},
    "roads minister": {"uk": "Department for Transport"},
    "transportation secretary": {"us": "Department of Transportation"},
    "business secretary": {"uk": "Department for Business and Trade"},
    "trade secretary": {"uk": "Department for Business and Trade"},
    "energy secretary": {"uk": "Department for Energy Security and Net Zero", "us": "Department of Energy"},
    "energy minister": {"uk": "Department for Energy Security and Net Zero"},
    "nuclear minister": {"uk": "Department for Energy Security and Net Zero"},
    "climate minister": {"uk": "Department for Energy Security and Net Zero"},
    "environment secretary": {"uk": "Department for Environment, Food and Rural Affairs"},
    "environment minister": {"uk": "Department for Environment, Food and Rural Affairs"},
    "farming minister": {"uk": "Department for Environment, Food and Rural Affairs"},
    "water minister": {"uk": "Department for Environment, Food and Rural Affairs"},
    "work and pensions secretary": {"uk": "Department for Work and Pensions"},
    "culture secretary": {"uk": "Department for Culture, Media and Sport"},
    "science secretary": {"uk": "Department for Science, Innovation and Technology"},
    "technology secretary": {"uk": "Department for Science, Innovation and Technology"},
    "scottish secretary": {"uk": "Scotland Office"},
    "welsh secretary": {"uk": "Wales Office"},
    "northern ireland secretary": {"uk": "Northern Ireland Office"},
    "cabinet office minister": {"uk": "Cabinet Office"},
    "treasury secretary": {"us": "Department of the Treasury"},
    "homeland security secretary": {"us": "Department of Homeland Security"},
    "agriculture secretary": {"us": "Department of Agriculture"},
    "commerce secretary": {"us": "Department of Commerce"},
    "labor secretary": {"us": "Department of Labor"},
    "interior secretary": {"us": "Department of the Interior"},
    "veterans affairs secretary": {"us": "Department of Veterans Affairs"},
    "housing and urban development secretary": {"us": "Department of Housing and Urban Development"},
    "secretary of state": {"us": "Department of State"},
    "attorney general": {"us": "Department of Justice"},
    "white house press secretary": {"us": "White House"},
    "white house spokesperson": {"us": "White House"},
    "white house spokesman": {"us": "White House"},
    "white house spokeswoman": {"us": "White House"},
    "white house chief of staff": {"us": "White House"},
}
# US departments: "Secretary of Defense", "Under Secretary of Energy", "Energy Department" → "Department of …".
US_DEPARTMENTS = (
    "Agriculture", "Commerce", "Defense", "Education", "Energy", "Health and Human Services", "Homeland Security",
    "Housing and Urban Development", "the Interior", "Justice", "Labor", "State", "Transportation", "the Treasury",
    "Veterans Affairs",
)  # fmt: skip
for _dept in US_DEPARTMENTS:
    _key = _dept.lower().removeprefix("the ")
    if _key != "state":  # "Secretary of State X": federal, or a state's office (see affiliations.place_office)
        MINISTER_TITLES.setdefault(f"secretary of {_key}", {"us": f"Department of {_dept}"})
        MINISTER_TITLES.setdefault(f"secretary of the {_key}", {"us": f"Department of {_dept}"})
MINISTER_TITLES.update(
    {
        "finance minister": {"uk": "HM Treasury"},
        "trade representative": {"us": "Office of the United States Trade Representative"},
        "press secretary": {"us": "White House"},
        "national security adviser": {"us": "White House"},
        "assistant attorney general": {"us": "Department of Justice"},
        "deputy attorney general": {"us": "Department of Justice"},
        "associate attorney general": {"us": "Department of Justice"},
        "solicitor general": {"us": "Department of Justice"},
    }
)
# Other countries' ministries as reporters word them ("Chinese foreign ministry spokesman") → "Ministry of …"; the
# country is the demonym in the title.
FOREIGN_MINISTRIES = {
    "foreign": "Ministry of Foreign Affairs",
    "defence": "Ministry of Defence",
    "defense": "Ministry of Defense",
    "interior": "Ministry of the Interior",
    "finance": "Ministry of Finance",
    "commerce": "Ministry of Commerce",
    "trade": "Ministry of Trade",
    "health": "Ministry of Health",
    "justice": "Ministry of Justice",
    "economy": "Ministry of the Economy",
    "economic": "Ministry of the Economy",
    "energy": "Ministry of Energy",
    "industry": "Ministry of Industry",
    "agriculture": "Ministry of Agriculture",
    "education": "Ministry of Education",
    "transport": "Ministry of Transport",
    "environment": "Ministry of the Environment",
    "labour": "Ministry of Labour",
    "culture": "Ministry of Culture",
}
# Agencies and regulators by their acronym → name and country ("" for a regulator without one in the gold sense).
AGENCIES = {
    "epa": ("Environmental Protection Agency", "us"),
    "fema": ("Federal Emergency Management Agency", "us"),
    "faa": ("Federal Aviation Administration", "us"),
    "fda": ("Food and Drug Administration", "us"),
    "cdc": ("Centers for Disease Control and Prevention", "us"),
    "fbi": ("Federal Bureau of Investigation", "us"),
    "irs": ("Internal Revenue Service", "us"),
    "ice": ("Immigration and Customs Enforcement", "us"),
    "cbp": ("Customs and Border Protection", "us"),
    "tsa": ("Transportation Security Administration", "us"),
    "dhs": ("Department of Homeland Security", "us"),
    "doj": ("Department of Justice", "us"),
    "dot": ("Department of Transportation", "us"),
    "usda": ("Department of Agriculture", "us"),
    "hhs": ("Department of Health and Human Services", "us"),
    "hmrc": ("HM Revenue and Customs", "uk"),
    "dwp": ("Department for Work and Pensions", "uk"),
    "defra": ("Department for Environment, Food and Rural Affairs", "uk"),
    "dhsc": ("Department of Health and Social Care", "uk"),
    "fcdo": ("Foreign, Commonwealth and Development Office", "uk"),
    "ofwat": ("Ofwat", ""),
    "ofgem": ("Ofgem", ""),
    "ofcom": ("Ofcom", ""),
    "ofsted": ("Ofsted", ""),
    "european commission": ("European Commission", ""),
    "eu commission": ("European Commission", ""),
}
AGENCIES |= {full.lower(): (full, where) for full, where in list(AGENCIES.values())}  # "Food and Drug Administration"
# Council areas outside England's counties whose "<Area> Council" is a local authority ("Gwynedd Council")
COUNCIL_AREAS = frozenset(
    """Anglesey Blaenau Bridgend Caerphilly Cardiff Carmarthenshire Ceredigion Conwy Denbighshire Flintshire Gwynedd
    Merthyr Monmouthshire Neath Newport Pembrokeshire Powys Rhondda Swansea Torfaen Vale Wrexham Aberdeen
    Aberdeenshire Angus Argyll Clackmannanshire Dumfries Dundee Edinburgh Falkirk Fife Glasgow Highland Inverclyde
    Midlothian Moray Orkney Perth Renfrewshire Shetland Stirling Lothian Ayrshire Lanarkshire Dunbartonshire
    Birmingham Bristol Leeds Liverpool Manchester Sheffield Bradford Coventry Leicester Nottingham Plymouth
    Southampton Portsmouth Brighton Hull York Wakefield Kirklees Calderdale Sunderland Gateshead Salford
    Wigan""".split()
)
# Nouns an organisation is called by after it has been named: "the union's president", "its chief executive".
ORG_REFERENCE_NOUNS = {
    "union", "party", "group", "charity", "association", "organisation", "organization", "council", "committee",
    "company", "firm", "campaign", "coalition", "caucus", "agency", "department", "ministry", "regulator", "body",
    "federation", "alliance", "network", "foundation", "institute", "trust", "board", "society", "league",
    "forum", "guild", "club", "fund", "commission", "authority", "center", "centre", "bureau", "office",
}  # fmt: skip
# Seats of government that stand for an executive: "Kremlin spokesman", "Elysee adviser".
SEATS_OF_GOVERNMENT = {"kremlin": "Kremlin", "elysee": "Élysée Palace", "élysée": "Élysée Palace"}

# The chancellor of a UK article is the Chancellor of the Exchequer (in a German one, the head of government).
UK_ONLY_TITLES = {"chancellor": "HM Treasury"}

COUNTRY_OF_LOCALE = {"uk": "United Kingdom", "us": "United States"}

# Names of government bodies: a name that matches is a government_office ("the Department of Justice", "Home
# Office", "Harrowdale Borough Council", "the State Board of Education"); national ones also give their country.
NATIONAL_BODY_HEADS = ("department of ", "department for ", "ministry of ", "ministry for ", "u.s. department of ")
NATIONAL_BODY_NAMES = {
    "white house": "us",
    "home office": "uk",
    "foreign office": "uk",
    "cabinet office": "uk",
    "treasury": "",
    "hm treasury": "uk",
    "downing street": "uk",
    "no 10": "uk",
    "number 10": "uk",
    "scotland office": "uk",
    "wales office": "uk",
    "northern ireland office": "uk",
    "pentagon": "us",
    "state department": "us",
    "justice department": "us",
    "defense department": "us",
    "education department": "us",
    "energy department": "us",
}
# Short names of departments → their normalised name.
BODY_ALIASES = {
    "justice department": "Department of Justice",
    "state department": "Department of State",
    "defense department": "Department of Defense",
    "education department": "Department of Education",
    "energy department": "Department of Energy",
    "foreign office": "Foreign, Commonwealth and Development Office",
    "treasury": "HM Treasury",
    "no 10": "Downing Street",
    "number 10": "Downing Street",
}
NATIONAL_AGENCY_WORDS = ("agency", "administration", "bureau", "service")
# Local government bodies: "Harrowdale Borough Council", "the State Board of Education", "Cook County Commission" (a
# bare "council" is often a union or a professional body: "the Bar Council", "the National Border Patrol Council").
LOCAL_BODY = (
    r"\b(?:borough|county|city|district|town|parish|metropolitan|municipal|regional|state|village) "
    r"(?:council|commission|board|authority|legislature|assembly)\b|"
    r"\bboard of (?:[a-z]+ ){0,2}(?:education|supervisors|elections|commissioners|regents)\b|"
    r"\bcounty commission|\bcity council\b|\blegislature\b|"
    r"\bfire (?:department|rescue authority|authority)$"
)
# Public services and courts: government bodies, but appointed, so no state of their own is read from them ("the
# Columbus Division of Police", "Cumbria Constabulary", "the Kansas Supreme Court", "Leeds Teaching Hospitals NHS
# Trust").
PUBLIC_SERVICE_BODY = (
    r"\bpolice (?:department|bureau|service|force)$|(?<!order of )(?<=\w )police$|\bdivision of police$|"
    r"\bconstabulary$|\b(?:sheriff|prosecutor|district attorney)(?:'s|’s) office$|\bnhs (?:foundation )?trust$|"
    r"\bhealth board$|\b(?:unified |independent |public )?school district$|\b(?:transit|transportation) authority$|"
    r"\bsupreme court$|\bcourt of (?:criminal )?appeals?$|\b(?:district|circuit|superior|county) court$"
)

# Words that mark an article as British or American, for the titles both countries use.
UK_MARKERS = (" MP", "Labour", "Tory", "Tories", "Westminster", "Whitehall", "Downing Street", "No 10", "£", "Commons")
US_MARKERS = ("Sen.", "Rep.", "Congress", "Democrat", "Republican", "White House", "$", "Gov.")

# US states: name → the forms an article uses for it (AP abbreviations, postal codes).
US_STATES = {
    "Alabama": ("Ala.", "AL"),
    "Alaska": ("AK",),
    "Arizona": ("Ariz.", "AZ"),
    "Arkansas": ("Ark.", "AR"),
    "California": ("Calif.", "Cal.", "CA"),
    "Colorado": ("Colo.", "CO"),
    "Connecticut": ("Conn.", "CT"),
    "Delaware": ("Del.", "DE"),
    "Florida": ("Fla.", "FL"),
    "Georgia": ("Ga.", "GA"),
    "Hawaii": ("HI",),
    "Idaho": ("ID",),
    "Illinois": ("Ill.", "IL"),
    "Indiana": ("Ind.", "IN"),
    "Iowa": ("IA",),
    "Kansas": ("Kan.", "Kans.", "KS"),
    "Kentucky": ("Ky.", "KY"),
    "Louisiana": ("La.", "LA"),
    "Maine": ("ME",),
    "Maryland": ("Md.", "MD"),
    "Massachusetts": ("Mass.", "MA"),
    "Michigan": ("Mich.", "MI"),
    "Minnesota": ("Minn.", "MN"),
    "Mississippi": ("Miss.", "MS"),
    "Missouri": ("Mo.", "MO"),
    "Montana": ("Mont.", "MT"),
    "Nebraska": ("Neb.", "Nebr.", "NE"),
    "Nevada": ("Nev.", "NV"),
    "New Hampshire": ("N.H.", "NH"),
    "New Jersey": ("N.J.", "NJ"),
    "New Mexico": ("N.M.", "NM"),
    "New York": ("N.Y.", "NY"),
    "North Carolina": ("N.C.", "NC"),
    "North Dakota": ("N.D.", "ND"),
    "Ohio": ("OH",),
    "Oklahoma": ("Okla.", "OK"),
    "Oregon": ("Ore.", "Oreg.", "OR"),
    "Pennsylvania": ("Pa.", "Penn.", "PA"),
    "Rhode Island": ("R.I.", "RI"),
    "South Carolina": ("S.C.", "SC"),
    "South Dakota": ("S.D.", "SD"),
    "Tennessee": ("Tenn.", "TN"),
    "Texas": ("Tex.", "TX"),
    "Utah": ("UT",),
    "Vermont": ("Vt.", "VT"),
    "Virginia": ("Va.", "VA"),
    "Washington": ("Wash.", "WA"),
    "West Virginia": ("W.Va.", "W. Va.", "WV"),
    "Wisconsin": ("Wis.", "Wisc.", "WI"),
    "Wyoming": ("Wyo.", "WY"),
}
STATE_NAMES = {
    **{name.lower(): name for name in US_STATES},
    **{form.lower().replace(" ", ""): name for name, forms in US_STATES.items() for form in forms},
}


def us_state(text: str) -> str | None:
    """The US state a name or abbreviation stands for ("Md." → "Maryland", "N.Y." → "New York"), else None."""
    key = " ".join(text.strip(" ,()").split()).lower()
    return STATE_NAMES.get(key) or STATE_NAMES.get(key.replace(" ", "")) or STATE_NAMES.get(key.rstrip(".") + ".")


# English counties: an MP's seat or a council named after one ("the Labour MP for South Norfolk") gives the county.
ENGLISH_COUNTIES = frozenset(
    """Bedfordshire Berkshire Buckinghamshire Cambridgeshire Cheshire Cornwall Cumbria Derbyshire Devon Dorset Durham
    Essex Gloucestershire Hampshire Herefordshire Hertfordshire Kent Lancashire Leicestershire Lincolnshire Norfolk
    Northamptonshire Northumberland Nottinghamshire Oxfordshire Rutland Shropshire Somerset Staffordshire Suffolk Surrey
    Sussex Warwickshire Wiltshire Worcestershire Yorkshire""".split()
)
