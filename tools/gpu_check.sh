#!/usr/bin/env bash
# The GPU check in one command (see bench/gpu_check.py): tools/gpu_check.sh [--quick] [--out DIR] [--budget SECONDS]
# or the trackers on the GPU: tools/gpu_check.sh --trackers [--image-size 1024 --targets 16 --md FILE]
# Runs on a GPU machine without network too: when sam2 is not installed, it is installed offline (into a temporary folder,
# not the machine's Python) from the wheels that tools/gpu_wheels.sh built on a networked machine ($SST_WHEELS, default wheels/).
# Only the engine is imported (no widgets), so ipywidgets, ipycanvas and jupyterlab need not be there.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
WHEELS=${SST_WHEELS:-wheels}
if ! "$PY" -c "import sam2, hydra, omegaconf, iopath, fastcore" 2>/dev/null; then
  if ! ls "$WHEELS"/*.whl >/dev/null 2>&1; then
    echo "gpu_check: sam2 is not installed here and $WHEELS/ holds no wheels; run tools/gpu_wheels.sh on a machine with network and bring $WHEELS/ along" >&2
    exit 2
  fi
  SITE=$(mktemp -d -t sst_site.XXXX)
  "$PY" -m pip install -q --no-index --no-deps --no-compile --disable-pip-version-check --target "$SITE" "$WHEELS"/*.whl
  export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
  echo "gpu_check: installed $(ls "$WHEELS" | tr '\n' ' ')offline into $SITE"
fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1 TQDM_DISABLE=1
# tools/gpu_check.sh --trackers [bench_trackers options]: each tracker backend against its own video pipeline, on the GPU
if [ "${1:-}" = "--trackers" ]; then shift; exec "$PY" bench/bench_trackers.py --device cuda "$@"; fi
exec "$PY" bench/gpu_check.py "$@"
