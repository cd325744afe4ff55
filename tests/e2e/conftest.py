"""Real-browser tests: Playwright drives Debian's Chromium against a live server.

Playwright cannot download its own browser here, so `make test` installs Debian's
chromium (scripts/install_chromium.sh) and these tests launch /usr/bin/chromium.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.lms.sign_in_utils import totp_code

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium) "
            "or set CHROMIUM_PATH."
        )
    # The sync Playwright API runs an event loop in this thread; the ORM calls the
    # tests make meanwhile are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def screenshot(page, name):
    """Save a full-page screenshot under test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def serious_accessibility_violations(page):
    """axe-core's serious and critical violations on the current page."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


# Authenticator secrets of the administrators who set TOTP up, by username.
TOTP_SECRETS = {}


def log_in(page, live_server, username, password):
    """Sign in with a password, as a person would, two-step verification included.

    An administrator's first sign-in goes on to set up TOTP (the password
    again, then a code from the authenticator); later ones ask for a code.
    """
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    if "/accounts/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm").click()
    if "/accounts/2fa/totp/activate/" in page.url:
        secret = page.locator("#authenticator_secret").input_value()
        TOTP_SECRETS[username] = secret
        page.get_by_label("Authenticator code").fill(totp_code(secret))
        with page.expect_navigation():
            page.get_by_role("button", name="Activate").click()
    elif "/accounts/2fa/authenticate/" in page.url:
        page.get_by_label("Code").fill(totp_code(TOTP_SECRETS[username]))
        with page.expect_navigation():
            page.get_by_role("button", name="Sign In").click()
