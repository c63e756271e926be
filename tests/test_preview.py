"""Fast previews: under `mkdocs serve --dirty` an edit re-reads one file and rebuilds the
pages whose text changed, not all of them."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

import erfaringsbase.content.loader as loader
from erfaringsbase.content.config import find_settings
from erfaringsbase.content.loader import LoadCache, load
from support import edit


def test_load_cache_reads_only_changed_files(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = find_settings(mini)
    cache = LoadCache()
    first = load(settings, cache)
    read: list[str] = []
    original = loader.read_markdown

    def counting(path: Path, rel: str):  # type: ignore[no-untyped-def]
        read.append(rel)
        return original(path, rel)

    monkeypatch.setattr(loader, "read_markdown", counting)
    again = load(settings, cache)
    assert read == [] and [e.id for e in again.entries] == [e.id for e in first.entries]
    case = mini / "cases" / "samspill.md"
    edit(case, "Felles mål var viktigst.", "Felles mål var viktigst. Endret.")
    os.utime(case, ns=(case.stat().st_mtime_ns + 1_000_000_000,) * 2)
    changed = load(settings, cache)
    assert read == ["cases/samspill.md"]
    assert "Endret." in next(e.body for e in changed.entries if e.id == "samspill")
    # Problems are remembered with the file, and forgotten when it is fixed.
    edit(case, "status: avsluttet", "status: ferdig")
    os.utime(case, ns=(case.stat().st_mtime_ns + 2_000_000_000,) * 2)
    assert load(settings, cache).problems.errors
    assert load(settings, cache).problems.errors  # from the cache this time
    edit(case, "status: ferdig", "status: avsluttet")
    os.utime(case, ns=(case.stat().st_mtime_ns + 3_000_000_000,) * 2)
    assert not load(settings, cache).problems.errors


def test_dirty_serve_rewrites_only_pages_whose_text_changed(mini: Path, tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from erfaringsbase.mkdocs.plugin import ErfaringsbasePlugin

    config = load_config(config_file=str(mini / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["erfaringsbase"]
    assert isinstance(plugin, ErfaringsbasePlugin)
    plugin.on_startup(command="serve", dirty=True)
    cache = plugin.page_cache
    assert cache is not None
    # File.generated records which plugin made a file; MkDocs sets this while dispatching.
    config.plugins._current_plugin = "erfaringsbase"
    try:
        unchanged = plugin._generated(config, "erfaringer/x.md", b"tekst")
        stamp = Path(unchanged.abs_src_path or "").stat().st_mtime_ns
        again = plugin._generated(config, "erfaringer/x.md", b"tekst")
        assert Path(again.abs_src_path or "").stat().st_mtime_ns == stamp
        assert again.abs_src_path == unchanged.abs_src_path
        changed = plugin._generated(config, "erfaringer/x.md", b"ny tekst")
        assert Path(changed.abs_src_path or "").read_bytes() == b"ny tekst"
    finally:
        plugin.on_shutdown()
        # MkDocs keeps one instance of a plugin with on_startup for every later config in
        # this process: as `mkdocs build` would, tell it the next one is a build.
        plugin.on_startup(command="build", dirty=False)
    assert not cache.exists()
    assert plugin.page_cache is None, "a later build would write its pages there again"


@pytest.mark.slow
def test_serve_stopped_with_sigterm_leaves_no_temporary_files(mini: Path, tmp_path: Path) -> None:
    """A terminal that closes, a container or a CI job stops `mkdocs serve` with SIGTERM:
    MkDocs' temporary site and the plugin's page cache go, as on Ctrl-C."""
    import signal
    import socket
    import subprocess
    import sys

    temp = tmp_path / "tmp"
    temp.mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=mini,
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        output = ""
        while "Serving on" not in output:
            line = process.stdout.readline()
            assert line, f"mkdocs serve stopped:\n{output}"
            output += line
        made = {p.name.split("-")[0].split("_")[0] for p in temp.iterdir()}
        # The page cache, the site (and the search's pages while it indexes them).
        assert made == {"erfaringsbase", "mkdocs"}, made
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    assert list(temp.iterdir()) == []


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_content_change_handler_counts_each_state_of_a_file_once(tmp_path: Path) -> None:
    from watchdog.events import (
        DirModifiedEvent,
        FileClosedNoWriteEvent,
        FileDeletedEvent,
        FileModifiedEvent,
        FileMovedEvent,
        FileOpenedEvent,
    )

    from erfaringsbase.mkdocs.servewatch import ChangeHandler

    rebuilds: list[int] = []
    handler = ChangeHandler(lambda: rebuilds.append(1))
    case = tmp_path / "x.md"
    case.write_text("a", encoding="utf-8")
    handler.dispatch(FileOpenedEvent(str(case)))  # every build reads every file
    handler.dispatch(FileClosedNoWriteEvent(str(case)))
    handler.dispatch(DirModifiedEvent(str(tmp_path)))
    assert rebuilds == []
    handler.dispatch(FileModifiedEvent(str(case)))
    handler.dispatch(FileModifiedEvent(str(case)))  # the other observer, same change
    assert len(rebuilds) == 1
    case.write_text("bb", encoding="utf-8")
    handler.dispatch(FileModifiedEvent(str(case)))
    assert len(rebuilds) == 2
    saved = tmp_path / ".x.md.tmp"  # an editor that saves by renaming
    saved.write_text("ccc", encoding="utf-8")
    saved.replace(case)
    handler.dispatch(FileMovedEvent(str(saved), str(case)))
    handler.dispatch(FileModifiedEvent(str(case)))
    assert len(rebuilds) == 3
    case.unlink()
    handler.dispatch(FileDeletedEvent(str(case)))
    handler.dispatch(FileDeletedEvent(str(case)))
    assert len(rebuilds) == 4


def _settle(server: LiveReloadServer, quiet: float = 0.3, seconds: float = 10.0) -> None:
    """Take the rebuild asked for, until no more is asked for during ``quiet`` seconds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        server._want_rebuild = False
        time.sleep(quiet)
        if not server._want_rebuild:
            return
    raise AssertionError("rebuilds kept being asked for")


@pytest.mark.slow
def test_serve_notices_a_content_edit_by_file_events_and_rebuilds_once(tmp_path: Path) -> None:
    """MkDocs polls every 0.5 s; the content folders are also watched by the operating
    system's file events, and the two together ask for one rebuild per edit."""
    from erfaringsbase.mkdocs.servewatch import watch_content

    folder = tmp_path / "cases"
    folder.mkdir()
    case = folder / "x.md"
    case.write_text("a", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    native = watch_content(server, [str(folder)])
    assert native is not None
    try:
        # MkDocs' polling has not started: only the file events can see this edit.
        case.write_text("b", encoding="utf-8")
        assert _wait_for(lambda: server._want_rebuild), "no rebuild asked for"
        _settle(server)
        server.observer.start()  # as `mkdocs serve` does; it polls from here on
        case.write_text("cc", encoding="utf-8")
        assert _wait_for(lambda: server._want_rebuild), "no rebuild asked for"
        # One save is several file events (truncated, written, closed), which MkDocs takes
        # as one rebuild if they come within 0.1 s of each other: let them all arrive.
        _settle(server)
        time.sleep(1.5)  # three polls: MkDocs' observer has seen the edit too
        assert not server._want_rebuild, "the same edit asked for a second rebuild"
    finally:
        native.stop()
        server.observer.stop()
        native.join()
        server.observer.join()
        server.server_close()


def test_without_mkdocs_rebuild_signal_the_folders_are_polled(tmp_path: Path) -> None:
    """If a later MkDocs asks for rebuilds some other way, its own watch() still works."""
    from erfaringsbase.mkdocs.servewatch import watch_content

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    assert watch_content(server, [str(tmp_path)]) is None  # type: ignore[arg-type]
    assert server.watched == [str(tmp_path)]


def test_serve_watches_the_content_folders_and_leaves_those_in_docs_to_mkdocs(
    mini: Path, tmp_path: Path
) -> None:
    import dataclasses

    from mkdocs.config import load_config

    from erfaringsbase.mkdocs.plugin import ErfaringsbasePlugin

    config = load_config(str(mini / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["erfaringsbase"]
    assert isinstance(plugin, ErfaringsbasePlugin)
    plugin.on_config(config)
    assert plugin.settings is not None
    (mini / "docs" / "saker").mkdir()
    folders = {**plugin.settings.folders, "case": "docs/saker"}
    plugin.settings = dataclasses.replace(plugin.settings, folders=folders)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    plugin.on_serve(server, config=config, builder=None)
    native = plugin._native_watch
    assert native is not None
    try:
        polled = {Path(e.watch.path) for e in server.observer.emitters}
        evented = {Path(e.watch.path) for e in native.emitters}
        assert polled == evented
        assert mini / "reports" in polled and mini / "taxonomy" in polled
        assert mini / "docs" / "saker" not in polled  # MkDocs watches docs/ itself
    finally:
        native.stop()
        native.join()
        server.server_close()
