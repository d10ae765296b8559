"""Browser fixtures: Debian's chromium driven by Playwright through its executable path.

Environment: FRONTEND_URL (http://127.0.0.1:3000), API_URL (http://127.0.0.1:4000),
ARTIFACTS_DIR (artifacts/browser), CHROMIUM_PATH (/usr/bin/chromium).
"""
import json
import os
import pathlib
import urllib.request

import pytest
from playwright.sync_api import sync_playwright

FRONTEND_URL = os.environ.get("FRONTEND_URL", "http://127.0.0.1:3000").rstrip("/")
API_URL = os.environ.get("API_URL", "http://127.0.0.1:4000").rstrip("/")
ARTIFACTS_DIR = pathlib.Path(os.environ.get("ARTIFACTS_DIR", "artifacts/browser"))
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def api_get(path):
    with urllib.request.urlopen(API_URL + path, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="session")
def browser():
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        # --no-sandbox: CI containers run as root, where chromium's sandbox cannot start.
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=["--no-sandbox"])
        yield browser
        browser.close()


class PageProblems:
    """Console errors, uncaught exceptions, failed requests and HTTP errors seen by a page."""

    def __init__(self, page):
        self.items = []
        page.on("console", lambda message: message.type == "error" and self.items.append(f"console: {message.text}"))
        page.on("pageerror", lambda error: self.items.append(f"exception: {error}"))
        page.on("requestfailed", lambda request: self._failed(request))
        page.on("response", lambda response: response.status >= 400 and self.items.append(f"HTTP {response.status}: {response.url}"))

    def _failed(self, request):
        # Requests the app cancels on purpose (a newer quote supersedes an older one) are not failures.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.items.append(f"request failed: {request.url} {request.failure}")


@pytest.fixture
def page_factory(browser):
    made = []

    def make(width=1280, height=800):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(20_000)
        problems = PageProblems(page)
        made.append((context, problems))
        return page

    yield make
    failures = [item for _, problems in made for item in problems.items]
    for context, _ in made:
        context.close()
    assert not failures, "the page reported problems:\n" + "\n".join(failures)


@pytest.fixture
def page(page_factory):
    return page_factory()
