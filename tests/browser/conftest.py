"""Browser fixtures: one Debian Chromium per session, a fresh context (cookies, storage) per test, the demo
plan and accounts re-installed for every test (live_server tests are transactional: the database is
flushed after each one, so the session-level demo data of the root conftest is gone)."""

import os
import re
import tempfile
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the main thread; Django would otherwise refuse the
# ORM calls our fixtures make there (install_demo) as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(tempfile.gettempdir()) / "lx-shots"  # outside the repository
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (never download a browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db):
    from liangxin.demo.accounts import install_demo

    return install_demo()


@pytest.fixture
def page(browser, live_server, demo):
    """A page in a fresh context, with the live server as base URL. JavaScript errors fail the test."""
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    js_errors: list[str] = []
    page.on("pageerror", lambda exc: js_errors.append(str(exc)))
    yield page
    context.close()
    assert not js_errors, js_errors


@pytest.fixture
def log_in(page):
    """Log in through the login form, as a user does; returns the page on the home page."""
    from playwright.sync_api import expect

    from liangxin.demo.accounts import DEMO_PASSWORD

    def do_log_in(username: str, password: str = DEMO_PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("用户名", exact=True).fill(username)
        page.get_by_label("密码", exact=True).fill(password)
        page.get_by_role("button", name="登录").click()
        if password == DEMO_PASSWORD:
            expect(page.get_by_test_id("current-user")).to_be_visible()
        return page

    return do_log_in


@pytest.fixture
def screenshot():
    def take(page, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{re.sub(r'[^A-Za-z0-9_-]', '_', name)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
