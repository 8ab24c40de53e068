#!/usr/bin/env bash
# Set up (idempotently) and run all tests: library in step with the notebooks, nbdev_test, pytest.
# `--no-setup` with SST_VENV=path: use that environment for this checkout instead of ./.venv (CI runs a copy this way).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--no-setup" ]; then
  shift; venv=${SST_VENV:?set SST_VENV to a virtual environment with sst_nb[dev] installed}
  export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"   # this checkout's sst_nb, not the one the venv was made for
else
  bash tools/setup.sh; venv="$PWD/.venv"
fi
export PATH="$venv/bin:$PATH"
# the tests never download weights: offline, the tutorials fall back to the untrained model as in CI
export HF_HUB_OFFLINE=1
python - <<'PY'
import sst_nb, sst_nb.data as d
print(f"sst_nb from {sst_nb.__path__[0]}; paper masks from {d.find_data_root()}" + (" (the bundled subset)" if d.is_bundled(d.find_data_root()) else ""))
PY
echo "== nbdev_export: library must match the notebooks"
before=$(git status --porcelain -- sst_nb nbs 2>/dev/null || true)
nbdev_export
after=$(git status --porcelain -- sst_nb nbs 2>/dev/null || true)
if [ "$before" != "$after" ]; then
  echo "nbdev_export changed sst_nb/: the library is out of step with nbs/. Run nbdev_export and commit."; git status --porcelain -- sst_nb; exit 1
fi
python tools/make_readme.py --check
echo "== nbdev_test"
nbdev_test --n_workers 2
echo "== pytest"
rc=0; python -m pytest -q tests "$@" || rc=$?
if [ "$rc" -eq 5 ]; then echo "pytest collected no tests"; rc=0; fi
exit "$rc"
