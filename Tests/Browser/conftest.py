"""Browser fixtures: Debian's chromium driven by Playwright through its executable path.

Environment: see browser_env.py.
"""
import pytest
from playwright.sync_api import sync_playwright

from browser_env import ARTIFACTS_DIR, CHROMIUM_PATH


@pytest.fixture(scope="session")
def browser():
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        # --no-sandbox: CI containers run as root, where chromium's sandbox cannot start.
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=["--no-sandbox"])
        yield browser
        browser.close()


class PageProblems:
    """Console errors, uncaught exceptions, failed requests and HTTP errors seen by a page.

    A test that provokes an error answer on purpose allows it with `browser_env.allow(page, fragment)`:
    problems containing an allowed fragment are not failures.
    """

    def __init__(self, page):
        self.items = []
        self.allowed = []
        page.basebook_problems = self
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
    failures = [item for _, problems in made for item in problems.items
                if not any(fragment in item for fragment in problems.allowed)]
    for context, _ in made:
        context.close()
    assert not failures, "the page reported problems:\n" + "\n".join(failures)


@pytest.fixture
def page(page_factory):
    return page_factory()
