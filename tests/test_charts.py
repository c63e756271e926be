"""The SVG chart functions: accessibility markup, numbers, escaping, determinism, the
sanitiser's allow-list and the contrast of the palette in charts.css."""

from __future__ import annotations

import colorsys
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from erfaringsbase.pages import charts
from erfaringsbase.pages.charts import Bar, BarGroup, Link, Node, Span
from erfaringsbase.pages.sanitize import sanitize
from support import REPO

HOSTILE = '<script>alert(1)</script> & "Q" \'s\' <b onclick="x()">fet</b>'


def sample_charts() -> dict[str, str]:
    """One chart of each kind, with names that need escaping."""
    return {
        "bars": charts.bar_chart(
            "bars",
            "Erfaringer per livshendelse",
            "Tre livshendelser.",
            [Bar("Ny i Norge", 3), Bar(HOSTILE, 1), Bar("Få barn", 0, note="ingen ennå")],
        ),
        "grouped": charts.grouped_bar_chart(
            "grouped",
            "Anbefalinger per tema og kilde",
            "To tema, to kilder.",
            [
                BarGroup("Samarbeid på tvers", (Bar("Rådet 2017", 6, 0), Bar("OECD 2017", 4, 1))),
                BarGroup("Fornyelse", (Bar("Rådet 2017", 4, 0), Bar("OECD 2017", 0, 1))),
            ],
        ),
        "columns": charts.column_chart(
            "columns", "Oppføringer per år", "Fem år.", [("2017", 2), ("2018", 0), ("2019", 3)]
        ),
        "timeline": charts.timeline_chart(
            "timeline",
            "Erfaringer over tid",
            "To erfaringer.",
            [Span("Altinn", 2003, None, "2003 – pågår"), Span(HOSTILE, 2014, 2018, "2014 – 2017")],
            first=2003,
            last=2023,
            ongoing="pågår fortsatt",
        ),
        "network": charts.network_chart("network", "Samarbeid", "Tre virksomheter.", *network()),
    }


def network() -> tuple[list[Node], list[Link]]:
    nodes = [
        Node("nav", "NAV", 3, "../virksomheter/nav/"),
        Node("digdir", "Digdir", 2, "../virksomheter/digdir/"),
        Node("brreg", "Brreg", 1, "../virksomheter/brreg/"),
        Node("ruter", "Ruter", 1, "../virksomheter/ruter/"),
        Node("x", HOSTILE, 1, None),
    ]
    links = [Link("nav", "digdir", 2), Link("brreg", "nav", 1), Link("digdir", "brreg", 1)]
    return nodes, links


# --- accessibility -------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(sample_charts()))
def test_every_chart_is_well_formed_and_labelled_by_its_title_and_desc(name: str) -> None:
    svg = sample_charts()[name]
    root = ET.fromstring(svg)  # well-formed XML, not only tolerable HTML
    assert root.tag == "svg"
    assert root.get("role") == ("group" if name == "network" else "img")
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 360 \d+(\.\d)?", root.get("viewBox") or "")
    title, desc = root[0], root[1]
    assert (title.tag, desc.tag) == ("title", "desc")
    assert (root.get("aria-labelledby") or "").split() == [title.get("id"), desc.get("id")]
    assert title.get("id") == f"eb-{name}-title" and desc.get("id") == f"eb-{name}-desc"
    assert title.text and desc.text
    for forbidden in ("<script", "<style", "<foreignObject", "<use", "<image", "xlink:", "url("):
        assert forbidden not in svg


def test_chart_keys_must_be_slugs() -> None:
    with pytest.raises(ValueError, match="slug"):
        charts.bar_chart('x" onload="y', "T", "D", [])


def test_hostile_names_are_text() -> None:
    for name, svg in sample_charts().items():
        assert "<script>" not in svg and "<b " not in svg, name
    bars = sample_charts()["bars"]
    assert '&lt;script&gt;alert(1)&lt;/script&gt; &amp; "Q"' in bars
    # ElementTree reads the name back exactly (whitespace folded).
    labels = ["".join(t.itertext()) for t in ET.fromstring(bars).iter("text")]
    assert any(label.startswith('<script>alert(1)</script> & "Q"') for label in labels)


# --- numbers -------------------------------------------------------------------------------


def rows(svg: str) -> list[tuple[str, str]]:
    """(label, value) of every row of a bar chart, in order."""
    found = []
    for group in ET.fromstring(svg).iter("g"):
        if group.get("class") != "eb-chart__row":
            continue
        texts = {
            t.get("class"): " ".join("".join(t.itertext()).split()) for t in group.iter("text")
        }
        found.append((texts.get("eb-chart__label", ""), texts.get("eb-chart__value", "")))
    return found


def test_bar_chart_writes_every_number_and_scales_to_the_largest() -> None:
    svg = charts.bar_chart("b", "T", "D", [Bar("A", 4), Bar("B", 2), Bar("C", 0, note="ingen")])
    assert rows(svg) == [("A", "4"), ("B", "2"), ("C", "0")]
    widths = [float(r.get("width") or 0) for r in ET.fromstring(svg).iter("rect")]
    assert len(widths) == 2 and widths[0] == pytest.approx(2 * widths[1])
    assert ">ingen</text>" in svg  # a gap is said in words, not only by a missing bar


def test_grouped_bars_label_each_bar_with_its_series_and_share_one_scale() -> None:
    svg = sample_charts()["grouped"]
    assert rows(svg) == [
        ("Rådet 2017", "6"),
        ("OECD 2017", "4"),
        ("Rådet 2017", "4"),
        ("OECD 2017", "0"),
    ]
    headings = [
        t.text for t in ET.fromstring(svg).iter("text") if t.get("class") == "eb-chart__heading"
    ]
    assert headings == ["Samarbeid på tvers", "Fornyelse"]
    classes = [r.get("class") for r in ET.fromstring(svg).iter("rect")]
    assert classes == [
        "eb-chart__bar eb-chart__bar--s0",
        "eb-chart__bar eb-chart__bar--s1",
        "eb-chart__bar eb-chart__bar--s0",
    ]


def test_column_chart_has_a_number_per_column_when_there_is_room() -> None:
    svg = sample_charts()["columns"]
    values = [
        t.text for t in ET.fromstring(svg).iter("text") if t.get("class") == "eb-chart__value"
    ]
    assert values == ["2", "0", "3"]
    crowded = charts.column_chart("c", "T", "D", [(str(y), y % 3) for y in range(1990, 2030)])
    values = [
        t.text for t in ET.fromstring(crowded).iter("text") if t.get("class") == "eb-chart__value"
    ]
    assert values and set(values) == {"2"}  # only the highest keep their number
    ticks = [
        t.text for t in ET.fromstring(crowded).iter("text") if t.get("class") == "eb-chart__tick"
    ]
    assert ticks[0] == "1990" and ticks[-1] == "2029" and len(ticks) < 12


def test_timeline_marks_an_ongoing_span_in_words_and_with_an_open_end() -> None:
    svg = sample_charts()["timeline"]
    root = ET.fromstring(svg)
    labels = [
        " ".join("".join(t.itertext()).split())
        for t in root.iter("text")
        if t.get("class") == "eb-chart__label"
    ]
    assert labels[0] == "Altinn (2003 – pågår)"
    arrows = [p for p in root.iter("path") if p.get("class") == "eb-chart__open"]
    assert len(arrows) == 2  # the ongoing span and the legend
    assert ">pågår fortsatt</text>" in svg
    bars = [r for r in root.iter("rect")]
    # Altinn runs to the end of the axis; the other ends where it ended.
    assert float(bars[0].get("x") or 0) + float(bars[0].get("width") or 0) == pytest.approx(340)
    assert float(bars[1].get("width") or 0) < 340 / 2


def test_network_links_nodes_to_their_pages_and_draws_one_arc_per_pair() -> None:
    svg = sample_charts()["network"]
    root = ET.fromstring(svg)
    hrefs = sorted(a.get("href") or "" for a in root.iter("a"))
    assert hrefs == [f"../virksomheter/{o}/" for o in ("brreg", "digdir", "nav", "ruter")]
    arcs = [p for p in root.iter("path") if p.get("class") == "eb-chart__arc"]
    assert len(arcs) == 3
    widths = sorted(float(a.get("stroke-width") or 0) for a in arcs)
    assert widths == [1, 1, 2.5]  # thicker for two shared cases
    labels = [t.text for t in root.iter("text")]
    assert "NAV (3)" in labels and "Digdir (2)" in labels


def test_network_order_keeps_groups_together_biggest_first() -> None:
    nodes, links = network()
    # nav, digdir, brreg are linked; ruter and x stand alone, after them, by size then id.
    assert charts.network_order(nodes, links) == ["nav", "digdir", "brreg", "ruter", "x"]


def test_network_refuses_a_link_to_an_unknown_node() -> None:
    with pytest.raises(ValueError, match="unknown node"):
        charts.network_order([Node("a", "A", 1)], [Link("a", "b")])


# --- determinism ---------------------------------------------------------------------------


def test_network_is_the_same_picture_whatever_the_input_order() -> None:
    nodes, links = network()
    expected = charts.network_chart("n", "T", "D", nodes, links)
    rng = random.Random(2017)
    for _ in range(20):
        shuffled_nodes = rng.sample(nodes, len(nodes))
        shuffled_links = [
            Link(link.target, link.source, link.weight) if rng.random() < 0.5 else link
            for link in rng.sample(links, len(links))
        ]
        assert charts.network_chart("n", "T", "D", shuffled_nodes, shuffled_links) == expected


def test_charts_are_byte_identical_across_calls() -> None:
    assert sample_charts() == sample_charts()


# --- text layout ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number"), [(0.0, "0"), (-0.04, "0"), (3.0, "3"), (12.34, "12.3"), (-1.26, "-1.3")]
)
def test_numbers_are_short_and_stable(value: float, number: str) -> None:
    assert charts.num(value) == number


def test_wrap_keeps_lines_within_the_width_and_marks_what_is_cut() -> None:
    text = "Tverrsektoriell styring og utvikling av sammenhengende tjenester i hele landet"
    lines = charts.wrap(text, 150, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(charts.text_width(line) <= 150 for line in lines)
    assert charts.wrap("Kort", 150) == ["Kort"]
    long_word = charts.wrap("Digitaliseringsdirektoratet", 60, max_lines=1)
    assert long_word[0].endswith("…") and charts.text_width(long_word[0]) <= 60


def test_wrap_keeps_a_period_together() -> None:
    lines = charts.wrap(["Program", "for", "bedre", "styring", "(2014 – pågår)"], 120, max_lines=3)
    assert lines[-1] == "(2014 – pågår)"


# --- the sanitiser -------------------------------------------------------------------------


def with_rel(html: str) -> str:
    """What nh3 adds, and all it may change: rel on links."""
    return re.sub(r"(<a [^>]*?)>", r'\1 rel="noopener noreferrer">', html)


@pytest.mark.parametrize("name", list(sample_charts()))
def test_every_chart_survives_the_sanitiser_unchanged(name: str) -> None:
    block = charts.block(sample_charts()[name], "bars")
    assert sanitize(block) == with_rel(block)


@pytest.mark.parametrize(
    ("hostile", "gone"),
    [
        ('<svg onload="alert(1)"><title>t</title></svg>', "onload"),
        ("<svg><script>alert(1)</script></svg>", "<script"),
        ('<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', "javascript:"),
        ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "javascript:"),
        ("<svg><foreignObject><iframe src=x></iframe></foreignObject></svg>", "foreignObject"),
        ('<svg><use href="http://evil.example/x.svg#a"></use></svg>', "evil.example"),
        ('<svg><image href="https://evil.example/p.png"></image></svg>', "evil.example"),
        ('<svg><rect fill="url(https://evil.example/#p)"></rect></svg>', "evil.example"),
        ('<svg><path stroke="url(#p)" d="M0 0"></path></svg>', "url("),
        ("<svg><style>@import url(https://evil.example/x.css)</style></svg>", "evil.example"),
        ('<svg><rect style="fill:url(https://evil.example/)"></rect></svg>', "evil.example"),
        ('<svg><set attributeName="href" to="javascript:alert(1)"></set></svg>', "javascript:"),
        (
            '<svg><animate attributeName="href" values="javascript:alert(1)"></animate></svg>',
            "javascript:",
        ),
        ('<svg><text onmouseover="alert(1)">x</text></svg>', "onmouseover"),
        ('<img src="https://evil.example/p.png">', "evil.example"),
    ],
)
def test_hostile_svg_is_cleaned(hostile: str, gone: str) -> None:
    cleaned = sanitize(hostile)
    assert gone not in cleaned, cleaned


# --- colours -------------------------------------------------------------------------------

#: The charts' stylesheet (the one place to change if it moves into the package's theme).
CSS = (
    REPO / "src" / "erfaringsbase" / "mkdocs" / "theme" / "assets" / "erfaringsbase" / "charts.css"
)
MATERIAL = next(
    REPO.glob(".venv/lib/python3*/site-packages/material/templates/assets/stylesheets"), None
)


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hex_rgb(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b)


def material_backgrounds() -> dict[str, tuple[float, float, float]]:
    """Material's page background, light and slate, read from the installed theme."""
    assert MATERIAL is not None, "Material is not installed in .venv"
    main = next(MATERIAL.glob("main.*.min.css")).read_text("utf-8")
    palette = next(MATERIAL.glob("palette.*.min.css")).read_text("utf-8")
    light = re.search(r"--md-default-bg-color:(#[0-9a-f]{3,6})", main)
    hue = re.search(r"--md-hue:(\d+)deg", main)
    slate = re.search(
        r"--md-default-bg-color:hsla\(var\(--md-hue\), ?(\d+)%, ?(\d+)%, ?1\)", palette
    )
    assert light and hue and slate
    rgb = colorsys.hls_to_rgb(int(hue[1]) / 360, int(slate[2]) / 100, int(slate[1]) / 100)
    return {"default": hex_rgb(light[1]), "slate": rgb, "print": (1.0, 1.0, 1.0)}


def css_block(selector_pattern: str) -> dict[str, str]:
    css = CSS.read_text("utf-8")
    match = re.search(selector_pattern + r"\s*\{([^}]*)\}", css)
    assert match, selector_pattern
    return dict(re.findall(r"(--eb-chart-[a-z0-9-]+):\s*(#[0-9a-fA-F]{3,6})", match[1]))


SCHEMES = {
    "default": r'\[data-md-color-scheme="default"\]',
    "slate": r'\[data-md-color-scheme="slate"\]',
    "print": r"@media print \{\s*\.md-typeset \.eb-chart",
}


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_palette_meets_wcag_aa_against_materials_background(scheme: str) -> None:
    background = material_backgrounds()[scheme]
    colours = css_block(SCHEMES[scheme])
    assert {f"--eb-chart-s{i}" for i in range(charts.SERIES)} <= set(colours)
    for name, value in colours.items():
        if name == "--eb-chart-grid":
            continue  # decoration: every number is written out as well
        needed = 4.5 if name.startswith("--eb-chart-text-") else 3.0
        ratio = contrast(hex_rgb(value), background)
        assert ratio >= needed, f"{scheme} {name} {value}: {ratio:.2f} < {needed}"


def test_slate_background_is_what_material_draws() -> None:
    r, g, b = (round(c * 255) for c in material_backgrounds()["slate"])
    assert abs(r - 0x1E) <= 2 and abs(g - 0x21) <= 2 and abs(b - 0x29) <= 2


def test_every_class_the_charts_use_is_known_to_the_stylesheet() -> None:
    css = CSS.read_text("utf-8")
    structural = {"eb-chart__row", "eb-chart__group", "eb-chart__arcs", "eb-chart__label"}
    used = {c for svg in sample_charts().values() for c in re.findall(r'class="([^"]+)"', svg)}
    for cls in {c for classes in used for c in classes.split()} - structural:
        assert f".{cls}" in css, cls


def test_stylesheet_is_plain_css_without_external_references() -> None:
    css = CSS.read_text("utf-8")
    assert "@import" not in css and "url(" not in css
    assert Path(CSS).stat().st_size < 10_000
