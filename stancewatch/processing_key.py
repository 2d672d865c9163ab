"""The processing key: when a document processed by an earlier run is skipped, and when it is redone.

A document is skipped only if the output already holds it (same ``doc_id`` = hash of its
normalised text, from the same source) **and** it was processed with the same processing key::

    processing key = hash of ( config hash        settings + topics + actor registry (config.config_hash)
                               sentiment model    kind, path and weights revision (adapter hash, -int8)
                               stance model       idem
                               embedder           body weights fingerprint and background statements
                                                  (relevance filter)
                               spaCy pipeline     package name and version
                               schema version )   SCHEMA_VERSION of the tables

Change any of these (retrain a model, edit topics.yaml, add an actor, upgrade spaCy) and the next
run processes the same inputs again; the commit then replaces the document's old rows in every
table (store.commit_run), so each document has exactly one set of rows, from its latest processing.
The key is stored per document (``documents.processing_key``) and per run (``runs.processing_key``).
"""

from __future__ import annotations

import hashlib
import json

from stancewatch.config import Registry, RunConfig, Settings, Topics, config_hash
from stancewatch.store.schemas import SCHEMA_VERSION


def spacy_version(name: str) -> str:
    from spacy.util import get_package_version

    return f"{name}=={get_package_version(name) or 'unknown'}"


def _background_hash() -> str:
    """The relevance background statements (relevance is measured against them: docs/DESIGN.md)."""
    from stancewatch.models.embedder import BACKGROUND

    return hashlib.sha256(BACKGROUND.read_bytes()).hexdigest()[:12]


def components(settings: Settings, topics: Topics, registry: Registry | None = None) -> dict[str, str]:
    """The parts of the key; ``registry`` defaults to the one ``settings.actors_file`` names."""
    from stancewatch.models.backends import model_revision
    from stancewatch.models.body import body_fingerprint

    return {
        "config": config_hash(settings, topics, registry),
        "sentiment_model": (
            f"{settings.sentiment_model.kind}:{settings.sentiment_model.path}"
            f"@{model_revision(settings.sentiment_model)}"
        ),
        "stance_model": (
            f"{settings.stance_model.kind}:{settings.stance_model.path}@{model_revision(settings.stance_model)}"
        ),
        "embedder": f"{settings.embedder}@{body_fingerprint(settings.embedder)}+background@{_background_hash()}",
        "spacy": spacy_version(settings.spacy_model),
        "schema": SCHEMA_VERSION,
    }


def processing_key(settings: Settings, topics: Topics, registry: Registry | None = None) -> str:
    blob = json.dumps(components(settings, topics, registry), sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def run_config(settings_path: str | None, topics_path: str | None) -> RunConfig:
    """The validated settings, topics and registry of a run from their files, with its processing key: what
    ``store.snapshot.open_run`` writes. A bad file raises here, before any run is opened."""
    config = RunConfig.from_files(settings_path, topics_path)
    config.processing_key = processing_key(config.settings, config.topics, config.registry)
    return config
