"""Run folders received from someone else, then resumed and measured (`run_segment`, `run_photos`, `measure_folder`): hypothesis draws
tampering with a finished run folder (entries replaced by symbolic links to files and folders outside it, sst's own files edited with
garbage or cut short, a user's files dropped where sst would write), and checks the promises of a run folder:
(a) nothing outside the folder changes (link targets included), (b) no file sst did not create is overwritten or deleted,
(c) the outcome is success or an `SSTInputError` of one line, never another exception."""
import hashlib, os, re, shutil, tempfile
from pathlib import Path
import pytest, torch
from hypothesis import given, example, event, settings, strategies as st
from PIL import Image
from sst_nb.io import SSTInputError
from sst_nb.model import tiny_sam2
from sst_nb.examples import load_examples
from sst_nb.specimens import synthetic_tray
from sst_nb.runs import run_segment, OUTPUTS_FILE, LOCK_FILE
from sst_nb.photos import run_photos, measure_folder

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
quiet = lambda m: None
TMP = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.[^.]+")   # atomic_write's temporary names

class Base(dict):
    "The fixture's folders and how to resume each (a short repr in hypothesis' reports)."
    def __repr__(self): return f"Base({self['root']})"

@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """Two finished run folders with one target left to do each: `seg` (`run_segment`, 2 of 3 beetles) and `ph` (`run_photos`, 1 of 2 trays).
    A 64 px tiny model on one thread: the model's output does not matter here, and torch's threads on a busy 2-core machine cost 10x."""
    threads = torch.get_num_threads(); torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("base"); ex = load_examples("beetle"); model = tiny_sam2(image_size=64)
    imgs = root / "images"; imgs.mkdir()
    for p in ex.images[:3]: shutil.copy(p, imgs)
    imgs = sorted(imgs.iterdir())
    run_segment(model, ex.template, imgs[:2], root / "seg", progress=False, log=quiet)
    photos = root / "photos"; photos.mkdir(); tray = synthetic_tray()[0]
    Image.fromarray(tray).save(photos / "t1.png"); Image.fromarray(tray[:, ::-1]).save(photos / "t2.png")
    run_photos(model, ex.template, photos / "t1.png", root / "ph", progress=False, log=quiet)
    spec = sorted(q.stem for q in (root / "ph" / "specimens").iterdir())[0]
    yield Base(root=root,
                seg=dict(images=imgs, done=imgs[0].stem, todo=imgs[2].stem, run=lambda out: run_segment(model, ex.template, imgs, out, progress=False, log=quiet)),
                ph=dict(images=photos, done=spec, todo="t2", run=lambda out: run_photos(model, ex.template, photos, out, progress=False, log=quiet)))
    torch.set_num_threads(threads)

_ANY = ["predictions.csv", OUTPUTS_FILE, "run.json", "errors.txt", LOCK_FILE, "masks", "overlays", "masks/.{done}.png.abc12345.png"]
LINKABLE = {"seg": _ANY + ["masks/{done}.png"], "ph": _ANY + ["photos.csv", "specimens", "photos", "photos/traits", "specimens/{done}.png"]}
EDITABLE = {"seg": ["run.json", "predictions.csv", OUTPUTS_FILE], "ph": ["run.json", "predictions.csv", OUTPUTS_FILE, "photos.csv"]}
FOREIGN = {"seg": ["masks/{todo}.png", "overlays/{todo}.jpg", "masks/.{todo}.png.k2j4h6g8.png", "notes.txt", "masks/zzz.png"],
           "ph": ["photos/traits/{todo}.png", "photos/overlays/{todo}.jpg", "specimens/{todo}_s01.png", "masks/{todo}_s02.png",
                  "masks/.{todo}_s01.png.k2j4h6g8.png", "notes.txt", "photos/zzz.png"]}

garbage = st.one_of(st.binary(max_size=30), st.text(max_size=30).map(lambda t: t.encode("utf-8", "surrogatepass")),
                    st.sampled_from([b"[]", b"{}", b'{"format": 2}', b"null", b"1,2,3\n", b"a.jpg,a,x,y\n", b"\x00\x00\n", b'"\n',
                                     b"x,../../x,1,t,3,True,1,1,,False,True,,,\n", b"1 2 3 x", b"a,b;c d e f,2,1 2 3 4;x\n"]))
def actions(kind):
    link = st.tuples(st.just("link"), st.sampled_from(LINKABLE[kind]))
    edit = st.tuples(st.just("edit"), st.sampled_from(EDITABLE[kind]), st.sampled_from(["replace", "append", "truncate", "line", "field"]), garbage,
                     st.floats(0, 1), st.integers(0, 15))
    foreign = st.tuples(st.just("foreign"), st.sampled_from(FOREIGN[kind]), st.binary(max_size=8))
    return st.lists(st.one_of(link, edit, foreign), min_size=1, max_size=3)

cases = st.sampled_from(["seg", "ph"]).flatmap(lambda k: st.tuples(st.just(k), actions(k)))

def linked(out:Path, rel:str) -> bool:
    "Whether `out/rel` or a folder on the way is a symbolic link."
    parts = Path(rel).parts
    return any((out / Path(*parts[:k + 1])).is_symlink() for k in range(len(parts)))

def tree_hashes(*roots) -> dict:
    "{path: sha256} of every file under `roots` (the outside world of the run folder)."
    return {str(q): hashlib.sha256(q.read_bytes()).hexdigest() for r in roots for q in sorted(Path(r).rglob("*")) if q.is_file() and not q.is_symlink()}

def tamper(out:Path, outside:Path, kind:str, acts:list, names:dict) -> dict:
    "Apply `acts` to run folder `out`; returns {path: bytes} of the user's files planted in it."
    planted = {}
    for i, (what, rel, *args) in enumerate(acts):
        rel = rel.format(**names); q = out / rel
        if Path(rel).parent != Path(".") and linked(out, str(Path(rel).parent)): continue   # inside a folder already linked away
        if what == "link":
            if q.is_symlink(): continue
            target = outside / f"target{i}"
            if q.is_dir(): shutil.copytree(q, target); shutil.rmtree(q)
            elif q.exists(): shutil.copy(q, target); q.unlink()
            else: target.write_bytes(b"a file outside the run folder\n")
            q.parent.mkdir(parents=True, exist_ok=True); q.symlink_to(target, target_is_directory=target.is_dir())
        elif what == "edit":
            mode, junk, frac, k = args
            if q.is_symlink() or not q.is_file(): continue
            b = q.read_bytes(); lines = b.split(b"\n"); n = min(int(len(lines) * frac), len(lines) - 1)
            if mode == "replace": b = junk
            elif mode == "append": b = b + junk
            elif mode == "truncate": b = b[:int(len(b) * frac)]
            elif mode == "line": lines[n] = junk; b = b"\n".join(lines)
            else: fields = lines[n].split(b","); fields[k % len(fields)] = junk; lines[n] = b",".join(fields); b = b"\n".join(lines)   # one value
            q.write_bytes(b)
        else:
            if q.is_symlink() or q.exists(): continue
            q.parent.mkdir(parents=True, exist_ok=True); q.write_bytes(b"a user's file\n" + args[0]); planted[q] = q.read_bytes()
    return {q: v for q, v in planted.items() if not linked(out, str(q.relative_to(out)))}   # not moved away by a later link

def one_line(what:str, f):
    "Call `f`: it succeeds or raises an `SSTInputError` of one line (any other exception fails the test); the outcome is a hypothesis `event`."
    try: f(); event(f"{what}: done")
    except SSTInputError as e:
        assert str(e) and "\n" not in str(e).strip(), repr(str(e))
        event(f"{what}: refused")

@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(cases)
@example(("seg", [("link", "predictions.csv")]))                                   # (a): a resume appended to a file outside
@example(("ph", [("link", "masks")]))                                              # (a): a resume wrote masks into a folder outside
@example(("seg", [("foreign", "masks/.{todo}.png.k2j4h6g8.png", b"")]))          # (b): temp-file clean-up deleted a user's file
@example(("ph", [("edit", "photos.csv", "field", b"1 2 3 x", 0.5, 3)]))          # (c): a non-numeric box: ValueError in measure
@example(("seg", [("edit", "run.json", "replace", b"[]", 0.0, 0)]))              # (c): run.json a list: AttributeError in the resume
def test_tampered_run_folder(base, case):
    kind, acts = case; b = base[kind]
    with tempfile.TemporaryDirectory() as ws:
        ws = Path(ws); out, outside = ws / "run", ws / "outside"; outside.mkdir()
        shutil.copytree(base["root"] / kind, out); (outside / "notes.txt").write_text("someone else's notes\n")
        planted = tamper(out, outside, kind, acts, dict(done=b["done"], todo=b["todo"]))
        ours = set((out / OUTPUTS_FILE).read_bytes().decode("utf-8", "replace").split("\n")) if (out / OUTPUTS_FILE).is_file() else set()
        sst_name = lambda q: Path(m[1]).stem if (m := TMP.fullmatch(q.name)) else q.stem   # a temporary file's: the name it was to replace
        planted = {q: v for q, v in planted.items() if sst_name(q) not in ours}   # a name recorded in .sst.outputs is sst's by definition
        before = tree_hashes(outside, base["root"] / "images", base["root"] / "photos")
        one_line("resume", lambda: b["run"](out))
        one_line("measure", lambda: measure_folder(out, progress=False, log=quiet))
        assert tree_hashes(outside, base["root"] / "images", base["root"] / "photos") == before, "a file outside the run folder changed"
        for q, v in planted.items():
            assert not linked(out, str(q.relative_to(out))) and q.is_file() and q.read_bytes() == v, f"{q}: a user's file was overwritten or deleted"

def test_untouched_folders_resume(base):
    "The fixture's folders resume and measure as they are (the suite's baseline)."
    for kind in ("seg", "ph"):
        with tempfile.TemporaryDirectory() as ws:
            out = Path(ws) / "run"; shutil.copytree(base["root"] / kind, out)
            assert base[kind]["run"](out)["written"] == 1
            assert len(measure_folder(out, progress=False))
