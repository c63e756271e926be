"""HTML fragments: fact boxes and lists handed to MkDocs as finished HTML give the site, byte
for byte, that the same pages give through Python-Markdown."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from erfaringsbase.content.config import find_settings
from erfaringsbase.mkdocs import plugin as plugin_module
from erfaringsbase.pages.render import FragmentHeading, Fragments, Page, fill_fragments
from erfaringsbase.site import build
from support import FIXTURES, REPO, site_files

PLACEHOLDER = re.compile(r"<!--erfaringsbase [0-9a-f]{16} \d+-->")


def _pages(root: Path, fragments: bool, headings: bool = True) -> dict[str, Page]:
    settings = dataclasses.replace(
        find_settings(root), html_fragments=fragments, html_headings=headings
    )
    site = build(settings)
    assert not site.errors
    return {p.src_uri: p for p in site.pages}


def test_markdown_pages_have_no_fragments() -> None:
    for page in _pages(FIXTURES / "mini", fragments=False).values():
        assert page.fragments is None
        assert not PLACEHOLDER.search(page.markdown)


def test_an_entry_page_is_its_title_and_text_and_the_rest_is_html() -> None:
    pages = _pages(FIXTURES / "mini", fragments=True)
    case = pages["erfaringer/samspill.md"]
    fragments = case.fragments
    assert fragments is not None
    assert "!!! info" not in case.markdown, "the fact box is still markdown"
    assert not PLACEHOLDER.search(case.markdown)
    assert "\n## " not in case.markdown.split("## Bakgrunn")[-1].replace("## Erfaringer", "")
    # The lead and the fact box after it open the page.
    lead, box = fragments.opening.split("\n", 1)
    assert lead == "<p>NAV og Digdir prøvde ut en felles tjeneste for folk som mister jobben.</p>"
    assert box.startswith('<div class="admonition info">\n<p class="admonition-title">Fakta')
    # The links MkDocs would have written: to the served address, not to the .md file.
    assert 'href="../../sektorer/kommunal-og-forvaltning/"' in box
    assert ".md" not in fragments.opening + fragments.closing
    assert [h.text for h in fragments.headings] == ["Relaterte oppføringer", "Kilder", "Lenker hit"]
    for heading in fragments.headings:
        assert fragments.closing.count(heading.marker) == 1
    for page in pages.values():
        for placeholder, _ in page.fragments.placed if page.fragments else ():
            assert page.markdown.count(placeholder) == 1, (page.src_uri, placeholder)


def test_without_headings_the_closing_sections_keep_theirs_in_markdown() -> None:
    case = _pages(FIXTURES / "mini", fragments=True, headings=False)["erfaringer/samspill.md"]
    assert case.fragments is not None and not case.fragments.closing
    assert "## Relaterte oppføringer { data-search-exclude }" in case.markdown
    assert len(case.fragments.placed) == 3  # related, sources, backlinks


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<h1 id="t">T</h1>\n<h2>B</h2>', '<h1 id="t">T</h1>\nO\n<h2>B</h2>\nC'),
        ('<h1 id="t">T</h1>', '<h1 id="t">T</h1>\nO\nC'),
    ],
)
def test_opening_after_the_title_closing_at_the_end(html: str, expected: str) -> None:
    assert Fragments(opening="O", closing="C").fill(html) == expected


def test_a_reports_recommendations_close_its_page_with_their_own_anchors() -> None:
    """Their headings carry the anchors a recommendation's page links to: the plugin
    writes them with those, and without heading fragments they stay markdown."""
    report = _pages(FIXTURES / "mini", fragments=True)["rapporter/rapport-2017.md"]
    assert "####" not in report.markdown
    assert report.fragments is not None
    own = [h for h in report.fragments.headings if h.anchor]
    assert own and {h.level for h in own} == {4}
    assert all(h.search_exclude for h in report.fragments.headings[: len(own) + 1])
    as_markdown = _pages(FIXTURES / "mini", fragments=True, headings=False)
    markdown = as_markdown["rapporter/rapport-2017.md"].markdown
    for heading in own:
        assert f"{{ #{heading.anchor} data-search-exclude }}" in markdown


def test_a_themes_recommendations_name_their_report_in_the_lists_html() -> None:
    pages = _pages(REPO, fragments=True)
    theme = pages["tema/samarbeid-pa-tvers.md"]
    assert re.search(r"^### .*\{ data-search-exclude \}$", theme.markdown, re.MULTILINE)
    assert "Fra [" not in theme.markdown
    assert theme.fragments is not None
    assert any(html.startswith("<p>Fra <a href=") for _, html in theme.fragments.placed)
    markdown = _pages(REPO, fragments=False)["tema/samarbeid-pa-tvers.md"].markdown
    assert "Fra [" in markdown


P0 = "<!--erfaringsbase 0123456789abcdef 0-->"
P1 = "<!--erfaringsbase 0123456789abcdef 1-->"
LIST = "<ul>\n<li>x</li>\n</ul>"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # Python-Markdown keeps a block of raw HTML with the blank line after it.
        (f"<h2>A</h2>\n{P0}\n\n<h2>B</h2>", f"<h2>A</h2>\n{LIST}\n<h2>B</h2>"),
        (f"<h2>A</h2>\n{P0}\n<h2>B</h2>", f"<h2>A</h2>\n{LIST}\n<h2>B</h2>"),
        (f"<h2>A</h2>\n{P0}", f"<h2>A</h2>\n{LIST}"),
        (f"{P0}\n\n{P1}", f"{LIST}\n<p>y</p>"),
        ("<p>no placeholder</p>", "<p>no placeholder</p>"),
        # Not one of this page's: left alone (and then dropped with every comment).
        ("<!--erfaringsbase 0123456789abcdef 7-->", "<!--erfaringsbase 0123456789abcdef 7-->"),
    ],
)
def test_fill_fragments(html: str, expected: str) -> None:
    assert fill_fragments(html, [(P0, LIST), (P1, "<p>y</p>")]) == expected


def test_a_date_at_the_start_of_a_definition_or_an_item_stays_text() -> None:
    """ "14. september" opening a fact or a list item would start a numbered list in
    markdown (the fragments never had that fault; comparing the two found it)."""
    event = _pages(FIXTURES / "mini", fragments=False)["arrangementer/arena.md"].markdown
    assert "    :   14\\. september 2023" in event
    assert "- 14\\. september 2023 kl. 10.00–11.30: [Webinar 1" in event


def _converted(markdown_text: str, mdx_configs: dict[str, object]) -> tuple[Any, Any]:
    """A page as MkDocs converts it (with attr_list and toc), and the config."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page as MkPage

    config = MkDocsConfig()
    config.load_dict(
        {
            "site_name": "x",
            "docs_dir": str(REPO / "docs"),
            "markdown_extensions": ["attr_list", mdx_configs],
        }
    )
    errors, _ = config.validate()
    assert not errors
    file = File("erfaringer/x.md", src_dir=None, dest_dir="site", use_directory_urls=True)
    page = MkPage(None, file, config)
    page.markdown = markdown_text
    page.render(config, Files([file]))
    return page, config


@pytest.mark.parametrize(
    "toc",
    [
        {"permalink": True, "permalink_title": "Lenke til denne delen"},
        {"permalink": "#", "permalink_class": "anker"},
        {},
        {"separator": "_"},
    ],
)
def test_headings_in_a_fragment_are_what_markdown_makes_of_them(toc: dict[str, object]) -> None:
    """The page's own headings come first (a "Kilder" of its own among them): the anchors,
    the HTML and the table of contents are the same as if the headings were markdown."""
    body = "# Tittel\n\n## Kilder\n\nTekst.\n\n### Under\n\nMer.\n"
    closing = "## Kilder { data-search-exclude }\n\n## Relaterte oppføringer\n"
    whole, config = _converted(body + "\n" + closing, {"toc": toc})
    marker = "<!--erfaringsbase-heading 0123456789abcdef {}-->"
    part, _ = _converted(
        body + "\n" + marker.format(0) + "\n\n" + marker.format(1) + "\n", {"toc": toc}
    )
    headings = plugin_module._Headings.of(config)
    assert headings is not None
    filled = headings.fill(
        part.content,
        [
            FragmentHeading(marker.format(0), 2, "Kilder", True),
            FragmentHeading(marker.format(1), 2, "Relaterte oppføringer", False),
        ],
        part,
    )
    assert filled.replace("\n\n", "\n") == whole.content
    assert str(part.toc) == str(whole.toc)
    assert part.present_anchor_ids == whole.present_anchor_ids
    assert "kilder_1" in whole.present_anchor_ids


@pytest.mark.parametrize("toc", [{"permalink": True}, {}])
def test_a_heading_with_its_own_anchor_takes_it_from_the_pages_text(
    toc: dict[str, object],
) -> None:
    """Python-Markdown gives no heading an anchor that another has as its own, even one
    further down: a heading in the report's text that would have a recommendation's
    anchor gets another, here as there."""
    body = "# Tittel\n\n## Styrke samarbeidet\n\nTekst.\n\n### Under\n\nMer.\n"
    closing = (
        "## Anbefalinger { data-search-exclude }\n\n"
        "#### 1. Styrke samarbeidet { #styrke-samarbeidet data-search-exclude }\n\n"
        "## Styrke samarbeidet\n"
    )
    whole, config = _converted(body + "\n" + closing, {"toc": toc})
    marker = "<!--erfaringsbase-heading 0123456789abcdef {}-->"
    markers = "\n\n".join(marker.format(n) for n in range(3))
    part, _ = _converted(body + "\n" + markers + "\n", {"toc": toc})
    headings = plugin_module._Headings.of(config)
    assert headings is not None
    filled = headings.fill(
        part.content,
        [
            FragmentHeading(marker.format(0), 2, "Anbefalinger", True),
            FragmentHeading(
                marker.format(1), 4, "1. Styrke samarbeidet", True, "styrke-samarbeidet"
            ),
            FragmentHeading(marker.format(2), 2, "Styrke samarbeidet", False),
        ],
        part,
    )
    assert 'id="styrke-samarbeidet_1"' in whole.content  # the text's own heading moved
    assert filled.replace("\n\n", "\n") == whole.content
    assert str(part.toc) == str(whole.toc)
    assert part.present_anchor_ids == whole.present_anchor_ids


@pytest.mark.parametrize(
    "toc", [{"anchorlink": True}, {"toc_depth": 2}, {"baselevel": 2}, {"permalink_leading": True}]
)
def test_other_toc_options_keep_the_headings_in_markdown(toc: dict[str, object]) -> None:
    _, config = _converted("# T\n", {"toc": toc})
    assert plugin_module._Headings.of(config) is None


@pytest.mark.slow
def test_the_site_is_the_same_with_and_without_fragments(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A real `mkdocs build --strict` of the sample site both ways: every file the same."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    filled: list[int] = []
    original = Fragments.fill

    def counting(self: Fragments, html: str) -> str:
        filled.append(len(self.placed) + bool(self.opening) + bool(self.closing))
        return original(self, html)

    monkeypatch.setattr(Fragments, "fill", counting)
    headings: list[int] = []
    original_fill = plugin_module._Headings.fill

    def counting_headings(self: object, html: str, found: list[object], page: object) -> str:
        headings.append(len(found))
        return original_fill(self, html, found, page)

    monkeypatch.setattr(plugin_module._Headings, "fill", counting_headings)
    made: dict[bool, dict[str, bytes]] = {}
    for fragments in (False, True):
        monkeypatch.setattr(plugin_module.ErfaringsbaseConfig.html_fragments, "default", fragments)
        site_dir = tmp_path / str(fragments)
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        mkdocs_build(config)
        made[fragments] = site_files(site_dir)
        if not fragments:
            assert sum(filled) == 0
    assert sum(filled) > 300, "the pages did not come with fragments"
    assert sum(headings) > 200, "the closing sections' headings were markdown"
    assert made[True].keys() == made[False].keys()
    differing = [k for k in made[False] if made[False][k] != made[True][k]]
    assert differing == []
    leftover = [k for k, v in made[True].items() if b"<!--erfaringsbase " in v]
    assert leftover == []
