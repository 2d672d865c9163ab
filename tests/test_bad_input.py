"""Bad input never crashes a run and nothing is lost (see bad_input_corpus.py for the cases)."""

from __future__ import annotations

import re
import time

import pytest
from bad_input_corpus import GOOD, write_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from stancewatch.cli import app
from stancewatch.ingest.sources import ingest, normalize_text


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    cases = write_corpus(root)
    started = time.perf_counter()
    result = ingest([root], run_id="bad")
    return root, cases, result, time.perf_counter() - started


def _outcomes(root, result):
    """{relative source: [(kind, reason)]} in input order."""
    found: dict[str, list] = {}
    for d in result.documents:
        found.setdefault(d["source"], []).append(("document", None))
    for q in result.quarantine:
        found.setdefault(q["source"], []).append(("quarantine", q["reason"]))
    by_file: dict[str, list] = {}
    for source in sorted(
        found, key=lambda s: (s.split("#")[0], int(re.sub(r"\D", "", s.split("#")[1]) or 0) if "#" in s else 0)
    ):
        rel = source.split("#")[0][len(str(root)) + 1 :]
        by_file.setdefault(rel, []).extend(found[source])
    return by_file


def test_every_case_has_its_expected_outcome(corpus):
    root, cases, result, _ = corpus
    assert _outcomes(root, result) == cases


def test_accounting_holds_for_the_whole_corpus(corpus):
    _, cases, result, seconds = corpus
    acc = result.account()
    assert acc["inputs"] == sum(len(v) for v in cases.values())
    assert acc["inputs"] == acc["documents"] + acc["duplicates"] + acc["quarantined"]
    assert seconds < 60, f"ingest of the corpus took {seconds:.1f}s"


def test_quarantine_rows_say_where_and_why(corpus):
    _, _, result, _ = corpus
    for q in result.quarantine:
        assert q["reason"] and q["message"] and q["source"]
    bad_line = next(q for q in result.quarantine if q["source"].endswith("feed.jsonl#line=2"))
    assert bad_line["reason"] == "bad_json"
    dup = next(q for q in result.quarantine if q["reason"] == "duplicate")
    assert dup["duplicate_of"] in {d["doc_id"] for d in result.documents}


def test_normalisation_of_the_processed_cases(corpus):
    _, _, result, _ = corpus
    text = {d["source"].rsplit("/", 1)[-1]: d["text"] for d in result.documents}
    assert text["latin1.txt"].startswith("Séjourné: Polish")
    assert text["utf16-bom.txt"].startswith("Kraków — Polish")
    assert "\ufffd" in text["invalid-utf8.txt"] or "ÿ" in text["invalid-utf8.txt"]
    assert "said “no” to sending troops to Ukraine & said the decision was final — agreed" in text["entities.html"]
    assert "alert" not in "".join(text.values())


@pytest.mark.parametrize(
    "args, needle",
    [
        (["run", "/no/such/folder", "--out", "x"], "does not exist"),
        (["run", "data/samples/articles", "--out", "x", "--topics", "/no/such/topics.yaml"], "file not found"),
        (["ingest", "data/samples/articles", "--out", "x", "--config", "/no/such.yaml"], "file not found"),
    ],
)
def test_wrong_paths_are_one_line_cli_errors(args, needle, tmp_path):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and needle in result.output and "Traceback" not in result.output


def test_a_bad_option_is_a_cli_error():
    result = CliRunner().invoke(app, ["train", "feelings", "--data", "a", "--dev", "b", "--out", "c"])
    assert result.exit_code == 2 and "feelings" in result.output


odd_text = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from(list("\"'“”‘’«»„‹›\u200b\ufeff\x00\x07\r\n\t —"))),
    max_size=400,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    texts=st.lists(
        st.one_of(
            odd_text,
            st.builds(lambda a, b: a + GOOD + b, odd_text, odd_text),
            st.builds(lambda n: "x" * n, st.integers(1, 5000)),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_fuzz_ingest_never_raises_and_accounts_for_everything(tmp_path_factory, texts):
    root = tmp_path_factory.mktemp("fuzz")
    import json

    (root / "rows.jsonl").write_text("\n".join(json.dumps({"text": t}) for t in texts), encoding="utf-8")
    for i, t in enumerate(texts):
        (root / f"{i}.txt").write_bytes(t.encode("utf-8", "surrogatepass"))
    result = ingest([root], run_id="fuzz")
    expected = len([t for t in texts]) + len(texts)
    assert result.account()["inputs"] == expected
    for d in result.documents:
        assert d["text"] == normalize_text(d["text"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.builds(
        lambda a, b, c: a + b + c,
        odd_text,
        st.sampled_from([GOOD, "", '"Yes," he said. “No” said Tusk, according to']),
        odd_text,
    )
)
def test_fuzz_actors_never_raise_and_offsets_hold(find_actors, text):
    text = normalize_text(text)
    found = find_actors(text, "d")
    for m in found.mentions:
        assert text[m["start"] : m["end"]] == m["text"]
    for s in found.statements:
        assert text[s["start"] : s["end"]] == s["text"]
