"""The GPU check: everything the GPU path must show, in one command (run it through `tools/gpu_check.sh`).

    tools/gpu_check.sh            # on a GPU machine: under 8 minutes on one H100-class GPU
    tools/gpu_check.sh --quick    # anywhere (CI runs it on the CPU): the same code paths, small

Writes `gpu_check.json` and `gpu_check.md` under `--out` (default: $OUT, else bench/results/), after every section, so a
run that is stopped keeps what it measured. Sections:

1. the device;
2. exactness: the fp32 path against sam2's `SAM2VideoPredictor` on the same device (TF32 off for both), independent and
   sequential, batched against one target at a time; then bf16 against fp32, ours and sam2's (under the same autocast);
3. segmentation throughput (images/s, peak GPU memory) for sam2.1 hiera-tiny and hiera-large architectures (random
   weights: speed does not depend on them) at 1024 px, 1 and 5 traits, several batch sizes; against a fresh predictor per
   target (the paper's protocol run plainly) and one long video through sam2's predictor (how the authors' segment.py runs);
4. trait retrieval throughput; 5. OC-CCL seconds per step and per epoch; 6. `compile=True`: its one-off compile time and
   throughput.

`--sweep` instead: batch sizes with JPEG files (decode="device": on a GPU what "auto" does; on the CPU torchvision's decoder), JPEG files decoded by Pillow (the baseline),
decoded arrays and the image encoder alone; `compile_model` against no compile (hiera-L, 5 traits); the ratios; issue 23's targets.

The exit status is 1 when the fp32 exactness check fails (the numbers are written first)."""
import argparse, contextlib, json, os, platform, sys, tempfile, time, traceback
from pathlib import Path
import numpy as np, torch
from PIL import Image
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import make_model, first_traits
from sst_nb.io import load_image, Template, resize_mask
from sst_nb.examples import load_examples
from sst_nb.model import show_untrained_masks, compile_model, tiny_sam2
from sst_nb.memory import to_image_logits, index_mask, encode_images, pixel_batch
from sst_nb.segment import segment, iter_segment, prepare_templates, segment_batch_size, iou
from sst_nb.retrieval import rank_by_trait
from sst_nb.occcl import finetune_occcl
from sst_nb.reference import reference_sst

CPU_TOLERANCES = dict(max_logit_diff=1e-4, min_iou=0.999, min_agreement=0.999)  # those of 03_segment's proof on the CPU


def sync(dev):
    if dev.type == "cuda": torch.cuda.synchronize(dev)

def reset_peak(dev):
    if dev.type == "cuda": sync(dev); torch.cuda.empty_cache(); torch.cuda.reset_peak_memory_stats(dev)

def peak_gib(dev):
    return round(torch.cuda.max_memory_allocated(dev) / 2**30, 2) if dev.type == "cuda" else None

def build(arch, size, dev, precision="auto"):
    m = make_model(arch, size, dev)
    if arch != "tiny": show_untrained_masks(m)   # random weights draw nothing; this makes masks non-empty (speed is unchanged)
    m.precision = precision
    return m

def photos(n, size_wh, folder, template):
    "The template resized to `size_wh`, and `n` JPEG photos of that size made from the bundled beetles."
    ex = load_examples("beetle"); folder = Path(folder); paths = []
    for j in range(n):
        p = folder / f"t{j:05d}.jpg"
        if not p.exists(): Image.fromarray(load_image(ex.images[j % len(ex.images)])).resize(size_wh).save(p, quality=92)
        paths.append(str(p))
    t = template
    img = np.array(Image.fromarray(t.image).resize(size_wh))
    mask = resize_mask(t.mask, size_wh[::-1])
    return Template(img, mask, t.traits, t.name), paths

def agreement(model, preds, ref):
    "Ours against a reference [(ids, logits)]: largest logit difference, smallest per-trait IoU (non-empty masks), index-mask agreement."
    d, ious, agree, empty = 0.0, [], [], 0
    for p, (ids, logits) in zip(preds, ref):
        ours = to_image_logits(model, p.logits[:, None].to(logits.device), logits.shape[1:]).cpu(); logits = logits.cpu()
        d = max(d, float((ours - logits).abs().max()))
        for k in range(len(ids)):
            a, b = (ours[k] > 0).numpy(), (logits[k] > 0).numpy()
            if a.any() or b.any(): ious.append(iou(a, b))
            else: empty += 1
        agree.append(float((p.mask == index_mask(logits, ids)).mean()))
    return dict(max_logit_diff=d, min_iou=min(ious) if ious else None, mean_iou=float(np.mean(ious)) if ious else None,
                min_agreement=min(agree), empty_traits=empty)

def within(stats):
    return (stats["max_logit_diff"] <= CPU_TOLERANCES["max_logit_diff"] and (stats["min_iou"] or 1) >= CPU_TOLERANCES["min_iou"]
            and stats["min_agreement"] >= CPU_TOLERANCES["min_agreement"])

def as_reference(model, preds):
    "Predictions as a reference [(ids, logits at image size)] for `agreement`."
    return [(list(q.traits), to_image_logits(model, q.logits[:, None], q.mask.shape)) for q in preds]



def cols(spec:str) -> list:
    "`'heading=key, ...'` -> [(heading, key)]"
    return [tuple(x.strip().split("=")) for x in spec.split(",")]

TABLES = [  # (section-name prefix, title, columns): the markdown tables, from the sections' rows
    ("throughput", "Segmentation throughput", cols("model=arch, traits=traits, method=method, batch=batch, bf16=bf16, images/s=images_per_s, "
                                                   "peak GPU GiB=peak_gib, x fresh predictor=vs_fresh")),
    ("retrieval", "Trait retrieval", cols("model=arch, traits=traits, batch=batch, images/s=images_per_s, peak GPU GiB=peak_gib")),
    ("occcl", "OC-CCL", cols("model=arch, traits=traits, images=images, s/step=s_per_step, epoch of 100 images (s)=epoch_of_100_s, peak GPU GiB=peak_gib")),
    ("compile", "compile=True", cols("model=arch, backend=backend, first batch incl. compile (s)=first_batch_s, batch=batch, images/s=images_per_s, peak GPU GiB=peak_gib")),
    ("sweep", "Batch sweep (5 traits)", cols("model=arch, input=input, batch=batch, images/s=images_per_s, peak GPU GiB=peak_gib")),
    ("profile", "Profile (decoded targets, 5 traits)", cols("model=arch, batch=batch, images=images, wall s (profiled)=wall_s, GPU kernel time s=gpu_busy_s")),
    ("gain", "compile_model's gain (5 traits, JPEG files)", cols("model=arch, compiled=compiled, first batch incl. compile (s)=first_batch_s, batch=batch, images/s=images_per_s, peak GPU GiB=peak_gib")),
    ("ratios", "Ratios (from the sweep and the compile gain)", cols("model=arch, batch=batch, ratio=ratio, value=value")),
    ("targets", "Issue 23 targets (from the sweep: the pipeline as a share of the image encoder alone)",
     cols("model=arch, input=input, batch=batch, images/s=images_per_s, encoder only images/s=encoder_per_s, share=share, target=target, met=met")),
    ("auto", "batch_size=\"auto\" (JPEG files, 5 traits)", cols("model=arch, batch=batch, images/s=images_per_s, peak GPU GiB=peak_gib")),
]

PIL_INPUT = "JPEG files (Pillow, baseline)"   # decode="pil": what decode="auto" replaces on a GPU; a baseline, not judged by the targets

def sweep_ratios(rows:list) -> list:
    """Issue 23's ratios from the sweep's and the compile gain's rows, per model and batch: JPEG files (decoded on the GPU) against Pillow's
    decoding and against decoded arrays, the pipeline against the image encoder alone, compiled against not compiled."""
    val = {(r["arch"], r["batch"], r["input"], r.get("compiled", False)): r["images_per_s"] for r in rows}
    pairs = [("JPEG files / JPEG files with Pillow", ("JPEG files", False), (PIL_INPUT, False)),
             ("JPEG files / decoded arrays", ("JPEG files", False), ("decoded arrays", False)),
             ("JPEG files / image encoder only", ("JPEG files", False), ("image encoder only", False)),
             ("decoded arrays / image encoder only", ("decoded arrays", False), ("image encoder only", False))]
    out = []
    for arch, b in dict.fromkeys((r["arch"], r["batch"]) for r in rows):
        for name, x, y in pairs:
            if (arch, b, *x) in val and (arch, b, *y) in val: out.append(dict(arch=arch, batch=b, ratio=name, value=round(val[(arch, b, *x)] / val[(arch, b, *y)], 3)))
        comp = [v for (ar, bb, i, c), v in val.items() if (ar, bb, i) == (arch, b, "JPEG files") and c]
        if comp and (arch, b, "JPEG files", False) in val:
            out.append(dict(arch=arch, batch=b, ratio="compiled / not compiled", value=round(comp[0] / val[(arch, b, "JPEG files", False)], 3)))
    return out

def sweep_targets(rows:list, min_batch:int=8, share:float=0.85, share_arch:str="hiera_l", tiny_arch:str="hiera_t", tiny_rate:float=200) -> list:
    """Issue 23's targets from the sweep's rows: for `share_arch`, at every batch >= `min_batch`, the pipeline (JPEG files and decoded arrays, 5 traits)
    at >= `share` of the image encoder alone; the hiera-t pipeline at >= `tiny_rate` images/s from JPEG files at its best batch."""
    enc = {(r["arch"], r["batch"]): r["images_per_s"] for r in rows if r["input"] == "image encoder only"}
    out = []
    for r in rows:
        if (share_arch not in r["arch"] or r["input"] in ("image encoder only", PIL_INPUT) or r.get("compiled") or r["batch"] < min_batch
            or (r["arch"], r["batch"]) not in enc): continue
        e = enc[(r["arch"], r["batch"])]
        out.append(dict(arch=r["arch"], input=r["input"], batch=r["batch"], images_per_s=r["images_per_s"], encoder_per_s=e,
                        share=round(r["images_per_s"] / e, 3), target=f">= {share:.0%} of encoder", met=r["images_per_s"] >= share * e))
    best = max((r["images_per_s"] for r in rows if tiny_arch in r["arch"] and r["input"] == "JPEG files" and not r.get("compiled")), default=None)
    if best is not None:
        out.append(dict(arch=next(r["arch"] for r in rows if tiny_arch in r["arch"]), input="JPEG files", batch="best", images_per_s=best,
                        encoder_per_s=None, share=None, target=f">= {tiny_rate:g} images/s", met=best >= tiny_rate))
    return out

def table(title, columns, rows) -> list:
    "A markdown table's lines."
    return ([f"## {title}", "", "| " + " | ".join(h for h, _ in columns) + " |", "|" + "---|" * len(columns)]
            + ["| " + " | ".join(str(r.get(k, "")) for _, k in columns) + " |" for r in rows] + [""])


class Check:
    def __init__(self, a):
        self.a, self.t0, self.out = a, time.perf_counter(), Path(a.out)
        self.dev = torch.device(a.device or ("cuda" if torch.cuda.is_available() else "cpu"))
        self.res = dict(quick=a.quick, sections={}, skipped=[], errors={})
        self.out.mkdir(parents=True, exist_ok=True)

    def elapsed(self): return time.perf_counter() - self.t0
    def save(self):
        self.res["seconds"] = round(self.elapsed(), 1)
        for name, text in (("gpu_check.json", json.dumps(self.res, indent=1, default=str)), ("gpu_check.md", self.markdown())):
            tmp = self.out / (name + ".tmp"); tmp.write_text(text); os.replace(tmp, self.out / name)

    def section(self, name, fn, need=0):
        "Run one section; an exception is recorded (with its traceback on stderr) and the check goes on; skipped when out of time."
        if self.elapsed() + need > self.a.budget:
            self.res["skipped"].append(f"{name} (time budget of {self.a.budget} s)"); print(f"[skip] {name}: out of time"); return
        print(f"[{self.elapsed():6.1f} s] {name}", flush=True)
        try: self.res["sections"][name] = fn()
        except Exception as e:
            traceback.print_exc(); self.res["errors"][name] = f"{type(e).__name__}: {e}"
        finally:
            if self.dev.type == "cuda": torch.cuda.empty_cache()
        self.save()

    @contextlib.contextmanager
    def setup(self, arch, n):
        "A model of `arch` (random weights) and `n` JPEG photos with the template resized to them, in a temporary folder."
        model = build(arch, self.a.size, self.dev)
        with tempfile.TemporaryDirectory() as d:
            t, paths = photos(n, self.a.photo, d, load_examples("beetle").template)
            yield model, t, paths

    # 1
    def device(self):
        d = dict(torch=torch.__version__, python=platform.python_version(), device=str(self.dev))
        try:
            import sam2; d["sam2"] = getattr(sam2, "__version__", "installed")
        except ImportError: pass
        if self.dev.type == "cuda":
            p = torch.cuda.get_device_properties(self.dev)
            d.update(name=p.name, memory_gib=round(p.total_memory / 2**30, 1), capability=list(torch.cuda.get_device_capability(self.dev)),
                     bf16=torch.cuda.get_device_capability(self.dev)[0] >= 8, cuda=torch.version.cuda)
        else: d.update(name=platform.processor() or "CPU", threads=torch.get_num_threads())
        return d

    # 2
    def exactness(self):
        a, dev = self.a, self.dev
        tf32 = torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32
        torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False   # strict fp32 for both sides
        try:
            model = build(a.exact_arch, a.size, dev, precision="fp32")
            ex = load_examples("beetle")
            with tempfile.TemporaryDirectory() as d:
                t, paths = photos(3, a.photo, d, ex.template)
                tframe = Path(d) / "template.jpg"; Image.fromarray(t.image).save(tframe, quality=95)
                t = Template(load_image(tframe), t.mask, t.traits, t.name)   # the template as sam2's loader reads it
                r = dict(model=model.name, tolerances=CPU_TOLERANCES, tf32=False, decode="pil")   # sam2 reads its frames with Pillow: so do we here
                ours = segment(model, t, paths, keep_logits=True, batch_size=3, progress=False, decode="pil")
                r["fp32_independent"] = agreement(model, ours, reference_sst(model, t, paths, template_frames=[tframe]))
                seq = segment(model, t, paths, mode="sequential", keep_logits=True, progress=False, decode="pil")
                r["fp32_sequential"] = agreement(model, seq, reference_sst(model, t, paths, sequential=True, template_frames=[tframe]))
                one = segment(model, t, paths, keep_logits=True, batch_size=1, progress=False, decode="pil")
                r["fp32_batch3_vs_batch1"] = agreement(model, ours, as_reference(model, one))
                r["fp32_pass"] = all(within(r[k]) for k in ("fp32_independent", "fp32_sequential"))
                # JPEG files decoded on the device (nvJPEG on a GPU) against Pillow's: decoder and resize rounding, not judged by the tolerances
                r["fp32_decode_device_vs_pil"] = agreement(model, segment(model, t, paths, keep_logits=True, batch_size=3, progress=False, decode="device"),
                                                           as_reference(model, ours))
                if dev.type == "cuda" and torch.cuda.get_device_capability(dev)[0] >= 8:
                    model.precision = "bf16"
                    b16 = segment(model, t, paths, keep_logits=True, batch_size=3, progress=False, decode="pil")
                    r["bf16_vs_fp32_ours"] = agreement(model, b16, as_reference(model, ours))
                    r["bf16_ours_vs_bf16_sam2"] = agreement(model, b16, reference_sst(model, t, paths, template_frames=[tframe]))
                else: r["bf16"] = "not run: no CUDA GPU with native bf16"
        finally:
            torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = tf32
        self.res["exact_fp32"] = r["fp32_pass"]
        return r

    # 3
    def ours(self, model, t, paths, bs, mode="independent", decode="auto"):
        dev, bank = self.dev, prepare_templates(model, t)
        b = segment_batch_size(model, bank) if bs == "auto" else bs
        kw = dict(mode=mode, batch_size=b, bank=bank, progress=False, decode=decode)
        for _ in iter_segment(model, t, paths[:max(b, 2)], **kw): pass   # warm-up at this shape
        reset_peak(dev); t0 = time.perf_counter()
        n = sum(1 for _ in iter_segment(model, t, paths, **kw))
        sync(dev); s = time.perf_counter() - t0
        return dict(method=f"sst_nb {mode}", batch=f"auto={b}" if bs == "auto" else b, images=n, images_per_s=round(n / s, 2), peak_gib=peak_gib(dev))

    def baseline(self, model, t, paths, long_video):
        dev = self.dev
        reference_sst(model, t, paths[:1], sequential=long_video)   # warm-up
        reset_peak(dev); t0 = time.perf_counter()
        reference_sst(model, t, paths, sequential=long_video); sync(dev); s = time.perf_counter() - t0
        return dict(method="sam2 predictor, one long video" if long_video else "sam2 predictor, fresh state per target",
                    batch=1, images=len(paths), images_per_s=round(len(paths) / s, 2), peak_gib=peak_gib(dev))

    def throughput(self, arch):
        a, rows = self.a, []
        with self.setup(arch, a.targets) as (model, t5, paths):
            for k in a.traits:
                t = first_traits(t5, k)
                base = dict(arch=model.name, traits=k, bf16=model.bf16)
                fresh = self.baseline(model, t, paths[:a.ref_targets], long_video=False); rows.append({**base, **fresh})
                rows.append({**base, **self.baseline(model, t, paths[:a.long_targets], long_video=True)})
                for bs in a.batch_sizes:
                    bs = bs if bs == "auto" else int(bs)
                    r = self.ours(model, t, paths if bs != 1 else paths[:a.ref_targets * 2], bs)
                    rows.append({**base, **r, "vs_fresh": round(r["images_per_s"] / fresh["images_per_s"], 2)})
                    print(f"   {model.name} {k} trait(s) batch {r['batch']}: {r['images_per_s']} images/s (x{rows[-1]['vs_fresh']} a fresh predictor)", flush=True)
                if k == max(a.traits):
                    r = self.ours(model, t, paths, "auto", mode="sequential"); rows.append({**base, **r, "vs_fresh": round(r["images_per_s"] / fresh["images_per_s"], 2)})
                    if model.bf16:   # the same, in fp32
                        model.precision = "fp32"; r = self.ours(model, t, paths, "auto"); model.precision = "auto"
                        rows.append({**base, **r, "bf16": False, "vs_fresh": round(r["images_per_s"] / fresh["images_per_s"], 2)})
        return rows

    # 4
    def retrieval(self, arch):
        a, dev, rows = self.a, self.dev, []
        with self.setup(arch, a.pool) as (model, t, paths):
            rank_by_trait(model, t, t.trait_ids[0], paths[:2], progress=False)   # warm-up
            for bs in ("auto", 1):
                reset_peak(dev); t0 = time.perf_counter()
                rank_by_trait(model, t, t.trait_ids[0], paths, batch_size=bs, progress=False); sync(dev); s = time.perf_counter() - t0
                rows.append(dict(arch=model.name, traits=1, batch=bs, images=len(paths), images_per_s=round(len(paths) / s, 2), peak_gib=peak_gib(dev)))
        return rows

    # 5
    def occcl(self, arch):
        a, dev = self.a, self.dev
        with self.setup(arch, a.occcl_images) as (model, t, paths):
            reset_peak(dev)
            _, rec = finetune_occcl(model, t, paths, epochs=1, progress=False)
        steps = len(rec.steps)
        return dict(arch=model.name, traits=len(t.trait_ids), images=len(paths), epoch_s=round(rec.seconds, 2),
                    s_per_step=round(rec.seconds / steps, 4), epoch_of_100_s=round(rec.seconds / steps * 100, 1), peak_gib=peak_gib(dev))

    # 6
    def compiled(self, arch):
        a, dev = self.a, self.dev
        with self.setup(arch, a.targets) as (model, t, paths):
            compile_model(model, backend=a.compile_backend)
            t0 = time.perf_counter()   # the template, the batch-size probe and the first batch: each new shape is compiled once
            bank = prepare_templates(model, t); b = segment_batch_size(model, bank)
            for _ in iter_segment(model, t, paths[:b], batch_size=b, bank=bank, progress=False): pass
            sync(dev); first = time.perf_counter() - t0
            r = self.ours(model, t, paths, b)
        return dict(arch=model.name, backend=a.compile_backend, first_batch_s=round(first, 1), **r)

    # batch-size sweep: where the time goes as batches grow
    def sweep(self, arch):
        a, dev, rows = self.a, self.dev, []
        with self.setup(arch, a.targets) as (model, t, paths):
            arrays = [load_image(p) for p in paths]   # decoded beforehand: the reader only resizes
            for b in a.sweep_batches:
                r = self.ours(model, t, paths, b, decode="device"); rows.append(dict(arch=model.name, input="JPEG files", **r))   # as "auto" on a GPU; on the CPU its decoder
                print(f"   {model.name} JPEG batch {b}: {r['images_per_s']} images/s", flush=True)
                r = self.ours(model, t, paths, b, decode="pil"); rows.append(dict(arch=model.name, input=PIL_INPUT, **r))
                print(f"   {model.name} JPEG (Pillow) batch {b}: {r['images_per_s']} images/s", flush=True)
                r = self.ours(model, t, arrays, b); rows.append(dict(arch=model.name, input="decoded arrays", **r))
                print(f"   {model.name} arrays batch {b}: {r['images_per_s']} images/s", flush=True)
                x = pixel_batch(arrays[:b], model.image_size).to(dev)
                with torch.inference_mode():
                    encode_images(model, x); sync(dev); t0 = time.perf_counter()
                    for _ in range(4): encode_images(model, x)
                    sync(dev); s = (time.perf_counter() - t0) / 4
                rows.append(dict(arch=model.name, input="image encoder only", method="encode_images", batch=b, images=b, images_per_s=round(b / s, 2), peak_gib=None))
                print(f"   {model.name} encoder only batch {b}: {b / s:.1f} images/s", flush=True)
        return rows

    # compile_model against the same model uncompiled (5 traits, JPEG files): its one-off compile time and its gain
    def compile_gain(self, arch):
        a, dev, rows = self.a, self.dev, []
        b = a.compile_batch
        with self.setup(arch, a.targets) as (model, t, paths):
            r = self.ours(model, t, paths, b, decode="device"); rows.append(dict(arch=model.name, input="JPEG files", compiled=False, **r))
            print(f"   {model.name} not compiled, batch {b}: {r['images_per_s']} images/s", flush=True)
            compile_model(model, backend=a.compile_backend)
            t0 = time.perf_counter()   # the template and the first batch: each new shape is compiled once
            for _ in iter_segment(model, t, paths[:b], batch_size=b, progress=False, decode="device"): pass
            sync(dev); first = time.perf_counter() - t0
            r = self.ours(model, t, paths, b, decode="device")
            rows.append(dict(arch=model.name, input="JPEG files", compiled=a.compile_backend, first_batch_s=round(first, 1), **r))
            print(f"   {model.name} compiled ({a.compile_backend}, first batch {first:.1f} s), batch {b}: {r['images_per_s']} images/s", flush=True)
        return rows

    # where the time goes in one run of the pipeline, at two batch sizes (torch.profiler tables under --out)
    def profile(self, arch):
        from torch.profiler import profile as prof, ProfilerActivity
        a, dev, rows = self.a, self.dev, []
        with self.setup(arch, a.profile_images) as (model, t, paths):
            arrays = [load_image(p) for p in paths]
            bank = prepare_templates(model, t)
            for b in a.profile_batches:
                for _ in iter_segment(model, t, arrays[:b], batch_size=b, bank=bank, progress=False): pass
                acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if dev.type == "cuda" else [])
                sync(dev); t0 = time.perf_counter()
                with prof(activities=acts) as p:
                    for _ in iter_segment(model, t, arrays, batch_size=b, bank=bank, progress=False): pass
                    sync(dev)
                wall = time.perf_counter() - t0
                key = "self_cuda_time_total" if dev.type == "cuda" else "self_cpu_time_total"
                table = p.key_averages().table(sort_by=key, row_limit=15)
                cpu_table = p.key_averages().table(sort_by="self_cpu_time_total", row_limit=10)
                (self.out / f"profile_{arch}_b{b}.txt").write_text(f"{model.name}, batch {b}, {len(arrays)} decoded targets, {wall:.2f} s with the profiler\n\n{table}\n\n{cpu_table}\n")
                ev = p.key_averages()
                gpu_us = sum(getattr(e, "self_device_time_total", getattr(e, "self_cuda_time_total", 0)) for e in ev) if dev.type == "cuda" else None
                rows.append(dict(arch=model.name, batch=b, images=len(arrays), wall_s=round(wall, 2), gpu_busy_s=None if gpu_us is None else round(gpu_us / 1e6, 2)))
                print(f"   {model.name} batch {b}: {wall:.2f} s wall, GPU kernels {rows[-1]['gpu_busy_s']} s", flush=True)
        return rows

    def markdown(self):
        s, L = self.res["sections"], []
        dv = s.get("device", {})
        L += [f"# GPU check: {dv.get('name', '?')} ({dv.get('device', '?')})", "",
              f"torch {dv.get('torch')}, sam2 {dv.get('sam2')}, python {dv.get('python')}; {'quick' if self.res['quick'] else 'full'} run, "
              f"{self.res.get('seconds')} s", ""]
        ex = s.get("exactness")
        if ex:
            L += ["## Exactness", "", f"{ex['model']}; fp32 with TF32 off; tolerances (the CPU proof's): {ex['tolerances']}", "",
                  "| comparison | max logit diff | min IoU | mean IoU | min mask agreement | empty traits |", "|---|---|---|---|---|---|"]
            for k, v in ex.items():
                if isinstance(v, dict) and "min_agreement" in v and "empty_traits" in v:
                    f = lambda x, p=4: "-" if x is None else (f"{x:.2e}" if p == "e" else f"{x:.{p}f}")
                    L.append(f"| {k} | {f(v['max_logit_diff'], 'e')} | {f(v['min_iou'])} | {f(v['mean_iou'])} | {f(v['min_agreement'])} | {v['empty_traits']} |")
            L += ["", f"fp32 within the CPU tolerances: **{ex['fp32_pass']}**", ""]
        for prefix, title, cols in TABLES:
            rows = [r for k in s if k.startswith(prefix) for r in (s[k] if isinstance(s[k], list) else [s[k]])]
            if rows: L += table(title, cols, rows)
        if self.res["skipped"]: L += ["Skipped: " + "; ".join(self.res["skipped"]), ""]
        if self.res["errors"]: L += ["Errors: " + "; ".join(f"{k}: {v}" for k, v in self.res["errors"].items()), ""]
        return "\n".join(L)


def args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small, for the CPU (CI)")
    ap.add_argument("--out", default=os.environ.get("OUT") or "bench/results")
    ap.add_argument("--device", default=None, help="default: cuda if available, else cpu")
    ap.add_argument("--profile", action="store_true", help="only torch.profiler tables of the pipeline at two batch sizes, and batch_size='auto'")
    ap.add_argument("--sweep", action="store_true", help="only the batch-size sweep (where the time goes as batches grow: JPEG files decoded on the GPU "
                    "and by Pillow, decoded arrays, the image encoder alone), compile_model's gain, their ratios and issue 23's targets")
    ap.add_argument("--budget", type=float, default=450, help="seconds; later sections are skipped when it would be exceeded")
    a = ap.parse_args(argv)
    full = dict(archs=["hiera_t", "hiera_l"], exact_arch="hiera_t", size=1024, photo=(1536, 1024), traits=[1, 5], batch_sizes=[1, 8, 32, "auto"],
                targets=128, ref_targets=8, long_targets=32, pool=64, occcl_images=100, occcl_archs=["hiera_l"], compile_archs=["hiera_t", "hiera_l"],
                compile_backend="inductor", sweep_archs=["hiera_l", "hiera_t"], sweep_batches=[4, 8, 16, 32],
                profile_archs=["hiera_t"], profile_batches=[8, 32], profile_images=64, gain_archs=["hiera_l"], compile_batch=8)
    quick = dict(archs=["tiny"], exact_arch="tiny", size=256, photo=(320, 240), traits=[1, 5], batch_sizes=[1, 2, "auto"],
                 targets=6, ref_targets=2, long_targets=4, pool=4, occcl_images=2, occcl_archs=["tiny"], compile_archs=["tiny"], compile_backend="eager", sweep_archs=["tiny"], sweep_batches=[1, 2], profile_archs=["tiny"], profile_batches=[1, 2], profile_images=4, gain_archs=["tiny"], compile_batch=2)
    for k, v in (quick if a.quick else full).items(): setattr(a, k, v)
    return a

def main(argv=None):
    a = args(argv)
    c = Check(a)
    c.section("device", c.device)
    if a.profile:
        for arch in a.profile_archs: c.section(f"profile {arch}", lambda: c.profile(arch), need=20)
        def auto(arch):
            with c.setup(arch, a.targets) as (model, t, paths):
                return [dict(arch=model.name, **c.ours(model, t, paths, "auto"))]
        for arch in a.sweep_archs: c.section(f"auto {arch}", lambda: auto(arch), need=20)
        c.save(); print(c.markdown()); return 1 if c.res["errors"] else 0
    if a.sweep:
        for arch in a.sweep_archs: c.section(f"sweep {arch}", lambda: c.sweep(arch), need=30)
        for arch in a.gain_archs: c.section(f"gain {arch}", lambda: c.compile_gain(arch), need=150 if c.dev.type == "cuda" else 5)
        rows = [r for k, v in c.res["sections"].items() if k.startswith("sweep") for r in v]
        c.res["sections"]["ratios"] = sweep_ratios(rows + [r for k, v in c.res["sections"].items() if k.startswith("gain") for r in v])
        c.res["sections"]["targets"] = sweep_targets(rows, min_batch=min(8, max(a.sweep_batches)), **(dict(share_arch="tiny", tiny_arch="tiny") if a.quick else {}))
        c.save(); print(c.markdown())
        unmet = [t for t in c.res["sections"]["targets"] if not t["met"]]
        if unmet: print(f"FAILED: targets not met ({len(unmet)}): " + "; ".join(f"{t['arch']} {t['input']} batch {t['batch']}: {t['images_per_s']} images/s, {t['target']}" for t in unmet))
        return 1 if c.res["errors"] or (unmet and not a.quick) else 0   # --quick (tiny, CPU) only shows the report
    c.section("exactness", c.exactness)
    for arch in a.archs: c.section(f"throughput {arch}", lambda: c.throughput(arch), need=20)
    for arch in a.archs: c.section(f"retrieval {arch}", lambda: c.retrieval(arch), need=15)
    for arch in a.occcl_archs: c.section(f"occcl {arch}", lambda: c.occcl(arch), need=40)
    for arch in a.compile_archs: c.section(f"compile {arch}", lambda: c.compiled(arch), need=90 if c.dev.type == "cuda" else 5)
    c.save()
    print(c.markdown())
    print(f"written: {c.out / 'gpu_check.json'}, {c.out / 'gpu_check.md'}")
    if not c.res.get("exact_fp32"): print("FAILED: the fp32 path is not within the CPU tolerances of sam2's predictor (or its check did not run)"); return 1
    if c.res["errors"]: print(f"FAILED: {len(c.res['errors'])} section(s) raised: {list(c.res['errors'])}"); return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
