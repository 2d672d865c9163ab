"""Article-level portrayal: the rule, the summaries that use it, and `stancewatch evaluate portrayal` on real models."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import stance_frame
from typer.testing import CliRunner

from stancewatch.aggregate.summaries import document_portrayal, summarize
from stancewatch.classify.portrayal import DEFAULT_RULE, PortrayalRule, portrayal
from stancewatch.cli import app
from stancewatch.config import load_settings
from stancewatch.evaluate.portrayal import PortrayalGoldError, evaluate_file, load_gold, target_actor


def _sentiment(rows):
    return pd.DataFrame(
        [
            {
                "doc_id": d,
                "actor_id": a,
                "actor_name": a.title(),
                "p_negative": n,
                "p_neutral": 1 - n - p,
                "p_positive": p,
            }
            for d, a, n, p in rows
        ]
    )


def test_an_article_portrays_an_actor_by_the_centred_mean_of_its_mentions():
    rule = PortrayalRule(centre=-0.1, band=0.15)
    frame = portrayal(
        _sentiment(
            [("d1", "ann", 0.7, 0.1), ("d1", "ann", 0.1, 0.1), ("d1", "bob", 0.1, 0.6), ("d2", "ann", 0.3, 0.1)]
        ),
        rule,
    ).set_index(["doc_id", "actor_id"])
    ann = frame.loc[("d1", "ann")]
    assert ann.n_mentions == 2 and ann.mean_sentiment == pytest.approx(-0.3) and ann.score == pytest.approx(-0.2)
    assert ann.label == "negative"
    assert frame.loc[("d1", "bob"), "label"] == "positive"
    # -0.2 raw is -0.1 after the centre: inside the band, so neutral (a raw mean would have called it negative)
    assert frame.loc[("d2", "ann"), "label"] == "neutral" and frame.loc[("d2", "ann"), "score"] == pytest.approx(-0.1)


def test_no_sentiment_gives_an_empty_table_with_the_columns():
    frame = portrayal(pd.DataFrame())
    assert frame.empty and {"doc_id", "actor_id", "score", "label"} <= set(frame.columns)


def test_the_actor_summary_counts_each_article_once():
    docs = pd.DataFrame(
        {
            "doc_id": ["d1", "d2"],
            "published": pd.to_datetime(["2024-03-01", "2024-03-02"], utc=True),
            "ingested_at": pd.to_datetime(["2024-03-05", "2024-03-05"], utc=True),
        }
    )
    # d1: five negative mentions of Ann; d2: one positive one. Per mention she is mostly negative; per article, split.
    sentiment = _sentiment([("d1", "ann", 0.7, 0.0)] * 5 + [("d2", "ann", 0.0, 0.7)])
    portrayed = document_portrayal(docs, sentiment, DEFAULT_RULE)
    assert set(portrayed["date"].dt.strftime("%Y-%m-%d")) == {"2024-03-01", "2024-03-02"}
    empty_stance = stance_frame([])
    row = summarize(docs, empty_stance, sentiment, "all", portrayed).set_index("actor_id").loc["ann"]
    assert row.n_mentions == 6 and row.mean_sentiment == pytest.approx((5 * -0.7 + 0.7) / 6)
    assert row.n_portrayed == 2 and row.n_portrayed_negative == 1 and row.n_portrayed_positive == 1
    assert row.mean_portrayal == pytest.approx(-DEFAULT_RULE.centre)
    assert row.portrayal_low < row.mean_portrayal < row.portrayal_high


def test_the_gold_target_is_matched_by_name_and_most_mentions():
    mentions = pd.DataFrame(
        {
            "actor_id": ["esperanza-perez", "miguel-perez-jr", "miguel-perez-jr", "usa"],
            "actor_name": ["Esperanza Perez", "Miguel Perez Jr.", "Miguel Perez Jr.", "United States"],
        }
    )
    assert target_actor("Miguel Perez", mentions) == "miguel-perez-jr"
    assert target_actor("Colin Kaepernick", mentions) is None


def test_a_malformed_gold_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "1", "target": "Ann Lee", "text": "Ann Lee spoke.", "label": "great"}\n')
    with pytest.raises(PortrayalGoldError, match="line 1"):
        load_gold(bad)
    result = CliRunner().invoke(app, ["evaluate", "portrayal", "--input", str(bad)])
    assert result.exit_code == 2 and "Traceback" not in result.output


ARTICLES = [
    {
        "id": "a1",
        "title": "Mayor praised",
        "target": "Linda Okafor",
        "label": "positive",
        "text": (
            "Mayor Linda Okafor won praise from residents on Monday after the city reopened the flooded library ahead "
            "of schedule. Okafor thanked the volunteers who worked through the weekend. Residents called her "
            "leadership calm and generous, and a local charity gave Okafor its annual community award."
        ),
    },
    {
        "id": "a2",
        "title": "Executive charged",
        "target": "Victor Hale",
        "label": "negative",
        "text": (
            "Victor Hale, the former chief executive of a shipping firm, was charged with fraud on Tuesday. "
            "Prosecutors said Hale lied to investors and hid losses for years. Hale was arrested at his home and faces "
            "up to 20 years in prison."
        ),
    },
    {
        "id": "a3",
        "title": "Weather",
        "target": "Nobody Named",
        "label": "neutral",
        "text": "Heavy rain is expected across the region on Thursday, forecasters said. Schools will stay open.",
    },
]


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("portrayal") / "gold.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    return path


def test_evaluate_portrayal_runs_the_pipeline_steps_with_the_shipped_model(gold_file):
    rep, scores = evaluate_file(gold_file, load_settings(None))
    assert rep["n"] == 3 and sum(map(sum, rep["confusion"]["rows_true_cols_pred"])) == 3
    by_id = scores.set_index("id")
    assert by_id.loc["a1", "found"] and by_id.loc["a2", "found"] and not by_id.loc["a3", "found"]
    assert (
        by_id.loc["a1", "mean_sentiment"] > by_id.loc["a2", "mean_sentiment"]
    )  # real model: praise above fraud charges
    assert rep["target_found"] == pytest.approx(2 / 3)
    # an article whose person is not found is predicted neutral (the tool says nothing about them)
    assert rep["confusion"]["rows_true_cols_pred"][1][1] == 1


def test_the_cli_prints_the_report_and_writes_json(gold_file, tmp_path):
    out = tmp_path / "rep.json"
    result = CliRunner().invoke(app, ["evaluate", "portrayal", "--input", str(gold_file), "--report", str(out)])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output and "target found" in result.output
    assert json.loads(out.read_text())["n"] == 3
