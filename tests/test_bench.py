"""The benchmark's synthetic corpus stays valid and realistic (scripts/bench.py)."""

from __future__ import annotations

import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from erfaringsbase.content.config import find_settings
from erfaringsbase.content.loader import load
from erfaringsbase.content.model import Case, Recommendation
from erfaringsbase.index.cross import CrossIndex

BENCH = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"


def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("erfaringsbase_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # As `python scripts/bench.py` runs it: its folder first, for bench_search beside it.
    if str(BENCH.parent) not in sys.path:
        sys.path.insert(0, str(BENCH.parent))
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def test_synthetic_corpus_is_valid_with_proportions_and_references(
    tmp_path: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    info = bench().generate(tmp_path / "corpus", 40)
    assert info.counts == {"case": 10, "report": 4, "recommendation": 22, "event": 4}

    code, out, err = run_cli("-C", str(tmp_path / "corpus"), "validate")
    assert code == 0, out + err
    assert out.strip().endswith("ingen problemer."), out

    corpus = load(find_settings(tmp_path / "corpus"))
    ix = CrossIndex(corpus)
    by_kind = {k: len(v) for k, v in ix.by_kind.items()}
    assert by_kind == info.counts
    cases = [e for e in ix.entries if isinstance(e, Case)]
    recs = [e for e in ix.entries if isinstance(e, Recommendation)]
    # Cases name organisations from the taxonomy with roles, themes and some life events.
    assert all(c.organisations and c.themes for c in cases)
    assert {o.role for c in cases for o in c.organisations} >= {"eier", "deltaker"}
    assert any(c.life_events for c in cases)
    # Recommendations come from a report, and most are supported by cases.
    assert all(ix.get("report", r.source_report) is not None for r in recs)
    assert sum(bool(r.supporting_cases) for r in recs) > len(recs) // 2
    # References resolve both ways: reports and cases have backlinks.
    assert all(ix.recommendations_of.get(r.source_report) for r in recs)
    assert any(ix.backlinks_to(c) for c in cases)
    # Norwegian-like text with compounds, the same every time for the same seed.
    body = cases[0].body
    assert "## " in body and len(body.split()) > 150
    again = bench().generate(tmp_path / "again", 40)
    assert again.bodies == info.bodies
    # The baseline's pages have the entry's title and body and nothing else.
    bench().write_plain_pages(info, tmp_path / "plain")
    page = next((tmp_path / "plain" / "docs" / "cases").glob("*.md")).read_text("utf-8")
    assert page.startswith("# ") and "organisations" not in page


def test_memory_counts_every_process_of_the_build_and_pagefind_s_apart(tmp_path: Path) -> None:
    """The build hands work to other processes: their memory counts too, together. The
    part Pagefind holds also shows on its own: the processes named ``pagefind…`` count
    in it, the others only in the sum."""
    import subprocess

    pagefind = tmp_path / "pagefind_extended"  # a program by Pagefind's name
    pagefind.symlink_to(sys.executable)
    child = "x = bytearray(150_000_000); import time; time.sleep(1.5)"
    parent = (
        "import subprocess, sys; y = bytearray(100_000_000); "
        f"subprocess.run([{str(pagefind)!r}, '-c', {child!r}])"
    )
    process = subprocess.Popen([sys.executable, "-c", parent])
    sampler = bench().TreeMemory(process.pid, every=0.05, refresh=0.2)
    process.wait()
    sampler.stop()
    # 100 MB and 150 MB are 238 MiB together; the child's 143 MiB are Pagefind's.
    assert sampler.peak_mb is not None and sampler.peak_mb > 230, sampler.peak_mb
    assert sampler.pagefind_mb is not None and 143 < sampler.pagefind_mb < 200, sampler.pagefind_mb


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="no memory file system here")
def test_memory_counts_files_the_build_writes_in_memory() -> None:
    """Pagefind's input goes to /dev/shm: memory no process holds, counted all the same."""
    import subprocess

    write = (
        "import os, tempfile, time; fd, path = tempfile.mkstemp(dir='/dev/shm'); "
        "[os.write(fd, b'x' * 1_000_000) for _ in range(200)]; time.sleep(1.5); os.unlink(path)"
    )
    tree_memory = bench().TreeMemory  # loaded first: it takes longer than the writing
    process = subprocess.Popen([sys.executable, "-c", write])
    sampler = tree_memory(process.pid, every=0.05, refresh=0.2)
    process.wait()
    sampler.stop()
    # 200 MB is 191 MiB, written a megabyte at a time: the process itself holds little.
    assert sampler.peak_mb is not None and sampler.peak_mb > 185, sampler.peak_mb


def test_cpu_counts_every_process_of_the_build() -> None:
    """CPU time of the build and of the processes it starts (its helper, Pagefind)."""
    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.6: pass"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {burn!r}])"
    done = bench().run([sys.executable, "-c", parent])
    assert done.cpu_seconds is not None and done.cpu_seconds >= 0.6, done.cpu_seconds
    assert done.system_seconds is not None and done.system_seconds < done.cpu_seconds


def test_load_keeps_a_core_busy_while_it_lasts() -> None:
    import os

    module = bench()
    before = os.times()
    with module.Load(True):
        time.sleep(0.5)
    used = os.times().children_user - before.children_user
    assert used > 0.3, used  # the busy process ran (and was waited for)
    with module.Load(False) as idle:
        assert idle.on is False


def test_repeated_builds_count_the_fastest_and_the_highest_memory() -> None:
    module = bench()
    runs = [module.Run(31.0, 200.0, "", 40.0), module.Run(29.0, 180.0, "", 38.0)]
    best = module.best_of(runs)
    assert (best.seconds, best.cpu_seconds, best.peak_mb) == (29.0, 38.0, 200.0)
    assert module.best_of([module.Run(5.0, None, "")]).peak_mb is None


def test_a_plain_build_and_its_pagefind_run_keep_the_larger_peaks() -> None:
    module = bench()
    build = module.Run(30.0, 300.0, "", 40.0)
    indexing = module.Run(8.0, 1000.0, "", 9.0, pagefind_mb=990.0)
    both = build.then(indexing)
    assert (both.seconds, both.cpu_seconds, both.peak_mb, both.pagefind_mb) == (
        38.0,
        49.0,
        1000.0,
        990.0,
    )
    runs = [module.Run(31.0, 200.0, "", pagefind_mb=150.0), module.Run(29.0, 180.0, "")]
    assert module.best_of(runs).pagefind_mb == 150.0


def test_the_preview_s_search_counts_as_written_when_the_new_index_is_there(
    tmp_path: Path,
) -> None:
    """Not when the old index is removed (the server's 404 page), nor before the index the
    entry file names can be fetched."""
    import functools
    import http.server
    import threading

    module = bench()
    folder = tmp_path / "pagefind"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    old = '{"languages": {"nb": {"hash": "nb_old"}}}'
    try:
        assert not module.search_index_written(port, old)  # no index: 404
        folder.mkdir()
        (folder / "pagefind-entry.json").write_text(old, "utf-8")
        assert not module.search_index_written(port, old)  # the one before
        (folder / "pagefind-entry.json").write_text(old.replace("old", "new"), "utf-8")
        assert not module.search_index_written(port, old)  # the index it names is not there
        (folder / "pagefind.nb_new.pf_meta").write_bytes(b"meta")
        assert module.search_index_written(port, old)
    finally:
        server.shutdown()
