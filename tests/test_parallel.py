"""The second core: the build's worker process and the QR codes' worker give exactly what
one process gives, and whatever goes wrong with a worker, the build still gets it all."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from erfaringsbase import pipeline
from erfaringsbase.config import find_settings
from erfaringsbase.pipeline import Site, build
from erfaringsbase.share import QrCodes, qr_svg
from support import REPO

Snapshot = tuple[list[tuple[str, str, str, str, str | None, bool]], list[tuple[str, bytes]]]


def _snapshot(site: Site) -> Snapshot:
    pages = [(p.src_uri, p.markdown, p.title, p.kind, p.source, p.draft) for p in site.pages]
    return pages, [(a.path, a.content) for a in site.assets]


@pytest.fixture(scope="module")
def sequential() -> Snapshot:
    return _snapshot(build(find_settings(REPO)))


@pytest.fixture
def worker_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real site is below the size where the worker pays off: lower the bar."""
    monkeypatch.setattr(pipeline, "MIN_FOR_WORKER", 1)
    monkeypatch.setattr("os.cpu_count", lambda: 2)


@pytest.mark.usefixtures("worker_allowed")
def test_worker_gives_the_same_site(sequential: object) -> None:
    site = build(find_settings(REPO), parallel=True)
    assert site.from_worker > len(site.assets) > 0, "the worker did not take part"
    assert _snapshot(site) == sequential


#: A Python that cannot be started, and one that starts and fails.
BROKEN = [str(Path(sys.executable).parent / "no-such-python"), "/bin/false"]


@pytest.mark.usefixtures("worker_allowed")
@pytest.mark.parametrize("python", BROKEN)
def test_broken_worker_falls_back(
    monkeypatch: pytest.MonkeyPatch, sequential: object, python: str
) -> None:
    monkeypatch.setattr(sys, "executable", python)
    site = build(find_settings(REPO), parallel=True)
    assert site.from_worker == 0
    assert _snapshot(site) == sequential


@pytest.mark.usefixtures("worker_allowed")
def test_worker_that_read_other_files_is_not_trusted(
    monkeypatch: pytest.MonkeyPatch, sequential: object
) -> None:
    # The worker's fingerprint of the files is real; ours here is not: as if a file had
    # changed between the two reads.
    monkeypatch.setattr(pipeline, "fingerprint", lambda settings: b"changed meanwhile")
    site = build(find_settings(REPO), parallel=True)
    assert site.from_worker == 0
    assert _snapshot(site) == sequential


def test_small_site_stays_in_one_process(sequential: object) -> None:
    site = build(find_settings(REPO), parallel=True)
    assert pipeline.count_entry_files(find_settings(REPO)) < pipeline.MIN_FOR_WORKER
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
