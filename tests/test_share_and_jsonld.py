"""Share box (permanent link, citation, QR that decodes to the link) and schema.org data."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from erfaringsbase.content.config import find_settings
from erfaringsbase.pages.jsonld import entry_ld
from erfaringsbase.pages.render import Renderer
from erfaringsbase.pages.share import MASK, qr_svg, share_for
from erfaringsbase.site import check
from support import FIXTURES, mkdocs_build, second_line_of_defence


def rasterise(svg: str, scale: int = 8) -> Image.Image:
    """Draw the QR code's path (``qr_svg`` writes modules as horizontal runs) as a bitmap."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))  # type: ignore[union-attr]
    path = re.search(r'class="eb-qr-line"[^>]* d="([^"]+)"', svg).group(1)  # type: ignore[union-attr]
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s+(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            run = float(a)
            top = int((y - 0.5) * scale)
            draw.rectangle(
                [int(x * scale), top, int((x + run) * scale) - 1, top + scale - 1], fill=0
            )
            x += run
    return image


@pytest.mark.parametrize(
    "url",
    [
        "https://erfaringsbasen.no/erfaringer/altinn/",
        "https://example.org/anbefalinger/digitaliseringsradet-2017-brukere-som-utgangspunkt-for-samarbeid/",
        # Codes of other sizes: the path is drawn from pieces looked up per width.
        "https://e.no/a/",
        "https://example.org/rapporter/" + "evaluering-av-felles-losninger-" * 6 + "2024/",
    ],
)
def test_qr_code_decodes_to_the_permanent_url(url: str) -> None:
    svg = qr_svg(url, "Test")
    results = zxingcpp.read_barcodes(rasterise(svg))
    assert [r.text for r in results] == [url]
    # Made with the one mask (``MASK``), not all eight tried: zxing-cpp took the option.
    assert results[0].extra["DataMask"] == MASK
    assert "<title>QR-kode til Test</title>" in svg and f"<desc>{url}</desc>" in svg


def test_qr_code_title_is_text_whatever_the_entry_title() -> None:
    svg = qr_svg("https://example.org/erfaringer/x/", '<script>alert("x")</script> & co')
    assert "<script>" not in svg
    assert '<title>QR-kode til &lt;script&gt;alert("x")&lt;/script&gt; &amp; co</title>' in svg
    assert [r.text for r in zxingcpp.read_barcodes(rasterise(svg))] == [
        "https://example.org/erfaringer/x/"
    ]


def test_share_box_data_and_citation() -> None:
    site = check(find_settings(FIXTURES / "mini"), include_drafts=False)
    case = site.index.get("case", "samspill")
    assert case is not None
    share = share_for(case, site.index.settings)
    assert share.permalink == "https://example.org/erfaringer/samspill/"
    assert (
        share.citation == "Samspill om jobb. Mini, 2026. https://example.org/erfaringer/samspill/"
    )
    assert [r.text for r in zxingcpp.read_barcodes(rasterise(share.qr_svg))] == [share.permalink]


@pytest.mark.parametrize(
    ("title", "cited"),
    [
        ("Samspill om jobb", "Samspill om jobb. Mini"),
        ("Samspill om jobb.", "Samspill om jobb. Mini"),
        ("Hvem eier samspillet?", "Hvem eier samspillet? Mini"),
        ("Samspill!", "Samspill! Mini"),
    ],
)
def test_a_citation_ends_the_title_once(title: str, cited: str) -> None:
    site = check(find_settings(FIXTURES / "mini"), include_drafts=False)
    case = site.index.get("case", "samspill")
    assert case is not None
    renamed = dataclasses.replace(case, title=title)
    assert share_for(renamed, site.index.settings).citation.startswith(cited + ", 2026.")


def test_event_json_ld_has_time_zone_place_and_series() -> None:
    site = check(find_settings(FIXTURES / "mini"), include_drafts=False)
    part = site.index.get("event", "arena-webinar-1")
    series = site.index.get("event", "arena")
    assert part is not None and series is not None
    data = entry_ld(part, site.index)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2023-09-14T10:00:00+02:00"  # summer time in Oslo
    assert data["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert data["superEvent"]["url"] == "https://example.org/arrangementer/arena/"
    assert [e["url"] for e in entry_ld(series, site.index)["subEvent"]] == [
        "https://example.org/arrangementer/arena-webinar-1/"
    ]


@pytest.mark.slow
def test_built_page_carries_json_ld_and_share_box_safely(mini: Path, tmp_path: Path) -> None:
    second_line_of_defence(mini / "mkdocs.yml")  # content errors logged, build goes on
    case = mini / "cases" / "samspill.md"
    case.write_text(
        case.read_text("utf-8").replace(
            "title: Samspill om jobb", 'title: "Samspill </script><script>alert(1)</script>"'
        ),
        "utf-8",
    )
    site = tmp_path / "site"
    proc = mkdocs_build(site, mini / "mkdocs.yml", strict=False)
    assert proc.returncode == 0, proc.stderr
    html = (site / "erfaringer" / "samspill" / "index.html").read_text("utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["name"] == "Samspill </script><script>alert(1)</script>"
    # Escaped everywhere: <title>, the header topic, the heading, JSON-LD, the share box.
    assert "<script>alert(1)" not in html
    assert (
        "<title>Samspill &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; - Mini</title>"
        in html
    )
    share = html[html.index('<aside class="eb-share"') :]
    assert "Samspill &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;. Mini, 2026." in share
    org = (site / "virksomheter" / "digdir" / "index.html").read_text("utf-8")
    org_data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', org, re.S).group(1)
    )  # type: ignore[union-attr]
    assert org_data["@type"] == "GovernmentOrganization" and org_data["alternateName"] == "Digdir"


def test_a_report_is_cited_as_its_publisher_s_document() -> None:
    """Not «Erfaringsbasen, 2026» for a report of 2019: its publisher and year."""
    site = check(find_settings(FIXTURES / "mini"), include_drafts=False)
    report = site.index.get("report", "rapport-2019")
    assert report is not None
    page = Renderer(site.index).entries.page(report)
    assert page.context["share"].citation == (
        "Direktoratet for forvaltning og IKT og Kommunal- og moderniseringsdepartementet (2019). "
        "Rådets rapport 2019. Omtalt i Mini: https://example.org/rapporter/rapport-2019/"
    )


#: The properties schema.org defines for each type we write (schema.org 29, with those
#: inherited from Thing; CreativeWork's for its subtypes Article and Report). A property
#: outside its type is ignored by readers of the data, or is an error in validators.
THING = {"@context", "@type", "name", "url", "description", "sameAs", "alternateName"}
CREATIVE_WORK = THING | {
    "about",
    "inLanguage",
    "datePublished",
    "dateModified",
    "isPartOf",
    "mainEntity",
    "publisher",
    "text",
    "isBasedOn",
}
ORGANIZATION = THING | {"member", "funder", "foundingDate", "dissolutionDate"}
PROPERTIES = {
    "Article": CREATIVE_WORK,
    "Report": CREATIVE_WORK,
    "CreativeWork": CREATIVE_WORK,
    "Event": THING
    | {
        "about",
        "inLanguage",
        "startDate",
        "endDate",
        "organizer",
        "eventStatus",
        "eventAttendanceMode",
        "location",
        "superEvent",
        "subEvent",
    },
    "Project": ORGANIZATION,
    "Organization": ORGANIZATION,
    "GovernmentOrganization": ORGANIZATION,
    "WebSite": CREATIVE_WORK,
    "Place": THING | {"address"},
    "VirtualLocation": THING,
}


def _typed(value: object) -> list[dict[str, object]]:
    """Every object with an @type in a JSON-LD value, nested ones included."""
    if isinstance(value, list):
        return [found for item in value for found in _typed(item)]
    if isinstance(value, dict):
        own = [value] if "@type" in value else []
        return own + [found for item in value.values() for found in _typed(item)]
    return []


def test_json_ld_uses_only_the_properties_of_each_type() -> None:
    site = check(find_settings(FIXTURES / "mini"), include_drafts=False)
    for entry in site.index.entries:
        for node in _typed(entry_ld(entry, site.index)):
            kind = str(node["@type"])
            extra = set(node) - PROPERTIES[kind]
            assert not extra, f"{entry.id}: {kind} has {sorted(extra)}"
