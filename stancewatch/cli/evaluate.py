"""Use and measure models: `predict` and `evaluate` (sentiment, stance, actors, portrayal)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table

from stancewatch.cli.common import (
    Config,
    EvalTask,
    JsonReport,
    ModelDir,
    QuantizeOpt,
    Task,
    _errors,
    _fail,
    _validate,
    app,
    console,
)
from stancewatch.config import Quantize


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
            "escalate": None,
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
        f"{rep['speaker_accuracy_when_covered']:.3f}; with the roll-up {rep['attribution_accuracy_with_rollup']:.3f}"
    )
    if rep["affiliation_actors"]:
        kinds = ", ".join(f"{k} {v['found']}/{v['gold']}" for k, v in rep["affiliation_by_kind"].items())
        console.print(
            f"affiliations: accuracy {rep['affiliation_accuracy']:.3f} ({rep['affiliation_actors_right']}/"
            f"{rep['affiliation_actors']} people with every gold affiliation found), recall "
            f"{rep['affiliation_recall']:.3f}, precision {rep['affiliation_precision']:.3f}; per kind: {kinds}"
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
        score = lambda rows, advance: probabilities(m, logits_for(m, tok, rows, progress=advance))  # noqa: E731
        if cfg.escalate is not None:  # the configured sentiment model with its escalation, as the pipeline runs it
            from stancewatch.models.backends import load_sentiment_backend
            from stancewatch.models.predict import sentiment_probabilities

            backend = load_sentiment_backend(cfg)
            score = lambda rows, advance: sentiment_probabilities(backend, rows, advance)  # noqa: E731
        with progress_bar("evaluate", None) as advance:
            results = evaluate_suite(
                sets,
                lambda rows: score(rows, advance),
                load_sentiment if task is Task.sentiment else load_stance,
                m.spec.labels,
            )
        meta = {"model": str(cfg.resolved()), "revision": model_revision(cfg), "quantize": cfg.quantize.value}
        if cfg.escalate is not None:
            meta |= {
                "escalate": cfg.escalate.model_dump(),
                "escalated_sentences": backend.escalated,
                "sentences": backend.seen,
            }
            console.print(
                f"escalated {backend.escalated} of {backend.seen} sentences to {cfg.escalate.path} "
                f"(first model's confidence under {cfg.escalate.below:g})"
            )
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
