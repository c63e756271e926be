"""Writes the site search: Pagefind's index of the pages, and the words the browser
corrects and splits queries with.

Pagefind (``pagefind[extended]``: its Rust indexer, run as its documented command line;
Norwegian stemming for ``nb`` and ``nn``) splits the index into chunks that the reader's browser
fetches as a query needs them, so what a reader downloads does not grow with the site.
The Norwegian on top is ours: keywords per page (``search_html``), and the site's own
words in one small list per first letter (``pagefind/ord/``), which the browser reads for
each query word's letter to split a compound, find a derivation or correct a typo
(``search.js``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ..content.vocabulary import Concept
from . import ConceptNames, Decompounder, keywords, name_words, words
from .documents import SearchDocument, search_html

#: Where the index goes in the built site, and the browser's word lists beside it: one
#: file per first letter (``ord/0067.json`` for «g»), so a query fetches a few kB.
INDEX_DIR: Final = "pagefind"
WORDS_DIR: Final = "pagefind/ord"
#: Words in the browser's list: those of titles, names and keywords, and of the text
#: those that stand on more than one page, the most frequent first, at most this many.
MAX_WORDS: Final = 60_000
#: Words shorter than this are neither corrected nor split into (``search.js``).
MIN_WORD: Final = 3

ALPHABET: Final = "abcdefghijklmnopqrstuvwxyzæøå0123456789"
#: How much lower Pagefind runs under ``mkdocs serve``, where nothing waits for it: the
#: next rebuild, which a contributor does wait for, gets the processor first.
BACKGROUND_NICENESS: Final = 10

#: Where Pagefind's input is written when the machine has room for it there: a folder in
#: memory. Creating 10,000 small files and their folders on an ext4 disk cost 5–8 s of
#: system time on the 2-core build machine, and removing them 0.9 s; in tmpfs 0.3 s and
#: 0.5 s. The folder is removed when Pagefind is done.
MEMORY_FOLDER: Final = Path("/dev/shm")
#: Room wanted there, beyond the input itself (which takes whole 4 kB pages per file):
#: never fill the memory other programs share.
MEMORY_SPARE: Final = 256 << 20

_Key = tuple[str, str, str, str, tuple[str, ...]]


def input_folder(
    documents: Sequence[SearchDocument],
    memory: Path = MEMORY_FOLDER,
    spare: int = MEMORY_SPARE,
) -> Path:
    """A new, empty folder for Pagefind's input: in ``memory`` where there is room for
    the documents twice over and ``spare`` bytes more, else in the system's temporary
    folder (macOS and Windows have no ``/dev/shm``; a container may give it 64 MB)."""
    # A file takes its text, rounded up to whole pages, and its own folder another page.
    # (The whole article: at most what is searched of it, and there without working
    # that out here.)
    wanted = sum(len(doc.article) + len(doc.facts) + 3 * 4096 for doc in documents)
    try:
        room = os.statvfs(memory)
        if room.f_bavail * room.f_frsize >= 2 * wanted + spare:
            return Path(tempfile.mkdtemp(prefix="erfaringsbase-search-", dir=memory))
    except (OSError, AttributeError):  # no such folder; no statvfs (Windows)
        pass
    return Path(tempfile.mkdtemp(prefix="erfaringsbase-search-"))


@dataclass(frozen=True)
class IndexFigures:
    pages: int
    seconds: float


class SearchIndexer:
    """The site search of one build, or of every rebuild under ``mkdocs serve``: there a
    page whose words and names are unchanged keeps the keywords it had, and only an
    edited page is decompounded again. (A new word could in principle make a part of a
    compound elsewhere; a full build sees it.)"""

    def __init__(self, language: str) -> None:
        self.language = language
        self._found: dict[_Key, list[str]] = {}
        self._concepts: tuple[Concept, ...] = ()
        #: ``write_soon``: the newest index asked for and not begun yet, and the thread
        #: that writes them one after the other.
        self._next: _Job | None = None
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    def write_soon(
        self,
        documents: Sequence[SearchDocument],
        site_dir: Path,
        report: Callable[[IndexFigures | None, BaseException | None], None],
        concepts: Sequence[Concept] = (),
    ) -> None:
        """``write`` in a thread of its own, for ``mkdocs serve``: the edited page shows at
        once, and the search has it a moment later (indexing every page again took 2.5 s
        at 1,000 entries, twice what the rest of a rebuild took). A rebuild never waits
        for the last one's index: an index asked for while another is written replaces
        any still waiting, so only the newest is written next. Pagefind runs at a lower
        priority there, as nothing waits for it. ``report`` gets the figures or the
        error. Call ``wait`` before the site folder is emptied."""
        with self._lock:
            self._next = _Job(tuple(documents), site_dir, report, tuple(concepts))
            if self._worker is not None and self._worker.is_alive():
                return
            self._worker = threading.Thread(
                target=self._work, name="erfaringsbase-search", daemon=True
            )
            self._worker.start()

    def _work(self) -> None:
        while True:
            with self._lock:
                job, self._next = self._next, None
                if job is None:
                    return
            try:
                figures = self.write(job.documents, job.site_dir, job.concepts, background=True)
            except Exception as exc:  # reported, not lost in the thread
                job.report(None, exc)
            else:
                job.report(figures, None)

    def wait(self) -> None:
        """Until every index ``write_soon`` was asked for is written."""
        worker = self._worker
        if worker is not None:
            worker.join()

    def keywords(
        self, documents: Sequence[SearchDocument], concepts: Sequence[Concept] = ()
    ) -> list[list[str]]:
        """Each document's keywords (``search.keywords``): the parts of its compounds,
        the names of what it is about, of the ``concepts`` it uses and the words of its
        facts, where its own words do not already find them."""
        if tuple(concepts) != self._concepts:
            self._found, self._concepts = {}, tuple(concepts)
        keys: list[_Key] = [
            (doc.url, doc.title, doc.text, doc.facts, (*doc.names, *doc.other_titles))
            for doc in documents
        ]
        decompounder: Decompounder | None = None
        named = ConceptNames(concepts)
        found: dict[_Key, list[str]] = {}
        for key, doc in zip(keys, documents, strict=True):
            if key in self._found:
                found[key] = self._found[key]
                continue
            if decompounder is None:
                decompounder = Decompounder(_lexicon(documents))
            ordered = sorted(doc.words)
            used = named.used_by(ordered)
            found[key] = keywords(
                doc.text, decompounder, (*key[4], doc.facts, *used), doc.words, ordered
            )
        self._found = found
        return [found[key] for key in keys]

    def write(
        self,
        documents: Sequence[SearchDocument],
        site_dir: Path,
        concepts: Sequence[Concept] = (),
        *,
        background: bool = False,
    ) -> IndexFigures:
        """Index ``documents`` into ``site_dir``/pagefind/, with the word list
        (``background``: at a lower priority, for nothing waits for it)."""
        folder = input_folder(documents)
        try:
            prepared = self.prepare(documents, site_dir, folder, concepts)
            _index(prepared.command(), background)
            return self.finish(prepared)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def prepare(
        self,
        documents: Sequence[SearchDocument],
        site_dir: Path,
        folder: Path,
        concepts: Sequence[Concept] = (),
    ) -> PreparedIndex:
        """What Pagefind reads, written into ``folder`` (emptied first): each document as
        a small HTML file, read in parallel by Pagefind itself (a request per page to its
        Python API took 0.1 s a page); and the word list, to be written by ``finish``."""
        started = time.perf_counter()
        found = self.keywords(documents, concepts)
        shutil.rmtree(folder, ignore_errors=True)  # what an earlier, stopped try left
        folder.mkdir(parents=True)
        for doc, extra in zip(documents, found, strict=True):
            path = folder / doc.url.strip("/") / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(search_html(doc, extra, self.language), "utf-8")
        out = site_dir / INDEX_DIR
        if out.exists():
            shutil.rmtree(out)  # a rebuild's index replaces the last one whole
        words = word_files(word_list(documents, found))
        return PreparedIndex(folder, out, len(documents), words, started)

    def finish(self, prepared: PreparedIndex) -> IndexFigures:
        """The word list written beside the index Pagefind has made."""
        for name, listed in prepared.words.items():
            path = prepared.out.parent / WORDS_DIR / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(listed, ensure_ascii=False, separators=(",", ":")), "utf-8")
        return IndexFigures(prepared.pages, time.perf_counter() - prepared.started)


@dataclass(frozen=True)
class PreparedIndex:
    """A site search ready for Pagefind (``SearchIndexer.prepare``)."""

    #: Pagefind's input: one small HTML file per document.
    folder: Path
    #: Where the index goes (``pagefind/`` in the site).
    out: Path
    pages: int
    #: The browser's word lists: file name in ``pagefind/ord/`` → its words.
    words: Mapping[str, list[str]]
    #: When the work began (``time.perf_counter``, the same clock in every process).
    started: float

    def command(self) -> list[str]:
        """Pagefind's command line (``python -m pagefind``), then the input folder removed
        (``run_pagefind``): the index is written when it exits."""
        return [
            sys.executable, "-m", "erfaringsbase.search.run_pagefind",
            str(self.folder), str(self.out),
        ]  # fmt: skip


def _lexicon(documents: Sequence[SearchDocument]) -> set[str]:
    """The words compounds are split against: the pages' and the names'."""
    lexicon: set[str] = set()
    for doc in documents:
        lexicon.update(doc.words, words(doc.facts))
        for name in (*doc.names, *doc.other_titles):
            lexicon.update(name_words(name))
    return lexicon


def _index(command: Sequence[str], background: bool = False) -> None:
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        if background and hasattr(os, "setpriority"):
            # Set from here (a function run in the child before it starts is not safe in
            # a program with threads); Python takes far longer to start than this.
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, process.pid, BACKGROUND_NICENESS)
        output, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(pagefind_failed(output))


def pagefind_failed(output: str) -> str:
    """The build's message when Pagefind fails, with what it said."""
    return f"Pagefind kunne ikke lage søkeindeksen:\n{output}"


@dataclass(frozen=True)
class _Job:
    documents: Sequence[SearchDocument]
    site_dir: Path
    report: Callable[[IndexFigures | None, BaseException | None], None]
    concepts: Sequence[Concept]


def word_files(listed: Sequence[str]) -> dict[str, list[str]]:
    """The word list by first letter: file name (the letter's code point, four hex
    digits) → its words, in the list's order."""
    # Every letter a query may begin with has its file, if an empty one: no request the
    # browser makes for a word list fails.
    files: dict[str, list[str]] = {f"{ord(c):04x}.json": [] for c in ALPHABET}
    for word in listed:
        files.setdefault(f"{ord(word[0]):04x}.json", []).append(word)
    return files


def word_list(documents: Sequence[SearchDocument], found: Sequence[Sequence[str]]) -> list[str]:
    """The site's words for the browser, the most frequent first (by the number of pages
    they stand on): every word of titles, names and keywords, and the words of the text
    that stand on more than one page."""
    pages: Counter[str] = Counter()
    named: set[str] = set()
    for doc, extra in zip(documents, found, strict=True):
        own = doc.words | set(words(doc.facts))
        title = set(words(doc.title))
        for name in (*doc.names, *doc.other_titles):
            title.update(name_words(name))
        pages.update(own | title | set(extra))
        named |= title | set(extra)
    chosen = [w for w, n in pages.items() if len(w) >= MIN_WORD and (n > 1 or w in named)]
    chosen.sort(key=lambda w: (-pages[w], w))
    return chosen[:MAX_WORDS]
