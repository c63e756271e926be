"""The second core (``parallel.pages``): what the helper makes is what one process makes,
and whatever happens to the helper (slow, stopped, killed) the build gets every page at
once, made here, without waiting for it."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from erfaringsbase.parallel import pages as parallel
from erfaringsbase.parallel.pages import Maker, usable
from support import REPO, site_files

needs_fork = pytest.mark.skipif(
    not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2, reason="needs fork, two cores"
)


def plan_of(count: int, cost: float = 0.0) -> list[Callable[[], str]]:
    def make(i: int) -> str:
        if cost:
            time.sleep(cost)
        return f"side {i}: " + "x" * (i % 97)

    return [lambda i=i: make(i) for i in range(count)]  # type: ignore[misc]


@pytest.fixture
def small_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    """Below the size where a helper pays off, the tests lower the bar."""
    monkeypatch.setattr(parallel, "MIN_PAGES", 100)


@pytest.mark.parametrize(
    ("count", "wanted", "expected"),
    [
        (parallel.MIN_PAGES - 1, True, False),  # too few pages
        (parallel.MIN_PAGES, False, False),  # `parallel: off`
    ],
)
def test_when_there_is_no_helper(count: int, wanted: bool, expected: bool) -> None:
    assert usable(count, wanted) is expected


def test_no_helper_while_threads_run() -> None:
    """A fork copies only the thread that forks: a lock another thread holds would stay
    held in the copy for ever (``mkdocs serve`` runs threads)."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not usable(10**6)
    finally:
        stop.set()
        thread.join()


def test_serial_gives_every_item_in_any_order() -> None:
    plan = plan_of(50)
    with Maker(plan, parallel=False) as maker:
        got = [maker.get(i) for i in reversed(range(50))]
    assert got == [make() for make in reversed(plan)]
    assert maker.from_helper == 0 and maker.made_here == 50


@needs_fork
def test_the_helper_gives_what_is_made_here(small_bar: None) -> None:
    plan = plan_of(600)
    expected = [make() for make in plan]
    with Maker(plan) as maker:
        got = []
        for i in range(len(plan)):
            got.append(maker.get(i))
            time.sleep(0.001)  # MkDocs converts a page meanwhile
    assert got == expected
    assert maker.from_helper > 300, "the helper made (almost) nothing"
    assert maker.from_helper + maker.made_here == len(plan)


@needs_fork
def test_a_stopped_helper_does_not_hold_up_the_build(small_bar: None) -> None:
    """SIGSTOP: the helper never answers. Every page is made here, at once."""
    plan = plan_of(400)
    maker = Maker(plan)
    pid = maker.helper
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    started = time.monotonic()
    try:
        got = [maker.get(i) for i in range(len(plan))]
    finally:
        maker.close()
    assert time.monotonic() - started < 5
    assert got == [make() for make in plan]
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone: killed and reaped


@needs_fork
def test_a_helper_killed_halfway_is_made_up_for(small_bar: None) -> None:
    plan = plan_of(800, cost=0.0002)
    expected = [make() for make in plan]
    maker = Maker(plan)
    got = [maker.get(i) for i in range(200)]
    assert maker.helper is not None
    os.kill(maker.helper, signal.SIGKILL)
    got += [maker.get(i) for i in range(200, len(plan))]
    maker.close()
    assert got == expected


@needs_fork
def test_a_helper_that_fails_is_made_up_for(small_bar: None) -> None:
    def broken(i: int) -> str:
        if os.getpid() != parent and i == 150:
            raise RuntimeError("in the helper only")
        return f"side {i}"

    parent = os.getpid()
    plan = [lambda i=i: broken(i) for i in range(400)]
    with Maker(plan) as maker:
        got = []
        for i in range(len(plan)):
            got.append(maker.get(i))
            time.sleep(0.0005)
    assert got == [f"side {i}" for i in range(400)]


@needs_fork
@pytest.mark.slow
def test_mkdocs_build_with_the_helper_is_the_same(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The real plugin in a real build: pages from the helper give the same site, byte
    for byte, as pages made in one process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(parallel, "MIN_PAGES", 10)
    made = {}
    for name, on in (("one process", False), ("with helper", True)):
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / name), strict=True)
        config.plugins["erfaringsbase"].config.parallel = on
        with caplog.at_level("INFO"):
            mkdocs_build(config)
        made[name] = site_files(tmp_path / name)
    assert "en annen prosess laget" in caplog.text, "no page came from the helper"
    assert made["with helper"].keys() == made["one process"].keys()
    differing = [k for k in made["one process"] if made["one process"][k] != made["with helper"][k]]
    assert differing == []
