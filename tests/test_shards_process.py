"""`sst segment --collection --shard i/3` as real processes: three shards side by side, one killed with SIGKILL after its first mask;
`sst merge` is refused, in one line naming that shard, until the shard is resumed; then the merged table and every mask equal those
of a single unsharded run. And `sst merge --partial` with a shard missing: what is there, marked as partial by the file's name."""
import csv, json, os, shutil, signal, subprocess, sys, time
from pathlib import Path
import pandas as pd, pytest
from sst_nb.cli import main
from sst_nb.collection import in_shard
from sst_nb.examples import load_examples

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
SST = [sys.executable, "-c", "import sys; from sst_nb.cli import main; sys.exit(main())"]
GROUPS, PER_GROUP = ("alpha", "beta"), 12

@pytest.fixture
def table(tmp_path):
    "A collection table: two groups of 12 copies of the example specimens each, a labelled template row per group."
    ex = load_examples("beetle"); root = ex.images[0].parent
    t0 = json.loads((root / "traits.json").read_text())["images"][0]
    photos = tmp_path / "photos"; photos.mkdir(); rows = []
    for g in GROUPS:
        shutil.copy(root / f"{t0}.jpg", photos / f"{g}_template.jpg"); shutil.copy(root / f"{t0}_mask.png", photos / f"{g}_template_mask.png")
        rows.append(dict(image=f"photos/{g}_template.jpg", group=g, mask=f"photos/{g}_template_mask.png"))
        for j in range(PER_GROUP):
            shutil.copy(ex.images[j % len(ex.images)], photos / f"{g}_{j}.jpg"); rows.append(dict(image=f"photos/{g}_{j}.jpg", group=g, mask=""))
    pd.DataFrame(rows).to_csv(tmp_path / "collection.csv", index=False)
    return tmp_path / "collection.csv"

def segment(table, out, *extra): return SST + ["segment", "--collection", str(table), "--tiny", "--out", str(out), *extra]

def result(out):
    "What a collection folder holds: the merged CSV rows (sorted) and every mask by group and name, shards or not."
    rows = sorted(tuple(r.values()) for r in csv.DictReader(open(out / "predictions.csv")))
    masks = {(g, q.name): q.read_bytes() for g in GROUPS for q in sorted((out / g).glob("**/masks/*.png"))}
    return rows, masks

def test_killed_shard_blocks_merge_until_resumed(table, tmp_path):
    out = tmp_path / "out"
    count = lambda i: sum(in_shard(f"{g}_{j}", (i, 3)) for g in GROUPS for j in range(PER_GROUP))
    victim = max(range(3), key=count)   # the shard with the most targets: still busy after its first mask
    masks = out / GROUPS[0] / f"shard-{victim}-of-3" / "masks"
    procs = {i: subprocess.Popen(segment(table, out, "--shard", f"{i}/3"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(3)}
    t0 = time.time()
    while not (masks.is_dir() and any(masks.glob("*.png"))):
        assert procs[victim].poll() is None, f"the shard ended before the test could kill it: {procs[victim].communicate()}"
        assert time.time() - t0 < 300, "timed out"
        time.sleep(0.005)
    procs[victim].send_signal(signal.SIGKILL); procs[victim].wait()
    for i, p in procs.items():
        if i != victim: o, e = p.communicate(timeout=600); assert p.returncode == 0, o + e
    done = len(list(masks.glob("*.png")))
    assert 1 <= done < count(victim), f"the kill came too late ({done} of {count(victim)} targets done)"
    m = subprocess.run(SST + ["merge", str(out)], capture_output=True, text=True, timeout=600)
    assert m.returncode == 2 and f"cannot merge: shard {victim}/3 stopped before it finished" in m.stderr, m.stdout + m.stderr
    assert len(m.stderr.strip().splitlines()) == 1 and "Traceback" not in m.stderr, m.stderr   # one line
    assert not (out / "predictions.csv").exists()
    r = subprocess.run(segment(table, out, "--shard", f"{victim}/3"), capture_output=True, text=True, timeout=600)   # resumed
    assert r.returncode == 0 and "taking over the lock of a run that stopped" in r.stdout, r.stdout + r.stderr
    m = subprocess.run(SST + ["merge", str(out)], capture_output=True, text=True, timeout=600)
    assert m.returncode == 0, m.stdout + m.stderr
    s = subprocess.run(segment(table, tmp_path / "single"), capture_output=True, text=True, timeout=600)   # one process, merged by itself
    assert s.returncode == 0, s.stdout + s.stderr
    got, want = result(out), result(tmp_path / "single")
    assert len(got[0]) == 5 * len(GROUPS) * PER_GROUP and len(got[1]) == len(GROUPS) * PER_GROUP
    assert got == want

def test_partial_merge(table, tmp_path, capsys):
    "`sst merge --partial` with shard 2/3 missing: the rows of shards 0 and 1 in predictions.partial.csv, no predictions.csv; then the full merge."
    out = tmp_path / "out"
    for i in (0, 1): assert main(segment(table, out, "--shard", f"{i}/3")[3:]) == 0
    capsys.readouterr()
    assert main(["merge", str(out)]) == 2
    err = capsys.readouterr().err
    assert "cannot merge: shard 2/3 has not run" in err and "--partial" in err, err
    assert main(["merge", str(out), "--partial"]) == 0
    said = capsys.readouterr()
    assert "predictions.partial.csv" in said.out + said.err and "shard 2/3 has not run" in said.out + said.err, said
    rows = list(csv.DictReader(open(out / "predictions.partial.csv")))
    assert {r["name"] for r in rows} == {f"{g}_{j}" for g in GROUPS for j in range(PER_GROUP) if not in_shard(f"{g}_{j}", (2, 3))}
    assert not (out / "predictions.csv").exists()
    assert main(segment(table, out, "--shard", "2/3")[3:]) == 0 and main(["merge", str(out)]) == 0
    assert len(list(csv.DictReader(open(out / "predictions.csv")))) == 5 * len(GROUPS) * PER_GROUP and not (out / "predictions.partial.csv").exists()
