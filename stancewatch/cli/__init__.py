"""The `stancewatch` command line: one Typer app (``common.app``), one module per group of commands.

``pipeline`` (run, serve, ingest, actors, classify, aggregate), ``outputs`` (report, network, check), ``training``
(train, soup), ``evaluate`` (predict, evaluate),
``validate`` (sample, agreement); ``common`` holds the app, the options several commands share and the
one-line error handling. Importing the group modules registers their commands. Nothing in the library imports this.
"""

from __future__ import annotations

# the order of the imports is the order of the commands in `stancewatch --help`
from stancewatch.cli.common import app  # isort: skip
from stancewatch.cli import pipeline  # noqa: F401, I001 - registers its commands
from stancewatch.cli import outputs  # noqa: F401 - registers its commands
from stancewatch.cli import training  # noqa: F401 - registers its commands
from stancewatch.cli import evaluate  # noqa: F401 - registers its commands
from stancewatch.cli import validate  # noqa: F401 - registers its commands


def main() -> None:
    app()


__all__ = ["app", "main"]
