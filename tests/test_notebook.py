"""notebooks/explore.ipynb runs clean against the sample run."""

from __future__ import annotations

import os

import nbformat
from conftest import REPO
from nbclient import NotebookClient


def test_the_notebook_executes_without_errors(e2e_out, monkeypatch, tmp_path):
    monkeypatch.setenv("STANCEWATCH_OUT", str(e2e_out))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel then draws inline PNGs
    nb = nbformat.read(REPO / "notebooks" / "explore.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO / "notebooks")}}
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the charts drew nothing"
    assert any("documents" in o.get("text", "") for o in outputs)
    assert os.environ["STANCEWATCH_OUT"] == str(e2e_out)
