"""Fast previews: under `mkdocs serve --dirty` an edit re-reads one file and rebuilds the
pages whose text changed, not all of them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import erfaringsbase.loader as loader
from erfaringsbase.config import find_settings
from erfaringsbase.loader import LoadCache, load
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

    from erfaringsbase.plugin import ErfaringsbasePlugin

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
        made = sorted(p.name.split("-")[0].split("_")[0] for p in temp.iterdir())
        assert made == ["erfaringsbase", "mkdocs"], made  # the page cache, the site
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    assert list(temp.iterdir()) == []
