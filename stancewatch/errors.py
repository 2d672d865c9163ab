"""The one base class of stancewatch's own errors: the CLI turns any of them into one line and exit code 2."""

from __future__ import annotations


class StancewatchError(Exception):
    """A stancewatch error whose message says what went wrong and how to fix it."""


class ModelLoadError(StancewatchError, RuntimeError):
    """A model could not be loaded; the message names the fix."""
