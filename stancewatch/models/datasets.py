"""Read labelled JSONL for the two tasks, in the shared data's formats or the flat predict formats.

Target sentiment accepts either NewsMTSC rows (``sentence_normalized`` + ``targets`` with
``from``/``to``/``polarity`` 2/4/6) or flat rows ``{"id", "text", "start", "end", "label"}``.
Topic stance accepts VAST-style rows ``{"id", "text", "topic", "label"}`` (label favor/against/neutral), optionally
with ``"actor"``: the substring of ``text`` naming the actor whose stance the label gives (its first occurrence is
the actor's span; rows without it are read as the author's stance).
Both also read coded sheets (``.xlsx`` / ``.csv`` from `stancewatch sample`, stancewatch/models/sheets.py): the
evidence the coders read, labelled with their consensus code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from stancewatch.errors import StancewatchError
from stancewatch.models.classifier import SENTIMENT_LABELS, STANCE_LABELS
from stancewatch.models.sheets import is_sheet, training_rows

POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


class DataFormatError(StancewatchError, ValueError):
    """A labelled file does not have the expected fields; the message names the line and the fix."""


@dataclass(frozen=True)
class SentimentExample:
    id: str
    text: str
    start: int
    end: int
    label: str | None
    soft: tuple[float, ...] | None = None  # a teacher's probabilities, the training target (stancewatch distill)


@dataclass(frozen=True)
class StanceExample:
    id: str
    text: str
    topic: str
    label: str | None
    actor: tuple[int, int] | None = None  # character span of the actor in ``text``; None: the author's stance
    soft: tuple[float, ...] | None = None  # a teacher's probabilities, the training target (stancewatch distill)


def _rows(path: str | Path) -> Iterator[tuple[int, str, dict]]:
    """The JSONL file's rows as (line number, ``path:line`` for messages, row); blank lines skipped. Both loaders
    read their files, and name a bad line, this one way."""
    path = Path(path)
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield n, f"{path}:{n}", json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataFormatError(f"{path}:{n}: not valid JSON ({exc.msg}).") from exc


def _check_label(label, allowed, where: str):
    if label is not None and label not in allowed:
        raise DataFormatError(f"{where}: label {label!r} is not one of {list(allowed)}.")
    return label


def _row_label(row: dict, allowed: tuple[str, ...], where: str, required: bool) -> str | None:
    """A row's ``label``, checked against the task's labels; a missing one is refused when ``required`` (training
    and evaluation need it, prediction does not). Sentiment and stance files follow the same rule."""
    label = _check_label(row.get("label"), allowed, where)
    if required and label is None:
        raise DataFormatError(f"{where}: no `label` ({'/'.join(allowed)}).")
    return label


def load_sentiment(path: str | Path, require_label: bool = True) -> list[SentimentExample]:
    if is_sheet(path):
        return [SentimentExample(**row) for row in training_rows(path, "sentiment")]
    out: list[SentimentExample] = []
    for n, where, row in _rows(path):
        if "targets" in row:
            text = row.get("sentence_normalized") or row.get("text")
            for k, t in enumerate(row["targets"]):
                label = POLARITY.get(float(t["polarity"])) if "polarity" in t else t.get("label")
                out.append(
                    SentimentExample(
                        f"{row.get('primary_gid', n)}#{k}",
                        text,
                        int(t["from"]),
                        int(t["to"]),
                        _check_label(label, SENTIMENT_LABELS, where),
                    )
                )
        elif {"text", "start", "end"} <= row.keys():
            label = _row_label(row, SENTIMENT_LABELS, where, require_label)
            out.append(SentimentExample(str(row.get("id", n)), row["text"], int(row["start"]), int(row["end"]), label))
        else:
            raise DataFormatError(
                f"{where}: needs `text`, `start`, `end` (or NewsMTSC `sentence_normalized` + `targets`)."
            )
    return out


def load_stance(path: str | Path, require_label: bool = True) -> list[StanceExample]:
    if is_sheet(path):
        return [StanceExample(**row) for row in training_rows(path, "stance")]
    out: list[StanceExample] = []
    for n, where, row in _rows(path):
        if not {"text", "topic"} <= row.keys():
            raise DataFormatError(f"{where}: needs `text` and `topic` (and `label` for training/evaluation).")
        label = _row_label(row, STANCE_LABELS, where, require_label)
        out.append(StanceExample(str(row.get("id", n)), row["text"], row["topic"], label, _actor_span(row, where)))
    return out


def _actor_span(row: dict, where: str) -> tuple[int, int] | None:
    """The span of the row's ``actor`` (first occurrence in ``text``), or None when the row names none."""
    actor = row.get("actor")
    if not actor:
        return None
    start = row["text"].find(actor)
    if start < 0:
        raise DataFormatError(f"{where}: `actor` {actor!r} does not occur in `text`; give it exactly as written.")
    return start, start + len(actor)
