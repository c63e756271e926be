"""«Tall og oversikt» and the small charts: the numbers against the content (add a case and
they change), the accessible markup on the page, determinism, escaping, and a real strict
MkDocs build in which every chart arrives unchanged and every network link resolves."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

import erfaringsbase.site as site_module
from erfaringsbase.content.config import find_settings
from erfaringsbase.outputs import producers, stats
from erfaringsbase.pages.render import Page, Renderer
from support import edit, unsafe_in

NEW_CASE = """---
id: arveoppgjor
title: Digitalt arveoppgjør
summary: NAV og Brønnøysundregistrene gjør arveoppgjøret enklere.
organisations:
  - id: nav
    role: eier
  - id: brreg
    role: deltaker
period:
  start: "2020-03"
status: pågående
themes: [fornyelse]
life_events: [dodsfall-og-arv]
sources:
  - title: Prosjektside
    publisher: NAV
published: 2026-11-23
---
"""

NEW_RECOMMENDATION = """---
id: rad-2019-forny
title: Forny
recommendation: Tenk nytt om tjenestene.
themes: [fornyelse, samarbeid-pa-tvers]
audience: [virksomheter]
source_report: rapport-2019
order: 2
published: 2026-11-23
---
"""


def renderer(root: Path, *, errors: bool = False) -> Renderer:
    """The renderer the producers get; ``errors`` renders anyway, as ``mkdocs serve`` does."""
    site = site_module.check(find_settings(root), include_drafts=False)
    assert errors or not site.errors, [p.format_text() for p in site.errors]
    return Renderer(site.index)


def stats_page(root: Path, *, errors: bool = False) -> Page:
    pages = list(stats.produce_stats(renderer(root, errors=errors)))
    assert len(pages) == 1
    return pages[0]


def section(markdown: str, anchor: str) -> str:
    # `{#anchor}`, or `{ #anchor data-search-exclude }` (the figures stay out of search).
    found = re.search(rf"\{{ ?#{re.escape(anchor)}[ }}]", markdown)
    assert found is not None, anchor
    start = found.start()
    end = markdown.find("\n## ", start)
    return markdown[start : end if end != -1 else len(markdown)]


def svgs(markdown: str) -> list[str]:
    return re.findall(r"<svg class=\"eb-chart__svg\".*?</svg>", markdown, re.S)


def svg_rows(svg: str) -> list[tuple[str, str]]:
    """(label, number) of each row of a bar chart; (label, '') for rows without one."""
    found = []
    for group in ET.fromstring(svg).iter("g"):
        if group.get("class") != "eb-chart__row":
            continue
        texts = {
            t.get("class"): " ".join("".join(t.itertext()).split()) for t in group.iter("text")
        }
        found.append((texts.get("eb-chart__label", ""), texts.get("eb-chart__value", "")))
    return found


def table(text: str, index: int = 0) -> list[list[str]]:
    """Rows of the n-th table (header first), links reduced to their text."""
    found = re.findall(r"<table>.*?</table>", text, re.S)[index]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", found, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


# --- numbers against the content -----------------------------------------------------------


def test_life_events_count_cases_and_name_the_gaps(mini: Path) -> None:
    part = section(stats_page(mini).standalone(), "livshendelser")
    (svg,) = svgs(part)
    assert svg_rows(svg) == [("Miste og finne jobb", "1"), ("Dødsfall og arv", "0")]
    assert "ingen erfaringer ennå" in svg
    assert table(part) == [
        ["Livshendelse", "Erfaringer"],
        ["Miste og finne jobb", "1"],
        ["Dødsfall og arv", "0"],
    ]
    assert "Ingen erfaringer er registrert for livshendelsen Dødsfall og arv." in part
    assert "1 av 2 livshendelser har minst én erfaring." in part


def test_adding_a_case_changes_every_count(mini: Path) -> None:
    before = stats_page(mini).standalone()
    (mini / "cases" / "arveoppgjor.md").write_text(NEW_CASE, "utf-8")
    after = stats_page(mini).standalone()
    assert before != after
    # Life events: the gap is filled.
    assert table(section(after, "livshendelser")) == [  # ties in alphabetical order
        ["Livshendelse", "Erfaringer"],
        ["Dødsfall og arv", "1"],
        ["Miste og finne jobb", "1"],
    ]
    assert "ingen erfaringer ennå" not in svgs(section(after, "livshendelser"))[0]
    # Sectors: NAV (ASD) and the life event's ministry (KMD) each gain a case.
    assert dict(map(tuple, table(section(after, "sektorer"))[1:])) == {  # type: ignore[arg-type]
        "Kommunal og forvaltning": "3",
        "Arbeid og sosiale saker": "2",
    }
    # Timeline: a third row, ongoing.
    timeline = table(section(after, "tidslinje"))
    assert ["Digitalt arveoppgjør", "mars 2020", "pågår"] in timeline and len(timeline) == 4
    # Network: NAV and Brreg now share a case.
    network = {row[0]: row for row in table(section(after, "samarbeid"))[1:]}
    assert network["Brønnøysundregistrene (Brreg)"][1:] == ["1", "NAV (1)"]
    assert network["Arbeids- og velferdsetaten (NAV)"][1] == "2"


def test_recommendations_per_theme_and_source(mini: Path) -> None:
    part = section(stats_page(mini).standalone(), "anbefalinger")
    assert table(part) == [
        ["Tema", "Difi 2017", "Difi og KMD 2019", "Totalt"],
        ["Samarbeid på tvers", "1", "1", "2"],
        ["Fornyelse", "0", "0", "0"],
        ["Gevinstrealisering", "0", "0", "0"],
    ]
    (mini / "recommendations" / "rad-2019-forny.md").write_text(NEW_RECOMMENDATION, "utf-8")
    part = section(stats_page(mini).standalone(), "anbefalinger")
    rows = {row[0]: row[1:] for row in table(part)[1:]}
    assert rows["Samarbeid på tvers"] == ["1", "2", "3"]
    assert rows["Fornyelse"] == ["0", "1", "1"]
    assert "Samarbeid på tvers går igjen i hver eneste kilde." in part


def test_a_large_site_draws_the_largest_sources_and_the_latest_cases(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond ``MAX_SOURCES`` sources and ``MAX_CASES`` cases the figures draw the largest
    and the latest, the rest as one, and say so; the sentences still count everything."""
    (mini / "recommendations" / "rad-2019-forny.md").write_text(NEW_RECOMMENDATION, "utf-8")
    before = stats_page(mini).standalone()
    full_timeline = table(section(before, "tidslinje"))
    assert len(full_timeline) > 2, "the fixture has more than one case"
    monkeypatch.setattr(stats, "MAX_SOURCES", 1)
    monkeypatch.setattr(stats, "MAX_CASES", 1)
    after = stats_page(mini).standalone()
    part = section(after, "anbefalinger")
    assert table(part) == [
        ["Tema", "Difi og KMD 2019", "Andre kilder (1)", "Totalt"],
        ["Samarbeid på tvers", "2", "1", "3"],
        ["Fornyelse", "1", "0", "1"],
        ["Gevinstrealisering", "0", "0", "0"],
    ]
    assert "Anbefalingene kommer fra 2 kilder" in part
    assert "viser de 1 kildene med flest anbefalinger; de 1 andre står samlet." in part
    [chart] = svgs(part)
    assert ("Andre kilder (1)", "1") in svg_rows(chart)
    timeline = section(after, "tidslinje")
    assert table(timeline) == [full_timeline[0], full_timeline[-1]]
    counted_all = section(before, "tidslinje").split("\n\n")[1].split(";")[0]
    assert counted_all in timeline and "viser de 1 som begynte sist" in timeline


def test_every_chart_is_labelled_by_its_title_and_description(mini: Path) -> None:
    page = stats_page(mini).standalone()
    found = svgs(page)
    assert len(found) == 5
    ids: list[str] = []
    for svg in found:
        root = ET.fromstring(svg)
        labelled = root.get("aria-labelledby", "").split()
        assert len(labelled) == 2 and root.get("role") in ("img", "group")
        title, desc = root.find("title"), root.find("desc")
        assert title is not None and desc is not None
        assert [title.get("id"), desc.get("id")] == labelled
        assert (title.text or "").strip() and (desc.text or "").strip()
        ids += labelled
    assert len(ids) == len(set(ids))


def test_same_content_in_any_order_gives_identical_bytes(mini: Path) -> None:
    first = stats_page(mini).standalone()
    site = site_module.check(find_settings(mini), include_drafts=False)
    site.corpus.entries.reverse()
    vocab = site.corpus.vocabulary
    vocab.organisations = dict(reversed(list(vocab.organisations.items())))
    from erfaringsbase.index.cross import CrossIndex

    shuffled = next(iter(stats.produce_stats(Renderer(CrossIndex(site.corpus))))).standalone()
    assert shuffled == first
    assert stats_page(mini).standalone() == first


def test_hostile_names_are_text_in_the_charts(mini: Path) -> None:
    case = mini / "cases" / "samspill.md"
    edit(case, "title: Samspill om jobb", 'title: "Samspill <script>alert(1)</script> & co"')
    page = stats_page(mini, errors=True).standalone()  # validate refuses it; escaping still holds
    for svg in svgs(page):
        root = ET.fromstring(svg)  # still well-formed XML
        assert root.find(".//script") is None
    assert "Samspill &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in section(page, "tidslinje")


def test_small_charts_count_former_names_too(mini: Path) -> None:
    ren = renderer(mini)
    page = ren.taxonomy.organisation("digdir").standalone()
    block = section(page, "i-tall")
    # Difi's two reports, and the advice in them, count for Digdir.
    assert table(block) == [
        ["Type", "Antall"],
        ["Erfaringer", "2"],
        ["Rapporter", "2"],
        ["Anbefalinger", "2"],
    ]
    assert "{#i-tall}" not in ren.taxonomy.life_event("dodsfall-og-arv").standalone()


MINI_ITEMS = (
    ("theme", "samarbeid-pa-tvers"),
    ("organisation", "digdir"),
    ("life_event", "miste-og-finne-jobb"),
)

# The real site's light and dark schemes, chosen by the reader's system setting.
PALETTE = """  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {icon: material/weather-night, name: Mørkt}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {icon: material/weather-sunny, name: Lyst}
"""


def build_mini(mini: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A strict MkDocs build of the mini site with one case more, in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (mini / "cases" / "arveoppgjor.md").write_text(NEW_CASE, "utf-8")
    config = mini / "mkdocs.yml"
    edit(config, "  font: false\n", "  font: false\n" + PALETTE)
    edit(config, "nav:\n", "nav:\n  - Tall og oversikt: tall/index.md\n")
    # The plugin adds charts.css and registers the stats producer itself.
    assert producers and stats.produce_stats in site_module.PRODUCERS
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    build(load_config(config_file=str(config), site_dir=str(site), strict=True))


@pytest.mark.slow
def test_strict_mkdocs_build_keeps_every_chart_and_its_links(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    site = tmp_path / "site"
    caplog.set_level(logging.INFO)
    build_mini(mini, site, monkeypatch)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []

    expected = svgs(stats_page(mini).standalone())
    html = (site / "tall/index.html").read_text("utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    built = svgs(article)
    # Sanitised when written (nh3 gives each link rel="noopener noreferrer"), as built.
    assert built == expected and 'rel="noopener noreferrer"' in "".join(built)
    # Our own SVG, and the text-align that aligned table columns carry, are expected.
    expected_markup = re.compile(r"<svg>|t[hd]\[style\]")
    assert [f for f in unsafe_in(article) if not expected_markup.fullmatch(f)] == []
    assert '<link rel="stylesheet" href="../assets/erfaringsbase/charts.css">' in html

    hrefs = re.findall(r'<a class="eb-chart__link" href="([^"]+)"', article)
    # A node per organisation as it is called today: Difi is Digdir (one node, not two).
    assert len(hrefs) == 3 and "../virksomheter/difi/" not in hrefs
    for href in hrefs:
        assert (site / "tall" / href / "index.html").resolve().is_file(), href

    folders = {"theme": "tema", "organisation": "virksomheter", "life_event": "livshendelser"}
    for kind, ident in MINI_ITEMS:
        small = (site / folders[kind] / ident / "index.html").read_text("utf-8")
        small = small[small.index("<article") : small.index("</article>")]
        assert small.count('<svg class="eb-chart__svg"') == 2 and small.count("<table>") == 2


# --- the sentences -------------------------------------------------------------------------


def test_lists_and_counts_read_as_norwegian() -> None:
    assert stats.and_list([]) == ""
    assert stats.and_list(["A"]) == "A"
    assert stats.and_list(["A", "B", "C"]) == "A, B og C"
    assert stats.counted(1, "erfaring", "erfaringer") == "1 erfaring"
    assert stats.counted(0, "erfaring", "erfaringer") == "0 erfaringer"
    assert stats.leaders({"a": 2, "b": 3, "c": 3}) == ["b", "c"]
    assert stats.leaders({"a": 0}) == []


def test_gap_summary_names_ties_and_gaps() -> None:
    titles = {"a": "A", "b": "B", "c": "C", "d": "D"}
    text = stats.gap_summary([("a", 2), ("b", 2), ("c", 0), ("d", 0)], titles, stats.SECTOR_WORDS)
    assert text == (
        "2 av 4 sektorer har minst én erfaring. Flest erfaringer i sektorene A og B (2 hver)."
        " Ingen erfaringer er registrert i sektorene C og D."
    )


@pytest.mark.parametrize(
    ("shared", "sentence"),
    [
        ({("a", "b"): 1}, ""),
        ({("a", "b"): 3, ("b", "c"): 1}, " Flest erfaringer sammen har A og B (3)."),
        (
            {("a", "b"): 2, ("c", "d"): 2},
            " Flest erfaringer sammen har parene A–B og C–D (2 hver).",
        ),
        (
            {(a, b): 2 for a, b in ("ab", "ac", "ad", "bc", "bd")},
            " 5 par har 2 erfaringer sammen; ingen par har flere.",
        ),
    ],
)
def test_strongest_pairs(shared: dict[tuple[str, str], int], sentence: str) -> None:
    fig = stats.NetworkFigures({o: 1 for o in "abcd"}, shared)
    assert stats._strongest_pairs(fig, {o: o.upper() for o in "abcd"}) == sentence


def test_fractional_years_place_partial_dates() -> None:
    from erfaringsbase.content.model import PartialDate

    assert stats.fractional_year(PartialDate(2016)) == 2016
    assert stats.fractional_year(PartialDate(2016), end=True) == 2017
    assert stats.fractional_year(PartialDate(2019, 6), end=True) == pytest.approx(2019.5)
    assert stats.fractional_year(PartialDate(2020, 3)) == pytest.approx(2020 + 2 / 12)
    assert 2017.8 < stats.fractional_year(PartialDate(2017, 10, 25)) < 2017.85


@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        (
            ["Type", "Antall"],
            [["Erfaringer", 42]],
            '<table>\n<thead>\n<tr>\n<th>Type</th>\n<th style="text-align: right;">Antall</th>'
            "\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>Erfaringer</td>\n"
            '<td style="text-align: right;">42</td>\n</tr>\n</tbody>\n</table>',
        ),
        (["A & B <c>"], [["_x_ [lenke](y.md)"]], "<th>A &amp; B &lt;c&gt;</th>"),
        (["a"], [["*ikke uthevet* `kode`"]], "<td>*ikke uthevet* `kode`</td>"),
    ],
)
def test_a_table_is_text_in_cells(
    header: list[str | int], rows: list[list[str | int]], expected: str
) -> None:
    """Cells are text (escaped, never markdown), numeric columns right-aligned."""
    from erfaringsbase.pages.figures import table as write_table

    assert expected in write_table(header, rows, [1])
