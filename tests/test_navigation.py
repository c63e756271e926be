"""Which pages share the parts around them with their folder (``mkdocs/navigation.py``),
with MkDocs' own navigation and pages. The built site's links are checked in
``test_site_build``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from erfaringsbase.mkdocs.navigation import SharedNavigation

MENU = ["index.md", "erfaringer/index.md", {"Om": ["om/index.md", "om/bidra/mer.md"]}]
PAGES = ["erfaringer/altinn.md", "erfaringer/nav.md", "om/bidra.md", "om/personvern.md"]


def shared_folder(
    tmp_path: Path,
    src_uri: str,
    directory_urls: bool = True,
    extra: dict[str, Any] | None = None,
    partials: tuple[str, ...] = (),
) -> str | None:
    """The folder ``src_uri`` shares its parts with; ``extra``: mkdocs.yml's ``extra``;
    ``partials``: templates the site's own ``custom_dir`` replaces."""
    docs = tmp_path / "docs"
    for name in ["index.md", "erfaringer/index.md", "om/index.md", "om/bidra/mer.md", *PAGES]:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("# Side\n", "utf-8")
    theme: dict[str, Any] = {"name": "mkdocs"}
    if partials:
        theme["custom_dir"] = "overrides"
        for name in partials:
            (tmp_path / "overrides" / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "overrides" / name).write_text("{{ page.title }}", "utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump(
            {
                "site_name": "Prøve",
                "nav": MENU,
                "use_directory_urls": directory_urls,
                "theme": theme,
                "extra": extra or {},
            }
        ),
        "utf-8",
    )
    config = load_config(str(config_file))
    files = Files(
        [
            File(p.relative_to(docs).as_posix(), str(docs), str(tmp_path / "site"), directory_urls)
            for p in sorted(docs.rglob("*.md"))
        ]
    )
    nav = get_navigation(files, config)
    file = files.get_file_from_path(src_uri)
    assert file is not None
    page = file.page if file.page is not None else Page(None, file, config)
    shared = SharedNavigation()
    context = shared.context(page, nav, config)
    assert context["drawn"] is shared.drawn
    return context["folder"]


@pytest.mark.parametrize(
    ("src_uri", "directory_urls", "folder"),
    [
        # Outside the menu: one navigation for the folder's pages, each in a folder of its own.
        ("erfaringer/altinn.md", True, "erfaringer/*/"),
        ("erfaringer/nav.md", True, "erfaringer/*/"),
        ("om/personvern.md", True, "om/*/"),
        # In the menu: drawn for itself (the menu marks it).
        ("erfaringer/index.md", True, None),
        ("om/bidra/mer.md", True, None),
        # Outside the menu, but the menu links into its folder (om/bidra/mer/): drawn for itself.
        ("om/bidra.md", True, None),
        # Pages as files (erfaringer/altinn.html): links relative to the folder they are in.
        ("erfaringer/altinn.md", False, "erfaringer/"),
    ],
)
def test_which_pages_share_a_navigation(
    tmp_path: Path, src_uri: str, directory_urls: bool, folder: str | None
) -> None:
    assert shared_folder(tmp_path, src_uri, directory_urls) == folder


FOOTER = {"footer": [{"title": "Personvern", "url": "om/personvern/"}]}


@pytest.mark.parametrize(
    ("src_uri", "extra", "folder"),
    [
        # The footer links to om/personvern/: there the link is «./», from its siblings
        # «../personvern/», so that page draws its own parts, and the siblings share theirs.
        ("om/personvern.md", FOOTER, None),
        ("erfaringer/nav.md", {"footer": [{"title": "NAV", "url": "erfaringer/nav/"}]}, None),
        ("erfaringer/altinn.md", FOOTER, "erfaringer/*/"),
        ("om/personvern.md", {"homepage": "om/personvern/"}, None),
        ("om/personvern.md", {}, "om/*/"),
    ],
)
def test_a_page_the_shared_parts_link_to_draws_its_own(
    tmp_path: Path, src_uri: str, extra: dict[str, Any], folder: str | None
) -> None:
    assert shared_folder(tmp_path, src_uri, extra=extra) == folder


@pytest.mark.parametrize(
    ("partials", "folder"),
    [
        # A partial of the site's own may write something of the page (its title, a date).
        (("partials/copyright.html",), None),
        (("partials/footer.html",), None),
        # Translations are the site's, the same on every page.
        (("partials/languages/nb.html",), "erfaringer/*/"),
        ((), "erfaringer/*/"),
    ],
)
def test_a_site_s_own_partials_turn_the_sharing_off(
    tmp_path: Path, partials: tuple[str, ...], folder: str | None
) -> None:
    assert shared_folder(tmp_path, "erfaringer/altinn.md", partials=partials) == folder
