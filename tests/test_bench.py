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
