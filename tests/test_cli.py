from __future__ import annotations

import click
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from stancewatch.cli import app

runner = CliRunner()
COMMANDS = sorted(get_command(app).commands)


def test_the_expected_commands_exist():
    assert {"run", "serve", "ingest", "actors", "classify", "aggregate", "train", "predict", "evaluate", "check"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    command = get_command(app).commands[name]
    assert command.help and "Example" in command.help, f"`stancewatch {name}` needs help text with an example"
    for param in command.params:
        if isinstance(param, click.Option):
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

    import stancewatch.actor_eval, stancewatch.config, stancewatch.ingest, stancewatch.isolation  # noqa: E401
    import stancewatch.models.datasets, stancewatch.store, stancewatch.tables  # noqa: E401
    from stancewatch.errors import ModelLoadError, StancewatchError

    modules = [stancewatch.actor_eval, stancewatch.config, stancewatch.ingest, stancewatch.isolation,
               stancewatch.models.datasets, stancewatch.store, stancewatch.tables]
    errors = {obj for m in modules for _, obj in inspect.getmembers(m, inspect.isclass)
              if issubclass(obj, Exception) and obj.__module__.startswith("stancewatch")}
    assert len(errors) >= 9 and ModelLoadError in errors | {ModelLoadError}
    assert all(issubclass(e, StancewatchError) for e in errors), [e for e in errors if not issubclass(e, StancewatchError)]


def test_a_malformed_gold_yaml_is_one_line(tmp_path):
    from typer.testing import CliRunner

    from stancewatch.cli import app

    bad = tmp_path / "gold.yaml"
    bad.write_text("articles:\n  - file: a.txt\n    statements: [unclosed\n")
    result = CliRunner().invoke(app, ["evaluate", "actors", "--input", str(bad)])
    assert result.exit_code == 2
    assert "not valid YAML" in result.output and "Traceback" not in result.output
