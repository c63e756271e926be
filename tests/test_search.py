"""Norwegian search: compound parts, former names and nynorsk forms reach the index.

The browser tests type real queries into the site's search box; these check the index
itself, matching queries the way Material does (each term as a prefix of an indexed word).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from erfaringsbase.config import find_settings
from erfaringsbase.pipeline import check
from erfaringsbase.search import (
    Decompounder,
    EntrySearch,
    enrich,
    enrich_ahead,
    keywords,
    words,
)
from erfaringsbase.urls import public_path
from support import REPO

LEXICON = [
    "gevinst",
    "styring",
    "nytte",
    "modell",
    "portefølje",
    "samarbeid",
    "prosjekt",
    "realisere",
    "digital",
    "sammen",
    "samme",
    "effektiv",
    "nettverk",
    "forvaltning",
    "nivå",
]


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("gevinstrealisering", ("realisering",)),
        ("nyttestyring", ("styring",)),
        ("nettverksstyring", ("styring",)),
        ("porteføljestyringsmodell", ("styringsmodell", "modell")),
        ("samarbeidsprosjekt", ("prosjekt",)),  # not «sprosjekt»
        ("forvaltningsnivå", ("nivå",)),
        ("digitalisering", ()),  # «isering» is an ending, not a word
        ("sammenhengende", ()),  # «samme» is a function word; «hengende» is unknown here
        ("styring", ()),
    ],
)
def test_decompounding(word: str, parts: tuple[str, ...]) -> None:
    assert Decompounder(LEXICON).parts(word) == parts


def test_keywords_add_parts_names_and_nynorsk_but_not_what_prefix_search_finds() -> None:
    found = keywords(
        "Gevinstrealisering i livshendelser. Styringsmodell for virksomheter.",
        Decompounder(LEXICON),
        ["Digitaliseringsdirektoratet", "Difi"],
    )
    assert "realisering" in found and "difi" in found
    assert "livshendingar" in found and "verksemder" in found
    assert "modell" in found
    assert "styring" not in found  # «styringsmodell» on the page already starts with it


@pytest.fixture(scope="module")
def index(real_site: Path) -> list[dict[str, str]]:
    data = json.loads((real_site / "search" / "search_index.json").read_text("utf-8"))
    docs: list[dict[str, str]] = data["docs"]
    return docs


#: Every field the site's search box searches (the index's config lists them with their
#: boosts): the text, and what the plugin adds.
SEARCHED_FIELDS = ("title", "text", "keywords", "facts", "title_parts")


def search(docs: list[dict[str, str]], query: str) -> set[str]:
    """Pages whose searched fields have a word beginning with every query term."""
    terms = words(query)
    hits = set()
    for doc in docs:
        tokens = words(" ".join(doc.get(f, "") for f in SEARCHED_FIELDS))
        if all(any(t.startswith(term) for t in tokens) for term in terms):
            hits.add(doc["location"].split("#")[0])
    return hits


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("realisering", "tema/gevinstrealisering/"),
        ("styring", "erfaringer/stimulab-tverrsektoriell-styring/"),
        ("Difi", "virksomheter/digdir/"),
        # A Digdir case that never mentions Difi is found by the former name too.
        ("Difi", "erfaringer/stimulab-tverrsektoriell-styring/"),
        ("Brreg", "erfaringer/altinn/"),
        ("livshending", "livshendelser/"),
        ("verksemd", "virksomheter/"),
    ],
)
def test_site_index_finds_what_prefix_search_alone_would_not(
    index: list[dict[str, str]], query: str, expected: str
) -> None:
    assert expected in search(index, query)
    without = [{k: v for k, v in d.items() if k not in ("keywords", "title_parts")} for d in index]
    if (query, expected) in {
        ("realisering", "tema/gevinstrealisering/"),
        ("Difi", "erfaringer/stimulab-tverrsektoriell-styring/"),
        ("livshending", "livshendelser/"),
        ("verksemd", "virksomheter/"),
    }:
        assert expected not in search(without, query)  # the keywords made the difference


def test_enrich_touches_only_keywords_and_is_deterministic() -> None:
    index = {
        "config": {},
        "docs": [
            {"location": "a/", "title": "Gevinstrealisering", "text": "Om nyttestyring."},
            {"location": "a/#del", "title": "Del", "text": "Tekst."},
        ],
    }
    first = enrich(json.loads(json.dumps(index)), {"a/": ["Difi"]})
    again = enrich(json.loads(json.dumps(index)), {"a/": ["Difi"]})
    assert first == again
    assert first["docs"][0]["keywords"].split() == sorted(first["docs"][0]["keywords"].split())
    assert "difi" in first["docs"][0]["keywords"]
    assert "keywords" not in first["docs"][1] or "difi" not in first["docs"][1]["keywords"]
    assert {k for d in first["docs"] for k in d} <= {"location", "title", "text", "keywords"}
    assert re.fullmatch(r"[\w ]+", first["docs"][0]["keywords"])


def test_keywords_found_ahead_are_taken_only_for_the_very_same_documents() -> None:
    alone = {"location": "a/", "title": "Nyttestyring", "text": "Om nyttestyring i staten."}
    other = {"location": "b/", "title": "Styring", "text": "Om styring."}
    names = {"a/": ["Difi"]}

    def fresh(*docs: dict[str, str]) -> dict[str, object]:
        return {"config": {}, "docs": [dict(d) for d in docs]}

    # «styring» is a part of «nyttestyring» only where the site has the word on its own:
    # what was found for one page alone does not hold once another page comes.
    assert "styring" not in enrich(fresh(alone), names)["docs"][0].get("title_parts", "")
    both = enrich(fresh(alone, other), names)
    assert "styring" in both["docs"][0]["title_parts"].split()

    ahead = enrich_ahead(fresh(alone, other)["docs"], names, {}, {})  # type: ignore[arg-type]
    assert enrich(fresh(alone, other), names, ahead=ahead) == both
    assert ahead.taken
    stale = enrich_ahead([dict(alone)], names, {}, {})
    assert enrich(fresh(alone, other), names, ahead=stale) == both
    assert not stale.taken
    changed = enrich_ahead([dict(alone), {**other, "text": "Om annet."}], names, {}, {})
    assert enrich(fresh(alone, other), names, ahead=changed) == both
    assert not changed.taken


QUERIES = yaml.safe_load((REPO / "tests" / "data" / "search_queries.yml").read_text("utf-8"))


def test_command_line_search_finds_the_right_page_in_the_top_three(
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = check(find_settings(REPO), include_drafts=False)
    engine = EntrySearch(site.index)
    urls = site.index.settings.urls
    found = 0
    for q in QUERIES:
        top = [
            public_path(urls.page(h.entry.kind, h.entry.id)) for h in engine.search(q["query"], 3)
        ]
        found += any(t in q["expect"] for t in top)
    with capsys.disabled():
        print(
            f"\nerfaringsbase search: {found} av {len(QUERIES)} spørringer med riktig side blant de tre første"
        )
    assert found >= 0.9 * len(QUERIES)


def test_search_command_prints_urls_and_files(run_cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = run_cli("search", "elektronisk resept", "--limit", "2")
    assert code == 0
    lines = out.splitlines()
    assert "erfaring" in lines[0] and "eResept" in lines[0]
    assert lines[1].strip() == "https://erfaringsbasen.no/erfaringer/eresept/"
    assert lines[2].strip() == "cases/eresept.md"
    code, out, _ = run_cli("search", "qqqxyz")
    assert code == 1 and "Ingen treff" in out


def test_facts_are_searched_once_and_title_parts_weigh_like_the_title() -> None:
    index = {
        "config": {"fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
        "docs": [
            {"location": "r/", "title": "Dynamisk nyttestyring", "text": "Om modellen."},
            {"location": "r/#del", "title": "Del", "text": "Tekst om nytte og styring."},
        ],
    }
    facts = {"r/": "Arbeids- og velferdsetaten (NAV) (eier), Arbeids- og velferdsetaten (NAV)"}
    done = enrich(index, {}, facts=facts, own_names={"r/": ["Modellen"]})
    first = done["docs"][0]
    # Each fact word once, none that the text (or another fact word) already begins.
    assert first["facts"].split() == ["arbeids", "eier", "nav", "velferdsetaten"]
    assert "styring" in first["title_parts"].split()
    assert "modellen" in first["keywords"].split()  # its own name, although the text has it
    assert done["config"]["fields"]["facts"] == {"boost": 1.0}
    assert done["config"]["fields"]["title_parts"]["boost"] > 8  # above the keywords
    assert "facts" not in done["docs"][1]
    cache: dict[tuple[str, ...], tuple[frozenset[str], str, str, str]] = {}
    again = enrich(json.loads(json.dumps(index)), {}, cache, facts, {"r/": ["Modellen"]})
    assert (
        again["docs"]
        == enrich(json.loads(json.dumps(index)), {}, cache, facts, {"r/": ["Modellen"]})["docs"]
    )


def test_a_page_is_displayed_as_materials_search_plugin_leaves_it() -> None:
    """The worker takes the search settings out of a page it has made the search documents
    of, as Material's search plugin would have: held to Material's own code."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchPlugin

    from erfaringsbase.searchdocs import displayed

    html = (
        '<h2 data-search-exclude="" id="a">A</h2>\n<p data-search-boost="2" class="x">B</p>'
        '<div\tdata-search-exclude>C</div><p data-search-boost="">D</p> data-search-x="y"'
    )
    plugin = SearchPlugin()
    plugin.config = SimpleNamespace(enabled=True)  # type: ignore[assignment]
    plugin.search_index = SimpleNamespace(add_entry_from_context=lambda page: None)
    page = SimpleNamespace(content=html)
    plugin.on_page_context({}, page=page, config=None, nav=None)  # type: ignore[arg-type]
    assert displayed(html) == page.content != html
