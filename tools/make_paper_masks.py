"""Rebuild sst_nb/paper_masks/: a small, attributed subset of the trait masks published with the SST paper,
laid out like the full release so that sst_nb.data reads either. Usage: python tools/make_paper_masks.py FULL_DATA_FOLDER"""
import json, shutil, sys
from pathlib import Path

N_MAJOR = 6      # train and test masks per Major subspecies
N_MINOR = 12     # Minor subspecies (all their masks)

def copy(src_root:Path, dst_root:Path, rel:str):
    (dst_root / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src_root / rel, dst_root / rel)

def main(src:Path, dst:Path):
    if dst.exists(): shutil.rmtree(dst)
    shutil.copytree(src / "neon_beetles", dst / "neon_beetles")                     # all 181 beetle masks: 1.3 MB
    b, db = src / "cambridge_butterfly", dst / "cambridge_butterfly"
    for sub in sorted(p.name for p in (b / "train_test_separate").iterdir() if p.is_dir()):
        for split in ("train", "test"):
            entries = [e for e in json.loads((b / "train_test_separate" / sub / f"{split}_data.json").read_text())
                       if (b / e[2]).exists()][:N_MAJOR]
            for e in entries: copy(b, db, e[2])
            out = db / "train_test_separate" / sub / f"{split}_data.json"
            out.parent.mkdir(parents=True, exist_ok=True); out.write_text(json.dumps(entries))
    minor = json.loads((b / "minor_species.json").read_text())
    keep = {k: v for k, v in sorted(minor.items()) if len(v) >= 3 and all((b / e[2]).exists() for e in v)}
    keep = dict(list(keep.items())[:N_MINOR])
    for v in keep.values():
        for e in v: copy(b, db, e[2])
    (db / "minor_species.json").write_text(json.dumps(keep))
    (dst / "README.md").write_text(README)
    (dst / "LICENSE").write_text(LICENSE)

README = """# A subset of the SST paper's trait masks

Hand-labelled trait masks published with *Static Segmentation by Tracking* (Feng et al. 2025, arXiv 2501.06749)
by the Imageomics Institute (https://github.com/Imageomics/SST, `data/`) under the MIT license (`LICENSE` here). Kept here so that
the dataset notebooks and tutorials run anywhere: all NEON beetle masks, the first 6 train and 6 test masks of each
Butterfly Major subspecies, and 12 Butterfly Minor subspecies. The full set: `sst_nb.data.fetch_masks(dest)`,
then `SST_DATA=dest`. Made by `tools/make_paper_masks.py`.

Citation for the photographs (not included; URLs inside the JSON files): Lawrence, Campolongo, Rosser (2024)
Heliconius Collection (Cambridge Butterfly) and the Zenodo collections listed in the SST repository; Fluck et al.
(2024) 2018 NEON ethanol-preserved ground beetles.
"""

LICENSE = """The trait masks in this folder: MIT License

Copyright (c) the authors of "Static Segmentation by Tracking" (Feng et al. 2025), Imageomics Institute;
published at https://github.com/Imageomics/SST (data/).

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit
persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the
Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parents[1] / "sst_nb" / "paper_masks")
