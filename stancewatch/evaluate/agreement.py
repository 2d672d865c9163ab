"""Agreement on a coded sheet (`stancewatch agreement`): between the coders, and between each coder and the model.

Between coders: Krippendorff's alpha (nominal, every coder, missing codes allowed; the ``krippendorff`` package),
Cohen's kappa and percent agreement on the rows both coders of a pair coded (with more than two coders: the mean
over pairs, Light's kappa). Each coder against the model: alpha, kappa, percent agreement. The model against the
coders' majority (``stancewatch.models.sheets.consensus``: ``code_final`` where filled in, else the code most of the
row's coders gave; ties and uncoded rows left out): alpha, kappa, percent agreement, macro-F1 over the classes the
majority uses, per-class precision/recall/F1 and the confusion matrix (``stancewatch.models.metrics.report``).

Everything overall, per topic (stance sheets) and per actor type, each with a 95 % percentile bootstrap interval:
the group's rows resampled with replacement ``resamples`` times (numpy PCG64, ``seed``); an interval is null when
fewer than half of the resamples give a value (alpha and kappa are undefined when every code is the same).
The model's labels come from the key file beside the sheet (or ``--key``), else from a non-blind sheet's
``model_label``; without either only the coders are compared.
"""

from __future__ import annotations

import warnings
from itertools import combinations
from pathlib import Path
from typing import Callable, Sequence

import krippendorff
import numpy as np

from stancewatch.errors import StancewatchError
from stancewatch.models import metrics, sheets

LEVEL = 0.95
MISSING = -1


class AgreementError(StancewatchError, ValueError):
    """Agreement cannot be computed on this sheet as asked; the message says why."""


# ---------------------------------------------------------------------------------------------------
# The measures, on integer codes (MISSING = not coded)


def krippendorff_alpha(codes: np.ndarray, n_values: int) -> float:
    """Nominal alpha of a (coders × units) matrix of codes 0…n_values-1 (MISSING allowed); NaN when undefined (no unit
    with two codes, or a single value used throughout)."""
    codes = np.asarray(codes)
    if codes.ndim != 2 or ((codes != MISSING).sum(axis=0) >= 2).sum() == 0:
        return float("nan")
    data = np.where(codes == MISSING, np.nan, codes).astype(float)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            return float(
                krippendorff.alpha(
                    reliability_data=data, level_of_measurement="nominal", value_domain=list(range(n_values))
                )
            )
        except ValueError:
            return float("nan")


def cohen_kappa(a: np.ndarray, b: np.ndarray, n_values: int) -> float:
    """Cohen's kappa on the units both coded: (p_o − p_e) / (1 − p_e); NaN when p_e = 1 or nothing is shared."""
    a, b = np.asarray(a), np.asarray(b)
    both = (a != MISSING) & (b != MISSING)
    if not both.any():
        return float("nan")
    a, b = a[both], b[both]
    p_o = float((a == b).mean())
    p_e = float((np.bincount(a, minlength=n_values) * np.bincount(b, minlength=n_values)).sum()) / len(a) ** 2
    return (p_o - p_e) / (1 - p_e) if p_e < 1 else float("nan")


def percent_agreement(a: np.ndarray, b: np.ndarray) -> float:
    """The share of the units both coded on which they gave the same code (0…1); NaN when nothing is shared."""
    a, b = np.asarray(a), np.asarray(b)
    both = (a != MISSING) & (b != MISSING)
    return float((a[both] == b[both]).mean()) if both.any() else float("nan")


def macro_f1(truth: np.ndarray, pred: np.ndarray) -> float:
    """Macro-F1 over the classes ``truth`` uses, on the units both have (NaN when none)."""
    both = (truth != MISSING) & (pred != MISSING)
    truth, pred = truth[both], pred[both]
    if not len(truth):
        return float("nan")
    scores = []
    for c in np.unique(truth):
        tp = float(((truth == c) & (pred == c)).sum())
        p, t = float((pred == c).sum()), float((truth == c).sum())
        scores.append(2 * tp / (p + t) if p + t else 0.0)
    return float(np.mean(scores))


# ---------------------------------------------------------------------------------------------------
# One group of rows


def _scalars(coders: np.ndarray, model: np.ndarray | None, ref: np.ndarray, names: list[str], k: int) -> dict:
    """Every scalar measure of one set of rows (the bootstrap recomputes this on each resample)."""
    out: dict[str, float] = {}
    if len(names) >= 2:
        pairs = list(combinations(range(len(names)), 2))
        out["coders.alpha"] = krippendorff_alpha(coders, k)
        kappas = [cohen_kappa(coders[i], coders[j], k) for i, j in pairs]
        agrees = [percent_agreement(coders[i], coders[j]) for i, j in pairs]
        out["coders.kappa"] = float(np.mean(kappas)) if not np.isnan(kappas).any() else float("nan")
        out["coders.percent_agreement"] = float(np.mean(agrees)) if not np.isnan(agrees).any() else float("nan")
        for (i, j), kap, agr in zip(pairs, kappas, agrees):
            out[f"pair.{names[i]}~{names[j]}.kappa"] = kap
            out[f"pair.{names[i]}~{names[j]}.percent_agreement"] = agr
    if model is not None:
        for i, name in enumerate([*names, "majority"]):
            other = coders[i] if i < len(names) else ref
            out[f"model.{name}.alpha"] = krippendorff_alpha(np.vstack([other, model]), k)
            out[f"model.{name}.kappa"] = cohen_kappa(other, model, k)
            out[f"model.{name}.percent_agreement"] = percent_agreement(other, model)
        out["model.majority.macro_f1"] = macro_f1(ref, model)
    return out


def _interval(values: np.ndarray, level: float) -> tuple[float | None, float | None]:
    ok = values[~np.isnan(values)]
    if len(ok) < len(values) / 2 or not len(ok):
        return None, None
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(ok, [tail, 100 - tail])
    return float(low), float(high)


def _num(x: float) -> float | None:
    return None if x is None or np.isnan(x) else float(x)


def group_report(
    coders: np.ndarray,
    model: np.ndarray | None,
    ref: np.ndarray,
    names: list[str],
    codes: Sequence[str],
    resamples: int,
    seed: int,
    level: float = LEVEL,
) -> dict:
    """The measures of one group of rows (columns of ``coders``, entries of ``model`` and ``ref``) with intervals."""
    k, n = len(codes), coders.shape[1]
    point = _scalars(coders, model, ref, names, k)
    rng = np.random.default_rng(seed)
    draws = {name: np.empty(resamples) for name in point}
    for r in range(resamples):
        idx = rng.integers(0, n, n)
        for name, v in _scalars(coders[:, idx], None if model is None else model[idx], ref[idx], names, k).items():
            draws[name][r] = v

    def stat(name: str) -> dict:
        low, high = _interval(draws[name], level) if resamples else (None, None)
        return {"value": _num(point[name]), "low": low, "high": high}

    coded = coders != MISSING
    report: dict = {"n_rows": int(n), "n_coded": {c: int(coded[i].sum()) for i, c in enumerate(names)}}
    if len(names) >= 2:
        report["coders"] = {
            "n_units": int((coded.sum(axis=0) >= 2).sum()),
            "alpha": stat("coders.alpha"),
            "kappa": stat("coders.kappa"),
            "percent_agreement": stat("coders.percent_agreement"),
            "pairs": {
                f"{a}~{b}": {
                    "n": int((coded[i] & coded[j]).sum()),
                    "kappa": stat(f"pair.{a}~{b}.kappa"),
                    "percent_agreement": stat(f"pair.{a}~{b}.percent_agreement"),
                }
                for (i, a), (j, b) in combinations(enumerate(names), 2)
            },
        }
    if model is not None:
        report["model"] = {}
        for i, name in enumerate([*names, "majority"]):
            other = coders[i] if i < len(names) else ref
            report["model"][name] = {
                "n": int(((other != MISSING) & (model != MISSING)).sum()),
                **{m: stat(f"model.{name}.{m}") for m in ("alpha", "kappa", "percent_agreement")},
            }
        both = (ref != MISSING) & (model != MISSING)
        rep = metrics.report(ref[both], np.eye(k)[model[both]], list(codes))
        report["model"]["majority"] |= {
            "macro_f1": stat("model.majority.macro_f1"),
            "per_class": rep["per_class"],
            "confusion": {"labels": list(codes), "rows_coders_cols_model": rep["confusion"]["rows_true_cols_pred"]},
        }
    return report


# ---------------------------------------------------------------------------------------------------
# A sheet


def model_labels(sheet: sheets.Sheet, key: Path | None) -> tuple[list[str] | None, str | None]:
    """The model's label of each sheet row, from ``key`` (default: the key file beside the sheet) or the sheet's own
    ``model_label``; and where they came from. A key must be the sheet's: the same row ids naming the same units."""
    path = Path(key) if key is not None else sheets.key_path(sheet.path)
    if key is None and not path.exists():
        if sheets.MODEL_LABEL in sheet.frame.columns:
            return list(sheet.frame[sheets.MODEL_LABEL]), "sheet"
        return None, None
    rows, meta = sheets.read_key(path)
    if meta.get("kind") != sheet.kind:
        raise AgreementError(f"{path} is the key of a {meta.get('kind')} sheet; {sheet.path} is a {sheet.kind} sheet.")
    by_id = {int(r): i for i, r in enumerate(rows["row_id"])}
    units = sheets.unit_ids(rows, sheet.kind)
    labels, problems = [], []
    for (_, row), unit in zip(sheet.frame.iterrows(), sheets.unit_ids(sheet.frame, sheet.kind)):
        i = by_id.get(int(row["row_id"]))
        if i is None or units[i] != unit:
            what = "is not in the key" if i is None else "names another unit in the key"
            problems.append(f"sheet row {row['sheet_row']} (row_id {row['row_id']}) {what}.")
            continue
        labels.append(str(rows[sheets.MODEL_LABEL].iat[i]))
    if problems:
        raise AgreementError(
            f"{path} is not the key of {sheet.path} ({len(problems)} rows do not match; give the key written with "
            f"it, --key):\n  " + "\n  ".join(problems[: sheets.MAX_PROBLEMS])
        )
    return labels, str(path)


def agreement(
    sheet_path: str | Path,
    key: str | Path | None = None,
    coder_columns: Sequence[str] | None = None,
    out: str | Path | None = None,
    resamples: int = 1000,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """The agreement report of a coded sheet (see the module's docstring); ``out`` overrides the output folder its
    ids are checked against."""
    sheet = sheets.read_sheet(sheet_path, out=out, coders=coder_columns)
    labels, source = model_labels(sheet, Path(key) if key is not None else None)
    codes = list(sheet.codes)
    index = {c: i for i, c in enumerate(codes)}
    as_int = lambda values: np.array([index.get(v, MISSING) if v else MISSING for v in values], dtype=int)  # noqa: E731
    coders = np.vstack([as_int(sheet.frame[c]) for c in sheet.coders])
    if not (coders != MISSING).any():
        raise AgreementError(f"{sheet.path}: no row is coded in {', '.join(sheet.coders)}; code some rows first.")
    ref = as_int(sheet_consensus := sheets.consensus(sheet))
    model = as_int(labels) if labels is not None else None
    groups: dict[str, dict[str, np.ndarray]] = {"overall": {"all": np.arange(len(ref))}}
    by = ["topic_id", "actor_type"] if sheet.kind == "stance" else ["actor_type"]
    for column in by:
        values = sheet.frame[column].to_numpy()
        groups[column] = {v: np.flatnonzero(values == v) for v in sorted(set(values))}

    def one(idx: np.ndarray) -> dict:
        rep = group_report(
            coders[:, idx],
            None if model is None else model[idx],
            ref[idx],
            sheet.coders,
            codes,
            resamples,
            seed,
        )
        if progress:
            progress(1)
        return rep

    return {
        "sheet": str(sheet.path),
        "kind": sheet.kind,
        "codes": codes,
        "coders": sheet.coders,
        "out": str(sheet.out),
        "model_labels": source,
        "n_rows": len(ref),
        "n_majority": int(sum(c is not None for c in sheet_consensus)),
        "bootstrap": {"resamples": resamples, "seed": seed, "level": LEVEL},
        "overall": one(groups["overall"]["all"]),
        **{f"by_{'topic' if c == 'topic_id' else c}": {v: one(idx) for v, idx in groups[c].items()} for c in by},
    }
