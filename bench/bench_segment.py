"""Benchmark: SST independent mode vs the reference way (a fresh SAM2VideoPredictor state per [template, target] video).

    python bench/bench_segment.py --arch hiera_t --image-size 512 --targets 6
    python bench/bench_segment.py --memory        # peak RSS for 50 and 500 targets with tiny_sam2

Prints seconds per target for both and their ratio. `--arch hiera_t` builds sam2.1-hiera-tiny's architecture from
sam2's own config (randomly initialised: speed does not depend on the weights).

The speed-up depends on the architecture: sst_nb saves image-encoder passes, while memory attention and the mask
decoder (the same size in every SAM 2, and run once per trait) cost the same in both. `--arch hiera_l` is the model
of the paper's public implementation (SAM 2 hiera-large); hiera_s and hiera_b+ are also available."""
import argparse, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np, torch
from PIL import Image
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import make_model, ARCHS, first_traits
from sst_nb.io import load_image, Template
from sst_nb.examples import load_examples
from sst_nb.segment import segment, iter_segment, prepare_templates
from sst_nb.reference import reference_sst


def targets(n, size, folder):
    "n JPEG targets (the example specimens, resized to one size as sam2's predictor needs)."
    ex = load_examples("beetle"); paths = []
    for j in range(n):
        p = Path(folder) / f"t{j:04d}.jpg"
        Image.fromarray(load_image(ex.images[j % len(ex.images)])).resize(size).save(p, quality=95); paths.append(p)
    return ex, paths

def speed(a):
    model = make_model(a.arch, a.image_size, a.device)
    with tempfile.TemporaryDirectory() as d:
        ex, paths = targets(a.targets, load_examples("beetle").template.size, d)
        t = ex.template
        if a.traits: t = first_traits(t, a.traits)
        segment(model, t, paths[:1], progress=False); reference_sst(model, t, paths[:1])  # warm up
        t0 = time.perf_counter(); reference_sst(model, t, paths); ref = (time.perf_counter() - t0) / len(paths)
        res = {}
        t0 = time.perf_counter(); bank = prepare_templates(model, t); once = time.perf_counter() - t0  # the template, encoded once per run
        for bs in a.batch_sizes:
            t0 = time.perf_counter(); list(iter_segment(model, t, paths, batch_size=bs, progress=False, bank=bank)); res[bs] = (time.perf_counter() - t0) / len(paths)
    print(f"{model} on {a.device}, {len(paths)} targets, {len(t.trait_ids)} traits, torch threads={torch.get_num_threads()}")
    print(f"reference (fresh SAM2VideoPredictor per target): {ref:.3f} s/target")
    print(f"sst_nb: the template's one-off encoding {once:.3f} s per run")
    for bs, s in res.items():
        n = len(paths); am = s + once / n
        print(f"sst_nb independent, batch_size={bs}: {s:.3f} s/target   speed-up x{ref / s:.2f}   "
              f"(with the template's encoding spread over these {n} targets: {am:.3f} s/target, x{ref / am:.2f})")
    return dict(reference=ref, ours=res)

def peak_rss_child(n):
    "Run independent mode over n targets in a fresh process and report its peak RSS (MiB)."
    code = f"""
import resource, numpy as np
from sst_nb.io import load_image
from sst_nb.examples import load_examples
from sst_nb.model import tiny_sam2
from sst_nb.segment import iter_segment
ex = load_examples('beetle'); m = tiny_sam2()
imgs = [str(p) for p in ex.images] * ({n} // len(ex.images) + 1)
for p in iter_segment(m, ex.template, imgs[:{n}], progress=False): pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", default="hiera_t", choices=["tiny", *ARCHS]); ap.add_argument("--image-size", type=int, default=512)
    ap.add_argument("--targets", type=int, default=6); ap.add_argument("--device", default="cpu")
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=[1]); ap.add_argument("--memory", action="store_true")
    ap.add_argument("--traits", type=int, default=None, help="use only the template's first N traits (default: all 5)")
    a = ap.parse_args()
    if a.memory:
        r50, r500 = peak_rss_child(50), peak_rss_child(500)
        print(f"peak RSS, independent mode, tiny_sam2: 50 targets {r50:.0f} MiB, 500 targets {r500:.0f} MiB (ratio {r500 / r50:.2f})")
    else: speed(a)
