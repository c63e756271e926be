"""The second core: the build's worker process and the QR codes' worker give exactly what
one process gives, and whatever goes wrong with a worker, the build still gets it all."""

from __future__ import annotations

import fcntl
import gc
import os
import pickle
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import erfaringsbase.site as pipeline
from erfaringsbase.content import loader
from erfaringsbase.content.config import find_settings
from erfaringsbase.content.loader import Corpus, LoadCache
from erfaringsbase.outputs import share
from erfaringsbase.outputs.share import QrCodes, qr_svg
from erfaringsbase.pages.render import Asset
from erfaringsbase.parallel import pagework, workers
from erfaringsbase.parallel.workers import Child
from erfaringsbase.site import Site, build
from support import REPO, site_files

Snapshot = tuple[list[tuple[str, str, str, str, str | None, bool]], list[tuple[str, bytes]]]


def _snapshot(site: Site) -> Snapshot:
    pages = [(p.src_uri, p.markdown, p.title, p.kind, p.source, p.draft) for p in site.pages]
    return pages, sorted((a.path, a.content) for a in site.assets)


@pytest.fixture(scope="module")
def sequential() -> Snapshot:
    return _snapshot(build(find_settings(REPO)))


@pytest.fixture
def worker_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real site is below the size where the worker pays off: lower the bar."""
    monkeypatch.setattr(pipeline, "MIN_FOR_WORKER", 1)
    monkeypatch.setattr("os.cpu_count", lambda: 2)


def _streamed(site: Site) -> Site:
    """The site as MkDocs gets it from ``build(stream=True)``: every page asked for in turn."""
    assert site.stream is not None
    pages = [site.stream.get(i) for i in range(len(site.stream.plan))]
    return Site(site.corpus, site.index, pages + site.pages, site.assets + site.later_assets())


def test_the_plan_is_what_is_made() -> None:
    """Files are added to MkDocs from the plan, before the pages are made: they must agree."""
    site = build(find_settings(REPO))
    assert site.renderer is not None
    plan = site.renderer.page_plan()
    made = [(p.src_uri, p.source) for p in site.pages[: len(plan)]]
    assert [(p.src_uri, p.source) for p in plan] == made
    assert all(p.source for p in site.pages[: len(plan)] if p.kind not in ("overview", "year"))


@pytest.mark.usefixtures("worker_allowed")
def test_worker_gives_the_same_site(sequential: object, monkeypatch: pytest.MonkeyPatch) -> None:
    read_here: list[Path] = []
    load_entry = loader.load_entry

    def recorded(kind: str, file: Path, *args: object) -> object:
        read_here.append(file)
        return load_entry(kind, file, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_entry", recorded)
    # This small site's pages are made here from the last one back before the worker has
    # started, unless this process waits for the worker's first pages.
    make_from_the_end = pipeline.PageStream.make_from_the_end

    def after_the_first_pages(stream: pipeline.PageStream) -> None:
        deadline = time.monotonic() + 60
        while stream._child is not None and stream._child.available() < stream._first + 2:
            assert time.monotonic() < deadline, "the worker sent no pages"
            time.sleep(0.01)
        make_from_the_end(stream)

    monkeypatch.setattr(pipeline.PageStream, "make_from_the_end", after_the_first_pages)
    settings = find_settings(REPO)
    site = build(settings, parallel=True)
    assert site.from_worker > 0, "the worker did not take part"
    assert _snapshot(site) == sequential
    work = [file for _, file in loader.entry_files(settings)]
    cut = round(len(work) * pipeline.READ_HERE)
    assert read_here == work[:cut], "the worker read the other files"


@pytest.mark.usefixtures("worker_allowed")
def test_streamed_pages_are_the_same(sequential: object) -> None:
    site = build(find_settings(REPO), parallel=True, stream=True)
    assert site.stream is not None
    assert _snapshot(_streamed(site)) == sequential
    assert site.stream.from_worker == len(site.stream.plan), "pages were made here"
    # The calendars and feeds were only planned, and the worker made them after the pages.
    assert any(path.endswith(".ics") for path in site.later)
    assert not any(a.path in site.later for a in site.assets)
    assert site.from_worker >= len(site.later)


def test_later_producers_plan_the_files_they_make() -> None:
    site = build(find_settings(REPO))
    assert site.renderer is not None
    assert pipeline.LATER
    for produce, paths in pipeline.LATER.items():
        made = [item.path for item in produce(site.renderer) if isinstance(item, Asset)]
        assert paths(site.renderer) == made, produce.__name__


@pytest.mark.usefixtures("worker_allowed")
def test_assets_other_than_planned_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    site = build(find_settings(REPO), parallel=True, stream=True)
    assert site.stream is not None
    site.stream.stop()  # made here, where the plan below is wrong
    monkeypatch.setattr(site, "later", site.later[1:])
    with pytest.raises(ValueError, match="andre filer enn planlagt"):
        site.later_assets()


def test_a_worker_that_stops_halfway_is_made_up_for(sequential: Snapshot) -> None:
    """A worker that sends one frame of pages and dies: the rest are made here."""
    settings = find_settings(REPO)
    site = build(settings)
    assert site.renderer is not None
    plan = site.renderer.page_plan()
    header = (b"same files", [p.src_uri for p in plan])
    first = site.pages[: pipeline.BATCH]
    child = Child(
        "import pickle, sys\n"
        "from erfaringsbase.parallel.workers import read_request, send_frame\n"
        "for frame in pickle.loads(read_request()): send_frame(pickle.dumps(frame))\n"
        "sys.stdout.buffer.write(b'\\0\\0\\0\\0\\0\\0\\1\\0 cut off')\n"
        "sys.exit(1)\n",
        pickle.dumps([header, first]),
    )
    stream = pipeline.PageStream(plan, child, header)
    pages = [stream.get(i) for i in range(len(plan))]
    assert stream.from_worker == len(first)
    assert [(p.src_uri, p.markdown) for p in pages] == [
        (p[0], p[1]) for p in sequential[0][: len(plan)]
    ]


#: A Python that cannot be started, and one that starts and fails.
PYTHON = sys.executable
BROKEN = [str(Path(PYTHON).parent / "no-such-python"), "/bin/false"]


@pytest.mark.usefixtures("worker_allowed")
@pytest.mark.parametrize("python", BROKEN)
def test_broken_worker_falls_back(
    monkeypatch: pytest.MonkeyPatch, sequential: object, python: str
) -> None:
    monkeypatch.setattr(sys, "executable", python)
    site = build(find_settings(REPO), parallel=True)
    assert site.from_worker == 0
    assert _snapshot(site) == sequential
    streamed = build(find_settings(REPO), parallel=True, stream=True)
    assert streamed.stream is not None
    assert _snapshot(_streamed(streamed)) == sequential
    assert streamed.stream.from_worker == 0


@pytest.mark.usefixtures("worker_allowed")
def test_worker_that_read_other_files_is_not_trusted(
    monkeypatch: pytest.MonkeyPatch, sequential: object
) -> None:
    # The worker's fingerprint of the files is real; ours here is not: as if a file had
    # changed between the two reads.
    monkeypatch.setattr(pipeline, "fingerprint", lambda settings: b"changed meanwhile")
    site = build(find_settings(REPO), parallel=True, stream=True)
    assert site.stream is not None
    assert _snapshot(_streamed(site)) == sequential
    assert site.from_worker == site.stream.from_worker == 0


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A writable copy of the repository's content and site files."""
    target = tmp_path / "site"
    for name in ("cases", "reports", "recommendations", "events", "taxonomy", "docs"):
        shutil.copytree(REPO / name, target / name)
    for name in ("mkdocs.yml", "published-urls.txt"):
        shutil.copy(REPO / name, target / name)
    return target


def _previews(
    sample: Path, helper: pipeline.PreviewHelper, cache: LoadCache, force: bool = True
) -> Site:
    return build(
        find_settings(sample), include_drafts=True, force=force, cache=cache, helper=helper
    )


@pytest.mark.parametrize("python", [PYTHON, *BROKEN])
def test_preview_helper_gives_the_same_pages_rebuild_after_rebuild(
    monkeypatch: pytest.MonkeyPatch, sample: Path, python: str
) -> None:
    """`mkdocs serve`: the helper keeps its process and its cache from one rebuild to the
    next; after each edit the site is what one process makes of the edited files (and
    with a helper that cannot start, all of it is made here)."""
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(pipeline, "MIN_FOR_HELPER", 1)
    monkeypatch.setattr(sys, "executable", python)
    cache = LoadCache()
    settings = find_settings(sample)
    case = sorted((sample / "cases").glob("*.md"))[0]
    helper = pipeline.PreviewHelper()
    try:
        for edit in (
            "",
            "\nFørste endring.\n",
            "\nAndre endring, med et nytt ord: forhåndsvisning.\n",
        ):
            with case.open("a", encoding="utf-8") as file:
                file.write(edit)
            site = _previews(sample, helper, cache)
            alone = build(settings, include_drafts=True, force=True)
            assert _snapshot(site) == _snapshot(alone)
            if python == PYTHON:
                assert helper.from_helper > 50
            else:
                assert helper.from_helper == 0
    finally:
        helper.close()


def test_a_rebuild_that_stops_does_not_leave_its_answer_to_the_next(
    monkeypatch: pytest.MonkeyPatch, sample: Path
) -> None:
    """Content errors stop a `mkdocs build` before the pages: the helper's answer to that
    rebuild is never taken, and the next rebuild still gets its own."""
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(pipeline, "MIN_FOR_HELPER", 1)
    cache = LoadCache()
    case = sorted((sample / "cases").glob("*.md"))[0]
    text = case.read_text("utf-8")
    helper = pipeline.PreviewHelper()
    try:
        case.write_text(text.replace("id: ", "id: Ugyldig Id ", 1), "utf-8")
        assert _previews(sample, helper, cache, force=False).errors
        case.write_text(text + "\nRettet.\n", "utf-8")
        site = _previews(sample, helper, cache, force=False)
        assert _snapshot(site) == _snapshot(build(find_settings(sample), include_drafts=True))
        assert helper.from_helper > 50
    finally:
        helper.close()


def test_small_site_stays_in_one_process(sequential: object) -> None:
    site = build(find_settings(REPO), parallel=True)
    assert len(loader.entry_files(find_settings(REPO))) < pipeline.MIN_FOR_WORKER
    assert site.from_worker == 0
    assert _snapshot(site) == sequential


KEYS = [(f"https://example.org/erfaringer/sak-{i}/", f"Sak {i}") for i in range(5)]


def test_qr_worker_makes_the_same_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    codes = QrCodes(min_for_worker=1)
    codes.prepare(KEYS)
    assert [codes.svg(*key) for key in KEYS] == [qr_svg(*key) for key in KEYS]
    assert codes.from_worker == len(KEYS)
    # A code nobody asked for in advance is made here.
    assert codes.svg("https://example.org/x/", "X") == qr_svg("https://example.org/x/", "X")
    assert codes.from_worker == len(KEYS)


def test_qr_codes_come_in_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first page waits for the first frame only; asked for in any order, every code
    is the right one, the last (short) frame too."""
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(share, "CHUNK", 2)
    codes = QrCodes(min_for_worker=1)
    codes.prepare(KEYS)
    order = [4, 0, 3, 1, 2]
    assert [codes.svg(*KEYS[i]) for i in order] == [qr_svg(*KEYS[i]) for i in order]
    assert codes.from_worker == len(KEYS)


@pytest.mark.parametrize("python", BROKEN)
def test_broken_qr_worker_falls_back(monkeypatch: pytest.MonkeyPatch, python: str) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(sys, "executable", python)
    codes = QrCodes(min_for_worker=1)
    codes.prepare(KEYS)
    assert [codes.svg(*key) for key in KEYS] == [qr_svg(*key) for key in KEYS]
    assert codes.from_worker == 0


def test_serve_keeps_codes_between_rebuilds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    codes = QrCodes(min_for_worker=1, keep=True)
    codes.prepare(KEYS)
    first = [codes.svg(*key) for key in KEYS]
    codes.prepare(KEYS)  # the next rebuild: nothing left to make
    assert codes.from_worker == len(KEYS)
    assert [codes.svg(*key) for key in KEYS] == first


def test_a_late_worker_cannot_answer_for_the_next_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve` may start the next build before the last worker has finished: the
    codes of the one must never be taken for the other's (same count, other addresses)."""
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    other = [(url.replace("sak-", "annen-"), label) for url, label in KEYS]
    codes = QrCodes(min_for_worker=1)
    codes.prepare(KEYS)
    codes.prepare(other)
    assert [codes.svg(*key) for key in other] == [qr_svg(*key) for key in other]
    assert codes.from_worker == len(other)


@pytest.mark.slow
def test_mkdocs_build_with_the_worker_is_the_same(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The real plugin in a real build: pages streamed from the worker into MkDocs give
    the same site, byte for byte, as pages made in one process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    made: dict[str, dict[str, bytes]] = {}
    streams: list[pipeline.PageStream] = []
    original = pipeline.PageStream.get

    def counting_get(self: pipeline.PageStream, position: int) -> object:
        streams.append(self)
        return original(self, position)

    monkeypatch.setattr(pipeline.PageStream, "get", counting_get)
    finishers: list[pagework.Finisher] = []
    original_begin = pagework.Finisher.begin

    def counting_begin(self: pagework.Finisher, pages: int) -> None:
        finishers.append(self)
        original_begin(self, pages)

    monkeypatch.setattr(pagework.Finisher, "begin", counting_begin)
    thresholds = gc.get_threshold()
    for name, bar in (("one process", 10**9), ("with worker", 1)):
        monkeypatch.setattr(pipeline, "MIN_FOR_WORKER", bar)
        monkeypatch.setattr(pagework, "MIN_FOR_WORKER", bar)
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / name), strict=True)
        mkdocs_build(config)
        made[name] = site_files(tmp_path / name)
        assert gc.get_threshold() == thresholds, "the garbage collector was left as in a build"
    assert streams, "MkDocs did not take its pages from the stream"
    assert streams[0].from_worker == len(streams[0].plan) > 100, "pages were made here"
    assert finishers[0].from_worker == 0
    assert finishers[1].from_worker > 100, "pages were sanitised here"
    assert made["with worker"].keys() == made["one process"].keys()
    differing = [k for k in made["one process"] if made["one process"][k] != made["with worker"][k]]
    assert differing == []


PAGES = [
    (
        f"sak-{i}.md",
        f'<p>Sak {i}<script>alert({i})</script><a href="../../tema/x/">Tema</a></p>',
        f"erfaringer/sak-{i}/",
    )
    for i in range(40)
]


def _finished_here() -> list[tuple[str, str]]:
    return [pagework.finish(html, here, "Fakta", {"tema"}) for _, html, here in PAGES]


@pytest.mark.parametrize("python", [sys.executable, *BROKEN])
def test_finisher_gives_what_is_made_here(monkeypatch: pytest.MonkeyPatch, python: str) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(pagework, "MIN_FOR_WORKER", 1)
    works = python == sys.executable
    monkeypatch.setattr(sys, "executable", python)
    finisher = pagework.Finisher("Fakta", {"tema"})
    finisher.begin(len(PAGES))
    assert all(finisher.start(key, html, here) for key, html, here in PAGES)
    finisher.close()
    answers = [finisher.result(key) for key, _, _ in PAGES]
    assert [answer[:2] for answer in answers if answer is not None] == _finished_here()
    assert "<script" not in str(_finished_here())
    assert finisher.from_worker == (len(PAGES) if works else 0)
    assert finisher.result("never handed in") is None


def test_finisher_whose_worker_dies_halfway(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker answers for the first pages only: the rest are finished here."""
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(pagework, "MIN_FOR_WORKER", 1)
    finisher = pagework.Finisher("Fakta", {"tema"})
    finisher.begin(len(PAGES))
    for key, html, here in PAGES[:10]:
        finisher.start(key, html, here)
    ninth = finisher.result(PAGES[9][0])  # waits for the answers
    assert ninth is not None and ninth[:2] == _finished_here()[9]
    assert finisher._child is not None
    finisher._child.stop()  # as if it crashed
    for key, html, here in PAGES[10:]:
        finisher.start(key, html, here)
    assert (
        [finisher.result(key)[:2] for key, _, _ in PAGES[:9] + PAGES[10:]]
        == (  # type: ignore[index]
            _finished_here()[:9] + _finished_here()[10:]
        )
    )
    assert finisher.from_worker == 10


@pytest.mark.parametrize("nice", [workers.NICE, workers.NICE_LATER, workers.NICE_LAST])
def test_workers_yield_to_mkdocs(nice: int) -> None:
    """A worker runs at a lower priority than the build it helps."""
    child = Child(
        "import os\nfrom erfaringsbase.parallel.workers import send_frame\n"
        "send_frame(str(os.nice(0)).encode())",
        b"",
        nice=nice,
    )
    answer = child.frame(0)
    assert answer is not None
    assert int(answer) == min(19, os.nice(0) + nice)


def test_a_worker_lowers_itself_for_the_work_needed_last() -> None:
    child = Child(
        "import os\nfrom erfaringsbase.parallel.workers import lower_priority, send_frame\n"
        "lower_priority()\nsend_frame(str(os.nice(0)).encode())",
        b"",
    )
    answer = child.frame(0)
    assert answer is not None
    assert int(answer) == max(os.nice(0), min(19, os.nice(0) + workers.NICE_LAST))


def test_the_qr_codes_yield_to_the_page_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """They are needed by the last stage of MkDocs' build, the pages by the first."""
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    codes = QrCodes(min_for_worker=1)
    codes.prepare([(f"https://example.org/erfaringer/sak-{i}/", f"Sak {i}") for i in range(400)])
    batch = codes._batch
    assert batch is not None and batch.child._process is not None
    pid, deadline = batch.child._process.pid, time.monotonic() + 30
    assert workers.NICE < workers.NICE_LATER < workers.NICE_LAST
    while os.getpriority(os.PRIO_PROCESS, pid) < min(19, os.nice(0) + workers.NICE_LATER):
        assert time.monotonic() < deadline and batch.child._process.poll() is None
        time.sleep(0.005)
    codes.close()
    batch.child.stop()


# --- validate: two processes read the files -----------------------------------------------


def _broken_mini(mini: Path) -> Path:
    """The mini site with mistakes in both halves of its files (cases and reports come
    first, recommendations and events last): a schema error, a reference to nothing, bad
    YAML and an unknown organisation."""
    case = mini / "cases" / "samspill.md"
    case.write_text(case.read_text("utf-8").replace("status: avsluttet", "status: ferdig"))
    webinar = mini / "events" / "arena-webinar-1.md"
    text = webinar.read_text("utf-8")
    webinar.write_text(text.replace("cases: [samspill]", "cases: [samspil]"))
    arena = mini / "events" / "arena.md"
    arena.write_text(arena.read_text("utf-8").replace("title:", "title: [", 1))
    rec = mini / "recommendations" / "rad-2017-brukere.md"
    rec.write_text(rec.read_text("utf-8") + "\n")
    return mini


def _loaded(corpus: Corpus) -> tuple[object, ...]:
    entries = [(e.kind, e.id, e.path, e.data, e.body, e.body_line, e.lines) for e in corpus.entries]
    return entries, corpus.problems.sorted(), corpus.broken, corpus.files_checked


@pytest.fixture
def reader_allowed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Lets the reader process start on a small site, in chunks of two files; lists the
    files read here."""
    monkeypatch.setattr(loader, "MIN_FOR_WORKER", 1)
    monkeypatch.setattr(loader, "CHUNK", 2)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    here: list[str] = []
    load_entry = loader.load_entry

    def recorded(kind: str, file: Path, *args: object) -> object:
        here.append(file.name)
        return load_entry(kind, file, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_entry", recorded)
    return here


ORDER = [
    "ordningen.md",
    "samspill.md",
    "rapport-2017.md",
    "rapport-2019.md",
    "rad-2017-brukere.md",
    "rad-2019-jobb-sammen.md",
    "arena-webinar-1.md",
    "arena.md",
]


def test_two_readers_find_what_one_finds(mini: Path, reader_allowed: list[str]) -> None:
    settings = find_settings(_broken_mini(mini))
    assert [file.name for _, file in loader.entry_files(settings)] == ORDER
    alone = _loaded(pipeline.check(settings).corpus)
    reader_allowed.clear()
    both = _loaded(pipeline.validate(settings))
    # This process reads from the first file, and never the chunk the reader is busy with.
    assert reader_allowed == ORDER[: len(reader_allowed)]
    assert len(reader_allowed) <= len(ORDER) - 2
    assert both == alone
    found = alone[1]
    assert isinstance(found, list)
    assert {"samspill.md", "arena.md", "arena-webinar-1.md"} <= {
        p.path.split("/")[-1] for p in found
    }


def test_where_both_read_the_same_files_each_counts_once(
    mini: Path, reader_allowed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """This process is held up in its first file until the reader has sent every chunk:
    the reader's copy of that file is left out, and nothing is counted twice."""
    settings = find_settings(_broken_mini(mini))
    alone = _loaded(pipeline.check(settings).corpus)
    helpers: list[Child] = []
    start_reader = loader._start_reader

    def kept(*args: Any) -> Child | None:
        helper = start_reader(*args)
        assert helper is not None
        helpers.append(helper)
        return helper

    recorded = loader.load_entry

    def held_up(*args: Any) -> object:
        deadline = time.monotonic() + 60
        while helpers and helpers[0].available() < len(ORDER) // 2:
            assert time.monotonic() < deadline, "the reader sent too little"
            time.sleep(0.01)
        return recorded(*args)

    monkeypatch.setattr(loader, "_start_reader", kept)
    monkeypatch.setattr(loader, "load_entry", held_up)
    reader_allowed.clear()
    assert _loaded(pipeline.validate(settings)) == alone
    assert reader_allowed == ORDER[:1]


@pytest.mark.parametrize("python", BROKEN)
def test_a_broken_reader_is_made_up_for(
    mini: Path, reader_allowed: list[str], monkeypatch: pytest.MonkeyPatch, python: str
) -> None:
    settings = find_settings(_broken_mini(mini))
    alone = _loaded(pipeline.check(settings).corpus)
    reader_allowed.clear()
    monkeypatch.setattr(sys, "executable", python)
    assert _loaded(pipeline.validate(settings)) == alone
    assert reader_allowed == ORDER, "every file is read here"


def test_a_reader_that_answers_short_is_not_used(
    mini: Path, reader_allowed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader sends one file of its first chunk of two, and dies: what it did not
    send is read here."""
    monkeypatch.setattr(
        loader,
        "_start_reader",
        lambda settings, work: Child(
            "import pickle, sys\n"
            "from erfaringsbase.content import loader\n"
            "from erfaringsbase.content.problems import ProblemLog\n"
            "from erfaringsbase.parallel.workers import read_request, send_frame\n"
            "settings, work = pickle.loads(read_request())\n"
            "own = ProblemLog()\n"
            "kind, file = work[-1]\n"
            "send_frame(pickle.dumps([(loader.load_entry(kind, file, settings, own), [])]))\n"
            "sys.exit(1)\n",
            pickle.dumps((settings, work)),
        ),
    )
    settings = find_settings(_broken_mini(mini))
    alone = _loaded(pipeline.check(settings).corpus)
    reader_allowed.clear()
    assert _loaded(pipeline.validate(settings)) == alone
    assert reader_allowed == ORDER, "what the reader did not send is read here"


@pytest.mark.usefixtures("worker_allowed")
def test_a_site_with_errors_built_anyway_is_the_same_with_the_worker(mini: Path) -> None:
    """With ``force`` (``fail_on_errors: false``), each process reads half of a site that
    has mistakes in both halves: both must end up with the same corpus and problems."""
    settings = find_settings(_broken_mini(mini))
    alone = build(settings, force=True)
    both = build(settings, force=True, parallel=True, stream=True)
    assert _snapshot(_streamed(both)) == _snapshot(alone)
    assert both.stream is not None and both.stream.from_worker > 0, "the worker did not help"
    assert both.problems == alone.problems and both.errors


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="pipe sizes are Linux's")
def test_pipes_to_a_child_hold_a_whole_frame() -> None:
    """The child writes a frame (up to half a megabyte of entries) without waiting for
    this process's reading thread to get Python's lock (``workers._widen``)."""
    child = workers.Child("import sys; sys.stdin.buffer.read()")
    try:
        assert child._process is not None
        for pipe in (child._process.stdin, child._process.stdout):
            assert pipe is not None
            assert fcntl.fcntl(pipe.fileno(), fcntl.F_GETPIPE_SZ) == workers.PIPE_BYTES
    finally:
        child.close()
        child.stop()


@pytest.mark.parametrize(
    "title",
    [
        "Altinn",
        "2017",
        "yes",
        "Rapport: «Jobb sammen» – del 2",
        "#1 på lista",
        "- ikke en liste",
        "<script>alert(\"x\")</script> & 'sitat'",
        "Tab\tog  mellomrom",
    ],
)
def test_a_streamed_pages_metadata_is_what_mkdocs_reads_from_its_front_matter(
    title: str,
) -> None:
    """The plugin hands MkDocs a streamed page without its front matter and sets the
    page's metadata from ``Page.meta`` (``on_page_read_source``): the same data and text
    that MkDocs' own reading of the front matter gives."""
    from mkdocs.utils.meta import YAML_RE, get_data

    from producer_support import renderer_for

    renderer = renderer_for(REPO)
    page = renderer._page("case", title, f"# {title}\n\nTekst.", None, f"Om {title}")
    assert page.meta is not None
    body, data = get_data(page.markdown)
    assert data == page.meta
    found = YAML_RE.match(page.markdown)
    assert found is not None and page.markdown[found.end() :].lstrip("\n") == body
    assert get_data(body) == (body, {}), "MkDocs would find metadata in the page's text"
