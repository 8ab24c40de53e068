"""Benchmark: one OC-CCL step of sst_nb vs a straightforward implementation that encodes all four frames every step.

    python bench/bench_occcl.py --arch hiera_t --image-size 512 --steps 4 --traits 1 5
    python bench/bench_occcl.py --epoch 100     # also time a whole epoch over 100 unlabelled images

Both run the same cycle and the same backward pass through the same LoRA adapters (sst_nb.occcl); they differ only in
which image features they compute per step. sst_nb encodes the template once per run and each unlabelled image once
(first epoch: one frame per step; later epochs: none); the straightforward way encodes x0, x1, x1', x0' every step.
`--arch hiera_t` builds sam2.1-hiera-tiny's architecture from sam2's config with random weights (speed does not
depend on the weights). Prints seconds per step and the ratios.

The speed-up depends on the architecture: sst_nb saves image-encoder passes, while memory attention and the mask
decoder (the same size in every SAM 2, and run once per trait) cost the same in both. `--arch hiera_l` is the model
of the paper's public implementation (SAM 2 hiera-large); hiera_s and hiera_b+ are also available."""
import sys, argparse, time
from pathlib import Path
import numpy as np, torch
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import make_model, ARCHS, first_traits
from sst_nb.io import load_image, Template
from sst_nb.examples import load_examples
from sst_nb.memory import encode_images, prompt_with_masks, track
from sst_nb.segment import close_cycle
from sst_nb.memory import trait_prompts
from sst_nb.occcl import add_lora, lora_parameters, cycle_loss, occcl_step, finetune_occcl


def straightforward_step(model, opt, x0_img, x1_img, prompts):
    "Encode x0, x1, x1', x0' (four image-encoder passes), then the same cycle, loss and update."
    K = prompts.shape[0]
    f0, f1, f1b, f0b = (encode_images(model, [im]).per_object(K) for im in (x0_img, x1_img, x1_img, x0_img))
    mem0, _ = prompt_with_masks(model, f0, prompts, store_dtype=None)
    fwd = track(model, f1, 1, 2, {0: mem0}).high_res_logits
    back = close_cycle(model, f1b, torch.sigmoid(fwd.float()), f0b, soft=True, store_dtype=None)
    loss = cycle_loss(back.high_res_logits, prompts, back.object_score); opt.zero_grad(); loss.backward(); opt.step()
    return loss.item()

def timed(fn, n):
    fn()  # warm-up
    t0 = time.perf_counter()
    for _ in range(n): fn()
    return (time.perf_counter() - t0) / n

def per_step(a, n_traits):
    model = add_lora(make_model(a.arch, a.image_size, a.device))
    opt = torch.optim.AdamW(lora_parameters(model).values(), lr=1e-5)
    ex = load_examples("beetle"); t = first_traits(ex.template, n_traits)
    x1_img = load_image(ex.images[1])
    prompts = trait_prompts(t.mask, t.trait_ids, model.image_size, model.device)
    f0 = encode_images(model, [t.image])
    base = timed(lambda: straightforward_step(model, opt, t.image, x1_img, prompts), a.steps)
    first = timed(lambda: occcl_step(model, opt, f0, prompts, encode_images(model, [x1_img])), a.steps)  # epoch 1: x1 encoded
    f1 = encode_images(model, [x1_img])
    cached = timed(lambda: occcl_step(model, opt, f0, prompts, f1), a.steps)                              # later epochs
    print(f"{model.name} on {a.device}, {n_traits} trait(s), torch threads={torch.get_num_threads()}")
    print(f"  straightforward (4 frames encoded per step): {base:.3f} s/step")
    print(f"  sst_nb, first epoch (x1 encoded once):       {first:.3f} s/step   speed-up x{base / first:.2f}")
    print(f"  sst_nb, later epochs (features cached):      {cached:.3f} s/step   speed-up x{base / cached:.2f}")
    print(f"  one epoch over {a.epoch_images} unlabelled images (estimate from the step times): straightforward "
          f"{base * a.epoch_images:.0f} s, sst_nb {first * a.epoch_images:.0f} s (first epoch), {cached * a.epoch_images:.0f} s (later epochs)")
    return base, first, cached

def epoch(a, n):
    "Time finetune_occcl for two epochs over n unlabelled images (the example beetles repeated)."
    model = make_model(a.arch, a.image_size, a.device)
    ex = load_examples("beetle"); t = first_traits(ex.template, a.traits[-1])
    pool = [str(p) for p in ex.images[1:]] * (n // 4 + 1)
    _, rec = finetune_occcl(model, t, pool[:n], epochs=2, progress=False)
    print(f"finetune_occcl, {n} unlabelled images, 2 epochs: {rec.seconds:.1f} s in all ({rec.seconds / (2 * n):.3f} s/step on average)")

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", default="hiera_t", choices=["tiny", *ARCHS]); ap.add_argument("--image-size", type=int, default=512)
    ap.add_argument("--device", default="cpu"); ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--traits", type=int, nargs="+", default=[1, 5], help="number of template traits (objects per cycle)")
    ap.add_argument("--epoch-images", type=int, default=100, help="epoch size for the per-epoch estimate")
    ap.add_argument("--epoch", type=int, default=0, help="also time finetune_occcl over this many unlabelled images (2 epochs)")
    a = ap.parse_args()
    torch.manual_seed(0)
    for n in a.traits: per_step(a, n)
    if a.epoch: epoch(a, a.epoch)
