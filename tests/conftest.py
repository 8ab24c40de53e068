"Fixtures shared by the test modules: one headless Chromium and one JupyterLab server for the session (a second sync Playwright in the same thread fails)."
import json, os, shutil, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

@pytest.fixture(scope="session")
def browser():
    "Debian's Chromium, headless, through Playwright (never `playwright install`); skips when it is not installed."
    if not os.path.exists(CHROMIUM): pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b; b.close()

def _free_port():
    with socket.socket() as s: s.bind(("127.0.0.1", 0)); return s.getsockname()[1]

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
