"""Benchmark: photographs of several specimens (`sst segment --split`): what splitting, pasting back and the run folder cost
on top of segmenting the specimens themselves.

    python bench/bench_trays.py --arch hiera_t --image-size 512 --trays 4

Builds N trays of the bundled beetles (`example_tray`: 5 specimens and a ruler each, ~1242x924 px) and times, on the same
model (random weights: speed only):
  1. `segment` on the specimens' crops, cut beforehand (the floor: SST alone);
  2. `segment(..., split=True)`: split, segment, paste back, in memory;
  3. `run_photos`: the same into a run folder (crops, masks, overlays, photograph masks, CSV rows), as `sst segment --split`.
Prints specimens per second for each and the ratios to the floor, and the time of `split_specimens` alone per photograph."""
import argparse, sys, tempfile, time
from pathlib import Path
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ARCHS, make_model
from sst_nb.examples import load_examples
from sst_nb.segment import segment
from sst_nb.specimens import example_tray, split_specimens
from sst_nb.photos import run_photos

def timed(fn, repeat:int=1) -> float:
    "Best wall time of `repeat` calls of `fn`, seconds."
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter(); fn(); best = min(best, time.perf_counter() - t0)
    return best

def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", default="hiera_t", choices=["tiny", *ARCHS]); ap.add_argument("--image-size", type=int, default=512)
    ap.add_argument("--trays", type=int, default=4); ap.add_argument("--device", default="cpu")
    a = ap.parse_args(argv)
    model, template = make_model(a.arch, a.image_size, a.device), load_examples("beetle").template
    trays = [example_tray("beetle", seed=k)[0] for k in range(a.trays)]
    crops = [s.image for t in trays for s in split_specimens(t)]
    n = len(crops)
    print(f"{model.name} on {a.device}: {a.trays} trays of {trays[0].shape[1]}x{trays[0].shape[0]} px, {n} specimens")
    segment(model, template, crops[:1], progress=False)                                   # warm-up (first-call costs)
    t_split = timed(lambda: [split_specimens(t) for t in trays]) / a.trays
    t_floor = timed(lambda: segment(model, template, crops, progress=False))
    t_mem = timed(lambda: segment(model, template, trays, split=True, progress=False))
    with tempfile.TemporaryDirectory() as d:
        t_run = timed(lambda: run_photos(model, template, trays, Path(d) / "run", progress=False, log=lambda *x: None))
    print(f"split_specimens alone: {t_split * 1000:.0f} ms per photograph")
    for what, t in [("segment on the crops, cut beforehand (floor)", t_floor), ("segment(split=True): split, segment, paste", t_mem),
                    ("run_photos: the same into a run folder", t_run)]:
        print(f"{what}: {n / t:.2f} specimens/s, x{t / t_floor:.2f} the floor's time")

if __name__ == "__main__": main()
