"""Nothing lost: the real site, built once, has exactly one page and exactly one record in the
open data for every content file, and a page for every taxonomy entry.

The expected addresses come from ``urls.py`` (the one module that knows them) and the
content files are listed from the folders, independently of the build; drafts are the only
files that may have no page, and they must have none.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pytest
import yaml

from erfaringsbase.content.config import Settings, find_settings
from erfaringsbase.content.reader import iter_content_files
from erfaringsbase.content.schema import ENTRY_KINDS
from erfaringsbase.content.urls import absolute, public_path
from quality_figures import record
from support import REPO

pytestmark = pytest.mark.slow

#: Taxonomy file → the kind of page each of its entries gets.
TAXONOMY_PAGES: Final = {
    "themes": "theme",
    "organisations": "organisation",
    "life-events": "life_event",
    "sectors": "sector",
}


@dataclass(frozen=True)
class ContentFile:
    kind: str
    path: Path
    fields: dict[str, Any]

    @property
    def id(self) -> str:
        return self.path.stem

    @property
    def draft(self) -> bool:
        return self.fields.get("draft") is True


@pytest.fixture(scope="module")
def settings() -> Settings:
    return find_settings(REPO)


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    return real_site


@pytest.fixture(scope="module")
def files(settings: Settings) -> list[ContentFile]:
    found = []
    for kind in ENTRY_KINDS:
        for path in iter_content_files(settings.folder(kind)):
            front = path.read_text("utf-8").split("---\n", 2)[1]
            found.append(ContentFile(kind, path, yaml.safe_load(front)))
    assert len(found) > 50, "the real content"
    return found


def page_file(site: Path, src_uri: str) -> Path:
    return site / public_path(src_uri) / "index.html"


def h1_text(page: Path) -> str:
    match = re.search(r"<h1\b[^>]*>(.*?)</h1>", page.read_text("utf-8"), re.S)
    assert match is not None, page
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def test_every_content_file_is_exactly_one_page(
    site: Path, settings: Settings, files: list[ContentFile]
) -> None:
    urls = settings.urls
    published = [f for f in files if not f.draft]
    pages = Counter(public_path(urls.page(f.kind, f.id)) for f in published)
    shared = {page: n for page, n in pages.items() if n > 1}
    assert not shared, f"several files on one page: {shared}"
    for file in published:
        page = page_file(site, urls.page(file.kind, file.id))
        assert page.is_file(), f"{file.path.relative_to(REPO)}: no page at {page.relative_to(site)}"
        assert str(file.fields["title"]).strip() in h1_text(page), page
    for file in files:
        if file.draft:
            assert not page_file(site, urls.page(file.kind, file.id)).exists(), file.path
    # …and no entry page without its file (an alias is a redirect to its entry's page).
    for kind in ENTRY_KINDS:
        prefix = urls.prefix(kind)
        built = {p.parent.name for p in (site / prefix).glob("*/index.html")}
        ids = {f.id for f in published if f.kind == kind}
        aliases = {a for f in published if f.kind == kind for a in f.fields.get("aliases", [])}
        assert built - aliases == ids, (prefix, sorted(built ^ ids))
    record("Innholdsfiler med nøyaktig én side", len(published))


def test_every_content_file_is_exactly_one_record_in_the_open_data(
    site: Path, settings: Settings, files: list[ContentFile]
) -> None:
    urls = settings.urls
    published = [f for f in files if not f.draft]
    expected = Counter((f.kind, f.id) for f in published)
    everything = json.loads((site / urls.asset("data", "alt.json")).read_text("utf-8"))
    in_all = Counter((item["kind"], item["id"]) for item in everything["items"])
    assert in_all == expected, f"alt.json: missing {expected - in_all}, extra {in_all - expected}"
    assert everything["count"] == len(published)
    for item in everything["items"]:
        # The record points at the page the file became.
        assert item["url"] == absolute(settings.site_url, urls.page(item["kind"], item["id"]))
    for kind in ENTRY_KINDS:
        wanted = Counter(f.id for f in published if f.kind == kind)
        per_kind = json.loads(
            (site / urls.asset("data", f"{urls.prefix(kind)}.json")).read_text("utf-8")
        )
        assert Counter(item["id"] for item in per_kind["items"]) == wanted, kind
        assert per_kind["count"] == sum(wanted.values())
        table = (site / urls.asset("data", f"{urls.prefix(kind)}.csv")).read_bytes()
        rows = list(csv.DictReader(io.StringIO(table.decode("utf-8-sig"), newline="")))
        assert Counter(row["id"] for row in rows) == wanted, f"{kind}: CSV"
    record("Innholdsfiler med nøyaktig én post i de åpne dataene", len(published))


def test_every_taxonomy_entry_has_its_page(site: Path, settings: Settings) -> None:
    checked = 0
    for name, kind in TAXONOMY_PAGES.items():
        items = yaml.safe_load((settings.taxonomy_dir / f"{name}.yml").read_text("utf-8"))
        ids = [item["id"] for item in items]
        assert len(set(ids)) == len(ids), name
        for ident in ids:
            page = page_file(site, settings.urls.page(kind, ident))
            assert page.is_file(), f"taxonomy/{name}.yml: {ident} has no page"
            checked += 1
        built = {p.parent.name for p in (site / settings.urls.prefix(kind)).glob("*/index.html")}
        assert built == set(ids), (name, sorted(built ^ set(ids)))
    record("Taksonomioppføringer med egen side", checked)
