"""Links that never break: redirects for old ids, and the manifest of published URLs.

A seminar slide from 2023 links to ``/erfaringer/altinn/``. If the case's id changes, the
old id goes into ``aliases`` and the build writes a redirect page there. The committed
manifest (``published-urls.txt``) lists every URL ever published; the build fails when one
of them would disappear without a redirect, naming the URL and how to keep it.

A new page is never a problem: adding one is what a contributor does. The manifest is
brought up to date after every merge to main, by a workflow
(``.github/workflows/urls.yml``: ``erfaringsbase urls --update``), never by hand.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

from ..content.model import Entry
from ..content.problems import Problem
from ..content.urls import public_path
from ..pages.render import Asset, Renderer

MANIFEST: Final = "published-urls.txt"
_HEADER: Final = (
    "# Every URL Erfaringsbasen has published, relative to site_url. A URL listed here must\n"
    "# keep working: rename an entry's id only with its old id in `aliases`.\n"
    "# New addresses are added after every merge to main (.github/workflows/urls.yml runs\n"
    "# erfaringsbase urls --update); nobody edits this file by hand.\n"
)


def redirect_html(title: str, target_public: str, from_public: str, site_url: str) -> str:
    """A page that sends readers (and search engines, via canonical) to the new address."""
    rel = posixpath.relpath(target_public or ".", from_public.rstrip("/") or ".") + "/"
    rel = rel.replace("//", "/")
    canonical = html.escape(site_url.rstrip("/") + "/" + target_public, quote=True)
    safe_rel = html.escape(rel, quote=True)
    safe_title = html.escape(title)
    return (
        "<!doctype html>\n"
        '<html lang="nb">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Flyttet: {safe_title}</title>\n"
        f'<link rel="canonical" href="{canonical}">\n'
        f'<meta http-equiv="refresh" content="0; url={safe_rel}">\n'
        '<meta name="robots" content="noindex">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "</head>\n<body>\n"
        f'<p>Siden har flyttet til <a href="{safe_rel}">{safe_title}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def alias_targets(entries: Iterable[Entry], renderer: Renderer) -> dict[str, Entry]:
    """Public path of every old id → the entry it now belongs to."""
    urls = renderer.urls
    return {public_path(urls.page(e.kind, alias)): e for e in entries for alias in e.aliases}


def produce_redirects(renderer: Renderer) -> Iterator[Asset]:
    site_url = renderer.ix.settings.site_url
    for old, entry in sorted(alias_targets(renderer.ix.entries, renderer).items()):
        target = public_path(renderer.urls.page(entry.kind, entry.id))
        page = redirect_html(entry.title, target, old, site_url)
        yield Asset(old + "index.html", page.encode("utf-8"), "text/html")


def read_manifest(path: Path) -> list[str]:
    """Public paths (``erfaringer/altinn/``; the home page is ``""``) listed in the manifest."""
    if not path.is_file():
        return []
    lines = path.read_text("utf-8").splitlines()
    return [line.strip().removeprefix("/") for line in lines if line.strip().startswith("/")]


def write_manifest(path: Path, urls: Iterable[str]) -> None:
    """One URL per line, each starting with ``/`` (so the home page is ``/``)."""
    path.write_text(_HEADER + "".join(f"/{u}\n" for u in sorted(set(urls))), "utf-8")


def docs_urls(docs_dir: Path) -> set[str]:
    """Public paths of the hand-written pages."""
    if not docs_dir.is_dir():
        return set()
    found = set()
    for file in docs_dir.rglob("*.md"):
        rel = file.relative_to(docs_dir).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        found.add(public_path(rel))
    return found


def check_manifest(
    listed: Iterable[str], current: set[str], redirected: set[str], manifest_name: str
) -> list[Problem]:
    """A problem for every listed URL that would no longer lead anywhere."""
    problems = []
    for url in listed:
        if url in current or url in redirected:
            continue
        problems.append(
            Problem(
                manifest_name,
                None,
                None,
                f"Adressen /{url} er publisert før, men ville forsvunnet uten videresending. "
                "Har oppføringen fått ny id, legg den gamle id-en i «aliases» i den nye filen.",
            )
        )
    return problems


def site_urls(renderer: Renderer, page_paths: Iterable[str]) -> tuple[set[str], set[str]]:
    """(public paths of every page, public paths of every redirect) of a site whose
    generated pages go to ``page_paths`` (source URIs)."""
    pages = {public_path(src_uri) for src_uri in page_paths}
    pages |= docs_urls(renderer.ix.settings.docs_path)
    redirected = set(alias_targets(renderer.ix.entries, renderer))
    return pages, redirected


def manifest_problems(
    renderer: Renderer, page_paths: Iterable[str], extra_pages: Iterable[str] = ()
) -> list[Problem]:
    """The committed manifest's URLs that this site would lose (none without a manifest)."""
    path = renderer.ix.settings.manifest_path
    if path is None or not path.is_file():
        return []
    pages, redirected = site_urls(renderer, page_paths)
    return check_manifest(read_manifest(path), pages | set(extra_pages), redirected, path.name)
