"""One truth per fact, and no link that stops short (issue 23): the same fact reads the same
on every page, list, chart and in the explorer; a renamed organisation is one; no page
links to a page that has nothing on it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from erfaringsbase.content.config import find_settings
from erfaringsbase.content.model import Case
from erfaringsbase.outputs.explore import explorer_data
from erfaringsbase.outputs.stats import network_figures
from erfaringsbase.pages.render import Renderer
from erfaringsbase.site import Site, build
from support import FIXTURES, REPO


@pytest.fixture(scope="module", params=["mini", "real"])
def site(request: pytest.FixtureRequest) -> Site:
    root = FIXTURES / "mini" if request.param == "mini" else REPO
    built = build(find_settings(root))
    assert not built.errors, built.errors
    return built


def test_an_ongoing_case_never_shows_an_end(site: Site) -> None:
    assert site.renderer is not None
    ren = site.renderer
    items = {i["u"].split("/")[-2]: i for i in explorer_data(ren)["items"]}
    for case in site.index.by_kind.get("case", []):
        assert isinstance(case, Case)
        page = ren.entries.page(case).standalone()
        facts = re.search(r"<dt>Periode</dt>\n<dd>([^<]*)</dd>", page)
        assert facts is not None, case.id
        shown = [facts.group(1), items[case.id]["w"], ren.period(case.period)]
        if case.period.end is None:
            assert all(not re.search(r"\d{4}\s*–\s*\d{4}|\d{4} –$", s) for s in shown), shown
            assert shown[0].startswith("fra ")
            # «(pågår)» only where the work goes on now: a solution in operation is «i
            # drift», and a status from an old source says when it held («per 2017»).
            goes_on = case.status == "pågående" and case.status_as_of is None
            assert ("(pågår)" in shown[0]) == goes_on, shown[0]
            assert case.status not in ("avsluttet", "stanset"), case.id
        else:
            assert all(str(case.period.end.year) in s for s in shown), shown


def test_a_renamed_organisation_is_one(site: Site) -> None:
    assert site.renderer is not None
    ix = site.index
    data = explorer_data(site.renderer)
    orgs = next(f for f in data["facets"] if f["key"] == "virksomhet")["values"]
    ids = [value[0] for value in orgs]
    assert "difi" not in ids and "digdir" in ids
    digdir = ids.index("digdir")
    counted = sum(digdir in item["f"][2] for item in data["items"])
    named = {m.entry.key for m in ix.mentions("digdir")}
    assert counted == len(named) > 0
    # Difi's entries, its reports' advice included, are Digdir's too.
    assert {m.entry.key for m in ix.mentions("difi")} <= named
    network = network_figures(ix)
    assert all(a != b for a, b in network.shared)
    assert "difi" not in network.cases_of


def test_no_link_to_an_empty_organisation_page(site: Site) -> None:
    assert site.renderer is not None
    ix, urls = site.index, site.index.settings.urls
    prefix = urls.prefix("organisation")
    empty = {o for o in ix.vocabulary.organisations if not ix.mentions(o)}
    assert empty, "the check needs an organisation without entries"
    for page in site.pages():
        html = page.standalone()
        for target in re.findall(rf'href="(?:\.\./)*{prefix}/([a-z0-9-]+)/"', html):
            assert target not in empty, f"{page.src_uri} links to the empty page of {target}"


def test_counts_say_one_and_many(site: Site) -> None:
    for page in site.pages():
        assert not re.search(r"\b1 oppføringer\b", page.standalone()), page.src_uri


def test_the_explorer_data_names_no_build_year_for_ongoing_work(tmp_path: Path) -> None:
    ren = Renderer(build(find_settings(FIXTURES / "mini")).index)
    data = json.loads(json.dumps(explorer_data(ren)))
    assert {i["t"]: i["w"] for i in data["items"]}["Ordningen"] == "fra 2016"


def test_a_status_that_is_a_snapshot_says_when(mini: Path) -> None:
    """«Pågående» from a 2017 source reads as today's; «status_as_of» says when it held."""
    case = mini / "cases" / "ordningen.md"
    text = case.read_text("utf-8")
    case.write_text(
        text.replace("status: i drift\n", "status: i drift\nstatus_as_of: 2020\n"), "utf-8"
    )
    built = build(find_settings(mini))
    assert not built.errors, built.errors
    assert built.renderer is not None
    ordningen = built.index.get("case", "ordningen")
    assert isinstance(ordningen, Case)
    page = built.renderer.entries.page(ordningen).standalone()
    assert "<dt>Status</dt>\n<dd>I drift (per 2020)</dd>" in page
    overview = next(p for p in built.pages() if p.src_uri == "erfaringer/index.md").standalone()
    assert "fra 2016 · i drift (per 2020)" in overview


def test_an_open_status_known_only_from_an_old_source_is_not_said_to_go_on(mini: Path) -> None:
    """«Pågående (per 2017)»: the period does not add «(pågår)», and the figures count it
    apart from the work that goes on now."""
    case = mini / "cases" / "samspill.md"
    text = case.read_text("utf-8")
    text = text.replace('  end: "2019-06"\n', "").replace(
        "status: avsluttet\n", "status: pågående\nstatus_as_of: 2018\n"
    )
    case.write_text(text, "utf-8")
    built = build(find_settings(mini))
    assert not built.errors, built.errors
    assert built.renderer is not None
    samspill = built.index.get("case", "samspill")
    assert isinstance(samspill, Case)
    page = built.renderer.entries.page(samspill).standalone()
    assert "<dd>Pågående (per 2018)</dd>" in page
    assert "<dd>fra 2018</dd>" in page and "(pågår)" not in page
    figures = next(p for p in built.pages() if p.src_uri == "tall/index.md").standalone()
    assert "1 av dem pågår fortsatt, og om 1 vet vi bare at de pågikk" in figures
    assert "2018 – (pågikk per 2018)" in figures
