"Real-browser tests: the widgets (sst_nb.painter, sst_nb.viewer, sst_nb.explorer) in JupyterLab driven by headless Chromium (select with `-k browser`)."
import json, os, shutil, tempfile, time
from pathlib import Path
import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (apt-get install -y chromium); .ci/run installs it")
# The README's screenshots: refreshed in nbs/images only with SST_UPDATE_SCREENSHOTS=1 (a test run must not rewrite tracked files).
IMAGES = (Path(__file__).resolve().parents[1] / "nbs" / "images" if os.environ.get("SST_UPDATE_SCREENSHOTS") == "1"
          else Path(tempfile.gettempdir()) / "sst_nb_screenshots")

SETUP = r'''
import json, numpy as np
from sst_nb.examples import load_examples
from sst_nb.painter import TemplatePainter
from PIL import Image
ex = load_examples("beetle")
H, W = ex.template.mask.shape                      # 4x upscaled: a photo shown downscaled on the canvas
photo = np.asarray(Image.fromarray(ex.template.image).resize((4 * W, 4 * H)))
photo_mask = np.kron(ex.template.mask, np.ones((4, 4), np.int64))
painter = TemplatePainter(photo, ex.traits, max_size=(480, 480), brush=4)
painter.trait.value = 2
def stats(n):
    m = painter.mask; ys, xs = np.nonzero(m == 2)
    box = [int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())] if len(xs) else None
    print("STATS%d " % n + json.dumps(dict(count=int(len(xs)), box=box, ids=sorted(int(i) for i in np.unique(m)),
          scale=painter.view.scale, shape=list(m.shape), undo=len(painter.history.done))))
painter.widget
'''

def _notebook(path, cells):
    import nbformat
    nb = nbformat.v4.new_notebook(); nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))

class Lab:
    "One notebook open in JupyterLab: run cells, run code in its kernel, read stdout back."
    def __init__(self, page): self.page, self.errors = page, []; page.on("pageerror", lambda e: self.errors.append(str(e)))
    def wait_kernel(self):
        self.page.wait_for_function("""() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
            return k && k.status === 'idle' && k.connectionStatus === 'connected'; }""", timeout=90_000)
    def run_cell(self, i:int):
        self.page.evaluate("""async (i) => { const app = window.jupyterapp, nb = app.shell.currentWidget;
            nb.content.activeCellIndex = i; await app.commands.execute('notebook:run-cell'); }""", i)
    def execute(self, code:str) -> str:
        "Run `code` in the notebook's kernel (after the widget events already sent) and return its stdout."
        return self.page.evaluate("""async (code) => { const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
            let out = ''; const f = k.requestExecute({code, silent: false, store_history: false});
            f.onIOPub = (msg) => { if (msg.header.msg_type === 'stream') out += msg.content.text;
                                   if (msg.header.msg_type === 'error') out += 'ERROR ' + msg.content.ename + ': ' + msg.content.evalue; };
            await f.done; return out; }""", code)
    def stats(self, n:int) -> dict:
        out = self.execute(f"stats({n})"); assert f"STATS{n} " in out, out
        return json.loads(out.split(f"STATS{n} ", 1)[1].strip())
    def drag(self, box, pts, steps=8):
        m = self.page.mouse; m.move(box["x"] + pts[0][0], box["y"] + pts[0][1]); m.down()
        for u, v in pts[1:]: m.move(box["x"] + u, box["y"] + v, steps=steps)
        m.up()

def _open(lab, browser, name, cells):
    url, root = lab; _notebook(root / name, cells)
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(f"{url}/lab/workspaces/{Path(name).stem}/tree/{name}"); L = Lab(page); L.wait_kernel()   # a workspace per notebook: none restores another's tabs
    return L

def _close(L):
    L.page.evaluate("async () => { await window.jupyterapp.shell.currentWidget.sessionContext.shutdown(); }")
    L.page.close()

def test_browser_painter(lab, browser):
    "Paint, undo, redo and erase on TemplatePainter in JupyterLab; the kernel-side mask follows, in full-resolution pixels."
    t0 = time.time()
    L = _open(lab, browser, "painter.ipynb", [SETUP])
    L.run_cell(0)
    canvas = L.page.locator(".jp-Notebook .jp-Cell").nth(0).locator(".jp-OutputArea-output canvas").last
    try: canvas.wait_for(timeout=60_000)
    except Exception:
        L.page.screenshot(path=str(Path(os.environ.get("SST_BROWSER_DEBUG", "/tmp")) / "painter_fail.png"))
        raise AssertionError("no canvas; cell output: " + L.page.locator(".jp-Notebook .jp-Cell").nth(0).inner_text()[-2000:])
    time.sleep(1)
    box = canvas.bounding_box()
    s0 = L.stats(0); assert s0["count"] == 0 and s0["ids"] == [0]
    H, W = s0["shape"]; scale = s0["scale"]
    assert abs(box["width"] - W * scale) < 2, (box, W, scale)      # the photo is shown whole, downscaled

    assert scale < 0.9, scale
    ua, ub, um, vm = int(box["width"] * 0.2), int(box["width"] * 0.8), int(box["width"] * 0.5), int(box["height"] * 0.5)
    L.drag(box, [(ua, vm), (ub, vm)])                              # a horizontal stroke, trait 2, brush 4 screen px
    s1 = L.stats(1)
    assert s1["ids"] == [0, 2] and s1["count"] > 0 and s1["undo"] == 1, s1
    x0, y0, x1, y1 = s1["box"]; r = 4 / scale + 2                   # expected: the stroke mapped to full-resolution pixels
    assert abs(x0 - ua / scale) <= r and abs(x1 - ub / scale) <= r, (s1, scale)
    assert abs(y0 - vm / scale) <= r and abs(y1 - vm / scale) <= r, (s1, scale)
    out = L.execute(f"print('VAL', painter.mask[int({vm} / {scale}), int({um} / {scale})])")
    assert "VAL 2" in out, out

    L.page.get_by_role("button", name="undo", exact=True).click()
    s2 = L.stats(2); assert s2["count"] == 0 and s2["ids"] == [0], s2   # undo restores the empty mask
    L.page.get_by_role("button", name="redo", exact=True).click()
    s3 = L.stats(3); assert s3["count"] == s1["count"], s3

    L.page.get_by_role("button", name="eraser", exact=True).click()
    L.drag(box, [(um, vm - 40), (um, vm + 40)])                       # erase across the middle of the stroke
    s4 = L.stats(4)
    assert 0 < s4["count"] < s3["count"], s4
    out = L.execute(f"print('VAL', painter.mask[int({vm} / {scale}), int({um} / {scale})], painter.mask[int({vm} / {scale}), int({ua + 10} / {scale})])")
    assert "VAL 0 2" in out, out                                       # erased where the eraser went, kept elsewhere
    assert not L.errors, L.errors
    out = L.execute("print('ERR', len(painter.out.outputs))"); assert "ERR 0" in out, out   # no callback raised

    L.execute("painter.load(photo_mask); painter.tool.value = 'brush'")   # the README picture: the example template
    time.sleep(1.5)
    IMAGES.mkdir(parents=True, exist_ok=True)
    L.page.locator(".jp-Notebook .jp-Cell").nth(0).locator(".jp-OutputArea-output").last.screenshot(path=str(IMAGES / "painter.png"))
    _close(L)
    assert time.time() - t0 < 120

VIEWER = r'''
import json, numpy as np
from sst_nb.examples import load_examples
from sst_nb.segment import Prediction
from sst_nb.viewer import MaskViewer
ex = load_examples("beetle")
def stand_in(i, drop=None, cycle=0.9):
    "The example's true mask standing in for a trained model's prediction (a random tiny SAM 2 predicts noise); `drop` a trait to degrade it."
    m = ex.true_mask(i).copy()
    if drop: m[m == drop] = 0
    ids = sorted(ex.traits); name = ex.images[i].stem
    return Prediction(name, str(ex.images[i]), m, ex.traits, {t: 3.0 if (m == t).any() else -2.0 for t in ids},
                      {t: 0.9 for t in ids}, {t: (0.12 if t == drop else cycle - 0.02 * t) for t in ids}, flagged=drop is not None)
preds = [stand_in(0), stand_in(1, cycle=0.8), stand_in(2, drop=5), stand_in(3), stand_in(4, drop=2)]
viewer = MaskViewer(preds, ex.images, size=(420, 320), thumb=96)
def state(n):
    print("STATE%d " % n + json.dumps(dict(index=viewer.index, name=viewer.current.name, pos=viewer.slider.value, order=viewer.order,
          errors=len(viewer.out.outputs))))
viewer.widget
'''

def _state(L, n:int) -> dict:
    out = L.execute(f"state({n})"); assert f"STATE{n} " in out, out
    return json.loads(out.split(f"STATE{n} ", 1)[1].strip())

def _wait_text(L, cell, text):
    L.page.locator(".jp-Notebook .jp-Cell").nth(cell).locator(".widget-html", has_text=text).first.wait_for(timeout=20_000)

def _run_widget(lab, browser, name, code):
    "Open a notebook holding `code` in JupyterLab, run its cell and wait for the widget's canvases: (lab page, cell)."
    L = _open(lab, browser, name, [code])
    L.run_cell(0)
    cell = L.page.locator(".jp-Notebook .jp-Cell").nth(0)
    try: cell.locator(".jp-OutputArea-output canvas").last.wait_for(timeout=60_000)
    except Exception: raise AssertionError("no canvas; cell output: " + cell.inner_text()[-2000:])
    return L, cell

def test_browser_viewer(lab, browser):
    "MaskViewer in JupyterLab: the slider (keyboard on its handle), a click on a thumbnail and sorting change the shown target, kernel side and on the page."
    t0 = time.time()
    L, cell = _run_widget(lab, browser, "viewer.ipynb", VIEWER)
    names = json.loads(L.execute("print(json.dumps([p.name for p in preds]))"))
    s0 = _state(L, 0); assert s0["index"] == 0 and s0["name"] == names[0], s0
    _wait_text(L, 0, names[0])

    handle = cell.locator(".widget-slider").filter(has_text="target").locator(".noUi-handle")
    handle.focus(); L.page.keyboard.press("ArrowRight")              # move the slider one step
    _wait_text(L, 0, names[1])                                       # the page shows the next target ...
    s1 = _state(L, 1); assert s1["index"] == 1 and s1["name"] == names[1], s1   # ... and so does the kernel

    from sst_nb.widgets import CAPTION_H, GAP
    box = cell.locator(".jp-OutputArea-output canvas").last.bounding_box()  # the thumbnail grid (96 px thumbnails)
    L.page.mouse.click(box["x"] + 3 * (96 + GAP) + 48, box["y"] + (96 + CAPTION_H) / 2)   # the fourth thumbnail
    _wait_text(L, 0, names[3])
    s2 = _state(L, 2); assert s2["index"] == 3 and s2["pos"] == 3, s2

    L.page.get_by_role("button", name="worst first", exact=True).click()
    _wait_text(L, 0, "worst first")
    s3 = _state(L, 3)
    assert s3["order"][:2] == [2, 4] and s3["index"] == 3, s3        # the two flagged targets first; the shown one stays
    handle.focus(); L.page.keyboard.press("Home")                    # the slider to the start: the worst target
    _wait_text(L, 0, names[2])
    s4 = _state(L, 4); assert s4["index"] == 2 and s4["pos"] == 0 and s4["errors"] == 0, s4
    assert not L.errors, L.errors

    time.sleep(1)
    IMAGES.mkdir(parents=True, exist_ok=True)
    cell.locator(".jp-OutputArea-output").last.screenshot(path=str(IMAGES / "viewer.png"))

    L.page.get_by_role("button", name="fix", exact=True).click()    # the correction loop, without a model: fix and keep
    _wait_text(L, 0, "Fixing " + names[2])
    out = L.execute("viewer.painter.load(ex.true_mask(2)); print('LEGS', int((viewer.painter.mask == 5).sum()))")
    assert "LEGS " in out and int(out.split("LEGS ")[1]) > 0, out
    L.page.get_by_role("button", name="keep fix", exact=True).click()
    _wait_text(L, 0, "corrected by hand")
    out = L.execute("print('FIXED', sorted(viewer.corrected), viewer.current.flagged, int((viewer.current.mask == 5).sum()) > 0, viewer.painter is None)")
    assert "FIXED [2] False True True" in out, out
    assert _state(L, 5)["errors"] == 0 and not L.errors, L.errors
    _close(L)
    assert time.time() - t0 < 120

EXPLORER = r'''
import json
from sst_nb.examples import load_examples
from sst_nb.model import tiny_sam2
from sst_nb.retrieval import rank_by_trait
from sst_nb.explorer import RetrievalExplorer
ex = load_examples("beetle")
ranking = rank_by_trait(tiny_sam2(), ex.template, [1, 3], ex.images, progress=False)   # the tiny random model: real plumbing, meaningless scores
explorer = RetrievalExplorer(ranking, ex.images, ex.template, trait=3, thumb=112, size=260, path="selected.txt")
def state(n):
    print("STATE%d " % n + json.dumps(dict(shown=[str(k) for k in explorer.rows.image], enlarged=str(explorer.enlarged),
          selected=[str(k) for k in explorer.selected], errors=len(explorer.out.outputs))))
explorer.widget
'''

def test_browser_explorer(lab, browser):
    "RetrievalExplorer in JupyterLab: a click on a thumbnail enlarges it, checkboxes select, export writes the list."
    t0 = time.time()
    url, root = lab
    L, cell = _run_widget(lab, browser, "explorer.ipynb", EXPLORER)
    s0 = _state(L, 0); assert len(s0["shown"]) == 5 and s0["enlarged"] == s0["shown"][0], s0

    cell.locator(".widget-gridbox canvas").nth(2).click(position={"x": 40, "y": 40})   # the third thumbnail
    for _ in range(50):
        s1 = _state(L, 1)
        if s1["enlarged"] == s0["shown"][2]: break
        time.sleep(0.1)
    assert s1["enlarged"] == s0["shown"][2], s1

    boxes = cell.locator(".widget-gridbox .widget-checkbox input")
    boxes.nth(0).check(); boxes.nth(2).check()
    cell.locator(".widget-label", has_text="2 selected").first.wait_for(timeout=20_000)
    s2 = _state(L, 2); assert s2["selected"] == [k for k in s0["shown"] if k in (s0["shown"][0], s0["shown"][2])], s2
    L.page.get_by_role("button", name="export", exact=True).click()
    cell.locator(".widget-label", has_text="written to").first.wait_for(timeout=20_000)
    assert (root / "selected.txt").read_text().split() == s2["selected"]
    assert _state(L, 3)["errors"] == 0 and not L.errors, L.errors

    time.sleep(1)
    IMAGES.mkdir(parents=True, exist_ok=True)
    cell.locator(".jp-OutputArea-output").last.screenshot(path=str(IMAGES / "explorer.png"))
    _close(L)
    assert time.time() - t0 < 120
