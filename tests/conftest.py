"Fixtures shared by the test modules: one headless Chromium for the session (a second sync Playwright in the same thread fails)."
import os, shutil
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
