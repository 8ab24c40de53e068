"""Benchmark: each tracker backend with sst_nb's engine vs that backend's own video pipeline, side by side, on the CPU.

    python bench/bench_trackers.py                       # released architectures, random weights, 512 px
    python bench/bench_trackers.py --models tiny --image-size 256 --targets 2      # the tiny models (a smoke run)
    python bench/bench_trackers.py --device cuda --image-size 1024 --targets 16    # on a GPU machine (SAM 3 at 1022 px: 14's)
    PYTHONPATH=/path/to/EfficientTAM python bench/bench_trackers.py --official      # + EfficientTAM's GitHub package itself

Per model: images per second of SST independent mode the plain way (a fresh video predictor per [template, target] video,
frames as JPEG: `reference_sst`; for SAM 3 and EdgeTAM, transformers' own inference session per video: `sst_nb.sam3.transformers_video`,
`sst_nb.edgetam.edgetam_video`) and with sst_nb (`iter_segment`, the template encoded once per run, batch size 1), their
ratio, and the smallest per-trait IoU between the two (the same masks: >= 0.999). EfficientTAM's own pipeline is sam2's
`SAM2VideoPredictor` (EfficientTAM's `EfficientTAMVideoPredictor` is the same code); `--official` also runs the latter from the
GitHub package `efficient_track_anything` when it is importable, on the same weights. Random weights: speed does not
depend on them (`show_untrained_masks` keeps the masks non-empty so the IoU means something)."""
import argparse, sys, tempfile, time
from pathlib import Path
import numpy as np, torch
from PIL import Image
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import first_traits
from sst_nb.io import load_image, Template
from sst_nb.examples import load_examples
from sst_nb.model import SAM2Model, build_sam2_model, tiny_sam2, show_untrained_masks
from sst_nb.trackers import TRACKERS, build_efficienttam_model, tiny_efficienttam, tiny_efficienttam_overrides
from sst_nb.memory import to_image_logits
from sst_nb.segment import iter_segment, prepare_templates, iou
from sst_nb.reference import reference_sst, write_video
from sst_nb.io import SSTInputError
from sst_nb.sam3 import tiny_sam3_pair, sam3_from_transformers, transformers_video, sam3_transformers, sam3_image_size, show_untrained_sam3
from sst_nb.edgetam import (tiny_edgetam_pair, edgetam_from_transformers, edgetam_video, edgetam_transformers, edgetam_image_size,
                            edgetam_release_config)


def models(which:str, size:int, device="cpu"):
    "(backend, model, video) triples (video: the backend's own pipeline for `reference_sst`, None for sam2's predictor): the tiny ones, or the released architectures with random weights (seeded)."
    try: sam3_transformers(); sam3 = True
    except SSTInputError as e: print(f"sam3: skipped ({e})", flush=True); sam3 = False
    try: edgetam_transformers(); edgetam = True
    except SSTInputError as e: print(f"edgetam: skipped ({e})", flush=True); edgetam = False
    if which == "tiny":
        out = [("sam2", tiny_sam2(size, device=device), None), ("efficienttam", tiny_efficienttam("efficienttam_ti", size, device=device), None),
               ("efficienttam", tiny_efficienttam("efficienttam_ti_1", size, device=device), None)]
        if edgetam:
            hf, me = tiny_edgetam_pair(edgetam_image_size(size), device=device)
            out.append(("edgetam", me, edgetam_video(hf)))
        if sam3:
            hf, m3 = tiny_sam3_pair(sam3_image_size(size), device=device)
            out.append(("sam3", m3, transformers_video(hf)))
        return out
    out = []
    torch.manual_seed(0)
    out.append(("sam2", show_untrained_masks(build_sam2_model("sam2.1_hiera_t", None, device, [f"++model.image_size={size}"],
                                                              name=f"sam2.1_hiera_t(random, {size}px)", trained=False)), None))
    for v in ("efficienttam_ti_512x512", "efficienttam_s_512x512"):
        torch.manual_seed(0)
        ovr = [] if size == 512 else [f"++model.image_size={size}"]
        out.append(("efficienttam", show_untrained_masks(build_efficienttam_model(v, None, device, ovr, name=f"{v}(random, {size}px)", trained=False)), None))
    if edgetam:
        EdgeTamVideoModel, SE = edgetam_transformers()[1], max(256, size - size % 256)
        torch.manual_seed(0)
        hf = show_untrained_sam3(EdgeTamVideoModel(edgetam_release_config(SE)).to(device).eval())   # EdgeTAM as released, at this input size
        out.append(("edgetam", edgetam_from_transformers(hf, device, f"edgetam(random, {SE}px)", trained=False, postprocessing="sam2"), edgetam_video(hf)))
    if not sam3: return out
    Sam3TrackerVideoConfig, Sam3TrackerVideoModel = sam3_transformers()
    torch.manual_seed(0)
    S3 = sam3_image_size(size)
    hf = show_untrained_sam3(Sam3TrackerVideoModel(Sam3TrackerVideoConfig(image_size=S3)).to(device).eval())   # SAM 3's tracker as released, at this input size
    out.append(("sam3", sam3_from_transformers(hf, device, f"sam3(random, {S3}px)", trained=False, postprocessing="sam2"), transformers_video(hf)))
    return out

def official_twin(model:SAM2Model, variant:str, overrides:list) -> SAM2Model:
    "EfficientTAM's own EfficientTAMVideoPredictor (GitHub package) built from its yaml with `overrides`, holding `model`'s weights."
    import efficient_track_anything
    from omegaconf import OmegaConf
    from hydra.utils import instantiate
    root = Path(efficient_track_anything.__path__[0])
    cfg = OmegaConf.merge(OmegaConf.load(root / "configs" / "efficienttam" / f"{variant}.yaml"),
                          OmegaConf.from_dotlist([o.lstrip("+") for o in overrides + [
                              "model._target_=efficient_track_anything.efficienttam_video_predictor.EfficientTAMVideoPredictor",
                              "model.compile_image_encoder=false"]]))
    sam = instantiate(cfg.model, _recursive_=True)
    sam.load_state_dict(model.sam.state_dict(), strict=True)  # the same parameter names: our port's weights load as they are
    return SAM2Model(sam.eval(), f"official {variant}", model.device, False, model.postprocessing, backend="efficienttam")

def smallest_iou(model, preds, ref) -> float:
    "The smallest per-trait IoU between sst_nb's masks and the reference pipeline's."
    worst = 1.0
    for p, (ids, logits) in zip(preds, ref):
        ours = to_image_logits(model, p.logits[:, None], logits.shape[1:])
        for k in range(len(ids)): worst = min(worst, iou((ours[k] > 0).numpy(), (logits[k] > 0).numpy()))
    return worst

CLOCK = time.perf_counter  # --clock cpu: time.process_time, this process's CPU seconds (steadier on a shared machine)

def timed(fn):
    t0 = CLOCK(); out = fn(); return out, CLOCK() - t0

def run(a):
    ex = load_examples("beetle")
    rows = []
    with tempfile.TemporaryDirectory() as d:
        d = Path(d); paths = []
        for j in range(a.targets):
            p = d / f"t{j:04d}.jpg"; Image.fromarray(load_image(ex.images[j % len(ex.images)])).resize(ex.template.size).save(p, quality=95); paths.append(p)
        write_video([ex.template.image], d / "tmpl"); tframe = d / "tmpl" / "00000.jpg"
        t = Template(load_image(tframe), ex.template.mask, ex.template.traits)
        if a.traits: t = first_traits(t, a.traits)
        for backend, m, video in models(a.models, a.image_size, a.device):
            if a.backends and backend not in a.backends: continue
            pipelines = [("transformers' video pipeline" if backend in ("sam3", "edgetam") else "its own video pipeline" if backend != "sam2" else "sam2's video pipeline", m)]
            if a.official and backend == "efficienttam":
                variant = m.name.split("(")[1].split(",")[0] if m.name.startswith("tiny") else m.name.split("(")[0]
                ovr = tiny_efficienttam_overrides(a.image_size) if m.name.startswith("tiny") else ([] if a.image_size == 512 else [f"++model.image_size={a.image_size}"])
                pipelines.append(("efficient_track_anything's EfficientTAMVideoPredictor", official_twin(m, variant, ovr)))
            n_par = sum(p.numel() for p in m.sam.parameters()) / 1e6
            list(iter_segment(m, t, paths[:1], progress=False)); reference_sst(m, t, paths[:1], template_frames=[tframe], video=video)  # warm up
            bank, once = timed(lambda: prepare_templates(m, t))  # the template, encoded once per run
            preds, ours = timed(lambda: [p for p in iter_segment(m, t, paths, progress=False, bank=bank, keep_logits=True, decode="pil")])
            for label, ref_model in pipelines:
                ref, ref_s = timed(lambda: reference_sst(ref_model, t, paths, template_frames=[tframe], video=video))
                rows.append(dict(backend=backend, model=m.name, params=n_par, pipeline=label, ref=len(paths) / ref_s,
                                 ours=len(paths) / (ours + once), ratio=ref_s / (ours + once), iou=smallest_iou(m, preds, ref)))
                r = rows[-1]
                print(f"{r['model']} ({backend}, {n_par:.1f} M params): {label} {r['ref']:.3g} img/s | sst_nb {r['ours']:.3g} img/s "
                      f"(template encoding included) | speed-up x{r['ratio']:.2f} | smallest per-trait IoU {r['iou']:.4f}", flush=True)
    lines = [f"{len(paths)} targets of {ex.template.size[0]}x{ex.template.size[1]} px, {len(t.trait_ids)} traits, {a.image_size} px model input, "
             f"{a.device if a.device != 'cpu' else 'CPU'}, torch threads={torch.get_num_threads()}, {'CPU-time' if a.clock == 'cpu' else 'wall-clock'} img/s; random weights (speed only)", "",
             "| backend | model | M params | reference pipeline | reference img/s | sst_nb img/s | speed-up | smallest per-trait IoU |",
             "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['backend']} | {r['model']} | {r['params']:.1f} | {r['pipeline']} | {r['ref']:.3g} | {r['ours']:.3g} | x{r['ratio']:.2f} | {r['iou']:.4f} |" for r in rows]
    lines += ["", "Licences: " + "; ".join(TRACKERS[b].statement() for b in dict.fromkeys(r["backend"] for r in rows))]
    print("\n".join(lines))
    return rows, lines

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="released", choices=["released", "tiny"], help="released architectures (random weights) or the tiny models")
    ap.add_argument("--image-size", type=int, default=512); ap.add_argument("--targets", type=int, default=6)
    ap.add_argument("--traits", type=int, default=None, help="use only the template's first N traits (default: all 5)")
    ap.add_argument("--official", action="store_true", help="also time EfficientTAM's GitHub package (efficient_track_anything must be importable)")
    ap.add_argument("--clock", default="wall", choices=["wall", "cpu"], help="wall-clock time, or this process's CPU time (for a busy shared machine)")
    ap.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's choice)")
    ap.add_argument("--md", help="also write the table to this markdown file")
    ap.add_argument("--device", default="cpu", help="cpu, or cuda on a GPU machine (each model's default precision, the same on both sides)")
    ap.add_argument("--backends", nargs="*", help="only these backends (sam2 efficienttam edgetam sam3; default: all)")
    a = ap.parse_args()
    if a.clock == "cpu": CLOCK = time.process_time
    if a.threads: torch.set_num_threads(a.threads)
    rows, lines = run(a)
    if a.md: Path(a.md).write_text(f"# bench/bench_trackers.py {' '.join(sys.argv[1:])}\n" + "\n".join(lines) + "\n")
