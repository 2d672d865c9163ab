"""Run the pipeline: `run`, its stages one by one (`ingest`, `actors`, `classify`, `aggregate`), `serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from stancewatch.cli.common import (
    ChunkSize,
    Config,
    DaskAddress,
    Inputs,
    Offline,
    Out,
    RunnerOpt,
    StagedConfig,
    StagedTopics,
    Strict,
    Topics,
    Workers,
    _check_inputs,
    _errors,
    _fail,
    _print_actor_table,
    _print_outputs,
    _s,
    _staged_settings,
    _validate,
    app,
    console,
)
from stancewatch.runtime import DEFAULT_CHUNK_SIZE, Runner

AllowNetwork = Annotated[
    Optional[List[str]],
    typer.Option(
        "--allow-network",
        metavar="CIDR",
        help="A network (CIDR) that may be fetched although it is private, loopback or reserved, e.g. an intranet "
        "feed server: `--allow-network 10.20.0.0/16`. Repeat for several; adds to the setting `fetch.allow_networks`. "
        "Every other such address is refused (quarantine `blocked_address`).",
    ),
]


def _networks(values: Optional[List[str]]) -> Optional[List[str]]:
    """--allow-network values, checked before any work (a bad one is one line and exit code 2)."""
    from stancewatch.config import check_networks

    return check_networks(values) if values else None


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
    allow_network: AllowNetwork = None,
):
    """Run the whole pipeline (ingest → actors → classify → aggregate) as one Prefect flow run.

    Example: `stancewatch run data/samples/articles news.jsonl --out out/today`,
    `stancewatch run feeds.txt --out out/news` (a list of feed URLs; intranet feeds need
    `--allow-network 10.20.0.0/16`),
    `stancewatch run CC-NEWS-20240301.warc.gz --out out/ccnews`
    or, over a 2-worker Dask cluster: `stancewatch run data/samples/articles --out out/today --runner dask`
    """
    with _errors():
        topic_cfg = _check_inputs(inputs, config, topics)
        networks = _networks(allow_network)
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
            allow_networks=networks,
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
    allow_network: AllowNetwork = None,
):
    """Serve the pipeline as a scheduled Prefect deployment: runs INPUT... into --out on the cron schedule
    until stopped (Ctrl-C); each run picks up new files and feed entries and skips known ones.
    Needs a Prefect server: start one with `prefect server start` and set
    PREFECT_API_URL=http://127.0.0.1:4200/api (UI at http://127.0.0.1:4200). See docs/DEPLOY.md.

    Example: `stancewatch serve --cron "0 * * * *" /data/feeds --out /data/stancewatch`
    """
    with _errors():
        _check_inputs(inputs, config, topics)
        networks = _networks(allow_network)
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
            "allow_networks": networks,
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
    allow_network: AllowNetwork = None,
):
    """Stage 1: read articles into `documents`; anything unreadable goes to `quarantine` with the reason.
    Opens a run under --out with a snapshot of the settings, topics and actor registry that the later stages use.

    Example: `stancewatch ingest data/samples --out out/sample`
    """
    with _errors():
        _check_inputs(inputs, config, topics)
        networks = _networks(allow_network)
        from flows.stages import ingest_flow
        from stancewatch.runtime import new_run_id

        counts = ingest_flow(
            [str(p) for p in inputs], str(out), new_run_id(), _s(config), _s(topics), strict, offline, networks
        )
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
