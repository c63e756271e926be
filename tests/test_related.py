"""Related entries: at most five, with a reason, from an inverted index (never all pairs)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from erfaringsbase.content.config import Settings, find_settings
from erfaringsbase.content.loader import Corpus, load
from erfaringsbase.content.model import Case, OrgRole, PartialDate, Period
from erfaringsbase.content.problems import ProblemLog
from erfaringsbase.content.taxonomy_files import Vocabulary
from erfaringsbase.content.vocabulary import Theme
from erfaringsbase.index.cross import CrossIndex
from erfaringsbase.index.related import COMMON_SHARE, MAX_RELATED, MIN_POSTINGS, RelatedIndex
from support import FIXTURES, REPO


def mini_related() -> tuple[CrossIndex, RelatedIndex]:
    ix = CrossIndex(load(find_settings(FIXTURES / "mini")))
    return ix, RelatedIndex(ix)


def test_related_with_reasons_and_without_already_linked_entries() -> None:
    ix, related = mini_related()
    ordningen = ix.get("case", "ordningen")
    assert ordningen is not None
    found = related.related(ordningen)
    # samspill is financed by ordningen, so it is already linked from the page: not repeated.
    assert "samspill" not in [r.entry.id for r in found]
    rapport = ix.get("report", "rapport-2017")
    assert rapport is not None
    results = {r.entry.id: r.reason for r in related.related(rapport)}
    assert results["rapport-2019"].startswith("begge nevner Difi; samme tema: ")
    for entry in ix.entries:
        items = related.related(entry)
        assert len(items) <= MAX_RELATED
        assert entry.key not in {r.entry.key for r in items}
        assert all(r.reason for r in items)
        scores = [r.score for r in items]
        assert scores == sorted(scores, reverse=True)


def test_former_names_count_as_the_same_organisation() -> None:
    ix, related = mini_related()
    ordningen = ix.get("case", "ordningen")  # owned by Digdir
    rapport = ix.get("report", "rapport-2017")  # published by Difi, now Digdir
    assert ordningen is not None and rapport is not None
    assert ("organisation", "digdir") in related._features[ordningen.key]
    assert ("organisation", "digdir") in related._features[rapport.key]


def synthetic(n: int) -> CrossIndex:
    """n cases that all share a theme and one organisation; a few share a rarer one."""
    themes = {"t": Theme(id="t", title="T", description="d")}
    vocab = Vocabulary(themes=themes)
    entries = [
        Case(
            id=f"c{i}",
            title=f"Sak {i}",
            summary=f"Om styringsmodell{i % 7}",
            themes=("t",),
            published=dt.date(2026, 1, 1),
            organisations=(OrgRole("felles", "eier"), OrgRole(f"org{i % 50}", "deltaker")),
            period=Period(PartialDate(2020)),
            status="avsluttet",
        )
        for i in range(n)
    ]
    return CrossIndex(Corpus(Settings(root=FIXTURES), entries, vocab, ProblemLog()))


def test_common_features_are_skipped_so_work_stays_linear() -> None:
    n = 3000
    ix = synthetic(n)
    related = RelatedIndex(ix)
    limit = max(MIN_POSTINGS, int(COMMON_SHARE * n))
    assert ("theme", "t") not in related._postings  # on every entry: says nothing
    assert ("organisation", "felles") not in related._postings
    assert max(len(keys) for keys in related._postings.values()) <= limit
    # The rarer organisation (60 entries each) still relates entries.
    first = ix.get("case", "c0")
    assert first is not None
    assert all("org0" in r.reason for r in related.related(first))


def test_deterministic() -> None:
    ix, related = mini_related()
    again = RelatedIndex(ix)
    for entry in ix.entries:
        assert related.related(entry) == again.related(entry)


#: Prints every entry's related entries for the real site, in order.
_LIST_RELATED = """
from erfaringsbase.content.config import find_settings
from erfaringsbase.index.cross import CrossIndex
from erfaringsbase.content.loader import load
from erfaringsbase.index.related import RelatedIndex
from pathlib import Path
ix = CrossIndex(load(find_settings(Path(REPO))), include_drafts=False)
related = RelatedIndex(ix)
for entry in ix.entries:
    print(entry.key, [r.entry.key for r in related.related(entry)])
"""


def test_same_order_in_every_process() -> None:
    """The build's worker process must list related entries as the main process does,
    though its hash seed (and so the order of every set of strings) differs. Scores summed
    in set order once broke ties one way in one process and the other way in another."""
    outputs = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        done = subprocess.run(
            [sys.executable, "-c", f"REPO = {str(REPO)!r}\n{_LIST_RELATED}"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
