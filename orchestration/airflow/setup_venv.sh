#!/usr/bin/env bash
# Build .venv-airflow (Airflow 3 + the apache-beam and google providers) from requirements-airflow.txt.
# Idempotent: a stamp file holds the sha256 of the requirements it was built from; an unchanged file
# is a no-op, a changed one rebuilds the venv from scratch (pinned sets are not upgraded in place).
#   orchestration/airflow/setup_venv.sh [VENV_DIR]     (default: .venv-airflow at the repo root)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${1:-$ROOT/.venv-airflow}"
REQS="$ROOT/requirements-airflow.txt"
STAMP="$VENV/.installed"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"

want="$(sha256sum "$REQS" | cut -d' ' -f1)"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" && -x "$VENV/bin/airflow" ]]; then
  touch "$STAMP"  # up to date: let make see a stamp newer than its inputs
  exit 0
fi
echo "setup_venv: building $VENV from requirements-airflow.txt (about 2.2 GB, a few minutes)" >&2
start=$(date +%s)
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
# pip warns once per package about index locations some machines configure but lack; keep the
# log readable without hiding real errors (pipefail keeps pip's exit status).
quiet_pip() { "$VENV/bin/python" -m pip "$@" 2>&1 | { grep -v "^WARNING: Location .* is ignored" || true; }; }
quiet_pip install --quiet --upgrade pip
quiet_pip install --quiet -r "$REQS"
"$VENV/bin/python" -m pip check
"$VENV/bin/airflow" version >/dev/null
echo "$want" > "$STAMP"
echo "setup_venv: $VENV ready in $(( $(date +%s) - start )) s, $(du -sh "$VENV" | cut -f1)" >&2
