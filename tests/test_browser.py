"""Swagger UI and ReDoc in a real headless Chromium, with every non-local request refused.

A real server (``kinerja serve --demo``) runs in a subprocess on a free port with its own
SQLite file. The browser is Debian's ``chromium`` driven by Playwright (never
``playwright install``). Any request a page makes to another host is aborted and recorded, so
a docs page that still needs a CDN fails here exactly as it would on an offline intranet.

Without chromium the tests skip, except under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, Response, Route, expect, sync_playwright

from live_server import live_server

pytestmark = pytest.mark.browser

STAFF_USERNAME = "perawat.siti"
STAFF_PASSWORD = "Demo-Staf-2026"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
TIMEOUT_MS = 30_000
# Assertions wait as long as actions: a large OpenAPI document renders slowly on a busy machine.
expect.set_options(timeout=TIMEOUT_MS)
SERVER_START_SECONDS = 60
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


# --- the server -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``kinerja serve --demo`` on a free port; yields its base URL."""
    with live_server(tmp_path_factory.mktemp("browser-server")) as base_url:
        yield base_url


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        message = "chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Traffic:
    """Requests a page made to other hosts (aborted), and local responses that failed."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.blocked == [], f"the page tried to reach other hosts: {self.blocked}"
        assert self.failed == [], f"local requests failed: {self.failed}"


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture
def page(browser: Browser, server: str, traffic: Traffic) -> Iterator[Page]:
    """A fresh browser context on the server in which only local requests get through."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 1600})
    context.set_default_timeout(TIMEOUT_MS)

    def only_local(route: Route, request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme in {"data", "blob"} or url.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            traffic.blocked.append(request.url)
            route.abort("internetdisconnected")

    def note_failure(response: Response) -> None:
        if response.status >= 400:
            traffic.failed.append(f"{response.status} {response.url}")

    # On the context rather than the page: popups and workers are covered too.
    context.route("**/*", only_local)
    page = context.new_page()
    page.on("response", note_failure)
    try:
        yield page
    finally:
        context.close()


# --- the tests --------------------------------------------------------------------------------


def test_swagger_ui_renders_without_network(page: Page, traffic: Traffic) -> None:
    page.goto("/docs")

    expect(page).to_have_title("kinerja_api — Swagger UI")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("kinerja_api")
    expect(page.locator("#operations-tag-auth")).to_be_visible()
    # Tags start collapsed (about 200 operations), with the filter box to find one.
    expect(page.locator("input.operation-filter-input")).to_be_visible()
    expect(page.locator("#operations-auth-auth_me")).to_be_hidden()
    page.locator("#operations-tag-auth").click()
    expect(page.locator("#operations-auth-auth_me")).to_be_visible()
    expect(page.locator(".scheme-container button.authorize")).to_be_visible()

    page.wait_for_load_state("networkidle")
    traffic.assert_clean()


def test_redoc_renders_without_network(page: Page, traffic: Traffic) -> None:
    page.goto("/redoc")

    expect(page).to_have_title("kinerja_api — ReDoc")
    expect(page.locator(".api-content h1").first).to_contain_text("kinerja_api")
    expect(page.get_by_text("Who am I").first).to_be_attached()
    expect(page.get_by_role("link", name="API docs by Redocly")).to_be_visible()

    page.wait_for_load_state("networkidle")  # side-menu images load after the first render
    traffic.assert_clean()


def test_swagger_ui_authorize_and_execute(page: Page, traffic: Traffic, tmp_path: Path) -> None:
    page.goto("/docs")

    # Authorize with the OAuth2 password flow as the demo staff account.
    page.locator(".scheme-container button.authorize").click()
    dialog = page.locator(".dialog-ux .modal-ux")
    expect(dialog).to_be_visible()
    dialog.locator("#oauth_username").fill(STAFF_USERNAME)
    dialog.locator("#oauth_password").fill(STAFF_PASSWORD)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/auth/token")) as token:
        dialog.locator(".auth-btn-wrapper button.authorize").click()
    assert token.value.status == 200, token.value.text()
    expect(dialog.get_by_role("heading", name="Authorized")).to_be_visible()
    expect(dialog.get_by_role("button", name="Remove authorization")).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()

    # GET /api/v1/auth/me: Try it out, Execute.
    page.locator("#operations-tag-auth").click()
    operation = page.locator("#operations-auth-auth_me")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    with page.expect_response(lambda r: r.url.endswith("/api/v1/auth/me")) as me:
        operation.get_by_role("button", name="Execute").click()
    assert me.value.status == 200, me.value.text()

    live = operation.locator(".live-responses-table .response")
    expect(live.locator(".response-col_status")).to_have_text("200")
    expect(live.locator(".response-col_description")).to_contain_text(f'"{STAFF_USERNAME}"')

    screenshot = tmp_path / "swagger-ui.png"
    operation.scroll_into_view_if_needed()
    page.screenshot(path=screenshot, full_page=False)
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000  # a blank page compresses to far less

    traffic.assert_clean()
