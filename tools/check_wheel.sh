#!/usr/bin/env bash
# Install sst_nb as a user does: build the wheel, install it with NO extras into a fresh virtual environment that
# holds only what a Colab runtime has first (torch, torchvision), then import every module and run a tiny offline
# `segment`, the CLI demo and a bundled-dataset loader, from a folder with nothing beside it.
# Usage: bash tools/check_wheel.sh [WORKDIR]   (needs ./.venv from tools/setup.sh for the build)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}; mkdir -p "$work"; work=$(cd "$work" && pwd)
rm -rf "$work/dist" "$work/venv" "$work/run"; mkdir -p "$work/run"
.venv/bin/python -m build --wheel --outdir "$work/dist" . >"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }
whl=$(ls "$work"/dist/sst_nb-*.whl)
"${PYTHON:-python3}" -m venv "$work/venv"
pip="$work/venv/bin/pip"
quiet() { "$@" >"$work/pip.log" 2>&1 || { grep -v "^WARNING: Location" "$work/pip.log" | tail -20; echo "error: $*" >&2; exit 1; }; }
quiet "$pip" install -q --upgrade pip setuptools wheel
quiet "$pip" install -q torch torchvision          # a Colab runtime has these already
# the README's install line, as on Colab: sam2 without its CUDA extension and without a second torch in its build
quiet env SAM2_BUILD_CUDA=0 "$pip" install -q --no-build-isolation "$whl"
for unwanted in jupyterlab opencv-python-headless opencv-python nbdev; do
  if "$pip" show -q "$unwanted" >/dev/null 2>&1; then echo "error: the plain install pulled in $unwanted" >&2; exit 1; fi
done
cd "$work/run"
"$work/venv/bin/python" - <<'PY'
import importlib, pkgutil, sst_nb
mods = sorted(m.name for m in pkgutil.iter_modules(sst_nb.__path__, "sst_nb.") if not m.name.endswith("_modidx"))
for m in mods: importlib.import_module(m)
print(f"imported {len(mods)} modules: {', '.join(m.split('.')[1] for m in mods)}")
from sst_nb.examples import load_examples
from sst_nb.model import tiny_sam2
from sst_nb.segment import segment
from sst_nb.data import neon_beetles, butterfly_minor
ex = load_examples("beetle")
preds = segment(tiny_sam2(), ex.template, ex.images[:2], progress=False)
assert [p.mask.shape for p in preds] == [m.shape for m in map(__import__("sst_nb.io", fromlist=["load_mask"]).load_mask, ex.masks[:2])]
b, m = neon_beetles(), butterfly_minor()
assert b.subset and m.subset and all(s.mask_path.exists() for s in b.samples("all") + m.samples("all")), "bundled masks missing from the wheel"
print(f"segment on 2 examples: ok; {b}; {m}")
# the optional extras are absent here: what needs them says so in one line
import importlib.util, pandas as pd, numpy as np
from PIL import Image
from sst_nb.io import SSTInputError, save_mask
from sst_nb.collection import segment_collection
from sst_nb.data import decode_raw
assert importlib.util.find_spec("ray") is None and importlib.util.find_spec("rawpy") is None, "an optional extra was installed"
Image.fromarray(ex.template.image).save("t.jpg"); save_mask("t_mask.png", ex.template.mask)
table = pd.DataFrame({"image": ["t.jpg", str(ex.images[0])], "group": ["g", "g"], "mask": ["t_mask.png", ""]})
for f, needs in ((lambda: segment_collection(tiny_sam2(), table, "ray_out", engine="ray", progress=False, log=lambda *a: None), '"sst_nb[ray]"'),
                 (lambda: decode_raw("x.cr2", "x.png"), '"sst_nb[raw]"')):
    try: f(); raise SystemExit(f"no error without {needs}")
    except SSTInputError as e: assert needs in str(e), e
print("without the ray and raw extras: one clear line each")
# trackers: SAM 3 runs on the transformers that peft brings; EdgeTAM's RepViT needs timm (the detect extra) and says so
from sst_nb.trackers import tiny_tracker
assert importlib.util.find_spec("timm") is None, "timm was installed without the detect extra"
assert segment(tiny_tracker("facebook/sam3", 112), ex.template, ex.images[:1], progress=False)[0].mask.any()
try: tiny_tracker("facebook/EdgeTAM"); raise SystemExit("EdgeTAM built without timm")
except SSTInputError as e: assert 'needs timm: pip install "sst_nb[detect]"' in str(e), e
print("SAM 3 without extras: ok; EdgeTAM without timm: one clear line")
# trays: split, segment, paste back, measure; the zero-shot detector runs on the transformers that peft brings
from sst_nb.specimens import synthetic_tray
from sst_nb.photos import run_photos, measure_photos
from sst_nb.detect import ZeroShotDetector, tiny_owlv2
assert run_photos(tiny_sam2(), ex.template, [synthetic_tray(0)[0]], "trays_out", progress=False, log=lambda *a: None)["specimens"] == 3
assert len(measure_photos("trays_out", scale=7.3, progress=False)) == 3 * len(ex.template.traits)
assert ZeroShotDetector("beetle", model=tiny_owlv2(), threshold=0)(synthetic_tray(0)[0]), "the tiny detector found no box"
print("trays (--split), measure_photos and the tiny zero-shot detector: ok")
PY
"$work/venv/bin/sst" demo --tiny --out demo_out >demo.log 2>&1 || { cat demo.log; echo "error: sst demo failed" >&2; exit 1; }
test "$(ls demo_out/masks | wc -l)" -gt 0 && grep -q '"trained": false' demo_out/run.json || { echo "error: sst demo wrote no masks or no untrained mark" >&2; exit 1; }
echo "wheel check passed: $(basename "$whl") ($(du -h "$whl" | cut -f1)) in a fresh venv, no extras"
