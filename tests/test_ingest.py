from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from stancewatch.ingest.html import extract_page
from stancewatch.ingest.sources import (
    InputError,
    date_in_name,
    decode_bytes,
    doc_id_for,
    ingest,
    normalize_text,
    title_of,
)

ARTICLE = (
    "Chancellor Olaf Scholz said on Tuesday that Germany would not send troops to Ukraine under any circumstances."
)


def test_normalize_text_folds_spaces_controls_and_line_breaks():
    assert normalize_text("  A\u00a0 b\r\n\r\n\r\n\r\nc\x07 d \ufeff") == "A b\n\nc d"
    assert normalize_text("Cafe\u0301") == "Café"  # NFC


def test_normalize_text_repairs_mojibake_and_leaves_clean_text_alone():
    # UTF-8 read as Latin-1, as in 616 of PerSenT's real articles: quote marks and apostrophes come back
    assert normalize_text("\u00e2\x80\x9cI am donating,\u00e2\x80\x9d she said. Don\u00e2\x80\x99t") == (
        "\u201cI am donating,\u201d she said. Don\u2019t"
    )
    clean = "Zürich’s “naïve” façade — São Paulo"
    assert normalize_text(clean) == clean
    joined = (
        "0" * 38 + "\u00d7\x1f\u00a4"
    )  # removing the control character makes a new mojibake pair (found by fuzzing)
    assert normalize_text(normalize_text(joined)) == normalize_text(joined)


def test_doc_id_is_stable_and_depends_on_normalised_text():
    assert doc_id_for(normalize_text(ARTICLE + "  ")) == doc_id_for(normalize_text(ARTICLE))
    assert len(doc_id_for("x")) == 16


def test_decode_bytes_handles_encodings_and_rejects_binary():
    assert decode_bytes("Séjourné".encode("utf-16")) == "Séjourné"
    assert decode_bytes("Séjourné".encode("latin-1")) == "Séjourné"
    assert decode_bytes("\ufeffhello".encode("utf-8")) == "hello"
    assert decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") is None


def test_extract_page_drops_scripts_and_styles_and_keeps_title():
    # trafilatura (stancewatch/ingest/html.py) replaced the hand-written parser: same contract on a plain page
    page = extract_page(
        "<html><head><title>T &amp; U</title><script>alert(1)</script></head>"
        "<body><style>p{}</style><p>One &ldquo;quote&rdquo;</p><p>Two</p></body></html>"
    )
    assert page.title == "T & U"
    assert "alert" not in page.text and "p{}" not in page.text
    assert normalize_text(page.text) == "One “quote”\n\nTwo"


def test_title_and_date_from_files():
    assert title_of("# Headline\nBody text here.", ".md") == ("Headline", "Headline\n\nBody text here.")
    assert title_of("Headline without dot\n\nBody.", ".txt")[0] == "Headline without dot"
    assert title_of("A first sentence that ends.\n\nBody.", ".txt")[0] is None
    assert date_in_name(Path("2024-02-27-troops.md")) == "2024-02-27"
    assert date_in_name(Path("troops.md")) is None


def test_every_input_is_a_document_or_a_quarantine_row(tmp_path: Path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "copy.txt").write_text(ARTICLE + "\n")
    (tmp_path / "empty.md").write_text("   \n")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    rows = [
        {"text": ARTICLE.replace("Tuesday", "Monday"), "published": "2024-03-01", "title": "T"},
        "not json",
        {"title": "no text"},
        {"text": 42},
        {"text": ARTICLE.replace("Tuesday", "Friday"), "extra": 1},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows))
    pd.DataFrame({"body": ["x"]}).to_parquet(tmp_path / "no_text.parquet")
    (tmp_path / "table.csv").write_text('text,title\n"' + ARTICLE.replace("Tuesday", "Sunday") + '",Title\n"",Empty\n')

    result = ingest([tmp_path], run_id="r1")
    acc = result.account()
    assert acc == {"inputs": 13, "documents": 4, "skipped": 0, "duplicates": 1, "quarantined": 8, "reprocessed": 0}
    reasons = {
        Path(q["source"].split("#")[0]).name + ("#" + q["source"].split("#")[1] if "#" in q["source"] else ""): q[
            "reason"
        ]
        for q in result.quarantine
    }
    assert reasons["copy.txt"] == "duplicate" or reasons["a.txt"] == "duplicate"
    assert reasons["empty.md"] == "empty_text"
    assert reasons["image.html"] == "binary"
    assert reasons["notes.docx"] == "unsupported_type"
    assert reasons["feed.jsonl#line=2"] == "bad_json"
    assert reasons["feed.jsonl#line=3"] == "no_text"
    assert reasons["feed.jsonl#line=4"] == "bad_text"
    assert reasons["no_text.parquet"] == "no_text_column"
    assert reasons["table.csv#row=2"] == "empty_text"
    dup = next(q for q in result.quarantine if q["reason"] == "duplicate")
    assert dup["duplicate_of"] in {d["doc_id"] for d in result.documents}
    published = [d["published"] for d in result.documents if d["source"].endswith("#line=1")]
    assert published[0].isoformat().startswith("2024-03-01")


def test_missing_path_is_an_input_error_naming_the_path(tmp_path: Path):
    with pytest.raises(InputError, match="does-not-exist"):
        ingest([tmp_path / "does-not-exist"], run_id="r")


def test_a_lone_surrogate_in_json_is_replaced_not_a_crash(tmp_path):
    # found by the hypothesis fuzz test: json.loads('"\ud800"') gives a str that cannot be encoded as UTF-8
    (tmp_path / "rows.jsonl").write_text('{"text": "The minister said the plan was fine \\ud800 and would pass."}\n')
    result = ingest([tmp_path], run_id="r")
    assert len(result.documents) == 1 and "\ufffd" in result.documents[0]["text"]
