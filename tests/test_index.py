"""The cross-index lists exactly the entries that reference each theme, organisation, …"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from erfaringsbase.content.config import find_settings
from erfaringsbase.content.loader import load
from erfaringsbase.content.model import Recommendation
from erfaringsbase.index.cross import CrossIndex, collation_key
from erfaringsbase.site import check, validate
from support import FIXTURES


@pytest.fixture(scope="module")
def ix() -> CrossIndex:
    corpus = load(find_settings(FIXTURES / "mini"))
    assert not corpus.problems, corpus.problems.sorted()
    return CrossIndex(corpus)


def ids(entries: object) -> set[str]:
    return {e.id for e in entries}  # type: ignore[attr-defined]


def test_by_theme(ix: CrossIndex) -> None:
    assert ids(ix.by_theme["gevinstrealisering"]) == {"samspill", "ordningen"}
    assert ids(ix.by_theme["fornyelse"]) == {"rapport-2017"}


def test_by_organisation_with_former_names(ix: CrossIndex) -> None:
    # Difi published both reports: their recommendations are Difi's advice too.
    assert {m.entry.id for m in ix.mentions("difi", with_former=False)} == {
        "samspill",
        "rapport-2017",
        "rapport-2019",
        "rad-2017-brukere",
        "rad-2019-jobb-sammen",
    }
    # Digdir took over from Difi: its page gathers both.
    assert {m.entry.id for m in ix.mentions("digdir")} == {
        "ordningen",
        "samspill",
        "rapport-2017",
        "rapport-2019",
        "rad-2017-brukere",
        "rad-2019-jobb-sammen",
    }
    assert ix.current("difi") == "digdir" and ix.current("nav") == "nav"
    assert [o.id for o in ix.predecessors("digdir")] == ["difi"]
    successor = ix.successor("difi")
    assert successor is not None and successor.id == "digdir"
    kdd = ix.successor("kmd")
    assert kdd is not None and kdd.id == "kdd"


def test_by_life_event_sector_and_year(ix: CrossIndex) -> None:
    assert ids(ix.by_life_event["miste-og-finne-jobb"]) == {"samspill", "rad-2019-jobb-sammen"}
    assert ix.by_life_event.get("dodsfall-og-arv", []) == []
    # NAV → ASD → arbeid-og-sosial; the life event's ministry (ASD) too.
    assert ids(ix.by_sector["arbeid-og-sosial"]) == {"samspill", "rad-2019-jobb-sammen"}
    assert "samspill" in ids(ix.by_year[2018]) and "samspill" in ids(ix.by_year[2019])
    assert "samspill" not in ids(ix.by_year[2020])
    # An ongoing case runs to the latest dated fact in the content (2023), not the clock.
    assert max(ix.by_year) == 2023 and "ordningen" in ids(ix.by_year[2023])
    # A recommendation takes its report's year.
    assert "rad-2017-brukere" in ids(ix.by_year[2017])


def test_backlinks_and_relations(ix: CrossIndex) -> None:
    case = ix.get("case", "samspill")
    assert case is not None
    assert {(b.source.id, b.relation) for b in ix.backlinks_to(case)} == {
        ("rapport-2019", "report_covers_case"),
        ("rad-2019-jobb-sammen", "recommendation_supported_by_case"),
        ("arena-webinar-1", "event_presented_case"),
    }
    first = ix.get("recommendation", "rad-2017-brukere")
    assert first is not None
    assert ("rad-2019-jobb-sammen", "follows_up") in {
        (b.source.id, b.relation) for b in ix.backlinks_to(first)
    }
    assert [r.id for r in ix.recommendations_of["rapport-2017"]] == ["rad-2017-brukere"]
    assert [e.id for e in ix.parts_of["arena"]] == ["arena-webinar-1"]
    assert [c.id for c in ix.financed_by["ordningen"]] == ["samspill"]


def test_every_entry_is_indexed_once_by_kind(ix: CrossIndex) -> None:
    assert sum(len(v) for v in ix.by_kind.values()) == len(ix.entries) == 8
    assert isinstance(ix.get("recommendation", "rad-2019-jobb-sammen"), Recommendation)


def test_drafts_are_left_out_unless_asked_for(mini: Path) -> None:
    path = mini / "cases" / "ordningen.md"
    path.write_text(
        path.read_text("utf-8").replace("published:", "draft: true\npublished:"), "utf-8"
    )
    corpus = load(find_settings(mini))
    published = CrossIndex(corpus)
    # samspill refers to the draft through its financing: that link would break.
    assert any("er et utkast" in p.message for p in corpus.problems.errors)
    assert published.get("case", "ordningen") is None
    preview = CrossIndex(load(find_settings(mini)), include_drafts=True)
    assert preview.get("case", "ordningen") is not None


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (
            ["Østfold", "Aust", "Åsane", "Zebra", "Ærø"],
            ["Aust", "Zebra", "Ærø", "Østfold", "Åsane"],
        ),
        (["éb", "ea", "Ec"], ["ea", "éb", "Ec"]),
    ],
)
def test_norwegian_alphabetical_order(words: list[str], expected: list[str]) -> None:
    assert sorted(words, key=collation_key) == expected


def test_an_event_series_that_loops_is_reported(
    mini: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """Two events each part of the other: both are named, by validate and by the build."""
    arena = mini / "events" / "arena.md"
    arena.write_text(
        arena.read_text("utf-8").replace("\nid: arena\n", "\nid: arena\npart_of: arena-webinar-1\n")
    )
    for corpus in (validate(find_settings(mini)), check(find_settings(mini)).corpus):
        loops = [(p.path, p.field) for p in corpus.problems.sorted() if "går i ring" in p.message]
        assert loops == [("events/arena-webinar-1.md", "part_of"), ("events/arena.md", "part_of")]
    code, out, _ = run_cli("-C", str(mini), "validate")
    assert code == 1
    assert "events/arena.md:" in out and "går i ring" in out
