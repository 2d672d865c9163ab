"""Validate against human coders: `sample` (a coding sheet out) and `agreement` (the coded sheet in).

The third step of the loop, `train … --data sheet.xlsx`, is `stancewatch train` (cli/training.py), which reads coded
sheets as training rows (stancewatch/models/sheets.py).
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table

from stancewatch.cli.common import JsonReport, OutFolder, Topics, _errors, _fail, app, console


class SheetKind(str, Enum):
    stance = "stance"
    sentiment = "sentiment"
    attribution = "attribution"


@app.command()
def sample(
    out: OutFolder,
    output: Path = typer.Option(
        ...,
        "--output",
        help="The sheet to write: .xlsx (Excel, with drop-downs of the codes) or .csv; its key is "
        "written beside it (sheet.key.parquet).",
    ),
    kind: SheetKind = typer.Option(
        SheetKind.stance,
        "--kind",
        help="stance rows (actor × statement × topic), sentiment rows (actor mentions) or attribution (statements: "
        "is this actor the speaker?).",
    ),
    n: int = typer.Option(200, "--n", min=1, help="Rows to draw (all of them when there are fewer)."),
    topic: Optional[str] = typer.Option(
        None, "--topic", help="Only this topic's stance rows (sentiment, attribution: the documents that have one)."
    ),
    stratify: Optional[str] = typer.Option(
        None,
        "--stratify",
        help="Strata, comma-separated, from label, topic, actor_type (attribution: label, actor_type, form); `none` "
        "for none. Default: label (attribution: form).",
    ),
    equal: bool = typer.Option(False, "--equal", help="Equal quotas per stratum (default: proportional to size)."),
    seed: int = typer.Option(0, "--seed", help="Random seed: the same seed on the same folder gives the same file."),
    blind: bool = typer.Option(
        True, "--blind/--no-blind", help="Blind (default): the sheet shows no model label; --no-blind adds one."
    ),
    coders: int = typer.Option(2, "--coders", min=1, max=26, help="Coder columns: code_a, code_b, …"),
    exclude: List[Path] = typer.Option(
        [], "--exclude", help="Leave out the units of an earlier sheet of this kind (repeat it): a fresh second sample."
    ),
    topics: Topics = None,
):
    """Draw a reproducible, stratified sample of an output folder's rows as a coding sheet for people to code.

    Example: `stancewatch sample out/sample --kind stance --n 200 --stratify label,topic --seed 1 --output sheet.xlsx`
    """
    with _errors():
        from stancewatch.config import load_topics
        from stancewatch.evaluate.sampling import sample as draw_sample
        from stancewatch.evaluate.sampling import write_sample

        smp = draw_sample(out, kind.value, load_topics(topics), n, topic, stratify, equal, seed, exclude)
        sheet, key = write_sample(smp, output, blind=blind, coders=coders)
        view = Table(title=f"{len(smp.rows)} {kind.value} rows from {out} (seed {seed})")
        for col in ("stratum", "in the output", "drawn"):
            view.add_column(col)
        for name, (size, quota) in smp.quotas.items():
            view.add_row(name, str(size), str(quota))
        console.print(view)
        console.print(f"sheet: {sheet} ({'blind' if blind else 'with the model label'})\nkey: {key}")


def _ci(stat: Optional[dict], sep: str = " ") -> str:
    """``0.83 (0.62–1.00)``: the value and its bootstrap interval (in tables: the interval on a line below);
    ``–`` when undefined."""
    if not stat or stat.get("value") is None:
        return "–"
    if stat.get("low") is None:
        return f"{stat['value']:.2f}"
    interval = f"{stat['low']:.2f}–{stat['high']:.2f}"
    return f"{stat['value']:.2f}{sep}{interval if sep == chr(10) else f'({interval})'}"


def _groups(rep: dict) -> list[tuple[str, dict]]:
    groups = [("all", rep["overall"])]
    for by, name in (("by_topic", "topic"), ("by_actor_type", "type")):
        groups += [(f"{name} {v}", g) for v, g in rep.get(by, {}).items()]
    return groups


def _tables(rep: dict) -> list[Table]:
    """Two tables: the coders with each other, the model against the coders' majority; a row per group."""
    tables = []
    if len(rep["coders"]) >= 2:
        view = Table(title=f"{' ~ '.join(rep['coders'])} (95 % intervals below)")
        for col in ("group", "n", "alpha", "kappa", "agreement"):
            view.add_column(col, justify="right" if col == "n" else "left", no_wrap=col == "group")
        for name, g in _groups(rep):
            c = g["coders"]
            cells = [_ci(c[m], "\n") for m in ("alpha", "kappa", "percent_agreement")]
            view.add_row(name, str(c["n_units"]), *cells)
        tables.append(view)
    if rep["model_labels"] is not None:
        view = Table(title="model ~ the coders' majority (95 % intervals below)")
        for col in ("group", "n", "alpha", "kappa", "agreement", "macro-F1"):
            view.add_column(col, justify="right" if col == "n" else "left", no_wrap=col == "group")
        for name, g in _groups(rep):
            m = g["model"]["majority"]
            cells = [_ci(m[k], "\n") for k in ("alpha", "kappa", "percent_agreement", "macro_f1")]
            view.add_row(name, str(m["n"]), *cells)
        tables.append(view)
    return tables


@app.command()
def agreement(
    sheet: Path = typer.Argument(..., help="A coded sheet written by `stancewatch sample` (.xlsx or .csv)."),
    key: Optional[Path] = typer.Option(
        None, "--key", help="The sheet's key file (default: sheet.key.parquet beside it) with the model's labels."
    ),
    coder_columns: Optional[str] = typer.Option(
        None, "--coder-columns", help="The coders' columns, comma-separated (default: every code_* but code_final)."
    ),
    report: JsonReport = None,
    out: Optional[Path] = typer.Option(
        None, "--out", help="The output folder the sheet was sampled from (default: the one the sheet records)."
    ),
    resamples: int = typer.Option(1000, "--resamples", min=0, help="Bootstrap resamples for the 95 % intervals."),
    seed: int = typer.Option(0, "--seed", help="Seed of the bootstrap."),
):
    """Agreement between the coders of a sheet and between each coder and the model: Krippendorff's alpha, Cohen's
    kappa, percent agreement, and the model's macro-F1 and confusion matrix against the coders' majority — overall,
    per topic and per actor type, with bootstrap 95 % intervals.

    Example: `stancewatch agreement sheet.xlsx --report agreement.json`
    """
    with _errors():
        from stancewatch.evaluate.agreement import agreement as compute

        columns = [c.strip() for c in coder_columns.split(",") if c.strip()] if coder_columns else None
        if coder_columns is not None and not columns:
            _fail("--coder-columns: name at least one column, e.g. code_a,code_b.")
        rep = compute(sheet, key, columns, out, resamples, seed)
        for view in _tables(rep):
            console.print(view)
        overall = rep["overall"]
        for coder in rep["coders"] if rep["model_labels"] else []:
            m = overall["model"][coder]
            console.print(
                f"{coder} ~ model (n={m['n']}): alpha {_ci(m['alpha'])}, kappa {_ci(m['kappa'])}, "
                f"agreement {_ci(m['percent_agreement'])}",
                highlight=False,
            )
        if rep["model_labels"]:
            conf = overall["model"]["majority"]["confusion"]
            console.print(
                f"confusion, rows the coders' majority, columns the model ({'/'.join(conf['labels'])}): "
                + json.dumps(conf["rows_coders_cols_model"]),
                highlight=False,
            )
        else:
            console.print("no model labels (no key file beside the sheet, a blind sheet): coders only", highlight=False)
        if report:
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text(json.dumps(rep, indent=2) + "\n")
            console.print(f"report: {report}")
