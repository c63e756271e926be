"""The main tasks with the keyboard alone (WCAG 2.1.1): skip to the content, search and
open a result, follow a case to its recommendations and on to the source report."""

from __future__ import annotations

from collections.abc import Callable

from browser_support import ready
from playwright.sync_api import Page
from test_explorer import tab_to

from conftest import Visit
from quality_figures import add


def focused(page: Page, expression: str) -> str:
    value: str = page.evaluate(f"document.activeElement ? document.activeElement.{expression} : ''")
    return value


def test_the_first_tab_offers_a_skip_link_to_the_content(
    base_url: str, visit: Callable[..., Visit]
) -> None:
    page = visit().page
    page.goto(base_url + "erfaringer/altinn/")
    ready(page)
    page.keyboard.press("Tab")
    assert focused(page, "textContent").strip() == "Gå til innhold"
    assert (
        page.evaluate("document.activeElement.getBoundingClientRect().height") > 0
    )  # visible on focus
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash")
    # The next Tab lands in the content, past the header and navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.md-content')")
    add("Tastaturgjennomganger av hovedoppgaver")


def test_search_from_the_keyboard_and_open_a_result(
    base_url: str, visit: Callable[..., Visit]
) -> None:
    page = visit().page
    page.goto(base_url)
    ready(page)
    page.keyboard.press("/")  # the shortcut to the search box
    assert page.evaluate("document.activeElement.id === 'eb-search-input'")
    page.keyboard.type("eresept")
    page.wait_for_selector(".eb-search__result")
    page.keyboard.press("ArrowDown")
    target = page.evaluate("document.activeElement.href")
    assert target.endswith("erfaringer/eresept/")
    # The filters' counts arrive after the results; the reader stays on the result.
    page.wait_for_selector("#eb-search-filter-0")
    assert page.evaluate("document.activeElement.href") == target
    # Down and up move through the results; up from the first goes back to the box.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.href") == target
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id === 'eb-search-input'")
    # Escape closes the results and leaves the reader in the box.
    page.keyboard.press("Escape")
    assert page.locator("#eb-search-panel").is_hidden()
    assert page.locator("#eb-search-input").input_value() == "eresept"  # the query stays
    page.keyboard.press("Enter")  # the form: the same search, shown again
    page.wait_for_selector("#eb-search-panel .eb-search__result")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert "resept" in page.locator("h1").inner_text().lower()
    add("Tastaturgjennomganger av hovedoppgaver")


def test_from_a_case_to_a_recommendation_and_on_to_its_report(
    base_url: str, visit: Callable[..., Visit]
) -> None:
    page = visit().page
    page.goto(base_url + "erfaringer/altinn/")
    ready(page)
    tab_to(page, ".md-content a[href*='anbefalinger/'][href$='/']:not([href$='anbefalinger/'])")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    tab_to(page, ".md-content a[href*='rapporter/'][href*='#']")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    # The recommendation is an anchor in its report, and the reader lands on it.
    anchor = target.split("#")[1]
    assert page.locator(f"[id='{anchor}']").count() == 1
    assert page.evaluate("location.hash") == "#" + anchor
    add("Tastaturgjennomganger av hovedoppgaver")
