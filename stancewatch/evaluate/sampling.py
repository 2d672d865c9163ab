"""Draw a reproducible, stratified sample of an output folder's rows for people to code (`stancewatch sample`).

Three kinds of unit: ``stance`` (actor_stance rows: an actor's statement × a topic), ``sentiment`` (actor_sentiment
rows: an actor's mention in a sentence) and ``attribution`` (statements: is this actor the speaker?). The pool is every
committed row of the kind (with ``topic``: stance rows on that topic; mentions and statements of the documents that
have one). Strata are combinations of the model's ``label``, the ``topic``, the ``actor_type`` and, for statements,
their ``form`` (direct_quote, reported_speech, …). Quotas are proportional to the strata's sizes (largest remainders)
or, with ``equal``, the same for every stratum (a stratum with fewer rows gives all it has; the rest go to the
others). Rows are drawn without replacement with numpy's PCG64 seeded by ``seed`` from the pool in a fixed order,
and shuffled, so the same seed on the same folder gives the same rows in the same order and the order says nothing
about the strata. The sheet and its key are written by stancewatch/models/sheets.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from stancewatch.config import Topics
from stancewatch.errors import StancewatchError
from stancewatch.models import sheets
from stancewatch.store.datasets import read_dataset

STRATA: dict[str, tuple[str, ...]] = {
    "stance": ("label", "topic", "actor_type"),
    "sentiment": ("label", "actor_type"),
    "attribution": ("label", "actor_type", "form"),
}
DEFAULT_STRATA: dict[str, tuple[str, ...]] = {
    "stance": ("label",),
    "sentiment": ("label",),
    "attribution": ("form",),
}
PROBABILITIES = {"stance": sheets.CODES["stance"], "sentiment": sheets.CODES["sentiment"], "attribution": ()}
MAX_CELL = 32_000  # Excel holds at most 32,767 characters in a cell


class SamplingError(StancewatchError, ValueError):
    """A sample cannot be drawn as asked; the message says why and what to ask instead."""


@dataclass
class Sample:
    """The drawn rows (sheet columns, ``model_label``, probabilities, ``stratum``), in sheet order with row ids
    1…n; ``quotas``: stratum → (rows in the pool, rows drawn)."""

    kind: str
    rows: pd.DataFrame
    quotas: dict[str, tuple[int, int]]
    meta: dict


def parse_strata(kind: str, stratify: str | Sequence[str] | None) -> tuple[str, ...]:
    """``label,topic,actor_type`` → the strata columns, checked against the kind; None → the kind's default;
    ``none`` (or empty) → no strata."""
    if stratify is None:
        return DEFAULT_STRATA[kind]
    names = [s.strip() for s in (stratify.split(",") if isinstance(stratify, str) else stratify) if s.strip()]
    if names in ([], ["none"]):
        return ()
    bad = [s for s in names if s not in STRATA[kind]]
    if bad:
        raise SamplingError(
            f"--stratify {','.join(bad)}: a {kind} sample is stratified by {', '.join(STRATA[kind])} (or none)."
        )
    return tuple(dict.fromkeys(names))


def proportional_quotas(sizes: dict[tuple, int], n: int) -> dict[tuple, int]:
    """``n`` rows shared in proportion to the strata's sizes: floors first, then one more to the strata with the
    largest remainders (ties: stratum order). Never more than a stratum holds."""
    total = sum(sizes.values())
    n = min(n, total)
    quota = {k: n * s // total for k, s in sizes.items()}
    rest = n - sum(quota.values())
    for k in sorted(sizes, key=lambda k: (-(n * sizes[k] % total), k))[:rest]:
        quota[k] += 1
    return quota


def equal_quotas(sizes: dict[tuple, int], n: int) -> dict[tuple, int]:
    """``n`` rows shared equally (the remainder to the first strata in order); a stratum smaller than its share gives
    all its rows and the others share what it could not give."""
    quota = {k: 0 for k in sizes}
    left = min(n, sum(sizes.values()))
    while left:
        open_ = [k for k in sorted(sizes) if quota[k] < sizes[k]]
        share = max(1, left // len(open_))
        for k in open_:
            take = min(share, sizes[k] - quota[k], left)
            quota[k] += take
            left -= take
            if not left:
                break
    return quota


def stratum_name(strata: Sequence[str], key: tuple) -> str:
    return ",".join(f"{s}={v}" for s, v in zip(strata, key)) if strata else "all"


def draw(
    pool: pd.DataFrame, n: int, strata: Sequence[str], equal: bool, seed: int
) -> tuple[pd.DataFrame, dict[str, tuple[int, int]]]:
    """Draw ``n`` rows of ``pool`` (ordered by its unit ids) stratified by ``strata``; the drawn rows shuffled, with
    their ``stratum``; and per stratum (rows in the pool, rows drawn)."""
    rng = np.random.default_rng(seed)
    column = {"topic": "topic_id"}  # the stratum `topic` is the topic's id (the column `topic` holds its label)
    keys = list(zip(*(pool[column.get(s, s)].astype(str) for s in strata))) if strata else [()] * len(pool)
    members: dict[tuple, list[int]] = {}
    for i, k in enumerate(keys):
        members.setdefault(k, []).append(i)
    sizes = {k: len(v) for k, v in members.items()}
    quota = (equal_quotas if equal else proportional_quotas)(sizes, n)
    chosen: list[int] = []
    for k in sorted(members):
        idx = members[k]
        chosen += sorted(int(idx[j]) for j in rng.choice(len(idx), size=quota[k], replace=False))
    order = [chosen[j] for j in rng.permutation(len(chosen))]
    drawn = pool.iloc[order].reset_index(drop=True)
    drawn["stratum"] = [stratum_name(strata, keys[i]) for i in order]
    return drawn, {stratum_name(strata, k): (sizes[k], quota[k]) for k in sorted(members)}


def _paragraph(text: str, a: int, b: int) -> str:
    """The lines of ``text`` around the span [a, b) (the normalised text keeps one paragraph a line)."""
    start = text.rfind("\n", 0, a) + 1
    end = text.find("\n", b)
    return text[start : end if end >= 0 else len(text)][:MAX_CELL]


def _documents(out: Path) -> pd.DataFrame:
    docs = read_dataset(out, "documents", columns=["doc_id", "title", "url", "published", "ingested_at", "text"])
    when = docs["published"].fillna(docs["ingested_at"])
    return docs.assign(date=[t.date().isoformat() if pd.notna(t) else "" for t in when]).set_index("doc_id")


def _actor_types(out: Path) -> tuple[dict, dict]:
    mentions = read_dataset(out, "mentions", columns=["doc_id", "actor_id", "actor_type"])
    per_doc = mentions.groupby(["doc_id", "actor_id"])["actor_type"].first().to_dict()
    return per_doc, mentions.groupby("actor_id")["actor_type"].first().to_dict()


def _topic_docs(out: Path, topic: str) -> set[str]:
    stance = read_dataset(out, "actor_stance", columns=["doc_id", "topic_id"])
    return set(stance.loc[stance["topic_id"] == topic, "doc_id"])


def pool(out: Path, kind: str, topics: Topics, topic: str | None = None) -> pd.DataFrame:
    """Every unit of ``kind`` in ``out`` with the sheet's columns, ``label`` and probabilities, in a fixed order."""
    if kind not in sheets.KINDS:
        raise SamplingError(f"--kind {kind}: one of {', '.join(sheets.KINDS)}.")
    if not (Path(out) / "_commits").is_dir():
        raise SamplingError(f"{out}: no committed run here; run `stancewatch run INPUT --out {out}` first.")
    table = {"stance": "actor_stance", "sentiment": "actor_sentiment", "attribution": "statements"}[kind]
    rows = read_dataset(out, table)
    if topic is not None:
        present = sorted(set(read_dataset(out, "actor_stance", columns=["topic_id"])["topic_id"]))
        if topic not in present:
            raise SamplingError(f"--topic {topic}: no stance rows on it in {out} (topics there: {', '.join(present)}).")
        keep = rows["topic_id"] == topic if kind == "stance" else rows["doc_id"].isin(_topic_docs(out, topic))
        rows = rows[keep]
    if rows.empty:
        raise SamplingError(f"{out}: no {table} rows{f' for topic {topic}' if topic else ''} to sample.")
    docs = _documents(out)
    per_doc, per_actor = _actor_types(out)
    frame = pd.DataFrame(
        {
            "doc_id": rows["doc_id"].to_numpy(),
            "actor_id": rows["actor_id"].to_numpy(),
            "actor_name": rows["actor_name"].to_numpy(),
        }
    )
    frame["actor_type"] = [
        per_doc.get((d, a)) or per_actor.get(a) or "unknown" for d, a in zip(frame["doc_id"], frame["actor_id"])
    ]
    text = [docs.at[d, "text"] for d in frame["doc_id"]]
    if kind == "stance":
        labels = {t.id: t.label for t in topics.topics}
        unknown = sorted(set(rows["topic_id"]) - set(labels))
        if unknown:
            raise SamplingError(
                f"topic(s) {', '.join(unknown)} of {out} are not in the topics file: pass the one the run used "
                "(--topics), the sheet shows each topic's label."
            )
        frame["statement_id"] = rows["statement_id"].to_numpy()
        frame["topic_id"] = rows["topic_id"].to_numpy()
        frame["topic"] = [labels[t] for t in frame["topic_id"]]
        frame["evidence"] = rows["evidence_text"].to_numpy()
        span = zip(rows["evidence_start"], rows["evidence_end"])
    elif kind == "sentiment":
        starts, ends = rows["mention_start"].astype(int).to_numpy(), rows["mention_end"].astype(int).to_numpy()
        frame["mention_id"] = [f"{d}:{s}" for d, s in zip(frame["doc_id"], starts)]
        frame["mention"] = [t[a:b] for t, a, b in zip(text, starts, ends)]
        frame["mention_start"], frame["mention_end"] = starts, ends
        span = zip(rows["sentence_start"], rows["sentence_end"])
    else:
        frame["statement_id"] = rows["statement_id"].to_numpy()
        frame["statement"] = rows["text"].to_numpy()
        frame["cue"] = rows["cue"].to_numpy()
        frame["form"] = rows["kind"].to_numpy()
        span = zip(rows["context_start"], rows["context_end"])
    spans = [(int(a), int(b)) for a, b in span]
    frame["evidence_start"] = [a for a, _ in spans]
    frame["evidence_end"] = [b for _, b in spans]
    if kind != "stance":
        frame["evidence"] = [t[a:b] for t, (a, b) in zip(text, spans)]
    frame["paragraph"] = [_paragraph(t, a, b) for t, (a, b) in zip(text, spans)]
    for c in ("title", "date", "url"):
        frame[c] = [docs.at[d, c] if pd.notna(docs.at[d, c]) else "" for d in frame["doc_id"]]
    frame["label"] = rows["label"].to_numpy() if kind != "attribution" else "yes"  # the pipeline named this speaker
    for name in PROBABILITIES[kind]:
        frame[f"p_{name}"] = rows[f"p_{name}"].to_numpy()
    for c in ("model_id", "model_revision"):
        frame[c] = rows[c].to_numpy() if c in rows.columns else ""
    return frame.sort_values(list(sheets.UNIT_ID[kind])).reset_index(drop=True)


def sample(
    out: Path,
    kind: str,
    topics: Topics,
    n: int = 200,
    topic: str | None = None,
    stratify: str | Sequence[str] | None = None,
    equal: bool = False,
    seed: int = 0,
    exclude: Sequence[str | Path] = (),
) -> Sample:
    """A stratified sample of ``n`` units of ``kind`` (all of them when the pool is smaller); units that earlier sheets
    (``exclude``: sheets of the same kind) hold are left out, so a second sample can test what the first trained."""
    if n < 1:
        raise SamplingError(f"--n {n}: sample at least one row.")
    strata = parse_strata(kind, stratify)
    units = pool(out, kind, topics, topic)
    seen = {u for path in exclude for u in sheets.unit_ids(sheets.read_sheet(path, kind, check_out=False).frame, kind)}
    units = units[[u not in seen for u in sheets.unit_ids(units, kind)]].reset_index(drop=True)
    if units.empty:
        raise SamplingError(f"{out}: every {kind} unit is in the sheets excluded (--exclude); nothing left to sample.")
    drawn, quotas = draw(units, n, strata, equal, seed)
    drawn.insert(0, "row_id", range(1, len(drawn) + 1))
    meta = {
        "kind": kind,
        "out": str(Path(out).resolve()),
        "n": n,
        "seed": seed,
        "topic": topic,
        "stratify": list(strata),
        "equal": equal,
        "excluded": [Path(p).name for p in exclude],
    }
    return Sample(kind, drawn, quotas, meta)


def write_sample(smp: Sample, output: Path, blind: bool = True, coders: int = 2) -> tuple[Path, Path]:
    """Write the sheet (``.xlsx`` or CSV) and its key beside it; blind: the sheet carries no model label."""
    output = Path(output)
    key = sheets.key_path(output)
    code_columns = sheets.coder_columns(coders)
    if output.resolve() == key.resolve() or output.suffix.lower() == ".parquet":
        raise SamplingError(f"--output {output}: a sheet is .xlsx or .csv.")
    columns = list(sheets.COLUMNS[smp.kind])
    shown = smp.rows[columns].copy()
    if not blind:
        shown[sheets.MODEL_LABEL] = smp.rows["label"]
    meta = smp.meta | {"blind": blind, "rows": len(smp.rows)}
    key_rows = smp.rows[["row_id", *dict.fromkeys(sheets.UNIT_ID[smp.kind])]].copy()
    key_rows[sheets.MODEL_LABEL] = smp.rows["label"]
    for c in [c for c in smp.rows.columns if c.startswith("p_")] + ["stratum", "model_id", "model_revision"]:
        key_rows[c] = smp.rows[c]
    key_meta = meta | {"sheet": output.name, "quotas": {k: list(v) for k, v in smp.quotas.items()}}
    sheets.write_key(key_rows, key, key_meta)
    sheets.write_sheet(shown, output, smp.kind, meta, code_columns)
    return output, key
