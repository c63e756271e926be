"""The browser harness: the real site built once, served on 127.0.0.1, opened in Debian's
chromium through Playwright (never ``playwright install``: the browser comes from apt).

A missing browser fails these tests rather than skipping them: ``./scripts/test`` installs
chromium where the machine allows it, and a green run must mean the pages were looked at.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from support import mkdocs_build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Quiet, offline chromium: no component updates, sync or background requests of its own,
# so every request the privacy test sees comes from the page.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build_site(config: Path, site: Path) -> Path:
    result = mkdocs_build(site, config)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def base_url(real_site: Path) -> Iterator[str]:
    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    assert CHROMIUM, "chromium is not installed: run ./scripts/test, which installs it"
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert CHROMIUM
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Visit:
    """A browser context with everything it requested and every dialog it raised."""

    context: BrowserContext
    page: Page
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign_requests(self, base_url: str) -> list[str]:
        """Requests to anything but the local server (data: and blob: stay in the page)."""
        local = urlsplit(base_url).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "blob", "about"}
            and urlsplit(url).netloc != local
        ]


@pytest.fixture
def visit(browser: Browser) -> Iterator[Callable[..., Visit]]:
    """Open a fresh browser context (no stored palette, no cookies) and record its traffic."""
    opened: list[BrowserContext] = []

    def open_(scheme: str = "light", width: int = 1280, height: int = 900) -> Visit:
        context = browser.new_context(
            color_scheme="dark" if scheme == "dark" else "light",
            viewport={"width": width, "height": height},
            locale="nb-NO",
            timezone_id="Europe/Oslo",
        )
        opened.append(context)
        page = context.new_page()
        state = Visit(context, page)
        context.on("request", lambda request: state.requests.append(request.url))
        # Dismiss, but remember: a dialog is how an injected alert() shows itself.
        page.on("dialog", lambda dialog: (state.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: state.errors.append(str(error)))
        return state

    yield open_
    for context in opened:
        context.close()
