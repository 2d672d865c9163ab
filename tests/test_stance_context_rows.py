"""scripts/build_stance_context.py: the news statements read with a sentence before them, as the pipeline reads them."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("build_stance_context", ROOT / "scripts" / "build_stance_context.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)

ROWS = [
    {
        "id": "r1",
        "topic": "a tax on sugary drinks",
        "text": "Minister A backed the levy.",
        "label": "favor",
        "pair": "p1",
    },
    {
        "id": "r2",
        "topic": "a tax on sugary drinks",
        "text": "Minister A opposed the levy.",
        "label": "against",
        "pair": "p1",
    },
    {
        "id": "r3",
        "topic": "a tax on sugary drinks",
        "text": "The grocers' union said it would fight it.",
        "label": "against",
    },
    {"id": "r4", "topic": "a tax on sugary drinks", "text": "Doctors welcomed the plan.", "label": "favor"},
    {"id": "r5", "topic": "lowering the voting age", "text": "The committee will meet on Monday.", "label": "neutral"},
]


def test_each_row_keeps_its_label_and_gets_another_rows_sentence_before_it():
    out = build.context_rows(ROWS)
    assert [r["of"] for r in out] == [r["id"] for r in ROWS]
    for row, new in zip(ROWS, out):
        assert new["label"] == row["label"] and new["topic"] == row["topic"]
        assert new["text"] == f"{new['context']} {row['text']}"
        assert new["context"] != row["text"]
        assert new["context"] in {r["text"] for r in ROWS}


def test_a_contrast_pair_shares_its_sentence_before_and_never_gets_its_own_partner():
    out = {r["of"]: r for r in build.context_rows(ROWS)}
    assert out["r1"]["context"] == out["r2"]["context"]
    assert out["r1"]["context"] not in {"Minister A backed the levy.", "Minister A opposed the levy."}


def test_the_rows_are_the_same_on_every_run():
    assert build.context_rows(ROWS) == build.context_rows(list(ROWS))


def test_the_shipped_splits_take_their_sentences_before_from_their_own_split():
    for split in ("train", "dev", "test"):
        base = {
            json.loads(x)["text"].strip() for x in (ROOT / f"data/stance_news/{split}.jsonl").open(encoding="utf-8")
        }
        rows = [json.loads(x) for x in (ROOT / f"data/stance_news/{split}_context.jsonl").open(encoding="utf-8")]
        assert rows and all(r["context"] in base for r in rows)
