#!/usr/bin/env bash
# Idempotent set-up: a virtual environment in .venv with sst_nb installed in development mode.
# Fast path: does nothing when .venv already matches settings.ini and setup.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
stamp=$(cat settings.ini setup.py | sha1sum | cut -c1-16)
if [ -x .venv/bin/python ] && [ "$(cat .venv/.sst_stamp 2>/dev/null)" = "$stamp" ]; then exit 0; fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
export SAM2_BUILD_CUDA=0   # sam2's optional CUDA extension needs a CUDA toolkit; sam2 works without it
.venv/bin/pip install -q --upgrade pip wheel setuptools
.venv/bin/pip install -q "torch>=2.5" torchvision          # the registry's build (runs on CPU too)
.venv/bin/pip install -q --no-build-isolation sam2          # sam2's build needs torch present
.venv/bin/pip install -q -e ".[dev]"
echo "$stamp" > .venv/.sst_stamp
