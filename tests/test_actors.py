"""The actors stage on real spaCy: mentions merged into actors, statements attributed to speakers."""

from __future__ import annotations

import pytest

from stancewatch.actors.extract import build_matcher
from stancewatch.actors.registry import clean_name, slug

TEXT = (
    "German Chancellor Olaf Scholz said that there would be no ground troops in Ukraine. "
    "Poland, Germany, Sweden, Spain, Italy and the Czech Republic were quick to stress that they are not "
    "considering sending ground troops. "
    '"The very fact of discussing this possibility is a very important new element," Kremlin spokesman Dmitry '
    "Peskov said. "
    "The chancellor added that all participants agreed. "
    "Polish Prime Minister Donald Tusk wrote on X that Poland would not send soldiers. "
    "He said the decision was final. "
    "Dutch Prime Minister Mark Rutte backed the plan, according to his office. "
    "Anna Keller contributed reporting."
)


@pytest.fixture(scope="module")
def result(find_actors):
    return find_actors(TEXT, "d1")


def _speakers(result):
    return {(s["actor_id"], s["cue"]) for s in result.statements}


def test_conjunct_subjects_each_make_a_statement(result):
    stressed = {a for a, cue in _speakers(result) if cue == "stress"}
    assert stressed == {"pol", "deu", "swe", "esp", "ita", "cze"}
    texts = {s["text"] for s in result.statements if s["cue"] == "stress"}
    assert texts == {"that they are not considering sending ground troops"}


def test_surname_title_and_role_mentions_merge_into_one_actor(result):
    scholz = [m for m in result.mentions if m["actor_id"] == "olaf-scholz"]
    assert {m["text"] for m in scholz} >= {"Olaf Scholz", "The chancellor"}
    assert ("olaf-scholz", "added") in _speakers(result)  # "The chancellor added …"
    assert all(m["affiliation"] == "Germany" for m in scholz)


def test_quote_before_the_cue_is_a_direct_quote(result):
    peskov = [s for s in result.statements if s["actor_id"] == "dmitry-peskov"]
    assert peskov and peskov[0]["kind"] == "direct_quote"
    assert peskov[0]["text"].startswith('"The very fact')
    assert next(m for m in result.mentions if m["actor_id"] == "dmitry-peskov")["affiliation"] == "Russia"


def test_wrote_on_pronoun_and_according_to(result):
    tusk = {s["cue"] for s in result.statements if s["actor_id"] == "donald-tusk"}
    assert {"wrote", "said"} <= tusk  # "He said …" resolves to the last named person
    assert ("mark-rutte", "backed") in _speakers(result)
    rutte = next(m for m in result.mentions if m["actor_id"] == "mark-rutte")
    assert rutte["affiliation"] == "Netherlands"  # the article's title wins over the registry's


def test_offsets_point_at_the_text(result):
    for s in result.statements:
        assert TEXT[s["start"] : s["end"]] == s["text"]
        assert s["context_start"] <= s["start"] and s["end"] <= s["context_end"]
    for m in result.mentions:
        assert TEXT[m["start"] : m["end"]] == m["text"]


def test_bylines_are_kept_but_not_actors(result):
    keller = [m for m in result.mentions if "Keller" in m["text"]]
    assert keller and not any(m["is_actor"] for m in keller)
    assert not any("keller" in s["actor_id"] for s in result.statements)


def test_names_and_slugs():
    assert clean_name("Mr. Macron's") == "Macron"
    assert clean_name("the Prime Minister Donald Tusk") == "Donald Tusk"
    assert clean_name("MEP Sofie Kragh") == "Sofie Kragh"  # parliamentary titles spaCy leaves in a PERSON span
    assert clean_name("Taoiseach Conor Whelan") == "Conor Whelan"
    assert slug("Stéphane Séjourné") == "stephane-sejourne"
    assert slug("Jarosław Łęcki-Høst") == "jaroslaw-lecki-host"  # letters Unicode does not decompose: transliterated
    assert slug("Ægir Straße") == "aegir-strasse"
    assert clean_name("the Energy Information Administration") == "Energy Information Administration"  # no title
    assert clean_name("Supervisor Ana Ruiz-Tello") == "Ana Ruiz-Tello"


def test_attribution_quality_on_the_gold_set(nlp, registry):
    """The actors stage on tests/gold/attribution.yaml: the first 11 articles (124 statements) keep their targets;
    the 16 US/UK articles with hard forms (434 statements, issue 13) must not fall below what was measured
    (all 27 articles: accuracy 0.939, recall 0.969, precision 0.952; documents 0.69, role nouns 0.97,
    continuation 0.96); the issue's goal is 0.92 / 0.95. The held-out real news is the honest check."""
    from conftest import REPO

    from stancewatch.evaluate.actors import evaluate

    rep = evaluate(REPO / "tests" / "gold" / "attribution.yaml", nlp, registry, build_matcher(nlp, registry))
    first = rep["by_form"]["unlabelled"]
    assert first["gold"] == 124 and first["accuracy"] >= 0.95, rep["misses"]
    assert rep["gold_statements"] >= 550
    assert rep["actor_recall"] >= 0.96, rep["misses"]
    assert rep["attribution_accuracy"] >= 0.93, rep["misses"]
    assert rep["attribution_precision"] >= 0.94, rep["misses"]
    floors = {
        "document": 0.65,
        "role_noun": 0.93,
        "continuation": 0.94,
        "pronoun": 0.94,
        "verb": 0.89,
        "according_to": 0.9,
    }
    low = {
        form: rep["by_form"][form]["accuracy"]
        for form, floor in floors.items()
        if rep["by_form"][form]["accuracy"] < floor
    }
    assert not low, low
    assert rep["non_actor_leaks"] == 0, [m for m in rep["misses"] if m["type"] == "non_actor_leak"]


def test_elliptical_follow_up_and_analysts(find_actors):
    text = (
        "Spain's Energy Minister Teresa Ribera said the tax was fair. So did Portugal. "
        '"It will fail," said Jana Novak, a senior analyst at the Prague Institute. She added that it was costly.'
    )
    found = find_actors(text, "d")
    by_actor = {s["actor_id"]: s["text"] for s in found.statements}
    assert by_actor["prt"] == by_actor["teresa-ribera"] == "the tax was fair"
    novak = [m for m in found.mentions if "Novak" in m["text"]]
    assert novak and all(m["role"] == "analyst" and not m["is_actor"] for m in novak)
    assert not any("novak" in s["actor_id"] or "prague" in s["actor_id"] for s in found.statements)
    assert not any(
        m["actor_id"] == "esp" and m["is_actor"] for m in found.mentions
    )  # "Spain's …" is an affiliation here


def test_a_minister_reporting_what_their_own_country_will_do_gives_the_country_a_statement(find_actors):
    text = (
        "Irish Enterprise Minister Ciaran Duggan said Ireland would prefer to wait. "
        "Kremlin spokesman Igor Sablin said Ukraine would regret the move."
    )
    found = find_actors(text, "d")
    kinds = {(s["actor_id"], s["kind"]) for s in found.statements}
    assert ("irl", "spoken_for") in kinds and ("ciaran-duggan", "reported_speech") in kinds
    assert not any(s["actor_id"] == "ukr" for s in found.statements)  # not Sablin's own country


def test_untagged_acronyms_and_passive_agents_are_speakers(find_actors):
    text = (
        "A motion to scrap the levy was voted down on Thursday by the SPD and the FDP. "
        "BEUC said the rules were too weak."
    )
    found = find_actors(text, "d")
    speakers = {s["actor_id"] for s in found.statements}
    assert {"spd", "fdp", "beuc"} <= speakers


def test_positions_stated_with_a_copula_or_a_possessed_plan_are_statements(find_actors):
    text = (
        "France is also firmly in favour of the ban. Hungary is against the proposal. "
        "Denmark has been the most vocal champion of the ban. "
        "The European Commission's plan to ban forever chemicals faces a vote. Canada's decision surprised nobody. "
        "Polish Prime Minister Donald Tusk said Germany does not plan to send troops."
    )
    found = find_actors(text, "d")
    by_speaker = {}
    for s in found.statements:
        by_speaker.setdefault(s["actor_id"], []).append(text[s["start"] : s["end"]])
    assert by_speaker["fra"] == ["is also firmly in favour of the ban"]
    assert by_speaker["hun"] == ["is against the proposal"]
    assert by_speaker["dnk"] == ["has been the most vocal champion of the ban"]
    commission = next(k for k in by_speaker if "commission" in k)
    assert by_speaker[commission] == ["plan to ban forever chemicals"]  # the possessor is left out of the span
    assert "can" not in by_speaker  # "Canada's decision" with nothing decided
    assert "deu" not in by_speaker  # Germany's plan as Tusk reports it is Tusk's statement
    assert any(k.endswith("tusk") for k in by_speaker)


def test_business_sports_and_job_sentences_are_not_positions(find_actors):
    text = (
        "Donald Trump leads Joe Biden in the polls. Angela Smith joined the company in 2010. "
        "Argentina are the reigning world champions. Mark Kermode is a film critic. "
        "Spain was against Italy in the semi-final. Trump's support among Republicans is solid."
    )
    assert find_actors(text, "d").statements == []


def test_a_position_clause_stops_where_another_subject_starts_and_unknown_reporters_do_not_take_it(find_actors):
    text = "France is in favour of the ban, but Germany is against it. Diplomats said Hungary blocked the package."
    found = find_actors(text, "d")
    spans = {s["actor_id"]: text[s["start"] : s["end"]] for s in found.statements}
    assert spans == {"fra": "is in favour of the ban", "deu": "is against it", "hun": "blocked the package"}


def test_a_position_clause_stops_before_a_contrasting_while_clause_with_its_own_subject(find_actors):
    text = (
        "Spain voted against the proposal, while Italy abstained. Poland backed the plan whereas Hungary opposed it. "
        "While Greece abstained, Portugal voted against the budget."
    )
    found = find_actors(text, "d")
    spans = {s["actor_id"]: text[s["start"] : s["end"]] for s in found.statements}
    assert spans["esp"] == "voted against the proposal"
    assert spans["pol"] == "backed the plan"
    assert spans["prt"] == "voted against the budget"
    assert "abstained" in spans["ita"] and "opposed it" in spans["hun"]


def test_a_reaction_from_an_actor_is_its_position_but_not_inside_a_reported_clause(find_actors):
    text = (
        "Macron urged leaders to consider the plan, an idea that drew strong support from Germany and Poland but "
        "was rejected by Spain. The reform met with fierce resistance from Italy. The film drew praise from critics. "
        "Merkel said the plan had drawn support from Austria. The bill failed to win backing from Sweden. "
        "Le Pen won support from rural France. The deal drew praise from Greece but not Portugal."
    )
    found = find_actors(text, "d")
    spans = {s["actor_id"]: text[s["start"] : s["end"]] for s in found.statements if s["kind"] == "position"}
    assert spans["deu"] == spans["pol"] == "that drew strong support from Germany and Poland"
    assert spans["ita"] == "The reform met with fierce resistance from Italy"
    assert "grc" in spans
    # Merkel's statement, not Austria's; a failed bid, a region and a negated conjunct are nobody's position
    assert not {"aut", "swe", "fra", "prt"} & set(spans)


def test_names_spacy_cuts_in_two_or_tags_only_in_part_are_one_actor(find_actors):
    text = (
        "A motion to scrap the levy was voted down on Thursday by the Christian Democrats and the SPD. "
        "The far-right Alternative for Germany (AfD) voted in favour of the motion. Spain led the opposition. "
        "Speaking to the BBC, Labour MP Sophie Adair asserted that the plan was unfair. "
        "The Parliament's lead negotiator on the file, Finnish MEP Aino Rautio, said lawmakers would push for more. "
        "The case was brought by the charity Freedom from Torture. Gov. Adriana Cortez (D) vetoed the bill."
    )
    found = find_actors(text, "d")
    speakers = {s["actor_id"] for s in found.statements}
    assert {"christian-democrats", "spd", "alternative-for-germany", "esp", "sophie-adair", "aino-rautio"} <= speakers
    assert "democratic-party" not in speakers and "deu" not in speakers  # not the US party, not the country
    assert not {"parliament", "d", "freedom"} & speakers  # the negotiator is Rautio; "(D)" is a party tag


def test_given_names_ner_left_off_or_missed_are_part_of_the_full_name(find_actors):
    """NER found only the surname where the article gave the full name: given names the parse makes part of the name
    are taken back, and a full name NER missed entirely is found from the surname it knows elsewhere."""
    text = (
        "The tenants' association has organised rent clinics on four estates. Its chair, Marisol Obradovic, said "
        "older residents were afraid to complain.\n\n"
        "Argentina's economy minister, Teodoro Vilches Arrieta, said in Lima that talks would resume.\n\n"
        "The motion was tabled by the Green councillors Ysolde Brannigan-Kerr and Tom Hale.\n\n"
        "Brannigan-Kerr, who chairs the housing panel, said the council had waited too long. Vilches Arrieta said "
        "nothing about a deadline. Chief Constable Priya Halvorsen-Teague said the counters would close.\n\n"
        "Brockhurst Vane Partners, which ran the review, said it had followed the tender."
    )
    found = find_actors(text, "d")
    ids = {m["text"]: m["actor_id"] for m in found.mentions if m["source"] != "coref"}
    assert ids["Marisol Obradovic"] == "marisol-obradovic"
    assert ids["Teodoro Vilches Arrieta"] == ids["Vilches Arrieta"] == "teodoro-vilches-arrieta"
    assert ids["Brannigan-Kerr"] == "ysolde-brannigan-kerr"
    assert "priya-halvorsen-teague" in ids.values()  # a known first name opens the name: the rank is no given name
    assert ids["Brockhurst Vane Partners"] == "brockhurst-vane-partners"  # a firm's name, not a person's
    speakers = {s["actor_id"] for s in found.statements}
    assert {"marisol-obradovic", "teodoro-vilches-arrieta", "ysolde-brannigan-kerr"} <= speakers


def test_first_names_and_suffixes_merge_into_the_full_name(find_actors):
    text = (
        "Colin Kaepernick knelt during the anthem in 2016. His mother Teresa Kaepernick said she was proud. "
        "Colin said he would keep protesting. Miguel Perez Jr. was deported; his mother Esperanza Perez said Perez "
        "had served in the Army."
    )
    found = find_actors(text, "d")
    by_text = {m["text"]: m["actor_id"] for m in found.mentions}
    assert by_text["Colin"] == by_text["Colin Kaepernick"] != by_text["Teresa Kaepernick"]
    assert by_text["Perez"] == by_text["Miguel Perez Jr."] != by_text["Esperanza Perez"]


def test_pronouns_become_coref_mentions_of_the_right_person(find_actors):
    text = (
        "Senator Maria Delgado criticised the budget on Monday. She said the cuts would hurt rural hospitals.\n\n"
        'Her colleague Tom Brennan disagreed. "Maria is wrong, and he knows it," Brennan said of the party leader. '
        "It was a tense day, and they left without a deal."
    )
    found = find_actors(text, "d")
    coref = [m for m in found.mentions if m["source"] == "coref"]
    she = next(m for m in coref if m["text"] == "She")
    assert she["actor_id"] == "maria-delgado" and she["is_actor"] and she["role"] == "actor"
    assert text[she["start"] : she["end"]] == "She" and text[she["sentence_start"] : she["sentence_end"]].startswith(
        "She said"
    )
    assert not any(
        m["start"] > text.index('"Maria') and m["start"] < text.index("Brennan said") for m in coref
    )  # "he" in a quote
    assert not any(m["text"].lower() in ("it", "they") for m in coref)
    ids = [m["mention_id"] for m in found.mentions]
    assert len(ids) == len(set(ids))
    for m in coref:  # a coref mention never repeats a sentence that already names the same actor
        assert not any(
            n["source"] != "coref" and n["actor_id"] == m["actor_id"] and n["sentence_start"] == m["sentence_start"]
            for n in found.mentions
        )


def test_pronoun_attribution_follows_gender_and_skips_names_inside_the_quote(find_actors):
    text = (
        "Rep. Maria Delgado (D-Calif.) described the plan as a ransom note. Her Republican counterpart, Sen. Travis "
        'Whitaker (R-Texas), declined to comment. "Luis Ocampo wants a shutdown," she said.'
    )
    found = find_actors(text, "d")
    quote = next(s for s in found.statements if s["text"].startswith('"Luis'))
    assert quote["actor_id"] == "maria-delgado"


def test_role_nouns_documents_and_continued_paragraphs(find_actors):
    text = (
        "Sen. Ruth Haldane (R-Maine) and Sen. Gregory Thorne (R-Ohio) met on Tuesday. The Maine Republican said a "
        "deal was close.\n\n"
        'Keystone Forward released a letter urging the leadership to act. "We cannot wait," the letter states.\n\n'
        '"Families are tired of excuses," Thorne said.\n\n'
        '"Nobody should have to call this a compromise."\n\n'
        "According to a Pentagon spokeswoman, the troops will stay."
    )
    found = find_actors(text, "d")
    by_text = {s["text"]: s["actor_id"] for s in found.statements}
    assert by_text["a deal was close"] == "ruth-haldane"
    assert by_text['"We cannot wait,"'] == "keystone-forward"
    assert any(
        s["actor_id"] == "keystone-forward" and s["cue"] == "urging" for s in found.statements
    )  # "a letter urging …"
    assert by_text['"Nobody should have to call this a compromise."'] == "gregory-thorne"  # no cue: continues Thorne
    assert any(s["actor_id"] == "pentagon" and s["cue"] == "according to" for s in found.statements)


def test_a_statement_names_where_its_sentence_names_the_speaker(find_actors):
    """speaker_start/end: the speaker's name when the sentence holds it, else the pronoun or role noun that stands
    for it (what a stance model that reads actors gets marked)."""
    text = (
        "Sen. Ruth Haldane (R-Maine) and Sen. Gregory Thorne (R-Ohio) met on Tuesday. The Maine Republican said a "
        "deal was close. Thorne said he would vote against the bill. He said the vote was final."
    )
    found = find_actors(text, "d")
    marked = {s["text"]: text[s["speaker_start"] : s["speaker_end"]] for s in found.statements}
    assert marked["a deal was close"] == "Maine Republican"  # no determiner, as the training rows mark role nouns
    assert marked["he would vote against the bill"] == "Thorne"
    assert marked["the vote was final"] == "He"


def test_towns_platforms_and_fragments_are_not_actors_but_countries_that_take_positions_are(find_actors):
    """From a real report whose actor list held "Xthe", "Twitter" and a town: a town or region that never speaks or
    acts, a platform that makes no statement and a platform's name run into the next word are not actors; a country
    stays one whether it speaks, acts or is only named, and so does a place that acts."""
    text = (
        "Russian forces captured Avdiivka in February after months of fighting. Ukrainian troops withdrew from "
        "Avdiivka, a fortress town in the Donetsk region. "
        "Polish Prime Minister Donald Tusk wrote on Xthe decision to send troops was wrong. "
        "Tusk later posted a longer message on Twitter, saying Poland would not change course. "
        "Hungary said it would veto the plan. The sanctions against Iran were extended. "
        "Texas sued the administration over the aid package."
    )
    found = find_actors(text, "d")
    actors = {m["actor_id"] for m in found.mentions if m["is_actor"]}
    assert not {"avdiivka", "xthe", "twitter", "donetsk"} & {m["actor_id"] for m in found.mentions}, actors
    assert {"donald-tusk", "hun", "irn", "texas"} <= actors
    speakers = {s["actor_id"] for s in found.statements}
    assert {"donald-tusk", "hun"} <= speakers


def test_a_council_named_after_its_town_and_a_person_tagged_as_a_place_stay_actors(find_actors):
    """spaCy calls both places; neither speaks or acts here, yet one is an organisation and the other a person."""
    text = (
        "Councillors from West Lindsey District Council wrote to the Home Office. "
        "A spokesman for Gov. Henry Lassalle, Dustin Mayhew, said the governor supports the plan."
    )
    found = find_actors(text, "d")
    actors = {m["actor_id"] for m in found.mentions if m["is_actor"]}
    assert {"west-lindsey-district-council", "dustin-mayhew"} <= actors, actors


def test_people_the_tagger_calls_organisations_are_people_by_their_role_and_title(find_actors):
    """spaCy's small model tags unfamiliar names as organisations, or cuts them: a name set in apposition after a
    role ("Its treasurer, X"), after a title inside an organisation span ("Assembly Majority Whip X"), or split
    between two organisation spans ("Dunmore Mayor Ottilie" + "Barrow-Keene"), is a person."""
    text = (
        "The Fenwick Tenants Forum said the rent rise was unlawful. Its treasurer, Ottoline Pargeter, said: "
        '"We will see them in court."\n\n'
        "Assembly Majority Whip Thaddeus Kreuzberg (R-Ohio) said the vote was a mistake.\n\n"
        "Dunmore Mayor Ottilie Barrow-Keene, whose town sued the state, said the water had run dry."
    )
    result = find_actors(text)
    people = {m["actor_id"]: m["actor_type"] for m in result.mentions}
    assert people.get("ottoline-pargeter") == "person"
    assert people.get("thaddeus-kreuzberg") == "person"
    assert people.get("ottilie-barrow-keene") == "person"
    speakers = {s["actor_id"] for s in result.statements}
    assert {"ottoline-pargeter", "thaddeus-kreuzberg", "ottilie-barrow-keene"} <= speakers


def test_a_short_form_of_an_organisation_name_is_that_organisation(find_actors):
    """ "Orchard Valley Airlines" then "Orchard Valley said", "the Saltings Keepers" then "the Keepers said": one
    actor, not two; a name the tagger cut at a title word ("Energy and Transport Workers Union") keeps it."""
    text = (
        "Orchard Valley Airlines cancelled 900 flights on Sunday. Orchard Valley said the outage was over.\n\n"
        'The Saltings Keepers, a conservation charity, called the plan "reckless." The Keepers said they would '
        "appeal.\n\n"
        'The Energy and Transport Workers Union said the jobs were "long overdue."'
    )
    result = find_actors(text)
    speakers = {s["actor_id"] for s in result.statements}
    assert {"orchard-valley-airlines", "saltings-keepers"} <= speakers
    assert not {"orchard-valley", "keepers"} & {m["actor_id"] for m in result.mentions}
    assert "energy-and-transport-workers-union" in speakers


def test_an_organisation_name_keeps_the_capitalised_words_the_tagger_left_off_its_front(find_actors):
    """spaCy's small model often starts an organisation late: at a sentence's start ("Heathland" + "Wardens") or
    after "and" ("the Harbour and" + "Dock Workers Union"). The whole name is the actor."""
    text = (
        'Heathland Wardens, a charity with 9,000 members, said the road was "a disgrace". '
        "The Harbour and Dock Workers Union, which represents 800 staff, said its members would strike."
    )
    speakers = {s["actor_id"] for s in find_actors(text).statements}
    assert {"heathland-wardens", "harbour-and-dock-workers-union"} <= speakers


def test_a_super_pac_is_a_kind_of_body_not_an_actor_called_pac(find_actors):
    """ "a super PAC supporting X", "The super PAC said": PAC names a kind of body; no actor "pac"."""
    text = (
        "Lakeshore Forward, a super PAC supporting the governor, paid for the ad. "
        "The super PAC said it would spend $2 million more."
    )
    assert "pac" not in {m["actor_id"] for m in find_actors(text).mentions}


def test_a_name_followed_by_a_persons_role_is_a_person_and_his_quotes_are_his(find_actors):
    """ "Aukusti Vainikka, chief executive of Nordline Cable, said …" is a person though the tagger may not know the
    name; the "he said" after it is his, not the minister's named in the paragraph before."""
    text = (
        "Britain's defence secretary, Alastair Penrose, said a frigate would join the patrols.\n\n"
        "Aukusti Vainikka, chief executive of Nordline Cable, said repairs would take five weeks. "
        '"Nobody lost their connection," he said.'
    )
    result = find_actors(text)
    assert {m["actor_id"]: m["actor_type"] for m in result.mentions}.get("aukusti-vainikka") == "person"
    rows = [s["actor_id"] for s in result.statements if "Nobody lost" in s["text"]]
    assert rows == ["aukusti-vainikka"]


def test_names_ner_cuts_or_runs_together(find_actors):
    """A double-barrelled surname NER cut ("Colleen Vasquez" + "-Hart"), a party word NER joined to a first name
    ("Democrats Renata"), two people joined by "and", a party and title before a name ("Green MP X"), "a Home Office",
    and "the House" that is no short form of the House Freedom Caucus."""
    text = (
        "WASHINGTON — The House voted on Thursday. The bill's sponsor, Rep. Colleen Vasquez-Hart (R-Ky.), said the "
        'vote was "a win for every pharmacy." Rep. Bryce Tolliver of the House Freedom Caucus opposed it.\n\n'
        "Nevada's two senators, Democrats Renata Olivares-Brandt and Simon Keefe, said in a joint statement that the "
        "cut was reckless.\n\n"
        "Green MP Siân Pryderi-Walsh said her party would table an amendment. Unions blamed a Home Office that "
        "stopped negotiating in October."
    )
    found = find_actors(text)
    ids = {m["actor_id"] for m in found.mentions}
    assert "colleen-vasquez-hart" in ids and "vasquez-hart" not in ids and "hart" not in ids
    assert {"renata-olivares-brandt", "simon-keefe", "sian-pryderi-walsh", "home-office"} <= ids
    assert not any("-and-" in i or i.startswith(("a-", "green-mp")) for i in ids)
    house = {m["actor_id"] for m in found.mentions if m["text"] == "House"}
    assert "house-freedom-caucus" not in house


def test_a_rank_before_a_name_is_no_person_and_a_super_pac_no_actor(find_actors):
    """NER's "Sgt" in "Its president, Sgt. Vince X," is a rank: X speaks; "a super PAC" is a kind of body, no actor."""
    text = (
        "DENVER — A super PAC backing the mayor sent 180,000 mailers. The Front Range Police League has endorsed "
        "the mayor. Its president, Sgt. Vince Arellano-Moss, a 22-year veteran of the force, said officers were "
        '"working doubles."'
    )
    found = find_actors(text)
    ids = {m["actor_id"] for m in found.mentions}
    assert "sgt" not in ids and "super-pac" not in ids
    start = text.index("working doubles")
    assert {s["actor_id"] for s in found.statements if s["start"] <= start < s["end"]} == {"vince-arellano-moss"}


def test_a_camel_case_company_that_speaks_is_an_actor(find_actors):
    """ "DesertLink said …" (NER tags nothing) is the company the article named in full, "DesertLink Rail"."""
    text = (
        "LAS VEGAS — The Transportation Department cancelled a $3 billion rail grant on Monday. DesertLink Rail, the "
        "project's developer, said it had already spent $600 million.\n\n"
        'DesertLink said the decision was "political, premature and almost certainly unlawful."'
    )
    found = find_actors(text)
    start = text.index("political, premature")
    assert {s["actor_id"] for s in found.statements if s["start"] <= start < s["end"]} == {"desertlink-rail"}


def test_a_first_name_ner_left_off_after_a_plural_title(find_actors):
    """ "Sens. Ivy Ramsdell" with NER tagging only "Ramsdell" is Ivy Ramsdell, and the later "Ramsdell" too."""
    text = (
        "COLUMBUS, Ohio — The Ohio Senate passed the bill. Sens. Ivy Ramsdell, D-Akron, and Paul Esterhaus, "
        'D-Toledo, said the bill did not go far enough. "Half a loaf is still bread," Ramsdell said.'
    )
    ids = {m["actor_id"] for m in find_actors(text).mentions}
    assert "ivy-ramsdell" in ids and "ramsdell" not in ids


def test_a_first_name_before_a_double_barrelled_surname_and_a_sentence_the_parser_split_inside_a_name(find_actors):
    """ "Councilmember Marco Bellweather-Tan" with NER tagging only the surname, and "County Attorney Dolores
    Whitcombe-Ray told …", which the small parser cut into two sentences inside the name, are whole people."""
    text = (
        "TUCSON, Ariz. — Councilmember Marco Bellweather-Tan, who drafted the rule, said families had asked for it. "
        "Pima County Attorney Dolores Whitcombe-Ray told reporters her office would not prosecute first offences."
    )
    found = find_actors(text)
    ids = {m["actor_id"] for m in found.mentions}
    assert {"marco-bellweather-tan", "dolores-whitcombe-ray"} <= ids
    assert not ids & {"bellweather-tan", "whitcombe-ray"}
    start = text.index("her office would")
    assert {s["actor_id"] for s in found.statements if s["start"] <= start < s["end"]} == {"dolores-whitcombe-ray"}


def test_a_byline_on_its_own_line_is_no_actor(find_actors):
    """ "Rhys Calloway, Transport editor" as its own line under the headline is the reporter."""
    text = (
        "Ministers approve new rail line despite local anger\n\nRhys Calloway, Transport editor\n\n"
        "The government approved the line on Tuesday. Transport Secretary Imogen Ashdown said it would create jobs."
    )
    found = find_actors(text)
    roles = {m["actor_id"]: m["role"] for m in found.mentions}
    assert roles.get("rhys-calloway", "byline") == "byline"  # no actor, whether or not NER tags the name
    assert "rhys-calloway" not in {s["actor_id"] for s in found.statements}


def test_an_organisation_named_with_and_and_its_first_word_alone_are_one_body(find_actors):
    """ "the Great Plains Grain and Rail Workers Union", which NER cuts at its "and", is one union; "Corvalis"
    after "Corvalis Foods" (which NER may read as a place) is the company."""
    text = (
        "Workers at the mill are represented by the Great Plains Grain and Rail Workers Union, which has 200 members "
        "there. The union said it had asked for a meeting.\n\n"
        "The inspectors wrote to Corvalis Foods on Monday. Corvalis, which runs mills in Kansas and Nebraska, said "
        "in a statement that it had paused production."
    )
    found = find_actors(text)
    ids = {m["actor_id"] for m in found.mentions}
    assert "great-plains-grain-and-rail-workers-union" in ids and "rail-workers-union" not in ids
    start = text.index("it had paused")
    assert {s["actor_id"] for s in found.statements if s["start"] <= start < s["end"]} == {"corvalis-foods"}


def test_an_untagged_person_described_by_an_apposition(find_actors):
    """A paragraph that opens with a name NER leaves untagged and an apposition that says it is a person ("Carys
    Penhallow-Adeyemi, a mother of three from Bargoed, started …") names that person, and her later post is hers."""
    text = (
        "The minister confirmed the new calendar on Tuesday.\n\n"
        "Carys Penhallow-Adeyemi, a mother of three from Bargoed, started the parents' group Keep Summer Long in "
        "March.\n\n"
        "Penhallow-Adeyemi put her reaction on the group's Facebook page within minutes:\n\n"
        '"Twenty thousand people answered their consultation and they have done it anyway."'
    )
    found = find_actors(text)
    ids = {m["actor_id"] for m in found.mentions}
    assert "carys-penhallow-adeyemi" in ids and "penhallow-adeyemi" not in ids
    start = text.index("Twenty thousand people")
    assert {s["actor_id"] for s in found.statements if s["start"] <= start < s["end"]} == {"carys-penhallow-adeyemi"}
