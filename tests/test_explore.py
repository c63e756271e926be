"""The explorer's data and page: every entry, facets that add up, links that resolve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from erfaringsbase.content.config import find_settings
from erfaringsbase.content.model import Recommendation
from erfaringsbase.outputs.explore import explorer_data, produce_explorer, produce_explorer_data
from erfaringsbase.pages.render import Asset, Page, Renderer
from erfaringsbase.site import check
from support import FIXTURES


def renderer(root: Path) -> Renderer:
    site = check(find_settings(root), include_drafts=False)
    assert not site.errors
    return Renderer(site.index)


def test_every_entry_once_with_facets_that_refer_to_real_values() -> None:
    ren = renderer(FIXTURES / "mini")
    data = explorer_data(ren)
    assert data["format"] == 1
    keys = [f["key"] for f in data["facets"]]
    assert keys == ["type", "tema", "virksomhet", "livshendelse", "sektor", "ar", "status"]
    assert len(data["items"]) == len(ren.ix.entries) == 8
    for item in data["items"]:
        assert len(item["f"]) == len(keys)
        for facet, positions in zip(data["facets"], item["f"], strict=True):
            assert all(0 <= p < len(facet["values"]) for p in positions)
    by_title = {i["t"]: i for i in data["items"]}
    samspill = by_title["Samspill om jobb"]
    themes = [data["facets"][1]["values"][p][0] for p in samspill["f"][1]]
    assert themes == ["samarbeid-pa-tvers", "gevinstrealisering"]
    orgs = {data["facets"][2]["values"][p][0] for p in samspill["f"][2]}
    assert orgs == {"nav", "digdir"}  # Difi is Digdir: one box, with Difi's entries
    years = {data["facets"][5]["values"][p][0] for p in samspill["f"][5]}
    assert years == {"2018", "2019"}
    assert samspill["u"] == "../erfaringer/samspill/"
    # When, as the page says it: an ongoing case has no end year.
    assert samspill["w"] == "2018 – juni 2019"
    assert by_title["Ordningen"]["w"] == "fra 2016"


def test_facet_values_carry_the_names_a_reader_types() -> None:
    data = explorer_data(renderer(FIXTURES / "mini"))
    digdir = next(v for v in data["facets"][2]["values"] if v[0] == "digdir")
    assert digdir[1] == "Digdir (tidligere Difi)" and "difi" in digdir[2].split()


def test_page_lists_everything_without_javascript_and_stays_out_of_search() -> None:
    made = renderer(FIXTURES / "mini")
    produced = [*produce_explorer_data(made), *produce_explorer(made)]
    (asset,) = [p for p in produced if isinstance(p, Asset)]
    (page,) = [p for p in produced if isinstance(p, Page)]
    assert asset.path == "utforsk/data.json" and page.src_uri == "utforsk/index.md"
    json.loads(asset.content)
    # Out of the site's search, and without a table of contents: in what MkDocs is
    # given, and in the front matter of the page as a file (``render --out``).
    front_matter = yaml.safe_load(page.markdown.split("---\n", 2)[1])
    for meta in (page.meta, front_matter):
        assert meta["search"] == {"exclude": True} and meta["hide"] == ["toc"]
        assert meta["title"] == "Utforsk"
    assert '<div id="eb-explorer" class="eb-explorer"></div>' in page.standalone()
    for title in (
        "Samspill om jobb",
        "Ordningen",
        "Rådets rapport 2017",
        "Jobb sammen",
        "Samhandlingsarena",
    ):
        assert f">{title}</a>" in page.standalone()


@pytest.mark.slow
def test_every_link_in_the_data_resolves_in_the_built_site(real_site: Path) -> None:
    site = real_site
    data = json.loads((site / "utforsk" / "data.json").read_text("utf-8"))
    assert len(data["items"]) > 50
    for item in data["items"]:
        assert (site / "utforsk" / item["u"] / "index.html").resolve().is_file(), item["u"]
    assert (site / "assets/erfaringsbase/explorer.js").is_file()


def test_by_date_an_entry_is_placed_when_it_happened_not_when_it_was_added() -> None:
    """A recommendation sorts with its report; an undated report after every dated entry."""
    ren = Renderer(check(find_settings(FIXTURES / "mini"), include_drafts=False).index)
    dates = {item["u"].split("/")[-2]: item["d"] for item in explorer_data(ren)["items"]}
    ix = ren.ix
    for rec in ix.by_kind["recommendation"]:
        assert isinstance(rec, Recommendation)
        report = ix.get("report", rec.source_report)
        assert report is not None
        assert dates[rec.id] == report.sort_date().isoformat(), rec.id
