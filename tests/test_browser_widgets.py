"Real-browser tests: the widgets of sst_nb.widgets in JupyterLab driven by headless Chromium (select with `-k browser`)."
import json, os, shutil, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (apt-get install -y chromium); .ci/run installs it")
IMAGES = Path(__file__).resolve().parents[1] / "nbs" / "images"

SETUP = r'''
import json, numpy as np
from sst_nb.io import load_examples
from sst_nb.widgets import TemplatePainter
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

def _free_port():
    with socket.socket() as s: s.bind(("127.0.0.1", 0)); return s.getsockname()[1]

def _notebook(path, cells):
    import nbformat
    nb = nbformat.v4.new_notebook(); nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))

@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    "A JupyterLab server on a free port in fresh config/runtime/settings dirs; yields (url, root)."
    tmp = tmp_path_factory.mktemp("lab"); root = tmp / "root"; root.mkdir()
    env = dict(os.environ)
    for k in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        d = tmp / k.lower(); d.mkdir(); env[k] = str(d)
    notif = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "apputils-extension"; notif.mkdir(parents=True)
    (notif / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port = _free_port()
    cfg = Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.py"
    cfg.write_text(f"""c.ServerApp.ip = "127.0.0.1"\nc.ServerApp.port = {port}\nc.ServerApp.open_browser = False
c.ServerApp.allow_root = True\nc.IdentityProvider.token = ""\nc.ServerApp.password = ""\nc.ServerApp.disable_check_xsrf = True
c.ServerApp.root_dir = {str(root)!r}\nc.LabApp.expose_app_in_browser = True\nc.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.handlers.announcements.NeverCheckForUpdate"
""")
    log = open(tmp / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyterlab", f"--config={cfg}"], env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if proc.poll() is not None: pytest.fail(f"jupyter lab died:\n{(tmp / 'server.log').read_text()[-3000:]}")
            try: urllib.request.urlopen(url + "/api/status", timeout=1); break
            except OSError: time.sleep(0.25)
        else: pytest.fail(f"jupyter lab did not answer:\n{(tmp / 'server.log').read_text()[-3000:]}")
        yield url, root
    finally:
        proc.terminate()
        try: proc.wait(10)
        except subprocess.TimeoutExpired: proc.kill()
        log.close()

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                                               "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b; b.close()

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
    page.goto(f"{url}/lab/tree/{name}"); L = Lab(page); L.wait_kernel()
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
