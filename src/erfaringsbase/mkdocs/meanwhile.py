"""What a second process makes while MkDocs works on the pages (``parallel.aside``):
the files that are only copied at the end, and the site search.

Each is begun as soon as what it needs is there, and taken when MkDocs needs it; below
the parallel threshold, and under ``mkdocs serve``, it is made in the build itself then.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from ..content.vocabulary import Concept
from ..pages.render import Asset
from ..parallel.aside import Aside
from ..search.documents import SearchDocument
from ..search.writer import (
    IndexFigures,
    PreparedIndex,
    SearchIndexer,
    input_folder,
    pagefind_failed,
)

log = logging.getLogger("mkdocs.plugins.erfaringsbase")


class FilesMadeMeanwhile:
    """Files whose content is made later (``Asset.later``: calendars, feeds, open data),
    listed to MkDocs empty in ``on_files`` and filled in by ``on_env``, before MkDocs
    copies them."""

    def __init__(self, later: Sequence[tuple[File, Asset]], *, items: int, parallel: bool):
        self._later = list(later)
        self._made: Aside[list[bytes]] | None = (
            Aside(
                lambda: [asset.content for _, asset in self._later], items=items, parallel=parallel
            )
            if self._later
            else None
        )

    def place(self) -> None:
        """Every file's content in its ``File``."""
        begun, self._made = self._made, None
        if begun is not None:
            for (file, _), content in zip(self._later, begun.result(), strict=True):
                file.content_bytes = content

    def check_written(self) -> None:
        """Fail, rather than publish empty files, if MkDocs ever copies them before
        ``on_env`` (the order of its events in MkDocs 1.6)."""
        for file, _ in self._later:
            path = file.abs_dest_path
            if not os.path.isfile(path) or os.path.getsize(path) != len(file.content_bytes):
                raise PluginError(
                    f"erfaringsbase: {file.dest_uri} ble kopiert før den var laget; "
                    "denne versjonen av MkDocs kaller on_env for sent."
                )

    def close(self) -> None:
        if self._made is not None:
            self._made.close()
            self._made = None


class SearchMadeMeanwhile:
    """The site search of one build: begun once every page is converted (``on_env``),
    while MkDocs applies the templates, and taken at the end. The copy that prepares it
    then becomes Pagefind (``Aside(then=…)``), giving back what it held. Under ``serve``
    it is written in the background at the end instead (``SearchIndexer.write_soon``)."""

    def __init__(
        self, indexer: SearchIndexer, concepts: Sequence[Concept], *, serving: bool, parallel: bool
    ) -> None:
        self.indexer = indexer
        self.concepts = list(concepts)
        self.serving = serving
        self.parallel = parallel
        self._made: Aside[PreparedIndex] | None = None
        self._docs: tuple[SearchDocument, ...] = ()
        self._folder: Path | None = None

    def begin(self, docs: Sequence[SearchDocument], site_dir: str) -> None:
        if self.serving:
            return
        self._docs = tuple(docs)
        self._folder = folder = input_folder(self._docs)
        indexer, concepts, begun_with = self.indexer, self.concepts, self._docs
        self._made = Aside(
            lambda: indexer.prepare(begun_with, Path(site_dir), folder, concepts),
            items=len(begun_with),
            parallel=self.parallel,
            then=PreparedIndex.command,
        )

    def end(self, docs: Sequence[SearchDocument], site_dir: str) -> None:
        """The site search written (or, under ``serve``, being written in the background)."""
        if self.serving:
            self.indexer.write_soon(docs, Path(site_dir), report_index, self.concepts)
            return
        begun, self._made = self._made, None
        try:
            if begun is not None and tuple(docs) == self._docs:
                try:
                    prepared = begun.result()
                except subprocess.CalledProcessError as failed:
                    raise RuntimeError(pagefind_failed(failed.output)) from failed
                report_index(self.indexer.finish(prepared), None, aside=begun.done_aside)
                return
            # Begun too early (a page converted after on_env) or never: written now, whole.
            if begun is not None:
                begun.close()
            report_index(self.indexer.write(docs, Path(site_dir), self.concepts), None)
        finally:
            self._remove_folder()

    def close(self) -> None:
        if self._made is not None:
            self._made.close()
            self._made = None
        self._remove_folder()

    def _remove_folder(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def report_index(
    figures: IndexFigures | None, error: BaseException | None, *, aside: bool = False
) -> None:
    if figures is not None:
        log.info(
            "erfaringsbase: søkeindeksen har %d sider (%.2f s%s)",
            figures.pages,
            figures.seconds,
            ", laget av en annen prosess mens sidene fikk malene" if aside else "",
        )
    else:
        log.error("erfaringsbase: søkeindeksen ble ikke skrevet: %s", error)
