"""Coding sheets: rows of an output folder for people to code, and the codes they return.

The one place that owns the sheet format. ``stancewatch sample`` (stancewatch/evaluate/sampling.py) writes a sheet
with ``write_sheet`` and its key with ``write_key``; ``stancewatch agreement`` (stancewatch/evaluate/agreement.py) and
``stancewatch train --data sheet.xlsx`` (stancewatch/models/datasets.py) read it back with ``read_sheet``.

A sheet is an Excel workbook (``.xlsx``: worksheet ``coding`` with frozen headers and a drop-down of the allowed codes
on every code column, worksheet ``about`` with what was sampled) or a CSV file (anything else). One row per sampled
unit: ``row_id``, the unit's ids, the actor (and topic), the evidence with its paragraph, the document's title, date
and URL, and the code columns ``code_a``, ``code_b``, … (one per coder), ``code_final`` (an adjudicated code, which
overrides the coders) and ``note``. A blind sheet (the default) holds no model label; the key file beside it
(``sheet.key.parquet``) holds the row ids, the unit ids and the model's labels and probabilities.

Reading checks the whole sheet and refuses it with one line per problem (missing columns, unknown codes, duplicate
rows, ids that are not in the output folder it was sampled from), so nothing is computed or trained on a bad sheet.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from stancewatch.errors import StancewatchError
from stancewatch.models.classifier import SENTIMENT_LABELS, STANCE_LABELS
from stancewatch.store.atomic import write_bytes, write_parquet
from stancewatch.store.datasets import read_dataset

FORMAT = "stancewatch coding sheet"
VERSION = 1
KINDS = ("stance", "sentiment", "attribution")
CODES: dict[str, tuple[str, ...]] = {
    "stance": STANCE_LABELS,
    "sentiment": SENTIMENT_LABELS,
    "attribution": ("yes", "no"),
}
QUESTIONS = {
    "stance": "What is the stance of `actor_name` toward `topic`, as the evidence shows it? favor / against / neutral.",
    "sentiment": "How does the evidence (a sentence) portray `actor_name`, named there as `mention`? "
    "negative / neutral / positive.",
    "attribution": "Is `actor_name` the speaker of `statement` (see the evidence)? yes / no.",
}
# the columns of each kind of sheet, in order (before the model label and the code columns)
DOCUMENT_COLUMNS = ("paragraph", "title", "date", "url")
_EVIDENCE = ("evidence", "evidence_start", "evidence_end", *DOCUMENT_COLUMNS)
_ACTOR = ("doc_id", "actor_id", "actor_name", "actor_type")
COLUMNS: dict[str, tuple[str, ...]] = {
    "stance": ("row_id", "statement_id", "topic_id", "topic", *_ACTOR, *_EVIDENCE),
    "sentiment": ("row_id", "mention_id", *_ACTOR, "mention", "mention_start", "mention_end", *_EVIDENCE),
    "attribution": ("row_id", "statement_id", *_ACTOR, "statement", "cue", "form", *_EVIDENCE),
}
# what identifies a sheet row's unit in the output folder (stance: a statement × topic; sentiment: an actor's mention)
UNIT_ID: dict[str, tuple[str, ...]] = {
    "stance": ("statement_id", "topic_id"),
    "sentiment": ("mention_id", "actor_id"),
    "attribution": ("statement_id", "actor_id"),
}
INT_COLUMNS = ("row_id", "evidence_start", "evidence_end", "mention_start", "mention_end")
OPTIONAL = DOCUMENT_COLUMNS + ("actor_name", "cue", "form")  # shown to coders; a sheet without them is still read
MODEL_LABEL = "model_label"
CODE_PREFIX = "code_"
FINAL = "code_final"
NOTE = "note"
CODING_SHEET, ABOUT_SHEET = "coding", "about"
KEY_SUFFIX = ".key.parquet"
META_KEY = b"stancewatch_sheet"
_FIXED_TIME = b"1980-01-01T00:00:00Z"  # the xlsx's created/modified stamps: the same sample, the same bytes
MAX_PROBLEMS = 25


class SheetError(StancewatchError, ValueError):
    """A coding sheet or its key cannot be used; the message names each bad row and what to fix."""


def is_sheet(path: str | Path) -> bool:
    """An ``.xlsx`` or ``.csv`` file: read as a coding sheet (training data is otherwise JSONL)."""
    return Path(path).suffix.lower() in (".xlsx", ".csv")


def coder_columns(n: int) -> list[str]:
    """``code_a``, ``code_b``, … for ``n`` coders."""
    if not 1 <= n <= 26:
        raise SheetError(f"a sheet has 1 to 26 coder columns, not {n}.")
    return [f"{CODE_PREFIX}{chr(ord('a') + i)}" for i in range(n)]


def key_path(sheet: str | Path) -> Path:
    """The key file beside a sheet: ``sheet.xlsx`` → ``sheet.key.parquet``."""
    sheet = Path(sheet)
    return sheet.with_name(sheet.stem + KEY_SUFFIX)


def unit_ids(frame: pd.DataFrame, kind: str) -> list[tuple[str, ...]]:
    return list(zip(*(frame[c].astype(str) for c in UNIT_ID[kind])))


# ---------------------------------------------------------------------------------------------------
# Writing


def write_sheet(frame: pd.DataFrame, path: Path, kind: str, meta: dict, coders: Sequence[str]) -> Path:
    """Write ``frame`` (the kind's columns, optionally ``model_label``) as a sheet with empty code columns:
    ``.xlsx`` via openpyxl, anything else as CSV. Deterministic: the same frame gives the same bytes."""
    columns = [c for c in (*COLUMNS[kind], MODEL_LABEL) if c in frame.columns]
    sheet = frame[columns].copy()
    for name in (*coders, FINAL, NOTE):
        sheet[name] = ""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return write_bytes(path, _xlsx_bytes(sheet, kind, meta, [*coders, FINAL]))
    return write_bytes(path, sheet.to_csv(index=False, lineterminator="\n").encode("utf-8-sig"))


def _xlsx_bytes(sheet: pd.DataFrame, kind: str, meta: dict, code_columns: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ws = book.active
    ws.title = CODING_SHEET
    ws.append(list(sheet.columns))
    for row in sheet.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    ws.freeze_panes = "B2"
    last = max(len(sheet) + 1, 2)
    codes = CODES[kind]
    for i, name in enumerate(sheet.columns, 1):
        letter = get_column_letter(i)
        wide = {"evidence": 60, "paragraph": 80, "statement": 50, "title": 40, NOTE: 30}.get(name)
        ws.column_dimensions[letter].width = wide or max(10, min(24, len(name) + 4))
        if name in ("evidence", "paragraph", "statement"):
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if name in code_columns:
            check = DataValidation(
                type="list",
                formula1='"' + ",".join(codes) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Unknown code",
                error=f"Use one of: {', '.join(codes)} (or leave it empty).",
                promptTitle=name,
                prompt=f"{', '.join(codes)}; empty: not coded",
                showInputMessage=True,
            )
            check.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(check)
    about = book.create_sheet(ABOUT_SHEET)
    for k, v in _about_rows(kind, meta, code_columns):
        about.append([k, v])
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 100
    raw = io.BytesIO()
    book.save(raw)
    return _stable_zip(raw.getvalue())


def _about_rows(kind: str, meta: dict, code_columns: list[str]) -> list[tuple[str, str]]:
    rows = [("format", FORMAT), ("version", str(VERSION)), ("question", QUESTIONS[kind])]
    rows += [
        ("codes", ", ".join(CODES[kind]) + " — empty: not coded"),
        ("code columns", f"{', '.join(code_columns[:-1])}: one per coder; {FINAL}: an adjudicated code (optional)"),
    ]
    return rows + [(k, json.dumps(v) if not isinstance(v, str) else v) for k, v in meta.items()]


def _cell(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub(" ", value)
    return value


def _stable_zip(data: bytes) -> bytes:
    """The workbook with fixed file times and document stamps (openpyxl writes the time of saving into both)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + _FIXED_TIME, body)
            stamp = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            stamp.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(stamp, body)
    return buf.getvalue()


def write_key(frame: pd.DataFrame, path: Path, meta: dict) -> Path:
    """The key beside a sheet: row ids, unit ids, the model's labels (and probabilities); ``meta`` (kind, output
    folder, seed, strata and quotas) in the Parquet metadata."""
    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    table = table.replace_schema_metadata({META_KEY: json.dumps(meta, sort_keys=True).encode()})
    return write_parquet(path, table)


def read_key(path: Path) -> tuple[pd.DataFrame, dict]:
    """A key file's rows and its metadata."""
    if not Path(path).exists():
        raise SheetError(f"key file {path} not found: give the one `stancewatch sample` wrote with the sheet (--key).")
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowInvalid) as exc:
        raise SheetError(f"{path}: not a key file written by `stancewatch sample` ({exc}).") from None
    meta = json.loads((table.schema.metadata or {}).get(META_KEY, b"{}"))
    if not meta or "row_id" not in table.column_names:
        raise SheetError(f"{path}: not a key file written by `stancewatch sample` (no sheet metadata or row_id).")
    return table.to_pandas(), meta


# ---------------------------------------------------------------------------------------------------
# Reading


@dataclass
class Sheet:
    """A checked sheet: ``frame`` holds its rows as text (codes lower-cased, empty cells ""), integer columns as
    ints, ``sheet_row`` the row's number in the file (the header is row 1)."""

    path: Path
    kind: str
    frame: pd.DataFrame
    coders: list[str]
    meta: dict = field(default_factory=dict)
    out: Path | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return CODES[self.kind]

    def has_final(self) -> bool:
        return FINAL in self.frame.columns


def read_sheet(
    path: str | Path,
    kind: str | None = None,
    out: str | Path | None = None,
    coders: Sequence[str] | None = None,
    check_out: bool = True,
) -> Sheet:
    """Read and check a coding sheet. ``kind`` (stance, sentiment, attribution) is what the caller needs; the sheet's
    own kind comes from its ``about`` sheet or key file, else from its columns. ``out`` is the output folder whose
    ids the rows must name (default: the folder the sheet was sampled from). ``coders``: the coder columns (default:
    every ``code_*`` column but ``code_final``). Raises ``SheetError`` with one line per problem."""
    path = Path(path)
    if not path.exists():
        raise SheetError(f"{path}: no such sheet.")
    frame, meta = _read_cells(path)
    if not meta and key_path(path).exists():
        meta = read_key(key_path(path))[1]
    own = meta.get("kind") or _kind_from_columns(frame.columns)
    if own not in KINDS:
        raise SheetError(
            f"{path}: cannot tell the kind of sheet (no `about` sheet or key file, and none of the id columns "
            "statement_id, mention_id): use a sheet written by `stancewatch sample`."
        )
    if kind is not None and kind != own:
        a = "an" if own == "attribution" else "a"
        raise SheetError(f"{path} is {a} {own} sheet, not a {kind} sheet: sample one with `--kind {kind}`.")
    required = [c for c in COLUMNS[own] if c not in OPTIONAL]
    missing = [c for c in required if c not in frame.columns]
    found_coders = [c for c in frame.columns if c.startswith(CODE_PREFIX) and c != FINAL]
    if coders:
        missing += [c for c in coders if c not in frame.columns]
    elif not found_coders:
        missing.append(f"{CODE_PREFIX}a (a coder column)")
    if missing:
        raise SheetError(
            f"{path}: missing column(s) {', '.join(missing)}; a {own} sheet has {', '.join(COLUMNS[own])} and "
            f"the code columns (as `stancewatch sample` wrote them)."
        )
    sheet = Sheet(path, own, frame, list(coders) if coders else found_coders, meta)
    problems = _row_problems(sheet)
    if check_out:
        sheet.out = _out_folder(sheet, out)
        problems += _out_problems(sheet)
    if problems:
        raise SheetError(_problem_message(path, problems))
    return sheet


def _read_cells(path: Path) -> tuple[pd.DataFrame, dict]:
    """The sheet's cells as text, one column per header, plus the ``about`` sheet's metadata (xlsx)."""
    meta: dict = {}
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException …
            raise SheetError(f"{path}: not a readable Excel workbook ({type(exc).__name__}: {exc}).") from None
        ws = book[CODING_SHEET] if CODING_SHEET in book.sheetnames else book.worksheets[0]
        rows = [[_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
        if ABOUT_SHEET in book.sheetnames:
            for k, v in book[ABOUT_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
                if k in ("kind", "out") and v:
                    meta[k] = str(v).strip()
        book.close()
        header, body = (rows[0], rows[1:]) if rows else ([], [])
        header = [h.strip() for h in header]
        while header and not header[-1]:
            header.pop()
        body = [r[: len(header)] + [""] * (len(header) - len(r)) for r in body]
        frame = pd.DataFrame(body, columns=header)
    else:
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
            raise SheetError(f"{path}: not a readable CSV sheet ({exc}).") from None
        frame.columns = [str(c).strip() for c in frame.columns]
    if len(set(frame.columns)) != len(frame.columns):
        twice = sorted(c for c, k in Counter(frame.columns).items() if k > 1)
        raise SheetError(f"{path}: column(s) {', '.join(twice)} appear more than once; keep one of each.")
    frame = frame.drop(columns="sheet_row", errors="ignore").astype(str)
    frame.insert(0, "sheet_row", range(2, len(frame) + 2))
    empty = (frame.drop(columns="sheet_row") == "").all(axis=1)
    return frame[~empty].reset_index(drop=True), meta


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def _kind_from_columns(columns) -> str | None:
    if "mention_id" in columns:
        return "sentiment"
    if "topic_id" in columns and "statement_id" in columns:
        return "stance"
    if "statement_id" in columns:
        return "attribution"
    return None


def _where(row) -> str:
    rid = row.get("row_id")
    return f"sheet row {row['sheet_row']} (row_id {'?' if rid in (None, '', -1) else rid})"


def _row_problems(sheet: Sheet) -> list[str]:
    """Codes, integers and duplicates, checked in place (codes lower-cased and stripped, ints parsed)."""
    frame, problems = sheet.frame, []
    code_columns = list(dict.fromkeys([*sheet.coders, *(c for c in frame.columns if c.startswith(CODE_PREFIX))]))
    for c in code_columns:
        frame[c] = frame[c].str.strip().str.lower()
    verbatim = ("sheet_row", "evidence", "paragraph", "statement", "mention")  # text offsets point into
    for c in (c for c in frame.columns if c not in code_columns and c not in verbatim):
        frame[c] = frame[c].str.strip()
    allowed = set(sheet.codes)
    for _, row in frame.iterrows():
        for c in code_columns:
            if row[c] and row[c] not in allowed:
                problems.append(
                    f"{_where(row)}: {c} {row[c]!r} is not a {sheet.kind} code ({', '.join(sheet.codes)}, or empty)."
                )
        for c in (c for c in INT_COLUMNS if c in frame.columns):
            if not re.fullmatch(r"-?\d+", row[c]):
                problems.append(f"{_where(row)}: {c} {row[c]!r} is not a whole number.")
    for c in (c for c in INT_COLUMNS if c in frame.columns):
        frame[c] = pd.to_numeric(frame[c], errors="coerce").fillna(-1).astype(int)
    for c in UNIT_ID[sheet.kind]:
        for _, row in frame[frame[c] == ""].iterrows():
            problems.append(f"{_where(row)}: no {c}.")
    first_id: dict[int, int] = {}
    first_unit: dict[tuple, int] = {}
    for (_, row), unit in zip(frame.iterrows(), unit_ids(frame, sheet.kind)):
        same = []
        if row["row_id"] in first_id:
            same.append(("row_id", first_id[row["row_id"]]))
        if unit in first_unit:
            same.append((" + ".join(f"{c} {v}" for c, v in zip(UNIT_ID[sheet.kind], unit)), first_unit[unit]))
        first_id.setdefault(row["row_id"], row["sheet_row"])
        first_unit.setdefault(unit, row["sheet_row"])
        if same:
            what = " and ".join(f"same {w} as sheet row {r}" for w, r in same)
            if len(same) == 2 and same[0][1] == same[1][1]:
                what = f"same {same[0][0]} and {same[1][0]} as sheet row {same[0][1]}"
            problems.append(f"{_where(row)}: duplicate row: {what}.")
    if sheet.kind == "sentiment":
        for _, row in frame.iterrows():
            a, b = row["mention_start"] - row["evidence_start"], row["mention_end"] - row["evidence_start"]
            if row["mention"] and not (0 <= a < b <= len(row["evidence"]) and row["evidence"][a:b] == row["mention"]):
                problems.append(
                    f"{_where(row)}: the mention {row['mention']!r} is not at its offsets in the evidence (was the "
                    "evidence edited?)."
                )
    return problems


def _out_folder(sheet: Sheet, out: str | Path | None) -> Path:
    folder = Path(out) if out is not None else (Path(sheet.meta["out"]) if sheet.meta.get("out") else None)
    if folder is None:
        raise SheetError(
            f"{sheet.path}: cannot tell which output folder it was sampled from (a CSV sheet keeps that in its key "
            f"file, {key_path(sheet.path).name}, beside it): put the key beside it or pass the folder (--out)."
        )
    if not (folder / "_commits").is_dir():
        raise SheetError(
            f"{sheet.path}: its rows name units of the output folder {folder}, which is not there (or holds no "
            "committed run): pass the folder it was sampled from (--out)."
        )
    return folder


def _out_units(out: Path, kind: str) -> set[tuple[str, ...]]:
    if kind == "stance":
        rows = read_dataset(out, "actor_stance", columns=["statement_id", "topic_id"])
        return set(zip(rows["statement_id"], rows["topic_id"]))
    if kind == "sentiment":
        rows = read_dataset(out, "actor_sentiment", columns=["doc_id", "mention_start", "actor_id"])
        return {(f"{d}:{s}", a) for d, s, a in zip(rows["doc_id"], rows["mention_start"], rows["actor_id"])}
    rows = read_dataset(out, "statements", columns=["statement_id", "actor_id"])
    return set(zip(rows["statement_id"], rows["actor_id"]))


def _out_problems(sheet: Sheet) -> list[str]:
    known = _out_units(sheet.out, sheet.kind)
    what = {"stance": "actor_stance", "sentiment": "actor_sentiment", "attribution": "statements"}[sheet.kind]
    problems = []
    for (_, row), unit in zip(sheet.frame.iterrows(), unit_ids(sheet.frame, sheet.kind)):
        if unit not in known:
            ids = " + ".join(f"{c} {v}" for c, v in zip(UNIT_ID[sheet.kind], unit))
            problems.append(f"{_where(row)}: {ids} is not in {sheet.out}/{what}.")
    return problems


def _problem_message(path: Path, problems: list[str]) -> str:
    """One line per problem, in the order of the sheet's rows."""
    at = lambda p: int(m.group(1)) if (m := re.match(r"sheet row (\d+)", p)) else 0  # noqa: E731
    shown = sorted(problems, key=at)[:MAX_PROBLEMS]
    more = f"\n  … and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
    head = f"{path}: {len(problems)} problem{'s' if len(problems) > 1 else ''} (fix the sheet and run again):"
    return head + "".join(f"\n  {p}" for p in shown) + more


# ---------------------------------------------------------------------------------------------------
# Codes


def consensus(sheet: Sheet) -> list[str | None]:
    """Each row's reference code: ``code_final`` where filled in, else the code most of the row's coders gave (a
    tie, or no code at all: None). Training learns these; `agreement` scores the model against them."""
    out: list[str | None] = []
    final = sheet.frame[FINAL] if sheet.has_final() else None
    for i, row in enumerate(sheet.frame[sheet.coders].itertuples(index=False)):
        if final is not None and final.iat[i]:
            out.append(final.iat[i])
            continue
        counts = Counter(c for c in row if c).most_common()
        out.append(counts[0][0] if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]) else None)
    return out


def training_rows(path: str | Path, task: str) -> list[dict]:
    """The coded rows of a stance or sentiment sheet as the fields of ``StanceExample`` / ``SentimentExample``
    (stancewatch/models/datasets.py): the evidence the coders read, labelled with their consensus (never the
    model's label); rows without one are left out."""
    sheet = read_sheet(path, kind=task)
    labels = consensus(sheet)
    rows: list[dict] = []
    speakers = _speaker_spans(sheet) if task == "stance" else [None] * len(labels)
    for (_, row), label, speaker in zip(sheet.frame.iterrows(), labels, speakers):
        if label is None:
            continue
        rid = f"{sheet.path.name}#{row['row_id']}"
        if task == "stance":
            rows.append({"id": rid, "text": row["evidence"], "topic": row["topic"], "label": label, "actor": speaker})
        else:
            s0 = row["evidence_start"]
            start, end = row["mention_start"] - s0, row["mention_end"] - s0
            rows.append({"id": rid, "text": row["evidence"], "start": start, "end": end, "label": label})
    if not rows:
        raise SheetError(f"{sheet.path}: no coded rows (every code column is empty, or the coders tie on every row).")
    return rows


def _speaker_spans(sheet: Sheet) -> list[tuple[int, int] | None]:
    """Per row, the words naming the statement's speaker as a span of its evidence, where the evidence holds them
    (for models trained with --actor-marks; others ignore it)."""
    statements = read_dataset(sheet.out, "statements", columns=["statement_id", "speaker_start", "speaker_end"])
    where = dict(zip(statements["statement_id"], zip(statements["speaker_start"], statements["speaker_end"])))
    spans: list[tuple[int, int] | None] = []
    for sid, e0, text in zip(sheet.frame["statement_id"], sheet.frame["evidence_start"], sheet.frame["evidence"]):
        a, b = (int(x) - int(e0) for x in where.get(sid, (-1, -1)))
        spans.append((a, b) if 0 <= a < b <= len(text) else None)
    return spans
