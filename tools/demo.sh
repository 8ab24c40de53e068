#!/usr/bin/env bash
# Set up (idempotently) and run the demo: segment the bundled example set into ./sst_out
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
.venv/bin/sst demo --out "${1:-sst_out}"
