"""The MkDocs plugin: the door between MkDocs' events and the core (which never imports
MkDocs). Each build's work is done by a :class:`~.build.SiteBuild`; this file only says
which event does what:

* ``on_startup`` – note whether we serve: drafts show and rebuilds reuse what they can.
* ``on_config`` – the plugin's options become core :class:`~erfaringsbase.content.config.Settings`;
  the theme layer goes in; the cycle collector leaves the old objects alone until the
  build ends (``collector.py``).
* ``on_files`` – load, check, index, plan and produce; every generated page and file is
  added with ``File.generated``.
* ``on_page_read_source`` – a planned page is made when MkDocs reads it.
* ``on_page_markdown`` – a generated page's front matter (``page.meta``); directives in
  hand-written pages.
* ``on_page_content`` – fragments in place, HTML sanitised; then, once every plugin has
  had the page, its article for the site search.
* ``on_env`` – the files made meanwhile in place (calendars, feeds, open data); every page
  is converted, so the site search (Pagefind's index with Norwegian
  keywords) is begun by a second process while MkDocs applies the templates.
* ``on_page_context`` – feed links, share box and JSON-LD for the theme.
* ``on_post_build`` – the site search finished (under ``serve``: begun, in the background).
* ``on_serve`` – watch the content folders, which live outside ``docs/``.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.utils.templates import TemplateContext

from ..content.config import Settings, settings_from_options
from ..search.documents import SearchDocument
from ..search.writer import SearchIndexer
from . import placeholders
from .build import Preview, SiteBuild, start
from .collector import BuildCollector
from .theme import add_theme_layer


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
    #: The publisher's organisation number in Enhetsregisteret (nine digits), for the
    #: open data's catalogue (DCAT-AP-NO).
    publisher_orgnr = c.Optional(c.Type(str))
    #: Stop the build on content errors. Off, the errors are logged and the valid rest is
    #: built (as in ``mkdocs serve``): for preview deployments.
    fail_on_errors = c.Type(bool, default=True)
    #: Let a second process make pages of a large site (``parallel.pages``); off: serial.
    parallel = c.Type(bool, default=True)


class ErfaringsbasePlugin(BasePlugin[ErfaringsbaseConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.settings: Settings | None = None
        self.build: SiteBuild | None = None
        #: Under `mkdocs serve`: what one rebuild leaves the next.
        self.preview: Preview | None = None
        #: Page → what the site search indexes of it. Kept across rebuilds:
        #: ``serve --dirty`` skips unchanged pages.
        self.search_docs: dict[str, SearchDocument] = {}
        self.pages: set[str] = set()
        self.search = SearchIndexer("nb")
        self.collector = BuildCollector()
        self._sigterm: Any = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having on_startup keeps this instance across rebuilds in `mkdocs serve`.
        self.serving = command == "serve"
        if self.serving:
            self.preview = Preview(dirty)
            self._sigterm = _stop_on_sigterm()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.collector.begin()
        # The last rebuild's search index is written before MkDocs empties the site folder
        # (``serve --dirty`` leaves it, and the rebuild need not wait).
        if self.preview is None or self.preview.page_folder is None:
            self.search.wait()
        options: dict[str, Any] = dict(self.config)
        options |= {
            "site_url": config.site_url,
            "repo_url": config.repo_url,
            "site_name": config.site_name,
            "docs_dir": config.docs_dir,
        }
        base = Path(os.path.dirname(config.config_file_path or "."))
        try:
            settings = settings_from_options(options, base=base)
        except ValueError as exc:
            raise PluginError(f"erfaringsbase: {exc}") from exc
        if not config.use_directory_urls:
            raise PluginError(
                "erfaringsbase: sidene lenker til adresser som slutter på / (erfaringer/altinn/). "
                "Sett use_directory_urls: true i mkdocs.yml (det er MkDocs' standard)."
            )
        self.settings = settings
        if self.search.language != settings.language:
            self.search = SearchIndexer(settings.language)
        add_theme_layer(config)
        if placeholders.NAME not in config.markdown_extensions:
            config.markdown_extensions.append(placeholders.NAME)
        return config

    @event_priority(-50)  # after other plugins have added their files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        drafts = self.config.drafts if self.config.drafts is not None else self.serving
        self.build = start(
            self.settings,
            self.search,
            serving=self.serving,
            drafts=drafts,
            lenient=self.serving or not self.config.fail_on_errors,
            parallel=self.config.parallel,
            preview=self.preview,
        )
        self.build.add_files(files, config, self.preview)
        self.build.check_manifest(files)
        self.pages = {f.src_uri for f in files.documentation_pages()}
        return files

    def on_page_read_source(self, *, page: MkPage, config: MkDocsConfig) -> str | None:
        return self.build.page_source(page) if self.build else None

    @event_priority(100)  # first: other plugins may read what a directive lists
    def on_page_markdown(
        self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        return self.build.page_markdown(markdown, page) if self.build else markdown

    def _finish_page(
        self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        return self.build.finish(html, page) if self.build else html

    @event_priority(-100)  # after other plugins: the article as the reader gets it
    def _take_for_search(
        self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        excluded = (page.meta.get("search") or {}).get("exclude")
        if self.build is not None and not excluded:
            self.search_docs[page.file.src_uri] = self.build.search_document(page, html)
        return html

    on_page_content = CombinedEvent(_finish_page, _take_for_search)

    @event_priority(-100)
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.build is not None:
            self.build.files_meanwhile.place()
            self.build.search_meanwhile.begin(self._current_search_docs(), config.site_dir)
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: MkPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if self.build is not None:
            page.meta["erfaringsbase"] = self.build.context(page, nav, config)
        return context

    @event_priority(-100)  # after other plugins: what they write is in the site already
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            if self.build is not None:
                self.build.files_meanwhile.check_written()
                self.build.search_meanwhile.end(self._current_search_docs(), config.site_dir)
        finally:
            self._end_build()

    def _current_search_docs(self) -> list[SearchDocument]:
        # Pages of an earlier rebuild that are gone now are forgotten; under
        # ``serve --dirty`` an unchanged page keeps the document it had.
        self.search_docs = {u: d for u, d in self.search_docs.items() if u in self.pages}
        return [self.search_docs[uri] for uri in sorted(self.search_docs)]

    def on_build_error(self, *, error: Exception) -> None:
        self._end_build()

    def _end_build(self) -> None:
        if self.build is not None:
            self.build.close()
        self.collector.end(exiting=not self.serving)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        if self.settings is not None:
            docs = Path(config.docs_dir).resolve()
            for folder in self.settings.watched_dirs():
                # MkDocs watches docs/ itself: a folder in there would be rebuilt twice.
                if folder.is_dir() and not folder.resolve().is_relative_to(docs):
                    server.watch(str(folder))
        return server

    def on_shutdown(self) -> None:
        self.search.wait()
        self._end_build()
        if self._sigterm is not None:
            signal.signal(signal.SIGTERM, self._sigterm)
            self._sigterm = None
        if self.preview is not None:
            self.preview.close()
            self.preview = None  # MkDocs may keep this instance for another build


def _stop_on_sigterm() -> Any:
    """Take SIGTERM as Ctrl-C under `mkdocs serve`, and return the handler it had (None
    if it is left alone). MkDocs removes its temporary site, and this plugin its page
    folder, when serving is interrupted; SIGTERM (a closing terminal, a container, a CI
    job) ended the process on the spot and left them behind."""
    if threading.current_thread() is not threading.main_thread():
        return None
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return None  # someone else's handler: theirs to run

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)
