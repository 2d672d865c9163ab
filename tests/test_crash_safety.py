"""Kill a real run with SIGKILL partway, run the same command again: the tables equal an uninterrupted run's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from conftest import canonical

from stancewatch.store.datasets import PARTITIONED, committed_runs, read_dataset


def _cli(inputs, out, env):
    return [sys.executable, "-m", "stancewatch.cli", "run", str(inputs), "--out", str(out)], env


def test_sigkill_mid_run_then_rerun_gives_the_same_tables(e2e_run, tmp_path):
    reference, inputs, _ = e2e_run
    out = tmp_path / "out"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "STANCEWATCH_PROGRESS": "0"}
    env.pop("PREFECT_API_URL", None)  # each run starts its own temporary server, as a user's would
    cmd, env = _cli(inputs, out, env)
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and not list((out / ".staging").glob("*/chunks/mentions/*.parquet")):  # actors done
        assert proc.poll() is None, "the run ended before it could be killed"
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)  # the CLI, its flow and its Prefect server, mid-run
    proc.wait(timeout=60)
    assert not committed_runs(out), "the killed run must not have committed"
    assert all(read_dataset(out, name).empty for name in PARTITIONED)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    for name in (*PARTITIONED, "quarantine", "actor_summary", "actor_pairs"):
        a, b = canonical(read_dataset(reference, name)), canonical(read_dataset(out, name))
        assert len(a) == len(b), name
        import pandas as pd

        pd.testing.assert_frame_equal(
            a.drop(columns=["source"], errors="ignore"),
            b.drop(columns=["source"], errors="ignore"),
            check_exact=False,
            atol=1e-5,
        )
    assert not (out / ".staging").exists()
