"""Five questions a public servant brings, each answered from the front page in at most
three clicks (issue 23), and the answers checked against the content itself, not against
what the pages say.

1. What has been done on a theme together with an organisation? (Utforsk, two boxes)
2. What did the council recommend in 2019, and what does each recommendation follow up?
3. What is a named model (medfinansieringsordningen)? (the search box)
4. What were the seminars in autumn 2017 about? (Arrangementer)
5. What has Digdir done, the Difi years included? (Bla etter → Virksomheter → Digdir)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from browser_support import ready, search
from playwright.sync_api import Page

from conftest import Visit
from support import REPO


def front_matter(kind: str) -> dict[str, dict[str, Any]]:
    """Every entry of a kind by id, read straight from the content files."""
    found = {}
    for path in sorted((REPO / kind).glob("*.md")):
        data = yaml.safe_load(path.read_text("utf-8").split("---\n")[1])
        if not data.get("draft"):
            found[data["id"]] = data
    return found


class Clicks:
    """A page that counts the clicks a reader makes."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def click(self, selector: str) -> None:
        self.page.locator(selector).first.click()
        ready(self.page)
        self.count += 1


def start(base_url: str, visit: Callable[..., Visit]) -> Clicks:
    page = visit().page
    page.goto(base_url)
    ready(page)
    return Clicks(page)


def test_a_theme_and_an_organisation(base_url: str, visit: Callable[..., Visit]) -> None:
    cases = front_matter("cases")
    expected = {
        c["title"]
        for c in cases.values()
        if "samarbeid-pa-tvers" in c["themes"]
        and "nav" in {o["id"] for o in c.get("organisations", [])}
    }
    assert expected
    reader = start(base_url, visit)
    reader.click(".md-tabs >> text=Utforsk")
    reader.click("label:has-text('Samarbeid på tvers')")
    reader.click("label:has-text('NAV ')")
    assert reader.count <= 3
    titles = set(reader.page.locator(".eb-explorer__results .eb-explorer__title").all_inner_texts())
    # Cases among the results: exactly those with the theme and NAV.
    case_titles = {t for t in titles if t in {c["title"] for c in cases.values()}}
    assert case_titles == expected


def test_the_council_s_2019_advice_and_what_it_follows_up(
    base_url: str, visit: Callable[..., Visit]
) -> None:
    advice = front_matter("recommendations")
    of_2019 = {i: r for i, r in advice.items() if r["source_report"] == "digitaliseringsradet-2019"}
    assert of_2019
    reader = start(base_url, visit)
    reader.click(".md-tabs >> text=Rapporter")
    reader.click("a:has-text('2019')")
    assert reader.count <= 3
    article = reader.page.locator("article").inner_text()
    for rec in of_2019.values():
        assert rec["title"] in article
        for followed in rec.get("follows_up", []):
            assert advice[followed]["title"] in article, (rec["id"], followed)


def test_a_named_model_by_the_search_box(base_url: str, visit: Callable[..., Visit]) -> None:
    reader = start(base_url, visit)
    hits = search(reader.page, "medfinansieringsordningen")
    assert hits and hits[0] == "erfaringer/medfinansieringsordningen/", hits[:3]
    reader.click("#eb-search-panel .eb-search__result > a")
    assert reader.count <= 3
    cases = front_matter("cases")
    assert (
        reader.page.locator("h1").inner_text().rstrip("¶")
        == cases["medfinansieringsordningen"]["title"]
    )


def test_the_seminars_of_autumn_2017(base_url: str, visit: Callable[..., Visit]) -> None:
    events = front_matter("events")

    def start_of(event: dict[str, Any]) -> dt.date:
        return dt.date.fromisoformat(str(event["start"])[:10])

    autumn = {
        e["title"]
        for e in events.values()
        if dt.date(2017, 9, 1) <= start_of(e) <= dt.date(2017, 12, 31)
    }
    assert len(autumn) >= 5
    reader = start(base_url, visit)
    reader.click(".md-tabs >> text=Arrangementer")
    assert reader.count <= 3
    lines = reader.page.locator("article li").all_inner_texts()
    for title in autumn:
        line = next((line for line in lines if line.startswith(title)), None)
        assert line is not None, title
        assert "2017" in line  # the date, as a reader sees it, with the time where known


def test_a_renamed_organisation_s_whole_history(base_url: str, visit: Callable[..., Visit]) -> None:
    named = set()
    for kind in ("cases", "reports", "events"):
        for entry in front_matter(kind).values():
            ids = {o["id"] for o in entry.get("organisations", [])}
            for key in ("publisher", "organiser"):
                value = entry.get(key) or []
                ids |= set(value if isinstance(value, list) else [value])
            if ids & {"difi", "digdir"}:
                named.add(entry["title"])
    reader = start(base_url, visit)
    reader.click(".md-tabs >> text=Bla etter")
    reader.click("a:has-text('Virksomheter') >> visible=true")
    reader.click("article a:has-text('Digitaliseringsdirektoratet')")
    assert reader.count <= 3
    article = reader.page.locator("article").inner_text()
    assert "Difi" in article
    missing = [title for title in named if title not in article]
    assert not missing, missing


def test_the_journeys_start_where_the_content_is(real_site: Path) -> None:
    """The answers above are read from the content, so they are only as good as it is."""
    assert (real_site / "index.html").is_file()
    assert len(front_matter("events")) > 10
