from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from stancewatch.cli import app

runner = CliRunner()
COMMANDS = sorted(get_command(app).commands)


def test_the_expected_commands_exist():
    assert {
        "run",
        "serve",
        "ingest",
        "actors",
        "classify",
        "aggregate",
        "train",
        "predict",
        "evaluate",
        "check",
    } <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    command = get_command(app).commands[name]
    assert command.help and "Example" in command.help, f"`stancewatch {name}` needs help text with an example"
    options = [param for param in command.params if param.param_type_name == "option"]
    assert options, f"`stancewatch {name}` lists no options"
    for param in options:
        assert param.help, f"option {param.name} of `stancewatch {name}` has no help"
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0


def test_a_missing_input_is_one_line_and_exit_2(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_bad_config_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "topics.yaml"
    bad.write_text("topics:\n  - {id: x}\n")
    result = runner.invoke(app, ["check", "--topics", str(bad)])
    assert result.exit_code == 2 and "topics.0.label" in result.output


def test_a_stage_without_its_input_names_the_stage_to_run(tmp_path):
    result = runner.invoke(app, ["aggregate", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "stancewatch ingest" in result.output


def test_every_library_error_is_a_stancewatch_error():
    """The CLI turns StancewatchError (and nothing broader) into one line; every library error must be one."""
    import inspect

    import stancewatch.config
    import stancewatch.evaluate.actors  # noqa: E401
    import stancewatch.ingest.sources
    import stancewatch.models.datasets  # noqa: E401
    import stancewatch.store.datasets
    import stancewatch.store.isolation
    import stancewatch.store.tables
    from stancewatch.errors import ModelLoadError, StancewatchError

    modules = [
        stancewatch.evaluate.actors,
        stancewatch.config,
        stancewatch.ingest.sources,
        stancewatch.store.isolation,
        stancewatch.models.datasets,
        stancewatch.store.datasets,
        stancewatch.store.tables,
    ]
    errors = {
        obj
        for m in modules
        for _, obj in inspect.getmembers(m, inspect.isclass)
        if issubclass(obj, Exception) and obj.__module__.startswith("stancewatch")
    }
    assert len(errors) >= 9 and ModelLoadError in errors | {ModelLoadError}
    assert all(issubclass(e, StancewatchError) for e in errors), [
        e for e in errors if not issubclass(e, StancewatchError)
    ]


def test_a_malformed_gold_yaml_is_one_line(tmp_path):
    from typer.testing import CliRunner

    from stancewatch.cli import app

    bad = tmp_path / "gold.yaml"
    bad.write_text("articles:\n  - file: a.txt\n    statements: [unclosed\n")
    result = CliRunner().invoke(app, ["evaluate", "actors", "--input", str(bad)])
    assert result.exit_code == 2
    assert "not valid YAML" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "args, needle",
    [
        (["run", "data/samples/articles", "--out", "x", "--runner", "kubernetes"], "--runner"),
        (["run", "data/samples/articles", "--out", "x", "--chunk-size", "0"], "--chunk-size"),
        (["serve", "data/samples/articles", "--out", "x", "--cron", "0 * * * *", "--workers", "0"], "--workers"),
        (["evaluate", "stance", "--quantize", "int4"], "--quantize"),
        (["train", "stance", "--data", "a", "--dev", "b", "--out", "c", "--epochs", "0"], "--epochs"),
    ],
)
def test_the_parser_checks_runner_quantize_and_sizes(args, needle, tmp_path):
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and needle in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x").exists()


def test_evaluate_takes_the_model_from_its_config(tmp_path):
    """`evaluate --config` runs the model that config names, not the default config's."""
    from stancewatch.cli.common import Task
    from stancewatch.cli.evaluate import _model_config

    settings = tmp_path / "s.yaml"
    settings.write_text("stance_model: {kind: topic-stance, path: models/sentiment-minilm-lora, quantize: int8}\n")
    cfg = _model_config(Task.stance, None, settings)
    assert cfg.resolved().name == "sentiment-minilm-lora" and cfg.quantize == "int8"
    assert _model_config(Task.stance, None, None).resolved().name == "stance-mpnet-soup"
    assert _model_config(Task.stance, tmp_path, settings, "none").resolved() == tmp_path.resolve()
    result = runner.invoke(
        app, ["evaluate", "stance", "--config", str(settings), "--input", "tests/fixtures/stance_tiny.jsonl"]
    )
    assert result.exit_code == 2 and "topic-stance" in result.output  # it loaded the configured (sentiment) folder


def test_a_staged_run_keeps_the_settings_it_was_ingested_with(prefect_server, tmp_path):
    """topics.yaml edited between `ingest` and `classify` changes nothing in that run: every stage after ingest reads
    the run's settings snapshot, and a later stage given other files refuses instead of mixing them."""
    import yaml
    from conftest import SAMPLES

    from stancewatch.store.datasets import read_dataset
    from stancewatch.store.snapshot import read_snapshot

    topics, out = tmp_path / "topics.yaml", tmp_path / "out"
    topic = lambda id_, label: yaml.safe_dump({"topics": [{"id": id_, "label": label}]})  # noqa: E731
    topics.write_text(topic("troops-ukraine", "sending Western troops to Ukraine"))
    article = SAMPLES / "articles" / "2024-02-27-troops-ukraine.md"
    assert runner.invoke(app, ["ingest", str(article), "--out", str(out), "--topics", str(topics)]).exit_code == 0
    key = read_snapshot(out).processing_key
    topics.write_text(topic("ev-tariffs", "EU tariffs on Chinese electric vehicles"))  # edited during the run
    assert runner.invoke(app, ["actors", "--out", str(out)]).exit_code == 0
    refused = runner.invoke(app, ["classify", "--out", str(out), "--topics", str(topics)])
    assert refused.exit_code == 2 and "other topics" in refused.output and "Traceback" not in refused.output
    assert runner.invoke(app, ["classify", "--out", str(out)]).exit_code == 0
    result = runner.invoke(app, ["aggregate", "--out", str(out)])
    assert result.exit_code == 0, result.output
    stance = read_dataset(out, "actor_stance")
    assert len(stance) and set(stance["topic_id"]) == {"troops-ukraine"}
    assert set(read_dataset(out, "documents")["processing_key"]) == {key}


def _library_errors() -> list[type]:
    """Every StancewatchError subclass defined anywhere in the package (all modules imported)."""
    import importlib
    import pkgutil

    import stancewatch
    from stancewatch.errors import StancewatchError

    for info in pkgutil.walk_packages(stancewatch.__path__, "stancewatch."):
        importlib.import_module(info.name)
    found, todo = set(), [StancewatchError]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted(found | {StancewatchError}, key=lambda c: c.__qualname__)


@pytest.mark.parametrize("error", _library_errors(), ids=lambda c: c.__qualname__)
def test_each_library_error_is_one_line_and_exit_2(error, monkeypatch):
    """Whatever library error a command meets, the user sees its message on one line and exit code 2."""
    import stancewatch.cli.outputs as cli  # the `check` command's module

    def fail(*args, **kwargs):
        raise _make(error)

    monkeypatch.setattr(cli, "_validate", fail)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2, (error, result.output)
    assert "the fix is named here" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def _make(error: type) -> Exception:
    """An instance of the error class with a known message (some take extra arguments)."""
    try:
        return error("the fix is named here")
    except (TypeError, AttributeError, ValueError):  # constructors that take a record or a number, not a message
        exc = error.__new__(error)
        Exception.__init__(exc, "the fix is named here")
        return exc
