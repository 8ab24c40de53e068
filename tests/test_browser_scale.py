"Real-browser test of sst_nb.scalebar.ScaleWidget in JupyterLab driven by headless Chromium (select with `-k browser`)."
import json, os, shutil, time
from pathlib import Path
import pytest
from test_browser_widgets import _open, _close   # the page helpers (tests/ is on sys.path); `lab` and `browser` come from conftest.py

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (apt-get install -y chromium); .ci/run installs it")

SETUP = r'''
import json, numpy as np
from sst_nb.scalebar import ScaleWidget
photo = np.full((900, 1200, 3), 150, np.uint8)                 # 1200x900, shown at half size
photo[600:660, 40:1160] = 245                                   # a white ruler, ticks 12 px apart: 12 px/mm
for k in range(94): photo[600:620 if k % 5 else 635, 50 + 12 * k:52 + 12 * k] = 20
w = ScaleWidget(photo, length_mm=10, max_size=(600, 450))
def state(n):
    s = w.scale
    print("STATE%d " % n + json.dumps(dict(line=w.line, px_per_mm=s and s.px_per_mm, source=s and s.source, view=w.view.scale,
          length=w.length.value, status=w.status.value, errors=len(w.out.outputs))))
w
'''

def _state(L, n:int) -> dict:
    out = L.execute(f"state({n})"); assert f"STATE{n} " in out, out
    return json.loads(out.split(f"STATE{n} ", 1)[1].strip())

def _until(L, n:int, ok, tries:int=100) -> dict:
    "The kernel's state once `ok(state)` holds (widget messages arrive asynchronously); the last state otherwise."
    for _ in range(tries):
        s = _state(L, n)
        if ok(s): return s
        time.sleep(0.1)
    return s

def test_browser_scale(lab, browser):
    "Drag a line on ScaleWidget's canvas, move one end, type the length and find the ruler in JupyterLab: the kernel's scale matches the drag."
    t0 = time.time()
    L = _open(lab, browser, "scale.ipynb", [SETUP])
    L.run_cell(0)
    cell = L.page.locator(".jp-Notebook .jp-Cell").nth(0)
    canvas = cell.locator(".jp-OutputArea-output canvas").last
    try: canvas.wait_for(timeout=60_000)
    except Exception: raise AssertionError("no canvas; cell output: " + cell.inner_text()[-2000:])
    time.sleep(1)
    box = canvas.bounding_box()
    s0 = _state(L, 0); k = s0["view"]
    assert s0["line"] is None and s0["px_per_mm"] is None and k == 0.5, s0
    assert abs(box["width"] - 600) < 2 and abs(box["height"] - 450) < 2, box     # canvas pixels are page pixels

    (ua, va), (ub, vb) = (100, 300), (400, 320)                    # canvas pixels: image (200, 600) to (800, 640)
    L.drag(box, [(ua, va), (ub, vb)], steps=10)
    s1 = _until(L, 1, lambda s: s["line"] is not None)
    tol = 1 / k                                                     # one canvas pixel, in image pixels
    (x0, y0), (x1, y1) = s1["line"]
    assert max(abs(x0 - ua / k), abs(y0 - va / k), abs(x1 - ub / k), abs(y1 - vb / k)) <= tol, (s1, k)
    assert abs(s1["px_per_mm"] - ((ub - ua) ** 2 + (vb - va) ** 2) ** 0.5 / k / 10) <= 2 * tol / 10, s1
    assert s1["status"].endswith("px/mm (line 10 mm)"), s1

    L.drag(box, [(ub + 3, vb - 2), (ub, vb + 80)], steps=10)       # grab the right end (3 px off): it moves by the drag, (-3, 82)
    s2 = _until(L, 2, lambda s: s["line"][1][1] > y1 + 100)
    ub, vb = ub - 3, vb + 82                                        # where the end is now, canvas pixels
    assert s2["line"][0] == s1["line"][0] and abs(s2["line"][1][0] - (x1 - 3 / k)) <= 0.5 and abs(s2["line"][1][1] - (y1 + 82 / k)) <= 0.5, s2

    field = cell.locator(".widget-text input").first              # the length, typed
    field.fill("25"); field.press("Enter")
    s3 = _until(L, 3, lambda s: s["length"] == 25)
    (x0, y0), (x1, y1) = s3["line"]
    expect = ((ub - ua) ** 2 + (vb - va) ** 2) ** 0.5 / k / 25      # the dragged distance in image pixels / length
    assert s3["source"] == "line 25 mm" and abs(s3["px_per_mm"] - expect) <= 2 * tol / 25, (s3, expect)
    assert abs(s3["px_per_mm"] - ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 / 25) < 1e-9, s3
    cell.locator(".widget-label", has_text="px/mm (line 25 mm)").first.wait_for(timeout=20_000)   # the page shows it too

    L.page.screenshot(path=str(Path(os.environ.get("SST_BROWSER_DEBUG", "/tmp")) / "scale_line.png"))
    L.page.get_by_role("button", name="Find ruler", exact=True).click()
    cell.locator(".widget-label", has_text="px/mm (ruler").first.wait_for(timeout=20_000)
    s4 = _state(L, 4)
    assert abs(s4["px_per_mm"] - 12) <= 0.12 and s4["source"].startswith("ruler (x ticks"), s4
    assert s4["errors"] == 0 and not L.errors, (s4, L.errors)
    _close(L)
    assert time.time() - t0 < 120
