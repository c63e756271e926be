"""The explorer («Utforsk») driven in chromium: combined filters with counts that follow,
a shared URL that reopens the same view, keyboard-only use, and the page without script.

Expected results are computed here from data.json with the rules the page promises (OR
within a facet, AND across facets), independently of explorer.js.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from browser_support import ready
from playwright.sync_api import Page

from conftest import Visit


@pytest.fixture(scope="module")
def data(real_site: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((real_site / "utforsk" / "data.json").read_text("utf-8"))
    return loaded


def position(data: dict[str, Any], facet: str, value: str) -> tuple[int, int]:
    for f, spec in enumerate(data["facets"]):
        if spec["key"] == facet:
            return f, [v[0] for v in spec["values"]].index(value)
    raise KeyError(facet)


def matching(
    data: dict[str, Any], selected: dict[int, set[int]], skip: int = -1
) -> list[dict[str, Any]]:
    return [
        item
        for item in data["items"]
        if all(f == skip or set(item["f"][f]) & values for f, values in selected.items())
    ]


def shown_titles(page: Page) -> list[str]:
    return page.locator(".eb-explorer__results .eb-explorer__title").all_inner_texts()


def status_text(page: Page) -> str:
    return page.locator(".eb-explorer__status").inner_text()


def found(n: int) -> str:
    return "1 oppføring passer" if n == 1 else f"{n} oppføringer passer"


def test_combined_filters_narrow_the_results_and_every_count_follows(
    base_url: str, visit: Callable[..., Visit], data: dict[str, Any]
) -> None:
    page = visit().page
    page.goto(base_url + "utforsk/")
    ready(page)
    kind = position(data, "type", "case")
    theme = position(data, "tema", "gevinstrealisering")
    page.locator(f"#eb-type-{kind[1]}").check()
    page.locator(f"#eb-tema-{theme[1]}").check()
    selected = {kind[0]: {kind[1]}, theme[0]: {theme[1]}}
    expected = matching(data, selected)
    assert 0 < len(expected) < len(matching(data, {kind[0]: {kind[1]}}))
    page.wait_for_function(
        "t => document.querySelector('.eb-explorer__status').textContent === t",
        arg=found(len(expected)),
    )
    assert sorted(shown_titles(page)) == sorted(item["t"] for item in expected)
    assert page.evaluate("location.search") == "?type=case&tema=gevinstrealisering"

    # The count beside each organisation: what ticking it would leave, other filters kept.
    f_org = position(data, "virksomhet", "nav")[0]
    for p, value in enumerate(data["facets"][f_org]["values"]):
        n = sum(1 for item in expected if p in item["f"][f_org])
        label = page.locator(f"label[for=eb-virksomhet-{p}] .eb-explorer__count")
        if n:
            assert label.inner_text() == f"({n})", value
    # A second theme widens (OR within a facet).
    other = position(data, "tema", "fornyelse")
    page.locator(f"#eb-tema-{other[1]}").check()
    selected[theme[0]].add(other[1])
    wider = matching(data, selected)
    assert len(wider) > len(expected)
    page.wait_for_function(
        "t => document.querySelector('.eb-explorer__status').textContent === t",
        arg=found(len(wider)),
    )
    assert (
        "tema=gevinstrealisering%2Cfornyelse" in page.url
        or "tema=fornyelse%2Cgevinstrealisering" in page.url
    )


def test_a_shared_url_opens_the_same_view(
    base_url: str, visit: Callable[..., Visit], data: dict[str, Any]
) -> None:
    shared = "utforsk/?type=recommendation&tema=samarbeid-pa-tvers&sortering=tittel"
    page = visit().page
    page.goto(base_url + shared)
    ready(page)
    kind = position(data, "type", "recommendation")
    theme = position(data, "tema", "samarbeid-pa-tvers")
    assert page.locator(f"#eb-type-{kind[1]}").is_checked()
    assert page.locator(f"#eb-tema-{theme[1]}").is_checked()
    assert page.locator("#eb-sort").input_value() == "tittel"
    expected = matching(data, {kind[0]: {kind[1]}, theme[0]: {theme[1]}})
    titles = shown_titles(page)
    shown = min(len(expected), 50)
    assert len(titles) == shown and set(titles) <= {item["t"] for item in expected}
    # Sorted by title the Norwegian way (æ, ø, å last), as the reader asked in the URL.
    assert titles == sorted(titles, key=lambda t: [NB_ORDER.get(c, c) for c in t.lower()])
    assert page.evaluate("location.search") == "?" + shared.split("?")[1]
    # The reopened view says which filters are on, and so does the tab's title.
    active = page.locator(".eb-explorer__active").inner_text()
    assert active == "Valgt: Type: Anbefaling; Tema: Samarbeid på tvers"
    assert page.title().startswith("Resultater: Type: Anbefaling; Tema: Samarbeid på tvers – ")


def test_show_more_only_when_there_is_more_and_big_values_in_sight(
    base_url: str, visit: Callable[..., Visit], data: dict[str, Any]
) -> None:
    page = visit().page
    page.goto(base_url + "utforsk/?type=report")
    ready(page)
    # Everything is listed: no «Vis flere» that does nothing.
    assert len(shown_titles(page)) == len(
        matching(data, {0: {position(data, "type", "report")[1]}})
    )
    assert not page.locator(".eb-explorer__more").is_visible()
    page.goto(base_url + "utforsk/")
    ready(page)
    assert page.locator(".eb-explorer__more").is_visible() == (len(data["items"]) > 50)
    # Collapsed, the organisations with the most entries are in sight (NAV among them).
    f, nav = position(data, "virksomhet", "nav")
    counts = sorted(
        (
            sum(nav_p in i["f"][f] for i in data["items"])
            for nav_p in range(len(data["facets"][f]["values"]))
        ),
        reverse=True,
    )
    nav_count = sum(nav in i["f"][f] for i in data["items"])
    if nav_count >= counts[7]:
        assert page.locator(f"#eb-virksomhet-{nav}").is_visible()


NB_ORDER = {"æ": "{", "ø": "|", "å": "}"}


def test_keyboard_alone_filters_and_opens_a_result(
    base_url: str, visit: Callable[..., Visit], data: dict[str, Any]
) -> None:
    page = visit().page
    page.goto(base_url + "utforsk/")
    ready(page)
    tab_to(page, "#eb-q")
    page.keyboard.type("resept")
    page.wait_for_function("location.search === '?sok=resept'")
    # A screen reader hears the new count: it is written into a polite live region.
    status = page.locator(".eb-explorer__status")
    assert (
        status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    )
    page.wait_for_function(
        "document.querySelector('.eb-explorer__status').textContent.endsWith('passer')"
    )
    kind = position(data, "type", "case")
    tab_to(page, f"#eb-type-{kind[1]}")
    page.keyboard.press("Space")
    page.wait_for_function("location.search.includes('type=case')")
    tab_to(page, ".eb-explorer__results a")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert "resept" in page.locator("h1").inner_text().lower()


def tab_to(page: Page, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching ``selector`` has focus (fails if it never does)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"{selector} never received focus from the keyboard")


def test_without_javascript_the_page_lists_every_entry_with_a_link(
    base_url: str, browser: Any, data: dict[str, Any]
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "utforsk/")
    links = page.locator("#alle-oppforinger ~ * a[href]").evaluate_all(
        "links => links.map(a => a.href)"
    )
    context.close()
    expected = {urljoin(base_url + "utforsk/", item["u"]) for item in data["items"]}
    assert len(data["items"]) > 50 and expected <= set(links)
