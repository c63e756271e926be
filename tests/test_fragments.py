"""HTML fragments: fact boxes and lists handed to MkDocs as finished HTML give the site, byte
for byte, that the same pages give through Python-Markdown."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from erfaringsbase import plugin as plugin_module
from erfaringsbase.config import find_settings
from erfaringsbase.pipeline import build
from erfaringsbase.render import Page, fill_fragments
from support import FIXTURES, REPO

PLACEHOLDER = re.compile(r"<!--erfaringsbase [0-9a-f]{16} \d+-->")


def _pages(root: Path, fragments: bool) -> dict[str, Page]:
    settings = dataclasses.replace(find_settings(root), html_fragments=fragments)
    site = build(settings)
    assert not site.errors
    return {p.src_uri: p for p in site.pages}


def test_markdown_pages_have_no_fragments() -> None:
    for page in _pages(FIXTURES / "mini", fragments=False).values():
        assert page.fragments == ()
        assert not PLACEHOLDER.search(page.markdown)


def test_each_fragment_stands_once_in_its_page() -> None:
    pages = _pages(FIXTURES / "mini", fragments=True)
    case = pages["erfaringer/samspill.md"]
    assert "!!! info" not in case.markdown, "the fact box is still markdown"
    assert [m.group(0) for m in PLACEHOLDER.finditer(case.markdown)] == [
        placeholder for placeholder, _ in case.fragments
    ]
    # The lead and the fact box after it: one fragment.
    facts = case.fragments[0][1]
    lead, box = facts.split("\n", 1)
    assert lead == "<p>NAV og Digdir prøvde ut en felles tjeneste for folk som mister jobben.</p>"
    assert box.startswith('<div class="admonition info">\n<p class="admonition-title">Fakta')
    # The links MkDocs would have written: to the served address, not to the .md file.
    assert 'href="../../sektorer/kommunal-og-forvaltning/"' in facts
    assert ".md" not in "".join(fragment for _, fragment in case.fragments)
    for page in pages.values():
        for placeholder, _ in page.fragments:
            assert page.markdown.count(placeholder) == 1, (page.src_uri, placeholder)


def test_a_report_keeps_its_recommendations_as_markdown() -> None:
    """Their headings carry the anchors a recommendation links to, and belong in the
    page's table of contents, which MkDocs makes from the markdown."""
    report = _pages(FIXTURES / "mini", fragments=True)["rapporter/rapport-2017.md"]
    assert re.search(r"^#### .*\{ #\S+ data-search-exclude \}$", report.markdown, re.MULTILINE)


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


def _files(site_dir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site_dir)): p.read_bytes() for p in site_dir.rglob("*") if p.is_file()
    }


@pytest.mark.slow
def test_the_site_is_the_same_with_and_without_fragments(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A real `mkdocs build --strict` of the sample site both ways: every file the same."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    filled: list[int] = []
    original = plugin_module.fill_fragments

    def counting(html: str, fragments: object) -> str:
        found = tuple(fragments)  # type: ignore[call-overload]
        filled.append(len(found))
        return original(html, found)

    monkeypatch.setattr(plugin_module, "fill_fragments", counting)
    made: dict[bool, dict[str, bytes]] = {}
    for fragments in (False, True):
        monkeypatch.setattr(plugin_module.ErfaringsbaseConfig.html_fragments, "default", fragments)
        site_dir = tmp_path / str(fragments)
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        mkdocs_build(config)
        made[fragments] = _files(site_dir)
        if not fragments:
            assert sum(filled) == 0
    assert sum(filled) > 300, "the pages did not come with fragments"
    assert made[True].keys() == made[False].keys()
    differing = [k for k in made[False] if made[False][k] != made[True][k]]
    assert differing == []
    leftover = [k for k, v in made[True].items() if b"<!--erfaringsbase " in v]
    assert leftover == []
