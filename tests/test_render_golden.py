"""Golden files for rendered pages (as ``render --out`` writes them: markdown, with the
HTML of fact boxes and lists written in): a change in any page shows up as a diff in review.

Update after an intended change with ``UPDATE_GOLDEN=1 ./scripts/test tests/test_render_golden.py``
and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from erfaringsbase.content.config import find_settings
from erfaringsbase.site import build
from support import FIXTURES, HERE

GOLDEN = HERE / "golden" / "mini"
PAGES = [
    "erfaringer/samspill.md",
    "erfaringer/ordningen.md",
    "rapporter/rapport-2017.md",
    "anbefalinger/rad-2019-jobb-sammen.md",
    "arrangementer/arena.md",
    "arrangementer/arena-webinar-1.md",
    "tema/samarbeid-pa-tvers.md",
    "virksomheter/digdir.md",
    "virksomheter/difi.md",
    "livshendelser/dodsfall-og-arv.md",
    "sektorer/arbeid-og-sosial.md",
    "ar/2019.md",
    "erfaringer/index.md",
    "anbefalinger/index.md",
    "virksomheter/index.md",
]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    site = build(find_settings(FIXTURES / "mini"))
    assert not site.errors
    return {p.src_uri: p.standalone() for p in site.pages()}


@pytest.mark.parametrize("uri", PAGES)
def test_page_matches_golden(pages: dict[str, str], uri: str) -> None:
    golden = GOLDEN / uri
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[uri], "utf-8")
    assert golden.is_file(), f"missing golden file {golden}; run with UPDATE_GOLDEN=1"
    assert pages[uri] == golden.read_text("utf-8")


def test_every_golden_file_is_checked() -> None:
    on_disk = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert on_disk == set(PAGES)


def test_nynorsk_labels(mini: Path) -> None:
    config = mini / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - erfaringsbase\n", "  - erfaringsbase:\n      language: nn\n"
        ),
        "utf-8",
    )
    site = build(find_settings(mini))
    page = next(p for p in site.pages() if p.src_uri == "erfaringer/samspill.md").standalone()
    assert "Verksemder" in page and "Kjelder" in page
    assert "Virksomheter" not in page
