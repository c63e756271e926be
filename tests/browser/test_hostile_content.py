"""Hostile content, built and opened in chromium: no payload runs, none reaches an
attribute or a script context, in pages, search, the explorer's data or the feeds.

Content arrives by pull request, so every field is untrusted. `validate` refuses raw HTML
(the first line); this builds the payloads anyway, with ``fail_on_errors: false``, to
prove the second line: what reaches a reader is inert.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import ready, search
from playwright.sync_api import Page

from conftest import Visit, serve
from quality_figures import add, record
from support import FIXTURES, edit, mkdocs_build, second_line_of_defence, unsafe_in

# Each payload calls alert() with its own number, so a dialog names the one that ran.
BODY_PAYLOADS = [
    "<script>alert('xss-1')</script>",
    "<img src=x onerror=\"alert('xss-2')\">",
    "[klikk her](javascript:alert('xss-3'))",
    "[data-lenke](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLTQnKTwvc2NyaXB0Pg==)",
    "<a href=\"javascript:alert('xss-5')\">lenke</a>",
    "<svg><script>alert('xss-6')</script></svg>",
    "<svg onload=\"alert('xss-7')\"></svg>",
    "![bilde](x\" onerror=\"alert('xss-8'))",
    "Avsnitt med attributt\n{: onmouseover=\"alert('xss-9')\" }",
    "<iframe src=\"javascript:alert('xss-10')\"></iframe>",
    "<details open ontoggle=\"alert('xss-11')\"><summary>x</summary></details>",
    "<a href=\"jav&#x09;ascript:alert('xss-12')\">tabulator</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-13')>",
    "[blandet](  JaVaScRiPt:alert('xss-14'))",
    "<form action=\"javascript:alert('xss-15')\"><button>send</button></form>",
    "<object data=\"javascript:alert('xss-16')\"></object>",
    "[referanse][ond]\n\n[ond]: javascript:alert('xss-17')",
    "<a href=\"data:text/html,<script>alert('xss-18')</script>\">data</a>",
    "<svg><a xlink:href=\"javascript:alert('xss-19')\"><text>x</text></a></svg>",
    "<p style=\"background:url(javascript:alert('xss-20'))\">stil</p>",
    "<base href=\"javascript:alert('xss-21')//\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('xss-22')>\"></noscript>",
    "`<script>alert('xss-23')</script>` i kode og ```<img src=x onerror=alert('xss-24')>```",
]
SCRIPT_URL = "javascript:alert('xss-39')"
# Front matter that reaches pages, lists, JSON-LD, the explorer's data and the feeds.
FIELD_PAYLOADS = {
    "title": "Angrep </script><script>alert('xss-30')</script>",
    "summary": "Angrep <img src=x onerror=alert('xss-31')> i sammendraget",
    "source_title": "\"><svg onload=alert('xss-32')>",
    "source_url": "https://example.org/%22%3E%3Cscript%3Ealert('xss-33')%3C/script%3E",
    "note": "'><script>alert('xss-34')</script>",
    "funding": "<a href=javascript:alert('xss-35')>penger</a>",
    "organisation": "Angrepsetaten <img src=x onerror=alert('xss-36')>",
    "recommendation": "Gjør <b onclick=alert('xss-37')>dette</b>.",
}

HOSTILE_CASE = """---
id: angrep
title: {title}
summary: {summary}
organisations:
  - id: nav
    role: eier
    note: {note}
  - id: angrepsetaten
    role: deltaker
period:
  start: 2018
status: avsluttet
themes: [samarbeid-pa-tvers]
financing:
  - description: {funding}
    funder: nav
sources:
  - title: {source_title}
    publisher: NAV
    date: 2019-06
    url: {source_url}
published: 2026-11-23
---

## Bakgrunn

Angrepsprosjektet prøvde alt.

{body}
"""

# Scans the live DOM (after every script ran): event handlers, script URLs, and payload
# text inside a script that would run.
SCAN = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName}[${name}]`);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc'].includes(name)
          && /^(javascript|data|vbscript):/.test(value)) found.push(`${el.tagName}[${name}=${attr.value}]`);
    }
  }
  for (const script of document.scripts) {
    const runs = !script.type || /javascript|module/.test(script.type);
    if (runs && script.textContent.includes('xss-')) found.push('script: ' + script.textContent.slice(0, 80));
    if (script.type === 'application/ld+json') {
      try { JSON.parse(script.textContent); } catch (e) { found.push('ld+json broken'); }
    }
  }
  return found;
}"""


def yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML strings


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("hostile")
    mini = root / "mini"
    shutil.copytree(FIXTURES / "mini", mini)
    second_line_of_defence(mini / "mkdocs.yml")
    fields = {key: yaml_string(value) for key, value in FIELD_PAYLOADS.items()}
    body = "\n\n".join(BODY_PAYLOADS)
    (mini / "cases" / "angrep.md").write_text(HOSTILE_CASE.format(body=body, **fields), "utf-8")
    # A script URL as a source's address breaks the schema: the entry is refused outright.
    (mini / "cases" / "angrep-lenke.md").write_text(
        HOSTILE_CASE.format(body="Tekst.", **{**fields, "source_url": SCRIPT_URL}).replace(
            "id: angrep\n", "id: angrep-lenke\n"
        ),
        "utf-8",
    )
    with (mini / "taxonomy" / "organisations.yml").open("a", encoding="utf-8") as handle:
        handle.write(
            f"- id: angrepsetaten\n  name: {fields['organisation']}\n"
            "  short_name: \"<script>alert('xss-38')</script>\"\n  kind: annet\n"
        )
    # The recommendation sentence is the page's quotation and the report's anchor text,
    # and it names the hostile case as support (a backlink on the case page).
    rec = mini / "recommendations" / "rad-2017-brukere.md"
    edit(
        rec,
        "recommendation: La brukernes behov være utgangspunktet for samarbeidet.\n",
        f"recommendation: {fields['recommendation']}\nsupporting_cases: [angrep]\n",
    )
    # The explorer and the search are on the site even though the mini nav is small.
    site = root / "site"
    # Not --strict: the content errors are the point (validate reports them, see below).
    result = mkdocs_build(site, mini / "mkdocs.yml", strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "HTML er ikke tillatt i teksten (<script>alert('xss-1')" in result.stderr
    assert "cases/angrep-lenke.md:22: error: sources[0].url:" in result.stderr
    assert not (site / "erfaringer" / "angrep-lenke").exists()
    return site


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


PAGES = [
    "erfaringer/angrep/",
    "erfaringer/",
    "",
    "tema/samarbeid-pa-tvers/",
    "virksomheter/angrepsetaten/",
    "virksomheter/nav/",
    "anbefalinger/rad-2017-brukere/",
    "rapporter/rapport-2017/",
    "utforsk/?sok=angrep",
    "utforsk/?virksomhet=angrepsetaten",
]


def inert(page: Page) -> list[str]:
    found: list[str] = page.evaluate(SCAN)
    return found


@pytest.mark.parametrize("path", PAGES)
def test_no_payload_runs_or_reaches_an_attribute(
    path: str, hostile_url: str, visit: Callable[..., Visit]
) -> None:
    state = visit()
    response = state.page.goto(hostile_url + path)
    assert response is not None and response.ok, path
    ready(state.page)
    # Hover and focus everything once: handlers that wait for a reader would fire now.
    state.page.evaluate(
        "() => document.querySelectorAll('body *').forEach(el => {"
        " el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); })"
    )
    if path.startswith("utforsk"):
        assert state.page.locator(".eb-explorer__results li").count() >= 1, (
            "the payload entry is listed"
        )
    add("Sider med angrep åpnet i nettleseren")
    assert inert(state.page) == []
    add("Angrep som kjørte", len(state.dialogs))
    assert state.dialogs == [], state.dialogs


def test_the_payload_entry_is_shown_as_text(hostile_url: str, visit: Callable[..., Visit]) -> None:
    page = visit().page
    page.goto(hostile_url + "erfaringer/angrep/")
    # What the contributor typed is on the page, as text a reader can see.
    assert "</script><script>alert('xss-30')</script>" in page.locator("h1").inner_text()
    assert "<script>alert('xss-1')</script>" in page.locator("article").inner_text() or (
        "alert('xss-1')" not in page.content()
    )


def test_search_results_for_the_payloads_are_inert(
    hostile_url: str, visit: Callable[..., Visit]
) -> None:
    state = visit()
    state.page.goto(hostile_url)
    for query in ("angrep", "alert", "script", "onerror"):
        search(state.page, query)
        assert inert(state.page) == [], query
    assert state.dialogs == []


def test_feeds_and_data_carry_the_payloads_as_text(hostile_site: Path) -> None:
    feeds = sorted(hostile_site.rglob("*.xml"))
    feeds = [f for f in feeds if f.name != "sitemap.xml"]
    assert feeds, "no feeds were built"
    for feed in feeds:
        tree = ET.parse(feed)  # well-formed: a payload could not break out of the XML
        for element in tree.iter():
            assert not element.tag.endswith(("script", "img", "svg")), (feed, element.tag)
            if element.get("type") == "html" and element.text:
                assert unsafe_in(element.text) == [], (feed, element.text[:200])
            for name, value in element.attrib.items():
                assert not value.lower().startswith("javascript:"), (feed, name, value)
    explorer = json.loads((hostile_site / "utforsk" / "data.json").read_text("utf-8"))
    titles = [item["t"] for item in explorer["items"]]
    assert FIELD_PAYLOADS["title"] in titles  # kept as data, rendered with textContent
    assert all(
        not item["u"].lower().startswith(("javascript", "data")) for item in explorer["items"]
    )


def test_the_corpus_is_counted() -> None:
    record(
        "Angrep (XSS) prøvd i innhold og felt",
        len(BODY_PAYLOADS) + len(FIELD_PAYLOADS) + 2,  # + the short name and SCRIPT_URL
    )


def test_the_scan_and_the_dialog_trap_catch_what_they_look_for(visit: Callable[..., Visit]) -> None:
    """The detectors above, shown to fire on markup that is not inert."""
    state = visit()
    state.page.set_content(
        "<img src=x onerror=\"alert('xss-t')\"><a href=' javascript:void(0)'>x</a>"
        "<script>var s = 'xss-u';</script>"
        '<script type="application/ld+json">{"name": "</script>'
    )
    state.page.wait_for_timeout(200)
    found = inert(state.page)
    assert any("IMG[onerror]" in f for f in found)
    assert any("javascript:" in f for f in found)
    assert any(f.startswith("script: ") for f in found)
    assert "ld+json broken" in found
    assert state.dialogs == ["xss-t"]
