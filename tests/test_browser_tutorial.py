"Real-browser test of the quickstart tutorial: JupyterLab in headless Chromium runs its cells up to the painter, paints a stroke with the mouse, then segments and shows the viewer."
import io, json, os, shutil, tempfile, time
from pathlib import Path
import numpy as np
from PIL import Image
from test_browser_widgets import Lab, _close     # the page driver; `browser` (headless Chromium, skips without it) and `lab` come from conftest.py

NB = Path(__file__).resolve().parents[1] / "nbs" / "tutorials" / "01_quickstart.ipynb"
SHOTS = Path(os.environ.get("SST_BROWSER_DEBUG", tempfile.gettempdir()))

def _cell_index(cells, text) -> int:
    "Index of the first code cell whose source contains `text`."
    return next(i for i, c in enumerate(cells) if c["cell_type"] == "code" and text in "".join(c["source"]))

def _wait_output(L, i:int, selector:str, has_text=None, timeout=60_000):
    "Wait for `selector` in the output of cell `i`; on failure, save a screenshot and show the cell's text."
    cell = L.page.locator(".jp-Notebook .jp-Cell").nth(i)
    loc = cell.locator(".jp-OutputArea-output " + selector)
    if has_text is not None: loc = loc.filter(has_text=has_text)
    try: loc.last.wait_for(timeout=timeout)
    except Exception:
        L.page.screenshot(path=str(SHOTS / "quickstart_fail.png"))
        raise AssertionError(f"cell {i}: no {selector!r} {has_text or ''} in its output: " + cell.inner_text()[-2000:])
    return loc.last

def test_browser_quickstart(lab, browser):
    "The quickstart in JupyterLab: a mouse stroke on the painter becomes the template that `segment` uses, and the viewer renders its result."
    t0 = time.time()
    url, root = lab
    shutil.copy(NB, root / "quickstart.ipynb")                     # a copy: autosave must never touch the tutorial
    cells = json.loads(NB.read_text())["cells"]
    paint, take, viewer = (_cell_index(cells, s) for s in ("TemplatePainter(", "painter.template", "MaskViewer("))
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(f"{url}/lab/workspaces/quickstart/tree/quickstart.ipynb"); L = Lab(page); L.wait_kernel()

    for i in range(paint + 1): L.run_cell(i)                        # set-up, model, images, painter
    canvas = _wait_output(L, paint, "canvas")
    _wait_output(L, _cell_index(cells, "load_sam2_or_tiny("), "div[style]", has_text="UNTRAINED")   # the red box (offline: tiny model)
    time.sleep(1)                                                   # the canvas draws its first frame
    out = L.execute("print('BEFORE', int(painter.mask.sum()), painter.trait.value)")
    assert "BEFORE 0 1" in out, out                                 # nothing painted; trait 1 active

    canvas.scroll_into_view_if_needed(); box = canvas.bounding_box()
    w, h = box["width"], box["height"]
    L.drag(box, [(0.3 * w, 0.5 * h), (0.7 * w, 0.5 * h)])           # a real stroke of the default brush
    out = L.execute("import json; print('PAINTED', json.dumps(dict(n=int((painter.mask == 1).sum()), ids=sorted(int(i) for i in np.unique(painter.mask)), "
                    "undo=len(painter.history.done))))")
    page.screenshot(path=str(SHOTS / "quickstart_painter.png"))
    assert "PAINTED " in out, out
    s = json.loads(out.split("PAINTED ", 1)[1].strip())
    assert s["n"] > 0 and s["ids"] == [0, 1] and s["undo"] == 1, s  # one stroke of trait 1, one undo step

    for i in range(take, viewer + 1): L.run_cell(i)                 # the painting as template, segment, viewer
    _wait_output(L, viewer, "canvas", timeout=90_000)
    out = L.execute("import json; print('RESULT', json.dumps(dict(traits=sorted(template.traits), n=len(preds), name=viewer.current.name, "
                    "errors=len(viewer.out.outputs) + len(painter.out.outputs))))")
    assert "RESULT " in out, out
    r = json.loads(out.split("RESULT ", 1)[1].strip())
    assert r["traits"] == [1] and r["n"] == 5 and r["errors"] == 0, r   # the painted stroke, not the example mask, was the template
    cell = page.locator(".jp-Notebook .jp-Cell").nth(viewer)
    cell.locator(".widget-html", has_text=r["name"]).first.wait_for(timeout=20_000)   # the viewer describes the shown target
    for b in ("fix", "worst first", "\u25b6"): assert cell.get_by_role("button", name=b, exact=True).is_visible(), b
    time.sleep(1)
    shot = cell.locator(".jp-OutputArea-output canvas").first.screenshot()   # the shown target: image and overlay were drawn
    px = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")).reshape(-1, 3)
    assert len(np.unique(px, axis=0)) > 50, "the viewer's canvas is blank"
    cell.locator(".jp-OutputArea-output").last.screenshot(path=str(SHOTS / "quickstart_viewer.png"))
    assert page.get_by_text("Error displaying widget").count() == 0
    assert not L.errors, L.errors
    _close(L)
    assert time.time() - t0 < 90
