"""Our widgets load the way Colab loads them: their JavaScript fetched from the public npm CDN, at the ranges they request.

Colab's custom widget manager has no lab extensions: it fetches each non-built-in widget module from an npm CDN as
`<_model_module>@<_model_module_version>`, where the version is a semver *range* fixed by the Python package (ipycanvas
0.13.3 asks for `^0.13`). If npm holds no version in that range the CDN answers 404 and Colab shows "Error displaying
widget" (ipycanvas 0.14 asks for `^0.14`, unpublished on npm: hence our pin `ipycanvas>=0.13.2,<0.14`).

The same path, offline, in headless Chromium:
- Page: each widget as embedded widget state (`ipywidgets.embed`). The page loads require.js and
  `@jupyter-widgets/html-manager@<range>/dist/embed-amd.js` from jsDelivr; embed-amd.js bundles the built-in
  `@jupyter-widgets/base` and `controls` and, for any other module, asks require.js for
  `https://cdn.jsdelivr.net/npm/<module>@<range>/dist/index.js` (after a try at the page's own folder, answered 404).
- CDN: playwright answers every jsDelivr/unpkg npm URL from the npm registry. The range is resolved against
  `npm view <module> versions --json` with the small resolver below (`^ ~ x * = < <= > >= ||`, release versions only,
  newest match, as the CDNs resolve), the file read from the tarball of `npm pack <module>@<version>` (cached in
  tests/.npm_cache/, git-ignored). A range with no published version is answered 404, like the CDN. Every other
  request is aborted: no network.
- Pixels: without a kernel, ipycanvas' drawing commands never reach the page. While the widgets are built, the test
  mirrors each `put_image_data`/`clear` into an RGBA buffer and stores it as the canvas' `image_data` (PNG), which
  ipycanvas' JavaScript draws when it loads: pixels on the page prove that ipycanvas' code from npm ran.
- require.js: ipywidgets loads it from cdnjs with an SRI hash of the minified file, which npm does not ship; the page
  loads the same version from jsDelivr (npm package `requirejs`) instead.
A negative control rewrites ipycanvas' range in the state to an unpublished one: the widget must then fail to render.
Colab's own loader (googlecolab/colab-cdn-widget-manager) differs in two ways checked without a browser: it drops a
leading `^` from the range (`ipycanvas@0.13/dist/index.js`) and runs the bundle with a minimal AMD `define` that knows
only `@jupyter-widgets/base`, `controls` and `output`.
Screenshots: $SST_BROWSER_DEBUG or the temp folder, `cdn_<widget>.png`, `cdn_unpublished.png`.
"""
import io, json, mimetypes, os, re, shutil, subprocess, tarfile, tempfile, urllib.parse
from functools import lru_cache
from pathlib import Path
import numpy as np, pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"       # the session fixture `browser` (conftest.py) launches it headless
NPM = shutil.which("npm")
needs_browser = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (apt-get install -y chromium)")
needs_npm = pytest.mark.skipif(NPM is None, reason="npm is not installed: the test fetches the widgets' JavaScript from the npm registry")
CACHE = Path(__file__).resolve().parent / ".npm_cache"          # npm pack tarballs (git-ignored)
SHOTS = Path(os.environ.get("SST_BROWSER_DEBUG", tempfile.gettempdir()))
PAGE = "http://widgets.test/"                                    # the page's made-up origin; its other URLs answer 404
CDNS = ("https://cdn.jsdelivr.net/npm/", "https://unpkg.com/")
REQUIREJS = ("https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.4/require.min.js", "https://cdn.jsdelivr.net/npm/requirejs@2.3.4/require.js")
UNPUBLISHED = "^0.14"                                            # ipycanvas 0.14.x asks for this; npm has no 0.14

# --- semver ranges, as npm and the CDNs read them (enough for the ranges widgets use) ---

def release(v:str):
    "'1.2.3' as (1, 2, 3); None for prereleases and anything else (a range never picks those)."
    m = re.fullmatch(r"v?(\d+)\.(\d+)\.(\d+)", v.strip())
    return tuple(map(int, m.groups())) if m else None

def _parts(v:str) -> list:
    "The given parts of a possibly partial version: '1.2' -> [1, 2]; 'x', '*' or '' end it."
    out = []
    for p in v.lstrip("v").split("."):
        if p in ("x", "X", "*", ""): break
        if not p.isdigit(): raise ValueError(f"unsupported version {v!r}")
        out.append(int(p))
    return out[:3]

def _pad(p:list) -> tuple: return tuple(p + [0] * (3 - len(p)))
def _bump(p:list, i:int) -> tuple: return tuple(p[:i] + [p[i] + 1] + [0] * (2 - i))

def _comparator(c:str):
    "One comparator ('^0.13', '~1.2', '>=2', '1.x', ...) as a predicate on release tuples."
    op, v = re.fullmatch(r"(\^|~|>=|<=|>|<|=)?(.*)", c).groups(); p = _parts(v)
    if not p: return (lambda x: False) if op in ("<", ">") else (lambda x: True)
    lo, last = _pad(p), _bump(p, len(p) - 1)                    # last: the first version above the given parts
    if op == ">=": return lambda x: x >= lo
    if op == ">": return lambda x: x >= last
    if op == "<": return lambda x: x < lo
    if op == "<=": return lambda x: x < last
    if op == "^": hi = _bump(p, next((i for i, n in enumerate(p) if n), len(p) - 1))   # the first non-zero part may not change
    elif op == "~": hi = _bump(p, min(len(p) - 1, 1))                                     # the minor may not change
    else: hi = last                                                                        # '1.2' is 1.2.x, '1.2.3' exact
    return lambda x: lo <= x < hi

def satisfies(version:str, rng:str) -> bool:
    "Does release `version` fall in npm range `rng` (alternatives `||` of space-separated comparators)?"
    x = release(version)
    if x is None: return False
    alts = [a.split() for a in (rng.strip() or "*").replace("latest", "*").split("||")]
    return any(all(_comparator(c)(x) for c in (a or ["*"])) for a in alts)

def max_satisfying(versions, rng:str):
    "The newest of `versions` in `rng`, as the CDNs pick it; None when none is."
    ok = [v for v in versions if satisfies(v, rng)]
    return max(ok, key=release) if ok else None

# --- the npm registry ---

def _npm(*args) -> subprocess.CompletedProcess:
    return subprocess.run([NPM, *args, "--no-fund", "--no-audit", "--loglevel=error"], capture_output=True, text=True, timeout=120)

@lru_cache(None)
def published(module:str) -> tuple:
    "Every version of `module` on the npm registry; () for an unknown module."
    r = _npm("view", module, "versions", "--json")
    if r.returncode:
        if "E404" in r.stdout + r.stderr: return ()
        pytest.fail(f"npm view {module} failed (is the npm registry reachable?):\n{r.stderr[-2000:]}")
    v = json.loads(r.stdout)
    return tuple([v] if isinstance(v, str) else v)

def resolve(module:str, rng:str):
    "The version a CDN serves for `module@rng`, or None: no published version in that range."
    return max_satisfying(published(module), rng)

@lru_cache(None)
def package_files(module:str, version:str) -> dict:
    "The files of `npm pack module@version` (cached under CACHE), by their path inside the package."
    tgz = CACHE / f"{module.lstrip('@').replace('/', '-')}-{version}.tgz"
    if not tgz.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
            r = _npm("pack", f"{module}@{version}", "--pack-destination", tmp, "--json")
            if r.returncode: pytest.fail(f"npm pack {module}@{version} failed:\n{r.stderr[-2000:]}")
            os.replace(Path(tmp) / json.loads(r.stdout)[0]["filename"], tgz)
    with tarfile.open(tgz) as tf:                                  # npm tarballs hold the package under package/
        return {m.name.split("/", 1)[1]: tf.extractfile(m).read() for m in tf.getmembers() if m.isfile() and "/" in m.name}

# --- the page and its network ---

def split_cdn_url(url:str):
    "`(module, range, file)` of a jsDelivr or unpkg npm URL; None for any other URL."
    for base in CDNS:
        if url.startswith(base):
            path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)[len(urllib.parse.urlsplit(base).path):]
            m = re.fullmatch(r"((?:@[^/@]+/)?[^/@]+)(?:@([^/]*))?/(.*)", path)
            return (m[1], m[2] or "", m[3]) if m else None

class CDN:
    "Playwright route handler: the page, CDN files from npm (404 for unpublished ranges), nothing else. Logs every request."
    def __init__(self, html:str): self.html, self.served, self.missing, self.local, self.blocked, self.failed = html, [], [], [], [], []
    def __call__(self, route):
        try: self.answer(route)
        except BaseException as e:                                 # e.g. the registry unreachable: a 500 and a clear assertion
            self.failed.append(f"{route.request.url}: {e!r}"); route.fulfill(status=500, body=str(e))
    def answer(self, route):
        url = route.request.url
        if url == PAGE: return route.fulfill(status=200, body=self.html, content_type="text/html")
        if url.startswith(PAGE): self.local.append(url); return route.fulfill(status=404, body="not here")
        hit = split_cdn_url(url)
        if hit is None: self.blocked.append(url); return route.abort()
        module, rng, file = hit; version = resolve(module, rng)
        body = package_files(module, version).get(file) if version else None
        (self.served if body is not None else self.missing).append(dict(module=module, range=rng, version=version, file=file))
        headers = {"Access-Control-Allow-Origin": "*"}              # the page loads its scripts with crossorigin="anonymous"
        if body is None: return route.fulfill(status=404, body=f"Couldn't find the requested release version {rng}.", headers=headers)
        return route.fulfill(status=200, body=body, headers=headers, content_type=mimetypes.guess_type(file)[0] or "application/octet-stream")

def widget_state(widget) -> dict:
    "The embedded state of `widget` and the widgets it refers to: {model_id: {model_module, model_module_version, state, ...}}."
    from ipywidgets.embed import dependency_state
    return dependency_state([widget])

# ipycanvas draws a state's `image_data` once the PNG is decoded, and then tells MultiCanvas views only: a Canvas view
# rendered before that stays blank. Test-only, through require.js' onResourceLoad hook: redraw the views once it is drawn.
REDRAW = """<script>requirejs.onResourceLoad = (ctx, map) => { if (map.id !== 'ipycanvas') return;
  const M = ctx.defined.ipycanvas.CanvasModel.prototype, draw = M.drawImageData;
  M.drawImageData = async function () { await draw.call(this); this.forEachView(v => v.updateCanvas()); }; };</script>"""

def page_html(widget, state:dict) -> str:
    "The embed page of `widget` with `state`, require.js taken from jsDelivr (see the docstring), REDRAW after it."
    from ipywidgets.embed import embed_minimal_html
    f = io.StringIO(); embed_minimal_html(f, views=[widget], state=state, title="cdn test")
    html, n = re.subn(r'<script src="%s"[^>]*></script>' % re.escape(REQUIREJS[0]), f'<script src="{REQUIREJS[1]}"></script>{REDRAW}', f.getvalue())
    assert n == 1, "ipywidgets.embed no longer loads require.js from cdnjs: update REQUIREJS"
    return html

def with_range(state:dict, module:str, rng:str) -> dict:
    "A copy of `state` with every model and view of `module` asking for `rng`."
    state = json.loads(json.dumps(state, default=str))
    for m in state.values():
        if m["model_module"] == module:
            m["model_module_version"] = m["state"]["_model_module_version"] = m["state"]["_view_module_version"] = rng
    return state

# --- the pixels ipycanvas' drawing commands would have drawn ---

class PixelMirror:
    "While active, mirror each Canvas' `put_image_data`/`clear` into an RGBA buffer; `bake()` stores them as `image_data`."
    def __init__(self): self.canvases = {}
    def __enter__(self):
        from ipycanvas import Canvas
        self.Canvas, self.orig = Canvas, (Canvas.put_image_data, Canvas.clear)
        mirror = self
        def put_image_data(c, image_data, x=0, y=0): mirror.put(c, np.asarray(image_data), int(x), int(y)); return mirror.orig[0](c, image_data, x, y)
        def clear(c): mirror.buffer(c)[:] = 0; return mirror.orig[1](c)
        Canvas.put_image_data, Canvas.clear = put_image_data, clear
        return self
    def __exit__(self, *exc): self.Canvas.put_image_data, self.Canvas.clear = self.orig
    def buffer(self, c) -> np.ndarray:
        if c.model_id not in self.canvases: self.canvases[c.model_id] = (c, np.zeros((c.height, c.width, 4), np.float32))
        return self.canvases[c.model_id][1]
    def put(self, c, img, x, y):
        "Draw `img` at (x, y) with alpha compositing, as ipycanvas' putImageData does."
        buf = self.buffer(c)
        if img.ndim == 2: img = np.repeat(img[..., None], 3, 2)
        if img.shape[2] == 3: img = np.concatenate([img, np.full(img.shape[:2] + (1,), 255, img.dtype)], 2)
        h, w = min(img.shape[0], buf.shape[0] - y), min(img.shape[1], buf.shape[1] - x)
        if h <= 0 or w <= 0: return
        src, dst = img[:h, :w].astype(np.float32), buf[y:y + h, x:x + w]
        a = src[..., 3:] / 255
        dst[..., :3] = src[..., :3] * a + dst[..., :3] * (1 - a); dst[..., 3:] = src[..., 3:] + dst[..., 3:] * (1 - a)
    def bake(self):
        from PIL import Image
        for c, buf in self.canvases.values():
            png = io.BytesIO(); Image.fromarray(buf.round().clip(0, 255).astype(np.uint8), "RGBA").save(png, "png")
            c.set_trait("image_data", png.getvalue())

# --- Colab's own loader (googlecolab/colab-cdn-widget-manager, src/amd.ts and src/manager.ts) ---
# It defines @jupyter-widgets/base, controls and output itself and fetches any other module with fetch() from
# `https://cdn.jsdelivr.net/npm/<package>@<range without a leading ^>/dist/index.js`, run with its own small `define`:
# a dependency it does not define (e.g. requirejs' magic 'module') fails with "Unknown dependency".
COLAB_BUILTINS = {"@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output"}

def colab_url(module:str, rng:str) -> str:
    "The URL Colab's widget manager fetches for `module@rng`."
    return f"https://cdn.jsdelivr.net/npm/{module}@{rng[1:] if rng.startswith('^') else rng or '*'}/dist/index.js"

def amd_deps(js:str, module:str) -> list:
    "The dependencies of the AMD `define` of `module` in the bundle `js` (named or anonymous)."
    m = re.search(r'define\(\s*(?:"%s"\s*,\s*)?\[([^\]]*)\]' % re.escape(module), js)
    assert m, f"{module}: no AMD define found"
    return re.findall(r'"([^"]+)"', m[1])

# --- the widgets ---

def display_tree(w):
    "`w` and its displayed descendants (a MultiCanvas shows as one canvas: its layers are not descended into)."
    from ipycanvas import MultiCanvas
    yield w
    if not isinstance(w, MultiCanvas):
        for c in getattr(w, "children", ()): yield from display_tree(c)

def expected(widget) -> dict:
    "What the page must show for `widget`: the sizes of its canvases and its buttons' labels."
    import ipywidgets as W
    from ipycanvas import Canvas, MultiCanvas
    tree = list(display_tree(widget))
    return dict(canvases=sorted([c.width, c.height] for c in tree if isinstance(c, (Canvas, MultiCanvas))),
                buttons=sorted(b.description for b in tree if isinstance(b, W.Button)))

@pytest.fixture(scope="module")
def example():
    """The bundled beetle example with a tiny random SAM 2's predictions and trait ranking (a second; one torch thread: the tiny
    model gains nothing from more, and they spin for many seconds on a busy 2-core machine)."""
    import torch
    from types import SimpleNamespace
    from sst_nb.examples import load_examples
    from sst_nb.model import tiny_sam2
    from sst_nb.segment import segment
    from sst_nb.retrieval import rank_by_trait
    threads = torch.get_num_threads(); torch.set_num_threads(1)
    try:
        ex, model = load_examples("beetle"), tiny_sam2()
        return SimpleNamespace(ex=ex, preds=segment(model, ex.template, ex.images, progress=False),
                               ranking=rank_by_trait(model, ex.template, traits=[3], pool=ex.images, progress=False))
    finally: torch.set_num_threads(threads)

def _painter(e):
    from sst_nb.painter import TemplatePainter
    return TemplatePainter(e.ex.template.image, e.ex.traits, mask=e.ex.template.mask, max_size=(480, 480))
def _viewer(e):
    from sst_nb.viewer import MaskViewer
    return MaskViewer(e.preds, e.ex.images, size=(420, 320), thumb=96)
def _explorer(e):
    from sst_nb.explorer import RetrievalExplorer
    return RetrievalExplorer(e.ranking, e.ex.images, e.ex.template, trait=3, thumb=112, size=260)
BUILDERS = dict(painter=_painter, viewer=_viewer, explorer=_explorer)

@pytest.fixture(scope="module")
def widget(example):
    "A function: the displayed ipywidget of 'painter', 'viewer' or 'explorer', built once, its canvases' pixels baked in."
    cache = {}
    def get(name:str):
        if name not in cache:
            with PixelMirror() as px: w = BUILDERS[name](example)
            px.bake(); cache[name] = w.widget
        return cache[name]
    return get

# The page is settled when the canvases expected are there, or when something failed: html-manager (ipywidgets 8)
# shows a model it could not load as an error widget ("Click to show javascript error."), Colab "Error displaying widget".
SETTLED = """(n) => document.querySelectorAll('.widget-subarea canvas').length >= n || window.__failures.length > 0
                    || document.querySelector('.jupyter-widgets-error-widget') || /Error displaying widget/.test(document.body.innerText)"""
PAINTED = """() => [...document.querySelectorAll('.widget-subarea canvas')].every(c => { if (!c.width || !c.height) return false;
                    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    for (let i = 3; i < d.length; i += 4) if (d[i]) return true; return false; })"""
READ = """() => ({canvases: [...document.querySelectorAll('.widget-subarea canvas')].map(c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let n = 0; for (let i = 3; i < d.length; i += 4) n += d[i] > 0; return {size: [c.width, c.height], painted: n / (c.width * c.height)}; }),
                  buttons: [...document.querySelectorAll('.widget-subarea button')].map(b => b.textContent.trim()),
                  error_widgets: [...document.querySelectorAll('.jupyter-widgets-error-widget')].map(e => { e.parentElement.click(); return e.innerText; }),
                  text: document.body.innerText, failures: window.__failures})"""

def render(browser, html:str, shot:Path, n_canvases:int, timeout:float=20_000) -> dict:
    "Open the embed page `html` with the npm-backed CDN; what the page shows, the requests and the page errors."
    cdn, errors = CDN(html), []
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    try:
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.add_init_script("window.__failures = []; window.addEventListener('unhandledrejection', e => window.__failures.push(String(e.reason)));")
        page.route("**/*", cdn)
        page.goto(PAGE)
        for js, arg in ((SETTLED, n_canvases), (PAINTED, None)):
            try: page.wait_for_function(js, arg=arg, timeout=timeout)
            except Exception: pass                                 # the assertions say what is missing
        page.screenshot(path=str(shot), full_page=True)
        return dict(page.evaluate(READ), errors=errors, cdn=cdn)
    finally: page.close()

def check_rendered(r:dict, want:dict):
    "Assert that the page shows the widget: its canvases painted, its buttons, no error, every CDN file from a published version."
    cdn = r["cdn"]
    assert not r["errors"] and not r["failures"], (r["errors"], r["failures"])
    assert not r["error_widgets"] and "Error displaying widget" not in r["text"], (r["error_widgets"], r["text"][:2000])
    assert sorted(c["size"] for c in r["canvases"]) == want["canvases"], (r["canvases"], want["canvases"])
    assert all(c["painted"] > 0.05 for c in r["canvases"]), r["canvases"]      # ipycanvas' code drew the baked image_data
    assert set(want["buttons"]) <= set(r["buttons"]), (want["buttons"], r["buttons"])
    assert not cdn.missing and not cdn.blocked and not cdn.failed, (cdn.missing, cdn.blocked, cdn.failed)
    assert all(s["version"] and satisfies(s["version"], s["range"]) for s in cdn.served), cdn.served
    from ipywidgets._version import __html_manager_version__
    assert ("@jupyter-widgets/html-manager", __html_manager_version__, "dist/embed-amd.js") in \
        {(s["module"], s["range"], s["file"]) for s in cdn.served}, cdn.served   # the installed ipywidgets' own embed-amd.js
    assert "ipycanvas" in {s["module"] for s in cdn.served}, cdn.served

# --- the tests ---

def test_range_resolver():
    "The resolver agrees with npm's semver on the forms widgets use (no network)."
    vs = ["0.12.0", "0.13.0", "0.13.3", "0.14.0-alpha.1", "1.0.0", "1.0.15", "1.1.0", "2.0.0", "2.0.1"]
    cases = {"^0.13": "0.13.3", "^0.14": None, "~0.13.1": "0.13.3", "^1.0.1": "1.1.0", "~1.0.1": "1.0.15", "2.0.0": "2.0.0",
             "1.0": "1.0.15", "1.x": "1.1.0", "*": "2.0.1", "": "2.0.1", ">=0.13 <1": "0.13.3", "^3 || ^0.12": "0.12.0",
             "^0.0.1": None, "<0.13": "0.12.0", ">2.0.0": "2.0.1", "<=1.0": "1.0.15"}
    assert {r: max_satisfying(vs, r) for r in cases} == cases
    assert split_cdn_url("https://cdn.jsdelivr.net/npm/@jupyter-widgets/html-manager@%5E1.0.1/dist/embed-amd.js") == \
        ("@jupyter-widgets/html-manager", "^1.0.1", "dist/embed-amd.js")
    assert split_cdn_url("https://unpkg.com/ipycanvas@^0.13/dist/index.js") == ("ipycanvas", "^0.13", "dist/index.js")

def custom_ranges(widget) -> set:
    "(module, range) of every non-built-in widget module our widgets' states ask for, and of a bare ipycanvas Canvas."
    import ipycanvas
    out = {("ipycanvas", ipycanvas.Canvas()._model_module_version)}
    for name in BUILDERS:
        out |= {(m["model_module"], m["model_module_version"]) for m in widget_state(widget(name)).values() if m["model_module"] not in COLAB_BUILTINS}
    return out

@needs_npm
def test_requested_ranges_published(widget):
    "Every range our installed packages request from the CDN has a published version on npm."
    from ipywidgets.embed import DEFAULT_EMBED_REQUIREJS_URL
    wanted = custom_ranges(widget) | {split_cdn_url(DEFAULT_EMBED_REQUIREJS_URL)[:2]}
    assert ("ipycanvas", "^0.13") in wanted, wanted
    unpublished = sorted(mr for mr in wanted if resolve(*mr) is None)
    assert not unpublished, f"no version on npm for {unpublished}: Colab would show 'Error displaying widget'"

@needs_npm
def test_colab_loader_urls(widget):
    "The exact URL Colab's loader builds for each custom module resolves, and the AMD module needs only what Colab defines."
    for module, rng in custom_ranges(widget):
        m, r, f = split_cdn_url(colab_url(module, rng))
        version = resolve(m, r); assert version, f"{colab_url(module, rng)}: no such version on npm"
        js = package_files(m, version).get(f); assert js, f"{m}@{version} has no {f}"
        assert set(amd_deps(js.decode(), module)) <= COLAB_BUILTINS, (module, amd_deps(js.decode(), module))

@needs_browser
@needs_npm
@pytest.mark.parametrize("name", ["painter", "viewer", "explorer"])
def test_widget_renders_from_cdn(widget, browser, name):
    "The widget renders from npm's files alone: painted canvases, buttons, no errors, no unpublished or blocked request."
    w = widget(name); want = expected(w)
    r = render(browser, page_html(w, widget_state(w)), SHOTS / f"cdn_{name}.png", len(want["canvases"]))
    check_rendered(r, want)

@needs_browser
@needs_npm
def test_unpublished_range_fails(widget, browser):
    "Negative control: ipycanvas asking for an unpublished range (as 0.14 does) is detected: nothing of it renders."
    assert resolve("ipycanvas", UNPUBLISHED) is None, f"npm now publishes ipycanvas@{UNPUBLISHED}: pick another range"
    w = widget("painter"); want = expected(w)
    r = render(browser, page_html(w, with_range(widget_state(w), "ipycanvas", UNPUBLISHED)), SHOTS / "cdn_unpublished.png",
               len(want["canvases"]), timeout=10_000)
    with pytest.raises(AssertionError): check_rendered(r, want)     # the harness notices ...
    assert not r["canvases"], r["canvases"]                          # ... because no canvas rendered
    assert any(m["module"] == "ipycanvas" and m["range"] == UNPUBLISHED for m in r["cdn"].missing), r["cdn"].missing
    assert any("Failed to load model class" in e and "'ipycanvas'" in e for e in r["error_widgets"]), r["error_widgets"]   # html-manager's error widget
