#!/usr/bin/env bash
# Set up (idempotently) and run all tests: library in step with the notebooks, nbdev_test, pytest.
# `--no-setup` with SST_VENV=path: use that environment for this checkout instead of ./.venv (CI's step 2 runs in place this way,
# with the venv its step 1 made in a clone). SST_EXPECT_BUNDLED=1: fail unless the tests will read the bundled masks (a user's clone).
# `--data` (after --no-setup): only the notebooks and tests whose results depend on the trait-mask folder found
# (tools/data_notebooks.py); CI runs them on the full release after the whole suite ran on the bundled subset.
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
import os, sys
if os.environ.get("SST_EXPECT_BUNDLED") == "1" and not d.is_bundled(d.find_data_root()):
    sys.exit(f"SST_EXPECT_BUNDLED=1, but the tests would read {d.find_data_root()}: this is not a clone with nothing beside it")
PY
echo "== nbdev_export: library must match the notebooks"
before=$(git status --porcelain -- sst_nb nbs 2>/dev/null || true)
nbdev_export
after=$(git status --porcelain -- sst_nb nbs 2>/dev/null || true)
if [ "$before" != "$after" ]; then
  echo "nbdev_export changed sst_nb/: the library is out of step with nbs/. Run nbdev_export and commit."; git status --porcelain -- sst_nb; exit 1
fi
python tools/make_readme.py --check
if [ "${1:-}" = "--data" ]; then
  shift; nbs=$(python tools/data_notebooks.py); tests=$(python tools/data_notebooks.py --tests)
  [ -n "$nbs" ] || { echo "tools/data_notebooks.py found no notebook that reads the trait masks" >&2; exit 1; }
  echo "== nbdev_test, the notebooks that read the trait masks:" $nbs
  printf '%s\n' $nbs | xargs -P 2 -I{} nbdev_test --path {}   # two at a time; fails if one fails
  if [ -z "$tests" ]; then echo "== pytest: no test file reads the trait masks"; exit 0; fi
  set -- $tests "$@"
else
  echo "== nbdev_test"
  nbdev_test --n_workers 2
  set -- tests "$@"
fi
echo "== pytest"
rc=0; python -m pytest -q "$@" || rc=$?
if [ "$rc" -eq 5 ]; then echo "pytest collected no tests"; rc=0; fi
exit "$rc"
