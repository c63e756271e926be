"""Privacy: no request leaves the site, no cookie is set.

A request to a font service or CDN hands the reader's IP address to a third party with
no legal basis; a Norwegian public site must not make one. Every kind of page is opened
with all its requests recorded (search opened too: it loads a worker and the index).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import PAGE_KINDS, ready, search

from conftest import Visit
from quality_figures import add


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_pages_talk_only_to_their_own_server_and_set_no_cookie(
    kind: str, base_url: str, visit: Callable[..., Visit]
) -> None:
    state = visit()
    state.page.goto(base_url + PAGE_KINDS[kind])
    ready(state.page)
    search(state.page, "samarbeid")
    state.page.wait_for_load_state("networkidle")
    assert len(state.requests) > 3, "the recording did not see the page's own requests"
    foreign = state.foreign_requests(base_url)
    add("Sider åpnet med alle forespørsler registrert")
    add("Forespørsler til andre verter", len(foreign))
    assert not foreign, f"{kind} contacts other hosts: {foreign}"
    cookies = state.context.cookies()
    add("Informasjonskapsler satt", len(cookies))
    assert cookies == [] and state.page.evaluate("document.cookie") == ""
    assert not state.errors, state.errors


# What makes a browser fetch something by itself (links that a reader follows do not).
FETCHING = re.compile(
    r"""<(?:script|img|iframe|source|audio|video|embed|object)\b[^>]*?\s(?:src|data)=["']([^"']+)"""
    r"""|<link\b(?=[^>]*\brel=["'](?:stylesheet|preload|prefetch|preconnect|dns-prefetch|icon|manifest|modulepreload)["'])[^>]*\bhref=["']([^"']+)"""
    r"""|url\(\s*["']?((?:https?:)?//[^)"']+)""",
    re.IGNORECASE,
)


def test_no_page_of_the_site_loads_anything_from_another_host(real_site: Path) -> None:
    """Beyond the page kinds opened above: every HTML and CSS file in the build."""
    offenders: list[str] = []
    files = [*real_site.rglob("*.html"), *real_site.rglob("*.css")]
    for path in files:
        for match in FETCHING.finditer(path.read_text("utf-8", errors="replace")):
            url = next(group for group in match.groups() if group)
            if urlsplit(url).netloc:
                offenders.append(f"{path.relative_to(real_site)}: {url}")
    add("Filer i det bygde nettstedet skannet for eksterne ressurser", len(files))
    assert len(files) > 150
    assert not offenders, "\n".join(offenders)
