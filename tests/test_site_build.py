"""Real `mkdocs build --strict` runs: the mini fixture and the real site with all content."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from erfaringsbase.content.urls import UrlScheme
from support import REPO, edit, mkdocs_build, second_line_of_defence, unsafe_in

pytestmark = pytest.mark.slow
URLS = UrlScheme()
ENTRY_FOLDERS = {
    "cases": "case",
    "reports": "report",
    "recommendations": "recommendation",
    "events": "event",
}


class Links(HTMLParser):
    """Hrefs inside <article>, split by whether they sit in a list item."""

    def __init__(self) -> None:
        super().__init__()
        self.depth_article = 0
        self.depth_li = 0
        self.in_list: list[str] = []
        self.all: list[str] = []
        self.edit_links: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article":
            self.depth_article += 1
        elif tag == "li":
            self.depth_li += 1
        elif tag == "a" and a.get("href"):
            href = a["href"] or ""
            if "md-content__button" in (a.get("class") or ""):
                self.edit_links.append(href)
            if self.depth_article:
                self.all.append(href)
                if self.depth_li:
                    self.in_list.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth_article -= 1
        elif tag == "li":
            self.depth_li -= 1


def parse(html_file: Path) -> Links:
    parser = Links()
    parser.feed(html_file.read_text("utf-8"))
    return parser


def entry_links(page: Path, site: Path) -> set[tuple[str, str]]:
    """(kind, id) of every entry page linked from list items on a built page."""
    found = set()
    for href in parse(page).in_list:
        target = (page.parent / href).resolve()
        try:
            rel = target.relative_to(site.resolve()).as_posix()
        except ValueError:
            continue
        m = re.match(r"^(erfaringer|rapporter|anbefalinger|arrangementer)/([a-z0-9-]+)/?$", rel)
        if m:
            kind = {
                "erfaringer": "case",
                "rapporter": "report",
                "anbefalinger": "recommendation",
                "arrangementer": "event",
            }[m.group(1)]
            found.add((kind, m.group(2)))
    return found


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text.split("---\n", 2)[1])
    return data


def as_list(value: object) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]


# --- the mini fixture --------------------------------------------------------------------


def test_mini_builds_strict_with_edit_links_to_content(mini: Path, tmp_path: Path) -> None:
    config = mini / "mkdocs.yml"
    edit(config, "  font: false\n", "  font: false\n  features: [content.action.edit]\n")
    site = tmp_path / "site"
    proc = mkdocs_build(site, config)
    assert proc.returncode == 0, proc.stderr
    case = parse(site / "erfaringer/samspill/index.html")
    assert case.edit_links == ["https://github.com/example/mini/edit/main/cases/samspill.md"]
    theme = parse(site / "tema/samarbeid-pa-tvers/index.html")
    assert theme.edit_links == ["https://github.com/example/mini/edit/main/taxonomy/themes.yml"]
    home = parse(site / "index.html")
    assert home.edit_links == ["https://github.com/example/mini/edit/main/docs/index.md"]


def test_mini_build_fails_with_the_validate_message(mini: Path, tmp_path: Path) -> None:
    edit(mini / "cases/samspill.md", "status: avsluttet", "status: ferdig")
    proc = mkdocs_build(tmp_path / "site", mini / "mkdocs.yml")
    assert proc.returncode != 0
    assert "cases/samspill.md:14: error: status: «ferdig» er ikke en tillatt verdi" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_broken_link_in_hand_written_page_fails_strict(mini: Path, tmp_path: Path) -> None:
    (mini / "docs" / "index.md").write_text("[x](tema/finnes-ikke.md)\n", "utf-8")
    proc = mkdocs_build(tmp_path / "site", mini / "mkdocs.yml")
    assert proc.returncode != 0 and "finnes-ikke.md" in proc.stderr


def test_contributed_markup_cannot_run_script(mini: Path, tmp_path: Path) -> None:
    second_line_of_defence(mini / "mkdocs.yml")  # content errors logged, build goes on
    case = mini / "cases/samspill.md"
    edit(
        case,
        "Felles mål var viktigst.",
        'Felles mål. <script>alert(1)</script> <img src=x onerror="alert(2)"> '
        '[klikk](javascript:alert(3)) <a href="#" onclick="alert(4)">a</a>\n\n'
        'Avsnitt {: onmouseover="alert(5)" }',
    )
    edit(case, "title: Samspill om jobb", 'title: "Samspill <b onclick=alert(6)>x</b>"')
    site = tmp_path / "site"
    proc = mkdocs_build(site, mini / "mkdocs.yml", strict=False)
    assert proc.returncode == 0, proc.stderr
    assert "HTML er ikke tillatt i teksten (<script>" in proc.stderr  # the first line held too
    html = (site / "erfaringer/samspill/index.html").read_text("utf-8")
    # The content part of the article (the share box after it is the theme's own markup).
    article = html[html.index("<article") : html.index('<aside class="eb-share"')]
    assert unsafe_in(article) == []
    assert "&lt;script&gt;" in article or "alert(1)" not in article
    # The title is shown as text, never as markup.
    assert "Samspill &lt;b onclick=alert(6)&gt;x&lt;/b&gt;" in article


# --- the real site -----------------------------------------------------------------------


def content_files() -> list[tuple[str, Path]]:
    """The published entries' files (a draft is never on the site)."""
    return [
        (ENTRY_FOLDERS[f], p)
        for f in ENTRY_FOLDERS
        for p in sorted((REPO / f).rglob("*.md"))
        if front_matter(p).get("draft") is not True
    ]


def _vocab(name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load(
        (REPO / "taxonomy" / f"{name}.yml").read_text("utf-8")
    )
    return data


def test_theme_life_event_pages_list_exactly_their_entries(real_site: Path) -> None:
    files = content_files()
    for field, vocab, prefix in (
        ("themes", "themes", "tema"),
        ("life_events", "life-events", "livshendelser"),
    ):
        for item in _vocab(vocab):
            expected = {
                (kind, p.stem)
                for kind, p in files
                if item["id"] in as_list(front_matter(p).get(field))
            }
            page = real_site / prefix / item["id"] / "index.html"
            assert entry_links(page, real_site) == expected, (prefix, item["id"])


def test_organisation_pages_list_exactly_their_entries_including_former_names(
    real_site: Path,
) -> None:
    orgs = {o["id"]: o for o in _vocab("organisations")}
    former: dict[str, set[str]] = {o: set(orgs[o].get("formerly", [])) for o in orgs}
    for o in orgs.values():
        if o.get("succeeded_by"):
            former[o["succeeded_by"]].add(o["id"])
    for org_id in orgs:  # transitive: Digdir ← Difi ← …
        todo = list(former[org_id])
        while todo:
            nxt = todo.pop()
            for f in former.get(nxt, set()) - former[org_id]:
                former[org_id].add(f)
                todo.append(f)

    def named(data: dict[str, Any]) -> set[str]:
        ids = {o["id"] for o in data.get("organisations", [])}
        ids |= set(as_list(data.get("publisher"))) | set(as_list(data.get("organiser")))
        ids |= {f["funder"] for f in data.get("financing", []) if f.get("funder")}
        return ids

    files = [(kind, p, named(front_matter(p))) for kind, p in content_files()]
    # A recommendation is its report's publisher's advice too (computed here from the
    # files, independently of the index).
    publishers = {p.stem: ids for kind, p, ids in files if kind == "report"}
    files = [
        (kind, p, ids | publishers.get(str(front_matter(p).get("source_report")), set()))
        if kind == "recommendation"
        else (kind, p, ids)
        for kind, p, ids in files
    ]
    for org_id in orgs:
        wanted = {org_id} | former[org_id]
        expected = {(kind, p.stem) for kind, p, ids in files if ids & wanted}
        page = real_site / "virksomheter" / org_id / "index.html"
        assert entry_links(page, real_site) == expected, org_id


def test_year_and_sector_pages_exist_and_link_entries(real_site: Path) -> None:
    years = sorted(p.name for p in (real_site / "ar").iterdir() if p.is_dir())
    assert years and all(y.isdigit() for y in years)
    for sector in _vocab("sectors"):
        assert (real_site / "sektorer" / sector["id"] / "index.html").is_file()


def test_no_request_to_other_hosts_in_built_html(real_site: Path) -> None:
    pattern = re.compile(r'(?:src|href)="(https?:)?//(?!erfaringsbasen\.no)', re.I)
    for html in real_site.rglob("*.html"):
        text = html.read_text("utf-8")
        # Links to sources elsewhere are fine (a reader chooses to follow them); what may not
        # appear is anything the browser *loads*: scripts, styles, fonts, images, frames.
        for m in re.finditer(r"<(script|link|img|iframe|source|video|audio)\b[^>]*>", text, re.I):
            tag = m.group(0)
            if (
                m.group(1).lower() == "link"
                and "stylesheet" not in tag
                and "preconnect" not in tag
                and "icon" not in tag
            ):
                continue
            assert not pattern.search(tag), (html, tag)


#: The parts around a page that pages outside the menu share with their folder (the
#: theme's ``shared_in_folder``): (tag, class) of the part, and the class that marks an
#: item as the page itself.
PARTS: dict[str, tuple[str, str, str | None]] = {
    "header": ("header", "md-header", None),
    "nav": ("nav", "md-nav--primary", "md-nav__link--active"),
    "tabs": ("nav", "md-tabs", "md-tabs__item--active"),
    "footer": ("footer", "md-footer", None),
}


class PartLinks(HTMLParser):
    """The hrefs of one part of a page (``PARTS``), and the words of the items it marks
    as where the page is."""

    def __init__(self, part: str) -> None:
        super().__init__()
        self.tag, self.cls, self.mark = PARTS[part]
        self.depth = 0  # of elements like the part's, from the part down
        self.hrefs: list[str] = []
        self.marked: list[str] = []
        self._marking = False  # a marked item whose link is still to come
        self._words: list[str] | None = None  # of the marked link being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == self.tag and (self.depth or self.cls in classes):
            self.depth += 1
        if not self.depth:
            return
        self._marking |= self.mark is not None and self.mark in classes
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.hrefs.append(href)
            if self._marking:
                self._words, self._marking = [], False

    def handle_data(self, data: str) -> None:
        if self._words is not None:
            self._words.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._words is not None:
            self.marked.append(" ".join("".join(self._words).split()))
            self._words = None
        if tag == self.tag and self.depth:
            self.depth -= 1


def part_links(page: Path, part: str = "nav") -> PartLinks:
    parser = PartLinks(part)
    parser.feed(page.read_text("utf-8"))
    return parser


@pytest.mark.parametrize("part", PARTS)
def test_the_parts_around_every_page_lead_to_the_same_pages(real_site: Path, part: str) -> None:
    """The pages outside the menu share their header (but its title), navigation, tabs
    and footer with the others in their folder (``mkdocs/navigation.py``): their links,
    relative to the page, must lead to the same pages from every page, at every depth, as
    from the front page."""

    def targets(page: Path) -> list[str]:
        found = []
        for href in part_links(page, part).hrefs:
            if href.startswith(("https://", "http://")) or href.startswith("#"):
                found.append(href)
                continue
            target = (page.parent / href.partition("#")[0]).resolve()
            assert target.is_file() or (target / "index.html").is_file(), (page, href)
            found.append(target.relative_to(real_site.resolve()).as_posix())
        return found

    home = targets(real_site / "index.html")
    assert len(home) >= 1
    pages = sorted(real_site.rglob("index.html"))
    assert len(pages) > 100
    for page in pages:
        assert [t for t in targets(page) if not t.startswith("#")] == [
            t for t in home if not t.startswith("#")
        ], page


_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


def test_every_page_finds_the_site_root_and_style_sheets_from_where_it_is(
    real_site: Path,
) -> None:
    """The settings for Material's script and the style sheet links are shared by a folder
    too: from every page they point at the site's root and at files that exist."""
    pages = sorted(real_site.rglob("index.html"))
    for page in pages:
        text = page.read_text("utf-8")
        found = _CONFIG.search(text)
        assert found, page
        settings = json.loads(found.group(1))
        assert (page.parent / settings["base"]).resolve() == real_site.resolve(), page
        assert (page.parent / settings["search"]).resolve().is_file(), page
        sheets = _STYLESHEET.findall(text)
        assert sheets, page
        for href in sheets:
            assert (page.parent / href.partition("?")[0]).resolve().is_file(), (page, href)


@pytest.mark.parametrize(
    ("page", "part", "marked"),
    [
        # The menu marks a page that is in it; a page outside it shares its folder's,
        # which marks nothing.
        ("erfaringer/index.html", "nav", ["Erfaringer"]),
        ("tema/index.html", "nav", ["Tema"]),
        ("erfaringer/altinn/index.html", "nav", []),
        ("tema/gevinstrealisering/index.html", "nav", []),
        # The tabs mark the section a page is in or under (partials/tabs-item.html): the
        # same for every page of a folder, and another one for another folder's.
        ("erfaringer/index.html", "tabs", ["Erfaringer"]),
        ("erfaringer/altinn/index.html", "tabs", ["Erfaringer"]),
        ("tema/index.html", "tabs", ["Bla etter"]),
        ("tema/gevinstrealisering/index.html", "tabs", ["Bla etter"]),
        (
            "anbefalinger/digitaliseringsradet-2017-andres-kompetanse/index.html",
            "tabs",
            ["Anbefalinger"],
        ),
    ],
)
def test_the_menu_and_the_tabs_mark_where_the_page_is(
    real_site: Path, page: str, part: str, marked: list[str]
) -> None:
    assert part_links(real_site / page, part).marked == marked


def test_pages_in_one_folder_outside_the_menu_have_the_same_navigation(real_site: Path) -> None:
    def navigation(page: str) -> str:
        text = (real_site / page / "index.html").read_text("utf-8")
        return text[text.index('data-md-type="navigation"') : text.index('data-md-type="toc"')]

    assert navigation("erfaringer/altinn") == navigation("erfaringer/digitaliseringsradet")
    assert navigation("erfaringer/altinn") != navigation("tema/gevinstrealisering")


_HEADER_TOPIC = re.compile(
    r'<div class="md-header__topic" data-md-component="header-topic">\s*'
    r'<span class="md-ellipsis">\s*(.*?)\s*</span>',
    re.S,
)


@pytest.mark.parametrize(
    "page", ["erfaringer/altinn", "erfaringer/digitaliseringsradet", "tema/gevinstrealisering"]
)
def test_the_shared_header_carries_each_page_s_own_title(real_site: Path, page: str) -> None:
    text = (real_site / page / "index.html").read_text("utf-8")
    title = re.search(r"<h1[^>]*>(.*?)<", text, re.S)
    topic = _HEADER_TOPIC.search(text)
    assert title and topic, page
    assert topic.group(1) == title.group(1).strip()
    assert 'class="eb-search"' in text[: text.index("</header>")]  # the header's search
