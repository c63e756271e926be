"""WCAG 2.1 AA, checked by axe-core in chromium on every kind of page, in both palettes.

Zero violations is the bar: forskrift om universell utforming av IKT-løsninger makes
WCAG 2.1 AA the legal floor for a Norwegian public site.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from browser_support import PAGE_KINDS, axe, describe, ready, search
from playwright.sync_api import Page

from conftest import Visit
from quality_figures import add, record

SCHEMES = ("light", "dark")


def assert_no_violations(page: Page, what: str) -> None:
    """Run axe, count the page and what it found, and fail with axe's own explanations."""
    violations = axe(page)
    add("Sider sjekket med axe (sidetyper × lyst/mørkt)")
    add("Brudd på WCAG 2.1 A/AA funnet av axe", len(violations))
    assert not violations, f"{what}:\n{describe(violations)}"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_every_kind_of_page_has_no_wcag_violations(
    kind: str, scheme: str, base_url: str, visit: Callable[..., Visit]
) -> None:
    state = visit(scheme)
    response = state.page.goto(base_url + PAGE_KINDS[kind])
    assert response is not None and response.ok, kind
    ready(state.page)
    scheme_shown = state.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme_shown == ("slate" if scheme == "dark" else "default")
    # The page kinds, plus search open with results and the explorer with filters.
    record("Sidetyper sjekket med axe", len(PAGE_KINDS) + 2)
    assert_no_violations(state.page, f"{kind} ({scheme})")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_open_with_results_has_no_wcag_violations(
    scheme: str, base_url: str, visit: Callable[..., Visit]
) -> None:
    state = visit(scheme)
    state.page.goto(base_url)
    assert search(state.page, "gevinst")
    # The results are a region with a name, and the box says it controls them.
    panel = state.page.locator("#eb-search-panel[role=region]")
    assert panel.get_attribute("aria-label")
    assert (
        state.page.locator("#eb-search-input").get_attribute("aria-controls") == "eb-search-panel"
    )
    # The filters too: a result list and its filters have no violations with a filter set.
    state.page.locator("#eb-search-filter-0").select_option(index=1)
    state.page.wait_for_function(
        "() => document.querySelector('#eb-search-filter-0') && "
        "document.querySelector('#eb-search-filter-0').value !== ''"
    )
    assert_no_violations(state.page, f"søk ({scheme})")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_explorer_with_filters_ticked_has_no_wcag_violations(
    scheme: str, base_url: str, visit: Callable[..., Visit]
) -> None:
    state = visit(scheme, width=390, height=844)  # a phone: filters above the results
    state.page.goto(base_url + "utforsk/")
    ready(state.page)
    state.page.get_by_label("Samarbeid på tvers").check()
    state.page.locator(".eb-explorer__toggle").first.click()  # a long facet opened
    state.page.get_by_role("searchbox", name="Søk i oppføringene").fill("nav")
    state.page.wait_for_function("location.search.includes('sok=nav')")
    assert_no_violations(state.page, f"utforsk med filtre ({scheme})")
