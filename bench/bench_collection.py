"""Benchmark: a collection segmented by one process and by 2 shards running side by side (`sst segment --collection --shard i/2`).

    python bench/bench_collection.py --images 200 --ray

Builds a collection table of N synthetic specimens (the bundled beetles, resized) in 4 groups, each group with its own
labelled row, and runs the tiny model (untrained; speed only) through `sst segment --collection` as separate processes, as a
cluster job would. Prints targets per second for both and compares the merged predictions.csv files (the same rows; areas may
differ by a few pixels because the processes use different numbers of CPU threads). Run with the same thread count, shards give
exactly one process's file: nbs/10b_collection checks that."""
import argparse, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path
import pandas as pd
from PIL import Image
from sst_nb.io import load_image, save_mask
from sst_nb.examples import load_examples

SST = [sys.executable, "-c", "import sys; from sst_nb.cli import main; sys.exit(main())"]

def collection(d:Path, n:int, size:int) -> Path:
    ex, rows = load_examples("beetle"), []
    groups = ["alpha", "beta", "gamma", "delta"]
    for g in groups:
        Image.fromarray(ex.template.image).save(d / f"{g}_t.jpg"); save_mask(d / f"{g}_t_mask.png", ex.template.mask)
        rows.append(dict(image=f"{g}_t.jpg", group=g, mask=f"{g}_t_mask.png"))
    for j in range(n):
        p = d / f"s{j:05d}.jpg"; Image.fromarray(load_image(ex.images[j % len(ex.images)])).resize((size, size)).save(p, quality=90)
        rows.append(dict(image=p.name, group=groups[j % len(groups)], mask=""))
    pd.DataFrame(rows).to_csv(d / "collection.csv", index=False)
    return d / "collection.csv"

def run(cmds):
    "Start `cmds` side by side; seconds until the last one ends."
    env = {**os.environ, "OMP_NUM_THREADS": str(max(1, (os.cpu_count() or 2) // len(cmds)))}   # the cores shared out, as on a cluster node
    t0 = time.perf_counter(); ps = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env) for c in cmds]
    for p in ps:
        _, err = p.communicate()
        if p.returncode: sys.exit(f"failed: {err[-2000:]}")
    return time.perf_counter() - t0

if __name__ == "__main__":
    ap = argparse.ArgumentParser(); ap.add_argument("--images", type=int, default=200); ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--ray", action="store_true", help="also on a local Ray cluster with 2 actors (sst segment --collection --ray)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        d = Path(os.environ.get("SST_BENCH_DIR") or d); table = collection(d, a.images, a.size)
        base = SST + ["segment", "--collection", str(table), "--tiny"]   # batch 1 (the CPU default): the same batches in every shard, so the same numbers
        one = run([base + ["--out", str(d / "one")]])
        two = run([base + ["--out", str(d / "two"), "--shard", f"{i}/2"] for i in range(2)])
        subprocess.run(SST + ["merge", str(d / "two")], check=True, capture_output=True)
        on_ray = run([base + ["--out", str(d / "ray"), "--ray", "--workers", "2"]]) if a.ray else None
        x, y = pd.read_csv(d / "one" / "predictions.csv"), pd.read_csv(d / "two" / "predictions.csv")
        keys = ["group", "name", "trait_id"]
        if not x[keys].equals(y[keys]): sys.exit("the shards did not segment the same targets as one process")
        if a.ray and not x[keys].equals(pd.read_csv(d / "ray" / "predictions.csv")[keys]): sys.exit("Ray did not segment the same targets as one process")
        diff = (x.area_px - y.area_px).abs()
        print(f"{a.images} targets in 4 groups, tiny_sam2, {os.cpu_count()} CPU cores")
        print(f"1 process:             {one:.1f} s  {a.images / one:.1f} targets/s")
        print(f"2 shards side by side: {two:.1f} s  {a.images / two:.1f} targets/s  (x{one / two:.2f})")
        if a.ray: print(f"Ray, 2 actors:         {on_ray:.1f} s  {a.images / on_ray:.1f} targets/s  (x{one / on_ray:.2f}; Ray's overhead against one local process: {on_ray / one - 1:+.0%})")
        print(f"after `sst merge`: the same {len(x)} rows; trait areas equal in {(diff == 0).mean():.1%} of them, at most {int(diff.max())} px apart "
              f"({diff.max() / max(x.area_px.max(), 1):.2%}: one process used {os.cpu_count()} threads, each shard fewer, and float sums depend on that)")
