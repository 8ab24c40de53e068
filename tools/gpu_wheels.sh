#!/usr/bin/env bash
# Build, on a machine with network, the wheels that tools/gpu_check.sh installs offline on a GPU machine without network
# (an HPC node, a lent cloud GPU) where torch, torchvision, peft, pandas, pillow, scikit-image and tqdm are installed
# but sam2 and its pure-Python dependencies are not. Usage: tools/gpu_wheels.sh [DEST]  (default: wheels/, git-ignored)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
DEST=${1:-wheels}
rm -rf "$DEST"; mkdir -p "$DEST"
ver() { "$PY" -c "import importlib.metadata as m; print(m.version('$1'))"; }   # the versions this project is tested with
# sam2 without its optional CUDA extension: a pure-Python wheel, built against the torch already installed
SAM2_BUILD_CUDA=0 "$PY" -m pip wheel -q --no-deps --no-build-isolation -w "$DEST" "sam2==$(ver sam2)"
"$PY" -m pip wheel -q --no-deps -w "$DEST" "hydra-core==$(ver hydra-core)" "omegaconf==$(ver omegaconf)" \
    "antlr4-python3-runtime==$(ver antlr4-python3-runtime)" "iopath==$(ver iopath)" "fastcore==$(ver fastcore)"
for w in "$DEST"/*.whl; do case "$w" in *-py3-none-any.whl|*-py2.py3-none-any.whl) ;; *) echo "$w is not a pure-Python wheel"; exit 1;; esac; done
du -sh "$DEST"; ls "$DEST"
