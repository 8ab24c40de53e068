"""Rebuild the bundled example set `sst_nb/examples/` from the SST paper's trait masks in ../shared/data.

Usage: python tools/make_examples.py [path/to/shared/data]
The masks are MIT-licensed (Imageomics Institute, SST paper); the photographs are synthetic (`render_specimen`).
"""
import json, sys
from pathlib import Path
import numpy as np
from PIL import Image
from scipy import ndimage
from sst_nb.io import save_mask, load_mask, resize_mask
from sst_nb.examples import render_specimen

data = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data")
out = Path(__file__).resolve().parents[1] / "sst_nb" / "examples"
attribution = {"masks": "Feng et al. 2025, Static Segmentation by Tracking (arXiv 2501.06749), trait masks by the Imageomics Institute, MIT license",
               "images": "synthetic, rendered by sst_nb.io.render_specimen from the masks; not photographs", "sources": {}}

def write(kind, names, masks, traits, wing_radius=0, body=(70, 45, 25)):
    d = out / kind; d.mkdir(parents=True, exist_ok=True)
    for i, (n, m) in enumerate(zip(names, masks)):
        wing = ndimage.binary_dilation(m > 0, iterations=wing_radius) if wing_radius else None
        Image.fromarray(render_specimen(m, seed=i, body_rgb=body, wing=wing)).save(d / f"{n}.jpg", quality=92)
        save_mask(d / f"{n}_mask.png", m)
    (d / "traits.json").write_text(json.dumps({"traits": traits, "images": names}, indent=1))

meta = json.loads((data / "neon_beetles/metadata.json").read_text())
paths = [p for p, s in zip(meta["mask_path"], meta["species"]) if s == "advena"][:6]
masks = [load_mask(data / "neon_beetles" / p) for p in paths]
names = [Path(p).stem for p in paths]
write("beetle", names, masks, {1: "head", 2: "pronotum", 3: "elytra", 4: "antenna", 5: "legs"})
attribution["sources"]["beetle"] = [f"neon_beetles/{p}" for p in paths]

root = data / "cambridge_butterfly/DataSet_Butterfly/Major_spefies_data/lativitta/pkl"
paths = sorted(root.glob("masks_*.png"))[:5]
masks = [resize_mask(load_mask(p), (320, 320)) for p in paths]
names = [p.stem.replace("masks_", "lativitta_") for p in paths]
write("butterfly", names, masks, {1: "hindwing bar (left)", 2: "forewing band (right)", 3: "forewing spot (left)",
      4: "forewing band (left)", 5: "hindwing bar (right)", 6: "forewing spot (right)", 7: "hindwing rays (left)",
      8: "hindwing rays (right)"}, wing_radius=14, body=(25, 20, 18))
attribution["sources"]["butterfly"] = [str(p.relative_to(data)) for p in paths]
(out / "ATTRIBUTION.json").write_text(json.dumps(attribution, indent=1))
print("wrote", out)
