#!/usr/bin/env bash
# Reproduce benchmarks/RESULTS.md in one command (run it on a quiet machine):
#   bash benchmarks/run.sh            # peers venv (idempotent) + the full harness
#   bash benchmarks/run.sh --help     # harness options (B, repeats, peers' B, workers, ...)
# Then the memory benchmark (benchmarks/bench_memory.py: peak RSS of a 10,000 x 60, B = 500 bootstrap).
# Uses our venv (.venv, override with SURVEYSEM_PYTHON) for surveysem and benchmarks/.peers/venv for the peers.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
PY="${SURVEYSEM_PYTHON:-$REPO/.venv/bin/python}"
bash "$HERE/setup_peers.sh"
"$PY" "$HERE/bench_bootstrap.py" "$@"
[[ " $* " == *" --help "* || " $* " == *" -h "* ]] || "$PY" "$HERE/bench_memory.py"
