"""Where the browser tests find the suite, from the environment (scripts/test-e2e.sh sets it).

FRONTEND_URL (http://127.0.0.1:3000), API_URL (the backend's REST base, http://127.0.0.1:4000),
ARTIFACTS_DIR (artifacts/browser), CHROMIUM_PATH (/usr/bin/chromium). A module of its own,
not conftest.py: Tests/E2E has a conftest too, and `import conftest` would get either.
"""
import json
import os
import pathlib
import urllib.request

FRONTEND_URL = os.environ.get("FRONTEND_URL", "http://127.0.0.1:3000").rstrip("/")
API_URL = os.environ.get("API_URL", "http://127.0.0.1:4000").rstrip("/")
ARTIFACTS_DIR = pathlib.Path(os.environ.get("ARTIFACTS_DIR", "artifacts/browser"))
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def api_get(path):
    with urllib.request.urlopen(API_URL + path, timeout=10) as response:
        return json.load(response)


def allow(page, *fragments):
    """Problems the page reports (console lines, HTTP errors) that contain any of `fragments`
    do not fail the test: for tests that provoke an error answer on purpose."""
    page.basebook_problems.allowed.extend(fragments)
