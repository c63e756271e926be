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
from erfaringsbase.pages.reuse import PageBasis, entries_to_remake
from support import edit


def test_load_cache_reads_only_changed_files(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = find_settings(mini)
    cache = LoadCache()
    first = load(settings, cache)
    read: list[str] = []
    original = loader.read_markdown

    def counting(path: Path, rel: str, *rest):  # type: ignore[no-untyped-def]
        read.append(rel)
        return original(path, rel, *rest)

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
    """Under ``serve --dirty`` MkDocs converts a page only if its source is newer than its
    output: a generated page's file is rewritten only when its text changes."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from erfaringsbase.mkdocs.plugin import ErfaringsbasePlugin

    config = load_config(config_file=str(mini / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["erfaringsbase"]
    assert isinstance(plugin, ErfaringsbasePlugin)
    plugin.on_startup(command="serve", dirty=True)
    preview = plugin.preview
    assert preview is not None and preview.page_folder is not None
    folder = preview.page_folder
    try:

        def rebuild() -> dict[str, int]:
            config.plugins.on_config(config)
            config.plugins.on_files(Files([]), config=config)
            return {
                p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.md")
            }

        first = rebuild()
        assert "erfaringer/samspill.md" in first and "tema/fornyelse.md" in first
        time.sleep(0.01)
        assert rebuild() == first
        case = mini / "cases" / "samspill.md"
        case.write_text(case.read_text("utf-8").replace("Bakgrunn", "Opphav"), "utf-8")
        second = rebuild()
        changed = {page for page, stamp in second.items() if stamp != first.get(page)}
        assert "erfaringer/samspill.md" in changed
        assert not changed & {"tema/samarbeid-pa-tvers.md", "erfaringer/index.md"}
        # A new title shows on the pages that list the case: they are made again.
        time.sleep(0.01)
        edit(case, "title: Samspill om jobb", "title: Samspill om arbeid")
        changed = {page for page, stamp in rebuild().items() if stamp != second.get(page)}
        assert {"erfaringer/samspill.md", "tema/samarbeid-pa-tvers.md"} <= changed
        # A new date of change is only in the page's front matter (the sitemap's
        # lastmod), which MkDocs is handed rather than reading it from the file.
        third = rebuild()
        time.sleep(0.01)
        edit(case, "published: 2026-11-23", "published: 2026-11-23\nupdated: 2026-11-30")
        changed = {page for page, stamp in rebuild().items() if stamp != third.get(page)}
        assert "erfaringer/samspill.md" in changed
        assert not changed & {"tema/samarbeid-pa-tvers.md", "erfaringer/index.md"}
    finally:
        plugin.on_shutdown()
        # MkDocs keeps one instance of a plugin with on_startup for every later config in
        # this process: as `mkdocs build` would, tell it the next one is a build.
        plugin.on_startup(command="build", dirty=False)
    assert not folder.exists()
    assert plugin.preview is None, "a later build would write its pages there again"


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


def test_serve_watches_the_content_folders_and_leaves_those_in_docs_to_mkdocs(
    mini: Path, tmp_path: Path
) -> None:
    """The content lives outside docs/: `mkdocs serve` is told to watch it (through the
    server's documented ``watch``), except a content folder inside docs/, which MkDocs
    watches already (it would be rebuilt twice)."""
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
    try:
        plugin.on_serve(server, config=config, builder=None)
        polled = {Path(e.watch.path) for e in server.observer.emitters}
    finally:
        server.server_close()
    assert mini / "reports" in polled and mini / "taxonomy" in polled
    assert mini / "docs" / "saker" not in polled


def _basis(root: Path, cache: LoadCache) -> PageBasis:
    from erfaringsbase.pages.render import Renderer
    from erfaringsbase.site import check

    site = check(find_settings(root), cache=cache)
    renderer = Renderer(site.index)
    return PageBasis.of(site.index, renderer.related_index)


@pytest.mark.parametrize(
    ("path", "old", "new", "remade"),
    [
        # Text only: the entry's own page (and pages whose related entries changed).
        ("cases/samspill.md", "Felles mål var viktigst.", "Felles mål var aller viktigst.",
         {("case", "samspill")}),
        # What other pages show of an entry: every page.
        ("cases/samspill.md", "title: Samspill om jobb", "title: Samspill om arbeid", None),
        ("cases/samspill.md", "status: avsluttet", "status: pågående\nstatus_as_of: 2019", None),
        ("cases/samspill.md", "themes: [samarbeid-pa-tvers, gevinstrealisering]",
         "themes: [samarbeid-pa-tvers]", None),
        # A vocabulary item.
        ("taxonomy/themes.yml", "title: Samarbeid på tvers", "title: Samarbeid over grenser", None),
    ],
)  # fmt: skip
def test_a_rebuild_makes_again_only_pages_whose_content_changed(
    mini: Path, path: str, old: str, new: str, remade: set[tuple[str, str]] | None
) -> None:
    cache = LoadCache()
    before = _basis(mini, cache)
    assert entries_to_remake(before, _basis(mini, cache)) == set(), "nothing changed"
    file = mini / path
    assert old in file.read_text("utf-8")
    edit(file, old, new)
    os.utime(file, ns=(file.stat().st_mtime_ns + 1_000_000_000,) * 2)
    assert entries_to_remake(before, _basis(mini, cache)) == remade


def test_a_new_entry_makes_every_page_again(mini: Path) -> None:
    cache = LoadCache()
    before = _basis(mini, cache)
    text = (mini / "cases" / "ordningen.md").read_text("utf-8")
    (mini / "cases" / "ordningen-2.md").write_text(
        text.replace("id: ordningen", "id: ordningen-2"), "utf-8"
    )
    assert entries_to_remake(before, _basis(mini, cache)) is None


def test_text_that_changes_related_entries_makes_their_pages_again(mini: Path) -> None:
    """Related entries are found by words of the text too: an entry whose related list
    changes with another's text is made again, though its own file is unchanged."""
    words = "\n\nTolkeseksjonene i fylkesnettverket delte kjøreplaner og brukerreiser.\n"
    advice, case = (
        mini / "recommendations" / "rad-2019-jobb-sammen.md",
        mini / "cases" / "ordningen.md",
    )
    advice.write_text(advice.read_text("utf-8") + words, "utf-8")
    cache = LoadCache()
    before = _basis(mini, cache)
    key = ("recommendation", "rad-2019-jobb-sammen")
    assert ("case", "ordningen") not in {k for k, _ in before.related[key]}
    case.write_text(case.read_text("utf-8") + words, "utf-8")
    os.utime(case, ns=(case.stat().st_mtime_ns + 1_000_000_000,) * 2)
    now = _basis(mini, cache)
    assert ("case", "ordningen") in {k for k, _ in now.related[key]}, "unchanged, yet related"
    changed_related = {k for k in now.related if now.related[k] != before.related[k]}
    assert entries_to_remake(before, now) == changed_related | {("case", "ordningen")}
