"""How a generated page is made: markdown for its title, headings and the contributor's
text, one HTML writer for everything else, placed after conversion (``pages.page``)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any

import markdown
import pytest
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mkdocs.config import load_config

from erfaringsbase.content.config import find_settings
from erfaringsbase.content.urls import relative_public
from erfaringsbase.mkdocs import placeholders
from erfaringsbase.mkdocs.placeholders import PlaceholderParagraphs
from erfaringsbase.pages import html
from erfaringsbase.pages.page import Asset, Page, placeholder_for
from erfaringsbase.site import build
from support import FIXTURES, REPO

PLACEHOLDER = re.compile(r"erfaringsbase-fragment-[0-9a-f]{16}")


@pytest.fixture(scope="module")
def mini_pages() -> dict[str, Page]:
    site = build(find_settings(FIXTURES / "mini"))
    assert not site.errors
    return {p.src_uri: p for p in site.pages()}


def body_of(page: Page) -> str:
    return page.markdown.split("---\n", 2)[2]


def test_every_fragment_stands_once_in_its_page(mini_pages: dict[str, Page]) -> None:
    for page in mini_pages.values():
        placed = PLACEHOLDER.findall(page.markdown)
        assert sorted(set(placed)) == sorted(page.fragments or {}), page.src_uri
        for marker, fragment in (page.fragments or {}).items():
            assert marker == placeholder_for(fragment)


def test_an_entry_page_is_markdown_only_for_title_headings_and_text(
    mini_pages: dict[str, Page],
) -> None:
    case = mini_pages["erfaringer/samspill.md"]
    lines = [line for line in body_of(case).splitlines() if line.strip()]
    own_text = (FIXTURES / "mini" / "cases" / "samspill.md").read_text("utf-8").split("---\n")[2]
    for line in lines:
        assert line.startswith("#") or PLACEHOLDER.fullmatch(line) or line in own_text, (
            f"written as markdown: {line!r}"
        )
    assert "!!! info" not in case.markdown and "\n- [" not in case.markdown
    assert "## Relaterte oppføringer { data-search-exclude }" in case.markdown
    opening = case.fill(f"<p>{PLACEHOLDER.findall(case.markdown)[0]}</p>")
    assert opening.startswith("<p>NAV og Digdir prøvde ut en felles tjeneste")
    assert '<div class="admonition info">\n<p class="admonition-title">Fakta' in opening
    # The links as the browser follows them: to the served address, not to the .md file.
    assert 'href="../../sektorer/kommunal-og-forvaltning/"' in opening
    assert ".md" not in opening


def test_a_reports_recommendations_are_headings_with_their_own_anchors(
    mini_pages: dict[str, Page],
) -> None:
    """A recommendation's page links to ``#<its id>`` on its report's page: the toc
    extension makes that heading, with that anchor."""
    report = mini_pages["rapporter/rapport-2017.md"].markdown
    headings = re.findall(r"^#### .* \{ #([a-z0-9-]+) data-search-exclude \}$", report, re.M)
    assert headings, report


def test_placeholders_are_filled_after_conversion() -> None:
    fragment = "<ul>\n<li>x</li>\n</ul>"
    marker = placeholder_for(fragment)
    page = Page("x.md", f"# T\n\n{marker}\n", {}, "T", "case", fragments={marker: fragment})
    # Python-Markdown makes the placeholder a paragraph; the fragment takes its place.
    assert (
        page.fill(f"<h1>T</h1>\n<p>{marker}</p>\n<h2>B</h2>")
        == f"<h1>T</h1>\n{fragment}\n<h2>B</h2>"
    )
    assert page.fill(f"<h1>T</h1>\n<p>{marker}</p>") == f"<h1>T</h1>\n{fragment}"
    # The sanitiser runs on the page before the fragments are in: they are not its to change.
    assert page.fill(f"<p>{marker}</p>", lambda html: html.replace("x", "y")) == fragment
    # In a sentence a placeholder is text, and one that is not this page's fragment stays
    # as written: nothing a contributor writes disappears.
    assert page.fill(f"<p>see {marker}</p>") == f"<p>see {marker}</p>"
    other = placeholder_for("not on this page")
    assert page.fill(f"<p>a</p>\n<p>{other}</p>\n") == f"<p>a</p>\n<p>{other}</p>\n"
    assert page.standalone() == f"# T\n\n{fragment}\n"


def test_a_file_made_later_is_made_once_when_asked_for() -> None:
    made: list[str] = []

    def make() -> bytes:
        made.append("x")
        return b"BEGIN:VCALENDAR"

    asset = Asset.later("kalender/x.ics", make, "text/calendar")
    assert made == [] and not asset.made and asset.path == "kalender/x.ics"
    assert asset.content == asset.content == b"BEGIN:VCALENDAR"
    assert made == ["x"] and asset.made
    assert Asset("robots.txt", b"User-agent: *").made


def test_the_same_content_gives_the_same_markdown() -> None:
    """``mkdocs serve --dirty`` converts a page again only when its markdown changed."""
    first = {p.src_uri: p.markdown for p in build(find_settings(REPO)).pages()}
    second = {p.src_uri: p.markdown for p in build(find_settings(REPO)).pages()}
    assert first == second


def test_a_date_at_the_start_of_a_definition_or_an_item_stays_text(
    mini_pages: dict[str, Page],
) -> None:
    """ "14. september" in HTML is text: it cannot start a numbered list."""
    event = mini_pages["arrangementer/arena.md"].standalone()
    assert "<dd>14. september 2023" in event
    assert "<li>14. september 2023 kl. 10.00–11.30: <a href=" in event


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("Stat & Styring", "Stat &amp; Styring"),
        ("linje 1\nlinje 2", "linje 1 linje 2"),
        ('«sitat» "x"', '«sitat» "x"'),
    ],
)
def test_text_escaping(raw: str, escaped: str) -> None:
    assert str(html.text(raw)) == escaped


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("[klikk](javascript:alert(1))", "\\[klikk\\](javascript:alert(1))"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("Tittel {: onclick=x}", "Tittel \\{: onclick=x\\}"),
        ("a*b*_c_ `d` | e", "a\\*b\\*\\_c\\_ \\`d\\` \\| e"),
        ("C# og F#", "C\\# og F\\#"),
        (":   definisjon", "&#58; definisjon"),
    ],
)
def test_heading_text_escaping(raw: str, escaped: str) -> None:
    """A title or heading stands in markdown: nothing in it can become markup."""
    assert str(html.md_text(raw)) == escaped


@pytest.mark.slow
def test_no_placeholder_is_left_in_the_built_site(real_site: Path) -> None:
    leftover = [
        p.relative_to(real_site).as_posix()
        for p in real_site.rglob("*.html")
        if b"<!--erfaringsbase" in p.read_bytes()
    ]
    assert leftover == []


def test_footnotes_follow_the_text_they_belong_to(real_site: Path) -> None:
    """An entry's footnotes (which source each sentence rests on) come right after its
    text, before the related entries, sources and backlinks the page adds."""
    pages = [
        page
        for page in real_site.rglob("index.html")
        if '<div class="footnote">' in page.read_text("utf-8")
    ]
    assert len(pages) >= 5, "the sample content has footnotes on several pages"
    for page in pages:
        html = page.read_text("utf-8")
        article = html[html.index("<article") :]
        footnotes = article.index('<div class="footnote">')
        for heading in ('id="relaterte-oppfringer"', 'id="kilder"', 'id="lenker-hit"'):
            if heading in article:
                assert footnotes < article.index(heading), (page, heading)
        assert "Footnotes Go Here" not in html


@pytest.mark.parametrize("order", ["forwards", "backwards"])
def test_a_link_to_an_entry_leads_there_from_every_page(order: str) -> None:
    """``PageWriter.entry_link`` from pages at every depth, in any order, is the link
    relative to that page."""
    site = build(find_settings(REPO))
    assert site.renderer is not None
    writer, urls = site.renderer, site.renderer.urls
    entries = site.index.entries
    pages = [
        "index.md",  # served at the root
        urls.section("case"),  # erfaringer/: the cases are below it
        urls.section("report"),
        *(urls.page(e.kind, e.id) for e in entries[:40]),  # linking to themselves too
        urls.page("theme", "gevinstrealisering"),
        urls.page("year", 2019),
        "om.md",
        "bidra/mal.md",
    ]
    if order == "backwards":
        pages.reverse()
    for here in pages:
        writer.here = here
        for entry in entries:
            uri = urls.page(entry.kind, entry.id)
            assert writer.entry_link(entry) == html.a(relative_public(here, uri), entry.title), (
                here,
                uri,
            )


_MARK = placeholder_for("<div>fact box</div>")


@pytest.fixture(scope="module")
def site_markdown() -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions and their settings of the repository's own site."""
    config = load_config(str(REPO / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


@pytest.mark.parametrize(
    "markdown_text",
    [
        f"# Tittel\n\n{_MARK}\n\n## Kilder\n\n{_MARK}\n",
        f"Tekst før.\n{_MARK}\n\nTekst etter.",  # in a paragraph of two lines: text
        f"!!! note\n\n    {_MARK}\n",
        f"- punkt\n- {_MARK}\n",  # a tight list: the item's text
        f"- punkt\n\n- {_MARK}\n",  # a loose list: a paragraph in the item
        f"> {_MARK}\n",
        f"Begrep\n:   {_MARK}\n",
        f"    {_MARK}\n",  # indented: code
        f"{_MARK} {{: .klasse }}\n",  # with attributes: not only a placeholder
        f"{_MARK}x\n\n{_MARK[:-1]}\n",  # not a placeholder
    ],
)
def test_a_placeholder_converts_as_the_paragraph_processor_would(
    markdown_text: str, site_markdown: tuple[list[Any], dict[str, Any]]
) -> None:
    extensions, configs = site_markdown
    plain = markdown.Markdown(extensions=extensions, extension_configs=configs)
    ours = markdown.Markdown(
        extensions=[*extensions, PlaceholderParagraphs()], extension_configs=configs
    )
    assert ours.convert(markdown_text) == plain.convert(markdown_text)


class _SeenByInlinePatterns(Treeprocessor):
    """Records the paragraphs whose text the inline patterns will still be tried on."""

    def __init__(self, md: markdown.Markdown, seen: list[str]) -> None:
        super().__init__(md)
        self.seen = seen

    def run(self, root: etree.Element) -> None:
        self.seen.extend(
            p.text for p in root.iter("p") if p.text and not isinstance(p.text, AtomicString)
        )


def test_no_inline_pattern_is_tried_on_a_placeholder(
    site_markdown: tuple[list[Any], dict[str, Any]],
) -> None:
    extensions, configs = site_markdown
    seen: list[str] = []
    md = markdown.Markdown(
        extensions=[*extensions, PlaceholderParagraphs()], extension_configs=configs
    )
    md.treeprocessors.register(_SeenByInlinePatterns(md, seen), "probe", 25)  # before inline
    md.convert(f"# T\n\n{_MARK}\n\nEn *setning*.\n\n- a\n- {_MARK}\n")
    assert seen == ["En *setning*."]


def test_the_plugin_adds_the_placeholder_extension_once(mini: Path) -> None:
    config = load_config(str(mini / "mkdocs.yml"), site_dir=str(mini / "site"))
    config.plugins.on_config(config)
    config.plugins.on_config(config)  # a rebuild under mkdocs serve
    assert config.markdown_extensions.count(placeholders.NAME) == 1
    md = markdown.Markdown(extensions=config.markdown_extensions)
    assert "erfaringsbase_placeholder" in md.parser.blockprocessors
