"""The actors stage on real spaCy: mentions merged into actors, statements attributed to speakers."""

from __future__ import annotations

import pytest

from stancewatch.actors import build_matcher, extract
from stancewatch.registry import clean_name, slug

TEXT = (
    "German Chancellor Olaf Scholz said that there would be no ground troops in Ukraine. "
    "Poland, Germany, Sweden, Spain, Italy and the Czech Republic were quick to stress that they are not considering sending ground troops. "
    "\"The very fact of discussing this possibility is a very important new element,\" Kremlin spokesman Dmitry Peskov said. "
    "The chancellor added that all participants agreed. "
    "Polish Prime Minister Donald Tusk wrote on X that Poland would not send soldiers. "
    "He said the decision was final. "
    "Dutch Prime Minister Mark Rutte backed the plan, according to his office. "
    "Anna Keller contributed reporting."
)


@pytest.fixture(scope="module")
def result(nlp, registry):
    return extract(nlp(TEXT), "d1", registry, build_matcher(nlp, registry))


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
    assert peskov[0]["text"].startswith("\"The very fact")
    assert next(m for m in result.mentions if m["actor_id"] == "dmitry-peskov")["affiliation"] == "Russia"


def test_wrote_on_pronoun_and_according_to(result):
    tusk = {s["cue"] for s in result.statements if s["actor_id"] == "donald-tusk"}
    assert {"wrote", "said"} <= tusk  # "He said …" resolves to the last named person
    assert ("mark-rutte", "backed") in _speakers(result)
    rutte = next(m for m in result.mentions if m["actor_id"] == "mark-rutte")
    assert rutte["affiliation"] == "Netherlands"  # the article's title wins over the registry's


def test_offsets_point_at_the_text(result):
    for s in result.statements:
        assert TEXT[s["start"]:s["end"]] == s["text"]
        assert s["context_start"] <= s["start"] and s["end"] <= s["context_end"]
    for m in result.mentions:
        assert TEXT[m["start"]:m["end"]] == m["text"]


def test_bylines_are_kept_but_not_actors(result):
    keller = [m for m in result.mentions if "Keller" in m["text"]]
    assert keller and not any(m["is_actor"] for m in keller)
    assert not any("keller" in s["actor_id"] for s in result.statements)


def test_names_and_slugs():
    assert clean_name("Mr. Macron's") == "Macron"
    assert clean_name("the Prime Minister Donald Tusk") == "Donald Tusk"
    assert slug("Stéphane Séjourné") == "stephane-sejourne"


def test_attribution_quality_on_the_gold_set(nlp, registry):
    """The actors stage on tests/gold/attribution.yaml: the first 11 articles (124 statements) keep their targets;
    the 16 US/UK articles with hard forms (434 statements, issue 13) must not fall below what was measured
    (all 27 articles: accuracy 0.844, recall 0.966, precision 0.881); the issue's goal is 0.92 / 0.95."""
    from conftest import REPO
    from stancewatch.actor_eval import evaluate

    rep = evaluate(REPO / "tests" / "gold" / "attribution.yaml", nlp, registry, build_matcher(nlp, registry))
    first = rep["by_form"]["unlabelled"]
    assert first["gold"] == 124 and first["accuracy"] >= 0.95, rep["misses"]
    assert rep["gold_statements"] >= 550
    assert rep["actor_recall"] >= 0.95, rep["misses"]
    assert rep["attribution_accuracy"] >= 0.83, rep["misses"]
    assert rep["attribution_precision"] >= 0.87, rep["misses"]
    assert rep["non_actor_leaks"] == 0, [m for m in rep["misses"] if m["type"] == "non_actor_leak"]


def test_elliptical_follow_up_and_analysts(nlp, registry):
    text = ("Spain's Energy Minister Teresa Ribera said the tax was fair. So did Portugal. "
            "\"It will fail,\" said Jana Novak, a senior analyst at the Prague Institute. She added that it was costly.")
    found = extract(nlp(text), "d", registry, build_matcher(nlp, registry))
    by_actor = {s["actor_id"]: s["text"] for s in found.statements}
    assert by_actor["prt"] == by_actor["teresa-ribera"] == "the tax was fair"
    novak = [m for m in found.mentions if "Novak" in m["text"]]
    assert novak and all(m["role"] == "analyst" and not m["is_actor"] for m in novak)
    assert not any("novak" in s["actor_id"] or "prague" in s["actor_id"] for s in found.statements)
    assert not any(m["actor_id"] == "esp" and m["is_actor"] for m in found.mentions)  # "Spain's …" is an affiliation here


def test_first_names_and_suffixes_merge_into_the_full_name(nlp, registry):
    text = ("Colin Kaepernick knelt during the anthem in 2016. His mother Teresa Kaepernick said she was proud. "
            "Colin said he would keep protesting. Miguel Perez Jr. was deported; his mother Esperanza Perez said Perez "
            "had served in the Army.")
    found = extract(nlp(text), "d", registry, build_matcher(nlp, registry))
    by_text = {m["text"]: m["actor_id"] for m in found.mentions}
    assert by_text["Colin"] == by_text["Colin Kaepernick"] != by_text["Teresa Kaepernick"]
    assert by_text["Perez"] == by_text["Miguel Perez Jr."] != by_text["Esperanza Perez"]
