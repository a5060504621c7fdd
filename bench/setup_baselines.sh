#!/bin/sh
# Install the scorer's baselines (alt-profanity-check, HateSonar) into their own virtual
# environment, var/bench-venv, so that their pinned scikit-learn / onnxruntime never touch the
# project's environment. bench/bench_scorer.py calls this when the venv is missing and then talks
# to the baselines through bench/baselines/run_baseline.py over JSON (subprocess).
#
# Usage: sh bench/setup_baselines.sh [VENV_DIR]     (default: var/bench-venv)
# PYTHON=/path/to/python overrides the interpreter (default: python3.11, else python3.12/3.13).
set -eu
cd "$(dirname "$0")/.."
VENV="${1:-var/bench-venv}"
# HateSonar's ONNX model builds an en_US.UTF-8 locale at load time and fails without it
# (onnxruntime StringNormalizer); generate it when missing (needs root and glibc's localedef).
if ! locale -a 2>/dev/null | grep -qi '^en_US\.utf-\?8$'; then
    localedef -i en_US -f UTF-8 en_US.UTF-8 2>/dev/null \
        || echo "setup_baselines: no en_US.UTF-8 locale; HateSonar will report unavailable" >&2
fi
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import profanity_check, hatesonar' 2>/dev/null; then
    echo "baselines already installed in $VENV"
    exit 0
fi
PY=""
for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1; then PY="$(command -v "$candidate")"; break; fi
done
if [ -z "$PY" ]; then
    echo "setup_baselines: no python3 found (set PYTHON=...)" >&2
    exit 1
fi
mkdir -p "$(dirname "$VENV")"
"$PY" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
# Each baseline is installed on its own so that one failing does not take the other down;
# run_baseline.py reports a baseline that cannot be imported as unavailable.
status=0
"$VENV/bin/pip" install --quiet --disable-pip-version-check "alt-profanity-check>=1.5" || {
    echo "setup_baselines: alt-profanity-check failed to install" >&2; status=1; }
"$VENV/bin/pip" install --quiet --disable-pip-version-check "hatesonar>=0.1" || {
    echo "setup_baselines: hatesonar failed to install" >&2; status=1; }
"$VENV/bin/python" -c 'import profanity_check' 2>/dev/null && echo "alt-profanity-check: ok"
"$VENV/bin/python" -c 'import hatesonar' 2>/dev/null && echo "hatesonar: ok"
exit $status
