"""Evidence as the report shows it: one statement per actor and topic, the one that best shows the actor's overall
stance, quoted once, with the stance model's label for it and that label's probability, the document's date and title
(or URL) when it has them, and the sentence highlighted in its paragraph on demand (a ``<details>`` block: no script).
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds

from stancewatch.report.text import anchor, day, present, quotation, safe_url
from stancewatch.store.datasets import dataset_files, read_dataset
from stancewatch.store.schemas import TABLES

e = html.escape
PROBABILITY = {"favor": "p_favor", "against": "p_against", "neutral": "p_neutral"}
HEADINGS = {
    "favor": "Favor overall",
    "against": "Against overall",
    "mixed": "Mixed overall",
    "neutral": "Neutral overall",
}
MORE = 5  # other statements of the actor listed under its evidence line
PARAGRAPH_CHARS = 900  # longer paragraphs are cut around the sentence


def document_info(out: Path) -> pd.DataFrame:
    """Per document (index doc_id): title, url, source, published — without the text."""
    docs = read_dataset(out, "documents", columns=["doc_id", "title", "url", "source", "published"])
    return docs.drop_duplicates("doc_id").set_index("doc_id")


def document_texts(out: Path, doc_ids) -> dict[str, str]:
    """The text of the given documents only (a large output folder's texts are not all read into memory)."""
    files, wanted = dataset_files(out, "documents"), sorted({str(d) for d in doc_ids})
    if not files or not wanted:
        return {}
    table = ds.dataset([str(f) for f in files], schema=TABLES["documents"], format="parquet").to_table(
        columns=["doc_id", "text"], filter=ds.field("doc_id").isin(wanted)
    )
    return dict(zip(table.column("doc_id").to_pylist(), table.column("text").to_pylist()))


def label_probability(row) -> float | None:
    """The probability the stance model gave the row's own label."""
    column = PROBABILITY.get(str(row.label))
    value = getattr(row, column) if column else None
    return float(value) if value is not None and pd.notna(value) else None


def best_rows(stance: pd.DataFrame, stance_of: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Per actor, its rows on one topic, best first: the rows that best show the actor's overall stance (the highest
    p_favor for a favor actor, p_against for an against one, p_neutral for a neutral one, the more confident side
    for a mixed one), ties broken by document and position so the choice is the same every time."""
    out = {}
    for actor_id, rows in stance.groupby("actor_id", sort=False):
        overall = stance_of.get(actor_id)
        if overall in ("favor", "against", "neutral"):
            score = rows[PROBABILITY[overall]]
        else:
            score = rows[["p_favor", "p_against"]].max(axis=1)
        ranked = rows.assign(_score=score).sort_values(
            ["_score", "doc_id", "evidence_start"], ascending=[False, True, True], kind="stable"
        )
        out[actor_id] = ranked.drop_duplicates(["doc_id", "evidence_start", "evidence_end"])
    return out


def paragraph(text: str | None, start, end) -> tuple[str, str, str] | None:
    """(before, sentence, after): the paragraph around characters start…end of a document's text, cut to about
    PARAGRAPH_CHARS around the sentence; None when the offsets do not fit the text."""
    if not isinstance(text, str) or start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    start, end = int(start), int(end)
    if not 0 <= start < end <= len(text):
        return None
    end = start + len(text[start:end].rstrip())
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    room = max(0, (PARAGRAPH_CHARS - (end - start)) // 2)
    before, after = text[para_start:start], text[end:para_end]
    if len(before) > room:
        cut = before[-room:] if room else ""
        before = "…" + (cut[cut.find(" ") + 1 :] if " " in cut else cut)
    if len(after) > room:
        cut = after[:room]
        after = (cut[: cut.rfind(" ")] if " " in cut else cut) + "…"
    return before, text[start:end], after


def source_html(doc) -> str:
    """ "27 Feb 2024 · Title" (the title a link when the document has an http(s) URL), the URL when there is no title,
    and nothing for what is unknown."""
    if doc is None:
        return ""
    when = day(doc.get("published"))
    title = present(doc.get("title"))
    url = safe_url(doc.get("url")) or safe_url(doc.get("source"))
    if title and url:
        where = f'<a href="{e(url)}" rel="noopener noreferrer">{e(title)}</a>'
    elif title:
        where = e(title)
    elif url:
        where = f'<a href="{e(url)}" rel="noopener noreferrer">{e(url)}</a>'
    else:
        where = ""
    parts = [p for p in (e(when) if when else "", where) if p]
    return f'<span class="src">{" · ".join(parts)}</span>' if parts else ""


def _label(row, colours: dict[str, str]) -> str:
    p = label_probability(row)
    share = f' <span class="p">{p:.0%}</span>' if p is not None else ""
    label = e(str(row.label))
    return f'<span class="lab" style="color:{colours.get(str(row.label), "#333")}">{label}</span>{share}'


def evidence_item(
    actor_id: str,
    name: str,
    rows: pd.DataFrame,
    docs: pd.DataFrame,
    texts: dict[str, str],
    colours: dict[str, str],
    item_id: str,
) -> str:
    """One actor's evidence line (its best row) with the sentence in its paragraph and its other statements inside a
    ``<details>`` block."""
    best = next(rows.itertuples())
    doc = docs.loc[best.doc_id].to_dict() if best.doc_id in docs.index else None
    quote = quotation(best.evidence_text) or ""
    inside = []
    context = paragraph(texts.get(best.doc_id), best.evidence_start, best.evidence_end)
    if context:
        before, hit, after = context
        inside.append(f'<p class="para">{e(before)}<mark>{e(hit)}</mark>{e(after)}</p>')
    others = list(rows.iloc[1 : 1 + MORE].itertuples())
    if others:
        lines = []
        for r in others:
            other_doc = docs.loc[r.doc_id].to_dict() if r.doc_id in docs.index else None
            lines.append(
                f'<li>{_label(r, colours)} <span class="q">{e(quotation(r.evidence_text) or "")}</span> '
                f"{source_html(other_doc)}</li>"
            )
        more = len(rows) - 1 - len(others)
        tail = f"<li>… and {more} more</li>" if more > 0 else ""
        inside.append(f'<ul class="more">{"".join(lines)}{tail}</ul>')
    n_more = len(rows) - 1
    summary = "the sentence in its paragraph" if context else ""
    if n_more:
        what = f"{n_more} more statement{'s' if n_more > 1 else ''}"
        summary = f"{summary} and {what}" if summary else what
    details = f"<details><summary>{summary}</summary>{''.join(inside)}</details>" if inside else ""
    return (
        f'<li id="{item_id}" data-actor-id="{e(actor_id)}"><b class="who">{e(name)}</b> {_label(best, colours)} '
        f'<span class="q">{e(quote)}</span> {source_html(doc)}{details}</li>'
    )


def evidence_list(
    stance: pd.DataFrame,
    order: list[tuple[str, str, str]],
    docs: pd.DataFrame,
    texts: dict[str, str],
    colours: dict[str, str],
    topic_key: str,
) -> str:
    """The evidence of one topic: one line per actor, in ``order`` ((actor_id, name, overall stance) triples)."""
    rows = best_rows(stance, {a: s for a, _n, s in order})
    parts = []
    for side in dict.fromkeys(s for _a, _n, s in order):
        items = [
            evidence_item(a, name, rows[a], docs, texts, colours, anchor("ev", topic_key, a))
            for a, name, s in order
            if s == side and a in rows
        ]
        if items:
            heading = f'<h4 style="color:{colours.get(side, "#333")}">{e(HEADINGS.get(side, side))}</h4>'
            parts.append(f'{heading}<ul class="evidence">{"".join(items)}</ul>')
    return f'<div class="evidence-list">{"".join(parts)}</div>'


def needed_documents(stance: pd.DataFrame, stance_of: dict[str, str]) -> set[str]:
    """The documents whose text the evidence lines of one topic show (their best rows)."""
    return {str(r["doc_id"].iloc[0]) for r in best_rows(stance, stance_of).values() if len(r)}
