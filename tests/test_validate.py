"""Validate and correct: `sample` (a coding sheet out), `agreement` (the coded sheet in), `train --data sheet`.

The loop runs on the sample run (the session's `e2e_run`): a stance sheet is sampled, coded by two coders played here
(A: the label data/samples/gold_stance.yaml gives that actor on that topic, rows without gold left empty; B: A's codes
with a fixed set of rows changed), scored by `agreement` against a hand computation on that very sheet, and trained
on (a tiny model). The measures themselves are checked on known data.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from stancewatch.cli import app
from stancewatch.evaluate import agreement as agr
from stancewatch.evaluate import sampling
from stancewatch.models import sheets

REPO = Path(__file__).resolve().parent.parent
GOLD = {
    (g["topic"], g["actor"]): g["stance"]
    for g in yaml.safe_load((REPO / "data" / "samples" / "gold_stance.yaml").read_text())["stances"]
}
CHANGED = (1, 2, 3, 5, 8)  # row ids coder B codes differently from A (where A coded)
NEXT = {"favor": "against", "against": "neutral", "neutral": "favor"}
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


# ---------------------------------------------------------------------------------------------------
# The measures on known data


def hand_alpha(units: list[list[str]]) -> float:
    """Nominal Krippendorff's alpha from the coincidence matrix, by hand: each unit's m ≥ 2 values give every ordered
    pair of values from different coders the weight 1/(m − 1); alpha = 1 − (n − 1)·D_o / Σ_{c≠k} n_c·n_k."""
    o: Counter = Counter()
    for values in units:
        m = len(values)
        if m >= 2:
            for i, j in ((i, j) for i in range(m) for j in range(m) if i != j):
                o[values[i], values[j]] += 1 / (m - 1)
    n_c: Counter = Counter()
    for (c, _k), w in o.items():
        n_c[c] += w
    n = sum(n_c.values())
    disagree = sum(w for (c, k), w in o.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k)
    return 1 - (n - 1) * disagree / expected


def hand_kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa by hand on the pairs both coded: (p_o − p_e) / (1 − p_e)."""
    pairs = [(x, y) for x, y in zip(a, b) if x and y]
    n = len(pairs)
    p_o = sum(x == y for x, y in pairs) / n
    ca, cb = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    p_e = sum(ca[c] * cb[c] for c in ca) / n**2
    return (p_o - p_e) / (1 - p_e)


KRIPPENDORFF_2011 = [  # "Computing Krippendorff's alpha-reliability" (2011), the nominal example: 4 coders, 12 units
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def test_alpha_on_krippendorffs_own_example_matches_the_package_and_the_paper():
    codes = np.array([[agr.MISSING if v is None else v - 1 for v in row] for row in KRIPPENDORFF_2011])
    ours = agr.krippendorff_alpha(codes, 5)
    data = np.array([[np.nan if v is None else v for v in row] for row in KRIPPENDORFF_2011], dtype=float)
    package = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    units = [[row[u] for row in KRIPPENDORFF_2011 if row[u] is not None] for u in range(12)]
    assert ours == pytest.approx(package, abs=1e-12)
    assert ours == pytest.approx(hand_alpha(units), abs=1e-12)
    assert round(ours, 3) == 0.743  # the paper's value


def test_kappa_and_percent_agreement_on_known_data():
    # 50 units, two coders: yes/yes 20, yes/no 5, no/yes 10, no/no 15 → p_o 0.7, p_e 0.5, kappa 0.4
    a = np.array([0] * 20 + [0] * 5 + [1] * 10 + [1] * 15)
    b = np.array([0] * 20 + [1] * 5 + [0] * 10 + [1] * 15)
    assert agr.cohen_kappa(a, b, 2) == pytest.approx(0.4)
    assert agr.percent_agreement(a, b) == pytest.approx(0.7)
    missing = np.array([agr.MISSING] * 3)
    assert np.isnan(agr.cohen_kappa(missing, missing, 2)) and agr.krippendorff_alpha(np.vstack([a, a]), 2) == 1
    assert np.isnan(agr.krippendorff_alpha(np.zeros((2, 5), dtype=int), 2))  # one value throughout: undefined
    assert agr.macro_f1(np.array([0, 0, 1, 1]), np.array([0, 1, 1, 1])) == pytest.approx((2 / 3 + 0.8) / 2)


def test_quotas_proportional_and_equal():
    sizes = {("a",): 52, ("b",): 27, ("c",): 14}
    prop = sampling.proportional_quotas(sizes, 20)
    assert prop == {("a",): 11, ("b",): 6, ("c",): 3} and sum(prop.values()) == 20
    for k, q in prop.items():
        assert abs(q - 20 * sizes[k] / 93) < 1
    assert sampling.equal_quotas(sizes, 30) == {("a",): 10, ("b",): 10, ("c",): 10}
    assert sampling.equal_quotas({("a",): 50, ("b",): 4, ("c",): 50}, 30) == {("a",): 13, ("b",): 4, ("c",): 13}
    assert sampling.equal_quotas(sizes, 500) == sizes and sampling.proportional_quotas(sizes, 500) == sizes


def test_draw_hits_its_quotas_and_repeats_itself():
    pool = pd.DataFrame({"id": range(300), "label": ["x"] * 200 + ["y"] * 70 + ["z"] * 30})
    for equal, want in ((False, {"x": 40, "y": 14, "z": 6}), (True, {"x": 20, "y": 20, "z": 20})):
        drawn, quotas = sampling.draw(pool, 60, ["label"], equal, seed=5)
        assert dict(Counter(drawn["label"])) == want
        assert {k: q for k, (_, q) in quotas.items()} == {f"label={k}": v for k, v in want.items()}
        assert drawn["id"].is_unique
        again, _ = sampling.draw(pool, 60, ["label"], equal, seed=5)
        assert again["id"].tolist() == drawn["id"].tolist()
        other, _ = sampling.draw(pool, 60, ["label"], equal, seed=6)
        assert other["id"].tolist() != drawn["id"].tolist()
    assert list(drawn["label"]) != sorted(drawn["label"])  # shuffled: the order says nothing about the strata


def test_library_errors_are_stancewatch_errors():
    from stancewatch.errors import StancewatchError

    for error in (sheets.SheetError, sampling.SamplingError, agr.AgreementError):
        assert issubclass(error, StancewatchError)


# ---------------------------------------------------------------------------------------------------
# On the sample run


def coded(sheet: Path, target: Path) -> tuple[list[str], list[str]]:
    """Play two coders on an .xlsx stance sheet; returns their codes ('' = not coded) in row order."""
    book = load_workbook(sheet)
    ws = book[sheets.CODING_SHEET]
    col = {c.value: c.column for c in ws[1]}
    a_codes, b_codes = [], []
    for r in range(2, ws.max_row + 1):
        a = GOLD.get((ws.cell(r, col["topic_id"]).value, ws.cell(r, col["actor_id"]).value), "")
        b = NEXT[a] if a and ws.cell(r, col["row_id"]).value in CHANGED else a
        ws.cell(r, col["code_a"]).value = a or None
        ws.cell(r, col["code_b"]).value = b or None
        a_codes.append(a)
        b_codes.append(b)
    book.save(target)
    return a_codes, b_codes


@pytest.fixture(scope="module")
def stance_sheet(e2e_out, tmp_path_factory):
    folder = tmp_path_factory.mktemp("sheets")
    result = invoke("sample", e2e_out, "--kind", "stance", "--n", 40, "--seed", 7, "--output", folder / "sheet.xlsx")
    assert result.exit_code == 0, result.output
    return folder / "sheet.xlsx"


def test_sampling_is_reproducible_byte_for_byte(e2e_out, stance_sheet, tmp_path):
    again = tmp_path / "again.xlsx"
    assert invoke("sample", e2e_out, "--n", 40, "--seed", 7, "--output", again).exit_code == 0
    assert again.read_bytes() == stance_sheet.read_bytes()
    other = tmp_path / "other.xlsx"
    assert invoke("sample", e2e_out, "--n", 40, "--seed", 8, "--output", other).exit_code == 0
    assert other.read_bytes() != stance_sheet.read_bytes()
    for name in ("a.csv", "b.csv"):
        assert invoke("sample", e2e_out, "--kind", "sentiment", "--n", 25, "--output", tmp_path / name).exit_code == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_the_sheet_has_drop_downs_frozen_headers_and_no_model_label(stance_sheet):
    book = load_workbook(stance_sheet)
    ws = book[sheets.CODING_SHEET]
    header = [c.value for c in ws[1]]
    assert ws.freeze_panes == "B2"
    checks = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    for name in ("code_a", "code_b", "code_final"):
        letter = ws.cell(1, header.index(name) + 1).column_letter
        assert checks[f"{letter}2:{letter}41"] == '"favor,against,neutral"'
    key, meta = sheets.read_key(sheets.key_path(stance_sheet))
    assert meta["blind"] and len(key) == 40 and set(key[sheets.MODEL_LABEL]) <= set(sheets.CODES["stance"])
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert not {sheets.MODEL_LABEL, "label", "stratum"} & set(header) and not any(h.startswith("p_") for h in header)
    codes = set(sheets.CODES["stance"])
    assert not [(name, v) for r in rows for name, v in zip(header, r) if str(v).strip().lower() in codes]
    about = dict(book[sheets.ABOUT_SHEET].iter_rows(values_only=True))
    assert not any(code in str(v) for v in about.values() for code in ("label=favor", "label=against"))
    for row in rows:  # ids, actor, topic, evidence with its paragraph, document title and date
        record = dict(zip(header, row))
        assert record["evidence"] and record["evidence"][:40] in record["paragraph"] and record["title"]
        assert record["topic"] and record["actor_name"] and len(record["date"]) == 10


def test_no_blind_adds_the_model_label(e2e_out, tmp_path):
    out = tmp_path / "open.csv"
    assert invoke("sample", e2e_out, "--n", 12, "--no-blind", "--output", out).exit_code == 0
    sheet = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    key, _ = sheets.read_key(sheets.key_path(out))
    assert sheet[sheets.MODEL_LABEL].tolist() == key[sheets.MODEL_LABEL].tolist()


@pytest.mark.parametrize("equal", [False, True])
def test_stratification_hits_its_quotas(e2e_out, tmp_path, equal):
    from stancewatch.config import load_topics

    pool = sampling.pool(e2e_out, "stance", load_topics(None))
    sizes = Counter(zip(pool["label"], pool["topic_id"]))
    want = (sampling.equal_quotas if equal else sampling.proportional_quotas)(dict(sizes), 30)
    out = tmp_path / "s.csv"
    args = ["sample", e2e_out, "--n", 30, "--stratify", "label,topic", "--seed", 3, "--output", out]
    assert invoke(*args, *(["--equal"] if equal else [])).exit_code == 0
    key, meta = sheets.read_key(sheets.key_path(out))
    got = Counter(zip(key[sheets.MODEL_LABEL], key["topic_id"]))
    assert {k: got.get(k, 0) for k in want} == want and len(key) == 30
    assert meta["quotas"] == {f"label={lab},topic={t}": [sizes[lab, t], q] for (lab, t), q in sorted(want.items())}
    if equal:  # every stratum that could give more got the same quota (± 1); the others gave all they had
        open_ = [q for k, q in want.items() if q < sizes[k]]
        assert open_ and max(open_) - min(open_) <= 1 and all(q == sizes[k] or q in open_ for k, q in want.items())


def test_the_loop_sample_code_agreement_train(stance_sheet, tmp_path):
    sheet = tmp_path / "coded.xlsx"
    (tmp_path / "coded.key.parquet").write_bytes(sheets.key_path(stance_sheet).read_bytes())
    a, b = coded(stance_sheet, sheet)
    assert sum(map(bool, a)) >= 25 and sum(x != y for x, y in zip(a, b)) == sum(bool(a[i - 1]) for i in CHANGED)

    result = invoke("agreement", sheet, "--report", tmp_path / "r.json", "--resamples", 200)
    assert result.exit_code == 0, result.output
    assert all(w in result.output for w in ("alpha", "kappa", "macro-F1", "topic troops-ukraine", "type person"))
    rep = json.loads((tmp_path / "r.json").read_text())
    coders = rep["overall"]["coders"]
    units = [[x for x in (x, y) if x] for x, y in zip(a, b)]
    assert coders["alpha"]["value"] == pytest.approx(hand_alpha(units), abs=1e-12)
    assert coders["kappa"]["value"] == pytest.approx(hand_kappa(a, b), abs=1e-12)
    assert coders["percent_agreement"]["value"] == pytest.approx(
        np.mean([x == y for x, y in zip(a, b) if x and y]), abs=1e-12
    )
    for stat in (coders["alpha"], coders["kappa"], rep["overall"]["model"]["majority"]["macro_f1"]):
        assert stat["low"] <= stat["value"] <= stat["high"]

    # the model against each coder and against the majority (A and B agree: their code), by hand too
    key, _ = sheets.read_key(sheets.key_path(sheet))
    model = list(key[sheets.MODEL_LABEL])
    majority = [x if x == y else "" for x, y in zip(a, b)]
    model_rep = rep["overall"]["model"]
    assert model_rep["code_a"]["kappa"]["value"] == pytest.approx(hand_kappa(a, model), abs=1e-12)
    assert model_rep["majority"]["kappa"]["value"] == pytest.approx(hand_kappa(majority, model), abs=1e-12)
    assert model_rep["majority"]["alpha"]["value"] == pytest.approx(
        hand_alpha([[x, m] for x, m in zip(majority, model) if x]), abs=1e-12
    )
    confusion = np.array(model_rep["majority"]["confusion"]["rows_coders_cols_model"])
    assert confusion.sum() == model_rep["majority"]["n"] == sum(map(bool, majority))

    # per topic: the same hand computation on that topic's rows
    topics = pd.read_excel(sheet, sheet_name=sheets.CODING_SHEET)["topic_id"].tolist()
    for topic, group in rep["by_topic"].items():
        rows = [i for i, t in enumerate(topics) if t == topic]
        ta, tb = [a[i] for i in rows], [b[i] for i in rows]
        if any(x and y and x != y for x, y in zip(ta, tb)):
            assert group["coders"]["kappa"]["value"] == pytest.approx(hand_kappa(ta, tb), abs=1e-12)
            assert group["coders"]["alpha"]["value"] == pytest.approx(
                hand_alpha([[x for x in (x, y) if x] for x, y in zip(ta, tb)]), abs=1e-12
            )
    assert set(rep["by_actor_type"]) <= {"person", "country", "organization", "group", "unknown"}

    # training reads the coders' labels (their consensus), never the model's
    examples = sheets.training_rows(sheet, "stance")
    assert [e["label"] for e in examples] == [x for x in majority if x]
    model_dir = tmp_path / "model"
    result = invoke(
        "train", "stance", "--data", sheet, "--dev", sheet, "--out", model_dir,
        "--epochs", 1, "--limit", 16, "--batch-size", 8, "--max-length", 64,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    card = (model_dir / "MODEL_CARD.md").read_text()
    assert f"`{sheet}`" in card and "a coded sheet" in card

    # evaluate on a second sample that holds none of the first's units
    second = tmp_path / "second.xlsx"
    result = invoke("sample", rep["out"], "--n", 30, "--seed", 8, "--exclude", sheet, "--output", second)
    assert result.exit_code == 0, result.output
    first_units = set(sheets.unit_ids(sheets.read_key(sheets.key_path(sheet))[0], "stance"))
    second_units = set(sheets.unit_ids(sheets.read_key(sheets.key_path(second))[0], "stance"))
    assert len(second_units) == 30 and not first_units & second_units
    a2, b2 = coded(second, second)
    result = invoke("evaluate", "stance", "--input", second, "--model", model_dir, "--report", tmp_path / "e.json")
    assert result.exit_code == 0, result.output
    scores = json.loads((tmp_path / "e.json").read_text())
    assert scores["n"] == sum(bool(x) and x == y for x, y in zip(a2, b2)) and scores["input"] == str(second)


def test_bad_sheets_are_one_line_per_row_and_nothing_is_written(e2e_out, tmp_path):
    good = tmp_path / "s.csv"
    assert invoke("sample", e2e_out, "--n", 20, "--seed", 1, "--output", good).exit_code == 0
    frame = pd.read_csv(good, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame["code_a"] = "favor"
    cases = {
        "unknown_code": (frame.assign(code_b=["pro"] + ["against"] * 19), ["sheet row 2 (row_id 1): code_b 'pro'"]),
        "missing_column": (frame.drop(columns=["evidence", "topic_id"]), ["missing column(s) topic_id, evidence"]),
        "unknown_id": (
            frame.assign(statement_id=["nope:1:x"] + list(frame["statement_id"][1:])),
            ["sheet row 2 (row_id 1): statement_id nope:1:x", "is not in"],
        ),
        "duplicate": (pd.concat([frame, frame.iloc[[4]]]), ["sheet row 22 (row_id 5): duplicate row", "sheet row 6"]),
    }
    for name, (bad, needles) in cases.items():
        path = tmp_path / f"{name}.csv"
        bad.to_csv(path, index=False)
        sheets.key_path(path).write_bytes(sheets.key_path(good).read_bytes())
        result = invoke("agreement", path, "--report", tmp_path / f"{name}.json", "--resamples", 10)
        assert result.exit_code == 2 and "Traceback" not in result.output, (name, result.output)
        assert all(n in result.output for n in needles), (name, result.output)
        assert not (tmp_path / f"{name}.json").exists()
        if name != "missing_column":
            problems = [line for line in result.output.splitlines() if line.strip().startswith("sheet row")]
            assert len(problems) == 1, (name, result.output)
        result = invoke("train", "stance", "--data", path, "--dev", path, "--out", tmp_path / f"m-{name}")
        assert result.exit_code == 2 and not (tmp_path / f"m-{name}").exists(), (name, result.output)
    result = invoke("sample", e2e_out, "--kind", "sentiment", "--stratify", "topic", "--output", tmp_path / "x.csv")
    assert result.exit_code == 2 and "stratified by label, actor_type" in result.output
    assert not (tmp_path / "x.csv").exists()


def test_sentiment_and_attribution_sheets(e2e_out, tmp_path):
    path = tmp_path / "sentiment.xlsx"
    result = invoke("sample", e2e_out, "--kind", "sentiment", "--n", 30, "--stratify", "label,actor_type", "--equal",
                    "--output", path)  # fmt: skip
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    ws = book[sheets.CODING_SHEET]
    col = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        ws.cell(r, col["code_a"]).value = ("negative", "neutral", "positive")[r % 3]
    book.save(path)
    examples = sheets.training_rows(path, "sentiment")
    assert len(examples) == 30
    frame = pd.read_excel(path, sheet_name=sheets.CODING_SHEET, dtype=str, keep_default_na=False)
    for e, mention in zip(examples, frame["mention"]):
        assert e["text"][e["start"] : e["end"]] == mention
    result = invoke("agreement", path, "--resamples", 20)
    assert result.exit_code == 0 and "type person" in result.output, result.output

    path = tmp_path / "attribution.csv"
    assert invoke("sample", e2e_out, "--kind", "attribution", "--n", 15, "--output", path).exit_code == 0
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert {"statement", "cue", "form", "evidence", "paragraph"} <= set(frame.columns)
    frame["code_a"], frame["code_b"] = "yes", ["yes"] * 12 + ["no"] * 3
    frame.to_csv(path, index=False)
    result = invoke("agreement", path, "--coder-columns", "code_a,code_b", "--report", tmp_path / "a.json")
    assert result.exit_code == 0, result.output
    rep = json.loads((tmp_path / "a.json").read_text())
    assert rep["overall"]["model"]["code_b"]["percent_agreement"]["value"] == pytest.approx(12 / 15)
    result = invoke("train", "stance", "--data", path, "--dev", path, "--out", tmp_path / "m")
    assert result.exit_code == 2 and "is an attribution sheet, not a stance sheet" in result.output


def test_pair_combinations_helper_matches_light_kappa():
    """With three coders the coders' kappa is the mean of the pairs' (Light's kappa)."""
    codes = np.array([[0, 1, 2, 0, 1, 2], [0, 1, 2, 0, 2, 2], [0, 0, 2, 1, 1, 2]])
    rep = agr.group_report(codes, None, codes[0], ["a", "b", "c"], ["x", "y", "z"], resamples=0, seed=0)
    pairs = [agr.cohen_kappa(codes[i], codes[j], 3) for i, j in combinations(range(3), 2)]
    assert rep["coders"]["kappa"]["value"] == pytest.approx(np.mean(pairs))
    assert rep["coders"]["kappa"]["low"] is None
