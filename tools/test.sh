#!/usr/bin/env bash
# Set up (idempotently) and run all tests: library in step with the notebooks, nbdev_test, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
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
