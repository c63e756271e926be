"""Under ``mkdocs serve``: which pages of the last rebuild still hold.

Editing the text of an entry is what a contributor does most while previewing. Another
page shows of an entry only what its front matter says (title, period, status, themes …)
and whether it is related; its text shows on its own page alone. So when no front matter,
vocabulary item or setting changed, and no entry came or went, only two kinds of page
need making again: the pages of the entries whose text changed, and of those whose
related entries changed (related entries are found by words of the text). Any other
change makes every page again: right first, fast where that is certain.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from ..content.config import Settings
from ..content.model import Entry
from ..content.taxonomy_files import Vocabulary
from ..index.cross import CrossIndex
from ..index.related import RelatedIndex

Key = tuple[str, str]


@dataclass(frozen=True)
class PageBasis:
    """What the entry and taxonomy pages of one build were made from."""

    settings: Settings
    vocabulary: Vocabulary
    entries: Mapping[Key, Entry]
    #: Each entry's related entries, and the reason given for each, in order.
    related: Mapping[Key, tuple[tuple[Key, str], ...]]

    @classmethod
    def of(cls, index: CrossIndex, related: RelatedIndex) -> PageBasis:
        entries = index.entries
        return cls(
            index.settings,
            index.vocabulary,
            {e.key: e for e in entries},
            {e.key: tuple((r.entry.key, r.reason) for r in related.related(e)) for e in entries},
        )


def entries_to_remake(before: PageBasis | None, now: PageBasis) -> set[Key] | None:
    """The entries whose pages must be made again; None when every page must be."""
    if before is None or before.settings != now.settings:
        return None
    if before.entries.keys() != now.entries.keys() or before.vocabulary != now.vocabulary:
        return None
    # An unchanged file gives the very same entry (``LoadCache``).
    edited = [
        key
        for key, entry in now.entries.items()
        if before.entries[key] is not entry and not _same(before.entries[key], entry)
    ]
    if not all(_same_card(before.entries[key], now.entries[key]) for key in edited):
        return None
    return {key for key in now.entries if before.related[key] != now.related[key]}.union(edited)


def _same(before: Entry, now: Entry) -> bool:
    return before == now and before.incomplete == now.incomplete


def _same_card(before: Entry, now: Entry) -> bool:
    """Is everything but the text the same (what other pages may show of it)?"""
    return _same(dataclasses.replace(before, body=now.body), now)
