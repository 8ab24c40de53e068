"""Benchmark: trait retrieval (`rank_by_trait`) vs the plain two-video implementation with sam2's SAM2VideoPredictor.

    python bench/bench_retrieval.py --arch hiera_t --image-size 512 --pool 6 --traits 1 2

The two-video way runs, per pool image, [x0, xi] then [xi, x0] (four image-encoder passes, and the template's memory
encoded again each time); sst_nb encodes the template once for the pool and each pool image once, for all traits.
Prints seconds per pool image for both and their ratio. `--arch hiera_t` is sam2.1-hiera-tiny's architecture with
random weights (speed does not depend on the weights).

The speed-up depends on the architecture: sst_nb saves image-encoder passes, while memory attention and the mask
decoder (the same size in every SAM 2, and run once per trait) cost the same in both. `--arch hiera_l` is the model
of the paper's public implementation (SAM 2 hiera-large); hiera_s and hiera_b+ are also available."""
import sys, argparse, tempfile, time
from pathlib import Path
import torch
from PIL import Image
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import make_model, ARCHS
from sst_nb.io import load_image
from sst_nb.examples import load_examples
from sst_nb.retrieval import rank_by_trait
from sst_nb.reference import reference_cycle


def speed(a, n_traits):
    model = make_model(a.arch, a.image_size, a.device)
    ex = load_examples("beetle"); t = ex.template; traits = t.trait_ids[:n_traits]
    with tempfile.TemporaryDirectory() as d:
        pool = []
        for j in range(a.pool):  # JPEG files of the template's size (sam2's predictor needs one size per video)
            p = Path(d) / f"p{j:04d}.jpg"; Image.fromarray(load_image(ex.images[1 + j % (len(ex.images) - 1)])).resize(t.size).save(p, quality=95); pool.append(str(p))
        rank_by_trait(model, t, traits, pool[:1], progress=False); reference_cycle(model, t, traits, pool[0])  # warm up
        t0 = time.perf_counter()
        for p in pool: reference_cycle(model, t, traits, p)
        ref = (time.perf_counter() - t0) / len(pool)
        t0 = time.perf_counter(); rank_by_trait(model, t, traits, pool, progress=False); whole = time.perf_counter() - t0
        t0 = time.perf_counter(); rank_by_trait(model, t, traits, pool[:1], progress=False); one = time.perf_counter() - t0
        ours, marginal = whole / len(pool), (whole - one) / max(len(pool) - 1, 1)  # marginal: without the template's one-off encoding
    print(f"{model} on {a.device}, pool of {len(pool)}, {len(traits)} trait(s), torch threads={torch.get_num_threads()}")
    print(f"  two-video reference (SAM2VideoPredictor): {ref:.3f} s/pool image")
    print(f"  sst_nb rank_by_trait:                     {ours:.3f} s/pool image   speed-up x{ref / ours:.2f}   "
          f"(each further pool image: {marginal:.3f} s, x{ref / marginal:.2f})")
    return ref, ours

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", default="hiera_t", choices=["tiny", *ARCHS]); ap.add_argument("--image-size", type=int, default=512)
    ap.add_argument("--pool", type=int, default=6); ap.add_argument("--device", default="cpu")
    ap.add_argument("--traits", type=int, nargs="+", default=[1, 2], help="numbers of traits scored in one pass")
    a = ap.parse_args()
    for n in a.traits: speed(a, n)
