"""The `stancewatch` command line: thin commands over the library and the Prefect flows.

Library errors (bad config, missing input, missing table, bad data) become one red line and exit
code 2; everything else is a bug and keeps its traceback. Options used by several commands are defined
once, below, as ``Annotated`` aliases; the option parser checks their values (Enums, ``min=``) and
reports a bad one with exit code 2, so no command checks them by hand.
"""

from __future__ import annotations

from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Iterator, List, Optional

from stancewatch.runtime import Runner, configure_environment

configure_environment()

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from stancewatch.config import Quantize  # noqa: E402

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


class _errors:
    """Turn the library's known errors into one line and exit code 2."""

    def __enter__(self):
        return self

    def __exit__(self, typ, exc, tb):
        if exc is not None and isinstance(exc, _known_errors()):
            _fail(str(exc))
        return False


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
