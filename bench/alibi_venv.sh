#!/bin/sh
# Throwaway venv for the alibi-detect comparison only: alibi-detect is BSL-licensed and must never
# be a runtime (or dev) dependency of biaswatch. torch is pinned so pip does not pull a CUDA build;
# alibi-detect 0.13.0 needs numpy < 2, so it could not share the agent's venv anyway.
set -eu
VENV=${1:-bench-output/alibi-venv}
test -x "$VENV/bin/python" || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check 'torch==2.13.0' 'alibi-detect[torch]==0.13.0'
