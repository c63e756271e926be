"""The MkDocs adapter: a thin layer over the core (which never imports MkDocs).

Events, in the order MkDocs calls them:

* ``on_startup`` – remember whether we are serving: drafts are shown while previewing.
* ``on_config`` – turn the plugin options into core :class:`~erfaringsbase.config.Settings`.
* ``on_files`` – load → validate → index → render; add each page in memory with
  ``File.generated`` and point its edit link at the content file, not at ``docs/``. On a
  large site the pages are still being made by a worker (``pipeline.PageStream``):
* ``on_page_read_source`` – hands MkDocs such a page's text once the worker has sent it.
* ``on_page_content`` – put the page's fragments of HTML in place (``Page.fragments``:
  fact boxes, lists and their headings, made as HTML by the core) and sanitise the HTML
  of generated pages (on a large site in a second process, ``pagework.Finisher``),
* ``on_page_context`` – which puts the finished HTML back; then feed links, share box
  and JSON-LD.
* ``on_post_page`` – take the page's article for the site search (``search.documents``).
* ``on_post_build`` – write the files made after the pages (calendars, feeds, open data)
  and the site search (Pagefind's index with Norwegian keywords, ``search.writer``).
* ``on_serve`` – watch the content folders, which live outside ``docs/``.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import logging
import os
import posixpath
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique as toc_unique
from markdown.util import parseBoolValue
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils.meta import YAML_RE
from mkdocs.utils.templates import TemplateContext

from ..content.config import Settings, settings_from_options
from ..content.loader import LoadCache
from ..content.model import Concept, Entry, Organisation, VocabItem
from ..content.problems import format_report
from ..content.urls import public_path
from ..outputs.jsonld import entry_ld, page_ld
from ..outputs.permalinks import manifest_problems
from ..outputs.share import QrCodes, permalink, share_for
from ..pages.directives import expand
from ..pages.labels import labels
from ..pages.render import FragmentHeading, Fragments, Page
from ..parallel.pagework import Finisher, finish
from ..parallel.workers import collect_less_often
from ..search.documents import SearchDocument, page_document
from ..search.writer import IndexFigures, SearchIndexer
from ..site import PreviewHelper, Site, build

if TYPE_CHECKING:
    from watchdog.observers.api import BaseObserver

log = logging.getLogger("mkdocs.plugins.erfaringsbase")


def _report_index(figures: IndexFigures | None, error: BaseException | None) -> None:
    if figures is not None:
        log.info(
            "erfaringsbase: søkeindeksen har %d sider (%.2f s)", figures.pages, figures.seconds
        )
    else:
        log.error("erfaringsbase: søkeindeksen ble ikke skrevet: %s", error)


class ErfaringsbaseConfig(Config):
    """Options under ``plugins: - erfaringsbase:`` in mkdocs.yml."""

    #: Folder that holds the content folders and ``taxonomy/``, relative to mkdocs.yml.
    content_dir = c.Type(str, default=".")
    #: Folder name per kind, e.g. ``{case: prosjekter}``; unnamed kinds keep their default.
    folders = c.Type(dict, default={})
    #: Folder with themes.yml, organisations.yml, life-events.yml and sectors.yml.
    taxonomy_dir = c.Type(str, default="taxonomy")
    #: URL prefix per page kind, e.g. ``{case: prosjekter}``. Changing one moves pages!
    url_prefixes = c.Type(dict, default={})
    #: Language of the generated pages: ``nb`` (bokmål) or ``nn`` (nynorsk).
    language = c.Choice(("nb", "nn"), default="nb")
    #: Show drafts: unset means "in ``mkdocs serve`` only".
    drafts = c.Optional(c.Type(bool))
    #: Branch the "edit this page" links point at.
    edit_branch = c.Type(str, default="main")
    #: The committed list of published URLs, next to mkdocs.yml; "" switches the check off.
    url_manifest = c.Type(str, default="published-urls.txt")
    #: Stop the build on content errors. Off, the errors are logged and the valid rest is
    #: built (as in ``mkdocs serve``): for preview deployments, and for testing that the
    #: site still escapes and sanitises what validate would have refused.
    fail_on_errors = c.Type(bool, default=True)
    #: Hand MkDocs the fact boxes, lists of links and their headings of generated pages as
    #: finished HTML, not as markdown to convert (a third of the build time of a large
    #: site; the pages are the same). Off, they go through Python-Markdown like the rest:
    #: for a site whose own markdown extensions should reach them too (abbreviations,
    #: snippets appended to every page).
    html_fragments = c.Type(bool, default=True)


class ErfaringsbasePlugin(BasePlugin[ErfaringsbaseConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.settings: Settings | None = None
        self.site: Site | None = None
        self.generated: set[str] = set()
        #: Generated pages whose text comes from the build's worker → position in its plan.
        self.streamed: dict[str, int] = {}
        #: Generated page → its fragments of HTML (``Page.fragments``), until it is converted.
        self.fragments: dict[str, Fragments] = {}
        #: How the site's markdown writes a heading, for the headings in fragments.
        self.headings: _Headings | None = None
        #: Asset files whose content comes in ``on_post_build`` (see ``Site.later``).
        self.later: dict[str, File] = {}
        self.load_cache: LoadCache | None = None
        #: Makes part of the pages of each rebuild under `mkdocs serve` (a second process).
        self.preview_helper: PreviewHelper | None = None
        self.page_cache: Path | None = None
        #: Page cache file → a digest of what it holds.
        self.page_digests: dict[str, bytes] = {}
        #: Generated page → the entry or organisation it presents (for JSON-LD and sharing).
        self.subjects: dict[str, Entry | Organisation] = {}
        #: Theme and organisation pages → their own Atom feed.
        self.page_feeds: dict[str, dict[str, str]] = {}
        #: Generated page (public path) → the values of its fact box, which reach the search
        #: index as its facts. Kept across rebuilds: ``serve --dirty`` skips unchanged pages.
        self.fact_texts: dict[str, str] = {}
        #: Page → what the site search indexes of it. Kept across rebuilds: ``serve
        #: --dirty`` skips unchanged pages.
        self.search_docs: dict[str, SearchDocument] = {}
        #: Makes the site search (and keeps its keywords between rebuilds under serve).
        self.search = SearchIndexer("nb")
        #: Generated page of a theme, organisation, life event or sector → that item.
        self.vocabulary_pages: dict[str, VocabItem] = {}
        #: Every page of this build (the search forgets the others).
        self.pages: set[str] = set()
        #: Streamed page → its metadata, from ``on_page_read_source`` to ``on_page_markdown``.
        self.page_meta: dict[str, dict[str, Any]] = {}
        self.qr_codes = QrCodes()
        #: First path segment of theme, organisation, life event and sector pages.
        self.vocabulary_prefixes: frozenset[str] = frozenset()
        #: Finishes generated pages in a second process (not under `mkdocs serve`, where a
        #: rebuild converts only the pages that changed).
        self.finisher: Finisher | None = None
        #: The garbage collector's thresholds before the build (see _collect_less_often).
        self._gc_before: tuple[int, int, int] | None = None
        #: Whether this build froze the heap it started with (``gc.freeze``).
        self._frozen = False
        #: SIGTERM's handler before `mkdocs serve` started (see ``_stop_on_sigterm``).
        self._sigterm: Any = None
        #: The operating system's file events for the content folders (``servewatch``).
        self._native_watch: BaseObserver | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having on_startup keeps this instance across rebuilds in `mkdocs serve`.
        self.serving = command == "serve"
        if self.serving:
            self.load_cache = LoadCache()
            self.qr_codes = QrCodes(keep=True)
            self.preview_helper = PreviewHelper()
        self.page_cache = None
        if self.serving and dirty:
            # `mkdocs serve --dirty` rebuilds only files whose source is newer than their
            # output. Generated pages therefore get real files, rewritten only when their
            # text changes: an edit rebuilds the pages it touches, not all of them.
            self.page_cache = Path(tempfile.mkdtemp(prefix="erfaringsbase-"))
        if self.serving:
            self._sigterm = _stop_on_sigterm()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # The last rebuild's search index is written before MkDocs cleans the site folder.
        self.search.wait()
        base = os.path.dirname(config.config_file_path or ".")
        options: dict[str, Any] = dict(self.config)
        options["site_url"] = config.site_url
        options["repo_url"] = config.repo_url
        options["site_name"] = config.site_name
        options["docs_dir"] = config.docs_dir
        try:
            self.settings = settings_from_options(options, base=Path(base))
        except ValueError as exc:
            raise PluginError(f"erfaringsbase: {exc}") from exc
        self.headings = None
        if self.config.html_fragments and not self.serving and config.use_directory_urls:
            # Fact boxes and lists come as HTML (a third of the build, see ``Renderer``).
            # Not under `mkdocs serve --dirty`, which rebuilds a page only when its
            # markdown changes, and not without directory URLs, which the links assume.
            self.headings = _Headings.of(config)
            self.settings = dataclasses.replace(
                self.settings, html_fragments=True, html_headings=self.headings is not None
            )
        self.site = None
        self.generated = set()
        self.page_meta = {}
        self.subjects = {}
        if self.search.language != self.settings.language:
            self.search = SearchIndexer(self.settings.language)
        _add_theme_layer(config)
        return config

    @event_priority(-50)  # after other plugins have added their files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        self._collect_less_often()
        drafts = self.config.drafts if self.config.drafts is not None else self.serving
        lenient = self.serving or not self.config.fail_on_errors
        site = build(
            self.settings,
            include_drafts=drafts,
            force=lenient,
            cache=self.load_cache,
            # Not under `mkdocs serve`: its load cache makes a rebuild cheap already, and a
            # second process would read every file again on each edit.
            parallel=not self.serving,
            stream=True,
            helper=self.preview_helper,
        )
        self.site = site
        self.fragments = {}
        report = format_report(site.problems, site.corpus.files_checked, "text")
        if site.errors:
            if not lenient:
                raise PluginError("Innholdet har feil:\n" + report)
            for line in report.splitlines():
                log.error(line)
        else:
            for problem in site.problems:
                log.warning(problem.format_text())
        docs_dir = config.docs_dir
        streamed = site.stream.plan if site.stream is not None else []
        self.streamed = {planned.src_uri: i for i, planned in enumerate(streamed)}
        for page in site.page_slots():
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                # A hand-written page wins: a theme intro in docs/ may replace ours.
                log.info("erfaringsbase: %s finnes i docs/ og brukes i stedet", page.src_uri)
                continue
            if isinstance(page, Page):
                file = self._generated(config, page.src_uri, page.markdown.encode("utf-8"))
                # By design outside the small navigation (see mkdocs.yml): MkDocs need not
                # list every one of them on every build, and under `serve` on every edit.
                file.inclusion = InclusionLevel.NOT_IN_NAV
                if page.fragments:
                    self.fragments[page.src_uri] = page.fragments
            else:
                # Its text is still being made: MkDocs gets it in on_page_read_source.
                file = File.generated(
                    config, page.src_uri, content=b"", inclusion=InclusionLevel.NOT_IN_NAV
                )
            if page.source is not None:
                source = os.path.join(self.settings.root, page.source)
                file.edit_uri = posixpath.relpath(_posix(source), _posix(os.path.abspath(docs_dir)))
            files.append(file)
            self.generated.add(page.src_uri)
        for asset in site.assets:
            if files.get_file_from_path(asset.path) is None:
                files.append(self._generated(config, asset.path, asset.content))
        self.later = {}
        for path in site.later:
            if files.get_file_from_path(path) is None:
                # Its content is still being made: written in on_post_build.
                self.later[path] = _LaterFile.generated(config, path, content=b"")
                files.append(self.later[path])
        self._check_manifest(files)
        urls = self.settings.urls
        self.subjects = {urls.page(e.kind, e.id): e for e in site.index.entries}
        self.vocabulary_prefixes = frozenset(
            urls.prefix(k) for k in ("theme", "organisation", "life_event", "sector")
        )
        vocab = site.index.vocabulary
        self.subjects |= {urls.page("organisation", o.id): o for o in vocab.organisations.values()}
        self.vocabulary_pages = {
            urls.page(kind, item.id): item
            for kind, table in (
                ("theme", vocab.themes),
                ("organisation", vocab.organisations),
                ("life_event", vocab.life_events),
                ("sector", vocab.sectors),
            )
            for item in table.values()
        }
        self.pages = {f.src_uri for f in files.documentation_pages()}
        if not self.serving:
            self.finisher = Finisher(self._facts_title(), self.vocabulary_prefixes)
            self.finisher.begin(len(self.generated))
        self.qr_codes.prepare(
            (permalink(e, self.settings), e.title)
            for e in self.subjects.values()
            if isinstance(e, Entry)
        )
        self.page_feeds = {
            urls.page(kind, item.id): {
                "title": f"{self.settings.site_name}: {item.label}",
                "href": urls.feed(kind, item.id),
            }
            for kind, table in (("theme", vocab.themes), ("organisation", vocab.organisations))
            for item in table.values()
        }
        if self._gc_before is not None and not self.serving:
            # What is here now (the content, the index, MkDocs' files) lives as long as
            # the build: full collections need not walk it again and again.
            gc.freeze()
            self._frozen = True
        return files

    def on_page_read_source(self, *, page: MkPage, config: MkDocsConfig) -> str | None:
        """The text of a page that the build's worker made (see ``PageStream``)."""
        position = self.streamed.get(page.file.src_uri)
        if position is None or self.site is None or self.site.stream is None:
            return None
        made = self.site.stream.get(position)
        if made.fragments:
            self.fragments[made.src_uri] = made.fragments
        if made.meta is not None:
            found = YAML_RE.match(made.markdown)
            body = made.markdown[found.end() :].lstrip("\n") if found else ""
            if body.startswith("#") and "\r" not in body:
                # No front matter for MkDocs to parse with PyYAML (0.6 s at 10,000 entries):
                # the page starts with its title, which MkDocs takes for no metadata, and
                # gets its metadata in ``on_page_markdown``, as MkDocs would have read it.
                self.page_meta[page.file.src_uri] = dict(made.meta)
                return body
        return made.markdown

    def _generated(self, config: MkDocsConfig, src_uri: str, content: bytes) -> File:
        """A file in memory, or (under ``serve --dirty``) in the page cache, rewritten only
        when its content changed so that its modification time tells MkDocs the truth."""
        if self.page_cache is None:
            return File.generated(config, src_uri, content=content)
        path = self.page_cache / src_uri
        # What each file holds, remembered rather than read back: a rebuild compares
        # every generated page and rewrites only those that changed.
        digest = hashlib.blake2b(content, digest_size=16).digest()
        if self.page_digests.get(src_uri) != digest or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            self.page_digests[src_uri] = digest
        return File.generated(config, src_uri, abs_src_path=str(path))

    def on_build_error(self, *, error: Exception) -> None:
        self._end_build()

    def _collect_less_often(self) -> None:
        """Collect garbage less often while building (see ``workers.collect_less_often``;
        MkDocs' own objects are collected less often too)."""
        if self._gc_before is None:
            self._gc_before = collect_less_often()

    def _end_build(self) -> None:
        """Let the workers go and collect garbage as before (the build is over or failed)."""
        self._report_workers()
        self.qr_codes.close()
        if self._gc_before is not None:
            gc.set_threshold(*self._gc_before)
            self._gc_before = None
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        if self.site is not None and self.site.stream is not None:
            self.site.stream.stop()
        if self.finisher is not None:
            self.finisher.end()

    def _report_workers(self) -> None:
        """What the second processes did: a worker that failed shows here as a shortfall
        (its work was done in this process instead)."""
        site = self.site
        if site is None or self.serving:
            return
        stream = site.stream
        finisher = self.finisher
        if stream is None and (finisher is None or not finisher.from_worker):
            return
        log.info(
            "erfaringsbase: andre prosesser laget %d av %d sider, %d andre filer, rensket %d "
            "sider og laget %d QR-koder",
            stream.from_worker if stream else 0,
            len(stream.plan) if stream else 0,
            site.from_worker,
            finisher.from_worker if finisher else 0,
            self.qr_codes.from_worker,
        )

    def on_shutdown(self) -> None:
        self.search.wait()
        if self._sigterm is not None:
            signal.signal(signal.SIGTERM, self._sigterm)
            self._sigterm = None
        self.qr_codes.close()
        if self._native_watch is not None:
            self._native_watch.stop()
            self._native_watch.join()
            self._native_watch = None
        if self.preview_helper is not None:
            self.preview_helper.close()
        if self.page_cache is not None:
            shutil.rmtree(self.page_cache, ignore_errors=True)
            self.page_cache = None  # MkDocs may keep this instance for another build

    def _check_manifest(self, files: Files) -> None:
        """Fail the build when a published URL would disappear without a redirect."""
        if self.settings is None or self.site is None or self.site.renderer is None:
            return
        pages = {public_path(f.src_uri) for f in files.documentation_pages()}
        problems = manifest_problems(self.site, pages)
        if problems and not self.serving:
            raise PluginError("\n".join(p.format_text() for p in problems))
        for problem in problems:
            log.warning(problem.format_text())

    @event_priority(100)  # first: other plugins read a generated page's metadata
    def on_page_markdown(
        self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Give a streamed page its metadata; expand ``erfaringsbase`` directives in
        hand-written pages."""
        meta = self.page_meta.pop(page.file.src_uri, None)
        if meta is not None:
            page.meta = meta
        if page.file.src_uri in self.generated or self.site is None or self.site.renderer is None:
            return markdown
        if "```erfaringsbase" not in markdown:
            return markdown
        source = posixpath.relpath(
            _posix(page.file.abs_src_path or page.file.src_uri),
            _posix(str(self.settings.root if self.settings else ".")),
        )
        expanded, problems = expand(markdown, page.file.src_uri, source, self.site.renderer)
        for problem in problems:
            log.warning(problem.format_text())  # a warning, so --strict fails on it
        return expanded

    def on_page_content(
        self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Sanitise generated pages and take their fact box out of the search text: in a
        second process on a large site (the page's HTML is left empty until
        ``on_page_context`` takes the finished one back), here otherwise."""
        if page.file.src_uri not in self.generated:
            return html
        fragments = self.fragments.pop(page.file.src_uri, None)
        if fragments is not None:
            html = fragments.fill(html)
            if fragments.headings and self.headings is not None:
                html = self.headings.fill(html, fragments.headings, page)
        here = public_path(page.file.src_uri)
        if self.finisher is not None and self.finisher.start(page.file.src_uri, html, here):
            return ""
        clean, self.fact_texts[here] = finish(
            html, here, self._facts_title(), self.vocabulary_prefixes
        )
        return clean

    def _facts_title(self) -> str:
        return labels(self.settings.language if self.settings else "nb")["facts"]

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> None:
        """Every page has been converted: the finisher has had them all."""
        if self.finisher is not None:
            self.finisher.close()

    def _write_later(self) -> None:
        """The assets made after the pages (``_LaterFile``), now that they are made."""
        if self.site is None or not self.later:
            return
        try:
            made = self.site.later_assets()
        except ValueError as error:
            raise PluginError(str(error)) from error
        for asset in made:
            file = self.later.get(asset.path)
            if file is not None:
                file.content_bytes = asset.content
                File.copy_file(file)

    def on_page_context(
        self, context: TemplateContext, *, page: MkPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Put back the finished HTML of a page that a second process finished. Attach feed
        links to every page; the share box and schema.org data to the page of an entry or
        organisation."""
        finished = self.finisher.result(page.file.src_uri) if self.finisher else None
        if finished is not None:
            page.content, self.fact_texts[public_path(page.file.src_uri)] = finished
        if self.site is None or self.settings is None:
            return context
        urls = self.settings.urls
        feeds = [{"title": f"{self.settings.site_name}: nytt og oppdatert", "href": urls.feed()}]
        own_feed = self.page_feeds.get(page.file.src_uri)
        if own_feed is not None:
            feeds.append(own_feed)
        extra: dict[str, Any] = {"feeds": feeds}
        subject = self.subjects.get(page.file.src_uri)
        if isinstance(subject, Organisation):
            extra["jsonld"] = page_ld(subject, self.settings)
        elif subject is not None:
            extra["jsonld"] = entry_ld(subject, self.site.index)
            extra["share"] = share_for(subject, self.settings, self.qr_codes)
        page.meta["erfaringsbase"] = extra
        return context

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str | None:
        """Take the page's article for the site search, once every plugin has had it."""
        if not (page.meta.get("search") or {}).get("exclude") and page.content is not None:
            self.search_docs[page.file.src_uri] = self._search_document(page)
        return output

    def _concepts(self) -> list[Concept]:
        """The main concepts (taxonomy/concepts.yml) the search adds to pages using them."""
        if self.site is None:
            return []
        return list(self.site.corpus.vocabulary.concepts.values())

    def _search_document(self, page: MkPage) -> SearchDocument:
        assert self.site is not None
        src_uri = page.file.src_uri
        return page_document(
            page.url,
            str(page.meta.get("title") or page.title or ""),
            page.content or "",
            self.subjects.get(src_uri) or self.vocabulary_pages.get(src_uri),
            self.site.index,
            generated=src_uri in self.generated or src_uri == "index.md",
            facts=self.fact_texts.get(public_path(src_uri), ""),
        )

    @event_priority(-100)  # after other plugins: what they write is in the site already
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the assets made after the pages, and the site search."""
        try:
            self._write_later()
            # Pages of an earlier rebuild that are gone now are forgotten.
            self.search_docs = {u: d for u, d in self.search_docs.items() if u in self.pages}
            docs = [self.search_docs[uri] for uri in sorted(self.search_docs)]
            site_dir = Path(config.site_dir)
            concepts = self._concepts()
            if self.serving:
                self.search.write_soon(docs, site_dir, _report_index, concepts)
            else:
                _report_index(self.search.write(docs, site_dir, concepts), None)
        finally:
            self._end_build()

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        from .servewatch import watch_content  # only under `serve`

        if self.settings is not None:
            docs = Path(config.docs_dir).resolve()
            folders = [
                str(f)
                for f in self.settings.watched_dirs()
                # MkDocs watches docs/ itself, with its own handler: a folder in there
                # would be reported by both, and rebuilt twice.
                if f.is_dir() and not f.resolve().is_relative_to(docs)
            ]
            self._native_watch = watch_content(server, folders)
            log.info(
                "erfaringsbase: følger med på endringer i %s",
                ", ".join(f"'{self.settings.relpath(Path(f))}'" for f in folders),
            )
        return server


THEME_DIR = Path(__file__).parent / "theme"
STYLESHEETS = (
    "assets/erfaringsbase/erfaringsbase.css",
    "assets/erfaringsbase/charts.css",
    "assets/erfaringsbase/explorer.css",
    "assets/erfaringsbase/search.css",
)
SCRIPTS = (
    "assets/erfaringsbase/erfaringsbase.js",
    "assets/erfaringsbase/explorer.js",
    "assets/erfaringsbase/search.js",
)


def _add_theme_layer(config: MkDocsConfig) -> None:
    """Put the package's template overrides and styles between the site's and Material's.

    Every knowledge base then gets the privacy fix (no api.github.com), the completed
    translations and the styles, while a site's own ``custom_dir`` still wins.
    """
    dirs: list[str] = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    for position, sheet in enumerate(STYLESHEETS):
        if sheet not in config.extra_css:
            config.extra_css.insert(position, sheet)
    present = [str(s) for s in config.extra_javascript]
    for script in SCRIPTS:
        if script not in present:
            config.extra_javascript.append(script)


class _LaterFile(File):
    """A generated file whose content is made after the pages (``Site.later``: calendars,
    feeds, open data), by the build's worker on a large site. MkDocs copies files in
    ``on_env``, before it renders the pages' templates, and would wait there for the
    worker (1.8 s at 10,000 entries); the plugin writes them in its ``on_post_build``,
    which runs after other plugins' (a plugin that reads them there would find them
    missing)."""

    def copy_file(self, dirty: bool = False) -> None:
        pass  # see ErfaringsbasePlugin._write_later


def _stop_on_sigterm() -> Any:
    """Take SIGTERM as Ctrl-C under `mkdocs serve`, and return the handler it had (None
    if it is left alone). MkDocs removes its temporary site, and this plugin its page
    cache and workers, when serving is interrupted, but SIGTERM, which a terminal that
    closes, a container or a CI job sends, ended the process on the spot and left them
    behind in the temporary folder."""
    if threading.current_thread() is not threading.main_thread():
        return None
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return None  # someone else's handler: theirs to run

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


#: Options of Python-Markdown's toc extension that ``_Headings`` writes headings for.
_TOC_OPTIONS: Final = frozenset(
    {"permalink", "permalink_title", "permalink_class", "slugify", "separator", "title"}
    | {"title_class", "toc_class", "marker", "anchorlink_class"}
)


@dataclass(frozen=True)
class _Headings:
    """Writes a heading as Python-Markdown's toc extension does for this site, gives it its
    anchor (unique on the page) and its entry in the page's table of contents.

    For the headings of the fragment that closes an entry's page (``Settings.html_headings``):
    a tenth of the build went to converting three headings a page. Only for the toc options
    written out here; with any other (``anchorlink``, ``toc_depth``, ``baselevel`` …) the
    headings stay markdown. ``tests/test_fragments.py`` holds the two to the same site.
    """

    slugify: Callable[[str, str], str]
    separator: str
    #: The permalink's text as HTML, or None for no permalink.
    permalink: str | None
    permalink_class: str
    permalink_title: str

    @classmethod
    def of(cls, config: MkDocsConfig) -> _Headings | None:
        names = [e for e in config.markdown_extensions if isinstance(e, str)]
        if len(names) != len(config.markdown_extensions):
            return None  # an extension given as an object: what it does is unknown here
        toc = [n for n in names if n in ("toc", "markdown.extensions.toc")]
        if len(toc) != 1:
            return None
        options = dict((config.mdx_configs or {}).get(toc[0]) or {})
        if not set(options) <= _TOC_OPTIONS or parseBoolValue(options.get("anchorlink")):
            return None
        permalink = parseBoolValue(options.get("permalink", False), False)
        text: str | None = None
        if permalink is True:
            text = "&para;"  # as Python-Markdown writes it
        elif permalink is None:  # neither true nor false: the permalink's own text
            text = escape(str(options["permalink"]), quote=False) or None
        return cls(
            slugify=options.get("slugify", toc_slugify),
            separator=str(options.get("separator", "-")),
            permalink=text,
            permalink_class=str(options.get("permalink_class", "headerlink")),
            permalink_title=str(options.get("permalink_title", "Permanent link")),
        )

    def fill(self, html: str, headings: Sequence[FragmentHeading], page: MkPage) -> str:
        """Write ``headings`` where their markers stand in ``html``, and add them to
        ``page.toc`` and to the anchors the page has, as MkDocs would have."""
        present = page.present_anchor_ids if page.present_anchor_ids is not None else set()
        page.present_anchor_ids = present
        # Python-Markdown's toc extension first takes note of every id written out (a
        # recommendation's on its report's page), and gives no other heading that id.
        own = {heading.anchor for heading in headings if heading.anchor}
        for taken in sorted(own & present):
            html = _move_anchor(html, taken, toc_unique(taken, present | own), page)
        present |= own
        for heading in headings:
            text = escape(heading.text, quote=False)
            anchor = heading.anchor or toc_unique(
                self.slugify(heading.text, self.separator), present
            )
            html = html.replace(heading.marker, self._write(heading, text, anchor), 1)
            _into_toc(page.toc.items, AnchorLink(text, anchor, heading.level))
        return html

    def _write(self, heading: FragmentHeading, text: str, anchor: str) -> str:
        # As Python-Markdown writes them: attributes sorted by name, attr_list's bare word
        # as a bare attribute.
        exclude = " data-search-exclude" if heading.search_exclude else ""
        permalink = ""
        if self.permalink is not None:
            title = f' title="{escape(self.permalink_title)}"' if self.permalink_title else ""
            permalink = (
                f'<a class="{escape(self.permalink_class)}" href="#{escape(anchor)}"{title}>'
                f"{self.permalink}</a>"
            )
        tag = f"h{heading.level}"
        return f'<{tag}{exclude} id="{escape(anchor)}">{text}{permalink}</{tag}>'


def _move_anchor(html: str, anchor: str, new: str, page: MkPage) -> str:
    """Give the heading in the page's own text that has ``anchor`` the anchor ``new``, as
    Python-Markdown would have (``_Headings.fill``). (Only if yet another heading there
    had ``new`` would the two differ: then they swap anchors, and both stay unique.)"""
    pattern = rf'<h[1-6][^>]* id="{re.escape(escape(anchor))}"[^>]*>.*?</h[1-6]>'
    tag = re.search(pattern, html, re.DOTALL)
    if tag is None:
        return html  # not a heading's: left as it is
    moved = tag.group(0).replace(f'id="{escape(anchor)}"', f'id="{escape(new)}"', 1)
    moved = moved.replace(f'href="#{escape(anchor)}"', f'href="#{escape(new)}"', 1)
    links = list(page.toc.items)
    while links:
        link = links.pop()
        if link.id == anchor:
            link.id = new
            break
        links.extend(link.children)
    assert page.present_anchor_ids is not None
    page.present_anchor_ids.add(new)
    return html[: tag.start()] + moved + html[tag.end() :]


def _into_toc(items: list[AnchorLink], link: AnchorLink) -> None:
    """Add the page's last heading to its table of contents, nested as Python-Markdown's
    ``nest_toc_tokens`` nests it: under the last heading of a higher level."""
    while items and items[-1].level < link.level:
        items = items[-1].children
    items.append(link)


def _posix(value: str) -> str:
    return value.replace(os.sep, "/")
