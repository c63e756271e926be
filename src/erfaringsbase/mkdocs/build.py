"""One MkDocs build of the site: what the plugin's events do, with the state they share.

The plugin (``plugin.py``) makes a :class:`SiteBuild` in ``on_files`` and hands it every
later event of that build; ``mkdocs serve`` makes a new one for each rebuild, and keeps
only what :class:`Preview` holds from one to the next.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage

from ..content.config import Settings
from ..content.loader import LoadCache
from ..content.model import Entry
from ..content.problems import format_report
from ..content.urls import public_path
from ..content.vocabulary import Organisation, VocabItem
from ..outputs.permalinks import manifest_problems
from ..pages.directives import expand
from ..pages.labels import labels
from ..pages.notice import PROBLEMS_PAGE, notice, problems_page
from ..pages.render import Asset, Page, Planned, Renderer
from ..pages.reuse import PageBasis, entries_to_remake
from ..pages.sanitize import sanitize
from ..parallel.pages import Maker
from ..search import fact_box_for_keywords
from ..search.documents import SearchDocument, SearchProfile, page_profile
from ..search.writer import SearchIndexer
from ..site import Site, build
from .meanwhile import FilesMadeMeanwhile, SearchMadeMeanwhile
from .navigation import SharedNavigation

log = logging.getLogger("mkdocs.plugins.erfaringsbase")


class MadePage(NamedTuple):
    """A generated page as made (by the page helper, on a large site), with all the site
    search takes from it but its converted text."""

    page: Page
    search: SearchProfile


class Preview:
    """What `mkdocs serve` keeps from one rebuild to the next.

    A rebuild reads only the content files that changed (``LoadCache``). Under
    ``serve --dirty``, it makes again only the pages whose content changed
    (``pages.reuse``), and MkDocs converts a page only when its source is newer than its
    output: generated pages are therefore written to a folder of their own, each only when
    its text changes, so that its modification time tells MkDocs the truth.
    """

    def __init__(self, dirty: bool) -> None:
        self.load_cache = LoadCache()
        self.page_folder = Path(tempfile.mkdtemp(prefix="erfaringsbase-")) if dirty else None
        #: Page file → a digest of what it holds (remembered rather than read back).
        self.digests: dict[str, bytes] = {}
        #: The last rebuild's entry and taxonomy pages, and what they were made from.
        self.made: dict[str, MadePage] = {}
        self.basis: PageBasis | None = None

    def pages_to_make(self, renderer: Renderer) -> Callable[[str], bool]:
        """Which planned pages (by source URI) must be made again; the others are the
        last rebuild's (``made``)."""
        basis = PageBasis.of(renderer.ix, renderer.related_index)
        remake = entries_to_remake(self.basis, basis)
        self.basis = basis
        if remake is None:
            self.made.clear()
            return lambda src_uri: True
        urls = renderer.urls
        pages = {urls.page(kind, ident) for kind, ident in remake}
        return lambda src_uri: src_uri in pages or src_uri not in self.made

    def page_file(self, config: MkDocsConfig, src_uri: str, content: bytes, also: str = "") -> File:
        """``also``: what else the page's HTML is made from (its front matter, the notice
        of its problems put before it), counted as part of what it holds."""
        if self.page_folder is None:
            return File.generated(config, src_uri, content=content)
        path = self.page_folder / src_uri
        digest = hashlib.blake2b(content + also.encode("utf-8"), digest_size=16).digest()
        if self.digests.get(src_uri) != digest or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            self.digests[src_uri] = digest
        return File.generated(config, src_uri, abs_src_path=str(path))

    def close(self) -> None:
        if self.page_folder is not None:
            shutil.rmtree(self.page_folder, ignore_errors=True)
            self.page_folder = None


class SiteBuild:
    """The site of one build, as MkDocs meets it: files, then each page, then the end."""

    def __init__(
        self,
        settings: Settings,
        site: Site,
        indexer: SearchIndexer,
        *,
        serving: bool,
        parallel: bool,
    ) -> None:
        self.settings = settings
        self.site = site
        self.serving = serving
        self.parallel = parallel and not serving
        urls = settings.urls
        vocab = site.index.vocabulary
        #: Generated pages (source URIs).
        self.generated: set[str] = set()
        #: Planned pages MkDocs reads from us, by their position in the plan.
        self.planned: dict[str, int] = {}
        self.maker: Maker[MadePage] | None = None
        #: A generated page, from when MkDocs reads it until its fragments are in place.
        self.made: dict[str, Page] = {}
        #: A generated page's context for the theme (``Page.context``), until it is used.
        self.contexts: dict[str, Any] = {}
        #: A generated page's front matter (``Page.meta``), until MkDocs has read the page.
        self.metas: dict[str, Mapping[str, Any]] = {}
        #: A generated page's search profile, until its converted text is there too.
        self.profiles: dict[str, SearchProfile] = {}
        self.navigation = SharedNavigation()
        #: Generated page → the entry or organisation it presents (JSON-LD, share box).
        self.subjects: dict[str, Entry | Organisation] = {
            urls.page(e.kind, e.id): e for e in site.index.entries
        }
        self.subjects |= {urls.page("organisation", o.id): o for o in vocab.organisations.values()}
        tables = {
            kind: vocab.table(kind) for kind in ("theme", "organisation", "life_event", "sector")
        }
        self.vocabulary_pages: dict[str, VocabItem] = {
            urls.page(kind, item.id): item
            for kind, table in tables.items()
            for item in table.values()
        }
        #: First path segment of theme, organisation, life event and sector pages.
        self.vocabulary_prefixes = frozenset(urls.prefix(kind) for kind in tables)
        #: Theme and organisation pages → their own Atom feed.
        self.page_feeds = {
            urls.page(kind, item.id): {
                "title": f"{settings.site_name}: {item.label}",
                "href": urls.feed(kind, item.id),
            }
            for kind in ("theme", "organisation")
            for item in tables[kind].values()
        }
        self.facts_title = labels(settings.language)["facts"]
        #: Content with problems, shown on the site as well as in the terminal: in a
        #: preview, or a build told to go on despite errors (``notice``).
        self.show_problems = bool(site.problems) and (serving or bool(site.errors))
        #: Generated page → its content file, and back.
        self.sources: dict[str, str] = {}
        self.pages_of: dict[str, str] = {}
        #: Files made by a second process (``Asset.later``) while the pages are converted.
        self.files_meanwhile = FilesMadeMeanwhile([], items=0, parallel=False)
        #: The site search, made by a second process while the templates are applied.
        self.search_meanwhile = SearchMadeMeanwhile(
            indexer,
            list(site.corpus.vocabulary.concepts.values()),
            serving=serving,
            parallel=self.parallel,
        )

    # --- on_files --------------------------------------------------------------------------

    def add_files(self, files: Files, config: MkDocsConfig, preview: Preview | None) -> None:
        """Every generated page and file, added with ``File.generated``. A planned page is
        made when MkDocs reads it (``page_source``), except under ``serve --dirty``."""
        docs = _posix(os.path.abspath(config.docs_dir))
        made_now = preview is not None and preview.page_folder is not None
        to_make: Callable[[str], bool] = lambda src_uri: True  # noqa: E731
        if made_now and self.site.renderer is not None:
            assert preview is not None
            to_make = preview.pages_to_make(self.site.renderer)
        for position, planned in enumerate(self.site.plan):
            if self._taken(files, planned.src_uri):
                continue
            if made_now:
                assert preview is not None
                if to_make(planned.src_uri):
                    preview.made[planned.src_uri] = self._make(planned)
                made = preview.made[planned.src_uri]
                self._keep_made(made)
                page = made.page
                file = preview.page_file(
                    config,
                    page.src_uri,
                    page.body.encode("utf-8"),
                    repr(page.meta) + self._notice(page.src_uri, planned.source),
                )
            else:
                file = File.generated(config, planned.src_uri, content=b"")
                self.planned[planned.src_uri] = position
            self._add(files, file, planned.source, docs)
        for page in self.site.produced:
            if self._taken(files, page.src_uri):
                continue
            self._keep_made(self._with_search(page))
            content = page.body.encode("utf-8")
            file = (
                preview.page_file(config, page.src_uri, content, repr(page.meta))
                if preview is not None
                else File.generated(config, page.src_uri, content=content)
            )
            self._add(files, file, page.source, docs)
        if self.show_problems and not self._taken(files, PROBLEMS_PAGE):
            content = problems_page(self.site.problems, self.pages_of).encode("utf-8")
            file = (
                preview.page_file(config, PROBLEMS_PAGE, content)
                if preview is not None
                else File.generated(config, PROBLEMS_PAGE, content=content)
            )
            self._add(files, file, None, docs)
        later: list[tuple[File, Asset]] = []
        for asset in self.site.assets:
            if files.get_file_from_path(asset.path) is not None:
                continue
            file = File.generated(config, asset.path, content=asset.content if asset.made else b"")
            files.append(file)
            if not asset.made:
                later.append((file, asset))
        if self.planned:
            plan = [partial(self._make, p) for p in self.site.plan]
            self.maker = Maker(plan, parallel=self.parallel)
        # Begun after the page helper: the pages are what MkDocs waits for first.
        self.files_meanwhile = FilesMadeMeanwhile(
            later, items=len(self.site.plan), parallel=self.parallel
        )

    def _taken(self, files: Files, src_uri: str) -> bool:
        if files.get_file_from_path(src_uri) is None:
            return False
        # A hand-written page wins: a theme intro in docs/ may replace ours.
        log.info("erfaringsbase: %s finnes i docs/ og brukes i stedet", src_uri)
        return True

    def _add(self, files: Files, file: File, source: str | None, docs: str) -> None:
        # By design outside the small navigation (see mkdocs.yml): MkDocs need not list
        # every one of them on every build, and under `serve` on every edit.
        file.inclusion = InclusionLevel.NOT_IN_NAV
        if source is not None:
            self.sources[file.src_uri] = source
            self.pages_of[source] = file.src_uri
            # "Edit this page" opens the content file, not a page in docs/.
            content_file = _posix(os.path.join(self.settings.root, source))
            file.edit_uri = posixpath.relpath(content_file, docs)
        files.append(file)
        self.generated.add(file.src_uri)

    def _make(self, planned: Planned) -> MadePage:
        return self._with_search(planned.make())

    def _with_search(self, page: Page) -> MadePage:
        """The page with its search profile. Its fact box is marked for Pagefind to skip,
        and its values become the page's facts: the box repeats a dozen labels and the
        names of everything the entry links to (``search.fact_box_for_keywords``). Done
        on the box's own fragment, where the page is made, not on the converted page."""
        facts = ""
        here = public_path(page.src_uri)
        for key, fragment in (page.fragments or {}).items():
            marked, facts = fact_box_for_keywords(
                fragment, self.facts_title, lambda href: self._vocabulary_link(here, href)
            )
            if marked is not fragment:
                page = replace(page, fragments={**(page.fragments or {}), key: marked})
                break
        about = self.subjects.get(page.src_uri) or self.vocabulary_pages.get(page.src_uri)
        return MadePage(page, page_profile(about, self.site.index, generated=True, facts=facts))

    def _keep_made(self, made: MadePage) -> None:
        """What a made page brings for later events: its front matter, its fragments, its
        context and its search profile."""
        page = made.page
        self.metas[page.src_uri] = page.meta
        self.profiles[page.src_uri] = made.search
        if page.fragments:
            self.made[page.src_uri] = page
        if page.context:
            self.contexts[page.src_uri] = page.context

    def check_manifest(self, files: Files) -> None:
        """Fail the build when a published URL would disappear without a redirect."""
        if self.site.renderer is None:
            return
        pages = {public_path(f.src_uri) for f in files.documentation_pages()}
        problems = manifest_problems(self.site.renderer, self.site.page_paths(), pages)
        if problems and not self.serving:
            raise PluginError("\n".join(p.format_text() for p in problems))
        for problem in problems:
            log.warning(problem.format_text())

    # --- each page ---------------------------------------------------------------------

    def page_source(self, page: MkPage) -> str | None:
        """The markdown of a planned page, made now (or by the second process)."""
        position = self.planned.get(page.file.src_uri)
        if position is None or self.maker is None:
            return None
        made = self.maker.get(position)
        self._keep_made(made)
        return made.page.body

    def page_markdown(self, markdown: str, page: MkPage) -> str:
        """A generated page gets its front matter; in a hand-written page, the
        ``erfaringsbase`` blocks are replaced by what they ask for."""
        if page.file.src_uri in self.generated:
            meta = self.metas.pop(page.file.src_uri, None)
            if meta is not None:
                # A copy: the theme's events add to a page's meta.
                page.meta = dict(meta)
            return markdown
        if self.site.renderer is None:
            return markdown
        if "```erfaringsbase" not in markdown:
            return markdown
        source = posixpath.relpath(
            _posix(page.file.abs_src_path or page.file.src_uri), _posix(str(self.settings.root))
        )
        expanded, problems = expand(markdown, page.file.src_uri, source, self.site.renderer)
        for problem in problems:
            log.warning(problem.format_text())  # a warning, so --strict fails on it
        return expanded

    def finish(self, html: str, page: MkPage) -> str:
        """A generated page's HTML with its fragments in place, sanitised (a hand-written
        page is left as it is)."""
        src_uri = page.file.src_uri
        if src_uri not in self.generated:
            return html
        made = self.made.pop(src_uri, None)
        html = made.fill(html, sanitize) if made is not None else sanitize(html)
        notice = self._notice(src_uri, self.sources.get(src_uri))
        return sanitize(notice) + html if notice else html

    def _notice(self, src_uri: str, source: str | None) -> str:
        """What a page shows first about its content file's problems ("" if none)."""
        if not source or not self.show_problems:
            return ""
        found = self.site.corpus.problems.for_path(source)
        return notice(found, source, src_uri) if found else ""

    def _vocabulary_link(self, here: str, href: str) -> bool:
        """Does a link go to a theme, organisation, life event or sector page? Their
        names are searched for; other entries' titles and addresses are not."""
        if ":" in href.split("/")[0]:
            return False  # https://…, mailto:…
        target = posixpath.normpath(posixpath.join(here, href.split("#")[0]))
        return target.split("/")[0] in self.vocabulary_prefixes

    def context(self, page: MkPage, nav: Navigation, config: MkDocsConfig) -> dict[str, Any]:
        """What the theme shows around a page: feed links, the navigation it shares
        (``navigation.py``), and what was made with it (``Page.context``: share box,
        schema.org data)."""
        urls = self.settings.urls
        feeds = [{"title": f"{self.settings.site_name}: nytt og oppdatert", "href": urls.feed()}]
        own_feed = self.page_feeds.get(page.file.src_uri)
        if own_feed is not None:
            feeds.append(own_feed)
        return {
            "feeds": feeds,
            "nav": self.navigation.context(page, nav, config),
            **self.contexts.pop(page.file.src_uri, {}),
        }

    def search_document(self, page: MkPage, html: str) -> SearchDocument:
        """What the site search indexes of a page, from its finished article."""
        src_uri = page.file.src_uri
        profile = self.profiles.pop(src_uri, None)
        if profile is None:
            # A hand-written page (one may take a theme page's place), the problems page.
            about = self.subjects.get(src_uri) or self.vocabulary_pages.get(src_uri)
            generated = src_uri in self.generated or src_uri == "index.md"
            profile = page_profile(about, self.site.index, generated=generated)
        return profile.document(page.url, str(page.meta.get("title") or page.title or ""), html)

    def close(self) -> None:
        self.files_meanwhile.close()
        self.search_meanwhile.close()
        if self.maker is not None:
            made = self.maker
            self.maker = None
            made.close()
            if made.from_helper:
                log.info(
                    "erfaringsbase: en annen prosess laget %d av %d sider",
                    made.from_helper,
                    made.from_helper + made.made_here,
                )


def start(
    settings: Settings,
    indexer: SearchIndexer,
    *,
    serving: bool,
    drafts: bool,
    lenient: bool,
    parallel: bool,
    preview: Preview | None,
) -> SiteBuild:
    """Load, check and plan the site; report its problems (raise on errors unless
    ``lenient``)."""
    site = build(
        settings,
        include_drafts=drafts,
        force=lenient,
        cache=preview.load_cache if preview is not None else None,
    )
    report = format_report(site.problems, site.corpus.files_checked, "text")
    if site.errors and not lenient:
        raise PluginError("Innholdet har feil:\n" + report)
    # Each problem at its own level: an error as an error, a warning as a warning, and a
    # draft's as information (it is not published: what it still lacks is for its author,
    # not a warning that fails a strict build of everything else).
    draft_files = {e.path for e in site.corpus.entries if e.draft}
    for problem in site.problems:
        if problem.severity == "error":
            log.error(problem.format_text())
        elif problem.path in draft_files:
            log.info(problem.format_text())
        else:
            log.warning(problem.format_text())
    return SiteBuild(settings, site, indexer, serving=serving, parallel=parallel)


def _posix(value: str) -> str:
    return value.replace(os.sep, "/")
