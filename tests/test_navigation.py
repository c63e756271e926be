"""Which pages share the left column's navigation (``mkdocs/navigation.py``), with MkDocs'
own navigation and pages. The built site's links are checked in ``test_site_build``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from erfaringsbase.mkdocs.navigation import SharedNavigation

MENU = ["index.md", "erfaringer/index.md", {"Om": ["om/index.md", "om/bidra/mer.md"]}]
PAGES = ["erfaringer/altinn.md", "erfaringer/nav.md", "om/bidra.md", "om/personvern.md"]


def shared_folder(tmp_path: Path, src_uri: str, directory_urls: bool = True) -> str | None:
    docs = tmp_path / "docs"
    for name in ["index.md", "erfaringer/index.md", "om/index.md", "om/bidra/mer.md", *PAGES]:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("# Side\n", "utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump({"site_name": "Prøve", "nav": MENU, "use_directory_urls": directory_urls}),
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
    context = shared.context(page, nav)
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
