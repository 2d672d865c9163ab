"""News attribution forms on real spaCy (issue 30): posts and colon introductions quoted as their own paragraph,
document quotes, nested reported quotes, role and organisation nouns across paragraphs, and the speaker over the last
person merely named. Invented texts; each form with a case it must not take."""

from __future__ import annotations


def _by_text(found, text: str) -> dict[str, set[str]]:
    """Each statement's text → the actors it is attributed to."""
    out: dict[str, set[str]] = {}
    for s in found.statements:
        out.setdefault(text[s["start"] : s["end"]], set()).add(s["actor_id"])
    return out


def _speakers_of(found, text: str, words: str) -> set[str]:
    """The actors of every statement that covers ``words``."""
    start = text.index(words)
    return {s["actor_id"] for s in found.statements if s["start"] <= start < s["end"]}


def test_posts_after_a_colon_or_a_platform_sentence_belong_to_the_poster(find_actors):
    text = (
        "Rep. Marjorie Vance (R-Ga.) attacked the spending bill on Tuesday. Vance tweeted:\n\n"
        '"This bill is a betrayal of every taxpayer in Georgia. I will vote NO."\n\n'
        "Former President Donald Trump weighed in hours later. He wrote on Truth Social:\n\n"
        "The Democrats are destroying our Country. Vote them out!\n\n"
        "He continued:\n\n"
        '"Marjorie is a WARRIOR!"\n\n'
        'Sen. Glenn Hadley (D-Ohio) said the bill was "a reasonable compromise."\n\n'
        "Sen. Elena Okafor (D-Ill.), who voted for it, was blunter on Facebook.\n\n"
        '"Shameful. Absolutely shameful."'
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "This bill is a betrayal") == {"marjorie-vance"}
    assert _speakers_of(found, text, "The Democrats are destroying") == {"donald-trump"}  # unquoted, still his
    assert _speakers_of(found, text, "Marjorie is a WARRIOR") == {"donald-trump"}  # "He continued:"
    assert _speakers_of(found, text, "Shameful. Absolutely") == {"elena-okafor"}  # not the last speaker, Hadley
    # "Vance tweeted:" says only that she spoke: the post is her statement, not the introduction
    assert not any(text[s["start"] : s["end"]].startswith("Vance tweeted") for s in found.statements)


def test_a_post_introduced_by_its_account_and_a_scraped_embed_with_its_signature(find_actors):
    text = (
        "The Rail Workers Alliance, which represents 40,000 conductors, said its members would keep pressing for a "
        "crew mandate.\n\n"
        "The union's account on X was less restrained. Its post read:\n\n"
        '"45 senators just voted against the people who run America\'s trains."\n\n'
        "Rep. Tom Hale (R-Texas) disagreed.\n\n"
        "This is what the border looks like under this administration. Disgraceful. pic.twitter.com/xyz123\n"
        "— Rep. Tom Hale (@RepTomHale) January 5, 2024"
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "45 senators just voted") == {"rail-workers-alliance"}
    assert _speakers_of(found, text, "This is what the border looks like") == {"tom-hale"}


def test_a_paragraph_after_a_colon_with_no_poster_or_with_its_own_speaker_is_no_post(find_actors):
    text = (
        "Sen. Glenn Hadley (D-Ohio) said the bill was overdue. The measure would require:\n\n"
        "Two-person crews on most freight trains and federal standards for trackside detectors.\n\n"
        "Hadley added:\n\n"
        'Sen. Patricia Voorhees (R-Pa.) said the railroads "can afford a second person in the cab."'
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "Two-person crews") == set()  # a list the bill makes, not a statement
    assert _speakers_of(found, text, "can afford a second person") == {"patricia-voorhees"}


def test_colon_introductions_across_a_paragraph_break_and_inside_a_paragraph(find_actors):
    text = (
        "The local government minister, Natasha Burrell, said the government would not bail out the council. "
        'The Labour minister went on: "Castlebridge made a series of commercial bets that went wrong."\n\n'
        "Dave Kerrigan, the union's regional secretary, told reporters:\n\n"
        '"Our members did not make these investments, and they should not lose their jobs for them."'
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "Castlebridge made a series") == {"natasha-burrell"}
    assert _speakers_of(found, text, "Our members did not make") == {"dave-kerrigan"}


def test_document_quotes_go_to_whoever_stands_behind_the_document(find_actors):
    text = (
        "The House voted on Wednesday to censure Rep. Dwight Kellerman (R-Tenn.).\n\n"
        'The resolution, introduced by Rep. Lorraine Dyer (D-Md.), says his comments "endangered private citizens."\n\n'
        "A letter to the home secretary signed by 38 Labour MPs, including its organiser, Rosie Calder, and the former "
        "immigration minister Peter Ambrose, urges her to scrap the barges. The letter says they are "
        '"unsafe and unsanitary."\n\n'
        "The notice, signed by the council's chief finance officer, Rebecca Tall, says the council faces a shortfall. "
        'It states that "no new expenditure can be lawfully committed."\n\n'
        "The Harbour Refugee Trust said the barges were cruel. A report the trust published last month found that "
        'residents had "no meaningful access to healthcare."\n\n'
        "Sen. Glenn Hadley (D-Ohio) wrote in a letter to the secretary that the rule was overdue."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "endangered private citizens") == {"lorraine-dyer"}
    assert _speakers_of(found, text, "unsafe and unsanitary") == {"rosie-calder", "peter-ambrose"}
    assert _speakers_of(found, text, "urges her to scrap") >= {"rosie-calder", "peter-ambrose"}
    assert _speakers_of(found, text, "no new expenditure") == {"rebecca-tall"}  # "It states" after the notice
    assert _speakers_of(found, text, "no meaningful access") == {"harbour-refugee-trust"}
    assert _speakers_of(found, text, "the rule was overdue") == {"glenn-hadley"}  # "X wrote in a letter that" is X


def test_a_document_nobody_is_said_to_stand_behind_is_nobodys(find_actors):
    text = (
        "Sen. Glenn Hadley (D-Ohio) criticised the railroads on Monday. A lawsuit was filed in federal court in "
        "Cleveland on Tuesday. The lawsuit alleges that the railroad ignored repeated warnings."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "the railroad ignored repeated warnings") == set()


def test_nested_reported_quotes_belong_to_the_reporter(find_actors):
    text = (
        "Mayor Bonnie Rusk wrote on Facebook on Wednesday that Secretary Alicia Drummond had called the crash "
        '"a wake-up call for the entire industry."\n\n'
        "Natalie Brooks, a retired teacher, wrote in a column that Gov. Mark Ellison had called the plan "
        '"a generational investment."\n\n'
        "Labor Secretary Marcus Henley said he was disappointed and accused the court of "
        '"substituting its own policy preferences."'
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "a wake-up call") == {"bonnie-rusk"}
    assert _speakers_of(found, text, "a generational investment") == {"natalie-brooks"}
    assert _speakers_of(found, text, "substituting its own") == {"marcus-henley"}  # the reporter's own words stay


def test_role_and_organisation_nouns_reach_a_speaker_several_paragraphs_back(find_actors):
    text = (
        "Opposition was led by Sen. Roger Kittredge (R-Wyo.), who said the bill was unrealistic.\n\n"
        "Sen. Patricia Voorhees (R-Pa.) said the railroads could afford it.\n\n"
        "The Rail Workers Alliance, a union of conductors, said its members would keep pressing.\n\n"
        "A Department of Transportation spokeswoman said the rule would be published within weeks.\n\n"
        "The Wyoming Republican, for his part, said he was open to a compromise on detectors.\n\n"
        "The union said it would hold an emergency conference."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "he was open to a compromise") == {"roger-kittredge"}  # "(R-Wyo.)"
    assert _speakers_of(found, text, "it would hold an emergency conference") == {"rail-workers-alliance"}


def test_a_shadow_minister_is_not_the_minister(find_actors):
    text = (
        "The Justice Secretary, Owen Strickland, said the government had inherited a crisis. "
        "The shadow justice secretary, Rupert Lindley, said early releases were dangerous.\n\n"
        "The justice secretary told MPs in a letter on Tuesday that the scheme would end in March."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "the scheme would end in March") == {"owen-strickland"}


def test_the_speaker_beats_a_person_merely_named_in_between(find_actors):
    text = (
        "Councillor Peter Ames said the bypass was unaffordable. The original plan was drafted by Carlos Ruiz, a "
        'former council engineer. "It will bankrupt the county," he said.\n\n'
        "Sen. Glenn Hadley (D-Ohio), standing beside Sen. Lisa Carbone (D-Mich.) and Sen. Tom Brandt (R-Iowa) at a "
        "news conference, said he would bring the bill back in the autumn."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "It will bankrupt the county") == {"peter-ames"}
    assert _speakers_of(found, text, "he would bring the bill back") == {"glenn-hadley"}


def test_a_quote_that_ended_the_sentence_before_is_not_the_next_speakers(find_actors):
    text = (
        'The shadow justice secretary, Rupert Lindley, accused ministers of "emptying prisons instead of building '
        "them\". The Liberal Democrats' justice spokesperson, Anita Morley, has called for a royal commission."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "emptying prisons") == {"rupert-lindley"}
    assert "anita-morley" in _speakers_of(found, text, "for a royal commission")


def test_an_analysts_quotes_are_nobody_elses(find_actors):
    text = (
        'Sen. Glenn Hadley (D-Ohio) said the rule would be published "within weeks."\n\n'
        '"Crew size has become a proxy fight," said Amanda Reyes, who studies transportation policy at Northwestern '
        'University. "The real safety gains are in the detectors."'
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "Crew size has become") == set()
    assert _speakers_of(found, text, "The real safety gains") == set()


def test_a_letter_from_a_group_speaks_for_the_group_and_a_subject_parsed_as_an_apposition_still_speaks(find_actors):
    """ "The veto followed a letter from the Upland Wells Coalition, signed by the mayors of towns including Dorrance
    … The letter said …" is the coalition's (not the towns', not the governor's); "In her letter to Speaker X,
    R-Ames, the Democratic governor wrote that …" is the governor's though the parser hung "the governor" on X."""
    text = (
        "DES MOINES, Iowa (AP) — Gov. Rosalind Achterberg vetoed the water bill on Friday.\n\n"
        "The governor's veto followed a letter from the Upland Wells Coalition, signed by the mayors of six towns "
        'including Dorrance and Kellerton. The letter said the bill would "drain the aquifer for the biggest '
        'growers."\n\n'
        "In her letter to House Speaker Tobias Wendland, R-Ames, the Democratic governor wrote that the bill "
        '"hands the aquifer to the people draining it."'
    )
    result = find_actors(text)
    by_text = {}
    for s in result.statements:
        by_text.setdefault(s["text"][:40], set()).add(s["actor_id"])
    letter = next(v for k, v in by_text.items() if "drain the aquifer" in k or k.startswith("the bill would"))
    assert letter == {"upland-wells-coalition"}
    wrote = next(v for k, v in by_text.items() if "hands the aquifer" in k or k.startswith("that the bill"))
    assert wrote == {"rosalind-achterberg"}


def test_a_post_after_took_to_social_media_and_an_embed_signed_right_after_its_full_stop(find_actors):
    """ "Rep. X (R-Ohio) took to social media within minutes." hands over to the next paragraph's unquoted words;
    an embed whose signature dash follows the full stop with no space ("…straight.— Rep. Y (@RepY) May 2, 2025")
    is Y's."""
    text = (
        "The House voted 214-209 on Thursday. Rep. Augustin Pellerin (R-Ohio), one of four who voted no, took to "
        "social media within minutes.\n\n"
        '"I think this vote was a mistake and I will say so to anyone who asks."\n\n'
        "Democrats answered online.\n\n"
        "We are ten days from a shutdown and this is what they do. Get serious.— Rep. Corinna Valdane "
        "(@RepValdane) May 2, 2025"
    )
    result = find_actors(text)
    by_speaker = {s["actor_id"]: s["text"] for s in result.statements}
    assert "I think this vote was a mistake" in by_speaker.get("augustin-pellerin", "")
    assert "ten days from a shutdown" in by_speaker.get("corinna-valdane", "")


def test_a_speaker_who_was_asked_speaks_with_said_not_with_asked(find_actors):
    """ "Ravensworth, asked about the complaint, said the footage was bought …": the statement is what she said,
    and it is hers; being asked is no statement."""
    text = (
        "The campaign manager, Philippa Ravensworth, defended the ad on Monday. Ravensworth, asked about the "
        'complaint, said the footage had been bought from a stock agency "like everybody else\'s."'
    )
    rows = [s for s in find_actors(text).statements if s["actor_id"] == "philippa-ravensworth"]
    assert any("the footage had been bought" in s["text"] and s["cue"] == "said" for s in rows)
    assert not any(s["cue"] == "asked" for s in rows)


def test_an_unnamed_spokesperson_of_a_registered_body_written_in_lower_case_speaks_for_it(find_actors):
    """ "A Scottish government spokesperson said …": the Scottish Government (registered) speaks; the adjective
    in front does not make the body a mere modifier."""
    text = "A Scottish government spokesperson said Scotland would not back the new reactors at Torness."
    assert "scottish-government" in {s["actor_id"] for s in find_actors(text).statements}


def test_according_to_an_organisation_noun_is_that_organisation(find_actors):
    """ "According to the charity, …" after "Fenland Otters Trust, a charity, said …" is the trust's statement."""
    text = (
        'The Fenland Otters Trust, a charity with 4,000 members, said the plan was "a betrayal". '
        "According to the charity, about 300 acres of wetland would be drained under the new rules."
    )
    rows = [s for s in find_actors(text).statements if "300 acres" in s["text"]]
    assert [s["actor_id"] for s in rows] == ["fenland-otters-trust"]


def test_the_spokesperson_after_an_unnamed_one_is_that_one_not_a_named_spokesperson_before(find_actors):
    """ "Their spokesperson, X, said …" in one paragraph; "A Downing Street spokesperson said … '…,' the spokesperson
    said." in a later one: the second quote is Downing Street's, not X's."""
    text = (
        "The Liberal Democrats opposed the bill. Their housing spokesperson, Ottoline Brackenbury, said the party "
        "wanted more council homes.\n\n"
        'A Downing Street spokesperson said the prime minister was "delighted". "The prime minister respects '
        'views on all sides and expects the bill to pass," the spokesperson said.'
    )
    rows = [s for s in find_actors(text).statements if "respects views" in s["text"]]
    assert [s["actor_id"] for s in rows] == ["downing-street"]


def test_who_wrote_a_document_read_from_the_sentences_before_it(find_actors):
    """A report's owner given by "her" when the parse loses the subject, named organisers over the group a letter
    came from, "X wrote to Y" making the next "The letter said" X's, a majority opinion its named writer's, and a
    dissent the dissenting judge's."""
    text = (
        "Ministers were warned last year. The day before, the chief inspector of schools, Rosalind Achterberg, "
        "published her annual review. The review found that 40 schools had no permanent head teacher.\n\n"
        "A letter to the chancellor from 40 Labour MPs, organised by Miriam Oduya and Colin Pennock, asked for a "
        "pause. The letter said the policy was "
        '"a tax on the seaside."\n\n'
        "Councillor Dennis Varga wrote to the minister on Friday urging her to publish the costs. The letter said "
        'councils had been "left to find out from the newspapers."\n\n'
        "The Nebraska Supreme Court ruled 4-3 against the state. Writing for the majority, Justice Helena Brockway "
        "said the statute was vague. The opinion said the law had been applied to 212 people since 2019. "
        '"We cannot rewrite a statute the Legislature wrote badly," the majority wrote.\n\n'
        "In a dissent joined by two colleagues, Justice Orrin Tagg wrote that the court had overreached. The dissent "
        'said the ruling was "a policy choice dressed as a legal one."'
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "40 schools had no permanent") == {"rosalind-achterberg"}
    assert _speakers_of(found, text, "a tax on the seaside") == {"miriam-oduya", "colin-pennock"}
    assert _speakers_of(found, text, "left to find out from") == {"dennis-varga"}
    assert _speakers_of(found, text, "applied to 212 people") == {"helena-brockway"}
    assert _speakers_of(found, text, "We cannot rewrite a statute") == {"helena-brockway"}
    assert _speakers_of(found, text, "a policy choice dressed") == {"orrin-tagg"}


def test_a_body_ner_missed_a_document_just_published_and_a_qualified_noun(find_actors):
    """ "The Prison Officers' Welfare Association" is a body though NER misses it, and "the welfare association"
    later is it, never merely the body that spoke last; "X published a white paper. It says …" is X's; research a
    charity published is its report."""
    text = (
        "Ministers set out the plan on Monday. The Prison Officers' Welfare Association represents 20,000 staff in "
        "England.\n\n"
        "The Ministry of Justice published a white paper alongside the statement. It says the plan would save £90m a "
        "year.\n\n"
        "The Open Doors Trust, a charity, published research on Tuesday which found that one prisoner in four has no "
        'home to go to. The report warned of "a revolving door with no floor."\n\n'
        "The welfare association said on Thursday that it would ballot its members."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "the plan would save") == {"ministry-of-justice"}
    assert _speakers_of(found, text, "one prisoner in four") == {"open-doors-trust"}
    assert _speakers_of(found, text, "a revolving door with no floor") == {"open-doors-trust"}
    assert _speakers_of(found, text, "it would ballot its members") == {"prison-officers-welfare-association"}


def test_published_content_and_an_unnamed_spokesperson_for_a_named_principal(find_actors):
    """What a published plan or strategy holds, reported with no speech verb, is its publisher's; "A spokesperson for
    Gov. X said" is X's while a named spokesperson speaks for herself; "the government's strategy, published by the
    department" is the department's."""
    text = (
        "Eleven of the county's 30 fire stations would close by next spring under plans published on Tuesday by "
        "Wiltshire Council.\n\n"
        "The government's housing strategy, published by the Ministry of Housing on Thursday, keeps the cap on "
        "rents in place until 2029.\n\n"
        "A spokesperson for Gov. Teresa Almanzar said the state would appeal. A spokeswoman for the governor, Carly "
        "Renfroe, said the appeal would be filed on Monday."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "Eleven of the county's 30 fire stations") == {"wiltshire-council"}
    assert _speakers_of(found, text, "keeps the cap on rents") == {"ministry-of-housing"}
    assert _speakers_of(found, text, "the state would appeal") == {"teresa-almanzar"}
    assert _speakers_of(found, text, "the appeal would be filed") == {"carly-renfroe"}


def test_it_said_is_the_organisation_or_country_that_spoke_last(find_actors):
    """ "It says …" / "…, it said," after an organisation's statement is that organisation's; "Moscow said it would
    …, calling them …" stays Moscow's; an "it" with no organisation speaking before is nobody's."""
    text = (
        "The Civil and Border Services Union said on Monday that 1,900 officers would walk out. It says the new shift "
        "pattern would cut overtime pay by a third.\n\n"
        "The alliance said the mission would be reviewed. Moscow said it would raise the patrols in Vienna, calling "
        'them "a provocation in international waters."\n\n'
        "Rain fell all day. It said nothing to anyone about the weather forecast."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "the new shift pattern would") == {"civil-and-border-services-union"}
    assert _speakers_of(found, text, "a provocation in international waters") == {"rus"}
    assert _speakers_of(found, text, "nothing to anyone about") == set()


def test_a_demonym_role_noun_is_the_minister_of_that_country(find_actors):
    """ "the Kenyan minister" is the person named as Kenya's foreign minister, not the last minister named."""
    text = (
        "Haiti's foreign minister, Jean-Robert Delatour, sat beside Kenya's foreign minister, Wanjiru Kamau-Otieno, "
        "during the vote. Delatour said Haiti was grateful.\n\n"
        "The Kenyan minister said she expected the first officers to land in February."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "expected the first officers") == {"wanjiru-kamau-otieno"}


def test_their_letter_and_the_bloc(find_actors):
    """ "Their letter says" after two MPs wrote to a minister is theirs; "the bloc said" is the alliance named
    before, not the last country."""
    text = (
        "MANILA — The Association of Southeast Asian Nations issued a statement on Friday. Vietnam backed it.\n\n"
        "Two MPs, Duncan Faircloth and Sarah Eversleigh, wrote to the culture secretary on Thursday asking her to "
        'order an inquiry. Their letter says the plans would leave "whole towns without a library."\n\n'
        "The bloc said on Sunday that senior officials would meet in Hanoi in November."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "whole towns without a library") == {"duncan-faircloth", "sarah-eversleigh"}
    assert _speakers_of(found, text, "senior officials would meet") == {"asean"}


def test_called_with_a_quotation_or_for_is_a_cue_and_a_phone_call_is_not(find_actors):
    text = (
        'Rep. Gloria Szymanski, a Republican, called the bill "an insult to members who have done nothing wrong."\n\n'
        "The Liberal Democrats called for the dispute to go to Acas before any strike began.\n\n"
        "Her aide Daniel Moss called the governor's office twice on Monday."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "an insult to members") == {"gloria-szymanski"}
    assert _speakers_of(found, text, "the dispute to go to Acas") == {"liberal-democrats"}
    assert _speakers_of(found, text, "office twice on Monday") == set()


def test_an_embed_signed_with_a_british_date_and_a_title_after_the_name(find_actors):
    """ "— Lee Garside MP (@LeeGarsideMP) 8 December 2026" signs the paragraph before it; an embed whose signer the
    article never names is nobody's, never a continuation of the previous speaker."""
    text = (
        "An Essex County Council spokesperson said the council was considering its legal options.\n\n"
        "Pylons across Essex so London can charge its Teslas. Our countryside pays.\n\n"
        "— Lee Garside MP (@LeeGarsideMP) 8 December 2026\n\n"
        "Munira Pask, the party's spokesperson, said the plan was wrong.\n\n"
        "Labour promised to fix this. Instead they're rationing it.\n\n"
        "— Callum Ridgewell (@CRidgewell) 24 November 2026"
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "so London can charge its Teslas") == {"lee-garside"}
    assert "munira-pask" not in _speakers_of(found, text, "Labour promised to fix this")


def test_posts_whose_poster_the_parse_or_ner_misses(find_actors):
    """The poster of a colon introduction whose parse makes the name its root ("Cllr X, who sits for …, posted on
    Facebook:"), an untagged group described by an apposition ("Fair Fares Now, a riders' group, wrote on X:"), an
    embed whose signature sits inside the quotation and names someone the article names nowhere else, and a
    "fellow Democrat", who is no expert."""
    text = (
        "The trust confirmed the closure on Monday.\n\n"
        "Cllr Imelda Rosewarne-Kaye, who sits for the Liberal Democrats on Devon County Council, posted on Facebook "
        "after the announcement:\n\n"
        '"Families here already drive an hour to a hospital. Come to the meeting on Friday."\n\n'
        "Fair Fares Now, a riders' group founded in 2019, wrote on X:\n\n"
        '"Another cut, another excuse. We will see the council in court."\n\n'
        "Reform UK was less impressed.\n\n"
        '"They promised to save the unit. Instead they shut it.\n'
        '— Jasper Trelawney MP (@JTrelawneyMP) March 3, 2026"\n\n'
        'Councillor Nell Ashby, a fellow Liberal Democrat, called the decision "a betrayal of every family."'
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "Families here already drive") == {"imelda-rosewarne-kaye"}
    assert _speakers_of(found, text, "Another cut, another excuse") == {"fair-fares-now"}
    assert _speakers_of(found, text, "They promised to save the unit") == {"jasper-trelawney"}
    assert _speakers_of(found, text, "a betrayal of every family") == {"nell-ashby"}


def test_documents_from_named_members_or_a_bodys_people_and_a_double_barrelled_owner(find_actors):
    """ "A letter from Ohio's two senators, X and Y, …" is X's and Y's; "A letter from its lawyers" is the group's;
    "Okonjo-Reyes's campaign answered with an ad. The ad says …" is the candidate's, though NER tags the
    double-barrelled surname as nothing or as an organisation there; "signed by the council's officer, X" stays X's."""
    text = (
        "Mayor Delia Okonjo-Reyes defended the ban on Tuesday.\n\n"
        "The Riverside Tenants Coalition has signaled a fight. A letter from its lawyers to the city attorney argued "
        "that the ban would violate the state constitution.\n\n"
        "Okonjo-Reyes's campaign answered with a digital ad on Wednesday. The ad says the mayor kept her promise "
        "to every parent in the city.\n\n"
        "The notice, signed by the council's chief finance officer, Margaret Hollis, says the authority faces a "
        "shortfall."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "the ban would violate") == {"riverside-tenants-coalition"}
    assert _speakers_of(found, text, "the mayor kept her promise") == {"delia-okonjo-reyes"}
    assert _speakers_of(found, text, "the authority faces a shortfall") == {"margaret-hollis"}


def test_a_lede_that_names_its_speaker_only_by_role(find_actors):
    """ "…, the transport secretary told MPs" in the lede and "Helen Carrow-Pask said …" opening the next paragraph:
    the role is hers, for the lede and for a later "The transport secretary said"; "Del." is a delegate's title."""
    text = (
        "Rail fares to be frozen for two years\n\n"
        "Rail fares in England will be frozen until 2028, the transport secretary told MPs on Tuesday, a move "
        "unions welcomed.\n\n"
        "Helen Carrow-Pask said the freeze would cost about £600m a year. Shadow Transport Secretary Neil Brathwaite "
        "called it a gimmick.\n\n"
        "The transport secretary said she would publish the full plan before the summer recess.\n\n"
        "In Richmond, Del. Marisol Ventura-Kidd (D-Fairfax) said the state would follow. The delegate said she "
        "would file a bill next week."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "Rail fares in England will be frozen") == {"helen-carrow-pask"}
    assert _speakers_of(found, text, "she would publish the full plan") == {"helen-carrow-pask"}
    assert _speakers_of(found, text, "she would file a bill") == {"marisol-ventura-kidd"}


def test_more_document_nouns_and_a_gendered_word_across_a_preposition(find_actors):
    """An inspection, an investigation and explanatory notes speak for whoever published them; "a spokeswoman for
    Hale's campaign" says nothing of Hale's gender, so a later "His veto message" is still Hale's."""
    text = (
        "Gov. Dorian Hale vetoed the bill on Tuesday.\n\n"
        "A Care Standards Agency inspection published in July found that the unit had no consultant on 31 nights. "
        "A Fair Trading Office investigation in 2024 found that developers had misled buyers.\n\n"
        "Mara Quist, a spokeswoman for Hale's re-election campaign, said the attack was false. She called it cheap.\n\n"
        "His veto message to the Assembly said the cap would discourage investment."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "the unit had no consultant") == {"care-standards-agency"}
    assert _speakers_of(found, text, "developers had misled buyers") == {"fair-trading-office"}
    assert _speakers_of(found, text, "the cap would discourage investment") == {"dorian-hale"}


def test_an_abbreviated_rank_ends_no_sentence_and_a_councilmember_is_a_person(find_actors):
    """ "…, Maj. Colleen X, had told …" is one sentence, so the words X had told belong to the reporter of the
    nested quote (the small parser ended a sentence at "Maj."); "Councilmember Roberto X said he had asked Police
    Chief Marcus Y …" makes X the "he" who speaks next."""
    text = (
        'Priscilla Whitcombe-Ames said the holds were unlawful. "Our clients were not fugitives," she said.\n\n'
        "Whitcombe-Ames pointed out that the sheriff's spokeswoman, Maj. Colleen Dunmore-Pratt, had told county "
        'commissioners in 2023 that detainer holds "almost never run past 48 hours."\n\n'
        "Councilmember Roberto Ashgrove said he had asked Police Chief Marcus Delahunt-Reyes to testify before the "
        'vote. "I wanted to hear from the person who has to enforce this," he said.'
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "almost never run past") == {"priscilla-whitcombe-ames"}
    assert _speakers_of(found, text, "I wanted to hear") == {"roberto-ashgrove"}


def test_documents_that_ask_give_or_require_and_a_campaign_or_lawsuit_named_by_pronoun_or_passive(find_actors):
    """What a document asks for or provides is its issuer's statement though no speech verb says it ("The letter
    gives …", "The complaint asks …", "would require"); "Her campaign" and "His office" are the person the pronoun
    stands for; a lawsuit "filed by X" makes the next "It says" X's."""
    text = (
        "Council President Odalys Brennan-Watt was furious about the mailer.\n\n"
        "Her campaign filed a complaint with the election board the same day, alleging that the mailer "
        '"misstates a public vote." The complaint asks the board to fine the committee.\n\n'
        'In a letter to the builder, Transportation Secretary Harlow Quince wrote that the firm had "wasted four '
        'years." The letter gives the company 30 days to repay the grant.\n\n'
        "The lawsuit was filed in 2024 by the Tidewater Justice Project, a legal aid group. It says one of the "
        "men was held for six days after posting bail.\n\n"
        "Gov. Ansel Thorne signed the order on Friday. His office said the order would take effect in March."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "misstates a public vote") == {"odalys-brennan-watt"}
    assert _speakers_of(found, text, "to fine the committee") == {"odalys-brennan-watt"}
    assert _speakers_of(found, text, "30 days to repay") == {"harlow-quince"}
    assert _speakers_of(found, text, "held for six days") == {"tidewater-justice-project"}
    assert _speakers_of(found, text, "would take effect in March") == {"ansel-thorne"}
    # a document that does nothing but exist says nothing: "The lawsuit was filed …" is no statement
    assert _speakers_of(found, text, "was filed in 2024") == set()


def test_a_role_noun_held_by_several_is_the_one_its_qualifier_names(find_actors):
    """ "The justice secretary" in an article with a justice and a home secretary is the justice secretary, in the
    lede before either is named and later; an unqualified "the secretary" stays unresolved by this rule."""
    text = (
        "The justice secretary defended the early release scheme on Monday, telling MPs that prisons would be "
        'full "within six weeks."\n\n'
        "Justice Secretary Imelda Strand-Vickery said the scheme was temporary. Home Secretary Corin Aldous said "
        "the police supported it.\n\n"
        "The home secretary said he would publish the figures in March."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "within six weeks") == {"imelda-strand-vickery"}
    assert _speakers_of(found, text, "he would publish the figures") == {"corin-aldous"}


def test_another_countrys_ministry_is_that_countrys_and_an_organisation_cut_after_its_possessive_is_one(find_actors):
    """ "Norway's Ministry of Foreign Affairs" and "Poland's Agriculture Ministry" are one id per country's ministry
    (tests/gold/CONVENTIONS.md), the article's own country's ministry keeps its name; "The Riverside Police
    Officers'" (ORG) + "Guild" (NER: a person) is one guild."""
    text = (
        "OSLO — Norway's Ministry of Foreign Affairs said Oslo was ready to host the talks. On Tuesday Poland's "
        "Agriculture Ministry said the border would stay open.\n\n"
        "The Riverside Police Officers' Guild, which represents about 900 officers, met on Monday. The guild said "
        "it would knock on doors in every district."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "ready to host the talks") == {"ministry-of-foreign-affairs-of-norway"}
    assert _speakers_of(found, text, "border would stay open") == {"ministry-of-agriculture-of-poland"}
    assert _speakers_of(found, text, "knock on doors") == {"riverside-police-officers-guild"}
    lower = "KYIV — Russia's foreign ministry said the loan was theft. Chile's finance ministry said rates would rise."
    found = find_actors(lower)
    assert _speakers_of(found, lower, "the loan was theft") == {"ministry-of-foreign-affairs-of-russia"}
    assert _speakers_of(found, lower, "rates would rise") == {"ministry-of-finance-of-chile"}
    uk = "LONDON — The Ministry of Justice said the prisons were full. Britain's Home Office said nothing new."
    assert _speakers_of(find_actors(uk), uk, "the prisons were full") == {"ministry-of-justice"}


def test_a_body_named_with_and_is_one_speaker_and_the_office_of_a_person_speaks_for_them(find_actors):
    """NER cuts a body's name at its "and" ("The Coastal Ferrymen and" + "Dockers Union"; "NHS Mersey" as a person +
    "and" + "Cheshire Integrated Care Board"): one body; two countries joined by "and" stay two speakers. "The office
    of X" speaks for X, as "X's office" does. A plural possessive and a union local's number are inside the name."""
    text = (
        "The Coastal Ferrymen and Dockers Union said about 300 sailings were cancelled. NHS Mersey and Cheshire "
        "Integrated Care Board said no decision had been taken. Chile and Peru said they would not sign.\n\n"
        "The office of Senate Minority Leader Dolores Akintola-Wren, D-N.M., said in a statement that the vote "
        '"cannot happen before the recess."'
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "300 sailings were cancelled") == {"coastal-ferrymen-and-dockers-union"}
    assert _speakers_of(found, text, "no decision had been taken") == {"nhs-mersey-and-cheshire-integrated-care-board"}
    assert _speakers_of(found, text, "would not sign") == {"chl", "per"}
    assert _speakers_of(found, text, "cannot happen before the recess") == {"dolores-akintola-wren"}
    text = (
        "The Harbour Pilots' Association, which represents about 400 pilots, warned that the plan was unsafe.\n\n"
        "The Bus Drivers and Cleaners Union Local 12 sent the council a letter backing the plan. The union said it "
        "would strike."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "the plan was unsafe") == {"harbour-pilots-association"}
    assert _speakers_of(found, text, "would strike") == {"bus-drivers-and-cleaners-union-local-12"}


def test_a_lede_role_with_a_places_possessive_is_the_titled_person_named_next(find_actors):
    """ "the county's sheriff warned …" and "the chief constable told …" in a lede are the sheriff and the chief
    constable the next paragraph names with that title; "the union's president" stays a description of a member."""
    text = (
        "MADISON — The board voted 24-12 on Thursday, after the county's sheriff warned that the program would "
        'put "people who should be in a cell" back on the street. In Derby the chief constable told councillors the '
        "counters were needed.\n\n"
        "Sheriff Rowan Tebbutt-Ames, whose office runs the jail, said the program was untested. Chief Constable "
        "Maude Ellery-Finch said the counters would close."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "people who should be in a cell") == {"rowan-tebbutt-ames"}
    assert _speakers_of(found, text, "the counters were needed") == {"maude-ellery-finch"}


def test_a_countrys_ambassador_is_never_another_countrys(find_actors):
    """ "Ghana's ambassador" and "the Kenyan envoy" are not the one ambassador whose title names the United States,
    though she is the only person the article calls an ambassador after her name; "the Georgia Republican" is still
    the representative tagged (R-Ga.)."""
    text = (
        "UNITED NATIONS — The council backed the force, with Ghana's ambassador calling the vote \"a good day for "
        'the whole region."\n\n'
        "Marian Oduro-Kwame, Ghana's permanent representative, said the patrols would start soon.\n\n"
        "Carolyn Whitlow-Banks, the U.S. deputy ambassador, said Washington would share satellite data.\n\n"
        "Rep. Garrett Blayney (R-Ga.) said the resolution was fair. The Georgia Republican said he would vote yes."
    )
    found = find_actors(text)
    assert "carolyn-whitlow-banks" not in _speakers_of(found, text, "a good day for the whole region")
    assert _speakers_of(found, text, "he would vote yes") == {"garrett-blayney"}


def test_a_poll_speaks_for_the_pollster(find_actors):
    """ "A poll released by X found …" is X's finding, as a report's is its publisher's."""
    text = (
        "A poll released Monday by Northgate Survey Partners, a Leeds firm, found the Greens ahead by four points. "
        "The poll also found that most voters had not decided."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "the Greens ahead by four points") == {"northgate-survey-partners"}
    assert _speakers_of(found, text, "most voters had not decided") == {"northgate-survey-partners"}


def test_according_to_an_officeholders_office_or_a_division_named_before(find_actors):
    """ "According to the sheriff's office" is the sheriff the article named; "according to the division" the
    division it named; "according to the Ohio attorney general's office", with no attorney general named, is not
    Ohio."""
    text = (
        "Sheriff Royce Tennant-Abiola, whose office runs the jail, said the program was untested.\n\n"
        "According to the sheriff's office, the jail held an average of 612 people a day in October.\n\n"
        "A report released in March by the Nevada Housing Division found that rents rose. According to the "
        "division, the state is short about 84,000 homes. The settlement covered about 2,600 workers, according to "
        "the Ohio attorney general's office."
    )
    found = find_actors(text)
    assert _speakers_of(found, text, "an average of 612 people") == {"royce-tennant-abiola"}
    assert _speakers_of(found, text, "short about 84,000 homes") == {"nevada-housing-division"}
    assert "ohio" not in _speakers_of(found, text, "about 2,600 workers")
