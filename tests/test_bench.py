"Checks of the benchmark scripts: they run at a small scale and print their ratios (behaviour, not wall time)."
import subprocess, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]

def test_bench_segment_prints_ratio():
    r = subprocess.run([sys.executable, "bench/bench_segment.py", "--arch", "tiny", "--image-size", "128", "--targets", "2", "--batch-sizes", "1", "2"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "reference (fresh SAM2VideoPredictor per target)" in r.stdout
    assert r.stdout.count("speed-up x") == 2

def test_bench_occcl_prints_ratios():
    r = subprocess.run([sys.executable, "bench/bench_occcl.py", "--arch", "tiny", "--image-size", "128", "--steps", "1", "--traits", "2",
                        "--epoch", "4"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "straightforward (4 frames encoded per step)" in r.stdout
    assert r.stdout.count("speed-up x") == 2
    assert "finetune_occcl, 4 unlabelled images, 2 epochs" in r.stdout

def test_bench_retrieval_prints_ratio():
    r = subprocess.run([sys.executable, "bench/bench_retrieval.py", "--arch", "tiny", "--image-size", "128", "--pool", "2", "--traits", "1"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "two-video reference (SAM2VideoPredictor)" in r.stdout
    assert r.stdout.count("speed-up x") == 1

def test_bench_trays_prints_ratios():
    r = subprocess.run([sys.executable, "bench/bench_trays.py", "--arch", "tiny", "--image-size", "128", "--trays", "1"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "1 trays of 1242x924 px, 5 specimens" in r.stdout and "split_specimens alone:" in r.stdout
    assert r.stdout.count("the floor's time") == 3

def test_gpu_check_quick(tmp_path):
    "tools/gpu_check.sh --quick: every section runs on the CPU, the fp32 path equals sam2's predictor, and the tables are written."
    import json, os
    env = {**os.environ, "PYTHON": sys.executable}
    r = subprocess.run(["bash", "tools/gpu_check.sh", "--quick", "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
    assert r.returncode == 0, (r.stdout[-3000:], r.stderr[-3000:])
    res = json.loads((tmp_path / "gpu_check.json").read_text())
    assert res["exact_fp32"] is True and not res["errors"] and not res["skipped"], res
    s = res["sections"]
    ex = s["exactness"]["fp32_independent"]
    assert ex["max_logit_diff"] <= 1e-4 and ex["min_iou"] >= 0.999 and ex["empty_traits"] == 0, ex
    rows = s["throughput tiny"]
    assert {r["method"] for r in rows} == {"sst_nb independent", "sst_nb sequential", "sam2 predictor, fresh state per target", "sam2 predictor, one long video"}
    assert all(r["images_per_s"] > 0 for r in rows) and any(r["batch"] == "auto=1" for r in rows)   # off the GPU "auto" is 1
    assert s["occcl tiny"]["images"] == 2 and s["occcl tiny"]["s_per_step"] > 0
    assert s["compile tiny"]["backend"] == "eager" and len(s["retrieval tiny"]) == 2
    md = (tmp_path / "gpu_check.md").read_text()
    assert "fp32 within the CPU tolerances: **True**" in md and "## OC-CCL" in md and "## compile=True" in md

def test_gpu_check_quick_sweep(tmp_path):
    "tools/gpu_check.sh --quick --sweep: JPEG files decoded on the device and by Pillow, decoded arrays, the encoder, compile_model's gain and the ratios, on the CPU."
    import json, os
    r = subprocess.run(["bash", "tools/gpu_check.sh", "--quick", "--sweep", "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=900,
                       env={**os.environ, "PYTHON": sys.executable})
    assert r.returncode == 0, (r.stdout[-3000:], r.stderr[-3000:])
    res = json.loads((tmp_path / "gpu_check.json").read_text()); s = res["sections"]
    assert not res["errors"] and not res["skipped"], res
    assert {x["input"] for x in s["sweep tiny"]} == {"JPEG files", "JPEG files (Pillow, baseline)", "decoded arrays", "image encoder only"}
    assert [x["compiled"] for x in s["gain tiny"]] == [False, "eager"] and all(x["images_per_s"] > 0 for x in s["gain tiny"])
    assert {x["ratio"] for x in s["ratios"]} >= {"JPEG files / JPEG files with Pillow", "compiled / not compiled"}
    assert "## Ratios" in (tmp_path / "gpu_check.md").read_text()

def test_gpu_check_needs_sam2_or_wheels(tmp_path):
    "Without sam2 and without wheels the check says what to do in one line (exit 2), before importing anything."
    py = tmp_path / "python3"; py.write_text("#!/bin/sh\nexit 1\n"); py.chmod(0o755)   # a Python on which every import fails
    import os
    r = subprocess.run(["bash", "tools/gpu_check.sh", "--quick"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                       env={**os.environ, "PYTHON": str(py), "SST_WHEELS": str(tmp_path / "none")})
    assert r.returncode == 2 and "run tools/gpu_wheels.sh" in r.stderr, r.stderr

def test_bench_collection_prints_ratio():
    r = subprocess.run([sys.executable, "bench/bench_collection.py", "--images", "8", "--size", "128", "--ray"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "Ray, 2 actors" in r.stdout and "2 shards side by side" in r.stdout and "(x" in r.stdout and "after `sst merge`: the same 40 rows" in r.stdout, r.stdout

def test_gpu_sweep_targets():
    "Issue 23's GPU targets, as gpu_check --sweep reports them: hiera-L's pipeline as a share of its encoder at batch >= 8, hiera-t in images/s."
    sys.path.insert(0, str(ROOT / "bench"))
    from gpu_check import sweep_targets
    row = lambda arch, inp, b, v: dict(arch=arch, input=inp, batch=b, images_per_s=v)
    L, T = "sam2.1_hiera_l(random, 1024px)", "sam2.1_hiera_t(random, 1024px)"
    rows = [row(L, "JPEG files", 4, 10), row(L, "image encoder only", 4, 100),              # batch 4: not a target
            row(L, "JPEG files", 8, 90), row(L, "decoded arrays", 8, 84), row(L, "image encoder only", 8, 100),
            row(T, "JPEG files", 8, 150), row(T, "JPEG files", 16, 210), row(T, "image encoder only", 8, 300)]
    t = sweep_targets(rows)
    assert [(r["arch"], r["input"], r["batch"], r["met"]) for r in t] == [
        (L, "JPEG files", 8, True), (L, "decoded arrays", 8, False), (T, "JPEG files", "best", True)]
    assert t[1]["share"] == 0.84 and t[2]["images_per_s"] == 210
    from gpu_check import PIL_INPUT, sweep_ratios   # Pillow's decoding is a baseline, a compiled run a comparison: neither is judged
    extra = [row(L, PIL_INPUT, 8, 40), {**row(L, "JPEG files", 8, 120), "compiled": "inductor"}, row(T, PIL_INPUT, 16, 400)]
    test = sweep_targets(rows + extra)
    assert [(r["input"], r["batch"], r["met"]) for r in test] == [(r["input"], r["batch"], r["met"]) for r in t] and test[2]["images_per_s"] == 210
    ratios = {(r["arch"], r["batch"], r["ratio"]): r["value"] for r in sweep_ratios(rows + extra)}
    assert ratios[(L, 8, "JPEG files / JPEG files with Pillow")] == 2.25 and ratios[(L, 8, "compiled / not compiled")] == 1.333
    assert ratios[(L, 8, "JPEG files / decoded arrays")] == round(90 / 84, 3) and ratios[(T, 8, "JPEG files / image encoder only")] == 0.5

def test_bench_trackers_prints_ratios():
    "bench_trackers: each backend against its own video pipeline, side by side in one run, with the speed-up and the masks' agreement."
    r = subprocess.run([sys.executable, "bench/bench_trackers.py", "--models", "tiny", "--image-size", "128", "--targets", "2", "--traits", "2"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.count("speed-up x") == 5, r.stdout[-2000:]
    rows = [[c.strip() for c in l.strip("|").split("|")] for l in r.stdout.splitlines() if l.split("|")[1:2] and l.split("|")[1].strip() in ("sam2", "efficienttam", "edgetam", "sam3")]
    assert sorted({row[0] for row in rows}) == ["edgetam", "efficienttam", "sam2", "sam3"], r.stdout[-2000:]   # every backend, side by side
    assert all(float(row[-1]) >= 0.999 for row in rows), rows                                # our masks equal each backend's own pipeline
