"""--runner dask: the chunked stages on a 2-worker LocalCluster give the same tables as the default runner."""

from __future__ import annotations

from conftest import assert_same_tables
from typer.testing import CliRunner

from stancewatch.cli import app
from stancewatch.store.datasets import read_dataset


def test_dask_local_cluster_gives_the_same_tables(e2e_run, tmp_path):
    reference, inputs, _ = e2e_run
    out = tmp_path / "dask"
    result = CliRunner().invoke(
        app, ["run", str(inputs), "--out", str(out), "--runner", "dask", "--workers", "2", "--chunk-size", "2"]
    )
    assert result.exit_code == 0, result.output
    chunks = read_dataset(out, "runs").iloc[-1]
    assert chunks.n_documents == len(read_dataset(reference, "documents"))
    assert_same_tables(reference, out)
