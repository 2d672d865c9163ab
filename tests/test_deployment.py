"""Scheduled deployments against a real, separately started Prefect server.

`.ci/run` starts `prefect server start` on 127.0.0.1 and passes its API URL in
STANCEWATCH_PREFECT_API_URL; without it (e.g. the README's test command on a laptop) the
`prefect_api` fixture starts and stops one itself. The tests talk to the server over its REST API
only: wait for the deployment, create a flow run, poll it to a final state, then read the Parquet.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import pytest
from conftest import REPO, SAMPLES

from stancewatch.store.datasets import read_dataset

VENV_BIN = Path(sys.executable).parent
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen | None, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"prefect server exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise TimeoutError(f"no healthy Prefect server at {url} after {timeout} s")


@pytest.fixture(scope="module")
def prefect_api():
    """The API URL of a real Prefect server: CI's (STANCEWATCH_PREFECT_API_URL) or one started here."""
    given = os.environ.get("STANCEWATCH_PREFECT_API_URL")
    if given:
        _wait_healthy(given, None)
        yield given
        return
    port = _free_port()
    home = tempfile.mkdtemp(prefix="stancewatch-server-")
    env = os.environ | {
        "PREFECT_HOME": home,
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    log = open(Path(home) / "server.log", "w")
    proc = subprocess.Popen(
        [str(VENV_BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        log.close()
        shutil.rmtree(home, ignore_errors=True)


def _client_env(url: str) -> dict[str, str]:
    return os.environ | {
        "PREFECT_API_URL": url,
        "STANCEWATCH_PROGRESS": "0",
        "PREFECT_HOME": tempfile.mkdtemp(prefix="stancewatch-client-"),
    }


def _deployment(url: str, name: str, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = httpx.get(f"{url}/deployments/name/stancewatch-pipeline/{name}", timeout=10)
        if r.status_code == 200:
            return r.json()
        time.sleep(1)
    raise TimeoutError(f"deployment stancewatch-pipeline/{name} did not appear in {timeout} s")


def _one_at_a_time(deployment: dict) -> bool:
    """The deployment runs one flow run at a time (a late run waits instead of failing on OUT/.lock)."""
    limit = deployment.get("global_concurrency_limit") or {}
    return limit.get("limit") == 1 or deployment.get("concurrency_limit") == 1


def _run_and_wait(url: str, deployment_id: str, parameters: dict | None = None, timeout: float = 900) -> dict:
    body = {"parameters": parameters} if parameters else {}
    for attempt in range(5):  # a busy local server may answer 503 for a moment: retry, as the client does
        run = httpx.post(f"{url}/deployments/{deployment_id}/create_flow_run", json=body, timeout=30)
        if run.status_code != 503:
            break
        time.sleep(2 * (attempt + 1))
    assert run.status_code == 201, run.text
    run_id = run.json()["id"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = httpx.get(f"{url}/flow_runs/{run_id}", timeout=10).json()["state"]
        if state and state["type"] in FINAL:
            return state
        time.sleep(2)
    raise TimeoutError(f"flow run {run_id} not finished after {timeout} s")


def _check_tables(out: Path) -> None:
    docs = read_dataset(out, "documents")
    assert len(docs) == 7  # the sample articles, each once
    assert len(read_dataset(out, "actor_stance")) > 0 and len(read_dataset(out, "actor_summary")) > 0
    runs = read_dataset(out, "runs")
    assert len(runs) == 1 and runs.iloc[0].n_documents == 7


def test_serve_creates_a_scheduled_deployment_that_runs_through_the_api(prefect_api, tmp_path):
    inputs, out = tmp_path / "feed", tmp_path / "out"
    shutil.copytree(SAMPLES / "articles", inputs)
    name = f"ci-{uuid.uuid4().hex[:8]}"
    log = open(tmp_path / "serve.log", "w")
    serve = subprocess.Popen(
        [str(VENV_BIN / "stancewatch"), "serve", "--cron", "0 0 1 1 *", str(inputs), "--out", str(out), "--name", name],
        env=_client_env(prefect_api),
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deployment = _deployment(prefect_api, name)
        assert deployment["schedules"][0]["schedule"]["cron"] == "0 0 1 1 *"
        assert deployment["parameters"]["out"] == str(out)
        assert _one_at_a_time(deployment)
        state = _run_and_wait(prefect_api, deployment["id"])
        assert state["type"] == "COMPLETED", (tmp_path / "serve.log").read_text()[-3000:]
    finally:
        os.killpg(serve.pid, signal.SIGINT)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
        log.close()
    _check_tables(out)


def test_prefect_yaml_deploys_onto_a_process_pool_and_a_worker_runs_it(prefect_api, tmp_path):
    env = _client_env(prefect_api)
    pool = f"stancewatch-ci-{uuid.uuid4().hex[:6]}"
    prefect = str(VENV_BIN / "prefect")
    subprocess.run(
        [prefect, "work-pool", "create", pool, "--type", "process"], env=env, check=True, capture_output=True
    )
    deployed = subprocess.run(
        [prefect, "--no-prompt", "deploy", "--name", "hourly", "--pool", pool],
        env=env | {"PWD": str(REPO)},
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert deployed.returncode == 0, deployed.stdout[-3000:] + deployed.stderr[-3000:]
    deployment = _deployment(prefect_api, "hourly")
    assert deployment["schedules"][0]["schedule"]["cron"] == "0 * * * *"
    assert _one_at_a_time(deployment)
    inputs, out = tmp_path / "feed", tmp_path / "out"
    shutil.copytree(SAMPLES / "articles", inputs)
    body = {"parameters": {"inputs": [str(inputs)], "out": str(out)}}
    run = httpx.post(f"{prefect_api}/deployments/{deployment['id']}/create_flow_run", json=body, timeout=30)
    assert run.status_code == 201, run.text
    worker = subprocess.run(
        [prefect, "worker", "start", "--pool", pool, "--run-once"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    state = httpx.get(f"{prefect_api}/flow_runs/{run.json()['id']}", timeout=10).json()["state"]
    assert state["type"] == "COMPLETED", worker.stdout[-3000:] + worker.stderr[-3000:]
    _check_tables(out)


def test_serve_without_a_server_says_how_to_start_one(tmp_path):
    env = _client_env("unused")
    env.pop("PREFECT_API_URL")
    result = subprocess.run(
        [
            str(VENV_BIN / "stancewatch"),
            "serve",
            "--cron",
            "0 * * * *",
            str(SAMPLES / "articles"),
            "--out",
            str(tmp_path / "o"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert (
        "prefect server start" in result.stderr + result.stdout and "PREFECT_API_URL" in result.stderr + result.stdout
    )


def test_serve_with_a_bad_cron_is_one_line_and_exit_2(tmp_path):
    from typer.testing import CliRunner

    from stancewatch.cli import app

    result = CliRunner().invoke(
        app, ["serve", "--cron", "every hour", str(SAMPLES / "articles"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2 and "not a cron expression" in result.output
