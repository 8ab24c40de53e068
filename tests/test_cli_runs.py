"""`sst segment` as real processes: two runs on one folder (one is refused, naming the holder), a run killed with SIGKILL, then resumed
after its image folder moved, and after one finished image was replaced in place; a run resumed on another host (a recycled Colab
runtime) once the old lock has been silent for `LOCK_TIMEOUT`."""
import csv, json, os, re, shutil, signal, subprocess, sys, time
from pathlib import Path
import pytest
from sst_nb.cli import main
from sst_nb.runs import done_targets, LOCK_FILE, LOCK_TIMEOUT
from sst_nb.examples import load_examples

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGSTOP/SIGKILL")
SST = [sys.executable, "-c", "import sys; from sst_nb.cli import main; sys.exit(main())"]

@pytest.fixture
def data(tmp_path):
    "(template, mask, a folder with copies of the example specimens)."
    ex = load_examples("beetle"); root = ex.images[0].parent
    t0 = json.loads((root / "traits.json").read_text())["images"][0]
    imgs = tmp_path / "imgs"; imgs.mkdir()
    for p in ex.images: shutil.copy(p, imgs)
    return root / f"{t0}.jpg", root / f"{t0}_mask.png", imgs

def args(data, out, images=None):
    t, m, imgs = data
    return ["segment", "--tiny", "--template", str(t), "--mask", str(m), "--images", str(images or imgs), "--out", str(out)]

def wait_for(cond, proc, timeout=300):
    t0 = time.time()
    while not cond():
        assert proc.poll() is None, f"the run ended before the test could catch it: {proc.communicate()}"
        assert time.time() - t0 < timeout, "timed out"
        time.sleep(0.005)

def result(out):
    "What a run leaves: the CSV rows (sorted) and the masks."
    rows = sorted(tuple(r.values()) for r in csv.DictReader(open(out / "predictions.csv")))
    return rows, {q.name: q.read_bytes() for q in sorted((out / "masks").iterdir())}

def lock_written(out):
    try: return json.loads((out / LOCK_FILE).read_text())["pid"] > 0
    except (OSError, ValueError, KeyError): return False

def test_two_runs_one_folder(data, tmp_path, capsys):
    out = tmp_path / "out"
    a = subprocess.Popen(SST + args(data, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: lock_written(out), a)
        a.send_signal(signal.SIGSTOP)  # the first run holds the lock, mid-run, while the second starts
        b = subprocess.run(SST + args(data, out), capture_output=True, text=True, timeout=600)
    finally: a.send_signal(signal.SIGCONT)
    _, a_err = a.communicate(timeout=600)
    assert b.returncode == 2 and f"another sst run is writing here (pid {a.pid}" in b.stderr, b.stderr
    assert a.returncode == 0, a_err
    assert main(args(data, tmp_path / "ref")) == 0
    assert result(out) == result(tmp_path / "ref")

def test_killed_run_resumes(data, tmp_path, capsys):
    out, n = tmp_path / "out", len(list(data[2].iterdir()))
    a = subprocess.Popen(SST + args(data, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: (out / "masks").is_dir() and len(list((out / "masks").glob("*.png"))) >= 2, a)
    a.kill(); a.wait()
    done = len(done_targets(out, 5))  # complete: all rows and the mask
    assert 1 <= done < n and (out / LOCK_FILE).exists()
    # (a) the image folder moved: the finished targets are kept, and the result equals an uninterrupted run from the new place
    moved = data[2].rename(tmp_path / "moved"); capsys.readouterr()
    assert main(args(data, out, moved)) == 0
    said = capsys.readouterr().out
    assert "taking over the lock of a run that stopped" in said and f"{n - done} written" in said, said
    assert main(args(data, tmp_path / "ref", moved)) == 0
    assert result(out) == result(tmp_path / "ref")
    assert not [q for d in (out, out / "masks", out / "overlays") for q in d.iterdir() if q.name.startswith(".") and q.name not in (".sst.outputs",)]
    # (b) one finished image replaced in place by another photo: just that target is redone, its rows replaced
    victim = sorted(moved.iterdir())[0]; shutil.copy(data[0], victim); capsys.readouterr()
    assert main(args(data, out, moved)) == 0
    assert f"1 written, {n - 1} already done" in capsys.readouterr().out
    assert main(args(data, tmp_path / "ref2", moved)) == 0
    assert result(out) == result(tmp_path / "ref2")
    rows = list(csv.DictReader(open(out / "predictions.csv")))
    assert len(rows) == 5 * n and len([r for r in rows if r["name"] == victim.stem]) == 5

def test_resume_on_another_host(data, tmp_path, capsys):
    "A killed run's lock from another hostname (a recycled Colab runtime, another HPC node), or an empty one, is refused while fresh, taken over once silent."
    out = tmp_path / "out"
    a = subprocess.Popen(SST + args(data, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: lock_written(out), a); t0 = (out / LOCK_FILE).stat().st_mtime_ns
    wait_for(lambda: (out / LOCK_FILE).stat().st_mtime_ns > t0, a)  # the running process refreshes its lock as it writes targets
    a.kill(); a.wait()
    held = json.loads((out / LOCK_FILE).read_text()); held["host"] = "colab-runtime-that-is-gone"
    for text in (json.dumps(held), ""):  # another host's lock; a lock emptied by a kill between its create and its write
        (out / LOCK_FILE).write_text(text); capsys.readouterr()
        assert main(args(data, out)) == 2
        err = capsys.readouterr().err
        assert "another sst run is writing here" in err and re.search(r"last sign of life [0-5] s ago", err), err   # a loaded machine may take a second or more
        old = time.time() - LOCK_TIMEOUT - 60; os.utime(out / LOCK_FILE, (old, old))
        assert main(args(data, out)) == 0
        said = capsys.readouterr().out
        assert "taking over the lock of a run that stopped" in said and "min ago" in said, said
        assert not (out / LOCK_FILE).exists()
    assert main(args(data, tmp_path / "ref")) == 0
    assert result(out) == result(tmp_path / "ref")

def test_glob_covering_out(data, tmp_path, capsys):
    "A recursive --images glob that covers --out: the second run leaves sst's own overlays out and has nothing to do."
    proj = data[2]; out = proj / "out"; glob = f"{proj}/**/*.jpg"
    assert main(args(data, out, glob)) == 0; capsys.readouterr()
    assert main(args(data, out, glob)) == 0
    said = capsys.readouterr().out
    assert "0 written" in said and "left out" in said, said

@pytest.fixture
def trays(tmp_path):
    "(template, mask, a folder of 6 photographs of 3 specimens each) for `sst segment --split`."
    import numpy as np
    from PIL import Image
    from sst_nb.io import save_mask
    from sst_nb.specimens import synthetic_tray, split_specimens
    disc = split_specimens(synthetic_tray()[0])[2]
    Image.fromarray(disc.image).save(tmp_path / "disc.png"); save_mask(tmp_path / "disc_mask.png", disc.footprint.astype(np.uint8))
    d = tmp_path / "trays"; d.mkdir()
    for k in range(6): Image.fromarray(synthetic_tray(k)[0]).save(d / f"tray_{k}.png")
    return tmp_path / "disc.png", tmp_path / "disc_mask.png", d

def split_result(out):
    "What a --split run leaves: the CSV rows of both tables (sorted) and every mask, crop and instance mask."
    rows = {f: sorted(tuple(r.values()) for r in csv.DictReader(open(out / f))) for f in ("predictions.csv", "photos.csv")}
    files = {str(q.relative_to(out)): q.read_bytes() for d in ("masks", "specimens", "photos/traits", "photos/specimens") for q in sorted((out / d).iterdir())}
    return rows, files

def test_split_run_killed_resumes(trays, tmp_path):
    "A --split run killed by SIGKILL after its first photograph resumes by photograph: the result equals an uninterrupted run's, no row twice."
    out = tmp_path / "out"
    a = subprocess.Popen(SST + args(trays, out) + ["--split"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def one_done():
        try: return len((out / "photos.csv").read_text().splitlines()) >= 2
        except OSError: return False
    wait_for(one_done, a); a.send_signal(signal.SIGKILL); a.wait()
    n = len((out / "photos.csv").read_text().splitlines()) - 1
    assert 1 <= n < 6, f"the kill came too late to test a resume ({n} photographs done)"
    b = subprocess.run(SST + args(trays, out) + ["--split"], capture_output=True, text=True, timeout=600)
    assert b.returncode == 0 and f"{n} already done" in b.stdout, b.stdout + b.stderr
    assert main(args(trays, tmp_path / "ref") + ["--split"]) == 0
    assert split_result(out) == split_result(tmp_path / "ref")
